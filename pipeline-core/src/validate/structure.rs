//! The shape GitHub requires beyond what the model's types say: steps with `run` or `uses`, jobs with
//! `runs-on`, the keys a reusable-workflow call may set, `uses` formats, shells, timeouts, ids, env names,
//! keys that differ only in case, permissions and YAML merge keys.

use super::runner::{self, Os};
use super::{At, Cx, Here, is_valid_id, list};
use crate::model::{
    Concurrency, Container, Defaults, Env, Environment, EventConfig, ExprOr, Job, Mapping, Number,
    Path, PermissionLevel, Permissions, Secrets, Step, Workflow,
};
use crate::yaml::layout::{Node, NodeKind};

/// The workflow-wide part; [`check_job`] checks each job.
pub(crate) fn check_workflow(cx: &mut Cx<'_>, workflow: &Workflow) {
    let root = Here::root();
    merge_keys(cx);
    max_depth(cx);
    // "The workflow must contain at least one job with no dependencies" (GitHub's parser); a cycle of
    // needs is reported by the graph checks, no job at all here.
    if workflow.jobs.is_empty() {
        cx.error(
            "jobs-empty",
            root.key("jobs"),
            At::Value,
            "the workflow has no jobs; GitHub runs a workflow only with at least one job",
        );
    }
    if let Some(permissions) = &workflow.permissions {
        check_permissions(cx, &root.key("permissions"), permissions);
    }
    env_names(cx, &root.key("env"), workflow.env.as_ref());
    if let Some(concurrency) = &workflow.concurrency {
        check_concurrency(cx, &root.key("concurrency"), concurrency);
    }
    if let Some(defaults) = &workflow.defaults {
        check_defaults(cx, &root.key("defaults"), defaults, None);
    }
    for event in workflow.on.events() {
        if let Some(EventConfig::WorkflowCall(call)) = workflow.on.config(event) {
            let on = root.key("on");
            let path = on.key(event.as_str());
            if let Some(inputs) = &call.inputs {
                duplicate_keys(cx, &path.key("inputs"), inputs.keys(), "inputs");
                for (name, input) in inputs {
                    if input.r#type.is_none() {
                        let here = path.key("inputs");
                        let here = here.key(name);
                        let related = cx.related("the mapping without `type`", here, At::Value);
                        cx.error(
                            "input-type-missing",
                            here,
                            At::Key,
                            format!("input `{name}` of `workflow_call` has no `type`; add `type: string`, `boolean` or `number`"),
                        )
                        .related
                        .push(related);
                    }
                }
            }
            if let Some(secrets) = &call.secrets {
                duplicate_keys(cx, &path.key("secrets"), secrets.keys(), "secrets");
            }
            if let Some(outputs) = &call.outputs {
                duplicate_keys(cx, &path.key("outputs"), outputs.keys(), "outputs");
            }
        }
    }
}

/// GitHub's parser does not expand YAML merge keys (`<<`); the model here holds the merged data.
fn merge_keys(cx: &mut Cx<'_>) {
    let Some(root) = cx.node(&Path::root()) else {
        return;
    };
    let mut found = Vec::new();
    collect_merge_keys(root, &Path::root(), &mut found);
    for path in found {
        cx.error(
            "merge-key",
            path,
            At::Key,
            "GitHub Actions does not support the YAML merge key `<<`; write the keys out (an alias `*name` of a whole value works)",
        );
    }
}

fn collect_merge_keys(node: &Node, path: &Path, found: &mut Vec<Path>) {
    let mut stack = vec![(node, path.clone())];
    while let Some((node, path)) = stack.pop() {
        match &node.kind {
            NodeKind::Mapping(entries) => {
                for entry in entries.iter().rev() {
                    let child = path.key(&entry.key);
                    if entry.key == "<<" {
                        found.push(child.clone());
                    }
                    stack.push((&entry.value, child));
                }
            }
            NodeKind::Sequence(items) => {
                for (i, item) in items.iter().enumerate().rev() {
                    stack.push((item, path.index(i)));
                }
            }
            _ => {}
        }
    }
    found.sort();
}

