//! Limits on a program the runner did not write (a student's): set by the runner, in the
//! child, before the program starts (`setrlimit` in `pre_exec`, on Unix).
//!
//! They bound what one program can take from the machine while it is checked: its CPU
//! time, its memory, the files it writes, how many processes it can start. The runner bounds
//! the rest itself: every wait of a play (`--step-timeout`), the output it keeps
//! (`record::OUTPUT_CAP`: more fails the play at once), and every process a play started,
//! which is ended with the play (`process_table`'s mark).
//!
//! Memory is bounded by `RLIMIT_DATA` (the heap and every private writable mapping), not by
//! `RLIMIT_AS`: Node reserves gigabytes of address space it never uses, and would not
//! start under a bound on its address space that still catches a program that fills memory.
//!
//! `RLIMIT_NPROC` counts every thread of the user, not of the program: its bound is the
//! system's thread count when the program starts (at least the user's) plus
//! [`PROCESS_HEADROOM`], so that a correct program passes however busy the user's machine
//! is and a fork bomb stops at most that many beyond what the system runs. The
//! system does not enforce it for root (nor where the count is unknown, without `/proc`):
//! there, only the play's end bounds a program's processes (`docs/src/teachers-guide.md`).

use std::process::Command;

/// How many threads beyond the user's count at its start a checked program may add: a
/// runtime starts a few (Node about ten), a fork bomb thousands.
pub const PROCESS_HEADROOM: u64 = 512;

/// The limits set on one program.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// CPU time, in seconds: a program that spins is ended (SIGXCPU, then SIGKILL a second
    /// later) even when the step's bound has not run out.
    pub cpu_seconds: u64,
    /// Memory (`RLIMIT_DATA`), in bytes: an allocation past it fails.
    pub memory_bytes: u64,
    /// The largest file it may write, in bytes (SIGXFSZ past it); no core dumps.
    pub file_bytes: u64,
    /// Threads beyond the system's count when it starts (`RLIMIT_NPROC`, see the module).
    pub extra_processes: u64,
}

/// The limits of a student's program: far above what a chat program needs (a few
/// milliseconds of CPU, a few megabytes), far below what would hurt the machine.
pub const UNTRUSTED: Limits = Limits {
    cpu_seconds: 10,
    memory_bytes: 512 * 1024 * 1024,
    file_bytes: 16 * 1024 * 1024,
    extra_processes: PROCESS_HEADROOM,
};

/// Sets `limits` on the program `command` starts (on Unix; elsewhere it does nothing).
pub fn apply(command: &mut Command, limits: &Limits) {
    #[cfg(unix)]
    unix::apply(command, limits, threads_now());
    #[cfg(not(unix))]
    let _ = (command, limits);
}

/// How many threads the system has now, where it shows it (Linux's `/proc/loadavg`: its
/// fourth field is `running/total`). At least the user's count, which `RLIMIT_NPROC`
/// compares with, and one read: counting the user's own means reading every process's
/// status, each of which waits for that process's memory lock on a busy machine.
pub fn threads_now() -> Option<u64> {
    if !super::socket_table::proc_available() {
        return None;
    }
    let loadavg = std::fs::read_to_string("/proc/loadavg").ok()?;
    let (_, total) = loadavg.split_whitespace().nth(3)?.split_once('/')?;
    total.parse().ok()
}

#[cfg(unix)]
mod unix {
    use std::os::unix::process::CommandExt;
    use std::process::Command;

    use super::Limits;

    pub fn apply(command: &mut Command, limits: &Limits, threads_now: Option<u64>) {
        // The values are computed here, in the parent: the closure runs between fork and
        // exec, where only async-signal-safe calls (setrlimit is one) may be made.
        let mut set: Vec<(i32, u64, u64)> = vec![
            // The hard bound a second above the soft one: SIGXCPU first, SIGKILL after.
            (
                libc::RLIMIT_CPU as i32,
                limits.cpu_seconds,
                limits.cpu_seconds + 1,
            ),
            (
                libc::RLIMIT_DATA as i32,
                limits.memory_bytes,
                limits.memory_bytes,
            ),
            (
                libc::RLIMIT_FSIZE as i32,
                limits.file_bytes,
                limits.file_bytes,
            ),
            (libc::RLIMIT_CORE as i32, 0, 0),
        ];
        if let Some(threads) = threads_now {
            let bound = threads + limits.extra_processes;
            set.push((libc::RLIMIT_NPROC as i32, bound, bound));
        }
        // SAFETY: the closure only calls setrlimit, which is async-signal-safe, on values
        // it owns.
        unsafe {
            command.pre_exec(move || {
                for &(resource, soft, hard) in &set {
                    let limit = libc::rlimit {
                        rlim_cur: soft as libc::rlim_t,
                        rlim_max: hard as libc::rlim_t,
                    };
                    // A bound already lower (set by the user) is kept: lowering it is
                    // allowed, raising it is not, and the call then fails harmlessly.
                    libc::setrlimit(resource as _, &limit);
                }
                Ok(())
            });
        }
    }
}
