//! Verdicts to trust: correct programs in other styles pass every time, a program that leaves
//! processes behind is named and they are ended, fixed ports never clash, and wrong programs
//! fail as soon as their failure is certain, for the reason that makes it certain.
//!
//! The programs are in `tests/programs/` (Python, C) and in the `styles` package (Rust).

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::Command;
use std::thread;
use std::time::Duration;

mod bound;
mod tools;

use xtask::catalog::Lesson;
use xtask::check::{self, Candidate, Round};
use xtask::engine::{ports, socket_table};
use xtask::play::STEP_TIMEOUT;
use xtask::scenario::Role;
use xtask::workspace;

/// How many rounds each correct program is checked in a row.
const ROUNDS: usize = 20;

fn lesson(number: u8) -> Lesson {
    Lesson::find(number).expect("a lesson of the catalog")
}

fn program(name: &str) -> String {
    let path = workspace::root().join("xtask/tests/programs").join(name);
    format!("'{}'", path.display())
}

fn python3() -> Option<&'static str> {
    tools::available("python3", "the Python programs in other styles").then_some("python3")
}

/// Compiles a C program of `tests/programs/` with the system's C compiler, if there is one.
fn compiled_c(name: &str) -> Option<String> {
    let source = workspace::root().join("xtask/tests/programs").join(name);
    let out = std::env::temp_dir().join(format!(
        "socketlab-{}-{}",
        std::process::id(),
        name.trim_end_matches(".c")
    ));
    let built = Command::new("cc")
        .arg("-o")
        .arg(&out)
        .arg(&source)
        .status()
        .is_ok_and(|status| status.success());
    assert!(
        built || std::env::var_os("CI").is_none(),
        "a C compiler (cc) is needed under CI"
    );
    built.then(|| format!("'{}'", out.display()))
}

/// Plays lesson N's scenarios with `command` in `role`, `rounds` times, four at a time;
/// returns each round.
fn rounds(number: u8, role: Role, command: &str, rounds: usize) -> Vec<Round> {
    let lesson = lesson(number);
    workspace::build(&[lesson.package(), "styles".into()]).expect("the programs build");
    let command = command.to_owned();
    bound::within(Duration::from_secs(240), "the rounds", move || {
        let mut done = Vec::new();
        for batch in (0..rounds).collect::<Vec<_>>().chunks(4) {
            let plays: Vec<_> = batch
                .iter()
                .map(|_| {
                    let candidate = Candidate::command(lesson, role, &command, check::FIXED_PORT);
                    thread::spawn(move || check::round(lesson, candidate, STEP_TIMEOUT))
                })
                .collect();
            for play in plays {
                done.push(play.join().expect("no panic").expect("the round plays"));
            }
        }
        done
    })
}

/// Asserts that every scenario of every round passed, saying which did not.
fn assert_all_pass(what: &str, rounds: &[Round]) {
    assert_eq!(rounds.len(), ROUNDS);
    let failed: Vec<String> = rounds
        .iter()
        .flat_map(|round| &round.checked)
        .filter(|one| !one.passed())
        .map(|one| {
            format!(
                "{}: {:?}\n{}",
                one.played.scenario.name, one.hints, one.played.transcript
            )
        })
        .collect();
    let total: usize = rounds.iter().map(|round| round.checked.len()).sum();
    assert!(
        failed.is_empty(),
        "{what}: {} of {total} plays failed; the first:\n{}",
        failed.len(),
        failed[0]
    );
}

#[test]
fn servers_that_half_close_and_drain_pass_every_time() {
    let rust = format!(
        "'{}' --port {{port}}",
        workspace::binary("style-half-close-server").display()
    );
    assert_all_pass("Rust", &rounds(3, Role::Server, &rust, ROUNDS));
    if let Some(python) = python3() {
        let command = format!("{python} {} {{port}}", program("half_close_server.py"));
        assert_all_pass("Python", &rounds(3, Role::Server, &command, ROUNDS));
    }
    if let Some(c) = compiled_c("half_close_server.c") {
        let command = format!("{c} {{port}}");
        assert_all_pass("C", &rounds(3, Role::Server, &command, ROUNDS));
        let _ = std::fs::remove_file(c.trim_matches('\''));
    }
}

