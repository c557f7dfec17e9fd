//! An action's interface as a binding sees it: every input and output with its Rust name, whether the
//! step must pass it, its kind and its default; every problem of the metadata that stops a binding.

use super::names::{disambiguate, method_name};
use crate::model::{Action, Value};
use std::fmt;

/// What values an input takes, as far as its metadata tells. Action metadata has no types, so the kind
/// is read from the default:
///
/// | default | kind |
/// |---|---|
/// | `true`, `false` (or the strings `"true"`, `"false"`, in any case) | [`Kind::Boolean`] |
/// | a number (not a string holding one: `'6'` stays a string) | [`Kind::Number`] |
/// | anything else, or none | [`Kind::Any`] |
///
/// ```
/// use pipeline_core::bindings::Kind;
/// use pipeline_core::model::Value;
/// assert_eq!(Kind::of(Some(&Value::from("false"))), Kind::Boolean);
/// assert_eq!(Kind::of(Some(&Value::from(3))), Kind::Number);
/// assert_eq!(Kind::of(Some(&Value::from("6"))), Kind::Any);
/// assert_eq!(Kind::of(None), Kind::Any);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A boolean or an expression: [`BoolArg`](super::BoolArg).
    Boolean,
    /// A number or an expression: [`NumberArg`](super::NumberArg).
    Number,
    /// A string, number, boolean or expression: [`Arg`](super::Arg).
    Any,
}

impl Kind {
    /// The kind of an input with this default.
    #[must_use]
    pub fn of(default: Option<&Value>) -> Self {
        match default {
            Some(Value::Bool(_)) => Self::Boolean,
            Some(Value::String(s))
                if s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("false") =>
            {
                Self::Boolean
            }
            Some(Value::Number(_)) => Self::Number,
            _ => Self::Any,
        }
    }

    /// The words for the kind in documentation.
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Self::Boolean => "a boolean or an expression",
            Self::Number => "a number or an expression",
            Self::Any => "a string, number, boolean or expression",
        }
    }

    /// The argument type, under the `bindings` module of `krate`.
    pub(crate) fn arg_type(self, krate: &str) -> String {
        let name = match self {
            Self::Boolean => "BoolArg",
            Self::Number => "NumberArg",
            Self::Any => "Arg",
        };
        format!("{krate}::bindings::{name}")
    }
}

/// One input of a binding.
#[derive(Clone, Debug, PartialEq)]
pub struct BoundInput {
    /// The input's name, as the metadata and `with:` spell it.
    pub name: String,
    /// The Rust method (or constructor argument) that sets it.
    pub method: String,
    /// What values it takes.
    pub kind: Kind,
    /// Whether a step must pass it: the metadata requires it, gives no default, and does not deprecate
    /// it. Such an input is an argument of the binding's `new`.
    pub needed: bool,
    /// Whether the metadata says `required`, whatever the default.
    pub required: bool,
    /// The default, when the metadata gives one.
    pub default: Option<Value>,
    /// Whether the metadata has a `deprecationMessage` for it.
    pub deprecated: bool,
    /// The input whose Rust name this one would have shared (rule 6 of the [naming rules](super)).
    pub renamed_after: Option<String>,
}

/// One output of a binding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BoundOutput {
    /// The output's name, as `steps.<id>.outputs.<name>` reads it.
    pub name: String,
    /// The Rust method that reads it.
    pub method: String,
    /// The output whose Rust name this one would have shared.
    pub renamed_after: Option<String>,
}

