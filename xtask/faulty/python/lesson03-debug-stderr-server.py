# Faulty (rule debug-stderr): a lesson 03 server that writes a debug line on standard
# error for every message it receives.
import socket
import sys

port = int(sys.argv[1])
sk = socket.socket()
sk.bind(('127.0.0.1', port))
sk.listen()
conn, addr = sk.accept()
while True:
    ret = conn.recv(1024).decode("utf-8")
    print("debug: received", repr(ret), file=sys.stderr)  # the fault
    if ret.upper() == "Q": break
    print(ret)
    msg = input(">>>")
    conn.send(msg.encode("utf-8"))
    if msg.upper() == "Q": break
conn.close()
