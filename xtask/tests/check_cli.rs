//! What `cargo xtask check` says before and around the play: a lesson that is not one, a
//! fixed port assumed, a homework program that does not build, a panic in one line.

use std::path::PathBuf;
use std::time::Duration;

use assert_cmd::Command;
use xtask::catalog::Lesson;
use xtask::{homework, workspace};

/// Each run of the command is bounded: a play never waits more than a few step bounds.
const COMMAND_BOUND: Duration = Duration::from_secs(240);

fn xtask() -> Command {
    let mut command = Command::cargo_bin("xtask").expect("the xtask binary");
    // The runner in English whatever the machine's locale: the tests read its words.
    command
        .timeout(COMMAND_BOUND)
        .env("NO_COLOR", "1")
        .env("LC_ALL", "C.UTF-8");
    command
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn a_lesson_that_is_not_one_is_said_plainly() {
    for (argument, expected) in [
        (
            "abc",
            "not a lesson number: give a lesson from 1 to 11 but 8",
        ),
        ("8", "lesson 8 has no homework to check"),
        ("12", "there is no such lesson"),
    ] {
        let output = xtask().args(["check", argument]).output().expect("runs");
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(expected), "{argument}: {stderr}");
        assert!(!stderr.contains("invalid digit"), "{stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    }
}

#[test]
fn a_command_without_port_is_said_to_use_the_fixed_port_before_playing() {
    workspace::build(&["lesson01".into()]).expect("the lesson builds");
    let port = std::net::TcpListener::bind(("127.0.0.1", 0))
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port();
    let server = workspace::binary("lesson01-server");
    let output = xtask()
        .args(["check", "1", "--port", &port.to_string(), "--server"])
        .arg(format!("'{}' --port {port}", server.display()))
        .output()
        .expect("runs");
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains(&format!(
            "has no `{{port}}`: your server is taken to use the fixed port {port}"
        )),
        "{stderr}"
    );
    assert!(
        output.status.success(),
        "{}\n{stderr}",
        text(&output.stdout)
    );
}

#[test]
fn a_panic_is_its_message_and_place_whatever_rust_backtrace_says() {
    workspace::build(&["lesson03".into(), "faulty".into()]).expect("the programs build");
    let server = format!(
        "'{}' --port {{port}}",
        workspace::binary("faulty-panic-server").display()
    );
    let output = xtask()
        .args(["check", "3", "--server", &server])
        .env("RUST_BACKTRACE", "1")
        .output()
        .expect("runs");
    let stdout = text(&output.stdout);
    assert!(
        stdout
            .contains("hint: Your server panicked at xtask/faulty/src/bin/faulty-panic-server.rs:"),
        "{stdout}"
    );
    assert!(!stdout.contains("stack backtrace"), "{stdout}");
    // --verbose keeps the user's RUST_BACKTRACE: the whole transcript shows the backtrace.
    let verbose = xtask()
        .args(["check", "3", "--verbose", "--server", &server])
        .env("RUST_BACKTRACE", "1")
        .output()
        .expect("runs");
    assert!(
        text(&verbose.stdout).contains("stack backtrace"),
        "{}",
        text(&verbose.stdout)
    );
}

/// A folder of homework crates, removed afterwards.
struct Folder(PathBuf);

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn each_homework_program_is_built_and_the_one_that_builds_is_checked() {
    let folder = Folder(std::env::temp_dir().join(format!("xtask-unbuilt-{}", std::process::id())));
    let _ = std::fs::remove_dir_all(&folder.0);
    let lesson = Lesson::find(4).expect("lesson 04");
    let dir = homework::create(lesson, &folder.0).expect("written");
    let broken = "fn main() {\n    let port: u32 = \"not a number\";\n}\n";
    let client = dir.join("src/bin/homework04-client.rs");
    let server = dir.join("src/bin/homework04-server.rs");
    let server_text = std::fs::read_to_string(&server).expect("the starter");
    std::fs::write(&client, broken).expect("written");
    std::fs::write(&server, broken).expect("written");

    // Both broken: both reported, each path from where the command runs (the folder).
    let output = xtask()
        .current_dir(&folder.0)
        .args(["check", "4", "--dir"])
        .arg(&folder.0)
        .output()
        .expect("runs");
    let stderr = text(&output.stderr);
    assert!(!output.status.success());
    for name in ["homework04-server", "homework04-client"] {
        assert!(
            stderr.contains(&format!("--> lesson04/src/bin/{name}.rs:2:")),
            "{name}: {stderr}"
        );
    }
    assert!(
        stderr.contains("does not build (homework04-server, homework04-client)"),
        "{stderr}"
    );

    // The server builds again: it is checked, and the check still fails for the client.
    std::fs::write(&server, server_text).expect("written");
    let output = xtask()
        .current_dir(&folder.0)
        .args(["check", "4", "--dir"])
        .arg(&folder.0)
        .output()
        .expect("runs");
    let (stdout, stderr) = (text(&output.stdout), text(&output.stderr));
    assert!(!output.status.success());
    assert!(
        stderr.contains("--> lesson04/src/bin/homework04-client.rs:2:"),
        "{stderr}"
    );
    assert!(
        stderr.contains("note: homework04-client does not build"),
        "{stderr}"
    );
    assert!(
        stdout.contains("Your server (homework04-server) with the lesson's client"),
        "{stdout}"
    );
    assert!(
        stdout.contains("and 1 of your programs did not build"),
        "{stdout}"
    );
}
