//! The system's table of sockets, where it shows one to every program (Linux: `/proc/net`).
//!
//! Reading it touches no socket, so a server sees nothing: unlike a probe connection, which
//! a server with a single `accept` would take for its one client. The runner reads it to
//! know when a server has bound its port, which ports a program listens on, and whether a
//! program has closed a connection for good. Elsewhere, or with `SOCKETLAB_NO_PROC=1` (so
//! that the path other systems take is tested on Linux too), every answer is `None` and the
//! runner does without.

use std::collections::HashSet;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;

use super::Transport;
use super::record::WirePath;

/// Whether the system's tables under `/proc` may be read: Linux, unless
/// `SOCKETLAB_NO_PROC=1` asks for the path other systems take.
pub fn proc_available() -> bool {
    cfg!(target_os = "linux") && std::env::var_os("SOCKETLAB_NO_PROC").is_none_or(|v| v != "1")
}

/// The address family of a socket table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// IPv4 (`/proc/net/tcp`, `/proc/net/udp`).
    V4,
    /// IPv6, including sockets that take IPv4 too (`/proc/net/tcp6`, `/proc/net/udp6`).
    V6,
}

/// TCP states as the table writes them.
const LISTEN: &str = "0A";

/// One line of a table: a socket of this machine's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The local port.
    pub port: u16,
    /// The local address, as the table writes it (hex).
    pub local: String,
    /// The remote address and port, as the table writes it (hex).
    pub remote: String,
    /// The state (TCP: `0A` listening, `06` TIME_WAIT, ...; UDP: `07`).
    pub state: String,
    /// The socket's inode: 0 once no program holds it (closed, left to the kernel).
    pub inode: u64,
    /// How many bytes wait in its send queue: not yet sent, or not yet acknowledged.
    pub unsent: usize,
    /// How many bytes wait in its receive queue, unread by the program.
    pub unread: usize,
}

impl Entry {
    fn parse(line: &str) -> Option<Entry> {
        // `  sl  local_address rem_address   st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode`
        let fields: Vec<&str> = line.split_whitespace().collect();
        let local = fields.get(1)?;
        let (_, port) = local.rsplit_once(':')?;
        Some(Entry {
            port: u16::from_str_radix(port, 16).ok()?,
            local: (*local).to_owned(),
            remote: (*fields.get(2)?).to_owned(),
            state: (*fields.get(3)?).to_owned(),
            inode: fields.get(9)?.parse().ok()?,
            // `tx_queue:rx_queue`, in hex.
            unsent: usize::from_str_radix(fields.get(4)?.split_once(':')?.0, 16).ok()?,
            unread: usize::from_str_radix(fields.get(4)?.split_once(':')?.1, 16).ok()?,
        })
    }

    /// Whether this is a TCP socket listening for connections.
    pub fn is_listening(&self) -> bool {
        self.state == LISTEN
    }
}

fn table(transport: Transport, family: Family) -> Option<BufReader<File>> {
    if !proc_available() {
        return None;
    }
    system_table(transport, family)
}

/// The table where the system has one, whatever `SOCKETLAB_NO_PROC` says.
fn system_table(transport: Transport, family: Family) -> Option<BufReader<File>> {
    let path = match (transport, family) {
        (Transport::Tcp, Family::V4) => "/proc/net/tcp",
        (Transport::Tcp, Family::V6) => "/proc/net/tcp6",
        (Transport::Udp, Family::V4) => "/proc/net/udp",
        (Transport::Udp, Family::V6) => "/proc/net/udp6",
    };
    File::open(path).ok().map(BufReader::new)
}

/// Whether a socket listens (TCP) or is bound (UDP) on `port`, by either family; `None`
/// where the system has no such table.
pub fn is_bound(port: u16, transport: Transport) -> Option<bool> {
    match is_bound_by(port, transport, Family::V4) {
        Some(true) => Some(true),
        v4 => is_bound_by(port, transport, Family::V6).or(v4),
    }
}

/// The ports on which the sockets with these inodes listen (TCP) or are bound (UDP), read
/// from the system's table whatever `SOCKETLAB_NO_PROC` says: for tests that wait for a
/// program of their own, not for the runner (the switch is about the runner's own path).
/// `None` without a table.
pub fn ports_of_for_tests(inodes: &HashSet<u64>, transport: Transport) -> Option<Vec<u16>> {
    let entries = entries_in(transport, system_table)?;
    Some(ports_in(&entries, inodes, transport))
}

/// Whether a socket of one family listens (TCP) or is bound (UDP) on `port`; `None` where
/// the system has no such table.
pub fn is_bound_by(port: u16, transport: Transport, family: Family) -> Option<bool> {
    let table = table(transport, family)?;
    Some(has_socket(table, port, transport == Transport::Tcp))
}

