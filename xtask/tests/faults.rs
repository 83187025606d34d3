//! Every lesson's server against a peer that misbehaves: killed mid-message, half-closed,
//! bytes that are not UTF-8, a character split across two reads, a 64 KiB message, NUL bytes,
//! and 10,000 random payloads over TCP and over UDP.
//!
//! The peer is the test's own socket; the server is the lesson's real program, typed at
//! through pipes (the lessons' test helper). After each fault the server must not panic,
//! must say what happened in at most one line on standard error, must not spin (its state
//! and CPU time are read from `/proc` on Linux, from `ps` on other Unix systems and with
//! `SOCKETLAB_NO_PROC=1`), and a server with an accept loop must serve the next client: a
//! real conversation proves it. No figure of time is asserted. What a server prints is
//! written out in the tests, never made with the lessons' own `printable`.

#[path = "../../lessons/02-loop-chat/tests/support/mod.rs"]
mod support;

use std::io;
use std::net::{Shutdown, TcpStream, UdpSocket};
use std::process::Command;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use support::{PATIENCE, Program, connect, receive, receive_exactly, send, wait_unread};
use xtask::engine::{Transport, ports};
use xtask::workspace;

/// How a lesson's TCP server chats, as far as the faults are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Lesson 01: one message in, `hi` out, exit.
    Once,
    /// Lessons 02 and 03: one chat, then exit.
    OneChat,
    /// Lesson 04: an accept loop.
    AcceptLoop,
    /// Lessons 05 and 06: an accept loop; the clients tag their messages (`NAME:message`).
    TaggedAcceptLoop,
}

/// The TCP servers, lesson by lesson.
const TCP_SERVERS: [(u8, Kind); 6] = [
    (1, Kind::Once),
    (2, Kind::OneChat),
    (3, Kind::OneChat),
    (4, Kind::AcceptLoop),
    (5, Kind::TaggedAcceptLoop),
    (6, Kind::TaggedAcceptLoop),
];

/// How many random payloads each server is sent.
const RANDOM_PAYLOADS: usize = 10_000;

/// The path of a lesson program, built once for the whole suite.
fn program(name: &str) -> String {
    static BUILT: OnceLock<()> = OnceLock::new();
    BUILT.get_or_init(|| {
        let packages: Vec<String> = (1..=7).map(|n| format!("lesson{n:02}")).collect();
        workspace::build(&packages).expect("the lessons build");
    });
    workspace::binary(name).to_string_lossy().into_owned()
}

/// A lesson's server on a port picked for it, with plain output (no colours).
fn start_server(lesson: u8) -> (Program, u16) {
    let port = ports::pick();
    let mut command = Command::new(program(&format!("lesson{lesson:02}-server")));
    command
        .args(["--port", &port.to_string()])
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE");
    (Program::start_with(&mut command), port)
}

/// A message as a client of this server sends it: tagged for lessons 05 and 06.
fn message(kind: Kind, text: &[u8]) -> Vec<u8> {
    let mut bytes = if kind == Kind::TaggedAcceptLoop {
        b"alice:".to_vec()
    } else {
        Vec::new()
    };
    bytes.extend_from_slice(text);
    bytes
}

/// The tag a client of this server puts before its messages: `alice:` for lessons 05, 06.
fn tag(kind: Kind) -> &'static str {
    if kind == Kind::TaggedAcceptLoop {
        "alice:"
    } else {
        ""
    }
}

/// The line a server prints for a message, given what it must show after the tag, written
/// out in the test (not made with the lessons' own `printable`).
fn shown_as(kind: Kind, text: &str) -> String {
    format!("{}{text}\n", tag(kind))
}

/// The line a server prints for random bytes, by the rule the lessons promise, written out
/// here apart from their code: invalid UTF-8 becomes U+FFFD (std's lossy decoding), and each
/// control character (C0, DEL, C1) is written out in the kit's notation: `\t`, `\r`, `\n`,
/// `\e` for the escape character, `\xNN` for the other ASCII ones, `\u{HEX}` beyond ASCII.
fn shown_random(bytes: &[u8]) -> String {
    let mut line = String::new();
    for c in String::from_utf8_lossy(bytes).chars() {
        match c {
            '\t' => line.push_str("\\t"),
            '\r' => line.push_str("\\r"),
            '\n' => line.push_str("\\n"),
            '\u{1b}' => line.push_str("\\e"),
            '\0'..='\u{1f}' | '\u{7f}' => line.push_str(&format!("\\x{:02x}", u32::from(c))),
            '\u{80}'..='\u{9f}' => line.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => line.push(c),
        }
    }
    line.push('\n');
    line
}

