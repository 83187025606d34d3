//! Lesson 07 from the outside: options, errors, and real UDP exchanges with a `UdpSocket`
//! in the test playing the other side. Every wait is bounded; no test sleeps.

#[path = "../../02-loop-chat/tests/support/mod.rs"]
mod support;

use std::io::{self, Read, Write};
use std::net::{SocketAddr, UdpSocket};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use predicates::prelude::*;

// The programs' paths as cargo gives them when the tests run, so that a copied kit's tests
// run the copy's programs (a path compiled in names the folder the tests were built in).
fn server_exe() -> String {
    std::env::var("CARGO_BIN_EXE_lesson07-server")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_lesson07-server").to_owned())
}

fn client_exe() -> String {
    std::env::var("CARGO_BIN_EXE_lesson07-client")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_lesson07-client").to_owned())
}

/// The upper bound of every wait in these tests.
const BOUND: Duration = Duration::from_secs(10);

/// A lesson program running with piped standard streams; killed when dropped.
struct Program {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: Receiver<Vec<u8>>,
    stderr: Option<JoinHandle<Vec<u8>>>,
    /// Standard output received but not yet matched by `expect`.
    unread: Vec<u8>,
}

impl Program {
    fn start(program: &str, args: &[&str]) -> Program {
        // Never while another test's socket tries a port (`support::spawning`).
        let spawning = support::spawning();
        let mut child = Command::new(program)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the lesson program starts");
        drop(spawning);
        let mut stdout = child.stdout.take().expect("piped stdout");
        let (sender, receiver) = mpsc::channel();
        thread::spawn(move || {
            let mut chunk = [0; 4096];
            while let Ok(n @ 1..) = stdout.read(&mut chunk) {
                if sender.send(chunk[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        let mut stderr = child.stderr.take().expect("piped stderr");
        let stderr = thread::spawn(move || {
            let mut all = Vec::new();
            let _ = stderr.read_to_end(&mut all);
            all
        });
        Program {
            stdin: child.stdin.take(),
            child,
            stdout: receiver,
            stderr: Some(stderr),
            unread: Vec::new(),
        }
    }

    /// Waits until standard output shows `text`; returns it with all that came before it.
    fn expect(&mut self, text: &str) -> String {
        let deadline = Instant::now() + BOUND;
        loop {
            if let Some(at) = find(&self.unread, text.as_bytes()) {
                let shown: Vec<u8> = self.unread.drain(..at + text.len()).collect();
                return String::from_utf8_lossy(&shown).into_owned();
            }
            let left = deadline.saturating_duration_since(Instant::now());
            match self.stdout.recv_timeout(left) {
                Ok(chunk) => self.unread.extend(chunk),
                Err(RecvTimeoutError::Timeout) => panic!(
                    "waiting for {text:?} on standard output (timed out); it showed {:?}",
                    String::from_utf8_lossy(&self.unread)
                ),
                Err(RecvTimeoutError::Disconnected) => {
                    // The program has exited: its standard error says why.
                    let stderr =
                        self.stderr.take().and_then(|handle| handle.join().ok());
                    panic!(
                        "waiting for {text:?} on standard output (the program closed it); \
                         it showed {:?}, and on standard error {:?}",
                        String::from_utf8_lossy(&self.unread),
                        String::from_utf8_lossy(&stderr.unwrap_or_default())
                    )
                }
            }
        }
    }

    /// Takes in what the program prints within `limit`: returns at its first output, at
    /// its exit, or when `limit` has passed.
    fn take_in_for(&mut self, limit: Duration) {
        if let Ok(chunk) = self.stdout.recv_timeout(limit) {
            self.unread.extend(chunk);
        }
    }

    /// Types one line, as at the `>>>` prompt (call `expect(">>>")` first).
    fn type_line(&mut self, line: &str) {
        let stdin = self.stdin.as_mut().expect("standard input still open");
        stdin
            .write_all(format!("{line}\n").as_bytes())
            .expect("typing a line");
    }

    /// Closes standard input: Ctrl-D.
    fn end_input(&mut self) {
        self.stdin = None;
    }

    /// Waits (bounded) for the program to exit; returns its status, the rest of its standard
    /// output, and its standard error.
    fn finish(mut self) -> (ExitStatus, String, String) {
        let deadline = Instant::now() + BOUND;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.stdout.recv_timeout(left) {
                Ok(chunk) => self.unread.extend(chunk),
                // Standard output closed: the program has exited (or is exiting).
                Err(RecvTimeoutError::Disconnected) => break,
                Err(RecvTimeoutError::Timeout) => panic!(
                    "the program did not exit; its standard output: {:?}",
                    String::from_utf8_lossy(&self.unread)
                ),
            }
        }
        let status = self.child.wait().expect("waiting for the program");
        let stderr = self
            .stderr
            .take()
            .and_then(|handle| handle.join().ok())
            .unwrap_or_default();
        (
            status,
            String::from_utf8_lossy(&self.unread).into_owned(),
            String::from_utf8_lossy(&stderr).into_owned(),
        )
    }
}

impl Drop for Program {
    fn drop(&mut self) {
        // Ends a program that is still running (a failed test); harmless after an exit.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

/// A port for a server, below the system's range of ephemeral ports (Linux: 32768-60999),
/// so that no `bind(":0")` (the test's own sockets among them) is ever given it.
///
/// The test does not bind the port to check that it is free: a socket of the test process,
/// even closed at once, lives on in any child that another test thread is starting at that
/// moment (until the child's exec), and the server's bind would fail. `server_with` moves
/// on to the next port when that happens anyway (some other program has the port).
fn next_port() -> u16 {
    static NEXT: AtomicU16 = AtomicU16::new(0);
    // Two test runs at once start apart; a port another process has reserved is skipped.
    let offset = (std::process::id().wrapping_mul(7919) % 12_000) as u16;
    for _ in 0..12_000 {
        let port = 20_000
            + (offset + NEXT.fetch_add(1, Ordering::Relaxed) % 12_000) % 12_000;
        if support::reserved(port) {
            return port;
        }
    }
    panic!("every port between 20000 and 32000 is reserved by another process");
}

/// A UDP socket on a run-time port for the test's side of the chat, with bounded receives.
fn peer() -> UdpSocket {
    let socket = UdpSocket::bind("127.0.0.1:0").expect("binding the test's socket");
    socket
        .set_read_timeout(Some(BOUND))
        .expect("setting a read timeout");
    socket
}

/// Starts the server and sends it its first datagram, from a test socket connected to it.
fn server_with(first: &[u8]) -> (Program, UdpSocket) {
    for _ in 0..20 {
        let port = next_port();
        if reads_proc() && udp_port_bound(port) {
            continue;
        }
        let mut server =
            Program::start(&server_exe(), &["--port", &port.to_string()]);
        let peer = peer();
        peer.connect(("127.0.0.1", port))
            .expect("connecting the test's socket");
        if send_when_bound(&mut server, &peer, first) {
            return (server, peer);
        }
    }
    panic!("no free port for the server in 20 tries");
}

/// How long a retry waits for the server to print or exit before it looks again.
const RETRY_WAIT: Duration = Duration::from_millis(2);

/// Whether the tests read Linux's `/proc` (here: its table of UDP sockets): on Linux, unless
/// `SOCKETLAB_NO_PROC=1` asks for the path other systems get (`.ci/run` runs it so too).
fn reads_proc() -> bool {
    cfg!(target_os = "linux")
        && std::env::var_os("SOCKETLAB_NO_PROC")
            .is_none_or(|value| value.is_empty() || value == "0")
}

/// Sends the first datagram to the server once it is bound: before that, a datagram is lost.
/// A UDP server shows nothing when it is ready. Where the tests read Linux's table of UDP
/// sockets (`/proc/net/udp`), the datagram goes out once the port is listed; elsewhere it
/// is sent again on each refusal (the system's answer to a datagram that found no socket)
/// until the server prints something: it received it. Between looks, a bounded wait on the
/// server's output. False when the server found its port taken.
fn send_when_bound(server: &mut Program, peer: &UdpSocket, datagram: &[u8]) -> bool {
    let port = peer.peer_addr().expect("the server's address").port();
    let by_table = reads_proc();
    if !by_table {
        peer.set_nonblocking(true)
            .expect("a socket that does not block");
        send_through_refusals(peer, datagram);
    }
    let deadline = Instant::now() + BOUND;
    while Instant::now() < deadline {
        if let Ok(Some(status)) = server.child.try_wait() {
            let stderr = server.stderr.take().and_then(|handle| handle.join().ok());
            let stderr =
                String::from_utf8_lossy(&stderr.unwrap_or_default()).into_owned();
            if stderr.contains("address already in use") {
                return false;
            }
            panic!(
                "the server exited ({status}) before it was sent anything: {stderr:?}"
            );
        }
        if by_table {
            if udp_port_bound(port) {
                peer.send(datagram).expect("sending to the server");
                return true;
            }
        } else if !server.unread.is_empty() {
            peer.set_nonblocking(false).expect("a blocking socket");
            return true;
        } else {
            let mut nothing = [0; 64];
            match peer.recv(&mut nothing) {
                Err(error) if refused(&error) => {
                    send_through_refusals(peer, datagram)
                }
                Err(error)
                    if matches!(
                        error.kind(),
                        io::ErrorKind::WouldBlock | io::ErrorKind::Interrupted
                    ) => {}
                other => panic!("before anyone typed: {other:?}"),
            }
        }
        server.take_in_for(RETRY_WAIT);
    }
    panic!("the server did not bind its port in time");
}

/// A refusal, as the system reports a datagram that found no socket (Windows: a reset).
fn refused(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::ConnectionRefused | io::ErrorKind::ConnectionReset
    )
}

/// Sends a datagram; a refusal of an earlier one, reported on this send, is taken and the
/// datagram sent again.
fn send_through_refusals(peer: &UdpSocket, datagram: &[u8]) {
    for _ in 0..8 {
        match peer.send(datagram) {
            Ok(_) => return,
            Err(error)
                if refused(&error) || error.kind() == io::ErrorKind::Interrupted => {
            }
            Err(error) => panic!("sending to the server: {error}"),
        }
    }
    panic!("every send of the first datagram was refused");
}

/// Whether a UDP socket is bound to `port`, from `/proc/net/udp`.
fn udp_port_bound(port: u16) -> bool {
    let table = std::fs::read_to_string("/proc/net/udp").unwrap_or_default();
    let wanted = format!(":{port:04X}");
    table.lines().skip(1).any(|line| {
        line.split_whitespace()
            .nth(1)
            .is_some_and(|local| local.ends_with(&wanted))
    })
}

/// `recv_from` that waits at most `limit`, through interruptions: the test process gets
/// signals (SIGCHLD) and a socket with a read timeout fails with EINTR on each.
fn receive_within(
    peer: &UdpSocket,
    buffer: &mut [u8],
    limit: Duration,
) -> io::Result<(usize, SocketAddr)> {
    let deadline = Instant::now() + limit;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::ErrorKind::TimedOut.into());
        }
        peer.set_read_timeout(Some(left))?;
        match peer.recv_from(buffer) {
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            received => return received,
        }
    }
}

fn receive(peer: &UdpSocket) -> (Vec<u8>, SocketAddr) {
    let mut buffer = [0; 4096];
    let (n, from) =
        receive_within(peer, &mut buffer, BOUND).expect("a datagram in time");
    (buffer[..n].to_vec(), from)
}

fn assert_one_line_error(stderr: &str) {
    assert_eq!(stderr.lines().count(), 1, "one line on stderr: {stderr:?}");
    assert!(!stderr.contains("panicked"), "no panic: {stderr:?}");
}

#[test]
fn bad_port_is_one_line_and_exit_2() {
    for (program, name) in [
        (server_exe(), "lesson07-server"),
        (client_exe(), "lesson07-client"),
    ] {
        let assert = assert_cmd::Command::new(program)
            .args(["--port", "70000"])
            .timeout(BOUND)
            .assert()
            .code(2)
            .stdout("")
            .stderr(
                predicate::str::starts_with(format!("{name}: "))
                    .and(predicate::str::contains("--port")),
            );
        assert_one_line_error(&String::from_utf8_lossy(&assert.get_output().stderr));
    }
}

#[test]
fn a_name_with_a_colon_is_refused() {
    let assert = assert_cmd::Command::new(client_exe())
        .args(["--port", "9", "--name", "al:ice"])
        .timeout(BOUND)
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "--name must not be empty nor contain ':'",
        ));
    assert_one_line_error(&String::from_utf8_lossy(&assert.get_output().stderr));
}

