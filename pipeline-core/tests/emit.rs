//! The canonical emitter: each shape of the model as the exact text it becomes, whole files as snapshots, and
//! every output read back by `serde_yaml` (an independent YAML reader) to the same data as the model's serde
//! view.

use indexmap::IndexMap;
use pipeline_core::emit::{self, EmitOptions};
use pipeline_core::model::{
    Action, ActionInput, ActionOutput, Concurrency, ConcurrencyConfig, Container, ContainerConfig,
    Credentials, Cron, Defaults, DockerRuns, Environment, EnvironmentConfig, Event, EventConfig,
    ExprOr, Filters, Input, Job, Mapping, Matrix, NodeRuns, Number, On, OneOrMany, PermissionLevel,
    PermissionScope, Permissions, RunnerGroup, Runs, RunsOn, Secrets, Step, Strategy, Trigger,
    Value, Workflow, WorkflowCall, WorkflowCallOutput, WorkflowCallSecret, WorkflowDispatch,
};
use pipeline_core::parse;
use pipeline_core::yaml::{Node, NodeKind, scan};
use proptest::prelude::{
    Just, ProptestConfig, TestCaseError, any, prop, prop_assert_eq, prop_oneof, proptest,
};
use proptest::strategy::Strategy as _;
use serde::Serialize;

/// Reads `yaml` with `serde_yaml` and compares it with the serde view of `model`.
fn assert_same_data<T: Serialize>(yaml: &str, model: &T) {
    let read: serde_yaml::Value = match serde_yaml::from_str(yaml) {
        Ok(read) => read,
        Err(error) => panic!("emitted text is not YAML: {error}\n{yaml}"),
    };
    let expected = serde_yaml::to_value(model).expect("the model serializes");
    assert_eq!(
        read, expected,
        "emitted text reads back as other data:\n{yaml}"
    );
}

fn emit_workflow(workflow: &Workflow) -> String {
    let yaml = emit::workflow(workflow, &EmitOptions::default());
    assert_same_data(&yaml, workflow);
    yaml
}

fn emit_action(action: &Action) -> String {
    let yaml = emit::action(action, &EmitOptions::default());
    assert_same_data(&yaml, action);
    yaml
}

/// Emits `on` in an otherwise empty workflow and compares the text before `jobs`.
fn check_on(on: On, expected: &str) {
    let workflow = Workflow {
        on,
        ..Workflow::default()
    };
    let yaml = emit_workflow(&workflow);
    let on = yaml
        .strip_suffix("\njobs: {}\n")
        .unwrap_or_else(|| panic!("no `jobs: {{}}` at the end:\n{yaml}"));
    assert_eq!(on, expected, "\n{yaml}");
}

/// Emits `job` as the only job `j` of a workflow and compares its text, unindented by four spaces.
fn check_job(job: Job, expected: &str) {
    let workflow = Workflow {
        on: On::Event(Event::Push),
        jobs: IndexMap::from([("j".to_owned(), job)]),
        ..Workflow::default()
    };
    let yaml = emit_workflow(&workflow);
    let body = yaml
        .strip_prefix("on: push\n\njobs:\n  j:")
        .unwrap_or_else(|| panic!("unexpected start:\n{yaml}"));
    let job = match body.strip_prefix('\n') {
        Some(lines) => lines
            .split_inclusive('\n')
            .map(|line| line.strip_prefix("    ").unwrap_or(line))
            .collect::<String>(),
        None => body.trim_start().to_owned(),
    };
    assert_eq!(job, expected, "\n{yaml}");
}

/// Emits one environment variable with this value, the case for every free-form value.
fn check_value(value: impl Into<Value>, expected: &str) {
    check_job(
        Job::default().env("V", value),
        &format!("env:\n  V:{expected}\n"),
    );
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|&s| s.to_owned()).collect()
}

fn many(items: &[&str]) -> OneOrMany<String> {
    OneOrMany::Many(strings(items))
}

fn triggers(entries: Vec<(Event, Option<EventConfig>)>) -> On {
    On::Triggers(entries.into_iter().collect())
}

#[test]
fn on_keeps_its_shape() {
    let cases = [
        (On::Event(Event::Push), "on: push\n"),
        (
            On::Events(vec![Event::Push, Event::PullRequest]),
            "on: [push, pull_request]\n",
        ),
        (On::Events(vec![]), "on: []\n"),
        (On::Triggers(IndexMap::new()), "on: {}\n"),
        (
            triggers(vec![(Event::Push, None), (Event::WorkflowDispatch, None)]),
            "on:\n  push:\n  workflow_dispatch:\n",
        ),
        (
            triggers(vec![(
                Event::Push,
                Some(EventConfig::Filters(Filters::default())),
            )]),
            "on:\n  push: {}\n",
        ),
        (
            triggers(vec![(
                Event::WorkflowDispatch,
                Some(EventConfig::WorkflowDispatch(WorkflowDispatch::default())),
            )]),
            "on:\n  workflow_dispatch: {}\n",
        ),
        (
            triggers(vec![(Event::Other("future_event".into()), None)]),
            "on:\n  future_event:\n",
        ),
        (
            triggers(vec![(Event::Schedule, Some(EventConfig::Schedule(vec![])))]),
            "on:\n  schedule: []\n",
        ),
        (On::Event(Event::Other("yes".into())), "on: 'yes'\n"),
    ];
    for (on, expected) in cases {
        check_on(on, expected);
    }
}

#[test]
fn long_event_lists_go_one_per_line() {
    let events = vec![
        Event::BranchProtectionRule,
        Event::CheckRun,
        Event::CheckSuite,
        Event::PullRequestReviewComment,
        Event::DeploymentStatus,
        Event::Fork,
    ];
    check_on(
        On::Events(events),
        "on:\n  - branch_protection_rule\n  - check_run\n  - check_suite\n  - pull_request_review_comment\n  - deployment_status\n  - fork\n",
    );
}

