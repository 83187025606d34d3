//! One module per `cargo xtask` command.

pub mod bench;
pub mod bench_grade;
pub mod bench_load;
pub mod bench_verdicts;
pub mod check;
pub mod docs;
pub mod grade;
pub mod homework;
pub mod lesson;
pub mod list;
pub mod options;
pub mod progress;
pub mod verify;
pub mod watch;
