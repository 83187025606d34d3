//! The conversation engine: plays a scenario with real processes and real sockets.
//!
//! `play` starts the programs a scenario names, types its lines at their prompts, and
//! records their screens and (through a relay per client) the wire. It never sleeps to
//! wait: every step waits for an event (a prompt, an exit, a closed connection), bounded
//! by the step timeout. Whatever happens, every process it started is killed before it
//! returns.

pub mod front_door;
pub mod ports;
pub mod process;
pub mod process_table;
pub mod record;
pub mod relay;
pub mod socket_table;
pub mod splice;
pub mod stuck;
pub mod udp_relay;

use std::fmt;
use std::io::Write;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use front_door::FrontDoor;
use record::{Exit, ProgramRecord, Record, Shared, Typed};
use relay::Relay;
use udp_relay::UdpRelay;

use crate::scenario::{Action, Role, Scenario, Step};

/// How to start the program that plays one role.
#[derive(Debug, Clone)]
pub struct Program {
    /// The executable.
    pub executable: PathBuf,
    /// Its arguments; `{port}` is replaced by the port the runner picked.
    pub args: Vec<String>,
    /// How the command is shown in the transcript.
    pub shown_as: String,
    /// How the arguments are shown, when not as given: a command run through the shell is
    /// shown as the lesson program it stands in for, so that only behaviour differs.
    pub shown_args: Option<Vec<String>>,
}

impl Program {
    /// A lesson program, given `--host 127.0.0.1 --port {port}`.
    pub fn lesson(executable: PathBuf, name: &str) -> Program {
        Program {
            executable,
            args: ["--host", "127.0.0.1", "--port", "{port}"]
                .map(String::from)
                .to_vec(),
            shown_as: name.to_owned(),
            shown_args: None,
        }
    }
}

/// How the lesson's programs talk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transport {
    /// Connections (lessons 01 to 06).
    Tcp,
    /// Datagrams (lessons 07 and 08).
    Udp,
}

/// What a play needs besides the scenario.
#[derive(Debug, Clone)]
pub struct Setup {
    /// TCP or UDP: which relay stands between each client and the server.
    pub transport: Transport,
    /// The server's program.
    pub server: Program,
    /// The clients' program.
    pub client: Program,
    /// The port the server listens on; `None` picks a free one.
    pub server_port: Option<u16>,
    /// The port every client is given (a client that expects a fixed port); a door there
    /// passes each client on to its own relay. `None` gives each client its relay's port.
    pub client_port: Option<u16>,
    /// The upper bound of every wait.
    pub step_timeout: Duration,
    /// The lesson's folder, where `compile` finds its files.
    pub lesson_dir: PathBuf,
    /// Where `run NAME` finds its program: `{program_prefix}NAME` (`target/debug/lesson08-`).
    pub program_prefix: PathBuf,
    /// Whether the programs take turns (a program at its prompt reads only its keyboard):
    /// then a wait can end as soon as its event has become impossible (`stuck`).
    pub turn_based: bool,
}

/// Why a play did not run to its end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepFailure {
    /// The step, as written (`client> hello`), or `end of scenario`.
    pub step: String,
    /// The step's line in the scenario file (0 for the end of the scenario).
    pub line: usize,
    /// What it waited for, or what went wrong.
    pub problem: String,
}

impl fmt::Display for StepFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.step, self.problem)
        } else {
            write!(
                f,
                "step `{}` (line {}): {}",
                self.step, self.line, self.problem
            )
        }
    }
}

/// The result of a play: the record, and the failure that stopped it, if any.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// What the programs printed and what passed on the wire.
    pub record: Record,
    /// The step that failed, if one did.
    pub failure: Option<StepFailure>,
    /// The ports the runner picked, to be redacted from the transcript.
    pub ports: Vec<u16>,
    /// Processes the programs left running after the play (a daemon, a forked child),
    /// found and ended by the runner.
    pub leftovers: Vec<Leftover>,
    /// For a play that failed: the ports each program still running at the end listened on
    /// (TCP) or had bound (UDP), where the system tells (Linux).
    pub listening: Vec<Listening>,
    /// Whether the server's fixed port was still held by closing connections of an earlier
    /// play (`TIME_WAIT`) when the server started: a server without `SO_REUSEADDR` cannot
    /// listen there until they are gone.
    pub port_was_closing: bool,
}

