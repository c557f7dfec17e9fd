//! Emit speed: our emitter against `serde_yaml::to_string` of the same model, on synthetic workflows of 10
//! to 10,000 jobs (ten steps each). Throughput counts the bytes each one writes.
//!
//! Run with `cargo bench --bench emit`; the figures measured are in `BENCHMARKS.md`.

mod common;

use divan::Bencher;
use divan::counter::BytesCount;
use pipeline_sdk::emit::{self, EmitOptions};

fn main() {
    divan::main();
}

const JOBS: &[usize] = &[10, 100, 1_000, 10_000];

#[divan::bench(args = JOBS, sample_count = 30, max_time = 10)]
fn pipeline_emit(bencher: Bencher, jobs: usize) {
    let workflow = common::workflow(jobs);
    let options = EmitOptions::default();
    let bytes = emit::workflow(&workflow, &options).len();
    bencher
        .counter(BytesCount::new(bytes))
        .bench(|| emit::workflow(divan::black_box(&workflow), &options));
}

#[divan::bench(args = JOBS, sample_count = 30, max_time = 10)]
fn serde_yaml_to_string(bencher: Bencher, jobs: usize) {
    let workflow = common::workflow(jobs);
    let bytes = serde_yaml::to_string(&workflow).map_or(0, |yaml| yaml.len());
    bencher
        .counter(BytesCount::new(bytes))
        .bench(|| serde_yaml::to_string(divan::black_box(&workflow)));
}
