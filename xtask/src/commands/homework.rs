//! `cargo xtask homework N`: writes the starting point of lesson N's homework.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Arg, ArgMatches, Command, value_parser};
use colored::Colorize;

use crate::catalog::Lesson;
use crate::homework;
use crate::{eprintln, println, tr};

/// The subcommand's arguments.
pub fn cli() -> Command {
    Command::new("homework")
        .about(tr!("homework-about"))
        .long_about(tr!("homework-long-about"))
        .arg(
            Arg::new("N")
                .required(true)
                .value_parser(homework_number)
                .help(tr!("homework-n")),
        )
        .arg(
            Arg::new("dir")
                .long("dir")
                .value_name("DIR")
                .value_parser(value_parser!(PathBuf))
                .help(tr!("homework-dir")),
        )
}

/// A lesson with programs to write: 1 to 7.
fn homework_number(text: &str) -> Result<u8, String> {
    match text.trim().parse::<i64>() {
        // Lesson 8 is let through: `run` says why it has no homework.
        Ok(number) if (1..=i64::from(super::options::last_lesson())).contains(&number) => {
            Ok(number as u8)
        }
        Ok(number) => Err(tr!("homework-out-of-range", number = number)),
        Err(_) => Err(tr!(
            "check-not-a-number",
            last = super::options::last_lesson()
        )),
    }
}

/// Writes the crate and says what to do next.
pub fn run(matches: &ArgMatches) -> ExitCode {
    let number = matches.get_one::<u8>("N").copied().unwrap_or(1);
    let Some(lesson) = Lesson::find(number) else {
        eprintln!(
            "{} {}",
            tr!("error-prefix").red().bold(),
            tr!("no-lesson", number = number)
        );
        return ExitCode::FAILURE;
    };
    let folder = matches
        .get_one::<PathBuf>("dir")
        .cloned()
        .unwrap_or_else(homework::default_folder);
    match homework::create(lesson, &folder) {
        Ok(dir) => {
            print_next_steps(lesson, &dir);
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("{} {message}", tr!("error-prefix").red().bold());
            ExitCode::FAILURE
        }
    }
}

fn print_next_steps(lesson: Lesson, dir: &Path) {
    let n = lesson.number;
    println!(
        "{} {}",
        tr!("homework-created").green().bold(),
        tr!(
            "homework-created-for",
            dir = homework::shown(dir),
            lesson = lesson.heading_in_words()
        )
    );
    for kind in ["server", "client"] {
        println!(
            "  {}",
            homework::shown(
                &dir.join("src/bin")
                    .join(format!("{}.rs", homework::program(lesson, kind)))
            )
        );
    }
    println!();
    println!("{}", tr!("homework-next"));
    println!("  cargo xtask check {n}");
    println!("{}", tr!("homework-see-lesson", number = n));
}
