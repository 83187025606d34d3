//! Lesson 08 from the outside: each run-time case gives the expected error, the refused
//! programs really do not compile, and the output is the same from run to run.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::thread;
use std::time::Duration;

use assert_cmd::Command as Cmd;
use predicates::prelude::*;

// The program's path as cargo gives it when the tests run, so that a copied kit's tests
// run the copy's program (a path compiled in names the folder the tests were built in).
fn cases_exe() -> String {
    std::env::var("CARGO_BIN_EXE_lesson08-cases")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_lesson08-cases").to_owned())
}

/// The upper bound of every run in these tests.
const BOUND: Duration = Duration::from_secs(20);

fn cases() -> Cmd {
    let mut command = Cmd::new(cases_exe());
    command.timeout(BOUND);
    command
}

/// Runs one case and returns its standard output (the run must succeed, quietly on stderr).
fn run_case(name: &str) -> String {
    run_case_with(name, &[])
}

/// As `run_case`, with more arguments (`--system`).
fn run_case_with(name: &str, extra: &[&str]) -> String {
    let output = cases()
        .arg(name)
        .args(extra)
        .assert()
        .success()
        .stderr("")
        .get_output()
        .clone();
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

/// The value of a `Label: value` line in a case's output.
fn field<'a>(output: &'a str, label: &str) -> &'a str {
    output
        .lines()
        .find_map(|line| line.strip_prefix(label))
        .map(str::trim)
        .unwrap_or_else(|| panic!("no {label:?} line in {output}"))
}

/// Checks that each case's output holds each of its lines.
fn assert_cases(expected: &[(&str, &[&str])], extra: &[&str]) {
    for (name, lines) in expected {
        let output = run_case_with(name, extra);
        assert!(output.starts_with(&format!("== {name}: ")), "{output}");
        for line in *lines {
            assert!(
                output.contains(line),
                "{name}: expected {line:?} in\n{output}"
            );
        }
    }
}

/// What each run-time case gives, in words that are the same on every system.
#[test]
fn each_run_time_case_means_the_same_on_every_system() {
    assert_cases(
        &[
            (
                "send-unconnected",
                &[
                    "udp_sk.send(a): Err, not connected: this socket has no peer to send to",
                ],
            ),
            (
                "tcp-sendto",
                &[
                    "udp_sk.send_to(a, &addr): Err, not connected: this socket has no peer to send to",
                ],
            ),
            (
                "no-server-unconnected",
                &[
                    "udp_sk.send_to(a, addr): Ok(5)",
                    "udp_sk.recv(&mut buffer): Err, no datagram: nothing will come",
                ],
            ),
            (
                "no-server-connected",
                &[
                    "udp_sk.send(a): Ok(5)",
                    "udp_sk.recv(&mut buffer): Err, refused: the system answered that no socket has that port",
                ],
            ),
            (
                "server-stops",
                &[
                    "server: recv_from, then it stops: Ok(5)",
                    "udp_sk.recv(&mut buffer): Err, timed out: nothing came within the 200 ms wait",
                ],
            ),
            (
                "long-datagram",
                &[
                    "udp_sk.send_to(&[b'x'; 2000], addr): Ok(2000)",
                    "server: recv_from(&mut [0; 1024]): Ok(1024)\n",
                    "server: recv_from(&mut [0; 1024]): Ok(4, \"next\")\n",
                ],
            ),
        ],
        &[],
    );
    // The system's own words stay out of the output when it is not a terminal.
    let output = run_case("no-server-connected");
    assert!(!output.contains("this system:"), "{output}");
}

/// With `--system`, each error as Linux words it, as the lesson's page lists it.
#[cfg(target_os = "linux")]
#[test]
fn each_run_time_case_gives_the_linux_error_with_system() {
    assert_cases(
        &[
            (
                "send-unconnected",
                &[
                    "this system: kind Uncategorized, os error 89: Destination address required",
                ],
            ),
            (
                "tcp-sendto",
                &["this system: kind BrokenPipe, os error 32: Broken pipe"],
            ),
            (
                "no-server-unconnected",
                &[
                    "this system: kind WouldBlock, os error 11: Resource temporarily unavailable",
                ],
            ),
            (
                "no-server-connected",
                &[
                    "this system: kind ConnectionRefused, os error 111: Connection refused",
                ],
            ),
            (
                "server-stops",
                &[
                    "this system: kind WouldBlock, os error 11: Resource temporarily unavailable",
                ],
            ),
        ],
        &["--system"],
    );
}

