//! A step: an action to use or a script to run.

use super::{Comments, Env, ExprOr, Label, Mapping, Number, OneOrMany, Origin};
use serde::{Deserialize, Serialize};

/// One entry of a job's `steps`, or of a composite action's `runs.steps`.
///
/// ```
/// use pipeline_core::model::Step;
/// let mut step = Step::default();
/// step.name = Some("Test".into());
/// step.run = Some("cargo test --workspace".into());
/// assert!(step.uses.is_none());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Step {
    /// `name`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `id`: how later steps and job outputs refer to this step.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `if`: the condition to run, with or without `${{ }}`.
    #[serde(rename = "if", skip_serializing_if = "Option::is_none")]
    pub r#if: Option<ExprOr<bool>>,
    /// `uses`: an action (`owner/repo@ref`, `./path`, `docker://image`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uses: Option<String>,
    /// The comment written after `uses` (`# v4.2.2` after a commit SHA), kept so pins stay readable and
    /// bots that bump them keep working. Not part of the data GitHub reads.
    #[serde(skip)]
    #[cfg_attr(feature = "schema", schemars(skip))]
    pub uses_comment: Option<String>,
    /// `with`: the action's inputs (and `args`/`entrypoint` for Docker actions).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub with: Option<Mapping>,
    /// `run`: a script.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub run: Option<String>,
    /// `shell` for `run`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shell: Option<String>,
    /// `working-directory` for `run`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub working_directory: Option<String>,
    /// `env`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub env: Option<Env>,
    /// `continue-on-error`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub continue_on_error: Option<ExprOr<bool>>,
    /// `timeout-minutes`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout_minutes: Option<ExprOr<Number>>,
    /// `background`: run this `run` or `uses` step in the background; the job goes on to the next step at
    /// once, and a later `wait`, `wait-all` or the job's end collects it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub background: Option<bool>,
    /// `wait`: a step that waits for the named background steps (one id or a list).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wait: Option<OneOrMany<String>>,
    /// `wait-all`: a step that waits for every earlier background step. GitHub takes it bare
    /// (`wait-all:`) or with a boolean.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "some_wait_all"
    )]
    pub wait_all: Option<WaitAll>,
    /// `cancel`: a step that cancels the named background step.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cancel: Option<String>,
    /// `parallel`: a group of steps that run at once, each as a background step; the job waits for all of
    /// them before the next step.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parallel: Option<Vec<Step>>,
    /// The name edits find this step by when it has no `id` (see [`Step::label`]); never written.
    #[serde(skip)]
    #[cfg_attr(feature = "schema", schemars(skip))]
    pub label: Label,
    /// The Rust call that built this step.
    #[serde(skip)]
    #[cfg_attr(feature = "schema", schemars(skip))]
    pub origin: Origin,
    /// Comments kept with this step (above its dash and at its keys); never part of equality.
    #[serde(skip)]
    #[cfg_attr(feature = "schema", schemars(skip))]
    pub comments: Comments,
    /// Audit findings allowed in this step (`.allow(code, reason)`); never written to YAML.
    #[serde(skip)]
    #[cfg_attr(feature = "schema", schemars(skip))]
    pub allow: super::Allows,
}

/// The value of a `wait-all` step: bare (`wait-all:`) or a boolean, kept as written.
///
/// ```
/// use pipeline_core::model::WaitAll;
/// assert!(WaitAll::Bare.waits());
/// assert!(!WaitAll::Value(false).waits());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum WaitAll {
    /// `wait-all: true` or `wait-all: false`.
    Value(bool),
    /// `wait-all:` with no value, which waits.
    Bare,
}

impl WaitAll {
    /// Whether the step waits: bare or `true`.
    #[must_use]
    pub fn waits(self) -> bool {
        !matches!(self, Self::Value(false))
    }
}

/// `wait-all:` with no value is `null` to serde, which `Option` would read as absent.
fn some_wait_all<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<WaitAll>, D::Error> {
    Option::<bool>::deserialize(deserializer)
        .map(|value| Some(value.map_or(WaitAll::Bare, WaitAll::Value)))
}

/// What a step does, decided by the key that names it.
///
/// ```
/// use pipeline_core::model::{Step, StepKind};
/// assert_eq!(Step::run("make").kind(), StepKind::Run);
/// let mut wait = Step::default();
/// wait.cancel = Some("server".into());
/// assert_eq!(wait.kind(), StepKind::Cancel);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StepKind {
    /// `run`: a script.
    Run,
    /// `uses`: an action.
    Uses,
    /// `wait`: waits for named background steps.
    Wait,
    /// `wait-all`: waits for every earlier background step.
    WaitAll,
    /// `cancel`: cancels a background step.
    Cancel,
    /// `parallel`: a group of steps run at once.
    Parallel,
    /// None of the keys that say what a step does.
    Empty,
}

impl Step {
    /// What this step does, by the first of its defining keys that is set.
    #[must_use]
    pub fn kind(&self) -> StepKind {
        if self.run.is_some() {
            StepKind::Run
        } else if self.uses.is_some() {
            StepKind::Uses
        } else if self.wait.is_some() {
            StepKind::Wait
        } else if self.wait_all.is_some() {
            StepKind::WaitAll
        } else if self.cancel.is_some() {
            StepKind::Cancel
        } else if self.parallel.is_some() {
            StepKind::Parallel
        } else {
            StepKind::Empty
        }
    }

    /// Whether this step runs in the background: `background: true`, or a step of a `parallel` group.
    #[must_use]
    pub fn is_background(&self) -> bool {
        self.background == Some(true)
    }

    /// This step and, for a `parallel` group, the steps inside it (depth first, in written order).
    ///
    /// ```
    /// use pipeline_core::model::Step;
    /// let mut group = Step::default();
    /// group.parallel = Some(vec![Step::run("a"), Step::run("b")]);
    /// assert_eq!(group.walk().count(), 3);
    /// ```
    pub fn walk(&self) -> impl Iterator<Item = &Step> {
        let mut stack = vec![self];
        std::iter::from_fn(move || {
            let step = stack.pop()?;
            if let Some(inner) = &step.parallel {
                stack.extend(inner.iter().rev());
            }
            Some(step)
        })
    }
}
