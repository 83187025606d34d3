//! `cargo xtask`: plays the lessons' scripted conversations and checks them (see README.md).

use std::process::ExitCode;

use clap::{Arg, ArgAction, Command, value_parser};
use xtask::catalog::Lesson;
use xtask::commands::{self, options};
use xtask::eprintln;
use xtask::snapshot::Mode;

fn cli() -> Command {
    let timeout = options::step_timeout();
    Command::new("cargo xtask")
        .about("Plays the lessons' scripted conversations and checks them against snapshots.")
        .subcommand_required(true)
        .arg_required_else_help(true)
        .subcommand(Command::new("list").about("List the lessons with their titles"))
        .subcommand(
            Command::new("lesson")
                .about("Play lesson N's conversations and check each against its snapshot")
                .arg(
                    Arg::new("N")
                        .required(true)
                        .value_parser(value_parser!(u8).range(1..=8))
                        .help("The lesson's number, 1 to 8 (see `cargo xtask list`)"),
                )
                .arg(
                    Arg::new("accept")
                        .long("accept")
                        .action(ArgAction::SetTrue)
                        .help("Write this run's transcripts as the new snapshots"),
                )
                .arg(
                    Arg::new("diagram")
                        .long("diagram")
                        .action(ArgAction::SetTrue)
                        .help("Also draw each scenario's sequence diagram, from the wire"),
                )
                .arg(timeout.clone()),
        )
        .subcommand(
            Command::new("verify")
                .about("Play every lesson: one line each, and a total")
                .arg(timeout.clone()),
        )
        .subcommand(
            Command::new("bench")
                .about("Time playing every lesson, beside the same programs with no conversation")
                .arg(
                    Arg::new("runs")
                        .long("runs")
                        .value_name("N")
                        .value_parser(value_parser!(u8).range(1..=100))
                        .default_value("7")
                        .help("Counted runs of every lesson; the table shows their medians"),
                )
                .arg(
                    Arg::new("verdicts")
                        .long("verdicts")
                        .action(ArgAction::SetTrue)
                        .help("Also time `check`'s verdict on each faulty program (xtask/faulty/)"),
                )
                .arg(
                    Arg::new("grade")
                        .long("grade")
                        .action(ArgAction::SetTrue)
                        .help("Only time `grade` on a class of 40 submissions of lesson 04"),
                )
                .arg(
                    Arg::new("jobs")
                        .long("jobs")
                        .value_name("N")
                        .requires("grade")
                        .value_parser(value_parser!(u16).range(1..))
                        .help("With --grade: submissions graded at once [default: the cores]"),
                )
                .arg(timeout.clone()),
        )
        .subcommand(
            Command::new("docs")
                .about(
                    "Regenerate the book's code, transcripts, diagrams and error table (docs/src)",
                )
                .arg(
                    Arg::new("check")
                        .long("check")
                        .action(ArgAction::SetTrue)
                        .help(
                            "Only compare the pages with what the sources give now; write nothing",
                        ),
                )
                .arg(timeout.clone()),
        )
        .subcommand(commands::homework::cli())
        .subcommand(commands::grade::cli().arg(timeout.clone()))
        .subcommand(commands::progress::cli().arg(timeout.clone()))
        .subcommand(commands::check::cli().arg(timeout))
}

fn main() -> ExitCode {
    xtask::engine::process::kill_all_on_interrupt();
    let matches = match cli().try_get_matches() {
        Ok(matches) => matches,
        Err(error) if options::shown_whole(&error) => {
            if let Err(failed) = error.print() {
                xtask::output::failed(&failed);
            }
            std::process::exit(error.exit_code());
        }
        Err(error) => {
            eprintln!("{}", options::one_line(&error));
            return ExitCode::from(2);
        }
    };
    let step_timeout = options::step_timeout_of;
    match matches.subcommand() {
        Some(("list", _)) => commands::list::run(),
        Some(("lesson", m)) => {
            let number = m.get_one::<u8>("N").copied().unwrap_or(1);
            let Some(lesson) = Lesson::find(number) else {
                eprintln!("error: there is no lesson {number} (see `cargo xtask list`)");
                return ExitCode::FAILURE;
            };
            let mode = if m.get_flag("accept") {
                Mode::Accept
            } else {
                Mode::Check
            };
            if mode == Mode::Accept {
                // SAFETY: no other thread runs yet. insta writes a snapshot in place only when
                // told to, and finds the workspace without running `cargo metadata`.
                unsafe {
                    std::env::set_var("INSTA_UPDATE", "always");
                    std::env::set_var("INSTA_WORKSPACE_ROOT", xtask::workspace::root());
                }
            }
            if m.get_flag("diagram") {
                commands::lesson::run_with_diagrams(lesson, mode, step_timeout(m))
            } else {
                commands::lesson::run(lesson, mode, step_timeout(m))
            }
        }
        Some(("verify", m)) => commands::verify::run(step_timeout(m)),
        Some(("docs", m)) => {
            let mode = if m.get_flag("check") {
                commands::docs::Mode::Check
            } else {
                commands::docs::Mode::Update
            };
            commands::docs::run(mode, step_timeout(m))
        }
        Some(("homework", m)) => commands::homework::run(m),
        Some(("check", m)) => commands::check::run(m, step_timeout(m)),
        Some(("grade", m)) => commands::grade::run(m, step_timeout(m)),
        Some(("progress", m)) => commands::progress::run(m, step_timeout(m)),
        Some(("bench", m)) => {
            if m.get_flag("grade") {
                let jobs = m.get_one::<u16>("jobs").map(|jobs| usize::from(*jobs));
                return commands::bench_grade::run(step_timeout(m), jobs);
            }
            let runs = m.get_one::<u8>("runs").copied().unwrap_or(7);
            commands::bench::run(usize::from(runs), step_timeout(m), m.get_flag("verdicts"))
        }
        _ => ExitCode::FAILURE,
    }
}