/// The server's name on its error lines.
fn name(lesson: u8) -> String {
    format!("lesson{lesson:02}-server: ")
}

/// Asserts that standard error has at most `lines` lines, each the server's one-line
/// message, and no panic.
fn assert_calm(server: &Program, lesson: u8, lines: usize) {
    let stderr = server.stderr();
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.lines().count() <= lines, "{stderr}");
    for line in stderr.lines() {
        assert!(line.starts_with(&name(lesson)), "{stderr}");
    }
}

/// Waits until the server has written `count` whole lines on standard error.
fn wait_errors(server: &mut Program, count: usize) {
    server.wait_for(&format!("{count} line(s) on stderr"), |server| {
        server.stderr().matches('\n').count() >= count
    });
}

/// Ends a chat cleanly, between rounds: for lessons 02 and 03 the server ends its input at
/// its next prompt (02 closes, 03 sends Q); for lessons 04 to 06 the peer sends `q`.
fn end_chat(server: &mut Program, peer: &mut TcpStream, kind: Kind) {
    match kind {
        Kind::Once => return,
        Kind::OneChat => {
            send(peer, b"bye");
            server.end_input();
        }
        Kind::AcceptLoop | Kind::TaggedAcceptLoop => send(peer, &message(kind, b"q")),
    }
    drop_peer_after_end(peer);
}

/// Reads what is left until the server closes the connection (a reset counts).
fn drop_peer_after_end(peer: &mut TcpStream) {
    let mut rest = Vec::new();
    let _ = io::Read::read_to_end(peer, &mut rest);
}

/// Proves that a server with an accept loop still serves: a new client chats with it.
fn converse_afterwards(server: &mut Program, port: u16, kind: Kind, lesson: u8) {
    let mut next = connect(server, port);
    let hello = message(kind, "hello again, 你好".as_bytes());
    send(&mut next, &hello);
    server.wait_stdout(&shown_as(kind, "hello again, 你好"));
    server.type_line("still serving");
    assert_eq!(receive(&mut next), b"still serving", "lesson {lesson:02}");
    send(&mut next, &message(kind, b"q"));
    drop_peer_after_end(&mut next);
    assert_blocked(server, lesson);
}

/// Plays the fault against every TCP server, then checks how each ended.
fn against_every_tcp_server(fault: impl Fn(&mut Program, u16, TcpStream, Kind, u8)) {
    for (lesson, kind) in TCP_SERVERS {
        let (mut server, port) = start_server(lesson);
        let peer = connect(&mut server, port);
        fault(&mut server, port, peer, kind, lesson);
        // A fault leaves at most its one line.
        assert_calm(&server, lesson, 1);
        match kind {
            Kind::Once | Kind::OneChat => {
                let exit = server.wait_exit();
                assert!(
                    matches!(exit.status.code(), Some(0 | 1)),
                    "lesson {lesson:02}: {exit:?}"
                );
                assert!(exit.stderr.lines().count() <= 1, "{exit:?}");
            }
            Kind::AcceptLoop | Kind::TaggedAcceptLoop => {
                converse_afterwards(&mut server, port, kind, lesson);
            }
        }
        // The conversation afterwards added none.
        assert_calm(&server, lesson, 1);
    }
}

