//! The system's table of processes: which processes a play left behind, and who holds a port.
//!
//! Every program the runner starts carries a mark in its environment,
//! `SOCKETLAB_PLAY=RUNNER-PLAY-PROGRAM` (the runner's process id, the play's number, the
//! program's place in the play), and whatever it starts inherits the mark: a program that
//! forks, daemonizes or starts a new session leaves a process that still carries it. After a
//! play, every process with the play's mark is one it left behind.
//!
//! Linux shows every process's environment, open sockets and command line under `/proc`;
//! elsewhere (or with `SOCKETLAB_NO_PROC=1`) `ps` shows the environment, without the sockets.
//! On Windows nothing is found this way; `taskkill /T` ends each program's tree instead.

use std::collections::HashSet;

use super::Transport;
use super::socket_table;

/// The variable that marks a play's processes.
pub const MARK: &str = "SOCKETLAB_PLAY";

/// The mark of one program of one play.
pub fn mark(play: u32, program: usize) -> String {
    format!("{}-{play}-{program}", std::process::id())
}

/// A process that carries a play's mark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marked {
    /// Its process id.
    pub pid: u32,
    /// The place in the play of the program it comes from.
    pub program: usize,
    /// Its command line, as far as the system tells.
    pub command: String,
    /// The TCP ports it listens on and the UDP ports it is bound to (Linux only), once asked
    /// for ([`with_ports`]).
    pub ports: Vec<(Transport, u16)>,
    /// Whether it has already ended, and only waits to be reaped (a zombie).
    pub ended: bool,
}

/// The processes that carry the mark of `play` of this runner (`None`: every play's).
pub fn marked(play: Option<u32>) -> Vec<Marked> {
    let prefix = match play {
        Some(play) => format!("{MARK}={}-{play}-", std::process::id()),
        None => format!("{MARK}={}-", std::process::id()),
    };
    if socket_table::proc_available() {
        linux::marked(&prefix)
    } else {
        portable::marked(&prefix)
    }
}

/// Whether every thread of a process is asleep (waiting for something: a connection, a
/// read, a lock), none running; `None` where the system does not tell.
pub fn all_threads_waiting(pid: u32) -> Option<bool> {
    if !socket_table::proc_available() {
        return None;
    }
    let threads = std::fs::read_dir(format!("/proc/{pid}/task")).ok()?;
    let mut any = false;
    for thread in threads.filter_map(Result::ok) {
        let tid: u32 = thread.file_name().to_str()?.parse().ok()?;
        let stat = std::fs::read_to_string(format!("/proc/{pid}/task/{tid}/stat")).ok()?;
        let (_, rest) = stat.rsplit_once(')')?;
        if !rest.trim_start().starts_with('S') {
            return Some(false);
        }
        any = true;
    }
    Some(any)
}

/// What a process with a single thread is blocked in, where the system tells (it shows the
/// system call in `/proc/PID/syscall`, on x86-64 and AArch64 Linux).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Blocked {
    /// Reading its standard input, a pipe: it waits for a typed line.
    Keyboard,
    /// Waiting for a child process to end (a shell that runs the program).
    Children,
    /// Something else (a socket, a timer, a lock).
    Other,
}

/// The processes a process has started and that still run (or wait to be reaped), as Linux
/// lists them in `/proc/PID/task/TID/children`; empty where the system does not tell. A
/// cheap first look: a process that left its parent (a daemon) is not among them.
pub fn children(pid: u32) -> Vec<u32> {
    if !socket_table::proc_available() {
        return Vec::new();
    }
    let Ok(threads) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return Vec::new();
    };
    threads
        .filter_map(Result::ok)
        .filter_map(|thread| std::fs::read_to_string(thread.path().join("children")).ok())
        .flat_map(|list| {
            list.split_whitespace()
                .filter_map(|child| child.parse().ok())
                .collect::<Vec<u32>>()
        })
        .collect()
}

/// Whether a process has ended and only waits to be reaped (a zombie), or is gone.
pub fn has_ended(pid: u32) -> bool {
    linux::state_and_parent(pid).is_none_or(|(state, _)| matches!(state, 'Z' | 'X'))
}

