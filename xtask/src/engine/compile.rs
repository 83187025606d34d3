//! The `compile` step: a file the compiler should refuse, and the errors it gives.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};

use super::record::{Exit, ProgramRecord};
use super::{Handle, Play, Setup};
use crate::scenario::Role;

impl Play<'_> {
    /// Compiles a file that the compiler should refuse, and records its error messages.
    ///
    /// Only what survives a compiler upgrade is kept: each error's code and primary
    /// message, without paths, line numbers or suggestions.
    pub(super) fn compile(&mut self, file: &str) -> Result<(), crate::i18n::Message> {
        let scratch = compile_scratch_dir();
        let output = compile_command(self.setup, file, &scratch).output();
        // Nothing is kept from a compile step but its messages.
        let _ = std::fs::remove_dir_all(&scratch);
        let output = output.map_err(|error| format!("cannot run rustc: {error}"))?;
        let diagnostics = String::from_utf8_lossy(&output.stderr);
        let mut kept = String::new();
        for line in diagnostics.lines() {
            // `path:line:col: error[E0061]: message` keeps `error[E0061]: message`.
            if let Some(at) = line.find("error[") {
                kept.push_str(&line[at..]);
                kept.push('\n');
            }
        }
        let shown = format!("rustc --edition 2024 {file}");
        let code = output.status.code().unwrap_or(-1);
        self.shared.update(|record| {
            let mut program = ProgramRecord::new("rustc", Role::Standalone, shown, None);
            program.append(0, kept.as_bytes());
            program.output_done = [true, true];
            program.exit = Some(Exit::Code(code));
            record.programs.push(program);
        });
        // Keep the indexes of the record and of the running programs in step.
        self.running.push(Handle {
            name: "rustc".into(),
            pid: None,
            stdin: None,
            prompts_used: 0,
            seen_upto: 0,
            typed_at: None,
            stdout_probe: None,
        });
        Ok(())
    }
}

/// The `rustc` command of a `compile` step: it checks FILE, from the lesson's folder, and
/// emits no more than metadata, into `out_dir` (the file is expected to be refused anyway).
pub fn compile_command(setup: &Setup, file: &str, out_dir: &Path) -> Command {
    let path = setup.lesson_dir.join(file);
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    let mut command = Command::new(rustc);
    command
        .args([
            "--edition",
            "2024",
            "--crate-type",
            "lib",
            "--crate-name",
            "case",
        ])
        .args([
            "--emit",
            "metadata",
            "--error-format",
            "short",
            "--color",
            "never",
        ])
        .arg("--out-dir")
        .arg(out_dir)
        .arg(&path);
    command
}

/// A folder of its own for one compile step's output, in the system's temporary folder:
/// the caller removes it afterwards.
pub fn compile_scratch_dir() -> PathBuf {
    static COMPILES: AtomicU32 = AtomicU32::new(0);
    let number = COMPILES.fetch_add(1, Ordering::Relaxed);
    std::env::temp_dir().join(format!("xtask-rustc-{}-{number}", std::process::id()))
}
