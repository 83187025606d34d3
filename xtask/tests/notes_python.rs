//! The notes' Python programs, restored in `examples/python/`, hold to what their headers
//! say: a chat program passes `cargo xtask check N` where the notes' code is right, and
//! fails first at the scenario its header names where it is not (with the hint that names
//! the cause); each lesson-08 case ends with the exception its header shows.
//!
//! These need `python3`. Without it they fail where `CI` is set, and elsewhere say on
//! standard error that they did not run.

mod tools;

use std::path::PathBuf;
use std::process::Command;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use xtask::catalog::Lesson;
use xtask::check::{self, Candidate, Round};
use xtask::scenario::Role;
use xtask::workspace;

/// The upper bound of one round of `check` (every scenario of a lesson, with one program
/// checked): far above what a round takes, so that only a hang reaches it.
const ROUND_BOUND: Duration = Duration::from_secs(120);

/// The upper bound of one run of a lesson-08 case file (the longest waits 1 s).
const CASE_BOUND: Duration = Duration::from_secs(20);

/// The widest line a file may have, in columns (a CJK character takes two): the book
/// shows these files, and wider lines are cut off on a projector.
const WIDEST_LINE: usize = 84;

/// What `check` says of one of the notes' chat programs.
struct Notes {
    lesson: u8,
    role: Role,
    /// Where the notes' code is wrong: the first scenario that fails, and how the first
    /// hint for it starts (the cause, named first). `None`: every scenario passes.
    fails: Option<(&'static str, &'static str)>,
}

const VERDICTS: &[Notes] = &[
    Notes {
        lesson: 1,
        role: Role::Server,
        fails: None,
    },
    Notes {
        lesson: 1,
        role: Role::Client,
        fails: Some(("refused-after-close", "Your late-client crashed")),
    },
    Notes {
        lesson: 2,
        role: Role::Server,
        fails: Some(("three-rounds", "Your server printed an empty line")),
    },
    Notes {
        lesson: 2,
        role: Role::Client,
        fails: Some(("three-rounds", "Your client crashed")),
    },
    Notes {
        lesson: 3,
        role: Role::Server,
        fails: None,
    },
    Notes {
        lesson: 3,
        role: Role::Client,
        fails: None,
    },
    Notes {
        lesson: 4,
        role: Role::Server,
        fails: Some(("client-killed", "Your server printed an empty line")),
    },
    Notes {
        lesson: 4,
        role: Role::Client,
        fails: None,
    },
    Notes {
        lesson: 5,
        role: Role::Server,
        fails: Some(("two-friends", "Q not recognised")),
    },
    Notes {
        lesson: 5,
        role: Role::Client,
        fails: None,
    },
    Notes {
        lesson: 6,
        role: Role::Server,
        fails: Some(("two-friends-two-colours", "Q not recognised")),
    },
    Notes {
        lesson: 6,
        role: Role::Client,
        fails: None,
    },
    Notes {
        lesson: 7,
        role: Role::Server,
        fails: Some(("one-client", "Q not recognised")),
    },
    Notes {
        lesson: 7,
        role: Role::Client,
        fails: None,
    },
];

fn lesson(number: u8) -> Lesson {
    Lesson::find(number).expect("a lesson of the catalog")
}

/// Whether `python3` runs here. Where it does not: a failure when `CI` is set, else a
/// line on standard error saying what did not run.
fn python3() -> bool {
    tools::available("python3", "the notes' Python programs")
}

fn examples() -> PathBuf {
    workspace::root().join("examples/python")
}

/// The notes' program of a chat lesson.
fn notes_file(number: u8, role: Role) -> String {
    format!("lesson{number:02}-{}.py", role.as_str())
}

/// A file's header, the comment lines it starts with, joined into one text.
fn header(file: &str) -> String {
    let path = examples().join(file);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("reading {}: {error}", path.display()));
    header_of(&text)
}

