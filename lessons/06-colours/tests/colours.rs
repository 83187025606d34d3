//! Colours with real sockets: each friend in a stable colour of their own, coloured only
//! after a friend's own escape sequences are made harmless.

#[path = "../../02-loop-chat/tests/support/mod.rs"]
mod support;

use std::process::Command;

use support::{
    Program, accept, connect, free_port, listen, receive, receive_end, send,
};

// The programs' paths as cargo gives them when the tests run, so that a copied kit's tests
// run the copy's programs (a path compiled in names the folder the tests were built in).
fn server_exe() -> String {
    std::env::var("CARGO_BIN_EXE_lesson06-server")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_lesson06-server").to_owned())
}

fn client_exe() -> String {
    std::env::var("CARGO_BIN_EXE_lesson06-client")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_lesson06-client").to_owned())
}

/// Starts the server with colours forced on (its output is a pipe, not a terminal).
fn start_server(colours: bool) -> (Program, u16) {
    let port = free_port();
    let mut command = Command::new(server_exe());
    command
        .args(["--port", &port.to_string()])
        .env_remove("CLICOLOR_FORCE");
    if colours {
        command.env("CLICOLOR_FORCE", "1").env_remove("NO_COLOR");
    } else {
        command.env("NO_COLOR", "1");
    }
    (Program::start_with(&mut command), port)
}

/// One friend's chat: a message, then the server's `Q`.
fn visit(server: &mut Program, port: u16, message: &str) {
    let mut peer = connect(server, port);
    send(&mut peer, message.as_bytes());
    server.type_line("Q");
    assert_eq!(receive(&mut peer), b"Q");
    receive_end(&mut peer);
}

#[test]
fn each_friend_keeps_a_colour_of_their_own() {
    let (mut server, port) = start_server(true);
    visit(&mut server, port, "小马过河1234QQ:xiao");
    visit(&mut server, port, "小郭吹雪1234QQ:ming");
    visit(&mut server, port, "小马过河1234QQ:back again");
    assert_eq!(
        server.stdout(),
        "\x1b[32m小马过河1234QQ:xiao\x1b[0m\n>>>\
         \x1b[36m小郭吹雪1234QQ:ming\x1b[0m\n>>>\
         \x1b[32m小马过河1234QQ:back again\x1b[0m\n>>>"
    );
}

#[test]
fn a_friends_escape_sequences_are_shown_not_obeyed() {
    let (mut server, port) = start_server(true);
    visit(
        &mut server,
        port,
        "小马过河1234QQ:\x1b[2Jcleared? \x1b[31mred?",
    );
    assert_eq!(
        server.stdout(),
        "\x1b[32m小马过河1234QQ:\\e[2Jcleared? \\e[31mred?\x1b[0m\n>>>"
    );
}

#[test]
fn no_color_leaves_the_colours_out() {
    let (mut server, port) = start_server(false);
    visit(&mut server, port, "小马过河1234QQ:xiao");
    assert_eq!(server.stdout(), "小马过河1234QQ:xiao\n>>>");
}

#[test]
fn the_tag_ends_at_the_first_colon() {
    let (mut server, port) = start_server(true);
    let mut peer = connect(&mut server, port);
    // The name of `a:b:q` is `a`, its message `b:q`: not a quit, and shown in the colour of
    // `a` (97 % 4 = 1: green, 32).
    send(&mut peer, b"a:b:q");
    server.type_line("ok");
    assert_eq!(receive(&mut peer), b"ok");
    // `a:q` is a quit: the chat ends, nothing printed.
    send(&mut peer, b"a:q");
    receive_end(&mut peer);
    assert_eq!(server.stdout(), "\x1b[32ma:b:q\x1b[0m\n>>>");
}

#[test]
fn the_client_shows_the_servers_reply_whole_and_escaped() {
    let (listener, port) = listen();
    let mut alice =
        Program::start(&client_exe(), &["--port", &port, "--name", "alice"]);
    let mut peer = accept(&listener);
    alice.type_line("hi");
    assert_eq!(receive(&mut peer), b"alice:hi");
    // A reply is not tagged: its `:`s are text; its control bytes are shown escaped.
    send(&mut peer, b"a:b:q \x1b[2J\x07\0end");
    alice.wait_prompt();
    assert_eq!(alice.stdout(), ">>>a:b:q \\e[2J\\x07\\x00end\n>>>");
    alice.type_now("q");
    assert_eq!(receive(&mut peer), b"alice:q");
    alice.wait_exit().assert_quit();
}
