//! A correct lesson 03 client that ends the chat politely: after its `q` it half-closes
//! (`shutdown(Write)`), then reads until the server has closed, and only then exits.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};
use std::process::ExitCode;

use lessonkit::{Doing, Failure, Options, println};

fn main() -> ExitCode {
    let options = Options::client("Lesson 03 client that half-closes, then drains.");
    lessonkit::exit(chat(&options))
}

fn chat(options: &Options) -> Result<(), Failure> {
    let mut sk = TcpStream::connect(options.address()).doing("connecting")?;
    let mut buffer = [0; 1024];
    loop {
        let msg = lessonkit::input_message()
            .doing("reading the keyboard")?
            .unwrap_or_else(|| "q".into());
        sk.write_all(msg.as_bytes()).doing("sending")?;
        if msg.eq_ignore_ascii_case("Q") {
            sk.shutdown(Shutdown::Write).doing("half-closing")?;
            while sk.read(&mut buffer).doing("draining")? > 0 {}
            return Ok(());
        }
        let n = sk.read(&mut buffer).doing("receiving")?;
        if n == 0 {
            return Err(std::io::Error::other("the server closed the connection"))
                .doing("receiving");
        }
        if buffer[..n].eq_ignore_ascii_case(b"Q") {
            return Ok(());
        }
        println!("{}", lessonkit::printable(&buffer[..n]));
    }
}
