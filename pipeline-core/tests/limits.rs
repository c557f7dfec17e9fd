//! Bounded work on any input: each limit of the parser and the validator, met by the input that used to
//! take seconds, minutes or gigabytes, now answered quickly with a clear message.

use pipeline_core::parse;
use pipeline_core::validate::{self, Config};
use std::time::{Duration, Instant};

/// Far above what these inputs now take in a debug build, far below what they took before.
const QUICK: Duration = Duration::from_secs(10);

fn first_error(text: &str) -> String {
    let start = Instant::now();
    let errors = parse::workflow(text).unwrap_err();
    assert!(start.elapsed() < QUICK, "{:?}", start.elapsed());
    errors.errors()[0].to_string()
}

/// 100,000 levels of `[` are refused by the scan before the YAML reader, whose time grows with the
/// square of the depth, sees them.
#[test]
fn deep_nesting_is_refused_before_reading() {
    let deep = format!(
        "on: push\njobs:\n  a:\n    runs-on: {}{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let message = first_error(&deep);
    assert!(message.contains("nest more than 1000 levels"), "{message}");
    let dashes = format!(
        "on: push\njobs:\n  a:\n    steps:\n      {}x\n",
        "- ".repeat(100_000)
    );
    assert!(first_error(&dashes).contains("nest more than"));
    let start = Instant::now();
    let diagnostics = validate::check_workflow(&deep, "deep.yml", &Config::default());
    assert!(start.elapsed() < QUICK);
    assert!(
        diagnostics
            .iter()
            .any(|d| d.message.contains("nest more than"))
    );
    // Nesting a workflow really has, and brackets in scalars, are no concern of the limit.
    let fine = "on: push\njobs:\n  a:\n    runs-on: [[[x]]]\n    steps:\n      - run: |\n          [[[[[[[[ {{{{{{\n      - run: echo [[[[[[ '[[[['\n";
    assert!(!first_error(fine).contains("nest more than"));
}

/// One anchored list repeated through aliases (15 KB of text) used to expand to a gigabyte; the
/// expansion is now counted as it is read, and stops at the bound.
#[test]
fn alias_fan_out_is_bounded_by_expanded_size() {
    let list = vec!["1"; 2500].join(",");
    let aliases = vec!["*a"; 2500].join(",");
    let fan_out = format!("on: push\nx: &a [{list}]\ny: [{aliases}]\njobs: {{}}\n");
    assert!(fan_out.len() < 16_000);
    let message = first_error(&fan_out);
    assert!(
        message.contains("aliases expand this document"),
        "{message}"
    );
    // Through layers of aliases of aliases, too.
    let mut layered = String::from("on: push\na0: &a0 [1,2,3,4,5,6,7,8,9,10]\n");
    for i in 1..10 {
        let previous = vec![format!("*a{}", i - 1); 10].join(",");
        layered.push_str(&format!("a{i}: &a{i} [{previous}]\n"));
    }
    layered.push_str("jobs: {}\n");
    assert!(first_error(&layered).contains("aliases expand"));
    let start = Instant::now();
    let _ = validate::check_workflow(&layered, "aliases.yml", &Config::default());
    assert!(start.elapsed() < QUICK);
    // Anchors as workflows use them are fine.
    let ordinary = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    env: &env\n      A: 1\n    steps:\n      - run: echo\n  b:\n    runs-on: ubuntu-latest\n    env: *env\n    steps:\n      - run: echo\n";
    assert!(parse::workflow(ordinary).is_ok());
}

/// 100,000 keys in one mapping: the duplicate-key check is one lookup per key.
#[test]
fn many_keys_are_checked_in_linear_time() {
    let mut text = String::from("on: push\nenv:\n");
    for i in 0..100_000 {
        text.push_str(&format!("  K{i}: v\n"));
    }
    text.push_str(
        "  k7: again\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n",
    );
    let start = Instant::now();
    let diagnostics = validate::check_workflow(&text, "keys.yml", &Config::default());
    assert!(
        start.elapsed() < Duration::from_secs(60),
        "{:?}",
        start.elapsed()
    );
    let duplicate: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.code == "key-duplicate")
        .collect();
    assert_eq!(duplicate.len(), 1, "{diagnostics:?}");
    assert!(duplicate[0].message.contains("`k7` repeats `K7`"));
}

/// An integer beyond 64 bits and a tag the reader would drop are refused by name, not misreported or
/// lost.
#[test]
fn big_integers_and_dropped_tags_are_refused_by_name() {
    let big = "on: push\nenv:\n  BIG: 123456789012345678901234567890\njobs: {}\n";
    let message = first_error(big);
    assert!(
        message.contains("the integer 123456789012345678901234567890 is beyond the 64-bit range"),
        "{message}"
    );
    let binary = "on: push\nenv:\n  BIN: !!binary aGVsbG8=\njobs: {}\n";
    let message = first_error(binary);
    assert!(
        message.starts_with("3:8: the YAML tag !!binary is not supported"),
        "{message}"
    );
    let custom = "on: push\nenv:\n  TAG: !custom x\njobs: {}\n";
    assert!(first_error(custom).contains("the YAML tag !custom is not supported"));
    // A tag the reader applies is fine, and so is the text `!!binary` inside a scalar.
    let fine = "on: push\nenv:\n  A: !!str 5\n  B: echo !!binary\n  C: \"!!binary\"\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo\n";
    assert!(parse::workflow(fine).is_ok());
}

/// Control characters in keys are escaped wherever a parse error is shown.
#[test]
fn parse_errors_are_one_line_each() {
    let text =
        "on: push\njobs:\n  a:\n    runs-on: x\n    \"bad\\e[31m\\r\\nci.yml:1:1: fine\": 1\n";
    for error in parse::workflow(text).unwrap_err().errors() {
        let shown = error.with_file("ci.yml");
        assert!(!shown.contains(['\u{1b}', '\r', '\n']), "{shown:?}");
    }
}
