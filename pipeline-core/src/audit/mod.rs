//! Security audits: what an attacker would use in a workflow or action, found offline from the files
//! alone, each at the line of YAML (or the Rust call) that allows it.
//!
//! Every audit has a stable code, named as zizmor names the same audit so findings of both tools can be
//! compared and suppressed alike, a [`Level`] (how much an attacker gains), and a message that says how
//! to fix it. Findings are [`Diagnostic`]s of severity warning: they never stop a generator from
//! writing. The families, one file each:
//!
//! - `injection`: attacker-controlled text reaching a script (`template-injection`) or `GITHUB_ENV`
//!   (`github-env`), traced through `env:`, step outputs, job outputs and computed matrices;
//! - `pinning`: actions and reusable workflows not pinned to a commit (`unpinned-uses`), container
//!   images without a digest (`unpinned-images`);
//! - `permissions`: the token's scopes (`excessive-permissions`, `missing-permissions`);
//! - `credentials`: `actions/checkout` keeping the token (`artipacked`), `secrets: inherit`
//!   (`secrets-inherit`), secrets pasted into scripts (`secrets-in-run`), container passwords written
//!   out (`hardcoded-container-credentials`);
//! - `triggers`: `pull_request_target`, `workflow_run` and comment triggers (`dangerous-triggers`),
//!   caches in publishing workflows (`cache-poisoning`), self-hosted runners on fork pull requests
//!   (`self-hosted-runner`), deprecated workflow commands (`insecure-commands`).
//!
//! A finding is suppressed, with a reason, by `.allow(code, reason)` on the workflow, job or step in Rust,
//! or by a comment `# pipeline: allow[code] reason` on its line or the line before in YAML; zizmor's own
//! `# zizmor: ignore[code]` is honoured too. [`check_workflow`] reports what was suppressed.
//!
//! ```
//! use pipeline_core::validate::Config;
//! let text = "on: pull_request\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \"${{ github.head_ref }}\"  # pipeline: allow[template-injection] quoted and echoed only\n";
//! let report = pipeline_core::audit::check_workflow(text, "ci.yml", &Config::default());
//! assert!(report.diagnostics.is_empty());
//! assert_eq!(report.suppressed[0].diagnostic.code, "template-injection");
//! assert_eq!(report.suppressed[0].reason, "quoted and echoed only");
//! ```

mod credentials;
mod fix;
mod injection;
mod permissions;
mod pinning;
mod suppress;
mod triggers;

pub use fix::{Fix, fix_workflow};

use crate::model::{Action, Allows, Path, PathSegment, Step, Workflow};
use crate::validate::{Config, Diagnostic, Diagnostics};
use crate::validate::{Cx, Source};

/// How much an attacker gains from a finding, as zizmor grades the same audit.
///
/// ```
/// use pipeline_core::audit::{Level, audit};
/// assert_eq!(audit("template-injection").unwrap().level, Level::High);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Hardening; no direct way in.
    Low,
    /// A way in under some conditions, or a way to widen one.
    Medium,
    /// A direct way in.
    High,
}

/// One audit: its code, level, and what it looks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Audit {
    /// The stable code of its findings.
    pub code: &'static str,
    /// How much an attacker gains.
    pub level: Level,
    /// What it finds, in one line.
    pub summary: &'static str,
}

