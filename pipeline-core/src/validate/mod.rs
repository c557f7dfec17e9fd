//! The validator: every problem in a workflow or action that the type system cannot rule out, each as a
//! [`Diagnostic`] with a stable code, a severity, a model path and a location.
//!
//! Entry points:
//!
//! - [`validate`] and [`validate_with`] check a model built in Rust; locations are the Rust call sites
//!   recorded in the [`Origin`](crate::model::Origin) of the nearest workflow, job or step.
//! - [`validate_source`] checks a parsed model; locations are `file:line:column` in the YAML.
//! - [`check_workflow`] and [`check_action`] read YAML text and report parse errors as diagnostics too
//!   (code `syntax`), so a command-line tool needs nothing else.
//! - [`validate_action`] checks action metadata.
//! - [`JobGraph`] is the `needs` graph: cycles, topological order and the critical path.
//!
//! Checks never stop at the first problem. The groups are: the job graph (`graph`), expressions and the
//! references inside them (`exprs`, typed by `types`), structure (`structure`), triggers (`events`),
//! matrices (`matrix`), runners (`runner`) and jobs that can never run (`reach`).
//!
//! ```
//! let text = "on: push\njobs:\n  build:\n    needs: tset\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n";
//! let diagnostics = pipeline_core::validate::check_workflow(text, "ci.yml", &Default::default());
//! let first = diagnostics.iter().next().unwrap();
//! assert_eq!(first.code, "needs-unknown");
//! assert_eq!(first.to_string(), "ci.yml:4:12: error[needs-unknown]: job `build` needs `tset`, which is not a job in this workflow; did you mean `test`?");
//! ```

mod action;
mod anchors;
mod codes;
mod cron;
mod events;
mod exprs;
pub(crate) mod glob;
mod graph;
mod matrix;
mod parallel;
mod reach;
mod recover;
mod runner;
mod set;
pub(crate) mod spans;
mod structure;
mod types;
mod tz;

pub use codes::{CODES, Code, code};
pub use graph::{CriticalPath, Cycle, JobGraph, PathWeight};
pub use set::{MAX_WORKFLOW_LEVELS, SetDocument, SetFile, check_set, check_set_with, validate_set};

use crate::model::{Action, Path, PathSegment, Workflow};
use crate::parse::{Position, SourceMap};
use crate::yaml::layout::NodeKind;
use serde::ser::SerializeStruct;
use std::collections::BTreeMap;
use std::fmt;

/// How serious a diagnostic is.
///
/// ```
/// use pipeline_core::validate::Severity;
/// assert_eq!(Severity::Error.to_string(), "error");
/// assert!(Severity::Error > Severity::Warning);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// Worth knowing; nothing is wrong.
    Info,
    /// Probably a mistake; the workflow still runs.
    Warning,
    /// GitHub rejects the file, or the workflow cannot do what it says.
    Error,
}

impl Severity {
    /// The lowercase name used in output (`error`, `warning`, `info`).
    ///
    /// ```
    /// assert_eq!(pipeline_core::validate::Severity::Warning.as_str(), "warning");
    /// ```
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for Severity {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Where a diagnostic points: a YAML file's line and column, or the Rust call site that built the value.
///
/// ```
/// use pipeline_core::validate::Location;
/// let at = Location { file: "ci.yml".into(), line: 3, column: 5 };
/// assert_eq!(at.to_string(), "ci.yml:3:5");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Location {
    /// The file name as given to the validator, or the Rust source file.
    pub file: String,
    /// The line, from 1.
    pub line: u32,
    /// The column, from 1, in characters.
    pub column: u32,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}

impl serde::Serialize for Location {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Location", 3)?;
        s.serialize_field("file", &self.file)?;
        s.serialize_field("line", &self.line)?;
        s.serialize_field("column", &self.column)?;
        s.end()
    }
}

/// One problem: what, where, how serious, and how to fix it.
///
/// `related` lists other places that explain the problem, each with a label (for a job that can never run,
/// the job whose condition excludes it).
///
/// ```
/// use pipeline_core::model::{Job, Step, Workflow};
/// let mut workflow = Workflow::default();
/// workflow.jobs.insert("build".into(), Job::default());
/// let diagnostics = pipeline_core::validate::validate(&workflow);
/// let missing = diagnostics.iter().find(|d| d.code == "runs-on-missing").unwrap();
/// assert_eq!(missing.path.to_string(), "jobs.build");
/// assert!(missing.message.contains("runs-on"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// A stable kebab-case identifier of the check (`needs-unknown`, `expr-syntax`).
    pub code: &'static str,
    /// How serious it is.
    pub severity: Severity,
    /// What is wrong and how to fix it, lowercase, without a trailing period.
    pub message: String,
    /// Where in the model.
    pub path: Path,
    /// Where in a file, when known.
    pub location: Option<Location>,
    /// Other places that explain the problem: label, model path, location.
    pub related: Vec<(String, Path, Option<Location>)>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(location) = &self.location {
            write!(f, "{location}: ")?;
        }
        write!(f, "{}[{}]: {}", self.severity, self.code, self.message)?;
        if self.location.is_none() && !self.path.is_root() {
            write!(f, " (at {})", self.path)?;
        }
        Ok(())
    }
}

/// Serialized as a flat object: `file`, `line`, `column` (null when unknown), `code`, `severity`,
/// `message`, `path`, and `related` (a list of `{label, path, file, line, column}`).
impl serde::Serialize for Diagnostic {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        struct Related<'a>(&'a [(String, Path, Option<Location>)]);
        impl serde::Serialize for Related<'_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeSeq;
                let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
                for (label, path, location) in self.0 {
                    seq.serialize_element(&RelatedEntry {
                        label,
                        path,
                        location: location.as_ref(),
                    })?;
                }
                seq.end()
            }
        }
        struct RelatedEntry<'a> {
            label: &'a str,
            path: &'a Path,
            location: Option<&'a Location>,
        }
        impl serde::Serialize for RelatedEntry<'_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut s = serializer.serialize_struct("Related", 5)?;
                s.serialize_field("label", self.label)?;
                s.serialize_field("path", &self.path.to_string())?;
                s.serialize_field("file", &self.location.map(|l| l.file.as_str()))?;
                s.serialize_field("line", &self.location.map(|l| l.line))?;
                s.serialize_field("column", &self.location.map(|l| l.column))?;
                s.end()
            }
        }
        let location = self.location.as_ref();
        let mut s = serializer.serialize_struct("Diagnostic", 8)?;
        s.serialize_field("file", &location.map(|l| l.file.as_str()))?;
        s.serialize_field("line", &location.map(|l| l.line))?;
        s.serialize_field("column", &location.map(|l| l.column))?;
        s.serialize_field("code", self.code)?;
        s.serialize_field("severity", &self.severity)?;
        s.serialize_field("message", &self.message)?;
        s.serialize_field("path", &self.path.to_string())?;
        s.serialize_field("related", &Related(&self.related))?;
        s.end()
    }
}

