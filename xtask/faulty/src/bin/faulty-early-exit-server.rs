//! A lesson 01 server that exits before it accepts anyone.
//! The runner's tests expect the relay to report that the server could not be reached.

fn main() {
    let _options = lessonkit::Options::server("Faulty: exits at once.");
    eprintln!("faulty-early-exit-server: giving up before listening");
    std::process::exit(3);
}
