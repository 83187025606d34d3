//! The book in `docs/`: hand-written pages with generated blocks, and the check that every
//! block still shows what the sources, the snapshots and the runner give now.
//!
//! A generated block lies between two marker comments, each on a line of its own, starting
//! at the line's first column (an indented example of a marker is not one):
//!
//! ```text
//! <!-- generated: code lessons/03-quit/src/bin/lesson03-server.rs#serve -->
//! …
//! <!-- end -->
//! ```
//!
//! The kinds: `code FILE#ANCHOR` (the lines between `// ANCHOR: name` and
//! `// ANCHOR_END: name` in FILE), `transcript SNAPSHOT` (`snapshots/SNAPSHOT.snap`),
//! `diagram SNAPSHOT` (the runner's drawing of that scenario, from its wire record),
//! `errors` (lesson 08's table, from its snapshots), `python NN` (the notes' Python of
//! lesson NN, every `examples/python/lessonNN-*.py` in full) and `programs NN` (lesson
//! NN's Rust files in full). The content is written into the page,
//! not included when the book is built, so a page reads the same on a code host as in
//! mdBook. Everything outside the blocks is prose: it is never touched.
//!
//! Checking (`check_book`) only reads; `update_book` is the one function that writes.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::Duration;

use insta::Snapshot;
use insta::internals::SnapshotContents;

use crate::catalog::{LESSONS, Lesson};
use crate::diagram;
use crate::play;
use crate::scenario;
use crate::snapshot::{Difference, Mode, Verdict};
use crate::workspace;
use books::{BOOKS, Lang};

pub mod books;
pub mod chinese;
pub mod files;
pub mod fit;
pub mod html;

/// How a generated block begins: `<!-- generated: KIND ARGUMENT -->`.
pub const BEGIN: &str = "<!-- generated: ";
/// How a generated block ends.
pub const END: &str = "<!-- end -->";

/// Where a block's content comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The lines of `file` (relative to the workspace) between its `anchor` markers.
    Code { file: String, anchor: String },
    /// A snapshot's transcript.
    Transcript { snapshot: String },
    /// The sequence diagram of a scenario, as the runner draws it now.
    Diagram { snapshot: String },
    /// Lesson 08's error table, from its snapshots.
    Errors,
    /// The notes' Python of a lesson, every file restored so far, in full.
    Python { lesson: u8 },
    /// A lesson's Rust files in full.
    Programs { lesson: u8 },
}

impl Source {
    /// Reads a marker's directive: `code FILE#ANCHOR`, `transcript NAME`, `diagram NAME`,
    /// `errors`.
    pub fn parse(directive: &str) -> Result<Source, String> {
        let (kind, argument) = directive
            .trim()
            .split_once(' ')
            .map(|(kind, argument)| (kind, argument.trim()))
            .unwrap_or((directive.trim(), ""));
        match (kind, argument) {
            ("code", argument) => match argument.split_once('#') {
                Some((file, anchor)) if !file.is_empty() && !anchor.is_empty() => {
                    Ok(Source::Code {
                        file: file.to_owned(),
                        anchor: anchor.to_owned(),
                    })
                }
                _ => Err(format!(
                    "`code` needs FILE#ANCHOR (e.g. `code lessons/03-quit/src/bin/lesson03-server.rs#serve`), got `{argument}`"
                )),
            },
            ("transcript" | "diagram", "") => Err(format!(
                "`{kind}` needs a snapshot's name (e.g. `{kind} lesson03__client-quits`)"
            )),
            ("transcript", name) => Ok(Source::Transcript {
                snapshot: name.to_owned(),
            }),
            ("diagram", name) => Ok(Source::Diagram {
                snapshot: name.to_owned(),
            }),
            ("errors", "") => Ok(Source::Errors),
            ("python" | "programs", number) => match number.parse::<u8>() {
                Ok(lesson) if number.len() == 2 => Ok(if kind == "python" {
                    Source::Python { lesson }
                } else {
                    Source::Programs { lesson }
                }),
                _ => Err(format!(
                    "`{kind}` needs a lesson's two-digit number (e.g. `{kind} 03`), got `{number}`"
                )),
            },
            _ => Err(format!(
                "unknown generated block `{directive}` (kinds: code, transcript, diagram, errors, python, programs)"
            )),
        }
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Code { file, anchor } => write!(f, "code {file}#{anchor}"),
            Source::Transcript { snapshot } => write!(f, "transcript {snapshot}"),
            Source::Diagram { snapshot } => write!(f, "diagram {snapshot}"),
            Source::Errors => write!(f, "errors"),
            Source::Python { lesson } => write!(f, "python {lesson:02}"),
            Source::Programs { lesson } => write!(f, "programs {lesson:02}"),
        }
    }
}

/// A generated block of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// What it shows.
    pub source: Source,
    /// The line of its opening marker (from 1).
    pub line: usize,
    /// Where its content lies in the page's text, between the two markers.
    pub content: Range<usize>,
}

