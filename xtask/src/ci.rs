//! This repository's CI, written with the SDK it tests.

use pipeline_sdk::model::{Concurrency, Job, Matrix, Step, Trigger, Workflow};

/// The minimum supported Rust version, as `rust-version` in Cargo.toml says.
const MSRV: &str = "1.88";

/// Installs a toolchain with rustup, which every GitHub-hosted runner has: no third-party action to trust.
#[track_caller]
fn toolchain(version: &str, components: &[&str]) -> Step {
    let components = if components.is_empty() {
        String::new()
    } else {
        format!(" --component {}", components.join(","))
    };
    Step::run(format!("rustup toolchain install {version} --profile minimal{components}\nrustup default {version}\n"))
        .name(format!("Install Rust {version}"))
}

/// A job on `runner` that checks out the repository and installs `version`.
#[track_caller]
fn rust_job(name: &str, runner: &str, version: &str, components: &[&str]) -> Job {
    Job::new(runner)
        .name(name)
        .timeout_minutes(30)
        .step(Step::checkout())
        .step(toolchain(version, components))
}

/// `.github/workflows/ci.yml`.
pub(crate) fn workflow() -> Workflow {
    Workflow::new("CI")
        .on(Trigger::push().branches(["main"]))
        .on(Trigger::pull_request())
        .least_privilege()
        .concurrency(Concurrency::group("ci-${{ github.ref }}").cancel_in_progress(true))
        .env("CARGO_TERM_COLOR", "always")
        .job(
            "lint",
            rust_job(
                "Format and lint",
                "ubuntu-latest",
                "stable",
                &["rustfmt", "clippy"],
            )
            .step(Step::run("cargo fmt --all -- --check").name("Format"))
            .step(
                Step::run("cargo clippy --workspace --all-targets --all-features -- -D warnings")
                    .name("Clippy"),
            ),
        )
        .job(
            "test",
            rust_job("Test (${{ matrix.os }})", "${{ matrix.os }}", "stable", &[])
                .matrix(
                    Matrix::new().axis("os", ["ubuntu-latest", "macos-latest", "windows-latest"]),
                )
                .step(Step::run("cargo test --workspace --all-features").name("Test")),
        )
        .job(
            "msrv",
            rust_job(&format!("Rust {MSRV}"), "ubuntu-latest", MSRV, &[])
                .step(Step::run("cargo check --workspace --all-features").name("Check")),
        )
        .job(
            "docs",
            rust_job("Docs", "ubuntu-latest", "stable", &[]).step(
                Step::run("cargo doc --workspace --all-features --no-deps")
                    .name("Build docs")
                    .env("RUSTDOCFLAGS", "-D warnings"),
            ),
        )
        .job(
            "benches",
            rust_job("Benchmarks compile", "ubuntu-latest", "stable", &[])
                .step(Step::run("cargo bench --workspace --no-run").name("Build benchmarks")),
        )
        .job(
            "generated",
            rust_job("Generated files are fresh", "ubuntu-latest", "stable", &[]).step(
                Step::run("cargo xtask workflows --check").name("Check .github/ against xtask"),
            ),
        )
}
