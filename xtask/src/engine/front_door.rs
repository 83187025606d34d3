//! The door on a fixed client port: for a client that always talks to the same port (9000),
//! whatever it is told.
//!
//! Normally each client is given the port of its own relay. A client with a fixed port
//! cannot be told anything, so a door listens on that port instead and passes each client
//! that comes in on to the relay the runner opened for it, in the order the clients were
//! started. The relays still record the wire; the door only carries bytes. Over UDP a client
//! "comes in" with its first datagram, and is known afterwards by its address.
//!
//! Clients are told apart by the order they arrive in: the lessons' scenarios never start two
//! clients that both wait to connect.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, VecDeque};
use std::io;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream, UdpSocket};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};

use super::Transport;
use super::record::Side;
use super::splice;

/// A door listening on the fixed client port until it is closed.
pub struct FrontDoor {
    /// The fixed port.
    pub port: u16,
    /// The relays of clients started but not yet come in, oldest first.
    waiting: Arc<Mutex<VecDeque<u16>>>,
    closing: Arc<AtomicBool>,
    transport: Transport,
    /// The threads that hold the fixed port: joined on close, so the port is free after.
    threads: Arc<Mutex<Vec<JoinHandle<()>>>>,
    /// UDP only: the sockets to send a datagram to, to wake each waiting thread.
    wake: Arc<Mutex<Vec<SocketAddr>>>,
}

impl FrontDoor {
    /// Listens on `port` of 127.0.0.1.
    pub fn open(transport: Transport, port: u16) -> io::Result<FrontDoor> {
        let door = FrontDoor {
            port,
            waiting: Arc::default(),
            closing: Arc::default(),
            transport,
            threads: Arc::default(),
            wake: Arc::default(),
        };
        let thread = match transport {
            Transport::Tcp => {
                let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port))?;
                let (waiting, closing) = (Arc::clone(&door.waiting), Arc::clone(&door.closing));
                thread::spawn(move || let_in_tcp(&listener, &waiting, &closing))
            }
            Transport::Udp => {
                let socket = UdpSocket::bind((Ipv4Addr::LOCALHOST, port))?;
                lock(&door.wake).push(socket.local_addr()?);
                let door_parts = (
                    Arc::clone(&door.waiting),
                    Arc::clone(&door.closing),
                    Arc::clone(&door.threads),
                    Arc::clone(&door.wake),
                );
                thread::spawn(move || {
                    let (waiting, closing, threads, wake) = door_parts;
                    let_in_udp(&socket, &waiting, &closing, &threads, &wake)
                })
            }
        };
        lock(&door.threads).push(thread);
        Ok(door)
    }

    /// The next client to come in goes to the relay on `relay_port`.
    pub fn expect(&self, relay_port: u16) {
        lock(&self.waiting).push_back(relay_port);
    }

    /// Stops letting clients in, and returns once the fixed port is free: a client that
    /// connects from now on is refused, and the next play can listen there.
    pub fn close(&mut self) {
        // Under this lock no thread can start unseen: `let_in_udp` checks the flag under it.
        let wake = lock(&self.wake);
        if self.closing.swap(true, Ordering::SeqCst) {
            return;
        }
        match self.transport {
            Transport::Tcp => {
                // Wake the blocked `accept`, so it sees the flag and drops the listener.
                let _ = TcpStream::connect((Ipv4Addr::LOCALHOST, self.port));
            }
            Transport::Udp => {
                if let Ok(socket) = UdpSocket::bind((Ipv4Addr::LOCALHOST, 0)) {
                    for address in wake.iter() {
                        let _ = socket.send_to(b"", address);
                    }
                }
            }
        }
        drop(wake);
        // The threads that hold the port end at once once woken.
        loop {
            let next = lock(&self.threads).pop();
            match next {
                Some(thread) => {
                    let _ = thread.join();
                }
                None => break,
            }
        }
    }
}

impl Drop for FrontDoor {
    fn drop(&mut self) {
        self.close();
    }
}

/// Accepts each client and passes it on to its relay.
fn let_in_tcp(listener: &TcpListener, waiting: &Mutex<VecDeque<u16>>, closing: &AtomicBool) {
    for incoming in listener.incoming() {
        if closing.load(Ordering::SeqCst) {
            break;
        }
        let Ok(client) = incoming else { continue };
        // A connection nobody was started for is dropped: the scenario knows no such client.
        let Some(relay_port) = lock(waiting).pop_front() else {
            continue;
        };
        thread::spawn(move || pass_on_tcp(client, relay_port));
    }
}

