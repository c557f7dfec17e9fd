//! Derive macros for `pipeline-sdk`.
//!
//! The derives expand to calls of `pipeline-core`'s public API only, so they can never do what the builder API cannot.
