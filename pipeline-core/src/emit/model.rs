//! The walk over the model: every key in GitHub's customary order, every shape as the author chose it.
//!
//! Each function writes one value right after its key or dash; `col` is the column of that key or dash and
//! the value's own entries go at `col + 2`.

use super::out::{Flow, Out};
use crate::model::{
    Action, ActionInput, ActionOutput, Branding, Concurrency, Container, Cron, Defaults,
    Environment, EventConfig, ExprOr, Filters, Input, Job, Mapping, Matrix, Number, On, OneOrMany,
    Permissions, Runs, RunsOn, Secrets, Step, Strategy, Value, Workflow, WorkflowCall,
    WorkflowDispatch,
};
use indexmap::IndexMap;

pub(super) fn workflow(out: &mut Out, workflow: &Workflow) {
    opt_str(out, 0, "name", workflow.name.as_deref());
    opt_str(out, 0, "run-name", workflow.run_name.as_deref());
    out.blank_line();
    out.name(0, "on");
    on(out, 0, &workflow.on);
    if let Some(permissions) = &workflow.permissions {
        out.blank_line();
        out.name(0, "permissions");
        self::permissions(out, 0, permissions);
    }
    if let Some(env) = &workflow.env {
        out.blank_line();
        out.name(0, "env");
        self::env(out, 0, env);
    }
    if let Some(defaults) = &workflow.defaults {
        out.blank_line();
        out.name(0, "defaults");
        self::defaults(out, 0, defaults);
    }
    if let Some(concurrency) = &workflow.concurrency {
        out.blank_line();
        out.name(0, "concurrency");
        self::concurrency(out, 0, concurrency);
    }
    out.blank_line();
    out.name(0, "jobs");
    let open = out.open();
    for (i, (id, job)) in workflow.jobs.iter().enumerate() {
        if i > 0 {
            out.blank_line();
        }
        out.key(2, id);
        self::job(out, 2, job);
    }
    out.close_mapping(open);
}

pub(super) fn action(out: &mut Out, action: &Action) {
    opt_str(out, 0, "name", action.name.as_deref());
    opt_str(out, 0, "author", action.author.as_deref());
    opt_str(out, 0, "description", action.description.as_deref());
    if let Some(inputs) = &action.inputs {
        out.blank_line();
        out.name(0, "inputs");
        map(out, 0, inputs, action_input);
    }
    if let Some(outputs) = &action.outputs {
        out.blank_line();
        out.name(0, "outputs");
        map(out, 0, outputs, action_output);
    }
    if let Some(runs) = &action.runs {
        out.blank_line();
        out.name(0, "runs");
        self::runs(out, 0, runs);
    }
    if let Some(branding) = &action.branding {
        out.blank_line();
        out.name(0, "branding");
        self::branding(out, 0, branding);
    }
}

// ---- on ----

fn on(out: &mut Out, col: usize, on: &On) {
    match on {
        On::Event(event) => out.str(col, event.as_str()),
        On::Events(events) => list(
            out,
            col,
            events,
            |e| Flow::Str(e.as_str()),
            |out, col, e| {
                out.str(col, e.as_str());
            },
        ),
        On::Triggers(triggers) => {
            let open = out.open();
            for (event, config) in triggers {
                out.key(col + 2, event.as_str());
                match config {
                    None => out.null(),
                    Some(config) => event_config(out, col + 2, config),
                }
            }
            out.close_mapping(open);
        }
    }
}

fn event_config(out: &mut Out, col: usize, config: &EventConfig) {
    match config {
        EventConfig::Schedule(crons) => block_list(out, col, crons, cron),
        EventConfig::Filters(filters) => self::filters(out, col, filters),
        EventConfig::WorkflowDispatch(dispatch) => workflow_dispatch(out, col, dispatch),
        EventConfig::WorkflowCall(call) => workflow_call(out, col, call),
    }
}

fn filters(out: &mut Out, col: usize, filters: &Filters) {
    let open = out.open();
    let fields = [
        ("types", &filters.types),
        ("workflows", &filters.workflows),
        ("branches", &filters.branches),
        ("branches-ignore", &filters.branches_ignore),
        ("tags", &filters.tags),
        ("tags-ignore", &filters.tags_ignore),
        ("paths", &filters.paths),
        ("paths-ignore", &filters.paths_ignore),
    ];
    for (name, value) in fields {
        if let Some(value) = value {
            out.name(col + 2, name);
            one_or_many(out, col + 2, value);
        }
    }
    out.close_mapping(open);
}

