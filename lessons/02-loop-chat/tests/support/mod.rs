//! Test support for the chat lessons (02 to 04 include this file): drives a lesson program
//! through pipes, and plays its peer with a raw socket.
//!
//! Every wait is bounded by [`PATIENCE`] and waits for an event (a prompt, an exit, a
//! connection, bytes), never for a fixed time. Dropping a [`Program`] kills it, so no
//! program outlives its test, even a failing one.

#![allow(dead_code)] // each test file uses part of it

use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread;
use std::time::{Duration, Instant};

/// The upper bound of every wait.
pub const PATIENCE: Duration = Duration::from_secs(10);

/// How long a retry waits for the program to print or exit before it tries again (a server
/// that does not listen yet shows nothing: the wait ends early on any sign of it).
pub const RETRY_WAIT: Duration = Duration::from_millis(2);

/// Whether the tests read Linux's `/proc` (process states, socket tables): on Linux, unless
/// `SOCKETLAB_NO_PROC=1` asks for the path other systems get (`.ci/run` runs it so too).
pub fn reads_proc() -> bool {
    cfg!(target_os = "linux")
        && std::env::var_os("SOCKETLAB_NO_PROC")
            .is_none_or(|value| value.is_empty() || value == "0")
}

/// What a program printed until it exited.
#[derive(Debug)]
pub struct Exit {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
}

impl Exit {
    /// Asserts a normal end: exit code 0, nothing on standard error.
    pub fn assert_quit(&self) {
        assert_eq!(self.status.code(), Some(0), "{self:?}");
        assert_eq!(self.stderr, "", "{self:?}");
    }

    /// Asserts the end of a program whose peer went away: exit code 1, one line on
    /// standard error that says so, no panic.
    pub fn assert_left_alone(&self) {
        assert_eq!(self.status.code(), Some(1), "{self:?}");
        assert_one_line(&self.stderr);
        assert!(
            self.stderr.contains("closed the connection")
                || self.stderr.contains("reset")
                || self.stderr.contains("broken pipe"),
            "{self:?}"
        );
    }
}

/// Asserts that an error message is one line, and no panic.
pub fn assert_one_line(stderr: &str) {
    assert_eq!(stderr.lines().count(), 1, "not one line: {stderr:?}");
    assert!(stderr.ends_with('\n'), "{stderr:?}");
    assert!(!stderr.contains("panicked"), "{stderr:?}");
}

/// A lesson program with piped standard streams.
pub struct Program {
    child: Child,
    stdin: Option<ChildStdin>,
    chunks: Receiver<(usize, Option<Vec<u8>>)>,
    /// What it printed so far: standard output, standard error.
    printed: [Vec<u8>; 2],
    ended: [bool; 2],
    /// How many `>>>` prompts the test has already answered.
    prompts: usize,
}

impl Program {
    /// Starts `exe` with `args`.
    pub fn start(exe: &str, args: &[&str]) -> Program {
        Program::start_with(Command::new(exe).args(args))
    }

    /// Starts a prepared command (to set its environment, say).
    pub fn start_with(command: &mut Command) -> Program {
        let spawning = spawning();
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the lesson program starts");
        drop(spawning);
        let (sender, chunks) = mpsc::channel();
        let stdout = child.stdout.take().expect("stdout is piped");
        let stderr = child.stderr.take().expect("stderr is piped");
        copy_out(stdout, 0, sender.clone());
        copy_out(stderr, 1, sender);
        Program {
            stdin: child.stdin.take(),
            child,
            chunks,
            printed: [Vec::new(), Vec::new()],
            ended: [false, false],
            prompts: 0,
        }
    }

    /// The process id (to read its state and CPU time).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Standard output so far.
    pub fn stdout(&self) -> String {
        String::from_utf8_lossy(&self.printed[0]).into_owned()
    }

    /// How many bytes of standard output have come so far (cheap, for long outputs).
    pub fn stdout_len(&self) -> usize {
        self.printed[0].len()
    }

