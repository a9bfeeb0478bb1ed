//! Facility obligations and payments: the 施術所 online-checking obligation, the 協力金 checklist,
//! the device subsidy, the 診療報酬 addition and the facility notices.

use std::sync::Arc;

use crate::OnshiError;
use crate::rules::RuleSet;

/// Whether a 施術所 must offer online checking.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct ObligationCheck {
    /// `not_applicable`, `met`, `met_by_primary`, `exempt` or `required`.
    pub obligation: String,
    /// For `exempt`, which exemption (`elderly_practitioners`, `closing`, …).
    pub exemption: Option<String>,
}

/// Whether a 施術所 (JSON: `kind`, `delegated_payment`, `online_installed`, `practitioners`, …)
/// must offer online checking on `date`.
#[uniffi::export]
pub fn online_obligation(
    rules: Arc<RuleSet>,
    date: String,
    facility_json: String,
) -> Result<ObligationCheck, OnshiError> {
    let date = onshi::calendar::parse_date_field(&date, "date")?;
    let facility: onshi::facility::PractitionerFacility = onshi::error::from_json(&facility_json)?;
    let obligation = onshi::facility::online_obligation(&rules.rules, date, &facility);
    Ok(ObligationCheck {
        obligation: onshi::Kinds::kind(&obligation).to_owned(),
        exemption: match &obligation {
            onshi::facility::Obligation::Exempt { reason } => {
                Some(onshi::Vocabulary::slug(*reason).to_owned())
            }
            _ => None,
        },
    })
}

/// The 協力金 checklist result.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct CooperationChecklist {
    /// Every condition holds.
    pub eligible: bool,
    /// The payment (yen), 0 when not eligible.
    pub amount: u64,
    /// The conditions not met (`online_installed`, `spoke_to_patients`, …).
    pub missing: Vec<String>,
}

/// The 協力金 checklist for a report (JSON: `online_installed`, `start_date`,
/// `spoke_to_patients`, `flyers_or_posters`).
#[uniffi::export]
pub fn cooperation_payment(
    rules: Arc<RuleSet>,
    report_json: String,
) -> Result<CooperationChecklist, OnshiError> {
    let report: onshi::facility::CooperationReport = onshi::error::from_json(&report_json)?;
    let c = onshi::facility::cooperation_payment(&rules.rules, &report);
    Ok(CooperationChecklist {
        eligible: c.eligible,
        amount: c.amount,
        missing: c
            .missing
            .iter()
            .map(|m| onshi::Vocabulary::slug(*m).to_owned())
            .collect(),
    })
}

/// The device subsidy (yen) for a purchase of `cost` yen on `date`.
#[uniffi::export]
pub fn device_subsidy(rules: Arc<RuleSet>, date: String, cost: u64) -> Result<u64, OnshiError> {
    let date = onshi::calendar::parse_date_field(&date, "date")?;
    Ok(onshi::facility::device_subsidy(&rules.rules, date, cost))
}

/// What the 診療報酬 addition for online checking allows.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct DxAdditionCheck {
    /// The addition's name, 日本語.
    pub addition_ja: String,
    /// The addition's name, English.
    pub addition_en: String,
    /// The levels the facility reaches (1 = the lowest threshold).
    pub levels: Vec<u8>,
    /// What is not met (`online_checking`, `usage_rate`).
    pub missing: Vec<String>,
    /// 初診 points of the highest level reached, when known.
    pub initial_points: Option<u32>,
    /// 再診 points, when known.
    pub revisit_points: Option<u32>,
    /// The rule behind it.
    pub rule: String,
}

/// The 診療報酬 addition a clinic (JSON: `online_installed`, `myna_usage_percent`) may claim on
/// `date`; null when no addition is in force.
#[uniffi::export]
pub fn dx_addition(
    rules: Arc<RuleSet>,
    date: String,
    facility_json: String,
) -> Result<Option<DxAdditionCheck>, OnshiError> {
    let date = onshi::calendar::parse_date_field(&date, "date")?;
    let facility: onshi::facility::MedicalFacility = onshi::error::from_json(&facility_json)?;
    Ok(
        onshi::facility::dx_addition(&rules.rules, date, &facility).map(|a| DxAdditionCheck {
            addition_ja: a.addition.ja,
            addition_en: a.addition.en,
            levels: a.levels,
            missing: a
                .missing
                .iter()
                .map(|m| onshi::Vocabulary::slug(*m).to_owned())
                .collect(),
            initial_points: a.initial_points,
            revisit_points: a.revisit_points,
            rule: a.rule.as_str().to_owned(),
        }),
    )
}

/// The rule ids of the facility rules in force on `date` that are information for staff.
#[uniffi::export]
pub fn facility_notices(rules: Arc<RuleSet>, date: String) -> Result<Vec<String>, OnshiError> {
    let date = onshi::calendar::parse_date_field(&date, "date")?;
    Ok(onshi::facility::facility_notices(&rules.rules, date)
        .iter()
        .map(|r| r.id.as_str().to_owned())
        .collect())
}