/// Half of `hello 好` (the last character's first two bytes of three), then the peer is
/// gone, as a killed program is: its system closes the connection (`reset` false), or resets
/// it because the peer left a reply unread (`reset` true).
fn killed_mid_message(reset: bool) {
    let half = "hello 好".as_bytes()[..8].to_vec();
    against_every_tcp_server(|server, _port, mut peer, kind, lesson| {
        if reset && kind != Kind::Once {
            // A first round whose reply the peer never reads: its close is then a reset.
            send(&mut peer, &message(kind, b"c1"));
            server.type_line("s1");
            wait_unread(&peer);
        }
        let sent = message(kind, &half);
        send(&mut peer, &sent);
        drop(peer);
        // The cut character is replaced: one U+FFFD.
        let line = shown_as(kind, "hello \u{fffd}");
        if kind == Kind::Once {
            server.wait_stdout(&line);
            return;
        }
        // The half message is shown as it came (the cut character replaced), then the
        // server finds the peer gone; or the reset reaches the server before the bytes do.
        let prompts = server.stdout().matches(">>>").count();
        server.wait_for("the half message or the reset", |server| {
            server.stdout().matches(">>>").count() > prompts || !server.stderr().is_empty()
        });
        if server.stderr().is_empty() {
            assert!(
                server.stdout().ends_with(&format!("{line}>>>")),
                "lesson {lesson:02}: {}",
                server.stdout()
            );
            // Answering a peer that is gone: the send, or the next receive, fails.
            server.type_line("anyone there?");
        }
        wait_errors(server, 1);
        assert_calm(server, lesson, 1);
    });
}

#[test]
fn a_peer_killed_mid_message_closes() {
    killed_mid_message(false);
}

#[test]
fn a_peer_killed_mid_message_with_a_reply_unread_resets() {
    killed_mid_message(true);
}

#[test]
fn a_half_closed_connection_still_gets_its_answer() {
    against_every_tcp_server(|server, _port, mut peer, kind, lesson| {
        let hello = message(kind, b"c1");
        send(&mut peer, &hello);
        // The peer is done sending, not receiving: the answer must still reach it.
        peer.shutdown(Shutdown::Write).expect("half-closing");
        server.wait_stdout(&shown_as(kind, "c1"));
        if kind == Kind::Once {
            assert_eq!(receive(&mut peer), b"hi");
            return;
        }
        server.type_line("s1");
        assert_eq!(receive(&mut peer), b"s1", "lesson {lesson:02}");
        // Then the server reads the end of the stream: the client has left.
        wait_errors(server, 1);
        assert!(
            server.stderr().contains("closed the connection"),
            "lesson {lesson:02}: {}",
            server.stderr()
        );
        assert_calm(server, lesson, 1);
    });
}

/// One round trip of `text` (printable as it is) with the server: it shows it, answers, the
/// peer receives.
fn round(server: &mut Program, peer: &mut TcpStream, kind: Kind, text: &str, lesson: u8) {
    let sent = message(kind, text.as_bytes());
    send(peer, &sent);
    server.wait_stdout(&format!("{}>>>", shown_as(kind, text)));
    if kind == Kind::Once {
        return;
    }
    server.type_line("ok");
    assert_eq!(receive(peer), b"ok", "lesson {lesson:02}");
}

#[test]
fn bytes_that_are_not_utf8_are_shown_replaced() {
    against_every_tcp_server(|server, _port, mut peer, kind, lesson| {
        let bytes = b"caf\xe9 \xff! \xc3(";
        let sent = message(kind, bytes);
        send(&mut peer, &sent);
        server.wait_stdout(&shown_as(kind, "caf\u{fffd} \u{fffd}! \u{fffd}("));
        if kind != Kind::Once {
            server.type_line("ok");
            assert_eq!(receive(&mut peer), b"ok", "lesson {lesson:02}");
            round(server, &mut peer, kind, "好的", lesson);
        }
        end_chat(server, &mut peer, kind);
        assert_calm(server, lesson, 0);
    });
}

#[test]
fn a_character_split_across_two_reads_arrives_as_two_messages() {
    // 好 is three bytes: the first comes alone, the other two after the server has read it.
    // Each `recv(1024)` is one message, as in the notes: neither half is a character.
    against_every_tcp_server(|server, _port, mut peer, kind, lesson| {
        let whole = "好".as_bytes();
        let first = message(kind, &whole[..1]);
        send(&mut peer, &first);
        server.wait_stdout(&shown_as(kind, "\u{fffd}"));
        if kind == Kind::Once {
            return;
        }
        server.type_line("ok");
        assert_eq!(receive(&mut peer), b"ok", "lesson {lesson:02}");
        send(&mut peer, &whole[1..]);
        // Two continuation bytes with no start: each is replaced.
        server.wait_stdout("\u{fffd}\u{fffd}\n>>>");
        server.type_line("ok");
        assert_eq!(receive(&mut peer), b"ok", "lesson {lesson:02}");
        end_chat(server, &mut peer, kind);
        assert_calm(server, lesson, 0);
    });
}

