//! The book in `docs/` shows what the sources, the snapshots and the runner give now, and
//! the check catches a page left behind when they change.
//!
//! The drift cases work on a copy of one lesson's sources in a temporary folder: the real
//! files are only read.

mod bound;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use assert_cmd::Command;
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;
use xtask::book::books::Lang;
use xtask::book::{self, Inputs, Source};
use xtask::catalog::Lesson;
use xtask::play::STEP_TIMEOUT;
use xtask::workspace;

/// Every lesson played once for this file's tests, with each scenario's diagram: one play
/// of each lesson, however many tests need the diagrams.
fn inputs_now() -> &'static Inputs {
    static INPUTS: OnceLock<Inputs> = OnceLock::new();
    INPUTS.get_or_init(|| {
        bound::within(bound::PLAY, "playing every lesson", || {
            Inputs::now(STEP_TIMEOUT).expect("every lesson plays and matches its snapshots")
        })
    })
}

#[test]
fn the_book_shows_what_the_sources_snapshots_and_runner_give_now() {
    let drifts = book::check_book(inputs_now()).expect("the pages can be read");
    let report: Vec<String> = drifts.iter().map(ToString::to_string).collect();
    assert!(
        drifts.is_empty(),
        "{}\n\nRegenerate the pages with `cargo xtask docs`, then review `git diff docs/`.",
        report.join("\n\n")
    );
}

/// A copy of lesson 03's pages, in both books, and of everything they are made from,
/// removed when dropped.
struct Copy {
    root: PathBuf,
}

