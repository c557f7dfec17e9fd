//! Every derive in one release pipeline: a typed matrix, typed dispatch inputs, job outputs read by a
//! later job, a typed binding of `actions/cache`, and a composite action with typed inputs and outputs.
//! Prints the workflow and the action as YAML.
//!
//! ```sh
//! cargo run --example derives
//! ```

use pipeline_sdk::emit::{self, EmitOptions};
use pipeline_sdk::expr::{Expr, runner};
use pipeline_sdk::model::{self, Job, Step, Workflow};
use pipeline_sdk::{Action, Choice, Inputs, Matrix, Outputs};

/// The runners the tests run on, pinned to an image version.
#[derive(Choice, Clone, Copy, Debug, PartialEq)]
enum Os {
    #[choice(rename = "ubuntu-24.04")]
    Ubuntu,
    #[choice(rename = "macos-15")]
    Macos,
    #[choice(rename = "windows-2025")]
    Windows,
}

/// Where a release goes.
#[derive(Choice, Clone, Copy, Debug, PartialEq)]
enum Channel {
    Staging,
    Production,
}

/// The test matrix: every runner against two toolchains, plus nightly on Linux only.
#[derive(Matrix)]
#[matrix(extra(experimental = bool))]
struct TestMatrix {
    os: Vec<Os>,
    rust: Vec<String>,
    include: Vec<TestMatrixRow>,
}

/// What a person starting a release chooses.
#[derive(Inputs)]
struct ReleaseInputs {
    /// Where the release goes.
    #[input(default = Channel::Staging)]
    channel: Channel,
    /// Build and test, but publish nothing.
    dry_run: Option<bool>,
}

/// What the build job hands to the publish job.
#[derive(Outputs)]
struct BuildOutputs {
    /// The version that was built.
    version: Expr,
}

/// `actions/cache`, typed, pinned to the commit of its release v6.1.0.
#[derive(Action)]
#[action(
    uses = "actions/cache@55cc8345863c7cc4c66a329aec7e433d2d1c52a9",
    outputs(cache_hit)
)]
struct Cache {
    path: String,
    key: String,
    restore_keys: Option<String>,
}

/// The composite action's interface.
#[derive(Inputs)]
struct PublishInputs {
    /// The version to publish.
    version: String,
    /// The registry to publish to.
    #[input(default = "crates-io")]
    registry: String,
}

/// What the composite action reports.
#[derive(Outputs)]
struct PublishOutputs {
    /// The URL of the published crate.
    url: Expr,
}

pub(crate) fn workflow() -> Workflow {
    let matrix = TestMatrix {
        os: Os::ALL.to_vec(),
        rust: vec!["stable".into(), "1.88".into()],
        include: vec![TestMatrixRow {
            os: Some(Os::Ubuntu),
            rust: Some("nightly".into()),
            experimental: Some(true),
        }],
    };
    let mut test = Job::new(TestMatrix::os())
        .matrix(matrix)
        .continue_on_error(TestMatrix::experimental().eq(true).to_string());
    let cache = test.add_step(
        "cache",
        Cache {
            path: "target".into(),
            key: format!("{}-{}-cargo", runner::os(), TestMatrix::rust()),
            restore_keys: None,
        }
        .step()
        .uses_comment("v6.1.0"),
    );
    let test = test.step(
        Step::run("cargo build --workspace")
            .if_(Cache::cache_hit(&cache).ne("true").to_condition()),
    );

    let mut workflow = Workflow::new("Release")
        .on(ReleaseInputs::workflow_dispatch())
        .least_privilege();
    let tests = workflow.add_job("test", test);
    let mut build = Job::new("ubuntu-latest").needs(&tests);
    let version = build.add_step(
        "version",
        Step::run("echo \"version=$(cargo pkgid | cut -d'#' -f2)\" >> \"$GITHUB_OUTPUT\""),
    );
    let outputs = BuildOutputs {
        version: BuildOutputs::version(&version),
    };
    let build = workflow.add_job("build", outputs.add_to_job(build));
    workflow.add_job(
        "publish",
        Job::new("ubuntu-latest")
            .needs(&build)
            .if_(ReleaseInputs::dry_run().not().to_condition())
            .environment(ReleaseInputs::channel().to_string())
            .step(
                PublishInputs {
                    version: BuildOutputs::version(&build).to_string(),
                    registry: "crates-io".into(),
                }
                .add_to_step(Step::uses("./.github/actions/publish")),
            ),
    );
    workflow
}

pub(crate) fn action() -> model::Action {
    let action = model::Action::composite("Publish", "Publishes the crate");
    let mut action = PublishOutputs {
        url: PublishOutputs::url(pipeline_sdk::expr::steps("publish")),
    }
    .add_to_action(PublishInputs::add_to_action(action));
    action = action.step(
        Step::run("cargo publish --registry \"$REGISTRY\"")
            .id("publish")
            .shell("bash")
            .env("REGISTRY", PublishInputs::registry()),
    );
    action
}

fn main() {
    let options = EmitOptions::default();
    println!("# .github/workflows/release.yml");
    print!("{}", emit::workflow(&workflow(), &options));
    println!();
    println!("# .github/actions/publish/action.yml");
    print!("{}", emit::action(&action(), &options));
}
