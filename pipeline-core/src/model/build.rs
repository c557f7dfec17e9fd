//! The builder API: chaining methods on the model types, so every part of a workflow or action can be
//! written in Rust without struct literals.
//!
//! Constructors take what GitHub cannot do without (`Job::new` takes the runner, `Step::run` the script);
//! every other key is a method named after it. Methods take and return `self`, so a job or a list of steps is
//! a plain value: return it from a function, clone it, extend it, override it.
//!
//! `Workflow::new`, `Job::new`, `Job::call`, `Step::run` and `Step::uses` record the line of Rust that called
//! them, so diagnostics can point there.

use super::On;
use super::{
    Action, ActionInput, ActionOutput, Branding, CompositeRuns, Concurrency, ConcurrencyConfig,
    ConcurrencyQueue, Container, ContainerConfig, Credentials, Cron, Defaults, DockerRuns,
    Environment, EnvironmentConfig, Event, EventConfig, ExprOr, Filters, Input, InputType, Job,
    Mapping, Matrix, NodeRuns, Number, OneOrMany, Origin, PermissionLevel, PermissionScope,
    Permissions, RunDefaults, RunnerGroup, Runs, RunsOn, Secrets, Snapshot, SnapshotConfig, Step,
    Strategy, Trigger, Value, WaitAll, Workflow, WorkflowCall, WorkflowCallOutput,
    WorkflowCallSecret, WorkflowDispatch,
};
use indexmap::IndexMap;

fn strings<I, S>(items: I) -> Vec<String>
where
    I: IntoIterator<Item = S>,
    S: Into<String>,
{
    items.into_iter().map(Into::into).collect()
}

fn insert_env(env: &mut Option<ExprOr<Mapping>>, key: String, value: Value) {
    match env {
        Some(ExprOr::Value(map)) => {
            map.insert(key, value);
        }
        _ => *env = Some(ExprOr::Value(Mapping::from([(key, value)]))),
    }
}

/// `actions/checkout` pinned to a commit: a tag can be moved, a commit cannot.
const CHECKOUT: &str = "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1";
/// The release that commit is.
const CHECKOUT_VERSION: &str = "v7.0.1";

impl Workflow {
    /// A workflow with a `name`, started by nothing yet: add triggers with [`Workflow::on`].
    ///
    /// ```
    /// use pipeline_core::model::{Job, Step, Trigger, Workflow};
    /// let ci = Workflow::new("CI")
    ///     .on(Trigger::push().branches(["main"]))
    ///     .on(Trigger::pull_request())
    ///     .least_privilege()
    ///     .job("test", Job::new("ubuntu-latest").step(Step::checkout()).step(Step::run("cargo test")));
    /// assert_eq!(ci.jobs.len(), 1);
    /// ```
    #[must_use]
    #[track_caller]
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: Some(name.into()),
            origin: Origin::caller(),
            ..Self::default()
        }
    }

    /// Sets `description`: what the workflow is for.
    ///
    /// ```
    /// let w = pipeline_core::model::Workflow::new("CI").description("Builds and tests every push");
    /// assert_eq!(w.description.as_deref(), Some("Builds and tests every push"));
    /// ```
    #[must_use]
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Sets `run-name`, the name of each run.
    ///
    /// ```
    /// let w = pipeline_core::model::Workflow::new("Deploy").run_name("Deploy by ${{ github.actor }}");
    /// assert!(w.run_name.is_some());
    /// ```
    #[must_use]
    pub fn run_name(mut self, run_name: impl Into<String>) -> Self {
        self.run_name = Some(run_name.into());
        self
    }

    /// Adds a trigger to `on` (an [`Event`] alone, or a configured [`Trigger`]).
    ///
    /// ```
    /// use pipeline_core::model::{Event, Trigger, Workflow};
    /// let w = Workflow::new("CI").on(Event::WorkflowDispatch).on(Trigger::schedule("0 3 * * 1"));
    /// assert!(w.on.has(&Event::Schedule));
    /// ```
    #[must_use]
    pub fn on(mut self, trigger: impl Into<Trigger>) -> Self {
        self.on.insert(trigger.into());
        self
    }

    /// Sets `on` to a short list of events without configuration: `on: [push, pull_request]`.
    ///
    /// ```
    /// use pipeline_core::model::{Event, Workflow};
    /// let w = Workflow::new("CI").on_events([Event::Push, Event::PullRequest]);
    /// assert!(w.on.has(&Event::PullRequest));
    /// ```
    #[must_use]
    pub fn on_events(mut self, events: impl IntoIterator<Item = Event>) -> Self {
        self.on = On::Events(events.into_iter().collect());
        self
    }

    /// Sets `permissions` for every job.
    ///
    /// ```
    /// use pipeline_core::model::{Permissions, Workflow};
    /// let w = Workflow::new("CI").permissions(Permissions::none());
    /// assert_eq!(w.permissions, Some(Permissions::none()));
    /// ```
    #[must_use]
    pub fn permissions(mut self, permissions: impl Into<Permissions>) -> Self {
        self.permissions = Some(permissions.into());
        self
    }

    /// Least privilege in one call: `permissions: { contents: read }` for every job. Jobs that need more
    /// ask for it themselves with [`Job::permissions`].
    ///
    /// ```
    /// use pipeline_core::model::{Permissions, Workflow};
    /// assert_eq!(Workflow::new("CI").least_privilege().permissions, Some(Permissions::read_contents()));
    /// ```
    #[must_use]
    pub fn least_privilege(self) -> Self {
        self.permissions(Permissions::read_contents())
    }

    /// Adds an `env` variable for every job.
    ///
    /// ```
    /// let w = pipeline_core::model::Workflow::new("CI").env("CARGO_TERM_COLOR", "always");
    /// assert!(w.env.is_some());
    /// ```
    #[must_use]
    pub fn env(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        insert_env(&mut self.env, name.into(), value.into());
        self
    }

    /// Sets `defaults.run` for every job.
    ///
    /// ```
    /// use pipeline_core::model::{Defaults, Workflow};
    /// let w = Workflow::new("CI").defaults(Defaults::run().shell("bash"));
    /// assert!(w.defaults.is_some());
    /// ```
    #[must_use]
    pub fn defaults(mut self, defaults: impl Into<Defaults>) -> Self {
        self.defaults = Some(defaults.into());
        self
    }

    /// Sets `concurrency` for the whole workflow.
    ///
    /// ```
    /// use pipeline_core::model::{Concurrency, Workflow};
    /// let w = Workflow::new("CI")
    ///     .concurrency(Concurrency::group("${{ github.workflow }}-${{ github.ref }}").cancel_in_progress(true));
    /// assert!(w.concurrency.is_some());
    /// ```
    #[must_use]
    pub fn concurrency(mut self, concurrency: impl Into<Concurrency>) -> Self {
        self.concurrency = Some(concurrency.into());
        self
    }

    /// Adds a job under `jobs` (replacing one with the same id).
    ///
    /// ```
    /// use pipeline_core::model::{Job, Workflow};
    /// let w = Workflow::new("CI").job("lint", Job::new("ubuntu-latest"));
    /// assert!(w.jobs.contains_key("lint"));
    /// ```
    #[must_use]
    pub fn job(mut self, id: impl Into<String>, job: Job) -> Self {
        self.jobs.insert(id.into(), job);
        self
    }
}

impl From<Event> for Trigger {
    fn from(event: Event) -> Self {
        Trigger {
            event,
            config: None,
        }
    }
}

