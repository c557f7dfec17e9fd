//! Every `${{ }}` in a workflow: syntax, functions, which contexts the key allows (GitHub's context
//! availability table), references to needs, steps, matrix keys and inputs, and types.

use super::types::{self, Obj, Ty};
use super::{At, Cx, FastMap, Here, has_expression, list, spans};
use crate::expr::functions::{self, FunctionKind};
use crate::expr::{self, Ast, BinaryOp, Segment};
use crate::model::{
    Action, Container, Env, EventConfig, ExprOr, Job, Mapping, Matrix, Runs, RunsOn, Secrets, Step,
    Value, Workflow,
};
use crate::suggest::did_you_mean;
use std::cell::RefCell;
use std::rc::Rc;

/// The contexts and special functions one workflow key allows.
#[derive(Debug)]
pub(crate) struct Avail {
    /// The key as GitHub's table names it (`jobs.<job_id>.if`).
    pub(crate) key: &'static str,
    pub(crate) contexts: &'static [&'static str],
    pub(crate) funcs: &'static [&'static str],
}

macro_rules! avail {
    ($name:ident, $key:literal, [$($c:literal),*], [$($f:literal),*]) => {
        pub(crate) const $name: Avail = Avail { key: $key, contexts: &[$($c),*], funcs: &[$($f),*] };
    };
    ($name:ident, $key:literal, $spec:expr) => {
        pub(crate) const $name: Avail =
            Avail { key: $key, contexts: $spec.contexts, funcs: $spec.functions };
    };
}

// Which contexts and functions each key allows: the `context` lists of GitHub's workflow and action
// schemas (`crate::spec`), by the definition each key has there. Where the schema is narrower than
// GitHub's documentation (the "Context availability" table of the Contexts reference), the
// documentation's list stays, with the reason: an expression the runner evaluates is not an error.
use crate::spec::workflow as spec;

avail!(NONE, "this key", [], []);
avail!(RUN_NAME, "run-name", spec::RUN_NAME);
avail!(
    WORKFLOW_CONCURRENCY,
    "concurrency",
    spec::WORKFLOW_CONCURRENCY
);
avail!(WORKFLOW_ENV, "env", spec::WORKFLOW_ENV);
avail!(
    CALL_INPUT_DEFAULT,
    "on.workflow_call.inputs.<inputs_id>.default",
    spec::WORKFLOW_CALL_INPUT_DEFAULT
);
avail!(
    CALL_OUTPUT_VALUE,
    "on.workflow_call.outputs.<output_id>.value",
    spec::WORKFLOW_OUTPUT_CONTEXT
);
avail!(
    JOB_CONCURRENCY,
    "jobs.<job_id>.concurrency",
    spec::JOB_CONCURRENCY
);
avail!(JOB_CONTAINER, "jobs.<job_id>.container", spec::CONTAINER);
avail!(JOB_SERVICES, "jobs.<job_id>.services", spec::SERVICES);
// The schema's `container-registry-credentials` lists `github`, `inputs`, `vars`, `secrets` and `env`;
// the documentation adds what the enclosing `container` allows (`matrix`, `needs`, `strategy`), which
// the runner evaluates there.
avail!(
    JOB_CONTAINER_CREDENTIALS,
    "jobs.<job_id>.container.credentials",
    [
        "env", "github", "inputs", "matrix", "needs", "secrets", "strategy", "vars"
    ],
    []
);
// `container-env` has no list of its own in the schema; its values are `string-runner-context`.
avail!(
    JOB_CONTAINER_ENV,
    "jobs.<job_id>.container.env.<env_id>",
    spec::STRING_RUNNER_CONTEXT
);
avail!(
    JOB_CONTINUE_ON_ERROR,
    "jobs.<job_id>.continue-on-error",
    spec::BOOLEAN_STRATEGY_CONTEXT
);
avail!(
    JOB_DEFAULTS_RUN,
    "jobs.<job_id>.defaults.run",
    spec::JOB_DEFAULTS_RUN
);
avail!(JOB_ENV, "jobs.<job_id>.env", spec::JOB_ENV);
avail!(
    JOB_ENVIRONMENT,
    "jobs.<job_id>.environment",
    spec::JOB_ENVIRONMENT
);
avail!(
    JOB_ENVIRONMENT_URL,
    "jobs.<job_id>.environment.url",
    spec::STRING_RUNNER_CONTEXT_NO_SECRETS
);
avail!(JOB_IF, "jobs.<job_id>.if", spec::JOB_IF);
avail!(
    JOB_NAME,
    "jobs.<job_id>.name",
    spec::STRING_STRATEGY_CONTEXT
);
avail!(
    JOB_OUTPUTS,
    "jobs.<job_id>.outputs.<output_id>",
    spec::STRING_RUNNER_CONTEXT
);
avail!(JOB_RUNS_ON, "jobs.<job_id>.runs-on", spec::RUNS_ON);
avail!(
    JOB_SECRETS,
    "jobs.<job_id>.secrets.<secrets_id>",
    spec::SCALAR_NEEDS_CONTEXT_WITH_SECRETS
);
avail!(
    JOB_SNAPSHOT,
    "jobs.<job_id>.snapshot",
    ["github", "inputs", "matrix", "needs", "strategy", "vars"],
    []
);
// The schema's `snapshot-if` names no status functions, but a condition GitHub evaluates takes them
// everywhere else (`success()` is implied); the documentation's list stays.
avail!(
    JOB_SNAPSHOT_IF,
    "jobs.<job_id>.snapshot.if",
    ["github", "inputs", "matrix", "needs", "strategy", "vars"],
    ["always", "cancelled", "failure", "success"]
);
avail!(JOB_STRATEGY, "jobs.<job_id>.strategy", spec::STRATEGY);
avail!(
    JOB_TIMEOUT,
    "jobs.<job_id>.timeout-minutes",
    spec::NUMBER_STRATEGY_CONTEXT
);
avail!(
    JOB_WITH,
    "jobs.<job_id>.with.<with_id>",
    spec::SCALAR_NEEDS_CONTEXT
);
avail!(STEP, "jobs.<job_id>.steps.*", spec::STEP_WITH);
avail!(STEP_IF, "jobs.<job_id>.steps.if", spec::STEP_IF);
// Composite actions: no `needs` or `secrets`; `github`, `inputs`, `steps`, `runner`, `env`, `job`,
// `strategy` and `matrix` come from the calling job. The action schema's lists leave out `vars`, which
// the documentation lists and the runner provides to composite steps; the documentation's lists stay.
avail!(
    ACTION_STEP,
    "runs.steps.*",
    [
        "env", "github", "inputs", "job", "matrix", "runner", "steps", "strategy", "vars"
    ],
    ["hashfiles"]
);
avail!(
    ACTION_STEP_IF,
    "runs.steps.if",
    [
        "env", "github", "inputs", "job", "matrix", "runner", "steps", "strategy", "vars"
    ],
    ["always", "cancelled", "failure", "hashfiles", "success"]
);
avail!(
    ACTION_OUTPUT,
    "outputs.<output_id>.value",
    [
        "env", "github", "inputs", "job", "matrix", "runner", "steps", "strategy", "vars"
    ],
    []
);

const CONTEXTS: &[&str] = &[
    "env", "github", "inputs", "job", "jobs", "matrix", "needs", "runner", "secrets", "steps",
    "strategy", "vars",
];

/// Which steps a string may read through `steps`.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Visible {
    /// None: not inside a job's steps.
    None,
    /// The steps before this index.
    Before(usize),
    /// All of them (job outputs, `environment.url`, action outputs).
    All,
}

