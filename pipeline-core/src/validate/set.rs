//! Checks a set of files as one unit: workflows, the reusable workflows they call and the local actions
//! their steps use, the way GitHub resolves them when a run starts.
//!
//! Each file alone is checked by [`validate_with`](super::validate_with) and friends; what only the set
//! can tell is checked here:
//!
//! | code | what |
//! | --- | --- |
//! | `call-workflow-missing` | a job calls `./path.yml`, and no file of the set is there |
//! | `call-workflow-invalid` | the called file is an action, cannot be read, or has no `on: workflow_call` |
//! | `call-input-missing` | a required input without a default is not passed |
//! | `call-input-unknown` | an input is passed that the called workflow does not declare |
//! | `call-input-type` | a literal's type does not match the input's `type` |
//! | `call-secret-missing` | a required secret is not passed (and `secrets: inherit` is not used) |
//! | `call-secret-unknown` | a secret is passed that the called workflow does not declare |
//! | `call-output-unknown` | `needs.<call>.outputs.<name>` names no output of the called workflow |
//! | `call-permissions` | a job or the whole of the called workflow asks for more `GITHUB_TOKEN` permissions than the calling job has |
//! | `call-cycle` | workflows call each other in a loop |
//! | `call-depth` | a chain of calls is deeper than GitHub allows ([`MAX_WORKFLOW_LEVELS`]) |
//! | `local-action-missing` | a composite action's step uses `./path` and no action of the set is there |
//!
//! Paths are relative to the repository root and written with `/`: a job's `uses: ./.github/workflows/x.yml`
//! resolves to the set file `.github/workflows/x.yml`, a step's `uses: ./.github/actions/deploy` to
//! `.github/actions/deploy/action.yml` (or `action.yaml`). A call of another repository's workflow
//! (`owner/repo/.github/workflows/x.yml@ref`) is checked when the set holds a file whose path is that
//! whole reference (so a tool can supply the workflows it fetched), and left alone otherwise.
//!
//! ```
//! use pipeline_core::validate::{Config, SetFile, validate_set};
//! let caller = "on: push\njobs:\n  deploy:\n    uses: ./.github/workflows/deploy.yml\n    with:\n      enviroment: staging\n";
//! let callee = "on:\n  workflow_call:\n    inputs:\n      environment:\n        type: string\n        required: true\njobs:\n  run:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo deploying\n";
//! let files = [
//!     SetFile::parse(".github/workflows/ci.yml", caller),
//!     SetFile::parse(".github/workflows/deploy.yml", callee),
//! ];
//! let results = validate_set(&files, &Config::default());
//! let (file, diagnostics) = &results[0];
//! assert_eq!(file, ".github/workflows/ci.yml");
//! let codes: Vec<_> = diagnostics.iter().map(|d| d.code).collect();
//! assert_eq!(codes, ["call-input-missing", "call-input-unknown"]);
//! assert!(results[1].1.is_empty());
//! ```

use super::{At, Config, Cx, DefaultPermissions, Diagnostic, Diagnostics, Origins, Source, list};
use crate::expr::Ast;
use crate::model::{
    Action, Event, EventConfig, Input, InputType, Path, PermissionLevel, PermissionScope,
    Permissions, Runs, Secrets, Value, Workflow, WorkflowCall,
};
use crate::parse::{self, SourceMap};
use std::collections::BTreeMap;

/// How many levels of workflows GitHub connects: the top-level caller and up to nine reusable workflows
/// below it (GitHub Enterprise Server allows four).
///
/// ```
/// assert_eq!(pipeline_core::validate::MAX_WORKFLOW_LEVELS, 10);
/// ```
pub const MAX_WORKFLOW_LEVELS: usize = 10;

/// What a file of the set holds.
///
/// ```
/// use pipeline_core::model::Workflow;
/// use pipeline_core::validate::SetDocument;
/// let document = SetDocument::Workflow(Workflow::new("CI"));
/// assert!(matches!(document, SetDocument::Workflow(_)));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum SetDocument {
    /// A workflow, reusable or not.
    Workflow(Workflow),
    /// Action metadata (`action.yml`).
    Action(Action),
    /// A file that could not be read as a workflow or an action, with the first reason.
    Unreadable(String),
}

/// One file of a set: its path from the repository root, what it holds, and (when read from YAML) its
/// text, so diagnostics carry `file:line:column`.
///
/// ```
/// use pipeline_core::model::{Action, Step};
/// use pipeline_core::validate::{SetDocument, SetFile};
/// let action = SetFile::action(".github/actions/greet/action.yml", Action::composite("Greet", "Says hello"));
/// assert_eq!(action.path(), ".github/actions/greet/action.yml");
/// let parsed = SetFile::parse(".github/workflows/ci.yml", "on: push\njobs: {}\n");
/// assert!(matches!(parsed.document, SetDocument::Workflow(_)));
/// assert_eq!(parsed.named("repo/.github/workflows/ci.yml").name(), "repo/.github/workflows/ci.yml");
/// ```
#[derive(Clone, Debug)]
pub struct SetFile {
    path: String,
    name: Option<String>,
    /// What the file holds.
    pub document: SetDocument,
    source: Option<(SourceMap, String)>,
}

