//! "Did you mean" suggestions for misspelt keys and names.

/// How many candidates of a plausible length one suggestion compares at most. A set larger than this
/// (the files of a repository with thousands of workflows) is not searched to its end, so each
/// suggestion costs a bounded amount of work and a check stays linear in the number of its problems.
pub const MAX_CANDIDATES: usize = 256;

/// The candidate closest to `word`, when it is close enough to be a likely typo.
///
/// Closeness is the edit distance (insertions, deletions, substitutions and swaps of neighbours), compared
/// without regard to case; a candidate qualifies within a third of the word's length, at least one edit.
/// Only candidates whose length is within that many characters of the word's are compared, at most
/// [`MAX_CANDIDATES`] of them, and the comparison stops as soon as the distance exceeds the bound.
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
    let raw = word;
    let word: Vec<char> = word.chars().map(|c| c.to_ascii_lowercase()).collect();
    let limit = (word.len() / 3).max(1);
    let mut best: Option<(usize, &'a str)> = None;
    let mut buffer: Vec<char> = Vec::new();
    let mut rows: Vec<usize> = Vec::new();
    let mut compared = 0;
    for candidate in candidates {
        // Bytes first: no longer than four per char, so a length this far off cannot qualify.
        if candidate.len() > raw.len().saturating_add(limit).saturating_mul(4)
            || raw.len() > candidate.len().saturating_add(limit).saturating_mul(4)
        {
            continue;
        }
        // The common ends, compared as bytes without regard to ASCII case, cost nothing.
        let (prefix, suffix) = common_ends(raw.as_bytes(), candidate.as_bytes());
        let (Some(word_middle), Some(middle)) = (
            raw.get(prefix..raw.len() - suffix),
            candidate.get(prefix..candidate.len() - suffix),
        ) else {
            continue;
        };
        let word_middle: Vec<char> = word_middle
            .chars()
            .map(|c| c.to_ascii_lowercase())
            .collect();
        buffer.clear();
        buffer.extend(middle.chars().map(|c| c.to_ascii_lowercase()));
        let length = word.len() - word_middle.len() + buffer.len();
        if length.abs_diff(word.len()) > limit {
            continue;
        }
        compared += 1;
        if compared > MAX_CANDIDATES {
            break;
        }
        let bound = best.map_or(limit, |(d, _)| d.saturating_sub(1));
        if let Some(distance) = bounded_distance(&word_middle, &buffer, bound, &mut rows)
            && best.is_none_or(|(d, _)| distance < d)
        {
            best = Some((distance, candidate));
            if distance == 0 {
                break;
            }
        }
    }
    best.map(|(_, candidate)| candidate)
}

/// The lengths of the longest common prefix and suffix of two byte strings, without regard to ASCII
/// case, not overlapping, and ending on char boundaries of both (non-ASCII bytes only match exactly).
fn common_ends(a: &[u8], b: &[u8]) -> (usize, usize) {
    let same = |x: &u8, y: &u8| x.eq_ignore_ascii_case(y);
    let mut prefix = a.iter().zip(b).take_while(|(x, y)| same(x, y)).count();
    // Back up to a char boundary: a continuation byte (10xxxxxx) cannot start a char.
    while prefix > 0 && (a.get(prefix).is_some_and(|c| c & 0xc0 == 0x80)) {
        prefix -= 1;
    }
    let room = a.len().min(b.len()) - prefix;
    let mut suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(room)
        .take_while(|(x, y)| same(x, y))
        .count();
    while suffix > 0 && a[a.len() - suffix] & 0xc0 == 0x80 {
        suffix -= 1;
    }
    (prefix, suffix)
}

/// The optimal string alignment distance between `a` and `b` when it is at most `bound`. The common
/// prefix and suffix are set aside first (they cost nothing), and the computation stops at the first
/// row whose every cell exceeds the bound.
fn bounded_distance(a: &[char], b: &[char], bound: usize, rows: &mut Vec<usize>) -> Option<usize> {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[prefix..], &b[prefix..]);
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a, b) = (&a[..a.len() - suffix], &b[..b.len() - suffix]);
    if a.len().abs_diff(b.len()) > bound {
        return None;
    }
    let distance = edit_distance_in(a, b, bound, rows);
    (distance <= bound).then_some(distance)
}

/// Optimal string alignment distance between two strings, by chars.
#[cfg(test)]
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    edit_distance_in(&a, &b, usize::MAX, &mut Vec::new())
}

/// The distance, or some value above `bound` once every cell of a row is above it.
fn edit_distance_in(a: &[char], b: &[char], bound: usize, rows: &mut Vec<usize>) -> usize {
    let width = b.len() + 1;
    rows.clear();
    rows.resize((a.len() + 1) * width, 0);
    for (j, cell) in rows.iter_mut().enumerate().take(width) {
        *cell = j;
    }
    for i in 1..=a.len() {
        rows[i * width] = i;
        let mut row_min = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[(i - 1) * width + j] + 1)
                .min(rows[i * width + j - 1] + 1)
                .min(rows[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[(i - 2) * width + j - 2] + 1);
            }
            rows[i * width + j] = best;
            row_min = row_min.min(best);
        }
        if row_min > bound {
            return bound.saturating_add(1);
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
        // The first of two equally close candidates wins.
        assert_eq!(did_you_mean("ab", ["ax", "ay"]), Some("ax"));
    }

    /// 10,000 misses against 10,000 candidates of the same shape: each suggestion compares at most
    /// `MAX_CANDIDATES`, on the part where the two differ.
    #[test]
    fn large_candidate_sets_cost_bounded_work() {
        let names: Vec<String> = (0..10_000)
            .map(|i| format!("./.github/workflows/w{i}.yml"))
            .collect();
        let start = std::time::Instant::now();
        for i in 0..2_000 {
            let word = format!("./.github/workflows/x{i}.yml");
            let _ = did_you_mean(&word, names.iter().map(String::as_str));
        }
        // Unbounded, this is 2 * 10^7 comparisons (a minute in a debug build); bounded, a second.
        assert!(start.elapsed() < std::time::Duration::from_secs(20));
        assert_eq!(
            did_you_mean(
                "./.github/workflows/w1.yaml",
                names.iter().map(String::as_str)
            ),
            Some("./.github/workflows/w1.yml")
        );
    }
}
