//! The Python extension module `onshi._onshi`. Thin: it converts Python values to the core's types
//! and back, and the core's errors to exceptions. Public names are re-exported by `onshi`.

use std::borrow::Cow;

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};
use pyo3::wrap_pyfunction;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

mod card;
mod documents;
mod errors;

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
        .import("onshi._enums")?
        .getattr("_dumps")?
        .call1((value,))?
        .extract()
}

/// A visit time from a `datetime` (aware), a `date`, or text (YYYY-MM-DD or RFC 3339).
pub(crate) fn visit_time(value: &Bound<'_, PyAny>, name: &str) -> PyResult<onshi::VisitTime> {
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
    onshi::VisitTime::parse_field(&text, name).map_err(|e| raise(&e))
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

/// A validated rule table. Immutable; share it between threads.
#[pyclass(frozen, module = "onshi._onshi")]
pub struct RuleSet {
    pub(crate) rules: onshi::RuleSet,
}

#[pymethods]
impl RuleSet {
    /// The rule table built into this version.
    #[staticmethod]
    fn builtin() -> Self {
        RuleSet {
            rules: onshi::RuleSet::builtin(),
        }
    }

    /// A rule table from JSON text: complete, or an overlay with "extends": "builtin".
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str) -> PyResult<Self> {
        let rules = py
            .detach(|| onshi::RuleSet::from_json(text))
            .map_err(|e| raise(&e))?;
        Ok(RuleSet { rules })
    }

    /// A rule table from a file.
    #[staticmethod]
    fn from_path(py: Python<'_>, path: std::path::PathBuf) -> PyResult<Self> {
        let unreadable =
            |e: &dyn std::fmt::Display| unreadable(onshi::ErrorDomain::Rules, &path, e);
        let bytes = onshi_oqs::open_input(&path, onshi::MAX_RULES_JSON as u64)
            .and_then(|mut file| file.read_all())
            .map_err(|e| unreadable(&e))?;
        let text = String::from_utf8(bytes).map_err(|_| unreadable(&"is not UTF-8"))?;
        Self::from_json(py, &text)
    }

    /// The table's version string.
    #[getter]
    fn version(&self) -> &str {
        self.rules.version()
    }

    /// The day the table was last checked against the notices in force, if it says.
    #[getter]
    fn reviewed(&self) -> Option<chrono::NaiveDate> {
        self.rules.reviewed()
    }

    /// Whether planned rows are used: "ignore" (the default) or "apply".
    #[getter]
    fn planned_rows(&self) -> String {
        slug(&self.rules.planned_rows())
    }

    /// The same table with its planned rows used ("apply": a preview of announced changes) or
    /// ignored ("ignore").
    #[pyo3(signature = (planned = "apply"))]
    fn with_planned_rows(&self, planned: &str) -> PyResult<Self> {
        let planned: onshi::PlannedRows = from_slug(planned, "planned")?;
        Ok(RuleSet {
            rules: self.rules.clone().with_planned_rows(planned),
        })
    }

    /// Audits the table for `on`: gaps, rows ending within 90 days, planned and reported rows,
    /// an overdue review.
    fn audit(&self, on: chrono::NaiveDate) -> RuleAudit {
        RuleAudit {
            audit: self.rules.audit(on),
        }
    }

    fn __repr__(&self) -> String {
        format!("RuleSet(version={:?})", self.rules.version())
    }
}

/// The audit of a rule table on a day.
#[pyclass(frozen, module = "onshi._onshi")]
pub struct RuleAudit {
    audit: onshi::RuleAudit,
}

#[pymethods]
impl RuleAudit {
    /// The day audited.
    #[getter]
    fn on(&self) -> chrono::NaiveDate {
        self.audit.on
    }

    /// The table's review date.
    #[getter]
    fn reviewed(&self) -> Option<chrono::NaiveDate> {
        self.audit.reviewed
    }

    /// Whether a rule family has no row on the day although it had one before.
    #[getter]
    fn has_gap(&self) -> bool {
        self.audit.has_gap()
    }

