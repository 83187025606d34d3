//! A lesson 03 server that never tests what it receives for `Q`: it prints the client's `q`
//! and shows its prompt again. The checker's tests expect the hint "Q not recognised".

use std::io::{Read, Write};
use std::net::TcpListener;

fn main() -> std::io::Result<()> {
    let options = lessonkit::Options::server("Faulty: ignores a received Q.");
    let listener = TcpListener::bind(options.address())?;
    let (mut conn, _) = listener.accept()?;
    let mut buffer = [0; 1024];
    loop {
        let n = conn.read(&mut buffer)?;
        // The fault: no `if ret == Q: break` before printing.
        println!("{}", lessonkit::printable(&buffer[..n]));
        let Some(msg) = lessonkit::input_message()? else {
            return Ok(());
        };
        conn.write_all(msg.as_bytes())?;
        if msg.eq_ignore_ascii_case("Q") {
            return Ok(());
        }
    }
}
