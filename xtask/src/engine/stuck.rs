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

use super::record::{ProgramRecord, Record, Side, WireEvent};
use crate::scenario::Role;

/// What a step waits for from a program.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Awaited {
    /// Its next prompt.
    Prompt,
    /// Its exit.
    Exit,
}

/// How much a client has sent and received on the wire, in pieces: counted when a line is
/// typed at it, and again while a step waits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WireCounts {
    /// Pieces the client sent.
    pub sent: usize,
    /// Pieces the server sent to it.
    pub received: usize,
}

impl WireCounts {
    /// The counts of `client` now.
    pub fn of(record: &Record, client: &str) -> WireCounts {
        let mut counts = WireCounts::default();
        for connection in record.connections.iter().filter(|c| c.client == client) {
            for event in &connection.events {
                match event {
                    WireEvent::Data {
                        from: Side::Client, ..
                    } => counts.sent += 1,
                    WireEvent::Data {
                        from: Side::Server, ..
                    } => counts.received += 1,
                    _ => {}
                }
            }
        }
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
    Impossible(String),
    /// The event cannot come if nothing is on its way from the server to the client on
    /// these connections (by their index in the record): the caller asks the system.
    ImpossibleIfNothingOnTheWay(String, Vec<usize>),
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
    ("prompt instead of exit", prompt_instead_of_exit),
    ("reply that cannot come", reply_that_cannot_come),
];

/// Why the awaited event of `program` can no longer come, if a rule tells.
pub fn impossible(situation: &Situation<'_>, program: usize, awaited: Awaited) -> Option<Finding> {
    if !situation.turn_based {
        return None;
    }
    RULES
        .iter()
        .find_map(|(_, rule)| rule(situation, program, awaited))
}

/// The program should exit, but shows its prompt: it waits for a line that no step types.
fn prompt_instead_of_exit(s: &Situation<'_>, index: usize, awaited: Awaited) -> Option<Finding> {
    (awaited == Awaited::Exit && s.at_unused_prompt(index)).then(|| {
        Finding::Impossible(format!(
            "{} shows its prompt `>>>` again, waiting for a line, where it should have exited",
            s.program(index).name
        ))
    })
}

/// A client has sent its line since the last one typed at it and waits for the reply, with
/// nothing left to read; the server sent nothing since, and waits at its prompt for a line
/// no step types. The reply cannot come, so neither can the client's next prompt or exit.
fn reply_that_cannot_come(s: &Situation<'_>, index: usize, _awaited: Awaited) -> Option<Finding> {
    let client = s.program(index);
    if client.role != Role::Client || client.exit.is_some() || s.through_door {
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
        format!(
            "{} sent its message and waits for the reply, but the server sent nothing since: \
             it waits at its prompt `>>>` for a line, so the reply cannot come",
            client.name
        ),
        connections,
    ))
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
        assert!(impossible(&s, 0, Awaited::Exit).is_some());
        // Its prompt used by the last step: it may still be reading the line.
        let s = situation(&record, &[2, 1], &typed);
        assert!(impossible(&s, 0, Awaited::Exit).is_none());
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
        assert!(matches!(
            impossible(&s, 1, Awaited::Prompt),
            Some(Finding::ImpossibleIfNothingOnTheWay(_, connections)) if connections == [0]
        ));
        // The server's prompt is one a step has used: it may be about to answer.
        let s = situation(&sent, &[2, 1], &typed);
        assert!(impossible(&s, 1, Awaited::Prompt).is_none());
        // The relay has not connected on yet: its sockets are not known.
        let mut unconnected = sent.clone();
        unconnected.connections[0].path = None;
        let s = situation(&unconnected, &[1, 1], &typed);
        assert!(impossible(&s, 1, Awaited::Prompt).is_none());
        // The client has not sent since the line was typed: it may be slow to.
        let quiet = record(2, Vec::new());
        let s = situation(&quiet, &[1, 1], &typed);
        assert!(impossible(&s, 1, Awaited::Prompt).is_none());
        // The server answered since: the client has its reply.
        let answered = record(2, vec![data(Side::Client), data(Side::Server)]);
        let s = situation(&answered, &[1, 1], &typed);
        assert!(impossible(&s, 1, Awaited::Prompt).is_none());
    }

    #[test]
    fn no_rule_holds_in_a_lesson_that_is_not_turn_based() {
        let record = record(2, Vec::new());
        let typed = [None, None];
        let mut s = situation(&record, &[1, 1], &typed);
        s.turn_based = false;
        assert!(impossible(&s, 0, Awaited::Exit).is_none());
    }
}
