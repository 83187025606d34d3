//! Draws a play's wire record as a sequence diagram, in plain monospace text.
//!
//! Each connection (or, for UDP, each client's exchange of datagrams) is one panel: the
//! client's lifeline on the left, the server's on the right, one arrow per event, oldest
//! first. The events are the transcript's (`transcript::shown_events`), so the drawing is
//! as repeatable as the transcript. What the arrows carry is written to the right of both
//! lifelines: text of any width (小马过河) never pushes a lifeline out of line.
//!
//! Connections are drawn one after the other, never interleaved: the record orders the
//! events of one connection, not those of two connections against each other.

use std::fmt::Write;

use crate::engine::record::{Connection, Effect, Record, Side, WireEvent};
use crate::scenario::Role;
use crate::transcript::{show_bytes, shown_events};

/// Columns between the two lifelines, where the arrows run.
const SPAN: usize = 36;
/// The column of the client's lifeline.
const LEFT: usize = 2;

/// The sequence diagram of a play: one panel per connection, in the order the transcript
/// shows the wire. `None` when the scenario has no client (lesson 08's cases): nothing
/// passes between a client and a server.
pub fn draw(record: &Record) -> Option<String> {
    let clients: Vec<&str> = record
        .programs
        .iter()
        .filter(|program| program.role == Role::Client)
        .map(|program| program.name.as_str())
        .collect();
    if clients.is_empty() {
        return None;
    }
    let mut panels = Vec::new();
    for client in clients {
        let connections: Vec<&Connection> = record
            .connections
            .iter()
            .filter(|connection| connection.client == client)
            .collect();
        if connections.is_empty() {
            panels.push(never_connected(client));
        }
        for (number, connection) in connections.iter().enumerate() {
            let title = (connections.len() > 1)
                .then(|| format!("{client} ⇄ server, connection {}", number + 1));
            panels.push(panel(client, connection, title.as_deref()));
        }
    }
    Some(panels.join("\n"))
}

/// What `--diagram` prints, and the pages show, for a scenario without a client.
pub const NOTHING_TO_DRAW: &str =
    "(no client and server in this scenario: nothing passes on the wire, so no diagram)";

fn panel(client: &str, connection: &Connection, title: Option<&str>) -> String {
    let mut out = String::new();
    if let Some(title) = title {
        let _ = writeln!(out, "{title}");
    }
    if connection.datagrams {
        let _ = writeln!(out, "UDP: no connection; each arrow is one datagram");
    }
    header(&mut out, client);
    let events = shown_events(connection);
    let name = |side: Side| match side {
        Side::Client => client,
        Side::Server => "server",
    };
    if !connection.datagrams {
        match events.first() {
            Some(WireEvent::Unreachable { reason }) => {
                let arrow = labelled(Direction::Right, Line::Solid, "connect", Some('✗'));
                row(&mut out, &arrow, &format!("not accepted: {reason}"));
                return out;
            }
            _ => row(
                &mut out,
                &labelled(Direction::Right, Line::Solid, "connect", None),
                "three-way handshake (connect / accept)",
            ),
        }
    }
    if events.is_empty() && connection.datagrams {
        row(&mut out, &" ".repeat(SPAN), "no datagrams");
    }
    let mut closed = false;
    for (at, event) in events.iter().enumerate() {
        match event {
            WireEvent::Data { from, bytes } => {
                // A datagram the relay drops ends in a cross: it never arrives.
                let dropped = matches!(
                    events.get(at + 1),
                    Some(WireEvent::Bent { from: by, effect: Effect::Dropped, .. }) if by == from
                );
                let head = dropped.then_some('×');
                let arrow = labelled(direction(*from), Line::Solid, "", head);
                row(
                    &mut out,
                    &arrow,
                    &format!("{}  ({})", show_bytes(bytes), count(bytes.len())),
                );
            }
            WireEvent::Closed { by } => {
                let arrow = labelled(direction(*by), Line::Dashed, "close", None);
                let too = if closed { " too" } else { "" };
                row(&mut out, &arrow, &format!("{} closes{too}", name(*by)));
                closed = true;
            }
            WireEvent::Failed { by, error } => {
                let arrow = labelled(direction(*by), Line::Dashed, "✗", None);
                row(
                    &mut out,
                    &arrow,
                    &format!("{}'s end fails: {error}", name(*by)),
                );
                closed = true;
            }
            WireEvent::Unreachable { reason } => {
                let arrow = labelled(Direction::Right, Line::Dashed, "lost", Some('✗'));
                row(&mut out, &arrow, reason);
            }
            WireEvent::Initiative { .. } => {}
            WireEvent::Bent { from, effect, step } => {
                let (between, said) = drawn_bend(*from, effect);
                // The command without its `wire FROM->TO`: the panel says which way.
                let command = step
                    .split_whitespace()
                    .skip(2)
                    .collect::<Vec<_>>()
                    .join(" ");
                row(&mut out, &between, &format!("{said}  [{command}]"));
            }
        }
    }
    out
}

