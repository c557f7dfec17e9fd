//! `pipeline check`: validates workflow and action metadata files, or whole repositories, and prints every
//! problem as `file:line:col: severity[code]: message` or as JSON lines.

use crate::fmt::is_action_file;
use pipeline_sdk::audit;
use pipeline_sdk::model::Action;
use pipeline_sdk::parse::printable;
use pipeline_sdk::validate::{self, Config, Diagnostic, Severity};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Arguments of `pipeline check`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Workflow files, action metadata files (`action.yml`), or folders: a repository (its
    /// `.github/workflows` and `.github/actions/**/action.y*ml`) or any folder of YAML files.
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Output format: compiler-style lines, or one JSON object per line.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// A label of your self-hosted runners (repeatable; `*` matches any run of characters).
    #[arg(long = "self-hosted-label", value_name = "LABEL")]
    self_hosted_labels: Vec<String>,
    /// Metadata of an action from another repository, as `owner/repo=path/to/action.yml` (repeatable):
    /// steps that use it get their inputs and output references checked against it.
    #[arg(long = "action-metadata", value_name = "NAME=FILE")]
    action_metadata: Vec<String>,
    /// Do not check steps against the bundled metadata of the most used actions (`actions/checkout@v4`
    /// and the others `pipeline_sdk::actions` binds, each at its major version).
    #[arg(long = "no-bundled-metadata")]
    no_bundled_metadata: bool,
    /// Also print diagnostics of severity info.
    #[arg(long)]
    verbose: bool,
    /// Skip the security audits (template injection, unpinned actions, token permissions, ...).
    #[arg(long = "no-audit")]
    no_audit: bool,
    /// Which actions `unpinned-uses` asks to be pinned to a commit.
    #[arg(long, value_enum, default_value_t = PinningArg::All)]
    pinning: PinningArg,
    /// Rewrite what has one safe fix, in place: expressions moved from scripts into `env:`,
    /// `persist-credentials: false`, `permissions: {}` with the scopes each job needs, tags replaced by
    /// the commits of the pins file (`--pins`). Comments and layout are kept.
    #[arg(long)]
    fix: bool,
    /// The pins file `--fix` reads commits from.
    #[arg(long, value_name = "FILE", default_value = ".github/pins.txt")]
    pins: PathBuf,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum PinningArg {
    /// Every action and reusable workflow from another repository.
    All,
    /// Those outside GitHub's `actions/` and `github/` organisations.
    ThirdParty,
    /// None.
    None,
}

/// Reads each `--action-metadata NAME=FILE`; a problem is printed and ends the run.
fn known_actions(specs: &[String]) -> Result<Vec<(String, Action)>, String> {
    let mut known = Vec::with_capacity(specs.len());
    for spec in specs {
        let Some((name, file)) = spec.split_once('=') else {
            return Err(format!(
                "--action-metadata {spec}: expected NAME=FILE, as in actions/cache=vendor/cache/action.yml"
            ));
        };
        let text = std::fs::read_to_string(file)
            .map_err(|error| format!("{file}: cannot read: {error}"))?;
        let action = pipeline_sdk::parse::action(&text).map_err(|errors| errors.with_file(file))?;
        known.push((
            name.split('@').next().unwrap_or(name).to_owned(),
            action.value,
        ));
    }
    Ok(known)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// `file:line:col: severity[code]: message`
    Text,
    /// One JSON object per line: file, line, column, code, severity, message, path, related.
    Json,
}

/// One file to check.
struct Input {
    path: PathBuf,
    action: bool,
}

fn is_yaml(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "yml" || e == "yaml")
}

/// Whether a file's top level has `runs` and no `jobs`: action metadata under another name.
fn looks_like_action(text: &str) -> bool {
    let root = pipeline_sdk::yaml::layout::scan(text);
    root.get("runs").is_some() && root.get("jobs").is_none()
}

/// Every YAML file under `dir`, sorted. Links are followed, but a folder already walked (a link loop,
/// or two links to one folder) is not walked again, and only regular files are taken: a FIFO or a
/// device named `*.yml` would block the read or never end.
fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    yaml_files_in(dir, out, &mut BTreeSet::new());
}

