//! The syntax tree of one `${{ }}` expression, as GitHub's grammar defines it.
//!
//! The tree keeps what the author wrote where it changes the text but not the meaning (the spelling of a
//! number, `a.*` versus `a[*]`, the case of a function name), and drops what the printer can rebuild
//! (grouping parentheses, spaces). Printing a tree and parsing the text again gives an equal tree.

use std::fmt;
use std::hash::{Hash, Hasher};

/// One node of an expression.
///
/// ```
/// use pipeline_core::expr::{Ast, BinaryOp};
///
/// let ast: Ast = "github.ref == 'refs/heads/main'".parse()?;
/// let expected = Ast::binary(
///     BinaryOp::Eq,
///     Ast::context("github").property("ref"),
///     Ast::string("refs/heads/main"),
/// );
/// assert_eq!(ast, expected);
/// # Ok::<(), pipeline_core::expr::ParseError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Ast {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number such as `711`, `-9.2`, `0xff` or `-2.99e-2`.
    Number(Number),
    /// A string in single quotes; the value here is unescaped (`'It''s'` holds `It's`).
    String(String),
    /// A named value at the root of a path: a context such as `github`, `env` or `matrix`.
    ///
    /// GitHub compares context names without regard to case; the tree keeps the spelling as written.
    Context(String),
    /// Property dereference `target.name`.
    Property {
        /// The value whose property is read.
        target: Box<Ast>,
        /// The property name: a letter or `_`, then letters, digits, `_` or `-`.
        name: String,
    },
    /// Index access `target[index]`, where the index is any expression (`a['b']`, `a[0]`, `a[matrix.k]`).
    Index {
        /// The value being indexed.
        target: Box<Ast>,
        /// The index expression.
        index: Box<Ast>,
    },
    /// Object filter `target.*` or `target[*]`: every element or property value of `target`.
    Filter {
        /// The array or object being filtered.
        target: Box<Ast>,
        /// Which of the two equivalent spellings was used.
        syntax: FilterSyntax,
    },
    /// Logical not `!operand`.
    Not(Box<Ast>),
    /// A binary operator; every one of them is left-associative.
    Binary {
        /// The operator.
        op: BinaryOp,
        /// The left operand.
        left: Box<Ast>,
        /// The right operand.
        right: Box<Ast>,
    },
    /// A function call `name(args...)`.
    ///
    /// The parser accepts any name; [`lookup`](crate::expr::functions::lookup) knows the ones GitHub defines.
    /// Function names are case-insensitive on GitHub; the tree keeps the spelling as written.
    Call {
        /// The function name as written (`toJSON`, `toJson`).
        name: String,
        /// The arguments in order.
        args: Vec<Ast>,
    },
}

/// The two spellings of an object filter, which mean the same.
///
/// ```
/// use pipeline_core::expr::{Ast, FilterSyntax};
///
/// let dot: Ast = "labels.*.name".parse()?;
/// let bracket: Ast = "labels[*].name".parse()?;
/// assert_ne!(dot, bracket);
/// assert_eq!(dot.to_string(), "labels.*.name");
/// assert_eq!(bracket.to_string(), "labels[*].name");
/// # Ok::<(), pipeline_core::expr::ParseError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum FilterSyntax {
    /// `target.*`
    #[default]
    Dot,
    /// `target[*]`
    Bracket,
}

