//! Stage 1, parse: reads the derive input and its attributes into one plain description per derive.
//!
//! Parsing is tolerant: a bad key is reported and left out, and the rest is still read, so one run shows
//! every attribute error. Checks that need the whole input (shapes, duplicates, required keys) are in
//! [`crate::validate`].

use crate::attr::{self, Ctxt, Once, Place, kw};
use crate::case::Case;
use proc_macro2::Span;
use syn::{DeriveInput, Ident, LitStr, Type};

/// What every derive reads from the container and its fields.
pub(crate) struct Common<'a> {
    pub(crate) input: &'a DeriveInput,
    /// The path of the `pipeline-sdk` crate in generated code: `::pipeline_sdk` unless
    /// `crate = ".."` says otherwise.
    pub(crate) krate: syn::Path,
}

/// A field (or a variant) with its resolved name.
pub(crate) struct Named {
    pub(crate) ident: Ident,
    /// The name GitHub reads: `rename`, else `rename_all` applied to the identifier.
    pub(crate) name: String,
    /// Where the name comes from: the `rename` string, else the identifier.
    pub(crate) name_span: Span,
    pub(crate) doc: Option<String>,
}

/// The shape of a field's type, as far as syntax tells.
#[derive(Clone, Copy)]
pub(crate) enum Shape<'a> {
    /// `Vec<T>`
    Vec(&'a Type),
    /// `Option<T>`
    Option(&'a Type),
    /// Anything else.
    Plain(&'a Type),
}

impl<'a> Shape<'a> {
    pub(crate) fn of(ty: &'a Type) -> Self {
        match generic_argument(ty) {
            Some(("Vec", inner)) => Shape::Vec(inner),
            Some(("Option", inner)) => Shape::Option(inner),
            _ => Shape::Plain(ty),
        }
    }

    /// The type inside `Vec` or `Option`, or the type itself.
    pub(crate) fn inner(self) -> &'a Type {
        match self {
            Shape::Vec(ty) | Shape::Option(ty) | Shape::Plain(ty) => ty,
        }
    }
}

/// `("Vec", T)` for `Vec<T>` (and `std::vec::Vec<T>`), `("Option", T)` for `Option<T>`.
fn generic_argument(ty: &Type) -> Option<(&'static str, &Type)> {
    let Type::Path(path) = ty else { return None };
    if path.qself.is_some() {
        return None;
    }
    let last = path.path.segments.last()?;
    let name = ["Vec", "Option"].into_iter().find(|n| last.ident == n)?;
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.iter().collect::<Vec<_>>().as_slice() {
        [syn::GenericArgument::Type(inner)] => Some((name, inner)),
        _ => None,
    }
}

/// A field of a struct.
pub(crate) struct Field<'a> {
    pub(crate) named: Named,
    pub(crate) field: &'a syn::Field,
    pub(crate) shape: Shape<'a>,
}