/// Finds the generated blocks of a page.
pub fn blocks(text: &str) -> Result<Vec<Block>, String> {
    let mut found = Vec::new();
    let mut open: Option<(Source, usize, usize)> = None;
    let mut offset = 0;
    for (index, line) in text.split_inclusive('\n').enumerate() {
        let number = index + 1;
        let bare = line.trim_end();
        if let Some(rest) = bare.strip_prefix(BEGIN) {
            if let Some((_, opened_at, _)) = &open {
                return Err(format!(
                    "line {number}: a generated block starts inside the one of line {opened_at} (is its `{END}` missing?)"
                ));
            }
            let directive = rest.strip_suffix("-->").ok_or_else(|| {
                format!("line {number}: the marker does not end with `-->` on its line")
            })?;
            let source =
                Source::parse(directive).map_err(|error| format!("line {number}: {error}"))?;
            open = Some((source, number, offset + line.len()));
        } else if bare == END {
            let (source, line, start) = open
                .take()
                .ok_or_else(|| format!("line {number}: `{END}` without a block before it"))?;
            found.push(Block {
                source,
                line,
                content: start..offset,
            });
        }
        offset += line.len();
    }
    match open {
        Some((source, line, _)) => Err(format!(
            "line {line}: the block `{source}` has no `{END}` after it"
        )),
        None => Ok(found),
    }
}

/// What the generated blocks are made from.
#[derive(Debug, Clone)]
pub struct Inputs {
    /// The folder holding `lessons/`, `snapshots/` and `docs/` (a copy of it in tests).
    pub root: PathBuf,
    /// Each scenario's sequence diagram by snapshot name, as the runner drew it now
    /// (`None`: the scenario has no client, nothing to draw).
    pub diagrams: BTreeMap<String, Option<String>>,
}

impl Inputs {
    /// The workspace's own sources, with every lesson played now for its diagrams. The
    /// pages, the sources they show and the snapshots are read from the folder
    /// `SOCKETLAB_BOOK` names, when set (the tests point it at a copy, to see a drifted
    /// page fail `cargo xtask docs --check` without touching the kit's).
    pub fn now(step_timeout: Duration) -> Result<Inputs, NotPlayed> {
        let root = match std::env::var_os("SOCKETLAB_BOOK") {
            Some(dir) if !dir.is_empty() => PathBuf::from(dir),
            _ => workspace::root(),
        };
        Ok(Inputs {
            root,
            diagrams: diagrams_now(LESSONS, step_timeout)?,
        })
    }
}

/// Builds and plays the lessons (each one's scenarios at once) and draws each scenario's
/// sequence diagram. Fails when a scenario does not pass against its snapshot: the pages
/// show accepted snapshots, and a diagram of a play that differs would not match them.
pub fn diagrams_now(
    lessons: &[Lesson],
    step_timeout: Duration,
) -> Result<BTreeMap<String, Option<String>>, NotPlayed> {
    let packages: Vec<String> = lessons.iter().map(Lesson::package).collect();
    workspace::build(&packages).map_err(NotPlayed::Error)?;
    // One lesson after the other, as `verify` plays them: every scenario of a lesson at once
    // is as many plays as the runner is meant to carry together.
    let plays = lessons.iter().map(|&lesson| {
        let setup = play::reference_setup(lesson, step_timeout);
        play::play_lesson(lesson, &setup, Mode::Check).map(|played| (lesson, played))
    });
    let mut diagrams = BTreeMap::new();
    let mut problems = Vec::new();
    for play in plays {
        let (lesson, played) = play.map_err(NotPlayed::Error)?;
        for one in played {
            if !one.passed() {
                let why = match (&one.failure, &one.verdict) {
                    (Some(failure), _) => format!("it stopped at {failure}"),
                    (None, Verdict::Differs(Difference { section, diff, .. })) => {
                        format!("it differs first in `{section}`:\n{diff}")
                    }
                    (None, Verdict::Missing) => "it has no snapshot yet".to_owned(),
                    (None, _) => "it did not pass".to_owned(),
                };
                problems.push(format!(
                    "{} (`cargo xtask lesson {}`): {why}",
                    one.snapshot, lesson.number
                ));
            }
            diagrams.insert(one.snapshot, diagram::draw(&one.record));
        }
    }
    if problems.is_empty() {
        Ok(diagrams)
    } else {
        Err(NotPlayed::OutOfStep(problems))
    }
}

/// Why the lessons could not be played for the pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotPlayed {
    /// A lesson did not build, or its scenarios could not be read.
    Error(String),
    /// Scenarios whose play does not match their snapshots, each with what went wrong.
    OutOfStep(Vec<String>),
}

impl fmt::Display for NotPlayed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NotPlayed::Error(message) => write!(f, "{message}"),
            NotPlayed::OutOfStep(problems) => write!(
                f,
                "{} scenarios do not match their snapshots:\n{}",
                problems.len(),
                problems.join("\n")
            ),
        }
    }
}

