//! A relay whose threads run late, as on a busy machine: the play keeps the scenario's
//! order all the same. A step that acts waits until the relay has tried the server for every
//! client that connected, so a server that closed its listening socket is refused there, as
//! a real client finds it, and not taken later, once the server listens again.
//!
//! The relays are held until a step waits for them (`relay::HOLD_TRIES`, `HOLD_TAKES`):
//! as late as a relay can be, with no time chosen. In a test binary of its own: the holds
//! are set for every relay of the process, so the tests here take turns.

#[path = "bound/mod.rs"]
mod bound;
mod tools;

use std::sync::Mutex;
use std::sync::atomic::Ordering;
use std::time::Duration;

use xtask::catalog::Lesson;
use xtask::check::{self, Candidate};
use xtask::engine::relay::{HOLD_TAKES, HOLD_TRIES};
use xtask::scenario::Role;
use xtask::workspace;

/// Each wait's bound: the runner's own.
const STEP_TIMEOUT: Duration = xtask::play::STEP_TIMEOUT;

/// Where a relay runs late: after it has taken a client, or before.
#[derive(Clone, Copy)]
enum Late {
    /// It tries the server late, once it has taken the client.
    Trying,
    /// It takes the client late: the client waits in the relay's queue.
    Taking,
}

/// Plays lesson 04 with the command as its server, every relay held as said.
fn round_of(command: String, late: Late) -> check::Round {
    static TURN: Mutex<()> = Mutex::new(());
    let _turn = TURN.lock().unwrap_or_else(|p| p.into_inner());
    let lesson = Lesson::find(4).expect("lesson 04");
    workspace::build(&[lesson.package()]).expect("lesson 04 builds");
    HOLD_TRIES.store(matches!(late, Late::Trying), Ordering::Relaxed);
    HOLD_TAKES.store(matches!(late, Late::Taking), Ordering::Relaxed);
    bound::within(bound::PLAY, "a round with late relays", move || {
        let candidate = Candidate::command(lesson, Role::Server, &command, check::FIXED_PORT);
        check::round(lesson, candidate, STEP_TIMEOUT).expect("the round plays")
    })
}

/// The faulty server that makes a listening socket per client and closes it during the
/// chat fails `line-busy`, with `listener-closed` first.
fn assert_listener_closed_is_refused(late: Late) {
    if !tools::available("python3", "a faulty Python server") {
        return;
    }
    let server =
        workspace::root().join("xtask/faulty/python/lesson04-listener-per-client-server.py");
    let round = round_of(format!("python3 '{}' {{port}}", server.display()), late);
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
fn a_listener_closed_during_a_chat_is_refused_however_late_the_relay_tries() {
    assert_listener_closed_is_refused(Late::Trying);
}

#[test]
#[cfg_attr(
    not(unix),
    ignore = "only Unix says that a client waits to be taken (poll)"
)]
fn a_listener_closed_during_a_chat_is_refused_however_late_the_relay_takes() {
    assert_listener_closed_is_refused(Late::Taking);
}

#[test]
fn the_lesson_s_server_passes_however_late_the_relay() {
    let server = workspace::binary(&Lesson::find(4).expect("lesson 04").program("server"));
    for late in [Late::Trying, Late::Taking] {
        let round = round_of(format!("'{}' --port {{port}}", server.display()), late);
        for one in &round.checked {
            assert!(one.passed(), "{}", one.played.transcript);
        }
    }
}