/// GitHub-hosted runners run a job for at most 6 hours.
const MAX_HOSTED_MINUTES: f64 = 360.0;

/// Steps that use an action whose metadata the configuration knows: their `with:` keys, required and
/// deprecated inputs, and the `steps.<id>.outputs.<name>` read later in the job.
fn known_actions(cx: &mut Cx<'_>, job: &Job, path: &Here<'_>) {
    if cx.config.known_actions.is_empty() {
        return;
    }
    let job_path = path.to_path();
    let known = &cx.config.known_actions;
    let lookup = |uses: &str| super::known_action(known, uses);
    let found = crate::bindings::check_job(job, &job_path, &lookup);
    for mut diagnostic in found {
        // Unknown inputs point at their key under `with:`; the others at the step or output.
        diagnostic.location = cx.locate(&diagnostic.path, At::Key);
        cx.push(diagnostic);
    }
}

pub(crate) fn check_job(
    cx: &mut Cx<'_>,
    id: &str,
    job: &Job,
    path: &Here<'_>,
    workflow: &Workflow,
) {
    known_actions(cx, job, path);
    if let Some(permissions) = &job.permissions {
        check_permissions(cx, &path.key("permissions"), permissions);
    }
    env_names(cx, &path.key("env"), job.env.as_ref());
    if let Some(concurrency) = &job.concurrency {
        check_concurrency(cx, &path.key("concurrency"), concurrency);
    }
    if let Some(Environment::Config(config)) = &job.environment
        && config.name.as_deref().is_none_or(str::is_empty)
    {
        let related = cx.related(
            "the mapping without `name`",
            path.key("environment"),
            At::Value,
        );
        cx.error(
            "environment-name-missing",
            path.key("environment"),
            At::Key,
            format!("the `environment` of job `{id}` has no `name`; add one"),
        )
        .related
        .push(related);
    }
    let os = runner::job_os(job);
    if let Some(defaults) = &job.defaults {
        check_defaults(cx, &path.key("defaults"), defaults, os);
    } else if let Some(shell) = workflow
        .defaults
        .as_ref()
        .and_then(|d| d.run.as_ref())
        .and_then(|r| r.shell.as_deref())
    {
        // The workflow's default shell applies to this job's runner too.
        check_shell(
            cx,
            &Here::root().key("defaults").key("run").key("shell"),
            shell,
            os,
        );
    }
    if let Some(ExprOr::Value(n)) = &job.timeout_minutes {
        check_timeout(cx, &path.key("timeout-minutes"), *n);
        let hosted = job.runs_on.as_ref().is_some_and(|r| {
            let mut labels = r.labels().peekable();
            labels.peek().is_some() && labels.all(runner::is_github_hosted)
        });
        if hosted && n.as_f64() > MAX_HOSTED_MINUTES {
            cx.warning(
                "timeout-too-long",
                path.key("timeout-minutes"),
                At::Value,
                format!("GitHub-hosted runners stop a job after {MAX_HOSTED_MINUTES} minutes, so `timeout-minutes: {n}` never applies; lower it, or run on a self-hosted runner"),
            );
        }
    }
    if let Some(strategy) = &job.strategy {
        if let Some(ExprOr::Value(n)) = &strategy.max_parallel {
            let strategy = path.key("strategy");
            let p = strategy.key("max-parallel");
            match n.as_u64() {
                Some(0) | None if !matches!(n, Number::Float(_)) => {
                    cx.error(
                        "max-parallel-invalid",
                        p,
                        At::Value,
                        format!("`max-parallel` must be greater than zero, not {n}"),
                    );
                }
                None => {
                    cx.error(
                        "max-parallel-invalid",
                        p,
                        At::Value,
                        format!("`max-parallel` must be a whole number, not {n}"),
                    );
                }
                _ => {}
            }
        }
        if let Some(ExprOr::Value(matrix)) = &strategy.matrix {
            duplicate_keys(
                cx,
                &path.key("strategy").key("matrix"),
                matrix.axes.keys(),
                "matrix",
            );
        }
    }
    if let Some(container) = &job.container {
        check_container(cx, &path.key("container"), container);
    }
    if let Some(services) = job.service_map() {
        duplicate_keys(cx, &path.key("services"), services.keys(), "services");
        for (name, service) in services {
            check_container(cx, &path.key("services").key(name), service);
        }
    }
    if job.is_call() {
        check_call(cx, id, job, path);
    } else {
        if job.runs_on.is_none() {
            let related = cx.related("the job's mapping", *path, At::Value);
            cx.error(
                "runs-on-missing",
                *path,
                At::Key,
                format!("job `{id}` has no `runs-on`; add the runner it runs on (for example `runs-on: ubuntu-latest`)"),
            )
            .related
            .push(related);
        }
        if job.steps.is_none() {
            cx.error(
                "steps-missing",
                *path,
                At::Key,
                format!("job `{id}` has no `steps` and calls no reusable workflow; add `steps`, or `uses` to call a workflow"),
            );
        }
        if job.with.is_some() {
            cx.error(
                "job-key-mismatch",
                path.key("with"),
                At::Key,
                format!("job `{id}` sets `with`, which belongs to a reusable-workflow call (`uses`); move the values to a step"),
            );
        }
        if job.secrets.is_some() {
            cx.error(
                "job-key-mismatch",
                path.key("secrets"),
                At::Key,
                format!("job `{id}` sets `secrets`, which belongs to a reusable-workflow call (`uses`); read secrets in steps with `${{{{ secrets.NAME }}}}`"),
            );
        }
    }
    // Only jobs that use a local action need to know where the repository is checked out.
    let mut checked_out = !job
        .step_list()
        .iter()
        .any(|s| s.uses.as_deref().is_some_and(|u| u.starts_with("./")));
    for (i, step) in job.step_list().iter().enumerate() {
        let uses = step.uses.as_deref().unwrap_or("");
        // `actions/checkout`, or any wrapper named so (`org/ci/.github/actions/checkout@main`).
        if !checked_out
            && (super::contains_ignore_case(uses, "checkout")
                || step.run.as_deref().is_some_and(|r| {
                    r.contains("git clone")
                        || r.contains("git checkout")
                        || r.contains("gh repo clone")
                }))
        {
            checked_out = true;
        }
        if uses.starts_with("./") && !checked_out && job.container.is_none() {
            cx.warning(
                "local-action-before-checkout",
                path.key("steps").index(i).key("uses"),
                At::Value,
                format!("step uses the local action `{uses}`, but no earlier step of job `{id}` checks out the repository, so the action's files are not there; add `actions/checkout` first"),
            );
        }
        let steps = path.key("steps");
        let step_path = steps.index(i);
        check_step(cx, step, &step_path, os, &job.step_list()[..i], path);
    }
}

