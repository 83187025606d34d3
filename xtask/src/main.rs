//! `cargo xtask`: plays the lessons' scripted conversations and checks them (see README.md).

use std::ffi::OsString;
use std::process::ExitCode;

use clap::{Arg, ArgAction, Command, value_parser};
use xtask::catalog::Lesson;
use xtask::commands::{self, options};
use xtask::snapshot::Mode;
use xtask::{eprintln, i18n, tr};

fn cli() -> Command {
    let timeout = options::step_timeout();
    Command::new("cargo xtask")
        .about(tr!("cli-about"))
        .subcommand_required(true)
        .arg_required_else_help(true)
        .subcommand(Command::new("list").about(tr!("list-about")))
        .subcommand(
            Command::new("lesson")
                .about(tr!("lesson-about"))
                .arg(
                    Arg::new("N")
                        .required(true)
                        .value_parser(options::lesson_number)
                        .help(tr!("lesson-n", last = options::last_lesson())),
                )
                .arg(
                    Arg::new("accept")
                        .long("accept")
                        .action(ArgAction::SetTrue)
                        .help(tr!("lesson-accept")),
                )
                .arg(
                    Arg::new("diagram")
                        .long("diagram")
                        .action(ArgAction::SetTrue)
                        .help(tr!("lesson-diagram")),
                )
                .arg(
                    Arg::new("impair-seed")
                        .long("impair-seed")
                        .value_name("SEED")
                        .value_parser(value_parser!(u64))
                        .conflicts_with("accept")
                        .help(tr!("lesson-impair-seed")),
                )
                .arg(timeout.clone()),
        )
        .subcommand(
            Command::new("verify")
                .about(tr!("verify-about"))
                .arg(timeout.clone()),
        )
        .subcommand(
            Command::new("bench")
                .about(tr!("bench-about"))
                .arg(
                    Arg::new("runs")
                        .long("runs")
                        .value_name("N")
                        .value_parser(value_parser!(u8).range(1..=100))
                        .default_value("7")
                        .help(tr!("bench-runs")),
                )
                .arg(
                    Arg::new("verdicts")
                        .long("verdicts")
                        .action(ArgAction::SetTrue)
                        .help(tr!("bench-verdicts")),
                )
                .arg(
                    Arg::new("impair-seed")
                        .long("impair-seed")
                        .value_name("SEED")
                        .value_parser(value_parser!(u64))
                        .help(tr!("bench-impair-seed")),
                )
                .arg(
                    Arg::new("grade")
                        .long("grade")
                        .action(ArgAction::SetTrue)
                        .help(tr!("bench-grade")),
                )
                .arg(
                    Arg::new("jobs")
                        .long("jobs")
                        .value_name("N")
                        .requires("grade")
                        .value_parser(value_parser!(u16).range(1..))
                        .help(tr!("bench-jobs")),
                )
                .arg(timeout.clone()),
        )
        .subcommand(
            Command::new("docs")
                .about(tr!("docs-about"))
                .arg(
                    Arg::new("check")
                        .long("check")
                        .action(ArgAction::SetTrue)
                        .help(tr!("docs-check")),
                )
                .arg(timeout.clone()),
        )
        .subcommand(commands::homework::cli())
        .subcommand(commands::grade::cli().arg(timeout.clone()))
        .subcommand(commands::progress::cli().arg(timeout.clone()))
        .subcommand(commands::check::cli().arg(timeout))
        .arg(i18n::cli::lang_arg())
}

fn main() -> ExitCode {
    xtask::engine::process::kill_all_on_interrupt();
    let args: Vec<OsString> = std::env::args_os().collect();
    i18n::set(i18n::choose(&args, |name| std::env::var_os(name)));
    let matches = match i18n::cli::localised(cli()).try_get_matches_from(&args) {
        Ok(matches) => matches,
        Err(error) if i18n::cli::shown_whole(&error) => {
            if let Err(failed) = error.print() {
                xtask::output::failed(&failed);
            }
            std::process::exit(error.exit_code());
        }
        Err(error) => {
            eprintln!("{}", i18n::cli::one_line(&error));
            return ExitCode::from(2);
        }
    };
    let step_timeout = options::step_timeout_of;
    match matches.subcommand() {
        Some(("list", _)) => commands::list::run(),
        Some(("help", m)) => help_of(m.get_one::<String>("command")),
        Some(("lesson", m)) => {
            let number = m.get_one::<u8>("N").copied().unwrap_or(1);
            let Some(lesson) = Lesson::find(number) else {
                eprintln!(
                    "{} {}",
                    tr!("error-prefix"),
                    tr!("no-lesson", number = number)
                );
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
            if let Some(&seed) = m.get_one::<u64>("impair-seed") {
                commands::lesson::run_impaired(lesson, seed, step_timeout(m))
            } else if m.get_flag("diagram") {
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
            let impair = m.get_one::<u64>("impair-seed").copied();
            commands::bench::run(
                usize::from(runs),
                step_timeout(m),
                m.get_flag("verdicts"),
                impair,
            )
        }
        _ => ExitCode::FAILURE,
    }
}

/// `cargo xtask help [COMMAND]`: the help of the runner, or of one of its commands, as
/// `--help` shows it.
fn help_of(command: Option<&String>) -> ExitCode {
    let mut words = vec!["xtask"];
    words.extend(command.map(String::as_str));
    words.push("--help");
    match i18n::cli::localised(cli()).try_get_matches_from(words) {
        Err(error) if i18n::cli::shown_whole(&error) => {
            if let Err(failed) = error.print() {
                xtask::output::failed(&failed);
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{}", i18n::cli::one_line(&error));
            ExitCode::from(2)
        }
        Ok(_) => ExitCode::SUCCESS,
    }
}