/// An action's interface with Rust names: what a binding is generated from, and what
/// [`check_step`](super::check_step) checks a step against.
///
/// ```
/// use pipeline_core::bindings::Interface;
/// let action = pipeline_core::parse::action(
///     "name: Cache\ndescription: Caches\ninputs:\n  path:\n    required: true\n  lookup-only:\n    default: 'false'\noutputs:\n  cache-hit:\n    description: Hit\nruns:\n  using: node24\n  main: index.js\n",
/// ).unwrap().value;
/// let interface = Interface::of(&action).unwrap();
/// assert!(interface.inputs[0].needed);
/// assert_eq!(interface.inputs[1].method, "lookup_only");
/// assert_eq!(interface.outputs[0].method, "cache_hit");
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Interface {
    /// The inputs, in the metadata's order.
    pub inputs: Vec<BoundInput>,
    /// The outputs, in the metadata's order.
    pub outputs: Vec<BoundOutput>,
    /// `runs.using`, when the metadata says it.
    pub using: Option<String>,
}

/// A problem in an action's metadata, or in what a binding was asked to be, that stops generation.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BindingError {
    /// The `uses` reference cannot name an action with metadata.
    #[error("`{uses}` is not an action reference a binding can use: {reason}")]
    Uses {
        /// The reference as given.
        uses: String,
        /// What is wrong, and the forms that work.
        reason: &'static str,
    },
    /// Two inputs (or two outputs) have names that GitHub reads as one.
    #[error(
        "{what} `{name}` is declared twice (also as `{first}`); GitHub compares {what} names without regard to case"
    )]
    Duplicate {
        /// `input` or `output`.
        what: &'static str,
        /// The second name.
        name: String,
        /// The first name.
        first: String,
    },
    /// A name without any ASCII letter or digit, which has no Rust spelling.
    #[error("{what} `{name}` has no ASCII letter or digit, so no Rust name can stand for it")]
    Unnamed {
        /// `input` or `output`.
        what: &'static str,
        /// The name.
        name: String,
    },
    /// `required` holds something other than a boolean.
    #[error("input `{name}`: `required` is `{value}`; write `true` or `false`")]
    Required {
        /// The input.
        name: String,
        /// The value as written.
        value: String,
    },
    /// `default` holds a list or a mapping.
    #[error(
        "input `{name}`: `default` is {kind}; GitHub passes inputs as strings, so a default is a string, a number or a boolean"
    )]
    Default {
        /// The input.
        name: String,
        /// What the default is.
        kind: &'static str,
    },
    /// The type name asked for, or derived from the reference, is not a Rust type name.
    #[error(
        "`{name}` is not a Rust type name; name the binding's type with letters, digits and `_`"
    )]
    TypeName {
        /// The name.
        name: String,
    },
}

/// Every problem found, in the metadata's order; displayed one per line.
///
/// ```
/// use pipeline_core::bindings::{BindingError, Interface};
/// let action = pipeline_core::parse::action(
///     "name: X\ndescription: X\ninputs:\n  path:\n    required: maybe\n  Path: {}\nruns:\n  using: node24\n  main: x.js\n",
/// ).unwrap().value;
/// let errors = Interface::of(&action).unwrap_err();
/// assert_eq!(errors.0.len(), 2);
/// assert!(matches!(errors.0[0], BindingError::Required { .. }));
/// assert_eq!(errors.to_string().lines().count(), 2);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BindingErrors(pub Vec<BindingError>);

