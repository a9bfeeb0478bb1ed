//! Writes the bindings' mirrors of the core's declared sets ([`onshi::vocabulary::VOCABULARIES`] and
//! [`onshi_oqs::VOCABULARIES`]), so that each set's values are written by hand once, in the core:
//!
//! - `bindings/c/src/vocabularies.rs`: the C enums (cbindgen puts them in `include/onshi.h`; the
//!   `CEnum` derive gives their decoders and conversions);
//! - `bindings/uniffi/src/vocabularies.rs`: the Kotlin/Swift enums (uniffi remote blocks, which
//!   uniffi checks against the core type when it compiles them);
//! - `bindings/python/python/onshi/_enums.py`: the Python enums (`str` enums of the slugs);
//! - `bindings/node/generated/vocabularies.{js,d.ts}`: the TypeScript string-literal unions, each
//!   with a frozen array of its slugs of the same name (`Coverage`, `Coverage[number]`);
//! - `bindings/python/python/onshi/_errors.py` and `bindings/node/generated/errors.{js,d.ts}`: the
//!   exception classes of [`onshi::error::ErrorClass`], each under its parent.
//!
//! Each binding says below which sets it exposes, under what name, and (C) how its numbers start;
//! every value, slug and doc line comes from the declaration. `cargo test -p onshi-gen` fails when
//! a file is not what this writes; `UPDATE_GENERATED=1 cargo test -p onshi-gen` writes them.

use std::fmt::Write as _;

use onshi::Vocabulary;
use onshi::error::ErrorClass;
use onshi::vocabulary::Declaration;

