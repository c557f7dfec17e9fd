//! The syntax GitHub added in 2026: parallel steps (`background`, `wait`, `wait-all`, `cancel`,
//! `parallel`), `concurrency.queue`, `cancel-timeout-minutes`, `$/` self-repository references, the
//! `vulnerability-alerts` permission and the new `issues` activity types. Each fixture parses, emits,
//! parses back equal and emits the same text again; the validator accepts the valid ones and reports each
//! mistake with its code at its line.

use pipeline_core::emit::{self, EmitOptions};
use pipeline_core::model::{
    Concurrency, ConcurrencyQueue, ExprOr, Job, Number, OneOrMany, PermissionScope, Permissions,
    Step, StepKind, WaitAll, Workflow,
};
use pipeline_core::validate::{Config, Severity, check_action, check_workflow, validate};
use pipeline_core::{model::Event, parse};

fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/syntax-2026")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

const WORKFLOWS: &[&str] = &[
    "parallel-steps.yml",
    "self-repository.yml",
    "issues-fields.yml",
];

fn errors(diagnostics: &pipeline_core::validate::Diagnostics) -> Vec<String> {
    diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(ToString::to_string)
        .collect()
}

/// `(code, line)` of every error.
fn error_codes(text: &str) -> Vec<(&'static str, u32)> {
    check_workflow(text, "ci.yml", &Config::default())
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| (d.code, d.location.as_ref().map_or(0, |l| l.line)))
        .collect()
}

fn warning_codes(text: &str) -> Vec<&'static str> {
    check_workflow(text, "ci.yml", &Config::default())
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .map(|d| d.code)
        .collect()
}

