//! Scores the set validator ([`validate_set`]) against actionlint's multi-file test projects and its
//! reusable-workflow cases (`../shared/actionlint-testdata`): per category, how many expected errors it
//! reports at the expected `file:line:column` (found), how many it does not (missed), and how many
//! findings it adds (extra). Asserts the floors in [`FLOORS`]. Skips, with a message, when the test data
//! is not there.
//!
//! A project folder is one repository: every YAML file under it is in the set, with its path from the
//! folder (`workflows/test.yaml`, `./reusable/broken.yaml`), and only the files actionlint lints (those
//! under `workflows/`) are scored. A single-file case is a set of one file.
//!
//! A finding is a diagnostic of severity error or warning.
//!
//! Where GitHub's own parser tests decide an expected error differently, [`GITHUB_DECIDES`] moves or
//! removes it.
//!
//! Where we differ from actionlint on purpose, the case is listed in [`DIFFERENCES`] and its extra
//! findings are printed but not counted against the floor.

use pipeline_core::validate::{Config, SetFile, Severity, validate_set};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

mod common;
use common::{data_dir, expected_position, project_config};

/// `(category, least share of expected errors found, most extra findings)`.
///
/// `reusable-workflow/projects` is what the set checks alone decide: calls between files. The other rows
/// also count what each file's own checks find (the `action-inputs` projects, the single-file cases).
const FLOORS: &[(&str, f64, usize)] = &[
    ("reusable-workflow/projects", 1.0, 0),
    ("reusable-workflow", 0.53, 0),
    ("projects", 0.76, 19),
];

/// Cases where a finding of ours is deliberate and actionlint has none, with the reason.
const DIFFERENCES: &[(&str, &str)] = &[(
    "projects/recursive_workflow_call/",
    "a workflow that calls itself is a loop of calls, which GitHub does not run (`call-cycle`); actionlint does not look for loops",
)];

/// Expected errors of actionlint's where GitHub's own workflow parser tests
/// (`../shared/github-spec/parser-tests`) decide otherwise: `(case, file, line, column, where GitHub puts
/// it, why)`. `Some` moves the expected error there; `None` means GitHub accepts the value. An error we
/// report because GitHub does, where actionlint reports none, is listed with actionlint's position as
/// `(0, 0)` and GitHub's as `Some`: it is then expected.
/// `(case, file, line, column, where GitHub puts it, why)`.
type Decision = (
    &'static str,
    &'static str,
    u32,
    u32,
    Option<(u32, u32)>,
    &'static str,
);

const GITHUB_DECIDES: &[Decision] = &[
    (
        "projects/workflow_call_undefined/",
        "workflows/test.yaml",
        7,
        7,
        Some((7, 12)),
        "GitHub reports an input the called workflow does not declare at its value (errors-reusable-workflow-job-inputs-undefined)",
    ),
    (
        "projects/workflow_call_undefined/",
        "workflows/test.yaml",
        21,
        7,
        Some((21, 15)),
        "as above",
    ),
    (
        "projects/workflow_call_input_type_check/",
        "workflows/test.yaml",
        8,
        18,
        None,
        "GitHub passes `null` to a string input as \"\" (reusable-workflow-job-inputs-type-coercion)",
    ),
    (
        "projects/workflow_call_input_type_check/",
        "workflows/test.yaml",
        15,
        18,
        None,
        "GitHub passes a boolean to a string input as its text (reusable-workflow-job-inputs-type-coercion)",
    ),
    (
        "projects/workflow_call_input_type_check/",
        "workflows/test.yaml",
        0,
        0,
        Some((10, 19)),
        "GitHub rejects a string passed to a boolean input (errors-reusable-workflow-job-inputs-type-mismatch)",
    ),
];

fn yaml_files(dir: &Path, root: &Path, out: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            yaml_files(&path, root, out);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml")
            && path.file_name().is_some_and(|n| n != "actionlint.yaml")
        {
            let relative = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            out.push((relative, path));
        }
    }
}

#[derive(Default, Debug)]
struct Score {
    cases: usize,
    expected: usize,
    found: usize,
    extra: usize,
    excused: usize,
}

