//! A lesson 03 server that writes its prompt `>>>` without flushing it: the prompt has no
//! newline, so it stays in the output buffer. The checker's tests expect the hint "flush".

use std::io::{BufRead, Read, Write};
use std::net::TcpListener;

fn main() -> std::io::Result<()> {
    let options = lessonkit::Options::server("Faulty: never flushes its prompt.");
    let listener = TcpListener::bind(options.address())?;
    let (mut conn, _) = listener.accept()?;
    let mut buffer = [0; 1024];
    loop {
        let n = conn.read(&mut buffer)?;
        if n == 0 || buffer[..n].eq_ignore_ascii_case(b"Q") {
            return Ok(());
        }
        println!("{}", lessonkit::printable(&buffer[..n]));
        // The fault: `print!` without `io::stdout().flush()`.
        print!(">>>");
        let mut msg = String::new();
        if std::io::stdin().lock().read_line(&mut msg)? == 0 {
            return Ok(());
        }
        let msg = msg.trim_end();
        conn.write_all(msg.as_bytes())?;
        if msg.eq_ignore_ascii_case("Q") {
            return Ok(());
        }
    }
}