#[test]
fn filters_follow_githubs_order_and_keep_one_or_many() {
    let filters = Filters {
        paths_ignore: Some(many(&["docs/**", "*.md"])),
        paths: Some(OneOrMany::One("src/**".into())),
        tags_ignore: Some(many(&[])),
        tags: Some(many(&["v*"])),
        branches_ignore: Some(OneOrMany::One("wip".into())),
        branches: Some(many(&["main", "release/**"])),
        workflows: Some(many(&["CI"])),
        types: Some(many(&["opened", "synchronize"])),
        versions: Some(many(&["2.*"])),
        names: Some(OneOrMany::One("my-image".into())),
    };
    check_on(
        triggers(vec![(
            Event::PullRequest,
            Some(EventConfig::Filters(filters)),
        )]),
        "\
on:
  pull_request:
    types: [opened, synchronize]
    workflows: [CI]
    branches: [main, release/**]
    branches-ignore: wip
    tags: [v*]
    tags-ignore: []
    paths: src/**
    paths-ignore:
      - docs/**
      - '*.md'
    names: my-image
    versions: [2.*]
",
    );
}

#[test]
fn schedules_dispatch_and_call() {
    let schedule = EventConfig::Schedule(vec![
        Cron {
            cron: "0 2 * * 1-5".into(),
            timezone: None,
        },
        Cron {
            cron: "*/15 * * * *".into(),
            timezone: Some("Europe/Paris".into()),
        },
    ]);
    let dispatch = EventConfig::WorkflowDispatch(WorkflowDispatch {
        inputs: Some(IndexMap::from([
            (
                "environment".to_owned(),
                Input {
                    options: Some(strings(&["staging", "production"])),
                    r#type: Some("choice".into()),
                    default: Some(Value::from("staging")),
                    required: Some(true),
                    description: Some("Environment to deploy".into()),
                },
            ),
            ("dry-run".to_owned(), Input::boolean().default(false)),
            ("count".to_owned(), Input::number().default(Value::Null)),
        ])),
    });
    let call = EventConfig::WorkflowCall(WorkflowCall {
        inputs: Some(IndexMap::from([(
            "version".to_owned(),
            Input::string().required(true).default("1.0"),
        )])),
        outputs: Some(IndexMap::from([(
            "url".to_owned(),
            WorkflowCallOutput {
                description: Some("Where it went".into()),
                value: "${{ jobs.deploy.outputs.url }}".into(),
            },
        )])),
        secrets: Some(IndexMap::from([
            ("token".to_owned(), None),
            (
                "key".to_owned(),
                Some(WorkflowCallSecret {
                    description: None,
                    required: Some(false),
                }),
            ),
            ("empty".to_owned(), Some(WorkflowCallSecret::default())),
        ])),
    });
    check_on(
        triggers(vec![
            (Event::WorkflowDispatch, Some(dispatch)),
            (Event::WorkflowCall, Some(call)),
        ]),
        "\
on:
  workflow_dispatch:
    inputs:
      environment:
        description: Environment to deploy
        required: true
        default: staging
        type: choice
        options: [staging, production]
      dry-run:
        default: false
        type: boolean
      count:
        default:
        type: number
  workflow_call:
    inputs:
      version:
        required: true
        default: '1.0'
        type: string
    outputs:
      url:
        description: Where it went
        value: ${{ jobs.deploy.outputs.url }}
    secrets:
      token:
      key:
        required: false
      empty: {}
",
    );
    check_on(
        triggers(vec![(Event::Schedule, Some(schedule))]),
        "\
on:
  schedule:
    - cron: 0 2 * * 1-5
    - cron: '*/15 * * * *'
      timezone: Europe/Paris
",
    );
}

#[test]
fn workflow_sections_in_order_with_blank_lines() {
    let workflow = Workflow {
        jobs: IndexMap::from([
            ("a".to_owned(), Job::new("ubuntu-latest")),
            ("b".to_owned(), Job::default().needs("a")),
        ]),
        concurrency: Some(Concurrency::group("${{ github.ref }}").cancel_in_progress(true)),
        defaults: Some(Defaults::run().shell("bash")),
        env: Some(ExprOr::Value(Mapping::from([(
            "CARGO_TERM_COLOR".to_owned(),
            Value::from("always"),
        )]))),
        permissions: Some(Permissions::read_contents()),
        on: On::Event(Event::Push),
        run_name: Some("Deploy by @${{ github.actor }}".into()),
        name: Some("CI".into()),
        ..Workflow::default()
    };
    assert_eq!(
        emit_workflow(&workflow),
        "\
name: CI
run-name: Deploy by @${{ github.actor }}

on: push

permissions:
  contents: read

env:
  CARGO_TERM_COLOR: always

defaults:
  run:
    shell: bash

concurrency:
  group: ${{ github.ref }}
  cancel-in-progress: true

jobs:
  a:
    runs-on: ubuntu-latest

  b:
    needs: a
"
    );
}

#[test]
fn permissions_concurrency_and_defaults_keep_their_shape() {
    let cases = [
        (
            Job::default().permissions(Permissions::ReadAll),
            "permissions: read-all\n",
        ),
        (
            Job::default().permissions(Permissions::WriteAll),
            "permissions: write-all\n",
        ),
        (
            Job::default().permissions(Permissions::none()),
            "permissions: {}\n",
        ),
        (
            Job::default().permissions(
                Permissions::none()
                    .write(PermissionScope::IdToken)
                    .grant(PermissionScope::Other("wiki".into()), PermissionLevel::None),
            ),
            "permissions:\n  id-token: write\n  wiki: none\n",
        ),
        (
            Job::default().concurrency("deploy-${{ github.ref }}"),
            "concurrency: deploy-${{ github.ref }}\n",
        ),
        (
            Job::default().concurrency(Concurrency::Config(ConcurrencyConfig {
                group: None,
                cancel_in_progress: Some(ExprOr::Expr(
                    "${{ github.event_name == 'pull_request' }}".into(),
                )),
                ..ConcurrencyConfig::default()
            })),
            "concurrency:\n  cancel-in-progress: ${{ github.event_name == 'pull_request' }}\n",
        ),
        (
            Job::default().concurrency(Concurrency::Config(ConcurrencyConfig::default())),
            "concurrency: {}\n",
        ),
        (
            Job::default().defaults(Defaults::default()),
            "defaults: {}\n",
        ),
        (
            Job::default().defaults(Defaults::run()),
            "defaults:\n  run: {}\n",
        ),
        (
            Job::default().defaults(Defaults::run().working_directory("./app")),
            "defaults:\n  run:\n    working-directory: ./app\n",
        ),
    ];
    for (job, expected) in cases {
        check_job(job, expected);
    }
}

