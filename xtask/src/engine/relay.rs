//! The relay between a client and the server: it records what passes on the wire.
//!
//! Each client the runner starts is told the port of its own relay instead of the server's.
//! When the client connects, the relay connects on to the server, retrying while the server
//! is not listening yet, and forwards bytes both ways. So the runner learns the server is
//! ready from a real client's connection, never from a probe of its own.

use std::io;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use socket2::{Domain, Socket, Type};

use super::record::{Record, Shared, Side, WireEvent, WirePath};
use super::splice::{self, Seen};
use super::{bends, socket_table};

/// A relay's listening socket, open until the server exits or the play ends.
pub struct Relay {
    /// The port the client is told.
    pub port: u16,
    closing: Arc<AtomicBool>,
    /// Whether the server has exited: every client that comes in is then not passed on.
    gone: Arc<AtomicBool>,
    /// Where `close` wakes the listener from, so that its connection is not taken for a client.
    wake_from: Arc<Mutex<Option<SocketAddr>>>,
    /// The thread that holds the listener: joined on close, so the port refuses from then on.
    listening: Mutex<Option<thread::JoinHandle<()>>>,
    /// The listener, to see whether a client waits to be taken; let go of on close.
    watched: Mutex<Option<Arc<TcpListener>>>,
    /// Held by the listening thread from the moment it takes a client until the record has
    /// it (Unix): so `client_waiting` never looks in between.
    taking: Arc<Mutex<()>>,
}

/// Why the relay could not pass a client on when the server, which had taken a connection
/// before, refuses one.
pub const LISTENER_CLOSED: &str =
    "the server refused the connection: it had listened, then closed its listening socket";

/// For tests: every relay holds its first try of the server for a new client until a step
/// of the play waits for the relays (`Record::relays_awaited`), as late as a relay whose
/// threads a busy machine does not run can be. A fault to inject, off unless set.
pub static HOLD_TRIES: AtomicBool = AtomicBool::new(false);

/// For tests: every relay leaves a client that has connected waiting to be taken until a
/// step of the play waits for the relays, as a late listening thread would. Off unless set.
pub static HOLD_TAKES: AtomicBool = AtomicBool::new(false);

/// Holds a relay's thread as `hold` asks, until a step waits for the relays, at most
/// `patience`.
fn held_until_awaited(hold: &AtomicBool, shared: &Shared, patience: Duration) {
    if hold.load(Ordering::Relaxed) {
        shared.wait_until(Instant::now() + patience, |record| record.relays_awaited);
    }
}

/// Why the relay could not pass a client on once the server has exited.
const SERVER_GONE: &str = "the server has exited: nothing listens on its port";

impl Relay {
    /// Opens a relay for `client` in front of the server at `server`.
    pub fn open(
        client: &str,
        server: SocketAddr,
        shared: &Arc<Shared>,
        patience: Duration,
    ) -> io::Result<Relay> {
        let listener = TcpListener::bind(("127.0.0.1", 0))?;
        let port = listener.local_addr()?.port();
        // Where the system can say that a client waits (Unix), the listener never blocks:
        // the thread waits for a client without taking it, then takes it.
        listener.set_nonblocking(cfg!(unix))?;
        let listener = Arc::new(listener);
        let taking = Arc::new(Mutex::new(()));
        let closing = Arc::new(AtomicBool::new(false));
        let wake_from = Arc::new(Mutex::new(None));
        let gone = Arc::new(AtomicBool::new(false));
        let mut relay = Relay {
            port,
            closing: Arc::clone(&closing),
            gone: Arc::clone(&gone),
            wake_from: Arc::clone(&wake_from),
            listening: Mutex::new(None),
            watched: Mutex::new(Some(Arc::clone(&listener))),
            taking: Arc::clone(&taking),
        };
        let (client, shared) = (client.to_owned(), Arc::clone(shared));
        let listening = thread::spawn(move || {
            loop {
                super::process::wait_acceptable(&listener);
                held_until_awaited(&HOLD_TAKES, &shared, patience);
                let taken = taking.lock().unwrap_or_else(|p| p.into_inner());
                let stream = match listener.accept() {
                    Ok((stream, _)) => stream,
                    // Unix: the client went before it was taken; wait for the next.
                    Err(_) => continue,
                };
                // An accepted socket may inherit the listener's non-blocking mode (macOS).
                let _ = stream.set_nonblocking(false);
                let wake = *wake_from.lock().unwrap_or_else(|p| p.into_inner());
                let closing = closing.load(Ordering::SeqCst);
                if closing && (wake.is_none() || stream.peer_addr().ok() == wake) {
                    break;
                }
                if closing || gone.load(Ordering::SeqCst) {
                    // A client that comes once the server has exited (it was started before,
                    // and was slower) is recorded as not passed on, and reset, as a refusal
                    // would be felt.
                    shared.update(|record| {
                        let index = record.open_connection(&client, false);
                        let connection = &mut record.connections[index];
                        connection.events.push(WireEvent::Unreachable {
                            reason: SERVER_GONE.into(),
                        });
                        connection.ended = [true, true];
                    });
                    reset(&stream);
                    continue;
                }
                let index = shared.update(|record| record.open_connection(&client, false));
                drop(taken);
                let shared = Arc::clone(&shared);
                thread::spawn(move || carry(stream, server, &shared, index, patience));
            }
        });
        relay.listening = Mutex::new(Some(listening));
        Ok(relay)
    }

