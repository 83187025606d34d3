//! Grading a class: every student's submission checked as `cargo xtask check` would check
//! it, with the limits of untrusted code, into results other tools can read.
//!
//! A class folder holds one folder per student (`DIR/STUDENT/`), each with at least one of:
//! a homework crate as `cargo xtask homework N` makes it (in the student's folder, or in
//! `STUDENT/lessonNN/`); `server.py` and/or `client.py` (run with `python3 FILE PORT`);
//! `server.js` and/or `client.js` (`node FILE PORT`). For each role the first found in that
//! order is graded. Whatever a submission does (not build, hang, flood, crash) becomes its
//! row: grading one never stops the others.

pub mod build;
pub mod results;

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::catalog::Lesson;
use crate::check::{self, Candidate, Checked};
use crate::engine::record::ProgramRecord;
use crate::scenario::{self, Role, Scenario};

/// How a program of a submission is run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A binary of a homework crate (`src/bin/homework04-server.rs` of the crate there).
    Crate(PathBuf),
    /// A Python file, run with `python3 FILE PORT`.
    Python(PathBuf),
    /// A JavaScript file, run with `node FILE PORT`.
    Node(PathBuf),
}

/// One program of a submission: the role it plays and how it is run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Server or client.
    pub role: Role,
    /// Where it is.
    pub source: Source,
}

/// A student's submission, as found in the class folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission {
    /// The student: the folder's name.
    pub student: String,
    /// The student's folder.
    pub dir: PathBuf,
    /// The programs found, server first.
    pub entries: Vec<Entry>,
}

/// The texts this module shows, in one place (the message catalogue takes them later).
mod text {
    use crate::tr;
    pub fn nothing_found() -> String {
        tr!("grade-nothing-found")
    }
    pub fn not_a_folder() -> String {
        tr!("grade-not-a-folder")
    }
    pub fn does_not_build(program: &str) -> String {
        tr!("grade-does-not-build", program = program)
    }
    pub fn not_played(error: &str) -> String {
        tr!("grade-not-played", error = error)
    }
    pub fn panicked() -> String {
        tr!("grade-panicked")
    }
    /// Exercism's own words for a cut output, kept as its runners write them.
    pub const OUTPUT_TRUNCATED: &str = "\n[Output was truncated. Please limit to 500 chars]";
}

/// The submissions in a class folder, by student name; hidden folders (`.git`) and files
/// are not students.
pub fn find(class: &Path, lesson: Lesson) -> Result<Vec<Submission>, String> {
    let entries = std::fs::read_dir(class)
        .map_err(|error| format!("{} {}: {error}", class.display(), text::not_a_folder()))?;
    let mut found: Vec<Submission> = entries
        .filter_map(Result::ok)
        .filter(|entry| entry.path().is_dir())
        .filter_map(|entry| {
            let student = entry.file_name().to_str()?.to_owned();
            (!student.starts_with('.')).then(|| submission(&student, &entry.path(), lesson))
        })
        .collect();
    found.sort_by(|a, b| a.student.cmp(&b.student));
    Ok(found)
}

/// What a student's folder holds, for each role the first of: the crate's binary, the
/// Python file, the JavaScript file.
pub fn submission(student: &str, dir: &Path, lesson: Lesson) -> Submission {
    let crate_dir = [dir.to_path_buf(), crate::homework::crate_dir(dir, lesson)]
        .into_iter()
        .find(|candidate| candidate.join("Cargo.toml").is_file());
    let mut entries = Vec::new();
    for role in [Role::Server, Role::Client] {
        let kind = role.as_str();
        let binary = crate_dir.as_ref().filter(|crate_dir| {
            crate_dir
                .join("src/bin")
                .join(format!("{}.rs", crate::homework::program(lesson, kind)))
                .is_file()
        });
        let source = if let Some(crate_dir) = binary {
            Some(Source::Crate(crate_dir.clone()))
        } else if dir.join(format!("{kind}.py")).is_file() {
            Some(Source::Python(dir.join(format!("{kind}.py"))))
        } else if dir.join(format!("{kind}.js")).is_file() {
            Some(Source::Node(dir.join(format!("{kind}.js"))))
        } else {
            None
        };
        if let Some(source) = source {
            entries.push(Entry { role, source });
        }
    }
    Submission {
        student: student.to_owned(),
        dir: dir.to_path_buf(),
        entries,
    }
}

/// How one test (a scenario of one role) ended, in Exercism's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// It passed.
    Pass,
    /// It was played and failed.
    Fail,
    /// It could not be played: the program does not build, or the runner failed.
    Error,
}

impl Status {
    /// `pass`, `fail` or `error`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Error => "error",
        }
    }
}