/// What a row shows for a bend: an arrow for what the relay delivers beside what was
/// sent (a second copy, a held datagram), and a short word on it.
fn drawn_bend(from: Side, effect: &Effect) -> (String, String) {
    let blank = " ".repeat(SPAN);
    match effect {
        Effect::Merged { writes, bytes } => (
            blank,
            format!("» the {writes} writes as one ({})", count(*bytes)),
        ),
        Effect::Split { pieces } => {
            let shown: Vec<String> = pieces.iter().map(|piece| show_bytes(piece)).collect();
            (blank, format!("» in pieces: {}", shown.join(" ")))
        }
        Effect::Dropped => (blank, "× dropped by the relay".into()),
        Effect::Duplicated => (
            labelled(direction(from), Line::Solid, "again", None),
            "» the relay delivers it again".into(),
        ),
        Effect::Held => (blank, "» held back by the relay".into()),
        Effect::Released { bytes } => (
            labelled(direction(from), Line::Solid, "late", None),
            format!(
                "{}  ({}), delivered late",
                show_bytes(bytes),
                count(bytes.len())
            ),
        ),
    }
}

fn never_connected(client: &str) -> String {
    let mut out = String::new();
    header(&mut out, client);
    row(
        &mut out,
        &" ".repeat(SPAN),
        &format!("{client} never connected"),
    );
    out
}

/// The names over the lifelines, then one empty stretch of both lifelines.
fn header(out: &mut String, client: &str) {
    // "server" is centred on its lifeline; the client's name starts at the left edge.
    let server_at = LEFT + 1 + SPAN - 2;
    let gap = server_at.saturating_sub(width(client)).max(1);
    let _ = writeln!(out, "{client}{}server", " ".repeat(gap));
    let _ = writeln!(out, "{}", lifelines(&" ".repeat(SPAN)).trim_end());
}

fn lifelines(between: &str) -> String {
    format!("{}│{between}│", " ".repeat(LEFT))
}

fn row(out: &mut String, between: &str, label: &str) {
    let _ = writeln!(out, "{}  {label}", lifelines(between));
}

#[derive(Clone, Copy)]
enum Direction {
    /// From the client to the server.
    Right,
    /// From the server to the client.
    Left,
}

