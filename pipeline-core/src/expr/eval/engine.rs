//! The evaluator proper: values shared by reference (GitHub compares arrays and objects by identity),
//! filtered arrays, coercions, operators and functions.

use std::collections::HashMap;
use std::sync::Arc;

use super::value::{Value, format_number, string_to_number};
use super::{Contexts, EvalError, EvalErrorKind, JobStatus, json};
use crate::expr::ast::{Ast, BinaryOp};
use crate::expr::functions;
use crate::expr::parse::{MAX_DEPTH, MAX_NESTING};

/// How many bytes of strings and JSON one evaluation may create, so that nested `format` or `join` calls
/// cannot grow without bound.
pub(crate) const MAX_CREATED_BYTES: usize = 16 << 20;

/// How deeply evaluation recurses. Parsed expressions stay well inside it (the parser bounds their nesting
/// and GitHub's depth rule their chains of properties); a deeper tree built in Rust is an error.
const MAX_EVAL_DEPTH: usize = MAX_NESTING + MAX_DEPTH + 56;

/// A value during evaluation. Arrays and objects are shared, and two of them are equal only when they are
/// the same one, as in GitHub's evaluator.
#[derive(Debug, Clone)]
pub(crate) enum Data {
    Null,
    Bool(bool),
    Number(f64),
    String(Arc<str>),
    Array(Arc<Vec<Data>>),
    Object(Arc<Object>),
}

/// An object: its entries in order, and where each key is, by its lower-case form.
#[derive(Debug, Default)]
pub(crate) struct Object {
    entries: Vec<(String, Data)>,
    index: HashMap<String, usize>,
}

impl Object {
    /// Adds an entry unless a key equal without regard to case is there already (the first one wins, as
    /// in GitHub's dictionaries).
    fn add(&mut self, key: String, value: Data) {
        let folded = key.to_lowercase();
        if self.index.contains_key(&folded) {
            return;
        }
        self.index.insert(folded, self.entries.len());
        self.entries.push((key, value));
    }

    /// The value under `folded`, a key in lower case.
    fn get(&self, folded: &str) -> Option<&Data> {
        self.index.get(folded).map(|i| &self.entries[*i].1)
    }
}

impl From<&Value> for Data {
    fn from(value: &Value) -> Self {
        match value {
            Value::Null => Data::Null,
            Value::Bool(b) => Data::Bool(*b),
            Value::Number(n) => Data::Number(*n),
            Value::String(s) => Data::String(s.as_str().into()),
            Value::Array(items) => Data::Array(Arc::new(items.iter().map(Data::from).collect())),
            Value::Object(map) => {
                let mut object = Object::default();
                for (key, value) in map {
                    object.add(key.clone(), Data::from(value));
                }
                Data::Object(Arc::new(object))
            }
        }
    }
}

impl From<&Data> for Value {
    fn from(data: &Data) -> Self {
        match data {
            Data::Null => Value::Null,
            Data::Bool(b) => Value::Bool(*b),
            Data::Number(n) => Value::Number(*n),
            Data::String(s) => Value::String(s.to_string()),
            Data::Array(items) => Value::Array(items.iter().map(Value::from).collect()),
            Data::Object(object) => Value::Object(
                object
                    .entries
                    .iter()
                    .map(|(key, value)| (key.clone(), Value::from(value)))
                    .collect(),
            ),
        }
    }
}

impl Data {
    fn is_primitive(&self) -> bool {
        !matches!(self, Data::Array(_) | Data::Object(_))
    }

    fn is_truthy(&self) -> bool {
        match self {
            Data::Null => false,
            Data::Bool(b) => *b,
            Data::Number(n) => *n != 0.0 && !n.is_nan(),
            Data::String(s) => !s.is_empty(),
            Data::Array(_) | Data::Object(_) => true,
        }
    }

