//! Each hint rule, proven by a program that makes its mistake: checked in place of the
//! lesson's program, the scenario fails and that rule's hint comes first. The programs are
//! in `xtask/faulty/` (Rust under `src/bin/`, and `python/`, `c/`, `node/`); the table of
//! rule → program → test is in `xtask/README.md`.
//!
//! A program in a language whose tool is missing (python3, node, gcc) is not checked: the
//! test fails when `CI` is set, and otherwise says NOT RUN on standard error.

mod tools;

use std::net::{Ipv4Addr, TcpListener};
use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use xtask::catalog::Lesson;
use xtask::check::{self, Candidate, Checked, Round};
use xtask::scenario::Role;
use xtask::workspace;

/// The bound of each wait: the default, since Python and Node start slower than Rust.
const STEP_TIMEOUT: Duration = xtask::play::STEP_TIMEOUT;

/// The bound of a whole round: a few waits of `STEP_TIMEOUT`, and the building.
const ROUND_BOUND: Duration = Duration::from_secs(240);

/// Builds the lessons and the faulty programs once.
fn built() {
    static BUILT: OnceLock<()> = OnceLock::new();
    BUILT.get_or_init(|| {
        let mut packages: Vec<String> = (1..=7).map(|n| format!("lesson{n:02}")).collect();
        packages.push("faulty".into());
        workspace::build(&packages).expect("the programs build");
    });
}

/// A Rust faulty program's command, given the run-time port.
fn rust(name: &str) -> String {
    built();
    format!("'{}' --port {{port}}", workspace::binary(name).display())
}

/// The folder of the faulty programs in other languages.
fn faulty_dir(language: &str) -> PathBuf {
    workspace::root().join("xtask/faulty").join(language)
}

/// Whether a tool runs here; where it does not, a failure when `CI` is set, else NOT RUN.
fn tool(name: &str) -> bool {
    tools::available(name, "its faulty programs")
}

/// A Python faulty program's command. `PYTHONUNBUFFERED` is cleared for it, as it is on a
/// student's machine: set, it would hide every output-buffering mistake.
fn python(file: &str) -> Option<String> {
    tool("python3").then(|| {
        format!(
            "PYTHONUNBUFFERED= python3 '{}' {{port}}",
            faulty_dir("python").join(file).display()
        )
    })
}

fn node(file: &str) -> Option<String> {
    tool("node").then(|| {
        format!(
            "node '{}' {{port}}",
            faulty_dir("node").join(file).display()
        )
    })
}

/// Compiles a C faulty program with gcc, into the test's own folder of the target dir.
fn c(file: &str) -> Option<String> {
    if !tool("gcc") {
        return None;
    }
    let out = workspace::target_dir().join("faulty-c");
    std::fs::create_dir_all(&out).expect("a folder for the C programs");
    let binary = out.join(file.trim_end_matches(".c"));
    let status = Command::new("gcc")
        .arg("-o")
        .arg(&binary)
        .arg(faulty_dir("c").join(file))
        .status()
        .expect("gcc runs");
    assert!(status.success(), "gcc compiles {file}");
    Some(format!("'{}' {{port}}", binary.display()))
}

/// Runs `work` on a thread of its own and waits for it at most `bound`.
fn bounded<T: Send + 'static>(
    what: &str,
    bound: Duration,
    work: impl FnOnce() -> T + Send + 'static,
) -> T {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = sender.send(work());
    });
    match receiver.recv_timeout(bound) {
        Ok(value) => value,
        Err(RecvTimeoutError::Timeout) => panic!("{what} took more than {bound:?}"),
        Err(RecvTimeoutError::Disconnected) => panic!("{what} failed (see above)"),
    }
}

/// Checks `command` as lesson N's server or client, bounded, and asserts that every program
/// the runner started has ended.
fn round(number: u8, role: Role, command: String) -> Round {
    built();
    let lesson = Lesson::find(number).expect("a lesson of the catalog");
    let what = format!("checking `{command}`");
    let round = bounded(&what, ROUND_BOUND, move || {
        let candidate = Candidate::command(lesson, role, &command, check::FIXED_PORT);
        check::round(lesson, candidate, STEP_TIMEOUT).expect("the round plays")
    });
    for one in &round.checked {
        // A program whose leftover the runner ended: its output stays open until then,
        // so the record may see it unfinished; `leftover_process` checks the process.
        let left: Vec<&str> = one
            .played
            .leftovers
            .iter()
            .map(|l| l.program.as_str())
            .collect();
        for program in one
            .played
            .record
            .programs
            .iter()
            .filter(|p| !left.contains(&p.name.as_str()))
        {
            assert!(
                program.is_finished(),
                "{} of {} was left running",
                program.name,
                one.played.snapshot
            );
        }
    }
    round
}

