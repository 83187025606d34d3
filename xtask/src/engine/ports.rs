//! Ports for the servers of a play: picking a free one, and keeping it for the play.
//!
//! A server's port is picked below the range from which systems hand out ports of their own
//! choosing (Linux: 32768 to 60999; Windows and macOS: 49152 to 65535), so no socket bound to
//! port 0 and no outgoing connection (a relay, a client, a test) can take it between the pick
//! and the server's bind, as happens now and then to a port picked by binding port 0 and
//! letting it go.
//!
//! A picked port is free as a server that does not set `SO_REUSEADDR` needs it (Python's
//! default): not even a connection waiting out `TIME_WAIT` holds it. Runners in different
//! processes never pick the same port: each pick is reserved, until the play ends, by a lock
//! on a file of that port's in the system's temporary folder (`socketlab-ports/`), which the
//! system lets go of when the process ends, however it ends.

use std::collections::HashSet;
use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{Read, Seek, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, MutexGuard};

use socket2::{Domain, Socket, Type};

use super::Transport;
use super::socket_table;
pub use super::socket_table::{Family, is_bound, is_bound_by};

/// The ports the runner picks from: below every system's range of ephemeral ports.
const RANGE: std::ops::Range<u32> = 20_000..32_768;

/// A port kept for one play: no other runner picks it while this is alive.
#[derive(Debug)]
pub struct Reserved {
    /// The port.
    pub port: u16,
}

impl Drop for Reserved {
    fn drop(&mut self) {
        // Dropping the file lets go of its lock.
        held().retain(|(port, _)| *port != self.port);
    }
}

/// The ports this process holds, each with its locked file.
fn held() -> MutexGuard<'static, Vec<(u16, File)>> {
    static HELD: Mutex<Vec<(u16, File)>> = Mutex::new(Vec::new());
    HELD.lock().unwrap_or_else(|p| p.into_inner())
}

/// A port that no program has bound, for TCP or UDP, kept for as long as the process runs:
/// for tests that need a port that refuses.
pub fn pick() -> u16 {
    let reserved = reserve();
    let port = reserved.port;
    std::mem::forget(reserved);
    port
}

/// A port that no program has bound, for TCP or UDP, kept until the reservation is dropped.
pub fn reserve() -> Reserved {
    static TURN: AtomicU32 = AtomicU32::new(0);
    let span = RANGE.end - RANGE.start;
    // Two runners at once (a test and `cargo xtask`) start far apart.
    let start = std::process::id().wrapping_mul(7919) % span;
    for _ in 0..span {
        let turn = TURN.fetch_add(1, Ordering::Relaxed);
        let port = RANGE.start + (start + turn) % span;
        let port = u16::try_from(port).unwrap_or(u16::MAX);
        if held().iter().any(|(held, _)| *held == port) {
            continue;
        }
        let Some(lock) = lock_port(port) else {
            continue;
        };
        if is_free(port) {
            held().push((port, lock));
            return Reserved { port };
        }
    }
    // Every port of the range taken: let the system choose one, as a last resort.
    let port = TcpListener::bind(("127.0.0.1", 0))
        .and_then(|listener| listener.local_addr())
        .map_or(9000, |address| address.port());
    Reserved { port }
}

/// The folder of the ports' lock files.
fn lock_dir() -> PathBuf {
    std::env::temp_dir().join("socketlab-ports")
}

/// Locks the file of `port`, unless another process holds it (or it cannot be made).
fn lock_port(port: u16) -> Option<File> {
    let dir = lock_dir();
    let _ = fs::create_dir_all(&dir);
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(dir.join(format!("{port}.lock")))
        .ok()?;
    file.try_lock().ok()?;
    // A check of a program on this fixed port may still be ending, after the process that
    // had reserved the port (its test, say) let it go: the port is not free yet.
    if fixed_port_in_use(port) {
        return None;
    }
    Some(file)
}

/// Whether a check holds `port` as a program's fixed port (`take_fixed`).
fn fixed_port_in_use(port: u16) -> bool {
    let Ok(file) = File::open(lock_dir().join(format!("fixed-{port}.lock"))) else {
        return false;
    };
    matches!(file.try_lock_shared(), Err(TryLockError::WouldBlock))
}

