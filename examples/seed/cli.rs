//! The command line of `cargo run --example generate`: which mode, where to write, and what to print.

use super::{Document, File, Mode, files};
use pipeline_sdk::emit::{self, EmitOptions};
use pipeline_sdk::files::write_atomic;
use pipeline_sdk::generate::{GenerateError, Generator};
use pipeline_sdk::validate::{self, Config, Diagnostic, Severity};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The command that regenerates the files, named in their header.
pub(crate) const COMMAND: &str = "cargo run --example generate";

const USAGE: &str = "usage: cargo run --example generate -- [--faithful] [OUT_DIR]

Writes the seed pipeline (three workflows and the Smart Deploy action) below OUT_DIR (default
./generated), then prints the files, the jobs of each workflow and its job graph in Mermaid.

  --faithful   write the seed as its document has it, defects included, and print what the
               validator finds in it (file:line:column); without it, the fixed pipeline";

/// What the arguments ask for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Args {
    /// Which pipeline.
    pub(crate) mode: Mode,
    /// The folder that stands for the repository's root.
    pub(crate) out: PathBuf,
}

impl Args {
    /// Reads `[--faithful] [OUT_DIR]`; `Ok(None)` for `--help`.
    pub(crate) fn parse(args: &[String]) -> Result<Option<Self>, String> {
        let mut mode = Mode::Fixed;
        let mut out = None;
        for arg in args {
            match arg.as_str() {
                "--faithful" => mode = Mode::Faithful,
                "-h" | "--help" => return Ok(None),
                flag if flag.starts_with('-') => {
                    return Err(format!("unknown option `{flag}`; expected `--faithful`"));
                }
                path if out.is_none() => out = Some(PathBuf::from(path)),
                extra => return Err(format!("unexpected argument `{extra}`; give one OUT_DIR")),
            }
        }
        let out = out.unwrap_or_else(|| PathBuf::from("generated"));
        Ok(Some(Self { mode, out }))
    }
}

/// Runs the command and returns its exit status: 0 when the files were written, 1 when they could not
/// be, 2 for bad arguments. The summary goes to `out`, errors to standard error.
pub(crate) fn run(args: &[String], out: &mut dyn Write) -> u8 {
    let args = match Args::parse(args) {
        Ok(Some(args)) => args,
        Ok(None) => {
            let _ = writeln!(out, "{USAGE}");
            return 0;
        }
        Err(message) => {
            eprintln!("error: {message}\n\n{USAGE}");
            return 2;
        }
    };
    let result = match args.mode {
        Mode::Fixed => write_fixed(&args.out, out),
        Mode::Faithful => write_faithful(&args.out, out),
    };
    match result {
        Ok(()) => 0,
        Err(message) => {
            eprintln!("error: {message}");
            1
        }
    }
}

/// The fixed pipeline goes through the generator: it validates first and writes nothing on an error.
fn write_fixed(root: &Path, out: &mut dyn Write) -> Result<(), String> {
    let files = files(Mode::Fixed);
    let mut generator = Generator::new(root).command(COMMAND);
    for file in &files {
        generator = match &file.document {
            Document::Workflow(workflow) => generator.workflow(file.path, workflow.clone()),
            Document::Action(action) => generator.action(file.path, action.clone()),
        };
    }
    let findings: Vec<(PathBuf, Diagnostic)> = generator
        .validate()
        .into_iter()
        .flat_map(|(path, diagnostics)| {
            diagnostics
                .into_vec()
                .into_iter()
                .map(move |d| (path.clone(), d))
        })
        .collect();
    let summary = match generator.write(false) {
        Ok(summary) => summary,
        Err(GenerateError::Invalid { count }) => {
            for (path, diagnostic) in &findings {
                eprintln!("{}: {diagnostic}", path.display());
            }
            return Err(format!(
                "{count} validation errors in the fixed pipeline; nothing was written"
            ));
        }
        Err(error) => return Err(error.to_string()),
    };
    let _ = writeln!(out, "Fixed seed pipeline in {}:", root.display());
    for file in &files {
        let state = if summary.unchanged.iter().any(|p| p == Path::new(file.path)) {
            "unchanged"
        } else {
            "wrote"
        };
        let _ = writeln!(out, "  {state} {}{}", file.path, contents(file));
    }
    if findings.is_empty() {
        let _ = writeln!(out, "validator: no findings");
    } else {
        for (path, diagnostic) in &findings {
            let _ = writeln!(out, "{}: {diagnostic}", path.display());
        }
    }
    graphs(&files, out);
    Ok(())
}

