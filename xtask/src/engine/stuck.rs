//! Telling, while a step waits, that what it waits for can no longer come.
//!
//! A step waits for a program's prompt or its exit, bounded by the step timeout. A wrong
//! program often makes the event impossible long before the bound: it shows its prompt
//! where it should have exited, or waits for a reply that its peer, itself waiting at its
//! prompt, cannot send. Each rule below names one such situation, and fires only when the
//! event is certain never to come, so that a correct program never fails earlier than it
//! would have. They hold for turn-based lessons only (01 to 09, 11): there, a program that
//! shows its prompt reads nothing but its keyboard until a line is typed, and a client sends
//! a line and then waits for the reply before its next prompt. (In lesson 10 a client reads
//! the network while it shows its prompt: no rule applies.)

use super::record::{Effect, ProgramRecord, Record, Side, WireEvent};
use crate::i18n::Message;
use crate::scenario::Role;

/// What a step waits for from a program.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Awaited {
    /// Its next prompt.
    Prompt,
    /// Its exit.
    Exit,
    /// Every connection closed (the program is the server, at the end of a scenario).
    Closed,
    /// A line on its screen that contains a text (`see`).
    Line,
    /// Certainty that it waits for ever (`stuck`): the rules about replies do not apply.
    Stuck,
}

/// How much a client has sent and received on the wire, in pieces: counted when a line is
/// typed at it, and again while a step waits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WireCounts {
    /// Pieces the client sent.
    pub sent: usize,
    /// Pieces the server sent to it.
    pub received: usize,
    /// Datagrams the relay delivered to it: those the server sent, less those dropped or
    /// held, plus copies and held ones let go.
    pub delivered: usize,
    /// Pieces the server sent, to any client.
    pub server_sent: usize,
    /// Lines typed at the server.
    pub server_lines: usize,
}

impl WireCounts {
    /// The counts of `client` now.
    pub fn of(record: &Record, client: &str) -> WireCounts {
        let mut counts = WireCounts::default();
        for connection in &record.connections {
            let own = connection.client == client;
            for event in &connection.events {
                match event {
                    WireEvent::Data {
                        from: Side::Client, ..
                    } if own => counts.sent += 1,
                    WireEvent::Data {
                        from: Side::Server, ..
                    } => {
                        counts.server_sent += 1;
                        if own {
                            counts.received += 1;
                            counts.delivered += 1;
                        }
                    }
                    WireEvent::Bent {
                        from: Side::Server,
                        effect,
                        ..
                    } if own => match effect {
                        Effect::Dropped | Effect::Held => counts.delivered -= 1,
                        Effect::Duplicated | Effect::Released { .. } => counts.delivered += 1,
                        Effect::Merged { .. } | Effect::Split { .. } => {}
                    },
                    _ => {}
                }
            }
        }
        counts.server_lines = record
            .programs
            .iter()
            .filter(|program| program.role == Role::Server)
            .map(|program| program.typed.len())
            .sum();
        counts
    }
}

/// What the rules look at.
pub struct Situation<'a> {
    /// The play's record.
    pub record: &'a Record,
    /// Per program: how many of its prompts the steps have used.
    pub prompts_used: &'a [usize],
    /// Per program: its wire counts when a line was last typed at it.
    pub typed_at: &'a [Option<WireCounts>],
    /// Whether the lesson is turn-based (see the module's documentation).
    pub turn_based: bool,
    /// Whether clients come through a door, which hides their own sockets from the relay.
    pub through_door: bool,
}

/// What a rule finds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    /// The event cannot come: the reason.
    Impossible(Message),
    /// The event cannot come if nothing is on its way from the server to the client on
    /// these connections (by their index in the record): the caller asks the system.
    ImpossibleIfNothingOnTheWay(Message, Vec<usize>),
    /// The event cannot come if the program (by its index) is blocked reading its keyboard:
    /// the caller asks the system.
    ImpossibleIfReadingItsKeyboard(Message, usize),
}

impl Situation<'_> {
    fn program(&self, index: usize) -> &ProgramRecord {
        &self.record.programs[index]
    }

    /// Whether a program shows a prompt that no step has typed at: it waits for a line.
    fn at_unused_prompt(&self, index: usize) -> bool {
        let program = self.program(index);
        program.exit.is_none() && program.prompts > self.prompts_used[index]
    }
}

