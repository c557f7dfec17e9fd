//! Which jobs run for a given event, answered before anything runs.
//!
//! [`plan`] takes a workflow, an [`Event`] and the [`Outcomes`] to assume (by default every job that runs
//! succeeds) and returns the [`Plan`]: whether the event starts the workflow (its name under `on`, its
//! activity type, the branch, tag and path filters), then every job in an order the `needs` graph
//! allows, each one run, skipped (with the filter, condition or need that skips it) or undecided (its
//! `if:` reads a step output, a secret or anything else the event does not give), with its matrix
//! expanded into rows exactly as GitHub expands it and its `runs-on`, `environment` and `concurrency`
//! evaluated for each row.
//!
//! ```
//! use pipeline_core::model::{Job, Trigger, Workflow};
//! use pipeline_core::plan::Event;
//!
//! let ci = Workflow::new("CI")
//!     .on(Trigger::push().branches(["main"]))
//!     .on(Trigger::pull_request())
//!     .job("build", Job::new("ubuntu-latest"))
//!     .job(
//!         "deploy",
//!         Job::new("ubuntu-latest").needs("build").if_("github.ref == 'refs/heads/main'"),
//!     );
//!
//! let push = ci.plan(Event::push("main"));
//! assert!(push.runs("build") && push.runs("deploy"));
//!
//! let pr = ci.plan(Event::pull_request("main"));
//! assert!(pr.runs("build"));
//! assert!(pr.skips("deploy"));
//! assert_eq!(pr.reason("deploy"), Some("`if:` is false: github.ref == 'refs/heads/main'"));
//!
//! let other = ci.plan(Event::push("dev"));
//! assert!(!other.triggered());
//! ```
//!
//! Conditions are decided in three values: `&&`, `||`, `!` and the status functions (`success()`,
//! `failure()`, `always()`, `cancelled()`, by GitHub's rules given the outcomes of the needs) here, and
//! every other part by the expression evaluator when every context it reads is known. A job whose `if:`
//! reads `needs.<job>.outputs.<name>` is decided once [`Outcomes::output`] gives that output.

mod cond;
mod event;
mod matrix;
mod scope;
mod trigger;

pub use event::{Event, Outcome, Outcomes};

use crate::expr::{self, Ast};
use crate::model::{
    Concurrency, Environment, EventConfig, ExprOr, Input, InputType, Job, Mapping, RunsOn, Value,
    Workflow,
};
use crate::validate::JobGraph;
use indexmap::IndexMap;
use scope::{Node, Scope};
use std::fmt::Write as _;
use std::rc::Rc;

/// Whether a job runs.
///
/// ```
/// use pipeline_core::plan::Status;
/// assert_eq!(Status::Undecided.as_str(), "undecided");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    /// It runs.
    Runs,
    /// It is skipped.
    Skipped,
    /// The event does not decide it.
    Undecided,
}

impl Status {
    /// `runs`, `skipped` or `undecided`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Runs => "runs",
            Self::Skipped => "skipped",
            Self::Undecided => "undecided",
        }
    }
}

/// A setting of a job as written and, when the event decides it, as evaluated.
///
/// ```
/// use pipeline_core::plan::Setting;
/// let runs_on = Setting { written: "${{ matrix.os }}".into(), value: Some("ubuntu-latest".into()) };
/// assert_eq!(runs_on.to_string(), "ubuntu-latest");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Setting {
    /// The text of the workflow.
    pub written: String,
    /// The evaluated text, `None` when the event does not decide it.
    pub value: Option<String>,
}

impl std::fmt::Display for Setting {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.value.as_deref().unwrap_or(&self.written))
    }
}

/// One job of a matrix (or the job itself, when it has no matrix), with its settings evaluated.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// The matrix values of this row; empty without a matrix.
    pub matrix: Mapping,
    /// Whether the row runs: the job's status.
    pub status: Status,
    /// `runs-on`.
    pub runs_on: Option<Setting>,
    /// The name of the `environment`.
    pub environment: Option<Setting>,
    /// The `concurrency` group.
    pub concurrency: Option<Setting>,
}

/// One job of the plan.
#[derive(Clone, Debug, PartialEq)]
pub struct JobPlan {
    /// The job's id.
    pub id: String,
    /// Whether it runs.
    pub status: Status,
    /// Why it is skipped or undecided; `None` when it runs.
    pub reason: Option<String>,
    /// The jobs it needs.
    pub needs: Vec<String>,
    /// Its matrix rows, or one row for a job without a matrix. Empty when the matrix is not decided.
    pub rows: Vec<Row>,
    /// Why the matrix is not decided (an axis from an expression the event does not give).
    pub matrix_undecided: Option<String>,
    /// How it ends when it runs: success, unless the outcomes say otherwise.
    pub outcome: Option<Outcome>,
    /// The plan of the reusable workflow it calls, when that workflow is among the files planned.
    pub called: Option<Box<Plan>>,
}

/// The run an event makes: whether the workflow starts, and each job.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    triggered: bool,
    trigger_reason: Option<String>,
    notes: Vec<String>,
    concurrency: Option<Setting>,
    jobs: Vec<JobPlan>,
}

impl Plan {
    /// Whether the event starts the workflow.
    #[must_use]
    pub fn triggered(&self) -> bool {
        self.triggered
    }

