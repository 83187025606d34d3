//! `cargo xtask verify`: every lesson, one line each, and a total.

use std::process::ExitCode;
use std::time::Duration;

use colored::Colorize;

use crate::catalog::LESSONS;
use crate::play;
use crate::snapshot::Mode;
use crate::workspace;
use crate::{eprintln, println};

/// Plays every lesson and prints a line per lesson.
pub fn run(step_timeout: Duration) -> ExitCode {
    let lessons = crate::catalog::with_scenarios();
    let packages: Vec<String> = lessons.iter().map(|lesson| lesson.package()).collect();
    if let Err(message) = workspace::build(&packages) {
        eprintln!("{} {message}", "error:".red().bold());
        return ExitCode::FAILURE;
    }
    let (mut passed, mut total, mut failed_lessons) = (0, 0, Vec::new());
    for &lesson in LESSONS {
        if !lesson.scenario_file().exists() {
            println!(
                "{}  {}: no scenarios yet",
                "SKIP".yellow().bold(),
                lesson.heading()
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
                        "{}  {}: {ok} scenarios",
                        "PASS".green().bold(),
                        lesson.heading()
                    );
                } else {
                    failed_lessons.push(lesson.number);
                    let failing: Vec<&str> = played
                        .iter()
                        .filter(|one| !one.passed())
                        .map(|one| one.scenario.name.as_str())
                        .collect();
                    println!(
                        "{}  {}: {ok} of {} passed; failing: {}",
                        "FAIL".red().bold(),
                        lesson.heading(),
                        played.len(),
                        failing.join(", ")
                    );
                }
            }
            Err(message) => {
                failed_lessons.push(lesson.number);
                println!("{}  {}: {message}", "FAIL".red().bold(), lesson.heading());
            }
        }
    }
    println!("{passed} of {total} scenarios passed");
    if failed_lessons.is_empty() {
        ExitCode::SUCCESS
    } else {
        let first = failed_lessons[0];
        println!("See the details with: cargo xtask lesson {first}");
        ExitCode::FAILURE
    }
}