#[test]
fn a_64_kib_message_is_shown_1024_bytes_at_a_time() {
    against_every_tcp_server(|server, _port, mut peer, kind, lesson| {
        let big = message(kind, &[b'x'; 64 * 1024]);
        send(&mut peer, &big);
        if kind == Kind::Once {
            // One `recv(1024)`: at most 1024 bytes shown, the rest never read.
            server.wait_stdout("\n");
            let line = server.stdout();
            assert!(line.len() <= 1025 && line.trim_end().bytes().all(|b| b == b'x'));
            return;
        }
        // Every read is one message, answered in turn, until all of it has been shown.
        let mut answers = 0;
        loop {
            server.wait_prompt();
            let shown_so_far: usize = server
                .stdout()
                .split(">>>")
                .map(|chunk| chunk.trim_end().len())
                .sum();
            if shown_so_far == big.len() {
                break;
            }
            assert!(shown_so_far < big.len(), "lesson {lesson:02}");
            server.type_now("k");
            answers += 1;
        }
        let printed = server.stdout().replace(">>>", "").replace('\n', "");
        assert_eq!(printed.as_bytes(), &big[..], "lesson {lesson:02}");
        assert!(
            answers >= 63,
            "at most 1024 bytes per read: {answers} answers"
        );
        server.type_now("done");
        let replies = receive_exactly(&mut peer, answers + 4);
        assert_eq!(replies, format!("{}done", "k".repeat(answers)).as_bytes());
        end_chat(server, &mut peer, kind);
        assert_calm(server, lesson, 0);
    });
}

#[test]
fn nul_bytes_are_shown_escaped() {
    against_every_tcp_server(|server, _port, mut peer, kind, lesson| {
        // `printable` writes NUL in the kit's notation: `\x00`.
        let sent = message(kind, b"a\0b\0\0c");
        send(&mut peer, &sent);
        server.wait_stdout(&shown_as(kind, "a\\x00b\\x00\\x00c"));
        if kind != Kind::Once {
            server.type_line("ok\0?");
            // What is typed goes out as typed, NUL and all.
            assert_eq!(receive(&mut peer), b"ok\0?", "lesson {lesson:02}");
        }
        end_chat(server, &mut peer, kind);
        assert_calm(server, lesson, 0);
    });
}

/// A tiny xorshift generator: the same random payloads on every run, with no extra crate.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// Random bytes, `min..=max` of them.
    fn bytes(&mut self, min: usize, max: usize) -> Vec<u8> {
        let len = min + (self.next() as usize) % (max - min + 1);
        (0..len).map(|_| self.next() as u8).collect()
    }
}

/// Whether a message would end the chat: `q` alone, or after a name tag.
fn is_quit(bytes: &[u8]) -> bool {
    let text = match bytes.iter().position(|&b| b == b':') {
        Some(colon) => &bytes[colon + 1..],
        None => bytes,
    };
    text.eq_ignore_ascii_case(b"q") || bytes.eq_ignore_ascii_case(b"q")
}

/// `count` random payloads of `min..=max` bytes, none of which quits.
fn random_payloads(seed: u64, count: usize, min: usize, max: usize) -> Vec<Vec<u8>> {
    let mut random = XorShift(seed);
    let mut payloads = Vec::with_capacity(count);
    while payloads.len() < count {
        let payload = random.bytes(min, max);
        if !is_quit(&payload[..payload.len().min(1024)]) {
            payloads.push(payload);
        }
    }
    payloads
}

