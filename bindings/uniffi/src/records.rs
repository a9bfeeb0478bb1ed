//! After the online answer: the stored record against the online one, 和暦 dates, kana and names.

use std::sync::Arc;

use crate::OnshiError;
use crate::rules::RuleSet;
use crate::vocabularies::*;

/// Reads an オンライン資格確認 result file (UTF-8 or Shift_JIS) and gives each of its records as
/// insurance-record JSON, the online side of `reconcile`.
#[uniffi::export]
pub fn oqs_insurance_records(file: Vec<u8>) -> Result<Vec<String>, OnshiError> {
    let result = onshi_oqs::QualificationResult::parse(&file)?;
    let mut records = Vec::with_capacity(result.records.len());
    for record in &result.records {
        records.push(serde_json::to_string(&record.insurance_record()?).unwrap_or_default());
    }
    Ok(records)
}

/// One difference between the stored record and the online answer.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct RecordDifference {
    /// What differs.
    pub kind: DifferenceKind,
    /// The stored value, when it is not personal.
    pub old: Option<String>,
    /// The online value, when it is not personal.
    pub new: Option<String>,
    /// How much it asks of staff.
    pub severity: Severity,
    /// What staff do: `none`, `update_record`, `open_new_period`, `end_period`,
    /// `confirm_with_patient`, `stop_different_person`.
    pub action: String,
    /// The action's day (YYYY-MM-DD): a new period's first day, or the current period's last.
    pub action_date: Option<String>,
    /// The dated rules behind it.
    pub rules: Vec<String>,
    /// For staff, 日本語.
    pub text_ja: String,
    /// For staff, English.
    pub text_en: String,
}

/// The stored record against the online answer.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct Reconciliation {
    /// The outcome.
    pub outcome: ReconcileOutcome,
    /// Whether the answer is about this patient.
    pub person: MatchOutcome,
    /// Why.
    pub reasons: Vec<MatchReason>,
    /// Each difference, weightiest first.
    pub differences: Vec<RecordDifference>,
    /// The outcome for staff, 日本語.
    pub text_ja: String,
    /// The outcome for staff, English.
    pub text_en: String,
}

/// Compares a stored insurance record with the online one on `date` (YYYY-MM-DD); both records are
/// JSON in the vector format. A 12-digit 個人番号 in either is the InvalidInput kind
/// `personal_number`.
#[uniffi::export]
pub fn reconcile(
    rules: Arc<RuleSet>,
    stored_json: String,
    online_json: String,
    date: String,
) -> Result<Reconciliation, OnshiError> {
    let stored = onshi::records::InsuranceRecord::from_json(&stored_json)?;
    let online = onshi::records::InsuranceRecord::from_json(&online_json)?;
    let date = onshi::calendar::parse_date_field(&date, "date")?;
    let r = onshi::records::reconcile(&stored, &online, date, &rules.rules);
    let differences = r
        .differences
        .into_iter()
        .map(|d| RecordDifference {
            kind: d.kind,
            old: d.old,
            new: d.new,
            severity: d.severity,
            action: onshi::Kinds::kind(&d.action).to_owned(),
            action_date: d.action.day().map(|day| day.to_string()),
            rules: d.rules.iter().map(|r| r.as_str().to_owned()).collect(),
            text_ja: d.text.ja,
            text_en: d.text.en,
        })
        .collect();
    Ok(Reconciliation {
        outcome: r.outcome,
        person: r.person.outcome,
        reasons: r.person.reasons,
        differences,
        text_ja: r.text.ja,
        text_en: r.text.en,
    })
}

/// Reads a 和暦 date (`令和6年12月2日`, `R6.12.2`, `5061202`, full-width digits) as YYYY-MM-DD; the
/// InvalidInput kind says what is wrong (`no_era`, `outside_era`, `no_such_day`, …).
#[uniffi::export]
pub fn parse_wareki(text: String) -> Result<String, OnshiError> {
    Ok(onshi::records::parse_wareki(&text)?.to_string())
}

/// A date in 和暦, in its three written forms.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct WarekiForms {
    /// `令和元年5月1日`.
    pub wareki: String,
    /// `R1.5.1`.
    pub short: String,
    /// The receipt form `5010501`.
    pub code: String,
}

/// A date (YYYY-MM-DD) in 和暦.
#[uniffi::export]
pub fn to_wareki(date: String) -> Result<WarekiForms, OnshiError> {
    let w = onshi::records::Wareki::of(onshi::calendar::parse_date_field(&date, "date")?)?;
    Ok(WarekiForms {
        wareki: w.to_string(),
        short: w.short(),
        code: w.code(),
    })
}

/// Kana as one form: full-width katakana, voiced marks composed, no spaces or middle dots.
#[uniffi::export]
pub fn normalize_kana(text: String) -> String {
    onshi::records::normalize_kana(&text)
}

/// How two names compare (kanji variants are one character; ● stands for one character the online
/// system could not print; a name of only ● is not written).
#[uniffi::export]
pub fn compare_names(a: String, b: String) -> NameComparison {
    onshi::records::compare_names(&a, &b)
}

/// The outcome of matching two people, with its reasons.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct PersonMatch {
    /// Same person, different person, or cannot tell.
    pub outcome: MatchOutcome,
    /// Why.
    pub reasons: Vec<MatchReason>,
}

/// Whether two people (JSON: `name`, `name_kana`, `birth_date`, `sex`) are the same.
#[uniffi::export]
pub fn match_person(stored_json: String, online_json: String) -> Result<PersonMatch, OnshiError> {
    let stored: onshi::records::PersonFacts = onshi::error::from_json(&stored_json)?;
    let online: onshi::records::PersonFacts = onshi::error::from_json(&online_json)?;
    let m = onshi::records::match_person(&stored, &online);
    Ok(PersonMatch {
        outcome: m.outcome,
        reasons: m.reasons,
    })
}
