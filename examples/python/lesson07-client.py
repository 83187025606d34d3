# Lesson 07 · UDP chat (UDP 聊天), the client. The notes' "udp客户端" code is a copy
# of the server by mistake; this is the client their text describes ("udp客户端: ...
# 发送给谁: 对象.sendto(字节内容,ip端口元组) 接收信息: 对象.recv(字节数)"), with the
# name tag of points 10 and 11 and the quit handling of point 9, written in the
# notes' own style:
# - the port comes from the command line, then the name tag after `--name`, as the
#   kit's runner gives it (`python3 lesson07-client.py 9000 --name alice`; 9000 and
#   小郭吹雪1234QQ without them).
# Check it:
#   cargo xtask check 7 --client 'python3 examples/python/lesson07-client.py {port}'
import socket
import sys

port = int(sys.argv[1]) if len(sys.argv) > 1 else 9000
name_and_qq = sys.argv[3] if len(sys.argv) > 3 else "小郭吹雪1234QQ"

udp_sk = socket.socket(type=socket.SOCK_DGRAM)  # 创建一个客户端的套接字
while True:
    msg = input(">>>")
    udp_sk.sendto((name_and_qq + ":" + msg).encode("utf-8"), ('127.0.0.1', port))
    if msg.upper() == "Q": break
    back_msg = udp_sk.recv(1024)
    if back_msg.decode("utf-8").upper() == "Q": break
    print(back_msg.decode("utf-8"))
udp_sk.close()