    /// Why the event does not start the workflow.
    #[must_use]
    pub fn trigger_reason(&self) -> Option<&str> {
        self.trigger_reason.as_deref()
    }

    /// What the plan assumed where the event said nothing (path filters without changed files).
    #[must_use]
    pub fn notes(&self) -> &[String] {
        &self.notes
    }

    /// The workflow's `concurrency` group.
    #[must_use]
    pub fn concurrency(&self) -> Option<&Setting> {
        self.concurrency.as_ref()
    }

    /// Every job, in an order where each comes after the jobs it needs.
    #[must_use]
    pub fn jobs(&self) -> &[JobPlan] {
        &self.jobs
    }

    /// One job by id.
    #[must_use]
    pub fn job(&self, id: &str) -> Option<&JobPlan> {
        self.jobs.iter().find(|j| j.id == id)
    }

    /// The status of a job; `None` when there is no such job.
    #[must_use]
    pub fn status(&self, id: &str) -> Option<Status> {
        self.job(id).map(|j| j.status)
    }

    /// Whether the job runs.
    #[must_use]
    pub fn runs(&self, id: &str) -> bool {
        self.status(id) == Some(Status::Runs)
    }

    /// Whether the job is skipped.
    #[must_use]
    pub fn skips(&self, id: &str) -> bool {
        self.status(id) == Some(Status::Skipped)
    }

    /// Whether the event leaves it open if the job runs.
    #[must_use]
    pub fn is_undecided(&self, id: &str) -> bool {
        self.status(id) == Some(Status::Undecided)
    }

    /// Why a job is skipped or undecided.
    #[must_use]
    pub fn reason(&self, id: &str) -> Option<&str> {
        self.job(id).and_then(|j| j.reason.as_deref())
    }

    /// The matrix rows of a job (one row without a matrix); empty for an unknown job.
    #[must_use]
    pub fn rows(&self, id: &str) -> &[Row] {
        self.job(id).map_or(&[], |j| j.rows.as_slice())
    }

    /// The ids of the jobs that run, in order.
    #[must_use]
    pub fn running(&self) -> Vec<&str> {
        self.jobs
            .iter()
            .filter(|j| j.status == Status::Runs)
            .map(|j| j.id.as_str())
            .collect()
    }

    /// Whether job `first` runs and job `then` runs after it (it needs it, directly or not).
    #[must_use]
    pub fn runs_before(&self, first: &str, then: &str) -> bool {
        if !self.runs(first) || !self.runs(then) {
            return false;
        }
        let mut stack = vec![then];
        let mut seen = Vec::new();
        while let Some(id) = stack.pop() {
            let Some(job) = self.job(id) else { continue };
            for need in &job.needs {
                if need == first {
                    return true;
                }
                if !seen.contains(&need.as_str()) {
                    seen.push(need.as_str());
                    stack.push(need);
                }
            }
        }
        false
    }

    /// The jobs as a text table: id, status, rows, runs-on, environment, reason.
    ///
    /// ```
    /// use pipeline_core::model::{Job, Trigger, Workflow};
    /// use pipeline_core::plan::Event;
    /// let w = Workflow::new("CI").on(Trigger::push()).job("build", Job::new("ubuntu-latest"));
    /// let table = w.plan(Event::push("main")).table();
    /// assert!(table.starts_with("job    status  rows  runs-on"));
    /// assert!(table.lines().nth(1).unwrap().starts_with("build"));
    /// ```
    #[must_use]
    pub fn table(&self) -> String {
        let header = ["job", "status", "rows", "runs-on", "environment", "reason"];
        let mut lines: Vec<[String; 6]> = vec![header.map(str::to_owned)];
        for job in &self.jobs {
            let distinct = |f: fn(&Row) -> Option<&Setting>| {
                let mut values: Vec<String> = Vec::new();
                for row in &job.rows {
                    if let Some(s) = f(row) {
                        let s = s.to_string();
                        if !values.contains(&s) {
                            values.push(s);
                        }
                    }
                }
                values.join(", ")
            };
            let rows = if job.matrix_undecided.is_some() {
                "?".to_owned()
            } else {
                job.rows.len().to_string()
            };
            let reason = job
                .reason
                .clone()
                .or_else(|| job.matrix_undecided.clone())
                .unwrap_or_default();
            let status = match job.outcome {
                Some(o) if job.status == Status::Runs && o != Outcome::Success => {
                    format!("runs ({})", o.as_str())
                }
                _ => job.status.as_str().to_owned(),
            };
            lines.push([
                job.id.clone(),
                status,
                rows,
                distinct(|r| r.runs_on.as_ref()),
                distinct(|r| r.environment.as_ref()),
                reason,
            ]);
        }
        let mut widths = [0usize; 6];
        for line in &lines {
            for (w, cell) in widths.iter_mut().zip(line) {
                *w = (*w).max(cell.chars().count());
            }
        }
        let mut out = String::new();
        for line in &lines {
            let mut text = String::new();
            for (i, cell) in line.iter().enumerate() {
                if i + 1 == line.len() {
                    text.push_str(cell);
                } else {
                    let _ = write!(text, "{cell:<width$}  ", width = widths[i]);
                }
            }
            out.push_str(text.trim_end());
            out.push('\n');
        }
        out
    }

