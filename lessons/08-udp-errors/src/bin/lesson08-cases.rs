//! Lesson 08 · UDP error cases (UDP 报错): every misuse the notes list, in Rust.
//!
//! The one idea: where Python fails while the program runs, Rust often refuses to
//! compile the same line at all (a missing address, an address where none fits, a
//! pair unpacked from a byte count); what is left are the operating system's own
//! errors, which Rust hands over as an `io::Error` with a kind and the system's
//! error number. Each case shows the notes' Python line, the message the notes saw
//! on Windows, what Python says on Linux, and what Rust gives: the compiler's error
//! (the refused programs are in `cases/compile-fail/`), or the live `io::Error` of
//! the case, run for real on this machine.
//!
//! Systems number and word their errors each their own way (a refusal is error 111 on Linux,
//! 61 on macOS, 10054 on Windows), so a case shows what an error means, the same everywhere;
//! the system's own words follow on a line of their own when the output is a terminal, or
//! with `--system` (the lesson's page lists what each system says).
//!
//! Every case binds its own sockets on ports the system picks (`127.0.0.1:0`), so none of
//! them needs, or disturbs, a server on port 9000. The notes' "hangs" end after a 200 ms
//! read timeout.
//!
//! ```text
//! cargo run -p lesson08 --bin lesson08-cases -- --list
//! cargo run -p lesson08 --bin lesson08-cases -- no-server-connected
//! cargo run -p lesson08 --bin lesson08-cases -- all
//! rustc --edition 2024 --crate-type bin lessons/08-udp-errors/cases/compile-fail/recv-into-tuple.rs
//! ```

use std::io::{self, IsTerminal};
use std::net::{IpAddr, SocketAddr, ToSocketAddrs, UdpSocket};
use std::process::ExitCode;
use std::time::Duration;

use lessonkit::{BUFFER_SIZE, Doing, Failure};
// As std's, but a closed output (`| head -1`) ends the program quietly, not in a panic.
use lessonkit::{eprintln, print, println};
use socket2::{Domain, SockAddr, Socket, Type};

/// How long a case waits where the notes' program waits forever.
const HANG_LIMIT: Duration = Duration::from_millis(200);

/// One misuse from the notes.
struct Case {
    name: &'static str,
    summary: &'static str,
    /// The notes' Python line.
    python: &'static str,
    /// What the notes saw, on Windows.
    windows: &'static str,
    /// What Python 3.11 says on Linux (LESSONS.md, lesson 08).
    linux: &'static str,
    /// The same step in Rust.
    rust: &'static str,
    how: How,
    /// What the case teaches.
    why: &'static str,
}

/// How Rust meets the case.
enum How {
    /// The compiler refuses the program in `cases/compile-fail/FILE`.
    Refused {
        file: &'static str,
        code: &'static str,
        message: &'static str,
    },
    /// The program runs; the function returns the steps it took and what each gave.
    Runs(fn(IpAddr) -> Result<Vec<Step>, Failure>),
}

/// One call of a run-time case and its result, as the case shows it.
struct Step {
    call: &'static str,
    result: io::Result<String>,
    /// What an error of this call means, in words the same on every system.
    meaning: fn(&io::Error) -> &'static str,
}

fn step(call: &'static str, result: io::Result<impl ToString>) -> Step {
    Step {
        call,
        result: result.map(|value| value.to_string()),
        meaning,
    }
}

const WINDOWS_10057: &str = "OSError: [WinError 10057] 由于套接字没有连接并且(当使用一个 sendto 调用发送数据报套接字时)没有提供地址,发送或接收数据的请求没有被接受。";
const WINDOWS_10054: &str = "[WinError 10054] 远程主机强迫关闭了一个现有的连接。";

