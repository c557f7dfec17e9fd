//! Free-form YAML data, for the keys whose values GitHub does not type: `with:`, `env:`, matrix rows, input
//! defaults. Scalars keep their type: the string `"1"` and the number `1` stay distinct.

use indexmap::IndexMap;
use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A mapping with string keys, in insertion order.
pub type Mapping = IndexMap<String, Value>;

/// A YAML value as GitHub reads it (YAML 1.2 core schema: only `true` and `false` are booleans).
///
/// ```
/// use pipeline_core::model::Value;
/// assert_ne!(Value::from("1"), Value::from(1));
/// assert_eq!(Value::from(true).to_string(), "true");
/// ```
#[derive(Clone, Debug, PartialEq, Default)]
pub enum Value {
    /// `null`, `~` or nothing at all.
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// An integer or a float.
    Number(Number),
    /// A string, however it was quoted.
    String(String),
    /// A list.
    Sequence(Vec<Value>),
    /// A mapping with string keys.
    Mapping(Mapping),
}

impl Value {
    /// The string, if this is one.
    ///
    /// ```
    /// use pipeline_core::model::Value;
    /// assert_eq!(Value::from("x").as_str(), Some("x"));
    /// assert_eq!(Value::from(1).as_str(), None);
    /// ```
    #[must_use]
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Self::String(s) => Some(s),
            _ => None,
        }
    }

    /// The mapping, if this is one.
    #[must_use]
    pub fn as_mapping(&self) -> Option<&Mapping> {
        match self {
            Self::Mapping(m) => Some(m),
            _ => None,
        }
    }

    /// The list, if this is one.
    #[must_use]
    pub fn as_sequence(&self) -> Option<&[Value]> {
        match self {
            Self::Sequence(s) => Some(s),
            _ => None,
        }
    }

    /// A short name of the value's type, for messages ("a string", "a mapping").
    #[must_use]
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Null => "null",
            Self::Bool(_) => "a boolean",
            Self::Number(_) => "a number",
            Self::String(_) => "a string",
            Self::Sequence(_) => "a sequence",
            Self::Mapping(_) => "a mapping",
        }
    }
}

/// Scalars print as GitHub would coerce them to a string; collections print as compact JSON-like text.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Null => Ok(()),
            Self::Bool(b) => write!(f, "{b}"),
            Self::Number(n) => write!(f, "{n}"),
            Self::String(s) => f.write_str(s),
            Self::Sequence(items) => {
                f.write_str("[")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_str("]")
            }
            Self::Mapping(map) => {
                f.write_str("{")?;
                for (i, (k, v)) in map.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{k}: {v}")?;
                }
                f.write_str("}")
            }
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Self::String(s.to_owned())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Self::String(s)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Self::Bool(b)
    }
}

impl From<Number> for Value {
    fn from(n: Number) -> Self {
        Self::Number(n)
    }
}

macro_rules! value_from_int {
    ($($t:ty),*) => {$(
        impl From<$t> for Value {
            fn from(n: $t) -> Self {
                Self::Number(Number::from(n))
            }
        }
    )*};
}
value_from_int!(i8, i16, i32, i64, u8, u16, u32, u64, usize, f32, f64);

impl<T: Into<Value>> From<Vec<T>> for Value {
    fn from(items: Vec<T>) -> Self {
        Self::Sequence(items.into_iter().map(Into::into).collect())
    }
}

impl From<Mapping> for Value {
    fn from(map: Mapping) -> Self {
        Self::Mapping(map)
    }
}

/// A YAML number. Integers and floats stay distinct (`1` is not `1.0`).
///
/// ```
/// use pipeline_core::model::Number;
/// assert_eq!(Number::from(3).to_string(), "3");
/// assert_eq!(Number::from(2.5).to_string(), "2.5");
/// assert_eq!(Number::from(1.0).to_string(), "1.0");
/// ```
#[derive(Clone, Copy, Debug)]
pub enum Number {
    /// An integer that fits `i64`.
    Int(i64),
    /// A positive integer above `i64::MAX`.
    UInt(u64),
    /// A float, including `.inf` and `.nan`.
    Float(f64),
}