/// The ports a program listened on, or had bound, at the end of a failed play.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listening {
    /// The program of the scenario (`server`).
    pub program: String,
    /// Its ports (of every process it started), by transport.
    pub ports: Vec<(Transport, u16)>,
}

/// A process a program left running after its play.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leftover {
    /// The program of the scenario it comes from (`server`).
    pub program: String,
    /// Its process id.
    pub pid: u32,
    /// Its command line.
    pub command: String,
    /// The ports it listened on (TCP) or was bound to (UDP), where the system tells.
    pub ports: Vec<(Transport, u16)>,
}

impl fmt::Display for Leftover {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "process {} (`{}`", self.pid, self.command)?;
        for (transport, port) in &self.ports {
            let what = match transport {
                Transport::Tcp => "listening on TCP port",
                Transport::Udp => "bound to UDP port",
            };
            write!(f, ", {what} {port}")?;
        }
        write!(f, ")")
    }
}

/// Plays one scenario to its end.
pub fn play(scenario: &Scenario, setup: &Setup) -> Outcome {
    let mut play = Play::new(setup);
    let failure = play.run(scenario).err();
    play.finish(failure)
}

/// A play in progress: what it started, and what it records.
struct Play<'a> {
    setup: &'a Setup,
    /// The play's number in this runner, in the mark its processes carry.
    number: u32,
    shared: Arc<Shared>,
    server_port: u16,
    /// The ports picked for this play, kept from other runners until it ends.
    reserved: Vec<ports::Reserved>,
    /// See [`Outcome::port_was_closing`].
    port_was_closing: bool,
    /// Whether what the programs left running has been ended (at the play's end).
    leftovers_ended: bool,
    /// Per program (same index as the record): its pid, stdin, and prompts used.
    running: Vec<Handle>,
    relays: Vec<AnyRelay>,
    /// The door on the fixed client port, once a client has come through it.
    door: Option<FrontDoor>,
    /// Whether the fixed client port has been closed for good (the server has exited).
    door_closed: bool,
    ports: Vec<u16>,
}

/// A relay of either transport.
enum AnyRelay {
    Tcp(Relay),
    Udp(UdpRelay),
}

impl AnyRelay {
    fn close(&self) {
        match self {
            AnyRelay::Tcp(relay) => relay.close(),
            AnyRelay::Udp(relay) => relay.close(),
        }
    }

    /// The server has exited: a client that comes from now on is told so.
    fn server_gone(&self) {
        match self {
            AnyRelay::Tcp(relay) => relay.server_gone(),
            AnyRelay::Udp(relay) => relay.close(),
        }
    }
}

struct Handle {
    name: String,
    /// The process id; `None` for a step that ran no process of its own (`compile`).
    pid: Option<u32>,
    stdin: Option<std::process::ChildStdin>,
    prompts_used: usize,
    /// What it had sent and received when a line was last typed at it.
    typed_at: Option<stuck::WireCounts>,
    /// Tells how much of its standard output waits unread in the pipe.
    stdout_probe: Option<process::OutputProbe>,
}

