//! Typed bindings of actions from their metadata (`action.yml`): Rust source generated from an action's
//! inputs and outputs, the argument types that source uses, and the checks of a step against the
//! metadata of the action it uses.
//!
//! - [`generate`] writes the source of a binding: required inputs are the arguments of `new`, every other
//!   input is a chaining method, deprecated inputs are `#[deprecated]`, and outputs are expressions read
//!   through the step's [`StepRef`](crate::model::StepRef). `pipeline bindings FILE` prints it, and the SDK
//!   ships a generated set in `pipeline_sdk::actions`.
//! - [`Interface`] is what a binding is generated from: each input and output with its Rust name (see
//!   [`method_name`] for the rules), its [`Kind`] and its default.
//! - [`check_step`] and [`check_job`] compare steps with the metadata of the actions they use: unknown
//!   and missing inputs, deprecated inputs, and `steps.<id>.outputs.<name>` reading an output the action
//!   does not have.
//!
//! # Rust names
//!
//! Input and output names become Rust method names by these rules, in order ([`method_name`]):
//!
//! 1. The name is split into words at every character that is not an ASCII letter or digit (`-`, `_`,
//!    `.`, spaces) and where a lower-case letter or a digit is followed by an upper-case one
//!    (`enableCrossOsArchive`); a run of capitals is one word (`GITHUB_TOKEN`, `HTTPProxy`).
//! 2. A method is the words in lower case, joined by `_`: `node-version` is `node_version`.
//! 3. A method that would start with a digit gets a prefix (`input_` for inputs, `output_` for
//!    outputs): `2fa-code` is `input_2fa_code`.
//! 4. A Rust keyword is written raw (`use` is `r#use`); the few that cannot be raw (`self`, `super`,
//!    `crate`) get a trailing `_`.
//! 5. An input named like a method the binding itself has (`new`, `step`, `outputs`, `with`) gets the
//!    suffix `_input`: an input called `with` is the method `with_input`.
//! 6. Two names that end up equal are told apart in the metadata's order: the first keeps the name,
//!    the next gets `_2`, then `_3`, and the method's documentation names the input it sets.
//!
//! A name without a single ASCII letter or digit has no Rust spelling and is an error, as are two
//! inputs (or outputs) whose names differ only in case, which GitHub reads as one.
//!
//! ```
//! use pipeline_core::bindings::{Options, generate};
//! let action = pipeline_core::parse::action(
//!     "name: Greet\ndescription: Greets\ninputs:\n  who:\n    required: true\nruns:\n  using: node24\n  main: index.js\n",
//! ).unwrap().value;
//! let code = generate(&action, "acme/greet@v1", &Options::new()).unwrap();
//! assert!(code.contains("pub fn new(who: impl Into<::pipeline_sdk::bindings::Arg>) -> Self {"));
//! ```

mod check;
mod generate;
mod interface;
mod names;

pub use check::{DYNAMIC_OUTPUTS, check_job, check_step, check_steps};
pub use generate::{Options, generate};
pub use interface::{BindingError, BindingErrors, BoundInput, BoundOutput, Interface, Kind};
pub use names::{method_name, type_name};

use crate::expr::{Expr, Template};
use crate::model::{Mapping, Number, Value};

/// The `with:` entries in the order of `names` (the metadata's order of inputs), whatever order they
/// were set in; entries not in `names` follow, in their own order. Generated bindings call it, so
/// their steps list inputs as the action's documentation does.
///
/// ```
/// use pipeline_core::bindings::ordered;
/// use pipeline_core::model::{Mapping, Value};
/// let with = Mapping::from_iter([
///     ("path".to_owned(), Value::from("dist")),
///     ("x".to_owned(), Value::from(1)),
///     ("name".to_owned(), Value::from("site")),
/// ]);
/// let keys: Vec<String> = ordered(&with, &["name", "path"]).into_keys().collect();
/// assert_eq!(keys, ["name", "path", "x"]);
/// ```
#[must_use]
pub fn ordered(with: &Mapping, names: &[&str]) -> Mapping {
    let mut out = with.clone();
    out.sort_by_cached_key(|key, _| names.iter().position(|n| n == key).unwrap_or(names.len()));
    out
}