/// The cases, in the order of the notes' table.
const CASES: &[Case] = &[
    Case {
        name: "sendto-without-address",
        summary: "the client calls sendto(data) and forgets the (ip, port) tuple",
        python: "udp_sk.sendto(a)",
        windows: "TypeError: sendto() takes 2 or 3 arguments (1 given)",
        linux: "TypeError: sendto() takes 2 or 3 arguments (1 given)",
        rust: "udp_sk.send_to(a)?;",
        how: How::Refused {
            file: "sendto-without-address.rs",
            code: "E0061",
            message: "this method takes 2 arguments but 1 argument was supplied",
        },
        why: "a missing argument is found before the program runs",
    },
    Case {
        name: "send-with-address",
        summary: "the server answers with send(data, addr) instead of sendto",
        python: "udp_sk.send(a, addr)",
        windows: "TypeError: an integer is required (got type tuple)",
        linux: "TypeError: 'tuple' object cannot be interpreted as an integer",
        rust: "udp_sk.send(a, addr)?;",
        how: How::Refused {
            file: "send-with-address.rs",
            code: "E0061",
            message: "this method takes 1 argument but 2 arguments were supplied",
        },
        why: "Python's send takes (data, flags), so the tuple lands on the flags; Rust's send \
              takes the data alone: there is no place for an address (that is send_to)",
    },
    Case {
        name: "send-unconnected",
        summary: "the server answers with send(data) on a socket that has no peer",
        python: "udp_sk.send(a)",
        windows: WINDOWS_10057,
        linux: "OSError: [Errno 89] Destination address required",
        rust: "udp_sk.send(a)",
        how: How::Runs(send_unconnected),
        why: "an unconnected UDP socket has no one to send to: the system refuses, as in Python",
    },
    Case {
        name: "tcp-sendto",
        summary: "the client's socket is made without type=SOCK_DGRAM (so TCP), then sendto",
        python: "udp_sk = socket.socket(); udp_sk.sendto(a, ('127.0.0.1', 9000))",
        windows: WINDOWS_10057,
        linux: "BrokenPipeError: [Errno 32] Broken pipe",
        rust: "Socket::new(Domain::IPV4, Type::STREAM, None)?.send_to(a, &addr)",
        how: How::Runs(tcp_sendto),
        why: "std keeps TCP and UDP apart (TcpStream has no send_to), so this needs socket2; \
              Linux ignores the address on a TCP socket and finds it not connected",
    },
    Case {
        name: "recv-into-tuple",
        summary: "the client unpacks recv(1024) as if it gave (data, addr) like recvfrom",
        python: "back_msg, addr = udp_sk.recv(1024)",
        windows: "ValueError: not enough values to unpack (expected 2, got 1)",
        linux: "ValueError: not enough values to unpack (expected 2, got 1)",
        rust: "let (back_msg, addr) = udp_sk.recv(&mut buffer)?;",
        how: How::Refused {
            file: "recv-into-tuple.rs",
            code: "E0308",
            message: "mismatched types",
        },
        why: "recv gives a byte count (usize), recv_from the pair: a pair pattern cannot \
              match a number",
    },
    Case {
        name: "no-server-unconnected",
        summary: "no server on the port; the notes' client (not connected) sends, then receives",
        python: "udp_sk.sendto(a, ('127.0.0.1', 9000)); back_msg = udp_sk.recv(1024)",
        windows: WINDOWS_10054,
        linux: "recv blocks forever",
        rust: "udp_sk.send_to(a, addr)?; udp_sk.recv(&mut buffer)",
        how: How::Runs(no_server_unconnected),
        why: "sending needs no one at the other end; on Linux and macOS an unconnected socket \
              is never told that nobody was there, so recv waits (here until a 200 ms read \
              timeout); Windows tells it, as the notes saw (10054)",
    },
    Case {
        name: "no-server-connected",
        summary: "no server on the port; the notes' client, with a connect() added",
        python: "udp_sk.connect(('127.0.0.1', 9000)); udp_sk.send(a); back_msg = udp_sk.recv(1024)",
        windows: WINDOWS_10054,
        linux: "ConnectionRefusedError: [Errno 111] Connection refused",
        rust: "udp_sk.connect(addr)?; udp_sk.send(a)?; udp_sk.recv(&mut buffer)",
        how: How::Runs(no_server_connected),
        why: "a connected UDP socket hears the system's \"port unreachable\" answer: the next \
              call reports it",
    },
    Case {
        name: "server-stops",
        summary: "the server stops while the client waits for its reply",
        python: "udp_sk.sendto(a, ('127.0.0.1', 9000)); back_msg = udp_sk.recv(1024)",
        windows: "the client hangs (似乎客户端会卡住,不退出)",
        linux: "the client hangs",
        rust: "udp_sk.send_to(a, addr)?; udp_sk.recv(&mut buffer)",
        how: How::Runs(server_stops),
        why: "nothing goes back when a UDP server stops: the client cannot tell a slow server \
              from a gone one (here it gives up after a 200 ms read timeout)",
    },
    Case {
        name: "long-datagram",
        summary: "a datagram longer than the 1024-byte buffer (not in the notes)",
        python: "msg, addr = udp_sk.recvfrom(1024)",
        windows: "(not in the notes)",
        linux: "the first 1024 bytes; the rest of the datagram is lost",
        rust: "udp_sk.recv_from(&mut [0; 1024])",
        how: How::Runs(long_datagram),
        why: "one recv_from takes one whole datagram: what does not fit in the buffer is \
              dropped, never delivered later (unlike a TCP stream)",
    },
];

