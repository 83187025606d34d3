//! Lesson 10 · many friends at once (多人聊天, 服务端转发), the server.
//!
//! Lesson 09's lines, and one idea: the server serves every client at the same
//! time, a thread per client, and forwards what each one says. The friends who are
//! here are shared by every thread, behind a `Mutex`.
//!
//! - A client's first line is its name. A name already in use, or one that is not a
//!   name (empty, longer than 32 characters, with a space, a `:` or a control
//!   character, or starting with `@` or `*`), is refused: one line saying so, and the
//!   connection is closed. No one speaks as another.
//! - Every later line is a message, forwarded as `NAME:line`: `@bob hi` goes to bob
//!   alone, any other line to every other friend (never back to its sender).
//! - Joining and leaving are announced to the others, in lines that start with `* `
//!   (a name cannot, so no one can fake them).
//!
//! A slow or stuck reader must not stall the others (as Beej's `pollserver.c`): a
//! thread that forwards a line never waits for a receiver. Each client has a queue of
//! at most 10 000 lines (a line is at most 1024 bytes: about 10 MB), which its own
//! writer thread sends on. A client whose queue is full has stopped reading: it is
//! disconnected, with one line on the server's standard error, and the others are
//! told it left. A line longer than 1024 bytes, bytes that are not UTF-8 text, or a
//! connection closed in the middle of a line ends that client's session the same way,
//! and nothing else.
//!
//! The server has no keyboard: it serves until it is stopped (Ctrl-C).
//!
//! ```text
//! cargo run -p lesson10 --bin lesson10-server
//! cargo run -p lesson10 --bin lesson10-client -- --name alice
//! ```

use std::collections::HashMap;
use std::fmt;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::process::ExitCode;
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread;

use lessonkit::{BUFFER_SIZE, Doing, Failure, Options};
// As std's, but a closed output (`| head -1`) ends the program quietly, not in a panic.
use lessonkit::{eprintln, println};

/// The longest line a client may send, without its `\n`: the notes' `recv(1024)`.
const MAX_LINE: usize = BUFFER_SIZE;

/// How many lines may wait for one client before it counts as not reading.
const QUEUE_LINES: usize = 10_000;

fn main() -> ExitCode {
    let options = Options::server(
        "Lesson 10 server: forwards every client's lines to the others, @NAME to NAME \
         alone, until stopped.",
    );
    lessonkit::exit(serve(&options))
}

// ANCHOR: friends
/// A friend who has joined: where their lines go, and their connection, to cut it.
struct Friend {
    /// Tells this friend from a later one of the same name.
    id: usize,
    /// The friend's queue: their writer thread sends what is put here.
    outbox: SyncSender<Arc<str>>,
    conn: TcpStream,
}

/// Everyone here, by name: shared by every client's thread.
type Room = Mutex<HashMap<String, Friend>>;
// ANCHOR_END: friends

// ANCHOR: serve
fn serve(options: &Options) -> Result<(), Failure> {
    // sk.bind(('127.0.0.1', 9000)); sk.listen()
    let listener = TcpListener::bind(options.address())
        .doing(format!("binding {}", options.address()))?;
    lessonkit::notice_if_reachable(listener.local_addr());
    let room: Arc<Room> = Arc::default();
    // while True: conn, addr = sk.accept(), and a thread of its own for each.
    for (id, conn) in listener.incoming().enumerate() {
        let conn = match conn {
            Ok(conn) => conn,
            Err(error) => {
                eprintln!(
                    "{}: accepting a client: {error}",
                    lessonkit::program_name()
                );
                continue;
            }
        };
        let room = Arc::clone(&room);
        let started = thread::Builder::new().spawn(move || session(&room, conn, id));
        if let Err(error) = started {
            eprintln!(
                "{}: starting a client's thread: {error}",
                lessonkit::program_name()
            );
        }
    }
    Ok(())
}
// ANCHOR_END: serve