impl<'a> Play<'a> {
    fn new(setup: &'a Setup) -> Play<'a> {
        static PLAYS: AtomicU32 = AtomicU32::new(0);
        let mut reserved = Vec::new();
        let server_port = setup.server_port.unwrap_or_else(|| {
            let port = ports::reserve();
            let number = port.port;
            reserved.push(port);
            number
        });
        Play {
            setup,
            number: PLAYS.fetch_add(1, Ordering::Relaxed),
            shared: Arc::new(Shared::default()),
            server_port,
            reserved,
            port_was_closing: false,
            leftovers_ended: false,
            running: Vec::new(),
            relays: Vec::new(),
            door: None,
            door_closed: false,
            ports: vec![server_port],
        }
    }

    fn run(&mut self, scenario: &Scenario) -> Result<(), StepFailure> {
        for step in &scenario.steps {
            self.close_relays_if_server_exited();
            self.step(step).map_err(|problem| StepFailure {
                step: step.action.to_string(),
                line: step.line,
                problem,
            })?;
        }
        self.close_relays_if_server_exited();
        self.wind_down().map_err(|problem| StepFailure {
            step: "end of scenario".into(),
            line: 0,
            problem,
        })
    }

    fn step(&mut self, step: &Step) -> Result<(), String> {
        match &step.action {
            Action::Start { program, args } => self.start(program, args),
            Action::Type { program, text } => {
                let index = self.await_prompt(program)?;
                self.mark_initiative(program);
                self.type_line(index, Some(text))
            }
            Action::EndInput { program } => {
                let index = self.await_prompt(program)?;
                self.mark_initiative(program);
                self.type_line(index, None)
            }
            Action::Kill { program } => {
                let index = self.await_prompt(program)?;
                self.mark_initiative(program);
                self.kill(index, Exit::Killed);
                self.await_exit(index)
            }
            Action::Wait { program } => {
                let index = self.index(program)?;
                self.await_exit(index)
            }
            Action::Run { program, args } => {
                let mut executable = self.setup.program_prefix.clone().into_os_string();
                executable.push(format!("{program}{}", std::env::consts::EXE_SUFFIX));
                let shown = format!(
                    "{}{program} {}",
                    self.setup
                        .program_prefix
                        .file_name()
                        .unwrap_or_default()
                        .to_string_lossy(),
                    args.join(" ")
                );
                let mut command = Command::new(PathBuf::from(executable));
                command.args(args);
                let index = self.spawn(
                    program,
                    Role::Standalone,
                    shown.trim_end().to_owned(),
                    command,
                    None,
                )?;
                self.await_exit(index)
            }
            Action::Compile { file } => self.compile(file),
        }
    }

    /// Notes on the wire that a step acts on `program` now: after the prompt it waited for,
    /// before the program can react.
    fn mark_initiative(&self, program: &str) {
        self.shared
            .update(|record| record.mark_initiative(program, Role::of(program)));
    }

    fn index(&self, program: &str) -> Result<usize, String> {
        self.running
            .iter()
            .position(|handle| handle.name == program)
            .ok_or_else(|| format!("`{program}` was not started"))
    }

    fn deadline(&self) -> Instant {
        Instant::now() + self.setup.step_timeout
    }

    fn start(&mut self, name: &str, args: &[String]) -> Result<(), String> {
        let (role, port, program) = match Role::of(name) {
            Role::Server => (Role::Server, self.server_port, &self.setup.server),
            _ => {
                self.await_server_bound()?;
                let relay_port = self.open_relay(name)?;
                (
                    Role::Client,
                    self.through_door(relay_port)?,
                    &self.setup.client,
                )
            }
        };
        let with_port = |arg: &String| arg.replace("{port}", &port.to_string());
        let all_args: Vec<String> = program.args.iter().chain(args).map(with_port).collect();
        let shown_args = program.shown_args.as_ref().unwrap_or(&program.args);
        let shown = std::iter::once(program.shown_as.clone())
            .chain(shown_args.iter().chain(args).map(with_port))
            .collect::<Vec<_>>()
            .join(" ");
        let mut command = Command::new(&program.executable);
        command.args(&all_args);
        if role == Role::Server && self.setup.server_port.is_some() {
            // A fixed port held only by an earlier play's closing connections: a server
            // without SO_REUSEADDR cannot listen there yet (`play::play_lesson` says so).
            self.port_was_closing = ports::is_bound(port, self.setup.transport) != Some(true)
                && !ports::bindable_without_reuse(port, self.setup.transport);
        }
        self.spawn(name, role, shown, command, Some(port))
            .map(|_| ())
    }

    /// Starts a program and records it; returns its index.
    fn spawn(
        &mut self,
        name: &str,
        role: Role,
        shown: String,
        command: Command,
        port: Option<u16>,
    ) -> Result<usize, String> {
        let executable = command.get_program().to_string_lossy().into_owned();
        let index = self.shared.update(|record| {
            record
                .programs
                .push(ProgramRecord::new(name, role, shown, port));
            record.programs.len() - 1
        });
        let mark = process_table::mark(self.number, index);
        let running = process::spawn(command, &self.shared, index, &mark).map_err(|error| {
            self.shared.update(|record| {
                let program = &mut record.programs[index];
                program.exit = Some(Exit::Code(-1));
                program.output_done = [true, true];
            });
            format!("cannot start {executable}: {error}")
        })?;
        self.running.push(Handle {
            name: name.to_owned(),
            pid: Some(running.pid),
            stdin: running.stdin,
            prompts_used: 0,
            typed_at: None,
            stdout_probe: running.stdout_probe,
        });
        Ok(index)
    }

    /// Compiles a file that the compiler should refuse, and records its error messages.
    ///
    /// Only what survives a compiler upgrade is kept: each error's code and primary
    /// message, without paths, line numbers or suggestions.
    fn compile(&mut self, file: &str) -> Result<(), String> {
        let scratch = compile_scratch_dir();
        let output = compile_command(self.setup, file, &scratch).output();
        // Nothing is kept from a compile step but its messages.
        let _ = std::fs::remove_dir_all(&scratch);
        let output = output.map_err(|error| format!("cannot run rustc: {error}"))?;
        let diagnostics = String::from_utf8_lossy(&output.stderr);
        let mut kept = String::new();
        for line in diagnostics.lines() {
            // `path:line:col: error[E0061]: message` keeps `error[E0061]: message`.
            if let Some(at) = line.find("error[") {
                kept.push_str(&line[at..]);
                kept.push('\n');
            }
        }
        let shown = format!("rustc --edition 2024 {file}");
        let code = output.status.code().unwrap_or(-1);
        self.shared.update(|record| {
            let mut program = ProgramRecord::new("rustc", Role::Standalone, shown, None);
            program.append(0, kept.as_bytes());
            program.output_done = [true, true];
            program.exit = Some(Exit::Code(code));
            record.programs.push(program);
        });
        // Keep the indexes of the record and of the running programs in step.
        self.running.push(Handle {
            name: "rustc".into(),
            pid: None,
            stdin: None,
            prompts_used: 0,
            typed_at: None,
            stdout_probe: None,
        });
        Ok(())
    }

    /// Before a client starts: waits until the server has bound its port, or has exited,
    /// where the system's socket table tells (Linux). So whether the client meets a relay
    /// or a refusing port does not depend on how fast the server starts or fails: a server
    /// that exits without ever listening is refused every time, as it would be without a
    /// relay. The wait ends at the server's exit at once; the table is read again after a
    /// short pause otherwise. Without the table the relay takes over, retrying as it does.
    ///
    /// It fails as soon as the server listens on other ports only, with every thread of it
    /// asleep: it waits for a client there, and will never listen where clients are sent.
    ///
    /// The IPv4 table is read each time; the IPv6 one, which costs the kernel milliseconds
    /// to write on a machine with many closed connections, only every 20 ms, for a server
    /// that listens on an IPv6 address (`--host` given by the runner is `127.0.0.1`).
    fn await_server_bound(&self) -> Result<(), String> {
        let server = {
            let record = self.shared.lock();
            record.programs.iter().position(|p| p.role == Role::Server)
        };
        let Some(server) = server else {
            return Ok(());
        };
        let gone = Record::server_exited;
        let (port, transport) = (self.server_port, self.setup.transport);
        let deadline = self.deadline();
        let mut pause = Duration::from_micros(250);
        let mut slow_due = Instant::now() + Duration::from_millis(20);
        loop {
            if gone(&self.shared.lock()) {
                return Ok(());
            }
            let mut bound = ports::is_bound_by(port, transport, ports::Family::V4);
            if bound == Some(false) && Instant::now() >= slow_due {
                bound = ports::is_bound_by(port, transport, ports::Family::V6).or(bound);
                slow_due = Instant::now() + Duration::from_millis(20);
                if let Some(elsewhere) = self.listens_elsewhere_only(server) {
                    return Err(format!(
                        "the server listens on port {elsewhere}, not on the port it was given \
                         ({port}): no client can reach it there"
                    ));
                }
            }
            match bound {
                Some(false) if Instant::now() < deadline => {}
                // Past the bound, the client is started all the same: its relay waits for
                // the server once more (a slow machine), then says it did not listen.
                _ => return Ok(()),
            }
            self.shared
                .wait_until((Instant::now() + pause).min(deadline), gone);
            pause = (pause * 3 / 2).min(Duration::from_millis(2));
        }
    }

    /// The ports the server listens on (TCP) or has bound (UDP), when it is none of its own
    /// port and every thread of its processes is asleep; `None` otherwise, or where the
    /// system does not tell.
    fn listens_elsewhere_only(&self, server: usize) -> Option<String> {
        // First its own process, cheaply: while it runs, the table of processes is not read.
        let own = self.running.get(server).and_then(|handle| handle.pid)?;
        if process_table::all_asleep(own) != Some(true) {
            return None;
        }
        let processes: Vec<_> = process_table::marked(Some(self.number))
            .into_iter()
            .filter(|process| process.program == server && !process.ended)
            .collect();
        let mut elsewhere: Vec<u16> = processes
            .iter()
            .flat_map(|process| &process.ports)
            .filter(|(transport, _)| *transport == self.setup.transport)
            .map(|(_, port)| *port)
            .collect();
        elsewhere.sort_unstable();
        elsewhere.dedup();
        let asleep = processes
            .iter()
            .all(|process| process_table::all_asleep(process.pid) == Some(true));
        (!elsewhere.is_empty() && !elsewhere.contains(&self.server_port) && asleep).then(|| {
            elsewhere
                .iter()
                .map(u16::to_string)
                .collect::<Vec<_>>()
                .join(" and ")
        })
    }

    /// Opens the relay a client will connect to, or a refusing port once the server is gone.
    fn open_relay(&mut self, client: &str) -> Result<u16, String> {
        let server_gone = self.server_gone();
        let port = if server_gone {
            let port = ports::reserve();
            let number = port.port;
            self.reserved.push(port);
            number
        } else {
            let server = SocketAddr::from((Ipv4Addr::LOCALHOST, self.server_port));
            let patience = self.setup.step_timeout;
            let (relay, port) = match self.setup.transport {
                Transport::Tcp => Relay::open(client, server, &self.shared, patience)
                    .map(|relay| (relay.port, relay))
                    .map(|(port, relay)| (AnyRelay::Tcp(relay), port)),
                Transport::Udp => UdpRelay::open(client, server, &self.shared, patience)
                    .map(|relay| (relay.port, relay))
                    .map(|(port, relay)| (AnyRelay::Udp(relay), port)),
            }
            .map_err(|error| format!("cannot open the relay: {error}"))?;
            self.relays.push(relay);
            port
        };
        self.ports.push(port);
        Ok(port)
    }

    /// The port a client is given: its relay's, or the fixed client port, where the door
    /// passes it on to that relay. Once the server has exited, the fixed port refuses too.
    fn through_door(&mut self, relay_port: u16) -> Result<u16, String> {
        let Some(fixed) = self.setup.client_port else {
            return Ok(relay_port);
        };
        if self.server_gone() {
            self.close_door();
        }
        if !self.door_closed && self.door.is_none() {
            let door = FrontDoor::open(self.setup.transport, fixed).map_err(|error| {
                format!("cannot listen on port {fixed}, where the client connects: {error}")
            })?;
            self.door = Some(door);
            self.ports.push(fixed);
        }
        if let Some(door) = &self.door {
            door.expect(relay_port);
        }
        Ok(fixed)
    }

    fn server_gone(&self) -> bool {
        self.shared.lock().server_exited()
    }

    /// Closes the fixed client port for good, and waits until it is free.
    fn close_door(&mut self) {
        self.door_closed = true;
        if let Some(mut door) = self.door.take() {
            door.close();
        }
    }

    /// Once the server has exited, its port refuses connections: so do the relays (a client
    /// given a relay's port before then is recorded as not passed on, and reset).
    fn close_relays_if_server_exited(&mut self) {
        let server_gone = self.server_gone();
        if server_gone {
            for relay in &self.relays {
                relay.server_gone();
            }
            self.close_door();
        }
    }

    /// Waits for the program's next prompt, and returns its index.
    fn await_prompt(&mut self, name: &str) -> Result<usize, String> {
        let index = self.index(name)?;
        let wanted = self.running[index].prompts_used + 1;
        let ready = self.wait_for(index, stuck::Awaited::Prompt, |record| {
            let program = &record.programs[index];
            program.prompts >= wanted || program.exit.is_some()
        })?;
        let record = self.shared.lock();
        let program = &record.programs[index];
        if program.prompts >= wanted {
            drop(record);
            self.running[index].prompts_used = wanted;
            return Ok(index);
        }
        let seen = describe_tail(&program.stdout);
        Err(match (ready, program.exit) {
            (_, Some(exit)) => format!(
                "{name} ended ({}) before showing its prompt `>>>`; {seen}",
                describe_exit(exit)
            ),
            _ => format!(
                "waited {:.1} s for {name}'s prompt `>>>`; {seen}",
                self.setup.step_timeout.as_secs_f64()
            ),
        })
    }

    /// Waits until `ready` holds, or its event has become impossible (the reason is the
    /// error), or the step's bound has passed (`Ok(false)`). The record shows no change
    /// when a program is stuck, so the rules are asked again at a growing pace (at most
    /// every 20 ms); they read the system's socket table only once the record allows.
    fn wait_for(
        &self,
        index: usize,
        awaited: stuck::Awaited,
        mut ready: impl FnMut(&Record) -> bool,
    ) -> Result<bool, String> {
        let deadline = self.deadline();
        let mut pace = Duration::from_millis(1);
        loop {
            let until = (Instant::now() + pace).min(deadline);
            if self.shared.wait_until(until, &mut ready) {
                return Ok(true);
            }
            if let Some(reason) = self.impossible(index, awaited) {
                return Err(reason);
            }
            if Instant::now() >= deadline {
                return Ok(false);
            }
            pace = (pace * 2).min(Duration::from_millis(20));
        }
    }

    /// Why the awaited event of a program can no longer come, if that is certain.
    fn impossible(&self, index: usize, awaited: stuck::Awaited) -> Option<String> {
        let findings = {
            let record = self.shared.lock();
            let prompts_used: Vec<usize> = self.running.iter().map(|h| h.prompts_used).collect();
            let typed_at: Vec<_> = self.running.iter().map(|h| h.typed_at).collect();
            let situation = stuck::Situation {
                record: &record,
                prompts_used: &prompts_used,
                typed_at: &typed_at,
                turn_based: self.setup.turn_based,
                through_door: self.setup.client_port.is_some(),
            };
            stuck::findings(&situation, index, awaited)
        };
        findings
            .into_iter()
            .find_map(|finding| self.confirmed(index, finding))
    }

    /// The reason of a rule's finding, once the system confirms what the rule cannot see.
    fn confirmed(&self, index: usize, finding: stuck::Finding) -> Option<String> {
        match finding {
            stuck::Finding::Impossible(reason) => Some(reason),
            stuck::Finding::ImpossibleIfNothingOnTheWay(reason, connections) => {
                // Asked without the record's lock: the relay must be free to record a piece
                // it has just read, which `relay_holds` then sees.
                let empty = connections.iter().all(|&at| {
                    let path = self.shared.lock().connections[at].path;
                    let relay_holds = || self.shared.lock().connections[at].in_flight[1];
                    path.and_then(|path| {
                        socket_table::nothing_on_the_way(&path, self.setup.transport, &relay_holds)
                    }) == Some(true)
                });
                // A piece that went all the way through while the sockets were read has been
                // recorded by now: the client may have its reply.
                let record = self.shared.lock();
                let program = &record.programs[index];
                let still = self.running[index].typed_at.is_some_and(|typed| {
                    stuck::WireCounts::of(&record, &program.name).received == typed.received
                }) && program.exit.is_none()
                    && program.prompts <= self.running[index].prompts_used;
                (empty && still).then_some(reason)
            }
            stuck::Finding::ImpossibleIfReadingItsKeyboard(reason, program) => {
                // Each process of the program has one thread: one of them is blocked reading
                // its keyboard, every other waits for it to end (a shell that runs it). So
                // nothing but a typed line can make it go on.
                // First the program's own process, cheaply: most of the time it runs, or
                // waits on the network, and the whole table of processes is not read.
                let own = self.running[program]
                    .pid
                    .and_then(process_table::blocked_in);
                if !matches!(
                    own,
                    Some(process_table::Blocked::Keyboard | process_table::Blocked::Children)
                ) {
                    return None;
                }
                let blocked: Vec<_> = process_table::marked(Some(self.number))
                    .into_iter()
                    .filter(|process| process.program == program && !process.ended)
                    .map(|process| process_table::blocked_in(process.pid))
                    .collect();
                use process_table::Blocked;
                let reading = blocked.contains(&Some(Blocked::Keyboard))
                    && blocked
                        .iter()
                        .all(|b| matches!(b, Some(Blocked::Keyboard | Blocked::Children)));
                // Asked after it was seen reading: all it wrote before has been recorded, and
                // its screen shows no prompt still.
                let drained = self.running[program]
                    .stdout_probe
                    .as_ref()
                    .and_then(process::OutputProbe::unread)
                    == Some(0);
                let record = self.shared.lock();
                let same = record.programs[program].prompts <= self.running[program].prompts_used
                    && record.programs[program].exit.is_none()
                    && !record.programs[program].output_in_hand;
                (reading && drained && same).then_some(reason)
            }
        }
    }

    /// Types a line (or the end of input) at a program that shows its prompt.
    fn type_line(&mut self, index: usize, text: Option<&str>) -> Result<(), String> {
        let counts = stuck::WireCounts::of(&self.shared.lock(), &self.running[index].name);
        let handle = &mut self.running[index];
        handle.typed_at = Some(counts);
        let at = self.shared.lock().programs[index].stdout.len();
        self.shared.update(|record| {
            record.programs[index].typed.push(Typed {
                at,
                text: text.map(str::to_owned),
            })
        });
        match text {
            Some(text) => {
                let stdin = handle.stdin.as_mut().ok_or("its input is already closed")?;
                let line = format!("{text}\n");
                stdin
                    .write_all(line.as_bytes())
                    .and_then(|()| stdin.flush())
                    .map_err(|error| format!("cannot type at {}: {error}", handle.name))
            }
            None => {
                handle.stdin = None;
                Ok(())
            }
        }
    }

    fn await_exit(&mut self, index: usize) -> Result<(), String> {
        if self.wait_for(index, stuck::Awaited::Exit, |record| {
            record.programs[index].exit.is_some()
        })? {
            return Ok(());
        }
        let record = self.shared.lock();
        Err(format!(
            "waited {:.1} s for {} to exit; it is still running; {}",
            self.setup.step_timeout.as_secs_f64(),
            self.running[index].name,
            describe_tail(&record.programs[index].stdout)
        ))
    }

    fn kill(&mut self, index: usize, how: Exit) {
        let already = self.shared.update(|record| {
            let program = &mut record.programs[index];
            let already = program.exit.is_some();
            if !already {
                program.exit = Some(how);
            }
            already
        });
        if let (false, Some(pid)) = (already, self.running[index].pid) {
            process::kill(pid);
        }
    }

    /// The end: every client exits, every connection closes, then a server still running
    /// (one with an accept loop) is stopped.
    fn wind_down(&mut self) -> Result<(), String> {
        let clients_done = self.shared.wait_until(self.deadline(), |record| {
            record
                .programs
                .iter()
                .all(|program| program.role == Role::Server || program.exit.is_some())
        });
        if !clients_done {
            let record = self.shared.lock();
            let waiting: Vec<&str> = record
                .programs
                .iter()
                .filter(|program| program.role != Role::Server && program.exit.is_none())
                .map(|program| program.name.as_str())
                .collect();
            return Err(format!(
                "waited {:.1} s for {} to exit after the last step",
                self.setup.step_timeout.as_secs_f64(),
                waiting.join(" and ")
            ));
        }
        let server = self
            .running
            .iter()
            .position(|handle| Role::of(&handle.name) == Role::Server);
        let all_closed = |record: &Record| {
            record
                .connections
                .iter()
                .all(|connection| connection.is_done())
        };
        let wire_done = match server {
            Some(server) => self.wait_for(server, stuck::Awaited::Closed, all_closed)?,
            None => self.shared.wait_until(self.deadline(), all_closed),
        };
        if !wire_done {
            return Err(format!(
                "waited {:.1} s for every connection to close after the clients exited",
                self.setup.step_timeout.as_secs_f64()
            ));
        }
        for index in 0..self.running.len() {
            self.kill(index, Exit::Stopped);
        }
        Ok(())
    }

    /// Kills whatever still runs, waits for the output to drain, and hands over the record.
    fn finish(mut self, failure: Option<StepFailure>) -> Outcome {
        let listening = if failure.is_some() {
            self.listening()
        } else {
            Vec::new()
        };
        for index in 0..self.running.len() {
            self.kill(index, Exit::Killed);
        }
        for relay in self.relays.drain(..) {
            relay.close();
        }
        self.close_door();
        // Killed programs' pipes end at once; the bound only guards against a stray grandchild.
        let drained = Instant::now() + Duration::from_secs(2);
        self.shared.wait_until(drained, |record| {
            record.programs.iter().all(ProgramRecord::is_finished)
                && record
                    .connections
                    .iter()
                    .all(|connection| connection.is_done())
        });
        let leftovers = self.end_leftovers();
        self.leftovers_ended = true;
        let failure = failure.or_else(|| {
            let first = leftovers.first()?;
            Some(StepFailure {
                step: "end of scenario".into(),
                line: 0,
                problem: format!(
                    "{} left {} running after the scenario: {}; the runner ended {}",
                    first.program,
                    if leftovers.len() == 1 {
                        "a process"
                    } else {
                        "processes"
                    },
                    leftovers
                        .iter()
                        .map(Leftover::to_string)
                        .collect::<Vec<_>>()
                        .join(", "),
                    if leftovers.len() == 1 { "it" } else { "them" },
                ),
            })
        });
        let record = self.shared.lock().clone();
        Outcome {
            record,
            failure,
            ports: std::mem::take(&mut self.ports),
            leftovers,
            listening,
            port_was_closing: self.port_was_closing,
        }
    }

    /// The ports each program of the play listens on or has bound now (see
    /// [`Outcome::listening`]).
    fn listening(&self) -> Vec<Listening> {
        let names: Vec<String> = self
            .shared
            .lock()
            .programs
            .iter()
            .map(|program| program.name.clone())
            .collect();
        let marked = process_table::marked(Some(self.number));
        names
            .into_iter()
            .enumerate()
            .filter_map(|(index, program)| {
                let mut ports: Vec<(Transport, u16)> = marked
                    .iter()
                    .filter(|process| process.program == index)
                    .flat_map(|process| process.ports.iter().copied())
                    .collect();
                ports.sort_unstable_by_key(|(transport, port)| {
                    (*transport == Transport::Udp, *port)
                });
                ports.dedup();
                (!ports.is_empty()).then_some(Listening { program, ports })
            })
            .collect()
    }

    /// Ends whatever the play's programs left running (they forked, daemonized, started a
    /// new session), and says which program left which process.
    fn end_leftovers(&self) -> Vec<Leftover> {
        let names: Vec<String> = self
            .shared
            .lock()
            .programs
            .iter()
            .map(|program| program.name.clone())
            .collect();
        process::end_leftovers(Some(self.number))
            .into_iter()
            .map(|process| Leftover {
                program: names
                    .get(process.program)
                    .cloned()
                    .unwrap_or_else(|| "a program".into()),
                pid: process.pid,
                command: process.command,
                ports: process.ports,
            })
            .collect()
    }
}

impl Drop for Play<'_> {
    fn drop(&mut self) {
        // Also on a panic: no process outlives a play.
        for pid in self.running.iter().filter_map(|handle| handle.pid) {
            process::kill(pid);
        }
        for relay in &self.relays {
            relay.close();
        }
        self.close_door();
        if !self.leftovers_ended {
            process::end_leftovers(Some(self.number));
        }
    }
}

