//! Composite actions and reusable workflows of a repository, defined once and called with types: the
//! definition knows its path, so the same value writes the file and builds the step or job that calls it.
//!
//! - [`LocalAction`]: an action metadata file at `./.github/actions/<name>`; [`LocalAction::step`] and
//!   [`LocalAction::step_with`] give the step that uses it, [`LocalAction::output`] reads a declared
//!   output from that step.
//! - [`ReusableWorkflow`]: a workflow with `on: workflow_call` at `./.github/workflows/<name>.yml`;
//!   [`ReusableWorkflow::call`] and [`ReusableWorkflow::call_with`] give the calling job,
//!   [`ReusableWorkflow::output`] reads a declared output through `needs`.
//! - [`Step::script`]: the easy way to hand expressions to a script: each one is bound to an environment
//!   variable and the script reads `"$NAME"`, so no `${{ }}` is ever pasted into shell text.
//!
//! Put the files of a repository in a [`SetFile`] list with [`LocalAction::set_file`] and
//! [`ReusableWorkflow::set_file`], and [`validate_set`](crate::validate::validate_set) checks every call.
//!
//! ```
//! use pipeline_core::model::{Action, ActionInput, ActionOutput, Input, Job, Step, Trigger, Workflow};
//! use pipeline_core::reuse::{LocalAction, ReusableWorkflow};
//!
//! let greet = LocalAction::new(
//!     "./.github/actions/greet",
//!     Action::composite("Greet", "Says hello")
//!         .input("who", ActionInput::required("Who to greet"))
//!         .step(Step::script(|env| format!("echo \"Hello {}\"", env.bind("WHO", "${{ inputs.who }}"))).shell("bash")),
//! );
//! let release = ReusableWorkflow::new(
//!     "./.github/workflows/release.yml",
//!     Workflow::new("Release")
//!         .on(Trigger::workflow_call().input("version", Input::string().required(true)))
//!         .job("tag", Job::new("ubuntu-latest").step(greet.step().with("who", "release"))),
//! );
//! let caller = release.call().with("version", "1.2.3");
//! assert_eq!(caller.uses.as_deref(), Some("./.github/workflows/release.yml"));
//! assert_eq!(greet.file(), ".github/actions/greet/action.yml");
//! ```

use crate::expr::Expr;
use crate::model::{Action, Event, EventConfig, Job, JobRef, Step, StepRef, Value, Workflow};
use crate::typed::Inputs;
use crate::validate::SetFile;

/// `./path` with `/` separators, without a trailing `/` or a doubled `./`.
fn local_path(path: &str) -> String {
    let path = path.replace('\\', "/");
    let trimmed = path.trim_start_matches("./").trim_end_matches('/');
    format!("./{trimmed}")
}

/// An action of this repository: its metadata and the folder that holds `action.yml`.
///
/// ```
/// use pipeline_core::model::{Action, Step};
/// use pipeline_core::reuse::LocalAction;
/// let deploy = LocalAction::new(".github/actions/deploy", Action::composite("Deploy", "Deploys"));
/// assert_eq!(deploy.path(), "./.github/actions/deploy");
/// assert_eq!(deploy.step().uses.as_deref(), Some("./.github/actions/deploy"));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct LocalAction {
    path: String,
    action: Action,
}

impl LocalAction {
    /// The action at `path`, a folder from the repository root (`./.github/actions/deploy`; the `./` is
    /// added when missing).
    ///
    /// ```
    /// use pipeline_core::model::Action;
    /// let a = pipeline_core::reuse::LocalAction::new(".github/actions/deploy/", Action::composite("Deploy", "Deploys"));
    /// assert_eq!(a.path(), "./.github/actions/deploy");
    /// ```
    #[must_use]
    pub fn new(path: impl Into<String>, action: Action) -> Self {
        Self {
            path: local_path(&path.into()),
            action,
        }
    }

