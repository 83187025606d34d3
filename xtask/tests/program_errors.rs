//! The errors every lesson program promises (CONTRACT: `--help` works; a bad argument, a port
//! in use and a refused connection each end the program with one line on standard error and
//! a non-zero exit, never a panic), checked once for every lesson's server and client.

mod bound;

use std::net::{TcpListener, UdpSocket};

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;
use xtask::catalog::{LESSONS, Lesson};
use xtask::engine::Transport;
use xtask::workspace;

/// The chat lessons: each has a `lessonNN-server` and a `lessonNN-client`.
fn chat_lessons() -> Vec<Lesson> {
    let lessons: Vec<Lesson> = LESSONS.iter().copied().filter(|l| l.number <= 7).collect();
    let packages: Vec<String> = lessons.iter().map(Lesson::package).collect();
    workspace::build(&packages).expect("the lessons build");
    lessons
}

fn program(lesson: Lesson, kind: &str) -> Command {
    let mut command = Command::new(workspace::binary(&lesson.program(kind)));
    command.timeout(bound::COMMAND);
    command
}

/// One line, no panic: the kit's promise for every error.
fn one_line() -> impl Predicate<str> {
    predicate::function(|stderr: &str| stderr.lines().count() == 1 && !stderr.contains("panicked"))
}

#[test]
fn help_explains_the_options() {
    for lesson in chat_lessons() {
        for kind in ["server", "client"] {
            program(lesson, kind)
                .arg("--help")
                .assert()
                .success()
                .stdout(contains("--host").and(contains("--port")));
        }
    }
}

#[test]
fn a_bad_port_is_a_usage_error_in_one_line() {
    for lesson in chat_lessons() {
        for kind in ["server", "client"] {
            program(lesson, kind)
                .args(["--port", "99999"])
                .write_stdin("")
                .assert()
                .code(2)
                .stderr(one_line().and(contains("--port")));
        }
    }
}

#[test]
fn a_server_says_when_its_port_is_taken() {
    for lesson in chat_lessons() {
        // Held the way the lesson's server would hold it.
        let (_tcp, _udp, port) = match lesson.transport() {
            Transport::Tcp => {
                let holder = TcpListener::bind("127.0.0.1:0").expect("a port");
                let port = holder.local_addr().expect("its address").port();
                (Some(holder), None, port)
            }
            Transport::Udp => {
                let holder = UdpSocket::bind("127.0.0.1:0").expect("a port");
                let port = holder.local_addr().expect("its address").port();
                (None, Some(holder), port)
            }
        };
        program(lesson, "server")
            .args(["--port", &port.to_string()])
            .write_stdin("")
            .assert()
            .code(1)
            .stderr(one_line().and(contains("address already in use")));
    }
}

#[test]
fn a_tcp_client_says_when_no_server_listens() {
    for lesson in chat_lessons() {
        if lesson.transport() == Transport::Udp {
            // A UDP client has no connection to be refused: lesson 08 shows what it meets.
            continue;
        }
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port")
            .port();
        program(lesson, "client")
            .args(["--port", &port.to_string()])
            .write_stdin("hello\n")
            .assert()
            .code(1)
            .stderr(one_line().and(contains("connection refused")));
    }
}

#[test]
fn a_name_that_cannot_be_a_tag_is_refused_in_one_line() {
    for lesson in chat_lessons()
        .into_iter()
        .filter(|lesson| lesson.number >= 5)
    {
        for name in ["小马:过河", ""] {
            program(lesson, "client")
                .args(["--port", "9", "--name", name])
                .write_stdin("hello\n")
                .assert()
                .code(2)
                .stderr(one_line().and(contains("--name")));
        }
    }
}
