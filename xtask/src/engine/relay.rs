//! The relay between a client and the server: it records what passes on the wire.
//!
//! Each client the runner starts is told the port of its own relay instead of the server's.
//! When the client connects, the relay connects on to the server, retrying while the server
//! is not listening yet, and forwards bytes both ways. So the runner learns the server is
//! ready from a real client's connection, never from a probe of its own.

use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use super::record::{Connection, Shared, Side, WireEvent};
use crate::scenario::Role;

/// A relay's listening socket, open until the server exits or the play ends.
pub struct Relay {
    /// The port the client is told.
    pub port: u16,
    closing: Arc<AtomicBool>,
}

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
        let closing = Arc::new(AtomicBool::new(false));
        let relay = Relay {
            port,
            closing: Arc::clone(&closing),
        };
        let (client, shared) = (client.to_owned(), Arc::clone(shared));
        thread::spawn(move || {
            for incoming in listener.incoming() {
                if closing.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = incoming else { continue };
                let index = shared.update(|record| {
                    record.connections.push(Connection {
                        client: client.clone(),
                        events: Vec::new(),
                        ended: [false, false],
                        datagrams: false,
                    });
                    record.connections.len() - 1
                });
                let shared = Arc::clone(&shared);
                thread::spawn(move || carry(stream, server, &shared, index, patience));
            }
        });
        Ok(relay)
    }

    /// Stops accepting: a client that connects from now on is refused, as by a closed server.
    pub fn close(&self) {
        if !self.closing.swap(true, Ordering::SeqCst) {
            // Wake the blocked `accept` so it sees the flag and drops the listener.
            let _ = TcpStream::connect(("127.0.0.1", self.port));
        }
    }
}

/// A port on which nothing listens: a client given it is refused.
pub fn closed_port() -> io::Result<u16> {
    Ok(super::ports::pick())
}

/// Connects one accepted client to the server and forwards both ways.
fn carry(
    client: TcpStream,
    server: SocketAddr,
    shared: &Arc<Shared>,
    index: usize,
    patience: Duration,
) {
    let record =
        |event: WireEvent| shared.update(|record| record.connections[index].events.push(event));
    let upstream = match connect_to_server(server, shared, patience) {
        Ok(stream) => stream,
        Err(reason) => {
            record(WireEvent::Unreachable { reason });
            shared.update(|record| record.connections[index].ended = [true, true]);
            return;
        }
    };
    let _ = client.set_nodelay(true);
    let _ = upstream.set_nodelay(true);
    let (Ok(client_reader), Ok(server_reader)) = (client.try_clone(), upstream.try_clone()) else {
        record(WireEvent::Unreachable {
            reason: "the relay could not share its sockets between threads".into(),
        });
        shared.update(|record| record.connections[index].ended = [true, true]);
        return;
    };
    let shared_back = Arc::clone(shared);
    let back =
        thread::spawn(move || forward(server_reader, client, Side::Server, &shared_back, index));
    forward(client_reader, upstream, Side::Client, shared, index);
    let _ = back.join();
}

/// Connects to the server, retrying while it refuses: it may not be listening yet.
fn connect_to_server(
    server: SocketAddr,
    shared: &Shared,
    patience: Duration,
) -> Result<TcpStream, String> {
    let deadline = Instant::now() + patience;
    let mut pause = Duration::from_millis(1);
    loop {
        match TcpStream::connect(server) {
            Ok(stream) => return Ok(stream),
            Err(error) if error.kind() == io::ErrorKind::ConnectionRefused => {
                let server_gone = |record: &super::record::Record| {
                    record
                        .programs
                        .iter()
                        .any(|program| program.role == Role::Server && program.exit.is_some())
                };
                if server_gone(&shared.lock()) {
                    return Err("the server has exited: nothing listens on its port".into());
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

/// Copies one direction, recording each piece before it is passed on.
fn forward(mut from: TcpStream, mut to: TcpStream, side: Side, shared: &Shared, index: usize) {
    let record =
        |event: WireEvent| shared.update(|record| record.connections[index].events.push(event));
    let direction = match side {
        Side::Client => 0,
        Side::Server => 1,
    };
    let mut buffer = vec![0; 64 * 1024];
    loop {
        match from.read(&mut buffer) {
            Ok(0) => {
                record(WireEvent::Closed { by: side });
                // Pass the end of stream on: the peer's `read` returns 0 in turn.
                let _ = to.shutdown(Shutdown::Write);
                break;
            }
            Ok(n) => {
                record(WireEvent::Data {
                    from: side,
                    bytes: buffer[..n].to_vec(),
                });
                // If the peer is gone, the write fails; its own direction records how.
                let _ = to.write_all(&buffer[..n]);
            }
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            Err(error) => {
                record(WireEvent::Failed {
                    by: side,
                    error: describe(&error),
                });
                // A reset is passed on as a reset would be: both directions end.
                let _ = to.shutdown(Shutdown::Both);
                break;
            }
        }
    }
    shared.update(|record| record.connections[index].ended[direction] = true);
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
    use crate::engine::record::{Exit, ProgramRecord};

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
        let server = SocketAddr::from(([127, 0, 0, 1], closed_port().expect("a port")));
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
        assert!(client.read_to_end(&mut rest).is_ok_and(|n| n == 0));
        relay.close();
    }
}
