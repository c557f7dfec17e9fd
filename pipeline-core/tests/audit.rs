//! The security audits on small workflows and actions: each finding's code and `line:column`, what is
//! suppressed and why, and what built models report at their Rust call sites.

use pipeline_core::audit::{self, Pinning, Settings};
use pipeline_core::model::{Job, Step, Trigger, Workflow};
use pipeline_core::validate::{Config, Severity};

/// The audit findings of a workflow (warnings and errors), as `line:column code`.
#[track_caller]
fn check_with(yaml: &str, settings: Settings, expected: &[&str]) {
    let config = Config::default().audit(settings);
    let report = audit::check_workflow(yaml, "ci.yml", &config);
    let got: Vec<String> = report
        .diagnostics
        .iter()
        .filter(|d| d.severity != Severity::Info && audit::audit(d.code).is_some())
        .map(|d| {
            let l = d.location.as_ref().expect("parsed files give locations");
            format!("{}:{} {}", l.line, l.column, d.code)
        })
        .collect();
    assert_eq!(got, expected, "\n{}", report.diagnostics);
}

#[track_caller]
fn check(yaml: &str, expected: &[&str]) {
    check_with(yaml, Settings::default(), expected);
}

/// A workflow on `on`, `permissions: {}` at the top, and one job `a` with `steps`.
fn job(on: &str, steps: &str) -> String {
    format!(
        "on: {on}\npermissions: {{}}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n{steps}"
    )
}

#[test]
fn injection_from_payloads_and_inputs() {
    // Free text of the payload; a number is not.
    check(
        &job(
            "issues",
            "      - run: |\n          echo ${{ github.event.issue.title }}\n          echo ${{ github.event.issue.number }}\n",
        ),
        &["8:20 template-injection"],
    );
    // Compared or tested values are booleans; `a && b` prints `a` only when it is falsy.
    check(
        &job(
            "pull_request",
            "      - run: echo ${{ github.head_ref == 'main' }} ${{ contains(github.event.pull_request.title, 'x') }} ${{ github.head_ref && 'y' || 'n' }}\n",
        ),
        &[],
    );
    check(
        &job(
            "pull_request",
            "      - run: echo ${{ github.head_ref || 'main' }} ${{ toJSON(github.event.pull_request.labels.*.name) }}\n",
        ),
        &["7:23 template-injection", "7:63 template-injection"],
    );
    // String inputs are text; a choice is one of its options.
    let dispatch = "on:\n  workflow_dispatch:\n    inputs:\n      tag:\n        type: string\n      kind:\n        type: choice\n        options: [a, b]\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ inputs.tag }} ${{ inputs.kind }} ${{ github.event.inputs.tag }}\n";
    check(
        dispatch,
        &["14:23 template-injection", "14:60 template-injection"],
    );
    // `actions/github-script` runs its `script` as JavaScript.
    check(
        &job(
            "issue_comment",
            "      - uses: actions/github-script@60a0d83039c74a4aee543508d2ffcb1c3799cdea\n        with:\n          script: console.log(\"${{ github.event.comment.body }}\")\n",
        ),
        &["1:5 dangerous-triggers", "9:36 template-injection"],
    );
}

#[test]
fn injection_through_env_and_outputs() {
    let yaml = "on: pull_request_target\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    env:\n      TITLE: ${{ github.event.pull_request.title }}\n    outputs:\n      title: ${{ steps.t.outputs.title }}\n    steps:\n      - id: t\n        run: echo \"title=$TITLE\" >> \"$GITHUB_OUTPUT\"\n      - run: echo ${{ env.TITLE }}\n  b:\n    needs: a\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ needs.a.outputs.title }}\n";
    // The step `t` only reads `$TITLE`: safe; `env.TITLE` pasted into a script is not.
    check(
        yaml,
        &["1:5 dangerous-triggers", "13:23 template-injection"],
    );
    let yaml = "on: issues\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    outputs:\n      title: ${{ steps.t.outputs.title }}\n    steps:\n      - id: t\n        run: echo \"title=${{ github.event.issue.title }}\" >> \"$GITHUB_OUTPUT\"\n  b:\n    needs: a\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ needs.a.outputs.title }}\n      - env:\n          T: ${{ github.event.issue.title }}\n        run: echo \"T=$T\" >> \"$GITHUB_ENV\"\n";
    check(
        yaml,
        &[
            "10:30 template-injection",
            "15:23 template-injection",
            "18:14 github-env",
        ],
    );
}

#[test]
fn composite_actions() {
    let text = "name: Deploy\ndescription: Deploys\ninputs:\n  tag:\n    description: Tag\nruns:\n  using: composite\n  steps:\n    - run: kubectl set image app=${{ inputs.tag }}\n      shell: bash\n    - uses: actions/checkout@v4\n      with:\n        persist-credentials: false\n    - run: echo \"$TAG\"\n      shell: bash\n      env:\n        TAG: ${{ inputs.tag }}\n";
    let report = audit::check_action(text, "action.yml", &Config::default());
    let got: Vec<String> = report.diagnostics.iter().map(|d| d.to_string()).collect();
    assert_eq!(got.len(), 2, "{got:#?}");
    assert!(
        got[0].starts_with("action.yml:9:38: warning[template-injection]"),
        "{}",
        got[0]
    );
    assert!(
        got[1].starts_with("action.yml:11:13: warning[unpinned-uses]"),
        "{}",
        got[1]
    );
}