/// A block's content, as the sources give it now. `page` is the page's path relative to
/// the root (`docs/src/03-quit.md`), for the links back to the sources.
pub fn render(source: &Source, page: &Path, inputs: &Inputs) -> Result<String, String> {
    match source {
        Source::Code { file, anchor } => {
            let text = read(&inputs.root, file)?;
            let code = anchored(&text, anchor).map_err(|error| format!("{file}: {error}"))?;
            Ok(format!(
                "[`{file}`]({}), `{anchor}`:\n\n{}",
                files::link(page, file),
                fenced("rust,ignore", &code)
            ))
        }
        Source::Transcript { snapshot } => transcript(&inputs.root, snapshot)
            .map(|text| fenced("text", &fit::fold_transcript(&text))),
        Source::Diagram { snapshot } => match inputs.diagrams.get(snapshot) {
            Some(Some(drawing)) => Ok(fenced("text", &fit::fold_diagram(drawing))),
            Some(None) => Ok(format!("{}\n", diagram::NOTHING_TO_DRAW)),
            None => Err(format!(
                "no scenario `{snapshot}`: the runner played none of that name"
            )),
        },
        Source::Errors => error_table(&inputs.root, Lang::of(page)),
        Source::Python { lesson } => python(&inputs.root, *lesson, Lang::of(page)),
        Source::Programs { lesson } => programs(&inputs.root, *lesson),
    }
}

/// The notes' Python of a lesson, each file in full under its path; a sentence when none
/// has been restored yet.
fn python(root: &Path, lesson: u8, lang: Lang) -> Result<String, String> {
    let found = files::python_files(root, lesson);
    if found.is_empty() {
        let place = format!("`{}/lesson{lesson:02}-*.py`", files::PYTHON_DIR);
        return Ok(match lang {
            Lang::En => format!(
                "*The notes' Python for this lesson is not restored yet: it goes in {place}.*\n"
            ),
            Lang::Zh => format!("*这一课笔记里的 Python 还没有还原：它将放在 {place}。*\n"),
        });
    }
    let mut out = String::new();
    for file in found {
        let text = read(root, &file)?;
        out.push_str(&format!("`{file}`:\n\n{}\n", fenced("python", &text)));
    }
    out.pop();
    Ok(out)
}

/// A lesson's Rust files in full, each under a heading of its name.
fn programs(root: &Path, number: u8) -> Result<String, String> {
    let lesson = Lesson::find(number).ok_or(format!("the catalog has no lesson {number}"))?;
    let mut out = String::new();
    for file in files::program_files(root, lesson) {
        let text = read(root, &file)?;
        out.push_str(&format!(
            "### {}\n\n`{file}`:\n\n{}\n",
            files::heading(&file),
            fenced("rust,ignore", &text)
        ));
    }
    out.pop();
    Ok(out)
}

fn read(root: &Path, file: &str) -> Result<String, String> {
    if Path::new(file)
        .components()
        .any(|part| !matches!(part, std::path::Component::Normal(_)))
    {
        return Err(format!(
            "{file}: give a path inside the workspace, without `..`"
        ));
    }
    std::fs::read_to_string(root.join(file)).map_err(|error| format!("cannot read {file}: {error}"))
}

/// The lines between `// ANCHOR: name` and `// ANCHOR_END: name`, without the markers of
/// other anchors inside (as mdBook's `{{#include file:name}}` gives them).
pub fn anchored(text: &str, anchor: &str) -> Result<String, String> {
    let is_marker = |line: &str, kind: &str| {
        line.trim()
            .strip_prefix("// ")
            .and_then(|rest| rest.strip_prefix(kind))
            .is_some_and(|name| name.trim() == anchor)
    };
    let mut lines = text.lines();
    if !lines.any(|line| is_marker(line, "ANCHOR:")) {
        return Err(format!("no `// ANCHOR: {anchor}`"));
    }
    let mut code = String::new();
    for line in lines {
        if is_marker(line, "ANCHOR_END:") {
            return Ok(code);
        }
        if !line.contains("ANCHOR:") && !line.contains("ANCHOR_END:") {
            code.push_str(line);
            code.push('\n');
        }
    }
    Err(format!("no `// ANCHOR_END: {anchor}`"))
}

/// A snapshot's transcript, without insta's header.
fn transcript(root: &Path, name: &str) -> Result<String, String> {
    let path = root.join("snapshots").join(format!("{name}.snap"));
    if !path.exists() {
        return Err(format!(
            "snapshots/{name}.snap does not exist (is the scenario's name right?)"
        ));
    }
    let snapshot = Snapshot::from_file(&path)
        .map_err(|error| format!("cannot read snapshots/{name}.snap: {error}"))?;
    match snapshot.contents() {
        SnapshotContents::Text(text) => Ok(format!("{text}\n")),
        _ => Err(format!("snapshots/{name}.snap is not a text snapshot")),
    }
}

