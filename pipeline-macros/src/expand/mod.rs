//! Stage 3, expand: writes the trait impls, generated types and accessors.
//!
//! Generated code names `pipeline-sdk` only through `<crate>::typed::__private` and calls only its public
//! API. When parse or validate found errors, the expansion is the same items with bodies that touch no
//! field (a fallback), after the `compile_error!`s: code that uses the derive still type-checks, so the
//! user sees the attribute error and not a cascade.

mod action;
mod choice;
mod inputs;
mod matrix;
mod outputs;

use crate::attr::Ctxt;
use crate::{parse, validate};
use proc_macro2::TokenStream;
use quote::quote;
use syn::DeriveInput;

pub(crate) fn choice(input: &DeriveInput) -> TokenStream {
    let mut cx = Ctxt::default();
    let parsed = parse::choice(&mut cx, input);
    validate::choice(&mut cx, &parsed);
    finish(cx, input, |valid| choice::expand(&parsed, valid))
}

pub(crate) fn matrix(input: &DeriveInput) -> TokenStream {
    let mut cx = Ctxt::default();
    let parsed = parse::matrix(&mut cx, input);
    validate::matrix(&mut cx, &parsed);
    finish(cx, input, |valid| matrix::expand(&parsed, valid))
}

pub(crate) fn inputs(input: &DeriveInput) -> TokenStream {
    let mut cx = Ctxt::default();
    let parsed = parse::inputs(&mut cx, input);
    validate::inputs(&mut cx, &parsed);
    finish(cx, input, |valid| inputs::expand(&parsed, valid))
}

pub(crate) fn outputs(input: &DeriveInput) -> TokenStream {
    let mut cx = Ctxt::default();
    let parsed = parse::outputs(&mut cx, input);
    validate::outputs(&mut cx, &parsed);
    finish(cx, input, |valid| outputs::expand(&parsed, valid))
}

pub(crate) fn action(input: &DeriveInput) -> TokenStream {
    let mut cx = Ctxt::default();
    let parsed = parse::action(&mut cx, input);
    validate::action(&mut cx, &parsed);
    // `metadata = ".."`: checks against the vendored file, its tracking and deprecation warnings.
    let metadata = crate::metadata::check(&mut cx, &parsed);
    let code = finish(cx, input, |valid| action::expand(&parsed, valid));
    quote!(#code #metadata)
}

fn finish(cx: Ctxt, input: &DeriveInput, expand: impl FnOnce(bool) -> TokenStream) -> TokenStream {
    let valid = !cx.has_errors();
    // A fallback for a generic item would need its generics, which the derives reject: the error alone
    // is clearer than a second one about missing generic arguments.
    let generic = !input.generics.params.is_empty() || input.generics.where_clause.is_some();
    let code = if valid || !generic {
        expand(valid)
    } else {
        TokenStream::new()
    };
    let errors = cx.into_compile_errors();
    quote!(#errors #code)
}

/// `<crate>::typed::__private`
fn private(common: &parse::Common<'_>) -> TokenStream {
    let krate = &common.krate;
    quote!(#krate::typed::__private)
}

/// `__private::value::<T>()`, spanned at the type: the one place a field's type must write as a value.
fn value_of(private: &TokenStream, ty: &syn::Type) -> TokenStream {
    let span = syn::spanned::Spanned::span(ty);
    quote::quote_spanned!(span=> #private::value::<#ty>())
}

/// `Some("text")` or `None`.
fn option_str(text: Option<&str>) -> TokenStream {
    match text {
        Some(text) => quote!(::core::option::Option::Some(#text)),
        None => quote!(::core::option::Option::None),
    }
}

/// `${{ context.name }}` as a doc line.
fn expr_doc(context: &str, name: &str) -> String {
    format!("`${{{{ {context}.{name} }}}}`")
}

/// One associated function per output, reading it from any `OutputSource` (a `JobRef`, a `StepRef`,
/// `expr::needs(..)`, ...).
fn output_accessors<'n>(
    private: &TokenStream,
    vis: &syn::Visibility,
    outputs: impl IntoIterator<Item = &'n parse::Named>,
) -> Vec<TokenStream> {
    outputs
        .into_iter()
        .map(|named| {
            let member = &named.ident;
            let name = &named.name;
            let doc = format!(
                "The `{name}` output, read from `source`: {} for a job, {} for a step.",
                expr_doc("needs.<job>.outputs", name),
                expr_doc("steps.<id>.outputs", name),
            );
            quote! {
                #[doc = #doc]
                #[must_use]
                #vis fn #member(source: impl #private::OutputSource) -> #private::Expr {
                    #private::output_of(&source, #name)
                }
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use syn::parse_quote;

    /// The number of `compile_error!`s in an expansion.
    fn errors(expansion: &proc_macro2::TokenStream) -> usize {
        expansion.to_string().matches("compile_error").count()
    }

    #[test]
    fn every_error_is_reported() {
        let input = parse_quote! {
            #[matrix(rename_al = "snake_case", row = 3)]
            struct TestMatrix {
                os: String,
                #[matrix(rename = "x", rename = "y")]
                rust: Vec<String>,
            }
        };
        assert_eq!(errors(&super::matrix(&input)), 4);
    }

    #[test]
    fn a_valid_input_has_no_errors() {
        let input = parse_quote! {
            #[action(uses = "actions/cache@v4", outputs(cache_hit))]
            struct Cache {
                path: String,
                restore_keys: Option<String>,
            }
        };
        assert_eq!(errors(&super::action(&input)), 0);
    }

    #[test]
    fn the_fallback_keeps_the_items() {
        let input = parse_quote! {
            #[inputs(rename_al = "snake_case")]
            struct Deploy {
                environment: String,
            }
        };
        let expansion = super::inputs(&input).to_string();
        assert_eq!(errors(&super::inputs(&input)), 1);
        assert!(
            expansion.contains("impl :: pipeline_sdk :: typed :: __private :: Inputs for Deploy")
        );
        assert!(expansion.contains("fn environment ()"));
    }
}