fn header_of(text: &str) -> String {
    text.lines()
        .map_while(|line| line.strip_prefix('#'))
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The scenario a header says the program fails first: "Fails `NAME`".
fn documented_failure(header: &str) -> Option<&str> {
    let (_, after) = header.split_once("Fails `")?;
    after.split_once('`').map(|(name, _)| name)
}

/// The command a header gives for `check`: the CMD of `cargo xtask check N --ROLE 'CMD'`.
fn documented_command(header: &str, number: u8, role: Role) -> Option<&str> {
    let start = format!("cargo xtask check {number} --{} '", role.as_str());
    let (_, after) = header.split_once(&start)?;
    after.split_once('\'').map(|(command, _)| command)
}

#[test]
fn the_header_readers_find_the_failure_and_the_command() {
    let text = "# Lesson 04, the server.\n# Passes `two-clients`. Fails\n# `client-killed`: a \
                reason.\n# Check it:\n#   cargo xtask check 4 --server 'python3 s.py {port}'\n\
                import socket\n# not the header\n";
    let header = header_of(text);
    assert_eq!(documented_failure(&header), Some("client-killed"));
    assert_eq!(
        documented_command(&header, 4, Role::Server),
        Some("python3 s.py {port}")
    );
    assert_eq!(documented_command(&header, 4, Role::Client), None);
    assert_eq!(documented_failure("Passes both scenarios."), None);
    assert!(!header.contains("not the header"));
}

/// Runs `work` on a thread of its own and waits for it at most `bound`.
fn bounded<T: Send + 'static>(
    what: &str,
    bound: Duration,
    work: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = sender.send(work());
    });
    match receiver.recv_timeout(bound) {
        Ok(value) => value,
        Err(RecvTimeoutError::Timeout) => panic!("{what} took more than {bound:?}"),
        Err(RecvTimeoutError::Disconnected) => panic!("{what} failed (see above)"),
    }
}

/// Plays a round of lesson N's scenarios with `command` as its server or client.
fn round(number: u8, role: Role, command: String, fixed_port: Option<u16>) -> Round {
    let lesson = lesson(number);
    workspace::build(&[lesson.package()]).expect("the lesson builds");
    let what = format!("checking `{command}`");
    let round = bounded(&what, ROUND_BOUND, move || {
        let port = fixed_port.unwrap_or(check::FIXED_PORT);
        let candidate = Candidate::command(lesson, role, &command, port);
        // The default step bound: Python starts slower than the lessons' programs.
        check::round(lesson, candidate, xtask::play::STEP_TIMEOUT).expect("the round plays")
    });
    for one in &round.checked {
        for program in &one.played.record.programs {
            assert!(
                program.is_finished(),
                "{} of {} was left running",
                program.name,
                one.played.snapshot
            );
        }
    }
    round
}

/// Asserts a round's verdicts: all passed, or the first failure and its first hint.
fn assert_verdicts(round: &Round, expected: Option<(&str, &str)>) {
    let label = &round.candidate.label;
    let first_failure = round.checked.iter().find(|one| !one.passed());
    match (expected, first_failure) {
        (None, None) => {}
        (None, Some(one)) => panic!(
            "{label} fails {}: {:#?}\n{}",
            one.played.scenario.name, one.hints, one.played.transcript
        ),
        (Some((scenario, _)), None) => panic!("{label} passes, but should fail {scenario}"),
        (Some((scenario, hint)), Some(one)) => {
            assert_eq!(
                one.played.scenario.name, scenario,
                "{label}: the first scenario that fails\n{}",
                one.played.transcript
            );
            let first = one.hints.first().map(String::as_str).unwrap_or_default();
            assert!(
                first.starts_with(hint),
                "{label}, {scenario}: first hint {first:?}, all: {:#?}\n{}",
                one.hints,
                one.played.transcript
            );
        }
    }
}

/// What the table says of a program.
fn expected(number: u8, role: Role) -> Option<(&'static str, &'static str)> {
    VERDICTS
        .iter()
        .find(|notes| notes.lesson == number && notes.role == role)
        .map(|notes| notes.fails)
        .expect("every chat program is in the table")
}

