# Faulty (rule printed-otherwise): a lesson 02 server that prints each message after a label
# of its own, where the lesson prints the message alone.
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
    print("client says:", data.decode("utf-8"))  # the fault
    msg = input(">>>")
    conn.send(msg.encode("utf-8"))