/// Where a string sits: which contexts it may use and what they hold.
#[derive(Clone, Copy)]
pub(crate) struct Scope<'w> {
    avail: &'static Avail,
    job: Option<(&'w str, &'w Job)>,
    steps: Visible,
    /// Whether an object or array inside `${{ }}` is meant (a whole value computed by one expression).
    objects_ok: bool,
    /// Whether the string is a runner label, which must be a string or a list of strings.
    label: bool,
    /// Whether the string is a script (the audits judge what reaches one).
    script: bool,
}

impl<'w> Scope<'w> {
    fn new(avail: &'static Avail) -> Self {
        Self {
            avail,
            job: None,
            steps: Visible::None,
            objects_ok: false,
            label: false,
            script: false,
        }
    }

    fn label(mut self) -> Self {
        self.label = true;
        self.objects_ok = true;
        self
    }

    fn script(mut self) -> Self {
        self.script = true;
        self
    }

    fn job(mut self, id: &'w str, job: &'w Job) -> Self {
        self.job = Some((id, job));
        self
    }

    fn steps(mut self, steps: Visible) -> Self {
        self.steps = steps;
        self
    }

    fn objects(mut self) -> Self {
        self.objects_ok = true;
        self
    }
}

/// The types of the workflow-wide contexts.
pub(crate) struct Contexts<'w> {
    workflow: Option<&'w Workflow>,
    action: Option<&'w Action>,
    github: Ty,
    inputs: Ty,
    fixed: Fixed,
    /// `matrix` of the job last asked for: jobs are walked one after the other.
    matrix_cache: RefCell<Option<(*const Job, Ty)>>,
    /// `needs` of the job last asked for.
    needs_cache: RefCell<Option<(*const Job, Ty)>>,
    /// `steps` of the job (or action) and step count last asked for.
    steps_cache: RefCell<Option<(usize, usize, Ty)>>,
}

/// The context types that do not depend on the workflow.
struct Fixed {
    runner: Ty,
    job: Ty,
    strategy: Ty,
    string_map: Ty,
}

impl Fixed {
    fn new() -> Self {
        Self {
            runner: types::runner(),
            job: types::job(),
            strategy: types::strategy(),
            string_map: types::string_map(),
        }
    }
}

impl<'w> Contexts<'w> {
    pub(crate) fn of_workflow(workflow: &'w Workflow) -> Self {
        let mut inputs = Obj::strict();
        let mut dispatch: Option<Obj> = None;
        for event in workflow.on.events() {
            match workflow.on.config(event) {
                Some(EventConfig::WorkflowDispatch(d)) => {
                    let mut obj = Obj::strict();
                    for (name, input) in d.inputs.iter().flatten() {
                        inputs.merge_in(name, types::input(input));
                        obj.insert(name, Ty::String);
                    }
                    dispatch = Some(obj);
                }
                Some(EventConfig::WorkflowCall(c)) => {
                    for (name, input) in c.inputs.iter().flatten() {
                        inputs.merge_in(name, types::input(input));
                    }
                }
                _ => {}
            }
        }
        if workflow.on.has(&crate::model::Event::WorkflowDispatch) && dispatch.is_none() {
            dispatch = Some(Obj::strict());
        }
        Self {
            workflow: Some(workflow),
            action: None,
            github: types::github(dispatch),
            inputs: Ty::Object(inputs),
            fixed: Fixed::new(),
            matrix_cache: RefCell::new(None),
            needs_cache: RefCell::new(None),
            steps_cache: RefCell::new(None),
        }
    }

    pub(crate) fn of_action(action: &'w Action) -> Self {
        let mut inputs = Obj::strict();
        for name in action.inputs.iter().flat_map(|i| i.keys()) {
            inputs.insert(name, Ty::String);
        }
        Self {
            workflow: None,
            action: Some(action),
            github: types::github(None),
            inputs: Ty::Object(inputs),
            fixed: Fixed::new(),
            matrix_cache: RefCell::new(None),
            needs_cache: RefCell::new(None),
            steps_cache: RefCell::new(None),
        }
    }

    /// The type of `matrix` in a job.
    fn matrix(&self, job: Option<&Job>) -> Ty {
        let Some(job) = job else {
            return Ty::Any;
        };
        let Some(strategy) = &job.strategy else {
            return Ty::Object(Obj::strict());
        };
        match &strategy.matrix {
            None => Ty::Object(Obj::strict()),
            Some(ExprOr::Expr(_)) => Ty::Any,
            Some(ExprOr::Value(matrix)) => self.matrix_type(matrix),
        }
    }

    fn matrix_type(&self, matrix: &Matrix) -> Ty {
        let mut obj = Obj::strict();
        let mut value_type = |s: &str| self.value_expr_type(s);
        for (axis, values) in &matrix.axes {
            let ty = match values {
                ExprOr::Expr(_) => Ty::Any,
                ExprOr::Value(values) => {
                    let mut elem: Option<Ty> = None;
                    for v in values {
                        let t = Ty::of_value(v, &mut value_type);
                        elem = Some(match elem {
                            Some(e) => e.merge(t),
                            None => t,
                        });
                    }
                    elem.unwrap_or(Ty::Any)
                }
            };
            obj.insert(axis, ty);
        }
        match &matrix.include {
            Some(ExprOr::Expr(_)) => return Ty::Any,
            Some(ExprOr::Value(rows)) => {
                for row in rows {
                    match row {
                        Value::Mapping(map) => {
                            for (k, v) in map {
                                obj.merge_in(k, Ty::of_value(v, &mut value_type));
                            }
                        }
                        _ => return Ty::Any,
                    }
                }
            }
            None => {}
        }
        Ty::Object(obj)
    }

    /// The type of a string holding an expression, where it stands for a value (a matrix entry).
    fn value_expr_type(&self, s: &str) -> Ty {
        let trimmed = s.trim();
        let single = trimmed.starts_with("${{")
            && trimmed.ends_with("}}")
            && trimmed.matches("${{").count() == 1;
        if !single {
            return Ty::String;
        }
        let inner = &trimmed[3..trimmed.len() - 2];
        match expr::parse(inner) {
            Ok(ast) => {
                let mut sink = Vec::new();
                let mut typer = Typer {
                    env: self,
                    scope: Scope::new(&JOB_STRATEGY),
                    errors: &mut sink,
                    starts: None,
                    counter: 0,
                    vars: None,
                    optional: 0,
                };
                typer.infer(&ast)
            }
            Err(_) => Ty::Any,
        }
    }

    /// `matrix` of a job, computed once per job.
    fn job_matrix(&self, job: Option<(&str, &Job)>) -> Ty {
        let Some((_, j)) = job else {
            return self.matrix(None);
        };
        cached(&self.matrix_cache, j, || self.matrix(Some(j)))
    }

    /// `needs` of a job, computed once per job.
    fn job_needs(&self, job: Option<(&str, &Job)>) -> Ty {
        let Some((_, j)) = job else {
            return self.needs(None);
        };
        cached(&self.needs_cache, j, || self.needs(job))
    }

    /// `steps`, computed once per job and step.
    fn cached_steps(&self, scope: &Scope<'w>) -> Ty {
        let list = self.steps_list(scope);
        let visible = match scope.steps {
            Visible::None => 0,
            Visible::Before(i) => i.min(list.len()),
            Visible::All => list.len(),
        };
        let key = list.as_ptr() as usize;
        if let Some((k, v, ty)) = &*self.steps_cache.borrow()
            && *k == key
            && *v == visible
        {
            return ty.clone();
        }
        let ty = self.steps(scope);
        *self.steps_cache.borrow_mut() = Some((key, visible, ty.clone()));
        ty
    }

