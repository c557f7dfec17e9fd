//! Pictures of a workflow's job graph: Mermaid (which GitHub renders in Markdown) and Graphviz DOT.
//!
//! Each job is a node labelled with its id and name; a job with an `if:` shows its condition, a job with a
//! matrix shows how many jobs the matrix makes, and a reusable-workflow call shows what it calls. Edges
//! follow `needs`, from the job needed to the job that needs it.

use crate::model::{ExprOr, Job, Matrix, Value, Workflow};
use std::fmt::Write as _;

/// The number of jobs a matrix makes: the product of its axes, less the combinations `exclude` removes,
/// plus the `include` rows that match no combination. `None` when an axis, `include` or `exclude` is an
/// expression (the size is only known at run time).
///
/// ```
/// use pipeline_core::graph::matrix_size;
/// use pipeline_core::model::{Matrix, Value};
/// let m = Matrix::new()
///     .axis("os", ["ubuntu-latest", "windows-latest"])
///     .axis("node", [20, 22])
///     .exclude([("os", Value::from("windows-latest")), ("node", Value::from(20))])
///     .include([("os", Value::from("macos-latest")), ("node", Value::from(22))]);
/// assert_eq!(matrix_size(&m), Some(4));
/// ```
#[must_use]
pub fn matrix_size(matrix: &Matrix) -> Option<usize> {
    let mut axes = Vec::with_capacity(matrix.axes.len());
    for (name, values) in &matrix.axes {
        match values {
            ExprOr::Value(values) => axes.push((name.as_str(), values.as_slice())),
            ExprOr::Expr(_) => return None,
        }
    }
    let (include, exclude) = (
        mapping_rows(matrix.include.as_ref())?,
        mapping_rows(matrix.exclude.as_ref())?,
    );
    let product = axes
        .iter()
        .try_fold(1usize, |acc, (_, values)| acc.checked_mul(values.len()))?;
    // Cap the walk: past GitHub's limit of 256 the exact figure matters less than staying fast.
    let combinations = if axes.is_empty() { 0 } else { product };
    let mut kept = 0usize;
    let mut combination = vec![0usize; axes.len()];
    let walk_limit = 1 << 16;
    let counted = if combinations <= walk_limit {
        for _ in 0..combinations {
            let excluded = exclude.iter().any(|row| {
                row.iter().all(|(key, value)| {
                    axes.iter()
                        .position(|(name, _)| name == key)
                        .is_some_and(|i| axes[i].1[combination[i]] == *value)
                })
            });
            if !excluded {
                kept += 1;
            }
            for (i, digit) in combination.iter_mut().enumerate().rev() {
                *digit += 1;
                if *digit < axes[i].1.len() {
                    break;
                }
                *digit = 0;
            }
        }
        kept
    } else {
        combinations
    };
    // An include row that overwrites no axis value of any combination adds a job of its own.
    let extra = include
        .iter()
        .filter(|row| {
            combinations == 0
                || !row.iter().all(|(key, value)| {
                    axes.iter()
                        .find(|(name, _)| name == key)
                        .is_none_or(|(_, values)| values.contains(value))
                })
        })
        .count();
    Some(counted + extra)
}

fn mapping_rows(rows: Option<&ExprOr<Vec<Value>>>) -> Option<Vec<&crate::model::Mapping>> {
    match rows {
        None => Some(Vec::new()),
        Some(ExprOr::Value(rows)) => Some(rows.iter().filter_map(Value::as_mapping).collect()),
        Some(ExprOr::Expr(_)) => None,
    }
}

/// One job as the pictures show it.
struct Node<'a> {
    id: &'a str,
    label: String,
    rounded: bool,
}

fn nodes(workflow: &Workflow) -> Vec<Node<'_>> {
    workflow
        .jobs
        .iter()
        .map(|(id, job)| Node {
            id,
            label: label(id, job),
            rounded: job.is_call(),
        })
        .collect()
}

