//! Every error a user can meet ends the program with one line on stderr and a non-zero
//! exit code: never a panic.

use std::net::TcpListener;

use assert_cmd::Command;
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;

/// A port on which nothing listens, picked now.
fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("its address").port()
}

fn one_line() -> impl predicates::Predicate<str> {
    predicates::function::function(|stderr: &str| stderr.lines().count() == 1)
}

fn no_panic() -> impl predicates::Predicate<str> {
    contains("panicked").not()
}

#[test]
fn client_without_a_server_is_refused() {
    Command::cargo_bin("lesson01-client")
        .expect("built")
        .args(["--port", &free_port().to_string()])
        .assert()
        .code(1)
        .stderr(
            contains("connection refused")
                .and(one_line())
                .and(no_panic()),
        );
}

#[test]
fn server_on_a_port_in_use_says_so() {
    let taken = TcpListener::bind("127.0.0.1:0").expect("a port");
    let port = taken.local_addr().expect("its address").port();
    Command::cargo_bin("lesson01-server")
        .expect("built")
        .args(["--port", &port.to_string()])
        .assert()
        .code(1)
        .stderr(
            contains("address already in use")
                .and(one_line())
                .and(no_panic()),
        );
}

#[test]
fn a_bad_port_is_a_usage_error() {
    for program in ["lesson01-server", "lesson01-client"] {
        Command::cargo_bin(program)
            .expect("built")
            .args(["--port", "99999"])
            .assert()
            .code(2)
            .stderr(contains("--port").and(one_line()).and(no_panic()));
    }
}

#[test]
fn help_explains_the_options() {
    Command::cargo_bin("lesson01-server")
        .expect("built")
        .arg("--help")
        .assert()
        .success()
        .stdout(contains("--host").and(contains("--port")));
}