#[test]
fn help_names_the_options() {
    assert_cmd::Command::new(client_exe())
        .arg("--help")
        .timeout(BOUND)
        .assert()
        .success()
        .stdout(
            predicate::str::contains("--name")
                .and(predicate::str::contains("--host"))
                .and(predicate::str::contains("--port")),
        );
    assert_cmd::Command::new(server_exe())
        .arg("--help")
        .timeout(BOUND)
        .assert()
        .success()
        .stdout(predicate::str::contains("--port"));
}

#[test]
fn address_in_use_is_one_line_and_exit_1() {
    let holder = UdpSocket::bind("127.0.0.1:0").expect("holding a port");
    let port = holder.local_addr().expect("local address").port();
    let assert = assert_cmd::Command::new(server_exe())
        .args(["--port", &port.to_string()])
        .timeout(BOUND)
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(format!(
            "lesson07-server: binding 127.0.0.1:{port}: address already in use"
        )));
    assert_one_line_error(&String::from_utf8_lossy(&assert.get_output().stderr));
}

#[test]
fn client_chats_with_a_test_server_and_quits() {
    let server = peer();
    let port = server.local_addr().expect("local address").port();
    let mut client = Program::start(
        &client_exe(),
        &["--port", &port.to_string(), "--name", "alice"],
    );

    client.expect(">>>");
    client.type_line("hello");
    let (datagram, client_address) = receive(&server);
    assert_eq!(datagram, b"alice:hello", "the client tags its message");

    server
        .send_to("hi alice, 你好".as_bytes(), client_address)
        .expect("replying");
    client.expect("hi alice, 你好\n>>>");

    client.type_line("q");
    let (datagram, _) = receive(&server);
    assert_eq!(
        datagram, b"alice:q",
        "the quit is sent, tagged, before the client stops"
    );
    let (status, rest, stderr) = client.finish();
    assert!(
        status.success(),
        "a quit exits 0: {status}, stderr {stderr:?}"
    );
    assert_eq!(rest, "");
    assert_eq!(stderr, "");
}

