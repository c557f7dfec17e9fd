//! The walk over the model: every key in GitHub's customary order, every shape as the author chose it.
//!
//! Each function writes one value where the [`Writer`] stands: after the key just written, or as the next
//! item of the open sequence.

use crate::model::{
    Action, ActionInput, ActionOutput, Concurrency, ConcurrencyQueue, Container, Cron, Defaults,
    Environment, EventConfig, ExprOr, Filters, Input, Job, Mapping, Matrix, Number, On, OneOrMany,
    Permissions, Runs, RunsOn, Secrets, Snapshot, Step, Strategy, Value, WaitAll, Workflow,
    WorkflowCall, WorkflowDispatch,
};
use crate::yaml::writer::{Item, Writer};
use indexmap::IndexMap;
use std::fmt::Write as _;

pub(super) fn workflow(w: &mut Writer, workflow: &Workflow) {
    opt_str(w, "name", workflow.name.as_deref());
    opt_str(w, "description", workflow.description.as_deref());
    opt_str(w, "run-name", workflow.run_name.as_deref());
    w.blank_line();
    w.key("on");
    on(w, &workflow.on);
    if let Some(permissions) = &workflow.permissions {
        w.blank_line().key("permissions");
        self::permissions(w, permissions);
    }
    if let Some(env) = &workflow.env {
        w.blank_line().key("env");
        self::env(w, env);
    }
    if let Some(defaults) = &workflow.defaults {
        w.blank_line().key("defaults");
        self::defaults(w, defaults);
    }
    if let Some(concurrency) = &workflow.concurrency {
        w.blank_line().key("concurrency");
        self::concurrency(w, concurrency);
    }
    w.blank_line().key("jobs").begin_mapping();
    for (i, (id, job)) in workflow.jobs.iter().enumerate() {
        if i > 0 {
            w.blank_line();
        }
        w.comments(&job.comments).key(id);
        self::job(w, job);
    }
    w.end();
}

pub(super) fn action(w: &mut Writer, action: &Action) {
    opt_str(w, "name", action.name.as_deref());
    opt_str(w, "author", action.author.as_deref());
    opt_str(w, "description", action.description.as_deref());
    if let Some(inputs) = &action.inputs {
        w.blank_line().key("inputs");
        map(w, inputs, action_input);
    }
    if let Some(outputs) = &action.outputs {
        w.blank_line().key("outputs");
        map(w, outputs, action_output);
    }
    if let Some(runs) = &action.runs {
        w.blank_line().key("runs");
        self::runs(w, runs);
    }
    if let Some(branding) = &action.branding {
        w.blank_line().key("branding").begin_mapping();
        opt_str(w, "icon", branding.icon.as_deref());
        opt_str(w, "color", branding.color.as_deref());
        w.end();
    }
    // Top-level keys GitHub allows but does not define, kept as written after the known ones.
    for (key, other) in &action.other {
        w.blank_line().key(key);
        value(w, other);
    }
}

// ---- on ----

fn on(w: &mut Writer, on: &On) {
    match on {
        On::Event(event) => {
            w.scalar(event.as_str());
        }
        On::Events(events) => {
            let names: Vec<&str> = events.iter().map(|e| e.as_str()).collect();
            strings(w, &names);
        }
        On::Triggers(triggers) => {
            w.begin_mapping();
            for (event, config) in triggers {
                w.key(event.as_str());
                match config {
                    None => {
                        w.null();
                    }
                    Some(config) => event_config(w, config),
                }
            }
            w.end();
        }
    }
}

fn event_config(w: &mut Writer, config: &EventConfig) {
    match config {
        EventConfig::Schedule(crons) => {
            w.begin_sequence();
            for cron in crons {
                self::cron(w, cron);
            }
            w.end();
        }
        EventConfig::Filters(filters) => self::filters(w, filters),
        EventConfig::WorkflowDispatch(dispatch) => workflow_dispatch(w, dispatch),
        EventConfig::WorkflowCall(call) => workflow_call(w, call),
    }
}

