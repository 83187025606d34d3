//! A lesson 02 server that does not test for a receive of 0 bytes: when the client leaves,
//! it prints the empty message as a line of its own, as the notes' loop prints `b''`, and
//! exits. The checker's tests expect the hint "printed an empty line".

use std::io::{Read, Write};
use std::net::TcpListener;

fn main() -> std::io::Result<()> {
    let options = lessonkit::Options::server("Faulty: prints a receive of 0 bytes.");
    let listener = TcpListener::bind(options.address())?;
    let (mut conn, _) = listener.accept()?;
    let mut buffer = [0; 1024];
    loop {
        let n = conn.read(&mut buffer)?;
        // The fault: no `if n == 0` before printing.
        println!("{}", lessonkit::printable(&buffer[..n]));
        if n == 0 {
            return Ok(());
        }
        let Some(msg) = lessonkit::input_message()? else {
            return Ok(());
        };
        conn.write_all(msg.as_bytes())?;
    }
}
