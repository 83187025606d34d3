# Lesson 04's server in the notes' Python, correct: the notes' code with the cases it
# misses (a client that leaves without q: an empty receive or a reset; the end of input).
# `cargo xtask grade` tests and benches grade it as a student's submission.
import socket
import sys

sk = socket.socket()
sk.bind(('127.0.0.1', int(sys.argv[1])))
sk.listen()
stop = False
while not stop:
    conn, addr = sk.accept()
    while True:
        try:
            data = conn.recv(1024)
        except ConnectionResetError:
            data = b''
        if not data:
            print("server: the client left", file=sys.stderr, flush=True)
            break
        ret = data.decode("utf-8")
        if ret.upper() == "Q":
            break
        print(ret, flush=True)
        try:
            msg = input(">>>")
        except EOFError:
            msg = "Q"
            stop = True
        conn.send(msg.encode("utf-8"))
        if msg.upper() == "Q":
            break
    conn.close()
sk.close()
