//! Rules about starting: a command that does not run, a port held, a server that listens
//! elsewhere or nowhere, a process left behind.

use super::facts::{Facts, last_line};
use super::{Message, Rule};
use crate::engine::Transport;
use crate::engine::record::Exit;
use crate::scenario::Role;

pub const COMMAND_NOT_FOUND: Rule = Rule {
    name: "command-not-found",
    cause: "start",
    find: command_not_found,
};

fn command_not_found(f: &Facts) -> Option<Message> {
    let program = f.yours().find(|p| {
        let stderr = Facts::stderr(p).to_lowercase();
        p.exit == Some(Exit::Code(127))
            || (p.exit.is_some_and(|e| e != Exit::Code(0))
                && (stderr.contains("no such file") || stderr.contains("cannot find module")))
    })?;
    Some(
        Message::new("command-not-found")
            .arg("program", &program.name)
            .arg("said", last_line(&Facts::stderr(program))),
    )
}

/// Whether a program's standard error says its address is in use.
fn says_address_in_use(stderr: &str) -> bool {
    let lower = stderr.to_lowercase();
    [
        "address already in use",
        "address in use",
        "addrinuse",
        "10048",
    ]
    .iter()
    .any(|needle| lower.contains(needle))
}

pub const PORT_CLASH_OWN_SCENARIO: Rule = Rule {
    name: "port-clash-own-scenario",
    cause: "address-in-use",
    find: port_clash_own_scenario,
};

/// Given its port, a program cannot find it in use: the runner picked it free and holds no
/// other program there. Its bind failed on another port, one it chose itself, which the
/// check's other scenarios, played at the same time, bind too.
fn port_clash_own_scenario(f: &Facts) -> Option<Message> {
    if f.e.fixed_port.is_some() {
        return None;
    }
    let program = f.yours().find(|p| says_address_in_use(&Facts::stderr(p)))?;
    Some(
        Message::new("port-clash-own-scenario")
            .arg("program", &program.name)
            .arg("port", program.port.unwrap_or_default()),
    )
}

pub const WRONG_PORT: Rule = Rule {
    name: "wrong-port",
    cause: "port",
    find: wrong_port,
};

/// The socket table tells where the server listens; the failure says it is not its port.
fn wrong_port(f: &Facts) -> Option<Message> {
    if f.e.role != Role::Server {
        return None;
    }
    let server = f.server()?;
    let given = server.port.or(f.e.fixed_port)?;
    let from_table =
        f.e.played
            .listening
            .iter()
            .filter(|l| l.program == server.name)
            .flat_map(|l| l.ports.iter())
            .map(|(_, port)| *port)
            .find(|port| *port != given);
    let from_problem = f
        .problem()
        .split_once("the server listens on port ")
        .and_then(|(_, rest)| rest.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|digits| digits.parse::<u16>().ok());
    let elsewhere = from_problem.or(from_table.filter(|_| f.failure().is_some()))?;
    let listens = if f.udp() {
        "wrong-port-udp"
    } else {
        "wrong-port-tcp"
    };
    Some(
        Message::new("wrong-port")
            .phrase("listens", listens)
            .arg("elsewhere", elsewhere)
            .arg("given", given),
    )
}

pub const NEVER_LISTENED: Rule = Rule {
    name: "never-listened",
    cause: "port",
    find: |f| {
        let problem = f.problem();
        let waited = [
            "for the server to listen on port",
            "before it listens on port",
        ];
        if f.e.role != Role::Server || !waited.iter().any(|text| problem.contains(text)) {
            return None;
        }
        let server = f.server()?;
        let port = server.port.or(f.e.fixed_port)?;
        let listens =
            f.e.played
                .listening
                .iter()
                .any(|l| l.program == server.name && !l.ports.is_empty());
        (!listens).then(|| {
            Message::new("never-listened").arg("port", port).phrase(
                "listen",
                if f.udp() {
                    "never-listened-udp"
                } else {
                    "never-listened-tcp"
                },
            )
        })
    },
};

pub const LEFTOVER_PROCESS: Rule = Rule {
    name: "leftover-process",
    cause: "leftover",
    find: |f| {
        let leftover = f.e.played.leftovers.iter().find(|l| {
            f.program(&l.program)
                .is_some_and(|program| f.is_yours(program))
        })?;
        let ports: Vec<String> = leftover
            .ports
            .iter()
            .map(|(transport, port)| match transport {
                Transport::Tcp => format!("TCP {port}"),
                Transport::Udp => format!("UDP {port}"),
            })
            .collect();
        Some(
            Message::new("leftover-process")
                .arg("program", &leftover.program)
                .arg("pid", leftover.pid)
                .arg("command", &leftover.command)
                .arg(
                    "ports",
                    if ports.is_empty() {
                        "-".to_owned()
                    } else {
                        ports.join(", ")
                    },
                ),
        )
    },
};
