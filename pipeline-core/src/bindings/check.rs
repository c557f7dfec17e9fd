//! Steps checked against the metadata of the actions they use: the keys under `with:`, the inputs a step
//! must pass, deprecated inputs, and `steps.<id>.outputs.<name>` against the outputs the action declares.
//!
//! The functions are pure: the caller finds the metadata (a vendored `action.yml`, the repository's own
//! actions) and places the diagnostics (each carries its model path; `location` is left empty).
//!
//! | code | severity | when |
//! |---|---|---|
//! | `action-input-unknown` | error | `with:` names an input the action does not have (with a suggestion) |
//! | `action-input-missing` | error | the action requires an input that has no default, and the step does not pass it |
//! | `action-input-deprecated` | warning | the step passes an input the action deprecates |
//! | `action-output-unknown` | error | an expression reads an output the step's action does not declare (with a suggestion) |
//!
//! Names compare without regard to case, as GitHub compares them. A Docker action also takes `args` and
//! `entrypoint` under `with:`. The outputs of a few actions are named by the step, not by the metadata
//! ([`DYNAMIC_OUTPUTS`]): reading any output of theirs is accepted.
//!
//! The metadata must be the one at the reference the step uses: `taiki-e/install-action@nextest`, for
//! one, is a branch whose metadata gives the `tool` input a default that the main branch does not.

use crate::expr::{self, Ast, Segment};
use crate::model::{Action, ExprOr, Job, Path, Step, Value};
use crate::suggest::did_you_mean;
use crate::validate::{Diagnostic, Severity};

/// Actions whose outputs the step chooses (a script's `core.setOutput`, a filter's names), so their
/// metadata does not list them all.
pub const DYNAMIC_OUTPUTS: &[&str] = &["actions/github-script", "dorny/paths-filter"];

/// Whether a step that uses `uses` may have outputs its metadata does not declare.
fn dynamic_outputs(uses: &str) -> bool {
    let action = uses.split_once('@').map_or(uses, |(action, _)| action);
    DYNAMIC_OUTPUTS
        .iter()
        .any(|known| known.eq_ignore_ascii_case(action))
}

/// Checks a step's `with:` against the metadata of the action it uses: unknown inputs (with a "did you
/// mean"), required inputs it does not pass, and deprecated inputs it passes. `path` is the step's path.
///
/// ```
/// use pipeline_core::bindings::check_step;
/// use pipeline_core::model::{Path, Step};
/// let cache = pipeline_core::parse::action(
///     "name: Cache\ndescription: Caches\ninputs:\n  path:\n    required: true\n  key:\n    required: true\nruns:\n  using: node24\n  main: index.js\n",
/// ).unwrap().value;
/// let step = Step::uses("actions/cache@v4").with("pth", "target").with("key", "k");
/// let path = Path::root().key("jobs").key("build").key("steps").index(0);
/// let diagnostics = check_step(&step, &path, &cache);
/// let codes: Vec<&str> = diagnostics.iter().map(|d| d.code).collect();
/// assert_eq!(codes, ["action-input-missing", "action-input-unknown"]);
/// assert_eq!(diagnostics[1].message, "action `actions/cache@v4` has no input `pth`; did you mean `path`?");
/// assert_eq!(diagnostics[1].path.to_string(), "jobs.build.steps[0].with.pth");
/// ```
#[must_use]
pub fn check_step(step: &Step, path: &Path, action: &Action) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let uses = step.uses.as_deref().unwrap_or("the action");
    let inputs: Vec<(&String, &crate::model::ActionInput)> =
        action.inputs.iter().flatten().collect();
    let with = step.with.as_ref();
    let passes = |name: &str| with.is_some_and(|w| w.keys().any(|k| k.eq_ignore_ascii_case(name)));
    for (name, input) in &inputs {
        let has_default = !matches!(input.default, None | Some(Value::Null));
        if input.is_required()
            && !has_default
            && input.deprecation_message.is_none()
            && !passes(name)
        {
            out.push(diagnostic(
                "action-input-missing",
                Severity::Error,
                format!(
                    "action `{uses}` requires input `{name}`, which this step does not pass; add it under `with:`"
                ),
                path.clone(),
            ));
        }
    }
    let docker = action.runs.as_ref().is_some_and(|r| r.using() == "docker");
    for key in with.into_iter().flat_map(|w| w.keys()) {
        let declared = inputs.iter().find(|(n, _)| n.eq_ignore_ascii_case(key));
        match declared {
            Some((name, input)) => {
                if let Some(message) = &input.deprecation_message {
                    let message = message.trim();
                    let reason = if message.is_empty() {
                        String::new()
                    } else {
                        format!(": {message}")
                    };
                    out.push(diagnostic(
                        "action-input-deprecated",
                        Severity::Warning,
                        format!("action `{uses}` deprecates input `{name}`{reason}"),
                        path.key("with").key(key.as_str()),
                    ));
                }
            }
            None if docker
                && matches!(key.to_ascii_lowercase().as_str(), "args" | "entrypoint") => {}
            None => {
                let hint = did_you_mean(key, inputs.iter().map(|(n, _)| n.as_str()))
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default();
                out.push(diagnostic(
                    "action-input-unknown",
                    Severity::Error,
                    format!("action `{uses}` has no input `{key}`{hint}"),
                    path.key("with").key(key.as_str()),
                ));
            }
        }
    }
    out
}

