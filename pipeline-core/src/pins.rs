//! Action pins: the reference (usually a commit SHA) and the version each action is used at, kept in one
//! file of the repository, applied to every `uses:` the generator writes, and updated from the committed
//! YAML after a bot (Dependabot, Renovate) bumped it.
//!
//! The pins file is a line format. Each line is a `uses:` value exactly as it will be written, with the
//! version after a `#`; blank lines and lines starting with `#` are comments:
//!
//! ```text
//! # Action pins: the generator writes each action at this reference.
//! actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0
//! actions/setup-node@v4
//! ```
//!
//! - A pin names an action as `uses:` does, without the ref: `owner/repo` or `owner/repo/path`.
//!   Names compare without regard to case. Local actions (`./path`) and Docker images have no pins.
//! - Applying pins rewrites each matching `uses:` to the pin's reference and sets its comment to the
//!   pin's version (`owner/repo@<sha> # v4.2.2`), whatever reference the code gave: the file decides.
//! - [`Pins::sync`] reads the references that the committed YAML uses: a pin whose action is used at
//!   another reference is updated; an action that is not pinned yet is added when it is used at a full
//!   commit SHA (what bots write when they pin). When files disagree, the highest version wins.
//! - Pins layer: a template crate ships its pins as a [`Pins`] value and the consumer's file is laid
//!   over them with [`Pins::layered`]: the consumer's pin wins when it names a newer version, or when its
//!   line starts with `override` (`override actions/checkout@<sha> # v4.2.2`).
//!
//! ```
//! use pipeline_core::model::Step;
//! use pipeline_core::pins::Pins;
//! let pins = Pins::parse("actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0\n").unwrap();
//! let mut step = Step::uses("actions/checkout@v4");
//! pins.apply_to_step(&mut step);
//! assert_eq!(step.uses.as_deref(), Some("actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8"));
//! assert_eq!(step.uses_comment.as_deref(), Some("v5.0.0"));
//! ```

use crate::model::{Action, Job, Path, Runs, Step, Workflow};
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// A `uses:` reference of a remote action, split at the `@`.
///
/// ```
/// use pipeline_core::pins::ActionRef;
/// let r = ActionRef::parse("github/codeql-action/analyze@v3").unwrap();
/// assert_eq!(r.action, "github/codeql-action/analyze");
/// assert_eq!(r.git_ref, "v3");
/// assert!(ActionRef::parse("./.github/actions/deploy").is_none());
/// assert!(ActionRef::parse("docker://alpine:3").is_none());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActionRef {
    /// `owner/repo` or `owner/repo/path`.
    pub action: String,
    /// What follows the `@`: a tag, a branch or a commit SHA.
    pub git_ref: String,
}

impl ActionRef {
    /// Splits a remote action's reference; `None` for a local action, a Docker image, or a reference
    /// without `owner/repo@ref`.
    #[must_use]
    pub fn parse(uses: &str) -> Option<Self> {
        if uses.starts_with("./") || uses.starts_with("docker://") {
            return None;
        }
        let (action, git_ref) = uses.split_once('@')?;
        let parts: Vec<&str> = action.split('/').collect();
        let valid = parts.len() >= 2
            && parts.iter().all(|p| !p.is_empty())
            && !git_ref.is_empty()
            && !uses.chars().any(char::is_whitespace);
        valid.then(|| Self {
            action: action.to_owned(),
            git_ref: git_ref.to_owned(),
        })
    }
}

impl fmt::Display for ActionRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}@{}", self.action, self.git_ref)
    }
}

/// Where an action is pinned: the reference, and the version it stands for.
///
/// ```
/// use pipeline_core::pins::Pin;
/// let pin = Pin::new("08c6903cd8c0fde910a37f88322edcfb5dd907a8").version("v5.0.0");
/// assert!(pin.is_commit());
/// assert_eq!(pin.to_string(), "08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pin {
    /// The reference written after `@`.
    pub git_ref: String,
    /// The comment written after the reference: the version a commit SHA stands for.
    pub version: Option<String>,
}

impl Pin {
    /// A pin at `git_ref`, without a version.
    #[must_use]
    pub fn new(git_ref: impl Into<String>) -> Self {
        Self {
            git_ref: git_ref.into(),
            version: None,
        }
    }