    /// Standard error so far.
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.printed[1]).into_owned()
    }

    /// Waits until `done` holds, taking in what the program prints; panics after
    /// [`PATIENCE`], or when the program has closed its output without `done`.
    pub fn wait_for(&mut self, what: &str, done: impl Fn(&Program) -> bool) {
        let deadline = Instant::now() + PATIENCE;
        while !done(self) {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.chunks.recv_timeout(left) {
                Ok((stream, Some(bytes))) => self.printed[stream].extend(bytes),
                Ok((stream, None)) => self.ended[stream] = true,
                Err(RecvTimeoutError::Timeout) => {
                    panic!(
                        "timed out waiting for {what}; stdout {:?}, stderr {:?}",
                        self.stdout(),
                        self.stderr()
                    )
                }
                Err(RecvTimeoutError::Disconnected) => {
                    panic!(
                        "exited before {what}; stdout {:?}, stderr {:?}",
                        self.stdout(),
                        self.stderr()
                    )
                }
            }
        }
    }

    /// Takes in what the program prints within `limit`: returns at its first output, or at
    /// its exit, or when `limit` has passed.
    pub fn take_in_for(&mut self, limit: Duration) {
        match self.chunks.recv_timeout(limit) {
            Ok((stream, Some(bytes))) => self.printed[stream].extend(bytes),
            Ok((stream, None)) => self.ended[stream] = true,
            Err(_) => {}
        }
        self.take_in();
    }

    /// Takes in what the program printed so far, without waiting.
    fn take_in(&mut self) {
        while let Ok((stream, chunk)) = self.chunks.try_recv() {
            match chunk {
                Some(bytes) => self.printed[stream].extend(bytes),
                None => self.ended[stream] = true,
            }
        }
    }

    /// Whether the program has closed both its outputs (it has exited).
    pub fn has_ended(&self) -> bool {
        self.ended == [true, true]
    }

    /// Waits for the next fresh `>>>` prompt.
    pub fn wait_prompt(&mut self) {
        let wanted = self.prompts + 1;
        self.wait_for("a >>> prompt", |program| {
            program.stdout().matches(">>>").count() >= wanted
        });
        self.prompts = wanted;
    }

    /// Waits until standard output contains `text`.
    pub fn wait_stdout(&mut self, text: &str) {
        self.wait_for(&format!("{text:?} on stdout"), |program| {
            program.stdout().contains(text)
        });
    }

    /// Waits for the next prompt, then types `line` and Enter.
    pub fn type_line(&mut self, line: &str) {
        self.wait_prompt();
        self.type_now(line);
    }

    /// Types `line` and Enter at the prompt already waited for.
    pub fn type_now(&mut self, line: &str) {
        let stdin = self.stdin.as_mut().expect("input is still open");
        // The program may have gone already: the test sees that in what it waits for next.
        let _ = stdin.write_all(format!("{line}\n").as_bytes());
        let _ = stdin.flush();
    }

    /// Types lines ahead of the prompts they answer, as a fast typist would: the program
    /// reads each when it asks for one. They count as answered prompts.
    pub fn type_ahead(&mut self, lines: &[&str]) {
        let stdin = self.stdin.as_mut().expect("input is still open");
        let mut typed = lines.join("\n");
        typed.push('\n');
        let _ = stdin.write_all(typed.as_bytes());
        let _ = stdin.flush();
        self.prompts += lines.len();
    }

    /// Waits for the next prompt, then closes standard input (Ctrl-D).
    pub fn end_input(&mut self) {
        self.wait_prompt();
        self.stdin = None;
    }

    /// Waits until the program exits, and returns what it printed.
    pub fn wait_exit(&mut self) -> Exit {
        self.wait_for("the program to exit", Program::has_ended);
        let status = self.child.wait().expect("waiting for the program");
        Exit {
            status,
            stdout: self.stdout(),
            stderr: self.stderr(),
        }
    }
}

impl Drop for Program {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Copies one output of the program into the channel, then says it ended.
fn copy_out(
    mut from: impl Read + Send + 'static,
    stream: usize,
    to: Sender<(usize, Option<Vec<u8>>)>,
) {
    thread::spawn(move || {
        let mut buffer = [0; 4096];
        loop {
            match from.read(&mut buffer) {
                Ok(0) | Err(_) => {
                    let _ = to.send((stream, None));
                    return;
                }
                Ok(n) => {
                    if to.send((stream, Some(buffer[..n].to_vec()))).is_err() {
                        return;
                    }
                }
            }
        }
    });
}

/// A port that nothing listens on (it was free a moment ago).
pub fn free_port() -> u16 {
    // Below the range the system hands out for outgoing connections (32768 and up on Linux):
    // a port picked there could be taken as a client's own port at any moment, and a test
    // that connects to it while the server starts could even connect to itself.
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let spread = std::process::id() % 6000 * 2;
    for _ in 0..12_000 {
        let offset = (spread + NEXT.fetch_add(1, Ordering::Relaxed)) % 12_000;
        let port = 20_000 + offset as u16;
        if reserved(port) && is_free(port) {
            return port;
        }
    }
    panic!("no free port between 20000 and 32000");
}

/// Keeps `port` from every other test process and runner for as long as this test process
/// runs, as the runner keeps the ports it picks: by a lock on the port's file in the system's
/// temporary folder (`socketlab-ports/PORT.lock`, the runner's own), which the system lets
/// go of when the process ends. False when another process holds it.
pub fn reserved(port: u16) -> bool {
    let dir = std::env::temp_dir().join("socketlab-ports");
    let _ = std::fs::create_dir_all(&dir);
    let Ok(file) = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.join(format!("{port}.lock")))
    else {
        return false;
    };
    if file.try_lock().is_err() {
        return false;
    }
    // Held until the process ends.
    std::mem::forget(file);
    true
}

