//! Scenario files: the conversations a lesson plays, as data.
//!
//! The format is described in `xtask/README.md`. Parsing keeps each step's line number,
//! so an error or a failed step can point at the line a teacher wrote.

use std::fmt;
use std::path::Path;

/// One scripted conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scenario {
    /// The name, used for the snapshot's file name.
    pub name: String,
    /// One line saying what the conversation shows.
    pub summary: String,
    /// The steps, in order.
    pub steps: Vec<Step>,
}

/// One line of a scenario, with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The line number in the scenario file.
    pub line: usize,
    /// What to do.
    pub action: Action,
}

/// What a step does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Start a program (`start client2 --name 小马`); `as KIND` runs another of the
    /// lesson's programs in that part (`start client as notes-client`).
    Start {
        program: String,
        kind: Option<String>,
        args: Vec<String>,
    },
    /// Type a line at a program's next prompt (`client> hello`).
    Type { program: String, text: String },
    /// Close a program's standard input at its next prompt (`end-input client`).
    EndInput { program: String },
    /// Kill a program at its next prompt (`kill client`).
    Kill { program: String },
    /// Wait until a program exits (`wait server`).
    Wait { program: String },
    /// Run one of the lesson's other programs to its end (`run cases send-unconnected`
    /// runs `lesson08-cases send-unconnected`), with no relay and no added options.
    Run { program: String, args: Vec<String> },
    /// Compile a file of the lesson's folder with rustc, expecting the compiler to refuse it
    /// (`compile cases/compile-fail/recv-into-tuple.rs`).
    Compile { file: String },
    /// Type a line at a program at once, without waiting for a prompt (`type alice hello`):
    /// for programs that read their keyboard and the network at the same time.
    TypeNow { program: String, text: String },
    /// Wait until a program's screen shows a line containing a text, among the lines that
    /// came after the previous `see` of that program (`see bob alice: hello`).
    See { program: String, text: String },
    /// Wait until it is certain that a client waits for ever (the reply it waits for was
    /// lost, and nothing else can come its way), then end it (`stuck client`).
    Stuck { program: String },
    /// Bend the wire between a client and the server: how the relay delivers the next
    /// messages of one direction (`wire client->server merge 2`).
    Wire {
        from: String,
        to: String,
        bend: Bend,
    },
}

/// How a `wire` step bends one direction of the wire. TCP: `Merge`, `Split`; UDP: the rest,
/// each naming a datagram by its number in that direction, counted from 1 over the play.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bend {
    /// The next N writes are delivered as one.
    Merge(usize),
    /// The next write is delivered in pieces of N bytes.
    Split(usize),
    /// Datagram K is not delivered.
    Drop(usize),
    /// Datagram K is delivered twice.
    Duplicate(usize),
    /// Datagram K is delivered after datagram K+1.
    Reorder(usize),
    /// Datagram K is delivered after datagram `until` (a later one).
    Delay { datagram: usize, until: usize },
}

impl Bend {
    /// Whether the bend acts on a byte stream (TCP), not on datagrams (UDP).
    pub fn is_for_streams(self) -> bool {
        matches!(self, Bend::Merge(_) | Bend::Split(_))
    }
}

impl fmt::Display for Bend {
    /// As written in a scenario file: `merge 2`, `delay 1 until 3`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Bend::Merge(n) => write!(f, "merge {n}"),
            Bend::Split(n) => write!(f, "split {n}"),
            Bend::Drop(k) => write!(f, "drop {k}"),
            Bend::Duplicate(k) => write!(f, "duplicate {k}"),
            Bend::Reorder(k) => write!(f, "reorder {k}"),
            Bend::Delay { datagram, until } => write!(f, "delay {datagram} until {until}"),
        }
    }
}

/// Which of a lesson's programs a scenario's program runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// The lesson's server: names beginning with `server`.
    Server,
    /// The lesson's client: any other name.
    Client,
    /// A program run to its end on its own (`run`), or the compiler (`compile`).
    Standalone,
}

