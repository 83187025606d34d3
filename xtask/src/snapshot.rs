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
    /// The transcript differs: where it first differs (a section of the transcript, such
    /// as `client (screen)` or `wire: client ⇄ server`), and a line diff, expected (`-`)
    /// against got (`+`).
    Differs { section: String, diff: String },
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
    let got = normalised(transcript);
    if got == expected {
        Ok(Verdict::Same)
    } else {
        Ok(Verdict::Differs {
            section: first_difference(&expected, &got),
            diff: line_diff(&format!("{expected}\n"), &format!("{got}\n")),
        })
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

/// The transcript section (the title of its `───` rule) where two transcripts first differ.
pub fn first_difference(expected: &str, got: &str) -> String {
    let mut section = "the heading".to_owned();
    let mut got_lines = got.lines();
    for line in expected.lines() {
        if got_lines.next() != Some(line) {
            return section;
        }
        if let Some(title) = line.strip_prefix("─── ") {
            section = title.trim_end_matches(['─', ' ']).to_owned();
        }
    }
    section
}

/// How long a diff may look for the smallest difference: a program that floods its output
/// (64 KiB of short lines) would otherwise take seconds; past it, the diff is only longer.
pub const DIFF_TIMEOUT: std::time::Duration = std::time::Duration::from_millis(200);

/// A unified line diff: `-` for the snapshot's lines, `+` for this run's.
pub fn line_diff(expected: &str, got: &str) -> String {
    similar::TextDiff::configure()
        .timeout(DIFF_TIMEOUT)
        .diff_lines(expected, got)
        .unified_diff()
        .context_radius(3)
        .header("snapshot", "this run")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_marks_removed_and_added_lines() {
        let diff = line_diff("a\nb\nc\n", "a\nx\nc\n");
        assert!(diff.contains("-b\n+x\n"), "{diff}");
        assert_eq!(line_diff("a\n", "a\n"), "");
        let expected = "title\n─── client (screen) ───\nhi\n─── wire ───\nx\n";
        assert_eq!(
            first_difference(expected, &expected.replace("hi", "bye")),
            "client (screen)"
        );
    }
}