/// Whether a job sets the key of a job that runs steps (`job-factory` in GitHub's schema).
fn job_sets(job: &Job, key: &str) -> bool {
    match key {
        "runs-on" => job.runs_on.is_some(),
        "steps" => job.steps.is_some(),
        "container" => job.container.is_some(),
        "services" => job.services.is_some(),
        "env" => job.env.is_some(),
        "defaults" => job.defaults.is_some(),
        "timeout-minutes" => job.timeout_minutes.is_some(),
        "cancel-timeout-minutes" => job.cancel_timeout_minutes.is_some(),
        "continue-on-error" => job.continue_on_error.is_some(),
        "environment" => job.environment.is_some(),
        "outputs" => job.outputs.is_some(),
        "snapshot" => job.snapshot.is_some(),
        _ => false,
    }
}

fn check_call(cx: &mut Cx<'_>, id: &str, job: &Job, path: &Here<'_>) {
    // The keys of a job that runs steps that a reusable-workflow call (`workflow-job`) does not take.
    let forbidden = crate::spec::workflow::JOB_FACTORY_KEYS
        .iter()
        .filter(|k| !crate::spec::workflow::WORKFLOW_JOB_KEYS.contains(k));
    for key in forbidden {
        if job_sets(job, key) {
            // GitHub reads the job as the kind its first key says, and reports the later key.
            let related = cx.related("`uses` is here", path.key("uses"), At::Key);
            cx.error(
                "call-job-key",
                path.key(key),
                At::Key,
                format!(
                    "job `{id}` calls a reusable workflow, where GitHub does not allow `{key}`; set it in the called workflow instead"
                ),
            )
            .related
            .push(related);
        }
    }
    let Some(uses) = &job.uses else { return };
    if super::has_expression(uses) {
        return;
    }
    // `$/path` names a workflow of this repository at the running commit (self-repository reference):
    // like `./path`, it takes no `@ref`.
    let valid = if let Some(local) = uses.strip_prefix("./").or_else(|| uses.strip_prefix("$/")) {
        !local.contains('@') && (local.ends_with(".yml") || local.ends_with(".yaml"))
    } else {
        match uses.split_once('@') {
            Some((target, reference)) => {
                let parts: Vec<&str> = target.split('/').collect();
                parts.len() >= 3
                    && parts.iter().all(|p| !p.is_empty())
                    && (target.ends_with(".yml") || target.ends_with(".yaml"))
                    && !reference.is_empty()
            }
            None => false,
        }
    };
    if !valid {
        cx.error(
            "uses-invalid",
            path.key("uses"),
            At::Value,
            format!(
                "reusable workflow `{uses}` is not `owner/repo/path/to/workflow.yml@ref`, `./path/to/workflow.yml` or `$/path/to/workflow.yml`"
            ),
        );
    }
    if let Some(with) = &job.with {
        duplicate_keys(cx, &path.key("with"), with.keys(), "with");
    }
    if let Some(Secrets::Map(secrets)) = &job.secrets {
        duplicate_keys(cx, &path.key("secrets"), secrets.keys(), "secrets");
    }
}

