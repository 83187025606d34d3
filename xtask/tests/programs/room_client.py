# A chat room client for the runner's tests: reads its keyboard and the network at once.
# It shows a prompt once (with `reprompt` after the name: again after each line received,
# as a chat client does), sends its name, then each typed line; Q ends it once the room has
# closed its side.
import socket
import sys
import threading

# The prompt, once: lines typed and received come after it.
print(">>>", end="", flush=True)
sk = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
sk.sendall(f"{sys.argv[2]}\n".encode())


reprompt = sys.argv[3:] == ["reprompt"]


def listen():
    for line in sk.makefile("rb"):
        print(line.decode().rstrip("\n"), flush=True)
        if reprompt:
            print(">>>", end="", flush=True)


reader = threading.Thread(target=listen)
reader.start()
for line in sys.stdin:
    if line.strip() == "Q":
        break
    sk.sendall(line.encode())
sk.shutdown(socket.SHUT_WR)
reader.join()
