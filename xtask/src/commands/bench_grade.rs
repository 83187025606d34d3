//! `cargo xtask bench --grade`: how long grading a class of 40 takes: lesson 04, Python and
//! Rust submissions mixed, right and wrong, graded as `cargo xtask grade` grades them.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::catalog::Lesson;
use crate::grade;
use crate::workspace;

/// The class: 40 submissions.
pub const CLASS: usize = 40;

/// The target, on a 2-core machine.
pub const TARGET: Duration = Duration::from_secs(30);

/// What one submission of the class is.
#[derive(Clone, Copy)]
enum Kind {
    /// The correct Python server (`xtask/styles/python/`) and the notes' client.
    Python,
    /// The notes' Python server, which fails `client-killed`, and their client.
    NotesPython,
    /// A homework crate with the lesson's own programs.
    Rust,
    /// A homework crate as `cargo xtask homework 4` starts it: lesson 03's programs.
    RustStarter,
}

/// The class's mix, repeated: most pass, some do not, as in a class.
const MIX: [Kind; 10] = [
    Kind::Python,
    Kind::Rust,
    Kind::Python,
    Kind::Rust,
    Kind::NotesPython,
    Kind::Rust,
    Kind::Python,
    Kind::RustStarter,
    Kind::Python,
    Kind::Rust,
];

/// Times the grading and prints it beside the target: only that (`--grade`).
pub fn run(step_timeout: Duration, jobs: Option<usize>) -> std::process::ExitCode {
    use colored::Colorize;
    let jobs = jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()));
    crate::println!(
        "Grading {CLASS} submissions of lesson 04 (Python and Rust, right and wrong), {jobs} at a time..."
    );
    match time_grading(step_timeout, jobs) {
        Ok((took, passed)) => {
            let line = format!(
                "{CLASS} submissions graded in {:.1} s ({passed} pass every scenario); target {} s",
                took.as_secs_f64(),
                TARGET.as_secs()
            );
            if took <= TARGET {
                crate::println!("{}", line.green().bold());
            } else {
                crate::println!("{}", line.red().bold());
            }
            std::process::ExitCode::SUCCESS
        }
        Err(message) => {
            crate::eprintln!("{} {message}", "error:".red().bold());
            std::process::ExitCode::FAILURE
        }
    }
}

/// Grades the class `jobs` at a time: the wall time, and how many passed.
pub fn time_grading(step_timeout: Duration, jobs: usize) -> Result<(Duration, usize), String> {
    let lesson = Lesson::find(4).ok_or("lesson 04 is in the catalog")?;
    workspace::build(&[lesson.package()])?;
    let dir = std::env::temp_dir().join(format!("xtask-bench-grade-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let made = (0..CLASS).try_for_each(|index| {
        let student = dir.join(format!("student{index:02}"));
        write_submission(&student, MIX[index % MIX.len()])
    });
    let result = made.and_then(|()| {
        let submissions = grade::find(&dir, lesson)?;
        // One crate built first, untimed: the kit's dependencies for the grading builds.
        let warm = dir.join("warm-up");
        let _ = grade::grade(lesson, &submissions[1], step_timeout, &warm);
        let started = Instant::now();
        let class = super::grade::grade_all(lesson, &submissions, step_timeout, jobs);
        let took = started.elapsed();
        let passed = class
            .iter()
            .filter(|graded| graded.status() == grade::Status::Pass)
            .count();
        Ok((took, passed))
    });
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn write_submission(student: &Path, kind: Kind) -> Result<(), String> {
    let root = workspace::root();
    let read = |path: &str| {
        std::fs::read_to_string(root.join(path)).map_err(|error| format!("{path}: {error}"))
    };
    let write = |path: &Path, text: &str| -> Result<(), String> {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|error| error.to_string())?;
        }
        std::fs::write(path, text).map_err(|error| error.to_string())
    };
    match kind {
        Kind::Python | Kind::NotesPython => {
            let server = match kind {
                Kind::Python => read("xtask/styles/python/lesson04-server.py")?,
                _ => read("examples/python/lesson04-server.py")?,
            };
            write(&student.join("server.py"), &server)?;
            write(
                &student.join("client.py"),
                &read("examples/python/lesson04-client.py")?,
            )
        }
        Kind::Rust | Kind::RustStarter => {
            let lesson = match kind {
                Kind::Rust => ("lessons/04-reconnect", "lesson04"),
                _ => ("lessons/03-quit", "lesson03"),
            };
            write(
                &student.join("Cargo.toml"),
                "[package]\nname = \"homework04\"\nversion = \"0.1.0\"\nedition = \"2024\"\n",
            )?;
            for role in ["server", "client"] {
                let source = read(&format!("{}/src/bin/{}-{role}.rs", lesson.0, lesson.1))?;
                write(
                    &student.join(format!("src/bin/homework04-{role}.rs")),
                    &source,
                )?;
            }
            Ok(())
        }
    }
}