fn cron(out: &mut Out, col: usize, cron: &Cron) {
    let open = out.open();
    out.name(col + 2, "cron");
    out.str(col + 2, &cron.cron);
    opt_str(out, col + 2, "timezone", cron.timezone.as_deref());
    out.close_mapping(open);
}

fn workflow_dispatch(out: &mut Out, col: usize, dispatch: &WorkflowDispatch) {
    let open = out.open();
    if let Some(inputs) = &dispatch.inputs {
        out.name(col + 2, "inputs");
        map(out, col + 2, inputs, input);
    }
    out.close_mapping(open);
}

fn workflow_call(out: &mut Out, col: usize, call: &WorkflowCall) {
    let open = out.open();
    let inner = col + 2;
    if let Some(inputs) = &call.inputs {
        out.name(inner, "inputs");
        map(out, inner, inputs, input);
    }
    if let Some(outputs) = &call.outputs {
        out.name(inner, "outputs");
        map(out, inner, outputs, |out, col, output| {
            let open = out.open();
            opt_str(out, col + 2, "description", output.description.as_deref());
            out.name(col + 2, "value");
            out.str(col + 2, &output.value);
            out.close_mapping(open);
        });
    }
    if let Some(secrets) = &call.secrets {
        out.name(inner, "secrets");
        map(out, inner, secrets, |out, col, secret| match secret {
            None => out.null(),
            Some(secret) => {
                let open = out.open();
                opt_str(out, col + 2, "description", secret.description.as_deref());
                opt_bool(out, col + 2, "required", secret.required);
                out.close_mapping(open);
            }
        });
    }
    out.close_mapping(open);
}

fn input(out: &mut Out, col: usize, input: &Input) {
    let open = out.open();
    let inner = col + 2;
    opt_str(out, inner, "description", input.description.as_deref());
    opt_bool(out, inner, "required", input.required);
    opt_value(out, inner, "default", input.default.as_ref());
    if let Some(kind) = &input.r#type {
        out.name(inner, "type");
        out.str(inner, kind.as_str());
    }
    if let Some(options) = &input.options {
        out.name(inner, "options");
        strings(out, inner, options);
    }
    out.close_mapping(open);
}

// ---- shared by workflow and job ----

fn permissions(out: &mut Out, col: usize, permissions: &Permissions) {
    match permissions {
        Permissions::ReadAll => out.raw("read-all"),
        Permissions::WriteAll => out.raw("write-all"),
        Permissions::Scopes(scopes) => {
            let open = out.open();
            for (scope, level) in scopes {
                out.key(col + 2, scope.as_str());
                out.str(col + 2, level.as_str());
            }
            out.close_mapping(open);
        }
    }
}

fn env(out: &mut Out, col: usize, env: &ExprOr<Mapping>) {
    match env {
        ExprOr::Value(env) => mapping(out, col, env),
        ExprOr::Expr(expr) => out.str(col, expr),
    }
}

fn defaults(out: &mut Out, col: usize, defaults: &Defaults) {
    let open = out.open();
    if let Some(run) = &defaults.run {
        out.name(col + 2, "run");
        let inner = col + 4;
        let open = out.open();
        opt_str(out, inner, "shell", run.shell.as_deref());
        opt_str(
            out,
            inner,
            "working-directory",
            run.working_directory.as_deref(),
        );
        out.close_mapping(open);
    }
    out.close_mapping(open);
}

fn concurrency(out: &mut Out, col: usize, concurrency: &Concurrency) {
    match concurrency {
        Concurrency::Group(group) => out.str(col, group),
        Concurrency::Config(config) => {
            let open = out.open();
            opt_str(out, col + 2, "group", config.group.as_deref());
            opt_expr_bool(
                out,
                col + 2,
                "cancel-in-progress",
                config.cancel_in_progress.as_ref(),
            );
            out.close_mapping(open);
        }
    }
}

// ---- jobs ----

