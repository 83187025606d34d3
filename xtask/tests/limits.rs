//! The limits a student's program runs under (`engine::limits`), seen from the programs
//! themselves. In a test binary of their own: a test that forks holds, until its child
//! execs, every socket the process has open, and the engine's own tests (a port that must
//! refuse the moment it is closed) would see it.
#![cfg(target_os = "linux")]

use std::process::{Command, Stdio};

use xtask::engine::limits::{Limits, PROCESS_HEADROOM, UNTRUSTED, apply, threads_now};

/// The limits a program started under `limits` reads in `/proc/self/limits`.
fn limits_seen(limits: &Limits) -> String {
    let mut command = Command::new("cat");
    command.arg("/proc/self/limits").stdout(Stdio::piped());
    apply(&mut command, limits);
    let output = command.output().expect("cat runs");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Runs `command` to its end, killing it when it outlives `bound` (the test's own bound:
/// a limit that does not hold must fail the test, not hang it).
fn status_within(
    mut command: Command,
    bound: std::time::Duration,
) -> Option<std::process::ExitStatus> {
    let mut child = command.spawn().expect("the program starts");
    let pid = child.id();
    let (done, result) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = done.send(child.wait());
    });
    match result.recv_timeout(bound) {
        Ok(status) => status.ok(),
        Err(_) => {
            // SAFETY: kill only sends a signal to the child this test started.
            unsafe { libc::kill(pid as i32, libc::SIGKILL) };
            None
        }
    }
}

fn row<'a>(table: &'a str, name: &str) -> Vec<&'a str> {
    table
        .lines()
        .find(|line| line.starts_with(name))
        .unwrap_or_else(|| panic!("no {name} in {table}"))[name.len()..]
        .split_whitespace()
        .collect()
}

#[test]
fn every_limit_is_set_on_the_program() {
    let table = limits_seen(&UNTRUSTED);
    assert_eq!(row(&table, "Max cpu time")[..2], ["10", "11"], "{table}");
    assert_eq!(
        row(&table, "Max data size")[..2],
        ["536870912", "536870912"],
        "{table}"
    );
    assert_eq!(
        row(&table, "Max file size")[..2],
        ["16777216", "16777216"],
        "{table}"
    );
    assert_eq!(
        row(&table, "Max core file size")[..2],
        ["0", "0"],
        "{table}"
    );
    if xtask::engine::socket_table::proc_available() {
        let bound: u64 = row(&table, "Max processes")[0].parse().expect("a number");
        let now = threads_now().expect("/proc tells");
        // The machine's other programs start and end threads meanwhile.
        assert!(
            bound > PROCESS_HEADROOM && bound.abs_diff(now + PROCESS_HEADROOM) < 400,
            "{bound} for {now} threads now: {table}"
        );
    }
}

#[test]
fn a_program_that_spins_is_ended_by_its_cpu_limit() {
    let limits = Limits {
        cpu_seconds: 1,
        ..UNTRUSTED
    };
    let mut command = Command::new("sh");
    command.args(["-c", "while :; do :; done"]);
    apply(&mut command, &limits);
    let bound = std::time::Duration::from_secs(30);
    let status = status_within(command, bound).expect("ended by its CPU limit, not by ours");
    use std::os::unix::process::ExitStatusExt;
    // SIGXCPU, or SIGKILL at the hard bound.
    assert!(
        matches!(status.signal(), Some(libc::SIGXCPU | libc::SIGKILL)),
        "{status:?}"
    );
}

#[test]
fn a_program_that_writes_a_large_file_is_stopped_at_the_file_limit() {
    let limits = Limits {
        file_bytes: 4096,
        ..UNTRUSTED
    };
    let file = std::env::temp_dir().join(format!("limits-test-{}", std::process::id()));
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg(format!("head -c 100000 /dev/zero > '{}'", file.display()))
        .stderr(Stdio::null());
    apply(&mut command, &limits);
    let status = status_within(command, std::time::Duration::from_secs(30)).expect("ends");
    let written = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
    let _ = std::fs::remove_file(&file);
    assert!(!status.success(), "{status:?}");
    assert_eq!(written, 4096);
}
