//! Starting the programs of a play, reading their output, and making sure none outlives it.
//!
//! On Unix each program gets a process group of its own, so that killing it also kills
//! whatever it started (a homework's `sh -c`). A program that leaves its group (a daemon's
//! double fork, a new session) still carries its play's mark (`process_table`): after each
//! play, [`end_leftovers`] finds and ends every process with the mark, whoever its parent
//! is by then. (The runner is not a child subreaper: its orphans would become its children,
//! and reaping them could take the exit status of a command another thread waits for.) A
//! SIGINT/SIGTERM ends every program and every marked process before the runner exits, and
//! on Linux a program also dies with the runner. Elsewhere the runner falls back to
//! `taskkill /T`.

use std::io::Read;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread;

use super::process_table::{self, MARK, Marked};
use super::record::{Exit, Shared};

/// Held while a program is started and registered, so that a program just started is never
/// taken for one left behind; and while a socket that tries a port is open
/// (`ports::bindable`).
///
/// A program being started gets a copy of every socket the runner has open, until it
/// `exec`s (`spawn` returns after that). A socket that tries a port, copied so, would live on
/// a moment after the runner closed it: the server's bind would fail, or a datagram or
/// connection meant for the server would reach that copy.
pub fn spawning() -> MutexGuard<'static, ()> {
    static SPAWNING: Mutex<()> = Mutex::new(());
    SPAWNING.lock().unwrap_or_else(|p| p.into_inner())
}

/// Whether the programs keep the user's `RUST_BACKTRACE` (`check --verbose`). Otherwise it
/// is 0, so that a Rust panic is its message and place, as the hints quote it.
pub static KEEP_BACKTRACE: AtomicBool = AtomicBool::new(false);

/// A started program: its standard input and its process id.
pub struct Running {
    /// The program's standard input, until it is closed.
    pub stdin: Option<ChildStdin>,
    /// The process id (on Unix also its process group).
    pub pid: u32,
    /// A second handle on the pipe of its standard output, to ask how much waits unread.
    pub stdout_probe: Option<OutputProbe>,
}

/// A second handle on a program's output pipe: it tells how many bytes wait in the pipe,
/// not yet read by the thread that records them.
pub struct OutputProbe {
    #[cfg(unix)]
    fd: std::os::fd::OwnedFd,
}

/// Waits until a listening socket has a client to take (Unix); returns at once elsewhere,
/// where the listener blocks in `accept` instead.
pub fn wait_acceptable(listener: &std::net::TcpListener) {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        platform::poll_readable(listener.as_fd(), -1);
    }
    #[cfg(not(unix))]
    let _ = listener;
}

/// Whether a listening socket has a client waiting to be taken, now; `None` where the
/// system does not say.
pub fn acceptable_now(listener: &std::net::TcpListener) -> Option<bool> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        Some(platform::poll_readable(listener.as_fd(), 0))
    }
    #[cfg(not(unix))]
    {
        let _ = listener;
        None
    }
}

impl OutputProbe {
    /// How many bytes wait unread in the pipe; `None` where the system does not tell.
    pub fn unread(&self) -> Option<usize> {
        #[cfg(unix)]
        {
            platform::unread(&self.fd)
        }
        #[cfg(not(unix))]
        {
            None
        }
    }
}

