//! GitHub Actions workflows and actions as typed Rust.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub use pipeline_core::*;

pub use pipeline_core::typed::{Action, Choice, Inputs, Matrix, Outputs};
#[cfg(feature = "derive")]
pub use pipeline_macros::{Action, Choice, Inputs, Matrix, Outputs};
