//! A lesson 01 server that answers `bye` instead of `hi`.
//! The runner's tests expect the transcript to differ from the snapshot.

use std::io::{Read, Write};
use std::net::TcpListener;

fn main() -> std::io::Result<()> {
    let options = lessonkit::Options::server("Faulty: answers the wrong text.");
    let listener = TcpListener::bind(options.address())?;
    let (mut conn, _) = listener.accept()?;
    let mut buffer = [0; 1024];
    let n = conn.read(&mut buffer)?;
    println!("{}", lessonkit::printable(&buffer[..n]));
    conn.write_all(b"bye")
}