fn yaml_files_in(dir: &Path, out: &mut Vec<PathBuf>, visited: &mut BTreeSet<PathBuf>) {
    let Ok(real) = std::fs::canonicalize(dir) else {
        return;
    };
    if !visited.insert(real) {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        let Ok(metadata) = std::fs::metadata(&path) else {
            continue;
        };
        if metadata.is_dir() {
            yaml_files_in(&path, out, visited);
        } else if metadata.is_file() && is_yaml(&path) {
            out.push(path);
        }
    }
}

/// The files a path names, and the local actions of a repository folder (keyed as `uses:` writes them).
fn collect(path: &Path, inputs: &mut Vec<Input>, repository: &mut Option<PathBuf>) {
    if !path.is_dir() {
        inputs.push(Input {
            path: path.to_path_buf(),
            action: is_action_file(path),
        });
        return;
    }
    let workflows = path.join(".github").join("workflows");
    if workflows.is_dir() {
        *repository = Some(path.to_path_buf());
        let mut files = Vec::new();
        yaml_files(&workflows, &mut files);
        inputs.extend(files.into_iter().map(|p| Input {
            path: p,
            action: false,
        }));
        let mut actions = Vec::new();
        yaml_files(&path.join(".github").join("actions"), &mut actions);
        inputs.extend(
            actions
                .into_iter()
                .filter(|p| is_action_file(p))
                .map(|p| Input {
                    path: p,
                    action: true,
                }),
        );
        return;
    }
    let mut files = Vec::new();
    yaml_files(path, &mut files);
    inputs.extend(files.into_iter().map(|p| {
        let action = is_action_file(&p);
        Input { path: p, action }
    }));
}

/// The local actions of a repository, as `./dir` paths relative to its root.
fn local_actions(root: &Path) -> BTreeMap<String, Action> {
    let mut files = Vec::new();
    yaml_files(root, &mut files);
    let mut out = BTreeMap::new();
    for file in files.into_iter().filter(|p| is_action_file(p)) {
        let Some(dir) = file.parent().and_then(|d| d.strip_prefix(root).ok()) else {
            continue;
        };
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        if let Ok(parsed) = pipeline_sdk::parse::action(&text) {
            let key = format!("./{}", dir.to_string_lossy().replace('\\', "/"));
            out.insert(key.trim_end_matches('/').to_owned(), parsed.value);
        }
    }
    out
}

/// The pins file `--fix` reads; none when it is not there.
fn read_pins(path: &Path) -> Result<pipeline_sdk::pins::Pins, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => pipeline_sdk::pins::Pins::parse(&text)
            .map_err(|errors| format!("{}: {}", path.display(), errors)),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            Ok(pipeline_sdk::pins::Pins::default())
        }
        Err(error) => Err(format!("{}: cannot read: {error}", path.display())),
    }
}

/// Applies the safe fixes to a workflow file, writes it back when it changed, and says what was done
/// on stderr; the text to check is returned.
fn fix(path: &Path, text: &str, pins: &pipeline_sdk::pins::Pins) -> Result<String, String> {
    let fixed = audit::fix_workflow(text, pins);
    if fixed.text != text {
        // The file keeps its mode: the rename puts a new file in its place.
        let mode = std::fs::metadata(path).map(|m| m.permissions()).ok();
        pipeline_sdk::files::write_atomic(path, &fixed.text)
            .map_err(|error| format!("{}: cannot write: {error}", path.display()))?;
        if let Some(mode) = mode {
            std::fs::set_permissions(path, mode)
                .map_err(|error| format!("{}: cannot keep its mode: {error}", path.display()))?;
        }
        for applied in &fixed.applied {
            eprintln!("{}:{applied}", path.display());
        }
    }
    Ok(fixed.text)
}

/// Writes one suppressed finding as JSON, with `suppressed: {reason, by}`; nothing in text output.
fn print_suppressed(
    out: &mut impl Write,
    suppressed: &audit::Suppressed,
    format: Format,
) -> std::io::Result<()> {
    if format != Format::Json {
        return Ok(());
    }
    let mut value = serde_json::to_value(&suppressed.diagnostic).map_err(std::io::Error::other)?;
    if let Some(object) = value.as_object_mut() {
        object.insert(
            "suppressed".to_owned(),
            serde_json::json!({ "reason": suppressed.reason, "by": suppressed.by }),
        );
    }
    writeln!(out, "{value}")
}

