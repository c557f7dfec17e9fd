//! The staged deploy: one job per environment, each after the one before it, each deploying the built
//! image with the Smart Deploy action, which rolls back when the new version fails its health check.
//!
//! ```
//! use pipeline_sdk::model::JobRef;
//! use pipeline_templates::deploy::{DeployStage, StagedDeploy};
//! let deploy = StagedDeploy::new()
//!     .stage(DeployStage::new("staging", "https://staging.example.com"))
//!     .stage(DeployStage::new("production", "https://example.com").on_branch("main"));
//! let jobs = deploy.jobs(&JobRef::new("build"));
//! assert_eq!(jobs[1].0, "deploy-production");
//! assert_eq!(jobs[1].1.needed_jobs().collect::<Vec<_>>(), ["build", "deploy-staging"]);
//! ```

use crate::script;
use pipeline_sdk::expr::{self, fun, github};
use pipeline_sdk::model::{
    Action, ActionInput, ActionOutput, Concurrency, Environment, Job, JobRef, Permissions, Step,
};

/// Where the Smart Deploy action lives in the repository, as `uses:` names it.
///
/// ```
/// assert_eq!(pipeline_templates::deploy::ACTION, "./.github/actions/deploy");
/// ```
pub const ACTION: &str = "./.github/actions/deploy";

/// Where the generator writes the Smart Deploy action's metadata.
///
/// ```
/// assert!(pipeline_templates::deploy::ACTION_FILE.ends_with("/action.yml"));
/// ```
pub const ACTION_FILE: &str = ".github/actions/deploy/action.yml";

/// One environment of a staged deploy.
///
/// ```
/// use pipeline_sdk::model::Step;
/// use pipeline_templates::deploy::DeployStage;
/// let stage = DeployStage::new("staging", "https://staging.example.com")
///     .verify(Step::run("npm run test:e2e -- --env=staging").name("E2E tests"));
/// assert_eq!(stage.name(), "staging");
/// ```
#[derive(Clone, Debug, PartialEq)]
#[must_use]
pub struct DeployStage {
    name: String,
    url: String,
    health_check_url: Option<String>,
    kubeconfig_secret: Option<String>,
    branch: Option<String>,
    verify: Vec<Step>,
}