/// A binary operator, listed from the loosest binding to the tightest.
///
/// ```
/// use pipeline_core::expr::BinaryOp;
///
/// assert!(BinaryOp::And.precedence() > BinaryOp::Or.precedence());
/// assert_eq!(BinaryOp::Le.symbol(), "<=");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BinaryOp {
    /// `||`
    Or,
    /// `&&`
    And,
    /// `==` (loose equality; strings compare without regard to case)
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl BinaryOp {
    /// Every operator, in the order of the enum.
    ///
    /// ```
    /// use pipeline_core::expr::BinaryOp;
    ///
    /// assert_eq!(BinaryOp::ALL.len(), 8);
    /// ```
    pub const ALL: [BinaryOp; 8] = [
        BinaryOp::Or,
        BinaryOp::And,
        BinaryOp::Eq,
        BinaryOp::Ne,
        BinaryOp::Lt,
        BinaryOp::Le,
        BinaryOp::Gt,
        BinaryOp::Ge,
    ];

    /// The operator as written in an expression.
    ///
    /// ```
    /// use pipeline_core::expr::BinaryOp;
    ///
    /// assert_eq!(BinaryOp::Or.symbol(), "||");
    /// ```
    #[must_use]
    pub const fn symbol(self) -> &'static str {
        match self {
            BinaryOp::Or => "||",
            BinaryOp::And => "&&",
            BinaryOp::Eq => "==",
            BinaryOp::Ne => "!=",
            BinaryOp::Lt => "<",
            BinaryOp::Le => "<=",
            BinaryOp::Gt => ">",
            BinaryOp::Ge => ">=",
        }
    }

    /// How tightly the operator binds: `||` 1, `&&` 2, `==` `!=` 3, `<` `<=` `>` `>=` 4.
    ///
    /// GitHub's parser (and `actions/languageservices`) uses this order; `!` binds tighter than all of them.
    ///
    /// ```
    /// use pipeline_core::expr::BinaryOp;
    ///
    /// assert!(BinaryOp::Lt.precedence() > BinaryOp::Eq.precedence());
    /// ```
    #[must_use]
    pub const fn precedence(self) -> u8 {
        match self {
            BinaryOp::Or => 1,
            BinaryOp::And => 2,
            BinaryOp::Eq | BinaryOp::Ne => 3,
            BinaryOp::Lt | BinaryOp::Le | BinaryOp::Gt | BinaryOp::Ge => 4,
        }
    }
}

impl fmt::Display for BinaryOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.symbol())
    }
}

/// A number literal: its value, and its spelling when that differs from the canonical one.
///
/// `Number::new(255.0)` prints as `255`; the parsed `0xff` has the same value and prints as `0xff` again.
/// Two numbers are equal when both the value (bit for bit, with every NaN equal) and the kept spelling are.
///
/// ```
/// use pipeline_core::expr::{Ast, Number};
///
/// let hex: Ast = "0xff".parse()?;
/// let Ast::Number(n) = &hex else { unreachable!() };
/// assert_eq!(n.value(), 255.0);
/// assert!(n.is_hex());
/// assert_eq!(hex.to_string(), "0xff");
/// assert_eq!(Number::new(255.0).to_string(), "255");
/// # Ok::<(), pipeline_core::expr::ParseError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Number {
    value: f64,
    /// The spelling as written; `None` when it equals [`canonical`](Number::canonical).
    source: Option<Box<str>>,
}

impl Number {
    /// A number printed in canonical form.
    ///
    /// ```
    /// use pipeline_core::expr::Number;
    ///
    /// assert_eq!(Number::new(-9.2).to_string(), "-9.2");
    /// ```
    #[must_use]
    pub fn new(value: f64) -> Self {
        Number {
            value,
            source: None,
        }
    }

    /// A number with the spelling it was written with; the parser is the one caller.
    pub(crate) fn with_source(value: f64, source: &str) -> Self {
        let number = Number::new(value);
        if number.canonical() == source {
            number
        } else {
            Number {
                value,
                source: Some(source.into()),
            }
        }
    }

    /// The value.
    ///
    /// ```
    /// use pipeline_core::expr::Number;
    ///
    /// assert_eq!(Number::new(3.5).value(), 3.5);
    /// ```
    #[must_use]
    pub fn value(&self) -> f64 {
        self.value
    }

    /// The spelling the author used, when it differs from the canonical one (`0xff`, `1e3`, `+1`, `1.50`).
    ///
    /// ```
    /// use pipeline_core::expr::{Ast, Number};
    ///
    /// let Ast::Number(n) = "1e3".parse::<Ast>()? else { unreachable!() };
    /// assert_eq!(n.source(), Some("1e3"));
    /// assert_eq!(Number::new(1000.0).source(), None);
    /// # Ok::<(), pipeline_core::expr::ParseError>(())
    /// ```
    #[must_use]
    pub fn source(&self) -> Option<&str> {
        self.source.as_deref()
    }

