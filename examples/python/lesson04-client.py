# Lesson 04 · reconnect loop (循环接客), the client: the notes' program (under
# "tcp连接，退出一个 连接后可以进入下一个连接"; it is lesson 03's client), with its
# line breaks restored. Changes from the notes, each the smallest that makes it a
# program the kit can check:
# - the port comes from the command line (`python3 lesson04-client.py 9000`; 9000
#   without it);
# - an empty receive (the server went away without Q) ends it with one line on
#   standard error instead of printing empty lines for ever (sys.exit with a message
#   exits 1).
# Check it:
#   cargo xtask check 4 --client 'python3 examples/python/lesson04-client.py {port}'
import socket
import sys

port = int(sys.argv[1]) if len(sys.argv) > 1 else 9000

sk = socket.socket()  # 创建客户套接字
sk.connect(('127.0.0.1', port))  # 尝试连接服务器
while True:
    msg = input(">>>")
    sk.send(msg.encode("utf-8"))
    if msg.upper() == "Q": break
    ret = sk.recv(1024).decode("utf-8")  # 对话(发送/接收)
    if not ret:
        sys.exit("lesson04-client.py: the server closed the connection")
    if ret.upper() == "Q": break
    print(ret)
sk.close()  # 关闭客户套接字
