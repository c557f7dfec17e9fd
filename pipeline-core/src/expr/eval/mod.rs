//! GitHub's expression evaluator: the value of an expression, given the values of its contexts.
//!
//! The semantics are GitHub's ("Evaluate expressions in workflows and actions", and the evaluator of
//! `actions/languageservices` with its conformance suite): loose `==` with GitHub's type coercion (a string
//! and a number compare as numbers, `null` and booleans become numbers, arrays and objects are equal only to
//! themselves), strings compared without regard to case, `NaN` unequal to everything, `&&` and `||` giving the
//! operand that decides, object filters `.*` and `[*]`, property and index access without regard to case and
//! `null` for anything missing, and the functions `contains`, `startsWith`, `endsWith`, `format`, `join`,
//! `toJSON`, `fromJSON` and `case`.
//!
//! Status functions read the job's status from the [`Contexts`] ([`JobStatus::Success`] unless set):
//! `success()`, `failure()` and `cancelled()` are true for that status, `always()` is always true.
//! `hashFiles()` needs the files of a workspace and gives an [`EvalErrorKind::Unavailable`] error.
//!
//! ```
//! use pipeline_core::expr::eval::{Contexts, Value, evaluate_str};
//!
//! let contexts = Contexts::from_json(r#"{
//!     "github": {"ref": "refs/heads/main", "event": {"labels": [{"name": "bug"}, {"name": "docs"}]}}
//! }"#)?;
//! let value = evaluate_str("github.ref == 'REFS/heads/main' && join(github.event.labels.*.name)", &contexts)?;
//! assert_eq!(value, Value::from("bug,docs"));
//!
//! let err = evaluate_str("format('{0}{1}', 1)", &contexts).unwrap_err();
//! assert_eq!(err.kind().name(), "evaluation");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Work is bounded whatever the input: the parser bounds the depth of an expression, the evaluator the
//! height of a tree built in Rust, and one evaluation may create at most 16 MiB of text.

mod engine;
mod json;
mod syntax;
mod value;

use std::fmt;

use indexmap::IndexMap;

use engine::Data;
pub use value::{JsonError, Value, ValueKind, format_number};

use super::ast::Ast;
use super::functions::{self, ArityError};

/// The status of the job an expression is evaluated for, which the status functions read.
///
/// ```
/// use pipeline_core::expr::eval::{Contexts, JobStatus, Value, evaluate_str};
///
/// let failed = Contexts::new().with_job_status(JobStatus::Failure);
/// assert_eq!(evaluate_str("failure() && !success()", &failed)?, Value::Bool(true));
/// assert_eq!(evaluate_str("success()", &Contexts::new())?, Value::Bool(true));
/// # Ok::<(), pipeline_core::expr::eval::EvalError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum JobStatus {
    /// Every earlier step succeeded: `success()` is true.
    #[default]
    Success,
    /// An earlier step failed: `failure()` is true.
    Failure,
    /// The workflow run was cancelled: `cancelled()` is true.
    Cancelled,
}

/// The named values an expression can read (`github`, `env`, `matrix`, ...), and the job's status.
///
/// Names are looked up without regard to case, as GitHub does.
///
/// ```
/// use pipeline_core::expr::eval::{Contexts, Value};
///
/// let contexts = Contexts::new().with("matrix", Value::from_json(r#"{"os": "ubuntu-latest"}"#)?);
/// assert!(contexts.contains("MATRIX"));
/// assert_eq!(contexts.names().collect::<Vec<_>>(), ["matrix"]);
/// # Ok::<(), pipeline_core::expr::eval::JsonError>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Contexts {
    /// By lower-case name: the name as given and the value.
    values: IndexMap<String, (String, Data)>,
    status: JobStatus,
}

