//! Parser behaviour: every error names its line, column and model path; short and long forms survive.

use pipeline_core::model::{
    Event, ExprOr, On, OneOrMany, Path, Permissions, RunsOn, Secrets, Value,
};
use pipeline_core::parse;

/// Parses `input` as a workflow and compares every error, rendered with the file name `ci.yml`.
fn check_errors(input: &str, expected: &[&str]) {
    let errors = parse::workflow(input).expect_err("the input should not parse");
    let rendered: Vec<String> = errors
        .errors()
        .iter()
        .map(|e| e.with_file("ci.yml"))
        .collect();
    assert_eq!(rendered, expected, "input:\n{input}");
}

#[test]
fn document_errors() {
    check_errors(
        "",
        &["ci.yml:1:1: the file is empty: a workflow is a mapping of keys"],
    );
    check_errors(
        "# only a comment\n",
        &["ci.yml:1:1: the file is empty: a workflow is a mapping of keys"],
    );
    check_errors(
        "- a\n- b\n",
        &["ci.yml:1:1: expected a workflow (a mapping), found a sequence"],
    );
    check_errors(
        "just text",
        &["ci.yml:1:1: expected a workflow (a mapping), found a string"],
    );
    check_errors(
        "on: push\njobs:\n  a:\n    runs-on: x\n---\nfoo: 1\n",
        &[
            "ci.yml:5:1: a workflow file holds one YAML document; remove the second one that starts here",
        ],
    );
    check_errors(
        "on: push\njobs:\n  a:\n    runs-on: x\n    runs-on: y\n",
        &["ci.yml:5:5: duplicate key \"runs-on\" (first at 4:5)"],
    );
    check_errors(
        "name: x\n",
        &[
            "ci.yml:1:1: missing key \"on\": a workflow needs the events that start it",
            "ci.yml:1:1: missing key \"jobs\": a workflow needs at least one job",
        ],
    );
}

#[test]
fn syntax_errors_have_a_position() {
    let errors = parse::workflow("on: [push\n").unwrap_err();
    let error = &errors.errors()[0];
    assert_eq!(error.position.map(|p| (p.line, p.column)), Some((2, 1)));
    assert!(
        error.message.starts_with("not valid YAML: "),
        "{}",
        error.message
    );
    let recursive = parse::workflow("x: &a [*a]\n").unwrap_err();
    assert!(recursive.errors()[0].message.contains("not valid YAML"));
}

#[test]
fn unknown_keys_suggest_the_closest() {
    check_errors(
        "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n      - uses: x@v1\n        wiht: {a: 1}\n",
        &["ci.yml:8:9: jobs.build.steps[1]: unknown key \"wiht\", did you mean \"with\"?"],
    );
    check_errors(
        "on:\n  push:\n    branch: [main]\njobs: {}\n",
        &["ci.yml:3:5: on.push: unknown key \"branch\", did you mean \"branches\"?"],
    );
    check_errors(
        "on: push\njobs:\n  a:\n    runs-on: x\n    zzz: 1\n",
        &[
            "ci.yml:5:5: jobs.a: unknown key \"zzz\" for a job; expected one of needs, if, strategy, name, runs-on, timeout-minutes, cancel-timeout-minutes, continue-on-error, container, services, env, environment, permissions, concurrency, outputs, defaults, steps, snapshot, uses, with, secrets",
        ],
    );
}

#[test]
fn every_error_is_reported() {
    check_errors(
        "on: push\njobs:\n  a:\n    runs-on: x\n    timeout-minutes: soon\n    continue-on-error: maybe\n    needs: {a: 1}\n",
        &[
            "ci.yml:5:22: jobs.a.timeout-minutes: expected a number or a ${{ }} expression, found a string",
            "ci.yml:6:24: jobs.a.continue-on-error: expected true, false or a ${{ }} expression, found a string",
            "ci.yml:7:12: jobs.a.needs: expected a string, found a mapping",
        ],
    );
}

#[test]
fn value_errors() {
    check_errors(
        "on: push\npermissions: reed-all\njobs: {}\n",
        &[
            "ci.yml:2:14: permissions: permissions \"reed-all\" is neither read-all nor write-all, did you mean \"read-all\"?",
        ],
    );
    check_errors(
        "on: push\njobs:\n  a:\n    strategy:\n      matrix:\n        os: ubuntu\n",
        &[
            "ci.yml:6:13: jobs.a.strategy.matrix.os: expected a list of values or a ${{ }} expression for a matrix axis, found a string",
        ],
    );
    check_errors(
        "on: push\njobs:\n  a:\n    name: 12\n",
        &[
            "ci.yml:4:11: jobs.a.name: expected a string, found the number 12; quote it (\"12\") to keep it a string",
        ],
    );
    check_errors(
        "on: push\njobs:\n  a:\n    uses: ./x.yml\n    secrets: all\n",
        &[
            "ci.yml:5:14: jobs.a.secrets: secrets \"all\" is not a mapping; write `secrets: inherit` or a mapping of secrets",
        ],
    );
}

#[test]
fn byte_order_mark_and_crlf() {
    check_errors(
        "\u{feff}on: push\r\njobs:\r\n  a:\r\n    runs-on: x\r\n    stpes: []\r\n",
        &["ci.yml:5:5: jobs.a: unknown key \"stpes\", did you mean \"steps\"?"],
    );
}

