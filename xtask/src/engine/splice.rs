//! Carrying a TCP connection on between two sockets, as it came: bytes, half-closes, resets.
//!
//! The relay and the door stand between a client and the server. Whatever one side does, the
//! other must see what it would see talking to it directly: its bytes, a FIN as a half-close
//! (`read` returns 0, writing still works) and a reset as a reset. So each direction passes
//! an end of stream on as `shutdown(Write)`, and a failed read (a reset) by closing the other
//! socket with `SO_LINGER` 0, which sends a reset in turn.

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::Duration;

use super::record::Side;

/// What one direction saw, for whoever records the wire.
#[derive(Debug)]
pub enum Seen<'a> {
    /// Bytes, about to be passed on.
    Data(&'a [u8]),
    /// The end of the stream (a FIN), about to be passed on.
    Closed,
    /// A failed read (a reset, for example), about to be passed on as a reset.
    Failed(&'a io::Error),
}

/// What a splice tells its owner, and asks it.
pub trait Watch: Sync {
    /// Called when bytes from a side have arrived, before they are taken from the socket: so
    /// that, seen from outside, they are always somewhere (in a socket, or in the relay's
    /// hands, from this call to `passed`).
    fn arriving(&self, _from: Side) {}

    /// Called with everything a side sends, before it is passed on.
    fn seen(&self, from: Side, what: Seen<'_>);

    /// Called when the client ends its stream after the server has ended its own: whether
    /// the server has let go of the connection (closed its socket, not only half-closed
    /// it), so that a reset instead of the last FIN ends it unseen. A reset leaves the
    /// server's port free at once, where a FIN would keep it in `TIME_WAIT`.
    fn server_let_go(&self) -> bool {
        false
    }

    /// Called with bytes `seen` was told of: the writes that pass them on now (a `wire`
    /// step may split them, or hold them to merge them with the next).
    fn deliver(&self, _from: Side, bytes: &[u8]) -> Vec<Vec<u8>> {
        vec![bytes.to_vec()]
    }

    /// Called when a side's stream ends: bytes still held, passed on before the end.
    fn flush(&self, _from: Side) -> Vec<u8> {
        Vec::new()
    }

    /// Called when what `seen` was told of (bytes) has been passed on.
    fn passed(&self, _from: Side) {}

    /// Called when a direction has ended and let go of both its sockets.
    fn finished(&self, _from: Side) {}
}

/// Carries `client` ⇄ `server` until both directions have ended.
pub fn splice(client: TcpStream, server: TcpStream, watch: &dyn Watch) -> io::Result<()> {
    let _ = client.set_nodelay(true);
    let _ = server.set_nodelay(true);
    let (client_writer, server_writer) = (client.try_clone()?, server.try_clone()?);
    let state = State::default();
    thread::scope(|scope| {
        scope.spawn(|| pump(Side::Server, server, client_writer, watch, &state));
        pump(Side::Client, client, server_writer, watch, &state);
    });
    Ok(())
}

/// What the two directions share.
#[derive(Default)]
struct State {
    /// Per direction (the client's, the server's): its stream has ended.
    ended: [AtomicBool; 2],
    /// Per direction: the other has reset the socket it reads from, and woke it to stop.
    stop: [AtomicBool; 2],
}

fn direction(side: Side) -> usize {
    match side {
        Side::Client => 0,
        Side::Server => 1,
    }
}

/// Copies what `side` sends from `from` to `to`, passes on how it ended, and lets go.
fn pump(side: Side, from: TcpStream, to: TcpStream, watch: &dyn Watch, state: &State) {
    copy(side, from, to, watch, state);
    // Both sockets are let go of by now: a reset asked for has been sent, unless the other
    // direction still holds the socket.
    watch.finished(side);
}

fn copy(side: Side, mut from: TcpStream, mut to: TcpStream, watch: &dyn Watch, state: &State) {
    let (this, other) = (direction(side), direction(side.peer()));
    let mut buffer = vec![0; 64 * 1024];
    loop {
        // Wait for bytes without taking them, and say they are coming (see `arriving`). A
        // failure (a reset) is reported once: by the peek, then never again.
        let read = match from.peek(&mut buffer[..1]) {
            Ok(0) => Ok(0),
            Ok(_) => {
                watch.arriving(side);
                from.read(&mut buffer)
            }
            Err(error) => Err(error),
        };
        if state.stop[this].load(Ordering::SeqCst) {
            return;
        }
        match read {
            Ok(0) => {
                let held = watch.flush(side);
                if !held.is_empty() {
                    let _ = to.write_all(&held);
                }
                watch.seen(side, Seen::Closed);
                state.ended[this].store(true, Ordering::SeqCst);
                let last = state.ended[other].load(Ordering::SeqCst);
                if side == Side::Client && last && watch.server_let_go() {
                    reset_when_closed(&to);
                } else {
                    // Pass the end of stream on: the peer's `read` returns 0 in turn.
                    let _ = to.shutdown(Shutdown::Write);
                }
                return;
            }
            Ok(n) => {
                watch.seen(side, Seen::Data(&buffer[..n]));
                // If the peer is gone, the write fails; its own direction records how. Each
                // piece is a write of its own (the socket has no delay: a segment each).
                for piece in watch.deliver(side, &buffer[..n]) {
                    let _ = to.write_all(&piece);
                }
                watch.passed(side);
            }
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => {
                watch.seen(side, Seen::Failed(&error));
                // A reset is passed on as a reset: `to` closes with SO_LINGER 0 once both
                // directions have let go of it, and the other direction, which reads from
                // it, is woken to do so.
                reset_when_closed(&to);
                state.stop[other].store(true, Ordering::SeqCst);
                let _ = to.shutdown(Shutdown::Read);
                return;
            }
        }
    }
}

/// Makes the socket end with a reset, not a FIN, when its last handle is closed.
pub fn reset_when_closed(stream: &TcpStream) {
    let _ = socket2::SockRef::from(stream).set_linger(Some(Duration::ZERO));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;
    use std::sync::Mutex;

    #[derive(Default)]
    struct Log(Mutex<Vec<String>>);

    impl Watch for Log {
        fn seen(&self, from: Side, what: Seen<'_>) {
            let what = match what {
                Seen::Data(bytes) => String::from_utf8_lossy(bytes).into_owned(),
                Seen::Closed => "FIN".into(),
                Seen::Failed(error) => format!("{:?}", error.kind()),
            };
            let mut log = self.0.lock().unwrap_or_else(|p| p.into_inner());
            log.push(format!("{from:?} {what}"));
        }
    }

    /// A pair of connected sockets: (the end a program holds, the end the splice holds).
    fn pair() -> (TcpStream, TcpStream) {
        let listener = TcpListener::bind("127.0.0.1:0").expect("listens");
        let outer = TcpStream::connect(listener.local_addr().expect("address")).expect("connects");
        let (inner, _) = listener.accept().expect("accepts");
        (outer, inner)
    }

    /// Splices a client and a server program's sockets; returns the programs' ends.
    fn spliced(log: &'static Log) -> (TcpStream, TcpStream, thread::JoinHandle<()>) {
        let (client, client_inner) = pair();
        let (server, server_inner) = pair();
        let carrying = thread::spawn(move || {
            splice(client_inner, server_inner, log).expect("splices");
        });
        (client, server, carrying)
    }

    fn bounded(stream: &TcpStream) {
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("a bound");
    }

    #[test]
    fn a_half_close_is_passed_on_and_the_other_side_can_still_answer() {
        let log: &'static Log = Box::leak(Box::default());
        let (mut client, mut server, carrying) = spliced(log);
        bounded(&client);
        bounded(&server);
        server.write_all(b"Q").expect("the server sends");
        server.shutdown(Shutdown::Write).expect("and half-closes");
        let mut got = Vec::new();
        client
            .read_to_end(&mut got)
            .expect("the client reads to the end");
        assert_eq!(got, b"Q");
        // The client answers after the end of stream: the server, draining, gets it.
        client.write_all(b"bye").expect("the client answers");
        client
            .shutdown(Shutdown::Write)
            .expect("and closes its end");
        let mut drained = Vec::new();
        server
            .read_to_end(&mut drained)
            .expect("the server drains to an end of stream, not a reset");
        assert_eq!(drained, b"bye");
        carrying.join().expect("the splice ends");
        let log = log.0.lock().expect("the log").clone();
        assert_eq!(log, ["Server Q", "Server FIN", "Client bye", "Client FIN"]);
    }

    #[test]
    fn a_reset_is_passed_on_as_a_reset() {
        let log: &'static Log = Box::leak(Box::default());
        let (client, mut server, carrying) = spliced(log);
        bounded(&server);
        // The client ends with a reset (SO_LINGER 0), as a killed program with unread
        // bytes does.
        reset_when_closed(&client);
        drop(client);
        let mut rest = Vec::new();
        let read = server.read_to_end(&mut rest).map_err(|error| error.kind());
        assert_eq!(read, Err(io::ErrorKind::ConnectionReset));
        carrying.join().expect("the splice ends");
        let log = log.0.lock().expect("the log").clone();
        assert_eq!(log, ["Client ConnectionReset"]);
    }
}
