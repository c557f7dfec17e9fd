//! What the generator is told beyond its files: the repository's configuration, findings accepted on
//! purpose, layered pins, and whole pipelines from template crates; and the validation of the set.

use super::{Document, GenerateError, Generator, Output};
use crate::pins::Pins;
use crate::pipeline::Pipeline;
use crate::validate::{self, Diagnostic, Diagnostics, SetFile};
use std::path::{Path, PathBuf};

/// One layer of pins for [`Generator::pins`]: a file of the repository or a value (a template's
/// defaults).
///
/// ```
/// use pipeline_sdk::generate::PinsSource;
/// use pipeline_sdk::pins::Pins;
/// assert!(matches!(PinsSource::from(".github/pins.txt"), PinsSource::File(_)));
/// assert!(matches!(PinsSource::from(Pins::default()), PinsSource::Value(_)));
/// ```
#[derive(Clone, Debug)]
pub enum PinsSource {
    /// A pins file, relative to the repository root; a missing file pins nothing.
    File(PathBuf),
    /// Pins given as a value.
    Value(Pins),
}

impl From<Pins> for PinsSource {
    fn from(pins: Pins) -> Self {
        Self::Value(pins)
    }
}

impl From<PathBuf> for PinsSource {
    fn from(path: PathBuf) -> Self {
        Self::File(path)
    }
}

impl From<&Path> for PinsSource {
    fn from(path: &Path) -> Self {
        Self::File(path.to_owned())
    }
}

impl From<&str> for PinsSource {
    fn from(path: &str) -> Self {
        Self::File(path.into())
    }
}

impl From<String> for PinsSource {
    fn from(path: String) -> Self {
        Self::File(path.into())
    }
}

impl PinsSource {
    /// The layer's pins; `None` for a file that does not exist.
    pub(super) fn load(&self, root: &Path) -> Result<Option<Pins>, GenerateError> {
        let path = match self {
            Self::Value(pins) => return Ok(Some(pins.clone())),
            Self::File(path) => path,
        };
        let file = root.join(path);
        let text = match std::fs::read_to_string(&file) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => {
                return Err(GenerateError::Io {
                    path: file.display().to_string(),
                    source,
                });
            }
        };
        Pins::parse(&text)
            .map(Some)
            .map_err(|errors| GenerateError::Pins {
                path: path.display().to_string(),
                errors,
            })
    }
}

impl Generator {
    /// What validation should assume about the repository: self-hosted and larger-runner labels,
    /// configuration variables, the metadata of actions it uses. The bundled actions' metadata is added
    /// under the given one.
    ///
    /// ```
    /// use pipeline_sdk::generate::Generator;
    /// use pipeline_sdk::model::{Job, Step, Workflow};
    /// use pipeline_sdk::validate::Config;
    /// let ci = Workflow::new("CI").job("a", Job::new("ubuntu-24.04-arm64-8x").step(Step::run("make")));
    /// let strict = Generator::new(".").workflow(".github/workflows/ci.yml", ci.clone());
    /// let configured = Generator::new(".")
    ///     .config(Config::default().self_hosted_labels(["ubuntu-24.04-arm64-8x"]))
    ///     .workflow(".github/workflows/ci.yml", ci);
    /// let labels = |g: &Generator| g.validate().iter().flat_map(|(_, d)| d.iter().map(|d| d.code)).filter(|c| c.contains("runner")).count();
    /// assert!(labels(&strict) >= labels(&configured));
    /// assert_eq!(labels(&configured), 0);
    /// ```
    pub fn config(mut self, config: validate::Config) -> Self {
        self.config = Some(config);
        self
    }

    /// Accepts every finding with this code on purpose, for the reason given: it is neither printed
    /// nor counted, and [`Generator::allowed`] lists it with the reason.
    ///
    /// ```
    /// use pipeline_sdk::generate::Generator;
    /// use pipeline_sdk::model::{Job, Workflow};
    /// let ci = Workflow::new("CI").job("a", Job::new("ubuntu-latest"));
    /// let g = Generator::new(".").workflow(".github/workflows/ci.yml", ci);
    /// let codes = |g: &Generator| g.validate().into_iter().flat_map(|(_, d)| d.into_vec()).map(|d| d.code).collect::<Vec<_>>();
    /// let found = codes(&g);
    /// assert!(!found.is_empty());
    /// let g = found.iter().fold(g, |g, code| g.allow(*code, "a fixture without steps"));
    /// assert!(codes(&g).is_empty());
    /// assert_eq!(g.allowed().len(), found.len());
    /// ```
    pub fn allow(mut self, code: impl Into<String>, reason: impl Into<String>) -> Self {
        self.allowed.push((code.into(), reason.into()));
        self
    }

