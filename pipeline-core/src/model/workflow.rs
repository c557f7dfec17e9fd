//! The workflow file: its top-level keys and the pieces shared with jobs (permissions, concurrency,
//! defaults, env).

use super::{Comments, ExprOr, Job, Mapping, On, Origin};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Environment variables: a mapping, or one expression that yields the mapping (`env: ${{ fromJSON(..) }}`).
pub type Env = ExprOr<Mapping>;

/// A workflow file under `.github/workflows/`.
///
/// ```
/// use pipeline_core::model::{Event, Job, On, Workflow};
/// let mut workflow = Workflow::default();
/// workflow.name = Some("CI".into());
/// workflow.on = On::Event(Event::Push);
/// workflow.jobs.insert("build".into(), Job::default());
/// assert_eq!(workflow.jobs.len(), 1);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Workflow {
    /// `name`: shown in the Actions tab.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `description`: what the workflow is for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `run-name`: the name of each run, may hold expressions.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub run_name: Option<String>,
    /// `on`: the events that start the workflow.
    pub on: On,
    /// `permissions` of the `GITHUB_TOKEN` for every job.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub permissions: Option<Permissions>,
    /// `env` for every job.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub env: Option<Env>,
    /// `defaults` for every job.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub defaults: Option<Defaults>,
    /// `concurrency` of the whole workflow.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub concurrency: Option<Concurrency>,
    /// `jobs`, by id, in the order written.
    pub jobs: IndexMap<String, Job>,
    /// The Rust call that built this workflow.
    #[serde(skip)]
    #[cfg_attr(feature = "schema", schemars(skip))]
    pub origin: Origin,
    /// Comments kept with this workflow (the header and its own keys; jobs keep theirs); never part of equality.
    #[serde(skip)]
    #[cfg_attr(feature = "schema", schemars(skip))]
    pub comments: Comments,
    /// Audit findings allowed in this workflow (`.allow(code, reason)`); never written to YAML.
    #[serde(skip)]
    #[cfg_attr(feature = "schema", schemars(skip))]
    pub allow: super::Allows,
}

/// `permissions`: what the `GITHUB_TOKEN` may do.
///
/// ```
/// use pipeline_core::model::{PermissionLevel, PermissionScope, Permissions};
/// let mut scopes = indexmap::IndexMap::new();
/// scopes.insert(PermissionScope::Contents, PermissionLevel::Read);
/// let least = Permissions::Scopes(scopes);
/// assert_ne!(least, Permissions::ReadAll);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Permissions {
    /// `read-all`
    #[serde(rename = "read-all")]
    ReadAll,
    /// `write-all`
    #[serde(rename = "write-all")]
    WriteAll,
    /// A mapping of scopes to levels; empty (`{}`) grants nothing.
    #[serde(untagged)]
    Scopes(IndexMap<PermissionScope, PermissionLevel>),
}

macro_rules! keyword_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal,)* }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vmeta])* $variant,)*
            /// A name this version does not know yet, kept as written.
            Other(String),
        }

        impl $name {
            /// Every name this version knows, in GitHub's documentation order.
            pub const KNOWN: &'static [&'static str] = &[$($text,)*];

            /// The name as written in YAML.
            #[must_use]
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $text,)*
                    Self::Other(other) => other,
                }
            }

            /// Reads a name; unknown names become `Other`.
            #[must_use]
            pub fn parse(text: &str) -> Self {
                match text {
                    $($text => Self::$variant,)*
                    other => Self::Other(other.to_owned()),
                }
            }

            /// Whether this is a name this version knows.
            #[must_use]
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Other(_))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> Self {
                Self::parse(text)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                Ok(Self::parse(&text))
            }
        }

        #[cfg(feature = "schema")]
        impl schemars::JsonSchema for $name {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($name).into()
            }
            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({ "type": "string", "examples": Self::KNOWN })
            }
        }
    };
}
pub(crate) use keyword_enum;