/// What a process is blocked in; `None` while it runs, when it has more than one thread
/// (another could still do anything), or where the system does not tell.
pub fn blocked_in(pid: u32) -> Option<Blocked> {
    if !socket_table::proc_available() {
        return None;
    }
    // read, readv, pread64; wait4, waitid.
    let (reads, waits): (&[u64], &[u64]) = if cfg!(target_arch = "x86_64") {
        (&[0, 19, 17], &[61, 247])
    } else if cfg!(target_arch = "aarch64") {
        (&[63, 65, 67], &[260, 95])
    } else {
        return None;
    };
    if std::fs::read_dir(format!("/proc/{pid}/task")).ok()?.count() != 1
        || all_threads_waiting(pid) != Some(true)
    {
        return None;
    }
    let call = std::fs::read_to_string(format!("/proc/{pid}/syscall")).ok()?;
    let mut fields = call.split_whitespace();
    let number: u64 = fields.next()?.parse().ok()?;
    let first = u64::from_str_radix(fields.next()?.trim_start_matches("0x"), 16).ok()?;
    let stdin_is_a_pipe = std::fs::read_link(format!("/proc/{pid}/fd/0"))
        .is_ok_and(|target| target.to_string_lossy().starts_with("pipe:"));
    Some(
        if reads.contains(&number) && first == 0 && stdin_is_a_pipe {
            Blocked::Keyboard
        } else if waits.contains(&number) {
            Blocked::Children
        } else {
            Blocked::Other
        },
    )
}

/// Who holds `port`: "process 1234, `python3 server.py`", where the system tells.
pub fn owner_of_port(port: u16, transport: Transport) -> Option<String> {
    if !socket_table::proc_available() {
        return None;
    }
    let inodes: HashSet<u64> = socket_table::entries(transport)?
        .into_iter()
        .filter(|entry| entry.port == port && entry.inode != 0)
        .filter(|entry| transport == Transport::Udp || entry.is_listening())
        .map(|entry| entry.inode)
        .collect();
    let pid = linux::pids()
        .into_iter()
        .find(|pid| !linux::socket_inodes(*pid).is_disjoint(&inodes))?;
    Some(format!(
        "process {pid}, `{}`",
        linux::command_line(pid).unwrap_or_default()
    ))
}

/// The processes, each with the ports it listens on (TCP) or has bound (UDP), where the
/// system tells (`marked` leaves them out: reading the tables of sockets costs the kernel
/// milliseconds on a machine with many closed connections).
pub fn with_ports(mut processes: Vec<Marked>) -> Vec<Marked> {
    fill_ports(&mut processes);
    processes
}

/// Fills in each process's ports, reading each table of sockets once for all of them.
fn fill_ports(processes: &mut [Marked]) {
    if processes.is_empty() || !socket_table::proc_available() {
        return;
    }
    let tables = [Transport::Tcp, Transport::Udp].map(|transport| {
        (
            transport,
            socket_table::entries(transport).unwrap_or_default(),
        )
    });
    for process in processes {
        let inodes = linux::socket_inodes(process.pid);
        process.ports = tables
            .iter()
            .flat_map(|(transport, entries)| {
                socket_table::ports_in(entries, &inodes, *transport)
                    .into_iter()
                    .map(move |port| (*transport, port))
            })
            .collect();
    }
}

/// The ports that a process (by its id) listens on (TCP) or is bound to (UDP), read from
/// Linux's `/proc` whatever `SOCKETLAB_NO_PROC` says: for tests that wait for a program of
/// their own to bind, not for the runner. `None` where the system has no such tables.
pub fn ports_of_for_tests(pid: u32, transport: Transport) -> Option<Vec<u16>> {
    if !cfg!(target_os = "linux") {
        return None;
    }
    socket_table::ports_of_for_tests(&linux::socket_inodes(pid), transport)
}

