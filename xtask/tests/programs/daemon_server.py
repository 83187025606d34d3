# A lesson 03 server that leaves a daemon behind: before it serves, it double-forks a helper
# into a session of its own, which listens on a port of its own for ever. The runner must
# find it, name it, and end it.
import os
import socket
import sys

port = int(sys.argv[1])
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        helper = socket.socket()
        helper.bind(('127.0.0.1', 0))
        helper.listen()
        for fd in (0, 1, 2):
            os.close(fd)
        while True:
            helper.accept()
    os._exit(0)
sk = socket.socket()
sk.bind(('127.0.0.1', port))
sk.listen()
conn, addr = sk.accept()
while True:
    ret = conn.recv(1024).decode("utf-8")
    if not ret:
        sys.exit("server: the client closed the connection")
    if ret.upper() == "Q":
        break
    print(ret, flush=True)
    msg = input(">>>")
    conn.send(msg.encode("utf-8"))
    if msg.upper() == "Q":
        break
conn.close()
sk.close()
