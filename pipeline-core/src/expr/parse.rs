//! The lexer and the precedence-climbing parser for one expression (the text between `${{` and `}}`).
//!
//! The lexer follows GitHub's own (`actions/languageservices`, `expressions/src/lexer.ts`): a name or a
//! number runs until a boundary character, `.` starts a number unless it follows a name, `]`, `)` or `*`,
//! and `true`, `false`, `null`, `NaN` and `Infinity` are literals except right after a `.`.
//! The parser never panics and never recurses deeper than [`MAX_NESTING`], whatever the input.

use std::borrow::Cow;
use std::str::FromStr;

use super::ast::{Ast, BinaryOp, FilterSyntax, Number, is_identifier};

/// How deeply the parser recurses: every `(`, `!`, call, index and change of operator precedence that
/// encloses another one counts a level.
///
/// GitHub's own limit, [`MAX_DEPTH`] by GitHub's count, usually comes first; this one bounds what GitHub does
/// not count (each change of precedence), and keeps the parser's stack small whatever the input, also in
/// unoptimised builds and on threads with small stacks.
///
/// ```
/// use pipeline_core::expr::{MAX_NESTING, parse};
///
/// // Each level is a group and an `==`: one level for GitHub, two for the parser.
/// let nested = |n: usize| format!("{}a{}", "a == (".repeat(n), ")".repeat(n));
/// assert!(parse(&nested(MAX_NESTING / 2 - 1)).is_ok());
/// assert!(parse(&nested(MAX_NESTING / 2 + 1)).is_err());
/// ```
pub const MAX_NESTING: usize = 100;

/// How tall a parsed tree may be, counting every node: long chains such as `a || b || c ...` or
/// `a.b.c...` grow the tree without nesting.
///
/// Printing, comparing and dropping a tree recurse over its height; the limit keeps that safe.
///
/// ```
/// use pipeline_core::expr::{MAX_HEIGHT, parse};
///
/// let chain = |n: usize| format!("a{}", " || a".repeat(n));
/// assert!(parse(&chain(MAX_HEIGHT - 1)).is_ok());
/// assert!(parse(&chain(MAX_HEIGHT)).is_err());
/// ```
pub const MAX_HEIGHT: usize = 512;

/// GitHub's limit on the depth of an expression, counted GitHub's way (`actions/languageservices`,
/// `expressions/src/parser.ts`, `MAX_PARSER_DEPTH`): the expression itself, each parenthesised group,
/// function argument and index counts a level, so does each `!`, each `.name`, `.*`, `[index]` or `[*]`
/// in a chain of them, and a chain of `||` or of `&&` for its right-hand operands. GitHub rejects an
/// expression deeper than this with "Exceeded max expression depth 50".
///
/// ```
/// use pipeline_core::expr::{MAX_DEPTH, parse};
///
/// // `a` counts one level and each `[*]` one more.
/// assert!(parse(&format!("a{}", "[*]".repeat(MAX_DEPTH - 1))).is_ok());
/// assert!(parse(&format!("a{}", "[*]".repeat(MAX_DEPTH))).is_err());
/// ```
pub const MAX_DEPTH: usize = 50;

/// An expression that does not parse: where, what the parser expected there, and what it found.
///
/// ```
/// use pipeline_core::expr::parse;
///
/// let err = parse("contains(github.ref, 'x'").unwrap_err();
/// assert_eq!(err.offset(), 24);
/// assert_eq!(err.to_string(), "expected `,` or `)` at offset 24, found end of input");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("expected {expected} at offset {offset}, found {found}")]
pub struct ParseError {
    offset: usize,
    expected: Cow<'static, str>,
    found: String,
    depth: bool,
}

impl ParseError {
    pub(crate) fn new(
        offset: usize,
        expected: impl Into<Cow<'static, str>>,
        found: impl Into<String>,
    ) -> Self {
        ParseError {
            offset,
            expected: expected.into(),
            found: found.into(),
            depth: false,
        }
    }

