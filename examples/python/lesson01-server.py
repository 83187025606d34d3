# Lesson 01 · single exchange (一次收发), the server: the notes' program
# ("tcp连接:"), with its line breaks restored. Changes from the notes, each the
# smallest that makes it a program the kit can check:
# - the port comes from the command line (`python3 lesson01-server.py 9000`; 9000
#   without it);
# - `print(ret)` becomes `print(ret.decode("utf-8"))`: the notes print the raw
#   bytes, `b'hello!'`, and the kit prints them as text, `hello!` (the notes' own
#   next step: "服务端ret = conn.recv(1024)就要解码 ret.decode").
# Passes both scenarios.
# Check it with `{port}`: on one fixed port (a command without `{port}`, or started
# again by hand), a connection it closed first holds the port in TIME_WAIT for a
# minute, and the next start may fail with `OSError: [Errno 98] Address already in
# use` (the notes set no SO_REUSEADDR).
# Check it:
#   cargo xtask check 1 --server 'python3 examples/python/lesson01-server.py {port}'
import socket
import sys

port = int(sys.argv[1]) if len(sys.argv) > 1 else 9000

sk = socket.socket()
sk.bind(('127.0.0.1', port))  # 把地址绑定到套接字
sk.listen()  # 监听链接
conn, addr = sk.accept()  # 接受客户端链接
ret = conn.recv(1024)  # 接收客户端信息
print(ret.decode("utf-8"))  # 打印客户端信息
conn.send(b'hi')  # 向客户端发送信息
conn.close()  # 关闭客户端套接字
sk.close()  # 关闭服务器套接字(可选)