/// Starts a program, with threads that record its output and its exit into `shared`.
/// `mark` is the mark its processes carry (`process_table::mark`).
pub fn spawn(
    mut command: Command,
    shared: &Arc<Shared>,
    index: usize,
    mark: &str,
) -> std::io::Result<Running> {
    command
        .env(MARK, mark)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        // Colours are part of lesson 06's transcript: force them on, whatever the terminal.
        .env("CLICOLOR_FORCE", "1")
        .env_remove("NO_COLOR")
        // Text crosses the pipes as UTF-8, as the transcript reads it: a Python program's
        // pipes would otherwise use the console's code page on Windows (cp936, cp1252).
        .env("PYTHONIOENCODING", "utf-8")
        // Python buffers what it prints into a pipe unless told otherwise: a machine that
        // tells it (PYTHONUNBUFFERED=1) must not hide an unflushed prompt that every other
        // machine shows, so the verdict is the same everywhere.
        .env_remove("PYTHONUNBUFFERED")
        // One language for every program, whatever the user's (`LANG=zh_CN.UTF-8`): what a
        // program says goes into the transcript, which the snapshots hold in English, and
        // the hints read a C library's words ("Connection refused"). The runner's own words
        // follow the user's language; the programs' never do.
        .env("LC_ALL", "C.UTF-8")
        .env("LANG", "C.UTF-8")
        .env_remove("LC_MESSAGES")
        .env_remove("LANGUAGE");
    if !KEEP_BACKTRACE.load(Ordering::Relaxed) {
        command.env("RUST_BACKTRACE", "0");
    }
    platform::prepare(&mut command);
    let spawning = spawning();
    let mut child = command.spawn()?;
    let pid = child.id();
    platform::register(pid);
    drop(spawning);
    let stdin = child.stdin.take();
    #[cfg(unix)]
    let stdout_probe = child.stdout.as_ref().and_then(|out| {
        use std::os::fd::AsFd;
        let fd = out.as_fd().try_clone_to_owned().ok()?;
        Some(OutputProbe { fd })
    });
    #[cfg(not(unix))]
    let stdout_probe = None;
    #[cfg(unix)]
    let readable: Option<std::os::fd::OwnedFd> = child.stdout.as_ref().and_then(|out| {
        use std::os::fd::AsFd;
        out.as_fd().try_clone_to_owned().ok()
    });
    for (stream, reader) in [
        (
            0,
            child
                .stdout
                .take()
                .map(|out| Box::new(out) as Box<dyn Read + Send>),
        ),
        (
            1,
            child
                .stderr
                .take()
                .map(|err| Box::new(err) as Box<dyn Read + Send>),
        ),
    ] {
        let shared = Arc::clone(shared);
        #[cfg(unix)]
        let wait = (stream == 0)
            .then(|| readable.as_ref().and_then(|fd| fd.try_clone().ok()))
            .flatten();
        #[cfg(not(unix))]
        let wait = None;
        thread::spawn(move || read_output(reader, stream, &shared, index, wait));
    }
    let shared = Arc::clone(shared);
    thread::spawn(move || wait_for_exit(child, &shared, index));
    Ok(Running {
        stdin,
        pid,
        stdout_probe,
    })
}

#[cfg(unix)]
type Readable = Option<std::os::fd::OwnedFd>;
#[cfg(not(unix))]
type Readable = Option<()>;

/// Records a program's output until its end. With `readable` (standard output, on Unix) it
/// first waits for bytes without taking them and marks them in hand: so that, seen from
/// outside, bytes the program has written are always in the pipe, in hand, or recorded.
fn read_output(
    reader: Option<Box<dyn Read + Send>>,
    stream: usize,
    shared: &Shared,
    index: usize,
    readable: Readable,
) {
    if let Some(mut reader) = reader {
        let mut buffer = [0; 8192];
        // Read until the end: the pipe ends when the program (and all it started) is gone.
        loop {
            #[cfg(unix)]
            if let Some(fd) = &readable {
                platform::wait_readable(fd);
                shared.update(|record| record.programs[index].output_in_hand = true);
            }
            #[cfg(not(unix))]
            let _ = &readable;
            let Ok(n @ 1..) = reader.read(&mut buffer) else {
                break;
            };
            shared.update(|record| {
                let program = &mut record.programs[index];
                program.append(stream, &buffer[..n]);
                program.output_in_hand = false;
            });
        }
    }
    shared.update(|record| {
        let program = &mut record.programs[index];
        program.output_done[stream] = true;
        program.output_in_hand = false;
    });
}

fn wait_for_exit(mut child: Child, shared: &Shared, index: usize) {
    let status = child.wait();
    platform::unregister(child.id());
    shared.update(|record| {
        let program = &mut record.programs[index];
        // A kill by the runner was recorded before the signal was sent: keep it.
        if program.exit.is_none() {
            program.exit = Some(match status {
                Ok(status) => match status.code() {
                    Some(code) => Exit::Code(code),
                    None => Exit::Signal(platform::signal_of(&status)),
                },
                Err(_) => Exit::Signal(0),
            });
        }
    });
}

/// Kills a program and everything it started.
pub fn kill(pid: u32) {
    platform::kill_tree(pid);
}

/// Stops a program and everything it started where they stand (SIGSTOP), so that what they
/// show is what they showed at that moment: a play that failed is frozen first, then
/// killed, and no program reacts to another's end. Elsewhere it does nothing.
pub fn freeze(pid: u32) {
    platform::freeze_tree(pid);
}

/// Installs the handler that kills every running program when the runner is interrupted.
pub fn kill_all_on_interrupt() {
    platform::install_interrupt_handler();
}

/// Ends every program the runner started and everything they left: before the runner
/// exits early (its output closed, an interrupt).
pub fn end_everything() {
    platform::kill_all_groups();
    end_leftovers(None);
}

