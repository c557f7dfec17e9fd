//! Every expression in real workflows parses, prints, and parses again to the same tree.
//!
//! The files live in `../shared` beside the workspace (see its README); without that folder the tests say
//! so and pass, because the files are data, not part of the project.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use pipeline_core::expr::{Condition, Segment, Template, parse, parse_condition, scan};
use serde_yaml::Value;

fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared")
}

/// Keys whose value GitHub reads as an expression even without `${{ }}`.
const CONDITION_KEYS: [&str; 3] = ["if", "pre-if", "post-if"];

/// What one file, or many, held.
#[derive(Default)]
struct Tally {
    files: usize,
    expressions: usize,
    /// Conditions with text around `${{ }}`, which GitHub evaluates as an always-truthy string.
    text_conditions: Vec<String>,
    /// `(file, expression source, error)` for every expression that does not parse.
    failures: Vec<(String, String, String)>,
}

impl Tally {
    fn file(&mut self, path: &Path) {
        let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let yaml: Value = serde_yaml::from_str(&text)
            .unwrap_or_else(|e| panic!("{} is not YAML: {e}", path.display()));
        self.files += 1;
        let name = path
            .strip_prefix(shared())
            .unwrap_or(path)
            .display()
            .to_string();
        self.value(&name, &yaml);
    }

    fn value(&mut self, file: &str, value: &Value) {
        match value {
            Value::String(s) => self.template(file, s),
            Value::Sequence(items) => items.iter().for_each(|item| self.value(file, item)),
            Value::Mapping(map) => {
                for (key, value) in map {
                    self.value(file, key);
                    let is_condition = key.as_str().is_some_and(|k| CONDITION_KEYS.contains(&k));
                    match value {
                        Value::String(s) if is_condition => self.condition(file, s),
                        // `if: true` is a YAML boolean, but GitHub reads the text.
                        Value::Bool(b) if is_condition => self.condition(file, &b.to_string()),
                        Value::Number(n) if is_condition => self.condition(file, &n.to_string()),
                        _ => self.value(file, value),
                    }
                }
            }
            Value::Tagged(tagged) => self.value(file, &tagged.value),
            Value::Null | Value::Bool(_) | Value::Number(_) => {}
        }
    }

    /// Every `${{ }}` in a string, each parsed on its own so that one bad expression hides no other.
    fn template(&mut self, file: &str, s: &str) {
        let segments = match scan(s) {
            Ok(segments) => segments,
            Err(e) => {
                self.expressions += 1;
                let rest = s.get(e.offset()..).unwrap_or(s);
                self.failures
                    .push((file.into(), rest.into(), e.to_string()));
                return;
            }
        };
        for segment in segments {
            if let Segment::Expr { source, .. } = segment {
                self.expression(file, source);
            }
        }
        // The whole template round-trips too when every expression in it parses.
        if let Ok(template) = Template::parse(s) {
            let printed = template.to_string();
            assert_eq!(
                Template::parse(&printed).as_ref(),
                Ok(&template),
                "{file}: template {s:?} printed as {printed:?}"
            );
        }
    }

    fn condition(&mut self, file: &str, s: &str) {
        if s.contains("${{") {
            self.template(file, s);
        } else {
            self.expression(file, s);
        }
        if let Ok(condition) = parse_condition(s) {
            if let Condition::Template(_) = condition {
                self.text_conditions.push(format!("{file}: if: {s}"));
            }
            let printed = condition.to_string();
            assert_eq!(
                parse_condition(&printed).as_ref(),
                Ok(&condition),
                "{file}: condition {s:?} printed as {printed:?}"
            );
        }
    }

    fn expression(&mut self, file: &str, source: &str) {
        self.expressions += 1;
        match parse(source) {
            Ok(ast) => {
                let printed = ast.to_string();
                assert_eq!(
                    parse(&printed).as_ref(),
                    Ok(&ast),
                    "{file}: {source:?} printed as {printed:?}"
                );
            }
            Err(e) => self
                .failures
                .push((file.into(), source.trim().into(), e.to_string())),
        }
    }

    fn parsed(&self) -> usize {
        self.expressions - self.failures.len()
    }

    fn report_failures(&self) -> String {
        let mut report = String::new();
        for (file, source, error) in &self.failures {
            let _ = writeln!(report, "{file}: {source:?}: {error}");
        }
        report
    }
}

/// Every `.yml` and `.yaml` file under `dir`, sorted so runs are comparable.
fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries = fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        for entry in entries {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path
                .extension()
                .is_some_and(|ext| ext == "yml" || ext == "yaml")
            {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn corpus_expressions_round_trip() {
    let dir = shared().join("corpus");
    if !dir.is_dir() {
        assert!(
            std::env::var_os("CI").is_none(),
            "../shared is missing; CI runs with it beside the project"
        );
        println!(
            "skipped: {} not found; the corpus of real workflows lives beside the workspace",
            dir.display()
        );
        return;
    }
    let mut tally = Tally::default();
    for file in yaml_files(&dir) {
        tally.file(&file);
    }
    println!(
        "expressions: {} of {} parsed ({} files)",
        tally.parsed(),
        tally.expressions,
        tally.files
    );
    println!(
        "conditions with text around ${{{{ }}}} (always truthy on GitHub): {}",
        tally.text_conditions.len()
    );
    for condition in &tally.text_conditions {
        println!("  {condition}");
    }
    assert!(tally.files > 0, "no YAML files in {}", dir.display());
    assert!(tally.failures.is_empty(), "{}", tally.report_failures());
}

#[test]
fn seed_expressions_round_trip_except_the_known_defect() {
    let dir = shared().join("seed");
    if !dir.is_dir() {
        assert!(
            std::env::var_os("CI").is_none(),
            "../shared is missing; CI runs with it beside the project"
        );
        println!(
            "skipped: {} not found; the seed workflows live beside the workspace",
            dir.display()
        );
        return;
    }
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .expect("seed folder")
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yml"))
        .collect();
    files.sort();
    files.push(dir.join("actions/deploy/action.yml"));
    let mut tally = Tally::default();
    for file in &files {
        tally.file(file);
    }
    println!(
        "seed expressions: {} of {} parsed ({} files)",
        tally.parsed(),
        tally.expressions,
        tally.files
    );
    print!("{}", tally.report_failures());
    // The seed slices a string with shell syntax inside an expression; GitHub rejects it, and so must we.
    assert!(
        !tally.failures.is_empty(),
        "the seed's `github.sha:0:7` must fail"
    );
    for (file, source, error) in &tally.failures {
        assert_eq!(
            source, "github.sha:0:7",
            "{file}: unexpected failure: {error}"
        );
        assert!(
            error.starts_with("expected a property name or `*` at offset ")
                && error.ends_with(", found `sha:0:7`"),
            "{file}: {error}"
        );
    }
}