fn scenario<'a>(round: &'a Round, name: &str) -> &'a Checked {
    round
        .checked
        .iter()
        .find(|one| one.played.scenario.name == name)
        .expect("the lesson has this scenario")
}

/// Asserts that the scenario failed and that `rule`'s hint came first.
fn assert_first(one: &Checked, rule: &str) {
    assert!(
        !one.passed(),
        "{} passed:\n{}",
        one.played.snapshot,
        one.played.transcript
    );
    assert_eq!(
        one.rules.first().copied(),
        Some(rule),
        "{}: rules {:?}, hints {:#?}\n{}",
        one.played.snapshot,
        one.rules,
        one.hints,
        one.played.transcript
    );
    assert!(one.hints.len() <= 3, "{:?}", one.hints);
}

/// Checks `command` and asserts that `rule` comes first in `scenario`.
fn proves(
    rule: &str,
    number: u8,
    role: Role,
    command: Option<String>,
    name: &str,
) -> Option<Checked> {
    let round = round(number, role, command?);
    let one = scenario(&round, name).clone();
    assert_first(&one, rule);
    Some(one)
}

/// A port nothing listens on, picked at run time below the system's ephemeral range (so no
/// outgoing connection takes it), and kept from every other runner while the guard lives.
fn free_port() -> (u16, xtask::engine::ports::Reserved) {
    let reserved = xtask::engine::ports::reserve();
    (reserved.port, reserved)
}

// ---- start ----

#[test]
fn command_not_found() {
    let command = format!(
        "python3 '{}' {{port}}",
        faulty_dir("python").join("no-such-file.py").display()
    );
    if !tool("python3") {
        return;
    }
    proves(
        "command-not-found",
        1,
        Role::Server,
        Some(command),
        "exchange",
    );
}

#[test]
fn port_clash_own_scenario() {
    // The program's own port is held (by this test, standing for the check's other
    // scenario's server): its bind fails although the port it was given was free.
    let holder = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("a port to hold");
    let port = holder.local_addr().expect("its address").port();
    let command = format!("FAULTY_PORT={port} {}", rust("faulty-fixed-port-server"));
    let one = proves(
        "port-clash-own-scenario",
        1,
        Role::Server,
        Some(command),
        "exchange",
    )
    .expect("rust");
    assert!(!one.hints[0].contains("earlier run"), "{}", one.hints[0]);
}

#[test]
fn wrong_port() {
    // Lesson 01's two scenarios play at once, each server told its own port, and each
    // binds the same one: the first to bind listens on the wrong port, and a second one
    // still starting then finds that port in use, its clash with the other scenario.
    let (port, _reserved) = free_port();
    let command = format!("FAULTY_PORT={port} {}", rust("faulty-fixed-port-server"));
    let round = round(1, Role::Server, command);
    if !xtask::engine::socket_table::proc_available() {
        // Where the system does not tell which ports a program listens on, the verdict is
        // still right; only the hint cannot say where it listens.
        assert!(round.checked.iter().all(|one| !one.passed()));
        return;
    }
    let mut wrong = 0;
    for one in &round.checked {
        assert!(!one.passed(), "{}", one.played.transcript);
        match one.rules.first().copied() {
            Some("wrong-port") => {
                wrong += 1;
                let first = &one.hints[0];
                let said = format!("listens on port {port}, not on the port it was given");
                assert!(first.contains(&said), "{first}");
                assert!(
                    !one.hints.iter().any(|h| h.contains("flush")),
                    "{:?}",
                    one.hints
                );
                assert!(
                    !one.hints.iter().any(|h| h.contains("has exited")),
                    "{:?}",
                    one.hints
                );
            }
            Some("port-clash-own-scenario") => {}
            other => panic!("{}: {other:?} {:#?}", one.played.snapshot, one.hints),
        }
    }
    assert!(
        wrong >= 1,
        "no scenario's server listened on the wrong port"
    );
}

#[test]
fn never_listened() {
    if !xtask::engine::socket_table::proc_available() {
        // Without the system's tables nothing shows that it never listened: the verdict
        // is still right, at the step's bound.
        let Some(command) = python("lesson03-reads-before-listening-server.py") else {
            return;
        };
        let round = round(3, Role::Server, command);
        assert!(!scenario(&round, "client-quits").passed());
        return;
    }
    proves(
        "never-listened",
        3,
        Role::Server,
        python("lesson03-reads-before-listening-server.py"),
        "client-quits",
    );
}