/// Every diagnostic found, sorted by location (then code).
///
/// ```
/// use pipeline_core::validate::check_workflow;
/// let diagnostics = check_workflow("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n", "ci.yml", &Default::default());
/// assert!(!diagnostics.has_errors());
/// assert_eq!(diagnostics.len(), diagnostics.iter().count());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    /// Iterates in order.
    ///
    /// ```
    /// let d = pipeline_core::validate::check_workflow("on: push\njobs:\n  a:\n    steps: []\n", "ci.yml", &Default::default());
    /// assert_eq!(d.iter().next().unwrap().code, "runs-on-missing");
    /// ```
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.0.iter()
    }

    /// How many there are.
    ///
    /// ```
    /// let d = pipeline_core::validate::check_workflow("on: push\njobs:\n  a:\n    steps: []\n", "ci.yml", &Default::default());
    /// assert_eq!(d.len(), 1);
    /// ```
    #[must_use]
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    ///
    /// ```
    /// let d = pipeline_core::validate::check_workflow("on: push\njobs:\n  a:\n    steps: []\n", "ci.yml", &Default::default());
    /// assert!(!d.is_empty());
    /// ```
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether any has [`Severity::Error`].
    ///
    /// ```
    /// let d = pipeline_core::validate::check_workflow("on: push\njobs:\n  a:\n    steps: []\n", "ci.yml", &Default::default());
    /// assert!(d.has_errors());
    /// ```
    #[must_use]
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(|d| d.severity == Severity::Error)
    }

    /// The diagnostics of [`Severity::Error`].
    ///
    /// ```
    /// let d = pipeline_core::validate::check_workflow("on: push\njobs:\n  a:\n    steps: []\n", "ci.yml", &Default::default());
    /// assert_eq!(d.errors().count(), 1);
    /// ```
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| d.severity == Severity::Error)
    }

    /// The diagnostics with a given code.
    ///
    /// ```
    /// let d = pipeline_core::validate::check_workflow("on: push\njobs:\n  a:\n    steps: []\n", "ci.yml", &Default::default());
    /// assert_eq!(d.with_code("runs-on-missing").count(), 1);
    /// ```
    pub fn with_code<'a>(&'a self, code: &'a str) -> impl Iterator<Item = &'a Diagnostic> + 'a {
        self.0.iter().filter(move |d| d.code == code)
    }

    /// The diagnostics as a vector.
    ///
    /// ```
    /// let d = pipeline_core::validate::check_workflow("on: push\njobs:\n  a:\n    steps: []\n", "ci.yml", &Default::default());
    /// assert_eq!(d.into_vec().len(), 1);
    /// ```
    #[must_use]
    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.0
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// Collects diagnostics in the order given, as checks of one's own produce them.
///
/// ```
/// use pipeline_core::validate::{Diagnostic, Diagnostics, Severity};
/// let all: Diagnostics = [Diagnostic::new("my-check", Severity::Warning, "a note")].into_iter().collect();
/// assert_eq!(all.len(), 1);
/// ```
impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(items: I) -> Self {
        Self(items.into_iter().collect())
    }
}

impl Extend<Diagnostic> for Diagnostics {
    fn extend<I: IntoIterator<Item = Diagnostic>>(&mut self, items: I) {
        self.0.extend(items);
    }
}

impl Diagnostic {
    /// A diagnostic of one's own (a template's check, say), at no place yet.
    ///
    /// ```
    /// use pipeline_core::validate::{Diagnostic, Severity};
    /// let d = Diagnostic::new("service-name", Severity::Error, "the service name is empty");
    /// assert_eq!(d.to_string(), "error[service-name]: the service name is empty");
    /// ```
    #[must_use]
    pub fn new(code: &'static str, severity: Severity, message: impl Into<String>) -> Self {
        Self {
            code,
            severity,
            message: message.into(),
            path: Path::root(),
            location: None,
            related: Vec::new(),
        }
    }

    /// Places the diagnostic at the Rust line that called the `#[track_caller]` function calling this:
    /// for a template, the consumer's line that asked for what is wrong.
    ///
    /// ```
    /// use pipeline_core::validate::{Diagnostic, Severity};
    /// let (d, line) = (Diagnostic::new("service-name", Severity::Error, "empty").at_caller(), line!());
    /// assert_eq!(d.location.unwrap().line, line);
    /// ```
    #[must_use]
    #[track_caller]
    pub fn at_caller(mut self) -> Self {
        let here = std::panic::Location::caller();
        self.location = Some(Location {
            file: here.file().to_owned(),
            line: here.line(),
            column: here.column(),
        });
        self
    }
}

/// One diagnostic per line.
impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

/// What the validator cannot know from the workflow alone.
///
/// ```
/// use pipeline_core::validate::Config;
/// let config = Config::default().self_hosted_labels(["gpu", "arm-*"]);
/// assert_eq!(config.self_hosted_labels.len(), 2);
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct Config {
    /// Labels of your self-hosted runners (and custom names of larger runners); `*` matches any run of
    /// characters. Labels GitHub hosts, and the presets every self-hosted runner has (`self-hosted`,
    /// `linux`, `x64`...), are always known.
    pub self_hosted_labels: Vec<String>,
    /// The configuration variables (`vars.NAME`) that exist, when you want `vars` references checked;
    /// `None` accepts any name.
    pub config_variables: Option<Vec<String>>,
    /// The actions of the repository, by the path a step's `uses:` gives (`./.github/actions/deploy`),
    /// when they are all known: steps that use a local action are then checked against its inputs, and
    /// a local action that is not there is reported. `None` checks nothing about local actions.
    pub local_actions: Option<BTreeMap<String, Action>>,
    /// The metadata of actions from other repositories: steps that use one get their `with:` keys,
    /// required and deprecated inputs, and `steps.<id>.outputs.<name>` checked against it. A key is the
    /// part of `uses:` before the `@` (`actions/cache`, `github/codeql-action/analyze`), which applies at
    /// any reference, or that and a major version (`actions/cache@v4`), which applies only to references
    /// of that major version (`@v4`, `@v4.2.2`, not `@v5` or a commit); the first form wins when both
    /// match. Names compare without regard to case when the key is in lowercase.
    pub known_actions: BTreeMap<String, Action>,
    /// The most threads one validation may use; `None` (the default) uses every core the process may
    /// run on. Only workflows of hundreds of jobs are split; the diagnostics do not depend on it.
    pub threads: Option<usize>,
    /// Severities that replace the default of a code (see [`CODES`]): raise `runner-label-unknown` to an
    /// error when every runner label is declared in [`Config::self_hosted_labels`], say, or lower a code
    /// to [`Severity::Info`] to keep it out of the way.
    pub severities: BTreeMap<String, Severity>,
    /// The repository's (or organisation's) default `GITHUB_TOKEN` permissions, for a workflow that
    /// sets none: what a reusable workflow it calls may ask for is checked against them. `None` (not
    /// known) leaves such calls unchecked.
    pub default_permissions: Option<DefaultPermissions>,
    /// The most levels of workflows a chain of calls may connect, the top-level caller included;
    /// `None` is GitHub.com's [`MAX_WORKFLOW_LEVELS`] (GitHub Enterprise Server allows fewer).
    pub max_workflow_levels: Option<usize>,
    /// The deepest nesting of mappings and sequences a workflow may have; `None` is GitHub's
    /// [`MAX_DEPTH`].
    pub max_depth: Option<usize>,
    /// The security audits to run as well ([`crate::audit`]); `None` (the default) runs none.
    /// `pipeline check` turns them on.
    pub audit: Option<crate::audit::Settings>,
}

