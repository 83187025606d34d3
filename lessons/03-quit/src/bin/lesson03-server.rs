//! Lesson 03 · quit handling (退出), the server.
//!
//! The one idea: either side may end the chat by typing `Q` (or `q`). The side that
//! types it sends it, then leaves its loop; the side that receives it checks before
//! printing, then leaves its loop. Both close the connection and exit 0.
//!
//! Run it, then the client in a second terminal (the client types first):
//!
//! ```text
//! cargo run -p lesson03 --bin lesson03-server
//! cargo run -p lesson03 --bin lesson03-client
//! ```
//!
//! End of input at the `>>>` prompt (Ctrl-D) counts as typing `Q`. A client that
//! goes away without `Q` (a read of 0 bytes, or a reset connection) ends the program
//! with one line on standard error and exit code 1.

use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::ExitCode;

use lessonkit::{BUFFER_SIZE, Doing, Failure, Options};
// As std's, but a closed output (`| head -1`) ends the program quietly, not in a panic.
use lessonkit::println;

fn main() -> ExitCode {
    let options = Options::server(
        "Lesson 03 server: chats with one client until either side types Q.",
    );
    lessonkit::exit(serve(&options))
}

// ANCHOR: serve
fn serve(options: &Options) -> Result<(), Failure> {
    // sk.bind(('127.0.0.1', 9000)); sk.listen()
    let listener = TcpListener::bind(options.address())
        .doing(format!("binding {}", options.address()))?;
    // Not 127.0.0.1? Then other machines can connect too: the server says so.
    lessonkit::notice_if_reachable(listener.local_addr());
    // conn, addr = sk.accept(): outside the loop, one client for the whole chat.
    let (mut conn, _addr) = listener.accept().doing("accepting a client")?;

    chat(&mut conn)?;

    // conn.close(); sk.close(): outside the loop too.
    drop(conn);
    drop(listener);
    Ok(())
}
// ANCHOR_END: serve

// ANCHOR: chat
fn chat(conn: &mut TcpStream) -> Result<(), Failure> {
    let mut buffer = [0; BUFFER_SIZE];
    // while True:
    loop {
        // ret = conn.recv(1024).decode("utf-8")
        let n = conn.read(&mut buffer).doing("receiving")?;
        if n == 0 {
            // `read` returning 0 means the client closed the connection: nothing
            // more will ever come, so stop instead of looping for ever.
            return Err(io::Error::other("the client closed the connection"))
                .doing("receiving");
        }
        let ret = &buffer[..n];
        // if ret.upper() == "Q": break (checked before printing: Q is not a message)
        if ret.eq_ignore_ascii_case(b"Q") {
            break;
        }
        // print(ret), made safe: bad bytes and control characters written out.
        println!("{}", lessonkit::printable(ret));

        // msg = input(">>>")
        let Some(msg) = lessonkit::input_message().doing("reading the keyboard")?
        else {
            // End of input (Ctrl-D) counts as Q: send it, then leave the loop.
            conn.write_all(b"Q").doing("sending")?;
            break;
        };
        // conn.send(msg.encode("utf-8"))
        conn.write_all(msg.as_bytes()).doing("sending")?;
        // if msg.upper() == "Q": break (after sending: the client must hear it)
        if msg.eq_ignore_ascii_case("Q") {
            break;
        }
    }
    Ok(())
}
// ANCHOR_END: chat