#[test]
fn leftover_process() {
    let one = proves(
        "leftover-process",
        4,
        Role::Server,
        Some(rust("faulty-daemon-server")),
        "two-clients",
    )
    .expect("rust");
    // The process left behind was ended by the runner (a zombie is ended too).
    #[cfg(target_os = "linux")]
    for leftover in &one.played.leftovers {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", leftover.pid));
        assert!(
            stat.as_deref().map_or(true, |s| s.contains(") Z ")),
            "process {} still runs: {stat:?}",
            leftover.pid
        );
    }
}

// ---- crash ----

#[test]
fn rust_panic() {
    let one = proves(
        "rust-panic",
        3,
        Role::Server,
        Some(rust("faulty-panic-server")),
        "client-quits",
    )
    .expect("rust");
    assert!(
        one.hints[0].contains("panicked at xtask/faulty/src/bin/faulty-panic-server.rs:"),
        "{}",
        one.hints[0]
    );
    assert!(one.hints[0].contains("ParseIntError"), "{}", one.hints[0]);
}

#[test]
fn python_exception() {
    if let Some(one) = proves(
        "python-exception",
        3,
        Role::Server,
        python("lesson03-crash-server.py"),
        "client-quits",
    ) {
        assert!(
            one.hints[0].contains("`ValueError: invalid literal for int()"),
            "{}",
            one.hints[0]
        );
    }
}

#[test]
fn node_exception() {
    if let Some(one) = proves(
        "node-exception",
        1,
        Role::Server,
        node("lesson01-throws-server.js"),
        "exchange",
    ) {
        assert!(one.hints[0].contains("`SyntaxError: "), "{}", one.hints[0]);
        assert!(!one.hints[0].contains("Node.js v"), "{}", one.hints[0]);
    }
}

#[test]
fn crashed() {
    if let Some(one) = proves(
        "crashed",
        1,
        Role::Server,
        c("lesson01-segfault-server.c"),
        "exchange",
    ) {
        assert!(one.hints[0].contains("signal 11"), "{}", one.hints[0]);
    }
}

// ---- colour ----

#[test]
fn octal_escape() {
    proves(
        "octal-escape",
        6,
        Role::Server,
        Some(rust("faulty-octal-escape-server")),
        "two-friends-two-colours",
    );
}

#[test]
fn reset_after_newline() {
    let one = proves(
        "reset-after-newline",
        6,
        Role::Server,
        Some(rust("faulty-reset-after-newline-server")),
        "two-friends-two-colours",
    )
    .expect("rust");
    assert!(
        !one.hints.iter().any(|h| h.contains("End what you print")),
        "{:?}",
        one.hints
    );
}

#[test]
fn no_reset() {
    proves(
        "no-reset",
        6,
        Role::Server,
        Some(rust("faulty-no-reset-server")),
        "two-friends-two-colours",
    );
}

#[test]
fn colour_per_connection() {
    proves(
        "colour-per-connection",
        6,
        Role::Server,
        Some(rust("faulty-colour-per-connection-server")),
        "same-friend-same-colour",
    );
}

#[test]
fn wrong_colour() {
    // Each friend comes once here: the colour is simply not the name's.
    proves(
        "wrong-colour",
        6,
        Role::Server,
        Some(rust("faulty-colour-per-connection-server")),
        "two-friends-two-colours",
    );
}

#[test]
fn peer_escapes_obeyed() {
    proves(
        "peer-escapes-obeyed",
        6,
        Role::Server,
        Some(rust("faulty-obeys-escapes-server")),
        "escape-attempt",
    );
}

#[test]
fn same_colour_for_two_friends() {
    proves(
        "same-colour-for-two-friends",
        6,
        Role::Server,
        Some(rust("faulty-same-colour-server")),
        "two-friends-two-colours",
    );
}

// ---- output ----

#[test]
fn flood() {
    proves(
        "flood",
        3,
        Role::Server,
        Some(rust("faulty-flood-server")),
        "client-quits",
    );
}

#[test]
fn prompt_mid_line() {
    let one = proves(
        "prompt-mid-line",
        3,
        Role::Server,
        Some(rust("faulty-no-newline-server")),
        "client-quits",
    )
    .expect("rust");
    assert!(one.hints[0].contains("(`c1>>>`)"), "{}", one.hints[0]);
}

