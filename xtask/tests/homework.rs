//! `cargo xtask homework N` and the student's loop: start from lesson N-1, check, edit, check.
//!
//! The homework crates are written in temporary folders (never in the kit's `homework/`,
//! where a student's work may be) and built into a target folder of their own.

mod bound;

use assert_cmd::Command;
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;
use std::path::{Path, PathBuf};
use xtask::catalog::Lesson;
use xtask::check::{self, Candidate, Round};
use xtask::homework;
use xtask::play;
use xtask::scenario::Role;
use xtask::workspace;

/// A temporary folder, removed when dropped.
struct Folder(PathBuf);

impl Folder {
    fn new(name: &str) -> Folder {
        let path = std::env::temp_dir().join(format!("xtask-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        Folder(path)
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn lesson(number: u8) -> Lesson {
    Lesson::find(number).expect("a lesson of the catalog")
}

fn xtask() -> Command {
    let mut command = Command::cargo_bin("xtask").expect("the xtask binary");
    // The runner in English whatever the machine's locale: the tests read its words.
    command.timeout(bound::COMMAND).env("LC_ALL", "C.UTF-8");
    command
}

#[test]
fn a_homework_is_never_written_over() {
    let folder = Folder::new("homework-twice");
    let dir = homework::create(lesson(4), &folder.0).expect("the first time, it is written");
    let server = dir.join("src/bin/homework04-server.rs");
    let text = std::fs::read_to_string(&server).expect("the starter exists");
    assert!(
        text.contains("TODO: Serve one client after another"),
        "{text}"
    );
    assert!(text.contains("fn chat("), "lesson 03's code: {text}");
    std::fs::write(&server, "// my work\n").expect("the student edits");
    let refused = homework::create(lesson(4), &folder.0).expect_err("the second time, refused");
    assert!(refused.contains("already exists"), "{refused}");
    assert_eq!(
        std::fs::read_to_string(&server).expect("still there"),
        "// my work\n"
    );
    // The command says so in one line, and fails.
    xtask()
        .args(["homework", "4", "--dir"])
        .arg(&folder.0)
        .env("NO_COLOR", "1")
        .assert()
        .failure()
        .stderr(contains("already exists").and(contains("your work there is kept")))
        .stderr(predicates::function::function(|err: &str| {
            err.lines().count() == 1
        }));
}

#[test]
fn lesson_8_has_no_homework() {
    let error = homework::create(lesson(8), Path::new("unused")).expect_err("refused");
    assert!(error.contains("no server or client to write"), "{error}");
    xtask()
        .args(["homework", "8"])
        .assert()
        .failure()
        .stderr(contains("no server or client to write"));
}

#[test]
fn check_without_a_homework_says_how_to_start_one() {
    let folder = Folder::new("homework-none");
    xtask()
        .args(["check", "4", "--dir"])
        .arg(&folder.0)
        .env("NO_COLOR", "1")
        .assert()
        .failure()
        .stderr(contains("no homework for lesson 4").and(contains("cargo xtask homework 4")));
}

/// Builds a homework crate into the tests' own target folder, and checks one of its programs.
fn check_homework(dir: &Path, lesson: Lesson, role: Role) -> Round {
    let target = workspace::target_dir().join("homework-tests");
    homework::build(dir, &target).expect("the homework builds");
    workspace::build(&[lesson.package()]).expect("the lesson builds");
    let name = homework::program(lesson, role.as_str());
    let executable = target
        .join("debug")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    let candidate = Candidate::homework(lesson, role, executable, &name);
    let round = bound::within(bound::PLAY, "checking the homework", move || {
        check::round(lesson, candidate, play::STEP_TIMEOUT).expect("plays")
    });
    for one in &round.checked {
        for program in &one.played.record.programs {
            assert!(program.is_finished(), "{} left running", program.name);
        }
    }
    round
}

#[test]
fn the_students_loop_from_todo_to_pass() {
    let folder = Folder::new("homework-loop");
    let lesson = lesson(4);
    let dir = homework::create(lesson, &folder.0).expect("written");

    // Untouched, the server is lesson 03's: it ends after the first chat.
    let round = check_homework(&dir, lesson, Role::Server);
    let one = &round.checked[0];
    assert_eq!(one.played.scenario.name, "two-clients");
    assert!(!one.passed());
    assert!(
        one.hints
            .iter()
            .any(|hint| hint.contains("ended on its own (exit code 0)")
                && hint.contains("accepts the next client")),
        "{:#?}",
        one.hints
    );
    // The client needs no change in lesson 04: it passes as it is.
    let round = check_homework(&dir, lesson, Role::Client);
    assert!(!round.checked.is_empty(), "lesson 04 has scenarios");
    assert_eq!(round.passed(), round.checked.len(), "{:#?}", round.checked);

    // The student writes the accept loop (here: the lesson's own answer), and checks again.
    let answer = std::fs::read_to_string(lesson.dir().join("src/bin/lesson04-server.rs"))
        .expect("the lesson's server");
    std::fs::write(dir.join("src/bin/homework04-server.rs"), answer).expect("edited");
    let round = check_homework(&dir, lesson, Role::Server);
    for one in &round.checked {
        assert!(one.passed(), "{:?}\n{}", one.hints, one.played.transcript);
    }
}

#[test]
fn lesson_1_starts_from_a_skeleton_that_builds_and_fails_with_a_hint() {
    let folder = Folder::new("homework-skeleton");
    let lesson = lesson(1);
    let dir = homework::create(lesson, &folder.0).expect("written");
    let server = std::fs::read_to_string(dir.join("src/bin/homework01-server.rs")).expect("there");
    assert!(
        server.contains("TODO: Write lesson 01's server")
            && server.contains("//! It starts from nothing"),
        "{server}"
    );
    let round = check_homework(&dir, lesson, Role::Server);
    let one = &round.checked[0];
    assert!(!one.passed());
    assert!(
        one.hints[0].starts_with("Connection refused")
            && one.hints[0].contains("your server had already exited (exit code 0)"),
        "{:#?}",
        one.hints
    );
}

/// The words of a command line, single quotes grouping (`--server 'python3 s.py {port}'`).
fn words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '\'' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

#[test]
fn the_docs_show_the_tool_as_it_is() {
    let cli = clap::Command::new("cargo xtask")
        .subcommand(xtask::commands::homework::cli())
        .subcommand(xtask::commands::check::cli());
    let mut seen = 0;
    for doc in [
        "README.md",
        "docs/src/homework.md",
        "docs/src/zh/homework.md",
        "xtask/README.md",
    ] {
        let text = std::fs::read_to_string(workspace::root().join(doc)).expect("the page");
        for line in text.lines() {
            for (at, _) in line.match_indices("cargo xtask ") {
                let rest = &line[at + "cargo xtask ".len()..];
                // The command ends with its inline code, or where a comment starts.
                let command = rest.split(['`', '#']).next().unwrap_or_default();
                if !(command.starts_with("homework") || command.starts_with("check")) {
                    continue;
                }
                let mut args = vec!["cargo xtask".to_owned()];
                args.extend(words(&command.replace("N", "4").replace("CMD", "'cmd'")));
                if let Err(error) = cli.clone().try_get_matches_from(&args) {
                    panic!("{doc}: `{command}` is not a command of the tool: {error}");
                }
                seen += 1;
            }
            for (at, _) in line.match_indices("examples/python/") {
                let path: String = line[at..]
                    .chars()
                    .take_while(|c| !c.is_whitespace() && !"`'),".contains(*c))
                    .collect();
                if path.ends_with(".py") {
                    assert!(workspace::root().join(&path).exists(), "{doc}: {path}");
                }
            }
        }
    }
    assert!(
        seen >= 8,
        "the pages show the homework loop ({seen} commands)"
    );
}

#[test]
fn every_starter_builds() {
    // Lessons 1 and 4 are built by the tests above, into the same target folder.
    let folder = Folder::new("homework-all");
    let target = workspace::target_dir().join("homework-tests");
    for number in [2, 3, 5, 6, 7, 9, 10, 11] {
        let lesson = lesson(number);
        let dir = homework::create(lesson, &folder.0).expect("written");
        homework::build(&dir, &target).unwrap_or_else(|error| panic!("{number}: {error}"));
        for kind in ["server", "client"] {
            let name = homework::program(lesson, kind);
            let binary = target
                .join("debug")
                .join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
            assert!(binary.exists(), "{}", binary.display());
        }
    }
}

/// Lessons 09 and 11 start from the lesson they extend (04's chat, 07's UDP chat): the
/// starter fails the lesson's checks, and the lesson's own programs, checked as any
/// program is (a command), pass them all.
#[test]
fn the_lessons_beyond_the_notes_start_from_the_lesson_they_extend() {
    let folder = Folder::new("homework-beyond");
    for (number, from, failing) in [(9, 4, "lines-cut-by-the-wire"), (11, 7, "one-exchange")] {
        let lesson = lesson(number);
        let dir = homework::create(lesson, &folder.0).expect("written");
        let starter = std::fs::read_to_string(dir.join(format!(
            "src/bin/{}.rs",
            homework::program(lesson, "server")
        )))
        .expect("the starter");
        assert!(
            starter.contains(&format!("It starts as lesson {from:02}'s server")),
            "{starter}"
        );
        let round = check_homework(&dir, lesson, Role::Server);
        let one = round
            .checked
            .iter()
            .find(|one| one.played.scenario.name == failing)
            .expect("the scenario");
        assert!(!one.passed(), "{}", one.played.transcript);

        let own = workspace::binary(&lesson.program("server"));
        let command = format!("'{}' --port {{port}}", own.display());
        let candidate = Candidate::command(lesson, Role::Server, &command, check::FIXED_PORT);
        let round = bound::within(bound::PLAY, "checking the lesson's own server", move || {
            check::round(lesson, candidate, play::STEP_TIMEOUT).expect("plays")
        });
        for one in &round.checked {
            assert!(one.passed(), "{:?}\n{}", one.hints, one.played.transcript);
        }
    }
}