impl Copy {
    fn of_lesson_03(test: &str) -> Copy {
        let root = std::env::temp_dir().join(format!("xtask-docs-{test}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let real = workspace::root();
        let mut files = vec![
            PathBuf::from("docs/src/03-quit.md"),
            PathBuf::from("docs/src/SUMMARY.md"),
            PathBuf::from("docs/src/programs/03.md"),
            PathBuf::from("docs/src/zh/03-quit.md"),
            PathBuf::from("docs/src/zh/SUMMARY.md"),
            PathBuf::from("docs/src/zh/programs/03.md"),
            PathBuf::from("lessons/03-quit/scenarios.txt"),
            PathBuf::from("lessons/03-quit/src/bin/lesson03-server.rs"),
            PathBuf::from("lessons/03-quit/src/bin/lesson03-client.rs"),
        ];
        for entry in std::fs::read_dir(real.join("examples/python")).expect("the Python") {
            let name = entry.expect("an entry").file_name();
            if name.to_string_lossy().starts_with("lesson03-") {
                files.push(Path::new("examples/python").join(name));
            }
        }
        for entry in std::fs::read_dir(real.join("snapshots")).expect("the snapshots") {
            let name = entry.expect("an entry").file_name();
            if name.to_string_lossy().starts_with("lesson03__") {
                files.push(Path::new("snapshots").join(name));
            }
        }
        for name in book::books::SHARED_ASSETS {
            files.push(Path::new("docs/assets").join(name));
            files.push(Path::new("docs/zh/assets").join(name));
        }
        for file in files {
            let to = root.join(&file);
            std::fs::create_dir_all(to.parent().expect("a folder")).expect("a temporary folder");
            std::fs::copy(real.join(&file), &to).expect("a copy");
        }
        Copy { root }
    }

    fn read(&self, file: &str) -> String {
        std::fs::read_to_string(self.root.join(file)).expect("a copied file")
    }

    fn replace(&self, file: &str, from: &str, to: &str) {
        let text = self.read(file);
        assert!(text.contains(from), "{file} holds {from:?}");
        std::fs::write(self.root.join(file), text.replacen(from, to, 1)).expect("written");
    }
}

impl Drop for Copy {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

const PAGE: &str = "docs/src/03-quit.md";
const CHINESE_PAGE: &str = "docs/src/zh/03-quit.md";

fn drifted_blocks(copy: &Copy, inputs: &Inputs) -> Vec<(usize, String)> {
    book::check_page(&copy.read(PAGE), Path::new(PAGE), inputs)
        .into_iter()
        .map(|drift| (drift.line, drift.problem))
        .collect()
}

#[test]
fn a_snapshot_or_source_changed_without_its_page_is_drift_until_regenerated() {
    let lesson = Lesson::find(3).expect("lesson 03");
    let copy = Copy::of_lesson_03("drift");
    let inputs = Inputs {
        root: copy.root.clone(),
        diagrams: inputs_now().diagrams.clone(),
    };
    assert_eq!(
        drifted_blocks(&copy, &inputs),
        Vec::new(),
        "the copy starts in step"
    );
    assert!(book::missing_blocks(lesson, Lang::En, &inputs).is_empty());

    // The snapshot changes (as `--accept` would change it); the page does not.
    copy.replace(
        "snapshots/lesson03__client-quits.snap",
        "server → client  \"c2\"  (2 bytes)",
        "server → client  \"c2!\"  (3 bytes)",
    );
    let before = copy.read(PAGE);
    let drifts = drifted_blocks(&copy, &inputs);
    assert_eq!(copy.read(PAGE), before, "checking never writes");
    assert_eq!(drifts.len(), 1, "{drifts:#?}");
    let (line, problem) = &drifts[0];
    assert!(
        problem.starts_with("`transcript lesson03__client-quits` differs"),
        "{problem}"
    );
    assert!(
        problem.contains("-server → client  \"c2\"  (2 bytes)")
            && problem.contains("+server → client  \"c2!\"  (3 bytes)"),
        "{problem}"
    );
    let marker = before.lines().nth(line - 1).expect("the marker's line");
    assert_eq!(
        marker,
        "<!-- generated: transcript lesson03__client-quits -->"
    );

    // The code changes under an anchor the page includes.
    copy.replace(
        "lessons/03-quit/src/bin/lesson03-server.rs",
        "// if ret.upper() == \"Q\": break",
        "// if ret.strip().upper() == \"Q\": break",
    );
    let drifts = drifted_blocks(&copy, &inputs);
    assert_eq!(drifts.len(), 2, "{drifts:#?}");
    assert!(
        drifts.iter().any(|(_, problem)| problem
            .starts_with("`code lessons/03-quit/src/bin/lesson03-server.rs#chat` differs")
            && problem.contains("+        // if ret.strip().upper() == \"Q\": break")),
        "{drifts:#?}"
    );

    // The diagram the runner draws changes.
    let mut redrawn = inputs.clone();
    let drawing = redrawn
        .diagrams
        .get_mut("lesson03__server-quits")
        .and_then(Option::as_mut)
        .expect("a diagram of server-quits");
    *drawing = drawing.replace("server closes", "client closes");
    assert!(
        drifted_blocks(&copy, &redrawn)
            .iter()
            .any(|(_, problem)| problem.starts_with("`diagram lesson03__server-quits` differs")),
    );

    // Update mode rewrites the blocks, and nothing else.
    let (regenerated, changed) =
        book::refresh(&before, Path::new(PAGE), &inputs).expect("every block renders");
    assert_eq!(changed, 2);
    std::fs::write(copy.root.join(PAGE), &regenerated).expect("written");
    assert_eq!(drifted_blocks(&copy, &inputs), Vec::new());
    let prose = |text: &str| -> Vec<String> {
        let blocks = book::blocks(text).expect("blocks");
        let mut kept = Vec::new();
        let mut from = 0;
        for block in blocks {
            kept.push(text[from..block.content.start].to_owned());
            from = block.content.end;
        }
        kept.push(text[from..].to_owned());
        kept
    };
    assert_eq!(
        prose(&regenerated),
        prose(&before),
        "the prose is untouched"
    );
}

#[test]
fn a_scenario_without_its_blocks_on_the_page_is_reported() {
    let lesson = Lesson::find(3).expect("lesson 03");
    let copy = Copy::of_lesson_03("missing");
    let inputs = Inputs {
        root: copy.root.clone(),
        diagrams: inputs_now().diagrams.clone(),
    };
    let text = copy.read(PAGE);
    let blocks = book::blocks(&text).expect("blocks");
    let diagram = blocks
        .iter()
        .find(|block| {
            block.source
                == Source::Diagram {
                    snapshot: "lesson03__client-quits".into(),
                }
        })
        .expect("the page draws client-quits");
    // Take the block out, markers and all.
    let start = text[..diagram.content.start - 1]
        .rfind('\n')
        .map_or(0, |at| at + 1);
    let end = diagram.content.end + "<!-- end -->\n".len();
    std::fs::write(
        copy.root.join(PAGE),
        format!("{}{}", &text[..start], &text[end..]),
    )
    .expect("written");
    let missing: Vec<String> = book::missing_blocks(lesson, Lang::En, &inputs)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(missing.len(), 1, "{missing:#?}");
    assert!(
        missing[0].contains("no block `diagram lesson03__client-quits`"),
        "{missing:#?}"
    );
}

fn xtask() -> Command {
    let mut command = Command::cargo_bin("xtask").expect("the xtask binary");
    // The runner in English whatever the machine's locale: the tests read its words.
    command.timeout(bound::COMMAND).env("LC_ALL", "C.UTF-8");
    command
}

#[test]
fn the_runner_draws_a_lessons_diagrams_on_request() {
    // Not while this file's other tests play every lesson: one play at a time.
    let _ = inputs_now();
    xtask()
        .args(["lesson", "3", "--diagram"])
        .env("NO_COLOR", "1")
        .assert()
        .success()
        .stdout(contains("─── sequence diagram ─"))
        .stdout(contains("three-way handshake (connect / accept)"))
        .stdout(contains("│  \"q\"  (1 byte)").and(contains("│  server closes too")))
        .stdout(contains("2 of 2 scenarios passed"));
    xtask()
        .args(["lesson", "8", "--diagram"])
        .env("NO_COLOR", "1")
        .assert()
        .success()
        .stdout(contains("nothing passes on the wire, so no diagram"));
}

#[test]
fn the_notes_python_and_the_programs_page_are_held_to_their_files() {
    let lesson = Lesson::find(3).expect("lesson 03");
    let copy = Copy::of_lesson_03("python");
    let inputs = Inputs {
        root: copy.root.clone(),
        diagrams: inputs_now().diagrams.clone(),
    };
    assert_eq!(drifted_blocks(&copy, &inputs), Vec::new());

    // The notes' Python changes: the page shows the old file.
    copy.replace(
        "examples/python/lesson03-server.py",
        "import socket",
        "import socket  # changed",
    );
    let drifts = drifted_blocks(&copy, &inputs);
    assert_eq!(drifts.len(), 1, "{drifts:#?}");
    assert!(
        drifts[0].1.starts_with("`python 03` differs")
            && drifts[0].1.contains("+import socket  # changed"),
        "{drifts:#?}"
    );

    // The page the code's links lead to is gone.
    std::fs::remove_file(copy.root.join("docs/src/programs/03.md")).expect("removed");
    let missing: Vec<String> = book::missing_blocks(lesson, Lang::En, &inputs)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(missing.len(), 1, "{missing:#?}");
    assert!(
        missing[0].starts_with("docs/src/programs/03.md: ") && missing[0].contains("programs 03"),
        "{missing:#?}"
    );
}

/// What `missing_translations` finds in the copy, as text.
fn missing_translations(copy: &Copy) -> Vec<String> {
    let english = [
        PathBuf::from(PAGE),
        PathBuf::from("docs/src/programs/03.md"),
    ];
    book::books::missing_translations(&copy.root, &english)
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn the_chinese_page_shows_what_the_english_one_shows_and_drifts_with_it() {
    let lesson = Lesson::find(3).expect("lesson 03");
    let copy = Copy::of_lesson_03("chinese");
    let inputs = Inputs {
        root: copy.root.clone(),
        diagrams: inputs_now().diagrams.clone(),
    };
    let chinese_drifts = || {
        book::check_page(&copy.read(CHINESE_PAGE), Path::new(CHINESE_PAGE), &inputs)
            .into_iter()
            .map(|drift| drift.problem)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        chinese_drifts(),
        Vec::<String>::new(),
        "the copy starts in step"
    );
    assert!(book::missing_blocks(lesson, Lang::Zh, &inputs).is_empty());
    assert_eq!(missing_translations(&copy), Vec::<String>::new());

    // The snapshot changes: the Chinese page drifts as the English one does.
    copy.replace(
        "snapshots/lesson03__client-quits.snap",
        "server → client  \"c2\"  (2 bytes)",
        "server → client  \"c2!\"  (3 bytes)",
    );
    let drifts = chinese_drifts();
    assert_eq!(drifts.len(), 1, "{drifts:#?}");
    assert!(
        drifts[0].starts_with("`transcript lesson03__client-quits` differs")
            && drifts[0].contains("+server → client  \"c2!\"  (3 bytes)"),
        "{drifts:#?}"
    );

    // Its code links lead to the Chinese book's own programs page.
    let (regenerated, _) =
        book::refresh(&copy.read(CHINESE_PAGE), Path::new(CHINESE_PAGE), &inputs)
            .expect("every block renders");
    assert!(
        regenerated.contains("](programs/03.md#lesson03-serverrs)"),
        "the Chinese page links to its own programs page"
    );

    // A block of the English page that the Chinese page leaves out.
    let text = copy.read(CHINESE_PAGE);
    let marker = "<!-- generated: diagram lesson03__server-quits -->\n";
    let start = text
        .find(marker)
        .expect("the Chinese page draws server-quits");
    let end =
        start + text[start..].find("<!-- end -->\n").expect("its end") + "<!-- end -->\n".len();
    std::fs::write(
        copy.root.join(CHINESE_PAGE),
        format!("{}{}", &text[..start], &text[end..]),
    )
    .expect("written");
    let missing = missing_translations(&copy);
    assert_eq!(missing.len(), 1, "{missing:#?}");
    assert!(
        missing[0].starts_with("docs/src/zh/03-quit.md: no block `diagram lesson03__server-quits`, which docs/src/03-quit.md shows"),
        "{missing:#?}"
    );
    let missing: Vec<String> = book::missing_blocks(lesson, Lang::Zh, &inputs)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert!(
        missing
            .iter()
            .any(|problem| problem.contains("no block `diagram lesson03__server-quits`")),
        "{missing:#?}"
    );
}

#[test]
fn an_english_page_without_its_chinese_page_is_reported() {
    let copy = Copy::of_lesson_03("untranslated");
    std::fs::remove_file(copy.root.join(CHINESE_PAGE)).expect("removed");
    let missing = missing_translations(&copy);
    assert_eq!(missing.len(), 1, "{missing:#?}");
    assert_eq!(
        missing[0],
        "docs/src/zh/03-quit.md: the Chinese book has no page for docs/src/03-quit.md: translate it, with the same generated blocks"
    );
    let inputs = Inputs {
        root: copy.root.clone(),
        diagrams: inputs_now().diagrams.clone(),
    };
    let lesson = Lesson::find(3).expect("lesson 03");
    assert_eq!(
        book::missing_blocks(lesson, Lang::Zh, &inputs),
        Vec::new(),
        "the missing page is named once, as a translation"
    );

    // A stale copy of a shared asset is reported too, and `copy_assets` mends it.
    copy.replace("docs/zh/assets/book.css", "{", "{ color: red;");
    let missing = missing_translations(&copy);
    assert!(
        missing
            .iter()
            .any(|problem| problem == "docs/zh/assets/book.css: is not a copy of docs/assets/book.css: run `cargo xtask docs`"),
        "{missing:#?}"
    );
    let written = book::books::copy_assets(&copy.root).expect("copied");
    assert_eq!(written, [PathBuf::from("docs/zh/assets/book.css")]);
    assert_eq!(
        missing_translations(&copy).len(),
        1,
        "only the page is missing now"
    );
}

#[test]
fn a_missing_chinese_programs_page_is_written_by_docs_and_filled_in() {
    let lesson = Lesson::find(3).expect("lesson 03");
    let copy = Copy::of_lesson_03("programs-zh");
    let inputs = Inputs {
        root: copy.root.clone(),
        diagrams: inputs_now().diagrams.clone(),
    };
    std::fs::remove_file(copy.root.join("docs/src/zh/programs/03.md")).expect("removed");
    let missing: Vec<String> = book::missing_blocks(lesson, Lang::Zh, &inputs)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(missing.len(), 1, "{missing:#?}");
    assert!(
        missing[0].starts_with("docs/src/zh/programs/03.md: "),
        "{missing:#?}"
    );

    // `update_book` writes it, with the programs, from the same sources as the English one.
    let (_, problems) = book::update_book(&inputs).expect("the pages can be read");
    let page = copy.read("docs/src/zh/programs/03.md");
    assert!(page.starts_with("# 第 03 课的完整程序 · 退出\n"), "{page}");
    assert!(page.contains("### lesson03-server.rs"), "{page}");
    assert!(
        problems
            .iter()
            .all(|problem| !problem.page.ends_with("zh/programs/03.md")),
        "{problems:#?}"
    );
}