/// Held while a program starts, and while a socket that tries a port is open.
///
/// A program being started gets a copy of every socket the test process has open, until it
/// `exec`s (`spawn` returns after that). A socket that tries a port, copied so, would live on
/// a moment after the test closed it: the server's bind would then fail, or a test's
/// connection would reach that socket instead of the server (CI saw it once, under
/// `SOCKETLAB_NO_PROC`: the server never got the connection).
pub fn spawning() -> std::sync::MutexGuard<'static, ()> {
    static SPAWNING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    SPAWNING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Whether no TCP socket has `port`. Where the tests read Linux's table of sockets, it is
/// read there. Elsewhere the port is tried, by a socket that no program being started can
/// copy ([`spawning`]).
fn is_free(port: u16) -> bool {
    if reads_proc() {
        let wanted = format!(":{port:04X}");
        return ["/proc/net/tcp", "/proc/net/tcp6"].iter().all(|table| {
            let table = std::fs::read_to_string(table).unwrap_or_default();
            !table.lines().skip(1).any(|line| {
                line.split_whitespace()
                    .nth(1)
                    .is_some_and(|local| local.ends_with(&wanted))
            })
        });
    }
    let _spawning = spawning();
    TcpListener::bind(("127.0.0.1", port)).is_ok()
}

/// A listening socket on a port picked by the system, for a client program to talk to.
pub fn listen() -> (TcpListener, String) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("binding a free port");
    let port = listener.local_addr().expect("local address").port();
    (listener, port.to_string())
}

/// Accepts the program's connection, within [`PATIENCE`].
pub fn accept(listener: &TcpListener) -> TcpStream {
    let listener = listener.try_clone().expect("cloning the listener");
    let (sender, accepted) = mpsc::channel();
    thread::spawn(move || {
        let _ = sender.send(listener.accept());
    });
    let (stream, _) = accepted
        .recv_timeout(PATIENCE)
        .expect("the program connects in time")
        .expect("accepting the program");
    stream
        .set_read_timeout(Some(PATIENCE))
        .expect("read timeout");
    stream
}

/// Connects to a server program on `port`, retrying while it is not listening yet: between
/// tries, a bounded wait on the server's own output, which ends at once if it exits.
pub fn connect(server: &mut Program, port: u16) -> TcpStream {
    let deadline = Instant::now() + PATIENCE;
    loop {
        match TcpStream::connect(("127.0.0.1", port)) {
            Ok(stream) => {
                stream
                    .set_read_timeout(Some(PATIENCE))
                    .expect("read timeout");
                return stream;
            }
            Err(error) if error.kind() == io::ErrorKind::ConnectionRefused => {
                server.take_in_for(RETRY_WAIT);
                assert!(
                    !server.has_ended(),
                    "the server exited: {:?}",
                    server.stderr()
                );
                assert!(
                    Instant::now() < deadline,
                    "the server did not listen in time"
                );
            }
            Err(error) => panic!("connecting to the server: {error}"),
        }
    }
}

/// Receives one message (one `read`), within [`PATIENCE`].
pub fn receive(stream: &mut TcpStream) -> Vec<u8> {
    let mut buffer = [0; 4096];
    let n = stream.read(&mut buffer).expect("a message in time");
    assert!(
        n > 0,
        "the program closed the connection instead of sending"
    );
    buffer[..n].to_vec()
}

/// Receives exactly `len` bytes, however they are split, within [`PATIENCE`] per read.
pub fn receive_exactly(stream: &mut TcpStream, len: usize) -> Vec<u8> {
    let mut bytes = vec![0; len];
    stream
        .read_exact(&mut bytes)
        .expect("the whole message in time");
    bytes
}

/// Waits until the program closes the connection (a read of 0 bytes, or a reset).
pub fn receive_end(stream: &mut TcpStream) {
    let mut buffer = [0; 4096];
    match stream.read(&mut buffer) {
        Ok(0) => {}
        Err(error) if error.kind() == io::ErrorKind::ConnectionReset => {}
        other => panic!("expected the connection to close, got {other:?}"),
    }
}

/// Waits until the program's bytes have arrived, without taking them: closing a socket
/// with bytes unread makes the system reset the connection instead of closing it.
pub fn wait_unread(stream: &TcpStream) {
    let mut buffer = [0; 1];
    assert_eq!(stream.peek(&mut buffer).expect("bytes in time"), 1);
}

/// Sends bytes to the program.
pub fn send(stream: &mut TcpStream, bytes: &[u8]) {
    stream.write_all(bytes).expect("sending to the program");
}
