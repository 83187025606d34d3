//! The Chinese in the pages' prose: marked as Simplified Chinese in the English book, and
//! never broken across lines in either book.
//!
//! The English book is `lang="en"`, and a browser draws unmarked Chinese with the
//! first CJK font it finds, often in Japanese glyph shapes; `<span lang="zh-CN">…</span>`
//! tells it which. The Chinese book is `lang="zh-CN"`, so its Chinese needs no mark. A line break inside Chinese text is shown as a space, which Chinese
//! does not have. Code (code spans, code blocks, generated blocks) is left alone: there
//! the book's fonts put Simplified Chinese first (`docs/assets/book.css`).

use super::fit;
use super::{BEGIN, END};

/// How Chinese prose is marked.
pub const MARK: &str = "<span lang=\"zh-CN\">";

/// A character that is Chinese (or another wide script) for the check.
fn is_wide(c: char) -> bool {
    fit::columns(c.encode_utf8(&mut [0; 4])) == 2
}

/// Each prose line of a page that shows Chinese unmarked (when `marked`: the English
/// book's pages), or breaks Chinese text across lines: the line's number (from 1) and
/// what is wrong.
pub fn problems(text: &str, marked: bool) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    let mut in_fence = false;
    let mut in_block = false;
    let mut in_code_span = false;
    let mut previous: Option<&str> = None;
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        let bare = line.trim_start();
        if line.starts_with(BEGIN) {
            in_block = true;
        } else if line.trim_end() == END {
            in_block = false;
            previous = None;
            continue;
        }
        if bare.starts_with("```") {
            in_fence = !in_fence;
            previous = None;
            continue;
        }
        if in_block || in_fence || bare.starts_with("<!--") {
            previous = None;
            continue;
        }
        if bare.is_empty() {
            previous = None;
            in_code_span = false;
            continue;
        }
        let (prose, still_in_code) = outside_code(line, in_code_span);
        in_code_span = still_in_code;
        if marked && unmarked(&prose).any(is_wide) {
            found.push((
                number,
                format!("Chinese outside `{MARK}…</span>`: {}", line.trim()),
            ));
        }
        if let Some(before) = previous {
            let ends_wide = before.trim_end().chars().last().is_some_and(is_wide);
            let starts_wide = bare.chars().next().is_some_and(is_wide);
            if ends_wide && starts_wide {
                found.push((
                    number,
                    "a line break inside Chinese text (a browser shows it as a space): join the lines"
                        .to_owned(),
                ));
            }
        }
        previous = Some(line);
    }
    found
}

/// The line without its code spans, and whether a code span is still open at its end
/// (a code span may go on over the next line of its paragraph).
fn outside_code(line: &str, mut in_code: bool) -> (String, bool) {
    let mut prose = String::new();
    for (index, piece) in line.split('`').enumerate() {
        if index > 0 {
            in_code = !in_code;
        }
        if !in_code {
            prose.push_str(piece);
        }
    }
    (prose, in_code)
}

/// The characters of some prose that are outside its marked Chinese.
fn unmarked(prose: &str) -> impl Iterator<Item = char> + '_ {
    let mut rest = prose;
    let mut outside = String::new();
    while let Some(start) = rest.find(MARK) {
        outside.push_str(&rest[..start]);
        let after = &rest[start + MARK.len()..];
        match after.find("</span>") {
            Some(end) => rest = &after[end + "</span>".len()..],
            None => {
                rest = "";
                break;
            }
        }
    }
    outside.push_str(rest);
    outside.chars().collect::<Vec<_>>().into_iter()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marked_chinese_and_chinese_in_code_are_right() {
        let page = "# Lesson 03 · <span lang=\"zh-CN\">退出</span>\n\nType `小马过河1234QQ`, or\n`a\n小马`.\n\n```text\n小马过河\n```\n<!-- generated: errors -->\n退出\n<!-- end -->\n";
        assert_eq!(problems(page, true), Vec::new());
    }

    #[test]
    fn unmarked_chinese_is_found_with_its_line() {
        let page = "# Title\n\nThe notes say 退出 here.\n";
        let found = problems(page, true);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, 3);
        assert!(found[0].1.starts_with("Chinese outside"), "{found:?}");
        assert_eq!(
            problems(page, false),
            Vec::new(),
            "the Chinese book needs no mark"
        );
    }

    #[test]
    fn a_line_break_inside_chinese_is_found() {
        let page = "<span lang=\"zh-CN\">在对方接收后面\n打印接收之前</span>\n";
        let found = problems(page, true);
        assert!(
            found
                .iter()
                .any(|(line, problem)| *line == 2 && problem.contains("line break inside Chinese")),
            "{found:?}"
        );
        let found = problems("服务端接收后面\n打印接收之前\n", false);
        assert_eq!(found.len(), 1, "in the Chinese book too: {found:?}");
        assert_eq!(
            problems("<span lang=\"zh-CN\">在对方</span>\nthen\n", true),
            Vec::new()
        );
    }
}
