//! GitHub Actions workflows and actions as typed Rust.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub use pipeline_core::*;
