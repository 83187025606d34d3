//! `cargo xtask homework N`: writes the starting point of lesson N's homework.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Arg, ArgMatches, Command, value_parser};
use colored::Colorize;

use crate::catalog::Lesson;
use crate::homework;
use crate::{eprintln, println};

/// The subcommand's arguments.
pub fn cli() -> Command {
    Command::new("homework")
        .about("Start lesson N's homework: a crate in homework/lessonNN/ holding lesson N-1's code")
        .long_about(
            "Start lesson N's homework: writes the crate homework/lessonNN/ (package homeworkNN,\n\
             binaries homeworkNN-server and homeworkNN-client) holding lesson N-1's code, with a\n\
             TODO at the top of each program saying what lesson N adds. Lesson 1 starts from an\n\
             empty skeleton. Work already there is never overwritten.\n\n\
             The loop: cargo xtask homework 4, edit homework/lesson04/src/bin/*.rs,\n\
             cargo xtask check 4 (see docs/src/homework.md).",
        )
        .arg(
            Arg::new("N")
                .required(true)
                .value_parser(value_parser!(u8).range(1..=11))
                .help("The lesson to do, 1 to 11 but 8 (lesson 8 has no programs to write)"),
        )
        .arg(
            Arg::new("dir")
                .long("dir")
                .value_name("DIR")
                .value_parser(value_parser!(PathBuf))
                .help("The folder for homework crates [default: homework/ in the kit]"),
        )
}

/// Writes the crate and says what to do next.
pub fn run(matches: &ArgMatches) -> ExitCode {
    let number = matches.get_one::<u8>("N").copied().unwrap_or(1);
    let Some(lesson) = Lesson::find(number) else {
        eprintln!("{} there is no lesson {number}", "error:".red().bold());
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
            eprintln!("{} {message}", "error:".red().bold());
            ExitCode::FAILURE
        }
    }
}

fn print_next_steps(lesson: Lesson, dir: &Path) {
    let n = lesson.number;
    println!(
        "{} {} for {}",
        "Created".green().bold(),
        homework::shown(dir),
        lesson.heading()
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
    println!("Next: do the TODO at the top of each program, then check your work:");
    println!("  cargo xtask check {n}");
    println!("See how the lesson's own programs behave: cargo xtask lesson {n}");
}
