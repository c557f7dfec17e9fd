//! The validator on the corpus of real workflows and actions (`../shared/corpus`): it reports nothing but
//! the real defects listed here, each with its reason, and finds every one of them. Skips, with a
//! message, when the corpus is not there.
//!
//! A finding is a diagnostic of severity error or warning.

use pipeline_core::validate::{Config, Severity, check_action, check_workflow};
use std::path::{Path, PathBuf};

/// Labels of larger runners that these organisations define for themselves (what their own linter
/// configuration would declare): not GitHub's labels, and not defects.
const ORGANISATION_RUNNERS: &[&str] = &[
    "ubuntu-2404-*",
    "ubuntu-arm64-large",
    "github-hosted-windows-x64-large",
    "vscode-large-runners",
    "gpu",
];

/// `(file, line, column, code, why it is a real defect)`.
const DEFECTS: &[(&str, u32, u32, &str, &str)] = &[
    (
        "actions/gradle__actions__setup-gradle__action.yml",
        63,
        5,
        "action-input-unknown-key",
        "`deprecation-message` is not a key GitHub reads (it is `deprecationMessage`), so the deprecation is never shown",
    ),
    (
        "actions/gradle__actions__setup-gradle__action.yml",
        218,
        5,
        "action-input-unknown-key",
        "as above, for input `arguments`",
    ),
    (
        "workflows/celery__celery__python-package.yml",
        51,
        31,
        "matrix-exclude-no-match",
        "the matrix has no python-version `3.14t`, so this exclude entry excludes nothing",
    ),
    (
        "workflows/docker__setup-buildx-action__ci.yml",
        384,
        24,
        "ref-matrix",
        "job `standalone-action` has no matrix, so `version` is always empty",
    ),
    (
        "workflows/ggerganov__llama.cpp__server.yml",
        184,
        14,
        "runner-label-unknown",
        "GitHub retired the `windows-2019` runners, so the job waits for a runner that never comes",
    ),
    (
        "workflows/ggerganov__llama.cpp__server.yml",
        235,
        88,
        "ref-matrix",
        "job `server-windows` has no matrix, so `matrix.build_type == 'Release'` is never true and the slow tests never run",
    ),
    (
        "workflows/git__git__main.yml",
        338,
        22,
        "expr-unknown-property",
        "no row of this job's matrix sets `cc_package`, so `CC_PACKAGE` is always empty (the key exists only in another job's matrix)",
    ),
    (
        "workflows/helm__helm__release.yml",
        4,
        5,
        "filter-not-applicable",
        "`create` events take no `tags` filter: the workflow runs on every branch or tag created, not only `v*` tags",
    ),
    (
        "workflows/rust-lang__rust__dependencies.yml",
        68,
        15,
        "action-retired",
        "`actions/upload-artifact@v3` has been shut down; the step fails",
    ),
    (
        "workflows/rust-lang__rust__dependencies.yml",
        74,
        15,
        "action-retired",
        "as above",
    ),
    (
        "workflows/rust-lang__rust__dependencies.yml",
        93,
        15,
        "action-retired",
        "`actions/download-artifact@v3` has been shut down; the step fails",
    ),
    (
        "workflows/rust-lang__rust__dependencies.yml",
        97,
        15,
        "action-retired",
        "as above",
    ),
    (
        "workflows/square__okhttp__build.yml",
        219,
        9,
        "if-constant",
        "`if: false` switches job `openjdkearlyaccess` off: it never runs (deliberately, per the linked issue)",
    ),
    (
        "workflows/sveltejs__svelte__ci.yml",
        96,
        13,
        "if-always-true",
        "`(${{ success() }} || ${{ failure() }})` is text around expressions, a non-empty string, so always true",
    ),
    (
        "workflows/sveltejs__svelte__ci.yml",
        99,
        13,
        "if-always-true",
        "as above",
    ),
];

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus")
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml"))
        .collect();
    out.sort();
    out
}

#[test]
fn corpus_has_only_the_listed_defects() {
    let root = corpus_dir();
    if !root.is_dir() {
        assert!(
            std::env::var_os("CI").is_none(),
            "../shared is missing; CI runs with it beside the project"
        );
        println!("skipped: corpus not found at {}", root.display());
        return;
    }
    let config = Config::default().self_hosted_labels(ORGANISATION_RUNNERS.iter().copied());
    let mut found: Vec<(String, u32, u32, &'static str, String)> = Vec::new();
    let mut checked = 0;
    for kind in ["workflows", "actions"] {
        for path in files(&root.join(kind)) {
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let name = format!(
                "{kind}/{}",
                path.file_name()
                    .map(|n| n.to_string_lossy())
                    .unwrap_or_default()
            );
            let diagnostics = if kind == "actions" {
                check_action(&text, &name, &config)
            } else {
                check_workflow(&text, &name, &config)
            };
            checked += 1;
            for d in diagnostics {
                if d.severity == Severity::Info {
                    continue;
                }
                let (line, column) = d.location.as_ref().map_or((0, 0), |l| (l.line, l.column));
                found.push((name.clone(), line, column, d.code, d.to_string()));
            }
        }
    }
    assert!(checked > 100, "only {checked} corpus files were read");
    let unexpected: Vec<&String> = found
        .iter()
        .filter(|(file, line, column, code, _)| {
            !DEFECTS
                .iter()
                .any(|d| d.0 == file && d.1 == *line && d.2 == *column && d.3 == *code)
        })
        .map(|f| &f.4)
        .collect();
    let missing: Vec<String> = DEFECTS
        .iter()
        .filter(|d| {
            !found
                .iter()
                .any(|f| f.0 == d.0 && f.1 == d.1 && f.2 == d.2 && f.3 == d.3)
        })
        .map(|d| format!("{}:{}:{} [{}]: {}", d.0, d.1, d.2, d.3, d.4))
        .collect();
    assert!(
        unexpected.is_empty() && missing.is_empty(),
        "findings that are not listed defects:\n{}\n\nlisted defects not found:\n{}",
        unexpected
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
        missing.join("\n")
    );
}