/// How deeply GitHub's workflow parser lets mappings and sequences nest: a file with a mapping or
/// sequence inside 50 others is rejected ("Maximum object depth exceeded").
///
/// ```
/// assert_eq!(pipeline_core::validate::MAX_DEPTH, 50);
/// ```
pub const MAX_DEPTH: usize = 50;

/// The default `GITHUB_TOKEN` permissions a repository gives workflows that set none ("Workflow
/// permissions" in the repository's Actions settings).
///
/// ```
/// use pipeline_core::validate::{Config, DefaultPermissions};
/// let config = Config::default().default_permissions(DefaultPermissions::Read);
/// assert_eq!(config.default_permissions, Some(DefaultPermissions::Read));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DefaultPermissions {
    /// "Read repository contents and packages permissions": `contents: read`, `packages: read`.
    Read,
    /// "Read and write permissions": every scope `write`.
    Write,
}

impl Config {
    /// Sets [`Config::threads`]; `threads(1)` keeps validation on the calling thread.
    ///
    /// ```
    /// use pipeline_core::model::{Job, Step, Workflow};
    /// use pipeline_core::validate::{Config, validate_with};
    /// let mut workflow = Workflow::new("Wide");
    /// for i in 0..600 {
    ///     workflow.jobs.insert(format!("job-{i}"), Job::new("ubuntu-latest").step(Step::run("make")));
    /// }
    /// let one = validate_with(&workflow, &Config::default().threads(1));
    /// let all = validate_with(&workflow, &Config::default());
    /// assert_eq!(one, all);
    /// ```
    #[must_use]
    pub fn threads(mut self, threads: usize) -> Self {
        self.threads = Some(threads.max(1));
        self
    }

    /// Reports `code` with `severity` instead of its default (see [`CODES`] for the defaults).
    ///
    /// ```
    /// use pipeline_core::validate::{Config, Severity, check_workflow};
    /// let text = "on: push\njobs:\n  a:\n    runs-on: gpu-box\n    steps:\n      - run: make\n";
    /// let default = check_workflow(text, "ci.yml", &Config::default());
    /// assert_eq!(default.iter().next().unwrap().severity, Severity::Warning);
    /// let strict = Config::default().severity("runner-label-unknown", Severity::Error);
    /// assert!(check_workflow(text, "ci.yml", &strict).has_errors());
    /// ```
    #[must_use]
    pub fn severity(mut self, code: impl Into<String>, severity: Severity) -> Self {
        self.severities.insert(code.into(), severity);
        self
    }

    /// Sets [`Config::default_permissions`].
    #[must_use]
    pub fn default_permissions(mut self, default: DefaultPermissions) -> Self {
        self.default_permissions = Some(default);
        self
    }

    /// Sets [`Config::max_workflow_levels`].
    #[must_use]
    pub fn max_workflow_levels(mut self, levels: usize) -> Self {
        self.max_workflow_levels = Some(levels);
        self
    }

    /// Sets [`Config::max_depth`].
    ///
    /// ```
    /// use pipeline_core::validate::{Config, check_workflow};
    /// let text = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/setup-node@v4\n        with:\n          node-version: 22\n";
    /// assert!(!check_workflow(text, "ci.yml", &Config::default()).has_errors());
    /// let shallow = Config::default().max_depth(5);
    /// assert_eq!(check_workflow(text, "ci.yml", &shallow).iter().next().unwrap().code, "max-depth");
    /// ```
    #[must_use]
    pub fn max_depth(mut self, depth: usize) -> Self {
        self.max_depth = Some(depth);
        self
    }

    /// Sets [`Config::audit`]: the security audits run with the other checks.
    ///
    /// ```
    /// use pipeline_core::audit::Settings;
    /// use pipeline_core::validate::{Config, check_workflow};
    /// let text = "on: issues\njobs:\n  a:\n    runs-on: ubuntu-latest\n    permissions: {}\n    steps:\n      - run: echo ${{ github.event.issue.title }}\n";
    /// let config = Config::default().audit(Settings::default());
    /// let codes: Vec<_> = check_workflow(text, "ci.yml", &config).iter().map(|d| d.code).collect();
    /// assert_eq!(codes, ["template-injection"]);
    /// ```
    #[must_use]
    pub fn audit(mut self, settings: crate::audit::Settings) -> Self {
        self.audit = Some(settings);
        self
    }

    /// Sets [`Config::self_hosted_labels`].
    ///
    /// ```
    /// let config = pipeline_core::validate::Config::default().self_hosted_labels(["gpu"]);
    /// assert_eq!(config.self_hosted_labels, ["gpu"]);
    /// ```
    #[must_use]
    pub fn self_hosted_labels<I, S>(mut self, labels: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.self_hosted_labels = labels.into_iter().map(Into::into).collect();
        self
    }

    /// Sets [`Config::config_variables`].
    ///
    /// ```
    /// let config = pipeline_core::validate::Config::default().config_variables(["REGION"]);
    /// assert_eq!(config.config_variables.as_deref(), Some(&["REGION".to_string()][..]));
    /// ```
    #[must_use]
    pub fn config_variables<I, S>(mut self, names: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.config_variables = Some(names.into_iter().map(Into::into).collect());
        self
    }

    /// Sets [`Config::local_actions`]: every action of the repository, by its `./path`.
    ///
    /// ```
    /// use pipeline_core::model::Action;
    /// use pipeline_core::validate::{Config, check_workflow};
    /// let deploy = pipeline_core::parse::action(
    ///     "name: Deploy\ndescription: Deploys\ninputs:\n  env:\n    required: true\nruns:\n  using: node20\n  main: index.js\n",
    /// ).unwrap().value;
    /// let config = Config::default().local_actions([("./.github/actions/deploy".to_string(), deploy)]);
    /// let text = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: ./.github/actions/deploy\n";
    /// let diagnostics = check_workflow(text, "ci.yml", &config);
    /// assert_eq!(diagnostics.iter().next().unwrap().code, "action-input-missing");
    /// ```
    #[must_use]
    pub fn local_actions<I>(mut self, actions: I) -> Self
    where
        I: IntoIterator<Item = (String, Action)>,
    {
        self.local_actions = Some(
            actions
                .into_iter()
                .map(|(path, action)| (path.trim_end_matches('/').to_owned(), action))
                .collect(),
        );
        self
    }

