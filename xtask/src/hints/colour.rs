//! Rules about lesson 06's colours: the escape sequence written wrong, the reset missing or
//! misplaced, a colour that does not follow the friend.

use super::facts::Facts;
use super::{Message, Rule};

/// `\033[` as Rust reads it: NUL, then the text `33[`.
const OCTAL_AS_RUST_READS_IT: &[u8] = b"\x0033[";

pub const OCTAL_ESCAPE: Rule = Rule {
    name: "octal-escape",
    cause: "colour-escape",
    find: |f| {
        let program = f.yours().find(|p| {
            p.stdout
                .windows(OCTAL_AS_RUST_READS_IT.len())
                .any(|w| w == OCTAL_AS_RUST_READS_IT)
        })?;
        Some(Message::new("octal-escape").arg("program", &program.name))
    },
};

/// Whether bytes hold a colour reset (`\e[0m` or `\e[m`).
fn has_reset(bytes: &[u8]) -> bool {
    contains(bytes, b"\x1b[0m") || contains(bytes, b"\x1b[m")
}

fn contains(bytes: &[u8], needle: &[u8]) -> bool {
    bytes.windows(needle.len()).any(|w| w == needle)
}

pub const RESET_AFTER_NEWLINE: Rule = Rule {
    name: "reset-after-newline",
    cause: "colour-reset",
    find: |f| {
        let program = f
            .yours()
            .find(|p| contains(&p.stdout, b"\n\x1b[0m") || contains(&p.stdout, b"\n\x1b[m"))?;
        Some(Message::new("reset-after-newline").arg("program", &program.name))
    },
};

pub const NO_RESET: Rule = Rule {
    name: "no-reset",
    cause: "colour-reset",
    find: |f| {
        let program = f.yours().find(|p| {
            p.stdout
                .split(|b| *b == b'\n')
                .any(|line| contains(line, b"\x1b[3") && !has_reset(line))
        })?;
        let expects_reset = f
            .expected_screen(&program.name)
            .iter()
            .any(|line| line.contains("⟨/⟩"));
        expects_reset.then(|| Message::new("no-reset").arg("program", &program.name))
    },
};

/// The colour and name tag of each coloured message line of a screen: `⟨red⟩alice:hi⟨/⟩`
/// gives `("red", "alice")`.
fn coloured_names<'a>(screen: &[&'a str]) -> Vec<(&'a str, &'a str)> {
    screen
        .iter()
        .filter_map(|line| {
            let rest = line.trim_start_matches(">>>").strip_prefix('⟨')?;
            let (colour, rest) = rest.split_once('⟩')?;
            if colour.starts_with('\\') || colour == "/" {
                return None;
            }
            let (name, _) = rest.split_once(':')?;
            Some((colour, name))
        })
        .collect()
}

pub const COLOUR_PER_CONNECTION: Rule = Rule {
    name: "colour-per-connection",
    cause: "colour-choice",
    find: |f| {
        let program = f.yours().next()?;
        let got = coloured_names(&Facts::screen_in(&f.e.played.transcript, &program.name));
        let (name, first, second) = got.iter().find_map(|(colour, name)| {
            let other = got.iter().find(|(c, n)| n == name && c != colour)?;
            Some((*name, *colour, other.0))
        })?;
        Some(
            Message::new("colour-per-connection")
                .arg("program", &program.name)
                .arg("name", name)
                .arg("first", first)
                .arg("second", second),
        )
    },
};

pub const SAME_COLOUR_FOR_TWO_FRIENDS: Rule = Rule {
    name: "same-colour-for-two-friends",
    cause: "colour-choice",
    find: |f| {
        let program = f.yours().next()?;
        let got = coloured_names(&Facts::screen_in(&f.e.played.transcript, &program.name));
        let expected = coloured_names(&f.expected_screen(&program.name));
        let differ_in_lesson = |a: &str, b: &str| {
            let colour = |name: &str| expected.iter().find(|(_, n)| *n == name).map(|(c, _)| *c);
            colour(a).is_some() && colour(b).is_some() && colour(a) != colour(b)
        };
        let (colour, one, other) = got.iter().find_map(|(colour, name)| {
            let other = got
                .iter()
                .find(|(c, n)| c == colour && n != name && differ_in_lesson(name, n))?;
            Some((*colour, *name, other.1))
        })?;
        Some(
            Message::new("same-colour-for-two-friends")
                .arg("program", &program.name)
                .arg("colour", colour)
                .arg("one", one)
                .arg("other", other),
        )
    },
};

pub const WRONG_COLOUR: Rule = Rule {
    name: "wrong-colour",
    cause: "colour-choice",
    find: |f| {
        f.yours().find_map(|program| {
            let screen = format!("{} (screen)", program.name);
            let coloured = |removed| -> Vec<(String, String)> {
                f.changes(&screen, removed)
                    .iter()
                    .filter_map(|c| {
                        let (colour, _) = coloured_names(&[c.line.as_str()]).into_iter().next()?;
                        Some((colour.to_owned(), super::untagged(&c.line)))
                    })
                    .collect()
            };
            let (got, expected) = (coloured(false), coloured(true));
            got.iter().find_map(|(colour, text)| {
                let (other, _) = expected.iter().find(|(c, t)| t == text && c != colour)?;
                Some(
                    Message::new("wrong-colour")
                        .arg("program", &program.name)
                        .arg("text", text)
                        .arg("got", colour)
                        .arg("expected", other),
                )
            })
        })
    },
};

pub const PEER_ESCAPES_OBEYED: Rule = Rule {
    name: "peer-escapes-obeyed",
    cause: "raw-escape",
    find: |f| {
        let program = f.yours().next()?;
        // A screen line with a message and an escape sequence other than a colour in it,
        // where the lesson's screen has none: the peer's bytes reached the terminal.
        let obeyed = |lines: &[&str]| {
            lines
                .iter()
                .any(|line| line.contains(':') && line.contains("⟨\\e["))
        };
        let got = Facts::screen_in(&f.e.played.transcript, &program.name);
        (obeyed(&got) && !obeyed(&f.expected_screen(&program.name)))
            .then(|| Message::new("peer-escapes-obeyed").arg("program", &program.name))
    },
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coloured_lines_give_their_colour_and_name() {
        let screen = [
            "⟨red⟩alice:hi⟨/⟩",
            ">>>⟨green⟩bob:yo⟨/⟩",
            "plain",
            "⟨\\e[2J⟩x:y",
        ];
        assert_eq!(
            coloured_names(&screen),
            [("red", "alice"), ("green", "bob")]
        );
    }
}
