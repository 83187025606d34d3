//! Lesson 09 · message boundaries (消息边界): the other common way to mark where a message
//! ends, beside the lesson's lines: a length prefix.
//!
//! The programs of this lesson end each message with `\n` and read it with
//! `BufRead::read_line`. A message that may contain `\n` itself (a file, an image) cannot
//! be framed that way; it is sent after its length instead, in 4 bytes (a `u32`,
//! big-endian: the network's byte order), and read as exactly that many bytes.

use std::io::{self, Read, Write};

/// The longest message `read_framed` accepts: a length from a peer is not trusted to size
/// a buffer (4 bytes can say 4 GiB).
pub const MAX_MESSAGE: usize = 1024 * 1024;

// ANCHOR: length_prefix
/// Sends one message: its length in 4 bytes (u32, big-endian), then its bytes.
pub fn write_framed(out: &mut impl Write, message: &[u8]) -> io::Result<()> {
    let length = u32::try_from(message.len())
        .ok()
        .filter(|_| message.len() <= MAX_MESSAGE)
        .ok_or_else(|| {
            io::Error::new(io::ErrorKind::InvalidInput, "message too long")
        })?;
    let mut frame = length.to_be_bytes().to_vec();
    frame.extend_from_slice(message);
    out.write_all(&frame)
}

/// Receives one message sent by `write_framed`, however the network cut or glued the
/// stream: `None` when the stream ends between two messages.
pub fn read_framed(input: &mut impl Read) -> io::Result<Option<Vec<u8>>> {
    let mut length = [0; 4];
    // The end of the stream before a message is the end; inside one, an error.
    if input.read(&mut length[..1])? == 0 {
        return Ok(None);
    }
    input.read_exact(&mut length[1..])?;
    let length = u32::from_be_bytes(length) as usize;
    if length > MAX_MESSAGE {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "message too long",
        ));
    }
    let mut message = vec![0; length];
    input.read_exact(&mut message)?;
    Ok(Some(message))
}
// ANCHOR_END: length_prefix

#[cfg(test)]
mod tests {
    use super::*;

    /// A stream that hands out at most `piece` bytes per read, as a network may.
    struct Cut<'a> {
        bytes: &'a [u8],
        piece: usize,
    }

    impl Read for Cut<'_> {
        fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
            let n = self.piece.min(buffer.len()).min(self.bytes.len());
            buffer[..n].copy_from_slice(&self.bytes[..n]);
            self.bytes = &self.bytes[n..];
            Ok(n)
        }
    }

    #[test]
    fn messages_survive_any_cutting_of_the_stream() {
        let mut stream = Vec::new();
        for message in [&b"hello"[..], b"", b"two\nlines", &[0xff; 300]] {
            write_framed(&mut stream, message).expect("writes to a Vec");
        }
        assert_eq!(&stream[..9], b"\0\0\0\x05hello");
        for piece in [1, 3, 7, 1024] {
            let mut cut = Cut {
                bytes: &stream,
                piece,
            };
            let mut read = Vec::new();
            while let Some(message) = read_framed(&mut cut).expect("whole messages")
            {
                read.push(message);
            }
            assert_eq!(read.len(), 4, "pieces of {piece}");
            assert_eq!(read[2], b"two\nlines");
            assert_eq!(read[3], [0xff; 300]);
        }
    }

    #[test]
    fn a_message_cut_short_or_too_long_is_an_error() {
        let mut short: &[u8] = b"\0\0\0\x05hel";
        let error = read_framed(&mut short).expect_err("cut short");
        assert_eq!(error.kind(), io::ErrorKind::UnexpectedEof);
        let mut huge: &[u8] = b"\xff\xff\xff\xff";
        let error = read_framed(&mut huge).expect_err("too long");
        assert_eq!(error.kind(), io::ErrorKind::InvalidData);
        let refused = write_framed(&mut Vec::new(), &vec![0; MAX_MESSAGE + 1]);
        assert_eq!(
            refused.map_err(|e| e.kind()),
            Err(io::ErrorKind::InvalidInput)
        );
    }
}
