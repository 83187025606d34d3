# Faulty (rule unflushed-prompt): a lesson 03 server that writes its prompt with
# print(">>>", end="") and reads with sys.stdin.readline(): nothing flushes the prompt.
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
    print(ret)
    print(">>>", end="")  # the fault: no flush=True
    msg = sys.stdin.readline().rstrip("\n")
    conn.send(msg.encode("utf-8"))
    if msg.upper() == "Q": break
conn.close()
