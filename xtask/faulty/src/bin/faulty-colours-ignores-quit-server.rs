//! A lesson 06 server that never tests the message after the tag for `Q`: it prints a
//! friend's `NAME:q` in the friend's colour, as any other message, and serves on. The
//! checker's tests expect the hint "Q not recognised", the quit being inside colour codes.

use std::io::{Read, Write};
use std::net::TcpListener;

fn main() -> std::io::Result<()> {
    let options = lessonkit::Options::server("Faulty: ignores a friend's tagged Q.");
    let listener = TcpListener::bind(options.address())?;
    loop {
        let (mut conn, _) = listener.accept()?;
        let mut buffer = [0; 1024];
        loop {
            let n = conn.read(&mut buffer)?;
            if n == 0 {
                break;
            }
            // The fault: no test of the text after the tag. Red, as ANSI code 31.
            println!("\x1b[31m{}\x1b[0m", lessonkit::printable(&buffer[..n]));
            let Some(msg) = lessonkit::input_message()? else {
                return Ok(());
            };
            conn.write_all(msg.as_bytes())?;
            if msg.eq_ignore_ascii_case("Q") {
                break;
            }
        }
    }
}