    /// The findings, each a dict: `kind` (gap, cliff, ending_soon, planned, reported, review_overdue),
    /// `id`, its dates, and `text` ({"ja", "en"}).
    #[getter]
    fn findings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.audit)?.get_item("findings")
    }

    /// The whole audit as a JSON-compatible dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.audit)
    }

    fn __repr__(&self) -> String {
        format!(
            "RuleAudit(on={}, has_gap={}, findings={})",
            self.audit.on,
            self.audit.has_gap(),
            self.audit.findings.len()
        )
    }
}

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
            let date = onshi::DATE_FIELDS.contains(&key.as_str());
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
        match &self.decision.ceiling {
            Some(
                onshi::Ceiling::Online { category } | onshi::Ceiling::Certificate { category },
            ) => Some(category),
            None => None,
        }
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

/// The serde slug of a core enum value ("covered"), for reprs.
fn slug(value: &impl Serialize) -> String {
    match serde_json::to_value(value) {
        Ok(Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

/// A visit argument: a `Visit`, a dict, or JSON text.
fn visit_arg(visit: &Bound<'_, PyAny>) -> PyResult<onshi::Visit> {
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
fn decide(rules: &RuleSet, visit: &Bound<'_, PyAny>) -> PyResult<Decision> {
    let visit = visit_arg(visit)?;
    onshi::decide(&rules.rules, &visit)
        .map(|decision| Decision { decision })
        .map_err(|e| raise(&e))
}

/// The guided 声掛け conversation for a visit (a `Visit`, a dict or JSON text: the time, the
/// facility, the patient): the desk answers step by step and the decision comes at the end.
#[pyclass(module = "onshi._onshi")]
pub struct ReceptionScript {
    script: onshi::ReceptionScript,
}

#[pymethods]
impl ReceptionScript {
    #[new]
    fn new(visit: &Bound<'_, PyAny>) -> PyResult<Self> {
        Ok(ReceptionScript {
            script: onshi::ReceptionScript::new(visit_arg(visit)?),
        })
    }

    /// The current step (a `ScriptStep`).
    #[getter]
    fn step<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        enum_member(
            py,
            "ScriptStep",
            onshi::Vocabulary::slug(self.script.step()),
        )
    }

    /// What staff say at the current step, in `lang`.
    #[pyo3(signature = (lang = "ja"))]
    fn prompt(&self, lang: &str) -> PyResult<String> {
        let lang: onshi::Lang = from_slug(lang, "lang")?;
        Ok(self.script.prompt().get(lang).to_owned())
    }

    /// Gives the desk's answer at the current step (a dict: `{"answer": "yes"}`, `"no"`,
    /// `"no_card_yet"`, `"card_read"` with `card` and `online`, `"documents"` with `presented`)
    /// and returns the next step. An answer that does not fit the step raises InvalidInput
    /// `unexpected_answer` and changes nothing.
    fn answer<'py>(
        &mut self,
        py: Python<'py>,
        rules: &RuleSet,
        answer: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let answer: onshi::ScriptAnswer =
            onshi::from_json(&dumps(answer)?).map_err(|e| raise(&e))?;
        let step = self
            .script
            .answer(&rules.rules, answer)
            .map_err(|e| raise(&e))?;
        enum_member(py, "ScriptStep", onshi::Vocabulary::slug(step))
    }

    /// The decision once the conversation is done, else None.
    #[getter]
    fn decision(&self) -> Option<Decision> {
        self.script.decision().map(|d| Decision {
            decision: d.clone(),
        })
    }

    fn __repr__(&self) -> String {
        format!(
            "ReceptionScript(step={})",
            onshi::Vocabulary::slug(self.script.step())
        )
    }
}

/// Root certificates the caller trusts (J-LIS roots, given as input). Immutable once made.
#[pyclass(frozen, module = "onshi._onshi")]
pub struct TrustAnchors {
    anchors: onshi::TrustAnchors,
}

#[pymethods]
impl TrustAnchors {
    /// Anchors from certificates, each DER or PEM (one or more blocks).
    #[new]
    #[pyo3(signature = (*certificates))]
    fn new(certificates: &Bound<'_, PyTuple>) -> PyResult<Self> {
        let mut anchors = onshi::TrustAnchors::new();
        for (i, c) in certificates.iter().enumerate() {
            let data = byte_input(&c, &format!("certificates[{i}]"))?;
            anchors
                .add(&data)
                .map_err(|e| raise_at(&e, std::path::Path::new(&format!("certificates[{i}]"))))?;
        }
        Ok(TrustAnchors { anchors })
    }

    /// Anchors from files (DER or PEM).
    #[staticmethod]
    #[pyo3(signature = (*paths))]
    fn from_files(paths: Vec<std::path::PathBuf>) -> PyResult<Self> {
        let mut anchors = onshi::TrustAnchors::new();
        for path in paths {
            // A certificate is a few KiB; 64 KiB is read at most, as the command line does.
            let data = onshi_oqs::open_input(&path, 64 << 10)
                .and_then(|mut file| file.read_all())
                .map_err(|e| unreadable(onshi::ErrorDomain::Certificate, &path, &e))?;
            anchors.add(&data).map_err(|e| raise_at(&e, &path))?;
        }
        Ok(TrustAnchors { anchors })
    }

    fn __len__(&self) -> usize {
        self.anchors.anchors().len()
    }

    fn __repr__(&self) -> String {
        format!("TrustAnchors({} roots)", self.anchors.anchors().len())
    }
}

/// What a certificate check found.
#[pyclass(frozen, module = "onshi._onshi")]
pub struct CertificateCheck {
    check: onshi::CertificateCheck,
}

#[pymethods]
impl CertificateCheck {
    /// not_yet_valid, valid, expiring_soon, in_grace, expired, revoked or suspended.
    #[getter]
    fn status<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        enum_member(py, "CertificateStatus", self.check.status.kind())
    }

    /// Whether the card may still be used as a health-insurance card.
    #[getter]
    fn insurance_use(&self) -> bool {
        self.check.status.insurance_use()
    }

    /// Whether its other functions (e-Tax, convenience-store copies, …) still work.
    #[getter]
    fn other_functions(&self) -> bool {
        self.check.status.other_functions()
    }

    /// The expiry date (有効期限).
    #[getter]
    fn expires(&self) -> chrono::NaiveDate {
        self.check.certificate.validity().expiry_date()
    }

    /// The whole check as a JSON-compatible dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.check)
    }

    fn __repr__(&self) -> String {
        format!("CertificateCheck(status={})", self.check.status.kind())
    }
}