impl SetFile {
    fn new(path: impl Into<String>, document: SetDocument) -> Self {
        Self {
            path: normalize(&path.into()),
            name: None,
            document,
            source: None,
        }
    }

    /// A workflow built in Rust, at `path` (`.github/workflows/deploy.yml`).
    ///
    /// ```
    /// use pipeline_core::model::Workflow;
    /// let file = pipeline_core::validate::SetFile::workflow("./.github/workflows/ci.yml", Workflow::new("CI"));
    /// assert_eq!(file.path(), ".github/workflows/ci.yml");
    /// ```
    #[must_use]
    pub fn workflow(path: impl Into<String>, workflow: Workflow) -> Self {
        Self::new(path, SetDocument::Workflow(workflow))
    }

    /// Action metadata built in Rust, at `path` (`.github/actions/deploy/action.yml`).
    ///
    /// ```
    /// use pipeline_core::model::Action;
    /// let file = pipeline_core::validate::SetFile::action(".github/actions/a/action.yml", Action::composite("A", "B"));
    /// assert!(file.is_action());
    /// ```
    #[must_use]
    pub fn action(path: impl Into<String>, action: Action) -> Self {
        Self::new(path, SetDocument::Action(action))
    }

    /// Reads YAML text: action metadata when the file is named `action.yml`/`action.yaml` or has `runs`
    /// and no `jobs` at the top level, a workflow otherwise. A file that does not parse stays in the set
    /// as [`SetDocument::Unreadable`], so calls of it are reported.
    ///
    /// ```
    /// use pipeline_core::validate::{SetDocument, SetFile};
    /// let broken = SetFile::parse("w/broken.yml", "on:\n  workflow_call:\n    outputs: nope\njobs: {}\n");
    /// assert!(matches!(broken.document, SetDocument::Unreadable(_)));
    /// ```
    #[must_use]
    pub fn parse(path: impl Into<String>, text: impl Into<String>) -> Self {
        Self::parse_inner(path.into(), text.into())
    }

    fn parse_inner(path: String, text: String) -> Self {
        let file_name = path.rsplit('/').next().unwrap_or("");
        let root = crate::yaml::layout::scan(&text);
        let is_action = matches!(file_name, "action.yml" | "action.yaml")
            || (root.get("runs").is_some() && root.get("jobs").is_none());
        let (document, map) = if is_action {
            match parse::action(&text) {
                Ok(parsed) => (SetDocument::Action(parsed.value), Some(parsed.source)),
                Err(errors) => (unreadable(&errors), None),
            }
        } else {
            match parse::workflow(&text) {
                Ok(parsed) => (SetDocument::Workflow(parsed.value), Some(parsed.source)),
                Err(errors) => (unreadable(&errors), None),
            }
        };
        let map =
            map.unwrap_or_else(|| SourceMap::new(text.strip_prefix('\u{feff}').unwrap_or(&text)));
        Self {
            source: Some((map, text)),
            ..Self::new(path, document)
        }
    }

    /// Sets the name diagnostics give the file (the path as the user typed it, say); the path from the
    /// repository root is still what calls resolve against.
    #[must_use]
    pub fn named(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// The path from the repository root, without a leading `./`.
    #[must_use]
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The name diagnostics give the file: the one set by [`SetFile::named`], or the path.
    #[must_use]
    pub fn name(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.path)
    }

    /// Whether the file holds action metadata.
    #[must_use]
    pub fn is_action(&self) -> bool {
        matches!(self.document, SetDocument::Action(_))
    }

    /// The YAML text, when the file was read from YAML.
    #[must_use]
    pub fn text(&self) -> Option<&str> {
        self.source.as_ref().map(|(_, text)| text.as_str())
    }

    /// The `./dir` a step's `uses:` names this action by, when the file is an action.
    fn action_key(&self) -> Option<String> {
        if !self.is_action() {
            return None;
        }
        let dir = self.path.rsplit_once('/').map_or("", |(dir, _)| dir);
        Some(if dir.is_empty() {
            ".".to_owned()
        } else {
            format!("./{dir}")
        })
    }
}

fn unreadable(errors: &parse::ParseErrors) -> SetDocument {
    let first = errors
        .errors()
        .first()
        .map_or_else(|| "it does not parse".to_owned(), ToString::to_string);
    SetDocument::Unreadable(first)
}

/// A path with `/` separators and without `./` segments or a trailing `/`.
fn normalize(path: &str) -> String {
    let path = path.replace('\\', "/");
    let parts: Vec<&str> = path
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    parts.join("/")
}

