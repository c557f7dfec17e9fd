//! The validator, one small case per check: YAML in, `line:col code` out.

use pipeline_core::model::{Job, Step, Workflow};
use pipeline_core::validate::{
    self, Config, JobGraph, PathWeight, Severity, check_action, check_workflow,
};

/// Checks `yaml` and compares the findings (errors and warnings) as `line:col code`, in order.
#[track_caller]
fn check(yaml: &str, expected: &[&str]) {
    check_with(yaml, &Config::default(), expected);
}

#[track_caller]
fn check_with(yaml: &str, config: &Config, expected: &[&str]) {
    let diagnostics = check_workflow(yaml, "test.yml", config);
    let got: Vec<String> = diagnostics
        .iter()
        .filter(|d| d.severity != Severity::Info)
        .map(|d| {
            let l = d.location.as_ref().expect("parsed files give locations");
            format!("{}:{} {}", l.line, l.column, d.code)
        })
        .collect();
    assert_eq!(got, expected, "\n{diagnostics}");
}

/// A workflow with one job `a` on ubuntu whose steps are `steps` (indented as list items).
fn job(steps: &str) -> String {
    format!("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n{steps}")
}

#[test]
fn needs_graph() {
    check(
        "on: push\njobs:\n  a:\n    needs: [a, b, zz]\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n  b:\n    needs: c\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n  c:\n    needs: b\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n",
        &["4:13 needs-self", "4:19 needs-unknown", "7:3 needs-cycle"],
    );
    check(
        "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n  Build:\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n  1st:\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n",
        &["6:3 job-id-duplicate", "9:3 job-id-invalid"],
    );
}

#[test]
fn graph_api() {
    let text = "on: push\njobs:\n  lint:\n    runs-on: ubuntu-latest\n    timeout-minutes: 5\n    steps: [{run: x}]\n  build:\n    runs-on: ubuntu-latest\n    timeout-minutes: 30\n    steps: [{run: x}]\n  test:\n    needs: [lint, build]\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n";
    let workflow = pipeline_core::parse::workflow(text).unwrap().value;
    let graph = JobGraph::new(&workflow);
    assert_eq!(
        graph.topological_order().unwrap(),
        ["lint", "build", "test"]
    );
    let by_time = graph.critical_path();
    assert_eq!(by_time.by, PathWeight::TimeoutMinutes);
    assert_eq!(by_time.jobs, ["build", "test"]);
    assert_eq!(by_time.total, 390.0);
    let by_jobs = graph.critical_path_by(PathWeight::Jobs);
    assert_eq!(by_jobs.jobs, ["lint", "test"]);
    assert_eq!(by_jobs.total, 2.0);
    assert_eq!(graph.ancestors("test"), ["lint", "build"]);
}

#[test]
fn references_across_jobs_and_steps() {
    check(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    outputs:\n      v: ${{ steps.s.outputs.v }}\n    steps:\n      - run: echo ${{ steps.s.outputs.v }}\n      - id: s\n        run: echo\n  b:\n    needs: a\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ needs.a.outputs.w }} ${{ needs.z.result }}\n  c:\n    needs: b\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ needs.a.outputs.v }}\n",
        &[
            "8:23 ref-step",
            "15:23 ref-needs-output",
            "15:48 ref-needs",
            "20:23 ref-needs",
        ],
    );
}

#[test]
fn matrix_and_inputs() {
    check(
        "on:\n  workflow_dispatch:\n    inputs:\n      level: {type: string}\njobs:\n  a:\n    strategy:\n      matrix:\n        os: [ubuntu-latest]\n        include: [{extra: 1}]\n    runs-on: ${{ matrix.os }}\n    steps:\n      - run: echo ${{ matrix.extra }} ${{ matrix.arch }} ${{ inputs.level }} ${{ inputs.lvl }}\n      - run: echo ${{ matrix.arch || 'x64' }}\n",
        &["13:43 ref-matrix", "13:82 ref-input"],
    );
}

