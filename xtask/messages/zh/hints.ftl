# 提示的中文文本，按 id 排列（语法见 src/i18n/mod.rs：Fluent 语法的一个子集）。每条 id 都要与
# en/hints.ftl 中的一一对应，参数（{ $name }）也一样。代码、命令和记录里的写法（`\e`、`\xNN`、
# ⟨red⟩、⟨/⟩）原样保留，不翻译。

empty = {""}
said =，输出 `{ $line }`

## start
command-not-found = 你的 { $program } 没能启动（`{ $said }`）：检查命令：程序装了吗（`python3`？`node`？），文件路径对吗？路径是相对于你运行 cargo xtask 的那个文件夹的。
port-clash-own-scenario = 地址已被占用，但不是在分配给你的 { $program } 的端口（{ $port }）上，运行器事先已确认那个端口是空闲的：你的 { $program } 绑定了一个自己选定的端口，而另一个程序占着它。检查会同时演练本课的几个场景，所以占着它的很可能就是你自己另一个场景里的服务端。请从命令行读取端口（命令里写 `{"{"}port{"}"}`，或者用 --port），不要写死端口。
wrong-port = 端口不对：你的服务端{ $listens } { $elsewhere }，而不是分配给它的端口 { $given }：客户端在那里连不上它。请从命令行读取端口（命令里写 `{"{"}port{"}"}`，或者用 --port），不要写死端口。
wrong-port-tcp = 监听的是端口
wrong-port-udp = 绑定的是 UDP 端口
never-listened = 你的服务端在运行，但没有{ $listen } { $port }：它必须先绑定 127.0.0.1 和分配给它的端口（命令里写 `{"{"}port{"}"}`，或者用 --port），再做别的事。它是不是先在等别的东西（键盘输入？），还是根本没有启动起来？它的屏幕输出和标准错误都在记录里。
never-listened-tcp = 监听端口
never-listened-udp = 绑定 UDP 端口
leftover-process = 场景结束后，你的 { $program } 留下了一个还在运行的进程：进程 { $pid }（`{ $command }`，端口：{ $ports }），已由运行器结束。程序启动的每个进程都必须随它一起结束：命令里不要用 `&`，程序退出时也不要留下子进程。

## crash
rust-panic = 你的 { $program } 在 { $place } panic 了：`{ $message }`。你代码的这一行遇到了它没料到的情况（对一个错误调用了 `unwrap()`？）：在那里处理这个错误，像本课的程序那样，在标准错误上输出一行说明。
python-exception = 你的 { $program } 因 `{ $exception }` 而崩溃（{ $place }）：在出错的地方捕获这个异常，在标准错误上用一行说明（print(..., file=sys.stderr)），然后像本课的程序那样退出或继续。
node-exception = 你的 { $program } 因 `{ $exception }` 而崩溃（抛出位置 { $place }）：处理这个错误（给套接字加 'error' 事件处理函数，或用 try/catch），在标准错误上用一行说明（console.error），然后像本课的程序那样退出或继续。
crashed = 你的 { $program } 崩溃了（{ $how }）：C 程序读写越过缓冲区的边界，或者使用已关闭的套接字，就会这样结束。检查每个调用的返回值（对方离开时 recv 返回 0，出错时返回 -1）。