fn direction(from: Side) -> Direction {
    match from {
        Side::Client => Direction::Right,
        Side::Server => Direction::Left,
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Line {
    /// Data, and the connect.
    Solid,
    /// The end of a stream, a failure, a loss.
    Dashed,
}

/// An arrow across the span, with an optional word in its middle and an optional mark
/// (`✗`) in place of its head: ` ───── connect ─────▶ `.
fn labelled(direction: Direction, line: Line, word: &str, head: Option<char>) -> String {
    // One space either side keeps the arrow off the lifelines.
    let length = SPAN - 2;
    let head = head.unwrap_or(match direction {
        Direction::Right => '▶',
        Direction::Left => '◀',
    });
    let word = if word.is_empty() {
        String::new()
    } else {
        format!(" {word} ")
    };
    let shaft_length = length - 1 - word.chars().count();
    let left_part = shaft_length / 2;
    let shaft = |from: usize, count: usize| -> String {
        (from..from + count)
            .map(|column| match line {
                Line::Solid => '─',
                Line::Dashed if column % 2 == 0 => '─',
                Line::Dashed => ' ',
            })
            .collect()
    };
    let body = match direction {
        Direction::Right => format!(
            "{}{word}{}{head}",
            shaft(0, left_part),
            shaft(left_part + word.chars().count(), shaft_length - left_part)
        ),
        Direction::Left => format!(
            "{head}{}{word}{}",
            shaft(0, left_part),
            shaft(left_part + word.chars().count(), shaft_length - left_part)
        ),
    };
    format!(" {body} ")
}

fn count(length: usize) -> String {
    if length == 1 {
        "1 byte".into()
    } else {
        format!("{length} bytes")
    }
}

/// The columns a name takes in a terminal: CJK characters take two.
fn width(text: &str) -> usize {
    crate::book::fit::columns(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::record::ProgramRecord;

    fn record(clients: &[&str], connections: Vec<Connection>) -> Record {
        let mut programs = vec![ProgramRecord::new(
            "server",
            Role::Server,
            String::new(),
            None,
        )];
        programs.extend(
            clients
                .iter()
                .map(|name| ProgramRecord::new(name, Role::Client, String::new(), None)),
        );
        Record {
            programs,
            connections,
            ..Record::default()
        }
    }

    fn tcp(client: &str, events: Vec<WireEvent>) -> Connection {
        Connection {
            client: client.into(),
            events,
            ended: [true, true],
            datagrams: false,
            ..Connection::default()
        }
    }

    fn data(from: Side, bytes: &str) -> WireEvent {
        WireEvent::Data {
            from,
            bytes: bytes.as_bytes().to_vec(),
        }
    }

    #[test]
    fn a_tcp_exchange_shows_connect_messages_and_who_closes() {
        let wire = tcp(
            "client",
            vec![
                data(Side::Client, "hel"),
                data(Side::Client, "lo!"),
                data(Side::Server, "hi"),
                WireEvent::Closed { by: Side::Server },
                WireEvent::Closed { by: Side::Client },
            ],
        );
        let drawn = draw(&record(&["client"], vec![wire])).expect("a client");
        let expected = "\
client                               server
  │                                    │
  │ ──────────── connect ────────────▶ │  three-way handshake (connect / accept)
  │ ─────────────────────────────────▶ │  \"hello!\"  (6 bytes)
  │ ◀───────────────────────────────── │  \"hi\"  (2 bytes)
  │ ◀─ ─ ─ ─ ─ ─ ─ close ─ ─ ─ ─ ─ ─ ─ │  server closes
  │ ─ ─ ─ ─ ─ ─ ─ close ─ ─ ─ ─ ─ ─ ─▶ │  client closes too
";
        assert_eq!(drawn, expected, "\n{drawn}");
    }

    #[test]
    fn every_arrow_row_keeps_both_lifelines_in_their_columns() {
        let wire = tcp(
            "alice",
            vec![
                data(Side::Client, "小马过河1234QQ:xiao"),
                WireEvent::Failed {
                    by: Side::Client,
                    error: "connection reset".into(),
                },
            ],
        );
        let drawn = draw(&record(&["alice"], vec![wire])).expect("a client");
        for line in drawn.lines().skip(1) {
            let columns: Vec<char> = line.chars().collect();
            assert_eq!(columns[LEFT], '│', "{line}");
            assert_eq!(columns[LEFT + SPAN + 1], '│', "{line}");
        }
        assert!(
            drawn.contains("\"小马过河1234QQ:xiao\"  (23 bytes)"),
            "{drawn}"
        );
        assert!(
            drawn.contains("alice's end fails: connection reset"),
            "{drawn}"
        );
    }

    #[test]
    fn udp_has_datagrams_and_no_connect_nor_close() {
        let wire = Connection {
            client: "bob".into(),
            events: vec![data(Side::Client, "bob:q")],
            ended: [true, true],
            datagrams: true,
            ..Connection::default()
        };
        let drawn = draw(&record(&["bob"], vec![wire])).expect("a client");
        assert!(drawn.starts_with("UDP: no connection"), "{drawn}");
        assert!(
            !drawn.contains("connect ") && !drawn.contains("close"),
            "{drawn}"
        );
        assert!(drawn.contains("\"bob:q\"  (5 bytes)"), "{drawn}");
    }

    #[test]
    fn a_dropped_datagram_ends_in_a_cross_and_every_bend_is_said() {
        let bent = |effect: Effect| WireEvent::Bent {
            from: Side::Server,
            effect,
            step: "wire server->bob drop 1".into(),
        };
        let wire = Connection {
            client: "bob".into(),
            events: vec![
                data(Side::Server, "1 hi"),
                bent(Effect::Dropped),
                data(Side::Server, "1 hi"),
                bent(Effect::Duplicated),
            ],
            ended: [true, true],
            datagrams: true,
            ..Connection::default()
        };
        let drawn = draw(&record(&["bob"], vec![wire])).expect("a client");
        let rows: Vec<&str> = drawn.lines().skip(3).collect();
        assert!(rows[0].starts_with("  │ ×──"), "{drawn}");
        assert!(
            rows[1].ends_with("× dropped by the relay  [drop 1]"),
            "{drawn}"
        );
        assert!(rows[2].starts_with("  │ ◀"), "{drawn}");
        assert!(
            rows[3].contains(" again ") && rows[3].contains("delivers it again"),
            "{drawn}"
        );
    }

    #[test]
    fn a_client_that_never_connected_and_a_scenario_without_clients() {
        let drawn = draw(&record(&["late-client"], Vec::new())).expect("a client");
        assert!(drawn.contains("late-client never connected"), "{drawn}");
        assert_eq!(draw(&record(&[], Vec::new())), None);
    }

    #[test]
    fn an_unreachable_server_is_a_refused_connect() {
        let wire = tcp(
            "client",
            vec![WireEvent::Unreachable {
                reason: "the server has exited".into(),
            }],
        );
        let drawn = draw(&record(&["client"], vec![wire])).expect("a client");
        assert!(
            drawn.contains("connect ────────────✗ │  not accepted: the server has exited"),
            "{drawn}"
        );
        assert!(!drawn.contains("three-way"), "{drawn}");
    }

    #[test]
    fn wide_names_are_measured_in_columns() {
        assert_eq!(width("alice"), 5);
        assert_eq!(width("小马过河1234QQ"), 14);
    }
}
