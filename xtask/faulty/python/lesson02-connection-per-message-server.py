# Faulty (rule peer-closed-early): a lesson 02 server that closes the connection after each
# answer and waits for a new one, as if each message came on a connection of its own.
import socket
import sys

port = int(sys.argv[1])
sk = socket.socket()
sk.bind(('127.0.0.1', port))
sk.listen()
while True:
    conn, addr = sk.accept()
    ret = conn.recv(1024).decode("utf-8")
    print(ret)
    msg = input(">>>")
    conn.send(msg.encode("utf-8"))
    conn.close()  # the fault
