//! The runner gives the same transcript on every play of every lesson: again and again, with
//! both cores busy, and with two plays of each lesson at the same time.
//!
//! `cargo test` plays every lesson 5 times in a row, and 5 times more with every core kept
//! busy; `cargo test -- --ignored` plays them 50 times each way (about a minute on two cores).

mod bound;
mod busy;

use std::thread;

use busy::with_every_core_busy;
use xtask::catalog::Lesson;
use xtask::play::{self, Played, STEP_TIMEOUT};
use xtask::snapshot::Mode;
use xtask::workspace;

fn lessons() -> Vec<Lesson> {
    let lessons: Vec<Lesson> = xtask::catalog::with_scenarios();
    let packages: Vec<String> = lessons.iter().map(Lesson::package).collect();
    workspace::build(&packages).expect("the lessons build");
    lessons
}

/// Plays a lesson once; every scenario must pass. Returns the transcripts.
fn play_once(lesson: Lesson) -> Vec<String> {
    let setup = play::reference_setup(lesson, STEP_TIMEOUT);
    let played = play::play_lesson(lesson, &setup, Mode::Check).expect("the scenarios load");
    for one in &played {
        assert!(one.passed(), "{}", describe(one));
    }
    played.into_iter().map(|one| one.transcript).collect()
}

fn describe(one: &Played) -> String {
    let failure = one.failure.as_ref().map(ToString::to_string);
    format!(
        "{} did not pass ({}; verdict {:?})\n{}",
        one.snapshot,
        failure.as_deref().unwrap_or("played to its end"),
        one.verdict,
        one.transcript
    )
}

/// Plays every lesson `times` times in a row (the lessons side by side), and checks that each
/// play's transcripts are the first play's.
fn consecutive_plays(times: usize) {
    let lessons = lessons();
    thread::scope(|scope| {
        for lesson in &lessons {
            scope.spawn(move || {
                let first = play_once(*lesson);
                assert!(!first.is_empty(), "{} has scenarios", lesson.heading());
                for play in 2..=times {
                    let again = play_once(*lesson);
                    // As many transcripts each time: a shorter list would compare only its part.
                    assert_eq!(
                        first.len(),
                        again.len(),
                        "play {play} of {}",
                        lesson.heading()
                    );
                    for (a, b) in first.iter().zip(&again) {
                        assert!(
                            a == b,
                            "play {play} of {} differs:\n{a}\n---\n{b}",
                            lesson.heading()
                        );
                    }
                }
            });
        }
    });
}

#[test]
fn every_lesson_gives_the_same_transcripts_5_times_in_a_row() {
    bound::within(bound::PLAY * 2, "5 plays of every lesson", || {
        consecutive_plays(5)
    });
}

#[test]
fn every_lesson_gives_the_same_transcripts_5_times_with_every_core_busy() {
    bound::within(
        bound::PLAY * 2,
        "5 plays of every lesson, cores busy",
        || with_every_core_busy(|| consecutive_plays(5)),
    );
}

#[test]
#[ignore = "about a minute: run with `cargo test -p xtask --test determinism -- --ignored`"]
fn every_lesson_gives_the_same_transcripts_50_times_in_a_row() {
    bound::within(bound::PLAY * 10, "50 plays of every lesson", || {
        consecutive_plays(50)
    });
}

#[test]
#[ignore = "about a minute: run with `cargo test -p xtask --test determinism -- --ignored`"]
fn every_lesson_gives_the_same_transcripts_50_times_with_every_core_busy() {
    bound::within(
        bound::PLAY * 10,
        "50 plays of every lesson, cores busy",
        || with_every_core_busy(|| consecutive_plays(50)),
    );
}

#[test]
fn two_plays_of_every_lesson_at_the_same_time_both_pass() {
    bound::within(bound::PLAY, "two plays of every lesson at once", || {
        let lessons = lessons();
        thread::scope(|scope| {
            for lesson in &lessons {
                for _ in 0..2 {
                    scope.spawn(move || play_once(*lesson));
                }
            }
        });
    });
}
