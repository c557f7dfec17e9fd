//! Round trip over real workflows and actions from well-known projects (`../shared/corpus`): each file
//! parses, emits to the same data, re-parses to the same model, and formatting is idempotent byte for byte.

use pipeline_sdk::emit::{self, EmitOptions};
use pipeline_sdk::parse;
use std::path::{Path, PathBuf};

fn shared() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    dir.is_dir().then_some(dir)
}

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("yml" | "yaml")));
    files.sort();
    files
}

/// The data of a YAML text as serde_yaml reads it, merge keys applied.
fn data(text: &str) -> Result<serde_yaml::Value, String> {
    let mut value: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| e.to_string())?;
    value.apply_merge().map_err(|e| e.to_string())?;
    Ok(value)
}

/// Reads, emits, re-reads and re-emits one file; the error says which property failed.
fn round_trip(path: &Path, is_action: bool) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let options = EmitOptions::default();
    let (first, again, twice) = if is_action {
        let model = parse::action(&text)
            .map_err(|e| format!("parse: {e}"))?
            .value;
        let first = emit::action(&model, &options);
        let reparsed = parse::action(&first)
            .map_err(|e| format!("re-parse: {e}\n{first}"))?
            .value;
        if reparsed != model {
            return Err("re-parsed model differs".into());
        }
        let twice = emit::action(&reparsed, &options);
        (first.clone(), first, twice)
    } else {
        let model = parse::workflow(&text)
            .map_err(|e| format!("parse: {e}"))?
            .value;
        let first = emit::workflow(&model, &options);
        let reparsed = parse::workflow(&first)
            .map_err(|e| format!("re-parse: {e}\n{first}"))?
            .value;
        if reparsed != model {
            return Err("re-parsed model differs".into());
        }
        let twice = emit::workflow(&reparsed, &options);
        (first.clone(), first, twice)
    };
    let original = data(&text)?;
    let emitted = data(&first).map_err(|e| format!("emitted text is not YAML: {e}"))?;
    if original != emitted {
        return Err(format!("data differs\n--- emitted ---\n{again}"));
    }
    if first != twice {
        return Err("formatting is not idempotent".into());
    }
    Ok(())
}

#[test]
fn corpus_round_trips() {
    let Some(shared) = shared() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "../shared is missing; CI runs with it beside the project"
        );
        println!(
            "corpus: skipped, ../shared is not beside the project (it holds the third-party corpus)"
        );
        return;
    };
    let mut failures = Vec::new();
    let mut counts = [0usize; 2];
    for (i, (folder, is_action)) in [("corpus/workflows", false), ("corpus/actions", true)]
        .into_iter()
        .enumerate()
    {
        for path in yaml_files(&shared.join(folder)) {
            counts[i] += 1;
            if let Err(error) = round_trip(&path, is_action) {
                failures.push(format!("{}: {error}", path.display()));
            }
        }
    }
    let total = counts[0] + counts[1];
    println!(
        "corpus: {} of {total} files round-trip ({} workflows, {} actions)",
        total - failures.len(),
        counts[0],
        counts[1]
    );
    assert!(total > 0, "the corpus folder holds no YAML files");
    assert!(
        failures.is_empty(),
        "{} files failed:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// The four files the project was created from parse and round-trip as they stand (the invalid
/// `${{ github.sha:0:7 }}` is still a string at this layer), and their canonical forms are pinned.
#[test]
fn seed_files_round_trip() {
    let Some(shared) = shared() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "../shared is missing; CI runs with it beside the project"
        );
        println!("seed: skipped, ../shared is not beside the project (it holds the seed)");
        return;
    };
    let files = [
        ("ci-cd.yml", false),
        ("advanced-ci.yml", false),
        ("infra-security.yml", false),
        ("actions/deploy/action.yml", true),
    ];
    for (file, is_action) in files {
        let path = shared.join("seed").join(file);
        if let Err(error) = round_trip(&path, is_action) {
            panic!("{file}: {error}");
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let options = EmitOptions::default();
        let canonical = if is_action {
            emit::action(&parse::action(&text).unwrap().value, &options)
        } else {
            emit::workflow(&parse::workflow(&text).unwrap().value, &options)
        };
        let name = format!("seed_{}", file.replace(['/', '.', '-'], "_"));
        insta::assert_snapshot!(name, canonical);
    }
    println!("seed: 4 of 4 files round-trip");
}
