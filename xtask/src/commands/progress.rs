//! `cargo xtask progress`: which lessons' homework exist and pass, a line each, as
//! rustlings' list shows its exercises.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Arg, ArgMatches, Command, value_parser};
use colored::Colorize;

use crate::catalog::Lesson;
use crate::grade::{self, Graded};
use crate::{eprintln, homework, println, workspace};

/// The texts this command shows, in one place (the message catalogue takes them later).
mod text {
    use crate::tr;
    pub fn about() -> String {
        tr!("progress-about")
    }
    pub fn not_started() -> String {
        tr!("progress-not-started")
    }
    pub fn passes(passed: usize) -> String {
        tr!("progress-passes", passed = passed)
    }
    pub fn fails(passed: usize, total: usize, first: &str) -> String {
        tr!(
            "progress-fails",
            passed = passed,
            total = total,
            first = first
        )
    }
    pub fn summary(passing: usize, total: usize) -> String {
        tr!("progress-summary", passing = passing, total = total)
    }
    pub fn next_check(number: u8) -> String {
        tr!("progress-next-check", number = number)
    }
    pub fn next_start(number: u8) -> String {
        tr!("progress-next-start", number = number)
    }
    pub fn all_done() -> String {
        tr!("progress-all-done")
    }
}

/// The subcommand's arguments.
pub fn cli() -> Command {
    Command::new("progress").about(text::about()).arg(
        Arg::new("dir")
            .long("dir")
            .value_name("DIR")
            .value_parser(value_parser!(PathBuf))
            .help(crate::tr!("check-dir")),
    )
}

/// Checks every homework there is, and prints a line per lesson.
pub fn run(matches: &ArgMatches, step_timeout: Duration) -> ExitCode {
    let folder = matches
        .get_one::<PathBuf>("dir")
        .cloned()
        .unwrap_or_else(homework::default_folder);
    let lessons: Vec<Lesson> = (1..=u8::MAX)
        .filter(|&number| homework::has_homework(number))
        .filter_map(Lesson::find)
        .collect();
    let started: Vec<(Lesson, grade::Submission)> = lessons
        .iter()
        .filter_map(|lesson| {
            let dir = homework::crate_dir(&folder, *lesson);
            dir.join("Cargo.toml").is_file().then(|| {
                let name = format!("lesson{:02}", lesson.number);
                (*lesson, grade::submission(&name, &dir, *lesson))
            })
        })
        .collect();
    let packages: Vec<String> = started.iter().map(|(lesson, _)| lesson.package()).collect();
    if !packages.is_empty()
        && let Err(error) = workspace::build(&packages)
    {
        eprintln!("{} {error}", "error:".red().bold());
        return ExitCode::FAILURE;
    }
    let scratch_root = workspace::target_dir().join("grade");
    let graded: Vec<(Lesson, Graded)> = std::thread::scope(|scope| {
        let handles: Vec<_> = started
            .iter()
            .map(|(lesson, submission)| {
                let scratch =
                    scratch_root.join(format!("{}-progress-{}", std::process::id(), lesson.number));
                scope.spawn(move || {
                    let graded = grade::grade(*lesson, submission, step_timeout, &scratch);
                    let _ = std::fs::remove_dir_all(&scratch);
                    (*lesson, graded)
                })
            })
            .collect();
        handles
            .into_iter()
            .filter_map(|handle| handle.join().ok())
            .collect()
    });
    let mut passing = 0;
    let mut next: Option<String> = None;
    let title_of = |lesson: &Lesson| match crate::i18n::current() {
        crate::i18n::Lang::En => lesson.title,
        crate::i18n::Lang::Zh => lesson.title_zh,
    };
    let widest = lessons
        .iter()
        .map(|lesson| crate::book::fit::columns(title_of(lesson)))
        .max()
        .unwrap_or(0);
    for lesson in &lessons {
        let dir = homework::crate_dir(&folder, *lesson);
        let found = graded.iter().find(|(one, _)| one.number == lesson.number);
        let (mark, state) = match found {
            None => {
                next.get_or_insert_with(|| text::next_start(lesson.number));
                (" ".normal(), text::not_started().dimmed())
            }
            Some((_, graded)) => match graded.first_failing() {
                None if !graded.tests.is_empty() => {
                    passing += 1;
                    ("✓".green().bold(), text::passes(graded.passed()).green())
                }
                first => {
                    next.get_or_insert_with(|| text::next_check(lesson.number));
                    let name = first.map(|test| test.name.as_str()).unwrap_or_default();
                    (
                        "✗".red().bold(),
                        text::fails(graded.passed(), graded.tests.len(), name).red(),
                    )
                }
            },
        };
        // The title in the runner's language, padded to the widest as a terminal shows it.
        let title = crate::output::padded(title_of(lesson), widest);
        println!(
            "{mark} {:02} {title} {:<20} {state}",
            lesson.number,
            homework::shown(&dir)
        );
    }
    println!();
    println!("{}", text::summary(passing, lessons.len()).bold());
    println!("{}", next.unwrap_or_else(text::all_done));
    ExitCode::SUCCESS
}
