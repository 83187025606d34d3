//! Whether a server has bound its port yet, read from the system's table of sockets.
//!
//! Only Linux shows that table to every program (`/proc/net/tcp`, `/proc/net/udp` and their
//! IPv6 twins). Reading it touches no socket, so the server sees nothing: unlike a probe
//! connection, which a server with a single `accept` would take for its one client.
//! Elsewhere the answer is `None`, and the runner does without.

use super::Transport;

/// Whether a socket listens (TCP) or is bound (UDP) on `port`; `None` where the system
/// has no such table.
pub fn is_bound(port: u16, transport: Transport) -> Option<bool> {
    let (tables, listening_only) = match transport {
        Transport::Tcp => (["/proc/net/tcp", "/proc/net/tcp6"], true),
        Transport::Udp => (["/proc/net/udp", "/proc/net/udp6"], false),
    };
    let mut found_a_table = false;
    for table in tables {
        let Ok(text) = std::fs::read_to_string(table) else {
            continue;
        };
        found_a_table = true;
        if has_socket(&text, port, listening_only) {
            return Some(true);
        }
    }
    found_a_table.then_some(false)
}

/// Whether a table's text has a socket on `port` (in state LISTEN, if asked).
fn has_socket(table: &str, port: u16, listening_only: bool) -> bool {
    // `  sl  local_address rem_address   st ...`, then `0: 0100007F:1F40 00000000:0000 0A ...`
    const LISTEN: &str = "0A";
    let wanted = format!(":{port:04X}");
    table.lines().skip(1).any(|line| {
        let mut fields = line.split_whitespace().skip(1);
        let local = fields.next().unwrap_or_default();
        let state = fields.nth(1).unwrap_or_default();
        local.ends_with(&wanted) && (!listening_only || state == LISTEN)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = "  sl  local_address rem_address   st tx_queue rx_queue\n\
        0: 0100007F:1F40 00000000:0000 0A 00000000:00000000\n\
        1: 0100007F:AA45 0100007F:1F41 06 00000000:00000000\n";

    #[test]
    fn a_port_counts_when_a_local_socket_has_it_in_the_wanted_state() {
        assert!(has_socket(TABLE, 8000, true));
        // 0xAA45 is bound, but in TIME_WAIT (06), not listening.
        assert!(!has_socket(TABLE, 0xAA45, true));
        assert!(has_socket(TABLE, 0xAA45, false));
        // 0x1F41 is the remote end: not a socket of this machine's on that port.
        assert!(!has_socket(TABLE, 0x1F41, false));
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