#[test]
fn job_keys_follow_githubs_order() {
    let job = Job {
        secrets: Some(Secrets::Inherit),
        with: Some(Mapping::from([("x".to_owned(), Value::from(1))])),
        uses: Some("./.github/workflows/reusable.yml".into()),
        steps: Some(vec![Step::run("make")]),
        services: Some(ExprOr::Value(IndexMap::from([(
            "redis".to_owned(),
            Container::new("redis:7"),
        )]))),
        container: Some(Container::new("rust:1.88")),
        strategy: Some(Strategy::default().fail_fast(false)),
        continue_on_error: Some(ExprOr::Value(true)),
        timeout_minutes: Some(ExprOr::Value(Number::from(30))),
        defaults: Some(Defaults::run().shell("bash")),
        env: Some(ExprOr::Expr(
            "${{ fromJSON(needs.setup.outputs.env) }}".into(),
        )),
        outputs: Some(IndexMap::from([(
            "version".to_owned(),
            "${{ steps.v.outputs.version }}".to_owned(),
        )])),
        concurrency: Some(Concurrency::group("g")),
        permissions: Some(Permissions::ReadAll),
        environment: Some(Environment::new("production")),
        runs_on: Some(RunsOn::Label("ubuntu-latest".into())),
        r#if: Some(ExprOr::Expr("github.ref == 'refs/heads/main'".into())),
        needs: Some(OneOrMany::One("build".into())),
        name: Some("Everything".into()),
        ..Job::default()
    };
    check_job(
        job,
        "\
name: Everything
needs: build
if: github.ref == 'refs/heads/main'
runs-on: ubuntu-latest
environment: production
permissions: read-all
concurrency: g
outputs:
  version: ${{ steps.v.outputs.version }}
env: ${{ fromJSON(needs.setup.outputs.env) }}
defaults:
  run:
    shell: bash
timeout-minutes: 30
continue-on-error: true
strategy:
  fail-fast: false
container: rust:1.88
services:
  redis: redis:7
steps:
  - run: make
uses: ./.github/workflows/reusable.yml
with:
  x: 1
secrets: inherit
",
    );
}

#[test]
fn job_shapes() {
    let cases = [
        (Job::default(), "{}\n"),
        (
            Job::default().runs_on(["self-hosted", "linux", "x64"]),
            "runs-on: [self-hosted, linux, x64]\n",
        ),
        (
            Job::default().runs_on(RunnerGroup::new("large-runners")),
            "runs-on:\n  group: large-runners\n",
        ),
        (
            Job::default().runs_on(RunsOn::Group(RunnerGroup {
                group: None,
                labels: Some(OneOrMany::One("gpu".into())),
            })),
            "runs-on:\n  labels: gpu\n",
        ),
        (
            Job::default().runs_on(RunsOn::Group(RunnerGroup::default())),
            "runs-on: {}\n",
        ),
        (
            Job::default().runs_on("${{ matrix.os }}"),
            "runs-on: ${{ matrix.os }}\n",
        ),
        (
            Job::default().environment(Environment::new("production").url("https://example.com")),
            "environment:\n  name: production\n  url: https://example.com\n",
        ),
        (
            Job::default().environment(Environment::Config(EnvironmentConfig {
                name: Some("preview".into()),
                url: None,
                deployment: Some(ExprOr::Value(false)),
            })),
            "environment:\n  name: preview\n  deployment: false\n",
        ),
        (
            Job {
                needs: Some(many(&[])),
                outputs: Some(IndexMap::new()),
                env: Some(ExprOr::Value(Mapping::new())),
                steps: Some(vec![]),
                with: Some(Mapping::new()),
                secrets: Some(Secrets::Map(IndexMap::new())),
                ..Job::default()
            },
            "needs: []\noutputs: {}\nenv: {}\nsteps: []\nwith: {}\nsecrets: {}\n",
        ),
        (
            Job::call("octo-org/repo/.github/workflows/deploy.yml@v1")
                .secret("token", "${{ secrets.TOKEN }}"),
            "uses: octo-org/repo/.github/workflows/deploy.yml@v1\nsecrets:\n  token: ${{ secrets.TOKEN }}\n",
        ),
        (
            Job::default()
                .timeout_minutes("${{ inputs.timeout }}")
                .continue_on_error("${{ matrix.experimental }}"),
            "timeout-minutes: ${{ inputs.timeout }}\ncontinue-on-error: ${{ matrix.experimental }}\n",
        ),
        (
            Job::default().timeout_minutes(2.5),
            "timeout-minutes: 2.5\n",
        ),
        (Job::default().if_(ExprOr::Value(false)), "if: false\n"),
    ];
    for (job, expected) in cases {
        check_job(job, expected);
    }
}

#[test]
fn if_conditions_are_quoted_only_when_needed() {
    let cases = [
        ("success()", "success()"),
        ("${{ success() }}", "${{ success() }}"),
        (
            "github.event_name == 'push' && !cancelled()",
            "github.event_name == 'push' && !cancelled()",
        ),
        ("!cancelled()", "'!cancelled()'"),
        ("${{ !cancelled() }}", "${{ !cancelled() }}"),
        ("true", "'true'"),
        (
            "contains(github.event.head_commit.message, 'deploy: prod')",
            "\"contains(github.event.head_commit.message, 'deploy: prod')\"",
        ),
        ("* matches", "'* matches'"),
    ];
    for (condition, expected) in cases {
        check_job(Job::default().if_(condition), &format!("if: {expected}\n"));
    }
}

