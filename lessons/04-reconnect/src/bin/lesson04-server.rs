//! Lesson 04 · reconnect loop (循环接客), the server.
//!
//! The one idea: an outer loop around `accept`. When a chat ends (the client's `q`,
//! the server's `Q`, or the client going away), the server closes that connection
//! and accepts the next client. One chat at a time: a second client can connect and
//! send while the first one chats ("the line is busy"), but it is answered only when
//! the first chat ends.
//!
//! Run it, then clients in other terminals, one after the other or at the same time:
//!
//! ```text
//! cargo run -p lesson04 --bin lesson04-server
//! cargo run -p lesson04 --bin lesson04-client
//! ```
//!
//! The server's `Q` ends only the current chat. A client that goes away without `q`
//! is reported with one line on standard error, and the next client is accepted. End
//! of input at the `>>>` prompt (Ctrl-D) counts as typing `Q`, and also stops the
//! server (nobody is left at the keyboard to answer the next client): it stops
//! accepting and exits 0. Stop a waiting server with Ctrl-C.

use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::ExitCode;

use lessonkit::{BUFFER_SIZE, Doing, Failure, Options};
// As std's, but a closed output (`| head -1`) ends the program quietly, not in a panic.
use lessonkit::{eprintln, println};

fn main() -> ExitCode {
    let options = Options::server(
        "Lesson 04 server: chats with one client after another, until Ctrl-D.",
    );
    lessonkit::exit(serve(&options))
}

// ANCHOR: serve
fn serve(options: &Options) -> Result<(), Failure> {
    // sk.bind(('127.0.0.1', 9000)); sk.listen(): Rust's `bind` also listens, with
    // room for 128 clients waiting in the queue (the notes' `listen(n)` sets it).
    let listener = TcpListener::bind(options.address())
        .doing(format!("binding {}", options.address()))?;
    // Not 127.0.0.1? Then other machines can connect too: the server says so.
    lessonkit::notice_if_reachable(listener.local_addr());
    // while True:
    loop {
        // conn, addr = sk.accept(): the next client waiting in the queue.
        let (mut conn, _addr) = listener.accept().doing("accepting a client")?;

        let next = chat(&mut conn);

        // conn.close() ends this connection only; the listening socket stays open.
        drop(conn);
        match next {
            Ok(Next::Client) => {}
            Ok(Next::Stop) => break,
            // A client that went away ends its own chat, not the server.
            Err(failure) => eprintln!("{}: {failure}", lessonkit::program_name()),
        }
    }
    // sk.close()
    drop(listener);
    Ok(())
}
// ANCHOR_END: serve

/// What the accept loop does when a chat has ended.
enum Next {
    /// Accept the next client.
    Client,
    /// Stop serving: the server's input has ended.
    Stop,
}

// ANCHOR: chat
fn chat(conn: &mut TcpStream) -> Result<Next, Failure> {
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
            // End of input (Ctrl-D) counts as Q: send it, then stop the server too.
            conn.write_all(b"Q").doing("sending")?;
            return Ok(Next::Stop);
        };
        // conn.send(msg.encode("utf-8"))
        conn.write_all(msg.as_bytes()).doing("sending")?;
        // if msg.upper() == "Q": break (after sending: the client must hear it)
        if msg.eq_ignore_ascii_case("Q") {
            break;
        }
    }
    Ok(Next::Client)
}
// ANCHOR_END: chat
