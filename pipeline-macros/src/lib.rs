//! Derive macros for `pipeline-sdk`: `Choice`, `Matrix`, `Inputs`, `Outputs` and `Action`.
//!
//! Use them through `pipeline-sdk` (feature `derive`, on by default), where each derive is documented
//! with examples next to the trait it implements: `use pipeline_sdk::Matrix;` imports both.
//!
//! Each derive runs three stages: `parse` reads the input and its attributes, `validate` checks what
//! needs the whole input, and `expand` writes code that calls only `pipeline-sdk`'s public API, through
//! `pipeline_sdk::typed::__private`. Errors from the first two stages are collected and reported
//! together, each at its own span, followed by a fallback expansion so that no second error follows
//! from the first.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod attr;
mod case;
mod expand;
mod metadata;
mod parse;
mod validate;

use proc_macro::TokenStream;
use syn::{DeriveInput, parse_macro_input};

/// Implements `Choice` for a unit enum: its variants are the options of a `choice` input or the values
/// of a matrix axis. Attributes: `#[choice(rename_all = "..", crate = "..")]` on the enum,
/// `#[choice(rename = "..")]` on a variant.
#[proc_macro_derive(Choice, attributes(choice))]
pub fn derive_choice(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::choice(&input).into()
}

/// Implements `Matrix` for a struct whose fields are the axes, writes its row type and one accessor per
/// key. Attributes: `#[matrix(rename_all = "..", row = "..", extra(key = Type, ..), crate = "..")]` on
/// the struct, `#[matrix(rename = "..")]` on a field.
#[proc_macro_derive(Matrix, attributes(matrix))]
pub fn derive_matrix(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::matrix(&input).into()
}

/// Implements `Inputs` for a struct whose fields are the inputs, and one accessor per input.
/// Attributes: `#[inputs(rename_all = "..", crate = "..")]` on the struct,
/// `#[input(rename = "..", default = .., environment, deprecation_message = "..")]` on a field.
#[proc_macro_derive(Inputs, attributes(inputs, input))]
pub fn derive_inputs(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::inputs(&input).into()
}

/// Implements `Outputs` for a struct whose fields hold the output values, and one accessor per output.
/// Attributes: `#[outputs(rename_all = "..", crate = "..")]` on the struct, `#[output(rename = "..")]` on
/// a field.
#[proc_macro_derive(Outputs, attributes(outputs, output))]
pub fn derive_outputs(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::outputs(&input).into()
}

/// Implements `Action` for a struct whose fields are an action's inputs, `From<T> for Step`, and one
/// accessor per output. Attributes: `#[action(uses = "..", outputs(..), rename_all = "..", crate = "..",
/// metadata = "..")]` on the struct, `#[action(rename = "..")]` on a field.
///
/// `metadata = "vendor/cache/action.yml"` names the action's metadata file, relative to the crate root
/// (the folder of its `Cargo.toml`) unless absolute. The derive reads it at compile time and reports, each
/// at its own span: a field that is not an input of the action, an input the action requires without a
/// default that no field sets (or that an `Option` field sets), and an output in `outputs(..)` that the
/// action does not have. A field for a deprecated input gets a deprecation warning. The file is included
/// in the expansion, so editing it rebuilds the crate.
#[proc_macro_derive(Action, attributes(action))]
pub fn derive_action(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::action(&input).into()
}