    fn needs(&self, job: Option<(&str, &Job)>) -> Ty {
        let mut obj = Obj::strict();
        let (Some(workflow), Some((_, job))) = (self.workflow, job) else {
            return Ty::Object(obj);
        };
        for need in job.needed_jobs() {
            let outputs = match workflow.jobs.get(need) {
                Some(needed) if needed.is_call() => Ty::Object(Obj::mapped(Ty::String)),
                Some(needed) => {
                    let mut outputs = Obj::strict();
                    for name in needed.outputs.iter().flat_map(|o| o.keys()) {
                        outputs.insert(name, Ty::String);
                    }
                    Ty::Object(outputs)
                }
                None => Ty::Any,
            };
            obj.insert(
                need,
                Ty::Object(
                    Obj::strict()
                        .with("outputs", outputs)
                        .with("result", Ty::String),
                ),
            );
        }
        Ty::Object(obj)
    }

    fn jobs(&self) -> Ty {
        let mut obj = Obj::strict();
        for (id, job) in self.workflow.iter().flat_map(|w| w.jobs.iter()) {
            let outputs = if job.is_call() {
                Ty::Object(Obj::mapped(Ty::String))
            } else {
                let mut outputs = Obj::strict();
                for name in job.outputs.iter().flat_map(|o| o.keys()) {
                    outputs.insert(name, Ty::String);
                }
                Ty::Object(outputs)
            };
            obj.insert(
                id,
                Ty::Object(
                    Obj::strict()
                        .with("outputs", outputs)
                        .with("result", Ty::String),
                ),
            );
        }
        Ty::Object(obj)
    }

    fn steps_list(&self, scope: &Scope<'w>) -> &'w [Step] {
        match (scope.job, self.action) {
            (Some((_, job)), _) => job.step_list(),
            (None, Some(action)) => match &action.runs {
                Some(Runs::Composite(runs)) => &runs.steps,
                _ => &[],
            },
            _ => &[],
        }
    }

    fn steps(&self, scope: &Scope<'w>) -> Ty {
        let mut obj = Obj::strict();
        let steps = self.steps_list(scope);
        let visible = match scope.steps {
            Visible::None => 0,
            Visible::Before(i) => i.min(steps.len()),
            Visible::All => steps.len(),
        };
        // The steps of a `parallel` group have ids of their own, readable after the group.
        for step in steps[..visible].iter().flat_map(Step::walk) {
            if let Some(id) = &step.id {
                obj.insert(id, types::step());
            }
        }
        Ty::Object(obj)
    }
}

/// The type in `cache` when it was computed for `job`, else `compute`'s, kept for the next call.
fn cached(
    cache: &RefCell<Option<(*const Job, Ty)>>,
    job: &Job,
    compute: impl FnOnce() -> Ty,
) -> Ty {
    let key: *const Job = job;
    if let Some((k, ty)) = &*cache.borrow()
        && std::ptr::eq(*k, key)
    {
        return ty.clone();
    }
    let ty = compute();
    *cache.borrow_mut() = Some((key, ty.clone()));
    ty
}

/// One problem found in an expression, relative to the expression's source.
struct Finding {
    code: &'static str,
    offset: usize,
    message: String,
    warning: bool,
}

/// Infers types and collects problems of one expression.
struct Typer<'e, 'w> {
    env: &'e Contexts<'w>,
    scope: Scope<'w>,
    errors: &'e mut Vec<Finding>,
    starts: Option<&'e [usize]>,
    counter: usize,
    vars: Option<&'e [String]>,
    /// Inside the left operand of `||`, where a missing matrix key is a deliberate "default" read.
    optional: usize,
}

/// The dotted path of a context property chain (`needs.build.outputs`), lowercase.
fn chain(ast: &Ast) -> Option<String> {
    match ast {
        Ast::Context(name) => Some(name.to_ascii_lowercase()),
        Ast::Property { target, name } => chain(target).map(|c| format!("{c}.{name}")),
        Ast::Index { target, index } => match &**index {
            Ast::String(name) => chain(target).map(|c| format!("{c}.{name}")),
            _ => None,
        },
        _ => None,
    }
}

impl Typer<'_, '_> {
    fn start(&self, index: usize) -> usize {
        self.starts.and_then(|s| s.get(index).copied()).unwrap_or(0)
    }

    fn push(&mut self, code: &'static str, node: usize, message: String) {
        let offset = self.start(node);
        self.errors.push(Finding {
            code,
            offset,
            message,
            warning: false,
        });
    }

    fn infer(&mut self, ast: &Ast) -> Ty {
        let me = self.counter;
        self.counter += 1;
        match ast {
            Ast::Null => Ty::Null,
            Ast::Bool(_) => Ty::Bool,
            Ast::Number(_) => Ty::Number,
            Ast::String(_) => Ty::String,
            Ast::Context(name) => self.context(name),
            Ast::Property { target, name } => {
                let receiver = self.infer(target);
                self.property(me, target, receiver, name)
            }
            Ast::Index { target, index } => {
                let receiver = self.infer(target);
                let index_ty = self.infer(index);
                match (&receiver, &**index) {
                    (Ty::Object(_), Ast::String(name)) => {
                        self.property(me, target, receiver.clone(), name)
                    }
                    (Ty::Object(obj), _) => {
                        if matches!(index_ty, Ty::Number | Ty::Bool | Ty::Null) {
                            let at = self.counter_of_index(me, target);
                            self.push(
                                "expr-type",
                                at,
                                format!(
                                    "an object is indexed by a {index_ty}; object properties are read by string"
                                ),
                            );
                        }
                        obj.mapped.as_deref().cloned().unwrap_or(Ty::Any)
                    }
                    (Ty::Array(elem), _) => (**elem).clone(),
                    _ => Ty::Any,
                }
            }
            Ast::Filter { target, .. } => match self.infer(target) {
                Ty::Array(elem) => Ty::Array(elem),
                Ty::Object(obj) => {
                    let mut elem: Option<Ty> = obj.mapped.as_deref().cloned();
                    for ty in obj.props.values() {
                        elem = Some(match elem {
                            Some(e) => e.merge(ty.clone()),
                            None => ty.clone(),
                        });
                    }
                    Ty::Array(Box::new(elem.unwrap_or(Ty::Any)))
                }
                _ => Ty::Array(Box::new(Ty::Any)),
            },
            Ast::Not(operand) => {
                self.infer(operand);
                Ty::Bool
            }
            Ast::Binary { op, left, right } => {
                let or = *op == BinaryOp::Or;
                self.optional += usize::from(or);
                let l = self.infer(left);
                self.optional -= usize::from(or);
                let r = self.infer(right);
                match op {
                    BinaryOp::And => r,
                    BinaryOp::Or => l.merge(r),
                    _ => {
                        self.compare(me, *op, &l, &r);
                        Ty::Bool
                    }
                }
            }
            Ast::Call { name, args } => {
                let mut arg_types = Vec::with_capacity(args.len());
                let mut arg_nodes = Vec::with_capacity(args.len());
                for arg in args {
                    arg_nodes.push(self.counter);
                    arg_types.push(self.infer(arg));
                }
                if let Some(params) = types::function_params(name) {
                    for (i, ty) in arg_types.iter().enumerate() {
                        let param = params
                            .get(i)
                            .or(params.last().filter(|_| {
                                matches!(name.to_ascii_lowercase().as_str(), "hashfiles")
                            }))
                            .copied();
                        if let Some(param) = param
                            && !param.accepts(ty)
                        {
                            let spec = functions::lookup(name).map_or("", |f| f.signature);
                            self.push(
                                "expr-type",
                                arg_nodes[i],
                                format!(
                                    "argument {} of `{name}` is {}, but `{spec}` takes a {} there",
                                    i + 1,
                                    describe(ty),
                                    param.name()
                                ),
                            );
                        }
                    }
                }
                types::function_result(name, &arg_types)
            }
        }
    }

