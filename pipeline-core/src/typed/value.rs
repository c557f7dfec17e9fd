//! The Rust types a typed field may have, and what each becomes in YAML: [`ToValue`], [`InputKind`] and
//! [`Choice`].

use crate::expr::Expr;
use crate::model::{ExprOr, Input, Number, Value};

/// A Rust value written into YAML by a derive: a matrix value, an input default, an action's `with:` entry.
///
/// Implemented for strings, booleans, numbers, [`Expr`] (written as `${{ ... }}`), [`ExprOr`], [`Value`] and
/// every [`Choice`] enum.
///
/// ```
/// use pipeline_core::expr::github;
/// use pipeline_core::model::Value;
/// use pipeline_core::typed::ToValue;
///
/// assert_eq!("ubuntu-latest".to_value(), Value::from("ubuntu-latest"));
/// assert_eq!(20u8.to_value(), Value::from(20));
/// assert_eq!(github::sha().to_value(), Value::from("${{ github.sha }}"));
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be written as a YAML value of a typed field",
    label = "not a string, boolean, number, expression or `#[derive(Choice)]` enum",
    note = "typed fields take `String`, `&str`, `bool`, integers, floats, `Expr`, `ExprOr<T>`, `Value` or an enum deriving `Choice`"
)]
pub trait ToValue {
    /// The value as YAML data.
    fn to_value(&self) -> Value;
}

/// A Rust type that can be the type of a `workflow_dispatch` or `workflow_call` input: `String` is
/// `string`, `bool` is `boolean`, the numbers are `number`, and a [`Choice`] enum is `choice` with its
/// options.
///
/// ```
/// use pipeline_core::model::InputType;
/// use pipeline_core::typed::InputKind;
///
/// assert_eq!(String::input().r#type, Some(InputType::String));
/// assert_eq!(u32::input().r#type, Some(InputType::Number));
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be the type of a workflow input",
    label = "not `String`, `bool`, a number or a `#[derive(Choice)]` enum",
    note = "inputs are `String` (string), `bool` (boolean), integers and floats (number) or an enum deriving `Choice` (choice); wrap the type in `Option` for an input that is not required"
)]
pub trait InputKind: ToValue {
    /// An input of this type, with nothing else set.
    fn input() -> Input;
}

/// A unit enum whose variants are a fixed set of strings: the options of a `choice` input, the values of a
/// matrix axis. `#[derive(Choice)]` implements it, naming variants in kebab-case (`UbuntuLatest` is
/// `ubuntu-latest`) unless `#[choice(rename = "..")]` or `#[choice(rename_all = "..")]` says otherwise.
///
/// ```
/// use pipeline_core::typed::Choice;
///
/// #[derive(Clone, Copy, Debug, PartialEq)]
/// enum Environment { Staging, Production }
///
/// impl Choice for Environment {
///     const OPTIONS: &'static [&'static str] = &["staging", "production"];
///     const ALL: &'static [Self] = &[Environment::Staging, Environment::Production];
///     fn as_str(&self) -> &'static str {
///         match self {
///             Environment::Staging => "staging",
///             Environment::Production => "production",
///         }
///     }
/// }
///
/// assert_eq!(Environment::parse("production"), Some(Environment::Production));
/// assert_eq!(Environment::parse("dev"), None);
/// ```
pub trait Choice: Sized + 'static {
    /// The options, in declaration order.
    const OPTIONS: &'static [&'static str];
    /// The variants, in declaration order: `Os::ALL.to_vec()` is every value of a matrix axis.
    const ALL: &'static [Self];

    /// The option this variant stands for.
    fn as_str(&self) -> &'static str;

    /// The variant for an option, if there is one (options compare exactly).
    #[must_use]
    fn parse(option: &str) -> Option<Self>
    where
        Self: Clone,
    {
        Self::ALL
            .iter()
            .find(|variant| variant.as_str() == option)
            .cloned()
    }
}

impl<T: Choice> ToValue for T {
    fn to_value(&self) -> Value {
        Value::String(self.as_str().to_owned())
    }
}

impl<T: Choice> InputKind for T {
    fn input() -> Input {
        Input::choice(T::OPTIONS.iter().copied())
    }
}

impl ToValue for String {
    fn to_value(&self) -> Value {
        Value::String(self.clone())
    }
}

impl ToValue for str {
    fn to_value(&self) -> Value {
        Value::String(self.to_owned())
    }
}

impl ToValue for &str {
    fn to_value(&self) -> Value {
        Value::String((*self).to_owned())
    }
}

impl ToValue for bool {
    fn to_value(&self) -> Value {
        Value::Bool(*self)
    }
}

impl ToValue for Number {
    fn to_value(&self) -> Value {
        Value::Number(*self)
    }
}

impl ToValue for Expr {
    /// The string `${{ ... }}`.
    fn to_value(&self) -> Value {
        Value::String(self.to_string())
    }
}

impl ToValue for Value {
    fn to_value(&self) -> Value {
        self.clone()
    }
}

impl<T: ToValue> ToValue for ExprOr<T> {
    fn to_value(&self) -> Value {
        match self {
            ExprOr::Value(value) => value.to_value(),
            ExprOr::Expr(expression) => Value::String(expression.clone()),
        }
    }
}

impl InputKind for String {
    fn input() -> Input {
        Input::string()
    }
}

impl InputKind for bool {
    fn input() -> Input {
        Input::boolean()
    }
}

macro_rules! numbers {
    ($($t:ty),*) => {$(
        impl ToValue for $t {
            fn to_value(&self) -> Value {
                Value::Number(Number::from(*self))
            }
        }

        impl InputKind for $t {
            fn input() -> Input {
                Input::number()
            }
        }
    )*};
}

numbers!(i8, i16, i32, i64, u8, u16, u32, u64, usize, f32, f64);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::InputType;

    #[derive(Clone, Copy, Debug, PartialEq)]
    enum Os {
        Linux,
        Windows,
    }

    impl Choice for Os {
        const OPTIONS: &'static [&'static str] = &["ubuntu-latest", "windows-latest"];
        const ALL: &'static [Self] = &[Os::Linux, Os::Windows];
        fn as_str(&self) -> &'static str {
            Self::OPTIONS[*self as usize]
        }
    }

    fn check(value: &dyn ToValue, expected: Value) {
        assert_eq!(value.to_value(), expected);
    }

    #[test]
    fn values() {
        check(&"x", Value::from("x"));
        check(&String::from("x"), Value::from("x"));
        check(&true, Value::Bool(true));
        check(&-3i64, Value::from(-3));
        check(&1.5f64, Value::from(1.5));
        check(&Os::Windows, Value::from("windows-latest"));
        check(
            &ExprOr::<bool>::Expr("${{ x }}".into()),
            Value::from("${{ x }}"),
        );
        check(&ExprOr::Value(false), Value::Bool(false));
        check(&Value::Null, Value::Null);
    }

    #[test]
    fn input_kinds() {
        assert_eq!(String::input().r#type, Some(InputType::String));
        assert_eq!(bool::input().r#type, Some(InputType::Boolean));
        assert_eq!(f64::input().r#type, Some(InputType::Number));
        let choice = Os::input();
        assert_eq!(choice.r#type, Some(InputType::Choice));
        assert_eq!(
            choice.options,
            Some(vec!["ubuntu-latest".into(), "windows-latest".into()])
        );
        assert_eq!(Os::parse("windows-latest"), Some(Os::Windows));
    }
}
