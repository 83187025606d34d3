//! Rules about how programs ended: too early, not at all, or refused at the start.

use super::facts::{Facts, is_end_line, last_line};
use super::{Message, Rule};
use crate::engine::record::{Exit, ProgramRecord, WireEvent};
use crate::engine::{exit_in_words, relay};
use crate::scenario::{Action, Role};

/// What a program last said on standard error, as a phrase (empty when it said nothing).
fn said(program: &ProgramRecord) -> Message {
    match last_line(&Facts::stderr(program)) {
        "" => Message::new("empty"),
        line => Message::new("said").arg("line", line),
    }
}

/// How a program ended by itself, if it did.
fn own_exit(program: &ProgramRecord) -> Option<Exit> {
    match program.exit {
        Some(exit @ (Exit::Code(_) | Exit::Signal(_))) => Some(exit),
        _ => None,
    }
}

pub const SERVES_ONE_CLIENT: Rule = Rule {
    name: "serves-one-client",
    cause: "ended",
    find: |f| {
        let server = f.yours().find(|p| p.role == Role::Server)?;
        let exit = own_exit(server)?;
        let loops = f
            .expected_end(&server.name)
            .is_some_and(|end| end.contains("stopped by the runner"));
        (loops && !f.udp()).then(|| {
            Message::new("serves-one-client")
                .arg("program", &server.name)
                .arg("how", exit_in_words(exit))
                .sub("said", said(server))
        })
    },
};

pub const ENDED_EARLY: Rule = Rule {
    name: "ended-early",
    cause: "ended",
    find: |f| {
        // The failed step acted on a program of yours that had already ended.
        if let Some(step) = f.failed_step()
            && matches!(
                step.action,
                Action::Type { .. } | Action::EndInput { .. } | Action::Kill { .. }
            )
            && let Some(program) = f.failed_program().filter(|p| f.is_yours(p))
            && let Some(exit) = own_exit(program)
        {
            return Some(
                Message::new("ended-early")
                    .arg("program", &program.name)
                    .arg("how", exit_in_words(exit))
                    .arg("step", step.action.to_string())
                    .sub("said", said(program)),
            );
        }
        // Or the transcript ends a program of yours otherwise than the snapshot does.
        f.yours().find_map(|program| {
            let section = format!("{} (screen)", program.name);
            let end = |removed| {
                f.changes(&section, removed)
                    .into_iter()
                    .find(|c| is_end_line(&c.line))
                    .map(|c| c.line.clone())
            };
            let (got, expected) = (end(false)?, end(true)?);
            if got.contains("by the runner") || got == expected {
                return None;
            }
            Some(
                Message::new("ended-otherwise")
                    .arg("program", &program.name)
                    .arg("how", got.trim_matches(['[', ']']))
                    .arg("expected", expected)
                    .sub("said", said(program)),
            )
        })
    },
};

pub const REFUSED: Rule = Rule {
    name: "refused",
    cause: "port",
    find: |f| {
        let program = f.yours().find(|p| {
            let lower = Facts::stderr(p).to_lowercase();
            (lower.contains("refused") || lower.contains("10061")) && !f.expected_stderr(&p.name)
        })?;
        let port = match f.e.fixed_port {
            Some(port) => Message::new("refused-fixed-port").arg("port", port),
            None => Message::new("refused-given-port"),
        };
        Some(
            Message::new("refused")
                .arg("program", &program.name)
                .sub("port", port),
        )
    },
};

pub const LISTENER_CLOSED: Rule = Rule {
    name: "listener-closed",
    cause: "port",
    find: |f| {
        let refused = f.record.connections.iter().flat_map(|c| &c.events).any(|event| {
            matches!(event, WireEvent::Unreachable { reason } if reason == relay::LISTENER_CLOSED)
        });
        let server = f.server().filter(|server| f.is_yours(server))?;
        refused.then(|| {
            Message::new("listener-closed")
                .arg("program", &server.name)
                .arg("port", server.port.or(f.e.fixed_port).unwrap_or_default())
        })
    },
};

pub const LESSON_CLIENT_REFUSED: Rule = Rule {
    name: "lesson-client-refused",
    cause: "port",
    find: |f| {
        if f.e
            .expected
            .contains("the relay could not reach the server")
        {
            return None;
        }
        let refused_client = f.lessons().find(|p| {
            p.role == Role::Client
                && !f.expected_stderr(&p.name)
                && Facts::stderr(p).to_lowercase().contains("refused")
        });
        let unreachable = f
            .record
            .connections
            .iter()
            .flat_map(|c| &c.events)
            .find_map(|event| match event {
                WireEvent::Unreachable { reason } => Some(reason.clone()),
                _ => None,
            });
        if refused_client.is_none() && unreachable.is_none() {
            return None;
        }
        let why = match f.server_ended_on_its_own() {
            Some(exit) => Message::new("refused-server-exited")
                .phrase("server", f.server_name())
                .arg("how", exit_in_words(exit)),
            None => Message::new("refused-not-listening")
                .phrase("server", f.server_name())
                .arg("reason", unreachable.unwrap_or_default()),
        };
        Some(Message::new("lesson-client-refused").sub("why", why))
    },
};

pub const CONNECTION_LEFT_OPEN: Rule = Rule {
    name: "connection-left-open",
    // A chat that did not end: when a quit was missed, that is the cause.
    cause: "quit",
    find: |f| {
        (f.failed_step().is_none() && f.problem().contains("connection to close"))
            .then(|| Message::new("connection-left-open"))
    },
};

pub const STILL_RUNNING: Rule = Rule {
    name: "still-running",
    // A program that did not end: when it missed a quit, that is the cause.
    cause: "quit",
    find: |f| {
        let step = f.failed_step();
        let waited_for = match step.map(|s| &s.action) {
            Some(Action::Wait { program }) => vec![f.program(program)?],
            Some(_) => return None,
            None => f.yours().filter(|p| p.role != Role::Server).collect(),
        };
        let program = waited_for
            .into_iter()
            .find(|p| f.is_yours(p) && p.exit == Some(Exit::Killed))?;
        Some(
            Message::new("still-running")
                .arg("program", &program.name)
                .arg(
                    "step",
                    step.map_or("the end".to_owned(), |s| s.action.to_string()),
                )
                .arg(
                    "expected",
                    f.expected_end(&program.name).unwrap_or("[exit code 0]"),
                )
                .sub("wire", f.last_on_wire(program)),
        )
    },
};

pub const LESSON_PROGRAM_WAITING: Rule = Rule {
    name: "lesson-program-waiting",
    cause: "lesson-program",
    find: |f| {
        let step = f.failed_step()?;
        let program = f.failed_program().filter(|p| !f.is_yours(p))?;
        if own_exit(program).is_some() {
            return None;
        }
        let what = if matches!(step.action, Action::Wait { .. }) {
            Message::new("lesson-still-running")
                .arg("step", step.action.to_string())
                .arg(
                    "expected",
                    f.expected_end(&program.name).unwrap_or("[exit code 0]"),
                )
        } else {
            Message::new("lesson-no-prompt").arg("timeout", f.timeout())
        };
        Some(
            Message::new("lesson-program-waiting")
                .arg("program", &program.name)
                .sub("what", what)
                .phrase("role", f.role_name())
                .sub("wire", f.last_on_wire(program)),
        )
    },
};
