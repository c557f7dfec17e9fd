//! The security audits measured against zizmor, the security linter users run, on the corpus of
//! well-known projects' workflows (`../shared/corpus`) and the seed (`../shared/seed`).
//!
//! Findings are matched per audit, file and place (the step, else the job, else the trigger or the
//! top-level permissions). The test prints, per audit: our findings, zizmor's, agreed, ours only and
//! theirs only. Every place found by one tool only must be listed in [`EXPECTED`] with its reason, and
//! every entry there must still be needed. The target: at least 90% of zizmor's high and medium findings
//! found.
//!
//! zizmor's findings are read from its JSON output when `../shared/oracles` is set up (its `setup`
//! script installs zizmor); without it the test prints a note and passes, unless `CI` is set.

use pipeline_sdk::audit;
use pipeline_sdk::validate::Config;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Which tool found a place alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Side {
    Ours,
    Theirs,
}

/// An expected difference: audit, side, a part of the file name, a part of the finding's text (our
/// message, or zizmor's expression and annotation; empty for any), and why.
struct Expect {
    audit: &'static str,
    side: Side,
    file: &'static str,
    text: &'static str,
    reason: &'static str,
}

const fn expect(
    audit: &'static str,
    side: Side,
    file: &'static str,
    text: &'static str,
    reason: &'static str,
) -> Expect {
    Expect {
        audit,
        side,
        file,
        text,
        reason,
    }
}

use Side::{Ours, Theirs};

