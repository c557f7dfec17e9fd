//! Whether an event starts a workflow: its name under `on`, its activity type, and the branch, tag and
//! path filters, by the rules of GitHub's "Workflow syntax" and "Events that trigger workflows".

use super::Event;
use crate::model::{EventConfig, Filters, OneOrMany, Workflow};
use crate::validate::glob;

/// Whether the workflow starts: `Ok` with notes on what was assumed, or `Err` with the reason it does not.
pub(crate) fn check(workflow: &Workflow, event: &Event) -> Result<Vec<String>, String> {
    let name = event.name();
    let Some(on_event) = workflow.on.events().find(|e| e.as_str() == name) else {
        let events: Vec<&str> = workflow.on.events().map(|e| e.as_str()).collect();
        return Err(format!(
            "`{name}` is not one of the workflow's events ({})",
            events.join(", ")
        ));
    };
    let mut notes = Vec::new();
    let filters = match workflow.on.config(on_event) {
        Some(EventConfig::Filters(filters)) => Some(filters),
        _ => None,
    };
    activity(name, filters, event)?;
    let Some(filters) = filters else {
        return Ok(notes);
    };
    match name {
        "push" => {
            refs(filters, event)?;
            // "Path filters are not evaluated for pushes of tags."
            if event.tag().is_none() {
                paths(name, filters, event, &mut notes)?;
            }
        }
        "pull_request" | "pull_request_target" => {
            // "you can configure a workflow to run only for pull requests that target specific
            // branches": the branch filters read the base branch.
            if let Some(base) = event.base() {
                branch_filter(name, filters, base, "target branch")?;
            } else if filters.branches.is_some() || filters.branches_ignore.is_some() {
                notes.push(format!(
                    "the event names no base branch, so `on.{name}.branches` is taken as satisfied"
                ));
            }
            paths(name, filters, event, &mut notes)?;
        }
        "workflow_run" => {
            if let Some(head) = field(event, &["workflow_run", "head_branch"]) {
                branch_filter(name, filters, head, "branch")?;
            }
            if let (Some(workflows), Some(run)) =
                (&filters.workflows, field(event, &["workflow_run", "name"]))
                && !workflows.iter().any(|w| w == run)
            {
                return Err(format!(
                    "workflow `{run}` is not one of `on.workflow_run.workflows` ({})",
                    list(workflows)
                ));
            }
        }
        _ => {}
    }
    Ok(notes)
}

fn field<'e>(event: &'e Event, path: &[&str]) -> Option<&'e str> {
    let (last, parents) = path.split_last()?;
    let mut map = event.fields();
    for key in parents {
        map = map.get(*key)?.as_mapping()?;
    }
    map.get(*last)?.as_str()
}