#[allow(clippy::too_many_arguments)]
fn check_step<'s>(
    cx: &mut Cx<'_>,
    step: &'s Step,
    path: &Here<'_>,
    os: Option<Os>,
    earlier: &'s [Step],
    job_path: &Here<'_>,
) {
    match (&step.uses, &step.run) {
        (Some(_), Some(_)) => {
            let run_at = cx.locate(&path.key("run").to_path(), At::Key);
            let uses_at = cx.locate(&path.key("uses").to_path(), At::Key);
            let first = if run_at <= uses_at || uses_at.is_none() {
                "run"
            } else {
                "uses"
            };
            cx.error(
                "step-uses-and-run",
                path.key(first),
                At::Key,
                "a step sets both `uses` and `run`; split it into two steps",
            );
        }
        // A `wait`, `wait-all`, `cancel` or `parallel` step has neither; `parallel` checks it.
        (None, None) if step.kind() != crate::model::StepKind::Empty => {}
        (None, None) => {
            cx.error(
                "step-no-uses-or-run",
                *path,
                At::Key,
                "a step needs `run` (a script) or `uses` (an action); add one",
            );
        }
        (Some(uses), None) => {
            for (key, present) in [
                ("shell", step.shell.is_some()),
                ("working-directory", step.working_directory.is_some()),
            ] {
                if present {
                    cx.error(
                        "step-key-mismatch",
                        path.key(key),
                        At::Key,
                        format!("`{key}` applies to `run` steps, but this step uses an action; remove it"),
                    );
                }
            }
            check_uses(cx, &path.key("uses"), uses);
            if let Some(with) = &step.with {
                duplicate_keys(cx, &path.key("with"), with.keys(), "with");
            }
            local_action(cx, step, uses, path);
        }
        (None, Some(_)) => {
            if step.with.is_some() {
                cx.error(
                    "step-key-mismatch",
                    path.key("with"),
                    At::Key,
                    "`with` passes inputs to an action, but this step runs a script; use `env` instead",
                );
            }
            if let Some(shell) = &step.shell {
                check_shell(cx, &path.key("shell"), shell, os);
            }
        }
    }
    env_names(cx, &path.key("env"), step.env.as_ref());
    if let Some(ExprOr::Value(n)) = &step.timeout_minutes {
        check_timeout(cx, &path.key("timeout-minutes"), *n);
    }
    if let Some(id) = &step.id {
        let id_path = path.key("id");
        if super::has_expression(id) {
        } else if !is_valid_id(id) {
            cx.error(
                "step-id-invalid",
                id_path,
                At::Value,
                format!("invalid step id `{id}`: a step id starts with a letter or `_` and holds only letters, digits, `-` and `_`"),
            );
        }
        let first = earlier.iter().enumerate().find_map(|(i, s)| {
            s.id.as_deref()
                .filter(|seen| seen.eq_ignore_ascii_case(id))
                .map(|seen| (seen, i))
        });
        if let Some((first, first_index)) = first {
            let related = cx.related(
                format!("`{first}` first used here"),
                job_path.key("steps").index(first_index).key("id"),
                At::Value,
            );
            cx.error(
                "step-id-duplicate",
                id_path,
                At::Value,
                format!("step id `{id}` is used twice in this job (ids are compared without regard to case); rename one"),
            )
            .related
            .push(related);
        }
    }
}

