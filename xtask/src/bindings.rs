//! `cargo xtask bindings [--check] [--corpus DIR]`: regenerates the SDK's bundled action bindings,
//! `src/actions/`, from action metadata: the corpus's (`../shared/corpus/actions` beside the
//! repository) and, for actions the corpus has none for, the files in `xtask/metadata`.
//!
//! The set is the 30 remote actions the corpus's workflows use most (with every action tied with the
//! 30th), and every remote action the workflows or the seed pipeline use that has metadata in the
//! corpus; the test `bundled_set_is_what_is_used` keeps it so. An action with corpus metadata is bound
//! at the newest major version the corpus's files use (`@master` for Trivy's action, the only reference
//! anyone uses); one with a file in `xtask/metadata` at the release that file was read from, which its
//! header names with the commit. A repository's pins file moves a binding to a commit.

use pipeline_sdk::bindings::{self, Options};
use pipeline_sdk::files::{unified_diff, write_atomic};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Where a bundled binding's metadata comes from.
#[derive(Clone, Copy)]
enum Source {
    /// A file of the corpus's action metadata.
    Corpus(&'static str),
    /// A file of `xtask/metadata`: the interface of a much-used action the corpus has no metadata
    /// for, written from the action's public `action.yml` (its header names the commit read).
    Vendored(&'static str),
}

impl Source {
    /// The metadata file, in the corpus folder or in `xtask/metadata`.
    fn path(self, corpus: &Path) -> PathBuf {
        match self {
            Self::Corpus(file) => corpus.join(file),
            Self::Vendored(file) => vendored().join(file),
        }
    }
}

/// One bundled binding: its module, its type, the reference it uses, and where its metadata is.
struct Bundled {
    module: &'static str,
    type_name: &'static str,
    uses: &'static str,
    source: Source,
}

const fn bundled(
    module: &'static str,
    type_name: &'static str,
    uses: &'static str,
    source: Source,
) -> Bundled {
    Bundled {
        module,
        type_name,
        uses,
        source,
    }
}

/// The bundled set, by module name.
const BUNDLE: &[Bundled] = &[
    bundled(
        "attest_build_provenance",
        "AttestBuildProvenance",
        "actions/attest-build-provenance@v2",
        Source::Vendored("actions__attest-build-provenance__action.yml"),
    ),
    bundled(
        "bake_action",
        "BakeAction",
        "docker/bake-action@v4",
        Source::Vendored("docker__bake-action__action.yml"),
    ),
    bundled(
        "build_duckdb",
        "BuildDuckdb",
        "duckdb/duckdb-ci/build-duckdb@main",
        Source::Vendored("duckdb__duckdb-ci__build-duckdb__action.yml"),
    ),
    bundled(
        "build_push",
        "BuildPush",
        "docker/build-push-action@v6",
        Source::Vendored("docker__build-push-action__action.yml"),
    ),
    bundled(
        "cache",
        "Cache",
        "actions/cache@v4",
        Source::Vendored("actions__cache__action.yml"),
    ),
    bundled(
        "cache_restore",
        "CacheRestore",
        "actions/cache/restore@v6",
        Source::Corpus("actions__cache__restore__action.yml"),
    ),
    bundled(
        "checkout",
        "Checkout",
        "actions/checkout@v4",
        Source::Vendored("actions__checkout__action.yml"),
    ),
    bundled(
        "codecov",
        "Codecov",
        "codecov/codecov-action@v5",
        Source::Vendored("codecov__codecov-action__action.yml"),
    ),
    bundled(
        "codeql_analyze",
        "CodeqlAnalyze",
        "github/codeql-action/analyze@v4",
        Source::Corpus("github__codeql-action__analyze__action.yml"),
    ),
    bundled(
        "docker_login",
        "DockerLogin",
        "docker/login-action@v4",
        Source::Corpus("docker__login-action__action.yml"),
    ),
    bundled(
        "docker_metadata",
        "DockerMetadata",
        "docker/metadata-action@v5",
        Source::Vendored("docker__metadata-action__action.yml"),
    ),
    bundled(
        "docker_setup_buildx",
        "DockerSetupBuildx",
        "docker/setup-buildx-action@v4",
        Source::Corpus("docker__setup-buildx-action__action.yml"),
    ),
    bundled(
        "download_artifact",
        "DownloadArtifact",
        "actions/download-artifact@v4",
        Source::Vendored("actions__download-artifact__action.yml"),
    ),
    bundled(
        "dtolnay_install",
        "DtolnayInstall",
        "dtolnay/install@cargo-docs-rs",
        Source::Vendored("dtolnay__install__action.yml"),
    ),
    bundled(
        "duckdb_checkout",
        "DuckdbCheckout",
        "duckdb/duckdb-ci/.github/actions/checkout@main",
        Source::Vendored("duckdb__duckdb-ci__.github__actions__checkout__action.yml"),
    ),
    bundled(
        "github_script",
        "GithubScript",
        "actions/github-script@v9",
        Source::Corpus("actions__github-script__action.yml"),
    ),
    bundled(
        "install_action",
        "InstallAction",
        "taiki-e/install-action@v2",
        Source::Corpus("taiki-e__install-action__action.yml"),
    ),
    bundled(
        "moonrepo_setup_rust",
        "MoonrepoSetupRust",
        "moonrepo/setup-rust@v1",
        Source::Vendored("moonrepo__setup-rust__action.yml"),
    ),
    bundled(
        "paths_filter",
        "PathsFilter",
        "dorny/paths-filter@v3",
        Source::Vendored("dorny__paths-filter__action.yml"),
    ),
    bundled(
        "pnpm_setup",
        "PnpmSetup",
        "pnpm/action-setup@v6",
        Source::Corpus("pnpm__action-setup__action.yml"),
    ),
    bundled(
        "rust_cache",
        "RustCache",
        "Swatinem/rust-cache@v2",
        Source::Corpus("Swatinem__rust-cache__action.yml"),
    ),
    bundled(
        "rust_toolchain",
        "RustToolchain",
        "dtolnay/rust-toolchain@stable",
        Source::Vendored("dtolnay__rust-toolchain__action.yml"),
    ),
    bundled(
        "sccache_action",
        "SccacheAction",
        "mozilla-actions/sccache-action@v0.0.9",
        Source::Vendored("mozilla-actions__sccache-action__action.yml"),
    ),
    bundled(
        "setup_go",
        "SetupGo",
        "actions/setup-go@v6",
        Source::Vendored("actions__setup-go__action.yml"),
    ),
    bundled(
        "setup_gradle",
        "SetupGradle",
        "gradle/actions/setup-gradle@v5",
        Source::Corpus("gradle__actions__setup-gradle__action.yml"),
    ),
    bundled(
        "setup_java",
        "SetupJava",
        "actions/setup-java@v5",
        Source::Vendored("actions__setup-java__action.yml"),
    ),
    bundled(
        "setup_msys2",
        "SetupMsys2",
        "msys2/setup-msys2@v2",
        Source::Vendored("msys2__setup-msys2__action.yml"),
    ),
    bundled(
        "setup_node",
        "SetupNode",
        "actions/setup-node@v7",
        Source::Corpus("actions__setup-node__action.yml"),
    ),
    bundled(
        "setup_python",
        "SetupPython",
        "actions/setup-python@v5",
        Source::Vendored("actions__setup-python__action.yml"),
    ),
    bundled(
        "setup_qemu",
        "SetupQemu",
        "docker/setup-qemu-action@v3",
        Source::Vendored("docker__setup-qemu-action__action.yml"),
    ),
    bundled(
        "setup_rust_toolchain",
        "SetupRustToolchain",
        "actions-rust-lang/setup-rust-toolchain@v1",
        Source::Vendored("actions-rust-lang__setup-rust-toolchain__action.yml"),
    ),
    bundled(
        "setup_uv",
        "SetupUv",
        "astral-sh/setup-uv@v7",
        Source::Vendored("astral-sh__setup-uv__action.yml"),
    ),
    bundled(
        "trivy",
        "Trivy",
        "aquasecurity/trivy-action@master",
        Source::Corpus("aquasecurity__trivy-action__action.yaml"),
    ),
    bundled(
        "upload_artifact",
        "UploadArtifact",
        "actions/upload-artifact@v7",
        Source::Corpus("actions__upload-artifact__action.yml"),
    ),
    bundled(
        "upload_pages_artifact",
        "UploadPagesArtifact",
        "actions/upload-pages-artifact@v5",
        Source::Corpus("actions__upload-pages-artifact__action.yml"),
    ),
    bundled(
        "upload_sarif",
        "UploadSarif",
        "github/codeql-action/upload-sarif@v2",
        Source::Vendored("github__codeql-action__upload-sarif__action.yml"),
    ),
];

/// The first line of every generated file.
const HEADER: &str = "// Generated by pipeline-sdk from action metadata; do not edit.\n\
                      // Regenerate with `cargo xtask bindings`.\n";

/// The repository's root.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The corpus's action metadata folder, beside the repository.
fn default_corpus() -> PathBuf {
    root().join("../shared/corpus/actions")
}

/// The folder of metadata written for actions the corpus lacks.
fn vendored() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("metadata")
}

/// The folder of the bundled set.
const ACTIONS: &str = "src/actions";

/// Every file of the bundled set, relative to the repository's root, with its text.
fn render(corpus: &Path) -> Result<Vec<(PathBuf, String)>, String> {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let mut interfaces = Vec::new();
    for entry in BUNDLE {
        let path = entry.source.path(corpus);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(error) => {
                errors.push(format!("{}: cannot read: {error}", path.display()));
                continue;
            }
        };
        let action = match pipeline_sdk::parse::action(&text) {
            Ok(parsed) => parsed.value,
            Err(error) => {
                errors.push(error.with_file(&path.display().to_string()));
                continue;
            }
        };
        let options = Options::new()
            .type_name(entry.type_name)
            .crate_path("crate")
            .example_path(format!("pipeline_sdk::actions::{}", entry.module));
        match bindings::generate(&action, entry.uses, &options) {
            Ok(code) => files.push((
                Path::new(ACTIONS).join(format!("{}.rs", entry.module)),
                format!("{HEADER}\n{code}"),
            )),
            Err(error) => errors.push(format!("{}: {error}", path.display())),
        }
        interfaces.push((entry, action));
    }
    if !errors.is_empty() {
        return Err(errors.join("\n"));
    }
    files.push((Path::new(ACTIONS).join("known.rs"), known(&interfaces)));
    files.push((Path::new(ACTIONS).join("mod.rs"), index()));
    Ok(files)
}