/// Every audit, by code.
pub const AUDITS: &[Audit] = &[
    Audit {
        code: "template-injection",
        level: Level::High,
        summary: "attacker-controlled text pasted into a script",
    },
    Audit {
        code: "github-env",
        level: Level::High,
        summary: "attacker-controlled text written to `GITHUB_ENV` or `GITHUB_PATH`",
    },
    Audit {
        code: "unpinned-uses",
        level: Level::High,
        summary: "an action or reusable workflow at a tag or branch instead of a commit",
    },
    Audit {
        code: "unpinned-images",
        level: Level::High,
        summary: "a container image without a digest",
    },
    Audit {
        code: "excessive-permissions",
        level: Level::Medium,
        summary: "a token with default, blanket or unused write permissions",
    },
    Audit {
        code: "missing-permissions",
        level: Level::Medium,
        summary: "a step that needs a scope its job does not grant",
    },
    Audit {
        code: "artipacked",
        level: Level::Medium,
        summary: "`actions/checkout` keeping the token where later steps can read it",
    },
    Audit {
        code: "secrets-inherit",
        level: Level::Medium,
        summary: "every secret passed to a reusable workflow",
    },
    Audit {
        code: "secrets-in-run",
        level: Level::Low,
        summary: "a secret pasted into a script instead of bound in `env:`",
    },
    Audit {
        code: "hardcoded-container-credentials",
        level: Level::High,
        summary: "a container registry password written in the file",
    },
    Audit {
        code: "dangerous-triggers",
        level: Level::High,
        summary: "a trigger that runs with the repository's secrets on an outsider's event",
    },
    Audit {
        code: "cache-poisoning",
        level: Level::High,
        summary: "a cache restored in a workflow that publishes releases",
    },
    Audit {
        code: "self-hosted-runner",
        level: Level::High,
        summary: "a self-hosted runner on a trigger that runs code from forks",
    },
    Audit {
        code: "insecure-commands",
        level: Level::High,
        summary: "`ACTIONS_ALLOW_UNSECURE_COMMANDS`, which turns `::set-env` and `::add-path` back on",
    },
    Audit {
        code: "deprecated-commands",
        level: Level::Low,
        summary: "`::set-output` and `::save-state`, which GitHub deprecated",
    },
];

/// The audit with this code.
///
/// ```
/// assert!(pipeline_core::audit::audit("artipacked").is_some());
/// assert!(pipeline_core::audit::audit("nope").is_none());
/// ```
#[must_use]
pub fn audit(code: &str) -> Option<&'static Audit> {
    AUDITS.iter().find(|a| a.code == code)
}

/// Which actions `unpinned-uses` asks to be pinned to a commit.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Pinning {
    /// Every action and reusable workflow from another repository.
    #[default]
    All,
    /// Those outside GitHub's own `actions/` and `github/` organisations.
    ThirdParty,
    /// None.
    None,
}

/// What the audits are told.
///
/// ```
/// use pipeline_core::audit::{Pinning, Settings};
/// let settings = Settings::default().pinning(Pinning::ThirdParty);
/// assert_eq!(settings.pinning, Pinning::ThirdParty);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Settings {
    /// The `unpinned-uses` policy.
    pub pinning: Pinning,
}

impl Settings {
    /// Sets [`Settings::pinning`].
    #[must_use]
    pub fn pinning(mut self, pinning: Pinning) -> Self {
        self.pinning = pinning;
        self
    }
}

/// A finding that was suppressed, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppressed {
    /// The finding.
    pub diagnostic: Diagnostic,
    /// The reason given (empty when a zizmor comment gave none).
    pub reason: String,
    /// What suppressed it: `allow` (Rust), `comment` (`# pipeline: allow[..]`) or `zizmor` (`# zizmor: ignore[..]`).
    pub by: &'static str,
}

/// What [`check_workflow`] and [`check_action`] find: the diagnostics (the validator's and the audits'),
/// and the audit findings that were suppressed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// Every diagnostic that was not suppressed.
    pub diagnostics: Diagnostics,
    /// Every suppressed finding, with its reason.
    pub suppressed: Vec<Suppressed>,
}

/// Reads and checks a workflow as [`crate::validate::check_workflow`] does, with the audits of
/// `config.audit` (or the default [`Settings`] when it has none), and reports what was suppressed.
///
/// ```
/// use pipeline_core::validate::Config;
/// let text = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: make\n";
/// let report = pipeline_core::audit::check_workflow(text, "ci.yml", &Config::default());
/// let codes: Vec<_> = report.diagnostics.iter().map(|d| d.code).collect();
/// assert_eq!(codes, ["excessive-permissions", "artipacked", "unpinned-uses"]);
/// ```
#[must_use]
pub fn check_workflow(text: &str, file: &str, config: &Config) -> Report {
    check_text(
        text,
        file,
        config,
        Document {
            parse: crate::parse::workflow,
            origins: |w| crate::validate::Origins::Workflow(w),
            validate: crate::validate::run_checks,
            audit: run_workflow,
            unreadable: crate::validate::check_workflow,
        },
    )
}

