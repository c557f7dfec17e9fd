//! Editing a workflow in place: what a template's consumer does to the jobs and steps it was handed.
//!
//! Builders consume `self`, which suits building; a template's consumer instead has a finished
//! [`Workflow`] and wants one change: a step after the checkout, another runner for one job, a stage
//! removed. These methods find jobs by id and steps by their key (the step's `id`, or a [`Label`] that is
//! kept in the model and never written to the YAML), change them where they are, and report a missing
//! job or step as an [`EditError`] with the keys that do exist.
//!
//! Every edit is `#[track_caller]`: the job or step it changes takes the edit's Rust location as its
//! [`Origin`], so a diagnostic about what the consumer changed points at the consumer's line, not at the
//! template's.
//!
//! ```
//! use pipeline_core::model::{Job, Step, Workflow};
//!
//! // What a template returns.
//! let mut ci = Workflow::new("CI").job(
//!     "build",
//!     Job::new("ubuntu-latest")
//!         .step(Step::checkout().label("checkout"))
//!         .step(Step::run("cargo build").id("build")),
//! );
//!
//! // What the consumer changes.
//! ci.modify_job("build", |job| job.runs_on("ubuntu-24.04-arm"))?;
//! let build = ci.job_mut("build")?;
//! build.insert_step_after("checkout", Step::run("git submodule update --init"))?;
//! build.modify_step("build", |step| step.env("RUSTFLAGS", "-D warnings"))?;
//!
//! let steps = ci.jobs["build"].steps.as_ref().unwrap();
//! assert_eq!(steps[1].run.as_deref(), Some("git submodule update --init"));
//! assert!(steps[2].env.is_some());
//! # Ok::<(), pipeline_core::model::EditError>(())
//! ```

use super::{Job, JobRef, OneOrMany, Origin, Step, Workflow};
use crate::expr::{Ast, Part, Template, parse_condition};

/// A step's name for edits when it has no `id`: kept in the model, never written to the YAML.
///
/// Labels, like [`Origin`]s, never take part in equality: a model built in Rust equals the same model read
/// back from its YAML, which has no labels.
///
/// ```
/// use pipeline_core::model::Step;
/// let step = Step::checkout().label("checkout");
/// assert_eq!(step.label.get(), Some("checkout"));
/// assert_eq!(step, Step::checkout());
/// ```
#[derive(Clone, Debug, Default)]
pub struct Label(Option<String>);

impl Label {
    /// The label, if one was set.
    ///
    /// ```
    /// assert_eq!(pipeline_core::model::Label::default().get(), None);
    /// ```
    #[must_use]
    pub fn get(&self) -> Option<&str> {
        self.0.as_deref()
    }
}

impl PartialEq for Label {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

/// An edit that names a job or step the workflow does not have.
///
/// ```
/// use pipeline_core::model::{Job, Workflow};
/// let mut ci = Workflow::new("CI").job("build", Job::new("ubuntu-latest"));
/// let error = ci.job_mut("biuld").unwrap_err();
/// assert_eq!(error.to_string(), "no job `biuld` in the workflow (did you mean `build`?)");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    /// No job has this id.
    #[error("no job `{id}` in the workflow{}", hint(suggestion.as_deref(), known))]
    UnknownJob {
        /// The id asked for.
        id: String,
        /// The closest existing id, when one is a likely typo.
        suggestion: Option<String>,
        /// Every job id of the workflow.
        known: Vec<String>,
    },
    /// No step of the job has this `id` or label.
    #[error("no step `{key}` in the job{}", hint(suggestion.as_deref(), known))]
    UnknownStep {
        /// The step key asked for.
        key: String,
        /// The closest existing key, when one is a likely typo.
        suggestion: Option<String>,
        /// The keys of the job's steps (ids and labels).
        known: Vec<String>,
    },
    /// A job with this id already exists.
    #[error("the workflow already has a job `{id}`")]
    DuplicateJob {
        /// The id.
        id: String,
    },
}

/// ` (did you mean `x`?)`, else ` (it has: a, b)`, else nothing.
fn hint(suggestion: Option<&str>, known: &[String]) -> String {
    match suggestion {
        Some(s) => format!(" (did you mean `{s}`?)"),
        None if known.is_empty() => String::new(),
        None => format!(" (it has: {})", known.join(", ")),
    }
}

