//! "Did you mean" suggestions for misspelt keys and names.

/// The candidate closest to `word`, when it is close enough to be a likely typo.
///
/// Closeness is the edit distance (insertions, deletions, substitutions and swaps of neighbours), compared
/// without regard to case; a candidate qualifies within a third of the word's length, at least one edit.
///
/// ```
/// use pipeline_core::suggest::did_you_mean;
/// assert_eq!(did_you_mean("wiht", ["with", "run", "uses"]), Some("with"));
/// assert_eq!(did_you_mean("xyz", ["with", "run"]), None);
/// ```
pub fn did_you_mean<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let word = word.to_ascii_lowercase();
    let limit = (word.chars().count() / 3).max(1);
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        let distance = edit_distance(&word, &candidate.to_ascii_lowercase());
        if distance <= limit && best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

/// Optimal string alignment distance between two strings, by chars.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let width = b.len() + 1;
    let mut rows = vec![0usize; (a.len() + 1) * width];
    for (j, cell) in rows.iter_mut().enumerate().take(width) {
        *cell = j;
    }
    for i in 1..=a.len() {
        rows[i * width] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[(i - 1) * width + j] + 1)
                .min(rows[i * width + j - 1] + 1)
                .min(rows[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[(i - 2) * width + j - 2] + 1);
            }
            rows[i * width + j] = best;
        }
    }
    rows[a.len() * width + b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        for (a, b, d) in [
            ("", "", 0),
            ("a", "", 1),
            ("with", "wiht", 1),
            ("runs-on", "runs_on", 1),
            ("abc", "xyz", 3),
        ] {
            assert_eq!(edit_distance(a, b), d, "{a} {b}");
        }
    }

    #[test]
    fn suggestions() {
        assert_eq!(
            did_you_mean("Runs-On", ["runs-on", "needs"]),
            Some("runs-on")
        );
        assert_eq!(did_you_mean("step", ["steps", "strategy"]), Some("steps"));
        assert_eq!(did_you_mean("environment", ["env"]), None);
    }
}