    /// The path a step's `uses:` names: `./.github/actions/deploy`.
    ///
    /// ```
    /// use pipeline_core::model::Action;
    /// let a = pipeline_core::reuse::LocalAction::new("./.github/actions/deploy", Action::composite("Deploy", "Deploys"));
    /// assert_eq!(a.path(), "./.github/actions/deploy");
    /// ```
    #[must_use]
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The metadata file from the repository root: `.github/actions/deploy/action.yml`.
    ///
    /// ```
    /// use pipeline_core::model::Action;
    /// let a = pipeline_core::reuse::LocalAction::new("./tools/lint", Action::composite("Lint", "Lints"));
    /// assert_eq!(a.file(), "tools/lint/action.yml");
    /// ```
    #[must_use]
    pub fn file(&self) -> String {
        format!("{}/action.yml", self.path.trim_start_matches("./"))
    }

    /// The metadata.
    ///
    /// ```
    /// use pipeline_core::model::Action;
    /// let a = pipeline_core::reuse::LocalAction::new("./.github/actions/deploy", Action::composite("Deploy", "Deploys"));
    /// assert_eq!(a.action().name.as_deref(), Some("Deploy"));
    /// ```
    #[must_use]
    pub fn action(&self) -> &Action {
        &self.action
    }

    /// The step that uses the action, without inputs; add them with `.with(..)`, or use
    /// [`LocalAction::step_with`]. The repository must be checked out earlier in the job.
    ///
    /// ```
    /// use pipeline_core::model::Action;
    /// let a = pipeline_core::reuse::LocalAction::new("./.github/actions/deploy", Action::composite("Deploy", "Deploys"));
    /// let step = a.step().with("environment", "staging");
    /// assert_eq!(step.uses.as_deref(), Some("./.github/actions/deploy"));
    /// ```
    #[must_use]
    #[track_caller]
    pub fn step(&self) -> Step {
        Step::uses(self.path.as_str())
    }

    /// The step that uses the action with typed inputs (a `#[derive(Inputs)]` struct).
    ///
    /// ```
    /// use indexmap::IndexMap;
    /// use pipeline_core::model::{Action, ActionInput, Input, Mapping, Value};
    /// use pipeline_core::reuse::LocalAction;
    /// use pipeline_core::typed::Inputs;
    ///
    /// struct Greet { who: String }
    /// impl Inputs for Greet {
    ///     fn inputs() -> IndexMap<String, Input> {
    ///         IndexMap::from_iter([("who".to_owned(), Input::string().required(true))])
    ///     }
    ///     fn action_inputs() -> IndexMap<String, ActionInput> {
    ///         IndexMap::from_iter([("who".to_owned(), ActionInput::required("Who to greet"))])
    ///     }
    ///     fn with(&self) -> Mapping {
    ///         Mapping::from_iter([("who".to_owned(), Value::from(self.who.as_str()))])
    ///     }
    /// }
    ///
    /// let greet = LocalAction::new("./.github/actions/greet", Greet::add_to_action(Action::composite("Greet", "Says hello")));
    /// let step = greet.step_with(&Greet { who: "world".into() });
    /// assert_eq!(step.with.unwrap()["who"], Value::from("world"));
    /// ```
    #[must_use]
    #[track_caller]
    pub fn step_with(&self, inputs: &impl Inputs) -> Step {
        inputs.add_to_step(self.step())
    }

    /// `steps.<id>.outputs.<name>` of the step that used the action, when the action declares `name`.
    ///
    /// ```
    /// use pipeline_core::model::{Action, ActionOutput, Job, Step};
    /// use pipeline_core::reuse::LocalAction;
    /// let deploy = LocalAction::new(
    ///     "./.github/actions/deploy",
    ///     Action::composite("Deploy", "Deploys").output("url", ActionOutput::new("Where it went", "${{ steps.run.outputs.url }}")),
    /// );
    /// let mut job = Job::new("ubuntu-latest");
    /// let step = job.add_step("deploy", deploy.step());
    /// assert_eq!(deploy.output(&step, "url").unwrap().to_string(), "${{ steps.deploy.outputs.url }}");
    /// assert!(deploy.output(&step, "nope").is_none());
    /// ```
    #[must_use]
    pub fn output(&self, step: &StepRef, name: &str) -> Option<Expr> {
        let declared = self
            .action
            .outputs
            .as_ref()
            .is_some_and(|o| o.keys().any(|k| k.eq_ignore_ascii_case(name)));
        declared.then(|| step.output(name))
    }