/// A place that still reads `needs.<id>` of a job that [`Workflow::remove_job`] removed.
///
/// ```
/// use pipeline_core::model::{Job, Step, Workflow};
/// let mut w = Workflow::new("Release");
/// let build = w.add_job("build", Job::new("ubuntu-latest").output("v", "1"));
/// w.add_job("publish", Job::new("ubuntu-latest").needs(&build).step(Step::run("echo").env("V", build.output("v"))));
/// let removed = w.remove_job("build").unwrap();
/// assert_eq!(removed.references[0].job, "publish");
/// assert_eq!(removed.references[0].text, "${{ needs.build.outputs.v }}");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputReference {
    /// The job whose value reads the removed job.
    pub job: String,
    /// The value, as written.
    pub text: String,
}

/// What [`Workflow::remove_job`] took out: the job, and the places that still read its outputs or result
/// (they will not resolve; the validator reports them too).
#[derive(Clone, Debug, PartialEq)]
pub struct RemovedJob {
    /// The job that was removed.
    pub job: Job,
    /// The jobs that named it in `needs` (now removed from their `needs`).
    pub needed_by: Vec<String>,
    /// Values that still read `needs.<id>` of the removed job.
    pub references: Vec<OutputReference>,
}

impl Workflow {
    /// The job with this id, to change in place; the job takes the caller as its origin.
    ///
    /// # Errors
    /// [`EditError::UnknownJob`] when no job has this id.
    ///
    /// ```
    /// use pipeline_core::model::{Job, Workflow};
    /// let mut ci = Workflow::new("CI").job("test", Job::new("ubuntu-latest"));
    /// ci.job_mut("test")?.timeout_minutes = Some(30.into());
    /// assert!(ci.jobs["test"].timeout_minutes.is_some());
    /// # Ok::<(), pipeline_core::model::EditError>(())
    /// ```
    #[track_caller]
    pub fn job_mut(&mut self, id: &str) -> Result<&mut Job, EditError> {
        let origin = Origin::caller();
        let error = self.unknown_job(id);
        let job = self.jobs.get_mut(id).ok_or(error)?;
        job.origin = origin;
        Ok(job)
    }

    /// Replaces the job with this id by what `change` makes of it, with the builder methods that consume
    /// a job; the job takes the caller as its origin.
    ///
    /// # Errors
    /// [`EditError::UnknownJob`] when no job has this id.
    ///
    /// ```
    /// use pipeline_core::model::{Job, Workflow};
    /// let mut ci = Workflow::new("CI").job("test", Job::new("ubuntu-latest"));
    /// ci.modify_job("test", |job| job.runs_on("macos-latest").timeout_minutes(20))?;
    /// assert_eq!(ci.jobs["test"].timeout_minutes, Some(20.into()));
    /// # Ok::<(), pipeline_core::model::EditError>(())
    /// ```
    #[track_caller]
    pub fn modify_job(
        &mut self,
        id: &str,
        change: impl FnOnce(Job) -> Job,
    ) -> Result<&mut Self, EditError> {
        let job = self.job_mut(id)?;
        let origin = job.origin;
        *job = change(std::mem::take(job));
        job.origin = origin;
        Ok(self)
    }

    /// A checked reference to a job that exists, for `needs` and outputs of jobs added later.
    ///
    /// # Errors
    /// [`EditError::UnknownJob`] when no job has this id.
    ///
    /// ```
    /// use pipeline_core::model::{Job, Workflow};
    /// let mut ci = Workflow::new("CI").job("build", Job::new("ubuntu-latest"));
    /// let build = ci.job_ref("build")?;
    /// ci.add_job("deploy", Job::new("ubuntu-latest").needs(&build));
    /// assert!(ci.job_ref("deploy").is_ok());
    /// assert!(ci.job_ref("nope").is_err());
    /// # Ok::<(), pipeline_core::model::EditError>(())
    /// ```
    pub fn job_ref(&self, id: &str) -> Result<JobRef, EditError> {
        if self.jobs.contains_key(id) {
            Ok(JobRef::new(id))
        } else {
            Err(self.unknown_job(id))
        }
    }

