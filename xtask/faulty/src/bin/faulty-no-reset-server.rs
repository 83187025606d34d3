//! A lesson 06 server with one colour mistake (rule `no-reset`): see `colour_server.rs`.

#[path = "../colour_server.rs"]
mod colour_server;

fn main() -> std::io::Result<()> {
    colour_server::serve(colour_server::Fault::NoReset)
}
