//! Where things are, and building the lesson programs before a run.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The workspace's root folder (the one holding `lessons/` and `snapshots/`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The folder with the snapshots: `snapshots/`, or the folder `SOCKETLAB_SNAPSHOTS` names
/// (the tests point it at a copy, to see a changed snapshot fail without touching the kit's).
pub fn snapshots() -> PathBuf {
    match std::env::var_os("SOCKETLAB_SNAPSHOTS") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => root().join("snapshots"),
    }
}

/// The folder cargo builds into (`CARGO_TARGET_DIR` or `target/`).
pub fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|dir| {
            if dir.is_absolute() {
                dir
            } else {
                root().join(dir)
            }
        })
        .unwrap_or_else(|| root().join("target"))
}

/// The path of a built program of the workspace (`target/debug/lesson01-server`).
pub fn binary(name: &str) -> PathBuf {
    target_dir()
        .join("debug")
        .join(format!("{name}{}", std::env::consts::EXE_SUFFIX))
}

/// Builds the given packages' programs with cargo, quietly unless it fails.
pub fn build(packages: &[String]) -> Result<(), String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .current_dir(root())
        .args(["build", "--quiet", "--bins"]);
    for package in packages {
        command.args(["--package", package]);
    }
    let status = command
        .stdin(Stdio::null())
        .status()
        .map_err(|error| format!("cannot run cargo to build the lessons: {error}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "building {} failed (see cargo's messages above)",
            packages.join(", ")
        ))
    }
}