/// Checks a list of steps (a job's `steps`, a composite action's `runs.steps`): each step whose action
/// `metadata` knows, with [`check_step`], and every `steps.<id>.outputs.<name>` in the steps' values
/// against the outputs of step `<id>`'s action. `path` is the list's path; `metadata` is given each
/// step's `uses` and returns the action's metadata when it is known.
///
/// ```
/// use pipeline_core::bindings::check_steps;
/// use pipeline_core::model::{Action, Path, Step};
/// let cache = pipeline_core::parse::action(
///     "name: Cache\ndescription: Caches\noutputs:\n  cache-hit:\n    description: Hit\nruns:\n  using: node24\n  main: index.js\n",
/// ).unwrap().value;
/// let steps = [
///     Step::uses("actions/cache@v4").id("cache"),
///     Step::run("make").if_("steps.cache.outputs.cache_hit != 'true'"),
/// ];
/// let lookup = |uses: &str| uses.starts_with("actions/cache@").then_some(&cache);
/// let diagnostics = check_steps(&steps, &Path::root().key("steps"), &lookup);
/// assert_eq!(diagnostics[0].code, "action-output-unknown");
/// assert_eq!(diagnostics[0].path.to_string(), "steps[1].if");
/// assert!(diagnostics[0].message.ends_with("did you mean `cache-hit`?"));
/// ```
#[must_use]
pub fn check_steps<'a>(
    steps: &[Step],
    path: &Path,
    metadata: &dyn Fn(&str) -> Option<&'a Action>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut known: Vec<(&str, &str, &'a Action)> = Vec::new();
    for (index, step) in steps.iter().enumerate() {
        let Some(uses) = step.uses.as_deref() else {
            continue;
        };
        let Some(action) = metadata(uses) else {
            continue;
        };
        out.extend(check_step(step, &path.index(index), action));
        if let Some(id) = step.id.as_deref() {
            known.push((id, uses, action));
        }
    }
    for (index, step) in steps.iter().enumerate() {
        for (place, text, condition) in step_strings(step, &path.index(index)) {
            out.extend(output_refs(&known, &place, text, condition));
        }
    }
    out
}

