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
use crate::{eprintln, println};

/// The subcommand's arguments.
pub fn cli() -> Command {
    Command::new("check")
        .about("Check your homework (or any program) against lesson N's snapshots")
        .long_about(
            "Check your homework against lesson N's snapshots.\n\n\
             Without --server or --client: builds homework/lessonNN/ (see `cargo xtask homework \
             N`)\nand plays lesson N's conversations twice: your server with the lesson's client,\n\
             then your client with the lesson's server. Each scenario gets a verdict; a failure\n\
             shows the step, the lesson's lines (-) against yours (+), and a hint.\n\n\
             --server CMD and --client CMD check any program, in any language, the other side\n\
             being the lesson's program. CMD runs through the shell (sh -c; cmd /C on Windows)\n\
             in the current folder, with the scenario's own arguments (--name alice) after it.\n\
             `{port}` in CMD becomes the port to listen on (server) or to connect to (client).\n\
             Without `{port}`, the program is taken to use the fixed port of --port (9000, as in\n\
             the notes): a server must listen there; for a client, the runner listens there.\n\
             The scenarios then play one after another.\n\n\
             Examples:\n  cargo xtask check 4\n  \
             cargo xtask check 3 --server 'python3 examples/python/lesson03-server.py {port}'\n  \
             cargo xtask check 7 --client 'python3 my_client.py'",
        )
        .arg(
            Arg::new("N")
                .required(true)
                .value_parser(lesson_number)
                .help("The lesson, 1 to 7"),
        )
        .arg(
            Arg::new("server")
                .long("server")
                .value_name("CMD")
                .help("Check CMD as the server, with the lesson's client (`{port}`: the port)"),
        )
        .arg(
            Arg::new("client")
                .long("client")
                .value_name("CMD")
                .help("Check CMD as the client, with the lesson's server (`{port}`: the port)"),
        )
        .arg(
            Arg::new("port")
                .long("port")
                .value_name("PORT")
                .value_parser(value_parser!(u16).range(1..))
                .default_value("9000")
                .help("The port a CMD without `{port}` uses (its server listens there)"),
        )
        .arg(
            Arg::new("dir")
                .long("dir")
                .value_name("DIR")
                .value_parser(value_parser!(PathBuf))
                .help("The folder of homework crates [default: homework/ in the kit]"),
        )
        .arg(
            Arg::new("watch")
                .long("watch")
                .short('w')
                .action(ArgAction::SetTrue)
                .help("Check again at every change of your program's source, until Ctrl-C"),
        )
        .arg(
            Arg::new("poll")
                .long("poll")
                .requires("watch")
                .action(ArgAction::SetTrue)
                .help("With --watch: look for changes every second instead of asking the system (WSL 2 on a Windows folder, a network share)"),
        )
        .arg(
            Arg::new("verbose")
                .long("verbose")
                .short('v')
                .action(ArgAction::SetTrue)
                .help("Show every scenario's whole transcript"),
        )
}

/// The lesson to check: a number from 1 to 7, said plainly when it is not one.
pub fn lesson_number(text: &str) -> Result<u8, String> {
    match text.parse::<u8>() {
        Ok(number @ 1..=7) => Ok(number),
        Ok(8) => Err(
            "lesson 8 has no homework to check: its cases are errors to read, \
                      played by `cargo xtask lesson 8`"
                .to_owned(),
        ),
        Ok(_) => Err("there is no such lesson: give a lesson from 1 to 7".to_owned()),
        Err(_) => Err("not a lesson number: give a lesson from 1 to 7".to_owned()),
    }
}

/// Builds what is needed, plays the rounds, prints the verdicts.
pub fn run(matches: &ArgMatches, step_timeout: Duration) -> ExitCode {
    match check(matches, step_timeout) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(message) => {
            eprintln!("{} {message}", "error:".red().bold());
            ExitCode::FAILURE
        }
    }
}

