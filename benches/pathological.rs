//! Pathological inputs: the cost of each bound of the parser and the validator, at two sizes ten times
//! apart, so the figures show time (and memory) growing linearly. Deep nesting (levels of `[`), alias
//! fan-out (one anchored list repeated through aliases), many keys (one `env` mapping checked by
//! `check_workflow`), and many files (a repository of workflows that call missing workflows, checked
//! file by file and as a set, as `pipeline check` does in repository mode).
//!
//! Memory is counted by divan's allocation profiler: the bytes allocated per run, an upper bound of the
//! peak. Run with `cargo bench --bench pathological`; the figures measured are in `BENCHMARKS.md`.

use divan::Bencher;
use divan::counter::{BytesCount, ItemsCount};
use pipeline_sdk::validate::{self, Config, SetFile};

#[global_allocator]
static ALLOC: divan::AllocProfiler = divan::AllocProfiler::system();

fn main() {
    divan::main();
}

/// `[` repeated `levels` times inside a workflow.
fn deep(levels: usize) -> String {
    format!(
        "on: push\njobs:\n  a:\n    runs-on: {}{}\n",
        "[".repeat(levels),
        "]".repeat(levels)
    )
}

#[divan::bench(args = [10_000, 100_000], sample_count = 10)]
fn deep_nesting(bencher: Bencher, levels: usize) {
    let text = deep(levels);
    bencher
        .counter(BytesCount::new(text.len()))
        .bench(|| pipeline_sdk::parse::workflow(divan::black_box(&text)).is_err());
}

/// One anchored list of `items` numbers, and a list of `items` aliases to it.
fn fan_out(items: usize) -> String {
    format!(
        "on: push\nx: &a [{}]\ny: [{}]\njobs: {{}}\n",
        vec!["1"; items].join(","),
        vec!["*a"; items].join(",")
    )
}

#[divan::bench(args = [250, 2_500], sample_count = 10)]
fn alias_fan_out(bencher: Bencher, items: usize) {
    let text = fan_out(items);
    bencher
        .counter(BytesCount::new(text.len()))
        .bench(|| validate::check_workflow(divan::black_box(&text), "x.yml", &Config::default()));
}

/// A workflow whose `env` has `keys` keys.
fn keys(keys: usize) -> String {
    let mut text = String::from("on: push\nenv:\n");
    for i in 0..keys {
        text.push_str(&format!("  K{i}: v\n"));
    }
    text.push_str("jobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n");
    text
}

#[divan::bench(args = [10_000, 100_000], sample_count = 5)]
fn many_keys(bencher: Bencher, count: usize) {
    let text = keys(count);
    bencher.counter(ItemsCount::new(count)).bench(|| {
        validate::check_workflow(divan::black_box(&text), "keys.yml", &Config::default())
    });
}

/// `files` workflows, each calling a workflow that does not exist (so each asks for a suggestion
/// among all the others).
fn repository(files: usize) -> Vec<(String, String)> {
    (0..files)
        .map(|i| {
            (
                format!(".github/workflows/w{i}.yml"),
                format!(
                    "on: push\njobs:\n  a{i}:\n    uses: ./.github/workflows/x{i}.yml\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo {i}\n"
                ),
            )
        })
        .collect()
}

#[divan::bench(args = [1_000, 10_000], sample_count = 3)]
fn many_files(bencher: Bencher, files: usize) {
    let repository = repository(files);
    let config = Config::default();
    bencher.counter(ItemsCount::new(files)).bench(|| {
        let mut count = 0;
        let set: Vec<SetFile> = repository
            .iter()
            .map(|(path, text)| {
                count += validate::check_workflow(text, path, &config).len();
                SetFile::parse(path.clone(), text.clone())
            })
            .collect();
        count + validate::check_set(&set).len()
    });
}
