//! Bending the wire: what a relay delivers of what a side sent, as the `wire` steps ask.
//!
//! The relays call these with the record locked, for each piece (TCP) or datagram (UDP)
//! they take from a socket, after recording it: so each effect is recorded right after
//! what it bends, and the transcript shows both in a repeatable order. A bend names the
//! writes or datagrams it acts on by what the relay sees, never by chance or time.

use super::record::{Connection, Effect, PendingBend, Record, Side, WireEvent};
use crate::i18n::Message;
use crate::scenario::Bend;

/// TCP: the writes to make now for a piece `from` sent on connection `index`: the piece
/// itself, its pieces (`split`), nothing while a `merge` holds it, or all a merge held.
///
/// The relay sees reads, not writes: writes made at the same moment can come in one read.
/// So a line (ending in `\n`) counts as a write, as the line lessons send one line per
/// write; a read without a line end counts as one write.
pub fn deliver_stream(record: &mut Record, index: usize, from: Side, bytes: &[u8]) -> Vec<Vec<u8>> {
    let Some(at) = active(record, index, from, Bend::is_for_streams) else {
        return at_random_stream(record, index, from, bytes);
    };
    let pending = &mut record.bends[at];
    let (writes, rest, effect) = match pending.bend {
        Bend::Merge(n) => {
            pending.held.push(bytes.to_vec());
            let held = pending.held.concat();
            let Some(end) = end_of_writes(&held, pending.held.len(), n) else {
                return Vec::new();
            };
            let (merged, rest) = held.split_at(end);
            let effect = Effect::Merged {
                writes: n,
                bytes: merged.len(),
            };
            (vec![merged.to_vec()], rest.to_vec(), effect)
        }
        Bend::Split(n) => {
            let end = end_of_writes(bytes, 1, 1).unwrap_or(bytes.len());
            let (next, rest) = bytes.split_at(end);
            let pieces: Vec<Vec<u8>> = next.chunks(n).map(<[u8]>::to_vec).collect();
            (pieces.clone(), rest.to_vec(), Effect::Split { pieces })
        }
        _ => return vec![bytes.to_vec()],
    };
    pending.done = true;
    let step = pending.step.clone();
    record.connections[index]
        .events
        .push(WireEvent::Bent { from, effect, step });
    // What came in the same read after the bent writes meets the next bend, if any.
    let mut writes = writes;
    if !rest.is_empty() {
        writes.extend(deliver_stream(record, index, from, &rest));
    }
    writes
}

/// Where the first `n` writes of `bytes` (read in `reads` reads) end: after the `n`th line
/// end, or, in bytes without any, after `n` reads.
fn end_of_writes(bytes: &[u8], reads: usize, n: usize) -> Option<usize> {
    let ends: Vec<usize> = bytes
        .iter()
        .enumerate()
        .filter(|(_, byte)| **byte == b'\n')
        .map(|(at, _)| at + 1)
        .collect();
    if ends.is_empty() {
        return (reads >= n).then_some(bytes.len());
    }
    ends.get(n - 1).copied()
}

/// TCP: what a merge still holds when `from` ends its stream, delivered before the end.
pub fn flush_stream(record: &mut Record, index: usize, from: Side) -> Vec<u8> {
    let Some(at) = active(record, index, from, Bend::is_for_streams) else {
        return Vec::new();
    };
    let pending = &mut record.bends[at];
    if pending.held.is_empty() {
        return Vec::new();
    }
    pending.done = true;
    let joined = pending.held.concat();
    let effect = Effect::Merged {
        writes: pending.held.len(),
        bytes: joined.len(),
    };
    let step = pending.step.clone();
    record.connections[index]
        .events
        .push(WireEvent::Bent { from, effect, step });
    joined
}

