//! Lesson 11's client against a `UdpSocket` in the test playing the server: it sends
//! again when no reply comes in time, ignores a reply to another number, and gives up
//! after its last try with one line. Every wait is bounded; no test sleeps.

#[path = "../../02-loop-chat/tests/support/mod.rs"]
mod support;

use std::io;
use std::net::{SocketAddr, UdpSocket};
use std::time::Duration;

use support::Program;

// The program's path as cargo gives it when the tests run (see lesson 04's tests).
fn client_exe() -> String {
    std::env::var("CARGO_BIN_EXE_lesson11-client")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_lesson11-client").to_owned())
}

/// The upper bound of every receive: never how long a test waits when all goes well.
const BOUND: Duration = Duration::from_secs(10);

/// The test's side: a socket on a port the system picks, and its port for `--port`.
fn server_side() -> (UdpSocket, String) {
    let socket = UdpSocket::bind("127.0.0.1:0").expect("binding a free port");
    socket.set_read_timeout(Some(BOUND)).expect("a bound");
    let port = socket.local_addr().expect("its address").port();
    (socket, port.to_string())
}

/// The next datagram, through interruptions (the test process gets signals).
fn receive(socket: &UdpSocket) -> (String, SocketAddr) {
    let mut buffer = [0; 1024];
    loop {
        match socket.recv_from(&mut buffer) {
            Ok((n, from)) => {
                return (String::from_utf8_lossy(&buffer[..n]).into_owned(), from);
            }
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => panic!("no datagram within {BOUND:?}: {error}"),
        }
    }
}

#[test]
fn the_client_sends_again_and_takes_only_the_reply_with_its_number() {
    let (server, port) = server_side();
    let mut client = Program::start(
        &client_exe(),
        &["--port", &port, "--name", "alice", "--timeout-ms", "100"],
    );
    client.type_line("hello");
    let (first, from) = receive(&server);
    assert_eq!(first, "1 alice:hello");
    // No reply: the same datagram comes again, by the client's own timeout.
    assert_eq!(receive(&server).0, "1 alice:hello");
    server.send_to(b"7 a late reply", from).expect("sends");
    server.send_to(b"1 hi", from).expect("sends");
    client.type_line("q");
    // Resends of the first may still be on their way before the q.
    let quit = loop {
        let (datagram, _) = receive(&server);
        if datagram != "1 alice:hello" {
            break datagram;
        }
    };
    assert_eq!(quit, "2 alice:q");
    let exit = client.wait_exit();
    exit.assert_quit();
    assert_eq!(exit.stdout, ">>>hi\n>>>");
}

#[test]
fn the_client_gives_up_after_its_last_try_with_one_line() {
    let (server, port) = server_side();
    let mut client = Program::start(
        &client_exe(),
        &[
            "--port",
            &port,
            "--name",
            "alice",
            "--timeout-ms",
            "50",
            "--tries",
            "2",
        ],
    );
    client.type_line("hello");
    assert_eq!(receive(&server).0, "1 alice:hello");
    assert_eq!(receive(&server).0, "1 alice:hello");
    let exit = client.wait_exit();
    assert_eq!(exit.status.code(), Some(1), "{exit:?}");
    support::assert_one_line(&exit.stderr);
    assert!(exit.stderr.contains("no reply after 2 tries"), "{exit:?}");
    assert_eq!(exit.stdout, ">>>");
}

#[test]
fn a_timeout_or_a_number_of_tries_out_of_range_is_one_line() {
    for bad in [["--timeout-ms", "0"], ["--tries", "0"], ["--tries", "many"]] {
        let mut client = Program::start(&client_exe(), &bad);
        let exit = client.wait_exit();
        assert_eq!(exit.status.code(), Some(2), "{bad:?}: {exit:?}");
        support::assert_one_line(&exit.stderr);
    }
}
