//! The templates: the product team's example stays short and runs, its files are snapshot and clean
//! under the validator, overrides change only what they name, and mistakes in putting a pipeline
//! together are reported.

// The example's `main` is its entry point; these tests call `pipeline()` and leave `main` alone.
#[allow(dead_code)]
#[path = "../examples/xtask.rs"]
mod xtask;

use pipeline_sdk::generate::Generator;
use pipeline_sdk::model::{Job, OneOrMany};
use pipeline_sdk::validate::{self, Config};
use pipeline_templates::deploy::{self, DeployStage, StagedDeploy};
use pipeline_templates::quality::RustGate;
use pipeline_templates::{Pipeline, Stage, TemplateError, WORKFLOW_FILE};
use std::path::Path;

/// Every file of a pipeline, as (path, text), rendered without touching the disk.
fn render(pipeline: &Pipeline) -> Vec<(String, String)> {
    render_files(pipeline.generator(".").unwrap())
}

/// Every file a generator would write, as (path, text).
fn render_files(generator: Generator) -> Vec<(String, String)> {
    generator
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
    let files = render_files(Generator::new(".").pipeline(xtask::pipeline().unwrap()));
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
    let generator = || Generator::new(&dir).pipeline(xtask::pipeline().unwrap());
    assert_eq!(
        generator().run(["workflows"]),
        std::process::ExitCode::SUCCESS
    );
    for (path, text) in render_files(generator()) {
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
    let pipeline = xtask::pipeline().unwrap();
    let ours = pipeline.workflows().next().unwrap().1.clone();

    // One stage removed: Terraform's jobs are gone; ours is added after the build; the others are
    // there in the same order.
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
            "sbom",
            "security",
            "deploy-staging",
            "deploy-production"
        ]
    );

    // Another runner and one more step after the install; the rest of the gate as the template has it.
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
    let install = theirs
        .step_list()
        .iter()
        .position(|s| s.name.as_deref() == Some("Install dependencies"))
        .unwrap();
    let (theirs, mine) = (theirs.step_list(), mine.step_list());
    assert_eq!(mine.len(), theirs.len() + 1);
    assert_eq!(&mine[..=install], &theirs[..=install]);
    assert_eq!(mine[install + 1].name.as_deref(), Some("Docs"));
    assert_eq!(&mine[install + 2..], &theirs[install + 1..]);

    // Our job reads the template's output through a checked reference.
    let sbom = &ours.jobs["sbom"];
    assert_eq!(sbom.needed_jobs().collect::<Vec<_>>(), ["build"]);
    let env = format!("{:?}", sbom.step_list()[0].env);
    assert!(env.contains("${{ needs.build.outputs.image }}"), "{env}");

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

/// A second product team: the standard Rust pipeline as it is, with a pins file of its own.
fn second_consumer(root: &Path) -> Generator {
    Pipeline::rust("Billing")
        .generator(root)
        .unwrap()
        .pins(".github/pins.txt")
}

#[test]
fn a_template_pin_newer_than_the_consumers_reaches_it_and_an_override_survives() {
    let repo = std::env::temp_dir().join(format!("pipeline-templates-pins-{}", std::process::id()));
    std::fs::create_dir_all(repo.join(".github")).unwrap();
    let cache_line = |files: &[(std::path::PathBuf, String)]| {
        files[0]
            .1
            .lines()
            .find(|l| l.contains("uses: actions/cache@"))
            .unwrap()
            .trim()
            .to_owned()
    };
    let template = pipeline_templates::pins::defaults();
    let release = template
        .get("actions/cache")
        .unwrap()
        .version
        .clone()
        .unwrap();

    // The consumer pinned an older release before the template moved on: the template's pin wins.
    std::fs::write(
        repo.join(".github/pins.txt"),
        "actions/cache@0c45773b623bea8c8e75f6c82b208c3cf94ea4f9 # v4.0.2\n",
    )
    .unwrap();
    let files = second_consumer(&repo).render().unwrap();
    assert!(
        cache_line(&files).ends_with(&format!("# {release}")),
        "{}",
        cache_line(&files)
    );

    // The same pin marked `override`: the consumer keeps it whatever the template ships.
    std::fs::write(
        repo.join(".github/pins.txt"),
        "override actions/cache@0c45773b623bea8c8e75f6c82b208c3cf94ea4f9 # v4.0.2\n",
    )
    .unwrap();
    let files = second_consumer(&repo).render().unwrap();
    assert_eq!(
        cache_line(&files),
        "uses: actions/cache@0c45773b623bea8c8e75f6c82b208c3cf94ea4f9 # v4.0.2"
    );
    std::fs::remove_dir_all(&repo).unwrap();
}

#[test]
fn the_templates_pins_cover_every_action_their_steps_use() {
    let pins = pipeline_templates::pins::defaults();
    for pipeline in [Pipeline::node("A", "22"), Pipeline::rust("B")] {
        let sdk = pipeline.into_pipeline();
        for (_, workflow) in sdk.workflows() {
            for step in workflow.jobs.values().flat_map(|j| j.step_list()) {
                let Some(uses) = step.uses.as_deref() else {
                    continue;
                };
                let action = uses.split('@').next().unwrap();
                if action == "actions/checkout" || action.starts_with("./") {
                    continue;
                }
                assert!(pins.get(action).is_some(), "{action} has no template pin");
            }
        }
    }
}

#[test]
fn findings_on_template_built_jobs_name_the_consumers_line_and_the_templates() {
    let line = line!() + 4;
    let pipeline = Pipeline::rust("API")
        .without(Stage::Terraform)
        .customize("quality", |job| job.runs_on("our-gpu-box"))
        .into_pipeline();
    let found: Vec<validate::Diagnostic> = Generator::new(".")
        .pipeline(pipeline)
        .validate()
        .into_iter()
        .flat_map(|(_, d)| d.into_vec())
        .collect();
    let label = found
        .iter()
        .find(|d| d.code == "runner-label-unknown")
        .expect("the unknown label is reported");
    let at = label.location.as_ref().unwrap();
    assert_eq!((at.file.as_str(), at.line), (file!(), line));
    let (why, _, template) = &label.related[label.related.len() - 1];
    assert_eq!(why, "built by the template here");
    assert!(
        template
            .as_ref()
            .unwrap()
            .file
            .starts_with("pipeline-templates/src/"),
        "{template:?}"
    );
}