#[test]
fn ten_thousand_random_payloads_over_tcp() {
    let payloads = random_payloads(0x5eed_cafe_f00d_0001, RANDOM_PAYLOADS, 1, 1024);
    let expected: String = payloads
        .iter()
        .map(|payload| format!("{}>>>", shown_random(payload)))
        .collect();
    for (lesson, kind) in TCP_SERVERS {
        if kind == Kind::Once {
            continue; // one message per run: its faults are the tests above
        }
        let (mut server, port) = start_server(lesson);
        let mut peer = connect(&mut server, port);
        // Every answer typed ahead (2 bytes each, within a pipe's buffer): the server reads
        // the next one as soon as it has shown a payload, so the peer sets the pace.
        server.type_ahead(&vec!["k"; payloads.len()]);
        for payload in &payloads {
            send(&mut peer, payload);
            let answer = receive_exactly(&mut peer, 1);
            assert_eq!(answer, b"k", "lesson {lesson:02}: {:?}", server.stderr());
        }
        server.wait_for("every payload shown", |server| {
            server.stdout_len() >= expected.len()
        });
        assert!(
            server.stdout() == expected,
            "lesson {lesson:02}: the output differs"
        );
        let cpu = assert_blocked(&mut server, lesson);
        println!(
            "lesson{lesson:02}-server: {} TCP payloads, CPU time {}",
            payloads.len(),
            cpu.map_or("not measured here".into(), |cpu| format!(
                "{} ms",
                cpu.as_millis()
            ))
        );
        // The client leaves: one line, then the next client, or the end of a one-chat server.
        drop(peer);
        wait_errors(&mut server, 1);
        assert_calm(&server, lesson, 1);
        if kind == Kind::OneChat {
            server.wait_exit().assert_left_alone();
        } else {
            converse_afterwards(&mut server, port, kind, lesson);
        }
    }
}

/// Lesson 07's server on a picked port, a peer socket connected to it, and a first exchange
/// (`bob:hello`, answered `ok`) that shows the server has bound its port: a datagram sent
/// before that is lost. Returns what the server has shown so far, prompts left out.
///
/// Where the tests read Linux's table of sockets, the first datagram goes out once the port
/// is listed; elsewhere (`SOCKETLAB_NO_PROC=1` too) it is sent again on each refusal
/// (the system's answer to a datagram that found no socket) until the server shows it.
fn start_udp_server() -> (Program, UdpSocket, String) {
    let port = ports::pick();
    let mut server = Program::start(&program("lesson07-server"), &["--port", &port.to_string()]);
    let peer = UdpSocket::bind("127.0.0.1:0").expect("the peer's socket");
    peer.connect(("127.0.0.1", port)).expect("connecting");
    let first = b"bob:hello";
    let deadline = Instant::now() + PATIENCE;
    let waited = |server: &mut Program| {
        assert!(
            !server.has_ended(),
            "the server exited: {:?}",
            server.stderr()
        );
        assert!(
            Instant::now() < deadline,
            "the UDP server did not bind in time"
        );
        server.take_in_for(support::RETRY_WAIT);
    };
    if support::reads_proc() {
        while ports::is_bound(port, Transport::Udp) != Some(true) {
            waited(&mut server);
        }
        peer.send(first).expect("sending");
    } else {
        peer.set_nonblocking(true)
            .expect("a socket that does not block");
        peer.send(first).expect("sending");
        while !server.stdout().contains("bob:hello\n") {
            let mut nothing = [0; 16];
            match peer.recv(&mut nothing) {
                // Refused (Windows: reset): the datagram was lost; send it again.
                Err(error)
                    if matches!(
                        error.kind(),
                        io::ErrorKind::ConnectionRefused | io::ErrorKind::ConnectionReset
                    ) =>
                {
                    let _ = peer.send(first);
                }
                Err(error) if error.kind() == io::ErrorKind::WouldBlock => {}
                other => panic!("before any answer: {other:?}"),
            }
            waited(&mut server);
        }
        peer.set_nonblocking(false).expect("a blocking socket");
    }
    peer.set_read_timeout(Some(PATIENCE)).expect("a timeout");
    server.wait_stdout("bob:hello\n");
    server.type_line("ok");
    let mut reply = [0; 16];
    let n = peer.recv(&mut reply).expect("the answer");
    assert_eq!(&reply[..n], b"ok");
    (server, peer, "bob:hello\n".to_owned())
}

/// Sends a datagram; the server shows it as `line` (written out in the test) and answers `ok`.
fn exchange(
    server: &mut Program,
    peer: &UdpSocket,
    expected: &mut String,
    datagram: &[u8],
    line: &str,
) {
    peer.send(datagram).expect("sending");
    expected.push_str(line);
    expected.push('\n');
    server.wait_for("the datagram shown", |server| {
        server.stdout().replace(">>>", "") == *expected
    });
    server.type_line("ok");
    let mut reply = [0; 16];
    let n = peer.recv(&mut reply).expect("the answer");
    assert_eq!(&reply[..n], b"ok");
}

