//! One module per `cargo xtask` command.

pub mod docs;
pub mod lesson;
pub mod list;
pub mod verify;
