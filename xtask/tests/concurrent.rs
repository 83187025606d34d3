//! Programs that do not take turns: several clients at once, each reading its keyboard and
//! the network at the same time (`type`, `see`), over a wire the scenario bends (`wire`).
//!
//! The programs are small Python ones (`tests/programs/room_*.py`, `datagram_*.py`): a
//! chat room that forwards each line to every other client, and a sender of datagrams
//! with a printer of them. They stand for any program of that kind, in any language.

mod bound;
mod busy;
mod tools;

use std::path::PathBuf;
use std::thread;
use std::time::Duration;

use busy::with_every_core_busy;
use xtask::catalog::Lesson;
use xtask::engine::{self, Outcome, Program, Setup, Transport};
use xtask::play;
use xtask::scenario;
use xtask::transcript;
use xtask::workspace;

/// The bound of each step of a play that passes: an upper bound only (a step ends at its
/// event), generous for a machine shared with other builds.
const PATIENT: Duration = Duration::from_secs(30);

fn python3() -> Option<&'static str> {
    tools::available("python3", "the programs that do not take turns").then_some("python3")
}

fn program(file: &str, shown_as: &str) -> Program {
    let path = workspace::root().join("xtask/tests/programs").join(file);
    Program {
        executable: PathBuf::from("python3"),
        args: vec![path.display().to_string(), "{port}".into()],
        shown_as: shown_as.into(),
        shown_args: Some(Vec::new()),
        limits: None,
    }
}

/// The setup for the room (TCP) or the datagram programs (UDP); `turn_based` as given.
fn setup(transport: Transport, turn_based: bool, step_timeout: Duration) -> Setup {
    let (lesson, server, client) = match transport {
        Transport::Tcp => (4, "room_server.py", "room_client.py"),
        Transport::Udp => (7, "datagram_printer.py", "datagram_sender.py"),
    };
    let mut setup = play::reference_setup(Lesson::find(lesson).expect("a lesson"), step_timeout);
    setup.transport = transport;
    setup.server = program(server, "server");
    setup.client = program(client, "client");
    setup.turn_based = turn_based;
    setup
}

/// Plays a scenario's text, bounded; returns the outcome and its transcript.
fn play(text: &'static str, setup: Setup) -> (Outcome, String) {
    bound::within(bound::PLAY, "a play", move || {
        let scenario = scenario::parse(text)
            .expect("the scenario parses")
            .remove(0);
        let outcome = engine::play(&scenario, &setup);
        let shown = transcript::render("test", &scenario.summary, &outcome);
        (outcome, shown)
    })
}

/// Three friends in a room, each typing while the others' messages arrive. The room's
/// lines to carol are merged two into one, alice's greeting is split in pieces of 2 bytes:
/// lines read whole survive both.
const ROOM: &str = "\
== room: three friends chat at once
start server
start alice alice
see server alice joined
start bob bob
see server bob joined
start carol carol
see server carol joined
wire server->carol merge 2
wire alice->server split 2
type alice hello
see server alice said hello
see bob alice: hello
type bob hi
see server bob said hi
see alice bob: hi
see carol alice: hello
see carol bob: hi
type carol yo
see alice carol: yo
see bob carol: yo
type alice Q
wait alice
see server alice left
type bob Q
wait bob
see server bob left
type carol Q
wait carol
see server carol left
";

const ROOM_TRANSCRIPT: &str = r#"test
three friends chat at once

server $ server
alice  $ client alice
bob    $ client bob
carol  $ client carol

─── server (screen) ────────────────────────────────────────
alice joined
bob joined
carol joined
alice said hello to 2
bob said hi to 2
carol said yo to 2
alice left
bob left
carol left
[stopped by the runner]

─── alice (screen) ─────────────────────────────────────────
>>>hello
bob: hi
carol: yo
Q
[exit code 0]

─── bob (screen) ───────────────────────────────────────────
>>>alice: hello
hi
carol: yo
Q
[exit code 0]

─── carol (screen) ─────────────────────────────────────────
>>>alice: hello
bob: hi
yo
Q
[exit code 0]