impl Role {
    /// The role of a program by its name in the scenario.
    pub fn of(program: &str) -> Role {
        if program.starts_with("server") {
            Role::Server
        } else {
            Role::Client
        }
    }

    /// `server` or `client`, as in the binaries' names.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Server => "server",
            Role::Client => "client",
            Role::Standalone => "program",
        }
    }
}

impl Action {
    /// The program the step acts on.
    pub fn program(&self) -> &str {
        match self {
            Action::Start { program, .. }
            | Action::Type { program, .. }
            | Action::EndInput { program }
            | Action::Kill { program }
            | Action::Wait { program }
            | Action::Run { program, .. }
            | Action::TypeNow { program, .. }
            | Action::See { program, .. }
            | Action::Stuck { program } => program,
            Action::Compile { .. } => "rustc",
            // The client of the connection it bends.
            Action::Wire { from, to, .. } if Role::of(from) == Role::Server => to,
            Action::Wire { from, .. } => from,
        }
    }
}

impl fmt::Display for Action {
    /// Shows the step as it is written in the scenario file.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Action::Start {
                program,
                kind,
                args,
            } => {
                write!(f, "start {program}")?;
                if let Some(kind) = kind {
                    write!(f, " as {kind}")?;
                }
                args.iter().try_for_each(|arg| write!(f, " {arg}"))
            }
            Action::Type { program, text } => write!(f, "{program}> {}", escape(text)),
            Action::EndInput { program } => write!(f, "end-input {program}"),
            Action::Kill { program } => write!(f, "kill {program}"),
            Action::Wait { program } => write!(f, "wait {program}"),
            Action::Run { program, args } => write!(f, "run {program} {}", args.join(" ")),
            Action::Compile { file } => write!(f, "compile {file}"),
            Action::TypeNow { program, text } => write!(f, "type {program} {}", escape(text)),
            Action::See { program, text } => write!(f, "see {program} {}", escape(text)),
            Action::Wire { from, to, bend } => write!(f, "wire {from}->{to} {bend}"),
            Action::Stuck { program } => write!(f, "stuck {program}"),
        }
    }
}

/// A mistake in a scenario file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// The line number.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// Reads and parses a scenario file.
pub fn load(path: &Path) -> Result<Vec<Scenario>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    parse(&text).map_err(|error| format!("{}: {error}", path.display()))
}

/// Parses the text of a scenario file.
pub fn parse(text: &str) -> Result<Vec<Scenario>, ParseError> {
    let mut scenarios: Vec<Scenario> = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let content = raw.trim_end();
        if content.trim().is_empty() || content.trim_start().starts_with('#') {
            continue;
        }
        let fail = |message: String| ParseError { line, message };
        if let Some(header) = content.strip_prefix("==") {
            let (name, summary) = header
                .split_once(':')
                .ok_or_else(|| fail("a scenario header is `== NAME: SUMMARY`".into()))?;
            let name = name.trim();
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                return Err(fail(format!(
                    "scenario name `{name}` must be letters, digits and `-`"
                )));
            }
            if scenarios.iter().any(|s| s.name == name) {
                return Err(fail(format!("scenario `{name}` is defined twice")));
            }
            scenarios.push(Scenario {
                name: name.to_owned(),
                summary: summary.trim().to_owned(),
                steps: Vec::new(),
            });
            continue;
        }
        let action = parse_action(content.trim_start()).map_err(fail)?;
        let scenario = scenarios
            .last_mut()
            .ok_or_else(|| fail("a step before the first `== NAME: SUMMARY` header".into()))?;
        scenario.steps.push(Step { line, action });
    }
    for scenario in &scenarios {
        check(scenario)?;
    }
    Ok(scenarios)
}