/// The fields of a struct with named fields; others are reported by validation.
fn named_fields(input: &DeriveInput) -> Vec<&syn::Field> {
    match &input.data {
        syn::Data::Struct(data) => match &data.fields {
            syn::Fields::Named(fields) => fields.named.iter().collect(),
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

fn resolve(ident: &Ident, rename: Option<LitStr>, rename_all: Case, doc: Option<String>) -> Named {
    match rename {
        Some(lit) => Named {
            ident: ident.clone(),
            name: lit.value(),
            name_span: lit.span(),
            doc,
        },
        None => Named {
            ident: ident.clone(),
            name: rename_all.apply(&ident.to_string()),
            name_span: ident.span(),
            doc,
        },
    }
}

fn rename_all(
    cx: &mut Ctxt,
    key: &str,
    meta: &syn::meta::ParseNestedMeta<'_>,
) -> syn::Result<Option<Case>> {
    let Some(lit) = attr::string(cx, key, meta)? else {
        return Ok(None);
    };
    let case = Case::parse(&lit.value());
    if case.is_none() {
        cx.error(
            &lit,
            format_args!(
                "unknown rule `{}` for `rename_all`, {}",
                lit.value(),
                attr::expected(Case::NAMES)
            ),
        );
    }
    Ok(case)
}

fn krate(
    cx: &mut Ctxt,
    key: &str,
    meta: &syn::meta::ParseNestedMeta<'_>,
) -> syn::Result<Option<syn::Path>> {
    let Some(lit) = attr::string(cx, key, meta)? else {
        return Ok(None);
    };
    match lit.parse::<syn::Path>() {
        Ok(path) => Ok(Some(path)),
        Err(_) => {
            cx.error(&lit, "expected a path: `crate = \"::pipeline_sdk\"`");
            Ok(None)
        }
    }
}

fn default_krate() -> syn::Path {
    syn::parse_quote!(::pipeline_sdk)
}

/// The container keys every derive takes; `more` reads the others.
struct ContainerKeys {
    rename_all: Once<Case>,
    krate: Once<syn::Path>,
}

fn container(
    cx: &mut Ctxt,
    input: &DeriveInput,
    place: &Place,
    mut more: impl FnMut(&mut Ctxt, &str, &syn::meta::ParseNestedMeta<'_>) -> syn::Result<()>,
) -> (Case, syn::Path) {
    let mut keys = ContainerKeys {
        rename_all: Once::default(),
        krate: Once::default(),
    };
    attr::read(cx, &input.attrs, place, |cx, key, meta| match key {
        kw::RENAME_ALL => {
            let value = rename_all(cx, key, meta)?;
            keys.rename_all.set(cx, &meta.path, value);
            Ok(())
        }
        kw::CRATE => {
            let value = krate(cx, key, meta)?;
            keys.krate.set(cx, &meta.path, value);
            Ok(())
        }
        _ => more(cx, key, meta),
    });
    (
        keys.rename_all.get().unwrap_or(Case::Kebab),
        keys.krate.get().unwrap_or_else(default_krate),
    )
}

/// Reads each field's attribute: `rename` here, other keys through `more(field index, ..)`.
fn fields<'a>(
    cx: &mut Ctxt,
    input: &'a DeriveInput,
    place: &Place,
    case: Case,
    mut more: impl FnMut(usize, &mut Ctxt, &str, &syn::meta::ParseNestedMeta<'_>) -> syn::Result<()>,
) -> Vec<Field<'a>> {
    let mut out = Vec::new();
    for (index, field) in named_fields(input).into_iter().enumerate() {
        let Some(ident) = &field.ident else { continue };
        let mut rename = Once::default();
        attr::read(cx, &field.attrs, place, |cx, key, meta| match key {
            kw::RENAME => {
                let value = attr::string(cx, key, meta)?;
                rename.set(cx, &meta.path, value);
                Ok(())
            }
            _ => more(index, cx, key, meta),
        });
        out.push(Field {
            named: resolve(ident, rename.get(), case, attr::doc(&field.attrs)),
            field,
            shape: Shape::of(&field.ty),
        });
    }
    out
}

const CONTAINER: &str = "the struct";
const FIELD: &str = "a field";

// ---------------------------------------------------------------------------------------------------
// Choice

/// `#[derive(Choice)]`
pub(crate) struct ChoiceInput<'a> {
    pub(crate) common: Common<'a>,
    pub(crate) variants: Vec<(Named, &'a syn::Variant)>,
}

const CHOICE_CONTAINER: Place = Place {
    name: kw::CHOICE,
    keys: &[kw::RENAME_ALL, kw::CRATE],
    elsewhere: ("a variant", &[kw::RENAME]),
};
const CHOICE_VARIANT: Place = Place {
    name: kw::CHOICE,
    keys: &[kw::RENAME],
    elsewhere: ("the enum", &[kw::RENAME_ALL, kw::CRATE]),
};

pub(crate) fn choice<'a>(cx: &mut Ctxt, input: &'a DeriveInput) -> ChoiceInput<'a> {
    let (case, krate) = container(cx, input, &CHOICE_CONTAINER, |_, _, _| Ok(()));
    let mut variants = Vec::new();
    if let syn::Data::Enum(data) = &input.data {
        for variant in &data.variants {
            let mut rename = Once::default();
            attr::read(cx, &variant.attrs, &CHOICE_VARIANT, |cx, key, meta| {
                let value = attr::string(cx, key, meta)?;
                rename.set(cx, &meta.path, value);
                Ok(())
            });
            let named = resolve(
                &variant.ident,
                rename.get(),
                case,
                attr::doc(&variant.attrs),
            );
            variants.push((named, variant));
        }
    }
    ChoiceInput {
        common: Common { input, krate },
        variants,
    }
}

// ---------------------------------------------------------------------------------------------------
// Matrix

/// `#[derive(Matrix)]`
pub(crate) struct MatrixInput<'a> {
    pub(crate) common: Common<'a>,
    /// The axes, and the `include` and `exclude` fields.
    pub(crate) fields: Vec<Field<'a>>,
    /// Keys set only by rows: `extra(key = Type)`.
    pub(crate) extra: Vec<(Named, Type)>,
    /// The row type's name.
    pub(crate) row: Ident,
}

/// The fields that hold rows rather than an axis.
pub(crate) const INCLUDE: &str = "include";
pub(crate) const EXCLUDE: &str = "exclude";

