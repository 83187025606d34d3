//! What a play records: each program's screen and each connection's traffic.
//!
//! The record is shared by the threads of a play (output readers, relays, exit waiters)
//! behind one mutex; every change wakes whoever waits for an event.

use std::net::SocketAddr;
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::Instant;

use crate::scenario::{Bend, Role};

/// How much of one output stream a program may print before the rest is dropped.
pub const OUTPUT_CAP: usize = 64 * 1024;

/// The prompt a program shows when it waits for a typed line.
pub const PROMPT: &[u8] = b">>>";

/// Everything recorded in one play.
#[derive(Debug, Default, Clone)]
pub struct Record {
    /// The programs, in the order they were started.
    pub programs: Vec<ProgramRecord>,
    /// The connections the relays carried, in the order they were accepted.
    pub connections: Vec<Connection>,
    /// Whether the server was bound to every address of the machine (`0.0.0.0`), not to
    /// 127.0.0.1, when it first answered: where the system tells (Linux).
    pub server_on_every_address: Option<bool>,
    /// The `wire` steps so far, in their order: the relays apply them as they carry.
    pub bends: Vec<PendingBend>,
    /// The seed of the impairments at random, if any (`Setup::impair`).
    pub impair: Option<u64>,
    /// Whether a step waits for the relays now (`Play::await_connections_tried`): what a
    /// relay that a test holds (`relay::HOLD_TRIES`) waits for.
    pub relays_awaited: bool,
}

/// A `wire` step: how the relay is to bend one direction of a client's wire, and how far
/// it has got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingBend {
    /// The client program whose wire it bends.
    pub client: String,
    /// The direction: what this side sends.
    pub from: Side,
    /// What to do.
    pub bend: Bend,
    /// The step as written (`wire client->server drop 1`), shown with its effect.
    pub step: String,
    /// The step's line in the scenario file.
    pub line: usize,
    /// What it holds back so far: the writes of a merge, the datagram a reorder or delay
    /// keeps until its turn.
    pub held: Vec<Vec<u8>>,
    /// Whether it has taken its whole effect.
    pub done: bool,
}

/// What the relay did, by a `wire` step, to what a side sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// The last N writes were delivered as one (fewer, when the stream ended first).
    Merged { writes: usize, bytes: usize },
    /// The write was delivered in these pieces.
    Split { pieces: Vec<Vec<u8>> },
    /// The datagram was not delivered.
    Dropped,
    /// The datagram was delivered twice.
    Duplicated,
    /// The datagram is held back, to be delivered later.
    Held,
    /// A datagram held back is delivered now.
    Released { bytes: Vec<u8> },
}

/// What one program did.
#[derive(Debug, Clone)]
pub struct ProgramRecord {
    /// Its name in the scenario (`client2`).
    pub name: String,
    /// Server or client.
    pub role: Role,
    /// The command line, as shown in the transcript.
    pub command: String,
    /// What it printed on standard output (at most `OUTPUT_CAP` bytes).
    pub stdout: Vec<u8>,
    /// What it printed on standard error (at most `OUTPUT_CAP` bytes).
    pub stderr: Vec<u8>,
    /// Whether some output was dropped beyond the cap.
    pub truncated: bool,
    /// What was typed, and where in its output.
    pub typed: Vec<Typed>,
    /// How many prompts it has shown.
    pub prompts: usize,
    /// How far the prompt count has looked into `stdout`.
    scanned: usize,
    /// Whether standard output and standard error have both reached their end.
    pub output_done: [bool; 2],
    /// Whether bytes of standard output have been taken from the pipe and not yet recorded.
    pub output_in_hand: bool,
    /// How it ended, once it has.
    pub exit: Option<Exit>,
    /// The port the runner gave it.
    pub port: Option<u16>,
}

/// A line typed at a program.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Typed {
    /// The length of the program's standard output when the line was typed.
    pub at: usize,
    /// The line, or `None` for the end of input (Ctrl-D).
    pub text: Option<String>,
    /// Typed without waiting for a prompt (`type`): `at` is then where the steps know the
    /// screen to stand (the end of the line the last `see` found, or the last line typed),
    /// not where output that raced with the typing happened to stand. The screen shows
    /// the line after a prompt that starts there.
    pub anchored: bool,
    /// Typed ahead at a program that takes turns (`type`): it reads the line at its next
    /// prompt, and the screen shows it there, after the first prompt from `at` on.
    pub ahead: bool,
}

/// How a program ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// It exited with this code.
    Code(i32),
    /// A signal ended it (not sent by the runner).
    Signal(i32),
    /// The runner killed it, as a step of the scenario.
    Killed,
    /// The runner stopped it at the end: it was still running (a server's accept loop).
    Stopped,
    /// The runner ended it once it was certain to wait for ever (`stuck`).
    Stuck,
}

