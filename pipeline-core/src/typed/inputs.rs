//! [`Inputs`]: a struct whose fields are the inputs of `workflow_dispatch`, `workflow_call` or an action.

use crate::model::{
    Action, ActionInput, CallTrigger, DispatchTrigger, Input, InputType, Job, Mapping, Step,
    Trigger,
};
use indexmap::IndexMap;

/// The inputs of a workflow (`workflow_dispatch`, `workflow_call`) or of an action, from one struct.
///
/// `#[derive(Inputs)]` implements it: a field's type gives the input's `type` (see
/// [`InputKind`](super::InputKind)), `Option<T>` makes it not required, `#[input(default = ..)]` sets a
/// default (and makes it not required), and the doc comment is the description. It also writes one
/// associated function per input giving its expression: `DeployInputs::environment()` is
/// `${{ inputs.environment }}`, valid in the workflow and in a composite action alike.
///
/// A value of the struct is a set of arguments: [`Inputs::with`] gives the `with:` of a job that calls the
/// reusable workflow, or of a step that uses the action. The other provided methods put the inputs where
/// GitHub reads them.
///
/// ```
/// use indexmap::IndexMap;
/// use pipeline_core::model::{Action, ActionInput, Input, Job, Mapping, Trigger, Value};
/// use pipeline_core::typed::Inputs;
///
/// struct Release;
/// impl Inputs for Release {
///     fn inputs() -> IndexMap<String, Input> {
///         IndexMap::from_iter([("version".to_owned(), Input::string().required(true))])
///     }
///     fn action_inputs() -> IndexMap<String, ActionInput> {
///         IndexMap::from_iter([("version".to_owned(), ActionInput::required("The version"))])
///     }
///     fn with(&self) -> Mapping {
///         Mapping::from_iter([("version".to_owned(), Value::from("1.2.3"))])
///     }
/// }
///
/// let dispatch: Trigger = Release::workflow_dispatch().into();
/// let call: Trigger = Release::workflow_call().into();
/// assert_ne!(dispatch, call);
/// let action = Release::add_to_action(Action::composite("Release", "Releases"));
/// assert!(action.inputs.unwrap()["version"].is_required());
/// let call = Release.add_to_job(Job::call("./.github/workflows/release.yml"));
/// assert_eq!(call.with.unwrap()["version"], Value::from("1.2.3"));
/// ```
pub trait Inputs {
    /// The inputs of `workflow_dispatch` or `workflow_call`, by name, in field order.
    fn inputs() -> IndexMap<String, Input>;

    /// The inputs of an action (`action.yml`), by name, in field order. Actions have no input types, so
    /// a `choice` input keeps only its description, `required` and default.
    fn action_inputs() -> IndexMap<String, ActionInput>;

    /// These values as `with:` entries, for a call of the workflow or a use of the action; an input
    /// that is `None` is left out.
    fn with(&self) -> Mapping;

    /// The job (a [`Job::call`] of the reusable workflow) with these values added to its `with:`.
    #[must_use]
    fn add_to_job(&self, job: Job) -> Job {
        self.with()
            .into_iter()
            .fold(job, |job, (name, value)| job.with(name, value))
    }

    /// The step (a [`Step::uses`] of the action) with these values added to its `with:`.
    #[must_use]
    fn add_to_step(&self, step: Step) -> Step {
        self.with()
            .into_iter()
            .fold(step, |step, (name, value)| step.with(name, value))
    }

    /// `workflow_dispatch` with these inputs.
    fn workflow_dispatch() -> DispatchTrigger {
        Self::inputs()
            .into_iter()
            .fold(Trigger::workflow_dispatch(), |trigger, (name, input)| {
                trigger.input(name, input)
            })
    }

    /// `workflow_call` with these inputs; chain `.output(..)` and `.secret(..)`, or use
    /// [`Outputs::add_to_call`](super::Outputs::add_to_call).
    ///
    /// `workflow_call` knows only `string`, `boolean` and `number`, so a `choice` or `environment` input
    /// is a `string` here (its options are dropped); the caller still passes a typed value through
    /// [`Inputs::add_to_job`].
    fn workflow_call() -> CallTrigger {
        Self::inputs()
            .into_iter()
            .fold(Trigger::workflow_call(), |trigger, (name, input)| {
                trigger.input(name, call_input(input))
            })
    }

    /// The action with these inputs added, after any it had.
    #[must_use]
    fn add_to_action(action: Action) -> Action {
        Self::action_inputs()
            .into_iter()
            .fold(action, |action, (name, input)| action.input(name, input))
    }
}

/// A dispatch input as `workflow_call` takes it: `choice` and `environment` become `string`.
fn call_input(mut input: Input) -> Input {
    if matches!(
        input.r#type,
        Some(InputType::Choice | InputType::Environment)
    ) {
        input.r#type = Some(InputType::String);
        input.options = None;
    }
    input
}
