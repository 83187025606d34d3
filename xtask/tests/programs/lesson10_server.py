# Lesson 10's server written in Python, to show that `cargo xtask check 10` checks a server
# in any language: a thread per client, the room a dict behind a lock, and per friend a
# bounded queue that a writer thread of its own sends (a friend who does not read is cut
# off, and no one waits for them). It prints what lesson10-server prints, to the letter.
import queue
import socket
import sys
import threading

MAX_LINE = 1024
QUEUE_LINES = 10000
room = {}  # name -> (queue, connection)
lock = threading.Lock()


def printable(text):
    # Control characters written out in the kit's notation, as lessonkit::printable does.
    named = {"\x1b": "\\e", "\t": "\\t", "\r": "\\r", "\n": "\\n"}

    def shown(c):
        if c in named:
            return named[c]
        if ord(c) < 32 or ord(c) == 127:
            return "\\x%02x" % ord(c)
        if 127 < ord(c) < 160:
            return "\\u{%x}" % ord(c)
        return c

    return "".join(shown(c) for c in text)


def say(text):
    print(text, flush=True)


def deliver(to, line):
    stuck = []
    for name, (outbox, _) in room.items():
        if to(name):
            try:
                outbox.put_nowait(line + "\n")
            except queue.Full:
                stuck.append(name)
    for name in stuck:
        print(f"{name}: {QUEUE_LINES} lines wait for it (it does not read): disconnected",
              file=sys.stderr, flush=True)
        room[name][1].shutdown(socket.SHUT_RDWR)
        leave(name)


def leave(name):
    if name in room:
        say(f"{name} left ({len(room) - 1} here)")
        outbox, _ = room.pop(name)
        outbox.put(None)
        deliver(lambda _: True, f"* {name} left")


def send_queued(conn, outbox):
    while (line := outbox.get()) is not None:
        try:
            conn.sendall(line.encode())
        except OSError:
            return
    try:
        conn.shutdown(socket.SHUT_WR)
    except OSError:
        pass


def read_line(lines):
    raw = lines.readline(MAX_LINE + 1)
    if not raw.endswith(b"\n"):
        return None
    return raw[:-1].rstrip(b"\r").decode()


def session(conn):
    lines = conn.makefile("rb")
    try:
        name = read_line(lines)
    except (OSError, UnicodeDecodeError):
        name = None
    if name is None:
        conn.close()
        return
    with lock:
        if name in room:
            say(f"refused {printable(name)}")
            conn.sendall(f"* refused, the name {printable(name)} is taken (pick another --name)\n".encode())
            conn.shutdown(socket.SHUT_WR)
            return
        outbox = queue.Queue(QUEUE_LINES)
        threading.Thread(target=send_queued, args=(conn, outbox), daemon=True).start()
        room[name] = (outbox, conn)
        say(f"{name} joined ({len(room)} here)")
        deliver(lambda n: n == name, f"* welcome {name} ({len(room)} here)")
        deliver(lambda n: n != name, f"* {name} joined")
    while True:
        try:
            line = read_line(lines)
        except (OSError, UnicodeDecodeError):
            line = None
        if line is None:
            break
        with lock:
            forward(name, line)
    with lock:
        if name in room and room[name][1] is conn:
            leave(name)


def forward(sender, line):
    if not line:
        return
    tagged = f"{sender}:{line}"
    if line.startswith("@"):
        to = line[1:].split(" ")[0]
        if to in room:
            say(f"{printable(tagged)} (to {to} alone)")
            deliver(lambda n: n == to, tagged)
        else:
            deliver(lambda n: n == sender, f"* nobody here is named {printable(to)}")
    else:
        say(printable(tagged))
        deliver(lambda n: n != sender, tagged)


listener = socket.create_server(("127.0.0.1", int(sys.argv[1])))
while True:
    conn, _ = listener.accept()
    threading.Thread(target=session, args=(conn,), daemon=True).start()