/// The key the validator knows a bundled action by: its name in lowercase and the major version of its
/// reference (`actions/checkout@v4`). `None` for a binding at a branch (`@main`, `@stable`) or below
/// version 1 (`@v0.0.9`): what those take changes without a new major version, so the metadata read
/// once would soon report inputs the action has since gained.
fn known_key(uses: &str) -> Option<String> {
    let key = pipeline_sdk::validate::major_version_key(uses)?;
    let major = key.rsplit_once('@')?.1;
    let released = major
        .strip_prefix('v')
        .and_then(|n| n.parse::<u32>().ok())
        .is_some_and(|n| n >= 1);
    released.then_some(key)
}

/// `src/actions/known.rs`: the interface of every bundled action (inputs, whether a step must pass each,
/// defaults, deprecations, outputs), for the validator, as a table the crate turns into metadata.
fn known(interfaces: &[(&Bundled, pipeline_sdk::model::Action)]) -> String {
    let mut table = String::new();
    for (entry, action) in interfaces {
        let Some(key) = known_key(entry.uses) else {
            continue;
        };
        let docker = action.runs.as_ref().is_some_and(|r| r.using() == "docker");
        table.push_str(&format!(
            "    Known {{\n        key: {key:?},\n        docker: {docker},\n        inputs: &[\n"
        ));
        for (name, input) in action.inputs.iter().flatten() {
            let default = match &input.default {
                None | Some(pipeline_sdk::model::Value::Null) => "None".to_owned(),
                Some(value) => format!("Some({:?})", value.to_string()),
            };
            table.push_str(&format!(
                "            Input {{ name: {name:?}, required: {}, default: {default}, deprecated: {} }},\n",
                input.is_required(),
                input.deprecation_message.is_some()
            ));
        }
        table.push_str("        ],\n        outputs: &[");
        let outputs: Vec<String> = action
            .outputs
            .iter()
            .flatten()
            .map(|(name, _)| format!("{name:?}"))
            .collect();
        table.push_str(&outputs.join(", "));
        table.push_str("],\n    },\n");
    }
    format!(
        "{HEADER}
//! The interface of the bundled actions that have major releases, for the validator: each input with
//! whether a step must pass it, its default and whether it is deprecated, and each output. Keys name the
//! action in lowercase with the major version of its binding, so only steps at that version are checked
//! against it. Actions bound at a branch or below version 1 are left out: what they take changes without
//! a new major version.

use crate::model::{{Action, ActionInput, ActionOutput, DockerRuns, NodeRuns, Runs, Value}};

/// An input of a bundled action.
struct Input {{
    name: &'static str,
    required: bool,
    default: Option<&'static str>,
    deprecated: bool,
}}

/// A bundled action's interface.
struct Known {{
    key: &'static str,
    docker: bool,
    inputs: &'static [Input],
    outputs: &'static [&'static str],
}}

impl Known {{
    fn action(&self) -> Action {{
        let inputs = self
            .inputs
            .iter()
            .map(|input| {{
                let metadata = ActionInput {{
                    required: Some(Value::Bool(input.required)),
                    default: input.default.map(Value::from),
                    deprecation_message: input
                        .deprecated
                        .then(|| \"the action's documentation names what replaces it\".to_owned()),
                    ..ActionInput::default()
                }};
                (input.name.to_owned(), metadata)
            }})
            .collect();
        let outputs = self
            .outputs
            .iter()
            .map(|name| ((*name).to_owned(), ActionOutput::default()))
            .collect();
        let runs = if self.docker {{
            Runs::Docker(DockerRuns {{
                using: \"docker\".to_owned(),
                ..DockerRuns::default()
            }})
        }} else {{
            Runs::Node(NodeRuns {{
                using: \"node24\".to_owned(),
                ..NodeRuns::default()
            }})
        }};
        Action {{
            name: Some(self.key.to_owned()),
            inputs: Some(inputs),
            outputs: Some(outputs),
            runs: Some(runs),
            ..Action::default()
        }}
    }}
}}

/// The metadata of the bundled actions that have major releases, keyed by name and major version
/// (`actions/checkout@v4`), for
/// [`Config::known_actions`](crate::validate::Config::known_actions): steps that use one of them at that
/// version get their `with:` keys, required and deprecated inputs and output references checked.
///
/// ```
/// use pipeline_sdk::validate::{{Config, check_workflow}};
/// let config = Config::default().known_actions(pipeline_sdk::actions::metadata());
/// let text = \"on: push\\njobs:\\n  a:\\n    runs-on: ubuntu-latest\\n    steps:\\n      - uses: actions/checkout@v4\\n        with:\\n          fetch-dept: 0\\n\";
/// let diagnostics = check_workflow(text, \"ci.yml\", &config);
/// let first = diagnostics.iter().next().unwrap();
/// assert_eq!(first.code, \"action-input-unknown\");
/// assert!(first.message.ends_with(\"did you mean `fetch-depth`?\"));
/// // Another major version is not checked against this metadata.
/// let text = text.replace(\"@v4\", \"@v5\");
/// assert!(check_workflow(&text, \"ci.yml\", &config).is_empty());
/// ```
pub fn metadata() -> impl Iterator<Item = (String, Action)> {{
    KNOWN
        .iter()
        .map(|known| (known.key.to_owned(), known.action()))
}}

#[rustfmt::skip]
const KNOWN: &[Known] = &[
{table}];
"
    )
}

