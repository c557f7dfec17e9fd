//! The model as builder calls.

use super::Stats;
use super::expr::Scope;
use super::layout::{Code, Stmt};
use super::rust::{float_literal, string_literal};
use crate::expr::{Condition, Part, Template, parse_condition};
use crate::model::{
    Action, ActionInput, ActionOutput, Concurrency, Container, Defaults, Environment, Event,
    EventConfig, ExprOr, Filters, Input, InputType, Job, Mapping, Matrix, Number, OneOrMany, Path,
    PathSegment, PermissionLevel, Permissions, Runs, RunsOn, Secrets, Step, Strategy, Value,
    Workflow,
};
use crate::validate::Diagnostic;
use std::collections::BTreeSet;

/// What a string is handed to: decides how a typed expression is converted.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Pos {
    /// `impl Into<String>` or `impl Into<Value>`: an `Expr` converts as `${{ .. }}`.
    Text,
    /// `impl Into<ExprOr<bool>>`: an `Expr` converts bare, so a wrapped one goes through `to_string()`.
    Flag,
}

pub(crate) struct Gen<'a> {
    pub(crate) scope: Scope,
    pub(crate) stats: Stats,
    pub(crate) model: BTreeSet<&'static str>,
    findings: &'a [Diagnostic],
    comments: &'a dyn Fn(&Path) -> Option<String>,
    pub(crate) gaps: BTreeSet<String>,
    /// The variables of the function body so far.
    names: BTreeSet<String>,
}

fn lit(s: &str) -> Code {
    Code::atom(string_literal(s))
}