#[test]
fn workflows_round_trip() {
    let options = EmitOptions::default();
    for name in WORKFLOWS {
        let text = fixture(name);
        let first = parse::workflow(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let emitted = emit::workflow(&first.value, &options);
        let second = parse::workflow(&emitted).unwrap_or_else(|e| panic!("{name}: {e}\n{emitted}"));
        assert_eq!(first.value, second.value, "{name}:\n{emitted}");
        assert_eq!(emit::workflow(&second.value, &options), emitted, "{name}");
    }
}

#[test]
fn valid_workflows_have_no_errors() {
    for name in WORKFLOWS {
        let diagnostics = check_workflow(&fixture(name), name, &Config::default());
        assert_eq!(errors(&diagnostics), Vec::<String>::new(), "{name}");
    }
}

#[test]
fn parallel_steps_are_read_into_the_model() {
    let workflow = parse::workflow(&fixture("parallel-steps.yml"))
        .unwrap()
        .value;
    assert_eq!(
        workflow.description.as_deref(),
        Some("Starts the services in the background, tests against them, then stops them.")
    );
    let Some(Concurrency::Config(concurrency)) = &workflow.concurrency else {
        panic!("concurrency mapping");
    };
    assert_eq!(concurrency.queue, Some(ConcurrencyQueue::Max));
    let job = &workflow.jobs["test"];
    assert_eq!(
        job.cancel_timeout_minutes,
        Some(ExprOr::Value(Number::from(5)))
    );
    let kinds: Vec<StepKind> = job.step_list().iter().map(Step::kind).collect();
    assert_eq!(
        kinds,
        [
            StepKind::Uses,
            StepKind::Run,
            StepKind::Uses,
            StepKind::Parallel,
            StepKind::Wait,
            StepKind::Run,
            StepKind::Run,
            StepKind::Cancel,
            StepKind::Run,
            StepKind::WaitAll,
            StepKind::Run,
        ]
    );
    let steps = job.step_list();
    assert_eq!(steps[1].background, Some(true));
    assert_eq!(
        steps[4].wait,
        Some(OneOrMany::Many(vec!["db".into(), "api".into()]))
    );
    assert_eq!(steps[7].cancel.as_deref(), Some("logs"));
    assert_eq!(steps[9].wait_all, Some(WaitAll::Bare));
    assert_eq!(steps[3].parallel.as_ref().map(Vec::len), Some(2));
    assert_eq!(steps[3].walk().count(), 3);
    // `wait-all:` stays bare when written back.
    let emitted = emit::workflow(&workflow, &EmitOptions::default());
    assert!(emitted.contains("- wait-all:\n"), "{emitted}");
}

#[test]
fn permissions_and_activity_types_of_2026() {
    let workflow = parse::workflow(&fixture("issues-fields.yml"))
        .unwrap()
        .value;
    let Some(Permissions::Scopes(scopes)) = &workflow.permissions else {
        panic!("scopes");
    };
    assert!(scopes.contains_key(&PermissionScope::VulnerabilityAlerts));
    assert!(PermissionScope::VulnerabilityAlerts.is_known());
    assert!(workflow.on.has(&Event::Issues));
    let warnings = warning_codes(&fixture("issues-fields.yml"));
    assert!(
        !warnings.iter().any(|c| c.contains("activity")),
        "{warnings:?}"
    );
}

#[test]
fn action_metadata_keeps_unknown_top_level_keys() {
    let text = fixture("action-extra-keys.yml");
    let action = parse::action(&text).unwrap().value;
    assert_eq!(
        action.other.keys().collect::<Vec<_>>(),
        ["x-owner", "metadata"]
    );
    let options = EmitOptions::default();
    let emitted = emit::action(&action, &options);
    let again = parse::action(&emitted).unwrap().value;
    assert_eq!(again, action, "{emitted}");
    assert_eq!(emit::action(&again, &options), emitted);
    let diagnostics = check_action(&text, "action.yml", &Config::default());
    assert_eq!(errors(&diagnostics), Vec::<String>::new());
    let unknown: Vec<_> = diagnostics.with_code("action-unknown-key").collect();
    assert_eq!(unknown.len(), 2);
    assert!(unknown.iter().all(|d| d.severity == Severity::Warning));
}

const HEAD: &str = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n";

#[test]
fn wait_and_cancel_name_earlier_background_steps() {
    // line 6: the background step; 7: a plain step; 8..: the waits.
    let text = format!(
        "{HEAD}      - {{ id: server, run: ./server.sh, background: true }}\n      - {{ id: build, run: make }}\n      - wait: build\n      - wait: [server, nothere]\n      - cancel: later\n      - {{ id: later, run: ./later.sh, background: true }}\n      - cancel: server\n"
    );
    assert_eq!(
        error_codes(&text),
        [
            ("step-wait-target", 8),
            ("step-wait-target", 9),
            ("step-wait-target", 10),
        ]
    );
}

#[test]
fn wait_steps_take_no_if_and_no_other_keys() {
    let text = format!(
        "{HEAD}      - {{ id: server, run: ./server.sh, background: true }}\n      - wait: server\n        if: always()\n      - wait-all: true\n        env:\n          A: b\n      - parallel:\n          - run: a\n        name: group\n      - run: x\n        wait-all:\n"
    );
    assert_eq!(
        error_codes(&text),
        [
            ("step-control-if", 8),
            ("step-control-key", 10),
            ("step-control-key", 14),
            ("step-kind-mixed", 16),
        ]
    );
}

#[test]
fn background_outputs_are_read_only_after_a_wait() {
    let text = format!(
        "{HEAD}      - {{ id: build, run: ./build.sh, background: true }}\n      - run: echo ${{{{ steps.build.outputs.digest }}}}\n      - wait: build\n      - run: echo ${{{{ steps.build.outputs.digest }}}}\n      - parallel:\n          - {{ id: one, run: ./one.sh }}\n          - run: echo ${{{{ steps.one.outputs.x }}}}\n      - if: steps.one.outputs.x == 'y'\n        run: echo ok\n"
    );
    assert_eq!(
        error_codes(&text),
        [
            ("background-output-unset", 7),
            ("background-output-unset", 12),
        ]
    );
}

#[test]
fn more_than_ten_background_steps_is_a_warning() {
    let mut text = HEAD.to_owned();
    for i in 0..11 {
        text.push_str(&format!("      - {{ run: ./s{i}.sh, background: true }}\n"));
    }
    assert_eq!(error_codes(&text), []);
    assert_eq!(
        warning_codes(&text)
            .iter()
            .filter(|c| **c == "background-steps-many")
            .count(),
        1
    );
    // Waiting in between keeps the count down.
    let mut text = HEAD.to_owned();
    for i in 0..11 {
        text.push_str(&format!("      - {{ run: ./s{i}.sh, background: true }}\n"));
        if i == 5 {
            text.push_str("      - wait-all:\n");
        }
    }
    assert!(!warning_codes(&text).contains(&"background-steps-many"));
}

#[test]
fn composite_actions_take_no_parallel_steps() {
    let text = "name: A\ndescription: B\nruns:\n  using: composite\n  steps:\n    - run: ./a.sh\n      shell: bash\n      background: true\n    - wait-all:\n    - parallel:\n        - run: ./b.sh\n          shell: bash\n";
    let diagnostics = check_action(text, "action.yml", &Config::default());
    let found: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| (d.code, d.location.as_ref().map_or(0, |l| l.line)))
        .collect();
    assert_eq!(
        found,
        [
            ("composite-step-parallel", 8),
            ("composite-step-parallel", 9),
            ("composite-step-parallel", 10),
        ]
    );
}