    /// Adds to [`Config::known_actions`]: the metadata of actions from other repositories, each by the
    /// part of `uses:` before the `@`.
    ///
    /// ```
    /// use pipeline_core::validate::{Config, check_workflow};
    /// let cache = pipeline_core::parse::action(
    ///     "name: Cache\ndescription: Caches\ninputs:\n  path:\n    required: true\n  key:\n    required: true\noutputs:\n  cache-hit:\n    description: Hit\nruns:\n  using: node24\n  main: index.js\n",
    /// ).unwrap().value;
    /// let config = Config::default().known_actions([("actions/cache".to_string(), cache)]);
    /// let text = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/cache@v4\n        id: c\n        with:\n          pth: target\n          key: k\n      - run: echo \"$HIT\"\n        env:\n          HIT: ${{ steps.c.outputs.hit }}\n";
    /// let diagnostics = check_workflow(text, "ci.yml", &config);
    /// let codes: Vec<&str> = diagnostics.iter().map(|d| d.code).collect();
    /// assert_eq!(codes, ["action-input-missing", "action-input-unknown", "action-output-unknown"]);
    /// assert_eq!(diagnostics.iter().nth(1).unwrap().to_string(), "ci.yml:9:11: warning[action-input-unknown]: action `actions/cache@v4` has no input `pth`; did you mean `path`?");
    /// ```
    #[must_use]
    pub fn known_actions<I>(mut self, actions: I) -> Self
    where
        I: IntoIterator<Item = (String, Action)>,
    {
        self.known_actions.extend(actions);
        self
    }
}

/// The [`Config::known_actions`] key that names an action at the major version of a reference: the
/// action's name in lowercase, `@`, and the reference up to its first `.`. `None` without a reference.
///
/// ```
/// use pipeline_core::validate::major_version_key;
/// assert_eq!(major_version_key("Actions/Checkout@v4.2.2").as_deref(), Some("actions/checkout@v4"));
/// assert_eq!(major_version_key("actions/checkout@main").as_deref(), Some("actions/checkout@main"));
/// assert_eq!(major_version_key("./local"), None);
/// ```
#[must_use]
pub fn major_version_key(uses: &str) -> Option<String> {
    let (name, reference) = uses.split_once('@')?;
    let major = reference.split('.').next().unwrap_or(reference);
    (!major.is_empty()).then(|| format!("{}@{major}", name.to_ascii_lowercase()))
}

/// The metadata `known` holds for the action a step's `uses` names: under the action's name, else under
/// its [`major_version_key`] (see [`Config::known_actions`]).
pub(crate) fn known_action<'k>(
    known: &'k BTreeMap<String, Action>,
    uses: &str,
) -> Option<&'k Action> {
    if known.is_empty() {
        return None;
    }
    let name = uses.split_once('@').map_or(uses, |(name, _)| name);
    known
        .get(name)
        .or_else(|| known.get(&name.to_ascii_lowercase()))
        .or_else(|| major_version_key(uses).and_then(|key| known.get(&key)))
}

/// A parsed file's name, positions and (optionally) text, so diagnostics carry `file:line:column`.
///
/// With the text, positions inside strings are exact: an error in the third expression of a `run:` block
/// points at its line and column. Without it, they point at the start of the string.
///
/// ```
/// use pipeline_core::validate::{Config, Source, validate_source};
/// let text = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.sha:0:7 }}\n";
/// let parsed = pipeline_core::parse::workflow(text).unwrap();
/// let source = Source::new("ci.yml", &parsed.source).with_text(text);
/// let diagnostics = validate_source(&parsed.value, &source, &Config::default());
/// let syntax = diagnostics.with_code("expr-syntax").next().unwrap();
/// assert_eq!(syntax.location.as_ref().unwrap().to_string(), "ci.yml:6:30");
/// ```
#[derive(Clone, Debug)]
pub struct Source<'a> {
    file: &'a str,
    map: &'a SourceMap,
    text: Option<&'a str>,
    line_starts: Vec<usize>,
    anchors: Vec<anchors::Anchor<'a>>,
    aliases: Vec<anchors::Alias>,
}

impl<'a> Source<'a> {
    /// A file's name and the source map its parser returned.
    ///
    /// ```
    /// let parsed = pipeline_core::parse::workflow("on: push\njobs: {}\n").unwrap();
    /// let source = pipeline_core::validate::Source::new("ci.yml", &parsed.source);
    /// assert_eq!(source.file(), "ci.yml");
    /// ```
    #[must_use]
    pub fn new(file: &'a str, map: &'a SourceMap) -> Self {
        Self {
            file,
            map,
            text: None,
            line_starts: Vec::new(),
            anchors: Vec::new(),
            aliases: Vec::new(),
        }
    }

    /// Adds the text the source map was made from, for exact positions inside strings.
    ///
    /// ```
    /// use pipeline_core::validate::{Config, Source, validate_source};
    /// let text = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ matrix.os }}\n";
    /// let parsed = pipeline_core::parse::workflow(text).unwrap();
    /// let exact = Source::new("ci.yml", &parsed.source).with_text(text);
    /// let d = validate_source(&parsed.value, &exact, &Config::default());
    /// assert_eq!(d.iter().next().unwrap().location.as_ref().unwrap().column, 23);
    /// ```
    #[must_use]
    pub fn with_text(mut self, text: &'a str) -> Self {
        // The parser drops a byte-order mark before it scans, so positions count from after it.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        self.line_starts = line_starts(text);
        self.text = Some(text);
        if let Some(root) = self.map.node(&Path::root()) {
            let (anchors, aliases) = anchors::collect(root, text, &self.line_starts);
            self.anchors = anchors;
            self.aliases = aliases;
        }
        self
    }