    /// Adds a job after the job `after`, keeping the order of the others.
    ///
    /// # Errors
    /// [`EditError::UnknownJob`] when `after` is not a job; [`EditError::DuplicateJob`] when `id` is.
    ///
    /// ```
    /// use pipeline_core::model::{Job, Workflow};
    /// let mut ci = Workflow::new("CI").job("a", Job::new("x")).job("c", Job::new("x"));
    /// ci.insert_job_after("a", "b", Job::new("x"))?;
    /// assert_eq!(ci.jobs.keys().collect::<Vec<_>>(), ["a", "b", "c"]);
    /// # Ok::<(), pipeline_core::model::EditError>(())
    /// ```
    #[track_caller]
    pub fn insert_job_after(
        &mut self,
        after: &str,
        id: impl Into<String>,
        mut job: Job,
    ) -> Result<JobRef, EditError> {
        let id = id.into();
        let Some(index) = self.jobs.get_index_of(after) else {
            return Err(self.unknown_job(after));
        };
        if self.jobs.contains_key(&id) {
            return Err(EditError::DuplicateJob { id });
        }
        if job.origin.location().is_none() {
            job.origin = Origin::caller();
        }
        self.jobs.shift_insert(index + 1, id.clone(), job);
        Ok(JobRef::new(id))
    }

    /// Removes a job, and its id from every other job's `needs`; reports the values that still read
    /// its outputs or result, which no longer resolve.
    ///
    /// # Errors
    /// [`EditError::UnknownJob`] when no job has this id.
    ///
    /// ```
    /// use pipeline_core::model::{Job, Workflow};
    /// let mut ci = Workflow::new("CI")
    ///     .job("build", Job::new("ubuntu-latest"))
    ///     .job("scan", Job::new("ubuntu-latest").needs("build"))
    ///     .job("deploy", Job::new("ubuntu-latest").needs_all(["build", "scan"]));
    /// let removed = ci.remove_job("scan")?;
    /// assert_eq!(removed.needed_by, ["deploy"]);
    /// assert_eq!(ci.jobs["deploy"].needed_jobs().collect::<Vec<_>>(), ["build"]);
    /// # Ok::<(), pipeline_core::model::EditError>(())
    /// ```
    #[track_caller]
    pub fn remove_job(&mut self, id: &str) -> Result<RemovedJob, EditError> {
        let origin = Origin::caller();
        let Some(job) = self.jobs.shift_remove(id) else {
            return Err(self.unknown_job(id));
        };
        let mut needed_by = Vec::new();
        let mut references = Vec::new();
        for (other_id, other) in &mut self.jobs {
            if let Some(needs) = &mut other.needs
                && needs.iter().any(|n| n == id)
            {
                let rest: Vec<String> = needs.iter().filter(|n| *n != id).cloned().collect();
                other.needs = match (needs, rest.len()) {
                    (_, 0) => None,
                    (OneOrMany::One(_), _) => rest.into_iter().next().map(OneOrMany::One),
                    (OneOrMany::Many(_), _) => Some(OneOrMany::Many(rest)),
                };
                other.origin = origin;
                needed_by.push(other_id.clone());
            }
            for text in reading_needs_of(other, id) {
                references.push(OutputReference {
                    job: other_id.clone(),
                    text,
                });
            }
        }
        Ok(RemovedJob {
            job,
            needed_by,
            references,
        })
    }

    fn unknown_job(&self, id: &str) -> EditError {
        let known: Vec<String> = self.jobs.keys().cloned().collect();
        EditError::UnknownJob {
            id: id.to_owned(),
            suggestion: crate::suggest::did_you_mean(id, known.iter().map(String::as_str))
                .map(str::to_owned),
            known,
        }
    }
}

