//! `dangerous-triggers`, `cache-poisoning`, `self-hosted-runner`, `insecure-commands` and
//! `deprecated-commands`: what the events that start a workflow let an outsider reach.
//!
//! `pull_request_target` and `workflow_run` run with the repository's secrets and a write token on events
//! a fork's pull request sets off; comment triggers run on text anyone can post ("Keeping your GitHub
//! Actions and workflows secure: preventing pwn requests", GitHub Security Lab). A cache written by an
//! untrusted run and restored by a release build puts the untrusted run's files into the release
//! (caches are shared across the branches of a repository). Self-hosted runners keep state between jobs,
//! so a fork's pull request on one can persist on the machine ("Self-hosted runner security").

use super::{major_version, with_str};
use crate::model::{
    Env, Event, EventConfig, ExprOr, Job, On, OneOrMany, Path, RunsOn, Step, Workflow,
};
use crate::validate::{At, Cx};

/// Where `on` names an event: its key, or its item in a list.
fn event_path(on: &On, event: &Event) -> (Path, At<'static>) {
    match on {
        On::Event(_) => (Path::root().key("on"), At::Value),
        On::Events(events) => {
            let i = events.iter().position(|e| e == event).unwrap_or(0);
            (Path::root().key("on").index(i), At::Value)
        }
        On::Triggers(_) => (Path::root().key("on").key(event.to_string()), At::Key),
    }
}

/// Whether any job's `if:` checks who posted a comment.
fn checks_author(workflow: &Workflow) -> bool {
    workflow.jobs.values().any(|job| {
        let condition = match &job.r#if {
            Some(ExprOr::Expr(s)) => s.as_str(),
            _ => "",
        };
        let condition = condition.to_ascii_lowercase();
        [
            "author_association",
            "github.actor",
            ".user.login",
            "github.triggering_actor",
        ]
        .iter()
        .any(|w| condition.contains(w))
    })
}

fn dangerous(cx: &mut Cx<'_>, workflow: &Workflow) {
    for event in workflow.on.events() {
        let message = match event {
            Event::PullRequestTarget => {
                "`pull_request_target` runs with the repository's secrets and a write token on pull requests from forks; checking out or running the pull request's code there hands both to its author. Use `pull_request` unless the job must write, and then never run the head's code"
            }
            Event::WorkflowRun => {
                "`workflow_run` runs with the repository's secrets after a workflow a fork's pull request can start; artifacts and outputs of that run are the fork's data. Treat them as untrusted: never execute them or paste them into scripts"
            }
            Event::IssueComment | Event::PullRequestReviewComment | Event::DiscussionComment
                if !checks_author(workflow) =>
            {
                "anyone can post a comment, and nothing checks who did; add an `if:` on `github.event.comment.author_association` (`OWNER`, `MEMBER`, `COLLABORATOR`) to the jobs it starts"
            }
            _ => continue,
        };
        let (path, at) = event_path(&workflow.on, event);
        cx.warning("dangerous-triggers", path, at, message);
    }
}

/// Whether a branch or tag filter looks like a release line (`v*`, `releases/*`, `v[0-9]+`).
fn release_pattern(pattern: &str) -> bool {
    let p = pattern.trim_start_matches('!').to_ascii_lowercase();
    p.contains("release")
        || p.strip_prefix('v').is_some_and(|r| {
            r.starts_with(['*', '[']) || r.starts_with(|c: char| c.is_ascii_digit())
        })
}

fn items(list: Option<&OneOrMany<String>>) -> Vec<&str> {
    match list {
        Some(OneOrMany::One(s)) => vec![s.as_str()],
        Some(OneOrMany::Many(v)) => v.iter().map(String::as_str).collect(),
        None => Vec::new(),
    }
}

/// Why the workflow builds what gets published: the events that start it.
fn publishes(workflow: &Workflow) -> Option<&'static str> {
    workflow.on.events().find_map(|event| match event {
        Event::Release => Some("runs on releases"),
        Event::Push => {
            let Some(EventConfig::Filters(filters)) = workflow.on.config(event) else {
                return None;
            };
            if !items(filters.tags.as_ref()).is_empty() {
                return Some("runs on pushed tags");
            }
            items(filters.branches.as_ref())
                .iter()
                .any(|b| release_pattern(b))
                .then_some("runs on release branches")
        }
        _ => None,
    })
}

