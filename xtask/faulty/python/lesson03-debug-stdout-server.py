# Faulty (rule debug-output): a lesson 03 server that prints a debug line on standard
# output for every message it receives.
import socket
import sys

port = int(sys.argv[1])
sk = socket.socket()
sk.bind(('127.0.0.1', port))
sk.listen()
conn, addr = sk.accept()
while True:
    ret = conn.recv(1024).decode("utf-8")
    print("DEBUG received", len(ret), "bytes")  # the fault
    if ret.upper() == "Q": break
    print(ret)
    msg = input(">>>")
    conn.send(msg.encode("utf-8"))
    if msg.upper() == "Q": break
conn.close()
