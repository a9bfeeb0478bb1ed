//! After the online answer: the stored record against the online one, 和暦 dates, kana and names.

use pyo3::prelude::*;

use crate::rules::RuleSet;
use crate::{dumps, raise, to_dict};

/// Compares a stored insurance record with the online one on `date` (each a dict in the vector
/// format, or an `OqsResult` record's `insurance_record()`): a dict with `outcome`, `person`
/// (`outcome`, `reasons`), `differences` (each `kind`, `old`, `new`, `severity`, `action`,
/// `rules`, `text`) and `text`. A 12-digit 個人番号 in either record raises InvalidInput.
#[pyfunction]
pub(crate) fn reconcile<'py>(
    py: Python<'py>,
    rules: &RuleSet,
    stored: &Bound<'_, PyAny>,
    online: &Bound<'_, PyAny>,
    date: chrono::NaiveDate,
) -> PyResult<Bound<'py, PyAny>> {
    let record = |value: &Bound<'_, PyAny>| {
        onshi::records::InsuranceRecord::from_json(&dumps(value)?).map_err(|e| raise(&e))
    };
    let (stored, online) = (record(stored)?, record(online)?);
    to_dict(
        py,
        &onshi::records::reconcile(&stored, &online, date, &rules.rules),
    )
}

/// Reads a 和暦 date (`令和6年12月2日`, `R6.12.2`, `5061202`, full-width digits); raises InvalidInput
/// with the kind `format`, `no_era`, `no_such_day`, `outside_era` or `before_gregorian`.
#[pyfunction]
pub(crate) fn parse_wareki(text: &str) -> PyResult<chrono::NaiveDate> {
    onshi::records::parse_wareki(text).map_err(|e| raise(&e))
}

/// A date in 和暦: `(long, short, code)`, e.g. `("令和元年5月1日", "R1.5.1", "5010501")`.
#[pyfunction]
pub(crate) fn to_wareki(date: chrono::NaiveDate) -> PyResult<(String, String, String)> {
    let w = onshi::records::Wareki::of(date).map_err(|e| raise(&e))?;
    Ok((w.to_string(), w.short(), w.code()))
}

/// Kana as one form: full-width katakana, voiced marks composed, no spaces or middle dots.
#[pyfunction]
pub(crate) fn normalize_kana(text: &str) -> String {
    onshi::records::normalize_kana(text)
}

/// How two names compare: `same`, `same_as_variant` (kanji variants, 異体字),
/// `same_with_placeholder` (● for a 外字), `same_ignoring_small_kana`, `different`, or
/// `not_written` (a name empty or only placeholders).
#[pyfunction]
pub(crate) fn compare_names(a: &str, b: &str) -> &'static str {
    onshi::Vocabulary::slug(onshi::records::compare_names(a, b))
}

/// Whether two people (dicts with `name`, `name_kana`, `birth_date`, `sex`) are the same: a dict
/// with `outcome` (`same_person`, `different_person`, `uncertain`) and `reasons`.
#[pyfunction]
pub(crate) fn match_person<'py>(
    py: Python<'py>,
    stored: &Bound<'_, PyAny>,
    online: &Bound<'_, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let facts = |value: &Bound<'_, PyAny>| -> PyResult<onshi::records::PersonFacts> {
        onshi::error::from_json(&dumps(value)?).map_err(|e| raise(&e))
    };
    to_dict(
        py,
        &onshi::records::match_person(&facts(stored)?, &facts(online)?),
    )
}
