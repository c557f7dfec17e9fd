//! [`Expr`], the expression value users build in Rust and hand to the model.

use std::fmt::{self, Display, Formatter};
use std::ops::Not;
use std::str::FromStr;

use super::ast::{Ast, BinaryOp, Number};
use super::parse::{ParseError, parse};
use super::template::{Condition, Template, bare_condition};

/// An expression built in Rust: contexts, literals, operators and function calls.
///
/// Display writes it as `${{ ... }}`, ready for a YAML value; [`Expr::to_condition`] writes it bare for
/// `if:`. Operators are methods named after them (`eq`, `and`, `not`, ...), and `!expr` works too.
/// The methods build expressions: `a.eq(b)` is the expression `a == b`, while `a == b` in Rust compares
/// two trees.
///
/// ```
/// use pipeline_core::expr::{Expr, github, fun::success};
///
/// let on_main = github::git_ref().eq("refs/heads/main");
/// let deploy = success().and(on_main).and(!github::event_name().eq("pull_request"));
/// assert_eq!(
///     deploy.to_condition(),
///     "success() && github.ref == 'refs/heads/main' && !(github.event_name == 'pull_request')",
/// );
/// assert_eq!(Expr::from(3).to_string(), "${{ 3 }}");
/// let yaml: String = github::sha().into();
/// assert_eq!(yaml, "${{ github.sha }}");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Expr(Ast);

impl Expr {
    /// The `null` literal.
    ///
    /// ```
    /// use pipeline_core::expr::Expr;
    ///
    /// assert_eq!(Expr::null().to_string(), "${{ null }}");
    /// ```
    #[must_use]
    pub fn null() -> Self {
        Expr(Ast::Null)
    }

    /// Parses expression text (without `${{ }}`).
    ///
    /// ```
    /// use pipeline_core::expr::{Expr, github};
    ///
    /// let parsed = Expr::parse("github.sha")?;
    /// assert_eq!(parsed, github::sha());
    /// # Ok::<(), pipeline_core::expr::ParseError>(())
    /// ```
    pub fn parse(s: &str) -> Result<Self, ParseError> {
        parse(s).map(Expr)
    }

    /// A context by name, for contexts this module has no function for.
    ///
    /// ```
    /// use pipeline_core::expr::Expr;
    ///
    /// assert_eq!(Expr::context("github").to_string(), "${{ github }}");
    /// ```
    #[must_use]
    pub fn context(name: impl Into<String>) -> Self {
        Expr(Ast::Context(name.into()))
    }

    /// `context.a.b` from a context name and a dotted path of identifiers.
    pub(crate) fn path(context: &str, dotted: &str) -> Self {
        dotted
            .split('.')
            .fold(Expr::context(context), |expr, name| expr.property(name))
    }

    /// The syntax tree.
    ///
    /// ```
    /// use pipeline_core::expr::{Ast, Expr};
    ///
    /// assert_eq!(Expr::null().ast(), &Ast::Null);
    /// ```
    #[must_use]
    pub fn ast(&self) -> &Ast {
        &self.0
    }

    /// The syntax tree, by value.
    ///
    /// ```
    /// use pipeline_core::expr::{Ast, Expr};
    ///
    /// assert_eq!(Expr::from(true).into_ast(), Ast::Bool(true));
    /// ```
    #[must_use]
    pub fn into_ast(self) -> Ast {
        self.0
    }

    /// `self.name`, or `self['name']` when `name` is not an identifier.
    ///
    /// ```
    /// use pipeline_core::expr::github;
    ///
    /// let number = github::event().property("pull_request").property("number");
    /// assert_eq!(number.to_string(), "${{ github.event.pull_request.number }}");
    /// ```
    #[must_use]
    pub fn property(self, name: impl Into<String>) -> Self {
        Expr(self.0.property(name.into()))
    }

    /// `self[index]`.
    ///
    /// ```
    /// use pipeline_core::expr::{env, matrix};
    ///
    /// assert_eq!(env("X").index(0).to_string(), "${{ env.X[0] }}");
    /// assert_eq!(env("X").index(matrix("key")).to_string(), "${{ env.X[matrix.key] }}");
    /// ```
    #[must_use]
    pub fn index(self, index: impl Into<Expr>) -> Self {
        Expr(self.0.index(index.into().0))
    }