    fn to_number(&self) -> f64 {
        match self {
            Data::Null => 0.0,
            Data::Bool(b) => f64::from(u8::from(*b)),
            Data::Number(n) => *n,
            Data::String(s) => string_to_number(s),
            Data::Array(_) | Data::Object(_) => f64::NAN,
        }
    }

    fn to_string_value(&self) -> String {
        match self {
            Data::Null => String::new(),
            Data::Bool(b) => b.to_string(),
            Data::Number(n) => format_number(*n),
            Data::String(s) => s.to_string(),
            Data::Array(_) => "Array".to_owned(),
            Data::Object(_) => "Object".to_owned(),
        }
    }
}

/// A result and whether it is a filtered array (from `.*` or `[*]`), which a further property or index
/// applies to element by element.
struct Out {
    data: Data,
    filtered: bool,
}

impl From<Data> for Out {
    fn from(data: Data) -> Self {
        Out {
            data,
            filtered: false,
        }
    }
}

/// Evaluates `ast`; the caller has checked its names and argument counts.
pub(crate) fn run(ast: &Ast, contexts: &Contexts) -> Result<Value, EvalError> {
    let mut evaluator = Evaluator {
        contexts,
        created: 0,
        depth: 0,
    };
    let out = evaluator.eval(ast)?;
    Ok(Value::from(&out.data))
}

struct Evaluator<'c> {
    contexts: &'c Contexts,
    created: usize,
    depth: usize,
}

