//! One module per `cargo xtask` command.

pub mod bench;
pub mod lesson;
pub mod list;
pub mod verify;
