//! Scores the validator against actionlint's own test cases (`../shared/actionlint-testdata`): for every
//! category (and all of them together), how many expected errors it reports at the expected line and column,
//! how many it misses, how many findings it adds, and how many `ok/` cases (which must lint clean) get a
//! finding. Asserts the targets: at least 90% found in every covered category, and no finding on any
//! `ok/` case; the categories not covered yet keep today's share as a floor ([`FLOORS`]). The cases
//! that miss or add a finding are listed, in every category.
//!
//! A finding is a diagnostic of severity error or warning. Skips, with a message, when the test data is
//! not there, unless the environment variable `CI` is set: then the missing data fails the test.
//!
//! Cases in [`PARSER_GAPS`] are files the parser rejects for reasons outside the validator (syntax the
//! model does not have yet, YAML the YAML library cannot read): the validator never sees a model there.
//! They are scored and printed, but left out of the targets, and the test fails when one of them stops
//! being rejected, so the list cannot go stale.

use pipeline_core::validate::{Config, Severity, check_workflow};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

mod common;
use common::{data_dir, expected_position, project_config};

/// The categories the validator covers, with the share of expected errors it must find.
const TARGETS: &[(&str, f64)] = &[
    ("needs-graph", 0.9),
    ("expression-syntax", 0.9),
    ("expression-types", 0.9),
    ("contexts", 0.9),
    ("matrix", 0.9),
    ("job-outputs", 0.9),
    ("step-ids", 0.9),
    ("runner-labels", 0.9),
    ("events/triggers", 0.9),
    ("cron", 0.9),
    ("permissions", 0.9),
    ("other", 0.9),
];

/// The categories the validator does not cover yet, with the share it finds today as a floor: the
/// score may rise, never fall.
const FLOORS: &[(&str, f64)] = &[
    ("action-inputs", 0.34),
    ("deprecated", 0.0),
    ("reusable-workflow", 0.18),
    ("shell/script", 0.33),
];

/// Cases the parser rejects for reasons outside the validator, with the reason.
const PARSER_GAPS: &[(&str, &str)] = &[
    (
        "err/recursive_anchors.yaml",
        "the YAML library gives up on recursive aliases, so there is no data to check (the anchor checks still run)",
    ),
    (
        "examples/yaml_anchor_usage.yaml",
        "the YAML library gives up on recursive aliases, so there is no data to check (the anchor checks still run)",
    ),
    (
        "examples/broken_yaml.yaml",
        "the YAML library places this syntax error on the `:` at column 17; actionlint one column before",
    ),
];

#[derive(Default, Debug)]
struct Score {
    cases: usize,
    expected: usize,
    found: usize,
    extra: usize,
    ok_cases: usize,
    ok_with_findings: usize,
}

impl Score {
    fn add(&mut self, expected: usize, found: usize, extra: usize, ok: Option<bool>) {
        self.cases += 1;
        self.expected += expected;
        self.found += found;
        self.extra += extra;
        if let Some(with_findings) = ok {
            self.ok_cases += 1;
            self.ok_with_findings += usize::from(with_findings);
        }
    }

    fn share(&self) -> f64 {
        if self.expected == 0 {
            1.0
        } else {
            self.found as f64 / self.expected as f64
        }
    }
}

