//! `cargo xtask spec [--check]`: regenerates `pipeline-core/src/spec/generated.rs`, the tables read
//! from GitHub's workflow and action metadata schemas (`../shared/github-spec/workflow-v1.0.json` and
//! `action-v1.0.json` beside the repository, from `actions/languageservices`).
//!
//! Every definition of both schemas is written as data (its kind, its keys, its allowed values and the
//! contexts and functions it allows), and from them the tables the parser and the validator read: the
//! keys of each mapping, the union of keys for each definition that is one of several mappings, the
//! events with their filters and activity types, the permission scopes with their levels, and the
//! context availability of every definition that names one.

use pipeline_sdk::files::{unified_diff, write_atomic};
use serde_yaml::Value;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The commit of `actions/languageservices` the schemas were taken from, as their README states.
const SOURCE_COMMIT: &str = "4043eda158e16579cc5fb1b0b07a4bce2a76f0b5";

/// The folder that holds the schemas, beside the repository.
pub(crate) fn default_spec() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/github-spec")
}

/// The generated file, in the repository.
pub(crate) fn target() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../pipeline-core/src/spec/generated.rs")
}

/// One definition of a schema, as read.
struct Def {
    name: String,
    kind: Kind,
    context: Vec<String>,
}

enum Kind {
    Null,
    Boolean,
    Number,
    String {
        constant: Option<String>,
        non_empty: bool,
    },
    AllowedValues(Vec<String>),
    Sequence(String),
    Mapping {
        properties: Vec<Prop>,
        loose_key: Option<String>,
        loose_value: Option<String>,
    },
    OneOf(Vec<String>),
}

struct Prop {
    name: String,
    r#type: String,
    required: bool,
}

fn text(value: &Value) -> Result<String, String> {
    value
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| format!("expected a string, found {value:?}"))
}

fn strings(value: &Value) -> Result<Vec<String>, String> {
    value
        .as_sequence()
        .ok_or_else(|| format!("expected a list, found {value:?}"))?
        .iter()
        .map(text)
        .collect()
}

/// Reads the definitions of one schema file, in the order written.
fn read_schema(path: &Path) -> Result<Vec<Def>, String> {
    let data = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let root: Value =
        serde_yaml::from_str(&data).map_err(|e| format!("{}: {e}", path.display()))?;
    let definitions = root
        .get("definitions")
        .and_then(Value::as_mapping)
        .ok_or_else(|| format!("{}: no `definitions`", path.display()))?;
    let mut out = Vec::new();
    for (name, def) in definitions {
        let name = text(name)?;
        let context = def
            .get("context")
            .map(strings)
            .transpose()?
            .unwrap_or_default();
        let kind = if let Some(mapping) = def.get("mapping") {
            let mut properties = Vec::new();
            if let Some(props) = mapping.get("properties").and_then(Value::as_mapping) {
                for (key, prop) in props {
                    let (r#type, required) = match prop {
                        Value::String(t) => (t.clone(), false),
                        _ => (
                            prop.get("type")
                                .map(text)
                                .transpose()?
                                .unwrap_or_else(|| "any".into()),
                            prop.get("required")
                                .and_then(Value::as_bool)
                                .unwrap_or(false),
                        ),
                    };
                    properties.push(Prop {
                        name: text(key)?,
                        r#type,
                        required,
                    });
                }
            }
            Kind::Mapping {
                properties,
                loose_key: mapping.get("loose-key-type").map(text).transpose()?,
                loose_value: mapping.get("loose-value-type").map(text).transpose()?,
            }
        } else if let Some(sequence) = def.get("sequence") {
            Kind::Sequence(
                sequence
                    .get("item-type")
                    .map(text)
                    .transpose()?
                    .ok_or_else(|| format!("{name}: a sequence without `item-type`"))?,
            )
        } else if let Some(one_of) = def.get("one-of") {
            Kind::OneOf(strings(one_of)?)
        } else if let Some(values) = def.get("allowed-values") {
            Kind::AllowedValues(strings(values)?)
        } else if let Some(string) = def.get("string") {
            Kind::String {
                constant: string.get("constant").map(text).transpose()?,
                non_empty: string
                    .get("require-non-empty")
                    .and_then(Value::as_bool)
                    .unwrap_or(false),
            }
        } else if def.get("boolean").is_some() {
            Kind::Boolean
        } else if def.get("number").is_some() {
            Kind::Number
        } else if def.get("null").is_some() {
            Kind::Null
        } else {
            return Err(format!(
                "{name}: a definition of no kind this generator knows"
            ));
        };
        out.push(Def {
            name,
            kind,
            context,
        });
    }
    Ok(out)
}