fn check(matches: &ArgMatches, step_timeout: Duration) -> Result<bool, String> {
    let number = matches.get_one::<u8>("N").copied().unwrap_or(1);
    let lesson = Lesson::find(number).ok_or_else(|| format!("there is no lesson {number}"))?;
    homework::writable(lesson)?;
    if matches.get_flag("watch") {
        return check_on_every_change(matches, lesson, step_timeout).map(|()| true);
    }
    let (candidates, unbuilt, what) = candidates(matches, lesson, true)?;
    println!(
        "{}",
        format!("Checking {what} against {}", lesson.heading()).bold()
    );
    let verbose = matches.get_flag("verbose");
    // Verbose: a Rust program's panic keeps the backtrace the user's RUST_BACKTRACE asks for.
    crate::engine::process::KEEP_BACKTRACE.store(verbose, std::sync::atomic::Ordering::Relaxed);
    let (mut passed, mut total) = (0, 0);
    for candidate in candidates {
        let other = match candidate.role {
            Role::Server => "client",
            _ => "server",
        };
        println!(
            "\n{} with the lesson's {other}:",
            capitalised(&candidate.label)
        );
        let round = check::round(lesson, candidate, step_timeout)?;
        report(&round, verbose);
        passed += round.passed();
        total += round.checked.len();
    }
    let mut summary = format!("{}: {passed} of {total} scenarios passed", lesson.heading());
    if unbuilt > 0 {
        summary.push_str(&format!(", and {unbuilt} of your programs did not build"));
    }
    println!();
    if passed == total && unbuilt == 0 {
        println!("{}", summary.green().bold());
    } else {
        println!("{}", summary.red().bold());
        println!("See the whole transcripts with: cargo xtask check {number} --verbose");
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
            return Err(texts::NO_FILE_TO_WATCH.to_owned());
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
    pub const NO_FILE_TO_WATCH: &str = "--watch needs a file to watch: name your program's \
        source in the command (`python3 server.py {port}`), or check your homework crate";
}

fn homework_folder(matches: &ArgMatches) -> PathBuf {
    matches
        .get_one::<PathBuf>("dir")
        .cloned()
        .unwrap_or_else(homework::default_folder)
}

fn no_homework(lesson: Lesson, dir: &std::path::Path) -> String {
    format!(
        "no homework for lesson {n} in {}: start it with `cargo xtask homework {n}`",
        homework::shown(dir),
        n = lesson.number
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
                        "note: `{command}` has no `{{port}}`: your {} is taken to use the fixed \
                         port {port} (--port), and the scenarios play one after another",
                        role.as_str()
                    );
                }
                candidates.push(candidate);
            }
        }
        return Ok((candidates, 0, "your programs".to_owned()));
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
        return Err(format!(
            "{} has no {} nor {} in src/bin/",
            homework::shown(&dir),
            homework::program(lesson, "server"),
            homework::program(lesson, "client")
        ));
    }
    Ok((
        candidates,
        unbuilt,
        format!("your homework ({})", homework::shown(&dir)),
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
}

/// How much of a diff a failure shows: enough for the first differences.
const DIFF_LINES_SHOWN: usize = 60;

fn report_one(one: &Checked) {
    let name = &one.played.scenario.name;
    if one.passed() {
        println!("  {} {name}", "PASS".green().bold());
        return;
    }
    println!(
        "  {} {name}: {}",
        "FAIL".red().bold(),
        one.played.scenario.summary.dimmed()
    );
    if let Some(failure) = &one.played.failure {
        println!("    at {failure}");
    }
    if let Some(difference) = &one.difference {
        println!(
            "    the lesson's transcript (-) against this run's (+), first in `{}`:",
            difference.section
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
                format!(
                    "… {} more lines (--verbose shows the whole transcript)",
                    lines.len() - DIFF_LINES_SHOWN
                )
                .dimmed()
            );
        }
    }
    for hint in &one.hints {
        println!("    {} {hint}", "hint:".yellow().bold());
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
