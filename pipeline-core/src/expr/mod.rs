//! The `${{ }}` expression language: syntax tree, parser, printer, templates, GitHub's function table,
//! and the typed [`Expr`] that users build in Rust.
//!
//! Text goes in through [`parse`] (one expression), [`Template::parse`] (a string with embedded
//! `${{ }}`) and [`parse_condition`] (an `if:` value); trees come out through `Display`, which prints the
//! fewest parentheses that keep the meaning. Printing and parsing again gives an equal tree.
//! [`eval`] gives an expression's value as GitHub computes it, given the values of its contexts.
//!
//! ```
//! use pipeline_core::expr::{Template, fun::hash_files, github, runner};
//!
//! let key = Template::new()
//!     .expr(runner::os())
//!     .text("-cargo-")
//!     .expr(hash_files(["**/Cargo.lock"]));
//! assert_eq!(key.to_string(), "${{ runner.os }}-cargo-${{ hashFiles('**/Cargo.lock') }}");
//! assert_eq!(Template::parse(&key.to_string())?, key);
//! # Ok::<(), pipeline_core::expr::ParseError>(())
//! ```

mod ast;
mod context;
pub mod eval;
pub mod fun;
pub mod functions;
mod parse;
mod print;
mod template;
mod typed;

pub use ast::{Ast, BinaryOp, FilterSyntax, Number, is_identifier, is_keyword};
pub use context::{
    Jobs, Needs, Steps, env, github, inputs, job, jobs, matrix, needs, runner, secrets, steps,
    strategy, vars,
};
pub use parse::{MAX_DEPTH, MAX_HEIGHT, MAX_NESTING, ParseError, parse};
pub(crate) use template::segments;
pub use template::{Condition, Part, Segment, Template, parse_condition, scan};
pub use typed::Expr;