/// Actions that publish what the job built.
const PUBLISHERS: &[&str] = &[
    "softprops/action-gh-release",
    "ncipollo/release-action",
    "actions/create-release",
    "pypa/gh-action-pypi-publish",
    "goreleaser/goreleaser-action",
    "svenstaro/upload-release-action",
];

fn is_false(step: &Step, key: &str) -> bool {
    with_str(step, key).is_some_and(|v| v.trim().eq_ignore_ascii_case("false"))
}

fn is_set(step: &Step, key: &str) -> bool {
    with_str(step, key)
        .is_some_and(|v| !v.trim().is_empty() && !v.trim().eq_ignore_ascii_case("false"))
}

/// The major version of a step's action, from its reference or the comment after a commit.
fn step_major(step: &Step, uses: &str) -> Option<u32> {
    major_version(uses).or_else(|| {
        let comment = step.uses_comment.as_deref()?;
        major_version(&format!("x@{}", comment.trim()))
    })
}

/// Whether a step restores a cache, and what makes it do so.
fn restores_cache(step: &Step) -> Option<&'static str> {
    let uses = step.uses.as_deref()?;
    let name = super::action_name(uses);
    let lookup_only = || with_str(step, "lookup-only").is_some_and(|v| v.trim() == "true");
    match name.as_str() {
        "actions/cache" | "actions/cache/restore" if !lookup_only() => {
            Some("`actions/cache` restores a cache")
        }
        "swatinem/rust-cache" if !lookup_only() => Some("`Swatinem/rust-cache` restores a cache"),
        "actions/setup-node" => {
            if is_set(step, "cache") {
                Some("`actions/setup-node` restores a cache (`cache:`)")
            } else if step_major(step, uses).is_none_or(|m| m >= 5)
                && !is_false(step, "package-manager-cache")
            {
                Some("`actions/setup-node` restores a cache unless `package-manager-cache: false`")
            } else {
                None
            }
        }
        "actions/setup-go"
            if !is_false(step, "cache") && step_major(step, uses).is_none_or(|m| m >= 4) =>
        {
            Some("`actions/setup-go` restores a cache unless `cache: false`")
        }
        "actions/setup-python" | "actions/setup-java" | "actions/setup-dotnet"
            if is_set(step, "cache") =>
        {
            Some("the setup action restores a cache (`cache:`)")
        }
        "docker/setup-buildx-action" if !is_false(step, "cache-binary") => {
            Some("`docker/setup-buildx-action` caches its binary unless `cache-binary: false`")
        }
        "ruby/setup-ruby" if is_set(step, "bundler-cache") => {
            Some("`ruby/setup-ruby` restores a cache (`bundler-cache:`)")
        }
        "astral-sh/setup-uv" if is_set(step, "enable-cache") => {
            Some("`astral-sh/setup-uv` restores a cache (`enable-cache:`)")
        }
        "mozilla-actions/sccache-action" => Some("`sccache` reads the GitHub Actions cache"),
        "actions-rust-lang/setup-rust-toolchain" if !is_false(step, "cache") => {
            Some("`actions-rust-lang/setup-rust-toolchain` restores a cache unless `cache: false`")
        }
        _ => None,
    }
}

fn cache_poisoning(cx: &mut Cx<'_>, workflow: &Workflow) {
    let by_trigger = publishes(workflow);
    for (id, job) in super::jobs(workflow) {
        let steps = job.step_list();
        let why = by_trigger.or_else(|| {
            steps
                .iter()
                .filter_map(|s| s.uses.as_deref())
                .any(|u| PUBLISHERS.contains(&super::action_name(u).as_str()))
                .then_some("publishes a release")
        });
        let Some(why) = why else {
            continue;
        };
        for (i, step) in steps.iter().enumerate() {
            if let Some(what) = restores_cache(step) {
                cx.warning(
                    "cache-poisoning",
                    Path::root().key("jobs").key(id.as_str()).key("steps").index(i).key("uses"),
                    At::Value,
                    format!(
                        "{what}, and this workflow {why}: a cache written by any branch's run, a pull request's included, ends up in what is published; turn caching off in release builds"
                    ),
                );
            }
        }
    }
}