## colour
octal-escape = 你的 { $program } 输出了一个 NUL 字节（\x00），然后是 `33[`：`\033` 是八进制写法，Python 和 C 这样理解它，但在 Rust 字符串里 `\0` 是 NUL 字符，`33[` 只是普通文字。把转义字符写成 `\x1b`（或 `\u{"{"}1b{"}"}`）：`"\x1b[31m"`。
reset-after-newline = 你的 { $program } 把颜色重置 `\e[0m`（⟨/⟩）放在了换行之后，于是它出现在下一行的开头、提示符 `>>>` 之前。把重置放在换行之前：`print(f"\x1b[31m{"{"}text{"}"}\x1b[0m")`，`println!("\x1b[31m{"{"}text{"}"}\x1b[0m")`。
no-reset = 你的 { $program } 开启了颜色，却从不重置：每条带颜色的消息都要以 `\e[0m`（显示为 ⟨/⟩）结尾，否则之后输出的所有内容，包括提示符，都会保持那个颜色。
colour-per-connection = 你的 { $program } 先用 ⟨{ $first }⟩、后用 ⟨{ $second }⟩ 显示 { $name }：颜色随连接而变了。一个好友的颜色应该始终不变：根据名字来算颜色（本课把名字的各个字符加起来，再对 4 取余），而不是随机选或每次连接重新选。
peer-escapes-obeyed = 你的 { $program } 把好友发来的转义序列原样输出了（屏幕上显示为 ⟨\e[2J⟩），于是好友的文字在操控你的终端：清屏、改颜色。要把对方的文字处理成安全的再输出，把其中的控制字符转义（Python：`repr()` 或 `.encode("unicode_escape")`；本课用的是 `lessonkit::printable`），然后再给它上色。
wrong-colour = 你的 { $program } 用 ⟨{ $got }⟩ 显示 `{ $text }`，而本课的程序用的是 ⟨{ $expected }⟩：好友的颜色由名字决定（本课把名字的各个字符加起来，按对 4 取余的结果，从红、绿、品红、青四种颜色中选一种），所以每次运行、每个连接都一样。
same-colour-for-two-friends = 你的 { $program } 把 { $one } 和 { $other } 都显示成 ⟨{ $colour }⟩，而本课的程序给他们不同的颜色：根据名字来算颜色（本课把名字的各个字符加起来，按对 4 取余的结果，从红、绿、品红、青四种颜色中选一种）。

## quit
tagged-quit = 没有识别出 Q：你的 { $program } 拿整条消息 `{ $quit }` 去和 `Q` 比较。从第 05 课起，每条消息都带着发送者的名字，格式是 `名字:内容`：在第一个 `:` 处把它分开，检查后面的内容（`Q` 或 `q`，不区分大小写），并且在收到后立刻检查。
client-misses-server-quit = 没有识别出 Q：你的 { $program } 收到了服务端发来的 `{ $quit }`，却继续聊天。收到的消息也要检查，在收到之后、打印之前立刻检查：服务端的 `Q` 和自己输入的 `Q` 一样，都会结束聊天。
quit-not-recognised = 没有识别出 Q：你的 { $program } { $how }，却没有跳出循环，而是继续下去。检查整条消息，不区分大小写（`Q` 或 `q`）：在收到一条消息后立刻检查（在打印之前），在发送一条输入的消息后也立刻检查。
quit-received = 收到了退出消息（`{ $quit }`）
quit-printed = 把收到的退出消息 `{ $quit }` 当作普通消息打印了出来
quit-typed = 发送了输入给它的退出消息（`{ $quit }`）
hangs-quit-received = 收到了退出消息
hangs-quit-typed = 发送了输入给它的退出消息
hangs-after-quit = 你的 { $program } { $how }，但 { $timeout } 之后仍在运行，也没有出现新的提示符：它卡住了。跳出循环之后，它必须关闭连接并结束；找一找循环之后有没有阻塞的调用（接收、accept、读键盘），或者一个永远不会结束的循环。

## ending
serves-one-client = 你的 { $program } 在第一次聊天之后就自己结束了（{ $how }{ $said }），而本课的程序会一直服务下去，直到运行器把它停掉：一次聊天结束后，它会接受下一个客户端的连接。把 accept 和聊天放进一个循环（`while True: conn, addr = sk.accept() ...`）。
ended-early = 你的 { $program } 在步骤 `{ $step }` 之前就自己结束了（{ $how }{ $said }），而本课的程序会继续运行，并为这一步显示提示符 `>>>`。
ended-otherwise = 你的 { $program } 自己结束了（{ $how }{ $said }），而本课的程序的结束方式是 { $expected }。
refused = 连接被拒绝：你的 { $program } 连接的地方没有程序在监听。它必须连接 127.0.0.1 和{ $port }。
refused-fixed-port = 固定端口 { $port }（运行器在那里替本课的服务端监听）
refused-given-port = 分配给它的端口（命令里写 `{"{"}port{"}"}`，或者用 --port）
listener-closed = 连接被拒绝：有一个客户端发现端口 { $port } 上没有程序在监听，而你的 { $program } 之前在那里监听过：它关闭了自己的监听套接字。在接客循环之前只创建一次监听套接字，服务期间一直不要关闭它：聊天期间连进来的客户端会在里面等着，直到 `accept` 把它接走。
lesson-client-refused = 连接被拒绝：有一个客户端发现那里没有程序在监听，因为{ $why }。
refused-server-exited = { $server }已经退出了（{ $how }）
refused-not-listening = { $server }没有在分配给它的端口上监听（{ $reason }）
connection-left-open = 所有客户端都退出后，还有一个连接没有关闭：一次聊天结束时，服务端必须关闭这个客户端的连接（客户端离开时也一样：接收到 0 字节）。
still-running = 到了 `{ $step }` 时，你的 { $program } 还在运行，而本课的程序在这里的结束方式是 { $expected }。{ $wire }
lesson-program-waiting = 本课的 { $program } { $what }：它在等你的 { $role }。{ $wire }
lesson-still-running = 到了 `{ $step }` 时仍在运行，而它在这里的结束方式是 { $expected }
lesson-no-prompt = 在 { $timeout } 内没有显示提示符

## output
flood = 你的 { $program } 输出了超过 { $kib } KiB 的内容，运行器在这里截断了它的输出：是一个永远不会结束的循环吗？常见的情况是：对方离开后，循环里的接收一次又一次地返回 0 字节（Python 中是 b''）：收到 0 字节时就该停下。
empty-receive = 你的 { $program } 打印了一个空行：接收到 0 字节（Python 中是 b''）时打印出来的就是这个。0 字节表示对方已经关闭了连接：在那里结束聊天，并在标准错误上输出一行说明，而不是把它打印出来，再回复一个已经不在的人。
prompt-mid-line = 你的 { $program } 在一行的中间输出了提示符（`{ $line }`）：提示符 `>>>` 必须在一行的开头。在它之前输出的内容要以换行结尾（println!、Python 的 print()、printf("...\n")）。
missing-newline = 你的 { $program } 打印了 `{ $tail }` 之后就在等一行输入，但这不是提示符 `>>>`：每条打印的消息都要以换行结尾，然后在行首显示的正好是 `>>>`（Python：`input(">>>")`）。
unflushed-prompt = 你的 { $program } 在 { $timeout } 内没有为步骤 `{ $step }` 显示提示符 `>>>`。提示符后面没有换行，所以在刷新之前它一直留在输出缓冲区里：{ $flush }。如果它确实刷新了，那就是在等别的东西。{ $wire }
flush-python = 写完后要刷新（`input(">>>")` 会自动刷新；`print(">>>", end="")` 需要加 `flush=True`）
flush-rust = 写完后要刷新（在 `print!(">>>")` 之后调用 `io::stdout().flush()`）
flush-node = 用 `process.stdout.write(">>>")` 来写，它不会等换行
flush-native = 写完后要刷新（C：在 `printf(">>>")` 之后调用 `fflush(stdout)`；Rust：在 `print!` 之后调用 `io::stdout().flush()`）
debug-output = 你的 { $program } 输出了 `{ $got }`，本课的程序并不输出这一行：是调试输出吗？标准输出就是用户的屏幕，检查会逐行比较它：把这一行去掉（调试时可以写到标准错误，调试完再去掉）。
printed-otherwise = 你的 { $program } 输出的是 `{ $got }`，而本课的程序输出的是 `{ $expected }`。
printed-missing = 你的 { $program } 没有像本课的程序那样输出 `{ $expected }`。
debug-stderr = 你的 { $program } 向标准错误写了内容，而本课的程序在这里不写（`{ $line }`）：是调试输出吗？标准错误只在出问题时输出一行说明，检查会数它的行数：把调试用的行去掉。
stderr-missing = 本课的 { $program } 在这里会在标准错误上用一行说明发生了什么；你的程序一行也没写（eprintln!、Python 的 print(..., file=sys.stderr)、C 的 fprintf(stderr, ...)）。

## wire
udp-fixed-address = 你的 { $program } 回复了，但客户端什么也没收到：在 UDP 里，回复会发到你指定的地方。把它发到 `recv_from` 随消息一起返回的地址（`sk.sendto(reply, addr)`，`socket.send_to(reply, addr)`），而不是一个固定的地址：每个客户端的端口都是由它的系统挑选的。
sent-before-typed = 你的 { $program } 在还没有任何输入时就发送了 { $sent }：从第 02 课起，每条消息都是用户在提示符处输入的一行（`msg = input(">>>")`），而不是写死在程序里的。
wrong-reply = 回复不对：你的 { $program } 发送的是 { $got }，而本课的程序发送的是 { $expected }。
sent-extra = 你的 { $program } 发送了 { $got }，本课的程序并不发送它。
never-sent = 你的 { $program } 从没有像本课的程序那样发送 { $expected }。
peer-closed-early = 关得太早：你的 { $role } 还在运行就关闭了连接，而本课的程序还在这条连接上继续聊天（见 `{ $section }`）。整个聊天只用一条连接，只在聊天结束时（退出，或者对方离开）才关闭它。
first-difference = 第一处不同在 `{ $section }`：比较标着 - 的行（本课的）和标着 + 的行（这次运行的）。
wire-nothing = 线路上没有任何数据发往 `{ $program }`，也没有任何数据从它发出。
wire-own-message = 线路上最后一项是它自己发出的消息 { $bytes }：它在等回复。
wire-sent-to-it = 线路上最后一项是发给它的 { $bytes }：它要把这个打印出来或者回复。
wire-closed = 线路上最后一项是一个连接的结束。

## phrases the rules share
your-server = 你的服务端
lessons-server = 本课的服务端
role-server = 服务端
role-client = 客户端
crash-signal = 信号 { $signal }，{ $name }

## 提示：即使每个场景都通过了也会说
note-every-address = 你的服务端监听在 0.0.0.0 上，也就是这台电脑所在的每一个网络，而不只是 127.0.0.1：任何能连到这台电脑的人（教室的网络、咖啡馆的 Wi-Fi）都可以连上它、给它发文字。请绑定 127.0.0.1，除非有人要你为其他电脑服务：那时就像本课的程序那样，从 --host 读取地址。
