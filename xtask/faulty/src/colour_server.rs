//! A lesson 06 server with one colour mistake, chosen by the binary that includes it: the
//! rest is the lesson's server (an accept loop, tagged messages, the quit after the tag).

use std::io::{Read, Write};
use std::net::TcpListener;

/// The colour mistakes, one per faulty binary (each binary uses one of them).
#[allow(dead_code)]
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// `"\033[35m"` written in Rust: `\0` is NUL, then the text `33[35m`.
    OctalEscape,
    /// The reset printed after the newline, so it starts the prompt's line.
    ResetAfterNewline,
    /// No reset at all.
    NoReset,
    /// A colour per connection (the notes' random colour, made repeatable).
    ColourPerConnection,
    /// One colour for every friend.
    SameColour,
    /// A friend's text printed as it came: their escape sequences act on the terminal.
    ObeysEscapes,
}

/// Serves as lesson 06's server does, but with `fault`.
// `"\033["` is the mistake one of the binaries makes on purpose.
#[allow(clippy::octal_escapes)]
pub fn serve(fault: Fault) -> std::io::Result<()> {
    let options = lessonkit::Options::server("Faulty: a lesson 06 server with a colour mistake.");
    let listener = TcpListener::bind(options.address())?;
    for connection in 0.. {
        let (mut conn, _) = listener.accept()?;
        let mut buffer = [0; 1024];
        loop {
            let n = conn.read(&mut buffer)?;
            if n == 0 {
                break;
            }
            let ret = &buffer[..n];
            let colon = ret.iter().position(|b| *b == b':').unwrap_or(0);
            let (name, text) = (&ret[..colon], &ret[(colon + 1).min(n)..]);
            if text.eq_ignore_ascii_case(b"q") {
                break;
            }
            let sum: u32 = String::from_utf8_lossy(name).chars().map(u32::from).sum();
            let code = match fault {
                Fault::ColourPerConnection => 31 + connection % 7,
                Fault::SameColour => 35,
                _ => 31 + sum % 7,
            };
            let shown = match fault {
                Fault::ObeysEscapes => String::from_utf8_lossy(ret).into_owned(),
                _ => lessonkit::printable(ret),
            };
            match fault {
                Fault::OctalEscape => println!("\033[{code}m{shown}\033[0m"),
                Fault::ResetAfterNewline => print!("\x1b[{code}m{shown}\n\x1b[0m"),
                Fault::NoReset => println!("\x1b[{code}m{shown}"),
                _ => println!("\x1b[{code}m{shown}\x1b[0m"),
            }
            let Some(msg) = lessonkit::input_message()? else {
                conn.write_all(b"Q")?;
                return Ok(());
            };
            conn.write_all(msg.as_bytes())?;
            if msg.eq_ignore_ascii_case("q") {
                break;
            }
        }
    }
    Ok(())
}