impl Contexts {
    /// No contexts, and the status [`JobStatus::Success`].
    ///
    /// ```
    /// use pipeline_core::expr::eval::Contexts;
    ///
    /// assert_eq!(Contexts::new().names().count(), 0);
    /// ```
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// These contexts with `name` set to `value` (replacing a context of the same name in any case).
    ///
    /// ```
    /// use pipeline_core::expr::eval::{Contexts, Value, evaluate_str};
    ///
    /// let contexts = Contexts::new().with("inputs", Value::from_json(r#"{"dry-run": true}"#)?);
    /// assert_eq!(evaluate_str("inputs.dry-run", &contexts)?, Value::Bool(true));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn with(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.insert(name, value);
        self
    }

    /// Sets `name` to `value` (replacing a context of the same name in any case).
    ///
    /// ```
    /// use pipeline_core::expr::eval::{Contexts, Value};
    ///
    /// let mut contexts = Contexts::new();
    /// contexts.insert("env", Value::from_json(r#"{"CI": "true"}"#)?);
    /// assert!(contexts.contains("env"));
    /// # Ok::<(), pipeline_core::expr::eval::JsonError>(())
    /// ```
    pub fn insert(&mut self, name: impl Into<String>, value: impl Into<Value>) {
        let name = name.into();
        let data = Data::from(&value.into());
        self.values.insert(name.to_lowercase(), (name, data));
    }

    /// These contexts with the job's status set to `status`.
    ///
    /// ```
    /// use pipeline_core::expr::eval::{Contexts, JobStatus};
    ///
    /// let contexts = Contexts::new().with_job_status(JobStatus::Cancelled);
    /// assert_eq!(contexts.job_status(), JobStatus::Cancelled);
    /// ```
    #[must_use]
    pub fn with_job_status(mut self, status: JobStatus) -> Self {
        self.status = status;
        self
    }

    /// The job's status the status functions read.
    ///
    /// ```
    /// use pipeline_core::expr::eval::{Contexts, JobStatus};
    ///
    /// assert_eq!(Contexts::new().job_status(), JobStatus::Success);
    /// ```
    #[must_use]
    pub fn job_status(&self) -> JobStatus {
        self.status
    }

    /// Whether a context of this name (in any case) is set.
    ///
    /// ```
    /// use pipeline_core::expr::eval::Contexts;
    ///
    /// assert!(Contexts::new().with("vars", 1).contains("Vars"));
    /// ```
    #[must_use]
    pub fn contains(&self, name: &str) -> bool {
        self.values.contains_key(&name.to_lowercase())
    }

    /// The value of a context, looked up without regard to case.
    ///
    /// ```
    /// use pipeline_core::expr::eval::{Contexts, Value};
    ///
    /// let contexts = Contexts::new().with("job", Value::from_json(r#"{"status": "success"}"#)?);
    /// assert_eq!(contexts.get("JOB").map(|v| v.to_json()), Some(r#"{"status":"success"}"#.to_owned()));
    /// # Ok::<(), pipeline_core::expr::eval::JsonError>(())
    /// ```
    #[must_use]
    pub fn get(&self, name: &str) -> Option<Value> {
        self.get_data(name).map(Value::from)
    }

    /// The names of the contexts, as given, in the order they were first set.
    ///
    /// ```
    /// use pipeline_core::expr::eval::Contexts;
    ///
    /// let contexts = Contexts::new().with("github", 1).with("env", 2);
    /// assert_eq!(contexts.names().collect::<Vec<_>>(), ["github", "env"]);
    /// ```
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.values.values().map(|(name, _)| name.as_str())
    }

    /// Contexts from a JSON object whose properties are the contexts.
    ///
    /// ```
    /// use pipeline_core::expr::eval::Contexts;
    ///
    /// let contexts = Contexts::from_json(r#"{"github": {"actor": "octocat"}, "env": {}}"#)?;
    /// assert_eq!(contexts.names().collect::<Vec<_>>(), ["github", "env"]);
    /// assert!(Contexts::from_json("[]").is_err());
    /// # Ok::<(), pipeline_core::expr::eval::JsonError>(())
    /// ```
    pub fn from_json(text: &str) -> Result<Self, JsonError> {
        match Value::from_json(text)? {
            Value::Object(map) => Ok(Self::from_map(map)),
            _ => Err(JsonError {
                offset: text.len() - text.trim_start().len(),
                message: "the contexts must be a JSON object",
            }),
        }
    }

    fn from_map(map: IndexMap<String, Value>) -> Self {
        let mut contexts = Self::new();
        for (name, value) in map {
            contexts.insert(name, value);
        }
        contexts
    }

    pub(crate) fn get_data(&self, name: &str) -> Option<&Data> {
        self.values.get(&name.to_lowercase()).map(|(_, data)| data)
    }
}

