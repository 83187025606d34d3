//! `cargo xtask bench --verdicts`: how long `check` takes to give its verdict on each faulty
//! program (`xtask/faulty/`), and the rule its first failing scenario's first hint comes
//! from; then the same for the notes' Python programs (`examples/python/`). A fast verdict
//! is a wrong program failing at once, not at the end of a wait.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::catalog::Lesson;
use crate::check::{self, Candidate};
use crate::output::{padded, right_aligned};
use crate::scenario::Role;
use crate::{tr, workspace};

/// How a faulty program is run.
#[derive(Clone, Copy)]
enum Kind {
    /// A binary of the `faulty` package, or a lesson's (`lesson03-server`).
    Rust,
    /// `xtask/faulty/python/FILE` with python3 (`PYTHONUNBUFFERED` cleared).
    Python,
    /// `xtask/faulty/node/FILE` with node.
    Node,
    /// `xtask/faulty/c/FILE`, compiled with gcc.
    C,
}

/// The faulty programs timed: the rule each makes fire, its lesson, its role, how it runs.
/// (`faulty-fixed-port-server` binds 9123 in both of lesson 01's scenarios, played at
/// once: the first to bind gets `wrong-port`, the other `port-clash-own-scenario`.)
#[rustfmt::skip]
const PROGRAMS: &[(&str, u8, Role, Kind, &str)] = &[
    ("wrong-port", 1, Role::Server, Kind::Rust, "faulty-fixed-port-server"),
    ("never-listened", 3, Role::Server, Kind::Python, "lesson03-reads-before-listening-server.py"),
    ("listener-closed", 4, Role::Server, Kind::Python, "lesson04-listener-per-client-server.py"),
    ("leftover-process", 4, Role::Server, Kind::Rust, "faulty-daemon-server"),
    ("rust-panic", 3, Role::Server, Kind::Rust, "faulty-panic-server"),
    ("python-exception", 3, Role::Server, Kind::Python, "lesson03-crash-server.py"),
    ("node-exception", 1, Role::Server, Kind::Node, "lesson01-throws-server.js"),
    ("crashed", 1, Role::Server, Kind::C, "lesson01-segfault-server.c"),
    ("octal-escape", 6, Role::Server, Kind::Rust, "faulty-octal-escape-server"),
    ("reset-after-newline", 6, Role::Server, Kind::Rust, "faulty-reset-after-newline-server"),
    ("no-reset", 6, Role::Server, Kind::Rust, "faulty-no-reset-server"),
    ("wrong-colour", 6, Role::Server, Kind::Rust, "faulty-colour-per-connection-server"),
    ("same-colour-for-two-friends", 6, Role::Server, Kind::Rust, "faulty-same-colour-server"),
    ("peer-escapes-obeyed", 6, Role::Server, Kind::Rust, "faulty-obeys-escapes-server"),
    ("flood", 3, Role::Server, Kind::Rust, "faulty-flood-server"),
    ("tagged-quit", 5, Role::Server, Kind::Python, "../../../examples/python/lesson05-server.py"),
    ("client-misses-server-quit", 3, Role::Client, Kind::Python, "lesson03-misses-server-quit-client.py"),
    ("quit-not-recognised", 3, Role::Server, Kind::Rust, "faulty-ignores-quit-server"),
    ("hangs-after-quit", 3, Role::Server, Kind::Rust, "faulty-hangs-after-quit-server"),
    ("serves-one-client", 4, Role::Server, Kind::Rust, "lesson03-server"),
    ("udp-fixed-address", 7, Role::Server, Kind::Python, "lesson07-fixed-address-server.py"),
    ("empty-receive", 2, Role::Server, Kind::Rust, "faulty-prints-empty-receive-server"),
    ("ended-early", 1, Role::Server, Kind::Rust, "faulty-early-exit-server"),
    ("lesson-client-refused", 1, Role::Server, Kind::Python, "lesson01-empty-server.py"),
    ("peer-closed-early", 2, Role::Server, Kind::Python, "lesson02-connection-per-message-server.py"),
    ("sent-before-typed", 2, Role::Client, Kind::Rust, "lesson01-client"),
    ("prompt-mid-line", 3, Role::Server, Kind::Rust, "faulty-no-newline-server"),
    ("missing-newline", 2, Role::Server, Kind::Python, "lesson02-own-prompt-server.py"),
    ("unflushed-prompt", 3, Role::Server, Kind::Python, "lesson03-unflushed-server.py"),
    ("unflushed-prompt", 2, Role::Client, Kind::C, "lesson02-unflushed-client.c"),
    ("connection-left-open", 4, Role::Server, Kind::C, "lesson04-no-close-server.c"),
    ("still-running", 1, Role::Client, Kind::Python, "lesson01-waits-for-enter-client.py"),
    ("wrong-reply", 1, Role::Server, Kind::Rust, "faulty-wrong-reply-server"),
    ("debug-output", 3, Role::Server, Kind::Python, "lesson03-debug-stdout-server.py"),
    ("printed-otherwise", 2, Role::Server, Kind::Python, "lesson02-labels-server.py"),
    ("debug-stderr", 3, Role::Server, Kind::Python, "lesson03-debug-stderr-server.py"),
    ("lesson-program-waiting", 1, Role::Server, Kind::Rust, "faulty-silent-server"),
];