/// The faithful pipeline is written as it is, defects included, and the validator reads it back from
/// the written text, so each finding has the file, line and column a reviewer would open.
fn write_faithful(root: &Path, out: &mut dyn Write) -> Result<(), String> {
    let files = files(Mode::Faithful);
    let options = EmitOptions::new().header(format!(
        "The seed pipeline as its document writes it, defects included: do not use.\nGenerated by pipeline-sdk with `{COMMAND} -- --faithful`."
    ));
    let texts: Vec<(&File, String)> = files
        .iter()
        .map(|file| (file, text(file, &options)))
        .collect();
    let _ = writeln!(out, "Faithful seed pipeline in {}:", root.display());
    for (file, text) in &texts {
        let target = root.join(file.path);
        target
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| write_atomic(&target, text))
            .map_err(|error| format!("cannot write {}: {error}", target.display()))?;
        let _ = writeln!(out, "  wrote {}{}", file.path, contents(file));
    }
    let findings = faithful_findings(
        &texts
            .iter()
            .map(|(f, t)| (f.path, t.as_str()))
            .collect::<Vec<_>>(),
    );
    let errors = findings
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let _ = writeln!(
        out,
        "validator: {} findings, {errors} errors",
        findings.len()
    );
    for diagnostic in &findings {
        let _ = writeln!(out, "{diagnostic}");
    }
    graphs(&files, out);
    Ok(())
}

/// The validator's findings on the faithful files, given as (path, emitted text). The action is
/// registered as the repository's `./.github/actions/deploy`, so the steps that use it are checked
/// against its inputs.
pub(crate) fn faithful_findings(texts: &[(&str, &str)]) -> Vec<Diagnostic> {
    let mut actions = Vec::new();
    for (path, text) in texts {
        if let Some(dir) = path.strip_suffix("/action.yml")
            && let Ok(parsed) = pipeline_sdk::parse::action(text)
        {
            actions.push((format!("./{dir}"), parsed.value));
        }
    }
    let config = Config::default().local_actions(actions);
    let mut findings = Vec::new();
    for (path, text) in texts {
        let diagnostics = if path.ends_with("/action.yml") {
            validate::check_action(text, path, &config)
        } else {
            validate::check_workflow(text, path, &config)
        };
        findings.extend(diagnostics.into_vec());
    }
    findings
}

/// A file's text as the faithful mode writes it.
pub(crate) fn text(file: &File, options: &EmitOptions) -> String {
    match &file.document {
        Document::Workflow(workflow) => emit::workflow(workflow, options),
        Document::Action(action) => emit::action(action, options),
    }
}

/// ` (7 jobs: a, b, ...)` for a workflow, ` (composite action, 4 steps)` for an action.
fn contents(file: &File) -> String {
    match &file.document {
        Document::Workflow(workflow) => {
            let ids: Vec<&str> = workflow.jobs.keys().map(String::as_str).collect();
            format!(" ({} jobs: {})", ids.len(), ids.join(", "))
        }
        Document::Action(action) => {
            let steps = match &action.runs {
                Some(pipeline_sdk::model::Runs::Composite(runs)) => runs.steps.len(),
                _ => 0,
            };
            format!(" (composite action, {steps} steps)")
        }
    }
}

/// Each workflow's job graph, as a Mermaid block a README can show.
fn graphs(files: &[File], out: &mut dyn Write) {
    for file in files {
        if let Document::Workflow(workflow) = &file.document {
            let _ = writeln!(out, "\n{}:\n```mermaid", file.path);
            let _ = write!(out, "{}", pipeline_sdk::graph::mermaid(workflow));
            let _ = writeln!(out, "```");
        }
    }
}
