//! `#[action(metadata = "path/to/action.yml")]`: the struct checked against a vendored metadata file at
//! compile time.
//!
//! The file is read by a small reader of the YAML that action metadata uses (block mappings, plain and
//! quoted scalars, block scalars, one-line flow mappings, comments), not by a YAML library, so the
//! macro crate stays light. Anchors, aliases, tags and merge keys inside `inputs`, `outputs` or `runs`
//! are reported as unsupported: `pipeline bindings` reads any YAML.
//!
//! Checks, each an error at its own span: a field that is not an input (with a suggestion), an input
//! the action requires without a default that has no field (or whose field is an `Option`), and a
//! declared output the action does not have. A field bound to a deprecated input gets a deprecation
//! warning. The expansion includes the file with `include_bytes!`, so editing it rebuilds the crate.

use crate::attr::Ctxt;
use crate::parse::{ActionInput, Shape};
use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use std::path::PathBuf;

/// What the checks need from the metadata.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Metadata {
    pub(crate) inputs: Vec<Input>,
    pub(crate) outputs: Vec<String>,
    /// `runs.using`.
    pub(crate) using: Option<String>,
}

/// One input.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Input {
    pub(crate) name: String,
    pub(crate) required: bool,
    pub(crate) default: bool,
    /// `Some` when deprecated: the message when it is on one line, else empty.
    pub(crate) deprecated: Option<String>,
}

impl Input {
    /// Whether a step must pass it: required, without a default, not deprecated.
    pub(crate) fn needed(&self) -> bool {
        self.required && !self.default && self.deprecated.is_none()
    }
}

/// One line: its number (from 1), indentation, and text without the indentation and the comment.
struct Line<'a> {
    number: usize,
    indent: usize,
    text: &'a str,
}

/// A mapping entry on one line.
struct Entry<'a> {
    key: String,
    value: &'a str,
}

/// Reads the metadata, or says on which line and why it cannot.
pub(crate) fn read(text: &str) -> Result<Metadata, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let number = index + 1;
        let content = raw.trim_end_matches('\r');
        let indent = content.len() - content.trim_start_matches(' ').len();
        let rest = &content[indent..];
        if rest.starts_with('\t') && !strip_comment(rest).trim().is_empty() {
            return Err(format!(
                "line {number}: a tab indents this line; YAML indents with spaces"
            ));
        }
        let text = strip_comment(rest).trim_end();
        if text.is_empty()
            || (indent == 0 && (text == "---" || text == "..." || text.starts_with('%')))
        {
            continue;
        }
        lines.push(Line {
            number,
            indent,
            text,
        });
    }
    let mut metadata = Metadata::default();
    let mut i = 0;
    while i < lines.len() {
        let line = &lines[i];
        if line.indent != 0 {
            return Err(format!(
                "line {}: expected a top-level key (`name`, `inputs`, `outputs`, `runs`, ...)",
                line.number
            ));
        }
        let entry = read_entry(line)?;
        let end = block_end(&lines, i, 0);
        let body = &lines[i + 1..end];
        match entry.key.as_str() {
            "inputs" => metadata.inputs = inputs(line, &entry, body)?,
            "outputs" => {
                metadata.outputs = names(line, &entry, body, "outputs")?
                    .into_iter()
                    .map(|(name, _, _)| name)
                    .collect();
            }
            "runs" => metadata.using = using(line, &entry, body)?,
            _ => {}
        }
        i = end;
    }
    Ok(metadata)
}