fn quoted(items: &[String]) -> String {
    let parts: Vec<String> = items.iter().map(|s| format!("{s:?}")).collect();
    format!("&[{}]", parts.join(", "))
}

/// `job-factory` as a Rust constant name: `JOB_FACTORY`.
fn constant(name: &str) -> String {
    name.replace('-', "_").to_uppercase()
}

/// The contexts of a `context` list (lowercase, sorted) and its functions (lowercase names, sorted),
/// with each function's fewest and most arguments (`MAX` is 255, as GitHub's parser reads it).
fn split_context(context: &[String]) -> (Vec<String>, Vec<(String, u8, u8)>) {
    let mut contexts = Vec::new();
    let mut functions = Vec::new();
    for item in context {
        match item.split_once('(') {
            Some((name, args)) => {
                let args = args.trim_end_matches(')');
                let (min, max) = args.split_once(',').unwrap_or((args, args));
                let number = |s: &str| {
                    if s.trim() == "MAX" {
                        255
                    } else {
                        s.trim().parse().unwrap_or(0)
                    }
                };
                functions.push((name.to_lowercase(), number(min), number(max)));
            }
            None => contexts.push(item.to_lowercase()),
        }
    }
    contexts.sort();
    contexts.dedup();
    functions.sort();
    (contexts, functions)
}

struct Schema<'a> {
    defs: &'a [Def],
    by_name: BTreeMap<&'a str, &'a Def>,
}

impl<'a> Schema<'a> {
    fn new(defs: &'a [Def]) -> Self {
        Self {
            defs,
            by_name: defs.iter().map(|d| (d.name.as_str(), d)).collect(),
        }
    }

    fn get(&self, name: &str) -> Option<&'a Def> {
        self.by_name.get(name).copied()
    }

    /// The mapping definitions a definition may be: itself, or the mappings among its `one-of`
    /// alternatives (followed through nested `one-of`s).
    fn mappings(&self, name: &str, out: &mut Vec<&'a Def>) {
        let Some(def) = self.get(name) else { return };
        match &def.kind {
            Kind::Mapping { .. } if !out.iter().any(|d| d.name == def.name) => out.push(def),
            Kind::OneOf(alternatives) => {
                for alternative in alternatives {
                    self.mappings(alternative, out);
                }
            }
            _ => {}
        }
    }

    /// The values a definition allows when it is a set of words: `allowed-values`, or string
    /// constants, through `one-of` and sequence items.
    fn words(&self, name: &str, out: &mut Vec<String>) {
        let Some(def) = self.get(name) else { return };
        match &def.kind {
            Kind::AllowedValues(values) => {
                for value in values {
                    if !out.contains(value) {
                        out.push(value.clone());
                    }
                }
            }
            Kind::String {
                constant: Some(value),
                ..
            } if !out.contains(value) => out.push(value.clone()),
            Kind::OneOf(alternatives) => {
                for alternative in alternatives {
                    self.words(alternative, out);
                }
            }
            Kind::Sequence(item) => self.words(item, out),
            _ => {}
        }
    }

    /// The union of the keys of the mappings `name` may be, in order of first appearance.
    fn keys(&self, name: &str) -> Vec<String> {
        let mut mappings = Vec::new();
        self.mappings(name, &mut mappings);
        let mut keys: Vec<String> = Vec::new();
        for mapping in mappings {
            if let Kind::Mapping { properties, .. } = &mapping.kind {
                for prop in properties {
                    if !keys.contains(&prop.name) {
                        keys.push(prop.name.clone());
                    }
                }
            }
        }
        keys
    }

    /// The type of property `key` in the mappings `name` may be.
    fn property(&self, name: &str, key: &str) -> Option<String> {
        let mut mappings = Vec::new();
        self.mappings(name, &mut mappings);
        mappings.iter().find_map(|m| match &m.kind {
            Kind::Mapping { properties, .. } => properties
                .iter()
                .find(|p| p.name == key)
                .map(|p| p.r#type.clone()),
            _ => None,
        })
    }
}