/// `owner/repo@ref`, `owner/repo/path@ref`, `./path` or `docker://image`.
pub(crate) fn check_uses(cx: &mut Cx<'_>, path: &Here<'_>, uses: &str) {
    if let Some(problem) = uses_problem(uses) {
        cx.error("uses-invalid", *path, At::Value, problem);
    }
}

/// What is wrong with the `uses` of a step, if anything. Read byte by byte: every step of a workflow
/// comes through here.
fn uses_problem(uses: &str) -> Option<String> {
    let bytes = uses.as_bytes();
    if bytes.starts_with(b"./") || bytes.starts_with(b"../") || super::has_expression(uses) {
        return None;
    }
    // A self-repository reference resolves to this repository at the running commit, so it takes no ref.
    if let Some(path) = uses.strip_prefix("$/") {
        return if path.contains('@') {
            Some(format!(
                "`{uses}` is a self-repository reference, which always uses the running commit; remove the `@` and what follows"
            ))
        } else if path.trim_start_matches("./").is_empty() {
            Some(format!(
                "`{uses}` needs the path of an action in this repository after `$/`"
            ))
        } else {
            None
        };
    }
    if let Some(image) = uses.strip_prefix("docker://") {
        return image
            .is_empty()
            .then(|| "`docker://` needs an image, as in `docker://alpine:3.20`".to_owned());
    }
    let Some(at) = crate::text::find_byte(bytes, b'@') else {
        return Some(format!(
            "action `{uses}` has no version; write `{uses}@<tag, branch or commit sha>`"
        ));
    };
    let (target, reference) = (&bytes[..at], &bytes[at + 1..]);
    if reference.is_empty() {
        return Some(format!("action `{uses}` has an empty version after `@`"));
    }
    // At least `owner/repo`, and no empty part between slashes.
    let parts = target.split(|&b| b == b'/');
    let mut count = 0;
    for part in parts {
        if part.is_empty() {
            count = 0;
            break;
        }
        count += 1;
    }
    (count < 2).then(|| {
        format!(
            "action `{uses}` is not `owner/repo@ref`, `owner/repo/path@ref`, `./path` or `docker://image`"
        )
    })
}

fn check_timeout(cx: &mut Cx<'_>, path: &Here<'_>, minutes: Number) {
    let value = minutes.as_f64();
    if value.is_nan() || value <= 0.0 {
        cx.error(
            "timeout-invalid",
            *path,
            At::Value,
            format!("`timeout-minutes` must be greater than zero, not {minutes}"),
        );
    }
}

const SHELLS_POSIX: &[&str] = &["bash", "pwsh", "python", "sh"];
const SHELLS_WINDOWS: &[&str] = &["bash", "cmd", "powershell", "pwsh", "python"];

