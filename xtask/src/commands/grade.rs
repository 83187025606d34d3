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
    use crate::tr;
    pub fn about() -> String {
        tr!("grade-about")
    }
    pub fn long_about() -> String {
        tr!("grade-long-about")
    }
    pub fn no_students(dir: &str) -> String {
        tr!("grade-no-students", dir = dir)
    }
    pub fn grading(count: usize, heading: &str, jobs: usize) -> String {
        tr!(
            "grade-grading",
            count = count,
            heading = heading,
            jobs = jobs
        )
    }
    pub fn graded_one(done: usize, count: usize, student: &str, passed: &str) -> String {
        tr!(
            "grade-graded-one",
            done = done,
            count = count,
            student = student,
            passed = passed
        )
    }
    pub fn second_look(student: &str) -> String {
        tr!("grade-second-look", student = student)
    }
    pub fn summary(passing: usize, count: usize, seconds: f64) -> String {
        tr!(
            "grade-summary",
            passing = passing,
            count = count,
            seconds = format!("{seconds:.1}")
        )
    }
    pub fn written(out: &str) -> String {
        tr!("grade-written", out = out)
    }
    pub fn root_note() -> String {
        tr!("grade-root-note")
    }
}

/// The subcommand's arguments.
pub fn cli() -> Command {
    Command::new("grade")
        .about(text::about())
        .long_about(text::long_about())
        .arg(
            Arg::new("DIR")
                .required(true)
                .value_parser(value_parser!(PathBuf))
                .help(crate::tr!("grade-dir")),
        )
        .arg(
            Arg::new("lesson")
                .long("lesson")
                .value_name("N")
                .required(true)
                .value_parser(super::check::lesson_number)
                .help(crate::tr!("grade-lesson")),
        )
        .arg(
            Arg::new("out")
                .long("out")
                .value_name("OUT")
                .value_parser(value_parser!(PathBuf))
                .help(crate::tr!("grade-out")),
        )
        .arg(
            Arg::new("jobs")
                .long("jobs")
                .short('j')
                .value_name("N")
                .value_parser(value_parser!(u16).range(1..))
                .help(crate::tr!("grade-jobs")),
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
        eprintln!("{}", text::root_note());
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
