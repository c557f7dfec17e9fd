//! Typed access to GitHub's contexts: `github`, `env`, `vars`, `secrets`, `inputs`, `matrix`, `needs`,
//! `steps`, `jobs`, `job`, `runner` and `strategy`.
//!
//! The property lists follow GitHub's "Contexts reference". Names that are Rust keywords or that clash get
//! a descriptive name: `github.ref` is [`github::git_ref`], `github.repositoryUrl` is
//! [`github::repository_url`]. Hyphenated properties (`strategy.fail-fast`) use snake case in Rust.

use super::typed::Expr;

/// Defines one function per context property, each with a doc test of what it renders.
macro_rules! properties {
    ($context:literal: $($(#[doc = $doc:literal])+ $name:ident => $path:literal;)+) => {$(
        $(#[doc = $doc])+
        ///
        #[doc = concat!("Renders as `${{ ", $context, ".", $path, " }}`.")]
        ///
        /// ```
        #[doc = concat!("use pipeline_core::expr::", $context, ";")]
        ///
        #[doc = concat!(
            "assert_eq!(", $context, "::", stringify!($name), "().to_string(), \"${{ ",
            $context, ".", $path, " }}\");"
        )]
        /// ```
        #[must_use]
        pub fn $name() -> Expr {
            Expr::path($context, $path)
        }
    )+};
}

/// The `github` context: the workflow run and the event that triggered it.
pub mod github {
    use super::Expr;

    properties! { "github":
        /// The name of the action currently running, or the `id` of a step.
        action => "action";
        /// The path where an action is located (composite actions only).
        action_path => "action_path";
        /// For a step executing an action, the ref of the action (`v2`).
        action_ref => "action_ref";
        /// For a step executing an action, its `owner/repo` (`actions/checkout`).
        action_repository => "action_repository";
        /// For a composite action, its current result.
        action_status => "action_status";
        /// The username of the user that triggered the initial workflow run.
        actor => "actor";
        /// The account ID of the user that triggered the initial workflow run.
        actor_id => "actor_id";
        /// The URL of the GitHub REST API.
        api_url => "api_url";
        /// Path on the runner to the file that declares workflow artifacts for the current step,
        /// where GitHub offers artifact files.
        artifacts => "artifacts";
        /// Path on the runner to the read-only JSON file of the job's workflow artifacts, where GitHub offers
        /// artifact files.
        artifacts_list => "artifacts_list";
        /// The target branch of a pull request (`pull_request` and `pull_request_target` only).
        base_ref => "base_ref";
        /// Path on the runner to the file that sets environment variables from workflow commands.
        env => "env";
        /// The full event webhook payload; chain [`Expr::property`] to read into it.
        event => "event";
        /// The name of the event that triggered the run.
        event_name => "event_name";
        /// Path on the runner to the file holding the full event payload.
        event_path => "event_path";
        /// The URL of the GitHub GraphQL API.
        graphql_url => "graphql_url";
        /// The source branch of a pull request (`pull_request` and `pull_request_target` only).
        head_ref => "head_ref";
        /// The `job_id` of the current job (only inside a job's steps).
        job => "job";
        /// Path on the runner to the file that sets step outputs (`$GITHUB_OUTPUT`); set by the runner.
        output => "output";
        /// Path on the runner to the file that sets system `PATH` variables from workflow commands.
        path => "path";
        /// The fully-formed ref that triggered the run (`refs/heads/main`): `github.ref`.
        git_ref => "ref";
        /// The short ref name (`main`).
        ref_name => "ref_name";
        /// Whether branch protections or rulesets apply to the ref.
        ref_protected => "ref_protected";
        /// The type of ref: `branch` or `tag`.
        ref_type => "ref_type";
        /// The owner and repository name (`octocat/Hello-World`).
        repository => "repository";
        /// The ID of the repository.
        repository_id => "repository_id";
        /// The repository owner's username.
        repository_owner => "repository_owner";
        /// The ID of the repository owner.
        repository_owner_id => "repository_owner_id";
        /// The Git URL of the repository (`git://github.com/octocat/hello-world.git`): `github.repositoryUrl`.
        repository_url => "repositoryUrl";
        /// How many days workflow run logs and artifacts are kept.
        retention_days => "retention_days";
        /// A unique number for each workflow run in a repository.
        run_id => "run_id";
        /// A number for each run of a particular workflow, starting at 1.
        run_number => "run_number";
        /// A number for each attempt of a particular workflow run, starting at 1.
        run_attempt => "run_attempt";
        /// The source of a secret used in the workflow: `None`, `Actions`, `Codespaces` or `Dependabot`.
        secret_source => "secret_source";
        /// The URL of the GitHub server (`https://github.com`).
        server_url => "server_url";
        /// The commit SHA that triggered the run.
        sha => "sha";
        /// Path on the runner to the file that saves action state (`$GITHUB_STATE`); set by the runner.
        state => "state";
        /// Path on the runner to the job summary file (`$GITHUB_STEP_SUMMARY`); set by the runner.
        step_summary => "step_summary";
        /// A token to authenticate on behalf of the GitHub App installed on the repository.
        token => "token";
        /// The username of the user that initiated the run (differs from `actor` on re-runs).
        triggering_actor => "triggering_actor";
        /// The name of the workflow, or its path when it has no `name`.
        workflow => "workflow";
        /// The ref path of the workflow (`octocat/hello-world/.github/workflows/my-workflow.yml@refs/heads/my_branch`).
        workflow_ref => "workflow_ref";
        /// The commit SHA of the workflow file.
        workflow_sha => "workflow_sha";
        /// The default working directory on the runner for steps.
        workspace => "workspace";
    }
}

