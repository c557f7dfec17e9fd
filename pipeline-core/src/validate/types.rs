//! Types of expression values, as far as a workflow tells them: the shape of each context (`github`,
//! `runner`, `needs`, `steps`, `matrix`, `inputs`...), used to find properties that do not exist and
//! operations that make no sense.

use crate::model::{Input, InputType, Value};
use std::collections::BTreeMap;
use std::fmt;
use std::rc::Rc;

/// The type of an expression value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Ty {
    /// Unknown: anything goes.
    Any,
    Null,
    Bool,
    Number,
    String,
    Object(Obj),
    Array(Box<Ty>),
}

/// An object type: known properties (lowercase names, as GitHub compares them), an optional type of
/// every other property, and whether other properties are an error.
#[derive(Clone, Debug, PartialEq, Default)]
pub(crate) struct Obj {
    /// Shared: context types are cloned for every reference, so cloning must be cheap.
    pub(crate) props: Rc<BTreeMap<String, Ty>>,
    pub(crate) mapped: Option<Box<Ty>>,
    pub(crate) strict: bool,
}

impl Obj {
    pub(crate) fn strict() -> Self {
        Self {
            strict: true,
            ..Self::default()
        }
    }

    pub(crate) fn loose() -> Self {
        Self::default()
    }

    pub(crate) fn mapped(ty: Ty) -> Self {
        Self {
            mapped: Some(Box::new(ty)),
            strict: true,
            ..Self::default()
        }
    }

    #[must_use]
    pub(crate) fn with(mut self, name: &str, ty: Ty) -> Self {
        self.insert(name, ty);
        self
    }

    pub(crate) fn insert(&mut self, name: &str, ty: Ty) {
        Rc::make_mut(&mut self.props).insert(name.to_ascii_lowercase(), ty);
    }

    /// Adds a property, merged with the type it already has.
    pub(crate) fn merge_in(&mut self, name: &str, ty: Ty) {
        use std::collections::btree_map::Entry;
        match Rc::make_mut(&mut self.props).entry(name.to_ascii_lowercase()) {
            Entry::Occupied(mut slot) => {
                let existing = std::mem::replace(slot.get_mut(), Ty::Any);
                *slot.get_mut() = existing.merge(ty);
            }
            Entry::Vacant(slot) => {
                slot.insert(ty);
            }
        }
    }

    /// The type of property `name`: `Ok(None)` when unknown but allowed, `Err(())` when it does not exist.
    pub(crate) fn get(&self, name: &str) -> Result<Ty, ()> {
        let found = if name.bytes().any(|b| b.is_ascii_uppercase()) {
            self.props.get(&name.to_ascii_lowercase())
        } else {
            self.props.get(name)
        };
        if let Some(ty) = found {
            return Ok(ty.clone());
        }
        if let Some(ty) = &self.mapped {
            return Ok((**ty).clone());
        }
        if self.strict { Err(()) } else { Ok(Ty::Any) }
    }

    /// The names of the known properties, for messages.
    pub(crate) fn names(&self) -> impl Iterator<Item = &str> {
        self.props.keys().map(String::as_str)
    }
}

impl Ty {
    /// Whether the value is an object, an array or null (useless inside `${{ }}` in a string).
    pub(crate) fn is_composite(&self) -> bool {
        matches!(self, Ty::Object(_) | Ty::Array(_) | Ty::Null)
    }

    /// The common type of two values that may each be the one seen at run time.
    pub(crate) fn merge(self, other: Ty) -> Ty {
        match (self, other) {
            (a, b) if a == b => a,
            (Ty::Any, _) | (_, Ty::Any) => Ty::Any,
            (Ty::Object(mut a), Ty::Object(b)) => {
                for (name, ty) in Rc::unwrap_or_clone(b.props) {
                    a.merge_in(&name, ty);
                }
                a.strict = a.strict && b.strict;
                a.mapped = match (a.mapped, b.mapped) {
                    (Some(x), Some(y)) => Some(Box::new(x.merge(*y))),
                    (x, y) => x.or(y),
                };
                Ty::Object(a)
            }
            (Ty::Array(a), Ty::Array(b)) => Ty::Array(Box::new(a.merge(*b))),
            _ => Ty::Any,
        }
    }

