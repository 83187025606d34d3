# The runner's own words in English: verdicts, reports, errors, and the headings of `list`,
# `verify` and `bench` (see src/i18n/mod.rs for the syntax). The transcripts, which the
# snapshots hold, are not here: they are the same in every language.

error-prefix = error:
no-lesson = there is no lesson { $number } (see `cargo xtask list`)

## how a program ended
exit-code = exit code { $code }
exit-signal = ended by signal { $signal }
exit-killed = killed by the runner
exit-stopped = stopped by the runner

## verdicts and reports
pass = PASS
fail = FAIL
skip = SKIP
new = NEW
accepted = ACCEPTED
hint-prefix = hint:
note-prefix = note:
lesson-heading = lesson { $number } · { $title } ({ $title_zh })
failure-at-step = step `{ $step }` (line { $line }): { $problem }
failure-at-end = end of scenario: { $problem }
scenarios-passed = { $lesson }: { $passed } of { $total } scenarios passed
accept-advice = If the new transcripts are right, accept them with: cargo xtask lesson { $number } --accept
accepted-to = { $snapshot } (written to { $file })
no-snapshot-yet = { $snapshot }: no snapshot yet ({ $file })
differs-from = { $snapshot }: differs from { $file }, first in `{ $section }`
sequence-diagram = sequence diagram
nothing-to-draw = (no client and server in this scenario: nothing passes on the wire, so no diagram)

## list
list-line = { $scenarios } scenarios · cargo xtask lesson { $number }

## verify
no-scenarios-yet = { $lesson }: no scenarios yet
verify-passed = { $lesson }: { $passed } scenarios
verify-failed = { $lesson }: { $passed } of { $total } passed; failing: { $failing }
verify-total = { $passed } of { $total } scenarios passed
verify-see-details = See the details with: cargo xtask lesson { $number }

## homework
homework-created = Created
homework-created-for = { $dir } for { $lesson }
homework-next = Next: do the TODO at the top of each program, then check your work:
homework-see-lesson = See how the lesson's own programs behave: cargo xtask lesson { $number }

## check
candidate-label = your { $role } ({ $name })
check-fixed-port-note = note: `{ $command }` has no `{"{"}port{"}"}`: your { $role } is taken to use the fixed port { $port } (--port), and the scenarios play one after another
check-your-programs = your programs
check-your-homework = your homework ({ $dir })
check-no-homework = no homework for lesson { $number } in { $dir }: start it with `cargo xtask homework { $number }`
check-no-programs = { $dir } has no { $server } nor { $client } in src/bin/
check-checking = Checking { $what } against { $lesson }
check-round = { $candidate } with the lesson's { $other }:
check-unbuilt = , and { $unbuilt } of your programs did not build
check-see-verbose = See the whole transcripts with: cargo xtask check { $number } --verbose
check-at = at { $failure }
check-diff-heading = the lesson's transcript (-) against this run's (+), first in `{ $section }`:
check-more-lines = … { $lines } more lines (--verbose shows the whole transcript)
plain = { $text }

## why a step failed (the hints read these in English: keep the words they look for)
engine-not-started = `{ $program }` was not started
engine-cannot-start = cannot start { $executable }: { $error }
engine-cannot-open-relay = cannot open the relay: { $error }
engine-cannot-listen-door = cannot listen on port { $port }, where the client connects: { $error }
engine-input-closed = its input is already closed
engine-cannot-type = cannot type at { $program }: { $error }
engine-listens-elsewhere = the server listens on port { $elsewhere }, not on the port it was given ({ $port }): no client can reach it there
engine-waits-keyboard = the server waits for a typed line before it listens on port { $port }: no step types one while a client starts
engine-ended-before-prompt = { $program } ended ({ $how }) before showing its prompt `>>>`; { $seen }
engine-waited-prompt = waited { $seconds } s for { $program }'s prompt `>>>`; { $seen }
engine-waited-relay = waited { $seconds } s for the runner's relay to pass a client's connection on to the server: the machine is too busy; check again
engine-waited-exit = waited { $seconds } s for { $program } to exit; it is still running; { $seen }
engine-waited-clients = waited { $seconds } s for { $programs } to exit after the last step
engine-waited-close = waited { $seconds } s for every connection to close after the clients exited
engine-left-process = { $program } left a process running after the scenario: { $processes }; the runner ended it
engine-left-processes = { $program } left processes running after the scenario: { $processes }; the runner ended them
tail-nothing = it printed nothing on standard output
tail-last = its last output was { $last }
stuck-output-cut = { $program } printed more than { $kib } KiB; the runner keeps no more, so the transcript cannot match
stuck-line-not-prompted-for = { $program } waits for a typed line, but { $shown }: no step types a line without a prompt
stuck-prompt-mid-line = its prompt `>>>` is in the middle of a line, where the runner does not take it for one
stuck-prompt-not-flushed = it shows no prompt `>>>` (written but not flushed?)
stuck-connection-held = { $program } waits at its prompt `>>>` for a line, with its connection to { $client } still open: it cannot close it
stuck-prompt-instead-of-exit = { $program } shows its prompt `>>>` again, waiting for a line, where it should have exited
stuck-reply-cannot-come = { $program } sent its message and waits for the reply, but the server sent nothing since: it waits at its prompt `>>>` for a line, so the reply cannot come

