//! `cargo xtask lesson N`: plays a lesson's conversations and checks them.

use std::process::ExitCode;
use std::time::Duration;

use colored::Colorize;

use crate::catalog::Lesson;
use crate::play::{self, Played};
use crate::snapshot::{self, Difference, Mode, Verdict};
use crate::workspace;
use crate::{eprintln, println, tr};

/// Builds the lesson, plays each scenario, prints its transcript and verdict.
pub fn run(lesson: Lesson, mode: Mode, step_timeout: Duration) -> ExitCode {
    run_showing(lesson, mode, step_timeout, false)
}

/// As `run`, and prints each scenario's sequence diagram after its transcript (`--diagram`).
pub fn run_with_diagrams(lesson: Lesson, mode: Mode, step_timeout: Duration) -> ExitCode {
    run_showing(lesson, mode, step_timeout, true)
}

fn run_showing(lesson: Lesson, mode: Mode, step_timeout: Duration, diagrams: bool) -> ExitCode {
    if let Err(message) = workspace::build(&[lesson.package()]) {
        eprintln!("{} {message}", tr!("error-prefix").red().bold());
        return ExitCode::FAILURE;
    }
    let setup = play::reference_setup(lesson, step_timeout);
    let played = match play::play_lesson(lesson, &setup, mode) {
        Ok(played) => played,
        Err(message) => {
            eprintln!("{} {message}", tr!("error-prefix").red().bold());
            return ExitCode::FAILURE;
        }
    };
    for one in &played {
        println!("{}\n", one.transcript);
        if diagrams {
            println!("{}", crate::transcript::rule(&tr!("sequence-diagram")));
            match crate::diagram::draw(&one.record) {
                Some(drawing) => println!("{drawing}"),
                None => println!("{}\n", tr!("nothing-to-draw")),
            }
        }
        report(one);
        println!();
    }
    let passed = played.iter().filter(|one| one.passed()).count();
    let total = played.len();
    let summary = tr!(
        "scenarios-passed",
        lesson = lesson.heading_in_words(),
        passed = passed,
        total = total
    );
    if passed == total {
        println!("{}", summary.green().bold());
        ExitCode::SUCCESS
    } else {
        println!("{}", summary.red().bold());
        if mode == Mode::Check {
            println!("{}", tr!("accept-advice", number = lesson.number));
        }
        ExitCode::FAILURE
    }
}

/// Plays the lesson with impairments at random from `seed` (`--impair-seed`): the
/// transcripts then differ from the snapshots, so each scenario passes when it plays to its
/// end, its programs surviving what the wire did; a failure is replayed by the same seed.
pub fn run_impaired(lesson: Lesson, seed: u64, step_timeout: Duration) -> ExitCode {
    if let Err(message) = workspace::build(&[lesson.package()]) {
        eprintln!("{} {message}", "error:".red().bold());
        return ExitCode::FAILURE;
    }
    let mut setup = play::reference_setup(lesson, step_timeout);
    setup.impair = Some(seed);
    let played = match play::play_lesson(lesson, &setup, Mode::Check) {
        Ok(played) => played,
        Err(message) => {
            eprintln!("{} {message}", "error:".red().bold());
            return ExitCode::FAILURE;
        }
    };
    for one in &played {
        println!("{}\n", one.transcript);
        match &one.failure {
            None => println!(
                "{} {} (impair seed {seed})",
                "PLAYED".green().bold(),
                one.snapshot
            ),
            Some(failure) => println!("{} {}: {failure}", "FAIL".red().bold(), one.snapshot),
        }
        println!();
    }
    let ended = played.iter().filter(|one| one.failure.is_none()).count();
    let summary = format!(
        "{}: {ended} of {} scenarios played to their end with impairments from seed {seed}",
        lesson.heading(),
        played.len()
    );
    if ended == played.len() {
        println!("{}", summary.green().bold());
        ExitCode::SUCCESS
    } else {
        println!("{}", summary.red().bold());
        println!(
            "Replay it with: cargo xtask lesson {} --impair-seed {seed}",
            lesson.number
        );
        ExitCode::FAILURE
    }
}

/// Prints one scenario's verdict: pass, or what failed and the diff.
pub fn report(one: &Played) {
    let file = snapshot::path(&one.snapshot);
    let shown = file
        .strip_prefix(workspace::root())
        .unwrap_or(&file)
        .display()
        .to_string();
    if let Some(failure) = &one.failure {
        println!(
            "{} {}: {}",
            tr!("fail").red().bold(),
            one.snapshot,
            failure.in_words()
        );
    }
    match &one.verdict {
        Verdict::Same if one.failure.is_none() => {
            println!("{} {}", tr!("pass").green().bold(), one.snapshot)
        }
        Verdict::Same => {}
        Verdict::Accepted => println!(
            "{} {}",
            tr!("accepted").yellow().bold(),
            tr!("accepted-to", snapshot = &one.snapshot, file = &shown)
        ),
        Verdict::Missing => println!(
            "{} {}",
            tr!("new").yellow().bold(),
            tr!("no-snapshot-yet", snapshot = &one.snapshot, file = &shown)
        ),
        Verdict::Differs(Difference { section, diff, .. }) => {
            println!(
                "{} {}",
                tr!("fail").red().bold(),
                tr!(
                    "differs-from",
                    snapshot = &one.snapshot,
                    file = &shown,
                    section = section
                )
            );
            for line in diff.lines() {
                let line = match line.chars().next() {
                    Some('-') if !line.starts_with("---") => line.red().to_string(),
                    Some('+') if !line.starts_with("+++") => line.green().to_string(),
                    _ => line.to_string(),
                };
                println!("    {line}");
            }
        }
    }
}