/// The string values of `job` whose expressions read `needs.<id>`.
fn reading_needs_of(job: &Job, id: &str) -> Vec<String> {
    let Ok(value) = serde_yaml::to_value(job) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let mut stack = vec![(None, &value)];
    while let Some((key, value)) = stack.pop() {
        match value {
            serde_yaml::Value::String(text) if reads_needs_of(key == Some("if"), text, id) => {
                found.push(text.clone());
            }
            serde_yaml::Value::Sequence(items) => {
                stack.extend(items.iter().rev().map(|v| (None, v)));
            }
            serde_yaml::Value::Mapping(map) => {
                let entries: Vec<_> = map.iter().map(|(k, v)| (k.as_str(), v)).collect();
                stack.extend(entries.into_iter().rev());
            }
            serde_yaml::Value::Tagged(tagged) => stack.push((key, &tagged.value)),
            _ => {}
        }
    }
    found
}

/// Whether `text` (a condition when `condition`) has an expression that reads `needs.<id>`.
fn reads_needs_of(condition: bool, text: &str, id: &str) -> bool {
    let mut asts: Vec<Ast> = Vec::new();
    if condition {
        if let Ok(parsed) = parse_condition(text) {
            match parsed.expr() {
                Some(ast) => asts.push(ast.clone()),
                None => {
                    if let crate::expr::Condition::Template(t) = parsed {
                        asts.extend(t.expressions().cloned());
                    }
                }
            }
        }
    } else if crate::text::has_expression(text)
        && let Ok(template) = Template::parse(text)
    {
        asts.extend(template.parts.into_iter().filter_map(|part| match part {
            Part::Expr { expr, .. } => Some(expr),
            Part::Text(_) => None,
        }));
    }
    asts.iter().any(|ast| {
        let mut hit = false;
        ast.walk(&mut |node| {
            let (target, name) = match node {
                Ast::Property { target, name } => (target, name.as_str()),
                Ast::Index { target, index } => match &**index {
                    Ast::String(name) => (target, name.as_str()),
                    _ => return,
                },
                _ => return,
            };
            if matches!(&**target, Ast::Context(c) if c.eq_ignore_ascii_case("needs"))
                && name.eq_ignore_ascii_case(id)
            {
                hit = true;
            }
        });
        hit
    })
}

impl Job {
    /// The step whose `id` or label is `key`, to change in place; the step takes the caller as its
    /// origin.
    ///
    /// # Errors
    /// [`EditError::UnknownStep`] when no step has this key.
    ///
    /// ```
    /// use pipeline_core::model::{Job, Step};
    /// let mut job = Job::new("ubuntu-latest").step(Step::run("make").label("build"));
    /// job.step_mut("build")?.working_directory = Some("src".into());
    /// assert_eq!(job.steps.unwrap()[0].working_directory.as_deref(), Some("src"));
    /// # Ok::<(), pipeline_core::model::EditError>(())
    /// ```
    #[track_caller]
    pub fn step_mut(&mut self, key: &str) -> Result<&mut Step, EditError> {
        let origin = Origin::caller();
        let index = self.step_index(key)?;
        let steps = self.steps.get_or_insert_with(Vec::new);
        let step = &mut steps[index];
        step.origin = origin;
        Ok(step)
    }

    /// Replaces the step whose `id` or label is `key` by what `change` makes of it; the step takes the
    /// caller as its origin.
    ///
    /// # Errors
    /// [`EditError::UnknownStep`] when no step has this key.
    ///
    /// ```
    /// use pipeline_core::model::{Job, Step};
    /// let mut job = Job::new("ubuntu-latest").step(Step::run("cargo test").id("test"));
    /// job.modify_step("test", |s| s.name("Test").timeout_minutes(10))?;
    /// assert_eq!(job.steps.unwrap()[0].name.as_deref(), Some("Test"));
    /// # Ok::<(), pipeline_core::model::EditError>(())
    /// ```
    #[track_caller]
    pub fn modify_step(
        &mut self,
        key: &str,
        change: impl FnOnce(Step) -> Step,
    ) -> Result<&mut Self, EditError> {
        let step = self.step_mut(key)?;
        let origin = step.origin;
        *step = change(std::mem::take(step));
        step.origin = origin;
        Ok(self)
    }