/// The labels a job asks for, when written out.
fn labels(job: &Job) -> Vec<&str> {
    match &job.runs_on {
        Some(RunsOn::Label(l)) => vec![l.as_str()],
        Some(RunsOn::Labels(ls)) => ls.iter().map(String::as_str).collect(),
        Some(RunsOn::Group(group)) => items(group.labels.as_ref()),
        None => Vec::new(),
    }
}

fn self_hosted(cx: &mut Cx<'_>, workflow: &Workflow) {
    let forks = workflow
        .on
        .events()
        .any(|e| matches!(e, Event::PullRequest | Event::PullRequestTarget));
    if !forks {
        return;
    }
    let own = &cx.config.self_hosted_labels;
    let own: Vec<String> = own.clone();
    for (id, job) in &workflow.jobs {
        let hosted_by_us = labels(job).iter().any(|l| {
            l.eq_ignore_ascii_case("self-hosted") || own.iter().any(|o| o.eq_ignore_ascii_case(l))
        });
        if hosted_by_us {
            cx.warning(
                "self-hosted-runner",
                Path::root().key("jobs").key(id.as_str()).key("runs-on"),
                At::Value,
                format!(
                    "job `{id}` runs on a self-hosted runner and the workflow runs on pull requests, so a fork's code can run on the machine and leave something behind for later jobs; use GitHub-hosted runners for pull requests, or ephemeral runners that serve one job"
                ),
            );
        }
    }
}

fn env_enables_commands(env: Option<&Env>) -> Option<&str> {
    let Some(ExprOr::Value(map)) = env else {
        return None;
    };
    map.iter()
        .find(|(k, v)| {
            k.eq_ignore_ascii_case("ACTIONS_ALLOW_UNSECURE_COMMANDS")
                && match v {
                    crate::model::Value::Bool(b) => *b,
                    crate::model::Value::String(s) => s.trim().eq_ignore_ascii_case("true"),
                    _ => false,
                }
        })
        .map(|(k, _)| k.as_str())
}

fn commands(cx: &mut Cx<'_>, workflow: &Workflow) {
    let insecure = |cx: &mut Cx<'_>, path: Path| {
        cx.warning(
            "insecure-commands",
            path,
            At::Key,
            "`ACTIONS_ALLOW_UNSECURE_COMMANDS` turns `::set-env` and `::add-path` back on, so any text a step prints can set variables for the next steps; remove it and write to `$GITHUB_ENV` and `$GITHUB_PATH`",
        );
    };
    if let Some(key) = env_enables_commands(workflow.env.as_ref()) {
        insecure(cx, Path::root().key("env").key(key));
    }
    for (id, job) in &workflow.jobs {
        let base = Path::root().key("jobs").key(id.as_str());
        if let Some(key) = env_enables_commands(job.env.as_ref()) {
            insecure(cx, base.key("env").key(key));
        }
        for (i, step) in job.step_list().iter().enumerate() {
            let path = base.key("steps").index(i);
            if let Some(key) = env_enables_commands(step.env.as_ref()) {
                insecure(cx, path.key("env").key(key));
            }
            let Some(run) = step.run.as_deref() else {
                continue;
            };
            for command in ["::set-output ", "::save-state "] {
                if let Some(offset) = run.find(command) {
                    cx.warning(
                        "deprecated-commands",
                        path.key("run"),
                        At::Expr { text: run, offset },
                        format!(
                            "`{}` is deprecated and GitHub may turn it off; write `name=value` lines to `$GITHUB_OUTPUT` (or `$GITHUB_STATE`) instead",
                            command.trim()
                        ),
                    );
                }
            }
        }
    }
}

pub(super) fn check(cx: &mut Cx<'_>, workflow: &Workflow) {
    dangerous(cx, workflow);
    cache_poisoning(cx, workflow);
    self_hosted(cx, workflow);
    commands(cx, workflow);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn release_lines() {
        for yes in ["v*", "v[0-9]+", "v1.x", "releases/*", "patch-release-*"] {
            assert!(release_pattern(yes), "{yes}");
        }
        for no in ["main", "master", "feat/*", "vendor"] {
            assert!(!release_pattern(no), "{no}");
        }
    }
}
