//! Editing a finished workflow in place (what a template's consumer does), and pins laid in layers.

use pipeline_core::emit;
use pipeline_core::model::{EditError, Job, OneOrMany, Step, Workflow};
use pipeline_core::pins::{Pin, Pins};

/// A template's pipeline: build, scan and deploy, with labelled steps.
fn template() -> Workflow {
    let mut w = Workflow::new("Service");
    let build = w.add_job(
        "build",
        Job::new("ubuntu-latest")
            .output("image", "${{ steps.push.outputs.digest }}")
            .step(Step::checkout().label("checkout"))
            .step(Step::run("make image").label("image"))
            .step(Step::run("make push").id("push")),
    );
    let scan = w.add_job(
        "scan",
        Job::new("ubuntu-latest")
            .needs(&build)
            .step(Step::run("trivy image \"$IMAGE\"").env("IMAGE", build.output("image"))),
    );
    w.add_job(
        "deploy",
        Job::new("ubuntu-latest")
            .needs_all(["build", "scan"])
            .if_("${{ needs.scan.result == 'success' }}")
            .step(Step::run("deploy").env("IMAGE", build.output("image"))),
    );
    let _ = scan;
    w
}

#[test]
fn a_step_goes_after_the_labelled_step_and_labels_are_not_written() {
    let mut w = template();
    w.job_mut("build")
        .unwrap()
        .insert_step_after("checkout", Step::run("git lfs pull"))
        .unwrap();
    let steps = w.jobs["build"].steps.as_ref().unwrap();
    let runs: Vec<_> = steps.iter().map(|s| s.run.as_deref()).collect();
    assert_eq!(
        runs,
        [
            None,
            Some("git lfs pull"),
            Some("make image"),
            Some("make push")
        ]
    );
    let yaml = emit::workflow(&w, &Default::default());
    assert!(!yaml.contains("label"), "labels are never written:\n{yaml}");
    let back = pipeline_core::parse::workflow(&yaml).unwrap().value;
    assert_eq!(back, w, "a label takes no part in equality");
}

#[test]
fn steps_are_found_by_id_and_by_label_before_and_removed() {
    let mut w = template();
    let job = w.job_mut("build").unwrap();
    job.insert_step_before("push", Step::run("make sign"))
        .unwrap();
    let removed = job.remove_step("image").unwrap();
    assert_eq!(removed.run.as_deref(), Some("make image"));
    job.modify_step("push", |s| s.name("Push")).unwrap();
    let steps = w.jobs["build"].steps.as_ref().unwrap();
    assert_eq!(steps.len(), 3);
    assert_eq!(steps[1].run.as_deref(), Some("make sign"));
    assert_eq!(steps[2].name.as_deref(), Some("Push"));
}

#[test]
fn a_missing_step_or_job_is_an_error_that_names_what_exists() {
    let mut w = template();
    let error = w
        .job_mut("build")
        .unwrap()
        .insert_step_after("chekout", Step::run("x"))
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "no step `chekout` in the job (did you mean `checkout`?)"
    );
    let error = w.modify_job("release", |j| j).unwrap_err();
    assert!(
        matches!(&error, EditError::UnknownJob { known, suggestion: None, .. } if known.len() == 3)
    );
    assert_eq!(
        error.to_string(),
        "no job `release` in the workflow (it has: build, scan, deploy)"
    );
    assert!(matches!(
        w.insert_job_after("build", "scan", Job::new("x")),
        Err(EditError::DuplicateJob { .. })
    ));
}

#[test]
fn removing_a_job_takes_it_out_of_needs_and_reports_what_still_reads_it() {
    let mut w = template();
    let removed = w.remove_job("scan").unwrap();
    assert_eq!(removed.needed_by, ["deploy"]);
    assert_eq!(
        w.jobs["deploy"].needs,
        Some(OneOrMany::Many(vec!["build".to_owned()]))
    );
    assert_eq!(removed.references.len(), 1);
    assert_eq!(removed.references[0].job, "deploy");
    assert_eq!(
        removed.references[0].text,
        "${{ needs.scan.result == 'success' }}"
    );

    let removed = w.remove_job("build").unwrap();
    assert_eq!(removed.needed_by, ["deploy"]);
    assert_eq!(w.jobs["deploy"].needs, None);
    assert_eq!(removed.references.len(), 1, "{:?}", removed.references);
}