#[test]
fn client_stops_on_the_servers_q_and_at_end_of_input() {
    // The server's Q ends the client's chat.
    let server = peer();
    let port = server
        .local_addr()
        .expect("local address")
        .port()
        .to_string();
    let mut client =
        Program::start(&client_exe(), &["--port", &port, "--name", "bob"]);
    client.expect(">>>");
    client.type_line("bye?");
    let (_, client_address) = receive(&server);
    server.send_to(b"Q", client_address).expect("replying");
    let (status, rest, _) = client.finish();
    assert!(status.success(), "the server's Q ends the client: {status}");
    assert_eq!(rest, "", "the Q is not printed");

    // End of standard input counts as typing Q: the quit still goes out.
    let mut client =
        Program::start(&client_exe(), &["--port", &port, "--name", "bob"]);
    client.expect(">>>");
    client.end_input();
    let (datagram, _) = receive(&server);
    assert_eq!(datagram, b"bob:Q");
    let (status, _, _) = client.finish();
    assert!(status.success(), "end of input exits 0: {status}");
}

#[test]
fn server_chats_with_a_test_client_and_stops_on_its_tagged_q() {
    let (mut server, client) = server_with("小郭吹雪1234QQ:hello".as_bytes());

    assert_eq!(
        server.expect("小郭吹雪1234QQ:hello\n>>>"),
        "小郭吹雪1234QQ:hello\n>>>",
        "the message alone, with its tag, then the prompt"
    );

    server.type_line("hi");
    let (datagram, _) = receive(&client);
    assert_eq!(
        datagram, b"hi",
        "the reply goes back to the sender's address"
    );

    client
        .send("小郭吹雪1234QQ:q".as_bytes())
        .expect("sending the quit");
    let (status, rest, stderr) = server.finish();
    assert!(
        status.success(),
        "a quit exits 0: {status}, stderr {stderr:?}"
    );
    assert_eq!(rest, "", "the quit is not printed");
    assert_eq!(stderr, "");
}