/// Where a C enum's numbers start.
#[derive(Clone, Copy)]
enum Zero {
    /// 0 is C's own value (name, doc) — "no decision", "no failure" — and the core's follow from 1.
    Extra(&'static str, &'static str),
    /// 0 is this core value, and the others follow from 1 in the core's order.
    Core(&'static str),
    /// The core's values from 1.
    One,
    /// The core's values from 0.
    Nothing,
}

/// The C enums: (C name, core module, core set, numbers, whether a caller passes it in). The
/// numbers follow the core's order; `bindings/c/abi.txt` lists each constant with its number, so a
/// value moved in the core fails `cargo test -p onshi-c --test abi` instead of renumbering C.
#[rustfmt::skip]
const C: &[(&str, &str, &str, Zero, bool)] = &[
    ("OnshiLang", "onshi::vocabulary", "Lang", Zero::Nothing, true),
    ("OnshiNumberKind", "onshi::numbers", "NumberKind", Zero::One, true),
    ("OnshiCoverage", "onshi::reception", "Coverage", Zero::Extra("Unknown", "No decision (NULL was passed)."), false),
    ("OnshiRoute", "onshi::reception", "Route", Zero::Core("None"), false),
    ("OnshiFailureClass", "onshi::reception", "FailureClass", Zero::Extra("None", "It did not fail (or a NULL decision)."), false),
    ("OnshiCopayBasis", "onshi::reception", "CopayBasis", Zero::Core("Unknown"), false),
    ("OnshiQueriedDocument", "onshi_oqs", "QueriedDocument", Zero::Nothing, true),
    ("OnshiCertificateStatus", "onshi::certificate", "CertificateStatus", Zero::One, false),
    ("OnshiRevocation", "onshi::certificate", "Revocation", Zero::One, true),
    ("OnshiPinCounterKind", "onshi::card", "PinCounter", Zero::One, false),
    ("OnshiPinResult", "onshi::card", "PinOutcome", Zero::One, false),
    ("OnshiPinStateKind", "onshi::reception", "PinState", Zero::One, false),
    ("OnshiTokenKind", "onshi::card", "TokenKind", Zero::One, false),
    ("OnshiRegistrationChannel", "onshi::registration", "RegistrationChannel", Zero::One, true),
    ("OnshiCardKind", "onshi::reception", "CardKind", Zero::One, true),
    ("OnshiRegistrationRefusal", "onshi::registration", "RegistrationRefusal", Zero::Extra("None", "Not refused."), false),
    ("OnshiRegistration", "onshi::reception", "Registration", Zero::One, false),
    ("OnshiScriptStep", "onshi::reception", "ScriptStep", Zero::One, false),
    ("OnshiCeilingBasis", "onshi::reception", "Ceiling", Zero::Extra("None", "No 区分 known (or a NULL decision)."), false),
];

/// The Kotlin/Swift enums: (name in Kotlin and Swift, core module, core set).
#[rustfmt::skip]
const UNIFFI: &[(&str, &str, &str)] = &[
    ("Coverage", "onshi::reception", "Coverage"),
    ("Route", "onshi::reception", "Route"),
    ("FailureClass", "onshi::reception", "FailureClass"),
    ("CopayBasis", "onshi::reception", "CopayBasis"),
    ("QueriedDocument", "onshi_oqs", "QueriedDocument"),
    ("Revocation", "onshi::certificate", "Revocation"),
    ("NumberKind", "onshi::numbers", "NumberKind"),
    (
        "RegistrationChannel",
        "onshi::registration",
        "RegistrationChannel",
    ),
    ("CardKind", "onshi::reception", "CardKind"),
    ("Registration", "onshi::reception", "Registration"),
    ("ScriptStep", "onshi::reception", "ScriptStep"),
    ("PinCounter", "onshi::card", "PinCounter"),
    ("PinResult", "onshi::card", "PinOutcome"),
    ("PinState", "onshi::reception", "PinState"),
    ("TokenKind", "onshi::card", "TokenKind"),
    ("ReconcileOutcome", "onshi::records", "ReconcileOutcome"),
    ("MatchOutcome", "onshi::records", "MatchOutcome"),
    ("MatchReason", "onshi::records", "MatchReason"),
    ("NameComparison", "onshi::records", "NameComparison"),
    ("DifferenceKind", "onshi::records", "DifferenceKind"),
    ("Severity", "onshi::records", "Severity"),
    ("ErrorKind", "onshi::error", "ErrorKind"),
    ("CeilingFigure", "onshi::policy", "CeilingFigure"),
];

/// The Kotlin/Swift enums of a kind set's kinds alone, for a value whose data the binding gives in
/// fields of its own: (name, core module, core set); `From` the core value is generated too.
#[rustfmt::skip]
const UNIFFI_KINDS: &[(&str, &str, &str)] = &[
    ("CertificateStatus", "onshi::certificate", "CertificateStatus"),
    ("CeilingBasis", "onshi::reception", "Ceiling"),
];

/// The Python enums: (class name, core set); the kinds of a set whose values carry data are the
/// class's values (`PinCounterKind.REMAINING`).
#[rustfmt::skip]
const PYTHON: &[(&str, &str)] = &[
    ("Coverage", "Coverage"),
    ("Route", "Route"),
    ("FailureClass", "FailureClass"),
    ("CopayBasis", "CopayBasis"),
    ("Lang", "Lang"),
    ("CertificateStatus", "CertificateStatus"),
    ("Revocation", "Revocation"),
    ("NumberKind", "NumberKind"),
    ("PinCounterKind", "PinCounter"),
    ("PinStateKind", "PinState"),
    ("RegistrationChannel", "RegistrationChannel"),
    ("CardKind", "CardKind"),
    ("Registration", "Registration"),
    ("ScriptStep", "ScriptStep"),
    ("PinResult", "PinOutcome"),
    ("TokenKind", "TokenKind"),
    ("QueriedDocument", "QueriedDocument"),
    ("ErrorKind", "ErrorKind"),
    ("CeilingBasis", "Ceiling"),
    ("CeilingFigure", "CeilingFigure"),
];

/// The TypeScript unions: (union name, core set) for the sets the Node API takes or returns; the
/// core's name unless the other bindings call it otherwise (a decision's `CeilingBasis`).
#[rustfmt::skip]
const TYPESCRIPT: &[(&str, &str)] = &[
    ("Coverage", "Coverage"),
    ("Route", "Route"),
    ("FailureClass", "FailureClass"),
    ("CopayBasis", "CopayBasis"),
    ("Alert", "Alert"),
    ("Action", "Action"),
    ("Lang", "Lang"),
    ("CertificateStatus", "CertificateStatus"),
    ("Revocation", "Revocation"),
    ("NumberKind", "NumberKind"),
    ("PinCounter", "PinCounter"),
    ("PinState", "PinState"),
    ("PinOutcome", "PinOutcome"),
    ("TokenKind", "TokenKind"),
    ("RegistrationChannel", "RegistrationChannel"),
    ("RegistrationRefusal", "RegistrationRefusal"),
    ("CardKind", "CardKind"),
    ("Registration", "Registration"),
    ("ScriptStep", "ScriptStep"),
    ("QueriedDocument", "QueriedDocument"),
    ("AuditFinding", "AuditFinding"),
    ("NameComparison", "NameComparison"),
    ("MatchOutcome", "MatchOutcome"),
    ("MatchReason", "MatchReason"),
    ("DifferenceKind", "DifferenceKind"),
    ("Severity", "Severity"),
    ("RecordAction", "RecordAction"),
    ("ReconcileOutcome", "ReconcileOutcome"),
    ("Obligation", "Obligation"),
    ("ErrorKind", "ErrorKind"),
    ("CeilingBasis", "Ceiling"),
    ("CeilingFigure", "CeilingFigure"),
    ("PlannedRows", "PlannedRows"),
];

/// The first line of every generated file, after the language's comment mark.
const MARK: &str = "GENERATED by tools/gen from the core's declarations; do not edit \
                    (regenerate: UPDATE_GENERATED=1 cargo test -p onshi-gen).";

/// Every generated file: (path from the repository root, contents).
pub fn files() -> Vec<(&'static str, String)> {
    vec![
        ("bindings/c/src/vocabularies.rs", c()),
        ("bindings/uniffi/src/vocabularies.rs", uniffi()),
        ("bindings/python/python/onshi/_enums.py", python()),
        ("bindings/node/generated/vocabularies.js", typescript(false)),
        (
            "bindings/node/generated/vocabularies.d.ts",
            typescript(true),
        ),
        ("bindings/python/python/onshi/_errors.py", python_errors()),
        ("bindings/node/generated/errors.js", node_errors(false)),
        ("bindings/node/generated/errors.d.ts", node_errors(true)),
    ]
}

/// The declared set called `name`.
#[allow(
    clippy::panic,
    reason = "a table above naming no declared set is a mistake here, met by `cargo test -p onshi-gen`"
)]
fn set(name: &str) -> &'static Declaration {
    onshi::vocabulary::VOCABULARIES
        .iter()
        .chain(onshi_oqs::VOCABULARIES)
        .find(|d| d.name == name)
        .copied()
        .unwrap_or_else(|| panic!("no declared set is called {name}"))
}