    /// Whether the expression is deeper than GitHub's [`MAX_DEPTH`].
    ///
    /// ```
    /// use pipeline_core::expr::parse;
    ///
    /// assert!(parse(&format!("a{}", ".b".repeat(60))).unwrap_err().is_too_deep());
    /// assert!(!parse("a ==").unwrap_err().is_too_deep());
    /// ```
    #[must_use]
    pub fn is_too_deep(&self) -> bool {
        self.depth
    }

    /// The byte offset of the problem in the parsed text (for a template, in the whole template string).
    ///
    /// ```
    /// use pipeline_core::expr::parse;
    ///
    /// assert_eq!(parse("a ==").unwrap_err().offset(), 4);
    /// ```
    #[must_use]
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// What the parser expected at [`offset`](ParseError::offset), such as "`)`" or "an expression".
    ///
    /// ```
    /// use pipeline_core::expr::parse;
    ///
    /// assert_eq!(parse("(a").unwrap_err().expected(), "`)`");
    /// ```
    #[must_use]
    pub fn expected(&self) -> &str {
        &self.expected
    }

    /// What it found instead: a quoted piece of the input, or "end of input".
    ///
    /// ```
    /// use pipeline_core::expr::parse;
    ///
    /// assert_eq!(parse("a = b").unwrap_err().found(), "`=`");
    /// ```
    #[must_use]
    pub fn found(&self) -> &str {
        &self.found
    }
}

/// Parses one expression, the text that goes between `${{` and `}}` (or a bare `if:` condition).
///
/// ```
/// use pipeline_core::expr::{Ast, parse};
///
/// let ast = parse("!cancelled() && matrix.os != 'windows-latest'")?;
/// assert!(matches!(ast, Ast::Binary { .. }));
/// assert!(parse("github.sha:0:7").is_err());
/// # Ok::<(), pipeline_core::expr::ParseError>(())
/// ```
pub fn parse(src: &str) -> Result<Ast, ParseError> {
    parse_at(src, 0, END_OF_INPUT)
}

impl FromStr for Ast {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse(s)
    }
}

const END_OF_INPUT: &str = "end of input";

/// Parses `src`, reporting offsets shifted by `base` and naming the end of `src` as `end`
/// (a template names it "`}}`").
pub(crate) fn parse_at(src: &str, base: usize, end: &'static str) -> Result<Ast, ParseError> {
    let mut parser = Parser {
        lexer: Lexer {
            src,
            pos: 0,
            prev: Prev::Other,
            base,
        },
        peeked: None,
        depth: 0,
        github_depth: 0,
        end,
    };
    let node = parser.full_expression()?;
    let token = parser.next()?;
    if token.kind != Tok::Eof {
        return Err(parser.unexpected(&token, "an operator or the end of the expression"));
    }
    Ok(node.ast)
}

#[derive(Debug, Clone, PartialEq)]
enum Tok<'a> {
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    Dot,
    Star,
    Bang,
    Op(BinaryOp),
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Ident(&'a str),
    /// A run of characters that is no token at all (`=`, `&`, `sha:0:7`); the parser reports it.
    Invalid,
    Eof,
}

#[derive(Debug)]
struct Token<'a> {
    kind: Tok<'a>,
    start: usize,
    end: usize,
}

/// The kind of the previous token, which decides what `.` and keywords mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Prev {
    /// A name, `]`, `)` or `*`: a following `.` is a property dereference.
    Dereferenceable,
    Dot,
    /// Anything else, or nothing yet: a following `.` starts a number (`.5`).
    Other,
}

struct Lexer<'a> {
    src: &'a str,
    pos: usize,
    prev: Prev,
    base: usize,
}

/// Characters that end a name or a number (GitHub's `isBoundary`).
fn is_boundary(c: char) -> bool {
    matches!(
        c,
        '(' | '[' | ')' | ']' | ',' | '.' | '!' | '>' | '<' | '=' | '&' | '|'
    ) || c.is_whitespace()
}