## errors around a play
cannot-create = cannot create { $path }: { $error }
cannot-write = cannot write { $path }: { $error }
homework-not-writable = lesson { $number } has no server or client to write: its cases are read, not rewritten (see `cargo xtask lesson { $number }`)
homework-exists = { $dir } already exists: your work there is kept. To start lesson { $number } again, move that folder away first
homework-no-manifest = { $dir } has no Cargo.toml
homework-cannot-run-cargo = cannot run cargo to build your homework: { $error }
homework-does-not-build = your homework in { $dir } does not build: see cargo's messages above
homework-programs-do-not-build = your homework in { $dir } does not build ({ $programs }): see cargo's messages above
homework-checking-the-rest = note: { $program } does not build (see cargo's messages above): checking the rest only
ports-another-check = another check
ports-another-check-process = another check (process { $pid })
ports-fixed-in-use = { $who } is using port { $port } right now: wait until it has finished, or give your program `{"{"}port{"}"}` so that checks can run side by side
ports-fixed-taken = port { $port } is taken by another program{ $owner }: stop it first (an earlier run of yours?), or give your program `{"{"}port{"}"}`
play-port-held = note: port { $port } is still held by a connection that closed a moment ago (TCP's TIME_WAIT, up to a minute); waiting for it, then playing `{ $scenario }` again (a server that sets SO_REUSEADDR can listen there at once)
workspace-cannot-run-cargo = cannot run cargo to build the lessons: { $error }
workspace-build-failed = building { $packages } failed (see cargo's messages above)

## bench
bench-playing = Playing every lesson { $runs } times after a warm-up run (the build is done)...
bench-heading-scenario = lesson · scenario (median of runs)
bench-heading-play = play
bench-heading-floor = floor
bench-heading-ratio = ratio
bench-total-chats = lessons 01–07, one after another
bench-total-lesson08 = lesson 08
bench-total-all = every lesson
bench-met = met
bench-missed = MISSED
bench-targets = target ≤ { $target } ({ $met }); ratio ≤ { $ratio }× ({ $ratio_met })
bench-legend =
    play: the lesson's scenarios played at once and checked against their snapshots,
      as `cargo xtask lesson N` does after its build; a scenario's time is its own
      thread's, so it includes waiting for the cores its neighbours use.
    floor: the same scenarios with no conversation: each program a scenario starts,
      run with `--help` (a server waits for ever otherwise), and each `run` or `compile`
      step run as it is, without the runner; the scenarios at once, as in a play.
    ratio: play / floor, what the conversation and the runner add to starting the
      programs. Figures: median of { $runs } runs on { $cores } cores, after one warm-up run.
check-no-snapshot = lesson { $number } has no snapshot { $snapshot } to check against

## bench --verdicts
verdicts-title = Time to verdict of each faulty program (a round of its lesson, step bound { $seconds } s):
verdicts-program = program
verdicts-rule = rule
verdicts-first-rule = first hint's rule
verdicts-verdict = verdict
verdicts-passed = scenarios passed
verdicts-passed-of = { $passed } of { $total }
verdicts-tool-missing = (tool missing)
verdicts-notes-title = The notes' Python programs (examples/python/):
verdicts-python-missing = (python3 missing)

## see, stuck and wire steps
engine-ended-before-line = { $program } ended ({ $how }) without showing a line containing { $text }; since the last `see` of it, it showed { $shown }
engine-waited-line = waited { $seconds } s for { $program }'s screen to show a line containing { $text }; since the last `see` of it, it showed { $shown }
engine-stuck-tcp = `stuck` is for lessons that speak UDP: whether a reply is on its way to { $program } over TCP is not in the record
engine-stuck-nothing-typed = no line was typed at { $program }: it waits for no reply
engine-stuck-ended = { $program } ended ({ $how }) where it should wait for ever
engine-stuck-went-on = waited { $seconds } s for { $program } to wait for ever, but { $went_on }; { $seen }
engine-stuck-prompted = it shows its prompt `>>>` again
engine-stuck-on-its-way = something is still on its way, or it sent again
lines-nothing = nothing
lines-quoted = { $lines }
lines-skipped-quoted = { $skipped } lines, then { $lines }
exit-stuck = waits for ever: ended by the runner
bend-merge-unfinished = it never took effect: { $came } of the { $writes } writes to merge came
bend-split-unfinished = it never took effect: no write came after it
bend-still-held = datagram { $datagram } is still held: datagram { $until } never came
bend-never-came = it never took effect: datagram { $datagram } never came
bend-needs-tcp = `{ $bend }` bends a TCP stream; this lesson speaks UDP (TCP: merge, split; UDP: drop, duplicate, reorder, delay)
bend-needs-udp = `{ $bend }` bends UDP datagrams; this lesson speaks TCP (TCP: merge, split; UDP: drop, duplicate, reorder, delay)
bend-too-late = datagram { $datagram } in that direction has already passed ({ $seen } so far)

## progress, grade, watch
progress-about = Which lessons' homework exist and pass
progress-not-started = not started
progress-passes = passes ({ $passed } of { $passed })
progress-fails = { $passed } of { $total }, first failing: { $first }
progress-summary = { $passing } of { $total } lessons' homework pass
progress-next-check = Next: cargo xtask check { $number }  (or --watch, to check at every save)
progress-next-start = Next: cargo xtask homework { $number }
progress-all-done = Every lesson's homework passes.
grade-about = Grade a class: every submission in DIR (one folder per student) checked against lesson N
grade-long-about = Grade a class: every submission in DIR checked against lesson N, several at once.
    
    DIR holds one folder per student (DIR/STUDENT/), each with at least one of:
      a homework crate as `cargo xtask homework N` makes it (in DIR/STUDENT/ or DIR/STUDENT/lessonNN/);
      server.py and/or client.py, run as `python3 FILE PORT`;
      server.js and/or client.js, run as `node FILE PORT`.
    For each role the first found in that order is graded.
    
    Prints the class table (student, scenarios passed, the first failing scenario and its top hint),
    and writes OUT/STUDENT/results.json (Exercism's test-runner format, version 2), OUT/class.csv
    and OUT/class.md. OUT is DIR unless --out says otherwise. Students' programs run with
    limits on CPU time, memory, processes and file size (see docs/src/teachers-guide.md).
grade-no-students = { $dir } holds no student folders (DIR/STUDENT/): nothing to grade
grade-grading = Grading { $count } submissions against { $heading }, { $jobs } at a time
grade-graded-one =   [{ $done }/{ $count }] { $student }: { $passed }
grade-second-look =   { $student }: a wait ran out; grading it again alone, in case the machine was busy
grade-summary = { $passing } of { $count } submissions pass every scenario ({ $seconds } s)
grade-written = Results: { $out }/STUDENT/results.json, { $out }/class.csv, { $out }/class.md
grade-root-note = note: grading as root: the system does not enforce the limit on processes for root (see the teacher's guide); grade as an ordinary user
watch-watching = Watching { $what }: every change checks again (Ctrl-C ends)
watch-polling = note: no file-change events here ({ $reason }): looking for changes every second
watch-round = round { $number }: { $passed } of { $total } scenarios passed ({ $seconds } s)
watch-unbuilt = , { $count } of your programs did not build
watch-failed-round = round { $number }: { $error }
watch-first-failing =   first failing: { $name }: { $summary }
watch-waiting = waiting for a change…
watch-cannot-watch = cannot watch { $path }: { $error }
grade-cannot-copy = cannot copy the crate's src/ for building: { $error }
grade-cannot-run-cargo = cannot run cargo: { $error }
grade-build-too-long = the build did not end within { $seconds } s: stopped
grade-nothing-found = nothing to grade: no homework crate (Cargo.toml and src/bin/homeworkNN-server.rs or -client.rs), no server.py or client.py, no server.js or client.js
grade-not-a-folder = is not a folder of submissions
grade-does-not-build = { $program } does not build
grade-not-played = the runner could not play this round: { $error }
grade-panicked = the round panicked
watch-no-file = --watch needs a file to watch: name your program's source in the command (`python3 server.py {"{"}port{"}"}`), or check your homework crate
