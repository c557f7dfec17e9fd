//! What a plan knows of the contexts an expression reads, and what it does not: a tree whose inner
//! objects are open (keys not listed are unknown: `secrets`, `steps`, the outputs of a job nobody gave)
//! or known to the last key (`matrix`, `inputs`, `needs.<job>.result`).

use super::cond::Partial;
use crate::expr::eval::{self, Contexts};
use crate::expr::{Ast, FilterSyntax, Template};
use crate::model::Value;
use indexmap::IndexMap;
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// A context value as far as it is known.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Node {
    /// Known to the last key: a key it lacks is `null`.
    Known(Value),
    /// An object whose listed keys are known (as far as each says) and whose other keys are not.
    Open(IndexMap<String, Node>),
}

impl Node {
    /// An open object with nothing known.
    pub(crate) fn unknown() -> Self {
        Self::Open(IndexMap::new())
    }

    /// Sets a child of an open object.
    pub(crate) fn set(&mut self, key: &str, node: Node) {
        if let Self::Open(map) = self {
            map.insert(key.to_owned(), node);
        }
    }

    fn get(&self, key: &str) -> Step<'_> {
        match self {
            Self::Known(_) => Step::Known,
            Self::Open(map) => map
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .map_or(Step::Unknown, |(_, n)| Step::Node(n)),
        }
    }

    /// The value of what is known, as the evaluator reads it: open objects hold their known keys only.
    fn value(&self) -> eval::Value {
        match self {
            Self::Known(v) => to_eval(v),
            Self::Open(map) => {
                eval::Value::Object(map.iter().map(|(k, n)| (k.clone(), n.value())).collect())
            }
        }
    }
}

/// A YAML value as the evaluator reads it.
pub(crate) fn to_eval(value: &Value) -> eval::Value {
    match value {
        Value::Null => eval::Value::Null,
        Value::Bool(b) => eval::Value::Bool(*b),
        Value::Number(n) => eval::Value::Number(n.as_f64()),
        Value::String(s) => eval::Value::String(s.clone()),
        Value::Sequence(items) => eval::Value::Array(items.iter().map(to_eval).collect()),
        Value::Mapping(map) => {
            eval::Value::Object(map.iter().map(|(k, v)| (k.clone(), to_eval(v))).collect())
        }
    }
}

/// A value of the evaluator as YAML data: integral numbers as integers.
pub(crate) fn from_eval(value: eval::Value) -> Value {
    match value {
        eval::Value::Null => Value::Null,
        eval::Value::Bool(b) => Value::Bool(b),
        eval::Value::Number(n) => {
            // Integral values within i64's exact range read back as integers (`2`, not `2.0`).
            #[allow(clippy::cast_possible_truncation)]
            if n.fract() == 0.0 && n.abs() < 9.0e15 {
                Value::from(n as i64)
            } else {
                Value::from(n)
            }
        }
        eval::Value::String(s) => Value::String(s),
        eval::Value::Array(items) => Value::Sequence(items.into_iter().map(from_eval).collect()),
        eval::Value::Object(map) => {
            Value::Mapping(map.into_iter().map(|(k, v)| (k, from_eval(v))).collect())
        }
    }
}

enum Step<'n> {
    Node(&'n Node),
    Known,
    Unknown,
}

/// The contexts the workflow's jobs share (`github`, `inputs`): what reads only them has one value for
/// every job, so it is evaluated once.
const SHARED: [&str; 2] = ["github", "inputs"];

/// Memory shared by every scope of one workflow: parsed templates and conditions, and the values of
/// expressions that read only the shared contexts.
#[derive(Debug, Default)]
pub(crate) struct Cache {
    pub(crate) templates: HashMap<String, Result<Rc<Template>, String>>,
    pub(crate) conditions: HashMap<String, Result<Rc<Ast>, String>>,
    values: HashMap<Ast, (Partial, Vec<String>)>,
}

/// The contexts of one expression, by name. Cloning is cheap: the contexts are shared.
#[derive(Clone, Debug, Default)]
pub(crate) struct Scope {
    contexts: Vec<(&'static str, Rc<Node>)>,
    pub(crate) cache: Rc<RefCell<Cache>>,
}

impl Scope {
    /// Sets a context, replacing one of the same name.
    pub(crate) fn insert(&mut self, name: &'static str, node: Node) {
        let node = Rc::new(node);
        match self.contexts.iter_mut().find(|(k, _)| *k == name) {
            Some(entry) => entry.1 = node,
            None => self.contexts.push((name, node)),
        }
    }

