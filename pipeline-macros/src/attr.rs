//! Attribute reading shared by every derive: the keywords, an error collector, `#[name(key = value)]`
//! readers that report unknown, duplicate and ill-typed keys at their own span, and doc comments.

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::ToTokens;
use syn::meta::ParseNestedMeta;
use syn::{Attribute, Expr, ExprLit, Lit, LitStr, Token};

/// The attribute keywords, one constant each, so a key is spelled once.
pub(crate) mod kw {
    pub(crate) const CHOICE: &str = "choice";
    pub(crate) const MATRIX: &str = "matrix";
    pub(crate) const INPUTS: &str = "inputs";
    pub(crate) const INPUT: &str = "input";
    pub(crate) const OUTPUTS: &str = "outputs";
    pub(crate) const OUTPUT: &str = "output";
    pub(crate) const ACTION: &str = "action";

    pub(crate) const CRATE: &str = "crate";
    pub(crate) const DEFAULT: &str = "default";
    pub(crate) const DEPRECATION_MESSAGE: &str = "deprecation_message";
    pub(crate) const ENVIRONMENT: &str = "environment";
    pub(crate) const METADATA: &str = "metadata";
    pub(crate) const EXTRA: &str = "extra";
    pub(crate) const RENAME: &str = "rename";
    pub(crate) const RENAME_ALL: &str = "rename_all";
    pub(crate) const ROW: &str = "row";
    pub(crate) const USES: &str = "uses";
}

/// Collects every error of one derive, so the user sees them all at once.
#[derive(Default)]
pub(crate) struct Ctxt {
    errors: Option<syn::Error>,
}

impl Ctxt {
    pub(crate) fn push(&mut self, error: syn::Error) {
        match &mut self.errors {
            Some(errors) => errors.combine(error),
            None => self.errors = Some(error),
        }
    }

    pub(crate) fn error(&mut self, tokens: impl ToTokens, message: impl std::fmt::Display) {
        self.push(syn::Error::new_spanned(tokens, message));
    }

    pub(crate) fn error_at(&mut self, span: Span, message: impl std::fmt::Display) {
        self.push(syn::Error::new(span, message));
    }

    pub(crate) fn has_errors(&self) -> bool {
        self.errors.is_some()
    }

    /// `compile_error!` for every error, or nothing.
    pub(crate) fn into_compile_errors(self) -> TokenStream {
        self.errors
            .map(syn::Error::into_compile_error)
            .unwrap_or_default()
    }
}

