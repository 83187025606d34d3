//! The relay for UDP lessons: it forwards datagrams between one client and the server.
//!
//! There is no connection to wait for: a datagram sent before the server has bound its port
//! is simply lost. The relay's socket towards the server is *connected*, so the kernel
//! reports such a loss (the ICMP "port unreachable" answer) as "connection refused" on the
//! next receive; the relay then sends the datagram again. Readiness comes from the kernel's
//! answer, never from a sleep.

use std::io;
use std::net::{SocketAddr, UdpSocket};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use super::bends;
use super::record::{Record, Shared, Side, WireEvent, WirePath};
use super::{Transport, socket_table};

/// A UDP relay in front of the server, for one client.
pub struct UdpRelay {
    /// The port the client is told.
    pub port: u16,
    closing: Arc<AtomicBool>,
    wake: SocketAddr,
    /// Where `close` wakes the client's side from: what came before it is still recorded.
    woken_by: Arc<Mutex<Option<SocketAddr>>>,
    /// The thread that takes the client's datagrams: joined on close, so that the record
    /// holds every datagram the client sent before.
    from_client: Mutex<Option<thread::JoinHandle<()>>>,
}

impl UdpRelay {
    /// Opens a relay for `client` in front of the server at `server`.
    pub fn open(
        client: &str,
        server: SocketAddr,
        shared: &Arc<Shared>,
        patience: Duration,
    ) -> io::Result<UdpRelay> {
        let facing_client = UdpSocket::bind(("127.0.0.1", 0))?;
        let facing_server = UdpSocket::bind(("127.0.0.1", 0))?;
        facing_server.connect(server)?;
        // Only so the thread notices `close`; waiting for the server is event-driven.
        facing_server.set_read_timeout(Some(Duration::from_millis(250)))?;
        let port = facing_client.local_addr()?.port();
        let wake = facing_client.local_addr()?;
        let closing = Arc::new(AtomicBool::new(false));
        let index = shared.update(|record| record.open_connection(client, true));
        let last_sent: Arc<Mutex<Option<Vec<u8>>>> = Arc::default();
        let client_address: Arc<Mutex<Option<SocketAddr>>> = Arc::default();
        let woken_by: Arc<Mutex<Option<SocketAddr>>> = Arc::default();
        let up = Forward {
            shared: Arc::clone(shared),
            closing: Arc::clone(&closing),
            woken_by: Arc::clone(&woken_by),
            index,
        };
        let down = up.clone();
        let (to_client, to_server) = (facing_client.try_clone()?, facing_server.try_clone()?);
        let (sent_up, address_up) = (Arc::clone(&last_sent), Arc::clone(&client_address));
        let from_client = thread::spawn(move || {
            up.client_to_server(&facing_client, &to_server, &sent_up, &address_up)
        });
        thread::spawn(move || {
            down.server_to_client(
                &facing_server,
                &to_client,
                &last_sent,
                &client_address,
                patience,
            )
        });
        Ok(UdpRelay {
            port,
            closing,
            wake,
            woken_by,
            from_client: Mutex::new(Some(from_client)),
        })
    }

    /// Stops forwarding, as a server that is gone would.
    pub fn close(&self) {
        if self.closing.load(Ordering::SeqCst) {
            return;
        }
        // Wake the thread waiting for the client's datagrams, from an address it knows
        // before it sees the flag: the datagrams the client sent before are ahead of this
        // one, and recorded. Without a waker, it stops at the client's next datagram.
        let waker = UdpSocket::bind(("127.0.0.1", 0)).ok();
        *lock(&self.woken_by) = waker.as_ref().and_then(|socket| socket.local_addr().ok());
        if !self.closing.swap(true, Ordering::SeqCst)
            && let Some(socket) = waker
            && socket.send_to(b"", self.wake).is_ok()
            && let Some(thread) = lock(&self.from_client).take()
        {
            let _ = thread.join();
        }
    }
}

#[derive(Clone)]
struct Forward {
    shared: Arc<Shared>,
    closing: Arc<AtomicBool>,
    woken_by: Arc<Mutex<Option<SocketAddr>>>,
    index: usize,
}

impl Forward {
    fn record(&self, event: WireEvent) {
        self.shared
            .update(|record| record.connections[self.index].events.push(event));
    }

