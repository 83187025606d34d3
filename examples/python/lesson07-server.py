# Lesson 07 · UDP chat (UDP 聊天), the server: the notes' program ("udp服务端"),
# with its line breaks restored. The one change from the notes, the smallest that
# makes it a program the kit can check:
# - the port comes from the command line (`python3 lesson07-server.py 9000`; 9000
#   without it).
# Passes `server-quits`. Fails `one-client` (and `two-clients`): the notes' pitfall
# of lesson 05 again. Their clients tag every message (points 10 and 11), so a
# client's q arrives as `小郭吹雪1234QQ:q`, and the test of the whole datagram
# against "Q" never matches it: the server prints it, waits at `>>>` and never stops
# (the runner's `wait server` runs out). The kit's server tests the message after
# the tag; here that would be `msg.decode("utf-8").split(":", 1)[-1].upper() ==
# "Q"`.
# Check it:
#   cargo xtask check 7 --server 'python3 examples/python/lesson07-server.py {port}'
import socket
import sys

port = int(sys.argv[1]) if len(sys.argv) > 1 else 9000

udp_sk = socket.socket(type=socket.SOCK_DGRAM)  # 创建一个服务器的套接字
udp_sk.bind(('127.0.0.1', port))  # 绑定服务器套接字
while True:
    msg, addr = udp_sk.recvfrom(1024)
    if msg.decode("utf-8").upper() == "Q": break
    print(msg.decode())
    a = input(">>>").encode("utf-8")
    udp_sk.sendto(a, addr)  # 对话(接收与发送)
    if a.decode().strip(">>>").upper() == "Q": break
udp_sk.close()