fn filters(w: &mut Writer, filters: &Filters) {
    w.begin_mapping();
    let fields = [
        ("types", &filters.types),
        ("workflows", &filters.workflows),
        ("branches", &filters.branches),
        ("branches-ignore", &filters.branches_ignore),
        ("tags", &filters.tags),
        ("tags-ignore", &filters.tags_ignore),
        ("paths", &filters.paths),
        ("paths-ignore", &filters.paths_ignore),
        ("names", &filters.names),
        ("versions", &filters.versions),
    ];
    for (name, value) in fields {
        if let Some(value) = value {
            w.key(name);
            one_or_many(w, value);
        }
    }
    w.end();
}

fn cron(w: &mut Writer, cron: &Cron) {
    w.begin_mapping().key("cron").scalar(&cron.cron);
    opt_str(w, "timezone", cron.timezone.as_deref());
    w.end();
}

fn workflow_dispatch(w: &mut Writer, dispatch: &WorkflowDispatch) {
    w.begin_mapping();
    if let Some(inputs) = &dispatch.inputs {
        w.key("inputs");
        map(w, inputs, input);
    }
    w.end();
}

fn workflow_call(w: &mut Writer, call: &WorkflowCall) {
    w.begin_mapping();
    if let Some(inputs) = &call.inputs {
        w.key("inputs");
        map(w, inputs, input);
    }
    if let Some(outputs) = &call.outputs {
        w.key("outputs");
        map(w, outputs, |w, output| {
            w.begin_mapping();
            opt_str(w, "description", output.description.as_deref());
            w.key("value").scalar(&output.value);
            w.end();
        });
    }
    if let Some(secrets) = &call.secrets {
        w.key("secrets");
        map(w, secrets, |w, secret| match secret {
            None => {
                w.null();
            }
            Some(secret) => {
                w.begin_mapping();
                opt_str(w, "description", secret.description.as_deref());
                opt_bool(w, "required", secret.required);
                w.end();
            }
        });
    }
    w.end();
}

fn input(w: &mut Writer, input: &Input) {
    w.begin_mapping();
    opt_str(w, "description", input.description.as_deref());
    opt_bool(w, "required", input.required);
    opt_value(w, "default", input.default.as_ref());
    if let Some(kind) = &input.r#type {
        w.key("type").scalar(kind.as_str());
    }
    if let Some(options) = &input.options {
        w.key("options");
        strings(w, options);
    }
    w.end();
}

// ---- shared by workflow and job ----

fn permissions(w: &mut Writer, permissions: &Permissions) {
    match permissions {
        Permissions::ReadAll => {
            w.scalar("read-all");
        }
        Permissions::WriteAll => {
            w.scalar("write-all");
        }
        Permissions::Scopes(scopes) => {
            w.begin_mapping();
            for (scope, level) in scopes {
                w.key(scope.as_str()).scalar(level.as_str());
            }
            w.end();
        }
    }
}

fn env(w: &mut Writer, env: &ExprOr<Mapping>) {
    match env {
        ExprOr::Value(env) => mapping(w, env),
        ExprOr::Expr(expr) => {
            w.scalar(expr);
        }
    }
}

fn defaults(w: &mut Writer, defaults: &Defaults) {
    w.begin_mapping();
    if let Some(run) = &defaults.run {
        w.key("run").begin_mapping();
        opt_str(w, "shell", run.shell.as_deref());
        opt_str(w, "working-directory", run.working_directory.as_deref());
        w.end();
    }
    w.end();
}

fn concurrency(w: &mut Writer, concurrency: &Concurrency) {
    match concurrency {
        Concurrency::Group(group) => {
            w.scalar(group);
        }
        Concurrency::Config(config) => {
            w.begin_mapping();
            opt_str(w, "group", config.group.as_deref());
            opt_expr_bool(w, "cancel-in-progress", config.cancel_in_progress.as_ref());
            opt_str(
                w,
                "queue",
                config.queue.as_ref().map(ConcurrencyQueue::as_str),
            );
            w.end();
        }
    }
}

// ---- jobs ----

