# A lesson 03 server on a port of its own (9123), whatever port it is given.
import socket, sys
port = 9123
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
        conn.shutdown(socket.SHUT_WR)
        while conn.recv(1024):
            pass
        break
conn.close()
sk.close()