    /// The node index of the index expression of an `Index` node: its target's subtree comes first.
    fn counter_of_index(&self, me: usize, target: &Ast) -> usize {
        let mut size = 0usize;
        target.walk(&mut |_| size += 1);
        me + 1 + size
    }

    fn context(&mut self, name: &str) -> Ty {
        match name.to_ascii_lowercase().as_str() {
            "github" => self.env.github.clone(),
            "env" | "secrets" | "vars" => self.env.fixed.string_map.clone(),
            "runner" => self.env.fixed.runner.clone(),
            "job" => self.env.fixed.job.clone(),
            "strategy" => self.env.fixed.strategy.clone(),
            "inputs" => self.env.inputs.clone(),
            "matrix" => self.env.job_matrix(self.scope.job),
            "needs" => self.env.job_needs(self.scope.job),
            "steps" => self.env.cached_steps(&self.scope),
            "jobs" => self.env.jobs(),
            _ => Ty::Any,
        }
    }

    fn property(&mut self, me: usize, target: &Ast, receiver: Ty, name: &str) -> Ty {
        let target_chain = chain(target);
        if target_chain.as_deref() == Some("vars")
            && let Some(vars) = self.vars
            && !vars.iter().any(|v| v.eq_ignore_ascii_case(name))
        {
            self.push(
                "vars-unknown",
                me,
                format!(
                    "configuration variable `{name}` is not defined; the defined ones are {}",
                    list(vars)
                ),
            );
        }
        match receiver {
            Ty::Any => Ty::Any,
            Ty::Array(elem) => match *elem {
                Ty::Object(obj) => Ty::Array(Box::new(obj.get(name).unwrap_or(Ty::Any))),
                _ => Ty::Array(Box::new(Ty::Any)),
            },
            Ty::Object(obj) => match obj.get(name) {
                Ok(ty) => ty,
                Err(()) => {
                    let (code, message) = self.missing(target_chain.as_deref(), name, &obj);
                    if !(code == "ref-matrix" && self.optional > 0) {
                        self.push(code, me, message);
                    }
                    Ty::Any
                }
            },
            other => {
                let what = target_chain.unwrap_or_else(|| "the value".to_owned());
                self.push(
                    "expr-type",
                    me,
                    format!("`{what}` is a {other}, not an object, so it has no property `{name}`"),
                );
                Ty::Any
            }
        }
    }

    /// The code and message for a property that does not exist.
    fn missing(&self, chain: Option<&str>, name: &str, obj: &Obj) -> (&'static str, String) {
        let names: Vec<&str> = obj.names().collect();
        let hint = match did_you_mean(name, names.iter().copied()) {
            Some(s) => format!("; did you mean `{s}`?"),
            None if names.is_empty() => String::new(),
            None => format!("; available: {}", list(&names)),
        };
        let job = self.scope.job.map_or("", |(id, _)| id);
        match chain {
            Some("needs") => {
                let transitive = self
                    .env
                    .workflow
                    .is_some_and(|w| w.jobs.keys().any(|k| k.eq_ignore_ascii_case(name)));
                let message = if transitive {
                    format!(
                        "job `{job}` reads `needs.{name}` but does not need `{name}` directly; add `{name}` to its `needs`"
                    )
                } else {
                    format!("job `{job}` reads `needs.{name}`, but there is no job `{name}`{hint}")
                };
                ("ref-needs", message)
            }
            Some(c) if c.starts_with("needs.") && c.ends_with(".outputs") => {
                let needed = &c["needs.".len()..c.len() - ".outputs".len()];
                (
                    "ref-needs-output",
                    format!(
                        "job `{needed}` declares no output `{name}`{hint}; add it to the `outputs` of `{needed}`"
                    ),
                )
            }
            Some("steps") => {
                let later = self.env.steps_list(&self.scope).iter().any(|s| {
                    s.id.as_deref()
                        .is_some_and(|id| id.eq_ignore_ascii_case(name))
                });
                let message = if later {
                    format!(
                        "step `{name}` runs after this point, so `steps.{name}` is not set yet; move the reference after step `{name}`"
                    )
                } else if job.is_empty() {
                    format!("there is no step with id `{name}`{hint}")
                } else {
                    format!("job `{job}` has no step with id `{name}`{hint}")
                };
                ("ref-step", message)
            }
            Some("matrix") => (
                "ref-matrix",
                if names.is_empty() {
                    format!("`matrix.{name}` is read, but job `{job}` has no matrix")
                } else {
                    format!("the matrix of job `{job}` has no key `{name}`{hint}")
                },
            ),
            Some("inputs") => (
                "ref-input",
                format!(
                    "input `{name}` is not declared by `workflow_dispatch` or `workflow_call` inputs{hint}"
                ),
            ),
            Some("github.event.inputs") => (
                "ref-input",
                format!("input `{name}` is not declared by `workflow_dispatch` inputs{hint}"),
            ),
            Some("jobs") => (
                "ref-jobs",
                format!("there is no job `{name}` in this workflow{hint}"),
            ),
            Some(c) if c.starts_with("jobs.") && c.ends_with(".outputs") => (
                "ref-needs-output",
                format!(
                    "job `{}` declares no output `{name}`{hint}",
                    &c["jobs.".len()..c.len() - ".outputs".len()]
                ),
            ),
            Some(c) => (
                "expr-unknown-property",
                format!("`{c}` has no property `{name}`{hint}"),
            ),
            None => (
                "expr-unknown-property",
                format!("the object has no property `{name}`{hint}"),
            ),
        }
    }

    fn compare(&mut self, me: usize, op: BinaryOp, l: &Ty, r: &Ty) {
        let bad = match op {
            BinaryOp::Eq | BinaryOp::Ne => !equatable(l, r),
            _ => !orderable(l) || !orderable(r),
        };
        if bad {
            let outcome = match op {
                BinaryOp::Ne => "always true",
                BinaryOp::Eq => "always false",
                _ => "meaningless",
            };
            self.push(
                "expr-comparison",
                me,
                format!(
                    "a {l} is compared to a {r} with `{}`, which is {outcome}; compare values of the same kind",
                    op.symbol()
                ),
            );
        }
    }
}

fn describe(ty: &Ty) -> String {
    match ty {
        Ty::Object(_) => format!("an object ({ty})"),
        Ty::Array(_) => format!("an array ({ty})"),
        other => format!("a {other}"),
    }
}

fn equatable(l: &Ty, r: &Ty) -> bool {
    match (l, r) {
        (Ty::Any, _) | (_, Ty::Any) => true,
        (Ty::Object(_), Ty::Object(_)) => true,
        (Ty::Array(a), Ty::Array(b)) => equatable(a, b) && !mismatched_kinds(a, b),
        (Ty::Object(_) | Ty::Array(_), _) | (_, Ty::Object(_) | Ty::Array(_)) => false,
        _ => true,
    }
}

fn mismatched_kinds(a: &Ty, b: &Ty) -> bool {
    let kind = |t: &Ty| match t {
        Ty::Object(_) => Some(0),
        Ty::Array(_) => Some(1),
        Ty::Any => None,
        _ => Some(2),
    };
    matches!((kind(a), kind(b)), (Some(x), Some(y)) if x != y)
}

fn orderable(t: &Ty) -> bool {
    matches!(t, Ty::Any | Ty::Number | Ty::String)
}

/// How a string is read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Text with embedded `${{ }}`.
    Template,
    /// An `if:` condition.
    Condition,
}

