//! A lesson 01 server that receives the client's message but never answers.
//! The runner's tests expect it to fail the play at the step that waits for the client.

use std::io::Read;
use std::net::TcpListener;

fn main() -> std::io::Result<()> {
    let options = lessonkit::Options::server("Faulty: receives, never answers, never exits.");
    let listener = TcpListener::bind(options.address())?;
    let (mut conn, _) = listener.accept()?;
    let mut buffer = [0; 1024];
    let _ = conn.read(&mut buffer)?;
    // Wait for the client to give up: reading until its end of stream, never replying.
    while conn.read(&mut buffer)? > 0 {}
    // Stay alive after the client has gone: the runner must still end this process.
    let _ = std::io::stdin().read_to_end(&mut Vec::new());
    Ok(())
}