/// Checks a card's user-authentication certificate (DER or PEM) against `anchors` at `at`: profile,
/// chain, signature and validity with the rule table's alert and grace periods. Runs without the
/// GIL. Certificates of the J-LIS test hierarchy are refused unless `allow_test` is set.
#[pyfunction]
#[pyo3(signature = (rules, anchors, certificate, at, *, revocation = "not_checked", allow_test = false))]
fn check_certificate(
    py: Python<'_>,
    rules: &RuleSet,
    anchors: &TrustAnchors,
    certificate: &Bound<'_, PyAny>,
    at: &Bound<'_, PyAny>,
    revocation: &str,
    allow_test: bool,
) -> PyResult<CertificateCheck> {
    let cert = byte_input(certificate, "certificate")?;
    let at = visit_time(at, "at")?;
    let revocation: onshi::Revocation = from_slug(revocation, "revocation")?;
    let test = if allow_test {
        onshi::TestHierarchy::Allow
    } else {
        onshi::TestHierarchy::Refuse
    };
    py.detach(|| {
        onshi::check_certificate(&rules.rules, &anchors.anchors, &cert, at, revocation, test)
    })
    .map(|check| CertificateCheck { check })
    .map_err(|e| raise(&e))
}

/// Whether a card of `kind` (a `CardKind`) with `pin` (a dict in the visit format, e.g.
/// `{"state": "locked"}`; None when not known) can be registered for insurance use through
/// `channel` (a `RegistrationChannel`) on `date`: a dict with `allowed`, and when refused its
/// `refusal` kind (`needs_pin`, `pin_locked`, `not_available`) and `reason`.
#[pyfunction]
#[pyo3(signature = (rules, date, channel, *, kind = "ordinary", pin = None))]
fn can_register<'py>(
    py: Python<'py>,
    rules: &RuleSet,
    date: chrono::NaiveDate,
    channel: &str,
    kind: &str,
    pin: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let channel: onshi::RegistrationChannel = from_slug(channel, "channel")?;
    let kind: onshi::CardKind = from_slug(kind, "kind")?;
    let pin: onshi::PinState = match pin {
        Some(p) => onshi::from_json(&dumps(p)?).map_err(|e| raise(&e))?,
        None => onshi::PinState::Unknown,
    };
    let answer = match onshi::can_register(&rules.rules, date, channel, kind, pin) {
        Ok(()) => serde_json::json!({"allowed": true, "refusal": null, "reason": null}),
        Err(refusal) => serde_json::json!({
            "allowed": false,
            "refusal": onshi::Kinds::kind(&refusal),
            "reason": refusal.to_string(),
        }),
    };
    to_dict(py, &answer)
}

