//! `#[derive(Choice)]`: `Choice`, `From<E>` for `Value` so a variant goes wherever the builders take a
//! value, and `From<E>` for `Expr` so it compares in a condition.

use crate::parse::ChoiceInput;
use proc_macro2::TokenStream;
use quote::quote;

pub(super) fn expand(input: &ChoiceInput<'_>, valid: bool) -> TokenStream {
    let private = super::private(&input.common);
    let ident = &input.common.input.ident;
    let (options, all, as_str) = if valid {
        let names: Vec<&str> = input
            .variants
            .iter()
            .map(|(n, _)| n.name.as_str())
            .collect();
        let variants: Vec<_> = input.variants.iter().map(|(n, _)| &n.ident).collect();
        (
            quote!(&[#(#names),*]),
            quote!(&[#(Self::#variants),*]),
            quote!(match self { #(Self::#variants => #names,)* }),
        )
    } else {
        (quote!(&[]), quote!(&[]), quote!(""))
    };
    quote! {
        #[automatically_derived]
        impl #private::Choice for #ident {
            const OPTIONS: &'static [&'static str] = #options;
            const ALL: &'static [Self] = #all;
            fn as_str(&self) -> &'static str {
                #as_str
            }
        }

        #[automatically_derived]
        impl ::core::convert::From<#ident> for #private::Value {
            fn from(value: #ident) -> Self {
                #private::Value::from(#private::Choice::as_str(&value))
            }
        }

        #[automatically_derived]
        impl ::core::convert::From<#ident> for #private::Expr {
            fn from(value: #ident) -> Self {
                #private::Expr::from(#private::Choice::as_str(&value))
            }
        }
    }
}
