//! `cargo xtask list`: the lessons, with their titles.

use std::process::ExitCode;

use colored::Colorize;

use crate::catalog::LESSONS;
use crate::println;

/// Prints one line per lesson.
pub fn run() -> ExitCode {
    for &lesson in LESSONS {
        let scenarios = crate::scenario::load(&lesson.scenario_file())
            .map(|s| s.len())
            .unwrap_or(0);
        println!(
            "{}  {:<16} {:<10}  {}",
            format!("{:>2}", lesson.number).bold(),
            lesson.title,
            lesson.title_zh,
            format!(
                "{scenarios} scenarios · cargo xtask lesson {}",
                lesson.number
            )
            .dimmed()
        );
    }
    ExitCode::SUCCESS
}
