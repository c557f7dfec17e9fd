//! The README's main command: the seed pipeline (a production CI/CD document: quality gate, Docker
//! build, security scans, staged and blue-green deploys with rollback, matrix tests, caching, Terraform,
//! chaos tests, monitoring, and a composite deploy action) written in Rust, emitted as YAML.
//!
//! ```text
//! cargo run --example generate                       # the fixed pipeline into ./generated
//! cargo run --example generate -- OUT_DIR            # ... into OUT_DIR
//! cargo run --example generate -- --faithful [DIR]   # the seed as written, and the validator's findings
//! ```
//!
//! It prints the files it wrote, the jobs of each workflow and each job graph in Mermaid. The
//! definitions live in `examples/seed/`, which `tests/seed.rs` also includes.

mod seed;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    ExitCode::from(seed::cli::run(&args, &mut std::io::stdout()))
}