    /// The job graph in Mermaid ([`crate::graph::mermaid`]) with skipped jobs drawn dashed and grey and
    /// undecided jobs dotted, each class listed after the graph.
    ///
    /// ```
    /// use pipeline_core::model::{Job, Trigger, Workflow};
    /// use pipeline_core::plan::Event;
    /// let w = Workflow::new("CI")
    ///     .on(Trigger::pull_request())
    ///     .job("deploy", Job::new("ubuntu-latest").if_("github.event_name == 'push'"));
    /// let picture = w.plan(Event::pull_request("main")).mermaid(&w);
    /// assert!(picture.ends_with("class deploy skipped\n"));
    /// ```
    #[must_use]
    pub fn mermaid(&self, workflow: &Workflow) -> String {
        let mut out = crate::graph::mermaid(workflow);
        out.push_str("  classDef skipped stroke-dasharray: 5 5,color:#888,fill:#eee\n");
        out.push_str("  classDef undecided stroke-dasharray: 2 2\n");
        for status in [Status::Skipped, Status::Undecided] {
            let ids: Vec<String> = self
                .jobs
                .iter()
                .filter(|j| j.status == status)
                .map(|j| crate::graph::mermaid_id(&j.id))
                .collect();
            if !ids.is_empty() {
                let _ = writeln!(out, "  class {} {}", ids.join(","), status.as_str());
            }
        }
        out
    }
}

impl Workflow {
    /// The run `event` makes of this workflow when every job that runs succeeds; see [`plan`].
    ///
    /// ```
    /// use pipeline_core::model::{Job, Trigger, Workflow};
    /// use pipeline_core::plan::Event;
    /// let w = Workflow::new("CI").on(Trigger::push()).job("build", Job::new("ubuntu-latest"));
    /// assert!(w.plan(Event::push("main")).runs("build"));
    /// assert!(!w.plan(Event::pull_request("main")).triggered());
    /// ```
    #[must_use]
    pub fn plan(&self, event: impl AsRef<Event>) -> Plan {
        plan(self, event.as_ref(), &Outcomes::default())
    }

    /// The run `event` makes of this workflow given `outcomes`; see [`plan`].
    ///
    /// ```
    /// use pipeline_core::model::{Job, Trigger, Workflow};
    /// use pipeline_core::plan::{Event, Outcomes};
    /// let w = Workflow::new("CI")
    ///     .on(Trigger::push())
    ///     .job("build", Job::new("ubuntu-latest"))
    ///     .job("report", Job::new("ubuntu-latest").needs("build").if_("failure()"));
    /// assert!(w.plan(Event::push("main")).skips("report"));
    /// assert!(w.plan_with(Event::push("main"), &Outcomes::new().fail("build")).runs("report"));
    /// ```
    #[must_use]
    pub fn plan_with(&self, event: impl AsRef<Event>, outcomes: &Outcomes) -> Plan {
        plan(self, event.as_ref(), outcomes)
    }
}

/// The run `event` makes of `workflow`, given `outcomes`.
///
/// ```
/// use pipeline_core::model::{Job, Matrix, Trigger, Workflow};
/// use pipeline_core::plan::{Event, Outcomes, plan};
/// let w = Workflow::new("CI")
///     .on(Trigger::push())
///     .job("test", Job::new("${{ matrix.os }}").matrix(Matrix::new().axis("os", ["ubuntu-latest", "macos-latest"])));
/// let run = plan(&w, &Event::push("main"), &Outcomes::new());
/// let labels: Vec<String> = run.rows("test").iter().map(|r| r.runs_on.as_ref().unwrap().to_string()).collect();
/// assert_eq!(labels, ["ubuntu-latest", "macos-latest"]);
/// ```
#[must_use]
pub fn plan(workflow: &Workflow, event: &Event, outcomes: &Outcomes) -> Plan {
    Planner { files: &[] }.workflow(workflow, event, outcomes, None, 0)
}

/// The run `event` makes of the workflow at `entry` among `files` (each a path from the repository's
/// root, `.github/workflows/ci.yml`, with its workflow), planning the reusable workflows its jobs call
/// (`uses: ./.github/workflows/deploy.yml`) with the inputs they pass. `None` when `entry` is not
/// among the files.
///
/// ```
/// use pipeline_core::model::{Job, Trigger, Workflow};
/// use pipeline_core::plan::{Event, Outcomes, plan_set};
/// let deploy = Workflow::new("Deploy")
///     .on(Trigger::workflow_call())
///     .job("prod", Job::new("ubuntu-latest").if_("inputs.environment == 'production'"));
/// let ci = Workflow::new("CI").on(Trigger::push()).job(
///     "deploy",
///     Job::call("./.github/workflows/deploy.yml").with("environment", "staging"),
/// );
/// let files = [(".github/workflows/ci.yml", &ci), (".github/workflows/deploy.yml", &deploy)];
/// let run = plan_set(&files, ".github/workflows/ci.yml", &Event::push("main"), &Outcomes::new()).unwrap();
/// let called = run.job("deploy").unwrap().called.as_ref().unwrap();
/// assert!(called.skips("prod"));
/// ```
#[must_use]
pub fn plan_set(
    files: &[(&str, &Workflow)],
    entry: &str,
    event: &Event,
    outcomes: &Outcomes,
) -> Option<Plan> {
    let (_, workflow) = files.iter().find(|(path, _)| *path == entry)?;
    Some(Planner { files }.workflow(workflow, event, outcomes, None, 0))
}

