//! Rules about crashes: the real message quoted, as each language reports it.

use super::facts::{Facts, clip, last_line};
use super::{Message, Rule};
use crate::engine::record::Exit;

pub const RUST_PANIC: Rule = Rule {
    name: "rust-panic",
    cause: "crash",
    find: |f| {
        f.yours().find_map(|program| {
            let (place, message) = rust_panic(&Facts::stderr(program))?;
            Some(
                Message::new("rust-panic")
                    .arg("program", &program.name)
                    .arg("place", place)
                    .arg("message", clip(&message)),
            )
        })
    },
};

/// A Rust panic's place and message: `thread 'main' panicked at src/main.rs:7:5:` then the
/// message on the next lines (Rust 1.73 on), or `panicked at 'message', src/main.rs:7:5`
/// on one line (before).
pub fn rust_panic(stderr: &str) -> Option<(String, String)> {
    let mut lines = stderr.lines();
    let line = lines.by_ref().find(|line| line.contains("panicked at "))?;
    let (_, after) = line.split_once("panicked at ")?;
    if let Some(place) = after.strip_suffix(':') {
        let message = lines.next().unwrap_or_default().trim().to_owned();
        return Some((place.to_owned(), message));
    }
    // The old form: `'message', place`.
    let (message, place) = after.rsplit_once(", ")?;
    Some((place.to_owned(), message.trim_matches('\'').to_owned()))
}

pub const PYTHON_EXCEPTION: Rule = Rule {
    name: "python-exception",
    cause: "crash",
    find: |f| {
        f.yours().find_map(|program| {
            let stderr = Facts::stderr(program);
            let (_, after) = stderr.split_once("Traceback (most recent call last)")?;
            // The exception line is the first after the traceback that is not indented.
            let exception = after
                .lines()
                .skip(1)
                .find(|line| !line.starts_with(' ') && !line.trim().is_empty())?;
            let place = after
                .lines()
                .rfind(|line| line.trim_start().starts_with("File \""))
                .map(|line| line.trim().to_owned())
                .unwrap_or_default();
            Some(
                Message::new("python-exception")
                    .arg("program", &program.name)
                    .arg("exception", clip(exception))
                    .arg("place", place),
            )
        })
    },
};

pub const NODE_EXCEPTION: Rule = Rule {
    name: "node-exception",
    cause: "crash",
    find: |f| {
        f.yours().find_map(|program| {
            let stderr = Facts::stderr(program);
            if !last_line(&stderr).starts_with("Node.js v") {
                return None;
            }
            let lines: Vec<&str> = stderr.lines().collect();
            // The exception is the line just before its stack (`    at …`); the first
            // line is where it was thrown (`/path/server.js:12`).
            let stack = lines
                .iter()
                .position(|line| line.trim_start().starts_with("at "))?;
            let exception = lines[..stack]
                .iter()
                .rev()
                .find(|line| !line.trim().is_empty())?;
            Some(
                Message::new("node-exception")
                    .arg("program", &program.name)
                    .arg("exception", clip(exception.trim()))
                    .arg("place", lines.first().copied().unwrap_or_default()),
            )
        })
    },
};

/// The signals by which the kernel ends a program for what it did, with their names.
const CRASH_SIGNALS: [(i32, &str); 5] = [
    (4, "SIGILL"),
    (6, "SIGABRT"),
    (7, "SIGBUS"),
    (8, "SIGFPE"),
    (11, "SIGSEGV"),
];

pub const CRASHED: Rule = Rule {
    name: "crashed",
    cause: "crash",
    find: |f| {
        f.yours().find_map(|program| {
            let signal = match program.exit? {
                Exit::Signal(signal) => signal,
                // Through the shell (`sh -c CMD`), a program killed by a signal makes the
                // shell exit with 128 + the signal's number.
                Exit::Code(code) if code > 128 => code - 128,
                _ => return None,
            };
            let name = CRASH_SIGNALS
                .iter()
                .find(|(number, _)| *number == signal)?
                .1;
            Some(
                Message::new("crashed").arg("program", &program.name).sub(
                    "how",
                    Message::new("crash-signal")
                        .arg("signal", signal)
                        .arg("name", name),
                ),
            )
        })
    },
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_gives_its_place_and_message_in_both_forms() {
        let new = "thread 'main' panicked at src/bin/s.rs:7:5:\nno port\nnote: run with `RUST_BACKTRACE=1`\n";
        assert_eq!(
            rust_panic(new),
            Some(("src/bin/s.rs:7:5".into(), "no port".into()))
        );
        let old = "thread 'main' panicked at 'no port', src/bin/s.rs:7:5\n";
        assert_eq!(
            rust_panic(old),
            Some(("src/bin/s.rs:7:5".into(), "no port".into()))
        );
    }
}