impl TryFrom<Value> for Contexts {
    type Error = Value;

    /// Contexts from an object value; any other value is given back.
    fn try_from(value: Value) -> Result<Self, Value> {
        match value {
            Value::Object(map) => Ok(Self::from_map(map)),
            other => Err(other),
        }
    }
}

/// Which stage of GitHub's evaluation an error belongs to, named as GitHub's conformance suite names it.
///
/// ```
/// use pipeline_core::expr::eval::{Contexts, EvalErrorKind, evaluate_str};
///
/// let kind = |text: &str| evaluate_str(text, &Contexts::new()).unwrap_err().kind();
/// assert_eq!(kind("1 = 2"), EvalErrorKind::Lexing);
/// assert_eq!(kind("1 <"), EvalErrorKind::Parsing);
/// assert_eq!(kind("fromJSON('{')"), EvalErrorKind::Evaluation);
/// assert_eq!(kind("hashFiles('**/Cargo.lock')"), EvalErrorKind::Unavailable);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EvalErrorKind {
    /// Text that is no token: `=`, `&`, a malformed number, an unterminated string.
    Lexing,
    /// Tokens that do not form an expression, too deep a nesting, an unknown context or function, or a
    /// wrong number of arguments.
    Parsing,
    /// A function that fails on its values: an invalid `format` string, JSON that does not parse, a `case`
    /// predicate that is not a boolean.
    Evaluation,
    /// A function whose value depends on the runner (`hashFiles`), which is not there.
    Unavailable,
}

impl EvalErrorKind {
    /// The kind's name: `lexing`, `parsing`, `evaluation` (as in GitHub's suite), or `unavailable`.
    ///
    /// ```
    /// use pipeline_core::expr::eval::EvalErrorKind;
    ///
    /// assert_eq!(EvalErrorKind::Parsing.name(), "parsing");
    /// ```
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            EvalErrorKind::Lexing => "lexing",
            EvalErrorKind::Parsing => "parsing",
            EvalErrorKind::Evaluation => "evaluation",
            EvalErrorKind::Unavailable => "unavailable",
        }
    }
}

impl fmt::Display for EvalErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An expression that has no value: its kind and GitHub's message for it.
///
/// Errors found in the text name the position as GitHub does ("Located at position 3 within expression:
/// ..."), counting from 1 in UTF-16 code units.
///
/// ```
/// use pipeline_core::expr::eval::{Contexts, evaluate_str};
///
/// let err = evaluate_str("1 <", &Contexts::new()).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "Unexpected end of expression: '<'. Located at position 3 within expression: 1 <"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct EvalError {
    kind: EvalErrorKind,
    message: String,
}

impl EvalError {
    pub(crate) fn new(kind: EvalErrorKind, message: impl Into<String>) -> Self {
        EvalError {
            kind,
            message: message.into(),
        }
    }

    fn unrecognized_named_value(name: &str) -> Self {
        Self::new(
            EvalErrorKind::Parsing,
            format!("Unrecognized named-value: '{name}'"),
        )
    }

    fn unrecognized_function(name: &str) -> Self {
        Self::new(
            EvalErrorKind::Parsing,
            format!("Unrecognized function: '{name}'"),
        )
    }

