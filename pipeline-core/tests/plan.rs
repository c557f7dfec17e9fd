//! `plan`: which jobs run for an event, checked against the worked examples of GitHub's documentation
//! (the matrix examples of "Workflow syntax for GitHub Actions" and "Running variations of jobs in a
//! workflow", the filter pattern cheat sheet) and against GitHub's rules for triggers, conditions and
//! `needs`. Each case is written here from the documented facts.

use pipeline_core::model::{Mapping, Value, Workflow};
use pipeline_core::parse;
use pipeline_core::plan::{Event, Outcomes, Plan, Status};

fn workflow(yaml: &str) -> Workflow {
    match parse::workflow(yaml) {
        Ok(parsed) => parsed.value,
        Err(errors) => panic!("{}", errors.with_file("test.yml")),
    }
}

/// The matrix rows of job `job` as `key=value` lists, in order.
fn rows(plan: &Plan, job: &str) -> Vec<String> {
    plan.rows(job).iter().map(|r| describe(&r.matrix)).collect()
}

fn describe(row: &Mapping) -> String {
    row.iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(" ")
}

fn matrix_job(matrix: &str) -> Plan {
    let text = format!(
        "on: push\njobs:\n  job:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n{}\n    steps:\n      - run: 'true'\n",
        matrix
            .lines()
            .map(|l| format!("        {l}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    workflow(&text).plan(Event::push("main"))
}

// "The order of the variables in the matrix determines the order in which the jobs are created. The first
// variable you define will be the first job that is created in your workflow run."
#[test]
fn matrix_order_follows_the_variables() {
    let plan = matrix_job("version: [10, 12, 14]\nos: [ubuntu-latest, windows-latest]");
    assert_eq!(
        rows(&plan, "job"),
        [
            "version=10 os=ubuntu-latest",
            "version=10 os=windows-latest",
            "version=12 os=ubuntu-latest",
            "version=12 os=windows-latest",
            "version=14 os=ubuntu-latest",
            "version=14 os=windows-latest",
        ]
    );
}

// `jobs.<job_id>.strategy.matrix.include`: the fruit and animal example "will result in six jobs with the
// following matrix combinations".
#[test]
fn matrix_include_merge_and_add_rules() {
    let plan = matrix_job(
        "fruit: [apple, pear]\nanimal: [cat, dog]\ninclude:\n  - color: green\n  - color: pink\n    animal: cat\n  - fruit: apple\n    shape: circle\n  - fruit: banana\n  - fruit: banana\n    animal: cat",
    );
    assert_eq!(
        rows(&plan, "job"),
        [
            "fruit=apple animal=cat color=pink shape=circle",
            "fruit=apple animal=dog color=green shape=circle",
            "fruit=pear animal=cat color=pink",
            "fruit=pear animal=dog color=green",
            "fruit=banana",
            "fruit=banana animal=cat",
        ]
    );
}

// "An example closer to reality, will create seven jobs, testing five versions for perl and only two for
// macos".
#[test]
fn matrix_include_adds_perl_on_macos() {
    let plan = matrix_job(
        "os: [ubuntu-latest]\nperl: ['5.16', '5.20', '5.26', '5.30', latest]\ninclude:\n  - os: macos-latest\n    perl: '5.26'\n  - os: macos-latest\n    perl: latest",
    );
    let rows = rows(&plan, "job");
    assert_eq!(rows.len(), 7);
    assert_eq!(rows[5], "os=macos-latest perl=5.26");
    assert_eq!(rows[6], "os=macos-latest perl=latest");
}

// `exclude`: "the following workflow will run nine jobs: one job for each of the 12 configurations, minus
// the one excluded job that matches {os: macos-latest, version: 12, environment: production}, and the two
// excluded jobs that match {os: windows-latest, version: 16}." "An excluded configuration only has to be a
// partial match for it to be excluded."
#[test]
fn matrix_exclude_partial_match() {
    let plan = matrix_job(
        "os: [macos-latest, windows-latest]\nversion: [12, 14, 16]\nenvironment: [staging, production]\nexclude:\n  - os: macos-latest\n    version: 12\n    environment: production\n  - os: windows-latest\n    version: 16",
    );
    let rows = rows(&plan, "job");
    assert_eq!(rows.len(), 9);
    assert!(!rows.contains(&"os=macos-latest version=12 environment=production".to_owned()));
    assert!(
        !rows
            .iter()
            .any(|r| r.starts_with("os=windows-latest version=16"))
    );
}

// "All `include` combinations are processed after `exclude`. This allows you to use `include` to add back
// combinations that were previously excluded."
#[test]
fn matrix_include_adds_back_what_exclude_removed() {
    let plan = matrix_job("os: [a, b]\nexclude:\n  - os: b\ninclude:\n  - os: b\n    extra: yes");
    assert_eq!(rows(&plan, "job"), ["os=a", "os=b extra=yes"]);
}

// "Running variations of jobs in a workflow", expanding configurations: "the following workflow will run
// six jobs, one for each combination of os and node. When the job for the os value of windows-latest and
// node value of 16 runs, an additional variable called npm with the value of 6 will be included in the job."
#[test]
fn matrix_include_expands_one_combination() {
    let plan = matrix_job(
        "os: [windows-latest, ubuntu-latest]\nnode: [12, 14, 16]\ninclude:\n  - os: windows-latest\n    node: 16\n    npm: 6",
    );
    let rows = rows(&plan, "job");
    assert_eq!(rows.len(), 6);
    assert_eq!(rows[2], "os=windows-latest node=16 npm=6");
    assert_eq!(rows.iter().filter(|r| r.contains("npm")).count(), 1);
}

// Adding configurations: "this matrix will run 10 jobs, one for each combination of os and version in the
// matrix, plus a job for the os value of windows-latest and version value of 17."
#[test]
fn matrix_include_adds_a_combination() {
    let plan = matrix_job(
        "os: [macos-latest, windows-latest, ubuntu-latest]\nversion: [12, 14, 16]\ninclude:\n  - os: windows-latest\n    version: 17",
    );
    let rows = rows(&plan, "job");
    assert_eq!(rows.len(), 10);
    assert_eq!(rows[9], "os=windows-latest version=17");
}

// "If you don't specify any matrix variables, all configurations under include will run."
#[test]
fn matrix_of_include_only() {
    let plan = matrix_job(
        "include:\n  - site: production\n    datacenter: site-a\n  - site: staging\n    datacenter: site-b",
    );
    assert_eq!(
        rows(&plan, "job"),
        [
            "site=production datacenter=site-a",
            "site=staging datacenter=site-b"
        ]
    );
}

#[test]
fn matrix_rows_evaluate_runs_on() {
    let w = workflow(
        "on: push\njobs:\n  test:\n    runs-on: ${{ matrix.os }}\n    environment: ci-${{ matrix.os }}\n    concurrency: test-${{ github.ref }}-${{ strategy.job-index }}\n    strategy:\n      matrix:\n        os: [ubuntu-latest, macos-latest]\n    steps:\n      - run: 'true'\n",
    );
    let plan = w.plan(Event::push("main"));
    let row = &plan.rows("test")[1];
    assert_eq!(row.runs_on.as_ref().unwrap().to_string(), "macos-latest");
    assert_eq!(
        row.environment.as_ref().unwrap().value.as_deref(),
        Some("ci-macos-latest")
    );
    assert_eq!(
        row.concurrency.as_ref().unwrap().value.as_deref(),
        Some("test-refs/heads/main-1")
    );
}

#[test]
fn matrix_from_an_unknown_output_is_undecided() {
    let w = workflow(
        "on: push\njobs:\n  setup:\n    runs-on: ubuntu-latest\n    outputs:\n      matrix: ${{ steps.m.outputs.matrix }}\n    steps:\n      - id: m\n        run: echo\n  test:\n    needs: setup\n    runs-on: ubuntu-latest\n    strategy:\n      matrix: ${{ fromJSON(needs.setup.outputs.matrix) }}\n    steps:\n      - run: 'true'\n",
    );
    let plan = w.plan(Event::push("main"));
    assert!(plan.runs("test"));
    assert!(plan.rows("test").is_empty());
    let why = plan.job("test").unwrap().matrix_undecided.clone().unwrap();
    assert!(why.contains("needs.setup.outputs.matrix"), "{why}");
}

/// Whether `on.push.branches: [pattern]` starts a workflow for a push to `branch`.
fn branch_selected(patterns: &[&str], branch: &str) -> bool {
    let list = patterns
        .iter()
        .map(|p| format!("'{p}'"))
        .collect::<Vec<_>>()
        .join(", ");
    let w = workflow(&format!(
        "on:\n  push:\n    branches: [{list}]\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: 'true'\n"
    ));
    w.plan(Event::push(branch)).triggered()
}

/// Whether `on.push.paths: [patterns]` starts a workflow for a push changing `path`.
fn path_selected(patterns: &[&str], path: &str) -> bool {
    let list = patterns
        .iter()
        .map(|p| format!("'{p}'"))
        .collect::<Vec<_>>()
        .join(", ");
    let w = workflow(&format!(
        "on:\n  push:\n    paths: [{list}]\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: 'true'\n"
    ));
    w.plan(Event::push("main").changed([path])).triggered()
}

// The filter pattern cheat sheet, "Patterns to match branches and tags": every example match.
#[test]
fn cheat_sheet_branches_and_tags() {
    let cases: &[(&str, &[&str], &[&str])] = &[
        // "The `*` wildcard matches any character, but does not match slash (`/`)."
        (
            "feature/*",
            &["feature/my-branch", "feature/your-branch"],
            &["feature/a/b"],
        ),
        // "The `**` wildcard matches any character including slash (`/`) in branch and tag names."
        (
            "feature/**",
            &[
                "feature/beta-a/my-branch",
                "feature/your-branch",
                "feature/mona/the/octocat",
            ],
            &["features/x"],
        ),
        // "Matches the exact name of a branch or tag name."
        ("main", &["main"], &["main2", "mainline"]),
        (
            "releases/mona-the-octocat",
            &["releases/mona-the-octocat"],
            &["releases/mona"],
        ),
        // "Matches all branch and tag names that don't contain a slash (`/`)."
        ("*", &["main", "releases"], &["all/the/branches"]),
        // "Matches all branch and tag names."
        ("**", &["all/the/branches", "every/tag"], &[]),
        (
            "*feature",
            &["mona-feature", "feature", "ver-10-feature"],
            &["feature-x"],
        ),
        // "Matches branch and tag names that start with `v2`."
        ("v2*", &["v2", "v2.0", "v2.9"], &["v3", "v2/x"]),
        // "Matches all semantic versioning branches and tags with major version 1 or 2."
        (
            "v[12].[0-9]+.[0-9]+",
            &["v1.10.1", "v2.0.0"],
            &["v3.0.0", "v1.x.1", "v1.0"],
        ),
    ];
    for (pattern, yes, no) in cases {
        for branch in *yes {
            assert!(
                branch_selected(&[pattern], branch),
                "{pattern} should match {branch}"
            );
        }
        for branch in *no {
            assert!(
                !branch_selected(&[pattern], branch),
                "{pattern} should not match {branch}"
            );
        }
    }
}

// The filter pattern cheat sheet, "Patterns to match file paths": every example match. "Path patterns must
// match the whole path, and start from the repository's root."
#[test]
fn cheat_sheet_paths() {
    let cases: &[(&[&str], &[&str], &[&str])] = &[
        (&["*"], &["README.md", "server.rb"], &["docs/README.md"]),
        // "The `?` character matches zero or one of the preceding character."
        (
            &["*.jsx?"],
            &["page.js", "page.jsx"],
            &["page.jsxx", "src/page.js"],
        ),
        (&["**"], &["all/the/files.md"], &[]),
        // "Matches all `.js` files at the root of the repository."
        (&["*.js"], &["app.js", "index.js"], &["js/index.js"]),
        // "Matches all `.js` files in the repository."
        (
            &["**.js"],
            &["index.js", "js/index.js", "src/js/app.js"],
            &["index.jsx"],
        ),
        (
            &["docs/*"],
            &["docs/README.md", "docs/file.txt"],
            &["docs/mona/octocat.txt"],
        ),
        (
            &["docs/**"],
            &["docs/README.md", "docs/mona/octocat.txt"],
            &["src/docs/a"],
        ),
        (
            &["docs/**/*.md"],
            &[
                "docs/README.md",
                "docs/mona/hello-world.md",
                "docs/a/markdown/file.md",
            ],
            &["docs/a/file.txt"],
        ),
        (
            &["**/docs/**"],
            &[
                "docs/hello.md",
                "dir/docs/my-file.txt",
                "space/docs/plan/space.doc",
            ],
            &["documents/a"],
        ),
        (
            &["**/README.md"],
            &["README.md", "js/README.md"],
            &["README.mdx"],
        ),
        (
            &["**/*src/**"],
            &["a/src/app.js", "my-src/code/js/app.js"],
            &["source/a.js"],
        ),
        (
            &["**/*-post.md"],
            &["my-post.md", "path/their-post.md"],
            &["post.md"],
        ),
        (
            &["**/migrate-*.sql"],
            &[
                "migrate-10909.sql",
                "db/migrate-v1.0.sql",
                "db/sept/migrate-v1.sql",
            ],
            &["migrate.sql"],
        ),
        // "When a file matches a pattern and also matches a negative pattern defined later in the file,
        // the file will not be included."
        (
            &["*.md", "!README.md"],
            &["hello.md"],
            &["README.md", "docs/hello.md"],
        ),
        // "Patterns are checked sequentially. A pattern that negates a previous pattern will re-include
        // file paths."
        (
            &["*.md", "!README.md", "README*"],
            &["hello.md", "README.md", "README.doc"],
            &[],
        ),
    ];
    for (patterns, yes, no) in cases {
        for path in *yes {
            assert!(
                path_selected(patterns, path),
                "{patterns:?} should match {path}"
            );
        }
        for path in *no {
            assert!(
                !path_selected(patterns, path),
                "{patterns:?} should not match {path}"
            );
        }
    }
}

const FILTERED: &str = "on:
  push:
    branches: [main, 'releases/**']
    paths-ignore: ['docs/**', '*.md']
  pull_request:
    types: [opened, labeled]
    branches: [main]
    paths: ['src/**']
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: make
";

#[test]
fn triggers_follow_event_activity_branch_and_path_filters() {
    let w = workflow(FILTERED);
    assert!(
        w.plan(Event::push("main").changed(["src/a.rs"]))
            .triggered()
    );
    assert!(
        w.plan(Event::push("releases/v1/rc").changed(["src/a.rs"]))
            .triggered()
    );
    let dev = w.plan(Event::push("dev").changed(["src/a.rs"]));
    assert!(!dev.triggered());
    assert!(dev.skips("build"));
    assert!(dev.trigger_reason().unwrap().contains("on.push.branches"));
    // "When all the path names match patterns in `paths-ignore`, the workflow will not run."
    let docs = w.plan(Event::push("main").changed(["docs/guide.md", "README.md"]));
    assert!(!docs.triggered());
    assert!(
        w.plan(Event::push("main").changed(["docs/guide.md", "src/a.rs"]))
            .triggered()
    );
    // "If you define only `tags`/`tags-ignore` or only `branches`/`branches-ignore`, the workflow won't
    // run for events affecting the undefined Git ref."
    assert!(!w.plan(Event::push("refs/tags/v1.0.0")).triggered());
    // Pull requests: the branch filter reads the base branch; `types` narrows the activity.
    assert!(
        w.plan(Event::pull_request("main").changed(["src/x.rs"]))
            .triggered()
    );
    assert!(
        !w.plan(Event::pull_request("dev").changed(["src/x.rs"]))
            .triggered()
    );
    assert!(
        !w.plan(Event::pull_request("main").changed(["README.md"]))
            .triggered()
    );
    assert!(
        !w.plan(
            Event::pull_request("main")
                .activity("closed")
                .changed(["src/x.rs"])
        )
        .triggered()
    );
    assert!(
        w.plan(
            Event::pull_request("main")
                .activity("labeled")
                .changed(["src/x.rs"])
        )
        .triggered()
    );
    // Without changed files the path filter is taken as satisfied, and the plan says so.
    let unknown = w.plan(Event::push("main"));
    assert!(unknown.triggered());
    assert_eq!(unknown.notes().len(), 1);
    assert!(!w.plan(Event::new("schedule")).triggered());
}

#[test]
fn pull_request_default_activity_types() {
    let w = workflow(
        "on: pull_request\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: 'true'\n",
    );
    for activity in ["opened", "synchronize", "reopened"] {
        assert!(
            w.plan(Event::pull_request("main").activity(activity))
                .triggered()
        );
    }
    let closed = w.plan(Event::pull_request("main").activity("closed"));
    assert!(!closed.triggered());
}

#[test]
fn tags_are_not_path_filtered() {
    let w = workflow(
        "on:\n  push:\n    tags: ['v*']\n    paths: ['src/**']\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: 'true'\n",
    );
    // "Path filters are not evaluated for pushes of tags."
    assert!(
        w.plan(Event::push("refs/tags/v1.0").changed(["docs/a.md"]))
            .triggered()
    );
    assert!(!w.plan(Event::push("refs/tags/x1.0")).triggered());
    assert!(!w.plan(Event::push("main").changed(["src/a"])).triggered());
}

const PIPELINE: &str = "on:
  push:
  pull_request:
  workflow_dispatch:
    inputs:
      environment:
        type: choice
        options: [staging, production]
        default: staging
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - id: compile
        run: make
  test:
    needs: build
    runs-on: ubuntu-latest
    steps:
      - run: make test
  deploy:
    needs: [build, test]
    if: github.event_name != 'pull_request' && (github.ref == 'refs/heads/main' || inputs.environment == 'production')
    runs-on: ubuntu-latest
    environment: ${{ inputs.environment || 'production' }}
    concurrency: deploy-${{ github.ref_name }}
    steps:
      - run: ./deploy
  notify:
    needs: deploy
    runs-on: ubuntu-latest
    steps:
      - run: ./notify
  rollback:
    needs: deploy
    if: failure()
    runs-on: ubuntu-latest
    steps:
      - run: ./rollback
  report:
    needs: [test, deploy]
    if: always()
    runs-on: ubuntu-latest
    steps:
      - run: ./report
  gated:
    needs: build
    if: secrets.TOKEN != '' && github.event_name == 'push'
    runs-on: ubuntu-latest
    steps:
      - run: ./gated
  cleanup:
    needs: build
    if: cancelled()
    runs-on: ubuntu-latest
    steps:
      - run: ./cleanup
";

fn statuses(plan: &Plan) -> Vec<(String, Status)> {
    plan.jobs()
        .iter()
        .map(|j| (j.id.clone(), j.status))
        .collect()
}

#[test]
fn conditions_and_needs_decide_each_job() {
    let w = workflow(PIPELINE);
    let push = w.plan(Event::push("main"));
    assert!(push.runs("deploy") && push.runs("notify") && push.runs("report"));
    assert!(push.runs_before("build", "deploy"));
    assert!(push.skips("rollback"));
    assert_eq!(push.reason("rollback"), Some("`if:` is false: failure()"));
    assert!(push.skips("cleanup"));
    // A secret is not given by the event.
    assert!(push.is_undecided("gated"));
    assert!(
        push.reason("gated").unwrap().contains("secrets.TOKEN"),
        "{:?}",
        push.reason("gated")
    );
    let deploy_row = &push.rows("deploy")[0];
    assert_eq!(
        deploy_row.environment.as_ref().unwrap().value.as_deref(),
        Some("production")
    );
    assert_eq!(
        deploy_row.concurrency.as_ref().unwrap().value.as_deref(),
        Some("deploy-main")
    );

    let pr = w.plan(Event::pull_request("main"));
    assert!(pr.runs("build") && pr.runs("test"));
    assert!(pr.skips("deploy"));
    // "If a job fails or is skipped, all jobs that need it are skipped unless the jobs use a conditional
    // expression that causes the job to continue."
    assert_eq!(pr.reason("notify"), Some("need `deploy` is skipped"));
    assert!(pr.runs("report"), "always() runs after skipped needs");
    // `false && <unknown>` is false: the unknown secret does not matter on a pull request.
    assert!(pr.skips("gated"));

    let manual = w.plan(Event::workflow_dispatch("dev").input("environment", "production"));
    assert!(manual.runs("deploy"));
    let staging = w.plan(Event::workflow_dispatch("dev"));
    assert!(staging.skips("deploy"), "{:?}", statuses(&staging));
    assert_eq!(
        staging.rows("deploy")[0]
            .environment
            .as_ref()
            .unwrap()
            .value
            .as_deref(),
        Some("staging")
    );
}

#[test]
fn outcomes_drive_the_status_functions() {
    let w = workflow(PIPELINE);
    // "`failure()` returns true if any ancestor job fails."
    let failed = w.plan_with(Event::push("main"), &Outcomes::new().fail("deploy"));
    assert!(failed.runs("rollback"));
    assert_eq!(failed.reason("notify"), Some("need `deploy` failed"));
    assert!(failed.runs("report"));
    let early = w.plan_with(Event::push("main"), &Outcomes::new().fail("build"));
    assert!(early.skips("deploy"));
    // `build` is an ancestor of `rollback` through `deploy`, so `failure()` holds there too.
    assert!(early.runs("rollback"), "{:?}", statuses(&early));
    // A failing step fails its job.
    let step = w.plan_with(
        Event::push("main"),
        &Outcomes::new().fail_step("build", "compile"),
    );
    assert!(step.skips("test"));
    // "cancelled(): Returns true if the workflow was canceled."
    let cancelled = w.plan_with(Event::push("main"), &Outcomes::new().cancel("build"));
    assert!(cancelled.runs("cleanup"));
    assert!(cancelled.skips("test"));
    assert!(cancelled.runs("report"));
}

#[test]
fn outputs_decide_conditions_on_them() {
    let w = workflow(
        "on: push\njobs:\n  gate:\n    runs-on: x\n    outputs:\n      go: ${{ steps.d.outputs.go }}\n    steps:\n      - id: d\n        run: echo go=true >> $GITHUB_OUTPUT\n  ship:\n    needs: gate\n    if: needs.gate.outputs.go == 'true'\n    runs-on: x\n    steps:\n      - run: ./ship\n  after:\n    needs: ship\n    runs-on: x\n    steps:\n      - run: ./after\n",
    );
    let open = w.plan(Event::push("main"));
    assert!(open.is_undecided("ship"));
    assert!(
        open.reason("ship")
            .unwrap()
            .contains("needs.gate.outputs.go")
    );
    assert!(open.is_undecided("after"));
    assert_eq!(
        open.reason("after"),
        Some("it needs `ship`, which may or may not run")
    );
    let go = w.plan_with(
        Event::push("main"),
        &Outcomes::new().output("gate", "go", "true"),
    );
    assert!(go.runs("ship") && go.runs("after"));
    let stop = w.plan_with(
        Event::push("main"),
        &Outcomes::new().output("gate", "go", "false"),
    );
    assert!(stop.skips("ship") && stop.skips("after"));
}

#[test]
fn event_fields_are_read_by_conditions() {
    let w = workflow(
        "on: pull_request\njobs:\n  a:\n    if: '!github.event.pull_request.draft'\n    runs-on: x\n    steps:\n      - run: 'true'\n  b:\n    if: github.event.pull_request.base.ref == 'main' && github.actor != 'dependabot[bot]'\n    runs-on: x\n    steps:\n      - run: 'true'\n",
    );
    assert!(w.plan(Event::pull_request("main")).is_undecided("a"));
    assert!(
        w.plan(Event::pull_request("main").field("pull_request.draft", false))
            .runs("a")
    );
    assert!(
        w.plan(Event::pull_request("main").field("pull_request.draft", true))
            .skips("a")
    );
    assert!(w.plan(Event::pull_request("main")).is_undecided("b"));
    assert!(w.plan(Event::pull_request("main").actor("mona")).runs("b"));
    assert!(w.plan(Event::pull_request("dev").actor("mona")).skips("b"));
}

#[test]
fn jobs_come_in_graph_order_and_mermaid_marks_them() {
    let w = workflow(PIPELINE);
    let plan = w.plan(Event::pull_request("main"));
    let order: Vec<&str> = plan.jobs().iter().map(|j| j.id.as_str()).collect();
    for job in plan.jobs() {
        let at = order.iter().position(|id| *id == job.id).unwrap();
        for need in &job.needs {
            assert!(order.iter().position(|id| id == need).unwrap() < at);
        }
    }
    let picture = plan.mermaid(&w);
    assert!(
        picture.contains("class deploy,notify,rollback,gated,cleanup skipped"),
        "{picture}"
    );
    let table = plan.table();
    assert!(
        table
            .lines()
            .any(|l| l.starts_with("notify") && l.contains("need `deploy` is skipped")),
        "{table}"
    );
}

#[test]
fn reusable_workflows_are_planned_with_their_inputs() {
    let caller = workflow(
        "on: push\njobs:\n  staging:\n    uses: ./.github/workflows/deploy.yml\n    with:\n      environment: staging\n  production:\n    needs: staging\n    if: github.ref == 'refs/heads/main'\n    uses: ./.github/workflows/deploy.yml\n    with:\n      environment: production\n",
    );
    let called = workflow(
        "on:\n  workflow_call:\n    inputs:\n      environment:\n        type: string\n        required: true\n      dry-run:\n        type: boolean\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    environment: ${{ inputs.environment }}\n    steps:\n      - run: ./deploy\n  smoke:\n    if: inputs.environment == 'production' && !inputs.dry-run\n    needs: deploy\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./smoke\n",
    );
    let files = [
        (".github/workflows/ci.yml", &caller),
        (".github/workflows/deploy.yml", &called),
    ];
    let plan = pipeline_core::plan::plan_set(
        &files,
        ".github/workflows/ci.yml",
        &Event::push("main"),
        &Outcomes::new(),
    )
    .unwrap();
    let staging = plan.job("staging").unwrap().called.as_ref().unwrap();
    assert!(staging.runs("deploy") && staging.skips("smoke"));
    let production = plan.job("production").unwrap().called.as_ref().unwrap();
    assert!(production.runs("smoke"));
    assert_eq!(
        production.rows("deploy")[0]
            .environment
            .as_ref()
            .unwrap()
            .value
            .as_deref(),
        Some("production")
    );
    let dev = pipeline_core::plan::plan_set(
        &files,
        ".github/workflows/ci.yml",
        &Event::push("dev"),
        &Outcomes::new(),
    )
    .unwrap();
    assert!(dev.skips("production"));
    assert!(dev.job("production").unwrap().called.is_none());
}

#[test]
fn values_of_inputs_keep_their_types() {
    let w = workflow(
        "on:\n  workflow_dispatch:\n    inputs:\n      debug:\n        type: boolean\n        default: false\njobs:\n  a:\n    if: inputs.debug\n    runs-on: x\n    steps:\n      - run: 'true'\n  b:\n    if: github.event.inputs.debug == 'true'\n    runs-on: x\n    steps:\n      - run: 'true'\n",
    );
    assert!(w.plan(Event::workflow_dispatch("main")).skips("a"));
    assert!(
        w.plan(Event::workflow_dispatch("main").input("debug", true))
            .runs("a")
    );
    assert!(
        w.plan(Event::workflow_dispatch("main").input("debug", true))
            .runs("b")
    );
    assert!(
        w.plan(Event::workflow_dispatch("main").input("debug", Value::from("false")))
            .skips("a")
    );
}
