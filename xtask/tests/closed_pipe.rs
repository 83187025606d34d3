//! A standard output nobody reads any more (`cargo xtask list | head -1`, a lesson program
//! whose window is gone) ends a program quietly: no panic, no backtrace, nothing on
//! standard error, and the status a shell gives a program ended by `SIGPIPE` (141). Checked
//! for the runner's commands and for every lesson program, with `--help` and with a real
//! run in which the program has something to print.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream, UdpSocket};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use xtask::catalog::{LESSONS, Lesson};
use xtask::engine::{Transport, process_table};
use xtask::workspace;

/// The upper bound of every program's run here.
const BOUND: Duration = Duration::from_secs(30);

/// The status of a program ended by a closed standard output (`lessonkit` and the runner).
const CLOSED_OUTPUT_STATUS: i32 = 141;

/// A standard output whose reader has gone before the program starts, so that the
/// program's first write fails, however soon it comes: one end of a connected pair of
/// sockets, the other end closed (a write then fails with `EPIPE`, as into a closed pipe).
#[cfg(unix)]
fn closed_output() -> Stdio {
    use std::os::fd::OwnedFd;
    use std::os::unix::net::UnixStream;
    let (reader, writer) = UnixStream::pair().expect("a pair of sockets");
    drop(reader);
    Stdio::from(OwnedFd::from(writer))
}

/// Elsewhere, a pipe whose reading end is closed as soon as the program has started.
#[cfg(not(unix))]
fn closed_output() -> Stdio {
    Stdio::piped()
}

/// A program started with a closed standard output; killed when dropped, so that nothing
/// outlives a failing test.
struct Running {
    child: Child,
    /// Receives once the program's standard error has ended: the program has exited.
    ended: mpsc::Receiver<()>,
    stderr: Option<thread::JoinHandle<String>>,
    what: String,
}

impl Running {
    fn start(mut command: Command, what: &str) -> Running {
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(closed_output())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the program starts");
        drop(child.stdout.take());
        let (done, ended) = mpsc::channel();
        let mut stream = child.stderr.take().expect("the program's standard error");
        let stderr = thread::spawn(move || {
            let mut text = Vec::new();
            let _ = stream.read_to_end(&mut text);
            let _ = done.send(());
            String::from_utf8_lossy(&text).into_owned()
        });
        Running {
            child,
            ended,
            stderr: Some(stderr),
            what: what.to_owned(),
        }
    }

    /// Waits until the program has bound a port, and returns it; `None` on a system that
    /// does not show which ports a process has bound.
    fn wait_until_bound(&mut self, transport: Transport) -> Option<u16> {
        let pid = self.child.id();
        match wait_until_bound(pid, transport, &self.ended, &self.what)? {
            Bound::Port(port) => Some(port),
            Bound::Ended(_) => panic!("{}: ended before it bound a port", self.what),
        }
    }

