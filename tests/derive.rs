//! Behaviour of the derives: each one's YAML, snapshot-tested, and the expressions its accessors give.

use pipeline_sdk::emit::{self, EmitOptions};
use pipeline_sdk::expr::{self, Expr, jobs, needs, steps};
use pipeline_sdk::model::{self, Job, Step, Trigger, Value, Workflow};
use pipeline_sdk::typed::MatrixRow;
use pipeline_sdk::{Action, Choice, Inputs, Matrix, Outputs};

#[derive(Choice, Clone, Copy, Debug, PartialEq)]
enum Os {
    UbuntuLatest,
    MacosLatest,
    #[choice(rename = "windows-2022")]
    Windows,
}

#[derive(Choice, Clone, Copy, Debug, PartialEq)]
#[choice(rename_all = "snake_case")]
enum Toolchain {
    Stable,
    Beta,
    NightlyPinned,
}

#[derive(Matrix)]
#[matrix(extra(experimental = bool))]
struct TestMatrix {
    os: Vec<Os>,
    rust: Vec<Toolchain>,
    #[matrix(rename = "features")]
    feature_set: Vec<String>,
    shard: Vec<i64>,
    include: Vec<TestMatrixRow>,
    exclude: Vec<TestMatrixRow>,
}

#[derive(Choice, Clone, Copy, Debug, PartialEq)]
enum Environment {
    Staging,
    Production,
}

#[derive(Inputs)]
struct DeployInputs {
    /// Where to deploy.
    environment: Environment,
    /// The version to deploy, such as `1.2.3`.
    #[input(default = "latest")]
    version: String,
    /// Print what would change,
    /// without changing it.
    dry_run: Option<bool>,
    /// How many hosts to update at once.
    #[input(default = 2)]
    batch_size: u32,
    #[input(
        rename = "log_level",
        default = "info",
        deprecation_message = "Use `verbosity`"
    )]
    log: Option<String>,
}

#[derive(Inputs)]
#[inputs(rename_all = "snake_case")]
struct ReleaseInputs {
    /// The environment the release job runs in.
    #[input(environment)]
    target_env: String,
    /// Publish to crates.io.
    #[input(default = true)]
    publish_crate: bool,
}

#[derive(Outputs)]
struct BuildOutputs {
    /// The version that was built.
    version: Expr,
    /// The image digest.
    #[output(rename = "image_digest")]
    digest: String,
}

#[derive(Action)]
#[action(
    uses = "actions/cache@v4",
    outputs(cache_hit, key = "cache-primary-key")
)]
struct Cache {
    path: String,
    key: String,
    restore_keys: Option<String>,
    #[action(rename = "enableCrossOsArchive")]
    cross_os: Option<bool>,
    lookup_only: Option<bool>,
}

#[derive(Action)]
#[action(uses = "actions/setup-node@v4", rename_all = "kebab-case")]
struct SetupNode {
    node_version: u32,
    cache: Option<&'static str>,
}

fn yaml(workflow: &Workflow) -> String {
    emit::workflow(workflow, &EmitOptions::default())
}

fn check(expr: impl Into<Expr>, expected: &str) {
    assert_eq!(expr.into().to_string(), expected);
}

fn test_matrix() -> TestMatrix {
    TestMatrix {
        os: Os::ALL.to_vec(),
        rust: vec![Toolchain::Stable, Toolchain::Beta],
        feature_set: vec!["default".into(), "full".into()],
        shard: vec![1, 2],
        include: vec![TestMatrixRow {
            os: Some(Os::UbuntuLatest),
            rust: Some(Toolchain::NightlyPinned),
            experimental: Some(true),
            ..TestMatrixRow::default()
        }],
        exclude: vec![TestMatrixRow {
            os: Some(Os::Windows),
            feature_set: Some("full".into()),
            ..TestMatrixRow::default()
        }],
    }
}

#[test]
fn matrix_workflow() {
    let test = Job::new(TestMatrix::os())
        .matrix(test_matrix())
        .continue_on_error(TestMatrix::experimental().eq(true).or(false).to_string())
        .step(Step::uses("actions/checkout@v4"))
        .step(
            Step::run("cargo test --features \"$FEATURES\"")
                .env("FEATURES", TestMatrix::feature_set())
                .if_(TestMatrix::os().ne(Os::Windows).to_condition()),
        );
    let workflow = Workflow::new("Test").on(Trigger::push()).job("test", test);
    insta::assert_snapshot!("matrix", yaml(&workflow));
}