/// The index after the block that belongs to the line at `start`: every following line indented more
/// than `indent` (a sequence at the same indentation belongs to the key above it, as YAML allows).
fn block_end(lines: &[Line<'_>], start: usize, indent: usize) -> usize {
    let mut end = start + 1;
    while end < lines.len()
        && (lines[end].indent > indent
            || (lines[end].indent == indent
                && (lines[end].text == "-" || lines[end].text.starts_with("- "))))
    {
        end += 1;
    }
    end
}

/// The text before a comment: `#` at the start or after a space, outside quotes.
fn strip_comment(text: &str) -> &str {
    let mut quote: Option<char> = None;
    let mut previous = ' ';
    for (i, c) in text.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '#' && (previous == ' ' || previous == '\t') => return &text[..i],
            None if (c == '\'' || c == '"') && (previous == ' ' || i == 0 || previous == ':') => {
                quote = Some(c);
            }
            None => {}
        }
        previous = c;
    }
    text
}

/// `key: value` or `key:` on one line, with a plain or quoted key.
fn read_entry<'a>(line: &Line<'a>) -> Result<Entry<'a>, String> {
    let text = line.text;
    let unsupported = |what: &str| {
        Err(format!(
            "line {}: {what} is not read at compile time; generate the binding with `pipeline bindings` instead",
            line.number
        ))
    };
    if text.starts_with('&') || text.starts_with('*') || text.starts_with('!') {
        return unsupported("an anchor, alias or tag");
    }
    if text.starts_with("<<") {
        return unsupported("a merge key (`<<`)");
    }
    if text.starts_with('?') {
        return unsupported("a complex key (`?`)");
    }
    let (key, rest) = if let Some(quote) = text.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let (key, length) = quoted(text, quote).ok_or_else(|| {
            format!(
                "line {}: a quoted key is not closed on its line",
                line.number
            )
        })?;
        let rest = text[length..].trim_start();
        match rest.strip_prefix(':') {
            Some(rest) if rest.is_empty() || rest.starts_with(' ') => (key, rest),
            _ => return Err(format!("line {}: expected `:` after the key", line.number)),
        }
    } else {
        let colon = text
            .match_indices(':')
            .map(|(i, _)| i)
            .find(|&i| text[i + 1..].is_empty() || text[i + 1..].starts_with(' '))
            .ok_or_else(|| format!("line {}: expected `key: value`", line.number))?;
        (text[..colon].trim_end().to_owned(), &text[colon + 1..])
    };
    Ok(Entry {
        key,
        value: rest.trim(),
    })
}

/// A quoted scalar at the start of `text`: its value and its length in bytes, quotes included.
fn quoted(text: &str, quote: char) -> Option<(String, usize)> {
    let mut value = String::new();
    let mut chars = text.char_indices().skip(1).peekable();
    while let Some((i, c)) = chars.next() {
        if c == quote {
            if quote == '\'' && chars.peek().is_some_and(|(_, n)| *n == '\'') {
                chars.next();
                value.push('\'');
                continue;
            }
            return Some((value, i + 1));
        }
        if quote == '"' && c == '\\' {
            let (_, escaped) = chars.next()?;
            value.push(match escaped {
                'n' => '\n',
                't' => '\t',
                other => other,
            });
            continue;
        }
        value.push(c);
    }
    None
}

/// A scalar value on one line, unquoted; `None` for `null`, `~` or nothing.
fn scalar(value: &str) -> Option<String> {
    match value {
        "" | "~" | "null" | "Null" | "NULL" => None,
        _ => match value.chars().next() {
            Some(q @ ('\'' | '"')) => {
                Some(quoted(value, q).map_or_else(|| value.to_owned(), |(v, _)| v))
            }
            _ => Some(value.to_owned()),
        },
    }
}