#[test]
fn actionlint_set_score() {
    let root = data_dir();
    let Ok(manifest) = std::fs::read_to_string(root.join("MANIFEST.tsv")) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "../shared is missing; CI runs with it beside the project"
        );
        println!(
            "skipped: actionlint test data not found at {}",
            root.display()
        );
        return;
    };
    let mut scores: BTreeMap<String, Score> = BTreeMap::new();
    let mut report = String::new();
    for line in manifest.lines().skip(1) {
        let columns: Vec<&str> = line.split('\t').collect();
        let (Some(case), Some(category)) = (columns.first(), columns.get(1)) else {
            continue;
        };
        let project = case.strip_suffix('/');
        if project.is_none() && *category != "reusable-workflow" {
            continue;
        }
        let is_ok = case.starts_with("ok/") || columns.get(3) == Some(&"0");
        let out_file = match project {
            Some(p) => root.join(format!("{p}.out")),
            None => root.join(case).with_extension("out"),
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
        let (files, config, scored): (Vec<SetFile>, Config, Vec<String>) = match project {
            Some(p) => {
                let dir = root.join(p);
                let mut found = Vec::new();
                yaml_files(&dir, &dir, &mut found);
                let scored = found
                    .iter()
                    .map(|(name, _)| name.clone())
                    .filter(|n| n.starts_with("workflows/"))
                    .collect();
                let files = found
                    .into_iter()
                    .filter_map(|(name, path)| {
                        Some(SetFile::parse(name, std::fs::read_to_string(path).ok()?))
                    })
                    .collect();
                (files, project_config(&dir), scored)
            }
            None => {
                let text = std::fs::read_to_string(root.join(case)).unwrap_or_default();
                (
                    vec![SetFile::parse("test.yaml", text)],
                    Config::default(),
                    vec!["test.yaml".to_owned()],
                )
            }
        };
        let mut got: BTreeMap<(String, u32, u32), Vec<String>> = BTreeMap::new();
        for (name, diagnostics) in validate_set(&files, &config) {
            if !scored.contains(&name) {
                continue;
            }
            for d in diagnostics.iter().filter(|d| d.severity != Severity::Info) {
                if let Some(l) = &d.location {
                    got.entry((l.file.clone(), l.line, l.column))
                        .or_default()
                        .push(d.to_string());
                }
            }
        }
        let mut expected = expected;
        for (c, file, line, column, moved, _) in GITHUB_DECIDES {
            if c != case {
                continue;
            }
            let at = (file.to_string(), *line, *column);
            if let Some(i) = expected.iter().position(|e| *e == at) {
                expected.remove(i);
            }
            if let Some((l, c)) = moved {
                expected.push((file.to_string(), *l, *c));
            }
        }
        let mut want: BTreeMap<(String, u32, u32), usize> = BTreeMap::new();
        for e in &expected {
            *want.entry(e.clone()).or_default() += 1;
        }
        let mut found = 0;
        for (at, n) in &want {
            let have = got.get(at).map_or(0, Vec::len);
            found += (*n).min(have);
            if have < *n {
                report.push_str(&format!(
                    "  missed {case}: {}:{}:{} ({} of {n})\n",
                    at.0,
                    at.1,
                    at.2,
                    n - have
                ));
            }
        }
        let mut extra = 0;
        for (at, messages) in &got {
            let n = want.get(at).copied().unwrap_or(0);
            for message in messages.iter().skip(n) {
                extra += 1;
                report.push_str(&format!("  extra  {case}: {message}\n"));
            }
        }
        let excused = DIFFERENCES.iter().any(|(c, _)| c == case);
        let keys = if project.is_some() {
            vec![
                category.to_string(),
                format!("{category}/projects"),
                "projects".to_owned(),
            ]
        } else {
            vec![category.to_string()]
        };
        for key in keys {
            let score = scores.entry(key).or_default();
            score.cases += 1;
            score.expected += expected.len();
            score.found += found;
            if excused {
                score.excused += extra;
            } else {
                score.extra += extra;
            }
        }
    }
    println!("category                      cases  expected  found  missed  extra (excused)");
    for (category, s) in &scores {
        println!(
            "{category:<29} {:>5}  {:>8}  {:>5}  {:>6}  {:>5} ({})",
            s.cases,
            s.expected,
            s.found,
            s.expected - s.found,
            s.extra,
            s.excused
        );
    }
    println!("{report}");
    for (c, reason) in DIFFERENCES {
        println!("  difference {c}: {reason}");
    }
    for (c, file, line, column, moved, reason) in GITHUB_DECIDES {
        println!("  GitHub decides {c} {file}:{line}:{column} -> {moved:?}: {reason}");
    }
    for (category, floor, most_extra) in FLOORS {
        let s = scores.get(*category).expect("category scored");
        let share = if s.expected == 0 {
            1.0
        } else {
            s.found as f64 / s.expected as f64
        };
        assert!(
            share >= *floor,
            "{category}: found {}/{} ({share:.2}), below the floor {floor}",
            s.found,
            s.expected
        );
        assert!(
            s.extra <= *most_extra,
            "{category}: {} extra findings, more than {most_extra}",
            s.extra
        );
    }
}
