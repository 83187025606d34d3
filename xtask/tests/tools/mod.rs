//! The tools some tests need beside Rust (python3, node, a C compiler): whether one is
//! installed, said once when it is not, and required when `CI` is set, so that no test
//! passes while testing nothing on the machine that matters.

#![allow(dead_code)] // each test file uses part of it

use std::io::Write;
use std::process::{Command, Stdio};

/// Whether `name --version` runs here. When it does not: a failure under `CI`, elsewhere
/// one line on standard error saying `what` is not checked.
pub fn available(name: &str, what: &str) -> bool {
    let found = Command::new(name)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "{name} is not installed, and CI is set: {what} must be checked"
        );
        // Straight to standard error: the test harness hides what eprintln! writes.
        let _ = writeln!(
            std::io::stderr(),
            "NOT RUN: {name} is not installed, so {what} are not checked"
        );
    }
    found
}