#[test]
fn the_udp_server_against_odd_datagrams_and_a_peer_that_is_gone() {
    let (mut server, peer, mut expected) = start_udp_server();
    let e = &mut expected;
    exchange(
        &mut server,
        &peer,
        e,
        b"bob:caf\xe9 \xff",
        "bob:caf\u{fffd} \u{fffd}",
    );
    exchange(&mut server, &peer, e, b"bob:a\0b\0", "bob:a\\x00b\\x00");
    // A character split across two datagrams: two messages, neither a character.
    exchange(
        &mut server,
        &peer,
        e,
        &"bob:好".as_bytes()[..5],
        "bob:\u{fffd}",
    );
    exchange(
        &mut server,
        &peer,
        e,
        &"好".as_bytes()[1..],
        "\u{fffd}\u{fffd}",
    );
    exchange(&mut server, &peer, e, b"", "");
    // The largest datagram there is: the server shows its first 1024 bytes.
    exchange(&mut server, &peer, e, &[b'y'; 65_507], &"y".repeat(1024));
    // A peer that is gone before the answer: the answer goes nowhere, the server goes on.
    let gone = UdpSocket::bind("127.0.0.1:0").expect("a socket");
    gone.send_to(b"carol:bye", peer.peer_addr().expect("the server"))
        .expect("sending");
    drop(gone);
    expected.push_str("carol:bye\n");
    server.wait_for("carol's datagram", |server| {
        server.stdout().replace(">>>", "") == expected
    });
    server.type_line("anyone?");
    exchange(
        &mut server,
        &peer,
        &mut expected,
        b"bob:still there?",
        "bob:still there?",
    );
    assert_calm(&server, 7, 0);
    assert_blocked(&mut server, 7);
    peer.send(b"bob:q").expect("the quit");
    server.wait_exit().assert_quit();
}

#[test]
fn ten_thousand_random_payloads_over_udp() {
    // 0 to 1500 bytes: empty datagrams, and longer ones that the 1024-byte buffer cuts.
    let payloads = random_payloads(0x5eed_cafe_f00d_0002, RANDOM_PAYLOADS, 0, 1500);
    let (mut server, peer, first) = start_udp_server();
    let expected: String = std::iter::once(format!("{first}>>>"))
        .chain(
            payloads
                .iter()
                .map(|payload| format!("{}>>>", shown_random(&payload[..payload.len().min(1024)]))),
        )
        .collect();
    server.type_ahead(&vec!["k"; payloads.len()]);
    let mut reply = [0; 16];
    for payload in &payloads {
        peer.send(payload).expect("sending");
        let n = peer.recv(&mut reply).expect("an answer in time");
        assert_eq!(&reply[..n], b"k");
    }
    server.wait_for("every payload shown", |server| {
        server.stdout_len() >= expected.len()
    });
    assert!(server.stdout() == expected, "the output differs");
    let cpu = assert_blocked(&mut server, 7);
    println!(
        "lesson07-server: {} UDP payloads, CPU time {}",
        payloads.len(),
        cpu.map_or("not measured here".into(), |cpu| format!(
            "{} ms",
            cpu.as_millis()
        ))
    );
    peer.send(b"bob:q").expect("the quit");
    server.wait_exit().assert_quit();
}

/// How a process was seen on one look: its state (`S` asleep in a system call, `R` running
/// or ready to run) and the CPU time it has used so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Seen {
    state: char,
    cpu: Duration,
}

/// One look at a process: from `/proc/PID/stat` and `/proc/PID/schedstat` (CPU time in
/// nanoseconds) where the tests read `/proc`; from `ps` on other Unix systems, and on Linux
/// with `SOCKETLAB_NO_PROC=1`; `None` where neither tells (Windows).
fn look(pid: u32) -> Option<Result<Seen, String>> {
    if support::reads_proc() {
        return Some(look_in_proc(pid).ok_or_else(|| "the process has gone".to_owned()));
    }
    if cfg!(unix) {
        return Some(look_with_ps(pid));
    }
    None
}