    /// Sets the version.
    #[must_use]
    pub fn version(mut self, version: impl Into<String>) -> Self {
        self.version = Some(version.into());
        self
    }

    /// Whether the reference is a full commit SHA (40 hexadecimal digits), which no one can move.
    #[must_use]
    pub fn is_commit(&self) -> bool {
        is_commit(&self.git_ref)
    }

    /// The version to compare pins by: the comment, else the reference, read as `v1.2.3` (any number of
    /// parts, `v` optional); `None` when neither reads as a version.
    fn semver(&self) -> Option<Vec<u64>> {
        self.version
            .as_deref()
            .and_then(version_parts)
            .or_else(|| version_parts(&self.git_ref))
    }
}

/// `ref` or `ref # version`.
impl fmt::Display for Pin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.version {
            Some(version) => write!(f, "{} # {version}", self.git_ref),
            None => f.write_str(&self.git_ref),
        }
    }
}

/// Whether `text` is a full commit SHA (40 hexadecimal digits), the one reference nobody can move.
///
/// ```
/// assert!(pipeline_core::pins::is_commit("08c6903cd8c0fde910a37f88322edcfb5dd907a8"));
/// assert!(!pipeline_core::pins::is_commit("v4"));
/// ```
#[must_use]
pub fn is_commit(text: &str) -> bool {
    text.len() == 40 && text.chars().all(|c| c.is_ascii_hexdigit())
}

/// `v4.2.2` as `[4, 2, 2]`; `None` for anything else (`main`, `v4-beta`).
fn version_parts(text: &str) -> Option<Vec<u64>> {
    let digits = text.strip_prefix(['v', 'V']).unwrap_or(text);
    digits.split('.').map(|p| p.parse::<u64>().ok()).collect()
}

/// A line of a pins file that could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct PinsError {
    /// The line, from 1.
    pub line: usize,
    /// What is wrong with it.
    pub message: String,
}

/// Every problem of a pins file, one per line when displayed.
///
/// ```
/// let errors = pipeline_core::pins::Pins::parse("a/b@v1\nnot a pin\n").unwrap_err();
/// assert_eq!(errors.0[0].line, 2);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PinsErrors(pub Vec<PinsError>);

impl fmt::Display for PinsErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for PinsErrors {}

/// The pins of a repository, by action, sorted by name.
///
/// ```
/// use pipeline_core::pins::{Pin, Pins};
/// let mut pins = Pins::default();
/// pins.insert("actions/setup-node", Pin::new("v4"));
/// assert_eq!(pins.get("Actions/Setup-Node").unwrap().git_ref, "v4");
/// assert!(pins.to_text().ends_with("actions/setup-node@v4\n"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pins {
    /// By lower-case action name: the name as written, and the pin.
    pins: BTreeMap<String, (String, Pin)>,
    /// The lower-case names of the pins marked `override`: they win over a lower layer whatever their
    /// version (see [`Pins::layered`]).
    overrides: BTreeSet<String>,
}

/// The word before a pin that marks it as an override (see [`Pins::layered`]).
pub const OVERRIDE: &str = "override";

/// The comment that heads a pins file written by [`Pins::to_text`].
pub const HEADER: &str = "\
# Action pins: each line is a `uses:` reference as the generator writes it, with the version it stands for.
# `pipeline pins sync` updates this file from the committed workflows after a bot bumps them.
";

