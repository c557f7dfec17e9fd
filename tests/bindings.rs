//! Generated bindings compile, and `#[action(metadata = "..")]` reports what it should, where it should:
//! each test writes a small crate that depends on this one by path and runs `cargo check` on it, with a
//! target folder of its own under Cargo's temporary folder (the dependencies compile once and are
//! reused).
//!
//! - Every action metadata file of the corpus (`../shared/corpus/actions`) gives a binding that compiles
//!   and whose every method is called; a `#[derive(Action)]` struct with one field per input, checked
//!   against the same file, compiles too, which proves that the derive's own reader of the file agrees
//!   with the parser on every input, default and output.
//! - A crate with one mistake per struct fails with each error on its line, and a deprecated input
//!   warns; editing the metadata file alone makes the next check of a crate that passed see the change.

use pipeline_sdk::bindings::{self, Interface, Kind, Options};
use pipeline_sdk::parse;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The folder of this repository.
fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A crate under Cargo's temporary folder, written afresh: `Cargo.toml` depending on this crate, the
/// workspace's `Cargo.lock`, and `files` (relative path, text).
fn write_crate(name: &str, files: &[(&str, String)]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\npipeline-sdk = {{ path = {:?} }}\n\n[workspace]\n",
        root().display().to_string()
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    if let Ok(lock) = std::fs::read_to_string(root().join("Cargo.lock")) {
        std::fs::write(dir.join("Cargo.lock"), lock).unwrap();
    }
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// `cargo check` of a crate written by [`write_crate`]: whether it passed, and its diagnostics in the
/// short format (`src/lib.rs:12:5: error: ...`).
fn cargo_check(dir: &Path) -> (bool, String) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bindings-target");
    let output = Command::new(cargo)
        .args(["check", "--quiet", "--offline", "--message-format", "short"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status.success(), stderr)
}

/// The corpus's action metadata files, with the reference each is used by: `owner/repo[/path]@<commit>`
/// for an action published in a repository, `./path` for a repository's own action.
fn corpus_actions() -> Option<Vec<(PathBuf, String)>> {
    let shared = root().join("../shared");
    if !shared.is_dir() {
        assert!(
            std::env::var_os("CI").is_none(),
            "../shared is missing; CI runs with it beside the project"
        );
        println!("bindings: skipped, ../shared (the corpus) is not beside the project");
        return None;
    }
    let manifest = std::fs::read_to_string(shared.join("corpus/MANIFEST.tsv")).unwrap();
    let mut out = Vec::new();
    for line in manifest.lines().skip(1) {
        let fields: Vec<&str> = line.split('\t').collect();
        let [name, "action", repository, path, commit, ..] = fields.as_slice() else {
            continue;
        };
        let folder = Path::new(path)
            .parent()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let uses = if folder.starts_with(".github") {
            format!("./{folder}")
        } else if folder.is_empty() {
            format!("{repository}@{commit}")
        } else {
            format!("{repository}/{folder}@{commit}")
        };
        out.push((shared.join("corpus").join(name), uses));
    }
    out.sort();
    Some(out)
}

/// A value of the input's kind, as Rust source.
fn value(kind: Kind) -> &'static str {
    match kind {
        Kind::Boolean => "true",
        Kind::Number => "1",
        Kind::Any => "\"x\"",
    }
}

