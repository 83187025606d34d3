//! Lesson 06 · colours (不同好友不同颜色), the server.
//!
//! The one idea: the server prints each friend's messages in that friend's own
//! colour, an ANSI colour code (`\x1b[31m…\x1b[0m`, written with the `colored`
//! crate). The notes pick a random colour per connection; here the colour comes
//! from the name tag, so the same friend keeps the same colour across reconnects.
//! Only the four colours that read on dark and light terminals alike are used.
//!
//! Only text already made safe by `printable` is coloured: a friend who types escape
//! sequences of their own (`\x1b[2J`, `\x1b[31m`) sees them shown escaped, not
//! obeyed. `colored` leaves the colours out when standard output is not a terminal,
//! or when `NO_COLOR` is set; `CLICOLOR_FORCE=1` forces them.
//!
//! Run it, then clients with their names in other terminals:
//!
//! ```text
//! cargo run -p lesson06 --bin lesson06-server
//! cargo run -p lesson06 --bin lesson06-client -- --name 小马过河1234QQ
//! cargo run -p lesson06 --bin lesson06-client -- --name 小郭吹雪1234QQ
//! ```
//!
//! As in lesson 05: the tag ends at the first `:`, the server's answers go back as
//! plain text, its `Q` ends only the current chat, a client that goes away is
//! reported with one line on standard error, and end of input (Ctrl-D) counts as `Q`
//! and stops the server.

use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::ExitCode;

use colored::{Color, Colorize};
use lessonkit::{BUFFER_SIZE, Doing, Failure, Options};
// As std's, but a closed output (`| head -1`) ends the program quietly, not in a panic.
use lessonkit::{eprintln, println};

fn main() -> ExitCode {
    let options = Options::server(
        "Lesson 06 server: chats with tagged clients, each friend in their own colour.",
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
        let (name, text) = split_tag(ret);
        if text.eq_ignore_ascii_case(b"Q") {
            break;
        }
        // print(color.replace("b", ret)): the tagged line in the friend's colour,
        // coloured only once it is safe (bad bytes and controls written out).
        println!("{}", lessonkit::printable(ret).color(colour_of(name)));

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

// ANCHOR: colour_of
/// A friend's own colour, from their name: add up the name's characters and take the
/// remainder by 4, so the same name always gets the same colour. Two names can share
/// a colour (there are only 4), but the notes' two friends get different ones.
fn colour_of(name: &[u8]) -> Color {
    // Only colours that read on a dark terminal and on a light one (macOS default):
    // not black (30) nor blue (34), too dark on black; not yellow (33) nor white
    // (37), too pale on white.
    const COLOURS: [Color; 4] = [
        Color::Red,     // 31
        Color::Green,   // 32
        Color::Magenta, // 35
        Color::Cyan,    // 36
    ];
    let sum: u64 = String::from_utf8_lossy(name).chars().map(u64::from).sum();
    COLOURS[(sum % 4) as usize]
}
// ANCHOR_END: colour_of