impl Pins {
    /// Reads a pins file, reporting every line that is not a pin.
    ///
    /// # Errors
    /// A line that is not `owner/repo[/path]@ref [# version]`, names a local action or a Docker image, or
    /// pins an action a second time.
    ///
    /// ```
    /// use pipeline_core::pins::Pins;
    /// let errors = Pins::parse("actions/checkout\n./local@v1\na/b@v1\nA/B@v2\n").unwrap_err();
    /// assert_eq!(errors.to_string(), "\
    /// line 1: expected `owner/repo@ref`, optionally followed by `# version`
    /// line 2: `./local` is not a remote action; only `owner/repo` actions are pinned
    /// line 4: `A/B` is pinned twice (first on line 3)");
    /// ```
    pub fn parse(text: &str) -> Result<Self, PinsErrors> {
        let mut pins = Self::default();
        let mut lines: BTreeMap<String, usize> = BTreeMap::new();
        let mut errors = Vec::new();
        for (index, raw) in text.lines().enumerate() {
            let line = index + 1;
            let trimmed = raw.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let (overrides, trimmed) = match trimmed.strip_prefix(OVERRIDE) {
                Some(rest) if rest.starts_with([' ', '\t']) => (true, rest.trim_start()),
                _ => (false, trimmed),
            };
            let (reference, version) = match trimmed.split_once('#') {
                Some((reference, version)) => (reference.trim(), Some(version.trim())),
                None => (trimmed, None),
            };
            let error = |message: String| PinsError { line, message };
            if reference.starts_with("./") || reference.starts_with("docker://") {
                let action = reference.split_once('@').map_or(reference, |(a, _)| a);
                errors.push(error(format!(
                    "`{action}` is not a remote action; only `owner/repo` actions are pinned"
                )));
                continue;
            }
            let Some(parsed) = ActionRef::parse(reference) else {
                errors.push(error(
                    "expected `owner/repo@ref`, optionally followed by `# version`".to_owned(),
                ));
                continue;
            };
            let key = parsed.action.to_ascii_lowercase();
            if let Some(first) = lines.get(&key) {
                errors.push(error(format!(
                    "`{}` is pinned twice (first on line {first})",
                    parsed.action
                )));
                continue;
            }
            lines.insert(key.clone(), line);
            if overrides {
                pins.overrides.insert(key);
            }
            let pin = Pin {
                git_ref: parsed.git_ref,
                version: version.filter(|v| !v.is_empty()).map(str::to_owned),
            };
            pins.insert(parsed.action, pin);
        }
        if errors.is_empty() {
            Ok(pins)
        } else {
            Err(PinsErrors(errors))
        }
    }

    /// The file's text: [`HEADER`], then one line per pin, sorted by action.
    #[must_use]
    pub fn to_text(&self) -> String {
        let mut text = String::from(HEADER);
        for (action, pin) in self.iter() {
            if self.is_override(action) {
                text.push_str(OVERRIDE);
                text.push(' ');
            }
            text.push_str(action);
            text.push('@');
            text.push_str(&pin.to_string());
            text.push('\n');
        }
        text
    }

    /// Pins `action` (`owner/repo` or `owner/repo/path`), replacing any pin it had.
    pub fn insert(&mut self, action: impl Into<String>, pin: Pin) {
        let action = action.into();
        self.pins.insert(action.to_ascii_lowercase(), (action, pin));
    }

    /// Pins `action` and marks the pin `override`: in [`Pins::layered`] it wins over the lower layer's
    /// pin even when that names a newer version.
    ///
    /// ```
    /// use pipeline_core::pins::{Pin, Pins};
    /// let mut pins = Pins::default();
    /// pins.insert_override("actions/checkout", Pin::new("v4"));
    /// assert!(pins.is_override("Actions/Checkout"));
    /// assert!(pins.to_text().ends_with("override actions/checkout@v4\n"));
    /// ```
    pub fn insert_override(&mut self, action: impl Into<String>, pin: Pin) {
        let action = action.into();
        self.overrides.insert(action.to_ascii_lowercase());
        self.insert(action, pin);
    }

    /// Whether the pin of `action` is marked `override`.
    #[must_use]
    pub fn is_override(&self, action: &str) -> bool {
        self.overrides.contains(&action.to_ascii_lowercase())
    }