impl DeployStage {
    /// A stage deploying to the GitHub environment and Kubernetes namespace `name`, serving `url`.
    ///
    /// ```
    /// let stage = pipeline_templates::deploy::DeployStage::new("production", "https://example.com");
    /// assert_eq!(stage.kubeconfig_secret(), "KUBE_CONFIG_PRODUCTION");
    /// ```
    pub fn new(name: impl Into<String>, url: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            url: url.into(),
            health_check_url: None,
            kubeconfig_secret: None,
            branch: None,
            verify: Vec::new(),
        }
    }

    /// The stage's name: its environment, namespace and job id (`deploy-<name>`).
    ///
    /// ```
    /// assert_eq!(pipeline_templates::deploy::DeployStage::new("qa", "https://qa.example.com").name(), "qa");
    /// ```
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Sets where the health check asks (`<url>/health`); the stage's URL unless set.
    ///
    /// ```
    /// let stage = pipeline_templates::deploy::DeployStage::new("production", "https://example.com")
    ///     .health_check_url("https://internal.example.com");
    /// # let _ = stage;
    /// ```
    pub fn health_check_url(mut self, url: impl Into<String>) -> Self {
        self.health_check_url = Some(url.into());
        self
    }

    /// Sets the secret holding the kubeconfig; `KUBE_CONFIG_<NAME>` unless set.
    ///
    /// ```
    /// let stage = pipeline_templates::deploy::DeployStage::new("staging", "https://staging.example.com")
    ///     .kubeconfig("STAGING_CLUSTER");
    /// assert_eq!(stage.kubeconfig_secret(), "STAGING_CLUSTER");
    /// ```
    pub fn kubeconfig(mut self, secret: impl Into<String>) -> Self {
        self.kubeconfig_secret = Some(secret.into());
        self
    }

    /// The secret holding the kubeconfig.
    ///
    /// ```
    /// let stage = pipeline_templates::deploy::DeployStage::new("pre-prod", "https://pre.example.com");
    /// assert_eq!(stage.kubeconfig_secret(), "KUBE_CONFIG_PRE_PROD");
    /// ```
    #[must_use]
    pub fn kubeconfig_secret(&self) -> String {
        self.kubeconfig_secret.clone().unwrap_or_else(|| {
            let name: String = self
                .name
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() {
                        c.to_ascii_uppercase()
                    } else {
                        '_'
                    }
                })
                .collect();
            format!("KUBE_CONFIG_{name}")
        })
    }

    /// Deploys only from `branch` (production from `main`); every stage deploys only for pushes and
    /// manual runs, never for pull requests.
    ///
    /// ```
    /// let stage = pipeline_templates::deploy::DeployStage::new("production", "https://example.com").on_branch("main");
    /// # let _ = stage;
    /// ```
    pub fn on_branch(mut self, branch: impl Into<String>) -> Self {
        self.branch = Some(branch.into());
        self
    }

    /// Adds a step that runs after the deploy succeeded (smoke tests, load tests); a failure fails the
    /// stage, so later stages do not run.
    ///
    /// ```
    /// use pipeline_sdk::model::Step;
    /// let stage = pipeline_templates::deploy::DeployStage::new("staging", "https://staging.example.com")
    ///     .verify(Step::run("npm run test:smoke"));
    /// # let _ = stage;
    /// ```
    pub fn verify(mut self, step: Step) -> Self {
        self.verify.push(step);
        self
    }

    /// The job id of this stage: `deploy-<name>`.
    ///
    /// ```
    /// let stage = pipeline_templates::deploy::DeployStage::new("staging", "https://staging.example.com");
    /// assert_eq!(stage.job_id(), "deploy-staging");
    /// ```
    #[must_use]
    pub fn job_id(&self) -> String {
        format!("deploy-{}", self.name)
    }

    /// The job, deploying the image that `build` made (its `image` and `version` outputs), after the jobs
    /// in `after`.
    ///
    /// ```
    /// use pipeline_sdk::model::JobRef;
    /// let stage = pipeline_templates::deploy::DeployStage::new("staging", "https://staging.example.com");
    /// let job = stage.job(&JobRef::new("build"), &[]);
    /// assert_eq!(job.environment.unwrap().name(), "staging");
    /// ```
    #[must_use]
    #[track_caller]
    pub fn job(&self, build: &JobRef, after: &[JobRef]) -> Job {
        let mut when = github::event_name().ne("pull_request");
        if let Some(branch) = &self.branch {
            when = when.and(github::git_ref().eq(format!("refs/heads/{branch}")));
        }
        let mut job = Job::new("ubuntu-latest")
            .name(format!("Deploy to {}", self.name))
            .needs(build)
            .if_(when)
            .timeout_minutes(30)
            .permissions(Permissions::read_contents())
            .environment(Environment::new(self.name.as_str()).url(self.url.as_str()))
            .concurrency(Concurrency::group(self.job_id()).cancel_in_progress(false));
        for job_ref in after {
            job = job.needs(job_ref);
        }
        job.step(Step::checkout())
            .step(kubeconfig(&self.kubeconfig_secret()))
            .step(
                Step::uses(ACTION)
                    // zizmor's `self-repository` audit asks for GitHub's newer `$/` form, which
                    // actionlint and older runners reject.
                    .uses_comment("zizmor: ignore[self-repository]")
                    .name(format!("Deploy to {}", self.name))
                    .with("environment", self.name.as_str())
                    .with("image", build.output("image"))
                    .with("image-tag", build.output("version"))
                    .with(
                        "health-check-url",
                        self.health_check_url.as_deref().unwrap_or(&self.url),
                    ),
            )
            .steps(self.verify.iter().cloned())
    }
}

