# The hints' texts in English, keyed by id (see src/i18n/mod.rs for the syntax: a subset of
# Fluent's). A rule's main message has the rule's name; other ids are its variants and the
# phrases they share. Control bytes are written as the transcript writes them: `\e` for
# the escape character, `\xNN` for other bytes, colours as ⟨red⟩ and the reset as ⟨/⟩.

empty = {""}
said = , saying `{ $line }`

## start
command-not-found = Your { $program } could not be started (`{ $said }`): check the command: is the program installed (`python3`? `node`?), and is the file's path right? Paths are relative to the folder you ran cargo xtask in.
port-clash-own-scenario = Address in use, but not on the port your { $program } was given ({ $port }), which the runner had made sure was free: your { $program } binds a port of its own choosing, and another program holds it. The check plays the lesson's scenarios at the same time, so that is most likely your own server of another scenario. Take the port from the command line (`{"{"}port{"}"}` in the command, or --port) instead of a fixed one.
wrong-port = Wrong port: your server { $listens } { $elsewhere }, not on the port it was given, { $given }: no client can reach it there. Take the port from the command line (`{"{"}port{"}"}` in the command, or --port) instead of a fixed one.
wrong-port-tcp = listens on port
wrong-port-udp = is bound to UDP port
never-listened = Your server is running but did not { $listen } port { $port }: it must bind 127.0.0.1 and the port it was given (`{"{"}port{"}"}` in the command, or --port) before anything else. Does it wait for something first (its keyboard?), or did it start at all? Its screen and standard error are in the transcript.
never-listened-tcp = listen on
never-listened-udp = bind UDP
leftover-process = Your { $program } left a process running after the scenario: process { $pid } (`{ $command }`, ports: { $ports }), which the runner ended. Every process a program starts must end with it: no `&` in the command, no child left behind when it exits.

## crash
rust-panic = Your { $program } panicked at { $place }: `{ $message }`. That line of your code met a case it did not expect (an `unwrap()` on an error?): handle the error there, with one line on standard error, as the lesson's program does.
python-exception = Your { $program } crashed with `{ $exception }` ({ $place }): catch that error where it happens, say it in one line on standard error (print(..., file=sys.stderr)), and exit or go on as the lesson's program does.
node-exception = Your { $program } crashed with `{ $exception }` (thrown at { $place }): handle that error (an 'error' event handler on the socket, a try/catch), say it in one line on standard error (console.error), and exit or go on as the lesson's program does.
crashed = Your { $program } crashed ({ $how }): a C program that reads or writes past a buffer, or uses a closed socket, ends so. Check each call's return value (recv returns 0 when the peer has left, -1 on an error).

## colour
octal-escape = Your { $program } printed a NUL byte (\x00) then `33[`: `\033` is octal, as Python and C read it, but in a Rust string `\0` is the NUL character and `33[` plain text. Write the escape character as `\x1b` (or `\u{"{"}1b{"}"}`): `"\x1b[31m"`.
reset-after-newline = Your { $program } prints the colour reset `\e[0m` (⟨/⟩) after the newline, so it starts the next line, before the prompt `>>>`. Put the reset before the newline: `print(f"\x1b[31m{"{"}text{"}"}\x1b[0m")`, `println!("\x1b[31m{"{"}text{"}"}\x1b[0m")`.
no-reset = Your { $program } starts a colour but never resets it: end each coloured message with `\e[0m` (shown ⟨/⟩), or everything printed after it, the prompt too, stays in that colour.
colour-per-connection = Your { $program } showed { $name } in ⟨{ $first }⟩ and then in ⟨{ $second }⟩: the colour changes with the connection. A friend keeps their colour: compute it from the name (the lesson adds up the name's characters, remainder by 4), not at random or per connection.
peer-escapes-obeyed = Your { $program } printed a friend's escape sequence as it came (shown ⟨\e[2J⟩ on its screen), so the friend's text drives your terminal: clearing it, recolouring it. Print a peer's text made safe, its control characters escaped (Python: `repr()` or `.encode("unicode_escape")`; the lesson's `lessonkit::printable`), then colour it.
wrong-colour = Your { $program } showed `{ $text }` in ⟨{ $got }⟩ where the lesson's shows it in ⟨{ $expected }⟩: a friend's colour comes from their name (the lesson adds up the name's characters and picks one of its four colours, red, green, magenta and cyan, by the remainder by 4), so it is the same on every run and every connection.
same-colour-for-two-friends = Your { $program } showed { $one } and { $other } both in ⟨{ $colour }⟩, where the lesson's gives them different colours: compute the colour from the name (the lesson adds up the name's characters and picks one of its four colours, red, green, magenta and cyan, by the remainder by 4).

