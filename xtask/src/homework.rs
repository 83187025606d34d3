//! Homework: a student's crate that starts as the code of the lesson before (lesson N-1's;
//! 09 starts from 04's, 11 from 07's: `Lesson::builds_on`) and must become lesson N.
//!
//! `cargo xtask homework N` writes the crate `homeworkNN` in `homework/lessonNN/`, with the
//! binaries `homeworkNN-server` and `homeworkNN-client` (their own names: they share
//! `target/debug/` with the lessons'). The crate is a workspace of its own, so a homework
//! half-written never breaks the kit's build or tests, and a clean clone (no `homework/`)
//! builds as before. It shares the kit's `Cargo.lock` (no download) and `target/` (no
//! second build of the dependencies).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::catalog::Lesson;
use crate::{tr, workspace};

/// Whether lesson N has a homework: a server and a client to write (not lesson 08's cases).
pub fn has_homework(number: u8) -> bool {
    matches!(number, 1..=7 | 9..=11)
}

/// What lesson N adds, for each program: the TODO at the top of the starter.
fn todo(lesson: u8, kind: &str) -> &'static str {
    match (lesson, kind) {
        (1, "server") => {
            "Write lesson 01's server: bind 127.0.0.1 and the port of --port, accept one client, \
             receive one message (up to 1024 bytes), print it, answer `hi`, close, exit 0."
        }
        (1, _) => {
            "Write lesson 01's client: connect to --host and --port, send `hello!`, receive the \
             answer, print it, close, exit 0."
        }
        (2, "server") => {
            "Chat in turns: put \"receive, print, read a line at the `>>>` prompt, send it\" in a \
             loop (accept and close stay outside it). A client that leaves (a receive of 0 \
             bytes) is one line on standard error and exit code 1; so is end of input, after \
             closing the connection."
        }
        (2, _) => {
            "Chat in turns: put \"read a line at the `>>>` prompt, send it, receive, print\" in a \
             loop (connect and close stay outside it). End of input (Ctrl-D) closes the \
             connection and exits 0; a server that leaves is one line on standard error, exit 1."
        }
        (3, "server") => {
            "Quit: a received `Q` or `q` leaves the loop before it is printed; a typed `Q` or \
             `q` is sent, then leaves the loop. Then close and exit 0. End of input counts as \
             typing `Q`."
        }
        (3, _) => {
            "Quit: a typed `Q` or `q` is sent, then leaves the loop; a received `Q` or `q` \
             leaves the loop before it is printed. Then close and exit 0. End of input counts \
             as typing `Q`."
        }
        (4, "server") => {
            "Serve one client after another: put a loop around `accept`. When a chat ends (the \
             client's q, your Q, or the client leaving: one line on standard error), close that \
             connection and accept the next client. End of input sends Q and stops the server."
        }
        (4, _) => {
            "Nothing new: lesson 04's client is lesson 03's. Keep it passing; the server is \
             this lesson's work."
        }
        (5, "server") => {
            "Name tags: clients send `NAME:message`. Print the line as it came, but test the \
             quit on the message after the first `:` (`小郭吹雪1234QQ:q` quits)."
        }
        (5, _) => {
            "Name tags: take --name (`Options::named_client`; default 小郭吹雪1234QQ, no `:` \
             allowed) and send every typed line as `NAME:line`, the q included."
        }
        (6, "server") => {
            "Colours: print each tagged line in the friend's own colour, `\\x1b[3Cm…\\x1b[0m` \
             with C = 1 + (the sum of the name's characters, as Unicode numbers) % 7, so a \
             friend keeps their colour. Escape what the peer sent first (`printable`)."
        }
        (6, _) => {
            "Nothing new: lesson 06's client is lesson 05's. Keep it passing; the server is \
             this lesson's work."
        }
        (7, "server") => {
            "UDP: bind a `UdpSocket` (no listen, no accept). `recv_from` gives a datagram and \
             its sender: print it, read a line, `send_to` the sender. Q typed, or after a \
             client's tag, stops the server."
        }
        (7, _) => {
            "UDP: bind a `UdpSocket` on port 0 and `send_to` the server each line as \
             `NAME:line` (--name); `recv` the answer and print it. q typed (sent first) or \
             received ends the client."
        }
        (9, "server") => {
            "Lines: every message is one line ending in `\\n`. Read with one `BufReader` per \
             connection and `read_line` (not one `read` per message), strip the `\\n`; send \
             each reply with `\\n` after it, Q too. A stream that ends mid-line ends the chat \
             with one line on standard error, as a closed one does."
        }
        (9, _) => {
            "Lines: send each typed line with `\\n` after it, the q too; read each reply with \
             one `BufReader` and `read_line` (not one `read` per reply), and strip the `\\n` \
             before printing it or testing it for Q."
        }
        (10, "server") => {
            "Serve everyone at once: after `accept`, a thread per client, and the friends here \
             in a `Mutex<HashMap>` all threads share. A client's first line is its name: a name \
             in use gets `* refused, the name NAME is taken (pick another --name)` and the close; \
             otherwise send it `* welcome NAME (N here)` and the others `* NAME joined`, and \
             print `NAME joined (N here)`. Forward each later line as `NAME:line` to everyone \
             else and print it; `@TO text` goes to TO alone (printed with ` (to TO alone)` after \
             it), or, with no TO here, back as `* nobody here is named TO`. When a client \
             leaves, print `NAME left (N here)` and tell the others `* NAME left`. Never wait \
             for a slow reader: a bounded queue and a writer thread per friend."
        }
        (10, _) => {
            "Read the keyboard and the socket at once: send --name as the first line (each \
             line ends in `\\n`), show the prompt, then start a thread that prints every line \
             the server sends (`printable`), while this one reads typed lines and sends them. \
             A line that comes while the prompt waits goes on a new line, the prompt again \
             after it; show the next prompt before sending a typed line. Q quits (exit 0); a \
             server that closes is one line on standard error, exit 1."
        }
        (11, "server") => {
            "Numbers: a datagram is `N NAME:text`. Remember per sender the last N and the \
             reply you sent: the same N again gets the same reply again, without printing it \
             or asking your user. Otherwise print `NAME:text`, and send `N reply`."
        }
        _ => {
            "Resends: take --timeout-ms and --tries (`Options::retrying_client`, the values in \
             `options.retry`). Send `N NAME:line` (N = 1, 2, 3...), wait at most the timeout \
             for a reply starting `N `, skip any other, send again when none came, and after \
             the last try end with one line on standard error and exit code 1."
        }
    }
}