fn job(w: &mut Writer, job: &Job) {
    w.begin_mapping();
    opt_str(w, "name", job.name.as_deref());
    if let Some(needs) = &job.needs {
        w.key("needs");
        one_or_many(w, needs);
    }
    opt_expr_bool(w, "if", job.r#if.as_ref());
    if let Some(runs_on) = &job.runs_on {
        w.key("runs-on");
        self::runs_on(w, runs_on);
    }
    if let Some(environment) = &job.environment {
        w.key("environment");
        self::environment(w, environment);
    }
    if let Some(permissions) = &job.permissions {
        w.key("permissions");
        self::permissions(w, permissions);
    }
    if let Some(concurrency) = &job.concurrency {
        w.key("concurrency");
        self::concurrency(w, concurrency);
    }
    if let Some(outputs) = &job.outputs {
        w.key("outputs");
        string_map(w, outputs);
    }
    opt_env(w, job.env.as_ref());
    if let Some(defaults) = &job.defaults {
        w.key("defaults");
        self::defaults(w, defaults);
    }
    opt_expr_number(w, "timeout-minutes", job.timeout_minutes.as_ref());
    opt_expr_number(
        w,
        "cancel-timeout-minutes",
        job.cancel_timeout_minutes.as_ref(),
    );
    opt_expr_bool(w, "continue-on-error", job.continue_on_error.as_ref());
    if let Some(strategy) = &job.strategy {
        w.key("strategy");
        self::strategy(w, strategy);
    }
    if let Some(container) = &job.container {
        w.key("container");
        self::container(w, container);
    }
    match &job.services {
        Some(ExprOr::Value(services)) => {
            w.key("services");
            map(w, services, container);
        }
        Some(ExprOr::Expr(expression)) => {
            w.key("services").scalar(expression);
        }
        None => {}
    }
    if let Some(snapshot) = &job.snapshot {
        w.key("snapshot");
        self::snapshot(w, snapshot);
    }
    if let Some(steps) = &job.steps {
        w.key("steps").begin_sequence();
        for step in steps {
            w.comments(&step.comments);
            self::step(w, step);
        }
        w.end();
    }
    opt_uses(w, job.uses.as_deref(), job.uses_comment.as_deref());
    opt_mapping(w, "with", job.with.as_ref());
    if let Some(secrets) = &job.secrets {
        w.key("secrets");
        match secrets {
            Secrets::Inherit => {
                w.scalar("inherit");
            }
            Secrets::Map(secrets) => string_map(w, secrets),
        }
    }
    w.end();
}

fn runs_on(w: &mut Writer, runs_on: &RunsOn) {
    match runs_on {
        RunsOn::Label(label) => {
            w.scalar(label);
        }
        RunsOn::Labels(labels) => strings(w, labels),
        RunsOn::Group(group) => {
            w.begin_mapping();
            opt_str(w, "group", group.group.as_deref());
            if let Some(labels) = &group.labels {
                w.key("labels");
                one_or_many(w, labels);
            }
            w.end();
        }
    }
}

fn snapshot(w: &mut Writer, snapshot: &Snapshot) {
    match snapshot {
        Snapshot::ImageName(name) => {
            w.scalar(name);
        }
        Snapshot::Config(config) => {
            w.begin_mapping();
            opt_str(w, "image-name", config.image_name.as_deref());
            opt_str(w, "version", config.version.as_deref());
            opt_expr_bool(w, "if", config.r#if.as_ref());
            w.end();
        }
    }
}

fn environment(w: &mut Writer, environment: &Environment) {
    match environment {
        Environment::Name(name) => {
            w.scalar(name);
        }
        Environment::Config(config) => {
            w.begin_mapping();
            opt_str(w, "name", config.name.as_deref());
            opt_str(w, "url", config.url.as_deref());
            opt_expr_bool(w, "deployment", config.deployment.as_ref());
            w.end();
        }
    }
}

fn strategy(w: &mut Writer, strategy: &Strategy) {
    w.begin_mapping();
    if let Some(matrix) = &strategy.matrix {
        w.key("matrix");
        match matrix {
            ExprOr::Value(matrix) => self::matrix(w, matrix),
            ExprOr::Expr(expr) => {
                w.scalar(expr);
            }
        }
    }
    opt_expr_bool(w, "fail-fast", strategy.fail_fast.as_ref());
    opt_expr_number(w, "max-parallel", strategy.max_parallel.as_ref());
    w.end();
}

fn matrix(w: &mut Writer, matrix: &Matrix) {
    w.begin_mapping();
    for (axis, values) in &matrix.axes {
        w.key(axis);
        expr_or_values(w, values);
    }
    if let Some(include) = &matrix.include {
        w.key("include");
        expr_or_values(w, include);
    }
    if let Some(exclude) = &matrix.exclude {
        w.key("exclude");
        expr_or_values(w, exclude);
    }
    w.end();
}

fn expr_or_values(w: &mut Writer, values: &ExprOr<Vec<Value>>) {
    match values {
        ExprOr::Value(values) => self::values(w, values),
        ExprOr::Expr(expr) => {
            w.scalar(expr);
        }
    }
}

fn container(w: &mut Writer, container: &Container) {
    let config = match container {
        Container::Image(image) => {
            w.scalar(image);
            return;
        }
        Container::Config(config) => config,
    };
    w.begin_mapping();
    opt_str(w, "image", config.image.as_deref());
    match &config.credentials {
        Some(ExprOr::Value(credentials)) => {
            w.key("credentials").begin_mapping();
            opt_str(w, "username", credentials.username.as_deref());
            opt_str(w, "password", credentials.password.as_deref());
            w.end();
        }
        Some(ExprOr::Expr(expression)) => {
            w.key("credentials").scalar(expression);
        }
        None => {}
    }
    opt_env(w, config.env.as_ref());
    if let Some(ports) = &config.ports {
        w.key("ports");
        values(w, ports);
    }
    if let Some(volumes) = &config.volumes {
        w.key("volumes");
        strings(w, volumes);
    }
    opt_str(w, "options", config.options.as_deref());
    opt_str(w, "entrypoint", config.entrypoint.as_deref());
    opt_str(w, "command", config.command.as_deref());
    w.end();
}

fn step(w: &mut Writer, step: &Step) {
    w.begin_mapping();
    opt_str(w, "name", step.name.as_deref());
    opt_str(w, "id", step.id.as_deref());
    opt_expr_bool(w, "if", step.r#if.as_ref());
    opt_uses(w, step.uses.as_deref(), step.uses_comment.as_deref());
    opt_mapping(w, "with", step.with.as_ref());
    opt_str(w, "run", step.run.as_deref());
    opt_str(w, "shell", step.shell.as_deref());
    opt_str(w, "working-directory", step.working_directory.as_deref());
    opt_env(w, step.env.as_ref());
    opt_expr_bool(w, "continue-on-error", step.continue_on_error.as_ref());
    opt_expr_number(w, "timeout-minutes", step.timeout_minutes.as_ref());
    opt_bool(w, "background", step.background);
    if let Some(wait) = &step.wait {
        w.key("wait");
        one_or_many(w, wait);
    }
    match step.wait_all {
        Some(WaitAll::Bare) => {
            w.key("wait-all").null();
        }
        Some(WaitAll::Value(waits)) => {
            w.key("wait-all").raw_plain(bool_text(waits));
        }
        None => {}
    }
    opt_str(w, "cancel", step.cancel.as_deref());
    if let Some(parallel) = &step.parallel {
        w.key("parallel").begin_sequence();
        for inner in parallel {
            self::step(w, inner);
        }
        w.end();
    }
    w.end();
}

/// `uses:`, with the comment that says which version a pinned commit is (`# v4.2.2`).
fn opt_uses(w: &mut Writer, uses: Option<&str>, comment: Option<&str>) {
    match (uses, comment) {
        (None, _) => {}
        (Some(uses), None) => {
            w.key("uses").scalar(uses);
        }
        (Some(uses), Some(comment)) => {
            w.key("uses").commented_scalar(uses, comment);
        }
    }
}

// ---- action ----

fn action_input(w: &mut Writer, input: &ActionInput) {
    w.begin_mapping();
    opt_str(w, "description", input.description.as_deref());
    opt_value(w, "required", input.required.as_ref());
    opt_value(w, "default", input.default.as_ref());
    opt_str(
        w,
        "deprecationMessage",
        input.deprecation_message.as_deref(),
    );
    // Keys GitHub ignores inside an input, kept as written after the known ones.
    for (key, other) in &input.other {
        w.key(key);
        value(w, other);
    }
    w.end();
}

fn action_output(w: &mut Writer, output: &ActionOutput) {
    w.begin_mapping();
    opt_str(w, "description", output.description.as_deref());
    opt_str(w, "value", output.value.as_deref());
    w.end();
}

fn runs(w: &mut Writer, runs: &Runs) {
    // `using` as the model holds it (`Runs::using` names the kind, whatever the field says).
    let using = match runs {
        Runs::Composite(composite) => &composite.using,
        Runs::Node(node) => &node.using,
        Runs::Docker(docker) => &docker.using,
    };
    w.begin_mapping().key("using").scalar(using);
    match runs {
        Runs::Composite(composite) => {
            w.key("steps").begin_sequence();
            for step in &composite.steps {
                w.comments(&step.comments);
                self::step(w, step);
            }
            w.end();
        }
        Runs::Node(node) => {
            opt_str(w, "main", node.main.as_deref());
            opt_str(w, "pre", node.pre.as_deref());
            opt_str(w, "pre-if", node.pre_if.as_deref());
            opt_str(w, "post", node.post.as_deref());
            opt_str(w, "post-if", node.post_if.as_deref());
        }
        Runs::Docker(docker) => {
            opt_str(w, "image", docker.image.as_deref());
            opt_mapping(w, "env", docker.env.as_ref());
            if let Some(args) = &docker.args {
                w.key("args");
                values(w, args);
            }
            opt_str(w, "entrypoint", docker.entrypoint.as_deref());
            opt_str(w, "pre-entrypoint", docker.pre_entrypoint.as_deref());
            opt_str(w, "pre-if", docker.pre_if.as_deref());
            opt_str(w, "post-entrypoint", docker.post_entrypoint.as_deref());
            opt_str(w, "post-if", docker.post_if.as_deref());
        }
    }
    w.end();
}

// ---- building blocks ----

fn opt_str(w: &mut Writer, name: &str, value: Option<&str>) {
    if let Some(value) = value {
        w.key(name).scalar(value);
    }
}

fn bool_text(value: bool) -> &'static str {
    if value { "true" } else { "false" }
}

fn opt_bool(w: &mut Writer, name: &str, value: Option<bool>) {
    if let Some(value) = value {
        w.key(name).raw_plain(bool_text(value));
    }
}

fn opt_expr_bool(w: &mut Writer, name: &str, value: Option<&ExprOr<bool>>) {
    match value {
        None => {}
        Some(ExprOr::Value(value)) => {
            w.key(name).raw_plain(bool_text(*value));
        }
        Some(ExprOr::Expr(expr)) => {
            w.key(name).scalar(expr);
        }
    }
}

fn opt_expr_number(w: &mut Writer, name: &str, value: Option<&ExprOr<Number>>) {
    match value {
        None => {}
        Some(ExprOr::Value(value)) => {
            w.key(name);
            number(w, *value);
        }
        Some(ExprOr::Expr(expr)) => {
            w.key(name).scalar(expr);
        }
    }
}

fn opt_value(w: &mut Writer, name: &str, value: Option<&Value>) {
    if let Some(value) = value {
        w.key(name);
        self::value(w, value);
    }
}

fn opt_mapping(w: &mut Writer, name: &str, value: Option<&Mapping>) {
    if let Some(value) = value {
        w.key(name);
        mapping(w, value);
    }
}

fn opt_env(w: &mut Writer, value: Option<&ExprOr<Mapping>>) {
    if let Some(value) = value {
        w.key("env");
        env(w, value);
    }
}

/// A mapping with keys the user chose, each value written by `write`.
fn map<T>(w: &mut Writer, map: &IndexMap<String, T>, write: impl Fn(&mut Writer, &T)) {
    w.begin_mapping();
    for (key, value) in map {
        w.key(key);
        write(w, value);
    }
    w.end();
}

fn string_map(w: &mut Writer, strings: &IndexMap<String, String>) {
    map(w, strings, |w, value| {
        w.scalar(value);
    });
}

fn mapping(w: &mut Writer, mapping: &Mapping) {
    map(w, mapping, value);
}

/// A free-form value. A null is nothing after a key (`key:`) and `null` as a list item (`- null`).
fn value(w: &mut Writer, value: &Value) {
    match value {
        Value::Null => {
            w.null();
        }
        Value::Bool(b) => {
            w.raw_plain(bool_text(*b));
        }
        Value::Number(n) => number(w, *n),
        Value::String(s) => {
            w.scalar(s);
        }
        Value::Sequence(items) => values(w, items),
        Value::Mapping(entries) => mapping(w, entries),
    }
}

fn number(w: &mut Writer, number: Number) {
    w.raw_plain(NumberText::of(number).as_str());
}

/// The text of a number, on the stack.
#[derive(Default)]
struct NumberText {
    bytes: [u8; 32],
    len: usize,
}

impl NumberText {
    fn of(number: Number) -> Self {
        let mut text = Self::default();
        // An integer is at most 20 digits and a sign; a float's shortest text is at most
        // 17 digits, a sign, a dot and an exponent (`-1.2345678901234567e-308`).
        let _ = match number {
            Number::Int(i) => write!(text, "{i}"),
            Number::UInt(u) => write!(text, "{u}"),
            Number::Float(_) => write!(text, "{number}"),
        };
        text
    }

    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..self.len]).unwrap_or_default()
    }
}

