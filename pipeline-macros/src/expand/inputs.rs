//! `#[derive(Inputs)]`: `Inputs` and one accessor per input.

use super::{expr_doc, option_str};
use crate::parse::{InputsInput, Shape};
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

pub(super) fn expand(input: &InputsInput<'_>, valid: bool) -> TokenStream {
    let private = super::private(&input.common);
    let ident = &input.common.input.ident;
    let vis = &input.common.input.vis;

    let mut workflow = Vec::new();
    let mut action = Vec::new();
    let mut with = Vec::new();
    for (field, attrs) in &input.fields {
        let name = &field.named.name;
        let (ty, optional) = match field.shape {
            Shape::Option(inner) => (inner, true),
            shape => (shape.inner(), false),
        };
        let required = !optional && attrs.default.is_none();
        let description = option_str(field.named.doc.as_deref());
        // The one place the field's type must be an input kind, spanned at the type.
        let kind = {
            let span = ty.span();
            quote_spanned!(span=> #private::input::<#ty>())
        };
        let default = match &attrs.default {
            // Naming the field's type types the literal (`2` for a `u32`) and makes a default of the
            // wrong type an error at the default itself. A string literal is a `String`.
            Some(value) => {
                let span = value.span();
                let value = match value {
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(lit),
                        ..
                    }) => quote_spanned!(span=> ::std::string::String::from(#lit)),
                    other => quote!(#other),
                };
                quote!(::core::option::Option::Some(#kind.default(#value)))
            }
            None => quote!(::core::option::Option::None),
        };
        let environment = attrs.environment.is_some();
        workflow.push(quote! {
            inputs.insert(
                ::std::string::String::from(#name),
                #kind.input(#environment, #description, #required, #default),
            );
        });
        let member = &field.named.ident;
        let value = if optional {
            quote!(self.#member.as_ref())
        } else {
            quote!(::core::option::Option::Some(&self.#member))
        };
        with.push(quote!(#kind.entry(&mut entries, #name, #value);));
        let message = option_str(
            attrs
                .deprecation_message
                .as_ref()
                .map(|m| m.value())
                .as_deref(),
        );
        action.push(quote! {
            inputs.insert(
                ::std::string::String::from(#name),
                #private::action_input(#description, #required, #default, #message),
            );
        });
    }
    let (workflow, action, with) = if valid {
        (
            quote!(let mut inputs = #private::IndexMap::new(); #(#workflow)* inputs),
            quote!(let mut inputs = #private::IndexMap::new(); #(#action)* inputs),
            quote!(let mut entries = #private::Entries::new(); #(#with)* entries),
        )
    } else {
        (
            quote!(#private::IndexMap::new()),
            quote!(#private::IndexMap::new()),
            quote!(#private::Entries::new()),
        )
    };

    let accessors = input.fields.iter().map(|(field, _)| {
        let member = &field.named.ident;
        let name = &field.named.name;
        let doc = format!("{}: the `{name}` input.", expr_doc("inputs", name));
        quote! {
            #[doc = #doc]
            #[must_use]
            #vis fn #member() -> #private::Expr {
                #private::inputs(#name)
            }
        }
    });

    quote! {
        #[automatically_derived]
        impl #private::Inputs for #ident {
            fn inputs() -> #private::IndexMap<::std::string::String, #private::InputModel> {
                #workflow
            }
            fn action_inputs() -> #private::IndexMap<::std::string::String, #private::ActionInput> {
                #action
            }
            fn with(&self) -> #private::Entries {
                #with
            }
        }

        #[allow(dead_code)]
        impl #ident {
            #(#accessors)*
        }
    }
}
