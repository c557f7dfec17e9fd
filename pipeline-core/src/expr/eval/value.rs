//! The values an expression works with, and GitHub's conversions between them.

use std::fmt;

use indexmap::IndexMap;

use super::json;
use crate::expr::parse::parse_number;

/// A value of GitHub's expression language: what a context holds and what an expression gives.
///
/// Equality (`==` in Rust) is structural; GitHub's `==` operator is loose and is what
/// [`evaluate`](super::evaluate) applies.
///
/// ```
/// use pipeline_core::expr::eval::{Value, ValueKind};
///
/// let labels = Value::from_json(r#"["bug", "help wanted"]"#)?;
/// assert_eq!(labels.kind(), ValueKind::Array);
/// assert_eq!(labels.coerce_to_string(), "Array");
/// assert_eq!(Value::from(" 0x10 ").coerce_to_number(), 16.0);
/// assert!(!Value::from("").is_truthy());
/// # Ok::<(), pipeline_core::expr::eval::JsonError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Value {
    /// `null`.
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number; GitHub has only double-precision floating point numbers.
    Number(f64),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object; GitHub looks its keys up without regard to case, the map keeps them as written.
    Object(IndexMap<String, Value>),
}

/// The kind of a [`Value`], named as GitHub names it.
///
/// ```
/// use pipeline_core::expr::eval::{Value, ValueKind};
///
/// assert_eq!(Value::Bool(true).kind().name(), "Boolean");
/// assert_eq!(ValueKind::Object.to_string(), "Object");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ValueKind {
    /// `null`.
    Null,
    /// `true` or `false`.
    Boolean,
    /// A number.
    Number,
    /// A string.
    String,
    /// An array.
    Array,
    /// An object.
    Object,
}

impl ValueKind {
    /// GitHub's name of the kind: `Null`, `Boolean`, `Number`, `String`, `Array` or `Object`.
    ///
    /// ```
    /// use pipeline_core::expr::eval::ValueKind;
    ///
    /// assert_eq!(ValueKind::Number.name(), "Number");
    /// ```
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            ValueKind::Null => "Null",
            ValueKind::Boolean => "Boolean",
            ValueKind::Number => "Number",
            ValueKind::String => "String",
            ValueKind::Array => "Array",
            ValueKind::Object => "Object",
        }
    }
}

impl fmt::Display for ValueKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Value {
    /// The kind of the value.
    ///
    /// ```
    /// use pipeline_core::expr::eval::{Value, ValueKind};
    ///
    /// assert_eq!(Value::Null.kind(), ValueKind::Null);
    /// assert_eq!(Value::from(1.5).kind(), ValueKind::Number);
    /// ```
    #[must_use]
    pub fn kind(&self) -> ValueKind {
        match self {
            Value::Null => ValueKind::Null,
            Value::Bool(_) => ValueKind::Boolean,
            Value::Number(_) => ValueKind::Number,
            Value::String(_) => ValueKind::String,
            Value::Array(_) => ValueKind::Array,
            Value::Object(_) => ValueKind::Object,
        }
    }

    /// Whether GitHub reads the value as true in a condition: `false`, `null`, `0`, `NaN` and the empty
    /// string are false, everything else (arrays and objects included, empty or not) is true.
    ///
    /// ```
    /// use pipeline_core::expr::eval::Value;
    ///
    /// assert!(Value::from("false").is_truthy());
    /// assert!(!Value::from(f64::NAN).is_truthy());
    /// assert!(Value::Array(Vec::new()).is_truthy());
    /// ```
    #[must_use]
    pub fn is_truthy(&self) -> bool {
        match self {
            Value::Null => false,
            Value::Bool(b) => *b,
            Value::Number(n) => *n != 0.0 && !n.is_nan(),
            Value::String(s) => !s.is_empty(),
            Value::Array(_) | Value::Object(_) => true,
        }
    }