    /// The server has exited: a client that comes in from now on is told it cannot be
    /// passed on (and reset), as a closed server would refuse it.
    pub fn server_gone(&self) {
        self.gone.store(true, Ordering::SeqCst);
    }

    /// Whether a client has connected and waits for the relay to take it; `None` where the
    /// system does not say (not Unix), or once the relay is closed.
    pub fn client_waiting(&self) -> Option<bool> {
        if !cfg!(unix) {
            return None;
        }
        // Not while the listening thread is between taking a client and recording it.
        let _taking = self.taking.lock().unwrap_or_else(|p| p.into_inner());
        let listener = self
            .watched
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()?;
        super::process::acceptable_now(&listener)
    }

    /// Stops accepting: a client that connects from now on is refused, as by a closed server.
    pub fn close(&self) {
        if self.closing.load(Ordering::SeqCst) {
            return;
        }
        // The listening thread's copy is then the last: the port refuses once it ends.
        self.watched
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take();
        // Wake the blocked `accept` so it sees the flag and drops the listener, from an
        // address known beforehand.
        let waker = Socket::new(Domain::IPV4, Type::STREAM, None).and_then(|socket| {
            socket.bind(&SocketAddr::from((Ipv4Addr::LOCALHOST, 0)).into())?;
            Ok(socket)
        });
        if let Ok(socket) = &waker {
            *self.wake_from.lock().unwrap_or_else(|p| p.into_inner()) = socket
                .local_addr()
                .ok()
                .and_then(|address| address.as_socket());
        }
        if self.closing.swap(true, Ordering::SeqCst) {
            return;
        }
        let relay = SocketAddr::from((Ipv4Addr::LOCALHOST, self.port));
        let woken = match waker {
            Ok(socket) => socket.connect(&relay.into()).is_ok(),
            Err(_) => TcpStream::connect(relay).is_ok(),
        };
        // Once woken, the thread ends at once, dropping the listener: wait for that.
        let listening = self
            .listening
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take();
        if let (true, Some(listening)) = (woken, listening) {
            let _ = listening.join();
        }
    }
}

/// Connects one accepted client to the server and carries the connection both ways.
fn carry(
    client: TcpStream,
    server: SocketAddr,
    shared: &Arc<Shared>,
    index: usize,
    patience: Duration,
) {
    let record =
        |event: WireEvent| shared.update(|record| record.connections[index].events.push(event));
    held_until_awaited(&HOLD_TRIES, shared, patience);
    let upstream = match connect_to_server(server, shared, index, patience) {
        Ok(stream) => stream,
        Err(reason) => {
            record(WireEvent::Unreachable { reason });
            shared.update(|record| record.connections[index].ended = [true, true]);
            reset(&client);
            return;
        }
    };
    let path = match (
        upstream.peer_addr(),
        upstream.local_addr(),
        client.local_addr(),
        client.peer_addr(),
    ) {
        (Ok(server), Ok(relay_to_server), Ok(relay_to_client), Ok(client)) => Some(WirePath {
            server,
            relay_to_server,
            relay_to_client,
            client,
        }),
        _ => None,
    };
    let every_address = if shared.lock().server_on_every_address.is_none() {
        socket_table::bound_to_every_address(server.port(), super::Transport::Tcp)
    } else {
        None
    };
    shared.update(|record| {
        record.connections[index].path = path;
        if every_address.is_some() {
            record.server_on_every_address = every_address;
        }
    });
    let recorder = Recorder {
        shared,
        index,
        // The server's end of the connection, as the system's table lists it.
        server_end: upstream.peer_addr().ok().zip(upstream.local_addr().ok()),
    };
    if splice::splice(client, upstream, &recorder).is_err() {
        record(WireEvent::Unreachable {
            reason: "the relay could not share its sockets between threads".into(),
        });
        shared.update(|record| record.connections[index].ended = [true, true]);
    }
}

