//! A relay whose threads run late, as on a busy machine: the play keeps the scenario's
//! order all the same. A step that acts waits until the relay has tried the server for every
//! client that connected, so a server that closed its listening socket is refused there, as
//! a real client finds it, and not taken later, once the server listens again.
//!
//! In a test binary of its own: the lateness is set for every relay of the process.

#[path = "bound/mod.rs"]
mod bound;
mod tools;

use std::sync::atomic::Ordering;
use std::time::Duration;

use xtask::catalog::Lesson;
use xtask::check::{self, Candidate};
use xtask::engine::relay::LATE_FIRST_TRY_MS;
use xtask::scenario::Role;
use xtask::workspace;

/// How late every relay tries the server: far longer than the rest of a chat takes on a
/// quiet machine, well within a step's bound.
const LATE: Duration = Duration::from_millis(1500);

/// Each wait's bound: the lateness and then some.
const STEP_TIMEOUT: Duration = Duration::from_secs(10);

fn round_of(command: String) -> check::Round {
    let lesson = Lesson::find(4).expect("lesson 04");
    workspace::build(&[lesson.package()]).expect("lesson 04 builds");
    LATE_FIRST_TRY_MS.store(LATE.as_millis() as u64, Ordering::Relaxed);
    bound::within(bound::PLAY, "a round with late relays", move || {
        let candidate = Candidate::command(lesson, Role::Server, &command, check::FIXED_PORT);
        check::round(lesson, candidate, STEP_TIMEOUT).expect("the round plays")
    })
}

#[test]
fn a_listener_closed_during_a_chat_is_refused_however_late_the_relay() {
    if !tools::available("python3", "a faulty Python server") {
        return;
    }
    let server =
        workspace::root().join("xtask/faulty/python/lesson04-listener-per-client-server.py");
    let round = round_of(format!("python3 '{}' {{port}}", server.display()));
    let busy = round
        .checked
        .iter()
        .find(|one| one.played.scenario.name == "line-busy")
        .expect("lesson 04 has line-busy");
    assert!(
        !busy.passed(),
        "a server without a listener during the chat passed:\n{}",
        busy.played.transcript
    );
    assert_eq!(
        busy.rules.first().copied(),
        Some("listener-closed"),
        "{:?}\n{}",
        busy.hints,
        busy.played.transcript
    );
}

#[test]
fn the_lesson_s_server_passes_however_late_the_relay() {
    let server = workspace::binary(&Lesson::find(4).expect("lesson 04").program("server"));
    let round = round_of(format!("'{}' --port {{port}}", server.display()));
    for one in &round.checked {
        assert!(one.passed(), "{}", one.played.transcript);
    }
}
