use pipeline_sdk::Outputs;
use pipeline_sdk::expr::Expr;

#[derive(Outputs)]
struct BuildOutputs {
    version: Option<Expr>,
}

fn main() {}
