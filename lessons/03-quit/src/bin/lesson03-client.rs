//! Lesson 03 · quit handling (退出), the client.
//!
//! The one idea: either side may end the chat by typing `Q` (or `q`). The side that
//! types it sends it, then leaves its loop; the side that receives it checks before
//! printing, then leaves its loop. Both close the connection and exit 0.
//!
//! Start the server first (`cargo run -p lesson03 --bin lesson03-server`), then:
//!
//! ```text
//! cargo run -p lesson03 --bin lesson03-client
//! ```
//!
//! End of input at the `>>>` prompt (Ctrl-D) counts as typing `Q`. A server that
//! goes away without `Q` (a read of 0 bytes, or a reset connection) ends the program
//! with one line on standard error and exit code 1.

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::process::ExitCode;

use lessonkit::{BUFFER_SIZE, Doing, Failure, Options};
// As std's, but a closed output (`| head -1`) ends the program quietly, not in a panic.
use lessonkit::println;

fn main() -> ExitCode {
    let options = Options::client(
        "Lesson 03 client: chats with the server until either side types Q.",
    );
    lessonkit::exit(talk(&options))
}

// ANCHOR: talk
fn talk(options: &Options) -> Result<(), Failure> {
    // sk.connect(('127.0.0.1', 9000))
    let mut sk = TcpStream::connect(options.address())
        .doing(format!("connecting to {}", options.address()))?;

    let mut buffer = [0; BUFFER_SIZE];
    // while True:
    loop {
        // msg = input(">>>"); end of input (Ctrl-D) counts as typing Q.
        let msg = lessonkit::input_message().doing("reading the keyboard")?;
        let msg = msg.unwrap_or_else(|| "Q".to_owned());
        // sk.send(msg.encode("utf-8"))
        sk.write_all(msg.as_bytes()).doing("sending")?;
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
