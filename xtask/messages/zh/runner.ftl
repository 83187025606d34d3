# 运行器自己的中文用语：结论、报告、错误，以及 `list`、`verify` 和 `bench` 的标题（语法见
# src/i18n/mod.rs）。记录（快照里存的内容）不在这里：它在每种语言里都一样。

error-prefix = 错误：
no-lesson = 没有第 { $number } 课（见 `cargo xtask list`）

## 程序是怎样结束的
exit-code = 退出码 { $code }
exit-signal = 被信号 { $signal } 结束
exit-killed = 被运行器杀掉
exit-stopped = 被运行器停止

## 结论和报告
pass = 通过
fail = 失败
skip = 跳过
new = 新的
accepted = 已接受
hint-prefix = 提示：
note-prefix = 注意：
lesson-heading = 第 { $number } 课 · { $title_zh }（{ $title }）
failure-at-step = 步骤 `{ $step }`（第 { $line } 行）：{ $problem }
failure-at-end = 场景结束时：{ $problem }
scenarios-passed = { $lesson }：{ $total } 个场景中通过了 { $passed } 个
accept-advice = 如果新的记录是对的，用这条命令接受它们：cargo xtask lesson { $number } --accept
accepted-to = { $snapshot }（已写入 { $file }）
no-snapshot-yet = { $snapshot }：还没有快照（{ $file }）
differs-from = { $snapshot }：与 { $file } 不同，第一处在 `{ $section }`
sequence-diagram = 时序图
nothing-to-draw = （这个场景里没有客户端和服务端：线路上没有数据，所以没有时序图）

## list
list-line = { $scenarios } 个场景 · cargo xtask lesson { $number }

## verify
no-scenarios-yet = { $lesson }：还没有场景
verify-passed = { $lesson }：{ $passed } 个场景
verify-failed = { $lesson }：{ $total } 个中通过了 { $passed } 个；失败的：{ $failing }
verify-total = { $total } 个场景中通过了 { $passed } 个
verify-see-details = 查看详情：cargo xtask lesson { $number }

## homework
homework-created = 已创建
homework-created-for = { $dir }，用于{ $lesson }
homework-next = 下一步：完成每个程序开头的 TODO，然后检查你的作业：
homework-see-lesson = 看看本课自己的程序是怎样运行的：cargo xtask lesson { $number }

## check
candidate-label = 你的{ $role }（{ $name }）
check-fixed-port-note = 注意：`{ $command }` 里没有 `{"{"}port{"}"}`：认为你的{ $role }使用固定端口 { $port }（--port），各场景将一个接一个地演练
check-your-programs = 你的程序
check-your-homework = 你的作业（{ $dir }）
check-no-homework = 在 { $dir } 里没有第 { $number } 课的作业：用 `cargo xtask homework { $number }` 开始
check-no-programs = { $dir } 的 src/bin/ 里既没有 { $server }，也没有 { $client }
check-checking = 用{ $lesson }检查{ $what }
check-round = { $candidate }，配本课的{ $other }：
check-unbuilt = ，另有 { $unbuilt } 个你的程序没能构建
check-see-verbose = 查看完整的记录：cargo xtask check { $number } --verbose
check-at = 出错于{ $failure }
check-diff-heading = 本课的记录（-）与这次运行的记录（+）对比，第一处不同在 `{ $section }`：
check-more-lines = …… 还有 { $lines } 行（--verbose 显示完整的记录）
plain = { $text }

