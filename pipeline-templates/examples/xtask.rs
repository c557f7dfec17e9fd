//! A product team's `cargo xtask workflows`: the company pipeline, adapted in place without a fork.
use pipeline_sdk::{generate::Generator, model::Job, model::Step, pipeline::Pipeline};
use pipeline_templates::{WORKFLOW_FILE, deploy::DeployStage, deploy::StagedDeploy};

/// The Shop API: the company's Node.js pipeline, deployed to staging then production.
pub(crate) fn pipeline() -> Result<Pipeline, Box<dyn std::error::Error>> {
    let staging = DeployStage::new("staging", "https://staging.shop.example.com");
    let production = DeployStage::new("production", "https://shop.example.com").on_branch("main");
    let stages = StagedDeploy::new().stage(staging).stage(production);
    let pipeline = pipeline_templates::Pipeline::node("Shop API", "22").deploy(stages);
    let mut pipeline = pipeline.into_pipeline();
    let ci = pipeline.workflow_mut(WORKFLOW_FILE)?;
    ci.modify_job("quality", |job| job.runs_on("ubuntu-22.04"))?; // our runner image
    let docs = Step::run("npm run docs:check").name("Docs");
    ci.job_mut("quality")?.insert_step_after("install", docs)?;
    ci.remove_job("terraform-apply")?; // no infrastructure here: the stage and the needs on it go
    ci.remove_job("terraform-plan")?;
    let build = ci.job_ref("build")?; // a job of ours that reads the template's output
    let sbom = Step::run(r#"syft "$IMAGE" > sbom.json"#).env("IMAGE", build.output("image"));
    let job = Job::new("ubuntu-latest").needs(&build).timeout_minutes(10);
    ci.insert_job_after("build", "sbom", job.step(sbom))?;
    Ok(pipeline)
}

fn main() -> Result<std::process::ExitCode, Box<dyn std::error::Error>> {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "generated/templates".into());
    Ok(Generator::new(out).pipeline(pipeline()?).run(["workflows"]))
}
