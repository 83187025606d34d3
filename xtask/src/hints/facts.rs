//! The questions the rules ask of the evidence: whose programs are "yours", what each
//! printed, received and sent, how it ended, what the snapshot expected.

use crate::engine::record::{Exit, ProgramRecord, Record, Side, WireEvent};
use crate::engine::{StepFailure, Transport};
use crate::scenario::{Action, Role, Step};
use crate::snapshot::Change;

use super::{Evidence, Language, Message};

/// The evidence, with the questions the rules ask of it.
pub struct Facts<'a> {
    /// The evidence itself.
    pub e: &'a Evidence<'a>,
    /// The play's record.
    pub record: &'a Record,
}

impl<'a> Facts<'a> {
    pub fn new(e: &'a Evidence<'a>) -> Facts<'a> {
        Facts {
            e,
            record: &e.played.record,
        }
    }

    /// The phrase naming the role of the program checked ("server", "client").
    pub fn role_name(&self) -> &'static str {
        if self.e.role == Role::Server {
            "role-server"
        } else {
            "role-client"
        }
    }

    pub fn language(&self) -> Language {
        self.e.language
    }

    pub fn failure(&self) -> Option<&'a StepFailure> {
        self.e.played.failure.as_ref()
    }

    /// The failure's problem, or "" when the play reached its end.
    pub fn problem(&self) -> &'a str {
        self.failure().map_or("", |f| f.problem.as_str())
    }

    /// The step that failed, if it was a step of the scenario (not its end).
    pub fn failed_step(&self) -> Option<&'a Step> {
        let failure = self.failure()?;
        self.e
            .played
            .scenario
            .steps
            .iter()
            .find(|step| step.line == failure.line)
    }

    /// The program the failed step acted on (typed at, waited for).
    pub fn failed_program(&self) -> Option<&'a ProgramRecord> {
        let name = match &self.failed_step()?.action {
            Action::Type { program, .. }
            | Action::EndInput { program }
            | Action::Kill { program }
            | Action::Wait { program } => program,
            _ => return None,
        };
        self.program(name)
    }

    pub fn is_yours(&self, program: &ProgramRecord) -> bool {
        program.role == self.e.role
    }

    pub fn yours(&self) -> impl Iterator<Item = &'a ProgramRecord> + '_ {
        self.record.programs.iter().filter(|p| self.is_yours(p))
    }

    pub fn lessons(&self) -> impl Iterator<Item = &'a ProgramRecord> + '_ {
        self.record.programs.iter().filter(|p| !self.is_yours(p))
    }

    pub fn program(&self, name: &str) -> Option<&'a ProgramRecord> {
        self.record.programs.iter().find(|p| p.name == name)
    }

    pub fn server(&self) -> Option<&'a ProgramRecord> {
        self.record.programs.iter().find(|p| p.role == Role::Server)
    }

    pub fn udp(&self) -> bool {
        crate::catalog::Lesson::find(self.e.lesson).map(|l| l.transport()) == Some(Transport::Udp)
    }

    /// How the server ended, if it ended by itself (not stopped or killed by the runner).
    pub fn server_ended_on_its_own(&self) -> Option<Exit> {
        match self.server()?.exit {
            Some(exit @ (Exit::Code(_) | Exit::Signal(_))) => Some(exit),
            _ => None,
        }
    }

    /// The phrase for "your server" or "the lesson's server".
    pub fn server_name(&self) -> &'static str {
        if self.e.role == Role::Server {
            "your-server"
        } else {
            "lessons-server"
        }
    }

    pub fn timeout(&self) -> String {
        format!("{:.1} s", self.e.step_timeout.as_secs_f64())
    }

    pub fn stdout(program: &ProgramRecord) -> String {
        String::from_utf8_lossy(&program.stdout).into_owned()
    }

    pub fn stderr(program: &ProgramRecord) -> String {
        String::from_utf8_lossy(&program.stderr).into_owned()
    }

    /// The lines of a program's screen section in a transcript, blank lines inside kept.
    pub fn screen_in(text: &'a str, name: &str) -> Vec<&'a str> {
        Facts::section_in(text, &format!("{name} (screen)"))
    }

    /// The lines of a section (`wire: client ⇄ server`) in a transcript, blank lines inside
    /// kept.
    pub fn section_in(text: &'a str, section: &str) -> Vec<&'a str> {
        let title = format!("─── {section} ");
        let mut lines: Vec<&str> = text
            .lines()
            .skip_while(|line| !line.starts_with(&title))
            .skip(1)
            .take_while(|line| !line.starts_with("─── "))
            .collect();
        while lines.last().is_some_and(|line| line.is_empty()) {
            lines.pop();
        }
        lines
    }

    /// The lines of a program's screen section in the snapshot, blank lines left out.
    pub fn expected_screen(&self, name: &str) -> Vec<&'a str> {
        Self::screen_in(self.e.expected, name)
            .into_iter()
            .filter(|line| !line.is_empty())
            .collect()
    }

    /// How the snapshot says a program ended: `[exit code 0]`.
    pub fn expected_end(&self, name: &str) -> Option<&'a str> {
        self.expected_screen(name)
            .into_iter()
            .rev()
            .find(|line| line.starts_with('['))
    }

    pub fn expected_stderr(&self, name: &str) -> bool {
        self.expected_screen(name)
            .iter()
            .any(|line| line.starts_with("stderr: "))
    }

    /// The changes of one section of the difference: added (`+`) or removed (`-`).
    pub fn changes(&self, section: &str, removed: bool) -> Vec<&'a Change> {
        self.e.difference.map_or(Vec::new(), |d| {
            d.changes
                .iter()
                .filter(|c| c.removed == removed && c.section == section)
                .collect()
        })
    }

    /// The wire sections the difference touches.
    pub fn wire_sections(&self) -> Vec<&'a str> {
        let mut sections: Vec<&str> = self.e.difference.map_or(Vec::new(), |d| {
            d.changes
                .iter()
                .map(|c| c.section.as_str())
                .filter(|s| s.starts_with("wire: "))
                .collect()
        });
        sections.dedup();
        sections
    }

    /// The pieces of data a program received on the wire, in order.
    pub fn received(&self, program: &ProgramRecord) -> Vec<&'a [u8]> {
        let to = if program.role == Role::Server {
            Side::Client
        } else {
            Side::Server
        };
        self.data(program, to)
    }

    /// The pieces of data a program sent on the wire, in order.
    pub fn sent(&self, program: &ProgramRecord) -> Vec<&'a [u8]> {
        let from = if program.role == Role::Server {
            Side::Server
        } else {
            Side::Client
        };
        self.data(program, from)
    }

    fn data(&self, program: &ProgramRecord, side: Side) -> Vec<&'a [u8]> {
        self.record
            .connections
            .iter()
            .filter(|c| program.role == Role::Server || c.client == program.name)
            .flat_map(|c| c.events.iter())
            .filter_map(|event| match event {
                WireEvent::Data { from, bytes } if *from == side => Some(bytes.as_slice()),
                _ => None,
            })
            .collect()
    }

    /// Whether a program shows a prompt no line has been typed at yet.
    pub fn at_prompt(program: &ProgramRecord) -> bool {
        program.prompts > program.typed.len()
    }

    /// What a program last saw on the wire, in a sentence.
    pub fn last_on_wire(&self, program: &ProgramRecord) -> Message {
        let events: Vec<&WireEvent> = self
            .record
            .connections
            .iter()
            .filter(|c| program.role == Role::Server || c.client == program.name)
            .flat_map(|c| c.events.iter())
            .filter(|event| !matches!(event, WireEvent::Initiative { .. }))
            // After a failed step the runner ends every program: their closes are its own.
            .filter(|event| {
                self.e.played.failure.is_none()
                    || !matches!(event, WireEvent::Closed { .. } | WireEvent::Failed { .. })
            })
            .collect();
        let own = if program.role == Role::Server {
            Side::Server
        } else {
            Side::Client
        };
        let message = match events.last() {
            None => Message::new("wire-nothing"),
            Some(WireEvent::Data { from, bytes }) if *from == own => {
                Message::new("wire-own-message").arg("bytes", crate::transcript::show_bytes(bytes))
            }
            Some(WireEvent::Data { bytes, .. }) => {
                Message::new("wire-sent-to-it").arg("bytes", crate::transcript::show_bytes(bytes))
            }
            Some(WireEvent::Closed { .. } | WireEvent::Failed { .. }) => {
                Message::new("wire-closed")
            }
            Some(_) => Message::new("empty"),
        };
        message.arg("program", &program.name)
    }
}