## 步骤为什么失败
engine-not-started = `{ $program }` 没有启动
engine-cannot-start = 无法启动 { $executable }：{ $error }
engine-cannot-open-relay = 无法打开中转：{ $error }
engine-cannot-listen-door = 无法在端口 { $port }（客户端要连接的端口）上监听：{ $error }
engine-input-closed = 它的输入已经关闭了
engine-cannot-type = 无法向 { $program } 输入：{ $error }
engine-listens-elsewhere = 服务端监听的是端口 { $elsewhere }，而不是分配给它的端口（{ $port }）：客户端在那里连不上它
engine-waits-keyboard = 服务端在监听端口 { $port } 之前先等着输入一行：而客户端启动时没有哪个步骤会输入
engine-ended-before-prompt = { $program } 在显示提示符 `>>>` 之前就结束了（{ $how }）；{ $seen }
engine-waited-prompt = 等了 { $seconds } 秒，{ $program } 也没有显示提示符 `>>>`；{ $seen }
engine-waited-relay = 等了 { $seconds } 秒，运行器的中继仍未把客户端的连接转给服务端：这台机器太忙了，请再检查一次
engine-waited-exit = 等了 { $seconds } 秒，{ $program } 也没有退出，仍在运行；{ $seen }
engine-waited-clients = 最后一步之后等了 { $seconds } 秒，{ $programs } 也没有退出
engine-waited-close = 客户端都退出后等了 { $seconds } 秒，连接也没有全部关闭
engine-left-process = 场景结束后，{ $program } 留下了还在运行的进程：{ $processes }；运行器已把它结束
engine-left-processes = 场景结束后，{ $program } 留下了还在运行的进程：{ $processes }；运行器已把它们结束
tail-nothing = 它在标准输出上什么也没输出
tail-last = 它最后输出的是 { $last }
stuck-output-cut = { $program } 输出了超过 { $kib } KiB 的内容；运行器不再保留更多，所以记录不可能与快照相符
stuck-line-not-prompted-for = { $program } 在等着输入一行，但{ $shown }：没有提示符，就没有哪个步骤会输入
stuck-prompt-mid-line = 它的提示符 `>>>` 在一行的中间，运行器不把它当作提示符
stuck-prompt-not-flushed = 它没有显示提示符 `>>>`（写了但没有刷新？）
stuck-connection-held = { $program } 在提示符 `>>>` 处等着输入一行，而它与 { $client } 的连接仍然开着：它没法关闭这个连接
stuck-prompt-instead-of-exit = { $program } 又显示了提示符 `>>>`，等着输入一行，而它本应已经退出
stuck-reply-cannot-come = { $program } 发出了消息，在等回复，但服务端此后什么也没发：它在提示符 `>>>` 处等着输入一行，所以回复不可能到来

## 演练前后的错误
cannot-create = 无法创建 { $path }：{ $error }
cannot-write = 无法写入 { $path }：{ $error }
homework-not-writable = 第 { $number } 课没有要写的服务端或客户端：它的案例是用来读的，不用重写（见 `cargo xtask lesson { $number }`）
homework-exists = { $dir } 已经存在：你在那里的作业会保留。要重新开始第 { $number } 课，先把那个文件夹移走
homework-no-manifest = { $dir } 里没有 Cargo.toml
homework-cannot-run-cargo = 无法运行 cargo 来构建你的作业：{ $error }
homework-does-not-build = 你在 { $dir } 的作业没能构建：见上面 cargo 的信息
homework-programs-do-not-build = 你在 { $dir } 的作业没能构建（{ $programs }）：见上面 cargo 的信息
homework-checking-the-rest = 注意：{ $program } 没能构建（见上面 cargo 的信息）：只检查其余的程序
ports-another-check = 另一个检查
ports-another-check-process = 另一个检查（进程 { $pid }）
ports-fixed-in-use = { $who }正在使用端口 { $port }：等它结束，或者在你的程序命令里写上 `{"{"}port{"}"}`，这样几个检查可以同时进行
ports-fixed-taken = 端口 { $port } 被另一个程序占用了{ $owner }：先把它停掉（是你之前运行的程序吗？），或者在你的程序命令里写上 `{"{"}port{"}"}`
play-port-held = 注意：端口 { $port } 仍被一个刚关闭的连接占着（TCP 的 TIME_WAIT，最长一分钟）；等它释放后，再演练一次 `{ $scenario }`（设置了 SO_REUSEADDR 的服务端可以立刻在那里监听）
workspace-cannot-run-cargo = 无法运行 cargo 来构建各课：{ $error }
workspace-build-failed = 构建 { $packages } 失败（见上面 cargo 的信息）