/// `src/actions/mod.rs`: what the set is, and one documented module per action.
fn index() -> String {
    let mut text = String::from(HEADER);
    text.push_str(
        "\n//! Typed bindings of the actions that real workflows use most, generated from each action's metadata.\n\
         //!\n\
         //! Each module holds one binding: a struct whose `new` takes the inputs the action requires (those\n\
         //! without a default), with a chaining method for every other input and, when the action has\n\
         //! outputs, `T::outputs(&step)` reading them as expressions. The documentation states facts only:\n\
         //! each input's name, kind, default and whether it is required or deprecated.\n\
         //!\n\
         //! The bindings use a major version (`@v7`) or, for an action without major releases, the reference\n\
         //! people use (`@main`, `@stable`, `@v0.0.9`).\n\
         //! A pins file (see [`crate::pins`] and [`Generator::pins`](crate::generate::Generator::pins))\n\
         //! writes them at a commit with the version in a comment, and keeps bumps a bot makes.\n\
         //!\n\
         //! For an action not here, print a binding with `pipeline bindings path/to/action.yml`, or check\n\
         //! a `#[derive(Action)]` struct against a vendored metadata file with\n\
         //! `#[action(uses = \"..\", metadata = \"vendor/x/action.yml\")]`.\n\
         //!\n\
         //! ```\n\
         //! use pipeline_sdk::actions::{cache_restore::CacheRestore, setup_node::SetupNode};\n\
         //! use pipeline_sdk::expr::{Template, fun::hash_files, runner};\n\
         //! use pipeline_sdk::model::{Job, Step};\n\
         //!\n\
         //! let mut job = Job::new(\"ubuntu-latest\").step(Step::checkout());\n\
         //! let key = Template::new().expr(runner::os()).text(\"-npm-\").expr(hash_files([\"package-lock.json\"]));\n\
         //! let cache = job.add_step(\"cache\", CacheRestore::new(\"~/.npm\", key).step());\n\
         //! let job = job\n\
         //!     .step(SetupNode::new().node_version(22).check_latest(true).step())\n\
         //!     .step(Step::run(\"npm ci\").if_(CacheRestore::outputs(&cache).cache_hit().ne(\"true\")));\n\
         //! let steps = job.step_list();\n\
         //! assert_eq!(steps[1].uses.as_deref(), Some(\"actions/cache/restore@v6\"));\n\
         //! assert_eq!(steps[3].r#if.as_ref().unwrap(), &\"steps.cache.outputs.cache-hit != 'true'\".into());\n\
         //! ```\n",
    );
    for entry in BUNDLE {
        text.push_str(&format!(
            "\n/// `{}`: [`{}`]({}::{}).\n#[rustfmt::skip]\npub mod {};\n",
            entry.uses, entry.type_name, entry.module, entry.type_name, entry.module
        ));
    }
    text.push_str("\nmod known;\npub use known::metadata;\n");
    text
}

