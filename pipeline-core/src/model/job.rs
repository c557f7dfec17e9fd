//! A job: where it runs, what it needs, its matrix, containers and steps, or the reusable workflow it calls.

use super::{
    Comments, Concurrency, Defaults, Env, ExprOr, Mapping, Number, OneOrMany, Origin, Permissions,
    Step, Value,
};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// A job under `jobs:`. One type holds both kinds GitHub knows: a job with `steps`, and a call of a reusable
/// workflow (`uses`, `with`, `secrets`). Keys that do not belong to the kind are reported by the validator.
///
/// ```
/// use pipeline_core::model::{Job, OneOrMany, RunsOn};
/// let mut job = Job::default();
/// job.runs_on = Some(RunsOn::Label("ubuntu-latest".into()));
/// job.needs = Some(OneOrMany::One("build".into()));
/// assert_eq!(job.needed_jobs().collect::<Vec<_>>(), ["build"]);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Job {
    /// `name`: shown in the UI.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `needs`: jobs that must succeed first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub needs: Option<OneOrMany<String>>,
    /// `if`: the condition to run, with or without `${{ }}`.
    #[serde(rename = "if", skip_serializing_if = "Option::is_none")]
    pub r#if: Option<ExprOr<bool>>,
    /// `runs-on`: the runner.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub runs_on: Option<RunsOn>,
    /// `environment`: the deployment environment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub environment: Option<Environment>,
    /// `permissions` of the `GITHUB_TOKEN` for this job.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub permissions: Option<Permissions>,
    /// `concurrency` of this job.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub concurrency: Option<Concurrency>,
    /// `outputs`: values later jobs read through `needs.<id>.outputs`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outputs: Option<IndexMap<String, String>>,
    /// `env` for every step.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub env: Option<Env>,
    /// `defaults` for every step.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub defaults: Option<Defaults>,
    /// `timeout-minutes`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timeout_minutes: Option<ExprOr<Number>>,
    /// `cancel-timeout-minutes`: how long the job's steps get to stop once the job is cancelled.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cancel_timeout_minutes: Option<ExprOr<Number>>,
    /// `continue-on-error`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub continue_on_error: Option<ExprOr<bool>>,
    /// `strategy`: the matrix.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub strategy: Option<Strategy>,
    /// `container` the steps run in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub container: Option<Container>,
    /// `services`: service containers, by name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub services: Option<ExprOr<IndexMap<String, Container>>>,
    /// `snapshot`: save the runner as a custom image after the job.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snapshot: Option<Snapshot>,
    /// `steps`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub steps: Option<Vec<Step>>,
    /// `uses`: the reusable workflow this job calls.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub uses: Option<String>,
    /// The comment written after `uses` (a version for a pinned SHA). Not part of the data GitHub reads.
    #[serde(skip)]
    #[cfg_attr(feature = "schema", schemars(skip))]
    pub uses_comment: Option<String>,
    /// `with`: inputs of the called workflow.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub with: Option<Mapping>,
    /// `secrets` passed to the called workflow.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secrets: Option<Secrets>,
    /// The Rust call that built this job.
    #[serde(skip)]
    #[cfg_attr(feature = "schema", schemars(skip))]
    pub origin: Origin,
    /// Comments kept with this job (above its id and at its keys; steps keep theirs); never part of equality.
    #[serde(skip)]
    #[cfg_attr(feature = "schema", schemars(skip))]
    pub comments: Comments,
    /// Audit findings allowed in this job (`.allow(code, reason)`); never written to YAML.
    #[serde(skip)]
    #[cfg_attr(feature = "schema", schemars(skip))]
    pub allow: super::Allows,
}

impl Job {
    /// The ids of the jobs this job needs, whichever form was written.
    pub fn needed_jobs(&self) -> impl Iterator<Item = &str> {
        self.needs
            .iter()
            .flat_map(OneOrMany::iter)
            .map(String::as_str)
    }

    /// Whether this job calls a reusable workflow instead of running steps.
    #[must_use]
    pub fn is_call(&self) -> bool {
        self.uses.is_some()
    }

    /// The service containers, when written as a mapping (not as one expression).
    ///
    /// ```
    /// use pipeline_core::model::{Container, Job};
    /// let job = Job::new("ubuntu-latest").service("redis", Container::new("redis:7"));
    /// assert_eq!(job.service_map().map(|s| s.len()), Some(1));
    /// ```
    #[must_use]
    pub fn service_map(&self) -> Option<&IndexMap<String, Container>> {
        match &self.services {
            Some(ExprOr::Value(services)) => Some(services),
            _ => None,
        }
    }

    /// The steps, or none.
    #[must_use]
    pub fn step_list(&self) -> &[Step] {
        self.steps.as_deref().unwrap_or_default()
    }
}

/// `runs-on`: which runner takes the job.
///
/// ```
/// use pipeline_core::model::RunsOn;
/// let labels = RunsOn::Labels(vec!["self-hosted".into(), "linux".into()]);
/// assert_eq!(labels.labels().count(), 2);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum RunsOn {
    /// One label, or an expression: `runs-on: ubuntu-latest`.
    Label(String),
    /// Several labels a runner must all have.
    Labels(Vec<String>),
    /// A runner group, optionally narrowed by labels.
    Group(RunnerGroup),
}

