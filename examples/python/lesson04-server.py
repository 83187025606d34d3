# Lesson 04 · reconnect loop (循环接客), the server: the notes' program ("tcp连接，退出一个连接后
# 可以进入下一个连接"), with its line breaks restored. Changes from the notes, each the
# smallest that makes it a program the kit can check:
# - the port comes from the command line (`python3 lesson04-server.py 9000`; 9000 without it);
# - an empty receive (the client went away without Q) ends that chat with one line on
#   standard error, and the server accepts the next client, instead of printing empty lines
#   for ever;
# - end of standard input (Ctrl-D) at the prompt counts as typing Q, and then stops the
#   server, as the kit's lesson 04 server does: nobody is left to answer the next client.
# Check it: cargo xtask check 4 --server 'python3 examples/python/lesson04-server.py {port}'
import socket
import sys

port = int(sys.argv[1]) if len(sys.argv) > 1 else 9000

sk = socket.socket()
sk.bind(('127.0.0.1', port))  # 把地址绑定到套接字
sk.listen()  # 监听连接,允许等待的个数
while True:
    conn, addr = sk.accept()  # 接受客户端连接
    while True:
        ret = conn.recv(1024).decode("utf-8")  # 接收客户端信息
        if not ret:
            print("lesson04-server.py: the client closed the connection", file=sys.stderr)
            break
        if ret.upper() == "Q": break
        print(ret)  # 打印客户端信息
        try:
            msg = input(">>>")
        except EOFError:
            conn.send(b"Q")
            sys.exit(0)
        conn.send(msg.encode("utf-8"))  # 向客户端发送信息
        if msg.upper() == "Q": break
    conn.close()  # 关闭客户端套接字
sk.close()  # 关闭服务器套接字(可选)