    /// The type of a YAML value written in a workflow (a matrix value, an input default).
    pub(crate) fn of_value(value: &Value, expr: &mut dyn FnMut(&str) -> Ty) -> Ty {
        match value {
            Value::Null => Ty::Null,
            Value::Bool(_) => Ty::Bool,
            Value::Number(_) => Ty::Number,
            Value::String(s) => {
                if super::has_expression(s) {
                    expr(s)
                } else {
                    Ty::String
                }
            }
            Value::Sequence(items) => {
                let mut elem: Option<Ty> = None;
                for item in items {
                    let ty = Ty::of_value(item, expr);
                    elem = Some(match elem {
                        Some(e) => e.merge(ty),
                        None => ty,
                    });
                }
                Ty::Array(Box::new(elem.unwrap_or(Ty::Any)))
            }
            Value::Mapping(map) => {
                let mut obj = Obj::strict();
                for (k, v) in map {
                    obj.insert(k, Ty::of_value(v, expr));
                }
                Ty::Object(obj)
            }
        }
    }
}

impl fmt::Display for Ty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ty::Any => f.write_str("any"),
            Ty::Null => f.write_str("null"),
            Ty::Bool => f.write_str("bool"),
            Ty::Number => f.write_str("number"),
            Ty::String => f.write_str("string"),
            Ty::Array(elem) => write!(f, "array<{elem}>"),
            Ty::Object(obj) => {
                if obj.props.is_empty() {
                    return match (&obj.mapped, obj.strict) {
                        (Some(ty), _) => write!(f, "{{string => {ty}}}"),
                        (None, true) => f.write_str("{}"),
                        (None, false) => f.write_str("object"),
                    };
                }
                f.write_str("{")?;
                for (i, (name, ty)) in obj.props.iter().enumerate() {
                    if i > 0 {
                        f.write_str("; ")?;
                    }
                    write!(f, "{name}: {ty}")?;
                }
                f.write_str("}")
            }
        }
    }
}

const STRING: Ty = Ty::String;

/// The `github` context; `dispatch_inputs` types `github.event.inputs`.
pub(crate) fn github(dispatch_inputs: Option<Obj>) -> Ty {
    let mut obj = Obj::strict();
    for name in [
        "action",
        "action_path",
        "action_ref",
        "action_repository",
        "action_status",
        "actor",
        "actor_id",
        "api_url",
        // The files that declare a step's artifacts and list the job's (contexts reference, 2026).
        "artifacts",
        "artifacts_list",
        "base_ref",
        "env",
        "event_name",
        "event_path",
        "graphql_url",
        "head_ref",
        "job",
        "job_workflow_sha",
        "output",
        "path",
        "ref",
        "ref_name",
        "ref_type",
        "repository",
        "repository_id",
        "repository_owner",
        "repository_owner_id",
        "repositoryurl",
        "repository_visibility",
        "run_attempt",
        "run_id",
        "run_number",
        "secret_source",
        "server_url",
        "sha",
        "state",
        "step_summary",
        "token",
        "triggering_actor",
        "workflow",
        "workflow_ref",
        "workflow_sha",
        "workspace",
    ] {
        obj.insert(name, STRING);
    }
    obj.insert("ref_protected", Ty::Bool);
    obj.insert("retention_days", Ty::Number);
    let mut event = Obj::loose();
    if let Some(inputs) = dispatch_inputs {
        event.insert("inputs", Ty::Object(inputs));
    }
    obj.insert("event", Ty::Object(event));
    Ty::Object(obj)
}

/// The `runner` context.
pub(crate) fn runner() -> Ty {
    let mut obj = Obj::strict();
    for name in [
        "arch",
        "debug",
        "environment",
        "name",
        "os",
        "temp",
        "tool_cache",
        "workspace",
    ] {
        obj.insert(name, STRING);
    }
    Ty::Object(obj)
}

