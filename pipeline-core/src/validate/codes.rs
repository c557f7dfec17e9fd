//! Every diagnostic code the validator reports, with its severity and the reason for it: the one place
//! a code's severity is decided.
//!
//! The rule (see "Severity" in `ARCHITECTURE.md`): a code is an [`Severity::Error`] only when GitHub
//! rejects the file, or the defect is certain from the specification and GitHub cannot do what the file
//! says (a call or `needs` that cannot resolve, a job that can never run, a container job on a runner
//! that cannot run containers). Everything GitHub runs as written is at most a [`Severity::Warning`]:
//! a reference that evaluates to an empty value, a condition that is always true, and anything that
//! depends on the user's setup (runner labels, shells, local actions, configuration variables). A
//! [`Config`](super::Config) can raise or lower any code with
//! [`Config::severity`](super::Config::severity).

use super::{Config, Diagnostic, Severity};

/// One diagnostic code: its name, its severity when no [`Config`] overrides it, and why.
///
/// ```
/// use pipeline_core::validate::{CODES, Severity};
/// let unknown = CODES.iter().find(|c| c.code == "needs-unknown").unwrap();
/// assert_eq!(unknown.severity, Severity::Error);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Code {
    /// The stable kebab-case name (`needs-unknown`).
    pub code: &'static str,
    /// The severity it is reported with by default.
    pub severity: Severity,
    /// Why it has that severity: what GitHub does with such a file.
    pub why: &'static str,
}

const fn error(code: &'static str, why: &'static str) -> Code {
    Code {
        code,
        severity: Severity::Error,
        why,
    }
}

const fn warning(code: &'static str, why: &'static str) -> Code {
    Code {
        code,
        severity: Severity::Warning,
        why,
    }
}

const fn info(code: &'static str, why: &'static str) -> Code {
    Code {
        code,
        severity: Severity::Info,
        why,
    }
}

