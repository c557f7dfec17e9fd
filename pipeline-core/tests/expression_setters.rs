//! What is written is what is validated: every builder setter that takes a typed expression writes
//! something GitHub accepts, and reading the file back gives the same model with no error.

use pipeline_core::expr::{Expr, github, vars};
use pipeline_core::model::{Concurrency, ExprOr, Job, Matrix, Step, Trigger, Workflow};
use pipeline_core::{emit, parse, validate};
use proptest::prelude::*;

/// A workflow that sets every boolean setting and `if:` from `expr`.
fn workflow(expr: &Expr) -> Workflow {
    Workflow::new("CI")
        .on(Trigger::pull_request())
        .least_privilege()
        .concurrency(Concurrency::group("ci-${{ github.ref }}").cancel_in_progress(expr.clone()))
        .job(
            "test",
            Job::new("${{ matrix.os }}")
                .matrix(Matrix::new().axis("os", ["ubuntu-latest", "windows-latest"]))
                .fail_fast(expr.clone())
                .continue_on_error(expr.clone())
                .timeout_minutes(10)
                .if_(expr.clone())
                .step(
                    Step::run("cargo test")
                        .if_(expr.clone())
                        .continue_on_error(expr.clone()),
                ),
        )
}

fn check(expr: &Expr) -> Result<(), TestCaseError> {
    let built = workflow(expr);
    let yaml = emit::workflow(&built, &Default::default());
    let parsed =
        parse::workflow(&yaml).map_err(|e| TestCaseError::fail(format!("{e:?}\n{yaml}")))?;
    prop_assert_eq!(&parsed.value, &built, "{}", yaml);
    for key in ["cancel-in-progress", "fail-fast", "continue-on-error"] {
        for line in yaml.lines().filter(|l| l.trim_start().starts_with(key)) {
            prop_assert!(
                line.contains("${{"),
                "{} is written in ${{{{ }}}}: {}",
                key,
                line
            );
        }
    }
    for line in yaml.lines().filter(|l| l.trim_start().starts_with("if:")) {
        prop_assert!(!line.contains("${{"), "if: is written bare: {}", line);
    }
    let found = validate::check_workflow(&yaml, "ci.yml", &validate::Config::default());
    let errors: Vec<String> = found.errors().map(ToString::to_string).collect();
    prop_assert!(errors.is_empty(), "{:?}\n{}", errors, yaml);
    Ok(())
}

#[test]
fn the_reported_case_writes_cancel_in_progress_in_an_expression() {
    check(&github::event_name().eq("pull_request")).unwrap();
}

fn exprs() -> impl Strategy<Value = Expr> {
    // Values the run decides, so no condition is false for every event (which is an error of its own).
    let leaf = prop_oneof![
        "[a-z]{1,8}".prop_map(|s| vars("RELEASE").ne(s.as_str())),
        "[A-Z]{1,8}".prop_map(|s| vars(s).eq("true")),
    ];
    leaf.prop_recursive(3, 12, 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| a.and(b)),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| a.or(b)),
            inner.prop_map(|a| a.not()),
        ]
    })
}

proptest! {
    #[test]
    fn every_expression_setter_writes_what_github_accepts(expr in exprs()) {
        check(&expr)?;
    }
}

#[test]
fn a_constant_condition_is_written_as_a_boolean() {
    let step = Step::run("x").if_(ExprOr::Value(false));
    assert_eq!(step.r#if, Some(ExprOr::Value(false)));
}
