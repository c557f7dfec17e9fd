//! `pipeline fmt`: canonical form of workflow and action files.

use pipeline_sdk::emit::{self, EmitOptions};
use pipeline_sdk::files::{unified_diff, write_atomic};
use pipeline_sdk::parse::{self, printable};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Arguments of `pipeline fmt`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Workflow or action metadata files (a file named action.yml or action.yaml is read as action metadata).
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Rewrite files that are not in canonical form, atomically.
    #[arg(long, conflicts_with = "check")]
    write: bool,
    /// Write nothing; print a diff for each file that is not in canonical form and exit 1.
    #[arg(long)]
    check: bool,
}

/// Whether a path names action metadata rather than a workflow.
pub(crate) fn is_action_file(path: &Path) -> bool {
    matches!(
        path.file_name().and_then(|n| n.to_str()),
        Some("action.yml" | "action.yaml")
    )
}

/// Reads a file and returns its canonical form, or the lines to print for its errors.
pub(crate) fn canonical(path: &Path, text: &str) -> Result<String, String> {
    let name = path.display().to_string();
    let options = EmitOptions::default();
    if is_action_file(path) {
        parse::action(text)
            .map(|p| emit::action(&p.value, &options))
            .map_err(|e| e.with_file(&name))
    } else {
        parse::workflow(text)
            .map(|p| emit::workflow(&p.value, &options))
            .map_err(|e| e.with_file(&name))
    }
}

/// The canonical text in the byte-order mark and line endings of the file it replaces: a file that
/// starts with a BOM keeps it, and a file whose every line ends in CRLF keeps CRLF.
fn in_style_of(original: &str, formatted: String) -> String {
    let bom = original.starts_with('\u{feff}');
    let lines = original.matches('\n').count();
    let crlf = lines > 0 && original.matches("\r\n").count() == lines;
    let mut out = formatted;
    if crlf {
        out = out.replace('\n', "\r\n");
    }
    if bom && !out.starts_with('\u{feff}') {
        out.insert(0, '\u{feff}');
    }
    out
}

pub(crate) fn run(args: &Args) -> ExitCode {
    let mut failed = false;
    let mut stale = false;
    for path in &args.files {
        let name = path.display().to_string();
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(error) => {
                eprintln!("{}: cannot read: {error}", printable(&name));
                failed = true;
                continue;
            }
        };
        let formatted = match canonical(path, &text) {
            Ok(formatted) => in_style_of(&text, formatted),
            Err(errors) => {
                eprintln!("{errors}");
                failed = true;
                continue;
            }
        };
        if args.check {
            if formatted != text {
                print!("{}", unified_diff(&text, &formatted, &printable(&name)));
                stale = true;
            }
        } else if args.write {
            if formatted != text
                && let Err(error) = write_atomic(path, &formatted)
            {
                eprintln!("{}: cannot write: {error}", printable(&name));
                failed = true;
            }
        } else {
            print!("{formatted}");
        }
    }
    if failed {
        ExitCode::from(2)
    } else if stale {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