#[test]
fn strategy_and_matrix() {
    let matrix = Matrix::new()
        .axis("os", ["ubuntu-latest", "windows-latest", "macos-latest"])
        .axis("node", [18, 20])
        .axis("python", ["3.10", "3.11"])
        .axis_expr("target", "${{ fromJSON(needs.plan.outputs.targets) }}")
        .include([
            ("os", Value::from("windows-latest")),
            ("experimental", Value::from(true)),
        ])
        .include([("os", "macos-13")])
        .exclude([
            ("os", Value::from("macos-latest")),
            ("node", Value::from(18)),
        ]);
    check_job(
        Job::default().strategy(Strategy::matrix(matrix).fail_fast(false).max_parallel(4)),
        "\
strategy:
  matrix:
    os: [ubuntu-latest, windows-latest, macos-latest]
    node: [18, 20]
    python:
      - '3.10'
      - '3.11'
    target: ${{ fromJSON(needs.plan.outputs.targets) }}
    include:
      - os: windows-latest
        experimental: true
      - os: macos-13
    exclude:
      - os: macos-latest
        node: 18
  fail-fast: false
  max-parallel: 4
",
    );
    let cases = [
        (
            Strategy::matrix(ExprOr::Expr("${{ fromJSON(inputs.matrix) }}".into())),
            "strategy:\n  matrix: ${{ fromJSON(inputs.matrix) }}\n",
        ),
        (Strategy::matrix(Matrix::new()), "strategy:\n  matrix: {}\n"),
        (Strategy::default(), "strategy: {}\n"),
        (
            Strategy::matrix(Matrix {
                include: Some(ExprOr::Expr("${{ fromJSON(inputs.include) }}".into())),
                exclude: Some(ExprOr::Value(vec![])),
                ..Matrix::default()
            })
            .max_parallel("${{ inputs.parallel }}"),
            "strategy:\n  matrix:\n    include: ${{ fromJSON(inputs.include) }}\n    exclude: []\n  max-parallel: ${{ inputs.parallel }}\n",
        ),
    ];
    for (strategy, expected) in cases {
        check_job(Job::default().strategy(strategy), expected);
    }
}

#[test]
fn containers_and_services() {
    let config = Container::Config(ContainerConfig {
        image: Some("ghcr.io/org/app:latest".into()),
        credentials: Some(ExprOr::Value(Credentials {
            username: Some("${{ github.actor }}".into()),
            password: Some("${{ secrets.GITHUB_TOKEN }}".into()),
        })),
        env: Some(ExprOr::Value(Mapping::from([(
            "NODE_ENV".to_owned(),
            Value::from("test"),
        )]))),
        ports: Some(vec![Value::from(80), Value::from("8080:80")]),
        volumes: Some(strings(&["my_docker_volume:/volume_mount"])),
        options: Some("--cpus 1".into()),
        ..ContainerConfig::default()
    });
    check_job(
        Job::default()
            .container(config)
            .service(
                "postgres",
                Container::new("postgres:16")
                    .port(5432)
                    .env("POSTGRES_PASSWORD", "postgres"),
            )
            .service("empty", Container::Config(ContainerConfig::default())),
        "\
container:
  image: ghcr.io/org/app:latest
  credentials:
    username: ${{ github.actor }}
    password: ${{ secrets.GITHUB_TOKEN }}
  env:
    NODE_ENV: test
  ports:
    - 80
    - '8080:80'
  volumes:
    - my_docker_volume:/volume_mount
  options: --cpus 1
services:
  postgres:
    image: postgres:16
    env:
      POSTGRES_PASSWORD: postgres
    ports: [5432]
  empty: {}
",
    );
}

#[test]
fn step_keys_follow_githubs_order() {
    let step = Step {
        timeout_minutes: Some(ExprOr::Value(Number::from(5))),
        continue_on_error: Some(ExprOr::Value(false)),
        env: Some(ExprOr::Value(Mapping::from([(
            "TOKEN".to_owned(),
            Value::from("${{ secrets.TOKEN }}"),
        )]))),
        working_directory: Some("web".into()),
        shell: Some("bash".into()),
        run: Some("npm ci\nnpm test\n".into()),
        with: Some(Mapping::from([("fetch-depth".to_owned(), Value::from(0))])),
        uses: Some("actions/checkout@v4".into()),
        r#if: Some(ExprOr::Expr("always()".into())),
        id: Some("test".into()),
        name: Some("📦 Test".into()),
        ..Step::default()
    };
    check_job(
        Job::default().steps([step, Step::default(), Step::checkout()]),
        "\
steps:
  - name: 📦 Test
    id: test
    if: always()
    uses: actions/checkout@v4
    with:
      fetch-depth: 0
    run: |
      npm ci
      npm test
    shell: bash
    working-directory: web
    env:
      TOKEN: ${{ secrets.TOKEN }}
    continue-on-error: false
    timeout-minutes: 5
  - {}
  - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1
    with:
      persist-credentials: false
",
    );
}

#[test]
fn scripts_are_literal_blocks_with_the_right_chomping() {
    let cases = [
        ("echo one\necho two\n", "run: |\n  echo one\n  echo two\n"),
        ("echo one\necho two", "run: |-\n  echo one\n  echo two\n"),
        // At the very end of the file, a `|+` block would end it with empty lines: it is double-quoted.
        ("echo one\n\n\n", "run: \"echo one\\n\\n\\n\"\n"),
        (
            "  indented first\nthen not\n",
            "run: |2\n    indented first\n  then not\n",
        ),
        ("\nafter a blank line", "run: |-\n\n  after a blank line\n"),
        (
            "\n  indented after a blank line",
            "run: |2-\n\n    indented after a blank line\n",
        ),
        (
            "if true; then\n  echo 'x: y' # comment\nfi\n",
            "run: |\n  if true; then\n    echo 'x: y' # comment\n  fi\n",
        ),
        ("tab\tinside\nline\n", "run: |\n  tab\tinside\n  line\n"),
        ("\n", "run: \"\\n\"\n"),
        ("  \n \n", "run: \"  \\n \\n\"\n"),
        ("with\r\nwindows", "run: \"with\\r\\nwindows\"\n"),
        ("echo hi", "run: echo hi\n"),
    ];
    for (script, expected) in cases {
        check_job(
            Job::default().step(Step::run(script)),
            &format!(
                "steps:\n  - {}",
                expected
                    .split_inclusive('\n')
                    .enumerate()
                    .map(|(i, line)| if i == 0 || line == "\n" {
                        line.to_owned()
                    } else {
                        format!("    {line}")
                    })
                    .collect::<String>()
            ),
        );
    }
}