/// A fenced code block, its fence longer than any run of backticks inside.
fn fenced(language: &str, body: &str) -> String {
    let longest = body.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    let newline = if body.ends_with('\n') { "" } else { "\n" };
    format!("{fence}{language}\n{body}{newline}{fence}\n")
}

/// Lesson 08's table: for each case, the notes' Python line and Windows message, Python on
/// Linux, and the Rust line with what it gives, read from the case's snapshot. Each case
/// is a table of two columns, a row per field: five columns side by side do not fit a
/// page (the last one was squeezed to two characters at 1280 px). The labels are in the
/// page's language; what the cases print is the same in both books.
fn error_table(root: &Path, lang: Lang) -> Result<String, String> {
    let label = |english: &'static str, chinese: &'static str| match lang {
        Lang::En => english,
        Lang::Zh => chinese,
    };
    let lesson = Lesson::find(8).ok_or("the catalog has no lesson 8")?;
    let scenarios = scenario::load(&in_root(root, &lesson.scenario_file()))?;
    let mut tables = Vec::new();
    for one in &scenarios {
        let name = crate::snapshot::name(lesson.number, &one.name);
        let text = transcript(root, &name)?;
        let fields =
            case_fields(&text).map_err(|error| format!("snapshots/{name}.snap: {error}"))?;
        let field = |label: &str| -> Result<&[String], String> {
            fields
                .iter()
                .find(|(found, _)| found == label)
                .map(|(_, lines)| lines.as_slice())
                .ok_or_else(|| format!("snapshots/{name}.snap shows no `{label}:` line"))
        };
        let title = &field("==")?.join(" ");
        let (case, what) = title.split_once(": ").unwrap_or((title, ""));
        let rows = [
            (
                label("the notes' Python", "笔记里的 Python"),
                code_span(&field("Python (notes)")?.join(" ")),
            ),
            (
                label("what Windows said", "笔记里 Windows 的报错"),
                plain(&field("Windows (notes)")?.join(" ")),
            ),
            (
                label("Python on Linux", "Linux 上的 Python"),
                plain(&field("Python on Linux")?.join(" ")),
            ),
            ("Rust", code_span(&field("Rust")?.join(" "))),
            (
                label("what Rust gives", "Rust 给出的结果"),
                field("Rust gives")?
                    .iter()
                    .map(|line| plain(line))
                    .collect::<Vec<_>>()
                    .join("<br>"),
            ),
        ];
        let mut table = format!("| **{}** | {} |\n|---|---|\n", plain(case), plain(what));
        for (label, value) in rows {
            table.push_str(&format!("| {label} | {value} |\n"));
        }
        tables.push(table);
    }
    Ok(tables.join("\n"))
}

/// The fields a case prints on its screen: `Label: value`, a value going on over the
/// indented lines below it; the case's title line `== name: what` is the field `==`.
fn case_fields(transcript: &str) -> Result<Vec<(String, Vec<String>)>, String> {
    let screen = transcript
        .split("\n─── ")
        .find(|section| section.starts_with("cases (screen)"))
        .ok_or("no `cases (screen)` section")?;
    let mut fields: Vec<(String, Vec<String>)> = Vec::new();
    for line in screen.lines().skip(1) {
        if line.starts_with('[') {
            continue;
        }
        if let Some(title) = line.strip_prefix("== ") {
            fields.push(("==".into(), vec![title.to_owned()]));
        } else if line.starts_with(' ') {
            if let Some((_, lines)) = fields.last_mut() {
                lines.push(line.trim().to_owned());
            }
        } else if let Some((label, value)) = line.split_once(':') {
            fields.push((label.to_owned(), vec![value.trim().to_owned()]));
        }
    }
    Ok(fields)
}

/// Text for a table cell, with Markdown's special characters escaped.
fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Code for a table cell: a code span (its `|` escaped, as tables need), or plain text
/// when the code itself holds a backtick.
fn code_span(code: &str) -> String {
    if code.contains('`') {
        plain(code)
    } else {
        format!("`{}`", code.replace('|', "\\|"))
    }
}

/// A workspace path (from `catalog`) moved under another root, for a copy of the sources.
fn in_root(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(workspace::root())
        .map(|relative| root.join(relative))
        .unwrap_or_else(|_| path.to_path_buf())
}

/// A page with every generated block regenerated, and how many blocks changed.
pub fn refresh(text: &str, page: &Path, inputs: &Inputs) -> Result<(String, usize), String> {
    let mut out = String::with_capacity(text.len());
    let mut changed = 0;
    let mut from = 0;
    for block in blocks(text)? {
        let now = render(&block.source, page, inputs)
            .map_err(|error| format!("line {}: {error}", block.line))?;
        if now != text[block.content.clone()] {
            changed += 1;
        }
        out.push_str(&text[from..block.content.start]);
        out.push_str(&now);
        from = block.content.end;
    }
    out.push_str(&text[from..]);
    Ok((out, changed))
}

