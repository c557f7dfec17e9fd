//! The generator as a real repository needs it: its configuration, findings accepted on purpose, the
//! whole set validated as `pipeline check` would, pins in layers and checked at the version they stand
//! for, and template pipelines with their own findings at the consumer's line.

use pipeline_sdk::generate::Generator;
use pipeline_sdk::model::{Input, Job, Step, Trigger, Workflow};
use pipeline_sdk::pins::Pins;
use pipeline_sdk::pipeline::Pipeline;
use pipeline_sdk::validate::{self, Config, Diagnostic, SetFile, Severity};
use std::path::Path;

fn codes(generator: &Generator) -> Vec<(String, &'static str)> {
    let mut out: Vec<(String, &'static str)> = generator
        .validate()
        .into_iter()
        .flat_map(|(path, found)| {
            let file = path.to_string_lossy().replace('\\', "/");
            found
                .into_vec()
                .into_iter()
                .map(move |d| (file.clone(), d.code))
        })
        .collect();
    out.sort();
    out
}

fn ci(runner: &str) -> Workflow {
    Workflow::new("CI")
        .on(Trigger::push().branches(["main"]))
        .least_privilege()
        .job(
            "test",
            Job::new(runner)
                .timeout_minutes(30)
                .step(Step::run("cargo test")),
        )
}

#[test]
fn a_larger_runner_is_declared_through_the_config() {
    let label = "ubuntu-24.04-arm64-8x";
    let plain = Generator::new(".").workflow(".github/workflows/ci.yml", ci(label));
    assert!(
        codes(&plain).iter().any(|(_, c)| c.contains("runner")),
        "{:?}",
        codes(&plain)
    );
    let configured = Generator::new(".")
        .config(Config::default().self_hosted_labels([label]))
        .workflow(".github/workflows/ci.yml", ci(label));
    assert_eq!(codes(&configured), []);
}

#[test]
fn an_allowed_code_is_listed_with_its_reason_and_not_counted() {
    let plain = Generator::new(".").workflow(".github/workflows/ci.yml", ci("my-own-runner"));
    let (_, code) = codes(&plain)
        .into_iter()
        .find(|(_, c)| c.contains("runner"))
        .expect("an unknown runner label is reported");
    let generator = plain.allow(code, "our fleet's label");
    assert!(codes(&generator).iter().all(|(_, c)| *c != code));
    let allowed = generator.allowed();
    assert_eq!(allowed.len(), 1);
    assert_eq!(
        (allowed[0].1.code, allowed[0].2.as_str()),
        (code, "our fleet's label")
    );
}

fn reusable() -> Workflow {
    Workflow::new("Deploy")
        .on(Trigger::workflow_call().input("environment", Input::string().required(true)))
        .least_privilege()
        .job(
            "deploy",
            Job::new("ubuntu-latest")
                .timeout_minutes(10)
                .step(Step::run("echo deploying")),
        )
}

fn caller() -> Workflow {
    Workflow::new("Release")
        .on(Trigger::push().branches(["main"]))
        .least_privilege()
        .job(
            "deploy",
            Job::call("./.github/workflows/deploy.yml")
                .with("environment", "production")
                .with("enviroment", "typo"),
        )
}

#[test]
fn calls_between_registered_files_are_checked_and_agree_with_the_written_folder() {
    let generator = Generator::new(".")
        .workflow(".github/workflows/release.yml", caller())
        .workflow(".github/workflows/deploy.yml", reusable());
    let found = codes(&generator);
    assert!(
        found
            .iter()
            .any(|(file, _)| file == ".github/workflows/release.yml"),
        "the undeclared input is reported: {found:?}"
    );

    // The same files, written and read back, checked as `pipeline check` checks a folder.
    let files: Vec<SetFile> = generator
        .render()
        .unwrap()
        .into_iter()
        .map(|(path, text)| SetFile::parse(path.to_string_lossy().replace('\\', "/"), &text))
        .collect();
    let mut checked: Vec<(String, &'static str)> =
        validate::validate_set(&files, &Config::default())
            .into_iter()
            .flat_map(|(file, found)| {
                found
                    .into_vec()
                    .into_iter()
                    .map(move |d| (file.clone(), d.code))
            })
            .collect();
    checked.sort();
    assert_eq!(found, checked);
}

#[test]
fn a_commit_pin_is_checked_against_the_version_it_stands_for() {
    let pins = Pins::parse("actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2\n")
        .unwrap();
    let workflow = Workflow::new("CI")
        .on(Trigger::push())
        .least_privilege()
        .job(
            "a",
            Job::new("ubuntu-latest")
                .timeout_minutes(5)
                .step(Step::uses("actions/checkout@v4").with("fetch-dept", 0)),
        );
    let generator = Generator::new(".")
        .pins(pins)
        .workflow(".github/workflows/ci.yml", workflow);
    let rendered = &generator.render().unwrap()[0].1;
    assert!(rendered.contains("@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2"));
    assert!(
        codes(&generator)
            .iter()
            .any(|(_, c)| *c == "action-input-unknown"),
        "{:?}",
        codes(&generator)
    );
}

/// A template crate's pipeline: a reusable deploy and its caller, its pins, a parameter check and a
/// check of its own.
#[track_caller]
fn template(service: &str) -> Pipeline {
    let mut pipeline = Pipeline::new();
    if service.trim().is_empty() {
        pipeline.report(
            Diagnostic::new(
                "template-service",
                Severity::Error,
                "the service name is empty",
            )
            .at_caller(),
        );
    }
    pipeline
        .workflow(".github/workflows/release.yml", caller())
        .workflow(".github/workflows/deploy.yml", reusable())
        .pins(Pins::parse("actions/checkout@v5\n").unwrap())
        .check("template-timeouts", |_: &Path, workflow: &Workflow| {
            workflow
                .jobs
                .iter()
                .filter(|(_, job)| job.timeout_minutes.is_none() && !job.is_call())
                .map(|(id, _)| {
                    Diagnostic::new(
                        "template-timeouts",
                        Severity::Warning,
                        format!("job `{id}` has no timeout"),
                    )
                })
                .collect()
        });
    pipeline
}

#[test]
fn a_template_reports_at_the_consumers_line_and_its_checks_run_after_the_consumers_edits() {
    let line = line!() + 1;
    let generator = Generator::new(".").pipeline(template(" "));
    let all: Vec<Diagnostic> = generator
        .validate()
        .into_iter()
        .flat_map(|(_, d)| d.into_vec())
        .collect();
    let report = all.iter().find(|d| d.code == "template-service").unwrap();
    let at = report.location.as_ref().unwrap();
    assert_eq!((at.file.as_str(), at.line), (file!(), line));
    assert!(
        generator.write(false).is_err(),
        "a template's error stops the writing"
    );

    let mut edited = template("billing");
    edited
        .workflow_mut(".github/workflows/deploy.yml")
        .unwrap()
        .job_mut("deploy")
        .unwrap()
        .timeout_minutes = None;
    let generator = Generator::new(".").pipeline(edited);
    assert!(
        codes(&generator)
            .iter()
            .any(|(f, c)| f == ".github/workflows/deploy.yml" && *c == "template-timeouts")
    );
}

#[test]
fn a_template_pin_bump_reaches_the_consumer_unless_it_overrides() {
    let step = || {
        Workflow::new("CI").job(
            "a",
            Job::new("ubuntu-latest").step(Step::uses("actions/checkout@v4")),
        )
    };
    let render = |template_pins: &str, consumer_pins: &str| {
        let mut pipeline = Pipeline::new();
        pipeline
            .workflow(".github/workflows/ci.yml", step())
            .pins(Pins::parse(template_pins).unwrap());
        Generator::new(".")
            .pipeline(pipeline)
            .pins(Pins::parse(consumer_pins).unwrap())
            .render()
            .unwrap()
            .remove(0)
            .1
    };
    assert!(render("actions/checkout@v5\n", "actions/checkout@v4\n").contains("checkout@v5\n"));
    assert!(render("actions/checkout@v6\n", "actions/checkout@v4\n").contains("checkout@v6\n"));
    assert!(
        render("actions/checkout@v6\n", "override actions/checkout@v4\n").contains("checkout@v4\n")
    );
}

#[test]
fn findings_on_jobs_built_by_one_helper_name_each_job_and_step() {
    // No #[track_caller]: every job's origin is the helper's line, so the job and step must be named.
    fn job(n: usize) -> Job {
        Job::new("ubuntu-latest").timeout_minutes(5).step(
            Step::run("make")
                .id(format!("{n}-bad"))
                .name(format!("Build {n}")),
        )
    }
    let workflow = (0..3).fold(
        Workflow::new("CI").on(Trigger::push()).least_privilege(),
        |w, n| w.job(format!("job-{n}"), job(n)),
    );
    let text = Generator::new(".")
        .workflow(".github/workflows/ci.yml", workflow)
        .findings();
    for n in 0..3 {
        let prefix = format!(".github/workflows/ci.yml: jobs.job-{n}.steps[0].id \"Build {n}\": ");
        assert!(
            text.lines().any(|l| l.starts_with(&prefix)),
            "{prefix}\n{text}"
        );
    }
}
