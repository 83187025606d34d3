//! Lesson 02 · loop chat (循环聊天), the client.
//!
//! The one idea: put "type a message, send it, receive the answer, print it" in a
//! loop, and two people can chat over one connection. `connect` and the close stay
//! outside the loop. The client types first; then each side waits for the other, in
//! turn.
//!
//! Start the server first (`cargo run -p lesson02 --bin lesson02-server`), then:
//!
//! ```text
//! cargo run -p lesson02 --bin lesson02-client
//! ```
//!
//! Not in the notes: when the server goes away, a read of 0 bytes (or a reset
//! connection) ends the program with one line on standard error and exit code 1. End
//! of input at the `>>>` prompt (Ctrl-D) closes the connection and exits 0.

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::process::ExitCode;

use lessonkit::{BUFFER_SIZE, Doing, Failure, Options};
// As std's, but a closed output (`| head -1`) ends the program quietly, not in a panic.
use lessonkit::println;

fn main() -> ExitCode {
    let options = Options::client(
        "Lesson 02 client: chats with the server in turns, in a loop.",
    );
    lessonkit::exit(talk(&options))
}

// ANCHOR: talk
fn talk(options: &Options) -> Result<(), Failure> {
    // sk.connect(('127.0.0.1', 9000))
    let mut sk = TcpStream::connect(options.address())
        .doing(format!("connecting to {}", options.address()))?;

    let mut buffer = [0; BUFFER_SIZE];
    // while True: msg = input(">>>")
    // The loop also ends at the end of input (Ctrl-D): then close the connection,
    // exit 0.
    while let Some(msg) = lessonkit::input_message().doing("reading the keyboard")? {
        // sk.send(msg.encode("utf-8"))
        sk.write_all(msg.as_bytes()).doing("sending")?;

        // ret = sk.recv(1024).decode("utf-8")
        let n = sk.read(&mut buffer).doing("receiving")?;
        if n == 0 {
            // `read` returning 0 means the server closed the connection: nothing
            // more will ever come, so stop instead of looping for ever.
            return Err(io::Error::other("the server closed the connection"))
                .doing("receiving");
        }
        let ret = &buffer[..n];
        // print(ret), made safe: bad bytes and control characters written out.
        println!("{}", lessonkit::printable(ret));
    }

    // sk.close(): dropping the stream closes the connection.
    drop(sk);
    Ok(())
}
// ANCHOR_END: talk
