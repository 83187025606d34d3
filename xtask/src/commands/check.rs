//! `cargo xtask check N`: plays lesson N with a student's programs, and says what went wrong.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Arg, ArgAction, ArgMatches, Command, value_parser};
use colored::Colorize;

use super::watch;
use crate::catalog::Lesson;
use crate::check::{self, Candidate, Checked, Round};
use crate::homework;
use crate::scenario::Role;
use crate::workspace;
use crate::{eprintln, println, tr};

/// The subcommand's arguments.
pub fn cli() -> Command {
    Command::new("check")
        .about(tr!("check-about"))
        .long_about(tr!("check-long-about"))
        .arg(
            Arg::new("N")
                .required(true)
                .value_parser(lesson_number)
                .help(tr!("check-n")),
        )
        .arg(
            Arg::new("server")
                .long("server")
                .value_name("CMD")
                .help(tr!("check-server")),
        )
        .arg(
            Arg::new("client")
                .long("client")
                .value_name("CMD")
                .help(tr!("check-client")),
        )
        .arg(
            Arg::new("port")
                .long("port")
                .value_name("PORT")
                .value_parser(value_parser!(u16).range(1..))
                .default_value("9000")
                .help(tr!("check-port")),
        )
        .arg(
            Arg::new("dir")
                .long("dir")
                .value_name("DIR")
                .value_parser(value_parser!(PathBuf))
                .help(tr!("check-dir")),
        )
        .arg(
            Arg::new("watch")
                .long("watch")
                .short('w')
                .action(ArgAction::SetTrue)
                .help(tr!("check-watch")),
        )
        .arg(
            Arg::new("poll")
                .long("poll")
                .requires("watch")
                .action(ArgAction::SetTrue)
                .help(tr!("check-poll")),
        )
        .arg(
            Arg::new("verbose")
                .long("verbose")
                .short('v')
                .action(ArgAction::SetTrue)
                .help(tr!("check-verbose")),
        )
}

/// The lesson to check: a lesson with a homework, said plainly when it is not one.
pub fn lesson_number(text: &str) -> Result<u8, String> {
    match text.parse::<u8>() {
        Ok(number) if crate::homework::has_homework(number) => Ok(number),
        Ok(8) => Err(tr!("check-lesson-8")),
        Ok(_) => Err(tr!(
            "check-no-such-lesson",
            last = super::options::last_lesson()
        )),
        Err(_) => Err(tr!(
            "check-not-a-number",
            last = super::options::last_lesson()
        )),
    }
}

/// Builds what is needed, plays the rounds, prints the verdicts.
pub fn run(matches: &ArgMatches, step_timeout: Duration) -> ExitCode {
    match check(matches, step_timeout) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(message) => {
            eprintln!("{} {message}", tr!("error-prefix").red().bold());
            ExitCode::FAILURE
        }
    }
}

fn check(matches: &ArgMatches, step_timeout: Duration) -> Result<bool, String> {
    let number = matches.get_one::<u8>("N").copied().unwrap_or(1);
    let lesson = Lesson::find(number).ok_or_else(|| tr!("no-lesson", number = number))?;
    homework::writable(lesson)?;
    if matches.get_flag("watch") {
        return check_on_every_change(matches, lesson, step_timeout).map(|()| true);
    }
    let (candidates, unbuilt, what) = candidates(matches, lesson, true)?;
    println!(
        "{}",
        tr!(
            "check-checking",
            what = what,
            lesson = lesson.heading_in_words()
        )
        .bold()
    );
    let verbose = matches.get_flag("verbose");
    // Verbose: a Rust program's panic keeps the backtrace the user's RUST_BACKTRACE asks for.
    crate::engine::process::KEEP_BACKTRACE.store(verbose, std::sync::atomic::Ordering::Relaxed);
    let (mut passed, mut total) = (0, 0);
    for candidate in candidates {
        let other = match candidate.role {
            Role::Server => Role::Client,
            _ => Role::Server,
        };
        println!(
            "\n{}",
            tr!(
                "check-round",
                candidate = capitalised(&candidate.label.text()),
                other = role_in_words(other)
            )
        );
        let round = check::round(lesson, candidate, step_timeout)?;
        report(&round, verbose);
        passed += round.passed();
        total += round.checked.len();
    }
    let mut summary = tr!(
        "scenarios-passed",
        lesson = lesson.heading_in_words(),
        passed = passed,
        total = total
    );
    if unbuilt > 0 {
        summary.push_str(&tr!("check-unbuilt", unbuilt = unbuilt));
    }
    println!();
    if passed == total && unbuilt == 0 {
        println!("{}", summary.green().bold());
    } else {
        println!("{}", summary.red().bold());
        println!("{}", tr!("check-see-verbose", number = number));
    }
    Ok(passed == total && unbuilt == 0)
}

/// `--watch`: a round now and after every change of a source, until Ctrl-C.
fn check_on_every_change(
    matches: &ArgMatches,
    lesson: Lesson,
    step_timeout: Duration,
) -> Result<(), String> {
    let commands: Vec<&String> = ["server", "client"]
        .into_iter()
        .filter_map(|role| matches.get_one::<String>(role))
        .collect();
    let watched = if commands.is_empty() {
        let dir = homework::crate_dir(&homework_folder(matches), lesson);
        if !dir.exists() {
            return Err(no_homework(lesson, &dir));
        }
        watch::Watched {
            shown: homework::shown(&dir),
            folders: vec![(dir, notify::RecursiveMode::Recursive)],
        }
    } else {
        let folders: Vec<PathBuf> = commands
            .iter()
            .flat_map(|command| watch::folders_of_command(command))
            .collect();
        if folders.is_empty() {
            return Err(texts::no_file_to_watch().to_owned());
        }
        watch::Watched {
            shown: folders
                .iter()
                .map(|folder| homework::from_here(folder))
                .collect::<Vec<_>>()
                .join(", "),
            folders: folders
                .into_iter()
                .map(|folder| (folder, notify::RecursiveMode::NonRecursive))
                .collect(),
        }
    };
    let mut first = true;
    watch::run(&watched, matches.get_flag("poll"), || {
        let (candidates, unbuilt, _) = candidates(matches, lesson, std::mem::take(&mut first))?;
        let mut result = watch::RoundResult {
            passed: 0,
            total: 0,
            unbuilt,
            first_failing: None,
        };
        for candidate in candidates {
            let round = check::round(lesson, candidate, step_timeout)?;
            result.passed += round.passed();
            result.total += round.checked.len();
            if result.first_failing.is_none() {
                result.first_failing = round.checked.into_iter().find(|one| !one.passed());
            }
        }
        Ok(result)
    })
}