/// One scenario played with one of the student's programs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Test {
    /// `server: two-clients`.
    pub name: String,
    /// How it ended.
    pub status: Status,
    /// Why it failed: the step, the first differences, the hints.
    pub message: Option<String>,
    /// What the student's program printed, at most 500 characters.
    pub output: Option<String>,
    /// The scenario's steps, as written in its file.
    pub test_code: String,
    /// The first hint (or, for a program that does not build, the compiler's first error).
    pub hint: Option<String>,
    /// Whether it failed because a wait's bound ran out: the one failure a busy machine
    /// can cause to a correct program (the other verdicts come from events, not from time).
    pub timed_out: bool,
}

/// A submission graded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Graded {
    /// The student.
    pub student: String,
    /// What was graded (`server.py`, `homework04-client`), server first.
    pub programs: Vec<String>,
    /// Every scenario of every role graded, servers' first, in the scenario file's order.
    pub tests: Vec<Test>,
    /// Why nothing could be graded at all (nothing found).
    pub error: Option<String>,
}

impl Graded {
    /// How many tests passed.
    pub fn passed(&self) -> usize {
        self.tests
            .iter()
            .filter(|test| test.status == Status::Pass)
            .count()
    }

    /// Whether a test failed on a bound that ran out: worth a second look on a quieter
    /// machine (`commands::grade::grade_all` grades it again, alone).
    pub fn needs_second_look(&self) -> bool {
        self.tests.iter().any(|test| test.timed_out)
    }

    /// The first test that did not pass.
    pub fn first_failing(&self) -> Option<&Test> {
        self.tests.iter().find(|test| test.status != Status::Pass)
    }

    /// Exercism's overall status: `error` when no test could be played, else `pass` when
    /// every one passed, else `fail`.
    pub fn status(&self) -> Status {
        if self.error.is_some() || self.tests.iter().all(|test| test.status == Status::Error) {
            Status::Error
        } else if self.tests.iter().all(|test| test.status == Status::Pass) {
            Status::Pass
        } else {
            Status::Fail
        }
    }

    /// The top-level message: why nothing ran (for `error`).
    pub fn message(&self) -> Option<String> {
        if self.status() != Status::Error {
            return None;
        }
        self.error
            .clone()
            .or_else(|| self.tests.first().and_then(|test| test.message.clone()))
    }
}

/// Grades one submission: builds what needs building (`build_dir`: this submission's own
/// scratch folder), plays a round per program. Never fails: every problem becomes a test's
/// or the submission's error.
pub fn grade(
    lesson: Lesson,
    submission: &Submission,
    step_timeout: Duration,
    build_dir: &Path,
) -> Graded {
    let mut graded = Graded {
        student: submission.student.clone(),
        programs: Vec::new(),
        tests: Vec::new(),
        error: None,
    };
    if submission.entries.is_empty() {
        graded.error = Some(text::nothing_found().to_owned());
        return graded;
    }
    let scenarios = match scenario::load(&lesson.scenario_file()) {
        Ok(scenarios) => scenarios,
        Err(error) => {
            graded.error = Some(error);
            return graded;
        }
    };
    // The crate's binaries, built once for both roles.
    let built = submission
        .entries
        .iter()
        .find_map(|entry| match &entry.source {
            Source::Crate(dir) => Some(build::build(lesson, dir, build_dir)),
            _ => None,
        });
    // Each program's tests: played (a candidate), or already settled (it does not build).
    let mut rounds: Vec<(Role, Result<Candidate, Vec<Test>>)> = Vec::new();
    for entry in &submission.entries {
        let kind = entry.role.as_str();
        let candidate = match &entry.source {
            Source::Crate(_) => {
                let name = crate::homework::program(lesson, kind);
                graded.programs.push(name.clone());
                match built.as_ref().map(|built| built.binary(kind)) {
                    Some(Ok(binary)) => Ok(Candidate::homework(lesson, entry.role, binary, &name)),
                    Some(Err(messages)) => {
                        let failure = text::does_not_build(&name);
                        let hint = format!("{failure}: {}", first_error(&messages));
                        let message = format!("{failure}:\n{messages}");
                        Err(errors(entry.role, &scenarios, &message, &hint))
                    }
                    None => continue,
                }
            }
            Source::Python(file) | Source::Node(file) => {
                let runtime = if matches!(entry.source, Source::Python(_)) {
                    "python3"
                } else {
                    "node"
                };
                graded.programs.push(file_name(file));
                let command = format!(
                    "{} {} {{port}}",
                    quoted(Path::new(&interpreter(runtime))),
                    quoted(file)
                );
                Ok(Candidate::command(
                    lesson,
                    entry.role,
                    &command,
                    check::FIXED_PORT,
                ))
            }
        };
        rounds.push((entry.role, candidate));
    }
    // The server's round and the client's at once: each play has its own ports and
    // processes, and a play mostly waits for its programs.
    let played: Vec<Vec<Test>> = std::thread::scope(|scope| {
        let handles: Vec<_> = rounds
            .into_iter()
            .map(|(role, candidate)| {
                let scenarios = &scenarios;
                let handle = scope.spawn(move || match candidate {
                    Err(settled) => settled,
                    Ok(candidate) => match check::round(lesson, candidate, step_timeout) {
                        Ok(round) => round.checked.iter().map(|one| test_of(role, one)).collect(),
                        Err(error) => {
                            let message = text::not_played(&error);
                            errors(role, scenarios, &message, &message)
                        }
                    },
                });
                (role, handle)
            })
            .collect();
        handles
            .into_iter()
            .map(|(role, handle)| {
                handle.join().unwrap_or_else(|_| {
                    let message = text::not_played(&text::panicked());
                    errors(role, &scenarios, &message, &message)
                })
            })
            .collect()
    });
    graded.tests = played.into_iter().flatten().collect();
    if let Some(built) = built {
        built.clean();
    }
    graded
}