/// Writes a kubeconfig held in `secret` to a private file and points `kubectl` at it for later steps.
///
/// ```
/// let step = pipeline_templates::deploy::kubeconfig("KUBE_CONFIG_STAGING");
/// assert!(!step.run.as_deref().unwrap().contains("${{"));
/// ```
#[must_use]
#[track_caller]
pub fn kubeconfig(secret: &str) -> Step {
    Step::run(script(&[
        "umask 077",
        r#"printf '%s\n' "$KUBE_CONFIG" > "$RUNNER_TEMP/kubeconfig""#,
        r#"echo "KUBECONFIG=$RUNNER_TEMP/kubeconfig" >> "$GITHUB_ENV""#,
    ]))
    .name("Configure kubectl")
    .env("KUBE_CONFIG", expr::secrets(secret))
}

/// Environments deployed one after another.
///
/// ```
/// use pipeline_templates::deploy::{DeployStage, StagedDeploy};
/// let deploy = StagedDeploy::new().stage(DeployStage::new("staging", "https://staging.example.com"));
/// assert_eq!(deploy.stages().len(), 1);
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
#[must_use]
pub struct StagedDeploy {
    stages: Vec<DeployStage>,
}

impl StagedDeploy {
    /// No stages yet.
    ///
    /// ```
    /// assert!(pipeline_templates::deploy::StagedDeploy::new().stages().is_empty());
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends a stage: it runs after the stages before it.
    ///
    /// ```
    /// use pipeline_templates::deploy::{DeployStage, StagedDeploy};
    /// let deploy = StagedDeploy::new()
    ///     .stage(DeployStage::new("staging", "https://staging.example.com"))
    ///     .stage(DeployStage::new("production", "https://example.com").on_branch("main"));
    /// assert_eq!(deploy.stages()[1].name(), "production");
    /// ```
    pub fn stage(mut self, stage: DeployStage) -> Self {
        self.stages.push(stage);
        self
    }

    /// The stages, in order.
    ///
    /// ```
    /// assert_eq!(pipeline_templates::deploy::StagedDeploy::new().stages().len(), 0);
    /// ```
    pub fn stages(&self) -> &[DeployStage] {
        &self.stages
    }

    /// One job per stage, as (job id, job), each needing `build` and the stage before it.
    ///
    /// ```
    /// use pipeline_sdk::model::JobRef;
    /// use pipeline_templates::deploy::{DeployStage, StagedDeploy};
    /// let jobs = StagedDeploy::new()
    ///     .stage(DeployStage::new("staging", "https://staging.example.com"))
    ///     .jobs(&JobRef::new("build"));
    /// assert_eq!(jobs[0].0, "deploy-staging");
    /// ```
    #[must_use]
    #[track_caller]
    pub fn jobs(&self, build: &JobRef) -> Vec<(String, Job)> {
        let mut jobs = Vec::with_capacity(self.stages.len());
        let mut previous: Option<JobRef> = None;
        for stage in &self.stages {
            let after: Vec<JobRef> = previous.iter().cloned().collect();
            jobs.push((stage.job_id(), stage.job(build, &after)));
            previous = Some(JobRef::new(stage.job_id()));
        }
        jobs
    }
}

