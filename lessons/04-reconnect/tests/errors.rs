//! Errors a user can cause or meet: one line on standard error, a non-zero exit, no panic.

use std::net::TcpListener;

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;

const SERVER: &str = env!("CARGO_BIN_EXE_lesson04-server");
const CLIENT: &str = env!("CARGO_BIN_EXE_lesson04-client");

/// One line, no panic: the kit's promise for every error.
fn one_line() -> impl Predicate<str> {
    predicate::function(|stderr: &str| stderr.lines().count() == 1 && !stderr.contains("panicked"))
}

#[test]
fn a_bad_port_is_refused_in_one_line() {
    for program in [SERVER, CLIENT] {
        Command::new(program)
            .args(["--port", "99999"])
            .write_stdin("")
            .assert()
            .failure()
            .stderr(one_line().and(contains("99999")));
    }
}

#[test]
fn help_works() {
    for program in [SERVER, CLIENT] {
        Command::new(program)
            .arg("--help")
            .assert()
            .success()
            .stdout(contains("--port"));
    }
}

#[test]
fn the_client_says_when_no_server_listens() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    Command::new(CLIENT)
        .args(["--port", &port.to_string()])
        .write_stdin("hello\n")
        .assert()
        .failure()
        .stderr(one_line().and(contains("connection refused")));
}

#[test]
fn the_server_says_when_its_port_is_taken() {
    let holder = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = holder.local_addr().unwrap().port();
    Command::new(SERVER)
        .args(["--port", &port.to_string()])
        .write_stdin("")
        .assert()
        .failure()
        .stderr(one_line().and(contains("address already in use")));
}