fn write_definitions(out: &mut String, schema: &Schema<'_>) {
    let mut defs: Vec<&Def> = schema.defs.iter().collect();
    defs.sort_by(|a, b| a.name.cmp(&b.name));
    out.push_str("pub const DEFINITIONS: &[Definition] = &[\n");
    for def in defs {
        let kind = match &def.kind {
            Kind::Null => "Kind::Null".to_owned(),
            Kind::Boolean => "Kind::Boolean".to_owned(),
            Kind::Number => "Kind::Number".to_owned(),
            Kind::String {
                constant,
                non_empty,
            } => format!("Kind::String {{ constant: {constant:?}, non_empty: {non_empty} }}"),
            Kind::AllowedValues(values) => format!("Kind::AllowedValues({})", quoted(values)),
            Kind::Sequence(item) => format!("Kind::Sequence({item:?})"),
            Kind::OneOf(alternatives) => format!("Kind::OneOf({})", quoted(alternatives)),
            Kind::Mapping {
                properties,
                loose_key,
                loose_value,
            } => {
                let props: Vec<String> = properties
                    .iter()
                    .map(|p| {
                        format!(
                            "Property {{ name: {:?}, r#type: {:?}, required: {} }}",
                            p.name, p.r#type, p.required
                        )
                    })
                    .collect();
                format!(
                    "Kind::Mapping {{ properties: &[{}], loose_key: {loose_key:?}, loose_value: {loose_value:?} }}",
                    props.join(", ")
                )
            }
        };
        let (contexts, functions) = split_context(&def.context);
        let functions: Vec<String> = functions
            .iter()
            .map(|(name, min, max)| {
                format!("Function {{ name: {name:?}, min: {min}, max: {max} }}")
            })
            .collect();
        let _ = writeln!(
            out,
            "    Definition {{ name: {:?}, kind: {kind}, contexts: {}, functions: &[{}] }},",
            def.name,
            quoted(&contexts),
            functions.join(", ")
        );
    }
    out.push_str("];\n");
}

/// Every table of one schema, as the body of a module.
fn module(schema: &Schema<'_>, keys_of: &[(&str, &str)], doc: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "//! {doc}\n");
    out.push_str("use super::super::{Availability, Definition, Function, Kind, Property};\n\n");
    out.push_str("/// Every definition of the schema, sorted by name.\n");
    write_definitions(&mut out, schema);
    for (name, what) in keys_of {
        let keys = schema.keys(name);
        let _ = writeln!(
            out,
            "\n/// The keys of {what} (`{name}`).\npub const {}_KEYS: &[&str] = {};",
            constant(name),
            quoted(&keys)
        );
    }
    for def in schema.defs.iter().filter(|d| !d.context.is_empty()) {
        let (contexts, functions) = split_context(&def.context);
        let names: Vec<String> = functions.iter().map(|(n, _, _)| n.clone()).collect();
        let _ = writeln!(
            out,
            "\n/// What expressions in `{}` may read.\npub const {}: Availability = Availability {{ contexts: {}, functions: {} }};",
            def.name,
            constant(&def.name),
            quoted(&contexts),
            quoted(&names)
        );
    }
    out
}

