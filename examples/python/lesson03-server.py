# Lesson 03 · quit handling (退出), the server: the notes' program
# ("tcp退出一直聊天"), with its line breaks restored. The one change from the notes,
# the smallest that makes it a program the kit can check:
# - the port comes from the command line (`python3 lesson03-server.py 9000`; 9000
#   without it).
# Passes both scenarios: the notes' quit handling is right. What it still lacks is
# not played here: a client that goes away without Q makes `recv` return b'', and
# the server prints an empty line and waits at `>>>`, as lesson 02's does; the line
# typed there goes out and is answered by a reset, and the next one fails with
# `BrokenPipeError: [Errno 32]`.
# Check it with `{port}`: on one fixed port (a command without `{port}`, or started
# again by hand), a connection it closed first holds the port in TIME_WAIT for a
# minute, and the next start may fail with `OSError: [Errno 98] Address already in
# use` (the notes set no SO_REUSEADDR).
# Check it:
#   cargo xtask check 3 --server 'python3 examples/python/lesson03-server.py {port}'
import socket
import sys

port = int(sys.argv[1]) if len(sys.argv) > 1 else 9000

sk = socket.socket()
sk.bind(('127.0.0.1', port))  # 把地址绑定到套接字
sk.listen()  # 监听链接
conn, addr = sk.accept()  # 接受客户端链接
while True:
    ret = conn.recv(1024).decode("utf-8")  # 接收客户端信息
    if ret.upper() == "Q": break
    print(ret)  # 打印客户端信息
    msg = input(">>>")
    conn.send(msg.encode("utf-8"))  # 向客户端发送信息
    if msg.upper() == "Q": break
conn.close()  # 关闭客户端套接字
sk.close()  # 关闭服务器套接字(可选)