// ANCHOR: session
/// One client, from its name to its leaving, in its own thread.
fn session(room: &Room, conn: TcpStream, id: usize) {
    let Ok(reading) = conn.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(reading);
    // The first line is the name.
    let name = match read_line(&mut reader) {
        Ok(name) => name,
        Err(Ended::Closed) => return,
        Err(ended) => {
            let who = conn
                .peer_addr()
                .map_or("a client".to_owned(), |a| a.to_string());
            eprintln!("{}: {who}: {ended}", lessonkit::program_name());
            return;
        }
    };
    let (outbox, queue) = mpsc::sync_channel(QUEUE_LINES);
    {
        let mut friends = lock(room);
        if let Some(refusal) = refusal(&name, &friends) {
            println!("refused {}", lessonkit::printable(name.as_bytes()));
            let mut conn = &conn;
            let _ = writeln!(conn, "{refusal}");
            let _ = conn.shutdown(Shutdown::Write);
            return;
        }
        let Ok(writing) = conn.try_clone() else {
            return;
        };
        if thread::Builder::new()
            .spawn(move || send_queued(writing, queue))
            .is_err()
        {
            return;
        }
        let friend = Friend { id, outbox, conn };
        friends.insert(name.clone(), friend);
        println!("{name} joined ({} here)", friends.len());
        let here = friends.len();
        deliver(
            &mut friends,
            |to| to == name,
            &format!("* welcome {name} ({here} here)"),
        );
        deliver(&mut friends, |to| to != name, &format!("* {name} joined"));
    }

    // while True: every later line is a message.
    let ended = loop {
        match read_line(&mut reader) {
            Ok(line) => forward(&mut lock(room), &name, &line),
            Err(ended) => break ended,
        }
    };
    let mut friends = lock(room);
    // Unless it was cut already (it stopped reading), this friend leaves now.
    if friends.get(&name).is_some_and(|friend| friend.id == id) {
        if !matches!(ended, Ended::Closed) {
            eprintln!("{}: {name}: {ended}", lessonkit::program_name());
        }
        leave(&mut friends, &name);
    }
}
// ANCHOR_END: session

// ANCHOR: forward
/// Forwards a line from `from`: `@NAME text` to NAME alone, any other line to
/// everyone else.
fn forward(friends: &mut HashMap<String, Friend>, from: &str, line: &str) {
    if line.is_empty() {
        return;
    }
    let tagged = format!("{from}:{line}");
    let shown = lessonkit::printable(tagged.as_bytes());
    if let Some(addressed) = line.strip_prefix('@') {
        let to = addressed.split(' ').next().unwrap_or_default();
        if friends.contains_key(to) {
            println!("{shown} (to {to} alone)");
            deliver(friends, |name| name == to, &tagged);
        } else {
            let unknown = lessonkit::printable(to.as_bytes());
            deliver(
                friends,
                |name| name == from,
                &format!("* nobody here is named {unknown}"),
            );
        }
    } else {
        println!("{shown}");
        deliver(friends, |name| name != from, &tagged);
    }
}

/// Puts `line` in the queue of every friend `to` picks, without ever waiting: a
/// friend whose queue is full has stopped reading, and is cut off.
fn deliver(
    friends: &mut HashMap<String, Friend>,
    to: impl Fn(&str) -> bool,
    line: &str,
) {
    let line: Arc<str> = Arc::from(format!("{line}\n"));
    let mut stuck = Vec::new();
    for (name, friend) in friends.iter() {
        if !to(name) {
            continue;
        }
        match friend.outbox.try_send(Arc::clone(&line)) {
            Ok(()) => {}
            Err(TrySendError::Full(_)) => stuck.push(name.clone()),
            // Its writer stopped (the connection failed): its reader says so.
            Err(TrySendError::Disconnected(_)) => {}
        }
    }
    for name in stuck {
        eprintln!(
            "{}: {name}: {QUEUE_LINES} lines wait for it (it does not read): \
             disconnected",
            lessonkit::program_name()
        );
        if let Some(friend) = friends.get(&name) {
            // Its writer may be blocked in `write`: this ends it, and the reader.
            let _ = friend.conn.shutdown(Shutdown::Both);
        }
        leave(friends, &name);
    }
}

