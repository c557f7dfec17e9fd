//! Strings with embedded `${{ }}` expressions, and `if:` conditions.
//!
//! An expression ends at the first `}}` outside a single-quoted string, as in GitHub's template reader
//! (`actions/languageservices`, `workflow-parser/src/templates/template-reader.ts`), so `${{ '}}' }}` is one
//! expression. There is no escape for a literal `${{` in text; `${{ '${{' }}` writes one.

use std::fmt::{self, Display, Formatter};
use std::str::FromStr;

use super::ast::Ast;
use super::parse::{ParseError, parse_at};

const OPEN: &str = "${{";
const CLOSE: &str = "}}";
/// What the parser calls the end of an embedded expression in messages.
const CLOSE_NAME: &str = "`}}`";

/// A piece of a template string found by [`scan`], before its expression is parsed.
///
/// ```
/// use pipeline_core::expr::{Segment, scan};
///
/// let segments = scan("v${{ github.sha }}")?;
/// assert_eq!(segments, [
///     Segment::Text("v"),
///     Segment::Expr { source: " github.sha ", offset: 1 },
/// ]);
/// # Ok::<(), pipeline_core::expr::ParseError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment<'a> {
    /// Literal text.
    Text(&'a str),
    /// The text between `${{` and `}}`.
    Expr {
        /// The expression text, spaces included.
        source: &'a str,
        /// The byte offset of `${{` in the scanned string; the source starts 3 bytes later.
        offset: usize,
    },
}

/// Splits a string into text and the sources of its `${{ }}` expressions, without parsing them.
///
/// Use it to parse each expression separately and report every error; [`Template::parse`] stops at the first.
///
/// ```
/// use pipeline_core::expr::{Segment, scan};
///
/// assert_eq!(scan("${{ '}}' }}!")?.len(), 2);
/// let err = scan("a ${{ b").unwrap_err();
/// assert_eq!(err.to_string(), "expected `}}` to close the expression at offset 2, found end of input");
/// # Ok::<(), pipeline_core::expr::ParseError>(())
/// ```
pub fn scan(s: &str) -> Result<Vec<Segment<'_>>, ParseError> {
    segments(s).collect()
}

/// The segments of a template one at a time, as [`scan`] lists them, without collecting them: the
/// validator reads every string of a workflow this way. After an error it yields nothing more.
pub(crate) fn segments(s: &str) -> Segments<'_> {
    Segments {
        s,
        pos: 0,
        failed: false,
    }
}

/// The iterator [`segments`] returns.
pub(crate) struct Segments<'s> {
    s: &'s str,
    pos: usize,
    failed: bool,
}

impl<'s> Iterator for Segments<'s> {
    type Item = Result<Segment<'s>, ParseError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed || self.pos >= self.s.len() {
            return None;
        }
        let s = self.s;
        let pos = self.pos;
        match crate::text::find_open(&s[pos..]) {
            Some(0) => {
                let start = pos + OPEN.len();
                let Some(close) = find_close(&s[start..]) else {
                    self.failed = true;
                    return Some(Err(ParseError::new(
                        pos,
                        "`}}` to close the expression",
                        "end of input",
                    )));
                };
                self.pos = start + close + CLOSE.len();
                Some(Ok(Segment::Expr {
                    source: &s[start..start + close],
                    offset: pos,
                }))
            }
            Some(found) => {
                self.pos = pos + found;
                Some(Ok(Segment::Text(&s[pos..pos + found])))
            }
            None => {
                self.pos = s.len();
                Some(Ok(Segment::Text(&s[pos..])))
            }
        }
    }
}

/// The offset of the first `}}` outside single quotes; `''` toggles twice, so escapes need no special case.
fn find_close(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut in_string = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\'' => in_string = !in_string,
            b'}' if !in_string && bytes.get(i + 1) == Some(&b'}') => return Some(i),
            _ => {}
        }
        i += 1;
    }
    None
}

