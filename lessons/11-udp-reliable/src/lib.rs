//! Lesson 11 · UDP that loses datagrams (UDP 丢包与重传): what the server and the client
//! share, the sequence number every datagram starts with.

// ANCHOR: numbered
/// Splits a datagram into its sequence number and the rest: `7 alice:hello`
/// gives `(7, "alice:hello")`. `None` for a datagram that does not start with a
/// number and a space.
pub fn numbered(datagram: &[u8]) -> Option<(u64, &[u8])> {
    let space = datagram.iter().position(|&byte| byte == b' ')?;
    let (number, rest) = (&datagram[..space], &datagram[space + 1..]);
    if number.is_empty() || !number.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let number = std::str::from_utf8(number).ok()?.parse().ok()?;
    Some((number, rest))
}
// ANCHOR_END: numbered

/// `Q` or `q`, and nothing else: the notes' `.upper() == "Q"`.
pub fn is_quit(message: &[u8]) -> bool {
    message.eq_ignore_ascii_case(b"q")
}

/// The message without its name tag: `alice:q` gives `q` (lesson 07's rule).
pub fn message_part(datagram: &[u8]) -> &[u8] {
    match datagram.iter().position(|&byte| byte == b':') {
        Some(colon) => &datagram[colon + 1..],
        None => datagram,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_number_comes_first_then_one_space() {
        assert_eq!(numbered(b"7 alice:hello"), Some((7, &b"alice:hello"[..])));
        assert_eq!(numbered(b"12 hi there"), Some((12, &b"hi there"[..])));
        assert_eq!(numbered(b"3 "), Some((3, &b""[..])));
        for wrong in [
            &b"alice:hello"[..],
            b" 7 x",
            b"7x y",
            b"-1 x",
            b"99999999999999999999 x",
        ] {
            assert_eq!(
                numbered(wrong),
                None,
                "{:?}",
                String::from_utf8_lossy(wrong)
            );
        }
    }

    #[test]
    fn a_quit_is_q_alone_after_the_name_tag() {
        assert!(is_quit(message_part(b"alice:q")));
        assert!(is_quit(b"Q"));
        assert!(!is_quit(message_part(b"alice:quit")));
    }
}
