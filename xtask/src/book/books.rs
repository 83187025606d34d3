//! The two books in `docs/`: the English one (`docs/src`) and its Simplified Chinese
//! translation (`docs/src/zh`), page for page.
//!
//! The Chinese book is a parallel mdBook (`docs/zh/book.toml`, `language = "zh-CN"`), not
//! gettext `.po` files: its pages are Markdown that reads on a code host as the English
//! ones do, and `cargo xtask docs` fills their generated blocks from the same sources, so
//! the two show the same code, transcripts and diagrams (`docs/README.md` says why). Its
//! pages sit in `zh/` inside the English book's folder, and it is built into `zh/` inside
//! the English book's build, so one relative link between the two works both on a code
//! host and in the built books. The English book does not show them: they are not in its
//! summary.

use std::path::{Path, PathBuf};

use super::{BEGIN, Drift, END, Source, blocks};

/// The language of a book.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// The English book, the original: every page is first written here.
    En,
    /// The Simplified Chinese book, a page for each English one.
    Zh,
}

/// Both books, the English one first.
pub const BOOKS: [Lang; 2] = [Lang::En, Lang::Zh];

/// The assets the Chinese book shares with the English one. mdBook copies only the files
/// inside a book's folder, so `docs/zh/assets/` holds copies, kept by `cargo xtask docs`.
pub const SHARED_ASSETS: [&str; 3] = ["book.css", "ansi-colours.js", "cjk-search.js"];

impl Lang {
    /// The folder of the book's pages, relative to the root.
    pub fn src(self) -> &'static str {
        match self {
            Lang::En => "docs/src",
            Lang::Zh => "docs/src/zh",
        }
    }

    /// The folder of the book's assets, relative to the root.
    pub fn assets(self) -> &'static str {
        match self {
            Lang::En => "docs/assets",
            Lang::Zh => "docs/zh/assets",
        }
    }

    /// The book a page (relative to the root) belongs to.
    pub fn of(page: &Path) -> Lang {
        if page.starts_with(Lang::Zh.src()) {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    /// A page of this book, by its path inside the book (`03-quit.md`, `programs/03.md`).
    pub fn page(self, inside: impl AsRef<Path>) -> PathBuf {
        Path::new(self.src()).join(inside)
    }
}

/// The Chinese page of an English page, both relative to the root; `None` for a page
/// outside the English book.
pub fn translation_of(page: &Path) -> Option<PathBuf> {
    if Lang::of(page) != Lang::En {
        return None;
    }
    page.strip_prefix(Lang::En.src())
        .ok()
        .map(|inside| Lang::Zh.page(inside))
}

/// Where the Chinese book falls short of the English one: a page it lacks, a generated
/// block of the English page its page does not show, or a shared asset not copied.
/// `english` is the English book's pages, relative to the root.
pub fn missing_translations(root: &Path, english: &[PathBuf]) -> Vec<Drift> {
    let mut missing = Vec::new();
    for page in english {
        let Some(chinese) = translation_of(page) else {
            continue;
        };
        let Ok(text) = std::fs::read_to_string(root.join(&chinese)) else {
            missing.push(Drift {
                page: chinese.clone(),
                line: 0,
                problem: format!(
                    "the Chinese book has no page for {}: translate it, with the same generated blocks",
                    page.display()
                ),
            });
            continue;
        };
        let shown: Vec<Source> = match blocks(&text) {
            Ok(found) => found.into_iter().map(|block| block.source).collect(),
            Err(error) => {
                missing.push(Drift {
                    page: chinese.clone(),
                    line: 0,
                    problem: error,
                });
                continue;
            }
        };
        let wanted = std::fs::read_to_string(root.join(page))
            .ok()
            .and_then(|text| blocks(&text).ok())
            .unwrap_or_default();
        for source in wanted.into_iter().map(|block| block.source) {
            if !shown.contains(&source) {
                missing.push(Drift {
                    page: chinese.clone(),
                    line: 0,
                    problem: format!(
                        "no block `{source}`, which {} shows: add `{BEGIN}{source} -->` and `{END}` where it belongs, then run `cargo xtask docs`",
                        page.display()
                    ),
                });
            }
        }
    }
    missing.extend(stale_assets(root));
    missing
}

/// The Chinese book's copies of the shared assets that differ from the English book's.
fn stale_assets(root: &Path) -> Vec<Drift> {
    SHARED_ASSETS
        .iter()
        .filter_map(|name| {
            let original = std::fs::read(root.join(Lang::En.assets()).join(name)).ok()?;
            let copy = Path::new(Lang::Zh.assets()).join(name);
            let same = std::fs::read(root.join(&copy)).is_ok_and(|bytes| bytes == original);
            (!same).then(|| Drift {
                page: copy.clone(),
                line: 0,
                problem: format!(
                    "is not a copy of {}/{name}: run `cargo xtask docs`",
                    Lang::En.assets()
                ),
            })
        })
        .collect()
}

/// Copies the shared assets into the Chinese book where they differ; the copies written.
pub fn copy_assets(root: &Path) -> Result<Vec<PathBuf>, String> {
    let mut written = Vec::new();
    for drift in stale_assets(root) {
        let name = drift.page.file_name().unwrap_or_default();
        let from = root.join(Lang::En.assets()).join(name);
        std::fs::create_dir_all(root.join(Lang::Zh.assets()))
            .and_then(|()| std::fs::copy(&from, root.join(&drift.page)))
            .map_err(|error| format!("cannot copy {}: {error}", from.display()))?;
        written.push(drift.page);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_belongs_to_the_book_of_its_folder() {
        assert_eq!(Lang::of(Path::new("docs/src/03-quit.md")), Lang::En);
        assert_eq!(Lang::of(Path::new("docs/src/zh/03-quit.md")), Lang::Zh);
        assert_eq!(
            translation_of(Path::new("docs/src/programs/03.md")),
            Some(PathBuf::from("docs/src/zh/programs/03.md"))
        );
        assert_eq!(translation_of(Path::new("docs/src/zh/03-quit.md")), None);
    }
}
