//! Import proven by compiling what it writes: every workflow and action file becomes a module of one
//! generated crate, the crate is built and run, and each file it emits must be byte for byte the canonical
//! form of its original (`emit(parse(original))`, what `pipeline fmt` prints). The modules must also be
//! in rustfmt's layout and compile without a warning.
//!
//! Our own fixtures (`tests/fixtures/import/`) run here always; the corpus and the seed beside the project
//! (`../shared`) are a conformance layer on top.

use pipeline_sdk::emit::{self, EmitOptions};
use pipeline_sdk::import::{self, Entry, Notes, Stats};
use pipeline_sdk::validate;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// One file to import.
struct Input {
    /// Where it is read from.
    file: PathBuf,
    /// Its path in the imported repository.
    path: String,
    action: bool,
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(yaml_files(&path));
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yml" | "yaml")
        ) {
            out.push(path);
        }
    }
    out.sort();
    out
}

fn inputs(dir: &Path, actions_dir: impl Fn(&Path) -> bool) -> Vec<Input> {
    yaml_files(dir)
        .into_iter()
        .map(|file| {
            let rel = file
                .strip_prefix(dir)
                .unwrap_or(&file)
                .to_string_lossy()
                .replace('\\', "/");
            let action = actions_dir(&file);
            Input {
                path: rel,
                file,
                action,
            }
        })
        .collect()
}

/// What an import run found.
struct Outcome {
    files: usize,
    same: usize,
    stats: Stats,
    gaps: Vec<String>,
}