impl Evaluator<'_> {
    fn charge(&mut self, bytes: usize) -> Result<(), EvalError> {
        self.created = self.created.saturating_add(bytes);
        if self.created > MAX_CREATED_BYTES {
            return Err(too_much_text());
        }
        Ok(())
    }

    /// How many more bytes this evaluation may create.
    fn room(&self) -> usize {
        MAX_CREATED_BYTES.saturating_sub(self.created)
    }

    fn string(&mut self, s: String) -> Result<Out, EvalError> {
        self.charge(s.len())?;
        Ok(Data::String(s.into()).into())
    }

    /// Evaluates a node. Chains of binary operators are walked along their left side without recursing, so
    /// the recursion follows the nesting of the expression, which the parser bounds.
    fn eval(&mut self, ast: &Ast) -> Result<Out, EvalError> {
        self.depth += 1;
        if self.depth > MAX_EVAL_DEPTH {
            return Err(EvalError::new(
                EvalErrorKind::Evaluation,
                format!("The expression is nested more than {MAX_EVAL_DEPTH} levels deep"),
            ));
        }
        let out = match ast {
            Ast::Binary { .. } => self.chain(ast),
            _ => self.node(ast),
        };
        self.depth -= 1;
        out
    }

    /// A chain `a op b op c ...` (left-associative, so the tree leans left): the leftmost operand, then each
    /// operator in turn.
    #[inline(never)]
    fn chain(&mut self, ast: &Ast) -> Result<Out, EvalError> {
        let mut spine: Vec<(BinaryOp, &Ast)> = Vec::new();
        let mut first = ast;
        while let Ast::Binary { op, left, right } = first {
            spine.push((*op, right));
            first = left;
        }
        let mut acc = self.eval(first)?;
        for (op, right) in spine.into_iter().rev() {
            acc = self.binary(op, acc, right)?;
        }
        Ok(acc)
    }

    #[inline(never)]
    fn node(&mut self, ast: &Ast) -> Result<Out, EvalError> {
        Ok(match ast {
            Ast::Null => Data::Null.into(),
            Ast::Bool(b) => Data::Bool(*b).into(),
            Ast::Number(n) => Data::Number(n.value()).into(),
            Ast::String(s) => Data::String(s.as_str().into()).into(),
            Ast::Context(name) => self
                .contexts
                .get_data(name)
                .cloned()
                .ok_or_else(|| EvalError::unrecognized_named_value(name))?
                .into(),
            Ast::Property { target, name } => {
                let target = self.eval(target)?;
                index(target, &Index::of(&Data::String(name.as_str().into())))
            }
            Ast::Index { target, index: idx } => {
                // GitHub evaluates the index before the value it applies to.
                let idx = self.eval(idx)?;
                let target = self.eval(target)?;
                index(target, &Index::of(&idx.data))
            }
            Ast::Filter { target, .. } => {
                let target = self.eval(target)?;
                index(target, &Index::Star)
            }
            Ast::Not(operand) => Data::Bool(!self.eval(operand)?.data.is_truthy()).into(),
            Ast::Binary { .. } => self.chain(ast)?,
            Ast::Call { name, args } => self.call(name, args)?,
        })
    }

    #[inline(never)]
    fn binary(&mut self, op: BinaryOp, l: Out, right: &Ast) -> Result<Out, EvalError> {
        // `&&` and `||` stop at the first operand that decides, and give that operand itself.
        match op {
            BinaryOp::And if !l.data.is_truthy() => return Ok(l),
            BinaryOp::Or if l.data.is_truthy() => return Ok(l),
            BinaryOp::And | BinaryOp::Or => return self.eval(right),
            _ => {}
        }
        let r = self.eval(right)?.data;
        let l = &l.data;
        let result = match op {
            BinaryOp::Eq => equals(l, &r),
            BinaryOp::Ne => !equals(l, &r),
            BinaryOp::Lt => less(l, &r),
            BinaryOp::Le => equals(l, &r) || less(l, &r),
            BinaryOp::Gt => less(&r, l),
            BinaryOp::Ge => equals(l, &r) || less(&r, l),
            BinaryOp::And | BinaryOp::Or => unreachable_operator(),
        };
        Ok(Data::Bool(result).into())
    }

    #[inline(never)]
    fn call(&mut self, name: &str, args: &[Ast]) -> Result<Out, EvalError> {
        let Some(spec) = functions::lookup(name) else {
            return Err(EvalError::unrecognized_function(name));
        };
        if let Err(arity) = spec.check_arity(args.len()) {
            return Err(EvalError::arity(name, arity));
        }
        let mut values = Vec::with_capacity(args.len());
        for arg in args {
            values.push(self.eval(arg)?.data);
        }
        let status = self.contexts.job_status();
        let data = match spec.name {
            "contains" => Data::Bool(contains(&values[0], &values[1])),
            "startsWith" => Data::Bool(affix(&values[0], &values[1], |s, v| s.starts_with(v))),
            "endsWith" => Data::Bool(affix(&values[0], &values[1], |s, v| s.ends_with(v))),
            "format" => {
                let text = format(&values, self.room())?;
                return self.string(text);
            }
            "join" => {
                let text = join(&values, self.room())?;
                return self.string(text);
            }
            "toJSON" => {
                let mut text = String::new();
                json::write(&Value::from(&values[0]), Some(0), &mut text);
                return self.string(text);
            }
            "fromJSON" => self.parse_json(&values[0])?,
            "case" => {
                // Predicate and value pairs, then the default.
                let mut chosen = values.last().cloned().unwrap_or(Data::Null);
                for pair in values[..values.len() - 1].chunks_exact(2) {
                    match pair[0] {
                        Data::Bool(true) => {
                            chosen = pair[1].clone();
                            break;
                        }
                        Data::Bool(false) => {}
                        _ => {
                            return Err(EvalError::new(
                                EvalErrorKind::Evaluation,
                                "case predicate must evaluate to a boolean value",
                            ));
                        }
                    }
                }
                chosen
            }
            "success" => Data::Bool(status == JobStatus::Success),
            "failure" => Data::Bool(status == JobStatus::Failure),
            "cancelled" => Data::Bool(status == JobStatus::Cancelled),
            "always" => Data::Bool(true),
            _ => {
                return Err(EvalError::new(
                    EvalErrorKind::Unavailable,
                    format!(
                        "{}() needs the runner (the files of the workspace) and cannot be evaluated here",
                        spec.name
                    ),
                ));
            }
        };
        Ok(data.into())
    }

    fn parse_json(&mut self, input: &Data) -> Result<Data, EvalError> {
        let text = input.to_string_value();
        if text.trim().is_empty() {
            return Err(EvalError::new(EvalErrorKind::Evaluation, "empty input"));
        }
        self.charge(text.len())?;
        match json::read(&text) {
            Ok(value) => Ok(Data::from(&value)),
            Err(err) => Err(EvalError::new(
                EvalErrorKind::Evaluation,
                format!("Error parsing JSON when evaluating fromJson: {err}"),
            )),
        }
    }
}