/// A string value that may hold `${{ }}` expressions among literal text, such as a `run:` script or an
/// `env:` value.
///
/// Display re-emits every expression as `${{ expr }}` with single spaces inside.
///
/// ```
/// use pipeline_core::expr::{Part, Template};
///
/// let template: Template = "build-${{matrix.os}}-${{ github.sha }}".parse()?;
/// assert_eq!(template.parts.len(), 4);
/// assert!(matches!(&template.parts[0], Part::Text(t) if t == "build-"));
/// assert_eq!(template.to_string(), "build-${{ matrix.os }}-${{ github.sha }}");
/// # Ok::<(), pipeline_core::expr::ParseError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Template {
    /// Text and expressions in order. [`Template::parse`] never yields two adjacent `Text` parts, an empty
    /// `Text`, or text containing `${{`; the builder methods keep the first two rules, and Display writes a
    /// `${{` inside text as `${{ '${{' }}`.
    pub parts: Vec<Part>,
}

/// One piece of a [`Template`].
///
/// Equality and hashing ignore `offset`, which records where the part was read, not what it means
/// (the same choice `syn` makes for spans).
///
/// ```
/// use pipeline_core::expr::{Ast, Part};
///
/// let a = Part::Expr { expr: Ast::context("github"), offset: 0 };
/// let b = Part::Expr { expr: Ast::context("github"), offset: 12 };
/// assert_eq!(a, b);
/// ```
#[derive(Debug, Clone)]
pub enum Part {
    /// Literal text.
    Text(String),
    /// A `${{ }}` expression.
    Expr {
        /// The parsed expression.
        expr: Ast,
        /// The byte offset of `${{` in the parsed string; 0 for parts built in code.
        offset: usize,
    },
}

impl PartialEq for Part {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Part::Text(a), Part::Text(b)) => a == b,
            (Part::Expr { expr: a, .. }, Part::Expr { expr: b, .. }) => a == b,
            _ => false,
        }
    }
}

impl Eq for Part {}

impl std::hash::Hash for Part {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        match self {
            Part::Text(text) => (0u8, text).hash(state),
            Part::Expr { expr, .. } => (1u8, expr).hash(state),
        }
    }
}

impl Template {
    /// An empty template.
    ///
    /// ```
    /// use pipeline_core::expr::Template;
    ///
    /// assert_eq!(Template::new().to_string(), "");
    /// ```
    #[must_use]
    pub fn new() -> Self {
        Template::default()
    }

    /// Parses a string with any number of `${{ }}` expressions; the first error ends the parse.
    ///
    /// Offsets in errors and in [`Part::Expr`] count bytes from the start of `s`.
    ///
    /// ```
    /// use pipeline_core::expr::Template;
    ///
    /// let err = Template::parse("VERSION=${{ github.sha:0:7 }}").unwrap_err();
    /// assert_eq!(err.offset(), 19);
    /// assert_eq!(err.found(), "`sha:0:7`");
    /// assert!(Template::parse("${{ }}").is_err());
    /// ```
    pub fn parse(s: &str) -> Result<Self, ParseError> {
        let mut template = Template::new();
        for segment in scan(s)? {
            match segment {
                Segment::Text(text) => template.parts.push(Part::Text(text.to_owned())),
                Segment::Expr { source, offset } => template.parts.push(Part::Expr {
                    expr: parse_expr_segment(source, offset)?,
                    offset,
                }),
            }
        }
        Ok(template)
    }

    /// Appends literal text, merging it with text before it.
    ///
    /// ```
    /// use pipeline_core::expr::Template;
    ///
    /// let template = Template::new().text("a").text("b");
    /// assert_eq!(template.parts.len(), 1);
    /// ```
    #[must_use]
    pub fn text(mut self, text: impl AsRef<str>) -> Self {
        self.push_text(text.as_ref());
        self
    }

