//! `on`: the events that start a workflow, their filters, schedules, and the inputs, outputs and secrets of
//! `workflow_dispatch` and `workflow_call`.

use super::{OneOrMany, Value, workflow::keyword_enum};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// `on`, in the form the author wrote it.
///
/// ```
/// use pipeline_core::model::{Event, On};
/// let on = On::Events(vec![Event::Push, Event::PullRequest]);
/// assert_eq!(on.events().count(), 2);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum On {
    /// `on: push`
    Event(Event),
    /// `on: [push, pull_request]`
    Events(Vec<Event>),
    /// `on: { push: { branches: [main] }, workflow_dispatch: }`; a `None` config is written as a bare `event:`.
    Triggers(IndexMap<Event, Option<EventConfig>>),
}

impl Default for On {
    fn default() -> Self {
        Self::Triggers(IndexMap::new())
    }
}

impl On {
    /// The events, whichever form was written.
    pub fn events(&self) -> impl Iterator<Item = &Event> {
        let (one, many, map) = match self {
            Self::Event(event) => (Some(event), None, None),
            Self::Events(events) => (None, Some(events.iter()), None),
            Self::Triggers(map) => (None, None, Some(map.keys())),
        };
        one.into_iter()
            .chain(many.into_iter().flatten())
            .chain(map.into_iter().flatten())
    }

    /// The configuration of one event, when the mapping form configures it.
    #[must_use]
    pub fn config(&self, event: &Event) -> Option<&EventConfig> {
        match self {
            Self::Triggers(map) => map.get(event).and_then(Option::as_ref),
            _ => None,
        }
    }

    /// Whether the workflow starts on this event.
    #[must_use]
    pub fn has(&self, event: &Event) -> bool {
        self.events().any(|e| e == event)
    }

    /// Adds a trigger, turning the short forms into the mapping form.
    pub fn insert(&mut self, trigger: Trigger) {
        let map = match std::mem::take(self) {
            Self::Event(event) => IndexMap::from([(event, None)]),
            Self::Events(events) => events.into_iter().map(|e| (e, None)).collect(),
            Self::Triggers(map) => map,
        };
        let mut map = map;
        map.insert(trigger.event, trigger.config);
        *self = Self::Triggers(map);
    }
}

/// One event with its configuration, as the builders hand it to [`On::insert`].
///
/// ```
/// use pipeline_core::model::{Event, Trigger};
/// let trigger = Trigger { event: Event::WorkflowDispatch, config: None };
/// assert_eq!(trigger.event.as_str(), "workflow_dispatch");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Trigger {
    /// The event.
    pub event: Event,
    /// Its configuration; `None` is a bare `event:`.
    pub config: Option<EventConfig>,
}

keyword_enum! {
    /// An event that can start a workflow.
    ///
    /// ```
    /// use pipeline_core::model::Event;
    /// assert_eq!(Event::parse("pull_request_target"), Event::PullRequestTarget);
    /// assert_eq!(Event::Push.to_string(), "push");
    /// ```
    pub enum Event {
        /// `branch_protection_rule`
        BranchProtectionRule = "branch_protection_rule",
        /// `check_run`
        CheckRun = "check_run",
        /// `check_suite`
        CheckSuite = "check_suite",
        /// `create`
        Create = "create",
        /// `delete`
        Delete = "delete",
        /// `deployment`
        Deployment = "deployment",
        /// `deployment_status`
        DeploymentStatus = "deployment_status",
        /// `discussion`
        Discussion = "discussion",
        /// `discussion_comment`
        DiscussionComment = "discussion_comment",
        /// `fork`
        Fork = "fork",
        /// `gollum`
        Gollum = "gollum",
        /// `image_version`
        ImageVersion = "image_version",
        /// `issue_comment`
        IssueComment = "issue_comment",
        /// `issues`
        Issues = "issues",
        /// `label`
        Label = "label",
        /// `merge_group`
        MergeGroup = "merge_group",
        /// `milestone`
        Milestone = "milestone",
        /// `page_build`
        PageBuild = "page_build",
        /// `project`
        Project = "project",
        /// `project_card`
        ProjectCard = "project_card",
        /// `project_column`
        ProjectColumn = "project_column",
        /// `public`
        Public = "public",
        /// `pull_request`
        PullRequest = "pull_request",
        /// `pull_request_comment`: GitHub's schema accepts it and asks for `issue_comment` instead.
        PullRequestComment = "pull_request_comment",
        /// `pull_request_review`
        PullRequestReview = "pull_request_review",
        /// `pull_request_review_comment`
        PullRequestReviewComment = "pull_request_review_comment",
        /// `pull_request_target`
        PullRequestTarget = "pull_request_target",
        /// `push`
        Push = "push",
        /// `registry_package`
        RegistryPackage = "registry_package",
        /// `release`
        Release = "release",
        /// `repository_dispatch`
        RepositoryDispatch = "repository_dispatch",
        /// `schedule`
        Schedule = "schedule",
        /// `status`
        Status = "status",
        /// `watch`
        Watch = "watch",
        /// `workflow_call`
        WorkflowCall = "workflow_call",
        /// `workflow_dispatch`
        WorkflowDispatch = "workflow_dispatch",
        /// `workflow_run`
        WorkflowRun = "workflow_run",
    }
}

