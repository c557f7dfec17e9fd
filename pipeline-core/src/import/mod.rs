//! Import: workflows and action metadata as Rust source that builds them with the public API.
//!
//! [`workflow`] and [`action`] turn a model (parsed from YAML) into one Rust module with
//! `pub fn workflow() -> Workflow` or `pub fn action() -> Action`, written the way a person would:
//! builders for every key, job handles from `add_job` for `needs`, typed expressions
//! (`github::ref_name()`, `needs("build").output("version")`, `matrix("os")`) for every `${{ }}` the
//! expression API prints back unchanged, raw strings for scripts, and the layout `rustfmt` gives. The
//! validator's findings become `//` comments where they apply. Where no builder can say what the YAML
//! says, the module uses the model's public fields, so the imported code emits the same file.
//!
//! ```
//! use pipeline_core::import::{self, Notes};
//! let parsed = pipeline_core::parse::workflow("name: CI\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: cargo test\n").unwrap();
//! let module = import::workflow(&parsed.value, ".github/workflows/ci.yml", &Notes::default());
//! assert!(module.source.contains("pub fn workflow() -> Workflow {"));
//! assert!(module.source.contains(r#"Step::run("cargo test")"#));
//! ```
//!
//! The core does no I/O: reading files, running the validator with the bundled actions' metadata and
//! writing a crate is the `pipeline import` command's work.

mod builder;
mod expr;
mod layout;
pub(crate) mod rust;

use crate::model::{Action, Path, Workflow};
use crate::validate::Diagnostic;
use layout::{Stmt, statement};
use std::fmt::Write as _;

/// A Rust module name for a file: snake case, never a keyword.
pub use rust::snake_name as module_name;

/// Counts of one import.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// `${{ }}` expressions written as typed Rust.
    pub typed: usize,
    /// Expressions that parse but are kept inside a string (the API would print them differently,
    /// `${{matrix.os}}` for instance).
    pub text: usize,
    /// Strings whose `${{` does not start an expression that parses.
    pub unparsed: usize,
}

impl std::ops::AddAssign for Stats {
    fn add_assign(&mut self, other: Self) {
        self.typed += other.typed;
        self.text += other.text;
        self.unparsed += other.unparsed;
    }
}

/// Where the author's comments come from: the comment written at a model path, if any.
pub type CommentAt = dyn Fn(&Path) -> Option<String>;

/// What the imported code carries besides the model: the validator's findings and the author's comments.
#[derive(Default)]
pub struct Notes<'a> {
    /// Findings, each written as a `//` comment before the code of the place it names.
    pub findings: &'a [Diagnostic],
    /// The comment written at a model path, if any.
    pub comment: Option<&'a CommentAt>,
}

/// One imported module.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Module {
    /// The Rust source.
    pub source: String,
    /// Typed expressions against expressions left as text.
    pub stats: Stats,
    /// What the builders could not express, written with the model's fields instead.
    pub gaps: Vec<String>,
}

fn no_comment(_: &Path) -> Option<String> {
    None
}

/// The module of a workflow, with `pub fn workflow() -> Workflow`.
#[must_use]
pub fn workflow(workflow: &Workflow, path: &str, notes: &Notes<'_>) -> Module {
    let comment = notes.comment.unwrap_or(&no_comment);
    let mut generator = builder::Gen::new(notes.findings, comment);
    let body = generator.workflow(workflow);
    let name = workflow.name.as_deref().unwrap_or(path);
    let doc = format!("The `{}` workflow, `{path}`.", doc_text(name));
    finish(generator, "workflow", "Workflow", &doc, path, &body)
}

/// The module of action metadata, with `pub fn action() -> Action`.
#[must_use]
pub fn action(action: &Action, path: &str, notes: &Notes<'_>) -> Module {
    let comment = notes.comment.unwrap_or(&no_comment);
    let mut generator = builder::Gen::new(notes.findings, comment);
    let body = generator.action(action);
    let name = action.name.as_deref().unwrap_or(path);
    let doc = format!("The `{}` action's metadata, `{path}`.", doc_text(name));
    finish(generator, "action", "Action", &doc, path, &body)
}

fn doc_text(s: &str) -> String {
    s.replace('`', "'").replace('\n', " ")
}