/// The `rustc` command of a `compile` step: it checks FILE, from the lesson's folder, and
/// emits no more than metadata, into `out_dir` (the file is expected to be refused anyway).
pub fn compile_command(setup: &Setup, file: &str, out_dir: &Path) -> Command {
    let path = setup.lesson_dir.join(file);
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let mut command = Command::new(rustc);
    command
        .args([
            "--edition",
            "2024",
            "--crate-type",
            "lib",
            "--crate-name",
            "case",
        ])
        .args([
            "--emit",
            "metadata",
            "--error-format",
            "short",
            "--color",
            "never",
        ])
        .arg("--out-dir")
        .arg(out_dir)
        .arg(&path);
    command
}

/// A folder of its own for one compile step's output, in the system's temporary folder:
/// the caller removes it afterwards.
pub fn compile_scratch_dir() -> PathBuf {
    static COMPILES: AtomicU32 = AtomicU32::new(0);
    let number = COMPILES.fetch_add(1, Ordering::Relaxed);
    std::env::temp_dir().join(format!("xtask-rustc-{}-{number}", std::process::id()))
}

/// How a program ended, in words.
pub fn describe_exit(exit: Exit) -> String {
    match exit {
        Exit::Code(code) => format!("exit code {code}"),
        Exit::Signal(signal) => format!("ended by signal {signal}"),
        Exit::Killed => "killed by the runner".into(),
        Exit::Stopped => "stopped by the runner".into(),
    }
}

/// The last line a program printed, to say where it stands.
fn describe_tail(stdout: &[u8]) -> String {
    let text = String::from_utf8_lossy(stdout);
    match text.trim_end().lines().last() {
        None => "it printed nothing on standard output".into(),
        Some(last) => format!(
            "its last output was {:?}",
            last.chars().take(80).collect::<String>()
        ),
    }
}
