//! Lines with real sockets on the other side: a line that arrives in pieces, or glued to
//! the next, is read whole, and a stream that ends mid-line is said in one line.

#[path = "../../02-loop-chat/tests/support/mod.rs"]
mod support;

use support::{
    Program, accept, connect, free_port, listen, receive_end, receive_exactly, send,
};

// The programs' paths as cargo gives them when the tests run (see lesson 04's tests).
fn exe(kind: &str) -> String {
    let name = format!("CARGO_BIN_EXE_lesson09-{kind}");
    std::env::var(&name).unwrap_or_else(|_| match kind {
        "server" => env!("CARGO_BIN_EXE_lesson09-server").to_owned(),
        _ => env!("CARGO_BIN_EXE_lesson09-client").to_owned(),
    })
}

#[test]
fn the_server_reads_a_line_in_pieces_and_two_lines_glued_one_by_one() {
    let port = free_port();
    let mut server = Program::start(&exe("server"), &["--port", &port.to_string()]);
    let mut peer = connect(&mut server, port);
    send(&mut peer, b"hel");
    send(&mut peer, b"lo\nsecond line\n");
    server.type_line("hi");
    assert_eq!(receive_exactly(&mut peer, 3), b"hi\n");
    // The second line was already there, kept by the reader: no new read is needed.
    server.type_line("again");
    assert_eq!(receive_exactly(&mut peer, 6), b"again\n");
    send(&mut peer, b"q\n");
    receive_end(&mut peer);
    assert_eq!(server.stdout(), "hello\n>>>second line\n>>>");
    assert_eq!(server.stderr(), "");
}

#[test]
fn the_client_reads_a_reply_in_pieces_and_ends_on_a_q_line() {
    let (listener, port) = listen();
    let mut client = Program::start(&exe("client"), &["--port", &port]);
    let mut conn = accept(&listener);
    client.type_line("hello");
    assert_eq!(receive_exactly(&mut conn, 6), b"hello\n");
    send(&mut conn, b"h");
    send(&mut conn, b"i\n");
    client.type_line("bye");
    assert_eq!(receive_exactly(&mut conn, 4), b"bye\n");
    send(&mut conn, b"Q\n");
    let exit = client.wait_exit();
    exit.assert_quit();
    assert_eq!(exit.stdout, ">>>hi\n>>>");
}

#[test]
fn a_stream_that_ends_mid_line_is_one_line_on_standard_error() {
    let (listener, port) = listen();
    let mut client = Program::start(&exe("client"), &["--port", &port]);
    let mut conn = accept(&listener);
    client.type_line("hello");
    assert_eq!(receive_exactly(&mut conn, 6), b"hello\n");
    send(&mut conn, b"half a li");
    drop(conn);
    let exit = client.wait_exit();
    exit.assert_left_alone();
    assert!(exit.stderr.contains("mid-line"), "{exit:?}");
    assert_eq!(exit.stdout, ">>>");
}