## quit
tagged-quit = Q not recognised: your { $program } compared the whole message `{ $quit }` with `Q`. From lesson 05 on every message carries its sender's name, `NAME:text`: split it at the first `:` and test the text after it (`Q` or `q`, ignoring case), right after receiving it.
client-misses-server-quit = Q not recognised: your { $program } received `{ $quit }` from the server and went on chatting. Test what you receive too, right after receiving it and before printing it: the server's `Q` ends the chat as a typed one does.
quit-not-recognised = Q not recognised: your { $program } { $how } and went on instead of leaving its loop. Test the whole message, ignoring case (`Q` or `q`): right after receiving it (before printing it), and right after sending a typed one.
quit-received = received a quit (`{ $quit }`)
quit-printed = printed `{ $quit }`, a quit it received, as a message,
quit-typed = sent the quit typed at it (`{ $quit }`)
hangs-quit-received = received a quit
hangs-quit-typed = sent the quit typed at it
hangs-after-quit = Your { $program } { $how } but was still running { $timeout } later, with no new prompt: it hangs. After leaving its loop it must close the connection and end; look for a call that blocks after the loop (a receive, an accept, a read of the keyboard) or a loop that never ends.

## ending
serves-one-client = Your { $program } ended on its own ({ $how }{ $said }) after its first chat, where the lesson's keeps serving until the runner stops it: when a chat ends, it accepts the next client. Put the accept and the chat in a loop (`while True: conn, addr = sk.accept() ...`).
ended-early = Your { $program } ended on its own ({ $how }{ $said }) before step `{ $step }`, where the lesson's goes on to show its prompt `>>>` for it.
ended-otherwise = Your { $program } ended on its own ({ $how }{ $said }) where the lesson's ends { $expected }.
refused = Connection refused: your { $program } found nothing listening where it connected. It must connect to 127.0.0.1 and { $port }.
refused-fixed-port = the fixed port { $port } (the runner listens there for the lesson's server)
refused-given-port = the port it is given (`{"{"}port{"}"}` in the command, or --port)
lesson-client-refused = Connection refused: a client found nothing listening, because { $why }.
refused-server-exited = { $server } had already exited ({ $how })
refused-not-listening = { $server } did not listen on the port it was given ({ $reason })
listener-closed = Connection refused: a client found nothing listening on port { $port }, where your { $program } had listened before: it closed its listening socket. Make the listening socket once, before the accept loop, and keep it open as long as the server serves: a client that connects during a chat waits in it until `accept` takes it.
connection-left-open = A connection stayed open after every client had exited: the server must close a client's connection when its chat ends (also when the client leaves: a receive of 0 bytes).
still-running = Your { $program } was still running at `{ $step }`, where the lesson's ends { $expected }. { $wire }
lesson-program-waiting = The lesson's { $program } { $what }: it was waiting for your { $role }. { $wire }
lesson-still-running = was still running at `{ $step }`, where it ends { $expected }
lesson-no-prompt = showed no prompt within { $timeout }

## output
flood = Your { $program } printed more than { $kib } KiB, where the runner cuts its output: a loop that never ends? Often it is a loop on a receive that returns 0 bytes (b'' in Python) again and again once the peer has left: stop when it does.
empty-receive = Your { $program } printed an empty line: that is what a receive of 0 bytes (b'' in Python) prints. 0 bytes means the peer has closed the connection: end the chat there, with one line on standard error, instead of printing it and answering nobody.
prompt-mid-line = Your { $program } printed its prompt in the middle of a line (`{ $line }`): the prompt `>>>` must start a line. End what you print before it with a newline (println!, Python's print(), printf("...\n")).
missing-newline = Your { $program } waits for a line after printing `{ $tail }`, which is not the prompt `>>>`: end each message you print with a newline, then show exactly `>>>` (Python: `input(">>>")`) at the start of the line.
unflushed-prompt = Your { $program } showed no prompt `>>>` within { $timeout } for step `{ $step }`. A prompt has no newline, so it stays in the output buffer until flushed: { $flush }. If it does flush, it was waiting for something else. { $wire }
flush-python = flush after writing it (`input(">>>")` flushes; `print(">>>", end="")` needs `flush=True`)
flush-rust = flush after writing it (`io::stdout().flush()` after `print!(">>>")`)
flush-node = write it with `process.stdout.write(">>>")`, which does not wait for a newline
flush-native = flush after writing it (C: `fflush(stdout)` after `printf(">>>")`; Rust: `io::stdout().flush()` after `print!`)
debug-output = Your { $program } printed `{ $got }`, which the lesson's does not: debug output? Standard output is the user's screen, and the check compares it line by line: take the line out (or write it to standard error while you debug, and take it out then).
printed-otherwise = Your { $program } printed `{ $got }` where the lesson's prints `{ $expected }`.
printed-missing = Your { $program } did not print `{ $expected }`, as the lesson's does.
debug-stderr = Your { $program } wrote to standard error where the lesson's does not (`{ $line }`): debug output? Standard error carries one line when something goes wrong, and the check counts its lines: take debug lines out.
stderr-missing = The lesson's { $program } says what happened in one line on standard error here; yours wrote none (eprintln!, Python's print(..., file=sys.stderr), C's fprintf(stderr, ...)).

## wire
udp-fixed-address = Your { $program } answered, but nothing reached the client: over UDP a reply goes where you send it. Send it to the address `recv_from` returned with the message (`sk.sendto(reply, addr)`, `socket.send_to(reply, addr)`), not to a fixed address: each client's port is picked by its system.
sent-before-typed = Your { $program } sent { $sent } before any line was typed at it: from lesson 02 on, each message is a line its user types at the prompt (`msg = input(">>>")`), not one written in the program.
wrong-reply = Wrong reply: your { $program } sent { $got } where the lesson's sends { $expected }.
sent-extra = Your { $program } sent { $got }, which the lesson's does not send.
never-sent = Your { $program } never sent { $expected }, as the lesson's does.
peer-closed-early = Closed too soon: your { $role } closed the connection while it still ran, where the lesson's goes on chatting on it (see `{ $section }`). Keep one connection for the whole chat, and close it only when the chat ends (a quit, or the peer leaving).
first-difference = The first difference is in `{ $section }`: compare the lines marked - (the lesson's) and + (this run's).
wire-nothing = Nothing passed on the wire to or from `{ $program }`.
wire-own-message = The last thing on the wire was its own message { $bytes }: it was waiting for an answer.
wire-sent-to-it = The last thing on the wire was { $bytes } sent to it: it had that to print or answer.
wire-closed = The last thing on the wire was a connection ending.

## notes: said also when every scenario passes
note-every-address = Your server listens on 0.0.0.0, every network this computer is on, not only on 127.0.0.1: anyone who can reach this computer (the classroom's network, a café's Wi-Fi) can connect to it and send it text. Bind 127.0.0.1, unless you are told to serve other computers: then take the address from --host, as the lesson's program does.

## phrases the rules share
your-server = your server
lessons-server = the lesson's server
role-server = server
role-client = client
crash-signal = signal { $signal }, { $name }
