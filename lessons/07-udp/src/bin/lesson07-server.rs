//! Lesson 07 · UDP (UDP 聊天), the server.
//!
//! The one idea: UDP has no connection. The server only binds an address: no
//! `listen`, no `accept`. Every `recv_from` gives one datagram *and the address it
//! came from*, and the reply goes back with `send_to` to that address. So one server
//! talks with many clients in turn (one-to-many), and each client puts its name
//! before its message (`alice:hello`) so the server can tell them apart.
//!
//! `Q` or `q` ends the chat: typed here, it is sent to the client that spoke last
//! and the server stops; received from a client (`alice:q`: the tag ends at the
//! first `:`), the server stops too, as the notes' server does. End of standard
//! input counts as typing `Q`.
//!
//! Run it, then one or more clients, each in its own terminal:
//!
//! ```text
//! cargo run -p lesson07 --bin lesson07-server
//! cargo run -p lesson07 --bin lesson07-client -- --name alice
//! cargo run -p lesson07 --bin lesson07-client -- --name bob
//! ```

use std::net::UdpSocket;
use std::process::ExitCode;

use lessonkit::{BUFFER_SIZE, Doing, Failure, Options};
// As std's, but a closed output (`| head -1`) ends the program quietly, not in a panic.
use lessonkit::println;

fn main() -> ExitCode {
    let options = Options::server(
        "Lesson 07 server: UDP chat. Prints each client's datagram, sends your reply back to \
         that client. Q or q (typed here, or sent by a client) ends it.",
    );
    lessonkit::exit(serve(&options))
}

// ANCHOR: serve
fn serve(options: &Options) -> Result<(), Failure> {
    // udp_sk = socket.socket(type=socket.SOCK_DGRAM)
    // udp_sk.bind(('127.0.0.1', 9000)): no listen() nor accept(): nobody connects.
    let udp_sk = UdpSocket::bind(options.address())
        .doing(format!("binding {}", options.address()))?;
    // Not 127.0.0.1? Then other machines can send to it too: the server says so.
    lessonkit::notice_if_reachable(udp_sk.local_addr());

    let mut buffer = [0; BUFFER_SIZE];
    // while True:
    loop {
        // msg, addr = udp_sk.recvfrom(1024): the datagram and who sent it. A
        // datagram longer than 1024 bytes is cut to 1024; the rest of it is lost.
        let (n, addr) = udp_sk.recv_from(&mut buffer).doing("receiving")?;
        let msg = &buffer[..n];

        // if msg.decode("utf-8").upper() == "Q": break   (here: `alice:q` as well)
        if is_quit(message_part(msg)) {
            break;
        }
        // print(msg.decode()): the client's name tag shows whom we talk to.
        println!("{}", lessonkit::printable(msg));

        // a = input(">>>").encode("utf-8"); end of input counts as typing Q.
        let a = lessonkit::input()
            .doing("reading the keyboard")?
            .unwrap_or_else(|| "Q".to_owned());
        // udp_sk.sendto(a, addr): the reply goes to whoever sent the last datagram.
        udp_sk
            .send_to(a.as_bytes(), addr)
            .doing("sending the reply")?;
        // if a.decode().upper() == "Q": break
        if is_quit(a.as_bytes()) {
            break;
        }
    }
    // udp_sk.close(): dropping the socket closes it.
    Ok(())
}
// ANCHOR_END: serve

/// The message without its name tag: `alice:q` gives `q`. The tag ends at the first
/// `:`; a datagram without any `:` is all message.
fn message_part(datagram: &[u8]) -> &[u8] {
    match datagram.iter().position(|&byte| byte == b':') {
        Some(colon) => &datagram[colon + 1..],
        None => datagram,
    }
}

/// `Q` or `q`, and nothing else: the notes' `.upper() == "Q"`.
fn is_quit(message: &[u8]) -> bool {
    message.eq_ignore_ascii_case(b"q")
}