/// The first paragraph of a doc text, as lines without their leading space, intra-doc link
/// brackets dropped (`[`Alert`]` reads `Alert`).
fn summary(doc: &str) -> Vec<String> {
    doc.lines()
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .take_while(|l| !l.trim().is_empty())
        .map(|l| l.replace("[`", "`").replace("`]", "`"))
        .collect()
}

/// `lines` as doc comments at `indent`.
fn rust_doc(out: &mut String, indent: &str, lines: &[String]) {
    for line in lines {
        let _ = writeln!(out, "{indent}/// {line}");
    }
}

fn c() -> String {
    let mut out = format!(
        "// {MARK}\n//! The C enums of the core's declared sets (the numbers are the ABI's).\n\n\
         use onshi_c_derive::CEnum;\n"
    );
    for &(name, krate, core, zero, into_core) in C {
        let d = set(core);
        out.push('\n');
        rust_doc(&mut out, "", &summary(d.doc));
        let into = if into_core { ", into_core" } else { "" };
        let _ = write!(
            out,
            "#[repr(u32)]\n#[derive(Clone, Copy, Debug, PartialEq, Eq, CEnum)]\n\
             #[c_enum(core = {krate}::{core}{into})]\npub enum {name} {{\n"
        );
        if let Zero::Extra(variant, doc) = zero {
            let _ = writeln!(
                out,
                "    /// {doc}\n    #[c_enum(extra)]\n    {variant} = 0,"
            );
        }
        let at_zero =
            |v: &&onshi::vocabulary::Declared| matches!(zero, Zero::Core(z) if z == v.variant);
        let rest = d.values.iter().filter(|v| !at_zero(v));
        let start = u32::from(matches!(zero, Zero::Extra(..) | Zero::One));
        for (n, v) in (start..).zip(d.values.iter().filter(at_zero).chain(rest)) {
            rust_doc(&mut out, "    ", &summary(v.doc));
            let _ = writeln!(out, "    {} = {n},", v.variant);
        }
        out.push_str("}\n");
    }
    out
}

