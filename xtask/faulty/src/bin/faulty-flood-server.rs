//! A lesson 03 server that prints what it receives again and again, for ever (as the notes'
//! loop does once `recv` returns b''). The checker's tests expect the output to be cut at the
//! runner's cap, the hint "more than 64 KiB", and the runner to end it.

use std::io::{Read, Write};
use std::net::TcpListener;

fn main() -> std::io::Result<()> {
    let options = lessonkit::Options::server("Faulty: floods its output.");
    let listener = TcpListener::bind(options.address())?;
    let (mut conn, _) = listener.accept()?;
    let mut buffer = [0; 1024];
    let n = conn.read(&mut buffer)?;
    let text = lessonkit::printable(&buffer[..n]);
    let mut stdout = std::io::stdout().lock();
    // The fault: a loop that never ends. It stops only when the runner closes the pipe.
    loop {
        writeln!(stdout, "{text}")?;
    }
}