/// The texts of the watch mode's arguments, in one place.
mod texts {
    use crate::tr;
    pub fn no_file_to_watch() -> String {
        tr!("watch-no-file")
    }
}

fn homework_folder(matches: &ArgMatches) -> PathBuf {
    matches
        .get_one::<PathBuf>("dir")
        .cloned()
        .unwrap_or_else(homework::default_folder)
}

fn no_homework(lesson: Lesson, dir: &std::path::Path) -> String {
    tr!(
        "check-no-homework",
        number = lesson.number,
        dir = homework::shown(dir)
    )
}

/// The programs to check, built: from the commands, or the homework crate's. `announce`
/// says the notes (a fixed port) once. Returns them, how many did not build, and how the
/// report names them.
fn candidates(
    matches: &ArgMatches,
    lesson: Lesson,
    announce: bool,
) -> Result<(Vec<Candidate>, usize, String), String> {
    let fixed_port = matches
        .get_one::<u16>("port")
        .copied()
        .unwrap_or(check::FIXED_PORT);
    let commands = [
        (Role::Server, matches.get_one::<String>("server")),
        (Role::Client, matches.get_one::<String>("client")),
    ];
    let mut candidates = Vec::new();
    if commands.iter().any(|(_, command)| command.is_some()) {
        workspace::build(&[lesson.package()])?;
        for (role, command) in commands {
            if let Some(command) = command {
                let candidate = Candidate::command(lesson, role, command, fixed_port);
                if let (Some(port), true) = (candidate.fixed_port, announce) {
                    eprintln!(
                        "{}",
                        tr!(
                            "check-fixed-port-note",
                            command = command,
                            role = role_in_words(role),
                            port = port
                        )
                    );
                }
                candidates.push(candidate);
            }
        }
        return Ok((candidates, 0, tr!("check-your-programs")));
    }
    let dir = homework::crate_dir(&homework_folder(matches), lesson);
    if !dir.exists() {
        return Err(no_homework(lesson, &dir));
    }
    workspace::build(&[lesson.package()])?;
    // Each program on its own: one that does not build is reported, the other checked.
    let built = homework::build_each(lesson, &dir, &workspace::target_dir())?;
    let unbuilt = homework::kinds(lesson, &dir).len() - built.len();
    for kind in built {
        let name = homework::program(lesson, kind);
        let role = if kind == "server" {
            Role::Server
        } else {
            Role::Client
        };
        candidates.push(Candidate::homework(
            lesson,
            role,
            workspace::binary(&name),
            &name,
        ));
    }
    if candidates.is_empty() {
        return Err(tr!(
            "check-no-programs",
            dir = homework::shown(&dir),
            server = homework::program(lesson, "server"),
            client = homework::program(lesson, "client")
        ));
    }
    Ok((
        candidates,
        unbuilt,
        tr!("check-your-homework", dir = homework::shown(&dir)),
    ))
}

/// Prints a round's verdicts: a line per scenario, and for each failure what and why.
pub fn report(round: &Round, verbose: bool) {
    for one in &round.checked {
        if verbose {
            println!("\n{}\n", one.played.transcript);
        }
        report_one(one);
    }
    for note in round.notes() {
        println!("  {} {note}", tr!("note-prefix").cyan().bold());
    }
}

/// How much of a diff a failure shows: enough for the first differences.
const DIFF_LINES_SHOWN: usize = 60;

fn report_one(one: &Checked) {
    let name = &one.played.scenario.name;
    if one.passed() {
        println!("  {} {name}", tr!("pass").green().bold());
        return;
    }
    println!(
        "  {} {name}: {}",
        tr!("fail").red().bold(),
        one.played.scenario.summary.dimmed()
    );
    if let Some(failure) = &one.played.failure {
        println!("    {}", tr!("check-at", failure = failure.in_words()));
    }
    if let Some(difference) = &one.difference {
        println!(
            "    {}",
            tr!("check-diff-heading", section = &difference.section)
        );
        let lines: Vec<&str> = difference.diff.lines().skip(2).collect();
        for line in lines.iter().take(DIFF_LINES_SHOWN) {
            let shown = match line.chars().next() {
                Some('-') => line.red().to_string(),
                Some('+') => line.green().to_string(),
                Some('@') => line.dimmed().to_string(),
                _ => line.to_string(),
            };
            println!("      {shown}");
        }
        if lines.len() > DIFF_LINES_SHOWN {
            println!(
                "      {}",
                tr!("check-more-lines", lines = lines.len() - DIFF_LINES_SHOWN).dimmed()
            );
        }
    }
    for hint in &one.hints {
        println!("    {} {hint}", tr!("hint-prefix").yellow().bold());
    }
}

/// A role, in the runner's language: "server", "client".
fn role_in_words(role: Role) -> String {
    match role {
        Role::Server => tr!("role-server"),
        _ => tr!("role-client"),
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
