//! Lesson 10's client with real sockets, the test playing its server: a message that comes
//! while the prompt waits is shown above it, a peer's escapes are shown, not obeyed, and
//! every way of ending is the one the lesson promises.

#[path = "../../02-loop-chat/tests/support/mod.rs"]
mod support;

use std::io::{BufRead, BufReader};
use std::net::TcpStream;

use support::{Program, accept, listen, receive_end, send};

// The program's path as cargo gives it when the tests run (see lesson 06's tests).
fn client_exe() -> String {
    std::env::var("CARGO_BIN_EXE_lesson10-client")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_lesson10-client").to_owned())
}

/// Starts the client as `name` and takes its connection; returns it with its name line read.
fn start(name: &str) -> (Program, TcpStream, BufReader<TcpStream>) {
    let (listener, port) = listen();
    let client = Program::start(&client_exe(), &["--port", &port, "--name", name]);
    let conn = accept(&listener);
    let mut lines = BufReader::new(conn.try_clone().expect("cloning the stream"));
    assert_eq!(next_line(&mut lines), format!("{name}\n"), "the first line");
    (client, conn, lines)
}

fn next_line(lines: &mut BufReader<TcpStream>) -> String {
    let mut line = String::new();
    lines.read_line(&mut line).expect("a line in time");
    line
}

#[test]
fn a_message_that_comes_while_the_prompt_waits_is_shown_above_it() {
    let (mut client, mut conn, mut lines) = start("alice");
    client.wait_stdout(">>>");
    send(&mut conn, b"bob:hi\n");
    client.wait_stdout("bob:hi\n>>>");
    assert_eq!(client.stdout(), ">>>\nbob:hi\n>>>");
    // The line typed goes out with its `\n`; the next prompt is shown before it goes.
    client.type_now("hello all");
    assert_eq!(next_line(&mut lines), "hello all\n");
    client.wait_stdout("bob:hi\n>>>>>>");
    assert_eq!(client.stdout(), ">>>\nbob:hi\n>>>>>>");
    client.type_now("q");
    receive_end(&mut conn);
    client.wait_exit().assert_quit();
}

#[test]
fn a_peers_escape_sequences_are_shown_not_obeyed() {
    let (mut client, mut conn, _lines) = start("alice");
    client.wait_stdout(">>>");
    send(&mut conn, b"bob:\x1b[2Jcleared?\n");
    client.wait_stdout("cleared?\n>>>");
    assert_eq!(client.stdout(), ">>>\nbob:\\e[2Jcleared?\n>>>");
    client.end_input();
    client.wait_exit().assert_quit();
}

#[test]
fn a_server_that_closes_ends_the_client_in_one_line() {
    let (mut client, mut conn, _lines) = start("alice");
    send(
        &mut conn,
        b"* refused, the name alice is taken (pick another --name)\n",
    );
    drop(conn);
    drop(_lines);
    let exit = client.wait_exit();
    exit.assert_left_alone();
    assert!(
        exit.stdout.contains("* refused, the name alice is taken"),
        "{exit:?}"
    );
}

#[test]
fn a_name_the_server_would_refuse_is_a_usage_error() {
    for name in ["", "two words", "a:b", "@bob", "* x"] {
        let mut client =
            Program::start(&client_exe(), &["--port", "9", "--name", name]);
        let exit = client.wait_exit();
        assert_eq!(exit.status.code(), Some(2), "{name:?}: {exit:?}");
        support::assert_one_line(&exit.stderr);
    }
}
