//! Composite actions and reusable workflows: definitions survive emit and parse, and the set checks
//! report what the fixtures under `tests/fixtures/set` hold, no more and no less.

use pipeline_core::emit::{self, EmitOptions};
use pipeline_core::model::{
    Action, ActionInput, ActionOutput, Input, Job, Permissions, Step, Trigger, Workflow,
};
use pipeline_core::reuse::{LocalAction, ReusableWorkflow};
use pipeline_core::validate::{Config, SetFile, Severity, validate_set};
use std::path::{Path, PathBuf};

fn greet() -> LocalAction {
    LocalAction::new(
        "./.github/actions/greet",
        Action::composite("Greet", "Says hello")
            .input("who", ActionInput::required("Who to greet"))
            .input(
                "greeting",
                ActionInput::optional("The word to use", "Hello"),
            )
            .output(
                "message",
                ActionOutput::new("What was said", "${{ steps.say.outputs.message }}"),
            )
            .step(
                Step::script(|env| {
                    let who = env.bind("WHO", "${{ inputs.who }}");
                    let greeting = env.bind("GREETING", "${{ inputs.greeting }}");
                    format!("echo \"message={greeting}, {who}\" >> \"$GITHUB_OUTPUT\"")
                })
                .id("say")
                .shell("bash"),
            ),
    )
}

fn deploy() -> ReusableWorkflow {
    let mut workflow = Workflow::new("Deploy")
        .on(Trigger::workflow_call()
            .input(
                "environment",
                Input::string().description("Where to").required(true),
            )
            .input("dry-run", Input::boolean().default(false))
            .input("replicas", Input::number().default(2))
            .described_output("url", "The deployed URL", "${{ jobs.deploy.outputs.url }}")
            .described_secret("deploy-token", "Token of the deploy API", true))
        .permissions(Permissions::read_contents());
    let mut job = Job::new("ubuntu-latest");
    let step = job.add_step(
        "greet",
        greet().step().with("who", "${{ inputs.environment }}"),
    );
    let message = greet().output(&step, "message").expect("declared output");
    let job = job.output("url", message.to_string());
    let _ = workflow.add_job("deploy", job);
    ReusableWorkflow::new("./.github/workflows/deploy.yml", workflow)
}

#[test]
fn composite_action_round_trips() {
    let action = greet().action().clone();
    let text = emit::action(&action, &EmitOptions::default());
    let parsed = pipeline_core::parse::action(&text).expect("emitted action parses");
    assert_eq!(parsed.value, action, "{text}");
    assert!(!text.contains("echo \"message=${{"), "{text}");
}

#[test]
fn reusable_workflow_round_trips() {
    let workflow = deploy().workflow().clone();
    let text = emit::workflow(&workflow, &EmitOptions::default());
    let parsed = pipeline_core::parse::workflow(&text).expect("emitted workflow parses");
    assert_eq!(parsed.value, workflow, "{text}");
    assert!(text.contains("description: The deployed URL"), "{text}");
}

#[test]
fn caller_round_trips_and_reads_outputs_through_needs() {
    let deploy = deploy();
    let mut ci = Workflow::new("CI")
        .on(Trigger::push().branches(["main"]))
        .least_privilege();
    let call = ci.add_job(
        "deploy",
        deploy
            .call()
            .with("environment", "staging")
            .secret("deploy-token", "${{ secrets.DEPLOY_TOKEN }}"),
    );
    let url = deploy.output(&call, "url").expect("declared output");
    assert!(deploy.output(&call, "nope").is_none());
    let ci = ci.job(
        "announce",
        Job::new("ubuntu-latest")
            .needs(&call)
            .step(Step::script(|env| {
                format!("echo \"Deployed to {}\"", env.bind("URL", url))
            })),
    );
    let text = emit::workflow(&ci, &EmitOptions::default());
    assert_eq!(pipeline_core::parse::workflow(&text).unwrap().value, ci);
    let files = [
        SetFile::workflow(".github/workflows/ci.yml", ci),
        deploy.set_file(),
        greet().set_file(),
    ];
    for (file, diagnostics) in validate_set(&files, &Config::default()) {
        let errors: Vec<String> = diagnostics.errors().map(ToString::to_string).collect();
        assert!(errors.is_empty(), "{file}: {errors:#?}");
    }
}

