//! `check 10`, lesson 10's conversations that do not take turns, with programs other than the
//! lesson's: a server written in Python passes them all, as lesson10-server does; lesson 09's
//! programs, where homework 10 starts, fail each at its first `see`.

mod bound;
mod tools;

use std::time::Duration;

use xtask::catalog::Lesson;
use xtask::check::{self, Candidate, Round};
use xtask::scenario::Role;
use xtask::workspace;

fn lesson10() -> Lesson {
    Lesson::find(10).expect("lesson 10")
}

/// Checks `command` as lesson 10's server or client, each step bounded by `step_timeout`.
fn round(role: Role, command: &str, step_timeout: Duration) -> Round {
    let lesson = lesson10();
    workspace::build(&[lesson.package(), "lesson09".into()]).expect("the programs build");
    let candidate = Candidate::command(lesson, role, command, check::FIXED_PORT);
    let round = bound::within(bound::PLAY, command, move || {
        check::round(lesson, candidate, step_timeout).expect("the round plays")
    });
    assert_eq!(round.checked.len(), 3, "lesson 10's scenarios");
    round
}

#[test]
fn a_server_in_python_passes_lesson_10_as_the_lessons_own_does() {
    if !tools::available("python3", "lesson 10's server in Python") {
        return;
    }
    let script = workspace::root().join("xtask/tests/programs/lesson10_server.py");
    let command = format!("python3 '{}' {{port}}", script.display());
    let round = round(Role::Server, &command, xtask::play::STEP_TIMEOUT);
    for one in &round.checked {
        assert!(one.passed(), "{:?}\n{}", one.hints, one.played.transcript);
    }
}

#[test]
fn lesson_09s_programs_fail_lesson_10_at_its_first_see() {
    for (role, program) in [
        (Role::Server, "lesson09-server"),
        (Role::Client, "lesson09-client"),
    ] {
        let command = format!("'{}' --port {{port}}", workspace::binary(program).display());
        let round = round(role, &command, Duration::from_millis(1500));
        for one in &round.checked {
            let failure = one.played.failure.as_ref().expect("the play stops");
            assert!(
                failure.step.starts_with("see "),
                "{program}: {}: stopped at {:?}",
                one.played.scenario.name,
                failure.step
            );
        }
    }
}
