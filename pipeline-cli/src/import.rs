//! `pipeline import`: workflow and action YAML as Rust that builds the same files.

use pipeline_sdk::import::{self, Entry, Module, Notes};
use pipeline_sdk::validate::{self, Diagnostics};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Arguments of `pipeline import`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Workflow and action metadata files, or repository folders (their `.github/workflows/*.yml` and
    /// every `action.yml` below them).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// Write an xtask crate here (one module per file and a `main` that registers each with
    /// `Generator` at its original path) instead of printing the modules.
    #[arg(long, value_name = "DIR")]
    xtask: Option<PathBuf>,
}

/// One file to import: where it is read from and its path inside the repository.
struct Source {
    file: PathBuf,
    path: String,
}

fn is_yaml(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yml" | "yaml")
    )
}

fn is_action(path: &Path) -> bool {
    matches!(
        path.file_name().and_then(|n| n.to_str()),
        Some("action.yml" | "action.yaml")
    )
}

fn relative(file: &Path, root: &Path) -> String {
    file.strip_prefix(root)
        .unwrap_or(file)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Action metadata has a top-level `runs` and no `jobs` (for files not named `action.yml`).
fn looks_like_action(text: &str) -> bool {
    let top = |key: &str| text.lines().any(|line| line.starts_with(key));
    top("runs:") && !top("jobs:")
}

/// Every workflow and action file of a repository folder, in a stable order.
fn collect(root: &Path, dir: &Path, out: &mut Vec<Source>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    entries.sort();
    for entry in entries {
        let name = entry.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if entry.is_dir() {
            if name == "target"
                || name == "node_modules"
                || (name.starts_with('.') && name != ".github")
            {
                continue;
            }
            collect(root, &entry, out)?;
        } else if is_yaml(&entry) {
            let path = relative(&entry, root);
            let workflow = path
                .strip_prefix(".github/workflows/")
                .is_some_and(|rest| !rest.contains('/'));
            if workflow || is_action(&entry) {
                out.push(Source { file: entry, path });
            }
        }
    }
    Ok(())
}

/// Imports one file's text: parse, validate, generate.
fn import_text(text: &str, path: &str, action: bool) -> Result<Module, String> {
    if action {
        let parsed = pipeline_sdk::parse::action(text).map_err(|e| e.with_file(path))?;
        let findings: Diagnostics = validate::validate_action(&parsed.value);
        let findings: Vec<_> = findings.iter().cloned().collect();
        let notes = Notes {
            findings: &findings,
            comment: None,
        };
        Ok(import::action(&parsed.value, path, &notes))
    } else {
        let parsed = pipeline_sdk::parse::workflow(text).map_err(|e| e.with_file(path))?;
        let config = validate::Config::default().known_actions(pipeline_sdk::actions::metadata());
        let findings = validate::validate_with(&parsed.value, &config);
        let findings: Vec<_> = findings.iter().cloned().collect();
        let notes = Notes {
            findings: &findings,
            comment: None,
        };
        Ok(import::workflow(&parsed.value, path, &notes))
    }
}

pub(crate) fn run(args: &Args) -> ExitCode {
    let mut sources = Vec::new();
    for path in &args.paths {
        if path.is_dir() {
            if let Err(error) = collect(path, path, &mut sources) {
                eprintln!("{}: cannot read: {error}", path.display());
                return ExitCode::from(2);
            }
        } else {
            sources.push(Source {
                file: path.clone(),
                path: path.to_string_lossy().replace('\\', "/"),
            });
        }
    }
    let mut modules: Vec<(Entry, Module)> = Vec::new();
    let mut failed = false;
    for source in &sources {
        let text = match std::fs::read_to_string(&source.file) {
            Ok(text) => text,
            Err(error) => {
                eprintln!("{}: cannot read: {error}", source.file.display());
                failed = true;
                continue;
            }
        };
        let action = is_action(&source.file) || looks_like_action(&text);
        match import_text(&text, &source.path, action) {
            Ok(module) => {
                let stem = if is_action(&source.file) {
                    Path::new(&source.path)
                        .parent()
                        .and_then(|p| p.file_name())
                        .map_or("action".into(), |n| n.to_string_lossy().into_owned())
                } else {
                    Path::new(&source.path)
                        .file_stem()
                        .map_or("workflow".into(), |n| n.to_string_lossy().into_owned())
                };
                let mut name = import::module_name(&stem);
                while modules.iter().any(|(e, _)| e.module == name) {
                    name.push('_');
                }
                modules.push((
                    Entry {
                        module: name,
                        path: source.path.clone(),
                        action,
                    },
                    module,
                ));
            }
            Err(error) => {
                eprintln!("{error}");
                failed = true;
            }
        }
    }
    match &args.xtask {
        None => {
            for (i, (entry, module)) in modules.iter().enumerate() {
                if modules.len() > 1 {
                    if i > 0 {
                        println!();
                    }
                    println!("// {}: {}.rs", entry.path, entry.module);
                }
                print!("{}", module.source);
            }
        }
        Some(dir) => {
            if let Err(error) = write_crate(dir, &modules) {
                eprintln!("{}: {error}", dir.display());
                return ExitCode::from(2);
            }
            let mut stats = import::Stats::default();
            for (_, module) in &modules {
                stats += module.stats;
            }
            println!(
                "import: {} files into {}; {} expressions typed, {} kept as text",
                modules.len(),
                dir.display(),
                stats.typed,
                stats.text
            );
        }
    }
    if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}

fn write_crate(dir: &Path, modules: &[(Entry, Module)]) -> std::io::Result<()> {
    let src = dir.join("src");
    std::fs::create_dir_all(&src)?;
    let manifest = "[package]\nname = \"xtask\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\npipeline-sdk = \"0.1\"\n";
    let cargo = dir.join("Cargo.toml");
    if !cargo.exists() {
        pipeline_sdk::files::write_atomic(&cargo, manifest)?;
    }
    let entries: Vec<Entry> = modules.iter().map(|(e, _)| e.clone()).collect();
    pipeline_sdk::files::write_atomic(&src.join("main.rs"), &import::xtask_main(&entries))?;
    for (entry, module) in modules {
        pipeline_sdk::files::write_atomic(
            &src.join(format!("{}.rs", entry.module)),
            &module.source,
        )?;
    }
    Ok(())
}
