//! What every lesson program needs but is not the lesson's point.
//!
//! The socket calls stay in the lessons. This crate only parses the common options
//! (`--host`, `--port`, `--name`), reads a typed line after the `>>>` prompt, makes a
//! peer's bytes safe to print, prints without panicking when nobody reads any more, turns
//! an error into one line on standard error, and tells when a server has bound an address
//! that other machines can reach.

use std::fmt::{self, Display};
use std::io::{self, BufRead, Write};
use std::net::SocketAddr;
use std::process::ExitCode;

use clap::{Arg, ArgMatches, Command, value_parser};

/// The prompt the notes' Python prints with `input(">>>")`.
pub const PROMPT: &str = ">>>";

/// The notes' buffer size: every `recv(1024)` reads at most this many bytes.
pub const BUFFER_SIZE: usize = 1024;

/// The options a lesson program was started with.
#[derive(Debug, Clone)]
pub struct Options {
    /// The address to bind (a server) or to connect to (a client).
    pub host: String,
    /// The port to bind (a server) or to connect to (a client).
    pub port: u16,
    /// The client's name tag, from lesson 05 on.
    pub name: Option<String>,
    /// How a client that resends waits for a reply (lesson 11).
    pub retry: Retry,
}

/// How long a client waits for a reply before it sends again, and how many times in all
/// it sends: `--timeout-ms` and `--tries` (lesson 11).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retry {
    /// How long each try waits for the reply.
    pub timeout: std::time::Duration,
    /// How many times the datagram is sent, the first time included.
    pub tries: u32,
}

impl Default for Retry {
    /// One second, three tries.
    fn default() -> Retry {
        Retry {
            timeout: std::time::Duration::from_millis(1000),
            tries: 3,
        }
    }
}

impl Options {
    /// Parses the options of a server: `--host` and `--port`.
    pub fn server(about: &'static str) -> Options {
        parse(
            about,
            "Address to listen on (127.0.0.1: this machine only)",
            false,
        )
    }

    /// Parses a client's options: `--host` and `--port` of the server it talks to.
    pub fn client(about: &'static str) -> Options {
        parse(about, "Address of the server to talk to", false)
    }

    /// Parses the options of a client with a name tag: `--host`, `--port`, `--name`.
    pub fn named_client(about: &'static str) -> Options {
        parse(about, "Address of the server to talk to", true)
    }

    /// Parses the options of a named client that sends again when no reply comes:
    /// `--host`, `--port`, `--name`, `--timeout-ms`, `--tries`.
    pub fn retrying_client(about: &'static str) -> Options {
        parse_with(about, "Address of the server to talk to", true, true)
    }

    /// `host:port`, the form `bind`, `connect` and `send_to` take.
    pub fn address(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }

    /// The name tag, or the notes' sample name when none was given.
    pub fn name(&self) -> &str {
        self.name.as_deref().unwrap_or("小郭吹雪1234QQ")
    }
}

fn parse(about: &'static str, host_help: &'static str, named: bool) -> Options {
    parse_with(about, host_help, named, false)
}

fn parse_with(
    about: &'static str,
    host_help: &'static str,
    named: bool,
    retrying: bool,
) -> Options {
    let mut command = Command::new(program_name())
        .about(about)
        .arg(
            Arg::new("host")
                .long("host")
                .value_name("HOST")
                .default_value("127.0.0.1")
                .help(host_help),
        )
        .arg(
            Arg::new("port")
                .long("port")
                .value_name("PORT")
                .default_value("9000")
                .value_parser(value_parser!(u16))
                .help("Port number (0-65535)"),
        );
    if named {
        command =
            command.arg(Arg::new("name").long("name").value_name("NAME").help(
                "Your name tag, put before every message (e.g. 小郭吹雪1234QQ)",
            ));
    }
    if retrying {
        command = command
            .arg(
                Arg::new("timeout-ms")
                    .long("timeout-ms")
                    .value_name("MS")
                    .default_value("1000")
                    .value_parser(value_parser!(u64).range(1..=600_000))
                    .help("How long to wait for a reply before sending again, in milliseconds"),
            )
            .arg(
                Arg::new("tries")
                    .long("tries")
                    .value_name("N")
                    .default_value("3")
                    .value_parser(value_parser!(u32).range(1..=100))
                    .help("How many times to send a message that gets no reply, in all"),
            );
    }
    match command.try_get_matches() {
        Ok(matches) => options_from(&matches, named),
        Err(error) if !error.use_stderr() => {
            // `--help` is not an error: print it and exit 0.
            if let Err(failed) = error.print() {
                output_failed(&failed);
            }
            std::process::exit(0);
        }
        Err(error) => {
            // clap's own message spans several lines; the kit promises one.
            let rendered = error.render().to_string();
            let first = rendered.lines().next().unwrap_or("invalid arguments");
            let first = first.strip_prefix("error: ").unwrap_or(first);
            crate::eprintln!("{}: {first} (see --help)", program_name());
            std::process::exit(2);
        }
    }
}