    /// GitHub's conversion to a number: `null` is 0, booleans 1 and 0, a string is read after trimming
    /// white space (empty is 0; decimal, `0x` hexadecimal, `0o` octal, `Infinity`; anything else `NaN`),
    /// arrays and objects are `NaN`.
    ///
    /// ```
    /// use pipeline_core::expr::eval::Value;
    ///
    /// assert_eq!(Value::from(" 1.2e2 ").coerce_to_number(), 120.0);
    /// assert_eq!(Value::Null.coerce_to_number(), 0.0);
    /// assert!(Value::from("abc").coerce_to_number().is_nan());
    /// ```
    #[must_use]
    pub fn coerce_to_number(&self) -> f64 {
        match self {
            Value::Null => 0.0,
            Value::Bool(b) => f64::from(u8::from(*b)),
            Value::Number(n) => *n,
            Value::String(s) => string_to_number(s),
            Value::Array(_) | Value::Object(_) => f64::NAN,
        }
    }

    /// GitHub's conversion to a string: `null` is empty, booleans `true` and `false`, numbers as
    /// [`format_number`] writes them, arrays `Array` and objects `Object`.
    ///
    /// ```
    /// use pipeline_core::expr::eval::Value;
    ///
    /// assert_eq!(Value::Null.coerce_to_string(), "");
    /// assert_eq!(Value::from(-2.0).coerce_to_string(), "-2");
    /// assert_eq!(Value::Object(Default::default()).coerce_to_string(), "Object");
    /// ```
    #[must_use]
    pub fn coerce_to_string(&self) -> String {
        match self {
            Value::Null => String::new(),
            Value::Bool(b) => b.to_string(),
            Value::Number(n) => format_number(*n),
            Value::String(s) => s.clone(),
            Value::Array(_) => "Array".to_owned(),
            Value::Object(_) => "Object".to_owned(),
        }
    }

    /// Reads JSON text (RFC 8259, as `fromJSON` does), keeping the order of object keys.
    ///
    /// ```
    /// use pipeline_core::expr::eval::Value;
    ///
    /// let value = Value::from_json(r#"{"b": 1, "a": [true, null]}"#)?;
    /// assert_eq!(value.to_json(), r#"{"b":1,"a":[true,null]}"#);
    /// assert!(Value::from_json("{'a': 1}").is_err());
    /// # Ok::<(), pipeline_core::expr::eval::JsonError>(())
    /// ```
    pub fn from_json(text: &str) -> Result<Value, JsonError> {
        json::read(text)
    }

    /// The value as compact JSON (numbers as JavaScript writes them, `NaN` and infinities as `null`).
    ///
    /// ```
    /// use pipeline_core::expr::eval::Value;
    ///
    /// assert_eq!(Value::from("it's").to_json(), r#""it's""#);
    /// ```
    #[must_use]
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        json::write(self, None, &mut out);
        out
    }

    /// The value as `toJSON` writes it: JSON indented by two spaces, one element or property a line.
    ///
    /// ```
    /// use pipeline_core::expr::eval::Value;
    ///
    /// let value = Value::from_json(r#"{"a": [1, 2], "b": {}}"#)?;
    /// assert_eq!(value.to_json_pretty(), "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {}\n}");
    /// # Ok::<(), pipeline_core::expr::eval::JsonError>(())
    /// ```
    #[must_use]
    pub fn to_json_pretty(&self) -> String {
        let mut out = String::new();
        json::write(self, Some(0), &mut out);
        out
    }
}

/// JSON text that does not parse: where, and why.
///
/// ```
/// use pipeline_core::expr::eval::Value;
///
/// let err = Value::from_json("[1,]").unwrap_err();
/// assert_eq!(err.offset(), 3);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid JSON at offset {offset}: {message}")]
pub struct JsonError {
    pub(super) offset: usize,
    pub(super) message: &'static str,
}

impl JsonError {
    /// The byte offset of the problem in the text.
    ///
    /// ```
    /// use pipeline_core::expr::eval::Value;
    ///
    /// assert_eq!(Value::from_json("nul").unwrap_err().offset(), 0);
    /// ```
    #[must_use]
    pub fn offset(&self) -> usize {
        self.offset
    }
}

