//! Plain-language hints for a failed check: what went wrong, root cause first.
//!
//! The hints are a table of rules (`RULES`). Each rule is a small function from the play's
//! evidence (the step that failed and why, what each program printed and how it ended, what
//! passed on the wire, the ports the programs listened on, the lines that differ from the
//! snapshot) to at most one hint. A rule's rank is its place in the table: root causes
//! (the program could not start, crashed, listens elsewhere) come before the symptoms they
//! cause (a prompt never seen, a reply never sent). Rules that name one cause share a
//! `cause`, and only the first of them that fires is kept; a failure gets at most three
//! hints.
//!
//! The texts live in the runner's message catalogue (`crate::i18n`,
//! `xtask/messages/*/hints.ftl`), keyed by id, in every language the runner speaks.

mod colour;
mod crash;
mod ending;
mod facts;
mod output;
mod quit;
mod start;
mod wire;

use std::time::Duration;

pub use crate::i18n::Message;
pub use facts::{is_quit, untagged};

use crate::i18n::Catalogue;
use crate::play::Played;
use crate::scenario::Role;
use crate::snapshot::Difference;
use facts::Facts;

/// What a hint is drawn from.
#[derive(Debug, Clone, Copy)]
pub struct Evidence<'a> {
    /// The lesson's number.
    pub lesson: u8,
    /// The role of the program checked: its programs are "yours".
    pub role: Role,
    /// The language the program checked is written in, as far as its command tells.
    pub language: Language,
    /// The play, with its record and the step that failed.
    pub played: &'a Played,
    /// The snapshot's transcript.
    pub expected: &'a str,
    /// Where the transcript differs from the snapshot.
    pub difference: Option<&'a Difference>,
    /// The bound of every wait.
    pub step_timeout: Duration,
    /// The fixed port of a program checked without `{port}`.
    pub fixed_port: Option<u16>,
}

/// The language of a program checked, guessed from its command: it names the call a hint
/// asks for (`flush=True`, `fflush(stdout)`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    /// A homework crate, or a command that runs cargo or a `.rs` file.
    Rust,
    /// `python3 …`, `python …`, `py …`, or a `.py` file.
    Python,
    /// `node …` or a `.js` file.
    Node,
    /// Any other command: a native binary, C or Rust.
    Native,
}

impl Language {
    /// The language a command is written in, from its first words.
    pub fn of_command(command: &str) -> Language {
        // The program is the first word that is not a variable set for it (`PORT=9 cmd`).
        let first = command
            .split_whitespace()
            .find(|word| !word.contains('='))
            .unwrap_or_default()
            .trim_matches('\'');
        let program = first.rsplit('/').next().unwrap_or(first);
        if program.starts_with("python") || program == "py" || first.ends_with(".py") {
            Language::Python
        } else if program == "node" || program == "nodejs" || first.ends_with(".js") {
            Language::Node
        } else if program == "cargo" || first.ends_with(".rs") {
            Language::Rust
        } else {
            Language::Native
        }
    }
}

/// One hint: the rule that drew it, and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    /// The rule's name (`tagged-quit`), as `xtask/README.md` lists it.
    pub rule: &'static str,
    /// The hint, in the catalogue's language.
    pub text: String,
}

/// A rule: a name, the cause it names, and the function that looks for it.
pub struct Rule {
    /// The rule's name, also its message's id in the catalogue.
    pub name: &'static str,
    /// The cause it names: of the rules naming one cause, only the first that fires counts.
    pub cause: &'static str,
    /// The rule itself: the hint it draws from the evidence, if it applies.
    pub find: fn(&Facts) -> Option<Message>,
}

/// Every rule, in rank order: root causes first.
pub const RULES: &[Rule] = &[
    start::COMMAND_NOT_FOUND,
    start::PORT_CLASH_OWN_SCENARIO,
    start::WRONG_PORT,
    start::NEVER_LISTENED,
    ending::REFUSED,
    ending::LISTENER_CLOSED,
    start::LEFTOVER_PROCESS,
    crash::RUST_PANIC,
    crash::PYTHON_EXCEPTION,
    crash::NODE_EXCEPTION,
    crash::CRASHED,
    colour::OCTAL_ESCAPE,
    colour::RESET_AFTER_NEWLINE,
    colour::NO_RESET,
    output::FLOOD,
    quit::TAGGED_QUIT,
    quit::CLIENT_MISSES_SERVER_QUIT,
    quit::QUIT_NOT_RECOGNISED,
    quit::HANGS_AFTER_QUIT,
    // After the quit: a chat that does not end hides whatever the colours do next.
    colour::COLOUR_PER_CONNECTION,
    colour::SAME_COLOUR_FOR_TWO_FRIENDS,
    colour::WRONG_COLOUR,
    colour::PEER_ESCAPES_OBEYED,
    ending::SERVES_ONE_CLIENT,
    wire::UDP_FIXED_ADDRESS,
    output::EMPTY_RECEIVE,
    ending::ENDED_EARLY,
    ending::LESSON_CLIENT_REFUSED,
    // A connection closed too soon: the chat's missing turns follow from it.
    wire::PEER_CLOSED_EARLY,
    wire::SENT_BEFORE_TYPED,
    output::PROMPT_MID_LINE,
    output::MISSING_NEWLINE,
    output::UNFLUSHED_PROMPT,
    ending::CONNECTION_LEFT_OPEN,
    ending::STILL_RUNNING,
    wire::WRONG_REPLY,
    output::DEBUG_OUTPUT,
    output::PRINTED_OTHERWISE,
    output::STDERR_DIFFERS,
    ending::LESSON_PROGRAM_WAITING,
    wire::FIRST_DIFFERENCE,
];

/// How many hints a failure gets at most.
pub const MOST_HINTS: usize = 3;

/// The hints for a scenario that failed, root cause first: at most one per cause, and at
/// most `MOST_HINTS`. The last rule (`first-difference`) fires when no other has.
pub fn for_play(evidence: &Evidence) -> Vec<Hint> {
    let facts = Facts::new(evidence);
    let catalogue = Catalogue::of(crate::i18n::current());
    let mut causes: Vec<&str> = Vec::new();
    let mut hints = Vec::new();
    for rule in RULES {
        if hints.len() == MOST_HINTS {
            break;
        }
        if causes.contains(&rule.cause) || (rule.cause == "fallback" && !hints.is_empty()) {
            continue;
        }
        if let Some(message) = (rule.find)(&facts) {
            causes.push(rule.cause);
            hints.push(Hint {
                rule: rule.name,
                text: catalogue.text(&message),
            });
        }
    }
    hints
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_has_a_unique_name_and_a_message() {
        let catalogue = Catalogue::of(crate::i18n::Lang::En);
        for (index, rule) in RULES.iter().enumerate() {
            assert!(
                RULES[..index].iter().all(|other| other.name != rule.name),
                "{} twice",
                rule.name
            );
            assert!(catalogue.has(rule.name), "no message `{}`", rule.name);
        }
    }

    #[test]
    fn the_language_is_guessed_from_the_command() {
        assert_eq!(
            Language::of_command("python3 s.py {port}"),
            Language::Python
        );
        assert_eq!(
            Language::of_command("/usr/bin/python3.12 s.py"),
            Language::Python
        );
        assert_eq!(Language::of_command("node server.js"), Language::Node);
        assert_eq!(
            Language::of_command("PYTHONUNBUFFERED= python3 s.py"),
            Language::Python
        );
        assert_eq!(Language::of_command("'./a.out' {port}"), Language::Native);
        assert_eq!(Language::of_command("cargo run -q --"), Language::Rust);
    }
}