## bench
bench-playing = 每课演练 { $runs } 次，之前先热身一次（构建已完成）……
bench-heading-scenario = 课 · 场景（各次运行的中位数）
bench-heading-play = 演练
bench-heading-floor = 底线
bench-heading-ratio = 比值
bench-total-chats = 第 01–07 课，一课接一课
bench-total-lesson08 = 第 08 课
bench-total-all = 所有课
bench-met = 达到
bench-missed = 未达到
bench-targets = 目标 ≤ { $target }（{ $met }）；比值 ≤ { $ratio }×（{ $ratio_met }）
bench-legend =
    演练：一课的各场景同时演练，并与快照比对，和构建之后的 `cargo xtask lesson N` 一样；
      一个场景的时间是它自己线程的时间，所以包括等待相邻场景占用的 CPU 核心的时间。
    底线：同样的场景，但不进行对话：场景启动的每个程序都以 `--help` 运行
      （否则服务端会一直等下去），每个 `run` 或 `compile` 步骤照原样运行，不经过运行器；
      各场景同时进行，和演练时一样。
    比值：演练 / 底线，即对话和运行器在启动程序之外增加的开销。
      数字：在 { $cores } 个核心上 { $runs } 次运行的中位数，之前先热身一次。
check-no-snapshot = 第 { $number } 课没有可供比对的快照 { $snapshot }

## bench --verdicts
verdicts-title = 每个错误示例程序得出结论的时间（演练一轮它所在的课，每步上限 { $seconds } 秒）：
verdicts-program = 程序
verdicts-rule = 规则
verdicts-first-rule = 第一条提示的规则
verdicts-verdict = 结论
verdicts-passed = 通过的场景
verdicts-passed-of = { $total } 个中通过 { $passed } 个
verdicts-tool-missing = （缺少工具）
verdicts-notes-title = 讲义里的 Python 程序（examples/python/）：
verdicts-python-missing = （缺少 python3）

## see, stuck and wire steps
engine-ended-before-line = { $program } 已经结束（{ $how }），没有显示包含 { $text } 的一行；自上一次 `see` 它以来，它显示了 { $shown }
engine-waited-line = 等了 { $seconds } 秒，{ $program } 的屏幕上没有出现包含 { $text } 的一行；自上一次 `see` 它以来，它显示了 { $shown }
engine-stuck-tcp = `stuck` 只用于讲 UDP 的课：在 TCP 上，是否还有回复正在发往 { $program }，记录里看不出来
engine-stuck-nothing-typed = 没有在 { $program } 上输入过任何一行：它没有在等回复
engine-stuck-ended = { $program } 已经结束（{ $how }），而它本该一直等下去
engine-stuck-went-on = 等了 { $seconds } 秒，想看到 { $program } 一直等下去，但是{ $went_on }；{ $seen }
engine-stuck-prompted = 它又显示了提示符 `>>>`
engine-stuck-on-its-way = 还有东西在路上，或者它又发送了一次
lines-nothing = 什么也没有
lines-quoted = { $lines }
lines-skipped-quoted = { $skipped } 行，然后是 { $lines }
exit-stuck = 一直在等：被运行器结束
bend-merge-unfinished = 它始终没有生效：要合并的 { $writes } 次写入只来了 { $came } 次
bend-split-unfinished = 它始终没有生效：它之后再没有写入
bend-still-held = 数据报 { $datagram } 还被扣着：数据报 { $until } 始终没有来
bend-never-came = 它始终没有生效：数据报 { $datagram } 始终没有来
bend-needs-tcp = `{ $bend }` 改动的是 TCP 字节流；这一课讲的是 UDP（TCP：merge、split；UDP：drop、duplicate、reorder、delay）
bend-needs-udp = `{ $bend }` 改动的是 UDP 数据报；这一课讲的是 TCP（TCP：merge、split；UDP：drop、duplicate、reorder、delay）
bend-too-late = 这个方向上的数据报 { $datagram } 已经过去了（到目前为止 { $seen } 个）

