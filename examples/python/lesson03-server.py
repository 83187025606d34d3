# Lesson 03 · quit handling (退出), the server: the notes' program
# ("tcp退出一直聊天"), with its line breaks restored. Changes from the notes, each
# the smallest that makes it a program the kit can check:
# - the port comes from the command line (`python3 lesson03-server.py 9000`; 9000
#   without it);
# - an empty receive (the client went away without Q) ends it with one line on
#   standard error instead of printing empty lines for ever (sys.exit with a message
#   exits 1).
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
    if not ret:
        sys.exit("lesson03-server.py: the client closed the connection")
    if ret.upper() == "Q": break
    print(ret)  # 打印客户端信息
    msg = input(">>>")
    conn.send(msg.encode("utf-8"))  # 向客户端发送信息
    if msg.upper() == "Q": break
conn.close()  # 关闭客户端套接字
sk.close()  # 关闭服务器套接字(可选)
