//! Lesson 10's server with real sockets, under load and misuse: 200 friends at once, a
//! friend who stops reading, and lines that end a session.
//!
//! Every wait is bounded: each socket read by [`PATIENCE`], and each test that waits on
//! threads of its own by [`within`]. The server is a [`Program`], killed when the test
//! ends, even a failing one.

#[path = "../../02-loop-chat/tests/support/mod.rs"]
mod support;

use std::collections::{HashMap, HashSet};
use std::io::{self, BufRead, BufReader, Write};
use std::net::{Shutdown, TcpStream};
use std::sync::{Arc, Barrier, mpsc};
use std::thread;
use std::time::Duration;

use support::{PATIENCE, Program, free_port};

// The programs' paths as cargo gives them when the tests run, so that a copied kit's tests
// run the copy's programs (a path compiled in names the folder the tests were built in).
fn server_exe() -> String {
    std::env::var("CARGO_BIN_EXE_lesson10-server")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_lesson10-server").to_owned())
}

/// The bound of a test's own threads (far above what a busy 2-core machine needs).
const BOUND: Duration = Duration::from_secs(180);

/// How many friends the load test has, and how many messages each sends.
const FRIENDS: usize = 200;
const MESSAGES: usize = 50;

fn start_server() -> (Program, u16) {
    raise_fd_limit(3 * FRIENDS as u64 + 200);
    let port = free_port();
    let server = Program::start(&server_exe(), &["--port", &port.to_string()]);
    (server, port)
}

/// One friend played by the test: a connection, read line by line.
struct Friend {
    name: String,
    lines: BufReader<TcpStream>,
    conn: TcpStream,
}

impl Friend {
    /// The first friend: connects once the server listens (or fails if it exits).
    fn first(server: &mut Program, port: u16, name: &str) -> Friend {
        Friend::joined(support::connect(server, port), name)
    }

    /// Any later friend (the server listens already).
    fn join(port: u16, name: &str) -> Friend {
        let conn = TcpStream::connect(("127.0.0.1", port)).expect("connecting");
        conn.set_read_timeout(Some(PATIENCE)).expect("read timeout");
        Friend::joined(conn, name)
    }

    /// Sends the name, and takes the welcome, the first line the server sends.
    fn joined(conn: TcpStream, name: &str) -> Friend {
        let lines = BufReader::new(conn.try_clone().expect("cloning the stream"));
        let mut friend = Friend {
            name: name.to_owned(),
            lines,
            conn,
        };
        friend.say(name);
        let welcome = friend.next_line();
        assert!(
            welcome.starts_with(&format!("* welcome {name} (")),
            "{name} was not welcomed: {welcome:?}"
        );
        friend
    }

    fn say(&mut self, line: &str) {
        self.conn
            .write_all(format!("{line}\n").as_bytes())
            .expect("sending");
    }

    /// The next line the server sends, within [`PATIENCE`].
    fn next_line(&mut self) -> String {
        let mut line = String::new();
        let n = self
            .lines
            .read_line(&mut line)
            .unwrap_or_else(|error| match error.kind() {
                io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => {
                    panic!(
                        "{}: no line from the server within {PATIENCE:?}",
                        self.name
                    )
                }
                _ => panic!("{}: no line from the server: {error}", self.name),
            });
        assert!(n > 0, "{}: the server closed the connection", self.name);
        assert!(line.ends_with('\n'), "{}: a cut line {line:?}", self.name);
        line.pop();
        line
    }

    /// Waits until the server closes this friend's connection (end of stream or reset),
    /// and returns how many lines came before.
    fn wait_end(&mut self) -> usize {
        let mut lines = 0;
        let mut line = Vec::new();
        loop {
            line.clear();
            match self.lines.read_until(b'\n', &mut line) {
                Ok(0) => return lines,
                Ok(_) => lines += 1,
                Err(error) if error.kind() == io::ErrorKind::ConnectionReset => {
                    return lines;
                }
                Err(error) => {
                    panic!(
                        "{}: the server did not close the connection: {error}",
                        self.name
                    )
                }
            }
        }
    }
}