/// The notes' server and client of lesson N: their headers give the command to check
/// them and the scenario they fail first, and `check` agrees.
fn notes_programs(number: u8) {
    if !python3() {
        return;
    }
    for role in [Role::Server, Role::Client] {
        let file = notes_file(number, role);
        let header = header(&file);
        assert_eq!(
            documented_command(&header, number, role),
            Some(format!("python3 examples/python/{file} {{port}}").as_str()),
            "the command in the header of {file}"
        );
        let expected = expected(number, role);
        assert_eq!(
            documented_failure(&header),
            expected.map(|(scenario, _)| scenario),
            "the scenario the header of {file} says it fails first"
        );
        // The header's command, from the kit's folder; the tests run in xtask/.
        let command = format!("python3 '{}' {{port}}", examples().join(&file).display());
        assert_verdicts(&round(number, role, command, None), expected);
    }
}

#[test]
fn the_notes_lesson01_programs() {
    notes_programs(1);
}

#[test]
fn the_notes_lesson02_programs() {
    notes_programs(2);
}

#[test]
fn the_notes_lesson03_programs() {
    notes_programs(3);
}

#[test]
fn the_notes_lesson04_programs() {
    notes_programs(4);
}

#[test]
fn the_notes_lesson05_programs() {
    notes_programs(5);
}

#[test]
fn the_notes_lesson06_programs() {
    notes_programs(6);
}

#[test]
fn the_notes_lesson07_programs() {
    notes_programs(7);
}

/// A free port below the ephemeral range, for programs that always use the same one: kept
/// from every other runner and test process (the runner's own reservation).
fn free_udp_port() -> u16 {
    xtask::engine::ports::pick()
}

#[test]
fn the_notes_udp_programs_give_the_same_verdicts_on_a_fixed_port() {
    if !python3() {
        return;
    }
    // No `{port}`: the program's own port, as a notes program with 9000 written in it.
    // (Over UDP no connection lingers in TIME_WAIT, so a fixed port is safe to reuse.)
    let port = free_udp_port();
    for role in [Role::Server, Role::Client] {
        let path = examples().join(notes_file(7, role));
        let command = format!("python3 '{}' {port}", path.display());
        let round = round(7, role, command, Some(port));
        assert_eq!(round.candidate.fixed_port, Some(port));
        assert_verdicts(&round, expected(7, role));
    }
}

#[test]
fn the_command_line_passes_the_notes_program() {
    if !python3() {
        return;
    }
    let path = examples().join(notes_file(3, Role::Client));
    assert_cmd::Command::cargo_bin("xtask")
        .expect("the xtask binary")
        .env("LC_ALL", "C.UTF-8")
        .args(["check", "3", "--client"])
        .arg(format!("python3 '{}' {{port}}", path.display()))
        .env("NO_COLOR", "1")
        .timeout(ROUND_BOUND)
        .assert()
        .success()
        .stdout(predicates::str::contains("2 of 2 scenarios passed"));
}

/// The lesson-08 case files: `lesson08-CASE.py`.
fn case_files() -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(examples())
        .expect("examples/python/")
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.starts_with("lesson08-") && name.ends_with(".py"))
        .collect();
    files.sort();
    files
}

/// One run a case file's header shows: its arguments, and what it ends with.
#[derive(Debug)]
struct CaseRun {
    args: Vec<String>,
    /// `NAME: message`, the traceback's last line; or `prints: TEXT` for a run that ends
    /// well.
    ends_with: String,
}

/// The runs a header shows: `#   python3 examples/python/FILE ARGS` and, on the next line,
/// `#     WHAT IT ENDS WITH`.
fn case_runs(text: &str, file: &str) -> Vec<CaseRun> {
    let command = format!("#   python3 examples/python/{file}");
    let lines: Vec<&str> = text
        .lines()
        .take_while(|line| line.starts_with('#'))
        .collect();
    lines
        .windows(2)
        .filter_map(|pair| {
            let args = pair[0].strip_prefix(&command)?;
            let ends_with = pair[1].strip_prefix("#     ")?;
            Some(CaseRun {
                args: args.split_whitespace().map(String::from).collect(),
                ends_with: ends_with.trim().to_owned(),
            })
        })
        .collect()
}

