//! Registration of the card for insurance use (利用登録) and its cancellation.

use std::sync::Arc;

use crate::OnshiError;
use crate::rules::RuleSet;
use crate::vocabularies::*;

/// Whether a channel can be used, and if not why.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct RegistrationCheck {
    /// Whether the card can be registered there.
    pub allowed: bool,
    /// Why not: `needs_pin`, `pin_locked` or `not_available`.
    pub refusal: Option<String>,
    /// What to do instead (English).
    pub reason: Option<String>,
}

/// Whether a card of `kind` with `pin` can be registered for insurance use through `channel` on
/// `date` (YYYY-MM-DD).
#[uniffi::export]
pub fn can_register(
    rules: Arc<RuleSet>,
    date: String,
    channel: RegistrationChannel,
    kind: CardKind,
    pin: PinState,
) -> Result<RegistrationCheck, OnshiError> {
    let date = onshi::calendar::parse_date_field(&date, "date")?;
    Ok(
        match onshi::registration::can_register(&rules.rules, date, channel, kind, pin) {
            Ok(()) => RegistrationCheck {
                allowed: true,
                refusal: None,
                reason: None,
            },
            Err(refusal) => RegistrationCheck {
                allowed: false,
                refusal: Some(onshi::Kinds::kind(&refusal).to_owned()),
                reason: Some(refusal.to_string()),
            },
        },
    )
}

/// The last day (YYYY-MM-DD) a cancellation applied for on `applied` leaves the registration in
/// effect; null when no rule covers that day.
#[uniffi::export]
pub fn cancellation_effective(
    rules: Arc<RuleSet>,
    applied: String,
) -> Result<Option<String>, OnshiError> {
    let applied = onshi::calendar::parse_date_field(&applied, "applied")?;
    Ok(onshi::registration::cancellation_effective(&rules.rules, applied).map(|d| d.to_string()))
}

/// Whether the card is registered on `date`, from its history (JSON array of `{"event":
/// "registered" | "cancellation_applied", "on": "YYYY-MM-DD"}`).
#[uniffi::export]
pub fn registration_on(
    rules: Arc<RuleSet>,
    events_json: String,
    date: String,
) -> Result<Registration, OnshiError> {
    let events: Vec<onshi::registration::RegistrationEvent> =
        onshi::error::from_json(&events_json)?;
    let date = onshi::calendar::parse_date_field(&date, "date")?;
    Ok(onshi::registration::registration_on(
        &rules.rules,
        &events,
        date,
    ))
}