fn finish(
    generator: builder::Gen<'_>,
    function: &str,
    ty: &str,
    doc: &str,
    path: &str,
    body: &[Stmt],
) -> Module {
    let mut out = String::new();
    let _ = writeln!(out, "//! Imported from `{path}` by `pipeline import`.");
    out.push('\n');
    let mut expr_items: Vec<&str> = generator
        .scope
        .used
        .iter()
        .copied()
        .filter(|i| *i != "Template")
        .collect();
    if generator.scope.used.contains("Template") {
        expr_items.push("Template");
    }
    if !expr_items.is_empty() {
        out.push_str(&use_line("pipeline_sdk::expr", &expr_items));
    }
    let model: Vec<&str> = generator.model.iter().copied().collect();
    out.push_str(&use_line("pipeline_sdk::model", &model));
    out.push('\n');
    let _ = writeln!(out, "/// {doc}");
    let _ = writeln!(out, "pub fn {function}() -> {ty} {{");
    for stmt in body {
        out.push_str(&statement(stmt, 4));
        out.push('\n');
    }
    out.push_str("}\n");
    Module {
        source: out,
        stats: generator.stats,
        gaps: generator.gaps.into_iter().collect(),
    }
}

/// A `use` line as rustfmt sorts and wraps it.
fn use_line(prefix: &str, items: &[&str]) -> String {
    let mut items: Vec<&str> = items.to_vec();
    // rustfmt (style edition 2024) sorts `self` first, then the names as written, uppercase first.
    items.sort_by(|a, b| (*a != "self", *a).cmp(&(*b != "self", *b)));
    items.dedup();
    if items.len() == 1 {
        return format!("use {prefix}::{};\n", items[0]);
    }
    let one = format!("use {prefix}::{{{}}};", items.join(", "));
    if one.len() < 100 {
        return format!("{one}\n");
    }
    let mut out = format!("use {prefix}::{{\n");
    let mut line = String::new();
    for item in &items {
        let piece = format!("{item},");
        if !line.is_empty() && line.len() + 1 + piece.len() > 95 {
            let _ = writeln!(out, "    {line}");
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&piece);
    }
    let _ = writeln!(out, "    {line}");
    out.push_str("};\n");
    out
}

/// What one imported file is, for [`xtask_main`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The module's name.
    pub module: String,
    /// The file's path from the repository root (`.github/workflows/ci.yml`).
    pub path: String,
    /// Whether it is action metadata (else a workflow).
    pub action: bool,
}

/// The `main.rs` of an xtask that declares each module and registers its document with
/// `Generator` at its original path.
///
/// ```
/// use pipeline_core::import::{Entry, xtask_main};
/// let main = xtask_main(&[Entry { module: "ci".into(), path: ".github/workflows/ci.yml".into(), action: false }]);
/// assert!(main.contains(".workflow(\".github/workflows/ci.yml\", ci::workflow())"));
/// ```
#[must_use]
pub fn xtask_main(entries: &[Entry]) -> String {
    let mut out = String::from(
        "//! Regenerates the repository's workflows and actions: `cargo xtask workflows`.\n\n",
    );
    // rustfmt keeps `mod` declarations sorted.
    let mut modules: Vec<&str> = entries.iter().map(|e| e.module.as_str()).collect();
    modules.sort_unstable();
    for module in modules {
        let _ = writeln!(out, "mod {module};");
    }
    out.push_str("\nuse pipeline_sdk::generate::Generator;\n\n");
    out.push_str("fn main() -> std::process::ExitCode {\n");
    let mut code = layout::Code::call(
        "Generator::new",
        vec![layout::Code::call(
            "concat!",
            vec![
                layout::Code::call("env!", vec![layout::Code::atom("\"CARGO_MANIFEST_DIR\"")]),
                layout::Code::atom("\"/..\""),
            ],
        )],
    );
    for entry in entries {
        let (method, function) = if entry.action {
            ("action", "action")
        } else {
            ("workflow", "workflow")
        };
        code = code.method(
            method,
            vec![
                layout::Code::atom(rust::string_literal(&entry.path)),
                layout::Code::call(format!("{}::{function}", entry.module), vec![]),
            ],
        );
    }
    code = code.method("main", vec![]);
    out.push_str(&statement(&Stmt::Tail(code), 4));
    out.push_str("\n}\n");
    out
}
