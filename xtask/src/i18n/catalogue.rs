//! The catalogue files, parsed once per language, and a message's text with its arguments
//! put in (the syntax is described in `mod.rs`).

use std::collections::BTreeSet;
use std::sync::OnceLock;

use super::{Lang, Message, Value};

/// The catalogue files of each language, by area: adding a command's texts is adding its
/// entries here, in every language (`every_message_has_every_language` says which are
/// missing).
const FILES: &[(Lang, &str, &str)] = &[
    (
        Lang::En,
        "cli.ftl",
        include_str!("../../messages/en/cli.ftl"),
    ),
    (
        Lang::En,
        "runner.ftl",
        include_str!("../../messages/en/runner.ftl"),
    ),
    (
        Lang::En,
        "hints.ftl",
        include_str!("../../messages/en/hints.ftl"),
    ),
    (
        Lang::Zh,
        "cli.ftl",
        include_str!("../../messages/zh/cli.ftl"),
    ),
    (
        Lang::Zh,
        "runner.ftl",
        include_str!("../../messages/zh/runner.ftl"),
    ),
    (
        Lang::Zh,
        "hints.ftl",
        include_str!("../../messages/zh/hints.ftl"),
    ),
];

/// One language's messages.
pub struct Catalogue {
    entries: Vec<(&'static str, String)>,
}

impl Catalogue {
    /// The catalogue of a language, parsed the first time it is asked for.
    pub fn of(lang: Lang) -> &'static Catalogue {
        static PARSED: [OnceLock<Catalogue>; Lang::ALL.len()] = [OnceLock::new(), OnceLock::new()];
        PARSED[lang as usize].get_or_init(|| Catalogue {
            entries: FILES
                .iter()
                .filter(|(of, _, _)| *of == lang)
                .flat_map(|(_, _, source)| parse(source))
                .collect(),
        })
    }

    /// Whether the catalogue has a message.
    pub fn has(&self, id: &str) -> bool {
        self.pattern(id).is_some()
    }

    /// Every id, in the files' order.
    pub fn ids(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.entries.iter().map(|(id, _)| *id)
    }