    /// Whether the author wrote the number in hexadecimal (`0xff`).
    ///
    /// ```
    /// use pipeline_core::expr::Number;
    ///
    /// assert!(!Number::new(255.0).is_hex());
    /// ```
    #[must_use]
    pub fn is_hex(&self) -> bool {
        self.source
            .as_deref()
            .is_some_and(|s| s.starts_with("0x") || s.starts_with("0X"))
    }

    /// The canonical spelling of the value: integers below 10^15 without a fraction, `NaN`, `Infinity`,
    /// `-Infinity`, `-0`, and otherwise Rust's shortest round-tripping form (`0.1`, `1e21`, `1.5e-7`).
    ///
    /// ```
    /// use pipeline_core::expr::Number;
    ///
    /// assert_eq!(Number::new(1e21).canonical(), "1e21");
    /// assert_eq!(Number::new(f64::INFINITY).canonical(), "Infinity");
    /// ```
    #[must_use]
    pub fn canonical(&self) -> String {
        let v = self.value;
        if v.is_nan() {
            "NaN".to_owned()
        } else if v.is_infinite() {
            if v > 0.0 { "Infinity" } else { "-Infinity" }.to_owned()
        } else if v == 0.0 {
            if v.is_sign_negative() { "-0" } else { "0" }.to_owned()
        } else if v.fract() == 0.0 && v.abs() < 1e15 {
            // Exact: the value is an integer well inside i64's range.
            format!("{}", v as i64)
        } else {
            format!("{v:?}")
        }
    }

    /// The bits used for equality and hashing: every NaN counts as one value.
    fn key(&self) -> u64 {
        if self.value.is_nan() {
            f64::NAN.to_bits()
        } else {
            self.value.to_bits()
        }
    }
}

impl PartialEq for Number {
    fn eq(&self, other: &Self) -> bool {
        self.key() == other.key() && self.source == other.source
    }
}

impl Eq for Number {}

impl Hash for Number {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.key().hash(state);
        self.source.hash(state);
    }
}

impl From<f64> for Number {
    fn from(value: f64) -> Self {
        Number::new(value)
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.source {
            Some(source) => f.write_str(source),
            None => f.write_str(&self.canonical()),
        }
    }
}

