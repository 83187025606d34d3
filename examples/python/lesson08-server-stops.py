# Lesson 08 · UDP error cases (UDP 报错), case `server-stops`: the server stops
# while the client waits for its reply. The notes:
# "8)服务端突然停止,客户端在等待服务端回复,似乎客户端
# 会卡住,不退出,输入内容因为不是在发送阶段所以没反应". Nothing goes back when a UDP
# server stops, so the client cannot tell a slow server from a gone one: its recv
# waits for ever, on Windows and Linux alike (see `cargo run -p lesson08 --bin
# lesson08-cases -- server-stops`).
# Changes from the notes, to show the wait without hanging: the server binds a port
# the system picks (0, not 9000), it is in the same file, and a 1 s timeout
# (settimeout) ends the client's wait.
# The notes (Windows): the client hangs (似乎客户端会卡住,不退出)
# Python 3.11 on Linux, the traceback's last line (exit 1), after the 1 s the file
# adds:
#   python3 examples/python/lesson08-server-stops.py
#     TimeoutError: timed out
import socket

server = socket.socket(type=socket.SOCK_DGRAM)  # 创建一个服务器的套接字
server.bind(('127.0.0.1', 0))  # 绑定服务器套接字

udp_sk = socket.socket(type=socket.SOCK_DGRAM)  # 创建一个客户端的套接字
udp_sk.settimeout(1)  # added: without it, recv waits for ever
msg = "hello"
udp_sk.sendto(("小郭吹雪1234QQ" + ":" + msg).encode("utf-8"), server.getsockname())
msg, addr = server.recvfrom(1024)  # the server receives the message,
server.close()  # then stops
back_msg = udp_sk.recv(1024)
print(back_msg.decode("utf-8"))