    /// The action as a file of a set, for [`validate_set`](crate::validate::validate_set).
    ///
    /// ```
    /// use pipeline_core::model::Action;
    /// let a = pipeline_core::reuse::LocalAction::new("./.github/actions/a", Action::composite("A", "B"));
    /// assert!(a.set_file().is_action());
    /// ```
    #[must_use]
    pub fn set_file(&self) -> SetFile {
        SetFile::action(self.file(), self.action.clone())
    }
}

/// A reusable workflow of this repository: a workflow started by `workflow_call`, and its file.
///
/// ```
/// use pipeline_core::model::{Input, Job, Step, Trigger, Workflow};
/// use pipeline_core::reuse::ReusableWorkflow;
/// let test = ReusableWorkflow::new(
///     ".github/workflows/test.yml",
///     Workflow::new("Test")
///         .on(Trigger::workflow_call().input("toolchain", Input::string().default("stable")))
///         .job("test", Job::new("ubuntu-latest").step(Step::run("cargo test"))),
/// );
/// assert!(test.is_reusable());
/// assert_eq!(test.call().uses.as_deref(), Some("./.github/workflows/test.yml"));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct ReusableWorkflow {
    path: String,
    workflow: Workflow,
}

impl ReusableWorkflow {
    /// The workflow at `path`, a file from the repository root (`./.github/workflows/deploy.yml`; the
    /// `./` is added when missing). Give it `on(Trigger::workflow_call()..)`, or
    /// `on(MyInputs::workflow_call())` with `#[derive(Inputs)]`.
    ///
    /// ```
    /// use pipeline_core::model::{Trigger, Workflow};
    /// let w = pipeline_core::reuse::ReusableWorkflow::new(".github/workflows/deploy.yml", Workflow::new("Deploy").on(Trigger::workflow_call()));
    /// assert_eq!(w.path(), "./.github/workflows/deploy.yml");
    /// ```
    #[must_use]
    pub fn new(path: impl Into<String>, workflow: Workflow) -> Self {
        Self {
            path: local_path(&path.into()),
            workflow,
        }
    }

    /// The path a job's `uses:` names: `./.github/workflows/deploy.yml`.
    ///
    /// ```
    /// use pipeline_core::model::{Trigger, Workflow};
    /// let w = pipeline_core::reuse::ReusableWorkflow::new("./.github/workflows/deploy.yml", Workflow::new("Deploy").on(Trigger::workflow_call()));
    /// assert_eq!(w.path(), "./.github/workflows/deploy.yml");
    /// ```
    #[must_use]
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The file from the repository root: `.github/workflows/deploy.yml`.
    ///
    /// ```
    /// use pipeline_core::model::{Trigger, Workflow};
    /// let w = pipeline_core::reuse::ReusableWorkflow::new("./.github/workflows/deploy.yml", Workflow::new("Deploy").on(Trigger::workflow_call()));
    /// assert_eq!(w.file(), ".github/workflows/deploy.yml");
    /// ```
    #[must_use]
    pub fn file(&self) -> &str {
        self.path.trim_start_matches("./")
    }

    /// The workflow.
    ///
    /// ```
    /// use pipeline_core::model::{Trigger, Workflow};
    /// let w = pipeline_core::reuse::ReusableWorkflow::new("./.github/workflows/deploy.yml", Workflow::new("Deploy").on(Trigger::workflow_call()));
    /// assert_eq!(w.workflow().name.as_deref(), Some("Deploy"));
    /// ```
    #[must_use]
    pub fn workflow(&self) -> &Workflow {
        &self.workflow
    }

