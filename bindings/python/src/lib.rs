//! The Python extension module `onshi._onshi`. Thin: it converts Python values to the core's types
//! and back, and the core's errors to exceptions. Public names are re-exported by `onshi`.

use std::borrow::Cow;

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyString};
use pyo3::wrap_pyfunction;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

mod card;
mod certificate;
mod decision;
mod documents;
mod errors;
mod facility;
mod oqs;
mod records;
mod reference;
mod registration;
mod rules;
mod script;

pub(crate) use errors::{internal, invalid, raise, raise_at, unreadable};

/// A core enum from its slug ("covered", "insurer", …), naming the argument when it is not one.
pub(crate) fn from_slug<T: DeserializeOwned>(value: &str, name: &str) -> PyResult<T> {
    serde_json::from_value(Value::String(value.to_owned()))
        .map_err(|_| invalid(name, format!("`{value}` is not a known value")))
}

/// The Python enum `onshi._enums.<class>` for a core value.
pub(crate) fn to_enum<'py>(
    py: Python<'py>,
    class: &str,
    value: &impl Serialize,
) -> PyResult<Bound<'py, PyAny>> {
    enum_member(py, class, &slug(value))
}

/// The member of `onshi._enums.<class>` whose value is `slug`. The enum modules' value maps are
/// looked up once per process: a property returning an enum costs two dict lookups.
pub(crate) fn enum_member<'py>(
    py: Python<'py>,
    class: &str,
    slug: &str,
) -> PyResult<Bound<'py, PyAny>> {
    static MAPS: PyOnceLock<Py<PyDict>> = PyOnceLock::new();
    let maps = MAPS.get_or_try_init(py, || -> PyResult<Py<PyDict>> {
        let module = py.import("onshi._enums")?;
        let maps = PyDict::new(py);
        for name in module.dir()? {
            let item = module.getattr(name.cast::<PyString>()?)?;
            if let Ok(map) = item.getattr("_value2member_map_") {
                maps.set_item(name, map)?;
            }
        }
        Ok(maps.unbind())
    })?;
    let map = maps
        .bind(py)
        .get_item(class)?
        .ok_or_else(|| internal(format!("onshi._enums has no {class}")))?;
    map.get_item(slug)
        .map_err(|_| internal(format!("{class} has no member `{slug}`")))
}

/// A JSON value as Python objects; when `dates` is set (a field the core declares as a date), a
/// YYYY-MM-DD string becomes `datetime.date`. Nothing is guessed from a string's shape.
pub(crate) fn to_python<'py>(
    py: Python<'py>,
    value: &Value,
    dates: bool,
) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => b.into_pyobject(py)?.to_owned().into_any(),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => i.into_pyobject(py)?.into_any(),
            (None, Some(u)) => u.into_pyobject(py)?.into_any(),
            _ => n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any(),
        },
        Value::String(s) => match chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            Ok(d) if dates => d.into_pyobject(py)?.into_any(),
            _ => s.into_pyobject(py)?.into_any(),
        },
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_python(py, item, dates)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, v) in map {
                dict.set_item(k, to_python(py, v, false)?)?;
            }
            dict.into_any()
        }
    })
}

/// A serializable core value as a JSON-compatible dict (dates as ISO strings).
pub(crate) fn to_dict<'py>(py: Python<'py>, value: &impl Serialize) -> PyResult<Bound<'py, PyAny>> {
    let value = serde_json::to_value(value).map_err(internal)?;
    to_python(py, &value, false)
}

/// JSON text for a Python value (dicts, lists, dates, datetimes, enums).
fn dumps(value: &Bound<'_, PyAny>) -> PyResult<String> {
    if value.cast::<pyo3::types::PyMapping>().is_err() {
        return Err(PyTypeError::new_err(format!(
            "expected a dict (a mapping in the vector format), not {}",
            type_name(value)
        )));
    }
    value
        .py()
        .import("onshi._json")?
        .getattr("_dumps")?
        .call1((value,))?
        .extract()
}

/// A visit time from a `datetime` (aware), a `date`, or text (YYYY-MM-DD or RFC 3339).
pub(crate) fn visit_time(
    value: &Bound<'_, PyAny>,
    name: &str,
) -> PyResult<onshi::calendar::VisitTime> {
    let text: String = if let Ok(s) = value.extract::<String>() {
        s
    } else if value.hasattr("isoformat")? {
        value.call_method0("isoformat")?.extract()?
    } else {
        return Err(PyTypeError::new_err(format!(
            "{name}: expected a datetime, a date or text, not {}",
            type_name(value)
        )));
    };
    onshi::calendar::VisitTime::parse_field(&text, name).map_err(|e| raise(&e))
}