/// The folder holding the homework crates by default: `homework/` in the kit.
pub fn default_folder() -> PathBuf {
    workspace::root().join("homework")
}

/// The crate of lesson N's homework in `folder`: `folder/lessonNN`.
pub fn crate_dir(folder: &Path, lesson: Lesson) -> PathBuf {
    folder.join(format!("lesson{:02}", lesson.number))
}

/// The package: `homework04`.
pub fn package(lesson: Lesson) -> String {
    format!("homework{:02}", lesson.number)
}

/// One of its programs: `homework04-server`.
pub fn program(lesson: Lesson, kind: &str) -> String {
    format!("homework{:02}-{kind}", lesson.number)
}

/// A path to show: relative to the kit when inside it.
pub fn shown(path: &Path) -> String {
    path.strip_prefix(workspace::root())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Refuses a lesson without a server and a client to write.
pub fn writable(lesson: Lesson) -> Result<(), String> {
    if has_homework(lesson.number) {
        Ok(())
    } else {
        Err(tr!("homework-not-writable", number = lesson.number))
    }
}

/// Writes lesson N's homework crate in `folder`, and returns its folder. Refuses when the
/// crate's folder exists already: work there is never overwritten.
pub fn create(lesson: Lesson, folder: &Path) -> Result<PathBuf, String> {
    writable(lesson)?;
    let dir = crate_dir(folder, lesson);
    if dir.exists() {
        return Err(tr!(
            "homework-exists",
            dir = shown(&dir),
            number = lesson.number
        ));
    }
    let files = starter_files(lesson, &dir)?;
    for (path, text) in &files {
        let path = dir.join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|error| tr!("cannot-create", path = shown(parent), error = error))?;
        }
        std::fs::write(&path, text)
            .map_err(|error| tr!("cannot-write", path = shown(&path), error = error))?;
    }
    Ok(dir)
}