/// Takes `name` out of the room and tells the others.
fn leave(friends: &mut HashMap<String, Friend>, name: &str) {
    if friends.contains_key(name) {
        // Said before the connection closes, so that whoever sees the close has it.
        println!("{name} left ({} here)", friends.len() - 1);
        // Dropping its queue ends its writer thread once the queue is sent.
        friends.remove(name);
        deliver(friends, |_| true, &format!("* {name} left"));
    }
}
// ANCHOR_END: forward

// ANCHOR: send_queued
/// A friend's writer thread: sends their queue, in order, until it is dropped.
fn send_queued(conn: TcpStream, queue: Receiver<Arc<str>>) {
    let mut conn = BufWriter::new(conn);
    while let Ok(line) = queue.recv() {
        // Whatever else waits goes in the same write.
        let mut sent = conn.write_all(line.as_bytes());
        while let (Ok(()), Ok(line)) = (&sent, queue.try_recv()) {
            sent = conn.write_all(line.as_bytes());
        }
        if sent.and_then(|()| conn.flush()).is_err() {
            // Its reader thread notices the broken connection too, and says so.
            return;
        }
    }
    // Queue dropped: the friend has left. Close our side politely.
    let _ = conn.flush();
    let _ = conn.get_ref().shutdown(Shutdown::Write);
}
// ANCHOR_END: send_queued

// ANCHOR: read_line
/// Why a client's session ended.
enum Ended {
    /// The client closed the connection at the end of a line: it left.
    Closed,
    ClosedMidLine,
    TooLong,
    NotText,
    Failed(io::Error),
}

impl fmt::Display for Ended {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ended::Closed => write!(f, "the client closed the connection"),
            Ended::ClosedMidLine => {
                write!(
                    f,
                    "the client closed the connection in the middle of a line"
                )
            }
            Ended::TooLong => {
                write!(f, "a line longer than {MAX_LINE} bytes: disconnected")
            }
            Ended::NotText => {
                write!(f, "a line that is not UTF-8 text: disconnected")
            }
            Ended::Failed(error) => write!(f, "receiving: {error}"),
        }
    }
}

/// Reads one line, without its `\n` (or `\r\n`), of at most [`MAX_LINE`] bytes.
fn read_line(reader: &mut impl BufRead) -> Result<String, Ended> {
    let mut line = Vec::new();
    // `take` bounds what one line may cost; `read_until` rather than `read_line`, so
    // that a line cut at the bound is judged by its length, not by a cut character.
    let limit = MAX_LINE as u64 + 1;
    let n = reader
        .by_ref()
        .take(limit)
        .read_until(b'\n', &mut line)
        .map_err(Ended::Failed)?;
    if line.pop() != Some(b'\n') {
        return Err(match n {
            0 => Ended::Closed,
            n if n > MAX_LINE => Ended::TooLong,
            _ => Ended::ClosedMidLine,
        });
    }
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    String::from_utf8(line).map_err(|_| Ended::NotText)
}
// ANCHOR_END: read_line

// ANCHOR: refusal
/// Why `name` cannot join, in the line the client is sent; `None` when it can.
fn refusal(name: &str, friends: &HashMap<String, Friend>) -> Option<String> {
    let shown = lessonkit::printable(name.as_bytes());
    if let Some(problem) = name_problem(name) {
        Some(format!("* refused, {problem}"))
    } else if friends.contains_key(name) {
        Some(format!(
            "* refused, the name {shown} is taken (pick another --name)"
        ))
    } else {
        None
    }
}

/// What makes `name` unusable, if anything (the client checks it the same way).
fn name_problem(name: &str) -> Option<&'static str> {
    if name.is_empty() || name.chars().count() > 32 {
        Some("a name has 1 to 32 characters")
    } else if name
        .chars()
        .any(|c| c == ':' || c.is_whitespace() || c.is_control())
    {
        Some("a name has no space, no colon and no control character")
    } else if name.starts_with(['@', '*']) {
        Some("a name does not start with @ or *")
    } else {
        None
    }
}
// ANCHOR_END: refusal

/// Locks the room. A thread that panicked while holding it cannot have left it half
/// changed in a way that matters here, so the lock is taken anyway.
fn lock(room: &Room) -> MutexGuard<'_, HashMap<String, Friend>> {
    room.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}