fn label(id: &str, job: &Job) -> String {
    let mut lines = vec![match &job.name {
        Some(name) if name != id => format!("{id}: {name}"),
        _ => id.to_owned(),
    }];
    if let Some(uses) = &job.uses {
        lines.push(format!("calls {uses}"));
    }
    if let Some(condition) = &job.r#if {
        let text = match condition {
            ExprOr::Value(b) => b.to_string(),
            ExprOr::Expr(text) => text.clone(),
        };
        lines.push(format!("if: {}", shorten(&text, 60)));
    }
    if let Some(strategy) = &job.strategy {
        match &strategy.matrix {
            Some(ExprOr::Value(matrix)) => match matrix_size(matrix) {
                Some(size) => lines.push(format!("matrix: {size} jobs")),
                None => lines.push("matrix: sized at run time".to_owned()),
            },
            Some(ExprOr::Expr(_)) => lines.push("matrix: sized at run time".to_owned()),
            None => {}
        }
    }
    lines.join("\n")
}

fn shorten(text: &str, limit: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= limit {
        return text.to_owned();
    }
    let mut short: String = text.chars().take(limit - 1).collect();
    short.push('…');
    short
}

/// Words a Mermaid flowchart reads as syntax wherever a node id may stand (`end` closes a subgraph).
const MERMAID_RESERVED: &[&str] = &[
    "end",
    "graph",
    "flowchart",
    "subgraph",
    "style",
    "linkstyle",
    "classdef",
    "class",
    "click",
    "call",
    "href",
    "direction",
    "default",
];

/// A Mermaid node id for every job, unique and never a reserved word: a job id made of ASCII letters,
/// digits and `_` is kept; any other is spelt with `_` for each other character, and gets `_` and a
/// number when that spelling is reserved or taken (`a-b` and `a_b` are two nodes).
fn mermaid_ids(workflow: &Workflow) -> std::collections::BTreeMap<&str, String> {
    let clean = |id: &str| {
        !id.is_empty()
            && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !MERMAID_RESERVED.contains(&id.to_ascii_lowercase().as_str())
    };
    let mut ids = std::collections::BTreeMap::new();
    let mut taken = std::collections::BTreeSet::new();
    for id in workflow.jobs.keys().filter(|id| clean(id)) {
        taken.insert(id.clone());
        ids.insert(id.as_str(), id.clone());
    }
    for id in workflow.jobs.keys().filter(|id| !clean(id)) {
        let spelt: String = id
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        let mut candidate = if clean(&spelt) {
            spelt.clone()
        } else {
            format!("{spelt}_")
        };
        let mut n = 1;
        while taken.contains(&candidate) {
            n += 1;
            candidate = format!("{spelt}_{n}");
        }
        taken.insert(candidate.clone());
        ids.insert(id.as_str(), candidate);
    }
    ids
}