fn main() -> ExitCode {
    let args = match Args::parse(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(message) => {
            eprintln!("{}: {message}", lessonkit::program_name());
            return ExitCode::from(2);
        }
    };
    match args {
        Args::Help => {
            print!("{}", help());
            ExitCode::SUCCESS
        }
        Args::List => {
            for case in CASES {
                let when = match case.how {
                    How::Refused { .. } => "compile-time",
                    How::Runs(_) => "run-time",
                };
                println!("{:<24}{when:<14}{}", case.name, case.summary);
            }
            ExitCode::SUCCESS
        }
        Args::Run {
            host,
            cases,
            system,
        } => {
            let system = system || io::stdout().is_terminal();
            lessonkit::exit(run(&host, &cases, system))
        }
    }
}

fn run(host: &str, cases: &[&'static Case], system: bool) -> Result<(), Failure> {
    let ip = resolve(host)?;
    for (i, case) in cases.iter().enumerate() {
        if i > 0 {
            println!();
        }
        show(case, ip, system)?;
    }
    Ok(())
}

fn show(case: &Case, ip: IpAddr, system: bool) -> Result<(), Failure> {
    println!("== {}: {}", case.name, case.summary);
    println!("Python (notes):  {}", case.python);
    println!("Windows (notes): {}", case.windows);
    println!("Python on Linux: {}", case.linux);
    println!("Rust:            {}", case.rust);
    match case.how {
        How::Refused {
            file,
            code,
            message,
        } => {
            println!("Rust gives:      compile error {code}: {message}");
            println!(
                "                 (cases/compile-fail/{file} does not compile)"
            );
        }
        How::Runs(run) => {
            for (i, step) in run(ip)?.iter().enumerate() {
                let label = if i == 0 { "Rust gives:" } else { "" };
                let result = match &step.result {
                    Ok(value) => format!("Ok({value})"),
                    Err(error) => format!("Err, {}", (step.meaning)(error)),
                };
                println!("{label:<17}{}: {result}", step.call);
                if let (true, Err(error)) = (system, &step.result) {
                    println!("{:<17}this system: {}", "", system_says(error));
                }
            }
        }
    }
    println!("Why:             {}", case.why);
    Ok(())
}

/// What an error means, the same on every system: the first rule of [`MEANINGS`] that fits.
fn meaning(error: &io::Error) -> &'static str {
    MEANINGS.iter().find(|(fits, _)| fits(error)).map_or(
        "another error (see what this system says: --system)",
        |(_, meaning)| meaning,
    )
}

/// Whether an error is of one meaning.
type Fits = fn(&io::Error) -> bool;

/// The errors of the cases, by what they mean, each recognised by its kind or, where Rust
/// has no kind for it, by its number on each system.
const MEANINGS: &[(Fits, &str)] = &[
    (
        is_refused,
        "refused: the system answered that no socket has that port",
    ),
    (
        is_timed_out,
        "timed out: nothing came within the 200 ms wait",
    ),
    (
        has_no_peer,
        "not connected: this socket has no peer to send to",
    ),
];

/// Linux ECONNREFUSED 111, macOS 61; Windows reports a UDP refusal as WSAECONNRESET 10054.
fn is_refused(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::ConnectionRefused | io::ErrorKind::ConnectionReset
    )
}

/// A read timeout: Linux EAGAIN 11, macOS 35 (kind WouldBlock); Windows WSAETIMEDOUT 10060.
fn is_timed_out(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
    )
}

