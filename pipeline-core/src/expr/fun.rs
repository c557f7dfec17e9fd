//! One Rust function per GitHub expression function, building an [`Expr`] call with the canonical name.
//!
//! ```
//! use pipeline_core::expr::{fun::*, github};
//!
//! let cond = success().and(starts_with(github::git_ref(), "refs/tags/"));
//! assert_eq!(cond.to_condition(), "success() && startsWith(github.ref, 'refs/tags/')");
//! ```

use super::ast::Ast;
use super::typed::Expr;

fn call(name: &str, args: Vec<Expr>) -> Expr {
    Expr::call_inner(
        name.to_owned(),
        args.into_iter().map(Expr::into_ast).collect(),
    )
}

/// `contains(search, item)`: whether a string holds a substring, or an array an element (ignoring case).
///
/// ```
/// use pipeline_core::expr::{fun::contains, github};
///
/// let wip = contains(github::event().property("pull_request").property("title"), "WIP");
/// assert_eq!(wip.to_condition(), "contains(github.event.pull_request.title, 'WIP')");
/// ```
#[must_use]
pub fn contains(search: impl Into<Expr>, item: impl Into<Expr>) -> Expr {
    call("contains", vec![search.into(), item.into()])
}

/// `startsWith(searchString, searchValue)`, ignoring case.
///
/// ```
/// use pipeline_core::expr::{fun::starts_with, matrix};
///
/// assert_eq!(starts_with(matrix("os"), "macos").to_condition(), "startsWith(matrix.os, 'macos')");
/// ```
#[must_use]
pub fn starts_with(search: impl Into<Expr>, value: impl Into<Expr>) -> Expr {
    call("startsWith", vec![search.into(), value.into()])
}

/// `endsWith(searchString, searchValue)`, ignoring case.
///
/// ```
/// use pipeline_core::expr::{fun::ends_with, github};
///
/// assert_eq!(ends_with(github::git_ref(), "-rc").to_condition(), "endsWith(github.ref, '-rc')");
/// ```
#[must_use]
pub fn ends_with(search: impl Into<Expr>, value: impl Into<Expr>) -> Expr {
    call("endsWith", vec![search.into(), value.into()])
}

/// `format(string, replaceValue0, ...)`: replaces `{0}`, `{1}`, ... in `string`; `{{` and `}}` escape braces.
///
/// ```
/// use pipeline_core::expr::{fun::format, github};
///
/// let title = format("{0}-{1}", [github::workflow(), github::git_ref()]);
/// assert_eq!(title.to_condition(), "format('{0}-{1}', github.workflow, github.ref)");
/// ```
#[must_use]
pub fn format<A: Into<Expr>>(string: impl Into<Expr>, args: impl IntoIterator<Item = A>) -> Expr {
    let mut all = vec![string.into()];
    all.extend(args.into_iter().map(Into::into));
    call("format", all)
}

/// `join(array)`: the elements joined with `,`.
///
/// ```
/// use pipeline_core::expr::{fun::join, matrix};
///
/// assert_eq!(join(matrix("features")).to_condition(), "join(matrix.features)");
/// ```
#[must_use]
pub fn join(array: impl Into<Expr>) -> Expr {
    call("join", vec![array.into()])
}

/// `join(array, separator)`.
///
/// ```
/// use pipeline_core::expr::{fun::join_with, matrix};
///
/// assert_eq!(join_with(matrix("features"), " ").to_condition(), "join(matrix.features, ' ')");
/// ```
#[must_use]
pub fn join_with(array: impl Into<Expr>, separator: impl Into<Expr>) -> Expr {
    call("join", vec![array.into(), separator.into()])
}

/// `toJSON(value)`: pretty-printed JSON.
///
/// ```
/// use pipeline_core::expr::{fun::to_json, Expr};
///
/// assert_eq!(to_json(Expr::context("github")).to_string(), "${{ toJSON(github) }}");
/// ```
#[must_use]
pub fn to_json(value: impl Into<Expr>) -> Expr {
    call("toJSON", vec![value.into()])
}

/// `fromJSON(value)`: parses JSON, for example a matrix passed as a job output.
///
/// ```
/// use pipeline_core::expr::{fun::from_json, needs};
///
/// let matrix = from_json(needs("plan").output("matrix"));
/// assert_eq!(matrix.to_string(), "${{ fromJSON(needs.plan.outputs.matrix) }}");
/// ```
#[must_use]
pub fn from_json(value: impl Into<Expr>) -> Expr {
    call("fromJSON", vec![value.into()])
}

/// `hashFiles(path, ...)`: one SHA-256 over the files matching the glob patterns.
///
/// ```
/// use pipeline_core::expr::fun::hash_files;
///
/// let key = hash_files(["**/Cargo.lock", "**/Cargo.toml"]);
/// assert_eq!(key.to_string(), "${{ hashFiles('**/Cargo.lock', '**/Cargo.toml') }}");
/// ```
#[must_use]
pub fn hash_files<P: Into<Expr>>(patterns: impl IntoIterator<Item = P>) -> Expr {
    call("hashFiles", patterns.into_iter().map(Into::into).collect())
}

/// `case(pred1, val1, ..., default)`: the value of the first true predicate, else the default.
///
/// ```
/// use pipeline_core::expr::{fun::case, github};
///
/// let env = case([(github::git_ref().eq("refs/heads/main"), "production")], "development");
/// assert_eq!(
///     env.to_condition(),
///     "case(github.ref == 'refs/heads/main', 'production', 'development')",
/// );
/// ```
#[must_use]
pub fn case<P: Into<Expr>, V: Into<Expr>>(
    branches: impl IntoIterator<Item = (P, V)>,
    default: impl Into<Expr>,
) -> Expr {
    let mut args = Vec::new();
    for (predicate, value) in branches {
        args.push(predicate.into());
        args.push(value.into());
    }
    args.push(default.into());
    call("case", args)
}

fn status(name: &str) -> Expr {
    Expr::from(Ast::call(name, Vec::new()))
}

/// `success()`: true when no previous step or needed job failed or was cancelled.
///
/// ```
/// use pipeline_core::expr::fun::success;
///
/// assert_eq!(success().to_condition(), "success()");
/// ```
#[must_use]
pub fn success() -> Expr {
    status("success")
}

/// `always()`: true even when the run is cancelled.
///
/// ```
/// use pipeline_core::expr::fun::always;
///
/// assert_eq!(always().to_condition(), "always()");
/// ```
#[must_use]
pub fn always() -> Expr {
    status("always")
}

/// `cancelled()`: true when the workflow was cancelled.
///
/// ```
/// use pipeline_core::expr::fun::cancelled;
///
/// assert_eq!(cancelled().to_condition(), "cancelled()");
/// ```
#[must_use]
pub fn cancelled() -> Expr {
    status("cancelled")
}

/// `failure()`: true when a previous step, or an ancestor job, failed.
///
/// ```
/// use pipeline_core::expr::fun::failure;
///
/// assert_eq!(failure().to_condition(), "failure()");
/// ```
#[must_use]
pub fn failure() -> Expr {
    status("failure")
}