/// Which end of a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The client's end.
    Client,
    /// The server's end.
    Server,
}

impl Side {
    /// The direction's place in per-direction arrays: 0 for what the client sends.
    pub fn index(self) -> usize {
        match self {
            Side::Client => 0,
            Side::Server => 1,
        }
    }

    /// The other end.
    pub fn peer(self) -> Side {
        match self {
            Side::Client => Side::Server,
            Side::Server => Side::Client,
        }
    }
}

/// One connection between a client and the server, through a relay.
#[derive(Debug, Clone, Default)]
pub struct Connection {
    /// The client program's name.
    pub client: String,
    /// What passed, in order.
    pub events: Vec<WireEvent>,
    /// Whether each direction (client to server, server to client) has ended.
    pub ended: [bool; 2],
    /// Whether it carries datagrams (UDP), each a message of its own, not a byte stream.
    pub datagrams: bool,
    /// The sockets bytes from the server pass through on their way to the client, once the
    /// relay has connected.
    pub path: Option<WirePath>,
    /// Whether the relay has tried the server once for this client (TCP): until then it is
    /// not known whether the server takes the connection or refuses it.
    pub tried_server: bool,
    /// Per direction (client to server, server to client): bytes recorded and not yet
    /// passed on.
    pub in_flight: [bool; 2],
    /// Per side (client, server): whether it closed while its program still ran, by its own
    /// act, not because the program ended or the runner ended it.
    pub closed_running: [bool; 2],
    /// Per direction: how many datagrams the relay has received (UDP), the number a `wire`
    /// step names them by.
    pub datagrams_seen: [usize; 2],
    /// Per direction: how many pieces the relay has read (TCP), the number impairments at
    /// random go by.
    pub pieces_seen: [usize; 2],
}

impl Connection {
    /// Whether the server's side of it is known: the relay has tried the server, or ended
    /// the connection without trying (the server had exited), or it carries datagrams.
    pub fn is_settled(&self) -> bool {
        self.datagrams || self.tried_server || self.ended == [true, true]
    }
}

/// The sockets on the way from the server to a client: the server's own, the relay's two,
/// and the client's (each an address on 127.0.0.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WirePath {
    /// The server's end of its connection (TCP), or its socket (UDP).
    pub server: SocketAddr,
    /// The relay's socket towards the server.
    pub relay_to_server: SocketAddr,
    /// The relay's socket towards the client (TCP: the accepted one; UDP: the one the
    /// client sends to).
    pub relay_to_client: SocketAddr,
    /// The client's own socket.
    pub client: SocketAddr,
}

impl Connection {
    /// Whether both directions have ended.
    pub fn is_done(&self) -> bool {
        self.ended == [true, true]
    }
}

/// Something that happened on a connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WireEvent {
    /// Bytes sent by one side.
    Data { from: Side, bytes: Vec<u8> },
    /// One side closed its end (end of stream).
    Closed { by: Side },
    /// One side's end failed (a reset, for example).
    Failed { by: Side, error: String },
    /// The relay could not reach the server.
    Unreachable { reason: String },
    /// A scenario step acted on one side (typed at it, ended its input, killed it). Not
    /// shown: it tells which side took the initiative, to order concurrent closes.
    Initiative { by: Side },
    /// The relay bent what `from` sent, as a `wire` step (`step`) asked.
    Bent {
        from: Side,
        effect: Effect,
        step: String,
    },
}

impl Record {
    /// Whether the server has exited: from then on its port refuses everyone.
    pub fn server_exited(&self) -> bool {
        self.programs
            .iter()
            .any(|program| program.role == Role::Server && program.exit.is_some())
    }

    /// Records a new connection (or, for UDP, a client's association) and returns its index.
    pub fn open_connection(&mut self, client: &str, datagrams: bool) -> usize {
        self.connections.push(Connection {
            client: client.to_owned(),
            events: Vec::new(),
            // Datagrams have no end of stream: a UDP association is never left open.
            ended: [datagrams, datagrams],
            datagrams,
            ..Connection::default()
        });
        self.connections.len() - 1
    }

    /// Notes on the wire that a scenario step acts on `program` now (see
    /// [`WireEvent::Initiative`]): on the client's own connections, or for the server on
    /// every connection whose client still runs. A connection whose client has exited was
    /// closed on that side before this step, however late the relay records the close, so
    /// the step cannot have started its ending; marking it would let the order in which the
    /// relay's threads happen to record the two closes decide the transcript.
    pub fn mark_initiative(&mut self, program: &str, role: Role) {
        let exited: Vec<String> = self
            .programs
            .iter()
            .filter(|p| p.exit.is_some())
            .map(|p| p.name.clone())
            .collect();
        for connection in &mut self.connections {
            let by = match role {
                Role::Server if !exited.contains(&connection.client) => Side::Server,
                Role::Client | Role::Standalone if connection.client == program => Side::Client,
                _ => continue,
            };
            connection.events.push(WireEvent::Initiative { by });
        }
    }
}

