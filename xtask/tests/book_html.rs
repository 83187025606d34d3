//! The book as a browser gets it: built with mdBook, every page's code lines and tables
//! fit the projected page, and its Chinese is marked as Simplified Chinese.
//!
//! It needs `mdbook` (0.5.4, as `.ci/run` installs it), so it is ignored in a plain
//! `cargo test`; `.ci/run` runs it with `--ignored`, and fails if mdBook is missing.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::mpsc;
use std::time::Duration;

use xtask::book::html;
use xtask::workspace;

/// The mdBook release the book is written for (`.ci/run` installs the same).
const MDBOOK: &str = "0.5.4";

/// How long building the book may take before the test gives up on it.
const BUILD_LIMIT: Duration = Duration::from_secs(120);

/// The book, built into a temporary folder, removed when dropped.
struct Built {
    dir: PathBuf,
}

impl Drop for Built {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn build() -> Built {
    let version = Command::new("mdbook")
        .arg("--version")
        .output()
        .unwrap_or_else(|error| {
            panic!("mdbook is not installed ({error}): cargo install mdbook --version {MDBOOK} --locked")
        });
    let version = String::from_utf8_lossy(&version.stdout);
    assert!(
        version.contains(MDBOOK),
        "the book is built with mdBook {MDBOOK}, this is {version}"
    );
    let dir = std::env::temp_dir().join(format!("xtask-book-{}", std::process::id()));
    let built = Built { dir };
    let mut child = Command::new("mdbook")
        .arg("build")
        .arg(workspace::root().join("docs"))
        .arg("--dest-dir")
        .arg(&built.dir)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("mdbook starts");
    // Its standard error ends when mdBook exits: read it on a thread, and wait for that
    // with a bound, so a hung build cannot hang the test.
    let mut pipe = child.stderr.take().expect("mdbook's standard error");
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let mut stderr = String::new();
        let _ = pipe.read_to_string(&mut stderr);
        let _ = sender.send(stderr);
    });
    let stderr = match receiver.recv_timeout(BUILD_LIMIT) {
        Ok(stderr) => stderr,
        Err(_) => {
            let _ = child.kill();
            let _ = child.wait();
            panic!("mdbook build took over {BUILD_LIMIT:?}");
        }
    };
    let status = child.wait().expect("mdbook's exit");
    assert!(status.success(), "mdbook build failed:\n{stderr}");
    assert!(
        !stderr.contains("WARN") && !stderr.contains("ERROR"),
        "mdbook build warned:\n{stderr}"
    );
    built
}

/// The book's pages: every `.html` but mdBook's own (the print page repeats every page,
/// the table of contents and the 404 page have no content of the book's).
fn pages(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("the built book") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|ext| ext == "html")
                && !["print.html", "toc.html", "404.html"].contains(
                    &path
                        .file_name()
                        .and_then(|name| name.to_str())
                        .unwrap_or(""),
                )
            {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

#[test]
#[ignore = "builds the book with mdbook 0.5.4: run with --ignored where it is installed (.ci/run installs it)"]
fn the_built_book_fits_the_page_marks_its_chinese_and_draws_its_colours() {
    let built = build();
    let pages = pages(&built.dir);
    assert!(pages.len() >= 12, "the book has its pages: {pages:?}");
    let mut problems = Vec::new();
    let mut widest = (0, String::new());
    for page in &pages {
        let text = std::fs::read_to_string(page).expect("a page");
        let name = page
            .strip_prefix(&built.dir)
            .unwrap_or(page)
            .display()
            .to_string();
        // The programs in full are read on a screen, not projected: their lines are the
        // sources' own, long strings among them.
        if name.starts_with("programs") {
            continue;
        }
        widest = widest.max((html::widest_code_line(&text), name.clone()));
        for wide in html::too_wide(&text) {
            problems.push(format!("{name}: {wide}"));
        }
    }
    eprintln!(
        "the widest code line: {} columns, on {}",
        widest.0, widest.1
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    let quit = read(&built.dir, "03-quit.html");
    assert!(
        quit.contains("<span lang=\"zh-CN\">退出</span>"),
        "the page's Chinese is marked as Simplified Chinese"
    );
    let colours = read(&built.dir, "06-colours.html");
    assert!(
        colours.contains("<script src=\"assets/ansi-colours"),
        "the page loads the script that draws ⟨green⟩…⟨/⟩ in green"
    );
    // mdBook names its copy with a hash of the content (`ansi-colours-3dae3a80.js`).
    let copied = std::fs::read_dir(built.dir.join("assets"))
        .map(|entries| {
            entries.filter_map(Result::ok).any(|entry| {
                entry
                    .file_name()
                    .to_string_lossy()
                    .starts_with("ansi-colours")
            })
        })
        .unwrap_or(false);
    assert!(copied, "the script is in the book");
    assert!(
        colours.contains("⟨green⟩"),
        "the transcript keeps its colour tags"
    );
}

fn read(dir: &Path, page: &str) -> String {
    std::fs::read_to_string(dir.join(page)).unwrap_or_else(|error| panic!("{page}: {error}"))
}