/// Not connected: ENOTCONN (Linux 107, macOS 57, Windows 10057), EPIPE (Linux 32: a TCP
/// socket never connected), or EDESTADDRREQ (Linux 89, macOS 39, Windows 10039), which Rust
/// has no kind for.
fn has_no_peer(error: &io::Error) -> bool {
    const DESTINATION_ADDRESS_REQUIRED: i32 = if cfg!(windows) {
        10039
    } else if cfg!(target_os = "linux") {
        89
    } else {
        39
    };
    matches!(
        error.kind(),
        io::ErrorKind::NotConnected | io::ErrorKind::BrokenPipe
    ) || error.raw_os_error() == Some(DESTINATION_ADDRESS_REQUIRED)
}

/// A receive where no datagram is the answer: Linux and macOS wait until the read timeout,
/// Windows reports the system's "port unreachable" as a refusal (10054), as the notes saw.
fn no_datagram(error: &io::Error) -> &'static str {
    if is_timed_out(error) || is_refused(error) {
        "no datagram: nothing will come (Linux, macOS: the 200 ms wait ends; Windows: refused)"
    } else {
        meaning(error)
    }
}

/// An `io::Error` as this system gives it: its kind, number and words.
fn system_says(error: &io::Error) -> String {
    let text = error.to_string();
    match error.raw_os_error() {
        Some(code) => {
            let text = text
                .strip_suffix(&format!(" (os error {code})"))
                .unwrap_or(&text);
            format!("kind {:?}, os error {code}: {text}", error.kind())
        }
        None => format!("kind {:?}: {text}", error.kind()),
    }
}

// ANCHOR: send_unconnected
fn send_unconnected(ip: IpAddr) -> Result<Vec<Step>, Failure> {
    // udp_sk = socket.socket(type=socket.SOCK_DGRAM)
    // udp_sk.bind(('127.0.0.1', 9000))
    let udp_sk = UdpSocket::bind((ip, 0)).doing("binding the server's socket")?;
    // udp_sk.send(a): no address, and no connect() ever gave the socket one.
    Ok(vec![step("udp_sk.send(a)", udp_sk.send(b"hi"))])
}
// ANCHOR_END: send_unconnected

// ANCHOR: tcp_sendto
fn tcp_sendto(ip: IpAddr) -> Result<Vec<Step>, Failure> {
    // The notes' UDP server is running.
    let server = UdpSocket::bind((ip, 0)).doing("binding the server's socket")?;
    let addr = server.local_addr().doing("reading the server's address")?;
    // udp_sk = socket.socket(): without type=socket.SOCK_DGRAM, a TCP socket.
    let udp_sk = Socket::new(Domain::for_address(addr), Type::STREAM, None)
        .doing("making a TCP socket")?;
    // udp_sk.sendto(a, ('127.0.0.1', 9000))
    Ok(vec![step(
        "udp_sk.send_to(a, &addr)",
        udp_sk.send_to(b"hi", &SockAddr::from(addr)),
    )])
}
// ANCHOR_END: tcp_sendto

// ANCHOR: no_server_unconnected
fn no_server_unconnected(ip: IpAddr) -> Result<Vec<Step>, Failure> {
    let addr = vacant(ip)?;
    // udp_sk = socket.socket(type=socket.SOCK_DGRAM)
    let udp_sk = client(ip)?;
    // udp_sk.sendto(a, ('127.0.0.1', 9000)): nobody is there; sending does not ask.
    let sent = udp_sk.send_to(b"hello", addr);
    // back_msg = udp_sk.recv(1024): waits for an answer that never comes.
    let mut buffer = [0; BUFFER_SIZE];
    let received = udp_sk.recv(&mut buffer);
    Ok(vec![
        step("udp_sk.send_to(a, addr)", sent),
        Step {
            meaning: no_datagram,
            ..step("udp_sk.recv(&mut buffer)", received)
        },
    ])
}
// ANCHOR_END: no_server_unconnected

// ANCHOR: no_server_connected
fn no_server_connected(ip: IpAddr) -> Result<Vec<Step>, Failure> {
    let addr = vacant(ip)?;
    let udp_sk = client(ip)?;
    // udp_sk.connect(('127.0.0.1', 9000)): for UDP only "my one peer", no handshake.
    udp_sk
        .connect(addr)
        .doing("connecting the client's socket")?;
    // udp_sk.send(a)
    let sent = udp_sk.send(b"hello");
    // back_msg = udp_sk.recv(1024): the system's "port unreachable" arrives here.
    let mut buffer = [0; BUFFER_SIZE];
    let received = udp_sk.recv(&mut buffer);
    Ok(vec![
        step("udp_sk.send(a)", sent),
        step("udp_sk.recv(&mut buffer)", received),
    ])
}
// ANCHOR_END: no_server_connected