#[test]
fn all_is_the_same_every_time() {
    // Its speed is `cargo xtask bench`'s to measure; here only the output counts.
    let first = run_case("all");
    assert_eq!(first, run_case("all"), "the output is deterministic");

    let list = cases()
        .arg("--list")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let names: Vec<String> = String::from_utf8_lossy(&list)
        .lines()
        .map(|line| {
            line.split_whitespace()
                .next()
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    assert_eq!(
        names.len(),
        9,
        "every row of the notes' table, and the long datagram"
    );
    let headers: Vec<&str> = first
        .lines()
        .filter_map(|line| line.strip_prefix("== "))
        .map(|line| line.split(':').next().unwrap_or_default())
        .collect();
    assert_eq!(headers, names, "`all` runs every case, in the listed order");
    for forbidden in ["127.0.0.1:", "panicked"] {
        assert!(!first.contains(forbidden), "{forbidden:?} in the output");
    }
}

#[test]
fn options_and_mistakes() {
    cases().arg("--help").assert().success().stdout(
        predicate::str::contains("--list")
            .and(predicate::str::contains("--host"))
            .and(predicate::str::contains("--port"))
            .and(predicate::str::contains("no-server-connected")),
    );
    cases()
        .args(["--host", "127.0.0.1", "--port", "9000", "tcp-sendto"])
        .assert()
        .success();
    for (args, says) in [
        (&["no-such-case"][..], "no case named 'no-such-case'"),
        (&["--port", "99999", "all"][..], "--port"),
        (&["--frobnicate"][..], "unexpected option"),
        (&[][..], "name a case"),
    ] {
        let assert = cases().args(args).assert().code(2).stdout("").stderr(
            predicate::str::starts_with("lesson08-cases: ")
                .and(predicate::str::contains(says)),
        );
        let stderr =
            String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
        assert_eq!(stderr.lines().count(), 1, "one line: {stderr:?}");
    }
}

/// The first `error[CODE]: message` line rustc gives for a file.
fn compile_error(file: &Path) -> Option<(String, String)> {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let stem = file.file_stem()?.to_string_lossy().into_owned();
    let out =
        std::env::temp_dir().join(format!("lesson08-{stem}-{}", std::process::id()));
    let output = Command::new(rustc)
        .args([
            "--edition",
            "2024",
            "--crate-type",
            "bin",
            "--color",
            "never",
        ])
        .arg(file)
        .arg("-o")
        .arg(&out)
        .output()
        .expect("running rustc");
    let _ = std::fs::remove_file(&out);
    if output.status.success() {
        return None;
    }
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let line = stderr.lines().find(|line| line.starts_with("error["))?;
    let (code, message) = line.strip_prefix("error[")?.split_once("]: ")?;
    Some((code.to_owned(), message.to_owned()))
}

#[test]
fn refused_programs_really_do_not_compile() {
    // The lesson's folder as cargo gives it when the tests run: in a copied kit, the copy's.
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR")
        .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned());
    let folder = PathBuf::from(manifest_dir).join("cases/compile-fail");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
        .expect("cases/compile-fail")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
        .collect();
    files.sort();

    let list = cases()
        .arg("--list")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let refused: Vec<String> = String::from_utf8_lossy(&list)
        .lines()
        .filter(|line| line.contains("compile-time"))
        .map(|line| {
            line.split_whitespace()
                .next()
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    let stems: Vec<String> = files
        .iter()
        .map(|file| {
            file.file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    let mut sorted = refused.clone();
    sorted.sort();
    assert_eq!(stems, sorted, "one file per compile-time case");

    // One rustc per file, all at once.
    let compiling: Vec<_> = files
        .iter()
        .cloned()
        .map(|file| thread::spawn(move || compile_error(&file)))
        .collect();
    for (file, compiling) in files.iter().zip(compiling) {
        let name = file
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let Some((code, message)) = compiling.join().expect("the rustc thread")
        else {
            panic!(
                "{} compiles, or rustc gave no error[...] line",
                file.display()
            );
        };
        let output = run_case(&name);
        assert_eq!(
            field(&output, "Rust gives:"),
            format!("compile error {code}: {message}"),
            "{name}: the case shows what rustc says"
        );
        let source = std::fs::read_to_string(file).expect("reading the case file");
        for label in ["Python (notes):", "Windows (notes):"] {
            let value = field(&output, label);
            assert!(
                source.contains(value),
                "{name}: the file's header gives {value:?}"
            );
        }
        let rust_line = field(&output, "Rust:");
        assert!(
            source.contains(rust_line),
            "{name}: the file has {rust_line:?}"
        );
        assert!(
            source.contains(&format!("error[{code}]: {message}")),
            "{name}: header"
        );
    }
}