/// Bytes from `bytes`, `bytearray` or `memoryview`.
pub(crate) fn byte_input<'a>(value: &'a Bound<'_, PyAny>, name: &str) -> PyResult<Cow<'a, [u8]>> {
    value.extract::<Cow<'a, [u8]>>().map_err(|_| {
        PyTypeError::new_err(format!(
            "{name}: expected bytes, bytearray or memoryview, not {}",
            type_name(value)
        ))
    })
}

/// The Python type name of `value`, for TypeError messages (never the value itself).
fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "that type".to_owned())
}

/// The serde slug of a core enum value ("covered"), for reprs.
fn slug(value: &impl Serialize) -> String {
    match serde_json::to_value(value) {
        Ok(Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

/// The core's vocabularies by name, with their slugs in order: what the Python enums mirror (a
/// test compares them).
#[pyfunction]
fn _vocabularies() -> std::collections::BTreeMap<&'static str, Vec<&'static str>> {
    onshi::vocabulary::slugs_by_name(onshi_oqs::VOCABULARIES)
}

/// Forces a panic inside the extension, so tests can show it surfaces as an exception
/// (pyo3's PanicException) and the module stays usable.
#[allow(
    clippy::panic,
    reason = "the panic is the point: the tests show it never crosses the boundary"
)]
#[pyfunction]
fn _test_panic() {
    panic!("onshi._test_panic: a panic forced by the caller");
}

#[pymodule]
fn _onshi(m: &Bound<'_, PyModule>) -> PyResult<()> {
    // Every `add` also lists the name in the module's `__all__`: what `onshi` exports (stubtest
    // checks each against the stub). The exceptions are `onshi._errors`'s own.
    m.add("__version__", onshi::VERSION)?;
    m.add_class::<rules::RuleSet>()?;
    m.add_class::<rules::RuleAudit>()?;
    m.add_class::<decision::Visit>()?;
    m.add_class::<decision::Item>()?;
    m.add_class::<decision::Decision>()?;
    m.add_class::<certificate::TrustAnchors>()?;
    m.add_class::<certificate::CertificateCheck>()?;
    m.add_class::<oqs::OqsResult>()?;
    m.add_class::<oqs::OqsWatcher>()?;
    documents::register(m)?;
    m.add_class::<card::PinCounter>()?;
    m.add_class::<card::PinVerification>()?;
    m.add_class::<card::PinState>()?;
    m.add_class::<certificate::CertificateValidity>()?;
    m.add_class::<script::ReceptionScript>()?;
    m.add_function(wrap_pyfunction!(registration::can_register, m)?)?;
    m.add_function(wrap_pyfunction!(registration::cancellation_effective, m)?)?;
    m.add_function(wrap_pyfunction!(registration::registration_on, m)?)?;
    m.add_function(wrap_pyfunction!(facility::online_obligation, m)?)?;
    m.add_function(wrap_pyfunction!(facility::cooperation_payment, m)?)?;
    m.add_function(wrap_pyfunction!(facility::device_subsidy, m)?)?;
    m.add_function(wrap_pyfunction!(facility::dx_addition, m)?)?;
    m.add_function(wrap_pyfunction!(facility::facility_notices, m)?)?;
    m.add_function(wrap_pyfunction!(certificate::certificate_validity, m)?)?;
    m.add_class::<card::JpkiCard>()?;
    m.add_class::<card::SimulatedCard>()?;
    m.add_function(wrap_pyfunction!(decision::decide, m)?)?;
    m.add_function(wrap_pyfunction!(certificate::check_certificate, m)?)?;
    m.add_function(wrap_pyfunction!(reference::verify_number, m)?)?;
    m.add_function(wrap_pyfunction!(oqs::read_batch, m)?)?;
    m.add_function(wrap_pyfunction!(reference::monthly_ceiling, m)?)?;
    m.add_function(wrap_pyfunction!(reference::usual_copay_percent, m)?)?;
    m.add_function(wrap_pyfunction!(card::pin_counter_from_status_word, m)?)?;
    m.add_function(wrap_pyfunction!(records::reconcile, m)?)?;
    m.add_function(wrap_pyfunction!(records::parse_wareki, m)?)?;
    m.add_function(wrap_pyfunction!(records::to_wareki, m)?)?;
    m.add_function(wrap_pyfunction!(records::normalize_kana, m)?)?;
    m.add_function(wrap_pyfunction!(records::compare_names, m)?)?;
    m.add_function(wrap_pyfunction!(records::match_person, m)?)?;
    // Test hooks: attributes of onshi._onshi, outside `__all__` (so never exported by `onshi`).
    m.setattr("_test_panic", wrap_pyfunction!(_test_panic, m)?)?;
    m.setattr("_vocabularies", wrap_pyfunction!(_vocabularies, m)?)?;
    Ok(())
}