/// The `job` context: the currently running job.
pub mod job {
    use super::Expr;

    properties! { "job":
        /// The current status of the job: `success`, `failure` or `cancelled`.
        status => "status";
        /// The check run ID of the current job.
        check_run_id => "check_run_id";
        /// Information about the job's container.
        container => "container";
        /// The ID of the job's container.
        container_id => "container.id";
        /// The ID of the job's container network.
        container_network => "container.network";
        /// The service containers of the job.
        services => "services";
        /// The full ref of the workflow file that defines the job.
        workflow_ref => "workflow_ref";
        /// The commit SHA of the workflow file that defines the job.
        workflow_sha => "workflow_sha";
        /// The `owner/repo` of the repository with the workflow file that defines the job.
        workflow_repository => "workflow_repository";
        /// The path of the workflow file that defines the job, relative to the repository root.
        workflow_file_path => "workflow_file_path";
    }

    /// `job.services.<service>.id`, the ID of a service container.
    ///
    /// ```
    /// use pipeline_core::expr::job;
    ///
    /// assert_eq!(job::service_id("redis").to_string(), "${{ job.services.redis.id }}");
    /// ```
    #[must_use]
    pub fn service_id(service: impl Into<String>) -> Expr {
        service_property(service.into(), "id")
    }

    /// `job.services.<service>.network`, the ID of a service container's network.
    ///
    /// ```
    /// use pipeline_core::expr::job;
    ///
    /// assert_eq!(job::service_network("redis").to_string(), "${{ job.services.redis.network }}");
    /// ```
    #[must_use]
    pub fn service_network(service: impl Into<String>) -> Expr {
        service_property(service.into(), "network")
    }

    /// `job.services.<service>.ports[<port>]`, the host port mapped to a container port.
    ///
    /// ```
    /// use pipeline_core::expr::job;
    ///
    /// assert_eq!(
    ///     job::service_port("postgres", 5432).to_string(),
    ///     "${{ job.services.postgres.ports[5432] }}",
    /// );
    /// ```
    #[must_use]
    pub fn service_port(service: impl Into<String>, port: u16) -> Expr {
        service_property(service.into(), "ports").index(port)
    }

    fn service_property(service: String, name: &str) -> Expr {
        Expr::context("job")
            .property("services")
            .property(service)
            .property(name)
    }
}

/// The `runner` context: the runner executing the job.
pub mod runner {
    use super::Expr;

    properties! { "runner":
        /// The name of the runner.
        name => "name";
        /// The operating system: `Linux`, `Windows` or `macOS`.
        os => "os";
        /// The architecture: `X86`, `X64`, `ARM` or `ARM64`.
        arch => "arch";
        /// The path to a temporary directory, emptied at the start and end of each job.
        temp => "temp";
        /// The path to the directory with preinstalled tools.
        tool_cache => "tool_cache";
        /// `1` when debug logging is enabled.
        debug => "debug";
        /// `github-hosted` or `self-hosted`.
        environment => "environment";
    }
}

/// The `strategy` context: the matrix execution strategy of the job.
pub mod strategy {
    use super::Expr;

    properties! { "strategy":
        /// Whether all in-progress jobs are cancelled when one matrix job fails.
        fail_fast => "fail-fast";
        /// The zero-based index of the current job in the matrix.
        job_index => "job-index";
        /// The total number of jobs in the matrix.
        job_total => "job-total";
        /// The most jobs that run at once.
        max_parallel => "max-parallel";
    }
}