fn too_much_text() -> EvalError {
    EvalError::new(
        EvalErrorKind::Evaluation,
        format!(
            "The expression creates more than {} MiB of text",
            MAX_CREATED_BYTES >> 20
        ),
    )
}

/// `&&` and `||` return before the comparison operators are matched.
fn unreachable_operator() -> bool {
    false
}

/// What an index selects: every element (`*`), or a key and, for arrays, a position.
enum Index {
    Star,
    Key {
        /// The key for objects: the index as a string, when it is a primitive.
        key: Option<String>,
        /// The position for arrays: the index as a number, when it is a finite non-negative one (rounded
        /// down).
        position: Option<usize>,
    },
}

impl Index {
    fn of(data: &Data) -> Index {
        let key = data
            .is_primitive()
            .then(|| data.to_string_value().to_lowercase());
        let n = data.to_number();
        let position = (n.is_finite() && n >= 0.0).then(|| {
            // Saturating: a position past any array selects nothing.
            n.floor().min(usize::MAX as f64) as usize
        });
        Index::Key { key, position }
    }
}

fn index(target: Out, idx: &Index) -> Out {
    if target.filtered {
        let Data::Array(items) = &target.data else {
            return target;
        };
        let mut out = Vec::new();
        for item in items.iter() {
            select(item, idx, &mut out);
        }
        return filtered(out);
    }
    match (&target.data, idx) {
        (Data::Array(_) | Data::Object(_), Index::Star) => {
            let mut out = Vec::new();
            select(&target.data, idx, &mut out);
            filtered(out)
        }
        (_, Index::Star) => filtered(Vec::new()),
        (Data::Array(_) | Data::Object(_), Index::Key { .. }) => {
            let mut out = Vec::new();
            select(&target.data, idx, &mut out);
            out.pop().unwrap_or(Data::Null).into()
        }
        _ => Data::Null.into(),
    }
}

fn filtered(items: Vec<Data>) -> Out {
    Out {
        data: Data::Array(Arc::new(items)),
        filtered: true,
    }
}

/// Adds what `idx` selects in `item` to `out`.
fn select(item: &Data, idx: &Index, out: &mut Vec<Data>) {
    match (item, idx) {
        (Data::Array(items), Index::Star) => out.extend(items.iter().cloned()),
        (Data::Object(object), Index::Star) => {
            out.extend(object.entries.iter().map(|(_, v)| v.clone()));
        }
        (Data::Array(items), Index::Key { position, .. }) => {
            if let Some(found) = position.and_then(|p| items.get(p)) {
                out.push(found.clone());
            }
        }
        (Data::Object(object), Index::Key { key, .. }) => {
            if let Some(found) = key.as_deref().and_then(|k| object.get(k)) {
                out.push(found.clone());
            }
        }
        _ => {}
    }
}

/// Two values after GitHub's coercion: same kinds stay, a number and a string compare as numbers,
/// `null` and booleans become numbers; anything else cannot compare.
enum Pair<'a> {
    Nulls,
    Bools(bool, bool),
    Numbers(f64, f64),
    Strings(&'a str, &'a str),
    /// Two arrays or two objects, and whether they are the same one.
    Composites(bool),
    Mismatch,
}