    /// `self` (the lower layer: a template's defaults) with `upper` (the consumer's pins) laid over it.
    ///
    /// The rule, per action: a pin only one layer has is taken as it is. When both pin the action, the
    /// upper pin wins when it is marked `override`, or when it names a newer version than the lower one
    /// (versions compared as `v1.2.3`, from the comment or else the reference); otherwise the lower pin
    /// wins. So a template's version bump reaches every consumer that has not asked for something else on
    /// purpose, and a consumer's own bump is never undone by an older template.
    ///
    /// ```
    /// use pipeline_core::pins::Pins;
    /// let template = Pins::parse("actions/checkout@v5\nactions/cache@v4\nactions/setup-go@v6\n").unwrap();
    /// let consumer = Pins::parse("actions/checkout@v4\nactions/cache@v5\noverride actions/setup-go@v5\n").unwrap();
    /// let pins = template.layered(&consumer);
    /// assert_eq!(pins.get("actions/checkout").unwrap().git_ref, "v5"); // the template's bump
    /// assert_eq!(pins.get("actions/cache").unwrap().git_ref, "v5"); // the consumer's newer pin
    /// assert_eq!(pins.get("actions/setup-go").unwrap().git_ref, "v5"); // the consumer's override
    /// ```
    #[must_use]
    pub fn layered(&self, upper: &Pins) -> Pins {
        let mut merged = self.clone();
        for (key, (action, pin)) in &upper.pins {
            let upper_wins = upper.overrides.contains(key)
                || match merged.pins.get(key) {
                    None => true,
                    Some((_, lower)) => matches!(
                        (pin.semver(), lower.semver()),
                        (Some(up), Some(low)) if up > low
                    ),
                };
            if upper_wins {
                merged
                    .pins
                    .insert(key.clone(), (action.clone(), pin.clone()));
                if upper.overrides.contains(key) {
                    merged.overrides.insert(key.clone());
                }
            }
        }
        merged
    }

    /// The pin of `action`, compared without regard to case.
    #[must_use]
    pub fn get(&self, action: &str) -> Option<&Pin> {
        self.pins
            .get(&action.to_ascii_lowercase())
            .map(|(_, pin)| pin)
    }

