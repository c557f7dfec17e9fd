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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::scope::{Node, from_eval};
    use std::path::Path;

    fn scope(contexts: &[(&'static str, Value)]) -> Scope {
        let mut scope = Scope::default();
        for (name, value) in contexts {
            scope.insert(name, Node::Known(from_eval(value.clone())));
        }
        scope
    }

    fn decide(text: &str, scope: &Scope) -> Partial {
        let ast: Ast = text.parse().expect("the expression parses");
        partial(&ast, scope, None, &mut Vec::new())
    }

    #[test]
    fn and_or_not_decide_around_unknowns() {
        let known = scope(&[(
            "github",
            Value::from_json(r#"{"event_name": "pull_request"}"#).unwrap(),
        )]);
        let cases = [
            (
                "github.event_name == 'push' && secrets.TOKEN",
                Partial::Value(Value::Bool(false)),
            ),
            (
                "secrets.TOKEN && github.event_name == 'push'",
                Partial::Truth(false),
            ),
            (
                "github.event_name != 'push' || steps.a.outputs.b",
                Partial::Value(Value::Bool(true)),
            ),
            (
                "vars.X || github.event_name == 'pull_request'",
                Partial::Truth(true),
            ),
            ("vars.X || github.event_name == 'push'", Partial::Unknown),
            ("!(vars.X && false)", Partial::Value(Value::Bool(true))),
            (
                "github.event_name == 'PULL_REQUEST' && 'yes'",
                Partial::Value(Value::from("yes")),
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(decide(text, &known), expected, "{text}");
        }
    }

    /// GitHub's expression conformance cases (`../shared/github-spec/expression-tests`) through the
    /// planner's three-valued layer: with every context known, it must give what GitHub gives.
    #[test]
    fn conformance_cases_through_the_three_valued_layer() {
        let dir =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/github-spec/expression-tests");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            assert!(
                std::env::var_os("CI").is_none(),
                "{} is missing",
                dir.display()
            );
            eprintln!(
                "note: {} is missing; conformance cases skipped",
                dir.display()
            );
            return;
        };
        let mut checked = 0;
        for entry in entries.flatten() {
            let text = std::fs::read_to_string(entry.path()).expect("readable");
            // Read with the evaluator's JSON reader, which keeps the order of keys as `toJSON` shows it.
            let file = Value::from_json(&text).expect("JSON");
            let Value::Object(groups) = file else {
                continue;
            };
            let field = |case: &Value, key: &str| match case {
                Value::Object(map) => map.get(key).cloned(),
                _ => None,
            };
            for case in groups.values().flat_map(|c| match c {
                Value::Array(cases) => cases.clone(),
                _ => Vec::new(),
            }) {
                let (Some(Value::String(expr)), Some(result)) =
                    (field(&case, "expr"), field(&case, "result"))
                else {
                    continue;
                };
                let Ok(ast) = expr.parse::<Ast>() else {
                    continue;
                };
                if calls_status(&ast) {
                    continue;
                }
                let mut contexts: Vec<(&'static str, Value)> = Vec::new();
                if let Some(Value::Object(given)) = field(&case, "contexts") {
                    for (name, value) in given {
                        let name: &'static str = Box::leak(name.into_boxed_str());
                        contexts.push((name, value));
                    }
                }
                let got = partial(&ast, &scope(&contexts), None, &mut Vec::new());
                let expected = field(&result, "value").unwrap_or_default();
                let Partial::Value(got) = got else {
                    panic!("{expr}: undecided with every context known");
                };
                match field(&result, "kind") {
                    Some(Value::String(kind))
                        if matches!(kind.as_str(), "Boolean" | "String" | "Null") =>
                    {
                        assert_eq!(got, expected, "{expr}");
                    }
                    Some(Value::String(kind)) if kind == "Number" => {
                        let (a, b) = (got.coerce_to_number(), expected.coerce_to_number());
                        assert!(
                            a == b || (a.is_nan() && b.is_nan()),
                            "{expr}: {a} against {b}"
                        );
                    }
                    _ => assert!(got.is_truthy(), "{expr}"),
                }
                checked += 1;
            }
        }
        assert!(checked > 300, "only {checked} cases read");
    }
}
