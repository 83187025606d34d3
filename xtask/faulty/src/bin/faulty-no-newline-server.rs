//! A lesson 03 server that prints what it receives without a newline, so its prompt `>>>`
//! lands in the middle of a line. The checker's tests expect the hint "middle of a line".

use std::io::{Read, Write};
use std::net::TcpListener;

fn main() -> std::io::Result<()> {
    let options = lessonkit::Options::server("Faulty: prints messages without a newline.");
    let listener = TcpListener::bind(options.address())?;
    let (mut conn, _) = listener.accept()?;
    let mut buffer = [0; 1024];
    loop {
        let n = conn.read(&mut buffer)?;
        if n == 0 || buffer[..n].eq_ignore_ascii_case(b"Q") {
            return Ok(());
        }
        // The fault: `print!` where `println!` belongs.
        print!("{}", lessonkit::printable(&buffer[..n]));
        let Some(msg) = lessonkit::input_message()? else {
            return Ok(());
        };
        conn.write_all(msg.as_bytes())?;
        if msg.eq_ignore_ascii_case("Q") {
            return Ok(());
        }
    }
}