/// Every place one tool finds and the other does not, and why.
const EXPECTED: &[Expect] = &[
    // template-injection
    expect(
        "template-injection",
        Ours,
        "corpus/actions/",
        "inputs.",
        "zizmor reads action metadata only from files named `action.yml`, and the corpus renames them; a composite action's inputs are text its caller chooses",
    ),
    expect(
        "template-injection",
        Ours,
        "duckdb__duckdb__Main.yml",
        "computed at run time",
        "the matrix comes from a job's outputs, computed from the checked-out tree, which a pull request changes",
    ),
    expect(
        "template-injection",
        Theirs,
        "",
        "Low: env",
        "an `env` value written in the file, or one not tainted: constant text is not attacker-controlled (zizmor rates these low)",
    ),
    expect(
        "template-injection",
        Theirs,
        "",
        "Informational: ",
        "step or job outputs, `runner.*` and whole contexts with nothing attacker-controlled traced into them (zizmor rates these informational)",
    ),
    expect(
        "template-injection",
        Theirs,
        "",
        "github.event.inputs.",
        "`choice` and `boolean` dispatch inputs: GitHub accepts only their options, so no text gets through",
    ),
    expect(
        "template-injection",
        Theirs,
        "typesafegithub__github-workflows-kt__end-to-end-tests.yaml",
        "github.event.release.url",
        "`release.url` is the API address GitHub builds from the release's number, not text anyone writes",
    ),
    // artipacked
    expect(
        "artipacked",
        Theirs,
        "biomejs__biome__benchmark.yml",
        "",
        "the jobs share their steps through a YAML alias; the checkout is reported once, at the anchor",
    ),
    expect(
        "artipacked",
        Theirs,
        "actions__checkout__test.yml",
        "",
        "the checkout is the job's last step: no later step can read what it keeps",
    ),
    // cache-poisoning
    expect(
        "cache-poisoning",
        Ours,
        "pydantic__pydantic__ci.yml",
        "runs on pushed tags",
        "the workflow builds every pushed tag and restores `setup-uv` and `rust-cache` caches that pull requests write",
    ),
    expect(
        "cache-poisoning",
        Ours,
        "gohugoio__hugo__image.yml",
        "",
        "a release build restores the Buildx binary from the cache (`cache-binary` defaults to true)",
    ),
    expect(
        "cache-poisoning",
        Ours,
        "aquasecurity__trivy__reusable-release.yaml",
        "",
        "the job publishes with GoReleaser and restores the Buildx binary from the cache",
    ),
    expect(
        "cache-poisoning",
        Theirs,
        "seed/advanced-ci.yml",
        "lookup-only",
        "the job builds an image with `load: true`, into the runner's own Docker: nothing is published",
    ),
    // dangerous-triggers
    expect(
        "dangerous-triggers",
        Ours,
        "fastapi__fastapi__issue-manager.yml",
        "anyone can post a comment",
        "`issue_comment` with no check of who commented; zizmor's one finding per workflow sits under its ignore comment on `pull_request_target`",
    ),
    // excessive-permissions
    expect(
        "excessive-permissions",
        Ours,
        "biomejs__biome__benchmark.yml",
        "the workflow has no `permissions:`",
        "several jobs and no top-level `permissions:`; the jobs written with their own are fine, the others get the default",
    ),
    expect(
        "excessive-permissions",
        Ours,
        "",
        "`read-all`",
        "`read-all` on a job or in a scorecard workflow: every scope readable, security alerts included",
    ),
    expect(
        "excessive-permissions",
        Ours,
        "",
        "at the top of the workflow is granted to every job",
        "a write scope at the top of a workflow whose jobs do not all set their own",
    ),
    expect(
        "excessive-permissions",
        Ours,
        "",
        "runs with the repository's default token permissions",
        "a job without `permissions:` in a workflow without them: zizmor skips some single-job workflows",
    ),
    expect(
        "excessive-permissions",
        Ours,
        "",
        "signs in through OpenID Connect",
        "`missing-permissions`: a cloud login by role in a job that does not grant `id-token: write` (the seed's infrastructure job has it)",
    ),
    // github-env
    expect(
        "github-env",
        Ours,
        "docker__build-push-action__.e2e-run.yml",
        "`inputs.id`",
        "a string input written to `GITHUB_ENV` as a variable's value lets the caller set any variable for later steps",
    ),
    // secrets-in-run
    expect(
        "secrets-in-run",
        Ours,
        "",
        "is pasted into the script",
        "zizmor 1.32 has no counterpart: a secret pasted into a script lands in the script file on disk",
    ),
    // unpinned-images
    expect(
        "unpinned-images",
        Ours,
        "",
        "is fetched by its tag",
        "a version tag can be pushed again: only a digest fixes the image (zizmor accepts any tag but `latest`)",
    ),
    expect(
        "unpinned-images",
        Theirs,
        "",
        "may be unpinned",
        "the image is computed at run time from another job's outputs; nothing in the file says it is unpinned",
    ),
    expect(
        "unpinned-images",
        Theirs,
        "",
        "",
        "zizmor reports each matrix value; we report the place once, naming every unpinned value",
    ),
    // unpinned-uses
    // audits zizmor has and we do not
    expect(
        "self-repository",
        Theirs,
        "",
        "",
        "a spelling preference for local actions (`$/` over `./`), not a weakness",
    ),
    expect(
        "superfluous-actions",
        Theirs,
        "",
        "",
        "an action the runner's tools could replace: informational, not a weakness",
    ),
    expect(
        "misfeature",
        Theirs,
        "",
        "",
        "shells and features that limit analysis: low, not a weakness of their own",
    ),
    expect(
        "obfuscation",
        Theirs,
        "",
        "",
        "expressions with a constant value: low, not a weakness of their own",
    ),
    expect(
        "adhoc-packages",
        Theirs,
        "",
        "",
        "packages installed outside a lockfile: low, not one of the audits asked for",
    ),
    expect(
        "use-trusted-publishing",
        Theirs,
        "",
        "",
        "a suggestion to publish through OpenID Connect: informational",
    ),
    expect(
        "archived-uses",
        Theirs,
        "",
        "",
        "needs GitHub's API (whether a repository is archived); the audits read the files alone",
    ),
    expect(
        "github-app",
        Theirs,
        "",
        "",
        "`actions/create-github-app-token` without `permission-*` inputs: not one of the audits asked for",
    ),
    expect(
        "unsound-condition",
        Theirs,
        "",
        "",
        "the validator reports conditions that are always true (`expr-always-true`), outside the audits",
    ),
    expect(
        "unpinned-tools",
        Theirs,
        "",
        "",
        "a setup action's default tool version: not one of the audits asked for",
    ),
];

/// `../shared`, beside the project.
fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared")
}

