// Lesson 08 · UDP error cases, compile-time: `recv` unpacked as if it were `recvfrom`.
//
// The notes' Python (the client expects a (data, address) pair from `recv`):
//     back_msg, addr = udp_sk.recv(1024)
// The notes, on Windows, for the 1-byte reply `b'2'`:
//     ValueError: not enough values to unpack (expected 2, got 1)
// The error depends on the reply, not the system: bytes unpack one integer per byte,
// so a 2-byte reply (`hi`) unpacks silently into (104, 105), and 3 bytes or more give
// "too many values to unpack (expected 2)".
//
// Rust refuses to compile it: `recv` gives the number of bytes received (a `usize`), and a
// pattern for a pair cannot match a number. (`recv_from` gives the pair.)
//     error[E0308]: mismatched types
//
// Not part of the crate: `rustc --edition 2024 --crate-type bin` on this file must fail.

use std::net::UdpSocket;

fn main() -> std::io::Result<()> {
    let udp_sk = UdpSocket::bind("127.0.0.1:0")?;
    udp_sk.send_to("hello".as_bytes(), "127.0.0.1:9000")?;
    let mut buffer = [0; 1024];
    let (back_msg, addr) = udp_sk.recv(&mut buffer)?;
    println!("{back_msg} from {addr}");
    Ok(())
}
