//! Building a student's homework crate for grading: in a scratch crate of the runner's.
//!
//! Only the student's `src/` is taken; the manifest is the runner's, with the lesson's own
//! dependencies (the kit's `lessonkit`, `colored` for the colours), the kit's `Cargo.lock`
//! and `--offline`. So a submission cannot bring a build script, a procedural macro or a
//! download, and a crate made on the student's machine (whose `lessonkit` path points
//! there) builds here. The binaries get names of their own (`grade-PID-N-server`): the
//! scratch crates share the kit's `target/`, so the dependencies are built once for the
//! whole class, and cargo's lock on that folder builds one crate at a time.

use std::fmt::Write as _;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use crate::catalog::Lesson;
use crate::homework;
use crate::workspace;

/// How long one build may take: the first builds the kit's dependencies too (seconds); a
/// crate whose compilation does not end (a `const` that loops) is stopped there.
pub const BUILD_BOUND: Duration = Duration::from_secs(300);

/// The texts this module shows, in one place.
mod text {
    use crate::tr;
    pub fn cannot_copy(error: &std::io::Error) -> String {
        tr!("grade-cannot-copy", error = error)
    }
    pub fn cannot_run(error: &std::io::Error) -> String {
        tr!("grade-cannot-run-cargo", error = error)
    }
    pub fn too_long(bound: std::time::Duration) -> String {
        tr!("grade-build-too-long", seconds = bound.as_secs())
    }
}

/// A crate built for grading: each binary, or cargo's messages when it did not build.
#[derive(Debug)]
pub struct Built {
    server: Result<PathBuf, String>,
    client: Result<PathBuf, String>,
    /// The prefix of the binaries' names, once the scratch crate was written.
    prefix: Option<String>,
}

impl Built {
    /// The built binary of `kind` (`server`, `client`), or cargo's messages.
    pub fn binary(&self, kind: &str) -> Result<PathBuf, String> {
        match kind {
            "server" => self.server.clone(),
            _ => self.client.clone(),
        }
    }

    /// Removes the built binaries from the kit's `target/` (each is megabytes, and their
    /// names are this run's alone).
    pub fn clean(&self) {
        let Some(prefix) = &self.prefix else {
            return;
        };
        let debug = workspace::target_dir().join("debug");
        for kind in ["server", "client"] {
            let binary = workspace::binary(&format!("{prefix}-{kind}"));
            let _ = std::fs::remove_file(&binary);
            // Cargo's list of what the binary was built from, beside it.
            let _ = std::fs::remove_file(binary.with_extension("d"));
        }
        // In deps/, cargo writes the names with `_` for `-`.
        let stem = prefix.replace('-', "_");
        if let Ok(entries) = std::fs::read_dir(debug.join("deps")) {
            for entry in entries.filter_map(Result::ok) {
                if entry.file_name().to_string_lossy().starts_with(&stem) {
                    let _ = std::fs::remove_file(entry.path());
                }
            }
        }
    }
}

/// Builds the student's crate in `dir` as a scratch crate in `scratch` (made anew): each
/// binary on its own, so that one that does not compile does not hide the other.
pub fn build(lesson: Lesson, dir: &Path, scratch: &Path) -> Built {
    let prepared = prepare(lesson, dir, scratch);
    let manifest = scratch.join("Cargo.toml");
    // Both at once first: one cargo run instead of two, for the crates that build.
    if let Ok(prefix) = &prepared
        && cargo_build(&manifest, None).is_ok()
    {
        // A program the crate does not have is not built: the grader does not ask for it.
        let binary = |kind: &str| Ok(workspace::binary(&format!("{prefix}-{kind}")));
        return Built {
            server: binary("server"),
            client: binary("client"),
            prefix: Some(prefix.clone()),
        };
    }
    let one = |kind: &str| -> Result<PathBuf, String> {
        let prefix = prepared.as_ref().map_err(Clone::clone)?;
        let name = format!("{prefix}-{kind}");
        cargo_build(&manifest, Some(&name))
            .map(|()| workspace::binary(&name))
            // Cargo names the scratch binary: the student knows it by the homework's name.
            .map_err(|messages| messages.replace(&name, &homework::program(lesson, kind)))
    };
    let server = one("server");
    let client = one("client");
    Built {
        server,
        client,
        prefix: prepared.ok(),
    }
}

