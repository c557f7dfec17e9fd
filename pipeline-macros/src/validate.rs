//! Stage 2, validate: the checks that need the whole input: the kind of item, field shapes, names that
//! GitHub accepts, duplicates and required keys. Every problem is reported, each at its own span.

use crate::attr::Ctxt;
use crate::parse::{
    ActionInput, ChoiceInput, Common, EXCLUDE, Field, INCLUDE, InputsInput, MatrixInput, Named,
    OutputsInput, Shape,
};
use quote::ToTokens;
use std::collections::BTreeMap;
use syn::{Data, Fields, Type};

/// A struct with named fields and no generics.
fn named_struct(cx: &mut Ctxt, common: &Common<'_>, derive: &str) {
    let input = common.input;
    match &input.data {
        Data::Struct(data) => match &data.fields {
            Fields::Named(_) => {}
            Fields::Unnamed(fields) => cx.error(
                fields,
                format_args!("`#[derive({derive})]` needs named fields: each field is a key"),
            ),
            Fields::Unit => cx.error(
                &input.ident,
                format_args!(
                    "`#[derive({derive})]` needs a struct with named fields, not a unit struct"
                ),
            ),
        },
        Data::Enum(data) => cx.error_at(
            data.enum_token.span,
            format_args!(
                "`#[derive({derive})]` needs a struct with named fields; an enum derives `Choice`"
            ),
        ),
        Data::Union(data) => cx.error_at(
            data.union_token.span,
            format_args!("`#[derive({derive})]` needs a struct with named fields, not a union"),
        ),
    }
    no_generics(cx, common, derive);
}

fn no_generics(cx: &mut Ctxt, common: &Common<'_>, derive: &str) {
    let generics = &common.input.generics;
    if !generics.params.is_empty() || generics.where_clause.is_some() {
        cx.error(
            generics,
            format_args!("`#[derive({derive})]` does not support generic parameters"),
        );
    }
}

/// GitHub's rule for input, output and matrix names: a letter or `_`, then letters, digits, `_` and `-`.
fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// Renamed names are valid, and no two keys share a name.
fn names<'n>(cx: &mut Ctxt, what: &str, names: impl IntoIterator<Item = &'n Named>) {
    let mut seen: BTreeMap<&str, &Named> = BTreeMap::new();
    for named in names {
        if !valid_name(&named.name) {
            cx.error_at(
                named.name_span,
                format_args!(
                    "`{}` is not a valid {what} name: it starts with a letter or `_` and holds only letters, digits, `_` and `-`",
                    named.name
                ),
            );
        } else if let Some(first) = seen.get(named.name.as_str()) {
            cx.error_at(
                named.name_span,
                format_args!(
                    "duplicate {what} name `{}`: `{}` has it too",
                    named.name, first.ident
                ),
            );
        } else {
            seen.insert(&named.name, named);
        }
    }
}

/// A type a scalar field may have: not a tuple, array, slice, pointer, `Vec` or `Option`. Whether it
/// writes as a value is left to the trait bounds of the generated code, which name the field's type.
fn scalar(ty: &Type) -> bool {
    matches!(Shape::of(ty), Shape::Plain(_))
        && !matches!(
            ty,
            Type::Tuple(_) | Type::Array(_) | Type::Slice(_) | Type::Ptr(_)
        )
}

pub(crate) fn choice(cx: &mut Ctxt, input: &ChoiceInput<'_>) {
    let common = &input.common;
    let Data::Enum(data) = &common.input.data else {
        cx.error(
            &common.input.ident,
            "`#[derive(Choice)]` needs an enum of unit variants: its options",
        );
        return;
    };
    no_generics(cx, common, "Choice");
    if data.variants.is_empty() {
        cx.error(
            &common.input.ident,
            "`#[derive(Choice)]` needs at least one variant: a choice has options",
        );
    }
    for (_, variant) in &input.variants {
        if !matches!(variant.fields, Fields::Unit) {
            cx.error(
                &variant.fields,
                format_args!(
                    "`#[derive(Choice)]` variants are options and hold no data: write `{}`",
                    variant.ident
                ),
            );
        }
    }
    let mut seen: BTreeMap<&str, &Named> = BTreeMap::new();
    for (named, _) in &input.variants {
        if named.name.is_empty() {
            cx.error_at(named.name_span, "an option cannot be empty");
        } else if let Some(first) = seen.get(named.name.as_str()) {
            cx.error_at(
                named.name_span,
                format_args!(
                    "duplicate option `{}`: `{}` has it too",
                    named.name, first.ident
                ),
            );
        } else {
            seen.insert(&named.name, named);
        }
    }
}

/// Whether a field holds `include` or `exclude` rows rather than an axis.
pub(crate) fn is_rows(field: &Field<'_>) -> bool {
    field.named.ident == INCLUDE || field.named.ident == EXCLUDE
}