    /// The node an alias node stands for.
    fn alias_target(
        &self,
        node: &crate::yaml::layout::Node,
    ) -> Option<&'a crate::yaml::layout::Node> {
        let alias = self.aliases.iter().find(|a| a.at == node.position)?;
        anchors::target(&self.anchors, &alias.name, alias.at).map(|a| a.node)
    }

    /// Where the value at `path` starts and where its key is, following aliases to their anchors so
    /// that a problem inside an aliased value points at the text that holds it.
    fn walk(&self, path: &Path) -> Option<(Position, Option<Position>)> {
        let mut node = self.map.node(&Path::root())?;
        let mut key = None;
        for segment in path.segments() {
            if matches!(node.kind, NodeKind::Alias) {
                match self.alias_target(node) {
                    Some(target) => node = target,
                    None => return Some((node.position, key)),
                }
            }
            let next = match (segment, &node.kind) {
                (PathSegment::Key(k), NodeKind::Mapping(_)) => {
                    node.get(k).map(|e| (&e.value, Some(e.key_position)))
                }
                (PathSegment::Index(i), NodeKind::Sequence(_)) => {
                    node.item(*i).map(|n| (n, Some(n.position)))
                }
                _ => None,
            };
            match next {
                Some((n, k)) => {
                    node = n;
                    key = k;
                }
                None => return Some((node.position, key)),
            }
        }
        Some((node.position, key))
    }

    fn value_position(&self, path: &Path) -> Option<Position> {
        if self.text.is_some() {
            self.walk(path).map(|(value, _)| value)
        } else {
            self.map.position(path)
        }
    }

    fn key_position(&self, path: &Path) -> Option<Position> {
        if self.text.is_some() {
            self.walk(path).map(|(value, key)| key.unwrap_or(value))
        } else {
            self.map.key_position(path)
        }
    }

    /// Anchors no alias uses, and aliases inside the value they name.
    fn anchor_diagnostics(&self) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for (i, anchor) in self.anchors.iter().enumerate() {
            let used = self.aliases.iter().any(|alias| {
                alias.name == anchor.name
                    && anchors::target(&self.anchors, &alias.name, alias.at)
                        .is_some_and(|t| std::ptr::eq(t, &self.anchors[i]))
            });
            if !used {
                out.push(Diagnostic {
                    code: "yaml-anchor-unused",
                    severity: Severity::Warning,
                    message: format!(
                        "anchor `&{}` is never used by an alias; remove it",
                        anchor.name
                    ),
                    path: anchor.path.clone(),
                    location: Some(self.location(anchor.at)),
                    related: Vec::new(),
                });
            }
        }
        for alias in &self.aliases {
            if let Some(anchor) = anchors::target(&self.anchors, &alias.name, alias.at)
                && anchors::inside(&alias.path, &anchor.path)
            {
                out.push(Diagnostic {
                        code: "yaml-alias-recursive",
                        severity: Severity::Error,
                        message: format!(
                            "alias `*{}` sits inside the value anchored as `&{}` (at {}), which would contain itself forever; copy the keys it needs instead",
                            alias.name, anchor.name, anchor.at
                        ),
                        path: alias.path.clone(),
                        location: Some(self.location(alias.at)),
                        related: Vec::new(),
                    });
            }
        }
        out
    }

    /// The file name.
    ///
    /// ```
    /// let map = pipeline_core::parse::SourceMap::new("on: push\n");
    /// assert_eq!(pipeline_core::validate::Source::new("a.yml", &map).file(), "a.yml");
    /// ```
    #[must_use]
    pub fn file(&self) -> &str {
        self.file
    }

    fn location(&self, position: Position) -> Location {
        Location {
            file: self.file.to_owned(),
            line: position.line,
            column: position.column,
        }
    }

    /// The byte offset of a position, when the text is known.
    fn byte_offset(&self, position: Position) -> Option<usize> {
        let text = self.text?;
        let line = usize::try_from(position.line).ok()?.checked_sub(1)?;
        let start = *self.line_starts.get(line)?;
        let column = usize::try_from(position.column).ok()?.saturating_sub(1);
        let rest = &text[start..];
        let within = rest
            .char_indices()
            .nth(column)
            .map_or(rest.len(), |(i, _)| i);
        Some(start + within)
    }

    fn position_of_byte(&self, offset: usize) -> Option<Position> {
        let text = self.text?;
        let offset = offset.min(text.len());
        let line = match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next.saturating_sub(1),
        };
        let start = *self.line_starts.get(line)?;
        let column = text.get(start..offset)?.chars().count() + 1;
        Some(Position {
            line: u32::try_from(line + 1).ok()?,
            column: u32::try_from(column).ok()?,
        })
    }

    /// Where byte `offset` of the string `value`, written at `base`, sits in the text: found by locating
    /// the same `${{` in the raw text, so quoting and block scalars are accounted for.
    fn offset_position(&self, base: Position, value: &str, offset: usize) -> Position {
        let Some(text) = self.text else {
            return base;
        };
        let Some(start) = self.byte_offset(base) else {
            return base;
        };
        let offset = offset.min(value.len());
        let head_end = (offset + 3).min(value.len());
        let open = value
            .get(..head_end)
            .and_then(|head| head.rfind("${{"))
            .filter(|open| *open <= offset);
        let Some(open) = open else {
            // No expression before the offset: the value is written as is, maybe after a quote.
            let prefix = value.get(..offset).unwrap_or("");
            let raw = text.get(start..).unwrap_or("");
            // A plain scalar cannot start with a quote, so a leading quote is the scalar's own.
            let skip = if (raw.starts_with('\'') || raw.starts_with('"'))
                && raw.get(1..).is_some_and(|r| r.starts_with(prefix))
            {
                Some(1)
            } else if raw.starts_with(prefix) {
                Some(0)
            } else {
                None
            };
            return skip
                .and_then(|skip| self.position_of_byte(start + skip + prefix.len()))
                .unwrap_or(base);
        };
        let nth = value[..open].matches("${{").count();
        let mut search = start;
        let mut found = None;
        for _ in 0..=nth {
            match text.get(search..).and_then(|rest| rest.find("${{")) {
                Some(i) => {
                    found = Some(search + i);
                    search += i + 3;
                }
                None => return base,
            }
        }
        let Some(raw_open) = found else {
            return base;
        };
        // Give up when the match is implausibly far from the value (another key's expression).
        if raw_open - start > value.len() * 2 + 256 {
            return base;
        }
        let mut target = raw_open + (offset - open);
        while target < text.len() && !text.is_char_boundary(target) {
            target += 1;
        }
        self.position_of_byte(target).unwrap_or(base)
    }

    /// Whether the path goes through an alias in the text: values there are copies of the anchor.
    fn through_alias(&self, path: &Path) -> bool {
        let Some(mut node) = self.map.node(&Path::root()) else {
            return false;
        };
        for segment in path.segments() {
            if matches!(node.kind, NodeKind::Alias) {
                return true;
            }
            let next = match segment {
                PathSegment::Key(key) => node.get(key).map(|e| &e.value),
                PathSegment::Index(i) => node.item(*i),
            };
            match next {
                Some(n) => node = n,
                None => return false,
            }
        }
        matches!(node.kind, NodeKind::Alias)
    }
}

fn line_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => starts.push(i + 1),
            b'\r' if bytes.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
            _ => {}
        }
        i += 1;
    }
    starts
}

