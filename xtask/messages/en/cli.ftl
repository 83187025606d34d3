# The command line's texts in English: `--help` of every command and option, and the usage
# errors (see src/i18n/mod.rs for the syntax). clap's own words are here too, as clap says
# them, so that the other languages can say them.

cli-usage-heading = Usage:{" "}
cli-arguments-heading = Arguments
cli-options-heading = Options
cli-commands-heading = Commands
cli-help-flag = Print help
cli-help-command = Print this message or the help of the given command
cli-default = [default: { $value }]
cli-lang = The language of the runner's texts: en or zh [default: from LC_ALL, LC_MESSAGES or LANG, else en]
cli-lang-unknown = the runner speaks en (English) and zh (中文)
cli-see-help = {" "}(see --help)
cli-invalid-value = invalid value '{ $value }' for '{ $arg }': { $reason }
cli-valid-values = it is one of { $values }
cli-unknown-argument = unexpected argument '{ $arg }'
cli-unknown-command = unrecognized subcommand '{ $name }'
cli-missing-argument = the following required arguments were not provided: { $args }
cli-argument-conflict = the argument '{ $arg }' cannot be used with '{ $other }'
cli-bad-value = wrong number of values for '{ $arg }'

cli-about = Plays the lessons' scripted conversations and checks them against snapshots.
cli-step-timeout = Upper bound of every wait in a conversation (0.1 to 600)
cli-step-timeout-invalid = a step timeout is a number of seconds from { $least } to { $most }
cli-lesson-out-of-range = { $number } is not in 1..={ $last }
cli-not-a-number = not a lesson number: give a lesson from 1 to { $last }

list-about = List the lessons with their titles

lesson-about = Play lesson N's conversations and check each against its snapshot
lesson-n = The lesson's number, 1 to { $last } (see `cargo xtask list`)
lesson-accept = Write this run's transcripts as the new snapshots
lesson-diagram = Also draw each scenario's sequence diagram, from the wire
lesson-impair-seed = Also drop and repeat datagrams, and cut TCP writes, at random from SEED: each scenario must still play to its end (replay a failure with its seed)

verify-about = Play every lesson: one line each, and a total

bench-about = Time playing every lesson, beside the same programs with no conversation
bench-runs = Counted runs of every lesson; the table shows their medians
bench-verdicts = Also time `check`'s verdict on each faulty program (xtask/faulty/)
bench-impair-seed = Play with impairments at random from SEED, as `lesson --impair-seed`

docs-about = Regenerate the book's code, transcripts, diagrams and error table (docs/src)
docs-check = Only compare the pages with what the sources give now; write nothing

homework-about = Start lesson N's homework: a crate in homework/lessonNN/ holding lesson N-1's code
homework-long-about =
    Start lesson N's homework: writes the crate homework/lessonNN/ (package homeworkNN,
    binaries homeworkNN-server and homeworkNN-client) holding lesson N-1's code, with a
    TODO at the top of each program saying what lesson N adds. Lesson 1 starts from an
    empty skeleton. Work already there is never overwritten.

    The loop: cargo xtask homework 4, edit homework/lesson04/src/bin/*.rs,
    cargo xtask check 4 (see docs/src/homework.md).
homework-n = The lesson to do: 1 to 7 or 9 to 11 (lesson 8 has no programs to write)
homework-dir = The folder for homework crates [default: homework/ in the kit]

check-about = Check your homework (or any program) against lesson N's snapshots
check-long-about =
    Check your homework against lesson N's snapshots.

    Without --server or --client: builds homework/lessonNN/ (see `cargo xtask homework N`)
    and plays lesson N's conversations twice: your server with the lesson's client,
    then your client with the lesson's server. Each scenario gets a verdict; a failure
    shows the step, the lesson's lines (-) against yours (+), and a hint.

    --server CMD and --client CMD check any program, in any language, the other side
    being the lesson's program. CMD runs through the shell (sh -c; cmd /C on Windows)
    in the current folder, with the scenario's own arguments (--name alice) after it.
    `{"{"}port{"}"}` in CMD becomes the port to listen on (server) or to connect to (client).
    Without `{"{"}port{"}"}`, the program is taken to use the fixed port of --port (9000, as in
    the notes): a server must listen there; for a client, the runner listens there.
    The scenarios then play one after another.

    Examples:
      cargo xtask check 4
      cargo xtask check 3 --server 'python3 examples/python/lesson03-server.py {"{"}port{"}"}'
      cargo xtask check 7 --client 'python3 my_client.py'
check-n = The lesson, 1 to 7
check-server = Check CMD as the server, with the lesson's client (`{"{"}port{"}"}`: the port)
check-client = Check CMD as the client, with the lesson's server (`{"{"}port{"}"}`: the port)
check-port = The port a CMD without `{"{"}port{"}"}` uses (its server listens there)
check-dir = The folder of homework crates [default: homework/ in the kit]
check-verbose = Show every scenario's whole transcript
check-lesson-8 = lesson 8 has no homework to check: its cases are errors to read, played by `cargo xtask lesson 8`
check-no-such-lesson = there is no such lesson: give a lesson from 1 to { $last } but 8
check-not-a-number = not a lesson number: give a lesson from 1 to { $last } but 8
homework-out-of-range = lesson { $number } has no homework: the lessons with homework are 1 to 7 and 9 to 11
check-watch = Check again at every change of your program's source, until Ctrl-C
check-poll = With --watch: look for changes every second instead of asking the system (WSL 2 on a Windows folder, a network share)
bench-grade = Only time `grade` on a class of 40 submissions of lesson 04
bench-jobs = With --grade: submissions graded at once [default: the cores]
grade-dir = The class folder: one folder per student
grade-lesson = The lesson to grade: 1 to 7 or 9 to 11
grade-out = Where to write the results [default: DIR]
grade-jobs = Submissions graded at once [default: the machine's cores]
