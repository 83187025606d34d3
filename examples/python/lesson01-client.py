# Lesson 01 · single exchange (一次收发), the client: the notes' program (under
# "tcp连接:"), with its line breaks restored. Changes from the notes, each the
# smallest that makes it a program the kit can check:
# - the port comes from the command line (`python3 lesson01-client.py 9000`; 9000
#   without it);
# - `print(ret)` becomes `print(ret.decode("utf-8"))`: the notes print the raw
#   bytes, `b'hi'`, and the kit prints them as text, `hi`.
# Fails `refused-after-close`: the late client finds no server, and Python reports
# it with a traceback (several lines on standard error, exit 1) where the kit's
# client writes one line; the conversation of `exchange` is the same as the kit's.
# Check it:
#   cargo xtask check 1 --client 'python3 examples/python/lesson01-client.py {port}'
import socket
import sys

port = int(sys.argv[1]) if len(sys.argv) > 1 else 9000

sk = socket.socket()  # 创建客户套接字
sk.connect(('127.0.0.1', port))  # 尝试连接服务器
sk.send(b'hello!')
ret = sk.recv(1024)  # 对话(发送/接收)
print(ret.decode("utf-8"))
sk.close()  # 关闭客户套接字
