//! オンライン資格確認 result files: one file (`OqsResult`), a batch folder (`read_batch`) and a
//! watcher for new files (`OqsWatcher`).

use pyo3::prelude::*;
use pyo3::types::PyList;

use crate::decision::Visit;
use crate::{byte_input, from_slug, invalid, raise, raise_at, to_dict, unreadable, visit_time};

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
        let records: Vec<onshi::records::InsuranceRecord> = self
            .result
            .records
            .iter()
            .map(onshi_oqs::QualificationRecord::insurance_record)
            .collect::<Result<_, _>>()
            .map_err(|e| raise(&e))?;
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
pub(crate) fn read_batch<'py>(
    py: Python<'py>,
    path: std::path::PathBuf,
    on_unit: Option<Py<PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let file = onshi_oqs::open_input(&path, u64::MAX)
        .map_err(|e| unreadable(onshi::error::ErrorDomain::Oqs, &path, &e))?;
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
