//! Derives for onshi's C ABI (`bindings/c`). Each C enum is written once, as the `#[repr(u32)]`
//! item with its `= N` values that cbindgen puts in `include/onshi.h`; these derives give the rest
//! from that one item: the list of its values, the decoder of a caller's `uint32_t`, the
//! conversions to and from the core enum it mirrors, and for `OnshiStatus` the status table.
//!
//! Why derives and not a `macro_rules!` that writes the enum (rustls-ffi's `u32_enum_builder!`):
//! cbindgen reads the sources without expanding macros on stable Rust, so an enum written inside a
//! macro would vanish from the header. A derive leaves the item as it is and adds impls beside it.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

use proc_macro::TokenStream;
use proc_macro2::TokenStream as Tokens;
use quote::quote;
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, Ident, Path, Variant};

/// `#[derive(CEnum)]` on a `#[repr(u32)]` enum of unit variants, each with its explicit `= N`
/// (C numbers are stable, so none is left to the compiler). It gives:
///
/// - `ALL`, every value in declaration order, and `CONSTANTS`, the prefix cbindgen gives its C
///   constants (`ONSHI_ROUTE` for `OnshiRoute`); `From<C> for u32`, its number;
/// - `TryFrom<u32>` with `crate::Undefined` as the error: the decoder of a number a caller passed,
///   which finds the value whose discriminant it is, so no `1 =>` is written anywhere;
/// - with `#[c_enum(core = path::To::Enum)]`: `From<&Core>` and `From<Core>`, the variant of the
///   same name (`Core::Name { .. }`, so a core variant may carry data). A variant marked
///   `#[c_enum(extra)]` is C's own (`ONSHI_COVERAGE_UNKNOWN` for a NULL decision) and has no core
///   value. The match is exhaustive: a core value without its C constant does not compile;
/// - with `#[c_enum(core = …, into_core)]`, also `From<C> for Core` (core variants without data;
///   no extra variant).
#[proc_macro_derive(CEnum, attributes(c_enum))]
pub fn derive_c_enum(input: TokenStream) -> TokenStream {
    expand(input, c_enum)
}

/// `#[derive(StatusTable)]` on `OnshiStatus`: each status says, in `#[status(…)]` above it, where
/// its words come from and which core errors it stands for. The enum is then the one table
/// (number, kind, words) of the statuses:
///
/// - `domain = D`: errors of `onshi::error::ErrorDomain::D` get this status; its words and kind slug are
///   the domain's;
/// - `also(D, …)`: errors of these domains get it too;
/// - `card = K`: card errors of kind `onshi::error::ErrorKind::K` get it, ahead of their domain; its
///   words are the kind's, and without `domain` so is its kind slug;
/// - `kind = K`: errors of kind `onshi::error::ErrorKind::K` in any domain get it, ahead of everything
///   else (a 12-digit 個人番号, whichever function met it); its words and kind are the kind's;
/// - `own = PATH`: a status of C's own (success, a NULL pointer, text that is not UTF-8, a buffer
///   too small), no core error: `PATH` is a `(slug, ja, en)` constant of the C crate (`own.rs`),
///   which gives its kind and words.
///
/// It gives `words(self)`, `kind(self)` (the kind a failure the binding found itself carries) and
/// `of_error(domain, kind)`, the status of a core error: one generated `match`, exhaustive over
/// the domains, so a domain added to the core without a status does not compile.
#[proc_macro_derive(StatusTable, attributes(status))]
pub fn derive_status_table(input: TokenStream) -> TokenStream {
    expand(input, status_table)
}