#[test]
fn matrix_accessors() {
    check(TestMatrix::os(), "${{ matrix.os }}");
    check(TestMatrix::feature_set(), "${{ matrix.features }}");
    check(TestMatrix::experimental(), "${{ matrix.experimental }}");
    check(
        TestMatrix::rust().eq(Toolchain::NightlyPinned),
        "${{ matrix.rust == 'nightly_pinned' }}",
    );
}

#[test]
fn matrix_rows_feed_the_builder() {
    let row = TestMatrixRow {
        shard: Some(3),
        ..TestMatrixRow::default()
    };
    let entries = row.entries();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries["shard"], Value::from(3));
    let by_hand = model::Matrix::new().axis("shard", [1, 2]).include(row);
    let derived = Shards {
        shard: vec![1, 2],
        include: vec![ShardsRow { shard: Some(3) }],
    };
    assert_eq!(derived.matrix(), by_hand);
}

#[derive(Matrix)]
struct Shards {
    shard: Vec<u8>,
    include: Vec<ShardsRow>,
}

#[test]
fn inputs_dispatch_and_call() {
    let workflow = Workflow::new("Deploy")
        .on(DeployInputs::workflow_dispatch())
        .on(ReleaseInputs::workflow_call())
        .job(
            "deploy",
            Job::new("ubuntu-latest").step(
                Step::run("./deploy \"$ENVIRONMENT\" \"$VERSION\"")
                    .env("ENVIRONMENT", DeployInputs::environment())
                    .env("VERSION", DeployInputs::version())
                    .if_(DeployInputs::dry_run().not().to_condition()),
            ),
        );
    insta::assert_snapshot!("inputs", yaml(&workflow));
}

#[test]
fn inputs_accessors() {
    check(DeployInputs::environment(), "${{ inputs.environment }}");
    check(DeployInputs::dry_run(), "${{ inputs.dry-run }}");
    check(DeployInputs::log(), "${{ inputs.log_level }}");
    check(ReleaseInputs::target_env(), "${{ inputs.target_env }}");
    let inputs = DeployInputs::inputs();
    let names: Vec<&str> = inputs.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "environment",
            "version",
            "dry-run",
            "batch-size",
            "log_level"
        ]
    );
    assert_eq!(inputs["environment"].required, Some(true));
    assert_eq!(inputs["version"].required, Some(false));
    assert_eq!(inputs["batch-size"].default, Some(Value::from(2)));
    assert_eq!(
        inputs["dry-run"].description.as_deref(),
        Some("Print what would change, without changing it.")
    );
}

#[test]
fn inputs_as_call_arguments() {
    let arguments = DeployInputs {
        environment: Environment::Production,
        version: expr::github::ref_name().to_string(),
        dry_run: None,
        batch_size: 4,
        log: Some("debug".into()),
    };
    let workflow = Workflow::new("Release")
        .on(Trigger::push())
        .job(
            "deploy",
            arguments.add_to_job(Job::call("./.github/workflows/deploy.yml")),
        )
        .job(
            "deploy-action",
            Job::new("ubuntu-latest")
                .step(arguments.add_to_step(Step::uses("./.github/actions/deploy"))),
        );
    insta::assert_snapshot!("inputs_with", yaml(&workflow));
}

#[test]
fn inputs_and_outputs_of_a_composite_action() {
    let outputs = BuildOutputs {
        version: steps("meta").output("version"),
        digest: "${{ steps.push.outputs.digest }}".into(),
    };
    let action = model::Action::composite("Deploy", "Deploys a build");
    let action = outputs
        .add_to_action(DeployInputs::add_to_action(action))
        .step(
            Step::run("./deploy \"$ENVIRONMENT\"")
                .shell("bash")
                .env("ENVIRONMENT", DeployInputs::environment()),
        );
    insta::assert_snapshot!("action", emit::action(&action, &EmitOptions::default()));
}