/// A job id spelt for Mermaid, `_` for each character other than ASCII letters, digits and `_`.
pub(crate) fn mermaid_id(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// The job graph as a Mermaid flowchart, left to right. Calls of reusable workflows are drawn with rounded
/// corners.
///
/// ```
/// use pipeline_core::model::{Job, Workflow};
/// let w = Workflow::new("CI")
///     .job("build", Job::new("ubuntu-latest"))
///     .job("test", Job::new("ubuntu-latest").needs("build"));
/// let picture = pipeline_core::graph::mermaid(&w);
/// assert!(picture.starts_with("flowchart LR\n"));
/// assert!(picture.contains("build --> test"));
/// ```
#[must_use]
pub fn mermaid(workflow: &Workflow) -> String {
    let mut out = String::from("flowchart LR\n");
    let ids = mermaid_ids(workflow);
    // A need that names no job (reported by the validator) still gets an id of its own.
    let mermaid_id = |id: &str| {
        ids.get(id).cloned().unwrap_or_else(|| {
            let spelt: String = id
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
                .collect();
            format!("missing_{spelt}")
        })
    };
    for node in nodes(workflow) {
        let text = node.label.replace('"', "#quot;").replace('\n', "<br/>");
        let (open, close) = if node.rounded {
            ("(\"", "\")")
        } else {
            ("[\"", "\"]")
        };
        let _ = writeln!(out, "  {}{open}{text}{close}", mermaid_id(node.id));
    }
    for (id, job) in &workflow.jobs {
        for need in job.needed_jobs() {
            let _ = writeln!(out, "  {} --> {}", mermaid_id(need), mermaid_id(id));
        }
    }
    out
}

fn dot_string(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// The job graph in Graphviz DOT, left to right.
///
/// ```
/// use pipeline_core::model::{Job, Workflow};
/// let w = Workflow::new("CI")
///     .job("build", Job::new("ubuntu-latest"))
///     .job("test", Job::new("ubuntu-latest").needs("build"));
/// let picture = pipeline_core::graph::dot(&w);
/// assert!(picture.contains("\"build\" -> \"test\";"));
/// ```
#[must_use]
pub fn dot(workflow: &Workflow) -> String {
    let title = workflow.name.as_deref().unwrap_or("workflow");
    let mut out = format!(
        "digraph {} {{\n  rankdir=LR;\n  node [shape=box];\n",
        dot_string(title)
    );
    for node in nodes(workflow) {
        let style = if node.rounded { ", style=rounded" } else { "" };
        let _ = writeln!(
            out,
            "  {} [label={}{style}];",
            dot_string(node.id),
            dot_string(&node.label)
        );
    }
    for (id, job) in &workflow.jobs {
        for need in job.needed_jobs() {
            let _ = writeln!(out, "  {} -> {};", dot_string(need), dot_string(id));
        }
    }
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matrix_sizes() {
        let two_by_three = Matrix::new().axis("a", [1, 2]).axis("b", [1, 2, 3]);
        assert_eq!(matrix_size(&two_by_three), Some(6));
        let only_include = Matrix::new()
            .include([("a", Value::from(1))])
            .include([("a", Value::from(2))]);
        assert_eq!(matrix_size(&only_include), Some(2));
        let expanded = Matrix::new()
            .axis("a", [1, 2])
            .include([("a", Value::from(1)), ("extra", Value::from(true))]);
        assert_eq!(
            matrix_size(&expanded),
            Some(2),
            "an include that extends a combination adds no job"
        );
        let dynamic = Matrix::new().axis_expr("a", "${{ fromJSON(x) }}");
        assert_eq!(matrix_size(&dynamic), None);
        assert_eq!(matrix_size(&Matrix::new()), Some(0));
    }

    #[test]
    fn labels_note_conditions_matrices_and_calls() {
        let w = Workflow::new("CI")
            .job("lint", Job::new("ubuntu-latest").name("Lint \"all\""))
            .job(
                "test",
                Job::new("x")
                    .needs("lint")
                    .matrix(Matrix::new().axis("os", ["a", "b", "c"])),
            )
            .job(
                "deploy",
                Job::call("./.github/workflows/deploy.yml")
                    .needs("test")
                    .if_("github.ref == 'refs/heads/main'"),
            );
        let m = mermaid(&w);
        assert_eq!(
            m,
            "flowchart LR\n  lint[\"lint: Lint #quot;all#quot;\"]\n  test[\"test<br/>matrix: 3 jobs\"]\n  deploy(\"deploy<br/>calls ./.github/workflows/deploy.yml<br/>if: github.ref == 'refs/heads/main'\")\n  lint --> test\n  test --> deploy\n"
        );
        let d = dot(&w);
        assert!(
            d.contains("\"lint\" [label=\"lint: Lint \\\"all\\\"\"];"),
            "{d}"
        );
        assert!(d.contains("\"deploy\" [label=\"deploy\\ncalls ./.github/workflows/deploy.yml\\nif: github.ref == 'refs/heads/main'\", style=rounded];"), "{d}");
    }

    /// Job ids that spell the same Mermaid id, or a reserved word, get distinct safe ids; DOT quotes
    /// every id, so each job stays one node there.
    #[test]
    fn ids_are_unique_and_never_reserved() {
        let w = Workflow::new("CI")
            .job("a-b", Job::new("x"))
            .job("a_b", Job::new("x"))
            .job("a.b", Job::new("x").needs("a-b"))
            .job("end", Job::new("x").needs("a_b"))
            .job("End", Job::new("x"));
        let m = mermaid(&w);
        let ids: Vec<&str> = m
            .lines()
            .skip(1)
            .filter(|l| !l.contains("-->"))
            .map(|l| l.trim().split(['[', '(']).next().unwrap())
            .collect();
        assert_eq!(ids, ["a_b_2", "a_b", "a_b_3", "end_", "End_"], "{m}");
        assert!(m.contains("  a_b_2 --> a_b_3\n"), "{m}");
        assert!(m.contains("  a_b --> end_\n"), "{m}");
        let d = dot(&w);
        for id in ["\"a-b\"", "\"a_b\"", "\"a.b\"", "\"end\"", "\"End\""] {
            assert!(d.contains(&format!("  {id} [label=")), "{d}");
        }
    }
}
