//! Every verdict rule, through the `cargo xtask` command itself: a snapshot that differs from
//! the play in any way fails `lesson N` (a line missing at the end, a line too many, the words
//! of a `stderr:` line); `check` compares standard error by its number of lines only, on
//! purpose; `docs --check` fails on a page left behind.
//!
//! The kit's own snapshots and pages are only read: each case changes a copy, which the
//! command is pointed at (`SOCKETLAB_SNAPSHOTS`, `SOCKETLAB_BOOK`; see xtask/README.md).

mod bound;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;
use xtask::workspace;

/// A temporary folder under cargo's own for these tests, removed when dropped.
struct Folder(PathBuf);

impl Folder {
    fn new(name: &str) -> Folder {
        let path = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(format!("verdicts-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("a temporary folder");
        Folder(path)
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Copies `from` (a folder of the kit) into `to`, with everything in it.
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("a folder");
    for entry in std::fs::read_dir(from).expect("a folder of the kit") {
        let entry = entry.expect("an entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("a type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("a copy");
        }
    }
}

/// A copy of the kit's snapshots, with `edit` applied to the text of one of them.
fn snapshots_with(name: &str, test: &str, edit: impl Fn(&str) -> String) -> Folder {
    let folder = Folder::new(test);
    copy_tree(&workspace::root().join("snapshots"), &folder.0);
    let file = folder.0.join(format!("{name}.snap"));
    let text = std::fs::read_to_string(&file).expect("the snapshot");
    let edited = edit(&text);
    assert_ne!(edited, text, "the edit changes {name}");
    std::fs::write(&file, edited).expect("the changed snapshot");
    folder
}

fn xtask() -> Command {
    let mut command = Command::cargo_bin("xtask").expect("the xtask binary");
    // The runner in English whatever the machine's locale: the tests read its words.
    command
        .env("NO_COLOR", "1")
        .env("LC_ALL", "C.UTF-8")
        .timeout(bound::COMMAND);
    command
}

/// `cargo xtask lesson 1` against the snapshots in `folder`.
fn lesson_1_against(folder: &Folder) -> assert_cmd::assert::Assert {
    xtask()
        .args(["lesson", "1"])
        .env("SOCKETLAB_SNAPSHOTS", &folder.0)
        .assert()
}

/// The unchanged copy passes: what fails below fails for the change alone.
#[test]
fn a_copy_of_the_snapshots_passes_as_the_kits_do() {
    let folder = Folder::new("unchanged");
    copy_tree(&workspace::root().join("snapshots"), &folder.0);
    lesson_1_against(&folder)
        .success()
        .stdout(contains("2 of 2 scenarios passed"));
}

#[test]
fn a_snapshot_with_its_last_line_missing_fails() {
    // The play shows `client closed the connection` last; the snapshot no longer does.
    let folder = snapshots_with("lesson01__exchange", "missing-last", |text| {
        let kept: Vec<&str> = text.lines().collect();
        assert_eq!(kept.last(), Some(&"client closed the connection"));
        format!("{}\n", kept[..kept.len() - 1].join("\n"))
    });
    lesson_1_against(&folder)
        .failure()
        .stdout(contains("FAIL lesson01__exchange: differs"))
        .stdout(contains("+client closed the connection"))
        .stdout(contains("1 of 2 scenarios passed"));
}

#[test]
fn a_snapshot_with_a_line_too_many_at_the_end_fails() {
    let folder = snapshots_with("lesson01__exchange", "extra-last", |text| {
        format!("{text}server closed the connection again\n")
    });
    lesson_1_against(&folder)
        .failure()
        .stdout(contains("FAIL lesson01__exchange: differs"))
        .stdout(contains("-server closed the connection again"))
        .stdout(contains("1 of 2 scenarios passed"));
}

/// The late client's refusal, as lesson 01's snapshot words it, and as a student might.
const REFUSAL: &str = "connection refused (is the server running, on this host and port?)";
const OTHER_WORDS: &str = "could not connect";

#[test]
fn a_stderr_line_in_other_words_fails_the_lesson() {
    let folder = snapshots_with("lesson01__refused-after-close", "stderr-text", |text| {
        text.replace(REFUSAL, OTHER_WORDS)
    });
    lesson_1_against(&folder)
        .failure()
        .stdout(contains("FAIL lesson01__refused-after-close: differs"))
        .stdout(contains(format!(
            "-stderr: lesson01-client: connecting to 127.0.0.1:{{port}}: {OTHER_WORDS}"
        )))
        .stdout(contains("1 of 2 scenarios passed"));
}

/// `cargo xtask check 1` with lesson 01's own client as the program checked.
fn check_lesson_1_client_against(folder: &Folder) -> assert_cmd::assert::Assert {
    let client = workspace::binary("lesson01-client");
    xtask()
        .args(["check", "1", "--client"])
        .arg(format!("'{}' --port {{port}}", client.display()))
        .env("SOCKETLAB_SNAPSHOTS", &folder.0)
        .assert()
}

#[test]
fn check_compares_stderr_lines_by_their_number_not_their_words() {
    workspace::build(&["lesson01".into()]).expect("lesson 01 builds");
    // Other words on the one line: a student's program words its errors its own way.
    let folder = snapshots_with("lesson01__refused-after-close", "check-words", |text| {
        text.replace(REFUSAL, OTHER_WORDS)
    });
    check_lesson_1_client_against(&folder)
        .success()
        .stdout(contains("2 of 2 scenarios passed"));
    // A second line where the snapshot has one: that differs.
    let folder = snapshots_with("lesson01__refused-after-close", "check-count", |text| {
        text.replace(
            &format!("{REFUSAL}\n"),
            &format!("{REFUSAL}\nstderr: {OTHER_WORDS}\n"),
        )
    });
    check_lesson_1_client_against(&folder)
        .failure()
        .stdout(contains("FAIL refused-after-close"))
        .stdout(contains("1 of 2 scenarios passed"));
}

/// A copy of what the book is made from: the pages, the lessons' sources and scenarios,
/// and the snapshots (no build output).
fn book_copy(test: &str) -> Folder {
    let folder = Folder::new(test);
    let root = workspace::root();
    copy_tree(&root.join("docs"), &folder.0.join("docs"));
    copy_tree(&root.join("snapshots"), &folder.0.join("snapshots"));
    // The notes' Python, which the pages show beside the Rust.
    copy_tree(&root.join("examples"), &folder.0.join("examples"));
    for entry in std::fs::read_dir(root.join("lessons")).expect("the lessons") {
        let lesson = entry.expect("an entry").path();
        for part in ["src", "scenarios.txt", "cases", "Cargo.toml"] {
            let from = lesson.join(part);
            let to = folder
                .0
                .join("lessons")
                .join(lesson.file_name().expect("a name"))
                .join(part);
            if from.is_dir() {
                copy_tree(&from, &to);
            } else if from.is_file() {
                std::fs::create_dir_all(to.parent().expect("a folder")).expect("a folder");
                std::fs::copy(&from, &to).expect("a copy");
            }
        }
    }
    folder
}

#[test]
fn docs_check_passes_on_a_copy_of_the_book_and_fails_once_a_page_drifts() {
    let folder = book_copy("docs-drift");
    let docs_check = || {
        xtask()
            .args(["docs", "--check"])
            .env("SOCKETLAB_BOOK", &folder.0)
            .assert()
    };
    docs_check()
        .success()
        .stdout(contains("the book shows what the sources give now"));
    // A transcript on lesson 01's page no longer what its snapshot says.
    let page = folder.0.join("docs/src/01-single-exchange.md");
    let text = std::fs::read_to_string(&page).expect("lesson 01's page");
    assert!(
        text.contains("server → client  \"hi\"  (2 bytes)"),
        "{text}"
    );
    std::fs::write(
        &page,
        text.replacen(
            "server → client  \"hi\"  (2 bytes)",
            "server → client  \"hey\"  (3 bytes)",
            1,
        ),
    )
    .expect("the drifted page");
    docs_check()
        .failure()
        .stdout(contains("DRIFT docs/src/01-single-exchange.md"))
        .stderr(contains("1 place in the book differs").and(contains("cargo xtask docs")));

    // The same drift on the Chinese page of lesson 01, the English page put back.
    std::fs::write(&page, &text).expect("the page put back");
    let chinese = folder.0.join("docs/src/zh/01-single-exchange.md");
    let translated = std::fs::read_to_string(&chinese).expect("lesson 01's Chinese page");
    std::fs::write(
        &chinese,
        translated.replacen(
            "server → client  \"hi\"  (2 bytes)",
            "server → client  \"hey\"  (3 bytes)",
            1,
        ),
    )
    .expect("the drifted page");
    docs_check()
        .failure()
        .stdout(contains("DRIFT docs/src/zh/01-single-exchange.md"))
        .stderr(contains("1 place in the book differs"));

    // And without it: the Chinese book lacks a page of the English one.
    std::fs::remove_file(&chinese).expect("removed");
    docs_check().failure().stdout(contains(
        "DRIFT docs/src/zh/01-single-exchange.md: the Chinese book has no page for docs/src/01-single-exchange.md",
    ));
}