/// Where an attribute sits, for the list of valid keys and the hint when a key belongs elsewhere.
pub(crate) struct Place {
    /// The attribute's name: `matrix`, `input`, ...
    pub(crate) name: &'static str,
    /// The keys valid here.
    pub(crate) keys: &'static [&'static str],
    /// The keys valid at the other level (field versus container), with where that is.
    pub(crate) elsewhere: (&'static str, &'static [&'static str]),
}

/// One key that may be given once; a second occurrence is an error at its span.
pub(crate) struct Once<T> {
    value: Option<T>,
}

impl<T> Default for Once<T> {
    fn default() -> Self {
        Self { value: None }
    }
}

impl<T> Once<T> {
    pub(crate) fn set(&mut self, cx: &mut Ctxt, key: &syn::Path, value: Option<T>) {
        if self.value.is_some() {
            cx.error(key, format_args!("duplicate key `{}`", path_name(key)));
        } else if value.is_some() {
            self.value = value;
        }
    }

    pub(crate) fn get(self) -> Option<T> {
        self.value
    }
}

/// A key seen in an attribute: whether it was present, for flags.
pub(crate) fn path_name(path: &syn::Path) -> String {
    path.get_ident()
        .map_or_else(|| path.to_token_stream().to_string(), ToString::to_string)
}

/// "expected `a`" or "expected one of `a`, `b`".
pub(crate) fn expected(choices: &[&str]) -> String {
    let quoted: Vec<String> = choices.iter().map(|k| format!("`{k}`")).collect();
    match quoted.as_slice() {
        [one] => format!("expected {one}"),
        _ => format!("expected one of {}", quoted.join(", ")),
    }
}

/// Reads every `#[<place.name>(...)]` among `attrs`, calling `read` with each valid key. Unknown keys are
/// reported (with the valid ones) and skipped, so the keys after them are still read.
pub(crate) fn read(
    cx: &mut Ctxt,
    attrs: &[Attribute],
    place: &Place,
    mut read: impl FnMut(&mut Ctxt, &str, &ParseNestedMeta<'_>) -> syn::Result<()>,
) {
    for attr in attrs.iter().filter(|a| a.path().is_ident(place.name)) {
        let result = attr.parse_nested_meta(|meta| {
            let key = path_name(&meta.path);
            if let Some(&key) = place.keys.iter().find(|k| **k == key) {
                return read(cx, key, &meta);
            }
            let (where_, other) = place.elsewhere;
            let hint = if other.contains(&key.as_str()) {
                format!("; `{key}` goes on {where_}")
            } else {
                String::new()
            };
            cx.error(
                &meta.path,
                format_args!(
                    "unknown key `{key}` in `#[{}(...)]`, {}{hint}",
                    place.name,
                    expected(place.keys)
                ),
            );
            skip_value(&meta)
        });
        if let Err(error) = result {
            cx.push(error);
        }
    }
}

/// Skips `= value` or `(...)` after a key that was not understood.
pub(crate) fn skip_value(meta: &ParseNestedMeta<'_>) -> syn::Result<()> {
    if meta.input.peek(Token![=]) {
        meta.input.parse::<Token![=]>()?;
        while !meta.input.is_empty() && !meta.input.peek(Token![,]) {
            meta.input.parse::<TokenTree>()?;
        }
    } else if meta.input.peek(syn::token::Paren) {
        meta.input.parse::<TokenTree>()?;
    }
    Ok(())
}

/// `key = "string"`; any other value is an error at its span.
pub(crate) fn string(
    cx: &mut Ctxt,
    key: &str,
    meta: &ParseNestedMeta<'_>,
) -> syn::Result<Option<LitStr>> {
    let Some(expr) = value(cx, key, "\"...\"", meta)? else {
        return Ok(None);
    };
    match expr {
        Expr::Lit(ExprLit {
            lit: Lit::Str(lit), ..
        }) => Ok(Some(lit)),
        other => {
            cx.error(
                other,
                format_args!("expected a string literal: `{key} = \"...\"`"),
            );
            Ok(None)
        }
    }
}

/// `key = <expression>`.
pub(crate) fn value(
    cx: &mut Ctxt,
    key: &str,
    example: &str,
    meta: &ParseNestedMeta<'_>,
) -> syn::Result<Option<Expr>> {
    if !meta.input.peek(Token![=]) {
        cx.error(
            &meta.path,
            format_args!("expected a value: `{key} = {example}`"),
        );
        skip_value(meta)?;
        return Ok(None);
    }
    meta.input.parse::<Token![=]>()?;
    Ok(Some(meta.input.parse()?))
}

/// A bare `key`; a value after it is an error.
pub(crate) fn flag(cx: &mut Ctxt, key: &str, meta: &ParseNestedMeta<'_>) -> syn::Result<bool> {
    if meta.input.peek(Token![=]) || meta.input.peek(syn::token::Paren) {
        cx.error(
            &meta.path,
            format_args!("`{key}` takes no value: write `{key}` alone"),
        );
        skip_value(meta)?;
        return Ok(false);
    }
    Ok(true)
}

/// `key(...)` with nested entries, each read by `entry`.
pub(crate) fn nested(
    cx: &mut Ctxt,
    key: &str,
    example: &str,
    meta: &ParseNestedMeta<'_>,
    mut entry: impl FnMut(&mut Ctxt, ParseNestedMeta<'_>) -> syn::Result<()>,
) -> syn::Result<()> {
    if !meta.input.peek(syn::token::Paren) {
        cx.error(
            &meta.path,
            format_args!("expected a list: `{key}({example})`"),
        );
        return skip_value(meta);
    }
    meta.parse_nested_meta(|inner| entry(cx, inner))
}

/// The doc comment as one description: lines of a paragraph joined by spaces, paragraphs by a blank line.
pub(crate) fn doc(attrs: &[Attribute]) -> Option<String> {
    let mut lines = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("doc")) {
        if let syn::Meta::NameValue(nv) = &attr.meta
            && let Expr::Lit(ExprLit {
                lit: Lit::Str(s), ..
            }) = &nv.value
        {
            let text = s.value();
            if text.trim().is_empty() {
                lines.push(String::new());
            } else {
                lines.extend(text.lines().map(|l| l.trim().to_owned()));
            }
        }
    }
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    for line in lines {
        if line.is_empty() {
            if !current.is_empty() {
                paragraphs.push(std::mem::take(&mut current));
            }
        } else {
            if !current.is_empty() {
                current.push(' ');
            }
            current.push_str(&line);
        }
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    (!paragraphs.is_empty()).then(|| paragraphs.join("\n\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_doc(attrs: &[Attribute], expected: Option<&str>) {
        assert_eq!(doc(attrs).as_deref(), expected);
    }

    #[test]
    fn docs() {
        check_doc(&[], None);
        check_doc(
            &[syn::parse_quote!(#[doc = " One line."])],
            Some("One line."),
        );
        check_doc(
            &[
                syn::parse_quote!(#[doc = " First"]),
                syn::parse_quote!(#[doc = " line."]),
                syn::parse_quote!(#[doc = ""]),
                syn::parse_quote!(#[doc = " Second."]),
            ],
            Some("First line.\n\nSecond."),
        );
    }

    #[test]
    fn lists() {
        assert_eq!(expected(&["a"]), "expected `a`");
        assert_eq!(expected(&["a", "b", "c"]), "expected one of `a`, `b`, `c`");
    }
}
