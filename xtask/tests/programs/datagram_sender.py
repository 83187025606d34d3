# Sends each typed line as a datagram at once, without waiting for anything; Q ends it.
import socket
import sys

sk = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for line in sys.stdin:
    if line.strip() == "Q":
        break
    sk.sendto(line.rstrip("\n").encode(), ("127.0.0.1", int(sys.argv[1])))