/// GitHub's conversion of a string to a number (see [`Value::coerce_to_number`]).
pub(crate) fn string_to_number(s: &str) -> f64 {
    let trimmed = s.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if trimmed.is_empty() {
        return 0.0;
    }
    parse_number(trimmed).unwrap_or(f64::NAN)
}

/// Writes a number as GitHub converts it to a string: at most 15 decimal places (GitHub rounds to 15
/// places and drops trailing zeros), `0` for negative zero, `NaN`, `Infinity` and `-Infinity`, and
/// JavaScript's exponent form from 10^21 up.
///
/// ```
/// use pipeline_core::expr::eval::format_number;
///
/// assert_eq!(format_number(0.84551240822557006), "0.84551240822557");
/// assert_eq!(format_number(123456.789), "123456.789");
/// assert_eq!(format_number(-0.0), "0");
/// assert_eq!(format_number(1e21), "1e+21");
/// assert_eq!(format_number(f64::NEG_INFINITY), "-Infinity");
/// ```
#[must_use]
pub fn format_number(value: f64) -> String {
    if value == 0.0 {
        return "0".to_owned();
    }
    if !value.is_finite() || value.abs() >= 1e21 {
        return js_number(value);
    }
    js_number(round_to_15_places(value))
}

/// Rounds to 15 decimal places, halves away from zero, on the exact binary value (JavaScript's
/// `toFixed(15)`).
fn round_to_15_places(value: f64) -> f64 {
    const PLACES: usize = 15;
    if value.fract() == 0.0 {
        return value;
    }
    // Every finite double has a finite decimal expansion of at most 1074 places.
    let exact = format!("{:.1074}", value.abs());
    let Some(point) = exact.find('.') else {
        return value;
    };
    let cut = point + 1 + PLACES;
    let mut kept: Vec<u8> = exact.as_bytes()[..cut].to_vec();
    if exact.as_bytes().get(cut).is_some_and(|d| *d >= b'5') {
        // Add one unit in the last place, carrying leftwards over the point.
        let mut i = kept.len();
        loop {
            if i == 0 {
                kept.insert(0, b'1');
                break;
            }
            i -= 1;
            match kept[i] {
                b'.' => {}
                b'9' => kept[i] = b'0',
                d => {
                    kept[i] = d + 1;
                    break;
                }
            }
        }
    }
    let rounded: f64 = std::str::from_utf8(&kept)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(value.abs());
    if value < 0.0 { -rounded } else { rounded }
}

/// JavaScript's `Number.prototype.toString()`: the shortest digits that round-trip, positional from
/// 10^-6 up to 10^21, exponent form outside.
pub(crate) fn js_number(value: f64) -> String {
    if value.is_nan() {
        return "NaN".to_owned();
    }
    if value.is_infinite() {
        return if value > 0.0 { "Infinity" } else { "-Infinity" }.to_owned();
    }
    if value == 0.0 {
        return "0".to_owned();
    }
    let sci = format!("{:e}", value.abs());
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((&sci, "0"));
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let exponent: i64 = exponent.parse().unwrap_or(0);
    let k = digits.len() as i64;
    let n = exponent + 1;
    let mut out = String::new();
    if value < 0.0 {
        out.push('-');
    }
    if k <= n && n <= 21 {
        out.push_str(&digits);
        out.extend(std::iter::repeat_n('0', (n - k) as usize));
    } else if 0 < n && n <= 21 {
        out.push_str(&digits[..n as usize]);
        out.push('.');
        out.push_str(&digits[n as usize..]);
    } else if -6 < n && n <= 0 {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', (-n) as usize));
        out.push_str(&digits);
    } else {
        out.push_str(&digits[..1]);
        if k > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push('e');
        out.push(if n > 0 { '+' } else { '-' });
        out.push_str(&(n - 1).abs().to_string());
    }
    out
}

impl From<bool> for Value {
    fn from(value: bool) -> Self {
        Value::Bool(value)
    }
}