#[test]
fn outputs_of_a_job_and_a_reusable_workflow() {
    let mut workflow = Workflow::new("Build").on(BuildOutputs {
        version: BuildOutputs::version(jobs("build")),
        digest: BuildOutputs::digest(jobs("build")).to_string(),
    }
    .add_to_call(ReleaseInputs::workflow_call()));
    let mut job = Job::new("ubuntu-latest");
    let meta = job.add_step(
        "meta",
        Step::run("echo \"version=1.2.3\" >> \"$GITHUB_OUTPUT\""),
    );
    let outputs = BuildOutputs {
        version: BuildOutputs::version(&meta),
        digest: "${{ steps.push.outputs.digest }}".into(),
    };
    let build = workflow.add_job("build", outputs.add_to_job(job));
    workflow.add_job(
        "publish",
        Job::new("ubuntu-latest")
            .needs(&build)
            .step(Step::run("echo \"$VERSION\"").env("VERSION", BuildOutputs::version(&build))),
    );
    insta::assert_snapshot!("outputs", yaml(&workflow));
}

#[test]
fn outputs_accessors() {
    check(
        BuildOutputs::version(needs("build")),
        "${{ needs.build.outputs.version }}",
    );
    check(
        BuildOutputs::digest(steps("meta")),
        "${{ steps.meta.outputs.image_digest }}",
    );
    check(
        BuildOutputs::digest(jobs("build")),
        "${{ jobs.build.outputs.image_digest }}",
    );
    let outputs = BuildOutputs {
        version: expr::github::sha(),
        digest: "sha256:0".into(),
    };
    let names: Vec<String> = outputs.outputs().into_iter().map(|o| o.name).collect();
    assert_eq!(names, ["version", "image_digest"]);
}

#[test]
fn action_steps() {
    let mut job = Job::new("ubuntu-latest");
    let cache = job.add_step(
        "cache",
        Cache {
            path: "target".into(),
            key: format!("{}-cargo", expr::runner::os()),
            restore_keys: None,
            cross_os: Some(true),
            lookup_only: None,
        }
        .step(),
    );
    let job = job
        .step(
            Step::from(SetupNode {
                node_version: 20,
                cache: Some("npm"),
            })
            .name("Set up Node"),
        )
        .step(Step::run("cargo build").if_(Cache::cache_hit(&cache).ne("true").to_condition()))
        .output("cache-key", Cache::key(&cache));
    let workflow = Workflow::new("Cache").on(Trigger::push()).job("build", job);
    insta::assert_snapshot!("action_steps", yaml(&workflow));
}

#[test]
fn action_bindings() {
    assert_eq!(<Cache as Action>::USES, "actions/cache@v4");
    let step = SetupNode {
        node_version: 22,
        cache: None,
    }
    .step();
    assert_eq!(step.uses.as_deref(), Some("actions/setup-node@v4"));
    let with = step.with.unwrap_or_default();
    assert_eq!(with.len(), 1);
    assert_eq!(with["node-version"], Value::from(22));
    check(
        Cache::cache_hit(steps("cache")),
        "${{ steps.cache.outputs.cache-hit }}",
    );
    check(
        Cache::key(steps("cache")),
        "${{ steps.cache.outputs.cache-primary-key }}",
    );
}

#[test]
fn choices() {
    assert_eq!(
        Os::OPTIONS,
        ["ubuntu-latest", "macos-latest", "windows-2022"]
    );
    assert_eq!(Toolchain::OPTIONS, ["stable", "beta", "nightly_pinned"]);
    assert_eq!(Os::Windows.as_str(), "windows-2022");
    assert_eq!(Os::parse("macos-latest"), Some(Os::MacosLatest));
    assert_eq!(Os::parse("macos"), None);
    check(Os::MacosLatest, "${{ 'macos-latest' }}");
}

/// `examples/derives.rs`, compiled here so its output is snapshot-tested.
#[allow(dead_code)]
#[path = "../examples/derives.rs"]
mod example;

#[test]
fn the_example_prints_its_pipeline() {
    insta::assert_snapshot!("example_workflow", yaml(&example::workflow()));
    insta::assert_snapshot!(
        "example_action",
        emit::action(&example::action(), &EmitOptions::default())
    );
}