#[test]
fn set_checks_see_a_missing_secret_and_a_wrong_type_in_rust_models() {
    let deploy = deploy();
    let ci = Workflow::new("CI").on(Trigger::push()).job(
        "deploy",
        deploy
            .call()
            .with("environment", "staging")
            .with("replicas", "three"),
    );
    let results = validate_set(
        &[
            SetFile::workflow(".github/workflows/ci.yml", ci),
            deploy.set_file(),
            greet().set_file(),
        ],
        &Config::default(),
    );
    let codes: Vec<&str> = results[0].1.iter().map(|d| d.code).collect();
    assert!(codes.contains(&"call-secret-missing"), "{codes:?}");
    assert!(codes.contains(&"call-input-type"), "{codes:?}");
    // Built in Rust: the location is this file.
    let location = results[0]
        .1
        .with_code("call-input-type")
        .next()
        .unwrap()
        .location
        .clone();
    assert!(location.is_some_and(|l| l.file.ends_with("reuse.rs")));
}

/// Every YAML file under a fixture folder, as set files with paths from that folder.
fn fixture(name: &str) -> Vec<SetFile> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<SetFile>) {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
            .expect("fixture folder")
            .flatten()
            .map(|e| e.path())
            .collect();
        paths.sort();
        for path in paths {
            if path.is_dir() {
                walk(&path, root, out);
            } else if path.extension().is_some_and(|e| e == "yml") {
                let relative = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push(SetFile::parse(
                    relative,
                    std::fs::read_to_string(&path).unwrap(),
                ));
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/set")
        .join(name);
    let mut out = Vec::new();
    walk(&root, &root, &mut out);
    out
}

/// The findings of a fixture set as `file:line:column: code` lines, errors and warnings only.
fn findings(name: &str) -> Vec<String> {
    validate_set(&fixture(name), &Config::default())
        .into_iter()
        .flat_map(|(_, diagnostics)| diagnostics.into_vec())
        .filter(|d| d.severity != Severity::Info)
        .map(|d| {
            let at = d.location.map(|l| l.to_string()).unwrap_or_default();
            format!("{at}: {}", d.code)
        })
        .collect()
}

#[test]
fn good_set_is_clean() {
    let found = findings("good");
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn bad_set_reports_each_problem_where_it_is() {
    let expected = [
        ".github/actions/wrapper/action.yml:6:13: local-action-missing",
        ".github/workflows/ci.yml:7:11: call-secret-missing",
        ".github/workflows/ci.yml:9:16: call-input-type",
        ".github/workflows/ci.yml:10:16: call-input-type",
        ".github/workflows/ci.yml:11:14: call-input-unknown",
        ".github/workflows/ci.yml:13:7: call-secret-unknown",
        ".github/workflows/ci.yml:15:11: call-workflow-missing",
        ".github/workflows/ci.yml:17:11: call-workflow-invalid",
        ".github/workflows/ci.yml:26:20: call-output-unknown",
        ".github/workflows/loop-b.yml:6:11: call-cycle",
    ];
    assert_eq!(findings("bad"), expected);
}

#[test]
fn chains_deeper_than_github_allows_are_reported_once_at_the_top() {
    let level = |i: usize| {
        let workflow = Workflow::new(format!("Level {i}")).on(Trigger::workflow_call());
        let workflow = if i < 11 {
            workflow.job(
                "next",
                Job::call(format!("./.github/workflows/l{}.yml", i + 1)),
            )
        } else {
            workflow.job("work", Job::new("ubuntu-latest").step(Step::run("true")))
        };
        SetFile::workflow(format!(".github/workflows/l{i}.yml"), workflow)
    };
    let files: Vec<SetFile> = (1..=11).map(level).collect();
    let results = validate_set(&files, &Config::default());
    let deep: Vec<(String, String)> = results
        .iter()
        .flat_map(|(file, d)| {
            d.with_code("call-depth")
                .map(move |d| (file.clone(), d.message.clone()))
        })
        .collect();
    assert_eq!(deep.len(), 1, "{deep:#?}");
    assert_eq!(deep[0].0, ".github/workflows/l1.yml");
    assert!(deep[0].1.contains("11 levels"), "{}", deep[0].1);
    // Ten levels are fine.
    let results = validate_set(&files[1..], &Config::default());
    assert!(
        results
            .iter()
            .all(|(_, d)| d.with_code("call-depth").next().is_none())
    );
}