#[test]
fn context_availability() {
    check(
        "on: push\nenv:\n  A: ${{ runner.os }}\njobs:\n  a:\n    if: env.X == 'y'\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n        if: secrets.T != ''\n      - run: echo ${{ always() }}\n",
        &[
            "3:10 context-unavailable",
            "6:9 context-unavailable",
            "10:13 context-unavailable",
            "11:23 function-unavailable",
        ],
    );
}

#[test]
fn expression_syntax_positions_in_block_scalars() {
    check(
        &job(
            "      - run: |\n          echo one\n          echo ${{ github.sha:0:7 }}\n          echo ${{ format('{0}' }}\n",
        ),
        &["8:27 expr-syntax", "9:33 expr-syntax"],
    );
}

#[test]
fn functions_and_types() {
    check(
        &job(
            "      - run: echo ${{ startWith('a', 'b') }} ${{ contains('a') }} ${{ startsWith(github.event, 'x') }}\n      - run: echo ${{ github.event }} ${{ github.repository.owner }}\n        if: github.event == 'push' || 1 > true\n",
        ),
        &[
            "6:23 expr-unknown-function",
            "6:50 expr-arity",
            "6:82 expr-type",
            "7:19 expr-object-in-template",
            "7:43 expr-type",
            "8:13 expr-comparison",
            "8:39 expr-comparison",
        ],
    );
}

#[test]
fn conditions() {
    check(
        &job(
            "      - run: x\n        if: true\n      - run: x\n        if: ${{ success() }} && ${{ failure() }}\n      - run: x\n        if: ${{ always() }}\n",
        ),
        &["7:13 if-constant", "9:13 if-always-true"],
    );
}

#[test]
fn steps_and_jobs() {
    check(
        "on: push\njobs:\n  a:\n    steps:\n      - run: x\n        uses: actions/checkout@v4\n      - name: nothing\n      - uses: actions/checkout\n      - uses: ./local\n        shell: bash\n      - run: x\n        shell: fish\n        timeout-minutes: 0\n        id: s\n      - run: x\n        id: S\n  call:\n    uses: org/repo/.github/workflows/w.yml@v1\n    runs-on: ubuntu-latest\n    steps: []\n",
        &[
            "3:3 runs-on-missing",
            "5:9 step-uses-and-run",
            "7:9 step-no-uses-or-run",
            "8:15 uses-invalid",
            "10:9 step-key-mismatch",
            "12:16 shell-unknown",
            "13:26 timeout-invalid",
            "16:13 step-id-duplicate",
            "19:5 call-job-key",
            "20:5 call-job-key",
        ],
    );
}

#[test]
fn matrices() {
    check(
        "on: push\njobs:\n  a:\n    strategy:\n      matrix:\n        x: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]\n        y: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 16]\n        exclude:\n          - x: 99\n          - z: 1\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n  b:\n    strategy:\n      matrix:\n        x: []\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n",
        &[
            "5:7 matrix-too-large",
            "7:68 matrix-duplicate-value",
            "9:16 matrix-exclude-no-match",
            "10:13 matrix-exclude-unknown",
            "16:12 matrix-empty",
        ],
    );
}

#[test]
fn runners_and_services() {
    let yaml = "on: push\njobs:\n  a:\n    runs-on: [ubuntu-latest, windows-latest]\n    steps: [{run: x}]\n  b:\n    runs-on: my-gpu\n    steps: [{run: x}]\n  c:\n    strategy:\n      matrix:\n        os: [ubuntu-latest, macos-latest, windows-2019]\n    runs-on: ${{ matrix.os }}\n    services:\n      db: postgres\n    steps: [{run: x}]\n";
    check(
        yaml,
        &[
            "4:30 runner-label-conflict",
            "7:14 runner-label-unknown",
            "12:29 services-not-linux",
            "12:43 runner-label-unknown",
            "12:43 services-not-linux",
        ],
    );
    check_with(
        yaml,
        &Config::default().self_hosted_labels(["my-*"]),
        &[
            "4:30 runner-label-conflict",
            "12:29 services-not-linux",
            "12:43 runner-label-unknown",
            "12:43 services-not-linux",
        ],
    );
}

