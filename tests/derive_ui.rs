//! Compile-fail tests of the derives: each file in `tests/ui` makes one mistake, and its `.stderr` pins
//! the one diagnostic it gives. The diagnostics are pinned on the workspace's toolchain; regenerate
//! with `TRYBUILD=overwrite cargo test --test derive_ui` after a compiler upgrade and review the diff.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
}
