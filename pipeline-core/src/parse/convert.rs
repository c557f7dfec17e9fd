//! The conversion from `serde_yaml` data to the model, walking the layout alongside for positions.

use super::ParseError;
use crate::model::{
    Action, ActionInput, ActionOutput, Branding, CompositeRuns, Concurrency, ConcurrencyConfig,
    ConcurrencyQueue, Container, ContainerConfig, Credentials, Cron, Defaults, DockerRuns,
    Environment, EnvironmentConfig, Event, EventConfig, ExprOr, Filters, Input, InputType, Job,
    Mapping, Matrix, NodeRuns, Number, On, OneOrMany, Path, PermissionLevel, PermissionScope,
    Permissions, RunDefaults, RunnerGroup, Runs, RunsOn, Secrets, Snapshot, SnapshotConfig, Step,
    Strategy, Value, WaitAll, Workflow, WorkflowCall, WorkflowCallOutput, WorkflowCallSecret,
    WorkflowDispatch,
};
use crate::spec;
use crate::suggest::did_you_mean;
use crate::yaml::layout::{Node, NodeKind, Position};
use indexmap::IndexMap;
use serde_yaml::Value as Y;

/// Collects errors while converting.
pub(crate) struct Cx<'s> {
    errors: Vec<ParseError>,
    _source: std::marker::PhantomData<&'s ()>,
}

/// The path to a value, as a chain of borrowed segments, turned into a [`Path`] only for an error.
#[derive(Clone, Copy)]
enum Segment<'a> {
    Root,
    Key(&'a str),
    Index(usize),
}

#[derive(Clone, Copy)]
struct Trail<'a> {
    parent: Option<&'a Trail<'a>>,
    segment: Segment<'a>,
}

impl Trail<'_> {
    fn path(&self) -> Path {
        let mut segments = Vec::new();
        let mut at = Some(self);
        while let Some(trail) = at {
            segments.push(trail.segment);
            at = trail.parent;
        }
        let mut path = Path::root();
        for segment in segments.into_iter().rev() {
            path = match segment {
                Segment::Root => path,
                Segment::Key(key) => path.key(key),
                Segment::Index(index) => path.index(index),
            };
        }
        path
    }
}

/// A value being converted: its data, its layout node when the scan placed it, and its path.
#[derive(Clone, Copy)]
pub(crate) struct At<'a> {
    value: &'a Y,
    node: Option<&'a Node>,
    /// Where the value starts, or the nearest placed ancestor.
    position: Position,
    /// Where the key of this entry is written, when it is one.
    key_position: Position,
    trail: Trail<'a>,
}

impl<'a> At<'a> {
    pub(crate) fn root(value: &'a Y, node: &'a Node) -> Self {
        At {
            value,
            node: Some(node),
            position: node.position,
            key_position: node.position,
            trail: Trail {
                parent: None,
                segment: Segment::Root,
            },
        }
    }

    fn key<'b>(&'b self, key: &'b str, value: &'b Y) -> At<'b> {
        self.entry(usize::MAX, key, value)
    }

    /// The entry `key`, which is usually the `index`-th of the layout's mapping too: serde_yaml keeps the
    /// written order, so looking there first keeps a mapping of n keys at O(n), not O(n²).
    fn entry<'b>(&'b self, index: usize, key: &'b str, value: &'b Y) -> At<'b> {
        let entry = self.node.and_then(|n| match &n.kind {
            NodeKind::Mapping(entries) => match entries.get(index) {
                Some(e) if e.key == key => Some(e),
                _ => n.get(key),
            },
            _ => None,
        });
        At {
            value,
            node: entry.map(|e| &e.value),
            position: entry.map_or(self.position, |e| e.value.position),
            key_position: entry.map_or(self.position, |e| e.key_position),
            trail: Trail {
                parent: Some(&self.trail),
                segment: Segment::Key(key),
            },
        }
    }

    /// The trailing comment on the line of this scalar, when the layout placed it.
    fn comment(&self) -> Option<String> {
        self.node.and_then(|n| n.comment.clone())
    }

    fn index<'b>(&'b self, index: usize, value: &'b Y) -> At<'b> {
        let node = self.node.and_then(|n| n.item(index));
        let position = node.map_or(self.position, |n| n.position);
        At {
            value,
            node,
            position,
            key_position: position,
            trail: Trail {
                parent: Some(&self.trail),
                segment: Segment::Index(index),
            },
        }
    }
}

fn kind(value: &Y) -> &'static str {
    match value {
        Y::Null => "null",
        Y::Bool(_) => "a boolean",
        Y::Number(_) => "a number",
        Y::String(_) => "a string",
        Y::Sequence(_) => "a sequence",
        Y::Mapping(_) => "a mapping",
        Y::Tagged(_) => "a tagged value",
    }
}

fn is_expression(text: &str) -> bool {
    crate::text::has_expression(text)
}

impl<'s> Cx<'s> {
    pub(crate) fn new() -> Self {
        Cx {
            errors: Vec::new(),
            _source: std::marker::PhantomData,
        }
    }