#[test]
fn a_keep_block_at_the_end_of_a_job_does_not_take_the_blank_line() {
    let workflow = Workflow {
        on: On::Event(Event::Push),
        jobs: IndexMap::from([
            ("a".to_owned(), Job::default().step(Step::run("x\n\n"))),
            ("b".to_owned(), Job::default().step(Step::run("y\n"))),
        ]),
        ..Workflow::default()
    };
    assert_eq!(
        emit_workflow(&workflow),
        "on: push\n\njobs:\n  a:\n    steps:\n      - run: |+\n          x\n\n  b:\n    steps:\n      - run: |\n          y\n"
    );
}

#[test]
fn strings_are_plain_only_when_yaml_1_1_and_1_2_agree() {
    let cases = [
        ("plain text", " plain text"),
        ("", " ''"),
        ("yes", " 'yes'"),
        ("No", " 'No'"),
        ("on", " 'on'"),
        ("off", " 'off'"),
        ("y", " 'y'"),
        ("null", " 'null'"),
        ("~", " '~'"),
        ("true", " 'true'"),
        ("False", " 'False'"),
        ("18", " '18'"),
        ("-1", " '-1'"),
        ("1.0", " '1.0'"),
        ("3.10", " '3.10'"),
        ("1_000", " '1_000'"),
        ("0x1F", " '0x1F'"),
        ("0o17", " '0o17'"),
        ("017", " '017'"),
        ("1e3", " '1e3'"),
        ("12:30", " '12:30'"),
        ("1.2.3", " '1.2.3'"),
        (".inf", " '.inf'"),
        ("-.INF", " '-.INF'"),
        (".NaN", " '.NaN'"),
        ("2024-01-31", " '2024-01-31'"),
        ("<<", " '<<'"),
        ("=", " '='"),
        ("18.x", " 18.x"),
        ("v1.2.3", " v1.2.3"),
        ("ubuntu-22.04", " ubuntu-22.04"),
        (".github/workflows", " .github/workflows"),
        ("-x", " -x"),
        ("- x", " '- x'"),
        ("-", " '-'"),
        ("---", " '---'"),
        ("*.md", " '*.md'"),
        ("&anchor", " '&anchor'"),
        ("!tag", " '!tag'"),
        ("%percent", " '%percent'"),
        ("@at", " '@at'"),
        ("`tick`", " '`tick`'"),
        ("|pipe", " '|pipe'"),
        (">gt", " '>gt'"),
        ("[x]", " '[x]'"),
        ("{x}", " '{x}'"),
        ("?x", " '?x'"),
        (":x", " ':x'"),
        ("#x", " '#x'"),
        ("a #b", " 'a #b'"),
        ("a#b", " a#b"),
        ("a: b", " 'a: b'"),
        ("a:", " 'a:'"),
        ("a:b", " a:b"),
        (
            "https://example.com/x?y=1#z",
            " https://example.com/x?y=1#z",
        ),
        (" leading", " ' leading'"),
        ("trailing ", " 'trailing '"),
        ("tab\there", " 'tab\there'"),
        ("it's", " it's"),
        ("'quoted'", " \"'quoted'\""),
        ("\"dq\"", " '\"dq\"'"),
        ("a, b", " a, b"),
        ("émoji 🚀", " émoji 🚀"),
        ("bell\u{7}", " \"bell\\a\""),
        ("nel\u{85}x", " \"nel\\Nx\""),
        ("ls\u{2028}ps\u{2029}", " \"ls\\Lps\\P\""),
        ("\u{feff}bom", " \"\\uFEFFbom\""),
        ("back\\slash", " back\\slash"),
        ("del\u{7f}", " \"del\\x7F\""),
    ];
    for (text, expected) in cases {
        check_value(text, expected);
    }
}

#[test]
fn free_form_values_keep_their_type_and_shape() {
    let mapping = |entries: &[(&str, Value)]| {
        Value::Mapping(
            entries
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect(),
        )
    };
    let cases = [
        (Value::Null, ""),
        (Value::from(true), " true"),
        (Value::from(false), " false"),
        (Value::from(42), " 42"),
        (Value::from(-7), " -7"),
        (Value::from(u64::MAX), " 18446744073709551615"),
        (Value::from(1.0), " 1.0"),
        (Value::from(2.5), " 2.5"),
        (Value::from(1e20), " 1.0e+20"),
        (Value::from(-1.5e-7), " -1.5e-7"),
        (Value::from(f64::INFINITY), " .inf"),
        (Value::from(f64::NEG_INFINITY), " -.inf"),
        (Value::from(f64::NAN), " .nan"),
        (Value::Sequence(vec![]), " []"),
        (Value::Mapping(Mapping::new()), " {}"),
        (
            Value::Sequence(vec![Value::Null, Value::from(1), Value::from("a")]),
            " [null, 1, a]",
        ),
        (
            Value::Sequence(vec![Value::from("a b"), Value::from("c: d")]),
            "\n    - a b\n    - 'c: d'",
        ),
        (
            Value::Sequence(vec![
                Value::Null,
                Value::Sequence(vec![Value::from(1), Value::from(2)]),
                Value::Sequence(vec![Value::Sequence(vec![]), Value::from("x,y")]),
                Value::Mapping(Mapping::new()),
                mapping(&[("k", Value::Null), ("l", Value::from(vec![1]))]),
                Value::from("two\nlines"),
            ]),
            "
    - null
    - [1, 2]
    - - []
      - x,y
    - {}
    - k:
      l: [1]
    - |-
      two
      lines",
        ),
        (
            mapping(&[
                (
                    "nested",
                    mapping(&[("deeper", mapping(&[("x", Value::from("why"))]))]),
                ),
                ("list", Value::from(vec!["a", "b"])),
                ("empty", Value::Null),
            ]),
            "
    nested:
      deeper:
        x: why
    list: [a, b]
    empty:",
        ),
    ];
    for (value, expected) in cases {
        check_value(value, expected);
    }
}

