//! The kit's own tool, as a library: the conversation engine and what the commands share.
//!
//! `main.rs` only dispatches to `commands`; the engine, the scenario parser, the transcript
//! and the snapshot check are plain modules with their own tests.

pub mod book;
pub mod catalog;
pub mod check;
pub mod commands;
pub mod diagram;
pub mod engine;
pub mod grade;
pub mod hints;
pub mod homework;
pub mod i18n;
pub mod output;
pub mod play;
pub mod scenario;
pub mod snapshot;
pub mod transcript;
pub mod workspace;
