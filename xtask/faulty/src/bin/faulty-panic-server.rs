//! A lesson 03 server that reads each message as a number with `unwrap()`: the first word a
//! friend types panics it (rule `rust-panic`).

use std::io::{Read, Write};
use std::net::TcpListener;

fn main() -> std::io::Result<()> {
    let options = lessonkit::Options::server("Faulty: panics on the first message.");
    let listener = TcpListener::bind(options.address())?;
    let (mut conn, _) = listener.accept()?;
    let mut buffer = [0; 1024];
    loop {
        let n = conn.read(&mut buffer)?;
        let text = String::from_utf8_lossy(&buffer[..n]).into_owned();
        // The fault: a message is text, not a number.
        let count: u32 = text.parse().unwrap();
        println!("{count}");
        let Some(msg) = lessonkit::input_message()? else {
            return Ok(());
        };
        conn.write_all(msg.as_bytes())?;
    }
}
