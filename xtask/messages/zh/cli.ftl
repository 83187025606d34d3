# 命令行的中文文本：每个命令和选项的 `--help`，以及用法错误（语法见 src/i18n/mod.rs）。
# clap 自己的用语（用法、参数、选项……）也在这里。

cli-usage-heading = 用法：
cli-arguments-heading = 参数
cli-options-heading = 选项
cli-commands-heading = 命令
cli-help-flag = 显示帮助
cli-help-command = 显示本帮助，或所给命令的帮助
cli-default = [默认：{ $value }]
cli-lang = 运行器文本的语言：en 或 zh [默认：由 LC_ALL、LC_MESSAGES 或 LANG 决定，否则为 en]
cli-lang-unknown = 运行器会说 en（English）和 zh（中文）
cli-see-help = （见 --help）
cli-invalid-value = '{ $arg }' 的值 '{ $value }' 无效：{ $reason }
cli-valid-values = 可选的值有 { $values }
cli-unknown-argument = 多余的参数 '{ $arg }'
cli-unknown-command = 没有这个命令：'{ $name }'
cli-missing-argument = 缺少必需的参数：{ $args }
cli-argument-conflict = 参数 '{ $arg }' 不能和 '{ $other }' 一起用
cli-bad-value = '{ $arg }' 的值的个数不对

cli-about = 演练各课编好的对话，并与快照比对。
cli-step-timeout = 对话中每次等待的上限，单位秒（0.1 到 600）
cli-step-timeout-invalid = 每步超时是 { $least } 到 { $most } 之间的秒数
cli-lesson-out-of-range = 没有第 { $number } 课：课号是 1 到 { $last }
cli-not-a-number = 这不是课号：请给出 1 到 { $last } 之间的课号

list-about = 列出各课及其标题

lesson-about = 演练第 N 课的对话，逐个与快照比对
lesson-n = 课号，1 到 { $last }（见 `cargo xtask list`）
lesson-accept = 把这次运行的记录写成新的快照
lesson-diagram = 同时根据线路上的数据，画出每个场景的时序图
lesson-impair-seed = 另外按 SEED 随机丢弃、重复数据报，并切开 TCP 的写入：每个场景仍须完整演完（用同一个种子重放失败）

verify-about = 演练每一课：每课一行，最后是总数

bench-about = 计时演练每一课，并与不进行对话的同样程序相比
bench-runs = 每课计数的运行次数；表中给出它们的中位数
bench-verdicts = 同时计时 `check` 对每个错误示例程序（xtask/faulty/）给出结论的时间
bench-impair-seed = 按 SEED 随机加入线路故障来演示，同 `lesson --impair-seed`

docs-about = 重新生成书中的代码、记录、时序图和错误表（docs/src）
docs-check = 只把页面与源文件现在生成的内容比较；什么也不写

homework-about = 开始第 N 课的作业：在 homework/lessonNN/ 里建一个 crate，装着第 N-1 课的代码
homework-long-about =
    开始第 N 课的作业：写出 crate homework/lessonNN/（包 homeworkNN，
    可执行程序 homeworkNN-server 和 homeworkNN-client），里面是第 N-1 课的代码，
    每个程序开头有一条 TODO，说明第 N 课要加上什么。第 1 课从一个空的骨架开始。
    已经写好的作业永远不会被覆盖。

    流程：cargo xtask homework 4，编辑 homework/lesson04/src/bin/*.rs，
    cargo xtask check 4（见 docs/src/homework.md）。
homework-n = 要做的课：1 到 7 或 9 到 11（第 8 课没有要写的程序）
homework-dir = 放作业 crate 的文件夹 [默认：工具包里的 homework/]

check-about = 用第 N 课的快照检查你的作业（或任何程序）
check-long-about =
    用第 N 课的快照检查你的作业。

    不加 --server 或 --client 时：构建 homework/lessonNN/（见 `cargo xtask homework N`），
    把第 N 课的对话演练两遍：先是你的服务端配本课的客户端，
    再是你的客户端配本课的服务端。每个场景都有结论；失败时会显示
    出错的步骤、本课的行（-）与你的行（+）的对比，以及提示。

    --server CMD 和 --client CMD 可以检查任何语言写的任何程序，另一方是本课的程序。
    CMD 在当前文件夹里通过 shell 运行（sh -c；Windows 上是 cmd /C），
    场景自己的参数（--name alice）接在它后面。
    CMD 里的 `{"{"}port{"}"}` 会换成要监听（服务端）或要连接（客户端）的端口。
    没有 `{"{"}port{"}"}` 时，认为程序使用 --port 的固定端口（9000，和讲义一样）：
    服务端必须在那里监听；对客户端，由运行器在那里监听。
    这时各场景一个接一个地演练。

    示例：
      cargo xtask check 4
      cargo xtask check 3 --server 'python3 examples/python/lesson03-server.py {"{"}port{"}"}'
      cargo xtask check 7 --client 'python3 my_client.py'
check-n = 课号，1 到 7
check-server = 把 CMD 当作服务端检查，配本课的客户端（`{"{"}port{"}"}`：端口）
check-client = 把 CMD 当作客户端检查，配本课的服务端（`{"{"}port{"}"}`：端口）
check-port = 不含 `{"{"}port{"}"}` 的 CMD 使用的端口（它的服务端在那里监听）
check-dir = 放作业 crate 的文件夹 [默认：工具包里的 homework/]
check-verbose = 显示每个场景的完整记录
check-lesson-8 = 第 8 课没有要检查的作业：它的案例是要读懂的报错，用 `cargo xtask lesson 8` 演练
check-no-such-lesson = 没有这一课：请给出 1 到 { $last } 之间的课号（第 8 课除外）
check-not-a-number = 这不是课号：请给出 1 到 { $last } 之间的课号（第 8 课除外）
homework-out-of-range = 第 { $number } 课没有作业：有作业的是第 1 到 7 课和第 9 到 11 课
check-watch = 每次你的程序源文件有改动就重新检查，直到按 Ctrl-C
check-poll = 与 --watch 一起用：每秒查看一次改动，而不是等系统通知（Windows 文件夹上的 WSL 2、网络共享）
bench-grade = 只计时 `grade` 给一个班 40 份第 04 课作业评分
bench-jobs = 与 --grade 一起用：同时评分的作业份数［默认：核数］
grade-dir = 全班的文件夹：每个学生一个文件夹
grade-lesson = 要评分的课：1 到 7 或 9 到 11
grade-out = 结果写到哪里［默认：DIR］
grade-jobs = 同时评分的作业份数［默认：这台机器的核数］
