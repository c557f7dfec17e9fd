//! `pipeline plan`: which jobs of a workflow file run for an event, as a table and a Mermaid graph, or
//! as JSON.

use pipeline_sdk::model::{Value, Workflow};
use pipeline_sdk::parse;
use pipeline_sdk::plan::{Event, JobPlan, Outcomes, Plan, Row, Setting};
use serde_json::{Map, json};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The output formats.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub(crate) enum Format {
    /// A table of the jobs, then the job graph in Mermaid with skipped jobs marked.
    Text,
    /// `{"triggered": .., "jobs": [{"id", "status", "reason", "rows"}]}`.
    Json,
}

/// Arguments of `pipeline plan`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The workflow file. Reusable workflows it calls with `./` paths are read from the same repository.
    file: PathBuf,
    /// The event's name (`push`, `pull_request`, `workflow_dispatch`, `schedule`, ...).
    #[arg(long, default_value = "push")]
    event: String,
    /// `github.ref`: `refs/heads/main`, `refs/tags/v1.0`, or a branch name. For pull requests, the
    /// base branch unless `--base-ref` gives it.
    #[arg(long = "ref", value_name = "REF")]
    git_ref: Option<String>,
    /// The base branch of a pull request.
    #[arg(long, value_name = "BRANCH")]
    base_ref: Option<String>,
    /// The head branch of a pull request.
    #[arg(long, value_name = "BRANCH")]
    head_ref: Option<String>,
    /// The activity type (`opened`, `labeled`, `published`).
    #[arg(long, value_name = "TYPE")]
    activity: Option<String>,
    /// A changed file, from the repository's root; repeat for more.
    #[arg(long, value_name = "PATH", num_args = 1..)]
    changed: Vec<String>,
    /// An input, `NAME=VALUE`; repeat for more.
    #[arg(long, value_name = "NAME=VALUE")]
    input: Vec<String>,
    /// A field of the event's payload, `PATH=VALUE` (`pull_request.draft=true`); repeat for more.
    #[arg(long, value_name = "PATH=VALUE")]
    field: Vec<String>,
    /// `github.actor`.
    #[arg(long)]
    actor: Option<String>,
    /// A job that fails; repeat for more.
    #[arg(long, value_name = "JOB")]
    fail: Vec<String>,
    /// A job that is cancelled; repeat for more.
    #[arg(long, value_name = "JOB")]
    cancel: Vec<String>,
    /// A job output, `JOB.NAME=VALUE` (`quality-gate.should-deploy=true`); repeat for more.
    #[arg(long, value_name = "JOB.NAME=VALUE")]
    output: Vec<String>,
    /// The output format.
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

/// A command-line value: `true`, `false` and numbers as such, anything else a string.
fn value(text: &str) -> Value {
    match text {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        _ => match text.parse::<i64>() {
            Ok(n) => Value::from(n),
            Err(_) => Value::from(text),
        },
    }
}

fn event(args: &Args) -> Result<Event, String> {
    let mut event = match args.event.as_str() {
        "pull_request" | "pull_request_target" => {
            let base = args
                .base_ref
                .clone()
                .or_else(|| {
                    args.git_ref
                        .as_deref()
                        .map(|r| r.trim_start_matches("refs/heads/").to_owned())
                })
                .unwrap_or_else(|| "main".to_owned());
            let event = if args.event == "pull_request" {
                Event::pull_request(&base)
            } else {
                Event::pull_request_target(&base)
            };
            match &args.git_ref {
                Some(r) if args.base_ref.is_some() => event.git_ref(r.as_str()),
                _ => event,
            }
        }
        name => {
            let event = Event::new(name);
            event.git_ref(args.git_ref.as_deref().unwrap_or("refs/heads/main"))
        }
    };
    if let Some(head) = &args.head_ref {
        event = event.head_ref(head.as_str());
    }
    if let Some(activity) = &args.activity {
        event = event.activity(activity.as_str());
    }
    if !args.changed.is_empty() {
        event = event.changed(args.changed.iter().cloned());
    }
    if let Some(actor) = &args.actor {
        event = event.actor(actor.as_str());
    }
    for input in &args.input {
        let (name, text) = input
            .split_once('=')
            .ok_or_else(|| format!("--input `{input}`: expected NAME=VALUE"))?;
        event = event.input(name, value(text));
    }
    for field in &args.field {
        let (path, text) = field
            .split_once('=')
            .ok_or_else(|| format!("--field `{field}`: expected PATH=VALUE"))?;
        event = event.field(path, value(text));
    }
    Ok(event)
}

fn outcomes(args: &Args) -> Result<Outcomes, String> {
    let mut outcomes = Outcomes::new();
    for job in &args.fail {
        outcomes = outcomes.fail(job.as_str());
    }
    for job in &args.cancel {
        outcomes = outcomes.cancel(job.as_str());
    }
    for output in &args.output {
        let parsed = output
            .split_once('=')
            .and_then(|(key, text)| key.split_once('.').map(|(job, name)| (job, name, text)));
        let Some((job, name, text)) = parsed else {
            return Err(format!("--output `{output}`: expected JOB.NAME=VALUE"));
        };
        outcomes = outcomes.output(job, name, text);
    }
    Ok(outcomes)
}