/// Checks a workflow built in Rust with the default [`Config`].
///
/// ```
/// use pipeline_core::model::{Job, OneOrMany, RunsOn, Step, Workflow};
/// let mut job = Job::default();
/// job.runs_on = Some(RunsOn::Label("ubuntu-latest".into()));
/// job.needs = Some(OneOrMany::One("build".into()));
/// let mut step = Step::default();
/// step.run = Some("make".into());
/// job.steps = Some(vec![step]);
/// let mut workflow = Workflow::default();
/// workflow.jobs.insert("build".into(), job.clone());
/// workflow.jobs.insert("test".into(), job);
/// let diagnostics = pipeline_core::validate::validate(&workflow);
/// assert!(diagnostics.with_code("needs-self").next().is_some());
/// ```
#[must_use]
pub fn validate(workflow: &Workflow) -> Diagnostics {
    validate_with(workflow, &Config::default())
}

/// Checks a workflow built in Rust; locations are the Rust call sites that built each job and step.
///
/// ```
/// use pipeline_core::model::{Job, RunsOn, Workflow};
/// use pipeline_core::validate::{Config, validate_with};
/// let mut job = Job::default();
/// job.runs_on = Some(RunsOn::Label("gpu".into()));
/// let mut workflow = Workflow::default();
/// workflow.jobs.insert("train".into(), job);
/// let strict = validate_with(&workflow, &Config::default());
/// assert!(strict.with_code("runner-label-unknown").next().is_some());
/// let ours = validate_with(&workflow, &Config::default().self_hosted_labels(["gpu"]));
/// assert!(ours.with_code("runner-label-unknown").next().is_none());
/// ```
#[must_use]
pub fn validate_with(workflow: &Workflow, config: &Config) -> Diagnostics {
    let mut cx = Cx::new(config, None, Origins::Workflow(workflow));
    run_workflow(&mut cx, workflow);
    cx.finish()
}

/// Checks a parsed workflow; locations are lines and columns of the file.
///
/// ```
/// use pipeline_core::validate::{Config, Source, validate_source};
/// let text = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ needs.b.outputs.x }}\n";
/// let parsed = pipeline_core::parse::workflow(text).unwrap();
/// let source = Source::new("ci.yml", &parsed.source).with_text(text);
/// let diagnostics = validate_source(&parsed.value, &source, &Config::default());
/// assert_eq!(diagnostics.iter().next().unwrap().code, "ref-needs");
/// ```
#[must_use]
pub fn validate_source(workflow: &Workflow, source: &Source<'_>, config: &Config) -> Diagnostics {
    let mut cx = Cx::new(config, Some(source), Origins::Workflow(workflow));
    run_workflow(&mut cx, workflow);
    cx.finish()
}

/// Checks action metadata built in Rust.
///
/// ```
/// use pipeline_core::model::{Action, CompositeRuns, Runs, Step};
/// let mut step = Step::default();
/// step.run = Some("make".into());
/// let action = Action {
///     name: Some("Build".into()),
///     description: Some("Builds".into()),
///     runs: Some(Runs::Composite(CompositeRuns { steps: vec![step], ..CompositeRuns::default() })),
///     ..Action::default()
/// };
/// let diagnostics = pipeline_core::validate::validate_action(&action);
/// assert!(diagnostics.with_code("composite-shell-missing").next().is_some());
/// ```
#[must_use]
pub fn validate_action(action: &Action) -> Diagnostics {
    let config = Config::default();
    let mut cx = Cx::new(&config, None, Origins::Action(action));
    action::check(&mut cx, action);
    cx.finish()
}

/// Checks parsed action metadata; locations are lines and columns of the file.
///
/// ```
/// use pipeline_core::validate::{Config, Source, validate_action_source};
/// let text = "name: A\ndescription: B\nruns:\n  using: node20\n";
/// let parsed = pipeline_core::parse::action(text).unwrap();
/// let source = Source::new("action.yml", &parsed.source).with_text(text);
/// let diagnostics = validate_action_source(&parsed.value, &source, &Config::default());
/// assert_eq!(diagnostics.iter().next().unwrap().code, "action-main-missing");
/// ```
#[must_use]
pub fn validate_action_source(
    action: &Action,
    source: &Source<'_>,
    config: &Config,
) -> Diagnostics {
    let mut cx = Cx::new(config, Some(source), Origins::Action(action));
    action::check(&mut cx, action);
    if let Some(settings) = &config.audit {
        crate::audit::run_action(&mut cx, action, settings);
    }
    cx.finish()
}

/// Reads and checks a workflow file: parse errors become diagnostics with code `syntax`, and the rest of
/// the file is still checked where the parser could recover (an unknown key is dropped, a value of the
/// wrong type is ignored).
///
/// ```
/// let text = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    stesp: []\n";
/// let diagnostics = pipeline_core::validate::check_workflow(text, "ci.yml", &Default::default());
/// let codes: Vec<_> = diagnostics.iter().map(|d| d.code).collect();
/// assert_eq!(codes, ["steps-missing", "syntax"]);
/// ```
#[must_use]
pub fn check_workflow(text: &str, file: &str, config: &Config) -> Diagnostics {
    recover::check_workflow(text, file, config)
}

/// Reads and checks an action metadata file, as [`check_workflow`] does for workflows.
///
/// ```
/// let text = "name: Hello\ndescription: Says hello\nruns:\n  using: composite\n  steps:\n    - run: echo hi\n";
/// let diagnostics = pipeline_core::validate::check_action(text, "action.yml", &Default::default());
/// assert_eq!(diagnostics.iter().next().unwrap().code, "composite-shell-missing");
/// ```
#[must_use]
pub fn check_action(text: &str, file: &str, config: &Config) -> Diagnostics {
    recover::check_action(text, file, config)
}

/// The checks of action metadata, for the audits' entry point.
pub(crate) fn check_action_model(cx: &mut Cx<'_>, model: &Action) {
    action::check(cx, model);
}

/// Every check of a workflow. The workflow-wide checks run first; then each job gets all of its checks
/// in one visit, so a large workflow is read from memory once rather than once per check.
fn run_workflow(cx: &mut Cx<'_>, workflow: &Workflow) {
    run_checks(cx, workflow);
    if let Some(settings) = &cx.config.audit {
        crate::audit::run_workflow(cx, workflow, settings);
    }
}

/// The checks of [`run_workflow`] without the audits.
pub(crate) fn run_checks(cx: &mut Cx<'_>, workflow: &Workflow) {
    let graph = JobGraph::new(workflow);
    let order = graph.topological_indices();
    graph::check(cx, workflow, &graph, order.is_some());
    structure::check_workflow(cx, workflow);
    events::check(cx, workflow);
    let step_ifs = check_jobs(cx, workflow);
    if let Some(order) = order {
        reach::check(cx, workflow, &graph, &order, &step_ifs);
    }
}

