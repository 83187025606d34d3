# Lesson 04 · reconnect loop (循环接客), the server: the notes' program
# ("tcp连接，退出一个连接后可以进入下一个连接"), with its line breaks restored. The
# one change from the notes, the smallest that makes it a program the kit can check:
# - the port comes from the command line (`python3 lesson04-server.py 9000`; 9000
#   without it).
# Passes `two-clients`, `line-busy` and `server-ends-chat`: the accept loop is
# right. Fails `client-killed`: a client that goes away without Q makes `recv`
# return b'', and the notes' server never looks for it. It prints an empty line and
# waits at `>>>` for an answer to nobody: the runner's `hi` meant for the next
# client goes to the dead connection, and that next client is never answered. The
# kit's server ends that chat with one line on standard error and accepts the next
# client: here, right after the `recv`, `if not ret:` then `print("the client
# closed the connection", file=sys.stderr)` and `break` (then all four pass).
# Check it with `{port}`: on one fixed port (a command without `{port}`, or started
# again by hand), a connection it closed first holds the port in TIME_WAIT for a
# minute, and the next start may fail with `OSError: [Errno 98] Address already in
# use` (the notes set no SO_REUSEADDR).
# Check it:
#   cargo xtask check 4 --server 'python3 examples/python/lesson04-server.py {port}'
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
