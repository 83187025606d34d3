// Lesson 08 · UDP error cases, compile-time: `send_to` without the address.
//
// The notes' Python (the client forgets the (ip, port) tuple):
//     udp_sk.sendto(a)
// The notes, on Windows:
//     TypeError: sendto() takes 2 or 3 arguments (1 given)
// Python on Linux: the same TypeError, when the line runs.
//
// Rust refuses to compile it: `send_to` takes the bytes and the address, and a missing
// argument is found before the program ever runs.
//     error[E0061]: this method takes 2 arguments but 1 argument was supplied
//
// Not part of the crate: `rustc --edition 2024 --crate-type bin` on this file must fail.

use std::net::UdpSocket;

fn main() -> std::io::Result<()> {
    let udp_sk = UdpSocket::bind("127.0.0.1:0")?;
    let a = "hello".as_bytes();
    udp_sk.send_to(a)?;
    Ok(())
}
