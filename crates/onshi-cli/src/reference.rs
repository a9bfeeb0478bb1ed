//! `onshi copay`, `onshi ceiling` and `onshi facility`: the reference rules a receipt system asks
//! about outside a visit. Every figure and wording comes from the core and its rule table.

use crate::out::say;
use std::process::ExitCode;

use chrono::NaiveDate;
use onshi::text::Label;
use onshi::{Lang, RuleSet, Vocabulary};
use serde::Deserialize;

use crate::Failure;

pub(crate) fn copay(
    rules: &RuleSet,
    birth: NaiveDate,
    on: NaiveDate,
    high_income: bool,
    lang: Lang,
    json: bool,
) -> Result<ExitCode, Failure> {
    if birth > on {
        return Err(Failure(format!(
            "--birth {birth} is after --on {on}: give the patient's birth date and the day of care"
        )));
    }
    let band = onshi::benefits::age_band(rules, birth, on);
    let percent = band.and_then(|b| onshi::benefits::usual_percent(rules, on, b, high_income));
    if json {
        say!(
            "{}",
            serde_json::json!({"birth": birth, "on": on, "high_income": high_income,
                "age_band": band, "percent": percent, "rule": onshi::policy::RuleId::CopayByAge})
        );
        return Ok(ExitCode::SUCCESS);
    }
    let Some(band) = band else {
        return Err(Failure(format!(
            "no copay.by-age row covers {on}: add one to the rule table"
        )));
    };
    match percent {
        Some(p) => say!("{}%  {}", p, band.words().get(lang)),
        None => say!("-    {}", band.words().get(lang)),
    }
    say!("rule: {}", onshi::policy::RuleId::CopayByAge);
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn ceiling(
    rules: &RuleSet,
    query: &onshi::benefits::CeilingQuery,
    json: bool,
) -> Result<ExitCode, Failure> {
    let amount = match onshi::benefits::monthly_ceiling(rules, query) {
        Ok(a) => a,
        Err(e) if json => {
            say!(
                "{}",
                serde_json::json!({"error": e.kind(), "message": e.to_string()})
            );
            return Ok(ExitCode::FAILURE);
        }
        Err(e) => return Err(Failure(e.to_string())),
    };
    if json {
        crate::out::json(&amount)?;
        return Ok(ExitCode::SUCCESS);
    }
    say!("{} yen", amount.limit);
    say!("formula: {}", amount.formula);
    say!("rule: {}", amount.rule);
    for (what, cap) in [
        ("annual cap (information)", amount.annual_cap),
        (
            "annual cap, low income (information)",
            amount.annual_cap_low_income,
        ),
        (
            "outpatient annual cap (information)",
            amount.outpatient_annual_cap,
        ),
    ] {
        if let Some(cap) = cap {
            say!("{what}: {cap} yen");
        }
    }
    if !amount.not_stated.is_empty() {
        let figures: Vec<&str> = amount
            .not_stated
            .iter()
            .map(|f| onshi::Vocabulary::slug(*f))
            .collect();
        say!(
            "not stated in the table's source (unknown, not absent): {}",
            figures.join(", ")
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// What `onshi facility` reads: any of the parts, each optional.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FacilityInput {
    #[serde(default)]
    date: Option<NaiveDate>,
    #[serde(default)]
    practitioner: Option<onshi::facility::PractitionerFacility>,
    #[serde(default)]
    cooperation: Option<onshi::facility::CooperationReport>,
    #[serde(default)]
    device_cost: Option<u64>,
    #[serde(default)]
    medical: Option<onshi::facility::MedicalFacility>,
}

pub(crate) fn facility(
    rules: &RuleSet,
    text: &str,
    on: Option<NaiveDate>,
    lang: Lang,
    json: bool,
) -> Result<ExitCode, Failure> {
    let input: FacilityInput = serde_json::from_str(text).map_err(|e| {
        Failure(format!(
            "invalid facility description at line {} column {}: {}",
            e.line(),
            e.column(),
            e
        ))
    })?;
    let date = on
        .or(input.date)
        .ok_or_else(|| Failure("give the day to judge: \"date\" in the file or --on".to_owned()))?;
    let obligation = input
        .practitioner
        .as_ref()
        .map(|f| onshi::facility::online_obligation(rules, date, f));
    let cooperation = input
        .cooperation
        .as_ref()
        .map(|r| onshi::facility::cooperation_payment(rules, r));
    let subsidy = input
        .device_cost
        .map(|cost| onshi::facility::device_subsidy(rules, date, cost));
    let addition = input
        .medical
        .as_ref()
        .map(|m| onshi::facility::dx_addition(rules, date, m));
    let notices = onshi::facility::facility_notices(rules, date);
    if json {
        crate::out::json(&serde_json::json!({
            "date": date,
            "obligation": obligation,
            "cooperation": cooperation,
            "device_subsidy": subsidy,
            "dx_addition": addition,
            "notices": notices,
        }))?;
        return Ok(ExitCode::SUCCESS);
    }
    say!("date: {date}");
    if let Some(o) = &obligation {
        say!("obligation: {}", serde_json::to_value(o)?["obligation"]);
        if let Some(reason) = serde_json::to_value(o)?.get("reason") {
            say!("  exemption: {reason}");
        }
    }
    if let Some(c) = &cooperation {
        say!(
            "cooperation payment: {} yen{}",
            c.amount,
            if c.missing.is_empty() {
                String::new()
            } else {
                format!(", missing {}", serde_json::to_string(&c.missing)?)
            }
        );
    }
    if let Some(s) = subsidy {
        say!("device subsidy: {s} yen");
    }
    match &addition {
        Some(Some(a)) => {
            say!("addition: {} ({})", a.addition.get(lang), a.rule);
            if a.levels.is_empty() {
                say!(
                    "  not claimable: missing {}",
                    serde_json::to_string(&a.missing)?
                );
            } else {
                say!("  levels open: {:?}", a.levels);
                if let Some(p) = a.initial_points {
                    say!("  {} (best level): {p}", Label::FirstVisitPoints.words().en);
                }
                if let Some(p) = a.revisit_points {
                    say!("  {}: {p}", Label::RevisitPoints.words().en);
                }
            }
        }
        Some(None) => say!("addition: no addition row covers {date}"),
        None => {}
    }
    for n in notices {
        say!("notice: {} ({}, {})", n.title.get(lang), n.id, n.source);
    }
    Ok(ExitCode::SUCCESS)
}
