//! Lesson 06 · colours (不同好友不同颜色), the client.
//!
//! Nothing new here: this is lesson 05's client, every message tagged
//! `NAME:message`. What is new is the server: it shows each friend's messages in
//! that friend's own colour, picked from the name, so start two clients with
//! different `--name`s to see two colours.
//!
//! Start the server first (`cargo run -p lesson06 --bin lesson06-server`), then:
//!
//! ```text
//! cargo run -p lesson06 --bin lesson06-client -- --name 小郭吹雪1234QQ
//! ```
//!
//! Without `--name`, the name is the notes' `小郭吹雪1234QQ`. The server splits the
//! tag from the message at the first `:`, so a name must not contain `:` (nor be
//! empty): such a name is refused with one line on standard error and exit code 2,
//! like any bad option. The server's answers are printed as they come. End of input
//! at the `>>>` prompt (Ctrl-D) counts as typing `Q`. A server that goes away
//! without `Q` (a read of 0 bytes, or a reset connection) ends the program with one
//! line on standard error and exit code 1.

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::process::ExitCode;

use lessonkit::{BUFFER_SIZE, Doing, Failure, Options};
// As std's, but a closed output (`| head -1`) ends the program quietly, not in a panic.
use lessonkit::{eprintln, println};

fn main() -> ExitCode {
    let options = Options::named_client(
        "Lesson 06 client: chats with the server, every message tagged with --name (as in lesson 05).",
    );
    let name = options.name();
    // The server reads the name up to the first ':': a ':' in it would cut it.
    if name.is_empty() || name.contains(':') {
        eprintln!(
            "{}: --name must not be empty nor contain ':' (got {name:?})",
            lessonkit::program_name()
        );
        return ExitCode::from(2);
    }
    lessonkit::exit(talk(&options, name))
}

// ANCHOR: talk
fn talk(options: &Options, name: &str) -> Result<(), Failure> {
    // sk.connect(('127.0.0.1', 9000))
    let mut sk = TcpStream::connect(options.address())
        .doing(format!("connecting to {}", options.address()))?;

    let mut buffer = [0; BUFFER_SIZE];
    // while True:
    loop {
        // msg = input(">>>"); end of input (Ctrl-D) counts as typing Q.
        let msg = lessonkit::input_message().doing("reading the keyboard")?;
        let msg = msg.unwrap_or_else(|| "Q".to_owned());
        // sk.send((name_and_qq + ":" + msg).encode("utf-8")): q included.
        sk.write_all(format!("{name}:{msg}").as_bytes())
            .doing("sending")?;
        // if msg.upper() == "Q": break (after sending: the server must hear it)
        if msg.eq_ignore_ascii_case("Q") {
            break;
        }

        // ret = sk.recv(1024).decode("utf-8")
        let n = sk.read(&mut buffer).doing("receiving")?;
        if n == 0 {
            // `read` returning 0 means the server closed the connection: nothing
            // more will ever come, so stop instead of looping for ever.
            return Err(io::Error::other("the server closed the connection"))
                .doing("receiving");
        }
        let ret = &buffer[..n];
        // if ret.upper() == "Q": break (checked before printing: Q is not a message)
        if ret.eq_ignore_ascii_case(b"Q") {
            break;
        }
        // print(ret), made safe: bad bytes and control characters written out.
        println!("{}", lessonkit::printable(ret));
    }

    // sk.close(): dropping the stream closes the connection.
    drop(sk);
    Ok(())
}
// ANCHOR_END: talk
