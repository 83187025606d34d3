# Lesson 08 · UDP error cases (UDP 报错), case `send-unconnected`: the server
# answers with send(a), no address, on a socket that has no peer. The notes
# ("sendto的问题" 2): "服务端: udp_sk.send(a) ... 报错:OSError: [WinError 10057]
# 由于套接字没有连接并且(当使用一个 sendto
# 调用发送数据报套接字时)没有提供地址,发送或接收数据的请求没有被接受。" The system
# refuses, as it does for Rust's `send` (this case runs in Rust too: see `cargo run
# -p lesson08 --bin lesson08-cases -- send-unconnected`).
# Changes from the notes: the server binds a port the system picks (0, not 9000),
# and a client socket in the same file sends the datagram that the server answers.
# The notes (Windows): OSError: [WinError 10057] (the socket is not connected)
# Python 3.11 on Linux, the traceback's last line (exit 1):
#   python3 examples/python/lesson08-send-unconnected.py
#     OSError: [Errno 89] Destination address required
import socket

udp_sk = socket.socket(type=socket.SOCK_DGRAM)  # 创建一个服务器的套接字
udp_sk.bind(('127.0.0.1', 0))  # 绑定服务器套接字
client = socket.socket(type=socket.SOCK_DGRAM)  # 创建一个客户端的套接字
client.sendto("小郭吹雪1234QQ:hello".encode("utf-8"), udp_sk.getsockname())

msg, addr = udp_sk.recvfrom(1024)
print(msg.decode())
a = "hi".encode("utf-8")
udp_sk.send(a)  # 对话(接收与发送): send, without the address