const MATRIX_CONTAINER: Place = Place {
    name: kw::MATRIX,
    keys: &[kw::RENAME_ALL, kw::ROW, kw::EXTRA, kw::CRATE],
    elsewhere: (FIELD, &[kw::RENAME]),
};
const MATRIX_FIELD: Place = Place {
    name: kw::MATRIX,
    keys: &[kw::RENAME],
    elsewhere: (CONTAINER, &[kw::RENAME_ALL, kw::ROW, kw::EXTRA, kw::CRATE]),
};

pub(crate) fn matrix<'a>(cx: &mut Ctxt, input: &'a DeriveInput) -> MatrixInput<'a> {
    let mut row = Once::<Ident>::default();
    let mut extra_raw: Vec<(Ident, Type)> = Vec::new();
    let (case, krate) = container(cx, input, &MATRIX_CONTAINER, |cx, key, meta| match key {
        kw::ROW => {
            let value = attr::string(cx, key, meta)?.and_then(|lit| match lit.parse::<Ident>() {
                Ok(ident) => Some(ident),
                Err(_) => {
                    cx.error(&lit, "expected the name of a type: `row = \"TestRow\"`");
                    None
                }
            });
            row.set(cx, &meta.path, value);
            Ok(())
        }
        _ => attr::nested(cx, key, "key = Type, ...", meta, |cx, inner| {
            let Some(ident) = inner.path.get_ident().cloned() else {
                cx.error(&inner.path, "expected a key: `extra(key = Type)`");
                return attr::skip_value(&inner);
            };
            if !inner.input.peek(syn::Token![=]) {
                cx.error(
                    &inner.path,
                    format_args!("expected a type: `extra({ident} = Type)`"),
                );
                return attr::skip_value(&inner);
            }
            let ty: Type = inner.value()?.parse()?;
            extra_raw.push((ident, ty));
            Ok(())
        }),
    });
    let fields = fields(cx, input, &MATRIX_FIELD, case, |_, _, _, _| Ok(()));
    let row = row
        .get()
        .unwrap_or_else(|| quote::format_ident!("{}Row", input.ident));
    let extra = extra_raw
        .into_iter()
        .map(|(ident, ty)| (resolve(&ident, None, case, None), ty))
        .collect();
    MatrixInput {
        common: Common { input, krate },
        fields,
        extra,
        row,
    }
}

// ---------------------------------------------------------------------------------------------------
// Inputs

/// `#[derive(Inputs)]`
pub(crate) struct InputsInput<'a> {
    pub(crate) common: Common<'a>,
    pub(crate) fields: Vec<(Field<'a>, InputAttrs)>,
}

/// The keys of `#[input(..)]`.
#[derive(Default)]
pub(crate) struct InputAttrs {
    pub(crate) default: Option<syn::Expr>,
    /// The span of the `environment` key, when given.
    pub(crate) environment: Option<Span>,
    pub(crate) deprecation_message: Option<LitStr>,
}

const INPUTS_CONTAINER: Place = Place {
    name: kw::INPUTS,
    keys: &[kw::RENAME_ALL, kw::CRATE],
    elsewhere: (
        "a field, in `#[input(...)]`",
        &[
            kw::RENAME,
            kw::DEFAULT,
            kw::ENVIRONMENT,
            kw::DEPRECATION_MESSAGE,
        ],
    ),
};
const INPUT_FIELD: Place = Place {
    name: kw::INPUT,
    keys: &[
        kw::RENAME,
        kw::DEFAULT,
        kw::ENVIRONMENT,
        kw::DEPRECATION_MESSAGE,
    ],
    elsewhere: (
        "the struct, in `#[inputs(...)]`",
        &[kw::RENAME_ALL, kw::CRATE],
    ),
};

pub(crate) fn inputs<'a>(cx: &mut Ctxt, input: &'a DeriveInput) -> InputsInput<'a> {
    let (case, krate) = container(cx, input, &INPUTS_CONTAINER, |_, _, _| Ok(()));
    let count = named_fields(input).len();
    let mut defaults: Vec<Once<syn::Expr>> = (0..count).map(|_| Once::default()).collect();
    let mut environments: Vec<Once<Span>> = (0..count).map(|_| Once::default()).collect();
    let mut messages: Vec<Once<LitStr>> = (0..count).map(|_| Once::default()).collect();
    let fields = fields(cx, input, &INPUT_FIELD, case, |index, cx, key, meta| {
        match key {
            kw::DEFAULT => {
                let value = attr::value(cx, key, "<value>", meta)?;
                defaults[index].set(cx, &meta.path, value);
            }
            kw::ENVIRONMENT => {
                let value = attr::flag(cx, key, meta)?.then(|| meta.path.segments[0].ident.span());
                environments[index].set(cx, &meta.path, value);
            }
            _ => {
                let value = attr::string(cx, key, meta)?;
                messages[index].set(cx, &meta.path, value);
            }
        }
        Ok(())
    });
    let mut attrs: Vec<InputAttrs> = defaults
        .into_iter()
        .zip(environments)
        .zip(messages)
        .map(|((default, environment), message)| InputAttrs {
            default: default.get(),
            environment: environment.get(),
            deprecation_message: message.get(),
        })
        .collect();
    // `fields` skips nothing for a struct with named fields, so indexes line up.
    attrs.truncate(fields.len());
    InputsInput {
        common: Common { input, krate },
        fields: fields.into_iter().zip(attrs).collect(),
    }
}

