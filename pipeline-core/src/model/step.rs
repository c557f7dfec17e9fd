//! A step: an action to use or a script to run.

use super::{Env, ExprOr, Label, Mapping, Number, Origin};
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
    /// The name edits find this step by when it has no `id` (see [`Step::label`]); never written.
    #[serde(skip)]
    #[cfg_attr(feature = "schema", schemars(skip))]
    pub label: Label,
    /// The Rust call that built this step.
    #[serde(skip)]
    #[cfg_attr(feature = "schema", schemars(skip))]
    pub origin: Origin,
}
