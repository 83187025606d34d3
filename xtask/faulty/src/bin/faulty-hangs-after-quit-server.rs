//! A lesson 03 server that leaves its loop on `Q` but never exits. The checker's tests expect
//! the hint "hangs", and the runner to end it.

use std::io::{Read, Write};
use std::net::TcpListener;

fn main() -> std::io::Result<()> {
    let options = lessonkit::Options::server("Faulty: hangs after the chat.");
    let listener = TcpListener::bind(options.address())?;
    let (mut conn, _) = listener.accept()?;
    let mut buffer = [0; 1024];
    loop {
        let n = conn.read(&mut buffer)?;
        if n == 0 || buffer[..n].eq_ignore_ascii_case(b"Q") {
            break;
        }
        println!("{}", lessonkit::printable(&buffer[..n]));
        let Some(msg) = lessonkit::input_message()? else {
            break;
        };
        conn.write_all(msg.as_bytes())?;
        if msg.eq_ignore_ascii_case("Q") {
            break;
        }
    }
    // The fault: waits for ever instead of ending.
    loop {
        std::thread::park();
    }
}
