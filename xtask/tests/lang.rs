//! The runner in Chinese: chosen by `--lang zh` or a Chinese locale, its own words change
//! (verdicts, hints, `list`, `--help`, usage errors) and the transcripts do not, so the
//! snapshots match whatever the user's language.

mod bound;

use assert_cmd::Command;
use xtask::workspace;

/// The runner, with colours off and no locale of the machine's: each test sets its own.
fn xtask() -> Command {
    let mut command = Command::cargo_bin("xtask").expect("the xtask binary");
    command
        .timeout(bound::COMMAND)
        .env("NO_COLOR", "1")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG");
    command
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn list_under_a_chinese_locale_prints_chinese() {
    let output = xtask()
        .arg("list")
        .env("LANG", "zh_CN.UTF-8")
        .output()
        .expect("the runner runs");
    let stdout = text(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert!(
        stdout.contains(" 1  一次收发") && stdout.contains("2 个场景 · cargo xtask lesson 1"),
        "{stdout}"
    );
    assert!(!stdout.contains("scenarios"), "{stdout}");
    // LC_ALL comes before LANG: C is English.
    let output = xtask()
        .arg("list")
        .env("LANG", "zh_CN.UTF-8")
        .env("LC_ALL", "C")
        .output()
        .expect("the runner runs");
    assert!(text(&output.stdout).contains("2 scenarios · cargo xtask lesson 1"));
}

#[test]
fn a_lesson_played_under_a_chinese_locale_matches_its_snapshots() {
    // Lesson 06: colours, names in Chinese, a peer's escape sequences, stderr lines.
    let output = xtask()
        .args(["lesson", "6"])
        .env("LANG", "zh_CN.UTF-8")
        .output()
        .expect("the runner runs");
    let stdout = text(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert!(stdout.contains("通过 lesson06__"), "{stdout}");
    assert!(
        stdout.contains("第 06 课 · 不同好友不同颜色（colours）：4 个场景中通过了 4 个"),
        "{stdout}"
    );
    // The transcript itself is the snapshot's, in English.
    assert!(stdout.contains("─── server (screen) ───"), "{stdout}");
}

#[test]
fn a_chinese_check_gives_its_verdict_and_hint_in_chinese() {
    workspace::build(&["lesson03".into(), "lesson04".into()]).expect("the lessons build");
    // Lesson 03's server checked as lesson 04's: it serves one client, then exits.
    let server = format!(
        "'{}' --port {{port}}",
        workspace::binary("lesson03-server").display()
    );
    let output = xtask()
        .args(["check", "4", "--lang", "zh", "--server", &server])
        .output()
        .expect("the runner runs");
    let stdout = text(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    for words in [
        "用第 04 课 · 循环接客（reconnect loop）检查你的程序",
        "失败 two-clients",
        "提示： 你的 server 在第一次聊天之后就自己结束了（退出码 0）",
        "把 accept 和聊天放进一个循环",
    ] {
        assert!(stdout.contains(words), "{words:?} in:\n{stdout}");
    }
    // The step at which the ended server is found, in Chinese. Where the system's table
    // shows no ports (SOCKETLAB_NO_PROC, macOS, Windows), the second client may start
    // before the server's end is seen, and show its prompt: the failure is then the
    // server's next prompt, the verdict and hint the same.
    let steps = ["出错于步骤 `client2> hello`", "出错于步骤 `server> hi`"];
    let found = if xtask::engine::socket_table::proc_available() {
        &steps[..1]
    } else {
        &steps[..]
    };
    assert!(
        found.iter().any(|step| stdout.contains(step)),
        "{found:?} in:\n{stdout}"
    );
    assert!(!stdout.contains("hint:"), "{stdout}");
}

#[test]
fn a_chinese_check_names_the_flush_call_in_chinese() {
    workspace::build(&["lesson03".into(), "faulty".into()]).expect("the programs build");
    let server = format!(
        "'{}' --port {{port}}",
        workspace::binary("faulty-unflushed-prompt-server").display()
    );
    let output = xtask()
        .args(["check", "3", "--server", &server])
        .env("LANG", "zh_CN.UTF-8")
        .output()
        .expect("the runner runs");
    let stdout = text(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("没有为步骤") && stdout.contains("提示符后面没有换行"),
        "{stdout}"
    );
    assert!(stdout.contains("`io::stdout().flush()`"), "{stdout}");
}

#[test]
fn help_and_usage_errors_are_in_chinese() {
    let output = xtask()
        .args(["--lang", "zh", "check", "--help"])
        .output()
        .expect("the runner runs");
    let stdout = text(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    for words in [
        "用第 N 课的快照检查你的作业。",
        "用法：",
        "参数:",
        "选项:",
        "[默认：9000]",
        "显示帮助",
        "cargo xtask check 3 --server 'python3 examples/python/lesson03-server.py {port}'",
    ] {
        assert!(stdout.contains(words), "{words:?} in:\n{stdout}");
    }
    // `help COMMAND` is `COMMAND --help`, in the same words.
    let output = xtask()
        .args(["help", "check", "--lang", "zh"])
        .output()
        .expect("the runner runs");
    assert!(output.status.success());
    assert_eq!(text(&output.stdout), stdout);
    let output = xtask()
        .args(["check", "abc", "--lang=zh"])
        .output()
        .expect("the runner runs");
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("错误："), "{stderr}");
    assert!(stderr.contains("这不是课号"), "{stderr}");
    let output = xtask()
        .args(["lesson", "1", "--lang", "fr"])
        .output()
        .expect("the runner runs");
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("en (English) and zh (中文)"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn the_programs_run_in_one_pinned_locale_whatever_the_users() {
    workspace::build(&["lesson01".into()]).expect("lesson 01 builds");
    // A server that says its locale on standard error, then is lesson 01's.
    let server = format!(
        "echo \"locale=$LC_ALL/$LANG/$LC_MESSAGES/$LANGUAGE\" >&2; exec '{}' --port {{port}}",
        workspace::binary("lesson01-server").display()
    );
    let output = xtask()
        .args(["check", "1", "--verbose", "--server", &server])
        .env("LANG", "zh_CN.UTF-8")
        .env("LC_MESSAGES", "zh_CN.UTF-8")
        .env("LANGUAGE", "zh_CN")
        .output()
        .expect("the runner runs");
    let stdout = text(&output.stdout);
    assert!(
        stdout.contains("stderr: locale=C.UTF-8/C.UTF-8//\n"),
        "{stdout}"
    );
}