impl Number {
    /// The value as `f64`, as GitHub's expressions see every number.
    #[must_use]
    pub fn as_f64(self) -> f64 {
        match self {
            #[allow(clippy::cast_precision_loss)]
            Self::Int(i) => i as f64,
            #[allow(clippy::cast_precision_loss)]
            Self::UInt(u) => u as f64,
            Self::Float(f) => f,
        }
    }

    /// The value as `u64` when it is a non-negative integer.
    #[must_use]
    pub fn as_u64(self) -> Option<u64> {
        match self {
            Self::Int(i) => u64::try_from(i).ok(),
            Self::UInt(u) => Some(u),
            Self::Float(_) => None,
        }
    }
}

impl PartialEq for Number {
    fn eq(&self, other: &Self) -> bool {
        match (*self, *other) {
            (Self::Int(a), Self::Int(b)) => a == b,
            (Self::UInt(a), Self::UInt(b)) => a == b,
            (Self::Float(a), Self::Float(b)) => a == b || (a.is_nan() && b.is_nan()),
            _ => false,
        }
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Self::Int(i) => write!(f, "{i}"),
            Self::UInt(u) => write!(f, "{u}"),
            Self::Float(x) if x.is_nan() => f.write_str(".nan"),
            Self::Float(x) if x.is_infinite() => {
                f.write_str(if x > 0.0 { ".inf" } else { "-.inf" })
            }
            Self::Float(x) => {
                // `{:?}` is the shortest text that reads back as the same f64, and always shows that it is a float.
                let text = format!("{x:?}");
                match text.split_once('e') {
                    // YAML 1.1 readers want a dot in the mantissa and a sign in the exponent.
                    Some((mantissa, exponent)) => {
                        let mantissa = if mantissa.contains('.') {
                            mantissa.to_owned()
                        } else {
                            format!("{mantissa}.0")
                        };
                        let exponent = if exponent.starts_with('-') {
                            exponent.to_owned()
                        } else {
                            format!("+{exponent}")
                        };
                        write!(f, "{mantissa}e{exponent}")
                    }
                    None => f.write_str(&text),
                }
            }
        }
    }
}

macro_rules! number_from_signed {
    ($($t:ty),*) => {$(
        impl From<$t> for Number {
            fn from(n: $t) -> Self {
                Self::Int(i64::from(n))
            }
        }
    )*};
}
number_from_signed!(i8, i16, i32, i64, u8, u16, u32);

impl From<u64> for Number {
    fn from(n: u64) -> Self {
        i64::try_from(n).map_or(Self::UInt(n), Self::Int)
    }
}

impl From<usize> for Number {
    fn from(n: usize) -> Self {
        Self::from(n as u64)
    }
}

impl From<f64> for Number {
    fn from(n: f64) -> Self {
        Self::Float(n)
    }
}

impl From<f32> for Number {
    fn from(n: f32) -> Self {
        Self::Float(f64::from(n))
    }
}

impl Serialize for Number {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match *self {
            Self::Int(i) => serializer.serialize_i64(i),
            Self::UInt(u) => serializer.serialize_u64(u),
            Self::Float(f) => serializer.serialize_f64(f),
        }
    }
}

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match Value::deserialize(deserializer)? {
            Value::Number(n) => Ok(n),
            other => Err(de::Error::custom(format_args!(
                "expected a number, found {}",
                other.kind()
            ))),
        }
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Null => serializer.serialize_unit(),
            Self::Bool(b) => serializer.serialize_bool(*b),
            Self::Number(n) => n.serialize(serializer),
            Self::String(s) => serializer.serialize_str(s),
            Self::Sequence(items) => items.serialize(serializer),
            Self::Mapping(map) => map.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value with string keys")
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Value::deserialize(d)
    }
    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }
    fn visit_i64<E>(self, n: i64) -> Result<Value, E> {
        Ok(Value::Number(Number::Int(n)))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Value, E> {
        Ok(Value::Number(Number::from(n)))
    }
    fn visit_f64<E>(self, n: f64) -> Result<Value, E> {
        Ok(Value::Number(Number::Float(n)))
    }
    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_owned()))
    }
    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Sequence(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let mut map = Mapping::with_capacity(access.size_hint().unwrap_or(0));
        while let Some((key, value)) = access.next_entry::<String, Value>()? {
            map.insert(key, value);
        }
        Ok(Value::Mapping(map))
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Value {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Value".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "description": "any YAML value" })
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Number {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Number".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "number" })
    }
}
