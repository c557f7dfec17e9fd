//! `#[derive(Outputs)]`: `Outputs` and one accessor per output, reading it from a job or step.

use super::option_str;
use crate::parse::OutputsInput;
use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;

pub(super) fn expand(input: &OutputsInput<'_>, valid: bool) -> TokenStream {
    let private = super::private(&input.common);
    let ident = &input.common.input.ident;
    let vis = &input.common.input.vis;

    let body = if valid {
        let outputs = input.fields.iter().map(|field| {
            let member = &field.named.ident;
            let name = &field.named.name;
            let description = option_str(field.named.doc.as_deref());
            let span = field.field.ty.span();
            quote_spanned!(span=> #private::output(#name, #description, &self.#member))
        });
        quote!(::std::vec![#(#outputs),*])
    } else {
        quote!(::std::vec::Vec::new())
    };

    let accessors = super::output_accessors(&private, vis, input.fields.iter().map(|f| &f.named));

    quote! {
        #[automatically_derived]
        impl #private::Outputs for #ident {
            fn outputs(&self) -> ::std::vec::Vec<#private::Output> {
                #body
            }
        }

        #[allow(dead_code)]
        impl #ident {
            #(#accessors)*
        }
    }
}
