//! Suppression: `.allow(code, reason)` in Rust, `# pipeline: allow[code] reason` and zizmor's
//! `# zizmor: ignore[code]` comments in YAML.

use super::Suppressed;
use crate::model::{Allow, Allows, Job, Path, Step, Workflow};
use crate::validate::Diagnostic;

/// Splits findings into those kept and those suppressed, by comments in `text` on a finding's line or
/// the line before, and by the `.allow` lists `allows` gives for a finding's path.
pub(super) fn split<'m>(
    found: Vec<Diagnostic>,
    text: Option<&str>,
    allows: impl Fn(&Path) -> Vec<&'m Allows>,
) -> (Vec<Diagnostic>, Vec<Suppressed>) {
    let lines: Vec<&str> = text.map(|t| t.lines().collect()).unwrap_or_default();
    let mut kept = Vec::with_capacity(found.len());
    let mut suppressed = Vec::new();
    for diagnostic in found {
        let by_comment = diagnostic.location.as_ref().and_then(|at| {
            let line = usize::try_from(at.line).ok()?.checked_sub(1)?;
            let here = lines
                .get(line)
                .and_then(|l| comment_allows(l, diagnostic.code));
            here.or_else(|| {
                let before = lines.get(line.checked_sub(1)?)?;
                // The line before counts when it holds nothing but the comment, or is the key that
                // opens the block the finding is in (`on:  # zizmor: ignore[..]`).
                let hash = comment_start(before)?;
                let content = before[..hash].trim();
                if content.is_empty() || content.ends_with(':') {
                    comment_allows(before, diagnostic.code)
                } else {
                    None
                }
            })
        });
        let by_allow = || {
            allows(&diagnostic.path)
                .into_iter()
                .flat_map(|a| a.0.iter())
                .find(|a| a.code == diagnostic.code)
                .map(|a| (a.reason.clone(), "allow"))
        };
        match by_comment.or_else(by_allow) {
            Some((reason, by)) => suppressed.push(Suppressed {
                diagnostic,
                reason,
                by,
            }),
            None => kept.push(diagnostic),
        }
    }
    suppressed.sort_by(|a, b| {
        let place = |s: &Suppressed| s.diagnostic.location.as_ref().map(|l| (l.line, l.column));
        place(a)
            .cmp(&place(b))
            .then_with(|| a.diagnostic.code.cmp(b.diagnostic.code))
    });
    (kept, suppressed)
}

/// zizmor's name of each of our audits where it differs.
const ZIZMOR_NAMES: &[(&str, &str)] = &[
    ("missing-permissions", "excessive-permissions"),
    ("secrets-in-run", "secrets-outside-env"),
];

/// The reason and kind of a suppression of `code` by the comment on `line`, if it has one.
fn comment_allows(line: &str, code: &str) -> Option<(String, &'static str)> {
    let hash = comment_start(line)?;
    let comment = line[hash + 1..].trim();
    if let Some(rest) = comment.strip_prefix("pipeline:") {
        let rest = rest.trim_start().strip_prefix("allow[")?;
        let (codes, reason) = rest.split_once(']')?;
        // `expr-untrusted-input` is the validator's former name of `template-injection`.
        let matches =
            |c: &str| c == code || (c == "expr-untrusted-input" && code == "template-injection");
        if codes.split(',').any(|c| matches(c.trim())) {
            return Some((reason.trim().to_owned(), "comment"));
        }
        return None;
    }
    let rest = comment.strip_prefix("zizmor:")?;
    let rest = rest.trim_start().strip_prefix("ignore[")?;
    let (codes, reason) = rest.split_once(']')?;
    let theirs = ZIZMOR_NAMES
        .iter()
        .find(|(ours, _)| *ours == code)
        .map_or(code, |(_, theirs)| *theirs);
    codes
        .split(',')
        .any(|c| c.trim() == theirs)
        .then(|| (reason.trim().to_owned(), "zizmor"))
}

/// Where a comment starts on a YAML line: a `#` at the start or after a blank, outside quotes.
fn comment_start(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut quote = None;
    for (i, &b) in bytes.iter().enumerate() {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'#' && (i == 0 || bytes[i - 1] == b' ' || bytes[i - 1] == b'\t') => {
                return Some(i);
            }
            // A quote opens a quoted scalar only where a value starts.
            None if (b == b'\'' || b == b'"')
                && (i == 0 || matches!(bytes[i - 1], b' ' | b'[' | b'{' | b',' | b'-')) =>
            {
                quote = Some(b);
            }
            None => {}
        }
    }
    None
}

fn push(allows: &mut Allows, code: &str, reason: &str) {
    allows.0.push(Allow {
        code: code.to_owned(),
        reason: reason.to_owned(),
    });
}

impl Workflow {
    /// Accepts the findings of audit `code` anywhere in this workflow, for `reason` ([`crate::audit`]).
    ///
    /// ```
    /// let w = pipeline_core::model::Workflow::new("CI").allow("excessive-permissions", "a sandbox repository");
    /// assert_eq!(w.allow.0[0].reason, "a sandbox repository");
    /// ```
    #[must_use]
    pub fn allow(mut self, code: &str, reason: &str) -> Self {
        push(&mut self.allow, code, reason);
        self
    }
}

impl Job {
    /// Accepts the findings of audit `code` in this job, for `reason` ([`crate::audit`]).
    ///
    /// ```
    /// let job = pipeline_core::model::Job::new("self-hosted").allow("self-hosted-runner", "no fork runs");
    /// assert_eq!(job.allow.0.len(), 1);
    /// ```
    #[must_use]
    pub fn allow(mut self, code: &str, reason: &str) -> Self {
        push(&mut self.allow, code, reason);
        self
    }
}

impl Step {
    /// Accepts the findings of audit `code` in this step, for `reason` ([`crate::audit`]).
    ///
    /// ```
    /// let step = pipeline_core::model::Step::uses("actions/checkout@v4").allow("artipacked", "pushes tags");
    /// assert_eq!(step.allow.0[0].code, "artipacked");
    /// ```
    #[must_use]
    pub fn allow(mut self, code: &str, reason: &str) -> Self {
        push(&mut self.allow, code, reason);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A line, a code, and the reason and kind of suppression expected.
    type Case<'a> = (&'a str, &'a str, Option<(&'a str, &'a str)>);

    #[test]
    fn comments() {
        let cases: &[Case<'_>] = &[
            (
                "  - run: x # pipeline: allow[template-injection] fixed list",
                "template-injection",
                Some(("fixed list", "comment")),
            ),
            (
                "# pipeline: allow[artipacked, unpinned-uses] pushes",
                "unpinned-uses",
                Some(("pushes", "comment")),
            ),
            (
                "  uses: a/b@v1 # zizmor: ignore[unpinned-uses]",
                "unpinned-uses",
                Some(("", "zizmor")),
            ),
            (
                "  - run: x # zizmor: ignore[excessive-permissions]",
                "missing-permissions",
                Some(("", "zizmor")),
            ),
            (
                "  - run: x # pipeline: allow[artipacked] r",
                "unpinned-uses",
                None,
            ),
            (
                "  - run: 'a # pipeline: allow[artipacked] r'",
                "artipacked",
                None,
            ),
            (
                "  - run: a#pipeline: allow[artipacked] r",
                "artipacked",
                None,
            ),
        ];
        for (line, code, expected) in cases {
            let got = comment_allows(line, code);
            let got = got.as_ref().map(|(r, b)| (r.as_str(), *b));
            assert_eq!(got, *expected, "{line}");
        }
    }
}
