//! `check` against deliberately wrong programs (the `faulty` package): each fault fails with
//! the hint that names it, and the runner ends every program it started. (The notes' Python
//! programs are checked in `notes_python.rs`.)

mod bound;

use std::time::Duration;

use xtask::catalog::Lesson;
use xtask::check::{self, Candidate, Checked, Round};
use xtask::scenario::Role;
use xtask::workspace;

/// Short step bounds for the faulty programs, which hang by design (each hang costs one
/// bound): only failures are asserted with them. A pass is asserted only from a round
/// played with the runner's default bound.
const FAULT_STEP_TIMEOUT: Duration = Duration::from_millis(1500);

fn lesson(number: u8) -> Lesson {
    Lesson::find(number).expect("a lesson of the catalog")
}

/// Checks `command` as lesson N's server or client, with the short bound of the faults;
/// `{port}` in it is the run-time port.
fn round(number: u8, role: Role, command: &str) -> Round {
    round_with(number, role, command, FAULT_STEP_TIMEOUT)
}

/// As `round`, with the runner's default step bound: for the scenarios asserted to pass.
fn round_to_pass(number: u8, role: Role, command: &str) -> Round {
    round_with(number, role, command, xtask::play::STEP_TIMEOUT)
}

fn round_with(number: u8, role: Role, command: &str, step_timeout: Duration) -> Round {
    let lesson = lesson(number);
    workspace::build(&[lesson.package(), "faulty".into()]).expect("the programs build");
    let candidate = Candidate::command(lesson, role, command, check::FIXED_PORT);
    let round = bound::within(bound::PLAY, command, move || {
        check::round(lesson, candidate, step_timeout).expect("the round plays")
    });
    assert_all_ended(&round);
    assert!(!round.checked.is_empty(), "lesson {number} has scenarios");
    round
}

/// A faulty program of the `faulty` package, given the run-time port.
fn faulty(name: &str) -> String {
    format!("'{}' --port {{port}}", workspace::binary(name).display())
}

/// Every program the runner started has ended by the time a round returns.
fn assert_all_ended(round: &Round) {
    for one in &round.checked {
        for program in &one.played.record.programs {
            assert!(
                program.is_finished(),
                "{} of {} was left running",
                program.name,
                one.played.snapshot
            );
        }
    }
}

fn scenario<'a>(round: &'a Round, name: &str) -> &'a Checked {
    round
        .checked
        .iter()
        .find(|one| one.played.scenario.name == name)
        .expect("the lesson has this scenario")
}

/// Asserts that a scenario failed and that its first hint starts as given.
fn assert_first_hint(one: &Checked, start: &str) {
    assert!(!one.passed(), "{}", one.played.transcript);
    let first = one.hints.first().map(String::as_str).unwrap_or_default();
    assert!(
        first.starts_with(start),
        "first hint {first:?}, all: {:#?}\n{}",
        one.hints,
        one.played.transcript
    );
}

#[test]
fn a_server_that_ignores_q_is_told_q_was_not_recognised() {
    // The default bound: the scenario the fault does not touch is asserted to pass.
    let round = round_to_pass(3, Role::Server, &faulty("faulty-ignores-quit-server"));
    let one = scenario(&round, "client-quits");
    assert_first_hint(one, "Q not recognised: your server");
    assert!(one.hints.iter().any(|hint| hint.contains("printed `q`")));
    assert!(scenario(&round, "server-quits").passed());
}

#[test]
fn a_client_that_ignores_q_is_told_q_was_not_recognised() {
    // The default bound: the scenario the fault does not touch is asserted to pass.
    let round = round_to_pass(3, Role::Client, &faulty("faulty-ignores-quit-client"));
    assert_first_hint(
        scenario(&round, "server-quits"),
        "Q not recognised: your client",
    );
    assert!(scenario(&round, "client-quits").passed());
}

#[test]
fn a_wrong_reply_is_named_with_what_was_expected() {
    // The play is asserted to run to its end: the default bound.
    let round = round_to_pass(1, Role::Server, &faulty("faulty-wrong-reply-server"));
    let one = scenario(&round, "exchange");
    assert!(one.played.failure.is_none(), "the play runs to its end");
    assert_first_hint(
        one,
        "Wrong reply: your server sent \"bye\" where the lesson's sends \"hi\"",
    );
    let difference = one.difference.as_ref().expect("a difference");
    assert_eq!(difference.section, "client (screen)");
    assert!(
        difference.diff.contains("-hi\n+bye\n"),
        "{}",
        difference.diff
    );
}

#[test]
fn a_prompt_never_flushed_is_a_timeout_with_the_flush_hint() {
    let round = round(3, Role::Server, &faulty("faulty-unflushed-prompt-server"));
    let one = scenario(&round, "client-quits");
    let failure = one.played.failure.as_ref().expect("the play stops");
    assert_eq!(failure.step, "server> c2");
    assert_first_hint(one, "Your server showed no prompt `>>>`");
    assert!(
        one.hints[0].contains("io::stdout().flush()"),
        "{:?}",
        one.hints
    );
    assert!(
        one.hints[0].contains("\"c1\" sent to it"),
        "{:?}",
        one.hints
    );
}

#[test]
fn a_message_printed_without_a_newline_puts_the_prompt_mid_line() {
    let round = round(3, Role::Server, &faulty("faulty-no-newline-server"));
    assert_first_hint(
        scenario(&round, "client-quits"),
        "Your server printed its prompt in the middle of a line (`c1>>>`)",
    );
}

