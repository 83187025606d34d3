# Faulty (note note-every-address): a lesson 01 server that binds every address of the
# machine (''), as many tutorials do, where the lesson binds 127.0.0.1. Every scenario
# passes: only the note says it.
import socket
import sys

port = int(sys.argv[1])
sk = socket.socket()
sk.bind(('', port))  # the fault: 0.0.0.0
sk.listen()
conn, addr = sk.accept()
ret = conn.recv(1024)
print(ret.decode("utf-8"))
conn.send("hi".encode("utf-8"))
conn.close()
sk.close()