/// GitHub's limit on nested reusable workflows: "You can connect a maximum of ten levels of workflows".
const MAX_DEPTH: usize = 10;

struct Planner<'f> {
    files: &'f [(&'f str, &'f Workflow)],
}

/// What is known of a job's end: each result it may have.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Results {
    success: bool,
    failure: bool,
    cancelled: bool,
    skipped: bool,
}

impl Results {
    fn only(self) -> Option<&'static str> {
        match (self.success, self.failure, self.cancelled, self.skipped) {
            (true, false, false, false) => Some("success"),
            (false, true, false, false) => Some("failure"),
            (false, false, true, false) => Some("cancelled"),
            (false, false, false, true) => Some("skipped"),
            _ => None,
        }
    }
}

fn outcome_results(outcome: Outcome) -> Results {
    Results {
        success: outcome == Outcome::Success,
        failure: outcome == Outcome::Failure,
        cancelled: outcome == Outcome::Cancelled,
        skipped: false,
    }
}

/// `Some(true)` when certain, `Some(false)` when impossible, else `None`.
fn possible(may: bool, certain: bool) -> Option<bool> {
    if certain {
        Some(true)
    } else if may {
        None
    } else {
        Some(false)
    }
}

/// The three-valued "all of" and "any of".
fn all(values: impl IntoIterator<Item = Option<bool>>) -> Option<bool> {
    let mut result = Some(true);
    for v in values {
        match v {
            Some(false) => return Some(false),
            None => result = None,
            Some(true) => {}
        }
    }
    result
}

fn any(values: impl IntoIterator<Item = Option<bool>>) -> Option<bool> {
    let mut result = Some(false);
    for v in values {
        match v {
            Some(true) => return Some(true),
            None => result = None,
            Some(false) => {}
        }
    }
    result
}

impl Planner<'_> {
    fn workflow(
        &self,
        workflow: &Workflow,
        event: &Event,
        outcomes: &Outcomes,
        call_inputs: Option<&Mapping>,
        depth: usize,
    ) -> Plan {
        let (triggered, trigger_reason, notes) = if call_inputs.is_some() {
            (true, None, Vec::new())
        } else {
            match trigger::check(workflow, event) {
                Ok(notes) => (true, None, notes),
                Err(reason) => (false, Some(reason), Vec::new()),
            }
        };
        let base = base_scope(workflow, event, call_inputs);
        let concurrency = workflow
            .concurrency
            .as_ref()
            .map(|c| setting(Concurrency::group_name(c), &base));
        let graph = JobGraph::new(workflow);
        let (order, cyclic): (Vec<usize>, bool) = match graph.topological_indices() {
            Some(order) => (order, false),
            None => ((0..workflow.jobs.len()).collect(), true),
        };
        // By job index: what the job may end as, and whether an ancestor failed or was cancelled.
        let mut results: Vec<Results> = vec![Results::default(); workflow.jobs.len()];
        let mut ancestors: Vec<(Option<bool>, Option<bool>)> =
            vec![(Some(false), Some(false)); workflow.jobs.len()];
        let mut jobs = Vec::with_capacity(order.len());
        for index in order {
            let Some((id, job)) = workflow.jobs.get_index(index) else {
                continue;
            };
            let id = id.as_str();
            let mut need_indices: Vec<usize> = graph.need_indices(index).collect();
            need_indices.sort_unstable();
            let needs: Vec<(&str, Results)> = need_indices
                .iter()
                .filter_map(|&n| {
                    let (need, _) = workflow.jobs.get_index(n)?;
                    Some((need.as_str(), results[n]))
                })
                .collect();
            let mut scope = base.clone();
            if reads_contexts(job) {
                let mut needs_node = IndexMap::new();
                for (need, result) in &needs {
                    needs_node.insert((*need).to_owned(), need_node(need, *result, outcomes));
                }
                scope.insert("needs", Node::Open(needs_node));
            }
            // failure(): "Returns true when any previous step of a job fails. If you have a chain of
            // dependent jobs, `failure()` returns true if any ancestor job fails." cancelled(): "Returns
            // true if the workflow was canceled": the plan takes a cancelled ancestor for that.
            let mut failure = Vec::with_capacity(needs.len() * 2);
            let mut cancelled = Vec::with_capacity(needs.len() * 2);
            for (&n, (_, r)) in need_indices.iter().zip(&needs) {
                let (f, c) = ancestors[n];
                failure.extend([f, possible(r.failure, r.only() == Some("failure"))]);
                cancelled.extend([c, possible(r.cancelled, r.only() == Some("cancelled"))]);
            }
            let (failure, cancelled) = (any(failure), any(cancelled));
            ancestors[index] = (failure, cancelled);
            // success(): "Returns `true` when all previous steps have succeeded": for a job, every need
            // succeeded and the run was not cancelled.
            let needs_succeeded = all(needs
                .iter()
                .map(|(_, r)| possible(r.success, r.only() == Some("success"))));
            let success = match (needs_succeeded, cancelled) {
                (Some(false), _) | (_, Some(true)) => Some(false),
                (Some(true), Some(false)) => Some(true),
                _ => None,
            };
            let status_fns = cond::Status {
                success,
                failure,
                cancelled,
            };

            let (status, reason) = if !triggered {
                (
                    Status::Skipped,
                    Some(format!(
                        "the workflow does not run: {}",
                        trigger_reason.as_deref().unwrap_or("")
                    )),
                )
            } else if cyclic {
                (
                    Status::Undecided,
                    Some("the jobs' needs form a cycle".to_owned()),
                )
            } else {
                decide(job, &needs, &scope, status_fns)
            };

            let outcome = (status != Status::Skipped).then(|| job_outcome(id, job, outcomes));
            let result = match status {
                Status::Runs => outcome_results(outcome.unwrap_or(Outcome::Success)),
                Status::Skipped => Results {
                    skipped: true,
                    ..Results::default()
                },
                Status::Undecided => Results {
                    skipped: true,
                    ..outcome_results(outcome.unwrap_or(Outcome::Success))
                },
            };
            results[index] = result;

            let (rows, matrix_undecided) = rows(job, status, &scope);
            let called = match (&job.uses, status) {
                (Some(uses), Status::Runs | Status::Undecided) if depth < MAX_DEPTH => {
                    self.call(uses, job, event, outcomes, &scope, depth)
                }
                _ => None,
            };
            jobs.push(JobPlan {
                id: id.to_owned(),
                status,
                reason,
                needs: needs.iter().map(|(n, _)| (*n).to_owned()).collect(),
                rows,
                matrix_undecided,
                outcome,
                called,
            });
        }
        Plan {
            triggered,
            trigger_reason,
            notes,
            concurrency,
            jobs,
        }
    }

    /// The plan of a local reusable workflow a job calls, with the inputs it passes.
    fn call(
        &self,
        uses: &str,
        job: &Job,
        event: &Event,
        outcomes: &Outcomes,
        scope: &Scope,
        depth: usize,
    ) -> Option<Box<Plan>> {
        let path = uses.strip_prefix("./")?;
        let path = path.split('@').next().unwrap_or(path);
        let (_, called) = self
            .files
            .iter()
            .find(|(p, _)| p.trim_start_matches("./") == path)?;
        // "Allowed expression contexts: `github`, and `needs`" for `jobs.<job_id>.with.<input_id>`.
        let mut inputs = Mapping::new();
        let mut unknown = Vec::new();
        for (name, value) in job.with.iter().flatten() {
            let value = match value {
                Value::String(s) => cond::value(s, scope, &mut unknown).map(scope::from_eval),
                other => Some(other.clone()),
            };
            if let Some(value) = value {
                inputs.insert(name.clone(), value);
            }
        }
        Some(Box::new(self.workflow(
            called,
            event,
            outcomes,
            Some(&inputs),
            depth + 1,
        )))
    }
}