─── wire: alice ⇄ server ───────────────────────────────────
alice → server  "alice\n"  (6 bytes)
alice → server  "hello\n"  (6 bytes)
  » the relay delivered it to server in 3 pieces: "he" "ll" "o\n"  [wire alice->server split 2]
server → alice  "bob: hi\ncarol: yo\n"  (18 bytes)
alice closed the connection
server closed the connection

─── wire: bob ⇄ server ─────────────────────────────────────
bob → server  "bob\n"  (4 bytes)
server → bob  "alice: hello\n"  (13 bytes)
bob → server  "hi\n"  (3 bytes)
server → bob  "carol: yo\n"  (10 bytes)
bob closed the connection
server closed the connection

─── wire: carol ⇄ server ───────────────────────────────────
carol → server  "carol\n"  (6 bytes)
server → carol  "alice: hello\nbob: hi\n"  (21 bytes)
  » the relay delivered 2 writes to carol as one (21 bytes)  [wire server->carol merge 2]
carol → server  "yo\n"  (3 bytes)
carol closed the connection
server closed the connection
"#;

#[test]
fn friends_chat_at_once_and_each_sees_the_others_lines_over_a_bent_wire() {
    if python3().is_none() {
        return;
    }
    let (outcome, shown) = play(ROOM, setup(Transport::Tcp, false, PATIENT));
    assert_eq!(outcome.failure, None, "{shown}");
    assert_eq!(shown, ROOM_TRANSCRIPT, "\n{shown}");
}

/// Plays the room `times` times, two plays at a time, with every core busy: each
/// transcript must be the accepted one.
fn the_room_again_and_again(times: usize) {
    if python3().is_none() {
        return;
    }
    with_every_core_busy(|| {
        thread::scope(|scope| {
            for _ in 0..2 {
                scope.spawn(|| {
                    for round in 1..=times / 2 {
                        let (outcome, shown) = play(ROOM, setup(Transport::Tcp, false, PATIENT));
                        assert_eq!(outcome.failure, None, "round {round}:\n{shown}");
                        assert!(shown == ROOM_TRANSCRIPT, "round {round} differs:\n{shown}");
                    }
                });
            }
        });
    });
}

#[test]
fn the_room_gives_the_same_transcript_10_times_with_every_core_busy() {
    bound::within(bound::PLAY * 2, "10 plays of the room", || {
        the_room_again_and_again(10)
    });
}

#[test]
#[ignore = "about a minute: run with `cargo test -p xtask --test concurrent -- --ignored`"]
fn the_room_gives_the_same_transcript_50_times_with_every_core_busy() {
    bound::within(bound::PLAY * 5, "50 plays of the room", || {
        the_room_again_and_again(50)
    });
}

/// In a lesson that takes turns, a client that shows its prompt where it should exit
/// fails at once ("prompt instead of exit"). The room's client (here one that shows its
/// prompt again after each line it receives) keeps reading the network at its prompt:
/// judged as turn-based it would fail, and it must not.
#[test]
fn a_program_that_does_not_take_turns_is_not_judged_by_the_rules_of_turns() {
    if python3().is_none() {
        return;
    }
    const TWO: &str = "\
== two: bob gets alice's goodbye at his prompt, then leaves
start server
start alice alice
see server alice joined
start bob bob reprompt
see server bob joined
type alice bye
see bob alice: bye
type bob Q
wait bob
type alice Q
wait alice
";
    let (outcome, shown) = play(TWO, setup(Transport::Tcp, false, PATIENT));
    assert_eq!(outcome.failure, None, "{shown}");
    // The same programs judged as if they took turns: bob's prompt after alice's line is
    // taken for one no step typed at.
    let (outcome, shown) = play(TWO, setup(Transport::Tcp, true, PATIENT));
    let failure = outcome.failure.expect("judged by the rules of turns");
    assert!(failure.problem.contains("should have exited"), "{shown}");
}

