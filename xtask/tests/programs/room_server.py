# A chat room for the runner's tests: every client's first line is its name; each later line
# goes to every other client as "NAME: text". A thread per client; serves until stopped.
import socket
import sys
import threading

clients = {}
lock = threading.Lock()


def serve(conn):
    lines = conn.makefile("rb")
    name = lines.readline().decode().strip()
    with lock:
        clients[name] = conn
    print(name, "joined", flush=True)
    for line in lines:
        text = line.decode().rstrip("\n")
        with lock:
            others = [c for n, c in clients.items() if n != name]
            for other in others:
                other.sendall(f"{name}: {text}\n".encode())
        print(f"{name} said {text} to {len(others)}", flush=True)
    with lock:
        del clients[name]
    lines.close()
    conn.close()
    print(name, "left", flush=True)


listener = socket.create_server(("127.0.0.1", int(sys.argv[1])))
while True:
    conn, _ = listener.accept()
    threading.Thread(target=serve, args=(conn,), daemon=True).start()