#[test]
fn server_answers_each_client_at_its_own_address() {
    let (mut server, alice) = server_with(b"alice:hello");
    let bob = peer();
    let server_address = alice.peer_addr().expect("server address");
    server.expect("alice:hello\n>>>");
    server.type_line("hi alice");

    bob.send_to(b"bob:hello", server_address)
        .expect("bob sends");
    server.expect("bob:hello\n>>>");
    server.type_line("hi bob");

    assert_eq!(receive(&alice).0, b"hi alice");
    assert_eq!(receive(&bob).0, b"hi bob");

    // The server's own q goes to the last sender, then the server stops.
    alice.send(b"alice:bye").expect("alice sends");
    server.expect("alice:bye\n>>>");
    server.type_line("q");
    assert_eq!(receive(&alice).0, b"q");
    let (status, _, _) = server.finish();
    assert!(status.success(), "the server's q exits 0: {status}");
}

#[test]
fn server_end_of_input_sends_q_and_stops() {
    let (mut server, client) = server_with(b"alice:anyone?");

    server.expect(">>>");
    server.end_input();
    assert_eq!(receive(&client).0, b"Q");
    let (status, _, _) = server.finish();
    assert!(status.success(), "end of input exits 0: {status}");
}

#[test]
fn invalid_utf8_is_shown_lossily() {
    let (mut server, _client) = server_with(b"bob:\xff\xfeok\x1b[2J");

    server.expect("bob:\u{fffd}\u{fffd}ok\\e[2J\n>>>");

    // And on the client's side, a reply that is not UTF-8.
    let test_server = peer();
    let port = test_server.local_addr().expect("local address").port();
    let mut program = Program::start(&client_exe(), &["--port", &port.to_string()]);
    program.expect(">>>");
    program.type_line("hello");
    let (_, client_address) = receive(&test_server);
    test_server
        .send_to(b"\xc3(hi", client_address)
        .expect("replying");
    program.expect("\u{fffd}(hi\n>>>");
    program.type_line("q");
    assert!(program.finish().0.success());

    server.type_line("q");
    assert!(server.finish().0.success());
}