/// The last day a cancellation applied for on `applied` leaves the registration in effect; None
/// when no rule covers that day.
#[pyfunction]
fn cancellation_effective(
    rules: &RuleSet,
    applied: chrono::NaiveDate,
) -> Option<chrono::NaiveDate> {
    onshi::cancellation_effective(&rules.rules, applied)
}

/// Whether the card is registered on `date` (a `Registration`), from its history: a list of
/// `{"event": "registered" | "cancellation_applied", "on": date}`.
#[pyfunction]
fn registration_on<'py>(
    py: Python<'py>,
    rules: &RuleSet,
    events: &Bound<'py, PyAny>,
    date: chrono::NaiveDate,
) -> PyResult<Bound<'py, PyAny>> {
    let items = events
        .try_iter()?
        .map(|event| dumps(&event?))
        .collect::<PyResult<Vec<String>>>()?;
    let events: Vec<onshi::RegistrationEvent> =
        onshi::from_json(&format!("[{}]", items.join(","))).map_err(|e| raise(&e))?;
    let status = onshi::registration_on(&rules.rules, &events, date);
    enum_member(py, "Registration", onshi::Vocabulary::slug(status))
}

/// Whether a 施術所 (a dict: `kind`, `delegated_payment`, `online_installed`, `practitioners`, …)
/// must offer online checking on `date`: a dict with `obligation` (`not_applicable`, `met`,
/// `met_by_primary`, `exempt`, `required`) and, when exempt, its `reason`.
#[pyfunction]
fn online_obligation<'py>(
    py: Python<'py>,
    rules: &RuleSet,
    date: chrono::NaiveDate,
    facility: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let facility: onshi::PractitionerFacility =
        onshi::from_json(&dumps(facility)?).map_err(|e| raise(&e))?;
    to_dict(py, &onshi::online_obligation(&rules.rules, date, &facility))
}

/// The 協力金 checklist for a report (a dict: `online_installed`, `start_date`,
/// `spoke_to_patients`, `flyers_or_posters`): a dict with `eligible`, `amount`, `missing`.
#[pyfunction]
fn cooperation_payment<'py>(
    py: Python<'py>,
    rules: &RuleSet,
    report: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let report: onshi::CooperationReport =
        onshi::from_json(&dumps(report)?).map_err(|e| raise(&e))?;
    to_dict(py, &onshi::cooperation_payment(&rules.rules, &report))
}

/// The device subsidy (yen) for a purchase of `cost` yen on `date`.
#[pyfunction]
fn device_subsidy(rules: &RuleSet, date: chrono::NaiveDate, cost: u64) -> u64 {
    onshi::device_subsidy(&rules.rules, date, cost)
}

/// The 診療報酬 addition a clinic (a dict: `online_installed`, `myna_usage_percent`) may claim on
/// `date`: a dict (`addition`, `levels`, `missing`, `initial_points`, …), or None when no addition
/// is in force.
#[pyfunction]
fn dx_addition<'py>(
    py: Python<'py>,
    rules: &RuleSet,
    date: chrono::NaiveDate,
    facility: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let facility: onshi::MedicalFacility =
        onshi::from_json(&dumps(facility)?).map_err(|e| raise(&e))?;
    to_dict(py, &onshi::dx_addition(&rules.rules, date, &facility))
}