/// UDP: the datagrams to send now for the one `from` just sent on association `index`
/// (numbered here, from 1): it, twice, or not at all, then any held datagram whose turn
/// has come.
pub fn deliver_datagram(
    record: &mut Record,
    index: usize,
    from: Side,
    bytes: &[u8],
) -> Vec<Vec<u8>> {
    let connection = &mut record.connections[index];
    connection.datagrams_seen[from.index()] += 1;
    let number = connection.datagrams_seen[from.index()];
    let client = connection.client.clone();
    let mut out = vec![bytes.to_vec()];
    let mut effects = Vec::new();
    let named = record.bends.iter().any(|p| {
        p.client == client
            && p.from == from
            && !p.done
            && matches!(p.bend, Bend::Drop(k) | Bend::Duplicate(k) | Bend::Reorder(k)
                | Bend::Delay { datagram: k, .. } if k == number)
    });
    if let (Some(seed), false) = (record.impair, named) {
        match random_effect(seed, &client, from, number) {
            Some(Effect::Dropped) => out.clear(),
            Some(Effect::Duplicated) => out.push(bytes.to_vec()),
            _ => {}
        }
        if let Some(effect) = random_effect(seed, &client, from, number) {
            effects.push((effect, impair_step(seed)));
        }
    }
    for pending in record
        .bends
        .iter_mut()
        .filter(|p| p.client == client && p.from == from && !p.done)
    {
        let effect = match pending.bend {
            Bend::Drop(k) if k == number => {
                out.clear();
                pending.done = true;
                Effect::Dropped
            }
            Bend::Duplicate(k) if k == number => {
                out.push(bytes.to_vec());
                pending.done = true;
                Effect::Duplicated
            }
            Bend::Reorder(k) | Bend::Delay { datagram: k, .. } if k == number => {
                out.clear();
                pending.held.push(bytes.to_vec());
                Effect::Held
            }
            _ => continue,
        };
        effects.push((effect, pending.step.clone()));
    }
    // Then what was held for this one to pass first.
    for pending in record
        .bends
        .iter_mut()
        .filter(|p| p.client == client && p.from == from && !p.done && !p.held.is_empty())
    {
        let turn = match pending.bend {
            Bend::Reorder(k) => k + 1,
            Bend::Delay { until, .. } => until,
            _ => continue,
        };
        if turn == number {
            pending.done = true;
            let held = std::mem::take(&mut pending.held).concat();
            out.push(held.clone());
            effects.push((Effect::Released { bytes: held }, pending.step.clone()));
        }
    }
    let events = &mut record.connections[index].events;
    for (effect, step) in effects {
        events.push(WireEvent::Bent { from, effect, step });
    }
    out
}

/// How impairments at random are shown: `impair seed 7`, where a step would be.
fn impair_step(seed: u64) -> String {
    format!("impair seed {seed}")
}

/// What the impairments at random do to datagram `number` of `client`'s wire from `from`:
/// dropped one time in five, repeated one time in ten, by the seed and these alone.
pub fn random_effect(seed: u64, client: &str, from: Side, number: usize) -> Option<Effect> {
    match draw(seed, client, from, number) % 10 {
        0 | 1 => Some(Effect::Dropped),
        2 => Some(Effect::Duplicated),
        _ => None,
    }
}

/// TCP, with impairments at random: piece `number` of `client`'s stream from `from` cut in
/// pieces of 1 to 4 bytes, one piece in two.
fn at_random_stream(record: &mut Record, index: usize, from: Side, bytes: &[u8]) -> Vec<Vec<u8>> {
    let connection = &mut record.connections[index];
    connection.pieces_seen[from.index()] += 1;
    let number = connection.pieces_seen[from.index()];
    let Some(seed) = record.impair else {
        return vec![bytes.to_vec()];
    };
    let draw = draw(seed, &connection.client, from, number);
    if draw.is_multiple_of(2) || bytes.len() < 2 {
        return vec![bytes.to_vec()];
    }
    let size = (1 + (draw / 2 % 4) as usize).min(bytes.len() - 1);
    let pieces: Vec<Vec<u8>> = bytes.chunks(size).map(<[u8]>::to_vec).collect();
    connection.events.push(WireEvent::Bent {
        from,
        effect: Effect::Split {
            pieces: pieces.clone(),
        },
        step: impair_step(seed),
    });
    pieces
}

