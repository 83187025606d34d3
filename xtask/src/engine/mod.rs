//! The conversation engine: plays a scenario with real processes and real sockets.
//!
//! `play` starts the programs a scenario names, types its lines at their prompts, and
//! records their screens and (through a relay per client) the wire. It never sleeps to
//! wait: every step waits for an event (a prompt, an exit, a closed connection), bounded
//! by the step timeout. Whatever happens, every process it started is killed before it
//! returns.

pub mod bends;
mod compile;
mod endings;
pub mod front_door;
pub mod limits;
pub use compile::{compile_command, compile_scratch_dir};
pub mod ports;
pub mod process;
pub mod process_table;
pub mod record;
pub mod relay;
pub mod socket_table;
pub mod splice;
pub mod stuck;
pub mod udp_relay;
mod waits;

use std::fmt;
use std::io::Write;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use front_door::FrontDoor;
use record::{Exit, PendingBend, ProgramRecord, Record, Shared, Typed};
use relay::Relay;
use udp_relay::UdpRelay;

use crate::i18n::{Catalogue, Lang, Message};
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
    /// The limits it runs under: a program the runner did not write (a student's) gets
    /// `limits::UNTRUSTED`; the lesson's own run free.
    pub limits: Option<limits::Limits>,
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
            limits: None,
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
    /// Impairments at random from this seed, beside the scenario's `wire` steps: each
    /// datagram dropped or repeated, each TCP write cut in pieces, by the seed and the
    /// datagram's or write's number alone, so a failure is replayed by its seed
    /// (`bends::random_effect`).
    pub impair: Option<u64>,
}

/// The step of a failure at the end of a scenario, after its last step.
pub const END_OF_SCENARIO: &str = "end of scenario";

/// Why a play did not run to its end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepFailure {
    /// The step, as written (`client> hello`), or `end of scenario`.
    pub step: String,
    /// The step's line in the scenario file (0 for the end of the scenario).
    pub line: usize,
    /// What it waited for, or what went wrong, in English: as the hints read it.
    pub problem: String,
    /// The same in the catalogue's words, to be shown in the runner's language.
    pub said: Message,
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

impl StepFailure {
    /// The failure of a step (`line` 0: of the end of the scenario).
    pub fn new(step: String, line: usize, said: Message) -> StepFailure {
        StepFailure {
            step,
            line,
            problem: Catalogue::of(Lang::En).text(&said),
            said,
        }
    }