fn job(out: &mut Out, col: usize, job: &Job) {
    let open = out.open();
    let inner = col + 2;
    opt_str(out, inner, "name", job.name.as_deref());
    if let Some(needs) = &job.needs {
        out.name(inner, "needs");
        one_or_many(out, inner, needs);
    }
    opt_expr_bool(out, inner, "if", job.r#if.as_ref());
    if let Some(runs_on) = &job.runs_on {
        out.name(inner, "runs-on");
        self::runs_on(out, inner, runs_on);
    }
    if let Some(environment) = &job.environment {
        out.name(inner, "environment");
        self::environment(out, inner, environment);
    }
    if let Some(permissions) = &job.permissions {
        out.name(inner, "permissions");
        self::permissions(out, inner, permissions);
    }
    if let Some(concurrency) = &job.concurrency {
        out.name(inner, "concurrency");
        self::concurrency(out, inner, concurrency);
    }
    if let Some(outputs) = &job.outputs {
        out.name(inner, "outputs");
        string_map(out, inner, outputs);
    }
    opt_env(out, inner, job.env.as_ref());
    if let Some(defaults) = &job.defaults {
        out.name(inner, "defaults");
        self::defaults(out, inner, defaults);
    }
    opt_expr_number(out, inner, "timeout-minutes", job.timeout_minutes.as_ref());
    opt_expr_bool(
        out,
        inner,
        "continue-on-error",
        job.continue_on_error.as_ref(),
    );
    if let Some(strategy) = &job.strategy {
        out.name(inner, "strategy");
        self::strategy(out, inner, strategy);
    }
    if let Some(container) = &job.container {
        out.name(inner, "container");
        self::container(out, inner, container);
    }
    if let Some(services) = &job.services {
        out.name(inner, "services");
        map(out, inner, services, container);
    }
    if let Some(steps) = &job.steps {
        out.name(inner, "steps");
        block_list(out, inner, steps, step);
    }
    if let Some(uses) = &job.uses {
        out.name(inner, "uses");
        out.str_with_comment(inner, uses, job.uses_comment.as_deref());
    }
    opt_mapping(out, inner, "with", job.with.as_ref());
    if let Some(secrets) = &job.secrets {
        out.name(inner, "secrets");
        match secrets {
            Secrets::Inherit => out.raw("inherit"),
            Secrets::Map(secrets) => string_map(out, inner, secrets),
        }
    }
    out.close_mapping(open);
}

fn runs_on(out: &mut Out, col: usize, runs_on: &RunsOn) {
    match runs_on {
        RunsOn::Label(label) => out.str(col, label),
        RunsOn::Labels(labels) => strings(out, col, labels),
        RunsOn::Group(group) => {
            let open = out.open();
            opt_str(out, col + 2, "group", group.group.as_deref());
            if let Some(labels) = &group.labels {
                out.name(col + 2, "labels");
                one_or_many(out, col + 2, labels);
            }
            out.close_mapping(open);
        }
    }
}

fn environment(out: &mut Out, col: usize, environment: &Environment) {
    match environment {
        Environment::Name(name) => out.str(col, name),
        Environment::Config(config) => {
            let open = out.open();
            opt_str(out, col + 2, "name", config.name.as_deref());
            opt_str(out, col + 2, "url", config.url.as_deref());
            opt_expr_bool(out, col + 2, "deployment", config.deployment.as_ref());
            out.close_mapping(open);
        }
    }
}

fn strategy(out: &mut Out, col: usize, strategy: &Strategy) {
    let open = out.open();
    let inner = col + 2;
    if let Some(matrix) = &strategy.matrix {
        out.name(inner, "matrix");
        match matrix {
            ExprOr::Value(matrix) => self::matrix(out, inner, matrix),
            ExprOr::Expr(expr) => out.str(inner, expr),
        }
    }
    opt_expr_bool(out, inner, "fail-fast", strategy.fail_fast.as_ref());
    opt_expr_number(out, inner, "max-parallel", strategy.max_parallel.as_ref());
    out.close_mapping(open);
}

fn matrix(out: &mut Out, col: usize, matrix: &Matrix) {
    let open = out.open();
    let inner = col + 2;
    for (axis, values) in &matrix.axes {
        out.key(inner, axis);
        expr_or_values(out, inner, values);
    }
    if let Some(include) = &matrix.include {
        out.name(inner, "include");
        expr_or_values(out, inner, include);
    }
    if let Some(exclude) = &matrix.exclude {
        out.name(inner, "exclude");
        expr_or_values(out, inner, exclude);
    }
    out.close_mapping(open);
}

fn expr_or_values(out: &mut Out, col: usize, values: &ExprOr<Vec<Value>>) {
    match values {
        ExprOr::Value(values) => self::values(out, col, values),
        ExprOr::Expr(expr) => out.str(col, expr),
    }
}

fn container(out: &mut Out, col: usize, container: &Container) {
    let config = match container {
        Container::Image(image) => return out.str(col, image),
        Container::Config(config) => config,
    };
    let open = out.open();
    let inner = col + 2;
    opt_str(out, inner, "image", config.image.as_deref());
    if let Some(credentials) = &config.credentials {
        out.name(inner, "credentials");
        let open = out.open();
        opt_str(out, inner + 2, "username", credentials.username.as_deref());
        opt_str(out, inner + 2, "password", credentials.password.as_deref());
        out.close_mapping(open);
    }
    opt_env(out, inner, config.env.as_ref());
    if let Some(ports) = &config.ports {
        out.name(inner, "ports");
        values(out, inner, ports);
    }
    if let Some(volumes) = &config.volumes {
        out.name(inner, "volumes");
        strings(out, inner, volumes);
    }
    opt_str(out, inner, "options", config.options.as_deref());
    out.close_mapping(open);
}

fn step(out: &mut Out, col: usize, step: &Step) {
    let open = out.open();
    let inner = col + 2;
    opt_str(out, inner, "name", step.name.as_deref());
    opt_str(out, inner, "id", step.id.as_deref());
    opt_expr_bool(out, inner, "if", step.r#if.as_ref());
    if let Some(uses) = &step.uses {
        out.name(inner, "uses");
        out.str_with_comment(inner, uses, step.uses_comment.as_deref());
    }
    opt_mapping(out, inner, "with", step.with.as_ref());
    opt_str(out, inner, "run", step.run.as_deref());
    opt_str(out, inner, "shell", step.shell.as_deref());
    opt_str(
        out,
        inner,
        "working-directory",
        step.working_directory.as_deref(),
    );
    opt_env(out, inner, step.env.as_ref());
    opt_expr_bool(
        out,
        inner,
        "continue-on-error",
        step.continue_on_error.as_ref(),
    );
    opt_expr_number(out, inner, "timeout-minutes", step.timeout_minutes.as_ref());
    out.close_mapping(open);
}

// ---- action ----

fn action_input(out: &mut Out, col: usize, input: &ActionInput) {
    let open = out.open();
    let inner = col + 2;
    opt_str(out, inner, "description", input.description.as_deref());
    opt_value(out, inner, "required", input.required.as_ref());
    opt_value(out, inner, "default", input.default.as_ref());
    opt_str(
        out,
        inner,
        "deprecationMessage",
        input.deprecation_message.as_deref(),
    );
    // Keys GitHub ignores inside an input, kept as written after the known ones.
    for (key, other) in &input.other {
        out.key(inner, key);
        value(out, inner, other);
    }
    out.close_mapping(open);
}

fn action_output(out: &mut Out, col: usize, output: &ActionOutput) {
    let open = out.open();
    opt_str(out, col + 2, "description", output.description.as_deref());
    opt_str(out, col + 2, "value", output.value.as_deref());
    out.close_mapping(open);
}

fn runs(out: &mut Out, col: usize, runs: &Runs) {
    let open = out.open();
    let inner = col + 2;
    match runs {
        Runs::Composite(composite) => {
            out.name(inner, "using");
            out.str(inner, &composite.using);
            out.name(inner, "steps");
            block_list(out, inner, &composite.steps, step);
        }
        Runs::Node(node) => {
            out.name(inner, "using");
            out.str(inner, &node.using);
            opt_str(out, inner, "main", node.main.as_deref());
            opt_str(out, inner, "pre", node.pre.as_deref());
            opt_str(out, inner, "pre-if", node.pre_if.as_deref());
            opt_str(out, inner, "post", node.post.as_deref());
            opt_str(out, inner, "post-if", node.post_if.as_deref());
        }
        Runs::Docker(docker) => {
            out.name(inner, "using");
            out.str(inner, &docker.using);
            opt_str(out, inner, "image", docker.image.as_deref());
            opt_mapping(out, inner, "env", docker.env.as_ref());
            if let Some(args) = &docker.args {
                out.name(inner, "args");
                values(out, inner, args);
            }
            opt_str(out, inner, "entrypoint", docker.entrypoint.as_deref());
            opt_str(
                out,
                inner,
                "pre-entrypoint",
                docker.pre_entrypoint.as_deref(),
            );
            opt_str(out, inner, "pre-if", docker.pre_if.as_deref());
            opt_str(
                out,
                inner,
                "post-entrypoint",
                docker.post_entrypoint.as_deref(),
            );
            opt_str(out, inner, "post-if", docker.post_if.as_deref());
        }
    }
    out.close_mapping(open);
}

fn branding(out: &mut Out, col: usize, branding: &Branding) {
    let open = out.open();
    opt_str(out, col + 2, "icon", branding.icon.as_deref());
    opt_str(out, col + 2, "color", branding.color.as_deref());
    out.close_mapping(open);
}

// ---- building blocks ----

fn opt_str(out: &mut Out, col: usize, name: &str, value: Option<&str>) {
    if let Some(value) = value {
        out.name(col, name);
        out.str(col, value);
    }
}

fn opt_bool(out: &mut Out, col: usize, name: &str, value: Option<bool>) {
    if let Some(value) = value {
        out.name(col, name);
        out.bool(value);
    }
}

fn opt_expr_bool(out: &mut Out, col: usize, name: &str, value: Option<&ExprOr<bool>>) {
    match value {
        None => {}
        Some(ExprOr::Value(value)) => {
            out.name(col, name);
            out.bool(*value);
        }
        Some(ExprOr::Expr(expr)) => {
            out.name(col, name);
            out.str(col, expr);
        }
    }
}

fn opt_expr_number(out: &mut Out, col: usize, name: &str, value: Option<&ExprOr<Number>>) {
    match value {
        None => {}
        Some(ExprOr::Value(value)) => {
            out.name(col, name);
            out.number(*value);
        }
        Some(ExprOr::Expr(expr)) => {
            out.name(col, name);
            out.str(col, expr);
        }
    }
}

fn opt_value(out: &mut Out, col: usize, name: &str, value: Option<&Value>) {
    if let Some(value) = value {
        out.name(col, name);
        self::value(out, col, value);
    }
}

fn opt_mapping(out: &mut Out, col: usize, name: &str, value: Option<&Mapping>) {
    if let Some(value) = value {
        out.name(col, name);
        mapping(out, col, value);
    }
}

fn opt_env(out: &mut Out, col: usize, value: Option<&ExprOr<Mapping>>) {
    if let Some(value) = value {
        out.name(col, "env");
        env(out, col, value);
    }
}

/// A mapping with keys the user chose, each value written by `write`.
fn map<T>(
    out: &mut Out,
    col: usize,
    map: &IndexMap<String, T>,
    write: impl Fn(&mut Out, usize, &T),
) {
    let open = out.open();
    for (key, value) in map {
        out.key(col + 2, key);
        write(out, col + 2, value);
    }
    out.close_mapping(open);
}

fn string_map(out: &mut Out, col: usize, strings: &IndexMap<String, String>) {
    map(out, col, strings, |out, col, value| out.str(col, value));
}

fn mapping(out: &mut Out, col: usize, mapping: &Mapping) {
    map(out, col, mapping, value);
}

fn value(out: &mut Out, col: usize, value: &Value) {
    match value {
        Value::Null => out.null(),
        Value::Bool(b) => out.bool(*b),
        Value::Number(n) => out.number(*n),
        Value::String(s) => out.str(col, s),
        Value::Sequence(items) => values(out, col, items),
        Value::Mapping(entries) => mapping(out, col, entries),
    }
}

/// A list: `[]` when empty, in flow style when every item allows it and it fits, else one item per line.
fn list<'a, T>(
    out: &mut Out,
    col: usize,
    items: &'a [T],
    flow: impl Fn(&'a T) -> Flow<'a> + Clone,
    write: impl Fn(&mut Out, usize, &'a T),
) {
    if items.is_empty() {
        out.raw("[]");
    } else if !out.flow(items.iter().map(flow)) {
        block_items(out, col, items, write);
    }
}

/// A list always written one item per line (`[]` when empty).
fn block_list<T>(out: &mut Out, col: usize, items: &[T], write: impl Fn(&mut Out, usize, &T)) {
    if items.is_empty() {
        out.raw("[]");
    } else {
        block_items(out, col, items, write);
    }
}

fn block_items<'a, T>(
    out: &mut Out,
    col: usize,
    items: &'a [T],
    write: impl Fn(&mut Out, usize, &'a T),
) {
    out.open();
    for item in items {
        out.dash(col + 2);
        write(out, col + 2, item);
    }
}

fn strings(out: &mut Out, col: usize, items: &[String]) {
    list(
        out,
        col,
        items,
        |s| Flow::Str(s),
        |out, col, s| out.str(col, s),
    );
}

fn values<'a>(out: &mut Out, col: usize, items: &'a [Value]) {
    let flow = |item: &'a Value| match item {
        Value::String(s) => Flow::Str(s),
        other => Flow::Value(other),
    };
    list(out, col, items, flow, value);
}

fn one_or_many(out: &mut Out, col: usize, items: &OneOrMany<String>) {
    match items {
        OneOrMany::One(item) => out.str(col, item),
        OneOrMany::Many(items) => strings(out, col, items),
    }
}
