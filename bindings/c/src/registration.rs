//! Registration of the card for insurance use (利用登録) and its cancellation.

use std::ffi::c_char;

use crate::vocabularies::*;
use crate::{
    Failure, MAX_JSON, OnshiPinState, OnshiPinStateKind, OnshiStatus, Out, argument, boundary,
    handle, refused, text,
};

/// Whether a channel can be used, and if not why.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OnshiRegistrationCheck {
    /// Whether the card can be registered there.
    pub allowed: bool,
    /// Why not (ONSHI_REGISTRATION_REFUSAL_NONE when allowed); the words via
    /// onshi_last_error_message are not set: this is an answer, not an error.
    pub refusal: OnshiRegistrationRefusal,
}

/// The core's PIN state from a caller's struct (NULL: not known), kind read as a plain number.
///
/// # Safety
/// `pin` NULL or readable.
unsafe fn pin_from(pin: *const OnshiPinState) -> Result<onshi::reception::PinState, Failure> {
    if pin.is_null() {
        return Ok(onshi::reception::PinState::Unknown);
    }
    // SAFETY: non-NULL and readable per the contract; the kind read as the u32 it is stored as.
    let (kind, tries) = unsafe {
        (
            std::ptr::addr_of!((*pin).kind).cast::<u32>().read(),
            std::ptr::addr_of!((*pin).tries).read(),
        )
    };
    Ok(match argument(kind, "pin kind")? {
        OnshiPinStateKind::Unknown => onshi::reception::PinState::Unknown,
        OnshiPinStateKind::Remaining => onshi::reception::PinState::Remaining { tries },
        OnshiPinStateKind::Locked => onshi::reception::PinState::Locked,
    })
}

/// Whether a card of `card_kind` (ONSHI_CARD_KIND_*) with `pin` (NULL when not known) can be
/// registered for insurance use through `channel` (ONSHI_REGISTRATION_CHANNEL_*) on `date`
/// (YYYY-MM-DD).
///
/// # Safety
/// `rules` from this library; `date` NUL-terminated; `pin` NULL or readable; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_can_register(
    rules: *const crate::OnshiRules,
    date: *const c_char,
    channel: u32,
    card_kind: u32,
    pin: *const OnshiPinState,
    out: *mut OnshiRegistrationCheck,
) -> OnshiStatus {
    boundary(|| {
        // SAFETY: forwarded caller guarantees.
        let (rules, date, pin, out) = unsafe {
            (
                handle(rules, "rules")?,
                text(date, "date", 64)?,
                pin_from(pin)?,
                Out::new(out, "out")?,
            )
        };
        let channel = argument::<OnshiRegistrationChannel>(channel, "channel")?.into();
        let kind = argument::<OnshiCardKind>(card_kind, "card kind")?.into();
        let date = onshi::calendar::parse_date_field(date, "date").map_err(refused)?;
        let check = match onshi::registration::can_register(&rules.rules, date, channel, kind, pin)
        {
            Ok(()) => OnshiRegistrationCheck {
                allowed: true,
                refusal: OnshiRegistrationRefusal::None,
            },
            Err(refusal) => OnshiRegistrationCheck {
                allowed: false,
                refusal: refusal.into(),
            },
        };
        out.put(check)
    })
}

/// The last day a cancellation applied for on `applied` (YYYY-MM-DD) leaves the registration in
/// effect, as `YYYY-MM-DD` into `out_date` (at least 11 bytes); an empty string when no rule
/// covers that day.
///
/// # Safety
/// `rules` from this library; `applied` NUL-terminated; `out_date` writable for 11 bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_cancellation_effective(
    rules: *const crate::OnshiRules,
    applied: *const c_char,
    out_date: *mut c_char,
) -> OnshiStatus {
    boundary(|| {
        // SAFETY: forwarded caller guarantees (`out_date` holds 11 bytes).
        let (rules, applied, out) = unsafe {
            (
                handle(rules, "rules")?,
                text(applied, "applied", 64)?,
                Out::new(out_date.cast::<[u8; 11]>(), "out_date")?,
            )
        };
        let applied = onshi::calendar::parse_date_field(applied, "applied").map_err(refused)?;
        let day = onshi::registration::cancellation_effective(&rules.rules, applied)
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default();
        // YYYY-MM-DD and its NUL, or only NULs when no rule covers the day; a day past 9999 does
        // not fit the buffer and is refused, never cut short.
        if day.len() > 10 {
            return Err(Failure::new(
                OnshiStatus::InvalidInput,
                format!("the registration ends on {day}, which does not fit YYYY-MM-DD"),
            ));
        }
        let mut date = [0u8; 11];
        date.iter_mut()
            .zip(day.bytes())
            .for_each(|(slot, b)| *slot = b);
        out.put(date)
    })
}

/// Whether the card is registered on `date` (YYYY-MM-DD), from its registration history: a JSON
/// array of events (`{"event": "registered", "on": "2025-04-01"}`, `{"event":
/// "cancellation_applied", "on": "2026-01-15"}`).
///
/// # Safety
/// `rules` from this library; the strings NUL-terminated; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_registration_on(
    rules: *const crate::OnshiRules,
    events_json: *const c_char,
    date: *const c_char,
    out: *mut OnshiRegistration,
) -> OnshiStatus {
    boundary(|| {
        // SAFETY: forwarded caller guarantees.
        let (rules, events, date, out) = unsafe {
            (
                handle(rules, "rules")?,
                text(events_json, "events_json", MAX_JSON)?,
                text(date, "date", 64)?,
                Out::new(out, "out")?,
            )
        };
        let events: Vec<onshi::registration::RegistrationEvent> =
            onshi::error::from_json(events).map_err(refused)?;
        let date = onshi::calendar::parse_date_field(date, "date").map_err(refused)?;
        let status = OnshiRegistration::from(onshi::registration::registration_on(
            &rules.rules,
            &events,
            date,
        ));
        out.put(status)
    })
}
