//! Conditions and templates evaluated as far as the event decides them.
//!
//! `&&`, `||`, `!` and the status functions are decided here, in three values, so that
//! `github.event_name == 'push' && secrets.TOKEN != ''` is false on a pull request although the secret is
//! unknown. Every other part of an expression is handed whole to the expression evaluator
//! ([`crate::expr::eval`]) when every context it reads is known, and is unknown otherwise.

use super::scope::Scope;
use crate::expr::eval::{self, Value};
use crate::expr::{Ast, BinaryOp, Part, Template};
use std::rc::Rc;

/// A value as far as it is known.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Partial {
    /// Known.
    Value(Value),
    /// Unknown, but known to be truthy or falsy (`false && x`).
    Truth(bool),
    /// Unknown.
    Unknown,
}

impl Partial {
    /// Whether it is truthy, when that is known.
    pub(crate) fn truth(&self) -> Option<bool> {
        match self {
            Self::Value(v) => Some(v.is_truthy()),
            Self::Truth(b) => Some(*b),
            Self::Unknown => None,
        }
    }
}

/// The results of the status functions for one job, each `None` when not known.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Status {
    pub(crate) success: Option<bool>,
    pub(crate) failure: Option<bool>,
    pub(crate) cancelled: Option<bool>,
}

/// Whether an expression calls a status function: "A default status check of `success()` is applied
/// unless you include one of these functions" (expressions.md, "Status check functions").
pub(crate) fn calls_status(ast: &Ast) -> bool {
    let mut found = false;
    ast.walk(&mut |node| {
        if let Ast::Call { name, args } = node
            && args.is_empty()
            && ["success", "failure", "cancelled", "always"]
                .iter()
                .any(|f| name.eq_ignore_ascii_case(f))
        {
            found = true;
        }
    });
    found
}

/// Evaluates `ast` as far as the scope and the status functions decide it; the references that are not
/// known are added to `unknown`.
pub(crate) fn partial(
    ast: &Ast,
    scope: &Scope,
    status: Option<Status>,
    unknown: &mut Vec<String>,
) -> Partial {
    match ast {
        Ast::Binary {
            op: op @ (BinaryOp::And | BinaryOp::Or),
            left,
            right,
        } => {
            // `a && b` is `a` when `a` is falsy, else `b`; `a || b` is `a` when truthy, else `b`.
            let stop = *op == BinaryOp::Or;
            let l = partial(left, scope, status, unknown);
            match l.truth() {
                Some(t) if t == stop => l,
                Some(_) => partial(right, scope, status, unknown),
                None => {
                    let r = partial(right, scope, status, unknown);
                    match r.truth() {
                        // Whichever side the result is, it has this truth.
                        Some(t) if t == stop => Partial::Truth(stop),
                        _ => Partial::Unknown,
                    }
                }
            }
        }
        Ast::Not(operand) => match partial(operand, scope, status, unknown).truth() {
            Some(t) => Partial::Value(Value::Bool(!t)),
            None => Partial::Unknown,
        },
        Ast::Call { name, args } if args.is_empty() && is_status(name) => {
            let lower = name.to_ascii_lowercase();
            let known = match (lower.as_str(), status) {
                ("always", _) => Some(true),
                (_, None) => None,
                ("success", Some(s)) => s.success,
                ("failure", Some(s)) => s.failure,
                (_, Some(s)) => s.cancelled,
            };
            match known {
                Some(b) => Partial::Value(Value::Bool(b)),
                None => {
                    unknown.push(format!("{name}()"));
                    Partial::Unknown
                }
            }
        }
        _ => {
            let before = unknown.len();
            scope.unknowns(ast, unknown);
            if calls_status(ast) || unknown.len() > before {
                return Partial::Unknown;
            }
            let (value, errors) =
                scope.evaluate(ast, |contexts| match eval::evaluate(ast, contexts) {
                    Ok(value) => (Partial::Value(value), Vec::new()),
                    Err(error) => (
                        Partial::Unknown,
                        vec![format!("`{ast}` ({})", error.message())],
                    ),
                });
            unknown.extend(errors);
            value
        }
    }
}

fn is_status(name: &str) -> bool {
    ["success", "failure", "cancelled", "always"]
        .iter()
        .any(|f| name.eq_ignore_ascii_case(f))
}

/// A template parsed once per workflow.
fn template(written: &str, scope: &Scope) -> Result<Rc<Template>, String> {
    if let Some(found) = scope.cache.borrow().templates.get(written) {
        return found.clone();
    }
    let parsed = Template::parse(written)
        .map(Rc::new)
        .map_err(|error| format!("`{written}` ({error})"));
    scope
        .cache
        .borrow_mut()
        .templates
        .insert(written.to_owned(), parsed.clone());
    parsed
}

/// A template (`ci-${{ github.ref }}`) evaluated to its text, or `None` with the unknown references.
pub(crate) fn text(written: &str, scope: &Scope, unknown: &mut Vec<String>) -> Option<String> {
    if !written.contains("${{") {
        return Some(written.to_owned());
    }
    let template = match template(written, scope) {
        Ok(t) => t,
        Err(error) => {
            unknown.push(error);
            return None;
        }
    };
    let mut out = String::new();
    let mut known = true;
    for part in &template.parts {
        match part {
            Part::Text(t) => out.push_str(t),
            Part::Expr { expr: ast, .. } => match partial(ast, scope, None, unknown) {
                Partial::Value(v) => out.push_str(&to_text(&v)),
                _ => known = false,
            },
        }
    }
    known.then_some(out)
}

/// A value from a template that is one expression (`${{ fromJSON(x) }}`), or `None`.
pub(crate) fn value(written: &str, scope: &Scope, unknown: &mut Vec<String>) -> Option<Value> {
    if !written.contains("${{") {
        return Some(Value::String(written.to_owned()));
    }
    let template = match template(written, scope) {
        Ok(t) => t,
        Err(error) => {
            unknown.push(error);
            return None;
        }
    };
    match template.as_expr() {
        Some(ast) => match partial(ast, scope, None, unknown) {
            Partial::Value(v) => Some(v),
            _ => None,
        },
        None => text(written, scope, unknown).map(Value::String),
    }
}

/// A value as it reads inside a string: scalars as GitHub converts them, arrays and objects as JSON.
pub(crate) fn to_text(value: &Value) -> String {
    match value {
        Value::Array(_) | Value::Object(_) => value.to_json(),
        other => other.coerce_to_string(),
    }
}