/// Whether no program has bound `port`, and no connection holds it: read from the tables,
/// then tried.
///
/// The tables show listening sockets, but a port can also be held by connections waiting
/// out `TIME_WAIT` or left closing by a killed server (FIN_WAIT and the like), which a bind
/// without `SO_REUSEADDR` cannot get past: binding it so, and letting it go, tells.
fn is_free(port: u16) -> bool {
    let listed = match (
        is_bound_by(port, Transport::Tcp, Family::V4),
        is_bound(port, Transport::Udp),
    ) {
        (Some(tcp), Some(udp)) => tcp || udp,
        _ => false,
    };
    !listed && bindable_without_reuse(port, Transport::Tcp) && bindable(port, Transport::Udp)
}

/// Whether a socket can bind `port` of 127.0.0.1 as a server that does not set
/// `SO_REUSEADDR` would (and std's listener does on Unix).
pub fn bindable_without_reuse(port: u16, transport: Transport) -> bool {
    let kind = match transport {
        Transport::Tcp => Type::STREAM,
        Transport::Udp => Type::DGRAM,
    };
    // No program starts while the socket is open (`process::spawning`).
    let _spawning = super::process::spawning();
    Socket::new(Domain::IPV4, kind, None)
        .and_then(|socket| {
            socket.set_reuse_address(false)?;
            socket.bind(&SocketAddr::from((Ipv4Addr::LOCALHOST, port)).into())
        })
        .is_ok()
}

/// What holds a port, as a server about to listen there finds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PortState {
    /// Nothing: any server can listen there.
    Free,
    /// Only connections that closed a moment ago (TIME_WAIT): a server that sets
    /// `SO_REUSEADDR` can listen there, one that does not must wait.
    Closing,
    /// A program listens there (TCP) or has bound it (UDP).
    Taken,
}

/// What holds `port` of 127.0.0.1.
pub fn state_of(port: u16, transport: Transport) -> PortState {
    if bindable_without_reuse(port, transport) {
        return PortState::Free;
    }
    let live = match (is_bound(port, transport), transport) {
        (Some(bound), _) => bound,
        // UDP has no closing connections: a socket bound there holds it.
        (None, Transport::Udp) => true,
        // Without the table, only a connection tells whether a program listens there; the
        // runner makes it only before a check, to a port its own programs do not hold yet.
        (None, Transport::Tcp) => std::net::TcpStream::connect_timeout(
            &SocketAddr::from((Ipv4Addr::LOCALHOST, port)),
            std::time::Duration::from_secs(1),
        )
        .is_ok(),
    };
    if live {
        PortState::Taken
    } else {
        PortState::Closing
    }
}

/// Waits until a server that does not set `SO_REUSEADDR` can bind `port`, at most `bound`:
/// until the connections that hold it (TIME_WAIT) are gone. The kernel tells no one when
/// that happens, so it is asked again every 100 ms.
pub fn await_free_without_reuse(port: u16, transport: Transport, bound: std::time::Duration) {
    let deadline = std::time::Instant::now() + bound;
    while !bindable_without_reuse(port, transport) && std::time::Instant::now() < deadline {
        std::thread::park_timeout(std::time::Duration::from_millis(100));
    }
}

/// Whether a socket with `SO_REUSEADDR` can bind `port`: nothing but closing connections
/// hold it.
pub fn bindable(port: u16, transport: Transport) -> bool {
    let kind = match transport {
        Transport::Tcp => Type::STREAM,
        Transport::Udp => Type::DGRAM,
    };
    // No program starts while the socket is open (`process::spawning`).
    let _spawning = super::process::spawning();
    Socket::new(Domain::IPV4, kind, None)
        .and_then(|socket| {
            if transport == Transport::Tcp {
                socket.set_reuse_address(true)?;
            }
            socket.bind(&SocketAddr::from((Ipv4Addr::LOCALHOST, port)).into())
        })
        .is_ok()
}

/// A fixed port (a program that always uses 9000), kept by this process for a whole check:
/// two checks at once would otherwise talk to each other's programs.
#[derive(Debug)]
pub struct FixedPort {
    _lock: File,
}

