//! Matrices: their rows (axes crossed, `exclude` removed, `include` merged or added, as GitHub does),
//! their size, empty axes, repeated values and `exclude` entries that match nothing.

use super::{At, Cx, Here, list};
use crate::model::{ExprOr, Job, Mapping, Matrix, Value};

/// GitHub runs at most 256 jobs from one matrix.
pub(crate) const MAX_JOBS: u64 = 256;

/// One job of a matrix: its values, and where the row comes from.
#[derive(Clone, Debug)]
pub(crate) struct Row {
    pub(crate) values: Mapping,
    /// For a row from `include` that adds a job, its index there; `None` for a row of the axes.
    pub(crate) include: Option<usize>,
    /// For a row of the axes, the index of each axis value, in axis order.
    pub(crate) picks: Vec<usize>,
}

/// Whether a value holds a `${{ }}` anywhere.
pub(crate) fn has_expr(value: &Value) -> bool {
    match value {
        Value::String(s) => super::has_expression(s),
        Value::Sequence(items) => items.iter().any(has_expr),
        Value::Mapping(map) => map.values().any(has_expr),
        _ => false,
    }
}

/// Loose equality of matrix values as GitHub compares them (scalars by their text).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Mapping(x), Value::Mapping(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        (Value::Sequence(x), Value::Sequence(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(v, w)| same(v, w))
        }
        (Value::Mapping(_) | Value::Sequence(_), _)
        | (_, Value::Mapping(_) | Value::Sequence(_)) => false,
        (Value::String(x), Value::String(y)) => x == y,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Null, Value::Null) => true,
        _ => a.to_string() == b.to_string(),
    }
}

/// Whether `pattern` (an `exclude` or `include` value) matches `value`: equal scalars, or a mapping whose
/// every key matches.
fn matches(pattern: &Value, value: &Value) -> bool {
    match (pattern, value) {
        (Value::Mapping(p), Value::Mapping(v)) => p
            .iter()
            .all(|(k, pv)| v.get(k).is_some_and(|vv| matches(pv, vv))),
        _ => same(pattern, value),
    }
}

/// The number of combinations of the axes, saturating; `None` when an axis is an expression.
pub(crate) fn product(matrix: &Matrix) -> Option<u64> {
    let mut total: u64 = 1;
    for values in matrix.axes.values() {
        match values {
            ExprOr::Value(values) => {
                total = total.saturating_mul(u64::try_from(values.len()).unwrap_or(u64::MAX));
            }
            ExprOr::Expr(_) => return None,
        }
    }
    Some(total)
}

/// The rows of a matrix, or `None` when expressions decide them or there are too many to list.
pub(crate) fn rows(matrix: &Matrix) -> Option<Vec<Row>> {
    let total = product(matrix)?;
    if total > MAX_JOBS * 16 {
        return None;
    }
    let axes: Vec<(&String, &Vec<Value>)> = matrix
        .axes
        .iter()
        .filter_map(|(k, v)| match v {
            ExprOr::Value(values) => Some((k, values)),
            ExprOr::Expr(_) => None,
        })
        .collect();
    let excludes: Vec<&Mapping> = match &matrix.exclude {
        Some(ExprOr::Value(rows)) => rows.iter().filter_map(Value::as_mapping).collect(),
        Some(ExprOr::Expr(_)) => return None,
        None => Vec::new(),
    };
    let mut rows = Vec::new();
    if !axes.is_empty() {
        let mut picks = vec![0usize; axes.len()];
        'outer: loop {
            if axes.iter().any(|(_, values)| values.is_empty()) {
                break;
            }
            let mut values = Mapping::with_capacity(axes.len());
            for (i, (axis, axis_values)) in axes.iter().enumerate() {
                values.insert((*axis).clone(), axis_values[picks[i]].clone());
            }
            let excluded = excludes.iter().any(|ex| {
                ex.iter()
                    .all(|(k, pv)| values.get(k).is_some_and(|v| matches(pv, v)))
            });
            if !excluded {
                rows.push(Row {
                    values,
                    include: None,
                    picks: picks.clone(),
                });
            }
            let mut i = axes.len();
            loop {
                if i == 0 {
                    break 'outer;
                }
                i -= 1;
                picks[i] += 1;
                if picks[i] < axes[i].1.len() {
                    break;
                }
                picks[i] = 0;
            }
        }
    }
    match &matrix.include {
        Some(ExprOr::Expr(_)) => return None,
        Some(ExprOr::Value(includes)) => {
            let original = rows.len();
            for (index, include) in includes.iter().enumerate() {
                let include = include.as_mapping()?;
                // An include entry extends every original row it does not contradict on an axis value,
                // and becomes a job of its own when it extends none.
                let mut merged = false;
                for row in rows.iter_mut().take(original) {
                    let compatible = include.iter().all(|(k, v)| {
                        !matrix.axes.contains_key(k)
                            || row.values.get(k).is_none_or(|rv| same(rv, v))
                    });
                    if compatible {
                        for (k, v) in include {
                            row.values.insert(k.clone(), v.clone());
                        }
                        merged = true;
                    }
                }
                if !merged {
                    rows.push(Row {
                        values: include.clone(),
                        include: Some(index),
                        picks: Vec::new(),
                    });
                }
            }
        }
        None => {}
    }
    Some(rows)
}

