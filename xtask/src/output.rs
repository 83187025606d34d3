//! Printing: when nobody reads the runner's output any more, the runner ends quietly.
//!
//! `std::println!` and `std::eprintln!` panic when their stream is a pipe whose reader has
//! gone (`cargo xtask list | head -1`). The runner prints with this module's [`println!`],
//! [`print!`] and [`eprintln!`] instead (`use crate::{eprintln, println};`): the
//! same formatting, and a closed pipe ends the runner at once, with no message and with
//! [`CLOSED_OUTPUT_STATUS`]. Every command prints only between plays, when no program of a
//! play is running.

use std::fmt;
use std::io::{self, Write};

/// The exit status after standard output was closed: the shell's status for a program
/// ended by `SIGPIPE` (how `cargo` and `rustc` end there too). The reader has what it
/// wanted, so nothing is said, but the command did not finish: its status is not a pass.
pub const CLOSED_OUTPUT_STATUS: i32 = 141;

/// Like `std::println!`, but a closed standard output ends the runner quietly.
#[macro_export]
macro_rules! println {
    () => {
        $crate::output::write_stdout(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::output::write_stdout(format_args!("{}\n", format_args!($($arg)*)))
    };
}

/// Like `std::print!`, but a closed standard output ends the runner quietly.
#[macro_export]
macro_rules! print {
    ($($arg:tt)*) => {
        $crate::output::write_stdout(format_args!($($arg)*))
    };
}

/// Like `std::eprintln!`, but a closed standard error ends the runner quietly.
#[macro_export]
macro_rules! eprintln {
    ($($arg:tt)*) => {
        $crate::output::write_stderr(format_args!("{}\n", format_args!($($arg)*)))
    };
}

/// `text` and spaces after it, to `width` columns of a terminal (a Chinese character takes
/// two columns, where `format!("{:<16}")` counts it as one): a table's column in any language.
pub fn padded(text: &str, width: usize) -> String {
    let columns = crate::book::fit::columns(text);
    format!("{text}{}", " ".repeat(width.saturating_sub(columns)))
}

/// Spaces and then `text`, to `width` columns of a terminal: a right-aligned column.
pub fn right_aligned(text: &str, width: usize) -> String {
    let columns = crate::book::fit::columns(text);
    format!("{}{text}", " ".repeat(width.saturating_sub(columns)))
}

/// Writes to standard output, for [`println!`] and [`print!`]: a closed pipe ends the
/// runner quietly with [`CLOSED_OUTPUT_STATUS`]; any other failure, with one line on
/// standard error and status 1.
pub fn write_stdout(text: fmt::Arguments<'_>) {
    if let Err(error) = io::stdout().lock().write_fmt(text) {
        failed(&error);
    }
}

/// Writes to standard error, for [`eprintln!`], as [`write_stdout`] does.
pub fn write_stderr(text: fmt::Arguments<'_>) {
    if let Err(error) = io::stderr().lock().write_fmt(text) {
        failed(&error);
    }
}

/// Ends the runner after a failed write to standard output or error (see [`write_stdout`]).
pub fn failed(error: &io::Error) -> ! {
    let status = ending_status(error, &mut io::stderr());
    // Nothing a play started outlives the runner, however it ends.
    crate::engine::process::end_everything();
    std::process::exit(status)
}

/// What a failed write to standard output ends the runner with, having said on `stderr`
/// what went wrong when it is more than a reader that has gone.
fn ending_status(error: &io::Error, stderr: &mut impl Write) -> i32 {
    if error.kind() == io::ErrorKind::BrokenPipe {
        return CLOSED_OUTPUT_STATUS;
    }
    // Not `eprintln!`: standard error may be what failed.
    let _ = writeln!(stderr, "error: cannot print: {error}");
    1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_column_is_padded_by_the_columns_a_terminal_gives_its_text() {
        assert_eq!(padded("quit", 6), "quit  ");
        assert_eq!(padded("退出", 6), "退出  ");
        assert_eq!(padded("不同好友不同颜色", 6), "不同好友不同颜色");
        assert_eq!(right_aligned("演练", 6), "  演练");
        assert_eq!(right_aligned("play", 6), "  play");
    }

    #[test]
    fn a_closed_pipe_ends_quietly_and_other_errors_say_so() {
        let mut stderr = Vec::new();
        let closed = io::Error::from(io::ErrorKind::BrokenPipe);
        assert_eq!(ending_status(&closed, &mut stderr), CLOSED_OUTPUT_STATUS);
        assert!(stderr.is_empty());
        let full = io::Error::from(io::ErrorKind::StorageFull);
        assert_eq!(ending_status(&full, &mut stderr), 1);
        let said = String::from_utf8(stderr).expect("UTF-8");
        assert!(said.starts_with("error: cannot print: "));
        assert_eq!(said.lines().count(), 1);
    }
}
