//! Lesson 09 · message boundaries (消息边界): what the network may do to a stream, and
//! how each way of reading it comes out.
//!
//! TCP delivers bytes in order, but not in the pieces they were sent in: two quick sends
//! may arrive as one piece, and one send as several. On one machine this almost never
//! shows, so each case makes it happen on a real connection over `127.0.0.1`, the same
//! way every time, and reads the stream twice: the notes' way (one `recv(1024)` per
//! message, as lessons 01 to 08 do) and this lesson's (a line per message, `read_line`).
//!
//! ```text
//! cargo run -p lesson09 --bin lesson09-cases -- glued
//! cargo run -p lesson09 --bin lesson09-cases -- cut
//! ```

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::ExitCode;
use std::sync::mpsc;
use std::thread;

use lessonkit::{BUFFER_SIZE, Doing, Failure};
// As std's, but a closed output (`| head -1`) ends the program quietly, not in a panic.
use lessonkit::{eprintln, println};

const USAGE: &str = "usage: lesson09-cases glued|cut|all

glued  two quick sends, delivered by the network as one piece
cut    one send, delivered by the network in two pieces";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let cases: &[&str] = match args.iter().map(String::as_str).collect::<Vec<_>>()[..]
    {
        ["--help" | "-h"] => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        ["glued"] => &["glued"],
        ["cut"] => &["cut"],
        ["all"] => &["glued", "cut"],
        _ => {
            eprintln!(
                "{}: expected one of glued, cut, all (see --help)",
                lessonkit::program_name()
            );
            return ExitCode::from(2);
        }
    };
    lessonkit::exit(cases.iter().try_for_each(|case| match *case {
        "glued" => glued(),
        _ => cut(),
    }))
}

/// A connected pair on 127.0.0.1: (the sending end, the receiving end).
fn connection() -> Result<(TcpStream, TcpStream), Failure> {
    let listener = TcpListener::bind("127.0.0.1:0").doing("binding 127.0.0.1:0")?;
    let address = listener.local_addr().doing("reading the bound address")?;
    let sender =
        TcpStream::connect(address).doing(format!("connecting to {address}"))?;
    let (receiver, _) = listener.accept().doing("accepting")?;
    Ok((sender, receiver))
}

// ANCHOR: glued
/// "hello" and "how are you?", sent one right after the other, come as one piece.
fn glued() -> Result<(), Failure> {
    println!(
        "glued: \"hello\" and \"how are you?\", sent quickly, arrive as one piece"
    );
    // The network's choice, made here: both sends in one piece.
    let notes_way = notes_way(|sk, _| sk.write_all(b"hellohow are you?"))?;
    let lines = by_lines(|sk| sk.write_all(b"hello\nhow are you?\n"))?;
    show(&notes_way, &lines);
    Ok(())
}

/// "how are you today?", sent at once, comes in two pieces.
fn cut() -> Result<(), Failure> {
    println!("cut: \"how are you today?\", sent at once, arrives in two pieces");
    let notes_way = notes_way(|sk, received| {
        sk.write_all(b"how are y")?;
        // The second piece comes once the first has been read.
        let _ = received.recv();
        sk.write_all(b"ou today?")
    })?;
    let lines = by_lines(|sk| {
        sk.write_all(b"how are y")?;
        sk.write_all(b"ou today?\n")
    })?;
    show(&notes_way, &lines);
    Ok(())
}
// ANCHOR_END: glued

// ANCHOR: readers
/// The notes' way: each `recv(1024)` is taken for one message, until the stream
/// ends.
fn notes_way(
    send: impl FnOnce(&mut TcpStream, mpsc::Receiver<()>) -> io::Result<()>
    + Send
    + 'static,
) -> Result<Vec<String>, Failure> {
    let (mut sender, mut conn) = connection()?;
    let (read_one, received) = mpsc::channel();
    let sending = thread::spawn(move || send(&mut sender, received));
    let mut messages = Vec::new();
    let mut buffer = [0; BUFFER_SIZE];
    loop {
        // ret = conn.recv(1024): whatever has arrived, up to 1024 bytes.
        let n = conn.read(&mut buffer).doing("receiving")?;
        if n == 0 {
            break;
        }
        messages.push(lessonkit::printable(&buffer[..n]));
        let _ = read_one.send(());
    }
    let sent = sending.join();
    sent.unwrap_or_else(|_| Err(io::Error::other("the sender panicked")))
        .doing("sending")?;
    Ok(messages)
}

/// This lesson's way: a message is a line, read with `read_line`, until the
/// stream ends.
fn by_lines(
    send: impl FnOnce(&mut TcpStream) -> io::Result<()> + Send + 'static,
) -> Result<Vec<String>, Failure> {
    let (mut sender, conn) = connection()?;
    let sending = thread::spawn(move || send(&mut sender));
    let mut reader = BufReader::new(conn);
    let mut messages = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).doing("receiving")? == 0 {
            break;
        }
        let line = line.strip_suffix('\n').unwrap_or(&line);
        messages.push(lessonkit::printable(line.as_bytes()));
    }
    let sent = sending.join();
    sent.unwrap_or_else(|_| Err(io::Error::other("the sender panicked")))
        .doing("sending")?;
    Ok(messages)
}
// ANCHOR_END: readers

fn show(notes_way: &[String], lines: &[String]) {
    println!("  the notes' way, one recv(1024) per message:");
    for (number, message) in notes_way.iter().enumerate() {
        println!("    message {}: {message:?}", number + 1);
    }
    println!("  a line per message, read_line:");
    for (number, message) in lines.iter().enumerate() {
        println!("    message {}: {message:?}", number + 1);
    }
}
