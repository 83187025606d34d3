//! Renders a play's record as a transcript: each program's screen, then the wire.
//!
//! A transcript reads like the notes' "结果" blocks, with the wire made visible. It is the
//! same bytes on every run: ports are redacted, colours are shown as readable tags, and
//! nothing depends on how the programs' output and the wire interleaved in time.

use std::fmt::Write;

use crate::engine::record::{Connection, Effect, PROMPT, ProgramRecord, Record, Side, WireEvent};
use crate::engine::{Outcome, describe_exit};

/// Renders the whole transcript of a play.
pub fn render(heading: &str, summary: &str, outcome: &Outcome) -> String {
    let record = &outcome.record;
    let mut out = String::new();
    let _ = writeln!(out, "{heading}");
    let _ = writeln!(out, "{summary}");
    out.push('\n');
    let width = record
        .programs
        .iter()
        .map(|p| p.name.chars().count())
        .max()
        .unwrap_or(0);
    for program in &record.programs {
        let _ = writeln!(out, "{:<width$} $ {}", program.name, program.command);
    }
    for program in &record.programs {
        out.push('\n');
        render_screen(&mut out, program);
    }
    for program in record
        .programs
        .iter()
        .filter(|p| p.role == crate::scenario::Role::Client)
    {
        render_wires(&mut out, record, &program.name);
    }
    if let Some(failure) = &outcome.failure {
        let _ = write!(out, "\nFAILED at {failure}\n");
    }
    redact(&out, &outcome.ports)
}

/// A section's rule: `─── title ─────`, 60 columns wide.
pub fn rule(title: &str) -> String {
    let width = 60usize.saturating_sub(title.chars().count() + 5);
    format!("─── {title} {}", "─".repeat(width))
}

/// A program's screen: its output with what was typed after each prompt, then its errors.
fn render_screen(out: &mut String, program: &ProgramRecord) {
    let _ = writeln!(out, "{}", rule(&format!("{} (screen)", program.name)));
    let mut screen: Vec<u8> = Vec::with_capacity(program.stdout.len());
    let mut from = 0;
    for typed in &program.typed {
        let mut at = typed.at.min(program.stdout.len()).max(from);
        if typed.ahead {
            // After the prompt that read it: the first one at a line start from here on.
            at = next_prompt_end(&program.stdout, at).unwrap_or(program.stdout.len());
        } else if typed.anchored && program.stdout[at..].starts_with(PROMPT) {
            at += PROMPT.len();
        }
        screen.extend_from_slice(&program.stdout[from..at]);
        from = at;
        match &typed.text {
            Some(text) => screen.extend_from_slice(text.as_bytes()),
            None => screen.extend_from_slice(b"^D"),
        }
        screen.push(b'\n');
    }
    screen.extend_from_slice(&program.stdout[from..]);
    write_lines(out, "", &screen);
    write_lines(out, "stderr: ", &program.stderr);
    if program.truncated {
        let _ = writeln!(
            out,
            "[output cut at {} KiB]",
            crate::engine::record::OUTPUT_CAP / 1024
        );
    }
    match program.exit {
        Some(exit) => {
            let _ = writeln!(out, "[{}]", describe_exit(exit));
        }
        None => {
            let _ = writeln!(out, "[still running]");
        }
    }
}

/// Where the first prompt at a line start, at or after `from`, ends.
fn next_prompt_end(stdout: &[u8], from: usize) -> Option<usize> {
    (from..stdout.len())
        .find(|&at| stdout[at..].starts_with(PROMPT) && (at == 0 || stdout[at - 1] == b'\n'))
        .map(|at| at + PROMPT.len())
}

fn write_lines(out: &mut String, prefix: &str, bytes: &[u8]) {
    if bytes.is_empty() {
        return;
    }
    let body = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    for line in body.split(|b| *b == b'\n') {
        let _ = writeln!(out, "{prefix}{}", show_terminal(line));
    }
    if !bytes.ends_with(b"\n") {
        let _ = writeln!(out, "{prefix}⏎ (no newline at the end)");
    }
}