// ANCHOR: server_stops
fn server_stops(ip: IpAddr) -> Result<Vec<Step>, Failure> {
    let server = UdpSocket::bind((ip, 0)).doing("binding the server's socket")?;
    server
        .set_read_timeout(Some(HANG_LIMIT))
        .doing("setting a read timeout")?;
    let addr = server.local_addr().doing("reading the server's address")?;
    let udp_sk = client(ip)?;

    // udp_sk.sendto(a, ('127.0.0.1', 9000))
    let sent = udp_sk.send_to(b"hello", addr);
    // The server receives it (msg, addr = udp_sk.recvfrom(1024)), then stops.
    let mut buffer = [0; BUFFER_SIZE];
    let heard = server.recv_from(&mut buffer).map(|(n, _addr)| n);
    drop(server);
    // back_msg = udp_sk.recv(1024)
    let received = udp_sk.recv(&mut buffer);
    Ok(vec![
        step("udp_sk.send_to(a, addr)", sent),
        step("server: recv_from, then it stops", heard),
        step("udp_sk.recv(&mut buffer)", received),
    ])
}
// ANCHOR_END: server_stops

// ANCHOR: long_datagram
fn long_datagram(ip: IpAddr) -> Result<Vec<Step>, Failure> {
    let server = UdpSocket::bind((ip, 0)).doing("binding the server's socket")?;
    server
        .set_read_timeout(Some(HANG_LIMIT))
        .doing("setting a read timeout")?;
    let addr = server.local_addr().doing("reading the server's address")?;
    let udp_sk = client(ip)?;

    // udp_sk.sendto(b'x' * 2000, ('127.0.0.1', 9000)), then a short one: b'next'
    let sent = udp_sk.send_to(&[b'x'; 2000], addr);
    let sent_next = udp_sk.send_to(b"next", addr);
    // msg, addr = udp_sk.recvfrom(1024), twice
    let mut buffer = [0; BUFFER_SIZE];
    // Windows reports the cut as an error (WSAEMSGSIZE 10040), the first 1024
    // bytes in the buffer all the same; Linux and macOS give them as a plain
    // receive of 1024 bytes.
    let first = match server.recv_from(&mut buffer) {
        Err(error) if cfg!(windows) && error.raw_os_error() == Some(10040) => {
            Ok(buffer.len())
        }
        received => received.map(|(n, _addr)| n),
    };
    let second = server
        .recv_from(&mut buffer)
        .map(|(n, _addr)| format!("{n}, {:?}", lessonkit::printable(&buffer[..n])));
    Ok(vec![
        step("udp_sk.send_to(&[b'x'; 2000], addr)", sent),
        step("udp_sk.send_to(b\"next\", addr)", sent_next),
        step("server: recv_from(&mut [0; 1024])", first),
        step("server: recv_from(&mut [0; 1024])", second),
    ])
}
// ANCHOR_END: long_datagram

/// A client's socket on a port the system picks, whose waits end after `HANG_LIMIT`.
fn client(ip: IpAddr) -> Result<UdpSocket, Failure> {
    let udp_sk = UdpSocket::bind((ip, 0)).doing("binding the client's socket")?;
    udp_sk
        .set_read_timeout(Some(HANG_LIMIT))
        .doing("setting a read timeout")?;
    Ok(udp_sk)
}

/// An address where no server is: a port the system gave out, then taken back.
fn vacant(ip: IpAddr) -> Result<SocketAddr, Failure> {
    let gone = UdpSocket::bind((ip, 0)).doing("finding a free port")?;
    gone.local_addr().doing("reading a free port")
}

fn resolve(host: &str) -> Result<IpAddr, Failure> {
    let doing = format!("looking up {host}");
    (host, 0)
        .to_socket_addrs()
        .doing(&doing)?
        .next()
        .map(|addr| addr.ip())
        .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "no address found"))
        .doing(&doing)
}

/// What the command line asks for.
enum Args {
    Help,
    List,
    Run {
        host: String,
        cases: Vec<&'static Case>,
        /// Also show each error as this system words it (`--system`).
        system: bool,
    },
}