#[test]
fn queue_max_with_cancel_in_progress_is_an_error() {
    let text = "on: push\nconcurrency:\n  group: g\n  cancel-in-progress: true\n  queue: max\njobs:\n  a:\n    runs-on: ubuntu-latest\n    concurrency: { group: h, cancel-in-progress: true, queue: max }\n    steps:\n      - run: x\n";
    assert_eq!(
        error_codes(text),
        [
            ("concurrency-queue-cancel", 5),
            ("concurrency-queue-cancel", 9)
        ]
    );
    let single = text.replace("max", "single");
    assert_eq!(error_codes(&single), []);
    let unknown = text.replace("queue: max", "queue: many");
    assert!(parse::workflow(&unknown).is_err());
}

#[test]
fn self_repository_references_take_no_ref() {
    let text = format!(
        "{HEAD}      - uses: $/.github/actions/setup\n      - uses: $/.github/actions/setup@main\n  b:\n    uses: $/.github/workflows/deploy.yml\n  c:\n    uses: $/.github/workflows/deploy.yml@v1\n"
    );
    assert_eq!(
        error_codes(&text),
        [("uses-invalid", 7), ("uses-invalid", 11)]
    );
    // No checkout needed before a `$/` action, unlike `./`.
    assert!(!warning_codes(&text).contains(&"local-action-before-checkout"));
}

#[test]
fn builders_write_the_2026_syntax() {
    let mut job = Job::new("ubuntu-latest").cancel_timeout_minutes(5);
    let db = job.add_background_step("db", Step::run("./start-db.sh"));
    let api = job.add_background_step("api", Step::uses("$/.github/actions/start-api"));
    let logs = job.add_background_step("logs", Step::run("./tail-logs.sh"));
    let job = job
        .step(Step::parallel([
            Step::run("npm run lint"),
            Step::run("npm test"),
        ]))
        .step(Step::wait_for([&db, &api]))
        .step(Step::run("./integration.sh").env("URL", db.step().output("url")))
        .step(Step::cancel(&logs))
        .step(Step::wait(&logs))
        .step(Step::wait_all());
    let workflow = Workflow::new("Integration")
        .on(Event::Push)
        .concurrency(Concurrency::group("integration").queue(ConcurrencyQueue::Max))
        .permissions(Permissions::none().read(PermissionScope::VulnerabilityAlerts))
        .job("test", job);
    let diagnostics = validate(&workflow);
    assert_eq!(errors(&diagnostics), Vec::<String>::new());
    let options = EmitOptions::default();
    let text = emit::workflow(&workflow, &options);
    for expected in [
        "background: true",
        "wait: [db, api]",
        "cancel: logs",
        "wait-all: true",
        "parallel:",
        "queue: max",
        "cancel-timeout-minutes: 5",
        "vulnerability-alerts: read",
    ] {
        assert!(text.contains(expected), "{expected} in\n{text}");
    }
    let parsed = parse::workflow(&text).unwrap().value;
    assert_eq!(parsed, workflow);
}

#[test]
fn calls_take_no_keys_of_jobs_that_run_steps() {
    // `workflow-job` in GitHub's schema has no `cancel-timeout-minutes` and no `snapshot`.
    let text = "on: push\njobs:\n  a:\n    uses: ./.github/workflows/w.yml\n    cancel-timeout-minutes: 5\n    snapshot: image\n    strategy:\n      matrix:\n        x: [1]\n";
    assert_eq!(
        error_codes(text),
        [("call-job-key", 5), ("call-job-key", 6)]
    );
}

#[test]
fn current_runner_labels() {
    // Labels GitHub hosts in 2026 pass; the macOS 13 images, retired on 2025-12-04, do not.
    for label in [
        "ubuntu-24.04-arm",
        "ubuntu-26.04",
        "windows-11-arm",
        "macos-26",
        "macos-15-intel",
    ] {
        let text =
            format!("on: push\njobs:\n  a:\n    runs-on: {label}\n    steps:\n      - run: x\n");
        assert_eq!(error_codes(&text), [], "{label}");
    }
    let text = "on: push\njobs:\n  a:\n    runs-on: macos-13\n    steps:\n      - run: x\n";
    let diagnostics = check_workflow(text, "ci.yml", &Config::default());
    assert!(
        diagnostics
            .iter()
            .any(|d| d.code == "runner-label-unknown" && d.message.contains("no longer hosts")),
        "{diagnostics:?}"
    );
}