/// Imports every input into one crate, builds and runs it, and compares each emitted file with the
/// canonical form of its original.
fn round_trip(name: &str, inputs: &[Input], xtask: bool) -> Outcome {
    let base = std::env::temp_dir().join(format!("pipeline-import-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    // The xtask regenerates the files below its parent folder, as in a repository.
    let crate_dir = if xtask {
        base.join("repo/xtask")
    } else {
        base.clone()
    };
    std::fs::create_dir_all(crate_dir.join("src")).unwrap();
    let mut entries = Vec::new();
    let mut expected = Vec::new();
    let mut stats = Stats::default();
    let mut gaps = Vec::new();
    let config = validate::Config::default().known_actions(pipeline_sdk::actions::metadata());
    for (i, input) in inputs.iter().enumerate() {
        let text = std::fs::read_to_string(&input.file).unwrap();
        let module_name = format!(
            "m{i:03}_{}",
            import::module_name(
                input
                    .path
                    .rsplit('/')
                    .next()
                    .unwrap()
                    .split('.')
                    .next()
                    .unwrap()
            )
        );
        let (module, canonical) = if input.action {
            let parsed = pipeline_sdk::parse::action(&text)
                .unwrap_or_else(|e| panic!("{}", e.with_file(&input.path)));
            let findings: Vec<_> = validate::validate_action(&parsed.value)
                .iter()
                .cloned()
                .collect();
            let notes = Notes {
                findings: &findings,
                comment: None,
            };
            (
                import::action(&parsed.value, &input.path, &notes),
                emit::action(&uncommented_action(&parsed.value), &EmitOptions::default()),
            )
        } else {
            let parsed = pipeline_sdk::parse::workflow(&text)
                .unwrap_or_else(|e| panic!("{}", e.with_file(&input.path)));
            let findings: Vec<_> = validate::validate_with(&parsed.value, &config)
                .iter()
                .cloned()
                .collect();
            let notes = Notes {
                findings: &findings,
                comment: None,
            };
            (
                import::workflow(&parsed.value, &input.path, &notes),
                emit::workflow(
                    &uncommented_workflow(&parsed.value),
                    &EmitOptions::default(),
                ),
            )
        };
        stats += module.stats;
        gaps.extend(module.gaps.iter().map(|g| format!("{}: {g}", input.path)));
        std::fs::write(
            crate_dir.join("src").join(format!("{module_name}.rs")),
            &module.source,
        )
        .unwrap();
        entries.push(Entry {
            module: module_name,
            path: input.path.clone(),
            action: input.action,
        });
        expected.push(canonical);
    }
    let main = if xtask {
        import::xtask_main(&entries)
    } else {
        let mut main = String::new();
        for entry in &entries {
            let _ = writeln!(main, "mod {};", entry.module);
        }
        main.push_str("\nfn main() {\n    let out = std::path::PathBuf::from(std::env::args().nth(1).unwrap());\n    let options = pipeline_sdk::emit::EmitOptions::default();\n");
        for (i, entry) in entries.iter().enumerate() {
            let emit = if entry.action {
                format!(
                    "pipeline_sdk::emit::action(&{}::action(), &options)",
                    entry.module
                )
            } else {
                format!(
                    "pipeline_sdk::emit::workflow(&{}::workflow(), &options)",
                    entry.module
                )
            };
            let _ = writeln!(
                main,
                "    std::fs::write(out.join(\"{i}.yml\"), {emit}).unwrap();"
            );
        }
        main.push_str("}\n");
        main
    };
    std::fs::write(crate_dir.join("src/main.rs"), main).unwrap();
    let manifest = format!(
        "[package]\nname = \"imported-{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\npipeline-sdk = {{ path = {:?}, default-features = false }}\n\n[workspace]\n",
        root().display().to_string()
    );
    std::fs::write(crate_dir.join("Cargo.toml"), manifest).unwrap();
    std::fs::copy(root().join("Cargo.lock"), crate_dir.join("Cargo.lock")).unwrap();

    // rustfmt's layout, checked on the modules as written.
    let mut sources: Vec<PathBuf> = entries
        .iter()
        .map(|e| crate_dir.join("src").join(format!("{}.rs", e.module)))
        .collect();
    if xtask {
        sources.push(crate_dir.join("src/main.rs"));
    }
    let fmt = Command::new("rustfmt")
        .args(["--check", "--edition", "2024"])
        .args(&sources)
        .output()
        .expect("rustfmt runs");
    assert!(
        fmt.status.success(),
        "{name}: the imported code is not in rustfmt's layout:\n{}",
        String::from_utf8_lossy(&fmt.stdout)
    );

    let target = root().join("target").join("import");
    let build = Command::new(env!("CARGO"))
        .args(["build", "--quiet", "--offline"])
        .current_dir(&crate_dir)
        .env("CARGO_TARGET_DIR", &target)
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let build_output = String::from_utf8_lossy(&build.stderr).into_owned();
    assert!(
        build.status.success(),
        "{name}: the imported crate does not build:\n{build_output}"
    );
    assert!(
        !build_output.contains("warning"),
        "{name}: the imported crate builds with warnings:\n{build_output}"
    );

    let out = crate_dir.join("out");
    std::fs::create_dir_all(&out).unwrap();
    let binary = target
        .join("debug")
        .join(format!("imported-{name}{}", std::env::consts::EXE_SUFFIX));
    let mut same = 0;
    if xtask {
        // The xtask writes each file at its original path below the crate's parent folder.
        let run = Command::new(&binary)
            .arg("workflows")
            .current_dir(&crate_dir)
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "{name}: the xtask failed:\n{}{}",
            String::from_utf8_lossy(&run.stdout),
            String::from_utf8_lossy(&run.stderr)
        );
        same = compare_xtask(name, inputs, &expected, &base.join("repo"));
    } else {
        let run = Command::new(&binary).arg(&out).output().unwrap();
        assert!(
            run.status.success(),
            "{name}: the imported crate failed:\n{}",
            String::from_utf8_lossy(&run.stderr)
        );
        let mut failures = Vec::new();
        for (i, input) in inputs.iter().enumerate() {
            let emitted = std::fs::read_to_string(out.join(format!("{i}.yml"))).unwrap();
            if emitted == expected[i] {
                same += 1;
            } else {
                failures.push(format!(
                    "{}:\n{}",
                    input.path,
                    pipeline_sdk::files::unified_diff(&expected[i], &emitted, &input.path)
                ));
            }
        }
        assert!(
            failures.is_empty(),
            "{name}: {} files differ:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }
    let _ = std::fs::remove_dir_all(&base);
    Outcome {
        files: inputs.len(),
        same,
        stats,
        gaps,
    }
}

/// The xtask's files are compared without the generated marker it puts on top.
fn compare_xtask(name: &str, inputs: &[Input], expected: &[String], repo: &Path) -> usize {
    let header = pipeline_sdk::generate::Generator::new(".").header();
    let prefix: String = header
        .lines()
        .map(|l| format!("# {l}\n"))
        .collect::<String>()
        + "\n";
    let mut same = 0;
    let mut failures = Vec::new();
    for (i, input) in inputs.iter().enumerate() {
        let written = std::fs::read_to_string(repo.join(&input.path)).unwrap_or_default();
        let body = written.strip_prefix(&prefix).unwrap_or(&written);
        if body == expected[i] {
            same += 1;
        } else {
            failures.push(format!(
                "{}:\n{}",
                input.path,
                pipeline_sdk::files::unified_diff(&expected[i], body, &input.path)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{name}: {} files differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
    same
}

fn report(name: &str, outcome: &Outcome) {
    println!(
        "{name}: import round trip: {} of {}",
        outcome.same, outcome.files
    );
    println!(
        "{name}: expressions typed: {}, kept as text: {}, not parsing: {}",
        outcome.stats.typed, outcome.stats.text, outcome.stats.unparsed
    );
    for gap in &outcome.gaps {
        println!("{name}: builder gap, written with the model's fields: {gap}");
    }
}

#[test]
fn fixtures_import_and_regenerate() {
    let dir = root().join("tests/fixtures/import");
    let inputs = inputs(&dir, |file| {
        file.file_name().is_some_and(|n| n == "action.yml")
    });
    assert!(
        inputs.len() >= 4,
        "the fixtures are in tests/fixtures/import"
    );
    let outcome = round_trip("fixtures", &inputs, true);
    report("fixtures", &outcome);
    assert_eq!(outcome.same, outcome.files);
    assert_eq!(
        outcome.stats.text, 0,
        "every expression of the fixtures is typed"
    );
}

#[test]
fn corpus_and_seed_import_and_regenerate() {
    let shared = root().join("../shared");
    if !shared.join("corpus").is_dir() {
        assert!(
            std::env::var_os("CI").is_none(),
            "../shared/corpus is missing"
        );
        println!("corpus: skipped, ../shared is not beside the project");
        return;
    }
    let mut all = inputs(&shared.join("corpus/workflows"), |_| false);
    all.extend(inputs(&shared.join("corpus/actions"), |_| true));
    let seed: Vec<Input> = inputs(&shared.join("seed"), |file| {
        file.file_name().is_some_and(|n| n == "action.yml")
    });
    all.extend(seed.into_iter().map(|i| Input {
        path: format!("seed/{}", i.path),
        ..i
    }));
    let outcome = round_trip("corpus", &all, false);
    report("corpus", &outcome);
    assert_eq!(outcome.same, outcome.files);
}

/// The canonical form compared with is without the YAML's comments: the imported code does not yet
/// rebuild them with the builders' `comment` calls, so they are left out on both sides.
fn uncommented_workflow(workflow: &pipeline_sdk::model::Workflow) -> pipeline_sdk::model::Workflow {
    let mut workflow = workflow.clone();
    workflow.strip_comments();
    workflow
}

/// [`uncommented_workflow`] for action metadata.
fn uncommented_action(action: &pipeline_sdk::model::Action) -> pipeline_sdk::model::Action {
    let mut action = action.clone();
    action.strip_comments();
    action
}
