//! The company pipeline: the stages assembled into one workflow, with the jobs wired together.

use crate::deploy::{self, StagedDeploy};
use crate::docker::ImageBuild;
use crate::quality::{NodeGate, RustGate};
use crate::security::SecurityScans;
use crate::terraform::Terraform;
use pipeline_sdk::generate::Generator;
use pipeline_sdk::model::{Concurrency, Job, JobRef, OneOrMany, Permissions, Trigger, Workflow};
use pipeline_sdk::pipeline::Pipeline as SdkPipeline;
use pipeline_sdk::validate::{Diagnostic, Location, Severity};
use std::process::ExitCode;

/// Where the generator writes the pipeline's workflow.
///
/// ```
/// assert_eq!(pipeline_templates::WORKFLOW_FILE, ".github/workflows/ci-cd.yml");
/// ```
pub const WORKFLOW_FILE: &str = ".github/workflows/ci-cd.yml";

/// A stage of the company pipeline, to remove with [`Pipeline::without`].
///
/// ```
/// use pipeline_templates::{Pipeline, Stage};
/// let pipeline = Pipeline::node("Web", "22").without(Stage::Terraform);
/// assert!(!pipeline.job_ids().any(|id| id.starts_with("terraform")));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Stage {
    /// The quality gate: job `quality`.
    Quality,
    /// The image build and scan: job `build`. Removing it removes the deploy too, which deploys the image.
    Build,
    /// The security scans: job `security`.
    Security,
    /// Terraform: jobs `terraform-plan` and `terraform-apply`.
    Terraform,
    /// The staged deploy: one job `deploy-<stage>` per environment.
    Deploy,
}

/// A problem in how a pipeline was put together.
///
/// ```
/// use pipeline_templates::{Pipeline, TemplateError};
/// let error = Pipeline::node("Web", "22").customize("qualty", |job| job).workflow().unwrap_err();
/// assert!(matches!(error, TemplateError::UnknownJob { .. }));
/// assert!(error.to_string().starts_with("no job `qualty` in the pipeline"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TemplateError {
    /// [`Pipeline::customize`] named a job the pipeline does not have.
    #[error("no job `{id}` in the pipeline; its jobs are: {known}")]
    UnknownJob {
        /// The id as given.
        id: String,
        /// The pipeline's job ids, comma-separated.
        known: String,
    },
    /// The pipeline deploys, but builds no image to deploy.
    #[error(
        "the deploy stage deploys the image of the build stage; add `build(..)` or remove `Stage::Deploy`"
    )]
    DeployWithoutBuild,
}

/// The company pipeline: quality gate, image build with scan, security scans, Terraform, and a staged
/// deploy with rollback, as one workflow. Every stage is a template with parameters; every job stays plain
/// data a team can adapt ([`Pipeline::customize`]) or drop ([`Pipeline::without`]) without a fork.
///
/// It runs on pushes to main, on pull requests and by hand; the workflow grants no permissions and each
/// job asks for its own; a new push to a pull request cancels the run it replaces.
///
/// ```
/// use pipeline_sdk::model::Step;
/// use pipeline_templates::deploy::{DeployStage, StagedDeploy};
/// use pipeline_templates::{Pipeline, Stage};
///
/// let workflow = Pipeline::node("Shop", "22")
///     .deploy(StagedDeploy::new().stage(DeployStage::new("staging", "https://staging.shop.example.com")))
///     .customize("quality", |job| job.step(Step::run("npm run docs:check")))
///     .without(Stage::Terraform)
///     .workflow()
///     .unwrap();
/// assert_eq!(workflow.jobs.keys().collect::<Vec<_>>(), ["quality", "build", "security", "deploy-staging"]);
/// assert!(!pipeline_sdk::validate::validate(&workflow).has_errors());
/// ```
#[derive(Clone, Debug)]
#[must_use]
pub struct Pipeline {
    name: String,
    jobs: Vec<(String, Stage, Job)>,
    /// Each mistake in the template's use, with the consumer's line that made it.
    errors: Vec<(TemplateError, &'static std::panic::Location<'static>)>,
}

