//! `cargo xtask list`: the lessons, with their titles.

use std::process::ExitCode;

use colored::Colorize;

use crate::catalog::LESSONS;
use crate::output::padded;
use crate::{println, tr};

/// Prints one line per lesson, the titles in columns as a terminal shows them (a Chinese
/// character takes two).
pub fn run() -> ExitCode {
    let columns = crate::book::fit::columns;
    let widest = |title: fn(&crate::catalog::Lesson) -> &str| {
        LESSONS.iter().map(|l| columns(title(l))).max().unwrap_or(0)
    };
    let (en, zh) = (widest(|l| l.title), widest(|l| l.title_zh));
    let widths = match crate::i18n::current() {
        crate::i18n::Lang::En => (en, zh),
        crate::i18n::Lang::Zh => (zh, en),
    };
    for &lesson in LESSONS {
        let scenarios = crate::scenario::load(&lesson.scenario_file())
            .map(|s| s.len())
            .unwrap_or(0);
        // The titles in the runner's language first, each padded to its column.
        let (first, second) = match crate::i18n::current() {
            crate::i18n::Lang::En => (lesson.title, lesson.title_zh),
            crate::i18n::Lang::Zh => (lesson.title_zh, lesson.title),
        };
        println!(
            "{}  {}  {}  {}",
            format!("{:>2}", lesson.number).bold(),
            padded(first, widths.0),
            padded(second, widths.1),
            tr!("list-line", scenarios = scenarios, number = lesson.number).dimmed()
        );
    }
    ExitCode::SUCCESS
}
