//! The registry of diagnostic codes ([`CODES`]) against the validator and the docs: every code the
//! validator's source reports is registered, every registered code has an example here that produces it
//! with its registered severity, and `docs/diagnostics.md` lists every code with that severity.
//!
//! `UPDATE_DOCS=1 cargo test -p pipeline-core --test diagnostic_codes` rewrites the table in the docs.

use pipeline_core::model::{Action, NodeRuns, Runs};
use pipeline_core::parse;
use pipeline_core::validate::{
    CODES, Config, DefaultPermissions, Diagnostics, SetFile, check_action, check_workflow, code,
    validate_action, validate_set,
};
use std::collections::BTreeSet;
use std::path::Path;

/// What an example is checked as.
enum Input {
    /// A workflow file, with a configuration.
    Workflow(&'static str, fn() -> Config),
    /// An action metadata file.
    Action(&'static str),
    /// Action metadata built in Rust.
    ActionModel(fn() -> Action),
    /// A set of files `(path, text)`, with a configuration.
    Set(&'static [(&'static str, &'static str)], fn() -> Config),
}

fn plain() -> Config {
    Config::default()
}

fn with_deploy_action() -> Config {
    let deploy = parse::action(
        "name: Deploy\ndescription: Deploys\ninputs:\n  env:\n    required: true\n  old:\n    deprecationMessage: use env\noutputs:\n  url:\n    description: URL\nruns:\n  using: node20\n  main: index.js\n",
    )
    .expect("the example action parses")
    .value;
    Config::default().local_actions([("./.github/actions/deploy".to_owned(), deploy)])
}

fn with_vars() -> Config {
    Config::default().config_variables(["REGION"])
}

fn read_default() -> Config {
    Config::default().default_permissions(DefaultPermissions::Read)
}

fn shallow() -> Config {
    Config::default().max_depth(3)
}

fn short_chains() -> Config {
    Config::default().max_workflow_levels(2)
}

fn with_known_deploy() -> Config {
    let deploy = with_deploy_action()
        .local_actions
        .and_then(|mut actions| actions.remove("./.github/actions/deploy"))
        .expect("the example action");
    Config::default().known_actions([("acme/deploy".to_owned(), deploy)])
}

/// Action metadata built in Rust with a runtime the parser would not read.
fn node99() -> Action {
    Action {
        name: Some("A".to_owned()),
        description: Some("B".to_owned()),
        runs: Some(Runs::Node(NodeRuns {
            using: "node99".to_owned(),
            main: Some("index.js".to_owned()),
            ..NodeRuns::default()
        })),
        ..Action::default()
    }
}

/// One example per code.
fn examples() -> Vec<(&'static str, Input)> {
    use Input::{Action, ActionModel, Set, Workflow};
    vec![
        (
            "action-description-missing",
            Action("name: A\nruns:\n  using: node20\n  main: index.js\n"),
        ),
        (
            "action-image-missing",
            Action("name: A\ndescription: B\nruns:\n  using: docker\n"),
        ),
        (
            "action-input-deprecated",
            Workflow(
                "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: acme/deploy@v1\n        with:\n          env: prod\n          old: x\n",
                with_known_deploy,
            ),
        ),
        (
            "action-input-missing",
            Workflow(
                "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: ./.github/actions/deploy\n",
                with_deploy_action,
            ),
        ),
        (
            "action-input-unknown",
            Workflow(
                "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: ./.github/actions/deploy\n        with:\n          env: prod\n          envv: prod\n",
                with_deploy_action,
            ),
        ),
        (
            "action-input-unknown-key",
            Action(
                "name: A\ndescription: B\ninputs:\n  x:\n    deprecation-message: old\nruns:\n  using: node20\n  main: index.js\n",
            ),
        ),
        (
            "action-main-missing",
            Action("name: A\ndescription: B\nruns:\n  using: node20\n"),
        ),
        (
            "action-name-missing",
            Action("description: B\nruns:\n  using: node20\n  main: index.js\n"),
        ),
        (
            "action-node-retired",
            Action("name: A\ndescription: B\nruns:\n  using: node12\n  main: index.js\n"),
        ),
        (
            "action-output-unknown",
            Workflow(
                "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: acme/deploy@v1\n        id: d\n        with:\n          env: prod\n      - run: echo \"$U\"\n        env:\n          U: ${{ steps.d.outputs.link }}\n",
                with_known_deploy,
            ),
        ),
        (
            "action-output-value-missing",
            Action(
                "name: A\ndescription: B\noutputs:\n  x:\n    description: X\nruns:\n  using: composite\n  steps:\n    - run: echo\n      shell: bash\n",
            ),
        ),
        (
            "action-retired",
            Workflow(
                "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/upload-artifact@v3\n        with:\n          path: x\n",
                plain,
            ),
        ),
        ("action-runs-missing", Action("name: A\ndescription: B\n")),
        ("action-using-invalid", ActionModel(node99)),
        (
            "activity-type-invalid",
            Workflow(
                "on:\n  pull_request:\n    types: [opend]\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n",
                plain,
            ),
        ),
        (
            "call-cycle",
            Set(
                &[
                    (
                        ".github/workflows/a.yml",
                        "on: workflow_call\njobs:\n  b:\n    uses: ./.github/workflows/b.yml\n",
                    ),
                    (
                        ".github/workflows/b.yml",
                        "on: workflow_call\njobs:\n  a:\n    uses: ./.github/workflows/a.yml\n",
                    ),
                ],
                plain,
            ),
        ),
        (
            "call-depth",
            Set(
                &[
                    (
                        ".github/workflows/a.yml",
                        "on: push\njobs:\n  b:\n    uses: ./.github/workflows/b.yml\n",
                    ),
                    (
                        ".github/workflows/b.yml",
                        "on: workflow_call\njobs:\n  c:\n    uses: ./.github/workflows/c.yml\n",
                    ),
                    (
                        ".github/workflows/c.yml",
                        "on: workflow_call\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n",
                    ),
                ],
                short_chains,
            ),
        ),
        (
            "call-input-missing",
            Set(
                &[
                    (
                        ".github/workflows/a.yml",
                        "on: push\njobs:\n  b:\n    uses: ./.github/workflows/b.yml\n",
                    ),
                    (
                        ".github/workflows/b.yml",
                        "on:\n  workflow_call:\n    inputs:\n      x:\n        type: string\n        required: true\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n",
                    ),
                ],
                plain,
            ),
        ),
        (
            "call-input-type",
            Set(
                &[
                    (
                        ".github/workflows/a.yml",
                        "on: push\njobs:\n  b:\n    uses: ./.github/workflows/b.yml\n    with:\n      n: three\n",
                    ),
                    (
                        ".github/workflows/b.yml",
                        "on:\n  workflow_call:\n    inputs:\n      n:\n        type: number\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n",
                    ),
                ],
                plain,
            ),
        ),
        (
            "call-input-unknown",
            Set(
                &[
                    (
                        ".github/workflows/a.yml",
                        "on: push\njobs:\n  b:\n    uses: ./.github/workflows/b.yml\n    with:\n      m: 3\n",
                    ),
                    (
                        ".github/workflows/b.yml",
                        "on: workflow_call\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n",
                    ),
                ],
                plain,
            ),
        ),
        (
            "call-job-key",
            Workflow(
                "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    uses: org/repo/.github/workflows/b.yml@v1\n",
                plain,
            ),
        ),
        (
            "call-output-unknown",
            Set(
                &[
                    (
                        ".github/workflows/a.yml",
                        "on: push\njobs:\n  b:\n    uses: ./.github/workflows/b.yml\n  c:\n    needs: b\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \"$X\"\n        env:\n          X: ${{ needs.b.outputs.nope }}\n",
                    ),
                    (
                        ".github/workflows/b.yml",
                        "on: workflow_call\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n",
                    ),
                ],
                plain,
            ),
        ),
        (
            "call-permissions",
            Set(
                &[
                    (
                        ".github/workflows/a.yml",
                        "on: push\njobs:\n  b:\n    uses: ./.github/workflows/b.yml\n",
                    ),
                    (
                        ".github/workflows/b.yml",
                        "on: workflow_call\njobs:\n  a:\n    permissions:\n      issues: write\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n",
                    ),
                ],
                read_default,
            ),
        ),
        (
            "call-secret-missing",
            Set(
                &[
                    (
                        ".github/workflows/a.yml",
                        "on: push\njobs:\n  b:\n    uses: ./.github/workflows/b.yml\n",
                    ),
                    (
                        ".github/workflows/b.yml",
                        "on:\n  workflow_call:\n    secrets:\n      token:\n        required: true\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n",
                    ),
                ],
                plain,
            ),
        ),
        (
            "call-secret-unknown",
            Set(
                &[
                    (
                        ".github/workflows/a.yml",
                        "on: push\njobs:\n  b:\n    uses: ./.github/workflows/b.yml\n    secrets:\n      tokn: ${{ secrets.T }}\n",
                    ),
                    (
                        ".github/workflows/b.yml",
                        "on: workflow_call\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n",
                    ),
                ],
                plain,
            ),
        ),
        (
            "call-workflow-invalid",
            Set(
                &[
                    (
                        ".github/workflows/a.yml",
                        "on: push\njobs:\n  b:\n    uses: ./.github/workflows/b.yml\n",
                    ),
                    (
                        ".github/workflows/b.yml",
                        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n",
                    ),
                ],
                plain,
            ),
        ),
        (
            "call-workflow-missing",
            Set(
                &[(
                    ".github/workflows/a.yml",
                    "on: push\njobs:\n  b:\n    uses: ./.github/workflows/b.yml\n",
                )],
                plain,
            ),
        ),
        (
            "composite-shell-missing",
            Action(
                "name: A\ndescription: B\nruns:\n  using: composite\n  steps:\n    - run: echo\n",
            ),
        ),
        (
            "concurrency-group-missing",
            Workflow(
                "on: push\nconcurrency:\n  cancel-in-progress: true\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n",
                plain,
            ),
        ),
        (
            "condition-always-true",
            Workflow(
                "on: push\njobs:\n  a:\n    if: github.event_name == 'push'\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n",
                plain,
            ),
        ),
        (
            "condition-never-true",
            Workflow(
                "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: x\n        if: github.event_name == 'pull_request'\n",
                plain,
            ),
        ),
        (
            "container-not-linux",
            Workflow(
                "on: push\njobs:\n  a:\n    runs-on: windows-latest\n    container: node:20\n    steps: [{run: x}]\n",
                plain,
            ),
        ),
        (
            "context-unavailable",
            Workflow(
                "on: push\njobs:\n  a:\n    runs-on: ${{ secrets.RUNNER }}\n    steps: [{run: x}]\n",
                plain,
            ),
        ),
        (
            "cron-invalid",
            Workflow(
                "on:\n  schedule:\n    - cron: '0 0 * *'\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n",
                plain,
            ),
        ),
        (
            "cron-too-frequent",
            Workflow(
                "on:\n  schedule:\n    - cron: '*/2 * * * *'\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n",
                plain,
            ),
        ),
        (
            "defaults-empty",
            Workflow(
                "on: push\ndefaults: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n",
                plain,
            ),
        ),
        (
            "dispatch-too-many-inputs",
            Workflow(
                "on:\n  workflow_dispatch:\n    inputs: {a1: {}, a2: {}, a3: {}, a4: {}, a5: {}, a6: {}, a7: {}, a8: {}, a9: {}, a10: {}, a11: {}, a12: {}, a13: {}, a14: {}, a15: {}, a16: {}, a17: {}, a18: {}, a19: {}, a20: {}, a21: {}, a22: {}, a23: {}, a24: {}, a25: {}, a26: {}}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n",
                plain,
            ),
        ),
        (
            "env-name-invalid",
            Workflow(
                "on: push\nenv:\n  A=B: x\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n",
                plain,
            ),
        ),
        (
            "environment-name-missing",
            Workflow(
                "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    environment:\n      url: https://example.com\n    steps: [{run: x}]\n",
                plain,
            ),
        ),
        (
            "event-unknown",
            Workflow(
                "on: pushh\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n",
                plain,
            ),
        ),
        (
            "expr-arity",
            Workflow(
                "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: x\n        if: contains('a')\n",
                plain,
            ),
        ),
        (
            "expr-comparison",
            Workflow(
                "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: x\n        if: github.event < 1\n",
                plain,
            ),
        ),
        (
            "expr-object-in-template",
            Workflow(
                "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: x\n        env:\n          E: x ${{ github.event }}\n",
                plain,
            ),
        ),
        (
            "expr-syntax",
            Workflow(
                "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ 1 + }}\n",
                plain,
            ),
        ),
        (
            "expr-type",
            Workflow(
                "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: x\n        if: github.run_id.x\n",
                plain,
            ),
        ),
        (
            "expr-unknown-context",
            Workflow(
                "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: x\n        if: foo.bar\n",
                plain,
            ),
        ),
        (
            "expr-unknown-function",
            Workflow(
                "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: x\n        if: nope()\n",
                plain,
            ),
        ),
        (
            "expr-unknown-property",
            Workflow(
                "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: x\n        if: runner.nope\n",
                plain,
            ),
        ),
        (
            "action-unknown-key",
            Action("name: A\ndescription: B\nbadge: x\nruns:\n  using: node20\n  main: index.js\n"),
        ),
        (
            "background-steps-many",
            Workflow(
                "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - { run: ./s0.sh, background: true }\n      - { run: ./s1.sh, background: true }\n      - { run: ./s2.sh, background: true }\n      - { run: ./s3.sh, background: true }\n      - { run: ./s4.sh, background: true }\n      - { run: ./s5.sh, background: true }\n      - { run: ./s6.sh, background: true }\n      - { run: ./s7.sh, background: true }\n      - { run: ./s8.sh, background: true }\n      - { run: ./s9.sh, background: true }\n      - { run: ./s10.sh, background: true }\n",
                plain,
            ),
        ),
        (
            "background-output-unset",
            Workflow(
                "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - { id: build, run: ./build.sh, background: true }\n      - run: echo ${{ steps.build.outputs.digest }}\n",
                plain,
            ),
        ),
        (
            "composite-step-parallel",
            Action(
                "name: A\ndescription: B\nruns:\n  using: composite\n  steps:\n    - wait-all:\n",
            ),
        ),
        (
            "concurrency-queue-cancel",
            Workflow(
                "on: push\nconcurrency:\n  group: g\n  cancel-in-progress: true\n  queue: max\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: x\n",
                plain,
            ),
        ),
        (
            "event-deprecated",
            Workflow(
                "on: pull_request_comment\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: x\n",
                plain,
            ),
        ),
        (
            "step-control-if",
            Workflow(
                "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - { id: server, run: ./server.sh, background: true }\n      - wait: server\n        if: always()\n",
                plain,
            ),
        ),
        (
            "step-control-key",
            Workflow(
                "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - { id: server, run: ./server.sh, background: true }\n      - wait-all: true\n        env:\n          A: b\n",
                plain,
            ),
        ),
        (
            "step-kind-mixed",
            Workflow(
                "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - { id: server, run: ./server.sh, background: true }\n      - run: x\n        wait-all:\n",
                plain,
            ),
        ),
        (
            "step-wait-target",
            Workflow(
                "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - { id: build, run: make }\n      - wait: build\n",
                plain,
            ),
        ),
        (
            "expr-format",
            Workflow(
                "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \"$V\"\n        env:\n          V: ${{ format('{1}', github.sha) }}\n",
                plain,
            ),
        ),
        (
            "filter-empty",
            Workflow(
                "on:\n  image_version:\n    names: []\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n",
                plain,
            ),
        ),
        (
            "filter-exclusive",
            Workflow(
                "on:\n  push:\n    branches: [main]\n    branches-ignore: [dev]\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n",
                plain,
            ),
        ),
        (
            "filter-not-applicable",
            Workflow(
                "on:\n  pull_request:\n    tags: [v1]\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n",
                plain,
            ),
        ),
        (
            "function-unavailable",
            Workflow(
                "on: push\njobs:\n  a:\n    if: hashFiles('x') != ''\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n",
                plain,
            ),
        ),
        (
            "glob-invalid",
            Workflow(
                "on:\n  push:\n    branches: ['^main']\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n",
                plain,
            ),
        ),
        (
            "if-always-true",
            Workflow(
                "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: x\n        if: false || ${{ true }}\n",
                plain,
            ),
        ),
        (
            "if-constant",
            Workflow(
                "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: x\n        if: 1 == 1\n",
                plain,
            ),
        ),
        (
            "input-choice-in-call",
            Workflow(
                "on:\n  workflow_call:\n    inputs:\n      kind: {type: choice, options: [a]}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n",
                plain,
            ),
        ),
        (
            "input-choice-no-options",
            Workflow(
                "on:\n  workflow_dispatch:\n    inputs:\n      kind: {type: choice}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n",
                plain,
            ),
        ),
        (
            "input-default-invalid",
            Workflow(
                "on:\n  workflow_dispatch:\n    inputs:\n      kind: {type: choice, options: [a, b], default: c}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n",
                plain,
            ),
        ),
        (
            "input-options-unused",
            Workflow(
                "on:\n  workflow_dispatch:\n    inputs:\n      kind: {type: string, options: [a, b]}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n",
                plain,
            ),
        ),
        (
            "input-type-invalid",
            Workflow(
                "on:\n  workflow_dispatch:\n    inputs:\n      kind: {type: text}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n",
                plain,
            ),
        ),
        (
            "input-type-missing",
            Workflow(
                "on:\n  workflow_call:\n    inputs:\n      kind:\n        required: true\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n",
                plain,
            ),
        ),
        (
            "job-id-duplicate",
            Workflow(
                "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n  A:\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n",
                plain,
            ),
        ),
        (
            "job-id-invalid",
            Workflow(
                "on: push\njobs:\n  1st:\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n",
                plain,
            ),
        ),
        (
            "job-key-mismatch",
            Workflow(
                "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    with:\n      x: 1\n    steps: [{run: x}]\n",
                plain,
            ),
        ),
        (
            "job-never-runs",
            Workflow(
                "on: push\njobs:\n  a:\n    if: github.event_name == 'pull_request'\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n",
                plain,
            ),
        ),
        ("jobs-empty", Workflow("on: push\njobs: {}\n", plain)),
        (
            "key-duplicate",
            Workflow(
                "on:\n  workflow_call:\n    inputs:\n      x: {type: string}\n      X: {type: string}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n",
                plain,
            ),
        ),
        (
            "local-action-before-checkout",
            Workflow(
                "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: ./.github/actions/deploy\n        with:\n          env: prod\n",
                with_deploy_action,
            ),
        ),
        (
            "local-action-missing",
            Workflow(
                "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: ./.github/actions/deplo\n",
                with_deploy_action,
            ),
        ),
        (
            "matrix-duplicate-value",
            Workflow(
                "on: push\njobs:\n  a:\n    strategy:\n      matrix:\n        x: [1, 1]\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n",
                plain,
            ),
        ),
        (
            "matrix-empty",
            Workflow(
                "on: push\njobs:\n  a:\n    strategy:\n      matrix:\n        x: []\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n",
                plain,
            ),
        ),
        (
            "matrix-exclude-no-match",
            Workflow(
                "on: push\njobs:\n  a:\n    strategy:\n      matrix:\n        x: [1, 2]\n        exclude:\n          - x: 3\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n",
                plain,
            ),
        ),
        (
            "matrix-exclude-unknown",
            Workflow(
                "on: push\njobs:\n  a:\n    strategy:\n      matrix:\n        x: [1, 2]\n        exclude:\n          - y: 1\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n",
                plain,
            ),
        ),
        (
            "matrix-too-large",
            Workflow(
                "on: push\njobs:\n  a:\n    strategy:\n      matrix:\n        x: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]\n        y: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n",
                plain,
            ),
        ),
        (
            "max-depth",
            Workflow(
                "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n",
                shallow,
            ),
        ),
        (
            "max-parallel-invalid",
            Workflow(
                "on: push\njobs:\n  a:\n    strategy:\n      max-parallel: 0\n      matrix:\n        x: [1, 2]\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n",
                plain,
            ),
        ),
        (
            "merge-key",
            Workflow(
                "on: push\njobs:\n  a:\n    <<: {timeout-minutes: 5}\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n",
                plain,
            ),
        ),
        (
            "needs-cycle",
            Workflow(
                "on: push\njobs:\n  a:\n    needs: b\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n  b:\n    needs: a\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n",
                plain,
            ),
        ),
        (
            "needs-duplicate",
            Workflow(
                "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n  b:\n    needs: [a, a]\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n",
                plain,
            ),
        ),
        (
            "needs-self",
            Workflow(
                "on: push\njobs:\n  a:\n    needs: a\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n  b:\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n",
                plain,
            ),
        ),
        (
            "needs-unknown",
            Workflow(
                "on: push\njobs:\n  a:\n    needs: z\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n",
                plain,
            ),
        ),
        (
            "on-missing",
            Workflow(
                "on: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n",
                plain,
            ),
        ),
        (
            "permission-level-invalid",
            Workflow(
                "on: push\npermissions:\n  contents: admin\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n",
                plain,
            ),
        ),
        (
            "permission-scope-unknown",
            Workflow(
                "on: push\npermissions:\n  wiki: read\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n",
                plain,
            ),
        ),
        (
            "ref-input",
            Workflow(
                "on:\n  workflow_dispatch:\n    inputs:\n      level: {type: string}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \"$L\"\n        env:\n          L: ${{ inputs.lvl }}\n",
                plain,
            ),
        ),
        (
            "ref-jobs",
            Workflow(
                "on:\n  workflow_call:\n    outputs:\n      o:\n        value: ${{ jobs.z.outputs.x }}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n",
                plain,
            ),
        ),
        (
            "ref-matrix",
            Workflow(
                "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \"$X\"\n        env:\n          X: ${{ matrix.x }}\n",
                plain,
            ),
        ),
        (
            "ref-needs",
            Workflow(
                "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \"$X\"\n        env:\n          X: ${{ needs.b.result }}\n",
                plain,
            ),
        ),
        (
            "ref-needs-output",
            Workflow(
                "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n  b:\n    needs: a\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \"$X\"\n        env:\n          X: ${{ needs.a.outputs.x }}\n",
                plain,
            ),
        ),
        (
            "ref-step",
            Workflow(
                "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \"$X\"\n        env:\n          X: ${{ steps.s.outputs.x }}\n",
                plain,
            ),
        ),
        (
            "runner-label-conflict",
            Workflow(
                "on: push\njobs:\n  a:\n    runs-on: [ubuntu-latest, windows-latest]\n    steps: [{run: x}]\n",
                plain,
            ),
        ),
        (
            "runner-label-unknown",
            Workflow(
                "on: push\njobs:\n  a:\n    runs-on: my-gpu\n    steps: [{run: x}]\n",
                plain,
            ),
        ),
        (
            "runs-on-missing",
            Workflow("on: push\njobs:\n  a:\n    steps: [{run: x}]\n", plain),
        ),
        (
            "schedule-config",
            Workflow(
                "on:\n  schedule:\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n",
                plain,
            ),
        ),
        (
            "services-not-linux",
            Workflow(
                "on: push\njobs:\n  a:\n    runs-on: windows-latest\n    services:\n      db: postgres\n    steps: [{run: x}]\n",
                plain,
            ),
        ),
        (
            "shell-unknown",
            Workflow(
                "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: x\n        shell: fish\n",
                plain,
            ),
        ),
        (
            "step-id-duplicate",
            Workflow(
                "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: x\n        id: s\n      - run: y\n        id: S\n",
                plain,
            ),
        ),
        (
            "step-id-invalid",
            Workflow(
                "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: x\n        id: 1s\n",
                plain,
            ),
        ),
        (
            "step-key-mismatch",
            Workflow(
                "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        shell: bash\n",
                plain,
            ),
        ),
        (
            "step-no-uses-or-run",
            Workflow(
                "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - name: nothing\n",
                plain,
            ),
        ),
        (
            "step-uses-and-run",
            Workflow(
                "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: x\n        uses: actions/checkout@v4\n",
                plain,
            ),
        ),
        (
            "steps-missing",
            Workflow("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n", plain),
        ),
        (
            "syntax",
            Workflow(
                "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    stesp: []\n",
                plain,
            ),
        ),
        (
            "timeout-invalid",
            Workflow(
                "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    timeout-minutes: 0\n    steps: [{run: x}]\n",
                plain,
            ),
        ),
        (
            "timeout-too-long",
            Workflow(
                "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    timeout-minutes: 10000\n    steps: [{run: x}]\n",
                plain,
            ),
        ),
        (
            "timezone-invalid",
            Workflow(
                "on:\n  schedule:\n    - cron: '0 0 * * *'\n      timezone: Mars/Olympus\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n",
                plain,
            ),
        ),
        (
            "uses-invalid",
            Workflow(
                "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout\n",
                plain,
            ),
        ),
        (
            "vars-unknown",
            Workflow(
                "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \"$R\"\n        env:\n          R: ${{ vars.REGON }}\n",
                with_vars,
            ),
        ),
        (
            "yaml-alias-recursive",
            Workflow(
                "on: push\njobs:\n  a: &a\n    runs-on: ubuntu-latest\n    env:\n      X: *a\n    steps: [{run: x}]\n",
                plain,
            ),
        ),
        (
            "yaml-anchor-unused",
            Workflow(
                "on: push\njobs:\n  a:\n    runs-on: &r ubuntu-latest\n    steps: [{run: x}]\n",
                plain,
            ),
        ),
    ]
}

fn run(input: &Input) -> Vec<Diagnostics> {
    match input {
        Input::Workflow(text, config) => vec![check_workflow(text, "test.yml", &config())],
        Input::Action(text) => vec![check_action(text, "action.yml", &Config::default())],
        Input::ActionModel(action) => vec![validate_action(&action())],
        Input::Set(files, config) => {
            let files: Vec<SetFile> = files
                .iter()
                .map(|(path, text)| SetFile::parse(*path, *text))
                .collect();
            validate_set(&files, &config())
                .into_iter()
                .map(|(_, d)| d)
                .collect()
        }
    }
}

#[test]
fn every_code_has_an_example_that_produces_it_with_its_severity() {
    let examples = examples();
    let mut failures = Vec::new();
    let named: BTreeSet<&str> = examples.iter().map(|(c, _)| *c).collect();
    for entry in CODES {
        if !named.contains(entry.code) {
            failures.push(format!("{}: no example", entry.code));
        }
    }
    for (name, input) in &examples {
        let Some(entry) = code(name) else {
            failures.push(format!(
                "{name}: an example of a code that is not registered"
            ));
            continue;
        };
        let found: Vec<_> = run(input)
            .into_iter()
            .flat_map(Diagnostics::into_vec)
            .collect();
        match found.iter().find(|d| d.code == *name) {
            Some(d) if d.severity == entry.severity => {}
            Some(d) => failures.push(format!(
                "{name}: reported as {}, registered as {}",
                d.severity, entry.severity
            )),
            None => failures.push(format!(
                "{name}: the example does not produce it; it gives {:?}",
                found.iter().map(|d| d.code).collect::<Vec<_>>()
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The string literals of the validator's source that are reported as codes: the first argument of
/// `error(`, `warning(`, `info(` and `report(`, a `code:` field, and the code of a `(code, message)`
/// pair.
fn codes_in_source() -> BTreeSet<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    for dir in ["validate", "bindings"] {
        for entry in std::fs::read_dir(root.join(dir))
            .expect("source folder")
            .flatten()
        {
            files.push(entry.path());
        }
    }
    let mut out = BTreeSet::new();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        if path.ends_with("codes.rs") {
            continue;
        }
        let squeezed: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for opener in [
            ".error( \"",
            ".warning( \"",
            ".info( \"",
            ".push( \"",
            "code: \"",
            "diagnostic( \"",
            "( \"",
            "(\"",
            ".error(\"",
            ".warning(\"",
        ] {
            for (at, _) in squeezed.match_indices(opener) {
                let rest = &squeezed[at + opener.len()..];
                let Some(end) = rest.find('"') else { continue };
                let literal = &rest[..end];
                let after = rest[end + 1..].trim_start();
                let shaped = literal == "syntax"
                    || (literal.contains('-')
                        && literal
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'));
                // A code is followed by the path or the message, never by another literal key.
                let as_code = opener.starts_with(".error")
                    || opener.starts_with(".warning")
                    || opener.starts_with(".info")
                    || opener.starts_with("code")
                    || opener.starts_with("diagnostic")
                    || after.starts_with(", message")
                    || after.starts_with(", format!")
                    || after.starts_with(", me,");
                if shaped && as_code {
                    out.insert(literal.to_owned());
                }
            }
        }
    }
    out
}

#[test]
fn every_code_in_the_source_is_registered() {
    let registered: BTreeSet<&str> = CODES.iter().map(|c| c.code).collect();
    let found = codes_in_source();
    // The scan must see the codes, or it proves nothing.
    assert!(
        found.len() * 10 >= registered.len() * 9,
        "the scan found only {} codes: {found:?}",
        found.len()
    );
    let missing: Vec<String> = found
        .into_iter()
        .filter(|c| !registered.contains(c.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "codes reported but not in validate::CODES: {missing:?}"
    );
    // And the registry holds no code the source no longer has.
    let source = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/validate"))
        .expect("source folder")
        .chain(
            std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/bindings"))
                .expect("source folder"),
        )
        .flatten()
        .filter(|e| !e.path().ends_with("codes.rs"))
        .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
        .collect::<String>();
    let stale: Vec<&str> = registered
        .iter()
        .filter(|c| !source.contains(&format!("\"{c}\"")))
        .copied()
        .collect();
    assert!(
        stale.is_empty(),
        "registered codes no check reports: {stale:?}"
    );
}

/// The table of codes as `docs/diagnostics.md` holds it.
fn table() -> String {
    let mut out = String::from("| code | severity | why |\n| --- | --- | --- |\n");
    for c in CODES {
        out.push_str(&format!("| `{}` | {} | {} |\n", c.code, c.severity, c.why));
    }
    out
}

#[test]
fn the_docs_list_every_code() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/diagnostics.md");
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let (start, end) = ("<!-- codes:start -->\n", "<!-- codes:end -->");
    let table = table();
    let current = text
        .split_once(start)
        .and_then(|(_, rest)| rest.split_once(end))
        .map(|(inside, _)| inside);
    if current == Some(table.as_str()) {
        return;
    }
    if std::env::var_os("UPDATE_DOCS").is_some()
        && let (Some((head, _)), Some((_, tail))) = (text.split_once(start), text.split_once(end))
    {
        std::fs::write(&path, format!("{head}{start}{table}{end}{tail}")).expect("write docs");
        return;
    }
    panic!(
        "docs/diagnostics.md does not list the codes of validate::CODES; run with UPDATE_DOCS=1. The table:\n{table}"
    );
}