/// Whether a job runs, and why not.
fn decide(
    job: &Job,
    needs: &[(&str, Results)],
    scope: &Scope,
    status_fns: cond::Status,
) -> (Status, Option<String>) {
    let (ast, written): (Option<Rc<Ast>>, String) = match &job.r#if {
        None => (None, String::new()),
        Some(ExprOr::Value(b)) => (Some(Rc::new(Ast::Bool(*b))), b.to_string()),
        Some(ExprOr::Expr(text)) => match condition(text, scope) {
            Ok(ast) => (Some(ast), text.trim().to_owned()),
            Err(error) => {
                return (
                    Status::Undecided,
                    Some(format!("the `if:` cannot be read: {error}")),
                );
            }
        },
    };
    let explicit = ast.as_deref().is_some_and(cond::calls_status);
    // "A default status check of `success()` is applied unless you include one of these functions."
    // And for `needs`: "If a job fails or is skipped, all jobs that need it are skipped unless the jobs
    // use a conditional expression that causes the job to continue."
    if !explicit {
        match status_fns.success {
            Some(false) => return (Status::Skipped, Some(blame(needs))),
            None => {
                let open: Vec<String> = needs
                    .iter()
                    .filter(|(_, r)| r.only().is_none())
                    .map(|(n, _)| format!("`{n}`"))
                    .collect();
                if let Some(ast) = &ast {
                    // A condition that is false whatever the needs did still decides.
                    let mut unknown = Vec::new();
                    if cond::partial(ast, scope, Some(status_fns), &mut unknown).truth()
                        == Some(false)
                    {
                        return (Status::Skipped, Some(format!("`if:` is false: {written}")));
                    }
                }
                let why = if open.is_empty() {
                    "the run may have been cancelled before it".to_owned()
                } else {
                    format!("it needs {}, which may or may not run", open.join(", "))
                };
                return (Status::Undecided, Some(why));
            }
            Some(true) => {}
        }
    }
    let Some(ast) = ast else {
        return (Status::Runs, None);
    };
    let mut unknown = Vec::new();
    match cond::partial(&ast, scope, Some(status_fns), &mut unknown).truth() {
        Some(true) => (Status::Runs, None),
        Some(false) => (Status::Skipped, Some(format!("`if:` is false: {written}"))),
        None => {
            unknown.dedup();
            let what: Vec<String> = unknown
                .iter()
                .map(|u| {
                    if u.starts_with('`') {
                        u.clone()
                    } else {
                        format!("`{u}`")
                    }
                })
                .collect();
            (
                Status::Undecided,
                Some(format!(
                    "`if:` reads {}, which the event does not give",
                    what.join(", ")
                )),
            )
        }
    }
}