/// Whether a table has a socket on `port` (in state LISTEN, if asked).
///
/// The kernel lists a TCP table's listening sockets first, then the others. A machine that
/// has just run many short connections has thousands of them waiting out TIME_WAIT, and
/// writing them all out costs the kernel milliseconds: so a search for a listener stops at
/// the first socket that is not listening, and the kernel writes no more.
fn has_socket(table: impl BufRead, port: u16, listening_only: bool) -> bool {
    for line in table.lines().skip(1) {
        let Ok(line) = line else { return false };
        let Some(entry) = Entry::parse(&line) else {
            continue;
        };
        if listening_only && !entry.is_listening() {
            return false;
        }
        if entry.port == port {
            return true;
        }
    }
    false
}

/// Whether the socket on `port` (listening, for TCP) is bound to every address of the
/// machine (`0.0.0.0` or `::`) rather than to one (`127.0.0.1`); `None` where the system has
/// no table, or no such socket.
pub fn bound_to_every_address(port: u16, transport: Transport) -> Option<bool> {
    let mut found = None;
    for family in [Family::V4, Family::V6] {
        let Some(table) = table(transport, family) else {
            continue;
        };
        for line in table.lines().skip(1).map_while(Result::ok) {
            let Some(entry) = Entry::parse(&line) else {
                continue;
            };
            // Listeners come first (see `has_socket`).
            if transport == Transport::Tcp && !entry.is_listening() {
                break;
            }
            if entry.port == port {
                let address = entry.local.split(':').next().unwrap_or_default();
                if address.bytes().all(|digit| digit == b'0') {
                    return Some(true);
                }
                found = Some(false);
            }
        }
    }
    found
}

/// The sockets of one kind, of both families; `None` where the system has no table.
pub fn entries(transport: Transport) -> Option<Vec<Entry>> {
    entries_in(transport, table)
}

/// The sockets of one kind, of both families, from the tables `open` gives.
fn entries_in(
    transport: Transport,
    open: fn(Transport, Family) -> Option<BufReader<File>>,
) -> Option<Vec<Entry>> {
    let mut all = Vec::new();
    let mut found = false;
    for family in [Family::V4, Family::V6] {
        if let Some(table) = open(transport, family) {
            found = true;
            all.extend(
                table
                    .lines()
                    .skip(1)
                    .map_while(Result::ok)
                    .filter_map(|line| Entry::parse(&line)),
            );
        }
    }
    found.then_some(all)
}

/// The ports on which the sockets with these inodes listen (TCP) or are bound (UDP).
pub fn ports_of(inodes: &HashSet<u64>, transport: Transport) -> Vec<u16> {
    ports_in(&entries(transport).unwrap_or_default(), inodes, transport)
}

/// The ports on which the sockets with these inodes listen (TCP) or are bound (UDP), among
/// the entries of a table read once for several processes.
pub fn ports_in(entries: &[Entry], inodes: &HashSet<u64>, transport: Transport) -> Vec<u16> {
    let mut ports: Vec<u16> = entries
        .iter()
        .filter(|entry| inodes.contains(&entry.inode))
        .filter(|entry| transport == Transport::Udp || entry.is_listening())
        .map(|entry| entry.port)
        .collect();
    ports.sort_unstable();
    ports.dedup();
    ports
}

/// Whether the program at `local` has closed, for good, its end of the TCP connection to
/// `remote` (its socket is left to the kernel: no program holds it any more). `None` where
/// the table does not tell.
pub fn is_let_go(local: SocketAddr, remote: SocketAddr) -> Option<bool> {
    let (local, remote) = (hex_address(local), hex_address(remote));
    for family in [Family::V4, Family::V6] {
        let table = table(Transport::Tcp, family)?;
        for line in table.lines().skip(1).map_while(Result::ok) {
            let Some(entry) = Entry::parse(&line) else {
                continue;
            };
            if entry.local.eq_ignore_ascii_case(&local)
                && entry.remote.eq_ignore_ascii_case(&remote)
            {
                return Some(entry.inode == 0);
            }
        }
    }
    None
}

/// Whether nothing is left on its way from the server to the client along `path`: nothing
/// unsent or unacknowledged at the server's socket, nothing unread at the relay's, nothing
/// the relay holds (`relay_holds`, asked in turn), nothing unacknowledged at the relay's
/// socket towards the client, nothing unread at the client's. The sockets are read one
/// after the other in the bytes' own direction, each from a new reading of the table, so a
/// byte that moves on while they are read is found further on. `None` where the table does
/// not tell, and for UDP: a datagram on loopback leaves its sender's queue before it
/// reaches its receiver's, so for a moment it is in no socket's queue.
pub fn nothing_on_the_way(
    path: &WirePath,
    transport: Transport,
    relay_holds: &dyn Fn() -> bool,
) -> Option<bool> {
    if transport == Transport::Udp {
        return None;
    }
    let server = queues(path.server, Some(path.relay_to_server), transport)?;
    if server.0 != 0 {
        return Some(false);
    }
    if queues(path.relay_to_server, Some(path.server), transport)?.1 != 0 || relay_holds() {
        return Some(false);
    }
    if queues(path.relay_to_client, Some(path.client), transport)?.0 != 0 {
        return Some(false);
    }
    Some(queues(path.client, Some(path.relay_to_client), transport)?.1 == 0)
}