fn pair<'a>(l: &'a Data, r: &'a Data) -> Pair<'a> {
    use Data as D;
    match (l, r) {
        (D::Null, D::Null) => Pair::Nulls,
        (D::Bool(a), D::Bool(b)) => Pair::Bools(*a, *b),
        (D::Number(a), D::Number(b)) => Pair::Numbers(*a, *b),
        (D::String(a), D::String(b)) => Pair::Strings(a, b),
        (D::Array(a), D::Array(b)) => Pair::Composites(Arc::ptr_eq(a, b)),
        (D::Object(a), D::Object(b)) => Pair::Composites(Arc::ptr_eq(a, b)),
        (D::Number(_) | D::String(_) | D::Null | D::Bool(_), D::Number(_) | D::String(_))
        | (D::Number(_) | D::String(_), D::Null | D::Bool(_))
        | (D::Null | D::Bool(_), D::Null | D::Bool(_)) => {
            Pair::Numbers(l.to_number(), r.to_number())
        }
        _ => Pair::Mismatch,
    }
}

fn equals(l: &Data, r: &Data) -> bool {
    match pair(l, r) {
        Pair::Nulls => true,
        Pair::Bools(a, b) => a == b,
        Pair::Numbers(a, b) => a == b,
        Pair::Strings(a, b) => upper(a) == upper(b),
        Pair::Composites(same) => same,
        Pair::Mismatch => false,
    }
}

fn less(l: &Data, r: &Data) -> bool {
    match pair(l, r) {
        Pair::Bools(a, b) => !a && b,
        Pair::Numbers(a, b) => a < b,
        Pair::Strings(a, b) => upper(a).encode_utf16().lt(upper(b).encode_utf16()),
        Pair::Nulls | Pair::Composites(_) | Pair::Mismatch => false,
    }
}

/// The form in which GitHub compares strings without regard to case: upper case, except that the dotless
/// `ı` stays as it is (so it does not equal `I`).
fn upper(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_uppercase();
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c == 'ı' {
            out.push(c);
        } else {
            out.extend(c.to_uppercase());
        }
    }
    out
}

fn contains(search: &Data, item: &Data) -> bool {
    match search {
        Data::Array(items) => items.iter().any(|element| equals(item, element)),
        Data::Object(_) => false,
        // GitHub lower-cases both strings here (where comparisons upper-case them).
        _ if item.is_primitive() => search
            .to_string_value()
            .to_lowercase()
            .contains(&item.to_string_value().to_lowercase()),
        _ => false,
    }
}

fn affix(search: &Data, value: &Data, test: fn(&str, &str) -> bool) -> bool {
    search.is_primitive()
        && value.is_primitive()
        && test(
            &upper(&search.to_string_value()),
            &upper(&value.to_string_value()),
        )
}

/// `join(array, separator)`, failing once the text grows past `room` bytes.
fn join(values: &[Data], room: usize) -> Result<String, EvalError> {
    let Data::Array(items) = &values[0] else {
        return Ok(match &values[0] {
            Data::Object(_) => String::new(),
            primitive => primitive.to_string_value(),
        });
    };
    let separator = match values.get(1) {
        Some(sep) if sep.is_primitive() => sep.to_string_value(),
        _ => ",".to_owned(),
    };
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(&separator);
        }
        out.push_str(&item.to_string_value());
        if out.len() > room {
            return Err(too_much_text());
        }
    }
    Ok(out)
}

