//! Every lesson's server against a peer that misbehaves: killed mid-message, half-closed,
//! bytes that are not UTF-8, a character split across two reads, a 64 KiB message, NUL bytes,
//! and 10,000 random payloads over TCP and over UDP.
//!
//! The peer is the test's own socket; the server is the lesson's real program, typed at
//! through pipes (the lessons' test helper). After each fault the server must not panic,
//! must say what happened in at most one line on standard error, must not spin (on Linux its
//! state and CPU time are read from `/proc/PID/stat`), and a server with an accept loop must
//! serve the next client: a real conversation proves it. No figure of time is asserted.

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

/// What the server prints for a message it received: the lesson's own safe form.
fn shown(bytes: &[u8]) -> String {
    format!("{}\n", lessonkit::printable(bytes))
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
    server.wait_stdout(&shown(&hello));
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
        assert_calm(&server, lesson, usize::MAX);
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
        assert_calm(&server, lesson, usize::MAX);
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
        if kind == Kind::Once {
            server.wait_stdout(&shown(&sent));
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
                server.stdout().ends_with(&format!("{}>>>", shown(&sent))),
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
        server.wait_stdout(&shown(&hello));
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

/// One round trip of `text` with the server: it shows it, answers, the peer receives.
fn round(server: &mut Program, peer: &mut TcpStream, kind: Kind, text: &[u8], lesson: u8) {
    let sent = message(kind, text);
    send(peer, &sent);
    server.wait_stdout(&format!("{}>>>", shown(&sent)));
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
        assert!(shown(&sent).contains("caf\u{fffd} \u{fffd}! \u{fffd}("));
        server.wait_stdout(&shown(&sent));
        if kind != Kind::Once {
            server.type_line("ok");
            assert_eq!(receive(&mut peer), b"ok", "lesson {lesson:02}");
            round(server, &mut peer, kind, "好的".as_bytes(), lesson);
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
        server.wait_stdout(&shown(&first));
        assert!(server.stdout().contains('\u{fffd}'));
        if kind == Kind::Once {
            return;
        }
        server.type_line("ok");
        assert_eq!(receive(&mut peer), b"ok", "lesson {lesson:02}");
        send(&mut peer, &whole[1..]);
        server.wait_stdout(&format!("{}>>>", shown(&whole[1..])));
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
        // `printable` shows NUL as Rust escapes it: `\u{0}`.
        let sent = message(kind, b"a\0b\0\0c");
        send(&mut peer, &sent);
        server.wait_stdout(&shown(&sent));
        assert!(
            server.stdout().contains("a\\u{0}b\\u{0}\\u{0}c"),
            "{}",
            server.stdout()
        );
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
        .map(|payload| format!("{}>>>", shown(payload)))
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
            assert_eq!(receive_exactly(&mut peer, 1), b"k", "lesson {lesson:02}");
        }
        server.wait_for("every payload shown", |server| {
            server.stdout_len() >= expected.len()
        });
        assert!(
            server.stdout() == expected,
            "lesson {lesson:02}: the output differs"
        );
        let cpu = assert_blocked(&server, lesson);
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

/// Lesson 07's server on a picked port, and a peer socket connected to it once it has
/// bound the port (a datagram sent before that is lost); `None` where the system does not
/// show its table of sockets.
fn start_udp_server() -> Option<(Program, UdpSocket)> {
    let port = ports::pick();
    let server = Program::start(&program("lesson07-server"), &["--port", &port.to_string()]);
    let peer = UdpSocket::bind("127.0.0.1:0").expect("the peer's socket");
    peer.set_read_timeout(Some(PATIENCE)).expect("a timeout");
    peer.connect(("127.0.0.1", port)).expect("connecting");
    let deadline = Instant::now() + PATIENCE;
    loop {
        match ports::is_bound(port, Transport::Udp) {
            Some(true) => return Some((server, peer)),
            Some(false) => {}
            None => {
                println!("skipped: this system does not show which UDP ports are bound");
                return None;
            }
        }
        assert!(
            Instant::now() < deadline,
            "the UDP server did not bind in time"
        );
        std::thread::yield_now();
    }
}

/// Sends a datagram; the server shows it (its first 1024 bytes) and answers `ok`.
fn exchange(server: &mut Program, peer: &UdpSocket, expected: &mut String, datagram: &[u8]) {
    peer.send(datagram).expect("sending");
    expected.push_str(&shown(&datagram[..datagram.len().min(1024)]));
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
    let Some((mut server, peer)) = start_udp_server() else {
        return;
    };
    let mut expected = String::new();
    exchange(&mut server, &peer, &mut expected, b"bob:caf\xe9 \xff");
    exchange(&mut server, &peer, &mut expected, b"bob:a\0b\0");
    // A character split across two datagrams: two messages, neither a character.
    exchange(&mut server, &peer, &mut expected, &"bob:好".as_bytes()[..5]);
    exchange(&mut server, &peer, &mut expected, &"好".as_bytes()[1..]);
    exchange(&mut server, &peer, &mut expected, b"");
    // The largest datagram there is: the server shows its first 1024 bytes.
    exchange(&mut server, &peer, &mut expected, &[b'y'; 65_507]);
    // A peer that is gone before the answer: the answer goes nowhere, the server goes on.
    let gone = UdpSocket::bind("127.0.0.1:0").expect("a socket");
    gone.send_to(b"carol:bye", peer.peer_addr().expect("the server"))
        .expect("sending");
    drop(gone);
    expected.push_str(&shown(b"carol:bye"));
    server.wait_for("carol's datagram", |server| {
        server.stdout().replace(">>>", "") == expected
    });
    server.type_line("anyone?");
    exchange(&mut server, &peer, &mut expected, b"bob:still there?");
    assert_calm(&server, 7, 0);
    assert_blocked(&server, 7);
    peer.send(b"bob:q").expect("the quit");
    server.wait_exit().assert_quit();
}

#[test]
fn ten_thousand_random_payloads_over_udp() {
    // 0 to 1500 bytes: empty datagrams, and longer ones that the 1024-byte buffer cuts.
    let payloads = random_payloads(0x5eed_cafe_f00d_0002, RANDOM_PAYLOADS, 0, 1500);
    let Some((mut server, peer)) = start_udp_server() else {
        return;
    };
    let expected: String = payloads
        .iter()
        .map(|payload| format!("{}>>>", shown(&payload[..payload.len().min(1024)])))
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
    let cpu = assert_blocked(&server, 7);
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

/// A process's state and CPU time (user and system), from `/proc/PID/stat`.
fn state_and_cpu(pid: u32) -> Option<(char, Duration)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // `pid (name) S ppid ...`: the name may hold spaces, so count from the last `)`.
    let fields: Vec<&str> = stat[stat.rfind(')')? + 1..].split_whitespace().collect();
    let state = fields.first()?.chars().next()?;
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    // The kernel counts in ticks of 1/100 s for every program (USER_HZ).
    Some((state, Duration::from_millis(ticks * 10)))
}

/// Asserts the server is not spinning: it settles asleep in a system call (waiting for a
/// client, a datagram, or the keyboard), seen so on many reads in a row with no CPU time
/// spent meanwhile. Returns its CPU time so far, where the system tells (Linux).
fn assert_blocked(server: &Program, lesson: u8) -> Option<Duration> {
    match settles(server.pid(), PATIENCE) {
        Ok(cpu) => cpu,
        Err(problem) => panic!("lesson {lesson:02}: {problem}"),
    }
}

/// Waits, at most `patience`, until the process sleeps in a system call on 200 reads of its
/// state in a row, its CPU time unchanged; `Ok(None)` where there is no `/proc/PID/stat`.
fn settles(pid: u32, patience: Duration) -> Result<Option<Duration>, String> {
    if state_and_cpu(pid).is_none() {
        return Ok(None);
    }
    let deadline = Instant::now() + patience;
    let mut asleep = 0;
    let mut cpu = Duration::ZERO;
    while asleep < 200 {
        let (state, now) = state_and_cpu(pid).ok_or("the process has gone")?;
        if state == 'S' && (asleep == 0 || now == cpu) {
            asleep += 1;
        } else {
            asleep = 0;
        }
        cpu = now;
        if Instant::now() >= deadline {
            return Err(format!(
                "it never settled (state {state}, CPU time {cpu:?}): a busy loop?"
            ));
        }
        std::thread::yield_now();
    }
    Ok(Some(cpu))
}

/// The busy-loop check itself: a program that spins never settles; one that waits does.
#[cfg(target_os = "linux")]
#[test]
fn the_busy_loop_check_tells_a_spinning_program_from_a_waiting_one() {
    let spinning = Program::start("sh", &["-c", "while :; do :; done"]);
    let verdict = settles(spinning.pid(), Duration::from_millis(300));
    assert!(verdict.is_err(), "{verdict:?}");
    let waiting = Program::start("sh", &["-c", "read line"]);
    let verdict = settles(waiting.pid(), PATIENCE);
    assert!(matches!(verdict, Ok(Some(_))), "{verdict:?}");
}