/// Whether a message is a quit: `Q` or `q`, alone or after a name tag (`alice:q`).
pub fn is_quit(message: &str) -> bool {
    let message = message.split_once(':').map_or(message, |(_, after)| after);
    message
        .trim_end_matches(['\r', '\n'])
        .eq_ignore_ascii_case("q")
}

/// A transcript's screen line without its colour tags (`⟨red⟩alice:q⟨/⟩` gives `alice:q`).
pub fn untagged(line: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in line.chars() {
        match c {
            '⟨' => inside = true,
            '⟩' => inside = false,
            c if !inside => out.push(c),
            _ => {}
        }
    }
    out
}

/// Whether a transcript line says how a program ended (`[exit code 0]`, `[still running]`).
pub fn is_end_line(line: &str) -> bool {
    [
        "[exit code",
        "[ended by",
        "[killed by",
        "[stopped by",
        "[still running",
    ]
    .iter()
    .any(|start| line.starts_with(start))
}

/// The last line of a text that is not blank, trimmed.
pub fn last_line(text: &str) -> &str {
    text.lines()
        .rev()
        .find(|line| !line.trim().is_empty())
        .unwrap_or_default()
        .trim()
}

/// A text cut to 60 characters, with `…` where it was cut.
pub fn clip(text: &str) -> String {
    let clipped: String = text.chars().take(60).collect();
    if clipped.len() < text.len() {
        format!("{clipped}…")
    } else {
        clipped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quit_is_q_alone_or_after_a_tag() {
        assert!(is_quit("q"));
        assert!(is_quit("Q"));
        assert!(is_quit("小郭吹雪1234QQ:q"));
        assert!(!is_quit("quit"));
        assert!(!is_quit(">>>q"));
        assert_eq!(untagged("⟨red⟩alice:q⟨/⟩"), "alice:q");
    }
}
