//! The rule table (`RuleSet`) and its audit on a day (`RuleAudit`).

use pyo3::prelude::*;

use crate::{from_slug, raise, slug, to_dict, unreadable};

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
            |e: &dyn std::fmt::Display| unreadable(onshi::error::ErrorDomain::Rules, &path, e);
        let bytes = onshi_oqs::open_input(&path, onshi::policy::MAX_RULES_JSON as u64)
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
        let planned: onshi::policy::PlannedRows = from_slug(planned, "planned")?;
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
    audit: onshi::policy::RuleAudit,
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