pub(crate) fn check_shell(cx: &mut Cx<'_>, path: &Here<'_>, shell: &str, os: Option<Os>) {
    if super::has_expression(shell) || shell.contains("{0}") {
        return;
    }
    let name = shell.split_whitespace().next().unwrap_or("");
    let known = |list: &[&str]| list.iter().any(|s| s.eq_ignore_ascii_case(name));
    let message = match os {
        Some(Os::Windows) if !known(SHELLS_WINDOWS) => Some(if known(SHELLS_POSIX) {
            format!(
                "shell `{shell}` is not available on Windows runners; use one of {}",
                list(SHELLS_WINDOWS)
            )
        } else {
            format!(
                "unknown shell `{shell}`; use one of {}, or a command with `{{0}}`",
                list(SHELLS_WINDOWS)
            )
        }),
        Some(Os::Linux | Os::Mac) if !known(SHELLS_POSIX) => Some(if known(SHELLS_WINDOWS) {
            format!(
                "shell `{shell}` is only available on Windows runners; use one of {}",
                list(SHELLS_POSIX)
            )
        } else {
            format!(
                "unknown shell `{shell}`; use one of {}, or a command with `{{0}}`",
                list(SHELLS_POSIX)
            )
        }),
        None if !known(SHELLS_POSIX) && !known(SHELLS_WINDOWS) => Some(format!(
            "unknown shell `{shell}`; use one of `bash`, `pwsh`, `python`, `sh`, `cmd`, `powershell`, or a command with `{{0}}`"
        )),
        _ => None,
    };
    if let Some(message) = message {
        cx.error("shell-unknown", *path, At::Value, message);
    }
}

fn check_defaults(cx: &mut Cx<'_>, path: &Here<'_>, defaults: &Defaults, os: Option<Os>) {
    match &defaults.run {
        None => {
            cx.warning(
                "defaults-empty",
                *path,
                At::Value,
                "`defaults` sets nothing; add `run:` settings or remove it",
            );
        }
        Some(run) => {
            if let Some(shell) = &run.shell {
                check_shell(cx, &path.key("run").key("shell"), shell, os);
            }
        }
    }
}

fn check_concurrency(cx: &mut Cx<'_>, path: &Here<'_>, concurrency: &Concurrency) {
    if let Concurrency::Config(config) = concurrency
        && config.group.as_deref().is_none_or(str::is_empty)
    {
        let related = cx.related("the mapping without `group`", *path, At::Value);
        cx.error(
                "concurrency-group-missing",
                *path,
                At::Key,
                "`concurrency` has no `group`; add one, such as `${{ github.workflow }}-${{ github.ref }}`",
            )
            .related
            .push(related);
    }
    // `queue: max` keeps every pending run waiting, which `cancel-in-progress: true` contradicts: GitHub
    // rejects the pair (workflow syntax, `concurrency.queue`).
    if let Concurrency::Config(config) = concurrency
        && config.queue == Some(crate::model::ConcurrencyQueue::Max)
        && config.cancel_in_progress == Some(ExprOr::Value(true))
    {
        cx.error(
            "concurrency-queue-cancel",
            path.key("queue"),
            At::Value,
            "`queue: max` keeps pending runs waiting, but `cancel-in-progress: true` cancels them; use one or the other",
        );
    }
}

fn check_container(cx: &mut Cx<'_>, path: &Here<'_>, container: &Container) {
    if let Container::Config(config) = container {
        env_names(cx, &path.key("env"), config.env.as_ref());
    }
}

/// Environment variable names may not hold `=` (nor spaces or `&`, which break shells).
fn env_names(cx: &mut Cx<'_>, path: &Here<'_>, env: Option<&Env>) {
    let Some(ExprOr::Value(map)) = env else {
        return;
    };
    check_env_map(cx, path, map);
}

fn check_env_map(cx: &mut Cx<'_>, path: &Here<'_>, map: &Mapping) {
    for name in map.keys() {
        let invalid = |c: char| c == '=' || c == '&' || c.is_whitespace();
        let suspicious = name.is_empty()
            || name.bytes().any(|b| {
                matches!(b, b'=' | b'&' | b'$') || b.is_ascii_whitespace() || !b.is_ascii()
            });
        if !suspicious || super::has_expression(name) {
            continue;
        }
        if name.is_empty() || name.contains(invalid) {
            cx.error(
                "env-name-invalid",
                path.key(name),
                At::Key,
                format!("environment variable name `{name}` is invalid: it may not be empty or hold `=`, `&` or spaces"),
            );
        }
    }
    duplicate_keys(cx, path, map.keys(), "env");
}