/// Takes the fixed port for this process, or says who has it: another check (its process
/// id), or another program that listens there.
pub fn take_fixed(port: u16, transport: Transport) -> Result<FixedPort, String> {
    let dir = lock_dir();
    let _ = fs::create_dir_all(&dir);
    let path = dir.join(format!("fixed-{port}.lock"));
    let mut file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(&path)
        .map_err(|error| format!("cannot make {}: {error}", path.display()))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            let mut holder = String::new();
            let _ = file.read_to_string(&mut holder);
            let holder = holder.trim();
            let who = if holder.is_empty() {
                crate::tr!("ports-another-check")
            } else {
                crate::tr!("ports-another-check-process", pid = holder)
            };
            return Err(crate::tr!("ports-fixed-in-use", who = who, port = port));
        }
        Err(TryLockError::Error(error)) => {
            return Err(format!("cannot lock {}: {error}", path.display()));
        }
    }
    let _ = file.set_len(0);
    let _ = file.rewind();
    let _ = write!(file, "{}", std::process::id());
    if state_of(port, transport) == PortState::Taken {
        let owner = super::process_table::owner_of_port(port, transport)
            .map(|owner| format!(" ({owner})"))
            .unwrap_or_default();
        return Err(crate::tr!("ports-fixed-taken", port = port, owner = owner));
    }
    Ok(FixedPort { _lock: file })
}

/// The ports of `transport` that the sockets with these inodes listen on (TCP) or are bound
/// to (UDP).
pub fn listening_ports(inodes: &HashSet<u64>, transport: Transport) -> Vec<u16> {
    socket_table::ports_of(inodes, transport)
}

#[cfg(test)]
mod tests {
    #[test]
    fn no_socket_tries_a_port_while_a_program_starts() {
        let port = reserve().port;
        let starting = super::super::process::spawning();
        let (done, tried) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = done.send((
                bindable(port, Transport::Udp),
                bindable_without_reuse(port, Transport::Tcp),
            ));
        });
        // The try waits for the start: it cannot end while the start goes on.
        assert!(
            tried
                .recv_timeout(std::time::Duration::from_millis(200))
                .is_err(),
            "a port was tried while a program started"
        );
        drop(starting);
        let tried = tried.recv_timeout(std::time::Duration::from_secs(30));
        assert_eq!(tried.ok(), Some((true, true)), "the tries, once it started");
    }

    #[test]
    fn a_port_a_fixed_port_check_holds_is_not_reserved() {
        // A port reserved, then let go of, as a test does when it ends.
        let port = reserve().port;
        let fixed = take_fixed(port, Transport::Tcp).expect("the fixed port is taken");
        assert!(lock_port(port).is_none(), "reserved while a check holds it");
        drop(fixed);
        assert!(
            lock_port(port).is_some(),
            "free again once the check lets go"
        );
    }
    use super::*;

    #[test]
    fn picked_ports_are_below_the_ephemeral_range_and_differ() {
        let (a, b) = (reserve(), reserve());
        assert_ne!(a.port, b.port);
        for port in [a.port, b.port] {
            assert!(RANGE.contains(&u32::from(port)), "{port}");
            assert!(
                bindable_without_reuse(port, Transport::Tcp),
                "{port} is free"
            );
        }
    }

    #[test]
    fn a_reserved_port_is_locked_against_other_processes_until_dropped() {
        let reserved = reserve();
        // Another process's lock is a lock on another open file of the same path.
        assert!(lock_port(reserved.port).is_none(), "held");
        let port = reserved.port;
        drop(reserved);
        assert!(lock_port(port).is_some(), "let go");
    }

    #[test]
    fn a_port_in_time_wait_is_not_picked() {
        use std::io::Read;
        use std::net::TcpStream;
        let reserved = reserve();
        let port = reserved.port;
        let listener = TcpListener::bind(("127.0.0.1", port)).expect("listens");
        let mut client = TcpStream::connect(("127.0.0.1", port)).expect("connects");
        let (server, _) = listener.accept().expect("accepts");
        // The server closes first: its end waits out TIME_WAIT on `port`.
        drop(server);
        let mut rest = Vec::new();
        client.read_to_end(&mut rest).expect("the end of stream");
        drop(client);
        drop(listener);
        assert!(
            !bindable_without_reuse(port, Transport::Tcp),
            "TIME_WAIT holds the port"
        );
        assert!(!is_free(port));
    }
}
