//! `cargo xtask grade`: a class folder of submissions (correct ones in Python and Rust, wrong
//! ones of several kinds, one that does not build, one that hangs, one that floods, one that
//! fills memory, one in Node) gets exactly the expected rows, valid `results.json` files,
//! and leaves no process behind.

mod bound;
mod tools;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::Value;
use xtask::workspace;

/// The whole grading of the class: a hang costs a few step bounds, the rest seconds.
const GRADE_BOUND: Duration = Duration::from_secs(400);

/// A correct lesson-04 server in the notes' Python style, with the cases the notes miss.
fn python_server() -> String {
    std::fs::read_to_string(workspace::root().join("xtask/styles/python/lesson04-server.py"))
        .expect("the correct Python server")
}

/// A server that answers its client and then never prompts again: it hangs.
const HANGING_SERVER: &str = r#"import socket, sys, threading
sk = socket.socket()
sk.bind(('127.0.0.1', int(sys.argv[1])))
sk.listen()
conn, _ = sk.accept()
threading.Event().wait()
"#;

/// A server that prints without end.
const FLOODING_SERVER: &str = r#"import socket, sys
sk = socket.socket()
sk.bind(('127.0.0.1', int(sys.argv[1])))
sk.listen()
conn, _ = sk.accept()
while True:
    print("flood " * 20)
"#;

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("a folder")).expect("made");
    std::fs::write(path, text).expect("written");
}

/// A homework crate of lesson 04 in `dir` with the given programs' sources.
fn rust_crate(dir: &Path, server: &str, client: &str) {
    write(
        &dir.join("Cargo.toml"),
        "[package]\nname = \"homework04\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n\
         [dependencies]\n# A path on the student's machine: grading does not use it.\n\
         lessonkit = { path = \"../../lessons/kit\" }\n\n[workspace]\n",
    );
    write(&dir.join("src/bin/homework04-server.rs"), server);
    write(&dir.join("src/bin/homework04-client.rs"), client);
}

fn lesson_source(name: &str) -> String {
    std::fs::read_to_string(
        workspace::root()
            .join("lessons/04-reconnect/src/bin")
            .join(format!("{name}.rs")),
    )
    .expect("the lesson's source")
}

/// The class: a folder per student.
fn class(dir: &Path) {
    let notes_client =
        std::fs::read_to_string(workspace::root().join("examples/python/lesson04-client.py"))
            .expect("the notes' client");
    write(&dir.join("ann/server.py"), &python_server());
    write(&dir.join("ann/client.py"), &notes_client);
    rust_crate(
        &dir.join("bob"),
        &lesson_source("lesson04-server"),
        &lesson_source("lesson04-client"),
    );
    // Lesson 03's programs, as `cargo xtask homework 4` starts them: one client only.
    let lesson03 = |name: &str| {
        std::fs::read_to_string(
            workspace::root()
                .join("lessons/03-quit/src/bin")
                .join(format!("{name}.rs")),
        )
        .expect("lesson 03's source")
    };
    rust_crate(
        &dir.join("carl/lesson04"),
        &lesson03("lesson03-server"),
        &lesson03("lesson03-client"),
    );
    rust_crate(
        &dir.join("dora"),
        &format!("{}\nfn broken( {{\n", lesson_source("lesson04-server")),
        &lesson_source("lesson04-client"),
    );
    write(&dir.join("eve/server.py"), HANGING_SERVER);
    write(&dir.join("fay/server.py"), FLOODING_SERVER);
    write(
        &dir.join("gus/server.py"),
        &python_server().replace("print(ret, flush=True)", "print(ret.upper(), flush=True)"),
    );
    // Fills memory before anything else: the runner's memory limit stops it.
    write(
        &dir.join("hal/server.py"),
        &format!("hog = bytearray(1024 ** 3)\n{}", python_server()),
    );
    std::fs::create_dir_all(dir.join("ivy")).expect("made");
    // Node: a server that throws before it listens.
    write(
        &dir.join("jan/server.js"),
        "throw new Error(\"boom at start\");\n",
    );
}

/// The processes that carry the mark of the runner with process id `runner`.
fn marked_by(runner: u32) -> Vec<u32> {
    let prefix = format!("SOCKETLAB_PLAY={runner}-");
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            std::fs::read(format!("/proc/{pid}/environ")).is_ok_and(|environment| {
                environment
                    .split(|byte| *byte == 0)
                    .any(|variable| variable.starts_with(prefix.as_bytes()))
            })
        })
        .collect()
}

/// Parses a CSV of the class table (fields quoted as the grader quotes them).
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for line in text.split("\r\n").filter(|line| !line.is_empty()) {
        let mut fields = Vec::new();
        let mut field = String::new();
        let mut quoted = false;
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, quoted) {
                ('"', true) if chars.peek() == Some(&'"') => {
                    field.push('"');
                    chars.next();
                }
                ('"', _) => quoted = !quoted,
                (',', false) => fields.push(std::mem::take(&mut field)),
                _ => field.push(c),
            }
        }
        fields.push(field);
        rows.push(fields);
    }
    rows
}

