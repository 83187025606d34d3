//! Every lesson's scenarios, played with the lesson's own programs, match their snapshots.
//!
//! This is `cargo xtask lesson N` as a test: a failure prints the step or the diff.

mod bound;

use xtask::catalog::Lesson;
use xtask::play::{self, STEP_TIMEOUT};
use xtask::snapshot::{Difference, Mode, Verdict};
use xtask::workspace;

fn check_lesson(number: u8) {
    let lesson = Lesson::find(number).expect("a lesson of the catalog");
    workspace::build(&[lesson.package()]).expect("the lesson builds");
    let setup = play::reference_setup(lesson, STEP_TIMEOUT);
    let played = bound::within(bound::PLAY, &lesson.heading(), move || {
        play::play_lesson(lesson, &setup, Mode::Check).expect("the scenarios load")
    });
    assert!(!played.is_empty(), "{} has no scenarios", lesson.heading());
    let mut failures = Vec::new();
    for one in &played {
        if let Some(failure) = &one.failure {
            failures.push(format!("{}: {failure}\n{}", one.snapshot, one.transcript));
        }
        match &one.verdict {
            Verdict::Same => {}
            Verdict::Differs(Difference { section, diff, .. }) => failures.push(format!(
                "{} differs first in `{section}`:\n{diff}",
                one.snapshot
            )),
            Verdict::Missing => failures.push(format!(
                "{} has no snapshot: run `cargo xtask lesson {number} --accept`",
                one.snapshot
            )),
            Verdict::Accepted => {
                failures.push(format!("{} was written in check mode", one.snapshot))
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn lesson01_single_exchange() {
    check_lesson(1);
}

#[test]
fn lesson02_loop_chat() {
    check_lesson(2);
}

#[test]
fn lesson03_quit() {
    check_lesson(3);
}

#[test]
fn lesson04_reconnect() {
    check_lesson(4);
}

#[test]
fn lesson05_name_tags() {
    check_lesson(5);
}

#[test]
fn lesson06_colours() {
    check_lesson(6);
}

#[test]
fn lesson07_udp() {
    check_lesson(7);
}

#[test]
fn lesson08_udp_errors() {
    check_lesson(8);
}
