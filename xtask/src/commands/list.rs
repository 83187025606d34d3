//! `cargo xtask list`: the lessons, with their titles.

use std::process::ExitCode;

use colored::Colorize;

use crate::catalog::LESSONS;
use crate::println;

/// Prints one line per lesson, the titles in columns as a terminal shows them (a Chinese
/// character takes two).
pub fn run() -> ExitCode {
    let columns = crate::book::fit::columns;
    let padded = |text: &str, width: usize| {
        format!("{text}{}", " ".repeat(width.saturating_sub(columns(text))))
    };
    let title = LESSONS.iter().map(|l| columns(l.title)).max().unwrap_or(0);
    let title_zh = LESSONS
        .iter()
        .map(|l| columns(l.title_zh))
        .max()
        .unwrap_or(0);
    for &lesson in LESSONS {
        let scenarios = crate::scenario::load(&lesson.scenario_file())
            .map(|s| s.len())
            .unwrap_or(0);
        println!(
            "{}  {} {}  {}",
            format!("{:>2}", lesson.number).bold(),
            padded(lesson.title, title),
            padded(lesson.title_zh, title_zh),
            format!(
                "{scenarios} scenarios · cargo xtask lesson {}",
                lesson.number
            )
            .dimmed()
        );
    }
    ExitCode::SUCCESS
}
