# Lesson 08 · UDP error cases (UDP 报错), case `send-with-address`: the server
# answers with send(a, addr) instead of sendto(a, addr). The notes ("sendto的问题"
# 1): "服务端: udp_sk.send(a,addr) ... 报错:TypeError: an integer is required (got
# type tuple)". Python's send takes (data, flags): the address lands on the flags,
# which must be an integer. Rust refuses to compile the same call: see `cargo run -p
# lesson08 --bin lesson08-cases -- send-with-address`.
# Changes from the notes: the server binds a port the system picks (0, not 9000),
# and a client socket in the same file sends the datagram that the server answers.
# The notes (Windows, an older Python): TypeError: an integer is required (got type
# tuple)
# Python 3.11 on Linux, the traceback's last line (exit 1):
#   python3 examples/python/lesson08-send-with-address.py
#     TypeError: 'tuple' object cannot be interpreted as an integer
import socket

udp_sk = socket.socket(type=socket.SOCK_DGRAM)  # 创建一个服务器的套接字
udp_sk.bind(('127.0.0.1', 0))  # 绑定服务器套接字
client = socket.socket(type=socket.SOCK_DGRAM)  # 创建一个客户端的套接字
client.sendto("小郭吹雪1234QQ:hello".encode("utf-8"), udp_sk.getsockname())

msg, addr = udp_sk.recvfrom(1024)
print(msg.decode())
a = "hi".encode("utf-8")
udp_sk.send(a, addr)  # 对话(接收与发送): send in place of sendto