    /// The names of the arguments a message's text puts in (`{ $name }`).
    pub fn arguments(&self, id: &str) -> BTreeSet<String> {
        let mut names = BTreeSet::new();
        let mut rest = self.pattern(id).unwrap_or_default();
        while let Some(open) = rest.find("{ $").or_else(|| rest.find("{$")) {
            let after = rest[open..].trim_start_matches(['{', ' ', '$']);
            let name: String = after
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '-')
                .collect();
            names.insert(name);
            rest = &rest[open + 2..];
        }
        names
    }

    fn pattern(&self, id: &str) -> Option<&str> {
        self.entries
            .iter()
            .find(|(key, _)| *key == id)
            .map(|(_, pattern)| pattern.as_str())
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

/// The entries of a catalogue file: `id = text`, and the indented lines after it, which
/// continue its text on lines of their own (their common indent removed, blank lines among
/// them kept); comments and blank lines between entries skipped.
fn parse(source: &'static str) -> Vec<(&'static str, String)> {
    let mut entries: Vec<(&'static str, String, Vec<&'static str>)> = Vec::new();
    for line in source.lines() {
        let continues = line.starts_with(' ') || (line.is_empty() && !entries.is_empty());
        if continues && let Some((_, _, more)) = entries.last_mut() {
            more.push(line);
            continue;
        }
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some((id, text)) = line.split_once('=') {
            entries.push((id.trim(), text.trim().to_owned(), Vec::new()));
        }
    }
    entries
        .into_iter()
        .map(|(id, first, mut more)| {
            while more.last().is_some_and(|line| line.trim().is_empty()) {
                more.pop();
            }
            let indent = more
                .iter()
                .filter(|line| !line.trim().is_empty())
                .map(|line| line.len() - line.trim_start().len())
                .min()
                .unwrap_or(0);
            let mut lines: Vec<&str> = Vec::new();
            if !first.is_empty() {
                lines.push(&first);
            }
            lines.extend(more.iter().map(|line| line.get(indent..).unwrap_or("")));
            (id, lines.join("\n"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn of_source(source: &'static str) -> Catalogue {
        Catalogue {
            entries: parse(source),
        }
    }

    #[test]
    fn arguments_phrases_and_literal_braces_are_put_in() {
        let catalogue = of_source(
            "# a comment\nsay = Put {\"{\"}port{\"}\"} in { $command }: { $how }.\nhow = like this\n",
        );
        let message = Message::new("say")
            .arg("command", "`s.py`")
            .phrase("how", "how");
        assert_eq!(catalogue.text(&message), "Put {port} in `s.py`: like this.");
        assert_eq!(catalogue.text(&Message::new("gone")), "[gone]");
        assert_eq!(
            catalogue.arguments("say"),
            BTreeSet::from(["command".to_owned(), "how".to_owned()])
        );
    }

    #[test]
    fn indented_lines_continue_a_message_on_lines_of_their_own() {
        let catalogue = of_source(
            "long =\n    First line.\n\n    Examples:\n      cargo xtask check 4\n\nnext = one\n",
        );
        assert_eq!(
            catalogue.text(&Message::new("long")),
            "First line.\n\nExamples:\n  cargo xtask check 4"
        );
        assert_eq!(catalogue.text(&Message::new("next")), "one");
    }

    #[test]
    fn every_message_has_every_language_with_the_same_arguments() {
        let english = Catalogue::of(Lang::En);
        for lang in Lang::ALL {
            let catalogue = Catalogue::of(lang);
            let mut seen = BTreeSet::new();
            for id in catalogue.ids() {
                assert!(seen.insert(id), "{}: `{id}` twice", lang.tag());
            }
            for other in Lang::ALL {
                for id in Catalogue::of(other).ids() {
                    assert!(catalogue.has(id), "{}: no message `{id}`", lang.tag());
                    assert_eq!(
                        catalogue.arguments(id),
                        Catalogue::of(other).arguments(id),
                        "`{id}`: the arguments differ between {} and {}",
                        lang.tag(),
                        other.tag()
                    );
                }
            }
            assert_eq!(catalogue.ids().count(), english.ids().count());
        }
    }

    /// The ids the code names, as literals: `tr!("id"`, `Message::new("id")`,
    /// `.phrase("name", "id")`, `Message::new` in a table of `("rule", "id")`.
    fn ids_named_in(source: &str) -> Vec<String> {
        let mut ids = Vec::new();
        for call in ["tr!(\"", "Message::new(\""] {
            for piece in source.split(call).skip(1) {
                ids.push(piece.split('"').next().unwrap_or_default().to_owned());
            }
        }
        for piece in source.split(".phrase(\"").skip(1) {
            let call = piece.split(')').next().unwrap_or_default();
            if let Some((_, rest)) = call.split_once("\", \"") {
                ids.push(rest.split('"').next().unwrap_or_default().to_owned());
            }
        }
        ids
    }

    fn sources(dir: &Path, found: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).expect("the source folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                sources(&path, found);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                let text = std::fs::read_to_string(&path).expect("a source file");
                // Comments name ids as examples (`tr!("id")`).
                let text: String = text
                    .lines()
                    .filter(|line| !line.trim_start().starts_with("//"))
                    .map(|line| format!("{line}\n"))
                    .collect();
                found.push((path.display().to_string(), text));
            }
        }
    }

    #[test]
    fn every_message_the_code_names_is_in_every_catalogue() {
        let mut found = Vec::new();
        sources(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut found,
        );
        let mut named = 0;
        for (path, source) in &found {
            if path.ends_with("catalogue.rs") {
                continue;
            }
            for id in ids_named_in(source) {
                named += 1;
                for lang in Lang::ALL {
                    assert!(
                        Catalogue::of(lang).has(&id),
                        "{}: no message `{id}` (named in {path})",
                        lang.tag()
                    );
                }
            }
        }
        assert!(named > 100, "only {named} ids found: is the scan broken?");
    }
}