fn parse_action(line: &str) -> Result<Action, String> {
    // `client> hello`: everything after `> ` is typed, spaces included.
    if let Some((program, after)) = line.split_once('>')
        && !program.is_empty()
        && !program.contains(char::is_whitespace)
    {
        let typed = after.strip_prefix(' ').unwrap_or(after);
        return Ok(Action::Type {
            program: program.to_owned(),
            text: unescape(typed)?,
        });
    }
    let mut words = line.split_whitespace();
    let verb = words.next().unwrap_or_default();
    if let Some(text_step) = parse_text_step(verb, line)? {
        return Ok(text_step);
    }
    if verb == "wire" {
        return parse_wire(&words.collect::<Vec<_>>());
    }
    let program = words
        .next()
        .ok_or_else(|| format!("`{verb}` needs a program name"))?
        .to_owned();
    let rest: Vec<String> = words.map(str::to_owned).collect();
    let no_more = |action: Action| {
        if rest.is_empty() {
            Ok(action)
        } else {
            Err(format!("`{verb}` takes only a program name"))
        }
    };
    match verb {
        "start" => start(program, rest),
        "stuck" => no_more(Action::Stuck { program }),
        "end-input" => no_more(Action::EndInput { program }),
        "kill" => no_more(Action::Kill { program }),
        "wait" => no_more(Action::Wait { program }),
        "run" => Ok(Action::Run {
            program,
            args: rest,
        }),
        "compile" => no_more(Action::Compile { file: program }),
        _ => Err(format!(
            "unknown step `{verb}` (steps: start, PROGRAM> TEXT, type, see, end-input, kill, \
             stuck, wait, run, compile, wire)"
        )),
    }
}

/// `start PROGRAM [as KIND] [ARGS...]`: a program started as another of the lesson's
/// programs plays the same part (`start server as notes-server`).
fn start(program: String, rest: Vec<String>) -> Result<Action, String> {
    let (kind, args) = match rest.split_first() {
        Some((word, after)) if word == "as" => {
            let (kind, args) = after
                .split_first()
                .ok_or("`start PROGRAM as KIND` needs the KIND: a program of the lesson")?;
            if kind.ends_with("server") != (Role::of(&program) == Role::Server) {
                return Err(format!(
                    "`{program}` cannot be started as `{kind}`: a program named `server…` \
                     runs a kind ending in `server`, any other a client"
                ));
            }
            (Some(kind.clone()), args.to_vec())
        }
        _ => (None, rest),
    };
    Ok(Action::Start {
        program,
        kind,
        args,
    })
}

/// `type PROGRAM TEXT` and `see PROGRAM TEXT`: the text is everything after the program's
/// name and one space, spaces included.
fn parse_text_step(verb: &str, line: &str) -> Result<Option<Action>, String> {
    if verb != "type" && verb != "see" {
        return Ok(None);
    }
    let rest = line[verb.len()..].trim_start();
    let (program, text) = rest.split_once(' ').unwrap_or((rest, ""));
    if program.is_empty() {
        return Err(format!("`{verb}` needs a program name"));
    }
    let (program, text) = (program.to_owned(), unescape(text)?);
    if verb == "see" && text.is_empty() {
        return Err("`see` needs a text to look for".into());
    }
    Ok(Some(if verb == "type" {
        Action::TypeNow { program, text }
    } else {
        Action::See { program, text }
    }))
}

/// `wire FROM->TO merge N`, `split N`, `drop K`, `duplicate K`, `reorder K`,
/// `delay K until M`.
fn parse_wire(words: &[&str]) -> Result<Action, String> {
    const FORMS: &str =
        "`wire FROM->TO merge N|split N|drop K|duplicate K|reorder K|delay K until M`";
    let usage = || format!("a wire step is {FORMS}");
    let [way, verb, number, rest @ ..] = words else {
        return Err(usage());
    };
    let (from, to) = way.split_once("->").ok_or_else(usage)?;
    if from.is_empty() || to.is_empty() {
        return Err(usage());
    }
    if (Role::of(from) == Role::Server) == (Role::of(to) == Role::Server) {
        return Err(format!(
            "`{way}`: a wire runs between a client and the server (`client->server` or \
             `server->client`)"
        ));
    }
    let count = |text: &str| {
        text.parse::<usize>()
            .ok()
            .filter(|n| *n >= 1)
            .ok_or_else(|| format!("`{text}` is not a number from 1 up"))
    };
    let n = count(number)?;
    let bend = match (*verb, rest) {
        ("merge", []) if n >= 2 => Bend::Merge(n),
        ("merge", []) => return Err("`merge` needs at least 2 writes to merge".into()),
        ("split", []) => Bend::Split(n),
        ("drop", []) => Bend::Drop(n),
        ("duplicate", []) => Bend::Duplicate(n),
        ("reorder", []) => Bend::Reorder(n),
        ("delay", ["until", until]) => {
            let until = count(until)?;
            if until <= n {
                return Err(format!(
                    "`delay {n} until {until}`: datagram {n} can only wait for a later one"
                ));
            }
            Bend::Delay { datagram: n, until }
        }
        _ => return Err(usage()),
    };
    Ok(Action::Wire {
        from: (*from).to_owned(),
        to: (*to).to_owned(),
        bend,
    })
}

