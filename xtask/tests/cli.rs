//! The `cargo xtask` command line: snapshots are checked, and a changed one fails with a diff.

mod bound;

use assert_cmd::Command;
use predicates::str::contains;

fn xtask() -> Command {
    let mut command = Command::cargo_bin("xtask").expect("the xtask binary");
    // The runner in English whatever the machine's locale: the tests read its words.
    command.timeout(bound::COMMAND).env("LC_ALL", "C.UTF-8");
    command
}

#[test]
fn list_shows_every_lesson_with_both_titles() {
    xtask()
        .arg("list")
        .env("NO_COLOR", "1")
        .assert()
        .success()
        .stdout(contains("single exchange").and(contains("一次收发")))
        .stdout(contains("UDP error cases").and(contains("UDP 报错")));
}

#[test]
fn lesson_1_passes_against_its_snapshots() {
    xtask()
        .args(["lesson", "1"])
        .env("NO_COLOR", "1")
        .assert()
        .success()
        .stdout(contains("PASS lesson01__exchange"))
        .stdout(contains("2 of 2 scenarios passed"));
}

#[test]
fn a_bad_lesson_number_is_one_clear_error() {
    xtask()
        .args(["lesson", "12"])
        .assert()
        .failure()
        .stderr(contains("12 is not in 1..=11"));
}

use predicates::prelude::PredicateBooleanExt;

#[test]
fn a_step_timeout_out_of_range_is_one_line_that_gives_the_range() {
    for value in ["nan", "inf", "-1", "0", "601", "five"] {
        xtask()
            .args(["lesson", "1", "--step-timeout", value])
            .timeout(std::time::Duration::from_secs(20))
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicates::function::function(|stderr: &str| {
                stderr.lines().count() == 1
                    && stderr.contains("a number of seconds from 0.1 to 600")
                    && !stderr.contains("panicked")
            }));
    }
}
