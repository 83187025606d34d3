//! The books as a browser gets them: the English book and the Chinese one, built with
//! mdBook, every page's code lines and tables fit the projected page, the English book's
//! Chinese is marked as Simplified Chinese, the Chinese book is `zh-CN` throughout, the two
//! link to each other, and the search finds Chinese words.
//!
//! It needs `mdbook` (0.5.4, as `.ci/run` installs it), and the search test Node.js to run
//! the books' search scripts, so it is ignored in a plain `cargo test`; `.ci/run` runs it
//! with `--ignored`, and it fails if either is missing.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::mpsc;
use std::time::Duration;

use xtask::book::html;
use xtask::workspace;

/// The mdBook release the book is written for (`.ci/run` installs the same).
const MDBOOK: &str = "0.5.4";

/// How long building a book, or running a search in it, may take before the test gives up.
const BUILD_LIMIT: Duration = Duration::from_secs(120);

/// Both books, built into a temporary folder as they are meant to be published: the
/// English book at its top, the Chinese book in `zh/` (where their links to each other
/// lead), removed when dropped.
struct Built {
    dir: PathBuf,
}

impl Drop for Built {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn build(test: &str) -> Built {
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
    let dir = std::env::temp_dir().join(format!("xtask-book-{test}-{}", std::process::id()));
    let built = Built { dir };
    // The English book first: mdBook empties its destination before it writes.
    run_mdbook(&workspace::root().join("docs"), &built.dir);
    run_mdbook(&workspace::root().join("docs/zh"), &built.dir.join("zh"));
    built
}

/// Builds one book into `dest`; fails on an error or a warning.
fn run_mdbook(book: &Path, dest: &Path) {
    let mut child = Command::new("mdbook")
        .arg("build")
        .arg(book)
        .arg("--dest-dir")
        .arg(dest)
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
    assert!(
        status.success(),
        "mdbook build {} failed:\n{stderr}",
        book.display()
    );
    assert!(
        !stderr.contains("WARN") && !stderr.contains("ERROR"),
        "mdbook build {} warned:\n{stderr}",
        book.display()
    );
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
fn the_built_books_fit_the_page_mark_their_chinese_and_draw_their_colours() {
    let built = build("pages");
    let pages = pages(&built.dir);
    let chinese: Vec<&PathBuf> = pages
        .iter()
        .filter(|page| page.starts_with(built.dir.join("zh")))
        .collect();
    assert!(
        chinese.len() >= 12,
        "the Chinese book has its pages: {chinese:?}"
    );
    for page in pages.iter().filter(|page| !chinese.contains(page)) {
        let inside = page.strip_prefix(&built.dir).expect("a page of the book");
        assert!(
            built.dir.join("zh").join(inside).is_file(),
            "the Chinese book has no {}",
            inside.display()
        );
    }
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
        if name.starts_with("programs") || name.starts_with("zh/programs") {
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

    // The Chinese book is Simplified Chinese throughout, and draws the colours too.
    for page in &chinese {
        let text = std::fs::read_to_string(page).expect("a page");
        assert!(
            text.contains("<html lang=\"zh-CN\""),
            "{} is not marked zh-CN",
            page.display()
        );
    }
    let colours = read(&built.dir, "zh/06-colours.html");
    assert!(
        colours.contains("<script src=\"assets/ansi-colours") && colours.contains("⟨green⟩"),
        "the Chinese page draws the colour tags"
    );

    // Each book's introduction links to the other's, and the link leads to a page.
    for (from, link, to) in [
        (
            "introduction.html",
            "href=\"zh/introduction.html\"",
            "zh/introduction.html",
        ),
        (
            "zh/introduction.html",
            "href=\"../introduction.html\"",
            "introduction.html",
        ),
    ] {
        assert!(
            read(&built.dir, from).contains(link),
            "{from} links to {to} ({link})"
        );
        assert!(built.dir.join(to).is_file(), "{to} is there");
    }
}

/// The first results (page and section) of a search in a built book, as its search box
/// finds them: mdBook's index and search script, then the book's own scripts, run by
/// Node.js on the search index mdBook wrote.
fn search(book: &Path, query: &str) -> Vec<String> {
    const SCRIPT: &str = r#"
        const vm = require('vm'), fs = require('fs'), path = require('path');
        const [dir, query] = process.argv.slice(1);
        globalThis.window = globalThis;
        window.search = {};
        // As in a browser: no CommonJS module for elasticlunr to export itself to.
        globalThis.module = undefined;
        globalThis.exports = undefined;
        const named = (folder, prefix) => path.join(folder,
            fs.readdirSync(folder).find(f => f.startsWith(prefix) && f.endsWith('.js')));
        for (const file of [named(dir, 'elasticlunr'), named(dir, 'searchindex'),
                            named(path.join(dir, 'assets'), 'cjk-search')]) {
            vm.runInThisContext(fs.readFileSync(file, 'utf8'), { filename: file });
        }
        const index = elasticlunr.Index.load(window.search.index);
        for (const result of index.search(query, window.search.search_options).slice(0, 10)) {
            console.log(window.search.doc_urls[result.ref]);
        }
    "#;
    let mut child = Command::new("node")
        .arg("-e")
        .arg(SCRIPT)
        .arg(book)
        .arg(query)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| {
            panic!("node is not installed ({error}): the search test runs the books' search scripts with Node.js")
        });
    let mut stdout = child.stdout.take().expect("node's output");
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stdout.read_to_string(&mut text);
        let _ = sender.send(text);
    });
    let Ok(found) = receiver.recv_timeout(BUILD_LIMIT) else {
        let _ = child.kill();
        let _ = child.wait();
        panic!("searching for {query} took over {BUILD_LIMIT:?}");
    };
    let output = child.wait_with_output().expect("node's exit");
    assert!(
        output.status.success(),
        "the search for {query} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    found.lines().map(str::to_owned).collect()
}

#[test]
#[ignore = "builds the books with mdbook 0.5.4 and searches them with node: run with --ignored where both are installed (.ci/run)"]
fn the_search_finds_chinese_words_in_both_books() {
    let built = build("search");
    let zh = built.dir.join("zh");
    let found = search(&zh, "退出");
    assert!(
        found.iter().any(|url| url.starts_with("03-quit.html")),
        "退出 finds lesson 03 in the Chinese book: {found:?}"
    );
    let found = search(&zh, "半关闭");
    assert!(
        found.iter().any(|url| url.starts_with("glossary.html")),
        "半关闭 finds the glossary: {found:?}"
    );
    let found = search(&built.dir, "循环聊天");
    assert!(
        found.iter().any(|url| url.starts_with("02-loop-chat.html")),
        "循环聊天 finds lesson 02 in the English book: {found:?}"
    );
    // A query without Chinese goes to mdBook's own search, as before.
    let found = search(&built.dir, "handshake");
    assert!(
        found
            .iter()
            .any(|url| url.starts_with("01-single-exchange.html")),
        "handshake finds lesson 01: {found:?}"
    );
}

fn read(dir: &Path, page: &str) -> String {
    std::fs::read_to_string(dir.join(page)).unwrap_or_else(|error| panic!("{page}: {error}"))
}