/// Reads and checks action metadata as [`crate::validate::check_action`] does, with the audits.
///
/// ```
/// use pipeline_core::validate::Config;
/// let text = "name: Greet\ndescription: Greets\ninputs:\n  who:\n    description: Whom\nruns:\n  using: composite\n  steps:\n    - run: echo ${{ inputs.who }}\n      shell: bash\n";
/// let report = pipeline_core::audit::check_action(text, "action.yml", &Config::default());
/// assert_eq!(report.diagnostics.iter().next().unwrap().code, "template-injection");
/// ```
#[must_use]
pub fn check_action(text: &str, file: &str, config: &Config) -> Report {
    check_text(
        text,
        file,
        config,
        Document {
            parse: crate::parse::action,
            origins: |a| crate::validate::Origins::Action(a),
            validate: crate::validate::check_action_model,
            audit: run_action,
            unreadable: crate::validate::check_action,
        },
    )
}

/// What [`check_text`] needs to know of one kind of document (a workflow, action metadata).
struct Document<T: 'static> {
    parse: fn(&str) -> Result<crate::parse::Parsed<T>, crate::parse::ParseErrors>,
    origins: for<'a> fn(&'a T) -> crate::validate::Origins<'a>,
    validate: fn(&mut Cx<'_>, &T),
    audit: fn(&mut Cx<'_>, &T, &Settings) -> Vec<Suppressed>,
    /// The validator alone, with the audits configured, for text that does not parse.
    unreadable: fn(&str, &str, &Config) -> crate::validate::Diagnostics,
}

/// Reads and checks one document, the validator's checks and the audits in one pass over it.
fn check_text<T>(text: &str, file: &str, config: &Config, kind: Document<T>) -> Report {
    let default = Settings::default();
    let settings = config.audit.as_ref().unwrap_or(&default);
    let Ok(parsed) = (kind.parse)(text) else {
        let with = config.clone().audit(settings.clone());
        return Report {
            diagnostics: (kind.unreadable)(text, file, &with),
            suppressed: Vec::new(),
        };
    };
    let source = Source::new(file, &parsed.source).with_text(text);
    let mut cx = Cx::new(config, Some(&source), (kind.origins)(&parsed.value));
    (kind.validate)(&mut cx, &parsed.value);
    let suppressed = (kind.audit)(&mut cx, &parsed.value, settings);
    Report {
        diagnostics: cx.finish(),
        suppressed,
    }
}

/// Audits a workflow built in Rust; locations are the Rust call sites. Findings allowed with
/// `.allow(code, reason)` are returned apart.
///
/// ```
/// use pipeline_core::model::{Job, Step, Trigger, Workflow};
/// let workflow = Workflow::new("CI")
///     .on(Trigger::push())
///     .least_privilege()
///     .job("a", Job::new("ubuntu-latest").step(Step::uses("actions/setup-node@v4")));
/// let report = pipeline_core::audit::workflow(&workflow, &Default::default());
/// assert_eq!(report.diagnostics.iter().next().unwrap().code, "unpinned-uses");
/// let allowed = workflow.allow("unpinned-uses", "pinned by the generator's pins file");
/// let report = pipeline_core::audit::workflow(&allowed, &Default::default());
/// assert!(report.diagnostics.is_empty());
/// assert_eq!(report.suppressed[0].by, "allow");
/// ```
#[must_use]
pub fn workflow(workflow: &Workflow, settings: &Settings) -> Report {
    let config = Config::default();
    let mut cx = Cx::new(&config, None, crate::validate::Origins::Workflow(workflow));
    let suppressed = run_workflow(&mut cx, workflow, settings);
    Report {
        diagnostics: cx.finish(),
        suppressed,
    }
}

/// Every audit of a workflow, into `cx`; the suppressed findings are taken out and returned.
pub(crate) fn run_workflow(
    cx: &mut Cx<'_>,
    workflow: &Workflow,
    settings: &Settings,
) -> Vec<Suppressed> {
    let start = cx.out.len();
    injection::check_workflow(cx, workflow);
    pinning::check_workflow(cx, workflow, settings);
    permissions::check(cx, workflow);
    credentials::check(cx, workflow);
    triggers::check(cx, workflow);
    let found = cx.out.split_off(start);
    let text = cx.source_text();
    let (kept, suppressed) = suppress::split(found, text, |path| allows_workflow(workflow, path));
    cx.out.extend(kept);
    suppressed
}

/// Every audit of action metadata, into `cx`; the suppressed findings are returned.
pub(crate) fn run_action(cx: &mut Cx<'_>, action: &Action, settings: &Settings) -> Vec<Suppressed> {
    let start = cx.out.len();
    if let Some(crate::model::Runs::Composite(runs)) = &action.runs {
        injection::check_action(cx, action, &runs.steps);
        pinning::check_steps(cx, &runs.steps, &["runs", "steps"], settings);
        credentials::check_action_steps(cx, &runs.steps);
    }
    if let Some(crate::model::Runs::Docker(runs)) = &action.runs
        && let Some(image) = runs.image.as_deref()
        && let Some(image) = image.strip_prefix("docker://")
    {
        pinning::check_image(cx, image, Path::root().key("runs").key("image"));
    }
    let found = cx.out.split_off(start);
    let text = cx.source_text();
    let steps: &[Step] = match &action.runs {
        Some(crate::model::Runs::Composite(runs)) => &runs.steps,
        _ => &[],
    };
    let (kept, suppressed) = suppress::split(found, text, |path| {
        let mut out: Vec<&Allows> = Vec::new();
        if let [
            PathSegment::Key(r),
            PathSegment::Key(s),
            PathSegment::Index(i),
            ..,
        ] = path.segments()
            && r == "runs"
            && s == "steps"
            && let Some(step) = steps.get(*i)
        {
            out.push(&step.allow);
        }
        out
    });
    cx.out.extend(kept);
    suppressed
}

/// The `.allow` lists that enclose a model path: the workflow's, the job's and the step's.
fn allows_workflow<'w>(workflow: &'w Workflow, path: &Path) -> Vec<&'w Allows> {
    let mut out = vec![&workflow.allow];
    if let [PathSegment::Key(jobs), PathSegment::Key(id), rest @ ..] = path.segments()
        && jobs == "jobs"
        && let Some(job) = workflow.jobs.get(id)
    {
        out.push(&job.allow);
        if let [PathSegment::Key(steps), PathSegment::Index(i), ..] = rest
            && steps == "steps"
            && let Some(step) = job.step_list().get(*i)
        {
            out.push(&step.allow);
        }
    }
    out
}