/// The files of a case to check, with the name used in `.out` files.
fn case_files(root: &Path, case: &str) -> Vec<(String, PathBuf)> {
    if let Some(project) = case.strip_suffix('/') {
        let dir = root.join(project).join("workflows");
        let mut files: Vec<(String, PathBuf)> = std::fs::read_dir(&dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
            .map(|p| {
                let name = format!(
                    "workflows/{}",
                    p.file_name()
                        .map(|n| n.to_string_lossy())
                        .unwrap_or_default()
                );
                (name, p)
            })
            .collect();
        files.sort();
        files
    } else {
        vec![("test.yaml".to_owned(), root.join(case))]
    }
}

#[test]
fn actionlint_testdata_score() {
    let root = data_dir();
    let Ok(manifest) = std::fs::read_to_string(root.join("MANIFEST.tsv")) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "actionlint test data not found at {}",
            root.display()
        );
        println!(
            "skipped: actionlint test data not found at {}",
            root.display()
        );
        return;
    };
    let mut scores: BTreeMap<String, Score> = BTreeMap::new();
    let mut blocked: BTreeMap<String, Score> = BTreeMap::new();
    let mut stale_gaps: Vec<String> = Vec::new();
    let mut gap_report = String::new();
    let mut report = String::new();
    for line in manifest.lines().skip(1) {
        let columns: Vec<&str> = line.split('\t').collect();
        let (Some(case), Some(category)) = (columns.first(), columns.get(1)) else {
            continue;
        };
        let is_ok = case.starts_with("ok/");
        let out_file = if let Some(project) = case.strip_suffix('/') {
            root.join(format!("{project}.out"))
        } else {
            root.join(case).with_extension("out")
        };
        let expected: Vec<(String, u32, u32)> = if is_ok {
            Vec::new()
        } else {
            std::fs::read_to_string(&out_file)
                .unwrap_or_default()
                .lines()
                .filter_map(expected_position)
                .collect()
        };
        // As `pipeline check` runs by default: the security audits too, of which actionlint's suite
        // has a counterpart for one (see `in_actionlint`).
        let config = case
            .strip_suffix('/')
            .map_or_else(Config::default, |p| project_config(&root.join(p)))
            .audit(pipeline_core::audit::Settings::default());
        let mut reported: Vec<(String, u32, u32, String)> = Vec::new();
        for (name, path) in case_files(&root, case) {
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            for d in &check_workflow(&text, &name, &config) {
                if d.severity == Severity::Info || !in_actionlint(d.code) {
                    continue;
                }
                // An audit's warning on a case actionlint accepts: its suite does not judge them.
                if is_ok && is_audit(d.code) && d.severity == Severity::Warning {
                    continue;
                }
                if let Some(l) = &d.location {
                    reported.push((l.file.clone(), l.line, l.column, d.to_string()));
                }
            }
        }
        let mut want: BTreeMap<(String, u32, u32), usize> = BTreeMap::new();
        for e in &expected {
            *want.entry(e.clone()).or_default() += 1;
        }
        let mut got: BTreeMap<(String, u32, u32), usize> = BTreeMap::new();
        for r in &reported {
            *got.entry((r.0.clone(), r.1, r.2)).or_default() += 1;
        }
        let found: usize = want
            .iter()
            .map(|(k, n)| (*n).min(got.get(k).copied().unwrap_or(0)))
            .sum();
        let extra: usize = got
            .iter()
            .map(|(k, n)| n.saturating_sub(want.get(k).copied().unwrap_or(0)))
            .sum();
        let ok = is_ok.then_some(!reported.is_empty());
        let gap = PARSER_GAPS.iter().find(|(c, _)| c == case);
        if let Some((_, reason)) = gap {
            // Still rejected by the parser, and not where actionlint expects an error?
            let still_blocked = case_files(&root, case).iter().any(|(_, path)| {
                let text = std::fs::read_to_string(path).unwrap_or_default();
                match pipeline_core::parse::workflow(&text) {
                    Ok(_) => false,
                    Err(errors) => errors.errors().iter().any(|e| {
                        e.position.is_none_or(|p| {
                            !want.keys().any(|(_, l, c)| *l == p.line && *c == p.column)
                        })
                    }),
                }
            });
            if !still_blocked {
                stale_gaps.push(format!(
                    "{case}: the parser now reads it ({reason}); remove it from PARSER_GAPS"
                ));
            }
            blocked.entry((*category).to_owned()).or_default().add(
                expected.len(),
                found,
                extra,
                ok,
            );
            gap_report.push_str(&format!(
                "  {case} [{category}]: found {found}/{} extra {extra}: {reason}\n",
                expected.len()
            ));
            continue;
        }
        scores
            .entry((*category).to_owned())
            .or_default()
            .add(expected.len(), found, extra, ok);
        if found < expected.len() || extra > 0 {
            report.push_str(&format!(
                "\n{case} [{category}]: found {found}/{} extra {extra}\n",
                expected.len()
            ));
            for e in &expected {
                let hit = got.contains_key(e);
                report.push_str(&format!(
                    "  {} expected {}:{}:{}\n",
                    if hit { "ok  " } else { "MISS" },
                    e.0,
                    e.1,
                    e.2
                ));
            }
            for r in &reported {
                if !want.contains_key(&(r.0.clone(), r.1, r.2)) {
                    report.push_str(&format!("  EXTRA {}\n", r.3));
                }
            }
        }
    }
    println!(
        "{:<18} {:>5} {:>8} {:>6} {:>6} {:>5} {:>6} {:>11} {:>8}",
        "category", "cases", "expected", "found", "missed", "%", "extra", "ok w/ error", "blocked"
    );
    let mut failures = stale_gaps;
    let categories: std::collections::BTreeSet<&String> =
        scores.keys().chain(blocked.keys()).collect();
    let mut total = Score::default();
    for s in scores.values() {
        total.cases += s.cases;
        total.expected += s.expected;
        total.found += s.found;
        total.extra += s.extra;
        total.ok_cases += s.ok_cases;
        total.ok_with_findings += s.ok_with_findings;
    }
    for category in categories {
        let empty = Score::default();
        let s = scores.get(category).unwrap_or(&empty);
        let b = blocked.get(category).unwrap_or(&empty);
        let target = TARGETS.iter().find(|(c, _)| c == category);
        println!(
            "{:<18} {:>5} {:>8} {:>6} {:>6} {:>4.0}% {:>6} {:>5}/{:<5} {:>8}{}",
            category,
            s.cases,
            s.expected,
            s.found,
            s.expected - s.found,
            s.share() * 100.0,
            s.extra,
            s.ok_with_findings,
            s.ok_cases,
            if b.cases > 0 {
                format!("{} ({}/{})", b.cases, b.found, b.expected)
            } else {
                String::new()
            },
            if target.is_some() {
                ""
            } else {
                "  (not covered)"
            }
        );
        if let Some((_, floor)) = FLOORS.iter().find(|(c, _)| c == category)
            && s.share() < *floor
        {
            failures.push(format!(
                "{category}: found {:.0}% of expected errors, below today's {:.0}%",
                s.share() * 100.0,
                floor * 100.0
            ));
        }
        if let Some((_, min)) = target {
            if s.share() < *min {
                failures.push(format!(
                    "{category}: found {:.0}% of expected errors, target {:.0}%",
                    s.share() * 100.0,
                    min * 100.0
                ));
            }
            if s.ok_with_findings > 0 {
                failures.push(format!(
                    "{category}: {} ok/ case(s) got a finding",
                    s.ok_with_findings
                ));
            }
        }
    }
    println!(
        "{:<18} {:>5} {:>8} {:>6} {:>6} {:>4.0}% {:>6} {:>5}/{:<5}",
        "all",
        total.cases,
        total.expected,
        total.found,
        total.expected - total.found,
        total.share() * 100.0,
        total.extra,
        total.ok_with_findings,
        total.ok_cases,
    );
    println!("\nleft out of the targets (parser gaps; found/expected):\n{gap_report}");
    println!("{report}");
    assert!(
        failures.is_empty(),
        "targets not met:\n{}",
        failures.join("\n")
    );
}

/// Whether actionlint's suite has a counterpart for a code: every validator code, and the audits in
/// [`COUNTERPARTS`]. Its suite neither expects nor forbids findings of the other audits (permissions,
/// pinning), so they are not scored; and an audit's warning on a case actionlint accepts is not a false
/// error (the audits see more outsider-controlled text than actionlint, string inputs among it).
fn in_actionlint(code: &str) -> bool {
    COUNTERPARTS.contains(&code) || !is_audit(code)
}

/// The audits actionlint's suite has a counterpart for: untrusted input in scripts, and the deprecated
/// and insecure workflow commands.
const COUNTERPARTS: &[&str] = &[
    "template-injection",
    "deprecated-commands",
    "insecure-commands",
];

/// Whether a code is one of the security audits'.
fn is_audit(code: &str) -> bool {
    pipeline_core::audit::AUDITS.iter().any(|a| a.code == code)
}