/// The files compared: the corpus's workflows and actions, and the seed's.
fn inputs(shared: &Path) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    for dir in ["corpus/workflows", "corpus/actions", "seed"] {
        let Ok(entries) = std::fs::read_dir(shared.join(dir)) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            if path.extension().is_some_and(|e| e == "yml" || e == "yaml") {
                let name = format!("{dir}/{}", path.file_name().unwrap().to_string_lossy());
                out.push((name, path));
            }
        }
    }
    let action = shared.join("seed/actions/deploy/action.yml");
    if action.is_file() {
        out.push(("seed/actions/deploy/action.yml".to_owned(), action));
    }
    out
}

/// The place a finding is matched by: the step, else the job, else the trigger or top-level key.
fn anchor(segments: &[String]) -> String {
    match segments {
        [jobs, id, steps, index, ..] if jobs == "jobs" && steps == "steps" => {
            format!("jobs.{id}.steps.{index}")
        }
        [runs, steps, index, ..] if runs == "runs" && steps == "steps" => {
            format!("runs.steps.{index}")
        }
        [jobs, id, ..] if jobs == "jobs" => format!("jobs.{id}"),
        [first, ..] if first == "on" || first == "permissions" => first.clone(),
        _ => String::new(),
    }
}

/// The segments of one of our model paths (`jobs.a.steps[0].uses`).
fn our_segments(path: &pipeline_sdk::model::Path) -> Vec<String> {
    path.segments()
        .iter()
        .map(|s| match s {
            pipeline_sdk::model::PathSegment::Key(k) => k.clone(),
            pipeline_sdk::model::PathSegment::Index(i) => i.to_string(),
        })
        .collect()
}

/// zizmor's name of our audits where it differs.
fn zizmor_name(code: &str) -> &str {
    match code {
        "missing-permissions" => "excessive-permissions",
        other => other,
    }
}

/// Findings at one place: how many, and their texts.
#[derive(Default)]
struct Place {
    count: usize,
    high_medium: usize,
    texts: Vec<String>,
}

type Places = BTreeMap<(String, String, String), Place>;

fn ours(files: &[(String, PathBuf)]) -> Places {
    let mut places = Places::new();
    let config = Config::default();
    for (name, path) in files {
        let text = std::fs::read_to_string(path).unwrap();
        let root = pipeline_sdk::yaml::layout::scan(&text);
        let action = name.ends_with("action.yml") || name.ends_with("action.yaml");
        let report = if action || (root.get("runs").is_some() && root.get("jobs").is_none()) {
            audit::check_action(&text, name, &config)
        } else {
            audit::check_workflow(&text, name, &config)
        };
        for d in report.diagnostics.iter() {
            if audit::audit(d.code).is_none() {
                continue;
            }
            let key = (
                zizmor_name(d.code).to_owned(),
                name.clone(),
                anchor(&our_segments(&d.path)),
            );
            let place = places.entry(key).or_default();
            place.count += 1;
            place.texts.push(d.message.clone());
        }
    }
    places
}

/// zizmor's findings from its JSON output, or `None` when it is not set up.
fn theirs(shared: &Path, files: &[(String, PathBuf)]) -> Option<Places> {
    let zizmor = shared.join("oracles/zizmor");
    let output = std::process::Command::new(&zizmor)
        .arg("--format")
        .arg("json")
        .args(files.iter().map(|(_, p)| p))
        .output()
        .ok()?;
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).ok()?;
    let mut places = Places::new();
    for finding in json.as_array()? {
        let ident = finding["ident"].as_str()?.to_owned();
        let severity = finding["determinations"]["severity"].as_str()?.to_owned();
        let primary = finding["locations"]
            .as_array()?
            .iter()
            .find(|l| l["symbolic"]["kind"] == "Primary")?;
        let symbolic = &primary["symbolic"];
        let verbatim = symbolic["key"]["Local"]["verbatim_path"].as_str()?;
        let name = files
            .iter()
            .find(|(_, p)| Path::new(verbatim) == p.as_path())
            .map(|(n, _)| n.clone())?;
        let segments: Vec<String> = symbolic["route"]["route"]
            .as_array()?
            .iter()
            .filter_map(|s| {
                s.get("Key")
                    .and_then(|k| k.as_str().map(str::to_owned))
                    .or_else(|| s.get("Index").map(|i| i.to_string()))
            })
            .collect();
        let fragment = symbolic["feature_kind"]["Subfeature"]["fragment"]["Raw"]
            .as_str()
            .unwrap_or("");
        let text = format!(
            "{severity}: {fragment} {}",
            symbolic["annotation"].as_str().unwrap_or("")
        );
        let place = places.entry((ident, name, anchor(&segments))).or_default();
        place.count += 1;
        if severity == "High" || severity == "Medium" {
            place.high_medium += 1;
        }
        place.texts.push(text);
    }
    Some(places)
}