#[test]
fn clients_that_half_close_and_drain_pass_every_time() {
    let rust = format!(
        "'{}' --port {{port}}",
        workspace::binary("style-half-close-client").display()
    );
    assert_all_pass("Rust", &rounds(3, Role::Client, &rust, ROUNDS));
    if let Some(python) = python3() {
        let command = format!("{python} {} {{port}}", program("half_close_client.py"));
        assert_all_pass("Python", &rounds(3, Role::Client, &command, ROUNDS));
    }
}

/// The notes' own server, on a fixed port, without SO_REUSEADDR (Python's default): it
/// closes first when it types Q, and must still listen there again for the next scenario.
#[test]
fn a_fixed_port_server_without_reuse_address_passes_round_after_round() {
    let Some(python) = python3() else { return };
    let lesson = lesson(3);
    workspace::build(&[lesson.package()]).expect("the programs build");
    let server = workspace::root().join("examples/python/lesson03-server.py");
    let rounds = bound::within(Duration::from_secs(240), "the rounds", move || {
        (0..3)
            .map(|_| {
                // A port of its own for each round: a last connection's TIME_WAIT may hold
                // the one before where the system cannot tell (`SOCKETLAB_NO_PROC=1`), and
                // the runner would wait it out.
                let port = ports::pick();
                let command = format!("{python} '{}' {port}", server.display());
                let candidate = Candidate::command(lesson, Role::Server, &command, port);
                check::round(lesson, candidate, STEP_TIMEOUT).expect("the round plays")
            })
            .collect::<Vec<_>>()
    });
    for round in &rounds {
        for one in &round.checked {
            assert!(one.passed(), "{:?}\n{}", one.hints, one.played.transcript);
        }
    }
}

#[cfg(unix)]
#[test]
fn a_server_that_daemonizes_is_named_and_what_it_left_is_ended() {
    let Some(python) = python3() else { return };
    let command = format!("{python} {} {{port}}", program("daemon_server.py"));
    let lesson = lesson(3);
    workspace::build(&[lesson.package()]).expect("the programs build");
    let round = bound::within(bound::PLAY, "the round", move || {
        let candidate = Candidate::command(lesson, Role::Server, &command, check::FIXED_PORT);
        check::round(lesson, candidate, STEP_TIMEOUT).expect("the round plays")
    });
    assert_eq!(round.checked.len(), 2);
    for one in &round.checked {
        let failure = one.played.failure.as_ref().expect("a failure");
        assert!(
            failure
                .problem
                .starts_with("server left a process running after the scenario"),
            "{failure}"
        );
        let leftover = one.played.leftovers.first().expect("a leftover, named");
        assert_eq!(leftover.program, "server");
        assert!(
            leftover.command.contains("daemon_server.py"),
            "{leftover:?}"
        );
        if socket_table::proc_available() {
            assert_eq!(leftover.ports.len(), 1, "its helper's port: {leftover:?}");
            assert!(
                failure.problem.contains("listening on TCP port"),
                "{failure}"
            );
        }
    }
    // Seen from outside the runner: no process of that program is left.
    let listing = Command::new("ps")
        .args(["-A", "-o", "args="])
        .output()
        .expect("ps runs");
    let listing = String::from_utf8_lossy(&listing.stdout);
    assert!(
        !listing.contains("daemon_server.py"),
        "still running:\n{listing}"
    );
}