fn list(patterns: &OneOrMany<String>) -> String {
    patterns
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

/// "Use `on.<event_name>.types` to define the type of activity that will trigger a workflow run." Without
/// `types`, every activity type starts it, except for pull requests: "By default, a workflow only runs
/// when a `pull_request` event's activity type is `opened`, `synchronize`, or `reopened`" (and the same
/// for `pull_request_target`).
fn activity(name: &str, filters: Option<&Filters>, event: &Event) -> Result<(), String> {
    let Some(activity) = event.activity_type() else {
        return Ok(());
    };
    match filters.and_then(|f| f.types.as_ref()) {
        Some(types) if !types.iter().any(|t| t == activity) => Err(format!(
            "activity type `{activity}` is not one of `on.{name}.types` ({})",
            list(types)
        )),
        None if matches!(name, "pull_request" | "pull_request_target")
            && !matches!(activity, "opened" | "synchronize" | "reopened") =>
        {
            Err(format!(
                "activity type `{activity}` does not start `{name}` by default (only opened, synchronize and reopened do); list it under `on.{name}.types`"
            ))
        }
        _ => Ok(()),
    }
}

/// A branch against `branches` or `branches-ignore`.
fn branch_filter(name: &str, filters: &Filters, branch: &str, what: &str) -> Result<(), String> {
    if let Some(branches) = &filters.branches {
        if !glob::selects(branches.iter().map(String::as_str), branch) {
            return Err(format!(
                "{what} `{branch}` is not selected by `on.{name}.branches` ({})",
                list(branches)
            ));
        }
    } else if let Some(ignore) = &filters.branches_ignore
        && glob::selects(ignore.iter().map(String::as_str), branch)
    {
        return Err(format!(
            "{what} `{branch}` is excluded by `on.{name}.branches-ignore` ({})",
            list(ignore)
        ));
    }
    Ok(())
}

/// The ref of a push against the branch and tag filters: "If you define only `tags`/`tags-ignore` or
/// only `branches`/`branches-ignore`, the workflow won't run for events affecting the undefined Git
/// ref. If you define neither [...], the workflow will run for events affecting either branches or
/// tags."
fn refs(filters: &Filters, event: &Event) -> Result<(), String> {
    let has_branches = filters.branches.is_some() || filters.branches_ignore.is_some();
    let has_tags = filters.tags.is_some() || filters.tags_ignore.is_some();
    if let Some(branch) = event.branch() {
        if !has_branches && has_tags {
            return Err(format!(
                "branch `{branch}` is not pushed to: `on.push` filters only tags"
            ));
        }
        branch_filter("push", filters, branch, "branch")?;
    } else if let Some(tag) = event.tag() {
        if !has_tags && has_branches {
            return Err(format!(
                "tag `{tag}` is not pushed to: `on.push` filters only branches"
            ));
        }
        if let Some(tags) = &filters.tags {
            if !glob::selects(tags.iter().map(String::as_str), tag) {
                return Err(format!(
                    "tag `{tag}` is not selected by `on.push.tags` ({})",
                    list(tags)
                ));
            }
        } else if let Some(ignore) = &filters.tags_ignore
            && glob::selects(ignore.iter().map(String::as_str), tag)
        {
            return Err(format!(
                "tag `{tag}` is excluded by `on.push.tags-ignore` ({})",
                list(ignore)
            ));
        }
    }
    Ok(())
}

/// The changed files against `paths` or `paths-ignore`: "If at least one path matches a pattern in the
/// `paths` filter, the workflow runs"; with `paths-ignore`, "When all the path names match patterns in
/// `paths-ignore`, the workflow will not run"; and "If there are no files changed, the workflow will not
/// run." For pull requests the files are those of the three-dot diff against the base branch ("Three-dot
/// diffs are a comparison between the most recent version of the topic branch and the commit where the
/// topic branch was last synced with the base branch"): the files the pull request changes.
fn paths(
    name: &str,
    filters: &Filters,
    event: &Event,
    notes: &mut Vec<String>,
) -> Result<(), String> {
    let (patterns, ignore) = match (&filters.paths, &filters.paths_ignore) {
        (Some(paths), _) => (paths, false),
        (None, Some(ignore)) => (ignore, true),
        (None, None) => return Ok(()),
    };
    let key = if ignore { "paths-ignore" } else { "paths" };
    let Some(changed) = event.changed_paths() else {
        notes.push(format!(
            "no changed files were given, so `on.{name}.{key}` is taken as satisfied"
        ));
        return Ok(());
    };
    if changed.is_empty() {
        return Err(format!(
            "no files changed, and with `on.{name}.{key}` a workflow runs only for changed files"
        ));
    }
    let selected = |path: &String| glob::selects(patterns.iter().map(String::as_str), path);
    if ignore {
        if changed.iter().all(selected) {
            return Err(format!(
                "every changed file is excluded by `on.{name}.paths-ignore` ({})",
                list(patterns)
            ));
        }
    } else if !changed.iter().any(selected) {
        return Err(format!(
            "no changed file is selected by `on.{name}.paths` ({})",
            list(patterns)
        ));
    }
    Ok(())
}