fn camel(text: &str) -> String {
    text.split(['_', '-'])
        .map(|part| {
            let mut chars = part.chars();
            match chars.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

/// The last key of a path (a job's id).
fn path_key(path: &Path) -> String {
    match path.segments().last() {
        Some(PathSegment::Key(key)) => key.clone(),
        _ => String::new(),
    }
}

/// `Vec::from([String::from(..), ..])`.
fn string_vec(items: Code) -> Code {
    let Code::Array(items) = items else {
        return items;
    };
    let items = items
        .into_iter()
        .map(|c| Code::call("String::from", vec![c]))
        .collect();
    Code::call("Vec::from", vec![Code::Array(items)])
}

fn some(code: Code) -> Code {
    Code::call("Some", vec![code])
}

fn number_code(n: Number) -> Code {
    match n {
        Number::Int(i) if i32::try_from(i).is_ok() => Code::atom(i.to_string()),
        Number::Int(i) => Code::atom(format!("{i}_i64")),
        Number::UInt(u) => Code::atom(format!("{u}_u64")),
        Number::Float(f) if f.is_nan() => Code::atom("f64::NAN"),
        Number::Float(f) if f.is_infinite() && f > 0.0 => Code::atom("f64::INFINITY"),
        Number::Float(f) if f.is_infinite() => Code::atom("f64::NEG_INFINITY"),
        Number::Float(f) => Code::atom(float_literal(f)),
    }
}

impl<'a> Gen<'a> {
    pub(crate) fn new(
        findings: &'a [Diagnostic],
        comments: &'a dyn Fn(&Path) -> Option<String>,
    ) -> Self {
        Gen {
            scope: Scope::default(),
            stats: Stats::default(),
            model: BTreeSet::new(),
            findings,
            comments,
            gaps: BTreeSet::new(),
            // Handles must not hide the expression functions the module imports.
            names: [
                "workflow", "env", "vars", "secrets", "inputs", "matrix", "needs", "steps", "jobs",
                "github", "runner", "strategy", "job", "fun",
            ]
            .into_iter()
            .map(str::to_owned)
            .collect(),
        }
    }

    fn ty(&mut self, name: &'static str) -> &'static str {
        self.model.insert(name);
        name
    }

    fn gap(&mut self, what: &str) {
        self.gaps.insert(what.to_owned());
    }

    /// Comment lines for a place: the author's comment at it, and the validator's findings that `take`
    /// selects, each naming its own path when it is deeper.
    pub(crate) fn notes(&self, at: &Path, take: &dyn Fn(&Path) -> bool) -> Vec<Stmt> {
        let mut out = Vec::new();
        if let Some(comment) = (self.comments)(at) {
            out.push(Stmt::Comment(comment));
        }
        for finding in self.findings.iter().filter(|f| take(&f.path)) {
            let place = if finding.path == *at || finding.path.is_root() {
                String::new()
            } else {
                format!(" (at {})", finding.path)
            };
            out.push(Stmt::Comment(format!(
                "{}[{}]: {}{place}",
                finding.severity, finding.code, finding.message
            )));
        }
        out
    }

    // ---- strings and expressions ----

    /// A string that may hold `${{ }}`: typed where it parses and the API prints it back unchanged.
    fn text(&mut self, s: &str, pos: Pos) -> Code {
        let used = self.scope.used.clone();
        let used_steps = self.scope.used_steps.clone();
        let code = self.text_inner(s, pos);
        if matches!(code, Code::Atom(_)) {
            // Kept as text: nothing of the expression API was used after all.
            self.scope.used = used;
            self.scope.used_steps = used_steps;
        }
        code
    }

    fn text_inner(&mut self, s: &str, pos: Pos) -> Code {
        if pos == Pos::Text && !s.contains("${{") {
            return lit(s);
        }
        if pos == Pos::Flag {
            match parse_condition(s) {
                Ok(Condition::Bare(ast)) => {
                    if let Some((code, expr)) = self.scope.typed(&ast)
                        && expr.to_condition() == s
                    {
                        self.stats.typed += 1;
                        return code;
                    }
                    self.stats.text += 1;
                    return lit(s);
                }
                Ok(Condition::Wrapped(ast)) => {
                    if let Some((code, expr)) = self.scope.typed(&ast)
                        && expr.to_string() == s
                    {
                        self.stats.typed += 1;
                        return code.method("to_string", vec![]);
                    }
                    self.stats.text += 1;
                    return lit(s);
                }
                Ok(Condition::Template(_)) => {}
                Err(_) if !s.contains("${{") => {
                    self.stats.unparsed += 1;
                    return lit(s);
                }
                Err(_) => {}
            }
        }
        if !s.contains("${{") {
            return lit(s);
        }
        let Ok(template) = Template::parse(s) else {
            self.stats.unparsed += 1;
            return lit(s);
        };
        let count = template.expressions().count();
        if template.to_string() != s {
            self.stats.text += count;
            return lit(s);
        }
        if let Some(ast) = template.as_expr() {
            if let Some((code, _)) = self.scope.typed(ast) {
                self.stats.typed += 1;
                return if pos == Pos::Flag {
                    code.method("to_string", vec![])
                } else {
                    code
                };
            }
            self.stats.text += 1;
            return lit(s);
        }
        let mut code = Code::call("Template::new", vec![]);
        let mut typed = 0;
        for part in &template.parts {
            match part {
                Part::Text(text) => code = code.method("text", vec![lit(text)]),
                Part::Expr { expr, .. } => match self.scope.typed(expr) {
                    Some((expr_code, _)) => {
                        typed += 1;
                        code = code.method("expr", vec![expr_code]);
                    }
                    None => {
                        self.stats.text += count;
                        return lit(s);
                    }
                },
            }
        }
        self.stats.typed += typed;
        self.scope.used.insert("Template");
        code.method("to_string", vec![])
    }

    /// A value for `impl Into<Value>`.
    fn value(&mut self, value: &Value) -> Code {
        match value {
            Value::String(s) => self.text(s, Pos::Text),
            Value::Bool(b) => Code::atom(b.to_string()),
            Value::Number(n) => number_code(*n),
            _ => self.value_exact(value),
        }
    }

    /// A `Value` expression, whatever it holds.
    fn value_exact(&mut self, value: &Value) -> Code {
        let ty = self.ty("Value");
        match value {
            Value::Null => Code::atom(format!("{ty}::Null")),
            Value::Sequence(items) => {
                let items = items.iter().map(|v| self.value_exact(v)).collect();
                Code::call(
                    format!("{ty}::Sequence"),
                    vec![Code::call("Vec::from", vec![Code::Array(items)])],
                )
            }
            Value::Mapping(map) => Code::call(format!("{ty}::Mapping"), vec![self.mapping(map)]),
            other => Code::call(format!("{ty}::from"), vec![self.value(other)]),
        }
    }

    fn mapping(&mut self, map: &Mapping) -> Code {
        let ty = self.ty("Mapping");
        if map.is_empty() {
            return Code::call(format!("{ty}::new"), vec![]);
        }
        let rows = map
            .iter()
            .map(|(k, v)| {
                Code::Tuple(vec![
                    Code::call("String::from", vec![lit(k)]),
                    self.value_exact(v),
                ])
            })
            .collect();
        Code::call(format!("{ty}::from"), vec![Code::Array(rows)])
    }

    fn strings(&mut self, items: &[String]) -> Code {
        Code::Array(items.iter().map(|s| self.text(s, Pos::Text)).collect())
    }

    fn opt_string(&mut self, s: &Option<String>) -> Code {
        match s {
            Some(s) => {
                let inner = self.text(s, Pos::Text);
                some(inner.method("into", vec![]))
            }
            None => Code::atom("None"),
        }
    }

    fn expr_or_bool(&mut self, v: &ExprOr<bool>) -> Code {
        match v {
            ExprOr::Value(b) => Code::atom(b.to_string()),
            ExprOr::Expr(s) => self.text(s, Pos::Flag),
        }
    }

    /// An `if:`: `IfCondition` takes text and expressions, and a literal boolean only as `ExprOr`.
    fn condition(&mut self, v: &ExprOr<bool>) -> Code {
        match v {
            ExprOr::Value(b) => {
                let ty = self.ty("ExprOr");
                Code::call(format!("{ty}::Value"), vec![Code::atom(b.to_string())])
            }
            ExprOr::Expr(s) => self.text(s, Pos::Flag),
        }
    }

    fn expr_or_number(&mut self, v: &ExprOr<Number>) -> Code {
        match v {
            ExprOr::Value(n) => number_code(*n),
            ExprOr::Expr(s) => self.text(s, Pos::Text),
        }
    }

    fn env_methods(
        &mut self,
        mut code: Code,
        env: &Option<ExprOr<Mapping>>,
        field: &str,
    ) -> (Code, Option<(String, Code)>) {
        match env {
            None => (code, None),
            Some(ExprOr::Value(map)) if !map.is_empty() => {
                for (k, v) in map {
                    let value = self.value(v);
                    code = code.method("env", vec![lit(k), value]);
                }
                (code, None)
            }
            Some(other) => {
                self.gap(&format!("`{field}` as one expression or empty"));
                let value = self.expr_or_mapping(other);
                (code, Some(("env".to_owned(), some(value))))
            }
        }
    }

    fn expr_or_mapping(&mut self, v: &ExprOr<Mapping>) -> Code {
        let ty = self.ty("ExprOr");
        match v {
            ExprOr::Value(map) => Code::call(format!("{ty}::Value"), vec![self.mapping(map)]),
            ExprOr::Expr(s) => {
                let text = self.text(s, Pos::Text);
                Code::call(format!("{ty}::Expr"), vec![text.method("into", vec![])])
            }
        }
    }

    fn one_or_many(&mut self, v: &OneOrMany<String>) -> Code {
        let ty = self.ty("OneOrMany");
        match v {
            OneOrMany::One(s) => {
                let inner = self.text(s, Pos::Text);
                Code::call(format!("{ty}::One"), vec![inner.method("into", vec![])])
            }
            OneOrMany::Many(items) => {
                let items = self.strings(items);
                Code::call(format!("{ty}::Many"), vec![string_vec(items)])
            }
        }
    }

    // ---- workflow ----

    pub(crate) fn workflow(&mut self, workflow: &Workflow) -> Vec<Stmt> {
        let ty = self.ty("Workflow");
        // Findings inside a job go with the job; the rest go first.
        let in_job = |p: &Path| match p.segments() {
            [PathSegment::Key(jobs), PathSegment::Key(id), ..] => {
                jobs == "jobs" && workflow.jobs.contains_key(id)
            }
            _ => false,
        };
        let mut body = self.notes(&Path::root(), &|p| !in_job(p));
        let mut code = match &workflow.name {
            Some(name) => Code::call(format!("{ty}::new"), vec![self.text(name, Pos::Text)]),
            None => {
                self.gap("a workflow without `name`");
                Code::call(format!("{ty}::default"), vec![])
            }
        };
        if let Some(run_name) = &workflow.run_name {
            code = code.method("run_name", vec![self.text(run_name, Pos::Text)]);
        }
        let mut assigns = Vec::new();
        match &workflow.on {
            crate::model::On::Event(event) => {
                self.gap("`on` as one event name");
                let on = self.ty("On");
                let event = self.event(event);
                assigns.push(Stmt::Assign(
                    "workflow.on".into(),
                    Code::call(format!("{on}::Event"), vec![event]),
                ));
            }
            crate::model::On::Events(events) if !events.is_empty() => {
                let events = events.iter().map(|e| self.event(e)).collect();
                code = code.method("on_events", vec![Code::Array(events)]);
            }
            crate::model::On::Events(_) => {
                let on = self.ty("On");
                assigns.push(Stmt::Assign(
                    "workflow.on".into(),
                    Code::call(
                        format!("{on}::Events"),
                        vec![Code::call("Vec::new", vec![])],
                    ),
                ));
            }
            crate::model::On::Triggers(map) => {
                for (event, config) in map {
                    let trigger = self.trigger(event, config.as_ref());
                    code = code.method("on", vec![trigger]);
                }
            }
        }
        if let Some(permissions) = &workflow.permissions {
            code = code.method("permissions", vec![self.permissions(permissions)]);
        }
        let (next, gap) = self.env_methods(code, &workflow.env, "env");
        code = next;
        if let Some((_, value)) = gap {
            assigns.push(Stmt::Assign("workflow.env".into(), value));
        }
        if let Some(defaults) = &workflow.defaults {
            code = code.method("defaults", vec![self.defaults(defaults)]);
        }
        if let Some(concurrency) = &workflow.concurrency {
            code = code.method("concurrency", vec![self.concurrency(concurrency)]);
        }
        body.push(Stmt::Let("workflow".into(), true, code));
        body.extend(assigns);
        // Jobs that a later job needs get a handle.
        let ids: Vec<&String> = workflow.jobs.keys().collect();
        let mut needed = BTreeSet::new();
        for (i, job) in workflow.jobs.values().enumerate() {
            for need in job.needed_jobs() {
                if ids[..i].iter().any(|id| id.as_str() == need) {
                    needed.insert(need.to_owned());
                }
            }
        }

        for (id, job) in &workflow.jobs {
            let path = Path::root().key("jobs").key(id.as_str());
            body.extend(self.notes(&path, &|p| p.segments().starts_with(path.segments())));
            let (statements, job_code) = self.job(job, &path);
            body.extend(statements);
            let call = Code::atom("workflow").method("add_job", vec![lit(id), job_code]);
            if needed.contains(id) {
                let var = self.fresh(id, "_job");
                self.scope.jobs.insert(id.clone(), var.clone());
                body.push(Stmt::Let(var, false, call));
            } else {
                body.push(Stmt::Expr(call));
            }
        }
        body.push(Stmt::Tail(Code::atom("workflow")));
        body
    }

    fn event(&mut self, event: &Event) -> Code {
        let ty = self.ty("Event");
        if event.is_known() {
            Code::atom(format!("{ty}::{}", camel(event.as_str())))
        } else {
            Code::call(format!("{ty}::from"), vec![lit(event.as_str())])
        }
    }

    fn trigger(&mut self, event: &Event, config: Option<&EventConfig>) -> Code {
        if config.is_none() {
            return self.event(event);
        }
        let trigger = self.ty("Trigger");
        match config {
            None => self.event(event),
            Some(EventConfig::Filters(filters)) => {
                if let Some(code) = self.filters_builder(event, filters) {
                    return code;
                }
                self.gap("a trigger filter written as one pattern, an empty trigger mapping, or `names`/`versions`");
                let config = self.filters_literal(filters);
                self.trigger_literal(event, config)
            }
            Some(EventConfig::Schedule(crons))
                if !crons.is_empty() && *event == Event::Schedule =>
            {
                let mut code = Code::call(
                    format!("{trigger}::schedule"),
                    vec![self.text(&crons[0].cron, Pos::Text)],
                );
                for (i, cron) in crons.iter().enumerate() {
                    if i > 0 {
                        code = code.method("cron", vec![self.text(&cron.cron, Pos::Text)]);
                    }
                    if let Some(tz) = &cron.timezone {
                        code = code.method("timezone", vec![self.text(tz, Pos::Text)]);
                    }
                }
                code
            }
            Some(EventConfig::WorkflowDispatch(dispatch))
                if *event == Event::WorkflowDispatch
                    && dispatch.inputs.as_ref().is_some_and(|i| !i.is_empty()) =>
            {
                let mut code = Code::call(format!("{trigger}::workflow_dispatch"), vec![]);
                for (name, input) in dispatch.inputs.iter().flatten() {
                    let input = self.input(input);
                    code = code.method("input", vec![lit(name), input]);
                }
                code
            }
            Some(EventConfig::WorkflowCall(call))
                if *event == Event::WorkflowCall && self.call_buildable(call) =>
            {
                let mut code = Code::call(format!("{trigger}::workflow_call"), vec![]);
                for (name, input) in call.inputs.iter().flatten() {
                    let input = self.input(input);
                    code = code.method("input", vec![lit(name), input]);
                }
                for (name, output) in call.outputs.iter().flatten() {
                    let value = self.text(&output.value, Pos::Text);
                    code = match &output.description {
                        Some(d) => code.method(
                            "described_output",
                            vec![lit(name), self.text(d, Pos::Text), value],
                        ),
                        None => code.method("output", vec![lit(name), value]),
                    };
                }
                for (name, secret) in call.secrets.iter().flatten() {
                    let Some(secret) = secret else { continue };
                    let required = Code::atom(secret.required.unwrap_or(false).to_string());
                    code = match &secret.description {
                        Some(d) => code.method(
                            "described_secret",
                            vec![lit(name), self.text(d, Pos::Text), required],
                        ),
                        None => code.method("secret", vec![lit(name), required]),
                    };
                }
                code
            }
            Some(other) => {
                self.gap("an empty `workflow_dispatch`/`workflow_call`/`schedule` mapping, or a bare secret");
                let config = self.config_literal(other);
                self.trigger_literal(event, config)
            }
        }
    }

    fn call_buildable(&self, call: &crate::model::WorkflowCall) -> bool {
        let any = call.inputs.as_ref().is_some_and(|m| !m.is_empty())
            || call.outputs.as_ref().is_some_and(|m| !m.is_empty())
            || call.secrets.as_ref().is_some_and(|m| !m.is_empty());
        any && call.inputs.as_ref().is_none_or(|m| !m.is_empty())
            && call.outputs.as_ref().is_none_or(|m| !m.is_empty())
            && call.secrets.as_ref().is_none_or(|m| {
                !m.is_empty()
                    && m.values()
                        .all(|s| s.as_ref().is_some_and(|s| s.required.is_some()))
            })
    }

    fn trigger_literal(&mut self, event: &Event, config: Code) -> Code {
        let trigger = self.ty("Trigger");
        let event = self.event(event);
        Code::Struct(
            trigger.to_owned(),
            vec![("event".into(), event), ("config".into(), some(config))],
            None,
        )
    }

    fn filters_builder(&mut self, event: &Event, f: &Filters) -> Option<Code> {
        let lists = [
            ("types", &f.types),
            ("branches", &f.branches),
            ("branches_ignore", &f.branches_ignore),
            ("tags", &f.tags),
            ("tags_ignore", &f.tags_ignore),
            ("paths", &f.paths),
            ("paths_ignore", &f.paths_ignore),
        ];
        let many = |v: &Option<OneOrMany<String>>| matches!(v, None | Some(OneOrMany::Many(_)));
        if *f == Filters::default()
            || f.names.is_some()
            || f.versions.is_some()
            || !lists.iter().all(|(_, v)| many(v))
            || !matches!(f.workflows, None | Some(OneOrMany::Many(_)))
            || (f.workflows.is_some() && *event != Event::WorkflowRun)
        {
            return None;
        }
        let trigger = self.ty("Trigger");
        let shortcut = match event {
            Event::Push => Some("push"),
            Event::PullRequest => Some("pull_request"),
            Event::PullRequestTarget => Some("pull_request_target"),
            Event::MergeGroup => Some("merge_group"),
            Event::Release => Some("release"),
            Event::RepositoryDispatch => Some("repository_dispatch"),
            Event::Issues => Some("issues"),
            Event::IssueComment => Some("issue_comment"),
            _ => None,
        };
        let mut code = match (&f.workflows, shortcut) {
            (Some(OneOrMany::Many(w)), _) => {
                Code::call(format!("{trigger}::workflow_run"), vec![self.strings(w)])
            }
            (_, Some(name)) => Code::call(format!("{trigger}::{name}"), vec![]),
            _ => Code::call(format!("{trigger}::event"), vec![self.event(event)]),
        };
        for (method, list) in lists {
            if let Some(OneOrMany::Many(items)) = list {
                code = code.method(method, vec![self.strings(items)]);
            }
        }
        Some(code)
    }

    fn filters_literal(&mut self, f: &Filters) -> Code {
        let ty = self.ty("Filters");
        let config = self.ty("EventConfig");
        let mut fields = Vec::new();
        let lists = [
            ("types", &f.types),
            ("workflows", &f.workflows),
            ("branches", &f.branches),
            ("branches_ignore", &f.branches_ignore),
            ("tags", &f.tags),
            ("tags_ignore", &f.tags_ignore),
            ("paths", &f.paths),
            ("paths_ignore", &f.paths_ignore),
            ("names", &f.names),
            ("versions", &f.versions),
        ];
        for (name, list) in lists {
            if let Some(list) = list {
                let value = self.one_or_many(list);
                fields.push((name.to_owned(), some(value)));
            }
        }
        let base = Code::call(format!("{ty}::default"), vec![]);
        Code::call(
            format!("{config}::Filters"),
            vec![Code::Struct(ty.to_owned(), fields, Some(Box::new(base)))],
        )
    }

    fn config_literal(&mut self, config: &EventConfig) -> Code {
        let ec = self.ty("EventConfig");
        match config {
            EventConfig::Filters(f) => self.filters_literal(f),
            EventConfig::Schedule(crons) => {
                let cron_ty = self.ty("Cron");
                let items = crons
                    .iter()
                    .map(|c| {
                        let tz = self.opt_string(&c.timezone);
                        Code::Struct(
                            cron_ty.to_owned(),
                            vec![
                                (
                                    "cron".into(),
                                    self.text(&c.cron, Pos::Text).method("into", vec![]),
                                ),
                                ("timezone".into(), tz),
                            ],
                            None,
                        )
                    })
                    .collect();
                Code::call(
                    format!("{ec}::Schedule"),
                    vec![Code::call("Vec::from", vec![Code::Array(items)])],
                )
            }
            EventConfig::WorkflowDispatch(d) => {
                let ty = self.ty("WorkflowDispatch");
                let inputs = self.inputs_literal(&d.inputs);
                Code::call(
                    format!("{ec}::WorkflowDispatch"),
                    vec![Code::Struct(
                        ty.to_owned(),
                        vec![("inputs".into(), inputs)],
                        None,
                    )],
                )
            }
            EventConfig::WorkflowCall(c) => {
                let ty = self.ty("WorkflowCall");
                let inputs = self.inputs_literal(&c.inputs);
                let outputs = match &c.outputs {
                    None => Code::atom("None"),
                    Some(map) => {
                        let out_ty = self.ty("WorkflowCallOutput");
                        let rows = map
                            .iter()
                            .map(|(k, o)| {
                                let d = self.opt_string(&o.description);
                                let v = self.text(&o.value, Pos::Text).method("into", vec![]);
                                Code::Tuple(vec![
                                    Code::call("String::from", vec![lit(k)]),
                                    Code::Struct(
                                        out_ty.to_owned(),
                                        vec![("description".into(), d), ("value".into(), v)],
                                        None,
                                    ),
                                ])
                            })
                            .collect();
                        some(Code::call(
                            "FromIterator::from_iter",
                            vec![Code::Array(rows)],
                        ))
                    }
                };
                let secrets = match &c.secrets {
                    None => Code::atom("None"),
                    Some(map) => {
                        let sec_ty = self.ty("WorkflowCallSecret");
                        let rows = map
                            .iter()
                            .map(|(k, s)| {
                                let value = match s {
                                    None => Code::atom("None"),
                                    Some(s) => {
                                        let d = self.opt_string(&s.description);
                                        let r = match s.required {
                                            Some(b) => some(Code::atom(b.to_string())),
                                            None => Code::atom("None"),
                                        };
                                        some(Code::Struct(
                                            sec_ty.to_owned(),
                                            vec![("description".into(), d), ("required".into(), r)],
                                            None,
                                        ))
                                    }
                                };
                                Code::Tuple(vec![Code::call("String::from", vec![lit(k)]), value])
                            })
                            .collect();
                        some(Code::call(
                            "FromIterator::from_iter",
                            vec![Code::Array(rows)],
                        ))
                    }
                };
                Code::call(
                    format!("{ec}::WorkflowCall"),
                    vec![Code::Struct(
                        ty.to_owned(),
                        vec![
                            ("inputs".into(), inputs),
                            ("outputs".into(), outputs),
                            ("secrets".into(), secrets),
                        ],
                        None,
                    )],
                )
            }
        }
    }

    fn inputs_literal(&mut self, inputs: &Option<indexmap::IndexMap<String, Input>>) -> Code {
        match inputs {
            None => Code::atom("None"),
            Some(map) => {
                let rows = map
                    .iter()
                    .map(|(k, i)| {
                        Code::Tuple(vec![
                            Code::call("String::from", vec![lit(k)]),
                            self.input(i),
                        ])
                    })
                    .collect();
                some(Code::call(
                    "FromIterator::from_iter",
                    vec![Code::Array(rows)],
                ))
            }
        }
    }

    fn input(&mut self, input: &Input) -> Code {
        let ty = self.ty("Input");
        let buildable = match (&input.r#type, &input.options) {
            (Some(InputType::Choice), Some(_)) => true,
            (Some(t), None) => t.is_known() && *t != InputType::Choice,
            (None, None) => true,
            _ => false,
        };
        if !buildable {
            self.gap("an input whose `options` do not go with its `type`");
            let it = self.ty("InputType");
            let r#type = match &input.r#type {
                Some(t) => some(Code::call(format!("{it}::from"), vec![lit(t.as_str())])),
                None => Code::atom("None"),
            };
            let options = match &input.options {
                Some(o) => {
                    let items = self.strings(o);
                    some(string_vec(items))
                }
                None => Code::atom("None"),
            };
            let mut fields = vec![
                ("r#type".to_owned(), r#type),
                ("options".to_owned(), options),
            ];
            if let Some(d) = &input.description {
                fields.push((
                    "description".into(),
                    some(self.text(d, Pos::Text).method("into", vec![])),
                ));
            }
            if let Some(r) = input.required {
                fields.push(("required".into(), some(Code::atom(r.to_string()))));
            }
            if let Some(d) = &input.default {
                fields.push(("default".into(), some(self.value_exact(d))));
            }
            return Code::Struct(
                ty.to_owned(),
                fields,
                Some(Box::new(Code::call(format!("{ty}::new"), vec![]))),
            );
        }
        let mut code = match (&input.r#type, &input.options) {
            (Some(InputType::Choice), Some(options)) => {
                Code::call(format!("{ty}::choice"), vec![self.strings(options)])
            }
            (Some(t), None) => Code::call(format!("{ty}::{}", t.as_str()), vec![]),
            _ => Code::call(format!("{ty}::new"), vec![]),
        };
        if let Some(d) = &input.description {
            code = code.method("description", vec![self.text(d, Pos::Text)]);
        }
        if let Some(r) = input.required {
            code = code.method("required", vec![Code::atom(r.to_string())]);
        }
        if let Some(d) = &input.default {
            code = code.method("default", vec![self.value(d)]);
        }
        code
    }

    fn permissions(&mut self, permissions: &Permissions) -> Code {
        let ty = self.ty("Permissions");
        match permissions {
            Permissions::ReadAll => Code::atom(format!("{ty}::ReadAll")),
            Permissions::WriteAll => Code::atom(format!("{ty}::WriteAll")),
            Permissions::Scopes(scopes) => {
                let mut code = Code::call(format!("{ty}::none"), vec![]);
                for (scope, level) in scopes {
                    let scope_code = if scope.is_known() {
                        let st = self.ty("PermissionScope");
                        Code::atom(format!("{st}::{}", camel(scope.as_str())))
                    } else {
                        lit(scope.as_str())
                    };
                    code = match level {
                        PermissionLevel::Read => code.method("read", vec![scope_code]),
                        PermissionLevel::Write => code.method("write", vec![scope_code]),
                        other => {
                            let lt = self.ty("PermissionLevel");
                            let level = if other.is_known() {
                                Code::atom(format!("{lt}::{}", camel(other.as_str())))
                            } else {
                                Code::call(format!("{lt}::from"), vec![lit(other.as_str())])
                            };
                            code.method("grant", vec![scope_code, level])
                        }
                    };
                }
                code
            }
        }
    }

    fn defaults(&mut self, defaults: &Defaults) -> Code {
        let ty = self.ty("Defaults");
        match &defaults.run {
            Some(run) => {
                let mut code = Code::call(format!("{ty}::run"), vec![]);
                if let Some(shell) = &run.shell {
                    code = code.method("shell", vec![self.text(shell, Pos::Text)]);
                }
                if let Some(dir) = &run.working_directory {
                    code = code.method("working_directory", vec![self.text(dir, Pos::Text)]);
                }
                code
            }
            None => {
                self.gap("empty `defaults`");
                Code::call(format!("{ty}::default"), vec![])
            }
        }
    }

    fn concurrency(&mut self, concurrency: &Concurrency) -> Code {
        let ty = self.ty("Concurrency");
        match concurrency {
            Concurrency::Group(group) => {
                Code::call(format!("{ty}::group"), vec![self.text(group, Pos::Text)])
            }
            Concurrency::Config(config) => match (&config.group, &config.cancel_in_progress) {
                (Some(group), Some(cancel)) => {
                    let group = self.text(group, Pos::Text);
                    let cancel = self.expr_or_bool(cancel);
                    Code::call(format!("{ty}::group"), vec![group])
                        .method("cancel_in_progress", vec![cancel])
                }
                _ => {
                    self.gap("`concurrency` as a mapping without `cancel-in-progress` or `group`");
                    let cc = self.ty("ConcurrencyConfig");
                    let group = self.opt_string(&config.group);
                    let cancel = match &config.cancel_in_progress {
                        Some(c) => {
                            let c = self.expr_or_bool_exact(c);
                            some(c)
                        }
                        None => Code::atom("None"),
                    };
                    Code::call(
                        format!("{ty}::Config"),
                        vec![Code::Struct(
                            cc.to_owned(),
                            vec![
                                ("group".into(), group),
                                ("cancel_in_progress".into(), cancel),
                            ],
                            None,
                        )],
                    )
                }
            },
        }
    }

    fn expr_or_bool_exact(&mut self, v: &ExprOr<bool>) -> Code {
        let ty = self.ty("ExprOr");
        match v {
            ExprOr::Value(b) => Code::call(format!("{ty}::Value"), vec![Code::atom(b.to_string())]),
            ExprOr::Expr(s) => {
                let t = self.text(s, Pos::Text);
                Code::call(format!("{ty}::Expr"), vec![t.method("into", vec![])])
            }
        }
    }

    // ---- jobs ----

    /// A new variable name for an id, never one in use.
    fn fresh(&mut self, id: &str, suffix: &str) -> String {
        let mut var = super::rust::snake_name(id);
        if self.names.contains(&var) {
            var.push_str(suffix);
        }
        while self.names.contains(&var) {
            var.push('_');
        }
        self.names.insert(var.clone());
        var
    }

    /// A job: the statements that bind the handles of its steps other steps read, and the job's code.
    fn job(&mut self, job: &Job, path: &Path) -> (Vec<Stmt>, Code) {
        let steps = job.step_list();
        let mut candidates = Vec::new();
        for (i, step) in steps.iter().enumerate() {
            let Some(id) = &step.id else { continue };
            let needle = format!("steps.{id}.");
            let later = format!("{:?}{:?}", &steps[i + 1..], job.outputs);
            if later.contains(&needle) && !candidates.iter().any(|(_, other)| other == id) {
                candidates.push((i, id.clone()));
            }
        }
        if candidates.is_empty() {
            return self.job_inner(job, path, &[], "");
        }
        let saved = (
            self.stats,
            self.gaps.clone(),
            self.scope.used.clone(),
            self.model.clone(),
            self.names.clone(),
        );
        let mut kept = candidates;
        loop {
            let job_var = self.fresh(&format!("{}_job", path_key(path)), "_");
            let handles: Vec<(usize, String, String)> = kept
                .iter()
                .map(|(i, id)| (*i, id.clone(), self.fresh(id, "_step")))
                .collect();
            self.scope.used_steps.clear();
            let result = self.job_inner(job, path, &handles, &job_var);
            self.scope.steps.clear();
            let used = std::mem::take(&mut self.scope.used_steps);
            if kept.iter().all(|(_, id)| used.contains(id)) {
                return result;
            }
            // A handle no expression ended up reading: write again without it.
            (
                self.stats,
                self.gaps,
                self.scope.used,
                self.model,
                self.names,
            ) = saved.clone();
            kept.retain(|(_, id)| used.contains(id));
            if kept.is_empty() {
                return self.job_inner(job, path, &[], "");
            }
        }
    }

    fn job_inner(
        &mut self,
        job: &Job,
        path: &Path,
        handles: &[(usize, String, String)],
        job_var: &str,
    ) -> (Vec<Stmt>, Code) {
        let mut statements = Vec::new();
        let ty = self.ty("Job");
        let mut gaps: Vec<(String, Code)> = Vec::new();
        let mut code = match (&job.runs_on, &job.uses) {
            (Some(runs_on), _) => {
                let r = self.runs_on(runs_on);
                let mut code = Code::call(format!("{ty}::new"), vec![r]);
                if let Some(uses) = &job.uses {
                    code = code.method("uses", vec![self.text(uses, Pos::Text)]);
                }
                code
            }
            (None, Some(uses)) => {
                Code::call(format!("{ty}::call"), vec![self.text(uses, Pos::Text)])
            }
            (None, None) => {
                self.gap("a job without `runs-on` or `uses`");
                Code::call(format!("{ty}::default"), vec![])
            }
        };
        if let Some(comment) = &job.uses_comment {
            code = code.method("uses_comment", vec![lit(comment)]);
        }
        if let Some(name) = &job.name {
            code = code.method("name", vec![self.text(name, Pos::Text)]);
        }
        match &job.needs {
            None => {}
            Some(OneOrMany::One(need)) => code = code.method("needs", vec![self.need(need)]),
            Some(OneOrMany::Many(needs)) => {
                let items = needs.iter().map(|n| self.need(n)).collect::<Vec<_>>();
                let all_refs = items.iter().all(|c| matches!(c, Code::Ref(_)));
                let all_lits = items.iter().all(|c| matches!(c, Code::Atom(_)));
                // Handles and names do not share a type: both become `String`s then.
                let items = if all_refs || all_lits {
                    items
                } else {
                    items
                        .into_iter()
                        .map(|c| Code::call("String::from", vec![c]))
                        .collect()
                };
                code = code.method("needs_all", vec![Code::Array(items)]);
            }
        }
        if let Some(condition) = &job.r#if {
            code = code.method("if_", vec![self.condition(condition)]);
        }
        if let Some(environment) = &job.environment {
            code = code.method("environment", vec![self.environment(environment)]);
        }
        if let Some(permissions) = &job.permissions {
            code = code.method("permissions", vec![self.permissions(permissions)]);
        }
        if let Some(concurrency) = &job.concurrency {
            code = code.method("concurrency", vec![self.concurrency(concurrency)]);
        }
        let (next, gap) = self.env_methods(code, &job.env, "env");
        code = next;
        gaps.extend(gap);
        if let Some(defaults) = &job.defaults {
            code = code.method("defaults", vec![self.defaults(defaults)]);
        }
        if let Some(t) = &job.timeout_minutes {
            code = code.method("timeout_minutes", vec![self.expr_or_number(t)]);
        }
        if let Some(c) = &job.continue_on_error {
            code = code.method("continue_on_error", vec![self.expr_or_bool(c)]);
        }
        if let Some(strategy) = &job.strategy {
            code = self.strategy(code, strategy);
        }
        if let Some(container) = &job.container {
            code = code.method("container", vec![self.container(container)]);
        }
        match &job.services {
            None => {}
            Some(ExprOr::Value(services)) if !services.is_empty() => {
                for (name, container) in services {
                    code = code.method("service", vec![lit(name), self.container(container)]);
                }
            }
            Some(other) => {
                self.gap("`services` as one expression or empty");
                let eo = self.ty("ExprOr");
                let value = match other {
                    ExprOr::Expr(s) => Code::call(
                        format!("{eo}::Expr"),
                        vec![self.text(s, Pos::Text).method("into", vec![])],
                    ),
                    ExprOr::Value(_) => Code::call(
                        format!("{eo}::Value"),
                        vec![Code::call(
                            "FromIterator::from_iter",
                            vec![Code::Array(vec![])],
                        )],
                    ),
                };
                gaps.push(("services".into(), some(value)));
            }
        }
        if let Some(snapshot) = &job.snapshot {
            self.gap("`snapshot`");
            let value = self.snapshot(snapshot);
            gaps.push(("snapshot".into(), some(value)));
        }
        if let Some(steps) = &job.steps {
            if steps.is_empty() {
                code = code.method("steps", vec![Code::Array(vec![])]);
            }
            for (i, step) in steps.iter().enumerate() {
                let step_path = path.key("steps").index(i);
                if let Some((_, id, var)) = handles.iter().find(|(at, _, _)| *at == i) {
                    // `add_step` gives the step its id and returns the handle later steps read.
                    let mut plain = step.clone();
                    plain.id = None;
                    let step = self.step(&plain, &step_path);
                    if !matches!(&code, Code::Atom(name) if name == job_var) {
                        let chain = std::mem::replace(&mut code, Code::atom(job_var));
                        statements.push(Stmt::Let(job_var.to_owned(), true, chain));
                    }
                    let add = Code::atom(job_var).method("add_step", vec![lit(id), step]);
                    statements.push(Stmt::Let(var.clone(), false, add));
                    self.scope.steps.insert(id.clone(), var.clone());
                    continue;
                }
                let step = self.step(step, &step_path);
                code = code.method("step", vec![step]);
            }
        }
        match &job.outputs {
            Some(outputs) if !outputs.is_empty() => {
                for (k, v) in outputs {
                    code = code.method("output", vec![lit(k), self.text(v, Pos::Text)]);
                }
            }
            Some(_) => {
                self.gap("empty job `outputs`");
                gaps.push((
                    "outputs".into(),
                    some(Code::call(
                        "FromIterator::from_iter",
                        vec![Code::Array(vec![])],
                    )),
                ));
            }
            None => {}
        }

        match &job.with {
            Some(with) if !with.is_empty() => {
                for (k, v) in with {
                    code = code.method("with", vec![lit(k), self.value(v)]);
                }
            }
            Some(_) => {
                self.gap("empty `with`");
                let m = self.mapping(&Mapping::new());
                gaps.push(("with".into(), some(m)));
            }
            None => {}
        }
        match &job.secrets {
            None => {}
            Some(Secrets::Inherit) => code = code.method("secrets_inherit", vec![]),
            Some(Secrets::Map(map)) if !map.is_empty() => {
                for (k, v) in map {
                    code = code.method("secret", vec![lit(k), self.text(v, Pos::Text)]);
                }
            }
            Some(Secrets::Map(_)) => {
                self.gap("empty `secrets`");
                let s = self.ty("Secrets");
                gaps.push((
                    "secrets".into(),
                    some(Code::call(
                        format!("{s}::Map"),
                        vec![Code::call(
                            "FromIterator::from_iter",
                            vec![Code::Array(vec![])],
                        )],
                    )),
                ));
            }
        }
        let code = if gaps.is_empty() {
            code
        } else {
            Code::Struct(ty.to_owned(), gaps, Some(Box::new(code)))
        };
        (statements, code)
    }

    fn need(&mut self, need: &str) -> Code {
        match self.scope.jobs.get(need) {
            Some(var) => Code::Ref(Box::new(Code::atom(var.clone()))),
            None => lit(need),
        }
    }

    fn runs_on(&mut self, runs_on: &RunsOn) -> Code {
        match runs_on {
            RunsOn::Label(label) => self.text(label, Pos::Text),
            RunsOn::Labels(labels) if !labels.is_empty() => self.strings(labels),
            RunsOn::Labels(_) => {
                self.gap("empty `runs-on` list");
                Code::call("Vec::<String>::new", vec![])
            }
            RunsOn::Group(group) => {
                let rg = self.ty("RunnerGroup");
                match (&group.group, &group.labels) {
                    (Some(g), None) => {
                        Code::call(format!("{rg}::new"), vec![self.text(g, Pos::Text)])
                    }
                    (Some(g), Some(OneOrMany::Many(l))) => {
                        let g = self.text(g, Pos::Text);
                        Code::call(format!("{rg}::new"), vec![g])
                            .method("labels", vec![self.strings(l)])
                    }
                    _ => {
                        self.gap("`runs-on` mapping without `group` or with one label");
                        let group_code = self.opt_string(&group.group);
                        let labels = match &group.labels {
                            Some(l) => some(self.one_or_many(l)),
                            None => Code::atom("None"),
                        };
                        Code::Struct(
                            rg.to_owned(),
                            vec![("group".into(), group_code), ("labels".into(), labels)],
                            None,
                        )
                    }
                }
            }
        }
    }

    fn environment(&mut self, environment: &Environment) -> Code {
        match environment {
            Environment::Name(name) => match self.text(name, Pos::Text) {
                atom @ Code::Atom(_) => atom,
                typed => {
                    let ty = self.ty("Environment");
                    Code::call(format!("{ty}::new"), vec![typed])
                }
            },
            Environment::Config(config) => match (&config.name, &config.url, &config.deployment) {
                (Some(name), Some(url), None) => {
                    let ty = self.ty("Environment");
                    let name = self.text(name, Pos::Text);
                    Code::call(format!("{ty}::new"), vec![name])
                        .method("url", vec![self.text(url, Pos::Text)])
                }
                _ => {
                    self.gap("`environment` mapping without `url`, or with `deployment`");
                    let ty = self.ty("Environment");
                    let ec = self.ty("EnvironmentConfig");
                    let name = self.opt_string(&config.name);
                    let url = self.opt_string(&config.url);
                    let deployment = match &config.deployment {
                        Some(d) => some(self.expr_or_bool_exact(d)),
                        None => Code::atom("None"),
                    };
                    Code::call(
                        format!("{ty}::Config"),
                        vec![Code::Struct(
                            ec.to_owned(),
                            vec![
                                ("name".into(), name),
                                ("url".into(), url),
                                ("deployment".into(), deployment),
                            ],
                            None,
                        )],
                    )
                }
            },
        }
    }

    fn strategy(&mut self, mut code: Code, strategy: &Strategy) -> Code {
        let only_matrix = strategy.fail_fast.is_none() && strategy.max_parallel.is_none();
        match (&strategy.matrix, only_matrix) {
            (Some(matrix), true) => {
                let m = self.matrix(matrix);
                code.method("matrix", vec![m])
            }
            _ => {
                let ty = self.ty("Strategy");
                let mut s = match &strategy.matrix {
                    Some(matrix) => Code::call(format!("{ty}::matrix"), vec![self.matrix(matrix)]),
                    None => Code::call(format!("{ty}::default"), vec![]),
                };
                if let Some(f) = &strategy.fail_fast {
                    s = s.method("fail_fast", vec![self.expr_or_bool(f)]);
                }
                if let Some(m) = &strategy.max_parallel {
                    s = s.method("max_parallel", vec![self.expr_or_number(m)]);
                }
                code = code.method("strategy", vec![s]);
                code
            }
        }
    }

    fn matrix(&mut self, matrix: &ExprOr<Matrix>) -> Code {
        let matrix = match matrix {
            ExprOr::Expr(s) => {
                let eo = self.ty("ExprOr");
                let t = self.text(s, Pos::Text);
                return Code::call(format!("{eo}::Expr"), vec![t.method("into", vec![])]);
            }
            ExprOr::Value(m) => m,
        };
        let ty = self.ty("Matrix");
        let mut code = Code::call(format!("{ty}::new"), vec![]);
        for (name, axis) in &matrix.axes {
            code = match axis {
                ExprOr::Value(values) => {
                    let items = self.homogeneous(values);
                    code.method("axis", vec![lit(name), items])
                }
                ExprOr::Expr(s) => {
                    let t = self.text(s, Pos::Text);
                    code.method("axis_expr", vec![lit(name), t])
                }
            };
        }
        let mut fields = Vec::new();
        for (key, rows) in [("include", &matrix.include), ("exclude", &matrix.exclude)] {
            match rows {
                None => {}
                Some(ExprOr::Value(rows))
                    if !rows.is_empty()
                        && rows
                            .iter()
                            .all(|r| matches!(r, Value::Mapping(m) if !m.is_empty())) =>
                {
                    for row in rows {
                        let Value::Mapping(map) = row else { continue };
                        let values: Vec<Value> = map.values().cloned().collect();
                        let all_str = values.iter().all(|v| matches!(v, Value::String(_)));
                        let pairs = map
                            .iter()
                            .map(|(k, v)| {
                                let v = if all_str {
                                    self.value(v)
                                } else {
                                    self.value_exact(v)
                                };
                                Code::Tuple(vec![lit(k), v])
                            })
                            .collect();
                        code = code.method(key, vec![Code::Array(pairs)]);
                    }
                }
                Some(other) => {
                    self.gap("matrix `include`/`exclude` as an expression, empty, or with rows that are not mappings");
                    let eo = self.ty("ExprOr");
                    let value = match other {
                        ExprOr::Expr(s) => Code::call(
                            format!("{eo}::Expr"),
                            vec![self.text(s, Pos::Text).method("into", vec![])],
                        ),
                        ExprOr::Value(rows) => {
                            let items = rows.iter().map(|r| self.value_exact(r)).collect();
                            Code::call(
                                format!("{eo}::Value"),
                                vec![Code::call("Vec::from", vec![Code::Array(items)])],
                            )
                        }
                    };
                    fields.push((key.to_owned(), some(value)));
                }
            }
        }
        if fields.is_empty() {
            code
        } else {
            Code::Struct(ty.to_owned(), fields, Some(Box::new(code)))
        }
    }

    /// A list for `impl IntoIterator<Item = impl Into<Value>>`: plain literals when all are one kind.
    fn homogeneous(&mut self, values: &[Value]) -> Code {
        let strings = values.iter().all(|v| matches!(v, Value::String(_)));
        let ints = values
            .iter()
            .all(|v| matches!(v, Value::Number(Number::Int(i)) if i32::try_from(*i).is_ok()));
        let bools = values.iter().all(|v| matches!(v, Value::Bool(_)));
        if values.is_empty() {
            let ty = self.ty("Value");
            return Code::call(format!("Vec::<{ty}>::new"), vec![]);
        }
        if strings || ints || bools {
            // Typed expressions and plain strings do not share a type: keep text then.
            let items: Vec<Code> = values.iter().map(|v| self.value(v)).collect();
            if items.iter().all(|c| matches!(c, Code::Atom(_))) || !strings {
                return Code::Array(items);
            }
            let ty = self.ty("Value");
            return Code::Array(
                items
                    .into_iter()
                    .map(|c| Code::call(format!("{ty}::from"), vec![c]))
                    .collect(),
            );
        }
        Code::Array(values.iter().map(|v| self.value_exact(v)).collect())
    }

    fn container(&mut self, container: &Container) -> Code {
        let ty = self.ty("Container");
        match container {
            Container::Image(image) => {
                Code::call(format!("{ty}::new"), vec![self.text(image, Pos::Text)])
            }
            Container::Config(c) => {
                let buildable = c.image.is_some()
                    && matches!(
                        &c.credentials,
                        None | Some(ExprOr::Value(crate::model::Credentials {
                            username: Some(_),
                            password: Some(_)
                        }))
                    )
                    && c.env
                        .as_ref()
                        .is_none_or(|e| matches!(e, ExprOr::Value(m) if !m.is_empty()))
                    && c.ports.as_ref().is_none_or(|p| !p.is_empty())
                    && c.volumes.as_ref().is_none_or(|v| !v.is_empty())
                    && c.entrypoint.is_none()
                    && c.command.is_none()
                    && (c.credentials.is_some()
                        || c.env.is_some()
                        || c.ports.is_some()
                        || c.volumes.is_some()
                        || c.options.is_some());
                if buildable {
                    let image = self.text(c.image.as_deref().unwrap_or(""), Pos::Text);
                    let mut code = Code::call(format!("{ty}::new"), vec![image]);
                    if let Some(ExprOr::Value(cred)) = &c.credentials {
                        let u = self.text(cred.username.as_deref().unwrap_or(""), Pos::Text);
                        let p = self.text(cred.password.as_deref().unwrap_or(""), Pos::Text);
                        code = code.method("credentials", vec![u, p]);
                    }
                    if let Some(ExprOr::Value(env)) = &c.env {
                        for (k, v) in env {
                            code = code.method("env", vec![lit(k), self.value(v)]);
                        }
                    }
                    for port in c.ports.iter().flatten() {
                        code = code.method("port", vec![self.value(port)]);
                    }
                    for volume in c.volumes.iter().flatten() {
                        code = code.method("volume", vec![self.text(volume, Pos::Text)]);
                    }
                    if let Some(options) = &c.options {
                        code = code.method("options", vec![self.text(options, Pos::Text)]);
                    }
                    return code;
                }
                self.gap("a container mapping the builders cannot express (no image, `entrypoint`, `command`, expression credentials or env, empty lists)");
                let cc = self.ty("ContainerConfig");
                let mut fields = Vec::new();
                if let Some(image) = &c.image {
                    fields.push((
                        "image".to_owned(),
                        some(self.text(image, Pos::Text).method("into", vec![])),
                    ));
                }
                if let Some(cred) = &c.credentials {
                    let eo = self.ty("ExprOr");
                    let value = match cred {
                        ExprOr::Expr(s) => Code::call(
                            format!("{eo}::Expr"),
                            vec![self.text(s, Pos::Text).method("into", vec![])],
                        ),
                        ExprOr::Value(cr) => {
                            let ct = self.ty("Credentials");
                            let u = self.opt_string(&cr.username);
                            let p = self.opt_string(&cr.password);
                            Code::call(
                                format!("{eo}::Value"),
                                vec![Code::Struct(
                                    ct.to_owned(),
                                    vec![("username".into(), u), ("password".into(), p)],
                                    None,
                                )],
                            )
                        }
                    };
                    fields.push(("credentials".to_owned(), some(value)));
                }
                if let Some(env) = &c.env {
                    fields.push(("env".to_owned(), some(self.expr_or_mapping(env))));
                }
                if let Some(ports) = &c.ports {
                    let items = ports.iter().map(|p| self.value_exact(p)).collect();
                    fields.push((
                        "ports".to_owned(),
                        some(Code::call("Vec::from", vec![Code::Array(items)])),
                    ));
                }
                if let Some(volumes) = &c.volumes {
                    let items = self.strings(volumes);
                    fields.push(("volumes".to_owned(), some(string_vec(items))));
                }
                for (name, v) in [
                    ("options", &c.options),
                    ("entrypoint", &c.entrypoint),
                    ("command", &c.command),
                ] {
                    if v.is_some() {
                        let code = self.opt_string(v);
                        fields.push((name.to_owned(), code));
                    }
                }
                let base = Code::call(format!("{cc}::default"), vec![]);
                Code::call(
                    format!("{ty}::Config"),
                    vec![Code::Struct(cc.to_owned(), fields, Some(Box::new(base)))],
                )
            }
        }
    }

    fn snapshot(&mut self, snapshot: &crate::model::Snapshot) -> Code {
        let ty = self.ty("Snapshot");
        match snapshot {
            crate::model::Snapshot::ImageName(name) => {
                let n = self.text(name, Pos::Text);
                Code::call(format!("{ty}::ImageName"), vec![n.method("into", vec![])])
            }
            crate::model::Snapshot::Config(c) => {
                let sc = self.ty("SnapshotConfig");
                let image = self.opt_string(&c.image_name);
                let version = self.opt_string(&c.version);
                let cond = match &c.r#if {
                    Some(v) => some(self.expr_or_bool_exact(v)),
                    None => Code::atom("None"),
                };
                Code::call(
                    format!("{ty}::Config"),
                    vec![Code::Struct(
                        sc.to_owned(),
                        vec![
                            ("image_name".into(), image),
                            ("version".into(), version),
                            ("r#if".into(), cond),
                        ],
                        None,
                    )],
                )
            }
        }
    }

    // ---- steps ----

    pub(crate) fn step(&mut self, step: &Step, _path: &Path) -> Code {
        let ty = self.ty("Step");
        let mut gaps = Vec::new();
        let mut code = match (&step.run, &step.uses) {
            (Some(run), _) => {
                let mut code = Code::call(format!("{ty}::run"), vec![self.text(run, Pos::Text)]);
                if let Some(uses) = &step.uses {
                    gaps.push((
                        "uses".to_owned(),
                        some(self.text(uses, Pos::Text).method("into", vec![])),
                    ));
                    self.gap("a step with both `run` and `uses`");
                }
                if let Some(comment) = &step.uses_comment {
                    code = code.method("uses_comment", vec![lit(comment)]);
                }
                code
            }
            (None, Some(uses)) => {
                let mut code = Code::call(format!("{ty}::uses"), vec![self.text(uses, Pos::Text)]);
                if let Some(comment) = &step.uses_comment {
                    code = code.method("uses_comment", vec![lit(comment)]);
                }
                code
            }
            (None, None) => {
                self.gap("a step without `run` or `uses`");
                Code::call(format!("{ty}::default"), vec![])
            }
        };
        if let Some(name) = &step.name {
            code = code.method("name", vec![self.text(name, Pos::Text)]);
        }
        if let Some(id) = &step.id {
            code = code.method("id", vec![self.text(id, Pos::Text)]);
        }
        if let Some(condition) = &step.r#if {
            code = code.method("if_", vec![self.condition(condition)]);
        }
        match &step.with {
            Some(with) if !with.is_empty() => {
                for (k, v) in with {
                    code = code.method("with", vec![lit(k), self.value(v)]);
                }
            }
            Some(_) => {
                self.gap("empty `with`");
                gaps.push(("with".into(), some(self.mapping(&Mapping::new()))));
            }
            None => {}
        }
        if let Some(shell) = &step.shell {
            code = code.method("shell", vec![self.text(shell, Pos::Text)]);
        }
        if let Some(dir) = &step.working_directory {
            code = code.method("working_directory", vec![self.text(dir, Pos::Text)]);
        }
        let (next, gap) = self.env_methods(code, &step.env, "env");
        code = next;
        gaps.extend(gap);
        if let Some(c) = &step.continue_on_error {
            code = code.method("continue_on_error", vec![self.expr_or_bool(c)]);
        }
        if let Some(t) = &step.timeout_minutes {
            code = code.method("timeout_minutes", vec![self.expr_or_number(t)]);
        }
        if gaps.is_empty() {
            code
        } else {
            Code::Struct(ty.to_owned(), gaps, Some(Box::new(code)))
        }
    }

    // ---- actions ----

    pub(crate) fn action(&mut self, action: &Action) -> Vec<Stmt> {
        let ty = self.ty("Action");
        let mut body = self.notes(&Path::root(), &|_| true);
        let mut gaps: Vec<(String, Code)> = Vec::new();
        let name = action.name.clone().unwrap_or_default();
        let description = action.description.clone().unwrap_or_default();
        let name_code = self.text(&name, Pos::Text);
        let description_code = self.text(&description, Pos::Text);
        let mut code = match &action.runs {
            Some(Runs::Composite(runs)) if runs.using == "composite" && !runs.steps.is_empty() => {
                Code::call(
                    format!("{ty}::composite"),
                    vec![name_code, description_code],
                )
            }
            Some(Runs::Node(node)) if node.main.is_some() => {
                let main = self.text(node.main.as_deref().unwrap_or(""), Pos::Text);
                let using = self.text(&node.using, Pos::Text);
                Code::call(
                    format!("{ty}::node"),
                    vec![name_code, description_code, using, main],
                )
            }
            Some(Runs::Docker(docker)) if docker.image.is_some() && docker.using == "docker" => {
                let image = self.text(docker.image.as_deref().unwrap_or(""), Pos::Text);
                Code::call(
                    format!("{ty}::docker"),
                    vec![name_code, description_code, image],
                )
            }
            _ => Code::call(
                format!("{ty}::composite"),
                vec![name_code, description_code],
            ),
        };
        if action.name.is_none() {
            self.gap("action metadata without `name` or `description`");
            gaps.push(("name".into(), Code::atom("None")));
        }
        if action.description.is_none() {
            self.gap("action metadata without `name` or `description`");
            gaps.push(("description".into(), Code::atom("None")));
        }
        if let Some(author) = &action.author {
            code = code.method("author", vec![self.text(author, Pos::Text)]);
        }
        match &action.inputs {
            Some(inputs) if !inputs.is_empty() => {
                for (k, input) in inputs {
                    let i = self.action_input(input);
                    code = code.method("input", vec![lit(k), i]);
                }
            }
            Some(_) => {
                self.gap("empty action `inputs`/`outputs`");
                gaps.push((
                    "inputs".into(),
                    some(Code::call(
                        "FromIterator::from_iter",
                        vec![Code::Array(vec![])],
                    )),
                ));
            }
            None => {}
        }
        match &action.outputs {
            Some(outputs) if !outputs.is_empty() => {
                for (k, output) in outputs {
                    let o = self.action_output(output);
                    code = code.method("output", vec![lit(k), o]);
                }
            }
            Some(_) => {
                self.gap("empty action `inputs`/`outputs`");
                gaps.push((
                    "outputs".into(),
                    some(Code::call(
                        "FromIterator::from_iter",
                        vec![Code::Array(vec![])],
                    )),
                ));
            }
            None => {}
        }
        match &action.runs {
            Some(Runs::Composite(runs)) if runs.using == "composite" && !runs.steps.is_empty() => {
                for (i, step) in runs.steps.iter().enumerate() {
                    let path = Path::root().key("runs").key("steps").index(i);
                    let s = self.step(step, &path);
                    code = code.method("step", vec![s]);
                }
            }
            Some(Runs::Node(node)) if node.main.is_some() => {
                if node.pre.is_some()
                    || node.pre_if.is_some()
                    || node.post.is_some()
                    || node.post_if.is_some()
                {
                    self.gap("`pre`/`post` of a JavaScript action");
                    let runs = self.runs_literal(action.runs.as_ref());
                    gaps.push(("runs".into(), runs));
                }
            }
            Some(Runs::Docker(d)) if d.image.is_some() && d.using == "docker" => {
                let plain = crate::model::DockerRuns {
                    using: d.using.clone(),
                    image: d.image.clone(),
                    ..Default::default()
                };
                if *d != plain {
                    self.gap("`env`, `args` and entry points of a Docker action");
                    let runs = self.runs_literal(action.runs.as_ref());
                    gaps.push(("runs".into(), runs));
                }
            }
            other => {
                self.gap("`runs` the constructors cannot express (empty composite, unusual `using`, no `main` or `image`)");
                let runs = self.runs_literal(other.as_ref());
                gaps.push(("runs".into(), runs));
            }
        }
        if let Some(branding) = &action.branding {
            match (&branding.icon, &branding.color) {
                (Some(icon), Some(color)) => {
                    let i = self.text(icon, Pos::Text);
                    let c = self.text(color, Pos::Text);
                    code = code.method("branding", vec![i, c]);
                }
                _ => {
                    self.gap("`branding` without both `icon` and `color`");
                    let bt = self.ty("Branding");
                    let icon = self.opt_string(&branding.icon);
                    let color = self.opt_string(&branding.color);
                    gaps.push((
                        "branding".into(),
                        some(Code::Struct(
                            bt.to_owned(),
                            vec![("icon".into(), icon), ("color".into(), color)],
                            None,
                        )),
                    ));
                }
            }
        }
        let code = if gaps.is_empty() {
            code
        } else {
            Code::Struct(ty.to_owned(), gaps, Some(Box::new(code)))
        };
        body.push(Stmt::Tail(code));
        body
    }

    fn runs_literal(&mut self, runs: Option<&Runs>) -> Code {
        let Some(runs) = runs else {
            return Code::atom("None");
        };
        let rt = self.ty("Runs");
        let inner = match runs {
            Runs::Composite(c) => {
                let ct = self.ty("CompositeRuns");
                let steps: Vec<Code> = c
                    .steps
                    .iter()
                    .enumerate()
                    .map(|(i, s)| self.step(s, &Path::root().key("runs").key("steps").index(i)))
                    .collect();
                Code::call(
                    format!("{rt}::Composite"),
                    vec![Code::Struct(
                        ct.to_owned(),
                        vec![
                            (
                                "using".into(),
                                self.text(&c.using, Pos::Text).method("into", vec![]),
                            ),
                            (
                                "steps".into(),
                                Code::call("Vec::from", vec![Code::Array(steps)]),
                            ),
                        ],
                        None,
                    )],
                )
            }
            Runs::Node(n) => {
                let nt = self.ty("NodeRuns");
                let mut fields = vec![(
                    "using".to_owned(),
                    self.text(&n.using, Pos::Text).method("into", vec![]),
                )];
                for (name, v) in [
                    ("main", &n.main),
                    ("pre", &n.pre),
                    ("pre_if", &n.pre_if),
                    ("post", &n.post),
                    ("post_if", &n.post_if),
                ] {
                    if v.is_some() {
                        let c = self.opt_string(v);
                        fields.push((name.to_owned(), c));
                    }
                }
                let base = Code::call(format!("{nt}::default"), vec![]);
                Code::call(
                    format!("{rt}::Node"),
                    vec![Code::Struct(nt.to_owned(), fields, Some(Box::new(base)))],
                )
            }
            Runs::Docker(d) => {
                let dt = self.ty("DockerRuns");
                let mut fields = vec![(
                    "using".to_owned(),
                    self.text(&d.using, Pos::Text).method("into", vec![]),
                )];
                if d.image.is_some() {
                    fields.push(("image".into(), self.opt_string(&d.image)));
                }
                if let Some(env) = &d.env {
                    fields.push(("env".into(), some(self.mapping(env))));
                }
                if let Some(args) = &d.args {
                    let items = args.iter().map(|a| self.value_exact(a)).collect();
                    fields.push((
                        "args".into(),
                        some(Code::call("Vec::from", vec![Code::Array(items)])),
                    ));
                }
                for (name, v) in [
                    ("entrypoint", &d.entrypoint),
                    ("pre_entrypoint", &d.pre_entrypoint),
                    ("pre_if", &d.pre_if),
                    ("post_entrypoint", &d.post_entrypoint),
                    ("post_if", &d.post_if),
                ] {
                    if v.is_some() {
                        let c = self.opt_string(v);
                        fields.push((name.to_owned(), c));
                    }
                }
                let base = Code::call(format!("{dt}::default"), vec![]);
                Code::call(
                    format!("{rt}::Docker"),
                    vec![Code::Struct(dt.to_owned(), fields, Some(Box::new(base)))],
                )
            }
        };
        some(inner)
    }

    fn action_input(&mut self, input: &ActionInput) -> Code {
        let ty = self.ty("ActionInput");
        let builder = match (&input.description, &input.required, &input.default) {
            (Some(d), Some(Value::Bool(true)), None) => Some(Code::call(
                format!("{ty}::required"),
                vec![self.text(d, Pos::Text)],
            )),
            (Some(d), Some(Value::Bool(false)), Some(default)) => {
                let d = self.text(d, Pos::Text);
                Some(Code::call(
                    format!("{ty}::optional"),
                    vec![d, self.value(default)],
                ))
            }
            _ => None,
        };
        match builder {
            Some(mut code) if input.other.is_empty() => {
                if let Some(m) = &input.deprecation_message {
                    code = code.method("deprecation_message", vec![self.text(m, Pos::Text)]);
                }
                code
            }
            _ => {
                self.gap(
                    "an action input other than required-without-default or optional-with-default",
                );
                let mut fields = Vec::new();
                if input.description.is_some() {
                    fields.push((
                        "description".to_owned(),
                        self.opt_string(&input.description),
                    ));
                }
                if let Some(r) = &input.required {
                    fields.push(("required".to_owned(), some(self.value_exact(r))));
                }
                if let Some(d) = &input.default {
                    fields.push(("default".to_owned(), some(self.value_exact(d))));
                }
                if input.deprecation_message.is_some() {
                    fields.push((
                        "deprecation_message".to_owned(),
                        self.opt_string(&input.deprecation_message),
                    ));
                }
                if !input.other.is_empty() {
                    fields.push(("other".to_owned(), self.mapping(&input.other)));
                }
                let base = Code::call(format!("{ty}::default"), vec![]);
                Code::Struct(ty.to_owned(), fields, Some(Box::new(base)))
            }
        }
    }

    fn action_output(&mut self, output: &ActionOutput) -> Code {
        let ty = self.ty("ActionOutput");
        match (&output.description, &output.value) {
            (Some(d), Some(v)) => {
                let d = self.text(d, Pos::Text);
                Code::call(format!("{ty}::new"), vec![d, self.text(v, Pos::Text)])
            }
            _ => {
                self.gap("an action output without `description` or `value`");
                let d = self.opt_string(&output.description);
                let v = self.opt_string(&output.value);
                Code::Struct(
                    ty.to_owned(),
                    vec![("description".into(), d), ("value".into(), v)],
                    None,
                )
            }
        }
    }
}