#[test]
fn a_job_replaced_through_modify_keeps_its_place_and_takes_the_editors_line() {
    let mut w = template();
    let line = line!() + 1;
    w.modify_job("scan", |job| job.runs_on("self-hosted").timeout_minutes(5))
        .unwrap();
    assert_eq!(w.jobs.get_index_of("scan"), Some(1));
    let origin = w.jobs["scan"].origin.location().unwrap();
    assert_eq!((origin.file(), origin.line()), (file!(), line));

    let line = line!() + 1;
    let step = w.job_mut("build").unwrap().step_mut("push").unwrap();
    let origin = step.origin.location().unwrap();
    assert_eq!(origin.line(), line);
}

#[test]
fn a_job_inserted_after_another_gets_a_checked_ref() {
    let mut w = template();
    let build = w.job_ref("build").unwrap();
    let sbom = w
        .insert_job_after(
            "build",
            "sbom",
            Job::new("ubuntu-latest")
                .needs(&build)
                .step(Step::run("syft").env("IMAGE", build.output("image"))),
        )
        .unwrap();
    assert_eq!(sbom.id(), "sbom");
    assert_eq!(
        w.jobs.keys().map(String::as_str).collect::<Vec<_>>(),
        ["build", "sbom", "scan", "deploy"]
    );
    assert!(w.job_ref("nope").is_err());
}

#[test]
fn a_template_bump_reaches_a_consumer_and_a_consumer_override_survives_it() {
    let consumer = Pins::parse(
        "actions/checkout@v4\noverride actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020 # v4.4.0\n",
    )
    .unwrap();

    let template_v1 = Pins::parse("actions/checkout@v4\nactions/setup-node@v5\n").unwrap();
    let template_v2 = Pins::parse("actions/checkout@v5\nactions/setup-node@v6\n").unwrap();

    let before = template_v1.layered(&consumer);
    let after = template_v2.layered(&consumer);
    assert_eq!(before.get("actions/checkout").unwrap().git_ref, "v4");
    assert_eq!(
        after.get("actions/checkout").unwrap().git_ref,
        "v5",
        "the template's bump reaches the consumer"
    );
    for pins in [&before, &after] {
        let node = pins.get("actions/setup-node").unwrap();
        assert_eq!(
            node.version.as_deref(),
            Some("v4.4.0"),
            "the override holds"
        );
    }

    // A consumer's newer pin wins without being marked.
    let newer = Pins::parse("actions/checkout@v6\n").unwrap();
    assert_eq!(
        template_v2
            .layered(&newer)
            .get("actions/checkout")
            .unwrap()
            .git_ref,
        "v6"
    );
    // A pin without a version does not count as newer.
    let branch = Pins::parse("actions/checkout@main\n").unwrap();
    assert_eq!(
        template_v2
            .layered(&branch)
            .get("actions/checkout")
            .unwrap()
            .git_ref,
        "v5"
    );
}

#[test]
fn override_marks_survive_the_pins_file() {
    let mut pins = Pins::default();
    pins.insert_override("actions/cache", Pin::new("v3"));
    pins.insert("actions/checkout", Pin::new("v5"));
    let text = pins.to_text();
    assert!(text.contains("override actions/cache@v3\n"), "{text}");
    assert!(text.contains("\nactions/checkout@v5\n"), "{text}");
    let back = Pins::parse(&text).unwrap();
    assert_eq!(back, pins);
    let glued = Pins::parse("overrideactions/cache@v3\n").unwrap();
    assert!(
        !glued.is_override("overrideactions/cache"),
        "the mark is a word of its own"
    );
}
