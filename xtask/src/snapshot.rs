//! Checking a transcript against its snapshot in `snapshots/`, or accepting it, with insta.
//!
//! Check mode never writes a file: it compares, and on a difference shows a line diff.
//! Accept mode writes the transcript as the new snapshot. The two are kept apart: only
//! `--accept` changes `snapshots/`.

use std::path::PathBuf;

use insta::internals::SnapshotContents;
use insta::{Snapshot, TextSnapshotKind};

use crate::workspace;

/// Check a transcript, or accept it as the new snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Compare with the snapshot; change nothing.
    Check,
    /// Write the transcript as the snapshot.
    Accept,
}

/// What the comparison found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The transcript is the snapshot.
    Same,
    /// The transcript differs: where, and how.
    Differs(Difference),
    /// There is no snapshot yet.
    Missing,
    /// The transcript was written as the snapshot.
    Accepted,
}

/// The snapshot's name: `lesson01__exchange`.
pub fn name(lesson: u8, scenario: &str) -> String {
    format!("lesson{lesson:02}__{scenario}")
}

/// The snapshot's file.
pub fn path(name: &str) -> PathBuf {
    workspace::snapshots().join(format!("{name}.snap"))
}

/// Checks or accepts one transcript.
pub fn settle(
    name: &str,
    description: &str,
    transcript: &str,
    mode: Mode,
) -> Result<Verdict, String> {
    match mode {
        Mode::Check => check(name, transcript),
        Mode::Accept => accept(name, description, transcript).map(|()| Verdict::Accepted),
    }
}

fn check(name: &str, transcript: &str) -> Result<Verdict, String> {
    let Some(expected) = expected(name)? else {
        return Ok(Verdict::Missing);
    };
    match compare(&expected, &normalised(transcript), |line| line) {
        None => Ok(Verdict::Same),
        Some(difference) => Ok(Verdict::Differs(difference)),
    }
}

/// The snapshot's transcript, or `None` when there is no snapshot yet.
pub fn expected(name: &str) -> Result<Option<String>, String> {
    let path = path(name);
    if !path.exists() {
        return Ok(None);
    }
    let snapshot = Snapshot::from_file(&path)
        .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    match snapshot.contents() {
        SnapshotContents::Text(text) => Ok(Some(text.to_string())),
        _ => Err(format!("{} is not a text snapshot", path.display())),
    }
}

/// A transcript as a snapshot holds it (insta trims its trailing blank lines), to compare.
pub fn normalised(transcript: &str) -> String {
    insta::internals::TextSnapshotContents::new(transcript.to_owned(), TextSnapshotKind::File)
        .to_string()
}

fn accept(name: &str, description: &str, transcript: &str) -> Result<(), String> {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(workspace::snapshots());
    settings.set_prepend_module_to_snapshot(false);
    settings.set_omit_expression(true);
    settings.set_description(description);
    // insta writes in place when asked to update always; the runner sets that in accept mode.
    settings.bind(|| {
        std::panic::catch_unwind(|| insta::assert_snapshot!(name, transcript))
            .map_err(|_| format!("insta could not write the snapshot {name}"))
    })
}

/// How long a diff may look for the smallest difference: a program that floods its output
/// (64 KiB of short lines) would otherwise take seconds; past it, the diff is only longer.
pub const DIFF_TIMEOUT: std::time::Duration = std::time::Duration::from_millis(200);

/// Where a transcript differs from its snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// The section where it first differs (`server (screen)`, `wire: client ⇄ server`).
    pub section: String,
    /// A line diff: `-` for the snapshot's lines, `+` for this run's.
    pub diff: String,
    /// The lines that differ, each with its section, for the hints.
    pub changes: Vec<Change>,
}

/// A line of the snapshot missing from this run (`-`), or one this run has in its place (`+`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Whether the line is the snapshot's (`-`) rather than this run's (`+`).
    pub removed: bool,
    /// The section it is in (`server (screen)`).
    pub section: String,
    /// The line.
    pub line: String,
}

/// Compares a transcript with its snapshot, line by line; two lines are the same when their
/// `key`s are (the identity for `cargo xtask lesson`; `check` lets any error line match any
/// The key under which every line on standard error is the same as any other: a check's
/// comparison, where a student's program words its errors its own way.
pub fn any_error_line(line: &str) -> &str {
    if line.starts_with("stderr: ") {
        "stderr: …"
    } else {
        line
    }
}

/// other, since a student's program words its errors its own way).
pub fn compare(expected: &str, got: &str, key: fn(&str) -> &str) -> Option<Difference> {
    let expected: Vec<&str> = expected.lines().collect();
    let got: Vec<&str> = got.lines().collect();
    let expected_keys: Vec<&str> = expected.iter().map(|line| key(line)).collect();
    let got_keys: Vec<&str> = got.iter().map(|line| key(line)).collect();
    if expected_keys == got_keys {
        return None;
    }
    let diff = similar::TextDiff::configure()
        .timeout(DIFF_TIMEOUT)
        .diff_slices(&expected_keys, &got_keys);
    let (expected_sections, got_sections) = (sections(&expected), sections(&got));
    let mut changes = Vec::new();
    let mut text = String::from("--- snapshot\n+++ this run\n");
    for group in diff.grouped_ops(3) {
        text.push_str("@@\n");
        for op in &group {
            for change in diff.iter_changes(op) {
                let (sign, line, section) =
                    match (change.tag(), change.old_index(), change.new_index()) {
                        (similar::ChangeTag::Delete, Some(old), _) => {
                            ('-', expected[old], expected_sections[old])
                        }
                        (similar::ChangeTag::Insert, _, Some(new)) => {
                            ('+', got[new], got_sections[new])
                        }
                        (_, _, Some(new)) => (' ', got[new], got_sections[new]),
                        (_, Some(old), None) => (' ', expected[old], expected_sections[old]),
                        _ => continue,
                    };
                if sign != ' ' {
                    changes.push(Change {
                        removed: sign == '-',
                        section: section.to_owned(),
                        line: line.to_owned(),
                    });
                }
                text.push(sign);
                text.push_str(line);
                text.push('\n');
            }
        }
    }
    Some(Difference {
        section: changes
            .first()
            .map_or_else(|| "the heading".to_owned(), |change| change.section.clone()),
        diff: text,
        changes,
    })
}

/// For each line of a transcript, the title of its section (`─── TITLE ───`).
fn sections<'a>(lines: &[&'a str]) -> Vec<&'a str> {
    let mut title = "the heading";
    lines
        .iter()
        .map(|line| {
            if let Some(rule) = line.strip_prefix("─── ") {
                title = rule.trim_end_matches(['─', ' ']);
            }
            title
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_difference_names_its_first_section_and_marks_its_lines() {
        let expected = "title\n─── client (screen) ───\nhi\n─── wire ───\nx\n";
        assert_eq!(compare(expected, expected, |line| line), None);
        let difference = compare(expected, &expected.replace("hi", "bye"), |line| line)
            .expect("one line differs");
        assert_eq!(difference.section, "client (screen)");
        assert!(
            difference.diff.contains("-hi\n+bye\n"),
            "{}",
            difference.diff
        );
        assert_eq!(difference.changes.len(), 2);
        assert!(
            difference
                .changes
                .iter()
                .all(|c| c.section == "client (screen)")
        );
    }
}
