//! Rules about `Q`: a quit tested on the whole tagged message, a quit received but missed,
//! a program that hangs after quitting.

use super::facts::{Facts, is_quit};
use super::{Message, Rule};
use crate::engine::record::{Exit, ProgramRecord};
use crate::scenario::{Action, Role};

/// Whether a program is still running past the point where it should have ended: killed
/// by the runner after the failed step, or at the scenario's end.
fn kept_running(f: &Facts, program: &ProgramRecord) -> bool {
    f.failure().is_some() && program.exit == Some(Exit::Killed)
}

/// The last quit a program received, if the last thing it received was one.
fn received_quit<'a>(f: &Facts<'a>, program: &ProgramRecord) -> Option<String> {
    let last = f.received(program).last().copied()?;
    let text = String::from_utf8_lossy(last).into_owned();
    is_quit(&text).then_some(text)
}

/// Whether a program printed `text` as a line of its own (colours around it allowed).
fn printed(program: &ProgramRecord, text: &str) -> bool {
    // A line printed right after a prompt shares its line: `>>>q`.
    Facts::stdout(program).lines().any(|line| {
        let shown = super::untagged(&crate::transcript::show_terminal(line.as_bytes()));
        shown.trim_start_matches(">>>") == text
    })
}

pub const TAGGED_QUIT: Rule = Rule {
    name: "tagged-quit",
    cause: "quit",
    find: |f| {
        if f.e.lesson < 5 {
            return None;
        }
        f.yours().find_map(|program| {
            let quit = f.received(program).into_iter().find_map(|piece| {
                let text = String::from_utf8_lossy(piece).into_owned();
                (text.contains(':') && is_quit(&text)).then_some(text)
            })?;
            (printed(program, &quit) || Facts::at_prompt(program) || kept_running(f, program)).then(
                || {
                    Message::new("tagged-quit")
                        .arg("program", &program.name)
                        .arg("quit", &quit)
                },
            )
        })
    },
};

pub const CLIENT_MISSES_SERVER_QUIT: Rule = Rule {
    name: "client-misses-server-quit",
    cause: "quit",
    find: |f| {
        f.yours()
            .filter(|p| p.role == Role::Client)
            .find_map(|program| {
                let quit = received_quit(f, program)?;
                (printed(program, &quit) || Facts::at_prompt(program) || kept_running(f, program))
                    .then(|| {
                        Message::new("client-misses-server-quit")
                            .arg("program", &program.name)
                            .arg("quit", &quit)
                    })
            })
    },
};

pub const QUIT_NOT_RECOGNISED: Rule = Rule {
    name: "quit-not-recognised",
    cause: "quit",
    find: |f| {
        f.yours().find_map(|program| {
            let received = received_quit(f, program);
            let typed = program
                .typed
                .last()
                .and_then(|typed| typed.text.clone())
                .filter(|text| is_quit(text));
            let (how, quit) = match (received, typed) {
                (Some(quit), _) if printed(program, &quit) => ("quit-printed", quit),
                (Some(quit), _) => ("quit-received", quit),
                (None, Some(quit)) => ("quit-typed", quit),
                (None, None) => return None,
            };
            let missed = how == "quit-printed"
                || (Facts::at_prompt(program) && program.exit.is_none_or(|e| e == Exit::Killed));
            missed.then(|| {
                Message::new("quit-not-recognised")
                    .arg("program", &program.name)
                    .sub("how", Message::new(how).arg("quit", &quit))
            })
        })
    },
};

pub const HANGS_AFTER_QUIT: Rule = Rule {
    name: "hangs-after-quit",
    cause: "hangs",
    find: |f| {
        f.yours().find_map(|program| {
            if !kept_running(f, program) || Facts::at_prompt(program) {
                return None;
            }
            // It hangs only if it was to end: the run failed at its end, or waiting for it to
            // exit. A server that goes on after a quit (an accept loop) waits for the next
            // step's event, which another rule names.
            let awaited_end = match f.failed_step().map(|step| &step.action) {
                None => true,
                Some(Action::Wait { program: awaited }) => *awaited == program.name,
                Some(_) => false,
            };
            // Nor a server whose lesson's goes on serving after a quit (an accept loop).
            let serves_on = f
                .expected_end(&program.name)
                .is_some_and(|end| end.contains("stopped by the runner"));
            if !awaited_end || serves_on {
                return None;
            }
            let typed = program
                .typed
                .last()
                .and_then(|t| t.text.clone())
                .filter(|text| is_quit(text));
            let how = match (received_quit(f, program), typed) {
                (Some(_), _) => "hangs-quit-received",
                (None, Some(_)) => "hangs-quit-typed",
                (None, None) => return None,
            };
            Some(
                Message::new("hangs-after-quit")
                    .arg("program", &program.name)
                    .phrase("how", how)
                    .arg("timeout", f.timeout()),
            )
        })
    },
};
