//! `${{ }}` expressions as typed Rust: each syntax tree becomes the calls of [`crate::expr`] that build
//! the same tree. The calls are run here too, so a form is only used when it prints the same text.

use super::layout::Code;
use super::rust::{float_literal, string_literal};
use crate::expr::{Ast, BinaryOp, Expr, FilterSyntax, Number, fun};
use std::collections::BTreeMap;

/// Names in scope that expressions can use instead of spelling a reference out.
#[derive(Default)]
pub(crate) struct Scope {
    /// Job id to the variable holding its `JobRef`.
    pub(crate) jobs: BTreeMap<String, String>,
    /// The `expr` items the code used, for the `use` line.
    pub(crate) used: std::collections::BTreeSet<&'static str>,
    /// Step id to the variable holding its `StepRef`, for the steps of the job being written.
    pub(crate) steps: BTreeMap<String, String>,
    /// The step handles the code used.
    pub(crate) used_steps: std::collections::BTreeSet<String>,
}

const GITHUB: &[(&str, &str)] = &[
    ("action", "action"),
    ("action_path", "action_path"),
    ("action_ref", "action_ref"),
    ("action_repository", "action_repository"),
    ("action_status", "action_status"),
    ("actor", "actor"),
    ("actor_id", "actor_id"),
    ("api_url", "api_url"),
    ("base_ref", "base_ref"),
    ("env", "env"),
    ("event", "event"),
    ("event_name", "event_name"),
    ("event_path", "event_path"),
    ("graphql_url", "graphql_url"),
    ("head_ref", "head_ref"),
    ("job", "job"),
    ("output", "output"),
    ("path", "path"),
    ("ref", "git_ref"),
    ("ref_name", "ref_name"),
    ("ref_protected", "ref_protected"),
    ("ref_type", "ref_type"),
    ("repository", "repository"),
    ("repository_id", "repository_id"),
    ("repository_owner", "repository_owner"),
    ("repository_owner_id", "repository_owner_id"),
    ("repositoryUrl", "repository_url"),
    ("retention_days", "retention_days"),
    ("run_id", "run_id"),
    ("run_number", "run_number"),
    ("run_attempt", "run_attempt"),
    ("secret_source", "secret_source"),
    ("server_url", "server_url"),
    ("sha", "sha"),
    ("state", "state"),
    ("step_summary", "step_summary"),
    ("token", "token"),
    ("triggering_actor", "triggering_actor"),
    ("workflow", "workflow"),
    ("workflow_ref", "workflow_ref"),
    ("workflow_sha", "workflow_sha"),
    ("workspace", "workspace"),
];

const RUNNER: &[(&str, &str)] = &[
    ("name", "name"),
    ("os", "os"),
    ("arch", "arch"),
    ("temp", "temp"),
    ("tool_cache", "tool_cache"),
    ("debug", "debug"),
    ("environment", "environment"),
];

const STRATEGY: &[(&str, &str)] = &[
    ("fail-fast", "fail_fast"),
    ("job-index", "job_index"),
    ("job-total", "job_total"),
    ("max-parallel", "max_parallel"),
];

const JOB: &[(&str, &str)] = &[
    ("status", "status"),
    ("check_run_id", "check_run_id"),
    ("container", "container"),
    ("services", "services"),
    ("workflow_ref", "workflow_ref"),
    ("workflow_sha", "workflow_sha"),
    ("workflow_repository", "workflow_repository"),
    ("workflow_file_path", "workflow_file_path"),
];

/// A typed value: its code and the expression it builds.
type Typed = (Code, Expr);

/// The name a context property is read by, whichever way it was written (`a.b` or `a['b']`).
fn name_of(ast: &Ast) -> Option<&str> {
    match ast {
        Ast::Property { name, .. } => Some(name),
        Ast::Index { index, .. } => match index.as_ref() {
            Ast::String(name) => Some(name),
            _ => None,
        },
        _ => None,
    }
}

fn target_of(ast: &Ast) -> Option<&Ast> {
    match ast {
        Ast::Property { target, .. } | Ast::Index { target, .. } => Some(target),
        _ => None,
    }
}

fn context_name(ast: &Ast) -> Option<&str> {
    match ast {
        Ast::Context(name) => Some(name),
        _ => None,
    }
}