fn options_from(matches: &ArgMatches, named: bool) -> Options {
    Options {
        host: matches
            .get_one::<String>("host")
            .cloned()
            .unwrap_or_default(),
        port: matches.get_one::<u16>("port").copied().unwrap_or(9000),
        name: named
            .then(|| matches.get_one::<String>("name").cloned())
            .flatten(),
        retry: Retry {
            timeout: matches
                .try_get_one::<u64>("timeout-ms")
                .ok()
                .flatten()
                .map_or(Retry::default().timeout, |ms| {
                    std::time::Duration::from_millis(*ms)
                }),
            tries: matches
                .try_get_one::<u32>("tries")
                .ok()
                .flatten()
                .copied()
                .unwrap_or(Retry::default().tries),
        },
    }
}

/// The name this program was started as, for its messages (`lesson01-server`).
pub fn program_name() -> String {
    std::env::args_os()
        .next()
        .and_then(|arg0| {
            std::path::Path::new(&arg0)
                .file_stem()
                .map(|stem| stem.to_string_lossy().into_owned())
        })
        .unwrap_or_else(|| "lesson".to_owned())
}

/// Tells on standard error, in one line, that other machines can now connect, when a
/// server has bound an address other than this machine's own loopback address
/// (`127.0.0.1`, `::1`). Servers call it right after `bind`, with the address they
/// got: so a bind that fails prints its error alone.
pub fn notice_if_reachable(bound: io::Result<SocketAddr>) {
    if let Some(notice) = bound.ok().and_then(reach_notice) {
        crate::eprintln!("{}: {notice}", program_name());
    }
}

/// The notice for a bound address, or `None` for a loopback one (this machine only).
fn reach_notice(bound: SocketAddr) -> Option<String> {
    let ip = bound.ip();
    if ip.is_loopback() {
        return None;
    }
    let which = if ip.is_unspecified() {
        " (every address of this machine)"
    } else {
        ""
    };
    Some(format!(
        "bound to {bound}{which}: other machines can now connect; --host 127.0.0.1 keeps it to this machine"
    ))
}

/// The exit status of a program whose standard output was closed while it wrote
/// (`lesson08-cases all | head -1`): the shell's status for a program ended by `SIGPIPE`,
/// which is how every Unix program that has not asked otherwise ends there. The reader
/// has all it wanted, so nothing is said; the status still tells a script (`set -o
/// pipefail`) that the program did not get to its end.
pub const CLOSED_OUTPUT_STATUS: i32 = 141;

/// Like `std::println!`, but a closed standard output ends the program quietly instead of
/// with a panic: see [`print_to_stdout`]. A lesson imports it with
/// `use lessonkit::{print, println};`, which takes the place of the standard one.
#[macro_export]
macro_rules! println {
    () => {
        $crate::print_to_stdout(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::print_to_stdout(format_args!("{}\n", format_args!($($arg)*)))
    };
}

/// Like `std::print!`, but a closed standard output ends the program quietly instead of
/// with a panic: see [`print_to_stdout`].
#[macro_export]
macro_rules! print {
    ($($arg:tt)*) => {
        $crate::print_to_stdout(format_args!($($arg)*))
    };
}

/// Like `std::eprintln!`, but a closed standard error ends the program quietly instead of
/// with a panic, as [`println!`] does for standard output.
#[macro_export]
macro_rules! eprintln {
    ($($arg:tt)*) => {
        $crate::print_to_stderr(format_args!("{}\n", format_args!($($arg)*)))
    };
}

/// Writes to standard output, for [`println!`] and [`print!`]. When the reader has gone
/// (a closed pipe: `| head -1`), the program ends at once, quietly, with
/// [`CLOSED_OUTPUT_STATUS`]; any other failure ends it with one line on standard error.
/// (`std::println!` panics in both cases.)
pub fn print_to_stdout(text: fmt::Arguments<'_>) {
    if let Err(error) = io::stdout().lock().write_fmt(text) {
        output_failed(&error);
    }
}

/// Writes to standard error, for [`eprintln!`]: as [`print_to_stdout`] does.
pub fn print_to_stderr(text: fmt::Arguments<'_>) {
    if let Err(error) = io::stderr().lock().write_fmt(text) {
        output_failed(&error);
    }
}

/// Ends the program after a failed write to standard output or standard error: see
/// [`print_to_stdout`].
fn output_failed(error: &io::Error) -> ! {
    if error.kind() == io::ErrorKind::BrokenPipe {
        std::process::exit(CLOSED_OUTPUT_STATUS);
    }
    // Not `eprintln!`: standard error may be what failed.
    let _ = writeln!(io::stderr(), "{}: cannot print: {error}", program_name());
    std::process::exit(1);
}

/// Prints the prompt and reads one typed line, like Python's `input(">>>")`.
///
/// Returns `None` at the end of standard input (Ctrl-D, or a closed pipe). A standard
/// output that cannot take the prompt ends the program, as [`print!`] does.
pub fn input() -> io::Result<Option<String>> {
    let mut stdout = io::stdout().lock();
    // The prompt has no newline, so it must be flushed by hand to be seen.
    if let Err(error) = stdout
        .write_all(PROMPT.as_bytes())
        .and_then(|()| stdout.flush())
    {
        output_failed(&error);
    }
    let mut line = String::new();
    if io::stdin().lock().read_line(&mut line)? == 0 {
        return Ok(None);
    }
    let typed = line.strip_suffix('\n').unwrap_or(&line);
    Ok(Some(typed.strip_suffix('\r').unwrap_or(typed).to_owned()))
}

/// Like [`input`], but asks again after an empty line: for a TCP chat's message.
///
/// Sending an empty message sends 0 bytes, which is nothing at all on a TCP
/// connection: the peer would wait for a message that never comes, while this side
/// waits for its answer.
pub fn input_message() -> io::Result<Option<String>> {
    loop {
        match input()? {
            Some(typed) if typed.is_empty() => continue,
            typed => return Ok(typed),
        }
    }
}

/// Makes a peer's bytes safe to print: invalid UTF-8 is replaced (U+FFFD), and control
/// characters (a terminal's escape sequences among them) are written out instead of
/// obeyed, in the notation the kit's scenarios and transcripts use: `\e` for the escape
/// character, `\t` `\n` `\r`, `\xNN` for the other ASCII ones, `\u{NN}` beyond ASCII.
pub fn printable(bytes: &[u8]) -> String {
    let mut shown = String::with_capacity(bytes.len());
    for c in String::from_utf8_lossy(bytes).chars() {
        match c {
            '\u{1b}' => shown.push_str("\\e"),
            '\t' => shown.push_str("\\t"),
            '\n' => shown.push_str("\\n"),
            '\r' => shown.push_str("\\r"),
            c if c.is_ascii_control() => {
                shown.push_str(&format!("\\x{:02x}", c as u32))
            }
            c if c.is_control() => shown.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => shown.push(c),
        }
    }
    shown
}

/// An error with what the program was doing when it happened.
#[derive(Debug)]
pub struct Failure {
    doing: String,
    error: io::Error,
}

impl Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.doing, describe(&self.error))
    }
}