/// Every file of a starter crate, by its path in the crate.
fn starter_files(lesson: Lesson, dir: &Path) -> Result<Vec<(PathBuf, String)>, String> {
    let mut files = Vec::new();
    let previous = lesson.builds_on();
    let dependencies = match previous {
        Some(previous) => dependencies_of(previous)?,
        None => vec!["lessonkit".to_owned()],
    };
    files.push((
        PathBuf::from("Cargo.toml"),
        manifest(lesson, dir, &dependencies)?,
    ));
    let lock = workspace::root().join("Cargo.lock");
    if let Ok(text) = std::fs::read_to_string(&lock) {
        // The kit's versions: the build needs no download, and reuses the kit's artefacts.
        files.push((PathBuf::from("Cargo.lock"), text));
    }
    files.push((PathBuf::from(".gitignore"), "/target\n".to_owned()));
    if dir.starts_with(workspace::root()) {
        // `cargo run` inside the crate builds into the kit's target/, where `check` looks.
        let target = relative(dir, &workspace::root().join("target"));
        files.push((
            PathBuf::from(".cargo/config.toml"),
            format!(
                "# Build into the kit's target/ folder: the dependencies are built once, for all.\n\
                 [build]\ntarget-dir = \"{}\"\n",
                target.display().to_string().replace('\\', "/")
            ),
        ));
    }
    for kind in ["server", "client"] {
        let code = match previous {
            Some(previous) => {
                let source = previous
                    .dir()
                    .join("src/bin")
                    .join(format!("{}.rs", previous.program(kind)));
                let text = std::fs::read_to_string(&source)
                    .map_err(|error| format!("cannot read {}: {error}", shown(&source)))?;
                from_lesson(lesson, previous, kind, &text)
            }
            None => skeleton(lesson, kind),
        };
        files.push((
            PathBuf::from("src/bin").join(format!("{}.rs", program(lesson, kind))),
            code,
        ));
    }
    Ok(files)
}

/// The crate's manifest: its own workspace, the lesson's dependencies spelled out.
fn manifest(lesson: Lesson, dir: &Path, dependencies: &[String]) -> Result<String, String> {
    let root_manifest = workspace::root().join("Cargo.toml");
    let root = std::fs::read_to_string(&root_manifest)
        .map_err(|error| format!("cannot read {}: {error}", shown(&root_manifest)))?;
    let mut text = format!(
        "# Homework for lesson {n:02}: `cargo xtask check {number}` checks it (see docs/src/homework.md).\n\
         [package]\nname = \"{package}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\n",
        n = lesson.number,
        number = lesson.number,
        package = package(lesson),
    );
    for name in dependencies {
        if name == "lessonkit" {
            let kit = workspace::root().join("lessons").join("kit");
            let path = if dir.starts_with(workspace::root()) {
                relative(dir, &kit)
            } else {
                kit
            };
            let _ = writeln!(
                text,
                "lessonkit = {{ path = \"{}\" }}",
                path.display().to_string().replace('\\', "/")
            );
        } else {
            let spec = workspace_dependency(&root, name)
                .ok_or_else(|| format!("the kit's Cargo.toml does not list `{name}`"))?;
            let _ = writeln!(text, "{name} = {spec}");
        }
    }
    text.push_str(
        "\n# A workspace of its own: a homework half-written never breaks the kit's build.\n\
         [workspace]\n\n\
         # As in the kit, so the kit's built dependencies are reused.\n\
         [profile.dev]\ndebug = 0\n",
    );
    Ok(text)
}

/// The dependencies a lesson's package takes (`lessonkit`, `colored`).
pub(crate) fn dependencies_of(lesson: Lesson) -> Result<Vec<String>, String> {
    let path = lesson.dir().join("Cargo.toml");
    let text = std::fs::read_to_string(&path)
        .map_err(|error| format!("cannot read {}: {error}", shown(&path)))?;
    let mut in_dependencies = false;
    let mut names = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.starts_with('[') {
            in_dependencies = line == "[dependencies]";
        } else if in_dependencies && !line.is_empty() && !line.starts_with('#') {
            let name = line.split(['.', '=', ' ']).next().unwrap_or_default();
            names.push(name.to_owned());
        }
    }
    Ok(names)
}

/// A dependency's specification in the kit's `[workspace.dependencies]`.
pub(crate) fn workspace_dependency(root_manifest: &str, name: &str) -> Option<String> {
    let section = root_manifest.split("[workspace.dependencies]").nth(1)?;
    section
        .lines()
        .take_while(|line| !line.trim_start().starts_with('['))
        .find_map(|line| {
            let (key, value) = line.split_once('=')?;
            (key.trim() == name).then(|| value.trim().to_owned())
        })
}

/// The path to `to`, from the folder `from`, both inside the kit.
fn relative(from: &Path, to: &Path) -> PathBuf {
    let root = workspace::root();
    let depth = from
        .strip_prefix(&root)
        .map_or(0, |rest| rest.components().count());
    let mut path = PathBuf::new();
    for _ in 0..depth {
        path.push("..");
    }
    path.join(to.strip_prefix(&root).unwrap_or(to))
}

