//! The runner itself, against deliberately broken programs (the `faulty` package): each
//! fault must give a failing verdict that says where the play went wrong.

mod bound;

use std::time::Duration;

use xtask::catalog::Lesson;
use xtask::engine::Program;
use xtask::play::{self, Played};
use xtask::snapshot::{Difference, Mode, Verdict};
use xtask::workspace;

/// Plays lesson 01 with a faulty server in place of the lesson's own, with a short step
/// bound: a fault that hangs costs one bound, and only failures are asserted.
fn play_lesson01_with_server(faulty: &str) -> Vec<Played> {
    play_lesson01_with_server_within(faulty, Duration::from_millis(1500))
}

fn play_lesson01_with_server_within(faulty: &str, step_timeout: Duration) -> Vec<Played> {
    let lesson = Lesson::find(1).expect("lesson 01");
    workspace::build(&[lesson.package(), "faulty".into()]).expect("the programs build");
    let mut setup = play::reference_setup(lesson, step_timeout);
    // Shown under the reference name, as a student's homework is: only behaviour differs.
    setup.server = Program::lesson(workspace::binary(faulty), &lesson.program("server"));
    bound::within(bound::PLAY, faulty, move || {
        play::play_lesson(lesson, &setup, Mode::Check).expect("the scenarios load")
    })
}

fn exchange(played: &[Played]) -> &Played {
    played
        .iter()
        .find(|one| one.scenario.name == "exchange")
        .expect("lesson 01 has the exchange scenario")
}

#[test]
fn a_server_that_never_answers_fails_at_the_step_that_waits() {
    let played = play_lesson01_with_server("faulty-silent-server");
    let one = exchange(&played);
    assert!(!one.passed());
    let failure = one.failure.as_ref().expect("the play stops at a step");
    assert_eq!(failure.step, "wait client");
    assert!(failure.problem.contains("for client to exit"), "{failure}");
    // What the client printed so far is in the transcript, and it was killed.
    assert!(
        one.transcript.contains("[killed by the runner]"),
        "{}",
        one.transcript
    );
    assert!(
        one.transcript.contains("FAILED at step `wait client`"),
        "{}",
        one.transcript
    );
}

/// A server that exits without ever listening: its client is refused, as it would be with no
/// relay in between, however fast the server fails (the runner waits for the server to bind
/// its port or exit before it starts a client, where the system tells; Linux does).
#[test]
fn a_server_that_exits_before_listening_leaves_its_client_refused() {
    let mut transcripts = Vec::new();
    for _ in 0..3 {
        let played = play_lesson01_with_server("faulty-early-exit-server");
        let one = exchange(&played);
        assert!(!one.passed());
        assert!(
            one.transcript.contains("[exit code 3]"),
            "{}",
            one.transcript
        );
        match &one.verdict {
            Verdict::Differs(Difference { section, .. }) => assert_eq!(section, "server (screen)"),
            other => panic!("expected a difference, got {other:?}"),
        }
        transcripts.push(one.transcript.clone());
    }
    // Where the runner reads the table of sockets (Linux, unless `SOCKETLAB_NO_PROC=1`).
    let reads_proc = cfg!(target_os = "linux")
        && std::env::var_os("SOCKETLAB_NO_PROC").is_none_or(|v| v.is_empty() || v == "0");
    if reads_proc {
        let one = &transcripts[0];
        assert!(
            one.contains(
                "stderr: lesson01-client: connecting to 127.0.0.1:{port}: connection refused"
            ),
            "{one}"
        );
        assert!(one.contains("(never connected)"), "{one}");
        assert!(transcripts.iter().all(|t| t == one), "{transcripts:#?}");
    }
}

#[test]
fn a_server_that_says_something_else_differs_from_the_snapshot() {
    // The play is asserted to run to its end: the default bound.
    let played = play_lesson01_with_server_within("faulty-wrong-reply-server", play::STEP_TIMEOUT);
    let one = exchange(&played);
    assert!(one.failure.is_none(), "the play itself runs to its end");
    match &one.verdict {
        Verdict::Differs(Difference { section, diff, .. }) => {
            assert_eq!(section, "client (screen)");
            assert!(diff.contains("-hi\n+bye\n"), "{diff}");
            assert!(
                diff.contains("+server → client  \"bye\"  (3 bytes)"),
                "{diff}"
            );
        }
        other => panic!("expected a difference, got {other:?}"),
    }
}

#[test]
fn the_same_scenario_gives_the_same_transcript_every_time() {
    let lesson = Lesson::find(1).expect("lesson 01");
    workspace::build(&[lesson.package()]).expect("the lesson builds");
    let setup = play::reference_setup(lesson, play::STEP_TIMEOUT);
    let play = move || {
        let setup = setup.clone();
        bound::within(bound::PLAY, "lesson 01's play", move || {
            play::play_lesson(lesson, &setup, Mode::Check).expect("plays")
        })
    };
    let first = play();
    assert!(!first.is_empty(), "lesson 01 has scenarios");
    for _ in 0..5 {
        let again = play();
        // As many scenarios each time: a shorter list would compare only its part.
        assert_eq!(first.len(), again.len());
        for (a, b) in first.iter().zip(&again) {
            assert_eq!(a.transcript, b.transcript);
        }
    }
}
