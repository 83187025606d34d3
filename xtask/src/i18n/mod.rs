//! Every text the runner shows its user, in English and Simplified Chinese.
//!
//! The texts live in a message catalogue keyed by id, one folder per language
//! (`xtask/messages/en/`, `xtask/messages/zh/`), a file per area (`cli.ftl` for `--help` and
//! usage errors, `runner.ftl` for verdicts, reports and errors, `hints.ftl` for the hints).
//! Code names a message by its id and its arguments ([`Message`], [`tr!`]); the language is
//! chosen once, when the runner starts ([`choose`]): `--lang zh|en`, else the environment
//! (`LC_ALL`, `LC_MESSAGES`, `LANG`, the first that is set and not empty, as POSIX orders
//! them: Chinese when it starts with `zh`), else English. What the lesson programs print and
//! the transcripts, which the snapshots hold, are never translated: only the runner's own
//! words around them change.
//!
//! # Why a hand-rolled subset of Fluent, not the `fluent-bundle` crate
//!
//! The files are in a subset of Fluent's syntax (<https://projectfluent.org>): `id = text`,
//! indented lines continuing a message (joined by newlines, their common indent removed),
//! `{ $name }` for an argument, `{"{"}` and `{"}"}` for literal braces, `#` for a comment.
//! So they move to `fluent-bundle` unchanged the day the texts need what the subset lacks
//! (plural forms, numbers formatted per language). They do not: Chinese has no plural
//! forms, the English texts avoid them, and the figures are formatted by the code. Measured
//! on this 2-core machine, `fluent-bundle` 0.16 would add 15 crates to the workspace's 51
//! (20 in its tree: `fluent-syntax`, `intl_pluralrules`, `unic-langid`, `thiserror`, …) and
//! 11 s to a clean build, and by default it wraps every argument in Unicode isolation marks
//! (U+2068, U+2069) that a terminal and a test would see. The subset is `catalogue.rs`'s
//! parser and renderer, about 170 lines without their tests.

mod catalogue;
pub mod cli;

use std::ffi::OsString;
use std::sync::atomic::{AtomicU8, Ordering};

pub use catalogue::Catalogue;

/// A language the runner speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// English, the default.
    En,
    /// Simplified Chinese.
    Zh,
}

impl Lang {
    /// Every language, English first.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    /// The language's tag, as `--lang` takes it and the catalogue's folder is named.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    /// The language of a tag given to `--lang` (`zh`, `zh-CN`, `zh_CN`, `en`).
    pub fn of_tag(tag: &str) -> Option<Lang> {
        let primary = tag.split(['-', '_', '.']).next().unwrap_or_default();
        match primary.to_ascii_lowercase().as_str() {
            "en" => Some(Lang::En),
            "zh" => Some(Lang::Zh),
            _ => None,
        }
    }

    /// The language the environment asks for: the first of `LC_ALL`, `LC_MESSAGES` and
    /// `LANG` that is set and not empty decides (POSIX's precedence), Chinese when it starts
    /// with `zh` (`zh_CN.UTF-8`, `zh_TW`), else English.
    pub fn of_environment(var: impl Fn(&str) -> Option<OsString>) -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .into_iter()
            .filter_map(|name| var(name).filter(|value| !value.is_empty()))
            .next()
            .map_or(Lang::En, |value| {
                if value.to_string_lossy().starts_with("zh") {
                    Lang::Zh
                } else {
                    Lang::En
                }
            })
    }
}

/// The language chosen, as the index of `Lang::ALL` (English until [`set`] is called).
static CURRENT: AtomicU8 = AtomicU8::new(0);

/// Sets the language every later text is shown in.
pub fn set(lang: Lang) {
    CURRENT.store(lang as u8, Ordering::Relaxed);
}

/// The language texts are shown in: English unless [`set`] chose another, so that the
/// library and its tests speak English whatever the machine's locale.
pub fn current() -> Lang {
    Lang::ALL[usize::from(CURRENT.load(Ordering::Relaxed)).min(Lang::ALL.len() - 1)]
}