    /// The object filter `self.*`.
    ///
    /// ```
    /// use pipeline_core::expr::github;
    ///
    /// let labels = github::event().property("issue").property("labels").filter().property("name");
    /// assert_eq!(labels.to_string(), "${{ github.event.issue.labels.*.name }}");
    /// ```
    #[must_use]
    pub fn filter(self) -> Self {
        Expr(self.0.filter())
    }

    fn binary(self, op: BinaryOp, other: Expr) -> Self {
        Expr(Ast::binary(op, self.0, other.0))
    }

    /// `self == other` (loose equality; strings compare without regard to case).
    ///
    /// ```
    /// use pipeline_core::expr::github;
    ///
    /// assert_eq!(github::event_name().eq("push").to_condition(), "github.event_name == 'push'");
    /// ```
    #[must_use]
    pub fn eq(self, other: impl Into<Expr>) -> Self {
        self.binary(BinaryOp::Eq, other.into())
    }

    /// `self != other`.
    ///
    /// ```
    /// use pipeline_core::expr::runner;
    ///
    /// assert_eq!(runner::os().ne("Windows").to_condition(), "runner.os != 'Windows'");
    /// ```
    #[must_use]
    pub fn ne(self, other: impl Into<Expr>) -> Self {
        self.binary(BinaryOp::Ne, other.into())
    }

    /// `self < other`.
    ///
    /// ```
    /// use pipeline_core::expr::github;
    ///
    /// assert_eq!(github::run_attempt().lt(3).to_condition(), "github.run_attempt < 3");
    /// ```
    #[must_use]
    pub fn lt(self, other: impl Into<Expr>) -> Self {
        self.binary(BinaryOp::Lt, other.into())
    }

    /// `self <= other`.
    ///
    /// ```
    /// use pipeline_core::expr::strategy;
    ///
    /// assert_eq!(strategy::job_index().le(1).to_condition(), "strategy.job-index <= 1");
    /// ```
    #[must_use]
    pub fn le(self, other: impl Into<Expr>) -> Self {
        self.binary(BinaryOp::Le, other.into())
    }

    /// `self > other`.
    ///
    /// ```
    /// use pipeline_core::expr::github;
    ///
    /// assert_eq!(github::run_number().gt(100).to_condition(), "github.run_number > 100");
    /// ```
    #[must_use]
    pub fn gt(self, other: impl Into<Expr>) -> Self {
        self.binary(BinaryOp::Gt, other.into())
    }

    /// `self >= other`.
    ///
    /// ```
    /// use pipeline_core::expr::strategy;
    ///
    /// assert_eq!(strategy::job_total().ge(2.5).to_condition(), "strategy.job-total >= 2.5");
    /// ```
    #[must_use]
    pub fn ge(self, other: impl Into<Expr>) -> Self {
        self.binary(BinaryOp::Ge, other.into())
    }

    /// `self && other`.
    ///
    /// ```
    /// use pipeline_core::expr::{fun::always, github};
    ///
    /// assert_eq!(always().and(github::token()).to_condition(), "always() && github.token");
    /// ```
    #[must_use]
    pub fn and(self, other: impl Into<Expr>) -> Self {
        self.binary(BinaryOp::And, other.into())
    }

    /// `self || other`.
    ///
    /// ```
    /// use pipeline_core::expr::{github, Expr};
    ///
    /// let head = github::head_ref().or(github::ref_name());
    /// assert_eq!(head.to_string(), "${{ github.head_ref || github.ref_name }}");
    /// ```
    #[must_use]
    pub fn or(self, other: impl Into<Expr>) -> Self {
        self.binary(BinaryOp::Or, other.into())
    }