    pub(crate) fn into_errors(mut self) -> Vec<ParseError> {
        self.errors
            .sort_by_key(|e| e.position.map(|p| (p.line, p.column)));
        self.errors
    }

    fn error(&mut self, at: &At<'_>, message: impl Into<String>) {
        self.errors.push(ParseError {
            position: Some(at.position),
            path: at.trail.path(),
            message: message.into(),
        });
    }

    fn error_at_key(&mut self, at: &At<'_>, message: impl Into<String>) {
        self.errors.push(ParseError {
            position: Some(at.key_position),
            path: at.trail.path(),
            message: message.into(),
        });
    }

    fn expected<T>(&mut self, at: &At<'_>, what: &str) -> Option<T> {
        let message = format!("expected {what}, found {}", kind(at.value));
        self.error(at, message);
        None
    }

    /// The entries of a mapping whose keys are fixed: unknown keys are reported with a suggestion and left out.
    fn fields<'b>(
        &mut self,
        at: &'b At<'b>,
        what: &str,
        known: &[&str],
    ) -> Option<Vec<(&'b str, At<'b>)>> {
        let Y::Mapping(map) = at.value else {
            return self.expected(at, &format!("{what} (a mapping)"));
        };
        let mut fields = Vec::with_capacity(map.len());
        for (index, (key, value)) in map.iter().enumerate() {
            let Some(name) = key.as_str() else {
                self.error(
                    at,
                    format!("keys of {what} are strings, found {}", kind(key)),
                );
                continue;
            };
            let child = at.entry(index, name, value);
            if known.contains(&name) {
                fields.push((name, child));
            } else {
                let hint = match did_you_mean(name, known.iter().copied()) {
                    Some(suggestion) => format!(", did you mean \"{suggestion}\"?"),
                    None => format!(" for {what}; expected one of {}", known.join(", ")),
                };
                let message = format!("unknown key \"{name}\"{hint}");
                self.errors.push(ParseError {
                    position: Some(child.key_position),
                    path: at.trail.path(),
                    message,
                });
            }
        }
        Some(fields)
    }

    /// The entries of a mapping whose keys are names the user chooses.
    fn entries<'b>(&mut self, at: &'b At<'b>, what: &str) -> Option<Vec<(&'b str, At<'b>)>> {
        let Y::Mapping(map) = at.value else {
            return self.expected(at, &format!("{what} (a mapping)"));
        };
        let mut entries = Vec::with_capacity(map.len());
        for (index, (key, value)) in map.iter().enumerate() {
            match key.as_str() {
                Some(name) => entries.push((name, at.entry(index, name, value))),
                None => self.error(
                    at,
                    format!("keys of {what} are strings, found {}", kind(key)),
                ),
            }
        }
        Some(entries)
    }

    fn named_map<T>(
        &mut self,
        at: &At<'_>,
        what: &str,
        mut item: impl FnMut(&mut Self, &At<'_>) -> Option<T>,
    ) -> Option<IndexMap<String, T>> {
        let entries = self.entries(at, what)?;
        let mut map = IndexMap::with_capacity(entries.len());
        for (name, child) in &entries {
            if let Some(value) = item(self, child) {
                map.insert((*name).to_owned(), value);
            }
        }
        Some(map)
    }

    fn sequence<T>(
        &mut self,
        at: &At<'_>,
        what: &str,
        mut item: impl FnMut(&mut Self, &At<'_>) -> Option<T>,
    ) -> Option<Vec<T>> {
        let Y::Sequence(items) = at.value else {
            return self.expected(at, &format!("{what} (a sequence)"));
        };
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for (i, value) in items.iter().enumerate() {
            match item(self, &at.index(i, value)) {
                Some(v) => out.push(v),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn string(&mut self, at: &At<'_>) -> Option<String> {
        match at.value {
            Y::String(s) => Some(s.clone()),
            Y::Number(n) => {
                let message = format!(
                    "expected a string, found the number {n}; quote it (\"{n}\") to keep it a string"
                );
                self.error(at, message);
                None
            }
            Y::Bool(b) => {
                let message = format!(
                    "expected a string, found the boolean {b}; quote it (\"{b}\") to keep it a string"
                );
                self.error(at, message);
                None
            }
            _ => self.expected(at, "a string"),
        }
    }

    fn boolean(&mut self, at: &At<'_>) -> Option<bool> {
        match at.value {
            Y::Bool(b) => Some(*b),
            _ => self.expected(at, "true or false"),
        }
    }

    fn strings(&mut self, at: &At<'_>, what: &str) -> Option<Vec<String>> {
        self.sequence(at, what, Self::string)
    }

    fn one_or_many(&mut self, at: &At<'_>, what: &str) -> Option<OneOrMany<String>> {
        match at.value {
            Y::Sequence(_) => self.strings(at, what).map(OneOrMany::Many),
            _ => self.string(at).map(OneOrMany::One),
        }
    }

    fn expr_or_bool(&mut self, at: &At<'_>) -> Option<ExprOr<bool>> {
        match at.value {
            Y::Bool(b) => Some(ExprOr::Value(*b)),
            Y::String(s) if is_expression(s) => Some(ExprOr::Expr(s.clone())),
            _ => self.expected(at, "true, false or a ${{ }} expression"),
        }
    }

    fn condition(&mut self, at: &At<'_>) -> Option<ExprOr<bool>> {
        match at.value {
            Y::Bool(b) => Some(ExprOr::Value(*b)),
            Y::String(s) => Some(ExprOr::Expr(s.clone())),
            // GitHub's schema types `if` as a string holding an expression: a number is read as
            // its text (`if: 123` is the expression `123`).
            Y::Number(n) => Some(ExprOr::Expr(n.to_string())),
            _ => self.expected(at, "a condition (an expression or true/false)"),
        }
    }

    fn expr_or_number(&mut self, at: &At<'_>) -> Option<ExprOr<Number>> {
        match at.value {
            Y::Number(n) => Some(ExprOr::Value(number(n))),
            Y::String(s) if is_expression(s) => Some(ExprOr::Expr(s.clone())),
            _ => self.expected(at, "a number or a ${{ }} expression"),
        }
    }

    fn value(&mut self, at: &At<'_>) -> Option<Value> {
        Some(match at.value {
            Y::Null => Value::Null,
            Y::Bool(b) => Value::Bool(*b),
            Y::Number(n) => Value::Number(number(n)),
            Y::String(s) => Value::String(s.clone()),
            Y::Sequence(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    out.push(self.value(&at.index(i, item))?);
                }
                Value::Sequence(out)
            }
            Y::Mapping(_) => Value::Mapping(self.mapping(at, "a mapping")?),
            Y::Tagged(tagged) => {
                let message = format!(
                    "the YAML tag {} is not supported here; remove it",
                    tagged.tag
                );
                self.error(at, message);
                return None;
            }
        })
    }

    fn mapping(&mut self, at: &At<'_>, what: &str) -> Option<Mapping> {
        self.named_map(at, what, Self::value)
    }

    fn env(&mut self, at: &At<'_>) -> Option<ExprOr<Mapping>> {
        match at.value {
            Y::String(s) if is_expression(s) => Some(ExprOr::Expr(s.clone())),
            Y::Mapping(_) => self.mapping(at, "env").map(ExprOr::Value),
            _ => self.expected(
                at,
                "a mapping of environment variables or a ${{ }} expression",
            ),
        }
    }

    fn string_map(&mut self, at: &At<'_>, what: &str) -> Option<IndexMap<String, String>> {
        self.named_map(at, what, Self::string)
    }
}

fn number(n: &serde_yaml::Number) -> Number {
    if let Some(i) = n.as_i64() {
        Number::Int(i)
    } else if let Some(u) = n.as_u64() {
        Number::UInt(u)
    } else {
        Number::Float(n.as_f64().unwrap_or(f64::NAN))
    }
}

const WORKFLOW_KEYS: &[&str] = spec::workflow::WORKFLOW_ROOT_STRICT_KEYS;

pub(crate) fn workflow(cx: &mut Cx<'_>, at: At<'_>) -> Option<Workflow> {
    let fields = cx.fields(&at, "a workflow", WORKFLOW_KEYS)?;
    let mut workflow = Workflow::default();
    let (mut has_on, mut has_jobs) = (false, false);
    for (key, v) in &fields {
        match *key {
            "name" => workflow.name = cx.string(v),
            "description" => workflow.description = cx.string(v),
            "run-name" => workflow.run_name = cx.string(v),
            "on" => {
                has_on = true;
                if let Some(on) = on(cx, v) {
                    workflow.on = on;
                }
            }
            "permissions" => workflow.permissions = permissions(cx, v),
            "env" => workflow.env = cx.env(v),
            "defaults" => workflow.defaults = defaults(cx, v),
            "concurrency" => workflow.concurrency = concurrency(cx, v),
            "jobs" => {
                has_jobs = true;
                if let Some(jobs) = cx.named_map(v, "jobs", job) {
                    workflow.jobs = jobs;
                }
            }
            _ => {}
        }
    }
    if !has_on {
        cx.error(
            &at,
            "missing key \"on\": a workflow needs the events that start it",
        );
    }
    if !has_jobs {
        cx.error(
            &at,
            "missing key \"jobs\": a workflow needs at least one job",
        );
    }
    Some(workflow)
}

fn event_name(cx: &mut Cx<'_>, at: &At<'_>) -> Option<Event> {
    cx.string(at).map(|name| Event::parse(&name))
}

fn on(cx: &mut Cx<'_>, at: &At<'_>) -> Option<On> {
    match at.value {
        Y::String(_) => event_name(cx, at).map(On::Event),
        Y::Sequence(_) => cx.sequence(at, "events", event_name).map(On::Events),
        Y::Mapping(_) => {
            let entries = cx.entries(at, "on")?;
            let mut triggers = IndexMap::with_capacity(entries.len());
            for (name, v) in &entries {
                let event = Event::parse(name);
                let config = if matches!(v.value, Y::Null) {
                    None
                } else {
                    event_config(cx, &event, v)
                };
                triggers.insert(event, config);
            }
            Some(On::Triggers(triggers))
        }
        _ => cx.expected(at, "an event, a list of events, or a mapping of events"),
    }
}

const FILTER_KEYS: &[&str] = spec::workflow::EVENT_FILTER_KEYS;

fn event_config(cx: &mut Cx<'_>, event: &Event, at: &At<'_>) -> Option<EventConfig> {
    match event {
        Event::Schedule => cx.sequence(at, "schedule", cron).map(EventConfig::Schedule),
        Event::WorkflowDispatch => {
            let fields = cx.fields(
                at,
                "workflow_dispatch",
                spec::workflow::WORKFLOW_DISPATCH_MAPPING_KEYS,
            )?;
            let mut dispatch = WorkflowDispatch::default();
            for (_, v) in &fields {
                dispatch.inputs = inputs(cx, v);
            }
            Some(EventConfig::WorkflowDispatch(dispatch))
        }
        Event::WorkflowCall => {
            let fields = cx.fields(
                at,
                "workflow_call",
                spec::workflow::WORKFLOW_CALL_MAPPING_KEYS,
            )?;
            let mut call = WorkflowCall::default();
            for (key, v) in &fields {
                match *key {
                    "inputs" => call.inputs = inputs(cx, v),
                    "outputs" => call.outputs = cx.named_map(v, "outputs", call_output),
                    _ => call.secrets = cx.named_map(v, "secrets", call_secret),
                }
            }
            Some(EventConfig::WorkflowCall(call))
        }
        _ => {
            let what = format!("the {event} event");
            let fields = cx.fields(at, &what, FILTER_KEYS)?;
            let mut filters = Filters::default();
            for (key, v) in &fields {
                let list = cx.one_or_many(v, key);
                match *key {
                    "types" => filters.types = list,
                    "workflows" => filters.workflows = list,
                    "branches" => filters.branches = list,
                    "branches-ignore" => filters.branches_ignore = list,
                    "tags" => filters.tags = list,
                    "tags-ignore" => filters.tags_ignore = list,
                    "paths" => filters.paths = list,
                    "paths-ignore" => filters.paths_ignore = list,
                    "names" => filters.names = list,
                    _ => filters.versions = list,
                }
            }
            Some(EventConfig::Filters(filters))
        }
    }
}

fn cron(cx: &mut Cx<'_>, at: &At<'_>) -> Option<Cron> {
    let fields = cx.fields(at, "a schedule", spec::workflow::CRON_MAPPING_KEYS)?;
    let mut cron = None;
    let mut timezone = None;
    for (key, v) in &fields {
        match *key {
            "cron" => cron = cx.string(v),
            _ => timezone = cx.string(v),
        }
    }
    match cron {
        Some(cron) => Some(Cron { cron, timezone }),
        None => {
            if !fields.iter().any(|(k, _)| *k == "cron") {
                cx.error(at, "missing key \"cron\" in a schedule entry");
            }
            None
        }
    }
}

const INPUT_KEYS: &[&str] = spec::workflow::WORKFLOW_DISPATCH_INPUT_KEYS;

fn inputs(cx: &mut Cx<'_>, at: &At<'_>) -> Option<IndexMap<String, Input>> {
    // GitHub's parser reads an empty `inputs:` as no inputs (on-workflow_dispatch-inputs-null).
    if matches!(at.value, Y::Null) {
        return Some(IndexMap::new());
    }
    cx.named_map(at, "inputs", |cx, v| {
        if matches!(v.value, Y::Null) {
            return Some(<Input as Default>::default());
        }
        let fields = cx.fields(v, "an input", INPUT_KEYS)?;
        let mut input = <Input as Default>::default();
        for (key, f) in &fields {
            match *key {
                "description" => input.description = cx.string(f),
                "required" => input.required = cx.boolean(f),
                "default" => input.default = cx.value(f),
                "type" => input.r#type = cx.string(f).map(|t| InputType::parse(&t)),
                _ => input.options = cx.sequence(f, "options", scalar_text),
            }
        }
        Some(input)
    })
}

/// Choice options are strings to GitHub; numbers and booleans written plainly are read as their text.
fn scalar_text(cx: &mut Cx<'_>, at: &At<'_>) -> Option<String> {
    cx.string(at)
}

fn call_output(cx: &mut Cx<'_>, at: &At<'_>) -> Option<WorkflowCallOutput> {
    let fields = cx.fields(
        at,
        "an output",
        spec::workflow::WORKFLOW_CALL_OUTPUT_DEFINITION_KEYS,
    )?;
    let mut output = WorkflowCallOutput::default();
    let mut has_value = false;
    for (key, v) in &fields {
        match *key {
            "description" => output.description = cx.string(v),
            _ => {
                has_value = true;
                output.value = cx.string(v)?;
            }
        }
    }
    if !has_value {
        cx.error(
            at,
            "missing key \"value\": a workflow_call output says which job output it returns",
        );
        return None;
    }
    Some(output)
}

fn call_secret(cx: &mut Cx<'_>, at: &At<'_>) -> Option<Option<WorkflowCallSecret>> {
    if matches!(at.value, Y::Null) {
        return Some(None);
    }
    let fields = cx.fields(
        at,
        "a secret",
        spec::workflow::WORKFLOW_CALL_SECRET_MAPPING_DEFINITION_KEYS,
    )?;
    let mut secret = WorkflowCallSecret::default();
    for (key, v) in &fields {
        match *key {
            "description" => secret.description = cx.string(v),
            _ => secret.required = cx.boolean(v),
        }
    }
    Some(Some(secret))
}

fn permissions(cx: &mut Cx<'_>, at: &At<'_>) -> Option<Permissions> {
    match at.value {
        Y::String(s) => match s.as_str() {
            "read-all" => Some(Permissions::ReadAll),
            "write-all" => Some(Permissions::WriteAll),
            other => {
                let hint = did_you_mean(other, ["read-all", "write-all"])
                    .map_or_else(String::new, |s| format!(", did you mean \"{s}\"?"));
                cx.error(
                    at,
                    format!("permissions \"{other}\" is neither read-all nor write-all{hint}"),
                );
                None
            }
        },
        Y::Mapping(_) => {
            let map = cx.named_map(at, "permissions", |cx, v| {
                cx.string(v).map(|l| PermissionLevel::parse(&l))
            })?;
            Some(Permissions::Scopes(
                map.into_iter()
                    .map(|(k, v)| (PermissionScope::parse(&k), v))
                    .collect(),
            ))
        }
        _ => cx.expected(at, "read-all, write-all, or a mapping of scopes"),
    }
}

fn defaults(cx: &mut Cx<'_>, at: &At<'_>) -> Option<Defaults> {
    let fields = cx.fields(at, "defaults", spec::workflow::WORKFLOW_DEFAULTS_KEYS)?;
    let mut defaults = Defaults::default();
    for (_, v) in &fields {
        let run_fields = cx.fields(
            v,
            "defaults.run",
            spec::workflow::WORKFLOW_DEFAULTS_RUN_KEYS,
        )?;
        let mut run = RunDefaults::default();
        for (key, f) in &run_fields {
            match *key {
                "shell" => run.shell = cx.string(f),
                _ => run.working_directory = cx.string(f),
            }
        }
        defaults.run = Some(run);
    }
    Some(defaults)
}

fn concurrency(cx: &mut Cx<'_>, at: &At<'_>) -> Option<Concurrency> {
    match at.value {
        Y::String(_) => cx.string(at).map(Concurrency::Group),
        Y::Mapping(_) => {
            let fields = cx.fields(at, "concurrency", spec::workflow::CONCURRENCY_MAPPING_KEYS)?;
            let mut config = ConcurrencyConfig::default();
            for (key, v) in &fields {
                match *key {
                    "group" => config.group = cx.string(v),
                    "queue" => config.queue = queue(cx, v),
                    _ => config.cancel_in_progress = cx.expr_or_bool(v),
                }
            }
            Some(Concurrency::Config(config))
        }
        _ => cx.expected(
            at,
            "a group name or a mapping with group and cancel-in-progress",
        ),
    }
}

/// `concurrency.queue`: the schema's `concurrency-queue` allows `single` and `max` only.
fn queue(cx: &mut Cx<'_>, at: &At<'_>) -> Option<ConcurrencyQueue> {
    let text = cx.string(at)?;
    let queue = ConcurrencyQueue::parse(&text);
    if queue.is_known() {
        return Some(queue);
    }
    let hint = did_you_mean(&text, ConcurrencyQueue::KNOWN.iter().copied())
        .map_or_else(String::new, |s| format!(", did you mean \"{s}\"?"));
    cx.error(
        at,
        format!("concurrency queue \"{text}\" is neither single nor max{hint}"),
    );
    None
}

const JOB_KEYS: &[&str] = spec::workflow::JOB_KEYS;

fn job(cx: &mut Cx<'_>, at: &At<'_>) -> Option<Job> {
    let fields = cx.fields(at, "a job", JOB_KEYS)?;
    let mut job = Job::default();
    for (key, v) in &fields {
        match *key {
            "name" => job.name = cx.string(v),
            "needs" => job.needs = cx.one_or_many(v, "needs"),
            "if" => job.r#if = cx.condition(v),
            "runs-on" => job.runs_on = runs_on(cx, v),
            "environment" => job.environment = environment(cx, v),
            "permissions" => job.permissions = permissions(cx, v),
            "concurrency" => job.concurrency = concurrency(cx, v),
            "outputs" => job.outputs = cx.string_map(v, "outputs"),
            "env" => job.env = cx.env(v),
            "defaults" => job.defaults = defaults(cx, v),
            "timeout-minutes" => job.timeout_minutes = cx.expr_or_number(v),
            "cancel-timeout-minutes" => job.cancel_timeout_minutes = cx.expr_or_number(v),
            "continue-on-error" => job.continue_on_error = cx.expr_or_bool(v),
            "strategy" => job.strategy = strategy(cx, v),
            "container" => job.container = container(cx, v),
            "services" => {
                job.services = match v.value {
                    Y::String(s) if is_expression(s) => Some(ExprOr::Expr(s.clone())),
                    _ => cx.named_map(v, "services", container).map(ExprOr::Value),
                }
            }
            "snapshot" => job.snapshot = snapshot(cx, v),
            "steps" => job.steps = cx.sequence(v, "steps", step),
            "uses" => {
                job.uses = cx.string(v);
                job.uses_comment = v.comment();
            }
            "with" => job.with = cx.mapping(v, "with"),
            _ => job.secrets = secrets(cx, v),
        }
    }
    Some(job)
}

fn runs_on(cx: &mut Cx<'_>, at: &At<'_>) -> Option<RunsOn> {
    match at.value {
        Y::Sequence(_) => cx.strings(at, "runs-on").map(RunsOn::Labels),
        Y::Mapping(_) => {
            let fields = cx.fields(at, "runs-on", spec::workflow::RUNS_ON_MAPPING_KEYS)?;
            let mut group = RunnerGroup::default();
            for (key, v) in &fields {
                match *key {
                    "group" => group.group = cx.string(v),
                    _ => group.labels = cx.one_or_many(v, "labels"),
                }
            }
            Some(RunsOn::Group(group))
        }
        _ => cx.string(at).map(RunsOn::Label),
    }
}

fn environment(cx: &mut Cx<'_>, at: &At<'_>) -> Option<Environment> {
    match at.value {
        Y::Mapping(_) => {
            let fields = cx.fields(
                at,
                "environment",
                spec::workflow::JOB_ENVIRONMENT_MAPPING_KEYS,
            )?;
            let mut config = EnvironmentConfig::default();
            for (key, v) in &fields {
                match *key {
                    "name" => config.name = cx.string(v),
                    "url" => config.url = cx.string(v),
                    _ => config.deployment = cx.expr_or_bool(v),
                }
            }
            Some(Environment::Config(config))
        }
        _ => cx.string(at).map(Environment::Name),
    }
}

fn strategy(cx: &mut Cx<'_>, at: &At<'_>) -> Option<Strategy> {
    let fields = cx.fields(at, "strategy", spec::workflow::STRATEGY_KEYS)?;
    let mut strategy = Strategy::default();
    for (key, v) in &fields {
        match *key {
            "matrix" => strategy.matrix = matrix(cx, v),
            "fail-fast" => strategy.fail_fast = cx.expr_or_bool(v),
            _ => strategy.max_parallel = cx.expr_or_number(v),
        }
    }
    Some(strategy)
}

fn matrix(cx: &mut Cx<'_>, at: &At<'_>) -> Option<ExprOr<Matrix>> {
    if let Y::String(s) = at.value
        && is_expression(s)
    {
        return Some(ExprOr::Expr(s.clone()));
    }
    let entries = cx.entries(at, "matrix")?;
    let mut matrix = Matrix::default();
    for (name, v) in &entries {
        match *name {
            "include" | "exclude" => {
                let rows = match v.value {
                    Y::String(s) if is_expression(s) => Some(ExprOr::Expr(s.clone())),
                    _ => cx.sequence(v, name, Cx::value).map(ExprOr::Value),
                };
                if *name == "include" {
                    matrix.include = rows;
                } else {
                    matrix.exclude = rows;
                }
            }
            _ => {
                let axis = match v.value {
                    Y::String(s) if is_expression(s) => Some(ExprOr::Expr(s.clone())),
                    Y::Sequence(_) => cx
                        .sequence(v, "a matrix axis", Cx::value)
                        .map(ExprOr::Value),
                    _ => cx.expected(
                        v,
                        "a list of values or a ${{ }} expression for a matrix axis",
                    ),
                };
                if let Some(axis) = axis {
                    matrix.axes.insert((*name).to_owned(), axis);
                }
            }
        }
    }
    Some(ExprOr::Value(matrix))
}

fn snapshot(cx: &mut Cx<'_>, at: &At<'_>) -> Option<Snapshot> {
    match at.value {
        Y::Mapping(_) => {
            let fields = cx.fields(at, "snapshot", spec::workflow::SNAPSHOT_MAPPING_KEYS)?;
            let mut config = SnapshotConfig::default();
            for (key, v) in &fields {
                match *key {
                    "image-name" => config.image_name = cx.string(v),
                    "version" => config.version = cx.string(v),
                    _ => config.r#if = cx.condition(v),
                }
            }
            Some(Snapshot::Config(config))
        }
        _ => cx.string(at).map(Snapshot::ImageName),
    }
}

/// The keys of a service container, which the parser reads for `container` too (`entrypoint` and
/// `command` belong to services only; the validator says so).
const CONTAINER_KEYS: &[&str] = spec::workflow::SERVICE_CONTAINER_MAPPING_KEYS;

fn container(cx: &mut Cx<'_>, at: &At<'_>) -> Option<Container> {
    match at.value {
        Y::String(_) => cx.string(at).map(Container::Image),
        _ => {
            let fields = cx.fields(at, "a container", CONTAINER_KEYS)?;
            let mut config = ContainerConfig::default();
            for (key, v) in &fields {
                match *key {
                    "image" => config.image = cx.string(v),
                    "credentials" => {
                        config.credentials = match v.value {
                            Y::String(s) if is_expression(s) => Some(ExprOr::Expr(s.clone())),
                            _ => credentials(cx, v).map(ExprOr::Value),
                        }
                    }
                    "env" => config.env = cx.env(v),
                    "ports" => config.ports = cx.sequence(v, "ports", Cx::value),
                    "volumes" => config.volumes = cx.strings(v, "volumes"),
                    "options" => config.options = cx.string(v),
                    "entrypoint" => config.entrypoint = cx.string(v),
                    _ => config.command = cx.string(v),
                }
            }
            Some(Container::Config(config))
        }
    }
}

fn credentials(cx: &mut Cx<'_>, at: &At<'_>) -> Option<Credentials> {
    let fields = cx.fields(
        at,
        "credentials",
        spec::workflow::CONTAINER_REGISTRY_CREDENTIALS_KEYS,
    )?;
    let mut credentials = Credentials::default();
    for (key, v) in &fields {
        match *key {
            "username" => credentials.username = cx.string(v),
            _ => credentials.password = cx.string(v),
        }
    }
    Some(credentials)
}

fn secrets(cx: &mut Cx<'_>, at: &At<'_>) -> Option<Secrets> {
    match at.value {
        Y::String(s) if s == "inherit" => Some(Secrets::Inherit),
        Y::String(s) => {
            cx.error(at, format!("secrets \"{s}\" is not a mapping; write `secrets: inherit` or a mapping of secrets"));
            None
        }
        _ => cx.string_map(at, "secrets").map(Secrets::Map),
    }
}

const STEP_KEYS: &[&str] = spec::workflow::STEPS_ITEM_KEYS;

fn step(cx: &mut Cx<'_>, at: &At<'_>) -> Option<Step> {
    let fields = cx.fields(at, "a step", STEP_KEYS)?;
    let mut step = Step::default();
    for (key, v) in &fields {
        match *key {
            "name" => step.name = cx.string(v),
            "id" => step.id = cx.string(v),
            "if" => step.r#if = cx.condition(v),
            "uses" => {
                step.uses = cx.string(v);
                step.uses_comment = v.comment();
            }
            "with" => step.with = cx.mapping(v, "with"),
            "run" => step.run = cx.string(v),
            "shell" => step.shell = cx.string(v),
            "working-directory" => step.working_directory = cx.string(v),
            "env" => step.env = cx.env(v),
            "continue-on-error" => step.continue_on_error = cx.expr_or_bool(v),
            "timeout-minutes" => step.timeout_minutes = cx.expr_or_number(v),
            "background" => step.background = cx.boolean(v),
            "wait" => step.wait = cx.one_or_many(v, "wait"),
            "wait-all" => step.wait_all = wait_all(cx, v),
            "cancel" => step.cancel = cx.string(v),
            _ => step.parallel = cx.sequence(v, "parallel", self::step),
        }
    }
    Some(step)
}

/// `wait-all`: bare or a boolean (the schema's `step-wait-all-value`).
fn wait_all(cx: &mut Cx<'_>, at: &At<'_>) -> Option<WaitAll> {
    match at.value {
        Y::Null => Some(WaitAll::Bare),
        Y::Bool(b) => Some(WaitAll::Value(*b)),
        _ => cx.expected(at, "nothing (`wait-all:`) or true or false"),
    }
}

pub(crate) fn action(cx: &mut Cx<'_>, at: At<'_>) -> Option<Action> {
    // GitHub's action schema allows any other top-level key (`action-root` has `loose-key-type`), so an unknown
    // key is kept as written; the validator warns about it.
    let entries = cx.entries(&at, "action metadata")?;
    let mut action = Action::default();
    for (key, v) in &entries {
        match *key {
            "name" => action.name = cx.string(v),
            "author" => action.author = cx.string(v),
            "description" => action.description = cx.string(v),
            "inputs" => action.inputs = cx.named_map(v, "inputs", action_input),
            "outputs" => action.outputs = cx.named_map(v, "outputs", action_output),
            "runs" => action.runs = runs(cx, v),
            "branding" => action.branding = branding(cx, v),
            other => {
                if let Some(value) = cx.value(v) {
                    action.other.insert(other.to_owned(), value);
                }
            }
        }
    }
    Some(action)
}

fn action_input(cx: &mut Cx<'_>, at: &At<'_>) -> Option<ActionInput> {
    if matches!(at.value, Y::Null) {
        return Some(ActionInput::default());
    }
    // GitHub's runner ignores unknown keys inside an input; keep them for the validator to warn about.
    let entries = cx.entries(at, "an input")?;
    let mut input = ActionInput::default();
    for (key, v) in &entries {
        match *key {
            "description" => input.description = cx.string(v),
            "required" => input.required = cx.value(v),
            "default" => input.default = cx.value(v),
            "deprecationMessage" => input.deprecation_message = cx.string(v),
            other => {
                if let Some(value) = cx.value(v) {
                    input.other.insert(other.to_owned(), value);
                }
            }
        }
    }
    Some(input)
}

fn action_output(cx: &mut Cx<'_>, at: &At<'_>) -> Option<ActionOutput> {
    if matches!(at.value, Y::Null) {
        return Some(ActionOutput::default());
    }
    let fields = cx.fields(at, "an output", spec::action::OUTPUT_DEFINITION_KEYS)?;
    let mut output = ActionOutput::default();
    for (key, v) in &fields {
        match *key {
            "description" => output.description = cx.string(v),
            _ => output.value = cx.string(v),
        }
    }
    Some(output)
}

const COMPOSITE_KEYS: &[&str] = spec::action::COMPOSITE_RUNS_STRICT_KEYS;
const NODE_KEYS: &[&str] = spec::action::NODE_RUNS_STRICT_KEYS;
const DOCKER_KEYS: &[&str] = spec::action::CONTAINER_RUNS_STRICT_KEYS;

fn runs(cx: &mut Cx<'_>, at: &At<'_>) -> Option<Runs> {
    let Y::Mapping(map) = at.value else {
        return cx.expected(at, "a mapping with `using`");
    };
    let Some(using_value) = map.get("using") else {
        cx.error(
            at,
            "missing key \"using\": say composite, docker, or a node version (node20, node24)",
        );
        return None;
    };
    let using_at = at.key("using", using_value);
    let using = cx.string(&using_at)?;
    match using.as_str() {
        "composite" => {
            let fields = cx.fields(at, "runs of a composite action", COMPOSITE_KEYS)?;
            let mut runs = CompositeRuns::default();
            let mut has_steps = false;
            for (key, v) in &fields {
                if *key == "steps" {
                    has_steps = true;
                    runs.steps = cx.sequence(v, "steps", step)?;
                }
            }
            if !has_steps {
                cx.error(at, "missing key \"steps\": a composite action runs steps");
            }
            Some(Runs::Composite(runs))
        }
        "docker" => {
            let fields = cx.fields(at, "runs of a Docker action", DOCKER_KEYS)?;
            let mut runs = DockerRuns {
                using,
                ..DockerRuns::default()
            };
            for (key, v) in &fields {
                match *key {
                    "image" => runs.image = cx.string(v),
                    "env" => runs.env = cx.mapping(v, "env"),
                    "args" => runs.args = cx.sequence(v, "args", Cx::value),
                    "entrypoint" => runs.entrypoint = cx.string(v),
                    "pre-entrypoint" => runs.pre_entrypoint = cx.string(v),
                    "pre-if" => runs.pre_if = cx.string(v),
                    "post-entrypoint" => runs.post_entrypoint = cx.string(v),
                    "post-if" => runs.post_if = cx.string(v),
                    _ => {}
                }
            }
            Some(Runs::Docker(runs))
        }
        // The runtimes of the action schema's `using` that are Node versions.
        node if node.starts_with("node") && spec::action::USING.contains(&node) => {
            let fields = cx.fields(at, "runs of a JavaScript action", NODE_KEYS)?;
            let mut runs = NodeRuns {
                using,
                ..NodeRuns::default()
            };
            for (key, v) in &fields {
                match *key {
                    "main" => runs.main = cx.string(v),
                    "pre" => runs.pre = cx.string(v),
                    "pre-if" => runs.pre_if = cx.string(v),
                    "post" => runs.post = cx.string(v),
                    "post-if" => runs.post_if = cx.string(v),
                    _ => {}
                }
            }
            Some(Runs::Node(runs))
        }
        other => {
            let known = spec::action::USING;
            let hint = did_you_mean(other, known.iter().copied()).map_or_else(
                || format!("; expected one of {}", known.join(", ")),
                |s| format!(", did you mean \"{s}\"?"),
            );
            cx.error_at_key(&using_at, format!("unknown `using` \"{other}\"{hint}"));
            None
        }
    }
}

fn branding(cx: &mut Cx<'_>, at: &At<'_>) -> Option<Branding> {
    let fields = cx.fields(at, "branding", spec::action::BRANDING_KEYS)?;
    let mut branding = Branding::default();
    for (key, v) in &fields {
        match *key {
            "icon" => branding.icon = cx.string(v),
            _ => branding.color = cx.string(v),
        }
    }
    Some(branding)
}