/// Keys GitHub compares without regard to case.
pub(crate) fn duplicate_keys<'k>(
    cx: &mut Cx<'_>,
    path: &Here<'_>,
    keys: impl ExactSizeIterator<Item = &'k String>,
    section: &str,
) {
    if keys.len() < 2 {
        return;
    }
    // Most maps are small: keep the keys seen on the stack, and spill past 16 to a map by lower-case
    // key, so 100,000 keys cost a lookup each rather than a scan of all before them.
    let mut small: [&str; 16] = [""; 16];
    let mut count = 0;
    let mut spill: std::collections::BTreeMap<String, &str> = std::collections::BTreeMap::new();
    for key in keys {
        if super::has_expression(key) {
            continue;
        }
        let first = small[..count]
            .iter()
            .find(|s| s.eq_ignore_ascii_case(key))
            .copied()
            .or_else(|| spill.get(&key.to_ascii_lowercase()).copied());
        match first {
            Some(first) => {
                let related = cx.related("first defined here", path.key(first), At::Key);
                cx.error(
                    "key-duplicate",
                    path.key(key),
                    At::Key,
                    format!(
                        "`{key}` repeats `{first}` in `{section}`: GitHub compares these keys without regard to case; rename or remove one"
                    ),
                )
                .related
                .push(related);
            }
            None if count < small.len() => {
                small[count] = key;
                count += 1;
            }
            None => {
                spill.insert(key.to_ascii_lowercase(), key);
            }
        }
    }
}

/// Scopes and their levels from GitHub's workflow schema (`permissions-mapping`).
fn check_permissions(cx: &mut Cx<'_>, path: &Here<'_>, permissions: &Permissions) {
    let Permissions::Scopes(scopes) = permissions else {
        return;
    };
    let known = || crate::spec::workflow::PERMISSIONS.iter().map(|p| p.scope);
    for (scope, level) in scopes {
        let p = path.key(scope.as_str());
        let Some(spec) = crate::spec::permission(scope.as_str()) else {
            let name = scope.as_str();
            let hint = crate::suggest::did_you_mean(name, known())
                .map(|s| format!("did you mean `{s}`? "))
                .unwrap_or_default();
            cx.error(
                "permission-scope-unknown",
                p,
                At::Key,
                format!(
                    "unknown permission scope `{name}`; {hint}scopes are {}",
                    list(known())
                ),
            );
            continue;
        };
        let allowed = spec.levels;
        if !allowed.contains(&level.as_str()) {
            let shown = match level {
                PermissionLevel::Other(s) => s.as_str(),
                known => known.as_str(),
            };
            cx.error(
                "permission-level-invalid",
                p,
                At::Value,
                format!(
                    "`{shown}` is not a permission of scope `{scope}`; use {}",
                    list(allowed)
                ),
            );
        }
    }
}

/// Actions whose versions GitHub has shut down: a step using one fails.
const RETIRED_ACTIONS: &[(&str, &[&str], &str)] = &[
    ("actions/upload-artifact", &["v1", "v2", "v3"], "v4"),
    ("actions/download-artifact", &["v1", "v2", "v3"], "v4"),
    ("actions/cache", &["v1", "v2"], "v4"),
];

/// A step using an action version GitHub no longer serves.
pub(crate) fn retired_action(cx: &mut Cx<'_>, path: &Here<'_>, uses: &str) {
    // Most steps use an action that never was retired: compare names only when the length matches.
    let Some(at) = crate::text::find_byte(uses.as_bytes(), b'@') else {
        return;
    };
    let (name, version) = (&uses[..at], &uses[at + 1..]);
    if !RETIRED_ACTIONS
        .iter()
        .any(|(action, ..)| action.len() == name.len())
    {
        return;
    }
    let major = version.split('.').next().unwrap_or(version);
    if !major.starts_with(['v', 'V']) || major.len() > 3 {
        return;
    }
    for (action, versions, current) in RETIRED_ACTIONS {
        if name.eq_ignore_ascii_case(action) && versions.contains(&major) {
            cx.error(
                "action-retired",
                *path,
                At::Value,
                format!("GitHub has shut down `{name}@{major}`, so this step fails; use `{name}@{current}`"),
            );
        }
    }
}

