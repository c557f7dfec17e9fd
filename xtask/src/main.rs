//! Project automation for pipeline-sdk: `cargo xtask workflows` regenerates this repository's own
//! `.github/workflows/ci.yml` from Rust, with the SDK itself; `cargo xtask bindings` regenerates the
//! bundled action bindings in `src/actions/`.

mod bindings;
mod ci;

use pipeline_sdk::generate::Generator;
use std::process::ExitCode;

/// The repository's generated files.
fn generator() -> Generator {
    Generator::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
        .workflow(".github/workflows/ci.yml", ci::workflow())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().is_some_and(|a| a == "bindings") {
        return bindings::main(&args[1..]);
    }
    generator().main()
}

#[cfg(test)]
mod tests {
    /// The committed `.github/` files are what `cargo xtask workflows` would write now.
    #[test]
    fn committed_workflows_are_fresh() {
        let drift = super::generator()
            .check()
            .expect("the generator's paths are valid");
        assert!(drift.is_clean(), "run `cargo xtask workflows`:\n{drift}");
    }

    /// The project's own pipeline has no validation error.
    #[test]
    fn own_pipeline_is_valid() {
        for (path, diagnostics) in super::generator().validate() {
            assert!(
                !diagnostics.has_errors(),
                "{}:\n{diagnostics:?}",
                path.display()
            );
        }
    }
}