/// Every code the validator reports, sorted by name.
///
/// ```
/// use pipeline_core::validate::CODES;
/// assert!(CODES.windows(2).all(|w| w[0].code < w[1].code));
/// assert!(CODES.iter().any(|c| c.code == "syntax"));
/// ```
pub const CODES: &[Code] = &[
    warning(
        "action-description-missing",
        "GitHub's action schema does not require `description`; the Marketplace does",
    ),
    error(
        "action-image-missing",
        "a Docker action without `image` cannot start",
    ),
    warning(
        "action-input-deprecated",
        "the action still reads the input; GitHub prints the deprecation message",
    ),
    warning(
        "action-input-missing",
        "the runner does not enforce `required`; the action may fail or use an empty value",
    ),
    warning(
        "action-input-unknown",
        "the runner only warns about unexpected inputs and runs the step",
    ),
    warning(
        "action-input-unknown-key",
        "GitHub ignores keys it does not know in an input's definition",
    ),
    error(
        "action-main-missing",
        "a JavaScript action without `main` cannot start",
    ),
    warning(
        "action-name-missing",
        "GitHub's action schema does not require `name`; the Marketplace does",
    ),
    warning(
        "action-node-retired",
        "the runner runs retired Node versions on a newer one, with a warning",
    ),
    warning(
        "action-output-unknown",
        "reading an output an action does not have gives an empty value",
    ),
    error(
        "action-output-value-missing",
        "GitHub's schema requires `value` on a composite action's outputs",
    ),
    error(
        "action-retired",
        "GitHub fails every job that uses a retired action version",
    ),
    error("action-runs-missing", "an action without `runs` cannot run"),
    warning(
        "action-unknown-key",
        "GitHub's action schema allows any other top-level key (`loose-key-type`) and ignores it",
    ),
    error(
        "action-using-invalid",
        "the runner rejects a `runs.using` it does not know",
    ),
    error(
        "activity-type-invalid",
        "GitHub's schema lists the activity types of each event; others are rejected",
    ),
    error(
        "background-output-unset",
        "a background step's outputs are set only when it ends; read before a wait covers it, they are empty for certain",
    ),
    warning(
        "background-steps-many",
        "GitHub runs them; more than ten background steps at once compete for one runner",
    ),
    error(
        "call-cycle",
        "GitHub refuses workflows that call each other in a loop",
    ),
    error(
        "call-depth",
        "GitHub refuses a chain of calls deeper than it allows",
    ),
    error(
        "call-input-missing",
        "GitHub rejects a call that does not pass a required input",
    ),
    error(
        "call-input-type",
        "GitHub rejects an input whose value does not have the declared type",
    ),
    error(
        "call-input-unknown",
        "GitHub rejects an input the called workflow does not declare",
    ),
    error(
        "call-job-key",
        "GitHub's schema does not allow this key on a job that calls a reusable workflow",
    ),
    warning(
        "call-output-unknown",
        "reading an output the called workflow does not have gives an empty value",
    ),
    error(
        "call-permissions",
        "GitHub refuses a called workflow that asks for more token permissions than its caller has",
    ),
    error(
        "call-secret-missing",
        "GitHub rejects a call that does not pass a required secret",
    ),
    error(
        "call-secret-unknown",
        "GitHub rejects a secret the called workflow does not declare",
    ),
    error(
        "call-workflow-invalid",
        "the called file is not a reusable workflow, so the call cannot start",
    ),
    error(
        "call-workflow-missing",
        "the called file is not in the repository, so the call cannot resolve",
    ),
    error(
        "composite-shell-missing",
        "GitHub's schema requires `shell` on a composite action's `run` steps",
    ),
    error(
        "composite-step-parallel",
        "GitHub's action schema has no background, wait, wait-all, cancel or parallel steps in composite actions",
    ),
    error(
        "concurrency-group-missing",
        "GitHub's schema requires `group` in a `concurrency` mapping",
    ),
    error(
        "concurrency-queue-cancel",
        "GitHub rejects `queue: max` with `cancel-in-progress: true`",
    ),
    info(
        "condition-always-true",
        "a condition that is always true changes nothing",
    ),
    warning(
        "condition-never-true",
        "GitHub runs the file; the step is always skipped",
    ),
    error(
        "container-not-linux",
        "container jobs run only on Linux runners: the job fails at its start",
    ),
    error(
        "context-unavailable",
        "GitHub's schema lists the contexts each key allows; it rejects a named value outside them",
    ),
    error("cron-invalid", "GitHub rejects a schedule it cannot read"),
    warning(
        "cron-too-frequent",
        "GitHub runs schedules at most every five minutes",
    ),
    warning("defaults-empty", "an empty `defaults` has no effect"),
    error(
        "dispatch-too-many-inputs",
        "GitHub rejects `workflow_dispatch` with more inputs than it allows",
    ),
    warning(
        "env-name-invalid",
        "the runner may not be able to set such a variable; depends on the shell",
    ),
    error(
        "environment-name-missing",
        "GitHub's schema requires `name` in an `environment` mapping",
    ),
    warning(
        "event-deprecated",
        "GitHub's schema accepts the event and asks to replace it",
    ),
    error(
        "event-unknown",
        "GitHub's schema rejects events it does not list",
    ),
    error(
        "expr-arity",
        "GitHub rejects a function called with the wrong number of arguments",
    ),
    warning(
        "expr-comparison",
        "GitHub compares the values by its coercion rules; the result is fixed",
    ),
    error(
        "expr-format",
        "GitHub's evaluator fails on the format string every time it evaluates it",
    ),
    warning(
        "expr-object-in-template",
        "GitHub inserts an object's text form, which is rarely what was meant",
    ),
    error(
        "expr-syntax",
        "GitHub rejects an expression it cannot parse",
    ),
    warning(
        "expr-type",
        "GitHub coerces the value at run time; the result is probably not what was meant",
    ),
    error(
        "expr-unknown-context",
        "GitHub rejects a named value that is not a context",
    ),
    error(
        "expr-unknown-function",
        "GitHub rejects a call of a function it does not have",
    ),
    warning(
        "expr-unknown-property",
        "a property that does not exist evaluates to an empty value",
    ),
    warning(
        "filter-empty",
        "GitHub's schema allows an empty list; it filters out everything",
    ),
    error(
        "filter-exclusive",
        "GitHub rejects a filter together with its `-ignore` form",
    ),
    error(
        "filter-not-applicable",
        "GitHub's schema does not allow this filter on this event",
    ),
    error(
        "function-unavailable",
        "GitHub's schema lists the functions each key allows; it rejects a call outside them",
    ),
    warning(
        "glob-invalid",
        "GitHub reads the pattern, and it does not match what was meant",
    ),
    warning(
        "if-always-true",
        "text around `${{ }}` makes the condition a non-empty string, which GitHub runs as true",
    ),
    warning(
        "if-constant",
        "GitHub runs a constant condition; it decides nothing",
    ),
    error(
        "input-choice-in-call",
        "GitHub's schema allows only `string`, `boolean` and `number` for `workflow_call` inputs",
    ),
    error(
        "input-choice-no-options",
        "GitHub rejects a `choice` input without `options`",
    ),
    warning(
        "input-default-invalid",
        "GitHub accepts the default; the value does not match the input's type or options",
    ),
    warning(
        "input-options-unused",
        "GitHub ignores `options` on an input that is not a `choice`",
    ),
    error(
        "input-type-invalid",
        "GitHub's schema lists the input types; others are rejected",
    ),
    error(
        "input-type-missing",
        "GitHub's schema requires `type` on `workflow_call` inputs",
    ),
    error(
        "job-id-duplicate",
        "job ids are unique without regard to case; GitHub rejects a repeat",
    ),
    error(
        "job-id-invalid",
        "GitHub rejects job ids that are not letters, digits, `-` and `_`, starting with a letter or `_`",
    ),
    error(
        "job-key-mismatch",
        "GitHub's schema does not allow this key on this kind of job",
    ),
    error(
        "job-never-runs",
        "the job can never run, so the file cannot do what it says",
    ),
    error("jobs-empty", "GitHub rejects a workflow without a job"),
    error(
        "key-duplicate",
        "GitHub rejects a mapping that defines a key twice",
    ),
    warning(
        "local-action-before-checkout",
        "the action may come from an earlier step other than a checkout",
    ),
    warning(
        "local-action-missing",
        "an earlier step may create the action's files; depends on the job",
    ),
    warning(
        "matrix-duplicate-value",
        "GitHub runs the same combination twice",
    ),
    error(
        "matrix-empty",
        "GitHub rejects a matrix with an empty vector or no combination",
    ),
    warning(
        "matrix-exclude-no-match",
        "GitHub ignores an exclude entry that matches no combination",
    ),
    error(
        "matrix-exclude-unknown",
        "GitHub fails the run when an exclude entry names a key the matrix does not have",
    ),
    error(
        "matrix-too-large",
        "GitHub rejects a matrix of more than 256 combinations",
    ),
    error(
        "max-depth",
        "GitHub's parser rejects mappings and sequences nested more deeply than it reads",
    ),
    error(
        "max-parallel-invalid",
        "GitHub rejects a `max-parallel` below 1",
    ),
    error(
        "merge-key",
        "GitHub's YAML reader has no merge keys: `<<` is read as a key, which the schema rejects",
    ),
    error(
        "needs-cycle",
        "GitHub rejects jobs that need each other in a loop",
    ),
    warning("needs-duplicate", "GitHub ignores a repeated need"),
    error("needs-self", "GitHub rejects a job that needs itself"),
    error(
        "needs-unknown",
        "GitHub rejects a need of a job that does not exist",
    ),
    error("on-missing", "GitHub's schema requires `on`"),
    error(
        "permission-level-invalid",
        "GitHub's schema lists the levels of each permission scope",
    ),
    error(
        "permission-scope-unknown",
        "GitHub's schema lists the permission scopes",
    ),
    warning(
        "ref-input",
        "an input that is not declared evaluates to an empty value",
    ),
    warning(
        "ref-jobs",
        "a job that does not exist evaluates to an empty value",
    ),
    warning(
        "ref-matrix",
        "a matrix key that does not exist evaluates to an empty value",
    ),
    warning(
        "ref-needs",
        "a job outside `needs` evaluates to an empty value; GitHub accepts the file",
    ),
    warning(
        "ref-needs-output",
        "an output the job does not declare evaluates to an empty value",
    ),
    warning(
        "ref-step",
        "a step that does not exist (or has not run yet) evaluates to an empty value; GitHub accepts the file",
    ),
    warning(
        "runner-label-conflict",
        "no GitHub-hosted runner has both labels; a self-hosted one might",
    ),
    warning(
        "runner-label-unknown",
        "self-hosted and larger runners have labels their owners choose; raise it when every label is declared",
    ),
    error(
        "runs-on-missing",
        "GitHub's schema requires `runs-on` on a job that does not call a reusable workflow",
    ),
    error(
        "schedule-config",
        "GitHub's schema requires `cron` in each schedule entry",
    ),
    error(
        "services-not-linux",
        "service containers run only on Linux runners: the job fails at its start",
    ),
    warning(
        "shell-unknown",
        "a custom shell command or a runner with that shell may exist; depends on the runner",
    ),
    error(
        "step-control-if",
        "GitHub's schema allows no `if` on `wait`, `wait-all` and `cancel` steps",
    ),
    error(
        "step-control-key",
        "GitHub's schema allows only `name`, `id` and `continue-on-error` on `wait`, `wait-all`, `cancel` and `parallel` steps",
    ),
    error(
        "step-id-duplicate",
        "GitHub rejects a step id used twice in a job",
    ),
    error(
        "step-id-invalid",
        "GitHub rejects step ids that are not letters, digits, `-` and `_`, starting with a letter or `_`",
    ),
    error(
        "step-key-mismatch",
        "GitHub's schema does not allow this key on this kind of step",
    ),
    error(
        "step-kind-mixed",
        "GitHub's schema makes each step one kind: `run`, `uses`, `wait`, `wait-all`, `cancel` or `parallel`",
    ),
    error(
        "step-no-uses-or-run",
        "GitHub's schema requires `uses` or `run` on a step",
    ),
    error(
        "step-uses-and-run",
        "GitHub's schema does not allow `uses` and `run` on one step",
    ),
    error(
        "step-wait-target",
        "GitHub cannot wait for or cancel a step that is not an earlier background step of the job",
    ),
    warning(
        "steps-missing",
        "GitHub's schema does not require `steps`; a job without them does nothing",
    ),
    error(
        "syntax",
        "the file is not valid YAML or does not follow GitHub's workflow schema",
    ),
    error(
        "timeout-invalid",
        "GitHub rejects a timeout that is not a positive number",
    ),
    warning(
        "timeout-too-long",
        "GitHub stops a job at its plan's limit whatever the timeout says",
    ),
    warning(
        "timezone-invalid",
        "a zone missing from our tables may still be one GitHub knows",
    ),
    error(
        "uses-invalid",
        "GitHub rejects a `uses` that is not `./path`, `owner/repo[/path]@ref` or `docker://image`",
    ),
    warning(
        "vars-unknown",
        "configuration variables are set outside the file; an unknown one evaluates to an empty value",
    ),
    error(
        "yaml-alias-recursive",
        "an alias inside its own anchor cannot be read",
    ),
    warning(
        "yaml-anchor-unused",
        "an anchor no alias uses has no effect",
    ),
];

/// The entry of a code, when it is one of [`CODES`].
///
/// ```
/// assert!(pipeline_core::validate::code("ref-step").is_some());
/// assert!(pipeline_core::validate::code("no-such-code").is_none());
/// ```
#[must_use]
pub fn code(name: &str) -> Option<&'static Code> {
    CODES
        .binary_search_by(|c| c.code.cmp(name))
        .ok()
        .map(|i| &CODES[i])
}

/// The severity a code is reported with under `config`: its override there, else the registry's, else
/// `fallback` (for a code not registered).
pub(crate) fn severity(config: &Config, name: &str, fallback: Severity) -> Severity {
    config
        .severities
        .get(name)
        .copied()
        .or_else(|| code(name).map(|c| c.severity))
        .unwrap_or(fallback)
}

/// Gives every diagnostic the severity its code has under `config`.
pub(crate) fn settle(config: &Config, diagnostics: &mut [Diagnostic]) {
    for d in diagnostics {
        d.severity = severity(config, d.code, d.severity);
    }
}
