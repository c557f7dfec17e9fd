//! Parallel steps: `background` steps, the `wait`, `wait-all` and `cancel` steps that collect or stop
//! them, and `parallel` groups.
//!
//! GitHub's workflow schema (`steps-item`) makes each step exactly one of `run-step`, `regular-step`
//! (`uses`), `wait-step`, `wait-all-step`, `cancel-step` and `parallel-step`. The last four take only the
//! keys listed here: a wait, wait-all or cancel step takes `name`, `id` and `continue-on-error` (no `if`),
//! a parallel step only `parallel`. A background step's outputs are set when it ends, so a later step
//! reads them only after a `wait` or `wait-all` has covered it. Composite actions (`composite-step` in the
//! action schema) take only `run` and `uses` steps, without `background`.

use super::{At, Cx, Here, list};
use crate::expr::{Ast, Segment, parse_condition, scan};
use crate::model::{ExprOr, Job, Step, StepKind, Value};

/// More background steps than this running at once is more than GitHub runs together.
const MAX_BACKGROUND: usize = 10;

/// The keys a wait, wait-all or cancel step takes besides its own (`step-wait`, `wait-all-step`,
/// `cancel-step` in the schema).
const CONTROL_KEYS: &[&str] = &["name", "id", "continue-on-error"];

/// The keys of a step that are set, by their YAML names.
fn keys_set(step: &Step) -> Vec<&'static str> {
    let present = [
        ("name", step.name.is_some()),
        ("id", step.id.is_some()),
        ("if", step.r#if.is_some()),
        ("uses", step.uses.is_some()),
        ("with", step.with.is_some()),
        ("run", step.run.is_some()),
        ("shell", step.shell.is_some()),
        ("working-directory", step.working_directory.is_some()),
        ("env", step.env.is_some()),
        ("continue-on-error", step.continue_on_error.is_some()),
        ("timeout-minutes", step.timeout_minutes.is_some()),
        ("background", step.background.is_some()),
        ("wait", step.wait.is_some()),
        ("wait-all", step.wait_all.is_some()),
        ("cancel", step.cancel.is_some()),
        ("parallel", step.parallel.is_some()),
    ];
    present
        .into_iter()
        .filter_map(|(key, set)| set.then_some(key))
        .collect()
}

fn kind_key(kind: StepKind) -> &'static str {
    match kind {
        StepKind::Run => "run",
        StepKind::Uses => "uses",
        StepKind::Wait => "wait",
        StepKind::WaitAll => "wait-all",
        StepKind::Cancel => "cancel",
        StepKind::Parallel => "parallel",
        StepKind::Empty => "",
    }
}

/// The checks of one step's shape: one kind per step, and only the keys its kind takes.
fn check_shape(cx: &mut Cx<'_>, step: &Step, path: &Here<'_>) {
    let kind = step.kind();
    let keys = keys_set(step);
    let kinds: Vec<&str> = keys
        .iter()
        .copied()
        .filter(|k| {
            matches!(
                *k,
                "run" | "uses" | "wait" | "wait-all" | "cancel" | "parallel"
            )
        })
        .collect();
    // `run` with `uses` is reported by the step checks; any other pair is a step of two kinds.
    if kinds.len() > 1 && kinds != ["uses", "run"] {
        let second = kinds[1];
        cx.error(
            "step-kind-mixed",
            path.key(second),
            At::Key,
            format!(
                "a step sets {}, but a step is one of `run`, `uses`, `wait`, `wait-all`, `cancel` or `parallel`; split it",
                list(&kinds)
            ),
        );
        return;
    }
    let allowed: &[&str] = match kind {
        StepKind::Wait | StepKind::WaitAll | StepKind::Cancel => CONTROL_KEYS,
        StepKind::Parallel => &[],
        _ => return,
    };
    let own = kind_key(kind);
    for key in keys {
        if key == own || allowed.contains(&key) {
            continue;
        }
        if key == "if" {
            cx.error(
                "step-control-if",
                path.key("if"),
                At::Key,
                format!("a `{own}` step takes no `if`; it always runs (put the condition on the steps it waits for or cancels)"),
            );
        } else {
            let takes = if allowed.is_empty() {
                "nothing else".to_owned()
            } else {
                list(allowed)
            };
            cx.error(
                "step-control-key",
                path.key(key),
                At::Key,
                format!("a `{own}` step takes {takes} besides `{own}`, not `{key}`; remove it"),
            );
        }
    }
}

/// The background steps of a job as the steps run in order.
struct Running<'s> {
    /// Background steps started and not yet waited for, by id as written.
    uncovered: Vec<&'s str>,
    /// How many background steps run now (those without an id too).
    count: usize,
    /// Every background step seen so far, by id.
    seen: Vec<&'s str>,
}