/// The send and receive queues of the socket at `local` (talking to `remote`, for TCP).
fn queues(
    local: SocketAddr,
    remote: Option<SocketAddr>,
    transport: Transport,
) -> Option<(usize, usize)> {
    let (local, remote) = (hex_address(local), remote.map(hex_address));
    find(transport, |entry| {
        entry.local.eq_ignore_ascii_case(&local)
            && remote
                .as_ref()
                .is_none_or(|remote| entry.remote.eq_ignore_ascii_case(remote))
    })
}

fn find(transport: Transport, wanted: impl Fn(&Entry) -> bool) -> Option<(usize, usize)> {
    for family in [Family::V4, Family::V6] {
        let table = table(transport, family)?;
        for line in table.lines().skip(1).map_while(Result::ok) {
            if let Some(entry) = Entry::parse(&line)
                && wanted(&entry)
            {
                return Some((entry.unsent, entry.unread));
            }
        }
    }
    None
}

/// An IPv4 address and port as the table writes them: `0100007F:1F40` for 127.0.0.1:8000.
fn hex_address(address: SocketAddr) -> String {
    match address {
        SocketAddr::V4(v4) => format!(
            "{:08X}:{:04X}",
            u32::from_le_bytes(v4.ip().octets()),
            v4.port()
        ),
        // The runner's own connections are IPv4; an IPv6 one is simply not found.
        SocketAddr::V6(v6) => format!("[{}]:{:04X}", v6.ip(), v6.port()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n\
        0: 0100007F:1F40 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4242 1 0\n\
        1: 0100007F:AA45 0100007F:1F41 06 00000000:00000000 03:00000000 00000000     0        0 0 3 0\n\
        2: 0100007F:1F42 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 77 1 0\n";

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
    fn an_entry_has_its_port_state_and_inode() {
        let line = TABLE.lines().nth(2).expect("a line");
        let entry = Entry::parse(line).expect("parses");
        assert_eq!(entry.port, 0xAA45);
        assert_eq!(entry.state, "06");
        assert_eq!(entry.inode, 0);
        assert_eq!(entry.unread, 0);
        assert_eq!(
            hex_address("127.0.0.1:8001".parse().expect("an address")),
            "0100007F:1F41"
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_real_listener_is_found_and_a_closed_port_is_not() {
        if !proc_available() {
            assert_eq!(is_bound(9, Transport::Tcp), None, "SOCKETLAB_NO_PROC=1");
            return;
        }
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("binding");
        let port = listener.local_addr().expect("address").port();
        assert_eq!(is_bound(port, Transport::Tcp), Some(true));
        drop(listener);
        assert_eq!(is_bound(port, Transport::Tcp), Some(false));
        let socket = std::net::UdpSocket::bind("127.0.0.1:0").expect("binding");
        let port = socket.local_addr().expect("address").port();
        assert_eq!(is_bound(port, Transport::Udp), Some(true));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_connection_closed_for_good_is_told_from_one_only_half_closed() {
        use std::io::Read;
        use std::net::{Shutdown, TcpListener, TcpStream};
        if !proc_available() {
            return;
        }
        let listener = TcpListener::bind("127.0.0.1:0").expect("binding");
        let mut client =
            TcpStream::connect(listener.local_addr().expect("address")).expect("connecting");
        let (server, _) = listener.accept().expect("accepting");
        let (local, remote) = (
            server.local_addr().expect("local"),
            server.peer_addr().expect("peer"),
        );
        server.shutdown(Shutdown::Write).expect("half-closing");
        let mut rest = Vec::new();
        client.read_to_end(&mut rest).expect("the end of stream");
        assert_eq!(is_let_go(local, remote), Some(false), "still held");
        drop(server);
        assert_eq!(is_let_go(local, remote), Some(true), "let go");
    }

    #[test]
    fn a_socket_bound_to_every_address_is_told_from_one_bound_to_loopback() {
        if !proc_available() {
            return;
        }
        let every = std::net::TcpListener::bind(("0.0.0.0", 0)).expect("a listener");
        let one = std::net::TcpListener::bind(("127.0.0.1", 0)).expect("a listener");
        let port = |l: &std::net::TcpListener| l.local_addr().expect("bound").port();
        assert_eq!(
            bound_to_every_address(port(&every), Transport::Tcp),
            Some(true)
        );
        assert_eq!(
            bound_to_every_address(port(&one), Transport::Tcp),
            Some(false)
        );
        let udp = std::net::UdpSocket::bind(("0.0.0.0", 0)).expect("a socket");
        let udp_port = udp.local_addr().expect("bound").port();
        assert_eq!(bound_to_every_address(udp_port, Transport::Udp), Some(true));
    }
}
