//! The event a plan is made for, and the outcomes it assumes.

use crate::model::{Mapping, Value};
use indexmap::IndexMap;

/// An event that may start a workflow: its name, activity type, refs, changed files, inputs, actor and
/// any `github.event` fields a condition reads.
///
/// The constructors fill in what GitHub sets for the event (`Event::pull_request("main")` targets
/// `main`, has activity type `opened` and the ref `refs/pull/1/merge`); the chaining methods change it.
/// What the event does not give, a condition cannot read: such a job is planned as undecided.
///
/// ```
/// use pipeline_core::plan::Event;
/// let push = Event::push("main").changed(["src/lib.rs"]);
/// assert_eq!(push.name(), "push");
/// assert_eq!(push.reference(), Some("refs/heads/main"));
/// let release = Event::push("refs/tags/v1.2.0");
/// assert_eq!(release.reference(), Some("refs/tags/v1.2.0"));
/// let pr = Event::pull_request("main").head_ref("feature/login");
/// assert_eq!(pr.base(), Some("main"));
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Event {
    pub(crate) name: String,
    pub(crate) activity: Option<String>,
    pub(crate) git_ref: Option<String>,
    pub(crate) base_ref: Option<String>,
    pub(crate) head_ref: Option<String>,
    pub(crate) changed: Option<Vec<String>>,
    pub(crate) inputs: Mapping,
    pub(crate) actor: Option<String>,
    pub(crate) repository: Option<String>,
    pub(crate) fields: Mapping,
}

/// `refs/heads/NAME` for a branch name; a full ref (`refs/...`) as given.
fn branch_ref(name: &str) -> String {
    if name.starts_with("refs/") {
        name.to_owned()
    } else {
        format!("refs/heads/{name}")
    }
}

impl Event {
    /// An event by name (`schedule`, `release`, `issue_comment`), with nothing else set.
    ///
    /// ```
    /// use pipeline_core::plan::Event;
    /// assert_eq!(Event::new("release").activity("published").name(), "release");
    /// ```
    #[must_use]
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Self::default()
        }
    }

    /// A push to a branch (`main`) or to a full ref (`refs/tags/v1.0.0`).
    #[must_use]
    pub fn push(reference: &str) -> Self {
        Self::new("push").git_ref(branch_ref(reference))
    }

    /// A pull request into the branch `base`, activity type `opened`, from the branch `head`
    /// (`head_ref`, default `feature`). Its ref is the merge ref GitHub makes, `refs/pull/1/merge`.
    #[must_use]
    pub fn pull_request(base: &str) -> Self {
        Self::new("pull_request")
            .activity("opened")
            .git_ref("refs/pull/1/merge")
            .base_ref(base)
            .head_ref("feature")
    }

    /// A `pull_request_target` into `base`: it runs in the context of the base branch, so its ref is
    /// `refs/heads/<base>`.
    #[must_use]
    pub fn pull_request_target(base: &str) -> Self {
        Self::new("pull_request_target")
            .activity("opened")
            .git_ref(branch_ref(base))
            .base_ref(base)
            .head_ref("feature")
    }

    /// A manual run (`workflow_dispatch`) on a branch or ref; add inputs with [`Event::input`].
    #[must_use]
    pub fn workflow_dispatch(reference: &str) -> Self {
        Self::new("workflow_dispatch").git_ref(branch_ref(reference))
    }

    /// A scheduled run: it runs on the default branch, here `reference`.
    #[must_use]
    pub fn schedule(reference: &str) -> Self {
        Self::new("schedule").git_ref(branch_ref(reference))
    }

    /// The activity type (`opened`, `synchronize`, `published`): `github.event.action`.
    #[must_use]
    pub fn activity(mut self, activity: impl Into<String>) -> Self {
        self.activity = Some(activity.into());
        self
    }

    /// The ref (`refs/heads/main`, `refs/tags/v1`): `github.ref`. A branch name is made a full ref.
    #[must_use]
    pub fn git_ref(mut self, reference: impl Into<String>) -> Self {
        self.git_ref = Some(branch_ref(&reference.into()));
        self
    }

    /// The base branch of a pull request: `github.base_ref`.
    #[must_use]
    pub fn base_ref(mut self, branch: impl Into<String>) -> Self {
        self.base_ref = Some(branch.into());
        self
    }

    /// The head branch of a pull request: `github.head_ref`.
    #[must_use]
    pub fn head_ref(mut self, branch: impl Into<String>) -> Self {
        self.head_ref = Some(branch.into());
        self
    }

    /// The files the push or pull request changes, from the repository's root; `paths` filters read
    /// them. Without it, path filters are taken as satisfied and the plan says so.
    #[must_use]
    pub fn changed<I, S>(mut self, paths: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.changed
            .get_or_insert_with(Vec::new)
            .extend(paths.into_iter().map(Into::into));
        self
    }

    /// An input of `workflow_dispatch` or `workflow_call`: `inputs.<name>`.
    ///
    /// ```
    /// use pipeline_core::plan::Event;
    /// let run = Event::workflow_dispatch("main").input("environment", "production").input("dry-run", true);
    /// assert_eq!(run.inputs().len(), 2);
    /// ```
    #[must_use]
    pub fn input(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.inputs.insert(name.into(), value.into());
        self
    }

    /// Who started the run: `github.actor`.
    #[must_use]
    pub fn actor(mut self, actor: impl Into<String>) -> Self {
        self.actor = Some(actor.into());
        self
    }

    /// The repository, `owner/name`: `github.repository`.
    #[must_use]
    pub fn repository(mut self, repository: impl Into<String>) -> Self {
        self.repository = Some(repository.into());
        self
    }

    /// A field of the event's payload, `github.event.<path>`, by its dotted path
    /// (`pull_request.draft`, `head_commit.message`).
    ///
    /// ```
    /// use pipeline_core::plan::Event;
    /// let draft = Event::pull_request("main").field("pull_request.draft", true);
    /// assert!(draft.fields().contains_key("pull_request"));
    /// ```
    #[must_use]
    pub fn field(mut self, path: &str, value: impl Into<Value>) -> Self {
        let mut keys: Vec<&str> = path.split('.').collect();
        let Some(last) = keys.pop() else { return self };
        let mut map = &mut self.fields;
        for key in keys {
            let entry = map
                .entry(key.to_owned())
                .or_insert_with(|| Value::Mapping(Mapping::new()));
            if !matches!(entry, Value::Mapping(_)) {
                *entry = Value::Mapping(Mapping::new());
            }
            let Value::Mapping(inner) = entry else {
                return self;
            };
            map = inner;
        }
        map.insert(last.to_owned(), value.into());
        self
    }

    /// The event's name.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The activity type, when set.
    #[must_use]
    pub fn activity_type(&self) -> Option<&str> {
        self.activity.as_deref()
    }

    /// `github.ref`, when set.
    #[must_use]
    pub fn reference(&self) -> Option<&str> {
        self.git_ref.as_deref()
    }

    /// `github.base_ref`, when set.
    #[must_use]
    pub fn base(&self) -> Option<&str> {
        self.base_ref.as_deref()
    }

    /// The changed files, when given.
    #[must_use]
    pub fn changed_paths(&self) -> Option<&[String]> {
        self.changed.as_deref()
    }

    /// The inputs given.
    #[must_use]
    pub fn inputs(&self) -> &Mapping {
        &self.inputs
    }

    /// The payload fields given.
    #[must_use]
    pub fn fields(&self) -> &Mapping {
        &self.fields
    }

    /// `github.ref_name`: the ref without `refs/heads/` or `refs/tags/`; for a pull request,
    /// `<number>/merge`.
    pub(crate) fn ref_name(&self) -> Option<&str> {
        let r = self.git_ref.as_deref()?;
        Some(
            r.strip_prefix("refs/heads/")
                .or_else(|| r.strip_prefix("refs/tags/"))
                .or_else(|| r.strip_prefix("refs/pull/"))
                .unwrap_or(r),
        )
    }

    /// The branch pushed, when the ref is a branch.
    pub(crate) fn branch(&self) -> Option<&str> {
        self.git_ref.as_deref()?.strip_prefix("refs/heads/")
    }

    /// The tag pushed, when the ref is a tag.
    pub(crate) fn tag(&self) -> Option<&str> {
        self.git_ref.as_deref()?.strip_prefix("refs/tags/")
    }
}