/// The entries of a one-line flow mapping, `{a: 1, b: 'x', c: {d: e}}`, with their values as written.
fn flow(line: &Line<'_>, value: &str) -> Result<Vec<(String, String)>, String> {
    let spans_lines = || {
        format!(
            "line {}: a flow mapping that spans lines is not read at compile time; write it as a block",
            line.number
        )
    };
    let inner = value
        .strip_prefix('{')
        .and_then(|v| v.strip_suffix('}'))
        .ok_or_else(spans_lines)?;
    let mut parts = Vec::new();
    let mut part = String::new();
    let mut quote: Option<char> = None;
    let mut depth = 0usize;
    for c in inner.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '\'' || c == '"' => quote = Some(c),
            None if c == '{' || c == '[' => depth += 1,
            None if c == '}' || c == ']' => depth = depth.checked_sub(1).ok_or_else(spans_lines)?,
            None if c == ',' && depth == 0 => {
                parts.push(std::mem::take(&mut part));
                continue;
            }
            None => {}
        }
        part.push(c);
    }
    if quote.is_some() || depth > 0 {
        return Err(spans_lines());
    }
    parts.push(part);
    let mut out = Vec::new();
    for part in parts.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
        let pseudo = Line {
            number: line.number,
            indent: 0,
            text: part,
        };
        let entry = read_entry(&pseudo)?;
        out.push((entry.key, entry.value.to_owned()));
    }
    Ok(out)
}