/// Connects a client to its relay and carries the connection until both sides have closed.
fn pass_on_tcp(client: TcpStream, relay_port: u16) {
    /// The relay behind the door records the wire: the door only carries it.
    struct Unwatched;
    impl splice::Watch for Unwatched {
        fn seen(&self, _from: Side, _what: splice::Seen<'_>) {}
    }
    let Ok(relay) = TcpStream::connect((Ipv4Addr::LOCALHOST, relay_port)) else {
        return;
    };
    let _ = splice::splice(client, relay, &Unwatched);
}

/// Receives each datagram on the fixed port and sends it on to the sender's relay.
fn let_in_udp(
    door: &UdpSocket,
    waiting: &Mutex<VecDeque<u16>>,
    closing: &Arc<AtomicBool>,
    threads: &Mutex<Vec<JoinHandle<()>>>,
    wake: &Mutex<Vec<SocketAddr>>,
) {
    // Per client address: the socket that talks to its relay for it.
    let mut inside: HashMap<SocketAddr, (UdpSocket, SocketAddr)> = HashMap::new();
    let mut buffer = vec![0; 64 * 1024];
    while let Ok((n, client)) = door.recv_from(&mut buffer) {
        if closing.load(Ordering::SeqCst) {
            break;
        }
        if let Entry::Vacant(entry) = inside.entry(client) {
            let Some(relay_port) = lock(waiting).pop_front() else {
                continue;
            };
            let relay = SocketAddr::from((Ipv4Addr::LOCALHOST, relay_port));
            let Ok(socket) = UdpSocket::bind((Ipv4Addr::LOCALHOST, 0)) else {
                continue;
            };
            let (Ok(replies), Ok(door_out), Ok(address)) =
                (socket.try_clone(), door.try_clone(), socket.local_addr())
            else {
                continue;
            };
            let mut wake = lock(wake);
            if closing.load(Ordering::SeqCst) {
                break;
            }
            wake.push(address);
            let closing = Arc::clone(closing);
            lock(threads).push(thread::spawn(move || {
                pass_back_udp(&replies, &door_out, relay, client, &closing)
            }));
            drop(wake);
            entry.insert((socket, relay));
        }
        if let Some((socket, relay)) = inside.get(&client) {
            let _ = socket.send_to(&buffer[..n], relay);
        }
    }
}

/// Sends the relay's datagrams (the server's replies) back to the client, from the fixed port.
fn pass_back_udp(
    socket: &UdpSocket,
    door: &UdpSocket,
    relay: SocketAddr,
    client: SocketAddr,
    closing: &AtomicBool,
) {
    let mut buffer = vec![0; 64 * 1024];
    loop {
        match socket.recv_from(&mut buffer) {
            Ok((n, from)) if from == relay => {
                let _ = door.send_to(&buffer[..n], client);
            }
            // Anything else is the wake-up datagram of `close`, or a stray one.
            Ok(_) if closing.load(Ordering::SeqCst) => return,
            Ok(_) => {}
            Err(_) if closing.load(Ordering::SeqCst) => return,
            // A refusal reported for an earlier datagram (the relay has gone): keep waiting.
            Err(_) => {}
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::net::Shutdown;

    /// A port kept from every other test and runner (`ports::pick`), below the system's
    /// ephemeral range: one the system picked and let go of could be taken by another
    /// test's socket before the door opens there, or after it closes.
    fn free_port() -> u16 {
        super::super::ports::pick()
    }

    #[test]
    fn tcp_clients_reach_their_relays_in_the_order_they_were_expected() {
        let relay_a = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("relay a");
        let relay_b = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("relay b");
        let port = free_port();
        let mut door = FrontDoor::open(Transport::Tcp, port).expect("the door opens");
        door.expect(relay_a.local_addr().expect("a").port());
        door.expect(relay_b.local_addr().expect("b").port());
        for (text, relay) in [(b"first", &relay_a), (b"later", &relay_b)] {
            let mut client = TcpStream::connect((Ipv4Addr::LOCALHOST, port)).expect("connects");
            client.write_all(text).expect("sends");
            client.shutdown(Shutdown::Write).expect("closes its end");
            let (mut inside, _) = relay.accept().expect("the door passes it on");
            let mut got = Vec::new();
            inside.read_to_end(&mut got).expect("reads to the end");
            assert_eq!(got, text);
            inside.write_all(b"ok").expect("answers");
            drop(inside);
            let mut reply = Vec::new();
            client
                .read_to_end(&mut reply)
                .expect("the answer comes back");
            assert_eq!(reply, b"ok");
        }
        door.close();
        // Closed: the port refuses, and is free again at once.
        let refused = TcpStream::connect((Ipv4Addr::LOCALHOST, port));
        assert_eq!(
            refused.map(|_| ()).map_err(|e| e.kind()),
            Err(io::ErrorKind::ConnectionRefused)
        );
        TcpListener::bind((Ipv4Addr::LOCALHOST, port)).expect("the port is free");
    }

    #[test]
    fn udp_clients_are_known_by_their_address() {
        let relay_a = UdpSocket::bind((Ipv4Addr::LOCALHOST, 0)).expect("relay a");
        let relay_b = UdpSocket::bind((Ipv4Addr::LOCALHOST, 0)).expect("relay b");
        let port = free_port();
        let mut door = FrontDoor::open(Transport::Udp, port).expect("the door opens");
        door.expect(relay_a.local_addr().expect("a").port());
        door.expect(relay_b.local_addr().expect("b").port());
        let alice = UdpSocket::bind((Ipv4Addr::LOCALHOST, 0)).expect("alice");
        let bob = UdpSocket::bind((Ipv4Addr::LOCALHOST, 0)).expect("bob");
        let mut buffer = [0; 64];
        for (client, relay, text) in [
            (&alice, &relay_a, b"alice:1"),
            (&bob, &relay_b, b"bob:1.."),
            (&alice, &relay_a, b"alice:2"),
        ] {
            client
                .send_to(text, (Ipv4Addr::LOCALHOST, port))
                .expect("sends");
            let (n, inside) = relay.recv_from(&mut buffer).expect("the relay gets it");
            assert_eq!(&buffer[..n], text);
            relay.send_to(b"ok", inside).expect("answers");
            let (n, from) = client
                .recv_from(&mut buffer)
                .expect("the answer comes back");
            assert_eq!(&buffer[..n], b"ok");
            assert_eq!(from.port(), port, "answers come from the fixed port");
        }
        door.close();
        UdpSocket::bind((Ipv4Addr::LOCALHOST, port)).expect("the port is free");
    }
}
