//! Two hosts: a lesson's server on one, its client on the other, as the notes describe it:
//! `127.0.0.1` is reachable from the same machine only, the machine's own network address
//! from others too.
//!
//! The two hosts are two network namespaces made for the test, joined by a virtual cable (a
//! veth pair), with private addresses that exist only inside them: 10.77.0.1 and 10.77.0.2.
//! No traffic leaves them. Making them needs root and the `ip` tool (Linux), so the tests are
//! ignored by default: run them with `sudo -E cargo test -p xtask --test two_hosts -- --ignored`.
//! Run so where the hosts cannot be made, they fail and say why. They are removed at the end,
//! also when the test fails, and their names hold the process id, so two runs do not collide.

#[path = "../../lessons/02-loop-chat/tests/support/mod.rs"]
mod support;

use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};

use support::Program;
use xtask::workspace;

const SERVER_HOST: &str = "10.77.0.1";
const CLIENT_HOST: &str = "10.77.0.2";

/// Two namespaces joined by a veth pair; removed when dropped.
struct TwoHosts {
    server: String,
    client: String,
}

impl TwoHosts {
    /// Makes the two hosts, or says why it cannot.
    fn make() -> Result<TwoHosts, String> {
        static MADE: AtomicU32 = AtomicU32::new(0);
        let id = format!(
            "{}{}",
            std::process::id(),
            MADE.fetch_add(1, Ordering::Relaxed)
        );
        // From here on, dropping `hosts` removes whatever was made.
        let hosts = TwoHosts {
            server: format!("kit-server-{id}"),
            client: format!("kit-client-{id}"),
        };
        ip(&["netns", "add", &hosts.server])?;
        ip(&["netns", "add", &hosts.client])?;
        // Interface names have at most 15 characters; each lives in its own namespace.
        let (server_if, client_if) = (format!("ks{id}"), format!("kc{id}"));
        let (server_if, client_if) = (
            &server_if[..server_if.len().min(15)],
            &client_if[..client_if.len().min(15)],
        );
        ip(&[
            "-n",
            &hosts.server,
            "link",
            "add",
            server_if,
            "type",
            "veth",
            "peer",
            "name",
            client_if,
            "netns",
            &hosts.client,
        ])?;
        for (namespace, interface, address) in [
            (&hosts.server, server_if, SERVER_HOST),
            (&hosts.client, client_if, CLIENT_HOST),
        ] {
            ip(&[
                "-n",
                namespace,
                "addr",
                "add",
                &format!("{address}/24"),
                "dev",
                interface,
            ])?;
            ip(&["-n", namespace, "link", "set", interface, "up"])?;
            ip(&["-n", namespace, "link", "set", "lo", "up"])?;
        }
        Ok(hosts)
    }

    /// Starts a program on one of the hosts.
    fn start(namespace: &str, program: &str, args: &[&str]) -> Program {
        let executable = workspace::binary(program);
        let mut command = Command::new("ip");
        command
            .args(["netns", "exec", namespace])
            .arg(executable)
            .args(args);
        Program::start_with(&mut command)
    }
}

impl Drop for TwoHosts {
    fn drop(&mut self) {
        // Removing a namespace removes its end of the cable, and so the whole pair.
        for namespace in [&self.server, &self.client] {
            let _ = ip(&["netns", "del", namespace]);
        }
    }
}

/// Runs `ip` with these arguments; its error message if it fails.
fn ip(args: &[&str]) -> Result<(), String> {
    let output = Command::new("ip")
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|error| format!("cannot run `ip`: {error}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "`ip {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        ))
    }
}

/// The two hosts; fails the test, saying why, where this machine cannot make them.
fn two_hosts() -> TwoHosts {
    if !cfg!(target_os = "linux") {
        panic!("network namespaces are a Linux feature");
    }
    let packages = ["lesson03".to_owned(), "lesson07".to_owned()];
    workspace::build(&packages).expect("the lessons build");
    TwoHosts::make().unwrap_or_else(|why| {
        panic!("cannot make two hosts here (root and `ip` are needed): {why}")
    })
}

/// The notice a server prints once it has bound an address others can reach.
fn notice(program: &str, port: u16) -> String {
    format!(
        "{program}: bound to {SERVER_HOST}:{port}: other machines can now connect; \
         --host 127.0.0.1 keeps it to this machine\n"
    )
}

#[test]
#[ignore = "needs root and `ip` (Linux network namespaces): sudo -E cargo test -p xtask --test two_hosts -- --ignored"]
fn a_tcp_chat_between_two_hosts() {
    let hosts = two_hosts();
    // The notes' port: each host has its own, so no other test can hold it.
    let mut server = TwoHosts::start(
        &hosts.server,
        "lesson03-server",
        &["--host", SERVER_HOST, "--port", "9000"],
    );
    // The notice comes right after the bind: the server now listens.
    server.wait_for("the server's notice", |server| {
        server.stderr() == notice("lesson03-server", 9000)
    });

    // From the other host, the server's loopback is not the server's: nothing there.
    let mut lost = TwoHosts::start(&hosts.client, "lesson03-client", &["--port", "9000"]);
    let exit = lost.wait_exit();
    assert_eq!(exit.status.code(), Some(1), "{exit:?}");
    assert!(exit.stderr.contains("connection refused"), "{exit:?}");

    let mut client = TwoHosts::start(
        &hosts.client,
        "lesson03-client",
        &["--host", SERVER_HOST, "--port", "9000"],
    );
    client.type_line("hello from the other host");
    server.wait_stdout("hello from the other host\n");
    server.type_line("你好, 10.77.0.2");
    client.wait_stdout("你好, 10.77.0.2\n");
    client.type_line("q");
    client.wait_exit().assert_quit();
    let exit = server.wait_exit();
    assert_eq!(exit.status.code(), Some(0), "{exit:?}");
    assert_eq!(exit.stdout, "hello from the other host\n>>>");
    assert_eq!(exit.stderr, notice("lesson03-server", 9000));
}

#[test]
#[ignore = "needs root and `ip` (Linux network namespaces): sudo -E cargo test -p xtask --test two_hosts -- --ignored"]
fn a_udp_chat_between_two_hosts() {
    let hosts = two_hosts();
    let mut server = TwoHosts::start(
        &hosts.server,
        "lesson07-server",
        &["--host", SERVER_HOST, "--port", "9000"],
    );
    server.wait_for("the server's notice", |server| {
        server.stderr() == notice("lesson07-server", 9000)
    });
    let mut client = TwoHosts::start(
        &hosts.client,
        "lesson07-client",
        &[
            "--host",
            SERVER_HOST,
            "--port",
            "9000",
            "--name",
            "小郭吹雪1234QQ",
        ],
    );
    client.type_line("hello over UDP");
    server.wait_stdout("小郭吹雪1234QQ:hello over UDP\n");
    server.type_line("hi from 10.77.0.1");
    client.wait_stdout("hi from 10.77.0.1\n");
    client.type_line("q");
    client.wait_exit().assert_quit();
    let exit = server.wait_exit();
    assert_eq!(exit.status.code(), Some(0), "{exit:?}");
    assert_eq!(exit.stderr, notice("lesson07-server", 9000));
}
