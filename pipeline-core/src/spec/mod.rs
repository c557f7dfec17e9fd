//! GitHub's machine-readable specification of Actions syntax, as tables: every definition of the
//! workflow schema (`workflow-v1.0.json`) and the action metadata schema (`action-v1.0.json`) that
//! GitHub's editor tooling validates with, from `actions/languageservices`.
//!
//! The tables are generated (`cargo xtask spec`, into `generated.rs`) and committed; a test regenerates
//! them and fails when they differ. The parser's known keys, the validator's events, activity types,
//! permission scopes and context availability read them.
//!
//! ```
//! use pipeline_core::spec::{self, workflow};
//! assert!(workflow::JOB_FACTORY_KEYS.contains(&"cancel-timeout-minutes"));
//! let issues = spec::event("issues").unwrap();
//! assert!(issues.activity_types.unwrap().contains(&"field_added"));
//! assert_eq!(spec::permission("vulnerability-alerts").unwrap().levels, ["read", "none"]);
//! ```

mod generated;

pub use generated::{action, workflow};

/// One definition of a schema: what kind of value it is, and what expressions in it may read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Definition {
    /// The definition's name (`job-factory`, `step-if`).
    pub name: &'static str,
    /// What kind of value it is.
    pub kind: Kind,
    /// The contexts expressions here may read, lowercase and sorted; empty when the schema names none.
    pub contexts: &'static [&'static str],
    /// The special functions expressions here may call (`always`, `hashfiles`), sorted.
    pub functions: &'static [Function],
}

/// The kind of value a [`Definition`] describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `null`.
    Null,
    /// `true` or `false`.
    Boolean,
    /// A number.
    Number,
    /// A string, possibly one fixed word (`constant`), possibly required to be non-empty.
    String {
        /// The one value allowed, when there is one.
        constant: Option<&'static str>,
        /// Whether an empty string is rejected.
        non_empty: bool,
    },
    /// One of a set of words.
    AllowedValues(&'static [&'static str]),
    /// A sequence whose items are of the named definition.
    Sequence(&'static str),
    /// A mapping with known keys and, when the schema says so, keys the user chooses.
    Mapping {
        /// The keys GitHub defines.
        properties: &'static [Property],
        /// The definition of the keys the user chooses, when any are allowed.
        loose_key: Option<&'static str>,
        /// The definition of their values.
        loose_value: Option<&'static str>,
    },
    /// Any one of the named definitions.
    OneOf(&'static [&'static str]),
}

/// One key of a mapping definition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Property {
    /// The key.
    pub name: &'static str,
    /// The definition of its value (`any` when the schema leaves it open).
    pub r#type: &'static str,
    /// Whether the mapping needs it.
    pub required: bool,
}

/// A special function a key allows, with its fewest and most arguments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Function {
    /// Its name, lowercase (`hashfiles`).
    pub name: &'static str,
    /// The fewest arguments.
    pub min: u8,
    /// The most arguments (255 stands for GitHub's `MAX`).
    pub max: u8,
}

/// What expressions in one definition may read: its contexts and the names of its special functions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Availability {
    /// The contexts, lowercase and sorted.
    pub contexts: &'static [&'static str],
    /// The special functions, lowercase and sorted.
    pub functions: &'static [&'static str],
}

/// An event a workflow may name under `on`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Event {
    /// The event's name (`pull_request`).
    pub name: &'static str,
    /// The keys its mapping takes (`types`, `branches`, ...), empty when it takes none.
    pub keys: &'static [&'static str],
    /// Its activity types, when `types` is one of its keys and the schema lists them.
    pub activity_types: Option<&'static [&'static str]>,
}

/// A permission scope of the `GITHUB_TOKEN` and the levels it takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Permission {
    /// The scope (`contents`).
    pub scope: &'static str,
    /// Its levels (`read`, `write`, `none`; some scopes take fewer).
    pub levels: &'static [&'static str],
}

fn find(definitions: &'static [Definition], name: &str) -> Option<&'static Definition> {
    definitions
        .binary_search_by(|d| d.name.cmp(name))
        .ok()
        .map(|i| &definitions[i])
}

/// A definition of the workflow schema, by name.
///
/// ```
/// let step_if = pipeline_core::spec::workflow_definition("step-if").unwrap();
/// assert!(step_if.contexts.contains(&"steps"));
/// ```
#[must_use]
pub fn workflow_definition(name: &str) -> Option<&'static Definition> {
    find(workflow::DEFINITIONS, name)
}

/// A definition of the action metadata schema, by name.
///
/// ```
/// let root = pipeline_core::spec::action_definition("action-root").unwrap();
/// assert!(matches!(root.kind, pipeline_core::spec::Kind::Mapping { loose_key: Some(_), .. }));
/// ```
#[must_use]
pub fn action_definition(name: &str) -> Option<&'static Definition> {
    find(action::DEFINITIONS, name)
}

/// Every definition of the workflow schema, sorted by name.
#[must_use]
pub fn workflow_definitions() -> &'static [Definition] {
    workflow::DEFINITIONS
}

/// Every definition of the action metadata schema, sorted by name.
#[must_use]
pub fn action_definitions() -> &'static [Definition] {
    action::DEFINITIONS
}

/// An event by name.
///
/// ```
/// assert!(pipeline_core::spec::event("push").unwrap().activity_types.is_none());
/// assert!(pipeline_core::spec::event("pushed").is_none());
/// ```
#[must_use]
pub fn event(name: &str) -> Option<&'static Event> {
    workflow::EVENTS.iter().find(|e| e.name == name)
}

/// A permission scope by name.
///
/// ```
/// assert_eq!(pipeline_core::spec::permission("id-token").unwrap().levels, ["write", "none"]);
/// ```
#[must_use]
pub fn permission(scope: &str) -> Option<&'static Permission> {
    workflow::PERMISSIONS.iter().find(|p| p.scope == scope)
}