/// An `if:` parsed once per workflow. Text around `${{ }}` is a string, and a non-empty string is true.
fn condition(text: &str, scope: &Scope) -> Result<Rc<Ast>, String> {
    if let Some(found) = scope.cache.borrow().conditions.get(text) {
        return found.clone();
    }
    let parsed = expr::parse_condition(text)
        .map(|c| Rc::new(c.expr().cloned().unwrap_or(Ast::Bool(true))))
        .map_err(|error| error.to_string());
    scope
        .cache
        .borrow_mut()
        .conditions
        .insert(text.to_owned(), parsed.clone());
    parsed
}

/// The first need that did not succeed, as the reason a job without a status function is skipped.
fn blame(needs: &[(&str, Results)]) -> String {
    for &(need, r) in needs {
        if !r.success {
            let what = match r.only() {
                Some("failure") => "failed",
                Some("cancelled") => "was cancelled",
                Some("skipped") => "is skipped",
                _ => "does not succeed",
            };
            return format!("need `{need}` {what}");
        }
    }
    "the run was cancelled".to_owned()
}

/// How a job that runs ends: as the outcomes say, or failed by a failing step that does not continue
/// on error, or success.
fn job_outcome(id: &str, job: &Job, outcomes: &Outcomes) -> Outcome {
    if let Some(outcome) = outcomes.jobs.get(id) {
        return *outcome;
    }
    for (j, step) in &outcomes.steps {
        if j != id {
            continue;
        }
        let continues = job
            .step_list()
            .iter()
            .find(|s| s.id.as_deref() == Some(step.as_str()))
            .is_some_and(|s| matches!(s.continue_on_error, Some(ExprOr::Value(true))));
        if !continues {
            return Outcome::Failure;
        }
    }
    Outcome::Success
}

/// `needs.<id>`: its result when known, and its outputs as far as given (a skipped job has none).
fn need_node(need: &str, results: Results, outcomes: &Outcomes) -> Node {
    let mut node = Node::unknown();
    if let Some(only) = results.only() {
        node.set("result", Node::Known(Value::from(only)));
    }
    let outputs = if results.only() == Some("skipped") {
        Node::Known(Value::Mapping(Mapping::new()))
    } else {
        let mut outputs = Node::unknown();
        for (name, value) in outcomes.outputs.get(need).into_iter().flatten() {
            outputs.set(name, Node::Known(value.clone()));
        }
        outputs
    };
    node.set("outputs", outputs);
    node
}

/// The contexts every job of the workflow shares: `github`, `inputs`, and the unknown `vars`.
fn base_scope(workflow: &Workflow, event: &Event, call_inputs: Option<&Mapping>) -> Scope {
    let mut github = Node::unknown();
    let known = |s: &str| Node::Known(Value::from(s));
    github.set("event_name", known(event.name()));
    if let Some(r) = event.reference() {
        github.set("ref", known(r));
        github.set("ref_name", known(event.ref_name().unwrap_or(r)));
        let ref_type = if event.tag().is_some() {
            "tag"
        } else {
            "branch"
        };
        github.set("ref_type", known(ref_type));
    }
    let pull = matches!(event.name(), "pull_request" | "pull_request_target");
    // `github.base_ref` and `github.head_ref`: "only available when the event that triggers a workflow
    // run is either `pull_request` or `pull_request_target`"; empty otherwise.
    github.set(
        "base_ref",
        known(if pull { event.base().unwrap_or("") } else { "" }),
    );
    github.set(
        "head_ref",
        known(if pull {
            event.head_ref.as_deref().unwrap_or("")
        } else {
            ""
        }),
    );
    if let Some(actor) = &event.actor {
        github.set("actor", known(actor));
        github.set("triggering_actor", known(actor));
    }
    if let Some(repository) = &event.repository {
        github.set("repository", known(repository));
        if let Some((owner, _)) = repository.split_once('/') {
            github.set("repository_owner", known(owner));
        }
    }
    if let Some(name) = &workflow.name {
        github.set("workflow", known(name));
    }
    let inputs = inputs(workflow, event, call_inputs);
    let mut payload = Node::unknown();
    fill(&mut payload, event.fields());
    if let Some(activity) = event.activity_type() {
        payload.set("action", known(activity));
    }
    if event.name() == "workflow_dispatch" {
        // `github.event.inputs` holds the dispatch inputs as strings.
        let strings: Mapping = inputs
            .iter()
            .map(|(k, v)| (k.clone(), Value::String(v.to_string())))
            .collect();
        payload.set("inputs", Node::Known(Value::Mapping(strings)));
    }
    if pull {
        let mut pr = Node::unknown();
        if let Some(Value::Mapping(given)) = event.fields().get("pull_request") {
            fill(&mut pr, given);
        }
        let mut side = |key: &str, branch: Option<&str>| {
            if let Some(branch) = branch {
                let mut node = Node::unknown();
                if let Some(Value::Mapping(given)) = event
                    .fields()
                    .get("pull_request")
                    .and_then(|p| p.as_mapping())
                    .and_then(|p| p.get(key))
                {
                    fill(&mut node, given);
                }
                node.set("ref", known(branch));
                pr.set(key, node);
            }
        };
        side("base", event.base());
        side("head", event.head_ref.as_deref());
        payload.set("pull_request", pr);
    }
    if event.name() == "push"
        && let Some(r) = event.reference()
    {
        payload.set("ref", known(r));
    }
    github.set("event", payload);
    let mut scope = Scope::default();
    scope.insert("github", github);
    scope.insert("inputs", Node::Known(Value::Mapping(inputs)));
    scope
}

