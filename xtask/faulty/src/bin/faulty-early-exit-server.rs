//! A lesson 01 server that exits before it accepts anyone.
//! The runner's tests expect its client to be refused, as with no relay in between.

fn main() {
    let _options = lessonkit::Options::server("Faulty: exits at once.");
    eprintln!("faulty-early-exit-server: giving up before listening");
    std::process::exit(3);
}