/// Walks every string of a workflow or action with its scope.
pub(crate) struct Walker<'c, 'a, 'w> {
    cx: &'c mut Cx<'a>,
    env: &'c Contexts<'w>,
    /// Each distinct expression source, parsed once: workflows repeat expressions across jobs and steps.
    parsed: FastMap<String, Rc<Parsed>>,
    /// Findings of expressions that read only workflow-wide contexts, by source and scope kind.
    /// Keyed by the parsed expression's address, which is unique per distinct source.
    results: FastMap<(usize, usize, bool), Rc<Checked>>,
    /// The (offset, length) of each expression of the string being read; reused from string to string.
    spans: Vec<(usize, usize)>,
}

/// One parsed expression, with the start of each node.
struct Parsed {
    ast: Result<Ast, expr::ParseError>,
    starts: Option<Vec<usize>>,
    /// Whether it reads a context whose type depends on the job or step (`matrix`, `needs`, `steps`...).
    local: bool,
    /// Whether its value depends on nothing (no context, no function reading the run's state).
    constant: bool,
}

/// What checking an expression found, relative to its source.
struct Checked {
    findings: Vec<(usize, &'static str, String, bool)>,
    ty: Ty,
}

pub(crate) fn check_action(cx: &mut Cx<'_>, action: &Action) {
    let env = Contexts::of_action(action);
    Walker::new(cx, &env).action(action);
}

impl<'c, 'a, 'w> Walker<'c, 'a, 'w> {
    pub(crate) fn new(cx: &'c mut Cx<'a>, env: &'c Contexts<'w>) -> Self {
        Walker {
            cx,
            env,
            parsed: FastMap::default(),
            results: FastMap::default(),
            spans: Vec::new(),
        }
    }

    /// The diagnostics being collected, for the checks that run beside the walk.
    pub(crate) fn cx(&mut self) -> &mut Cx<'a> {
        self.cx
    }

    /// The expressions outside jobs; [`Self::job`] walks each job.
    pub(crate) fn workflow(&mut self, workflow: &'w Workflow) {
        let root = Here::root();
        if let Some(run_name) = &workflow.run_name {
            self.template_at(Scope::new(&RUN_NAME), &root, "run-name", run_name);
        }
        self.env_block(
            Scope::new(&WORKFLOW_ENV),
            &root.key("env"),
            workflow.env.as_ref(),
        );
        if let Some(concurrency) = &workflow.concurrency {
            self.concurrency(
                Scope::new(&WORKFLOW_CONCURRENCY),
                &root.key("concurrency"),
                concurrency,
            );
        }
        if let Some(run) = workflow.defaults.as_ref().and_then(|d| d.run.as_ref()) {
            let defaults = root.key("defaults");
            let path = defaults.key("run");
            if let Some(shell) = &run.shell {
                self.template_at(Scope::new(&NONE), &path, "shell", shell);
            }
            if let Some(dir) = &run.working_directory {
                self.template_at(Scope::new(&NONE), &path, "working-directory", dir);
            }
        }
        for event in workflow.on.events() {
            if let Some(EventConfig::WorkflowCall(call)) = workflow.on.config(event) {
                let on = root.key("on");
                let path = on.key(event.as_str());
                for (name, input) in call.inputs.iter().flatten() {
                    if let Some(default) = &input.default {
                        self.value(
                            Scope::new(&CALL_INPUT_DEFAULT),
                            &path.key("inputs").key(name).key("default"),
                            default,
                        );
                    }
                }
                for (name, output) in call.outputs.iter().flatten() {
                    self.template(
                        Scope::new(&CALL_OUTPUT_VALUE),
                        &path.key("outputs").key(name).key("value"),
                        &output.value,
                    );
                }
            }
        }
    }

