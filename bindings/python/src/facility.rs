//! Facility obligations and payments: the 施術所 online-checking obligation, the 協力金 checklist,
//! the device subsidy, the 診療報酬 addition and the facility notices.

use pyo3::prelude::*;

use crate::rules::RuleSet;
use crate::{dumps, raise, to_dict};

/// Whether a 施術所 (a dict: `kind`, `delegated_payment`, `online_installed`, `practitioners`, …)
/// must offer online checking on `date`: a dict with `obligation` (`not_applicable`, `met`,
/// `met_by_primary`, `exempt`, `required`) and, when exempt, its `reason`.
#[pyfunction]
pub(crate) fn online_obligation<'py>(
    py: Python<'py>,
    rules: &RuleSet,
    date: chrono::NaiveDate,
    facility: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let facility: onshi::facility::PractitionerFacility =
        onshi::error::from_json(&dumps(facility)?).map_err(|e| raise(&e))?;
    to_dict(
        py,
        &onshi::facility::online_obligation(&rules.rules, date, &facility),
    )
}

/// The 協力金 checklist for a report (a dict: `online_installed`, `start_date`,
/// `spoke_to_patients`, `flyers_or_posters`): a dict with `eligible`, `amount`, `missing`.
#[pyfunction]
pub(crate) fn cooperation_payment<'py>(
    py: Python<'py>,
    rules: &RuleSet,
    report: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let report: onshi::facility::CooperationReport =
        onshi::error::from_json(&dumps(report)?).map_err(|e| raise(&e))?;
    to_dict(
        py,
        &onshi::facility::cooperation_payment(&rules.rules, &report),
    )
}

/// The device subsidy (yen) for a purchase of `cost` yen on `date`.
#[pyfunction]
pub(crate) fn device_subsidy(rules: &RuleSet, date: chrono::NaiveDate, cost: u64) -> u64 {
    onshi::facility::device_subsidy(&rules.rules, date, cost)
}

/// The 診療報酬 addition a clinic (a dict: `online_installed`, `myna_usage_percent`) may claim on
/// `date`: a dict (`addition`, `levels`, `missing`, `initial_points`, …), or None when no addition
/// is in force.
#[pyfunction]
pub(crate) fn dx_addition<'py>(
    py: Python<'py>,
    rules: &RuleSet,
    date: chrono::NaiveDate,
    facility: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let facility: onshi::facility::MedicalFacility =
        onshi::error::from_json(&dumps(facility)?).map_err(|e| raise(&e))?;
    to_dict(
        py,
        &onshi::facility::dx_addition(&rules.rules, date, &facility),
    )
}

/// The facility rules in force on `date` that are information for staff, as dicts (`id`,
/// `title`, `from`, `until`, `note`, …).
#[pyfunction]
pub(crate) fn facility_notices<'py>(
    py: Python<'py>,
    rules: &RuleSet,
    date: chrono::NaiveDate,
) -> PyResult<Bound<'py, PyAny>> {
    to_dict(py, &onshi::facility::facility_notices(&rules.rules, date))
}