/// A rule: from the situation, the waiting program and what is awaited, the reason the event
/// cannot come, if it cannot.
type Rule = fn(&Situation<'_>, usize, Awaited) -> Option<Finding>;

/// The rules, each with its name.
pub const RULES: &[(&str, Rule)] = &[
    ("output cut", output_cut),
    ("prompt instead of exit", prompt_instead_of_exit),
    ("line not prompted for", line_not_prompted_for),
    ("reply that cannot come", reply_that_cannot_come),
    ("connection held at a prompt", connection_held_at_a_prompt),
];

/// What the rules find, in their order: why the awaited event of `program` can no longer
/// come, or would not if the system confirms.
pub fn findings(situation: &Situation<'_>, program: usize, awaited: Awaited) -> Vec<Finding> {
    if !situation.turn_based {
        return Vec::new();
    }
    RULES
        .iter()
        .filter_map(|(_, rule)| rule(situation, program, awaited))
        .collect()
}

/// A program printed more than the runner keeps: its transcript is cut, and can match no
/// snapshot, whatever happens next.
fn output_cut(s: &Situation<'_>, _index: usize, _awaited: Awaited) -> Option<Finding> {
    let flooded = s.record.programs.iter().find(|program| program.truncated)?;
    Some(Finding::Impossible(
        Message::new("stuck-output-cut")
            .arg("program", &flooded.name)
            .arg("kib", super::record::OUTPUT_CAP / 1024),
    ))
}

/// The program waits for a typed line but shows no prompt at the start of a line (it
/// printed it in the middle of a line, or did not flush it): no step types without one.
fn line_not_prompted_for(s: &Situation<'_>, index: usize, awaited: Awaited) -> Option<Finding> {
    let program = s.program(index);
    if matches!(awaited, Awaited::Closed | Awaited::Line | Awaited::Stuck)
        || program.exit.is_some()
        || s.at_unused_prompt(index)
    {
        return None;
    }
    let tail = program
        .stdout
        .rsplit(|byte| *byte == b'\n')
        .next()
        .unwrap_or_default();
    let shown = if tail.ends_with(super::record::PROMPT) {
        "stuck-prompt-mid-line"
    } else {
        "stuck-prompt-not-flushed"
    };
    Some(Finding::ImpossibleIfReadingItsKeyboard(
        Message::new("stuck-line-not-prompted-for")
            .arg("program", &program.name)
            .phrase("shown", shown),
        index,
    ))
}

/// At the end of a scenario the server waits at its prompt for a line, holding a
/// connection open that it must close for the scenario to end.
fn connection_held_at_a_prompt(
    s: &Situation<'_>,
    index: usize,
    awaited: Awaited,
) -> Option<Finding> {
    if awaited != Awaited::Closed || !s.at_unused_prompt(index) {
        return None;
    }
    let held = s
        .record
        .connections
        .iter()
        .find(|connection| !connection.datagrams && !connection.ended[1])?;
    Some(Finding::Impossible(
        Message::new("stuck-connection-held")
            .arg("program", &s.program(index).name)
            .arg("client", &held.client),
    ))
}

/// The program should exit, but shows its prompt: it waits for a line that no step types.
fn prompt_instead_of_exit(s: &Situation<'_>, index: usize, awaited: Awaited) -> Option<Finding> {
    (awaited == Awaited::Exit && s.at_unused_prompt(index)).then(|| {
        Finding::Impossible(
            Message::new("stuck-prompt-instead-of-exit").arg("program", &s.program(index).name),
        )
    })
}

/// A client has sent its line since the last one typed at it and waits for the reply, with
/// nothing left to read; the server sent nothing since, and waits at its prompt for a line
/// no step types. The reply cannot come, so neither can the client's next prompt or exit.
fn reply_that_cannot_come(s: &Situation<'_>, index: usize, awaited: Awaited) -> Option<Finding> {
    let client = s.program(index);
    if client.role != Role::Client
        || client.exit.is_some()
        || s.through_door
        || awaited == Awaited::Stuck
    {
        return None;
    }
    let typed = s.typed_at.get(index).copied().flatten()?;
    let now = WireCounts::of(s.record, &client.name);
    if now.sent <= typed.sent || now.received != typed.received {
        return None;
    }
    let server = s
        .record
        .programs
        .iter()
        .position(|program| program.role == Role::Server)?;
    if !s.at_unused_prompt(server) {
        return None;
    }
    let connections: Vec<usize> = (0..s.record.connections.len())
        .filter(|at| s.record.connections[*at].client == client.name)
        .collect();
    if connections
        .iter()
        .any(|at| s.record.connections[*at].path.is_none())
    {
        return None;
    }
    Some(Finding::ImpossibleIfNothingOnTheWay(
        Message::new("stuck-reply-cannot-come").arg("program", &client.name),
        connections,
    ))
}

/// Whether a client certainly waits for ever (`stuck`), in a lesson that takes turns and
/// speaks UDP, where a server sends only a line typed at it: the client has sent since a
/// line was last typed at it and shows no new prompt; nothing has been delivered to it
/// since; nothing is on its way either way on its wire, and the relay holds nothing; and
/// every line typed at the server since has been sent. Then no step types (this one waits),
/// so the server sends nothing more, and the client can only wait.
pub fn waits_for_ever(
    record: &Record,
    client: usize,
    typed: WireCounts,
    prompts_used: usize,
) -> bool {
    let program = &record.programs[client];
    if program.role != Role::Client || program.exit.is_some() || program.prompts > prompts_used {
        return false;
    }
    let now = WireCounts::of(record, &program.name);
    let quiet = record
        .connections
        .iter()
        .enumerate()
        .filter(|(_, c)| c.client == program.name)
        .all(|(at, c)| {
            c.datagrams
                && c.in_flight == [false, false]
                && !super::bends::holds(record, at, Side::Server)
                && !super::bends::holds(record, at, Side::Client)
        });
    now.sent > typed.sent
        && now.delivered == typed.delivered
        && quiet
        && now.server_sent - typed.server_sent >= now.server_lines - typed.server_lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::record::{Connection, WirePath};

    fn address(port: u16) -> std::net::SocketAddr {
        std::net::SocketAddr::from(([127, 0, 0, 1], port))
    }

    fn record(server_prompts: usize, client_events: Vec<WireEvent>) -> Record {
        let mut server = ProgramRecord::new("server", Role::Server, String::new(), None);
        server.prompts = server_prompts;
        let mut client = ProgramRecord::new("client", Role::Client, String::new(), None);
        client.prompts = 1;
        Record {
            programs: vec![server, client],
            connections: vec![Connection {
                client: "client".into(),
                events: client_events,
                path: Some(WirePath {
                    server: address(9000),
                    relay_to_server: address(40001),
                    relay_to_client: address(40002),
                    client: address(40003),
                }),
                ..Connection::default()
            }],
            ..Record::default()
        }
    }

    fn data(from: Side) -> WireEvent {
        WireEvent::Data {
            from,
            bytes: b"hi".to_vec(),
        }
    }

    fn situation<'a>(
        record: &'a Record,
        used: &'a [usize],
        typed: &'a [Option<WireCounts>],
    ) -> Situation<'a> {
        Situation {
            record,
            prompts_used: used,
            typed_at: typed,
            turn_based: true,
            through_door: false,
        }
    }

    #[test]
    fn a_prompt_where_an_exit_is_awaited_cannot_become_an_exit() {
        let record = record(2, Vec::new());
        let typed = [None, None];
        let s = situation(&record, &[1, 1], &typed);
        assert!(findings(&s, 0, Awaited::Exit).iter().any(
            |f| matches!(f, Finding::Impossible(r) if r.text().contains("should have exited"))
        ));
        // Its prompt used by the last step: it may still be reading the line.
        let s = situation(&record, &[2, 1], &typed);
        assert!(!findings(&s, 0, Awaited::Exit).iter().any(
            |f| matches!(f, Finding::Impossible(r) if r.text().contains("should have exited"))
        ));
        // Awaited is its prompt: that is the event itself.
        let s = situation(&record, &[1, 1], &typed);
        assert!(prompt_instead_of_exit(&s, 0, Awaited::Prompt).is_none());
    }

    #[test]
    fn a_reply_cannot_come_from_a_server_waiting_at_its_prompt() {
        let typed = [None, Some(WireCounts::default())];
        let sent = record(2, vec![data(Side::Client)]);
        let s = situation(&sent, &[1, 1], &typed);
        // Certain only once the system tells that no byte is on its way to the client.
        assert!(findings(&s, 1, Awaited::Prompt).iter().any(|f| matches!(
            f,
            Finding::ImpossibleIfNothingOnTheWay(_, connections) if connections == &[0]
        )));
        // The server's prompt is one a step has used: it may be about to answer.
        let s = situation(&sent, &[2, 1], &typed);
        assert!(reply_that_cannot_come(&s, 1, Awaited::Prompt).is_none());
        // The relay has not connected on yet: its sockets are not known.
        let mut unconnected = sent.clone();
        unconnected.connections[0].path = None;
        let s = situation(&unconnected, &[1, 1], &typed);
        assert!(reply_that_cannot_come(&s, 1, Awaited::Prompt).is_none());
        // The client has not sent since the line was typed: it may be slow to.
        let quiet = record(2, Vec::new());
        let s = situation(&quiet, &[1, 1], &typed);
        assert!(reply_that_cannot_come(&s, 1, Awaited::Prompt).is_none());
        // The server answered since: the client has its reply.
        let answered = record(2, vec![data(Side::Client), data(Side::Server)]);
        let s = situation(&answered, &[1, 1], &typed);
        assert!(reply_that_cannot_come(&s, 1, Awaited::Prompt).is_none());
    }

    #[test]
    fn a_program_without_a_prompt_at_a_line_start_is_asked_whether_it_reads_its_keyboard() {
        let mut record = record(1, Vec::new());
        record.programs[0].stdout = b"c1>>>".to_vec();
        let typed = [None, None];
        let s = situation(&record, &[1, 1], &typed);
        let found = findings(&s, 0, Awaited::Prompt);
        assert!(
            found.iter().any(
                |f| matches!(f, Finding::ImpossibleIfReadingItsKeyboard(reason, 0)
                if reason.text().contains("middle of a line"))
            ),
            "{found:?}"
        );
        // A prompt at a line start, not yet used: that is the awaited event itself.
        record.programs[0].stdout = b"c1\n>>>".to_vec();
        record.programs[0].prompts = 2;
        let s = situation(&record, &[1, 1], &typed);
        assert_eq!(line_not_prompted_for(&s, 0, Awaited::Prompt), None);
    }

    #[test]
    fn output_beyond_the_cap_can_match_no_snapshot() {
        let mut record = record(1, Vec::new());
        let typed = [None, None];
        let s = situation(&record, &[1, 1], &typed);
        assert_eq!(output_cut(&s, 0, Awaited::Prompt), None);
        record.programs[0].truncated = true;
        let s = situation(&record, &[1, 1], &typed);
        assert!(output_cut(&s, 1, Awaited::Exit).is_some());
    }

    #[test]
    fn a_server_at_its_prompt_cannot_close_the_connection_it_holds() {
        let mut record = record(2, Vec::new());
        let typed = [None, None];
        record.connections[0].ended = [true, false];
        let s = situation(&record, &[1, 1], &typed);
        assert!(connection_held_at_a_prompt(&s, 0, Awaited::Closed).is_some());
        record.connections[0].ended = [true, true];
        let s = situation(&record, &[1, 1], &typed);
        assert!(connection_held_at_a_prompt(&s, 0, Awaited::Closed).is_none());
    }

    #[test]
    fn a_client_waits_for_ever_once_its_reply_is_dropped_and_nothing_else_can_come() {
        let reply = |bent: Option<Effect>| {
            let mut events = vec![data(Side::Client), data(Side::Server)];
            if let Some(effect) = bent {
                events.push(WireEvent::Bent {
                    from: Side::Server,
                    effect,
                    step: String::new(),
                });
            }
            let mut record = record(1, events);
            record.connections[0].datagrams = true;
            record.programs[0].typed.push(crate::engine::record::Typed {
                at: 0,
                text: Some("hi".into()),
                anchored: false,
                ahead: false,
            });
            record
        };
        // Typed at the client before it sent; the server's line typed after.
        let typed = WireCounts::default();
        assert!(waits_for_ever(&reply(Some(Effect::Dropped)), 1, typed, 1));
        // The reply was delivered: it has it.
        assert!(!waits_for_ever(&reply(None), 1, typed, 1));
        // A copy of it was delivered.
        assert!(!waits_for_ever(
            &reply(Some(Effect::Duplicated)),
            1,
            typed,
            1
        ));
        // Held by the relay, to be let go later: it may still come.
        let mut held = reply(Some(Effect::Held));
        held.bends.push(crate::engine::record::PendingBend {
            client: "client".into(),
            from: Side::Server,
            bend: crate::scenario::Bend::Reorder(1),
            step: String::new(),
            line: 1,
            held: vec![b"hi".to_vec()],
            done: false,
        });
        assert!(!waits_for_ever(&held, 1, typed, 1));
        // A line typed at the server that it has not sent yet.
        let mut unsent = reply(Some(Effect::Dropped));
        unsent.programs[0].typed.push(crate::engine::record::Typed {
            at: 0,
            text: Some("more".into()),
            anchored: false,
            ahead: false,
        });
        assert!(!waits_for_ever(&unsent, 1, typed, 1));
        // A prompt no step has used: it goes on by itself.
        assert!(!waits_for_ever(&reply(Some(Effect::Dropped)), 1, typed, 0));
    }

    #[test]
    fn no_rule_holds_in_a_lesson_that_is_not_turn_based() {
        let record = record(2, Vec::new());
        let typed = [None, None];
        let mut s = situation(&record, &[1, 1], &typed);
        s.turn_based = false;
        assert!(findings(&s, 0, Awaited::Exit).is_empty());
    }
}