/// Well-known entries of the `secrets` context; [`secrets()`](fn@crate::expr::secrets) reads any secret.
pub mod secrets {
    use super::Expr;

    /// `secrets.GITHUB_TOKEN`, the token GitHub creates for every workflow run.
    ///
    /// ```
    /// use pipeline_core::expr::secrets;
    ///
    /// assert_eq!(secrets::github_token().to_string(), "${{ secrets.GITHUB_TOKEN }}");
    /// ```
    #[must_use]
    pub fn github_token() -> Expr {
        Expr::context("secrets").property("GITHUB_TOKEN")
    }
}

fn entry(context: &str, name: String) -> Expr {
    Expr::context(context).property(name)
}

/// `env.<name>`: a variable set with `env:` in the workflow, job or step.
///
/// ```
/// use pipeline_core::expr::env;
///
/// assert_eq!(env("RUST_LOG").to_string(), "${{ env.RUST_LOG }}");
/// assert_eq!(env("has space").to_string(), "${{ env['has space'] }}");
/// ```
#[must_use]
pub fn env(name: impl Into<String>) -> Expr {
    entry("env", name.into())
}

/// `vars.<name>`: a configuration variable of the organization, repository or environment.
///
/// ```
/// use pipeline_core::expr::vars;
///
/// assert_eq!(vars("REGION").to_string(), "${{ vars.REGION }}");
/// ```
#[must_use]
pub fn vars(name: impl Into<String>) -> Expr {
    entry("vars", name.into())
}

/// `secrets.<name>`: a secret.
///
/// ```
/// use pipeline_core::expr::secrets;
///
/// assert_eq!(secrets("NPM_TOKEN").to_string(), "${{ secrets.NPM_TOKEN }}");
/// ```
#[must_use]
pub fn secrets(name: impl Into<String>) -> Expr {
    entry("secrets", name.into())
}

/// `inputs.<name>`: an input of a reusable or manually triggered workflow, or of an action.
///
/// ```
/// use pipeline_core::expr::inputs;
///
/// assert_eq!(inputs("dry-run").to_string(), "${{ inputs.dry-run }}");
/// ```
#[must_use]
pub fn inputs(name: impl Into<String>) -> Expr {
    entry("inputs", name.into())
}

/// `matrix.<key>`: a matrix value of the current job.
///
/// ```
/// use pipeline_core::expr::matrix;
///
/// assert_eq!(matrix("os").to_string(), "${{ matrix.os }}");
/// ```
#[must_use]
pub fn matrix(key: impl Into<String>) -> Expr {
    entry("matrix", key.into())
}

/// `needs.<job>`: a job the current job depends on.
///
/// ```
/// use pipeline_core::expr::{Expr, needs};
///
/// let build = needs("build");
/// assert_eq!(build.output("version").to_string(), "${{ needs.build.outputs.version }}");
/// assert_eq!(build.result().to_condition(), "needs.build.result");
/// assert_eq!(Expr::from(build).to_condition(), "needs.build");
/// ```
#[must_use]
pub fn needs(job: impl Into<String>) -> Needs {
    Needs(entry("needs", job.into()))
}

/// `steps.<id>`: a step of the current job that has an `id` and has run.
///
/// ```
/// use pipeline_core::expr::steps;
///
/// let meta = steps("meta");
/// assert_eq!(meta.output("tags").to_condition(), "steps.meta.outputs.tags");
/// assert_eq!(meta.outcome().to_condition(), "steps.meta.outcome");
/// ```
#[must_use]
pub fn steps(id: impl Into<String>) -> Steps {
    Steps(entry("steps", id.into()))
}

/// `jobs.<job>`: a job of a reusable workflow, for the workflow's own outputs.
///
/// ```
/// use pipeline_core::expr::jobs;
///
/// assert_eq!(jobs("build").output("digest").to_condition(), "jobs.build.outputs.digest");
/// ```
#[must_use]
pub fn jobs(job: impl Into<String>) -> Jobs {
    Jobs(entry("jobs", job.into()))
}

/// A job in the `needs` context; made by [`needs()`].
///
/// ```
/// use pipeline_core::expr::needs;
///
/// assert_eq!(needs("test").outputs().to_condition(), "needs.test.outputs");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Needs(Expr);

