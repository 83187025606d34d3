//! Checking a program in place of a lesson's: a student's homework, or any command.
//!
//! A check plays the lesson's scenarios in rounds: in each, one of the lesson's programs
//! (the server, or the client) is replaced by the program checked, shown in the transcript
//! under the lesson program's name, so that only behaviour differs from the snapshot. The
//! other side is the lesson's own program.
//!
//! What must match the snapshot: every screen, every exit, everything on the wire, and how
//! many lines each program writes on standard error. Not the wording of those lines: the
//! contract asks for one line, and a homework's line names its own program.

use std::path::PathBuf;
use std::time::Duration;

use crate::catalog::Lesson;
use crate::engine::{Program, limits};
use crate::hints;
use crate::i18n::Message;
use crate::play::{self, Played};
use crate::scenario::Role;
use crate::snapshot::{self, Difference, Mode};

/// The port a program without `{port}` in its command is expected to use: the notes' port.
pub const FIXED_PORT: u16 = 9000;

/// A program to check, in place of the lesson's server or client.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Which of the lesson's programs it replaces.
    pub role: Role,
    /// How to start it.
    pub program: Program,
    /// The port it uses whatever it is told (a command without `{port}`); `None` when it
    /// takes the port the runner gives it.
    pub fixed_port: Option<u16>,
    /// How the report names it: `your server (homework04-server)`.
    pub label: Message,
    /// The language it is written in, as far as its command tells (the hints name calls).
    pub language: hints::Language,
}

impl Candidate {
    /// A homework program, which takes `--host` and `--port` as the lesson's do.
    pub fn homework(lesson: Lesson, role: Role, executable: PathBuf, name: &str) -> Candidate {
        let mut program = Program::lesson(executable, &lesson.program(role.as_str()));
        program.limits = Some(limits::UNTRUSTED);
        Candidate {
            role,
            program,
            fixed_port: None,
            label: Message::new("candidate-label")
                .phrase("role", role_phrase(role))
                .arg("name", name),
            language: hints::Language::Rust,
        }
    }

    /// Any command, run through the shell (`sh -c` on Unix, `cmd /C` elsewhere).
    ///
    /// `{port}` in the command becomes the port the runner picked; without it the program
    /// is taken to use `fixed_port`. A scenario's own arguments (`--name alice`) follow the
    /// command's.
    pub fn command(lesson: Lesson, role: Role, command: &str, fixed_port: u16) -> Candidate {
        let reference = lesson.program(role.as_str());
        let program = Program {
            executable: PathBuf::from(if cfg!(unix) { "sh" } else { "cmd" }),
            args: shell_args(command),
            shown_as: reference.clone(),
            // As the lesson's program is shown: only behaviour may differ from the snapshot.
            shown_args: Some(
                ["--host", "127.0.0.1", "--port", "{port}"]
                    .map(String::from)
                    .to_vec(),
            ),
            limits: Some(limits::UNTRUSTED),
        };
        Candidate {
            role,
            program,
            fixed_port: (!command.contains("{port}")).then_some(fixed_port),
            label: Message::new("candidate-label")
                .phrase("role", role_phrase(role))
                .arg("name", format!("`{command}`")),
            language: hints::Language::of_command(command),
        }
    }
}

/// The catalogue's phrase for a role ("server").
fn role_phrase(role: Role) -> &'static str {
    match role {
        Role::Server => "role-server",
        _ => "role-client",
    }
}

/// The shell's arguments that run `command` with the arguments that follow appended.
fn shell_args(command: &str) -> Vec<String> {
    if cfg!(unix) {
        // `sh -c 'CMD "$@"' sh ARGS...`: ARGS reach CMD as they are, quoting and all.
        vec!["-c".into(), format!("{command} \"$@\""), "sh".into()]
    } else {
        vec!["/C".into(), command.to_owned()]
    }
}

/// One scenario, played with the candidate, and settled.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The play.
    pub played: Played,
    /// Where the transcript differs from the snapshot, if it does.
    pub difference: Option<Difference>,
    /// What probably went wrong, in plain words, root cause first.
    pub hints: Vec<String>,
    /// The rules that drew the hints, in the same order (`tagged-quit`).
    pub rules: Vec<&'static str>,
}

impl Checked {
    /// Whether the scenario passed: played to its end, and the transcript matches.
    pub fn passed(&self) -> bool {
        self.played.failure.is_none() && self.difference.is_none()
    }
}

/// One round: every scenario of the lesson, with the candidate in one role.
#[derive(Debug, Clone)]
pub struct Round {
    /// The program checked.
    pub candidate: Candidate,
    /// Its scenarios.
    pub checked: Vec<Checked>,
}

