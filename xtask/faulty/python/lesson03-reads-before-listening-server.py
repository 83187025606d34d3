# Faulty (rule never-listened): a lesson 03 server that asks its user for a line before it
# binds its port, so no client can connect until someone types.
import socket
import sys

port = int(sys.argv[1])
greeting = sys.stdin.readline()  # the fault: the keyboard first
sk = socket.socket()
sk.bind(('127.0.0.1', port))
sk.listen()
conn, addr = sk.accept()
conn.close()
