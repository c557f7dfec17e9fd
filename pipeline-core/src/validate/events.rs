//! Triggers: unknown events, filters that do not apply to their event or exclude each other, activity
//! types, filter patterns, schedules and the inputs of `workflow_dispatch` and `workflow_call`.

use super::glob::{self, Kind};
use super::{At, Cx, cron, list, tz};
use crate::model::{
    Event, EventConfig, Filters, Input, InputType, On, OneOrMany, Path, Value, Workflow,
};

/// GitHub allows at most 25 inputs on `workflow_dispatch`.
const MAX_DISPATCH_INPUTS: usize = 25;
/// GitHub runs scheduled workflows at most every 5 minutes.
const MIN_SCHEDULE_MINUTES: u32 = 5;

/// The activity types an event accepts in `types`; `None` when it takes no `types`, `Some([])` when any
/// name goes (`repository_dispatch`). From GitHub's workflow schema (`<event>-activity-type`).
fn activity_types(event: &Event) -> Option<&'static [&'static str]> {
    let spec = crate::spec::event(event.as_str())?;
    spec.keys
        .contains(&"types")
        .then(|| spec.activity_types.unwrap_or(&[]))
}

/// The events whose mapping takes the filter `key` (`branches`, `paths`), from GitHub's workflow schema.
fn events_with(key: &str) -> Vec<&'static str> {
    crate::spec::workflow::EVENTS
        .iter()
        .filter(|e| e.keys.contains(&key))
        .map(|e| e.name)
        .collect()
}

pub(crate) fn check(cx: &mut Cx<'_>, workflow: &Workflow) {
    let on = Path::root().key("on");
    let event_path = |i: usize, event: &Event| match &workflow.on {
        On::Event(_) => on.clone(),
        On::Events(_) => on.index(i),
        On::Triggers(_) => on.key(event.as_str()),
    };
    if workflow.on.events().next().is_none() {
        cx.error(
            "on-missing",
            on.clone(),
            At::Key,
            "the workflow has no events in `on`, so it never runs; add one, such as `push`",
        );
    }
    for (i, event) in workflow.on.events().enumerate() {
        let path = event_path(i, event);
        if let Event::Other(name) = event {
            let hint = crate::suggest::did_you_mean(name, Event::KNOWN.iter().copied())
                .map(|s| format!("did you mean `{s}`? "))
                .unwrap_or_default();
            let at = if matches!(workflow.on, On::Triggers(_)) {
                At::Key
            } else {
                At::Value
            };
            cx.error(
                "event-unknown",
                path,
                at,
                format!("unknown event `{name}`; {hint}see GitHub's list of events that trigger workflows"),
            );
            continue;
        }
        if *event == Event::PullRequestComment {
            // GitHub's workflow schema accepts the name and describes it as "Please use the
            // `issue_comment` event instead."
            cx.warning(
                "event-deprecated",
                path.clone(),
                At::Key,
                "`pull_request_comment` is an old name; GitHub asks for `issue_comment`, which also fires for comments on pull requests",
            );
        }
        match (event, workflow.on.config(event)) {
            (Event::Schedule, None) => {
                cx.error(
                    "schedule-config",
                    path,
                    At::Value,
                    "`schedule` needs a list of crons, as in `schedule: [{cron: '0 3 * * *'}]`",
                );
            }
            (_, Some(EventConfig::Schedule(crons))) => {
                for (j, cron) in crons.iter().enumerate() {
                    check_cron(cx, &path.index(j), cron);
                }
            }
            (_, Some(EventConfig::Filters(filters))) => check_filters(cx, event, &path, filters),
            (_, Some(EventConfig::WorkflowDispatch(dispatch))) => {
                if let Some(inputs) = &dispatch.inputs {
                    if inputs.len() > MAX_DISPATCH_INPUTS {
                        cx.error(
                            "dispatch-too-many-inputs",
                            path.clone(),
                            At::Key,
                            format!(
                                "`workflow_dispatch` has {} inputs; GitHub allows at most {MAX_DISPATCH_INPUTS}",
                                inputs.len()
                            ),
                        );
                    }
                    let root = super::Here::root();
                    let on_key = root.key("on");
                    let event_key = on_key.key(event.as_str());
                    super::structure::duplicate_keys(
                        cx,
                        &event_key.key("inputs"),
                        inputs.keys(),
                        "inputs",
                    );
                    for (name, input) in inputs {
                        check_input(cx, &path.key("inputs").key(name), name, input, false);
                    }
                }
            }
            (_, Some(EventConfig::WorkflowCall(call))) => {
                for (name, input) in call.inputs.iter().flatten() {
                    check_input(cx, &path.key("inputs").key(name), name, input, true);
                }
            }
            _ => {}
        }
    }
}

