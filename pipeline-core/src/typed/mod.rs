//! Typed views of a workflow's data: the traits that `pipeline-sdk`'s derive macros implement.
//!
//! | Trait       | For                                      | Gives                                                      |
//! |-------------|------------------------------------------|------------------------------------------------------------|
//! | [`Choice`]  | a unit enum                              | the options of a `choice` input, matrix values            |
//! | [`Matrix`]  | a struct whose fields are the axes       | `strategy.matrix`, typed `include`/`exclude` rows          |
//! | [`Inputs`]  | a struct whose fields are the inputs     | `workflow_dispatch`, `workflow_call` and action inputs     |
//! | [`Outputs`] | a struct whose fields are output values  | job, reusable-workflow and action outputs                  |
//! | [`Action`]  | a struct whose fields are an action's `with:` | a [`Step`](crate::model::Step) that uses the action   |
//!
//! Each derive also writes associated functions that give the `${{ }}` expression reading a field
//! (`TestMatrix::os()` is `${{ matrix.os }}`), so a name is spelled once, in Rust, and a typo is a compile
//! error rather than an empty string at run time.
//!
//! The traits are ordinary traits: the derives implement them by calling the public builder API, and a
//! hand-written implementation can do the same. The value traits [`ToValue`] and [`InputKind`] say which
//! Rust types a field may have.
//!
//! ```
//! use pipeline_core::typed::{Choice, InputKind, ToValue};
//! use pipeline_core::model::{InputType, Value};
//!
//! #[derive(Clone, Copy)]
//! enum Level { Debug, Info }
//!
//! // What `#[derive(Choice)]` writes.
//! impl Choice for Level {
//!     const OPTIONS: &'static [&'static str] = &["debug", "info"];
//!     const ALL: &'static [Self] = &[Level::Debug, Level::Info];
//!     fn as_str(&self) -> &'static str {
//!         Self::OPTIONS[*self as usize]
//!     }
//! }
//!
//! assert_eq!(Level::Info.to_value(), Value::from("info"));
//! assert_eq!(Level::input().r#type, Some(InputType::Choice));
//! assert_eq!(bool::input().r#type, Some(InputType::Boolean));
//! ```

#[doc(hidden)]
pub mod __private;
mod action;
mod inputs;
mod matrix;
mod outputs;
mod value;

pub use action::Action;
pub use inputs::Inputs;
pub use matrix::{Matrix, MatrixRow};
pub use outputs::{Output, OutputSource, Outputs};
pub use value::{Choice, InputKind, ToValue};