    fn client_to_server(
        &self,
        from_client: &UdpSocket,
        to_server: &UdpSocket,
        last_sent: &Mutex<Option<Vec<u8>>>,
        client_address: &Mutex<Option<SocketAddr>>,
    ) {
        let mut buffer = vec![0; 64 * 1024];
        while let Ok((n, from)) = from_client.recv_from(&mut buffer) {
            if self.closing.load(Ordering::SeqCst) {
                let waker = *lock(&self.woken_by);
                if waker.is_none_or(|waker| waker == from) {
                    break;
                }
            }
            *lock(client_address) = Some(from);
            let path = match (
                to_server.peer_addr(),
                to_server.local_addr(),
                from_client.local_addr(),
            ) {
                (Ok(server), Ok(relay_to_server), Ok(relay_to_client)) => Some(WirePath {
                    server,
                    relay_to_server,
                    relay_to_client,
                    client: from,
                }),
                _ => None,
            };
            self.shared
                .update(|record| record.connections[self.index].path = path);
            let datagram = &buffer[..n];
            let deliveries = self.shared.update(|record| {
                record.connections[self.index].events.push(WireEvent::Data {
                    from: Side::Client,
                    bytes: datagram.to_vec(),
                });
                bends::deliver_datagram(record, self.index, Side::Client, datagram)
            });
            for datagram in deliveries {
                // Only a datagram sent is sent again when the kernel reports it lost.
                *lock(last_sent) = Some(datagram.clone());
                // A refusal reported now belongs to an earlier datagram: send this one again.
                if let Err(error) = to_server.send(&datagram)
                    && error.kind() == io::ErrorKind::ConnectionRefused
                {
                    let _ = to_server.send(&datagram);
                }
            }
        }
    }

    fn server_to_client(
        &self,
        from_server: &UdpSocket,
        to_client: &UdpSocket,
        last_sent: &Mutex<Option<Vec<u8>>>,
        client_address: &Mutex<Option<SocketAddr>>,
        patience: Duration,
    ) {
        let mut buffer = vec![0; 64 * 1024];
        let mut pause = Duration::from_millis(1);
        let mut refused_since: Option<Instant> = None;
        loop {
            // Wait for a datagram without taking it, and say it is coming: seen from outside,
            // it is always somewhere (in a socket, or in the relay's hands).
            // A failure (a refusal) is reported once: by the peek, then never again.
            let received = match from_server.peek(&mut buffer) {
                Ok(_) => {
                    self.shared
                        .update(|record| record.connections[self.index].in_flight[1] = true);
                    from_server.recv(&mut buffer)
                }
                Err(error) => Err(error),
            };
            match received {
                // A datagram the server sent before it exited is still delivered.
                Ok(n) => {
                    refused_since = None;
                    let every_address = match from_server.peer_addr() {
                        Ok(server) if self.shared.lock().server_on_every_address.is_none() => {
                            socket_table::bound_to_every_address(server.port(), Transport::Udp)
                        }
                        _ => None,
                    };
                    let deliveries = self.shared.update(|record| {
                        if every_address.is_some() {
                            record.server_on_every_address = every_address;
                        }
                        let connection = &mut record.connections[self.index];
                        connection.events.push(WireEvent::Data {
                            from: Side::Server,
                            bytes: buffer[..n].to_vec(),
                        });
                        connection.in_flight[1] = true;
                        bends::deliver_datagram(record, self.index, Side::Server, &buffer[..n])
                    });
                    if let Some(client) = *lock(client_address) {
                        for datagram in deliveries {
                            let _ = to_client.send_to(&datagram, client);
                        }
                    }
                    self.shared
                        .update(|record| record.connections[self.index].in_flight[1] = false);
                }
                _ if self.closing.load(Ordering::SeqCst) => break,
                Err(error) if error.kind() == io::ErrorKind::ConnectionRefused => {
                    // The last datagram found no one at the server's port: the server has not
                    // bound it yet, or has gone.
                    let since = *refused_since.get_or_insert_with(Instant::now);
                    let gone = Record::server_exited;
                    if gone(&self.shared.lock()) || since.elapsed() >= patience {
                        self.record(WireEvent::Unreachable {
                            reason: "nothing received the datagram at the server's port".into(),
                        });
                        refused_since = None;
                        continue;
                    }
                    // Pace the resends; the server's exit ends the wait at once.
                    self.shared.wait_until(Instant::now() + pause, gone);
                    pause = (pause * 2).min(Duration::from_millis(25));
                    if let Some(datagram) = lock(last_sent).clone() {
                        let _ = from_server.send(&datagram);
                    }
                }
                Err(error)
                    if matches!(
                        error.kind(),
                        io::ErrorKind::Interrupted
                            | io::ErrorKind::WouldBlock
                            | io::ErrorKind::TimedOut
                    ) => {}
                Err(_) => break,
            }
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