/// Sets the given fields into an open node, keeping nested mappings open.
fn fill(node: &mut Node, fields: &Mapping) {
    for (key, value) in fields {
        match value {
            Value::Mapping(inner) => {
                let mut child = Node::unknown();
                fill(&mut child, inner);
                node.set(key, child);
            }
            other => node.set(key, Node::Known(other.clone())),
        }
    }
}

/// The `inputs` context: each declared input as given, else its default, typed as declared; for
/// `workflow_call` "If a `default` parameter is not set, the default value of the input is `false` for a
/// boolean, `0` for a number, and `""` for a string."
fn inputs(workflow: &Workflow, event: &Event, call_inputs: Option<&Mapping>) -> Mapping {
    let given = call_inputs.unwrap_or(&event.inputs);
    let declared: Option<&IndexMap<String, Input>> = workflow.on.events().find_map(|e| {
        let wanted = if call_inputs.is_some() {
            "workflow_call"
        } else {
            event.name()
        };
        if e.as_str() != wanted {
            return None;
        }
        match workflow.on.config(e) {
            Some(EventConfig::WorkflowDispatch(d)) => d.inputs.as_ref(),
            Some(EventConfig::WorkflowCall(c)) => c.inputs.as_ref(),
            _ => None,
        }
    });
    let mut out = Mapping::new();
    for (name, input) in declared.into_iter().flatten() {
        let value = given
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
            .or_else(|| input.default.clone())
            .unwrap_or_else(|| match input.r#type {
                Some(InputType::Boolean) if call_inputs.is_some() => Value::Bool(false),
                Some(InputType::Number) if call_inputs.is_some() => Value::from(0),
                Some(InputType::String) if call_inputs.is_some() => Value::from(""),
                _ => Value::Null,
            });
        let value = match (&input.r#type, value) {
            (Some(InputType::Boolean), Value::String(s)) if s == "true" || s == "false" => {
                Value::Bool(s == "true")
            }
            (_, v) => v,
        };
        out.insert(name.clone(), value);
    }
    for (name, value) in given {
        if !out.keys().any(|k| k.eq_ignore_ascii_case(name)) {
            out.insert(name.clone(), value.clone());
        }
    }
    out
}

fn setting(written: &str, scope: &Scope) -> Setting {
    let mut unknown = Vec::new();
    Setting {
        written: written.to_owned(),
        value: cond::text(written, scope, &mut unknown),
    }
}

/// The rows of a job's matrix with their settings, or why the matrix is not decided.
fn rows(job: &Job, status: Status, scope: &Scope) -> (Vec<Row>, Option<String>) {
    let mut unknown = Vec::new();
    let matrix_rows: Option<Vec<Mapping>> =
        match job.strategy.as_ref().and_then(|s| s.matrix.as_ref()) {
            None => Some(vec![Mapping::new()]),
            Some(ExprOr::Expr(text)) => cond::value(text, scope, &mut unknown)
                .map(scope::from_eval)
                .and_then(|v| match v {
                    Value::Mapping(m) => expand_value(&m),
                    _ => None,
                }),
            Some(ExprOr::Value(matrix)) => {
                let mut axes: Vec<(&str, Vec<Value>)> = Vec::new();
                let mut known = true;
                for (name, values) in &matrix.axes {
                    match values {
                        ExprOr::Value(values) => axes.push((name, values.clone())),
                        ExprOr::Expr(text) => {
                            match cond::value(text, scope, &mut unknown).map(scope::from_eval) {
                                Some(Value::Sequence(values)) => axes.push((name, values)),
                                _ => known = false,
                            }
                        }
                    }
                }
                let mut list = |rows: &Option<ExprOr<Vec<Value>>>| -> Option<Vec<Mapping>> {
                    match rows {
                        None => Some(Vec::new()),
                        Some(ExprOr::Value(rows)) => {
                            Some(rows.iter().filter_map(Value::as_mapping).cloned().collect())
                        }
                        Some(ExprOr::Expr(text)) => {
                            match cond::value(text, scope, &mut unknown).map(scope::from_eval) {
                                Some(Value::Sequence(rows)) => Some(
                                    rows.iter().filter_map(Value::as_mapping).cloned().collect(),
                                ),
                                _ => None,
                            }
                        }
                    }
                };
                let include = list(&matrix.include);
                let exclude = list(&matrix.exclude);
                match (known, include, exclude) {
                    (true, Some(include), Some(exclude)) => {
                        let axes: Vec<(&str, &[Value])> =
                            axes.iter().map(|(n, v)| (*n, v.as_slice())).collect();
                        let include: Vec<&Mapping> = include.iter().collect();
                        let exclude: Vec<&Mapping> = exclude.iter().collect();
                        Some(matrix::expand(&axes, &include, &exclude))
                    }
                    _ => None,
                }
            }
        };
    let Some(matrix_rows) = matrix_rows else {
        unknown.dedup();
        let what = if unknown.is_empty() {
            "an expression that does not give a matrix".to_owned()
        } else {
            unknown
                .iter()
                .map(|u| format!("`{}`", u.trim_matches('`')))
                .collect::<Vec<_>>()
                .join(", ")
        };
        return (
            Vec::new(),
            Some(format!(
                "the matrix reads {what}, which the event does not give"
            )),
        );
    };
    let total = matrix_rows.len();
    let over = (total > matrix::MAX_JOBS).then(|| {
        format!(
            "the matrix makes {total} jobs; GitHub allows at most {}",
            matrix::MAX_JOBS
        )
    });
    let strategy = job.strategy.as_ref();
    let templated = settings_templated(job);
    let reads_strategy = templated && settings(job).any(|t| t.contains("strategy"));
    let rows = matrix_rows
        .into_iter()
        .enumerate()
        .map(|(index, row)| {
            if !templated {
                // Nothing to evaluate: the settings are plain text.
                return Row {
                    runs_on: job.runs_on.as_ref().map(|r| runs_on(r, scope)),
                    environment: job.environment.as_ref().map(|e| setting(e.name(), scope)),
                    concurrency: job
                        .concurrency
                        .as_ref()
                        .map(|c| setting(c.group_name(), scope)),
                    matrix: row,
                    status,
                };
            }
            let mut scope = scope.clone();
            if reads_strategy {
                let mut strategy_node = Mapping::new();
                strategy_node.insert(
                    "fail-fast".to_owned(),
                    match strategy.and_then(|s| s.fail_fast.as_ref()) {
                        Some(ExprOr::Value(b)) => Value::Bool(*b),
                        _ => Value::Bool(true),
                    },
                );
                strategy_node.insert("job-index".to_owned(), Value::from(index));
                strategy_node.insert("job-total".to_owned(), Value::from(total));
                scope.insert("strategy", Node::Known(Value::Mapping(strategy_node)));
            }
            scope.insert("matrix", Node::Known(Value::Mapping(row.clone())));
            Row {
                runs_on: job.runs_on.as_ref().map(|r| runs_on(r, &scope)),
                environment: job.environment.as_ref().map(|e| match e {
                    Environment::Name(name) => setting(name, &scope),
                    Environment::Config(config) => {
                        setting(config.name.as_deref().unwrap_or(""), &scope)
                    }
                }),
                concurrency: job
                    .concurrency
                    .as_ref()
                    .map(|c| setting(c.group_name(), &scope)),
                matrix: row,
                status,
            }
        })
        .collect();
    (rows, over)
}