## progress, grade, watch
progress-about = 哪些课的作业已经有了、已经通过
progress-not-started = 还没开始
progress-passes = 通过（{ $passed } / { $passed }）
progress-fails = { $passed } / { $total }，第一个没通过的：{ $first }
progress-summary = { $total } 课的作业里通过了 { $passing } 课
progress-next-check = 下一步：cargo xtask check { $number }（或者加 --watch，每次保存都检查）
progress-next-start = 下一步：cargo xtask homework { $number }
progress-all-done = 每一课的作业都通过了。
grade-about = 给全班评分：DIR 里的每份作业（每个学生一个文件夹）都按第 N 课检查
grade-long-about = 给全班评分：DIR 里的每份作业都按第 N 课检查，同时检查几份。
    
    DIR 里每个学生一个文件夹（DIR/STUDENT/），每个文件夹里至少有下面一种：
      `cargo xtask homework N` 生成的作业 crate（放在 DIR/STUDENT/ 或 DIR/STUDENT/lessonNN/）；
      server.py 和/或 client.py，用 `python3 FILE PORT` 运行；
      server.js 和/或 client.js，用 `node FILE PORT` 运行。
    每个角色按这个顺序取第一个找到的来评分。
    
    打印全班的表（学生、通过的场景数、第一个没通过的场景和它的首条提示），
    并写出 OUT/STUDENT/results.json（Exercism 测试运行器格式，第 2 版）、OUT/class.csv
    和 OUT/class.md。除非 --out 另外指定，OUT 就是 DIR。学生的程序运行时
    受 CPU 时间、内存、进程数和文件大小的限制（见 docs/src/zh/teachers-guide.md）。
grade-no-students = { $dir } 里没有学生文件夹（DIR/STUDENT/）：没有可评分的
grade-grading = 正在按 { $heading } 给 { $count } 份作业评分，每次 { $jobs } 份
grade-graded-one =   [{ $done }/{ $count }] { $student }：{ $passed }
grade-second-look =   { $student }：有一次等待超时了；单独再评一次，以防刚才机器太忙
grade-summary = { $count } 份作业里有 { $passing } 份通过了每个场景（{ $seconds } 秒）
grade-written = 结果：{ $out }/STUDENT/results.json、{ $out }/class.csv、{ $out }/class.md
grade-root-note = 注意：正在以 root 身份评分：系统不对 root 执行进程数限制（见教师指南）；请用普通用户评分
watch-watching = 正在盯着 { $what }：每次改动都会重新检查（Ctrl-C 结束）
watch-polling = 注意：这里收不到文件改动的通知（{ $reason }）：改为每秒查看一次有没有改动
watch-round = 第 { $number } 轮：{ $total } 个场景通过了 { $passed } 个（{ $seconds } 秒）
watch-unbuilt = ，你的程序有 { $count } 个没能编译
watch-failed-round = 第 { $number } 轮：{ $error }
watch-first-failing =   第一个没通过的：{ $name }：{ $summary }
watch-waiting = 等待改动…
watch-cannot-watch = 无法盯着 { $path }：{ $error }
grade-cannot-copy = 无法复制 crate 的 src/ 来编译：{ $error }
grade-cannot-run-cargo = 无法运行 cargo：{ $error }
grade-build-too-long = 编译在 { $seconds } 秒内没有结束：已停止
grade-nothing-found = 没有可评分的：没有作业 crate（Cargo.toml 和 src/bin/homeworkNN-server.rs 或 -client.rs），没有 server.py 或 client.py，也没有 server.js 或 client.js
grade-not-a-folder = 不是放作业的文件夹
grade-does-not-build = { $program } 编译不通过
grade-not-played = 运行器没能演完这一轮：{ $error }
grade-panicked = 这一轮出了 panic
watch-no-file = --watch 需要一个要盯着的文件：在命令里写出你的程序的源文件（`python3 server.py {"{"}port{"}"}`），或者检查你的作业 crate
