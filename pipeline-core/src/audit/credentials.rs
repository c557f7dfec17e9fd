//! `artipacked`, `secrets-inherit`, `secrets-in-run` and `hardcoded-container-credentials`: credentials
//! left where more code than the one that needs them can read them.

use crate::model::{Container, ExprOr, Path, Secrets, Step, Workflow};
use crate::validate::{At, Cx};

/// Whether a step is `actions/checkout` keeping the token in the repository's git configuration.
fn persists(step: &Step) -> bool {
    let Some(uses) = step.uses.as_deref() else {
        return false;
    };
    if super::action_name(uses) != "actions/checkout" {
        return false;
    }
    // Only the default: `persist-credentials: true` (or an expression) is the author's decision.
    step.with
        .as_ref()
        .and_then(|w| w.get("persist-credentials"))
        .is_none()
}

fn artipacked(cx: &mut Cx<'_>, steps: &[Step], base: &Path) {
    for (i, step) in steps.iter().enumerate() {
        if persists(step) && i + 1 < steps.len() {
            cx.warning(
                "artipacked",
                base.index(i).key("uses"),
                At::Value,
                "`actions/checkout` keeps the job's token in the repository's git configuration by default, where every later step, and any artifact that includes the folder, can read it; add `persist-credentials: false` under `with:` (or `true` where a later step pushes)",
            );
        }
    }
}

/// `${{ secrets.NAME }}` pasted into scripts.
fn secrets_in_run(cx: &mut Cx<'_>, steps: &[Step], base: &Path) {
    for (i, step) in steps.iter().enumerate() {
        let Some(run) = step.run.as_deref() else {
            continue;
        };
        if !crate::text::has_expression(run) {
            continue;
        }
        let Ok(segments) = crate::expr::scan(run) else {
            continue;
        };
        for segment in segments {
            let crate::expr::Segment::Expr { source, offset } = segment else {
                continue;
            };
            let Ok(ast) = crate::expr::parse(source) else {
                continue;
            };
            let mut secret = None;
            ast.walk(&mut |node| {
                if let crate::expr::Ast::Property { target, name } = node
                    && matches!(&**target, crate::expr::Ast::Context(c) if c.eq_ignore_ascii_case("secrets"))
                    && secret.is_none()
                {
                    secret = Some(name.clone());
                }
            });
            if let Some(name) = secret {
                cx.warning(
                    "secrets-in-run",
                    base.index(i).key("run"),
                    At::Expr { text: run, offset },
                    format!(
                        "secret `{name}` is pasted into the script, which is written to disk and may be echoed by a shell trace; bind it in the step's `env:` and read the variable instead"
                    ),
                );
            }
        }
    }
}

pub(super) fn check_action_steps(cx: &mut Cx<'_>, steps: &[Step]) {
    let base = Path::root().key("runs").key("steps");
    artipacked(cx, steps, &base);
}

fn container_password(cx: &mut Cx<'_>, container: &Container, path: Path) {
    let Container::Config(config) = container else {
        return;
    };
    let Some(ExprOr::Value(credentials)) = &config.credentials else {
        return;
    };
    if let Some(password) = credentials.password.as_deref()
        && !password.is_empty()
        && !crate::text::has_expression(password)
    {
        cx.warning(
            "hardcoded-container-credentials",
            path.key("credentials").key("password"),
            At::Value,
            "the registry password is written in the file, where everyone who can read the repository sees it; store it as a secret and use `${{ secrets.NAME }}`",
        );
    }
}

pub(super) fn check(cx: &mut Cx<'_>, workflow: &Workflow) {
    for (id, job) in super::jobs(workflow) {
        let base = Path::root().key("jobs").key(id.as_str());
        if matches!(job.secrets, Some(Secrets::Inherit)) {
            cx.warning(
                "secrets-inherit",
                base.key("secrets"),
                At::Value,
                format!(
                    "`secrets: inherit` hands every secret of the repository to the workflow job `{id}` calls; pass only the secrets it needs, by name"
                ),
            );
        }
        let steps = job.step_list();
        artipacked(cx, steps, &base.key("steps"));
        secrets_in_run(cx, steps, &base.key("steps"));
        if let Some(container) = &job.container {
            container_password(cx, container, base.key("container"));
        }
        if let Some(ExprOr::Value(services)) = &job.services {
            for (name, service) in services {
                container_password(cx, service, base.key("services").key(name.as_str()));
            }
        }
    }
}