/// Checks every file of the set alone (with the set's actions as the repository's local actions, unless
/// `config` names them) and then the set as a unit. Returns each file's name and its diagnostics, in the
/// order given.
///
/// ```
/// use pipeline_core::model::{Action, ActionInput, Job, Step, Trigger, Workflow};
/// use pipeline_core::validate::{Config, SetFile, validate_set};
/// let greet = Action::composite("Greet", "Says hello")
///     .input("who", ActionInput::required("Who to greet"))
///     .step(Step::run("echo \"Hello $WHO\"").shell("bash").env("WHO", "${{ inputs.who }}"));
/// let ci = Workflow::new("CI").on(Trigger::push()).least_privilege().job(
///     "greet",
///     Job::new("ubuntu-latest").step(Step::checkout()).step(Step::uses("./.github/actions/greet")),
/// );
/// let files = [
///     SetFile::workflow(".github/workflows/ci.yml", ci),
///     SetFile::action(".github/actions/greet/action.yml", greet),
/// ];
/// let results = validate_set(&files, &Config::default());
/// assert_eq!(results[0].1.iter().next().unwrap().code, "action-input-missing");
/// ```
#[must_use]
pub fn validate_set(files: &[SetFile], config: &Config) -> Vec<(String, Diagnostics)> {
    let mut config = config.clone();
    if config.local_actions.is_none() {
        config = config.local_actions(files.iter().filter_map(|file| {
            let SetDocument::Action(action) = &file.document else {
                return None;
            };
            Some((file.action_key()?, action.clone()))
        }));
    }
    let set = check_set_with(files, &config);
    files
        .iter()
        .zip(set)
        .map(|(file, (name, set))| {
            let own = match (&file.document, file.text()) {
                (SetDocument::Action(_), Some(text)) => super::check_action(text, &name, &config),
                (_, Some(text)) => super::check_workflow(text, &name, &config),
                (SetDocument::Workflow(workflow), None) => super::validate_with(workflow, &config),
                (SetDocument::Action(action), None) => {
                    let mut cx = Cx::new(&config, None, Origins::Action(action));
                    super::action::check(&mut cx, action);
                    cx.finish()
                }
                (SetDocument::Unreadable(_), None) => Diagnostics::default(),
            };
            (name, merge(own, set, &config))
        })
        .collect()
}

/// Only the checks that need the whole set (the cross-file codes: calls, secrets, outputs, cycles and
/// depth), for a tool that already checks each file alone. Returns each file's name and its diagnostics, in the order given.
///
/// ```
/// use pipeline_core::validate::{SetFile, check_set};
/// let caller = "on: push\njobs:\n  build:\n    uses: ./.github/workflows/build.yml\n";
/// let results = check_set(&[SetFile::parse(".github/workflows/ci.yml", caller)]);
/// let missing = results[0].1.iter().next().unwrap();
/// assert_eq!(missing.code, "call-workflow-missing");
/// assert_eq!(missing.location.as_ref().unwrap().to_string(), ".github/workflows/ci.yml:4:11");
/// ```
#[must_use]
pub fn check_set(files: &[SetFile]) -> Vec<(String, Diagnostics)> {
    check_set_with(files, &Config::default())
}

/// [`check_set`] with what the set cannot tell: the repository's default `GITHUB_TOKEN` permissions
/// ([`Config::default_permissions`]) and the severities of [`Config::severities`].
///
/// ```
/// use pipeline_core::validate::{Config, DefaultPermissions, SetFile, check_set_with};
/// let caller = "on: push\njobs:\n  deploy:\n    uses: ./.github/workflows/deploy.yml\n";
/// let callee = "on: workflow_call\njobs:\n  run:\n    permissions:\n      contents: write\n    runs-on: ubuntu-latest\n    steps:\n      - run: make deploy\n";
/// let files = [
///     SetFile::parse(".github/workflows/ci.yml", caller),
///     SetFile::parse(".github/workflows/deploy.yml", callee),
/// ];
/// let read = Config::default().default_permissions(DefaultPermissions::Read);
/// assert_eq!(check_set_with(&files, &read)[0].1.iter().next().unwrap().code, "call-permissions");
/// // Without the repository's setting, the calling job's permissions are not known.
/// assert!(check_set_with(&files, &Config::default())[0].1.is_empty());
/// ```
#[must_use]
pub fn check_set_with(files: &[SetFile], config: &Config) -> Vec<(String, Diagnostics)> {
    let index = Index::new(files);
    let graph = CallGraph::new(files, &index);
    files
        .iter()
        .enumerate()
        .map(|(i, file)| {
            let source = file
                .source
                .as_ref()
                .map(|(map, text)| Source::new(file.name(), map).with_text(text));
            let diagnostics = match &file.document {
                SetDocument::Workflow(workflow) => {
                    let mut cx = Cx::new(config, source.as_ref(), Origins::Workflow(workflow));
                    check_calls(&mut cx, file, workflow, &index);
                    graph.report(&mut cx, i, files);
                    cx.finish()
                }
                SetDocument::Action(action) => {
                    let mut cx = Cx::new(config, source.as_ref(), Origins::Action(action));
                    check_action_steps(&mut cx, action, &index);
                    cx.finish()
                }
                SetDocument::Unreadable(_) => Diagnostics::default(),
            };
            (file.name().to_owned(), diagnostics)
        })
        .collect()
}

/// Both lists in one, with the severities `config` gives, sorted as the validator sorts.
fn merge(own: Diagnostics, set: Diagnostics, config: &Config) -> Diagnostics {
    let mut all: Vec<Diagnostic> = own.into_vec();
    all.extend(set);
    super::codes::settle(config, &mut all);
    all.sort_by(|a, b| {
        let key = |d: &Diagnostic| {
            d.location
                .as_ref()
                .map(|l| (l.file.clone(), l.line, l.column))
        };
        key(a)
            .cmp(&key(b))
            .then_with(|| a.code.cmp(b.code))
            .then_with(|| a.message.cmp(&b.message))
    });
    Diagnostics(all)
}