/// `format(string, values...)`: `{N}` takes the N-th value, `{{` and `}}` stand for braces. Fails once
/// the text grows past `room` bytes.
fn format(values: &[Data], room: usize) -> Result<String, EvalError> {
    let template = values[0].to_string_value();
    let invalid = || {
        EvalError::new(
            EvalErrorKind::Evaluation,
            format!("The following format string is invalid: {template}"),
        )
    };
    let mut out = String::new();
    let mut rest = template.as_str();
    while let Some(at) = rest.find(['{', '}']) {
        out.push_str(&rest[..at]);
        let brace = rest.as_bytes()[at];
        let after = &rest[at + 1..];
        if after.as_bytes().first() == Some(&brace) {
            out.push(char::from(brace));
            rest = &after[1..];
            continue;
        }
        if brace == b'}' {
            return Err(invalid());
        }
        // Digits, then anything up to the next `}` (GitHub skips what would be format specifiers).
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let Some(close) = after.find('}').filter(|_| digits > 0) else {
            return Err(invalid());
        };
        let position = after[..digits].parse::<usize>().unwrap_or(usize::MAX);
        let Some(value) = values.get(position.saturating_add(1)) else {
            return Err(EvalError::new(
                EvalErrorKind::Evaluation,
                format!(
                    "The following format string references more arguments than were supplied: {template}"
                ),
            ));
        };
        out.push_str(&value.to_string_value());
        if out.len() > room {
            return Err(too_much_text());
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::expr::eval::{evaluate, evaluate_str};
    use crate::expr::parse::MAX_HEIGHT;

    #[test]
    fn created_text_is_bounded() {
        let contexts = Contexts::new().with("big", "x".repeat(1 << 20));
        let many = format!("format('{}', big)", "{0}".repeat(40));
        let err = evaluate_str(&many, &contexts).expect_err("too much");
        assert_eq!(err.kind(), EvalErrorKind::Evaluation);
        let items = Value::Array(vec![Value::from("x".repeat(1 << 20)); 40]);
        let contexts = Contexts::new().with("items", items);
        assert!(evaluate_str("join(items, '')", &contexts).is_err());
        assert!(evaluate_str("join(items, '') == ''", &contexts).is_err());
        // Nested calls are charged together.
        let nested = (0..20).fold("toJSON(items)".to_owned(), |inner, _| {
            format!("format('{{0}}', {inner})")
        });
        assert!(evaluate_str(&nested, &contexts).is_err());
        assert!(
            evaluate_str(
                "format('{0}', big)",
                &Contexts::new().with("big", "x".repeat(1 << 20))
            )
            .is_ok()
        );
    }

    #[test]
    fn trees_of_any_height_are_an_error_not_a_crash() {
        let mut ast = Ast::Bool(true);
        for _ in 0..100_000 {
            ast = Ast::Not(Box::new(ast));
        }
        let err = evaluate(&ast, &Contexts::new()).expect_err("too tall");
        assert_eq!(err.kind(), EvalErrorKind::Evaluation);
        while let Ast::Not(inner) = ast {
            ast = *inner;
        }
        // The tallest and the deepest trees the parser gives evaluate, also on a small stack.
        let deepest =
            |n: usize, open: &str, close: &str| format!("{}a{}", open.repeat(n), close.repeat(n));
        let cases = [
            (
                format!("a{}", " || a".repeat(MAX_HEIGHT - 1)),
                Value::Bool(false),
            ),
            // `false == false` is true and `true == false` false: an odd number of comparisons is true.
            (
                format!("a{}", " == a".repeat(MAX_HEIGHT - 1)),
                Value::Bool(true),
            ),
            (
                deepest(MAX_NESTING / 2 - 1, "a == (", ")"),
                Value::Bool(true),
            ),
            (deepest(MAX_DEPTH - 1, "!", ""), Value::Bool(true)),
            (deepest(MAX_DEPTH - 1, "(", ")"), Value::Bool(false)),
            (
                deepest(MAX_DEPTH - 1, "format('{0}', ", ")"),
                Value::from("false"),
            ),
            (format!("a{}", "['x']".repeat(MAX_DEPTH - 1)), Value::Null),
        ];
        let handle = std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn(move || {
                let contexts = Contexts::new().with("a", false);
                cases
                    .iter()
                    .map(|(text, expected)| {
                        let got = evaluate_str(text, &contexts);
                        let ok = got.as_ref() == Ok(expected);
                        (format!("{} bytes: {got:?}", text.len()), ok)
                    })
                    .collect::<Vec<_>>()
            })
            .expect("thread");
        for (len, ok) in handle.join().expect("no overflow") {
            assert!(ok, "case of {len}");
        }
    }
}