// `Workflow::plan` takes the event by value or by reference.
impl AsRef<Event> for Event {
    fn as_ref(&self) -> &Event {
        self
    }
}

/// How a job ended, or is assumed to end.
///
/// ```
/// use pipeline_core::plan::Outcome;
/// assert_eq!(Outcome::Failure.as_str(), "failure");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// It succeeded.
    Success,
    /// A step failed.
    Failure,
    /// It was cancelled.
    Cancelled,
}

impl Outcome {
    /// The word GitHub uses in `needs.<job_id>.result`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Success => "success",
            Self::Failure => "failure",
            Self::Cancelled => "cancelled",
        }
    }
}

/// What the plan assumes about the run beyond the event: by default every job that runs succeeds.
/// Name the jobs that fail or are cancelled, the steps that fail, and the outputs jobs set.
///
/// ```
/// use pipeline_core::plan::Outcomes;
/// let outcomes = Outcomes::new()
///     .fail("build")
///     .output("quality-gate", "should-deploy", "true");
/// assert!(!outcomes.is_empty());
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Outcomes {
    pub(crate) jobs: IndexMap<String, Outcome>,
    pub(crate) steps: Vec<(String, String)>,
    pub(crate) outputs: IndexMap<String, Mapping>,
}

impl Outcomes {
    /// Every job that runs succeeds.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// The job `job` fails.
    #[must_use]
    pub fn fail(mut self, job: impl Into<String>) -> Self {
        self.jobs.insert(job.into(), Outcome::Failure);
        self
    }

    /// The job `job` is cancelled: the run is cancelled while it runs.
    #[must_use]
    pub fn cancel(mut self, job: impl Into<String>) -> Self {
        self.jobs.insert(job.into(), Outcome::Cancelled);
        self
    }

    /// The step with `id:` `step` of job `job` fails; the job fails with it unless the step sets
    /// `continue-on-error: true`.
    #[must_use]
    pub fn fail_step(mut self, job: impl Into<String>, step: impl Into<String>) -> Self {
        self.steps.push((job.into(), step.into()));
        self
    }

    /// The job `job` sets the output `name` to `value`: `needs.<job>.outputs.<name>`.
    #[must_use]
    pub fn output(
        mut self,
        job: impl Into<String>,
        name: impl Into<String>,
        value: impl Into<Value>,
    ) -> Self {
        self.outputs
            .entry(job.into())
            .or_default()
            .insert(name.into(), value.into());
        self
    }

    /// Whether nothing is assumed beyond success.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.jobs.is_empty() && self.steps.is_empty() && self.outputs.is_empty()
    }
}