/// Runs a derive on its item; a refusal becomes a compile error at the place it names.
fn expand(input: TokenStream, derive: fn(&DeriveInput) -> syn::Result<Tokens>) -> TokenStream {
    let input = syn::parse_macro_input!(input as DeriveInput);
    derive(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// The variants of a `#[repr(u32)]` enum whose values are all unit variants with `= N`.
fn c_variants(input: &DeriveInput) -> syn::Result<Vec<&Variant>> {
    let Data::Enum(data) = &input.data else {
        return Err(syn::Error::new(input.span(), "a C enum is an enum"));
    };
    let repr_u32 = input.attrs.iter().any(|a| {
        a.path().is_ident("repr") && a.parse_args::<Ident>().is_ok_and(|repr| repr == "u32")
    });
    if !repr_u32 {
        return Err(syn::Error::new(
            input.ident.span(),
            "a C enum is #[repr(u32)]: the header passes it as uint32_t",
        ));
    }
    data.variants
        .iter()
        .map(|v| {
            if !matches!(v.fields, Fields::Unit) {
                Err(syn::Error::new(v.span(), "a C enum value carries no data"))
            } else if v.discriminant.is_none() {
                Err(syn::Error::new(
                    v.span(),
                    "a C enum value says its number (`= N`): C numbers are stable",
                ))
            } else {
                Ok(v)
            }
        })
        .collect()
}

/// The prefix cbindgen gives the constants of enum `name` (`prefix_with_name`,
/// `ScreamingSnakeCase`): `OnshiPinCounterKind` → `ONSHI_PIN_COUNTER_KIND`.
fn screaming_snake(name: &str) -> String {
    let mut out = String::new();
    let mut previous: Option<char> = None;
    for c in name.chars() {
        if c.is_uppercase() && previous.is_some_and(|p| p.is_lowercase() || p.is_ascii_digit()) {
            out.push('_');
        }
        out.extend(c.to_uppercase());
        previous = Some(c);
    }
    out
}

fn c_enum(input: &DeriveInput) -> syn::Result<Tokens> {
    let variants = c_variants(input)?;
    let name = &input.ident;
    let (mut core, mut into_core): (Option<Path>, bool) = (None, false);
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("c_enum")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("core") {
                core = Some(meta.value()?.parse()?);
                Ok(())
            } else if meta.path.is_ident("into_core") {
                into_core = true;
                Ok(())
            } else {
                Err(meta.error("expected `core = path` or `into_core`"))
            }
        })?;
    }
    let mut mirrored = Vec::new();
    let mut extras = Vec::new();
    for v in &variants {
        let mut extra = false;
        for attr in v.attrs.iter().filter(|a| a.path().is_ident("c_enum")) {
            attr.parse_nested_meta(|meta| {
                if meta.path.is_ident("extra") {
                    extra = true;
                    Ok(())
                } else {
                    Err(meta.error("expected `extra`"))
                }
            })?;
        }
        if extra {
            extras.push(&v.ident);
        } else {
            mirrored.push(&v.ident);
        }
    }
    let all = variants.iter().map(|v| &v.ident);
    let constants = screaming_snake(&name.to_string());
    let mut out = quote! {
        impl #name {
            /// Every value, in declaration order.
            pub const ALL: &'static [#name] = &[#(#name::#all),*];
            /// The prefix of the C constants, for messages that name them.
            pub const CONSTANTS: &'static str = #constants;
        }

        impl ::core::convert::From<#name> for u32 {
            fn from(value: #name) -> u32 {
                value as u32
            }
        }

        impl ::core::convert::TryFrom<u32> for #name {
            type Error = crate::Undefined;

            /// The value whose number is `value`.
            fn try_from(value: u32) -> ::core::result::Result<Self, crate::Undefined> {
                #name::ALL
                    .iter()
                    .copied()
                    .find(|known| u32::from(*known) == value)
                    .ok_or(crate::Undefined {
                        constants: #name::CONSTANTS,
                        value,
                    })
            }
        }
    };
    match (core, into_core) {
        (None, true) => {
            return Err(syn::Error::new(
                name.span(),
                "`into_core` needs `core = path`",
            ));
        }
        (None, false) => {}
        (Some(core), into_core) => {
            out.extend(quote! {
                impl ::core::convert::From<&#core> for #name {
                    fn from(value: &#core) -> Self {
                        match value {
                            #(#core::#mirrored { .. } => #name::#mirrored,)*
                        }
                    }
                }

                impl ::core::convert::From<#core> for #name {
                    fn from(value: #core) -> Self {
                        #name::from(&value)
                    }
                }
            });
            if into_core {
                if let Some(extra) = extras.first() {
                    return Err(syn::Error::new(
                        extra.span(),
                        "`into_core` needs every value to have a core value: this one is `extra`",
                    ));
                }
                out.extend(quote! {
                    impl ::core::convert::From<#name> for #core {
                        fn from(value: #name) -> Self {
                            match value {
                                #(#name::#mirrored => #core::#mirrored,)*
                            }
                        }
                    }
                });
            }
        }
    }
    Ok(out)
}

/// One status's `#[status(…)]`.
#[derive(Default)]
struct Row {
    domain: Option<Ident>,
    also: Vec<Ident>,
    card: Option<Ident>,
    kind: Option<Ident>,
    own: Option<Path>,
}

