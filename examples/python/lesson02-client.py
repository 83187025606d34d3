# Lesson 02 · loop chat (循环聊天), the client: the notes' program (under
# "tcp连接实现一直通话"), with its line breaks restored. The one change from the
# notes, the smallest that makes it a program the kit can check:
# - the port comes from the command line (`python3 lesson02-client.py 9000`; 9000
#   without it).
# Fails `three-rounds` (and `client-leaves`): the notes' loop has no way out, and
# the scenarios end the chat by closing the client's input (Ctrl-D), where `input()`
# raises `EOFError: EOF when reading a line` (a traceback, exit 1); the kit's client
# closes its connection and exits 0. (Ctrl-C gives a `KeyboardInterrupt` traceback
# the same way.)
# Check it:
#   cargo xtask check 2 --client 'python3 examples/python/lesson02-client.py {port}'
import socket
import sys

port = int(sys.argv[1]) if len(sys.argv) > 1 else 9000

sk = socket.socket()  # 创建客户套接字
sk.connect(('127.0.0.1', port))  # 尝试连接服务器
while True:
    msg = input(">>>")
    sk.send(msg.encode("utf-8"))
    ret = sk.recv(1024).decode("utf-8")  # 对话(发送/接收)
    print(ret)
sk.close()  # 关闭客户套接字
