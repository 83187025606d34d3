# Faulty (rule missing-newline): a lesson 02 server with a prompt of its own, `> `, where
# the lesson's is `>>>`.
import socket
import sys

port = int(sys.argv[1])
sk = socket.socket()
sk.bind(('127.0.0.1', port))
sk.listen()
conn, addr = sk.accept()
while True:
    data = conn.recv(1024)
    if not data:
        print("server: the client closed the connection", file=sys.stderr)
        sys.exit(1)
    print(data.decode("utf-8"))
    msg = input("> ")  # the fault
    conn.send(msg.encode("utf-8"))
