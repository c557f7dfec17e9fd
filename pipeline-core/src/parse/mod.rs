//! YAML text to model: workflows and action metadata, with every problem reported at its line and column.
//!
//! The data comes from `serde_yaml` (anchors, aliases and merge keys expanded); the positions come from
//! [`crate::yaml::layout`], which scans the same text. The two are walked in lockstep, so each model value
//! can be traced back to where it was written ([`SourceMap`]). Conversion collects every error it finds
//! instead of stopping at the first.

mod comments;
mod convert;

use crate::model::{Action, Path, PathSegment, Workflow};
use crate::yaml::layout::{self, Node, NodeKind};
use std::fmt;

pub use crate::yaml::layout::Position;

/// A parsed document with the positions of its values.
///
/// ```
/// let parsed = pipeline_core::parse::workflow("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n").unwrap();
/// assert_eq!(parsed.value.jobs.len(), 1);
/// ```
#[derive(Clone, Debug)]
pub struct Parsed<T> {
    /// The model.
    pub value: T,
    /// Where each value was written.
    pub source: SourceMap,
}

/// Positions of the values of a parsed document, by model path.
///
/// ```
/// use pipeline_core::model::Path;
/// let parsed = pipeline_core::parse::workflow("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n").unwrap();
/// let at = parsed.source.position(&Path::root().key("jobs").key("a").key("runs-on")).unwrap();
/// assert_eq!((at.line, at.column), (4, 14));
/// ```
#[derive(Clone, Debug)]
pub struct SourceMap {
    root: Node,
}

impl SourceMap {
    /// Scans a document's layout.
    #[must_use]
    pub fn new(text: &str) -> Self {
        Self {
            root: layout::scan(text),
        }
    }

    /// Where the value at `path` starts, or the nearest enclosing value that could be placed.
    #[must_use]
    pub fn position(&self, path: &Path) -> Option<Position> {
        self.walk(path).map(|(value, _)| value)
    }

    /// Where the key of the entry at `path` is written (for a sequence item, where the item starts), or the
    /// nearest enclosing position that could be placed.
    #[must_use]
    pub fn key_position(&self, path: &Path) -> Option<Position> {
        self.walk(path).map(|(value, key)| key.unwrap_or(value))
    }

    /// The trailing comment on the line of the scalar at `path` (`uses: x@sha # v4.2.2` gives `v4.2.2`).
    #[must_use]
    pub fn comment(&self, path: &Path) -> Option<&str> {
        let node = self.node(path)?;
        node.comment.as_deref()
    }

    /// The layout node at exactly `path`, when the scan placed it.
    #[must_use]
    pub fn node(&self, path: &Path) -> Option<&Node> {
        let mut node = &self.root;
        for segment in path.segments() {
            node = match segment {
                PathSegment::Key(key) => &node.get(key)?.value,
                PathSegment::Index(i) => node.item(*i)?,
            };
        }
        Some(node)
    }

    fn walk(&self, path: &Path) -> Option<(Position, Option<Position>)> {
        let mut node = &self.root;
        let mut key = None;
        for segment in path.segments() {
            let next = match (segment, &node.kind) {
                (PathSegment::Key(k), NodeKind::Mapping(_)) => {
                    node.get(k).map(|e| (&e.value, Some(e.key_position)))
                }
                (PathSegment::Index(i), NodeKind::Sequence(_)) => {
                    node.item(*i).map(|n| (n, Some(n.position)))
                }
                _ => None,
            };
            match next {
                Some((n, k)) => {
                    node = n;
                    key = k;
                }
                None => return Some((node.position, key)),
            }
        }
        Some((node.position, key))
    }
}

/// One problem found while reading a document.
///
/// ```
/// let errors = pipeline_core::parse::workflow("on: push\njobs:\n  a:\n    runs-on: x\n    stpes: []\n").unwrap_err();
/// let first = &errors.errors()[0];
/// assert_eq!(first.to_string(), r#"5:5: jobs.a: unknown key "stpes", did you mean "steps"?"#);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    /// Where the problem is, when it could be placed.
    pub position: Option<Position>,
    /// The model path of the value in question.
    pub path: Path,
    /// What is wrong, and how to fix it when that is clear.
    pub message: String,
}