/// Whether the server was ended by the runner (the play had failed, or was over), not by
/// itself.
fn ended_by_the_runner(record: &Record) -> bool {
    record.programs.iter().any(|program| {
        program.role == crate::scenario::Role::Server
            && matches!(
                program.exit,
                Some(super::record::Exit::Killed | super::record::Exit::Stopped)
            )
    })
}

/// Records what passes on one connection.
struct Recorder<'a> {
    shared: &'a Shared,
    index: usize,
    /// The server's address and the relay's, on the connection to the server.
    server_end: Option<(SocketAddr, SocketAddr)>,
}

impl splice::Watch for Recorder<'_> {
    fn seen(&self, from: Side, what: Seen<'_>) {
        let data = matches!(what, Seen::Data(_));
        let event = match what {
            Seen::Data(bytes) => WireEvent::Data {
                from,
                bytes: bytes.to_vec(),
            },
            Seen::Closed => WireEvent::Closed { by: from },
            Seen::Failed(error) => WireEvent::Failed {
                by: from,
                error: describe(error),
            },
        };
        let closed = matches!(event, WireEvent::Closed { .. });
        self.shared.update(|record| {
            // The runner marks a program's end before it kills it: a program still without
            // an exit closed the connection itself.
            let running = match from {
                Side::Server => record
                    .programs
                    .iter()
                    .any(|p| p.role == crate::scenario::Role::Server && p.exit.is_none()),
                Side::Client => {
                    let client = &record.connections[self.index].client;
                    record
                        .programs
                        .iter()
                        .any(|p| p.name == *client && p.exit.is_none())
                }
            };
            let connection = &mut record.connections[self.index];
            if closed && running {
                connection.closed_running[direction(from)] = true;
            }
            connection.events.push(event);
            connection.in_flight[direction(from)] = data;
        });
    }

    fn arriving(&self, from: Side) {
        self.shared
            .update(|record| record.connections[self.index].in_flight[direction(from)] = true);
    }

    fn deliver(&self, from: Side, bytes: &[u8]) -> Vec<Vec<u8>> {
        self.shared
            .update(|record| bends::deliver_stream(record, self.index, from, bytes))
    }

    fn flush(&self, from: Side) -> Vec<u8> {
        self.shared
            .update(|record| bends::flush_stream(record, self.index, from))
    }

    /// Bytes a merge holds back are still on their way.
    fn passed(&self, from: Side) {
        self.shared.update(|record| {
            let held = bends::holds(record, self.index, from);
            record.connections[self.index].in_flight[direction(from)] = held;
        });
    }

    /// The server closed first; if it has also closed its socket (not only half-closed it),
    /// a reset ends its side unseen and keeps its port out of `TIME_WAIT`, so a server on a
    /// fixed port that does not set SO_REUSEADDR (Python's default) can listen there again
    /// for the next scenario. Only the system's table tells (Linux); elsewhere the last FIN
    /// is passed on, and the next play waits for the port (`Play::await_fixed_port`).
    fn server_let_go(&self) -> bool {
        self.server_end
            .and_then(|(server, relay)| socket_table::is_let_go(server, relay))
            .unwrap_or(false)
    }

    fn finished(&self, from: Side) {
        self.shared
            .update(|record| record.connections[self.index].ended[direction(from)] = true);
    }
}

/// A direction's place in the record's per-direction arrays.
fn direction(from: Side) -> usize {
    match from {
        Side::Client => 0,
        Side::Server => 1,
    }
}

