//! The seed pipeline in Rust (`examples/seed/`): the faithful mode holds the same data as the seed's
//! YAML, every file the `generate` example writes is snapshot, the validator's findings on the faithful
//! files are pinned, and the fixed files have none.
//!
//! Tests that read the seed itself (`../shared/seed`) skip, with a message, when it is not there.

#[path = "../examples/seed/mod.rs"]
mod seed;

use pipeline_sdk::emit::{self, EmitOptions};
use pipeline_sdk::model::Runs;
use pipeline_sdk::validate::{self, Config, Diagnostic, Severity};
use seed::cli::{self, Args};
use seed::{Document, Mode};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A fresh folder under the system's temporary folder, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    /// Each call gets its own folder: tests run in parallel.
    fn new(name: &str) -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("pipeline-seed-{name}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }

    fn arg(&self) -> String {
        self.0.to_string_lossy().into_owned()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs the `generate` command with `args` and returns its status and what it printed.
fn generate(args: &[&str]) -> (u8, String) {
    let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    let mut out = Vec::new();
    let status = cli::run(&args, &mut out);
    (status, String::from_utf8(out).unwrap())
}

/// Every file `generate` writes in `mode`, as (path, text), read back from disk.
fn written(mode: Mode) -> Vec<(&'static str, String)> {
    let dir = TempDir::new(match mode {
        Mode::Fixed => "written-fixed",
        Mode::Faithful => "written-faithful",
    });
    let mut args = vec![dir.arg()];
    if mode == Mode::Faithful {
        args.insert(0, "--faithful".to_owned());
    }
    let mut out = Vec::new();
    assert_eq!(
        cli::run(&args, &mut out),
        0,
        "{}",
        String::from_utf8_lossy(&out)
    );
    seed::files(mode)
        .iter()
        .map(|file| {
            (
                file.path,
                std::fs::read_to_string(dir.0.join(file.path)).unwrap(),
            )
        })
        .collect()
}

/// The snapshot name of a file: `fixed_ci_cd`, `faithful_deploy_action`.
fn snapshot_name(mode: Mode, path: &str) -> String {
    let stem = match path.rsplit('/').collect::<Vec<_>>().as_slice() {
        ["action.yml", dir, ..] => format!("{dir}_action"),
        [file, ..] => file.trim_end_matches(".yml").replace('-', "_"),
        [] => unreachable!("a path has a last part"),
    };
    let mode = match mode {
        Mode::Fixed => "fixed",
        Mode::Faithful => "faithful",
    };
    format!("{mode}_{stem}")
}

/// Where the seed keeps the file that `path` stands for.
fn seed_file(path: &str) -> PathBuf {
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seed");
    match path.strip_prefix(".github/workflows/") {
        Some(name) => seed.join(name),
        None => seed.join(path.trim_start_matches(".github/")),
    }
}

#[test]
fn faithful_files_hold_the_seeds_data() {
    let options = EmitOptions::default();
    for file in seed::files(Mode::Faithful) {
        let source = seed_file(file.path);
        let Ok(text) = std::fs::read_to_string(&source) else {
            assert!(
                std::env::var_os("CI").is_none(),
                "../shared is missing; CI runs with it beside the project"
            );
            println!(
                "{}: skipped, the seed is not at {}",
                file.path,
                source.display()
            );
            continue;
        };
        // Models compare maps without regard to order; the canonical text pins the order too.
        match &file.document {
            Document::Workflow(built) => {
                // The seed's comments are notes for its readers; the Rust files rebuild the data.
                let mut parsed = pipeline_sdk::parse::workflow(&text).unwrap().value;
                parsed.strip_comments();
                assert_eq!(built, &parsed, "{}: the models differ", file.path);
                assert_eq!(
                    emit::workflow(built, &options),
                    emit::workflow(&parsed, &options),
                    "{}: the canonical texts differ",
                    file.path
                );
            }
            Document::Action(built) => {
                let mut parsed = pipeline_sdk::parse::action(&text).unwrap().value;
                parsed.strip_comments();
                assert_eq!(built, &parsed, "{}: the models differ", file.path);
                assert_eq!(
                    emit::action(built, &options),
                    emit::action(&parsed, &options),
                    "{}: the canonical texts differ",
                    file.path
                );
            }
        }
    }
}

#[test]
fn every_written_file_is_snapshot() {
    for mode in [Mode::Fixed, Mode::Faithful] {
        for (path, text) in written(mode) {
            insta::assert_snapshot!(snapshot_name(mode, path), text);
        }
    }
}

#[test]
fn written_files_parse_back_to_the_built_models() {
    for mode in [Mode::Fixed, Mode::Faithful] {
        let files = seed::files(mode);
        for ((path, text), file) in written(mode).into_iter().zip(&files) {
            match &file.document {
                Document::Workflow(built) => {
                    assert_eq!(
                        &pipeline_sdk::parse::workflow(&text).unwrap().value,
                        built,
                        "{path}"
                    );
                }
                Document::Action(built) => {
                    assert_eq!(
                        &pipeline_sdk::parse::action(&text).unwrap().value,
                        built,
                        "{path}"
                    );
                }
            }
        }
    }
}

/// `file:line:column code` of every finding on the faithful files as `generate --faithful` writes them.
fn faithful_findings() -> Vec<Diagnostic> {
    let written = written(Mode::Faithful);
    let texts: Vec<(&str, &str)> = written.iter().map(|(p, t)| (*p, t.as_str())).collect();
    cli::faithful_findings(&texts)
}

fn short(diagnostic: &Diagnostic) -> String {
    let at = diagnostic
        .location
        .as_ref()
        .map_or_else(|| diagnostic.path.to_string(), ToString::to_string);
    format!("{at} {}", diagnostic.code)
}

#[test]
fn faithful_findings_are_pinned() {
    let found: Vec<String> = faithful_findings().iter().map(short).collect();
    let workflows = ".github/workflows";
    let expected: Vec<String> = [
        // `${{ github.sha:0:7 }}`, twice: shell substring syntax inside an expression.
        "ci-cd.yml:90:50 expr-syntax",
        "ci-cd.yml:92:55 expr-syntax",
        // `security-scan` reads `needs.quality-gate` but needs only `build`.
        "ci-cd.yml:135:75 ref-needs",
        // Staging's deploy step leaves out `health-check-url`, runs the local action without a checkout,
        // and passes `kubernetes-config`, which the action does not declare.
        "ci-cd.yml:151:9 action-input-missing",
        "ci-cd.yml:152:15 local-action-before-checkout",
        "ci-cd.yml:156:11 action-input-unknown",
        // Production runs only on main and needs staging, which runs only on develop.
        "ci-cd.yml:166:12 job-never-runs",
        // `./.github/actions/kubernetes-deploy` does not exist.
        "ci-cd.yml:177:15 local-action-missing",
        // Chaos tests run only on main and need staging.
        "ci-cd.yml:239:12 job-never-runs",
        // `actions/upload-artifact@v3` has been shut down.
        "ci-cd.yml:262:15 action-retired",
        // Monitoring needs production, which never runs, and reads `needs.quality-gate` twice.
        "ci-cd.yml:270:12 job-never-runs",
        "ci-cd.yml:285:45 ref-needs",
        "ci-cd.yml:291:30 ref-needs",
        // The Postgres service on the Windows and macOS rows of the matrix.
        "advanced-ci.yml:23:13 services-not-linux",
        "advanced-ci.yml:26:13 services-not-linux",
        // `deploy` runs the local action without a checkout and reads `needs.build` with no needs.
        "advanced-ci.yml:116:15 local-action-before-checkout",
        "advanced-ci.yml:119:26 ref-needs",
    ]
    .iter()
    .map(|line| format!("{workflows}/{line}"))
    .collect();
    assert_eq!(found, expected);
}

#[test]
fn faithful_findings_name_the_seeds_defects() {
    let findings = faithful_findings();
    let has = |file: &str, code: &str, needle: &str| {
        findings.iter().any(|d| {
            d.code == code
                && d.location.as_ref().is_some_and(|l| l.file.ends_with(file))
                && d.message.contains(needle)
                && d.severity >= Severity::Warning
        })
    };
    // GitHub rejects an expression it cannot parse; it runs a file whose references are empty.
    let severity = |code: &str| {
        findings
            .iter()
            .filter(|d| d.code == code)
            .map(|d| d.severity)
            .collect::<std::collections::BTreeSet<_>>()
    };
    assert_eq!(severity("expr-syntax"), [Severity::Error].into());
    assert_eq!(severity("job-never-runs"), [Severity::Error].into());
    assert_eq!(severity("ref-needs"), [Severity::Warning].into());
    assert!(has("ci-cd.yml", "expr-syntax", "sha:0:7"));
    assert!(has(
        "ci-cd.yml",
        "ref-needs",
        "job `security-scan` reads `needs.quality-gate`"
    ));
    assert!(has(
        "ci-cd.yml",
        "ref-needs",
        "job `monitoring-setup` reads `needs.quality-gate`"
    ));
    assert!(has(
        "advanced-ci.yml",
        "ref-needs",
        "job `deploy` reads `needs.build`"
    ));
    assert!(has(
        "ci-cd.yml",
        "job-never-runs",
        "job `deploy-production`"
    ));
    assert!(has("ci-cd.yml", "job-never-runs", "job `chaos-testing`"));
    assert!(has(
        "advanced-ci.yml",
        "services-not-linux",
        "windows-latest"
    ));
    assert!(has("advanced-ci.yml", "services-not-linux", "macos-latest"));
}

#[test]
fn fixed_pipeline_has_no_findings() {
    // As built in Rust, which is what the generator checks before it writes...
    for file in seed::files(Mode::Fixed) {
        let diagnostics = match &file.document {
            Document::Workflow(workflow) => validate::validate(workflow),
            Document::Action(action) => validate::validate_action(action),
        };
        assert!(diagnostics.is_empty(), "{}:\n{diagnostics}", file.path);
    }
    // ...and as written, with the steps that use the deploy action checked against its inputs.
    let written = written(Mode::Fixed);
    let action = &written
        .iter()
        .find(|(p, _)| p.ends_with("action.yml"))
        .unwrap()
        .1;
    let action = pipeline_sdk::parse::action(action).unwrap().value;
    // The security audits too: nothing worse than a note (its service images are at version tags).
    let config = Config::default()
        .local_actions([("./.github/actions/deploy".to_owned(), action)])
        .audit(pipeline_sdk::audit::Settings::default());
    for (path, text) in &written {
        let diagnostics = if path.ends_with("action.yml") {
            validate::check_action(text, path, &config)
        } else {
            validate::check_workflow(text, path, &config)
        };
        let serious = diagnostics.iter().any(|d| d.severity > Severity::Info);
        assert!(!serious, "{path}:\n{diagnostics}");
    }
}

#[test]
fn fixed_pipeline_pins_every_action_and_keeps_expressions_out_of_scripts() {
    for file in seed::files(Mode::Fixed) {
        let steps = match &file.document {
            Document::Workflow(workflow) => workflow
                .jobs
                .values()
                .flat_map(|job| job.step_list().to_vec())
                .collect::<Vec<_>>(),
            Document::Action(action) => match &action.runs {
                Some(Runs::Composite(runs)) => runs.steps.clone(),
                _ => Vec::new(),
            },
        };
        for step in steps {
            if let Some(uses) = &step.uses {
                let pinned = uses.starts_with("./")
                    || uses.rsplit_once('@').is_some_and(|(_, commit)| {
                        commit.len() == 40 && commit.bytes().all(|b| b.is_ascii_hexdigit())
                    });
                assert!(pinned, "{}: `{uses}` is not pinned to a commit", file.path);
                assert!(
                    step.uses_comment.is_some(),
                    "{}: `{uses}` has no comment",
                    file.path
                );
            }
            if let Some(run) = &step.run {
                assert!(
                    !run.contains("${{"),
                    "{}: an expression in a script:\n{run}",
                    file.path
                );
                assert!(
                    !run.contains("| bash") && !run.contains("bash <("),
                    "{}",
                    file.path
                );
            }
            if let Some(script) = step.with.as_ref().and_then(|w| w.get("script")) {
                assert!(
                    !script.to_string().contains("${{"),
                    "{}: {script}",
                    file.path
                );
            }
        }
    }
}

#[test]
fn generate_prints_files_jobs_and_graphs() {
    let dir = TempDir::new("print");
    let (status, out) = generate(&[&dir.arg()]);
    assert_eq!(status, 0);
    assert!(out.contains("wrote .github/workflows/ci-cd.yml (7 jobs: quality-gate, build,"));
    assert!(out.contains("wrote .github/actions/deploy/action.yml (composite action, 4 steps)"));
    assert!(out.contains("validator: no findings"));
    assert_eq!(out.matches("```mermaid\nflowchart LR\n").count(), 3);
    assert!(out.contains("deploy_staging --> deploy_production"));
    // A second run finds every file up to date.
    let (status, again) = generate(&[&dir.arg()]);
    assert_eq!(status, 0);
    assert_eq!(again.matches("unchanged .github/").count(), 4);

    let (status, out) = generate(&["--faithful", &dir.arg()]);
    assert_eq!(status, 0);
    assert!(out.contains("validator: 17 findings, 8 errors"));
    assert!(out.contains("/ci-cd.yml:90:50: error[expr-syntax]: "));
}

#[test]
fn generate_reads_its_arguments() {
    let parse =
        |args: &[&str]| Args::parse(&args.iter().map(|a| (*a).to_owned()).collect::<Vec<_>>());
    let args = |mode, out: &str| {
        Ok(Some(Args {
            mode,
            out: PathBuf::from(out),
        }))
    };
    assert_eq!(parse(&[]), args(Mode::Fixed, "generated"));
    assert_eq!(parse(&["out"]), args(Mode::Fixed, "out"));
    assert_eq!(parse(&["--faithful"]), args(Mode::Faithful, "generated"));
    assert_eq!(parse(&["out", "--faithful"]), args(Mode::Faithful, "out"));
    assert_eq!(parse(&["--help"]), Ok(None));
    assert_eq!(
        parse(&["--fixed"]),
        Err("unknown option `--fixed`; expected `--faithful`".to_owned())
    );
    assert_eq!(
        parse(&["a", "b"]),
        Err("unexpected argument `b`; give one OUT_DIR".to_owned())
    );
    assert_eq!(generate(&["--nope"]).0, 2);
    let (status, usage) = generate(&["--help"]);
    assert_eq!(status, 0);
    assert!(usage.starts_with("usage: cargo run --example generate"));
}