/// The entries of a mapping given as a block below `line` (or inline as `{}`/`{...}`/null): each name
/// with its properties (key, one-line value) and the line it is on.
#[allow(clippy::type_complexity)]
fn names(
    line: &Line<'_>,
    entry: &Entry<'_>,
    body: &[Line<'_>],
    what: &str,
) -> Result<Vec<(String, Vec<(String, String)>, usize)>, String> {
    if !entry.value.is_empty() {
        if entry.value.starts_with('&')
            || entry.value.starts_with('*')
            || entry.value.starts_with('!')
        {
            return Err(format!(
                "line {}: an anchor, alias or tag is not read at compile time; generate the binding with `pipeline bindings` instead",
                line.number
            ));
        }
        if scalar(entry.value).is_none() {
            return Ok(Vec::new());
        }
        let mut out = Vec::new();
        for (key, value) in flow(line, entry.value)? {
            let properties = if value.starts_with('{') {
                flow(line, &value)?
            } else if scalar(&value).is_none() {
                Vec::new()
            } else {
                return Err(format!(
                    "line {}: `{what}.{key}` is not a mapping",
                    line.number
                ));
            };
            out.push((key, properties, line.number));
        }
        return Ok(out);
    }
    let Some(first) = body.first() else {
        return Ok(Vec::new());
    };
    let child = first.indent;
    let mut out: Vec<(String, Vec<(String, String)>, usize)> = Vec::new();
    let mut i = 0;
    while i < body.len() {
        let line = &body[i];
        if line.indent != child {
            return Err(format!(
                "line {}: unexpected indentation in `{what}`",
                line.number
            ));
        }
        if line.text.starts_with('-') {
            return Err(format!(
                "line {}: `{what}` is a mapping of names, not a list",
                line.number
            ));
        }
        let named = read_entry(line)?;
        let end = block_end(body, i, child);
        let mut properties = Vec::new();
        if named.value.starts_with('{') {
            properties = flow(line, named.value)?;
        } else if scalar(named.value).is_some() {
            return Err(format!(
                "line {}: `{what}.{}` is not a mapping",
                line.number, named.key
            ));
        }
        let inner = &body[i + 1..end];
        if let Some(first) = inner.first() {
            let depth = first.indent;
            let mut j = 0;
            while j < inner.len() {
                let property = &inner[j];
                if property.indent != depth {
                    return Err(format!(
                        "line {}: unexpected indentation in `{what}.{}`",
                        property.number, named.key
                    ));
                }
                let pair = read_entry(property)?;
                let stop = block_end(inner, j, depth);
                // A key with nothing on its line and a block below holds a nested value.
                let nested = pair.value.is_empty() && stop > j + 1;
                let block = pair.value.starts_with('|') || pair.value.starts_with('>');
                let value = if nested || block {
                    "<block>".to_owned()
                } else {
                    pair.value.to_owned()
                };
                properties.push((pair.key, value));
                j = stop;
            }
        }
        out.push((named.key, properties, line.number));
        i = end;
    }
    Ok(out)
}

fn inputs(line: &Line<'_>, entry: &Entry<'_>, body: &[Line<'_>]) -> Result<Vec<Input>, String> {
    let mut out: Vec<Input> = Vec::new();
    for (name, properties, number) in names(line, entry, body, "inputs")? {
        if let Some(first) = out.iter().find(|i| i.name.eq_ignore_ascii_case(&name)) {
            return Err(format!(
                "line {number}: input `{name}` is declared twice (also as `{}`); GitHub compares input names without regard to case",
                first.name
            ));
        }
        let mut input = Input {
            name,
            ..Input::default()
        };
        for (key, value) in properties {
            match key.as_str() {
                "required" => {
                    input.required = scalar(&value).is_some_and(|v| {
                        matches!(v.to_ascii_lowercase().as_str(), "true" | "yes" | "on" | "y")
                    });
                }
                "default" => input.default = scalar(&value).is_some(),
                "deprecationMessage" => {
                    input.deprecated = match scalar(&value) {
                        Some(message) if message == "<block>" => Some(String::new()),
                        Some(message) => Some(message),
                        None => None,
                    };
                }
                _ => {}
            }
        }
        out.push(input);
    }
    Ok(out)
}

fn using(line: &Line<'_>, entry: &Entry<'_>, body: &[Line<'_>]) -> Result<Option<String>, String> {
    if !entry.value.is_empty() {
        return Ok(flow(line, entry.value)?
            .into_iter()
            .find(|(k, _)| k == "using")
            .and_then(|(_, v)| scalar(&v)));
    }
    let depth = body.first().map_or(0, |l| l.indent);
    Ok(body
        .iter()
        .filter(|l| l.indent == depth)
        .find_map(|l| l.text.strip_prefix("using:"))
        .and_then(|v| scalar(v.trim())))
}

/// The words of a name, lower case, without separators: how a field name and an input name are
/// compared to suggest a `rename`.
fn squashed(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Optimal string alignment distance, by chars.
fn distance(a: &str, b: &str) -> usize {
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

/// The closest name within a third of the word's length, as `pipeline_core::suggest` chooses.
fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.to_ascii_lowercase();
    let limit = (word.chars().count() / 3).max(1);
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        let d = distance(&word, &candidate.to_ascii_lowercase());
        if d <= limit && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// Where a relative `metadata` path is read from: the crate root.
fn resolve(path: &str) -> PathBuf {
    let path = PathBuf::from(path);
    if path.is_absolute() {
        return path;
    }
    match std::env::var_os("CARGO_MANIFEST_DIR") {
        Some(root) => PathBuf::from(root).join(path),
        None => path,
    }
}

/// The checks against `#[action(metadata = "..")]`, when given: errors go to `cx`; the tokens track the
/// file and carry the deprecation warnings.
pub(crate) fn check(cx: &mut Ctxt, input: &ActionInput<'_>) -> TokenStream {
    let Some(lit) = &input.metadata else {
        return TokenStream::new();
    };
    let path = resolve(&lit.value());
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) => {
            cx.error(
                lit,
                format_args!(
                    "cannot read the action's metadata at `{}`: {error}; a relative path starts at the crate root (the folder of its Cargo.toml)",
                    path.display()
                ),
            );
            return TokenStream::new();
        }
    };
    let shown = path.to_string_lossy().into_owned();
    let track = quote! {
        const _: &[u8] = ::core::include_bytes!(#shown);
    };
    let metadata = match read(&text) {
        Ok(metadata) => metadata,
        Err(error) => {
            cx.error(lit, format_args!("`{}`: {error}", lit.value()));
            return track;
        }
    };
    let uses = input
        .uses
        .as_ref()
        .map_or_else(|| "the action".to_owned(), |u| format!("`{}`", u.value()));
    let docker = metadata.using.as_deref() == Some("docker");
    let mut warnings = Vec::new();
    let mut bound: Vec<&str> = Vec::new();
    for field in &input.fields {
        let name = &field.named.name;
        let Some(declared) = metadata
            .inputs
            .iter()
            .find(|i| i.name.eq_ignore_ascii_case(name))
        else {
            if docker && matches!(name.as_str(), "args" | "entrypoint") {
                continue;
            }
            let same = metadata
                .inputs
                .iter()
                .find(|i| squashed(&i.name) == squashed(name));
            let close = did_you_mean(name, metadata.inputs.iter().map(|i| i.name.as_str()));
            let hint = match (same, close) {
                (Some(same), _) => format!(
                    "; the input is spelled `{}`: add `#[action(rename = \"{}\")]`",
                    same.name, same.name
                ),
                (None, Some(close)) => format!("; did you mean `{close}`?"),
                (None, None) => String::new(),
            };
            // The input this field was meant for is not also reported as missing.
            if let Some(meant) = same.map(|i| i.name.as_str()).or(close) {
                bound.push(meant);
            }
            cx.error_at(
                field.named.name_span,
                format_args!(
                    "{uses} has no input `{name}` (by its metadata, `{}`){hint}",
                    lit.value()
                ),
            );
            continue;
        };
        bound.push(&declared.name);
        if declared.needed() && matches!(field.shape, Shape::Option(_)) {
            cx.error(
                &field.field.ty,
                format_args!(
                    "{uses} requires input `{}` and gives it no default: the field's type is not an `Option`",
                    declared.name
                ),
            );
        }
        if let Some(message) = &declared.deprecated {
            let note = if message.is_empty() {
                format!("{uses} deprecates input `{}`", declared.name)
            } else {
                format!("{uses} deprecates input `{}`: {message}", declared.name)
            };
            let span = field.named.name_span;
            warnings.push(deprecated(span, &note));
        }
    }
    for needed in metadata.inputs.iter().filter(|i| i.needed()) {
        if !bound.contains(&needed.name.as_str()) {
            cx.error(
                &input.common.input.ident,
                format_args!(
                    "{uses} requires input `{}` and gives it no default, but no field sets it: add a field for it",
                    needed.name
                ),
            );
        }
    }
    for output in &input.outputs {
        let name = &output.name;
        if !metadata
            .outputs
            .iter()
            .any(|o| o.eq_ignore_ascii_case(name))
        {
            let hint = did_you_mean(name, metadata.outputs.iter().map(String::as_str))
                .map(|s| format!("; did you mean `{s}`?"))
                .unwrap_or_default();
            cx.error_at(
                output.name_span,
                format_args!(
                    "{uses} has no output `{name}` (by its metadata, `{}`){hint}",
                    lit.value()
                ),
            );
        }
    }
    quote!(#track #(#warnings)*)
}

/// A use of a deprecated item at `span`, so the compiler warns there with `note`.
fn deprecated(span: Span, note: &str) -> TokenStream {
    quote_spanned! {span=>
        const _: () = {
            #[deprecated(note = #note)]
            #[allow(non_camel_case_types)]
            struct deprecated_input;
            let _ = deprecated_input;
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(name: &str, required: bool, default: bool, deprecated: Option<&str>) -> Input {
        Input {
            name: name.to_owned(),
            required,
            default,
            deprecated: deprecated.map(str::to_owned),
        }
    }

    #[test]
    fn reads_metadata() {
        let text = "\u{feff}---\n# A comment\nname: 'Cache' # trailing\ndescription: >\n  inputs:\n    fake: x\ninputs:\n  path:\n    description: |\n      a: b\n      c: d\n    required: true\n  \"restore-keys\":\n    description: \"a # not a comment\n      continued: x\"\n    required: 'no'\n  key: {required: yes, description: 'k, v'}\n  old:\n    deprecationMessage: Use key\n  empty:\n  def:\n    default: ''\n  nul:\n    default: ~\n  nested:\n    default:\n      - a\n  long:\n    deprecationMessage: >-\n      Long\noutputs:\n  cache-hit:\n    description: x\n  other: {}\nruns:\n  using: \"docker\"\n  args:\n  - x\nbranding: {icon: box}\n";
        let metadata = read(text).unwrap();
        assert_eq!(
            metadata.inputs,
            [
                input("path", true, false, None),
                input("restore-keys", false, false, None),
                input("key", true, false, None),
                input("old", false, false, Some("Use key")),
                input("empty", false, false, None),
                input("def", false, true, None),
                input("nul", false, false, None),
                input("nested", false, true, None),
                input("long", false, false, Some("")),
            ]
        );
        assert_eq!(metadata.outputs, ["cache-hit", "other"]);
        assert_eq!(metadata.using.as_deref(), Some("docker"));
    }

    #[test]
    fn flow_and_empty_sections() {
        let metadata = read("inputs: {}\noutputs: {a: {description: x}, b: {}}\nruns: {using: node20, main: x.js}\n").unwrap();
        assert!(metadata.inputs.is_empty());
        assert_eq!(metadata.outputs, ["a", "b"]);
        assert_eq!(metadata.using.as_deref(), Some("node20"));
        assert_eq!(read("name: x\ninputs:\n").unwrap().inputs, []);
    }

    fn check_error(text: &str, expected: &str) {
        assert_eq!(read(text).unwrap_err(), expected, "{text}");
    }

    #[test]
    fn errors_name_the_line() {
        check_error(
            "inputs:\n  a: {}\n  A: {}\n",
            "line 3: input `A` is declared twice (also as `a`); GitHub compares input names without regard to case",
        );
        check_error(
            "inputs:\n  <<: *base\n",
            "line 2: a merge key (`<<`) is not read at compile time; generate the binding with `pipeline bindings` instead",
        );
        check_error(
            "inputs: &x\n  a: {}\n",
            "line 1: an anchor, alias or tag is not read at compile time; generate the binding with `pipeline bindings` instead",
        );
        check_error(
            "inputs:\n  - a\n",
            "line 2: `inputs` is a mapping of names, not a list",
        );
        check_error(
            "inputs:\n  a: text\n",
            "line 2: `inputs.a` is not a mapping",
        );
        check_error(
            "inputs:\n    a:\n      required: true\n  b: {}\n",
            "line 4: unexpected indentation in `inputs`",
        );
        check_error(
            "inputs:\n\ta: {}\n",
            "line 2: a tab indents this line; YAML indents with spaces",
        );
        check_error(
            "  x: 1\n",
            "line 1: expected a top-level key (`name`, `inputs`, `outputs`, `runs`, ...)",
        );
        check_error(
            "inputs:\n  a: {b: c,\n",
            "line 2: a flow mapping that spans lines is not read at compile time; write it as a block",
        );
    }

    #[test]
    fn comments() {
        assert_eq!(strip_comment("a: b # c"), "a: b ");
        assert_eq!(strip_comment("a: 'b # c'"), "a: 'b # c'");
        assert_eq!(strip_comment("a: b#c"), "a: b#c");
        assert_eq!(strip_comment("# all"), "");
    }

    #[test]
    fn suggestions() {
        assert_eq!(did_you_mean("pth", ["path", "key"]), Some("path"));
        assert_eq!(did_you_mean("zzz", ["path"]), None);
        assert_eq!(
            squashed("enable-cross-os-archive"),
            squashed("enableCrossOsArchive")
        );
    }

    /// Every action metadata file of the corpus (`../shared/corpus/actions`, beside the project) is
    /// read; the facade's binding tests compare what is read with the full parser by compiling it.
    #[test]
    fn corpus_files_are_read() {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/actions");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            println!("metadata corpus: skipped, ../shared is not beside the project");
            return;
        };
        let mut count = 0;
        for entry in entries {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let metadata = read(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert!(metadata.using.is_some(), "{}", path.display());
            count += 1;
        }
        assert!(count > 0);
    }
}
