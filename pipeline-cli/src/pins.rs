//! `pipeline pins`: keeps the pins file (`.github/pins.txt`) in step with the committed YAML, so a bump
//! made by a bot in the YAML survives the next regeneration.

use pipeline_sdk::files::{unified_diff, write_atomic};
use pipeline_sdk::parse;
use pipeline_sdk::pins::{self, Pins, Used};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Where the pins file lives in a repository unless `--pins` says otherwise.
pub(crate) const DEFAULT_PINS: &str = ".github/pins.txt";

/// The `pins` subcommands.
#[derive(Debug, clap::Subcommand)]
pub(crate) enum Command {
    /// Update the pins file from the references the committed workflows and actions use: after a bot
    /// bumped `owner/repo@<sha> # vX.Y.Z` in the YAML, the pins file follows, so regenerating keeps it.
    Sync(SyncArgs),
}

/// Arguments of `pipeline pins sync`.
#[derive(Debug, clap::Args)]
pub(crate) struct SyncArgs {
    /// The repository: its `.github/workflows/*.yml` and `.github/actions/**/action.yml` are read.
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// The pins file [default: DIR/.github/pins.txt]; created when missing.
    #[arg(long, value_name = "FILE")]
    pins: Option<PathBuf>,
    /// Write nothing; print the change as a diff and exit 1 when the pins file is not in step.
    #[arg(long)]
    check: bool,
}

pub(crate) fn run(command: &Command) -> ExitCode {
    match command {
        Command::Sync(args) => sync(args),
    }
}