#[test]
fn a_server_that_hangs_after_the_chat_is_ended_and_told_so() {
    let round = round(3, Role::Server, &faulty("faulty-hangs-after-quit-server"));
    let one = scenario(&round, "client-quits");
    assert_eq!(
        one.played.failure.as_ref().map(|f| f.step.as_str()),
        Some("wait server")
    );
    assert_first_hint(one, "Your server received a quit but was still running");
    assert!(one.hints[0].contains("it hangs"), "{:?}", one.hints);
    assert!(
        one.played.transcript.contains("[killed by the runner]"),
        "{}",
        one.played.transcript
    );
}

#[test]
fn a_server_that_prints_a_receive_of_0_bytes_is_told_what_it_means() {
    let round = round(
        2,
        Role::Server,
        &faulty("faulty-prints-empty-receive-server"),
    );
    let one = scenario(&round, "client-leaves");
    assert!(!one.passed(), "{}", one.played.transcript);
    assert!(
        one.hints
            .iter()
            .any(|hint| hint.starts_with("Your server printed an empty line")
                && hint.contains("0 bytes means the peer has closed the connection")),
        "{:#?}\n{}",
        one.hints,
        one.played.transcript
    );
}

#[test]
fn a_tagged_quit_printed_in_colour_is_told_q_was_not_recognised() {
    let round = round(
        6,
        Role::Server,
        &faulty("faulty-colours-ignores-quit-server"),
    );
    let one = scenario(&round, "two-friends-two-colours");
    // The quit is on the screen inside colour tags: `⟨red⟩小郭吹雪1234QQ:q⟨/⟩`.
    assert!(
        one.played.transcript.contains("⟨red⟩小郭吹雪1234QQ:q⟨/⟩"),
        "{}",
        one.played.transcript
    );
    // The hint finds the quit inside the colour tags, and names what was compared.
    assert!(
        one.hints
            .first()
            .is_some_and(|hint| hint.starts_with("Q not recognised: your server")
                && hint.contains("`小郭吹雪1234QQ:q`")),
        "{:#?}\n{}",
        one.hints,
        one.played.transcript
    );
}

#[test]
fn a_flood_is_cut_at_the_cap_and_named() {
    let round = round(3, Role::Server, &faulty("faulty-flood-server"));
    let one = scenario(&round, "client-quits");
    assert!(one.played.transcript.contains("[output cut at 64 KiB]"));
    assert!(one.played.transcript.len() < 80 * 1024);
    assert_first_hint(one, "Your server printed more than 64 KiB");
}

#[test]
fn a_server_that_exits_at_once_is_told_it_ended_early() {
    let round = round(1, Role::Server, &faulty("faulty-early-exit-server"));
    let one = scenario(&round, "exchange");
    assert_first_hint(one, "Your server ended on its own (exit code 3");
}

#[test]
fn programs_on_a_fixed_port_are_checked_one_scenario_at_a_time() {
    // The lesson's own programs, told a port that is not `{port}`: the runner listens there
    // for the client, and expects the server there.
    let port = free_tcp_port();
    for number in [1, 4] {
        let lesson = lesson(number);
        workspace::build(&[lesson.package()]).expect("the lesson builds");
        for role in [Role::Server, Role::Client] {
            let program = workspace::binary(&lesson.program(role.as_str()));
            let command = format!("'{}' --port {port}", program.display());
            let candidate = Candidate::command(lesson, role, &command, port);
            assert_eq!(candidate.fixed_port, Some(port));
            let round = bound::within(bound::PLAY, &command, move || {
                check::round(lesson, candidate, xtask::play::STEP_TIMEOUT).expect("plays")
            });
            assert_all_ended(&round);
            assert_passed(&round);
        }
    }
}

fn assert_passed(round: &Round) {
    for one in &round.checked {
        assert!(
            one.passed(),
            "{} with {}: {:?}\n{:?}\n{}",
            one.played.snapshot,
            round.candidate.label,
            one.hints,
            one.difference,
            one.played.transcript
        );
    }
}

/// A free port for a program that always uses the same one, below the ephemeral range: a
/// port the system picked could be reused at once as another test's client port.
/// A port nothing holds, kept from every other runner and test process (the runner's own
/// reservation), for a program that always uses the same one.
fn free_tcp_port() -> u16 {
    xtask::engine::ports::pick()
}

#[test]
fn the_command_line_gives_a_verdict_per_scenario_and_a_hint() {
    workspace::build(&["lesson03".into(), "faulty".into()]).expect("the programs build");
    let output = assert_cmd::Command::cargo_bin("xtask")
        .expect("the xtask binary")
        .env("LC_ALL", "C.UTF-8")
        // The default step bound: a scenario is asserted to pass.
        .args(["check", "3", "--server"])
        .timeout(bound::COMMAND)
        .arg(faulty("faulty-ignores-quit-server"))
        .env("NO_COLOR", "1")
        .assert()
        .failure()
        .get_output()
        .stdout
        .clone();
    let stdout = String::from_utf8_lossy(&output);
    for expected in [
        "Your server (`",
        "  FAIL client-quits:",
        "    at step `wait server` (line 11)",
        "      -[exit code 0]",
        "    hint: Q not recognised: your server",
        "  PASS server-quits",
        "1 of 2 scenarios passed",
    ] {
        assert!(stdout.contains(expected), "{expected:?} in:\n{stdout}");
    }
}