/// Checks a job's steps with [`check_steps`], and the job's `outputs` values too. `path` is the job's
/// path (`jobs.build`).
///
/// ```
/// use pipeline_core::bindings::check_job;
/// use pipeline_core::model::{Job, Path, Step};
/// let meta = pipeline_core::parse::action(
///     "name: Meta\ndescription: Tags\noutputs:\n  tags:\n    description: Tags\nruns:\n  using: node24\n  main: index.js\n",
/// ).unwrap().value;
/// let job = Job::new("ubuntu-latest")
///     .step(Step::uses("docker/metadata-action@v5").id("meta"))
///     .output("tags", "${{ steps.meta.outputs.tag }}");
/// let lookup = |uses: &str| uses.starts_with("docker/metadata-action@").then_some(&meta);
/// let diagnostics = check_job(&job, &Path::root().key("jobs").key("build"), &lookup);
/// assert_eq!(diagnostics[0].path.to_string(), "jobs.build.outputs.tags");
/// ```
#[must_use]
pub fn check_job<'a>(
    job: &Job,
    path: &Path,
    metadata: &dyn Fn(&str) -> Option<&'a Action>,
) -> Vec<Diagnostic> {
    let steps = job.step_list();
    let mut out = check_steps(steps, &path.key("steps"), metadata);
    let known: Vec<(&str, &str, &'a Action)> = steps
        .iter()
        .filter_map(|step| {
            let uses = step.uses.as_deref()?;
            Some((step.id.as_deref()?, uses, metadata(uses)?))
        })
        .collect();
    for (name, value) in job.outputs.iter().flatten() {
        out.extend(output_refs(
            &known,
            &path.key("outputs").key(name.as_str()),
            value,
            false,
        ));
    }
    out
}

fn diagnostic(code: &'static str, severity: Severity, message: String, path: Path) -> Diagnostic {
    Diagnostic {
        code,
        severity,
        message,
        path,
        location: None,
        related: Vec::new(),
    }
}

/// Every string of a step that may hold expressions, with its path and whether it is an `if:`.
fn step_strings<'s>(step: &'s Step, path: &Path) -> Vec<(Path, &'s str, bool)> {
    let mut out = Vec::new();
    if let Some(name) = &step.name {
        out.push((path.key("name"), name.as_str(), false));
    }
    if let Some(ExprOr::Expr(condition)) = &step.r#if {
        out.push((path.key("if"), condition.as_str(), true));
    }
    for (key, value) in step.with.iter().flatten() {
        if let Value::String(text) = value {
            out.push((path.key("with").key(key.as_str()), text.as_str(), false));
        }
    }
    match &step.env {
        Some(ExprOr::Value(env)) => {
            for (key, value) in env {
                if let Value::String(text) = value {
                    out.push((path.key("env").key(key.as_str()), text.as_str(), false));
                }
            }
        }
        Some(ExprOr::Expr(text)) => out.push((path.key("env"), text.as_str(), false)),
        None => {}
    }
    for (key, text) in [
        ("run", step.run.as_deref()),
        ("working-directory", step.working_directory.as_deref()),
        ("shell", step.shell.as_deref()),
    ] {
        if let Some(text) = text {
            out.push((path.key(key), text, false));
        }
    }
    if let Some(ExprOr::Expr(text)) = &step.continue_on_error {
        out.push((path.key("continue-on-error"), text.as_str(), false));
    }
    if let Some(ExprOr::Expr(text)) = &step.timeout_minutes {
        out.push((path.key("timeout-minutes"), text.as_str(), false));
    }
    out
}

/// The expressions of a value; those that do not parse are left to the validator's syntax check.
fn expressions(text: &str, condition: bool) -> Vec<Ast> {
    if condition {
        return match expr::parse_condition(text) {
            Ok(condition) => match condition.expr() {
                Some(ast) => vec![ast.clone()],
                None => expressions(text, false),
            },
            Err(_) => Vec::new(),
        };
    }
    let Ok(segments) = expr::scan(text) else {
        return Vec::new();
    };
    segments
        .into_iter()
        .filter_map(|segment| match segment {
            Segment::Expr { source, .. } => expr::parse(source).ok(),
            Segment::Text(_) => None,
        })
        .collect()
}