    /// The findings accepted on purpose: each file, the finding, and the reason given.
    #[must_use]
    pub fn allowed(&self) -> Vec<(PathBuf, Diagnostic, String)> {
        self.validate_all().1
    }

    /// Registers every file of a template's [`Pipeline`], its pins as the lowest layer (under every
    /// pins layer given to [`Generator::pins`], before or after), its reports and its checks.
    ///
    /// ```
    /// use pipeline_sdk::generate::Generator;
    /// use pipeline_sdk::model::{Job, Step, Workflow};
    /// use pipeline_sdk::pins::Pins;
    /// use pipeline_sdk::pipeline::Pipeline;
    /// let mut template = Pipeline::new();
    /// template
    ///     .workflow(".github/workflows/ci.yml", Workflow::new("CI").job("a", Job::new("ubuntu-latest").step(Step::uses("actions/cache@v3"))))
    ///     .pins(Pins::parse("actions/cache@v4\n").unwrap());
    /// let files = Generator::new(".").pipeline(template).render().unwrap();
    /// assert!(files[0].1.contains("uses: actions/cache@v4\n"));
    /// ```
    pub fn pipeline(mut self, pipeline: Pipeline) -> Self {
        let Pipeline {
            workflows,
            actions,
            pins,
            reports,
            checks,
            origin,
        } = pipeline;
        if let Some(origin) = origin {
            let paths = workflows
                .iter()
                .map(|(p, _)| p)
                .chain(actions.iter().map(|(p, _)| p));
            self.pipeline_origins
                .extend(paths.map(|path| (path.clone(), origin)));
        }
        let filed_under = workflows
            .first()
            .map(|(p, _)| p.clone())
            .or_else(|| actions.first().map(|(p, _)| p.clone()))
            .unwrap_or_default();
        for (path, workflow) in workflows {
            self = self.workflow(path, workflow);
        }
        for (path, action) in actions {
            self = self.action(path, action);
        }
        if !pins.is_empty() {
            self.pins.insert(0, PinsSource::Value(pins));
        }
        self.reports
            .extend(reports.into_iter().map(|d| (filed_under.clone(), d)));
        self.checks.extend(checks);
        self
    }

    /// Every finding by file, and the findings accepted on purpose.
    #[allow(clippy::type_complexity)]
    pub(super) fn validate_all(
        &self,
    ) -> (
        Vec<(PathBuf, Diagnostics)>,
        Vec<(PathBuf, Diagnostic, String)>,
    ) {
        // Steps are checked as they will be written: pinned. A commit stands for the version its pin
        // or comment names, so the metadata of that version checks it.
        let pins = self.load_pins().ok().flatten();
        let files: Vec<SetFile> = self
            .outputs
            .iter()
            .map(|Output { path, document }| {
                let path = path.to_string_lossy().replace('\\', "/");
                match document {
                    Document::Workflow(workflow) => {
                        let mut workflow = (**workflow).clone();
                        if let Some(pins) = &pins {
                            pins.apply_to_workflow(&mut workflow);
                        }
                        SetFile::workflow(path, workflow)
                    }
                    Document::Action(action) => {
                        let mut action = (**action).clone();
                        if let Some(pins) = &pins {
                            pins.apply_to_action(&mut action);
                        }
                        SetFile::action(path, action)
                    }
                }
            })
            .collect();
        let config = self.validation_config(&files);
        let mut by_file: Vec<(PathBuf, Vec<Diagnostic>)> = self
            .outputs
            .iter()
            .zip(validate::validate_set(&files, &config))
            .map(|(output, (_, diagnostics))| (output.path.clone(), diagnostics.into_vec()))
            .collect();
        for (output, (_, found)) in self.outputs.iter().zip(by_file.iter_mut()) {
            if let Document::Workflow(workflow) = &output.document {
                for check in &self.checks {
                    found.extend((check.run)(&output.path, workflow));
                }
            }
        }
        for (path, diagnostic) in &self.reports {
            match by_file.iter_mut().find(|(p, _)| p == path) {
                Some((_, found)) => found.push(diagnostic.clone()),
                None => by_file.push((path.clone(), vec![diagnostic.clone()])),
            }
        }
        for (path, found) in &mut by_file {
            if let Some((_, origin)) = self
                .pipeline_origins
                .iter()
                .find(|(p, _)| super::path_key(p) == super::path_key(path))
            {
                found.iter_mut().for_each(|d| at_consumer(d, origin));
            }
        }
        let mut allowed = Vec::new();
        let kept = by_file
            .into_iter()
            .map(|(path, found)| {
                let kept: Diagnostics = found
                    .into_iter()
                    .filter(
                        |d| match self.allowed.iter().find(|(code, _)| code == d.code) {
                            Some((_, reason)) => {
                                allowed.push((path.clone(), d.clone(), reason.clone()));
                                false
                            }
                            None => true,
                        },
                    )
                    .collect();
                (path, kept)
            })
            .collect();
        (kept, allowed)
    }