/// A number from the seed and what it decides for, the same on every run and machine
/// (SplitMix64 over the seed, the client's name, the direction and the number).
fn draw(seed: u64, client: &str, from: Side, number: usize) -> u64 {
    let mut x = seed ^ (from.index() as u64) << 62 ^ (number as u64).wrapping_mul(0x9e37_79b9);
    for byte in client.bytes() {
        x = (x ^ u64::from(byte)).wrapping_mul(0x100_0000_01b3);
    }
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// Whether a bend holds back something `from` sent on connection `index`.
pub fn holds(record: &Record, index: usize, from: Side) -> bool {
    let client = &record.connections[index].client;
    record
        .bends
        .iter()
        .any(|p| &p.client == client && p.from == from && !p.done && !p.held.is_empty())
}

/// The first bend of `from` on connection `index`'s client, not yet done, of a kind.
fn active(record: &Record, index: usize, from: Side, kind: fn(Bend) -> bool) -> Option<usize> {
    let client = &record.connections[index].client;
    record
        .bends
        .iter()
        .position(|p| &p.client == client && p.from == from && !p.done && kind(p.bend))
}

/// Why a `wire` step for a UDP association cannot take effect any more: the datagram it
/// names has already passed.
pub fn too_late(connections: &[Connection], pending: &PendingBend) -> Option<Message> {
    let first = match pending.bend {
        Bend::Drop(k) | Bend::Duplicate(k) | Bend::Reorder(k) => k,
        Bend::Delay { datagram, .. } => datagram,
        Bend::Merge(_) | Bend::Split(_) => return None,
    };
    let seen = connections
        .iter()
        .filter(|c| c.client == pending.client && c.datagrams)
        .map(|c| c.datagrams_seen[pending.from.index()])
        .max()
        .unwrap_or(0);
    (seen >= first).then(|| {
        Message::new("bend-too-late")
            .arg("datagram", first)
            .arg("seen", seen)
    })
}

/// Why a `wire` step never took its whole effect, for the end of a play.
pub fn unfinished(pending: &PendingBend) -> Message {
    match pending.bend {
        Bend::Merge(n) => Message::new("bend-merge-unfinished")
            .arg("came", pending.held.len())
            .arg("writes", n),
        Bend::Split(_) => Message::new("bend-split-unfinished"),
        Bend::Reorder(k) if !pending.held.is_empty() => Message::new("bend-still-held")
            .arg("datagram", k)
            .arg("until", k + 1),
        Bend::Delay { datagram, until } if !pending.held.is_empty() => {
            Message::new("bend-still-held")
                .arg("datagram", datagram)
                .arg("until", until)
        }
        Bend::Drop(k) | Bend::Duplicate(k) | Bend::Reorder(k) => {
            Message::new("bend-never-came").arg("datagram", k)
        }
        Bend::Delay { datagram, .. } => Message::new("bend-never-came").arg("datagram", datagram),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record_with(bends: &[Bend], datagrams: bool) -> Record {
        let mut record = Record::default();
        record.open_connection("client", datagrams);
        for bend in bends {
            record.bends.push(PendingBend {
                client: "client".into(),
                from: Side::Client,
                bend: *bend,
                step: format!("wire client->server {bend}"),
                line: 1,
                held: Vec::new(),
                done: false,
            });
        }
        record
    }

    fn effects(record: &Record) -> Vec<Effect> {
        record.connections[0]
            .events
            .iter()
            .filter_map(|event| match event {
                WireEvent::Bent { effect, .. } => Some(effect.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_merge_holds_its_writes_and_delivers_them_as_one() {
        let mut record = record_with(&[Bend::Merge(2)], false);
        assert!(deliver_stream(&mut record, 0, Side::Client, b"a\n").is_empty());
        assert!(holds(&record, 0, Side::Client));
        // The other direction is not held.
        assert_eq!(deliver_stream(&mut record, 0, Side::Server, b"x"), [b"x"]);
        assert_eq!(
            deliver_stream(&mut record, 0, Side::Client, b"b\n"),
            [b"a\nb\n"]
        );
        assert!(!holds(&record, 0, Side::Client));
        assert_eq!(deliver_stream(&mut record, 0, Side::Client, b"c"), [b"c"]);
        assert_eq!(
            effects(&record),
            [Effect::Merged {
                writes: 2,
                bytes: 4
            }]
        );
    }

    #[test]
    fn a_merge_cut_short_by_the_end_of_the_stream_delivers_what_it_held() {
        let mut record = record_with(&[Bend::Merge(3)], false);
        assert!(deliver_stream(&mut record, 0, Side::Client, b"a").is_empty());
        assert_eq!(flush_stream(&mut record, 0, Side::Client), b"a");
        assert_eq!(flush_stream(&mut record, 0, Side::Client), b"");
    }

    #[test]
    fn lines_that_come_in_one_read_still_count_one_by_one() {
        let mut record = record_with(&[Bend::Merge(2), Bend::Split(3)], false);
        assert_eq!(
            deliver_stream(&mut record, 0, Side::Client, b"a\nb\nc\nhello\nz\n"),
            [&b"a\nb\n"[..], b"c\n", b"hello\nz\n"]
        );
        // The split cut the next line, in pieces of 3 bytes, and nothing after it.
        assert_eq!(
            deliver_stream(&mut record, 0, Side::Client, b"hello\nz\n"),
            [b"hello\nz\n"]
        );
    }

    #[test]
    fn a_split_cuts_the_next_write_only() {
        let mut record = record_with(&[Bend::Split(2)], false);
        assert_eq!(
            deliver_stream(&mut record, 0, Side::Client, b"hello"),
            [&b"he"[..], b"ll", b"o"]
        );
        assert_eq!(
            deliver_stream(&mut record, 0, Side::Client, b"again"),
            [b"again"]
        );
    }

    #[test]
    fn datagrams_are_dropped_duplicated_and_reordered_by_their_number() {
        let mut record = record_with(
            &[
                Bend::Drop(2),
                Bend::Duplicate(3),
                Bend::Reorder(4),
                Bend::Delay {
                    datagram: 6,
                    until: 8,
                },
            ],
            true,
        );
        let mut delivered = Vec::new();
        for n in 1..=8u8 {
            for datagram in deliver_datagram(&mut record, 0, Side::Client, &[n]) {
                delivered.extend(datagram);
            }
        }
        assert_eq!(delivered, [1, 3, 3, 5, 4, 7, 8, 6]);
        assert!(record.bends.iter().all(|p| p.done));
    }

    #[test]
    fn impairments_at_random_depend_on_the_seed_and_the_number_alone() {
        let decided = |seed| {
            (1..=200)
                .map(|n| random_effect(seed, "alice", Side::Client, n))
                .collect::<Vec<_>>()
        };
        assert_eq!(decided(7), decided(7));
        assert_ne!(decided(7), decided(8));
        let dropped = decided(7)
            .iter()
            .filter(|e| **e == Some(Effect::Dropped))
            .count();
        assert!((20..=60).contains(&dropped), "{dropped} of 200 dropped");
        // A datagram a step names is left to the step.
        let mut record = record_with(&[Bend::Duplicate(1)], true);
        record.impair = Some(7);
        for n in 1..=20u8 {
            deliver_datagram(&mut record, 0, Side::Client, &[n]);
        }
        let steps: Vec<&str> = record.connections[0]
            .events
            .iter()
            .filter_map(|event| match event {
                WireEvent::Bent { step, .. } => Some(step.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(steps[0], "wire client->server duplicate 1");
        assert!(
            steps[1..].iter().all(|step| *step == "impair seed 7"),
            "{steps:?}"
        );
    }

    #[test]
    fn a_bend_of_a_datagram_that_has_passed_is_too_late() {
        let mut record = record_with(&[], true);
        deliver_datagram(&mut record, 0, Side::Client, b"1");
        let late = PendingBend {
            client: "client".into(),
            from: Side::Client,
            bend: Bend::Drop(1),
            step: String::new(),
            line: 1,
            held: Vec::new(),
            done: false,
        };
        assert!(too_late(&record.connections, &late).is_some());
        let on_time = PendingBend {
            bend: Bend::Drop(2),
            ..late
        };
        assert!(too_late(&record.connections, &on_time).is_none());
    }
}