/// The files of the set by path, and the local actions by `./dir`.
struct Index<'a> {
    files: BTreeMap<String, usize>,
    actions: BTreeMap<String, &'a Action>,
    all: &'a [SetFile],
    /// The paths of the set's workflows, gathered once for every suggestion.
    workflow_paths: Vec<&'a str>,
}

impl<'a> Index<'a> {
    fn new(all: &'a [SetFile]) -> Self {
        let mut files = BTreeMap::new();
        let mut actions = BTreeMap::new();
        for (i, file) in all.iter().enumerate() {
            files.entry(file.path.clone()).or_insert(i);
            if let (Some(key), SetDocument::Action(action)) = (file.action_key(), &file.document) {
                actions.entry(key).or_insert(action);
            }
        }
        let workflow_paths = all
            .iter()
            .filter(|f| matches!(f.document, SetDocument::Workflow(_)))
            .map(SetFile::path)
            .collect();
        Self {
            files,
            actions,
            all,
            workflow_paths,
        }
    }

    /// The set file a job's `uses:` names: `./path` from the repository root, or another repository's
    /// workflow by its whole reference (`owner/repo/.github/workflows/x.yml@v1`), when the set holds a
    /// file at that reference.
    fn workflow(&self, uses: &str) -> Option<usize> {
        let key = normalize(local(uses).unwrap_or(uses).trim());
        self.files.get(&key).copied()
    }
}

/// The path of a local `uses:` (`./x`, or the self-repository reference `$/x`), without the prefix.
fn local(uses: &str) -> Option<&str> {
    uses.strip_prefix("./").or_else(|| {
        uses.strip_prefix("$/")
            .filter(|p| !p.contains('@'))
            .map(|p| p.trim_start_matches("./"))
    })
}

/// The `workflow_call` interface of a workflow, when it has one.
fn interface(workflow: &Workflow) -> Option<WorkflowCall> {
    if !workflow.on.has(&Event::WorkflowCall) {
        return None;
    }
    Some(match workflow.on.config(&Event::WorkflowCall) {
        Some(EventConfig::WorkflowCall(call)) => call.clone(),
        _ => WorkflowCall::default(),
    })
}

/// What the called file is, for a call from a job.
enum Callee {
    Missing,
    Invalid(String),
    Reusable(WorkflowCall),
    /// Another repository's workflow: outside the set.
    Elsewhere,
}

fn callee(uses: &str, index: &Index<'_>) -> Callee {
    let Some(i) = index.workflow(uses) else {
        return if local(uses).is_some() {
            Callee::Missing
        } else {
            Callee::Elsewhere
        };
    };
    let path = local(uses).unwrap_or(uses);
    match &index.all[i].document {
        SetDocument::Action(_) => Callee::Invalid(format!(
            "`{uses}` is action metadata, not a workflow; use it from a step (`uses:` under `steps:`)"
        )),
        SetDocument::Unreadable(reason) => {
            Callee::Invalid(format!("`{uses}` cannot be read as a workflow: {reason}"))
        }
        SetDocument::Workflow(workflow) => match interface(workflow) {
            Some(call) => Callee::Reusable(call),
            None => Callee::Invalid(format!(
                "`{path}` is not a reusable workflow: its `on` has no `workflow_call`, so it cannot be called"
            )),
        },
    }
}

/// Checks every job of `workflow` that calls a workflow of the set, and the outputs read from it.
fn check_calls(cx: &mut Cx<'_>, file: &SetFile, workflow: &Workflow, index: &Index<'_>) {
    let text = file.text();
    let mut outputs: BTreeMap<String, (String, Vec<String>)> = BTreeMap::new();
    for (id, job) in &workflow.jobs {
        let Some(uses) = job.uses.as_deref() else {
            continue;
        };
        let job_path = Path::root().key("jobs").key(id.as_str());
        match callee(uses, index) {
            Callee::Elsewhere => {}
            Callee::Missing => {
                let path = local(uses).map(normalize).unwrap_or_default();
                let hint =
                    crate::suggest::did_you_mean(&path, index.workflow_paths.iter().copied())
                        .map(|s| format!("; did you mean `./{s}`?"))
                        .unwrap_or_default();
                cx.error(
                    "call-workflow-missing",
                    job_path.key("uses"),
                    At::Value,
                    format!(
                        "job `{id}` calls `{uses}`, which is not a file of this repository{hint}"
                    ),
                );
            }
            Callee::Invalid(reason) => {
                cx.error(
                    "call-workflow-invalid",
                    job_path.key("uses"),
                    At::Value,
                    format!("job `{id}` calls {reason}"),
                );
            }
            Callee::Reusable(call) => {
                if let Some(i) = index.workflow(uses)
                    && let SetDocument::Workflow(called) = &index.all[i].document
                {
                    check_permissions(cx, workflow, id, job, uses, called);
                }
                check_inputs(cx, id, job, uses, &call, text);
                check_secrets(cx, id, job, uses, &call);
                let names = call
                    .outputs
                    .iter()
                    .flatten()
                    .map(|(name, _)| name.clone())
                    .collect();
                outputs.insert(id.to_ascii_lowercase(), (uses.to_owned(), names));
            }
        }
    }
    if !outputs.is_empty() {
        check_outputs(cx, workflow, &outputs);
    }
}

