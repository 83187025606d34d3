# Faulty (rule still-running): a lesson 01 client that keeps its window open at the end
# with input(), a Windows habit: it does not exit after the exchange.
import socket
import sys

port = int(sys.argv[1])
sk = socket.socket()
sk.connect(('127.0.0.1', port))
sk.send("hello!".encode("utf-8"))
ret = sk.recv(1024).decode("utf-8")
print(ret)
sk.close()
input("Press Enter to close")  # the fault