/// The events of `on-mapping-strict`, with their filters and activity types.
fn events(schema: &Schema<'_>) -> String {
    let mut out = String::new();
    let on = schema.keys("on-mapping-strict");
    out.push_str("\n/// Every event a workflow may name under `on`, with the keys its mapping takes and its activity\n/// types (`None` when `types` is not one of its keys, or when any name goes).\npub const EVENTS: &[Event] = &[\n");
    for event in &on {
        let Some(def) = schema.property("on-mapping-strict", event) else {
            continue;
        };
        let keys = schema.keys(&def);
        let types = keys.contains(&"types".to_owned()).then(|| {
            let mut words = Vec::new();
            if let Some(types) = schema.property(&def, "types") {
                schema.words(&types, &mut words);
            }
            words
        });
        let types = match types {
            Some(words) if !words.is_empty() => format!("Some({})", quoted(&words)),
            _ => "None".to_owned(),
        };
        let _ = writeln!(
            out,
            "    Event {{ name: {event:?}, keys: {}, activity_types: {types} }},",
            quoted(&keys)
        );
    }
    out.push_str("];\n");
    // The filters: every key an event's mapping takes, but the inputs, outputs and secrets of
    // `workflow_dispatch` and `workflow_call`, which are definitions of their own.
    let mut filters: Vec<String> = Vec::new();
    for event in &on {
        if event == "workflow_call" || event == "workflow_dispatch" {
            continue;
        }
        if let Some(def) = schema.property("on-mapping-strict", event) {
            for key in schema.keys(&def) {
                if !filters.contains(&key) {
                    filters.push(key);
                }
            }
        }
    }
    let _ = writeln!(
        out,
        "\n/// The keys events take to filter what starts a workflow (`types`, `branches`, `paths`, ...).\npub const EVENT_FILTER_KEYS: &[&str] = {};",
        quoted(&filters)
    );
    out
}

/// The scopes of `permissions-mapping`, with the levels each takes.
fn permissions(schema: &Schema<'_>) -> String {
    let mut out = String::new();
    out.push_str("\n/// Every permission scope of the `GITHUB_TOKEN`, with the levels it takes.\npub const PERMISSIONS: &[Permission] = &[\n");
    for scope in schema.keys("permissions-mapping") {
        let mut levels = Vec::new();
        if let Some(def) = schema.property("permissions-mapping", &scope) {
            schema.words(&def, &mut levels);
        }
        let _ = writeln!(
            out,
            "    Permission {{ scope: {scope:?}, levels: {} }},",
            quoted(&levels)
        );
    }
    out.push_str("];\n");
    let mut shorthand = Vec::new();
    schema.words("permissions", &mut shorthand);
    let shorthand: Vec<String> = shorthand
        .into_iter()
        .filter(|w| w.ends_with("-all"))
        .collect();
    let _ = writeln!(
        out,
        "\n/// The words `permissions` takes in place of a mapping.\npub const PERMISSION_SHORTHANDS: &[&str] = {};",
        quoted(&shorthand)
    );
    out
}

/// The mappings of the workflow schema the parser reads keys of, with what each is.
const WORKFLOW_MAPPINGS: &[(&str, &str)] = &[
    ("workflow-root-strict", "a workflow"),
    ("on-mapping-strict", "`on`: the events"),
    ("workflow-dispatch-mapping", "`workflow_dispatch`"),
    ("workflow-dispatch-input", "an input of `workflow_dispatch`"),
    ("workflow-call-mapping", "`workflow_call`"),
    (
        "workflow-call-input-definition",
        "an input of `workflow_call`",
    ),
    (
        "workflow-call-output-definition",
        "an output of `workflow_call`",
    ),
    (
        "workflow-call-secret-mapping-definition",
        "a secret of `workflow_call`",
    ),
    ("cron-mapping", "a `schedule` entry"),
    ("workflow-defaults", "`defaults`"),
    ("workflow-defaults-run", "`defaults.run`"),
    ("job", "a job (steps or a reusable-workflow call)"),
    ("job-factory", "a job that runs steps"),
    ("workflow-job", "a job that calls a reusable workflow"),
    ("strategy", "`strategy`"),
    ("matrix", "`strategy.matrix`, besides its axes"),
    ("runs-on-mapping", "the mapping form of `runs-on`"),
    ("concurrency-mapping", "the mapping form of `concurrency`"),
    (
        "job-environment-mapping",
        "the mapping form of `environment`",
    ),
    ("snapshot-mapping", "the mapping form of `snapshot`"),
    ("container-mapping", "the mapping form of `container`"),
    ("service-container-mapping", "a service container"),
    ("container-registry-credentials", "container `credentials`"),
    ("steps-item", "a step of any kind"),
    ("run-step", "a `run` step"),
    ("regular-step", "a `uses` step"),
    ("wait-step", "a `wait` step"),
    ("wait-all-step", "a `wait-all` step"),
    ("cancel-step", "a `cancel` step"),
    ("parallel-step", "a `parallel` group"),
];

