//! Answers from the rule table and the records: numbers, 高額療養費 ceilings, the usual copay,
//! facility obligations, registration for insurance use, reconciliation, 和暦, kana and names.
//! Each takes plain objects in the vector format and returns the core's answer as one.

use napi::bindgen_prelude::*;
use napi_derive::napi;
use onshi::Vocabulary;
use onshi::{benefits, facility, numbers, records, registration};
use serde_json::Value;

use crate::rules::RuleSet;
use crate::{Js, Json, day, from_js, from_slug, to_js};

/// Checks an insurance number of `kind`; returns its details (normalized, law, prefecture,
/// notes). A number that fails throws InvalidInput naming the rule.
#[napi(catch_unwind, ts_return_type = "NumberInfo")]
pub fn verify_number(
    #[napi(ts_arg_type = "NumberKind")] kind: String,
    value: String,
) -> Result<Value> {
    let kind = from_slug(&kind, "kind")?;
    to_js(&numbers::verify_number(kind, &value).js()?)
}

/// The monthly 高額療養費 ceiling for a query (`month`, `category` such as "エ", and optionally
/// `medical_cost`, `many_times`, `outpatient`, `birthday_75_month`): `limit` (yen), `formula`
/// and `rule`. Throws InvalidInput (kind "no_ceiling_table", "unknown_category", …) when the
/// rule table cannot answer.
#[napi(catch_unwind, ts_return_type = "CeilingAmount")]
pub fn monthly_ceiling(
    rules: &RuleSet,
    #[napi(ts_arg_type = "CeilingQuery")] query: Json,
) -> Result<Value> {
    let query = from_js(&query)?;
    to_js(&benefits::monthly_ceiling(&rules.rules, &query).js()?)
}

/// The usual copay percent (10, 20 or 30) for a patient born on `birthDate`, on `date`, or null
/// when the rule table does not say (後期高齢者, whose ratio depends on income).
#[napi(catch_unwind)]
pub fn usual_copay_percent(
    rules: &RuleSet,
    birth_date: String,
    date: String,
    high_income: Option<bool>,
) -> Result<Option<u8>> {
    let (birth, on) = (day(&birth_date, "birth_date")?, day(&date, "date")?);
    Ok(benefits::usual_copay_percent(
        &rules.rules,
        birth,
        on,
        high_income.unwrap_or(false),
    ))
}

/// Whether a 施術所 must offer online checking on `date`: `obligation` and, when exempt, `reason`.
#[napi(catch_unwind, ts_return_type = "Record<string, unknown>")]
pub fn online_obligation(
    rules: &RuleSet,
    date: String,
    #[napi(ts_arg_type = "object")] facility: Json,
) -> Result<Value> {
    to_js(&facility::online_obligation(
        &rules.rules,
        day(&date, "date")?,
        &from_js(&facility)?,
    ))
}

/// The 協力金 checklist for a report: `eligible`, `amount`, `missing`.
#[napi(catch_unwind, ts_return_type = "Record<string, unknown>")]
pub fn cooperation_payment(
    rules: &RuleSet,
    #[napi(ts_arg_type = "object")] report: Json,
) -> Result<Value> {
    to_js(&facility::cooperation_payment(
        &rules.rules,
        &from_js(&report)?,
    ))
}

/// The device subsidy (yen) for a purchase of `cost` yen on `date`.
#[napi(catch_unwind)]
pub fn device_subsidy(rules: &RuleSet, date: String, cost: u32) -> Result<u32> {
    let subsidy = facility::device_subsidy(&rules.rules, day(&date, "date")?, cost.into());
    Ok(u32::try_from(subsidy).unwrap_or(u32::MAX))
}

/// The 診療報酬 addition a clinic may claim on `date` (`addition`, `levels`, `missing`,
/// `initial_points`, …), or null when no addition is in force.
#[napi(catch_unwind, ts_return_type = "Record<string, unknown> | null")]
pub fn dx_addition(
    rules: &RuleSet,
    date: String,
    #[napi(ts_arg_type = "object")] facility: Json,
) -> Result<Value> {
    to_js(&facility::dx_addition(
        &rules.rules,
        day(&date, "date")?,
        &from_js(&facility)?,
    ))
}

/// The facility rules in force on `date` that are information for staff (`id`, `title`, …).
#[napi(
    catch_unwind,
    ts_return_type = "Array<{ id: string } & Record<string, unknown>>"
)]
pub fn facility_notices(rules: &RuleSet, date: String) -> Result<Value> {
    to_js(&facility::facility_notices(
        &rules.rules,
        day(&date, "date")?,
    ))
}