impl Round {
    /// How many scenarios passed.
    pub fn passed(&self) -> usize {
        self.checked.iter().filter(|one| one.passed()).count()
    }

    /// What the program does that no scenario fails for, but that a student should know:
    /// a server bound to every address (`0.0.0.0`) where 127.0.0.1 is asked for.
    pub fn notes(&self) -> Vec<String> {
        let every_address = self.candidate.role == Role::Server
            && self
                .checked
                .iter()
                .any(|one| one.played.record.server_on_every_address == Some(true));
        every_address
            .then(|| crate::i18n::Message::new("note-every-address").text())
            .into_iter()
            .collect()
    }
}

/// Plays every scenario of the lesson with the candidate in its role, and settles each.
/// The lesson's own programs must be built.
pub fn round(
    lesson: Lesson,
    candidate: Candidate,
    step_timeout: Duration,
) -> Result<Round, String> {
    // Two checks of fixed-port programs at once would talk to each other's programs: the
    // port is this check's until the round ends, and a port another program holds is said
    // before anything is played.
    let _fixed = candidate
        .fixed_port
        .map(|port| crate::engine::ports::take_fixed(port, lesson.transport()))
        .transpose()?;
    let mut setup = play::reference_setup(lesson, step_timeout);
    match candidate.role {
        Role::Server => {
            setup.server = candidate.program.clone();
            setup.server_port = candidate.fixed_port;
        }
        _ => {
            setup.client = candidate.program.clone();
            setup.client_port = candidate.fixed_port;
        }
    }
    let played = play::play_lesson(lesson, &setup, Mode::Check)?;
    let mut checked = Vec::with_capacity(played.len());
    for one in played {
        let expected = snapshot::expected(&one.snapshot)?.ok_or_else(|| {
            crate::tr!(
                "check-no-snapshot",
                number = lesson.number,
                snapshot = &one.snapshot
            )
        })?;
        let got = snapshot::normalised(&one.transcript);
        let difference = compare(&expected, &got);
        let drawn = if one.failure.is_some() || difference.is_some() {
            hints::for_play(&hints::Evidence {
                lesson: lesson.number,
                role: candidate.role,
                language: candidate.language,
                played: &one,
                expected: &expected,
                difference: difference.as_ref(),
                step_timeout,
                fixed_port: candidate.fixed_port,
            })
        } else {
            Vec::new()
        };
        checked.push(Checked {
            played: one,
            difference,
            rules: drawn.iter().map(|hint| hint.rule).collect(),
            hints: drawn.into_iter().map(|hint| hint.text).collect(),
        });
    }
    Ok(Round { candidate, checked })
}

/// Compares a transcript with its snapshot, any line on standard error matching any other:
/// a student's program words its errors its own way, and names itself in them.
pub fn compare(expected: &str, got: &str) -> Option<Difference> {
    snapshot::compare(expected, got, snapshot::any_error_line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_lines_match_whatever_they_say_but_not_their_number() {
        let expected = "t\n─── server (screen) ───\nc1\nstderr: lesson04-server: receiving: the client closed the connection\n[stopped by the runner]\n";
        let worded = expected.replace("lesson04-server: receiving", "server.py");
        assert_eq!(compare(expected, &worded), None);
        let two = expected.replace("connection\n", "connection\nstderr: more\n");
        let difference = compare(expected, &two).expect("one line more differs");
        assert_eq!(difference.section, "server (screen)");
        assert!(
            difference.diff.contains("+stderr: more\n"),
            "{}",
            difference.diff
        );
        let wrong = expected.replace("c1", "c2");
        let difference = compare(expected, &wrong).expect("differs");
        assert!(
            difference.diff.contains("-c1\n+c2\n"),
            "{}",
            difference.diff
        );
    }

    #[test]
    fn the_shell_runs_the_command_with_the_scenario_arguments_after_it() {
        let lesson = Lesson::find(7).expect("lesson 07");
        let candidate = Candidate::command(lesson, Role::Client, "python3 c.py {port}", 9000);
        assert_eq!(candidate.fixed_port, None);
        assert_eq!(candidate.program.shown_as, "lesson07-client");
        if cfg!(unix) {
            assert_eq!(
                candidate.program.args,
                ["-c", "python3 c.py {port} \"$@\"", "sh"]
            );
        }
        let fixed = Candidate::command(lesson, Role::Server, "python3 s.py", 9000);
        assert_eq!(fixed.fixed_port, Some(9000));
    }
}
