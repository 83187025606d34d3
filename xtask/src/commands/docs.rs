//! `cargo xtask docs`: regenerates the book's generated blocks (`--check`: only compares).
//!
//! Both play every lesson first, for the sequence diagrams: the pages are made from the
//! accepted snapshots, so a lesson whose play differs from its snapshots stops the command.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use colored::Colorize;

use crate::book::{self, Drift, Inputs};

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
        Err(message) => {
            eprintln!(
                "{} the pages are made from the lessons' accepted snapshots:",
                "error:".red().bold()
            );
            for line in message.lines() {
                eprintln!("  {line}");
            }
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
    report(&drifts);
    println!(
        "{} page blocks differ: regenerate them with `cargo xtask docs`, then review `git diff docs/`",
        drifts.len()
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
        "{} pages, {blocks} generated blocks; {changed} pages rewritten",
        updated.len()
    );
    if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        report(&problems);
        ExitCode::FAILURE
    }
}

fn report(drifts: &[Drift]) {
    for drift in drifts {
        let mut lines = drift
            .to_string()
            .lines()
            .map(str::to_owned)
            .collect::<Vec<_>>()
            .into_iter();
        if let Some(first) = lines.next() {
            println!("{} {first}", "DRIFT".red().bold());
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