/// The top of a starter: what this homework is, the TODO, how to check and run it.
fn header(lesson: Lesson, kind: &str, started_from: &str) -> String {
    let mut text = format!(
        "//! Homework {:02} · {} ({}), the {kind}.\n//!\n//! {started_from}\n//!\n",
        lesson.number, lesson.title, lesson.title_zh
    );
    let mut line = String::from("//! TODO:");
    for word in todo(lesson.number, kind).split(' ') {
        if line.chars().count() + 1 + word.chars().count() > 96 {
            text.push_str(&line);
            text.push('\n');
            line = String::from("//!");
        }
        line.push(' ');
        line.push_str(word);
    }
    text.push_str(&line);
    let _ = write!(
        text,
        "\n//!\n\
         //! Check it with `cargo xtask check {n}` (it plays lesson {n:02}'s conversations with \
         this\n//! {kind} in place of the lesson's). Run it by hand, in `homework/lesson{n:02}/`:\n\
         //!\n//! ```text\n//! cargo run --bin {program}\n//! ```\n\n",
        n = lesson.number,
        program = program(lesson, kind),
    );
    text
}

/// A starter from the previous lesson's program: its code, under a homework header.
fn from_lesson(lesson: Lesson, previous: Lesson, kind: &str, source: &str) -> String {
    let started_from = format!(
        "It starts as lesson {:02}'s {kind}: make it lesson {:02}'s.",
        previous.number, lesson.number
    );
    let mut text = header(lesson, kind, &started_from);
    // The lesson's own `//!` page is replaced by the header; `ANCHOR` lines are the docs'.
    let code = source
        .lines()
        .skip_while(|line| line.starts_with("//!"))
        .skip_while(|line| line.trim().is_empty())
        .filter(|line| !line.trim_start().starts_with("// ANCHOR"));
    for line in code {
        text.push_str(line);
        text.push('\n');
    }
    text
}

/// Lesson 01 has no lesson before it: a program that parses its options and does nothing.
fn skeleton(lesson: Lesson, kind: &str) -> String {
    let mut text = header(
        lesson,
        kind,
        "It starts from nothing: there is no lesson before this one.",
    );
    let (options, body) = match kind {
        "server" => ("server", "serve"),
        _ => ("client", "talk"),
    };
    let _ = write!(
        text,
        "use std::process::ExitCode;\n\n\
         use lessonkit::{{Failure, Options}};\n\n\
         fn main() -> ExitCode {{\n    \
         let options = Options::{options}(\"Homework 01 {kind}.\");\n    \
         lessonkit::exit({body}(&options))\n}}\n\n\
         fn {body}(options: &Options) -> Result<(), Failure> {{\n    \
         // TODO: the socket calls; `options.address()` is `host:port`.\n    \
         let _ = options.address();\n    \
         Ok(())\n}}\n"
    );
    text
}

/// Builds a homework crate's programs with cargo, into `target_dir`, quietly unless it fails.
pub fn build(dir: &Path, target_dir: &Path) -> Result<(), String> {
    let manifest = dir.join("Cargo.toml");
    if !manifest.exists() {
        return Err(tr!("homework-no-manifest", dir = shown(dir)));
    }
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(workspace::root())
        .args(["build", "--quiet", "--bins", "--manifest-path"])
        .arg(&manifest)
        .arg("--target-dir")
        .arg(target_dir)
        .stdin(Stdio::null())
        .status()
        .map_err(|error| tr!("homework-cannot-run-cargo", error = error))?;
    if status.success() {
        Ok(())
    } else {
        Err(tr!("homework-does-not-build", dir = shown(dir)))
    }
}

