//! Synthetic workflows for the benchmarks: any number of jobs with ten steps each and the keys real CI
//! files use (needs, conditions, env, matrices, actions with inputs, multi-line scripts).

use pipeline_sdk::model::{
    Concurrency, Input, Job, Matrix, Permissions, Step, Strategy, Trigger, Value, Workflow,
};

/// A workflow with `jobs` jobs of ten steps each. Job `i` needs job `i - 1` (and `i - 2` every fourth
/// job), every third job has an `if:`, every fifth runs a 3 x 3 matrix with an `include` row.
#[must_use]
pub(crate) fn workflow(jobs: usize) -> Workflow {
    let mut workflow = Workflow::new("Synthetic CI")
        .on(Trigger::push()
            .branches(["main", "release/**"])
            .paths_ignore(["docs/**", "*.md"]))
        .on(Trigger::pull_request().types(["opened", "synchronize", "reopened"]))
        .on(Trigger::workflow_dispatch().input(
            "environment",
            Input::choice(["staging", "production"])
                .description("Where to deploy")
                .default("staging"),
        ))
        .permissions(Permissions::read_contents())
        .env("CARGO_TERM_COLOR", "always")
        .env("RUST_BACKTRACE", 1)
        .concurrency(
            Concurrency::group("${{ github.workflow }}-${{ github.ref }}").cancel_in_progress(true),
        );
    workflow.jobs.reserve(jobs);
    for i in 0..jobs {
        workflow.jobs.insert(format!("job-{i}"), job(i));
    }
    workflow
}

fn job(i: usize) -> Job {
    let matrix = i.is_multiple_of(5);
    let mut job = Job::new(if matrix {
        "${{ matrix.os }}"
    } else {
        "ubuntu-latest"
    })
    .name(format!("Build and test part {i}"))
    .env("PART", i)
    .env("ARTIFACT", format!("part-{i}-${{{{ github.run_id }}}}"))
    .timeout_minutes(30);
    if i > 0 {
        job = job.needs(format!("job-{}", i - 1));
    }
    if i > 1 && i.is_multiple_of(4) {
        job = job.needs(format!("job-{}", i - 2));
    }
    if i.is_multiple_of(3) {
        job = job.if_("github.event_name == 'push' && !cancelled()");
    }
    if matrix {
        job = job.strategy(
            Strategy::matrix(
                Matrix::new()
                    .axis("os", ["ubuntu-latest", "windows-latest", "macos-latest"])
                    .axis("toolchain", ["stable", "beta", "1.88"])
                    .include([
                        ("os", Value::from("ubuntu-latest")),
                        ("toolchain", Value::from("nightly")),
                        ("experimental", Value::from(true)),
                    ]),
            )
            .fail_fast(false),
        );
    }
    job.steps(steps(i))
}

fn steps(i: usize) -> [Step; 10] {
    [
        Step::uses("actions/checkout@v4").with("fetch-depth", 0),
        Step::uses("dtolnay/rust-toolchain@stable")
            .name("Install Rust")
            .with("toolchain", "stable")
            .with("components", "clippy, rustfmt"),
        Step::uses("actions/cache@v4")
            .name("Cache cargo")
            .with("path", "~/.cargo/registry\n~/.cargo/git\ntarget\n")
            .with(
                "key",
                "${{ runner.os }}-cargo-${{ hashFiles('**/Cargo.lock') }}",
            ),
        Step::run("cargo fmt --all -- --check").name("Format"),
        Step::run(
            "cargo clippy --workspace --all-targets -- -D warnings\ncargo doc --no-deps --workspace\n",
        )
        .name("Lint"),
        Step::run(format!(
            "cargo build --workspace --release\nls -la target/release\necho \"part {i} built\"\n"
        ))
        .name("Build")
        .env("RUSTFLAGS", "-D warnings"),
        Step::run(
            "set -euo pipefail\ncargo test --workspace -- --nocapture 2>&1 | tee test.log\necho \"passed=$(grep -c '... ok' test.log)\" >> \"$GITHUB_OUTPUT\"\n",
        )
        .name("Test")
        .id("test"),
        Step::uses("actions/upload-artifact@v4")
            .name("Upload logs")
            .if_("failure()")
            .with("name", format!("logs-{i}"))
            .with("path", "test.log"),
        Step::run("./scripts/check-size.sh target/release")
            .name("Check binary size")
            .shell("bash")
            .working_directory(format!("crates/part-{i}")),
        Step::run("./scripts/publish.sh --dry-run")
            .name("Publish")
            .if_("github.ref == 'refs/heads/main'")
            .env("TOKEN", "${{ secrets.TOKEN }}"),
    ]
}