#[test]
fn unflushed_prompt_in_python() {
    if let Some(one) = proves(
        "unflushed-prompt",
        3,
        Role::Server,
        python("lesson03-unflushed-server.py"),
        "client-quits",
    ) {
        assert!(one.hints[0].contains("flush=True"), "{}", one.hints[0]);
        assert!(!one.hints[0].contains("fflush"), "{}", one.hints[0]);
    }
}

#[test]
fn unflushed_prompt_in_c() {
    if let Some(one) = proves(
        "unflushed-prompt",
        2,
        Role::Client,
        c("lesson02-unflushed-client.c"),
        "three-rounds",
    ) {
        assert!(one.hints[0].contains("fflush(stdout)"), "{}", one.hints[0]);
    }
}

#[test]
fn debug_output() {
    proves(
        "debug-output",
        3,
        Role::Server,
        python("lesson03-debug-stdout-server.py"),
        "client-quits",
    );
}

#[test]
fn debug_stderr() {
    proves(
        "debug-stderr",
        3,
        Role::Server,
        python("lesson03-debug-stderr-server.py"),
        "client-quits",
    );
}

// ---- quit ----

#[test]
fn tagged_quit() {
    let command = tool("python3").then(|| {
        format!(
            "python3 '{}' {{port}}",
            workspace::root()
                .join("examples/python/lesson05-server.py")
                .display()
        )
    });
    for name in ["two-friends", "tagged-quit"] {
        let Some(one) = proves("tagged-quit", 5, Role::Server, command.clone(), name) else {
            return;
        };
        assert!(
            !one.hints[0].contains("Test the whole message"),
            "{}",
            one.hints[0]
        );
    }
}

#[test]
fn client_misses_server_quit() {
    proves(
        "client-misses-server-quit",
        3,
        Role::Client,
        python("lesson03-misses-server-quit-client.py"),
        "server-quits",
    );
}

#[test]
fn quit_not_recognised() {
    proves(
        "quit-not-recognised",
        3,
        Role::Server,
        Some(rust("faulty-ignores-quit-server")),
        "client-quits",
    );
}

#[test]
fn hangs_after_quit() {
    proves(
        "hangs-after-quit",
        3,
        Role::Server,
        Some(rust("faulty-hangs-after-quit-server")),
        "client-quits",
    );
}

// ---- ending ----

#[test]
fn serves_one_client() {
    // Lesson 03's server, as lesson 04's: one chat, then it exits.
    built();
    let command = format!(
        "'{}' --port {{port}}",
        workspace::binary("lesson03-server").display()
    );
    proves(
        "serves-one-client",
        4,
        Role::Server,
        Some(command),
        "two-clients",
    );
}

#[test]
fn ended_early() {
    let one = proves(
        "ended-early",
        1,
        Role::Server,
        Some(rust("faulty-early-exit-server")),
        "exchange",
    )
    .expect("rust");
    assert!(
        one.hints[0].contains("(exit code 3, saying `faulty-early-exit-server: giving up"),
        "{}",
        one.hints[0]
    );
}

#[test]
fn refused() {
    let (port, _reserved) = free_port();
    let command =
        python("lesson01-fixed-port-client.py").map(|c| format!("FAULTY_PORT={port} {c}"));
    proves("refused", 1, Role::Client, command, "exchange");
}

// ---- wire ----

#[test]
fn udp_fixed_address() {
    proves(
        "udp-fixed-address",
        7,
        Role::Server,
        python("lesson07-fixed-address-server.py"),
        "one-client",
    );
}

#[test]
fn sent_before_typed() {
    // Lesson 01's client, as lesson 02's: it sends `hello!` at once, with no prompt.
    built();
    let command = format!(
        "'{}' --port {{port}}",
        workspace::binary("lesson01-client").display()
    );
    let one = proves(
        "sent-before-typed",
        2,
        Role::Client,
        Some(command),
        "three-rounds",
    )
    .expect("rust");
    assert!(
        !one.hints.iter().any(|h| h.contains("flush")),
        "{:?}",
        one.hints
    );
}

#[test]
fn wrong_reply() {
    proves(
        "wrong-reply",
        1,
        Role::Server,
        Some(rust("faulty-wrong-reply-server")),
        "exchange",
    );
}

#[test]
fn lesson_program_waiting() {
    proves(
        "lesson-program-waiting",
        1,
        Role::Server,
        Some(rust("faulty-silent-server")),
        "exchange",
    );
}