impl fmt::Display for BindingErrors {
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

impl std::error::Error for BindingErrors {}

impl Interface {
    /// Reads an action's inputs and outputs, naming each in Rust, and reports every problem.
    ///
    /// # Errors
    /// Inputs or outputs declared twice (without regard to case), names without a letter or digit,
    /// a `required` that is not a boolean, a default that is a list or a mapping.
    pub fn of(action: &Action) -> Result<Self, BindingErrors> {
        let mut errors = Vec::new();
        let mut inputs = Vec::new();
        let mut seen: Vec<&str> = Vec::new();
        let mut methods = Vec::new();
        for (name, input) in action.inputs.iter().flatten() {
            if let Some(first) = seen.iter().find(|s| s.eq_ignore_ascii_case(name)) {
                errors.push(BindingError::Duplicate {
                    what: "input",
                    name: name.clone(),
                    first: (*first).to_owned(),
                });
                continue;
            }
            seen.push(name);
            let Some(method) = method_name(name, "input") else {
                errors.push(BindingError::Unnamed {
                    what: "input",
                    name: name.clone(),
                });
                continue;
            };
            let required = match &input.required {
                None | Some(Value::Null) | Some(Value::Bool(_)) => input.is_required(),
                Some(Value::String(s)) if is_yaml_bool(s) => input.is_required(),
                Some(other) => {
                    errors.push(BindingError::Required {
                        name: name.clone(),
                        value: other.to_string(),
                    });
                    false
                }
            };
            let default = match &input.default {
                None | Some(Value::Null) => None,
                Some(value @ (Value::Sequence(_) | Value::Mapping(_))) => {
                    errors.push(BindingError::Default {
                        name: name.clone(),
                        kind: value.kind(),
                    });
                    None
                }
                Some(value) => Some(value.clone()),
            };
            let deprecated = input.deprecation_message.is_some();
            methods.push(method.clone());
            inputs.push(BoundInput {
                name: name.clone(),
                method,
                kind: Kind::of(default.as_ref()),
                needed: required && default.is_none() && !deprecated,
                required,
                default,
                deprecated,
                renamed_after: None,
            });
        }
        let names: Vec<String> = inputs.iter().map(|i| i.name.clone()).collect();
        for (input, (method, after)) in inputs.iter_mut().zip(disambiguate(&methods)) {
            input.method = method;
            input.renamed_after = after.map(|i| names[i].clone());
        }

        let mut outputs = Vec::new();
        let mut seen: Vec<&str> = Vec::new();
        let mut methods = Vec::new();
        for name in action.outputs.iter().flat_map(|o| o.keys()) {
            if let Some(first) = seen.iter().find(|s| s.eq_ignore_ascii_case(name)) {
                errors.push(BindingError::Duplicate {
                    what: "output",
                    name: name.clone(),
                    first: (*first).to_owned(),
                });
                continue;
            }
            seen.push(name);
            match method_name(name, "output") {
                Some(method) => {
                    methods.push(method.clone());
                    outputs.push(BoundOutput {
                        name: name.clone(),
                        method,
                        renamed_after: None,
                    });
                }
                None => errors.push(BindingError::Unnamed {
                    what: "output",
                    name: name.clone(),
                }),
            }
        }
        let spelled = disambiguate(&methods);
        let names: Vec<String> = outputs.iter().map(|o| o.name.clone()).collect();
        for (output, (method, after)) in outputs.iter_mut().zip(spelled) {
            output.method = method;
            output.renamed_after = after.map(|i| names[i].clone());
        }

        if errors.is_empty() {
            Ok(Self {
                inputs,
                outputs,
                using: action.runs.as_ref().map(|r| r.using().to_owned()),
            })
        } else {
            Err(BindingErrors(errors))
        }
    }

    /// The inputs a step must pass, in order: the arguments of a binding's `new`.
    pub fn needed(&self) -> impl Iterator<Item = &BoundInput> {
        self.inputs.iter().filter(|i| i.needed)
    }

    /// The input called `name`, compared as GitHub does, without regard to case.
    ///
    /// ```
    /// use pipeline_core::bindings::{Interface, Kind};
    /// let action = pipeline_core::parse::action(
    ///     "name: X\ndescription: X\ninputs:\n  fetch-depth:\n    default: 1\nruns:\n  using: docker\n  image: Dockerfile\n",
    /// ).unwrap().value;
    /// let interface = Interface::of(&action).unwrap();
    /// assert_eq!(interface.input("Fetch-Depth").unwrap().kind, Kind::Number);
    /// assert!(interface.output("x").is_none());
    /// assert!(interface.is_docker());
    /// ```
    #[must_use]
    pub fn input(&self, name: &str) -> Option<&BoundInput> {
        self.inputs
            .iter()
            .find(|i| i.name.eq_ignore_ascii_case(name))
    }