#[test]
fn a_class_is_graded_row_by_row_into_valid_results() {
    if !tools::available("python3", "the graded Python submissions")
        || !tools::available("node", "the graded Node submission")
    {
        return;
    }
    let root = std::env::temp_dir().join(format!("xtask-grade-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let (dir, out) = (root.join("class"), root.join("out"));
    class(&dir);
    let xtask = PathBuf::from(env!("CARGO_BIN_EXE_xtask"));
    let (status, stdout, stderr, runner) = {
        let (dir, out) = (dir.clone(), out.clone());
        bound::within(GRADE_BOUND, "cargo xtask grade", move || {
            let child = Command::new(xtask)
                .args(["grade", "--lesson", "4", "--out"])
                .arg(&out)
                .arg(&dir)
                .env("NO_COLOR", "1")
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("the grader starts");
            let pid = child.id();
            let output = child.wait_with_output().expect("the grader ends");
            (
                output.status,
                String::from_utf8_lossy(&output.stdout).into_owned(),
                String::from_utf8_lossy(&output.stderr).into_owned(),
                pid,
            )
        })
    };
    assert!(status.success(), "{stdout}\n{stderr}");
    assert_eq!(
        marked_by(runner),
        Vec::<u32>::new(),
        "processes outlived the grading"
    );
    let csv = std::fs::read_to_string(out.join("class.csv")).expect("class.csv");
    let rows = csv_rows(&csv);
    assert_eq!(
        rows[0],
        [
            "student",
            "programs",
            "passed",
            "first failing scenario",
            "its top hint"
        ]
    );
    // student, programs, passed, first failing scenario, a piece of its top hint.
    let expected: [(&str, &str, &str, &str, &str); 10] = [
        ("ann", "server.py client.py", "10/10", "", ""),
        (
            "bob",
            "homework04-server homework04-client",
            "10/10",
            "",
            "",
        ),
        (
            "carl",
            "homework04-server homework04-client",
            "6/10",
            "server: two-clients",
            "ended on its own",
        ),
        (
            "dora",
            "homework04-server homework04-client",
            "5/10",
            "server: two-clients",
            "homework04-server does not build: error",
        ),
        (
            "eve",
            "server.py",
            "0/5",
            "server: two-clients",
            "no prompt",
        ),
        ("fay", "server.py", "0/5", "server: two-clients", "64 KiB"),
        ("gus", "server.py", "0/5", "server: two-clients", "`C1`"),
        (
            "hal",
            "server.py",
            "0/5",
            "server: two-clients",
            "MemoryError",
        ),
        ("ivy", "", "0/0", "", "nothing to grade"),
        (
            "jan",
            "server.js",
            "0/5",
            "server: two-clients",
            "`Error: boom at start`",
        ),
    ];
    assert_eq!(rows.len(), expected.len() + 1, "{csv}");
    for (row, (student, programs, passed, failing, hint)) in rows[1..].iter().zip(expected) {
        assert_eq!(
            (&row[0][..], &row[1][..], &row[2][..], &row[3][..]),
            (student, programs, passed, failing),
            "{csv}"
        );
        assert!(row[4].contains(hint), "{student}: {:?}\n{csv}", row[4]);
        if hint.is_empty() {
            assert_eq!(row[4], "", "{csv}");
        }
    }
    let markdown = std::fs::read_to_string(out.join("class.md")).expect("class.md");
    assert!(
        markdown.contains("| gus | server.py | 0/5 | server: two-clients |"),
        "{markdown}"
    );
    assert!(
        stdout.contains("2 of 10 submissions pass every scenario"),
        "{stdout}"
    );
    // The hang ran out its bounds: graded again alone, in case the machine was busy; a
    // wrong reply is certain at once, and is not.
    assert!(
        stderr.contains("eve: a wait ran out; grading it again alone"),
        "{stderr}"
    );
    assert!(!stderr.contains("gus: a wait ran out"), "{stderr}");
    for (student, _, passed, _, _) in expected {
        let path = out.join(student).join("results.json");
        let text = std::fs::read_to_string(&path).expect("results.json");
        let results: Value = serde_json::from_str(&text).expect("valid JSON");
        assert_valid(student, passed, &results);
    }
    let _ = std::fs::remove_dir_all(&root);
}

/// A `results.json` follows Exercism's version 2 and agrees with the student's row.
fn assert_valid(student: &str, passed: &str, results: &Value) {
    assert_eq!(results["version"], 2, "{student}: {results}");
    let tests = results["tests"].as_array().expect("tests is an array");
    let (pass, total) = passed.split_once('/').expect("n/m");
    assert_eq!(tests.len().to_string(), total, "{student}");
    let passing = tests.iter().filter(|test| test["status"] == "pass").count();
    assert_eq!(passing.to_string(), pass, "{student}");
    let overall = results["status"].as_str().expect("a status");
    let expected = if tests.is_empty() || tests.iter().all(|test| test["status"] == "error") {
        "error"
    } else if passing == tests.len() {
        "pass"
    } else {
        "fail"
    };
    assert_eq!(overall, expected, "{student}");
    if overall == "error" {
        assert!(results["message"].is_string(), "{student}: {results}");
    } else {
        assert!(results["message"].is_null(), "{student}: {results}");
    }
    for test in tests {
        assert!(test["name"].is_string(), "{student}: {test}");
        assert!(
            test["test_code"]
                .as_str()
                .is_some_and(|code| code.starts_with("start server"))
        );
        let status = test["status"].as_str().expect("a status");
        assert!(
            ["pass", "fail", "error"].contains(&status),
            "{student}: {test}"
        );
        if status != "pass" {
            assert!(test["message"].is_string(), "{student}: {test}");
        }
        if let Some(output) = test.get("output") {
            assert!(output.as_str().expect("text").chars().count() <= 500);
        }
    }
}