/// `context.name`, when `ast` is exactly that.
fn entry<'a>(ast: &'a Ast, context: &str) -> Option<&'a str> {
    let name = name_of(ast)?;
    (context_name(target_of(ast)?)? == context).then_some(name)
}

impl Scope {
    fn uses(&mut self, item: &'static str) {
        self.used.insert(item);
    }

    /// The typed form of a whole expression, or `None` when no call of the API builds this tree.
    pub(crate) fn typed(&mut self, ast: &Ast) -> Option<Typed> {
        let (code, expr) = self.node(ast)?;
        (expr.ast() == ast).then_some((code, expr))
    }

    /// An operand of `impl Into<Expr>`: literals stay Rust literals.
    fn operand(&mut self, ast: &Ast) -> Option<Typed> {
        match ast {
            Ast::String(s) => Some((Code::atom(string_literal(s)), Expr::from(s.as_str()))),
            Ast::Bool(b) => Some((Code::atom(b.to_string()), Expr::from(*b))),
            Ast::Number(n) => number(n),
            _ => self.node(ast),
        }
    }

    /// An `Expr` value (a literal becomes `Expr::from(..)`).
    fn value(&mut self, ast: &Ast) -> Option<Typed> {
        match ast {
            Ast::String(_) | Ast::Bool(_) | Ast::Number(_) => {
                let (code, expr) = self.operand(ast)?;
                self.uses("Expr");
                Some((Code::call("Expr::from", vec![code]), expr))
            }
            _ => self.node(ast),
        }
    }

    fn node(&mut self, ast: &Ast) -> Option<Typed> {
        if let Some(found) = self.known(ast) {
            return Some(found);
        }
        match ast {
            Ast::Null => {
                self.uses("Expr");
                Some((Code::call("Expr::null", vec![]), Expr::null()))
            }
            Ast::String(_) | Ast::Bool(_) | Ast::Number(_) => self.value(ast),
            Ast::Context(name) => {
                self.uses("Expr");
                let code = Code::call("Expr::context", vec![Code::atom(string_literal(name))]);
                Some((code, Expr::context(name.as_str())))
            }
            Ast::Property { target, name } => {
                let (code, expr) = self.node(target)?;
                let code = code.method("property", vec![Code::atom(string_literal(name))]);
                Some((code, expr.property(name.as_str())))
            }
            Ast::Index { target, index } => {
                let (code, expr) = self.node(target)?;
                if let Ast::String(name) = index.as_ref() {
                    // `a['b-c']` is what `property("b-c")` builds for a name that is not an identifier.
                    let built = expr.clone().property(name.as_str());
                    if built.ast() == ast {
                        let code = code.method("property", vec![Code::atom(string_literal(name))]);
                        return Some((code, built));
                    }
                }
                let (index_code, index_expr) = self.operand(index)?;
                Some((
                    code.method("index", vec![index_code]),
                    expr.index(index_expr),
                ))
            }
            Ast::Filter { target, syntax } => {
                if *syntax != FilterSyntax::Dot {
                    return None;
                }
                let (code, expr) = self.node(target)?;
                Some((code.method("filter", vec![]), expr.filter()))
            }
            Ast::Not(inner) => {
                let (code, expr) = self.node(inner)?;
                Some((code.method("not", vec![]), expr.not()))
            }
            Ast::Binary { op, left, right } => {
                let (left_code, left_expr) = self.value(left)?;
                let (right_code, right_expr) = self.operand(right)?;
                let (name, expr) = match op {
                    BinaryOp::Or => ("or", left_expr.or(right_expr)),
                    BinaryOp::And => ("and", left_expr.and(right_expr)),
                    BinaryOp::Eq => ("eq", left_expr.eq(right_expr)),
                    BinaryOp::Ne => ("ne", left_expr.ne(right_expr)),
                    BinaryOp::Lt => ("lt", left_expr.lt(right_expr)),
                    BinaryOp::Le => ("le", left_expr.le(right_expr)),
                    BinaryOp::Gt => ("gt", left_expr.gt(right_expr)),
                    BinaryOp::Ge => ("ge", left_expr.ge(right_expr)),
                };
                Some((left_code.method(name, vec![right_code]), expr))
            }
            Ast::Call { name, args } => self.function(name, args),
        }
    }