    /// Appends an expression.
    ///
    /// ```
    /// use pipeline_core::expr::{Template, github};
    ///
    /// let template = Template::new().text("sha=").expr(github::sha());
    /// assert_eq!(template.to_string(), "sha=${{ github.sha }}");
    /// ```
    #[must_use]
    pub fn expr(mut self, expr: impl Into<Ast>) -> Self {
        self.parts.push(Part::Expr {
            expr: expr.into(),
            offset: 0,
        });
        self
    }

    /// Appends literal text in place, merging it with text before it.
    ///
    /// ```
    /// use pipeline_core::expr::Template;
    ///
    /// let mut template = Template::new();
    /// template.push_text("");
    /// assert!(template.parts.is_empty());
    /// ```
    pub fn push_text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        match self.parts.last_mut() {
            Some(Part::Text(last)) => last.push_str(text),
            _ => self.parts.push(Part::Text(text.to_owned())),
        }
    }

    /// The expressions, in order.
    ///
    /// ```
    /// use pipeline_core::expr::Template;
    ///
    /// let template = Template::parse("${{ a }} and ${{ b }}")?;
    /// assert_eq!(template.expressions().count(), 2);
    /// # Ok::<(), pipeline_core::expr::ParseError>(())
    /// ```
    pub fn expressions(&self) -> impl Iterator<Item = &Ast> {
        self.parts.iter().filter_map(|part| match part {
            Part::Expr { expr, .. } => Some(expr),
            Part::Text(_) => None,
        })
    }

    /// The expression when the template is exactly one `${{ }}` with no text around it.
    ///
    /// ```
    /// use pipeline_core::expr::Template;
    ///
    /// assert!(Template::parse("${{ a }}")?.as_expr().is_some());
    /// assert!(Template::parse("${{ a }} ")?.as_expr().is_none());
    /// # Ok::<(), pipeline_core::expr::ParseError>(())
    /// ```
    #[must_use]
    pub fn as_expr(&self) -> Option<&Ast> {
        match self.parts.as_slice() {
            [Part::Expr { expr, .. }] => Some(expr),
            _ => None,
        }
    }
}

fn parse_expr_segment(source: &str, offset: usize) -> Result<Ast, ParseError> {
    parse_at(source, offset + OPEN.len(), CLOSE_NAME)
}

impl FromStr for Template {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Template::parse(s)
    }
}

impl From<Ast> for Template {
    fn from(expr: Ast) -> Self {
        Template::new().expr(expr)
    }
}

impl Display for Template {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        for part in &self.parts {
            match part {
                Part::Text(text) => {
                    let mut pieces = text.split(OPEN);
                    if let Some(first) = pieces.next() {
                        f.write_str(first)?;
                    }
                    for piece in pieces {
                        f.write_str("${{ '${{' }}")?;
                        f.write_str(piece)?;
                    }
                }
                Part::Expr { expr, .. } => write!(f, "${{{{ {expr} }}}}")?,
            }
        }
        Ok(())
    }
}

/// The value of an `if:` key (also `pre-if:` and `post-if:` in action metadata).
///
/// GitHub reads an `if:` value as an expression whether or not it is wrapped in `${{ }}`. The rule, as in
/// GitHub's workflow parser (`convertToIfCondition` after `parseScalar`): when the trimmed value is exactly
/// one `${{ }}`, the condition is that expression ([`Condition::Wrapped`]); when it holds no `${{` at all, it
/// is a bare expression ([`Condition::Bare`]); otherwise, as in `${{ a }} && b`, GitHub turns the value into
/// a `format()` string, which is truthy whenever it is not empty, so the condition is almost always true.
/// That last case is kept as a [`Condition::Template`] for the validator to flag, not rejected here.
///
/// ```
/// use pipeline_core::expr::{Condition, parse_condition};
///
/// assert!(matches!(parse_condition("github.event_name == 'push'")?, Condition::Bare(_)));
/// assert!(matches!(parse_condition(" ${{ failure() }} ")?, Condition::Wrapped(_)));
/// assert!(matches!(parse_condition("${{ a }} && b")?, Condition::Template(_)));
/// # Ok::<(), pipeline_core::expr::ParseError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Condition {
    /// `if: success() && x`. Display writes it in `${{ }}` when its text holds `${{` in a string literal,
    /// which then parses back as [`Condition::Wrapped`].
    Bare(Ast),
    /// `if: ${{ success() && x }}`
    Wrapped(Ast),
    /// `if: ${{ x }} && y`: text around `${{ }}`, which GitHub evaluates as a string.
    Template(Template),
}

