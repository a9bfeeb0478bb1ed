//! The one conversion from the core's errors to Python exceptions. The classes live in
//! `onshi._errors` (plain Python, so bad input can also be a `ValueError`); every exception gets
//! the core's `kind` (an `onshi.ErrorKind`), `summary_ja`, `summary_en` and `field` (None when it
//! concerns no field).

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyModule, PyType};

/// The class `name` of `onshi._errors` (the module is imported once per process).
pub(crate) fn class<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyType>> {
    static MODULE: PyOnceLock<Py<PyModule>> = PyOnceLock::new();
    let module = MODULE.get_or_try_init(py, || py.import("onshi._errors").map(Bound::unbind))?;
    Ok(module.bind(py).getattr(name)?.cast_into::<PyType>()?)
}

/// An exception for an error of `kind` in `domain`: the class the core picks for them
/// ([`onshi::error::ErrorClass::of`]), the attributes the core's words.
pub(crate) fn raise_parts(
    domain: onshi::error::ErrorDomain,
    kind: onshi::error::ErrorKind,
    field: Option<&str>,
    message: String,
    summary: onshi::Text,
) -> PyErr {
    Python::attach(|py| {
        let class = match class(py, onshi::error::ErrorClass::of(domain, kind).name()) {
            Ok(class) => class,
            Err(e) => return e,
        };
        // The one door every Python error text passes: redacted, neutralised, capped.
        let err = PyErr::from_type(class, onshi::screen::redact(&message).into_owned());
        let value = err.value(py);
        // The kind as the package's `ErrorKind` (looked up here, not through `enum_member`,
        // whose own failure is an error raised through this function).
        let slug = onshi::Vocabulary::slug(kind);
        let member = py
            .import("onshi._enums")
            .and_then(|m| m.getattr("ErrorKind"))
            .and_then(|kinds| kinds.call1((slug,)));
        let _ = match member {
            Ok(member) => value.setattr("kind", member),
            Err(_) => value.setattr("kind", slug),
        };
        for (attribute, text) in [
            ("summary_ja", summary.ja.as_str()),
            ("summary_en", summary.en.as_str()),
        ] {
            // A failure to set an attribute leaves the exception usable; nothing to add.
            let _ = value.setattr(attribute, text);
        }
        let _ = value.setattr("field", field);
        err
    })
}

/// A core error as its exception.
pub(crate) fn raise(e: &impl onshi::DescribedError) -> PyErr {
    raise_parts(e.domain(), e.kind(), e.field(), e.to_string(), e.words())
}

/// A core error as its exception, the file it came from before the message.
pub(crate) fn raise_at(e: &impl onshi::DescribedError, path: &std::path::Path) -> PyErr {
    raise_parts(
        e.domain(),
        e.kind(),
        e.field(),
        format!("{}: {e}", path.display()),
        e.words(),
    )
}

/// A bad argument (`InvalidInput`, kind `invalid`), named as the core names fields.
pub(crate) fn invalid(field: &str, problem: impl std::fmt::Display) -> PyErr {
    raise(&onshi::error::InputError::Invalid {
        field: field.to_owned(),
        problem: problem.to_string(),
    })
}

/// A file that could not be read, as an error of `domain` (kind `io`).
pub(crate) fn unreadable(
    domain: onshi::error::ErrorDomain,
    path: &std::path::Path,
    e: &dyn std::fmt::Display,
) -> PyErr {
    raise(&onshi::error::Unreadable {
        domain,
        message: format!("{} {e}", path.display()),
    })
}

/// A fault inside the binding (a value that would not serialise, an enum the package lacks).
pub(crate) fn internal(problem: impl std::fmt::Display) -> PyErr {
    raise_parts(
        onshi::error::ErrorDomain::Internal,
        onshi::error::ErrorKind::Internal,
        None,
        problem.to_string(),
        onshi::Vocabulary::words(onshi::error::ErrorDomain::Internal),
    )
}