/// Whether `s` may follow a `.` as a property name or stand as a context or function name:
/// a letter or `_`, then letters, digits, `_` or `-` (ASCII only, as GitHub's lexer requires).
///
/// ```
/// use pipeline_core::expr::is_identifier;
///
/// assert!(is_identifier("fail-fast"));
/// assert!(is_identifier("_x1"));
/// assert!(!is_identifier("1x"));
/// assert!(!is_identifier("my var"));
/// ```
#[must_use]
pub fn is_identifier(s: &str) -> bool {
    let mut bytes = s.bytes();
    match bytes.next() {
        Some(b) if b.is_ascii_alphabetic() || b == b'_' => {}
        _ => return false,
    }
    bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// The words GitHub's lexer reads as literals rather than names, except right after a `.`:
/// `true`, `false`, `null`, `NaN` and `Infinity`. They are case-sensitive (`True` is a name).
///
/// ```
/// use pipeline_core::expr::is_keyword;
///
/// assert!(is_keyword("null"));
/// assert!(!is_keyword("NULL"));
/// ```
#[must_use]
pub fn is_keyword(s: &str) -> bool {
    matches!(s, "true" | "false" | "null" | "NaN" | "Infinity")
}

impl Ast {
    /// A string literal.
    ///
    /// ```
    /// use pipeline_core::expr::Ast;
    ///
    /// assert_eq!(Ast::string("it's").to_string(), "'it''s'");
    /// ```
    #[must_use]
    pub fn string(value: impl Into<String>) -> Self {
        Ast::String(value.into())
    }

    /// A number literal in canonical spelling.
    ///
    /// ```
    /// use pipeline_core::expr::Ast;
    ///
    /// assert_eq!(Ast::number(3.0).to_string(), "3");
    /// ```
    #[must_use]
    pub fn number(value: f64) -> Self {
        Ast::Number(Number::new(value))
    }

    /// A context (named value) such as `github`.
    ///
    /// ```
    /// use pipeline_core::expr::Ast;
    ///
    /// assert_eq!(Ast::context("runner").to_string(), "runner");
    /// ```
    #[must_use]
    pub fn context(name: impl Into<String>) -> Self {
        Ast::Context(name.into())
    }

    /// `self.name` when `name` is an identifier, otherwise the equivalent `self['name']`.
    ///
    /// ```
    /// use pipeline_core::expr::Ast;
    ///
    /// assert_eq!(Ast::context("env").property("HOME").to_string(), "env.HOME");
    /// assert_eq!(Ast::context("env").property("MY VAR").to_string(), "env['MY VAR']");
    /// ```
    #[must_use]
    pub fn property(self, name: impl Into<String>) -> Self {
        self.property_inner(name.into())
    }

    fn property_inner(self, name: String) -> Self {
        if is_identifier(&name) {
            Ast::Property {
                target: Box::new(self),
                name,
            }
        } else {
            self.index(Ast::String(name))
        }
    }

    /// `self[index]`.
    ///
    /// ```
    /// use pipeline_core::expr::Ast;
    ///
    /// assert_eq!(Ast::context("a").index(Ast::number(0.0)).to_string(), "a[0]");
    /// ```
    #[must_use]
    pub fn index(self, index: Ast) -> Self {
        Ast::Index {
            target: Box::new(self),
            index: Box::new(index),
        }
    }

    /// The object filter `self.*`.
    ///
    /// ```
    /// use pipeline_core::expr::Ast;
    ///
    /// let names = Ast::context("labels").filter().property("name");
    /// assert_eq!(names.to_string(), "labels.*.name");
    /// ```
    #[must_use]
    pub fn filter(self) -> Self {
        Ast::Filter {
            target: Box::new(self),
            syntax: FilterSyntax::Dot,
        }
    }

    /// `!self`.
    ///
    /// ```
    /// use pipeline_core::expr::Ast;
    ///
    /// assert_eq!(Ast::context("a").negate().to_string(), "!a");
    /// ```
    #[must_use]
    pub fn negate(self) -> Self {
        Ast::Not(Box::new(self))
    }

    /// `left op right`.
    ///
    /// ```
    /// use pipeline_core::expr::{Ast, BinaryOp};
    ///
    /// let ast = Ast::binary(BinaryOp::Or, Ast::context("a"), Ast::context("b"));
    /// assert_eq!(ast.to_string(), "a || b");
    /// ```
    #[must_use]
    pub fn binary(op: BinaryOp, left: Ast, right: Ast) -> Self {
        Ast::Binary {
            op,
            left: Box::new(left),
            right: Box::new(right),
        }
    }

    /// A call `name(args...)`.
    ///
    /// ```
    /// use pipeline_core::expr::Ast;
    ///
    /// let ast = Ast::call("toJSON", vec![Ast::context("github")]);
    /// assert_eq!(ast.to_string(), "toJSON(github)");
    /// ```
    #[must_use]
    pub fn call(name: impl Into<String>, args: Vec<Ast>) -> Self {
        Ast::Call {
            name: name.into(),
            args,
        }
    }

    /// Whether this node is a literal (`null`, a boolean, a number or a string).
    ///
    /// ```
    /// use pipeline_core::expr::Ast;
    ///
    /// assert!(Ast::Null.is_literal());
    /// assert!(!Ast::context("github").is_literal());
    /// ```
    #[must_use]
    pub fn is_literal(&self) -> bool {
        matches!(
            self,
            Ast::Null | Ast::Bool(_) | Ast::Number(_) | Ast::String(_)
        )
    }

    /// Calls `visit` on this node and then on every node below it, parents before children, left to right.
    ///
    /// The walk uses an explicit stack, so it is safe on trees of any depth.
    ///
    /// ```
    /// use pipeline_core::expr::Ast;
    ///
    /// let ast: Ast = "success() && contains(github.ref, 'x')".parse()?;
    /// let mut calls = Vec::new();
    /// ast.walk(&mut |node| {
    ///     if let Ast::Call { name, .. } = node {
    ///         calls.push(name.clone());
    ///     }
    /// });
    /// assert_eq!(calls, ["success", "contains"]);
    /// # Ok::<(), pipeline_core::expr::ParseError>(())
    /// ```
    pub fn walk<'a>(&'a self, visit: &mut dyn FnMut(&'a Ast)) {
        let mut stack = Stack::new(self);
        while let Some(node) = stack.pop() {
            visit(node);
            match node {
                Ast::Null | Ast::Bool(_) | Ast::Number(_) | Ast::String(_) | Ast::Context(_) => {}
                Ast::Property { target, .. } | Ast::Filter { target, .. } => stack.push(target),
                Ast::Not(operand) => stack.push(operand),
                Ast::Index { target, index } => {
                    stack.push(index);
                    stack.push(target);
                }
                Ast::Binary { left, right, .. } => {
                    stack.push(right);
                    stack.push(left);
                }
                Ast::Call { args, .. } => args.iter().rev().for_each(|arg| stack.push(arg)),
            }
        }
    }
}

/// The nodes [`Ast::walk`] has yet to visit: on the stack for expressions of usual depth, on the heap
/// past that, so walking the expressions of a large workflow allocates nothing.
struct Stack<'a> {
    inline: [Option<&'a Ast>; 32],
    len: usize,
    spill: Vec<&'a Ast>,
}

impl<'a> Stack<'a> {
    fn new(first: &'a Ast) -> Self {
        let mut inline = [None; 32];
        inline[0] = Some(first);
        Self {
            inline,
            len: 1,
            spill: Vec::new(),
        }
    }

    fn push(&mut self, node: &'a Ast) {
        // The spill holds the top of the stack once the inline part is full.
        if self.spill.is_empty() && self.len < self.inline.len() {
            self.inline[self.len] = Some(node);
            self.len += 1;
        } else {
            self.spill.push(node);
        }
    }

    fn pop(&mut self) -> Option<&'a Ast> {
        if let Some(node) = self.spill.pop() {
            return Some(node);
        }
        self.len = self.len.checked_sub(1)?;
        self.inline[self.len].take()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parents before children, left to right, by plain recursion.
    fn preorder<'a>(ast: &'a Ast, out: &mut Vec<&'a Ast>) {
        out.push(ast);
        match ast {
            Ast::Null | Ast::Bool(_) | Ast::Number(_) | Ast::String(_) | Ast::Context(_) => {}
            Ast::Property { target, .. } | Ast::Filter { target, .. } => preorder(target, out),
            Ast::Not(operand) => preorder(operand, out),
            Ast::Index { target, index } => {
                preorder(target, out);
                preorder(index, out);
            }
            Ast::Binary { left, right, .. } => {
                preorder(left, out);
                preorder(right, out);
            }
            Ast::Call { args, .. } => args.iter().for_each(|a| preorder(a, out)),
        }
    }

    fn walked(ast: &Ast) -> Vec<&Ast> {
        let mut out = Vec::new();
        ast.walk(&mut |node| out.push(node));
        out
    }

    #[test]
    fn walk_visits_in_preorder_past_the_inline_stack() {
        // Wide calls fill the inline stack and spill; nested calls interleave the two.
        let leaf = |i: usize| Ast::String(i.to_string());
        let wide = Ast::call("format", (0..100).map(leaf).collect());
        let nested = Ast::call(
            "join",
            (0..40)
                .map(|i| Ast::call("format", (0..i).map(leaf).collect()))
                .collect(),
        );
        for ast in [wide, nested] {
            let mut expected = Vec::new();
            preorder(&ast, &mut expected);
            let got = walked(&ast);
            assert_eq!(got.len(), expected.len());
            assert!(got.iter().zip(&expected).all(|(a, b)| std::ptr::eq(*a, *b)));
        }
    }

    #[test]
    fn walk_handles_deep_trees() {
        let mut ast = Ast::Bool(true);
        for _ in 0..100_000 {
            ast = Ast::Not(Box::new(ast));
        }
        assert_eq!(walked(&ast).len(), 100_001);
        // Dropping a deep tree recurses; take it apart from the top instead.
        while let Ast::Not(inner) = ast {
            ast = *inner;
        }
    }
}