/// Parses the value of an `if:` key; see [`Condition`] for the rule.
///
/// ```
/// use pipeline_core::expr::parse_condition;
///
/// let condition = parse_condition("${{ !cancelled() }}")?;
/// assert_eq!(condition.to_string(), "${{ !cancelled() }}");
/// assert_eq!(parse_condition("a ==").unwrap_err().offset(), 4);
/// # Ok::<(), pipeline_core::expr::ParseError>(())
/// ```
pub fn parse_condition(s: &str) -> Result<Condition, ParseError> {
    if !crate::text::has_expression(s) {
        let leading = s.len() - s.trim_start().len();
        return parse_at(s.trim(), leading, "end of input").map(Condition::Bare);
    }
    let template = Template::parse(s)?;
    let mut exprs = template.parts.iter().filter(|part| match part {
        Part::Text(text) => !text.trim().is_empty(),
        Part::Expr { .. } => true,
    });
    match (exprs.next(), exprs.next()) {
        (Some(Part::Expr { expr, .. }), None) => Ok(Condition::Wrapped(expr.clone())),
        _ => Ok(Condition::Template(template)),
    }
}

impl Condition {
    /// The expression GitHub evaluates, unless the condition is a [`Condition::Template`].
    ///
    /// ```
    /// use pipeline_core::expr::parse_condition;
    ///
    /// assert!(parse_condition("always()")?.expr().is_some());
    /// assert!(parse_condition("${{ a }} || b")?.expr().is_none());
    /// # Ok::<(), pipeline_core::expr::ParseError>(())
    /// ```
    #[must_use]
    pub fn expr(&self) -> Option<&Ast> {
        match self {
            Condition::Bare(expr) | Condition::Wrapped(expr) => Some(expr),
            Condition::Template(_) => None,
        }
    }
}

/// The text of a bare condition: the expression, or the expression in `${{ }}` when its text holds `${{`
/// (inside a string literal), because GitHub would otherwise read the value as a template.
pub(crate) fn bare_condition(expr: &Ast) -> String {
    let text = expr.to_string();
    if crate::text::has_expression(&text) {
        format!("${{{{ {text} }}}}")
    } else {
        text
    }
}

impl FromStr for Condition {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_condition(s)
    }
}

impl Display for Condition {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Condition::Bare(expr) => f.write_str(&bare_condition(expr)),
            Condition::Wrapped(expr) => write!(f, "${{{{ {expr} }}}}"),
            Condition::Template(template) => write!(f, "{template}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_inside_string_does_not_end_expression() {
        let template = Template::parse("${{ format('{0}}}', a) }}x").unwrap();
        assert_eq!(template.parts.len(), 2);
        assert_eq!(template.to_string(), "${{ format('{0}}}', a) }}x");
    }

    #[test]
    fn text_with_open_sequence_is_written_as_expression() {
        let template = Template::new().text("a${{b");
        assert_eq!(template.to_string(), "a${{ '${{' }}b");
        let reparsed = Template::parse(&template.to_string()).unwrap();
        assert_eq!(reparsed.parts.len(), 3);
    }

    #[test]
    fn empty_expression_points_at_close() {
        let err = Template::parse("x ${{  }}").unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected an expression at offset 7, found `}}`"
        );
    }
}
