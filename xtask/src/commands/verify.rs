//! `cargo xtask verify`: every lesson, one line each, and a total.

use std::process::ExitCode;
use std::time::Duration;

use colored::Colorize;

use crate::catalog::LESSONS;
use crate::play;
use crate::snapshot::Mode;
use crate::workspace;
use crate::{eprintln, println, tr};

/// Plays every lesson and prints a line per lesson.
pub fn run(step_timeout: Duration) -> ExitCode {
    let lessons = crate::catalog::with_scenarios();
    let packages: Vec<String> = lessons.iter().map(|lesson| lesson.package()).collect();
    if let Err(message) = workspace::build(&packages) {
        eprintln!("{} {message}", tr!("error-prefix").red().bold());
        return ExitCode::FAILURE;
    }
    let (mut passed, mut total, mut failed_lessons) = (0, 0, Vec::new());
    for &lesson in LESSONS {
        if !lesson.scenario_file().exists() {
            println!(
                "{}  {}",
                tr!("skip").yellow().bold(),
                tr!("no-scenarios-yet", lesson = lesson.heading_in_words())
            );
            continue;
        }
        let setup = play::reference_setup(lesson, step_timeout);
        match play::play_lesson(lesson, &setup, Mode::Check) {
            Ok(played) => {
                let ok = played.iter().filter(|one| one.passed()).count();
                passed += ok;
                total += played.len();
                if ok == played.len() {
                    println!(
                        "{}  {}",
                        tr!("pass").green().bold(),
                        tr!(
                            "verify-passed",
                            lesson = lesson.heading_in_words(),
                            passed = ok
                        )
                    );
                } else {
                    failed_lessons.push(lesson.number);
                    let failing: Vec<&str> = played
                        .iter()
                        .filter(|one| !one.passed())
                        .map(|one| one.scenario.name.as_str())
                        .collect();
                    println!(
                        "{}  {}",
                        tr!("fail").red().bold(),
                        tr!(
                            "verify-failed",
                            lesson = lesson.heading_in_words(),
                            passed = ok,
                            total = played.len(),
                            failing = failing.join(", ")
                        )
                    );
                }
            }
            Err(message) => {
                failed_lessons.push(lesson.number);
                println!(
                    "{}  {}: {message}",
                    tr!("fail").red().bold(),
                    lesson.heading_in_words()
                );
            }
        }
    }
    println!("{}", tr!("verify-total", passed = passed, total = total));
    if failed_lessons.is_empty() {
        ExitCode::SUCCESS
    } else {
        let first = failed_lessons[0];
        println!("{}", tr!("verify-see-details", number = first));
        ExitCode::FAILURE
    }
}