/// Checks each faulty program once and returns the table: program, rule expected, the
/// rule that came first, and the time from the start of the round to its verdict.
pub fn time_to_verdict(step_timeout: Duration) -> Result<String, String> {
    let mut packages: Vec<String> = (1..=7).map(|n| format!("lesson{n:02}")).collect();
    packages.push("faulty".into());
    workspace::build(&packages)?;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}\n",
        tr!(
            "verdicts-title",
            seconds = format!("{:.1}", step_timeout.as_secs_f64())
        )
    );
    let _ = writeln!(
        out,
        "{}",
        heading(&[
            tr!("verdicts-program"),
            tr!("verdicts-rule"),
            tr!("verdicts-first-rule"),
            tr!("verdicts-verdict"),
        ])
    );
    for &(rule, number, role, kind, file) in PROGRAMS {
        let shown = file.rsplit('/').next().unwrap_or(file);
        let Some(command) = command(kind, file)? else {
            let _ = writeln!(
                out,
                "{shown:<44} {rule:<28} {} {:>9}",
                padded(&tr!("verdicts-tool-missing"), 28),
                "-"
            );
            continue;
        };
        let lesson = Lesson::find(number).ok_or_else(|| tr!("no-lesson", number = number))?;
        let (_, took, first) = timed_round(lesson, role, &command, step_timeout)?;
        let first = first.unwrap_or("(passed)");
        let _ = writeln!(
            out,
            "{shown:<44} {rule:<28} {first:<28} {:>6.0} ms",
            took.as_secs_f64() * 1000.0
        );
    }
    notes_programs(&mut out, step_timeout)?;
    Ok(out)
}

/// The time to verdict of each of the notes' chat programs, and how many scenarios pass.
fn notes_programs(out: &mut String, step_timeout: Duration) -> Result<(), String> {
    let _ = writeln!(out, "\n{}\n", tr!("verdicts-notes-title"));
    let _ = writeln!(
        out,
        "{}",
        heading(&[
            tr!("verdicts-program"),
            tr!("verdicts-passed"),
            tr!("verdicts-first-rule"),
            tr!("verdicts-verdict"),
        ])
    );
    let Some(_) = command(Kind::Python, "")? else {
        let _ = writeln!(out, "{}", tr!("verdicts-python-missing"));
        return Ok(());
    };
    for number in 1..=7u8 {
        let lesson = Lesson::find(number).ok_or_else(|| tr!("no-lesson", number = number))?;
        for role in [Role::Server, Role::Client] {
            let file = format!("lesson{number:02}-{}.py", role.as_str());
            let path = workspace::root().join("examples/python").join(&file);
            let command = format!("python3 '{}' {{port}}", path.display());
            let (round, took, first) = timed_round(lesson, role, &command, step_timeout)?;
            let first = first.unwrap_or("-");
            let passed = tr!(
                "verdicts-passed-of",
                passed = round.passed(),
                total = round.checked.len()
            );
            let _ = writeln!(
                out,
                "{file:<44} {} {first:<28} {:>6.0} ms",
                padded(&passed, 28),
                took.as_secs_f64() * 1000.0
            );
        }
    }
    Ok(())
}

/// The table's heading: the program, two columns of 28, and the verdict's time on the right.
/// Checks `command` in `role` once: the round, how long it took to its verdict, and the
/// rule of the first failing scenario's first hint (none when every scenario passed).
fn timed_round(
    lesson: Lesson,
    role: Role,
    command: &str,
    step_timeout: Duration,
) -> Result<(check::Round, Duration, Option<&'static str>), String> {
    let candidate = Candidate::command(lesson, role, command, check::FIXED_PORT);
    let start = Instant::now();
    let round = check::round(lesson, candidate, step_timeout)?;
    let took = start.elapsed();
    let first = round
        .checked
        .iter()
        .find(|one| !one.passed())
        .and_then(|one| one.rules.first().copied());
    Ok((round, took, first))
}

fn heading(words: &[String; 4]) -> String {
    format!(
        "{} {} {} {}",
        padded(&words[0], 44),
        padded(&words[1], 28),
        padded(&words[2], 28),
        right_aligned(&words[3], 9)
    )
}

/// The command that runs a faulty program, given `{port}`; `None` when its tool is missing.
fn command(kind: Kind, file: &str) -> Result<Option<String>, String> {
    let dir = |language: &str| workspace::root().join("xtask/faulty").join(language);
    let found = |tool: &str| {
        Command::new(tool)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success())
    };
    Ok(match kind {
        Kind::Rust => Some(format!(
            "'{}' --port {{port}}",
            workspace::binary(file).display()
        )),
        Kind::Python => found("python3").then(|| {
            format!(
                "PYTHONUNBUFFERED= python3 '{}' {{port}}",
                dir("python").join(file).display()
            )
        }),
        Kind::Node => {
            found("node").then(|| format!("node '{}' {{port}}", dir("node").join(file).display()))
        }
        Kind::C => {
            if !found("gcc") {
                return Ok(None);
            }
            let out = workspace::target_dir().join("faulty-c");
            std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
            let binary: PathBuf = out.join(file.trim_end_matches(".c"));
            let compiled = Command::new("gcc")
                .arg("-o")
                .arg(&binary)
                .arg(dir("c").join(file))
                .status()
                .is_ok_and(|status| status.success());
            if !compiled {
                return Err(format!("gcc could not compile xtask/faulty/c/{file}"));
            }
            Some(format!("'{}' {{port}}", binary.display()))
        }
    })
}