    /// Whether `on` has `workflow_call`: only then can a job call it.
    ///
    /// ```
    /// use pipeline_core::model::{Event, Trigger, Workflow};
    /// use pipeline_core::reuse::ReusableWorkflow;
    /// assert!(ReusableWorkflow::new("./.github/workflows/a.yml", Workflow::new("A").on(Trigger::workflow_call())).is_reusable());
    /// assert!(!ReusableWorkflow::new("./.github/workflows/b.yml", Workflow::new("B").on(Event::Push)).is_reusable());
    /// ```
    #[must_use]
    pub fn is_reusable(&self) -> bool {
        self.workflow.on.has(&Event::WorkflowCall)
    }

    /// The job that calls the workflow, without inputs; add them with `.with(..)` and secrets with
    /// `.secret(..)` or `.secrets_inherit()`.
    ///
    /// ```
    /// use pipeline_core::model::{Trigger, Workflow};
    /// let w = pipeline_core::reuse::ReusableWorkflow::new("./.github/workflows/deploy.yml", Workflow::new("Deploy").on(Trigger::workflow_call()));
    /// let job = w.call().with("environment", "staging").secrets_inherit();
    /// assert!(job.is_call() && job.uses.as_deref() == Some("./.github/workflows/deploy.yml"));
    /// ```
    #[must_use]
    #[track_caller]
    pub fn call(&self) -> Job {
        Job::call(self.path.as_str())
    }

    /// The job that calls the workflow with typed inputs (a `#[derive(Inputs)]` struct).
    ///
    /// ```
    /// use indexmap::IndexMap;
    /// use pipeline_core::model::{ActionInput, Input, Mapping, Trigger, Value, Workflow};
    /// use pipeline_core::reuse::ReusableWorkflow;
    /// use pipeline_core::typed::Inputs;
    ///
    /// struct Deploy { environment: String }
    /// impl Inputs for Deploy {
    ///     fn inputs() -> IndexMap<String, Input> {
    ///         IndexMap::from_iter([("environment".to_owned(), Input::string().required(true))])
    ///     }
    ///     fn action_inputs() -> IndexMap<String, ActionInput> { IndexMap::new() }
    ///     fn with(&self) -> Mapping {
    ///         Mapping::from_iter([("environment".to_owned(), Value::from(self.environment.as_str()))])
    ///     }
    /// }
    ///
    /// let deploy = ReusableWorkflow::new("./.github/workflows/deploy.yml", Workflow::new("Deploy").on(Deploy::workflow_call()));
    /// let job = deploy.call_with(&Deploy { environment: "staging".into() }).secrets_inherit();
    /// assert_eq!(job.with.unwrap()["environment"], Value::from("staging"));
    /// ```
    #[must_use]
    #[track_caller]
    pub fn call_with(&self, inputs: &impl Inputs) -> Job {
        inputs.add_to_job(self.call())
    }

    /// The names of the outputs `workflow_call` declares.
    ///
    /// ```
    /// use pipeline_core::model::{Trigger, Workflow};
    /// let w = pipeline_core::reuse::ReusableWorkflow::new(
    ///     "./.github/workflows/build.yml",
    ///     Workflow::new("Build").on(Trigger::workflow_call().output("digest", "${{ jobs.build.outputs.digest }}")),
    /// );
    /// assert_eq!(w.output_names(), ["digest"]);
    /// ```
    #[must_use]
    pub fn output_names(&self) -> Vec<&str> {
        match self.workflow.on.config(&Event::WorkflowCall) {
            Some(EventConfig::WorkflowCall(call)) => call
                .outputs
                .iter()
                .flatten()
                .map(|(name, _)| name.as_str())
                .collect(),
            _ => Vec::new(),
        }
    }