    /// The failure in the runner's language, for a verdict (`Display` says it in English).
    pub fn in_words(&self) -> String {
        let problem = self.said.text();
        if self.line == 0 {
            crate::tr!("failure-at-end", problem = problem)
        } else {
            crate::tr!(
                "failure-at-step",
                step = &self.step,
                line = self.line,
                problem = problem
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
            // As a closed port: nothing bound there receives what the client sends, and the
            // system says so to a client whose socket is connected.
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
    /// Where on its screen the last `see` found its line: the end of that line.
    seen_upto: usize,
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
        let shared = Arc::new(Shared::default());
        shared.update(|record| record.impair = setup.impair);
        Play {
            setup,
            number: PLAYS.fetch_add(1, Ordering::Relaxed),
            shared,
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
            self.step(step)
                .map_err(|said| StepFailure::new(step.action.to_string(), step.line, said))?;
        }
        self.close_relays_if_server_exited();
        self.wind_down()
            .map_err(|said| StepFailure::new(END_OF_SCENARIO.into(), 0, said))?;
        // A bend that never took its effect: the transcript would not show what the
        // scenario says the wire did.
        let unfinished = self
            .shared
            .lock()
            .bends
            .iter()
            .find(|pending| !pending.done)
            .cloned();
        match unfinished {
            Some(pending) => Err(StepFailure::new(
                pending.step.clone(),
                pending.line,
                bends::unfinished(&pending),
            )),
            None => Ok(()),
        }
    }

    fn step(&mut self, step: &Step) -> Result<(), Message> {
        match &step.action {
            Action::Start {
                program,
                kind,
                args,
            } => self.start(program, kind.as_deref(), args),
            Action::Stuck { program } => {
                let index = self.index(program)?;
                self.await_stuck(index)
            }
            Action::Type { program, text } => {
                let index = self.await_prompt(program)?;
                self.before_acting_on(program)?;
                self.type_line(index, Some(text))
            }
            Action::EndInput { program } => {
                let index = self.await_prompt(program)?;
                self.before_acting_on(program)?;
                self.type_line(index, None)
            }
            Action::Kill { program } => {
                let index = self.await_prompt(program)?;
                self.before_acting_on(program)?;
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
            Action::TypeNow { program, text } => {
                let index = self.index(program)?;
                self.before_acting_on(program)?;
                self.type_now(index, text)
            }
            Action::See { program, text } => {
                let index = self.index(program)?;
                self.await_line(index, text)
            }
            Action::Wire { from, to, bend } => self.bend(step, from, to, *bend),
        }
    }

    /// Registers a `wire` step with the relays, which apply it as they carry.
    fn bend(
        &mut self,
        step: &Step,
        from: &str,
        to: &str,
        bend: crate::scenario::Bend,
    ) -> Result<(), Message> {
        let (client, side) = match Role::of(from) {
            Role::Server => (to, record::Side::Server),
            _ => (from, record::Side::Client),
        };
        let udp = self.setup.transport == Transport::Udp;
        if bend.is_for_streams() == udp {
            let id = if udp {
                "bend-needs-tcp"
            } else {
                "bend-needs-udp"
            };
            return Err(Message::new(id).arg("bend", bend));
        }
        let pending = PendingBend {
            client: client.to_owned(),
            from: side,
            bend,
            step: step.action.to_string(),
            line: step.line,
            held: Vec::new(),
            done: false,
        };
        self.shared.update(|record| {
            if let Some(late) = bends::too_late(&record.connections, &pending) {
                return Err(late);
            }
            record.bends.push(pending);
            Ok(())
        })
    }

    /// One of the lesson's programs by its kind: `notes-client` is `lesson11-notes-client`,
    /// given `--host 127.0.0.1 --port {port}` as the lesson's server and client are.
    fn lesson_program(&self, kind: &str) -> Program {
        let mut executable = self.setup.program_prefix.clone().into_os_string();
        executable.push(format!("{kind}{}", std::env::consts::EXE_SUFFIX));
        let prefix = self.setup.program_prefix.file_name().unwrap_or_default();
        Program::lesson(
            PathBuf::from(executable),
            &format!("{}{kind}", prefix.to_string_lossy()),
        )
    }

    /// What a step does before it acts on `program` (types, ends its input, kills it): waits
    /// until the relays have tried the server for every client that has connected
    /// (`await_connections_tried`), then notes the initiative on the wire.
    fn before_acting_on(&self, program: &str) -> Result<(), Message> {
        self.await_connections_tried()?;
        self.mark_initiative(program);
        Ok(())
    }

    /// Notes on the wire that a step acts on `program` now: after the prompt it waited for,
    /// before the program can react.
    fn mark_initiative(&self, program: &str) {
        self.shared
            .update(|record| record.mark_initiative(program, Role::of(program)));
    }

    fn index(&self, program: &str) -> Result<usize, Message> {
        self.running
            .iter()
            .position(|handle| handle.name == program)
            .ok_or_else(|| Message::new("engine-not-started").arg("program", program))
    }

    fn deadline(&self) -> Instant {
        Instant::now() + self.setup.step_timeout
    }

    fn start(&mut self, name: &str, kind: Option<&str>, args: &[String]) -> Result<(), Message> {
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
        // Another of the lesson's programs in that part (`as notes-client`): always the
        // lesson's own, whatever program is checked in place of its server or client.
        let other;
        let program = match kind {
            Some(kind) => {
                other = self.lesson_program(kind);
                &other
            }
            None => program,
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
        if let Some(limits) = &program.limits {
            limits::apply(&mut command, limits);
        }
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
    ) -> Result<usize, Message> {
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
            Message::new("engine-cannot-start")
                .arg("executable", &executable)
                .arg("error", error)
        })?;
        self.running.push(Handle {
            name: name.to_owned(),
            pid: Some(running.pid),
            stdin: running.stdin,
            prompts_used: 0,
            seen_upto: 0,
            typed_at: None,
            stdout_probe: running.stdout_probe,
        });
        Ok(index)
    }

    /// Opens the relay a client will connect to, or a refusing port once the server is gone.
    fn open_relay(&mut self, client: &str) -> Result<u16, Message> {
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
            .map_err(|error| Message::new("engine-cannot-open-relay").arg("error", error))?;
            self.relays.push(relay);
            port
        };
        self.ports.push(port);
        Ok(port)
    }

    /// The port a client is given: its relay's, or the fixed client port, where the door
    /// passes it on to that relay. Once the server has exited, the fixed port refuses too.
    fn through_door(&mut self, relay_port: u16) -> Result<u16, Message> {
        let Some(fixed) = self.setup.client_port else {
            return Ok(relay_port);
        };
        if self.server_gone() {
            self.close_door();
        }
        if !self.door_closed && self.door.is_none() {
            let door = FrontDoor::open(self.setup.transport, fixed).map_err(|error| {
                Message::new("engine-cannot-listen-door")
                    .arg("port", fixed)
                    .arg("error", error)
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
    /// Whether a client has connected to one of the play's TCP relays and waits to be taken
    /// (where the system says).
    fn a_client_waits_at_a_relay(&self) -> bool {
        self.relays.iter().any(|relay| match relay {
            AnyRelay::Tcp(relay) => relay.client_waiting() == Some(true),
            AnyRelay::Udp(_) => false,
        })
    }

    fn close_relays_if_server_exited(&mut self) {
        let server_gone = self.server_gone();
        if server_gone {
            for relay in &self.relays {
                relay.server_gone();
            }
            self.close_door();
        }
    }

    /// Types a line (or the end of input) at a program that shows its prompt.
    fn type_line(&mut self, index: usize, text: Option<&str>) -> Result<(), Message> {
        let counts = stuck::WireCounts::of(&self.shared.lock(), &self.running[index].name);
        let handle = &mut self.running[index];
        handle.typed_at = Some(counts);
        let at = self.shared.lock().programs[index].stdout.len();
        self.shared.update(|record| {
            record.programs[index].typed.push(Typed {
                at,
                text: text.map(str::to_owned),
                anchored: false,
                ahead: false,
            })
        });
        match text {
            Some(text) => {
                let stdin = handle
                    .stdin
                    .as_mut()
                    .ok_or_else(|| Message::new("engine-input-closed"))?;
                let line = format!("{text}\n");
                stdin
                    .write_all(line.as_bytes())
                    .and_then(|()| stdin.flush())
                    .map_err(|error| {
                        Message::new("engine-cannot-type")
                            .arg("program", &handle.name)
                            .arg("error", error)
                    })
            }
            None => {
                handle.stdin = None;
                Ok(())
            }
        }
    }

    /// Types a line at a program at once (`type`). Where it shows on the screen is where the
    /// steps know the screen to stand, so that the transcript does not depend on how the
    /// typing raced with the program's output (see [`Typed::anchored`]).
    fn type_now(&mut self, index: usize, text: &str) -> Result<(), Message> {
        let counts = stuck::WireCounts::of(&self.shared.lock(), &self.running[index].name);
        let ahead = self.setup.turn_based;
        let handle = &mut self.running[index];
        handle.typed_at = Some(counts);
        // A program that takes turns reads the line at its next prompt: that prompt is
        // used, as by `PROGRAM> TEXT` (no rule takes it for one no step typed at).
        if ahead {
            handle.prompts_used += 1;
        }
        let seen_upto = handle.seen_upto;
        self.shared.update(|record| {
            let program = &mut record.programs[index];
            let after_last = program.typed.last().map_or(0, |typed| typed.at);
            program.typed.push(Typed {
                at: seen_upto.max(after_last),
                text: Some(text.to_owned()),
                anchored: true,
                ahead,
            })
        });
        let stdin = handle.stdin.as_mut().ok_or("its input is already closed")?;
        stdin
            .write_all(format!("{text}\n").as_bytes())
            .and_then(|()| stdin.flush())
            .map_err(|error| {
                Message::new("engine-cannot-type")
                    .arg("program", &handle.name)
                    .arg("error", error)
            })
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

/// How a program ended, in words.
pub fn describe_exit(exit: Exit) -> String {
    match exit {
        Exit::Code(code) => format!("exit code {code}"),
        Exit::Signal(signal) => format!("ended by signal {signal}"),
        Exit::Killed => "killed by the runner".into(),
        Exit::Stopped => "stopped by the runner".into(),
        Exit::Stuck => "waits for ever: ended by the runner".into(),
    }
}

/// How a program ended, in the runner's language, for a verdict or a hint (the transcript,
/// which the snapshots hold, says it with [`describe_exit`], in English).
pub fn exit_in_words(exit: Exit) -> String {
    exit_message(exit).text()
}

/// How a program ended, as a message of the catalogue.
pub fn exit_message(exit: Exit) -> Message {
    match exit {
        Exit::Code(code) => Message::new("exit-code").arg("code", code),
        Exit::Signal(signal) => Message::new("exit-signal").arg("signal", signal),
        Exit::Killed => Message::new("exit-killed"),
        Exit::Stopped => Message::new("exit-stopped"),
        Exit::Stuck => Message::new("exit-stuck"),
    }
}

/// The last line a program printed, to say where it stands.
fn describe_tail(stdout: &[u8]) -> Message {
    let text = String::from_utf8_lossy(stdout);
    match text.trim_end().lines().last() {
        None => Message::new("tail-nothing"),
        Some(last) => Message::new("tail-last").arg(
            "last",
            format!("{:?}", last.chars().take(80).collect::<String>()),
        ),
    }
}