/// Writes the scratch crate; returns the prefix of its binaries' names.
fn prepare(lesson: Lesson, dir: &Path, scratch: &Path) -> Result<String, String> {
    let _ = std::fs::remove_dir_all(scratch);
    copy_tree(&dir.join("src"), &scratch.join("src")).map_err(|e| text::cannot_copy(&e))?;
    let prefix = format!(
        "grade-{}-{}",
        std::process::id(),
        scratch
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default()
    );
    let mut manifest = format!(
        "[package]\nname = \"{}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\
         autobins = false\n\n",
        homework::package(lesson)
    );
    for kind in ["server", "client"] {
        // Only the binaries there: a missing one would make cargo refuse the manifest.
        let file = format!("{}.rs", homework::program(lesson, kind));
        if !scratch.join("src/bin").join(&file).is_file() {
            continue;
        }
        let _ = write!(
            manifest,
            "[[bin]]\nname = \"{prefix}-{kind}\"\npath = \"src/bin/{}.rs\"\n\n",
            homework::program(lesson, kind)
        );
    }
    manifest.push_str("[dependencies]\n");
    let root_manifest = std::fs::read_to_string(workspace::root().join("Cargo.toml"))
        .map_err(|error| format!("cannot read the kit's Cargo.toml: {error}"))?;
    let mut names = homework::dependencies_of(lesson)?;
    if let Some(previous) = Lesson::find(lesson.number - 1) {
        names.extend(homework::dependencies_of(previous)?);
    }
    names.sort();
    names.dedup();
    for name in names {
        if name == "lessonkit" {
            let kit = workspace::root().join("lessons").join("kit");
            let _ = writeln!(
                manifest,
                "lessonkit = {{ path = \"{}\" }}",
                kit.display().to_string().replace('\\', "/")
            );
        } else if let Some(spec) = homework::workspace_dependency(&root_manifest, &name) {
            let _ = writeln!(manifest, "{name} = {spec}");
        }
    }
    manifest.push_str("\n[workspace]\n\n[profile.dev]\ndebug = 0\n");
    let write = |path: PathBuf, text: &str| {
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
    };
    write(scratch.join("Cargo.toml"), &manifest)?;
    if let Ok(lock) = std::fs::read_to_string(workspace::root().join("Cargo.lock")) {
        write(scratch.join("Cargo.lock"), &lock)?;
    }
    Ok(prefix)
}

/// Copies a folder's files and folders (no links: a link could point anywhere).
fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        let target = to.join(entry.file_name());
        if kind.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else if kind.is_file() {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

/// Builds one binary (`None`: every one), bounded by [`BUILD_BOUND`]; cargo's messages when
/// it fails.
fn cargo_build(manifest: &Path, name: Option<&str>) -> Result<(), String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .current_dir(manifest.parent().unwrap_or(Path::new(".")))
        .args(["build", "--quiet", "--offline"])
        .args(match name {
            Some(name) => vec!["--bin", name],
            None => vec!["--bins"],
        })
        .arg("--manifest-path")
        .arg(manifest)
        .arg("--target-dir")
        .arg(workspace::target_dir())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let spawning = crate::engine::process::spawning();
    let mut child = command.spawn().map_err(|e| text::cannot_run(&e))?;
    drop(spawning);
    let pid = child.id();
    let mut stderr = child.stderr.take();
    let (done, finished) = mpsc::channel();
    std::thread::spawn(move || {
        let mut messages = String::new();
        if let Some(stderr) = stderr.as_mut() {
            let _ = stderr.read_to_string(&mut messages);
        }
        let _ = done.send((child.wait(), messages));
    });
    match finished.recv_timeout(BUILD_BOUND) {
        Ok((Ok(status), _)) if status.success() => Ok(()),
        Ok((_, messages)) => Err(messages.trim_end().to_owned()),
        Err(_) => {
            crate::engine::process::kill(pid);
            Err(text::too_long(BUILD_BOUND))
        }
    }
}
