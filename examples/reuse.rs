//! A composite action, a reusable workflow and a caller, each defined once in Rust: the definitions give
//! the typed step and job that call them, every expression reaches a script through an environment
//! variable, and the three files are checked as one set before they are written.
//!
//! ```sh
//! cargo run --example reuse              # writes ./generated-reuse/.github/...
//! cargo run --example reuse -- OUT_DIR
//! ```

use pipeline_sdk::emit::{self, EmitOptions};
use pipeline_sdk::expr::Expr;
use pipeline_sdk::model::{self, Job, Permissions, Step, Trigger, Workflow};
use pipeline_sdk::reuse::{LocalAction, ReusableWorkflow};
use pipeline_sdk::validate::{Config, SetFile, Severity, validate_set};
use pipeline_sdk::{Inputs, Outputs};

/// The inputs of the deploy action.
#[derive(Inputs)]
struct DeployInputs {
    /// The environment to deploy to.
    environment: String,
    /// The image tag to deploy.
    #[input(default = "latest")]
    tag: String,
}

/// What the deploy action reports.
#[derive(Outputs)]
struct DeployOutputs {
    /// The URL of the deployment.
    url: Expr,
}

/// The inputs of the release workflow.
#[derive(Inputs)]
struct ReleaseInputs {
    /// The environment to release to.
    environment: String,
    /// How many replicas to run.
    #[input(default = 2)]
    replicas: u32,
}

/// What the release workflow reports.
#[derive(Outputs)]
struct ReleaseOutputs {
    /// The URL of the release.
    url: Expr,
}

/// `.github/actions/deploy`: a composite action whose step reads its inputs from the environment.
fn deploy_action() -> LocalAction {
    let step = Step::script(|env| {
        let environment = env.bind("ENVIRONMENT", DeployInputs::environment());
        let tag = env.bind("TAG", DeployInputs::tag());
        format!(
            "echo Deploying {tag} to {environment}\necho \"url=https://$ENVIRONMENT.example.com\" >> \"$GITHUB_OUTPUT\""
        )
    })
    .id("deploy")
    .name("Deploy")
    .shell("bash");
    let outputs = DeployOutputs {
        url: DeployOutputs::url(pipeline_sdk::expr::steps("deploy")),
    };
    let action = model::Action::composite("Deploy", "Deploys an image to an environment");
    let action = outputs.add_to_action(DeployInputs::add_to_action(action));
    LocalAction::new("./.github/actions/deploy", action.step(step))
}

/// `.github/workflows/release.yml`: a reusable workflow that uses the action.
fn release_workflow(deploy: &LocalAction) -> ReusableWorkflow {
    let mut job = Job::new("ubuntu-latest")
        .name("Release")
        .timeout_minutes(15)
        .step(Step::checkout());
    let step = job.add_step(
        "deploy",
        deploy.step_with(&DeployInputs {
            environment: ReleaseInputs::environment().to_string(),
            tag: "${{ github.sha }}".into(),
        }),
    );
    let url = deploy
        .output(&step, "url")
        .expect("the action declares `url`");
    let job = job.output("url", url.to_string()).step(Step::script(|env| {
        let replicas = env.bind("REPLICAS", ReleaseInputs::replicas());
        format!("echo Scaling to {replicas} replicas")
    }));
    let mut workflow = Workflow::new("Release")
        .permissions(Permissions::read_contents())
        .on(ReleaseOutputs {
            url: pipeline_sdk::expr::jobs("release").output("url"),
        }
        .add_to_call(ReleaseInputs::workflow_call().described_secret(
            "deploy-token",
            "Token of the deploy API",
            true,
        )));
    let _ = workflow.add_job("release", job);
    ReusableWorkflow::new("./.github/workflows/release.yml", workflow)
}

/// `.github/workflows/ci.yml`: calls the release workflow and reads its output through `needs`.
fn caller(release: &ReusableWorkflow) -> Workflow {
    let mut ci = Workflow::new("CI")
        .on(Trigger::push().branches(["main"]))
        .least_privilege();
    let call = ci.add_job(
        "release",
        release
            .call_with(&ReleaseInputs {
                environment: "staging".into(),
                replicas: 3,
            })
            .secret("deploy-token", "${{ secrets.DEPLOY_TOKEN }}"),
    );
    let url = ReleaseOutputs::url(&call);
    ci.job(
        "announce",
        Job::new("ubuntu-latest")
            .needs(&call)
            .timeout_minutes(5)
            .step(Step::script(|env| {
                format!("echo Released to {}", env.bind("URL", url))
            })),
    )
}

/// The three files, by path from the repository root, with their text.
pub(crate) fn files() -> Vec<(String, String)> {
    let options = EmitOptions::default();
    let deploy = deploy_action();
    let release = release_workflow(&deploy);
    let ci = caller(&release);
    vec![
        (
            ".github/workflows/ci.yml".to_owned(),
            emit::workflow(&ci, &options),
        ),
        (
            release.file().to_owned(),
            emit::workflow(release.workflow(), &options),
        ),
        (deploy.file(), emit::action(deploy.action(), &options)),
    ]
}

fn main() -> std::process::ExitCode {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "generated-reuse".to_owned());
    let files = files();
    let set: Vec<SetFile> = files
        .iter()
        .map(|(path, text)| SetFile::parse(path.as_str(), text.as_str()))
        .collect();
    let mut clean = true;
    for (_, diagnostics) in validate_set(&set, &Config::default()) {
        for d in diagnostics.iter().filter(|d| d.severity != Severity::Info) {
            eprintln!("{d}");
            clean = false;
        }
    }
    for (path, text) in &files {
        let target = std::path::Path::new(&out).join(path);
        if let Some(parent) = target.parent()
            && let Err(error) = std::fs::create_dir_all(parent)
        {
            eprintln!("{}: {error}", parent.display());
            return std::process::ExitCode::from(2);
        }
        if let Err(error) = std::fs::write(&target, text) {
            eprintln!("{}: {error}", target.display());
            return std::process::ExitCode::from(2);
        }
        println!("# {path}\n{text}");
    }
    if clean {
        std::process::ExitCode::SUCCESS
    } else {
        std::process::ExitCode::FAILURE
    }
}
