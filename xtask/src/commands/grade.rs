//! `cargo xtask grade DIR --lesson N`: every student's submission in DIR checked, several at
//! once; a class table, each student's `results.json`, and the class as CSV and Markdown.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use clap::{Arg, ArgMatches, Command, value_parser};
use colored::Colorize;

use crate::catalog::Lesson;
use crate::grade::{self, Graded, Submission, results};
use crate::{eprintln, homework, println, workspace};

/// The texts this command shows, in one place (the message catalogue takes them later).
mod text {
    pub const ABOUT: &str = "Grade a class: every submission in DIR (one folder per student) \
        checked against lesson N";
    pub const LONG_ABOUT: &str = "Grade a class: every submission in DIR checked against \
        lesson N, several at once.\n\n\
        DIR holds one folder per student (DIR/STUDENT/), each with at least one of:\n  \
        a homework crate as `cargo xtask homework N` makes it (in DIR/STUDENT/ or \
        DIR/STUDENT/lessonNN/);\n  \
        server.py and/or client.py, run as `python3 FILE PORT`;\n  \
        server.js and/or client.js, run as `node FILE PORT`.\n\
        For each role the first found in that order is graded.\n\n\
        Prints the class table (student, scenarios passed, the first failing scenario and its \
        top hint),\nand writes OUT/STUDENT/results.json (Exercism's test-runner format, \
        version 2), OUT/class.csv\nand OUT/class.md. OUT is DIR unless --out says otherwise. \
        Students' programs run with\nlimits on CPU time, memory, processes and file size \
        (see docs/src/teachers-guide.md).";
    pub fn no_students(dir: &str) -> String {
        format!("{dir} holds no student folders (DIR/STUDENT/): nothing to grade")
    }
    pub fn grading(count: usize, heading: &str, jobs: usize) -> String {
        format!("Grading {count} submissions against {heading}, {jobs} at a time")
    }
    pub fn graded_one(done: usize, count: usize, student: &str, passed: &str) -> String {
        format!("  [{done}/{count}] {student}: {passed}")
    }
    pub fn second_look(student: &str) -> String {
        format!("  {student}: a wait ran out; grading it again alone, in case the machine was busy")
    }
    pub fn summary(passing: usize, count: usize, seconds: f64) -> String {
        format!("{passing} of {count} submissions pass every scenario ({seconds:.1} s)")
    }
    pub fn written(out: &str) -> String {
        format!("Results: {out}/STUDENT/results.json, {out}/class.csv, {out}/class.md")
    }
    pub const ROOT_NOTE: &str = "note: grading as root: the system does not enforce the limit \
        on processes for root (see the teacher's guide); grade as an ordinary user";
}

/// The subcommand's arguments.
pub fn cli() -> Command {
    Command::new("grade")
        .about(text::ABOUT)
        .long_about(text::LONG_ABOUT)
        .arg(
            Arg::new("DIR")
                .required(true)
                .value_parser(value_parser!(PathBuf))
                .help("The class folder: one folder per student"),
        )
        .arg(
            Arg::new("lesson")
                .long("lesson")
                .value_name("N")
                .required(true)
                .value_parser(super::check::lesson_number)
                .help("The lesson to grade, 1 to 7"),
        )
        .arg(
            Arg::new("out")
                .long("out")
                .value_name("OUT")
                .value_parser(value_parser!(PathBuf))
                .help("Where to write the results [default: DIR]"),
        )
        .arg(
            Arg::new("jobs")
                .long("jobs")
                .short('j')
                .value_name("N")
                .value_parser(value_parser!(u16).range(1..))
                .help("Submissions graded at once [default: the machine's cores]"),
        )
}

/// Grades the class, prints the table, writes the files.
pub fn run(matches: &ArgMatches, step_timeout: Duration) -> ExitCode {
    match grade_class(matches, step_timeout) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{} {message}", "error:".red().bold());
            ExitCode::FAILURE
        }
    }
}

