//! Where things are, and building the lesson programs before a run.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

/// The workspace's root folder (the one holding `lessons/` and `snapshots/`).
///
/// Found when the runner starts, never fixed when it was compiled: a kit copied with its
/// `target/` (`cp -a`, a zip handed to a class) is not rebuilt by cargo, so a path compiled
/// in would still name the original folder. See [`find_root`] for where it looks.
pub fn root() -> PathBuf {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from);
        let executable = std::env::current_exe().ok();
        let current_dir = std::env::current_dir().ok();
        find_root(
            manifest_dir.as_deref(),
            executable.as_deref(),
            current_dir.as_deref(),
        )
        .unwrap_or_else(|| PathBuf::from("."))
    })
    .clone()
}

/// The kit's root, from what the running process knows of itself, in this order:
/// `CARGO_MANIFEST_DIR` as `cargo run` and `cargo test` set it for the process (the folder
/// of `xtask/` or of a lesson crate: the kit is the nearest folder above it that is one),
/// then the executable's own location (`target/debug/xtask` is in the kit), then the
/// current folder. A folder is the kit when it has `Cargo.toml`, `lessons/` and `snapshots/`.
pub fn find_root(
    manifest_dir: Option<&Path>,
    executable: Option<&Path>,
    current_dir: Option<&Path>,
) -> Option<PathBuf> {
    [manifest_dir, executable, current_dir]
        .into_iter()
        .flatten()
        .find_map(|start| start.ancestors().find(|dir| is_kit(dir)))
        .map(Path::to_path_buf)
}

/// Whether a folder is the kit's root.
fn is_kit(dir: &Path) -> bool {
    dir.join("Cargo.toml").is_file()
        && dir.join("lessons").is_dir()
        && dir.join("snapshots").is_dir()
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
        .map_err(|error| crate::tr!("workspace-cannot-run-cargo", error = error))?;
    if status.success() {
        Ok(())
    } else {
        Err(crate::tr!(
            "workspace-build-failed",
            packages = packages.join(", ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A kit's skeleton in a fresh temporary folder, removed when dropped.
    struct Scratch(PathBuf);

    impl Scratch {
        fn new(name: &str) -> Scratch {
            let dir =
                std::env::temp_dir().join(format!("xtask-root-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            for folder in [
                "kit/lessons",
                "kit/snapshots",
                "kit/xtask",
                "kit/target/debug",
            ] {
                std::fs::create_dir_all(dir.join(folder)).expect("a scratch folder");
            }
            std::fs::write(dir.join("kit/Cargo.toml"), "").expect("a manifest");
            std::fs::create_dir_all(dir.join("elsewhere/bin")).expect("a scratch folder");
            Scratch(dir)
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    #[test]
    fn cargo_s_manifest_dir_comes_first() {
        let scratch = Scratch::new("manifest");
        let kit = scratch.0.join("kit");
        let other = scratch.0.join("elsewhere/bin/xtask");
        assert_eq!(
            find_root(Some(&kit.join("xtask")), Some(&other), None),
            Some(kit)
        );
    }

    #[test]
    fn the_executable_s_own_folder_is_the_fallback() {
        let scratch = Scratch::new("executable");
        let kit = scratch.0.join("kit");
        let executable = kit.join("target/debug/xtask");
        assert_eq!(find_root(None, Some(&executable), None), Some(kit.clone()));
        // A manifest folder outside any kit (another crate's `cargo run`) is passed over.
        let other = scratch.0.join("elsewhere");
        assert_eq!(
            find_root(Some(&other), Some(&executable), Some(&other)),
            Some(kit)
        );
    }

    #[test]
    fn the_current_folder_is_the_last_resort_and_nothing_else_is_a_kit() {
        let scratch = Scratch::new("current");
        let kit = scratch.0.join("kit");
        let other = scratch.0.join("elsewhere/bin/xtask");
        assert_eq!(
            find_root(None, Some(&other), Some(&kit.join("lessons"))),
            Some(kit)
        );
        assert_eq!(find_root(None, Some(&other), Some(&scratch.0)), None);
    }
}