/// Quotes a piece of input for an error message, shortened when long.
fn quote(text: &str) -> String {
    const MAX_CHARS: usize = 24;
    match text.char_indices().nth(MAX_CHARS) {
        Some((cut, _)) => format!("`{}...`", &text[..cut]),
        None => format!("`{text}`"),
    }
}

impl<'a> Lexer<'a> {
    fn rest(&self) -> &'a str {
        &self.src[self.pos..]
    }

    fn next_token(&mut self) -> Result<Token<'a>, ParseError> {
        let skipped = self.rest().len()
            - self
                .rest()
                // Any Unicode white space, as GitHub's lexers skip (a no-break space pasted from a
                // web page is one).
                .trim_start_matches(char::is_whitespace)
                .len();
        self.pos += skipped;
        let start = self.pos;
        let Some(c) = self.rest().chars().next() else {
            return Ok(Token {
                kind: Tok::Eof,
                start,
                end: start,
            });
        };
        let after = start + c.len_utf8();
        let next_is = |expected: u8| self.src.as_bytes().get(after) == Some(&expected);
        let (kind, end) = match c {
            '(' => (Tok::LParen, after),
            ')' => (Tok::RParen, after),
            '[' => (Tok::LBracket, after),
            ']' => (Tok::RBracket, after),
            ',' => (Tok::Comma, after),
            '*' => (Tok::Star, after),
            '.' if self.prev == Prev::Dereferenceable => (Tok::Dot, after),
            '.' | '-' | '+' | '0'..='9' => self.number(start, after)?,
            '!' if next_is(b'=') => (Tok::Op(BinaryOp::Ne), after + 1),
            '!' => (Tok::Bang, after),
            '=' if next_is(b'=') => (Tok::Op(BinaryOp::Eq), after + 1),
            '<' if next_is(b'=') => (Tok::Op(BinaryOp::Le), after + 1),
            '<' => (Tok::Op(BinaryOp::Lt), after),
            '>' if next_is(b'=') => (Tok::Op(BinaryOp::Ge), after + 1),
            '>' => (Tok::Op(BinaryOp::Gt), after),
            '&' if next_is(b'&') => (Tok::Op(BinaryOp::And), after + 1),
            '|' if next_is(b'|') => (Tok::Op(BinaryOp::Or), after + 1),
            '\'' => self.string(start)?,
            _ => self.word(start, after),
        };
        self.pos = end;
        self.prev = match kind {
            Tok::Ident(_) | Tok::RBracket | Tok::RParen | Tok::Star => Prev::Dereferenceable,
            Tok::Dot => Prev::Dot,
            _ => Prev::Other,
        };
        Ok(Token { kind, start, end })
    }

    /// Where a name or number ends, given the end of its first character: at the next boundary character
    /// (`.` included only for names, since numbers hold a decimal point).
    fn run_end(&self, after: usize, dot_ends: bool) -> usize {
        let run = &self.src[after..];
        let len = run
            .find(|c: char| is_boundary(c) && (dot_ends || c != '.'))
            .unwrap_or(run.len());
        after + len
    }

    fn number(&self, start: usize, after: usize) -> Result<(Tok<'a>, usize), ParseError> {
        let end = self.run_end(after, false);
        let text = &self.src[start..end];
        match parse_number(text) {
            Some(value) => Ok((Tok::Number(Number::with_source(value, text)), end)),
            None => Err(ParseError::new(self.base + start, "a number", quote(text))),
        }
    }

    fn string(&self, start: usize) -> Result<(Tok<'a>, usize), ParseError> {
        let mut value = String::new();
        let mut pos = start + 1;
        loop {
            let Some(quote_at) = self.src[pos..].find('\'').map(|i| pos + i) else {
                return Err(ParseError::new(
                    self.base + self.src.len(),
                    "`'` to close the string",
                    "end of input",
                ));
            };
            value.push_str(&self.src[pos..quote_at]);
            if self.src.as_bytes().get(quote_at + 1) == Some(&b'\'') {
                value.push('\'');
                pos = quote_at + 2;
            } else {
                return Ok((Tok::String(value), quote_at + 1));
            }
        }
    }

    fn word(&self, start: usize, after: usize) -> (Tok<'a>, usize) {
        let end = self.run_end(after, true);
        let text = &self.src[start..end];
        let kind = match text {
            _ if self.prev == Prev::Dot => {
                if is_identifier(text) {
                    Tok::Ident(text)
                } else {
                    Tok::Invalid
                }
            }
            "null" => Tok::Null,
            "true" => Tok::Bool(true),
            "false" => Tok::Bool(false),
            "NaN" => Tok::Number(Number::new(f64::NAN)),
            "Infinity" => Tok::Number(Number::new(f64::INFINITY)),
            _ if is_identifier(text) => Tok::Ident(text),
            _ => Tok::Invalid,
        };
        (kind, end)
    }
}

