//! Reference answers from the rule table: the check of a number (保険者番号, 枝番, …), the
//! 高額療養費 monthly limit and the usual copay percent.

use pyo3::prelude::*;

use crate::rules::RuleSet;
use crate::{from_slug, raise, to_dict};

/// Checks an insurance number (`kind`: a `NumberKind` or its value); returns its details as a dict
/// (normalized, law, prefecture, notes). A number that fails raises InvalidInput naming the rule.
#[pyfunction]
pub(crate) fn verify_number<'py>(
    py: Python<'py>,
    kind: &str,
    value: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let kind: onshi::numbers::NumberKind = from_slug(kind, "kind")?;
    let info = onshi::numbers::verify_number(kind, value).map_err(|e| raise(&e))?;
    to_dict(py, &info)
}

/// The monthly 高額療養費 ceiling for `category` (限度額適用区分, e.g. "エ") in `month`: a dict with
/// `limit` (yen), `formula` and `rule`. Raises InvalidInput (kind "no_table", "unknown_category",
/// …) when the rule table cannot answer.
#[pyfunction]
#[pyo3(signature = (rules, month, category, *, medical_cost = 0, many_times = false, outpatient = false, birthday_75_month = false))]
#[allow(clippy::too_many_arguments)] // keyword arguments of one query
pub(crate) fn monthly_ceiling<'py>(
    py: Python<'py>,
    rules: &RuleSet,
    month: chrono::NaiveDate,
    category: String,
    medical_cost: u64,
    many_times: bool,
    outpatient: bool,
    birthday_75_month: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let query = onshi::benefits::CeilingQuery {
        month,
        category,
        medical_cost,
        many_times,
        outpatient,
        birthday_75_month,
    };
    let amount = onshi::benefits::monthly_ceiling(&rules.rules, &query).map_err(|e| raise(&e))?;
    to_dict(py, &amount)
}

/// The usual copay percent for a patient born on `birth_date`, on `date` (10, 20 or 30), or None
/// when the rule table does not say (後期高齢者, whose ratio depends on income).
#[pyfunction]
#[pyo3(signature = (rules, birth_date, date, *, high_income = false))]
pub(crate) fn usual_copay_percent(
    rules: &RuleSet,
    birth_date: chrono::NaiveDate,
    date: chrono::NaiveDate,
    high_income: bool,
) -> Option<u8> {
    onshi::benefits::usual_copay_percent(&rules.rules, birth_date, date, high_income)
}
