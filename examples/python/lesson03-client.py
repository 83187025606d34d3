# Lesson 03 · quit handling (退出), the client: the notes' program (under
# "tcp退出一直聊天"), with its line breaks restored. The one change from the notes,
# the smallest that makes it a program the kit can check:
# - the port comes from the command line (`python3 lesson03-client.py 9000`; 9000
#   without it).
# Passes both scenarios: the notes' quit handling is right. Not played here: a
# server that goes away without Q makes `recv` return b'': the client prints an
# empty line and waits at `>>>`; the line typed there goes out and is answered by a
# reset, and the next one fails with `BrokenPipeError: [Errno 32] Broken pipe`.
# Check it:
#   cargo xtask check 3 --client 'python3 examples/python/lesson03-client.py {port}'
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
    if ret.upper() == "Q": break
    print(ret)
sk.close()  # 关闭客户套接字