#[test]
fn keys_are_quoted_when_needed() {
    let keys = [
        ("PLAIN_KEY", "PLAIN_KEY"),
        // Only the workflow's own `on` is bare: anywhere else YAML 1.1 would read it as `true`.
        ("on", "'on'"),
        ("On", "'On'"),
        ("OFF", "'OFF'"),
        ("yes", "'yes'"),
        ("1", "'1'"),
        ("a: b", "'a: b'"),
        ("", "''"),
        ("two\nlines", "\"two\\nlines\""),
        ("node-version", "node-version"),
    ];
    for (key, expected) in keys {
        check_job(
            Job::default().with(key, 1),
            &format!("with:\n  {expected}: 1\n"),
        );
    }
    let long = "k".repeat(1025);
    check_job(
        Job::default().with(long.as_str(), "v"),
        &format!("with:\n  ? {long}\n  : v\n"),
    );
}

/// The keys of `yaml` written plain (not quoted, not explicit), with their indentation.
fn plain_keys(yaml: &str) -> Vec<(u32, String)> {
    fn walk(node: &Node, lines: &[&str], out: &mut Vec<(u32, String)>) {
        match &node.kind {
            NodeKind::Mapping(entries) => {
                for entry in entries {
                    let at = entry.key_position;
                    let line = lines.get(at.line as usize - 1).copied().unwrap_or_default();
                    let first = line.chars().nth(at.column as usize - 1);
                    if !matches!(first, Some('\'' | '"' | '?')) {
                        out.push((at.column - 1, entry.key.clone()));
                    }
                    walk(&entry.value, lines, out);
                }
            }
            NodeKind::Sequence(items) => {
                for item in items {
                    walk(item, lines, out);
                }
            }
            _ => {}
        }
    }
    let lines: Vec<&str> = yaml.lines().collect();
    let mut out = Vec::new();
    walk(&scan(yaml), &lines, &mut out);
    out
}

/// A YAML 1.1 reader (PyYAML) resolves these plain scalars to a bool or null, not a string.
fn yaml11_bool_or_null(text: &str) -> bool {
    let words = ["y", "yes", "n", "no", "true", "false", "on", "off", "null"];
    text == "~"
        || words.iter().any(|w| {
            let title = format!("{}{}", w[..1].to_uppercase(), &w[1..]);
            text == *w || text == title || text == w.to_uppercase()
        })
}

#[test]
fn only_the_workflows_own_on_key_is_bare() {
    let job = Job::new("ubuntu-latest")
        .env("on", "x")
        .strategy(Strategy::matrix(
            Matrix::new().axis("on", [1, 2]).axis("ON", ["a"]),
        ))
        .step(
            Step::uses("actions/setup-node@v4")
                .with("on", 1)
                .with("yes", "y"),
        );
    let workflow = Workflow::new("CI")
        .on(Trigger::push())
        .env("on", "x")
        .env("Off", "y")
        .job("on", job)
        .job(
            "call",
            Job::default()
                .uses("./.github/workflows/r.yml")
                .with("on", 1),
        );
    let yaml = emit_workflow(&workflow);
    assert_eq!(
        yaml,
        "\
name: CI

on:
  push:

env:
  'on': x
  'Off': 'y'

jobs:
  'on':
    runs-on: ubuntu-latest
    env:
      'on': x
    strategy:
      matrix:
        'on': [1, 2]
        'ON': [a]
    steps:
      - uses: actions/setup-node@v4
        with:
          'on': 1
          'yes': 'y'

  call:
    uses: ./.github/workflows/r.yml
    with:
      'on': 1
"
    );
    let reparsed = parse::workflow(&yaml)
        .unwrap_or_else(|e| panic!("{e}\n{yaml}"))
        .value;
    assert_eq!(reparsed, workflow);
    // What a YAML 1.1 reader takes for a bool: nothing but the top-level `on`.
    let bool_keys: Vec<_> = plain_keys(&yaml)
        .into_iter()
        .filter(|(_, key)| yaml11_bool_or_null(key))
        .collect();
    assert_eq!(bool_keys, [(0, "on".to_owned())], "\n{yaml}");
}

#[test]
fn flow_lists_stay_within_100_columns() {
    // `    needs: [` is 12 columns, `]` one: 87 columns of items fit, 88 do not.
    let fits = ["a".repeat(42), "b".repeat(43)];
    let yaml = emit_workflow(&Workflow {
        on: On::Event(Event::Push),
        jobs: IndexMap::from([(
            "j".to_owned(),
            Job {
                needs: Some(OneOrMany::Many(fits.to_vec())),
                ..Job::default()
            },
        )]),
        ..Workflow::default()
    });
    let line = yaml
        .lines()
        .find(|l| l.contains("needs"))
        .unwrap_or_default();
    assert_eq!(line.len(), 100, "{yaml}");
    assert!(line.ends_with(']'), "{yaml}");

    let too_wide = ["a".repeat(42), "b".repeat(44)];
    check_job(
        Job {
            needs: Some(OneOrMany::Many(too_wide.to_vec())),
            ..Job::default()
        },
        &format!("needs:\n  - {}\n  - {}\n", too_wide[0], too_wide[1]),
    );
}

