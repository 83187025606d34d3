# A correct lesson 03 client that ends politely: after q it half-closes, then drains until
# the server has closed.
import socket
import sys

sk = socket.socket()
sk.connect(('127.0.0.1', int(sys.argv[1])))
while True:
    msg = input(">>>")
    sk.send(msg.encode("utf-8"))
    if msg.upper() == "Q":
        sk.shutdown(socket.SHUT_WR)
        while sk.recv(1024):
            pass
        break
    ret = sk.recv(1024).decode("utf-8")
    if not ret:
        sys.exit("client: the server closed the connection")
    if ret.upper() == "Q":
        break
    print(ret, flush=True)
sk.close()
