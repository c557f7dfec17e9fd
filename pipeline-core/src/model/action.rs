//! Action metadata (`action.yml`): the interface and the `runs` section of composite, JavaScript and
//! Docker actions.

use super::{Comments, Mapping, Step, Value};
use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// An action's metadata file, `action.yml`.
///
/// ```
/// use pipeline_core::model::{Action, CompositeRuns, Runs};
/// let action = Action {
///     name: Some("Smart Deploy".into()),
///     description: Some("Deploys with health checks".into()),
///     runs: Some(Runs::Composite(CompositeRuns::default())),
///     ..Action::default()
/// };
/// assert!(matches!(action.runs, Some(Runs::Composite(_))));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Action {
    /// `name`: required by GitHub.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `author`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// `description`: required by GitHub.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `inputs`, by id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inputs: Option<IndexMap<String, ActionInput>>,
    /// `outputs`, by id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outputs: Option<IndexMap<String, ActionOutput>>,
    /// `runs`: required by GitHub.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub runs: Option<Runs>,
    /// `branding` on the Marketplace.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub branding: Option<Branding>,
    /// Top-level keys GitHub does not define. GitHub's action schema allows any other key at the top level
    /// (`loose-key-type`), so they are kept as written and written back after the known ones; the validator
    /// warns about each.
    #[serde(flatten)]
    pub other: Mapping,
    /// Comments kept with this action (the header and its keys; composite steps keep theirs); never part of equality.
    #[serde(skip)]
    #[cfg_attr(feature = "schema", schemars(skip))]
    pub comments: Comments,
}

/// An input of an action.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ActionInput {
    /// `description`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `required`, as written: GitHub's runner also reads the YAML 1.1 words `yes`, `on`, `no` and `off`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required: Option<Value>,
    /// `default`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub default: Option<Value>,
    /// `deprecationMessage`: shown when the input is used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deprecation_message: Option<String>,
    /// Keys GitHub's runner ignores here (it is lenient inside an input), kept so the file survives a round
    /// trip; the validator warns about each.
    #[serde(flatten)]
    pub other: Mapping,
}

impl ActionInput {
    /// Whether the input is required, reading `required` as GitHub's runner does.
    ///
    /// ```
    /// use pipeline_core::model::{ActionInput, Value};
    /// let input = ActionInput { required: Some(Value::from("yes")), ..ActionInput::default() };
    /// assert!(input.is_required());
    /// ```
    #[must_use]
    pub fn is_required(&self) -> bool {
        match &self.required {
            Some(Value::Bool(b)) => *b,
            Some(Value::String(s)) => {
                matches!(s.to_ascii_lowercase().as_str(), "true" | "yes" | "on" | "y")
            }
            _ => false,
        }
    }
}

/// An output of an action.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ActionOutput {
    /// `description`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `value`: composite actions map an output to a step output here.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// `runs`: how the action runs, by `using`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum Runs {
    /// `using: composite`
    Composite(CompositeRuns),
    /// `using: docker`
    Docker(DockerRuns),
    /// `using: node12|node16|node20|node24`
    Node(NodeRuns),
}

impl Runs {
    /// The `using` value.
    #[must_use]
    pub fn using(&self) -> &str {
        match self {
            Self::Composite(_) => "composite",
            Self::Docker(_) => "docker",
            Self::Node(node) => &node.using,
        }
    }
}

/// `runs` of a composite action.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CompositeRuns {
    /// Always `composite`.
    pub using: String,
    /// `steps`
    pub steps: Vec<Step>,
}

impl Default for CompositeRuns {
    fn default() -> Self {
        Self {
            using: "composite".to_owned(),
            steps: Vec::new(),
        }
    }
}

/// `runs` of a JavaScript action.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct NodeRuns {
    /// `node12`, `node16`, `node20` or `node24`.
    pub using: String,
    /// `main`: the entry point.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub main: Option<String>,
    /// `pre`: runs before the job's first step.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pre: Option<String>,
    /// `pre-if`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pre_if: Option<String>,
    /// `post`: runs after the job.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub post: Option<String>,
    /// `post-if`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub post_if: Option<String>,
}

/// `runs` of a Docker action.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct DockerRuns {
    /// Always `docker`.
    pub using: String,
    /// `image`: `Dockerfile` or `docker://image`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// `env`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub env: Option<Mapping>,
    /// `args`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub args: Option<Vec<Value>>,
    /// `entrypoint`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entrypoint: Option<String>,
    /// `pre-entrypoint`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pre_entrypoint: Option<String>,
    /// `pre-if`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pre_if: Option<String>,
    /// `post-entrypoint`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub post_entrypoint: Option<String>,
    /// `post-if`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub post_if: Option<String>,
}

/// `branding`: the Marketplace icon and colour.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Branding {
    /// `icon`: a Feather icon name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub icon: Option<String>,
    /// `color`
    #[serde(skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
}
