# Faulty (rule python-exception): a lesson 03 server that reads each message as a number,
# so the first word a friend types crashes it with a ValueError.
import socket
import sys

port = int(sys.argv[1])
sk = socket.socket()
sk.bind(('127.0.0.1', port))
sk.listen()
conn, addr = sk.accept()
while True:
    ret = conn.recv(1024).decode("utf-8")
    if ret.upper() == "Q": break
    count = int(ret)  # the fault: a message is text, not a number
    print(ret)
    msg = input(">>>")
    conn.send(msg.encode("utf-8"))
    if msg.upper() == "Q": break
conn.close()