/// The configuration under one event in the mapping form of `on`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum EventConfig {
    /// `schedule`: a list of crons.
    Schedule(Vec<Cron>),
    /// Activity types and branch, tag, path and workflow filters.
    Filters(Filters),
    /// `workflow_dispatch` with its inputs.
    WorkflowDispatch(WorkflowDispatch),
    /// `workflow_call` with its inputs, outputs and secrets.
    WorkflowCall(WorkflowCall),
}

/// Activity `types` and the filters of `push`, `pull_request`, `pull_request_target`, `workflow_run` and the
/// other events that take them. Which filter applies to which event is checked by the validator.
///
/// ```
/// use pipeline_core::model::{Filters, OneOrMany};
/// let filters = Filters { branches: Some(OneOrMany::Many(vec!["main".into()])), ..Filters::default() };
/// assert!(filters.tags.is_none());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Filters {
    /// `types`: activity types.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub types: Option<OneOrMany<String>>,
    /// `workflows`: the workflows a `workflow_run` follows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workflows: Option<OneOrMany<String>>,
    /// `branches`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub branches: Option<OneOrMany<String>>,
    /// `branches-ignore`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub branches_ignore: Option<OneOrMany<String>>,
    /// `tags`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags: Option<OneOrMany<String>>,
    /// `tags-ignore`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tags_ignore: Option<OneOrMany<String>>,
    /// `paths`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paths: Option<OneOrMany<String>>,
    /// `paths-ignore`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paths_ignore: Option<OneOrMany<String>>,
    /// `names`: the custom runner images an `image_version` event follows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub names: Option<OneOrMany<String>>,
    /// `versions`: the image versions an `image_version` event follows (`2.*`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub versions: Option<OneOrMany<String>>,
}

/// One entry of `schedule`.
///
/// ```
/// use pipeline_core::model::Cron;
/// let nightly = Cron { cron: "0 2 * * *".into(), timezone: None };
/// assert_eq!(nightly.cron, "0 2 * * *");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Cron {
    /// `cron`: five POSIX cron fields, in UTC unless `timezone` says otherwise.
    pub cron: String,
    /// `timezone`: an IANA time zone name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
}

/// `workflow_dispatch`: a manual run, with its inputs.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct WorkflowDispatch {
    /// `inputs`, by name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inputs: Option<IndexMap<String, Input>>,
}

/// `workflow_call`: the interface of a reusable workflow.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct WorkflowCall {
    /// `inputs`, by name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inputs: Option<IndexMap<String, Input>>,
    /// `outputs`, by name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outputs: Option<IndexMap<String, WorkflowCallOutput>>,
    /// `secrets`, by name; a `None` entry is a bare `name:`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secrets: Option<IndexMap<String, Option<WorkflowCallSecret>>>,
}

/// An input of `workflow_dispatch` or `workflow_call`.
///
/// ```
/// use pipeline_core::model::{Input, InputType};
/// let input = Input {
///     description: Some("Where to deploy".into()),
///     required: Some(true),
///     r#type: Some(InputType::Choice),
///     options: Some(vec!["staging".into(), "production".into()]),
///     ..Default::default()
/// };
/// assert_eq!(input.options.as_ref().map(Vec::len), Some(2));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Input {
    /// `description`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `required`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    /// `default`, typed as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<Value>,
    /// `type`
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub r#type: Option<InputType>,
    /// `options` of a `choice` input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub options: Option<Vec<String>>,
}

keyword_enum! {
    /// The `type` of a dispatch or call input.
    ///
    /// ```
    /// use pipeline_core::model::InputType;
    /// assert_eq!(InputType::parse("environment"), InputType::Environment);
    /// ```
    pub enum InputType {
        /// `string`
        String = "string",
        /// `boolean`
        Boolean = "boolean",
        /// `number`
        Number = "number",
        /// `choice` (dispatch only)
        Choice = "choice",
        /// `environment` (dispatch only)
        Environment = "environment",
    }
}

/// An output of a reusable workflow.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct WorkflowCallOutput {
    /// `description`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `value`: usually `${{ jobs.<id>.outputs.<name> }}`.
    pub value: String,
}

/// A secret of a reusable workflow.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct WorkflowCallSecret {
    /// `description`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `required`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
}