#[test]
fn pinning_policies() {
    let yaml = job(
        "push",
        "      - uses: actions/checkout@v4\n        with:\n          persist-credentials: false\n      - uses: docker/login-action@v3\n      - uses: docker://alpine:latest\n      - uses: ./local\n      - uses: docker/setup-qemu-action@29109295f81e9208d7d86ff1c6c12d2833863392 # v3.6.0\n",
    );
    check(
        &yaml,
        &[
            "7:15 unpinned-uses",
            "10:15 unpinned-uses",
            "11:15 unpinned-images",
        ],
    );
    check_with(
        &yaml,
        Settings::default().pinning(Pinning::ThirdParty),
        &["10:15 unpinned-uses", "11:15 unpinned-images"],
    );
    check_with(
        &yaml,
        Settings::default().pinning(Pinning::None),
        &["11:15 unpinned-images"],
    );
    let containers = "on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    container: node\n    services:\n      db:\n        image: postgres:16@sha256:0000000000000000000000000000000000000000000000000000000000000000\n    steps:\n      - run: make\n";
    check(containers, &["6:16 unpinned-images"]);
}

#[test]
fn permissions() {
    check(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n  b:\n    runs-on: ubuntu-latest\n    permissions: write-all\n    steps:\n      - run: make\n",
        &[
            "1:1 excessive-permissions",
            "3:3 excessive-permissions",
            "9:18 excessive-permissions",
        ],
    );
    // A cloud login by role needs `id-token: write`; granting it with nothing to use it is too much.
    check(
        "on: push\npermissions:\n  contents: read\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: aws-actions/configure-aws-credentials@e3dd6a429d7300a6a4c196c26e071d42e0343502 # v4.0.2\n        with:\n          role-to-assume: arn:aws:iam::1:role/x\n          aws-region: eu-west-1\n  b:\n    runs-on: ubuntu-latest\n    permissions:\n      id-token: write\n    steps:\n      - run: make\n",
        &["8:15 missing-permissions", "15:7 excessive-permissions"],
    );
}

#[test]
fn credentials_and_triggers() {
    check(
        "on:\n  push:\n    tags: ['v*']\n  pull_request:\npermissions: {}\njobs:\n  a:\n    runs-on: self-hosted\n    container:\n      image: node@sha256:0000000000000000000000000000000000000000000000000000000000000000\n      credentials:\n        username: me\n        password: hunter2\n    steps:\n      - uses: actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8\n      - uses: actions/cache@0400d5f644dc74513175e3cd8d07132dd4860809\n        with:\n          path: x\n          key: k\n      - run: echo ${{ secrets.TOKEN }} && echo \"::set-output name=a::b\"\n  b:\n    uses: o/r/.github/workflows/w.yml@08c6903cd8c0fde910a37f88322edcfb5dd907a8\n    secrets: inherit\n",
        &[
            "8:14 self-hosted-runner",
            "13:19 hardcoded-container-credentials",
            "15:15 artipacked",
            "16:15 cache-poisoning",
            "20:19 secrets-in-run",
            "20:49 deprecated-commands",
            "23:14 secrets-inherit",
        ],
    );
    check(
        "on: push\npermissions: {}\nenv:\n  ACTIONS_ALLOW_UNSECURE_COMMANDS: true\njobs:\n  a:\n    if: false\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: make\n",
        &["4:3 insecure-commands"],
    );
}

#[test]
fn suppression() {
    let yaml = "on: pull_request\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      # pipeline: allow[unpinned-uses] vendored fork, reviewed\n      - uses: o/fork@main\n      - uses: o/other@main # zizmor: ignore[unpinned-uses]\n      - run: echo ${{ github.head_ref }} # pipeline: allow[expr-untrusted-input] echoed only\n      - uses: o/third@main\n";
    let config = Config::default().audit(Settings::default());
    let report = audit::check_workflow(yaml, "ci.yml", &config);
    let kept: Vec<_> = report.diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(kept, ["unpinned-uses"]);
    let suppressed: Vec<_> = report
        .suppressed
        .iter()
        .map(|s| (s.diagnostic.code, s.reason.as_str(), s.by))
        .collect();
    assert_eq!(
        suppressed,
        [
            ("unpinned-uses", "vendored fork, reviewed", "comment"),
            ("unpinned-uses", "", "zizmor"),
            ("template-injection", "echoed only", "comment"),
        ]
    );
}

#[test]
fn built_models_point_at_rust_call_sites() {
    let line = line!() + 6;
    let workflow = Workflow::new("CI")
        .on(Trigger::pull_request())
        .least_privilege()
        .job(
            "a",
            Job::new("ubuntu-latest").step(Step::run("echo ${{ github.head_ref }}")),
        )
        .job(
            "b",
            Job::new("ubuntu-latest").step(
                Step::run("echo ${{ github.head_ref }}").allow("template-injection", "a demo"),
            ),
        );
    let report = audit::workflow(&workflow, &Settings::default());
    let found: Vec<_> = report.diagnostics.iter().collect();
    assert_eq!(found.len(), 1, "{}", report.diagnostics);
    let at = found[0].location.as_ref().unwrap();
    assert_eq!((at.file.as_str(), at.line), (file!(), line));
    assert_eq!(report.suppressed[0].reason, "a demo");
    assert_eq!(report.suppressed[0].by, "allow");
}
