//! `cargo xtask bench`: how long playing the lessons takes, beside a floor.
//!
//! The play is what `cargo xtask lesson N` does once the programs are built: a lesson's
//! scenarios at once, each in its own thread, each played and checked against its snapshot.
//! The floor is the same scenarios with no conversation: every program a scenario starts is
//! started with `--help` and ended (a server started for real would wait forever for a
//! client, and "up" has no portable sign for a server that prints nothing), and every `run`
//! or `compile` step, which has no conversation anyway, runs as it is, without the runner.
//! So the floor is the cost of starting and ending the same processes, and the ratio
//! play/floor is what the conversation and the runner add to it.
//!
//! Each figure is the median of several runs, after a warm-up run that is not counted; the
//! play and the floor of a lesson alternate, so a drift of the machine's speed hits both.
//! Lesson 10's server under load has a table of its own (`bench_load`).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use colored::Colorize;

use crate::catalog::Lesson;
use crate::engine::{self, Setup};
use crate::output::{padded, right_aligned};
use crate::play;
use crate::scenario::{self, Action, Scenario};
use crate::snapshot::Mode;
use crate::workspace;
use crate::{eprintln, print, println, tr};

/// The targets, on a 2-core machine: lessons 01 to 07 in all, and lesson 08.
const TARGET_CHATS: Duration = Duration::from_secs(1);
const TARGET_LESSON08: Duration = Duration::from_secs(2);
/// The most the runner may add to the floor: the play at most 3 times the floor.
const TARGET_RATIO: f64 = 3.0;

/// One lesson's scenarios, and what a run measured of them.
struct Measured {
    lesson: Lesson,
    scenarios: Vec<Scenario>,
    setup: Setup,
    /// Per run: the lesson's wall time, and each scenario's.
    play: Vec<Timing>,
    floor: Vec<Timing>,
}

/// One run of a lesson: the wall time of all its scenarios at once, and of each.
struct Timing {
    total: Duration,
    scenarios: Vec<Duration>,
}

