//! Lesson 02 · loop chat (循环聊天), the server.
//!
//! The one idea: put "receive, print, type an answer, send it" in a loop, and two
//! people can chat over one connection. `accept` and the closes stay outside the
//! loop. Each side waits for the other's message before typing, so messages go one
//! at a time, in turn.
//!
//! Run it, then the client in a second terminal (the client types first):
//!
//! ```text
//! cargo run -p lesson02 --bin lesson02-server
//! cargo run -p lesson02 --bin lesson02-client
//! ```
//!
//! Not in the notes: when the client goes away, the notes' `recv` returns `b''`
//! again and again and their loop never ends. Here a read of 0 bytes (or a reset
//! connection) ends the program with one line on standard error and exit code 1. End
//! of input at the `>>>` prompt (Ctrl-D) closes the connection and exits 0.

use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::ExitCode;

use lessonkit::{BUFFER_SIZE, Doing, Failure, Options};
// As std's, but a closed output (`| head -1`) ends the program quietly, not in a panic.
use lessonkit::println;

fn main() -> ExitCode {
    let options = Options::server(
        "Lesson 02 server: chats with one client in turns, in a loop.",
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
        // print(ret), made safe: bad bytes and control characters written out.
        println!("{}", lessonkit::printable(ret));

        // msg = input(">>>")
        let Some(msg) = lessonkit::input_message().doing("reading the keyboard")?
        else {
            // End of input (Ctrl-D): leave the loop, close the connection, exit 0.
            break;
        };
        // conn.send(msg.encode("utf-8"))
        conn.write_all(msg.as_bytes()).doing("sending")?;
    }
    Ok(())
}
// ANCHOR_END: chat