keyword_enum! {
    /// A permission scope of the `GITHUB_TOKEN`.
    ///
    /// ```
    /// use pipeline_core::model::PermissionScope;
    /// assert_eq!(PermissionScope::parse("id-token"), PermissionScope::IdToken);
    /// assert!(!PermissionScope::parse("wiki").is_known());
    /// ```
    pub enum PermissionScope {
        /// `actions`
        Actions = "actions",
        /// `artifact-metadata`
        ArtifactMetadata = "artifact-metadata",
        /// `attestations`
        Attestations = "attestations",
        /// `checks`
        Checks = "checks",
        /// `code-quality`
        CodeQuality = "code-quality",
        /// `contents`
        Contents = "contents",
        /// `copilot-requests`: `write` or `none`.
        CopilotRequests = "copilot-requests",
        /// `deployments`
        Deployments = "deployments",
        /// `discussions`
        Discussions = "discussions",
        /// `drives`
        Drives = "drives",
        /// `id-token`
        IdToken = "id-token",
        /// `issues`
        Issues = "issues",
        /// `models`
        Models = "models",
        /// `packages`
        Packages = "packages",
        /// `pages`
        Pages = "pages",
        /// `pull-requests`
        PullRequests = "pull-requests",
        /// `repository-projects`
        RepositoryProjects = "repository-projects",
        /// `security-events`
        SecurityEvents = "security-events",
        /// `statuses`
        Statuses = "statuses",
        /// `vulnerability-alerts`: Dependabot alerts, `read` or `none`.
        VulnerabilityAlerts = "vulnerability-alerts",
    }
}

keyword_enum! {
    /// The access a permission scope grants.
    ///
    /// ```
    /// use pipeline_core::model::PermissionLevel;
    /// assert_eq!(PermissionLevel::parse("write").as_str(), "write");
    /// ```
    pub enum PermissionLevel {
        /// `read`
        Read = "read",
        /// `write`
        Write = "write",
        /// `none`
        None = "none",
    }
}

/// `concurrency`: at most one run or job of a group at a time.
///
/// ```
/// use pipeline_core::model::Concurrency;
/// let c = Concurrency::Group("${{ github.workflow }}-${{ github.ref }}".into());
/// assert_eq!(c.group_name(), "${{ github.workflow }}-${{ github.ref }}");
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum Concurrency {
    /// `concurrency: group-name`
    Group(String),
    /// `concurrency: { group, cancel-in-progress }`
    Config(ConcurrencyConfig),
}

impl Concurrency {
    /// The group name, whichever form was written.
    #[must_use]
    pub fn group_name(&self) -> &str {
        match self {
            Self::Group(group) => group,
            Self::Config(config) => config.group.as_deref().unwrap_or(""),
        }
    }
}

/// The mapping form of `concurrency`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct ConcurrencyConfig {
    /// `group`: required by GitHub; the validator reports it missing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// `cancel-in-progress`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cancel_in_progress: Option<ExprOr<bool>>,
    /// `queue`: how many runs may wait for the group (`single`, the default, or `max`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub queue: Option<ConcurrencyQueue>,
}

keyword_enum! {
    /// `concurrency.queue`: how many runs or jobs may wait for a concurrency group.
    ///
    /// ```
    /// use pipeline_core::model::ConcurrencyQueue;
    /// assert_eq!(ConcurrencyQueue::parse("max"), ConcurrencyQueue::Max);
    /// ```
    pub enum ConcurrencyQueue {
        /// `single`: at most one pending; a newer one replaces it.
        Single = "single",
        /// `max`: pending runs wait in a queue up to its maximum length.
        Max = "max",
    }
}

/// `defaults`: settings every step inherits.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Defaults {
    /// `defaults.run`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub run: Option<RunDefaults>,
}

/// `defaults.run`: the shell and working directory of every `run` step.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct RunDefaults {
    /// `shell`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shell: Option<String>,
    /// `working-directory`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub working_directory: Option<String>,
}

impl fmt::Display for Permissions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ReadAll => f.write_str("read-all"),
            Self::WriteAll => f.write_str("write-all"),
            Self::Scopes(scopes) => {
                f.write_str("{")?;
                for (i, (scope, level)) in scopes.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{scope}: {level}")?;
                }
                f.write_str("}")
            }
        }
    }
}