fn check_cron(cx: &mut Cx<'_>, path: &Path, cron: &crate::model::Cron) {
    match cron::parse(&cron.cron) {
        Err(problem) => {
            cx.error(
                "cron-invalid",
                path.key("cron"),
                At::Value,
                format!("invalid cron `{}`: {problem}", cron.cron),
            );
        }
        Ok(schedule) => {
            if let Some(minutes) = schedule.shortest_interval()
                && minutes < MIN_SCHEDULE_MINUTES
            {
                cx.error(
                        "cron-too-frequent",
                        path.key("cron"),
                        At::Value,
                        format!(
                            "cron `{}` runs every {minutes} minute(s); GitHub runs schedules at most every {MIN_SCHEDULE_MINUTES} minutes",
                            cron.cron
                        ),
                    );
            }
        }
    }
    if let Some(zone) = &cron.timezone
        && !super::has_expression(zone)
        && tz::NAMES.binary_search(&zone.as_str()).is_err()
    {
        cx.error(
            "timezone-invalid",
            path.key("timezone"),
            At::Value,
            format!("`{zone}` is not an IANA time zone name, such as `Europe/Paris` or `UTC`"),
        );
    }
}

/// A filter key, its value, the events it applies to, and what its patterns match.
type FilterEntry<'f> = (&'static str, &'f Option<OneOrMany<String>>, Kind);

fn check_filters(cx: &mut Cx<'_>, event: &Event, path: &Path, filters: &Filters) {
    let name = event.as_str();
    let entries: [FilterEntry<'_>; 8] = [
        ("branches", &filters.branches, Kind::Ref),
        ("branches-ignore", &filters.branches_ignore, Kind::Ref),
        ("tags", &filters.tags, Kind::Ref),
        ("tags-ignore", &filters.tags_ignore, Kind::Ref),
        ("paths", &filters.paths, Kind::Path),
        ("paths-ignore", &filters.paths_ignore, Kind::Path),
        ("workflows", &filters.workflows, Kind::Path),
        ("types", &filters.types, Kind::Path),
    ];
    for (key, value, kind) in entries {
        let Some(value) = value else { continue };
        let p = path.key(key);
        if key == "types" {
            check_types(cx, event, &p, value);
            continue;
        }
        let events = events_with(key);
        if !events.contains(&name) {
            cx.error(
                "filter-not-applicable",
                p,
                At::Key,
                format!(
                    "`{key}` does not filter `{name}` events; it applies only to {}",
                    list(events.iter())
                ),
            );
            continue;
        }
        if key == "workflows" {
            continue;
        }
        for (j, pattern) in value.iter().enumerate() {
            let item = match value {
                OneOrMany::One(_) => p.clone(),
                OneOrMany::Many(_) => p.index(j),
            };
            if let Some((offset, problem)) = glob::check(pattern, kind) {
                cx.error(
                    "glob-invalid",
                    item,
                    At::Expr {
                        text: pattern,
                        offset,
                    },
                    format!("invalid filter pattern `{pattern}`: {problem}"),
                );
            }
        }
    }
    for (key, value) in [("names", &filters.names), ("versions", &filters.versions)] {
        if let Some(value) = value {
            let events = events_with(key);
            if !events.contains(&name) {
                cx.error(
                    "filter-not-applicable",
                    path.key(key),
                    At::Key,
                    format!(
                        "`{key}` filters only {} events, not `{name}`",
                        list(events.iter())
                    ),
                );
            } else if value.as_slice().is_empty() {
                cx.error(
                    "filter-empty",
                    path.key(key),
                    At::Value,
                    format!("`{key}` of `image_version` is empty, so no image matches; list at least one, or remove it"),
                );
            }
        }
    }
    for (a, b, x, y) in [
        (
            "branches",
            "branches-ignore",
            &filters.branches,
            &filters.branches_ignore,
        ),
        ("tags", "tags-ignore", &filters.tags, &filters.tags_ignore),
        (
            "paths",
            "paths-ignore",
            &filters.paths,
            &filters.paths_ignore,
        ),
    ] {
        if x.is_none() || y.is_none() {
            continue;
        }
        if !events_with(a).contains(&name) {
            continue;
        }
        let at_a = cx.locate(&path.key(a), At::Key);
        let at_b = cx.locate(&path.key(b), At::Key);
        let later = if at_a > at_b { a } else { b };
        cx.error(
            "filter-exclusive",
            path.key(later),
            At::Key,
            format!(
                "`{a}` and `{b}` cannot both filter `{name}`; keep `{a}` and negate patterns with `!`"
            ),
        );
    }
}

