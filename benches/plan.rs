//! Planning speed: which jobs of a synthetic workflow (`common::workflow`: needs chains, conditions on
//! the event, every fifth job a 3 x 3 matrix with an `include` row) run for a push to `main` that changes
//! one source file, and for a pull request. Throughput counts jobs.
//!
//! Run with `cargo bench --bench plan`; the figures measured are in `BENCHMARKS.md`.

mod common;

use divan::Bencher;
use divan::counter::ItemsCount;
use pipeline_sdk::plan::Event;

fn main() {
    divan::main();
}

const JOBS: &[usize] = &[10, 100, 1_000];

#[divan::bench(args = JOBS, sample_count = 30, max_time = 5)]
fn plan_push(bencher: Bencher, jobs: usize) {
    let workflow = common::workflow(jobs);
    let event = Event::push("main").changed(["src/lib.rs"]);
    bencher
        .counter(ItemsCount::new(jobs))
        .bench(|| divan::black_box(&workflow).plan(&event));
}

#[divan::bench(args = JOBS, sample_count = 30, max_time = 5)]
fn plan_pull_request(bencher: Bencher, jobs: usize) {
    let workflow = common::workflow(jobs);
    let event = Event::pull_request("main").changed(["src/lib.rs"]);
    bencher
        .counter(ItemsCount::new(jobs))
        .bench(|| divan::black_box(&workflow).plan(&event));
}