#[test]
fn audits_against_zizmor() {
    let shared = shared();
    let files = inputs(&shared);
    let ci = std::env::var_os("CI").is_some();
    if files.is_empty() {
        assert!(!ci, "../shared/corpus is missing");
        eprintln!("note: ../shared/corpus is not there; the comparison with zizmor is skipped");
        return;
    }
    let ours = ours(&files);
    let Some(theirs) = theirs(&shared, &files) else {
        assert!(!ci, "zizmor is not set up: run ../shared/oracles/setup");
        eprintln!(
            "note: zizmor is not set up (../shared/oracles/setup); the comparison is skipped"
        );
        return;
    };
    let mut audits: Vec<&str> = ours
        .keys()
        .chain(theirs.keys())
        .map(|k| k.0.as_str())
        .collect();
    audits.sort_unstable();
    audits.dedup();
    println!(
        "{:<32} {:>5} {:>7} {:>6} {:>9} {:>11}",
        "audit", "ours", "zizmor", "agreed", "ours only", "theirs only"
    );
    let mut unexplained = Vec::new();
    let mut used = vec![false; EXPECTED.len()];
    let (mut high_medium, mut found) = (0, 0);
    for audit in audits {
        let (mut o, mut t, mut agreed) = (0, 0, 0);
        let keys: std::collections::BTreeSet<_> = ours
            .keys()
            .chain(theirs.keys())
            .filter(|k| k.0 == audit)
            .collect();
        for key in keys {
            let mine = ours.get(key);
            let zizmor = theirs.get(key);
            let (m, z) = (mine.map_or(0, |p| p.count), zizmor.map_or(0, |p| p.count));
            o += m;
            t += z;
            agreed += m.min(z);
            if let Some(p) = zizmor {
                high_medium += p.high_medium;
                found += p.high_medium.min(m);
            }
            let (side, place) = match (m.cmp(&z), mine, zizmor) {
                (std::cmp::Ordering::Greater, Some(p), _) => (Ours, p),
                (std::cmp::Ordering::Less, _, Some(p)) => (Theirs, p),
                _ => continue,
            };
            let explained = EXPECTED.iter().enumerate().find(|(_, e)| {
                e.audit == audit
                    && e.side == side
                    && key.1.contains(e.file)
                    && place.texts.iter().any(|t| t.contains(e.text))
            });
            match explained {
                Some((i, _)) => used[i] = true,
                None => unexplained.push(format!(
                    "{audit}: {side:?} only at {} {}: {}",
                    key.1,
                    key.2,
                    place.texts.join(" | ")
                )),
            }
        }
        println!(
            "{audit:<32} {o:>5} {t:>7} {agreed:>6} {:>9} {:>11}",
            o - agreed,
            t - agreed
        );
    }
    let share = found as f64 / high_medium.max(1) as f64;
    println!(
        "zizmor's high and medium findings found: {found} of {high_medium} ({:.1}%)",
        share * 100.0
    );
    for (i, e) in EXPECTED.iter().enumerate() {
        if used[i] {
            println!(
                "expected: {} {:?} only ({}): {}",
                e.audit, e.side, e.file, e.reason
            );
        }
    }
    let stale: Vec<_> = EXPECTED
        .iter()
        .zip(&used)
        .filter(|(_, u)| !**u)
        .map(|(e, _)| format!("{} {:?} {} {}", e.audit, e.side, e.file, e.text))
        .collect();
    assert!(
        unexplained.is_empty(),
        "places one tool finds, not explained:\n{}",
        unexplained.join("\n")
    );
    assert!(
        stale.is_empty(),
        "expectations no longer needed:\n{}",
        stale.join("\n")
    );
    assert!(
        share >= 0.9,
        "found {found} of zizmor's {high_medium} high and medium findings"
    );
}