/// Below this many jobs, a second thread costs more than it saves.
const PARALLEL_JOBS: usize = 512;

/// The checks of each job, and the expressions outside jobs; returns the `if:` of every step, for the
/// never-run analysis. Large workflows are split into runs of jobs checked on separate threads, each
/// with its own expression caches; the diagnostics are sorted when collected, so the result does not
/// depend on the split.
fn check_jobs<'w>(cx: &mut Cx<'_>, workflow: &'w Workflow) -> Vec<reach::StepIf<'w>> {
    let jobs = workflow.jobs.len();
    let threads = if jobs < PARALLEL_JOBS {
        1
    } else {
        // Asking the system reads files (cgroup limits), so ask once. Each thread gets at least half of
        // PARALLEL_JOBS jobs.
        static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
        let cores = cx.config.threads.unwrap_or_else(|| {
            *CORES.get_or_init(|| {
                std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
            })
        });
        cores.min(jobs / (PARALLEL_JOBS / 2)).max(1)
    };
    let mut step_ifs = Vec::new();
    if threads == 1 {
        check_job_range(cx, workflow, 0..jobs, true, &mut step_ifs);
        return step_ifs;
    }
    let chunk = jobs.div_ceil(threads);
    let range = |t: usize| (t * chunk).min(jobs)..jobs.min((t + 1) * chunk);
    let found = std::thread::scope(|scope| {
        let mut workers = Vec::new();
        // Runs of jobs no thread could be started for (the system refused one) are checked here.
        let mut here = Vec::new();
        for t in 1..threads {
            let mut part = cx.part();
            let spawned = std::thread::Builder::new().spawn_scoped(scope, move || {
                let mut step_ifs = Vec::new();
                check_job_range(&mut part, workflow, range(t), false, &mut step_ifs);
                (part.out, step_ifs)
            });
            match spawned {
                Ok(worker) => workers.push(worker),
                Err(_) => here.push(range(t)),
            }
        }
        check_job_range(cx, workflow, range(0), true, &mut step_ifs);
        for jobs in here {
            check_job_range(cx, workflow, jobs, false, &mut step_ifs);
        }
        workers
            .into_iter()
            .map(|worker| {
                worker
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect::<Vec<_>>()
    });
    for (out, ifs) in found {
        cx.out.extend(out);
        step_ifs.extend(ifs);
    }
    step_ifs
}

/// The jobs at `range` (indexes into the workflow's jobs), and with `outside` the expressions outside
/// jobs; adds the `if:` of each step to `step_ifs`.
fn check_job_range<'w>(
    cx: &mut Cx<'_>,
    workflow: &'w Workflow,
    range: std::ops::Range<usize>,
    outside: bool,
    step_ifs: &mut Vec<reach::StepIf<'w>>,
) {
    let contexts = exprs::Contexts::of_workflow(workflow);
    let mut walker = exprs::Walker::new(cx, &contexts);
    if outside {
        walker.workflow(workflow);
    }
    let root = Here::root();
    let jobs = root.key("jobs");
    let start = range.start;
    for (j, (id, job)) in workflow.jobs.as_slice()[range].iter().enumerate() {
        let path = jobs.key(id);
        let cx = walker.cx();
        structure::check_job(cx, id, job, &path, workflow);
        parallel::check_job(cx, id, job, &path);
        matrix::check_job(cx, id, job);
        runner::check_job(cx, id, job, &path);
        walker.job(id, job, &path);
        for (i, step) in job.step_list().iter().enumerate() {
            if let Some(condition) = &step.r#if {
                step_ifs.push((start + j, i, condition));
            }
        }
    }
}

/// Where the Rust origins of a built model live, to place diagnostics at the nearest call site.
#[derive(Clone, Copy)]
pub(crate) enum Origins<'a> {
    Workflow(&'a Workflow),
    Action(&'a Action),
}

/// A place in the model being walked, as a borrowed chain of segments: cheap to extend, turned into a
/// [`Path`] only when a diagnostic needs one.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Here<'a> {
    parent: Option<&'a Here<'a>>,
    segment: Option<Segment<'a>>,
}

#[derive(Clone, Copy, Debug)]
enum Segment<'a> {
    Key(&'a str),
    Index(usize),
}

impl<'a> Here<'a> {
    pub(crate) fn root() -> Self {
        Self {
            parent: None,
            segment: None,
        }
    }

    pub(crate) fn key(&'a self, key: &'a str) -> Here<'a> {
        Here {
            parent: Some(self),
            segment: Some(Segment::Key(key)),
        }
    }

    pub(crate) fn index(&'a self, index: usize) -> Here<'a> {
        Here {
            parent: Some(self),
            segment: Some(Segment::Index(index)),
        }
    }

    pub(crate) fn to_path(self) -> Path {
        let mut segments = Vec::new();
        let mut at: Option<&Here<'_>> = Some(&self);
        while let Some(here) = at {
            if let Some(segment) = here.segment {
                segments.push(segment);
            }
            at = here.parent;
        }
        let mut path = Path::root();
        for segment in segments.into_iter().rev() {
            path = match segment {
                Segment::Key(k) => path.key(k),
                Segment::Index(i) => path.index(i),
            };
        }
        path
    }
}

impl From<Here<'_>> for Path {
    fn from(here: Here<'_>) -> Self {
        here.to_path()
    }
}

impl From<&Here<'_>> for Path {
    fn from(here: &Here<'_>) -> Self {
        here.to_path()
    }
}

impl From<&Path> for Path {
    fn from(path: &Path) -> Self {
        path.clone()
    }
}

/// Which part of a value a diagnostic points at.
#[derive(Clone, Copy, Debug)]
pub(crate) enum At<'s> {
    /// The value.
    Value,
    /// The key of the entry (for a sequence item, the item).
    Key,
    /// Byte `offset` of the string value `text`.
    Expr { text: &'s str, offset: usize },
    /// Byte `offset` of the key `text` of the entry.
    KeyExpr { text: &'s str, offset: usize },
}

/// The state of one run of the validator: the diagnostics so far and how to place them.
pub(crate) struct Cx<'a> {
    pub(crate) config: &'a Config,
    source: Option<&'a Source<'a>>,
    origins: Origins<'a>,
    pub(crate) out: Vec<Diagnostic>,
}

impl<'a> Cx<'a> {
    pub(crate) fn new(
        config: &'a Config,
        source: Option<&'a Source<'a>>,
        origins: Origins<'a>,
    ) -> Self {
        Self {
            config,
            source,
            origins,
            out: Vec::new(),
        }
    }

    /// An empty collector over the same workflow, for checks run on another thread.
    fn part(&self) -> Self {
        Self {
            config: self.config,
            source: self.source,
            origins: self.origins,
            out: Vec::new(),
        }
    }

