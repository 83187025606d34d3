# Faulty (rule lesson-client-refused): a lesson 04 server that makes its listening socket
# inside the loop and closes it during each chat: a second client finds nothing listening.
import socket
import sys

port = int(sys.argv[1])
while True:
    sk = socket.socket()  # the fault: one listening socket per client
    sk.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sk.bind(('127.0.0.1', port))
    sk.listen()
    conn, addr = sk.accept()
    sk.close()
    while True:
        ret = conn.recv(1024).decode("utf-8")
        if ret == "" or ret.upper() == "Q": break
        print(ret)
        msg = input(">>>")
        conn.send(msg.encode("utf-8"))
        if msg.upper() == "Q": break
    conn.close()
