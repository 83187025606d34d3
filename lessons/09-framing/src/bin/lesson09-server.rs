//! Lesson 09 · message boundaries (消息边界), the server.
//!
//! Lesson 04's server, plus one idea: TCP carries a stream of bytes, not messages. Two
//! quick sends can arrive in one `recv`, one long send in several, so `recv(1024)` does
//! not read "one message". Here every message is one line ending in `\n`, and a
//! `BufReader` reads it with `read_line`: it reads on until the line's end, and keeps
//! whatever came after it for the next line.
//!
//! ```text
//! cargo run -p lesson09 --bin lesson09-server
//! cargo run -p lesson09 --bin lesson09-client
//! ```
//!
//! Everything else is lesson 04's: one chat at a time, the next client accepted when a
//! chat ends, `Q` ends a chat, end of input (Ctrl-D) sends `Q` and stops the server.

use std::io::{self, BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::process::ExitCode;

use lessonkit::{Doing, Failure, Options};
// As std's, but a closed output (`| head -1`) ends the program quietly, not in a panic.
use lessonkit::{eprintln, println};

fn main() -> ExitCode {
    let options = Options::server(
        "Lesson 09 server: chats with one client after another, a line per message, until \
         Ctrl-D.",
    );
    lessonkit::exit(serve(&options))
}

fn serve(options: &Options) -> Result<(), Failure> {
    let listener = TcpListener::bind(options.address())
        .doing(format!("binding {}", options.address()))?;
    // Not 127.0.0.1? Then other machines can connect too: the server says so.
    lessonkit::notice_if_reachable(listener.local_addr());
    loop {
        let (conn, _addr) = listener.accept().doing("accepting a client")?;
        let next = chat(conn);
        match next {
            Ok(Next::Client) => {}
            Ok(Next::Stop) => break,
            // A client that went away ends its own chat, not the server.
            Err(failure) => eprintln!("{}: {failure}", lessonkit::program_name()),
        }
    }
    Ok(())
}

/// What the accept loop does when a chat has ended.
enum Next {
    /// Accept the next client.
    Client,
    /// Stop serving: the server's input has ended.
    Stop,
}

// ANCHOR: chat
fn chat(mut conn: TcpStream) -> Result<Next, Failure> {
    // One reader for the whole chat: what arrives after a line's end stays in
    // it, for the next `read_line`.
    let mut reader =
        BufReader::new(conn.try_clone().doing("sharing the connection")?);
    loop {
        // ret = the next line, however many reads it takes (was: conn.recv(1024))
        let mut ret = String::new();
        if reader.read_line(&mut ret).doing("receiving")? == 0 {
            return Err(io::Error::other("the client closed the connection"))
                .doing("receiving");
        }
        // A line always ends in "\n": without it, the stream ended mid-message.
        let Some(ret) = ret.strip_suffix('\n') else {
            return Err(io::Error::other(
                "the client closed the connection mid-line",
            ))
            .doing("receiving");
        };
        if ret.eq_ignore_ascii_case("Q") {
            break;
        }
        println!("{}", lessonkit::printable(ret.as_bytes()));

        let Some(msg) = lessonkit::input_message().doing("reading the keyboard")?
        else {
            // End of input (Ctrl-D) counts as Q: send it, then stop the server too.
            conn.write_all(b"Q\n").doing("sending")?;
            return Ok(Next::Stop);
        };
        // conn.send((msg + "\n").encode("utf-8")): the line's end marks the
        // message's.
        conn.write_all(format!("{msg}\n").as_bytes())
            .doing("sending")?;
        if msg.eq_ignore_ascii_case("Q") {
            break;
        }
    }
    Ok(Next::Client)
}
// ANCHOR_END: chat
