//! `cargo xtask bench`'s figures for lesson 10's server under load: how many messages it
//! forwards per second, and how long a message takes to reach its receiver (the 99th
//! percentile, and the median), with 200 friends at once each sending 50 messages to
//! everyone, beside one friend alone sending its 50 to itself (`@NAME`).
//!
//! The friends are threads of this process on real sockets; each message carries the time
//! it was sent, so its receiver knows how long it took. The clock starts when every friend
//! has joined, and stops at the last delivery.

use std::fmt::Write as _;
use std::io::{self, BufRead, BufReader, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::{Duration, Instant};

use crate::engine::ports;
use crate::workspace;

/// How many messages each friend sends.
const MESSAGES: usize = 50;
/// The crowd, beside one friend alone.
const CROWD: usize = 200;
/// The bound of one read: far beyond any delivery time, so that a server that loses a
/// message ends the bench with an error instead of hanging it.
const READ_BOUND: Duration = Duration::from_secs(60);

/// What one run measured.
#[derive(Debug, Clone, Copy)]
pub struct Figures {
    /// Lines delivered to a receiver, per second.
    pub per_second: f64,
    pub p99: Duration,
    pub median: Duration,
}

/// At most this many runs of the crowd: one takes seconds, not milliseconds.
const MOST_RUNS: usize = 3;

/// Measures both loads `runs` times (at most [`MOST_RUNS`]) and returns the table of their
/// medians.
pub fn table(runs: usize) -> Result<String, String> {
    workspace::build(&["lesson10".to_owned()])?;
    let runs = runs.clamp(1, MOST_RUNS);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<44} {:>14} {:>10} {:>10}",
        format!("10 many friends at once (median of {runs})"),
        "forwarded/s",
        "p99",
        "median"
    );
    for friends in [1, CROWD] {
        let mut measured = Vec::new();
        for _ in 0..runs {
            measured.push(measure(friends)?);
        }
        let middle = |pick: &dyn Fn(&Figures) -> f64| {
            let mut values: Vec<f64> = measured.iter().map(pick).collect();
            values.sort_by(f64::total_cmp);
            values[values.len() / 2]
        };
        let name = if friends == 1 {
            format!("   1 friend alone, {MESSAGES} messages to itself")
        } else {
            format!("   {friends} friends at once, {MESSAGES} messages each")
        };
        let _ = writeln!(
            out,
            "{name:<44} {:>14.0} {:>7.2} ms {:>7.2} ms",
            middle(&|f| f.per_second),
            middle(&|f| f.p99.as_secs_f64()) * 1000.0,
            middle(&|f| f.median.as_secs_f64()) * 1000.0,
        );
    }
    let _ = writeln!(
        out,
        "\nforwarded/s: lines the server delivered (each message once per receiver) per second,\n  \
         from the moment every friend has joined to the last delivery; p99, median: the time\n  \
         from a message's send to its arrival, over every delivery of the run."
    );
    Ok(out)
}

/// Starts lesson 10's server, lets `friends` friends chat, and ends it.
pub fn measure(friends: usize) -> Result<Figures, String> {
    let reserved = ports::reserve();
    let server = Server::start(reserved.port)?;
    let first = server.connect()?;
    let ready = Arc::new(Barrier::new(friends + 1));
    let port = reserved.port;
    let (done, results) = mpsc::channel();
    for me in 0..friends {
        let ready = Arc::clone(&ready);
        let done = done.clone();
        let first = (me == 0).then(|| first.try_clone());
        thread::spawn(move || {
            let _ = done.send(friend(port, me, friends, first, &ready));
        });
    }
    drop(done);
    ready.wait();
    let started = Instant::now();
    let mut delays = Vec::new();
    let mut last = started;
    for result in results.iter().take(friends) {
        let (arrived, mut own) = result?;
        last = last.max(arrived);
        delays.append(&mut own);
    }
    drop(server);
    delays.sort();
    let took = last.duration_since(started).as_secs_f64().max(1e-9);
    let nth = |fraction: f64| {
        let rank = ((delays.len() as f64 * fraction).ceil() as usize).clamp(1, delays.len());
        delays[rank - 1]
    };
    Ok(Figures {
        per_second: delays.len() as f64 / took,
        p99: nth(0.99),
        median: nth(0.5),
    })
}

