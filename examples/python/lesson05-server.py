# Lesson 05 · name tags (名字标识), the server: the notes' program
# ("tcp连接不同的用户不同的名字识别"; it is lesson 04's server), with its line
# breaks restored. The one change from the notes, the smallest that makes it a
# program the kit can check:
# - the port comes from the command line (`python3 lesson05-server.py 9000`; 9000
#   without it).
# Fails `two-friends` (and `tagged-quit`): the notes' pitfall. A friend's q arrives
# as `小郭吹雪1234QQ:q`, which is not "Q", so the server prints it and prompts its
# own user at `>>>` for an answer to a friend who has left. The line typed there
# goes to the closed connection, the server prints an empty line (b'') and prompts
# again, and the next line crashes it with `BrokenPipeError: [Errno 32] Broken
# pipe`: the next friend, waiting in the queue, is never served. The kit's server
# reads the tag and the message apart and sees the quit.
# Check it with `{port}`: on one fixed port (a command without `{port}`, or started
# again by hand), a connection it closed first holds the port in TIME_WAIT for a
# minute, and the next start may fail with `OSError: [Errno 98] Address already in
# use` (the notes set no SO_REUSEADDR).
# Check it:
#   cargo xtask check 5 --server 'python3 examples/python/lesson05-server.py {port}'
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
        if ret.upper() == "Q": break
        print(ret)  # 打印客户端信息
        msg = input(">>>")
        conn.send(msg.encode("utf-8"))  # 向客户端发送信息
        if msg.upper() == "Q": break
    conn.close()  # 关闭客户端套接字
sk.close()  # 关闭服务器套接字(可选)