/// A way the book differs from what the sources give now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drift {
    /// The page, relative to the root (`docs/src/03-quit.md`).
    pub page: PathBuf,
    /// The line of the block's marker, or 0 for the page as a whole.
    pub line: usize,
    /// What differs, with a line diff (`-` the page, `+` now) where there is one.
    pub problem: String,
}

impl fmt::Display for Drift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.page.display(), self.problem)
        } else {
            write!(f, "{}:{}: {}", self.page.display(), self.line, self.problem)
        }
    }
}

/// Every generated block of a page that differs from what the sources give now.
pub fn check_page(text: &str, page: &Path, inputs: &Inputs) -> Vec<Drift> {
    let drift = |line: usize, problem: String| Drift {
        page: page.to_path_buf(),
        line,
        problem,
    };
    let blocks = match blocks(text) {
        Ok(blocks) => blocks,
        Err(error) => return vec![drift(0, error)],
    };
    let mut drifts = Vec::new();
    for block in blocks {
        // A checkout that turned line ends into CRLF (Windows) shows the same block.
        let shown = &text[block.content.clone()].replace("\r\n", "\n");
        match render(&block.source, page, inputs) {
            Ok(now) if &now == shown => {}
            Ok(now) => drifts.push(drift(
                block.line,
                format!(
                    "`{}` differs from what the sources give now:\n{}",
                    block.source,
                    similar::TextDiff::from_lines(shown, &now)
                        .unified_diff()
                        .context_radius(2)
                        .header("the page", "now")
                ),
            )),
            Err(error) => drifts.push(drift(block.line, format!("`{}`: {error}", block.source))),
        }
    }
    drifts
}

/// A lesson's page in a book: `docs/src/03-quit.md`, `docs/src/zh/03-quit.md`, relative to
/// the root.
pub fn lesson_page(lesson: Lesson, lang: Lang) -> PathBuf {
    lang.page(format!("{:02}-{}.md", lesson.number, lesson.topic))
}

/// What a lesson's page in a book must show and does not: the page itself, and on it a block
/// for each scenario's transcript and diagram, for each anchor in the lesson's programs, and
/// (lesson 08) the error table.
pub fn missing_blocks(lesson: Lesson, lang: Lang, inputs: &Inputs) -> Vec<Drift> {
    let page = lesson_page(lesson, lang);
    let drift = |problem: String| Drift {
        page: page.clone(),
        line: 0,
        problem,
    };
    let Ok(text) = std::fs::read_to_string(inputs.root.join(&page)) else {
        // A Chinese page missing for an English one is named by `missing_translations`.
        let translates =
            lang == Lang::Zh && inputs.root.join(lesson_page(lesson, Lang::En)).is_file();
        if translates {
            return Vec::new();
        }
        return vec![drift(format!(
            "{} has no page: write it, with its generated blocks",
            lesson.heading()
        ))];
    };
    let mut missing = Vec::new();
    let shown: Vec<Source> = match blocks(&text) {
        Ok(blocks) => blocks.into_iter().map(|block| block.source).collect(),
        Err(error) => return vec![drift(error)],
    };
    let mut wanted = Vec::new();
    match scenario::load(&in_root(&inputs.root, &lesson.scenario_file())) {
        Ok(scenarios) => {
            for one in scenarios {
                let snapshot = crate::snapshot::name(lesson.number, &one.name);
                if matches!(inputs.diagrams.get(&snapshot), Some(Some(_))) {
                    wanted.push(Source::Diagram {
                        snapshot: snapshot.clone(),
                    });
                }
                wanted.push(Source::Transcript { snapshot });
            }
        }
        Err(error) => missing.push(drift(error)),
    }
    wanted.extend(anchors(&inputs.root, lesson));
    if lesson.number == 8 {
        wanted.push(Source::Errors);
    }
    // The notes' Python of the lesson, or of the one it extends (the notes end at 08).
    wanted.push(Source::Python {
        lesson: lesson.notes_lesson(),
    });
    for source in wanted {
        if !shown.contains(&source) {
            missing.push(drift(format!(
                "no block `{source}`: add `{BEGIN}{source} -->` and `{END}` where it belongs, then run `cargo xtask docs`"
            )));
        }
    }
    missing.extend(missing_programs_page(lesson, lang, &inputs.root));
    missing
}

/// The lesson's programs page, where the links from its code lead, unless it shows them.
fn missing_programs_page(lesson: Lesson, lang: Lang, root: &Path) -> Option<Drift> {
    let page = files::programs_page(lesson.number, lang);
    let source = Source::Programs {
        lesson: lesson.number,
    };
    let shows = std::fs::read_to_string(root.join(&page))
        .ok()
        .and_then(|text| blocks(&text).ok())
        .is_some_and(|found| found.iter().any(|block| block.source == source));
    (!shows).then(|| Drift {
        page: page.clone(),
        line: 0,
        problem: format!(
            "{} needs a page with `{BEGIN}{source} -->` and `{END}` (the links from its code lead there)",
            lesson.heading()
        ),
    })
}