impl From<f64> for Value {
    fn from(value: f64) -> Self {
        Value::Number(value)
    }
}

impl From<i32> for Value {
    fn from(value: i32) -> Self {
        Value::Number(f64::from(value))
    }
}

impl From<&str> for Value {
    fn from(value: &str) -> Self {
        Value::String(value.to_owned())
    }
}

impl From<String> for Value {
    fn from(value: String) -> Self {
        Value::String(value)
    }
}

impl From<Vec<Value>> for Value {
    fn from(value: Vec<Value>) -> Self {
        Value::Array(value)
    }
}

impl From<IndexMap<String, Value>> for Value {
    fn from(value: IndexMap<String, Value>) -> Self {
        Value::Object(value)
    }
}

impl From<serde_json::Value> for Value {
    /// Converts a `serde_json` value; numbers that do not fit a double are rounded.
    fn from(value: serde_json::Value) -> Self {
        match value {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(b),
            serde_json::Value::Number(n) => Value::Number(n.as_f64().unwrap_or(f64::NAN)),
            serde_json::Value::String(s) => Value::String(s),
            serde_json::Value::Array(items) => {
                Value::Array(items.into_iter().map(Value::from).collect())
            }
            serde_json::Value::Object(map) => Value::Object(
                map.into_iter()
                    .map(|(key, value)| (key, Value::from(value)))
                    .collect(),
            ),
        }
    }
}

impl From<Value> for serde_json::Value {
    /// Converts to a `serde_json` value; `NaN` and the infinities, which JSON cannot hold, become `null`.
    fn from(value: Value) -> Self {
        match value {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(b),
            Value::Number(n) => serde_json::Number::from_f64(n)
                .map_or(serde_json::Value::Null, serde_json::Value::Number),
            Value::String(s) => serde_json::Value::String(s),
            Value::Array(items) => {
                serde_json::Value::Array(items.into_iter().map(Into::into).collect())
            }
            Value::Object(map) => serde_json::Value::Object(
                map.into_iter()
                    .map(|(key, value)| (key, value.into()))
                    .collect(),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_format_as_github_does() {
        for (value, text) in [
            (1.0, "1"),
            (-0.5, "-0.5"),
            (0.1, "0.1"),
            (123_456_789.0, "123456789"),
            (1e20, "100000000000000000000"),
            (1e-7, "1e-7"),
            (1.5e-7, "1.5e-7"),
            (1e-16, "0"),
            (4e-16, "0"),
            (6e-16, "1e-15"),
            (0.000_001, "0.000001"),
            (1.0 / 65536.0, "0.000015258789063"),
            (2.5e-15, "2e-15"),
            (f64::NAN, "NaN"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
        ] {
            assert_eq!(format_number(value), text, "{value}");
        }
        assert_eq!(js_number(1e-7), "1e-7");
        assert_eq!(js_number(1.5e-7), "1.5e-7");
        assert_eq!(js_number(-1e21), "-1e+21");
    }

    #[test]
    fn strings_convert_to_numbers_as_github_does() {
        for (text, value) in [
            ("", 0.0),
            ("  ", 0.0),
            (" -0.0 ", 0.0),
            ("0xff", 255.0),
            ("0o10", 8.0),
            (" +1.2e2 ", 120.0),
            ("-Infinity", f64::NEG_INFINITY),
            (".5", 0.5),
        ] {
            assert_eq!(string_to_number(text), value, "{text:?}");
        }
        for text in ["abc", "NaN", "1 2", "-0xff", "0b1", "1e", "Inf"] {
            assert!(string_to_number(text).is_nan(), "{text:?}");
        }
    }

    #[test]
    fn serde_json_round_trip() {
        let value = Value::from_json(r#"{"a":[1,"x",null,true]}"#).expect("json");
        let back = Value::from(serde_json::Value::from(value.clone()));
        assert_eq!(back, value);
        assert_eq!(
            serde_json::Value::from(Value::Number(f64::NAN)),
            serde_json::Value::Null
        );
    }
}