/// A level as a rank: none < read < write.
fn rank(level: &PermissionLevel) -> u8 {
    match level {
        PermissionLevel::Write => 2,
        PermissionLevel::Read => 1,
        _ => 0,
    }
}

/// The level `permissions` grants `scope`; a scope a mapping leaves out gets none.
fn granted(permissions: &Permissions, scope: &str) -> u8 {
    match permissions {
        Permissions::ReadAll => 1,
        Permissions::WriteAll => 2,
        Permissions::Scopes(scopes) => scopes
            .iter()
            .find(|(s, _)| s.as_str() == scope)
            .map_or(0, |(_, level)| rank(level)),
    }
}

/// The scopes `permissions` names, every known one for `read-all` and `write-all`.
fn scopes(permissions: &Permissions) -> Vec<String> {
    match permissions {
        Permissions::ReadAll | Permissions::WriteAll => PermissionScope::KNOWN
            .iter()
            .map(|s| (*s).to_owned())
            .collect(),
        Permissions::Scopes(scopes) => scopes.keys().map(|s| s.as_str().to_owned()).collect(),
    }
}

fn level_name(rank: u8) -> &'static str {
    match rank {
        2 => "write",
        1 => "read",
        _ => "none",
    }
}

/// The permissions the repository gives a workflow that sets none.
fn default_permissions(default: DefaultPermissions) -> Permissions {
    match default {
        DefaultPermissions::Write => Permissions::WriteAll,
        DefaultPermissions::Read => Permissions::Scopes(
            [
                (PermissionScope::Contents, PermissionLevel::Read),
                (PermissionScope::Packages, PermissionLevel::Read),
            ]
            .into_iter()
            .collect(),
        ),
    }
}

/// A called workflow keeps or lowers the `GITHUB_TOKEN` permissions of the job that calls it, never
/// raises them: "The `GITHUB_TOKEN` permissions passed from the caller workflow can be only downgraded
/// (not elevated) by the called workflow" (GitHub's "Reusing workflows"). Each job of the called
/// workflow that sets `permissions`, and the called workflow's own `permissions` where a job sets none,
/// must stay within what the calling job has: its `permissions`, else its workflow's, else the
/// repository's default ([`Config::default_permissions`]). When that is not known (a called workflow
/// that sets none gets its caller's), nothing is reported.
fn check_permissions(
    cx: &mut Cx<'_>,
    workflow: &Workflow,
    id: &str,
    job: &crate::model::Job,
    uses: &str,
    called: &Workflow,
) {
    let fallback = if workflow.on.has(&Event::WorkflowCall) {
        None
    } else {
        cx.config.default_permissions.map(default_permissions)
    };
    let Some(allowed) = job
        .permissions
        .clone()
        .or_else(|| workflow.permissions.clone())
        .or(fallback)
    else {
        return;
    };
    let excess = |requested: &Permissions| -> Option<(String, String)> {
        let over: Vec<String> = scopes(requested)
            .into_iter()
            .filter(|s| granted(requested, s) > granted(&allowed, s))
            .collect();
        if over.is_empty() {
            return None;
        }
        let show = |p: &Permissions| {
            over.iter()
                .map(|s| format!("{s}: {}", level_name(granted(p, s))))
                .collect::<Vec<_>>()
                .join(", ")
        };
        Some((show(requested), show(&allowed)))
    };
    let mut whole = false;
    for (called_id, called_job) in &called.jobs {
        let (requested, who) = match (&called_job.permissions, &called.permissions) {
            (Some(p), _) => (
                p,
                format!(
                    "its job `{}`",
                    called_job.name.as_deref().unwrap_or(called_id)
                ),
            ),
            (None, Some(p)) if !whole => {
                whole = true;
                (p, "it".to_owned())
            }
            _ => continue,
        };
        if let Some((asked, has)) = excess(requested) {
            cx.error(
                "call-permissions",
                Path::root().key("jobs").key(id),
                At::Key,
                format!(
                    "job `{id}` calls `{uses}`, and {who} asks for `{asked}`, but job `{id}` has only `{has}`; a called workflow can lower the caller's permissions, not raise them: grant more to `{id}` or ask for less"
                ),
            );
        }
    }
}