fn eq(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// Parallel steps in a job: shapes, `wait` and `cancel` targets, how many run at once, and outputs read
/// before they are set.
pub(crate) fn check_job(cx: &mut Cx<'_>, id: &str, job: &Job, path: &Here<'_>) {
    let steps = job.step_list();
    if !steps
        .iter()
        .any(|s| s.kind() != StepKind::Run && s.kind() != StepKind::Uses || s.background.is_some())
    {
        return;
    }
    let steps_path = path.key("steps");
    let mut running = Running {
        uncovered: Vec::new(),
        count: 0,
        seen: Vec::new(),
    };
    for (i, step) in steps.iter().enumerate() {
        let here = steps_path.index(i);
        check_shape(cx, step, &here);
        unset_outputs(cx, step, &here, &running.uncovered, &[]);
        match step.kind() {
            StepKind::Wait => {
                let targets = step.wait.iter().flat_map(|w| w.iter());
                let many = matches!(step.wait, Some(crate::model::OneOrMany::Many(_)));
                for (t, target) in targets.enumerate() {
                    let at = here.key("wait");
                    let target_path = if many { at.index(t) } else { at };
                    if check_target(cx, id, steps, i, target, &running, &target_path, "wait") {
                        running.uncovered.retain(|u| !eq(u, target));
                        running.count = running.count.saturating_sub(1);
                    }
                }
            }
            StepKind::WaitAll => {
                if step.wait_all.is_some_and(crate::model::WaitAll::waits) {
                    running.uncovered.clear();
                    running.count = 0;
                }
            }
            StepKind::Cancel => {
                if let Some(target) = &step.cancel
                    && check_target(
                        cx,
                        id,
                        steps,
                        i,
                        target,
                        &running,
                        &here.key("cancel"),
                        "cancel",
                    )
                {
                    running.uncovered.retain(|u| !eq(u, target));
                    running.count = running.count.saturating_sub(1);
                }
            }
            StepKind::Parallel => {
                let inner = step.parallel.as_deref().unwrap_or_default();
                let group = here.key("parallel");
                let siblings: Vec<&str> = inner.iter().filter_map(|s| s.id.as_deref()).collect();
                for (j, member) in inner.iter().enumerate() {
                    let member_path = group.index(j);
                    check_shape(cx, member, &member_path);
                    if matches!(member.kind(), StepKind::Parallel) {
                        cx.error(
                            "step-control-key",
                            member_path.key("parallel"),
                            At::Key,
                            "a `parallel` group holds `run` and `uses` steps, not another group",
                        );
                    }
                    let others: Vec<&str> = siblings
                        .iter()
                        .copied()
                        .filter(|s| member.id.as_deref() != Some(*s))
                        .collect();
                    unset_outputs(cx, member, &member_path, &running.uncovered, &others);
                }
                if running.count + inner.len() > MAX_BACKGROUND {
                    too_many(cx, &here, running.count + inner.len());
                }
                // The group ends when all of its steps have.
                running.seen.extend(siblings);
            }
            StepKind::Run | StepKind::Uses | StepKind::Empty => {
                if step.is_background() {
                    running.count += 1;
                    if running.count == MAX_BACKGROUND + 1 {
                        too_many(cx, &here.key("background"), running.count);
                    }
                    if let Some(step_id) = step.id.as_deref() {
                        running.uncovered.push(step_id);
                        running.seen.push(step_id);
                    }
                }
            }
        }
    }
}

fn too_many(cx: &mut Cx<'_>, path: &Here<'_>, count: usize) {
    cx.warning(
        "background-steps-many",
        *path,
        At::Key,
        format!("{count} background steps would run at once here, more than the {MAX_BACKGROUND} GitHub runs together; wait for some first"),
    );
}

/// Whether `target`, named by the `wait` or `cancel` of step `index`, is an earlier background step;
/// reports it when not.
#[allow(clippy::too_many_arguments)]
fn check_target(
    cx: &mut Cx<'_>,
    job_id: &str,
    steps: &[Step],
    index: usize,
    target: &str,
    running: &Running<'_>,
    path: &Here<'_>,
    key: &str,
) -> bool {
    if crate::text::has_expression(target) {
        return false;
    }
    if running.seen.iter().any(|s| eq(s, target)) {
        return true;
    }
    let named = |s: &&Step| s.id.as_deref().is_some_and(|i| eq(i, target));
    let message = if steps[..index]
        .iter()
        .flat_map(Step::walk)
        .any(|s| named(&s))
    {
        format!(
            "`{key}: {target}` names a step that does not run in the background; `{key}` takes the id of an earlier step with `background: true`"
        )
    } else if steps[index..]
        .iter()
        .flat_map(Step::walk)
        .any(|s| named(&s))
    {
        format!(
            "`{key}: {target}` names a later step; `{key}` takes the id of an earlier background step"
        )
    } else {
        let known: Vec<&str> = running.seen.clone();
        let hint = crate::suggest::did_you_mean(target, known.iter().copied())
            .map_or_else(String::new, |s| format!(", did you mean `{s}`?"));
        format!("`{key}: {target}` names no step of job `{job_id}`{hint}")
    };
    cx.error("step-wait-target", *path, At::Value, message);
    false
}

/// Reports each read of `steps.<id>.outputs` in `step` whose `<id>` is a background step still running
/// (in `uncovered`) or a sibling in the same `parallel` group (`siblings`): its outputs are not set yet.
fn unset_outputs(
    cx: &mut Cx<'_>,
    step: &Step,
    path: &Here<'_>,
    uncovered: &[&str],
    siblings: &[&str],
) {
    if uncovered.is_empty() && siblings.is_empty() {
        return;
    }
    let report = |cx: &mut Cx<'_>, key: &str, read: &str, sibling: bool| {
        let why = if sibling {
            "runs in the same `parallel` group, so its outputs are not set while this step starts"
        } else {
            "runs in the background and no `wait` or `wait-all` has covered it yet, so its outputs are not set"
        };
        cx.error(
            "background-output-unset",
            path.key(key),
            At::Value,
            format!(
                "`steps.{read}.outputs` is read here, but step `{read}` {why}; add a `wait` first"
            ),
        );
    };
    let check = |cx: &mut Cx<'_>, key: &str, text: &str, condition: bool| {
        for read in output_reads(text, condition) {
            if let Some(found) = uncovered.iter().find(|u| eq(u, &read)) {
                report(cx, key, found, false);
            } else if let Some(found) = siblings.iter().find(|u| eq(u, &read)) {
                report(cx, key, found, true);
            }
        }
    };
    if let Some(ExprOr::Expr(condition)) = &step.r#if {
        check(cx, "if", condition, true);
    }
    for (key, text) in [
        ("name", step.name.as_deref()),
        ("run", step.run.as_deref()),
        ("working-directory", step.working_directory.as_deref()),
        ("shell", step.shell.as_deref()),
    ] {
        if let Some(text) = text {
            check(cx, key, text, false);
        }
    }
    if let Some(ExprOr::Expr(text)) = &step.continue_on_error {
        check(cx, "continue-on-error", text, false);
    }
    if let Some(ExprOr::Expr(text)) = &step.timeout_minutes {
        check(cx, "timeout-minutes", text, false);
    }
    let env = match &step.env {
        Some(ExprOr::Value(env)) => Some(env),
        _ => None,
    };
    for (key, mapping) in [("with", step.with.as_ref()), ("env", env)] {
        for value in mapping.into_iter().flat_map(|m| m.values()) {
            let mut texts = Vec::new();
            strings(value, &mut texts);
            for text in texts {
                check(cx, key, text, false);
            }
        }
    }
}