pub(crate) fn matrix(cx: &mut Ctxt, input: &MatrixInput<'_>) {
    named_struct(cx, &input.common, "Matrix");
    for field in &input.fields {
        let ident = &field.named.ident;
        match field.shape {
            Shape::Vec(inner) if is_rows(field) || scalar(inner) => {}
            _ if is_rows(field) => cx.error(
                &field.field.ty,
                format_args!("`{ident}` holds rows: its type is `Vec<{}>`", input.row),
            ),
            _ => cx.error(
                &field.field.ty,
                format_args!(
                    "a matrix axis is a `Vec` of its values, such as `Vec<String>`, `Vec<i64>`, `Vec<bool>` or `Vec<E>` where `E` derives `Choice`: write `{ident}: Vec<...>`"
                ),
            ),
        }
        if !is_rows(field) && (field.named.name == INCLUDE || field.named.name == EXCLUDE) {
            cx.error_at(
                field.named.name_span,
                format_args!(
                    "`{}` is not an axis name: GitHub reads it as the matrix's `{}` rows",
                    field.named.name, field.named.name
                ),
            );
        }
    }
    for (named, ty) in &input.extra {
        if input.fields.iter().any(|f| f.named.ident == named.ident) {
            cx.error(
                &named.ident,
                format_args!(
                    "`{}` is already a field: an extra key is a key that no axis has",
                    named.ident
                ),
            );
        }
        if !scalar(ty) {
            cx.error(
                ty,
                "an extra key holds one value: `String`, a number, `bool` or a `Choice` enum",
            );
        }
        if named.name == INCLUDE || named.name == EXCLUDE {
            cx.error(
                &named.ident,
                format_args!(
                    "`{}` is not a key name: GitHub reads it as the matrix's rows",
                    named.name
                ),
            );
        }
    }
    let axes = input
        .fields
        .iter()
        .filter(|f| !is_rows(f))
        .map(|f| &f.named);
    names(
        cx,
        "matrix key",
        axes.chain(input.extra.iter().map(|(n, _)| n)),
    );
}

pub(crate) fn inputs(cx: &mut Ctxt, input: &InputsInput<'_>) {
    named_struct(cx, &input.common, "Inputs");
    for (field, attrs) in &input.fields {
        let inner = match field.shape {
            Shape::Option(inner) => inner,
            Shape::Plain(ty) => ty,
            Shape::Vec(_) => {
                cx.error(
                    &field.field.ty,
                    "an input holds one value: GitHub has no list inputs; take a `String` and split it",
                );
                continue;
            }
        };
        if !scalar(inner) || matches!(inner, Type::Reference(_)) {
            cx.error(
                inner,
                "an input is `String`, `bool`, a number or a `Choice` enum, or an `Option` of one",
            );
        }
        if let Some(span) = attrs.environment
            && !is_string(inner)
        {
            cx.error_at(
                span,
                format_args!(
                    "an `environment` input holds an environment's name: the field's type is `String`, not `{}`",
                    inner.to_token_stream()
                ),
            );
        }
    }
    names(cx, "input", input.fields.iter().map(|(f, _)| &f.named));
}

fn is_string(ty: &Type) -> bool {
    matches!(ty, Type::Path(p) if p.qself.is_none() && p.path.segments.last().is_some_and(|s| s.ident == "String" && s.arguments.is_empty()))
}

pub(crate) fn outputs(cx: &mut Ctxt, input: &OutputsInput<'_>) {
    named_struct(cx, &input.common, "Outputs");
    for field in &input.fields {
        if !scalar(&field.field.ty) {
            cx.error(
                &field.field.ty,
                "an output always has one value: its type is `Expr` or `String`",
            );
        }
    }
    names(cx, "output", input.fields.iter().map(|f| &f.named));
}

pub(crate) fn action(cx: &mut Ctxt, input: &ActionInput<'_>) {
    named_struct(cx, &input.common, "Action");
    match &input.uses {
        None if input.uses_written => {}
        None => cx.error(
            &input.common.input.ident,
            "`#[derive(Action)]` needs the action it binds: `#[action(uses = \"owner/repo@ref\")]`",
        ),
        Some(uses) if uses.value().trim().is_empty() => cx.error(
            uses,
            "`uses` names an action: `owner/repo@ref`, `owner/repo/path@ref`, `./path` or `docker://image`",
        ),
        Some(_) => {}
    }
    for field in &input.fields {
        let inner = match field.shape {
            Shape::Option(inner) => inner,
            Shape::Plain(ty) => ty,
            Shape::Vec(_) => {
                cx.error(
                    &field.field.ty,
                    "an action input holds one value: GitHub passes `with:` entries as strings; join a list into a `String`",
                );
                continue;
            }
        };
        if !scalar(inner) {
            cx.error(
                inner,
                "an action input is a string, a number, `bool`, an `Expr` or a `Choice` enum, or an `Option` of one",
            );
        }
    }
    names(cx, "input", input.fields.iter().map(|f| &f.named));
    names(cx, "output", &input.outputs);
}

#[cfg(test)]
mod tests {
    #[test]
    fn names() {
        for (name, valid) in [
            ("os", true),
            ("node-version", true),
            ("_x", true),
            ("cache-hit", true),
            ("1x", false),
            ("-x", false),
            ("a b", false),
            ("", false),
        ] {
            assert_eq!(super::valid_name(name), valid, "{name}");
        }
    }
}