/// What a token is, as far as checking names and arguments in GitHub's order needs to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LexemeClass {
    /// A name: a context, a function, or a property after `.`.
    Name,
    LParen,
    RParen,
    Comma,
    Dot,
    /// A string literal, quotes included.
    String,
    Other,
}

/// One token of an expression: its class and its byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Lexeme {
    pub(crate) class: LexemeClass,
    pub(crate) start: usize,
    pub(crate) end: usize,
}

/// Every token of `src`, read in full before parsing as GitHub's lexer does, so a lexical error anywhere
/// is reported before a syntax error; the error is the byte range of the first token that is none.
pub(crate) fn lexemes(src: &str) -> Result<Vec<Lexeme>, (usize, usize)> {
    let mut lexer = Lexer {
        src,
        pos: 0,
        prev: Prev::Other,
        base: 0,
    };
    let mut out = Vec::new();
    loop {
        let token = match lexer.next_token() {
            Ok(token) => token,
            Err(_) => {
                // The lexer stops at the start of the bad number or string.
                let start = lexer.pos;
                let end = if src[start..].starts_with('\'') {
                    src.len()
                } else {
                    let first = src[start..].chars().next().map_or(0, char::len_utf8);
                    lexer.run_end(start + first, false)
                };
                return Err((start, end));
            }
        };
        let class = match token.kind {
            Tok::Eof => return Ok(out),
            Tok::Invalid => return Err((token.start, token.end)),
            Tok::Ident(_) => LexemeClass::Name,
            Tok::LParen => LexemeClass::LParen,
            Tok::RParen => LexemeClass::RParen,
            Tok::Comma => LexemeClass::Comma,
            Tok::Dot => LexemeClass::Dot,
            Tok::String(_) => LexemeClass::String,
            _ => LexemeClass::Other,
        };
        out.push(Lexeme {
            class,
            start: token.start,
            end: token.end,
        });
    }
}