fn check_inputs(
    cx: &mut Cx<'_>,
    id: &str,
    job: &crate::model::Job,
    uses: &str,
    call: &WorkflowCall,
    text: Option<&str>,
) {
    let job_path = Path::root().key("jobs").key(id);
    let inputs = call.inputs.as_ref();
    let with = job.with.as_ref();
    let find = |name: &str| {
        inputs.and_then(|i| {
            i.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v)
        })
    };
    for (name, input) in inputs.into_iter().flatten() {
        let given = with.is_some_and(|w| w.keys().any(|k| k.eq_ignore_ascii_case(name)));
        if input.required == Some(true) && input.default.is_none() && !given {
            cx.error(
                "call-input-missing",
                job_path.key("uses"),
                At::Value,
                format!("job `{id}` calls `{uses}` without its required input `{name}`; add it under `with:`"),
            );
        }
    }
    for (name, value) in with.into_iter().flatten() {
        let path = job_path.key("with").key(name.as_str());
        let Some(input) = find(name) else {
            let names: Vec<&str> = inputs
                .into_iter()
                .flat_map(|i| i.keys())
                .map(String::as_str)
                .collect();
            let hint = match crate::suggest::did_you_mean(name, names.iter().copied()) {
                Some(s) => format!("; did you mean `{s}`?"),
                None if names.is_empty() => "; it declares no inputs".to_owned(),
                None => format!("; its inputs are {}", list(&names)),
            };
            cx.error(
                "call-input-unknown",
                path,
                At::Value,
                format!("job `{id}` passes input `{name}`, which `{uses}` does not declare{hint}"),
            );
            continue;
        };
        let written = text.and_then(|text| written_at(cx, &path, text));
        if let Some(found) = mismatch(input, value, written.as_deref()) {
            let expected = input.r#type.as_ref().map_or("string", InputType::as_str);
            cx.error(
                "call-input-type",
                path,
                At::Value,
                format!("job `{id}` passes {found} to input `{name}` of `{uses}`, which is typed `{expected}`"),
            );
        }
    }
}

/// The start of the text written at `path`, to tell `x: null` from an empty `x:`.
fn written_at(cx: &Cx<'_>, path: &Path, text: &str) -> Option<String> {
    let location = cx.locate(path, At::Value)?;
    let line = text
        .strip_prefix('\u{feff}')
        .unwrap_or(text)
        .lines()
        .nth(usize::try_from(location.line).ok()?.checked_sub(1)?)?;
    let column = usize::try_from(location.column).ok()?.saturating_sub(1);
    Some(line.chars().skip(column).take(4).collect())
}

/// The type of a value passed under `with:`, when it is known before the run.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Null,
    Bool,
    Number,
    String,
    Array,
    Object,
}

impl Kind {
    fn describe(self) -> &'static str {
        match self {
            Self::Null => "`null`",
            Self::Bool => "a boolean",
            Self::Number => "a number",
            Self::String => "a string",
            Self::Array => "a list",
            Self::Object => "a mapping",
        }
    }
}

fn kind(value: &Value, written: Option<&str>) -> Option<Kind> {
    Some(match value {
        // An empty `x:` is read by GitHub as an empty string; `null` and `~` are null.
        Value::Null => match written {
            Some(w)
                if !(w.starts_with("null")
                    || w.starts_with("Null")
                    || w.starts_with("NULL")
                    || w.starts_with('~')) =>
            {
                Kind::String
            }
            _ => Kind::Null,
        },
        Value::Bool(_) => Kind::Bool,
        Value::Number(_) => Kind::Number,
        Value::String(s) => return string_kind(s),
        Value::Sequence(_) => Kind::Array,
        Value::Mapping(_) => Kind::Object,
    })
}

/// A string is a string, unless it is one `${{ }}` holding a literal.
fn string_kind(s: &str) -> Option<Kind> {
    let Ok(segments) = crate::expr::scan(s) else {
        return Some(Kind::String);
    };
    let [crate::expr::Segment::Expr { source, .. }] = segments.as_slice() else {
        return Some(Kind::String);
    };
    let ast: Ast = source.parse().ok()?;
    match ast {
        Ast::Null => Some(Kind::Null),
        Ast::Bool(_) => Some(Kind::Bool),
        Ast::Number(_) => Some(Kind::Number),
        Ast::String(_) => Some(Kind::String),
        _ => None,
    }
}

/// What is wrong with passing `value` to `input`, as "a boolean", when its type cannot take it.
fn mismatch(input: &Input, value: &Value, written: Option<&str>) -> Option<&'static str> {
    let found = kind(value, written)?;
    // GitHub's parser turns any scalar into a string input (`null` into ""), and takes only a boolean
    // for a boolean input and a number for a number input: a string there is an "unexpected value".
    // A `null` for a boolean or number input is left alone: what GitHub makes of it is not settled.
    let fits = match input.r#type.as_ref()? {
        InputType::Boolean => matches!(found, Kind::Bool | Kind::Null),
        InputType::Number => matches!(found, Kind::Number | Kind::Null),
        InputType::String => !matches!(found, Kind::Array | Kind::Object),
        _ => true,
    };
    (!fits).then(|| found.describe())
}

