//! A product team's `cargo xtask workflows`: the company pipeline, adapted without a fork.
//! `cargo run -p pipeline-templates --example xtask -- [OUT_DIR]` writes it below OUT_DIR.
use pipeline_sdk::model::Step;
use pipeline_templates::deploy::{DeployStage, StagedDeploy};
use pipeline_templates::{Pipeline, Stage};

/// The Shop API's pipeline: the company's Node.js pipeline, deployed to staging then production.
pub(crate) fn pipeline() -> Pipeline {
    let e2e = Step::run("npm ci && npm run test:e2e -- --env=staging").name("E2E tests");
    let staging = DeployStage::new("staging", "https://staging.shop.example.com").verify(e2e);
    let production = DeployStage::new("production", "https://shop.example.com").on_branch("main");
    Pipeline::node("Shop API", "22")
        .deploy(StagedDeploy::new().stage(staging).stage(production))
        // Ours: the gate on a fixed runner image, with a docs check; no Terraform in this repository.
        .customize("quality", |job| {
            job.runs_on("ubuntu-22.04")
                .step(Step::run("npm run docs:check").name("Docs"))
        })
        .without(Stage::Terraform)
}

fn main() -> std::process::ExitCode {
    let out = std::env::args().nth(1);
    pipeline().run(
        out.unwrap_or_else(|| "generated/templates".into()),
        ["workflows"],
    )
}
