# Faulty (rule client-misses-server-quit): a lesson 03 client that tests only the quit
# typed at it, not the one the server sends.
import socket
import sys

port = int(sys.argv[1])
sk = socket.socket()
sk.connect(('127.0.0.1', port))
while True:
    msg = input(">>>")
    sk.send(msg.encode("utf-8"))
    if msg.upper() == "Q": break
    ret = sk.recv(1024).decode("utf-8")
    print(ret)  # the fault: no `if ret.upper() == "Q": break` before this
sk.close()