/// Every anchor in a lesson's programs, as `code` blocks.
fn anchors(root: &Path, lesson: Lesson) -> Vec<Source> {
    let dir = in_root(root, &lesson.dir()).join("src/bin");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
        .collect();
    files.sort();
    let mut found = Vec::new();
    for path in files {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let file = path
            .strip_prefix(root)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        for line in text.lines() {
            if let Some(anchor) = line.trim().strip_prefix("// ANCHOR: ") {
                found.push(Source::Code {
                    file: file.clone(),
                    anchor: anchor.trim().to_owned(),
                });
            }
        }
    }
    found
}

/// The pages of a book, relative to the root, in order: every `.md` file under its folder
/// (none when the folder is missing).
pub fn book_pages(root: &Path, lang: Lang) -> Result<Vec<PathBuf>, String> {
    // The Chinese book's folder is inside the English one's, and is not part of it.
    fn walk(dir: &Path, other: &Path, found: &mut Vec<PathBuf>) -> std::io::Result<()> {
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            if path.is_dir() {
                if path != other {
                    walk(&path, other, found)?;
                }
            } else if path.extension().is_some_and(|ext| ext == "md") {
                found.push(path);
            }
        }
        Ok(())
    }
    let dir = root.join(lang.src());
    if lang != Lang::En && !dir.is_dir() {
        return Ok(Vec::new());
    }
    let other = match lang {
        Lang::En => root.join(Lang::Zh.src()),
        Lang::Zh => PathBuf::new(),
    };
    let mut found = Vec::new();
    walk(&dir, &other, &mut found)
        .map_err(|error| format!("cannot list {}: {error}", lang.src()))?;
    let mut pages: Vec<PathBuf> = found
        .into_iter()
        .filter_map(|path| path.strip_prefix(root).ok().map(Path::to_path_buf))
        .collect();
    pages.sort();
    Ok(pages)
}

/// Both books' pages, relative to the root: the English book's, then the Chinese book's.
pub fn pages(root: &Path) -> Result<Vec<PathBuf>, String> {
    let mut pages = Vec::new();
    for lang in BOOKS {
        pages.extend(book_pages(root, lang)?);
    }
    Ok(pages)
}

/// Where a book's `SUMMARY.md` and its pages disagree: a listed page that does not exist
/// (mdBook would make an empty one), or a page that is not listed (mdBook would leave it
/// out).
pub fn summary_problems(root: &Path) -> Result<Vec<Drift>, String> {
    let mut problems = Vec::new();
    for lang in BOOKS {
        let summary_path = lang.page("SUMMARY.md");
        let Ok(summary) = std::fs::read_to_string(root.join(&summary_path)) else {
            problems.push(Drift {
                page: summary_path.clone(),
                line: 0,
                problem: "cannot be read: every book needs its summary".to_owned(),
            });
            continue;
        };
        let listed: Vec<&str> = summary
            .split("](")
            .skip(1)
            .filter_map(|rest| rest.split_once(')').map(|(target, _)| target))
            .collect();
        for target in &listed {
            if !root.join(lang.src()).join(target).is_file() {
                problems.push(Drift {
                    page: summary_path.clone(),
                    line: 0,
                    problem: format!("lists {target}, which does not exist"),
                });
            }
        }
        for page in book_pages(root, lang)? {
            let Ok(relative) = page.strip_prefix(lang.src()) else {
                continue;
            };
            let relative = relative.to_string_lossy().replace('\\', "/");
            if relative != "SUMMARY.md" && !listed.contains(&relative.as_str()) {
                problems.push(Drift {
                    page: summary_path.clone(),
                    line: 0,
                    problem: format!("does not list {relative}"),
                });
            }
        }
    }
    Ok(problems)
}

/// The pages' Chinese prose that is broken across lines and, in the English book, Chinese
/// that is not marked as such (`chinese`; the Chinese book is `lang="zh-CN"` throughout).
/// The summaries are left out: mdBook shows their titles as plain text, in the book's fonts.
pub fn prose_problems(root: &Path) -> Result<Vec<Drift>, String> {
    let mut found = Vec::new();
    for page in pages(root)? {
        if page.ends_with("SUMMARY.md") {
            continue;
        }
        let text = std::fs::read_to_string(root.join(&page))
            .map_err(|error| format!("cannot read {}: {error}", page.display()))?;
        let marked = Lang::of(&page) == Lang::En;
        for (line, problem) in chinese::problems(&text, marked) {
            found.push(Drift {
                page: page.clone(),
                line,
                problem,
            });
        }
    }
    Ok(found)
}