macro_rules! filter_triggers {
    ($($(#[$meta:meta])* $fn:ident => $event:ident,)*) => {
        impl Trigger {
            $(
                $(#[$meta])*
                pub fn $fn() -> EventTrigger {
                    EventTrigger::new(Event::$event)
                }
            )*
        }
    };
}

filter_triggers! {
    /// `push`, to be narrowed with branch, tag and path filters.
    ///
    /// ```
    /// use pipeline_core::model::{Trigger, Workflow};
    /// let w = Workflow::new("CI").on(Trigger::push().branches(["main"]).paths_ignore(["docs/**"]));
    /// # assert_eq!(w.on.events().count(), 1);
    /// ```
    push => Push,
    /// `pull_request`, to be narrowed with `types`, branch and path filters.
    ///
    /// ```
    /// use pipeline_core::model::Trigger;
    /// let t = Trigger::pull_request().types(["opened", "synchronize"]).branches(["main"]);
    /// # let _ = t;
    /// ```
    pull_request => PullRequest,
    /// `pull_request_target`: runs in the base repository's context; handle untrusted code with care.
    ///
    /// ```
    /// let t = pipeline_core::model::Trigger::pull_request_target().types(["labeled"]);
    /// # let _ = t;
    /// ```
    pull_request_target => PullRequestTarget,
    /// `merge_group`, for merge queues.
    ///
    /// ```
    /// let t = pipeline_core::model::Trigger::merge_group().types(["checks_requested"]);
    /// # let _ = t;
    /// ```
    merge_group => MergeGroup,
    /// `release`, narrowed by activity `types`.
    ///
    /// ```
    /// let t = pipeline_core::model::Trigger::release().types(["published"]);
    /// # let _ = t;
    /// ```
    release => Release,
    /// `repository_dispatch`, narrowed by event `types`.
    ///
    /// ```
    /// let t = pipeline_core::model::Trigger::repository_dispatch().types(["deploy"]);
    /// # let _ = t;
    /// ```
    repository_dispatch => RepositoryDispatch,
    /// `issues`, narrowed by activity `types`.
    ///
    /// ```
    /// let t = pipeline_core::model::Trigger::issues().types(["opened"]);
    /// # let _ = t;
    /// ```
    issues => Issues,
    /// `issue_comment`, narrowed by activity `types`.
    ///
    /// ```
    /// let t = pipeline_core::model::Trigger::issue_comment().types(["created"]);
    /// # let _ = t;
    /// ```
    issue_comment => IssueComment,
}

impl Trigger {
    /// Any event, to be configured with activity types and filters where it takes them.
    ///
    /// ```
    /// use pipeline_core::model::{Event, Trigger};
    /// let t = Trigger::event(Event::Discussion).types(["created"]);
    /// # let _ = t;
    /// ```
    pub fn event(event: impl Into<Event>) -> EventTrigger {
        EventTrigger::new(event.into())
    }

    /// `workflow_run`: after the named workflows run.
    ///
    /// ```
    /// let t = pipeline_core::model::Trigger::workflow_run(["CI"]).types(["completed"]).branches(["main"]);
    /// # let _ = t;
    /// ```
    pub fn workflow_run<I, S>(workflows: I) -> EventTrigger
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let mut trigger = EventTrigger::new(Event::WorkflowRun);
        trigger.filters.workflows = Some(OneOrMany::Many(strings(workflows)));
        trigger
    }

    /// `schedule` with one cron (five fields, UTC); add more with [`ScheduleTrigger::cron`].
    ///
    /// ```
    /// let t = pipeline_core::model::Trigger::schedule("0 3 * * 1").cron("0 12 * * *");
    /// # let _ = t;
    /// ```
    pub fn schedule(cron: impl Into<String>) -> ScheduleTrigger {
        ScheduleTrigger {
            crons: vec![Cron {
                cron: cron.into(),
                timezone: None,
            }],
        }
    }

    /// `workflow_dispatch`: a manual run, with inputs added by [`DispatchTrigger::input`].
    ///
    /// ```
    /// use pipeline_core::model::{Input, Trigger};
    /// let t = Trigger::workflow_dispatch().input("dry-run", Input::boolean().default(true));
    /// # let _ = t;
    /// ```
    pub fn workflow_dispatch() -> DispatchTrigger {
        DispatchTrigger {
            dispatch: WorkflowDispatch::default(),
        }
    }

    /// `workflow_call`: makes the workflow reusable, with inputs, outputs and secrets.
    ///
    /// ```
    /// use pipeline_core::model::{Input, Trigger};
    /// let t = Trigger::workflow_call()
    ///     .input("environment", Input::string().required(true))
    ///     .output("url", "${{ jobs.deploy.outputs.url }}")
    ///     .secret("token", true);
    /// # let _ = t;
    /// ```
    pub fn workflow_call() -> CallTrigger {
        CallTrigger {
            call: WorkflowCall::default(),
        }
    }
}

/// An event with activity types and filters, from [`Trigger::push`] and its siblings.
#[derive(Clone, Debug, PartialEq)]
#[must_use]
pub struct EventTrigger {
    event: Event,
    filters: Filters,
}

/// What a filter setter takes ([`EventTrigger::branches`] and its siblings): one item, written as a
/// scalar (`types: closed`), or a list, written as a list (`branches: [main]`), as the author chose.
///
/// ```
/// use pipeline_core::model::{EventConfig, OneOrMany, Trigger};
/// let one: Trigger = Trigger::pull_request().types("closed").into();
/// let Some(EventConfig::Filters(f)) = one.config else { unreachable!() };
/// assert_eq!(f.types, Some(OneOrMany::One("closed".into())));
/// let list: Trigger = Trigger::pull_request().types(["closed"]).into();
/// let Some(EventConfig::Filters(f)) = list.config else { unreachable!() };
/// assert_eq!(f.types, Some(OneOrMany::Many(vec!["closed".into()])));
/// ```
pub trait FilterItems {
    /// The item or items, in the form given.
    fn into_items(self) -> OneOrMany<String>;
}

impl FilterItems for &str {
    fn into_items(self) -> OneOrMany<String> {
        OneOrMany::One(self.to_owned())
    }
}

impl FilterItems for String {
    fn into_items(self) -> OneOrMany<String> {
        OneOrMany::One(self)
    }
}

impl FilterItems for &String {
    fn into_items(self) -> OneOrMany<String> {
        OneOrMany::One(self.clone())
    }
}

impl<S: Into<String>, const N: usize> FilterItems for [S; N] {
    fn into_items(self) -> OneOrMany<String> {
        OneOrMany::Many(self.into_iter().map(Into::into).collect())
    }
}

impl<S: Into<String>> FilterItems for Vec<S> {
    fn into_items(self) -> OneOrMany<String> {
        OneOrMany::Many(self.into_iter().map(Into::into).collect())
    }
}

impl<S: Into<String> + Clone> FilterItems for &[S] {
    fn into_items(self) -> OneOrMany<String> {
        OneOrMany::Many(self.iter().cloned().map(Into::into).collect())
    }
}

macro_rules! filter_methods {
    ($($(#[$meta:meta])* $method:ident => $field:ident,)*) => {
        impl EventTrigger {
            fn new(event: Event) -> Self {
                Self { event, filters: Filters::default() }
            }
            $(
                $(#[$meta])*
                ///
                /// One item is written as a scalar, a list as a list ([`FilterItems`]); a second
                /// call adds to the list.
                pub fn $method(mut self, items: impl FilterItems) -> Self {
                    let items = items.into_items();
                    self.filters.$field = Some(match self.filters.$field.take() {
                        None => items,
                        Some(before) => {
                            let mut list: Vec<String> = before.iter().cloned().collect();
                            list.extend(items.iter().cloned());
                            OneOrMany::Many(list)
                        }
                    });
                    self
                }
            )*
        }
    };
}

filter_methods! {
    /// Adds activity `types`.
    ///
    /// ```
    /// use pipeline_core::model::{EventConfig, Trigger};
    /// let trigger: Trigger = Trigger::pull_request().types(["opened"]).into();
    /// assert!(matches!(trigger.config, Some(EventConfig::Filters(f)) if f.types.is_some()));
    /// ```
    types => types,
    /// Adds `branches` patterns.
    ///
    /// ```
    /// use pipeline_core::model::{EventConfig, Trigger};
    /// let trigger: Trigger = Trigger::push().branches(["main"]).into();
    /// assert!(matches!(trigger.config, Some(EventConfig::Filters(f)) if f.branches.is_some()));
    /// ```
    branches => branches,
    /// Adds `branches-ignore` patterns.
    ///
    /// ```
    /// use pipeline_core::model::{EventConfig, Trigger};
    /// let trigger: Trigger = Trigger::push().branches_ignore(["wip/**"]).into();
    /// assert!(matches!(trigger.config, Some(EventConfig::Filters(f)) if f.branches_ignore.is_some()));
    /// ```
    branches_ignore => branches_ignore,
    /// Adds `tags` patterns.
    ///
    /// ```
    /// use pipeline_core::model::{EventConfig, Trigger};
    /// let trigger: Trigger = Trigger::push().tags(["v*"]).into();
    /// assert!(matches!(trigger.config, Some(EventConfig::Filters(f)) if f.tags.is_some()));
    /// ```
    tags => tags,
    /// Adds `tags-ignore` patterns.
    ///
    /// ```
    /// use pipeline_core::model::{EventConfig, Trigger};
    /// let trigger: Trigger = Trigger::push().tags_ignore(["v*-rc*"]).into();
    /// assert!(matches!(trigger.config, Some(EventConfig::Filters(f)) if f.tags_ignore.is_some()));
    /// ```
    tags_ignore => tags_ignore,
    /// Adds `paths` patterns.
    ///
    /// ```
    /// use pipeline_core::model::{EventConfig, Trigger};
    /// let trigger: Trigger = Trigger::push().paths(["src/**"]).into();
    /// assert!(matches!(trigger.config, Some(EventConfig::Filters(f)) if f.paths.is_some()));
    /// ```
    paths => paths,
    /// Adds `paths-ignore` patterns.
    ///
    /// ```
    /// use pipeline_core::model::{EventConfig, Trigger};
    /// let trigger: Trigger = Trigger::push().paths_ignore(["docs/**"]).into();
    /// assert!(matches!(trigger.config, Some(EventConfig::Filters(f)) if f.paths_ignore.is_some()));
    /// ```
    paths_ignore => paths_ignore,
    /// `names`: the custom runner images an `image_version` event follows.
    ///
    /// ```
    /// use pipeline_core::model::{Event, EventConfig, Trigger};
    /// let trigger: Trigger = Trigger::event(Event::ImageVersion).names(["ubuntu-build"]).versions(["2.*"]).into();
    /// assert!(matches!(trigger.config, Some(EventConfig::Filters(f)) if f.names.is_some() && f.versions.is_some()));
    /// ```
    names => names,
    /// `versions`: the image versions an `image_version` event follows.
    versions => versions,
    /// `workflows`: the workflows a `workflow_run` event follows.
    ///
    /// ```
    /// use pipeline_core::model::{Event, EventConfig, Trigger};
    /// let trigger: Trigger = Trigger::event(Event::WorkflowRun).workflows(["CI"]).into();
    /// assert!(matches!(trigger.config, Some(EventConfig::Filters(f)) if f.workflows.is_some()));
    /// ```
    workflows => workflows,
}

impl From<EventTrigger> for Trigger {
    fn from(trigger: EventTrigger) -> Self {
        let config = (trigger.filters != Filters::default())
            .then_some(EventConfig::Filters(trigger.filters));
        Trigger {
            event: trigger.event,
            config,
        }
    }
}

/// `schedule` with its crons, from [`Trigger::schedule`].
#[derive(Clone, Debug, PartialEq)]
#[must_use]
pub struct ScheduleTrigger {
    crons: Vec<Cron>,
}

impl ScheduleTrigger {
    /// Adds a cron.
    ///
    /// ```
    /// use pipeline_core::model::{EventConfig, Trigger};
    /// let trigger: Trigger = Trigger::schedule("0 3 * * 1").cron("0 12 * * *").into();
    /// let Some(EventConfig::Schedule(crons)) = trigger.config else { unreachable!() };
    /// assert_eq!(crons[1].cron, "0 12 * * *");
    /// ```
    pub fn cron(mut self, cron: impl Into<String>) -> Self {
        self.crons.push(Cron {
            cron: cron.into(),
            timezone: None,
        });
        self
    }

    /// Sets the IANA `timezone` of the cron added last.
    ///
    /// ```
    /// let t = pipeline_core::model::Trigger::schedule("0 9 * * 1-5").timezone("Europe/Paris");
    /// # let _ = t;
    /// ```
    pub fn timezone(mut self, timezone: impl Into<String>) -> Self {
        if let Some(last) = self.crons.last_mut() {
            last.timezone = Some(timezone.into());
        }
        self
    }
}

impl From<ScheduleTrigger> for Trigger {
    fn from(trigger: ScheduleTrigger) -> Self {
        Trigger {
            event: Event::Schedule,
            config: Some(EventConfig::Schedule(trigger.crons)),
        }
    }
}

/// `workflow_dispatch` with its inputs, from [`Trigger::workflow_dispatch`].
#[derive(Clone, Debug, PartialEq)]
#[must_use]
pub struct DispatchTrigger {
    dispatch: WorkflowDispatch,
}

impl DispatchTrigger {
    /// Adds an input.
    ///
    /// ```
    /// use pipeline_core::model::{EventConfig, Input, Trigger};
    /// let trigger: Trigger = Trigger::workflow_dispatch().input("dry-run", Input::boolean()).into();
    /// let Some(EventConfig::WorkflowDispatch(dispatch)) = trigger.config else { unreachable!() };
    /// assert!(dispatch.inputs.unwrap().contains_key("dry-run"));
    /// ```
    pub fn input(mut self, name: impl Into<String>, input: Input) -> Self {
        self.dispatch
            .inputs
            .get_or_insert_with(IndexMap::new)
            .insert(name.into(), input);
        self
    }
}

impl From<DispatchTrigger> for Trigger {
    fn from(trigger: DispatchTrigger) -> Self {
        let config = (trigger.dispatch != WorkflowDispatch::default())
            .then_some(EventConfig::WorkflowDispatch(trigger.dispatch));
        Trigger {
            event: Event::WorkflowDispatch,
            config,
        }
    }
}

/// `workflow_call` with its interface, from [`Trigger::workflow_call`].
#[derive(Clone, Debug, PartialEq)]
#[must_use]
pub struct CallTrigger {
    call: WorkflowCall,
}

impl CallTrigger {
    /// Adds an input (types: string, boolean, number).
    ///
    /// ```
    /// use pipeline_core::model::{EventConfig, Input, Trigger};
    /// let trigger: Trigger = Trigger::workflow_call().input("version", Input::string().required(true)).into();
    /// let Some(EventConfig::WorkflowCall(call)) = trigger.config else { unreachable!() };
    /// assert_eq!(call.inputs.unwrap()["version"].required, Some(true));
    /// ```
    pub fn input(mut self, name: impl Into<String>, input: Input) -> Self {
        self.call
            .inputs
            .get_or_insert_with(IndexMap::new)
            .insert(name.into(), input);
        self
    }

    /// Adds an output and the expression that gives its value.
    ///
    /// ```
    /// use pipeline_core::model::{EventConfig, Trigger};
    /// let trigger: Trigger = Trigger::workflow_call().output("url", "${{ jobs.deploy.outputs.url }}").into();
    /// let Some(EventConfig::WorkflowCall(call)) = trigger.config else { unreachable!() };
    /// assert_eq!(call.outputs.unwrap()["url"].value, "${{ jobs.deploy.outputs.url }}");
    /// ```
    pub fn output(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let output = WorkflowCallOutput {
            description: None,
            value: value.into(),
        };
        self.call
            .outputs
            .get_or_insert_with(IndexMap::new)
            .insert(name.into(), output);
        self
    }

    /// Adds an output with a description (shown to callers) and the expression that gives its value.
    ///
    /// ```
    /// use pipeline_core::model::{EventConfig, Trigger};
    /// let trigger: Trigger = Trigger::workflow_call()
    ///     .described_output("url", "Where the site went", "${{ jobs.deploy.outputs.url }}")
    ///     .into();
    /// let Some(EventConfig::WorkflowCall(call)) = trigger.config else { unreachable!() };
    /// assert_eq!(call.outputs.unwrap()["url"].description.as_deref(), Some("Where the site went"));
    /// ```
    pub fn described_output(
        mut self,
        name: impl Into<String>,
        description: impl Into<String>,
        value: impl Into<String>,
    ) -> Self {
        let output = WorkflowCallOutput {
            description: Some(description.into()),
            value: value.into(),
        };
        self.call
            .outputs
            .get_or_insert_with(IndexMap::new)
            .insert(name.into(), output);
        self
    }

    /// Adds a secret with a description, required or not.
    ///
    /// ```
    /// let t = pipeline_core::model::Trigger::workflow_call().described_secret("token", "Publishes the package", true);
    /// # let _ = t;
    /// ```
    pub fn described_secret(
        mut self,
        name: impl Into<String>,
        description: impl Into<String>,
        required: bool,
    ) -> Self {
        let secret = WorkflowCallSecret {
            description: Some(description.into()),
            required: Some(required),
        };
        self.call
            .secrets
            .get_or_insert_with(IndexMap::new)
            .insert(name.into(), Some(secret));
        self
    }

    /// Adds a secret, required or not.
    ///
    /// ```
    /// use pipeline_core::model::{EventConfig, Trigger};
    /// let trigger: Trigger = Trigger::workflow_call().secret("token", true).into();
    /// let Some(EventConfig::WorkflowCall(call)) = trigger.config else { unreachable!() };
    /// assert_eq!(call.secrets.unwrap()["token"].as_ref().and_then(|s| s.required), Some(true));
    /// ```
    pub fn secret(mut self, name: impl Into<String>, required: bool) -> Self {
        let secret = WorkflowCallSecret {
            description: None,
            required: Some(required),
        };
        self.call
            .secrets
            .get_or_insert_with(IndexMap::new)
            .insert(name.into(), Some(secret));
        self
    }
}

impl From<CallTrigger> for Trigger {
    fn from(trigger: CallTrigger) -> Self {
        let config = (trigger.call != WorkflowCall::default())
            .then_some(EventConfig::WorkflowCall(trigger.call));
        Trigger {
            event: Event::WorkflowCall,
            config,
        }
    }
}

impl Input {
    fn typed(r#type: InputType) -> Self {
        Self {
            r#type: Some(r#type),
            ..<Self as Default>::default()
        }
    }

    /// A `string` input.
    ///
    /// ```
    /// let input = pipeline_core::model::Input::string().description("Version to release").required(true);
    /// assert_eq!(input.required, Some(true));
    /// ```
    #[must_use]
    pub fn string() -> Self {
        Self::typed(InputType::String)
    }

    /// A `boolean` input.
    ///
    /// ```
    /// use pipeline_core::model::{Input, InputType};
    /// assert_eq!(Input::boolean().default(false).r#type, Some(InputType::Boolean));
    /// ```
    #[must_use]
    pub fn boolean() -> Self {
        Self::typed(InputType::Boolean)
    }

    /// A `number` input.
    ///
    /// ```
    /// use pipeline_core::model::{Input, InputType};
    /// assert_eq!(Input::number().default(3).r#type, Some(InputType::Number));
    /// ```
    #[must_use]
    pub fn number() -> Self {
        Self::typed(InputType::Number)
    }

    /// A `choice` input with its options (dispatch only).
    ///
    /// ```
    /// let input = pipeline_core::model::Input::choice(["staging", "production"]).default("staging");
    /// assert_eq!(input.options.as_ref().map(Vec::len), Some(2));
    /// ```
    #[must_use]
    pub fn choice<I, S>(options: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self {
            options: Some(strings(options)),
            ..Self::typed(InputType::Choice)
        }
    }

    /// An `environment` input (dispatch only).
    ///
    /// ```
    /// use pipeline_core::model::{Input, InputType};
    /// assert_eq!(Input::environment().required(true).r#type, Some(InputType::Environment));
    /// ```
    #[must_use]
    pub fn environment() -> Self {
        Self::typed(InputType::Environment)
    }

    /// Sets `description`.
    ///
    /// ```
    /// let input = pipeline_core::model::Input::string().description("Version to release");
    /// assert_eq!(input.description.as_deref(), Some("Version to release"));
    /// ```
    #[must_use]
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Sets `required`.
    ///
    /// ```
    /// let input = pipeline_core::model::Input::string().required(true);
    /// assert_eq!(input.required, Some(true));
    /// ```
    #[must_use]
    pub fn required(mut self, required: bool) -> Self {
        self.required = Some(required);
        self
    }

    /// Sets `default`.
    ///
    /// ```
    /// use pipeline_core::model::{Input, Value};
    /// assert_eq!(Input::number().default(3).default, Some(Value::from(3)));
    /// ```
    #[must_use]
    pub fn default(mut self, default: impl Into<Value>) -> Self {
        self.default = Some(default.into());
        self
    }
}

impl Permissions {
    /// `permissions: {}`: the token can do nothing.
    ///
    /// ```
    /// use pipeline_core::model::Permissions;
    /// assert_eq!(Permissions::none().to_string(), "{}");
    /// ```
    #[must_use]
    pub fn none() -> Self {
        Self::Scopes(IndexMap::new())
    }

    /// `permissions: { contents: read }`: enough to check out the repository, nothing more.
    ///
    /// ```
    /// use pipeline_core::model::Permissions;
    /// assert_eq!(Permissions::read_contents().to_string(), "{contents: read}");
    /// ```
    #[must_use]
    pub fn read_contents() -> Self {
        Self::none().read(PermissionScope::Contents)
    }

    /// Grants `level` on `scope` (turning `read-all`/`write-all` into a mapping).
    ///
    /// ```
    /// use pipeline_core::model::{PermissionLevel, PermissionScope, Permissions};
    /// let p = Permissions::none().grant(PermissionScope::IdToken, PermissionLevel::Write);
    /// assert_eq!(p.to_string(), "{id-token: write}");
    /// ```
    #[must_use]
    pub fn grant(self, scope: impl Into<PermissionScope>, level: PermissionLevel) -> Self {
        let mut scopes = match self {
            Self::Scopes(scopes) => scopes,
            Self::ReadAll | Self::WriteAll => IndexMap::new(),
        };
        scopes.insert(scope.into(), level);
        Self::Scopes(scopes)
    }

    /// Grants `read` on `scope`.
    ///
    /// ```
    /// use pipeline_core::model::{PermissionScope, Permissions};
    /// let p = Permissions::none().read(PermissionScope::Actions);
    /// assert_eq!(p.to_string(), "{actions: read}");
    /// ```
    #[must_use]
    pub fn read(self, scope: impl Into<PermissionScope>) -> Self {
        self.grant(scope, PermissionLevel::Read)
    }

    /// Grants `write` on `scope`.
    ///
    /// ```
    /// use pipeline_core::model::{PermissionScope, Permissions};
    /// let p = Permissions::read_contents().write(PermissionScope::PullRequests);
    /// assert_eq!(p.to_string(), "{contents: read, pull-requests: write}");
    /// ```
    #[must_use]
    pub fn write(self, scope: impl Into<PermissionScope>) -> Self {
        self.grant(scope, PermissionLevel::Write)
    }
}

impl Concurrency {
    /// `concurrency: <group>`.
    ///
    /// ```
    /// let c = pipeline_core::model::Concurrency::group("deploy-${{ github.ref }}");
    /// assert_eq!(c.group_name(), "deploy-${{ github.ref }}");
    /// ```
    #[must_use]
    pub fn group(group: impl Into<String>) -> Self {
        Self::Group(group.into())
    }

    /// Sets `cancel-in-progress` (turning the short form into a mapping).
    ///
    /// ```
    /// use pipeline_core::model::{Concurrency, ExprOr};
    /// let c = Concurrency::group("deploy").cancel_in_progress(true);
    /// assert_eq!(c.group_name(), "deploy");
    /// let Concurrency::Config(config) = c else { unreachable!() };
    /// assert_eq!(config.cancel_in_progress, Some(ExprOr::Value(true)));
    /// ```
    #[must_use]
    pub fn cancel_in_progress(self, cancel: impl Into<ExprOr<bool>>) -> Self {
        let mut config = self.into_config();
        config.cancel_in_progress = Some(cancel.into());
        Self::Config(config)
    }

    /// Sets `queue` (turning the short form into a mapping): `max` lets runs wait in a queue rather than
    /// replace the one pending.
    ///
    /// ```
    /// use pipeline_core::model::{Concurrency, ConcurrencyQueue};
    /// let c = Concurrency::group("deploy").queue(ConcurrencyQueue::Max);
    /// let Concurrency::Config(config) = c else { unreachable!() };
    /// assert_eq!(config.queue, Some(ConcurrencyQueue::Max));
    /// ```
    #[must_use]
    pub fn queue(self, queue: ConcurrencyQueue) -> Self {
        let mut config = self.into_config();
        config.queue = Some(queue);
        Self::Config(config)
    }

    fn into_config(self) -> ConcurrencyConfig {
        match self {
            Self::Group(group) => ConcurrencyConfig {
                group: Some(group),
                ..ConcurrencyConfig::default()
            },
            Self::Config(config) => config,
        }
    }
}

impl From<&str> for Concurrency {
    fn from(group: &str) -> Self {
        Self::group(group)
    }
}

impl From<String> for Concurrency {
    fn from(group: String) -> Self {
        Self::Group(group)
    }
}

impl Defaults {
    /// `defaults.run`, to be given a shell and a working directory.
    ///
    /// ```
    /// let d = pipeline_core::model::Defaults::run().shell("bash").working_directory("app");
    /// assert_eq!(d.run.unwrap().shell.as_deref(), Some("bash"));
    /// ```
    #[must_use]
    pub fn run() -> Self {
        Self {
            run: Some(RunDefaults::default()),
        }
    }

    /// Sets `defaults.run.shell`.
    ///
    /// ```
    /// let d = pipeline_core::model::Defaults::run().shell("pwsh");
    /// assert_eq!(d.run.unwrap().shell.as_deref(), Some("pwsh"));
    /// ```
    #[must_use]
    pub fn shell(mut self, shell: impl Into<String>) -> Self {
        self.run.get_or_insert_with(RunDefaults::default).shell = Some(shell.into());
        self
    }

    /// Sets `defaults.run.working-directory`.
    ///
    /// ```
    /// let d = pipeline_core::model::Defaults::run().working_directory("app");
    /// assert_eq!(d.run.unwrap().working_directory.as_deref(), Some("app"));
    /// ```
    #[must_use]
    pub fn working_directory(mut self, directory: impl Into<String>) -> Self {
        self.run
            .get_or_insert_with(RunDefaults::default)
            .working_directory = Some(directory.into());
        self
    }
}

impl Job {
    /// A job that runs steps on `runs_on` (a label, a list of labels, or a [`RunnerGroup`]).
    ///
    /// ```
    /// use pipeline_core::model::{Job, Step};
    /// let test = Job::new("ubuntu-latest")
    ///     .name("Test")
    ///     .timeout_minutes(30)
    ///     .step(Step::checkout())
    ///     .step(Step::run("cargo test --workspace"));
    /// assert_eq!(test.step_list().len(), 2);
    /// ```
    #[must_use]
    #[track_caller]
    pub fn new(runs_on: impl Into<RunsOn>) -> Self {
        Self {
            runs_on: Some(runs_on.into()),
            origin: Origin::caller(),
            ..Self::default()
        }
    }

    /// A job that calls a reusable workflow: `./.github/workflows/x.yml` or
    /// `owner/repo/.github/workflows/x.yml@ref`. Pass inputs with [`Job::with`] and secrets with
    /// [`Job::secret`] or [`Job::secrets_inherit`].
    ///
    /// ```
    /// use pipeline_core::model::Job;
    /// let deploy = Job::call("./.github/workflows/deploy.yml").with("environment", "staging").secrets_inherit();
    /// assert!(deploy.is_call() && deploy.runs_on.is_none());
    /// ```
    #[must_use]
    #[track_caller]
    pub fn call(workflow: impl Into<String>) -> Self {
        Self {
            uses: Some(workflow.into()),
            origin: Origin::caller(),
            ..Self::default()
        }
    }

    /// Sets `name`.
    ///
    /// ```
    /// let j = pipeline_core::model::Job::new("ubuntu-latest").name("Test");
    /// assert_eq!(j.name.as_deref(), Some("Test"));
    /// ```
    #[must_use]
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Adds a job id to `needs`: the first is written as `needs: build`, more make a list.
    ///
    /// ```
    /// use pipeline_core::model::{Job, OneOrMany};
    /// let one = Job::new("ubuntu-latest").needs("build");
    /// assert_eq!(one.needs, Some(OneOrMany::One("build".into())));
    /// let two = one.needs("test");
    /// assert_eq!(two.needed_jobs().collect::<Vec<_>>(), ["build", "test"]);
    /// ```
    #[must_use]
    pub fn needs(mut self, job: impl Into<String>) -> Self {
        match &mut self.needs {
            Some(needs) => needs.push(job.into()),
            None => self.needs = Some(OneOrMany::One(job.into())),
        }
        self
    }

    /// Sets `needs` to a list, written as a list even with one job (`needs: [build]`).
    ///
    /// ```
    /// use pipeline_core::model::{Job, OneOrMany};
    /// let job = Job::new("ubuntu-latest").needs_all(["build"]);
    /// assert_eq!(job.needs, Some(OneOrMany::Many(vec!["build".into()])));
    /// ```
    #[must_use]
    pub fn needs_all<I, S>(mut self, jobs: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.needs = Some(OneOrMany::Many(strings(jobs)));
        self
    }

    /// Sets `if`: a condition as text (bare or in `${{ }}`) or a typed expression, written bare as
    /// GitHub's `if:` allows. See [`IfCondition`] for what it takes, and why not a Rust `bool`.
    ///
    /// ```
    /// use pipeline_core::expr::github;
    /// let j = pipeline_core::model::Job::new("ubuntu-latest").if_("github.ref == 'refs/heads/main'");
    /// assert!(j.r#if.is_some());
    /// let typed = pipeline_core::model::Job::new("ubuntu-latest").if_(github::ref_name().eq("main"));
    /// assert_eq!(typed.r#if, Some("github.ref_name == 'main'".into()));
    /// ```
    #[must_use]
    pub fn if_(mut self, condition: impl IfCondition) -> Self {
        self.r#if = Some(condition.into_condition());
        self
    }

    /// Sets `runs-on`.
    ///
    /// ```
    /// let j = pipeline_core::model::Job::new("ubuntu-latest").runs_on(["self-hosted", "linux"]);
    /// assert_eq!(j.runs_on.unwrap().labels().collect::<Vec<_>>(), ["self-hosted", "linux"]);
    /// ```
    #[must_use]
    pub fn runs_on(mut self, runs_on: impl Into<RunsOn>) -> Self {
        self.runs_on = Some(runs_on.into());
        self
    }

    /// Sets `environment`.
    ///
    /// ```
    /// use pipeline_core::model::{Environment, Job};
    /// let j = Job::new("ubuntu-latest").environment(Environment::new("production").url("https://example.com"));
    /// assert_eq!(j.environment.unwrap().name(), "production");
    /// ```
    #[must_use]
    pub fn environment(mut self, environment: impl Into<Environment>) -> Self {
        self.environment = Some(environment.into());
        self
    }

    /// Sets `permissions` for this job.
    ///
    /// ```
    /// use pipeline_core::model::{Job, PermissionScope, Permissions};
    /// let j = Job::new("ubuntu-latest").permissions(Permissions::read_contents().write(PermissionScope::Packages));
    /// assert_eq!(j.permissions.unwrap().to_string(), "{contents: read, packages: write}");
    /// ```
    #[must_use]
    pub fn permissions(mut self, permissions: impl Into<Permissions>) -> Self {
        self.permissions = Some(permissions.into());
        self
    }

    /// Sets `concurrency` for this job.
    ///
    /// ```
    /// let j = pipeline_core::model::Job::new("ubuntu-latest").concurrency("deploy-production");
    /// assert_eq!(j.concurrency.unwrap().group_name(), "deploy-production");
    /// ```
    #[must_use]
    pub fn concurrency(mut self, concurrency: impl Into<Concurrency>) -> Self {
        self.concurrency = Some(concurrency.into());
        self
    }

    /// Adds an entry to `outputs`.
    ///
    /// ```
    /// let j = pipeline_core::model::Job::new("ubuntu-latest").output("version", "${{ steps.meta.outputs.version }}");
    /// assert_eq!(j.outputs.unwrap().len(), 1);
    /// ```
    #[must_use]
    pub fn output(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.outputs
            .get_or_insert_with(IndexMap::new)
            .insert(name.into(), value.into());
        self
    }

    /// Adds an `env` variable for every step.
    ///
    /// ```
    /// use pipeline_core::model::{ExprOr, Job, Value};
    /// let j = Job::new("ubuntu-latest").env("RUST_LOG", "debug");
    /// let Some(ExprOr::Value(env)) = j.env else { unreachable!() };
    /// assert_eq!(env["RUST_LOG"], Value::from("debug"));
    /// ```
    #[must_use]
    pub fn env(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        insert_env(&mut self.env, name.into(), value.into());
        self
    }

    /// Sets `defaults`.
    ///
    /// ```
    /// use pipeline_core::model::{Defaults, Job};
    /// let j = Job::new("ubuntu-latest").defaults(Defaults::run().working_directory("app"));
    /// assert_eq!(j.defaults.unwrap().run.unwrap().working_directory.as_deref(), Some("app"));
    /// ```
    #[must_use]
    pub fn defaults(mut self, defaults: impl Into<Defaults>) -> Self {
        self.defaults = Some(defaults.into());
        self
    }

    /// Sets `timeout-minutes`.
    ///
    /// ```
    /// use pipeline_core::model::{ExprOr, Job, Number};
    /// let j = Job::new("ubuntu-latest").timeout_minutes(30);
    /// assert_eq!(j.timeout_minutes, Some(ExprOr::Value(Number::from(30))));
    /// ```
    #[must_use]
    pub fn timeout_minutes(mut self, minutes: impl Into<ExprOr<Number>>) -> Self {
        self.timeout_minutes = Some(minutes.into());
        self
    }

    /// Sets `cancel-timeout-minutes`: how long the steps get to stop once the job is cancelled.
    ///
    /// ```
    /// use pipeline_core::model::{ExprOr, Job, Number};
    /// let j = Job::new("ubuntu-latest").cancel_timeout_minutes(5);
    /// assert_eq!(j.cancel_timeout_minutes, Some(ExprOr::Value(Number::from(5))));
    /// ```
    #[must_use]
    pub fn cancel_timeout_minutes(mut self, minutes: impl Into<ExprOr<Number>>) -> Self {
        self.cancel_timeout_minutes = Some(minutes.into());
        self
    }

    /// Sets `snapshot`: the custom image the runner is saved as when the job ends.
    ///
    /// ```
    /// use pipeline_core::model::{Job, Snapshot};
    /// let j = Job::new("ubuntu-latest").snapshot(Snapshot::new("build-image").version("2.*"));
    /// assert_eq!(j.snapshot.unwrap().image_name(), Some("build-image"));
    /// ```
    #[must_use]
    pub fn snapshot(mut self, snapshot: impl Into<Snapshot>) -> Self {
        self.snapshot = Some(snapshot.into());
        self
    }

    /// Sets `continue-on-error`.
    ///
    /// ```
    /// use pipeline_core::model::{ExprOr, Job};
    /// let j = Job::new("ubuntu-latest").continue_on_error("${{ matrix.experimental }}");
    /// assert_eq!(j.continue_on_error, Some(ExprOr::Expr("${{ matrix.experimental }}".into())));
    /// ```
    #[must_use]
    pub fn continue_on_error(mut self, continue_on_error: impl Into<ExprOr<bool>>) -> Self {
        self.continue_on_error = Some(continue_on_error.into());
        self
    }

    /// Sets `strategy`.
    ///
    /// ```
    /// use pipeline_core::model::{ExprOr, Job, Matrix, Strategy};
    /// let j = Job::new("ubuntu-latest").strategy(Strategy::matrix(Matrix::new().axis("node", [20, 22])).fail_fast(false));
    /// assert_eq!(j.strategy.unwrap().fail_fast, Some(ExprOr::Value(false)));
    /// ```
    #[must_use]
    pub fn strategy(mut self, strategy: Strategy) -> Self {
        self.strategy = Some(strategy);
        self
    }

    /// Sets `strategy.matrix`, keeping the rest of the strategy.
    ///
    /// ```
    /// use pipeline_core::model::{Job, Matrix};
    /// let j = Job::new("${{ matrix.os }}").matrix(Matrix::new().axis("os", ["ubuntu-latest", "windows-latest"]));
    /// assert!(j.strategy.is_some());
    /// ```
    #[must_use]
    pub fn matrix(mut self, matrix: impl Into<ExprOr<Matrix>>) -> Self {
        self.strategy.get_or_insert_with(Strategy::default).matrix = Some(matrix.into());
        self
    }

    /// Sets `strategy.fail-fast`, keeping the rest of the strategy.
    ///
    /// ```
    /// use pipeline_core::model::{ExprOr, Job, Matrix};
    /// let j = Job::new("${{ matrix.os }}")
    ///     .matrix(Matrix::new().axis("os", ["ubuntu-latest", "macos-latest"]))
    ///     .fail_fast(false);
    /// assert_eq!(j.strategy.unwrap().fail_fast, Some(ExprOr::Value(false)));
    /// ```
    #[must_use]
    pub fn fail_fast(mut self, fail_fast: impl Into<ExprOr<bool>>) -> Self {
        self.strategy
            .get_or_insert_with(Strategy::default)
            .fail_fast = Some(fail_fast.into());
        self
    }

    /// Sets `strategy.max-parallel`, keeping the rest of the strategy.
    ///
    /// ```
    /// use pipeline_core::model::{ExprOr, Job, Matrix, Number};
    /// let j = Job::new("ubuntu-latest").matrix(Matrix::new().axis("node", [20, 22])).max_parallel(1);
    /// assert_eq!(j.strategy.unwrap().max_parallel, Some(ExprOr::Value(Number::from(1))));
    /// ```
    #[must_use]
    pub fn max_parallel(mut self, max_parallel: impl Into<ExprOr<Number>>) -> Self {
        self.strategy
            .get_or_insert_with(Strategy::default)
            .max_parallel = Some(max_parallel.into());
        self
    }

    /// Sets `container`.
    ///
    /// ```
    /// let j = pipeline_core::model::Job::new("ubuntu-latest").container("rust:1.88");
    /// assert_eq!(j.container.unwrap().image(), Some("rust:1.88"));
    /// ```
    #[must_use]
    pub fn container(mut self, container: impl Into<Container>) -> Self {
        self.container = Some(container.into());
        self
    }

    /// Adds a service container under `services`.
    ///
    /// ```
    /// use pipeline_core::model::{Container, Job};
    /// let j = Job::new("ubuntu-latest")
    ///     .service("postgres", Container::new("postgres:16").env("POSTGRES_PASSWORD", "postgres").port("5432:5432"));
    /// assert_eq!(j.service_map().unwrap().len(), 1);
    /// ```
    #[must_use]
    pub fn service(mut self, name: impl Into<String>, container: impl Into<Container>) -> Self {
        match &mut self.services {
            Some(ExprOr::Value(services)) => {
                services.insert(name.into(), container.into());
            }
            _ => {
                self.services = Some(ExprOr::Value(IndexMap::from([(
                    name.into(),
                    container.into(),
                )])))
            }
        }
        self
    }

    /// Appends a step.
    ///
    /// ```
    /// use pipeline_core::model::{Job, Step};
    /// let j = Job::new("ubuntu-latest").step(Step::run("make"));
    /// assert_eq!(j.step_list()[0].run.as_deref(), Some("make"));
    /// ```
    #[must_use]
    pub fn step(mut self, step: Step) -> Self {
        self.steps.get_or_insert_with(Vec::new).push(step);
        self
    }

    /// Appends several steps (a template's list, say).
    ///
    /// ```
    /// use pipeline_core::model::{Job, Step};
    /// fn setup() -> Vec<Step> { vec![Step::checkout(), Step::run("npm ci")] }
    /// let j = Job::new("ubuntu-latest").steps(setup()).step(Step::run("npm test"));
    /// assert_eq!(j.step_list().len(), 3);
    /// ```
    #[must_use]
    pub fn steps(mut self, steps: impl IntoIterator<Item = Step>) -> Self {
        self.steps.get_or_insert_with(Vec::new).extend(steps);
        self
    }

    /// Sets `uses`: the reusable workflow this job calls.
    ///
    /// ```
    /// let j = pipeline_core::model::Job::default().uses("octo-org/ci/.github/workflows/test.yml@v1");
    /// assert!(j.is_call());
    /// assert_eq!(j.uses.as_deref(), Some("octo-org/ci/.github/workflows/test.yml@v1"));
    /// ```
    #[must_use]
    pub fn uses(mut self, workflow: impl Into<String>) -> Self {
        self.uses = Some(workflow.into());
        self
    }

    /// Adds an input under `with` for the called workflow.
    ///
    /// ```
    /// use pipeline_core::model::{Job, Value};
    /// let j = Job::call("./.github/workflows/deploy.yml").with("environment", "staging");
    /// assert_eq!(j.with.unwrap()["environment"], Value::from("staging"));
    /// ```
    #[must_use]
    pub fn with(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.with
            .get_or_insert_with(Mapping::new)
            .insert(name.into(), value.into());
        self
    }

    /// Sets the comment written after `uses` (a version for a pinned SHA).
    ///
    /// ```
    /// use pipeline_core::model::Job;
    /// let j = Job::call("octo-org/ci/.github/workflows/test.yml@3d3c42e5aac5ba805825da76410c181273ba90b1").uses_comment("v1.2.0");
    /// assert_eq!(j.uses_comment.as_deref(), Some("v1.2.0"));
    /// ```
    #[must_use]
    pub fn uses_comment(mut self, comment: impl Into<String>) -> Self {
        self.uses_comment = Some(comment.into());
        self
    }

    /// Passes a secret to the called workflow.
    ///
    /// ```
    /// let j = pipeline_core::model::Job::call("./.github/workflows/release.yml")
    ///     .secret("npm-token", "${{ secrets.NPM_TOKEN }}");
    /// assert!(j.secrets.is_some());
    /// ```
    #[must_use]
    pub fn secret(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        match &mut self.secrets {
            Some(Secrets::Map(map)) => {
                map.insert(name.into(), value.into());
            }
            _ => self.secrets = Some(Secrets::Map(IndexMap::from([(name.into(), value.into())]))),
        }
        self
    }

    /// `secrets: inherit`: the called workflow gets every secret of the caller.
    ///
    /// ```
    /// use pipeline_core::emit::{self, EmitOptions};
    /// use pipeline_core::model::{Job, Workflow};
    /// let w = Workflow::new("CI").job("deploy", Job::call("./.github/workflows/deploy.yml").secrets_inherit());
    /// assert!(emit::workflow(&w, &EmitOptions::default()).lines().any(|l| l.trim() == "secrets: inherit"));
    /// ```
    #[must_use]
    pub fn secrets_inherit(mut self) -> Self {
        self.secrets = Some(Secrets::Inherit);
        self
    }
}

impl From<&str> for RunsOn {
    fn from(label: &str) -> Self {
        Self::Label(label.to_owned())
    }
}

impl From<String> for RunsOn {
    fn from(label: String) -> Self {
        Self::Label(label)
    }
}

impl<const N: usize> From<[&str; N]> for RunsOn {
    fn from(labels: [&str; N]) -> Self {
        Self::Labels(strings(labels))
    }
}

impl From<Vec<String>> for RunsOn {
    fn from(labels: Vec<String>) -> Self {
        Self::Labels(labels)
    }
}

impl From<RunnerGroup> for RunsOn {
    fn from(group: RunnerGroup) -> Self {
        Self::Group(group)
    }
}

impl RunnerGroup {
    /// `runs-on: { group }`, a runner group.
    ///
    /// ```
    /// use pipeline_core::model::{Job, RunnerGroup};
    /// let j = Job::new(RunnerGroup::new("large-runners").labels(["linux"]));
    /// assert_eq!(j.runs_on.unwrap().labels().collect::<Vec<_>>(), ["linux"]);
    /// ```
    #[must_use]
    pub fn new(group: impl Into<String>) -> Self {
        Self {
            group: Some(group.into()),
            labels: None,
        }
    }

    /// Sets `labels`, narrowing the group.
    ///
    /// ```
    /// let g = pipeline_core::model::RunnerGroup::new("large-runners").labels(["linux", "x64"]);
    /// assert_eq!(g.labels.unwrap().as_slice(), ["linux", "x64"]);
    /// ```
    #[must_use]
    pub fn labels<I, S>(mut self, labels: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.labels = Some(OneOrMany::Many(strings(labels)));
        self
    }
}

impl Environment {
    /// An environment by name; add a URL with [`Environment::url`].
    ///
    /// ```
    /// use pipeline_core::model::Environment;
    /// assert_eq!(Environment::new("staging"), Environment::Name("staging".into()));
    /// ```
    #[must_use]
    pub fn new(name: impl Into<String>) -> Self {
        Self::Name(name.into())
    }

    /// Sets the URL shown on the deployment (turning the short form into a mapping).
    ///
    /// ```
    /// use pipeline_core::model::Environment;
    /// let e = Environment::new("production").url("https://example.com");
    /// assert_eq!(e.name(), "production");
    /// let Environment::Config(config) = e else { unreachable!() };
    /// assert_eq!(config.url.as_deref(), Some("https://example.com"));
    /// ```
    #[must_use]
    pub fn url(self, url: impl Into<String>) -> Self {
        let deployment = match &self {
            Self::Config(config) => config.deployment.clone(),
            Self::Name(_) => None,
        };
        let name = match self {
            Self::Name(name) => Some(name),
            Self::Config(config) => config.name,
        };
        Self::Config(EnvironmentConfig {
            name,
            url: Some(url.into()),
            deployment,
        })
    }

    /// Sets `deployment`: whether GitHub records a deployment for the job (default `true`).
    ///
    /// ```
    /// use pipeline_core::model::{Environment, ExprOr};
    /// let Environment::Config(config) = Environment::new("ci").deployment(false) else { unreachable!() };
    /// assert_eq!(config.deployment, Some(ExprOr::Value(false)));
    /// ```
    #[must_use]
    pub fn deployment(self, deployment: impl Into<ExprOr<bool>>) -> Self {
        let mut config = match self {
            Self::Name(name) => EnvironmentConfig {
                name: Some(name),
                ..EnvironmentConfig::default()
            },
            Self::Config(config) => config,
        };
        config.deployment = Some(deployment.into());
        Self::Config(config)
    }
}

impl From<&str> for Environment {
    fn from(name: &str) -> Self {
        Self::Name(name.to_owned())
    }
}

impl From<String> for Environment {
    fn from(name: String) -> Self {
        Self::Name(name)
    }
}

impl Strategy {
    /// A strategy with a matrix.
    ///
    /// ```
    /// use pipeline_core::model::{Matrix, Strategy};
    /// let s = Strategy::matrix(Matrix::new().axis("node", [18, 20, 22])).fail_fast(false).max_parallel(2);
    /// assert!(s.fail_fast.is_some());
    /// ```
    #[must_use]
    pub fn matrix(matrix: impl Into<ExprOr<Matrix>>) -> Self {
        Self {
            matrix: Some(matrix.into()),
            ..Self::default()
        }
    }

    /// Sets `fail-fast`.
    ///
    /// ```
    /// use pipeline_core::model::{ExprOr, Matrix, Strategy};
    /// let s = Strategy::matrix(Matrix::new().axis("os", ["ubuntu-latest"])).fail_fast(false);
    /// assert_eq!(s.fail_fast, Some(ExprOr::Value(false)));
    /// ```
    #[must_use]
    pub fn fail_fast(mut self, fail_fast: impl Into<ExprOr<bool>>) -> Self {
        self.fail_fast = Some(fail_fast.into());
        self
    }

    /// Sets `max-parallel`.
    ///
    /// ```
    /// use pipeline_core::model::{ExprOr, Matrix, Number, Strategy};
    /// let s = Strategy::matrix(Matrix::new().axis("node", [18, 20, 22])).max_parallel(2);
    /// assert_eq!(s.max_parallel, Some(ExprOr::Value(Number::from(2))));
    /// ```
    #[must_use]
    pub fn max_parallel(mut self, max_parallel: impl Into<ExprOr<Number>>) -> Self {
        self.max_parallel = Some(max_parallel.into());
        self
    }
}

impl Matrix {
    /// An empty matrix, to be given axes.
    ///
    /// ```
    /// let m = pipeline_core::model::Matrix::new();
    /// assert!(m.axes.is_empty() && m.include.is_none() && m.exclude.is_none());
    /// ```
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds an axis with its values.
    ///
    /// ```
    /// use pipeline_core::model::Matrix;
    /// let m = Matrix::new().axis("os", ["ubuntu-latest", "macos-latest"]).axis("rust", ["stable", "1.88"]);
    /// assert_eq!(m.axes.len(), 2);
    /// ```
    #[must_use]
    pub fn axis<I, V>(mut self, name: impl Into<String>, values: I) -> Self
    where
        I: IntoIterator<Item = V>,
        V: Into<Value>,
    {
        self.axes.insert(
            name.into(),
            ExprOr::Value(values.into_iter().map(Into::into).collect()),
        );
        self
    }

    /// Adds an axis whose values come from an expression (`${{ fromJSON(needs.plan.outputs.targets) }}`).
    ///
    /// ```
    /// use pipeline_core::model::{ExprOr, Matrix};
    /// let m = Matrix::new().axis_expr("target", "${{ fromJSON(needs.plan.outputs.targets) }}");
    /// assert_eq!(m.axes["target"], ExprOr::Expr("${{ fromJSON(needs.plan.outputs.targets) }}".into()));
    /// ```
    #[must_use]
    pub fn axis_expr(mut self, name: impl Into<String>, expression: impl Into<String>) -> Self {
        self.axes
            .insert(name.into(), ExprOr::Expr(expression.into()));
        self
    }

    /// Adds an `include` row.
    ///
    /// ```
    /// use pipeline_core::model::{Matrix, Value};
    /// let m = Matrix::new()
    ///     .axis("os", ["ubuntu-latest"])
    ///     .include([("os", Value::from("windows-latest")), ("experimental", Value::from(true))]);
    /// assert!(m.include.is_some());
    /// ```
    #[must_use]
    pub fn include<I, K, V>(mut self, row: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<Value>,
    {
        push_row(
            &mut self.include,
            row.into_iter().map(|(k, v)| (k.into(), v.into())).collect(),
        );
        self
    }

    /// Adds an `exclude` row.
    ///
    /// ```
    /// use pipeline_core::model::{ExprOr, Matrix, Value};
    /// let m = Matrix::new().axis("os", ["ubuntu-latest", "windows-latest"]).exclude([("os", "windows-latest")]);
    /// let Some(ExprOr::Value(rows)) = m.exclude else { unreachable!() };
    /// assert_eq!(rows[0].as_mapping().unwrap()["os"], Value::from("windows-latest"));
    /// ```
    #[must_use]
    pub fn exclude<I, K, V>(mut self, row: I) -> Self
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<String>,
        V: Into<Value>,
    {
        push_row(
            &mut self.exclude,
            row.into_iter().map(|(k, v)| (k.into(), v.into())).collect(),
        );
        self
    }
}

fn push_row(rows: &mut Option<ExprOr<Vec<Value>>>, row: Mapping) {
    match rows {
        Some(ExprOr::Value(rows)) => rows.push(Value::Mapping(row)),
        _ => *rows = Some(ExprOr::Value(vec![Value::Mapping(row)])),
    }
}

impl Container {
    /// A container from an image, to be configured further (each method turns it into the mapping form).
    ///
    /// ```
    /// use pipeline_core::model::Container;
    /// let c = Container::new("redis:7").options("--health-cmd \"redis-cli ping\"");
    /// assert_eq!(c.image(), Some("redis:7"));
    /// ```
    #[must_use]
    pub fn new(image: impl Into<String>) -> Self {
        Self::Image(image.into())
    }

    fn config(self) -> ContainerConfig {
        match self {
            Self::Image(image) => ContainerConfig {
                image: Some(image),
                ..ContainerConfig::default()
            },
            Self::Config(config) => config,
        }
    }

    /// Sets registry `credentials`.
    ///
    /// ```
    /// use pipeline_core::model::{Container, ExprOr};
    /// let c = Container::new("ghcr.io/octo-org/app:1").credentials("${{ github.actor }}", "${{ secrets.GITHUB_TOKEN }}");
    /// let Container::Config(config) = c else { unreachable!() };
    /// let Some(ExprOr::Value(credentials)) = config.credentials else { unreachable!() };
    /// assert_eq!(credentials.username.as_deref(), Some("${{ github.actor }}"));
    /// ```
    #[must_use]
    pub fn credentials(self, username: impl Into<String>, password: impl Into<String>) -> Self {
        let credentials = Credentials {
            username: Some(username.into()),
            password: Some(password.into()),
        };
        Self::Config(ContainerConfig {
            credentials: Some(ExprOr::Value(credentials)),
            ..self.config()
        })
    }

    /// Adds an `env` variable.
    ///
    /// ```
    /// use pipeline_core::model::{Container, ExprOr, Value};
    /// let Container::Config(config) = Container::new("postgres:16").env("POSTGRES_PASSWORD", "postgres") else { unreachable!() };
    /// let Some(ExprOr::Value(env)) = config.env else { unreachable!() };
    /// assert_eq!(env["POSTGRES_PASSWORD"], Value::from("postgres"));
    /// ```
    #[must_use]
    pub fn env(self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        let mut config = self.config();
        insert_env(&mut config.env, name.into(), value.into());
        Self::Config(config)
    }

    /// Adds a port (`5432`, or `"8080:80"`).
    ///
    /// ```
    /// use pipeline_core::model::{Container, Value};
    /// let Container::Config(config) = Container::new("nginx:1").port(5432).port("8080:80") else { unreachable!() };
    /// assert_eq!(config.ports.unwrap(), [Value::from(5432), Value::from("8080:80")]);
    /// ```
    #[must_use]
    pub fn port(self, port: impl Into<Value>) -> Self {
        let mut config = self.config();
        config.ports.get_or_insert_with(Vec::new).push(port.into());
        Self::Config(config)
    }

    /// Adds a volume (`source:destination`).
    ///
    /// ```
    /// use pipeline_core::model::Container;
    /// let Container::Config(config) = Container::new("postgres:16").volume("pgdata:/var/lib/postgresql/data") else { unreachable!() };
    /// assert_eq!(config.volumes.unwrap(), ["pgdata:/var/lib/postgresql/data"]);
    /// ```
    #[must_use]
    pub fn volume(self, volume: impl Into<String>) -> Self {
        let mut config = self.config();
        config
            .volumes
            .get_or_insert_with(Vec::new)
            .push(volume.into());
        Self::Config(config)
    }

    /// Sets `options` for `docker create`.
    ///
    /// ```
    /// use pipeline_core::model::Container;
    /// let Container::Config(config) = Container::new("redis:7").options("--cpus 2") else { unreachable!() };
    /// assert_eq!(config.options.as_deref(), Some("--cpus 2"));
    /// assert_eq!(config.image.as_deref(), Some("redis:7"));
    /// ```
    #[must_use]
    pub fn options(self, options: impl Into<String>) -> Self {
        Self::Config(ContainerConfig {
            options: Some(options.into()),
            ..self.config()
        })
    }

    /// Sets `entrypoint` of a service container, replacing the image's.
    ///
    /// ```
    /// use pipeline_core::model::Container;
    /// let Container::Config(config) = Container::new("redis:7").entrypoint("redis-server") else { unreachable!() };
    /// assert_eq!(config.entrypoint.as_deref(), Some("redis-server"));
    /// ```
    #[must_use]
    pub fn entrypoint(self, entrypoint: impl Into<String>) -> Self {
        Self::Config(ContainerConfig {
            entrypoint: Some(entrypoint.into()),
            ..self.config()
        })
    }

    /// Sets `command` of a service container, replacing the image's.
    ///
    /// ```
    /// use pipeline_core::model::Container;
    /// let Container::Config(config) = Container::new("redis:7").command("--appendonly yes") else { unreachable!() };
    /// assert_eq!(config.command.as_deref(), Some("--appendonly yes"));
    /// ```
    #[must_use]
    pub fn command(self, command: impl Into<String>) -> Self {
        Self::Config(ContainerConfig {
            command: Some(command.into()),
            ..self.config()
        })
    }
}

impl Snapshot {
    /// `snapshot: <image-name>`: save the runner as this custom image when the job ends.
    ///
    /// ```
    /// let s = pipeline_core::model::Snapshot::new("build-image");
    /// assert_eq!(s.image_name(), Some("build-image"));
    /// ```
    #[must_use]
    pub fn new(image_name: impl Into<String>) -> Self {
        Self::ImageName(image_name.into())
    }

    fn into_config(self) -> SnapshotConfig {
        match self {
            Self::ImageName(name) => SnapshotConfig {
                image_name: Some(name),
                ..SnapshotConfig::default()
            },
            Self::Config(config) => config,
        }
    }

    /// Sets `version`, the image version pattern (`2.*`).
    ///
    /// ```
    /// use pipeline_core::model::Snapshot;
    /// let Snapshot::Config(config) = Snapshot::new("build-image").version("2.*") else { unreachable!() };
    /// assert_eq!(config.version.as_deref(), Some("2.*"));
    /// ```
    #[must_use]
    pub fn version(self, version: impl Into<String>) -> Self {
        let mut config = self.into_config();
        config.version = Some(version.into());
        Self::Config(config)
    }

    /// Sets `if`: save the image only when this holds.
    ///
    /// ```
    /// use pipeline_core::model::Snapshot;
    /// let Snapshot::Config(config) = Snapshot::new("build-image").if_("github.ref == 'refs/heads/main'") else { unreachable!() };
    /// assert!(config.r#if.is_some());
    /// ```
    #[must_use]
    pub fn if_(self, condition: impl IfCondition) -> Self {
        let mut config = self.into_config();
        config.r#if = Some(condition.into_condition());
        Self::Config(config)
    }
}

impl From<&str> for Snapshot {
    fn from(image_name: &str) -> Self {
        Self::new(image_name)
    }
}

impl From<&str> for Container {
    fn from(image: &str) -> Self {
        Self::Image(image.to_owned())
    }
}

impl From<String> for Container {
    fn from(image: String) -> Self {
        Self::Image(image)
    }
}

impl Step {
    /// A step that runs a script.
    ///
    /// ```
    /// use pipeline_core::model::Step;
    /// let s = Step::run("cargo build --release").name("Build").working_directory("app");
    /// assert!(s.run.is_some());
    /// ```
    #[must_use]
    #[track_caller]
    pub fn run(script: impl Into<String>) -> Self {
        Self {
            run: Some(script.into()),
            origin: Origin::caller(),
            ..Self::default()
        }
    }

    /// A step that runs a script of several lines, each ending in a newline, as a literal block
    /// (`run: |`) holds them.
    ///
    /// ```
    /// use pipeline_core::model::Step;
    /// let step = Step::run_lines(["npm ci", "npm test"]);
    /// assert_eq!(step.run.as_deref(), Some("npm ci\nnpm test\n"));
    /// let yaml = pipeline_core::emit::workflow(
    ///     &pipeline_core::model::Workflow::new("CI").job("a", pipeline_core::model::Job::new("ubuntu-latest").step(step)),
    ///     &Default::default(),
    /// );
    /// assert!(yaml.contains("run: |\n          npm ci\n          npm test\n"), "{yaml}");
    /// ```
    #[must_use]
    #[track_caller]
    pub fn run_lines<I, S>(lines: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut script = String::new();
        for line in lines {
            script.push_str(line.as_ref());
            script.push('\n');
        }
        Self {
            run: Some(script),
            origin: Origin::caller(),
            ..Self::default()
        }
    }

    /// A step that uses an action: `owner/repo@ref`, `owner/repo/path@ref`, `./path` or `docker://image`.
    ///
    /// ```
    /// use pipeline_core::model::Step;
    /// let s = Step::uses("actions/setup-node@v4").with("node-version", 20);
    /// assert!(s.with.is_some());
    /// ```
    #[must_use]
    #[track_caller]
    pub fn uses(action: impl Into<String>) -> Self {
        Self {
            uses: Some(action.into()),
            origin: Origin::caller(),
            ..Self::default()
        }
    }

    /// `actions/checkout`, pinned to the commit of its release v7.0.1, without persisted credentials: later
    /// steps cannot push with the job's token unless they ask for it (`.with("persist-credentials", true)`).
    ///
    /// ```
    /// use pipeline_core::model::{Step, Value};
    /// let s = pipeline_core::model::Step::checkout();
    /// assert_eq!(s.with.unwrap()["persist-credentials"], Value::Bool(false));
    /// ```
    #[must_use]
    #[track_caller]
    pub fn checkout() -> Self {
        Self::uses(CHECKOUT)
            .uses_comment(CHECKOUT_VERSION)
            .with("persist-credentials", false)
    }

    /// Sets the comment written after `uses`, usually the version a pinned commit SHA stands for.
    ///
    /// ```
    /// use pipeline_core::model::Step;
    /// let s = Step::uses("actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1").uses_comment("v7.0.1");
    /// assert_eq!(s.uses_comment.as_deref(), Some("v7.0.1"));
    /// ```
    #[must_use]
    pub fn uses_comment(mut self, comment: impl Into<String>) -> Self {
        self.uses_comment = Some(comment.into());
        self
    }

    /// Sets `name`.
    ///
    /// ```
    /// let s = pipeline_core::model::Step::run("cargo build").name("Build");
    /// assert_eq!(s.name.as_deref(), Some("Build"));
    /// ```
    #[must_use]
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Sets `id`, so later steps and job outputs can read this step's outputs.
    ///
    /// ```
    /// let s = pipeline_core::model::Step::run("echo \"version=1.2.3\" >> \"$GITHUB_OUTPUT\"").id("meta");
    /// assert_eq!(s.id.as_deref(), Some("meta"));
    /// ```
    #[must_use]
    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// Sets `if`.
    ///
    /// ```
    /// use pipeline_core::model::{ExprOr, Step};
    /// let s = Step::run("./deploy.sh").if_("github.ref == 'refs/heads/main'");
    /// assert_eq!(s.r#if, Some(ExprOr::Expr("github.ref == 'refs/heads/main'".into())));
    /// ```
    #[must_use]
    pub fn if_(mut self, condition: impl IfCondition) -> Self {
        self.r#if = Some(condition.into_condition());
        self
    }

    /// Adds an input under `with`.
    ///
    /// ```
    /// use pipeline_core::model::{Step, Value};
    /// let s = Step::uses("actions/setup-node@v4").with("node-version", 20);
    /// assert_eq!(s.with.unwrap()["node-version"], Value::from(20));
    /// ```
    #[must_use]
    pub fn with(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.with
            .get_or_insert_with(Mapping::new)
            .insert(name.into(), value.into());
        self
    }

    /// Sets `shell`.
    ///
    /// ```
    /// let s = pipeline_core::model::Step::run("Get-ChildItem").shell("pwsh");
    /// assert_eq!(s.shell.as_deref(), Some("pwsh"));
    /// ```
    #[must_use]
    pub fn shell(mut self, shell: impl Into<String>) -> Self {
        self.shell = Some(shell.into());
        self
    }

    /// Sets `working-directory`.
    ///
    /// ```
    /// let s = pipeline_core::model::Step::run("npm test").working_directory("web");
    /// assert_eq!(s.working_directory.as_deref(), Some("web"));
    /// ```
    #[must_use]
    pub fn working_directory(mut self, directory: impl Into<String>) -> Self {
        self.working_directory = Some(directory.into());
        self
    }

    /// Adds an `env` variable. This is also the safe way to hand an expression to a script: bind it here
    /// and read `"$NAME"` in `run`, rather than pasting `${{ }}` into the script text.
    ///
    /// ```
    /// use pipeline_core::model::Step;
    /// let s = Step::run("echo \"Deploying $REF\"").env("REF", "${{ github.head_ref }}");
    /// assert!(!s.run.as_deref().unwrap().contains("${{"));
    /// ```
    #[must_use]
    pub fn env(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        insert_env(&mut self.env, name.into(), value.into());
        self
    }

    /// Sets `continue-on-error`.
    ///
    /// ```
    /// use pipeline_core::model::{ExprOr, Step};
    /// let s = Step::run("cargo +nightly test").continue_on_error(true);
    /// assert_eq!(s.continue_on_error, Some(ExprOr::Value(true)));
    /// ```
    #[must_use]
    pub fn continue_on_error(mut self, continue_on_error: impl Into<ExprOr<bool>>) -> Self {
        self.continue_on_error = Some(continue_on_error.into());
        self
    }

    /// Sets `timeout-minutes`.
    ///
    /// ```
    /// use pipeline_core::model::{ExprOr, Step};
    /// let s = Step::run("./integration.sh").timeout_minutes("${{ inputs.timeout }}");
    /// assert_eq!(s.timeout_minutes, Some(ExprOr::Expr("${{ inputs.timeout }}".into())));
    /// ```
    #[must_use]
    pub fn timeout_minutes(mut self, minutes: impl Into<ExprOr<Number>>) -> Self {
        self.timeout_minutes = Some(minutes.into());
        self
    }

    /// Sets `background: true`: the job goes on to the next step while this one runs. Add it with
    /// [`Job::add_background_step`] to get the handle `wait` and `cancel` steps take.
    ///
    /// ```
    /// let s = pipeline_core::model::Step::run("./server.sh").background();
    /// assert_eq!(s.background, Some(true));
    /// ```
    #[must_use]
    pub fn background(mut self) -> Self {
        self.background = Some(true);
        self
    }

    /// A `wait` step for one background step.
    ///
    /// ```
    /// use pipeline_core::model::{Job, OneOrMany, Step};
    /// let mut job = Job::new("ubuntu-latest");
    /// let server = job.add_background_step("server", Step::run("./server.sh"));
    /// let wait = Step::wait(&server);
    /// assert_eq!(wait.wait, Some(OneOrMany::One("server".into())));
    /// ```
    #[must_use]
    #[track_caller]
    pub fn wait(step: &BackgroundRef) -> Self {
        Self {
            wait: Some(OneOrMany::One(step.id.clone())),
            origin: Origin::caller(),
            ..Self::default()
        }
    }

    /// A `wait` step for several background steps.
    ///
    /// ```
    /// use pipeline_core::model::{Job, Step};
    /// let mut job = Job::new("ubuntu-latest");
    /// let db = job.add_background_step("db", Step::run("./db.sh"));
    /// let api = job.add_background_step("api", Step::run("./api.sh"));
    /// let wait = Step::wait_for([&db, &api]);
    /// assert_eq!(wait.wait.unwrap().as_slice(), ["db", "api"]);
    /// ```
    #[must_use]
    #[track_caller]
    pub fn wait_for<'a>(steps: impl IntoIterator<Item = &'a BackgroundRef>) -> Self {
        Self {
            wait: Some(OneOrMany::Many(
                steps.into_iter().map(|s| s.id.clone()).collect(),
            )),
            origin: Origin::caller(),
            ..Self::default()
        }
    }

    /// A `wait-all: true` step: waits for every earlier background step.
    ///
    /// ```
    /// use pipeline_core::model::{Step, WaitAll};
    /// assert_eq!(Step::wait_all().wait_all, Some(WaitAll::Value(true)));
    /// ```
    #[must_use]
    #[track_caller]
    pub fn wait_all() -> Self {
        Self {
            wait_all: Some(WaitAll::Value(true)),
            origin: Origin::caller(),
            ..Self::default()
        }
    }

    /// A `cancel` step: stops a background step.
    ///
    /// ```
    /// use pipeline_core::model::{Job, Step};
    /// let mut job = Job::new("ubuntu-latest");
    /// let server = job.add_background_step("server", Step::run("./server.sh"));
    /// assert_eq!(Step::cancel(&server).cancel.as_deref(), Some("server"));
    /// ```
    #[must_use]
    #[track_caller]
    pub fn cancel(step: &BackgroundRef) -> Self {
        Self {
            cancel: Some(step.id.clone()),
            origin: Origin::caller(),
            ..Self::default()
        }
    }

    /// A `parallel` group: the steps run at once, and the job waits for all of them before going on.
    ///
    /// ```
    /// use pipeline_core::model::Step;
    /// let group = Step::parallel([Step::run("npm run lint"), Step::run("npm test")]);
    /// assert_eq!(group.parallel.unwrap().len(), 2);
    /// ```
    #[must_use]
    #[track_caller]
    pub fn parallel(steps: impl IntoIterator<Item = Step>) -> Self {
        Self {
            parallel: Some(steps.into_iter().collect()),
            origin: Origin::caller(),
            ..Self::default()
        }
    }
}

impl From<&str> for ExprOr<bool> {
    /// A condition written as text: `"github.ref == 'refs/heads/main'"` or `"${{ always() }}"`.
    fn from(condition: &str) -> Self {
        Self::Expr(condition.to_owned())
    }
}

impl From<String> for ExprOr<bool> {
    fn from(condition: String) -> Self {
        Self::Expr(condition)
    }
}

macro_rules! expr_or_number_from {
    ($($t:ty),*) => {$(
        impl From<$t> for ExprOr<Number> {
            fn from(n: $t) -> Self {
                Self::Value(Number::from(n))
            }
        }
    )*};
}
expr_or_number_from!(i32, i64, u8, u16, u32, u64, usize, f64);

impl From<&str> for ExprOr<Number> {
    /// A number computed by an expression: `"${{ inputs.timeout }}"`.
    fn from(expression: &str) -> Self {
        Self::Expr(expression.to_owned())
    }
}

impl Action {
    fn with_runs(name: String, description: String, runs: Runs) -> Self {
        Self {
            name: Some(name),
            description: Some(description),
            runs: Some(runs),
            ..Self::default()
        }
    }

    /// A composite action: its steps run in the caller's job. Add steps with [`Action::step`].
    ///
    /// ```
    /// use pipeline_core::model::{Action, ActionInput, Step};
    /// let action = Action::composite("Greet", "Says hello")
    ///     .input("who", ActionInput::required("Who to greet"))
    ///     .step(Step::run("echo \"Hello $WHO\"").shell("bash").env("WHO", "${{ inputs.who }}"));
    /// assert_eq!(action.runs.unwrap().using(), "composite");
    /// ```
    #[must_use]
    pub fn composite(name: impl Into<String>, description: impl Into<String>) -> Self {
        Self::with_runs(
            name.into(),
            description.into(),
            Runs::Composite(CompositeRuns::default()),
        )
    }

    /// A JavaScript action run by `using` (`node20`, `node24`) from `main`.
    ///
    /// ```
    /// let action = pipeline_core::model::Action::node("Hello", "Says hello", "node24", "dist/index.js");
    /// assert_eq!(action.runs.unwrap().using(), "node24");
    /// ```
    #[must_use]
    pub fn node(
        name: impl Into<String>,
        description: impl Into<String>,
        using: impl Into<String>,
        main: impl Into<String>,
    ) -> Self {
        let runs = NodeRuns {
            using: using.into(),
            main: Some(main.into()),
            ..NodeRuns::default()
        };
        Self::with_runs(name.into(), description.into(), Runs::Node(runs))
    }

    /// A Docker action from an image (`Dockerfile` or `docker://image`).
    ///
    /// ```
    /// let action = pipeline_core::model::Action::docker("Lint", "Runs the linter", "Dockerfile");
    /// assert_eq!(action.runs.unwrap().using(), "docker");
    /// ```
    #[must_use]
    pub fn docker(
        name: impl Into<String>,
        description: impl Into<String>,
        image: impl Into<String>,
    ) -> Self {
        let runs = DockerRuns {
            using: "docker".to_owned(),
            image: Some(image.into()),
            ..DockerRuns::default()
        };
        Self::with_runs(name.into(), description.into(), Runs::Docker(runs))
    }

    /// Sets `author`.
    ///
    /// ```
    /// let a = pipeline_core::model::Action::composite("Deploy", "Deploys").author("Octo Org");
    /// assert_eq!(a.author.as_deref(), Some("Octo Org"));
    /// ```
    #[must_use]
    pub fn author(mut self, author: impl Into<String>) -> Self {
        self.author = Some(author.into());
        self
    }

    /// Adds an input.
    ///
    /// ```
    /// use pipeline_core::model::{Action, ActionInput};
    /// let a = Action::composite("Greet", "Says hello").input("who", ActionInput::required("Who to greet"));
    /// assert!(a.inputs.unwrap()["who"].is_required());
    /// ```
    #[must_use]
    pub fn input(mut self, name: impl Into<String>, input: ActionInput) -> Self {
        self.inputs
            .get_or_insert_with(IndexMap::new)
            .insert(name.into(), input);
        self
    }

    /// Adds an output.
    ///
    /// ```
    /// use pipeline_core::model::{Action, ActionOutput};
    /// let a = Action::composite("Deploy", "Deploys").output("url", ActionOutput::new("The URL", "${{ steps.deploy.outputs.url }}"));
    /// assert_eq!(a.outputs.unwrap()["url"].value.as_deref(), Some("${{ steps.deploy.outputs.url }}"));
    /// ```
    #[must_use]
    pub fn output(mut self, name: impl Into<String>, output: ActionOutput) -> Self {
        self.outputs
            .get_or_insert_with(IndexMap::new)
            .insert(name.into(), output);
        self
    }

    /// Appends a step to a composite action's `runs.steps`; turns the action into a composite one if it
    /// was not.
    ///
    /// ```
    /// use pipeline_core::model::{Action, Step};
    /// let a = Action::node("Hello", "Says hello", "node24", "dist/index.js").step(Step::run("echo hello").shell("bash"));
    /// assert_eq!(a.runs.unwrap().using(), "composite");
    /// ```
    #[must_use]
    pub fn step(mut self, step: Step) -> Self {
        match &mut self.runs {
            Some(Runs::Composite(runs)) => runs.steps.push(step),
            _ => {
                self.runs = Some(Runs::Composite(CompositeRuns {
                    steps: vec![step],
                    ..CompositeRuns::default()
                }))
            }
        }
        self
    }

    /// Sets `runs.pre`, a script run before `main` (JavaScript actions).
    ///
    /// ```
    /// use pipeline_core::model::{Action, Runs};
    /// let a = Action::node("A", "B", "node24", "dist/index.js").pre("dist/setup.js").pre_if("runner.os == 'Linux'");
    /// let Some(Runs::Node(runs)) = a.runs else { unreachable!() };
    /// assert_eq!(runs.pre.as_deref(), Some("dist/setup.js"));
    /// assert!(runs.pre_if.is_some());
    /// ```
    #[must_use]
    pub fn pre(mut self, script: impl Into<String>) -> Self {
        if let Some(Runs::Node(runs)) = &mut self.runs {
            runs.pre = Some(script.into());
        }
        self
    }

    /// Sets `runs.post`, a script run when the job ends (JavaScript actions).
    ///
    /// ```
    /// use pipeline_core::model::{Action, Runs};
    /// let a = Action::node("A", "B", "node24", "dist/index.js").post("dist/cleanup.js").post_if("always()");
    /// let Some(Runs::Node(runs)) = a.runs else { unreachable!() };
    /// assert_eq!(runs.post.as_deref(), Some("dist/cleanup.js"));
    /// assert_eq!(runs.post_if.as_deref(), Some("always()"));
    /// ```
    #[must_use]
    pub fn post(mut self, script: impl Into<String>) -> Self {
        if let Some(Runs::Node(runs)) = &mut self.runs {
            runs.post = Some(script.into());
        }
        self
    }

    /// Sets `runs.pre-if`, when the `pre` script or entrypoint runs (JavaScript and Docker actions).
    #[must_use]
    pub fn pre_if(mut self, condition: impl Into<String>) -> Self {
        match &mut self.runs {
            Some(Runs::Node(runs)) => runs.pre_if = Some(condition.into()),
            Some(Runs::Docker(runs)) => runs.pre_if = Some(condition.into()),
            _ => {}
        }
        self
    }

    /// Sets `runs.post-if`, when the `post` script or entrypoint runs (JavaScript and Docker actions).
    #[must_use]
    pub fn post_if(mut self, condition: impl Into<String>) -> Self {
        match &mut self.runs {
            Some(Runs::Node(runs)) => runs.post_if = Some(condition.into()),
            Some(Runs::Docker(runs)) => runs.post_if = Some(condition.into()),
            _ => {}
        }
        self
    }

    /// Sets `runs.entrypoint`, replacing the image's (Docker actions).
    ///
    /// ```
    /// use pipeline_core::model::{Action, Runs};
    /// let a = Action::docker("A", "B", "Dockerfile")
    ///     .entrypoint("/main.sh")
    ///     .pre_entrypoint("/setup.sh")
    ///     .post_entrypoint("/cleanup.sh")
    ///     .arg("${{ inputs.who }}")
    ///     .runs_env("MODE", "fast");
    /// let Some(Runs::Docker(runs)) = a.runs else { unreachable!() };
    /// assert_eq!(runs.entrypoint.as_deref(), Some("/main.sh"));
    /// assert_eq!(runs.args.map(|a| a.len()), Some(1));
    /// ```
    #[must_use]
    pub fn entrypoint(mut self, entrypoint: impl Into<String>) -> Self {
        if let Some(Runs::Docker(runs)) = &mut self.runs {
            runs.entrypoint = Some(entrypoint.into());
        }
        self
    }

    /// Sets `runs.pre-entrypoint`, run before the entrypoint (Docker actions).
    #[must_use]
    pub fn pre_entrypoint(mut self, entrypoint: impl Into<String>) -> Self {
        if let Some(Runs::Docker(runs)) = &mut self.runs {
            runs.pre_entrypoint = Some(entrypoint.into());
        }
        self
    }

    /// Sets `runs.post-entrypoint`, run when the job ends (Docker actions).
    #[must_use]
    pub fn post_entrypoint(mut self, entrypoint: impl Into<String>) -> Self {
        if let Some(Runs::Docker(runs)) = &mut self.runs {
            runs.post_entrypoint = Some(entrypoint.into());
        }
        self
    }

    /// Adds an item to `runs.args`, passed to the entrypoint (Docker actions).
    #[must_use]
    pub fn arg(mut self, arg: impl Into<Value>) -> Self {
        if let Some(Runs::Docker(runs)) = &mut self.runs {
            runs.args.get_or_insert_with(Vec::new).push(arg.into());
        }
        self
    }

    /// Adds a variable to `runs.env`, set in the container (Docker actions).
    #[must_use]
    pub fn runs_env(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        if let Some(Runs::Docker(runs)) = &mut self.runs {
            runs.env
                .get_or_insert_with(Mapping::new)
                .insert(name.into(), value.into());
        }
        self
    }

    /// Adds a top-level key GitHub does not define. GitHub allows them and does nothing with them; the
    /// validator warns about each.
    ///
    /// ```
    /// use pipeline_core::model::{Action, Value};
    /// let a = Action::composite("A", "B").other("x-owner", "platform");
    /// assert_eq!(a.other["x-owner"], Value::from("platform"));
    /// ```
    #[must_use]
    pub fn other(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.other.insert(key.into(), value.into());
        self
    }

    /// Sets `branding`: the Marketplace badge's icon and color.
    ///
    /// ```
    /// let a = pipeline_core::model::Action::composite("Deploy", "Deploys").branding("upload-cloud", "blue");
    /// assert!(a.branding.is_some());
    /// ```
    #[must_use]
    pub fn branding(mut self, icon: impl Into<String>, color: impl Into<String>) -> Self {
        self.branding = Some(Branding {
            icon: Some(icon.into()),
            color: Some(color.into()),
        });
        self
    }
}

impl ActionInput {
    /// A required input with a description.
    ///
    /// ```
    /// let i = pipeline_core::model::ActionInput::required("Who to greet");
    /// assert!(i.is_required());
    /// assert_eq!(i.description.as_deref(), Some("Who to greet"));
    /// ```
    #[must_use]
    pub fn required(description: impl Into<String>) -> Self {
        Self {
            description: Some(description.into()),
            required: Some(Value::Bool(true)),
            ..Self::default()
        }
    }

    /// An optional input with a description and a default.
    ///
    /// ```
    /// let i = pipeline_core::model::ActionInput::optional("Log level", "info");
    /// assert!(!i.is_required());
    /// ```
    #[must_use]
    pub fn optional(description: impl Into<String>, default: impl Into<Value>) -> Self {
        Self {
            description: Some(description.into()),
            required: Some(Value::Bool(false)),
            default: Some(default.into()),
            ..Self::default()
        }
    }

    /// Sets `deprecationMessage`.
    ///
    /// ```
    /// let i = pipeline_core::model::ActionInput::optional("Log level", "info").deprecation_message("Use verbosity instead");
    /// assert_eq!(i.deprecation_message.as_deref(), Some("Use verbosity instead"));
    /// ```
    #[must_use]
    pub fn deprecation_message(mut self, message: impl Into<String>) -> Self {
        self.deprecation_message = Some(message.into());
        self
    }
}

impl ActionOutput {
    /// An output of a composite action and the expression that gives its value
    /// (`${{ steps.deploy.outputs.url }}`).
    ///
    /// ```
    /// let o = pipeline_core::model::ActionOutput::new("The URL", "${{ steps.deploy.outputs.url }}");
    /// assert!(o.value.is_some());
    /// ```
    #[must_use]
    pub fn new(description: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            description: Some(description.into()),
            value: Some(value.into()),
        }
    }
}

impl Input {
    /// An input without a `type` (GitHub reads it as a string).
    ///
    /// ```
    /// let input = pipeline_core::model::Input::new().description("Anything").default("x");
    /// assert!(input.r#type.is_none());
    /// ```
    #[must_use]
    pub fn new() -> Self {
        <Self as Default>::default()
    }
}

impl From<crate::expr::Expr> for ExprOr<bool> {
    /// A typed expression for a boolean setting (`continue-on-error`, `cancel-in-progress`,
    /// `fail-fast`), written in `${{ }}`: only `if:` may hold a bare expression, so a bare one here
    /// would be read as a string and rejected. [`Job::if_`] and [`Step::if_`] write theirs bare.
    ///
    /// ```
    /// use pipeline_core::expr::github;
    /// use pipeline_core::model::Concurrency;
    /// let c = Concurrency::group("ci").cancel_in_progress(github::event_name().eq("pull_request"));
    /// let yaml = pipeline_core::emit::workflow(&pipeline_core::model::Workflow::new("CI").concurrency(c), &Default::default());
    /// assert!(yaml.contains("cancel-in-progress: ${{ github.event_name == 'pull_request' }}"), "{yaml}");
    /// ```
    fn from(expr: crate::expr::Expr) -> Self {
        Self::Expr(expr.to_string())
    }
}

/// What `if_` takes ([`Job::if_`], [`Step::if_`]): a condition as text, bare or in `${{ }}`, a typed
/// [`Expr`](crate::expr::Expr) (written bare), or an [`ExprOr<bool>`].
///
/// A Rust `bool` is not a condition: `.if_(a == b)` on two expressions would compare them in Rust and
/// write a constant, so it does not compile. Compare with [`Expr::eq`](crate::expr::Expr::eq), and write
/// a constant as `ExprOr::Value(false)`.
///
/// ```compile_fail
/// use pipeline_core::expr::{Expr, runner};
/// let step = pipeline_core::model::Step::run("x").if_(runner::os() == Expr::from("Windows"));
/// ```
///
/// ```
/// use pipeline_core::expr::runner;
/// use pipeline_core::model::{ExprOr, Step};
/// let typed = Step::run("x").if_(runner::os().eq("Windows"));
/// assert_eq!(typed.r#if, Some(ExprOr::Expr("runner.os == 'Windows'".into())));
/// let never = Step::run("x").if_(ExprOr::Value(false));
/// assert_eq!(never.r#if, Some(ExprOr::Value(false)));
/// ```
pub trait IfCondition {
    /// The value `if:` holds.
    fn into_condition(self) -> ExprOr<bool>;
}

impl IfCondition for &str {
    fn into_condition(self) -> ExprOr<bool> {
        ExprOr::Expr(self.to_owned())
    }
}

impl IfCondition for String {
    fn into_condition(self) -> ExprOr<bool> {
        ExprOr::Expr(self)
    }
}

impl IfCondition for &String {
    fn into_condition(self) -> ExprOr<bool> {
        ExprOr::Expr(self.clone())
    }
}

impl IfCondition for crate::expr::Expr {
    fn into_condition(self) -> ExprOr<bool> {
        ExprOr::Expr(self.to_condition())
    }
}

impl IfCondition for ExprOr<bool> {
    fn into_condition(self) -> ExprOr<bool> {
        self
    }
}

impl From<crate::expr::Expr> for ExprOr<Number> {
    fn from(expr: crate::expr::Expr) -> Self {
        Self::Expr(expr.to_string())
    }
}

impl From<crate::expr::Expr> for Value {
    /// An expression as a value: the string `${{ ... }}`.
    fn from(expr: crate::expr::Expr) -> Self {
        Self::String(expr.to_string())
    }
}

impl From<crate::expr::Expr> for RunsOn {
    fn from(expr: crate::expr::Expr) -> Self {
        Self::Label(expr.to_string())
    }
}

/// A job added to a workflow, by id: what later jobs name in `needs` and read outputs from.
///
/// ```
/// use pipeline_core::model::{Job, Step, Workflow};
/// let mut workflow = Workflow::new("Release");
/// let build = workflow.add_job("build", Job::new("ubuntu-latest").output("version", "${{ steps.v.outputs.version }}"));
/// let publish = workflow.add_job(
///     "publish",
///     Job::new("ubuntu-latest").needs(&build).step(Step::run("echo \"$VERSION\"").env("VERSION", build.output("version"))),
/// );
/// assert_eq!(build.output("version").to_string(), "${{ needs.build.outputs.version }}");
/// assert_eq!(publish.id(), "publish");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobRef {
    id: String,
}

impl JobRef {
    /// A reference to a job by id, for jobs defined elsewhere (another template, say).
    ///
    /// ```
    /// use pipeline_core::model::{Job, JobRef};
    /// let j = Job::new("ubuntu-latest").needs(&JobRef::new("build"));
    /// assert_eq!(j.needed_jobs().collect::<Vec<_>>(), ["build"]);
    /// ```
    #[must_use]
    pub fn new(id: impl Into<String>) -> Self {
        Self { id: id.into() }
    }

    /// The job's id.
    ///
    /// ```
    /// assert_eq!(pipeline_core::model::JobRef::new("build").id(), "build");
    /// ```
    #[must_use]
    pub fn id(&self) -> &str {
        &self.id
    }

    /// `needs.<id>.outputs.<name>`: valid in jobs that need this one directly.
    ///
    /// ```
    /// let build = pipeline_core::model::JobRef::new("build");
    /// assert_eq!(build.output("version").to_string(), "${{ needs.build.outputs.version }}");
    /// ```
    #[must_use]
    pub fn output(&self, name: impl Into<String>) -> crate::expr::Expr {
        crate::expr::needs(self.id.as_str()).output(name)
    }

    /// `needs.<id>.result`: `success`, `failure`, `cancelled` or `skipped`.
    ///
    /// ```
    /// let build = pipeline_core::model::JobRef::new("build");
    /// assert_eq!(build.result().to_string(), "${{ needs.build.result }}");
    /// ```
    #[must_use]
    pub fn result(&self) -> crate::expr::Expr {
        crate::expr::needs(self.id.as_str()).result()
    }
}

impl From<&JobRef> for String {
    fn from(job: &JobRef) -> Self {
        job.id.clone()
    }
}

impl From<JobRef> for String {
    fn from(job: JobRef) -> Self {
        job.id
    }
}

/// A step with an id, added to a job: what later steps and the job's outputs read.
///
/// ```
/// use pipeline_core::model::{Job, Step};
/// let mut job = Job::new("ubuntu-latest");
/// let version = job.add_step("version", Step::run("echo \"version=1.2.3\" >> \"$GITHUB_OUTPUT\""));
/// let job = job.output("version", version.output("version"));
/// assert_eq!(job.outputs.unwrap()["version"], "${{ steps.version.outputs.version }}");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepRef {
    id: String,
}

impl StepRef {
    /// A reference to a step by id.
    ///
    /// ```
    /// let meta = pipeline_core::model::StepRef::new("meta");
    /// assert_eq!(meta.output("tags").to_string(), "${{ steps.meta.outputs.tags }}");
    /// ```
    #[must_use]
    pub fn new(id: impl Into<String>) -> Self {
        Self { id: id.into() }
    }

    /// The step's id.
    ///
    /// ```
    /// assert_eq!(pipeline_core::model::StepRef::new("meta").id(), "meta");
    /// ```
    #[must_use]
    pub fn id(&self) -> &str {
        &self.id
    }

    /// `steps.<id>.outputs.<name>`: valid in later steps of the same job and in the job's outputs.
    ///
    /// ```
    /// let meta = pipeline_core::model::StepRef::new("meta");
    /// assert_eq!(meta.output("version").to_string(), "${{ steps.meta.outputs.version }}");
    /// ```
    #[must_use]
    pub fn output(&self, name: impl Into<String>) -> crate::expr::Expr {
        crate::expr::steps(self.id.as_str()).output(name)
    }

    /// `steps.<id>.outcome`, before `continue-on-error` is applied.
    ///
    /// ```
    /// let tests = pipeline_core::model::StepRef::new("tests");
    /// assert_eq!(tests.outcome().to_string(), "${{ steps.tests.outcome }}");
    /// ```
    #[must_use]
    pub fn outcome(&self) -> crate::expr::Expr {
        crate::expr::steps(self.id.as_str()).outcome()
    }

    /// `steps.<id>.conclusion`, after `continue-on-error` is applied.
    ///
    /// ```
    /// let tests = pipeline_core::model::StepRef::new("tests");
    /// assert_eq!(tests.conclusion().to_string(), "${{ steps.tests.conclusion }}");
    /// ```
    #[must_use]
    pub fn conclusion(&self) -> crate::expr::Expr {
        crate::expr::steps(self.id.as_str()).conclusion()
    }
}

/// A background step added to a job: what `wait` and `cancel` steps take. Only
/// [`Job::add_background_step`] makes one, so a `wait` or `cancel` can only name a background step that
/// exists.
///
/// ```
/// use pipeline_core::model::{Job, Step};
/// let mut job = Job::new("ubuntu-latest");
/// let server = job.add_background_step("server", Step::run("./server.sh"));
/// job = job
///     .step(Step::run("./integration-tests.sh"))
///     .step(Step::cancel(&server));
/// assert_eq!(job.step_list().len(), 3);
/// assert_eq!(server.step().id(), "server");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BackgroundRef {
    id: String,
}

impl BackgroundRef {
    /// The step's id.
    #[must_use]
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The step as a [`StepRef`], for its outputs (readable once a `wait` or `wait-all` has covered it).
    ///
    /// ```
    /// use pipeline_core::model::{Job, Step};
    /// let mut job = Job::new("ubuntu-latest");
    /// let build = job.add_background_step("build", Step::run("./build.sh"));
    /// assert_eq!(build.step().output("digest").to_string(), "${{ steps.build.outputs.digest }}");
    /// ```
    #[must_use]
    pub fn step(&self) -> StepRef {
        StepRef::new(self.id.clone())
    }
}

impl Workflow {
    /// Adds a job and returns a reference to it, for `needs` and for reading its outputs.
    ///
    /// ```
    /// use pipeline_core::model::{Job, Workflow};
    /// let mut w = Workflow::new("CI");
    /// let build = w.add_job("build", Job::new("ubuntu-latest"));
    /// assert_eq!(build.id(), "build");
    /// assert!(w.jobs.contains_key("build"));
    /// ```
    pub fn add_job(&mut self, id: impl Into<String>, job: Job) -> JobRef {
        let id = id.into();
        self.jobs.insert(id.clone(), job);
        JobRef { id }
    }
}

impl Job {
    /// Appends a step with the given `id` and returns a reference to it, for reading its outputs.
    ///
    /// ```
    /// use pipeline_core::model::{Job, Step};
    /// let mut job = Job::new("ubuntu-latest");
    /// let meta = job.add_step("meta", Step::run("./meta.sh"));
    /// assert_eq!(job.step_list()[0].id.as_deref(), Some(meta.id()));
    /// ```
    pub fn add_step(&mut self, id: impl Into<String>, step: Step) -> StepRef {
        let id = id.into();
        self.steps
            .get_or_insert_with(Vec::new)
            .push(step.id(id.clone()));
        StepRef { id }
    }

    /// Appends a step with the given `id` as a background step (`background: true`) and returns the handle
    /// that [`Step::wait`], [`Step::wait_for`] and [`Step::cancel`] take.
    ///
    /// ```
    /// use pipeline_core::model::{Job, Step};
    /// let mut job = Job::new("ubuntu-latest");
    /// let db = job.add_background_step("db", Step::run("./start-db.sh"));
    /// let job = job.step(Step::wait(&db));
    /// assert_eq!(job.step_list()[0].background, Some(true));
    /// ```
    pub fn add_background_step(&mut self, id: impl Into<String>, step: Step) -> BackgroundRef {
        let id = id.into();
        self.steps
            .get_or_insert_with(Vec::new)
            .push(step.id(id.clone()).background());
        BackgroundRef { id }
    }
}
