//! Name tags with real sockets: the client tags every message, the server reads the tag
//! apart at the first `:` and sees a tagged quit (the notes' pitfall).

#[path = "../../02-loop-chat/tests/support/mod.rs"]
mod support;

use support::{
    Program, accept, connect, free_port, listen, receive, receive_end, send,
};

// The programs' paths as cargo gives them when the tests run, so that a copied kit's tests
// run the copy's programs (a path compiled in names the folder the tests were built in).
fn server_exe() -> String {
    std::env::var("CARGO_BIN_EXE_lesson05-server")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_lesson05-server").to_owned())
}

fn client_exe() -> String {
    std::env::var("CARGO_BIN_EXE_lesson05-client")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_lesson05-client").to_owned())
}

#[test]
fn the_server_sees_a_tagged_quit_and_serves_the_next_friend() {
    let port = free_port();
    let mut server = Program::start(&server_exe(), &["--port", &port.to_string()]);
    let mut bob = connect(&mut server, port);
    send(&mut bob, "小郭吹雪1234QQ:hello".as_bytes());
    server.type_line("hi");
    assert_eq!(receive(&mut bob), b"hi");
    send(&mut bob, "小郭吹雪1234QQ:q".as_bytes());
    receive_end(&mut bob);

    let mut alice = connect(&mut server, port);
    send(&mut alice, "小马过河1234QQ:xiao".as_bytes());
    server.wait_prompt();
    assert_eq!(
        server.stdout(),
        "小郭吹雪1234QQ:hello\n>>>小马过河1234QQ:xiao\n>>>"
    );
}

#[test]
fn the_tag_ends_at_the_first_colon() {
    let port = free_port();
    let mut server = Program::start(&server_exe(), &["--port", &port.to_string()]);
    let mut peer = connect(&mut server, port);
    // The message of `a:b:q` is `b:q`: not a quit.
    send(&mut peer, b"a:b:q");
    server.type_line("ok");
    assert_eq!(receive(&mut peer), b"ok");
    // An empty tag, then `q`: a quit.
    send(&mut peer, b":q");
    receive_end(&mut peer);
    // No tag at all: the whole line is the message, and `Q` alone still quits.
    let mut peer = connect(&mut server, port);
    send(&mut peer, b"Q");
    receive_end(&mut peer);
    let mut peer = connect(&mut server, port);
    send(&mut peer, b"untagged");
    server.wait_prompt();
    assert_eq!(server.stdout(), "a:b:q\n>>>untagged\n>>>");
}

#[test]
fn the_client_tags_every_message_the_quit_included() {
    let (listener, port) = listen();
    let mut alice = Program::start(
        &client_exe(),
        &["--port", &port, "--name", "小马过河1234QQ"],
    );
    let mut peer = accept(&listener);
    alice.type_line("xiao");
    assert_eq!(receive(&mut peer), "小马过河1234QQ:xiao".as_bytes());
    send(&mut peer, b"hi");
    alice.type_line("q");
    assert_eq!(receive(&mut peer), "小马过河1234QQ:q".as_bytes());
    let exit = alice.wait_exit();
    exit.assert_quit();
    assert_eq!(exit.stdout, ">>>hi\n>>>");

    // Without --name, the notes' name; end of input counts as Q.
    let mut client = Program::start(&client_exe(), &["--port", &port]);
    let mut peer = accept(&listener);
    client.end_input();
    assert_eq!(receive(&mut peer), "小郭吹雪1234QQ:Q".as_bytes());
    client.wait_exit().assert_quit();
}

#[test]
fn the_client_shows_the_servers_reply_whole_and_escaped() {
    let (listener, port) = listen();
    let mut alice =
        Program::start(&client_exe(), &["--port", &port, "--name", "alice"]);
    let mut peer = accept(&listener);
    alice.type_line("hi");
    assert_eq!(receive(&mut peer), b"alice:hi");
    // A reply is not tagged: its `:`s are text. Its control bytes (an escape sequence that
    // would clear the screen, a bell, a NUL) are shown escaped, not obeyed.
    send(&mut peer, b"a:b:q \x1b[2J\x07\0end");
    alice.wait_prompt();
    assert_eq!(alice.stdout(), ">>>a:b:q \\e[2J\\x07\\x00end\n>>>");
    alice.type_now("q");
    assert_eq!(receive(&mut peer), b"alice:q");
    alice.wait_exit().assert_quit();
}