/// Every connection a client made, with what passed on it.
fn render_wires(out: &mut String, record: &Record, client: &str) {
    let connections: Vec<&Connection> = record
        .connections
        .iter()
        .filter(|c| c.client == client)
        .collect();
    if connections.is_empty() {
        let _ = write!(
            out,
            "\n{}\n(never connected)\n",
            rule(&format!("wire: {client} ⇄ server"))
        );
        return;
    }
    for (number, connection) in connections.iter().enumerate() {
        let title = if connections.len() == 1 {
            format!(
                "wire: {client} ⇄ server{}",
                if connection.datagrams {
                    " (UDP datagrams)"
                } else {
                    ""
                }
            )
        } else {
            format!("wire: {client} ⇄ server, connection {}", number + 1)
        };
        let _ = write!(out, "\n{}\n", rule(&title));
        for event in shown_events(connection) {
            let _ = writeln!(out, "{}", describe_event(&event, client));
        }
    }
}

/// What a connection shows, in a repeatable order: a TCP stream's pieces joined, the
/// closes in causal order, the initiative markers left out. The transcript's wire section
/// and the sequence diagram (`crate::diagram`) both draw from it.
pub fn shown_events(connection: &Connection) -> Vec<WireEvent> {
    let events = if connection.datagrams {
        connection.events.clone()
    } else {
        merged(&connection.events)
    };
    in_causal_order(events)
}

/// Puts the two closes of a connection in a repeatable order.
///
/// When both sides close with no data between, the two closes are concurrent: which one the
/// relay sees first is up to the scheduler. They are then shown in the order of initiative:
/// the side that acted last (sent the last data, or was typed at, or killed) hung up first,
/// and the other closed in response. The initiative markers themselves are not shown.
fn in_causal_order(events: Vec<WireEvent>) -> Vec<WireEvent> {
    let is_end =
        |event: &WireEvent| matches!(event, WireEvent::Closed { .. } | WireEvent::Failed { .. });
    let side_of = |event: &WireEvent| match event {
        WireEvent::Data { from, .. } => Some(*from),
        WireEvent::Closed { by } | WireEvent::Failed { by, .. } | WireEvent::Initiative { by } => {
            Some(*by)
        }
        WireEvent::Unreachable { .. } | WireEvent::Bent { .. } => None,
    };
    let mut shown: Vec<WireEvent> = Vec::new();
    let mut last_initiative = [None, None];
    let mut closing = false;
    for event in events {
        match &event {
            // A step taken after one side has closed cannot have caused that close.
            WireEvent::Initiative { .. } if closing => {}
            WireEvent::Initiative { by } | WireEvent::Data { from: by, .. } => {
                last_initiative[*by as usize] = Some(shown.len());
            }
            _ => closing |= is_end(&event),
        }
        if !matches!(event, WireEvent::Initiative { .. }) {
            shown.push(event);
        }
        let last = shown.len();
        if last >= 2
            && is_end(&shown[last - 2])
            && is_end(&shown[last - 1])
            && let (Some(a), Some(b)) = (side_of(&shown[last - 2]), side_of(&shown[last - 1]))
        {
            // The second close came from the side with the later initiative: swap.
            if last_initiative[b as usize] > last_initiative[a as usize] {
                shown.swap(last - 2, last - 1);
            }
        }
    }
    shown
}

/// Joins consecutive pieces of data in the same direction: how TCP split a message
/// into reads is the network's choice, not the programs'.
fn merged(events: &[WireEvent]) -> Vec<WireEvent> {
    let mut out: Vec<WireEvent> = Vec::with_capacity(events.len());
    for event in events {
        if let (
            Some(WireEvent::Data { from, bytes }),
            WireEvent::Data {
                from: next,
                bytes: more,
            },
        ) = (out.last_mut(), event)
            && from == next
        {
            bytes.extend_from_slice(more);
            continue;
        }
        out.push(event.clone());
    }
    out
}

fn describe_event(event: &WireEvent, client: &str) -> String {
    let name = |side: Side| match side {
        Side::Client => client.to_owned(),
        Side::Server => "server".to_owned(),
    };
    match event {
        WireEvent::Data { from, bytes } => {
            let count = if bytes.len() == 1 {
                "1 byte".into()
            } else {
                format!("{} bytes", bytes.len())
            };
            format!(
                "{} → {}  {}  ({count})",
                name(*from),
                name(from.peer()),
                show_bytes(bytes)
            )
        }
        WireEvent::Closed { by } => format!("{} closed the connection", name(*by)),
        WireEvent::Failed { by, error } => format!("{}'s end failed: {error}", name(*by)),
        WireEvent::Unreachable { reason } => {
            format!("the relay could not reach the server: {reason}")
        }
        WireEvent::Initiative { .. } => String::new(),
        WireEvent::Bent { from, effect, step } => {
            format!(
                "  » {}  [{step}]",
                describe_bent(effect, &name(from.peer()))
            )
        }
    }
}