/// Generated files in `src/actions` that the set no longer produces.
fn stale(files: &[(PathBuf, String)]) -> Vec<PathBuf> {
    let produced: Vec<&Path> = files.iter().map(|(p, _)| p.as_path()).collect();
    let Ok(entries) = std::fs::read_dir(root().join(ACTIONS)) else {
        return Vec::new();
    };
    let mut stale: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .map(|e| Path::new(ACTIONS).join(e.file_name()))
        .filter(|p| p.extension().is_some_and(|e| e == "rs") && !produced.contains(&p.as_path()))
        .filter(|p| std::fs::read_to_string(root().join(p)).is_ok_and(|t| t.starts_with(HEADER)))
        .collect();
    stale.sort();
    stale
}

/// What differs between the committed set and a fresh one: one diff per file, and stale files.
fn drift(corpus: &Path) -> Result<String, String> {
    let files = render(corpus)?;
    let mut out = String::new();
    for (path, text) in &files {
        let existing = std::fs::read_to_string(root().join(path)).unwrap_or_default();
        out.push_str(&unified_diff(
            &existing,
            text,
            &path.to_string_lossy().replace('\\', "/"),
        ));
    }
    for path in stale(&files) {
        out.push_str(&format!(
            "stale: {} is generated but no bundled action produces it\n",
            path.display()
        ));
    }
    Ok(out)
}