/// Every scenario of a role as an `error`, with the same message and hint.
fn errors(role: Role, scenarios: &[Scenario], message: &str, hint: &str) -> Vec<Test> {
    scenarios
        .iter()
        .map(|one| Test {
            name: test_name(role, one),
            status: Status::Error,
            message: Some(message.to_owned()),
            output: None,
            test_code: test_code(one),
            hint: Some(hint.to_owned()),
            timed_out: false,
        })
        .collect()
}

/// The interpreter's own executable (`/usr/bin/python3.11`), asked once: a version
/// manager's `python3` is often a shell script that takes longer to start than the program
/// (pyenv's, a tenth of a second, seconds on a busy machine), each time. The name itself
/// where the interpreter does not tell (or is missing: its hint says so).
fn interpreter(runtime: &'static str) -> String {
    use std::sync::OnceLock;
    static PYTHON: OnceLock<String> = OnceLock::new();
    static NODE: OnceLock<String> = OnceLock::new();
    let (cell, args): (&OnceLock<String>, &[&str]) = match runtime {
        "python3" => (&PYTHON, &["-c", "import sys; print(sys.executable)"]),
        _ => (&NODE, &["-p", "process.execPath"]),
    };
    cell.get_or_init(|| {
        std::process::Command::new(runtime)
            .args(args)
            .stdin(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .output()
            .ok()
            .filter(|output| output.status.success())
            .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_owned())
            .filter(|path| Path::new(path).is_file())
            .unwrap_or_else(|| runtime.to_owned())
    })
    .clone()
}

/// A scenario checked, as a test of the results.
fn test_of(role: Role, one: &Checked) -> Test {
    let scenario = &one.played.scenario;
    if one.passed() {
        return Test {
            name: test_name(role, scenario),
            status: Status::Pass,
            message: None,
            output: output_of(role, &one.played.record.programs),
            test_code: test_code(scenario),
            hint: None,
            timed_out: false,
        };
    }
    let mut message = String::new();
    if let Some(failure) = &one.played.failure {
        message.push_str(&format!("at {failure}\n"));
    }
    if let Some(difference) = &one.difference {
        message.push_str(&format!(
            "the lesson's transcript (-) against this run's (+), first in `{}`:\n",
            difference.section
        ));
        for line in difference.diff.lines().skip(2).take(40) {
            message.push_str(line);
            message.push('\n');
        }
    }
    for hint in &one.hints {
        message.push_str(&format!("hint: {hint}\n"));
    }
    Test {
        name: test_name(role, scenario),
        status: Status::Fail,
        message: Some(message.trim_end().to_owned()),
        output: output_of(role, &one.played.record.programs),
        test_code: test_code(scenario),
        hint: one
            .hints
            .first()
            .cloned()
            .or_else(|| one.played.failure.as_ref().map(ToString::to_string)),
        timed_out: one
            .played
            .failure
            .as_ref()
            .is_some_and(|failure| failure.problem.starts_with("waited ")),
    }
}

/// `server: two-clients`.
fn test_name(role: Role, scenario: &Scenario) -> String {
    format!("{}: {}", role.as_str(), scenario.name)
}