fn strings<'v>(value: &'v Value, out: &mut Vec<&'v str>) {
    match value {
        Value::String(s) => out.push(s),
        Value::Sequence(items) => items.iter().for_each(|v| strings(v, out)),
        Value::Mapping(map) => map.values().for_each(|v| strings(v, out)),
        _ => {}
    }
}

/// The step ids whose `outputs` an expression text reads (`steps.<id>.outputs`, in any spelling).
fn output_reads(text: &str, condition: bool) -> Vec<String> {
    let mut exprs: Vec<Ast> = Vec::new();
    if condition {
        if let Ok(parsed) = parse_condition(text) {
            match parsed.expr() {
                Some(expr) => exprs.push(expr.clone()),
                None => exprs.extend(template_exprs(text)),
            }
        }
    } else {
        exprs.extend(template_exprs(text));
    }
    let mut reads = Vec::new();
    for expr in &exprs {
        expr.walk(&mut |node| {
            if let Some(outputs_of) = member(node)
                && outputs_of.1.eq_ignore_ascii_case("outputs")
                && let Some((root, step_id)) = member(outputs_of.0)
                && matches!(root, Ast::Context(c) if c.eq_ignore_ascii_case("steps"))
            {
                reads.push(step_id.to_owned());
            }
        });
    }
    reads
}

/// `target.name` or `target['name']`, as (target, name).
fn member(node: &Ast) -> Option<(&Ast, &str)> {
    match node {
        Ast::Property { target, name } => Some((target, name)),
        Ast::Index { target, index } => match index.as_ref() {
            Ast::String(name) => Some((target, name)),
            _ => None,
        },
        _ => None,
    }
}

fn template_exprs(text: &str) -> Vec<Ast> {
    if !crate::text::has_expression(text) {
        return Vec::new();
    }
    let Ok(segments) = scan(text) else {
        return Vec::new();
    };
    segments
        .into_iter()
        .filter_map(|segment| match segment {
            Segment::Expr { source, .. } => crate::expr::parse(source).ok(),
            Segment::Text(_) => None,
        })
        .collect()
}

/// Composite actions run only `run` and `uses` steps, in order: the action schema's `composite-step` has
/// no `background`, `wait`, `wait-all`, `cancel` or `parallel`.
pub(crate) fn check_composite(cx: &mut Cx<'_>, steps: &[Step], path: &Here<'_>) {
    for (i, step) in steps.iter().enumerate() {
        let here = path.index(i);
        let key = match step.kind() {
            StepKind::Run | StepKind::Uses | StepKind::Empty => {
                if step.background.is_none() {
                    continue;
                }
                "background"
            }
            kind => kind_key(kind),
        };
        cx.error(
            "composite-step-parallel",
            here.key(key),
            At::Key,
            format!("a composite action's steps run one after another: `{key}` is for workflow jobs only; remove it"),
        );
    }
}