fn row(v: &Variant) -> syn::Result<Row> {
    let mut row = Row::default();
    for attr in v.attrs.iter().filter(|a| a.path().is_ident("status")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("domain") {
                row.domain = Some(meta.value()?.parse()?);
            } else if meta.path.is_ident("own") {
                row.own = Some(meta.value()?.parse()?);
            } else if meta.path.is_ident("card") {
                row.card = Some(meta.value()?.parse()?);
            } else if meta.path.is_ident("kind") {
                row.kind = Some(meta.value()?.parse()?);
            } else if meta.path.is_ident("also") {
                meta.parse_nested_meta(|inner| {
                    let domain = inner.path.get_ident().cloned();
                    row.also.extend(domain);
                    Ok(())
                })?;
            } else {
                return Err(meta.error("expected domain, also, card, kind or own"));
            }
            Ok(())
        })?;
    }
    let sources = [
        row.domain.is_some(),
        row.own.is_some(),
        row.card.is_some() || row.kind.is_some(),
    ];
    if row.own.is_some() && sources.iter().filter(|s| **s).count() > 1 {
        return Err(syn::Error::new(
            v.span(),
            "`own` is for a status of C's own, with no core domain or kind",
        ));
    }
    if !sources.iter().any(|s| *s) {
        return Err(syn::Error::new(
            v.span(),
            "every status has words: give `domain`, `card`, `kind` or `own`",
        ));
    }
    Ok(row)
}

fn status_table(input: &DeriveInput) -> syn::Result<Tokens> {
    let name = &input.ident;
    let mut words = Vec::new();
    let mut kinds = Vec::new();
    let (mut by_kind, mut by_card, mut by_domain) = (Vec::new(), Vec::new(), Vec::new());
    for v in c_variants(input)? {
        let row = row(v)?;
        let status = &v.ident;
        let kind_of = row.card.as_ref().or(row.kind.as_ref());
        words.push(match (&row.own, kind_of, &row.domain) {
            (Some(own), _, _) => quote! { #name::#status => (#own.1, #own.2) },
            (None, Some(kind), _) => quote! {
                #name::#status => (
                    onshi::Vocabulary::words_in(onshi::error::ErrorKind::#kind, onshi::Lang::Ja),
                    onshi::Vocabulary::words_in(onshi::error::ErrorKind::#kind, onshi::Lang::En),
                )
            },
            (None, None, Some(domain)) => quote! {
                #name::#status => (
                    onshi::Vocabulary::words_in(onshi::error::ErrorDomain::#domain, onshi::Lang::Ja),
                    onshi::Vocabulary::words_in(onshi::error::ErrorDomain::#domain, onshi::Lang::En),
                )
            },
            (None, None, None) => unreachable_row(v)?,
        });
        kinds.push(match (&row.own, &row.domain, kind_of) {
            (Some(own), _, _) => quote! { #name::#status => #own.0 },
            (None, Some(domain), _) => quote! {
                #name::#status => onshi::Vocabulary::slug(onshi::error::ErrorDomain::#domain)
            },
            (None, None, Some(kind)) => quote! {
                #name::#status => onshi::Vocabulary::slug(onshi::error::ErrorKind::#kind)
            },
            (None, None, None) => unreachable_row(v)?,
        });
        if let Some(kind) = &row.kind {
            by_kind.push(quote! { (_, onshi::error::ErrorKind::#kind) => #name::#status });
        }
        if let Some(card) = &row.card {
            by_card.push(quote! {
                (onshi::error::ErrorDomain::Card, onshi::error::ErrorKind::#card) => #name::#status
            });
        }
        let domains: Vec<&Ident> = row.domain.iter().chain(&row.also).collect();
        if !domains.is_empty() {
            by_domain
                .push(quote! { (#(onshi::error::ErrorDomain::#domains)|*, _) => #name::#status });
        }
    }
    Ok(quote! {
        impl #name {
            /// The core's words for this status (Japanese, English), for onshi_status_text.
            pub fn words(self) -> (&'static str, &'static str) {
                match self {
                    #(#words,)*
                }
            }

            /// The kind slug of a failure of this status that the binding found itself (a NULL
            /// pointer is `missing_argument`); a core error carries its own.
            pub fn kind(self) -> &'static str {
                match self {
                    #(#kinds,)*
                }
            }

            /// The status of a core error of `domain` and `kind`.
            pub fn of_error(domain: onshi::error::ErrorDomain, kind: onshi::error::ErrorKind) -> #name {
                match (domain, kind) {
                    #(#by_kind,)*
                    #(#by_card,)*
                    #(#by_domain,)*
                }
            }
        }
    })
}

/// `row` refuses a status without words; this keeps the matches total without a panic.
fn unreachable_row(v: &Variant) -> syn::Result<Tokens> {
    Err(syn::Error::new(v.span(), "every status has words"))
}