impl Needs {
    /// `needs.<job>.outputs.<name>`.
    ///
    /// ```
    /// use pipeline_core::expr::needs;
    ///
    /// assert_eq!(needs("a").output("b").to_condition(), "needs.a.outputs.b");
    /// ```
    #[must_use]
    pub fn output(&self, name: impl Into<String>) -> Expr {
        self.outputs().property(name.into())
    }

    /// `needs.<job>.outputs`.
    ///
    /// ```
    /// use pipeline_core::expr::needs;
    ///
    /// assert_eq!(needs("a").outputs().to_condition(), "needs.a.outputs");
    /// ```
    #[must_use]
    pub fn outputs(&self) -> Expr {
        self.0.clone().property("outputs")
    }

    /// `needs.<job>.result`: `success`, `failure`, `cancelled` or `skipped`.
    ///
    /// ```
    /// use pipeline_core::expr::needs;
    ///
    /// assert_eq!(needs("a").result().eq("success").to_condition(), "needs.a.result == 'success'");
    /// ```
    #[must_use]
    pub fn result(&self) -> Expr {
        self.0.clone().property("result")
    }
}

impl From<Needs> for Expr {
    fn from(needs: Needs) -> Self {
        needs.0
    }
}

/// A step in the `steps` context; made by [`steps()`].
///
/// ```
/// use pipeline_core::expr::steps;
///
/// assert_eq!(steps("s").conclusion().to_condition(), "steps.s.conclusion");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Steps(Expr);

impl Steps {
    /// `steps.<id>.outputs.<name>`.
    ///
    /// ```
    /// use pipeline_core::expr::steps;
    ///
    /// assert_eq!(steps("s").output("o").to_condition(), "steps.s.outputs.o");
    /// ```
    #[must_use]
    pub fn output(&self, name: impl Into<String>) -> Expr {
        self.outputs().property(name.into())
    }

    /// `steps.<id>.outputs`.
    ///
    /// ```
    /// use pipeline_core::expr::steps;
    ///
    /// assert_eq!(steps("s").outputs().to_condition(), "steps.s.outputs");
    /// ```
    #[must_use]
    pub fn outputs(&self) -> Expr {
        self.0.clone().property("outputs")
    }

    /// `steps.<id>.outcome`: the result before `continue-on-error` applies.
    ///
    /// ```
    /// use pipeline_core::expr::steps;
    ///
    /// assert_eq!(steps("s").outcome().to_condition(), "steps.s.outcome");
    /// ```
    #[must_use]
    pub fn outcome(&self) -> Expr {
        self.0.clone().property("outcome")
    }

    /// `steps.<id>.conclusion`: the result after `continue-on-error` applies.
    ///
    /// ```
    /// use pipeline_core::expr::steps;
    ///
    /// assert_eq!(steps("s").conclusion().to_condition(), "steps.s.conclusion");
    /// ```
    #[must_use]
    pub fn conclusion(&self) -> Expr {
        self.0.clone().property("conclusion")
    }
}

impl From<Steps> for Expr {
    fn from(steps: Steps) -> Self {
        steps.0
    }
}

/// A job in the `jobs` context of a reusable workflow; made by [`jobs()`].
///
/// ```
/// use pipeline_core::expr::jobs;
///
/// assert_eq!(jobs("j").result().to_condition(), "jobs.j.result");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Jobs(Expr);

impl Jobs {
    /// `jobs.<job>.outputs.<name>`.
    ///
    /// ```
    /// use pipeline_core::expr::jobs;
    ///
    /// assert_eq!(jobs("j").output("o").to_condition(), "jobs.j.outputs.o");
    /// ```
    #[must_use]
    pub fn output(&self, name: impl Into<String>) -> Expr {
        self.outputs().property(name.into())
    }

    /// `jobs.<job>.outputs`.
    ///
    /// ```
    /// use pipeline_core::expr::jobs;
    ///
    /// assert_eq!(jobs("j").outputs().to_condition(), "jobs.j.outputs");
    /// ```
    #[must_use]
    pub fn outputs(&self) -> Expr {
        self.0.clone().property("outputs")
    }

    /// `jobs.<job>.result`: `success`, `failure`, `cancelled` or `skipped`.
    ///
    /// ```
    /// use pipeline_core::expr::jobs;
    ///
    /// assert_eq!(jobs("j").result().to_condition(), "jobs.j.result");
    /// ```
    #[must_use]
    pub fn result(&self) -> Expr {
        self.0.clone().property("result")
    }
}

impl From<Jobs> for Expr {
    fn from(jobs: Jobs) -> Self {
        jobs.0
    }
}
