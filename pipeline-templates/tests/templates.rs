//! The templates: the product team's example stays short and runs, its files are snapshot and clean
//! under the validator, overrides change only what they name, and mistakes in putting a pipeline
//! together are reported.

// The example's `main` is its entry point; these tests call `pipeline()` and leave `main` alone.
#[allow(dead_code)]
#[path = "../examples/xtask.rs"]
mod xtask;

use pipeline_sdk::model::{Job, OneOrMany};
use pipeline_sdk::validate::{self, Config};
use pipeline_templates::deploy::{self, DeployStage, StagedDeploy};
use pipeline_templates::quality::RustGate;
use pipeline_templates::{Pipeline, Stage, TemplateError, WORKFLOW_FILE};
use std::path::Path;

/// Every file of a pipeline, as (path, text), rendered without touching the disk.
fn render(pipeline: &Pipeline) -> Vec<(String, String)> {
    pipeline
        .generator(".")
        .unwrap()
        .render()
        .unwrap()
        .into_iter()
        .map(|(path, text)| (path.to_string_lossy().replace('\\', "/"), text))
        .collect()
}

/// Checks every rendered file as `pipeline check` would, the deploy action registered where the
/// workflow expects it, and returns every finding.
fn findings(files: &[(String, String)]) -> Vec<String> {
    let config = Config::default()
        .local_actions([(deploy::ACTION.to_owned(), deploy::action())])
        .audit(pipeline_sdk::audit::Settings::default());
    let mut out = Vec::new();
    for (path, text) in files {
        let diagnostics = if path.ends_with("action.yml") {
            validate::check_action(text, path, &config)
        } else {
            validate::check_workflow(text, path, &config)
        };
        out.extend(diagnostics.iter().map(ToString::to_string));
    }
    out
}

#[test]
fn the_example_is_at_most_30_lines() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/xtask.rs");
    let lines = std::fs::read_to_string(path).unwrap().lines().count();
    assert!(
        lines <= 30,
        "examples/xtask.rs has {lines} lines; keep it to 30"
    );
}

#[test]
fn the_examples_files_are_snapshot_and_have_no_findings() {
    let files = render(&xtask::pipeline());
    let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(paths, [WORKFLOW_FILE, deploy::ACTION_FILE]);
    for (path, text) in &files {
        let name = if path.ends_with("action.yml") {
            "xtask_deploy_action"
        } else {
            "xtask_workflow"
        };
        insta::assert_snapshot!(name, text);
    }
    assert_eq!(findings(&files), Vec::<String>::new());
}

