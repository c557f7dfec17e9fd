//! Throughput of the expression parser and printer over every expression in the corpus of real workflows
//! (`../shared/corpus`), or over a built-in list when that folder is missing.
//!
//! Run with `cargo bench --bench expressions`.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use divan::Bencher;
use divan::counter::BytesCount;
use pipeline_sdk::expr::eval::{self, Contexts, evaluate};
use pipeline_sdk::expr::{Ast, Segment, Template, parse, scan};
use serde_yaml::Value;

fn main() {
    let corpus = corpus();
    println!(
        "{} expressions ({} bytes) and {} template strings ({} bytes) from {}",
        corpus.expressions.len(),
        bytes(&corpus.expressions),
        corpus.templates.len(),
        bytes(&corpus.templates),
        corpus.source
    );
    divan::main();
}

/// The text the benchmarks read, loaded once before the first one runs.
struct Corpus {
    source: String,
    /// Expression sources: the text inside `${{ }}`, and bare `if:` conditions.
    expressions: Vec<String>,
    /// Whole strings that hold at least one `${{`.
    templates: Vec<String>,
}

/// Used when `../shared/corpus` is missing, so the benchmark still measures something representative.
const BUILT_IN: &[&str] = &[
    "github.sha",
    "secrets.GITHUB_TOKEN",
    "matrix.os",
    "needs.build.outputs.version",
    "github.event_name == 'push' && github.ref == 'refs/heads/main'",
    "startsWith(github.ref, 'refs/tags/v') && github.event_name != 'workflow_dispatch'",
    "!cancelled() && !failure()",
    "hashFiles('**/Cargo.lock', '**/Cargo.toml')",
    "fromJSON(needs.plan.outputs.matrix)",
    "contains(github.event.pull_request.labels.*.name, 'release')",
    "matrix.build == 'cmake' && 'CM' || 'AM'",
    "format('{0}-{1}', runner.os, hashFiles('**/go.sum'))",
    "github.event.inputs.sha || github.event.pull_request.head.sha || github.sha",
    "case(github.ref == 'refs/heads/main', 'production', 'development')",
    "toJSON(steps)",
    "env[matrix.target.options]",
];

fn corpus() -> &'static Corpus {
    static CORPUS: OnceLock<Corpus> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
        if dir.is_dir() {
            load(&dir)
        } else {
            Corpus {
                source: format!("the built-in list ({} not found)", dir.display()),
                expressions: BUILT_IN.iter().map(|s| (*s).to_owned()).collect(),
                templates: BUILT_IN
                    .iter()
                    .map(|s| format!("v=${{{{ {s} }}}}"))
                    .collect(),
            }
        }
    })
}

fn load(dir: &Path) -> Corpus {
    let mut corpus = Corpus {
        source: dir.display().to_string(),
        expressions: Vec::new(),
        templates: Vec::new(),
    };
    let mut pending = vec![dir.to_path_buf()];
    let mut files: Vec<PathBuf> = Vec::new();
    while let Some(dir) = pending.pop() {
        for entry in fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "yml" || e == "yaml") {
                files.push(path);
            }
        }
    }
    files.sort();
    for file in files {
        let Ok(text) = fs::read_to_string(&file) else {
            continue;
        };
        if let Ok(yaml) = serde_yaml::from_str::<Value>(&text) {
            collect(&yaml, false, &mut corpus);
        }
    }
    corpus
}

fn collect(value: &Value, is_condition: bool, corpus: &mut Corpus) {
    match value {
        Value::String(s) if s.contains("${{") => {
            corpus.templates.push(s.clone());
            for segment in scan(s).into_iter().flatten() {
                if let Segment::Expr { source, .. } = segment {
                    corpus.expressions.push(source.to_owned());
                }
            }
        }
        Value::String(s) if is_condition => corpus.expressions.push(s.clone()),
        // `if: true` is a YAML boolean, but GitHub reads the text.
        Value::Bool(b) if is_condition => corpus.expressions.push(b.to_string()),
        Value::Number(n) if is_condition => corpus.expressions.push(n.to_string()),
        Value::Sequence(items) => items.iter().for_each(|item| collect(item, false, corpus)),
        Value::Mapping(map) => {
            for (key, value) in map {
                collect(key, false, corpus);
                let is_condition = matches!(key.as_str(), Some("if" | "pre-if" | "post-if"));
                collect(value, is_condition, corpus);
            }
        }
        _ => {}
    }
}

fn bytes(texts: &[String]) -> usize {
    texts.iter().map(String::len).sum()
}

/// Parses every expression of the corpus once per iteration.
#[divan::bench]
fn parse_expressions(bencher: Bencher) {
    let expressions = &corpus().expressions;
    bencher
        .counter(BytesCount::new(bytes(expressions)))
        .bench(|| {
            for source in expressions {
                let _ = divan::black_box(parse(divan::black_box(source)));
            }
        });
}

/// Prints every parsed expression of the corpus once per iteration; bytes are those of the printed text.
#[divan::bench]
fn print_expressions(bencher: Bencher) {
    let asts: Vec<Ast> = corpus()
        .expressions
        .iter()
        .filter_map(|source| parse(source).ok())
        .collect();
    let printed: usize = asts.iter().map(|ast| ast.to_string().len()).sum();
    bencher.counter(BytesCount::new(printed)).bench(|| {
        for ast in &asts {
            divan::black_box(divan::black_box(ast).to_string());
        }
    });
}

/// Scans and parses every string that holds `${{`, text around the expressions included.
#[divan::bench]
fn parse_templates(bencher: Bencher) {
    let templates = &corpus().templates;
    bencher
        .counter(BytesCount::new(bytes(templates)))
        .bench(|| {
            for template in templates {
                let _ = divan::black_box(Template::parse(divan::black_box(template)));
            }
        });
}

/// Contexts for evaluation: every context name the corpus uses, each an object with a few typical
/// properties, so that paths resolve to values or to `null` as they would on a runner.
fn bench_contexts(asts: &[Ast]) -> Contexts {
    let shape = eval::Value::from_json(
        r#"{"ref": "refs/heads/main", "event_name": "push", "os": "Linux", "sha": "0123abcd",
            "event": {"pull_request": {"labels": [{"name": "release"}, {"name": "bug"}]}},
            "outputs": {"matrix": "[1, 2, 3]", "version": "1.2.3"}, "result": "success"}"#,
    )
    .unwrap_or_default();
    let mut contexts = Contexts::new();
    for ast in asts {
        ast.walk(&mut |node| {
            if let Ast::Context(name) = node {
                contexts.insert(name.as_str(), shape.clone());
            }
        });
    }
    contexts
}

/// Evaluates every parsed expression of the corpus once per iteration (errors such as `hashFiles`, which
/// needs a runner, count as evaluations too).
#[divan::bench]
fn evaluate_expressions(bencher: Bencher) {
    let asts: Vec<Ast> = corpus()
        .expressions
        .iter()
        .filter_map(|source| parse(source).ok())
        .collect();
    let contexts = bench_contexts(&asts);
    bencher
        .counter(divan::counter::ItemsCount::new(asts.len()))
        .bench(|| {
            for ast in &asts {
                let _ = divan::black_box(evaluate(divan::black_box(ast), &contexts));
            }
        });
}
