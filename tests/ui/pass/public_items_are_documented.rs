//! Public types deriving everything, in a crate that denies warnings and missing docs: the generated
//! items (row type, accessors, impls) bring their own docs and trip no lint.
#![deny(warnings, missing_docs, unreachable_pub)]

use pipeline_sdk::expr::Expr;
use pipeline_sdk::{Action, Choice, Inputs, Matrix, Outputs};

/// Runners.
#[derive(Choice, Clone, Copy, Debug, PartialEq)]
pub enum Os {
    /// Linux.
    UbuntuLatest,
    /// Windows.
    WindowsLatest,
}

/// The test matrix.
#[derive(Matrix)]
#[matrix(extra(experimental = bool))]
pub struct TestMatrix {
    /// Runners.
    pub os: Vec<Os>,
    /// Extra rows.
    pub include: Vec<TestMatrixRow>,
}

/// Dispatch inputs.
#[derive(Inputs)]
pub struct DeployInputs {
    /// Where to deploy.
    pub target: Os,
    /// Dry run.
    pub dry_run: Option<bool>,
}

/// Job outputs.
#[derive(Outputs)]
pub struct BuildOutputs {
    /// The version.
    pub version: Expr,
}

/// `actions/cache`.
#[derive(Action)]
#[action(uses = "actions/cache@v4", outputs(cache_hit))]
pub struct Cache {
    /// What to cache.
    pub path: String,
    /// Restore keys.
    pub restore_keys: Option<String>,
}

/// Private types: the generated accessors are private too and unused ones are not dead code.
#[derive(Matrix)]
struct Private {
    shard: Vec<u8>,
}

fn main() {
    let _ = Private { shard: vec![1] };
}
