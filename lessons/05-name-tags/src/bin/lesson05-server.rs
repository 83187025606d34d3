//! Lesson 05 · name tags (名字标识), the server.
//!
//! The one idea: each client puts its name before every message
//! (`小郭吹雪1234QQ:hello`), so the server knows which friend it is talking to. The
//! server prints the tagged line, and reads the tag and the message apart: the tag
//! ends at the FIRST `:`, the message is everything after it (a client refuses a
//! name containing `:`, so a message may contain `:` freely). A line without any `:`
//! is all message, with an empty tag.
//!
//! The notes' pitfall: their server still compared the whole received text with `Q`.
//! The client's `q` arrives as `小郭吹雪1234QQ:q`, which is not `Q`, so their server
//! missed the quit: it printed `小郭吹雪1234QQ:q` and went on waiting for a client
//! that had left. Here the quit check looks at the message after the tag.
//!
//! Run it, then clients with their names in other terminals:
//!
//! ```text
//! cargo run -p lesson05 --bin lesson05-server
//! cargo run -p lesson05 --bin lesson05-client -- --name 小马过河1234QQ
//! cargo run -p lesson05 --bin lesson05-client -- --name 小郭吹雪1234QQ
//! ```
//!
//! The server's answers go back as plain text, without a tag. As in lesson 04: the
//! server's `Q` ends only the current chat, a client that goes away is reported with
//! one line on standard error, and end of input (Ctrl-D) counts as `Q` and stops the
//! server.

use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::ExitCode;

use lessonkit::{BUFFER_SIZE, Doing, Failure, Options};
// As std's, but a closed output (`| head -1`) ends the program quietly, not in a panic.
use lessonkit::{eprintln, println};

fn main() -> ExitCode {
    let options = Options::server(
        "Lesson 05 server: chats with tagged clients (NAME:message), one after another.",
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
        // Not the notes' `if ret.upper() == "Q"`: that compared the whole tagged
        // line. The quit is in the message, after the tag (checked before printing).
        let (_name, text) = split_tag(ret);
        if text.eq_ignore_ascii_case(b"Q") {
            break;
        }
        // print(ret): the tagged line, shown safely (bad bytes and control
        // characters written out).
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

// ANCHOR: split_tag
/// Splits `NAME:message` at its first `:` into the name and the message.
/// Without a `:`, the whole line is the message and the name is empty.
fn split_tag(ret: &[u8]) -> (&[u8], &[u8]) {
    match ret.iter().position(|&byte| byte == b':') {
        Some(colon) => (&ret[..colon], &ret[colon + 1..]),
        None => (&[], ret),
    }
}
// ANCHOR_END: split_tag
