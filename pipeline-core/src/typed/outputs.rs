//! [`Outputs`]: a struct whose fields are the outputs of a job, a reusable workflow or an action, and
//! [`OutputSource`], where a later job or step reads them.

use crate::expr::{self, Expr};
use crate::model::{
    Action, ActionOutput, EventConfig, Job, JobRef, StepRef, Trigger, WorkflowCall,
    WorkflowCallOutput,
};
use indexmap::IndexMap;

/// One output: its name, description and the value that sets it (usually an expression such as
/// `${{ steps.meta.outputs.version }}`).
///
/// ```
/// use pipeline_core::typed::Output;
/// let output = Output::new("version", "${{ steps.meta.outputs.version }}").description("The version");
/// assert_eq!(output.description.as_deref(), Some("The version"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Output {
    /// The output's name.
    pub name: String,
    /// What it holds; written where GitHub has a `description:` (actions and reusable workflows).
    pub description: Option<String>,
    /// The value: a string, usually a `${{ }}` expression.
    pub value: String,
}

impl Output {
    /// An output without a description.
    #[must_use]
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            description: None,
            value: value.into(),
        }
    }

    /// Sets the description.
    #[must_use]
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }
}

/// The outputs of a job, a reusable workflow or a composite action, from one struct whose fields hold
/// the values.
///
/// `#[derive(Outputs)]` implements it (the doc comments are the descriptions) and writes one associated
/// function per output that reads it downstream from any [`OutputSource`]:
/// `BuildOutputs::version(&build)` is `${{ needs.build.outputs.version }}` when `build` is the
/// [`JobRef`] of the job, `${{ steps.meta.outputs.version }}` when it is a [`StepRef`].
///
/// ```
/// use pipeline_core::expr::steps;
/// use pipeline_core::model::Job;
/// use pipeline_core::typed::{Output, Outputs};
///
/// struct Build { version: String }
/// impl Outputs for Build {
///     fn outputs(&self) -> Vec<Output> {
///         vec![Output::new("version", self.version.as_str())]
///     }
/// }
///
/// let build = Build { version: steps("meta").output("version").to_string() };
/// let job = build.add_to_job(Job::new("ubuntu-latest"));
/// assert_eq!(job.outputs.unwrap()["version"], "${{ steps.meta.outputs.version }}");
/// ```
pub trait Outputs {
    /// The outputs, in field order.
    fn outputs(&self) -> Vec<Output>;

    /// A job's `outputs:` (name to value; jobs have no descriptions).
    fn job_outputs(&self) -> IndexMap<String, String> {
        self.outputs()
            .into_iter()
            .map(|output| (output.name, output.value))
            .collect()
    }

    /// A reusable workflow's `on.workflow_call.outputs`.
    fn call_outputs(&self) -> IndexMap<String, WorkflowCallOutput> {
        self.outputs()
            .into_iter()
            .map(|output| {
                let call = WorkflowCallOutput {
                    description: output.description,
                    value: output.value,
                };
                (output.name, call)
            })
            .collect()
    }

    /// An action's `outputs:` (a composite action maps each to a step output).
    fn action_outputs(&self) -> IndexMap<String, ActionOutput> {
        self.outputs()
            .into_iter()
            .map(|output| {
                let action = ActionOutput {
                    description: output.description,
                    value: Some(output.value),
                };
                (output.name, action)
            })
            .collect()
    }

    /// The job with these outputs added, after any it had.
    #[must_use]
    fn add_to_job(&self, job: Job) -> Job {
        self.job_outputs()
            .into_iter()
            .fold(job, |job, (name, value)| job.output(name, value))
    }

    /// The `workflow_call` trigger with these outputs (and their descriptions) added; any other trigger
    /// is returned as it was.
    ///
    /// ```
    /// use pipeline_core::model::{EventConfig, Trigger};
    /// use pipeline_core::typed::{Output, Outputs};
    ///
    /// struct Release;
    /// impl Outputs for Release {
    ///     fn outputs(&self) -> Vec<Output> {
    ///         vec![Output::new("tag", "${{ jobs.tag.outputs.tag }}").description("The tag")]
    ///     }
    /// }
    /// let trigger = Release.add_to_call(Trigger::workflow_call());
    /// let Some(EventConfig::WorkflowCall(call)) = trigger.config else { unreachable!() };
    /// assert_eq!(call.outputs.unwrap()["tag"].description.as_deref(), Some("The tag"));
    /// ```
    #[must_use]
    fn add_to_call(&self, trigger: impl Into<Trigger>) -> Trigger
    where
        Self: Sized,
    {
        add_call_outputs(trigger.into(), self.call_outputs())
    }

    /// The action with these outputs added, after any it had.
    #[must_use]
    fn add_to_action(&self, action: Action) -> Action {
        self.action_outputs()
            .into_iter()
            .fold(action, |action, (name, output)| action.output(name, output))
    }
}

fn add_call_outputs(
    mut trigger: Trigger,
    outputs: IndexMap<String, WorkflowCallOutput>,
) -> Trigger {
    if trigger.event != crate::model::Event::WorkflowCall || outputs.is_empty() {
        return trigger;
    }
    let config = trigger
        .config
        .get_or_insert_with(|| EventConfig::WorkflowCall(WorkflowCall::default()));
    if let EventConfig::WorkflowCall(call) = config {
        call.outputs
            .get_or_insert_with(IndexMap::new)
            .extend(outputs);
    }
    trigger
}

/// Where a later job or step reads outputs from: a job it needs, a step before it, or (in a reusable
/// workflow's `workflow_call` outputs) one of the workflow's jobs.
///
/// ```
/// use pipeline_core::expr::{jobs, needs, steps};
/// use pipeline_core::model::{JobRef, StepRef};
/// use pipeline_core::typed::OutputSource;
///
/// assert_eq!(needs("build").output_expr("v").to_string(), "${{ needs.build.outputs.v }}");
/// assert_eq!(JobRef::new("build").output_expr("v").to_string(), "${{ needs.build.outputs.v }}");
/// assert_eq!(StepRef::new("meta").output_expr("v").to_string(), "${{ steps.meta.outputs.v }}");
/// assert_eq!(steps("meta").output_expr("v").to_string(), "${{ steps.meta.outputs.v }}");
/// assert_eq!(jobs("build").output_expr("v").to_string(), "${{ jobs.build.outputs.v }}");
/// ```
#[diagnostic::on_unimplemented(
    message = "outputs cannot be read from `{Self}`",
    label = "not a job or step reference",
    note = "pass a `JobRef` or `StepRef`, or `expr::needs(\"job\")`, `expr::steps(\"id\")`, `expr::jobs(\"job\")`"
)]
pub trait OutputSource {
    /// The expression that reads output `name` from here.
    fn output_expr(&self, name: &str) -> Expr;
}

impl OutputSource for expr::Needs {
    fn output_expr(&self, name: &str) -> Expr {
        self.output(name)
    }
}

impl OutputSource for expr::Steps {
    fn output_expr(&self, name: &str) -> Expr {
        self.output(name)
    }
}

impl OutputSource for expr::Jobs {
    fn output_expr(&self, name: &str) -> Expr {
        self.output(name)
    }
}

impl OutputSource for JobRef {
    fn output_expr(&self, name: &str) -> Expr {
        self.output(name)
    }
}

impl OutputSource for StepRef {
    fn output_expr(&self, name: &str) -> Expr {
        self.output(name)
    }
}

impl<T: OutputSource + ?Sized> OutputSource for &T {
    fn output_expr(&self, name: &str) -> Expr {
        (**self).output_expr(name)
    }
}
