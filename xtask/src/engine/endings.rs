//! How a play ends: whatever still runs is killed, what the programs left behind is found
//! and ended, and the record is handed over.

use crate::i18n::Message;
use std::time::{Duration, Instant};

use super::record::{Exit, ProgramRecord};
use super::{Leftover, Listening, Outcome, Play, StepFailure, Transport, process, process_table};

impl Play<'_> {
    /// Kills whatever still runs, waits for the output to drain, and hands over the record.
    pub(super) fn finish(mut self, failure: Option<StepFailure>) -> Outcome {
        let listening = if failure.is_some() {
            self.listening()
        } else {
            Vec::new()
        };
        if failure.is_some() {
            // Frozen first: no program reacts to another's end (a client printing the empty
            // read of a server being killed), so what follows the failure does not vary.
            let record = self.shared.lock();
            for (handle, program) in self.running.iter().zip(&record.programs) {
                if let (Some(pid), None) = (handle.pid, program.exit) {
                    process::freeze(pid);
                }
            }
        }
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
            // English has a plural, Chinese none: two messages, one per number.
            let id = if leftovers.len() == 1 {
                "engine-left-process"
            } else {
                "engine-left-processes"
            };
            let list = leftovers
                .iter()
                .map(Leftover::to_string)
                .collect::<Vec<_>>()
                .join(", ");
            Some(StepFailure::new(
                super::END_OF_SCENARIO.into(),
                0,
                Message::new(id)
                    .arg("program", &first.program)
                    .arg("processes", list),
            ))
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

    /// The names of the play's programs, by their index in the record.
    fn program_names(&self) -> Vec<String> {
        let record = self.shared.lock();
        record.programs.iter().map(|p| p.name.clone()).collect()
    }

    /// The ports each program of the play listens on or has bound now (see
    /// [`Outcome::listening`]).
    pub(super) fn listening(&self) -> Vec<Listening> {
        let names = self.program_names();
        let marked = process_table::with_ports(process_table::marked(Some(self.number)));
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
    pub(super) fn end_leftovers(&self) -> Vec<Leftover> {
        let names = self.program_names();
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
