//! Compile tests of the derives: each file in `tests/ui` makes one mistake, and its `.stderr` pins the
//! one diagnostic it gives; each file in `tests/ui/pass` compiles with every warning denied, and runs.
//! The diagnostics are pinned on the workspace's toolchain: after a compiler upgrade, regenerate them
//! with `TRYBUILD=overwrite cargo test --test derive_ui` and review the diff.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
    cases.pass("tests/ui/pass/*.rs");
}
