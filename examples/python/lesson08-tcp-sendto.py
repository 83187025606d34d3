# Lesson 08 · UDP error cases (UDP 报错), case `tcp-sendto`: the client's socket is
# made without type=socket.SOCK_DGRAM, so it is a TCP socket, then sendto. The
# notes: "udp服务端, udp客户端,将客户端的(type=socket.SOCK_DGRAM)改为()报错:
# OSError: [WinError 10057] ..." Linux ignores the address on a TCP socket and finds
# it not connected (Rust's std keeps TCP and UDP apart, so the kit needs socket2 to
# try it: see `cargo run -p lesson08 --bin lesson08-cases -- tcp-sendto`).
# Changes from the notes: the server binds a port the system picks (0, not 9000).
# The notes (Windows): OSError: [WinError 10057] (the socket is not connected)
# Python 3.11 on Linux, the traceback's last line (exit 1):
#   python3 examples/python/lesson08-tcp-sendto.py
#     BrokenPipeError: [Errno 32] Broken pipe
import socket

server = socket.socket(type=socket.SOCK_DGRAM)  # 创建一个服务器的套接字
server.bind(('127.0.0.1', 0))  # 绑定服务器套接字

# (type=socket.SOCK_DGRAM) left out: a TCP socket
udp_sk = socket.socket()  # 创建一个客户端的套接字
msg = "hello"
udp_sk.sendto(("小郭吹雪1234QQ" + ":" + msg).encode("utf-8"), server.getsockname())
