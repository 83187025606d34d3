# Faulty (rule udp-fixed-address): a lesson 07 server that answers a fixed address
# (127.0.0.1 port 9, where nothing listens) instead of the address recvfrom returned.
import socket
import sys

port = int(sys.argv[1])
udp_sk = socket.socket(type=socket.SOCK_DGRAM)
udp_sk.bind(('127.0.0.1', port))
while True:
    msg, addr = udp_sk.recvfrom(1024)
    if msg.decode("utf-8").upper() == "Q": break
    print(msg.decode())
    a = input(">>>").encode("utf-8")
    udp_sk.sendto(a, ('127.0.0.1', 9))  # the fault: not `addr`
    if a.decode().upper() == "Q": break
udp_sk.close()
