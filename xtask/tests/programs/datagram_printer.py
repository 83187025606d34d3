# Prints every datagram it receives, one a line; never answers. Serves until stopped.
import socket
import sys

sk = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sk.bind(("127.0.0.1", int(sys.argv[1])))
while True:
    data, _ = sk.recvfrom(1024)
    print(data.decode(), flush=True)
