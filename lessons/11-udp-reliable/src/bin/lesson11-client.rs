//! Lesson 11 · UDP that loses datagrams (UDP 丢包与重传), the client.
//!
//! Lesson 07's client waits for ever when its datagram or the reply is lost (the notes'
//! "客户端会卡住"). This one waits at most `--timeout-ms` for the reply, then sends the same
//! datagram again, `--tries` times in all; each datagram starts with a sequence number
//! (`7 alice:hello`), so a late or repeated reply (`6 hi`) is recognised and ignored.
//! When every try is spent, it ends with one line on standard error and exit code 1.
//!
//! Start the server first (`cargo run -p lesson11 --bin lesson11-server`), then:
//!
//! ```text
//! cargo run -p lesson11 --bin lesson11-client -- --name alice
//! ```

use std::io;
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, ToSocketAddrs, UdpSocket};
use std::process::ExitCode;
use std::time::Instant;

use lesson11::{is_quit, numbered};
use lessonkit::{BUFFER_SIZE, Doing, Failure, Options, Retry};
// As std's, but a closed output (`| head -1`) ends the program quietly, not in a panic.
use lessonkit::{eprintln, println};

fn main() -> ExitCode {
    let options = Options::retrying_client(
        "Lesson 11 client: UDP chat that survives lost datagrams. Sends each typed line as \
         NUMBER NAME:line, and sends it again when no reply comes in time. Q or q (typed \
         here, or sent by the server) ends it.",
    );
    let name = options.name();
    if name.is_empty() || name.contains(':') {
        eprintln!(
            "{}: --name must not be empty nor contain ':' (got {name:?})",
            lessonkit::program_name()
        );
        return ExitCode::from(2);
    }
    lessonkit::exit(talk(&options))
}

// ANCHOR: talk
fn talk(options: &Options) -> Result<(), Failure> {
    let server = server_address(options)?;
    let udp_sk =
        UdpSocket::bind(local_address_for(server)).doing("binding a local port")?;
    let name = options.name();
    let mut buffer = [0; BUFFER_SIZE];
    // Each message has the next number: 1, 2, 3...
    for number in 1.. {
        let msg = lessonkit::input()
            .doing("reading the keyboard")?
            .unwrap_or_else(|| "Q".to_owned());
        let datagram = format!("{number} {name}:{msg}");
        if is_quit(msg.as_bytes()) {
            // Q needs no reply: sent once, as in lesson 07.
            udp_sk
                .send_to(datagram.as_bytes(), server)
                .doing(format!("sending to {server}"))?;
            break;
        }
        let back_msg = exchange(
            &udp_sk,
            server,
            datagram.as_bytes(),
            number,
            options.retry,
            &mut buffer,
        )?;
        if is_quit(&back_msg) {
            break;
        }
        println!("{}", lessonkit::printable(&back_msg));
    }
    Ok(())
}

/// Sends `datagram` and waits for the reply that carries its number; sends it again
/// when none comes in time, `retry.tries` times in all.
fn exchange(
    udp_sk: &UdpSocket,
    server: SocketAddr,
    datagram: &[u8],
    number: u64,
    retry: Retry,
    buffer: &mut [u8],
) -> Result<Vec<u8>, Failure> {
    for _ in 0..retry.tries {
        udp_sk
            .send_to(datagram, server)
            .doing(format!("sending to {server}"))?;
        // Wait for this datagram's reply until the try's time is up, whatever comes.
        let deadline = Instant::now() + retry.timeout;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            if left.is_zero() {
                break;
            }
            udp_sk
                .set_read_timeout(Some(left))
                .doing("setting the timeout")?;
            match udp_sk.recv(buffer) {
                Ok(n) => {
                    if let Some((answers, reply)) = numbered(&buffer[..n])
                        && answers == number
                    {
                        return Ok(reply.to_vec());
                    }
                    // A late or repeated reply to an earlier datagram: not
                    // this one's.
                }
                // No reply in time: send again.
                Err(error) if is_timeout(&error) => break,
                Err(error) => return Err(error).doing("receiving"),
            }
        }
    }
    Err(io::Error::other(format!(
        "no reply after {} tries, {} ms each: is the server running?",
        retry.tries,
        retry.timeout.as_millis()
    )))
    .doing("waiting for the reply")
}
// ANCHOR_END: talk

/// A try that got no reply: the read ran out of time (`WouldBlock` on Unix, `TimedOut`
/// on Windows), or the system said nobody received the datagram (Windows reports that
/// on an unconnected socket as a reset).
fn is_timeout(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::WouldBlock
            | io::ErrorKind::TimedOut
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::ConnectionRefused
    )
}

/// The server's address, from `--host` and `--port`.
fn server_address(options: &Options) -> Result<SocketAddr, Failure> {
    let doing = format!("looking up {}", options.address());
    let mut found = options.address().to_socket_addrs().doing(&doing)?;
    found
        .next()
        .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no address found"))
        .doing(&doing)
}

/// The client's own socket: on the loopback address for a server on this machine, else
/// on every address; any free port (lesson 07).
fn local_address_for(server: SocketAddr) -> SocketAddr {
    let ip = match (server.ip().is_loopback(), server.is_ipv4()) {
        (true, true) => Ipv4Addr::LOCALHOST.into(),
        (true, false) => Ipv6Addr::LOCALHOST.into(),
        (false, true) => Ipv4Addr::UNSPECIFIED.into(),
        (false, false) => Ipv6Addr::UNSPECIFIED.into(),
    };
    SocketAddr::new(ip, 0)
}