/// The YAML files that can use actions: workflows (directly in `.github/workflows`, as GitHub reads
/// them) and action metadata below `.github/actions`.
fn files(dir: &Path) -> std::io::Result<Vec<(PathBuf, bool)>> {
    let mut out = Vec::new();
    let workflows = dir.join(".github/workflows");
    if workflows.is_dir() {
        for entry in std::fs::read_dir(&workflows)? {
            let path = entry?.path();
            let yaml = path.extension().is_some_and(|e| e == "yml" || e == "yaml");
            if yaml && std::fs::metadata(&path).is_ok_and(|m| m.is_file()) {
                out.push((path, false));
            }
        }
    }
    let actions = dir.join(".github/actions");
    if actions.is_dir() {
        // Each folder once (a link loop is not followed round), regular files only (a FIFO would block).
        let mut visited = std::collections::BTreeSet::new();
        let mut stack = vec![actions];
        while let Some(folder) = stack.pop() {
            if !std::fs::canonicalize(&folder).is_ok_and(|real| visited.insert(real)) {
                continue;
            }
            for entry in std::fs::read_dir(&folder)? {
                let path = entry?.path();
                let Ok(metadata) = std::fs::metadata(&path) else {
                    continue;
                };
                if metadata.is_dir() {
                    stack.push(path);
                } else if metadata.is_file()
                    && matches!(
                        path.file_name().and_then(|n| n.to_str()),
                        Some("action.yml" | "action.yaml")
                    )
                {
                    out.push((path, true));
                }
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Every remote action reference of the repository at `dir`, or the lines to print for its errors.
fn used_in(dir: &Path) -> Result<Vec<Used>, String> {
    let files = files(dir).map_err(|e| format!("{}: cannot read: {e}", dir.display()))?;
    let mut found = Vec::new();
    let mut errors = Vec::new();
    for (path, is_action) in files {
        let label = path
            .strip_prefix(dir)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(error) => {
                errors.push(format!("{label}: cannot read: {error}"));
                continue;
            }
        };
        if is_action {
            match parse::action(&text) {
                Ok(parsed) => found.extend(pins::used_by_action(&label, &parsed.value)),
                Err(error) => errors.push(error.with_file(&label)),
            }
        } else {
            match parse::workflow(&text) {
                Ok(parsed) => found.extend(pins::used(&label, &parsed.value)),
                Err(error) => errors.push(error.with_file(&label)),
            }
        }
    }
    if errors.is_empty() {
        Ok(found)
    } else {
        Err(errors.join("\n"))
    }
}

fn sync(args: &SyncArgs) -> ExitCode {
    let file = args
        .pins
        .clone()
        .unwrap_or_else(|| args.dir.join(DEFAULT_PINS));
    let name = file.display().to_string();
    let existing = match std::fs::read_to_string(&file) {
        Ok(text) => Some(text),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
        Err(error) => {
            eprintln!("{name}: cannot read: {error}");
            return ExitCode::from(2);
        }
    };
    let mut pins = match existing.as_deref().map(Pins::parse) {
        None => Pins::default(),
        Some(Ok(pins)) => pins,
        Some(Err(errors)) => {
            for error in &errors.0 {
                eprintln!("{name}:{error}");
            }
            return ExitCode::from(2);
        }
    };
    let found = match used_in(&args.dir) {
        Ok(found) => found,
        Err(errors) => {
            eprintln!("{errors}");
            eprintln!("error: the YAML could not be read; the pins file was left as it was");
            return ExitCode::from(2);
        }
    };
    let before = pins.clone();
    let report = pins.sync(found);
    let old = existing.unwrap_or_default();
    // The user's file stays as written, comments and all, when no pin changed; when some did, only
    // their lines change.
    let text = if existing_text_kept(&old, &before, &pins) {
        old.clone()
    } else if old.is_empty() {
        pins.to_text()
    } else {
        merge(&old, &pins)
    };
    if args.check {
        if text == old {
            println!("pins: {name} is in step with the committed YAML");
            return ExitCode::SUCCESS;
        }
        print!("{}", unified_diff(&old, &text, &name));
        eprintln!("error: {name} is not in step with the committed YAML; run `pipeline pins sync`");
        return ExitCode::from(1);
    }
    print!("{report}");
    if text == old {
        println!("pins: {name} is up to date");
        return ExitCode::SUCCESS;
    }
    if let Some(folder) = file.parent().filter(|f| !f.as_os_str().is_empty())
        && let Err(error) = std::fs::create_dir_all(folder)
    {
        eprintln!("{}: cannot create: {error}", folder.display());
        return ExitCode::from(2);
    }
    match write_atomic(&file, &text) {
        Ok(()) => {
            println!("pins: wrote {name} ({} pins)", pins.len());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{name}: cannot write: {error}");
            ExitCode::from(2)
        }
    }
}

/// Whether the pins file may stay as it is: it exists and its pins are the synced ones.
fn existing_text_kept(old: &str, before: &Pins, after: &Pins) -> bool {
    !old.is_empty() && before == after
}

/// The line of one pin, as [`Pins::to_text`] writes it.
fn pin_line(action: &str, pin: &pins::Pin) -> String {
    format!("{action}@{pin}")
}

/// `old` with each pin line replaced by the line of its synced pin (removed when the pin went away),
/// every other line (comments, blank lines) kept, and new pins inserted in order of their action
/// before the first pin line that sorts after them (or at the end).
fn merge(old: &str, synced: &Pins) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut written = std::collections::BTreeSet::new();
    // (index in `out`, action lower-cased) of each pin line kept.
    let mut pin_lines: Vec<(usize, String)> = Vec::new();
    for line in old.lines() {
        let trimmed = line.trim();
        let action = (!trimmed.is_empty() && !trimmed.starts_with('#'))
            .then(|| Pins::parse(trimmed).ok())
            .flatten()
            .and_then(|one| one.iter().next().map(|(a, _)| a.to_ascii_lowercase()));
        match action {
            Some(action) => {
                if let Some((name, pin)) =
                    synced.iter().find(|(a, _)| a.eq_ignore_ascii_case(&action))
                {
                    let line = if Pins::parse(trimmed).ok().and_then(|p| p.get(name).cloned())
                        == Some(pin.clone())
                    {
                        line.to_owned()
                    } else {
                        pin_line(name, pin)
                    };
                    pin_lines.push((out.len(), action.clone()));
                    out.push(line);
                    written.insert(action);
                }
            }
            None => out.push(line.to_owned()),
        }
    }
    let mut inserted = 0;
    for (name, pin) in synced.iter() {
        let key = name.to_ascii_lowercase();
        if written.contains(&key) {
            continue;
        }
        let at = pin_lines
            .iter()
            .find(|(_, other)| *other > key)
            .map_or(out.len(), |(index, _)| *index + inserted);
        out.insert(at, pin_line(name, pin));
        inserted += 1;
        written.insert(key);
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A copy of the bot-edited fixture repository in a fresh temporary folder.
    fn fixture() -> PathBuf {
        let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/pins/repo");
        let target = std::env::temp_dir().join(format!(
            "pipeline-pins-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ = std::fs::remove_dir_all(&target);
        copy(&source, &target);
        target
    }

    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            let path = entry.path();
            if path.is_dir() {
                copy(&path, &to.join(entry.file_name()));
            } else {
                std::fs::copy(&path, to.join(entry.file_name())).unwrap();
            }
        }
    }

    #[test]
    fn sync_follows_the_bot() {
        let dir = fixture();
        let expected = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/pins/expected-pins.txt"),
        )
        .unwrap();
        let check = |dir: &Path| SyncArgs {
            dir: dir.to_owned(),
            pins: None,
            check: true,
        };
        assert_eq!(sync(&check(&dir)), ExitCode::from(1));
        let args = SyncArgs {
            check: false,
            ..check(&dir)
        };
        assert_eq!(sync(&args), ExitCode::SUCCESS);
        let written = std::fs::read_to_string(dir.join(DEFAULT_PINS)).unwrap();
        assert_eq!(written, expected);
        assert_eq!(sync(&check(&dir)), ExitCode::SUCCESS);
        // A second run changes nothing.
        assert_eq!(sync(&args), ExitCode::SUCCESS);
        assert_eq!(
            std::fs::read_to_string(dir.join(DEFAULT_PINS)).unwrap(),
            expected
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// The user's comments survive a sync: all of them when no pin changed (the file is not
    /// written), and every one but the changed pin's own line otherwise.
    #[test]
    fn sync_keeps_the_users_comments() {
        let dir = fixture();
        let file = dir.join(DEFAULT_PINS);
        let args = SyncArgs {
            dir: dir.clone(),
            pins: None,
            check: false,
        };
        assert_eq!(sync(&args), ExitCode::SUCCESS);
        let synced = std::fs::read_to_string(&file).unwrap();
        let commented = format!("# renovate: keep these pinned\n{synced}# trailing note\n");
        std::fs::write(&file, &commented).unwrap();
        assert_eq!(sync(&args), ExitCode::SUCCESS);
        assert_eq!(std::fs::read_to_string(&file).unwrap(), commented);
        // A pin that changes: its line follows, the comments stay.
        let stale = commented.replace(
            "actions/upload-artifact@v7",
            "# the artifact action\nactions/upload-artifact@v5",
        );
        std::fs::write(&file, &stale).unwrap();
        assert_eq!(sync(&args), ExitCode::SUCCESS);
        let after = std::fs::read_to_string(&file).unwrap();
        assert_eq!(
            after,
            commented.replace(
                "actions/upload-artifact@v7",
                "# the artifact action\nactions/upload-artifact@v7"
            )
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn unreadable_yaml_leaves_the_pins_alone() {
        let dir = fixture();
        let before = std::fs::read_to_string(dir.join(DEFAULT_PINS)).unwrap();
        std::fs::write(dir.join(".github/workflows/broken.yml"), "jobs: [\n").unwrap();
        let args = SyncArgs {
            dir: dir.clone(),
            pins: None,
            check: false,
        };
        assert_eq!(sync(&args), ExitCode::from(2));
        assert_eq!(
            std::fs::read_to_string(dir.join(DEFAULT_PINS)).unwrap(),
            before
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
