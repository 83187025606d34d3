//! `cargo xtask check N --watch`: checks again each time a source of the homework changes.
//!
//! The system's file-change events (notify: inotify, FSEvents, ReadDirectoryChangesW) say
//! when something changed; where they cannot be had (a system without them, a watch limit
//! reached) or do not come (`--poll`: a Windows folder seen from WSL 2, a network share),
//! the folders are read again every second instead, said in one line. A burst of events (an
//! editor's save writes and renames) is one change: a round starts once the events have
//! been quiet for [`QUIET`]. Each round prints one line of progress, then the failure and
//! the hints of the first failing scenario. Ctrl-C ends it, and every program a round
//! started with it (`process::kill_all_on_interrupt`).

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use colored::Colorize;
use notify::{EventKind, RecursiveMode, Watcher};

use crate::check::Checked;
use crate::{eprintln, println};

/// How long the events must be quiet before a round starts: an editor's save is a burst of
/// events within a few milliseconds.
pub const QUIET: Duration = Duration::from_millis(200);

/// How often the polling fallback reads the folders again.
pub const POLL_EVERY: Duration = Duration::from_secs(1);

/// The texts this module shows, in one place (the message catalogue takes them later).
mod text {
    use crate::tr;
    pub fn watching(what: &str) -> String {
        tr!("watch-watching", what = what)
    }
    pub fn polling(reason: &str) -> String {
        tr!("watch-polling", reason = reason)
    }
    pub const POLL_ASKED: &str = "--poll";
    pub fn round(number: usize, passed: usize, total: usize, seconds: f64) -> String {
        tr!(
            "watch-round",
            number = number,
            passed = passed,
            total = total,
            seconds = format!("{seconds:.1}")
        )
    }
    pub fn unbuilt(count: usize) -> String {
        tr!("watch-unbuilt", count = count)
    }
    pub fn failed_round(number: usize, error: &str) -> String {
        tr!("watch-failed-round", number = number, error = error)
    }
    pub fn first_failing(name: &str, summary: &str) -> String {
        tr!("watch-first-failing", name = name, summary = summary)
    }
    pub fn waiting() -> String {
        tr!("watch-waiting")
    }
    pub fn cannot_watch(path: &str, error: &str) -> String {
        tr!("watch-cannot-watch", path = path, error = error)
    }
}

/// What one round of the check found.
pub struct RoundResult {
    /// Scenarios passed, and played.
    pub passed: usize,
    /// Scenarios played.
    pub total: usize,
    /// Programs that did not build.
    pub unbuilt: usize,
    /// The first scenario that failed, if one did.
    pub first_failing: Option<Checked>,
}

/// What to watch: folders, each with the files in it that matter (none: every source).
pub struct Watched {
    /// The folders, and whether their subfolders count.
    pub folders: Vec<(PathBuf, RecursiveMode)>,
    /// How the first line names them.
    pub shown: String,
}

/// Watches, and plays a round at the start and after every change, until interrupted.
pub fn run(
    watched: &Watched,
    poll: bool,
    mut round: impl FnMut() -> Result<RoundResult, String>,
) -> Result<(), String> {
    let (events, changes) = mpsc::channel();
    let _watcher = watch(watched, poll, events)?;
    println!("{}", text::watching(&watched.shown).bold());
    let mut number = 0;
    loop {
        number += 1;
        let started = Instant::now();
        match round() {
            Ok(result) => report(number, &result, started.elapsed()),
            Err(error) => println!("{}", text::failed_round(number, &error).red()),
        }
        println!("{}", text::waiting().dimmed());
        if !next_change(&changes) {
            return Ok(());
        }
    }
}

/// Prints a round's line of progress and its first failure.
fn report(number: usize, result: &RoundResult, took: Duration) {
    let mut line = text::round(number, result.passed, result.total, took.as_secs_f64());
    if result.unbuilt > 0 {
        line.push_str(&text::unbuilt(result.unbuilt));
    }
    if result.passed == result.total && result.unbuilt == 0 {
        println!("{}", line.green().bold());
        return;
    }
    println!("{}", line.red().bold());
    if let Some(one) = &result.first_failing {
        let scenario = &one.played.scenario;
        println!("{}", text::first_failing(&scenario.name, &scenario.summary));
        if let Some(failure) = &one.played.failure {
            println!("    at {failure}");
        }
        for hint in &one.hints {
            println!("    {} {hint}", "hint:".yellow().bold());
        }
    }
}