/// What the relay did to what a side sent, by a `wire` step; `to` is the receiver. The
/// transcript and the sequence diagram say it in the same words.
pub fn describe_bent(effect: &Effect, to: &str) -> String {
    match effect {
        Effect::Merged { writes, bytes } => {
            format!("the relay delivered {writes} writes to {to} as one ({bytes} bytes)")
        }
        Effect::Split { pieces } => {
            let shown: Vec<String> = pieces.iter().map(|piece| show_bytes(piece)).collect();
            format!(
                "the relay delivered it to {to} in {} pieces: {}",
                pieces.len(),
                shown.join(" ")
            )
        }
        Effect::Dropped => format!("× the relay dropped it: {to} never got it"),
        Effect::Duplicated => format!("the relay delivered it to {to} twice"),
        Effect::Held => "the relay holds it back".into(),
        Effect::Released { bytes } => format!(
            "the relay now delivers to {to} the datagram it held: {}",
            show_bytes(bytes)
        ),
    }
}

/// Shows bytes from the wire as a quoted string: text as it is, the rest escaped.
pub fn show_bytes(bytes: &[u8]) -> String {
    let mut out = String::from("\"");
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c if c.is_control() => out.push_str(&escaped_control(c)),
                c => out.push(c),
            }
        }
        for byte in chunk.invalid() {
            let _ = write!(out, "\\x{byte:02x}");
        }
    }
    out.push('"');
    out
}

/// The one notation for a control character, on the wire, on a screen and in a hint, as
/// the scenario files write them: `\e` for the escape character, `\t` `\n` `\r`, `\xNN`
/// for the other ASCII ones (NUL is `\x00`), `\u{NN}` beyond ASCII. A byte that is not
/// UTF-8 is `\xNN` too.
pub fn escaped_control(c: char) -> String {
    match c {
        '\u{1b}' => "\\e".to_owned(),
        '\t' => "\\t".to_owned(),
        '\n' => "\\n".to_owned(),
        '\r' => "\\r".to_owned(),
        c if c.is_ascii() => format!("\\x{:02x}", c as u32),
        c => format!("\\u{{{:x}}}", c as u32),
    }
}

/// Shows a line of a program's output as a terminal would, with colours as tags:
/// `\e[31m` becomes `⟨red⟩`, `\e[0m` (the reset) becomes `⟨/⟩`. Every other control
/// character or escape sequence is shown in brackets, in the wire's notation
/// (`escaped_control`): `⟨\e[2J⟩`, `⟨\x00⟩`, `⟨\x07⟩`; so is a byte that is not UTF-8.
pub fn show_terminal(line: &[u8]) -> String {
    let mut out = String::new();
    for chunk in line.utf8_chunks() {
        let mut chars = chunk.valid().chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\u{1b}' && chars.peek() == Some(&'[') {
                chars.next();
                let mut params = String::new();
                let mut end = None;
                for c in chars.by_ref() {
                    if c.is_ascii_digit() || c == ';' {
                        params.push(c);
                    } else {
                        end = Some(c);
                        break;
                    }
                }
                match end {
                    Some('m') => out.push_str(&sgr_tag(&params)),
                    Some(end) => {
                        let _ = write!(out, "⟨\\e[{params}{}⟩", escaped_text(end));
                    }
                    None => {
                        let _ = write!(out, "⟨\\e[{params}⟩");
                    }
                }
            } else if c == '\t' {
                out.push_str("    ");
            } else if c.is_control() {
                let _ = write!(out, "⟨{}⟩", escaped_control(c));
            } else {
                out.push(c);
            }
        }
        for byte in chunk.invalid() {
            let _ = write!(out, "⟨\\x{byte:02x}⟩");
        }
    }
    out
}