/// Adds what the program was doing to an `io::Error`:
/// `.doing("connecting to 127.0.0.1:9000")`.
pub trait Doing<T> {
    /// Wraps the error with a short description of the failed step.
    fn doing(self, what: impl Display) -> Result<T, Failure>;
}

impl<T> Doing<T> for io::Result<T> {
    fn doing(self, what: impl Display) -> Result<T, Failure> {
        self.map_err(|error| Failure {
            doing: what.to_string(),
            error,
        })
    }
}

/// Explains the errors a student meets, with what to do about them.
fn describe(error: &io::Error) -> String {
    let hint = match error.kind() {
        io::ErrorKind::ConnectionRefused => {
            "connection refused (is the server running, on this host and port?)"
        }
        io::ErrorKind::AddrInUse => {
            "address already in use (another program has this port: stop it or pick another --port)"
        }
        io::ErrorKind::AddrNotAvailable => {
            "address not available (this machine has no such address: check --host)"
        }
        io::ErrorKind::PermissionDenied => {
            "permission denied (ports below 1024 need administrator rights: pick another --port)"
        }
        io::ErrorKind::ConnectionReset => "connection reset by the peer",
        io::ErrorKind::BrokenPipe => {
            "broken pipe (the peer has closed the connection)"
        }
        _ => return error.to_string(),
    };
    hint.to_owned()
}

/// Ends the program: exit 0 on success, or one line on standard error and exit 1.
pub fn exit(result: Result<(), Failure>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            crate::eprintln!("{}: {failure}", program_name());
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printable_escapes_control_sequences() {
        assert_eq!(printable(b"\x1b[2Jhi\x07\x00"), "\\e[2Jhi\\x07\\x00");
        assert_eq!(printable("小马:hi".as_bytes()), "小马:hi");
        assert_eq!(printable(b"ok\xff"), "ok\u{fffd}");
        assert_eq!(printable("a\u{85}".as_bytes()), "a\\u{85}");
    }

    #[test]
    fn only_an_address_other_machines_can_reach_gets_a_notice() {
        let notice =
            |address: &str| reach_notice(address.parse().expect("an address"));
        assert_eq!(notice("127.0.0.1:9000"), None);
        assert_eq!(notice("127.0.0.53:9000"), None);
        assert_eq!(notice("[::1]:9000"), None);
        assert_eq!(
            notice("10.77.0.1:9000").as_deref(),
            Some(
                "bound to 10.77.0.1:9000: other machines can now connect; \
                 --host 127.0.0.1 keeps it to this machine"
            )
        );
        let every = notice("0.0.0.0:9000").expect("a notice");
        assert!(
            every.starts_with(
                "bound to 0.0.0.0:9000 (every address of this machine): "
            ),
            "{every}"
        );
        assert_eq!(every.lines().count(), 1);
    }

    #[test]
    fn doing_keeps_the_step_and_explains_the_error() {
        let failed: io::Result<()> = Err(io::ErrorKind::ConnectionRefused.into());
        let message = failed
            .doing("connecting to 127.0.0.1:9")
            .unwrap_err()
            .to_string();
        assert_eq!(
            message,
            "connecting to 127.0.0.1:9: connection refused (is the server running, on this host and port?)"
        );
    }
}