/// The facility rules in force on `date` that are information for staff, as dicts (`id`,
/// `title`, `from`, `until`, `note`, …).
#[pyfunction]
fn facility_notices<'py>(
    py: Python<'py>,
    rules: &RuleSet,
    date: chrono::NaiveDate,
) -> PyResult<Bound<'py, PyAny>> {
    to_dict(py, &onshi::facility_notices(&rules.rules, date))
}

/// A certificate's status at an instant, with its dates (each None where the status has none).
#[pyclass(module = "onshi._onshi", frozen)]
pub struct CertificateValidity {
    status: onshi::CertificateStatus,
}

#[pymethods]
impl CertificateValidity {
    /// not_yet_valid, valid, expiring_soon, in_grace, expired, revoked or suspended.
    #[getter]
    fn status<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        enum_member(py, "CertificateStatus", self.status.kind())
    }

    /// Whether the card may be used as a health-insurance card.
    #[getter]
    fn insurance_use(&self) -> bool {
        self.status.insurance_use()
    }

    /// Whether its other functions (マイナポータル, certificates) work.
    #[getter]
    fn other_functions(&self) -> bool {
        self.status.other_functions()
    }

    /// The first valid day (not yet valid).
    #[getter]
    fn valid_from(&self) -> Option<chrono::NaiveDate> {
        self.status.dates().valid_from
    }

    /// The last valid day (valid, expiring soon).
    #[getter]
    fn expires(&self) -> Option<chrono::NaiveDate> {
        self.status.dates().expires
    }

    /// The first day of the renewal alert (valid, expiring soon).
    #[getter]
    fn alert_from(&self) -> Option<chrono::NaiveDate> {
        self.status.dates().alert_from
    }

    /// The last valid day, passed (in grace, expired).
    #[getter]
    fn expired(&self) -> Option<chrono::NaiveDate> {
        self.status.dates().expired
    }

    /// The last day of insurance use in the grace period (in grace).
    #[getter]
    fn grace_until(&self) -> Option<chrono::NaiveDate> {
        self.status.dates().grace_until
    }

    /// The day the grace period ended (expired).
    #[getter]
    fn grace_ended(&self) -> Option<chrono::NaiveDate> {
        self.status.dates().grace_ended
    }

    fn __repr__(&self) -> String {
        format!("CertificateValidity(status={})", self.status.kind())
    }
}

/// The status of a certificate valid from `not_before` to `not_after` (RFC 3339 instants, as a
/// reader SDK gives them) at `at`, with the rule table's alert window and grace period and what
/// the caller knows of its revocation (a `Revocation` or its value).
#[pyfunction]
#[pyo3(signature = (rules, not_before, not_after, at, *, revocation = "not_checked"))]
fn certificate_validity(
    rules: &RuleSet,
    not_before: &str,
    not_after: &str,
    at: &Bound<'_, PyAny>,
    revocation: &str,
) -> PyResult<CertificateValidity> {
    let period =
        onshi::ValidityPeriod::parse_fields(not_before, not_after).map_err(|e| raise(&e))?;
    let at = visit_time(at, "at")?;
    let revocation: onshi::Revocation = from_slug(revocation, "revocation")?;
    Ok(CertificateValidity {
        status: period.status(&rules.rules, at, revocation),
    })
}

/// Checks an insurance number (`kind`: a `NumberKind` or its value); returns its details as a dict
/// (normalized, law, prefecture, notes). A number that fails raises InvalidInput naming the rule.
#[pyfunction]
fn verify_number<'py>(py: Python<'py>, kind: &str, value: &str) -> PyResult<Bound<'py, PyAny>> {
    let kind: onshi::NumberKind = from_slug(kind, "kind")?;
    let info = onshi::verify_number(kind, value).map_err(|e| raise(&e))?;
    to_dict(py, &info)
}