#[test]
fn actions_with_each_runs_kind() {
    let composite = Action::composite("Smart Deploy", "Deploys with health checks")
        .author("Platform team")
        .input("environment", ActionInput::required("Target environment"))
        .input(
            "timeout",
            ActionInput::optional("Seconds to wait", "300").deprecation_message("Use `wait`"),
        )
        .input(
            "legacy",
            ActionInput {
                description: Some("Kept for old callers; `yes` as the runner reads it".into()),
                required: Some(Value::from("yes")),
                ..ActionInput::default()
            },
        )
        .output(
            "url",
            ActionOutput::new("Deployment URL", "${{ steps.deploy.outputs.url }}"),
        )
        .step(
            Step::run("./deploy.sh \"${{ inputs.environment }}\"\necho \"url=https://x\" >> \"$GITHUB_OUTPUT\"\n")
                .id("deploy")
                .shell("bash"),
        )
        .branding("upload-cloud", "blue");
    insta::assert_snapshot!("action_composite", emit_action(&composite));

    let node = Action {
        runs: Some(Runs::Node(NodeRuns {
            using: "node20".into(),
            main: Some("dist/index.js".into()),
            pre: Some("dist/setup.js".into()),
            pre_if: Some("runner.os == 'Linux'".into()),
            post: Some("dist/cleanup.js".into()),
            post_if: Some("always()".into()),
        })),
        outputs: Some(IndexMap::from([(
            "time".to_owned(),
            ActionOutput {
                description: Some("The time we greeted you".into()),
                value: None,
            },
        )])),
        ..Action::node("Hello", "Greets someone", "node20", "dist/index.js")
    };
    insta::assert_snapshot!("action_node", emit_action(&node));

    let docker = Action {
        runs: Some(Runs::Docker(DockerRuns {
            using: "docker".into(),
            image: Some("Dockerfile".into()),
            env: Some(Mapping::from([("MODE".to_owned(), Value::from("strict"))])),
            args: Some(vec![
                Value::from("--verbose"),
                Value::from("${{ inputs.who-to-greet }}"),
            ]),
            entrypoint: Some("/entrypoint.sh".into()),
            pre_entrypoint: Some("/setup.sh".into()),
            pre_if: Some("runner.os == 'Linux'".into()),
            post_entrypoint: Some("/cleanup.sh".into()),
            post_if: Some("always()".into()),
        })),
        ..Action::docker("Container", "Runs in a container", "Dockerfile")
    };
    insta::assert_snapshot!("action_docker", emit_action(&docker));
}

#[test]
fn action_shapes() {
    let cases = [
        (Action::default(), "{}\n"),
        (
            Action {
                inputs: Some(IndexMap::new()),
                ..Action::default()
            },
            "inputs: {}\n",
        ),
        (
            Action {
                inputs: Some(IndexMap::from([
                    ("bare".to_owned(), ActionInput::default()),
                    (
                        "nulls".to_owned(),
                        ActionInput {
                            required: Some(Value::Null),
                            default: Some(Value::Null),
                            ..ActionInput::default()
                        },
                    ),
                ])),
                ..Action::default()
            },
            "inputs:\n  bare: {}\n  nulls:\n    required:\n    default:\n",
        ),
        (
            Action {
                runs: Some(Runs::Composite(Default::default())),
                branding: Some(Default::default()),
                ..Action::default()
            },
            "runs:\n  using: composite\n  steps: []\n\nbranding: {}\n",
        ),
        (
            Action {
                runs: Some(Runs::Docker(DockerRuns {
                    using: "Docker".into(),
                    ..DockerRuns::default()
                })),
                ..Action::default()
            },
            "runs:\n  using: Docker\n",
        ),
    ];
    for (action, expected) in cases {
        assert_eq!(emit_action(&action), expected);
    }
}

#[test]
fn header_comment() {
    let workflow = Workflow {
        on: On::Event(Event::Push),
        ..Workflow::default()
    };
    let cases = [
        (
            "Generated; do not edit.",
            "# Generated; do not edit.\n\non: push\n",
        ),
        (
            "Generated by `cargo xtask workflows`.\n\nDo not edit.",
            "# Generated by `cargo xtask workflows`.\n#\n# Do not edit.\n\non: push\n",
        ),
        (
            "line\rname: injected\u{2028}x\u{0}y",
            "# line\n# name: injected\n# x\u{fffd}y\n\non: push\n",
        ),
    ];
    for (header, expected) in cases {
        let yaml = emit::workflow(&workflow, &EmitOptions::new().header(header));
        assert_eq!(yaml.strip_suffix("\njobs: {}\n"), Some(expected));
        assert_same_data(&yaml, &workflow);
    }
    let action = emit::action(&Action::default(), &EmitOptions::new().header("x"));
    assert_eq!(action, "# x\n\n{}\n");
}