fn look_in_proc(pid: u32) -> Option<Seen> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // `pid (name) S ppid ...`: the name may hold spaces, so count from the last `)`.
    let state = stat[stat.rfind(')')? + 1..]
        .split_whitespace()
        .next()?
        .chars()
        .next()?;
    // `RUNTIME_NS WAIT_NS TIMESLICES`: time on a CPU, to the nanosecond.
    let schedstat = std::fs::read_to_string(format!("/proc/{pid}/schedstat")).ok()?;
    let nanos: u64 = schedstat.split_whitespace().next()?.parse().ok()?;
    Some(Seen {
        state,
        cpu: Duration::from_nanos(nanos),
    })
}

/// `ps -o stat= -o time= -p PID`: `S+   0:00.03` (macOS), `S 00:00:00` (Linux).
fn look_with_ps(pid: u32) -> Result<Seen, String> {
    let output = Command::new("ps")
        .args(["-o", "stat=", "-o", "time=", "-p", &pid.to_string()])
        .output()
        .map_err(|error| format!("cannot run ps: {error}"))?;
    let text = String::from_utf8_lossy(&output.stdout);
    let mut fields = text.split_whitespace();
    let (Some(stat), Some(time)) = (fields.next(), fields.next()) else {
        return Err(format!("the process has gone (ps: {text:?})"));
    };
    Ok(Seen {
        state: stat.chars().next().unwrap_or('?'),
        cpu: cpu_time(time).ok_or_else(|| format!("ps shows no CPU time: {text:?}"))?,
    })
}

/// `[[DD-]HH:]MM:SS[.FF]`, as `ps` shows CPU time.
fn cpu_time(time: &str) -> Option<Duration> {
    let (days, clock) = match time.split_once('-') {
        Some((days, clock)) => (days.parse::<f64>().ok()?, clock),
        None => (0.0, time),
    };
    let mut seconds = 0.0;
    for part in clock.split(':') {
        seconds = seconds * 60.0 + part.parse::<f64>().ok()?;
    }
    Some(Duration::from_secs_f64(days * 86_400.0 + seconds))
}

/// Looks in a row, each look after a bounded wait on the program's own output.
const LOOKS: usize = 20;

/// Asserts the server is not spinning: it settles asleep in a system call (waiting for a
/// client, a datagram, or the keyboard). Returns its CPU time so far; `None`, said so on
/// the test's output, where the system does not show it (Windows).
fn assert_blocked(server: &mut Program, lesson: u8) -> Option<Duration> {
    match settles(server, PATIENCE) {
        Ok(Some(cpu)) => Some(cpu),
        Ok(None) => {
            println!("lesson {lesson:02}: not checked for a busy loop (no process states here)");
            None
        }
        Err(problem) => panic!("lesson {lesson:02}: {problem}"),
    }
}

/// Waits, at most `patience`, until the program is seen asleep on [`LOOKS`] looks in a row
/// with no CPU time spent meanwhile; fails as soon as it is seen running on as many looks in
/// a row (a busy loop), or when `patience` runs out. Between looks the test waits (bounded)
/// for the program to print or exit: anything it prints is taken in, and it has printed
/// nothing, when asleep. `Ok(None)` where no look is possible.
fn settles(program: &mut Program, patience: Duration) -> Result<Option<Duration>, String> {
    let pid = program.pid();
    let Some(first) = look(pid) else {
        return Ok(None);
    };
    let mut last = first?;
    let deadline = Instant::now() + patience;
    let (mut asleep, mut running) = (0, 0);
    loop {
        program.take_in_for(support::RETRY_WAIT);
        let now = look(pid).unwrap_or(Err("no look".into()))?;
        // `I` is macOS's state for a process asleep for more than 20 s.
        let sleeping = matches!(now.state, 'S' | 'I') && now.cpu == last.cpu;
        asleep = if sleeping { asleep + 1 } else { 0 };
        running = if now.state == 'R' { running + 1 } else { 0 };
        last = now;
        if asleep >= LOOKS {
            return Ok(Some(now.cpu));
        }
        if running >= LOOKS {
            return Err(format!(
                "it was running on {LOOKS} looks in a row (CPU time {:?}): a busy loop?",
                now.cpu
            ));
        }
        if Instant::now() >= deadline {
            return Err(format!(
                "it never settled within {patience:?} (state {}, CPU time {:?}): a busy loop?",
                now.state, now.cpu
            ));
        }
    }
}

