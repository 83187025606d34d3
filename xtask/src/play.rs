//! Plays a lesson's scenarios and settles each transcript against its snapshot.
//!
//! The commands (`lesson`, `verify`) and the tests share this; they only differ in how they
//! show the results.

use std::time::Duration;

use crate::catalog::Lesson;
use crate::engine::record::Record;
use crate::engine::{self, Outcome, Program, Setup, StepFailure};
use crate::eprintln;
use crate::scenario::{self, Scenario};
use crate::snapshot::{self, Mode, Verdict};
use crate::workspace;

/// The default upper bound of every wait in a play.
pub const STEP_TIMEOUT: Duration = Duration::from_secs(5);

/// How long a port held by a closed connection may take to be free: TIME_WAIT lasts 60 s
/// on Linux, 30 to 240 s elsewhere.
const PORT_RELEASE_BOUND: Duration = Duration::from_secs(240);

/// One scenario played and settled.
#[derive(Debug, Clone)]
pub struct Played {
    /// The scenario.
    pub scenario: Scenario,
    /// The snapshot's name (`lesson01__exchange`).
    pub snapshot: String,
    /// The transcript.
    pub transcript: String,
    /// The step that failed, if the play did not reach its end.
    pub failure: Option<StepFailure>,
    /// What the snapshot comparison found.
    pub verdict: Verdict,
    /// What the play recorded: the screens and the wire (the sequence diagram draws it).
    pub record: Record,
    /// Processes the programs left running, which the runner ended.
    pub leftovers: Vec<engine::Leftover>,
    /// For a failed play: the ports the programs still running listened on.
    pub listening: Vec<engine::Listening>,
}

impl Played {
    /// Whether the scenario passed: played to its end, and its transcript is the snapshot.
    pub fn passed(&self) -> bool {
        self.failure.is_none() && matches!(self.verdict, Verdict::Same | Verdict::Accepted)
    }
}

/// The setup that plays a lesson with its own (reference) programs.
pub fn reference_setup(lesson: Lesson, step_timeout: Duration) -> Setup {
    let program = |kind: &str| {
        let name = lesson.program(kind);
        Program::lesson(workspace::binary(&name), &name)
    };
    Setup {
        transport: lesson.transport(),
        server: program("server"),
        client: program("client"),
        server_port: None,
        client_port: None,
        step_timeout,
        lesson_dir: lesson.dir(),
        program_prefix: workspace::binary(&lesson.program("")),
        turn_based: lesson.turn_based(),
        impair: None,
    }
}

/// Plays every scenario of a lesson with the given setup, all at once: each has its own
/// processes and ports, so they cannot disturb each other. With a fixed port (a program
/// that expects 9000), they are played one after the other instead.
pub fn play_lesson(lesson: Lesson, setup: &Setup, mode: Mode) -> Result<Vec<Played>, String> {
    let scenarios = scenario::load(&lesson.scenario_file())?;
    if setup.server_port.is_some() || setup.client_port.is_some() {
        return scenarios
            .into_iter()
            .map(|scenario| play_one(lesson, scenario, setup, mode))
            .collect();
    }
    std::thread::scope(|scope| {
        let plays: Vec<_> = scenarios
            .into_iter()
            .map(|scenario| scope.spawn(move || play_one(lesson, scenario, setup, mode)))
            .collect();
        plays
            .into_iter()
            .map(|play| {
                play.join()
                    .unwrap_or_else(|_| Err("a play panicked".into()))
            })
            .collect()
    })
}

/// Plays one scenario of a lesson and settles its transcript against its snapshot.
pub fn play_one(
    lesson: Lesson,
    scenario: Scenario,
    setup: &Setup,
    mode: Mode,
) -> Result<Played, String> {
    let mut outcome: Outcome = engine::play(&scenario, setup);
    if let (true, Some(port)) = (outcome.port_was_closing, setup.server_port) {
        let expected = snapshot::expected(&snapshot::name(lesson.number, &scenario.name))?;
        let heading = format!("{} · scenario {}", lesson.heading(), scenario.name);
        let transcript = crate::transcript::render(&heading, &scenario.summary, &outcome);
        let same = expected.is_some_and(|expected| {
            let got = snapshot::normalised(&transcript);
            // Only a check plays on a fixed port: its comparison.
            snapshot::compare(&expected, &got, snapshot::any_error_line).is_none()
        });
        if outcome.failure.is_some() || !same {
            // The fixed port was held by an earlier play's last connection, which a server
            // without SO_REUSEADDR cannot get past: wait for the kernel to let it go, and
            // play again, so that the verdict is the program's, not the port's.
            eprintln!(
                "{}",
                crate::tr!("play-port-held", port = port, scenario = &scenario.name)
            );
            engine::ports::await_free_without_reuse(port, setup.transport, PORT_RELEASE_BOUND);
            outcome = engine::play(&scenario, setup);
        }
    }
    let heading = format!("{} · scenario {}", lesson.heading(), scenario.name);
    let transcript = crate::transcript::render(&heading, &scenario.summary, &outcome);
    let name = snapshot::name(lesson.number, &scenario.name);
    // A play that failed is never accepted as a snapshot: it is compared, to show the diff.
    let mode = if outcome.failure.is_some() {
        Mode::Check
    } else {
        mode
    };
    let verdict = snapshot::settle(&name, &scenario.summary, &transcript, mode)?;
    Ok(Played {
        scenario,
        snapshot: name,
        transcript,
        failure: outcome.failure,
        verdict,
        record: outcome.record,
        leftovers: outcome.leftovers,
        listening: outcome.listening,
    })
}