// ---------------------------------------------------------------------------------------------------
// Outputs

/// `#[derive(Outputs)]`
pub(crate) struct OutputsInput<'a> {
    pub(crate) common: Common<'a>,
    pub(crate) fields: Vec<Field<'a>>,
}

const OUTPUTS_CONTAINER: Place = Place {
    name: kw::OUTPUTS,
    keys: &[kw::RENAME_ALL, kw::CRATE],
    elsewhere: ("a field, in `#[output(...)]`", &[kw::RENAME]),
};
const OUTPUT_FIELD: Place = Place {
    name: kw::OUTPUT,
    keys: &[kw::RENAME],
    elsewhere: (
        "the struct, in `#[outputs(...)]`",
        &[kw::RENAME_ALL, kw::CRATE],
    ),
};

pub(crate) fn outputs<'a>(cx: &mut Ctxt, input: &'a DeriveInput) -> OutputsInput<'a> {
    let (case, krate) = container(cx, input, &OUTPUTS_CONTAINER, |_, _, _| Ok(()));
    let fields = fields(cx, input, &OUTPUT_FIELD, case, |_, _, _, _| Ok(()));
    OutputsInput {
        common: Common { input, krate },
        fields,
    }
}

// ---------------------------------------------------------------------------------------------------
// Action

/// `#[derive(Action)]`
pub(crate) struct ActionInput<'a> {
    pub(crate) common: Common<'a>,
    pub(crate) uses: Option<LitStr>,
    /// Whether a `uses` key was written, even with a bad value (already reported).
    pub(crate) uses_written: bool,
    pub(crate) fields: Vec<Field<'a>>,
    /// `outputs(name, name = "output-name")`
    pub(crate) outputs: Vec<Named>,
    /// `metadata = "path/to/action.yml"`: the vendored metadata to check the fields against.
    pub(crate) metadata: Option<LitStr>,
}

const ACTION_CONTAINER: Place = Place {
    name: kw::ACTION,
    keys: &[
        kw::USES,
        kw::OUTPUTS,
        kw::RENAME_ALL,
        kw::CRATE,
        kw::METADATA,
    ],
    elsewhere: (FIELD, &[kw::RENAME]),
};
const ACTION_FIELD: Place = Place {
    name: kw::ACTION,
    keys: &[kw::RENAME],
    elsewhere: (
        CONTAINER,
        &[
            kw::USES,
            kw::OUTPUTS,
            kw::RENAME_ALL,
            kw::CRATE,
            kw::METADATA,
        ],
    ),
};

pub(crate) fn action<'a>(cx: &mut Ctxt, input: &'a DeriveInput) -> ActionInput<'a> {
    let mut uses = Once::default();
    let mut uses_written = false;
    let mut outputs_raw: Vec<(Ident, Option<LitStr>)> = Vec::new();
    let mut metadata = Once::default();
    let (case, krate) = container(cx, input, &ACTION_CONTAINER, |cx, key, meta| match key {
        kw::USES => {
            uses_written = true;
            let value = attr::string(cx, key, meta)?;
            uses.set(cx, &meta.path, value);
            Ok(())
        }
        kw::METADATA => {
            let value = attr::string(cx, key, meta)?;
            metadata.set(cx, &meta.path, value);
            Ok(())
        }
        _ => attr::nested(
            cx,
            key,
            "name, name = \"output-name\", ...",
            meta,
            |cx, inner| {
                let Some(ident) = inner.path.get_ident().cloned() else {
                    cx.error(&inner.path, "expected an output: `outputs(name)`");
                    return attr::skip_value(&inner);
                };
                let rename = if inner.input.peek(syn::Token![=]) {
                    attr::string(cx, &ident.to_string(), &inner)?
                } else {
                    None
                };
                outputs_raw.push((ident, rename));
                Ok(())
            },
        ),
    });
    let fields = fields(cx, input, &ACTION_FIELD, case, |_, _, _, _| Ok(()));
    let outputs = outputs_raw
        .into_iter()
        .map(|(ident, rename)| resolve(&ident, rename, case, None))
        .collect();
    ActionInput {
        common: Common { input, krate },
        uses: uses.get(),
        uses_written,
        fields,
        outputs,
        metadata: metadata.get(),
    }
}