#[test]
fn still_running() {
    // A client that keeps its window open with `input()` after the exchange.
    proves(
        "still-running",
        1,
        Role::Client,
        python("lesson01-waits-for-enter-client.py"),
        "exchange",
    );
}

#[test]
fn listener_closed() {
    // A listening socket per client: the second client, which connects during the first
    // chat, is refused (the relay must not retry until the server listens again).
    proves(
        "listener-closed",
        4,
        Role::Server,
        python("lesson04-listener-per-client-server.py"),
        "line-busy",
    );
}

#[test]
fn connection_left_open() {
    // A C server that never closes a client's connection.
    proves(
        "connection-left-open",
        4,
        Role::Server,
        c("lesson04-no-close-server.c"),
        "two-clients",
    );
}

#[test]
fn peer_closed_early() {
    // A connection per message: the server closes it after each answer.
    proves(
        "peer-closed-early",
        2,
        Role::Server,
        python("lesson02-connection-per-message-server.py"),
        "three-rounds",
    );
}

#[test]
fn printed_otherwise() {
    let one = proves(
        "printed-otherwise",
        2,
        Role::Server,
        python("lesson02-labels-server.py"),
        "three-rounds",
    );
    if let Some(one) = one {
        assert!(
            one.hints[0].contains("`client says: c1`"),
            "{}",
            one.hints[0]
        );
    }
}

#[test]
fn missing_newline() {
    // A prompt of its own, `> `, where the lesson's is `>>>`.
    let one = proves(
        "missing-newline",
        2,
        Role::Server,
        python("lesson02-own-prompt-server.py"),
        "three-rounds",
    );
    if let Some(one) = one {
        assert!(one.hints[0].contains("`> `"), "{}", one.hints[0]);
    }
}

#[test]
fn empty_receive() {
    proves(
        "empty-receive",
        2,
        Role::Server,
        Some(rust("faulty-prints-empty-receive-server")),
        "three-rounds",
    );
}

/// The table in `xtask/README.md` lists every rule in rank order, and each rule but the
/// fallback has a test here named after it.
#[test]
fn every_rule_is_listed_and_proven() {
    let readme = std::fs::read_to_string(workspace::root().join("xtask/README.md"))
        .expect("xtask/README.md");
    let listed: Vec<&str> = readme
        .lines()
        .skip_while(|line| !line.starts_with("| rule | program that makes the mistake"))
        .skip(2)
        .take_while(|line| line.starts_with("| `"))
        .filter_map(|line| line.split('`').nth(1))
        .collect();
    let rules: Vec<&str> = xtask::hints::RULES.iter().map(|rule| rule.name).collect();
    assert_eq!(
        listed, rules,
        "xtask/README.md's table of rules, in rank order"
    );
    let tests = include_str!("hints.rs");
    for rule in rules.iter().filter(|rule| **rule != "first-difference") {
        let test = format!("fn {}", rule.replace('-', "_"));
        assert!(tests.contains(&test), "no test `{test}` proves `{rule}`");
    }
}

#[test]
fn lesson_client_refused() {
    // A server not written yet: it exits at once, with code 0 (what the lesson's ends with).
    let one = proves(
        "lesson-client-refused",
        1,
        Role::Server,
        python("lesson01-empty-server.py"),
        "exchange",
    );
    if let Some(one) = one {
        assert!(
            one.hints[0].contains("had already exited (exit code 0)"),
            "{}",
            one.hints[0]
        );
    }
}

// ---- notes: said also when every scenario passes ----

#[test]
fn a_server_on_every_address_passes_with_a_note() {
    let Some(command) = python("lesson01-every-address-server.py") else {
        return;
    };
    let round = round(1, Role::Server, command);
    let exchange = scenario(&round, "exchange");
    assert!(exchange.passed(), "{:?}", exchange.hints);
    let notes = round.notes();
    if xtask::engine::socket_table::proc_available() {
        assert!(
            notes.len() == 1 && notes[0].contains("listens on 0.0.0.0"),
            "{notes:?}"
        );
    } else {
        // Without the kernel's table the address is not known: no note, never a wrong one.
        assert!(notes.is_empty(), "{notes:?}");
    }
}

#[test]
fn a_server_on_loopback_gets_no_note() {
    built();
    let command = format!(
        "'{}' --port {{port}}",
        workspace::binary("lesson01-server").display()
    );
    let round = round(1, Role::Server, command);
    assert_eq!(round.passed(), round.checked.len());
    assert!(round.notes().is_empty(), "{:?}", round.notes());
}