fn grade_class(matches: &ArgMatches, step_timeout: Duration) -> Result<(), String> {
    let number = matches.get_one::<u8>("lesson").copied().unwrap_or(1);
    let lesson = Lesson::find(number).ok_or_else(|| format!("there is no lesson {number}"))?;
    homework::writable(lesson)?;
    let dir = matches
        .get_one::<PathBuf>("DIR")
        .cloned()
        .unwrap_or_default();
    let out = matches
        .get_one::<PathBuf>("out")
        .cloned()
        .unwrap_or(dir.clone());
    let submissions = grade::find(&dir, lesson)?;
    if submissions.is_empty() {
        return Err(text::no_students(&homework::from_here(&dir)));
    }
    let jobs = matches
        .get_one::<u16>("jobs")
        .map(|jobs| usize::from(*jobs))
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()));
    workspace::build(&[lesson.package()])?;
    if is_root() {
        eprintln!("{}", text::ROOT_NOTE);
    }
    println!(
        "{}",
        text::grading(submissions.len(), &lesson.heading(), jobs).bold()
    );
    let started = Instant::now();
    let class = grade_all(lesson, &submissions, step_timeout, jobs);
    for graded in &class {
        results::write_results(&out, graded)?;
    }
    let write = |name: &str, text: String| {
        let path = out.join(name);
        std::fs::write(&path, text)
            .map_err(|error| format!("cannot write {}: {error}", path.display()))
    };
    write("class.csv", results::csv(&class))?;
    write(
        "class.md",
        results::markdown(&class, &format!("{} · class results", lesson.heading())),
    )?;
    println!();
    crate::print!("{}", results::table(&class));
    let passing = class.iter().filter(|one| results::all_passed(one)).count();
    println!();
    println!(
        "{}",
        text::summary(passing, class.len(), started.elapsed().as_secs_f64()).bold()
    );
    println!("{}", text::written(&homework::from_here(&out)));
    Ok(())
}

/// Grades every submission, `jobs` at a time, in the submissions' order; a line on
/// standard error as each is done.
pub fn grade_all(
    lesson: Lesson,
    submissions: &[Submission],
    step_timeout: Duration,
    jobs: usize,
) -> Vec<Graded> {
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let slots: Mutex<Vec<Option<Graded>>> = Mutex::new(vec![None; submissions.len()]);
    let scratch_root = workspace::target_dir().join("grade");
    std::thread::scope(|scope| {
        for _ in 0..jobs.max(1) {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, Ordering::SeqCst);
                    let Some(submission) = submissions.get(index) else {
                        break;
                    };
                    let scratch = scratch_root.join(format!("{}-{index}", std::process::id()));
                    let graded = grade::grade(lesson, submission, step_timeout, &scratch);
                    let _ = std::fs::remove_dir_all(&scratch);
                    let finished = done.fetch_add(1, Ordering::SeqCst) + 1;
                    eprintln!(
                        "{}",
                        text::graded_one(
                            finished,
                            submissions.len(),
                            &graded.student,
                            &format!("{}/{}", graded.passed(), graded.tests.len()),
                        )
                    );
                    slots.lock().unwrap_or_else(|p| p.into_inner())[index] = Some(graded);
                }
            });
        }
    });
    let mut class: Vec<Graded> = slots
        .into_inner()
        .unwrap_or_else(|p| p.into_inner())
        .into_iter()
        .flatten()
        .collect();
    // A wait that ran out while the machine was busy grading the others is looked at again,
    // alone: so a correct program is never failed by the load of the grading itself. A
    // program that hangs does so again, and costs its bounds twice.
    for (index, graded) in class.iter_mut().enumerate() {
        if graded.needs_second_look() {
            eprintln!("{}", text::second_look(&graded.student));
            let scratch = scratch_root.join(format!("{}-{index}-again", std::process::id()));
            *graded = grade::grade(lesson, &submissions[index], step_timeout, &scratch);
            let _ = std::fs::remove_dir_all(&scratch);
        }
    }
    class
}

/// Whether the runner runs as root, for whom the system does not bound processes.
fn is_root() -> bool {
    #[cfg(unix)]
    {
        // SAFETY: geteuid cannot fail and has no side effect.
        unsafe { libc::geteuid() == 0 }
    }
    #[cfg(not(unix))]
    false
}

/// The class folder's results, for the tests: the folder the results are in.
pub fn results_path(out: &Path, student: &str) -> PathBuf {
    out.join(student).join("results.json")
}