impl Args {
    fn parse(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
        let mut host = "127.0.0.1".to_owned();
        let mut list = false;
        let mut system = false;
        let mut cases: Vec<&'static Case> = Vec::new();
        while let Some(arg) = args.next() {
            let (option, inline) = match arg.split_once('=') {
                Some((option, value)) if option.starts_with("--") => {
                    (option, Some(value))
                }
                _ => (arg.as_str(), None),
            };
            let mut value = |name: &str| match inline {
                Some(value) => Ok(value.to_owned()),
                None => args
                    .next()
                    .ok_or(format!("{name} needs a value (see --help)")),
            };
            match option {
                "-h" | "--help" => return Ok(Args::Help),
                "--list" => list = true,
                "--system" => system = true,
                "--host" => host = value("--host")?,
                "--port" => {
                    let port = value("--port")?;
                    port.parse::<u16>().map_err(|_| {
                        format!(
                            "invalid value '{port}' for '--port <PORT>' (see --help)"
                        )
                    })?;
                }
                "all" => cases.extend(CASES),
                name if name.starts_with('-') => {
                    return Err(format!("unexpected option '{name}' (see --help)"));
                }
                name => match CASES.iter().find(|case| case.name == name) {
                    Some(case) => cases.push(case),
                    None => {
                        return Err(format!("no case named '{name}' (see --list)"));
                    }
                },
            }
        }
        if list {
            Ok(Args::List)
        } else if cases.is_empty() {
            Err("name a case, or all (see --list)".to_owned())
        } else {
            Ok(Args::Run {
                host,
                cases,
                system,
            })
        }
    }
}

fn help() -> String {
    let mut names = String::new();
    for case in CASES {
        names.push_str(&format!("  {:<24}{}\n", case.name, case.summary));
    }
    format!(
        "Lesson 08 · UDP error cases (UDP 报错): each misuse from the notes, as Rust gives it.

For each case: the notes' Python line, the message the notes saw on Windows, what Python says
on Linux, and what Rust gives: the compiler's error for the programs Rust refuses (see
cases/compile-fail/), or what the io::Error of the case means, run for real here (the same
on every system; --system adds this system's own words for it).

Usage: {program} [OPTIONS] CASE...
       {program} all
       {program} --list

Cases:
{names}  all                     every case, in this order

Options:
      --list         List the cases
      --system       Also show each error as this system words it (its kind, number and
                     message); on by itself when the output is a terminal
      --host <HOST>  Address the cases bind their sockets on [default: 127.0.0.1]
      --port <PORT>  Accepted like every lesson program's, but unused: each case takes free
                     ports picked at run time, so it never meets a server on 9000 [default: 9000]
  -h, --help         Print help
",
        program = lessonkit::program_name()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(kind: io::ErrorKind) -> io::Error {
        io::Error::from(kind)
    }

    #[test]
    fn a_refusal_is_one_meaning_whichever_kind_the_system_gives() {
        for error in [
            kind(io::ErrorKind::ConnectionRefused),
            kind(io::ErrorKind::ConnectionReset),
        ] {
            assert!(meaning(&error).starts_with("refused"), "{error:?}");
        }
    }

    #[test]
    fn a_read_timeout_is_one_meaning_whichever_kind_the_system_gives() {
        for error in [
            kind(io::ErrorKind::WouldBlock),
            kind(io::ErrorKind::TimedOut),
        ] {
            assert!(meaning(&error).starts_with("timed out"), "{error:?}");
        }
    }

    #[test]
    fn not_connected_covers_not_connected_broken_pipe_and_a_missing_destination() {
        let destination_required = if cfg!(windows) {
            10039
        } else if cfg!(target_os = "linux") {
            89
        } else {
            39
        };
        for error in [
            kind(io::ErrorKind::NotConnected),
            kind(io::ErrorKind::BrokenPipe),
            io::Error::from_raw_os_error(destination_required),
        ] {
            assert!(meaning(&error).starts_with("not connected"), "{error:?}");
        }
        assert!(
            meaning(&kind(io::ErrorKind::OutOfMemory)).starts_with("another error")
        );
    }

    #[test]
    fn no_datagram_is_a_timeout_or_a_refusal_and_nothing_else() {
        assert!(
            no_datagram(&kind(io::ErrorKind::TimedOut)).starts_with("no datagram")
        );
        assert!(
            no_datagram(&kind(io::ErrorKind::ConnectionReset))
                .starts_with("no datagram")
        );
        assert!(
            no_datagram(&kind(io::ErrorKind::NotConnected))
                .starts_with("not connected")
        );
    }
}
