//! Time bounds of the tests' own: a test that starts programs fails with a message when it
//! takes far longer than it ever should, instead of hanging the suite. The runner's own
//! bounds (`--step-timeout`) are what is tested; these do not lean on them.
//!
//! The bounds are generous (a busy 2-core machine plays a whole lesson in seconds): they
//! are never how a test waits for something, only how long it may hang.

#![allow(dead_code)] // each test file uses part of it

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

/// The bound of one `cargo xtask` command a test runs (assert_cmd's `timeout`).
pub const COMMAND: Duration = Duration::from_secs(120);

/// The bound of one play of a lesson, or one round of `check`, run in the test itself.
pub const PLAY: Duration = Duration::from_secs(120);

/// Runs `work` on a thread of its own; fails the test, naming `what`, when it has not
/// finished within `bound`. A panic in `work` fails the test with that panic.
pub fn within<T: Send + 'static>(
    bound: Duration,
    what: &str,
    work: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (done, result) = mpsc::channel();
    let worker = thread::spawn(move || {
        let _ = done.send(work());
    });
    match result.recv_timeout(bound) {
        Ok(value) => value,
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!("{what} did not finish within {bound:?}: it hangs")
        }
        // The sender is gone without a value: `work` panicked; show that panic.
        Err(mpsc::RecvTimeoutError::Disconnected) => match worker.join() {
            Err(panic) => std::panic::resume_unwind(panic),
            Ok(()) => unreachable!("the worker sends its value before it ends"),
        },
    }
}
