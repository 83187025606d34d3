//! Rules about the wire: a wrong reply, a reply sent to a fixed address, a connection
//! closed too soon.

use super::facts::{Facts, last_line};
use super::{Message, Rule};
use crate::engine::record::Exit;
use crate::scenario::Role;

pub const UDP_FIXED_ADDRESS: Rule = Rule {
    name: "udp-fixed-address",
    cause: "reply",
    find: |f| {
        if !f.udp() {
            return None;
        }
        let server = f.yours().find(|p| p.role == Role::Server)?;
        let answered = server.typed.iter().any(|t| t.text.is_some());
        (answered && f.sent(server).is_empty() && !f.received(server).is_empty())
            .then(|| Message::new("udp-fixed-address").arg("program", &server.name))
    },
};

pub const SENT_BEFORE_TYPED: Rule = Rule {
    name: "sent-before-typed",
    cause: "prompt",
    find: |f| {
        // From lesson 02 on, every message is a line typed at the program (lesson 01's
        // are fixed: `hello!` and `hi`).
        if f.e.lesson < 2 {
            return None;
        }
        f.yours().find_map(|program| {
            let sent = f.sent(program).first().copied()?;
            program.typed.is_empty().then(|| {
                Message::new("sent-before-typed")
                    .arg("program", &program.name)
                    .arg("sent", crate::transcript::show_bytes(sent))
            })
        })
    },
};

pub const WRONG_REPLY: Rule = Rule {
    name: "wrong-reply",
    cause: "reply",
    find: |f| {
        let failed = f.failure().is_some();
        f.wire_sections().into_iter().find_map(|section| {
            let sent = |removed| -> Option<(String, String)> {
                f.changes(section, removed).iter().find_map(|c| {
                    let (from, rest) = c.line.split_once(" → ")?;
                    let program = f.program(from)?;
                    if !f.is_yours(program) {
                        return None;
                    }
                    let message = rest.split("  ").nth(1)?.to_owned();
                    Some((from.to_owned(), message))
                })
            };
            let message = match (sent(false), sent(true)) {
                (Some((from, got)), Some((_, expected))) => Message::new("wrong-reply")
                    .arg("program", from)
                    .arg("got", got)
                    .arg("expected", expected),
                (Some((from, got)), None) => Message::new("sent-extra")
                    .arg("program", from)
                    .arg("got", got),
                // After a failed step, what was not sent is the stop's consequence.
                (None, Some((from, expected))) if !failed => Message::new("never-sent")
                    .arg("program", from)
                    .arg("expected", expected),
                _ => return None,
            };
            Some(message)
        })
    },
};

pub const PEER_CLOSED_EARLY: Rule = Rule {
    name: "peer-closed-early",
    cause: "closed",
    find: |f| {
        f.wire_sections().into_iter().find_map(|section| {
            // A close by a program the runner killed (after a failed step) is the runner's.
            let closed_early = f.changes(section, false).iter().any(|c| {
                c.line
                    .strip_suffix(" closed the connection")
                    .and_then(|name| f.program(name))
                    .is_some_and(|p| f.is_yours(p) && p.exit != Some(Exit::Killed))
            }) && !f.changes(section, true).is_empty();
            closed_early.then(|| {
                Message::new("peer-closed-early")
                    .phrase("role", f.role_name())
                    .arg("section", section)
            })
        })
    },
};

pub const LESSON_PROGRAM_CLOSED: Rule = Rule {
    name: "lesson-program-closed",
    cause: "closed",
    find: |f| {
        // Not when the runner ended your programs after a failed step: the closes are its.
        let killed_by_runner =
            f.failure().is_some() && f.yours().all(|p| p.exit == Some(Exit::Killed));
        if killed_by_runner {
            return None;
        }
        f.lessons().find_map(|program| {
            if f.expected_stderr(&program.name) {
                return None;
            }
            let stderr = Facts::stderr(program);
            let lower = stderr.to_lowercase();
            (lower.contains("closed the connection")
                || lower.contains("reset")
                || lower.contains("broken pipe"))
            .then(|| {
                Message::new("lesson-program-closed")
                    .arg("program", &program.name)
                    .phrase("role", f.role_name())
                    .arg("said", last_line(&stderr))
            })
        })
    },
};

pub const FIRST_DIFFERENCE: Rule = Rule {
    name: "first-difference",
    cause: "fallback",
    find: |f| {
        Some(
            Message::new("first-difference").arg(
                "section",
                f.e.difference
                    .map_or("the transcript", |d| d.section.as_str()),
            ),
        )
    },
};
