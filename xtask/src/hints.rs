//! Plain-language hints for a failed check: what probably went wrong, and what to do.
//!
//! Every hint rests on evidence from the play: the step that failed and what it waited for,
//! what each program printed (also what it did not flush), how it ended, what passed on the
//! wire, and the lines that differ from the snapshot. Where the evidence fits two causes
//! (a prompt never seen: not flushed, or the program waits for something else), the hint
//! names both and what tells them apart.

use std::time::Duration;

use crate::engine::describe_exit;
use crate::engine::record::{Exit, ProgramRecord, Record, WireEvent};
use crate::play::Played;
use crate::scenario::{Action, Role};
use crate::snapshot::{Change, Difference};

/// What a hint is drawn from.
#[derive(Debug, Clone, Copy)]
pub struct Evidence<'a> {
    /// The role of the program checked: its programs are "yours".
    pub role: Role,
    /// The play, with its record and the step that failed.
    pub played: &'a Played,
    /// The snapshot's transcript.
    pub expected: &'a str,
    /// Where the transcript differs from the snapshot.
    pub difference: Option<&'a Difference>,
    /// The bound of every wait.
    pub step_timeout: Duration,
    /// The fixed port of a program checked without `{port}`.
    pub fixed_port: Option<u16>,
}

/// The kinds of hint: one of each kind is kept, in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    AddressInUse,
    CommandNotFound,
    Crashed,
    Flooded,
    EmptyReceive,
    QuitNotRecognised,
    EndedEarly,
    Refused,
    PeerClosedEarly,
    NoPrompt,
    Hangs,
    WrongReply,
    Printed,
    Stderr,
    Waiting,
    LessonProgramEnded,
    Other,
}

/// The hints for a scenario that failed, most likely cause first (at most three).
pub fn for_play(evidence: &Evidence) -> Vec<String> {
    let mut hints: Vec<(Kind, String)> = Vec::new();
    let mut add = |kind: Kind, text: String| {
        if !hints.iter().any(|(k, _)| *k == kind) {
            hints.push((kind, text));
        }
    };
    let e = Facts::new(evidence);
    e.hints_from_programs(&mut add);
    e.hints_from_failure(&mut add);
    e.hints_from_difference(&mut add);
    if hints.is_empty() {
        let section = evidence
            .difference
            .map(|d| d.section.as_str())
            .unwrap_or("the transcript");
        hints.push((
            Kind::Other,
            format!(
                "The first difference is in `{section}`: compare the lines marked - (the \
                 lesson's) and + (this run's)."
            ),
        ));
    }
    hints.sort_by_key(|(kind, _)| *kind);
    hints.into_iter().take(3).map(|(_, text)| text).collect()
}

/// The evidence, with the questions the hints ask of it.
struct Facts<'a> {
    e: &'a Evidence<'a>,
    record: &'a Record,
    role_name: &'static str,
}

