//! Parse speed: `pipeline_sdk::parse::workflow` (serde_yaml's data, the layout scan and the conversion to
//! the model, with every check it makes) on the canonical text of synthetic workflows of 10 to 10,000 jobs
//! (ten steps each), beside `serde_yaml::from_str` to a bare `serde_yaml::Value` of the same text: the
//! floor our parser builds on. Throughput counts the bytes read.
//!
//! Run with `cargo bench --bench parse`; the figures measured are in `BENCHMARKS.md`.

mod common;

use divan::Bencher;
use divan::counter::BytesCount;
use pipeline_sdk::emit::{self, EmitOptions};

fn main() {
    divan::main();
}

const JOBS: &[usize] = &[10, 100, 1_000, 10_000];

fn text(jobs: usize) -> String {
    emit::workflow(&common::workflow(jobs), &EmitOptions::default())
}

#[divan::bench(args = JOBS, sample_count = 20, max_time = 10)]
fn pipeline_parse(bencher: Bencher, jobs: usize) {
    let text = text(jobs);
    assert!(
        pipeline_sdk::parse::workflow(&text).is_ok(),
        "the synthetic workflow parses"
    );
    bencher
        .counter(BytesCount::new(text.len()))
        .bench(|| pipeline_sdk::parse::workflow(divan::black_box(&text)));
}

#[divan::bench(args = JOBS, sample_count = 20, max_time = 10)]
fn serde_yaml_value(bencher: Bencher, jobs: usize) {
    let text = text(jobs);
    bencher
        .counter(BytesCount::new(text.len()))
        .bench(|| serde_yaml::from_str::<serde_yaml::Value>(divan::black_box(&text)));
}

#[divan::bench(args = JOBS, sample_count = 20, max_time = 10)]
fn layout_scan(bencher: Bencher, jobs: usize) {
    let text = text(jobs);
    bencher
        .counter(BytesCount::new(text.len()))
        .bench(|| pipeline_sdk::yaml::layout::scan(divan::black_box(&text)));
}