fn check_types(cx: &mut Cx<'_>, event: &Event, path: &Path, types: &OneOrMany<String>) {
    let Some(known) = activity_types(event) else {
        cx.error(
            "filter-not-applicable",
            path.clone(),
            At::Key,
            format!("`{event}` has no activity types; remove `types`"),
        );
        return;
    };
    if known.is_empty() {
        return;
    }
    for (j, t) in types.iter().enumerate() {
        if known.contains(&t.as_str()) || super::has_expression(t) {
            continue;
        }
        let item = match types {
            OneOrMany::One(_) => path.clone(),
            OneOrMany::Many(_) => path.index(j),
        };
        let hint = crate::suggest::did_you_mean(t, known.iter().copied())
            .map(|s| format!("did you mean `{s}`? "))
            .unwrap_or_default();
        cx.error(
            "activity-type-invalid",
            item,
            At::Value,
            format!(
                "`{t}` is not an activity type of `{event}`; {hint}types are {}",
                list(known)
            ),
        );
    }
}

fn check_input(cx: &mut Cx<'_>, path: &Path, name: &str, input: &Input, call: bool) {
    match &input.r#type {
        Some(InputType::Other(t)) => {
            let allowed: &[&str] = if call {
                &["string", "number", "boolean"]
            } else {
                &["string", "number", "boolean", "choice", "environment"]
            };
            cx.error(
                "input-type-invalid",
                path.key("type"),
                At::Value,
                format!(
                    "input `{name}` has type `{t}`; use one of {}",
                    list(allowed)
                ),
            );
        }
        Some(t @ (InputType::Choice | InputType::Environment)) if call => {
            cx.error(
                "input-choice-in-call",
                path.key("type"),
                At::Value,
                format!("`workflow_call` inputs cannot be of type `{t}`; use `string`, `number` or `boolean`"),
            );
        }
        Some(InputType::Choice) => {
            let options = input.options.as_deref().unwrap_or_default();
            if options.is_empty() {
                cx.error(
                    "input-choice-no-options",
                    path.clone(),
                    At::Key,
                    format!("input `{name}` is a `choice` without `options`; list the choices"),
                );
            } else if let Some(default) = &input.default {
                let text = default.to_string();
                if !options.contains(&text) && !super::has_expression(&text) {
                    cx.error(
                        "input-default-invalid",
                        path.key("default"),
                        At::Value,
                        format!(
                            "default `{text}` of input `{name}` is not one of its options ({})",
                            list(options)
                        ),
                    );
                }
            }
        }
        Some(InputType::Boolean) => {
            if let Some(default) = &input.default {
                let ok = match default {
                    Value::Bool(_) => true,
                    Value::String(s) => super::has_expression(s) || s == "true" || s == "false",
                    _ => false,
                };
                if !ok {
                    cx.error(
                        "input-default-invalid",
                        path.key("default"),
                        At::Value,
                        format!("input `{name}` is a boolean, so its default must be `true` or `false`, not `{default}`"),
                    );
                }
            }
        }
        Some(InputType::Number) => {
            if let Some(default) = &input.default {
                let ok = match default {
                    Value::Number(_) => true,
                    Value::String(s) => super::has_expression(s) || s.trim().parse::<f64>().is_ok(),
                    _ => false,
                };
                if !ok {
                    cx.error(
                        "input-default-invalid",
                        path.key("default"),
                        At::Value,
                        format!("input `{name}` is a number, so its default must be a number, not `{default}`"),
                    );
                }
            }
        }
        _ => {}
    }
    if input.options.is_some() && !matches!(input.r#type, Some(InputType::Choice)) {
        cx.warning(
            "input-options-unused",
            path.key("options"),
            At::Key,
            format!("input `{name}` lists `options`, which only `type: choice` uses"),
        );
    }
}