fn uniffi() -> String {
    let mut out = format!(
        "// {MARK}\n//! The core's declared sets as Kotlin and Swift enums: uniffi remote types, each \
         checked against\n//! the core's type when it compiles.\n"
    );
    for &(name, krate, core) in UNIFFI {
        let d = set(core);
        out.push('\n');
        rust_doc(&mut out, "", &summary(d.doc));
        let _ = write!(
            out,
            "pub(crate) type {name} = {krate}::{core};\n#[uniffi::remote(Enum)]\nenum {name} {{\n"
        );
        for v in d.values {
            rust_doc(&mut out, "    ", &summary(v.doc));
            let fields: Vec<String> = v.fields.iter().map(|(f, t)| format!("{f}: {t}")).collect();
            let fields = match fields.is_empty() {
                true => String::new(),
                false => format!(" {{ {} }}", fields.join(", ")),
            };
            let _ = writeln!(out, "    {}{fields},", v.variant);
        }
        out.push_str("}\n");
    }
    for &(name, module, core) in UNIFFI_KINDS {
        let d = set(core);
        out.push('\n');
        rust_doc(&mut out, "", &summary(d.doc));
        let _ = writeln!(
            out,
            "#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]\npub enum {name} {{"
        );
        for v in d.values {
            rust_doc(&mut out, "    ", &summary(v.doc));
            let _ = writeln!(out, "    {},", v.variant);
        }
        let _ = writeln!(
            out,
            "}}\n\nimpl From<{module}::{core}> for {name} {{\n    fn from(value: {module}::{core}) -> Self {{\n        \
             use {module}::{core} as Core;\n        match value {{"
        );
        for v in d.values {
            let rest = if v.fields.is_empty() { "" } else { " { .. }" };
            let _ = writeln!(out, "            Core::{0}{rest} => Self::{0},", v.variant);
        }
        out.push_str("        }\n    }\n}\n");
    }
    out
}

/// `MynaOnline` → `MYNA_ONLINE`.
fn screaming(variant: &str) -> String {
    let mut out = String::new();
    for (i, c) in variant.char_indices() {
        if i > 0 && c.is_uppercase() {
            out.push('_');
        }
        out.extend(c.to_uppercase());
    }
    out
}

fn python() -> String {
    let names: Vec<String> = PYTHON
        .iter()
        .map(|(n, _)| format!("    \"{n}\","))
        .collect();
    let mut out = format!(
        "# {MARK}\n\"\"\"The enums of onshi's Python API. Each value is the slug used in JSON and in \
         the vectors, so a\nmember compares equal to its string (\"covered\") and can be passed \
         wherever a string is accepted.\"\"\"\n\nfrom __future__ import annotations\n\nimport \
         enum\n\n__all__ = [\n{}\n]\n",
        names.join("\n")
    );
    for &(name, core) in PYTHON {
        let d = set(core);
        let doc = python_doc(&summary(d.doc));
        let _ = write!(
            out,
            "\n\nclass {name}(str, enum.Enum):\n    \"\"\"{doc}\"\"\"\n"
        );
        for v in d.values {
            out.push('\n');
            for line in summary(v.doc) {
                let _ = writeln!(out, "    #: {line}");
            }
            let _ = writeln!(out, "    {} = \"{}\"", screaming(v.variant), v.slug);
        }
    }
    out
}

/// Doc lines as the text of a Python docstring indented in a class body.
fn python_doc(lines: &[String]) -> String {
    let text = lines.join("\n    ").replace('\\', "\\\\");
    text.replace("\"\"\"", "\\\"\\\"\\\"")
}

/// The TypeScript declarations (`types`) or the CommonJS module of the slug arrays.
fn typescript(types: bool) -> String {
    let mut out = format!("// {MARK}\n");
    out.push_str(match types {
        true => {
            "// The core's declared sets as string-literal unions, with their slugs in order.\n"
        }
        false => "\"use strict\";\n",
    });
    for &(name, core) in TYPESCRIPT {
        let d = set(core);
        let slugs: Vec<String> = d.slugs.iter().map(|s| format!("\"{s}\"")).collect();
        let slugs = slugs.join(", ");
        if !types {
            let _ = writeln!(out, "exports.{name} = Object.freeze([{slugs}]);");
            continue;
        }
        let mut doc: Vec<String> = summary(d.doc);
        for v in d.values {
            doc.push(format!("- `{}`: {}", v.slug, summary(v.doc).join(" ")));
        }
        let doc = doc.join("\n * ").replace("*/", "*\\/");
        let _ = write!(
            out,
            "\n/**\n * {doc}\n */\nexport type {name} = (typeof {name})[number];\n\
             /** The slugs of `{name}`, in the core's order. */\n\
             export declare const {name}: readonly [{slugs}];\n"
        );
    }
    out
}

/// The error classes, each after its parent, with the first paragraph of its doc.
fn error_classes() -> Vec<(ErrorClass, Vec<String>)> {
    let d = <ErrorClass as Vocabulary>::DECLARATION;
    let mut classes: Vec<_> = ErrorClass::ALL.iter().copied().zip(d.values).collect();
    classes.sort_by_key(|(class, _)| std::iter::successors(Some(*class), |c| c.parent()).count());
    let classes = classes.into_iter().map(|(c, v)| (c, summary(v.doc)));
    classes.collect()
}

