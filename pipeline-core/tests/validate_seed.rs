//! The validator's findings on the seed pipeline (`../shared/seed`), pinned: each is a real defect of the
//! document the project was created from. Skips, with a message, when the seed is not there.
//!
//! `pipeline check` runs the same functions ([`check_workflow`], [`check_action`]); here the seed's
//! composite action is also registered as the repository's `./.github/actions/deploy`, where the
//! workflows expect it (the seed extracts it to `actions/deploy/action.yml`).

use pipeline_core::validate::{Config, Diagnostic, Severity, check_action, check_workflow};
use std::path::{Path, PathBuf};

fn seed_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/seed")
}

fn read(dir: &Path, name: &str) -> Option<String> {
    std::fs::read_to_string(dir.join(name)).ok()
}

/// Every finding on the seed, one per line: `file:line:col: severity[code]: message`.
fn findings() -> Option<Vec<Diagnostic>> {
    let dir = seed_dir();
    let action_text = read(&dir, "actions/deploy/action.yml")?;
    let action = pipeline_core::parse::action(&action_text).ok()?.value;
    let config = Config::default().local_actions([("./.github/actions/deploy".to_owned(), action)]);
    let mut out = Vec::new();
    for name in ["advanced-ci.yml", "ci-cd.yml", "infra-security.yml"] {
        let text = read(&dir, name)?;
        out.extend(check_workflow(&text, name, &config));
    }
    out.extend(check_action(
        &action_text,
        "actions/deploy/action.yml",
        &config,
    ));
    Some(out)
}

#[test]
fn seed_findings_are_pinned() {
    let Some(findings) = findings() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "../shared is missing; CI runs with it beside the project"
        );
        println!("skipped: seed not found at {}", seed_dir().display());
        return;
    };
    let text: String = findings.iter().map(|d| format!("{d}\n")).collect();
    insta::assert_snapshot!("validate_seed", text);
}

#[test]
fn seed_defects_named_in_the_brief_are_found() {
    let Some(findings) = findings() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "../shared is missing; CI runs with it beside the project"
        );
        println!("skipped: seed not found at {}", seed_dir().display());
        return;
    };
    let has = |file: &str, code: &str, needle: &str| {
        findings.iter().any(|d| {
            d.code == code
                && d.location.as_ref().is_some_and(|l| l.file == file)
                && d.message.contains(needle)
        })
    };
    // `${{ github.sha:0:7 }}` is shell substring syntax, not an expression.
    assert!(has("ci-cd.yml", "expr-syntax", "sha:0:7"));
    // Jobs that read `needs.quality-gate` without needing it directly.
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
    // `needs.build` in a job with no needs (and no job `build` in that workflow).
    assert!(has(
        "advanced-ci.yml",
        "ref-needs",
        "job `deploy` reads `needs.build`"
    ));
    // deploy-staging runs only on develop, deploy-production and chaos-testing only on main.
    let production = findings
        .iter()
        .find(|d| d.code == "job-never-runs" && d.message.contains("`deploy-production`"))
        .expect("deploy-production never runs");
    assert_eq!(production.related.len(), 1);
    assert_eq!(
        production.related[0].1.to_string(),
        "jobs.deploy-staging.if"
    );
    assert!(has("ci-cd.yml", "job-never-runs", "job `chaos-testing`"));
    assert!(has("ci-cd.yml", "job-never-runs", "job `monitoring-setup`"));
    // Postgres service containers on the Windows and macOS rows of the test matrix.
    assert!(has(
        "advanced-ci.yml",
        "services-not-linux",
        "windows-latest"
    ));
    assert!(has("advanced-ci.yml", "services-not-linux", "macos-latest"));
    // The production deploy uses an action the repository does not have, and staging omits a required
    // input of the deploy action.
    assert!(has(
        "ci-cd.yml",
        "local-action-missing",
        "kubernetes-deploy"
    ));
    assert!(has("ci-cd.yml", "action-input-missing", "health-check-url"));
    assert!(findings.iter().any(|d| d.severity == Severity::Error));
}