impl ParseError {
    /// Renders the error prefixed with a file name: `ci.yml:14:9: jobs.build: unknown key ...`.
    #[must_use]
    pub fn with_file(&self, file: &str) -> String {
        format!("{file}:{self}")
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(at) = self.position {
            write!(f, "{}:{}: ", at.line, at.column)?;
        }
        if self.path.is_root() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// Every problem found in a document, in the order of the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseErrors(Vec<ParseError>);

impl ParseErrors {
    /// The errors, at least one.
    #[must_use]
    pub fn errors(&self) -> &[ParseError] {
        &self.0
    }

    /// Renders every error on its own line, each prefixed with a file name.
    #[must_use]
    pub fn with_file(&self, file: &str) -> String {
        self.0
            .iter()
            .map(|e| e.with_file(file))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

impl fmt::Display for ParseErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ParseErrors {}

impl IntoIterator for ParseErrors {
    type Item = ParseError;
    type IntoIter = std::vec::IntoIter<ParseError>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// Reads a workflow file.
///
/// # Errors
/// Every problem found: YAML syntax, duplicate keys, unknown keys (with a suggestion), values of the wrong
/// type, an empty file, a top level that is not a mapping.
///
/// ```
/// let parsed = pipeline_core::parse::workflow("on: [push]\njobs: {}\n").unwrap();
/// assert_eq!(parsed.value.on.events().count(), 1);
/// ```
pub fn workflow(text: &str) -> Result<Parsed<Workflow>, ParseErrors> {
    document(text, "workflow", convert::workflow, comments::workflow)
}

/// Reads an action metadata file (`action.yml`).
///
/// # Errors
/// As [`workflow`], for action metadata keys.
///
/// ```
/// let text = "name: Hello\ndescription: Says hello\nruns:\n  using: node20\n  main: index.js\n";
/// let parsed = pipeline_core::parse::action(text).unwrap();
/// assert_eq!(parsed.value.runs.unwrap().using(), "node20");
/// ```
pub fn action(text: &str) -> Result<Parsed<Action>, ParseErrors> {
    document(
        text,
        "action metadata file",
        convert::action,
        comments::action,
    )
}

fn document<T>(
    text: &str,
    what: &str,
    convert: fn(&mut convert::Cx<'_>, convert::At<'_>) -> Option<T>,
    comments: fn(&Node, &mut T),
) -> Result<Parsed<T>, ParseErrors> {
    // Editors show columns after a byte-order mark, and serde_yaml misreads a document that starts with one.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let source = SourceMap::new(text);
    let fail = |position, message: String| {
        ParseErrors(vec![ParseError {
            position,
            path: Path::root(),
            message,
        }])
    };
    let read = serde_yaml::from_str(text).or_else(|error| {
        // The YAML library refuses a null tag on an empty value (`- !!null`), which YAML 1.2 reads
        // as null; read such a file again with each of those tags written as `~`.
        match empty_null_tags(text) {
            Some(retry) => serde_yaml::from_str(&retry).map_err(|_| error),
            None => Err(error),
        }
    });
    let mut data: serde_yaml::Value = match read {
        Ok(data) => data,
        Err(error) => {
            let duplicates = layout::duplicate_keys(&source.root);
            if let Some((key, first, again)) = duplicates.first() {
                return Err(fail(
                    Some(*again),
                    format!(
                        "duplicate key \"{key}\" (first at {}:{})",
                        first.line, first.column
                    ),
                ));
            }
            if let Some(line) = second_document(text) {
                return Err(fail(
                    Some(Position { line, column: 1 }),
                    format!(
                        "a {what} file holds one YAML document; remove the second one that starts here"
                    ),
                ));
            }
            let position = error.location().map(|l| Position {
                line: u32::try_from(l.line()).unwrap_or(u32::MAX),
                column: u32::try_from(l.column()).unwrap_or(u32::MAX),
            });
            return Err(fail(
                position,
                format!("not valid YAML: {}", strip_location(&error.to_string())),
            ));
        }
    };
    if matches!(data, serde_yaml::Value::Null) {
        let message = if text.trim().is_empty()
            || text
                .lines()
                .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
        {
            format!("the file is empty: a {what} is a mapping of keys")
        } else {
            format!("expected a mapping at the top of a {what}, found null")
        };
        return Err(fail(Some(Position { line: 1, column: 1 }), message));
    }
    // serde_yaml cannot tell a merge key from a quoted '<<' key; merge only when the text has a plain one.
    // When merging fails, a `<<` key holds something no merge key can (a quoted key's string, say): the
    // data is kept as written, and a real merge key with a bad value is then reported as an unknown key.
    if has_merge_key(text) {
        let mut merged = data.clone();
        if merged.apply_merge().is_ok() {
            data = merged;
        }
    }
    let mut cx = convert::Cx::new();
    let value = convert(&mut cx, convert::At::root(&data, &source.root));
    match (value, cx.into_errors()) {
        (Some(mut value), errors) if errors.is_empty() => {
            comments(&source.root, &mut value);
            Ok(Parsed { value, source })
        }
        (_, errors) if !errors.is_empty() => Err(ParseErrors(errors)),
        (_, _) => Err(fail(Some(source.root.position), format!("not a {what}"))),
    }
}

/// The text with every null tag (`!!null`, `!<tag:yaml.org,2002:null>`) that introduces an empty value
/// replaced by `~` and spaces (so every position stays where it was); `None` when there is none.
fn empty_null_tags(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    for line in text.split_inclusive('\n') {
        let mut rewritten = line.to_owned();
        for tag in ["!<tag:yaml.org,2002:null>", "!!null"] {
            let mut from = 0;
            while let Some(at) = rewritten[from..].find(tag).map(|i| i + from) {
                let before = rewritten[..at].trim_end();
                let after = rewritten[at + tag.len()..].trim_start();
                let opens_value = before.is_empty()
                    || before.ends_with('-')
                    || before.ends_with(':')
                    || before.ends_with('[')
                    || before.ends_with(',');
                let empty = after.is_empty()
                    || after.starts_with('#')
                    || after.starts_with(',')
                    || after.starts_with(']')
                    || after.starts_with('}');
                if opens_value && empty {
                    let padding = " ".repeat(tag.len() - 1);
                    rewritten.replace_range(at..at + tag.len(), &format!("~{padding}"));
                    changed = true;
                }
                from = at + 1;
            }
        }
        out.push_str(&rewritten);
    }
    changed.then_some(out)
}

/// serde_yaml puts " at line L column C" into its messages; the position is reported separately.
fn strip_location(message: &str) -> String {
    let Some(start) = message.find(" at line ") else {
        return message.to_owned();
    };
    let rest = &message[start + " at line ".len()..];
    let digits = |s: &str| s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let after_line = &rest[digits(rest)..];
    let Some(column) = after_line.strip_prefix(" column ") else {
        return message.to_owned();
    };
    format!("{}{}", &message[..start], &column[digits(column)..])
}

/// Whether the text holds a plain `<<` mapping key (a YAML merge key), not a quoted `'<<'` or `"<<"`.
fn has_merge_key(text: &str) -> bool {
    let bytes = text.as_bytes();
    text.match_indices("<<").any(|(i, _)| {
        let quoted = i > 0 && matches!(bytes[i - 1], b'\'' | b'"');
        let rest = text[i + 2..].trim_start_matches([' ', '\t']);
        !quoted && rest.starts_with(':')
    })
}

/// The line of a `---` that starts a second document, after content.
fn second_document(text: &str) -> Option<u32> {
    let mut seen_content = false;
    for (i, line) in text.lines().enumerate() {
        let is_marker = line == "---" || line.starts_with("--- ") || line.starts_with("---\t");
        if is_marker && seen_content {
            return u32::try_from(i + 1).ok();
        }
        let trimmed = line.trim();
        if !trimmed.is_empty()
            && !trimmed.starts_with('#')
            && !trimmed.starts_with('%')
            && !is_marker
        {
            seen_content = true;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_value_tagged_null_is_null() {
        let text = "on: push\nenv:\n  A: !!null\n  B: !<tag:yaml.org,2002:null>\n  C: '!!null'\n  D: [!!null, x]\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo !!null\n";
        let parsed = workflow(text).expect("the workflow parses");
        let env = parsed.value.env.expect("env");
        let env = match env {
            crate::model::ExprOr::Value(map) => map,
            crate::model::ExprOr::Expr(e) => panic!("env is an expression: {e}"),
        };
        assert_eq!(env.get("A"), Some(&crate::model::Value::Null));
        assert_eq!(env.get("B"), Some(&crate::model::Value::Null));
        assert_eq!(
            env.get("C"),
            Some(&crate::model::Value::String("!!null".into()))
        );
        let steps = &parsed.value.jobs["a"].steps.as_ref().expect("steps")[0];
        assert_eq!(steps.run.as_deref(), Some("echo !!null"));
        // Positions come from the text as written.
        let at = parsed
            .source
            .position(&Path::root().key("env").key("D"))
            .expect("placed");
        assert_eq!((at.line, at.column), (6, 6));
    }
}