/// The `job` context.
pub(crate) fn job() -> Ty {
    let container = Obj::strict().with("id", STRING).with("network", STRING);
    let service = Obj::strict()
        .with("id", STRING)
        .with("network", STRING)
        .with("ports", Ty::Object(Obj::mapped(STRING)));
    Ty::Object(
        Obj::strict()
            .with("check_run_id", Ty::Number)
            .with("container", Ty::Object(container))
            .with("services", Ty::Object(Obj::mapped(Ty::Object(service))))
            .with("status", STRING)
            .with("workflow_ref", STRING)
            .with("workflow_sha", STRING)
            .with("workflow_repository", STRING)
            .with("workflow_file_path", STRING),
    )
}

/// The `strategy` context.
pub(crate) fn strategy() -> Ty {
    Ty::Object(
        Obj::strict()
            .with("fail-fast", Ty::Bool)
            .with("job-index", Ty::Number)
            .with("job-total", Ty::Number)
            .with("max-parallel", Ty::Number),
    )
}

/// `env`, `vars` and `secrets`: any name, string values.
pub(crate) fn string_map() -> Ty {
    Ty::Object(Obj::mapped(STRING))
}

/// The type an input of `workflow_dispatch` or `workflow_call` has in `inputs`.
pub(crate) fn input(input: &Input) -> Ty {
    match &input.r#type {
        Some(InputType::Boolean) => Ty::Bool,
        Some(InputType::Number) => Ty::Number,
        Some(InputType::String | InputType::Choice | InputType::Environment) | None => STRING,
        Some(_) => Ty::Any,
    }
}

/// One step in `steps`.
pub(crate) fn step() -> Ty {
    Ty::Object(
        Obj::strict()
            .with("outputs", Ty::Object(Obj::mapped(STRING)))
            .with("conclusion", STRING)
            .with("outcome", STRING),
    )
}

/// The result of a function call, and the parameters it accepts: `Some(param)` per argument position for
/// functions whose parameter types are known.
pub(crate) fn function_params(name: &str) -> Option<&'static [Param]> {
    Some(match name.to_ascii_lowercase().as_str() {
        "startswith" | "endswith" => &[Param::String, Param::String],
        "contains" => &[Param::StringOrArray, Param::Any],
        "format" => &[Param::String],
        "join" => &[Param::StringOrArray, Param::String],
        "fromjson" => &[Param::String],
        "hashfiles" => &[Param::String],
        _ => return None,
    })
}

/// What a function parameter accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Param {
    Any,
    /// A string, or a value GitHub converts to one (number, boolean, null).
    String,
    StringOrArray,
}

impl Param {
    pub(crate) fn accepts(self, ty: &Ty) -> bool {
        match self {
            Param::Any => true,
            Param::String => !matches!(ty, Ty::Object(_) | Ty::Array(_)),
            Param::StringOrArray => !matches!(ty, Ty::Object(_)),
        }
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Param::Any => "any",
            Param::String => "string",
            Param::StringOrArray => "string or array",
        }
    }
}

/// The type a call returns.
pub(crate) fn function_result(name: &str, args: &[Ty]) -> Ty {
    match name.to_ascii_lowercase().as_str() {
        "contains" | "startswith" | "endswith" | "success" | "always" | "cancelled" | "failure" => {
            Ty::Bool
        }
        "format" | "join" | "tojson" | "hashfiles" => Ty::String,
        "case" => {
            let mut result: Option<Ty> = None;
            for (i, ty) in args.iter().enumerate() {
                if i % 2 == 1 || i == args.len() - 1 {
                    result = Some(match result {
                        Some(r) => r.merge(ty.clone()),
                        None => ty.clone(),
                    });
                }
            }
            result.unwrap_or(Ty::Any)
        }
        _ => Ty::Any,
    }
}