/// Steps that use an action of this repository: it must be checked out first, exist, and get its
/// required inputs.
fn local_action(cx: &mut Cx<'_>, step: &Step, uses: &str, path: &Here<'_>) {
    // `$/path` is the action at `./path` of this repository, read at the running commit.
    let own = uses
        .strip_prefix("$/")
        .map(|p| format!("./{}", p.trim_start_matches("./")));
    if !uses.starts_with("./") && own.is_none() {
        retired_action(cx, &path.key("uses"), uses);
        return;
    }
    let Some(actions) = &cx.config.local_actions else {
        return;
    };
    let key = own.as_deref().unwrap_or(uses).trim_end_matches('/');
    let Some(action) = actions.get(key) else {
        let known: Vec<&str> = actions.keys().map(String::as_str).collect();
        let hint = crate::suggest::did_you_mean(key, known.iter().copied())
            .map(|s| format!("; did you mean `{s}`?"))
            .unwrap_or_default();
        cx.error(
            "local-action-missing",
            path.key("uses"),
            At::Value,
            format!(
                "there is no action at `{key}` in this repository (no `action.yml` there){hint}"
            ),
        );
        return;
    };
    let inputs = action.inputs.as_ref();
    let with = step.with.as_ref();
    for (name, input) in inputs.into_iter().flatten() {
        let given = with.is_some_and(|w| w.keys().any(|k| k.eq_ignore_ascii_case(name)));
        if input.is_required() && input.default.is_none() && !given {
            cx.error(
                "action-input-missing",
                *path,
                At::Key,
                format!("action `{key}` requires input `{name}`, which this step does not pass; add it under `with:`"),
            );
        }
    }
    for name in with.into_iter().flat_map(|w| w.keys()) {
        let known = inputs.is_some_and(|i| i.keys().any(|k| k.eq_ignore_ascii_case(name)));
        if !known {
            let hint = crate::suggest::did_you_mean(
                name,
                inputs
                    .into_iter()
                    .flat_map(|i| i.keys())
                    .map(String::as_str),
            )
            .map(|s| format!("; did you mean `{s}`?"))
            .unwrap_or_default();
            cx.error(
                "action-input-unknown",
                path.key("with").key(name),
                At::Key,
                format!("action `{key}` has no input `{name}`{hint}"),
            );
        }
    }
}

/// GitHub's parser rejects a file whose mappings and sequences nest more deeply than
/// [`MAX_DEPTH`](super::MAX_DEPTH) ("Maximum object depth exceeded"); reported once, at the first
/// mapping or sequence too deep. Only a file's layout shows the nesting.
fn max_depth(cx: &mut Cx<'_>) {
    use crate::yaml::layout::NodeKind;
    let max = cx.config.max_depth.unwrap_or(super::MAX_DEPTH);
    let Some(root) = cx.node(&Path::root()) else {
        return;
    };
    // (node, its model path, how many mappings and sequences hold it, itself included)
    let mut stack = vec![(root, Path::root(), 1usize)];
    while let Some((node, path, depth)) = stack.pop() {
        let children: Vec<(&crate::yaml::layout::Node, Path)> = match &node.kind {
            NodeKind::Mapping(entries) => entries
                .iter()
                .map(|e| (&e.value, path.key(e.key.as_str())))
                .collect(),
            NodeKind::Sequence(items) => items
                .iter()
                .enumerate()
                .map(|(i, n)| (n, path.index(i)))
                .collect(),
            NodeKind::Scalar | NodeKind::Alias => continue,
        };
        if depth > max {
            cx.error(
                "max-depth",
                path,
                At::Value,
                format!("mappings and sequences nest {depth} deep here; GitHub reads at most {max} levels"),
            );
            return;
        }
        for (child, child_path) in children.into_iter().rev() {
            stack.push((child, child_path, depth + 1));
        }
    }
}
