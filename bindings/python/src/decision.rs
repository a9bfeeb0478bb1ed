//! The visit, the reception decision with its alerts and actions, and `decide`.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};
use serde::Serialize;
use serde_json::Value;

use crate::documents;
use crate::rules::RuleSet;
use crate::{dumps, enum_member, from_slug, internal, raise, slug, to_dict, to_enum, to_python};

/// A reception visit: when, where, who, what was presented, the online answer.
#[pyclass(frozen, module = "onshi._onshi")]
pub struct Visit {
    pub(crate) visit: onshi::Visit,
}

#[pymethods]
impl Visit {
    /// A visit from a dict in the vector format (dates may be `date`/`datetime` or ISO text).
    #[staticmethod]
    fn from_dict(value: &Bound<'_, PyAny>) -> PyResult<Self> {
        Self::from_json(&dumps(value)?)
    }

    /// A visit from JSON text.
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<Self> {
        onshi::Visit::from_json(text)
            .map(|visit| Visit { visit })
            .map_err(|e| raise(&e))
    }

    /// The visit time (aware, JST).
    #[getter]
    fn at(&self) -> chrono::DateTime<chrono::FixedOffset> {
        self.visit.at.instant()
    }

    /// The visit's date in Japan.
    #[getter]
    fn date(&self) -> chrono::NaiveDate {
        self.visit.date()
    }

    /// What the patient presented.
    #[getter]
    fn presented(&self) -> documents::Presented {
        documents::Presented {
            inner: self.visit.presented.clone(),
        }
    }

    /// The patient.
    #[getter]
    fn patient(&self) -> documents::Patient {
        documents::Patient {
            inner: self.visit.patient.clone(),
        }
    }

    /// The facility.
    #[getter]
    fn facility(&self) -> documents::Facility {
        documents::Facility {
            inner: self.visit.facility.clone(),
        }
    }

    /// The online qualification answer, if there is one.
    #[getter]
    fn online(&self) -> Option<documents::OnlineResult> {
        self.visit
            .online
            .clone()
            .map(|inner| documents::OnlineResult { inner })
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<Visit>()
            .is_ok_and(|o| o.get().visit == self.visit)
    }

    /// The visit as a JSON-compatible dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.visit)
    }

    /// The visit as JSON text.
    fn to_json(&self) -> PyResult<String> {
        serde_json::to_string(&self.visit).map_err(internal)
    }

    fn __repr__(&self) -> String {
        format!("Visit(at={:?})", self.visit.at.instant().to_rfc3339())
    }
}

/// One alert or action of a decision: its kind and details (dates as `datetime.date`).
#[pyclass(frozen, module = "onshi._onshi")]
pub struct Item {
    kind: String,
    details: Py<PyAny>,
}

#[pymethods]
impl Item {
    /// The stable slug ("certificate_in_grace", "query_online", …).
    #[getter]
    fn kind(&self) -> &str {
        &self.kind
    }

    /// The other fields (a new dict each time).
    #[getter]
    fn details<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.details.bind(py).call_method0("copy")
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        Ok(format!(
            "Item(kind={:?}, details={})",
            self.kind,
            self.details.bind(py).repr()?
        ))
    }
}

fn items(py: Python<'_>, values: &[impl Serialize]) -> PyResult<Py<PyTuple>> {
    let mut out = Vec::with_capacity(values.len());
    for v in values {
        let mut value = serde_json::to_value(v).map_err(internal)?;
        let kind = match value.as_object_mut().and_then(|m| m.remove("kind")) {
            Some(Value::String(k)) => k,
            _ => String::new(),
        };
        // Dates become datetime.date exactly in the fields the core declares as dates.
        let details = PyDict::new(py);
        for (key, field) in value.as_object().into_iter().flatten() {
            let date = onshi::reception::DATE_FIELDS.contains(&key.as_str());
            details.set_item(key, to_python(py, field, date)?)?;
        }
        let details = details.into_any().unbind();
        out.push(Py::new(py, Item { kind, details })?);
    }
    Ok(PyTuple::new(py, out)?.unbind())
}

/// The reception decision: coverage, route, copay, alerts, actions, rule ids, messages.
#[pyclass(frozen, module = "onshi._onshi")]
pub struct Decision {
    pub(crate) decision: onshi::Decision,
}

#[pymethods]
impl Decision {
    /// The visit's date in Japan.
    #[getter]
    fn date(&self) -> chrono::NaiveDate {
        self.decision.date
    }

