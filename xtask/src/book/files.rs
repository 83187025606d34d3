//! Whole files in the book: the notes' Python beside each lesson's Rust (`python NN`),
//! and each lesson's programs in full (`programs NN`, on `docs/src/programs/NN.md`),
//! where the links from the code on a lesson's page lead.
//!
//! The links go to a page of the book rather than to the source file itself: a page is
//! there both under `mdbook serve`, which serves only the book, and on a code host.

use std::path::{Path, PathBuf};

use super::books::Lang;
use crate::catalog::Lesson;

/// The folder of the notes' Python, restored: `lessonNN-server.py`, `lessonNN-client.py`,
/// and lesson 08's cases as `lesson08-….py`.
pub const PYTHON_DIR: &str = "examples/python";

/// The page of a book that shows a lesson's programs in full, relative to the root.
pub fn programs_page(lesson: u8, lang: Lang) -> PathBuf {
    lang.page(format!("programs/{lesson:02}.md"))
}

/// The files of a folder (relative to `root`) that `keep` accepts, relative to the root
/// with `/` between folders, the server first, then the client, then the others by name.
fn files_in(root: &Path, dir: &Path, keep: impl Fn(&str) -> bool) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .filter(|entry| entry.path().is_file())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| keep(name))
        .collect();
    let rank = |name: &str| {
        if name.contains("-server.") {
            0
        } else if name.contains("-client.") {
            1
        } else {
            2
        }
    };
    names.sort_by(|a, b| rank(a).cmp(&rank(b)).then(a.cmp(b)));
    let dir = dir.to_string_lossy().replace('\\', "/");
    names
        .into_iter()
        .map(|name| format!("{dir}/{name}"))
        .collect()
}

/// The notes' Python of a lesson that has been restored so far.
pub fn python_files(root: &Path, lesson: u8) -> Vec<String> {
    let prefix = format!("lesson{lesson:02}-");
    files_in(root, Path::new(PYTHON_DIR), |name| {
        name.starts_with(&prefix) && name.ends_with(".py")
    })
}

/// A lesson's Rust programs: its binaries, then (lesson 08) the cases that do not compile.
pub fn program_files(root: &Path, lesson: Lesson) -> Vec<String> {
    let dir = PathBuf::from("lessons").join(format!("{:02}-{}", lesson.number, lesson.topic));
    let rust = |name: &str| name.ends_with(".rs");
    let mut files = files_in(root, &dir.join("src/bin"), rust);
    // What the programs share (lesson 09's length prefix, lesson 11's numbers).
    files.extend(files_in(root, &dir.join("src"), |name| name == "lib.rs"));
    files.extend(files_in(root, &dir.join("cases/compile-fail"), rust));
    files
}

/// The heading a whole file gets on its page, and so the anchor a link to it names: the
/// file's name (`lesson03-server.rs`, `recv-into-tuple.rs`).
pub fn heading(file: &str) -> &str {
    file.rsplit('/').next().unwrap_or(file)
}

/// The anchor mdBook and code hosts alike give a heading of `text`: lower case, letters,
/// digits, `-` and `_` kept, spaces made `-`, everything else left out.
pub fn anchor(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

/// Where a link from `page` to the whole of `file` goes: its lesson's programs page in
/// the page's own book, at the file's heading; a file outside the lessons, the file itself.
pub fn link(page: &Path, file: &str) -> String {
    let lesson = file
        .strip_prefix("lessons/")
        .and_then(|rest| rest.get(..2))
        .and_then(|number| number.parse::<u8>().ok());
    let depth = page.parent().map_or(0, |dir| dir.components().count());
    match lesson {
        Some(number) => {
            let lang = Lang::of(page);
            let target = programs_page(number, lang);
            let below_src = page
                .parent()
                .and_then(|dir| dir.strip_prefix(lang.src()).ok())
                .map_or(0, |dir| dir.components().count());
            let target = target.strip_prefix(lang.src()).unwrap_or(&target);
            format!(
                "{}{}#{}",
                "../".repeat(below_src),
                target.to_string_lossy().replace('\\', "/"),
                anchor(heading(file))
            )
        }
        None => format!("{}{file}", "../".repeat(depth)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_server_comes_first_then_the_client_then_the_rest() {
        let root = crate::workspace::root();
        let lesson = Lesson::find(3).expect("lesson 03");
        assert_eq!(
            program_files(&root, lesson),
            [
                "lessons/03-quit/src/bin/lesson03-server.rs",
                "lessons/03-quit/src/bin/lesson03-client.rs"
            ]
        );
        let cases = program_files(&root, Lesson::find(8).expect("lesson 08"));
        assert_eq!(cases[0], "lessons/08-udp-errors/src/bin/lesson08-cases.rs");
        assert!(
            cases[1..]
                .iter()
                .all(|file| file.contains("/cases/compile-fail/"))
        );
    }

    #[test]
    fn a_link_to_a_lesson_file_goes_to_its_programs_page() {
        let page = Path::new("docs/src/03-quit.md");
        assert_eq!(
            link(page, "lessons/03-quit/src/bin/lesson03-server.rs"),
            "programs/03.md#lesson03-serverrs"
        );
        assert_eq!(
            link(
                Path::new("docs/src/programs/08.md"),
                "lessons/08-udp-errors/cases/compile-fail/recv-into-tuple.rs"
            ),
            "../programs/08.md#recv-into-tuplers"
        );
        assert_eq!(link(page, "README.md"), "../../README.md");
        assert_eq!(
            link(
                Path::new("docs/src/zh/03-quit.md"),
                "lessons/03-quit/src/bin/lesson03-server.rs"
            ),
            "programs/03.md#lesson03-serverrs",
            "the Chinese book links to its own programs pages"
        );
        assert_eq!(
            link(Path::new("docs/src/zh/03-quit.md"), "README.md"),
            "../../../README.md"
        );
    }

    #[test]
    fn anchors_are_made_as_mdbook_and_code_hosts_make_them() {
        assert_eq!(anchor("lesson03-server.rs"), "lesson03-serverrs");
        assert_eq!(anchor("The notes' Python"), "the-notes-python");
    }
}
