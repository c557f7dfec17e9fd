//! `pipeline fmt`: canonical form of workflow and action files.

use pipeline_sdk::emit::{self, EmitOptions};
use pipeline_sdk::files::{unified_diff, write_atomic};
use pipeline_sdk::parse::{self, printable};
use pipeline_sdk::yaml::layout;
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
    let formatted = if is_action_file(path) {
        parse::action(text)
            .map(|p| emit::action(&p.value, &options))
            .map_err(|e| e.with_file(&name))
    } else {
        parse::workflow(text)
            .map(|p| emit::workflow(&p.value, &options))
            .map_err(|e| e.with_file(&name))
    }?;
    keeps_comments(&name, text, &formatted)?;
    Ok(formatted)
}

/// Every comment of `text` is in `formatted` (compared by what follows the `#`): the emitter places
/// each one, and a comment it could not place stops the file from being written rather than vanish.
fn keeps_comments(name: &str, text: &str, formatted: &str) -> Result<(), String> {
    let content = |text: &str| text.trim_start_matches('#').trim().to_owned();
    let after = layout::scan(formatted);
    let mut kept: Vec<String> = layout::comments(&after)
        .iter()
        .map(|c| content(&c.text))
        .collect();
    kept.sort();
    let before = layout::scan(text);
    for comment in layout::comments(&before) {
        match kept.binary_search(&content(&comment.text)) {
            Ok(i) => {
                kept.remove(i);
            }
            Err(_) => {
                return Err(format!(
                    "{name}:{}: formatting would drop the comment `{}`; the file is left as it is",
                    comment.position, comment.text
                ));
            }
        }
    }
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::canonical;
    use std::path::Path;

    #[test]
    fn comments_are_kept_and_formatting_is_idempotent() {
        let text = "# CI\n\non:\n  push: # every branch\n    branches: [main]\njobs:\n  # the only job\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      # renovate: datasource=npm\n      - run: make # build\n";
        let path = Path::new(".github/workflows/ci.yml");
        let formatted = canonical(path, text).unwrap();
        assert_eq!(
            formatted,
            "# CI\n\non:\n  push: # every branch\n    branches: [main]\n\njobs:\n  # the only job\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      # renovate: datasource=npm\n      - run: make # build\n"
        );
        assert_eq!(canonical(path, &formatted).unwrap(), formatted);
    }

    #[test]
    fn action_comments_are_kept() {
        let text = "name: A # the name\ndescription: d\nruns:\n  using: composite\n  steps:\n    # first\n    - run: x\n      shell: bash\n";
        let formatted = canonical(Path::new("action.yml"), text).unwrap();
        assert!(formatted.contains("name: A # the name\n"), "{formatted}");
        assert!(
            formatted.contains("    # first\n    - run: x\n"),
            "{formatted}"
        );
    }
}
