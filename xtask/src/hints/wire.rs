//! Rules about the wire: a wrong reply, a reply sent to a fixed address, a connection
//! closed too soon.

use super::facts::Facts;
use super::{Message, Rule};
use crate::engine::record::{Side, WireEvent};
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
        let side = match f.e.role {
            Role::Server => Side::Server,
            _ => Side::Client,
        };
        f.record.connections.iter().find_map(|connection| {
            // Your program closed it while it ran (not by ending, not ended by the runner)…
            if !connection.closed_running[side as usize] {
                return None;
            }
            let name = match side {
                Side::Server => &f.server()?.name,
                Side::Client => &connection.client,
            };
            let program = f.program(name).filter(|p| f.is_yours(p))?;
            // …and the lesson's sent more on it.
            let section = f.wire_sections().into_iter().find(|section| {
                section
                    .strip_prefix("wire: ")
                    .and_then(|rest| rest.split(" ⇄ ").next())
                    == Some(connection.client.as_str())
            })?;
            let sent_by = format!("{} → ", program.name);
            let expected = Facts::section_in(f.e.expected, section)
                .iter()
                .filter(|line| line.starts_with(&sent_by))
                .count();
            let side_sent = connection
                .events
                .iter()
                .filter(|event| matches!(event, WireEvent::Data { from, .. } if *from == side))
                .count();
            let more = expected > side_sent;
            more.then(|| {
                Message::new("peer-closed-early")
                    .phrase("role", f.role_name())
                    .arg("section", section)
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
