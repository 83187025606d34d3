// Lesson 08 · UDP error cases, compile-time: `send` given the address as well.
//
// The notes' Python (the server answers with `send` instead of `sendto`):
//     udp_sk.send(a, addr)
// The notes, on Windows:
//     TypeError: an integer is required (got type tuple)
// Python on Linux:
//     TypeError: 'tuple' object cannot be interpreted as an integer
// (Python's `send` takes the bytes and an integer of flags: the address tuple lands where
// the flags should be.)
//
// Rust refuses to compile it. Its `send` takes the bytes and nothing else: there is no place
// for an address at all (that is what `send_to` is for), so the mistake shows as one argument
// too many rather than as a tuple of the wrong type.
//     error[E0061]: this method takes 1 argument but 2 arguments were supplied
//
// Not part of the crate: `rustc --edition 2024 --crate-type bin` on this file must fail.

use std::net::UdpSocket;

fn main() -> std::io::Result<()> {
    let udp_sk = UdpSocket::bind("127.0.0.1:0")?;
    let mut buffer = [0; 1024];
    let (_n, addr) = udp_sk.recv_from(&mut buffer)?;
    let a = "hi".as_bytes();
    udp_sk.send(a, addr)?;
    Ok(())
}