#[test]
fn triggers() {
    check(
        "on:\n  pushh:\n  pull_request:\n    tags: [v1]\n    types: [opend]\n  push:\n    branches: ['^main']\n    branches-ignore: [dev]\n  schedule:\n    - cron: '*/2 * * * *'\n    - cron: '0 0 * *'\n      timezone: Mars/Olympus\n  workflow_call:\n    inputs:\n      kind: {type: choice, options: [a]}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n",
        &[
            "2:3 event-unknown",
            "4:5 filter-not-applicable",
            "5:13 activity-type-invalid",
            "7:17 glob-invalid",
            "8:5 filter-exclusive",
            "10:13 cron-too-frequent",
            "11:13 cron-invalid",
            "12:17 timezone-invalid",
            "15:20 input-choice-in-call",
        ],
    );
}

#[test]
fn permissions() {
    check(
        "on: push\npermissions:\n  contents: admin\n  wiki: read\n  id-token: read\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n",
        &[
            "3:13 permission-level-invalid",
            "4:3 permission-scope-unknown",
            "5:13 permission-level-invalid",
        ],
    );
}

#[test]
fn jobs_that_never_run() {
    let yaml = "on:\n  push:\n    branches: [main, develop]\n  pull_request:\njobs:\n  staging:\n    if: github.ref == 'refs/heads/develop'\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n  production:\n    needs: staging\n    if: github.ref == 'refs/heads/main'\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n  report:\n    needs: production\n    if: always()\n    runs-on: ubuntu-latest\n    steps: [{run: x}]\n  tag:\n    if: startsWith(github.ref, 'refs/tags/')\n    runs-on: ubuntu-latest\n    steps:\n      - run: x\n        if: github.event_name == 'pull_request'\n";
    check(yaml, &["11:12 job-never-runs", "21:9 job-never-runs"]);
    let diagnostics = check_workflow(yaml, "test.yml", &Config::default());
    let production = diagnostics.with_code("job-never-runs").next().unwrap();
    assert_eq!(production.related[0].1.to_string(), "jobs.staging.if");
    assert_eq!(
        production.related[0].2.as_ref().unwrap().to_string(),
        "test.yml:7:9"
    );
}

#[test]
fn steps_never_true() {
    check(
        &job("      - run: x\n        if: github.event_name == 'pull_request'\n"),
        &["7:13 condition-never-true"],
    );
}

#[test]
fn parse_errors_are_diagnostics_and_the_rest_is_checked() {
    check(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    bogus: 1\n    steps:\n      - run: echo ${{ needs.x.outputs.y }}\n",
        &["5:5 syntax", "7:23 ref-needs"],
    );
    check("jobs: [", &["2:1 syntax"]);
}

#[test]
fn untrusted_input_in_scripts() {
    let yaml = job(
        "      - run: echo \"${{ github.event.issue.title }}\"\n        env:\n          T: ${{ github.event.issue.title }}\n",
    );
    // Injection is the audits' to judge (`pipeline_core::audit`); they run when the config asks.
    check(&yaml, &[]);
    let audited = Config::default().audit(Default::default());
    check_with(
        &yaml,
        &audited,
        &["3:3 excessive-permissions", "6:24 template-injection"],
    );
}

#[test]
fn built_models_point_at_rust_call_sites() {
    let line = line!() + 3;
    let workflow = Workflow::new("CI").job(
        "build",
        Job::new("ubuntu-latest").step(Step::run("echo ${{ needs.nope.outputs.x }}")),
    );
    let diagnostics = validate::validate(&workflow);
    let reference = diagnostics.with_code("ref-needs").next().expect("reported");
    let location = reference.location.as_ref().expect("origin recorded");
    assert_eq!(location.file, file!());
    assert_eq!(location.line, line);
}

#[test]
fn actions() {
    let diagnostics = check_action(
        "name: A\ndescription: B\nruns:\n  using: composite\n  steps:\n    - run: echo ${{ inputs.nme }}\n    - uses: actions/upload-artifact@v3\n",
        "action.yml",
        &Config::default(),
    );
    let codes: Vec<&str> = diagnostics.iter().map(|d| d.code).collect();
    assert_eq!(
        codes,
        ["composite-shell-missing", "ref-input", "action-retired"]
    );
}