    /// Waits for the program's end and asserts that it was quiet: the closed-output status,
    /// nothing on standard error, no panic.
    fn assert_quiet_end(mut self) {
        let ended = self.ended.recv_timeout(BOUND);
        assert!(
            ended.is_ok(),
            "{}: still running after {BOUND:?}",
            self.what
        );
        let status = self.child.wait().expect("the program's status");
        let stderr = self
            .stderr
            .take()
            .and_then(|reader| reader.join().ok())
            .unwrap_or_default();
        let what = &self.what;
        assert!(
            !stderr.contains("panicked") && !stderr.contains("backtrace"),
            "{what}: {stderr}"
        );
        assert_ne!(status.code(), Some(101), "{what}: a panic");
        if cfg!(unix) {
            assert_eq!(
                status.code(),
                Some(CLOSED_OUTPUT_STATUS),
                "{what}: {stderr}"
            );
            assert_eq!(stderr, "", "{what}: ended quietly");
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn run_with_closed_output(command: Command, what: &str) {
    Running::start(command, what).assert_quiet_end();
}

/// What a wait for a program's bind saw first.
enum Bound<T> {
    /// The program bound this port.
    Port(u16),
    /// The program ended (what `ended` received, if anything).
    Ended(Option<T>),
}

/// Waits until the process `pid` has bound a port (the kernel's tables show a socket of its
/// own on it) or has ended (`ended` receives); `None` on a system without those tables.
///
/// The servers tested here bind port 0, the port the system gives them, and the port is
/// read from the server's own sockets: a port the test picked could be held, at that moment,
/// by another socket (a test's own probe, inherited for a moment by a program another test
/// starts), and a datagram or connection sent there would never reach the server.
fn wait_until_bound<T>(
    pid: u32,
    transport: Transport,
    ended: &mpsc::Receiver<T>,
    what: &str,
) -> Option<Bound<T>> {
    let deadline = Instant::now() + BOUND;
    let mut pause = Duration::from_micros(100);
    // The kernel's tables even under SOCKETLAB_NO_PROC: the programs tested here are the
    // lessons', not the runner, whose portable path that switch is for.
    loop {
        if let Some(&port) = process_table::ports_of_for_tests(pid, transport)?.first() {
            return Some(Bound::Port(port));
        }
        assert!(
            Instant::now() < deadline,
            "{what}: not bound after {BOUND:?}"
        );
        // Between two looks at the tables, wait for the program's end.
        match ended.recv_timeout(pause) {
            Ok(end) => return Some(Bound::Ended(Some(end))),
            Err(mpsc::RecvTimeoutError::Timeout) => pause = (pause * 2).min(BOUND / 1000),
            Err(mpsc::RecvTimeoutError::Disconnected) => return Some(Bound::Ended(None)),
        }
    }
}

/// Whether a test that needs the table of sockets may be skipped here: only outside CI.
fn skip_without_socket_table(what: &str) {
    assert!(
        std::env::var_os("CI").is_none(),
        "{what}: this system does not show which ports are bound"
    );
    eprintln!("skipped: this system does not show which ports are bound");
}

fn lesson_program(lesson: Lesson, kind: &str) -> Command {
    Command::new(workspace::binary(&lesson.program(kind)))
}

/// Every lesson, built, and the kinds of program it has.
fn lessons() -> Vec<(Lesson, &'static [&'static str])> {
    let packages: Vec<String> = LESSONS.iter().map(Lesson::package).collect();
    workspace::build(&packages).expect("the lessons build");
    LESSONS
        .iter()
        .map(|&lesson| {
            let kinds: &[&str] = if lesson.number == 8 {
                &["cases"]
            } else {
                &["server", "client"]
            };
            (lesson, kinds)
        })
        .collect()
}

#[test]
fn lesson_programs_asked_for_help_end_quietly() {
    for (lesson, kinds) in lessons() {
        for kind in kinds {
            let mut command = lesson_program(lesson, kind);
            command.arg("--help");
            run_with_closed_output(command, &format!("{} --help", lesson.program(kind)));
        }
    }
}

#[test]
fn lesson_08_s_cases_end_quietly() {
    let lesson = Lesson::find(8).expect("lesson 08");
    lessons();
    for args in [&["all"][..], &["--list"]] {
        let mut command = lesson_program(lesson, "cases");
        command.args(args);
        run_with_closed_output(command, &format!("lesson08-cases {}", args.join(" ")));
    }
}

#[test]
fn a_server_that_receives_a_message_ends_quietly() {
    for (lesson, _) in lessons().into_iter().filter(|(l, _)| l.number <= 7) {
        let what = format!("{} receiving a message", lesson.program("server"));
        let mut command = lesson_program(lesson, "server");
        command.args(["--port", "0"]);
        let mut server = Running::start(command, &what);
        let Some(port) = server.wait_until_bound(lesson.transport()) else {
            return skip_without_socket_table(&what);
        };
        // Tagged, for the lessons that read a name tag.
        let message = b"alice:hello";
        let _peer = match lesson.transport() {
            Transport::Tcp => {
                let mut peer = TcpStream::connect(("127.0.0.1", port)).expect("a connection");
                peer.write_all(message).expect("the message is sent");
                Some(peer)
            }
            Transport::Udp => {
                let peer = UdpSocket::bind("127.0.0.1:0").expect("a UDP socket");
                peer.send_to(message, ("127.0.0.1", port))
                    .expect("the datagram is sent");
                None
            }
        };
        server.assert_quiet_end();
    }
}

#[test]
fn a_client_ends_quietly_at_its_first_output() {
    for (lesson, _) in lessons().into_iter().filter(|(l, _)| l.number <= 7) {
        let what = format!("{} at its first output", lesson.program("client"));
        let tcp = TcpListener::bind("127.0.0.1:0").expect("a listening socket");
        let udp = UdpSocket::bind("127.0.0.1:0").expect("a UDP socket");
        let port = match lesson.transport() {
            Transport::Tcp => tcp.local_addr(),
            Transport::Udp => udp.local_addr(),
        }
        .expect("its address")
        .port();
        let mut command = lesson_program(lesson, "client");
        command.args(["--port", &port.to_string()]);
        let client = Running::start(command, &what);
        if lesson.number == 1 {
            // Lesson 01's client prints the answer to its `hello!`; the others, a prompt.
            let (mut conn, _) = tcp.accept().expect("the client connects");
            let mut hello = [0; 6];
            conn.read_exact(&mut hello).expect("the client's hello!");
            conn.write_all(b"hi").expect("the answer is sent");
        }
        client.assert_quiet_end();
    }
}

fn xtask() -> Command {
    let mut command = Command::new(assert_cmd::cargo::cargo_bin("xtask"));
    // The runner in English whatever the machine's locale: the tests read its words.
    command.env("NO_COLOR", "1").env("LC_ALL", "C.UTF-8");
    command
}

#[test]
fn the_runner_s_commands_end_quietly() {
    /// The homework's temporary folder, removed when dropped, even by a failing test.
    struct Folder(std::path::PathBuf);
    impl Drop for Folder {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
    let homework =
        Folder(std::env::temp_dir().join(format!("xtask-closed-pipe-{}", std::process::id())));
    let homework_dir = homework.0.to_string_lossy().into_owned();
    for args in [
        &["--help"][..],
        &["list"],
        &["lesson", "1"],
        &["verify"],
        &["bench", "--runs", "1"],
        &["homework", "4", "--dir", &homework_dir],
    ] {
        let mut command = xtask();
        command.args(args);
        run_with_closed_output(command, &format!("cargo xtask {}", args.join(" ")));
    }
}

/// A program started with a closed standard error (its standard output goes nowhere);
/// killed when dropped, so that nothing outlives a failing test.
struct StderrClosed {
    pid: u32,
    /// Receives the program's exit status once it has exited.
    status: mpsc::Receiver<std::io::Result<std::process::ExitStatus>>,
    /// The status, once received.
    ended: Option<std::io::Result<std::process::ExitStatus>>,
    what: String,
}

impl StderrClosed {
    fn start(mut command: Command, what: &str) -> StderrClosed {
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(closed_output())
            .spawn()
            .expect("the program starts");
        drop(child.stderr.take());
        let pid = child.id();
        let (done, status) = mpsc::channel();
        thread::spawn(move || {
            let _ = done.send(child.wait());
        });
        StderrClosed {
            pid,
            status,
            ended: None,
            what: what.to_owned(),
        }
    }

    /// Waits until the program has bound a port, and returns it; `None` on a system that
    /// does not show which ports a process has bound.
    fn wait_until_bound(&mut self, transport: Transport) -> Option<u16> {
        match wait_until_bound(self.pid, transport, &self.status, &self.what)? {
            Bound::Port(port) => Some(port),
            Bound::Ended(end) => {
                self.ended = end;
                panic!("{}: ended before it bound a port", self.what)
            }
        }
    }

    /// Asserts that the program ended quietly rather than in a panic (whose message could
    /// not even be shown): the closed-output status.
    fn assert_quiet_end(mut self) {
        if self.ended.is_none() {
            self.ended = self.status.recv_timeout(BOUND).ok();
        }
        let what = &self.what;
        let status = self
            .ended
            .as_ref()
            .unwrap_or_else(|| panic!("{what}: still running after {BOUND:?}"))
            .as_ref()
            .expect("the program's status");
        assert_ne!(status.code(), Some(101), "{what}: a panic");
        if cfg!(unix) {
            assert_eq!(status.code(), Some(CLOSED_OUTPUT_STATUS), "{what}");
        }
    }
}

impl Drop for StderrClosed {
    fn drop(&mut self) {
        if self.ended.is_none() {
            let pid = self.pid.to_string();
            let _ = Command::new("kill").args(["-9", &pid]).status();
            let _ = Command::new("taskkill").args(["/F", "/PID", &pid]).output();
        }
    }
}

fn run_with_closed_stderr(command: Command, what: &str) {
    StderrClosed::start(command, what).assert_quiet_end();
}

#[test]
fn an_error_into_a_closed_standard_error_ends_quietly() {
    for (lesson, kinds) in lessons() {
        for kind in kinds {
            let mut command = lesson_program(lesson, kind);
            command.args(["--port", "99999"]);
            let what = format!("{} --port 99999", lesson.program(kind));
            run_with_closed_stderr(command, &what);
        }
    }
    let missing = std::env::temp_dir().join("xtask-closed-pipe-no-such-folder");
    for args in [
        vec!["lesson".to_owned(), "12".to_owned()],
        vec![
            "check".to_owned(),
            "4".to_owned(),
            "--dir".to_owned(),
            missing.to_string_lossy().into_owned(),
        ],
    ] {
        let mut command = xtask();
        command.args(&args);
        run_with_closed_stderr(command, &format!("cargo xtask {}", args.join(" ")));
    }
}

#[test]
fn a_lesson_program_that_says_something_into_a_closed_standard_error_ends_quietly() {
    for (lesson, _) in lessons()
        .into_iter()
        .filter(|(l, _)| (4..=7).contains(&l.number))
    {
        if lesson.number >= 5 {
            // A name tag the client refuses, on standard error.
            let mut command = lesson_program(lesson, "client");
            command.args(["--port", "9", "--name", ""]);
            run_with_closed_stderr(command, &format!("{} --name ''", lesson.program("client")));
        }
        if lesson.transport() == Transport::Udp {
            continue;
        }
        // A server with an accept loop says on standard error that its client has left.
        let what = format!("{} whose client leaves", lesson.program("server"));
        let mut command = lesson_program(lesson, "server");
        command.args(["--port", "0"]);
        let mut server = StderrClosed::start(command, &what);
        let Some(port) = server.wait_until_bound(Transport::Tcp) else {
            return skip_without_socket_table(&what);
        };
        drop(TcpStream::connect(("127.0.0.1", port)).expect("a connection"));
        server.assert_quiet_end();
    }
}
