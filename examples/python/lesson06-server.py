# Lesson 06 · colours (不同好友不同颜色), the server: the notes' program (under
# "1.基于tcp协议实现聊天基础需求"), with its line breaks restored. The one change
# from the notes, the smallest that makes it a program the kit can check:
# - the port comes from the command line (`python3 lesson06-server.py 9000`; 9000
#   without it).
# Fails `two-friends-two-colours` (and the other two), every time: it is lesson 05's
# server, so a friend's tagged q (`小郭吹雪1234QQ:q`) is printed as a message
# instead of ending the chat (see lesson05-server.py). Had it seen the quit, the
# colours would still differ: the notes draw a random colour (30-37) for each
# connection, so a friend who comes back gets another one, 30 is black (unreadable
# on a dark terminal), and two friends may get the same; the kit gives each friend a
# fixed colour of their own. A friend's escape sequences (`escape-attempt`) reach
# the server's terminal as they are and act there; the kit shows them escaped.
# Check it with `{port}`: on one fixed port (a command without `{port}`, or started
# again by hand), a connection it closed first holds the port in TIME_WAIT for a
# minute, and the next start may fail with `OSError: [Errno 98] Address already in
# use` (the notes set no SO_REUSEADDR).
# Check it:
#   cargo xtask check 6 --server 'python3 examples/python/lesson06-server.py {port}'
# 1.server和client端连接之后,能知道对面这个人是哪一个好友 qq号
# 2.不同好友的聊天颜色不同 https://www.cnblogs.com/Eva-J/p/8330517.html
import random
import socket
import sys

port = int(sys.argv[1]) if len(sys.argv) > 1 else 9000

sk = socket.socket()
sk.bind(('127.0.0.1', port))  # 把地址绑定到套接字
sk.listen()  # 监听连接,允许等待的个数
while True:
    color = random.randint(30, 37)
    color = "\033[amb\033[0m".replace("a", str(color))
    conn, addr = sk.accept()  # 接受客户端连接
    while True:
        ret = conn.recv(1024).decode("utf-8")  # 接收客户端信息
        if ret.upper() == "Q": break
        print(color.replace("b", ret))  # 打印客户端信息
        msg = input(">>>")
        conn.send(msg.encode("utf-8"))  # 向客户端发送信息
        if msg.upper() == "Q": break
    conn.close()  # 关闭客户端套接字
sk.close()  # 关闭服务器套接字(可选)
# ----------结果:
# 小马过河1234QQ:xiao
# >>>q
# 小郭吹雪1234QQ:ximgn
# >>>