/// The monthly 高額療養費 ceiling for `category` (限度額適用区分, e.g. "エ") in `month`: a dict with
/// `limit` (yen), `formula` and `rule`. Raises InvalidInput (kind "no_table", "unknown_category",
/// …) when the rule table cannot answer.
#[pyfunction]
#[pyo3(signature = (rules, month, category, *, medical_cost = 0, many_times = false, outpatient = false, birthday_75_month = false))]
#[allow(clippy::too_many_arguments)] // keyword arguments of one query
fn monthly_ceiling<'py>(
    py: Python<'py>,
    rules: &RuleSet,
    month: chrono::NaiveDate,
    category: String,
    medical_cost: u64,
    many_times: bool,
    outpatient: bool,
    birthday_75_month: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let query = onshi::CeilingQuery {
        month,
        category,
        medical_cost,
        many_times,
        outpatient,
        birthday_75_month,
    };
    let amount = onshi::monthly_ceiling(&rules.rules, &query).map_err(|e| raise(&e))?;
    to_dict(py, &amount)
}

/// The usual copay percent for a patient born on `birth_date`, on `date` (10, 20 or 30), or None
/// when the rule table does not say (後期高齢者, whose ratio depends on income).
#[pyfunction]
#[pyo3(signature = (rules, birth_date, date, *, high_income = false))]
fn usual_copay_percent(
    rules: &RuleSet,
    birth_date: chrono::NaiveDate,
    date: chrono::NaiveDate,
    high_income: bool,
) -> Option<u8> {
    onshi::usual_copay_percent(&rules.rules, birth_date, date, high_income)
}

/// Compares a stored insurance record with the online one on `date` (each a dict in the vector
/// format, or an `OqsResult` record's `insurance_record()`): a dict with `outcome`, `person`
/// (`outcome`, `reasons`), `differences` (each `kind`, `old`, `new`, `severity`, `action`,
/// `rules`, `text`) and `text`. A 12-digit 個人番号 in either record raises InvalidInput.
#[pyfunction]
fn reconcile<'py>(
    py: Python<'py>,
    rules: &RuleSet,
    stored: &Bound<'_, PyAny>,
    online: &Bound<'_, PyAny>,
    date: chrono::NaiveDate,
) -> PyResult<Bound<'py, PyAny>> {
    let record = |value: &Bound<'_, PyAny>| {
        onshi::InsuranceRecord::from_json(&dumps(value)?).map_err(|e| raise(&e))
    };
    let (stored, online) = (record(stored)?, record(online)?);
    to_dict(py, &onshi::reconcile(&stored, &online, date, &rules.rules))
}

/// Reads a 和暦 date (`令和6年12月2日`, `R6.12.2`, `5061202`, full-width digits); raises InvalidInput
/// with the kind `format`, `no_era`, `no_such_day`, `outside_era` or `before_gregorian`.
#[pyfunction]
fn parse_wareki(text: &str) -> PyResult<chrono::NaiveDate> {
    onshi::parse_wareki(text).map_err(|e| raise(&e))
}

/// A date in 和暦: `(long, short, code)`, e.g. `("令和元年5月1日", "R1.5.1", "5010501")`.
#[pyfunction]
fn to_wareki(date: chrono::NaiveDate) -> PyResult<(String, String, String)> {
    let w = onshi::Wareki::of(date).map_err(|e| raise(&e))?;
    Ok((w.to_string(), w.short(), w.code()))
}

/// Kana as one form: full-width katakana, voiced marks composed, no spaces or middle dots.
#[pyfunction]
fn normalize_kana(text: &str) -> String {
    onshi::normalize_kana(text)
}

/// How two names compare: `same`, `same_as_variant` (kanji variants, 異体字),
/// `same_with_placeholder` (● for a 外字), `same_ignoring_small_kana`, `different`, or
/// `not_written` (a name empty or only placeholders).
#[pyfunction]
fn compare_names(a: &str, b: &str) -> &'static str {
    onshi::Vocabulary::slug(onshi::compare_names(a, b))
}

/// Whether two people (dicts with `name`, `name_kana`, `birth_date`, `sex`) are the same: a dict
/// with `outcome` (`same_person`, `different_person`, `uncertain`) and `reasons`.
#[pyfunction]
fn match_person<'py>(
    py: Python<'py>,
    stored: &Bound<'_, PyAny>,
    online: &Bound<'_, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let facts = |value: &Bound<'_, PyAny>| -> PyResult<onshi::PersonFacts> {
        onshi::from_json(&dumps(value)?).map_err(|e| raise(&e))
    };
    to_dict(py, &onshi::match_person(&facts(stored)?, &facts(online)?))
}