/// One module: the generated binding, a derived struct checked against the same file, and a function
/// that calls every method of both.
fn module(index: usize, file: &Path, uses: &str) -> String {
    let text = std::fs::read_to_string(file).unwrap();
    let action = parse::action(&text)
        .unwrap_or_else(|e| panic!("{}: {e}", file.display()))
        .value;
    let code = bindings::generate(&action, uses, &Options::new())
        .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let interface = Interface::of(&action).unwrap();
    let name = bindings::type_name(uses).unwrap();

    let mut out = format!(
        "/// `{}`.\npub mod action_{index} {{\n{code}\n",
        file.file_name().unwrap().to_string_lossy()
    );
    // The derive, checked against the file.
    let outputs: Vec<String> = interface
        .outputs
        .iter()
        .map(|o| format!("{} = {:?}", o.method, o.name))
        .collect();
    let outputs = if outputs.is_empty() {
        String::new()
    } else {
        format!(", outputs({})", outputs.join(", "))
    };
    let _ = writeln!(
        out,
        "/// The same action as a derived struct.\n#[derive(::pipeline_sdk::Action)]\n#[action(uses = {uses:?}, metadata = {:?}{outputs})]\npub struct Derived {{",
        file.display().to_string(),
    );
    for input in &interface.inputs {
        let ty = if input.needed {
            "String"
        } else {
            "Option<String>"
        };
        let _ = writeln!(
            out,
            "    /// `{}`.\n    #[action(rename = {:?})]\n    pub {}: {ty},",
            input.name, input.name, input.method
        );
    }
    out.push_str("}\n\n");
    // Every method of the binding, then the derived struct's step.
    let args: Vec<&str> = interface.needed().map(|i| value(i.kind)).collect();
    let mut chain = format!("{name}::new({})", args.join(", "));
    for input in interface.inputs.iter().filter(|i| !i.needed) {
        let _ = write!(
            chain,
            "\n            .{}({})",
            input.method,
            value(input.kind)
        );
    }
    let _ = writeln!(
        out,
        "/// Uses every part of the binding.\npub fn exercise() -> Vec<::pipeline_sdk::expr::Expr> {{\n    let mut job = ::pipeline_sdk::model::Job::new(\"ubuntu-latest\");\n    let step = job.add_step(\n        \"s\",\n        {chain}\n            .step(),\n    );\n    let {mutable}outputs = vec![step.outcome()];",
        mutable = if interface.outputs.is_empty() {
            ""
        } else {
            "mut "
        }
    );
    for output in &interface.outputs {
        let _ = writeln!(
            out,
            "    outputs.push({name}::outputs(&step).{}());\n    outputs.push(Derived::{}(&step));",
            output.method, output.method
        );
    }
    let fields: Vec<String> = interface
        .inputs
        .iter()
        .map(|i| {
            let v = if i.needed { "\"x\".to_owned()" } else { "None" };
            format!("{}: {v}", i.method)
        })
        .collect();
    let _ = writeln!(
        out,
        "    let derived: ::pipeline_sdk::model::Step = Derived {{ {} }}.into();\n    let _ = derived;\n    let _ = ::pipeline_sdk::model::Step::from({name}::default_or_new());\n    outputs\n}}\n}}",
        fields.join(", ")
    );
    // A `Default` binding when no input is required, else `new` with arguments.
    let constructor = if interface.needed().count() == 0 {
        format!("{name}::default()")
    } else {
        format!("{name}::new({})", args.join(", "))
    };
    out.replace(&format!("{name}::default_or_new()"), &constructor)
}

#[test]
fn corpus_bindings_compile() {
    let Some(actions) = corpus_actions() else {
        return;
    };
    assert!(actions.len() >= 20, "{} actions", actions.len());
    let mut lib = String::from(
        "//! Bindings of the corpus's actions.\n#![deny(warnings, missing_docs)]\n// Deprecated inputs are called on purpose.\n#![allow(deprecated)]\n\n",
    );
    for (index, (file, uses)) in actions.iter().enumerate() {
        lib.push_str(&module(index, file, uses));
        lib.push('\n');
    }
    let dir = write_crate("bindings-corpus", &[("src/lib.rs", lib)]);
    let (ok, stderr) = cargo_check(&dir);
    assert!(
        ok,
        "the bindings of {} do not compile:\n{stderr}",
        dir.display()
    );
}

/// Metadata for the compile-fail crate, in the shape of `actions/cache`.
const CACHE: &str = "\
name: Cache
description: Caches
inputs:
  path:
    required: true
  key:
    required: true
  restore-keys:
    description: Keys
  enableCrossOsArchive:
    default: 'false'
  save-always:
    deprecationMessage: Use the save action
outputs:
  cache-hit:
    description: Hit
runs:
  using: node24
  main: index.js
";

/// One mistake per struct; `// error: <text>` or `// warning: <text>` marks the line each diagnostic
/// points at.
const MISTAKES: &str = r#"//! The derive checked against vendored metadata.
#![allow(dead_code)]

use pipeline_sdk::Action;

/// Right.
#[derive(Action)]
#[action(uses = "actions/cache@v4", metadata = "vendor/cache/action.yml", outputs(cache_hit))]
struct Cache {
    path: String,
    key: String,
    restore_keys: Option<String>,
    #[action(rename = "enableCrossOsArchive")]
    cross_os: Option<bool>,
}

#[derive(Action)]
#[action(uses = "actions/cache@v4", metadata = "vendor/cache/action.yml")]
struct Typo {
    pth: String, // error: `actions/cache@v4` has no input `pth` (by its metadata, `vendor/cache/action.yml`); did you mean `path`?
    key: String,
}