/// The model of a CI/CD pipeline like the seed's: triggers with filters and a dispatch choice, top-level
/// env and concurrency, a quality gate with outputs, a matrix with include and exclude, services, a
/// staged deploy with environments and conditions.
fn ci_cd() -> Workflow {
    Workflow::new("🚀 CI/CD Pipeline")
        .on(Trigger::push().branches(["main", "develop"]))
        .on(Trigger::pull_request().branches(["main"]))
        .on(Trigger::workflow_dispatch().input(
            "environment",
            Input::choice(["staging", "production"])
                .description("Environment to deploy")
                .required(true)
                .default("staging"),
        ))
        .permissions(Permissions::read_contents().write(PermissionScope::Packages))
        .env("NODE_VERSION", "18")
        .env("DOCKER_REGISTRY", "ghcr.io")
        .env("IMAGE_NAME", "${{ github.repository }}")
        .concurrency(Concurrency::group("${{ github.workflow }}-${{ github.ref }}").cancel_in_progress(true))
        .job(
            "quality-gate",
            Job::new("ubuntu-latest")
                .output("version", "${{ steps.changes.outputs.version }}")
                .output("should-deploy", "${{ steps.changes.outputs.should-deploy }}")
                .step(Step::uses("actions/checkout@v4").name("📥 Checkout Code").with("fetch-depth", 0))
                .step(
                    Step::uses("dorny/paths-filter@v2")
                        .name("🔍 Detect Changes")
                        .id("changes")
                        .with("filters", "backend:\n  - 'src/**'\n  - 'package.json'\nfrontend:\n  - 'client/**'\n"),
                )
                .step(
                    Step::uses("actions/setup-node@v4")
                        .name("📦 Setup Node.js")
                        .if_("steps.changes.outputs.backend == 'true'")
                        .with("node-version", "${{ env.NODE_VERSION }}")
                        .with("cache", "npm"),
                )
                .step(
                    Step::run("# Linting\nnpm run lint\n\n# Type checking\nnpm run type-check\n")
                        .name("🧹 Code Quality Checks")
                        .if_("steps.changes.outputs.backend == 'true'"),
                ),
        )
        .job(
            "test",
            Job::new("${{ matrix.os }}")
                .name("Test (${{ matrix.os }}, node ${{ matrix.node }})")
                .needs("quality-gate")
                .timeout_minutes(30)
                .strategy(
                    Strategy::matrix(
                        Matrix::new()
                            .axis("os", ["ubuntu-latest", "windows-latest"])
                            .axis("node", [18, 20, 22])
                            .include([("os", Value::from("ubuntu-latest")), ("node", Value::from(22)), ("coverage", Value::from(true))])
                            .exclude([("os", Value::from("windows-latest")), ("node", Value::from(18))]),
                    )
                    .fail_fast(false),
                )
                .service(
                    "postgres",
                    Container::new("postgres:16")
                        .env("POSTGRES_PASSWORD", "postgres")
                        .port(5432)
                        .options("--health-cmd pg_isready --health-interval 10s"),
                )
                .step(Step::checkout())
                .step(Step::run("npm ci\nnpm test -- --coverage").name("Test"))
                .step(
                    Step::uses("codecov/codecov-action@v4")
                        .if_("${{ matrix.coverage }}")
                        .with("token", "${{ secrets.CODECOV_TOKEN }}"),
                ),
        )
        .job(
            "deploy-production",
            Job::new("ubuntu-latest")
                .needs("quality-gate")
                .needs("test")
                .if_("github.ref == 'refs/heads/main' && needs.quality-gate.outputs.should-deploy == 'true'")
                .environment(Environment::new("production").url("https://example.com"))
                .permissions(Permissions::none().write(PermissionScope::IdToken).read(PermissionScope::Contents))
                .step(Step::run("./scripts/deploy.sh blue-green").name("🚢 Deploy").env("DRY_RUN", false))
                .step(Step::run("./scripts/rollback.sh").name("⏪ Rollback").if_("failure()")),
        )
}

/// A reusable workflow and a caller of another one: `workflow_call` with inputs, outputs and secrets, a
/// schedule, `secrets: inherit`, and a job that only calls.
fn reusable() -> Workflow {
    Workflow::new("Release")
        .on(Trigger::schedule("0 3 * * 1").cron("*/30 6-18 * * 1-5"))
        .on(Trigger::workflow_call()
            .input(
                "version",
                Input::string()
                    .required(true)
                    .description("Semver, without the v"),
            )
            .input("dry-run", Input::boolean().default(false))
            .output("url", "${{ jobs.publish.outputs.url }}")
            .secret("registry-token", true))
        .permissions(Permissions::none())
        .job(
            "publish",
            Job::new(["self-hosted", "linux"])
                .output("url", "${{ steps.push.outputs.url }}")
                .container(
                    Container::new("ghcr.io/org/builder:1")
                        .credentials("${{ github.actor }}", "${{ secrets.registry-token }}"),
                )
                .step(
                    Step::run("cargo publish --dry-run")
                        .id("push")
                        .if_("${{ inputs.dry-run }}"),
                ),
        )
        .job(
            "notify",
            Job::call("org/shared/.github/workflows/notify.yml@v2")
                .needs("publish")
                .with("message", "Released ${{ inputs.version }}")
                .with("channel", "#releases")
                .with("retries", 3)
                .secrets_inherit(),
        )
}

#[test]
fn whole_workflows() {
    insta::assert_snapshot!("workflow_ci_cd", emit_workflow(&ci_cd()));
    insta::assert_snapshot!("workflow_reusable", emit_workflow(&reusable()));
}

#[test]
fn output_is_deterministic() {
    let workflow = ci_cd();
    let first = emit::workflow(&workflow, &EmitOptions::default());
    for _ in 0..3 {
        assert_eq!(
            emit::workflow(&workflow.clone(), &EmitOptions::default()),
            first
        );
    }
    assert!(first.ends_with("\n") && !first.ends_with("\n\n"));
}

fn any_value() -> impl proptest::strategy::Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        any::<String>().prop_map(Value::String),
        "[ -~\n\t]{0,24}".prop_map(Value::String),
        prop::sample::select(vec![
            "yes", "no", "on", "off", "null", "~", "1.0", "0x1f", "1_0", "12:30", "-", "- a", "?",
            ":", "#", "a #b", "a: b", "*", "&a", "!t", "|", ">", "'", "\"", "@", "`", "%", "<<",
            "=", ".inf", "\n", " \n", "a\n", "a\n\n", " a\nb", "\ta", "\u{85}", "\u{2028}",
        ])
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 32, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Sequence),
            prop::collection::vec((any::<String>(), inner), 0..6)
                .prop_map(|entries| Value::Mapping(entries.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Any key and any value of `with:` (the free-form part of the model) reads back as the same data.
    #[test]
    fn any_free_form_value_reads_back(key in any::<String>(), value in any_value(), script in any::<String>()) {
        let workflow = Workflow {
            on: On::Event(Event::Push),
            jobs: IndexMap::from([(
                key.clone(),
                Job::default().step(Step::run(script).with(key, value)),
            )]),
            ..Workflow::default()
        };
        let yaml = emit::workflow(&workflow, &EmitOptions::default());
        let read: serde_yaml::Value = serde_yaml::from_str(&yaml)
            .map_err(|e| TestCaseError::fail(format!("{e}\n{yaml}")))?;
        prop_assert_eq!(read, serde_yaml::to_value(&workflow).unwrap(), "{}", yaml);
    }
}
