//! `--accept` writes only the transcript of a play that ran to its end: a play that failed at
//! a step is compared instead, and its snapshot is left as it was.
//!
//! The runner's accept mode is played in this test's own process (no command line swaps a
//! lesson's server for a faulty one), against a copy of the snapshots. This file holds one
//! test only: it sets the environment before any other thread runs.

mod bound;

use std::path::{Path, PathBuf};
use std::time::Duration;

use xtask::catalog::Lesson;
use xtask::engine::Program;
use xtask::play;
use xtask::snapshot::{Mode, Verdict};
use xtask::workspace;

fn snapshot_files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("the copy")
        .map(|entry| {
            let path = entry.expect("an entry").path();
            let bytes = std::fs::read(&path).expect("a file");
            (path, bytes)
        })
        .collect();
    files.sort();
    files
}

#[test]
fn accept_after_a_failed_play_leaves_the_snapshot_as_it_was() {
    let copy = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("accept-snapshots-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&copy);
    std::fs::create_dir_all(&copy).expect("a temporary folder");
    for entry in std::fs::read_dir(workspace::root().join("snapshots")).expect("the snapshots") {
        let entry = entry.expect("an entry");
        std::fs::copy(entry.path(), copy.join(entry.file_name())).expect("a copy");
    }
    // SAFETY: no other thread of this test binary runs yet (it has this one test), and
    // these are what `cargo xtask lesson N --accept` sets before it plays.
    unsafe {
        std::env::set_var("SOCKETLAB_SNAPSHOTS", &copy);
        std::env::set_var("INSTA_UPDATE", "always");
        std::env::set_var("INSTA_WORKSPACE_ROOT", workspace::root());
    }
    let before = snapshot_files(&copy);
    let lesson = Lesson::find(1).expect("lesson 01");
    workspace::build(&[lesson.package(), "faulty".into()]).expect("the programs build");

    // A server that never answers: the play stops at `wait client` (a short bound, as
    // the play is meant to fail).
    let played = bound::within(bound::PLAY, "the faulty play", move || {
        let mut setup = play::reference_setup(lesson, Duration::from_millis(1500));
        setup.server = Program::lesson(
            workspace::binary("faulty-silent-server"),
            &lesson.program("server"),
        );
        play::play_lesson(lesson, &setup, Mode::Accept).expect("the scenarios load")
    });
    let exchange = played
        .iter()
        .find(|one| one.scenario.name == "exchange")
        .expect("lesson 01's exchange");
    assert!(exchange.failure.is_some(), "{}", exchange.transcript);
    assert!(
        matches!(exchange.verdict, Verdict::Differs(_)),
        "a failed play is compared, not accepted: {:?}",
        exchange.verdict
    );
    assert!(!exchange.passed());
    assert_eq!(
        snapshot_files(&copy),
        before,
        "no snapshot was written or added"
    );

    // The same accept with the lesson's own server writes (the mode is on): so what kept
    // the snapshot above is the failure alone.
    let snapshot = copy.join("lesson01__exchange.snap");
    let text = std::fs::read_to_string(&snapshot).expect("the copy");
    std::fs::write(
        &snapshot,
        text.replace("hello!\n[exit code 0]", "hello?\n[exit code 0]"),
    )
    .expect("an outdated snapshot");
    let played = bound::within(bound::PLAY, "the lesson's own play", move || {
        let setup = play::reference_setup(lesson, play::STEP_TIMEOUT);
        play::play_lesson(lesson, &setup, Mode::Accept).expect("the scenarios load")
    });
    for one in &played {
        assert!(
            matches!(one.verdict, Verdict::Accepted),
            "{:?}",
            one.verdict
        );
    }
    let written = std::fs::read_to_string(&snapshot).expect("the copy");
    assert!(written.contains("hello!\n[exit code 0]"), "{written}");
    let _ = std::fs::remove_dir_all(&copy);
}
