//! Quitting with a real socket on the other side: `Q`/`q` either way, end of input as
//! `Q`, and a peer that goes away without quitting.

#[path = "../../02-loop-chat/tests/support/mod.rs"]
mod support;

use support::{
    Program, accept, connect, free_port, listen, receive, receive_end, send,
};

// The programs' paths as cargo gives them when the tests run, so that a copied kit's tests
// run the copy's programs (a path compiled in names the folder the tests were built in).
fn server_exe() -> String {
    std::env::var("CARGO_BIN_EXE_lesson03-server")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_lesson03-server").to_owned())
}

fn client_exe() -> String {
    std::env::var("CARGO_BIN_EXE_lesson03-client")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_lesson03-client").to_owned())
}

fn start_server() -> (Program, u16) {
    let port = free_port();
    (
        Program::start(&server_exe(), &["--port", &port.to_string()]),
        port,
    )
}

#[test]
fn the_client_quits_with_q_as_in_the_notes() {
    let (listener, port) = listen();
    let mut client = Program::start(&client_exe(), &["--port", &port]);
    let mut peer = accept(&listener);
    client.type_line("c1");
    assert_eq!(receive(&mut peer), b"c1");
    send(&mut peer, b"c2");
    client.type_line("q");
    assert_eq!(receive(&mut peer), b"q");
    receive_end(&mut peer);
    let exit = client.wait_exit();
    exit.assert_quit();
    assert_eq!(exit.stdout, ">>>c2\n>>>");
}

#[test]
fn the_client_leaves_on_a_received_q_without_printing_it() {
    for quit in [b"Q", b"q"] {
        let (listener, port) = listen();
        let mut client = Program::start(&client_exe(), &["--port", &port]);
        let mut peer = accept(&listener);
        client.type_line("c1");
        assert_eq!(receive(&mut peer), b"c1");
        send(&mut peer, quit);
        receive_end(&mut peer);
        let exit = client.wait_exit();
        exit.assert_quit();
        assert_eq!(exit.stdout, ">>>");
    }
}

#[test]
fn the_server_leaves_on_a_received_q_and_quits_with_its_own_q() {
    let (mut server, port) = start_server();
    let mut peer = connect(&mut server, port);
    send(&mut peer, b"c1");
    server.type_line("c2");
    assert_eq!(receive(&mut peer), b"c2");
    send(&mut peer, b"q");
    receive_end(&mut peer);
    let exit = server.wait_exit();
    exit.assert_quit();
    assert_eq!(exit.stdout, "c1\n>>>");

    let (mut server, port) = start_server();
    let mut peer = connect(&mut server, port);
    send(&mut peer, b"c1");
    server.type_line("Q");
    assert_eq!(receive(&mut peer), b"Q");
    receive_end(&mut peer);
    server.wait_exit().assert_quit();
}

#[test]
fn only_q_alone_quits() {
    let (mut server, port) = start_server();
    let mut peer = connect(&mut server, port);
    for message in ["quit", " q", "Qq"] {
        send(&mut peer, message.as_bytes());
        server.type_line("ok");
        assert_eq!(receive(&mut peer), b"ok");
    }
    assert_eq!(server.stdout(), "quit\n>>> q\n>>>Qq\n>>>");
}

#[test]
fn end_of_input_counts_as_typing_q() {
    let (listener, port) = listen();
    let mut client = Program::start(&client_exe(), &["--port", &port]);
    let mut peer = accept(&listener);
    client.end_input();
    assert_eq!(receive(&mut peer), b"Q");
    receive_end(&mut peer);
    client.wait_exit().assert_quit();

    let (mut server, port) = start_server();
    let mut peer = connect(&mut server, port);
    send(&mut peer, b"c1");
    server.end_input();
    assert_eq!(receive(&mut peer), b"Q");
    receive_end(&mut peer);
    server.wait_exit().assert_quit();
}

#[test]
fn a_peer_that_leaves_without_q_is_noticed() {
    let (mut server, port) = start_server();
    let mut peer = connect(&mut server, port);
    send(&mut peer, b"c1");
    server.wait_prompt();
    drop(peer);
    server.type_now("anyone there?");
    server.wait_exit().assert_left_alone();

    let (listener, port) = listen();
    let mut client = Program::start(&client_exe(), &["--port", &port]);
    let mut peer = accept(&listener);
    client.type_line("c1");
    assert_eq!(receive(&mut peer), b"c1");
    drop(peer);
    client.wait_exit().assert_left_alone();
}
