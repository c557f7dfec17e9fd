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
    ///
    /// Control characters of the file name, the path and the message are escaped, as in `Display`.
    #[must_use]
    pub fn with_file(&self, file: &str) -> String {
        format!("{}:{self}", printable(file))
    }
}

/// One line per error whatever the file holds: control characters (an escape sequence, a carriage
/// return, a line feed in a key) and bidirectional overrides in the path and the message are escaped,
/// so text from the file cannot forge or hide lines of the report.
impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(at) = self.position {
            write!(f, "{}:{}: ", at.line, at.column)?;
        }
        if self.path.is_root() {
            f.write_str(&printable(&self.message))
        } else {
            let path = self.path.to_string();
            write!(f, "{}: {}", printable(&path), printable(&self.message))
        }
    }
}

/// `text` with every character that could change how a terminal shows the surrounding lines escaped:
/// control characters other than a tab (`\u{1b}`, `\r`, `\n`) and the bidirectional formatting
/// characters (`\u{202e}`). Borrowed when there is nothing to escape.
///
/// ```
/// use pipeline_core::parse::printable;
/// assert_eq!(printable("jobs.a\u{1b}[2J\nci.yml:1:1: ok"), "jobs.a\\u{1b}[2J\\nci.yml:1:1: ok");
/// assert_eq!(printable("plain\ttext"), "plain\ttext");
/// ```
#[must_use]
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    fn hidden(c: char) -> bool {
        (c.is_control() && c != '\t')
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    }
    if !text.chars().any(hidden) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if hidden(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
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
    check_limits(text).map_err(|error| ParseErrors(vec![error]))?;
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
            let message = strip_location(&error.to_string());
            return Err(fail(
                position,
                big_integer(&message).unwrap_or_else(|| format!("not valid YAML: {message}")),
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

/// The message for an integer the YAML reader cannot hold (beyond 64 bits), which it reports as a type
/// error: the value is refused by name, with the way to keep it.
fn big_integer(message: &str) -> Option<String> {
    let rest = message.split_once("invalid type: integer `")?.1;
    let (digits, after) = rest.split_once('`')?;
    if !(after.starts_with(" as u128") || after.starts_with(" as i128")) {
        return None;
    }
    let path = message
        .split_once(": invalid type")
        .map(|(path, _)| path)
        .filter(|p| !p.is_empty() && !p.contains(' '));
    let place = path.map(|p| format!("{p}: ")).unwrap_or_default();
    Some(format!(
        "{place}the integer {digits} is beyond the 64-bit range a workflow's numbers have; quote it (\"{digits}\") to keep it as a string"
    ))
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

// ---- limits -------------------------------------------------------------------------------------

/// The deepest nesting of collections a document may have, checked on the text before the YAML reader
/// sees it (the reader's time grows with the square of the depth). The reader itself stops at 128
/// levels; this bound is far above anything a workflow needs and keeps a 100,000-level input to one
/// linear scan.
pub const MAX_NESTING: usize = 1000;

/// How much larger than its text a document may grow when its aliases are expanded, in bytes: each
/// scalar counts its length and each node 8 bytes more. A document may expand to twice its length plus
/// this much; beyond that (a list repeated through aliases of aliases) it is refused before any of the
/// copies is made.
pub const MAX_ALIAS_EXPANSION: usize = 4 << 20;

/// Refuses text too deep or too large once its aliases are expanded, before it is read.
fn check_limits(text: &str) -> Result<(), ParseError> {
    let refuse = |line: u32, message: String| ParseError {
        position: Some(Position { line, column: 1 }),
        path: Path::root(),
        message,
    };
    let scan = prescan(text, MAX_NESTING);
    if let Some(line) = scan.too_deep {
        return Err(refuse(
            line,
            format!(
                "collections nest more than {MAX_NESTING} levels deep here; the file is not read"
            ),
        ));
    }
    if let Some((line, column, tag)) = scan.dropped_tag {
        return Err(ParseError {
            position: Some(Position { line, column }),
            path: Path::root(),
            message: format!(
                "the YAML tag {tag} is not supported: the value would be read as plain text and the tag lost; remove the tag, or quote the value"
            ),
        });
    }
    if text.contains('*') && !within_alias_budget(text) {
        return Err(refuse(
            1,
            format!(
                "its aliases expand this document to more than {} MiB; the file is not read (repeat less through anchors and aliases)",
                (MAX_ALIAS_EXPANSION + 2 * text.len()) >> 20
            ),
        ));
    }
    Ok(())
}

/// Whether `text` may be handed to the YAML reader: see [`MAX_NESTING`] and [`MAX_ALIAS_EXPANSION`].
pub(crate) fn within_limits(text: &str) -> bool {
    check_limits(text).is_ok()
}

/// What one pass over the text finds before the YAML reader sees it.
#[derive(Debug, Default)]
struct Prescan {
    /// The line where the nesting first exceeds the limit.
    too_deep: Option<u32>,
    /// The first tag of the YAML core schema that the reader would drop without a word (`!!binary`,
    /// `!!timestamp`, `!!set`, `!!omap`, `!!pairs`), with its line and column. The tags it applies
    /// (`!!str`, `!!int`, `!!float`, `!!bool`, `!!null`, `!!map`, `!!seq`) and local tags (`!custom`,
    /// which reach the model as tagged values and are reported there) are not listed.
    dropped_tag: Option<(u32, u32, String)>,
}

/// One pass over `text`: the nesting, estimated from above (the indentation stack of block
/// collections, each `- ` or `? ` that opens a collection on the same line counting too, plus the
/// open brackets of flow collections), and the tags at the start of nodes. Quoted scalars, comments,
/// plain scalars and block scalars are skipped.
fn prescan(text: &str, limit: usize) -> Prescan {
    let mut found = Prescan::default();
    let mut indents: Vec<usize> = Vec::new();
    let mut flow = 0usize;
    // Inside a block scalar: content lines are those indented more than this.
    let mut block_scalar: Option<usize> = None;
    // Inside a quoted scalar that spans lines: its quote.
    let mut quoted: Option<u8> = None;
    for (number, line) in text.split('\n').enumerate() {
        let number = u32::try_from(number + 1).unwrap_or(u32::MAX);
        let bytes = line.as_bytes();
        let indent = bytes.iter().take_while(|&&b| b == b' ').count();
        let rest = line[indent..].trim_end_matches('\r');
        if let Some(parent) = block_scalar {
            if rest.is_empty() || indent > parent {
                continue;
            }
            block_scalar = None;
        }
        let mut i = indent;
        if quoted.is_none() && flow == 0 {
            if rest.is_empty() || rest.starts_with('#') {
                continue;
            }
            while indents.last().is_some_and(|&top| top >= indent) {
                indents.pop();
            }
            indents.push(indent);
        }
        // At the start of a node: where an indicator, a bracket or a quote means structure.
        let mut node_start = quoted.is_none();
        while i < bytes.len() {
            let b = bytes[i];
            if let Some(quote) = quoted {
                if b == b'\\' && quote == b'"' {
                    i += 2;
                    continue;
                }
                if b == quote {
                    if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                        i += 2;
                        continue;
                    }
                    quoted = None;
                }
                i += 1;
                continue;
            }
            let next_blank = bytes
                .get(i + 1)
                .is_none_or(|c| matches!(c, b' ' | b'\t' | b'\r'));
            match b {
                b' ' | b'\t' | b'\r' => {}
                b'#' if i == 0 || matches!(bytes[i - 1], b' ' | b'\t') => break,
                b'[' | b'{' if node_start || flow > 0 => {
                    flow += 1;
                    node_start = true;
                }
                b']' | b'}' if flow > 0 => {
                    flow -= 1;
                    node_start = false;
                }
                b',' if flow > 0 => node_start = true,
                b'"' | b'\'' if node_start => {
                    quoted = Some(b);
                    node_start = false;
                }
                b'-' | b'?' if node_start && flow == 0 && next_blank => {
                    // A collection opened on the line of its parent: its items sit one column on.
                    indents.push(i + 1);
                }
                b':' if next_blank => node_start = true,
                b'|' | b'>' if node_start && flow == 0 => {
                    block_scalar = Some(indent);
                    break;
                }
                b'&' | b'!' if node_start => {
                    // An anchor or a tag before the node: skip its name.
                    let start = i;
                    while i + 1 < bytes.len()
                        && !matches!(bytes[i + 1], b' ' | b'\t' | b'\r' | b',' | b']' | b'}')
                    {
                        i += 1;
                    }
                    let name = line.get(start..=i).unwrap_or_default();
                    if b == b'!' && found.dropped_tag.is_none() && is_dropped_tag(name) {
                        let column =
                            u32::try_from(line[..start].chars().count() + 1).unwrap_or(u32::MAX);
                        found.dropped_tag = Some((number, column, name.to_owned()));
                    }
                }
                _ if flow == 0 => {
                    // A plain scalar or a key: nothing nests inside it; a `: ` after it starts a value.
                    node_start = false;
                    while i + 1 < bytes.len() {
                        let c = bytes[i + 1];
                        let after_blank = bytes
                            .get(i + 2)
                            .is_none_or(|d| matches!(d, b' ' | b'\t' | b'\r'));
                        if (c == b':' && after_blank) || (c == b'#' && bytes[i] == b' ') {
                            break;
                        }
                        i += 1;
                    }
                }
                _ => node_start = false,
            }
            if indents.len() + flow > limit {
                found.too_deep = Some(number);
                return found;
            }
            i += 1;
        }
    }
    found
}

/// Whether a tag names a type of the YAML core schema that the reader reads as plain text, losing it.
fn is_dropped_tag(tag: &str) -> bool {
    let name = tag
        .strip_prefix("!!")
        .or_else(|| {
            tag.strip_prefix("!<tag:yaml.org,2002:")
                .and_then(|t| t.strip_suffix('>'))
        })
        .unwrap_or_default();
    !name.is_empty()
        && !matches!(
            name,
            "str" | "int" | "float" | "bool" | "null" | "map" | "seq" | "merge" | "value"
        )
}

/// Whether the data of `text`, with every alias replaced by a copy of its anchored node, stays within
/// [`MAX_ALIAS_EXPANSION`] plus twice the text's length. The reader replays an alias's events without
/// building anything, and the count stops at the bound, so this costs time linear in the bound.
fn within_alias_budget(text: &str) -> bool {
    use serde::de::DeserializeSeed;
    let left =
        std::cell::Cell::new(MAX_ALIAS_EXPANSION.saturating_add(text.len().saturating_mul(2)));
    let deserializer = serde_yaml::Deserializer::from_str(text);
    match (Budget { left: &left }).deserialize(deserializer) {
        Ok(()) => true,
        // The reader's own bound on alias replays is the same limit, met another way; other errors
        // are reported when the text is read.
        Err(error) => {
            let message = error.to_string();
            !message.contains(OVER_BUDGET) && !message.contains("repetition limit exceeded")
        }
    }
}

const OVER_BUDGET: &str = "alias expansion over budget";

/// Counts the expanded size of the data it visits, failing once the budget is spent.
#[derive(Clone, Copy)]
struct Budget<'a> {
    left: &'a std::cell::Cell<usize>,
}

impl Budget<'_> {
    fn spend<E: serde::de::Error>(self, size: usize) -> Result<(), E> {
        let cost = size.saturating_add(8);
        match self.left.get().checked_sub(cost) {
            Some(left) => {
                self.left.set(left);
                Ok(())
            }
            None => Err(E::custom(OVER_BUDGET)),
        }
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for Budget<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Budget<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<(), E> {
        self.spend(1)
    }
    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<(), E> {
        self.spend(8)
    }
    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<(), E> {
        self.spend(8)
    }
    fn visit_i128<E: serde::de::Error>(self, _: i128) -> Result<(), E> {
        self.spend(16)
    }
    fn visit_u128<E: serde::de::Error>(self, _: u128) -> Result<(), E> {
        self.spend(16)
    }
    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<(), E> {
        self.spend(8)
    }
    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<(), E> {
        self.spend(value.len())
    }
    fn visit_bytes<E: serde::de::Error>(self, value: &[u8]) -> Result<(), E> {
        self.spend(value.len())
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        self.spend(0)
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<(), E> {
        self.spend(0)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
    fn visit_newtype_struct<D: serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.spend::<A::Error>(0)?;
        while seq.next_element_seed(self)?.is_some() {}
        Ok(())
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.spend::<A::Error>(0)?;
        while map.next_key_seed(self)?.is_some() {
            map.next_value_seed(self)?;
        }
        Ok(())
    }
    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<(), A::Error> {
        use serde::de::VariantAccess;
        let ((), variant) = data.variant_seed(self)?;
        variant.newtype_variant_seed(self)
    }
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