/// What friend `from` sends as its message `k`: every tenth one to the next friend
/// alone, the others to everyone; the last, `done`, to everyone.
fn message(from: usize, k: usize) -> String {
    if k == MESSAGES {
        "done".to_owned()
    } else if k % 10 == 9 {
        format!("@f{} p{k}", (from + 1) % FRIENDS)
    } else {
        format!("m{k}")
    }
}

/// What friend `to` must receive from friend `from`, in order.
fn expected(from: usize, to: usize) -> Vec<String> {
    (0..=MESSAGES)
        .map(|k| message(from, k))
        .filter(|text| {
            !text.starts_with('@') || text.starts_with(&format!("@f{to} "))
        })
        .collect()
}

#[test]
fn two_hundred_friends_get_every_message_once_in_order_and_none_back() {
    let (mut server, port) = start_server();
    // A friend who never reads again is in the room the whole time.
    let idle = Friend::first(&mut server, port, "idle");
    let received = within(BOUND, "200 friends chatting", move || {
        let ready = Arc::new(Barrier::new(FRIENDS));
        let friends: Vec<_> = (0..FRIENDS)
            .map(|i| {
                let ready = Arc::clone(&ready);
                thread::spawn(move || chat(port, i, &ready))
            })
            .collect();
        friends
            .into_iter()
            .map(|friend| friend.join().expect("a friend's thread"))
            .collect::<Vec<_>>()
    });
    for (to, from_each) in received.iter().enumerate() {
        assert!(
            !from_each.contains_key(&format!("f{to}")),
            "f{to} received its own messages: {:?}",
            from_each[&format!("f{to}")]
        );
        for from in (0..FRIENDS).filter(|&from| from != to) {
            let got = from_each
                .get(&format!("f{from}"))
                .cloned()
                .unwrap_or_default();
            assert_eq!(got, expected(from, to), "what f{to} received from f{from}");
        }
    }
    drop(idle);
}

/// One friend of the load test: joins, waits for all to have joined, sends its messages,
/// and reads until every other friend's `done` has come. Returns what came, by sender.
fn chat(port: u16, me: usize, ready: &Barrier) -> HashMap<String, Vec<String>> {
    let mut friend = Friend::join(port, &format!("f{me}"));
    ready.wait();
    let all: String = (0..=MESSAGES).map(|k| message(me, k) + "\n").collect();
    friend.conn.write_all(all.as_bytes()).expect("sending");
    let mut from_each: HashMap<String, Vec<String>> = HashMap::new();
    // Who has sent `done`: what each sent before it has come too, if the order is kept.
    let mut done = HashSet::new();
    while done.len() < FRIENDS - 1 {
        let line = friend.next_line();
        let Some((from, text)) = line.split_once(':') else {
            assert!(line.starts_with("* "), "f{me}: a strange line {line:?}");
            continue;
        };
        if text == "done" && from != format!("f{me}") {
            done.insert(from.to_owned());
        }
        from_each
            .entry(from.to_owned())
            .or_default()
            .push(text.to_owned());
    }
    // Everyone stays until everyone has everything: no one leaves in the middle.
    ready.wait();
    from_each
}

