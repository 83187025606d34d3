//! A lesson 03 client that never tests what it receives for `Q`: it prints the server's `Q`
//! and shows its prompt again. The checker's tests expect the hint "Q not recognised".

use std::io::{Read, Write};
use std::net::TcpStream;

fn main() -> std::io::Result<()> {
    let options = lessonkit::Options::client("Faulty: ignores a received Q.");
    let mut sk = TcpStream::connect(options.address())?;
    let mut buffer = [0; 1024];
    loop {
        let Some(msg) = lessonkit::input_message()? else {
            return Ok(());
        };
        sk.write_all(msg.as_bytes())?;
        if msg.eq_ignore_ascii_case("Q") {
            return Ok(());
        }
        let n = sk.read(&mut buffer)?;
        // The fault: no `if ret == Q: break` before printing.
        println!("{}", lessonkit::printable(&buffer[..n]));
    }
}
