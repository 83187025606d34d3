//! A lesson 04 server that starts the lesson's server in the background and exits at once,
//! as a daemon would (rule `leftover-process`): the server it started outlives the play.

use std::process::Command;

fn main() -> std::io::Result<()> {
    let server = std::env::current_exe()?.with_file_name("lesson04-server");
    // The fault: the child is neither waited for nor ended.
    Command::new(server)
        .args(std::env::args().skip(1))
        .spawn()?;
    Ok(())
}
