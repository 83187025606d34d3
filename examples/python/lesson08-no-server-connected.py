# Lesson 08 · UDP error cases (UDP 报错), case `no-server-connected`: no server on
# the port, and the notes' client with a connect() added (not in the notes). The
# notes: "7)服务端未开或服务端突然停止,客户端发送数据报错:[WinError 10054]
# 远程主机强迫关闭了一个现有的连接。" A connected UDP socket hears the system's
# "port unreachable" answer, on Linux too: the recv after the send reports it (the
# same in Rust: see `cargo run -p lesson08 --bin lesson08-cases --
# no-server-connected`).
# Changes from the notes: the port is one the system gave out and took back (nobody
# is there), and the client connects to it, then uses send and recv.
# The notes (Windows, unconnected): ConnectionResetError: [WinError 10054]
# Python 3.11 on Linux, the traceback's last line (exit 1):
#   python3 examples/python/lesson08-no-server-connected.py
#     ConnectionRefusedError: [Errno 111] Connection refused
import socket

gone = socket.socket(type=socket.SOCK_DGRAM)
gone.bind(('127.0.0.1', 0))
server_address = gone.getsockname()  # a port nobody listens on any more
gone.close()

udp_sk = socket.socket(type=socket.SOCK_DGRAM)  # 创建一个客户端的套接字
udp_sk.connect(server_address)  # added: for UDP only "this is my one peer"
msg = "hello"
udp_sk.send(("小郭吹雪1234QQ" + ":" + msg).encode("utf-8"))
back_msg = udp_sk.recv(1024)
print(back_msg.decode("utf-8"))