/// The scenario's steps, as its file writes them.
fn test_code(scenario: &Scenario) -> String {
    scenario
        .steps
        .iter()
        .map(|step| step.action.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

/// What the student's programs (those of `role`) printed, standard output and error, cut
/// at Exercism's 500 characters.
fn output_of(role: Role, programs: &[ProgramRecord]) -> Option<String> {
    let mut text = String::new();
    for program in programs.iter().filter(|program| program.role == role) {
        for stream in [&program.stdout, &program.stderr] {
            text.push_str(&String::from_utf8_lossy(stream));
        }
    }
    if text.is_empty() {
        return None;
    }
    Some(truncated(&text, 500))
}

/// `text` cut to at most `limit` characters, saying so when it was cut.
pub fn truncated(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_owned();
    }
    let room = limit.saturating_sub(text::OUTPUT_TRUNCATED.chars().count());
    let mut cut: String = text.chars().take(room).collect();
    cut.push_str(text::OUTPUT_TRUNCATED);
    cut
}

/// The compiler's first error line (`error[E0308]: mismatched types`).
fn first_error(messages: &str) -> String {
    messages
        .lines()
        .find(|line| line.starts_with("error"))
        .or_else(|| messages.lines().find(|line| !line.trim().is_empty()))
        .unwrap_or_default()
        .to_owned()
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// A path quoted for the shell (`sh -c`): between single quotes, each `'` written `'\''`.
/// Elsewhere (`cmd /C`) between double quotes.
pub fn quoted(path: &Path) -> String {
    let text = path.display().to_string();
    if cfg!(unix) {
        format!("'{}'", text.replace('\'', r"'\''"))
    } else {
        format!("\"{text}\"")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lesson4() -> Lesson {
        Lesson::find(4).expect("lesson 04")
    }

    #[test]
    fn each_role_takes_the_crate_then_python_then_node() {
        let dir = std::env::temp_dir().join(format!("grade-layout-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let crate_dir = dir.join("ann/lesson04");
        std::fs::create_dir_all(crate_dir.join("src/bin")).expect("made");
        std::fs::write(crate_dir.join("Cargo.toml"), "").expect("written");
        std::fs::write(crate_dir.join("src/bin/homework04-client.rs"), "").expect("written");
        std::fs::write(dir.join("ann/server.js"), "").expect("written");
        std::fs::write(dir.join("ann/client.py"), "").expect("written");
        std::fs::create_dir_all(dir.join("bob")).expect("made");
        std::fs::write(dir.join("bob/server.py"), "").expect("written");
        std::fs::write(dir.join("bob/server.js"), "").expect("written");
        std::fs::create_dir_all(dir.join(".git")).expect("made");
        std::fs::write(dir.join("notes.txt"), "").expect("written");
        let found = find(&dir, lesson4()).expect("reads");
        let _ = std::fs::remove_dir_all(&dir);
        let students: Vec<&str> = found.iter().map(|one| one.student.as_str()).collect();
        assert_eq!(students, ["ann", "bob"]);
        assert_eq!(
            found[0].entries,
            [
                Entry {
                    role: Role::Server,
                    source: Source::Node(dir.join("ann/server.js"))
                },
                Entry {
                    role: Role::Client,
                    source: Source::Crate(crate_dir.clone())
                },
            ]
        );
        assert_eq!(
            found[1].entries,
            [Entry {
                role: Role::Server,
                source: Source::Python(dir.join("bob/server.py"))
            }]
        );
    }

    #[test]
    fn output_is_cut_at_500_characters_saying_so() {
        let long = "é".repeat(600);
        let cut = truncated(&long, 500);
        assert_eq!(cut.chars().count(), 500);
        assert!(cut.ends_with("Please limit to 500 chars]"), "{cut}");
        assert_eq!(truncated("short", 500), "short");
    }

    #[test]
    fn a_path_is_quoted_for_the_shell() {
        if cfg!(unix) {
            assert_eq!(quoted(Path::new("/c/o'neil/s.py")), r"'/c/o'\''neil/s.py'");
        }
    }

    #[test]
    fn the_overall_status_is_error_only_when_nothing_was_played() {
        let test = |status| Test {
            name: "server: x".into(),
            status,
            message: None,
            output: None,
            test_code: String::new(),
            hint: None,
            timed_out: false,
        };
        let mut graded = Graded {
            student: "ann".into(),
            programs: vec![],
            tests: vec![test(Status::Pass), test(Status::Pass)],
            error: None,
        };
        assert_eq!(graded.status(), Status::Pass);
        graded.tests.push(test(Status::Error));
        assert_eq!(graded.status(), Status::Fail);
        assert!(!graded.needs_second_look());
        graded.tests[0].timed_out = true;
        assert!(graded.needs_second_look());
        graded.tests = vec![test(Status::Error)];
        assert_eq!(graded.status(), Status::Error);
        graded.tests.clear();
        graded.error = Some("nothing".into());
        assert_eq!(graded.status(), Status::Error);
        assert_eq!(graded.message().as_deref(), Some("nothing"));
    }
}
