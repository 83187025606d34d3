# Lesson 04 · reconnect loop (循环接客), the client: the notes' program (under
# "tcp连接，退出一个连接后可以进入下一个连接"; it is lesson 03's client), with its
# line breaks restored. The one change from the notes, the smallest that makes it a
# program the kit can check:
# - the port comes from the command line (`python3 lesson04-client.py 9000`; 9000
#   without it).
# Passes all four scenarios. A client that connects while another chats
# (`line-busy`) shows its `>>>` at once and sends: its line waits in the server's
# queue until the first chat ends. A server that goes away without Q is not handled
# (see lesson03-client.py).
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
    if ret.upper() == "Q": break
    print(ret)
sk.close()  # 关闭客户套接字
