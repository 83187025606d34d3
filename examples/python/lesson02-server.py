# Lesson 02 · loop chat (循环聊天), the server: the notes' program
# ("tcp连接实现一直通话"), with its line breaks restored. The one change from the
# notes, the smallest that makes it a program the kit can check:
# - the port comes from the command line (`python3 lesson02-server.py 9000`; 9000
#   without it).
# Fails `three-rounds` (and `client-leaves`), as the notes' server does: it never
# looks for the empty receive that says the client has gone. When the client leaves,
# `recv` returns b'': the server prints an empty line and waits at `>>>` (where the
# runner's `wait server` runs out). Typed by hand, the next line goes out and is
# answered by a reset, the server prints another empty line, and the line after that
# fails with `BrokenPipeError: [Errno 32] Broken pipe`. The kit's server ends with
# one line on standard error instead (its `n == 0` check).
# Check it:
#   cargo xtask check 2 --server 'python3 examples/python/lesson02-server.py {port}'
import socket
import sys

port = int(sys.argv[1]) if len(sys.argv) > 1 else 9000

sk = socket.socket()
sk.bind(('127.0.0.1', port))  # 把地址绑定到套接字
sk.listen()  # 监听链接
conn, addr = sk.accept()  # 接受客户端链接。产生一个阻塞。时
while True:
    ret = conn.recv(1024).decode("utf-8")  # 接收客户端信息
    print(ret)  # 打印客户端信息
    msg = input(">>>")
    conn.send(msg.encode("utf-8"))  # 向客户端发送信息
conn.close()  # 关闭客户端套接字
sk.close()  # 关闭服务器套接字(可选)