    /// `needs.<call>.outputs.<name>`, read in a job that needs the calling job, when the workflow
    /// declares `name`.
    ///
    /// ```
    /// use pipeline_core::model::{Trigger, Workflow};
    /// use pipeline_core::reuse::ReusableWorkflow;
    /// let build = ReusableWorkflow::new(
    ///     "./.github/workflows/build.yml",
    ///     Workflow::new("Build").on(Trigger::workflow_call().output("digest", "${{ jobs.build.outputs.digest }}")),
    /// );
    /// let mut ci = Workflow::new("CI");
    /// let call = ci.add_job("build", build.call());
    /// assert_eq!(build.output(&call, "digest").unwrap().to_string(), "${{ needs.build.outputs.digest }}");
    /// assert!(build.output(&call, "tag").is_none());
    /// ```
    #[must_use]
    pub fn output(&self, call: &JobRef, name: &str) -> Option<Expr> {
        self.output_names()
            .iter()
            .any(|n| n.eq_ignore_ascii_case(name))
            .then(|| call.output(name))
    }

    /// The workflow as a file of a set, for [`validate_set`](crate::validate::validate_set).
    ///
    /// ```
    /// use pipeline_core::model::Workflow;
    /// let w = pipeline_core::reuse::ReusableWorkflow::new("./.github/workflows/x.yml", Workflow::new("X"));
    /// assert_eq!(w.set_file().path(), ".github/workflows/x.yml");
    /// ```
    #[must_use]
    pub fn set_file(&self) -> SetFile {
        SetFile::workflow(self.file(), self.workflow.clone())
    }
}

/// The environment variables a script reads, collected while [`Step::script`] builds its text.
///
/// ```
/// use pipeline_core::model::Step;
/// let step = Step::script(|env| format!("git tag {}", env.bind("VERSION", "${{ inputs.version }}")));
/// assert_eq!(step.run.as_deref(), Some("git tag \"$VERSION\""));
/// assert!(step.env.is_some());
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ScriptEnv {
    vars: Vec<(String, Value)>,
}

impl ScriptEnv {
    /// Binds `value` (an expression, usually) to the environment variable `name` and returns the text
    /// that reads it in a POSIX shell or PowerShell script: `"$NAME"`, quoted, so the value is one word
    /// whatever it holds.
    ///
    /// ```
    /// let mut env = pipeline_core::reuse::ScriptEnv::default();
    /// assert_eq!(env.bind("REF", "${{ github.head_ref }}"), "\"$REF\"");
    /// ```
    pub fn bind(&mut self, name: impl Into<String>, value: impl Into<Value>) -> String {
        let name = name.into();
        let read = format!("\"${name}\"");
        self.vars.push((name, value.into()));
        read
    }
}

impl Step {
    /// A step that runs a script whose expressions are bound to environment variables: `build` gets a
    /// [`ScriptEnv`], binds each value with [`ScriptEnv::bind`] and writes `"$NAME"` where it goes. The
    /// script text holds no `${{ }}`, so a value cannot inject shell code.
    ///
    /// ```
    /// use pipeline_core::expr::{github, inputs};
    /// use pipeline_core::model::Step;
    /// let step = Step::script(|env| {
    ///     let reference = env.bind("REF", github::head_ref());
    ///     let environment = env.bind("ENVIRONMENT", inputs("environment"));
    ///     format!("echo \"Deploying {reference}\"\n./deploy.sh {environment}")
    /// });
    /// assert!(!step.run.as_deref().unwrap().contains("${{"));
    /// assert_eq!(step.env.as_ref().map(|_| ()), Some(()));
    /// ```
    #[must_use]
    #[track_caller]
    pub fn script(build: impl FnOnce(&mut ScriptEnv) -> String) -> Self {
        let mut env = ScriptEnv::default();
        let text = build(&mut env);
        env.vars
            .into_iter()
            .fold(Self::run(text), |step, (name, value)| step.env(name, value))
    }
}