/// Ends every process that carries the mark of `play` (every play's, for `None`): what a
/// program left behind when it forked, daemonized or started a new session. Returns them as
/// they were found, before they were ended.
pub fn end_leftovers(play: Option<u32>) -> Vec<Marked> {
    // The programs the runner started itself are ended and waited for by their own threads.
    let found: Vec<Marked> = {
        let _spawning = spawning();
        process_table::marked(play)
            .into_iter()
            .filter(|process| !platform::is_registered(process.pid))
            .collect()
    };
    // Their ports, as found before they are ended (the hints name them).
    let found = process_table::with_ports(found);
    for process in found.iter().filter(|process| !process.ended) {
        platform::kill_one(process.pid);
    }
    found.into_iter().filter(|process| !process.ended).collect()
}

#[cfg(unix)]
mod platform {
    use std::os::unix::process::{CommandExt, ExitStatusExt};
    use std::process::{Command, ExitStatus};
    use std::sync::atomic::{AtomicI32, Ordering};

    const SIGHUP: i32 = 1;
    const SIGINT: i32 = 2;
    const SIGKILL: i32 = 9;
    const SIGTERM: i32 = 15;

    unsafe extern "C" {
        fn kill(pid: i32, signal: i32) -> i32;
        fn signal(signum: i32, handler: usize) -> usize;
        fn _exit(status: i32) -> !;
        fn pipe(fds: *mut i32) -> i32;
        fn poll(fds: *mut PollFd, count: u64, timeout: i32) -> i32;
        fn ioctl(fd: i32, request: u64, ...) -> i32;
        fn read(fd: i32, buffer: *mut u8, count: usize) -> isize;
        fn write(fd: i32, buffer: *const u8, count: usize) -> isize;
    }

    #[repr(C)]
    struct PollFd {
        fd: i32,
        events: i16,
        revents: i16,
    }

    /// Blocks until the pipe has bytes to read, or has ended (or fails).
    pub fn wait_readable(fd: &std::os::fd::OwnedFd) {
        use std::os::fd::AsRawFd;
        const POLLIN: i16 = 1;
        let mut entry = PollFd {
            fd: fd.as_raw_fd(),
            events: POLLIN,
            revents: 0,
        };
        // SAFETY: one valid entry; -1 waits without a bound (the pipe's end wakes it too).
        unsafe {
            poll(&mut entry, 1, -1);
        }
    }

    /// Whether a descriptor has something to read (a listening socket: a client to take),
    /// waiting at most `timeout` ms (-1: without a bound; 0: a look, no wait).
    pub fn poll_readable(fd: std::os::fd::BorrowedFd<'_>, timeout: i32) -> bool {
        use std::os::fd::AsRawFd;
        const POLLIN: i16 = 1;
        let mut entry = PollFd {
            fd: fd.as_raw_fd(),
            events: POLLIN,
            revents: 0,
        };
        // SAFETY: one valid entry, for the call's length.
        let ready = unsafe { poll(&mut entry, 1, timeout) };
        ready > 0 && entry.revents & POLLIN != 0
    }

    /// How many bytes wait unread in a pipe (FIONREAD).
    pub fn unread(fd: &std::os::fd::OwnedFd) -> Option<usize> {
        use std::os::fd::AsRawFd;
        #[cfg(any(target_os = "linux", target_os = "android"))]
        const FIONREAD: u64 = 0x541B;
        #[cfg(not(any(target_os = "linux", target_os = "android")))]
        const FIONREAD: u64 = 0x4004_667F;
        let mut count: i32 = 0;
        // SAFETY: FIONREAD writes one int through the pointer it is given.
        let done = unsafe { ioctl(fd.as_raw_fd(), FIONREAD, &mut count as *mut i32) };
        (done == 0).then(|| usize::try_from(count).unwrap_or(0))
    }

    /// Where the interrupt handler wakes the thread that cleans up (-1: not yet made).
    static WAKE_CLEANUP: AtomicI32 = AtomicI32::new(-1);

    /// The process groups alive now, readable from a signal handler (no locks there).
    static GROUPS: [AtomicI32; 256] = [const { AtomicI32::new(0) }; 256];

    pub fn prepare(command: &mut Command) {
        command.process_group(0);
        #[cfg(target_os = "linux")]
        {
            unsafe extern "C" {
                fn prctl(option: i32, arg2: u64, arg3: u64, arg4: u64, arg5: u64) -> i32;
            }
            const PR_SET_PDEATHSIG: i32 = 1;
            // SAFETY: prctl is async-signal-safe; it only asks the kernel to kill the child
            // when the thread that started it ends, so a killed runner leaves nothing behind.
            unsafe {
                command.pre_exec(|| {
                    prctl(PR_SET_PDEATHSIG, SIGKILL as u64, 0, 0, 0);
                    Ok(())
                });
            }
        }
    }