/// What both books lack: each lesson's page and its blocks, in each book; the Chinese
/// page of each English page, with the English page's blocks; the summaries against the
/// pages; and Chinese prose as it must be.
fn book_problems(inputs: &Inputs) -> Result<Vec<Drift>, String> {
    let mut problems = Vec::new();
    for lang in BOOKS {
        for lesson in LESSONS {
            problems.extend(missing_blocks(*lesson, lang, inputs));
        }
    }
    problems.extend(books::missing_translations(
        &inputs.root,
        &book_pages(&inputs.root, Lang::En)?,
    ));
    problems.extend(summary_problems(&inputs.root)?);
    problems.extend(prose_problems(&inputs.root)?);
    Ok(problems)
}

/// Checks both books, writing nothing: every block of every page, and what `book_problems`
/// finds missing.
pub fn check_book(inputs: &Inputs) -> Result<Vec<Drift>, String> {
    let mut drifts = Vec::new();
    for page in pages(&inputs.root)? {
        let text = std::fs::read_to_string(inputs.root.join(&page))
            .map_err(|error| format!("cannot read {}: {error}", page.display()))?;
        drifts.extend(check_page(&text, &page, inputs));
    }
    drifts.extend(book_problems(inputs)?);
    Ok(drifts)
}

/// What `update_book` did to one page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Updated {
    /// The page, relative to the root.
    pub page: PathBuf,
    /// How many of its blocks it had, and how many were rewritten.
    pub blocks: usize,
    pub changed: usize,
}

/// Regenerates every block of every page, and writes the pages that changed. A page whose
/// blocks cannot all be made is left as it is, and reported. The Chinese book gets the
/// programs pages it lacks (they have no prose to translate: only a title and the
/// programs) and fresh copies of the shared assets.
pub fn update_book(inputs: &Inputs) -> Result<(Vec<Updated>, Vec<Drift>), String> {
    for lesson in LESSONS {
        write_chinese_programs_page(&inputs.root, *lesson)?;
    }
    books::copy_assets(&inputs.root)?;
    let mut updated = Vec::new();
    let mut problems = Vec::new();
    for page in pages(&inputs.root)? {
        let path = inputs.root.join(&page);
        let text = std::fs::read_to_string(&path)
            .map_err(|error| format!("cannot read {}: {error}", page.display()))?;
        match refresh(&text, &page, inputs) {
            Ok((new, changed)) => {
                if new != text {
                    std::fs::write(&path, &new)
                        .map_err(|error| format!("cannot write {}: {error}", page.display()))?;
                }
                let blocks = blocks(&new).map(|found| found.len()).unwrap_or(0);
                updated.push(Updated {
                    page,
                    blocks,
                    changed,
                });
            }
            Err(problem) => problems.push(Drift {
                page,
                line: 0,
                problem,
            }),
        }
    }
    problems.extend(book_problems(inputs)?);
    Ok((updated, problems))
}

