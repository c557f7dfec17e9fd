//! Validation speed: every check of the validator on synthetic workflows of 10 to 10,000 jobs (ten steps
//! each, needs chains, conditions, matrices), built in Rust. Throughput counts jobs. `validate_workflow`
//! uses the default configuration (workflows of 512 jobs or more are split across the cores);
//! `validate_workflow_one_thread` keeps every check on one thread.
//!
//! Run with `cargo bench --bench validate`; the figures measured are in `BENCHMARKS.md`.

mod common;

use divan::Bencher;
use divan::counter::ItemsCount;
use pipeline_sdk::validate::{self, Config};

fn main() {
    divan::main();
}

const JOBS: &[usize] = &[10, 100, 1_000, 10_000];

#[divan::bench(args = JOBS, sample_count = 30, max_time = 10)]
fn validate_workflow(bencher: Bencher, jobs: usize) {
    let workflow = common::workflow(jobs);
    bencher
        .counter(ItemsCount::new(jobs))
        .bench(|| validate::validate(divan::black_box(&workflow)));
}

#[divan::bench(args = JOBS, sample_count = 30, max_time = 10)]
fn validate_workflow_one_thread(bencher: Bencher, jobs: usize) {
    let workflow = common::workflow(jobs);
    let config = Config::default().threads(1);
    bencher
        .counter(ItemsCount::new(jobs))
        .bench(|| validate::validate_with(divan::black_box(&workflow), &config));
}