impl<'a> Facts<'a> {
    fn new(e: &'a Evidence<'a>) -> Facts<'a> {
        Facts {
            e,
            record: &e.played.record,
            role_name: e.role.as_str(),
        }
    }

    fn is_yours(&self, program: &ProgramRecord) -> bool {
        program.role == self.e.role
    }

    fn yours(&self) -> impl Iterator<Item = &'a ProgramRecord> + '_ {
        self.record.programs.iter().filter(|p| self.is_yours(p))
    }

    fn program(&self, name: &str) -> Option<&'a ProgramRecord> {
        self.record.programs.iter().find(|p| p.name == name)
    }

    /// How the server ended, if it ended by itself (not stopped or killed by the runner).
    fn server_ended_on_its_own(&self) -> Option<Exit> {
        let server = self
            .record
            .programs
            .iter()
            .find(|p| p.role == Role::Server)?;
        match server.exit {
            Some(exit @ (Exit::Code(_) | Exit::Signal(_))) => Some(exit),
            _ => None,
        }
    }

    /// "your server" or "the lesson's server".
    fn server_name(&self) -> &'static str {
        if self.e.role == Role::Server {
            "your server"
        } else {
            "the lesson's server"
        }
    }

    fn timeout(&self) -> String {
        format!("{:.1} s", self.e.step_timeout.as_secs_f64())
    }

    /// The lines of a program's screen section in the snapshot.
    fn expected_screen(&self, name: &str) -> Vec<&'a str> {
        let title = format!("─── {name} (screen) ");
        self.e
            .expected
            .lines()
            .skip_while(|line| !line.starts_with(&title))
            .skip(1)
            .take_while(|line| !line.starts_with("─── "))
            .filter(|line| !line.is_empty())
            .collect()
    }

    /// The lines of a program's screen section in a transcript, blank lines inside kept.
    fn screen_in(text: &'a str, name: &str) -> Vec<&'a str> {
        let title = format!("─── {name} (screen) ");
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

    /// How the snapshot says a program ended: `[exit code 0]`.
    fn expected_end(&self, name: &str) -> Option<&'a str> {
        self.expected_screen(name)
            .into_iter()
            .rev()
            .find(|line| line.starts_with('['))
    }

    fn expected_stderr(&self, name: &str) -> bool {
        self.expected_screen(name)
            .iter()
            .any(|line| line.starts_with("stderr: "))
    }

    /// Hints from how the programs ended and what they wrote on standard error.
    fn hints_from_programs(&self, add: &mut impl FnMut(Kind, String)) {
        if let Some(failure) = &self.e.played.failure
            && failure.problem.contains("cannot listen on port")
        {
            add(
                Kind::AddressInUse,
                format!(
                    "Address in use: the runner could not listen on port {}, where your \
                         client connects, because another program holds it (an earlier server \
                         of yours still running?). Stop it, or take the port from the command \
                         line and put `{{port}}` in the command.",
                    self.e.fixed_port.unwrap_or(0)
                ),
            );
        }
        for program in self.yours() {
            let stderr = String::from_utf8_lossy(&program.stderr);
            let lower = stderr.to_lowercase();
            let last = last_line(&stderr);
            if [
                "address already in use",
                "address in use",
                "addrinuse",
                "10048",
            ]
            .iter()
            .any(|needle| lower.contains(needle))
            {
                let mut text = format!(
                    "Address in use: your {} could not bind its port: another program holds \
                     it. Is an earlier run of yours still running? Stop it (Ctrl-C).",
                    program.name
                );
                if let Some(port) = self.e.fixed_port {
                    text.push_str(&format!(
                        " On the fixed port {port}, a connection closed a moment ago can also \
                         hold it for a while (TCP's TIME_WAIT): set SO_REUSEADDR before bind, \
                         or take the port from the command line and put `{{port}}` in the \
                         command."
                    ));
                }
                add(Kind::AddressInUse, text);
            }
            if program.exit == Some(Exit::Code(127))
                || (lower.contains("no such file") && program.exit != Some(Exit::Code(0)))
            {
                add(
                    Kind::CommandNotFound,
                    format!(
                        "Your {} could not be started (`{last}`): check the command: is the \
                         program installed (`python3`?), and is the file's path right? Paths \
                         are relative to the folder you ran cargo xtask in.",
                        program.name
                    ),
                );
            }
            if stderr.contains("Traceback (most recent call last)")
                || stderr.contains("panicked at")
            {
                add(
                    Kind::Crashed,
                    format!(
                        "Your {} crashed: its standard error ends with `{last}`.",
                        program.name
                    ),
                );
            }
            if program.truncated {
                add(
                    Kind::Flooded,
                    format!(
                        "Your {} printed more than {} KiB, where the runner cuts its output: a \
                         loop that never ends? Often it is a loop on a receive that returns 0 \
                         bytes (b'' in Python) again and again once the peer has left: stop \
                         when it does.",
                        program.name,
                        crate::engine::record::OUTPUT_CAP / 1024
                    ),
                );
            }
            let refused = lower.contains("refused") || lower.contains("10061");
            if refused && !self.expected_stderr(&program.name) {
                let port = match self.e.fixed_port {
                    Some(port) => format!(
                        "the fixed port {port} (the runner listens there for the lesson's server)"
                    ),
                    None => "the port it is given (`{port}` in the command, or --port)".to_owned(),
                };
                add(
                    Kind::Refused,
                    format!(
                        "Connection refused: your {} found nothing listening where it \
                         connected. It must connect to 127.0.0.1 and {port}.",
                        program.name
                    ),
                );
            }
        }
        // The lesson's programs say what your program did to them; not what the runner did,
        // ending your program after a failed step.
        let killed_by_runner =
            self.e.played.failure.is_some() && self.yours().all(|p| p.exit == Some(Exit::Killed));
        for program in self.record.programs.iter().filter(|p| !self.is_yours(p)) {
            if self.expected_stderr(&program.name) {
                continue;
            }
            let stderr = String::from_utf8_lossy(&program.stderr);
            let lower = stderr.to_lowercase();
            if lower.contains("refused") {
                let why = match self.server_ended_on_its_own() {
                    Some(exit) => format!(
                        "{} had already exited ({})",
                        self.server_name(),
                        describe_exit(exit)
                    ),
                    None => format!("{} was not listening where it should", self.server_name()),
                };
                add(
                    Kind::Refused,
                    format!(
                        "Connection refused: the lesson's {} found nothing listening, because \
                         {why}.",
                        program.name
                    ),
                );
                continue;
            }
            // A client the relay could not pass on (the server was not there) was not
            // closed by the server: it found nothing.
            let connections: Vec<_> = self
                .record
                .connections
                .iter()
                .filter(|c| c.client == program.name)
                .collect();
            let unreachable = connections
                .iter()
                .flat_map(|c| &c.events)
                .any(|event| matches!(event, WireEvent::Unreachable { .. }));
            if unreachable || (connections.is_empty() && program.role == Role::Client) {
                if let Some(exit) = self.server_ended_on_its_own() {
                    add(
                        Kind::Refused,
                        format!(
                            "Connection refused: the lesson's {} found nothing listening, because \
                             {} had already exited ({}).",
                            program.name,
                            self.server_name(),
                            describe_exit(exit)
                        ),
                    );
                }
                continue;
            }
            if !killed_by_runner
                && (lower.contains("closed the connection")
                    || lower.contains("reset")
                    || lower.contains("broken pipe"))
            {
                add(
                    Kind::PeerClosedEarly,
                    format!(
                        "Peer closed early: the lesson's {} saw your {} close the connection \
                         (`{}`) while it still expected an answer.",
                        program.name,
                        self.role_name,
                        last_line(&stderr)
                    ),
                );
            }
        }
        if !self
            .e
            .expected
            .contains("the relay could not reach the server")
        {
            let reasons = self.record.connections.iter().flat_map(|c| &c.events);
            for event in reasons {
                let WireEvent::Unreachable { reason } = event else {
                    continue;
                };
                let server = self.record.programs.iter().find(|p| p.role == Role::Server);
                let text = match server.and_then(|s| s.exit) {
                    Some(exit @ (Exit::Code(_) | Exit::Signal(_))) => format!(
                        "Connection refused: a client found nothing listening, because {} had \
                         already exited ({}).",
                        self.server_name(),
                        describe_exit(exit)
                    ),
                    _ => format!(
                        "Connection refused: {} did not listen on the port it was given \
                         ({reason}). It must bind 127.0.0.1 and that port ({}). Did it \
                         start? Its screen and standard error are in the transcript.",
                        self.server_name(),
                        match self.e.fixed_port {
                            Some(port) => format!("the fixed port {port}"),
                            None => "`{port}` in the command, or --port".to_owned(),
                        }
                    ),
                };
                add(Kind::Refused, text);
                break;
            }
        }
    }

    /// Hints from the step that failed: what it waited for, and in what state.
    fn hints_from_failure(&self, add: &mut impl FnMut(Kind, String)) {
        let Some(failure) = &self.e.played.failure else {
            return;
        };
        let step = self
            .e
            .played
            .scenario
            .steps
            .iter()
            .find(|step| step.line == failure.line);
        let Some(step) = step else {
            // The end of the scenario: clients that did not exit, or connections left open.
            if failure.problem.contains("connection to close") {
                add(
                    Kind::Hangs,
                    "A connection stayed open after every client had exited: the server must \
                     close a client's connection when its chat ends (also when the client \
                     leaves: a receive of 0 bytes)."
                        .to_owned(),
                );
            }
            for program in self.record.programs.iter() {
                if program.role != Role::Server && program.exit == Some(Exit::Killed) {
                    self.still_running(program, "the end", add);
                }
            }
            return;
        };
        let shown = step.action.to_string();
        match &step.action {
            Action::Type { program, .. }
            | Action::EndInput { program }
            | Action::Kill { program } => {
                let Some(program) = self.program(program) else {
                    return;
                };
                match program.exit {
                    Some(exit @ (Exit::Code(_) | Exit::Signal(_))) => {
                        let stderr = String::from_utf8_lossy(&program.stderr);
                        let said = match last_line(&stderr) {
                            "" => String::new(),
                            last => format!(", saying `{last}`"),
                        };
                        if self.is_yours(program) {
                            let text = self.ended_on_its_own(program, &describe_exit(exit));
                            add(
                                Kind::EndedEarly,
                                format!(
                                    "{text} It ended before showing its prompt `>>>` for step \
                                     `{shown}`."
                                ),
                            );
                        } else {
                            add(
                                Kind::LessonProgramEnded,
                                format!(
                                    "The lesson's {} ended ({}{said}) before showing its prompt \
                                     `>>>` for step `{shown}`.",
                                    program.name,
                                    describe_exit(exit)
                                ),
                            );
                        }
                    }
                    _ if self.is_yours(program) => self.no_prompt(program, &shown, add),
                    _ => add(
                        Kind::Waiting,
                        format!(
                            "The lesson's {} showed no prompt within {}: it was waiting for your \
                             {}. {}",
                            program.name,
                            self.timeout(),
                            self.role_name,
                            self.last_on_wire(program)
                        ),
                    ),
                }
            }
            Action::Wait { program } => {
                if let Some(program) = self.program(program) {
                    self.still_running(program, &shown, add);
                }
            }
            _ => {}
        }
    }

    /// A program of yours that ended by itself, against how the lesson's ends.
    fn ended_on_its_own(&self, program: &ProgramRecord, how: &str) -> String {
        let stderr = String::from_utf8_lossy(&program.stderr);
        let said = match last_line(&stderr) {
            "" => String::new(),
            last => format!(", saying `{last}`"),
        };
        let mut text = format!("Your {} ended on its own ({how}{said})", program.name);
        match self.expected_end(&program.name) {
            Some(end) if end.contains("stopped by the runner") => text.push_str(&format!(
                " where the lesson's {} keeps going until the runner stops it at the end{}.",
                program.name,
                if program.role == Role::Server {
                    ": when a chat ends, it accepts the next client (a loop around accept)"
                } else {
                    ""
                }
            )),
            Some(end) => text.push_str(&format!(" where the lesson's ends {end}.")),
            None => text.push('.'),
        }
        text
    }

    /// A program of yours that showed no prompt in time.
    fn no_prompt(&self, program: &ProgramRecord, step: &str, add: &mut impl FnMut(Kind, String)) {
        if program.truncated {
            // Its output was cut: what it printed last is not known.
            return;
        }
        let out = String::from_utf8_lossy(&program.stdout);
        let shown_prompts = out.matches(">>>").count();
        let tail = out.rsplit('\n').next().unwrap_or_default();
        if shown_prompts > program.prompts {
            let line = out
                .lines()
                .rev()
                .find(|line| line.contains(">>>") && !line.starts_with(">>>"))
                .unwrap_or_default();
            add(
                Kind::NoPrompt,
                format!(
                    "Your {} printed its prompt in the middle of a line (`{}`): the prompt \
                     `>>>` must start a line. End what you print before it with a newline \
                     (println!, Python's print()).",
                    program.name,
                    clip(line)
                ),
            );
        } else if !tail.is_empty() {
            add(
                Kind::NoPrompt,
                format!(
                    "Your {} printed `{}` without a newline after it, and no prompt: end each \
                     message you print with a newline, then show the prompt `>>>`.",
                    program.name,
                    clip(tail)
                ),
            );
        } else {
            add(
                Kind::NoPrompt,
                format!(
                    "Your {} showed no prompt `>>>` within {} for step `{step}`. A prompt has no \
                     newline, so it stays in the output buffer until flushed: flush after \
                     writing it (Rust: `io::stdout().flush()` after `print!`; Python: \
                     `input(\">>>\")` flushes, `print(\">>>\", end=\"\")` needs `flush=True`). \
                     If it does flush, it was waiting for something else. {}",
                    program.name,
                    self.timeout(),
                    self.last_on_wire(program)
                ),
            );
        }
    }

    /// A program still running where the scenario expected it to have exited.
    fn still_running(
        &self,
        program: &ProgramRecord,
        step: &str,
        add: &mut impl FnMut(Kind, String),
    ) {
        if program.exit != Some(Exit::Killed) {
            return;
        }
        let quit_received = self
            .last_received(program)
            .is_some_and(|bytes| is_quit(&String::from_utf8_lossy(&bytes)));
        let quit_typed = program
            .typed
            .last()
            .and_then(|typed| typed.text.as_deref())
            .is_some_and(is_quit);
        let at_prompt = program.prompts > program.typed.len();
        let expected = self.expected_end(&program.name).unwrap_or("[exit code 0]");
        if !self.is_yours(program) {
            add(
                Kind::Waiting,
                format!(
                    "The lesson's {} was still running at `{step}`, where it ends {expected}: it \
                     was waiting for your {}. {}",
                    program.name,
                    self.role_name,
                    self.last_on_wire(program)
                ),
            );
            return;
        }
        let quit = if quit_received {
            "received a quit"
        } else {
            "sent the quit typed at it"
        };
        let text = match (quit_received || quit_typed, at_prompt) {
            (true, true) => (
                Kind::QuitNotRecognised,
                format!(
                    "Q not recognised: your {} {quit} and showed a new prompt instead of leaving \
                     its loop. Test the whole message, ignoring case (`Q` or `q`): right after \
                     receiving it (before printing it), and right after sending a typed one; \
                     from lesson 05 on, test the part after the name tag.",
                    program.name
                ),
            ),
            (true, false) => (
                Kind::Hangs,
                format!(
                    "Your {} {quit} but was still running {} later, with no new prompt: it \
                     hangs. After leaving its loop it must close the connection and end; look \
                     for a call that blocks after the loop (a receive, an accept, a read of \
                     the keyboard) or a loop that never ends.",
                    program.name,
                    self.timeout()
                ),
            ),
            (false, _) => (
                Kind::Hangs,
                format!(
                    "Your {} was still running at `{step}`, where the lesson's ends {expected}. \
                     {}",
                    program.name,
                    self.last_on_wire(program)
                ),
            ),
        };
        add(text.0, text.1);
    }

    /// The last bytes a program received on the wire.
    fn last_received(&self, program: &ProgramRecord) -> Option<Vec<u8>> {
        use crate::engine::record::Side;
        let to = if program.role == Role::Server {
            Side::Client
        } else {
            Side::Server
        };
        self.record
            .connections
            .iter()
            .filter(|c| program.role == Role::Server || c.client == program.name)
            .flat_map(|c| c.events.iter())
            .filter_map(|event| match event {
                WireEvent::Data { from, bytes } if *from == to => Some(bytes.clone()),
                _ => None,
            })
            .next_back()
    }

    /// What a program last saw on the wire, in a sentence.
    fn last_on_wire(&self, program: &ProgramRecord) -> String {
        use crate::engine::record::Side;
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
        match events.last() {
            None => format!(
                "Nothing passed on the wire to or from the {}.",
                program.name
            ),
            Some(WireEvent::Data { from, bytes }) if *from == own => format!(
                "The last thing on the wire was its own message {}: it was waiting for an \
                 answer.",
                crate::transcript::show_bytes(bytes)
            ),
            Some(WireEvent::Data { bytes, .. }) => format!(
                "The last thing on the wire was {} sent to it: it had that to print or answer.",
                crate::transcript::show_bytes(bytes)
            ),
            Some(WireEvent::Closed { .. } | WireEvent::Failed { .. }) => {
                "The last thing on the wire was a connection ending.".to_owned()
            }
            Some(_) => String::new(),
        }
    }

    /// Hints from the lines that differ from the snapshot.
    fn hints_from_difference(&self, add: &mut impl FnMut(Kind, String)) {
        let Some(difference) = self.e.difference else {
            return;
        };
        let changes = &difference.changes;
        let failed = self.e.played.failure.is_some();
        let added = |section: &str| -> Vec<&Change> {
            changes
                .iter()
                .filter(|c| !c.removed && c.section == section)
                .collect()
        };
        let removed = |section: &str| -> Vec<&Change> {
            changes
                .iter()
                .filter(|c| c.removed && c.section == section)
                .collect()
        };
        for program in self.yours() {
            let screen = format!("{} (screen)", program.name);
            let (plus, minus) = (added(&screen), removed(&screen));
            if let Some(quit) = plus.iter().find(|c| is_quit(&untagged(&c.line))) {
                add(
                    Kind::QuitNotRecognised,
                    format!(
                        "Q not recognised: your {} printed `{}`, a quit, as a message. Test \
                         the whole message, ignoring case (`Q` or `q`), right after receiving \
                         it and before printing it; from lesson 05 on, test the part after the \
                         name tag.",
                        program.name, quit.line
                    ),
                );
            }
            let blank = |text: &'a str| Self::screen_in(text, &program.name).contains(&"");
            if blank(&self.e.played.transcript) && !blank(self.e.expected) {
                add(
                    Kind::EmptyReceive,
                    format!(
                        "Your {} printed an empty line: that is what a receive of 0 bytes (b'' \
                         in Python) prints. 0 bytes means the peer has closed the connection: \
                         end the chat there, with one line on standard error, instead of \
                         printing it and answering nobody.",
                        program.name
                    ),
                );
            }
            let end = |lines: &[&Change]| {
                lines
                    .iter()
                    .find(|c| is_end_line(&c.line))
                    .map(|c| c.line.clone())
            };
            if let (Some(got), Some(_)) = (end(&plus), end(&minus))
                && !got.contains("by the runner")
            {
                add(
                    Kind::EndedEarly,
                    self.ended_on_its_own(program, got.trim_matches(['[', ']'])),
                );
            }
            let printed = |lines: &[&Change]| {
                lines
                    .iter()
                    .find(|c| {
                        // Not blank lines, ends, errors, nor lines typed after a prompt.
                        !c.line.is_empty()
                            && !c.line.starts_with('[')
                            && !c.line.starts_with(">>>")
                            && !c.line.starts_with('⏎')
                            && !c.line.starts_with("stderr: ")
                    })
                    .map(|c| c.line.clone())
            };
            match (printed(&plus), printed(&minus)) {
                (Some(got), Some(expected)) => add(
                    Kind::Printed,
                    format!(
                        "Your {} printed `{got}` where the lesson's prints `{expected}`.",
                        program.name
                    ),
                ),
                (Some(got), None) => add(
                    Kind::Printed,
                    format!(
                        "Your {} printed `{got}`, which the lesson's does not.",
                        program.name
                    ),
                ),
                (None, Some(_)) if failed => {}
                (None, Some(expected)) => add(
                    Kind::Printed,
                    format!(
                        "Your {} did not print `{expected}`, as the lesson's does.",
                        program.name
                    ),
                ),
                (None, None) => {}
            }
            let stderr = |lines: &[&Change]| lines.iter().any(|c| c.line.starts_with("stderr: "));
            if stderr(&minus) && !stderr(&plus) {
                add(
                    Kind::Stderr,
                    format!(
                        "The lesson's {} says what happened in one line on standard error \
                         here; yours wrote none (eprintln!, Python's print(..., \
                         file=sys.stderr)).",
                        program.name
                    ),
                );
            } else if stderr(&plus) && !stderr(&minus) {
                add(
                    Kind::Stderr,
                    format!(
                        "Your {} wrote to standard error where the lesson's does not: `{}`.",
                        program.name,
                        last_line(&String::from_utf8_lossy(&program.stderr))
                    ),
                );
            }
        }
        // The wire: what your program sent, and when it closed.
        let wire_sections: Vec<&str> = {
            let mut sections: Vec<&str> = changes
                .iter()
                .map(|c| c.section.as_str())
                .filter(|s| s.starts_with("wire: "))
                .collect();
            sections.dedup();
            sections
        };
        for section in wire_sections {
            let sent = |lines: Vec<&Change>| -> Option<(String, String)> {
                lines.iter().find_map(|c| {
                    let (from, rest) = c.line.split_once(" → ")?;
                    let program = self.program(from)?;
                    if !self.is_yours(program) {
                        return None;
                    }
                    let message = rest.split("  ").nth(1)?.to_owned();
                    Some((from.to_owned(), message))
                })
            };
            match (sent(added(section)), sent(removed(section))) {
                (Some((from, got)), Some((_, expected))) => add(
                    Kind::WrongReply,
                    format!(
                        "Wrong reply: your {from} sent {got} where the lesson's sends {expected}."
                    ),
                ),
                (Some((from, got)), None) => add(
                    Kind::WrongReply,
                    format!("Your {from} sent {got}, which the lesson's does not send."),
                ),
                // After a failed step, what was not sent is the stop's consequence.
                (None, Some(_)) if failed => {}
                (None, Some((from, expected))) => add(
                    Kind::WrongReply,
                    format!("Your {from} never sent {expected}, as the lesson's does."),
                ),
                (None, None) => {}
            }
            // A close by a program the runner killed (after a failed step) is the runner's.
            let closed_early = added(section).iter().any(|c| {
                c.line
                    .strip_suffix(" closed the connection")
                    .and_then(|name| self.program(name))
                    .is_some_and(|p| self.is_yours(p) && p.exit != Some(Exit::Killed))
            }) && !removed(section).is_empty();
            if closed_early {
                add(
                    Kind::PeerClosedEarly,
                    format!(
                        "Peer closed early: your {} closed the connection sooner than the \
                         lesson's does (see `{section}`).",
                        self.role_name
                    ),
                );
            }
        }
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
fn untagged(line: &str) -> String {
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
fn is_end_line(line: &str) -> bool {
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

fn last_line(text: &str) -> &str {
    text.lines()
        .rev()
        .find(|line| !line.trim().is_empty())
        .unwrap_or_default()
        .trim()
}

fn clip(text: &str) -> String {
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
