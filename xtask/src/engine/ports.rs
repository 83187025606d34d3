//! Ports for the servers of a play: picking a free one, and seeing when a server has bound it.
//!
//! A server's port is picked below the range from which systems hand out ports of their own
//! choosing (Linux: 32768 to 60999; Windows and macOS: 49152 to 65535), so no socket bound to
//! port 0 and no outgoing connection (a relay, a client, a test) can take it between the pick
//! and the server's bind, as happens now and then to a port picked by binding port 0 and
//! letting it go. Plays of one process take turns through the range; another process starts
//! at another place in it, and a port some program has bound is skipped.
//!
//! Whether a server has bound its port is read from the system's table of sockets, where
//! the system shows it to every program (Linux: `/proc/net/tcp`, `/proc/net/udp` and their
//! IPv6 twins). Reading it touches no socket, so the server sees nothing: unlike a probe
//! connection, which a server with a single `accept` would take for its one client.
//! Elsewhere the answer is `None`, and the runner does without.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::net::{TcpListener, UdpSocket};
use std::sync::atomic::{AtomicU32, Ordering};

use super::Transport;

/// The ports the runner picks from: below every system's range of ephemeral ports.
const RANGE: std::ops::Range<u32> = 20_000..32_768;

/// A port that no program has bound, for TCP or UDP: a server's, or one that refuses.
pub fn pick() -> u16 {
    static TURN: AtomicU32 = AtomicU32::new(0);
    let span = RANGE.end - RANGE.start;
    // Two runners at once (a test and `cargo xtask`) start far apart.
    let start = std::process::id().wrapping_mul(7919) % span;
    for _ in 0..span {
        let turn = TURN.fetch_add(1, Ordering::Relaxed);
        let port = RANGE.start + (start + turn) % span;
        let port = u16::try_from(port).unwrap_or(u16::MAX);
        if is_free(port) {
            return port;
        }
    }
    // Every port of the range taken: let the system choose one, as a last resort.
    TcpListener::bind(("127.0.0.1", 0))
        .and_then(|listener| listener.local_addr())
        .map_or(9000, |address| address.port())
}

/// Whether no program has bound `port`: read from the tables, then tried.
///
/// The TCP table of IPv6 sockets is left out: with few IPv6 sockets in it, the kernel
/// walks its whole table of connections to write it, which takes milliseconds on a machine
/// that has just run thousands of short ones. A program listening on that port by IPv6
/// alone is so rare below the ephemeral range that the server's own bind may meet it.
///
/// The tables show listening sockets, but a port can also be held by the connections a
/// killed server leaves closing (FIN_WAIT and the like), which a server's bind cannot reuse:
/// binding it as the server will (std's listener, with SO_REUSEADDR on Unix) and letting it
/// go tells. The sockets close before the server's bind (a program started in that instant
/// may hold a copy until its `exec`).
fn is_free(port: u16) -> bool {
    let listed = match (
        is_bound_by(port, Transport::Tcp, Family::V4),
        is_bound(port, Transport::Udp),
    ) {
        (Some(tcp), Some(udp)) => tcp || udp,
        _ => false,
    };
    !listed
        && TcpListener::bind(("127.0.0.1", port)).is_ok()
        && UdpSocket::bind(("127.0.0.1", port)).is_ok()
}

/// The address family of a socket table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// IPv4 (`/proc/net/tcp`, `/proc/net/udp`).
    V4,
    /// IPv6, including sockets that take IPv4 too (`/proc/net/tcp6`, `/proc/net/udp6`).
    V6,
}

/// Whether a socket listens (TCP) or is bound (UDP) on `port`, by either family; `None`
/// where the system has no such table.
pub fn is_bound(port: u16, transport: Transport) -> Option<bool> {
    match is_bound_by(port, transport, Family::V4) {
        Some(true) => Some(true),
        v4 => is_bound_by(port, transport, Family::V6).or(v4),
    }
}

/// Whether a socket of one family listens (TCP) or is bound (UDP) on `port`; `None` where
/// the system has no such table.
pub fn is_bound_by(port: u16, transport: Transport, family: Family) -> Option<bool> {
    let table = match (transport, family) {
        (Transport::Tcp, Family::V4) => "/proc/net/tcp",
        (Transport::Tcp, Family::V6) => "/proc/net/tcp6",
        (Transport::Udp, Family::V4) => "/proc/net/udp",
        (Transport::Udp, Family::V6) => "/proc/net/udp6",
    };
    let file = File::open(table).ok()?;
    Some(has_socket(
        BufReader::new(file),
        port,
        transport == Transport::Tcp,
    ))
}

/// Whether a table has a socket on `port` (in state LISTEN, if asked).
///
/// The kernel lists a TCP table's listening sockets first, then the others. A machine that
/// has just run many short connections has thousands of them waiting out TIME_WAIT, and
/// writing them all out costs the kernel milliseconds: so a search for a listener stops at
/// the first socket that is not listening, and the kernel writes no more.
fn has_socket(table: impl BufRead, port: u16, listening_only: bool) -> bool {
    // `  sl  local_address rem_address   st ...`, then `0: 0100007F:1F40 00000000:0000 0A ...`
    const LISTEN: &str = "0A";
    let wanted = format!(":{port:04X}");
    for line in table.lines().skip(1) {
        let Ok(line) = line else { return false };
        let mut fields = line.split_whitespace().skip(1);
        let local = fields.next().unwrap_or_default();
        let state = fields.nth(1).unwrap_or_default();
        if listening_only && state != LISTEN {
            return false;
        }
        if local.ends_with(&wanted) {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = "  sl  local_address rem_address   st tx_queue rx_queue\n\
        0: 0100007F:1F40 00000000:0000 0A 00000000:00000000\n\
        1: 0100007F:AA45 0100007F:1F41 06 00000000:00000000\n\
        2: 0100007F:1F42 00000000:0000 0A 00000000:00000000\n";

    #[test]
    fn a_port_counts_when_a_local_socket_has_it_in_the_wanted_state() {
        let has = |port, listening_only| has_socket(TABLE.as_bytes(), port, listening_only);
        assert!(has(8000, true));
        // 0xAA45 is bound, but in TIME_WAIT (06), not listening.
        assert!(!has(0xAA45, true));
        assert!(has(0xAA45, false));
        // 0x1F41 is the remote end: not a socket of this machine's on that port.
        assert!(!has(0x1F41, false));
        // Listeners come first: the search for one ends at the first other socket.
        assert!(!has(0x1F42, true));
        assert!(has(0x1F42, false));
    }

    #[test]
    fn picked_ports_are_below_the_ephemeral_range_and_differ() {
        let (a, b) = (pick(), pick());
        assert_ne!(a, b);
        for port in [a, b] {
            assert!(RANGE.contains(&u32::from(port)), "{port}");
            TcpListener::bind(("127.0.0.1", port)).expect("a picked port is free");
        }
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_real_listener_is_found_and_a_closed_port_is_not() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("binding");
        let port = listener.local_addr().expect("address").port();
        assert_eq!(is_bound(port, Transport::Tcp), Some(true));
        drop(listener);
        assert_eq!(is_bound(port, Transport::Tcp), Some(false));
        let socket = std::net::UdpSocket::bind("127.0.0.1:0").expect("binding");
        let port = socket.local_addr().expect("address").port();
        assert_eq!(is_bound(port, Transport::Udp), Some(true));
    }
}