/// A parsed オンライン資格確認 result file.
#[pyclass(frozen, module = "onshi._onshi")]
pub struct OqsResult {
    result: onshi_oqs::QualificationResult,
}

#[pymethods]
impl OqsResult {
    /// Reads a result file (UTF-8 or Shift_JIS as declared and checked), without the GIL.
    #[staticmethod]
    fn parse(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<Self> {
        let bytes = byte_input(data, "data")?;
        py.detach(|| onshi_oqs::QualificationResult::parse(&bytes))
            .map(|result| OqsResult { result })
            .map_err(|e| raise(&e))
    }

    /// The visit this result answers: `at` (or the file's ProcessExecutionTime) and, for a query
    /// by 記号・番号, the document presented (`QueriedDocument`).
    #[pyo3(signature = (at = None, document = "legacy_card"))]
    fn visit(&self, at: Option<&Bound<'_, PyAny>>, document: &str) -> PyResult<Visit> {
        let at = at.map(|a| visit_time(a, "at")).transpose()?;
        let document: onshi_oqs::QueriedDocument = from_slug(document, "document")?;
        self.result
            .visit(at, document)
            .map(|visit| Visit { visit })
            .map_err(|e| raise(&e))
    }

    /// The parsed file as a JSON-compatible dict (personal fields included: handle with care).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.result)
    }

    /// The online answer a decision takes from this file, as a dict (`status`, `copay_percent`, …).
    fn online<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.result.online_result())
    }

    /// Each record as an insurance record dict, for `reconcile` against the stored one.
    fn insurance_records<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let records: Vec<onshi::InsuranceRecord> = self
            .result
            .records
            .iter()
            .map(onshi_oqs::QualificationRecord::insurance_record)
            .collect();
        to_dict(py, &records)
    }

    fn __repr__(&self) -> String {
        format!("OqsResult({} records)", self.result.records.len())
    }
}

/// Streams a 一括照会 result file (a path), without the GIL, and returns its counts as a dict
/// (units, valid, invalid, not_found, unavailable, announced, reception_number, encoding). When
/// `on_unit` is given it is called with each unit as a dict (the unit's fields and its `online`
/// answer), in file order; memory stays flat whatever the file size. An exception raised by
/// `on_unit` stops the calls and is raised once the file is read.
#[pyfunction]
#[pyo3(signature = (path, on_unit = None))]
fn read_batch<'py>(
    py: Python<'py>,
    path: std::path::PathBuf,
    on_unit: Option<Py<PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let file = onshi_oqs::open_input(&path, u64::MAX)
        .map_err(|e| unreadable(onshi::ErrorDomain::Oqs, &path, &e))?;
    let mut raised: Option<PyErr> = None;
    let summary = py.detach(|| {
        onshi_oqs::read_batch(file, |unit| {
            let Some(callback) = on_unit.as_ref() else {
                return;
            };
            if raised.is_some() {
                return;
            }
            Python::attach(|py| {
                let online = unit.online_result();
                let call = to_dict(py, &unit).and_then(|dict| {
                    dict.set_item("online", to_dict(py, &online)?)?;
                    callback.bind(py).call1((dict,))
                });
                if let Err(e) = call {
                    raised = Some(e);
                }
            });
        })
    });
    if let Some(e) = raised {
        return Err(e);
    }
    let summary = summary.map_err(|e| raise_at(&e, &path))?;
    to_dict(py, &summary)
}

/// Follows the terminal's `face` and `res` folders under `root` for result files: each answer is
/// reported once when it parses completely; a file still being written is waited for, one that
/// stays unparseable for `patience` seconds is reported once as an `OqsError` (and read again if it
/// changes), a file replaced in place is a new answer, and nothing but regular files inside the
/// folder is read. Files are never moved or deleted.
#[pyclass(module = "onshi._onshi")]
pub struct OqsWatcher {
    watcher: onshi_oqs::ResultWatcher,
}

