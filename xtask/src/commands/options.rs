//! What the commands' options share: `--step-timeout`, and usage errors in one line.

use std::ops::RangeInclusive;
use std::time::Duration;

use clap::{Arg, ArgMatches};

use crate::play;
use crate::tr;

/// The values `--step-timeout` takes, in seconds: long enough for a program to start on a
/// busy machine, short enough that a hung play still ends.
const STEP_TIMEOUT_SECONDS: RangeInclusive<f64> = 0.1..=600.0;

/// `--step-timeout SECONDS`, for every command that plays conversations.
pub fn step_timeout() -> Arg {
    Arg::new("step-timeout")
        .long("step-timeout")
        .value_name("SECONDS")
        .value_parser(parse_step_timeout)
        // `--step-timeout -1` is a value out of range, not an unknown option `-1`.
        .allow_negative_numbers(true)
        .default_value("5")
        .help(tr!("cli-step-timeout"))
}

/// The `--step-timeout` a command was given.
pub fn step_timeout_of(matches: &ArgMatches) -> Duration {
    matches
        .get_one::<Duration>("step-timeout")
        .copied()
        .unwrap_or(play::STEP_TIMEOUT)
}

/// A step timeout: a finite number of seconds within [`STEP_TIMEOUT_SECONDS`]. (`nan`,
/// `inf` and negative numbers parse as `f64`, and a `Duration` cannot hold them.)
fn parse_step_timeout(text: &str) -> Result<Duration, String> {
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|seconds| STEP_TIMEOUT_SECONDS.contains(seconds))
        .map(Duration::from_secs_f64)
        .ok_or_else(|| {
            tr!(
                "cli-step-timeout-invalid",
                least = STEP_TIMEOUT_SECONDS.start(),
                most = STEP_TIMEOUT_SECONDS.end()
            )
        })
}

/// The last lesson's number.
pub fn last_lesson() -> u8 {
    crate::catalog::LESSONS
        .last()
        .map_or(1, |lesson| lesson.number)
}

/// A lesson's number, from 1 to the last lesson's.
pub fn lesson_number(text: &str) -> Result<u8, String> {
    let last = last_lesson();
    match text.trim().parse::<i64>() {
        Ok(number) if (1..=i64::from(last)).contains(&number) => Ok(number as u8),
        Ok(number) => Err(tr!("cli-lesson-out-of-range", number = number, last = last)),
        Err(_) => Err(tr!("cli-not-a-number", last = last)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_step_timeout_is_a_finite_number_of_seconds_in_range() {
        assert_eq!(parse_step_timeout("5"), Ok(Duration::from_secs(5)));
        assert_eq!(parse_step_timeout("0.1"), Ok(Duration::from_millis(100)));
        assert_eq!(parse_step_timeout("600"), Ok(Duration::from_secs(600)));
        for bad in [
            "nan", "NaN", "inf", "-inf", "-1", "0", "0.09", "600.5", "1e400", "", "5s",
        ] {
            assert_eq!(
                parse_step_timeout(bad),
                Err("a step timeout is a number of seconds from 0.1 to 600".to_owned()),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn a_usage_error_is_one_line_with_what_it_lists() {
        let command = || {
            clap::Command::new("cargo xtask")
                .subcommand(clap::Command::new("lesson").arg(step_timeout()))
        };
        let error = command()
            .try_get_matches_from(["cargo xtask", "lesson", "--step-timeout", "nan"])
            .expect_err("nan is refused");
        assert!(!crate::i18n::cli::shown_whole(&error));
        assert_eq!(
            crate::i18n::cli::one_line(&error),
            "error: invalid value 'nan' for '--step-timeout <SECONDS>': \
             a step timeout is a number of seconds from 0.1 to 600 (see --help)"
        );
        let error = command()
            .try_get_matches_from(["cargo xtask", "lesson", "--step-timeout"])
            .expect_err("a value is missing");
        assert_eq!(
            crate::i18n::cli::one_line(&error),
            "error: a value is required for '--step-timeout <SECONDS>' but none was supplied \
             (see --help)"
        );
        let error = clap::Command::new("lesson")
            .arg(Arg::new("N").required(true))
            .try_get_matches_from(["lesson"])
            .expect_err("N is missing");
        assert_eq!(
            crate::i18n::cli::one_line(&error),
            "error: the following required arguments were not provided: <N> (see --help)"
        );
    }
}