/// Reads a number the way GitHub's lexer accepts one: an optional sign, then decimal digits with an
/// optional fraction and exponent (`1`, `-9.2`, `.5`, `5.`, `1e3`, `-2.99e-2`), unsigned hexadecimal
/// (`0xff`) or octal (`0o17`), or `Infinity`.
///
/// GitHub converts a string to a number by the same rule (JavaScript's `Number()`, which the runner's
/// `ExpressionUtility.ParseNumber` follows), after trimming white space; the evaluator uses it for that too.
pub(crate) fn parse_number(text: &str) -> Option<f64> {
    let (negative, unsigned) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let signed = |v: f64| if negative { -v } else { v };
    if unsigned == "Infinity" {
        return Some(signed(f64::INFINITY));
    }
    let radix = match unsigned.get(..2) {
        Some("0x" | "0X") => 16,
        Some("0o" | "0O") => 8,
        _ => 10,
    };
    if radix != 10 {
        let digits = &unsigned[2..];
        if unsigned.len() != text.len() || digits.is_empty() {
            return None;
        }
        return digits.chars().try_fold(0.0_f64, |acc, c| {
            c.to_digit(radix)
                .map(|d| acc * f64::from(radix) + f64::from(d))
        });
    }
    let bytes = unsigned.as_bytes();
    let digits = |from: usize| {
        bytes[from..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    let int_digits = digits(0);
    let mut pos = int_digits;
    let mut frac_digits = 0;
    if bytes.get(pos) == Some(&b'.') {
        frac_digits = digits(pos + 1);
        pos += 1 + frac_digits;
    }
    if int_digits + frac_digits == 0 {
        return None;
    }
    if matches!(bytes.get(pos), Some(b'e' | b'E')) {
        pos += 1;
        if matches!(bytes.get(pos), Some(b'+' | b'-')) {
            pos += 1;
        }
        let exp_digits = digits(pos);
        if exp_digits == 0 {
            return None;
        }
        pos += exp_digits;
    }
    if pos != bytes.len() {
        return None;
    }
    unsigned.parse::<f64>().ok().map(signed)
}

/// A parsed subtree and its height, which the parser keeps within [`MAX_HEIGHT`].
struct Node {
    ast: Ast,
    height: usize,
}

struct Parser<'a> {
    lexer: Lexer<'a>,
    peeked: Option<Token<'a>>,
    /// The recursion depth, bounded by [`MAX_NESTING`] to keep the stack small.
    depth: usize,
    /// The depth as GitHub counts it, bounded by [`MAX_DEPTH`].
    github_depth: usize,
    end: &'static str,
}

// Every function on the recursion path (expression, unary, primary, group, call) keeps few locals, and
// the work with many temporaries lives in helpers that return before recursing: unoptimised builds give
// each function a frame big enough for all its locals, and the frames on the path add up per nesting level.
impl<'a> Parser<'a> {
    fn peek(&mut self) -> Result<&Tok<'a>, ParseError> {
        if self.peeked.is_none() {
            self.peeked = Some(self.lexer.next_token()?);
        }
        Ok(self.peeked.as_ref().map_or(&Tok::Eof, |t| &t.kind))
    }

    fn next(&mut self) -> Result<Token<'a>, ParseError> {
        match self.peeked.take() {
            Some(token) => Ok(token),
            None => self.lexer.next_token(),
        }
    }

    fn unexpected(&self, token: &Token<'a>, expected: &'static str) -> ParseError {
        let found = if token.kind == Tok::Eof {
            self.end.to_owned()
        } else {
            quote(&self.lexer.src[token.start..token.end])
        };
        ParseError::new(self.lexer.base + token.start, expected, found)
    }

    fn enter(&mut self) -> Result<(), ParseError> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(ParseError::new(
                self.lexer.base + self.lexer.pos,
                format!("at most {MAX_NESTING} levels of nesting"),
                "deeper nesting",
            ));
        }
        Ok(())
    }

    /// One more level of GitHub's depth; an error past [`MAX_DEPTH`].
    fn deeper(&mut self) -> Result<(), ParseError> {
        self.github_depth += 1;
        if self.github_depth > MAX_DEPTH {
            let mut err = ParseError::new(
                self.lexer.base + self.lexer.pos,
                format!("an expression at most {MAX_DEPTH} levels deep"),
                "a deeper one",
            );
            err.depth = true;
            return Err(err);
        }
        Ok(())
    }

    /// A whole expression where GitHub's grammar starts one: at the top, in a group, an argument or an index.
    fn full_expression(&mut self) -> Result<Node, ParseError> {
        self.deeper()?;
        let node = self.expression(0)?;
        self.github_depth -= 1;
        Ok(node)
    }

    fn node(&self, ast: Ast, height: usize, offset: usize) -> Result<Node, ParseError> {
        if height > MAX_HEIGHT {
            return Err(ParseError::new(
                self.lexer.base + offset,
                format!("a tree at most {MAX_HEIGHT} nodes tall"),
                "a longer chain",
            ));
        }
        Ok(Node { ast, height })
    }

    fn expect(&mut self, kind: &Tok<'a>, expected: &'static str) -> Result<(), ParseError> {
        let token = self.next()?;
        if &token.kind == kind {
            Ok(())
        } else {
            Err(self.unexpected(&token, expected))
        }
    }

    /// Binary operators of at least `min_precedence`, left-associative.
    ///
    /// GitHub counts a level for the right-hand operands of a chain of `||`, and one for those of a chain of
    /// `&&`; a chain of `&&` ends where a `||` starts.
    fn expression(&mut self, min_precedence: u8) -> Result<Node, ParseError> {
        self.enter()?;
        let mut left = self.unary()?;
        let (mut in_or, mut in_and) = (false, false);
        while let Some((op, offset)) = self.binary_operator(min_precedence)? {
            if op == BinaryOp::Or && in_and {
                self.github_depth -= 1;
                in_and = false;
            }
            let starts_chain = match op {
                BinaryOp::Or => !std::mem::replace(&mut in_or, true),
                BinaryOp::And => !std::mem::replace(&mut in_and, true),
                _ => false,
            };
            if starts_chain {
                self.deeper()?;
            }
            let right = self.expression(op.precedence() + 1)?;
            left = self.binary(op, offset, left, right)?;
        }
        self.github_depth -= usize::from(in_or) + usize::from(in_and);
        self.depth -= 1;
        Ok(left)
    }

    /// Consumes the next token when it is a binary operator of at least `min_precedence`.
    fn binary_operator(
        &mut self,
        min_precedence: u8,
    ) -> Result<Option<(BinaryOp, usize)>, ParseError> {
        match self.peek()? {
            Tok::Op(op) if op.precedence() >= min_precedence => {
                let op = *op;
                Ok(Some((op, self.next()?.start)))
            }
            _ => Ok(None),
        }
    }

    fn binary(
        &self,
        op: BinaryOp,
        offset: usize,
        left: Node,
        right: Node,
    ) -> Result<Node, ParseError> {
        let height = left.height.max(right.height) + 1;
        self.node(Ast::binary(op, left.ast, right.ast), height, offset)
    }

    fn unary(&mut self) -> Result<Node, ParseError> {
        if self.peek()? == &Tok::Bang {
            let offset = self.next()?.start;
            self.enter()?;
            self.deeper()?;
            let operand = self.unary()?;
            self.github_depth -= 1;
            self.depth -= 1;
            return self.node(operand.ast.negate(), operand.height + 1, offset);
        }
        let (node, dereferenceable) = self.primary()?;
        if dereferenceable {
            self.postfix(node)
        } else {
            Ok(node)
        }
    }

    /// `.name`, `.*`, `[index]` and `[*]` after `node`, which GitHub allows only after a name, a call or a
    /// parenthesised expression.
    ///
    /// GitHub counts a level for each of them, up to the end of the chain.
    fn postfix(&mut self, mut node: Node) -> Result<Node, ParseError> {
        let mut levels = 0;
        loop {
            node = match self.peek()? {
                Tok::Dot => {
                    self.deeper()?;
                    self.dot(node)?
                }
                Tok::LBracket => {
                    let node = self.bracket(node)?;
                    self.deeper()?;
                    node
                }
                _ => break,
            };
            levels += 1;
        }
        self.github_depth -= levels;
        Ok(node)
    }

    fn dot(&mut self, node: Node) -> Result<Node, ParseError> {
        self.next()?;
        let token = self.next()?;
        let ast = match token.kind {
            Tok::Ident(name) => node.ast.property(name),
            Tok::Star => Ast::Filter {
                target: Box::new(node.ast),
                syntax: FilterSyntax::Dot,
            },
            _ => return Err(self.unexpected(&token, "a property name or `*`")),
        };
        self.node(ast, node.height + 1, token.start)
    }

    fn bracket(&mut self, node: Node) -> Result<Node, ParseError> {
        let offset = self.next()?.start;
        if self.peek()? == &Tok::Star {
            self.next()?;
            self.expect(&Tok::RBracket, "`]`")?;
            let ast = Ast::Filter {
                target: Box::new(node.ast),
                syntax: FilterSyntax::Bracket,
            };
            return self.node(ast, node.height + 1, offset);
        }
        let index = self.full_expression()?;
        self.expect(&Tok::RBracket, "`]`")?;
        let height = node.height.max(index.height) + 1;
        self.node(node.ast.index(index.ast), height, offset)
    }

    /// A literal, a name, a call or a parenthesised expression, and whether a property may follow it.
    fn primary(&mut self) -> Result<(Node, bool), ParseError> {
        let token = self.next()?;
        match token.kind {
            Tok::LParen => Ok((self.group()?, true)),
            Tok::Ident(name) => Ok((self.name(name, token.start)?, true)),
            _ => self.literal(token).map(|node| (node, false)),
        }
    }

    fn literal(&self, token: Token<'a>) -> Result<Node, ParseError> {
        let ast = match token.kind {
            Tok::Null => Ast::Null,
            Tok::Bool(value) => Ast::Bool(value),
            Tok::Number(number) => Ast::Number(number),
            Tok::String(value) => Ast::String(value),
            _ => return Err(self.unexpected(&token, "an expression")),
        };
        Ok(Node { ast, height: 1 })
    }

    fn group(&mut self) -> Result<Node, ParseError> {
        let inner = self.full_expression()?;
        self.expect(&Tok::RParen, "`)`")?;
        Ok(inner)
    }

    /// A context, or a call when `(` follows the name.
    fn name(&mut self, name: &'a str, offset: usize) -> Result<Node, ParseError> {
        if self.peek()? != &Tok::LParen {
            return Ok(Node {
                ast: Ast::context(name),
                height: 1,
            });
        }
        self.next()?;
        let mut args = Vec::new();
        let mut height = 0;
        if self.peek()? == &Tok::RParen {
            self.next()?;
        } else {
            loop {
                let arg = self.full_expression()?;
                height = height.max(arg.height);
                args.push(arg.ast);
                if self.argument_separator()? {
                    break;
                }
            }
        }
        self.node(Ast::call(name, args), height + 1, offset)
    }

    /// Consumes `,` (returning false) or `)` (returning true) after an argument.
    fn argument_separator(&mut self) -> Result<bool, ParseError> {
        let token = self.next()?;
        match token.kind {
            Tok::Comma => Ok(false),
            Tok::RParen => Ok(true),
            _ => Err(self.unexpected(&token, "`,` or `)`")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(text: &str) -> Option<f64> {
        parse_number(text)
    }

    #[test]
    fn numbers_follow_github_lexer() {
        for (text, value) in [
            ("0", 0.0),
            ("711", 711.0),
            ("-9.2", -9.2),
            ("0xff", 255.0),
            ("0XFF", 255.0),
            ("-2.99e-2", -2.99e-2),
            ("1e3", 1000.0),
            ("1E+3", 1000.0),
            (".5", 0.5),
            ("5.", 5.0),
            ("+1", 1.0),
            ("007", 7.0),
            ("-Infinity", f64::NEG_INFINITY),
            ("0o17", 15.0),
            ("0O17", 15.0),
        ] {
            assert_eq!(number(text), Some(value), "{text}");
        }
        for text in [
            "", "-", "+", ".", "1e", "1e+", "0x", "-0xff", "1.2.3", "1-2", "1a", "0b1", "0o8",
            "-0o7", "-NaN", "e5", "1..2",
        ] {
            assert_eq!(number(text), None, "{text}");
        }
    }

    #[test]
    fn lexer_reads_dot_by_previous_token() {
        // `.5` after an operator is a number; after a name it is a property dereference.
        assert_eq!(
            parse("a == .5").map(|a| a.to_string()),
            Ok("a == .5".into())
        );
        assert!(parse("a.5").is_err());
        assert!(parse("a.true").is_ok());
        assert!(parse("true.a").is_err());
    }
}
