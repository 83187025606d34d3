//! The command line in the runner's language: clap's own words (the headings, the help flag
//! and command, the default values) replaced by the catalogue's, and a usage error in one
//! line. clap has no translations of its own: what it writes itself is English, so every
//! such word is set here from the catalogue, for English too (the same words as clap's).

use clap::error::{ContextKind, ErrorKind};
use clap::{Arg, ArgAction, Command};

use super::Lang;
use crate::tr;

/// `--lang zh|en`, global: the language of everything the runner says. It is read before
/// clap parses (`i18n::choose`), so it is declared here for `--help` and for clap to accept.
pub fn lang_arg() -> Arg {
    Arg::new("lang")
        .long("lang")
        .value_name("LANG")
        .global(true)
        .value_parser(|tag: &str| Lang::of_tag(tag).ok_or_else(|| tr!("cli-lang-unknown")))
        .help(tr!("cli-lang"))
}

/// A command and all its subcommands with clap's own words taken from the catalogue.
pub fn localised(command: Command) -> Command {
    let has_subcommands = command.has_subcommands();
    let mut command = command
        .help_template(format!(
            "{{before-help}}{{about-with-newline}}\n{}{{usage}}\n\n{{all-args}}{{after-help}}",
            tr!("cli-usage-heading")
        ))
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .display_order(usize::MAX)
                .help(tr!("cli-help-flag")),
        )
        .mut_args(|arg| {
            let heading = if arg.is_positional() {
                tr!("cli-arguments-heading")
            } else {
                tr!("cli-options-heading")
            };
            let arg = arg.help_heading(heading);
            with_default_in_words(arg)
        });
    if has_subcommands {
        command = command
            .subcommand_help_heading(tr!("cli-commands-heading"))
            .disable_help_subcommand(true)
            .subcommand(
                Command::new("help")
                    .about(tr!("cli-help-command"))
                    .arg(Arg::new("command").value_name("COMMAND")),
            );
    }
    command.mut_subcommands(localised)
}

/// An argument's default value said in the catalogue's words (`[default: 5]`), in place of
/// clap's.
fn with_default_in_words(arg: Arg) -> Arg {
    let Some(default) = arg.get_default_values().first() else {
        return arg;
    };
    if arg.is_hide_default_value_set() {
        return arg;
    }
    let value = default.to_string_lossy().into_owned();
    let help = arg.get_help().map(ToString::to_string).unwrap_or_default();
    arg.hide_default_value(true)
        .help(format!("{help} {}", tr!("cli-default", value = value)))
}

/// Whether clap's message for a parse error is to be shown as clap shows it: help and
/// version (on standard output), and the help shown for a command given nothing.
pub fn shown_whole(error: &clap::Error) -> bool {
    !error.use_stderr() || error.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
}

/// A usage error in one line, as every error of the kit is, in the runner's language.
pub fn one_line(error: &clap::Error) -> String {
    if super::current() == Lang::En {
        return english_one_line(error);
    }
    let context = |kind| error.get(kind).map(ToString::to_string).unwrap_or_default();
    let said = match error.kind() {
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let reason = std::error::Error::source(error)
                .map(ToString::to_string)
                .or_else(|| {
                    error
                        .get(ContextKind::ValidValue)
                        .map(|valid| tr!("cli-valid-values", values = valid))
                })
                .unwrap_or_default();
            tr!(
                "cli-invalid-value",
                value = context(ContextKind::InvalidValue),
                arg = context(ContextKind::InvalidArg),
                reason = reason
            )
        }
        ErrorKind::UnknownArgument => {
            tr!(
                "cli-unknown-argument",
                arg = context(ContextKind::InvalidArg)
            )
        }
        ErrorKind::InvalidSubcommand => tr!(
            "cli-unknown-command",
            name = context(ContextKind::InvalidSubcommand)
        ),
        ErrorKind::MissingRequiredArgument => tr!(
            "cli-missing-argument",
            args = context(ContextKind::InvalidArg)
        ),
        ErrorKind::ArgumentConflict => tr!(
            "cli-argument-conflict",
            arg = context(ContextKind::InvalidArg),
            other = context(ContextKind::PriorArg)
        ),
        ErrorKind::NoEquals | ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues => {
            tr!("cli-bad-value", arg = context(ContextKind::InvalidArg))
        }
        _ => return english_one_line(error),
    };
    format!("{} {said}{}", tr!("error-prefix"), tr!("cli-see-help"))
}

/// clap's first paragraph (the error, and what it lists on the lines below it: the
/// arguments missing), without the usage and the advice clap adds after it.
fn english_one_line(error: &clap::Error) -> String {
    let rendered = error.render().to_string();
    let first: Vec<&str> = rendered
        .lines()
        .map(str::trim)
        .take_while(|line| !line.is_empty())
        .collect();
    format!("{} (see --help)", first.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_help_says_clap_words_from_the_catalogue_and_keeps_the_defaults() {
        let command = localised(
            Command::new("cargo xtask").subcommand(
                Command::new("lesson")
                    .about("Play a lesson")
                    .arg(Arg::new("N").required(true).help("The lesson"))
                    .arg(
                        Arg::new("runs")
                            .long("runs")
                            .default_value("7")
                            .help("Runs"),
                    ),
            ),
        );
        let mut lesson = command
            .find_subcommand("lesson")
            .expect("the subcommand")
            .clone();
        let help = lesson.render_help().to_string();
        for words in [
            "Usage:",
            "Arguments:\n  <N>  The lesson",
            "Options:",
            "Runs [default: 7]",
            "-h, --help",
        ] {
            assert!(help.contains(words), "{words:?} in:\n{help}");
        }
        assert!(
            command.find_subcommand("help").is_some(),
            "a help command of the catalogue's words"
        );
    }
}