/// Whether a card of `kind` (default "ordinary") with `pin` (as a visit's `pin` says it; unknown
/// when absent) can be registered for insurance use through `channel` on `date`: `allowed`, and
/// when refused its `refusal` and `reason`.
#[napi(catch_unwind, ts_return_type = "RegistrationCheck")]
pub fn can_register(
    rules: &RuleSet,
    date: String,
    #[napi(ts_arg_type = "RegistrationChannel")] channel: String,
    #[napi(ts_arg_type = "CardKind")] kind: Option<String>,
    #[napi(ts_arg_type = "PinStateInfo")] pin: Option<Json>,
) -> Result<Value> {
    let channel = from_slug(&channel, "channel")?;
    let kind = from_slug(kind.as_deref().unwrap_or("ordinary"), "kind")?;
    let pin = pin.map(|p| from_js(&p)).transpose()?.unwrap_or_default();
    let answer = registration::can_register(&rules.rules, day(&date, "date")?, channel, kind, pin);
    to_js(&registration::RegistrationCheck::from(answer))
}

/// The last day a cancellation applied for on `applied` leaves the registration in effect; null
/// when no rule covers that day.
#[napi(catch_unwind)]
pub fn cancellation_effective(rules: &RuleSet, applied: String) -> Result<Option<String>> {
    Ok(
        registration::cancellation_effective(&rules.rules, day(&applied, "applied")?)
            .map(|d| d.to_string()),
    )
}

/// Whether the card is registered on `date`, from its history (`{event, on}` each).
#[napi(catch_unwind, ts_return_type = "Registration")]
pub fn registration_on(
    rules: &RuleSet,
    #[napi(ts_arg_type = "Array<{ event: string; on: string }>")] events: Json,
    date: String,
) -> Result<&'static str> {
    let events: Vec<_> = from_js(&events)?;
    Ok(registration::registration_on(&rules.rules, &events, day(&date, "date")?).slug())
}

/// Compares a stored insurance record with the online one on `date` (`OqsResult`'s
/// `insuranceRecords()` gives the online one): `outcome`, `person`, `differences`, `text`. A
/// 12-digit 個人番号 in either record throws InvalidInput.
#[napi(catch_unwind, ts_return_type = "Reconciliation")]
pub fn reconcile(
    rules: &RuleSet,
    #[napi(ts_arg_type = "InsuranceRecord")] stored: Json,
    #[napi(ts_arg_type = "InsuranceRecord")] online: Json,
    date: String,
) -> Result<Value> {
    let record = |v: &Json| records::InsuranceRecord::from_json(&v.0).js();
    let (stored, online, date) = (record(&stored)?, record(&online)?, day(&date, "date")?);
    to_js(&records::reconcile(&stored, &online, date, &rules.rules))
}

/// Reads a 和暦 date (`令和6年12月2日`, `R6.12.2`, `5061202`, full-width digits) as YYYY-MM-DD;
/// throws InvalidInput with the kind `format`, `no_era`, `no_such_day`, `outside_era` or
/// `before_gregorian`.
#[napi(catch_unwind)]
pub fn parse_wareki(text: String) -> Result<String> {
    records::parse_wareki(&text).map(|d| d.to_string()).js()
}

/// A date in 和暦: `[long, short, code]`, e.g. `["令和元年5月1日", "R1.5.1", "5010501"]`.
#[napi(catch_unwind, ts_return_type = "[string, string, string]")]
pub fn to_wareki(date: String) -> Result<Vec<String>> {
    let w = records::Wareki::of(day(&date, "date")?).js()?;
    Ok(vec![w.to_string(), w.short(), w.code()])
}

/// Kana as one form: full-width katakana, voiced marks composed, no spaces or middle dots.
#[napi(catch_unwind)]
pub fn normalize_kana(text: String) -> String {
    records::normalize_kana(&text)
}

/// How two names compare (kanji variants, ● placeholders, small kana).
#[napi(catch_unwind, ts_return_type = "NameComparison")]
pub fn compare_names(a: String, b: String) -> &'static str {
    records::compare_names(&a, &b).slug()
}

/// Whether two people (`name`, `name_kana`, `birth_date`, `sex`) are the same: `outcome` and
/// `reasons`.
#[napi(catch_unwind, ts_return_type = "PersonMatch")]
pub fn match_person(
    #[napi(ts_arg_type = "PersonFacts")] stored: Json,
    #[napi(ts_arg_type = "PersonFacts")] online: Json,
) -> Result<Value> {
    to_js(&records::match_person(
        &from_js(&stored)?,
        &from_js(&online)?,
    ))
}
