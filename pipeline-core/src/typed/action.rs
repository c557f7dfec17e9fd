//! [`Action`]: a typed binding of an action that a step uses.

use crate::model::{Mapping, Step};

/// A typed binding of an action: a struct whose fields are the action's inputs, turned into the step
/// that uses it.
///
/// `#[derive(Action)]` implements it from `#[action(uses = "owner/repo@ref")]`: a required input is a plain
/// field, so leaving it out is a compile error; an optional input is an `Option` and is written only when
/// set. It also writes `From<T> for Step` and, for `#[action(outputs(..))]`, one associated function per
/// output reading it from the step's [`StepRef`](crate::model::StepRef).
///
/// ```
/// use pipeline_core::model::{Mapping, Step, Value};
/// use pipeline_core::typed::Action;
///
/// struct SetupNode { node_version: String }
/// impl Action for SetupNode {
///     const USES: &'static str = "actions/setup-node@v4";
///     fn with(&self) -> Mapping {
///         Mapping::from_iter([("node-version".to_owned(), Value::from(self.node_version.as_str()))])
///     }
/// }
///
/// let step = SetupNode { node_version: "20".into() }.step();
/// assert_eq!(step.uses.as_deref(), Some("actions/setup-node@v4"));
/// assert_eq!(step.with.unwrap()["node-version"], Value::from("20"));
/// ```
pub trait Action {
    /// The action: `owner/repo@ref`, `owner/repo/path@ref`, `./path` or `docker://image`.
    const USES: &'static str;

    /// The `with:` entries that are set, in field order.
    fn with(&self) -> Mapping;

    /// The step that uses the action with these inputs; chain `.name(..)`, `.id(..)`, `.if_(..)`.
    #[must_use]
    #[track_caller]
    fn step(&self) -> Step {
        self.with()
            .into_iter()
            .fold(Step::uses(Self::USES), |step, (name, value)| {
                step.with(name, value)
            })
    }
}
