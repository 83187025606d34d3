//! `cargo xtask docs`: regenerates the book's generated blocks (`--check`: only compares).
//!
//! Both play every lesson first, for the sequence diagrams: the pages are made from the
//! accepted snapshots, so a lesson whose play differs from its snapshots stops the command.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use colored::Colorize;

use crate::book::{self, Drift, Inputs, NotPlayed};
use crate::{eprintln, println};

/// Check the pages, or write them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Compare every generated block with what the sources give now; write nothing.
    Check,
    /// Rewrite every generated block that differs.
    Update,
}

/// Plays the lessons, then checks or updates the book.
pub fn run(mode: Mode, step_timeout: Duration) -> ExitCode {
    let started = Instant::now();
    let inputs = match Inputs::now(step_timeout) {
        Ok(inputs) => inputs,
        Err(NotPlayed::Error(message)) => {
            eprintln!("{} {message}", "error:".red().bold());
            return ExitCode::FAILURE;
        }
        Err(NotPlayed::OutOfStep(problems)) => {
            for problem in &problems {
                let mut lines = problem.lines();
                if let Some(first) = lines.next() {
                    println!("{} {first}", "FAIL".red().bold());
                }
                for line in lines {
                    println!("    {line}");
                }
            }
            eprintln!(
                "{} {} not match {} snapshots (above), and the pages show accepted snapshots: fix or accept them first; nothing was written",
                "error:".red().bold(),
                count(problems.len(), "scenario does", "scenarios do"),
                if problems.len() == 1 { "its" } else { "their" }
            );
            return ExitCode::FAILURE;
        }
    };
    println!(
        "played {} scenarios for their diagrams ({:.1} s)",
        inputs.diagrams.len(),
        started.elapsed().as_secs_f64()
    );
    match mode {
        Mode::Check => check(&inputs),
        Mode::Update => update(&inputs),
    }
}

fn check(inputs: &Inputs) -> ExitCode {
    let drifts = match book::check_book(inputs) {
        Ok(drifts) => drifts,
        Err(message) => {
            eprintln!("{} {message}", "error:".red().bold());
            return ExitCode::FAILURE;
        }
    };
    if drifts.is_empty() {
        println!(
            "{}",
            "the book shows what the sources give now".green().bold()
        );
        return ExitCode::SUCCESS;
    }
    report("DRIFT", &drifts);
    eprintln!(
        "{} {} in the book {} from what the sources give now (above): run `cargo xtask docs`, then review `git diff docs/`",
        "error:".red().bold(),
        count(drifts.len(), "place", "places"),
        if drifts.len() == 1 {
            "differs"
        } else {
            "differ"
        }
    );
    ExitCode::FAILURE
}

fn update(inputs: &Inputs) -> ExitCode {
    let (updated, problems) = match book::update_book(inputs) {
        Ok(done) => done,
        Err(message) => {
            eprintln!("{} {message}", "error:".red().bold());
            return ExitCode::FAILURE;
        }
    };
    for page in updated.iter().filter(|page| page.changed > 0) {
        println!(
            "{} {} ({} of {} blocks)",
            "UPDATED".yellow().bold(),
            page.page.display(),
            page.changed,
            page.blocks
        );
    }
    let blocks: usize = updated.iter().map(|page| page.blocks).sum();
    let changed = updated.iter().filter(|page| page.changed > 0).count();
    println!(
        "{}, {}; {} rewritten",
        count(updated.len(), "page", "pages"),
        count(blocks, "generated block", "generated blocks"),
        count(changed, "page", "pages")
    );
    if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        report("TODO", &problems);
        eprintln!(
            "{} {} to fix by hand in the book (above); every block that could be made was written",
            "error:".red().bold(),
            count(problems.len(), "thing", "things")
        );
        ExitCode::FAILURE
    }
}

/// Prints each drift under a label, its diff coloured as the lesson command colours one.
fn report(label: &str, drifts: &[Drift]) {
    for drift in drifts {
        let mut lines = drift
            .to_string()
            .lines()
            .map(str::to_owned)
            .collect::<Vec<_>>()
            .into_iter();
        if let Some(first) = lines.next() {
            println!("{} {first}", label.red().bold());
        }
        for line in lines {
            let line = match line.chars().next() {
                Some('-') if !line.starts_with("---") => line.red().to_string(),
                Some('+') if !line.starts_with("+++") => line.green().to_string(),
                _ => line,
            };
            println!("    {line}");
        }
    }
}

/// `1 page`, `2 pages`.
fn count(number: usize, one: &str, many: &str) -> String {
    format!("{number} {}", if number == 1 { one } else { many })
}