/// The mappings of the action schema.
const ACTION_MAPPINGS: &[(&str, &str)] = &[
    ("action-root-strict", "action metadata"),
    ("input-strict", "an input of an action"),
    ("output-definition", "an output of an action"),
    ("container-runs-strict", "`runs` of a Docker action"),
    ("node-runs-strict", "`runs` of a JavaScript action"),
    ("composite-runs-strict", "`runs` of a composite action"),
    ("composite-step", "a step of a composite action"),
    ("branding", "`branding`"),
];

/// The generated file's text, from the schemas in `spec`.
pub(crate) fn generate(spec: &Path) -> Result<String, String> {
    let workflow_defs = read_schema(&spec.join("workflow-v1.0.json"))?;
    let action_defs = read_schema(&spec.join("action-v1.0.json"))?;
    let workflow = Schema::new(&workflow_defs);
    let action = Schema::new(&action_defs);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "// Generated by `cargo xtask spec` from `workflow-v1.0.json` and `action-v1.0.json` of\n\
         // actions/languageservices at commit {SOURCE_COMMIT}. Do not edit: run `cargo xtask spec`.\n"
    );
    out.push_str("/// The tables of the workflow schema, `workflow-v1.0.json`.\n#[rustfmt::skip]\npub mod workflow {\n");
    let mut body = module(
        &workflow,
        WORKFLOW_MAPPINGS,
        "The tables of the workflow schema, `workflow-v1.0.json`.",
    );
    body.push_str("\nuse super::super::{Event, Permission};\n");
    body.push_str(&events(&workflow));
    body.push_str(&permissions(&workflow));
    let mut words = Vec::new();
    workflow.words("concurrency-queue", &mut words);
    let _ = writeln!(
        body,
        "\n/// The values of `concurrency.queue`.\npub const CONCURRENCY_QUEUE: &[&str] = {};",
        quoted(&words)
    );
    out.push_str(&indent(&strip_inner_doc(&body)));
    out.push_str("}\n\n");
    out.push_str("/// The tables of the action metadata schema, `action-v1.0.json`.\n#[rustfmt::skip]\npub mod action {\n");
    let mut body = module(
        &action,
        ACTION_MAPPINGS,
        "The tables of the action metadata schema, `action-v1.0.json`.",
    );
    for (name, what) in [
        ("using", "`runs.using`"),
        ("branding-color", "`branding.color`"),
        ("branding-icon", "`branding.icon`"),
    ] {
        let mut words = Vec::new();
        action.words(name, &mut words);
        let _ = writeln!(
            body,
            "\n/// The values of {what}.\npub const {}: &[&str] = {};",
            constant(name),
            quoted(&words)
        );
    }
    out.push_str(&indent(&strip_inner_doc(&body)));
    out.push_str("}\n");
    Ok(out)
}

/// A module body without its leading inner doc comment (the outer one says it).
fn strip_inner_doc(body: &str) -> String {
    body.lines()
        .skip_while(|l| l.starts_with("//!") || l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

fn indent(body: &str) -> String {
    body.lines()
        .map(|l| {
            if l.is_empty() {
                "\n".to_owned()
            } else {
                format!("    {l}\n")
            }
        })
        .collect()
}

pub(crate) fn main(args: &[String]) -> ExitCode {
    let usage = "usage: cargo xtask spec [--check] [--spec DIR]";
    let mut check = false;
    let mut spec = default_spec();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--check" => check = true,
            "--spec" => match args.next() {
                Some(dir) => spec = PathBuf::from(dir),
                None => {
                    eprintln!("--spec needs a folder; {usage}");
                    return ExitCode::from(2);
                }
            },
            other => {
                eprintln!("unknown argument `{other}`; {usage}");
                return ExitCode::from(2);
            }
        }
    }
    let text = match generate(&spec) {
        Ok(text) => text,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(2);
        }
    };
    let path = target();
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    if check {
        if current == text {
            println!("{} is up to date", path.display());
            return ExitCode::SUCCESS;
        }
        eprintln!(
            "{} differs from what `cargo xtask spec` writes:\n{}",
            path.display(),
            unified_diff(&current, &text, "pipeline-core/src/spec/generated.rs")
        );
        return ExitCode::FAILURE;
    }
    match write_atomic(&path, &text) {
        Ok(()) => {
            println!("wrote {}", path.display());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {}: {error}", path.display());
            ExitCode::FAILURE
        }
    }
}
