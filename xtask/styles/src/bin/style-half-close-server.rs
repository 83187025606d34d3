//! A correct lesson 03 server that ends the chat politely: after its `Q` it half-closes
//! (`shutdown(Write)`), then reads until the client has closed, and only then closes.
//! Talking to the lesson's client directly it never sees a reset; through the runner
//! neither may it.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener};
use std::process::ExitCode;

use lessonkit::{Doing, Failure, Options, println};

fn main() -> ExitCode {
    let options = Options::server("Lesson 03 server that half-closes, then drains.");
    lessonkit::exit(serve(&options))
}

fn serve(options: &Options) -> Result<(), Failure> {
    let listener = TcpListener::bind(options.address()).doing("binding")?;
    let (mut conn, _) = listener.accept().doing("accepting a client")?;
    let mut buffer = [0; 1024];
    loop {
        let n = conn.read(&mut buffer).doing("receiving")?;
        if n == 0 {
            return Err(std::io::Error::other("the client closed the connection"))
                .doing("receiving");
        }
        if buffer[..n].eq_ignore_ascii_case(b"Q") {
            return Ok(());
        }
        println!("{}", lessonkit::printable(&buffer[..n]));
        let msg = lessonkit::input_message()
            .doing("reading the keyboard")?
            .unwrap_or_else(|| "Q".into());
        conn.write_all(msg.as_bytes()).doing("sending")?;
        if msg.eq_ignore_ascii_case("Q") {
            // The polite end: no more to send, but read what the client still says.
            conn.shutdown(Shutdown::Write).doing("half-closing")?;
            while conn.read(&mut buffer).doing("draining")? > 0 {}
            return Ok(());
        }
    }
}
