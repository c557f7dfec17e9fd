//! A pipeline of several files as one value: what a template crate returns and a consumer customises.
//!
//! A company's standard pipeline is rarely one file: CI and release workflows share jobs, and a local
//! action or two go with them. A [`Pipeline`] holds those files with their paths, the template's action
//! pins (laid under the consumer's pins file, see [`Pins::layered`]), the problems the template found in
//! its parameters, and checks of its own that run with the SDK's validation. The consumer edits the files
//! in place ([`Pipeline::workflow_mut`], then the edits of [`crate::model::Workflow`]) and hands the whole
//! value to [`Generator::pipeline`](crate::generate::Generator::pipeline) in one call.
//!
//! ```
//! use pipeline_sdk::generate::Generator;
//! use pipeline_sdk::model::{Job, Step, Workflow};
//! use pipeline_sdk::pipeline::Pipeline;
//! use pipeline_sdk::validate::{Diagnostic, Severity};
//!
//! /// The template: `#[track_caller]`, so what it reports points at the consumer's call.
//! #[track_caller]
//! fn service(name: &str) -> Pipeline {
//!     let mut pipeline = Pipeline::new();
//!     if name.is_empty() {
//!         pipeline.report(Diagnostic::new("service-name", Severity::Error, "the service name is empty").at_caller());
//!     }
//!     pipeline.workflow(
//!         ".github/workflows/ci.yml",
//!         Workflow::new("CI").job("build", Job::new("ubuntu-latest").step(Step::run("make").label("make"))),
//!     );
//!     pipeline.check("service-timeouts", |_, workflow| {
//!         workflow
//!             .jobs
//!             .iter()
//!             .filter(|(_, job)| job.timeout_minutes.is_none())
//!             .map(|(id, _)| Diagnostic::new("service-timeouts", Severity::Warning, format!("job `{id}` has no timeout")))
//!             .collect()
//!     });
//!     pipeline
//! }
//!
//! // The consumer.
//! let mut ci = service("billing");
//! ci.workflow_mut(".github/workflows/ci.yml")?.modify_job("build", |job| job.timeout_minutes(20))?;
//! let generator = Generator::new(".").pipeline(ci);
//! let codes: Vec<_> = generator.validate().into_iter().flat_map(|(_, d)| d.into_vec()).map(|d| d.code).collect();
//! assert!(!codes.contains(&"service-timeouts") && !codes.contains(&"service-name"));
//!
//! let broken = Generator::new(".").pipeline(service(""));
//! let all: Vec<_> = broken.validate().into_iter().flat_map(|(_, d)| d.into_vec()).collect();
//! assert!(all.iter().any(|d| d.code == "service-name" && d.location.as_ref().unwrap().line == line!() - 2));
//! assert!(all.iter().any(|d| d.code == "service-timeouts"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::model::{Action, EditError, Workflow};
use crate::pins::Pins;
use crate::validate::Diagnostic;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A check a template runs over each workflow of the set: the file's path and the workflow as it will
/// be written (after the consumer's edits), returning diagnostics with the template's own codes.
pub type Check = dyn Fn(&Path, &Workflow) -> Vec<Diagnostic> + Send + Sync;

/// A [`Check`] with the name it was registered under.
#[derive(Clone)]
pub(crate) struct NamedCheck {
    pub(crate) name: &'static str,
    pub(crate) run: Arc<Check>,
}

impl fmt::Debug for NamedCheck {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}

/// Several workflow and action files, their pins, and a template's own findings and checks.
///
/// ```
/// use pipeline_sdk::model::{Action, Workflow};
/// use pipeline_sdk::pipeline::Pipeline;
/// let mut p = Pipeline::new();
/// p.workflow(".github/workflows/ci.yml", Workflow::new("CI"))
///     .workflow(".github/workflows/release.yml", Workflow::new("Release"))
///     .action(".github/actions/setup/action.yml", Action::composite("Setup", "Installs the tools"));
/// assert_eq!(p.workflows().count(), 2);
/// assert_eq!(p.actions().count(), 1);
/// ```
#[derive(Clone, Debug, Default)]
pub struct Pipeline {
    pub(crate) workflows: Vec<(PathBuf, Workflow)>,
    pub(crate) actions: Vec<(PathBuf, Action)>,
    pub(crate) pins: Pins,
    pub(crate) reports: Vec<Diagnostic>,
    pub(crate) checks: Vec<NamedCheck>,
    /// Where the pipeline was asked for: the consumer's line when the template function that calls
    /// [`Pipeline::new`] is `#[track_caller]`.
    pub(crate) origin: Option<&'static std::panic::Location<'static>>,
}

/// A path the pipeline has no file at.
///
/// ```
/// let error = pipeline_sdk::pipeline::Pipeline::new().workflow_mut("ci.yml").unwrap_err();
/// assert_eq!(error.to_string(), "no workflow at `ci.yml` in the pipeline");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PipelineError {
    /// No workflow or action is registered at this path.
    #[error("no {kind} at `{path}` in the pipeline")]
    UnknownFile {
        /// `workflow` or `action`.
        kind: &'static str,
        /// The path asked for.
        path: String,
    },
    /// An edit of a workflow named a job or step it does not have.
    #[error(transparent)]
    Edit(#[from] EditError),
}

impl Pipeline {
    /// An empty pipeline. It remembers the line that asked for it: from a `#[track_caller]` template
    /// function, the consumer's. Findings on what the template built are reported there, with the
    /// template's own line as a related place.
    #[must_use]
    #[track_caller]
    pub fn new() -> Self {
        Self {
            origin: Some(std::panic::Location::caller()),
            ..Self::default()
        }
    }

