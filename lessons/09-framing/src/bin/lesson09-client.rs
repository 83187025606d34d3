//! Lesson 09 · message boundaries (消息边界), the client.
//!
//! Lesson 04's client, with each message one line ending in `\n`, read with `read_line`
//! (see the server for why). It has one chat on one connection, then exits.
//!
//! Start the server first (`cargo run -p lesson09 --bin lesson09-server`), then:
//!
//! ```text
//! cargo run -p lesson09 --bin lesson09-client
//! ```
//!
//! End of input at the `>>>` prompt (Ctrl-D) counts as typing `Q`. A server that goes
//! away without `Q` ends the program with one line on standard error and exit code 1.

use std::io::{self, BufRead, BufReader, Write};
use std::net::TcpStream;
use std::process::ExitCode;

use lessonkit::{Doing, Failure, Options};
// As std's, but a closed output (`| head -1`) ends the program quietly, not in a panic.
use lessonkit::println;

fn main() -> ExitCode {
    let options = Options::client(
        "Lesson 09 client: chats with the server, a line per message, until either side \
         types Q.",
    );
    lessonkit::exit(talk(&options))
}

// ANCHOR: talk
fn talk(options: &Options) -> Result<(), Failure> {
    let mut sk = TcpStream::connect(options.address())
        .doing(format!("connecting to {}", options.address()))?;
    // One reader for the whole chat, as on the server.
    let mut reader = BufReader::new(sk.try_clone().doing("sharing the connection")?);
    loop {
        let msg = lessonkit::input_message().doing("reading the keyboard")?;
        let msg = msg.unwrap_or_else(|| "Q".to_owned());
        // sk.send((msg + "\n").encode("utf-8"))
        sk.write_all(format!("{msg}\n").as_bytes())
            .doing("sending")?;
        if msg.eq_ignore_ascii_case("Q") {
            break;
        }

        // ret = the next line (was: sk.recv(1024))
        let mut ret = String::new();
        if reader.read_line(&mut ret).doing("receiving")? == 0 {
            return Err(io::Error::other("the server closed the connection"))
                .doing("receiving");
        }
        let Some(ret) = ret.strip_suffix('\n') else {
            return Err(io::Error::other(
                "the server closed the connection mid-line",
            ))
            .doing("receiving");
        };
        if ret.eq_ignore_ascii_case("Q") {
            break;
        }
        println!("{}", lessonkit::printable(ret.as_bytes()));
    }
    Ok(())
}
// ANCHOR_END: talk
