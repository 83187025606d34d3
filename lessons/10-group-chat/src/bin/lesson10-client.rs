//! Lesson 10 · many friends at once (多人聊天, 服务端转发), the client.
//!
//! Lesson 09's lines, and one idea: the client reads the keyboard and the socket at
//! the same time, in two threads, because a friend's message may come at any
//! moment, not only as the answer to ours. Its first line is its name (`--name`);
//! then every typed line is a message: `@bob hi` for bob alone, anything else for
//! everyone. `Q` (or `q`, or the end of input) quits.
//!
//! A message that comes while the `>>>` prompt waits is shown above it: on a
//! terminal the prompt's line is cleared, the message written there, and the prompt
//! written again under it. What was typed so far vanishes from view but not from the
//! terminal's line (Enter still sends it; Ctrl-R shows it again on Linux and macOS).
//! On a pipe, where nothing can be cleared, the message starts a new line. Received
//! text is shown, never obeyed (`lessonkit::printable`).
//!
//! A server that refuses the name sends one line saying why and closes the
//! connection; that, like a server that goes away, ends the client with one line on
//! standard error and exit code 1.
//!
//! ```text
//! cargo run -p lesson10 --bin lesson10-client -- --name alice
//! ```

use std::io::{self, BufRead, BufReader, IsTerminal, Read, Write};
use std::net::TcpStream;
use std::process::ExitCode;
use std::sync::Mutex;
use std::thread;

use lessonkit::{BUFFER_SIZE, Doing, Failure, Options, PROMPT};
// As std's, but a closed output (`| head -1`) ends the program quietly, not in a panic.
use lessonkit::{eprintln, print, println};

fn main() -> ExitCode {
    let options = Options::named_client(
        "Lesson 10 client: chats with everyone on the server at once; @NAME text for \
         NAME alone.",
    );
    let name = options.name();
    if let Some(problem) = name_problem(name) {
        eprintln!("{}: --name {name:?}: {problem}", lessonkit::program_name());
        return ExitCode::from(2);
    }
    lessonkit::exit(talk(&options, name))
}

// ANCHOR: talk
fn talk(options: &Options, name: &str) -> Result<(), Failure> {
    // sk.connect(('127.0.0.1', 9000))
    let sk = TcpStream::connect(options.address())
        .doing(format!("connecting to {}", options.address()))?;
    // The first line is the name.
    (&sk)
        .write_all(format!("{name}\n").as_bytes())
        .doing("sending")?;

    // The prompt comes first, so that whatever arrives is shown after it.
    show_prompt();
    // A second thread receives, while this one reads the keyboard.
    let receiving = sk.try_clone().doing("receiving")?;
    thread::spawn(move || receive(receiving));

    loop {
        // msg = input(">>>"); end of input (Ctrl-D) counts as typing Q.
        let msg = read_typed().doing("reading the keyboard")?;
        let msg = msg.unwrap_or_else(|| "Q".to_owned());
        if msg.eq_ignore_ascii_case("Q") {
            break;
        }
        if msg.len() > BUFFER_SIZE {
            // The server would end the session: the line stays here.
            eprintln!(
                "{}: a message has at most {BUFFER_SIZE} bytes: not sent",
                lessonkit::program_name()
            );
            show_prompt();
            continue;
        }
        // The next prompt before the message goes: any answer comes after it.
        show_prompt();
        if !msg.is_empty() {
            // sk.send((msg + "\n").encode("utf-8"))
            (&sk)
                .write_all(format!("{msg}\n").as_bytes())
                .doing("sending")?;
        }
    }
    // Nothing more is shown; sk.close() when the program ends.
    lock_screen().quitting = true;
    Ok(())
}
// ANCHOR_END: talk

// ANCHOR: receive
/// The receiving thread: shows every line the server sends, until it closes.
fn receive(sk: TcpStream) {
    let mut lines = BufReader::new(sk);
    loop {
        let mut line = Vec::new();
        // A line of the server is a name, `:` and a message: a few KiB at most.
        let limit = 4 * BUFFER_SIZE as u64;
        let ended = match (&mut lines).take(limit).read_until(b'\n', &mut line) {
            Ok(0) => Some("the server closed the connection".to_owned()),
            Ok(_) if line.last() == Some(&b'\n') => None,
            Ok(_) => Some("the server sent a line too long, or cut".to_owned()),
            Err(error) => Some(format!("receiving: {error}")),
        };
        let mut screen = lock_screen();
        if screen.quitting {
            return;
        }
        if let Some(why) = ended {
            eprintln!("{}: {why}", lessonkit::program_name());
            std::process::exit(1);
        }
        line.pop();
        screen.show(&lessonkit::printable(&line));
    }
}
// ANCHOR_END: receive

// ANCHOR: screen
/// The screen, shared by both threads: whether a prompt waits at the end of it.
struct Screen {
    prompt_shown: bool,
    quitting: bool,
}

static SCREEN: Mutex<Screen> = Mutex::new(Screen {
    prompt_shown: false,
    quitting: false,
});

impl Screen {
    /// Shows a received line above the prompt, when one waits.
    fn show(&mut self, text: &str) {
        if self.prompt_shown {
            if io::stdout().is_terminal() {
                // To the line's start, and clear it (the prompt comes below).
                print!("\r\x1b[K");
            } else {
                println!();
            }
        }
        println!("{text}");
        if self.prompt_shown {
            print_prompt();
        }
    }
}

/// Shows the `>>>` prompt, as `input(">>>")` does.
fn show_prompt() {
    let mut screen = lock_screen();
    print_prompt();
    screen.prompt_shown = true;
}

fn print_prompt() {
    print!("{PROMPT}");
    // No newline: flushed by hand to be seen.
    if let Err(error) = io::stdout().flush() {
        eprintln!("{}: cannot print: {error}", lessonkit::program_name());
        std::process::exit(1);
    }
}

fn lock_screen() -> std::sync::MutexGuard<'static, Screen> {
    SCREEN
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
// ANCHOR_END: screen

/// Reads one typed line, without showing a prompt (the caller did).
fn read_typed() -> io::Result<Option<String>> {
    let mut line = String::new();
    if io::stdin().lock().read_line(&mut line)? == 0 {
        return Ok(None);
    }
    // The line was typed: the prompt it answered is gone.
    lock_screen().prompt_shown = false;
    let typed = line.strip_suffix('\n').unwrap_or(&line);
    Ok(Some(typed.strip_suffix('\r').unwrap_or(typed).to_owned()))
}

/// What makes `name` unusable, if anything: the server's rule, checked before
/// connecting so that a bad `--name` is a usage error.
fn name_problem(name: &str) -> Option<&'static str> {
    if name.is_empty() || name.chars().count() > 32 {
        Some("a name has 1 to 32 characters")
    } else if name
        .chars()
        .any(|c| c == ':' || c.is_whitespace() || c.is_control())
    {
        Some("a name has no space, no colon and no control character")
    } else if name.starts_with(['@', '*']) {
        Some("a name does not start with @ or *")
    } else {
        None
    }
}