    /// The output called `name`, compared without regard to case.
    #[must_use]
    pub fn output(&self, name: &str) -> Option<&BoundOutput> {
        self.outputs
            .iter()
            .find(|o| o.name.eq_ignore_ascii_case(name))
    }

    /// Whether the action runs in a Docker container, whose steps may also pass `args` and
    /// `entrypoint` under `with:`.
    #[must_use]
    pub fn is_docker(&self) -> bool {
        self.using.as_deref() == Some("docker")
    }
}

/// The words GitHub's runner reads as booleans in `required`.
fn is_yaml_bool(s: &str) -> bool {
    matches!(
        s.to_ascii_lowercase().as_str(),
        "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ActionInput;
    use indexmap::IndexMap;

    fn action(inputs: &[(&str, ActionInput)], outputs: &[&str]) -> Action {
        Action {
            inputs: Some(
                inputs
                    .iter()
                    .map(|(n, i)| ((*n).to_owned(), i.clone()))
                    .collect::<IndexMap<_, _>>(),
            ),
            outputs: Some(
                outputs
                    .iter()
                    .map(|n| ((*n).to_owned(), crate::model::ActionOutput::default()))
                    .collect(),
            ),
            ..Action::default()
        }
    }

    fn input(required: Option<Value>, default: Option<Value>) -> ActionInput {
        ActionInput {
            required,
            default,
            ..ActionInput::default()
        }
    }

    #[test]
    fn needed_inputs() {
        let a = action(
            &[
                ("a", input(Some(true.into()), None)),
                ("b", input(Some(true.into()), Some("x".into()))),
                ("c", input(Some("yes".into()), None)),
                ("d", input(None, None)),
                (
                    "e",
                    ActionInput {
                        deprecation_message: Some("old".into()),
                        ..input(Some(true.into()), None)
                    },
                ),
            ],
            &[],
        );
        let interface = Interface::of(&a).unwrap();
        let needed: Vec<&str> = interface.needed().map(|i| i.name.as_str()).collect();
        assert_eq!(needed, ["a", "c"]);
        assert!(interface.inputs[1].required);
        assert!(interface.inputs[4].deprecated);
    }

    #[test]
    fn collisions_are_named() {
        let a = action(
            &[
                ("node-version", input(None, None)),
                ("node_version", input(None, None)),
                ("nodeVersion", input(None, None)),
            ],
            &["x-y", "x_y"],
        );
        let interface = Interface::of(&a).unwrap();
        let methods: Vec<&str> = interface.inputs.iter().map(|i| i.method.as_str()).collect();
        assert_eq!(
            methods,
            ["node_version", "node_version_2", "node_version_3"]
        );
        assert_eq!(interface.inputs[0].renamed_after, None);
        assert_eq!(
            interface.inputs[2].renamed_after.as_deref(),
            Some("node-version")
        );
        assert_eq!(interface.outputs[1].method, "x_y_2");
        assert_eq!(interface.outputs[1].renamed_after.as_deref(), Some("x-y"));
    }

    #[test]
    fn every_problem_is_reported() {
        let a = action(
            &[
                ("path", input(None, None)),
                ("PATH", input(None, None)),
                ("--", input(None, None)),
                ("r", input(Some("maybe".into()), None)),
                ("d", input(None, Some(Value::Sequence(vec![])))),
            ],
            &["o", "O"],
        );
        let errors = Interface::of(&a).unwrap_err();
        let text = errors.to_string();
        assert_eq!(errors.0.len(), 5, "{text}");
        assert_eq!(
            text,
            "input `PATH` is declared twice (also as `path`); GitHub compares input names without regard to case\n\
             input `--` has no ASCII letter or digit, so no Rust name can stand for it\n\
             input `r`: `required` is `maybe`; write `true` or `false`\n\
             input `d`: `default` is a sequence; GitHub passes inputs as strings, so a default is a string, a number or a boolean\n\
             output `O` is declared twice (also as `o`); GitHub compares output names without regard to case"
        );
    }
}