/// Every program a step names must have been started before, and only once. `stuck` ends
/// only a program started `as` one of the lesson's own: whether a program waits for ever
/// rests on what it is known to do (it sends nothing of itself, as lesson 07's client),
/// which no play of an unknown program can tell from one that waits for its timeout.
fn check(scenario: &Scenario) -> Result<(), ParseError> {
    let mut started: Vec<&str> = Vec::new();
    let mut known: Vec<&str> = Vec::new();
    for step in &scenario.steps {
        let program = step.action.program();
        let fail = |message: String| ParseError {
            line: step.line,
            message,
        };
        match &step.action {
            Action::Start { .. } if started.contains(&program) => {
                return Err(fail(format!("`{program}` is started twice")));
            }
            Action::Start { kind, .. } => {
                started.push(program);
                if kind.is_some() {
                    known.push(program);
                }
            }
            Action::Stuck { .. } if started.contains(&program) && !known.contains(&program) => {
                return Err(fail(format!(
                    "`stuck {program}`: only a program started `as` one of the lesson's own \
                     can be known to wait for ever (`start {program} as notes-client`)"
                )));
            }
            Action::Run { .. } | Action::Compile { .. } => {}
            Action::Wire { from, to, .. }
                if !started.contains(&from.as_str()) || !started.contains(&to.as_str()) =>
            {
                return Err(fail(format!(
                    "`{from}->{to}`: both programs must be started before their wire is bent"
                )));
            }
            _ if !started.contains(&program) => {
                return Err(fail(format!(
                    "`{program}` is used before `start {program}`"
                )));
            }
            _ => {}
        }
    }
    if scenario.steps.is_empty() {
        return Err(ParseError {
            line: 0,
            message: format!("scenario `{}` has no steps", scenario.name),
        });
    }
    Ok(())
}

/// Turns `\e`, `\xNN`, `\t` and `\\` in typed text into the characters they stand for.
fn unescape(text: &str) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('e') => out.push('\u{1b}'),
            Some('t') => out.push('\t'),
            Some('\\') => out.push('\\'),
            Some('x') => {
                let hex: String = chars.by_ref().take(2).collect();
                let byte = u8::from_str_radix(&hex, 16)
                    .ok()
                    .filter(|byte| *byte < 0x80)
                    .ok_or_else(|| format!("`\\x{hex}` is not a byte below \\x80"))?;
                out.push(char::from(byte));
            }
            other => {
                return Err(format!(
                    "unknown escape `\\{}` (known: \\e \\t \\xNN \\\\)",
                    other.map(String::from).unwrap_or_default()
                ));
            }
        }
    }
    Ok(out)
}

