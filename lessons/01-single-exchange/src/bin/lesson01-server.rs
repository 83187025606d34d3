//! Lesson 01 · single exchange (一次收发), the server.
//!
//! The one idea: a TCP server binds an address, listens, accepts one client, then
//! receives and sends bytes over the connection that `accept` returned.
//!
//! Run it, then the client in a second terminal:
//!
//! ```text
//! cargo run -p lesson01 --bin lesson01-server
//! cargo run -p lesson01 --bin lesson01-client
//! ```

use std::io::{Read, Write};
use std::net::TcpListener;
use std::process::ExitCode;

use lessonkit::{BUFFER_SIZE, Doing, Failure, Options};
// As std's, but a closed output (`| head -1`) ends the program quietly, not in a panic.
use lessonkit::println;

fn main() -> ExitCode {
    let options = Options::server(
        "Lesson 01 server: receives one message, answers `hi`, exits.",
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
    // conn, addr = sk.accept(): blocks until a client connects (the handshake).
    let (mut conn, _addr) = listener.accept().doing("accepting a client")?;

    // ret = conn.recv(1024): the wire carries bytes, not text.
    let mut buffer = [0; BUFFER_SIZE];
    let n = conn.read(&mut buffer).doing("receiving")?;
    println!("{}", lessonkit::printable(&buffer[..n]));

    // conn.send(b'hi')
    conn.write_all(b"hi").doing("sending")?;

    // conn.close() ends this client's connection;
    // sk.close() means nobody can connect any more.
    drop(conn);
    drop(listener);
    Ok(())
}
// ANCHOR_END: serve