#[test]
fn a_friend_who_stops_reading_is_cut_off_and_delays_no_one() {
    let (mut server, port) = start_server();
    let mut stuck = Friend::first(&mut server, port, "stuck");
    let mut reader = Friend::join(port, "reader");
    let mut talker = Friend::join(port, "talker");
    assert_eq!(reader.next_line(), "* talker joined");

    // The talker sends WINDOW lines at a time, and the next ones only once the reader has
    // them all: the reader keeps up, while the stuck friend's share piles up.
    const WINDOW: usize = 64;
    const MOST: usize = 200 * 1024 * 1024;
    let text = "x".repeat(1000);
    let (mut sent, mut cut) = (0, false);
    while !cut {
        assert!(
            sent * text.len() < MOST,
            "the server still queues for a friend who has read nothing, after {MOST} bytes"
        );
        let window: String = (sent..sent + WINDOW)
            .map(|k| format!("{k} {text}\n"))
            .collect();
        talker.conn.write_all(window.as_bytes()).expect("sending");
        for k in sent..sent + WINDOW {
            let mut line = reader.next_line();
            if line == "* stuck left" {
                cut = true;
                line = reader.next_line();
            }
            assert_eq!(line, format!("talker:{k} {text}"), "the reader's line {k}");
        }
        sent += WINDOW;
    }
    server.wait_for("the server's line about the stuck friend", |server| {
        server.stderr().contains(
            "stuck: 10000 lines wait for it (it does not read): disconnected",
        )
    });
    assert_eq!(server.stderr().lines().count(), 1, "{}", server.stderr());
    // What the stuck friend finally reads ends before the talker's last lines.
    let shown = within(BOUND, "the stuck friend's reading", move || {
        stuck.wait_end()
    });
    assert!(
        shown < sent,
        "the stuck friend got all {sent} lines ({shown})"
    );
    // The others chat on.
    talker.say("still here?");
    assert_eq!(reader.next_line(), "talker:still here?");
}

/// A friend sends `bytes` (and maybe closes): the server must end that friend's session,
/// say `why` on standard error, tell the others the friend left, and go on serving.
fn ends_only_that_session(bytes: &[u8], close: bool, why: &str) {
    let (mut server, port) = start_server();
    let mut alice = Friend::first(&mut server, port, "alice");
    let mut bob = Friend::join(port, "bob");
    assert_eq!(alice.next_line(), "* bob joined");
    let mut bad = Friend::join(port, "bad");
    assert_eq!(alice.next_line(), "* bad joined");
    assert_eq!(bob.next_line(), "* bad joined");

    let mut writing = bad.conn.try_clone().expect("cloning the stream");
    let bytes = bytes.to_vec();
    // The server may close while this is being sent: a failed write is expected then.
    let sending = thread::spawn(move || {
        let _ = writing.write_all(&bytes);
        if close {
            let _ = writing.shutdown(Shutdown::Both);
        }
    });
    assert_eq!(alice.next_line(), "* bad left");
    assert_eq!(bob.next_line(), "* bad left");
    server.wait_for("the server's line about bad", |server| {
        server.stderr().contains(&format!("bad: {why}\n"))
    });
    assert_eq!(server.stderr().lines().count(), 1, "{}", server.stderr());
    if !close {
        assert_eq!(bad.wait_end(), 0, "bad was sent something");
    }
    sending.join().expect("the sending thread");

    // Nothing else changed: the others chat, and the name is free again.
    alice.say("still here?");
    assert_eq!(bob.next_line(), "alice:still here?");
    let _back = Friend::join(port, "bad");
    assert_eq!(bob.next_line(), "* bad joined");
    bob.say("yes");
    assert_eq!(alice.next_line(), "* bad joined");
    assert_eq!(alice.next_line(), "bob:yes");
}

#[test]
fn a_line_of_one_mebibyte_ends_that_session_only() {
    let mut line = vec![b'x'; 1024 * 1024];
    line.push(b'\n');
    ends_only_that_session(
        &line,
        false,
        "a line longer than 1024 bytes: disconnected",
    );
}

#[test]
fn a_line_that_is_not_utf8_ends_that_session_only() {
    ends_only_that_session(
        b"caf\xe9 \xff\n",
        false,
        "a line that is not UTF-8 text: disconnected",
    );
}

#[test]
fn a_connection_closed_mid_line_ends_that_session_only() {
    ends_only_that_session(
        b"half a li",
        true,
        "the client closed the connection in the middle of a line",
    );
}

