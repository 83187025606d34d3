//! `cargo xtask progress`: a line per lesson, whether its homework exists and passes.

use std::time::Duration;

use assert_cmd::Command;
use xtask::workspace;

/// Two homework crates checked: a few rounds of plays.
const COMMAND_BOUND: Duration = Duration::from_secs(300);

fn xtask() -> Command {
    let mut command = Command::cargo_bin("xtask").expect("the xtask binary");
    command.timeout(COMMAND_BOUND).env("NO_COLOR", "1");
    command
}

#[test]
fn each_lesson_says_whether_its_homework_is_started_and_passes() {
    let dir = std::env::temp_dir().join(format!("xtask-progress-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("made");
    for lesson in ["1", "4"] {
        xtask()
            .args(["homework", lesson, "--dir"])
            .arg(&dir)
            .assert()
            .success();
    }
    // Lesson 01's homework done: the lesson's own programs. Lesson 04's as it starts.
    let sources = workspace::root().join("lessons/01-single-exchange/src/bin");
    for kind in ["server", "client"] {
        std::fs::copy(
            sources.join(format!("lesson01-{kind}.rs")),
            dir.join(format!("lesson01/src/bin/homework01-{kind}.rs")),
        )
        .expect("copied");
    }
    let output = xtask()
        .args(["progress", "--dir"])
        .arg(&dir)
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(output.status.success(), "{stdout}");
    let line = |number: &str| {
        stdout
            .lines()
            .find(|line| line.split_whitespace().take(2).any(|word| word == number))
            .unwrap_or_else(|| panic!("no line for lesson {number}:\n{stdout}"))
            .to_owned()
    };
    assert!(line("01").starts_with("✓"), "{stdout}");
    assert!(line("01").ends_with("passes (4 of 4)"), "{stdout}");
    // Lesson 03's server serves one client: lesson 04's first scenario fails.
    assert!(line("04").starts_with("✗"), "{stdout}");
    assert!(
        line("04").ends_with("6 of 10, first failing: server: two-clients"),
        "{stdout}"
    );
    for number in ["02", "03", "05", "06", "07"] {
        assert!(line(number).ends_with("not started"), "{stdout}");
    }
    assert!(
        stdout.contains("1 of 10 lessons' homework pass"),
        "{stdout}"
    );
    assert!(stdout.contains("Next: cargo xtask homework 2"), "{stdout}");
    let _ = std::fs::remove_dir_all(&dir);
}
