//! Action metadata (`action.yml`): required keys, what each kind of action (`composite`, `node*`,
//! `docker`) needs in `runs`, composite steps, and the expressions they hold.

use super::structure::{check_uses, duplicate_keys, retired_action};
use super::{At, Cx, Here, exprs, is_valid_id, list};
use crate::model::{Action, Runs};

const NODE_VERSIONS: &[&str] = &["node20", "node24"];
const NODE_RETIRED: &[&str] = &["node12", "node16"];

pub(crate) fn check(cx: &mut Cx<'_>, action: &Action) {
    let root = Here::root();
    for (key, present) in [
        ("name", action.name.is_some()),
        ("description", action.description.is_some()),
    ] {
        if !present {
            cx.error(
                if key == "name" {
                    "action-name-missing"
                } else {
                    "action-description-missing"
                },
                root,
                At::Value,
                format!("action metadata needs `{key}`; add it"),
            );
        }
    }
    // GitHub's action schema allows any other top-level key (`loose-key-type`); it is kept, and a
    // warning says GitHub does nothing with it.
    for key in action.other.keys() {
        let hint = crate::suggest::did_you_mean(
            key,
            crate::spec::action::ACTION_ROOT_STRICT_KEYS.iter().copied(),
        )
        .map_or_else(String::new, |s| format!("; did you mean `{s}`?"));
        cx.warning(
            "action-unknown-key",
            root.key(key),
            At::Key,
            format!("action metadata sets `{key}`, which GitHub ignores{hint}"),
        );
    }
    for (name, input) in action.inputs.iter().flatten() {
        for key in input.other.keys() {
            cx.warning(
                "action-input-unknown-key",
                root.key("inputs").key(name).key(key),
                At::Key,
                format!("input `{name}` sets `{key}`, which GitHub ignores; inputs take `description`, `required`, `default` and `deprecationMessage`"),
            );
        }
    }
    if let Some(inputs) = &action.inputs {
        duplicate_keys(cx, &root.key("inputs"), inputs.keys(), "inputs");
    }
    match &action.runs {
        None => {
            cx.error(
                "action-runs-missing",
                root,
                At::Value,
                "action metadata needs `runs`, which says how the action runs",
            );
        }
        Some(Runs::Node(node)) => {
            let p = root.key("runs");
            if NODE_RETIRED.contains(&node.using.as_str()) {
                cx.warning(
                    "action-node-retired",
                    p.key("using"),
                    At::Value,
                    format!(
                        "GitHub no longer runs actions on `{}`; use {}",
                        node.using,
                        list(NODE_VERSIONS)
                    ),
                );
            } else if !NODE_VERSIONS.contains(&node.using.as_str()) {
                cx.error(
                    "action-using-invalid",
                    p.key("using"),
                    At::Value,
                    format!("`using: {}` is not a runtime GitHub knows; use `composite`, `docker` or one of {}", node.using, list(NODE_VERSIONS)),
                );
            }
            if node.main.is_none() {
                cx.error(
                    "action-main-missing",
                    p,
                    At::Key,
                    "a JavaScript action needs `runs.main`, the script to run",
                );
            }
        }
        Some(Runs::Docker(docker)) => {
            if docker.image.is_none() {
                cx.error(
                    "action-image-missing",
                    root.key("runs"),
                    At::Key,
                    "a Docker action needs `runs.image`: a Dockerfile path or `docker://image`",
                );
            }
        }
        Some(Runs::Composite(runs)) => {
            let runs_key = root.key("runs");
            let steps = runs_key.key("steps");
            let mut ids: Vec<&str> = Vec::new();
            super::parallel::check_composite(cx, &runs.steps, &steps);
            for (i, step) in runs.steps.iter().enumerate() {
                let p = steps.index(i);
                match (&step.uses, &step.run) {
                    (Some(_), Some(_)) => {
                        cx.error(
                            "step-uses-and-run",
                            p.key("run"),
                            At::Key,
                            "a step sets both `uses` and `run`; split it into two steps",
                        );
                    }
                    // `parallel::check_composite` reports the kinds composite actions lack.
                    (None, None) if step.kind() != crate::model::StepKind::Empty => {}
                    (None, None) => {
                        cx.error(
                            "step-no-uses-or-run",
                            p,
                            At::Key,
                            "a step needs `run` (a script) or `uses` (an action); add one",
                        );
                    }
                    (Some(uses), None) => {
                        check_uses(cx, &p.key("uses"), uses);
                        retired_action(cx, &p.key("uses"), uses);
                    }
                    (None, Some(_)) => {
                        if step.shell.is_none() {
                            cx.error(
                                "composite-shell-missing",
                                p.key("run"),
                                At::Key,
                                "a `run` step of a composite action needs `shell` (for example `shell: bash`)",
                            );
                        }
                    }
                }
                if let Some(id) = &step.id {
                    if !super::has_expression(id) && !is_valid_id(id) {
                        cx.error(
                            "step-id-invalid",
                            p.key("id"),
                            At::Value,
                            format!("invalid step id `{id}`: a step id starts with a letter or `_` and holds only letters, digits, `-` and `_`"),
                        );
                    }
                    if ids.iter().any(|seen| seen.eq_ignore_ascii_case(id)) {
                        cx.error(
                            "step-id-duplicate",
                            p.key("id"),
                            At::Value,
                            format!("step id `{id}` is used twice in this action; rename one"),
                        );
                    } else {
                        ids.push(id);
                    }
                }
            }
            for (name, output) in action.outputs.iter().flatten() {
                if output.value.is_none() {
                    cx.error(
                        "action-output-value-missing",
                        root.key("outputs").key(name),
                        At::Key,
                        format!("output `{name}` of a composite action needs `value`, such as `${{{{ steps.<id>.outputs.{name} }}}}`"),
                    );
                }
            }
        }
    }
    exprs::check_action(cx, action);
}