impl Pipeline {
    /// A pipeline named `name` with no stages yet.
    ///
    /// ```
    /// let pipeline = pipeline_templates::Pipeline::new("CI");
    /// assert_eq!(pipeline.job_ids().count(), 0);
    /// ```
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            jobs: Vec::new(),
            errors: Vec::new(),
        }
    }

    /// The company pipeline for a Node.js service on `node_version`: Node quality gate, image in GitHub's
    /// registry, CodeQL, Snyk and an infrastructure scan, Terraform in `infra/`. Add the deploy with
    /// [`Pipeline::deploy`].
    ///
    /// ```
    /// let pipeline = pipeline_templates::Pipeline::node("Web", "22");
    /// assert_eq!(pipeline.job_ids().collect::<Vec<_>>(), ["quality", "build", "security", "terraform-plan", "terraform-apply"]);
    /// ```
    pub fn node(name: impl Into<String>, node_version: impl Into<String>) -> Self {
        Self::new(name)
            .quality(NodeGate::new(node_version).job())
            .build(ImageBuild::ghcr())
            .security(
                SecurityScans::new()
                    .codeql(["javascript-typescript"])
                    .snyk()
                    .iac("infra"),
            )
            .terraform(Terraform::new("infra"))
    }

    /// The company pipeline for a Rust service: Rust quality gate, image in GitHub's registry, CodeQL and an
    /// infrastructure scan, Terraform in `infra/`.
    ///
    /// ```
    /// let pipeline = pipeline_templates::Pipeline::rust("API");
    /// assert_eq!(pipeline.job_ids().next(), Some("quality"));
    /// ```
    pub fn rust(name: impl Into<String>) -> Self {
        Self::new(name)
            .quality(RustGate::new().job())
            .build(ImageBuild::ghcr())
            .security(SecurityScans::new().codeql(["rust"]).iac("infra"))
            .terraform(Terraform::new("infra"))
    }

    /// Puts `jobs` in place of `stage`'s jobs, where they were, or at the end.
    fn set(mut self, stage: Stage, jobs: Vec<(String, Job)>) -> Self {
        let at = self
            .jobs
            .iter()
            .position(|(_, s, _)| *s == stage)
            .unwrap_or(self.jobs.len());
        self.jobs.retain(|(_, s, _)| *s != stage);
        let at = at.min(self.jobs.len());
        self.jobs
            .splice(at..at, jobs.into_iter().map(|(id, job)| (id, stage, job)));
        self
    }

    /// Sets the quality gate to `job` (from [`NodeGate`], [`RustGate`], or your own).
    ///
    /// ```
    /// use pipeline_templates::{Pipeline, quality::RustGate};
    /// let pipeline = Pipeline::new("API").quality(RustGate::new().toolchain("1.88").job());
    /// assert_eq!(pipeline.job_ids().collect::<Vec<_>>(), ["quality"]);
    /// ```
    pub fn quality(self, job: Job) -> Self {
        self.set(Stage::Quality, vec![("quality".to_owned(), job)])
    }

    /// Sets the image build; it runs after the quality gate.
    ///
    /// ```
    /// use pipeline_templates::{Pipeline, docker::ImageBuild};
    /// let pipeline = Pipeline::node("Web", "22").build(ImageBuild::ghcr().context("web"));
    /// # let _ = pipeline;
    /// ```
    pub fn build(self, build: ImageBuild) -> Self {
        let job = build.job().needs("quality");
        self.set(Stage::Build, vec![("build".to_owned(), job)])
    }

    /// Sets the security scans.
    ///
    /// ```
    /// use pipeline_templates::{Pipeline, security::SecurityScans};
    /// let pipeline = Pipeline::node("Web", "22").security(SecurityScans::new().codeql(["javascript-typescript"]));
    /// # let _ = pipeline;
    /// ```
    pub fn security(self, scans: SecurityScans) -> Self {
        self.set(Stage::Security, vec![("security".to_owned(), scans.job())])
    }

    /// Sets the Terraform stage.
    ///
    /// ```
    /// use pipeline_templates::{Pipeline, terraform::Terraform};
    /// let pipeline = Pipeline::node("Web", "22").terraform(Terraform::new("deploy/terraform").var_file("prod.tfvars"));
    /// # let _ = pipeline;
    /// ```
    pub fn terraform(self, terraform: Terraform) -> Self {
        self.set(Stage::Terraform, terraform.jobs().into())
    }

    /// Sets the staged deploy; its first stage runs after the build and the security scans.
    ///
    /// ```
    /// use pipeline_templates::Pipeline;
    /// use pipeline_templates::deploy::{DeployStage, StagedDeploy};
    /// let pipeline = Pipeline::node("Web", "22").deploy(
    ///     StagedDeploy::new()
    ///         .stage(DeployStage::new("staging", "https://staging.example.com"))
    ///         .stage(DeployStage::new("production", "https://example.com").on_branch("main")),
    /// );
    /// assert!(pipeline.job_ids().any(|id| id == "deploy-production"));
    /// ```
    pub fn deploy(self, deploy: StagedDeploy) -> Self {
        let mut jobs = deploy.jobs(&JobRef::new("build"));
        if let Some((_, first)) = jobs.first_mut() {
            *first = std::mem::take(first).needs("security");
        }
        self.set(Stage::Deploy, jobs)
    }

    /// Removes a stage's jobs; the jobs that needed them no longer do.
    ///
    /// ```
    /// use pipeline_templates::{Pipeline, Stage};
    /// let workflow = Pipeline::node("Web", "22").without(Stage::Quality).workflow().unwrap();
    /// assert!(workflow.jobs["build"].needs.is_none());
    /// ```
    pub fn without(mut self, stage: Stage) -> Self {
        self.jobs
            .retain(|(_, s, _)| *s != stage && !(stage == Stage::Build && *s == Stage::Deploy));
        self
    }

    /// Changes the job `id` with `change`: another runner, an extra step, a longer timeout. Naming a job
    /// the pipeline does not have is reported by [`Pipeline::workflow`].
    ///
    /// ```
    /// use pipeline_sdk::model::Step;
    /// let workflow = pipeline_templates::Pipeline::node("Web", "22")
    ///     .customize("quality", |job| job.runs_on("ubuntu-22.04").step(Step::run("npm run docs:check")))
    ///     .workflow()
    ///     .unwrap();
    /// assert_eq!(workflow.jobs["quality"].runs_on.as_ref().unwrap().labels().collect::<Vec<_>>(), ["ubuntu-22.04"]);
    /// ```
    #[track_caller]
    pub fn customize(mut self, id: &str, change: impl FnOnce(Job) -> Job) -> Self {
        match self.jobs.iter_mut().find(|(job_id, _, _)| job_id == id) {
            Some((_, _, job)) => *job = change(std::mem::take(job)),
            None => {
                let known = self.job_ids().collect::<Vec<_>>().join(", ");
                self.errors.push((
                    TemplateError::UnknownJob {
                        id: id.to_owned(),
                        known,
                    },
                    std::panic::Location::caller(),
                ));
            }
        }
        self
    }

    /// The ids of the pipeline's jobs, in order.
    ///
    /// ```
    /// let pipeline = pipeline_templates::Pipeline::rust("API");
    /// assert_eq!(pipeline.job_ids().count(), 5);
    /// ```
    pub fn job_ids(&self) -> impl Iterator<Item = &str> {
        self.jobs.iter().map(|(id, _, _)| id.as_str())
    }

    /// The workflow, or the first problem in how the pipeline was put together.
    ///
    /// # Errors
    /// A [`Pipeline::customize`] of a job the pipeline does not have, or a deploy without a build.
    ///
    /// ```
    /// let workflow = pipeline_templates::Pipeline::rust("API").workflow().unwrap();
    /// assert_eq!(workflow.name.as_deref(), Some("API"));
    /// ```
    pub fn workflow(&self) -> Result<Workflow, TemplateError> {
        if let Some((error, _)) = self.errors.first() {
            return Err(error.clone());
        }
        let has = |stage: Stage| self.jobs.iter().any(|(_, s, _)| *s == stage);
        if has(Stage::Deploy) && !has(Stage::Build) {
            return Err(TemplateError::DeployWithoutBuild);
        }
        Ok(self.assemble())
    }

    /// The workflow of the stages as they are, mistakes and all.
    fn assemble(&self) -> Workflow {
        let ids: Vec<&str> = self.job_ids().collect();
        let mut workflow = Workflow::new(self.name.as_str())
            .on(Trigger::push().branches(["main"]))
            .on(Trigger::pull_request())
            .on(Trigger::workflow_dispatch())
            .permissions(Permissions::none())
            .concurrency(
                Concurrency::group(format!("{}-${{{{ github.ref }}}}", slug(&self.name)))
                    .cancel_in_progress("${{ github.event_name == 'pull_request' }}"),
            );
        for (id, _, job) in &self.jobs {
            let mut job = job.clone();
            // Needs on removed stages are dropped; one that is left is written `needs: x`.
            let needs: Vec<String> = job
                .needed_jobs()
                .filter(|need| ids.contains(need))
                .map(str::to_owned)
                .collect();
            job.needs = match needs.len() {
                0 => None,
                1 => needs.into_iter().next().map(OneOrMany::One),
                _ => Some(OneOrMany::Many(needs)),
            };
            workflow = workflow.job(id.as_str(), job);
        }
        workflow
    }

    /// The pipeline as the SDK's value of several files, for a consumer to edit in place and hand to
    /// [`Generator::pipeline`] in one call: the workflow at [`WORKFLOW_FILE`], the Smart Deploy action
    /// when it deploys, the templates' pins ([`pins::defaults`](crate::pins::defaults)) as the lowest
    /// layer, every mistake in the template's use reported at the consumer's line that made it, and the
    /// company's own check (every job has `timeout-minutes`), which runs after the consumer's edits.
    ///
    /// ```
    /// use pipeline_sdk::generate::Generator;
    /// use pipeline_sdk::model::Step;
    /// use pipeline_templates::{Pipeline, WORKFLOW_FILE};
    ///
    /// let mut pipeline = Pipeline::rust("API").into_pipeline();
    /// pipeline
    ///     .workflow_mut(WORKFLOW_FILE)?
    ///     .job_mut("quality")?
    ///     .insert_step_after("checkout", Step::run("git lfs pull").name("LFS"))?;
    /// let generator = Generator::new(".").pipeline(pipeline);
    /// assert!(generator.render()?[0].1.contains("git lfs pull"));
    ///
    /// let broken = Pipeline::rust("API").customize("qualty", |job| job).into_pipeline();
    /// let line = line!() - 1;
    /// let found: Vec<_> = Generator::new(".").pipeline(broken).validate().into_iter().flat_map(|(_, d)| d.into_vec()).collect();
    /// let unknown = found.iter().find(|d| d.code == "template-unknown-job").unwrap();
    /// assert_eq!(unknown.location.as_ref().unwrap().line, line);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[track_caller]
    pub fn into_pipeline(self) -> SdkPipeline {
        let mut out = SdkPipeline::new();
        out.pins(crate::pins::defaults());
        if self.name.trim().is_empty() {
            out.report(
                Diagnostic::new(
                    "template-name",
                    Severity::Error,
                    "the pipeline's name is empty; it names the workflow and its concurrency group",
                )
                .at_caller(),
            );
        }
        let has = |stage: Stage| self.jobs.iter().any(|(_, s, _)| *s == stage);
        if has(Stage::Deploy) && !has(Stage::Build) {
            out.report(
                Diagnostic::new(
                    "template-deploy-needs-build",
                    Severity::Error,
                    TemplateError::DeployWithoutBuild.to_string(),
                )
                .at_caller(),
            );
        }
        for (error, at) in &self.errors {
            let mut diagnostic =
                Diagnostic::new("template-unknown-job", Severity::Error, error.to_string());
            diagnostic.location = Some(Location {
                file: at.file().to_owned(),
                line: at.line(),
                column: at.column(),
            });
            out.report(diagnostic);
        }
        out.workflow(WORKFLOW_FILE, self.assemble());
        if has(Stage::Deploy) {
            out.action(deploy::ACTION_FILE, deploy::action());
        }
        out.check("template-timeouts", |_, workflow| {
            workflow
                .jobs
                .iter()
                .filter(|(_, job)| !job.is_call() && job.timeout_minutes.is_none())
                .map(|(id, job)| {
                    let mut diagnostic = Diagnostic::new(
                        "template-timeouts",
                        Severity::Warning,
                        format!("job `{id}` has no timeout-minutes; the company standard sets one on every job"),
                    );
                    diagnostic.location = job.origin.location().map(|at| Location {
                        file: at.file().to_owned(),
                        line: at.line(),
                        column: at.column(),
                    });
                    diagnostic
                })
                .collect()
        });
        out
    }

    /// A generator for `root` holding the workflow (at [`WORKFLOW_FILE`]) and, when the pipeline deploys,
    /// the Smart Deploy action (at [`deploy::ACTION_FILE`]): `cargo xtask workflows` in one call.
    ///
    /// # Errors
    /// As [`Pipeline::workflow`].
    ///
    /// ```
    /// let files = pipeline_templates::Pipeline::rust("API").generator(".").unwrap().render().unwrap();
    /// assert_eq!(files.len(), 1);
    /// ```
    #[track_caller]
    pub fn generator(
        &self,
        root: impl Into<std::path::PathBuf>,
    ) -> Result<Generator, TemplateError> {
        self.workflow()?;
        Ok(Generator::new(root).pipeline(self.clone().into_pipeline()))
    }

    /// Runs the generator's subcommand `args` (`workflows [--check] [--prune]`, `check`, `graph`) for
    /// `root`, as an xtask's `main` does; a problem in the pipeline is printed and fails.
    ///
    /// ```no_run
    /// fn main() -> std::process::ExitCode {
    ///     pipeline_templates::Pipeline::rust("API").run(".", std::env::args().skip(1))
    /// }
    /// ```
    pub fn run<I, S>(&self, root: impl Into<std::path::PathBuf>, args: I) -> ExitCode
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        match self.generator(root) {
            Ok(generator) => generator.run(args),
            Err(error) => {
                eprintln!("error: {error}");
                ExitCode::FAILURE
            }
        }
    }
}

/// The name in lowercase with dashes, for a concurrency group.
fn slug(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_owned()
}