#[test]
fn a_private_message_reaches_its_addressee_alone() {
    let (mut server, port) = start_server();
    let mut alice = Friend::first(&mut server, port, "alice");
    let mut bob = Friend::join(port, "bob");
    let mut carol = Friend::join(port, "carol");
    assert_eq!(alice.next_line(), "* bob joined");
    assert_eq!(alice.next_line(), "* carol joined");
    assert_eq!(bob.next_line(), "* carol joined");
    alice.say("@carol psst");
    alice.say("@dave hello?");
    alice.say("all of you");
    assert_eq!(carol.next_line(), "alice:@carol psst");
    assert_eq!(carol.next_line(), "alice:all of you");
    assert_eq!(bob.next_line(), "alice:all of you");
    assert_eq!(alice.next_line(), "* nobody here is named dave");
    bob.say("me too");
    assert_eq!(alice.next_line(), "bob:me too");
    assert_eq!(carol.next_line(), "bob:me too");
}

#[test]
fn a_name_in_use_is_refused_in_one_line() {
    let (mut server, port) = start_server();
    let _alice = Friend::first(&mut server, port, "alice");
    for name in ["alice", "no:colon", "two words", "@at", ""] {
        let conn = TcpStream::connect(("127.0.0.1", port)).expect("connecting");
        conn.set_read_timeout(Some(PATIENCE)).expect("read timeout");
        let mut impostor = Friend {
            name: name.to_owned(),
            lines: BufReader::new(conn.try_clone().expect("cloning the stream")),
            conn,
        };
        impostor.say(name);
        let refusal = impostor.next_line();
        assert!(refusal.starts_with("* refused, "), "{name:?}: {refusal:?}");
        assert_eq!(impostor.wait_end(), 0, "{name:?}: more than one line");
    }
}

/// Runs `work` on a thread of its own; fails the test, naming `what`, when it has not
/// finished within `bound` (the server, owned by the test's thread, is then killed, which
/// ends the work's threads too). A panic in `work` fails the test with that panic.
fn within<T: Send + 'static>(
    bound: Duration,
    what: &str,
    work: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (done, result) = mpsc::channel();
    let worker = thread::spawn(move || {
        let _ = done.send(work());
    });
    match result.recv_timeout(bound) {
        Ok(value) => value,
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!("{what} did not finish within {bound:?}: it hangs")
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => match worker.join() {
            Err(panic) => std::panic::resume_unwind(panic),
            Ok(()) => unreachable!("the worker sends its value before it ends"),
        },
    }
}

/// Makes room for `files` open files in this process and the server it starts (which
/// holds three per friend): macOS starts programs with 256.
#[cfg(all(unix, target_pointer_width = "64"))]
fn raise_fd_limit(files: u64) {
    #[repr(C)]
    struct Limit {
        current: u64,
        most: u64,
    }
    unsafe extern "C" {
        fn getrlimit(resource: i32, limit: *mut Limit) -> i32;
        fn setrlimit(resource: i32, limit: *const Limit) -> i32;
    }
    const RLIMIT_NOFILE: i32 = if cfg!(target_os = "linux") { 7 } else { 8 };
    let mut limit = Limit {
        current: 0,
        most: 0,
    };
    // SAFETY: `limit` is a valid `struct rlimit` (two 64-bit counts on the systems the kit
    // supports) for the duration of both calls.
    unsafe {
        if getrlimit(RLIMIT_NOFILE, &mut limit) != 0 || limit.current >= files {
            return;
        }
        limit.current = files.min(limit.most);
        setrlimit(RLIMIT_NOFILE, &limit);
    }
    assert!(
        limit.current >= files,
        "this test needs {files} open files, and the system allows {}",
        limit.current
    );
}

#[cfg(not(all(unix, target_pointer_width = "64")))]
fn raise_fd_limit(_files: u64) {}