    /// Whether the visit is covered.
    #[getter]
    fn coverage<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_enum(py, "Coverage", &self.decision.coverage)
    }

    /// How qualification was (or is to be) confirmed.
    #[getter]
    fn route<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_enum(py, "Route", &self.decision.route)
    }

    /// Why online confirmation failed (class A or B), or None.
    #[getter]
    fn failure<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.decision
            .failure
            .map(|f| to_enum(py, "FailureClass", &f))
            .transpose()
    }

    /// The copay percent (10, 20, 30), or None when not known.
    #[getter]
    fn copay_percent(&self) -> Option<u8> {
        self.decision.copay.percent
    }

    /// Where the copay ratio comes from.
    #[getter]
    fn copay_basis<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_enum(py, "CopayBasis", &self.decision.copay.basis)
    }

    /// The 限度額適用区分 (e.g. "エ"), or None.
    #[getter]
    fn ceiling_category(&self) -> Option<&str> {
        self.decision.ceiling.as_ref().map(|c| c.category())
    }

    /// Where the 区分 comes from (`CeilingBasis.ONLINE` or `CERTIFICATE`), or None.
    #[getter]
    fn ceiling_basis<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        let basis = self.decision.ceiling.as_ref().map(onshi::Kinds::kind);
        basis
            .map(|b| enum_member(py, "CeilingBasis", b))
            .transpose()
    }

    /// The 高額療養費 monthly limit of the 区分 in the visit's month, as `monthly_ceiling` gives it
    /// (a dict: `limit`, `formula`, `rule`, caps, `not_stated`), or None.
    #[getter]
    fn ceiling_limit<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        self.decision
            .ceiling_limit
            .as_ref()
            .map(|a| to_dict(py, a))
            .transpose()
    }

    /// Alerts, as items with kind and details.
    #[getter]
    fn alerts(&self, py: Python<'_>) -> PyResult<Py<PyTuple>> {
        items(py, &self.decision.alerts)
    }

    /// What staff must do, in order (steps before guidance).
    #[getter]
    fn actions(&self, py: Python<'_>) -> PyResult<Py<PyTuple>> {
        items(py, &self.decision.actions)
    }

    /// The rule ids the decision rests on.
    #[getter]
    fn rules(&self) -> Vec<&'static str> {
        self.decision.rules.iter().map(|r| r.as_str()).collect()
    }

    /// The rule table's version.
    #[getter]
    fn rule_set_version(&self) -> &str {
        &self.decision.rule_set_version
    }

    /// The message for staff in `lang` ("ja" or "en", or a `Lang`).
    #[pyo3(signature = (lang = "ja"))]
    fn staff_message(&self, lang: &str) -> PyResult<&str> {
        Ok(self.decision.messages.staff.get(from_slug(lang, "lang")?))
    }

    /// The message for the patient in `lang`.
    #[pyo3(signature = (lang = "ja"))]
    fn patient_message(&self, lang: &str) -> PyResult<&str> {
        Ok(self.decision.messages.patient.get(from_slug(lang, "lang")?))
    }

    /// The decision as a JSON-compatible dict (the vector format).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.decision)
    }

    /// The decision as JSON text.
    fn to_json(&self) -> PyResult<String> {
        serde_json::to_string(&self.decision).map_err(internal)
    }

    fn __repr__(&self) -> String {
        format!(
            "Decision(coverage={}, route={}, copay_percent={:?})",
            slug(&self.decision.coverage),
            slug(&self.decision.route),
            self.decision.copay.percent
        )
    }
}

/// A visit argument: a `Visit`, a dict, or JSON text.
pub(crate) fn visit_arg(visit: &Bound<'_, PyAny>) -> PyResult<onshi::Visit> {
    if let Ok(v) = visit.cast::<Visit>() {
        return Ok(v.get().visit.clone());
    }
    if let Ok(text) = visit.extract::<String>() {
        return onshi::Visit::from_json(&text).map_err(|e| raise(&e));
    }
    onshi::Visit::from_json(&dumps(visit)?).map_err(|e| raise(&e))
}

/// Decides a visit (a `Visit`, a dict in the vector format, or JSON text) on `rules`.
#[pyfunction]
pub(crate) fn decide(rules: &RuleSet, visit: &Bound<'_, PyAny>) -> PyResult<Decision> {
    let visit = visit_arg(visit)?;
    onshi::decide(&rules.rules, &visit)
        .map(|decision| Decision { decision })
        .map_err(|e| raise(&e))
}