fn check_secrets(
    cx: &mut Cx<'_>,
    id: &str,
    job: &crate::model::Job,
    uses: &str,
    call: &WorkflowCall,
) {
    let job_path = Path::root().key("jobs").key(id);
    let declared = call.secrets.as_ref();
    let passed = match &job.secrets {
        Some(Secrets::Inherit) => return,
        Some(Secrets::Map(map)) => Some(map),
        None => None,
    };
    for (name, secret) in declared.into_iter().flatten() {
        let required = secret.as_ref().and_then(|s| s.required) == Some(true);
        let given = passed.is_some_and(|p| p.keys().any(|k| k.eq_ignore_ascii_case(name)));
        if required && !given {
            cx.error(
                "call-secret-missing",
                job_path.key("uses"),
                At::Value,
                format!("job `{id}` calls `{uses}` without its required secret `{name}`; pass it under `secrets:` or use `secrets: inherit`"),
            );
        }
    }
    for name in passed.into_iter().flat_map(|p| p.keys()) {
        let known = declared.is_some_and(|d| d.keys().any(|k| k.eq_ignore_ascii_case(name)));
        if known {
            continue;
        }
        let names: Vec<&str> = declared
            .into_iter()
            .flat_map(|d| d.keys())
            .map(String::as_str)
            .collect();
        let hint = match crate::suggest::did_you_mean(name, names.iter().copied()) {
            Some(s) => format!("; did you mean `{s}`?"),
            None if names.is_empty() => "; it declares no secrets".to_owned(),
            None => format!("; its secrets are {}", list(&names)),
        };
        cx.error(
            "call-secret-unknown",
            job_path.key("secrets").key(name.as_str()),
            At::Key,
            format!("job `{id}` passes secret `{name}`, which `{uses}` does not declare{hint}"),
        );
    }
}

/// Every string of the workflow with its model path, for the references inside.
fn strings(value: &serde_yaml::Value, path: Path, out: &mut Vec<(Path, String)>) {
    match value {
        serde_yaml::Value::String(s) => out.push((path, s.clone())),
        serde_yaml::Value::Sequence(items) => {
            for (i, item) in items.iter().enumerate() {
                strings(item, path.index(i), out);
            }
        }
        serde_yaml::Value::Mapping(map) => {
            for (key, item) in map {
                if let Some(key) = key.as_str() {
                    strings(item, path.key(key), out);
                }
            }
        }
        serde_yaml::Value::Tagged(tagged) => strings(&tagged.value, path, out),
        _ => {}
    }
}

/// `needs.<call>.outputs.<name>` must name an output of the called workflow.
fn check_outputs(
    cx: &mut Cx<'_>,
    workflow: &Workflow,
    calls: &BTreeMap<String, (String, Vec<String>)>,
) {
    let Ok(data) = serde_yaml::to_value(workflow) else {
        return;
    };
    let mut all = Vec::new();
    strings(&data, Path::root(), &mut all);
    for (path, text) in all {
        let Ok(segments) = crate::expr::scan(&text) else {
            continue;
        };
        for segment in segments {
            let crate::expr::Segment::Expr { source, offset } = segment else {
                continue;
            };
            let Ok(ast) = source.parse::<Ast>() else {
                continue;
            };
            let mut found = Vec::new();
            ast.walk(&mut |node| {
                if let Some((job, name)) = needs_output(node) {
                    found.push((job.to_owned(), name.to_owned()));
                }
            });
            for (job, name) in found {
                let Some((uses, outputs)) = calls.get(&job.to_ascii_lowercase()) else {
                    continue;
                };
                if outputs.iter().any(|o| o.eq_ignore_ascii_case(&name)) {
                    continue;
                }
                let needle = format!("needs.{job}.outputs.{name}").to_ascii_lowercase();
                let at = source
                    .to_ascii_lowercase()
                    .find(&needle)
                    .or_else(|| source.find(|c: char| !c.is_whitespace()))
                    .unwrap_or(0);
                let hint =
                    match crate::suggest::did_you_mean(&name, outputs.iter().map(String::as_str)) {
                        Some(s) => format!("; did you mean `{s}`?"),
                        None if outputs.is_empty() => "; it declares no outputs".to_owned(),
                        None => format!("; its outputs are {}", list(outputs)),
                    };
                cx.error(
                    "call-output-unknown",
                    path.clone(),
                    At::Expr {
                        text: &text,
                        offset: offset + 3 + at,
                    },
                    format!("`needs.{job}.outputs.{name}`: `{uses}` has no output `{name}`{hint}"),
                );
            }
        }
    }
}

/// `(job, name)` of `needs.<job>.outputs.<name>`.
fn needs_output(node: &Ast) -> Option<(&str, &str)> {
    let Ast::Property { target, name } = node else {
        return None;
    };
    let Ast::Property {
        target: outputs,
        name: key,
    } = target.as_ref()
    else {
        return None;
    };
    if !key.eq_ignore_ascii_case("outputs") {
        return None;
    }
    let Ast::Property {
        target: needs,
        name: job,
    } = outputs.as_ref()
    else {
        return None;
    };
    match needs.as_ref() {
        Ast::Context(context) if context.eq_ignore_ascii_case("needs") => Some((job, name)),
        _ => None,
    }
}

