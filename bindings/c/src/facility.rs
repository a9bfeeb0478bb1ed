//! Facility obligations and payments: the 施術所 online-checking obligation, the 協力金 checklist,
//! the device subsidy, the 診療報酬 addition and the facility notices. Facilities come in as JSON
//! (the vector format); answers with several parts go out as JSON.

use std::ffi::c_char;

use crate::{MAX_JSON, OnshiRules, OnshiStatus, Out, boundary, handle, refused, text};

/// The day and the rules of a facility call.
///
/// # Safety
/// `rules` from this library; `date` NUL-terminated.
unsafe fn dated<'a>(
    rules: *const OnshiRules,
    date: *const c_char,
) -> Result<(&'a OnshiRules, chrono::NaiveDate), crate::Failure> {
    // SAFETY: forwarded caller guarantees.
    let (rules, date) = unsafe { (handle(rules, "rules")?, text(date, "date", 64)?) };
    let date = onshi::calendar::parse_date_field(date, "date").map_err(refused)?;
    Ok((rules, date))
}

/// Reads a facility of type `F` from JSON and writes what `answer` makes of it on the day as JSON.
///
/// # Safety
/// `rules` from this library; the strings NUL-terminated; `out_json` writable.
unsafe fn facility_answer<F: serde::de::DeserializeOwned, T: serde::Serialize>(
    rules: *const OnshiRules,
    date: *const c_char,
    facility_json: *const c_char,
    out_json: *mut *mut c_char,
    answer: impl FnOnce(&onshi::RuleSet, chrono::NaiveDate, &F) -> T,
) -> OnshiStatus {
    boundary(|| {
        // SAFETY: forwarded caller guarantees.
        let ((rules, date), facility, out) = unsafe {
            (
                dated(rules, date)?,
                text(facility_json, "facility_json", MAX_JSON)?,
                Out::new(out_json, "out_json")?,
            )
        };
        let facility: F = onshi::error::from_json(facility).map_err(refused)?;
        out.json(&answer(&rules.rules, date, &facility))
    })
}

/// Whether a 施術所 (JSON: `kind`, `delegated_payment`, `online_installed`, `practitioners`, …)
/// must offer online checking on `date`: `{"obligation": "not_applicable" | "met" |
/// "met_by_primary" | "exempt" | "required"}`, with the exemption's `reason`. Free with
/// onshi_string_free.
///
/// # Safety
/// `rules` from this library; the strings NUL-terminated; `out_json` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_online_obligation_json(
    rules: *const OnshiRules,
    date: *const c_char,
    facility_json: *const c_char,
    out_json: *mut *mut c_char,
) -> OnshiStatus {
    // SAFETY: forwarded caller guarantees.
    unsafe {
        facility_answer(
            rules,
            date,
            facility_json,
            out_json,
            onshi::facility::online_obligation,
        )
    }
}

/// The 協力金 checklist for a report (JSON: `online_installed`, `start_date`, `spoke_to_patients`,
/// `flyers_or_posters`): `{"eligible", "amount", "missing": [condition, …]}`. Free with
/// onshi_string_free.
///
/// # Safety
/// `rules` from this library; `report_json` NUL-terminated; `out_json` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_cooperation_payment_json(
    rules: *const OnshiRules,
    report_json: *const c_char,
    out_json: *mut *mut c_char,
) -> OnshiStatus {
    boundary(|| {
        // SAFETY: forwarded caller guarantees.
        let (rules, report, out) = unsafe {
            (
                handle(rules, "rules")?,
                text(report_json, "report_json", MAX_JSON)?,
                Out::new(out_json, "out_json")?,
            )
        };
        let report: onshi::facility::CooperationReport =
            onshi::error::from_json(report).map_err(refused)?;
        out.json(&onshi::facility::cooperation_payment(&rules.rules, &report))
    })
}

/// The device subsidy (yen) for a purchase of `cost` yen on `date`: the cost up to the rule's
/// amount, 0 when no subsidy applies.
///
/// # Safety
/// `rules` from this library; `date` NUL-terminated; `out_yen` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_device_subsidy(
    rules: *const OnshiRules,
    date: *const c_char,
    cost: u64,
    out_yen: *mut u64,
) -> OnshiStatus {
    boundary(|| {
        // SAFETY: forwarded caller guarantees.
        let ((rules, date), out) = unsafe { (dated(rules, date)?, Out::new(out_yen, "out_yen")?) };
        out.put(onshi::facility::device_subsidy(&rules.rules, date, cost))
    })
}

/// The 診療報酬 addition for online checking a clinic may claim on `date` (JSON facility:
/// `online_installed`, `myna_usage_percent`): `{"addition", "levels", "missing",
/// "initial_points", "revisit_points", "rule"}`, or `null` when no addition is in force. Free with
/// onshi_string_free.
///
/// # Safety
/// `rules` from this library; the strings NUL-terminated; `out_json` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_dx_addition_json(
    rules: *const OnshiRules,
    date: *const c_char,
    facility_json: *const c_char,
    out_json: *mut *mut c_char,
) -> OnshiStatus {
    // SAFETY: forwarded caller guarantees.
    unsafe {
        facility_answer(
            rules,
            date,
            facility_json,
            out_json,
            onshi::facility::dx_addition,
        )
    }
}

/// The facility rules in force on `date` that are information for staff: a JSON array of rule
/// rows (`id`, `title`, `from`, `until`, `note`, …). Free with onshi_string_free.
///
/// # Safety
/// `rules` from this library; `date` NUL-terminated; `out_json` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_facility_notices_json(
    rules: *const OnshiRules,
    date: *const c_char,
    out_json: *mut *mut c_char,
) -> OnshiStatus {
    boundary(|| {
        // SAFETY: forwarded caller guarantees.
        let ((rules, date), out) =
            unsafe { (dated(rules, date)?, Out::new(out_json, "out_json")?) };
        out.json(&onshi::facility::facility_notices(&rules.rules, date))
    })
}
