//! 高額療養費 limits and the rule-table audit through the C ABI.

use std::ffi::c_char;

use onshi_c_derive::CEnum;

use crate::{
    Failure, MAX_JSON, OnshiRules, OnshiStatus, Out, boundary, handle, refused, text, to_json,
};

/// Flags of onshi_monthly_ceiling (OR them into `flags`).
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, CEnum)]
pub enum OnshiCeilingFlag {
    /// 多数回該当 (4th qualifying month within 12).
    ManyTimes = 1,
    /// An outpatient (外来) month.
    Outpatient = 2,
    /// The month of the 75th birthday, not on the 1st (75歳到達月特例).
    Birthday75Month = 4,
}

/// The 高額療養費 monthly limit (自己負担限度額) of `category` (区分 label such as "ウ", or OQS code
/// such as "A03") in the month of care containing `month` (YYYY-MM-DD), for a month's total
/// medical cost `medical_cost` (10割, yen); `flags` ORs ONSHI_CEILING_FLAG_*. Writes the limit in
/// yen to `out_limit`, and, when `out_json` is not NULL, the whole answer as JSON (formula, rule,
/// annual caps given as information; free with onshi_string_free). Uses the table's planned rows
/// only for a table from onshi_rules_with_planned.
///
/// Errors: ONSHI_STATUS_NO_CEILING_TABLE when no table covers the month (onshi_rules_audit_json
/// finds such gaps), ONSHI_STATUS_UNKNOWN_CATEGORY for a 区分 the month's table does not know,
/// ONSHI_STATUS_INVALID_INPUT for a bad date, ONSHI_STATUS_INVALID_ARGUMENT for unknown flags.
///
/// # Safety
/// `rules` from this library; `month` and `category` NUL-terminated; `out_limit` writable;
/// `out_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_monthly_ceiling(
    rules: *const OnshiRules,
    month: *const c_char,
    category: *const c_char,
    medical_cost: u64,
    flags: u32,
    out_limit: *mut u64,
    out_json: *mut *mut c_char,
) -> OnshiStatus {
    boundary(|| {
        // SAFETY: forwarded caller guarantees.
        let (rules, month, category) = unsafe {
            (
                handle(rules, "rules")?,
                text(month, "month", MAX_JSON)?,
                text(category, "category", MAX_JSON)?,
            )
        };
        // SAFETY: forwarded caller guarantees.
        let (out_limit, out_json) =
            unsafe { (Out::new(out_limit, "out_limit")?, Out::optional(out_json)) };
        let defined = OnshiCeilingFlag::ALL
            .iter()
            .fold(0, |all, f| all | *f as u32);
        if flags & !defined != 0 {
            return Err(Failure::new(
                OnshiStatus::InvalidArgument,
                format!("flags: {flags:#x} has bits no ONSHI_CEILING_FLAG_* defines"),
            ));
        }
        let query = onshi::benefits::CeilingQuery {
            month: onshi::calendar::parse_date_field(month, "month").map_err(refused)?,
            category: category.to_owned(),
            medical_cost,
            many_times: flags & OnshiCeilingFlag::ManyTimes as u32 != 0,
            outpatient: flags & OnshiCeilingFlag::Outpatient as u32 != 0,
            birthday_75_month: flags & OnshiCeilingFlag::Birthday75Month as u32 != 0,
        };
        let amount = onshi::benefits::monthly_ceiling(&rules.rules, &query).map_err(refused)?;
        let json = match out_json {
            Some(out) => Some((out, to_json(&amount)?)),
            None => None,
        };
        out_limit.put(amount.limit)?;
        json.map_or(Ok(()), |(out, json)| out.put(json))
    })
}

/// The same table with its planned rows applied (a preview of announced changes, such as the
/// 2027-08 高額療養費 bands). `rules` is not consumed; free the new table with onshi_rules_free.
///
/// # Safety
/// `rules` from this library; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_rules_with_planned(
    rules: *const OnshiRules,
    out: *mut *mut OnshiRules,
) -> OnshiStatus {
    boundary(|| {
        // SAFETY: forwarded caller guarantee.
        let rules = unsafe { handle(rules, "rules") }?;
        // SAFETY: forwarded caller guarantee.
        let out = unsafe { Out::new(out, "out")? };
        let planned = OnshiRules {
            rules: rules
                .rules
                .clone()
                .with_planned_rows(onshi::policy::PlannedRows::Apply),
        };
        out.put(Box::into_raw(Box::new(planned)))
    })
}

/// Audits the table for the day `on` (YYYY-MM-DD): writes whether a rule family has a gap (a row
/// in force before the day and none on it) to `out_has_gap`, and the audit as JSON to `out_json`
/// (version, reviewed, findings each with `kind`, `id`, dates and `text` {"ja", "en"}; free with
/// onshi_string_free). Run it at start-up or in CI: a gap means some questions for that day get no
/// answer until onshi is updated or an overlay adds the row.
///
/// # Safety
/// `rules` from this library; `on` NUL-terminated; `out_has_gap` and `out_json` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_rules_audit_json(
    rules: *const OnshiRules,
    on: *const c_char,
    out_has_gap: *mut bool,
    out_json: *mut *mut c_char,
) -> OnshiStatus {
    boundary(|| {
        // SAFETY: forwarded caller guarantees.
        let (rules, on, out_has_gap, out_json) = unsafe {
            (
                handle(rules, "rules")?,
                text(on, "on", MAX_JSON)?,
                Out::new(out_has_gap, "out_has_gap")?,
                Out::new(out_json, "out_json")?,
            )
        };
        let audit = rules
            .rules
            .audit(onshi::calendar::parse_date_field(on, "on").map_err(refused)?);
        let json = to_json(&audit)?;
        out_has_gap.put(audit.has_gap())?;
        out_json.put(json)
    })
}
