//! How a play waits: for a program's prompt or exit, for the server's port, for the end of
//! every connection. Every wait is bounded by the step timeout, and ends as soon as its event
//! has become impossible (`stuck`).

use std::time::{Duration, Instant};

use super::record::{Connection, Exit, Record};
use super::{
    Play, describe_tail, exit_message, ports, process, process_table, socket_table, stuck,
};
use crate::i18n::Message;
use crate::scenario::Role;

impl Play<'_> {
    /// Before a client starts: waits until the server has bound its port, or has exited,
    /// where the system's socket table tells (Linux). So whether the client meets a relay
    /// or a refusing port does not depend on how fast the server starts or fails: a server
    /// that exits without ever listening is refused every time, as it would be without a
    /// relay. The wait ends at the server's exit at once; the table is read again after a
    /// short pause otherwise. Without the table the relay takes over, retrying as it does.
    ///
    /// It fails as soon as the server listens on other ports only, with every thread of it
    /// asleep (it waits for a client there, and will never listen where clients are sent),
    /// or is blocked reading its keyboard (no step types while a client starts).
    ///
    /// The IPv4 table is read each time; the IPv6 one, which costs the kernel milliseconds
    /// to write on a machine with many closed connections, only every 20 ms, for a server
    /// that listens on an IPv6 address (`--host` given by the runner is `127.0.0.1`).
    pub(super) fn await_server_bound(&self) -> Result<(), Message> {
        let server = {
            let record = self.shared.lock();
            record.programs.iter().position(|p| p.role == Role::Server)
        };
        let Some(server) = server else {
            return Ok(());
        };
        let gone = Record::server_exited;
        // Only a server that no client has reached yet is judged: one that has served may
        // have closed its listening socket on purpose (a one-client server), and wait.
        let first_client = self
            .shared
            .lock()
            .connections
            .iter()
            .all(|connection| connection.path.is_none());
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
                if !first_client {
                    // Judged by the step's bound alone.
                } else if let Some(elsewhere) = self.listens_elsewhere_only(server) {
                    return Err(Message::new("engine-listens-elsewhere")
                        .arg("elsewhere", elsewhere)
                        .arg("port", port));
                } else if self.blocked_reading_keyboard(server) {
                    return Err(Message::new("engine-waits-keyboard").arg("port", port));
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
    pub(super) fn listens_elsewhere_only(&self, server: usize) -> Option<String> {
        // First its own process, cheaply: while it runs, the table of processes is not read.
        let own = self.running.get(server).and_then(|handle| handle.pid)?;
        if process_table::all_threads_waiting(own) != Some(true) {
            return None;
        }
        // Then the processes it started (a shell's program), before the whole table.
        let started = process_table::children(own);
        if started.iter().any(|&child| {
            process_table::all_threads_waiting(child) == Some(false)
                && !process_table::has_ended(child)
        }) {
            return None;
        }
        let processes: Vec<_> = process_table::marked(Some(self.number))
            .into_iter()
            .filter(|process| process.program == server && !process.ended)
            .collect();
        // Only a server asleep in every process is judged; its ports are read only then (a
        // server still starting runs).
        let asleep = processes
            .iter()
            .all(|process| process_table::all_threads_waiting(process.pid) == Some(true));
        if !asleep {
            return None;
        }
        let processes = process_table::with_ports(processes);
        let mut elsewhere: Vec<u16> = processes
            .iter()
            .flat_map(|process| &process.ports)
            .filter(|(transport, _)| *transport == self.setup.transport)
            .map(|(_, port)| *port)
            .collect();
        elsewhere.sort_unstable();
        elsewhere.dedup();
        (!elsewhere.is_empty() && !elsewhere.contains(&self.server_port)).then(|| {
            elsewhere
                .iter()
                .map(u16::to_string)
                .collect::<Vec<_>>()
                .join(" and ")
        })
    }

    /// Waits until the relays have tried the server once for every client that has
    /// connected: those they have taken (the record says), and those still waiting to be
    /// taken (`poll` on the relay's listener says, on Unix). At most the step's bound.
    ///
    /// A client connects to its relay; the relay then tries the server. On a busy machine
    /// the relay's threads may run late, and a step that acts meanwhile (a `Q` that ends a
    /// chat) can change what the server does: a server that closed its listening socket
    /// and opens it again after the chat would take the late try, where a real client,
    /// connecting at once, was refused (a wrong server passed so, once, in CI). Waiting here
    /// keeps the order the scenario gives: the connection is settled before the next step.
    pub(super) fn await_connections_tried(&self) -> Result<(), Message> {
        if self.setup.transport != super::Transport::Tcp {
            return Ok(());
        }
        self.shared.update(|record| record.relays_awaited = true);
        let settled = self.relays_settled();
        self.shared.update(|record| record.relays_awaited = false);
        settled
    }

    /// The wait of `await_connections_tried`.
    fn relays_settled(&self) -> Result<(), Message> {
        let deadline = self.deadline();
        // Those taken: the record changes as soon as the relay has tried.
        let tried = |record: &Record| record.connections.iter().all(Connection::is_settled);
        // Past the bound the step fails, as any wait does: acting now could make a wrong
        // program pass.
        let late = || {
            Err(Message::new("engine-waited-relay")
                .arg("seconds", seconds(self.setup.step_timeout)))
        };
        // The relay's thread takes a waiting client as soon as it runs, and records it; the
        // pause only bounds how long a client that left before it was taken is looked for.
        let mut pause = Duration::from_micros(250);
        loop {
            if !self.shared.wait_until(deadline, tried) {
                return late();
            }
            // Those not yet taken.
            let queued = self.a_client_waits_at_a_relay();
            if !queued {
                return Ok(());
            }
            if Instant::now() >= deadline {
                return late();
            }
            let taken = self.shared.lock().connections.len();
            self.shared
                .wait_until((Instant::now() + pause).min(deadline), |record| {
                    record.connections.len() > taken
                });
            pause = (pause * 2).min(Duration::from_millis(2));
        }
    }

    /// Waits for the program's next prompt, and returns its index.
    pub(super) fn await_prompt(&mut self, name: &str) -> Result<usize, Message> {
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
            (_, Some(exit)) => Message::new("engine-ended-before-prompt")
                .arg("program", name)
                .sub("how", exit_message(exit))
                .sub("seen", seen),
            _ => Message::new("engine-waited-prompt")
                .arg("seconds", seconds(self.setup.step_timeout))
                .arg("program", name)
                .sub("seen", seen),
        })
    }

    /// Waits until the program's screen shows a line containing `text`, among the lines
    /// after the one the last `see` of it found (`see`). A program that has ended without
    /// showing one fails the step at once; otherwise the step's bound decides.
    pub(super) fn await_line(&mut self, index: usize, text: &str) -> Result<(), Message> {
        let from = self.running[index].seen_upto;
        let wanted = text.as_bytes();
        let found = |record: &Record| line_containing(&record.programs[index], from, wanted);
        self.wait_for(index, stuck::Awaited::Line, |record| {
            found(record).is_some() || record.programs[index].is_finished()
        })?;
        let record = self.shared.lock();
        if let Some(end) = found(&record) {
            drop(record);
            self.running[index].seen_upto = end;
            return Ok(());
        }
        let program = &record.programs[index];
        let name = &program.name;
        let shown = describe_lines(&program.stdout[from.min(program.stdout.len())..]);
        let wanted = format!("{text:?}");
        Err(match program.exit {
            Some(exit) if program.is_finished() => Message::new("engine-ended-before-line")
                .arg("program", name)
                .sub("how", exit_message(exit))
                .arg("text", wanted)
                .sub("shown", shown),
            _ => Message::new("engine-waited-line")
                .arg("seconds", seconds(self.setup.step_timeout))
                .arg("program", name)
                .arg("text", wanted)
                .sub("shown", shown),
        })
    }

    /// Waits until it is certain that a client waits for ever (`stuck::waits_for_ever`),
    /// then ends it. Datagrams only: on a TCP wire, what is unread in a socket cannot be
    /// seen from the record.
    pub(super) fn await_stuck(&mut self, index: usize) -> Result<(), Message> {
        let name = self.running[index].name.clone();
        if self.setup.transport != super::Transport::Udp {
            return Err(Message::new("engine-stuck-tcp").arg("program", &name));
        }
        let typed = self.running[index]
            .typed_at
            .ok_or_else(|| Message::new("engine-stuck-nothing-typed").arg("program", &name))?;
        let prompts_used = self.running[index].prompts_used;
        // Also done when it goes on by itself (a new prompt) or ends: it did not get stuck.
        let certain = |record: &Record| {
            let program = &record.programs[index];
            stuck::waits_for_ever(record, index, typed, prompts_used)
                || program.exit.is_some()
                || program.prompts > prompts_used
        };
        self.wait_for(index, stuck::Awaited::Stuck, certain)?;
        let record = self.shared.lock();
        if let Some(exit) = record.programs[index].exit {
            return Err(Message::new("engine-stuck-ended")
                .arg("program", &name)
                .sub("how", exit_message(exit)));
        }
        if !stuck::waits_for_ever(&record, index, typed, prompts_used) {
            let program = &record.programs[index];
            let went_on = if program.prompts > prompts_used {
                "engine-stuck-prompted"
            } else {
                "engine-stuck-on-its-way"
            };
            return Err(Message::new("engine-stuck-went-on")
                .arg("seconds", seconds(self.setup.step_timeout))
                .arg("program", &name)
                .phrase("went_on", went_on)
                .sub("seen", describe_tail(&program.stdout)));
        }
        drop(record);
        self.kill(index, Exit::Stuck);
        self.await_exit(index)
    }

    /// Waits until `ready` holds, or its event has become impossible (the reason is the
    /// error), or the step's bound has passed (`Ok(false)`). The record shows no change
    /// when a program is stuck, so the rules are asked again at a growing pace (at most
    /// every 20 ms); they read the system's socket table only once the record allows.
    pub(super) fn wait_for(
        &self,
        index: usize,
        awaited: stuck::Awaited,
        mut ready: impl FnMut(&Record) -> bool,
    ) -> Result<bool, Message> {
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
    pub(super) fn impossible(&self, index: usize, awaited: stuck::Awaited) -> Option<Message> {
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
    pub(super) fn confirmed(&self, index: usize, finding: stuck::Finding) -> Option<Message> {
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
                // A program whose input the runner has closed reads its end at once: seen
                // blocked reading, it is only for a moment (a program being started holds a
                // copy of the pipe until it execs), never waiting for a typed line.
                let input_open = self.running[program].stdin.is_some();
                if !input_open {
                    return None;
                }
                let reading = self.blocked_reading_keyboard(program);
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

    /// Whether nothing but a typed line can make a program go on: each of its processes has
    /// one thread, one of them is blocked reading its keyboard, and every other waits for a
    /// child to end (a shell that runs it). Where the system does not tell, false.
    pub(super) fn blocked_reading_keyboard(&self, program: usize) -> bool {
        use process_table::Blocked;
        // First the program's own process, cheaply: most of the time it runs, or waits on
        // the network, and the whole table of processes is not read.
        let own = self.running[program]
            .pid
            .and_then(process_table::blocked_in);
        if !matches!(own, Some(Blocked::Keyboard | Blocked::Children)) {
            return false;
        }
        // Then the processes it started (a shell's program), before the whole table: one
        // that runs, or waits for anything else, settles it.
        let started = self.running[program]
            .pid
            .map(process_table::children)
            .unwrap_or_default();
        if started.iter().any(|&child| {
            !matches!(
                process_table::blocked_in(child),
                Some(Blocked::Keyboard | Blocked::Children)
            ) && !process_table::has_ended(child)
        }) {
            return false;
        }
        let blocked: Vec<_> = process_table::marked(Some(self.number))
            .into_iter()
            .filter(|process| process.program == program && !process.ended)
            .map(|process| process_table::blocked_in(process.pid))
            .collect();
        blocked.contains(&Some(Blocked::Keyboard))
            && blocked
                .iter()
                .all(|b| matches!(b, Some(Blocked::Keyboard | Blocked::Children)))
    }

    pub(super) fn await_exit(&mut self, index: usize) -> Result<(), Message> {
        if self.wait_for(index, stuck::Awaited::Exit, |record| {
            record.programs[index].exit.is_some()
        })? {
            return Ok(());
        }
        let record = self.shared.lock();
        Err(Message::new("engine-waited-exit")
            .arg("seconds", seconds(self.setup.step_timeout))
            .arg("program", &self.running[index].name)
            .sub("seen", describe_tail(&record.programs[index].stdout)))
    }

    /// The end: every client exits, every connection closes, then a server still running
    /// (one with an accept loop) is stopped.
    pub(super) fn wind_down(&mut self) -> Result<(), Message> {
        // Each client in turn, so that the rules that see a client cannot exit (a prompt,
        // a read of its keyboard) end the wait as soon as they are certain.
        for index in 0..self.running.len() {
            if Role::of(&self.running[index].name) == Role::Server {
                continue;
            }
            let exited = |record: &Record| record.programs[index].exit.is_some();
            if !self.wait_for(index, stuck::Awaited::Exit, exited)? {
                return Err(Message::new("engine-waited-clients")
                    .arg("seconds", seconds(self.setup.step_timeout))
                    .arg("programs", self.running[index].name.clone()));
            }
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
            return Err(Message::new("engine-waited-close")
                .arg("seconds", seconds(self.setup.step_timeout)));
        }
        for index in 0..self.running.len() {
            self.kill(index, Exit::Stopped);
        }
        Ok(())
    }
}

/// A bound in seconds, as a failure says it: `5.0`.
fn seconds(bound: Duration) -> String {
    format!("{:.1}", bound.as_secs_f64())
}

/// Where the first line of `program`'s screen after `from` that contains `wanted` ends
/// (after its newline). A last line without a newline counts once the program has finished.
pub(super) fn line_containing(
    program: &super::record::ProgramRecord,
    from: usize,
    wanted: &[u8],
) -> Option<usize> {
    let screen = program.stdout.get(from..)?;
    let mut start = 0;
    while start < screen.len() {
        let end = match screen[start..].iter().position(|byte| *byte == b'\n') {
            Some(at) => start + at + 1,
            None if program.is_finished() => screen.len(),
            None => return None,
        };
        if screen[start..end]
            .windows(wanted.len())
            .any(|w| w == wanted)
        {
            return Some(from + end);
        }
        start = end;
    }
    None
}

/// What a screen showed, for a failed `see`: its last lines, quoted, or nothing.
fn describe_lines(screen: &[u8]) -> Message {
    match quoted_lines(screen) {
        None => Message::new("lines-nothing"),
        Some((0, quoted)) => Message::new("lines-quoted").arg("lines", quoted),
        Some((skipped, quoted)) => Message::new("lines-skipped-quoted")
            .arg("skipped", skipped)
            .arg("lines", quoted),
    }
}

/// A screen's last lines, quoted, and how many lines came before them; `None` if empty.
fn quoted_lines(screen: &[u8]) -> Option<(usize, String)> {
    const SHOWN: usize = 6;
    let text = screen.strip_suffix(b"\n").unwrap_or(screen);
    if text.is_empty() {
        return None;
    }
    let lines: Vec<&[u8]> = text.split(|byte| *byte == b'\n').collect();
    let skipped = lines.len().saturating_sub(SHOWN);
    let quoted: Vec<String> = lines[skipped..]
        .iter()
        .map(|line| format!("\"{}\"", crate::transcript::show_terminal(line)))
        .collect();
    Some((skipped, quoted.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::record::ProgramRecord;
    use crate::scenario::Role;

    #[test]
    fn a_line_is_found_after_the_last_one_seen_and_whole() {
        let mut program = ProgramRecord::new("bob", Role::Client, String::new(), None);
        program.append(0, b"alice: hi\nalice: hi again\ncarol: y");
        assert_eq!(line_containing(&program, 0, b"alice: hi"), Some(10));
        assert_eq!(line_containing(&program, 10, b"alice: hi"), Some(26));
        assert_eq!(line_containing(&program, 26, b"alice"), None);
        // A line still being written is not shown yet.
        assert_eq!(line_containing(&program, 26, b"carol"), None);
        program.exit = Some(super::super::record::Exit::Code(0));
        program.output_done = [true, true];
        assert_eq!(line_containing(&program, 26, b"carol"), Some(34));
    }

    #[test]
    fn a_failed_see_says_what_the_screen_showed() {
        assert_eq!(quoted_lines(b""), None);
        assert_eq!(
            quoted_lines(b"a\n\x1b[31mb\n"),
            Some((0, "\"a\", \"⟨red⟩b\"".to_owned()))
        );
        let (skipped, lines) = quoted_lines(b"1\n2\n3\n4\n5\n6\n7\n8\n").expect("lines");
        assert_eq!(skipped, 2);
        assert!(lines.starts_with("\"3\""), "{lines}");
    }
}