#[test]
fn a_fixed_port_another_check_holds_is_refused_with_one_line_before_playing() {
    let lesson = lesson(3);
    let port = ports::pick();
    let held = ports::take_fixed(port, lesson.transport()).expect("this test takes it");
    let candidate = Candidate::command(lesson, Role::Server, "true", port);
    let refused = check::round(lesson, candidate, STEP_TIMEOUT).map(|_| ());
    let message = refused.expect_err("refused");
    assert!(
        message.starts_with(&format!(
            "another check (process {}) is using port {port} right now",
            std::process::id()
        )),
        "{message}"
    );
    assert!(!message.contains('\n'), "one line: {message}");
    drop(held);
}

#[test]
fn a_fixed_port_another_program_holds_is_said_before_playing() {
    let lesson = lesson(3);
    let port = ports::pick();
    let _listener = TcpListener::bind(("127.0.0.1", port)).expect("this test listens there");
    let candidate = Candidate::command(lesson, Role::Server, "true", port);
    let message = check::round(lesson, candidate, STEP_TIMEOUT)
        .map(|_| ())
        .expect_err("refused");
    assert!(
        message.starts_with(&format!("port {port} is taken by another program")),
        "{message}"
    );
    if socket_table::proc_available() {
        assert!(
            message.contains(&format!("process {}", std::process::id())),
            "the program is named: {message}"
        );
    }
}

/// The reason the first failing scenario of a round failed.
fn first_failure(round: &Round) -> String {
    round
        .checked
        .iter()
        .find_map(|one| one.played.failure.as_ref())
        .map(|failure| failure.problem.clone())
        .unwrap_or_default()
}

fn notes(file: &str) -> PathBuf {
    workspace::root().join("examples/python").join(file)
}

#[test]
fn a_server_that_prompts_where_it_should_exit_fails_at_once() {
    let Some(python) = python3() else { return };
    // The notes' UDP server tests the whole datagram against Q: a tagged q does not stop it.
    let command = format!(
        "{python} '{}' {{port}}",
        notes("lesson07-server.py").display()
    );
    let round = &rounds(7, Role::Server, &command, 1)[0];
    let one = round
        .checked
        .iter()
        .find(|one| one.played.scenario.name == "one-client")
        .expect("the scenario");
    let failure = one.played.failure.as_ref().expect("it fails");
    assert!(
        failure.problem.contains(
            "server shows its prompt `>>>` again, waiting for a line, where it should have exited"
        ),
        "{failure}"
    );
}

#[test]
fn a_client_whose_reply_cannot_come_fails_as_soon_as_that_is_certain() {
    let Some(python) = python3() else { return };
    // The notes' lesson 04 server prints an empty line for a client that left, and waits
    // at its prompt: the next client's reply cannot come.
    let command = format!(
        "{python} '{}' {{port}}",
        notes("lesson04-server.py").display()
    );
    let round = &rounds(4, Role::Server, &command, 1)[0];
    let one = round
        .checked
        .iter()
        .find(|one| one.played.scenario.name == "client-killed")
        .expect("the scenario");
    let failure = one.played.failure.as_ref().expect("it fails");
    if socket_table::proc_available() {
        assert!(
            failure.problem.contains("so the reply cannot come"),
            "{failure}"
        );
    } else {
        // Without the socket table nothing tells that no byte is on its way: the bound.
        assert!(failure.problem.starts_with("waited"), "{failure}");
    }
}

#[test]
fn a_server_on_another_port_fails_as_soon_as_it_listens_there() {
    let Some(python) = python3() else { return };
    let command = format!("{python} {} {{port}}", program("wrong_port_server.py"));
    let round = &rounds(3, Role::Server, &command, 1)[0];
    let problem = first_failure(round);
    if socket_table::proc_available() {
        // One scenario's server has 9123 (the other, played beside it, cannot bind it).
        let said = round.checked.iter().any(|one| {
            one.played.failure.as_ref().is_some_and(|failure| {
                failure
                    .problem
                    .starts_with("the server listens on port 9123, not on the port it was given")
            })
        });
        assert!(said, "{problem}");
    } else {
        assert!(!problem.is_empty());
    }
}
