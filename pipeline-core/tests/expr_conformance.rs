//! The expression evaluator against conformance cases: our own in `tests/fixtures/expr/`, and GitHub's
//! expression suite in `../shared/github-spec/expression-tests` (from `actions/languageservices`).
//!
//! Both use GitHub's format: each file maps a group name to a list of cases, each an `expr`, optional
//! `contexts` (an object of named values) and either `result` (`kind` and `value`) or `err` (`kind`:
//! `lexing`, `parsing` or `evaluation`, and `value`, a part of the message). A result matches when the kind
//! is the same and the values write the same JSON (so `-0` and `0` are one number, as GitHub writes them);
//! an error matches when the kind is the same and our message contains the expected text.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use pipeline_core::expr::eval::{Contexts, Value, evaluate_str};

/// Cases of GitHub's suite that cannot pass, by expression, with the reason. Empty: every visible case
/// passes.
const EXPECTED_FAILURES: &[(&str, &str)] = &[];

struct Score {
    file: String,
    passed: usize,
    total: usize,
    failures: Vec<String>,
}

fn field<'a>(case: &'a Value, name: &str) -> Option<&'a Value> {
    match case {
        Value::Object(map) => map.get(name),
        _ => None,
    }
}

fn text(value: Option<&Value>) -> String {
    match value {
        Some(Value::String(s)) => s.clone(),
        _ => String::new(),
    }
}

/// Runs one case; `None` when it matches, otherwise what went wrong.
fn run_case(case: &Value) -> Option<String> {
    let expr = text(field(case, "expr"));
    let contexts = match field(case, "contexts") {
        Some(value) => match Contexts::try_from(value.clone()) {
            Ok(contexts) => contexts,
            Err(_) => return Some(format!("{expr:?}: contexts are not an object")),
        },
        None => Contexts::new(),
    };
    let got = evaluate_str(&expr, &contexts);
    if let Some(expected) = field(case, "result") {
        let kind = text(field(expected, "kind"));
        let value = field(expected, "value").cloned().unwrap_or(Value::Null);
        return match got {
            Ok(v) if v.kind().name() == kind && v.to_json() == value.to_json() => None,
            Ok(v) => Some(format!(
                "{expr:?}: expected {kind} {}, got {} {}",
                value.to_json(),
                v.kind(),
                v.to_json()
            )),
            Err(err) => Some(format!(
                "{expr:?}: expected {kind} {}, got {} error: {err}",
                value.to_json(),
                err.kind()
            )),
        };
    }
    let Some(expected) = field(case, "err") else {
        return Some(format!("{expr:?}: the case has neither `result` nor `err`"));
    };
    let kind = text(field(expected, "kind"));
    let message = text(field(expected, "value"));
    match got {
        Err(err) if err.kind().name() == kind && err.message().contains(&message) => None,
        Err(err) => Some(format!(
            "{expr:?}: expected {kind} error containing {message:?}, got {} error: {err}",
            err.kind()
        )),
        Ok(v) => Some(format!(
            "{expr:?}: expected {kind} error containing {message:?}, got {} {}",
            v.kind(),
            v.to_json()
        )),
    }
}

fn score_dir(dir: &Path) -> Vec<Score> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    files.sort();
    let mut scores = Vec::new();
    for path in files {
        let source = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
        let groups = Value::from_json(&source)
            .unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()));
        let mut score = Score {
            file: path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            passed: 0,
            total: 0,
            failures: Vec::new(),
        };
        let Value::Object(groups) = groups else {
            panic!("{} is not an object of groups", path.display());
        };
        for (group, cases) in groups {
            let Value::Array(cases) = cases else {
                panic!("{}: group {group} is not a list", path.display());
            };
            for case in &cases {
                score.total += 1;
                match run_case(case) {
                    None => score.passed += 1,
                    Some(failure) => score.failures.push(format!("{group}: {failure}")),
                }
            }
        }
        scores.push(score);
    }
    scores
}

/// Prints the table and the total, and returns the failures not on `expected`.
fn report(title: &str, scores: &[Score], expected: &[(&str, &str)]) -> Vec<String> {
    let mut table = format!("{title}\n{:<34} {:>6} {:>6}\n", "file", "passed", "cases");
    let (mut passed, mut total) = (0, 0);
    let mut unexpected = Vec::new();
    for score in scores {
        let _ = writeln!(
            table,
            "{:<34} {:>6} {:>6}",
            score.file, score.passed, score.total
        );
        passed += score.passed;
        total += score.total;
        for failure in &score.failures {
            let known = expected
                .iter()
                .any(|(expr, _)| failure.contains(&format!("{expr:?}")));
            if !known {
                unexpected.push(format!("{}: {failure}", score.file));
            }
        }
    }
    println!("{table}expression conformance: {passed} of {total}");
    unexpected
}

#[test]
fn our_fixtures_all_pass() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/expr");
    let scores = score_dir(&dir);
    let total: usize = scores.iter().map(|s| s.total).sum();
    assert!(total >= 200, "the fixtures hold {total} cases");
    let failures = report("our expression fixtures", &scores, &[]);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn github_expression_suite() {
    let dir =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/github-spec/expression-tests");
    if !dir.is_dir() {
        assert!(
            std::env::var_os("CI").is_none(),
            "GitHub's expression suite is missing: {}",
            dir.display()
        );
        println!(
            "note: {} is missing; GitHub's expression suite not run",
            dir.display()
        );
        return;
    }
    let scores = score_dir(&dir);
    assert!(scores.iter().map(|s| s.total).sum::<usize>() > 0);
    let failures = report("GitHub's expression suite", &scores, EXPECTED_FAILURES);
    assert!(
        failures.is_empty(),
        "{} unexpected failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
