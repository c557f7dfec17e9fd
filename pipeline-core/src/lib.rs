//! The engine behind `pipeline-sdk`: the typed model of GitHub Actions workflows and action metadata, the
//! `${{ }}` expression language, the YAML parser with source locations, and the canonical emitter.
//!
//! This crate does no file or network I/O and never panics on user data: text comes in as `&str`, goes out
//! as `String`, and every problem is returned as a value.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod audit;
pub mod bindings;
pub mod emit;
pub mod expr;
pub mod graph;
pub mod import;
pub mod model;
pub mod parse;
pub mod pins;
pub mod plan;
pub mod reuse;
pub mod spec;
pub mod suggest;
mod text;
pub mod typed;
pub mod validate;
pub mod yaml;
