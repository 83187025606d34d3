//! A server that binds a port of its own (`FAULTY_PORT`, 9123 without it) whatever port it
//! is told (rules `wrong-port` and, when that port is taken, `port-clash-own-scenario`).

use std::io::Read;
use std::net::TcpListener;

fn main() -> std::io::Result<()> {
    let _told = lessonkit::Options::server("Faulty: binds a fixed port.");
    let port = std::env::var("FAULTY_PORT").unwrap_or_else(|_| "9123".into());
    // The fault: not `options.address()`.
    let listener = TcpListener::bind(format!("127.0.0.1:{port}"))?;
    let (mut conn, _) = listener.accept()?;
    let mut buffer = [0; 1024];
    let _ = conn.read(&mut buffer)?;
    Ok(())
}
