//! Rules about what a program printed: the prompt (mid-line, not flushed), a missing
//! newline, a flood, an empty line, debug output on either stream.

use super::facts::{Facts, clip};
use super::{Language, Message, Rule};
use crate::engine::record::ProgramRecord;
use crate::scenario::Action;
use crate::snapshot::Change;
use crate::transcript::show_terminal;

pub const FLOOD: Rule = Rule {
    name: "flood",
    cause: "flood",
    find: |f| {
        let program = f.yours().find(|p| p.truncated)?;
        Some(
            Message::new("flood")
                .arg("program", &program.name)
                .arg("kib", crate::engine::record::OUTPUT_CAP / 1024),
        )
    },
};

pub const EMPTY_RECEIVE: Rule = Rule {
    name: "empty-receive",
    cause: "empty-receive",
    find: |f| {
        let program = f.yours().find(|p| {
            let blank = |text: &str| Facts::screen_in(text, &p.name).contains(&"");
            blank(&f.e.played.transcript) && !blank(f.e.expected)
        })?;
        Some(Message::new("empty-receive").arg("program", &program.name))
    },
};

/// The program of yours whose prompt the failed step waited for, still running, and its
/// output not cut.
fn waited_for_prompt<'a>(f: &Facts<'a>) -> Option<(&'a ProgramRecord, String)> {
    let step = f.failed_step()?;
    if !matches!(
        step.action,
        Action::Type { .. } | Action::EndInput { .. } | Action::Kill { .. }
    ) {
        return None;
    }
    let program = f.failed_program().filter(|p| f.is_yours(p))?;
    let ended = program
        .exit
        .is_some_and(|e| e != crate::engine::record::Exit::Killed);
    (!ended && !program.truncated).then(|| (program, step.action.to_string()))
}

pub const PROMPT_MID_LINE: Rule = Rule {
    name: "prompt-mid-line",
    cause: "prompt",
    find: |f| {
        let (program, _) = waited_for_prompt(f)?;
        let out = &program.stdout;
        let line = out
            .split(|b| *b == b'\n')
            .rev()
            .find(|line| line.windows(3).skip(1).any(|w| w == b">>>"))?;
        // Only escape sequences before it (a colour reset): `reset-after-newline` names it.
        let before = &line[..line.windows(3).position(|w| w == b">>>").unwrap_or(0)];
        if !before.is_empty() && without_escapes(before).is_empty() {
            return None;
        }
        Some(
            Message::new("prompt-mid-line")
                .arg("program", &program.name)
                .arg("line", clip(&show_terminal(line))),
        )
    },
};

pub const MISSING_NEWLINE: Rule = Rule {
    name: "missing-newline",
    cause: "prompt",
    find: |f| {
        let (program, _) = waited_for_prompt(f)?;
        let tail = program.stdout.rsplit(|b| *b == b'\n').next()?;
        (!tail.is_empty() && !tail.starts_with(b">>>")).then(|| {
            Message::new("missing-newline")
                .arg("program", &program.name)
                .arg("tail", clip(&show_terminal(tail)))
        })
    },
};

pub const UNFLUSHED_PROMPT: Rule = Rule {
    name: "unflushed-prompt",
    cause: "prompt",
    find: |f| {
        let (program, step) = waited_for_prompt(f)?;
        if Facts::at_prompt(program) {
            return None;
        }
        let flush = match f.language() {
            Language::Python => "flush-python",
            Language::Rust => "flush-rust",
            Language::Node => "flush-node",
            Language::Native => "flush-native",
        };
        Some(
            Message::new("unflushed-prompt")
                .arg("program", &program.name)
                .arg("timeout", f.timeout())
                .arg("step", step)
                .phrase("flush", flush)
                .sub("wire", f.last_on_wire(program)),
        )
    },
};

/// A screen line that is printed text: not blank, not an end, an error or a typed line.
fn is_printed(change: &&&Change) -> bool {
    let line = &change.line;
    !line.is_empty()
        && !line.starts_with('[')
        && !line.starts_with(">>>")
        && !line.starts_with('⏎')
        && !line.starts_with("stderr: ")
}

/// The first printed line of a program's screen section that differs: added or removed.
/// Not a quit printed as a message: the quit rules name that.
fn first_printed(f: &Facts, program: &ProgramRecord, removed: bool) -> Option<String> {
    let screen = format!("{} (screen)", program.name);
    f.changes(&screen, removed)
        .iter()
        .filter(|c| !super::is_quit(&super::untagged(&c.line)))
        .find(is_printed)
        .map(|c| c.line.clone())
}

pub const DEBUG_OUTPUT: Rule = Rule {
    name: "debug-output",
    cause: "printed",
    find: |f| {
        f.yours().find_map(|program| {
            match (
                first_printed(f, program, false),
                first_printed(f, program, true),
            ) {
                (Some(got), None) => Some(
                    Message::new("debug-output")
                        .arg("program", &program.name)
                        .arg("got", got),
                ),
                _ => None,
            }
        })
    },
};

pub const PRINTED_OTHERWISE: Rule = Rule {
    name: "printed-otherwise",
    cause: "printed",
    find: |f| {
        let failed = f.failure().is_some();
        f.yours().find_map(|program| {
            let message = match (
                first_printed(f, program, false),
                first_printed(f, program, true),
            ) {
                // Only the colour differs: `wrong-colour` names it.
                (Some(got), Some(expected))
                    if super::untagged(&got) == super::untagged(&expected) =>
                {
                    return None;
                }
                (Some(got), Some(expected)) => Message::new("printed-otherwise")
                    .arg("got", got)
                    .arg("expected", expected),
                // After a failed step, what was not printed is the stop's consequence.
                (None, Some(expected)) if !failed => {
                    Message::new("printed-missing").arg("expected", expected)
                }
                _ => return None,
            };
            Some(message.arg("program", &program.name))
        })
    },
};

pub const STDERR_DIFFERS: Rule = Rule {
    name: "debug-stderr",
    cause: "stderr",
    find: |f| {
        f.yours().find_map(|program| {
            let screen = format!("{} (screen)", program.name);
            let errors = |removed| {
                f.changes(&screen, removed)
                    .iter()
                    .filter(|c| c.line.starts_with("stderr: "))
                    .count()
            };
            let (extra, missing) = (errors(false), errors(true));
            let message = if extra > missing {
                Message::new("debug-stderr").arg("line", first_line(&Facts::stderr(program)))
            } else if missing > extra {
                Message::new("stderr-missing")
            } else {
                return None;
            };
            Some(message.arg("program", &program.name))
        })
    },
};

/// The first line of a text that is not blank, trimmed.
fn first_line(text: &str) -> &str {
    text.lines()
        .find(|line| !line.trim().is_empty())
        .unwrap_or_default()
        .trim()
}

/// Bytes without their escape sequences (`\e[…` up to its final letter).
fn without_escapes(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut rest = bytes.iter();
    while let Some(&byte) = rest.next() {
        if byte == 0x1b {
            // Skip to the sequence's final byte: a letter.
            for &next in rest.by_ref() {
                if next.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(byte);
        }
    }
    out
}