#[pymethods]
impl OqsWatcher {
    #[new]
    #[pyo3(signature = (root, *, include_existing = false, patience = 10.0))]
    fn new(root: std::path::PathBuf, include_existing: bool, patience: f64) -> PyResult<Self> {
        let patience = std::time::Duration::try_from_secs_f64(patience)
            .map_err(|_| invalid("patience", format!("{patience} is not a number of seconds")))?;
        onshi_oqs::ResultWatcher::new(&root, include_existing, patience)
            .map(|watcher| OqsWatcher { watcher })
            .map_err(|e| raise(&e))
    }

    /// New result files since the last poll, in name order: `(path, OqsResult)`, or
    /// `(path, OqsError)` for a file that is not a valid result. Runs without the GIL.
    fn poll<'py>(&mut self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let found = py.detach(|| self.watcher.poll());
        let out = PyList::empty(py);
        for (path, result) in found {
            let item = match result {
                Ok(result) => Py::new(py, OqsResult { result })?.into_any(),
                Err(e) => raise(&e).into_value(py).into_any(),
            };
            out.append((path, item))?;
        }
        Ok(out)
    }
}

/// The core's vocabularies by name, with their slugs in order: what the Python enums mirror (a
/// test compares them).
#[pyfunction]
fn _vocabularies() -> std::collections::HashMap<&'static str, Vec<&'static str>> {
    onshi::VOCABULARIES
        .iter()
        .chain(onshi_oqs::VOCABULARIES)
        .map(|(name, slugs)| (*name, slugs.to_vec()))
        .collect()
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
    m.add_class::<RuleSet>()?;
    m.add_class::<RuleAudit>()?;
    m.add_class::<Visit>()?;
    m.add_class::<Item>()?;
    m.add_class::<Decision>()?;
    m.add_class::<TrustAnchors>()?;
    m.add_class::<CertificateCheck>()?;
    m.add_class::<OqsResult>()?;
    m.add_class::<OqsWatcher>()?;
    documents::register(m)?;
    m.add_class::<card::PinCounter>()?;
    m.add_class::<card::PinVerification>()?;
    m.add_class::<card::PinState>()?;
    m.add_class::<CertificateValidity>()?;
    m.add_class::<ReceptionScript>()?;
    m.add_function(wrap_pyfunction!(can_register, m)?)?;
    m.add_function(wrap_pyfunction!(cancellation_effective, m)?)?;
    m.add_function(wrap_pyfunction!(registration_on, m)?)?;
    m.add_function(wrap_pyfunction!(online_obligation, m)?)?;
    m.add_function(wrap_pyfunction!(cooperation_payment, m)?)?;
    m.add_function(wrap_pyfunction!(device_subsidy, m)?)?;
    m.add_function(wrap_pyfunction!(dx_addition, m)?)?;
    m.add_function(wrap_pyfunction!(facility_notices, m)?)?;
    m.add_function(wrap_pyfunction!(certificate_validity, m)?)?;
    m.add_class::<card::JpkiCard>()?;
    m.add_class::<card::SimulatedCard>()?;
    m.add_function(wrap_pyfunction!(decide, m)?)?;
    m.add_function(wrap_pyfunction!(check_certificate, m)?)?;
    m.add_function(wrap_pyfunction!(verify_number, m)?)?;
    m.add_function(wrap_pyfunction!(read_batch, m)?)?;
    m.add_function(wrap_pyfunction!(monthly_ceiling, m)?)?;
    m.add_function(wrap_pyfunction!(usual_copay_percent, m)?)?;
    m.add_function(wrap_pyfunction!(card::pin_counter_from_status_word, m)?)?;
    m.add_function(wrap_pyfunction!(reconcile, m)?)?;
    m.add_function(wrap_pyfunction!(parse_wareki, m)?)?;
    m.add_function(wrap_pyfunction!(to_wareki, m)?)?;
    m.add_function(wrap_pyfunction!(normalize_kana, m)?)?;
    m.add_function(wrap_pyfunction!(compare_names, m)?)?;
    m.add_function(wrap_pyfunction!(match_person, m)?)?;
    // Test hooks: attributes of onshi._onshi, outside `__all__` (so never exported by `onshi`).
    m.setattr("_test_panic", wrap_pyfunction!(_test_panic, m)?)?;
    m.setattr("_vocabularies", wrap_pyfunction!(_vocabularies, m)?)?;
    Ok(())
}
