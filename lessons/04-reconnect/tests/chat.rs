//! The accept loop with real sockets on the other side: the next client is served after a
//! `q`, after the server's `Q`, and after a client that vanished; one chat at a time.

#[path = "../../02-loop-chat/tests/support/mod.rs"]
mod support;

use support::{
    Program, connect, free_port, receive, receive_end, send, wait_unread,
};

// The program's path as cargo gives it when the tests run, so that a copied kit's tests
// run the copy's program (a path compiled in names the folder the tests were built in).
fn server_exe() -> String {
    std::env::var("CARGO_BIN_EXE_lesson04-server")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_lesson04-server").to_owned())
}

fn start_server() -> (Program, u16) {
    let port = free_port();
    (
        Program::start(&server_exe(), &["--port", &port.to_string()]),
        port,
    )
}

#[test]
fn the_next_client_is_served_after_q_and_after_the_servers_q() {
    let (mut server, port) = start_server();
    let mut first = connect(&mut server, port);
    send(&mut first, b"c1");
    server.type_line("s1");
    assert_eq!(receive(&mut first), b"s1");
    send(&mut first, b"q");
    receive_end(&mut first);

    let mut second = connect(&mut server, port);
    send(&mut second, b"hello");
    server.type_line("Q");
    assert_eq!(receive(&mut second), b"Q");
    receive_end(&mut second);

    let mut third = connect(&mut server, port);
    send(&mut third, b"still open?");
    server.type_line("yes");
    assert_eq!(receive(&mut third), b"yes");
    assert_eq!(server.stdout(), "c1\n>>>hello\n>>>still open?\n>>>");
    assert_eq!(server.stderr(), "");
}

#[test]
fn a_waiting_client_is_answered_when_the_chat_before_it_ends() {
    let (mut server, port) = start_server();
    let mut first = connect(&mut server, port);
    send(&mut first, b"c1");
    server.wait_prompt();
    // The line is busy: the second client connects and sends, and waits in the queue.
    let mut second = connect(&mut server, port);
    send(&mut second, b"hello");
    server.type_now("s1");
    assert_eq!(receive(&mut first), b"s1");
    send(&mut first, b"q");
    server.type_line("hi");
    assert_eq!(receive(&mut second), b"hi");
    assert_eq!(server.stdout(), "c1\n>>>hello\n>>>");
}

/// Clients that vanish: before sending, while the server is at its prompt, after the
/// answer, or with the answer unread (a reset). Each is one line on standard error, and
/// the server goes on to the next client.
#[test]
fn a_client_that_vanishes_at_any_moment_ends_only_its_own_chat() {
    let (mut server, port) = start_server();
    for moment in 0..4 {
        let mut peer = connect(&mut server, port);
        match moment {
            0 => drop(peer),
            1 => {
                send(&mut peer, b"c1");
                server.wait_prompt();
                drop(peer);
                server.type_now("anyone there?");
            }
            2 => {
                send(&mut peer, b"c1");
                server.type_line("s1");
                assert_eq!(receive(&mut peer), b"s1");
                drop(peer);
            }
            _ => {
                send(&mut peer, b"c1");
                server.type_line("s1");
                wait_unread(&peer);
                drop(peer);
            }
        }
        let gone = moment + 1;
        // Count whole lines only: `eprintln!` may reach the pipe in more than one write.
        server.wait_for("a line on stderr", |server| {
            server.stderr().matches('\n').count() == gone
        });
    }
    let mut next = connect(&mut server, port);
    send(&mut next, b"hello");
    server.type_line("hi");
    assert_eq!(receive(&mut next), b"hi");
    let stderr = server.stderr();
    assert!(!stderr.contains("panicked"), "{stderr}");
    for line in stderr.lines() {
        assert!(line.starts_with("lesson04-server: "), "{stderr}");
    }
}

#[test]
fn end_of_input_ends_the_chat_as_q_and_stops_the_server() {
    let (mut server, port) = start_server();
    let mut peer = connect(&mut server, port);
    send(&mut peer, b"c1");
    server.end_input();
    assert_eq!(receive(&mut peer), b"Q");
    receive_end(&mut peer);
    server.wait_exit().assert_quit();
}
