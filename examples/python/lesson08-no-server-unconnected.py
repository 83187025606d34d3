# Lesson 08 · UDP error cases (UDP 报错), case `no-server-unconnected`: no server on
# the port; the notes' client sends, then waits for the reply. The notes:
# "7)服务端未开或服务端突然停止,客户端发送数据报错:[WinError 10054]
# 远程主机强迫关闭了一个现有的连接。" Sending asks nobody, so sendto succeeds. On
# Windows the system's "port unreachable" answer then fails the recv; on Linux an
# unconnected socket is never told, and recv waits for ever (see `cargo run -p
# lesson08 --bin lesson08-cases -- no-server-unconnected`).
# Changes from the notes, to show the wait without hanging: the port is one the
# system gave out and took back (nobody is there), and a 1 s timeout (settimeout)
# ends the wait.
# The notes (Windows): ConnectionResetError: [WinError 10054]
# 远程主机强迫关闭了一个现有的连接。
# Python 3.11 on Linux, the traceback's last line (exit 1), after the 1 s the file
# adds:
#   python3 examples/python/lesson08-no-server-unconnected.py
#     TimeoutError: timed out
import socket

gone = socket.socket(type=socket.SOCK_DGRAM)
gone.bind(('127.0.0.1', 0))
server_address = gone.getsockname()  # a port nobody listens on any more
gone.close()

udp_sk = socket.socket(type=socket.SOCK_DGRAM)  # 创建一个客户端的套接字
udp_sk.settimeout(1)  # added: without it, recv waits for ever on Linux
msg = "hello"
udp_sk.sendto(("小郭吹雪1234QQ" + ":" + msg).encode("utf-8"), server_address)
back_msg = udp_sk.recv(1024)
print(back_msg.decode("utf-8"))
