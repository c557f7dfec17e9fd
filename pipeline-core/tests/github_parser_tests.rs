//! GitHub's own workflow parser test cases (`../shared/github-spec/parser-tests/*.yml`) through the
//! parser and the validator.
//!
//! A case file holds YAML documents: the options (`include-source`, `skip`, limits), the workflow, then
//! for every reusable workflow the case calls a document with its reference
//! (`owner/repo/.github/workflows/x.yml@v1`) followed by that workflow, and last the expected result as
//! JSON: the normalised workflow when GitHub accepts the file, or `errors`, each message naming a file
//! and, mostly, `(Line: L, Col: C)`.
//!
//! Every case is checked as a set ([`validate_set`]): the workflow at `.github/workflows/<case>.yml` and
//! each reusable workflow at its reference, so a job's `uses:` finds the file it calls whether the
//! reference is local or names another repository. Then:
//!
//! - an expected error is *located* when the file it names has a diagnostic of severity error at its line
//!   and column, as its location or as one of its related places (an error message without a position,
//!   such as "Maximum object depth exceeded", is located when that file has any error). Related places
//!   count because GitHub and other linters place some problems differently: GitHub reports a missing
//!   required key at the mapping that lacks it and an invalid expression at the start of the value,
//!   where we point at the key and at the offending character; the diagnostic names GitHub's place as
//!   a related one;
//! - a case GitHub accepts has a *false error* when any file of its set gets a diagnostic of severity
//!   error (warnings are fine: they do not stop a user's generator).
//!
//! The cases GitHub's TypeScript parser lists as skipped
//! (`parser-tests-skipped-by-the-typescript-parser.txt`) are scored like every other case: the list says
//! they hold for the parser GitHub's runner uses, which is what decides whether a workflow runs. They
//! are marked `ts-skip` in the table. A case's own `skip:` option names the parsers that do not pass it;
//! it is shown in the table and does not change the scoring either.
//!
//! The options `permissions-policy` (the repository's default `GITHUB_TOKEN` permissions),
//! `max-nested-reusable-workflows-depth` and `max-depth` describe the setup GitHub runs the workflow
//! under; they are given to the validator through [`Config`]. `max-result-size` (a limit on the size of
//! the parser's own result, counted in its internal units) has no counterpart: those cases are scored
//! and missed. So is `errors-anchor-tag` (the runner's older parser refusing YAML anchors): GitHub
//! Actions has read anchors and aliases in workflows since 2025, so the validator accepts them.
//!
//! Skips, with a note, when the data is not there, unless the environment variable `CI` is set: then
//! the missing data fails the test.

use pipeline_core::validate::{Config, DefaultPermissions, Diagnostics, SetFile, validate_set};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The least share of expected errors that must be located at their line and column.
const LOCATED_FLOOR: f64 = 0.95;

/// The most accepted cases that may get an error.
const FALSE_ERRORS_CEILING: usize = 5;

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/github-spec")
}

/// One error GitHub reports for a case.
#[derive(Debug, Clone)]
struct ExpectedError {
    /// The file the message names (`.github/workflows/x.yml` or a reference), when it names one.
    file: Option<String>,
    /// `(line, column)`, when the message has one.
    position: Option<(u32, u32)>,
    message: String,
}

/// One case file, split into its parts.
#[derive(Debug)]
struct Case {
    options: serde_yaml::Value,
    workflow: String,
    /// `(reference, text)` of every reusable workflow the case supplies.
    reusables: Vec<(String, String)>,
    /// `None` when GitHub accepts the workflow.
    errors: Option<Vec<ExpectedError>>,
}

/// Splits a case file at its `---` lines.
fn documents(text: &str) -> Vec<String> {
    let mut documents = vec![String::new()];
    for line in text.lines() {
        if line.trim_end() == "---" {
            documents.push(String::new());
        } else if let Some(last) = documents.last_mut() {
            last.push_str(line);
            last.push('\n');
        }
    }
    documents
}

fn parse_case(text: &str) -> Result<Case, String> {
    let documents = documents(text);
    if documents.len() < 3 || documents.len().is_multiple_of(2) {
        return Err(format!(
            "expected options, a workflow, pairs of reference and reusable workflow, and a result; found {} documents",
            documents.len()
        ));
    }
    let options: serde_yaml::Value =
        serde_yaml::from_str(&documents[0]).map_err(|e| format!("options: {e}"))?;
    let workflow = documents[1].clone();
    let reusables = documents[2..documents.len() - 1]
        .chunks(2)
        .map(|pair| (pair[0].trim().to_owned(), pair[1].clone()))
        .collect();
    // The result is JSON, which a YAML reader reads too.
    let result: serde_yaml::Value = serde_yaml::from_str(&documents[documents.len() - 1])
        .map_err(|e| format!("result: {e}"))?;
    let errors = result.get("errors").map(|errors| {
        errors
            .as_sequence()
            .into_iter()
            .flatten()
            .filter_map(|e| e.get("Message").and_then(serde_yaml::Value::as_str))
            .map(expected_error)
            .collect()
    });
    Ok(Case {
        options,
        workflow,
        reusables,
        errors,
    })
}