/// Plays every lesson `runs` times (after a warm-up) and prints the table. With
/// `verdicts`, then also times `check`'s verdict on each faulty program. With `impair`, the
/// plays have impairments at random from that seed (`Setup::impair`): a play then passes
/// when it runs to its end, and a failure is replayed by `cargo xtask lesson N
/// --impair-seed SEED`.
pub fn run(runs: usize, step_timeout: Duration, verdicts: bool, impair: Option<u64>) -> ExitCode {
    let lessons: Vec<Lesson> = crate::catalog::with_scenarios();
    let packages: Vec<String> = lessons.iter().map(Lesson::package).collect();
    if let Err(message) = workspace::build(&packages) {
        eprintln!("{} {message}", tr!("error-prefix").red().bold());
        return ExitCode::FAILURE;
    }
    let mut measured = Vec::new();
    for lesson in lessons {
        match scenario::load(&lesson.scenario_file()) {
            Ok(scenarios) => measured.push(Measured {
                lesson,
                scenarios,
                setup: crate::engine::Setup {
                    impair,
                    ..play::reference_setup(lesson, step_timeout)
                },
                play: Vec::new(),
                floor: Vec::new(),
            }),
            Err(message) => {
                eprintln!("{} {message}", tr!("error-prefix").red().bold());
                return ExitCode::FAILURE;
            }
        }
    }
    println!("{}\n", tr!("bench-playing", runs = runs));
    for round in 0..=runs {
        for lesson in &mut measured {
            let played = time_play(lesson).and_then(|play| Ok((play, time_floor(lesson)?)));
            match played {
                // Round 0 warms up: caches, the page cache, the first `rustc`.
                Ok(_) if round == 0 => {}
                Ok((play, floor)) => {
                    lesson.play.push(play);
                    lesson.floor.push(floor);
                }
                Err(message) => {
                    eprintln!(
                        "{} {}: {message}",
                        tr!("error-prefix").red().bold(),
                        lesson.lesson.heading_in_words()
                    );
                    return ExitCode::FAILURE;
                }
            }
        }
    }
    print!("{}", table(&measured, runs));
    match super::bench_load::table(runs) {
        Ok(table) => print!("\n{table}"),
        Err(message) => {
            eprintln!("{} lesson 10 under load: {message}", "error:".red().bold());
            return ExitCode::FAILURE;
        }
    }
    if verdicts {
        match super::bench_verdicts::time_to_verdict(step_timeout) {
            Ok(table) => print!("\n{table}"),
            Err(message) => {
                eprintln!("{} {message}", tr!("error-prefix").red().bold());
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}

/// Plays a lesson's scenarios at once, as `cargo xtask lesson N` does; every one must pass.
fn time_play(measured: &Measured) -> Result<Timing, String> {
    let (lesson, setup) = (measured.lesson, &measured.setup);
    let started = Instant::now();
    let results: Vec<(Duration, Result<play::Played, String>)> = thread::scope(|scope| {
        let plays: Vec<_> = measured
            .scenarios
            .iter()
            .map(|scenario| {
                scope.spawn(move || {
                    let began = Instant::now();
                    let played = play::play_one(lesson, scenario.clone(), setup, Mode::Check);
                    (began.elapsed(), played)
                })
            })
            .collect();
        plays
            .into_iter()
            .map(|play| {
                play.join()
                    .unwrap_or_else(|_| (Duration::ZERO, Err("a play panicked".into())))
            })
            .collect()
    });
    let total = started.elapsed();
    let mut scenarios = Vec::new();
    for (took, played) in results {
        let played = played?;
        let impaired = setup.impair.is_some();
        if (impaired && played.failure.is_some()) || (!impaired && !played.passed()) {
            println!("{}\n", played.transcript);
            super::lesson::report(&played);
            return Err(format!(
                "{} did not pass, so its time means nothing; see `cargo xtask lesson {}{}`",
                played.snapshot,
                lesson.number,
                setup
                    .impair
                    .map(|seed| format!(" --impair-seed {seed}"))
                    .unwrap_or_default()
            ));
        }
        scenarios.push(took);
    }
    Ok(Timing { total, scenarios })
}

/// The floor of a lesson: each scenario's processes started and ended with no conversation,
/// the scenarios at once as in a play.
fn time_floor(measured: &Measured) -> Result<Timing, String> {
    let setup = &measured.setup;
    let started = Instant::now();
    let results: Vec<Result<Duration, String>> = thread::scope(|scope| {
        let floors: Vec<_> = measured
            .scenarios
            .iter()
            .map(|scenario| scope.spawn(move || floor_of(scenario, setup)))
            .collect();
        floors
            .into_iter()
            .map(|floor| {
                floor
                    .join()
                    .unwrap_or_else(|_| Err("a floor run panicked".into()))
            })
            .collect()
    });
    let total = started.elapsed();
    let scenarios = results.into_iter().collect::<Result<Vec<_>, _>>()?;
    Ok(Timing { total, scenarios })
}

/// Runs the floor commands of one scenario, one after the other, and times them.
fn floor_of(scenario: &Scenario, setup: &Setup) -> Result<Duration, String> {
    let scratch = engine::compile_scratch_dir();
    let began = Instant::now();
    let mut ran = Ok(());
    for mut command in floor_commands(scenario, setup, &scratch) {
        let program = command.get_program().to_string_lossy().into_owned();
        ran = command
            .stdin(Stdio::null())
            .output()
            .map(|_| ())
            .map_err(|error| format!("cannot run {program}: {error}"));
        if ran.is_err() {
            break;
        }
    }
    let took = began.elapsed();
    let _ = std::fs::remove_dir_all(&scratch);
    ran.map(|()| took)
}

/// What a scenario's steps start, with no conversation: `--help` for a program a `start`
/// step starts, the command itself for a `run` or `compile` step.
fn floor_commands(scenario: &Scenario, setup: &Setup, scratch: &Path) -> Vec<Command> {
    let mut commands = Vec::new();
    for step in &scenario.steps {
        match &step.action {
            Action::Start { program, kind, .. } => {
                let executable = match (kind, scenario::Role::of(program)) {
                    (Some(kind), _) => {
                        let mut path = setup.program_prefix.clone().into_os_string();
                        path.push(format!("{kind}{}", std::env::consts::EXE_SUFFIX));
                        PathBuf::from(path)
                    }
                    (None, scenario::Role::Server) => setup.server.executable.clone(),
                    (None, _) => setup.client.executable.clone(),
                };
                let mut command = Command::new(executable);
                command.arg("--help");
                commands.push(command);
            }
            Action::Run { program, args } => {
                let mut executable = setup.program_prefix.clone().into_os_string();
                executable.push(format!("{program}{}", std::env::consts::EXE_SUFFIX));
                let mut command = Command::new(PathBuf::from(executable));
                command.args(args);
                commands.push(command);
            }
            Action::Compile { file } => {
                commands.push(engine::compile_command(setup, file, scratch))
            }
            Action::Type { .. }
            | Action::TypeNow { .. }
            | Action::See { .. }
            | Action::Wire { .. }
            | Action::Stuck { .. }
            | Action::EndInput { .. }
            | Action::Kill { .. }
            | Action::Wait { .. } => {}
        }
    }
    commands
}

/// The median of some durations (of two middle ones, their mean).
fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    match samples.len() {
        0 => Duration::ZERO,
        n if n % 2 == 1 => samples[n / 2],
        n => (samples[n / 2 - 1] + samples[n / 2]) / 2,
    }
}

fn ms(duration: Duration) -> String {
    format!("{:.1} ms", duration.as_secs_f64() * 1000.0)
}

fn ratio(play: Duration, floor: Duration) -> f64 {
    play.as_secs_f64() / floor.as_secs_f64().max(1e-9)
}

/// One row: a name, the play, the floor, and the ratio.
fn row(out: &mut String, name: &str, play: Duration, floor: Duration) {
    let _ = writeln!(
        out,
        "{} {:>10} {:>10} {:>7.1}×",
        padded(name, NAME_COLUMNS),
        ms(play),
        ms(floor),
        ratio(play, floor)
    );
}

/// The width of the table's first column, in a terminal's columns.
const NAME_COLUMNS: usize = 44;

/// The whole table, with the totals against their targets.
fn table(measured: &[Measured], runs: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {} {} {}",
        padded(&tr!("bench-heading-scenario"), NAME_COLUMNS),
        right_aligned(&tr!("bench-heading-play"), 10),
        right_aligned(&tr!("bench-heading-floor"), 10),
        right_aligned(&tr!("bench-heading-ratio"), 8)
    );
    for lesson in measured {
        let heading = format!(
            "{:02} {}",
            lesson.lesson.number,
            lesson.lesson.title_in_words()
        );
        let total = |timings: &[Timing]| median(timings.iter().map(|t| t.total).collect());
        let _ = writeln!(out);
        row(
            &mut out,
            &heading,
            total(&lesson.play),
            total(&lesson.floor),
        );
        for (index, scenario) in lesson.scenarios.iter().enumerate() {
            let of =
                |timings: &[Timing]| median(timings.iter().map(|t| t.scenarios[index]).collect());
            row(
                &mut out,
                &format!("   {}", scenario.name),
                of(&lesson.play),
                of(&lesson.floor),
            );
        }
    }
    // Totals: per run, the lessons one after another (as `cargo xtask verify` plays them).
    let sum = |pick: &dyn Fn(&Measured) -> bool, floor: bool| {
        let per_run = (0..runs)
            .map(|run| {
                measured
                    .iter()
                    .filter(|lesson| pick(lesson))
                    .map(|lesson| {
                        let timings = if floor { &lesson.floor } else { &lesson.play };
                        timings[run].total
                    })
                    .sum()
            })
            .collect();
        median(per_run)
    };
    let chats = |lesson: &Measured| lesson.lesson.number <= 7;
    let lesson08 = |lesson: &Measured| lesson.lesson.number == 8;
    let all = |_: &Measured| true;
    let _ = writeln!(out);
    for (name, pick, target) in [
        (
            tr!("bench-total-chats"),
            &chats as &dyn Fn(&Measured) -> bool,
            Some(TARGET_CHATS),
        ),
        (
            tr!("bench-total-lesson08"),
            &lesson08,
            Some(TARGET_LESSON08),
        ),
        (tr!("bench-total-all"), &all, None),
    ] {
        let (play, floor) = (sum(pick, false), sum(pick, true));
        row(&mut out, &name, play, floor);
        if let Some(target) = target {
            let verdict = |ok: bool| {
                if ok {
                    tr!("bench-met")
                } else {
                    tr!("bench-missed")
                }
            };
            let _ = writeln!(
                out,
                "{} {}",
                padded("", NAME_COLUMNS),
                tr!(
                    "bench-targets",
                    target = ms(target),
                    met = verdict(play <= target),
                    ratio = format!("{TARGET_RATIO:.0}"),
                    ratio_met = verdict(ratio(play, floor) <= TARGET_RATIO)
                ),
            );
        }
    }
    let _ = writeln!(
        out,
        "\n{}",
        tr!(
            "bench-legend",
            runs = runs,
            cores = thread::available_parallelism().map_or(1, |n| n.get())
        )
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_is_the_middle_sample_or_the_mean_of_the_two() {
        let ms = |n: u64| Duration::from_millis(n);
        assert_eq!(median(vec![ms(9), ms(1), ms(5)]), ms(5));
        assert_eq!(median(vec![ms(4), ms(1), ms(8), ms(2)]), ms(3));
        assert_eq!(median(Vec::new()), Duration::ZERO);
    }

    #[test]
    fn the_floor_starts_each_program_with_help_and_runs_run_and_compile_steps() {
        let lesson = Lesson::find(8).expect("lesson 08");
        let setup = play::reference_setup(lesson, play::STEP_TIMEOUT);
        let scenarios = scenario::parse(
            "== chat: a chat\nstart server\nstart client\nclient> hi\nwait client\n\
             == cases: a case\nrun cases tcp-sendto\ncompile cases/compile-fail/x.rs\n",
        )
        .expect("the scenarios parse");
        let shown = |scenario: &Scenario| -> Vec<String> {
            floor_commands(scenario, &setup, Path::new("scratch"))
                .iter()
                .map(|command| {
                    let program = PathBuf::from(command.get_program());
                    let name = program.file_stem().unwrap_or_default().to_string_lossy();
                    let args: Vec<String> = command
                        .get_args()
                        .map(|arg| arg.to_string_lossy().into_owned())
                        .collect();
                    format!("{name} {}", args.join(" "))
                })
                .collect()
        };
        assert_eq!(
            shown(&scenarios[0]),
            ["lesson08-server --help", "lesson08-client --help"]
        );
        let cases = shown(&scenarios[1]);
        assert_eq!(cases[0], "lesson08-cases tcp-sendto");
        assert!(cases[1].starts_with("rustc --edition 2024"), "{cases:?}");
        assert!(cases[1].ends_with("cases/compile-fail/x.rs"), "{cases:?}");
    }
}
