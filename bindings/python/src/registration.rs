//! Registration of the card for insurance use (利用登録) and its cancellation.

use pyo3::prelude::*;

use crate::rules::RuleSet;
use crate::{dumps, enum_member, from_slug, raise, to_dict};

/// Whether a card of `kind` (a `CardKind`) with `pin` (a dict in the visit format, e.g.
/// `{"state": "locked"}`; None when not known) can be registered for insurance use through
/// `channel` (a `RegistrationChannel`) on `date`: a dict with `allowed`, and when refused its
/// `refusal` kind (`needs_pin`, `pin_locked`, `not_available`) and `reason`.
#[pyfunction]
#[pyo3(signature = (rules, date, channel, *, kind = "ordinary", pin = None))]
pub(crate) fn can_register<'py>(
    py: Python<'py>,
    rules: &RuleSet,
    date: chrono::NaiveDate,
    channel: &str,
    kind: &str,
    pin: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let channel: onshi::registration::RegistrationChannel = from_slug(channel, "channel")?;
    let kind: onshi::reception::CardKind = from_slug(kind, "kind")?;
    let pin: onshi::reception::PinState = match pin {
        Some(p) => onshi::error::from_json(&dumps(p)?).map_err(|e| raise(&e))?,
        None => onshi::reception::PinState::Unknown,
    };
    let answer = onshi::registration::can_register(&rules.rules, date, channel, kind, pin);
    to_dict(py, &onshi::registration::RegistrationCheck::from(answer))
}

/// The last day a cancellation applied for on `applied` leaves the registration in effect; None
/// when no rule covers that day.
#[pyfunction]
pub(crate) fn cancellation_effective(
    rules: &RuleSet,
    applied: chrono::NaiveDate,
) -> Option<chrono::NaiveDate> {
    onshi::registration::cancellation_effective(&rules.rules, applied)
}

/// Whether the card is registered on `date` (a `Registration`), from its history: a list of
/// `{"event": "registered" | "cancellation_applied", "on": date}`.
#[pyfunction]
pub(crate) fn registration_on<'py>(
    py: Python<'py>,
    rules: &RuleSet,
    events: &Bound<'py, PyAny>,
    date: chrono::NaiveDate,
) -> PyResult<Bound<'py, PyAny>> {
    let items = events
        .try_iter()?
        .map(|event| dumps(&event?))
        .collect::<PyResult<Vec<String>>>()?;
    let events: Vec<onshi::registration::RegistrationEvent> =
        onshi::error::from_json(&format!("[{}]", items.join(","))).map_err(|e| raise(&e))?;
    let status = onshi::registration::registration_on(&rules.rules, &events, date);
    enum_member(py, "Registration", onshi::Vocabulary::slug(status))
}