/// The inverse of `unescape`, to show a typed line as it was written.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\u{1b}' => out.push_str("\\e"),
            '\t' => out.push_str("\\t"),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\x{:02x}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_steps_and_keeps_line_numbers() {
        let text = "# comment\n== chat: a chat\nstart server\nstart client --name 小马\nclient>  two spaces\nclient> \\e[31m\nend-input client\nwait server\n";
        let scenarios = parse(text).unwrap();
        assert_eq!(scenarios.len(), 1);
        let steps = &scenarios[0].steps;
        assert_eq!(steps[0].line, 3);
        assert_eq!(
            steps[1].action,
            Action::Start {
                program: "client".into(),
                kind: None,
                args: vec!["--name".into(), "小马".into()]
            }
        );
        assert_eq!(
            steps[2].action,
            Action::Type {
                program: "client".into(),
                text: " two spaces".into()
            }
        );
        assert_eq!(
            steps[3].action,
            Action::Type {
                program: "client".into(),
                text: "\u{1b}[31m".into()
            }
        );
        assert_eq!(steps[3].action.to_string(), "client> \\e[31m");
        assert_eq!(
            steps[4].action,
            Action::EndInput {
                program: "client".into()
            }
        );
    }

    #[test]
    fn reports_mistakes_with_their_line() {
        let unknown = parse("== a: b\nstart server\njump server\n").unwrap_err();
        assert_eq!(unknown.line, 3);
        assert!(unknown.message.contains("unknown step `jump`"));
        let unstarted = parse("== a: b\nclient> hi\n").unwrap_err();
        assert!(unstarted.message.contains("before `start client`"));
        let headless = parse("start server\n").unwrap_err();
        assert_eq!(headless.line, 1);
    }

    #[test]
    fn parses_the_steps_for_programs_that_do_not_take_turns() {
        let text = "== a: b\nstart server\nstart alice\ntype alice  hi there\nsee alice bob: yo\n\
                    wire alice->server merge 2\nwire server->alice delay 1 until 3\n";
        let steps = &parse(text).unwrap()[0].steps;
        assert_eq!(
            steps[2].action,
            Action::TypeNow {
                program: "alice".into(),
                text: " hi there".into()
            }
        );
        assert_eq!(
            steps[3].action,
            Action::See {
                program: "alice".into(),
                text: "bob: yo".into()
            }
        );
        assert_eq!(
            steps[4].action,
            Action::Wire {
                from: "alice".into(),
                to: "server".into(),
                bend: Bend::Merge(2)
            }
        );
        assert_eq!(steps[5].action.program(), "alice");
        for (step, written) in steps.iter().zip(text.lines().skip(1)) {
            assert_eq!(step.action.to_string(), written);
        }
    }

    #[test]
    fn a_program_is_started_as_another_of_the_lessons_in_the_same_part() {
        let text = "== a: b\nstart server as notes-server\nstart client as notes-client --name a\nstuck client\n";
        let steps = &parse(text).unwrap()[0].steps;
        assert_eq!(
            steps[1].action,
            Action::Start {
                program: "client".into(),
                kind: Some("notes-client".into()),
                args: vec!["--name".into(), "a".into()]
            }
        );
        for (step, written) in steps.iter().zip(text.lines().skip(1)) {
            assert_eq!(step.action.to_string(), written);
        }
        let wrong = parse("== a: b\nstart client as notes-server\n").unwrap_err();
        assert!(wrong.message.contains("cannot be started as"), "{wrong}");
        let unknown = parse("== a: b\nstart client\nclient> hi\nstuck client\n").unwrap_err();
        assert!(
            unknown.message.contains("only a program started `as`"),
            "{unknown}"
        );
    }

    #[test]
    fn a_wire_step_is_checked_as_it_is_read() {
        let wrong = |step: &str| {
            parse(&format!("== a: b\nstart server\nstart client\n{step}\n"))
                .unwrap_err()
                .message
        };
        assert!(wrong("wire client->client2 drop 1").contains("between a client and the server"));
        assert!(wrong("wire client->server merge 1").contains("at least 2"));
        assert!(wrong("wire client->server drop 0").contains("from 1 up"));
        assert!(wrong("wire client->server delay 2 until 2").contains("later one"));
        assert!(wrong("wire client-server drop 1").contains("a wire step is"));
        assert!(wrong("wire client->server2 drop 1").contains("must be started"));
        assert!(wrong("see client").contains("a text to look for"));
    }

    #[test]
    fn roles_follow_the_name() {
        assert_eq!(Role::of("server"), Role::Server);
        assert_eq!(Role::of("client2"), Role::Client);
        assert_eq!(Role::of("late-client"), Role::Client);
    }
}