/// Reads `FILE (Line: L, Col: C): message`, `FILE: message` (sometimes with "on line L and column C"
/// inside) or a bare message.
fn expected_error(message: &str) -> ExpectedError {
    let number = |s: &str| -> Option<(u32, usize)> {
        let digits = s.bytes().take_while(u8::is_ascii_digit).count();
        Some((s[..digits].parse().ok()?, digits))
    };
    if let Some(at) = message.find(" (Line: ") {
        let rest = &message[at + " (Line: ".len()..];
        if let Some((line, n)) = number(rest)
            && let Some(rest) = rest[n..].strip_prefix(", Col: ")
            && let Some((column, n)) = number(rest)
            && let Some(text) = rest[n..].strip_prefix("): ")
        {
            return ExpectedError {
                file: Some(message[..at].to_owned()),
                position: Some((line, column)),
                message: text.to_owned(),
            };
        }
    }
    let (file, text) = match message.split_once(": ") {
        Some((file, text)) if !file.contains(' ') && file.contains(".y") => {
            (Some(file.to_owned()), text)
        }
        _ => (None, message),
    };
    // "The value 'x' on line 4 and column 14 is invalid ..."
    let position = text.find(" on line ").and_then(|at| {
        let rest = &text[at + " on line ".len()..];
        let (line, n) = number(rest)?;
        let rest = rest[n..].strip_prefix(" and column ")?;
        let (column, _) = number(rest)?;
        Some((line, column))
    });
    ExpectedError {
        file,
        position,
        message: text.to_owned(),
    }
}

/// The validator's settings for the setup a case's options describe.
fn config(options: &serde_yaml::Value) -> Config {
    let mut config = Config::default();
    match options
        .get("permissions-policy")
        .and_then(serde_yaml::Value::as_str)
    {
        Some("LimitedRead") => config = config.default_permissions(DefaultPermissions::Read),
        Some("Write") => config = config.default_permissions(DefaultPermissions::Write),
        _ => {}
    }
    let number = |key: &str| {
        options
            .get(key)
            .and_then(serde_yaml::Value::as_u64)
            .and_then(|n| usize::try_from(n).ok())
    };
    if let Some(depth) = number("max-depth") {
        config = config.max_depth(depth);
    }
    // The depth of nested reusable workflows below the caller: one level fewer than the workflows the
    // chain connects.
    if let Some(depth) = number("max-nested-reusable-workflows-depth") {
        config = config.max_workflow_levels(depth + 1);
    }
    config
}

/// The names of the parsers a case's `skip:` lists.
fn skipped_by(options: &serde_yaml::Value) -> Vec<String> {
    options
        .get("skip")
        .and_then(serde_yaml::Value::as_sequence)
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect()
}

/// What one case scored.
#[derive(Default)]
struct Outcome {
    expected: usize,
    located: usize,
    /// Errors at no expected position (in a rejected case) or any error (in an accepted one).
    extra: Vec<String>,
    missed: Vec<String>,
}

/// An error: the places it names (its location, then its related places in the same file) and its
/// text.
struct Found {
    places: Vec<(u32, u32)>,
    text: String,
}

fn errors_by_file(results: &[(String, Diagnostics)]) -> BTreeMap<String, Vec<Found>> {
    let mut out: BTreeMap<String, Vec<Found>> = BTreeMap::new();
    for (file, diagnostics) in results {
        let entry = out.entry(file.clone()).or_default();
        for d in diagnostics.errors() {
            let mut places = Vec::new();
            if let Some(l) = &d.location {
                places.push((l.line, l.column));
            }
            for (_, _, related) in &d.related {
                if let Some(l) = related.as_ref().filter(|l| l.file == *file) {
                    places.push((l.line, l.column));
                }
            }
            entry.push(Found {
                places,
                text: d.to_string(),
            });
        }
    }
    out
}

