//! `cargo xtask check N --watch`: a real change of the program's file checks it again, and
//! Ctrl-C ends the watch with nothing left running.

mod bound;
mod tools;

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use xtask::workspace;

/// How long one round may take to be reported: a play of lesson 01 takes about a second.
const ROUND_BOUND: Duration = Duration::from_secs(120);

/// The lines the watcher prints, as they come.
struct Watching {
    child: Child,
    lines: mpsc::Receiver<String>,
    seen: Vec<String>,
}

impl Watching {
    fn start(args: &[&str], poll: bool) -> Watching {
        let mut command = Command::new(env!("CARGO_BIN_EXE_xtask"));
        command.args(args);
        if poll {
            command.arg("--poll");
        }
        let mut child = command
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the watcher starts");
        let (sender, lines) = mpsc::channel();
        for stream in [
            Box::new(child.stdout.take().expect("piped")) as Box<dyn std::io::Read + Send>,
            Box::new(child.stderr.take().expect("piped")),
        ] {
            let sender = sender.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    let _ = sender.send(line);
                }
            });
        }
        Watching {
            child,
            lines,
            seen: Vec::new(),
        }
    }

    /// Waits for the next line that contains `text`, bounded; returns it.
    fn until(&mut self, text: &str) -> String {
        let deadline = Instant::now() + ROUND_BOUND;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if line.contains(text) {
                        return line;
                    }
                }
                Err(_) => {
                    let _ = self.child.kill();
                    panic!(
                        "no line with {text:?} within {ROUND_BOUND:?}; seen:\n{}",
                        self.seen.join("\n")
                    );
                }
            }
        }
    }

    /// Ctrl-C, and the exit it brings, bounded.
    fn interrupt(mut self) -> (Option<i32>, u32) {
        let pid = self.child.id();
        // SAFETY: kill only sends a signal, to the watcher this test started.
        unsafe { libc::kill(pid as i32, libc::SIGINT) };
        let status = bound::within(Duration::from_secs(60), "the watcher's exit", move || {
            self.child.wait().expect("waits")
        });
        (status.code(), pid)
    }
}

/// The processes that carry the mark of the runner with process id `runner`.
fn marked_by(runner: u32) -> Vec<u32> {
    let prefix = format!("SOCKETLAB_PLAY={runner}-");
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            std::fs::read(format!("/proc/{pid}/environ")).is_ok_and(|environment| {
                environment
                    .split(|byte| *byte == 0)
                    .any(|variable| variable.starts_with(prefix.as_bytes()))
            })
        })
        .collect()
}

fn folder(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xtask-watch-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("made");
    dir
}

/// The notes' lesson 01 server, and the same answering `ho`.
fn servers() -> (String, String) {
    let right =
        std::fs::read_to_string(workspace::root().join("examples/python/lesson01-server.py"))
            .expect("the notes' server");
    let wrong = right.replace("'hi'", "'ho'").replace("\"hi\"", "\"ho\"");
    assert_ne!(right, wrong, "the notes' server answers hi");
    (right, wrong)
}

fn watch_a_fix(poll: bool) {
    if !tools::available("python3", "the watched Python programs") {
        return;
    }
    workspace::build(&["lesson01".into()]).expect("the lesson builds");
    let dir = folder(if poll { "poll" } else { "events" });
    let file = dir.join("server.py");
    let (right, wrong) = servers();
    std::fs::write(&file, &wrong).expect("written");
    let command = format!("python3 '{}' {{port}}", file.display());
    let mut watching = Watching::start(&["check", "1", "--watch", "--server", &command], poll);
    let first = watching.until("round 1:");
    assert!(first.contains("0 of 2 scenarios passed"), "{first}");
    let hint = watching.until("hint:");
    assert!(hint.contains("\"ho\""), "{hint}");
    watching.until("waiting for a change");
    let edited = Instant::now();
    std::fs::write(&file, &right).expect("written");
    let second = watching.until("round 2:");
    let took = edited.elapsed();
    assert!(second.contains("2 of 2 scenarios passed"), "{second}");
    watching.until("waiting for a change");
    // The number for the closing note, not an assertion: speed is the bench's.
    eprintln!(
        "edit to verdict ({}): {:.2} s",
        if poll { "polling" } else { "events" },
        took.as_secs_f64()
    );
    let (code, runner) = watching.interrupt();
    assert_eq!(code, Some(130), "Ctrl-C's status");
    assert_eq!(marked_by(runner), Vec::<u32>::new(), "left running");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_saved_change_is_checked_again() {
    watch_a_fix(false);
}

#[test]
fn polling_sees_a_saved_change_too() {
    watch_a_fix(true);
}