#[test]
fn short_and_long_forms_are_kept() {
    let parsed = parse::workflow(
        "on: push\njobs:\n  a:\n    runs-on: [self-hosted, linux]\n    needs: b\n  b:\n    runs-on: x\n    needs: [a]\n  c:\n    uses: ./c.yml\n    secrets: inherit\n",
    )
    .unwrap()
    .value;
    assert_eq!(parsed.on, On::Event(Event::Push));
    assert_eq!(parsed.jobs["a"].needs, Some(OneOrMany::One("b".into())));
    assert_eq!(
        parsed.jobs["b"].needs,
        Some(OneOrMany::Many(vec!["a".into()]))
    );
    assert!(matches!(parsed.jobs["a"].runs_on, Some(RunsOn::Labels(ref l)) if l.len() == 2));
    assert_eq!(parsed.jobs["c"].secrets, Some(Secrets::Inherit));

    let triggers = parse::workflow("on:\n  push:\n  pull_request: {}\njobs: {}\n")
        .unwrap()
        .value
        .on;
    let On::Triggers(map) = triggers else {
        panic!("expected the mapping form")
    };
    assert_eq!(map[&Event::Push], None);
    assert!(map[&Event::PullRequest].is_some());

    let permissions = parse::workflow("on: push\npermissions: {}\njobs: {}\n")
        .unwrap()
        .value
        .permissions;
    assert_eq!(permissions, Some(Permissions::none()));
}

#[test]
fn scalars_keep_their_type() {
    let parsed = parse::workflow(
        "on: push\nenv:\n  A: '1'\n  B: 1\n  C: 1.0\n  D: true\n  E: 'true'\n  F: yes\n  G: ~\njobs: {}\n",
    )
    .unwrap()
    .value;
    let Some(ExprOr::Value(env)) = parsed.env else {
        panic!("env is a mapping")
    };
    assert_eq!(env["A"], Value::from("1"));
    assert_eq!(env["B"], Value::from(1));
    assert_eq!(env["C"], Value::from(1.0));
    assert_eq!(env["D"], Value::from(true));
    assert_eq!(env["E"], Value::from("true"));
    assert_eq!(
        env["F"],
        Value::from("yes"),
        "GitHub reads YAML 1.2: yes is a string"
    );
    assert_eq!(env["G"], Value::Null);
}

#[test]
fn anchors_aliases_and_merge_keys_are_expanded() {
    let parsed = parse::workflow(
        "on: push\njobs:\n  a: &base\n    runs-on: x\n    timeout-minutes: 5\n  b:\n    <<: *base\n    name: b\n",
    )
    .unwrap()
    .value;
    assert_eq!(parsed.jobs["b"].runs_on, Some(RunsOn::Label("x".into())));
    assert_eq!(parsed.jobs["b"].name.as_deref(), Some("b"));
}

#[test]
fn source_map_places_values_keys_and_comments() {
    let text = "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@0123456789abcdef0123456789abcdef01234567 # v4.2.2\n";
    let parsed = parse::workflow(text).unwrap();
    let step = Path::root().key("jobs").key("build").key("steps").index(0);
    let at = parsed.source.position(&step.key("uses")).unwrap();
    assert_eq!((at.line, at.column), (6, 15));
    let key = parsed.source.key_position(&step.key("uses")).unwrap();
    assert_eq!((key.line, key.column), (6, 9));
    assert_eq!(parsed.source.comment(&step.key("uses")), Some("v4.2.2"));
    // A path the layout cannot follow falls back to the nearest enclosing value.
    let missing = parsed.source.position(&step.key("with").key("x")).unwrap();
    assert_eq!((missing.line, missing.column), (6, 9));
}

#[test]
fn actions() {
    let text = "name: A\ndescription: B\ninputs:\n  x:\n    required: yes\n    deprecation-message: old\nruns:\n  using: node20\n  main: index.js\n";
    let action = parse::action(text).unwrap().value;
    let input = &action.inputs.as_ref().unwrap()["x"];
    assert!(input.is_required());
    assert_eq!(
        input.other["deprecation-message"],
        Value::from("old"),
        "kept for the validator to flag"
    );

    let errors = parse::action("name: A\nruns:\n  using: node21\n  main: x.js\n").unwrap_err();
    assert_eq!(
        errors.with_file("action.yml"),
        "action.yml:3:3: runs.using: unknown `using` \"node21\", did you mean \"node12\"?"
    );
    let errors =
        parse::action("name: A\nruns:\n  using: docker\n  image: Dockerfile\n  main: x.js\n")
            .unwrap_err();
    assert_eq!(
        errors.with_file("action.yml"),
        "action.yml:5:3: runs: unknown key \"main\" for runs of a Docker action; expected one of using, image, entrypoint, args, env, pre-entrypoint, pre-if, post-entrypoint, post-if"
    );
}

#[test]
fn never_panics_on_arbitrary_text() {
    use proptest::prelude::*;
    proptest!(ProptestConfig::with_cases(2000), |(text in "[ -~\\n\\t:\\-\\[\\]{}&*!|>'\"#%@`]{0,200}")| {
        let _ = parse::workflow(&text);
        let _ = parse::action(&text);
    });
}

#[test]
fn a_quoted_merge_key_is_a_plain_key() {
    // A plain `<<:` elsewhere in the text (here inside a script) must not turn the quoted key into a merge.
    let text = "on: push\njobs:\n  a:\n    runs-on: x\n    env:\n      '<<': ''\n    steps:\n      - run: 'echo <<: here'\n";
    let parsed = parse::workflow(text).unwrap().value;
    let Some(ExprOr::Value(env)) = &parsed.jobs["a"].env else {
        panic!("env is a mapping")
    };
    assert_eq!(env["<<"], Value::from(""));
}