/// The mark's program index, from the text after the prefix (`3` of `…-3\0…`).
fn program_after(text: &str) -> Option<usize> {
    let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

mod linux {
    use std::collections::HashSet;
    use std::fs;

    use super::Marked;

    /// Every process id in `/proc`.
    pub fn pids() -> Vec<u32> {
        let Ok(entries) = fs::read_dir("/proc") else {
            return Vec::new();
        };
        entries
            .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse().ok())
            .collect()
    }

    pub fn marked(prefix: &str) -> Vec<Marked> {
        let own = std::process::id();
        let mut found = Vec::new();
        for pid in pids().into_iter().filter(|pid| *pid != own) {
            // Another user's process cannot be read, and carries no mark of ours.
            let Ok(environment) = fs::read(format!("/proc/{pid}/environ")) else {
                continue;
            };
            let ended = state_and_parent(pid).is_none_or(|(state, _)| matches!(state, 'Z' | 'X'));
            let Some(program) = environment
                .split(|byte| *byte == 0)
                .filter_map(|variable| std::str::from_utf8(variable).ok())
                .find_map(|variable| variable.strip_prefix(prefix))
                .and_then(super::program_after)
            else {
                continue;
            };
            found.push(Marked {
                pid,
                program,
                command: command_line(pid).unwrap_or_default(),
                ports: Vec::new(),
                ended,
            });
        }
        found
    }

    /// A process's state (`R`, `S`, `Z`...) and its parent's id, from `/proc/PID/stat`.
    pub fn state_and_parent(pid: u32) -> Option<(char, u32)> {
        let stat = fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        // `PID (COMMAND) STATE PPID ...`: the command may hold spaces and `)`.
        let (_, rest) = stat.rsplit_once(')')?;
        let mut fields = rest.split_whitespace();
        let state = fields.next()?.chars().next()?;
        let parent = fields.next()?.parse().ok()?;
        Some((state, parent))
    }

    /// A process's command line, its arguments joined by spaces.
    pub fn command_line(pid: u32) -> Option<String> {
        let raw = fs::read(format!("/proc/{pid}/cmdline")).ok()?;
        let words: Vec<String> = raw
            .split(|byte| *byte == 0)
            .filter(|word| !word.is_empty())
            .map(|word| String::from_utf8_lossy(word).into_owned())
            .collect();
        Some(words.join(" "))
    }

    /// The inodes of the sockets a process has open.
    pub fn socket_inodes(pid: u32) -> HashSet<u64> {
        let Ok(entries) = fs::read_dir(format!("/proc/{pid}/fd")) else {
            return HashSet::new();
        };
        entries
            .filter_map(|entry| {
                let target = fs::read_link(entry.ok()?.path()).ok()?;
                // A socket's link reads `socket:[12345]`.
                let target = target.to_str()?;
                target
                    .strip_prefix("socket:[")?
                    .strip_suffix(']')?
                    .parse()
                    .ok()
            })
            .collect()
    }
}

mod portable {
    use std::process::{Command, Stdio};

    use super::Marked;

    /// The processes whose environment, as `ps` shows it, carries the mark.
    pub fn marked(prefix: &str) -> Vec<Marked> {
        if !cfg!(unix) {
            return Vec::new();
        }
        let own = std::process::id();
        // BSD's and macOS's `ps` show the environment with `-E`, procps's with `e`.
        let listings = [
            &["-A", "-E", "-ww", "-o", "pid=,command="][..],
            &["-A", "e", "ww", "-o", "pid=,args="][..],
        ];
        let Some(listing) = listings.iter().find_map(|args| {
            let output = Command::new("ps")
                .args(*args)
                .stdin(Stdio::null())
                .stderr(Stdio::null())
                .output()
                .ok()?;
            output
                .status
                .success()
                .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
        }) else {
            return Vec::new();
        };
        listing
            .lines()
            .filter_map(|line| {
                let line = line.trim_start();
                let (pid, rest) = line.split_once(' ')?;
                let pid: u32 = pid.parse().ok()?;
                let at = rest.find(prefix)?;
                let program = super::program_after(&rest[at + prefix.len()..])?;
                (pid != own).then(|| Marked {
                    pid,
                    program,
                    command: command_before_environment(rest),
                    ports: Vec::new(),
                    ended: false,
                })
            })
            .collect()
    }

    /// The command of a `ps` line that also shows the environment: the words before the
    /// first `NAME=value`.
    pub fn command_before_environment(line: &str) -> String {
        let words: Vec<&str> = line
            .split(' ')
            .take_while(|word| {
                !word.split_once('=').is_some_and(|(name, _)| {
                    !name.is_empty()
                        && name
                            .chars()
                            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
                })
            })
            .collect();
        words.join(" ")
    }

    #[cfg(test)]
    mod tests {
        #[test]
        fn the_environment_is_cut_off_the_command() {
            assert_eq!(
                super::command_before_environment(
                    "python3 server.py 9000 SOCKETLAB_PLAY=1-2-3 HOME=/root"
                ),
                "python3 server.py 9000"
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_program_is_read_after_the_mark() {
        assert_eq!(program_after("12\0HOME=/"), Some(12));
        assert_eq!(program_after("x"), None);
    }
}