fn run_case(name: &str, case: &Case) -> Outcome {
    let main = format!(".github/workflows/{name}");
    let mut files = vec![SetFile::parse(main.clone(), case.workflow.clone())];
    for (reference, text) in &case.reusables {
        files.push(SetFile::parse(reference.clone(), text.clone()));
    }
    let results = validate_set(&files, &config(&case.options));
    let errors = errors_by_file(&results);
    let mut outcome = Outcome::default();
    let Some(expected) = &case.errors else {
        for (file, list) in &errors {
            for found in list {
                outcome.extra.push(format!("{file}: {}", found.text));
            }
        }
        return outcome;
    };
    // Every error that an expected error accounts for, by file and index.
    let mut used: BTreeMap<&str, Vec<bool>> = errors
        .iter()
        .map(|(file, list)| (file.as_str(), vec![false; list.len()]))
        .collect();
    let mut taken: std::collections::BTreeSet<(String, usize, (u32, u32))> =
        std::collections::BTreeSet::new();
    let mut positionless = Vec::new();
    for e in expected {
        outcome.expected += 1;
        let Some((line, column)) = e.position else {
            positionless.push(e);
            continue;
        };
        let file = e.file.as_deref().unwrap_or(&main);
        let hit = errors.get(file).and_then(|list| {
            list.iter()
                .enumerate()
                .find(|(i, found)| {
                    found.places.contains(&(line, column))
                        && !taken.contains(&(file.to_owned(), *i, (line, column)))
                })
                .map(|(i, _)| i)
        });
        match hit {
            Some(i) => {
                outcome.located += 1;
                // One error may account for several expected ones, each at a place it names.
                taken.insert((file.to_owned(), i, (line, column)));
                if let Some(u) = used.get_mut(file) {
                    u[i] = true;
                }
            }
            None => outcome.missed.push(format!(
                "{file}:{line}:{column}: {}",
                e.message.chars().take(140).collect::<String>()
            )),
        }
    }
    // An error without a position is located by any error of its file not accounted for yet (of any
    // file, when the message names none).
    for e in positionless {
        let candidates: Vec<&str> = match e.file.as_deref() {
            Some(file) => vec![file],
            None => errors.keys().map(String::as_str).collect(),
        };
        let hit = candidates.iter().find_map(|file| {
            let list = errors.get(*file)?;
            let u = used.get(file)?;
            let i = (0..list.len()).find(|i| !u[*i])?;
            Some((*file, i))
        });
        match hit {
            Some((file, i)) => {
                outcome.located += 1;
                if let Some(u) = used.get_mut(file) {
                    u[i] = true;
                }
            }
            None => outcome.missed.push(format!(
                "{}: {}",
                e.file.as_deref().unwrap_or("(any file)"),
                e.message.chars().take(140).collect::<String>()
            )),
        }
    }
    for (file, list) in &errors {
        for (i, found) in list.iter().enumerate() {
            if !used.get(file.as_str()).is_some_and(|u| u[i]) {
                outcome.extra.push(format!("{file}: {}", found.text));
            }
        }
    }
    outcome
}

#[test]
fn github_parser_tests() {
    let root = data_dir();
    let dir = root.join("parser-tests");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "GitHub's parser tests are not at {}",
            dir.display()
        );
        println!(
            "skipped: GitHub's parser tests not found at {}",
            dir.display()
        );
        return;
    };
    let ts_skipped: Vec<String> =
        std::fs::read_to_string(root.join("parser-tests-skipped-by-the-typescript-parser.txt"))
            .unwrap_or_default()
            .lines()
            .map(|l| l.trim().to_owned())
            .filter(|l| !l.is_empty())
            .collect();
    let mut paths: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no case in {}", dir.display());

    let (mut expected, mut located, mut accepted, mut false_errors) = (0, 0, 0, 0);
    let mut unreadable = Vec::new();
    let mut details = String::new();
    println!(
        "{:<100} {:>8} {:>7} {:>5}  notes",
        "case", "expected", "located", "extra"
    );
    for path in &paths {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let case = match parse_case(&text) {
            Ok(case) => case,
            Err(e) => {
                unreadable.push(format!("{name}: {e}"));
                continue;
            }
        };
        let outcome = run_case(&name, &case);
        let mut notes = Vec::new();
        if ts_skipped.contains(&name) {
            notes.push("ts-skip".to_owned());
        }
        let skip = skipped_by(&case.options);
        if !skip.is_empty() {
            notes.push(format!("skip: {}", skip.join(", ")));
        }
        let status = match &case.errors {
            None => {
                accepted += 1;
                if outcome.extra.is_empty() {
                    "accepted: ok".to_owned()
                } else {
                    false_errors += 1;
                    "accepted: FALSE ERROR".to_owned()
                }
            }
            Some(_) => {
                expected += outcome.expected;
                located += outcome.located;
                if outcome.located == outcome.expected {
                    "rejected: ok".to_owned()
                } else {
                    "rejected: MISS".to_owned()
                }
            }
        };
        println!(
            "{:<100} {:>8} {:>7} {:>5}  {status}{}",
            name,
            outcome.expected,
            outcome.located,
            outcome.extra.len(),
            if notes.is_empty() {
                String::new()
            } else {
                format!(" ({})", notes.join("; "))
            }
        );
        if !outcome.missed.is_empty() || !outcome.extra.is_empty() {
            details.push_str(&format!("\n{name}:\n"));
            for m in &outcome.missed {
                details.push_str(&format!("  MISS  {m}\n"));
            }
            for x in &outcome.extra {
                details.push_str(&format!("  ERROR {x}\n"));
            }
        }
    }
    println!("{details}");
    let share = if expected == 0 {
        1.0
    } else {
        located as f64 / expected as f64
    };
    println!(
        "parser conformance: errors located {located} of {expected} ({:.1}%), accepted cases with a false error: {false_errors} of {accepted}",
        share * 100.0
    );
    assert!(
        unreadable.is_empty(),
        "case files not understood:\n{}",
        unreadable.join("\n")
    );
    assert!(
        share >= LOCATED_FLOOR,
        "located {:.1}% of GitHub's errors, below the floor of {:.1}%",
        share * 100.0,
        LOCATED_FLOOR * 100.0
    );
    assert!(
        false_errors <= FALSE_ERRORS_CEILING,
        "{false_errors} accepted cases got an error (at most {FALSE_ERRORS_CEILING})"
    );
}