/// Blocks until a change that matters, then until the events are quiet. `false` when the
/// watcher has gone (it never does while the runner runs).
fn next_change(changes: &mpsc::Receiver<notify::Result<notify::Event>>) -> bool {
    loop {
        match changes.recv() {
            Ok(event) if matters(&event) => break,
            Ok(_) => continue,
            Err(_) => return false,
        }
    }
    // The rest of the burst: a bound on the quiet, not a wait for readiness.
    while changes.recv_timeout(QUIET).is_ok() {}
    true
}

/// Whether an event is a change to a source: not a read (the round's own build and run
/// read the files), not the build's output.
fn matters(event: &notify::Result<notify::Event>) -> bool {
    let Ok(event) = event else {
        // An error of the watcher (events lost): check again, to be sure.
        return true;
    };
    if matches!(event.kind, EventKind::Access(_)) {
        return false;
    }
    event.paths.iter().any(|path| is_source(path))
}

/// A file a program is made from: Rust, Python, JavaScript, C, a manifest.
pub fn is_source(path: &Path) -> bool {
    let built = path.components().any(|part| {
        matches!(
            part.as_os_str().to_str(),
            Some("target" | "__pycache__" | ".git" | "node_modules")
        )
    });
    let source = path
        .extension()
        .and_then(|ext| ext.to_str())
        .is_some_and(|ext| matches!(ext, "rs" | "toml" | "py" | "js" | "mjs" | "c" | "h"));
    source && !built
}

/// The system's watcher, or the polling one where it cannot be had (or `poll` asks).
fn watch(
    watched: &Watched,
    poll: bool,
    events: mpsc::Sender<notify::Result<notify::Event>>,
) -> Result<Box<dyn Watcher>, String> {
    let native = if poll {
        Err(text::POLL_ASKED.to_owned())
    } else {
        notify::recommended_watcher(events.clone())
            .map_err(|error| error.to_string())
            .and_then(|mut watcher| {
                add(&mut watcher, watched)?;
                Ok(Box::new(watcher) as Box<dyn Watcher>)
            })
    };
    match native {
        Ok(watcher) => Ok(watcher),
        Err(reason) => {
            eprintln!("{}", text::polling(&reason));
            let config = notify::Config::default()
                .with_poll_interval(POLL_EVERY)
                // Two saves within the same second leave the same time: compare contents.
                .with_compare_contents(true);
            let mut watcher =
                notify::PollWatcher::new(events, config).map_err(|error| error.to_string())?;
            add(&mut watcher, watched)?;
            Ok(Box::new(watcher))
        }
    }
}

fn add(watcher: &mut dyn Watcher, watched: &Watched) -> Result<(), String> {
    for (folder, mode) in &watched.folders {
        watcher.watch(folder, *mode).map_err(|error| {
            text::cannot_watch(&folder.display().to_string(), &error.to_string())
        })?;
    }
    Ok(())
}

/// The folders of the files a command names (`python3 my/server.py {port}`: `my/`).
pub fn folders_of_command(command: &str) -> Vec<PathBuf> {
    let mut folders: Vec<PathBuf> = command
        .split_whitespace()
        .map(|word| word.trim_matches(['\'', '"']))
        .map(Path::new)
        .filter(|path| path.is_file() && is_source(path))
        .filter_map(|path| {
            let parent = path.parent()?;
            Some(if parent.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                parent.to_path_buf()
            })
        })
        .collect();
    folders.sort();
    folders.dedup();
    folders
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_count_and_builds_do_not() {
        assert!(is_source(Path::new(
            "homework/lesson04/src/bin/homework04-server.rs"
        )));
        assert!(is_source(Path::new("server.py")));
        assert!(is_source(Path::new("hw/Cargo.toml")));
        assert!(!is_source(Path::new("hw/target/debug/build/x.rs")));
        assert!(!is_source(Path::new("__pycache__/server.cpython-311.py")));
        assert!(!is_source(Path::new(".server.py.swp")));
        assert!(!is_source(Path::new("hw/Cargo.lock")));
    }

    #[test]
    fn a_read_is_not_a_change() {
        let read = notify::Event::new(EventKind::Access(notify::event::AccessKind::Any))
            .add_path(PathBuf::from("server.py"));
        assert!(!matters(&Ok(read)));
        let write = notify::Event::new(EventKind::Modify(notify::event::ModifyKind::Any))
            .add_path(PathBuf::from("server.py"));
        assert!(matters(&Ok(write)));
    }
}
