# Lesson 05 · name tags (名字标识), the client: the notes' program (under
# "tcp连接不同的用户不同的名字识别"), with its line breaks restored. Changes from
# the notes, each the smallest that makes it a program the kit can check:
# - the port comes from the command line (`python3 lesson05-client.py 9000`; 9000
#   without it);
# - the name tag after the port and `--name`, as the kit's runner gives it (`python3
#   lesson05-client.py 9000 --name 小马过河1234QQ`; the notes' 小郭吹雪1234QQ
#   without it).
# Passes both scenarios: its q goes out tagged (`小郭吹雪1234QQ:q`) and it leaves
# its loop at once; the kit's server reads the tag and the message apart, so it sees
# the quit.
# Check it:
#   cargo xtask check 5 --client 'python3 examples/python/lesson05-client.py {port}'
import socket
import sys

port = int(sys.argv[1]) if len(sys.argv) > 1 else 9000

sk = socket.socket()  # 创建客户套接字
sk.connect(('127.0.0.1', port))  # 尝试连接服务器
name_and_qq = sys.argv[3] if len(sys.argv) > 3 else "小郭吹雪1234QQ"
while True:
    msg = input(">>>")
    sk.send((name_and_qq + ":" + msg).encode("utf-8"))
    if msg.upper() == "Q": break
    ret = sk.recv(1024).decode("utf-8")  # 对话(发送/接收)
    if ret.upper() == "Q": break
    print(ret)
sk.close()  # 关闭客户套接字
