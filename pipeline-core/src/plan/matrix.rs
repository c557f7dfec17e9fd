//! A matrix expanded into its jobs exactly as GitHub does it: the combinations of the axes, less those
//! `exclude` matches, then each `include` row merged into the combinations it fits or added as a job of
//! its own (GitHub's "Workflow syntax", `jobs.<job_id>.strategy.matrix.include` and `.exclude`).

use crate::model::{Mapping, Value};

/// GitHub's limit: "A matrix will generate a maximum of 256 jobs per workflow run."
pub(crate) const MAX_JOBS: usize = 256;

/// The rows of a matrix, in the order GitHub creates the jobs.
///
/// `axes` are the variables with their values; `include` and `exclude` the rows of those keys (entries
/// that are not mappings are ignored, as the validator reports them).
pub(crate) fn expand(
    axes: &[(&str, &[Value])],
    include: &[&Mapping],
    exclude: &[&Mapping],
) -> Vec<Mapping> {
    // "A job will run for each possible combination of the variables." "The order of the variables in
    // the matrix determines the order in which the jobs are created": the first variable is the outer
    // loop ({version: 10, os: ubuntu-latest}, {version: 10, os: windows-latest}, ...). Without variables
    // there are no combinations: "If you don't specify any matrix variables, all configurations under
    // `include` will run."
    let mut combinations: Vec<Mapping> = Vec::new();
    if !axes.is_empty() && axes.iter().all(|(_, values)| !values.is_empty()) {
        let mut digits = vec![0usize; axes.len()];
        'outer: loop {
            let row: Mapping = axes
                .iter()
                .zip(&digits)
                .map(|((name, values), &d)| ((*name).to_owned(), values[d].clone()))
                .collect();
            // "An excluded configuration only has to be a partial match for it to be excluded."
            if !exclude.iter().any(|ex| partial_match(ex, &row)) {
                combinations.push(row);
            }
            for i in (0..axes.len()).rev() {
                digits[i] += 1;
                if digits[i] < axes[i].1.len() {
                    continue 'outer;
                }
                digits[i] = 0;
            }
            break;
        }
    }
    // "All `include` combinations are processed after `exclude`." The original combinations are those
    // left now; rows added by `include` are not original ones.
    let originals = combinations.len();
    for row in include {
        let mut added = false;
        for combination in &mut combinations[..originals] {
            // "the key:value pairs in the object will be added to each of the matrix combinations if
            // none of the key:value pairs overwrite any of the original matrix values" [...] "the
            // original matrix values will not be overwritten, but added matrix values can be
            // overwritten."
            let fits = row.iter().all(|(key, value)| {
                !axes.iter().any(|(axis, _)| axis == key)
                    || combination.get(key).is_some_and(|v| same(v, value))
            });
            if fits {
                for (key, value) in *row {
                    combination.insert(key.clone(), value.clone());
                }
                added = true;
            }
        }
        // "If the object cannot be added to any of the matrix combinations, a new matrix combination
        // will be created instead."
        if !added {
            combinations.push((*row).clone());
        }
    }
    combinations
}

/// Whether every key of `pattern` has the same value in `row`.
fn partial_match(pattern: &Mapping, row: &Mapping) -> bool {
    pattern
        .iter()
        .all(|(key, value)| row.get(key).is_some_and(|v| same(v, value)))
}

/// Equality of matrix values: numbers by value (`16` and `16.0` are one number), the rest exactly.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Sequence(x), Value::Sequence(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Value::Mapping(x), Value::Mapping(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(pairs: &[(&str, Value)]) -> Mapping {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), v.clone()))
            .collect()
    }

    #[test]
    fn include_merges_into_original_combinations_only() {
        let fruit = [Value::from("apple"), Value::from("pear")];
        let animal = [Value::from("cat"), Value::from("dog")];
        let include = [
            row(&[("color", "green".into())]),
            row(&[("color", "pink".into()), ("animal", "cat".into())]),
            row(&[("fruit", "apple".into()), ("shape", "circle".into())]),
            row(&[("fruit", "banana".into())]),
            row(&[("fruit", "banana".into()), ("animal", "cat".into())]),
        ];
        let include: Vec<&Mapping> = include.iter().collect();
        let rows = expand(&[("fruit", &fruit), ("animal", &animal)], &include, &[]);
        assert_eq!(rows.len(), 6);
        assert_eq!(
            rows[0],
            row(&[
                ("fruit", "apple".into()),
                ("animal", "cat".into()),
                ("color", "pink".into()),
                ("shape", "circle".into())
            ])
        );
        assert_eq!(
            rows[5],
            row(&[("fruit", "banana".into()), ("animal", "cat".into())])
        );
    }

    #[test]
    fn numbers_compare_by_value() {
        assert!(same(&Value::from(16), &Value::from(16.0)));
        assert!(!same(&Value::from(16), &Value::from("16")));
    }
}