#[test]
fn a_2000_byte_datagram_is_cut_to_1024_and_the_chat_goes_on() {
    let (mut server, client) = server_with(&[b'x'; 2000]);
    let shown = format!("{}\n>>>", "x".repeat(1024));
    assert_eq!(server.expect(&shown), shown, "exactly 1024 bytes are shown");

    server.type_line("got it");
    assert_eq!(receive(&client).0, b"got it");
    client.send(b"alice:q").expect("sending the quit");
    let (status, rest, stderr) = server.finish();
    assert!(status.success(), "{status}, stderr {stderr:?}");
    assert_eq!(rest, "", "nothing of the cut-off 976 bytes shows later");
}

#[test]
fn the_servers_tag_ends_at_the_first_colon() {
    // The message of `a:b:q` is `b:q`: not a quit; the server shows the datagram whole.
    let (mut server, client) = server_with(b"a:b:q");
    server.expect("a:b:q\n>>>");
    server.type_line("ok");
    assert_eq!(receive(&client).0, b"ok");
    // `a:q` is a quit.
    client.send(b"a:q").expect("sending the quit");
    let (status, rest, stderr) = server.finish();
    assert!(status.success(), "{status}, stderr {stderr:?}");
    assert_eq!(rest, "", "the quit is not printed");
}

#[test]
fn the_client_shows_the_servers_reply_whole_and_escaped() {
    let test_server = peer();
    let port = test_server.local_addr().expect("local address").port();
    let mut client = Program::start(
        &client_exe(),
        &["--port", &port.to_string(), "--name", "alice"],
    );
    client.expect(">>>");
    client.type_line("hi");
    let (datagram, client_address) = receive(&test_server);
    assert_eq!(datagram, b"alice:hi");
    // A reply is not tagged: its `:`s are text; its control bytes are shown escaped.
    test_server
        .send_to(b"a:b:q \x1b[2J\x07\0end", client_address)
        .expect("replying");
    assert_eq!(client.expect(">>>"), "a:b:q \\e[2J\\x07\\x00end\n>>>");
    client.type_line("q");
    assert_eq!(receive(&test_server).0, b"alice:q");
    assert!(client.finish().0.success());
}
