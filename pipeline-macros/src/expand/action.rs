//! `#[derive(Action)]`: `Action`, `From<T> for Step` and one accessor per declared output.

use crate::parse::{ActionInput, Shape};
use proc_macro2::TokenStream;
use quote::quote;

pub(super) fn expand(input: &ActionInput<'_>, valid: bool) -> TokenStream {
    let private = super::private(&input.common);
    let ident = &input.common.input.ident;
    let vis = &input.common.input.vis;

    let (uses, with) = match (&input.uses, valid) {
        (Some(uses), true) => {
            let entries = input.fields.iter().map(|field| {
                let member = &field.named.ident;
                let name = &field.named.name;
                let value = match field.shape {
                    Shape::Option(_) => quote!(self.#member.as_ref()),
                    _ => quote!(::core::option::Option::Some(&self.#member)),
                };
                let value_of = super::value_of(&private, field.shape.inner());
                quote!(#value_of.entry(&mut entries, #name, #value);)
            });
            (
                quote!(#uses),
                quote! {
                    let mut entries = #private::Entries::new();
                    #(#entries)*
                    entries
                },
            )
        }
        _ => (quote!(""), quote!(#private::Entries::new())),
    };

    let accessors = super::output_accessors(&private, vis, &input.outputs);

    quote! {
        #[automatically_derived]
        impl #private::Action for #ident {
            const USES: &'static str = #uses;
            fn with(&self) -> #private::Entries {
                #with
            }
        }

        #[automatically_derived]
        impl ::core::convert::From<#ident> for #private::Step {
            #[track_caller]
            fn from(action: #ident) -> Self {
                #private::Action::step(&action)
            }
        }

        #[allow(dead_code)]
        impl #ident {
            #(#accessors)*
        }
    }
}
