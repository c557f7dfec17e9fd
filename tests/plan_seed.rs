//! The seed's fixed pipeline (`examples/seed/fixed.rs`) pinned by plans: which jobs each event runs.
//!
//! The CI/CD workflow decides whether to build in a step of `quality-gate`: a script sets the job output
//! `should-deploy` to `true` for a manual run, or for a push whose changes touch the backend (the
//! `dorny/paths-filter` step), and to `false` otherwise; `build` runs only when it is `true`, and every
//! deploy needs `build`. The event alone therefore leaves `build` undecided: a plan says so and names the
//! output, and the tests then give the value the script writes for that event (`Outcomes::output`).

#[allow(dead_code)]
#[path = "../examples/seed/mod.rs"]
mod seed;

use pipeline_sdk::plan::{Event, Outcomes, Status};

fn ci() -> pipeline_sdk::model::Workflow {
    seed::fixed::ci_cd()
}

/// What the `decide` step of `quality-gate` writes: `true` for a manual run or a push that changes the
/// backend, `false` otherwise.
fn decided(should_deploy: bool) -> Outcomes {
    Outcomes::new().output("quality-gate", "should-deploy", should_deploy.to_string())
}

const DEPLOYS: [&str; 4] = [
    "deploy-staging",
    "chaos-testing",
    "deploy-production",
    "monitoring-setup",
];

#[test]
fn a_pull_request_never_deploys() {
    let pr = ci().plan(Event::pull_request("main").changed(["src/server.js"]));
    assert!(pr.triggered());
    assert!(pr.runs("quality-gate"));
    // Production is decided by the event: its `if:` wants `refs/heads/main`, a pull request's ref is its
    // merge ref.
    assert!(pr.skips("deploy-production"));
    assert!(
        pr.reason("deploy-production")
            .unwrap()
            .starts_with("`if:` is false")
    );
    // Staging waits for `build`, which reads the gate's output.
    assert!(pr.is_undecided("build"));
    assert!(
        pr.reason("build")
            .unwrap()
            .contains("needs.quality-gate.outputs.should-deploy"),
        "{:?}",
        pr.reason("build")
    );
    assert!(pr.is_undecided("deploy-staging"));
    // For a pull request the gate's script writes `false`: nothing deploys.
    let pr = ci().plan_with(Event::pull_request("main"), &decided(false));
    assert!(pr.skips("build"));
    for job in DEPLOYS {
        assert!(pr.skips(job), "{job}: {:?}", pr.status(job));
    }
    assert_eq!(pr.reason("deploy-staging"), Some("need `build` is skipped"));
}

#[test]
fn a_push_to_main_deploys_staging_then_production() {
    let push = ci().plan_with(
        Event::push("main").changed(["src/server.js"]),
        &decided(true),
    );
    assert_eq!(
        push.running(),
        [
            "quality-gate",
            "build",
            "security-scan",
            "deploy-staging",
            "chaos-testing",
            "deploy-production",
            "monitoring-setup"
        ]
    );
    assert!(push.runs_before("deploy-staging", "deploy-production"));
    let env = |job: &str| {
        push.rows(job)[0]
            .environment
            .as_ref()
            .and_then(|e| e.value.clone())
    };
    assert_eq!(env("deploy-staging").as_deref(), Some("staging"));
    assert_eq!(env("deploy-production").as_deref(), Some("production"));
    assert_eq!(
        push.concurrency().and_then(|c| c.value.as_deref()),
        Some("ci-cd-refs/heads/main")
    );
    // A push to `develop` deploys staging only.
    let develop = ci().plan_with(Event::push("develop"), &decided(true));
    assert!(develop.runs("deploy-staging"));
    assert!(develop.skips("deploy-production"));
    assert!(develop.skips("monitoring-setup"));
    // A push to any other branch does not start the workflow.
    assert!(!ci().plan(Event::push("feature/x")).triggered());
    // A manual run deploys production only from main and when asked to.
    let manual = ci().plan_with(
        Event::workflow_dispatch("main").input("environment", "production"),
        &decided(true),
    );
    assert!(manual.runs("deploy-production"));
    let staging_only = ci().plan_with(Event::workflow_dispatch("main"), &decided(true));
    assert!(staging_only.runs("deploy-staging"));
    assert!(staging_only.skips("deploy-production"));
}

#[test]
fn a_failed_staging_deploy_stops_production() {
    let failed = ci().plan_with(Event::push("main"), &decided(true).fail("deploy-staging"));
    assert!(failed.skips("chaos-testing"));
    assert!(failed.skips("deploy-production"));
    assert_eq!(
        failed.reason("deploy-production"),
        Some("need `deploy-staging` failed")
    );
}

#[test]
fn a_docs_only_change_skips_the_build() {
    // The workflow has no `paths` filter, so a docs-only push starts it; the gate's paths-filter step
    // finds no backend change and its script writes `should-deploy=false`.
    let docs = Event::push("main").changed(["docs/guide.md", "README.md"]);
    let plan = ci().plan(docs.clone());
    assert!(plan.triggered());
    assert!(plan.runs("quality-gate"));
    assert_eq!(plan.status("build"), Some(Status::Undecided));
    let plan = ci().plan_with(docs, &decided(false));
    assert!(plan.skips("build"));
    assert!(plan.skips("security-scan"));
    for job in DEPLOYS {
        assert!(plan.skips(job), "{job}");
    }
}

#[test]
fn the_test_matrix_rows() {
    let advanced = seed::fixed::advanced_ci();
    let plan = advanced.plan(Event::pull_request("main"));
    let rows: Vec<String> = plan
        .rows("test-matrix")
        .iter()
        .map(|r| {
            format!(
                "{} node {}",
                r.runs_on.as_ref().unwrap(),
                r.matrix["node-version"]
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            "ubuntu-latest node 18",
            "ubuntu-latest node 20",
            "windows-latest node 18",
            "macos-latest node 18"
        ]
    );
    assert_eq!(plan.rows("test-database").len(), 2);
}

#[test]
fn terraform_applies_only_from_main_after_a_plan_with_changes() {
    let infra = seed::fixed::infra_security();
    assert!(
        infra
            .plan(Event::pull_request("main"))
            .skips("terraform-apply")
    );
    let push = infra.plan(Event::push("main"));
    assert!(push.is_undecided("terraform-apply"));
    let changes = Outcomes::new().output("terraform-plan", "exitcode", "2");
    assert!(
        infra
            .plan_with(Event::push("main"), &changes)
            .runs("terraform-apply")
    );
    let none = Outcomes::new().output("terraform-plan", "exitcode", "0");
    assert!(
        infra
            .plan_with(Event::push("main"), &none)
            .skips("terraform-apply")
    );
}