#[derive(Action)]
#[action(uses = "actions/cache@v4", metadata = "vendor/cache/action.yml")]
struct Spelling {
    path: String,
    key: String,
    enable_cross_os_archive: Option<bool>, // error: the input is spelled `enableCrossOsArchive`: add `#[action(rename = "enableCrossOsArchive")]`
}

#[derive(Action)]
#[action(uses = "actions/cache@v4", metadata = "vendor/cache/action.yml")]
struct Missing { // error: `actions/cache@v4` requires input `key` and gives it no default, but no field sets it: add a field for it
    path: String,
}

#[derive(Action)]
#[action(uses = "actions/cache@v4", metadata = "vendor/cache/action.yml")]
struct Optional {
    path: String,
    key: Option<String>, // error: `actions/cache@v4` requires input `key` and gives it no default: the field's type is not an `Option`
}

#[derive(Action)]
#[action(uses = "actions/cache@v4", metadata = "vendor/cache/action.yml", outputs(hit))] // error: `actions/cache@v4` has no output `hit` (by its metadata, `vendor/cache/action.yml`)
struct Output {
    path: String,
    key: String,
}

#[derive(Action)]
#[action(uses = "actions/cache@v4", metadata = "vendor/nothing/action.yml")] // error: cannot read the action's metadata at
struct NoFile {
    path: String,
}

#[derive(Action)]
#[action(uses = "actions/cache@v4", metadata = "vendor/cache/action.yml")]
struct Deprecated {
    path: String,
    key: String,
    save_always: Option<bool>, // warning: `actions/cache@v4` deprecates input `save-always`: Use the save action
}
"#;

/// The `(line, severity: text)` marks of a source, and the diagnostics of `cargo check` on it.
fn marks(source: &str) -> Vec<(usize, String)> {
    source
        .lines()
        .enumerate()
        .filter_map(|(i, line)| {
            let (_, mark) = line.split_once(" // ")?;
            (mark.starts_with("error: ") || mark.starts_with("warning: "))
                .then(|| (i + 1, mark.to_owned()))
        })
        .collect()
}

/// The diagnostics about `src/lib.rs`, as `(line, "severity: message")`.
fn diagnostics(stderr: &str) -> Vec<(usize, String)> {
    stderr
        .lines()
        .filter_map(|line| {
            let rest = line.strip_prefix("src/lib.rs:")?;
            let (line_number, rest) = rest.split_once(':')?;
            let (_, message) = rest.split_once(": ")?;
            Some((line_number.parse().ok()?, message.to_owned()))
        })
        .collect()
}

#[test]
fn metadata_mistakes_are_reported_where_they_are() {
    let dir = write_crate(
        "bindings-metadata",
        &[
            ("src/lib.rs", MISTAKES.to_owned()),
            ("vendor/cache/action.yml", CACHE.to_owned()),
        ],
    );
    let (ok, stderr) = cargo_check(&dir);
    assert!(!ok, "the mistakes compiled:\n{stderr}");
    let found = diagnostics(&stderr);
    for (line, mark) in marks(MISTAKES) {
        let (severity, text) = mark.split_once(": ").unwrap();
        let hit = found
            .iter()
            .any(|(l, m)| *l == line && m.starts_with(severity) && m.contains(text));
        assert!(
            hit,
            "no {severity} on line {line} saying {text:?}:\n{stderr}"
        );
    }
    let errors = found.iter().filter(|(_, m)| m.starts_with("error")).count();
    assert_eq!(errors, 6, "one error per mistake, no cascade:\n{stderr}");
}

/// Editing the metadata file alone makes the next build read it again: the expansion includes it.
#[test]
fn editing_the_metadata_rebuilds() {
    let right = MISTAKES.split("\n\n#[derive(Action)]\n#[action(uses = \"actions/cache@v4\", metadata = \"vendor/cache/action.yml\")]\nstruct Typo")
        .next()
        .unwrap()
        .to_owned();
    let dir = write_crate(
        "bindings-tracking",
        &[
            ("src/lib.rs", right),
            ("vendor/cache/action.yml", CACHE.to_owned()),
        ],
    );
    let (ok, stderr) = cargo_check(&dir);
    assert!(ok, "{stderr}");
    std::fs::write(
        dir.join("vendor/cache/action.yml"),
        CACHE.replace("restore-keys:", "restore-key:"),
    )
    .unwrap();
    let (ok, stderr) = cargo_check(&dir);
    assert!(!ok, "the edited metadata was not read again");
    assert!(
        stderr.contains("has no input `restore-keys`")
            && stderr.contains("did you mean `restore-key`?"),
        "{stderr}"
    );
}