/// `steps.<id>.outputs.<name>` (or `steps['id'].outputs['name']`) as `(id, name)`.
fn output_ref(ast: &Ast) -> Option<(&str, &str)> {
    fn key(ast: &Ast) -> Option<(&Ast, &str)> {
        match ast {
            Ast::Property { target, name } => Some((target, name)),
            Ast::Index { target, index } => match index.as_ref() {
                Ast::String(name) => Some((target, name)),
                _ => None,
            },
            _ => None,
        }
    }
    let (outputs, name) = key(ast)?;
    let (step, word) = key(outputs)?;
    let (steps, id) = key(step)?;
    let is_steps = matches!(steps, Ast::Context(c) if c.eq_ignore_ascii_case("steps"));
    (is_steps && word.eq_ignore_ascii_case("outputs")).then_some((id, name))
}

/// Reports each output read from a step whose action does not declare it.
fn output_refs(
    known: &[(&str, &str, &Action)],
    path: &Path,
    text: &str,
    condition: bool,
) -> Vec<Diagnostic> {
    if !text.to_ascii_lowercase().contains("steps") {
        return Vec::new();
    }
    let mut seen: Vec<(String, String)> = Vec::new();
    let mut out = Vec::new();
    for ast in expressions(text, condition) {
        ast.walk(&mut |node| {
            let Some((id, name)) = output_ref(node) else {
                return;
            };
            let Some((_, uses, action)) = known.iter().find(|(k, _, _)| k.eq_ignore_ascii_case(id))
            else {
                return;
            };
            if dynamic_outputs(uses) {
                return;
            }
            let outputs: Vec<&str> = action
                .outputs
                .iter()
                .flat_map(|o| o.keys())
                .map(String::as_str)
                .collect();
            if outputs.iter().any(|o| o.eq_ignore_ascii_case(name)) {
                return;
            }
            let pair = (id.to_ascii_lowercase(), name.to_ascii_lowercase());
            if seen.contains(&pair) {
                return;
            }
            seen.push(pair);
            let hint = match did_you_mean(name, outputs.iter().copied()) {
                Some(s) => format!("; did you mean `{s}`?"),
                None if outputs.is_empty() => "; it declares no outputs".to_owned(),
                None => format!(
                    "; it has {}",
                    outputs
                        .iter()
                        .map(|o| format!("`{o}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            out.push(diagnostic(
                "action-output-unknown",
                Severity::Error,
                format!("step `{id}` uses `{uses}`, which has no output `{name}`{hint}"),
                path.clone(),
            ));
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse;

    const CACHE: &str = "name: Cache\ndescription: Caches\ninputs:\n  path:\n    required: true\n  key:\n    required: true\n  token:\n    required: true\n    default: ${{ github.token }}\n  old:\n    deprecationMessage: Use key\n  Mode:\n    default: fast\noutputs:\n  cache-hit:\n    description: Hit\nruns:\n  using: node24\n  main: index.js\n";

    fn check(workflow: &str, expected: &[&str]) {
        let cache = parse::action(CACHE).unwrap().value;
        let docker = parse::action(
            "name: D\ndescription: D\ninputs:\n  x:\n    default: a\nruns:\n  using: docker\n  image: Dockerfile\n",
        )
        .unwrap()
        .value;
        let workflow = parse::workflow(workflow).unwrap().value;
        let lookup = |uses: &str| {
            if uses.starts_with("actions/cache@") {
                Some(&cache)
            } else if uses.starts_with("acme/docker@") {
                Some(&docker)
            } else {
                None
            }
        };
        let mut found = Vec::new();
        for (id, job) in &workflow.jobs {
            for d in check_job(job, &Path::root().key("jobs").key(id.as_str()), &lookup) {
                found.push(format!("{} {}: {}", d.code, d.path, d.message));
            }
        }
        assert_eq!(found, expected);
    }

    const HEAD: &str = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n";

    #[test]
    fn good_steps_pass() {
        check(
            &format!(
                "{HEAD}    outputs:\n      hit: ${{{{ steps.c.outputs.CACHE-HIT }}}}\n    steps:\n      - uses: actions/cache@v4\n        id: c\n        with:\n          PATH: target\n          key: k\n          mode: slow\n      - run: echo ${{{{ steps.c.outputs['cache-hit'] }}}}\n        if: steps.c.outputs.cache-hit == 'true'\n      - uses: acme/docker@v1\n        with:\n          args: --help\n          entrypoint: sh\n      - uses: unknown/action@v1\n        with:\n          anything: 1\n"
            ),
            &[],
        );
    }

    #[test]
    fn problems_are_found() {
        check(
            &format!(
                "{HEAD}    outputs:\n      hit: ${{{{ steps.c.outputs.hit }}}}\n    steps:\n      - uses: actions/cache@v4\n        id: c\n        with:\n          pth: target\n          old: x\n      - run: echo ${{{{ steps.c.outputs.cache_hit }}}} ${{{{ steps.c.outputs.cache_hit }}}}\n        env:\n          X: ${{{{ steps.c.outputs.zzz }}}}\n      - uses: acme/docker@v1\n        with:\n          command: x\n"
            ),
            &[
                "action-input-missing jobs.a.steps[0]: action `actions/cache@v4` requires input `path`, which this step does not pass; add it under `with:`",
                "action-input-missing jobs.a.steps[0]: action `actions/cache@v4` requires input `key`, which this step does not pass; add it under `with:`",
                "action-input-unknown jobs.a.steps[0].with.pth: action `actions/cache@v4` has no input `pth`; did you mean `path`?",
                "action-input-deprecated jobs.a.steps[0].with.old: action `actions/cache@v4` deprecates input `old`: Use key",
                "action-input-unknown jobs.a.steps[2].with.command: action `acme/docker@v1` has no input `command`",
                "action-output-unknown jobs.a.steps[1].env.X: step `c` uses `actions/cache@v4`, which has no output `zzz`; it has `cache-hit`",
                "action-output-unknown jobs.a.steps[1].run: step `c` uses `actions/cache@v4`, which has no output `cache_hit`; did you mean `cache-hit`?",
                "action-output-unknown jobs.a.outputs.hit: step `c` uses `actions/cache@v4`, which has no output `hit`; it has `cache-hit`",
            ],
        );
    }

    #[test]
    fn dynamic_outputs_are_accepted() {
        let script = parse::action(
            "name: S\ndescription: S\noutputs:\n  result:\n    description: R\nruns:\n  using: node24\n  main: x.js\n",
        )
        .unwrap()
        .value;
        let steps = [
            Step::uses("actions/github-script@v7").id("s"),
            Step::run("echo ${{ steps.s.outputs.anything }}"),
        ];
        let lookup = |_: &str| Some(&script);
        assert!(check_steps(&steps, &Path::root(), &lookup).is_empty());
        assert!(dynamic_outputs("Dorny/Paths-Filter@v3"));
        assert!(!dynamic_outputs("actions/cache@v4"));
    }

    #[test]
    fn refs() {
        for (text, expected) in [
            ("steps.a.outputs.b", Some(("a", "b"))),
            ("steps['a'].outputs['b']", Some(("a", "b"))),
            ("STEPS.a.OUTPUTS.b", Some(("a", "b"))),
            ("steps.a.outputs", None),
            ("steps.a.outcome", None),
            ("github.a.outputs.b", None),
            ("steps.a.outputs[matrix.x]", None),
        ] {
            let ast = expr::parse(text).unwrap();
            assert_eq!(output_ref(&ast), expected, "{text}");
        }
    }
}