#[test]
fn the_example_writes_its_files() {
    let dir = std::env::temp_dir().join(format!("pipeline-templates-xtask-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(
        xtask::pipeline().run(&dir, ["workflows"]),
        std::process::ExitCode::SUCCESS
    );
    for (path, text) in render(&xtask::pipeline()) {
        assert_eq!(
            std::fs::read_to_string(dir.join(&path)).unwrap(),
            text,
            "{path}"
        );
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn overrides_change_only_what_they_name() {
    let standard = Pipeline::node("Shop API", "22")
        .deploy(
            StagedDeploy::new()
                .stage(DeployStage::new(
                    "staging",
                    "https://staging.shop.example.com",
                ))
                .stage(
                    DeployStage::new("production", "https://shop.example.com").on_branch("main"),
                ),
        )
        .workflow()
        .unwrap();
    let ours = xtask::pipeline().workflow().unwrap();

    // One stage removed: Terraform's jobs are gone, the others are there in the same order.
    let ids = |w: &pipeline_sdk::model::Workflow| w.jobs.keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        ids(&standard),
        [
            "quality",
            "build",
            "security",
            "terraform-plan",
            "terraform-apply",
            "deploy-staging",
            "deploy-production"
        ]
    );
    assert_eq!(
        ids(&ours),
        [
            "quality",
            "build",
            "security",
            "deploy-staging",
            "deploy-production"
        ]
    );

    // Another runner and one more step for the gate; the rest of the gate as the template has it.
    let (theirs, mine) = (&standard.jobs["quality"], &ours.jobs["quality"]);
    let labels = |job: &Job| {
        job.runs_on
            .as_ref()
            .unwrap()
            .labels()
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    assert_eq!(labels(theirs), ["ubuntu-latest"]);
    assert_eq!(labels(mine), ["ubuntu-22.04"]);
    assert_eq!(mine.step_list().len(), theirs.step_list().len() + 1);
    assert_eq!(
        &mine.step_list()[..theirs.step_list().len()],
        theirs.step_list()
    );
    assert_eq!(
        mine.step_list().last().unwrap().name.as_deref(),
        Some("Docs")
    );

    // An extra step for one stage, through the template's own parameter.
    let staging = &ours.jobs["deploy-staging"];
    assert_eq!(
        staging.step_list().last().unwrap().name.as_deref(),
        Some("E2E tests")
    );
    assert_eq!(
        staging.step_list().len(),
        standard.jobs["deploy-staging"].step_list().len() + 1
    );

    // The stages are wired: build after the gate, staging after build and scans, production after staging.
    let needs = |job: &str| {
        ours.jobs[job]
            .needed_jobs()
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    assert_eq!(needs("build"), ["quality"]);
    assert_eq!(needs("deploy-staging"), ["build", "security"]);
    assert_eq!(needs("deploy-production"), ["build", "deploy-staging"]);
}

#[test]
fn removing_a_stage_drops_the_needs_on_it() {
    let workflow = Pipeline::node("Web", "22")
        .deploy(
            StagedDeploy::new().stage(DeployStage::new("staging", "https://staging.example.com")),
        )
        .without(Stage::Security)
        .without(Stage::Quality)
        .workflow()
        .unwrap();
    assert_eq!(workflow.jobs["build"].needs, None);
    assert_eq!(
        workflow.jobs["deploy-staging"].needs,
        Some(OneOrMany::One("build".to_owned()))
    );
    // The build goes, and the deploy of what it built with it.
    let workflow = Pipeline::node("Web", "22")
        .deploy(
            StagedDeploy::new().stage(DeployStage::new("staging", "https://staging.example.com")),
        )
        .without(Stage::Build)
        .workflow()
        .unwrap();
    assert!(
        !workflow
            .jobs
            .keys()
            .any(|id| id == "build" || id.starts_with("deploy"))
    );
}

#[test]
fn every_standard_pipeline_has_no_findings() {
    let deploy = StagedDeploy::new()
        .stage(DeployStage::new("staging", "https://staging.example.com"))
        .stage(DeployStage::new("production", "https://example.com").on_branch("main"));
    for pipeline in [
        Pipeline::node("Web", "22"),
        Pipeline::node("Web", "22").deploy(deploy.clone()),
        Pipeline::rust("API").deploy(deploy),
        Pipeline::new("Gate only").quality(RustGate::new().toolchain("1.88").job()),
    ] {
        let files = render(&pipeline);
        assert_eq!(
            findings(&files),
            Vec::<String>::new(),
            "{:?}",
            pipeline.job_ids().collect::<Vec<_>>()
        );
    }
}

#[test]
fn mistakes_are_reported() {
    let error = Pipeline::node("Web", "22")
        .without(Stage::Terraform)
        .customize("terraform-plan", |job| job)
        .workflow()
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "no job `terraform-plan` in the pipeline; its jobs are: quality, build, security"
    );
    let error = Pipeline::new("Deploy only")
        .deploy(
            StagedDeploy::new().stage(DeployStage::new("staging", "https://staging.example.com")),
        )
        .workflow()
        .unwrap_err();
    assert_eq!(error, TemplateError::DeployWithoutBuild);
    assert_eq!(
        Pipeline::new("Deploy only")
            .customize("build", |job| job)
            .run(".", ["check"]),
        std::process::ExitCode::FAILURE
    );
}