/// A character shown as text, or escaped when it is a control character.
fn escaped_text(c: char) -> String {
    if c.is_control() {
        escaped_control(c)
    } else {
        c.to_string()
    }
}

fn sgr_tag(params: &str) -> String {
    const NAMES: [&str; 8] = [
        "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
    ];
    let names: Vec<String> = params
        .split(';')
        .map(|code| match (code, code.parse::<u8>()) {
            ("" | "0", _) => "/".to_owned(),
            (_, Ok(1)) => "bold".to_owned(),
            (_, Ok(n @ 30..=37)) => NAMES[usize::from(n - 30)].to_owned(),
            (_, Ok(n @ 90..=97)) => format!("bright {}", NAMES[usize::from(n - 90)]),
            _ => format!("sgr {code}"),
        })
        .collect();
    format!("⟨{}⟩", names.join(","))
}

/// Replaces the ports picked for this run, and any other port after `127.0.0.1:`, so the
/// transcript is the same on every run.
pub fn redact(text: &str, ports: &[u16]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(|c: char| c.is_ascii_digit()) {
        let (before, from_digits) = rest.split_at(start);
        let end = from_digits
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(from_digits.len());
        let (digits, after) = from_digits.split_at(end);
        out.push_str(before);
        // A digit run inside a longer word (`1234QQ`, `v1`) is never a port.
        let inside_word = before
            .chars()
            .last()
            .is_some_and(|c| c.is_alphanumeric() && !c.is_ascii_digit() && c != ':')
            || after.chars().next().is_some_and(|c| c.is_alphanumeric());
        let is_known = digits
            .parse::<u16>()
            .is_ok_and(|port| ports.contains(&port));
        if is_known && !inside_word {
            out.push_str("{port}");
        } else if out.ends_with("127.0.0.1:") && !inside_word {
            out.push_str("{peer-port}");
        } else {
            out.push_str(digits);
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_become_tags_and_other_escapes_are_shown() {
        assert_eq!(show_terminal(b"\x1b[31mhi\x1b[0m"), "⟨red⟩hi⟨/⟩");
        assert_eq!(show_terminal(b"\x1b[2Jx\x07"), "⟨\\e[2J⟩x⟨\\x07⟩");
        // `\033[35m` as Rust reads it: NUL, then text; not a colour tag.
        assert_eq!(show_terminal(b"\x0033[35mhi"), "⟨\\x00⟩33[35mhi");
        assert_eq!(
            show_bytes(b"\x00\x07\x1b\xc2\x85"),
            "\"\\x00\\x07\\e\\u{85}\""
        );
        assert_eq!(show_terminal("小马".as_bytes()), "小马");
    }

    #[test]
    fn wire_bytes_are_quoted_and_escaped() {
        assert_eq!(show_bytes(b"hi\n"), "\"hi\\n\"");
        assert_eq!(show_bytes(b"\x1b[2J\xff"), "\"\\e[2J\\xff\"");
        assert_eq!(show_bytes("小马:q".as_bytes()), "\"小马:q\"");
    }

    #[test]
    fn ports_are_redacted_but_other_numbers_kept() {
        let text = "--port 41234 from 127.0.0.1:51000, 小郭吹雪1234QQ said 41234x";
        assert_eq!(
            redact(text, &[41234]),
            "--port {port} from 127.0.0.1:{peer-port}, 小郭吹雪1234QQ said 41234x"
        );
    }

    #[test]
    fn a_line_typed_ahead_shows_after_the_prompt_that_reads_it() {
        assert_eq!(next_prompt_end(b"alice:hi\n>>>", 0), Some(12));
        assert_eq!(next_prompt_end(b">>>x\n>>>", 1), Some(8));
        assert_eq!(next_prompt_end(b"a >>> b", 0), None);
    }

    #[test]
    fn split_reads_are_joined() {
        let events = vec![
            WireEvent::Data {
                from: Side::Client,
                bytes: b"hel".to_vec(),
            },
            WireEvent::Data {
                from: Side::Client,
                bytes: b"lo".to_vec(),
            },
            WireEvent::Closed { by: Side::Client },
        ];
        assert_eq!(
            merged(&events),
            vec![
                WireEvent::Data {
                    from: Side::Client,
                    bytes: b"hello".to_vec()
                },
                WireEvent::Closed { by: Side::Client },
            ]
        );
    }
}
