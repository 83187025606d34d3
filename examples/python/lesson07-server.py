# Lesson 07 · UDP chat (UDP 聊天), the server: the notes' program ("udp服务端"), with
# its line breaks restored. Changes from the notes, each the smallest that makes it a
# program the kit can check:
# - the port comes from the command line (`python3 lesson07-server.py 9000`; 9000
#   without it);
# - the quit test looks at the message after the sender's name tag (`alice:q` quits):
#   the notes' clients tag every message (points 10 and 11), so the notes' test of
#   the whole datagram never matched a client's q (the pitfall lesson 05 shows).
# Check it:
#   cargo xtask check 7 --server 'python3 examples/python/lesson07-server.py {port}'
import socket
import sys

port = int(sys.argv[1]) if len(sys.argv) > 1 else 9000

udp_sk = socket.socket(type=socket.SOCK_DGRAM)  # 创建一个服务器的套接字
udp_sk.bind(('127.0.0.1', port))  # 绑定服务器套接字
while True:
    msg, addr = udp_sk.recvfrom(1024)
    if msg.decode("utf-8").split(":", 1)[-1].upper() == "Q": break
    print(msg.decode())
    a = input(">>>").encode("utf-8")
    udp_sk.sendto(a, addr)  # 对话(接收与发送)
    if a.decode().strip(">>>").upper() == "Q": break
udp_sk.close()
