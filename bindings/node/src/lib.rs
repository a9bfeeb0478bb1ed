//! The Node.js addon behind the npm package `onshi` (napi-rs). Thin: it converts JavaScript values
//! to the core's types and back, and the core's errors to error descriptions that the package's
//! `index.js` throws as `OnshiError` subclasses. Every export catches panics (`catch_unwind`): a
//! panic arrives in JavaScript as an error, never as a crash.

// napi-derive registers the exports only outside `cfg(test)`; the test build (clippy's
// `--all-targets`) would call them unused. Tests run in JavaScript (`node --test`).
#![cfg_attr(test, allow(dead_code))]

use napi::bindgen_prelude::*;
use napi_derive::napi;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

mod card;
mod certificate;
mod decision;
mod oqs;
mod reference;
mod rules;

/// Marks the JSON reason of an error that `index.js` turns into an `OnshiError` subclass.
const MARK: &str = "onshi-error:";

/// An error's description: the class `index.js` throws (the core's choice, `ErrorClass`), the
/// core's kind, field, message and ja/en summary.
pub(crate) fn describe(e: &impl onshi::DescribedError) -> Value {
    let words = e.words();
    json!({"class": e.class().name(), "kind": onshi::Vocabulary::slug(e.kind()), "field": e.field(),
        "message": e.message(), "summary_ja": words.ja, "summary_en": words.en})
}

/// The one conversion from the core's errors to the addon's: the description as the reason.
pub(crate) fn fail(e: &impl onshi::DescribedError) -> Error {
    Error::from_reason(format!("{MARK}{}", describe(e)))
}

/// A core result as the addon's (`.js()?`), its error through [`fail`].
pub(crate) trait Js<T> {
    /// The result with the core's error converted.
    fn js(self) -> Result<T>;
}

impl<T, E: onshi::DescribedError> Js<T> for std::result::Result<T, E> {
    fn js(self) -> Result<T> {
        self.map_err(|e| fail(&e))
    }
}

/// A bad argument (`InvalidInput`, kind `invalid`), named as the core names fields.
pub(crate) fn invalid(field: &str, problem: impl std::fmt::Display) -> Error {
    fail(&onshi::error::InputError::Invalid {
        field: field.to_owned(),
        problem: problem.to_string(),
    })
}

/// A file that could not be read, as an error of its domain (kind `io`).
pub(crate) fn unreadable(domain: onshi::error::ErrorDomain, message: String) -> Error {
    fail(&onshi::error::Unreadable { domain, message })
}

/// The bytes of the regular file at `path`, at most `limit`; an error of `domain` when unreadable.
pub(crate) fn read_file(
    path: &str,
    limit: u64,
    domain: onshi::error::ErrorDomain,
) -> Result<Vec<u8>> {
    onshi_oqs::open_input(path.as_ref(), limit)
        .and_then(|mut file| file.read_all())
        .map_err(|e| unreadable(domain, format!("{path}: {e}")))
}

/// A plain object an API takes (a visit, a query, a record: the vector format) or its JSON text,
/// as JSON text: the engine's own `JSON.stringify` writes an object (several times cheaper than
/// reading it key by key), and `from_js` reads it through the core's one JSON door.
pub struct Json(String);

impl TypeName for Json {
    fn type_name() -> &'static str {
        "object"
    }
    fn value_type() -> ValueType {
        ValueType::Object
    }
}

impl FromNapiValue for Json {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> Result<Self> {
        // SAFETY: napi passes the call's live environment and argument.
        let unknown = unsafe { Unknown::from_napi_value(env, value)? };
        match unknown.get_type()? {
            // SAFETY: as above; the value is a string.
            ValueType::String => unsafe { String::from_napi_value(env, value) }.map(Json),
            ValueType::Object | ValueType::Null | ValueType::Number | ValueType::Boolean => {
                let global = Env::from_raw(env).get_global()?;
                let json = global.get_named_property_unchecked::<napi::JSON>("JSON")?;
                json.stringify(unknown).map(Json)
            }
            other => Err(invalid(".", format!("expected an object, not {other}"))),
        }
    }
}

/// A core value from a plain object or its JSON text, the core's typed error naming the field
/// when it does not fit.
pub(crate) fn from_js<T: DeserializeOwned>(value: &Json) -> Result<T> {
    onshi::error::from_json(&value.0).js()
}

/// A core enum from its slug ("covered", "insurer", …), naming the argument when it is not one.
pub(crate) fn from_slug<T: DeserializeOwned>(slug: &str, field: &str) -> Result<T> {
    serde_json::from_value(Value::String(slug.to_owned()))
        .map_err(|_| invalid(field, format!("`{slug}` is not a known value")))
}

/// A core value as a JavaScript value (the vector format: dates as YYYY-MM-DD text).
pub(crate) fn to_js(value: &impl Serialize) -> Result<Value> {
    // A value that does not serialise is a fault here: `index.js` makes it an internal error.
    serde_json::to_value(value).map_err(|e| Error::from_reason(e.to_string()))
}

/// `value` (an object) with `key` set to `extra`.
pub(crate) fn with(mut value: Value, key: &str, extra: Value) -> Value {
    if let Value::Object(map) = &mut value {
        map.insert(key.to_owned(), extra);
    }
    value
}

/// A date argument (YYYY-MM-DD).
pub(crate) fn day(text: &str, field: &str) -> Result<chrono::NaiveDate> {
    onshi::calendar::parse_date_field(text, field).js()
}

/// An instant argument (YYYY-MM-DD or RFC 3339).
pub(crate) fn visit_time(text: &str, field: &str) -> Result<onshi::calendar::VisitTime> {
    onshi::calendar::VisitTime::parse_field(text, field).js()
}

/// This library's version (the rule table has its own: `RuleSet.version`).
#[napi(catch_unwind)]
pub fn version() -> &'static str {
    onshi::VERSION
}

/// The core's vocabularies by name, with their slugs in order: what the generated unions mirror
/// (a test compares them). A test hook, not part of the typed API.
#[napi(js_name = "_vocabularies", catch_unwind)]
pub fn vocabularies() -> std::collections::HashMap<&'static str, Vec<&'static str>> {
    let all = onshi::vocabulary::slugs_by_name(onshi_oqs::VOCABULARIES);
    all.into_iter().collect()
}

/// Panics on purpose, so the tests can show that a panic arrives as an error and the addon stays
/// usable. A test hook, not part of the typed API.
#[allow(
    clippy::panic,
    reason = "the panic is the point: the tests show it never crosses the boundary"
)]
#[napi(js_name = "_testPanic", catch_unwind)]
pub fn test_panic() {
    panic!("onshi._testPanic: a panic forced by the caller");
}