/// A composite action's steps that use `./path` actions must find them in the set.
fn check_action_steps(cx: &mut Cx<'_>, action: &Action, index: &Index<'_>) {
    let Some(Runs::Composite(runs)) = &action.runs else {
        return;
    };
    for (i, step) in runs.steps.iter().enumerate() {
        let Some(uses) = step.uses.as_deref() else {
            continue;
        };
        let Some(path) = local(uses) else {
            continue;
        };
        let key = format!("./{}", normalize(path));
        if index.actions.contains_key(&key) {
            continue;
        }
        let known: Vec<&str> = index.actions.keys().map(String::as_str).collect();
        let hint = crate::suggest::did_you_mean(&key, known.iter().copied())
            .map(|s| format!("; did you mean `{s}`?"))
            .unwrap_or_default();
        cx.error(
            "local-action-missing",
            Path::root().key("runs").key("steps").index(i).key("uses"),
            At::Value,
            format!(
                "there is no action at `{uses}` in this repository (no `action.yml` there){hint}"
            ),
        );
    }
}

/// How a job's `uses:` names a set file: `./path`, or a whole reference to another repository.
fn shown(path: &str) -> String {
    if path.contains('@') {
        path.to_owned()
    } else {
        format!("./{path}")
    }
}

/// Which workflow of the set calls which, to find loops and chains deeper than GitHub allows.
struct CallGraph {
    /// Per file: `(job id, callee file)` for each call of a workflow of the set.
    calls: Vec<Vec<(String, usize)>>,
    /// Per file: whether a workflow of the set calls it.
    called: Vec<bool>,
    /// Per file: the calls that close a loop, with the loop as paths.
    cycles: Vec<Vec<(String, Vec<String>)>>,
    /// Per file: the levels of workflows its deepest chain of calls connects (itself included).
    levels: Vec<usize>,
}

impl CallGraph {
    fn new(files: &[SetFile], index: &Index<'_>) -> Self {
        let calls: Vec<Vec<(String, usize)>> = files
            .iter()
            .map(|file| match &file.document {
                SetDocument::Workflow(workflow) => workflow
                    .jobs
                    .iter()
                    .filter_map(|(id, job)| {
                        let callee = index.workflow(job.uses.as_deref()?)?;
                        matches!(files[callee].document, SetDocument::Workflow(_))
                            .then(|| (id.clone(), callee))
                    })
                    .collect(),
                _ => Vec::new(),
            })
            .collect();
        let mut called = vec![false; files.len()];
        for edges in &calls {
            for (_, callee) in edges {
                called[*callee] = true;
            }
        }
        let mut graph = Self {
            cycles: vec![Vec::new(); files.len()],
            levels: vec![0; files.len()],
            calls,
            called,
        };
        graph.search(files);
        graph
    }

    /// Depth-first search from every file: back edges are loops; levels are computed after the children.
    fn search(&mut self, files: &[SetFile]) {
        #[derive(Clone, Copy, PartialEq)]
        enum State {
            New,
            Open,
            Done,
        }
        let n = files.len();
        let mut state = vec![State::New; n];
        for start in 0..n {
            if state[start] != State::New {
                continue;
            }
            // (file, next edge to visit)
            let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
            state[start] = State::Open;
            while let Some(&mut (file, ref mut next)) = stack.last_mut() {
                if let Some((job, callee)) = self.calls[file].get(*next).cloned() {
                    *next += 1;
                    match state[callee] {
                        State::New => {
                            state[callee] = State::Open;
                            stack.push((callee, 0));
                        }
                        State::Open => {
                            let from = stack.iter().position(|(f, _)| *f == callee).unwrap_or(0);
                            let mut chain: Vec<String> = stack[from..]
                                .iter()
                                .map(|(f, _)| files[*f].path.clone())
                                .collect();
                            chain.push(files[callee].path.clone());
                            self.cycles[file].push((job, chain));
                        }
                        State::Done => {}
                    }
                } else {
                    state[file] = State::Done;
                    let below = self.calls[file]
                        .iter()
                        .map(|(_, callee)| self.levels[*callee])
                        .max()
                        .unwrap_or(0);
                    self.levels[file] = below + 1;
                    stack.pop();
                }
            }
        }
    }

    fn report(&self, cx: &mut Cx<'_>, file: usize, files: &[SetFile]) {
        for (job, chain) in &self.cycles[file] {
            let path = Path::root().key("jobs").key(job.as_str()).key("uses");
            let shown: Vec<String> = chain.iter().map(|p| shown(p)).collect();
            cx.error(
                "call-cycle",
                path,
                At::Value,
                format!(
                    "job `{job}` closes a loop of workflow calls ({}); GitHub does not run workflows that call themselves",
                    shown.join(" -> ")
                ),
            );
        }
        let max = cx.config.max_workflow_levels.unwrap_or(MAX_WORKFLOW_LEVELS);
        if self.called[file] || self.levels[file] <= max {
            return;
        }
        let deepest = self.calls[file]
            .iter()
            .max_by_key(|(_, callee)| self.levels[*callee]);
        if let Some((job, callee)) = deepest {
            cx.error(
                "call-depth",
                Path::root().key("jobs").key(job.as_str()).key("uses"),
                At::Value,
                format!(
                    "job `{job}` calls `{}`, which makes a chain of {} levels of workflows; GitHub connects at most {max} (the caller and {} reusable workflows below it)",
                    shown(&files[*callee].path),
                    self.levels[file],
                    max.saturating_sub(1)
                ),
            );
        }
    }
}