/// Connects to the server, retrying while it refuses: it may not be listening yet.
fn connect_to_server(
    server: SocketAddr,
    shared: &Shared,
    index: usize,
    patience: Duration,
) -> Result<TcpStream, String> {
    let deadline = Instant::now() + patience;
    let mut pause = Duration::from_millis(1);
    loop {
        let tried = TcpStream::connect(server);
        shared.update(|record| record.connections[index].tried_server = true);
        match tried {
            Ok(stream) => return Ok(stream),
            Err(error) if error.kind() == io::ErrorKind::ConnectionRefused => {
                let server_gone = Record::server_exited;
                if server_gone(&shared.lock()) {
                    return Err(if ended_by_the_runner(&shared.lock()) {
                        format!(
                            "the server did not listen on port {} before the runner ended it",
                            server.port()
                        )
                    } else {
                        SERVER_GONE.into()
                    });
                }
                // Once the server has taken a connection, it has listened: a refusal now is
                // a listening socket it closed, as a real client would find it, not a server
                // still starting. Retrying would hide it until the server listened again.
                let listened = shared
                    .lock()
                    .connections
                    .iter()
                    .any(|connection| connection.path.is_some());
                if listened {
                    return Err(LISTENER_CLOSED.into());
                }
                if Instant::now() >= deadline {
                    return Err(format!(
                        "the server did not listen on port {} within {:.1} s",
                        server.port(),
                        patience.as_secs_f64()
                    ));
                }
                // Wait for the server to change (print, exit), at most a short pause; the
                // pause only paces the retries, the connection itself is the event.
                let until = Instant::now() + pause;
                shared.wait_until(until.min(deadline), server_gone);
                pause = (pause * 2).min(Duration::from_millis(25));
            }
            Err(error) => return Err(format!("connecting to the server failed: {error}")),
        }
    }
}

/// Ends a connection with a reset when it is dropped: as a refusal is felt, not as a server
/// that answered nothing and closed.
fn reset(stream: &TcpStream) {
    let _ = socket2::SockRef::from(stream).set_linger(Some(Duration::ZERO));
}