    /// The pins, sorted by action.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Pin)> {
        self.pins
            .values()
            .map(|(action, pin)| (action.as_str(), pin))
    }

    /// How many actions are pinned.
    #[must_use]
    pub fn len(&self) -> usize {
        self.pins.len()
    }

    /// Whether no action is pinned.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.pins.is_empty()
    }

    /// The `uses:` value and comment that `uses` becomes, when its action is pinned.
    ///
    /// ```
    /// use pipeline_core::pins::Pins;
    /// let pins = Pins::parse("actions/cache@v4\n").unwrap();
    /// assert_eq!(pins.resolve("actions/cache@v3"), Some(("actions/cache@v4".to_owned(), None)));
    /// assert_eq!(pins.resolve("actions/cache/restore@v3"), None);
    /// ```
    #[must_use]
    pub fn resolve(&self, uses: &str) -> Option<(String, Option<String>)> {
        let parsed = ActionRef::parse(uses)?;
        let pin = self.get(&parsed.action)?;
        Some((
            format!("{}@{}", parsed.action, pin.git_ref),
            pin.version.clone(),
        ))
    }

    /// Pins a step's `uses:` (and sets its comment), when its action is pinned.
    pub fn apply_to_step(&self, step: &mut Step) {
        if let Some((uses, comment)) = step.uses.as_deref().and_then(|u| self.resolve(u)) {
            step.uses = Some(uses);
            step.uses_comment = comment;
        }
    }

    /// Pins a job's steps, and the reusable workflow it calls.
    pub fn apply_to_job(&self, job: &mut Job) {
        if let Some((uses, comment)) = job.uses.as_deref().and_then(|u| self.resolve(u)) {
            job.uses = Some(uses);
            job.uses_comment = comment;
        }
        for step in job.steps.iter_mut().flatten() {
            self.apply_to_step(step);
        }
    }

    /// Pins every `uses:` of a workflow.
    ///
    /// ```
    /// use pipeline_core::model::{Job, Step, Workflow};
    /// use pipeline_core::pins::Pins;
    /// let pins = Pins::parse("actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020 # v4.4.0\n").unwrap();
    /// let mut workflow = Workflow::new("CI").job("a", Job::new("ubuntu-latest").step(Step::uses("actions/setup-node@v4")));
    /// pins.apply_to_workflow(&mut workflow);
    /// let yaml = pipeline_core::emit::workflow(&workflow, &Default::default());
    /// assert!(yaml.contains("uses: actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020 # v4.4.0\n"));
    /// ```
    pub fn apply_to_workflow(&self, workflow: &mut Workflow) {
        for job in workflow.jobs.values_mut() {
            self.apply_to_job(job);
        }
    }

    /// Pins every `uses:` of a composite action's steps.
    pub fn apply_to_action(&self, action: &mut Action) {
        if let Some(Runs::Composite(runs)) = &mut action.runs {
            for step in &mut runs.steps {
                self.apply_to_step(step);
            }
        }
    }

    /// Updates the pins from the references the committed YAML uses (see the module's rules) and says
    /// what changed.
    ///
    /// ```
    /// use pipeline_core::pins::{Pins, used};
    /// let bumped = pipeline_core::parse::workflow(
    ///     "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0\n",
    /// ).unwrap().value;
    /// let mut pins = Pins::parse("actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2\n").unwrap();
    /// let report = pins.sync(used("ci.yml", &bumped));
    /// assert_eq!(report.to_string(), "updated actions/checkout: 11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2 -> 08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0\n");
    /// assert_eq!(pins.get("actions/checkout").unwrap().version.as_deref(), Some("v5.0.0"));
    /// ```
    pub fn sync(&mut self, found: impl IntoIterator<Item = Used>) -> SyncReport {
        let mut by_action: BTreeMap<String, (String, Vec<Used>)> = BTreeMap::new();
        for used in found {
            by_action
                .entry(used.action.to_ascii_lowercase())
                .or_insert_with(|| (used.action.clone(), Vec::new()))
                .1
                .push(used);
        }
        let mut report = SyncReport::default();
        for (key, (action, uses)) in &by_action {
            let mut distinct: Vec<&Pin> = Vec::new();
            for used in uses {
                if !distinct.contains(&&used.pin) {
                    distinct.push(&used.pin);
                }
            }
            let current = self.get(action).cloned();
            let chosen = newest(&distinct, current.as_ref());
            if distinct.len() > 1 {
                report.conflicts.push(Conflict {
                    action: action.clone(),
                    uses: uses
                        .iter()
                        .map(|u| (u.place.clone(), u.pin.clone()))
                        .collect(),
                    chosen: chosen.clone(),
                });
            }
            match current {
                Some(current) if current == chosen => {}
                Some(current) => {
                    let name = self.pins[key].0.clone();
                    report.updated.push((name.clone(), current, chosen.clone()));
                    self.insert(name, chosen);
                }
                None if chosen.is_commit() => {
                    report.added.push((action.clone(), chosen.clone()));
                    self.insert(action.clone(), chosen);
                }
                None => {}
            }
        }
        report.unused = self
            .iter()
            .filter(|(action, _)| !by_action.contains_key(&action.to_ascii_lowercase()))
            .map(|(action, _)| action.to_owned())
            .collect();
        report
    }
}

/// Of several pins for one action, the one with the highest version; among equals (or pins without a
/// version), the current pin if it is one of them, else the first found.
fn newest(candidates: &[&Pin], current: Option<&Pin>) -> Pin {
    let mut best = candidates[0];
    for &candidate in &candidates[1..] {
        let order = match (candidate.semver(), best.semver()) {
            (Some(a), Some(b)) => a.cmp(&b),
            (Some(_), None) => Ordering::Greater,
            (None, _) => Ordering::Less,
        };
        let keep_current = order == Ordering::Equal && current == Some(candidate);
        if order == Ordering::Greater || keep_current {
            best = candidate;
        }
    }
    best.clone()
}

/// One remote action reference found in committed YAML: what [`Pins::sync`] reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Used {
    /// `owner/repo` or `owner/repo/path`.
    pub action: String,
    /// The reference and the comment after it.
    pub pin: Pin,
    /// Where: the file and the model path (`ci.yml: jobs.build.steps[0].uses`).
    pub place: String,
}