#[test]
fn a_line_that_never_shows_fails_its_step_saying_what_the_screen_showed() {
    if python3().is_none() {
        return;
    }
    const NEVER: &str = "\
== never: bob waits for a line nobody sends
start server
start alice alice
see server alice joined
start bob bob
see server bob joined
type alice hello
see bob alice: hello
see bob carol: hi
";
    // The last step waits for its whole bound: long enough for the steps before it.
    let (outcome, shown) = play(NEVER, setup(Transport::Tcp, false, Duration::from_secs(10)));
    let failure = outcome.failure.expect("the last step fails");
    assert_eq!(failure.line, 9, "{shown}");
    assert!(
        failure
            .problem
            .contains("bob's screen to show a line containing \"carol: hi\"")
            && failure.problem.contains("it showed nothing"),
        "{failure}"
    );
    // A program that has exited fails its `see` at once, whatever the bound.
    const ENDED: &str = "\
== ended: alice leaves, then bob looks for her
start server
start alice alice
see server alice joined
type alice Q
wait alice
see alice goodbye
";
    let (outcome, shown) = play(ENDED, setup(Transport::Tcp, false, Duration::from_secs(60)));
    let failure = outcome.failure.expect("the last step fails");
    assert!(
        failure
            .problem
            .contains("alice ended (exit code 0) without showing a line"),
        "{shown}"
    );
}

const DATAGRAMS: &str = "\
== datagrams: the relay drops, repeats, swaps and delays datagrams by their number
start server
start client
wire client->server drop 2
wire client->server duplicate 3
wire client->server reorder 4
wire client->server delay 6 until 8
type client one
see server one
type client two
type client three
see server three
see server three
type client four
type client five
see server five
see server four
type client six
type client seven
see server seven
type client eight
see server eight
see server six
type client Q
wait client
";

#[test]
fn datagrams_are_dropped_repeated_swapped_and_delayed_by_their_number() {
    if python3().is_none() {
        return;
    }
    let (outcome, shown) = play(DATAGRAMS, setup(Transport::Udp, false, PATIENT));
    assert_eq!(outcome.failure, None, "{shown}");
    let server_screen = "─── server (screen) ─";
    let screen: Vec<&str> = shown
        .split(server_screen)
        .nth(1)
        .expect("the server's screen")
        .lines()
        .skip(1)
        .take_while(|line| !line.starts_with('['))
        .collect();
    assert_eq!(
        screen,
        [
            "one", "three", "three", "five", "four", "seven", "eight", "six"
        ],
        "{shown}"
    );
    for shown_line in [
        "client → server  \"two\"  (3 bytes)\n  » × the relay dropped it: server never got it  \
         [wire client->server drop 2]",
        "  » the relay delivered it to server twice  [wire client->server duplicate 3]",
        "client → server  \"four\"  (4 bytes)\n  » the relay holds it back  \
         [wire client->server reorder 4]\nclient → server  \"five\"  (4 bytes)\n  » the relay \
         now delivers to server the datagram it held: \"four\"  [wire client->server reorder 4]",
    ] {
        assert!(shown.contains(shown_line), "{shown_line}\nin\n{shown}");
    }
}

#[test]
fn a_wire_step_that_never_takes_effect_fails_the_play_at_its_line() {
    if python3().is_none() {
        return;
    }
    const UNUSED: &str = "\
== unused: the datagram to drop never comes
start server
start client
wire client->server drop 2
type client one
see server one
type client Q
wait client
";
    let (outcome, shown) = play(UNUSED, setup(Transport::Udp, false, PATIENT));
    let failure = outcome.failure.expect("the bend never took effect");
    assert_eq!(
        (failure.line, failure.step.as_str()),
        (4, "wire client->server drop 2")
    );
    assert!(failure.problem.contains("datagram 2 never came"), "{shown}");
    // Naming a datagram that has already passed fails at once.
    const LATE: &str = "\
== late: the datagram to drop has passed
start server
start client
type client one
see server one
wire client->server drop 1
";
    let (outcome, _) = play(LATE, setup(Transport::Udp, false, PATIENT));
    let failure = outcome.failure.expect("too late");
    assert!(failure.problem.contains("already passed"), "{failure}");
}
