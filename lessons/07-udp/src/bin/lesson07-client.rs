//! Lesson 07 · UDP (UDP 聊天), the client.
//!
//! The one idea: a UDP client does not connect. It names the server in every
//! `send_to`, and reads the answer with a plain `recv`: just the data, since it
//! knows whom it talks to. It puts its name before each message (`alice:hello`),
//! because the one server chats with many clients and a datagram says nothing else
//! about who is speaking.
//!
//! `Q` or `q` ends the chat: typed here, it is sent (as `alice:q`) and the client
//! stops; received from the server, the client stops. End of standard input counts
//! as typing `Q`.
//!
//! No server, or a server that stopped: `send_to` still succeeds (UDP sends without
//! asking anybody), and on Linux the `recv` that follows waits forever. That is the
//! notes' behaviour and this client keeps it: stop it with Ctrl-C. (On Windows the
//! notes saw the `recv` fail instead, with `[WinError 10054]`; this client would
//! print that on one line and exit 1.)
//! Lesson 08 shows these cases one by one.
//!
//! Start the server first (`cargo run -p lesson07 --bin lesson07-server`), then:
//!
//! ```text
//! cargo run -p lesson07 --bin lesson07-client -- --name alice
//! ```

use std::io;
use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr, ToSocketAddrs, UdpSocket};
use std::process::ExitCode;

use lessonkit::{BUFFER_SIZE, Doing, Failure, Options};
// As std's, but a closed output (`| head -1`) ends the program quietly, not in a panic.
use lessonkit::{eprintln, println};

fn main() -> ExitCode {
    let options = Options::named_client(
        "Lesson 07 client: UDP chat. Sends each typed line as NAME:line to the server, prints \
         its reply. Q or q (typed here, or sent by the server) ends it.",
    );
    // The server reads the name up to the first ':' (lesson 05): no ':' in it.
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
    // udp_sk = socket.socket(type=socket.SOCK_DGRAM)
    // Python binds a client's UDP socket by itself at the first sendto. Here it is
    // done by hand, with port 0: the system picks a free port. A client needs no
    // fixed port, because nobody has to find it in advance: its address travels in
    // every datagram it sends, and the server answers to that (`recvfrom`). Only the
    // server needs a port known to all.
    let udp_sk =
        UdpSocket::bind(local_address_for(server)).doing("binding a local port")?;

    // name_and_qq = "小郭吹雪1234QQ"
    let name = options.name();
    let mut buffer = [0; BUFFER_SIZE];
    // while True:
    loop {
        // msg = input(">>>"); end of standard input counts as typing Q.
        let msg = lessonkit::input()
            .doing("reading the keyboard")?
            .unwrap_or_else(|| "Q".to_owned());
        // udp_sk.sendto((name_and_qq + ":" + msg).encode("utf-8"),
        //               ('127.0.0.1', 9000))
        udp_sk
            .send_to(format!("{name}:{msg}").as_bytes(), server)
            .doing(format!("sending to {server}"))?;
        // if msg.upper() == "Q": break
        if is_quit(msg.as_bytes()) {
            break;
        }

        // back_msg = udp_sk.recv(1024): only the data. No server: it waits here.
        let n = udp_sk.recv(&mut buffer).doing("receiving")?;
        let back_msg = &buffer[..n];
        // if back_msg.decode("utf-8").upper() == "Q": break
        if is_quit(back_msg) {
            break;
        }
        // print(back_msg.decode())
        println!("{}", lessonkit::printable(back_msg));
    }
    // udp_sk.close()
    Ok(())
}
// ANCHOR_END: talk

/// The server's address, from `--host` and `--port`.
fn server_address(options: &Options) -> Result<SocketAddr, Failure> {
    let doing = format!("looking up {}", options.address());
    let mut found = options.address().to_socket_addrs().doing(&doing)?;
    found
        .next()
        .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no address found"))
        .doing(&doing)
}

/// Where the client's own socket lives: on this machine's loopback address when the
/// server is on this machine (`127.0.0.1`, the notes' case), else on every address,
/// so that the datagrams can leave by the network. The port is always 0: any free
/// one.
fn local_address_for(server: SocketAddr) -> SocketAddr {
    let ip = match (server.ip().is_loopback(), server.is_ipv4()) {
        (true, true) => Ipv4Addr::LOCALHOST.into(),
        (true, false) => Ipv6Addr::LOCALHOST.into(),
        (false, true) => Ipv4Addr::UNSPECIFIED.into(),
        (false, false) => Ipv6Addr::UNSPECIFIED.into(),
    };
    SocketAddr::new(ip, 0)
}

/// `Q` or `q`, and nothing else: the notes' `.upper() == "Q"`.
fn is_quit(message: &[u8]) -> bool {
    message.eq_ignore_ascii_case(b"q")
}