    /// `!self`; the `!` operator does the same.
    ///
    /// ```
    /// use pipeline_core::expr::fun::cancelled;
    ///
    /// assert_eq!(cancelled().not().to_condition(), "!cancelled()");
    /// assert_eq!((!cancelled()).to_condition(), "!cancelled()");
    /// ```
    #[must_use]
    #[allow(clippy::should_implement_trait)] // `Not` is implemented too; the method reads better in chains.
    pub fn not(self) -> Self {
        Expr(self.0.negate())
    }

    /// A call to any function by name; [`fun`](crate::expr::fun) has one function per GitHub function.
    ///
    /// ```
    /// use pipeline_core::expr::{Expr, github};
    ///
    /// let call = Expr::call("toJson", [github::event()]);
    /// assert_eq!(call.to_string(), "${{ toJson(github.event) }}");
    /// ```
    #[must_use]
    pub fn call(name: impl Into<String>, args: impl IntoIterator<Item = Expr>) -> Self {
        Expr::call_inner(name.into(), args.into_iter().map(Expr::into_ast).collect())
    }

    pub(crate) fn call_inner(name: String, args: Vec<Ast>) -> Self {
        Expr(Ast::Call { name, args })
    }

    /// The expression without `${{ }}`, as an `if:` condition is usually written; in `${{ }}` only when a
    /// string literal in it holds `${{`, which GitHub would otherwise read as the start of a template.
    ///
    /// ```
    /// use pipeline_core::expr::{fun::failure, steps};
    ///
    /// let cond = failure().and(steps("demo").conclusion().eq("failure"));
    /// assert_eq!(cond.to_condition(), "failure() && steps.demo.conclusion == 'failure'");
    /// ```
    #[must_use]
    pub fn to_condition(&self) -> String {
        bare_condition(&self.0)
    }
}

impl Not for Expr {
    type Output = Expr;

    fn not(self) -> Expr {
        Expr(self.0.negate())
    }
}

impl Display for Expr {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "${{{{ {} }}}}", self.0)
    }
}

impl FromStr for Expr {
    type Err = ParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Expr::parse(s)
    }
}

impl From<Ast> for Expr {
    fn from(ast: Ast) -> Self {
        Expr(ast)
    }
}

impl From<Expr> for Ast {
    fn from(expr: Expr) -> Self {
        expr.0
    }
}

impl From<Expr> for String {
    fn from(expr: Expr) -> Self {
        expr.to_string()
    }
}

impl From<&Expr> for String {
    fn from(expr: &Expr) -> Self {
        expr.to_string()
    }
}

impl From<Expr> for Template {
    fn from(expr: Expr) -> Self {
        Template::new().expr(expr.0)
    }
}

/// A condition written bare, as [`Expr::to_condition`] prints it.
impl From<Expr> for Condition {
    fn from(expr: Expr) -> Self {
        Condition::Bare(expr.0)
    }
}

/// A string literal: `Expr::from("push")` is `'push'`, not a parsed expression.
impl From<&str> for Expr {
    fn from(value: &str) -> Self {
        Expr(Ast::String(value.to_owned()))
    }
}

/// A string literal.
impl From<String> for Expr {
    fn from(value: String) -> Self {
        Expr(Ast::String(value))
    }
}

/// A string literal.
impl From<&String> for Expr {
    fn from(value: &String) -> Self {
        Expr(Ast::String(value.clone()))
    }
}

impl From<bool> for Expr {
    fn from(value: bool) -> Self {
        Expr(Ast::Bool(value))
    }
}

impl From<f64> for Expr {
    fn from(value: f64) -> Self {
        Expr(Ast::Number(Number::new(value)))
    }
}

impl From<Number> for Expr {
    fn from(value: Number) -> Self {
        Expr(Ast::Number(value))
    }
}

macro_rules! from_integer {
    ($($int:ty),*) => {$(
        /// A number literal; GitHub's numbers are doubles, so integers beyond 2^53 lose precision.
        impl From<$int> for Expr {
            fn from(value: $int) -> Self {
                // Expression numbers are f64 on GitHub as well.
                #[allow(clippy::cast_precision_loss, clippy::cast_lossless)]
                Expr(Ast::Number(Number::new(value as f64)))
            }
        }
    )*};
}

from_integer!(i8, i16, i32, i64, u8, u16, u32, u64, usize, isize);