/// Builds each program of a homework crate on its own, so that one that does not compile
/// does not hide the other: returns the kinds that built (`server`, `client`). Cargo's
/// messages are shown on standard error with each path from the current folder, where the
/// student stands (cargo writes them from the crate's folder). Fails when none built.
pub fn build_each(
    lesson: Lesson,
    dir: &Path,
    target_dir: &Path,
) -> Result<Vec<&'static str>, String> {
    let manifest = dir.join("Cargo.toml");
    if !manifest.exists() {
        return Err(tr!("homework-no-manifest", dir = shown(dir)));
    }
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let here = from_here(dir);
    let mut built = Vec::new();
    let mut failed = Vec::new();
    for kind in kinds(lesson, dir) {
        let name = program(lesson, kind);
        let output = Command::new(&cargo)
            .current_dir(workspace::root())
            .args(["build", "--quiet", "--bin", &name, "--manifest-path"])
            .arg(&manifest)
            .arg("--target-dir")
            .arg(target_dir)
            .stdin(Stdio::null())
            .output()
            .map_err(|error| tr!("homework-cannot-run-cargo", error = error))?;
        let messages = String::from_utf8_lossy(&output.stderr);
        eprint!("{}", with_paths_from(&messages, &here));
        if output.status.success() {
            built.push(kind);
        } else {
            failed.push(name);
        }
    }
    if built.is_empty() && !failed.is_empty() {
        return Err(tr!(
            "homework-programs-do-not-build",
            dir = &here,
            programs = failed.join(", ")
        ));
    }
    for name in failed {
        eprintln!("{}", tr!("homework-checking-the-rest", program = name));
    }
    Ok(built)
}

/// Cargo's messages with the paths it writes from the crate's folder (`--> src/bin/…`)
/// written from `here`, the crate's folder as seen from the current folder.
pub fn with_paths_from(messages: &str, here: &str) -> String {
    messages
        .lines()
        .map(|line| {
            let trimmed = line.trim_start();
            match trimmed.strip_prefix("--> ") {
                Some(path) if !Path::new(path).is_absolute() => {
                    format!("{}--> {here}/{path}\n", &line[..line.len() - trimmed.len()])
                }
                _ => format!("{line}\n"),
            }
        })
        .collect()
}

/// A path as seen from the current folder: relative below it, else as it is.
pub fn from_here(path: &Path) -> String {
    let here = std::env::current_dir().ok();
    match here
        .as_deref()
        .and_then(|here| path.strip_prefix(here).ok())
    {
        Some(relative) if relative.as_os_str().is_empty() => ".".to_owned(),
        Some(relative) => relative.display().to_string(),
        None => path.display().to_string(),
    }
}

/// The programs a homework crate has (`server`, `client`): those still in `src/bin/`.
pub fn kinds(lesson: Lesson, dir: &Path) -> Vec<&'static str> {
    ["server", "client"]
        .into_iter()
        .filter(|kind| {
            dir.join("src/bin")
                .join(format!("{}.rs", program(lesson, kind)))
                .exists()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cargo_paths_are_written_from_where_the_student_stands() {
        let messages =
            "error[E0308]: mismatched types\n --> src/bin/homework04-server.rs:3:5\n  |\n";
        assert_eq!(
            with_paths_from(messages, "homework/lesson04"),
            "error[E0308]: mismatched types\n --> homework/lesson04/src/bin/homework04-server.rs:3:5\n  |\n"
        );
    }

    #[test]
    fn dependencies_come_from_the_kit_manifest() {
        let root = "[workspace.dependencies]\nlessonkit = { path = \"lessons/kit\" }\ncolored = \"3\"\n\n[profile.dev]\ndebug = 0\n";
        assert_eq!(
            workspace_dependency(root, "colored").as_deref(),
            Some("\"3\"")
        );
        assert_eq!(workspace_dependency(root, "debug"), None);
        let lesson06 = Lesson::find(6).expect("lesson 06");
        assert_eq!(
            dependencies_of(lesson06).expect("reads"),
            ["lessonkit", "colored"]
        );
    }

    #[test]
    fn a_starter_is_the_previous_lesson_under_a_todo() {
        let lesson = Lesson::find(4).expect("lesson 04");
        let previous = Lesson::find(3).expect("lesson 03");
        let source = "//! Lesson 03, the server.\n//!\n//! More.\n\nuse std::io;\n// ANCHOR: serve\nfn serve() {}\n// ANCHOR_END: serve\n";
        let text = from_lesson(lesson, previous, "server", source);
        assert!(
            text.starts_with(
                "//! Homework 04 · reconnect loop (循环接客), the server.\n//!\n//! It starts as \
                 lesson 03's server: make it lesson 04's.\n"
            ),
            "{text}"
        );
        assert!(
            text.contains("//! TODO: Serve one client after another"),
            "{text}"
        );
        assert!(text.contains("cargo run --bin homework04-server"), "{text}");
        assert!(text.ends_with("\nuse std::io;\nfn serve() {}\n"), "{text}");
        assert!(!text.contains("Lesson 03, the server"), "{text}");
        assert!(
            text.lines().all(|line| line.chars().count() <= 100),
            "{text}"
        );
    }
}
