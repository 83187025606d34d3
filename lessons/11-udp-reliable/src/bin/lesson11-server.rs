//! Lesson 11 · UDP that loses datagrams (UDP 丢包与重传), the server.
//!
//! Lesson 07's server, plus one idea: a datagram can be lost, repeated or overtaken, and
//! nobody says so. So every client's datagram starts with a sequence number
//! (`7 alice:hello`), and the reply starts with the same one (`7 hi`). A client that got
//! no reply in time sends the same datagram again; this server recognises it (same
//! sender, same number), shows it only once, and sends the same reply again without
//! asking its user a second time.
//!
//! ```text
//! cargo run -p lesson11 --bin lesson11-server
//! cargo run -p lesson11 --bin lesson11-client -- --name alice
//! ```
//!
//! As in lesson 07, `Q` or `q` typed here, or sent by a client, ends the server.

use std::collections::HashMap;
use std::net::{SocketAddr, UdpSocket};
use std::process::ExitCode;

use lesson11::{is_quit, message_part, numbered};
use lessonkit::{BUFFER_SIZE, Doing, Failure, Options};
// As std's, but a closed output (`| head -1`) ends the program quietly, not in a panic.
use lessonkit::{eprintln, println};

fn main() -> ExitCode {
    let options = Options::server(
        "Lesson 11 server: UDP chat with sequence numbers. Prints each client's datagram \
         once, sends your reply back; a repeated datagram gets the same reply again. Q or q \
         (typed here, or sent by a client) ends it.",
    );
    lessonkit::exit(serve(&options))
}

// ANCHOR: serve
fn serve(options: &Options) -> Result<(), Failure> {
    let udp_sk = UdpSocket::bind(options.address())
        .doing(format!("binding {}", options.address()))?;
    lessonkit::notice_if_reachable(udp_sk.local_addr());

    // Each client's last number, and the reply it got: a repeat is answered
    // from here.
    let mut answered: HashMap<SocketAddr, (u64, Vec<u8>)> = HashMap::new();
    let mut buffer = [0; BUFFER_SIZE];
    loop {
        let (n, addr) = udp_sk.recv_from(&mut buffer).doing("receiving")?;
        // "7 alice:hello": the number, one space, the message.
        let Some((number, msg)) = numbered(&buffer[..n]) else {
            eprintln!(
                "{}: a datagram without a number, ignored",
                lessonkit::program_name()
            );
            continue;
        };
        match answered.get(&addr) {
            // The same datagram again: its reply was lost, or it came twice.
            // Answer it again, without asking (and without showing it) a second
            // time.
            Some((last, reply)) if *last == number => {
                udp_sk
                    .send_to(reply, addr)
                    .doing("sending the reply again")?;
                continue;
            }
            // An older one, overtaken by a later one: already answered.
            Some((last, _)) if *last > number => continue,
            _ => {}
        }
        if is_quit(message_part(msg)) {
            break;
        }
        println!("{}", lessonkit::printable(msg));

        let a = lessonkit::input()
            .doing("reading the keyboard")?
            .unwrap_or_else(|| "Q".to_owned());
        // The reply carries the number of the datagram it answers.
        let reply = format!("{number} {a}").into_bytes();
        udp_sk.send_to(&reply, addr).doing("sending the reply")?;
        if is_quit(a.as_bytes()) {
            break;
        }
        answered.insert(addr, (number, reply));
    }
    Ok(())
}
// ANCHOR_END: serve