    pub(crate) fn job(&mut self, id: &'w str, job: &'w Job, path: &Here<'_>) {
        let scope = |avail: &'static Avail| Scope::new(avail).job(id, job);
        if let Some(name) = &job.name {
            self.template_at(scope(&JOB_NAME), path, "name", name);
        }
        match &job.r#if {
            Some(ExprOr::Expr(cond)) => self.condition(scope(&JOB_IF), &path.key("if"), cond),
            Some(ExprOr::Value(b)) => self.constant_bool(&path.key("if"), *b),
            None => {}
        }
        if let Some(runs_on) = &job.runs_on {
            let p = path.key("runs-on");
            match runs_on {
                RunsOn::Label(label) => self.template(scope(&JOB_RUNS_ON).label(), &p, label),
                RunsOn::Labels(labels) => {
                    for (i, label) in labels.iter().enumerate() {
                        self.template(scope(&JOB_RUNS_ON).label(), &p.index(i), label);
                    }
                }
                RunsOn::Group(group) => {
                    if let Some(g) = &group.group {
                        self.template_at(scope(&JOB_RUNS_ON), &p, "group", g);
                    }
                    if let Some(labels) = &group.labels {
                        match labels {
                            crate::model::OneOrMany::One(l) => {
                                self.template_at(scope(&JOB_RUNS_ON).label(), &p, "labels", l);
                            }
                            crate::model::OneOrMany::Many(ls) => {
                                for (i, l) in ls.iter().enumerate() {
                                    self.template(
                                        scope(&JOB_RUNS_ON).label(),
                                        &p.key("labels").index(i),
                                        l,
                                    );
                                }
                            }
                        }
                    }
                }
            }
        }
        if let Some(environment) = &job.environment {
            let p = path.key("environment");
            match environment {
                crate::model::Environment::Name(name) => {
                    self.template(scope(&JOB_ENVIRONMENT), &p, name);
                }
                crate::model::Environment::Config(config) => {
                    if let Some(name) = &config.name {
                        self.template_at(scope(&JOB_ENVIRONMENT), &p, "name", name);
                    }
                    if let Some(url) = &config.url {
                        self.template(
                            scope(&JOB_ENVIRONMENT_URL).steps(Visible::All),
                            &p.key("url"),
                            url,
                        );
                    }
                    if let Some(ExprOr::Expr(d)) = &config.deployment {
                        self.template_at(scope(&JOB_ENVIRONMENT).objects(), &p, "deployment", d);
                    }
                }
            }
        }
        if let Some(concurrency) = &job.concurrency {
            self.concurrency(
                scope(&JOB_CONCURRENCY),
                &path.key("concurrency"),
                concurrency,
            );
        }
        for (name, value) in job.outputs.iter().flatten() {
            self.template(
                scope(&JOB_OUTPUTS).steps(Visible::All),
                &path.key("outputs").key(name),
                value,
            );
        }
        self.env_block(scope(&JOB_ENV), &path.key("env"), job.env.as_ref());
        if let Some(run) = job.defaults.as_ref().and_then(|d| d.run.as_ref()) {
            let defaults = path.key("defaults");
            let p = defaults.key("run");
            if let Some(shell) = &run.shell {
                self.template_at(scope(&JOB_DEFAULTS_RUN), &p, "shell", shell);
            }
            if let Some(dir) = &run.working_directory {
                self.template_at(scope(&JOB_DEFAULTS_RUN), &p, "working-directory", dir);
            }
        }
        if let Some(ExprOr::Expr(t)) = &job.timeout_minutes {
            self.template(
                scope(&JOB_TIMEOUT).objects(),
                &path.key("timeout-minutes"),
                t,
            );
        }
        if let Some(ExprOr::Expr(c)) = &job.continue_on_error {
            self.template(
                scope(&JOB_CONTINUE_ON_ERROR).objects(),
                &path.key("continue-on-error"),
                c,
            );
        }
        if let Some(strategy) = &job.strategy {
            let p = path.key("strategy");
            let s = scope(&JOB_STRATEGY).objects();
            if let Some(ExprOr::Expr(t)) = &strategy.fail_fast {
                self.template_at(s, &p, "fail-fast", t);
            }
            if let Some(ExprOr::Expr(t)) = &strategy.max_parallel {
                self.template_at(s, &p, "max-parallel", t);
            }
            match &strategy.matrix {
                Some(ExprOr::Expr(t)) => self.template(s, &p.key("matrix"), t),
                Some(ExprOr::Value(matrix)) => {
                    let mp = p.key("matrix");
                    for (axis, values) in &matrix.axes {
                        match values {
                            ExprOr::Expr(t) => self.template(s, &mp.key(axis), t),
                            ExprOr::Value(values) => {
                                for (i, v) in values.iter().enumerate() {
                                    self.value(s, &mp.key(axis).index(i), v);
                                }
                            }
                        }
                    }
                    for (key, rows) in [("include", &matrix.include), ("exclude", &matrix.exclude)]
                    {
                        match rows {
                            Some(ExprOr::Expr(t)) => self.template(s, &mp.key(key), t),
                            Some(ExprOr::Value(rows)) => {
                                for (i, v) in rows.iter().enumerate() {
                                    self.value(s, &mp.key(key).index(i), v);
                                }
                            }
                            None => {}
                        }
                    }
                }
                None => {}
            }
        }
        match &job.snapshot {
            Some(crate::model::Snapshot::ImageName(name)) => {
                self.template(scope(&JOB_SNAPSHOT), &path.key("snapshot"), name);
            }
            Some(crate::model::Snapshot::Config(config)) => {
                let p = path.key("snapshot");
                if let Some(name) = &config.image_name {
                    self.template_at(scope(&JOB_SNAPSHOT), &p, "image-name", name);
                }
                if let Some(version) = &config.version {
                    self.template_at(scope(&JOB_SNAPSHOT), &p, "version", version);
                }
                match &config.r#if {
                    Some(ExprOr::Expr(cond)) => {
                        self.condition(scope(&JOB_SNAPSHOT_IF), &p.key("if"), cond);
                    }
                    Some(ExprOr::Value(b)) => self.constant_bool(&p.key("if"), *b),
                    None => {}
                }
            }
            None => {}
        }
        if let Some(container) = &job.container {
            self.container(scope, &path.key("container"), container);
        }
        match &job.services {
            Some(ExprOr::Value(services)) => {
                for (name, service) in services {
                    self.container(scope, &path.key("services").key(name), service);
                }
            }
            Some(ExprOr::Expr(expression)) => {
                self.template(scope(&JOB_SERVICES), &path.key("services"), expression);
            }
            None => {}
        }
        if let Some(with) = &job.with {
            self.mapping(scope(&JOB_WITH), &path.key("with"), with);
        }
        if let Some(Secrets::Map(secrets)) = &job.secrets {
            for (name, value) in secrets {
                self.template_at(scope(&JOB_SECRETS), &path.key("secrets"), name, value);
            }
        }
        for (i, step) in job.step_list().iter().enumerate() {
            self.step(
                Scope::new(&STEP).job(id, job).steps(Visible::Before(i)),
                &STEP_IF,
                &path.key("steps").index(i),
                step,
            );
        }
    }

    fn container(
        &mut self,
        scope: impl Fn(&'static Avail) -> Scope<'w>,
        path: &Here<'_>,
        container: &'w Container,
    ) {
        match container {
            Container::Image(image) => self.template(scope(&JOB_CONTAINER), path, image),
            Container::Config(config) => {
                if let Some(image) = &config.image {
                    self.template_at(scope(&JOB_CONTAINER), path, "image", image);
                }
                if let Some(ExprOr::Expr(expression)) = &config.credentials {
                    let p = path.key("credentials");
                    self.template(scope(&JOB_CONTAINER_CREDENTIALS), &p, expression);
                }
                if let Some(ExprOr::Value(credentials)) = &config.credentials {
                    let p = path.key("credentials");
                    if let Some(u) = &credentials.username {
                        self.template_at(scope(&JOB_CONTAINER_CREDENTIALS), &p, "username", u);
                    }
                    if let Some(pw) = &credentials.password {
                        self.template_at(scope(&JOB_CONTAINER_CREDENTIALS), &p, "password", pw);
                    }
                }
                self.env_block(
                    scope(&JOB_CONTAINER_ENV),
                    &path.key("env"),
                    config.env.as_ref(),
                );
                for (i, port) in config.ports.iter().flatten().enumerate() {
                    self.value(scope(&JOB_CONTAINER), &path.key("ports").index(i), port);
                }
                for (i, volume) in config.volumes.iter().flatten().enumerate() {
                    self.template(scope(&JOB_CONTAINER), &path.key("volumes").index(i), volume);
                }
                if let Some(entrypoint) = &config.entrypoint {
                    self.template_at(scope(&JOB_CONTAINER), path, "entrypoint", entrypoint);
                }
                if let Some(command) = &config.command {
                    self.template_at(scope(&JOB_CONTAINER), path, "command", command);
                }
                if let Some(options) = &config.options {
                    self.template_at(scope(&JOB_CONTAINER), path, "options", options);
                }
            }
        }
    }

    fn step(
        &mut self,
        scope: Scope<'w>,
        if_avail: &'static Avail,
        path: &Here<'_>,
        step: &'w Step,
    ) {
        if let Some(name) = &step.name {
            self.template_at(scope, path, "name", name);
        }
        match &step.r#if {
            Some(ExprOr::Expr(cond)) => self.condition(
                Scope {
                    avail: if_avail,
                    ..scope
                },
                &path.key("if"),
                cond,
            ),
            Some(ExprOr::Value(b)) => self.constant_bool(&path.key("if"), *b),
            None => {}
        }
        if let Some(run) = &step.run {
            self.template_at(scope.script(), path, "run", run);
        }
        if let Some(with) = &step.with {
            let github_script = step
                .uses
                .as_deref()
                .is_some_and(|u| super::starts_with_ignore_case(u, "actions/github-script@"));
            for (name, value) in with {
                let s = if github_script && name == "script" {
                    scope.script()
                } else {
                    scope
                };
                self.value(s, &path.key("with").key(name), value);
            }
        }
        if let Some(id) = &step.id {
            self.template_at(Scope::new(&NONE), path, "id", id);
        }
        if let Some(shell) = &step.shell {
            self.template_at(Scope::new(&NONE), path, "shell", shell);
        }
        if let Some(dir) = &step.working_directory {
            self.template_at(scope, path, "working-directory", dir);
        }
        self.env_block(scope, &path.key("env"), step.env.as_ref());
        if let Some(ExprOr::Expr(c)) = &step.continue_on_error {
            self.template_at(scope.objects(), path, "continue-on-error", c);
        }
        if let Some(ExprOr::Expr(t)) = &step.timeout_minutes {
            self.template_at(scope.objects(), path, "timeout-minutes", t);
        }
    }

    fn action(&mut self, action: &'w Action) {
        let root = Here::root();
        if let Some(Runs::Composite(runs)) = &action.runs {
            for (i, step) in runs.steps.iter().enumerate() {
                self.step(
                    Scope::new(&ACTION_STEP).steps(Visible::Before(i)),
                    &ACTION_STEP_IF,
                    &root.key("runs").key("steps").index(i),
                    step,
                );
            }
        }
        for (name, output) in action.outputs.iter().flatten() {
            if let Some(value) = &output.value {
                self.template(
                    Scope::new(&ACTION_OUTPUT).steps(Visible::All),
                    &root.key("outputs").key(name).key("value"),
                    value,
                );
            }
        }
    }

    fn concurrency(
        &mut self,
        scope: Scope<'w>,
        path: &Here<'_>,
        concurrency: &crate::model::Concurrency,
    ) {
        match concurrency {
            crate::model::Concurrency::Group(group) => self.template(scope, path, group),
            crate::model::Concurrency::Config(config) => {
                if let Some(group) = &config.group {
                    self.template_at(scope, path, "group", group);
                }
                if let Some(ExprOr::Expr(c)) = &config.cancel_in_progress {
                    self.template_at(scope.objects(), path, "cancel-in-progress", c);
                }
            }
        }
    }

    fn env_block(&mut self, scope: Scope<'w>, path: &Here<'_>, env: Option<&Env>) {
        match env {
            Some(ExprOr::Expr(t)) => self.template(scope.objects(), path, t),
            Some(ExprOr::Value(map)) => {
                for (name, value) in map {
                    // `${{ insert }}` as a key is the runner's directive to merge the value (a
                    // mapping) into this one, not an expression.
                    let insert = name
                        .strip_prefix("${{")
                        .and_then(|n| n.strip_suffix("}}"))
                        .is_some_and(|n| n.trim() == "insert");
                    let key_expr = has_expression(name) && !insert;
                    let p = path.key(name);
                    if key_expr {
                        self.string(scope, &p, name, Kind::Template, true);
                    }
                    self.value(scope, &p, value);
                }
            }
            None => {}
        }
    }

    fn mapping(&mut self, scope: Scope<'w>, path: &Here<'_>, map: &Mapping) {
        for (name, value) in map {
            self.value(scope, &path.key(name), value);
        }
    }

    fn value(&mut self, scope: Scope<'w>, path: &Here<'_>, value: &Value) {
        match value {
            Value::String(s) => self.template(scope, path, s),
            Value::Sequence(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.value(scope.objects(), &path.index(i), item);
                }
            }
            Value::Mapping(map) => {
                for (k, v) in map {
                    self.value(scope.objects(), &path.key(k), v);
                }
            }
            _ => {}
        }
    }

    /// [`Self::template`] at key `key` of `parent`, building the path only when there is an expression.
    fn template_at(&mut self, scope: Scope<'w>, parent: &Here<'_>, key: &str, text: &str) {
        if has_expression(text) {
            self.string(scope, &parent.key(key), text, Kind::Template, false);
        }
    }

    fn template(&mut self, scope: Scope<'w>, path: &Here<'_>, text: &str) {
        if has_expression(text) {
            self.string(scope, path, text, Kind::Template, false);
        }
    }

    fn condition(&mut self, scope: Scope<'w>, path: &Here<'_>, text: &str) {
        self.string(scope, path, text, Kind::Condition, false);
    }

    fn constant_bool(&mut self, path: &Here<'_>, value: bool) {
        self.cx.warning(
            "if-constant",
            path.to_path(),
            At::Value,
            format!("the condition is always `{value}`; remove the `if:` (or the step or job)"),
        );
    }

    /// Checks one string: each `${{ }}` of a template, or an `if:` condition.
    fn string(&mut self, scope: Scope<'w>, path: &Here<'_>, text: &str, kind: Kind, in_key: bool) {
        let at = |offset: usize| {
            if in_key {
                At::KeyExpr { text, offset }
            } else {
                At::Expr { text, offset }
            }
        };
        if kind == Kind::Condition && !has_expression(text) {
            let trimmed = text.trim();
            let leading = text.len() - text.trim_start().len();
            let parsed = self.parse(trimmed);
            match &parsed.ast {
                Ok(_) => {
                    self.expression(scope, path, text, leading, trimmed, &parsed, in_key);
                    self.constant_condition(path, &parsed, trimmed);
                }
                Err(error) => self.syntax(path, at(leading + error.offset()), text, error),
            }
            return;
        }
        if kind == Kind::Condition {
            let single =
                text.starts_with("${{") && text.ends_with("}}") && text.matches("${{").count() == 1;
            if !single {
                self.cx.error(
                    "if-always-true",
                    path.to_path(),
                    At::Value,
                    format!(
                        "the condition `{}` is always true: text around `${{{{ }}}}` makes it a non-empty string; write the whole condition inside one `${{{{ }}}}`, or none",
                        text.trim_end()
                    ),
                );
            }
        }
        // An unclosed expression is reported alone. The expressions' places go to a buffer the walker
        // keeps, so reading a string allocates nothing.
        let mut found = std::mem::take(&mut self.spans);
        found.clear();
        let mut count = 0;
        for segment in expr::segments(text) {
            match segment {
                Err(error) => {
                    self.syntax(path, at(error.offset()), text, &error);
                    self.spans = found;
                    return;
                }
                Ok(Segment::Expr { source, offset }) => found.push((offset, source.len())),
                Ok(Segment::Text(_)) => {}
            }
            count += 1;
        }
        let single = count == 1;
        for &(offset, len) in &found {
            let source = &text[offset + 3..offset + 3 + len];
            let base = offset + 3;
            let parsed = self.parse(source);
            match &parsed.ast {
                Ok(_) => {
                    let ty = self.expression(scope, path, text, base, source, &parsed, in_key);
                    if kind == Kind::Condition && single {
                        self.constant_condition(path, &parsed, source.trim());
                    }
                    if scope.label && single && matches!(ty, Ty::Object(_)) {
                        self.cx.error(
                            "expr-type",
                            path.to_path(),
                            at(offset),
                            format!(
                                "`runs-on` takes a label or a list of labels, but `${{{{ {} }}}}` is an object ({ty})",
                                source.trim()
                            ),
                        );
                    }
                    let objects_ok = scope.objects_ok || (kind == Kind::Condition);
                    if !objects_ok && ty.is_composite() {
                        self.cx.error(
                            "expr-object-in-template",
                            path.to_path(),
                            at(offset),
                            format!(
                                "`${{{{ {} }}}}` is {} inside a string, which prints as `{}`; pick a property, or wrap it in `toJSON()`",
                                source.trim(),
                                describe(&ty),
                                if matches!(ty, Ty::Null) { "" } else if matches!(ty, Ty::Array(_)) { "Array" } else { "Object" }
                            ),
                        );
                    }
                }
                Err(error) => self.syntax(path, at(base + error.offset()), text, error),
            }
        }
        self.spans = found;
    }

    /// Parses an expression source, once per distinct source.
    fn parse(&mut self, source: &str) -> Rc<Parsed> {
        if let Some(parsed) = self.parsed.get(source) {
            return Rc::clone(parsed);
        }
        let ast = expr::parse(source);
        let starts = ast
            .as_ref()
            .ok()
            .and_then(|ast| spans::node_starts(source, ast));
        let mut local = false;
        let mut constant = true;
        if let Ok(ast) = &ast {
            ast.walk(&mut |node| match node {
                Ast::Context(name) => {
                    constant = false;
                    if ["matrix", "needs", "steps", "strategy", "job", "jobs"]
                        .iter()
                        .any(|c| name.eq_ignore_ascii_case(c))
                    {
                        local = true;
                    }
                }
                Ast::Call { name, .. }
                    if (functions::lookup(name)
                        .is_none_or(|f| f.kind != FunctionKind::General)
                        || name.eq_ignore_ascii_case("fromjson")) =>
                {
                    constant = false;
                }
                _ => {}
            });
        }
        let parsed = Rc::new(Parsed {
            ast,
            starts,
            local,
            constant,
        });
        self.parsed.insert(source.to_owned(), Rc::clone(&parsed));
        parsed
    }

    fn syntax(&mut self, path: &Here<'_>, at: At<'_>, text: &str, error: &expr::ParseError) {
        let hint = if error.found().contains('"') {
            "; strings in expressions use single quotes"
        } else {
            ""
        };
        let _ = text;
        // GitHub reports an expression it cannot parse at the start of the value that holds it.
        let start = match at {
            At::KeyExpr { .. } | At::Key => At::Key,
            _ => At::Value,
        };
        let related = self
            .cx
            .related("the value holding it", path.to_path(), start);
        self.cx
            .error(
                "expr-syntax",
                path.to_path(),
                at,
                format!(
                    "invalid expression: expected {}, found {}{hint}",
                    error.expected(),
                    error.found()
                ),
            )
            .related
            .push(related);
    }

    /// `if:` conditions that do not depend on anything.
    fn constant_condition(&mut self, path: &Here<'_>, parsed: &Parsed, source: &str) {
        if parsed.constant {
            self.cx.warning(
                "if-constant",
                path.to_path(),
                At::Value,
                format!(
                    "the condition `{source}` is constant; remove the `if:` (or the step or job)"
                ),
            );
        }
    }

    /// Checks one parsed expression whose source starts at byte `base` of `text`; returns its type.
    #[allow(clippy::too_many_arguments)]
    fn expression(
        &mut self,
        scope: Scope<'w>,
        path: &Here<'_>,
        text: &str,
        base: usize,
        source: &str,
        parsed: &Parsed,
        in_key: bool,
    ) -> Ty {
        let at = |offset: usize| {
            if in_key {
                At::KeyExpr { text, offset }
            } else {
                At::Expr { text, offset }
            }
        };
        let key = (
            std::ptr::from_ref(parsed) as usize,
            std::ptr::from_ref(scope.avail) as usize,
            scope.script,
        );
        let checked = match (parsed.local, self.results.get(&key)) {
            (false, Some(checked)) => Rc::clone(checked),
            _ => {
                let checked = Rc::new(self.check_expression(scope, source, parsed));
                if !parsed.local {
                    self.results.insert(key, Rc::clone(&checked));
                }
                checked
            }
        };
        for (offset, code, message, warning) in &checked.findings {
            let at = at(base + offset);
            if *warning {
                self.cx.warning(code, path, at, message.clone());
            } else {
                self.cx.error(code, path, at, message.clone());
            }
        }
        checked.ty.clone()
    }

    /// The findings of one expression, with offsets relative to its source.
    fn check_expression(&mut self, scope: Scope<'w>, source: &str, parsed: &Parsed) -> Checked {
        let Ok(ast) = &parsed.ast else {
            return Checked {
                findings: Vec::new(),
                ty: Ty::Any,
            };
        };
        let starts = parsed.starts.as_deref();
        let fallback = source.len() - source.trim_start().len();
        let node_offset = |i: usize| starts.and_then(|s| s.get(i).copied()).unwrap_or(fallback);
        let mut findings: Vec<(usize, &'static str, String, bool)> = Vec::new();
        // Names: contexts and functions, and where each may be used.
        let mut index = 0usize;
        ast.walk(&mut |node| {
            match node {
                Ast::Context(name) => {
                    let lower = name.to_ascii_lowercase();
                    if !CONTEXTS.contains(&lower.as_str()) {
                        let hint = did_you_mean(&lower, CONTEXTS.iter().copied())
                            .map(|s| format!("; did you mean `{s}`?"))
                            .unwrap_or_default();
                        findings.push((
                            node_offset(index),
                            "expr-unknown-context",
                            format!(
                                "`{name}` is not a context{hint}; contexts are {}",
                                list(CONTEXTS)
                            ),
                            false,
                        ));
                    } else if !scope.avail.contexts.contains(&lower.as_str()) {
                        let available = if scope.avail.contexts.is_empty() {
                            "no context is available here".to_owned()
                        } else {
                            format!("available here: {}", list(scope.avail.contexts))
                        };
                        findings.push((
                            node_offset(index),
                            "context-unavailable",
                            format!(
                                "context `{name}` is not available in `{}`; {available}",
                                scope.avail.key
                            ),
                            false,
                        ));
                    }
                }
                Ast::Call { name, args } => match functions::lookup(name) {
                    None => {
                        let hint = did_you_mean(name, functions::FUNCTIONS.iter().map(|f| f.name))
                            .map(|s| format!("; did you mean `{s}`?"))
                            .unwrap_or_default();
                        findings.push((
                            node_offset(index),
                            "expr-unknown-function",
                            format!("`{name}` is not a function{hint}"),
                            false,
                        ));
                    }
                    Some(spec) => {
                        if let Some(message) = format_problem(spec.name, args) {
                            findings.push((node_offset(index), "expr-format", message, false));
                        }
                        if let Err(arity) = spec.check_arity(args.len()) {
                            findings.push((
                                node_offset(index),
                                "expr-arity",
                                format!(
                                    "`{}` {arity}, but {} given; its signature is `{}`",
                                    spec.name,
                                    args.len(),
                                    spec.signature
                                ),
                                false,
                            ));
                        }
                        if spec.kind != FunctionKind::General
                            && !scope
                                .avail
                                .funcs
                                .contains(&spec.name.to_ascii_lowercase().as_str())
                        {
                            let place = match spec.kind {
                                FunctionKind::Status => {
                                    "only in `if:` conditions of jobs and steps"
                                }
                                _ => "only in the keys of steps",
                            };
                            findings.push((
                                node_offset(index),
                                "function-unavailable",
                                format!(
                                    "`{}()` is available {place}, not in `{}`",
                                    spec.name, scope.avail.key
                                ),
                                false,
                            ));
                        }
                    }
                },
                _ => {}
            }
            index += 1;
        });
        // Types and references.
        let mut found = Vec::new();
        let ty = {
            let mut typer = Typer {
                env: self.env,
                scope,
                errors: &mut found,
                starts,
                counter: 0,
                vars: self.cx.config.config_variables.as_deref(),
                optional: 0,
            };
            typer.infer(ast)
        };
        for finding in found {
            let offset = if starts.is_some() {
                finding.offset
            } else {
                fallback
            };
            findings.push((offset, finding.code, finding.message, finding.warning));
        }
        Checked { findings, ty }
    }
}

/// What GitHub's evaluator says of a `format()` whose format string is a literal, evaluated with as
/// many values as the call passes: a placeholder past the last value (`{1}` with one value) or an
/// unbalanced brace (`{0`) fails every evaluation. The evaluator decides, so the rule has one owner.
fn format_problem(name: &str, args: &[Ast]) -> Option<String> {
    let (Some(Ast::String(template)), true) = (args.first(), name.eq_ignore_ascii_case("format"))
    else {
        return None;
    };
    let probe = Ast::Call {
        name: "format".to_owned(),
        args: std::iter::once(Ast::String(template.clone()))
            .chain(args[1..].iter().map(|_| Ast::Null))
            .collect(),
    };
    let error = crate::expr::eval::evaluate(&probe, &crate::expr::eval::Contexts::new()).err()?;
    let said = error.to_string();
    let mut chars = said.chars();
    let said: String = chars
        .next()
        .map(|first| first.to_lowercase().chain(chars).collect())
        .unwrap_or_default();
    Some(format!(
        "`format()`: {said}; GitHub fails the step or job whenever it evaluates this"
    ))
}