    fn function(&mut self, name: &str, args: &[Ast]) -> Option<Typed> {
        let one = |s: &mut Self, f: fn(Expr) -> Expr, rust: &'static str| -> Option<Typed> {
            let (code, expr) = s.operand(&args[0])?;
            s.uses("fun");
            Some((Code::call(rust, vec![code]), f(expr)))
        };
        let two = |s: &mut Self, f: fn(Expr, Expr) -> Expr, rust: &'static str| -> Option<Typed> {
            let (a_code, a) = s.operand(&args[0])?;
            let (b_code, b) = s.operand(&args[1])?;
            s.uses("fun");
            Some((Code::call(rust, vec![a_code, b_code]), f(a, b)))
        };
        let status = |s: &mut Self, f: fn() -> Expr, rust: &'static str| -> Option<Typed> {
            s.uses("fun");
            Some((Code::call(rust, vec![]), f()))
        };
        match (name, args.len()) {
            ("contains", 2) => two(self, fun::contains, "fun::contains"),
            ("startsWith", 2) => two(self, fun::starts_with, "fun::starts_with"),
            ("endsWith", 2) => two(self, fun::ends_with, "fun::ends_with"),
            ("join", 1) => one(self, fun::join, "fun::join"),
            ("join", 2) => two(self, fun::join_with, "fun::join_with"),
            ("toJSON", 1) => one(self, fun::to_json, "fun::to_json"),
            ("fromJSON", 1) => one(self, fun::from_json, "fun::from_json"),
            ("success", 0) => status(self, fun::success, "fun::success"),
            ("always", 0) => status(self, fun::always, "fun::always"),
            ("cancelled", 0) => status(self, fun::cancelled, "fun::cancelled"),
            ("failure", 0) => status(self, fun::failure, "fun::failure"),
            ("hashFiles", n) if n > 0 && args.iter().all(|a| matches!(a, Ast::String(_))) => {
                let mut codes = Vec::new();
                let mut exprs = Vec::new();
                for arg in args {
                    let (code, expr) = self.operand(arg)?;
                    codes.push(code);
                    exprs.push(expr);
                }
                self.uses("fun");
                Some((
                    Code::call("fun::hash_files", vec![Code::Array(codes)]),
                    fun::hash_files(exprs),
                ))
            }
            ("format", n) if n > 1 => {
                let (first_code, first) = self.operand(&args[0])?;
                let mut codes = Vec::new();
                let mut exprs = Vec::new();
                for arg in &args[1..] {
                    let (code, expr) = self.value(arg)?;
                    codes.push(code);
                    exprs.push(expr);
                }
                self.uses("fun");
                let code = Code::call("fun::format", vec![first_code, Code::Array(codes)]);
                Some((code, fun::format(first, exprs)))
            }
            _ => {
                let mut codes = Vec::new();
                let mut exprs = Vec::new();
                for arg in args {
                    let (code, expr) = self.value(arg)?;
                    codes.push(code);
                    exprs.push(expr);
                }
                self.uses("Expr");
                let code = Code::call(
                    "Expr::call",
                    vec![Code::atom(string_literal(name)), Code::Array(codes)],
                );
                Some((code, Expr::call(name, exprs)))
            }
        }
    }

    /// The named accessors of the contexts: `github::sha()`, `matrix("os")`, `needs("build").output("v")`.
    fn known(&mut self, ast: &Ast) -> Option<Typed> {
        use crate::expr::{env, inputs, jobs, matrix, needs, secrets, steps, vars};
        let table = |context: &str| -> Option<&'static [(&'static str, &'static str)]> {
            match context {
                "github" => Some(GITHUB),
                "runner" => Some(RUNNER),
                "strategy" => Some(STRATEGY),
                "job" => Some(JOB),
                _ => None,
            }
        };
        let name = name_of(ast)?;
        let target = target_of(ast)?;
        if let Some(context) = context_name(target) {
            if let Some(list) = table(context) {
                let (_, rust) = list.iter().find(|(yaml, _)| *yaml == name)?;
                let module: &'static str = match context {
                    "github" => "github",
                    "runner" => "runner",
                    "strategy" => "strategy",
                    _ => "job",
                };
                self.uses(module);
                let built = Expr::context(context).property(name);
                return Some((Code::call(format!("{module}::{rust}"), vec![]), built));
            }
            let arg = || vec![Code::atom(string_literal(name))];
            let (function, expr): (&'static str, Expr) = match context {
                "env" => ("env", env(name)),
                "vars" => ("vars", vars(name)),
                "secrets" if name == "GITHUB_TOKEN" => {
                    self.uses("secrets");
                    return Some((
                        Code::call("secrets::github_token", vec![]),
                        secrets::github_token(),
                    ));
                }
                "secrets" => ("secrets", secrets(name)),
                "inputs" => ("inputs", inputs(name)),
                "matrix" => ("matrix", matrix(name)),
                _ => return None,
            };
            self.uses(function);
            return Some((Code::call(function, arg()), expr));
        }
        // needs.<job>.outputs.<name>, needs.<job>.result, steps.<id>.outputs.<name>, ...
        let parent = target;
        if let Some(job) = entry(parent, "needs") {
            return match name {
                "result" => {
                    let code = self.needs_handle(job);
                    Some((code.method("result", vec![]), needs(job).result()))
                }
                "outputs" => {
                    // A job handle reads one output at a time; the whole mapping goes through `needs`.
                    self.uses("needs");
                    let code = Code::call("needs", vec![Code::atom(string_literal(job))]);
                    Some((code.method("outputs", vec![]), needs(job).outputs()))
                }
                _ => None,
            };
        }
        if name_of(parent) == Some("outputs") {
            let holder = target_of(parent)?;
            if let Some(job) = entry(holder, "needs") {
                let code = self.needs_handle(job);
                let arg = vec![Code::atom(string_literal(name))];
                return Some((code.method("output", arg), needs(job).output(name)));
            }
            if let Some(step) = entry(holder, "steps") {
                let code = self.step_handle(step);
                let arg = vec![Code::atom(string_literal(name))];
                return Some((code.method("output", arg), steps(step).output(name)));
            }
            if let Some(job) = entry(holder, "jobs") {
                self.uses("jobs");
                let code = Code::call("jobs", vec![Code::atom(string_literal(job))]);
                let arg = vec![Code::atom(string_literal(name))];
                return Some((code.method("output", arg), jobs(job).output(name)));
            }
        }
        if let Some(step) = entry(parent, "steps") {
            return match name {
                "outcome" => {
                    let code = self.step_handle(step);
                    Some((code.method("outcome", vec![]), steps(step).outcome()))
                }
                "conclusion" => {
                    let code = self.step_handle(step);
                    Some((code.method("conclusion", vec![]), steps(step).conclusion()))
                }
                "outputs" => {
                    // A step handle reads one output at a time; the whole mapping goes through `steps`.
                    self.uses("steps");
                    let code = Code::call("steps", vec![Code::atom(string_literal(step))]);
                    Some((code.method("outputs", vec![]), steps(step).outputs()))
                }
                _ => None,
            };
        }
        if let Some(job) = entry(parent, "jobs") {
            let base = || Code::call("jobs", vec![Code::atom(string_literal(job))]);
            let found = match name {
                "result" => Some((base().method("result", vec![]), jobs(job).result())),
                "outputs" => Some((base().method("outputs", vec![]), jobs(job).outputs())),
                _ => None,
            };
            if found.is_some() {
                self.uses("jobs");
            }
            return found;
        }
        None
    }

    /// The code naming `steps.<id>`: its handle when one is in scope.
    fn step_handle(&mut self, step: &str) -> Code {
        match self.steps.get(step) {
            Some(var) => {
                self.used_steps.insert(step.to_owned());
                Code::atom(var.clone())
            }
            None => {
                self.uses("steps");
                Code::call("steps", vec![Code::atom(string_literal(step))])
            }
        }
    }

    /// The code naming `needs.<job>`: its handle when one is in scope.
    fn needs_handle(&mut self, job: &str) -> Code {
        match self.jobs.get(job) {
            Some(var) => Code::atom(var.clone()),
            None => {
                self.uses("needs");
                Code::call("needs", vec![Code::atom(string_literal(job))])
            }
        }
    }
}

fn number(n: &Number) -> Option<Typed> {
    let v = n.value();
    if n.source().is_some() || !v.is_finite() {
        return None;
    }
    if v.fract() == 0.0 && v.abs() < 1e9 {
        #[allow(clippy::cast_possible_truncation)]
        let int = v as i32;
        return Some((Code::atom(int.to_string()), Expr::from(int)));
    }
    Some((Code::atom(float_literal(v)), Expr::from(v)))
}
