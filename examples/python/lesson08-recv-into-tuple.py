# Lesson 08 · UDP error cases (UDP 报错), case `recv-into-tuple`: the client unpacks
# recv(1024) as if it gave (data, addr), as recvfrom does. The notes ("sendto的问题"
# 4): "客户端:back_msg,addr=udp_sk.recv(1024) 客户端报错:ValueError: not enough
# values to unpack (expected 2, got 1)". recv gives bytes, and Python unpacks bytes
# one integer per byte: the notes' reply was 1 byte (b'2'), so "not enough values".
# A 2-byte reply such as b'hi' unpacks without a word, into 104 and 105; 3 bytes or
# more give "too many values".
# Rust refuses to compile it: `recv` gives a byte count, and a pair pattern cannot
# match a number (`cargo run -p lesson08 --bin lesson08-cases -- recv-into-tuple`).
# Changes from the notes: the server binds a port the system picks (0, not 9000), it
# is in the same file, and its reply is the first argument (the notes' 2 without
# one).
# The notes (Windows): ValueError: not enough values to unpack (expected 2, got 1)
# Python 3.11 on Linux, the traceback's last line (exit 1), or what it prints (exit
# 0):
#   python3 examples/python/lesson08-recv-into-tuple.py
#     ValueError: not enough values to unpack (expected 2, got 1)
#   python3 examples/python/lesson08-recv-into-tuple.py hi
#     prints: 104 105
#   python3 examples/python/lesson08-recv-into-tuple.py abc
#     ValueError: too many values to unpack (expected 2)
import socket
import sys

reply = sys.argv[1] if len(sys.argv) > 1 else "2"
server = socket.socket(type=socket.SOCK_DGRAM)  # 创建一个服务器的套接字
server.bind(('127.0.0.1', 0))  # 绑定服务器套接字

udp_sk = socket.socket(type=socket.SOCK_DGRAM)  # 创建一个客户端的套接字
udp_sk.sendto("小郭吹雪1234QQ:hello".encode("utf-8"), server.getsockname())
msg, addr = server.recvfrom(1024)
server.sendto(reply.encode("utf-8"), addr)  # 服务端 sendto(字节内容,ip端口元组)
back_msg, addr = udp_sk.recv(1024)  # recv in place of recvfrom
print(back_msg, addr)