    /// The text of the file, when the model came from one.
    pub(crate) fn source_text(&self) -> Option<&'a str> {
        self.source.and_then(|s| s.text)
    }

    /// The layout node at a path, when the model came from a file.
    pub(crate) fn node(&self, path: &Path) -> Option<&'a crate::yaml::layout::Node> {
        self.source.and_then(|s| s.map.node(path))
    }

    pub(crate) fn locate(&self, path: &Path, at: At<'_>) -> Option<Location> {
        match self.source {
            Some(source) => {
                let position = match at {
                    At::Value => source.value_position(path),
                    At::Key => source.key_position(path),
                    At::Expr { text, offset } => source
                        .value_position(path)
                        .map(|base| source.offset_position(base, text, offset)),
                    At::KeyExpr { text, offset } => source
                        .key_position(path)
                        .map(|base| source.offset_position(base, text, offset)),
                };
                position.map(|p| source.location(p))
            }
            None => self.origin(path),
        }
    }

    fn origin(&self, path: &Path) -> Option<Location> {
        let segments = path.segments();
        let key = |i: usize| match segments.get(i) {
            Some(PathSegment::Key(k)) => Some(k.as_str()),
            _ => None,
        };
        let index = |i: usize| match segments.get(i) {
            Some(PathSegment::Index(n)) => Some(*n),
            _ => None,
        };
        let origin = match self.origins {
            Origins::Workflow(workflow) => {
                let job = (key(0) == Some("jobs"))
                    .then(|| key(1).and_then(|id| workflow.jobs.get(id)))
                    .flatten();
                let step = job.and_then(|job| {
                    (key(2) == Some("steps"))
                        .then(|| index(3).and_then(|i| job.step_list().get(i)))
                        .flatten()
                });
                step.and_then(|s| s.origin.location())
                    .or_else(|| job.and_then(|j| j.origin.location()))
                    .or_else(|| workflow.origin.location())
            }
            Origins::Action(action) => {
                let steps = match &action.runs {
                    Some(crate::model::Runs::Composite(runs)) => runs.steps.as_slice(),
                    _ => &[],
                };
                (key(0) == Some("runs") && key(1) == Some("steps"))
                    .then(|| index(2).and_then(|i| steps.get(i)))
                    .flatten()
                    .and_then(|s| s.origin.location())
            }
        }?;
        Some(Location {
            file: origin.file().to_owned(),
            line: origin.line(),
            column: origin.column(),
        })
    }

    /// A related place for a diagnostic.
    pub(crate) fn related(
        &self,
        label: impl Into<String>,
        path: impl Into<Path>,
        at: At<'_>,
    ) -> (String, Path, Option<Location>) {
        let path = path.into();
        let location = self.locate(&path, at);
        (label.into(), path, location)
    }

    pub(crate) fn report(
        &mut self,
        code: &'static str,
        severity: Severity,
        path: impl Into<Path>,
        at: At<'_>,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.report_inner(code, severity, path.into(), at, message.into())
    }

    fn report_inner(
        &mut self,
        code: &'static str,
        severity: Severity,
        path: Path,
        at: At<'_>,
        message: String,
    ) -> &mut Diagnostic {
        let location = self.locate(&path, at);
        self.out.push(Diagnostic {
            code,
            severity,
            message,
            path,
            location,
            related: Vec::new(),
        });
        let last = self.out.len() - 1;
        &mut self.out[last]
    }

    pub(crate) fn error(
        &mut self,
        code: &'static str,
        path: impl Into<Path>,
        at: At<'_>,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.report(code, Severity::Error, path, at, message)
    }

    pub(crate) fn warning(
        &mut self,
        code: &'static str,
        path: impl Into<Path>,
        at: At<'_>,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.report(code, Severity::Warning, path, at, message)
    }

    pub(crate) fn info(
        &mut self,
        code: &'static str,
        path: impl Into<Path>,
        at: At<'_>,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.report(code, Severity::Info, path, at, message)
    }

    pub(crate) fn push(&mut self, diagnostic: Diagnostic) {
        self.out.push(diagnostic);
    }

    /// Sorts by place and drops repeats: the same problem at the same place, and problems found again in
    /// the copies that YAML aliases make of an anchored value.
    pub(crate) fn finish(self) -> Diagnostics {
        let mut out = self.out;
        if let Some(source) = self.source {
            out.extend(source.anchor_diagnostics());
            let originals: std::collections::BTreeSet<(&'static str, String)> = out
                .iter()
                .filter(|d| !source.through_alias(&d.path))
                .map(|d| (d.code, d.message.clone()))
                .collect();
            out.retain(|d| {
                !source.through_alias(&d.path) || !originals.contains(&(d.code, d.message.clone()))
            });
        }
        codes::settle(self.config, &mut out);
        out.sort_by(|a, b| {
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
        out.dedup_by(|a, b| a.code == b.code && a.location == b.location && a.message == b.message);
        Diagnostics(out)
    }
}

/// Quotes a list of names for a message: `` `a`, `b` and `c` ``.
pub(crate) fn list<I, S>(items: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let items: Vec<String> = items
        .into_iter()
        .map(|s| format!("`{}`", s.as_ref()))
        .collect();
    match items.len() {
        0 => "none".to_owned(),
        1 => items[0].clone(),
        n => format!("{} and {}", items[..n - 1].join(", "), items[n - 1]),
    }
}

/// A fast hash for the validator's own lookup tables (short keys, no untrusted collisions to fear:
/// the worst case is a slower lookup).
#[derive(Default, Clone, Copy)]
pub(crate) struct FastHasher(u64);

impl std::hash::Hasher for FastHasher {
    fn finish(&self) -> u64 {
        // The multiply-rotate steps leave the low bits, which pick the table slot, depending on few
        // input bits (`job-1` and `job-2` would collide); a final mix spreads every bit over all.
        let mut x = self.0;
        x ^= x >> 33;
        x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
        x ^ (x >> 33)
    }

    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(K);
        }
        for &byte in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(byte)).wrapping_mul(K);
        }
    }

    fn write_usize(&mut self, n: usize) {
        self.0 = (self.0.rotate_left(5) ^ n as u64).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

/// A `HashMap` with [`FastHasher`].
pub(crate) type FastMap<K, V> =
    std::collections::HashMap<K, V, std::hash::BuildHasherDefault<FastHasher>>;

pub(crate) use crate::text::has_expression;

/// Whether `text` starts with `prefix`, ignoring ASCII case, without allocating.
pub(crate) fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.len() >= prefix.len()
        && text.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

/// Whether `text` contains `needle` (ASCII lowercase), ignoring ASCII case, without allocating.
pub(crate) fn contains_ignore_case(text: &str, needle: &str) -> bool {
    text.as_bytes()
        .windows(needle.len().max(1))
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Whether `id` is a valid job or step id: a letter or `_`, then letters, digits, `-` and `_`.
pub(crate) fn is_valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}