/// Writes one diagnostic of `file`; an error means the reader went away (a closed pipe), so output
/// stops. Text is one line whatever the file holds (control characters escaped), and a diagnostic that
/// could not be placed still names its file.
fn print(
    out: &mut impl Write,
    file: &str,
    diagnostic: &Diagnostic,
    format: Format,
) -> std::io::Result<()> {
    match format {
        Format::Text if diagnostic.location.is_none() => {
            writeln!(
                out,
                "{}: {}",
                printable(file),
                printable(&diagnostic.to_string())
            )
        }
        Format::Text => writeln!(out, "{}", printable(&diagnostic.to_string())),
        Format::Json => {
            let mut value = serde_json::to_value(diagnostic).map_err(std::io::Error::other)?;
            if let Some(object) = value.as_object_mut()
                && object.get("file").is_none_or(serde_json::Value::is_null)
            {
                object.insert("file".to_owned(), file.into());
            }
            writeln!(out, "{value}")
        }
    }
}

/// Prints diagnostics (info only with `--verbose`; nothing more once stdout is closed) and returns how
/// many are errors.
fn report(
    out: &mut impl Write,
    writing: &mut bool,
    file: &str,
    diagnostics: &validate::Diagnostics,
    args: &Args,
) -> usize {
    let mut errors = 0;
    for d in diagnostics.iter() {
        if d.severity == Severity::Info && !args.verbose {
            continue;
        }
        if d.severity == Severity::Error {
            errors += 1;
        }
        if *writing && print(out, file, d, args.format).is_err() {
            *writing = false;
        }
    }
    errors
}

/// The validator's configuration from the arguments and the metadata read for `--action-metadata`.
fn config(args: &Args, known: Vec<(String, Action)>) -> Config {
    let mut config = Config::default().self_hosted_labels(args.self_hosted_labels.iter().cloned());
    if !args.no_bundled_metadata {
        config = config.known_actions(pipeline_sdk::actions::metadata());
    }
    if !args.no_audit {
        let pinning = match args.pinning {
            PinningArg::All => audit::Pinning::All,
            PinningArg::ThirdParty => audit::Pinning::ThirdParty,
            PinningArg::None => audit::Pinning::None,
        };
        config = config.audit(audit::Settings::default().pinning(pinning));
    }
    // Metadata given on the command line is keyed by name alone, which wins over the bundled keys.
    config.known_actions(known)
}

