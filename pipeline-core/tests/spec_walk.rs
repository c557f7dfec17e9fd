//! Every key of GitHub's workflow and action schemas, walked from the tables generated from them
//! (`pipeline_core::spec`): each key, placed where the schema puts it in an otherwise minimal file,
//! parses, is written back by the emitter, reads back equal, and emits the same text again. A key that
//! parses but is dropped on the way out, or that the parser rejects, fails here by name.
//!
//! The builder half: a workflow and an action written only with the builder API set every key the
//! schemas define, so each key has a builder.

use pipeline_core::emit::{self, EmitOptions};
use pipeline_core::parse;
use pipeline_core::spec::{self, Definition, Kind};
use serde_yaml::{Mapping, Value};
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// How a definition is reached from its parent.
#[derive(Clone, Debug)]
enum Edge {
    /// The value of a key GitHub defines.
    Key(&'static str),
    /// The value of a key the user chooses.
    Loose,
    /// An item of a sequence.
    Item,
    /// One alternative of a `one-of`.
    Alternative,
}

struct Schema {
    lookup: fn(&str) -> Option<&'static Definition>,
}

impl Schema {
    fn get(&self, name: &str) -> Option<&'static Definition> {
        (self.lookup)(name)
    }

    /// The first way to reach each definition from `root`, breadth first: (parent, edge) per step.
    fn paths(&self, root: &'static str) -> BTreeMap<&'static str, Vec<(&'static str, Edge)>> {
        let mut paths: BTreeMap<&'static str, Vec<(&'static str, Edge)>> = BTreeMap::new();
        paths.insert(root, Vec::new());
        let mut queue = VecDeque::from([root]);
        while let Some(name) = queue.pop_front() {
            let Some(def) = self.get(name) else { continue };
            let base = paths[name].clone();
            let mut next: Vec<(&'static str, Edge)> = Vec::new();
            match def.kind {
                Kind::Mapping {
                    properties,
                    loose_value,
                    ..
                } => {
                    for p in properties {
                        next.push((p.r#type, Edge::Key(p.name)));
                    }
                    if let Some(v) = loose_value {
                        next.push((v, Edge::Loose));
                    }
                }
                Kind::Sequence(item) => next.push((item, Edge::Item)),
                Kind::OneOf(alternatives) => {
                    for a in alternatives {
                        next.push((a, Edge::Alternative));
                    }
                }
                _ => {}
            }
            for (child, edge) in next {
                if paths.contains_key(child) || self.get(child).is_none() {
                    continue;
                }
                let mut path = base.clone();
                path.push((def.name, edge));
                paths.insert(child, path);
                queue.push_back(child);
            }
        }
        paths
    }

    /// A small valid value of a definition: required keys only, one item, the first alternative that
    /// is not `null`.
    fn sample(&self, name: &str, depth: usize) -> Value {
        let Some(def) = self.get(name) else {
            // The schema's built-in types.
            return match name {
                "boolean" => Value::Bool(true),
                "number" => Value::Number(5.into()),
                "null" => Value::Null,
                "sequence" => Value::Sequence(Vec::new()),
                "mapping" => Value::Mapping(Mapping::new()),
                _ => Value::String("x".into()),
            };
        };
        if depth > 12 {
            return Value::String("x".into());
        }
        match def.kind {
            Kind::Null => Value::Null,
            Kind::Boolean => Value::Bool(true),
            Kind::Number => Value::Number(5.into()),
            Kind::String {
                constant: Some(c), ..
            } => Value::String(c.into()),
            Kind::String { .. } => Value::String("x".into()),
            Kind::AllowedValues(values) => Value::String(values[0].into()),
            Kind::Sequence(item) => Value::Sequence(vec![self.sample(item, depth + 1)]),
            Kind::OneOf(alternatives) => {
                let pick = alternatives
                    .iter()
                    .find(|a| !matches!(self.get(a).map(|d| d.kind), Some(Kind::Null) | None))
                    .unwrap_or(&alternatives[0]);
                self.sample(pick, depth + 1)
            }
            Kind::Mapping {
                properties,
                loose_value,
                ..
            } => {
                let mut map = Mapping::new();
                for p in properties.iter().filter(|p| p.required) {
                    let value = if p.name == "using" {
                        // Each kind of `runs` shares the schema's `using` words; the kind's own is
                        // the one its definition is named after (`composite-runs-strict`).
                        Value::String(using_for(name).into())
                    } else {
                        self.sample(p.r#type, depth + 1)
                    };
                    map.insert(p.name.into(), value);
                }
                if map.is_empty()
                    && properties.is_empty()
                    && let Some(v) = loose_value
                {
                    map.insert("k".into(), self.sample(v, depth + 1));
                }
                Value::Mapping(map)
            }
        }
    }

    /// A whole document from `root` to `value` along `path`.
    fn place(&self, path: &[(&'static str, Edge)], mut value: Value) -> Value {
        for (parent, edge) in path.iter().rev() {
            value = match edge {
                Edge::Alternative => value,
                Edge::Item => Value::Sequence(vec![value]),
                Edge::Key(key) => {
                    let mut map = self.required(parent);
                    map.insert((*key).into(), value);
                    Value::Mapping(map)
                }
                Edge::Loose => {
                    let mut map = self.required(parent);
                    map.insert("k".into(), value);
                    Value::Mapping(map)
                }
            };
        }
        value
    }

    fn required(&self, name: &str) -> Mapping {
        match self.sample(name, 0) {
            Value::Mapping(map) => map
                .into_iter()
                .filter(|(k, _)| k.as_str() != Some("k"))
                .collect(),
            _ => Mapping::new(),
        }
    }
}

/// The `using` of a kind of `runs`, by the name of its definition.
fn using_for(runs: &str) -> &'static str {
    match runs.split('-').next() {
        Some("composite") => "composite",
        Some("node") => "node24",
        _ => "docker",
    }
}

/// Every `(mapping, key)` the schema defines under `root`, and the document that sets it.
fn documents(schema: &Schema, root: &'static str) -> Vec<(String, String, Value)> {
    let paths = schema.paths(root);
    let mut out = Vec::new();
    for (name, path) in &paths {
        let Some(def) = schema.get(name) else {
            continue;
        };
        let Kind::Mapping { properties, .. } = def.kind else {
            continue;
        };
        for p in properties {
            let mut map = schema.required(name);
            if p.name != "using" {
                map.insert(p.name.into(), schema.sample(p.r#type, 0));
            }
            let document = schema.place(path, Value::Mapping(map));
            out.push(((*name).to_owned(), p.name.to_owned(), document));
        }
    }
    out
}

/// Every key of every mapping in `value`.
fn keys(value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::Mapping(map) => {
            for (k, v) in map {
                if let Some(k) = k.as_str() {
                    out.insert(k.to_owned());
                }
                keys(v, out);
            }
        }
        Value::Sequence(items) => items.iter().for_each(|v| keys(v, out)),
        _ => {}
    }
}

#[test]
fn every_workflow_key_parses_emits_and_round_trips() {
    let schema = Schema {
        lookup: spec::workflow_definition,
    };
    let options = EmitOptions::default();
    let mut failures = Vec::new();
    let documents = documents(&schema, "workflow-root-strict");
    assert!(documents.len() > 150, "only {} keys", documents.len());
    for (mapping, key, document) in &documents {
        let text = serde_yaml::to_string(document).expect("YAML");
        let first = match parse::workflow(&text) {
            Ok(parsed) => parsed.value,
            Err(error) => {
                failures.push(format!("{mapping}.{key}: does not parse: {error}\n{text}"));
                continue;
            }
        };
        let emitted = emit::workflow(&first, &options);
        let emitted_value: Value = serde_yaml::from_str(&emitted).expect("emitted YAML");
        let mut found = BTreeSet::new();
        keys(&emitted_value, &mut found);
        if !found.contains(key.as_str()) {
            failures.push(format!(
                "{mapping}.{key}: dropped by the emitter\n{text}---\n{emitted}"
            ));
            continue;
        }
        match parse::workflow(&emitted) {
            Ok(second) if second.value == first => {
                if emit::workflow(&second.value, &options) != emitted {
                    failures.push(format!(
                        "{mapping}.{key}: emits differently the second time"
                    ));
                }
            }
            Ok(_) => failures.push(format!("{mapping}.{key}: reads back different\n{emitted}")),
            Err(error) => failures.push(format!(
                "{mapping}.{key}: emitted text does not parse: {error}"
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_action_key_parses_emits_and_round_trips() {
    let schema = Schema {
        lookup: spec::action_definition,
    };
    let options = EmitOptions::default();
    let mut failures = Vec::new();
    let documents = documents(&schema, "action-root-strict");
    assert!(documents.len() > 30, "only {} keys", documents.len());
    for (mapping, key, document) in &documents {
        let text = serde_yaml::to_string(document).expect("YAML");
        let first = match parse::action(&text) {
            Ok(parsed) => parsed.value,
            Err(error) => {
                failures.push(format!("{mapping}.{key}: does not parse: {error}\n{text}"));
                continue;
            }
        };
        let emitted = emit::action(&first, &options);
        let emitted_value: Value = serde_yaml::from_str(&emitted).expect("emitted YAML");
        let mut found = BTreeSet::new();
        keys(&emitted_value, &mut found);
        if !found.contains(key.as_str()) {
            failures.push(format!(
                "{mapping}.{key}: dropped by the emitter\n{text}---\n{emitted}"
            ));
            continue;
        }
        match parse::action(&emitted) {
            Ok(second) if second.value == first => {
                if emit::action(&second.value, &options) != emitted {
                    failures.push(format!(
                        "{mapping}.{key}: emits differently the second time"
                    ));
                }
            }
            Ok(_) => failures.push(format!("{mapping}.{key}: reads back different\n{emitted}")),
            Err(error) => failures.push(format!(
                "{mapping}.{key}: emitted text does not parse: {error}"
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Every key of every mapping the schema defines under `root`.
fn schema_keys(schema: &Schema, root: &'static str) -> BTreeSet<&'static str> {
    let mut out = BTreeSet::new();
    for name in schema.paths(root).keys() {
        if let Some(Definition {
            kind: Kind::Mapping { properties, .. },
            ..
        }) = schema.get(name)
        {
            out.extend(properties.iter().map(|p| p.name));
        }
    }
    out
}

/// A workflow that sets every key GitHub defines, written with the builder API only.
fn built_workflow() -> pipeline_core::model::Workflow {
    use pipeline_core::model::{
        Concurrency, ConcurrencyQueue, Container, Defaults, Environment, Event, Input, Job, Matrix,
        Permissions, RunnerGroup, Snapshot, Step, Strategy, Trigger, Workflow,
    };
    // Every event the schema knows is a trigger the builder can add, and every scope a permission.
    let mut workflow = Workflow::new("Everything");
    for event in spec::workflow::EVENTS {
        workflow = workflow.on(Trigger::event(Event::parse(event.name)));
    }
    let mut permissions = Permissions::none();
    for permission in spec::workflow::PERMISSIONS {
        permissions = permissions.grant(
            permission.scope,
            pipeline_core::model::PermissionLevel::parse(permission.levels[0]),
        );
    }
    let workflow = workflow
        .description("Sets every key")
        .run_name("Run by ${{ github.actor }}")
        .permissions(permissions)
        .env("A", "b")
        .defaults(Defaults::run().shell("bash").working_directory("app"))
        .concurrency(
            Concurrency::group("g")
                .cancel_in_progress(false)
                .queue(ConcurrencyQueue::Max),
        )
        .on(Trigger::push()
            .branches(["main"])
            .branches_ignore(["x"])
            .tags(["v*"])
            .tags_ignore(["y"])
            .paths(["src/**"])
            .paths_ignore(["docs/**"]))
        .on(Trigger::pull_request().types(["opened"]))
        .on(Trigger::event(Event::ImageVersion)
            .names(["image"])
            .versions(["2.*"]))
        .on(Trigger::workflow_run(["CI"]))
        .on(Trigger::schedule("0 3 * * *").timezone("Europe/Paris"))
        .on(Trigger::workflow_dispatch().input(
            "level",
            Input::choice(["low", "high"])
                .description("How much")
                .required(true)
                .default("low"),
        ))
        .on(Trigger::workflow_call()
            .input("who", Input::string())
            .described_output("version", "The version", "${{ jobs.a.outputs.v }}")
            .described_secret("token", "A token", true));
    let mut job = Job::new(RunnerGroup::new("large").labels(["linux"]))
        .name("A")
        .needs("b")
        .if_("success()")
        .environment(
            Environment::new("production")
                .url("https://example.com")
                .deployment(false),
        )
        .permissions(Permissions::read_contents())
        .concurrency(Concurrency::group("j"))
        .output("v", "${{ steps.s.outputs.v }}")
        .env("B", "c")
        .defaults(Defaults::run().shell("bash"))
        .timeout_minutes(10)
        .cancel_timeout_minutes(2)
        .continue_on_error(false)
        .strategy(
            Strategy::matrix(
                Matrix::new()
                    .axis("os", ["linux"])
                    .include([("os", "mac")])
                    .exclude([("os", "linux")]),
            )
            .fail_fast(false)
            .max_parallel(2),
        )
        .container(
            Container::new("node:22")
                .credentials("user", "${{ secrets.PASSWORD }}")
                .env("C", "d")
                .port(80)
                .volume("/data")
                .options("--cpus 1"),
        )
        .service(
            "redis",
            Container::new("redis:7")
                .entrypoint("redis-server")
                .command("--save 60 1"),
        )
        .snapshot(Snapshot::new("image").version("2.*").if_("success()"));
    let server = job.add_background_step("server", Step::uses("$/.github/actions/server"));
    let job = job
        .step(
            Step::run("make")
                .name("Build")
                .id("s")
                .if_("always()")
                .shell("bash")
                .working_directory("app")
                .env("D", "e")
                .continue_on_error(true)
                .timeout_minutes(5),
        )
        .step(Step::uses("actions/setup-node@v4").with("node-version", 22))
        .step(Step::parallel([Step::run("a"), Step::run("b")]))
        .step(Step::wait(&server))
        .step(Step::cancel(&server))
        .step(Step::wait_all());
    workflow.job("a", job).job(
        "b",
        Job::call("octo/repo/.github/workflows/w.yml@v1")
            .with("x", 1)
            .secret("token", "${{ secrets.TOKEN }}"),
    )
}

/// An action of each kind that together set every key GitHub defines, with the builder API only.
fn built_actions() -> Vec<pipeline_core::model::Action> {
    use pipeline_core::model::{Action, ActionInput, ActionOutput, Step};
    vec![
        Action::composite("A", "B")
            .author("Octo")
            .input(
                "who",
                ActionInput::optional("Who", "world").deprecation_message("Use `name`"),
            )
            .output(
                "greeting",
                ActionOutput::new("The greeting", "${{ steps.g.outputs.text }}"),
            )
            .step(
                Step::run("echo hi")
                    .name("Greet")
                    .id("g")
                    .if_("always()")
                    .shell("bash")
                    .working_directory(".")
                    .env("A", "b")
                    .continue_on_error(true),
            )
            .step(Step::uses("actions/checkout@v5").with("fetch-depth", 0))
            .branding("activity", "blue"),
        Action::node("A", "B", "node24", "dist/index.js")
            .pre("dist/pre.js")
            .pre_if("always()")
            .post("dist/post.js")
            .post_if("always()"),
        Action::docker("A", "B", "Dockerfile")
            .entrypoint("/main.sh")
            .pre_entrypoint("/pre.sh")
            .post_entrypoint("/post.sh")
            .arg("x")
            .runs_env("A", "b"),
    ]
}

#[test]
fn every_workflow_key_has_a_builder() {
    let schema = Schema {
        lookup: spec::workflow_definition,
    };
    let text = emit::workflow(&built_workflow(), &EmitOptions::default());
    let value: Value = serde_yaml::from_str(&text).expect("emitted YAML");
    let mut found = BTreeSet::new();
    keys(&value, &mut found);
    let missing: Vec<&str> = schema_keys(&schema, "workflow-root-strict")
        .into_iter()
        .filter(|k| !found.contains(*k))
        .collect();
    assert!(missing.is_empty(), "no builder writes {missing:?}\n{text}");
}

#[test]
fn every_action_key_has_a_builder() {
    let schema = Schema {
        lookup: spec::action_definition,
    };
    let mut found = BTreeSet::new();
    for action in built_actions() {
        let text = emit::action(&action, &EmitOptions::default());
        let value: Value = serde_yaml::from_str(&text).expect("emitted YAML");
        keys(&value, &mut found);
    }
    let missing: Vec<&str> = schema_keys(&schema, "action-root-strict")
        .into_iter()
        .filter(|k| !found.contains(*k))
        .collect();
    assert!(missing.is_empty(), "no builder writes {missing:?}");
}

/// The model's names for events, permission scopes and queue modes are the schema's.
#[test]
fn model_names_are_the_schema_names() {
    use pipeline_core::model::{ConcurrencyQueue, Event, PermissionScope};
    let scopes: BTreeSet<&str> = spec::workflow::PERMISSIONS
        .iter()
        .map(|p| p.scope)
        .collect();
    assert_eq!(
        PermissionScope::KNOWN
            .iter()
            .copied()
            .collect::<BTreeSet<_>>(),
        scopes
    );
    let events: BTreeSet<&str> = spec::workflow::EVENTS.iter().map(|e| e.name).collect();
    assert_eq!(
        Event::KNOWN.iter().copied().collect::<BTreeSet<_>>(),
        events
    );
    assert_eq!(ConcurrencyQueue::KNOWN, spec::workflow::CONCURRENCY_QUEUE);
}