    /// Inserts `step` before the step whose `id` or label is `key`.
    ///
    /// # Errors
    /// [`EditError::UnknownStep`] when no step has this key.
    ///
    /// ```
    /// use pipeline_core::model::{Job, Step};
    /// let mut job = Job::new("ubuntu-latest").step(Step::run("make").id("make"));
    /// job.insert_step_before("make", Step::run("./configure"))?;
    /// assert_eq!(job.steps.unwrap()[0].run.as_deref(), Some("./configure"));
    /// # Ok::<(), pipeline_core::model::EditError>(())
    /// ```
    #[track_caller]
    pub fn insert_step_before(&mut self, key: &str, step: Step) -> Result<&mut Self, EditError> {
        let index = self.step_index(key)?;
        self.insert_step_at(index, step, Origin::caller());
        Ok(self)
    }

    /// Inserts `step` after the step whose `id` or label is `key`.
    ///
    /// # Errors
    /// [`EditError::UnknownStep`] when no step has this key.
    ///
    /// ```
    /// use pipeline_core::model::{Job, Step};
    /// let mut job = Job::new("ubuntu-latest").step(Step::checkout().label("checkout")).step(Step::run("make"));
    /// job.insert_step_after("checkout", Step::run("git lfs pull"))?;
    /// assert_eq!(job.steps.unwrap()[1].run.as_deref(), Some("git lfs pull"));
    /// # Ok::<(), pipeline_core::model::EditError>(())
    /// ```
    #[track_caller]
    pub fn insert_step_after(&mut self, key: &str, step: Step) -> Result<&mut Self, EditError> {
        let index = self.step_index(key)?;
        self.insert_step_at(index + 1, step, Origin::caller());
        Ok(self)
    }

    /// Removes the step whose `id` or label is `key`, and returns it.
    ///
    /// # Errors
    /// [`EditError::UnknownStep`] when no step has this key.
    ///
    /// ```
    /// use pipeline_core::model::{Job, Step};
    /// let mut job = Job::new("ubuntu-latest").step(Step::run("lint").label("lint")).step(Step::run("test"));
    /// let lint = job.remove_step("lint")?;
    /// assert_eq!(lint.run.as_deref(), Some("lint"));
    /// assert_eq!(job.steps.unwrap().len(), 1);
    /// # Ok::<(), pipeline_core::model::EditError>(())
    /// ```
    #[track_caller]
    pub fn remove_step(&mut self, key: &str) -> Result<Step, EditError> {
        let index = self.step_index(key)?;
        let steps = self.steps.get_or_insert_with(Vec::new);
        Ok(steps.remove(index))
    }

    fn insert_step_at(&mut self, index: usize, mut step: Step, origin: Origin) {
        if step.origin.location().is_none() {
            step.origin = origin;
        }
        self.steps.get_or_insert_with(Vec::new).insert(index, step);
    }

    /// The index of the first step whose `id` or label is `key`.
    fn step_index(&self, key: &str) -> Result<usize, EditError> {
        let steps = self.steps.as_deref().unwrap_or_default();
        if let Some(index) = steps.iter().position(|s| s.key_matches(key)) {
            return Ok(index);
        }
        let known: Vec<String> = steps
            .iter()
            .flat_map(|s| [s.id.as_deref(), s.label.get()])
            .flatten()
            .map(str::to_owned)
            .collect();
        Err(EditError::UnknownStep {
            key: key.to_owned(),
            suggestion: crate::suggest::did_you_mean(key, known.iter().map(String::as_str))
                .map(str::to_owned),
            known,
        })
    }
}

impl Step {
    /// Gives the step a label: the key edits find it by ([`Job::step_mut`] and friends) when it has no
    /// `id`. Unlike `id`, a label is never written to the YAML, so it costs the output nothing.
    ///
    /// ```
    /// use pipeline_core::model::Step;
    /// let step = Step::run("cargo fmt --check").label("fmt");
    /// assert_eq!(step.label.get(), Some("fmt"));
    /// assert!(step.id.is_none());
    /// ```
    #[must_use]
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Label(Some(label.into()));
        self
    }

    /// Whether `key` is this step's `id` or label.
    fn key_matches(&self, key: &str) -> bool {
        self.id.as_deref() == Some(key) || self.label.get() == Some(key)
    }
}
