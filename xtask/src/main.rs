//! Project automation for pipeline-sdk: `cargo xtask workflows` regenerates this repository's own
//! `.github/workflows/ci.yml` from Rust, with the SDK itself; `cargo xtask bindings` regenerates the
//! bundled action bindings in `src/actions/`; `cargo xtask spec` regenerates the tables read from GitHub's
//! workflow and action schemas, `pipeline-core/src/spec/generated.rs`.

mod bindings;
mod ci;
mod spec;

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
    if args.first().is_some_and(|a| a == "spec") {
        return spec::main(&args[1..]);
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

    /// The committed schema tables are what `cargo xtask spec` writes from GitHub's schemas. Without the
    /// schemas beside the repository this passes with a note, except under CI, where they must be there.
    #[test]
    fn spec_tables_are_fresh() {
        let spec = super::spec::default_spec();
        if !spec.join("workflow-v1.0.json").is_file() {
            assert!(
                std::env::var_os("CI").is_none(),
                "{} is missing; CI needs GitHub's schemas to check the generated tables",
                spec.display()
            );
            eprintln!(
                "note: {} is missing; the generated tables were not checked",
                spec.display()
            );
            return;
        }
        let generated = super::spec::generate(&spec).expect("the schemas read");
        let committed =
            std::fs::read_to_string(super::spec::target()).expect("the generated file is there");
        assert!(
            committed == generated,
            "run `cargo xtask spec`:\n{}",
            pipeline_sdk::files::unified_diff(&committed, &generated, "generated.rs")
        );
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