/// Every remote action reference of a workflow (steps and reusable-workflow calls), with its comment.
///
/// ```
/// let workflow = pipeline_core::parse::workflow(
///     "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4 # pinned later\n      - uses: ./local\n",
/// ).unwrap().value;
/// let found = pipeline_core::pins::used("ci.yml", &workflow);
/// assert_eq!(found.len(), 1);
/// assert_eq!(found[0].place, "ci.yml: jobs.a.steps[0].uses");
/// assert_eq!(found[0].pin.version.as_deref(), Some("pinned later"));
/// ```
#[must_use]
pub fn used(file: &str, workflow: &Workflow) -> Vec<Used> {
    let mut out = Vec::new();
    for (id, job) in &workflow.jobs {
        let path = Path::root().key("jobs").key(id.as_str());
        push_used(
            &mut out,
            file,
            &path.key("uses"),
            job.uses.as_deref(),
            job.uses_comment.as_deref(),
        );
        steps_used(&mut out, file, &path.key("steps"), job.step_list());
    }
    out
}

/// Every remote action reference of a composite action's steps.
#[must_use]
pub fn used_by_action(file: &str, action: &Action) -> Vec<Used> {
    let mut out = Vec::new();
    if let Some(Runs::Composite(runs)) = &action.runs {
        let path = Path::root().key("runs").key("steps");
        steps_used(&mut out, file, &path, &runs.steps);
    }
    out
}

fn steps_used(out: &mut Vec<Used>, file: &str, path: &Path, steps: &[Step]) {
    for (index, step) in steps.iter().enumerate() {
        push_used(
            out,
            file,
            &path.index(index).key("uses"),
            step.uses.as_deref(),
            step.uses_comment.as_deref(),
        );
    }
}

fn push_used(
    out: &mut Vec<Used>,
    file: &str,
    path: &Path,
    uses: Option<&str>,
    comment: Option<&str>,
) {
    let Some(parsed) = uses.and_then(ActionRef::parse) else {
        return;
    };
    out.push(Used {
        action: parsed.action,
        pin: Pin {
            git_ref: parsed.git_ref,
            version: comment
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(str::to_owned),
        },
        place: format!("{file}: {path}"),
    });
}

/// Several references for one action in the committed YAML.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    /// The action.
    pub action: String,
    /// Each place and the reference it uses.
    pub uses: Vec<(String, Pin)>,
    /// The pin kept: the highest version.
    pub chosen: Pin,
}

/// What [`Pins::sync`] changed.
///
/// ```
/// use pipeline_core::pins::{Pin, Pins, Used};
/// let mut pins = Pins::default();
/// let sha = "08c6903cd8c0fde910a37f88322edcfb5dd907a8";
/// let found = Used { action: "actions/checkout".into(), pin: Pin::new(sha).version("v5.0.0"), place: "ci.yml".into() };
/// let report = pins.sync([found]);
/// assert!(report.changed());
/// assert_eq!(report.added[0].0, "actions/checkout");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// Pins moved: action, old pin, new pin.
    pub updated: Vec<(String, Pin, Pin)>,
    /// Actions pinned for the first time.
    pub added: Vec<(String, Pin)>,
    /// Actions used at several references.
    pub conflicts: Vec<Conflict>,
    /// Pinned actions the YAML does not use (kept in the file).
    pub unused: Vec<String>,
}

impl SyncReport {
    /// Whether the pins changed.
    #[must_use]
    pub fn changed(&self) -> bool {
        !self.updated.is_empty() || !self.added.is_empty()
    }
}