    /// Adds a workflow at `path`, or replaces the one there.
    pub fn workflow(&mut self, path: impl Into<PathBuf>, workflow: Workflow) -> &mut Self {
        let path = path.into();
        match self.workflows.iter_mut().find(|(p, _)| same(p, &path)) {
            Some(slot) => slot.1 = workflow,
            None => self.workflows.push((path, workflow)),
        }
        self
    }

    /// Adds an action's metadata at `path`, or replaces the one there.
    pub fn action(&mut self, path: impl Into<PathBuf>, action: Action) -> &mut Self {
        let path = path.into();
        match self.actions.iter_mut().find(|(p, _)| same(p, &path)) {
            Some(slot) => slot.1 = action,
            None => self.actions.push((path, action)),
        }
        self
    }

    /// The workflow at `path`, to edit in place.
    ///
    /// # Errors
    /// [`PipelineError::UnknownFile`] when no workflow is at `path`.
    ///
    /// ```
    /// use pipeline_sdk::model::{Job, Workflow};
    /// use pipeline_sdk::pipeline::Pipeline;
    /// let mut p = Pipeline::new();
    /// p.workflow("ci.yml", Workflow::new("CI").job("a", Job::new("ubuntu-latest")));
    /// p.workflow_mut("./ci.yml")?.remove_job("a")?;
    /// assert!(p.workflows().next().unwrap().1.jobs.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn workflow_mut(&mut self, path: impl AsRef<Path>) -> Result<&mut Workflow, PipelineError> {
        let path = path.as_ref();
        self.workflows
            .iter_mut()
            .find(|(p, _)| same(p, path))
            .map(|(_, w)| w)
            .ok_or_else(|| PipelineError::UnknownFile {
                kind: "workflow",
                path: path.display().to_string(),
            })
    }

    /// The action at `path`, to edit in place.
    ///
    /// # Errors
    /// [`PipelineError::UnknownFile`] when no action is at `path`.
    pub fn action_mut(&mut self, path: impl AsRef<Path>) -> Result<&mut Action, PipelineError> {
        let path = path.as_ref();
        self.actions
            .iter_mut()
            .find(|(p, _)| same(p, path))
            .map(|(_, a)| a)
            .ok_or_else(|| PipelineError::UnknownFile {
                kind: "action",
                path: path.display().to_string(),
            })
    }

    /// Removes the workflow or action at `path` (a stage the consumer does not want).
    ///
    /// # Errors
    /// [`PipelineError::UnknownFile`] when nothing is at `path`.
    ///
    /// ```
    /// use pipeline_sdk::model::Workflow;
    /// let mut p = pipeline_sdk::pipeline::Pipeline::new();
    /// p.workflow("a.yml", Workflow::new("A"));
    /// p.remove("a.yml")?;
    /// assert!(p.remove("a.yml").is_err());
    /// # Ok::<(), pipeline_sdk::pipeline::PipelineError>(())
    /// ```
    pub fn remove(&mut self, path: impl AsRef<Path>) -> Result<(), PipelineError> {
        let path = path.as_ref();
        let before = self.workflows.len() + self.actions.len();
        self.workflows.retain(|(p, _)| !same(p, path));
        self.actions.retain(|(p, _)| !same(p, path));
        if self.workflows.len() + self.actions.len() == before {
            return Err(PipelineError::UnknownFile {
                kind: "workflow or action",
                path: path.display().to_string(),
            });
        }
        Ok(())
    }

    /// The workflows with their paths, in the order added.
    pub fn workflows(&self) -> impl Iterator<Item = (&Path, &Workflow)> {
        self.workflows.iter().map(|(p, w)| (p.as_path(), w))
    }

    /// The actions with their paths, in the order added.
    pub fn actions(&self) -> impl Iterator<Item = (&Path, &Action)> {
        self.actions.iter().map(|(p, a)| (p.as_path(), a))
    }

    /// The template's pins: the lowest layer, under any pins file the consumer gives the generator.
    ///
    /// ```
    /// use pipeline_sdk::pins::Pins;
    /// let mut p = pipeline_sdk::pipeline::Pipeline::new();
    /// p.pins(Pins::parse("actions/checkout@v5\n").unwrap());
    /// assert_eq!(p.pinned().get("actions/checkout").unwrap().git_ref, "v5");
    /// ```
    pub fn pins(&mut self, pins: Pins) -> &mut Self {
        self.pins = std::mem::take(&mut self.pins).layered(&pins);
        self
    }

    /// The pins the template set.
    #[must_use]
    pub fn pinned(&self) -> &Pins {
        &self.pins
    }

    /// Records a problem the template found (in its parameters, say). The generator reports it with
    /// the SDK's own findings and, when it is an error, writes nothing. Place it with
    /// [`Diagnostic::at_caller`] from a `#[track_caller]` template function so it names the consumer's
    /// line.
    pub fn report(&mut self, diagnostic: Diagnostic) -> &mut Self {
        self.reports.push(diagnostic);
        self
    }

    /// The problems reported so far.
    #[must_use]
    pub fn reported(&self) -> &[Diagnostic] {
        &self.reports
    }

    /// Registers a check of the template's own, run over every workflow when the generator validates.
    pub fn check(
        &mut self,
        name: &'static str,
        check: impl Fn(&Path, &Workflow) -> Vec<Diagnostic> + Send + Sync + 'static,
    ) -> &mut Self {
        self.checks.push(NamedCheck {
            name,
            run: Arc::new(check),
        });
        self
    }
}

/// Whether two registered paths name the same file (`./a//b.yml` is `a/b.yml`), as the generator
/// compares them.
fn same(a: &Path, b: &Path) -> bool {
    crate::generate::path_key(a) == crate::generate::path_key(b)
}