    pub fn register(pid: u32) {
        for slot in &GROUPS {
            if slot
                .compare_exchange(0, pid as i32, Ordering::SeqCst, Ordering::SeqCst)
                .is_ok()
            {
                return;
            }
        }
    }

    pub fn is_registered(pid: u32) -> bool {
        GROUPS
            .iter()
            .any(|slot| slot.load(Ordering::SeqCst) == pid as i32)
    }

    pub fn unregister(pid: u32) {
        for slot in &GROUPS {
            let _ = slot.compare_exchange(pid as i32, 0, Ordering::SeqCst, Ordering::SeqCst);
        }
    }

    pub fn freeze_tree(pid: u32) {
        // Linux numbers it 19; macOS and the BSDs 17.
        const SIGSTOP: i32 = if cfg!(target_os = "linux") { 19 } else { 17 };
        let Ok(group @ 1..) = i32::try_from(pid) else {
            return;
        };
        // SAFETY: kill only sends a signal; a negative pid names the process group.
        unsafe {
            kill(-group, SIGSTOP);
        }
    }

    pub fn kill_tree(pid: u32) {
        // Never signal group 0 (our own) or a pid that does not fit.
        let Ok(group @ 1..) = i32::try_from(pid) else {
            return;
        };
        // SAFETY: kill only sends a signal; a negative pid names the process group.
        unsafe {
            kill(-group, SIGKILL);
        }
    }

    pub fn signal_of(status: &ExitStatus) -> i32 {
        status.signal().unwrap_or(0)
    }

    /// Kills one process (a leftover: it has left the group it was started in).
    pub fn kill_one(pid: u32) {
        if let Ok(pid @ 1..) = i32::try_from(pid) {
            // SAFETY: kill only sends a signal.
            unsafe {
                kill(pid, SIGKILL);
            }
        }
    }

    /// Kills every process group still registered (also from the signal handler: it only
    /// reads atomics and sends signals).
    pub fn kill_all_groups() {
        for slot in &GROUPS {
            let group = slot.load(Ordering::SeqCst);
            if group > 0 {
                // SAFETY: kill is async-signal-safe.
                unsafe {
                    kill(-group, SIGKILL);
                }
            }
        }
    }

    extern "C" fn on_interrupt(_signal: i32) {
        kill_all_groups();
        // Wake the thread that also ends what left the groups; a second signal, or no such
        // thread, ends the runner at once.
        let wake = WAKE_CLEANUP.swap(-1, Ordering::SeqCst);
        // SAFETY: write and _exit are async-signal-safe; 130 is the shell's code for
        // "ended by Ctrl-C".
        unsafe {
            if wake < 0 || write(wake, [1u8].as_ptr(), 1) != 1 {
                _exit(130);
            }
        }
    }

    pub fn install_interrupt_handler() {
        let mut fds = [-1; 2];
        // SAFETY: pipe fills the two descriptors it is given.
        if unsafe { pipe(fds.as_mut_ptr()) } == 0 {
            let [wait_on, wake] = fds;
            let cleanup = std::thread::Builder::new().spawn(move || {
                let mut byte = 0u8;
                // SAFETY: reads one byte into a local.
                unsafe { read(wait_on, &mut byte, 1) };
                super::end_everything();
                std::process::exit(130);
            });
            if cleanup.is_ok() {
                WAKE_CLEANUP.store(wake, Ordering::SeqCst);
            }
        }
        for number in [SIGHUP, SIGINT, SIGTERM] {
            // SAFETY: the handler only reads atomics and calls async-signal-safe functions.
            unsafe {
                signal(number, on_interrupt as extern "C" fn(i32) as usize);
            }
        }
    }
}

#[cfg(not(unix))]
mod platform {
    use std::process::{Command, ExitStatus, Stdio};

    pub fn prepare(_command: &mut Command) {}

    pub fn register(_pid: u32) {}

    pub fn unregister(_pid: u32) {}

    pub fn is_registered(_pid: u32) -> bool {
        false
    }

    pub fn kill_all_groups() {}

    pub fn kill_one(pid: u32) {
        kill_tree(pid);
    }

    pub fn freeze_tree(_pid: u32) {}

    pub fn kill_tree(pid: u32) {
        // `/T` ends the program's own children too.
        let _ = Command::new("taskkill")
            .args(["/F", "/T", "/PID", &pid.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }

    pub fn signal_of(_status: &ExitStatus) -> i32 {
        0
    }

    pub fn install_interrupt_handler() {
        // Ctrl-C reaches every program of the console on Windows, so they end with the runner.
    }
}