/// The texts of `runs-on`, `environment` and `concurrency`.
fn settings(job: &Job) -> impl Iterator<Item = &str> {
    let labels = job.runs_on.iter().flat_map(RunsOn::labels);
    let environment = job.environment.as_ref().map(Environment::name);
    let group = job.concurrency.as_ref().map(Concurrency::group_name);
    labels
        .chain(environment)
        .chain(group)
        .chain(match &job.runs_on {
            Some(RunsOn::Group(g)) => g.group.as_deref(),
            _ => None,
        })
}

/// Whether `runs-on`, `environment` or `concurrency` hold an expression.
fn settings_templated(job: &Job) -> bool {
    settings(job).any(|text| text.contains("${{"))
}

/// Whether anything of the job reads the `needs` context: its `if:`, a setting, its matrix or the
/// inputs it passes to a reusable workflow.
fn reads_contexts(job: &Job) -> bool {
    job.r#if.is_some()
        || job.uses.is_some()
        || settings_templated(job)
        || job.strategy.as_ref().is_some_and(|s| match &s.matrix {
            Some(ExprOr::Expr(_)) => true,
            Some(ExprOr::Value(m)) => {
                m.axes.values().any(|a| matches!(a, ExprOr::Expr(_)))
                    || matches!(m.include, Some(ExprOr::Expr(_)))
                    || matches!(m.exclude, Some(ExprOr::Expr(_)))
            }
            None => false,
        })
}

/// A matrix that one expression gives (`matrix: ${{ fromJSON(needs.setup.outputs.matrix) }}`).
fn expand_value(matrix: &Mapping) -> Option<Vec<Mapping>> {
    let mut axes: Vec<(&str, &[Value])> = Vec::new();
    let (mut include, mut exclude): (Vec<&Mapping>, Vec<&Mapping>) = (Vec::new(), Vec::new());
    for (key, value) in matrix {
        match (key.as_str(), value) {
            ("include", Value::Sequence(rows)) => {
                include.extend(rows.iter().filter_map(Value::as_mapping));
            }
            ("exclude", Value::Sequence(rows)) => {
                exclude.extend(rows.iter().filter_map(Value::as_mapping));
            }
            (_, Value::Sequence(values)) => axes.push((key, values)),
            _ => return None,
        }
    }
    Some(matrix::expand(&axes, &include, &exclude))
}

fn runs_on(runs_on: &RunsOn, scope: &Scope) -> Setting {
    match runs_on {
        RunsOn::Label(label) => setting(label, scope),
        RunsOn::Labels(labels) => {
            let settings: Vec<Setting> = labels.iter().map(|l| setting(l, scope)).collect();
            Setting {
                written: labels.join(", "),
                value: settings
                    .iter()
                    .map(|s| s.value.clone())
                    .collect::<Option<Vec<_>>>()
                    .map(|v| v.join(", ")),
            }
        }
        RunsOn::Group(group) => {
            let mut written = format!("group: {}", group.group.as_deref().unwrap_or(""));
            let labels: Vec<&str> = runs_on.labels().collect();
            if !labels.is_empty() {
                let _ = write!(written, ", labels: {}", labels.join(", "));
            }
            setting(&written, scope)
        }
    }
}