/// The language of a command line and its environment: `--lang X` (or `--lang=X`) anywhere
/// before a `--`, else the environment. It is read before clap parses the command line, so
/// that `--help` and the usage errors are already in it; a `--lang` clap would refuse
/// (`--lang fr`) leaves the environment's choice, and clap then says what is wrong.
pub fn choose(args: &[OsString], var: impl Fn(&str) -> Option<OsString>) -> Lang {
    let mut given = None;
    let mut words = args.iter().map(|arg| arg.to_string_lossy());
    while let Some(word) = words.next() {
        if word == "--" {
            break;
        }
        let value = match word.strip_prefix("--lang") {
            Some("") => words.next().map(|value| value.into_owned()),
            Some(rest) => rest.strip_prefix('=').map(str::to_owned),
            None => None,
        };
        if let Some(lang) = value.as_deref().and_then(Lang::of_tag) {
            given = Some(lang);
        }
    }
    given.unwrap_or_else(|| Lang::of_environment(var))
}

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

    /// The message in the current language.
    pub fn text(&self) -> String {
        Catalogue::of(current()).text(self)
    }
}

/// A text that is not in the catalogue (a system's error message, a name), shown as it is
/// in every language.
impl From<String> for Message {
    fn from(text: String) -> Message {
        Message::new("plain").arg("text", text)
    }
}

impl From<&str> for Message {
    fn from(text: &str) -> Message {
        Message::from(text.to_owned())
    }
}

impl std::fmt::Display for Message {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text())
    }
}

/// A message of the catalogue in the current language: `tr!("id")`, or
/// `tr!("id", name = value, ...)` with arguments shown as text.
#[macro_export]
macro_rules! tr {
    ($id:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::i18n::Message::new($id)
            $(.arg(stringify!($name), $value))*
            .text()
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    fn environment<'a>(set: &'a [(&str, &str)]) -> impl Fn(&str) -> Option<OsString> + 'a {
        move |name| {
            set.iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| OsString::from(value))
        }
    }

    #[test]
    fn the_first_locale_variable_set_and_not_empty_decides() {
        let lang = |set: &[(&str, &str)]| Lang::of_environment(environment(set));
        assert_eq!(lang(&[]), Lang::En);
        assert_eq!(lang(&[("LANG", "zh_CN.UTF-8")]), Lang::Zh);
        assert_eq!(lang(&[("LANG", "zh_TW")]), Lang::Zh);
        assert_eq!(lang(&[("LANG", "en_US.UTF-8")]), Lang::En);
        assert_eq!(lang(&[("LANG", "C.UTF-8")]), Lang::En);
        assert_eq!(
            lang(&[("LC_ALL", "C"), ("LANG", "zh_CN.UTF-8")]),
            Lang::En,
            "LC_ALL comes first"
        );
        assert_eq!(
            lang(&[("LC_MESSAGES", "zh_CN.UTF-8"), ("LANG", "en_US")]),
            Lang::Zh,
            "LC_MESSAGES before LANG"
        );
        assert_eq!(
            lang(&[("LC_ALL", ""), ("LC_MESSAGES", ""), ("LANG", "zh_CN.UTF-8")]),
            Lang::Zh,
            "an empty variable is as unset"
        );
    }

    #[test]
    fn lang_on_the_command_line_comes_before_the_environment() {
        let args = |words: &[&str]| words.iter().map(OsString::from).collect::<Vec<_>>();
        let zh = environment(&[("LANG", "zh_CN.UTF-8")]);
        let choose = |words: &[&str]| choose(&args(words), &zh);
        assert_eq!(choose(&["list"]), Lang::Zh);
        assert_eq!(choose(&["list", "--lang", "en"]), Lang::En);
        assert_eq!(choose(&["--lang=en", "list"]), Lang::En);
        assert_eq!(choose(&["check", "4", "--lang", "fr"]), Lang::Zh);
        assert_eq!(
            choose(&["check", "4", "--", "--lang", "en"]),
            Lang::Zh,
            "after `--` it is not the runner's"
        );
        assert_eq!(
            super::choose(&args(&["list", "--lang", "zh-CN"]), environment(&[])),
            Lang::Zh
        );
    }
}