impl std::fmt::Write for NumberText {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let end = self.len + s.len();
        let slot = self.bytes.get_mut(self.len..end).ok_or(std::fmt::Error)?;
        slot.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// A list of strings: `[a, b]` when every item is plain in flow context and the line fits, else one item
/// per line (hand-written workflows put quoted items one per line); `[]` when empty.
fn strings<S: AsRef<str>>(w: &mut Writer, items: &[S]) {
    w.plain_flow_sequence(items);
}

fn one_or_many(w: &mut Writer, items: &OneOrMany<String>) {
    match items {
        OneOrMany::One(item) => {
            w.scalar(item);
        }
        OneOrMany::Many(items) => strings(w, items),
    }
}

/// A list of free-form values: in flow style when every item is a scalar that is plain in flow context
/// and the line fits, else one item per line (a null item as `- null`).
fn values(w: &mut Writer, items: &[Value]) {
    let scalars = items.iter().all(|item| {
        matches!(
            item,
            Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_)
        )
    });
    if scalars {
        flow_values(w, items);
        return;
    }
    w.begin_sequence();
    for item in items {
        match item {
            Value::Null => {
                w.raw_plain("null");
            }
            item => value(w, item),
        }
    }
    w.end();
}

/// Scalar values as flow items when every one is plain there (else one per line, a null as `null`);
/// numbers are printed first, for the items to borrow their text.
fn flow_values(w: &mut Writer, items: &[Value]) {
    let numbers: Vec<NumberText> = items
        .iter()
        .filter_map(|item| match item {
            Value::Number(n) => Some(NumberText::of(*n)),
            _ => None,
        })
        .collect();
    let mut numbers = numbers.iter();
    let flow: Vec<Item<'_>> = items
        .iter()
        .map(|item| match item {
            Value::Null => Item::Raw("null"),
            Value::Bool(b) => Item::Raw(bool_text(*b)),
            Value::Number(_) => Item::Raw(numbers.next().map_or("", NumberText::as_str)),
            Value::String(s) => Item::Str(s),
            Value::Sequence(_) | Value::Mapping(_) => Item::Str(""),
        })
        .collect();
    w.plain_flow_items(&flow);
}