/// The head of `_errors.py`, up to its `__all__`.
const PYTHON_ERRORS_HEAD: &str = r#""""The exceptions onshi raises. Every one carries the core's words: ``kind`` (an ``ErrorKind``, whose
value is a stable slug such as ``"personal_number"`` or ``"pin_blocked"``, so it compares equal to
that string), ``summary_ja`` and ``summary_en`` (the short label staff read), ``field`` (the input
field, file element, rule id or query field it concerns; None when it concerns no single one) and
a message naming the field and the problem. Exceptions for bad input are also ``ValueError``, so
code that already catches ``ValueError`` keeps working."""

from __future__ import annotations

from typing import Optional

from ._enums import ErrorKind
"#;

/// The attributes of Python's base exception class.
const PYTHON_BASE_FIELDS: &str = "
    kind: ErrorKind
    summary_ja: str
    summary_en: str
    field: Optional[str]
";

/// The body of Node's base error class: the details an addon error describes.
const NODE_BASE_BODY: &str = r#" {
  constructor(message, details = {}) {
    super(message);
    this.name = new.target.name;
    const { kind = "internal", field = null, summary_ja: summaryJa = "", summary_en: summaryEn = "" } = details;
    Object.assign(this, { kind, field, summaryJa, summaryEn });
  }
}
"#;

/// The head of Node's error declarations.
const NODE_ERRORS_TYPES_HEAD: &str = r#"import type { ErrorKind } from "./vocabularies";

/** What an error of onshi carries: its kind, the field it concerns, the summary staff read. */
export interface ErrorDetails { kind?: ErrorKind; field?: string | null; summary_ja?: string; summary_en?: string }
"#;

/// The declared body of Node's base error class.
const NODE_BASE_TYPES_BODY: &str = r#" {
  constructor(message?: string, details?: ErrorDetails);
  /** The stable kind (`invalid`, `personal_number`, `pin_blocked`, …). */
  readonly kind: ErrorKind;
  /** The field it concerns (an input's dotted path, a file element, a rule id), or null. */
  readonly field: string | null;
  /** The short Japanese summary for staff. */
  readonly summaryJa: string;
  /** The short English summary. */
  readonly summaryEn: string;
}
"#;

/// Python's exception classes: a refusal of the caller's input is also a `ValueError`.
fn python_errors() -> String {
    let classes = error_classes();
    let names: Vec<String> = classes
        .iter()
        .map(|(c, _)| format!("    \"{}\",", c.name()))
        .collect();
    let mut out = format!(
        "# {MARK}\n{PYTHON_ERRORS_HEAD}\n__all__ = [\n{}\n]\n",
        names.join("\n")
    );
    for (class, doc) in &classes {
        let parents = match (class.parent(), class.refuses_input()) {
            (None, _) => "Exception".to_owned(),
            (Some(p), true) => format!("{}, ValueError", p.name()),
            (Some(p), false) => p.name().to_owned(),
        };
        let doc = python_doc(doc).replace('`', "``");
        let _ = write!(
            out,
            "\n\nclass {}({parents}):\n    \"\"\"{doc}\"\"\"\n",
            class.name()
        );
        if class.parent().is_none() {
            out.push_str(PYTHON_BASE_FIELDS);
        }
    }
    out
}

/// Node's error classes (`types`: their declarations), each under its parent.
fn node_errors(types: bool) -> String {
    let head = if types {
        NODE_ERRORS_TYPES_HEAD
    } else {
        "\"use strict\";\n"
    };
    let mut out = format!("// {MARK}\n{head}");
    let classes = error_classes();
    for (class, doc) in &classes {
        let (name, doc) = (class.name(), doc.join("\n * ").replace("*/", "*\\/"));
        let (extends, body) = match (class.parent(), types) {
            (None, true) => ("Error", NODE_BASE_TYPES_BODY),
            (None, false) => ("Error", NODE_BASE_BODY),
            (Some(parent), _) => (parent.name(), " {}\n"),
        };
        match types {
            true => {
                let _ = write!(
                    out,
                    "/** {doc} */\nexport declare class {name} extends {extends}{body}"
                );
            }
            false => {
                let _ = write!(out, "class {name} extends {extends}{body}");
            }
        }
    }
    if !types {
        let names: Vec<&str> = classes.iter().map(|(c, _)| c.name()).collect();
        let _ = writeln!(out, "module.exports = {{ {} }};", names.join(", "));
    }
    out
}
