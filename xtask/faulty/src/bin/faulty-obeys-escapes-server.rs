//! A lesson 06 server that prints a friend's text as it came (rule `peer-escapes-obeyed`):
//! see `colour_server.rs`.

#[path = "../colour_server.rs"]
mod colour_server;

fn main() -> std::io::Result<()> {
    colour_server::serve(colour_server::Fault::ObeysEscapes)
}
