//! Measuring a page of the built book (mdBook's HTML) against the projected page: code
//! lines wider than [`PAGE_COLUMNS`], and tables too wide to show every column.
//!
//! A code line's width is its columns in a monospace font ([`fit::columns`]). A table
//! cannot be narrower than the sum, over its columns, of the widest word that a column
//! holds (a browser breaks cell text at spaces and between Chinese characters, not inside
//! a word): when that sum, with two columns of padding per column, passes the page's
//! width, some column is squeezed or the table scrolls.

use super::fit::{self, PAGE_COLUMNS};

/// A line or a table of a page that does not fit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TooWide {
    /// A line of a `<pre>` block: its width in columns, and the line.
    Code { columns: usize, line: String },
    /// A table: the least width it can take, and its first row.
    Table { columns: usize, first_row: String },
}

impl std::fmt::Display for TooWide {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TooWide::Code { columns, line } => {
                write!(
                    f,
                    "a code line of {columns} columns (over {PAGE_COLUMNS}): {line}"
                )
            }
            TooWide::Table { columns, first_row } => write!(
                f,
                "a table at least {columns} columns wide (over {PAGE_COLUMNS}), first row: {first_row}"
            ),
        }
    }
}

/// Everything on a page of HTML that does not fit the projected page.
pub fn too_wide(html: &str) -> Vec<TooWide> {
    let mut found = Vec::new();
    for block in elements(html, "pre") {
        for line in text_of(block).lines() {
            let columns = fit::columns(line);
            if columns > PAGE_COLUMNS {
                found.push(TooWide::Code {
                    columns,
                    line: line.to_owned(),
                });
            }
        }
    }
    for table in elements(html, "table") {
        let columns = least_table_width(table);
        if columns > PAGE_COLUMNS {
            let first_row = elements(table, "tr")
                .first()
                .map(|row| {
                    text_of(row)
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .unwrap_or_default();
            found.push(TooWide::Table { columns, first_row });
        }
    }
    found
}

/// The widest code line of a page, in columns (0 for a page without code).
pub fn widest_code_line(html: &str) -> usize {
    elements(html, "pre")
        .iter()
        .flat_map(|block| text_of(block).lines().map(fit::columns).collect::<Vec<_>>())
        .max()
        .unwrap_or(0)
}

/// The least width of a table: per column, its widest word, plus two of padding.
fn least_table_width(table: &str) -> usize {
    let mut widest: Vec<usize> = Vec::new();
    for row in elements(table, "tr") {
        let cells = [elements(row, "th"), elements(row, "td")].concat();
        // Cells in the order they stand in the row.
        let mut cells: Vec<&str> = cells;
        cells.sort_by_key(|cell| cell.as_ptr() as usize);
        for (column, cell) in cells.iter().enumerate() {
            let text = text_of(&cell.replace("<br", " <br"));
            let word = text.split_whitespace().map(word_width).max().unwrap_or(0);
            if widest.len() <= column {
                widest.push(0);
            }
            widest[column] = widest[column].max(word);
        }
    }
    widest.iter().map(|word| word + 2).sum()
}

/// The width a word needs on one line: a browser may break between Chinese characters,
/// so a run of them needs only one character's room.
fn word_width(word: &str) -> usize {
    let mut widest = 0;
    let mut run = 0;
    for c in word.chars() {
        let columns = fit::columns(c.encode_utf8(&mut [0; 4]));
        if columns == 2 {
            widest = widest.max(run).max(2);
            run = 0;
        } else {
            run += 1;
        }
    }
    widest.max(run)
}

/// The inner HTML of every `<tag …>…</tag>` in `html`, outermost first (the book's
/// HTML does not nest a tag in itself where this is used).
fn elements<'a>(html: &'a str, tag: &str) -> Vec<&'a str> {
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(&open) {
        let after = &rest[at + open.len()..];
        // `<pre` must not match `<prefix`: the tag's name ends here.
        if !after.starts_with(['>', ' ', '\n', '\t']) {
            rest = after;
            continue;
        }
        let Some(start) = after.find('>') else { break };
        let inner = &after[start + 1..];
        let Some(end) = inner.find(&close) else { break };
        found.push(&inner[..end]);
        rest = &inner[end + close.len()..];
    }
    found
}

/// The text of some HTML: tags left out, the entities mdBook writes decoded.
fn text_of(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_line_past_the_page_is_found_counting_chinese_as_two() {
        let fits = format!("<pre><code>{}a</code></pre>", "小".repeat(42));
        assert_eq!(too_wide(&fits), Vec::new());
        let over = format!(
            "<pre><code class=\"x\"><span>{}</span>&lt;a</code></pre>",
            "小".repeat(42)
        );
        assert_eq!(
            too_wide(&over),
            [TooWide::Code {
                columns: 85 + 1,
                line: format!("{}<a", "小".repeat(42))
            }]
        );
        assert_eq!(widest_code_line(&over), 86);
    }

    #[test]
    fn a_table_whose_words_cannot_share_the_page_is_found() {
        let word = "x".repeat(30);
        let row =
            |cells: usize| format!("<tr>{}</tr>", format!("<td>{word} a b</td>").repeat(cells));
        let two = format!("<table><thead>{}</thead>{}</table>", row(2), row(2));
        assert_eq!(too_wide(&two), Vec::new(), "2 × (30 + 2) columns fit");
        let three = format!("<table>{}</table>", row(3));
        assert!(
            matches!(too_wide(&three)[..], [TooWide::Table { columns: 96, .. }]),
            "{:?}",
            too_wide(&three)
        );
    }

    #[test]
    fn chinese_text_breaks_between_characters() {
        assert_eq!(word_width("由于套接字没有连接并且"), 2);
        assert_eq!(word_width("sendto调用"), 6);
    }
}
