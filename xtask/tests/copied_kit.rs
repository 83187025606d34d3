//! A kit copied with its `target/` (`cp -a`, a zip handed to a class) is not rebuilt by cargo,
//! so whatever the runner knew when it was compiled still names the original folder. The
//! copy's runner must act on the copy: write its homework there, read its snapshots and run
//! its programs, whether it is started directly or by `cargo run` (`cargo xtask`).

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use assert_cmd::Command;
use predicates::prelude::PredicateBooleanExt;
use predicates::str::contains;
use xtask::workspace;

/// The upper bound of every command here (each takes about a second).
const BOUND: Duration = Duration::from_secs(60);

/// Held while a test builds in the kit and copies it: a build would change the files the
/// other test is copying.
static BUILD_AND_COPY: Mutex<()> = Mutex::new(());

/// A temporary folder, outside any kit, removed when dropped.
struct Folder(PathBuf);

impl Folder {
    fn new(name: &str) -> Folder {
        let path = std::env::temp_dir().join(format!("xtask-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("a temporary folder");
        Folder(path)
    }
}

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Copies the kit as `cp -a` does, with the target folder its tests were built in (also
/// when `CARGO_TARGET_DIR` puts it elsewhere) as the copy's `target/`.
fn copy_kit(kit: &Path, copy: &Path) {
    let target = workspace::target_dir();
    copy_folder(kit, copy, &target);
    copy_folder(&target, &copy.join("target"), &target.join("none"));
}

/// Copies a folder as `cp -a` does for what cargo looks at: contents, permissions and
/// modification times (cargo finds a build fresh by comparing them), leaving out `skipped`
/// and what a copy does not need: git's data, the kit's own homework, and rustc's
/// incremental caches.
fn copy_folder(from: &Path, to: &Path, skipped: &Path) {
    std::fs::create_dir_all(to).expect("the copy's folder");
    for entry in std::fs::read_dir(from).expect("a folder of the kit") {
        let entry = entry.expect("a folder entry");
        let name = entry.file_name();
        let left_out = [".git", "homework", "incremental"]
            .iter()
            .any(|left_out| name == *left_out);
        let (source, copy) = (entry.path(), to.join(&name));
        if left_out || source == skipped {
            continue;
        }
        let kind = entry.file_type().expect("the entry's type");
        if kind.is_dir() {
            copy_folder(&source, &copy, skipped);
        } else if kind.is_file() {
            std::fs::copy(&source, &copy).expect("a copied file");
            let modified = entry
                .metadata()
                .and_then(|metadata| metadata.modified())
                .expect("the modification time");
            std::fs::File::options()
                .write(true)
                .open(&copy)
                .and_then(|file| file.set_modified(modified))
                .expect("the copy keeps the modification time");
        }
    }
}

/// Every file below a folder, with its modification time: to see that nothing changed.
fn listing(dir: &Path) -> Vec<(PathBuf, SystemTime)> {
    let mut files = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return files;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(listing(&path));
        } else if let Ok(modified) = entry.metadata().and_then(|m| m.modified()) {
            files.push((path, modified));
        }
    }
    files.sort();
    files
}

/// The kit's runner, as a command that knows only what the executable itself can find out:
/// no `CARGO_MANIFEST_DIR` (the test's own would name the original), started in a folder
/// outside any kit.
fn runner(executable: &Path, outside: &Path) -> Command {
    let mut command = Command::new(executable);
    command
        .env_remove("CARGO_MANIFEST_DIR")
        .env_remove("CARGO_TARGET_DIR")
        // The runner in English whatever the machine's locale: the test reads its words.
        .env("LC_ALL", "C.UTF-8")
        .current_dir(outside)
        .timeout(BOUND);
    command
}

#[test]
fn a_copied_kit_works_in_its_own_folder() {
    let original = workspace::root();
    let folder = Folder::new("copied-kit");
    let copy = folder.0.join("kit");
    let building = BUILD_AND_COPY
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    workspace::build(&["lesson01".to_owned()]).expect("lesson 01 builds");
    copy_kit(&original, &copy);
    drop(building);
    let runner_of_original = assert_cmd::cargo::cargo_bin("xtask");
    let runner_of_copy = copy
        .join("target/debug")
        .join(runner_of_original.file_name().expect("a file name"));
    // The copy's snapshot differs: a lesson 1 that reads it fails; one that reads the
    // original's passes.
    let snapshot = copy.join("snapshots/lesson01__exchange.snap");
    let text = std::fs::read_to_string(&snapshot).expect("the copy's snapshot");
    let altered = text.replace(r#""hi"  (2 bytes)"#, r#""hi!"  (3 bytes)"#);
    assert_ne!(altered, text, "the snapshot has the wire line to alter");
    std::fs::write(&snapshot, altered).expect("the altered snapshot");
    let original_homework = listing(&original.join("homework"));

    // Started directly, the copy's runner finds the kit from its own location. (Lesson 1
    // first: a runner that does not fails there, before it writes any homework.)
    runner(&runner_of_copy, &folder.0)
        .args(["lesson", "1"])
        .assert()
        .failure()
        .stdout(contains(r#""hi!""#).and(contains("1 of 2 scenarios passed")));
    runner(&runner_of_copy, &folder.0)
        .args(["homework", "4"])
        .assert()
        .success();
    assert!(copy.join("homework/lesson04/src/bin").is_dir());
    assert_eq!(listing(&original.join("homework")), original_homework);

    // `cargo run` tells the runner where its package is: the original's runner started that
    // way for the copy (as when the target folder is shared) acts on the copy.
    runner(&runner_of_original, &folder.0)
        .env("CARGO_MANIFEST_DIR", copy.join("xtask"))
        .args(["lesson", "1"])
        .assert()
        .failure()
        .stdout(contains(r#""hi!""#));
    // And `cargo xtask` in the copy: cargo finds the copied build fresh and runs it.
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    runner(Path::new(&cargo), &copy)
        .args(["xtask", "lesson", "1"])
        .assert()
        .failure()
        .stdout(contains(r#""hi!""#));

    // The original, untouched, still passes.
    Command::new(&runner_of_original)
        .args(["lesson", "1"])
        .timeout(BOUND)
        .assert()
        .success();
}

#[test]
fn a_copied_kit_s_tests_run_the_copy_s_programs() {
    let original = workspace::root();
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let folder = Folder::new("copied-kit-tests");
    let copy = folder.0.join("kit");
    let building = BUILD_AND_COPY
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    // Lesson 04's tests built in the original, as in a kit copied after `cargo test`.
    Command::new(&cargo)
        .current_dir(&original)
        .timeout(BOUND)
        .args(["test", "--quiet", "--package", "lesson04", "--no-run"])
        .assert()
        .success();
    copy_kit(&original, &copy);
    drop(building);
    // The copy's server shouts what it receives: its tests must see it (cargo rebuilds the
    // server, not the tests), while the original's server is still right.
    let server = copy.join("lessons/04-reconnect/src/bin/lesson04-server.rs");
    let code = std::fs::read_to_string(&server).expect("the copy's server");
    let shouting = code.replace(
        "lessonkit::printable(ret)",
        "lessonkit::printable(ret).to_uppercase()",
    );
    assert_ne!(shouting, code, "the server prints what it receives");
    std::fs::write(&server, shouting).expect("the altered server");
    runner(Path::new(&cargo), &copy)
        .args(["test", "--package", "lesson04", "--test", "chat"])
        .assert()
        .failure()
        .stdout(contains("test result: FAILED"));
}
