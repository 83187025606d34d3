//! Lesson 01 · single exchange (一次收发), the client.
//!
//! The one idea: a TCP client connects to the server's address, sends bytes, and
//! receives the answer over the same connection.
//!
//! Start the server first (`cargo run -p lesson01 --bin lesson01-server`), then:
//!
//! ```text
//! cargo run -p lesson01 --bin lesson01-client
//! ```

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::ExitCode;

use lessonkit::{BUFFER_SIZE, Doing, Failure, Options};
// As std's, but a closed output (`| head -1`) ends the program quietly, not in a panic.
use lessonkit::println;

fn main() -> ExitCode {
    let options = Options::client(
        "Lesson 01 client: sends `hello!`, prints the answer, exits.",
    );
    lessonkit::exit(talk(&options))
}

// ANCHOR: talk
fn talk(options: &Options) -> Result<(), Failure> {
    // sk.connect(('127.0.0.1', 9000))
    let mut sk = TcpStream::connect(options.address())
        .doing(format!("connecting to {}", options.address()))?;

    // sk.send(b'hello!'): text would have to be encoded to bytes first.
    sk.write_all(b"hello!").doing("sending")?;

    // ret = sk.recv(1024)
    let mut buffer = [0; BUFFER_SIZE];
    let n = sk.read(&mut buffer).doing("receiving")?;
    println!("{}", lessonkit::printable(&buffer[..n]));

    // sk.close(): dropping the stream closes the connection.
    Ok(())
}
// ANCHOR_END: talk
