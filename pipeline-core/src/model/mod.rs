//! The typed model: every key of GitHub's workflow syntax and action metadata syntax as plain Rust data.
//!
//! The model is what the parser produces, what the builders fill, what the validator reads and what the
//! emitter writes. It keeps the shape the author chose (`needs: build` versus `needs: [build]`, `push:` versus
//! `push: {}`), so a file survives parse and emit with the same data. Maps keep insertion order.

mod action;
mod build;
mod comment;
mod edit;
mod job;
mod on;
mod path;
mod step;
mod value;
mod workflow;

pub use action::{
    Action, ActionInput, ActionOutput, Branding, CompositeRuns, DockerRuns, NodeRuns, Runs,
};
pub use build::{
    BackgroundRef, CallTrigger, DispatchTrigger, EventTrigger, FilterItems, IfCondition, JobRef,
    ScheduleTrigger, StepRef,
};
pub use comment::{Comments, NodeComments};
pub use edit::{EditError, Label, OutputReference, RemovedJob};
pub use job::{
    Container, ContainerConfig, Credentials, Environment, EnvironmentConfig, Job, Matrix,
    MatrixRows, RunnerGroup, RunsOn, Secrets, Snapshot, SnapshotConfig, Strategy,
};
pub use on::{
    Cron, Event, EventConfig, Filters, Input, InputType, On, Trigger, WorkflowCall,
    WorkflowCallOutput, WorkflowCallSecret, WorkflowDispatch,
};
pub use path::{Path, PathSegment};
pub use step::{Step, StepKind, WaitAll};
pub use value::{Mapping, Number, Value};
pub use workflow::{
    Concurrency, ConcurrencyConfig, ConcurrencyQueue, Defaults, Env, PermissionLevel,
    PermissionScope, Permissions, RunDefaults, Workflow,
};

use serde::{Deserialize, Serialize};

/// The Rust source location that created a workflow, job or step, kept for diagnostics and never emitted.
///
/// Origins never take part in equality: two models are equal when they hold the same data, wherever they
/// were made. Models read from YAML carry no origin; their positions live in the parser's source map.
///
/// ```
/// use pipeline_core::model::Origin;
/// let here = Origin::caller();
/// assert!(here.location().is_some());
/// assert_eq!(here, Origin::default());
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct Origin(Option<&'static std::panic::Location<'static>>);

impl Origin {
    /// The location of the caller of the `#[track_caller]` function that calls this.
    #[must_use]
    #[track_caller]
    pub fn caller() -> Self {
        Self(Some(std::panic::Location::caller()))
    }

    /// The recorded location, if any.
    #[must_use]
    pub fn location(self) -> Option<&'static std::panic::Location<'static>> {
        self.0
    }
}

impl PartialEq for Origin {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

/// The audit findings an author accepts where they are, each with a reason: `.allow(code, reason)` on a
/// workflow, job or step ([`crate::audit`]). Like [`Origin`], it never takes part in equality and is never
/// written to YAML (a file says the same with a `# pipeline: allow[code] reason` comment).
///
/// ```
/// use pipeline_core::model::{Allows, Step};
/// let step = Step::run("make").allow("template-injection", "the input is a fixed list");
/// assert_eq!(step.allow.0[0].code, "template-injection");
/// assert_eq!(step, Step::run("make"));
/// assert_eq!(Allows::default(), step.allow);
/// ```
#[derive(Clone, Debug, Default)]
pub struct Allows(pub Vec<Allow>);

impl PartialEq for Allows {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

/// One accepted audit finding: its code and why it is accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Allow {
    /// The audit's code (`template-injection`, `unpinned-uses`).
    pub code: String,
    /// Why the finding is accepted, shown where the finding is reported as suppressed.
    pub reason: String,
}

/// A value that is either written out or computed by a `${{ }}` expression at run time.
///
/// GitHub accepts an expression wherever it accepts a number or a boolean for keys such as
/// `timeout-minutes`, `continue-on-error`, `fail-fast` and `max-parallel`.
///
/// ```
/// use pipeline_core::model::ExprOr;
/// let fixed: ExprOr<bool> = true.into();
/// let computed: ExprOr<bool> = ExprOr::Expr("${{ matrix.experimental }}".into());
/// assert_ne!(fixed, computed);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum ExprOr<T> {
    /// A literal value.
    Value(T),
    /// A string holding a `${{ }}` expression.
    Expr(String),
}

impl<T> From<T> for ExprOr<T> {
    fn from(value: T) -> Self {
        Self::Value(value)
    }
}

/// One item or a list of items, remembering which form the author wrote (`needs: build` versus
/// `needs: [build]`).
///
/// ```
/// use pipeline_core::model::OneOrMany;
/// let one = OneOrMany::One("build".to_string());
/// let many = OneOrMany::Many(vec!["build".to_string(), "test".to_string()]);
/// assert_eq!(one.as_slice(), ["build"]);
/// assert_eq!(many.as_slice().len(), 2);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum OneOrMany<T> {
    /// A single item written as a scalar.
    One(T),
    /// A list.
    Many(Vec<T>),
}

impl<T> OneOrMany<T> {
    /// The items, whichever form was written.
    #[must_use]
    pub fn as_slice(&self) -> &[T] {
        match self {
            Self::One(item) => std::slice::from_ref(item),
            Self::Many(items) => items,
        }
    }

    /// Iterates over the items.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.as_slice().iter()
    }

    /// Appends an item, turning a single item into a list.
    pub fn push(&mut self, item: T) {
        match self {
            Self::Many(items) => items.push(item),
            Self::One(_) => {
                let Self::One(first) = std::mem::replace(self, Self::Many(Vec::with_capacity(2)))
                else {
                    return;
                };
                if let Self::Many(items) = self {
                    items.push(first);
                    items.push(item);
                }
            }
        }
    }
}

impl<T> Default for OneOrMany<T> {
    fn default() -> Self {
        Self::Many(Vec::new())
    }
}

impl<T> From<Vec<T>> for OneOrMany<T> {
    fn from(items: Vec<T>) -> Self {
        Self::Many(items)
    }
}

impl<'a, T> IntoIterator for &'a OneOrMany<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}