/// One friend: joins, waits for everyone, sends its messages, and receives every message
/// meant for it. Returns when the last one arrived, and each one's delay.
fn friend(
    port: u16,
    me: usize,
    friends: usize,
    first: Option<io::Result<TcpStream>>,
    ready: &Barrier,
) -> Result<(Instant, Vec<Duration>), String> {
    // Everyone meets at the barrier, even a friend that failed to join: no one waits for ever.
    let joined = join(port, me, first);
    ready.wait();
    let (mut conn, mut lines, base) = joined?;
    let alone = friends == 1;
    let sent: String = (0..MESSAGES)
        .map(|_| {
            let nanos = base.elapsed().as_nanos();
            if alone {
                format!("@f{me} {nanos}\n")
            } else {
                format!("{nanos}\n")
            }
        })
        .collect();
    conn.write_all(sent.as_bytes())
        .map_err(|error| format!("f{me}: sending: {error}"))?;
    let expected = if alone {
        MESSAGES
    } else {
        (friends - 1) * MESSAGES
    };
    let mut delays = Vec::with_capacity(expected);
    let mut line = String::new();
    let mut arrived = Instant::now();
    while delays.len() < expected {
        line.clear();
        match lines.read_line(&mut line) {
            Ok(0) => return Err(format!("f{me}: the server closed the connection")),
            Ok(_) => {}
            Err(error) => return Err(format!("f{me}: receiving: {error}")),
        }
        arrived = Instant::now();
        // `f7:123` or `f7:@f7 123`: the number is the send time.
        let Some((_, text)) = line.trim_end().split_once(':') else {
            continue;
        };
        let nanos = text.rsplit(' ').next().unwrap_or(text);
        if let Ok(nanos) = nanos.parse::<u64>() {
            let sent = Duration::from_nanos(nanos);
            delays.push(arrived.duration_since(base).saturating_sub(sent));
        }
    }
    Ok((arrived, delays))
}

/// The clock every friend's times are read from.
fn clock() -> Instant {
    static BASE: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
    *BASE.get_or_init(Instant::now)
}

type Joined = (TcpStream, BufReader<TcpStream>, Instant);

/// Connects friend `me` (the first friend's connection is made already), sends its name,
/// and takes its welcome.
fn join(port: u16, me: usize, first: Option<io::Result<TcpStream>>) -> Result<Joined, String> {
    let failed = |error: io::Error| format!("f{me}: joining: {error}");
    let mut conn = match first {
        Some(conn) => conn.map_err(failed)?,
        None => TcpStream::connect(("127.0.0.1", port)).map_err(failed)?,
    };
    conn.set_read_timeout(Some(READ_BOUND)).map_err(failed)?;
    writeln!(conn, "f{me}").map_err(failed)?;
    let mut lines = BufReader::new(conn.try_clone().map_err(failed)?);
    let mut welcome = String::new();
    lines.read_line(&mut welcome).map_err(failed)?;
    if !welcome.starts_with(&format!("* welcome f{me} ")) {
        return Err(format!("f{me}: not welcomed: {welcome:?}"));
    }
    Ok((conn, lines, clock()))
}

/// Lesson 10's server, killed when dropped.
struct Server {
    child: Child,
    port: u16,
    /// What the server said on standard error, once it has exited.
    exited: mpsc::Receiver<String>,
}

impl Server {
    fn start(port: u16) -> Result<Server, String> {
        let mut child = Command::new(workspace::binary("lesson10-server"))
            .args(["--host", "127.0.0.1", "--port", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|error| format!("cannot start lesson10-server: {error}"))?;
        // The server's exit, as an event: the end of its standard error, with what it said.
        let (exited, exit) = mpsc::channel();
        let mut stderr = child.stderr.take().ok_or("lesson10-server has no stderr")?;
        thread::spawn(move || {
            let mut said = String::new();
            let _ = io::Read::read_to_string(&mut stderr, &mut said);
            let _ = exited.send(said);
        });
        Ok(Server {
            child,
            port,
            exited: exit,
        })
    }

    /// Connects once the server listens, retrying while it refuses; between tries, a short
    /// wait that ends at once if the server exits (the connection itself is the event).
    fn connect(&self) -> Result<TcpStream, String> {
        let deadline = Instant::now() + READ_BOUND;
        let mut pause = Duration::from_millis(1);
        loop {
            match TcpStream::connect(("127.0.0.1", self.port)) {
                Ok(conn) => return Ok(conn),
                Err(error) if error.kind() == io::ErrorKind::ConnectionRefused => {
                    match self.exited.recv_timeout(pause) {
                        Err(RecvTimeoutError::Timeout) if Instant::now() < deadline => {}
                        Err(RecvTimeoutError::Timeout) => {
                            return Err("lesson10-server did not listen in time".into());
                        }
                        Ok(said) => {
                            return Err(format!(
                                "lesson10-server exited before it listened: {}",
                                said.trim_end()
                            ));
                        }
                        Err(RecvTimeoutError::Disconnected) => {
                            return Err("lesson10-server exited before it listened".into());
                        }
                    }
                    pause = (pause * 2).min(Duration::from_millis(25));
                }
                Err(error) => return Err(format!("connecting to lesson10-server: {error}")),
            }
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