    /// Where a finding is in the model, for a reader of the Rust that built it: the job id, and for a
    /// step its index with its name or id (`jobs.test.steps[2] "Run tests"`), then the rest of the path.
    pub(super) fn place(&self, file: &Path, diagnostic: &Diagnostic) -> Option<String> {
        use crate::model::PathSegment::{Index, Key};
        let segments = diagnostic.path.segments();
        if segments.is_empty() {
            return None;
        }
        let mut place = diagnostic.path.to_string();
        if let [Key(jobs), Key(job), Key(steps), Index(index), ..] = segments
            && jobs == "jobs"
            && steps == "steps"
        {
            let step = self
                .outputs
                .iter()
                .find(|output| output.path == file)
                .and_then(|output| match &output.document {
                    Document::Workflow(workflow) => workflow.jobs.get(job.as_str()),
                    Document::Action(_) => None,
                })
                .and_then(|job| job.steps.as_ref()?.get(*index));
            if let Some(step) = step {
                let named = step
                    .name
                    .as_deref()
                    .or(step.id.as_deref())
                    .or(step.uses.as_deref());
                if let Some(named) = named {
                    place.push_str(&format!(" {named:?}"));
                }
            }
        }
        Some(place)
    }

    /// The configuration validation runs with: the user's, over the bundled actions' metadata, and each
    /// commit that a step of `files` uses with a version comment known as that version.
    fn validation_config(&self, files: &[SetFile]) -> validate::Config {
        let mut config = self.config.clone().unwrap_or_default();
        let own = std::mem::take(&mut config.known_actions);
        let config = config
            .known_actions(crate::actions::metadata())
            .known_actions(own);
        let mut aliases = Vec::new();
        for file in files {
            let steps: Vec<&crate::model::Step> = match &file.document {
                validate::SetDocument::Workflow(workflow) => workflow
                    .jobs
                    .values()
                    .flat_map(|job| job.steps.iter().flatten())
                    .collect(),
                validate::SetDocument::Action(action) => match &action.runs {
                    Some(crate::model::Runs::Composite(runs)) => runs.steps.iter().collect(),
                    _ => Vec::new(),
                },
                validate::SetDocument::Unreadable(_) => Vec::new(),
            };
            aliases.extend(steps.into_iter().filter_map(|s| commit_alias(s, &config)));
        }
        config.known_actions(aliases)
    }
}

/// For a step at a commit with a version comment (`actions/checkout@<sha> # v5.0.0`): the key of that
/// commit, and the metadata `config` knows for the version it stands for.
fn commit_alias(
    step: &crate::model::Step,
    config: &validate::Config,
) -> Option<(String, crate::model::Action)> {
    let uses = step.uses.as_deref()?;
    let version = step.uses_comment.as_deref()?.trim();
    let (action, git_ref) = uses.rsplit_once('@')?;
    let is_commit = crate::pins::is_commit(git_ref);
    let is_version = version
        .strip_prefix(['v', 'V'])
        .is_some_and(|v| v.starts_with(|c: char| c.is_ascii_digit()));
    if !is_commit || !is_version {
        return None;
    }
    let key = validate::major_version_key(&format!("{action}@{version}"))?;
    let metadata = config.known_actions.get(&key)?;
    Some((validate::major_version_key(uses)?, metadata.clone()))
}

/// A finding placed at a Rust line of the template (not of the file that asked for the pipeline) is
/// moved to the consumer's line, with the template's line kept as a related place.
fn at_consumer(diagnostic: &mut Diagnostic, origin: &std::panic::Location<'static>) {
    let Some(location) = &diagnostic.location else {
        return;
    };
    if !location.file.ends_with(".rs") || location.file == origin.file() {
        return;
    }
    let template = diagnostic.location.take();
    diagnostic.related.push((
        "built by the template here".to_owned(),
        diagnostic.path.clone(),
        template,
    ));
    diagnostic.location = Some(validate::Location {
        file: origin.file().to_owned(),
        line: origin.line(),
        column: origin.column(),
    });
}