/// One line per change, then per conflict and unused pin.
impl fmt::Display for SyncReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (action, old, new) in &self.updated {
            writeln!(f, "updated {action}: {old} -> {new}")?;
        }
        for (action, pin) in &self.added {
            writeln!(f, "added {action}@{pin}")?;
        }
        for conflict in &self.conflicts {
            writeln!(
                f,
                "note: {} is used at {} references; kept the highest version, {}",
                conflict.action,
                conflict.uses.len(),
                conflict.chosen
            )?;
            for (place, pin) in &conflict.uses {
                writeln!(f, "  {place}: {pin}")?;
            }
        }
        for action in &self.unused {
            writeln!(
                f,
                "note: {action} is pinned but no committed file uses it; remove its line if it is no longer needed"
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "11bd71901bbe5b1630ceea73d27597364c9af683";
    const B: &str = "08c6903cd8c0fde910a37f88322edcfb5dd907a8";

    fn found(action: &str, git_ref: &str, version: Option<&str>) -> Used {
        Used {
            action: action.to_owned(),
            pin: Pin {
                git_ref: git_ref.to_owned(),
                version: version.map(str::to_owned),
            },
            place: "ci.yml".to_owned(),
        }
    }

    #[test]
    fn text_round_trips() {
        let text = format!("{HEADER}actions/checkout@{A} # v4.2.2\nactions/setup-node@v4\n");
        let pins = Pins::parse(&text).unwrap();
        assert_eq!(pins.len(), 2);
        assert_eq!(pins.to_text(), text);
        let messy = format!(
            "\n  # mine\nactions/setup-node@v4   \n\nactions/checkout@{A}   #   v4.2.2  \n"
        );
        assert_eq!(Pins::parse(&messy).unwrap().to_text(), text);
    }

    #[test]
    fn versions() {
        assert_eq!(version_parts("v4.2.2"), Some(vec![4, 2, 2]));
        assert_eq!(version_parts("4"), Some(vec![4]));
        assert_eq!(version_parts("main"), None);
        assert_eq!(version_parts("v4-beta"), None);
        assert!(!Pin::new("v4").is_commit());
        assert!(Pin::new(A).is_commit());
    }

    #[test]
    fn sync_rules() {
        let mut pins = Pins::parse(&format!(
            "actions/checkout@{A} # v4.2.2\nactions/cache@v3\nold/unused@v1\n"
        ))
        .unwrap();
        let report = pins.sync([
            found("actions/checkout", B, Some("v5.0.0")),
            found("actions/checkout", A, Some("v4.2.2")),
            found("Actions/Cache", "v4", None),
            found("new/sha", A, Some("v1.0.0")),
            found("new/tag", "v1", None),
        ]);
        assert_eq!(
            report.to_string(),
            format!(
                "updated actions/cache: v3 -> v4\n\
                 updated actions/checkout: {A} # v4.2.2 -> {B} # v5.0.0\n\
                 added new/sha@{A} # v1.0.0\n\
                 note: actions/checkout is used at 2 references; kept the highest version, {B} # v5.0.0\n  \
                 ci.yml: {B} # v5.0.0\n  ci.yml: {A} # v4.2.2\n\
                 note: old/unused is pinned but no committed file uses it; remove its line if it is no longer needed\n"
            )
        );
        assert!(report.changed());
        assert!(pins.get("new/tag").is_none());
        let again = pins.sync([found("actions/checkout", B, Some("v5.0.0"))]);
        assert!(!again.changed());
    }

    #[test]
    fn ties_keep_the_current_pin() {
        let current = Pin::new(A).version("v4");
        let other = Pin::new(B).version("v4");
        assert_eq!(newest(&[&other, &current], Some(&current)), current);
        assert_eq!(newest(&[&other, &current], None), other);
        let main = Pin::new("main");
        assert_eq!(newest(&[&main, &other], None), other);
    }

    #[test]
    fn applying() {
        let pins = Pins::parse(&format!(
            "actions/checkout@{A} # v4.2.2\nacme/wf/.github/workflows/x.yml@v2\n"
        ))
        .unwrap();
        let mut job = Job::call("acme/wf/.github/workflows/x.yml@v1");
        pins.apply_to_job(&mut job);
        assert_eq!(
            job.uses.as_deref(),
            Some("acme/wf/.github/workflows/x.yml@v2")
        );
        let mut local = Step::uses("./actions/checkout");
        pins.apply_to_step(&mut local);
        assert_eq!(local.uses.as_deref(), Some("./actions/checkout"));
        let mut action = Action::composite("A", "B");
        if let Some(Runs::Composite(runs)) = &mut action.runs {
            runs.steps
                .push(Step::uses("ACTIONS/checkout@v3").uses_comment("old"));
        }
        pins.apply_to_action(&mut action);
        let Some(Runs::Composite(runs)) = &action.runs else {
            unreachable!()
        };
        assert_eq!(
            runs.steps[0].uses.as_deref(),
            Some(format!("ACTIONS/checkout@{A}").as_str())
        );
        assert_eq!(runs.steps[0].uses_comment.as_deref(), Some("v4.2.2"));
    }
}