#[test]
fn display_and_severity() {
    let diagnostics = check_workflow(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps: [{run: x, if: 'true'}]\n",
        "ci.yml",
        &Config::default(),
    );
    let first = diagnostics.iter().next().unwrap();
    assert_eq!(first.severity, Severity::Warning);
    assert!(
        first
            .to_string()
            .starts_with("ci.yml:5:26: warning[if-constant]: ")
    );
    assert!(!diagnostics.has_errors());
}

#[test]
fn timeouts_beyond_what_hosted_runners_allow() {
    check(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    timeout-minutes: 600\n    steps: [{run: x}]\n  b:\n    runs-on: [self-hosted]\n    timeout-minutes: 600\n    steps: [{run: x}]\n",
        &["5:22 timeout-too-long"],
    );
}

/// A workflow of 1,500 jobs, split across threads, with mistakes in jobs each thread gets: the same
/// findings, in the same order, as on one thread.
#[test]
fn large_workflows_give_the_same_findings_on_any_number_of_threads() {
    let mut yaml = String::from("on: push\njobs:\n");
    for i in 0..1500 {
        yaml.push_str(&format!("  job-{i}:\n    runs-on: ubuntu-latest\n"));
        if i > 0 {
            yaml.push_str(&format!("    needs: job-{}\n", i - 1));
        }
        yaml.push_str("    steps:\n");
        match i % 500 {
            7 => yaml.push_str("      - run: echo ${{ needs.job-0.outputs.x }}\n"),
            123 => yaml.push_str("      - uses: actions/checkout\n"),
            321 => yaml.push_str("      - run: echo ${{ matrix.os }}\n        shell: fish\n"),
            499 => yaml
                .push_str("      - id: same\n        run: a\n      - id: SAME\n        run: b\n"),
            _ => yaml.push_str(&format!(
                "      - run: make part-{i}\n        if: github.ref == 'refs/heads/main'\n"
            )),
        }
    }
    let one = check_workflow(&yaml, "big.yml", &Config::default().threads(1));
    for threads in [2, 3, 8] {
        let many = check_workflow(&yaml, "big.yml", &Config::default().threads(threads));
        assert_eq!(one, many, "{threads} threads");
    }
    // Three of each mistake, one per third of the jobs.
    for code in [
        "ref-needs",
        "uses-invalid",
        "shell-unknown",
        "step-id-duplicate",
    ] {
        assert_eq!(one.with_code(code).count(), 3, "{code}\n{one}");
    }
}

/// Metadata keyed by name and major version applies to references of that major version only; a key
/// by name alone applies to any reference and wins.
#[test]
fn known_actions_by_major_version() {
    let cache = pipeline_core::parse::action(
        "name: Cache\ndescription: Caches\ninputs:\n  path:\n    required: true\nruns:\n  using: node24\n  main: index.js\n",
    )
    .unwrap()
    .value;
    let mut other = cache.clone();
    other.inputs.as_mut().unwrap().clear();
    let step = |reference: &str| {
        job(&format!(
            "      - uses: Actions/Cache@{reference}\n        with:\n          pth: target\n"
        ))
    };
    let versioned = Config::default().known_actions([("actions/cache@v4".to_string(), cache)]);
    for (reference, expected) in [
        (
            "v4",
            &["6:9 action-input-missing", "8:11 action-input-unknown"][..],
        ),
        (
            "v4.2.2",
            &["6:9 action-input-missing", "8:11 action-input-unknown"],
        ),
        ("v5", &[]),
        ("0123456789abcdef0123456789abcdef01234567", &[]),
        ("main", &[]),
    ] {
        check_with(&step(reference), &versioned, expected);
    }
    // A key by name alone (as `pipeline check --action-metadata` gives) is used first.
    let both = versioned.known_actions([("Actions/Cache".to_string(), other)]);
    check_with(&step("v4"), &both, &["8:11 action-input-unknown"]);
}