    /// The root a context name reads, compared without regard to case as GitHub does.
    fn root(&self, name: &str) -> Option<&Node> {
        self.contexts
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, n)| &**n)
    }

    /// Evaluates an expression whose every reference is known; expressions that read only the shared
    /// contexts are evaluated once per workflow.
    pub(crate) fn evaluate(
        &self,
        ast: &Ast,
        evaluate: impl FnOnce(&Contexts) -> (Partial, Vec<String>),
    ) -> (Partial, Vec<String>) {
        if let Some(value) = self.lookup(ast) {
            return (Partial::Value(value), Vec::new());
        }
        let mut roots: Vec<&str> = Vec::new();
        ast.walk(&mut |node| {
            if let Ast::Context(name) = node
                && !roots.iter().any(|r| r.eq_ignore_ascii_case(name))
            {
                roots.push(name);
            }
        });
        let shared = roots
            .iter()
            .all(|r| SHARED.iter().any(|s| s.eq_ignore_ascii_case(r)));
        if shared && let Some(found) = self.cache.borrow().values.get(ast) {
            return found.clone();
        }
        let mut contexts = Contexts::new();
        for root in &roots {
            if let Some(node) = self.root(root) {
                contexts.insert(*root, node.value());
            }
        }
        let result = evaluate(&contexts);
        if shared {
            self.cache
                .borrow_mut()
                .values
                .insert(ast.clone(), result.clone());
        }
        result
    }

    /// The value of a plain reference (`matrix.os`, `github.ref`) read straight from the tree, without
    /// the evaluator: a key of a mapping, found without regard to case. `None` for anything else, which
    /// then goes to the evaluator.
    fn lookup(&self, ast: &Ast) -> Option<eval::Value> {
        static NULL: Value = Value::Null;
        let mut chain = Vec::new();
        let root = chain_of(ast, &mut chain)?;
        let mut node = self.root(root)?;
        let mut keys = chain.iter();
        let mut current = loop {
            match node {
                Node::Known(value) => break value,
                Node::Open(_) => match node.get(keys.next()?.as_deref()?) {
                    Step::Node(next) => node = next,
                    _ => return None,
                },
            }
        };
        for key in keys {
            let (Some(key), Value::Mapping(map)) = (key, current) else {
                return None;
            };
            current = map
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .map_or(&NULL, |(_, v)| v);
        }
        Some(to_eval(current))
    }

    /// Every reference of `ast` whose value is not known, as written (`secrets.TOKEN`,
    /// `needs.build.outputs.version`).
    pub(crate) fn unknowns(&self, ast: &Ast, out: &mut Vec<String>) {
        match ast {
            Ast::Context(_) | Ast::Property { .. } | Ast::Index { .. } | Ast::Filter { .. } => {
                let mut chain = Vec::new();
                let root = chain_of(ast, &mut chain);
                if let Some(name) = root {
                    if !self.resolves(name, &chain) {
                        out.push(ast.to_string());
                    }
                } else if let Some(base) = base_of(ast) {
                    self.unknowns(base, out);
                }
                // Indexes that are expressions read contexts of their own.
                let mut node = ast;
                loop {
                    match node {
                        Ast::Index { target, index } => {
                            if !is_literal(index) {
                                self.unknowns(index, out);
                            }
                            node = target;
                        }
                        Ast::Property { target, .. } | Ast::Filter { target, .. } => node = target,
                        _ => break,
                    }
                }
            }
            Ast::Not(operand) => self.unknowns(operand, out),
            Ast::Binary { left, right, .. } => {
                self.unknowns(left, out);
                self.unknowns(right, out);
            }
            Ast::Call { args, .. } => {
                for arg in args {
                    self.unknowns(arg, out);
                }
            }
            Ast::Null | Ast::Bool(_) | Ast::Number(_) | Ast::String(_) => {}
        }
    }

    fn resolves(&self, root: &str, chain: &[Option<Cow<'_, str>>]) -> bool {
        let Some(mut node) = self.root(root) else {
            return false;
        };
        for key in chain {
            let Some(key) = key else {
                // A computed index or a filter: known only below a value known to the last key.
                return matches!(node, Node::Known(_));
            };
            match node.get(key) {
                Step::Node(next) => node = next,
                Step::Known => return true,
                Step::Unknown => return false,
            }
        }
        true
    }
}

/// The keys read from a context, outermost last; `None` for a computed index or a filter. Returns the
/// context's name, or `None` when the chain does not start at a context (`fromJSON(x).a`).
fn chain_of<'a>(ast: &'a Ast, chain: &mut Vec<Option<Cow<'a, str>>>) -> Option<&'a str> {
    match ast {
        Ast::Context(name) => Some(name),
        Ast::Property { target, name } => {
            let root = chain_of(target, chain);
            chain.push(Some(Cow::Borrowed(name)));
            root
        }
        Ast::Index { target, index } => {
            let root = chain_of(target, chain);
            chain.push(match &**index {
                Ast::String(s) => Some(Cow::Borrowed(s)),
                Ast::Number(n) => Some(Cow::Owned(eval::format_number(n.value()))),
                _ => None,
            });
            root
        }
        Ast::Filter { target, syntax } => {
            let _: &FilterSyntax = syntax;
            let root = chain_of(target, chain);
            chain.push(None);
            root
        }
        _ => None,
    }
}

/// The innermost target of a chain that does not start at a context.
fn base_of(ast: &Ast) -> Option<&Ast> {
    match ast {
        Ast::Property { target, .. } | Ast::Index { target, .. } | Ast::Filter { target, .. } => {
            match &**target {
                Ast::Property { .. } | Ast::Index { .. } | Ast::Filter { .. } => base_of(target),
                other => Some(other),
            }
        }
        _ => None,
    }
}

fn is_literal(ast: &Ast) -> bool {
    matches!(ast, Ast::String(_) | Ast::Number(_))
}