fn describe(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::ConnectionReset => "connection reset".into(),
        io::ErrorKind::ConnectionAborted => "connection aborted".into(),
        _ => error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::net::Shutdown;

    /// A listening socket made as Python makes one: without SO_REUSEADDR.
    fn listener_without_reuse(port: u16) -> io::Result<Socket> {
        let socket = Socket::new(Domain::IPV4, Type::STREAM, None)?;
        socket.set_reuse_address(false)?;
        socket.bind(&SocketAddr::from((Ipv4Addr::LOCALHOST, port)).into())?;
        socket.listen(8)?;
        Ok(socket)
    }

    /// A server socket on a port below the ephemeral range: a port picked by the system could
    /// be reused at once as another test's client port, and look held.
    ///
    /// The port is reserved as the runner reserves its own (`ports::pick`), so no other test
    /// of this process or another takes it, and leaves a connection closing on it.
    fn server_below_ephemeral_ports() -> Socket {
        listener_without_reuse(super::super::ports::pick()).expect("a reserved port is free")
    }

    #[test]
    fn a_client_that_comes_once_the_server_has_exited_is_recorded_and_reset() {
        let server = SocketAddr::from((Ipv4Addr::LOCALHOST, 9));
        let shared = Arc::new(Shared::default());
        let relay = Relay::open("late", server, &shared, Duration::from_secs(5)).expect("opens");
        relay.server_gone();
        let mut client = TcpStream::connect(("127.0.0.1", relay.port)).expect("connects");
        let mut buffer = [0; 8];
        let read = client.read(&mut buffer);
        assert_eq!(
            read.map_err(|error| error.kind()),
            Err(io::ErrorKind::ConnectionReset),
            "reset, as a refusal is felt"
        );
        let record = shared.lock().clone();
        assert_eq!(record.connections.len(), 1);
        assert_eq!(record.connections[0].client, "late");
        assert_eq!(
            record.connections[0].events,
            [WireEvent::Unreachable {
                reason: SERVER_GONE.into()
            }]
        );
        relay.close();
        let refused = TcpStream::connect(("127.0.0.1", relay.port)).map(|_| ());
        assert_eq!(
            refused.map_err(|error| error.kind()),
            Err(io::ErrorKind::ConnectionRefused)
        );
        assert_eq!(
            shared.lock().connections.len(),
            1,
            "the wake-up is no client"
        );
    }

    #[test]
    fn a_server_that_half_closes_then_drains_sees_the_end_of_stream_not_a_reset() {
        let listener = server_below_ephemeral_ports();
        let address = listener
            .local_addr()
            .ok()
            .and_then(|address| address.as_socket())
            .expect("its address");
        let shared = Arc::new(Shared::default());
        let relay = Relay::open("client", address, &shared, Duration::from_secs(5))
            .expect("the relay opens");
        let mut client = TcpStream::connect(("127.0.0.1", relay.port)).expect("connects");
        let (conn, _) = listener.accept().expect("the relay connects on");
        let mut conn: TcpStream = conn.into();
        let bound = Some(Duration::from_secs(10));
        conn.set_read_timeout(bound).expect("a bound");
        client.set_read_timeout(bound).expect("a bound");
        // The server ends politely: Q, a half-close, then it reads until the client closes.
        conn.write_all(b"Q").expect("sends");
        conn.shutdown(Shutdown::Write).expect("half-closes");
        let mut got = Vec::new();
        client.read_to_end(&mut got).expect("reads to the end");
        assert_eq!(got, b"Q");
        drop(client);
        let mut drained = Vec::new();
        conn.read_to_end(&mut drained)
            .expect("the end of stream, as from the client itself");
        assert!(drained.is_empty());
        relay.close();
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_server_that_closes_first_can_listen_on_its_port_again_at_once() {
        if !socket_table::proc_available() {
            // Without the table the relay cannot tell a closed socket from a half-closed
            // one: it passes the last FIN on, and the port waits out TIME_WAIT.
            return;
        }
        let listener = server_below_ephemeral_ports();
        let address = listener
            .local_addr()
            .ok()
            .and_then(|address| address.as_socket())
            .expect("its address");
        let shared = Arc::new(Shared::default());
        let relay = Relay::open("client", address, &shared, Duration::from_secs(5))
            .expect("the relay opens");
        let mut client = TcpStream::connect(("127.0.0.1", relay.port)).expect("connects");
        let (conn, _) = listener.accept().expect("the relay connects on");
        let mut conn: TcpStream = conn.into();
        // The server ends the chat: it sends Q and closes first, as the notes' server does.
        conn.write_all(b"Q").expect("sends");
        drop(conn);
        drop(listener);
        let mut got = Vec::new();
        client.read_to_end(&mut got).expect("reads to the end");
        assert_eq!(got, b"Q");
        drop(client);
        let done = shared.wait_until(Instant::now() + Duration::from_secs(5), |record| {
            !record.connections.is_empty() && record.connections.iter().all(|c| c.is_done())
        });
        assert!(done, "the relay saw both ends close");
        relay.close();
        // No TIME_WAIT holds the server's port: it can listen there again without SO_REUSEADDR.
        listener_without_reuse(address.port()).expect("the port is free again");
    }

    use crate::engine::record::{Connection, Exit, ProgramRecord};
    use crate::scenario::Role;

    /// A client reaches the relay, but the server has exited without listening: the wire
    /// says so, and the connection ends on both sides.
    #[test]
    fn a_server_that_has_exited_is_reported_unreachable() {
        let shared = Arc::new(Shared::default());
        shared.update(|record| {
            let mut server = ProgramRecord::new("server", Role::Server, String::new(), None);
            server.exit = Some(Exit::Code(3));
            record.programs.push(server);
        });
        let server = SocketAddr::from(([127, 0, 0, 1], super::super::ports::pick()));
        let relay =
            Relay::open("client", server, &shared, Duration::from_secs(5)).expect("the relay");
        let mut client = TcpStream::connect(("127.0.0.1", relay.port)).expect("connecting");
        let deadline = Instant::now() + Duration::from_secs(5);
        assert!(shared.wait_until(deadline, |record| {
            record.connections.first().is_some_and(Connection::is_done)
        }));
        let events = shared.lock().connections[0].events.clone();
        assert_eq!(
            events,
            [WireEvent::Unreachable {
                reason: "the server has exited: nothing listens on its port".into()
            }]
        );
        let mut rest = Vec::new();
        client
            .set_read_timeout(Some(Duration::from_secs(5)))
            .expect("a read timeout");
        // The relay ends the client's connection with a reset, as a refusal is felt.
        let read = client.read_to_end(&mut rest).map_err(|error| error.kind());
        assert_eq!(read, Err(io::ErrorKind::ConnectionReset));
        relay.close();
    }
}