/// Writes a lesson's programs page in the Chinese book when the book has none (its
/// block is filled in next, with the others), once the book itself is there.
fn write_chinese_programs_page(root: &Path, lesson: Lesson) -> Result<(), String> {
    let page = files::programs_page(lesson.number, Lang::Zh);
    let path = root.join(&page);
    if path.exists() || !root.join(Lang::Zh.src()).is_dir() {
        return Ok(());
    }
    let text = format!(
        "# 第 {number:02} 课的完整程序 · {title}\n\n[第 {number:02} 课](../{lesson_page})的程序，每个文件都是完整的：课文一次只讲其中一段，并链接到这里。\n\n{BEGIN}{source} -->\n{END}\n",
        number = lesson.number,
        title = lesson.title_zh,
        lesson_page = lesson_page(lesson, Lang::Zh)
            .file_name()
            .unwrap_or_default()
            .to_string_lossy(),
        source = Source::Programs {
            lesson: lesson.number
        },
    );
    std::fs::create_dir_all(path.parent().unwrap_or(&path))
        .and_then(|()| std::fs::write(&path, text))
        .map_err(|error| format!("cannot write {}: {error}", page.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs() -> Inputs {
        Inputs {
            root: workspace::root(),
            diagrams: BTreeMap::from([
                (
                    "lesson01__exchange".to_owned(),
                    Some("a drawing\n".to_owned()),
                ),
                ("lesson08__tcp-sendto".to_owned(), None),
            ]),
        }
    }

    #[test]
    fn blocks_are_found_between_their_markers() {
        let page = "# Title\n\n<!-- generated: transcript lesson01__exchange -->\nold\n<!-- end -->\nprose\n    <!-- generated: errors -->\n";
        let found = blocks(page).expect("well formed");
        assert_eq!(
            found.len(),
            1,
            "an indented marker is an example, not a block"
        );
        assert_eq!(found[0].line, 3);
        assert_eq!(&page[found[0].content.clone()], "old\n");
        assert_eq!(
            found[0].source,
            Source::Transcript {
                snapshot: "lesson01__exchange".into()
            }
        );
    }

    #[test]
    fn malformed_markers_are_errors_with_their_line() {
        let unclosed = "<!-- generated: errors -->\ntext\n";
        assert!(blocks(unclosed).unwrap_err().contains("line 1"));
        let nested = "<!-- generated: errors -->\n<!-- generated: errors -->\n<!-- end -->\n";
        assert!(blocks(nested).unwrap_err().contains("line 2"));
        let unknown = "<!-- generated: picture x -->\n<!-- end -->\n";
        assert!(
            blocks(unknown)
                .unwrap_err()
                .contains("unknown generated block")
        );
        let stray = "text\n<!-- end -->\n";
        assert!(blocks(stray).unwrap_err().contains("line 2"));
    }

    #[test]
    fn an_anchor_gives_its_lines_without_inner_markers() {
        let source = "a\n// ANCHOR: outer\nb\n    // ANCHOR: inner\nc\n    // ANCHOR_END: inner\n// ANCHOR_END: outer\n";
        assert_eq!(anchored(source, "outer").unwrap(), "b\nc\n");
        assert_eq!(anchored(source, "inner").unwrap(), "c\n");
        assert!(
            anchored(source, "missing")
                .unwrap_err()
                .contains("ANCHOR: missing")
        );
    }

    #[test]
    fn a_fence_is_longer_than_any_backticks_inside() {
        assert_eq!(fenced("text", "a\n"), "```text\na\n```\n");
        assert_eq!(fenced("text", "```\n"), "````text\n```\n````\n");
    }

    #[test]
    fn refresh_rewrites_blocks_and_keeps_the_prose() {
        let page = "Prose stays.\n<!-- generated: diagram lesson01__exchange -->\nstale\n<!-- end -->\nMore prose.\n";
        let path = Path::new("docs/src/01-single-exchange.md");
        let (new, changed) = refresh(page, path, &inputs()).expect("renders");
        assert_eq!(changed, 1);
        assert_eq!(
            new,
            "Prose stays.\n<!-- generated: diagram lesson01__exchange -->\n```text\na drawing\n```\n<!-- end -->\nMore prose.\n"
        );
        assert!(check_page(&new, path, &inputs()).is_empty());
        assert!(check_page(&new.replace('\n', "\r\n"), path, &inputs()).is_empty());
        let drifts = check_page(page, path, &inputs());
        assert_eq!(drifts.len(), 1);
        assert_eq!(drifts[0].line, 2);
        assert!(
            drifts[0].problem.contains("-stale"),
            "{}",
            drifts[0].problem
        );
    }

    #[test]
    fn a_block_of_an_unknown_scenario_is_reported() {
        let page = "<!-- generated: diagram lesson01__no-such -->\n<!-- end -->\n";
        let drifts = check_page(page, Path::new("docs/src/x.md"), &inputs());
        assert!(drifts[0].problem.contains("no scenario"), "{:?}", drifts);
    }

    #[test]
    fn code_links_back_to_its_source_from_the_page() {
        let source = Source::Code {
            file: "lessons/01-single-exchange/src/bin/lesson01-server.rs".into(),
            anchor: "serve".into(),
        };
        let shown = render(
            &source,
            Path::new("docs/src/01-single-exchange.md"),
            &inputs(),
        )
        .expect("the anchor exists");
        assert!(shown.starts_with(
            "[`lessons/01-single-exchange/src/bin/lesson01-server.rs`](programs/01.md#lesson01-serverrs), `serve`:\n\n```rust,ignore\nfn serve("
        ), "{shown}");
        assert!(!shown.contains("ANCHOR"), "{shown}");
    }

    #[test]
    fn the_error_table_has_a_row_per_case_of_lesson_08() {
        let table = render(
            &Source::Errors,
            Path::new("docs/src/08-udp-errors.md"),
            &inputs(),
        )
        .expect("the snapshots hold every field");
        assert_eq!(
            table.matches("\n|---|---|\n").count(),
            9,
            "a table per case: {table}"
        );
        assert!(table.contains("| **tcp-sendto** | "), "{table}");
        assert!(
            table.contains("Err, not connected: this socket has no peer"),
            "{table}"
        );
        assert!(table.contains("WinError 10057"), "{table}");
        let chinese = render(
            &Source::Errors,
            Path::new("docs/src/zh/08-udp-errors.md"),
            &inputs(),
        )
        .expect("the snapshots hold every field");
        assert!(
            chinese.contains("| 笔记里的 Python | `udp_sk.sendto(a)` |")
                && chinese.contains("| 笔记里 Windows 的报错 | ")
                && !chinese.contains("the notes' Python"),
            "the Chinese book's table has Chinese labels: {chinese}"
        );
        assert_eq!(
            chinese
                .replace("笔记里的 Python", "the notes' Python")
                .replace("笔记里 Windows 的报错", "what Windows said")
                .replace("Linux 上的 Python", "Python on Linux")
                .replace("Rust 给出的结果", "what Rust gives"),
            table,
            "and the same cells"
        );
    }

    #[test]
    fn table_cells_escape_markdown() {
        assert_eq!(plain("a|b <c> *d*"), "a\\|b \\<c\\> \\*d\\*");
        assert_eq!(code_span("|x| x"), "`\\|x\\| x`");
    }
}