/// The matrix of one job.
pub(crate) fn check_job(cx: &mut Cx<'_>, id: &str, job: &Job) {
    let Some(strategy) = &job.strategy else {
        return;
    };
    let Some(ExprOr::Value(matrix)) = &strategy.matrix else {
        return;
    };
    let root = Here::root();
    let jobs = root.key("jobs");
    let job_path = jobs.key(id);
    let strategy = job_path.key("strategy");
    check_matrix(cx, id, matrix, &strategy.key("matrix"));
}

fn check_matrix(cx: &mut Cx<'_>, id: &str, matrix: &Matrix, path: &Here<'_>) {
    let include_count = match &matrix.include {
        Some(ExprOr::Value(rows)) => Some(rows.len()),
        Some(ExprOr::Expr(_)) => None,
        None => Some(0),
    };
    if matrix.axes.is_empty() && include_count == Some(0) {
        cx.error(
            "matrix-empty",
            *path,
            At::Key,
            format!("the matrix of job `{id}` has no axes and no `include`, so it runs no job; add an axis or remove `matrix`"),
        );
    }
    for (axis, values) in &matrix.axes {
        let ExprOr::Value(values) = values else {
            continue;
        };
        if values.is_empty() && include_count == Some(0) {
            cx.error(
                "matrix-empty",
                path.key(axis),
                At::Value,
                format!("matrix axis `{axis}` of job `{id}` has no values, so the matrix runs no job; add values or remove the axis"),
            );
        }
        for (i, value) in values.iter().enumerate() {
            if has_expr(value) {
                continue;
            }
            if let Some(first) = values[..i].iter().position(|v| same(v, value)) {
                let related = cx.related("first here", path.key(axis).index(first), At::Value);
                cx.warning(
                    "matrix-duplicate-value",
                    path.key(axis).index(i),
                    At::Value,
                    format!("matrix axis `{axis}` lists `{value}` twice, which runs the same job twice; remove one"),
                )
                .related
                .push(related);
            }
        }
    }
    if let Some(total) = product(matrix) {
        // Rows are only worth listing when `include` could take the count over the limit.
        let includes = include_count.unwrap_or(0) as u64;
        let jobs = if total.saturating_add(includes) <= MAX_JOBS {
            total
        } else {
            rows(matrix).map_or(total, |rows| rows.len() as u64)
        };
        if jobs > MAX_JOBS {
            cx.error(
                "matrix-too-large",
                *path,
                At::Key,
                format!("the matrix of job `{id}` makes {jobs} jobs; GitHub allows at most {MAX_JOBS}; split it or use `exclude`"),
            );
        }
    }
    check_exclude(cx, matrix, path);
}

fn check_exclude(cx: &mut Cx<'_>, matrix: &Matrix, path: &Here<'_>) {
    let Some(ExprOr::Value(excludes)) = &matrix.exclude else {
        return;
    };
    let dynamic = matrix.axes.values().any(|v| match v {
        ExprOr::Expr(_) => true,
        ExprOr::Value(values) => values.iter().any(has_expr),
    });
    let exclude_path = path.key("exclude");
    for (i, exclude) in excludes.iter().enumerate() {
        let Some(exclude) = exclude.as_mapping() else {
            continue;
        };
        let row = exclude_path.index(i);
        for (key, value) in exclude {
            let p = row.key(key);
            // Matrix keys are read without regard to case, as every other key of a context.
            let axis = matrix
                .axes
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .map(|(_, v)| v);
            let Some(axis) = axis else {
                if !matrix.axes.values().any(|v| matches!(v, ExprOr::Expr(_))) {
                    cx.error(
                        "matrix-exclude-unknown",
                        p,
                        At::Key,
                        format!(
                            "`exclude` names `{key}`, which is not a matrix axis; axes are {}",
                            list(matrix.axes.keys())
                        ),
                    );
                }
                continue;
            };
            if dynamic || has_expr(value) {
                continue;
            }
            let ExprOr::Value(values) = axis else {
                continue;
            };
            if !values.iter().any(|v| matches(value, v)) {
                cx.error(
                    "matrix-exclude-no-match",
                    p,
                    At::Value,
                    format!(
                        "`exclude` value `{value}` matches no value of matrix axis `{key}` ({}), so it excludes nothing",
                        values.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
                    ),
                );
            }
        }
    }
}
