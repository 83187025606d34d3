//! The hints' message catalogue: texts keyed by id, one file per language.
//!
//! The files are in a subset of Fluent's syntax (<https://projectfluent.org>), so that they
//! can move to the `fluent-bundle` crate unchanged if the texts ever need what the subset
//! lacks (plural forms, numbers formatted per language): one message per line,
//! `id = text`, `{ $name }` for an argument, `{"{"}` and `{"}"}` for literal braces, `#`
//! for a comment. The hints need no plurals (their texts avoid them), and Chinese has none,
//! so the subset is this file's hundred lines instead of a crate and its dependencies.

/// A message to show: its id in the catalogue and its arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    /// The id (`tagged-quit`).
    pub id: &'static str,
    /// The arguments, by name.
    pub args: Vec<(&'static str, Value)>,
}

/// An argument's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// Text shown as it is (a program's name, a quoted line).
    Text(String),
    /// Another message of the same catalogue (a phrase that differs by the program's
    /// language, such as the flush call, or by what the evidence shows).
    Message(Box<Message>),
}

impl Message {
    /// A message without arguments yet.
    pub fn new(id: &'static str) -> Message {
        Message {
            id,
            args: Vec::new(),
        }
    }

    /// Adds an argument shown as text.
    pub fn arg(mut self, name: &'static str, value: impl ToString) -> Message {
        self.args.push((name, Value::Text(value.to_string())));
        self
    }

    /// Adds an argument that is another message of the catalogue, without arguments.
    pub fn phrase(self, name: &'static str, id: &'static str) -> Message {
        self.sub(name, Message::new(id))
    }

    /// Adds an argument that is another message of the catalogue, with its own arguments.
    pub fn sub(mut self, name: &'static str, message: Message) -> Message {
        self.args.push((name, Value::Message(Box::new(message))));
        self
    }
}

/// The catalogues, by language tag.
const CATALOGUES: &[(&str, &str)] = &[("en", include_str!("en.ftl"))];

/// One language's messages.
pub struct Catalogue {
    entries: Vec<(&'static str, &'static str)>,
}

impl Catalogue {
    /// The English catalogue.
    pub fn english() -> Catalogue {
        Catalogue::of("en").unwrap_or(Catalogue {
            entries: Vec::new(),
        })
    }

    /// The catalogue of a language tag (`en`), if there is one.
    pub fn of(language: &str) -> Option<Catalogue> {
        let (_, source) = CATALOGUES.iter().find(|(tag, _)| *tag == language)?;
        Some(Catalogue {
            entries: parse(source),
        })
    }

    /// Whether the catalogue has a message.
    pub fn has(&self, id: &str) -> bool {
        self.pattern(id).is_some()
    }

    fn pattern(&self, id: &str) -> Option<&'static str> {
        self.entries
            .iter()
            .find(|(key, _)| *key == id)
            .map(|(_, pattern)| *pattern)
    }

    /// A message's text, its arguments put in. A missing message or argument shows as its
    /// id (`{ $name }`), so a gap in a catalogue is visible, never a crash.
    pub fn text(&self, message: &Message) -> String {
        let Some(pattern) = self.pattern(message.id) else {
            return format!("[{}]", message.id);
        };
        let mut out = String::new();
        let mut rest = pattern;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let Some(close) = rest[open..].find('}').map(|at| open + at) else {
                break;
            };
            // `{"}"}` closes at its second brace.
            let close = if rest[open..].starts_with("{\"}\"}") {
                open + 4
            } else {
                close
            };
            let inside = rest[open + 1..close].trim();
            if let Some(literal) = inside.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
                out.push_str(literal);
            } else if let Some(name) = inside.strip_prefix('$') {
                match message.args.iter().find(|(key, _)| *key == name) {
                    Some((_, Value::Text(text))) => out.push_str(text),
                    Some((_, Value::Message(inner))) => out.push_str(&self.text(inner)),
                    None => out.push_str(&rest[open..=close]),
                }
            } else {
                out.push_str(&rest[open..=close]);
            }
            rest = &rest[close + 1..];
        }
        out.push_str(rest);
        out
    }
}

/// The entries of a catalogue file: `id = text` lines; comments and blank lines skipped.
fn parse(source: &'static str) -> Vec<(&'static str, &'static str)> {
    source
        .lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .filter_map(|line| {
            let (id, text) = line.split_once(" = ")?;
            Some((id.trim(), text.trim()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_phrases_and_literal_braces_are_put_in() {
        let catalogue = Catalogue {
            entries: parse(
                "# a comment\nsay = Put {\"{\"}port{\"}\"} in { $command }: { $how }.\nhow = like this\n",
            ),
        };
        let message = Message::new("say")
            .arg("command", "`s.py`")
            .phrase("how", "how");
        assert_eq!(catalogue.text(&message), "Put {port} in `s.py`: like this.");
        assert_eq!(catalogue.text(&Message::new("gone")), "[gone]");
    }

    #[test]
    fn every_message_the_rules_use_is_in_every_catalogue() {
        let sources = [
            include_str!("colour.rs"),
            include_str!("crash.rs"),
            include_str!("ending.rs"),
            include_str!("output.rs"),
            include_str!("quit.rs"),
            include_str!("start.rs"),
            include_str!("wire.rs"),
        ];
        for (tag, _) in CATALOGUES {
            let catalogue = Catalogue::of(tag).expect("listed");
            for source in sources {
                for call in ["Message::new(\"", ".phrase(\""] {
                    for piece in source.split(call).skip(1) {
                        let id = piece.split('"').next().unwrap_or_default();
                        if call == ".phrase(\"" {
                            // `.phrase("name", "id")`: the id is the second string, when
                            // it is written there.
                            let call_args = piece.split(')').next().unwrap_or_default();
                            let Some(rest) = call_args.split_once("\", \"").map(|(_, r)| r) else {
                                continue;
                            };
                            let id = rest.split('"').next().unwrap_or_default();
                            assert!(catalogue.has(id), "{tag}: no message `{id}`");
                        } else {
                            assert!(catalogue.has(id), "{tag}: no message `{id}`");
                        }
                    }
                }
            }
        }
    }
}
