//! The loop chat with a real socket on the other side: whole messages, bytes that are not
//! UTF-8, and a peer that goes away at any moment (no panic, no spin, no hang).

mod support;

use support::{
    Program, accept, connect, free_port, listen, receive, receive_end,
    receive_exactly, send, wait_unread,
};

// The programs' paths as cargo gives them when the tests run, so that a copied kit's tests
// run the copy's programs (a path compiled in names the folder the tests were built in).
fn server_exe() -> String {
    std::env::var("CARGO_BIN_EXE_lesson02-server")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_lesson02-server").to_owned())
}

fn client_exe() -> String {
    std::env::var("CARGO_BIN_EXE_lesson02-client")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_lesson02-client").to_owned())
}

/// 1024 bytes, the notes' buffer: 341 three-byte characters and a `!`.
fn longest_message() -> String {
    let message = format!("{}!", "好".repeat(341));
    assert_eq!(message.len(), 1024);
    message
}

fn start_server() -> (Program, u16) {
    let port = free_port();
    (
        Program::start(&server_exe(), &["--port", &port.to_string()]),
        port,
    )
}

#[test]
fn a_1024_byte_message_passes_whole_both_ways() {
    let (mut server, port) = start_server();
    let mut peer = connect(&mut server, port);
    send(&mut peer, longest_message().as_bytes());
    server.type_line(&longest_message());
    assert_eq!(
        receive_exactly(&mut peer, 1024),
        longest_message().as_bytes()
    );
    assert_eq!(server.stdout(), format!("{}\n>>>", longest_message()));

    let (listener, port) = listen();
    let mut client = Program::start(&client_exe(), &["--port", &port]);
    let mut peer = accept(&listener);
    client.type_line(&longest_message());
    assert_eq!(
        receive_exactly(&mut peer, 1024),
        longest_message().as_bytes()
    );
    send(&mut peer, longest_message().as_bytes());
    client.wait_prompt();
    assert_eq!(client.stdout(), format!(">>>{}\n>>>", longest_message()));
}

#[test]
fn bytes_that_are_not_utf8_are_shown_replaced() {
    let (mut server, port) = start_server();
    let mut peer = connect(&mut server, port);
    send(&mut peer, b"caf\xe9 \xff!");
    server.wait_prompt();
    assert_eq!(server.stdout(), "caf\u{fffd} \u{fffd}!\n>>>");
    server.type_now("still here");
    assert_eq!(receive(&mut peer), b"still here");
}

#[test]
fn an_empty_line_is_asked_again_instead_of_sending_nothing() {
    let (listener, port) = listen();
    let mut client = Program::start(&client_exe(), &["--port", &port]);
    let mut peer = accept(&listener);
    client.type_line("");
    client.type_line("hi");
    assert_eq!(receive(&mut peer), b"hi");
}

#[test]
fn end_of_input_closes_the_connection_and_exits_0() {
    let (listener, port) = listen();
    let mut client = Program::start(&client_exe(), &["--port", &port]);
    let mut peer = accept(&listener);
    client.end_input();
    receive_end(&mut peer);
    client.wait_exit().assert_quit();

    let (mut server, port) = start_server();
    let mut peer = connect(&mut server, port);
    send(&mut peer, b"c1");
    server.end_input();
    receive_end(&mut peer);
    server.wait_exit().assert_quit();
}

/// The server, with a client that leaves: before its first message, while the server is
/// at its prompt, after the answer, or with the answer unread (a reset).
#[test]
fn the_server_notices_a_client_that_leaves_at_any_moment() {
    for moment in 0..4 {
        let (mut server, port) = start_server();
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
        server.wait_exit().assert_left_alone();
    }
}

/// The client, with a server that leaves: before the client's first message, while the
/// client waits for the answer, while it is at its prompt, or with a message unread.
#[test]
fn the_client_notices_a_server_that_leaves_at_any_moment() {
    for moment in 0..4 {
        let (listener, port) = listen();
        let mut client = Program::start(&client_exe(), &["--port", &port]);
        let mut peer = accept(&listener);
        match moment {
            0 => {
                drop(peer);
                client.type_line("anyone there?");
            }
            1 => {
                client.type_line("c1");
                assert_eq!(receive(&mut peer), b"c1");
                drop(peer);
            }
            2 => {
                client.type_line("c1");
                assert_eq!(receive(&mut peer), b"c1");
                send(&mut peer, b"s1");
                client.wait_prompt();
                drop(peer);
                client.type_now("anyone there?");
            }
            _ => {
                client.type_line("c1");
                wait_unread(&peer);
                drop(peer);
            }
        }
        client.wait_exit().assert_left_alone();
    }
}