/// Runs `bindings` with its arguments (after the subcommand).
pub(crate) fn main(args: &[String]) -> ExitCode {
    let usage = "usage: cargo xtask bindings [--check] [--corpus DIR]";
    let mut check = false;
    let mut corpus = default_corpus();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--check" => check = true,
            "--corpus" => match args.next() {
                Some(dir) => corpus = PathBuf::from(dir),
                None => {
                    eprintln!("--corpus needs a folder; {usage}");
                    return ExitCode::from(2);
                }
            },
            other => {
                eprintln!("unknown argument `{other}`; {usage}");
                return ExitCode::from(2);
            }
        }
    }
    if !corpus.is_dir() {
        eprintln!(
            "error: {} is not a folder; the bundled bindings are generated from the corpus's action metadata",
            corpus.display()
        );
        return ExitCode::from(2);
    }
    if check {
        return match drift(&corpus) {
            Ok(drift) if drift.is_empty() => {
                println!("bindings: {} actions up to date", BUNDLE.len());
                ExitCode::SUCCESS
            }
            Ok(drift) => {
                print!("{drift}");
                eprintln!(
                    "error: the bundled bindings are out of date; run `cargo xtask bindings`"
                );
                ExitCode::FAILURE
            }
            Err(error) => {
                eprintln!("{error}");
                ExitCode::FAILURE
            }
        };
    }
    let files = match render(&corpus) {
        Ok(files) => files,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::FAILURE;
        }
    };
    if let Err(error) = std::fs::create_dir_all(root().join(ACTIONS)) {
        eprintln!("{ACTIONS}: {error}");
        return ExitCode::FAILURE;
    }
    for (path, text) in &files {
        let target = root().join(path);
        if std::fs::read_to_string(&target).is_ok_and(|t| t == *text) {
            continue;
        }
        if let Err(error) = write_atomic(&target, text) {
            eprintln!("{}: {error}", path.display());
            return ExitCode::FAILURE;
        }
        println!("wrote {}", path.display());
    }
    for path in stale(&files) {
        if let Err(error) = std::fs::remove_file(root().join(&path)) {
            eprintln!("{}: {error}", path.display());
            return ExitCode::FAILURE;
        }
        println!("removed {}", path.display());
    }
    println!("bindings: {} actions", BUNDLE.len());
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    fn corpus() -> Option<PathBuf> {
        let dir = default_corpus();
        if dir.is_dir() {
            Some(dir)
        } else {
            println!(
                "bindings: skipped, ../shared (the corpus of action metadata) is not beside the project"
            );
            None
        }
    }

    /// The committed `src/actions` is what `cargo xtask bindings` writes now.
    #[test]
    fn bundled_bindings_are_fresh() {
        let Some(corpus) = corpus() else { return };
        let drift = drift(&corpus).unwrap();
        assert!(drift.is_empty(), "run `cargo xtask bindings`:\n{drift}");
    }

    /// The remote actions a YAML text's `uses:` lines name (steps' and jobs'), lower-cased and
    /// without their ref: `owner/repo[/path]`. Local actions (`./x`), Docker images (`docker://x`)
    /// and reusable workflows (`.github/workflows/` in the path) are left out.
    fn used_actions(text: &str) -> Vec<String> {
        text.lines()
            .filter_map(|line| {
                let value = line
                    .trim_start()
                    .trim_start_matches("- ")
                    .trim_start()
                    .strip_prefix("uses:")?;
                let value = value.split('#').next()?.trim().trim_matches(['"', '\'']);
                let (action, _) = value.split_once('@')?;
                let remote = action.contains('/')
                    && !action.starts_with("./")
                    && !action.starts_with("docker://")
                    && !action.contains(".github/workflows/");
                remote.then(|| action.to_ascii_lowercase())
            })
            .collect()
    }

    /// The YAML files of a folder, with their text, by name.
    fn yaml_files(folder: &Path) -> Vec<(String, String)> {
        let mut files: Vec<(String, String)> = std::fs::read_dir(folder)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|e| e == "yml" || e == "yaml"))
            .map(|path| {
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                (name, std::fs::read_to_string(&path).unwrap())
            })
            .collect();
        files.sort();
        files
    }

    /// How many places in the bundled set go to the most-used actions; an action tied with the last
    /// of them is in too.
    const MOST_USED: usize = 30;

    /// The most-used remote actions of the corpus's workflows: ranked by `uses:` lines, then by files
    /// using them, then by name; the first [`MOST_USED`] and every action tied with the last of them.
    fn most_used(workflows: &[(String, String)]) -> Vec<String> {
        let mut counts: BTreeMap<String, (usize, BTreeSet<&str>)> = BTreeMap::new();
        for (name, text) in workflows {
            for action in used_actions(text) {
                let count = counts.entry(action).or_default();
                count.0 += 1;
                count.1.insert(name);
            }
        }
        let mut ranked: Vec<(String, usize, usize)> = counts
            .into_iter()
            .map(|(action, (uses, files))| (action, uses, files.len()))
            .collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)).then(a.0.cmp(&b.0)));
        let Some(last) = ranked
            .get(MOST_USED - 1)
            .map(|(_, uses, files)| (*uses, *files))
        else {
            return ranked.into_iter().map(|(action, ..)| action).collect();
        };
        ranked
            .into_iter()
            .enumerate()
            .take_while(|(i, (_, uses, files))| *i < MOST_USED || (*uses, *files) == last)
            .map(|(_, (action, ..))| action)
            .collect()
    }

    /// The corpus's action metadata files, by the action each describes (`owner/repo[/path]`,
    /// lower-cased), from its manifest.
    fn corpus_metadata(shared: &Path) -> BTreeMap<String, String> {
        let manifest = std::fs::read_to_string(shared.join("corpus/MANIFEST.tsv")).unwrap();
        let mut files = BTreeMap::new();
        for line in manifest.lines().skip(1) {
            let fields: Vec<&str> = line.split('\t').collect();
            let [name, "action", repository, path, ..] = fields.as_slice() else {
                continue;
            };
            let folder = Path::new(path).parent().unwrap().to_string_lossy();
            let action = if folder.is_empty() {
                repository.to_string()
            } else {
                format!("{repository}/{folder}")
            };
            let file = name.trim_start_matches("actions/").to_owned();
            files.insert(action.to_ascii_lowercase(), file);
        }
        files
    }

    /// The set holds exactly the corpus's most-used remote actions (see [`most_used`]) and every remote
    /// action its workflows or the seed use that has metadata in the corpus. An action with corpus
    /// metadata is generated from it; any other from its file in `xtask/metadata`.
    #[test]
    fn bundled_set_is_what_is_used() {
        let Some(corpus) = corpus() else { return };
        let shared = corpus.join("../..");
        let workflows = yaml_files(&shared.join("corpus/workflows"));
        let seed = yaml_files(&shared.join("seed"));
        let metadata = corpus_metadata(&shared);
        let mut expected: BTreeMap<String, String> = BTreeMap::new();
        for action in most_used(&workflows) {
            let source = metadata.get(&action).map_or("xtask/metadata", |_| "corpus");
            expected.insert(action, source.to_owned());
        }
        for (_, text) in workflows.iter().chain(&seed) {
            for action in used_actions(text) {
                if metadata.contains_key(&action) {
                    expected.insert(action, "corpus".to_owned());
                }
            }
        }
        let mut bundled = BTreeMap::new();
        for entry in BUNDLE {
            let action = entry.uses.split_once('@').unwrap().0.to_ascii_lowercase();
            let source = match entry.source {
                Source::Corpus(file) => {
                    assert_eq!(
                        metadata.get(&action).map(String::as_str),
                        Some(file),
                        "{action}: not the corpus's metadata of this action"
                    );
                    "corpus"
                }
                Source::Vendored(_) => "xtask/metadata",
            };
            bundled.insert(action, source.to_owned());
        }
        assert_eq!(bundled, expected);
    }

    /// Each file of `xtask/metadata` parses, gives a binding, and is the source of exactly one bundled
    /// action; each vendored source is such a file.
    #[test]
    fn vendored_metadata_is_used_once() {
        let files = yaml_files(&vendored());
        assert!(!files.is_empty());
        for (name, text) in &files {
            let users: Vec<&Bundled> = BUNDLE
                .iter()
                .filter(|b| matches!(b.source, Source::Vendored(file) if file == name))
                .collect();
            let [entry] = users.as_slice() else {
                panic!(
                    "xtask/metadata/{name}: used by {} bundled actions, not one",
                    users.len()
                );
            };
            let action = pipeline_sdk::parse::action(text)
                .unwrap_or_else(|error| panic!("{}", error.with_file(name)))
                .value;
            if let Err(error) = bindings::generate(&action, entry.uses, &Options::new()) {
                panic!("xtask/metadata/{name}: {error}");
            }
        }
        for entry in BUNDLE {
            if let Source::Vendored(file) = entry.source {
                assert!(
                    files.iter().any(|(name, _)| name == file),
                    "{}: xtask/metadata/{file} is missing",
                    entry.module
                );
            }
        }
    }

    #[test]
    fn modules_are_sorted_and_named_after_types() {
        let modules: Vec<&str> = BUNDLE.iter().map(|b| b.module).collect();
        let mut sorted = modules.clone();
        sorted.sort_unstable();
        assert_eq!(modules, sorted);
        for entry in BUNDLE {
            let snake: String = entry
                .type_name
                .chars()
                .enumerate()
                .flat_map(|(i, c)| {
                    let sep = (i > 0 && c.is_ascii_uppercase()).then_some('_');
                    sep.into_iter()
                        .chain(std::iter::once(c.to_ascii_lowercase()))
                })
                .collect();
            assert_eq!(snake, entry.module);
        }
    }
}