/// The value of an input a binding does not type further: a string, a number, a boolean or an
/// expression. GitHub hands every input to the action as a string.
///
/// ```
/// use pipeline_core::bindings::Arg;
/// use pipeline_core::expr::github;
/// use pipeline_core::model::Value;
/// assert_eq!(Arg::from("npm").into_value(), Value::from("npm"));
/// assert_eq!(Arg::from(20).into_value(), Value::from(20));
/// assert_eq!(Arg::from(github::sha()).into_value(), Value::from("${{ github.sha }}"));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Arg(Value);

/// The value of an input whose default is a boolean: `true`, `false` or an expression.
///
/// ```
/// use pipeline_core::bindings::BoolArg;
/// use pipeline_core::expr::matrix;
/// use pipeline_core::model::Value;
/// assert_eq!(BoolArg::from(true).into_value(), Value::Bool(true));
/// assert_eq!(BoolArg::from(matrix("latest")).into_value(), Value::from("${{ matrix.latest }}"));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct BoolArg(Value);

/// The value of an input whose default is a number: a number or an expression.
///
/// ```
/// use pipeline_core::bindings::NumberArg;
/// use pipeline_core::model::Value;
/// assert_eq!(NumberArg::from(3).into_value(), Value::from(3));
/// assert_eq!(NumberArg::from(0.5).into_value(), Value::from(0.5));
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct NumberArg(Value);

macro_rules! into_value {
    ($($t:ty),*) => {$(
        impl $t {
            /// The value as `with:` holds it.
            #[must_use]
            pub fn into_value(self) -> Value {
                self.0
            }
        }

        impl From<$t> for Value {
            fn from(arg: $t) -> Self {
                arg.0
            }
        }

        impl From<Expr> for $t {
            /// The expression as a value: the string `${{ ... }}`.
            fn from(expr: Expr) -> Self {
                Self(Value::String(expr.to_string()))
            }
        }

        impl From<&Expr> for $t {
            fn from(expr: &Expr) -> Self {
                Self(Value::String(expr.to_string()))
            }
        }
    )*};
}
into_value!(Arg, BoolArg, NumberArg);

macro_rules! numbers {
    ($($n:ty),*) => {$(
        impl From<$n> for Arg {
            fn from(n: $n) -> Self {
                Self(Value::Number(Number::from(n)))
            }
        }

        impl From<$n> for NumberArg {
            fn from(n: $n) -> Self {
                Self(Value::Number(Number::from(n)))
            }
        }
    )*};
}
numbers!(i8, i16, i32, i64, u8, u16, u32, u64, usize, f32, f64);

impl From<Number> for Arg {
    fn from(n: Number) -> Self {
        Self(Value::Number(n))
    }
}

impl From<Number> for NumberArg {
    fn from(n: Number) -> Self {
        Self(Value::Number(n))
    }
}

impl From<bool> for Arg {
    fn from(b: bool) -> Self {
        Self(Value::Bool(b))
    }
}

impl From<bool> for BoolArg {
    fn from(b: bool) -> Self {
        Self(Value::Bool(b))
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Self(Value::String(s.to_owned()))
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Self {
        Self(Value::String(s))
    }
}

impl From<&String> for Arg {
    fn from(s: &String) -> Self {
        Self(Value::String(s.clone()))
    }
}

impl From<Template> for Arg {
    /// Text with embedded expressions: `${{ runner.os }}-cargo`.
    fn from(template: Template) -> Self {
        Self(Value::String(template.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::{Template, runner};

    #[test]
    fn args() {
        assert_eq!(Arg::from(String::from("x")).into_value(), Value::from("x"));
        assert_eq!(Arg::from(&String::from("x")).into_value(), Value::from("x"));
        assert_eq!(Arg::from(true).into_value(), Value::Bool(true));
        assert_eq!(Arg::from(1.5).into_value(), Value::from(1.5));
        let key = Template::new().expr(runner::os()).text("-cargo");
        assert_eq!(
            Arg::from(key).into_value(),
            Value::from("${{ runner.os }}-cargo")
        );
        assert_eq!(Value::from(BoolArg::from(false)), Value::Bool(false));
        assert_eq!(
            NumberArg::from(&runner::os()).into_value(),
            Value::from("${{ runner.os }}")
        );
        assert_eq!(
            NumberArg::from(Number::from(2)).into_value(),
            Value::from(2)
        );
    }
}