impl RunsOn {
    /// Every label named, whichever form was written.
    pub fn labels(&self) -> impl Iterator<Item = &str> {
        let labels: &[String] = match self {
            Self::Label(label) => std::slice::from_ref(label),
            Self::Labels(labels) => labels,
            Self::Group(group) => group.labels.as_ref().map_or(&[], OneOrMany::as_slice),
        };
        labels.iter().map(String::as_str)
    }
}

/// The mapping form of `runs-on`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RunnerGroup {
    /// `group`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// `labels`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub labels: Option<OneOrMany<String>>,
}

/// `environment`: a name, or a name with the URL shown on the deployment.
///
/// ```
/// use pipeline_core::model::Environment;
/// assert_eq!(Environment::Name("production".into()).name(), "production");
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum Environment {
    /// `environment: production`
    Name(String),
    /// `environment: { name, url }`
    Config(EnvironmentConfig),
}

impl Environment {
    /// The environment's name, whichever form was written.
    #[must_use]
    pub fn name(&self) -> &str {
        match self {
            Self::Name(name) => name,
            Self::Config(config) => config.name.as_deref().unwrap_or(""),
        }
    }
}

/// The mapping form of `environment`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct EnvironmentConfig {
    /// `name`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `url`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// `deployment`: whether a deployment object is created.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deployment: Option<ExprOr<bool>>,
}

/// `strategy`: the matrix and how its jobs run.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Strategy {
    /// `matrix`, or one expression that yields it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matrix: Option<ExprOr<Matrix>>,
    /// `fail-fast`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fail_fast: Option<ExprOr<bool>>,
    /// `max-parallel`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_parallel: Option<ExprOr<Number>>,
}

/// `strategy.matrix`: axes, and extra or removed combinations.
///
/// ```
/// use pipeline_core::model::{ExprOr, Matrix, Value};
/// let mut matrix = Matrix::default();
/// matrix.axes.insert("os".into(), ExprOr::Value(vec![Value::from("ubuntu-latest"), Value::from("macos-latest")]));
/// assert_eq!(matrix.axes.len(), 1);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Matrix {
    /// The axes, by name; each a list of values or an expression.
    #[serde(flatten)]
    pub axes: IndexMap<String, ExprOr<Vec<Value>>>,
    /// `include`: extra combinations, or values added to matching ones.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub include: Option<MatrixRows>,
    /// `exclude`: combinations removed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exclude: Option<MatrixRows>,
}

/// The rows of `include` or `exclude`: a list of mappings, or an expression that yields it.
pub type MatrixRows = ExprOr<Vec<Value>>;

/// `container`, or one entry of `services`.
///
/// ```
/// use pipeline_core::model::Container;
/// assert_eq!(Container::Image("postgres:16".into()).image(), Some("postgres:16"));
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
// Plain data users build and match on: a `Box` would cost them more than the bytes it saves.
#[allow(clippy::large_enum_variant)]
pub enum Container {
    /// `container: node:20`
    Image(String),
    /// `container: { image, credentials, env, ports, volumes, options }`
    Config(ContainerConfig),
}

impl Container {
    /// The image, whichever form was written.
    #[must_use]
    pub fn image(&self) -> Option<&str> {
        match self {
            Self::Image(image) => Some(image),
            Self::Config(config) => config.image.as_deref(),
        }
    }
}

/// The mapping form of a container.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ContainerConfig {
    /// `image`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// `credentials` for the registry, or one expression that yields them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credentials: Option<ExprOr<Credentials>>,
    /// `env`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub env: Option<Env>,
    /// `ports`: numbers or `host:container` strings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ports: Option<Vec<Value>>,
    /// `volumes`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volumes: Option<Vec<String>>,
    /// `options` passed to `docker create`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub options: Option<String>,
    /// `entrypoint` of a service container, replacing the image's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entrypoint: Option<String>,
    /// `command` of a service container, replacing the image's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,
}

/// Registry `credentials` of a container.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Credentials {
    /// `username`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// `password`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
}

/// `snapshot`: the custom runner image a job's runner is saved as when the job ends.
///
/// ```
/// use pipeline_core::model::{Snapshot, SnapshotConfig};
/// let short = Snapshot::ImageName("my-image".into());
/// let long = Snapshot::Config(SnapshotConfig { image_name: Some("my-image".into()), version: Some("2.*".into()), r#if: None });
/// assert_eq!(short.image_name(), long.image_name());
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum Snapshot {
    /// `snapshot: my-image`
    ImageName(String),
    /// `snapshot: { image-name, version, if }`
    Config(SnapshotConfig),
}

impl Snapshot {
    /// The image's name, whichever form was written.
    #[must_use]
    pub fn image_name(&self) -> Option<&str> {
        match self {
            Self::ImageName(name) => Some(name),
            Self::Config(config) => config.image_name.as_deref(),
        }
    }
}

/// The mapping form of `snapshot`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct SnapshotConfig {
    /// `image-name`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_name: Option<String>,
    /// `version`: the image version pattern (`2.*`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// `if`: save the image only when this holds.
    #[serde(rename = "if", skip_serializing_if = "Option::is_none")]
    pub r#if: Option<ExprOr<bool>>,
}

/// `secrets` of a reusable-workflow call.
///
/// ```
/// use pipeline_core::model::Secrets;
/// assert!(matches!(Secrets::Inherit, Secrets::Inherit));
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Secrets {
    /// `secrets: inherit`
    #[serde(rename = "inherit")]
    Inherit,
    /// `secrets: { name: value }`
    #[serde(untagged)]
    Map(IndexMap<String, String>),
}
