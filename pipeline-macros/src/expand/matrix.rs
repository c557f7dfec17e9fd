//! `#[derive(Matrix)]`: the row struct, `Matrix`, `MatrixRow`, the `From` conversions and one accessor per
//! key.

use super::{expr_doc, value_of};
use crate::parse::{EXCLUDE, MatrixInput, Shape};
use crate::validate::is_rows;
use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;

pub(super) fn expand(input: &MatrixInput<'_>, valid: bool) -> TokenStream {
    let private = super::private(&input.common);
    let ident = &input.common.input.ident;
    let vis = &input.common.input.vis;
    let row = &input.row;

    // (field, key, value type) of every key a row can set: the axes, then the extra keys.
    let mut keys = Vec::new();
    for field in input.fields.iter().filter(|f| !is_rows(f)) {
        if let Shape::Vec(inner) = field.shape {
            keys.push((&field.named, inner));
        }
    }
    // An extra key named like a field is an error already reported; leaving it out keeps the row and
    // the accessors free of a duplicate.
    for (named, ty) in &input.extra {
        if !input.fields.iter().any(|f| f.named.ident == named.ident) {
            keys.push((named, ty));
        }
    }

    let row_fields = keys.iter().map(|(named, ty)| {
        let field = &named.ident;
        let doc = format!("`{}`", named.name);
        quote!(#[doc = #doc] #vis #field: ::core::option::Option<#ty>,)
    });
    let entries = keys.iter().map(|(named, ty)| {
        let field = &named.ident;
        let name = &named.name;
        let value = value_of(&private, ty);
        quote!(#value.entry(&mut entries, #name, self.#field.as_ref());)
    });
    let row_doc = format!(
        "One `include` or `exclude` row of [`{ident}`]: the keys that are set are written, in field order."
    );

    let body = if valid {
        let steps = input.fields.iter().map(|field| {
            let member = &field.named.ident;
            let name = &field.named.name;
            let span = field.field.ty.span();
            if is_rows(field) {
                let add = format_ident!(
                    "{}",
                    if field.named.ident == EXCLUDE {
                        "exclude"
                    } else {
                        "include"
                    }
                );
                quote_spanned!(span=> let matrix = #private::#add(matrix, &self.#member);)
            } else {
                let value = value_of(&private, field.shape.inner());
                quote!(let matrix = #value.axis(matrix, #name, &self.#member);)
            }
        });
        quote! {
            let matrix = #private::MatrixModel::new();
            #(#steps)*
            matrix
        }
    } else {
        quote!(#private::MatrixModel::new())
    };
    let row_body = if valid {
        quote! {
            let mut entries = #private::Entries::new();
            #(#entries)*
            entries
        }
    } else {
        quote!(#private::Entries::new())
    };

    let accessors = keys.iter().map(|(named, _)| {
        let field = &named.ident;
        let name = &named.name;
        let doc = format!(
            "{}: the `{name}` key of the matrix.",
            expr_doc("matrix", name)
        );
        quote! {
            #[doc = #doc]
            #[must_use]
            #vis fn #field() -> #private::Expr {
                #private::matrix(#name)
            }
        }
    });

    quote! {
        #[doc = #row_doc]
        #[derive(Clone, Debug, Default, PartialEq)]
        #vis struct #row {
            #(#row_fields)*
        }

        #[automatically_derived]
        impl #private::Row for #row {
            fn entries(&self) -> #private::Entries {
                #row_body
            }
        }

        #[automatically_derived]
        impl ::core::iter::IntoIterator for #row {
            type Item = (::std::string::String, #private::Value);
            type IntoIter = #private::RowIntoIter;
            fn into_iter(self) -> Self::IntoIter {
                #private::Row::entries(&self).into_iter()
            }
        }

        #[automatically_derived]
        impl #private::Matrix for #ident {
            type Row = #row;
            fn matrix(&self) -> #private::MatrixModel {
                #body
            }
        }

        #[automatically_derived]
        impl ::core::convert::From<#ident> for #private::MatrixModel {
            fn from(matrix: #ident) -> Self {
                #private::Matrix::matrix(&matrix)
            }
        }

        #[automatically_derived]
        impl ::core::convert::From<#ident> for #private::ExprOr<#private::MatrixModel> {
            fn from(matrix: #ident) -> Self {
                #private::ExprOr::Value(#private::Matrix::matrix(&matrix))
            }
        }

        #[allow(dead_code)]
        impl #ident {
            #(#accessors)*
        }
    }
}