/// The jobs that can run: not those whose `if:` is the constant `false`.
pub(crate) fn jobs(workflow: &Workflow) -> impl Iterator<Item = (&String, &crate::model::Job)> {
    workflow.jobs.iter().filter(|(_, job)| !match &job.r#if {
        Some(crate::model::ExprOr::Value(b)) => !*b,
        Some(crate::model::ExprOr::Expr(e)) => {
            let e = e.trim();
            let e = e
                .strip_prefix("${{")
                .and_then(|r| r.strip_suffix("}}"))
                .unwrap_or(e);
            e.trim() == "false"
        }
        None => false,
    })
}

/// The name of an action a `uses:` names, in lowercase, without the reference: `actions/checkout`.
pub(crate) fn action_name(uses: &str) -> String {
    uses.split('@').next().unwrap_or(uses).to_ascii_lowercase()
}

/// The major version a `uses:` reference names (`v4.2.2` gives 4), if it is a version tag.
pub(crate) fn major_version(uses: &str) -> Option<u32> {
    let reference = uses.split_once('@')?.1;
    let digits = reference.strip_prefix('v').unwrap_or(reference);
    let major = digits.split('.').next()?;
    major.parse().ok()
}

pub(crate) use crate::pins::is_commit;

/// A step's `with:` value as a string (scalars written as text), if set.
pub(crate) fn with_str<'s>(step: &'s Step, key: &str) -> Option<std::borrow::Cow<'s, str>> {
    use crate::model::Value;
    let value = step.with.as_ref()?.get(key)?;
    match value {
        Value::String(s) => Some(std::borrow::Cow::Borrowed(s.as_str())),
        Value::Bool(b) => Some(std::borrow::Cow::Owned(b.to_string())),
        Value::Number(n) => Some(std::borrow::Cow::Owned(n.as_f64().to_string())),
        _ => None,
    }
}