pub(crate) fn run(args: &Args) -> ExitCode {
    let mut inputs = Vec::new();
    let mut repository = None;
    let mut unreadable = false;
    for path in &args.paths {
        let shown = printable(&path.display().to_string()).into_owned();
        match std::fs::metadata(path) {
            Err(_) => {
                eprintln!("{shown}: no such file or folder");
                unreadable = true;
                continue;
            }
            Ok(metadata) if !metadata.is_dir() && !metadata.is_file() => {
                eprintln!("{shown}: not a regular file or a folder; not read");
                unreadable = true;
                continue;
            }
            Ok(_) => {}
        }
        collect(path, &mut inputs, &mut repository);
    }
    let known = match known_actions(&args.action_metadata) {
        Ok(known) => known,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let mut config = config(args, known);
    if let Some(root) = &repository {
        config = config.local_actions(local_actions(root));
    }
    let pins = if args.fix {
        match read_pins(&args.pins) {
            Ok(pins) => pins,
            Err(message) => {
                eprintln!("{message}");
                return ExitCode::from(2);
            }
        }
    } else {
        pipeline_sdk::pins::Pins::default()
    };
    let mut errors = 0usize;
    let mut out = std::io::stdout().lock();
    let mut writing = true;
    // A repository's files are also checked as one set: calls of its reusable workflows and actions.
    let mut set = Vec::new();
    for input in &inputs {
        let name = input.path.display().to_string();
        let mut text = match std::fs::read_to_string(&input.path) {
            Ok(text) => text,
            Err(error) => {
                eprintln!("{}: cannot read: {error}", printable(&name));
                unreadable = true;
                continue;
            }
        };
        if let Some(relative) = repository
            .as_ref()
            .and_then(|root| input.path.strip_prefix(root).ok())
        {
            let relative = relative.to_string_lossy().replace('\\', "/");
            set.push(validate::SetFile::parse(relative, text.clone()).named(name.clone()));
        }
        let action = input.action || looks_like_action(&text);
        if args.fix && !action {
            match fix(&input.path, &text, &pins) {
                Ok(fixed) => text = fixed,
                Err(message) => {
                    eprintln!("{message}");
                    unreadable = true;
                }
            }
        }
        let report_of = if action {
            audit::check_action
        } else {
            audit::check_workflow
        };
        let found = if config.audit.is_some() {
            report_of(&text, &name, &config)
        } else if action {
            audit::Report {
                diagnostics: validate::check_action(&text, &name, &config),
                suppressed: Vec::new(),
            }
        } else {
            audit::Report {
                diagnostics: validate::check_workflow(&text, &name, &config),
                suppressed: Vec::new(),
            }
        };
        errors += report(&mut out, &mut writing, &name, &found.diagnostics, args);
        for suppressed in &found.suppressed {
            if writing && print_suppressed(&mut out, suppressed, args.format).is_err() {
                writing = false;
            }
        }
    }
    // Only the checks across files: each file's own were reported above.
    for (file, diagnostics) in validate::check_set(&set) {
        errors += report(&mut out, &mut writing, &file, &diagnostics, args);
    }
    if inputs.is_empty() && !unreadable {
        let paths: Vec<String> = args
            .paths
            .iter()
            .map(|p| printable(&p.display().to_string()).into_owned())
            .collect();
        eprintln!(
            "pipeline check: no workflow or action files found in {}; nothing was checked",
            paths.join(", ")
        );
    }
    if unreadable {
        ExitCode::from(2)
    } else if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(no_bundled_metadata: bool) -> Args {
        Args {
            paths: Vec::new(),
            format: Format::Text,
            self_hosted_labels: Vec::new(),
            action_metadata: Vec::new(),
            no_bundled_metadata,
            verbose: false,
            no_audit: true,
            pinning: PinningArg::All,
            fix: false,
            pins: PathBuf::new(),
        }
    }

    /// Steps that use a bundled action at its major version are checked against its metadata unless
    /// `--no-bundled-metadata` says not to.
    #[test]
    fn bundled_metadata_checks_steps_by_default() {
        let text = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          fetch-dept: 0\n";
        let codes = |args: &Args| -> Vec<&'static str> {
            validate::check_workflow(text, "ci.yml", &config(args, Vec::new()))
                .iter()
                .map(|d| d.code)
                .collect()
        };
        assert_eq!(codes(&args(false)), ["action-input-unknown"]);
        assert!(codes(&args(true)).is_empty());
    }

    /// `--fix` rewrites the file in place, keeps its comments, and leaves nothing for the audits.
    #[test]
    fn fix_rewrites_the_file() {
        let dir = std::env::temp_dir().join(format!("pipeline-check-fix-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("ci.yml");
        let text = "# Greets each new issue.\non: issues\njobs:\n  greet:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4 # the code\n      - run: echo \"${{ github.event.issue.title }}\"\n";
        std::fs::write(&file, text).unwrap();
        let pins = pipeline_sdk::pins::Pins::parse(
            "actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v4.2.2\n",
        )
        .unwrap();
        let fixed = fix(&file, text, &pins).unwrap();
        assert_eq!(std::fs::read_to_string(&file).unwrap(), fixed);
        assert_eq!(
            fixed,
            "# Greets each new issue.\non: issues\npermissions: {}\njobs:\n  greet:\n    permissions:\n      contents: read\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # the code\n        with:\n          persist-credentials: false\n      - run: echo \"${ISSUE_TITLE}\"\n        env:\n          ISSUE_TITLE: ${{ github.event.issue.title }}\n"
        );
        let config = Config::default().audit(audit::Settings::default());
        let report = audit::check_workflow(&fixed, "ci.yml", &config);
        assert!(report.diagnostics.is_empty(), "{}", report.diagnostics);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