impl ProgramRecord {
    /// A program that has just started.
    pub fn new(name: &str, role: Role, command: String, port: Option<u16>) -> ProgramRecord {
        ProgramRecord {
            name: name.to_owned(),
            role,
            command,
            stdout: Vec::new(),
            stderr: Vec::new(),
            truncated: false,
            typed: Vec::new(),
            prompts: 0,
            scanned: 0,
            output_done: [false, false],
            output_in_hand: false,
            exit: None,
            port,
        }
    }

    /// Appends output from standard output (`stream` 0) or standard error (1).
    pub fn append(&mut self, stream: usize, bytes: &[u8]) {
        let buffer = if stream == 0 {
            &mut self.stdout
        } else {
            &mut self.stderr
        };
        let room = OUTPUT_CAP.saturating_sub(buffer.len());
        if bytes.len() > room {
            self.truncated = true;
        }
        buffer.extend_from_slice(&bytes[..bytes.len().min(room)]);
        if stream == 0 {
            self.count_prompts();
        }
    }

    /// Counts the prompts: `>>>` at the start of a line.
    fn count_prompts(&mut self) {
        let out = &self.stdout;
        while self.scanned + PROMPT.len() <= out.len() {
            let at = self.scanned;
            if out[at..].starts_with(PROMPT) && (at == 0 || out[at - 1] == b'\n') {
                self.prompts += 1;
            }
            self.scanned += 1;
        }
    }

    /// Whether the program has finished: exited, and both output streams drained.
    pub fn is_finished(&self) -> bool {
        self.exit.is_some() && self.output_done == [true, true]
    }
}

/// The record with the means to wait for its changes.
#[derive(Debug, Default)]
pub struct Shared {
    record: Mutex<Record>,
    changed: Condvar,
}

impl Shared {
    /// Locks the record (a panicked thread does not make the record unusable).
    pub fn lock(&self) -> MutexGuard<'_, Record> {
        self.record
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Changes the record and wakes every waiter.
    pub fn update<T>(&self, change: impl FnOnce(&mut Record) -> T) -> T {
        let result = change(&mut self.lock());
        self.changed.notify_all();
        result
    }

    /// Waits until `ready` holds, or the deadline passes. Returns whether it holds.
    pub fn wait_until(&self, deadline: Instant, mut ready: impl FnMut(&Record) -> bool) -> bool {
        let mut record = self.lock();
        loop {
            if ready(&record) {
                return true;
            }
            let now = Instant::now();
            if now >= deadline {
                return false;
            }
            record = self
                .changed
                .wait_timeout(record, deadline - now)
                .map(|(guard, _)| guard)
                .unwrap_or_else(|poisoned| poisoned.into_inner().0);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prompts_are_counted_at_line_starts_across_chunks() {
        let mut program = ProgramRecord::new("client", Role::Client, String::new(), None);
        program.append(0, b">>");
        assert_eq!(program.prompts, 0);
        program.append(0, b">");
        assert_eq!(program.prompts, 1);
        program.append(0, b"hi\nsays >>> not a prompt\n>>>");
        assert_eq!(program.prompts, 2);
    }

    #[test]
    fn a_server_step_marks_only_connections_whose_client_still_runs() {
        let mut record = Record::default();
        for (name, exit) in [("client", Some(Exit::Code(0))), ("client2", None)] {
            let mut program = ProgramRecord::new(name, Role::Client, String::new(), None);
            program.exit = exit;
            record.programs.push(program);
            record.connections.push(Connection {
                client: name.into(),
                ..Connection::default()
            });
        }
        record.mark_initiative("server", Role::Server);
        record.mark_initiative("client2", Role::Client);
        let marks = |index: usize| record.connections[index].events.clone();
        assert_eq!(marks(0), []);
        assert_eq!(
            marks(1),
            [
                WireEvent::Initiative { by: Side::Server },
                WireEvent::Initiative { by: Side::Client }
            ]
        );
    }

    #[test]
    fn output_beyond_the_cap_is_dropped_and_flagged() {
        let mut program = ProgramRecord::new("server", Role::Server, String::new(), None);
        program.append(1, &vec![b'x'; OUTPUT_CAP + 10]);
        assert_eq!(program.stderr.len(), OUTPUT_CAP);
        assert!(program.truncated);
    }
}
