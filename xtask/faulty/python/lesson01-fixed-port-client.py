# Faulty (rule refused): a lesson 01 client that connects to a port of its own
# (FAULTY_PORT, where nothing listens) instead of the one it is given.
import os
import socket

sk = socket.socket()
sk.connect(('127.0.0.1', int(os.environ["FAULTY_PORT"])))  # the fault: not sys.argv[1]
sk.send(b'hello!')
print(sk.recv(1024).decode("utf-8"))
sk.close()