/// The Smart Deploy composite action: saves the running image, sets the new one, waits for the rollout,
/// checks `<health-check-url>/health`, and on failure puts the saved image back. Its inputs reach the
/// scripts through `env`, never pasted into them.
///
/// ```
/// let action = pipeline_templates::deploy::action();
/// assert!(action.inputs.as_ref().unwrap()["image-tag"].is_required());
/// assert!(pipeline_sdk::validate::validate_action(&action).is_empty());
/// ```
#[must_use]
pub fn action() -> Action {
    let kubectl = |step: Step| {
        step.shell("bash")
            .env("NAMESPACE", expr::inputs("environment"))
            .env("DEPLOYMENT", expr::inputs("deployment"))
            .env("CONTAINER", expr::inputs("container"))
    };
    let backup = expr::steps("backup").output("version");
    Action::composite("Smart Deploy", "Deploy with automatic rollback on failure")
        .input(
            "environment",
            ActionInput::required("Target environment: the Kubernetes namespace"),
        )
        .input("image", ActionInput::required("Docker image, without a tag"))
        .input("image-tag", ActionInput::required("Docker image tag"))
        .input(
            "health-check-url",
            ActionInput::required("Health check endpoint"),
        )
        .input(
            "rollback-enabled",
            ActionInput::optional("Enable automatic rollback", "true"),
        )
        .input(
            "deployment",
            ActionInput::optional("The Kubernetes deployment to update", "app"),
        )
        .input(
            "container",
            ActionInput::optional("The container of the deployment that runs the image", "app"),
        )
        .output(
            "deployment-url",
            ActionOutput::new(
                "Deployed application URL",
                expr::steps("deploy").output("url").to_string(),
            ),
        )
        .output(
            "previous-version",
            ActionOutput::new("Previous image, for rollback", backup.to_string()),
        )
        .step(
            kubectl(Step::run(script(&[
                r#"CURRENT_VERSION=$(kubectl --namespace "$NAMESPACE" get "deployment/$DEPLOYMENT" -o jsonpath="{.spec.template.spec.containers[?(@.name==\"$CONTAINER\")].image}")"#,
                r#"echo "version=$CURRENT_VERSION" >> "$GITHUB_OUTPUT""#,
                r#"echo "Backing up version: $CURRENT_VERSION""#,
            ])))
            .name("Back up the current version")
            .id("backup"),
        )
        .step(
            kubectl(Step::run(script(&[
                r#"kubectl --namespace "$NAMESPACE" set image "deployment/$DEPLOYMENT" "$CONTAINER=$IMAGE:$IMAGE_TAG""#,
                r#"kubectl --namespace "$NAMESPACE" rollout status "deployment/$DEPLOYMENT" --timeout=300s"#,
                r#"URL=$(kubectl --namespace "$NAMESPACE" get "service/$DEPLOYMENT" -o jsonpath='{.status.loadBalancer.ingress[0].hostname}')"#,
                r#"echo "url=https://$URL" >> "$GITHUB_OUTPUT""#,
            ])))
            .name("Deploy the new version")
            .id("deploy")
            .env("IMAGE", expr::inputs("image"))
            .env("IMAGE_TAG", expr::inputs("image-tag")),
        )
        .step(
            Step::run(script(&[
                r#"echo "Checking health at $HEALTH_CHECK_URL""#,
                "for i in {1..30}; do",
                r#"  if curl -fsS "$HEALTH_CHECK_URL/health" > /dev/null; then"#,
                r#"    echo "Health check passed""#,
                "    exit 0",
                "  fi",
                r#"  echo "Waiting for health check... ($i/30)""#,
                "  sleep 10",
                "done",
                r#"echo "Health check failed""#,
                "exit 1",
            ]))
            .name("Health check")
            .shell("bash")
            .env("HEALTH_CHECK_URL", expr::inputs("health-check-url")),
        )
        .step(
            kubectl(Step::run(script(&[
                r#"echo "Deployment failed, rolling back to $PREVIOUS""#,
                r#"kubectl --namespace "$NAMESPACE" set image "deployment/$DEPLOYMENT" "$CONTAINER=$PREVIOUS""#,
                r#"kubectl --namespace "$NAMESPACE" rollout status "deployment/$DEPLOYMENT" --timeout=300s"#,
                "sleep 30",
                r#"curl -fsS "$HEALTH_CHECK_URL/health""#,
                r#"echo "Rollback completed""#,
            ])))
            .name("Roll back on failure")
            .if_(
                fun::failure()
                    .and(expr::inputs("rollback-enabled").eq("true"))
                    .and(backup.clone().ne("")),
            )
            .env("PREVIOUS", backup)
            .env("HEALTH_CHECK_URL", expr::inputs("health-check-url")),
        )
}
