//! What the tests that follow the README on fresh crates share: running cargo there, and its output.

use std::path::Path;
use std::process::{Command, Output};

/// Runs cargo with `args` in `dir`, building into `target` (kept between runs, so only the first pays
/// for the dependencies).
pub(crate) fn cargo(dir: &Path, target: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO"))
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs")
}

/// What a command printed, standard output then standard error.
pub(crate) fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}