fn read(path: &Path) -> Result<Workflow, String> {
    let name = path.display().to_string();
    let text =
        std::fs::read_to_string(path).map_err(|error| format!("{name}: cannot read: {error}"))?;
    parse::workflow(&text)
        .map(|parsed| parsed.value)
        .map_err(|errors| errors.with_file(&name))
}

/// The repository's root of a workflow file: the folder that holds `.github/workflows/`.
fn repository_root(file: &Path) -> Option<&Path> {
    let workflows = file.parent()?;
    let github = workflows.parent()?;
    (workflows.file_name()? == "workflows" && github.file_name()? == ".github")
        .then(|| github.parent())
        .flatten()
}

/// The entry workflow and every local reusable workflow it reaches, by repository path.
fn files(file: &Path) -> Result<Vec<(String, Workflow)>, String> {
    let entry = read(file)?;
    let Some(root) = repository_root(file) else {
        return Ok(vec![(file.display().to_string(), entry)]);
    };
    let key = |p: &Path| {
        p.strip_prefix(root)
            .unwrap_or(p)
            .to_string_lossy()
            .replace('\\', "/")
    };
    let mut out = vec![(key(file), entry)];
    let mut next = 0;
    while next < out.len() {
        let calls: Vec<String> = out[next]
            .1
            .jobs
            .values()
            .filter_map(|job| job.uses.as_deref()?.strip_prefix("./").map(str::to_owned))
            .collect();
        for call in calls {
            if !out.iter().any(|(p, _)| *p == call) {
                // A called file that cannot be read is left out: its job is planned without it.
                if let Ok(workflow) = read(&root.join(&call)) {
                    out.push((call, workflow));
                }
            }
        }
        next += 1;
    }
    Ok(out)
}

pub(crate) fn run(args: &Args) -> ExitCode {
    let prepared = event(args).and_then(|e| Ok((e, outcomes(args)?)));
    let (event, outcomes) = match prepared {
        Ok(both) => both,
        Err(message) => {
            eprintln!("pipeline plan: {message}");
            return ExitCode::from(2);
        }
    };
    let files = match files(&args.file) {
        Ok(files) => files,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let set: Vec<(&str, &Workflow)> = files.iter().map(|(p, w)| (p.as_str(), w)).collect();
    let Some(plan) = pipeline_sdk::plan::plan_set(&set, set[0].0, &event, &outcomes) else {
        return ExitCode::from(2);
    };
    match args.format {
        Format::Json => println!("{}", json_plan(&plan)),
        Format::Text => print!("{}", text(&plan, set[0].1)),
    }
    ExitCode::SUCCESS
}

fn text(plan: &Plan, workflow: &Workflow) -> String {
    let mut out = String::new();
    if plan.triggered() {
        out.push_str("triggered: yes\n");
    } else {
        out.push_str(&format!(
            "triggered: no: {}\n",
            plan.trigger_reason().unwrap_or_default()
        ));
    }
    for note in plan.notes() {
        out.push_str(&format!("note: {note}\n"));
    }
    out.push('\n');
    out.push_str(&plan.table());
    for job in plan.jobs() {
        if let Some(called) = &job.called {
            out.push_str(&format!("\n{} calls:\n", job.id));
            out.push_str(&called.table());
        }
    }
    out.push_str("\n```mermaid\n");
    out.push_str(&plan.mermaid(workflow));
    out.push_str("```\n");
    out
}

fn setting(setting: Option<&Setting>) -> serde_json::Value {
    setting.map_or(serde_json::Value::Null, |s| json!(s.to_string()))
}

fn json_row(job: &JobPlan, row: &Row) -> serde_json::Value {
    json!({
        "id": job.id,
        "status": row.status.as_str(),
        "reason": job.reason,
        "matrix": serde_json::to_value(&row.matrix).unwrap_or_default(),
        "runs-on": setting(row.runs_on.as_ref()),
        "environment": setting(row.environment.as_ref()),
        "concurrency": setting(row.concurrency.as_ref()),
    })
}

fn json_plan(plan: &Plan) -> serde_json::Value {
    let jobs: Vec<serde_json::Value> = plan
        .jobs()
        .iter()
        .map(|job| {
            let mut entry = Map::new();
            entry.insert("id".into(), json!(job.id));
            entry.insert("status".into(), json!(job.status.as_str()));
            entry.insert(
                "reason".into(),
                json!(job.reason.clone().or_else(|| job.matrix_undecided.clone())),
            );
            entry.insert("needs".into(), json!(job.needs));
            if let Some(outcome) = job.outcome {
                entry.insert("outcome".into(), json!(outcome.as_str()));
            }
            entry.insert(
                "rows".into(),
                json!(
                    job.rows
                        .iter()
                        .map(|row| json_row(job, row))
                        .collect::<Vec<_>>()
                ),
            );
            if let Some(called) = &job.called {
                entry.insert("calls".into(), json_plan(called));
            }
            serde_json::Value::Object(entry)
        })
        .collect();
    json!({
        "triggered": plan.triggered(),
        "reason": plan.trigger_reason(),
        "notes": plan.notes(),
        "concurrency": setting(plan.concurrency()),
        "jobs": jobs,
    })
}
