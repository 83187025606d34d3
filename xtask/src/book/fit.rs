//! Fitting the book's text to a projected page: how many columns a line takes, and the
//! transcripts' and diagrams' long lines folded to the page's width.
//!
//! The measure is the one a monospace font gives: a character takes one column, a wide
//! one (Chinese, Japanese, Korean, full-width forms) two. mdBook's page shows about 87
//! columns of code at its default width, the same at 1280 px and at 1920 px, so a line of
//! at most [`PAGE_COLUMNS`] fits with a little room to spare.

/// The widest line of code the book's pages show without cutting it off.
pub const PAGE_COLUMNS: usize = 85;

/// How a transcript line that does not fit goes on: on the next line, after this mark.
pub const CONTINUED: &str = "  ↳ ";

/// The columns a text takes in a monospace font.
pub fn columns(text: &str) -> usize {
    text.chars().map(char_columns).sum()
}

/// One column, or two for a character that East Asian fonts draw wide. The ranges are
/// Unicode's wide and full-width blocks that can appear in the kit's text; combining
/// marks and control characters do not appear in it.
fn char_columns(c: char) -> usize {
    let wide = matches!(u32::from(c),
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD);
    if wide { 2 } else { 1 }
}

/// A transcript with every line wider than the page folded: the line is cut at a space
/// (the double space before a byte count first, so a message stays in one piece), and
/// what is left goes on the next line after [`CONTINUED`].
pub fn fold_transcript(text: &str) -> String {
    fold_lines(text, |_| Some(CONTINUED.to_owned()))
}

/// A sequence diagram with every line wider than the page folded. Only the label to the
/// right of the lifelines is cut; it goes on under itself, the lifelines drawn on.
pub fn fold_diagram(text: &str) -> String {
    fold_lines(text, |line| {
        // The label starts two columns after the last lifeline.
        let last = line.rfind('│')?;
        let lifelines: String = line[..last + '│'.len_utf8()]
            .chars()
            .map(|c| if c == '│' { c } else { ' ' })
            .collect();
        Some(format!("{lifelines}  "))
    })
}

/// Folds each line wider than the page; `continuation` gives, for a line, what its
/// continued lines start with (`None`: the line is left as it is).
fn fold_lines(text: &str, continuation: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let (body, newline) = match line.strip_suffix('\n') {
            Some(body) => (body, "\n"),
            None => (line, ""),
        };
        match continuation(body) {
            Some(next) if columns(body) > PAGE_COLUMNS => {
                out.push_str(&fold_line(body, &next).join("\n"));
                out.push_str(newline);
            }
            _ => out.push_str(line),
        }
    }
    out
}

/// One line cut into pieces that each fit the page, the later ones after `next`.
pub fn fold_line(line: &str, next: &str) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut rest = line.to_owned();
    let mut prefix = String::new();
    loop {
        let room = PAGE_COLUMNS.saturating_sub(columns(&prefix));
        if columns(&rest) <= room || room < 20 {
            pieces.push(format!("{prefix}{rest}"));
            return pieces;
        }
        let cut = cut_at(&rest, room);
        let (head, tail) = rest.split_at(cut);
        pieces.push(format!("{prefix}{}", head.trim_end()));
        rest = tail.trim_start().to_owned();
        prefix = next.to_owned();
    }
}

/// Where to cut `text` so that its head fits in `room` columns: at the last double space
/// that fits, else at the last space, else (a long word) at the room's end; never
/// inside the line's leading indentation.
fn cut_at(text: &str, room: usize) -> usize {
    let indent = text.len() - text.trim_start().len();
    let mut end = 0;
    let mut used = 0;
    for (at, c) in text.char_indices() {
        used += char_columns(c);
        if used > room {
            break;
        }
        end = at + c.len_utf8();
    }
    let head = &text[..end];
    let after_indent = |at: &usize| *at > indent;
    head.rfind("  ")
        .filter(after_indent)
        .or_else(|| head.rfind(' ').filter(after_indent))
        .unwrap_or(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wide_character_takes_two_columns() {
        assert_eq!(columns("hello"), 5);
        assert_eq!(columns("小马过河1234QQ"), 14);
        assert_eq!(columns("→ │ ─"), 5);
    }

    #[test]
    fn a_line_that_fits_is_left_alone() {
        let text = format!("{}\n{}\n", "a".repeat(PAGE_COLUMNS), "short");
        assert_eq!(fold_transcript(&text), text);
    }

    #[test]
    fn a_long_transcript_line_goes_on_after_the_mark() {
        let line = format!("stderr: {} end", "word ".repeat(20));
        let folded = fold_transcript(&format!("{line}\nnext\n"));
        let lines: Vec<&str> = folded.lines().collect();
        assert!(lines.len() == 3, "{folded}");
        assert!(
            lines.iter().all(|line| columns(line) <= PAGE_COLUMNS),
            "{folded}"
        );
        assert!(lines[1].starts_with(CONTINUED), "{folded}");
        assert_eq!(lines[2], "next");
        let joined = format!("{} {}", lines[0], &lines[1][CONTINUED.len()..]);
        assert_eq!(joined, line.trim_end(), "nothing is lost");
    }

    #[test]
    fn a_message_is_cut_before_its_byte_count_not_inside() {
        let line = format!("alice → server  \"{}\"  (41 bytes)", "x y ".repeat(15));
        let folded = fold_transcript(&line);
        assert!(
            folded.ends_with(&format!("\"\n{CONTINUED}(41 bytes)")),
            "{folded}"
        );
    }

    #[test]
    fn a_diagram_label_goes_on_under_itself() {
        let line = "  │ ─────────────────────────────────▶ │  \"小马过河1234QQ:\\e[2Jcleared? \\e[31mred?\"  (41 bytes)";
        let folded = fold_diagram(line);
        let lines: Vec<&str> = folded.lines().collect();
        assert_eq!(lines.len(), 2, "{folded}");
        assert!(lines[0].ends_with("red?\""), "{folded}");
        let label = |line: &str, start: &str| columns(&line[..line.find(start).unwrap()]);
        assert_eq!(label(lines[1], "(41"), label(line, "\"小"), "{folded}");
        assert!(
            lines[1].starts_with("  │ ") && lines[1].contains(" │  (41"),
            "{folded}"
        );
    }
}