/// The busy-loop check itself: a program that spins never settles; one that waits does.
#[cfg(unix)]
#[test]
fn the_busy_loop_check_tells_a_spinning_program_from_a_waiting_one() {
    let mut spinning = Program::start("sh", &["-c", "while :; do :; done"]);
    let verdict = settles(&mut spinning, PATIENCE);
    assert!(
        verdict
            .as_ref()
            .is_err_and(|problem| problem.contains("running on")),
        "{verdict:?}"
    );
    let mut waiting = Program::start("sh", &["-c", "read line"]);
    let verdict = settles(&mut waiting, PATIENCE);
    assert!(matches!(verdict, Ok(Some(_))), "{verdict:?}");
}

#[test]
fn ps_cpu_times_are_read_in_each_form() {
    assert_eq!(cpu_time("00:00:07"), Some(Duration::from_secs(7)));
    assert_eq!(cpu_time("0:00.25"), Some(Duration::from_millis(250)));
    assert_eq!(cpu_time("1-02:03:04"), Some(Duration::from_secs(93_784)));
    assert_eq!(cpu_time("soon"), None);
}

/// Impairments at random from a seed (`Setup::impair`, `cargo xtask lesson N
/// --impair-seed S`): lesson 09's lines survive TCP writes cut at random, the same way on
/// every play of a seed; lesson 11's client survives datagrams dropped and repeated at
/// random. A failure names its seed, which replays it.
mod impaired {
    use std::time::Duration;

    use xtask::catalog::Lesson;
    use xtask::engine;
    use xtask::play::{self, Played};
    use xtask::scenario;
    use xtask::snapshot::Mode;
    use xtask::transcript;
    use xtask::workspace;

    /// An upper bound of each step, above the clients' resends; never waited out when
    /// all goes well.
    const PATIENT: Duration = Duration::from_secs(30);

    fn lesson(number: u8) -> Lesson {
        let lesson = Lesson::find(number).expect("a lesson of the catalog");
        workspace::build(&[lesson.package()]).expect("the lesson builds");
        lesson
    }

    fn play_lesson(lesson: Lesson, seed: u64) -> Vec<Played> {
        let mut setup = play::reference_setup(lesson, PATIENT);
        setup.impair = Some(seed);
        let played = play::play_lesson(lesson, &setup, Mode::Check).expect("the scenarios load");
        for one in &played {
            assert_eq!(
                one.failure, None,
                "seed {seed} (replay: cargo xtask lesson {} --impair-seed {seed}):\n{}",
                lesson.number, one.transcript
            );
        }
        played
    }

    #[test]
    fn lines_survive_writes_cut_at_random_and_a_seed_replays_the_same_cuts() {
        let lesson = lesson(9);
        for seed in [1, 11] {
            let first = play_lesson(lesson, seed);
            let again = play_lesson(lesson, seed);
            let cut = format!("[impair seed {seed}]");
            assert!(
                first.iter().any(|one| one.transcript.contains(&cut)),
                "seed {seed}"
            );
            for (a, b) in first.iter().zip(&again) {
                assert_eq!(a.transcript, b.transcript, "seed {seed} replays");
            }
        }
    }

    #[test]
    fn the_client_of_lesson_11_survives_datagrams_lost_and_repeated_at_random() {
        const CHAT: &str = "\
== chat: two exchanges over a wire that loses and repeats datagrams
start server
start client --name alice --timeout-ms 300 --tries 8
client> hello
server> hi
client> how are you?
server> fine
client> q
wait client
";
        let lesson = lesson(11);
        let scenario = scenario::parse(CHAT).expect("parses").remove(0);
        let mut lost = 0;
        for seed in 1..=6 {
            let mut setup = play::reference_setup(lesson, PATIENT);
            setup.impair = Some(seed);
            let outcome = engine::play(&scenario, &setup);
            let shown = transcript::render("impaired", &scenario.summary, &outcome);
            assert_eq!(outcome.failure, None, "seed {seed}:\n{shown}");
            let client = shown
                .split("─── client (screen)")
                .nth(1)
                .expect("the client's screen");
            assert!(
                client.starts_with(" ─")
                    && client.contains("\nhi\n")
                    && client.contains("\nfine\n"),
                "seed {seed}:\n{shown}"
            );
            lost += shown.matches("× the relay dropped it").count();
        }
        assert!(lost > 0, "six seeds drop at least one datagram");
    }
}