    fn arity(name: &str, arity: ArityError) -> Self {
        let description = match arity {
            ArityError::TooFew { .. } => "Too few parameters supplied",
            ArityError::TooMany { .. } => "Too many parameters supplied",
            ArityError::EvenCount => {
                "Even number of parameters supplied, requires an odd number of parameters"
            }
        };
        Self::new(EvalErrorKind::Parsing, format!("{description}: '{name}'"))
    }

    /// The kind of error.
    ///
    /// ```
    /// use pipeline_core::expr::eval::{Contexts, EvalErrorKind, evaluate_str};
    ///
    /// let err = evaluate_str("github.sha", &Contexts::new()).unwrap_err();
    /// assert_eq!(err.kind(), EvalErrorKind::Parsing);
    /// ```
    #[must_use]
    pub fn kind(&self) -> EvalErrorKind {
        self.kind
    }

    /// GitHub's message.
    ///
    /// ```
    /// use pipeline_core::expr::eval::{Contexts, evaluate_str};
    ///
    /// let err = evaluate_str("format('{0')", &Contexts::new()).unwrap_err();
    /// assert_eq!(err.message(), "The following format string is invalid: {0");
    /// ```
    #[must_use]
    pub fn message(&self) -> &str {
        &self.message
    }
}

/// Evaluates a parsed expression against `contexts`.
///
/// As GitHub checks them before evaluating anything, every context the expression names must be in
/// `contexts`, and every function must be one of GitHub's with an accepted number of arguments; otherwise
/// the error is of kind [`EvalErrorKind::Parsing`].
///
/// ```
/// use pipeline_core::expr::{eval::{Contexts, Value, evaluate}, parse};
///
/// let ast = parse("contains(fromJSON('[\"push\", \"schedule\"]'), github.event_name)")?;
/// let contexts = Contexts::from_json(r#"{"github": {"event_name": "Push"}}"#)?;
/// assert_eq!(evaluate(&ast, &contexts)?, Value::Bool(true));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn evaluate(ast: &Ast, contexts: &Contexts) -> Result<Value, EvalError> {
    let mut problem = None;
    ast.walk(&mut |node| {
        if problem.is_some() {
            return;
        }
        problem = match node {
            Ast::Context(name) if !contexts.contains(name) => {
                Some(EvalError::unrecognized_named_value(name))
            }
            Ast::Call { name, args } => match functions::lookup(name) {
                None => Some(EvalError::unrecognized_function(name)),
                Some(spec) => spec
                    .check_arity(args.len())
                    .err()
                    .map(|arity| EvalError::arity(name, arity)),
            },
            _ => None,
        };
    });
    if let Some(err) = problem {
        return Err(err);
    }
    engine::run(ast, contexts)
}

/// Parses and evaluates `text`, the expression between `${{` and `}}`, reporting errors as GitHub does:
/// a lexical error anywhere first, then the first syntax error, unknown context or function, or wrong
/// number of arguments in the order GitHub's parser meets them, then evaluation errors. An empty expression
/// is `null`.
///
/// ```
/// use pipeline_core::expr::eval::{Contexts, Value, evaluate_str};
///
/// let contexts = Contexts::from_json(r#"{"matrix": {"os": "windows-latest"}}"#)?;
/// assert_eq!(evaluate_str("startsWith(matrix.os, 'Windows')", &contexts)?, Value::Bool(true));
/// assert_eq!(evaluate_str("", &contexts)?, Value::Null);
/// let err = evaluate_str("fromjson(a,b ", &contexts).unwrap_err();
/// assert!(err.message().starts_with("Unrecognized named-value: 'a'. Located at position 10"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn evaluate_str(text: &str, contexts: &Contexts) -> Result<Value, EvalError> {
    match syntax::check(text, contexts)? {
        Some(ast) => engine::run(&ast, contexts),
        None => Ok(Value::Null),
    }
}