/// The names `lesson08-cases --list` gives, its first column.
fn kit_case_names() -> Vec<String> {
    workspace::build(&["lesson08".into()]).expect("lesson 08 builds");
    let output = assert_cmd::Command::new(workspace::binary("lesson08-cases"))
        .arg("--list")
        .timeout(CASE_BOUND)
        .output()
        .expect("lesson08-cases runs");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| line.split_whitespace().next().map(String::from))
        .collect()
}

#[test]
fn the_notes_lesson08_cases_end_as_their_headers_say() {
    if !python3() {
        return;
    }
    let files = case_files();
    assert!(files.len() >= 8, "the notes show eight cases: {files:?}");
    let kit_cases = kit_case_names();
    // Where the header's wording is Python 3.11's on Linux, the whole line must match too.
    let version = Command::new("python3").arg("--version").output();
    let exact = cfg!(target_os = "linux")
        && version.is_ok_and(|out| String::from_utf8_lossy(&out.stdout).starts_with("Python 3.11"));
    for file in files {
        let case = file
            .strip_prefix("lesson08-")
            .and_then(|rest| rest.strip_suffix(".py"))
            .expect("lesson08-CASE.py");
        assert!(
            kit_cases.iter().any(|name| name == case),
            "{file} is named after a case of lesson08-cases ({kit_cases:?})"
        );
        let path = examples().join(&file);
        let text = std::fs::read_to_string(&path).expect("the case file");
        assert!(
            header_of(&text).contains(&format!("case `{case}`")),
            "the header of {file} names its case"
        );
        let runs = case_runs(&text, &file);
        assert!(!runs.is_empty(), "the header of {file} shows a run");
        for run in runs {
            let output = assert_cmd::Command::new("python3")
                .arg(&path)
                .args(&run.args)
                .timeout(CASE_BOUND)
                .output()
                .expect("python3 runs");
            let stdout = String::from_utf8_lossy(&output.stdout);
            let stderr = String::from_utf8_lossy(&output.stderr);
            let shown = format!("{file} {:?}: {output:?}\n{stdout}{stderr}", run.args);
            if let Some(printed) = run.ends_with.strip_prefix("prints: ") {
                assert!(output.status.success(), "{shown}");
                assert_eq!(stdout.trim_end(), printed, "{shown}");
                continue;
            }
            assert_eq!(output.status.code(), Some(1), "{shown}");
            let (name, _) = run
                .ends_with
                .split_once(':')
                .expect("NAME: message in the header");
            let last = stderr.lines().last().unwrap_or_default();
            assert!(last.starts_with(&format!("{name}:")), "{shown}");
            if exact {
                assert_eq!(last, run.ends_with, "{shown}");
            }
        }
    }
}

/// Columns a line takes on a terminal: the book's own measure (two for a wide character).
fn columns(line: &str) -> usize {
    xtask::book::fit::columns(line)
}

#[test]
fn the_notes_python_fits_the_books_width_and_is_listed_in_the_readme() {
    assert_eq!(columns("sk.listen()  # 监听链接"), 23);
    assert_eq!(columns("，。"), 4);
    let readme = std::fs::read_to_string(examples().join("README.md")).expect("README.md");
    let mut files: Vec<String> = (1..=7)
        .flat_map(|n| [notes_file(n, Role::Server), notes_file(n, Role::Client)])
        .collect();
    files.extend(case_files());
    for file in files {
        let text = std::fs::read_to_string(examples().join(&file))
            .unwrap_or_else(|error| panic!("{file}: {error}"));
        for (number, line) in text.lines().enumerate() {
            assert!(
                columns(line) <= WIDEST_LINE,
                "{file}:{}: {} columns, more than {WIDEST_LINE}: {line}",
                number + 1,
                columns(line)
            );
        }
        assert!(
            readme.contains(&format!("`{file}`")),
            "README.md lists {file}"
        );
    }
}
