# Lesson 08 · UDP error cases (UDP 报错), case `sendto-without-address`: the client
# forgets the (ip, port) tuple in sendto. The notes: "12)客户端
# sendto忘记加IP端口元组,报错:sendto() takes 2 or 3 arguments (1 given)" (and, for
# the server, "sendto的问题" 3). The notes' client, cut to the line that fails;
# Python checks the arguments before anything is sent, so no server is needed. Rust
# refuses to compile the same call: see `cargo run -p lesson08 --bin lesson08-cases
# -- sendto-without-address`.
# The notes (Windows): TypeError: sendto() takes 2 or 3 arguments (1 given)
# Python 3.11 on Linux, the traceback's last line (exit 1):
#   python3 examples/python/lesson08-sendto-without-address.py
#     TypeError: sendto() takes 2 or 3 arguments (1 given)
import socket

udp_sk = socket.socket(type=socket.SOCK_DGRAM)  # 创建一个客户端的套接字
msg = "hello"
udp_sk.sendto(("小郭吹雪1234QQ" + ":" + msg).encode("utf-8"))
