//! The reception decision: the core's decision vocabularies, the visit, and the decision from a
//! visit or an オンライン資格確認 result file.

use std::sync::Arc;

use crate::OnshiError;
use crate::reference::CeilingAmount;
use crate::rules::RuleSet;
use crate::vocabularies::*;

/// One alert or action: its stable kind and its other fields as JSON.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct Item {
    /// "certificate_in_grace", "query_online", …
    pub kind: String,
    /// The other fields (dates as YYYY-MM-DD) as a JSON object.
    pub details_json: String,
}

/// The reception decision.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct Decision {
    /// The visit's date in Japan (YYYY-MM-DD).
    pub date: String,
    /// Whether the visit is covered.
    pub coverage: Coverage,
    /// The route.
    pub route: Route,
    /// Why online confirmation failed, if it did.
    pub failure: Option<FailureClass>,
    /// Copay percent (10, 20, 30) when known.
    pub copay_percent: Option<u8>,
    /// Where the ratio comes from.
    pub copay_basis: CopayBasis,
    /// 限度額適用区分, when known.
    pub ceiling_category: Option<String>,
    /// Where the 区分 comes from (the online answer or a 限度額適用認定証), when known.
    pub ceiling_basis: Option<CeilingBasis>,
    /// The 高額療養費 monthly limit of the 区分 in the visit's month, when the table gives one.
    pub ceiling_limit: Option<CeilingAmount>,
    /// Alerts.
    pub alerts: Vec<Item>,
    /// What staff must do, in order (steps before guidance).
    pub actions: Vec<Item>,
    /// The rule ids the decision rests on.
    pub rules: Vec<String>,
    /// The rule table's version.
    pub rule_set_version: String,
    /// Message for staff, 日本語.
    pub staff_message_ja: String,
    /// Message for staff, English.
    pub staff_message_en: String,
    /// Message for the patient, 日本語.
    pub patient_message_ja: String,
    /// Message for the patient, English.
    pub patient_message_en: String,
    /// The whole decision as JSON (the vector format).
    pub json: String,
}

fn items<T: serde::Serialize>(values: &[T], kind: impl Fn(&T) -> &'static str) -> Vec<Item> {
    values
        .iter()
        .map(|v| {
            let mut value = serde_json::to_value(v).unwrap_or_default();
            if let Some(map) = value.as_object_mut() {
                map.remove("kind");
            }
            Item {
                kind: kind(v).to_owned(),
                details_json: value.to_string(),
            }
        })
        .collect()
}

impl From<onshi::Decision> for Decision {
    fn from(d: onshi::Decision) -> Self {
        Decision {
            date: d.date.to_string(),
            coverage: d.coverage,
            route: d.route,
            failure: d.failure,
            copay_percent: d.copay.percent,
            copay_basis: d.copay.basis,
            ceiling_category: d.ceiling.as_ref().map(|c| c.category().to_owned()),
            ceiling_basis: d.ceiling.clone().map(CeilingBasis::from),
            ceiling_limit: d.ceiling_limit.clone().map(CeilingAmount::from),
            alerts: items(&d.alerts, onshi::reception::Alert::kind),
            actions: items(&d.actions, onshi::reception::Action::kind),
            rules: d.rules.iter().map(|r| r.as_str().to_owned()).collect(),
            rule_set_version: d.rule_set_version.clone(),
            staff_message_ja: d.messages.staff.ja.clone(),
            staff_message_en: d.messages.staff.en.clone(),
            patient_message_ja: d.messages.patient.ja.clone(),
            patient_message_en: d.messages.patient.en.clone(),
            json: serde_json::to_string(&d).unwrap_or_default(),
        }
    }
}

/// A reception visit (immutable), from JSON in the vector format.
#[derive(uniffi::Object)]
pub struct Visit {
    visit: onshi::Visit,
}

#[uniffi::export]
impl Visit {
    /// A visit from JSON text.
    #[uniffi::constructor]
    pub fn from_json(text: String) -> Result<Arc<Self>, OnshiError> {
        Ok(Arc::new(Visit {
            visit: onshi::Visit::from_json(&text)?,
        }))
    }

    /// The visit's date in Japan (YYYY-MM-DD).
    pub fn date(&self) -> String {
        self.visit.date().to_string()
    }

    /// The visit as JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.visit).unwrap_or_default()
    }
}

/// Decides a visit on `rules`.
#[uniffi::export]
pub fn decide(rules: Arc<RuleSet>, visit: Arc<Visit>) -> Result<Decision, OnshiError> {
    Ok(onshi::decide(&rules.rules, &visit.visit)?.into())
}

/// Decides a visit given as JSON.
#[uniffi::export]
pub fn decide_json(rules: Arc<RuleSet>, visit_json: String) -> Result<Decision, OnshiError> {
    let visit = onshi::Visit::from_json(&visit_json)?;
    Ok(onshi::decide(&rules.rules, &visit)?.into())
}

/// Reads an オンライン資格確認 result file (UTF-8 or Shift_JIS) and decides the visit it answers:
/// at `at` (YYYY-MM-DD or RFC 3339) or, when null, the file's ProcessExecutionTime.
#[uniffi::export]
pub fn oqs_decide(
    rules: Arc<RuleSet>,
    file: Vec<u8>,
    at: Option<String>,
    document: QueriedDocument,
) -> Result<Decision, OnshiError> {
    let at = at
        .map(|a| onshi::calendar::VisitTime::parse_field(&a, "at"))
        .transpose()?;
    let visit = onshi_oqs::QualificationResult::parse(&file)?.visit(at, document)?;
    Ok(onshi::decide(&rules.rules, &visit)?.into())
}

/// Reads an オンライン資格確認 result file (UTF-8 or Shift_JIS) and gives it as JSON: `result` (every
/// field onshi reads: `header`, `records`, `processing_result_status`, …) and `online` (the online
/// answer a decision takes: `status`, `copay_percent`, …).
#[uniffi::export]
pub fn oqs_result_json(file: Vec<u8>) -> Result<String, OnshiError> {
    let result = onshi_oqs::QualificationResult::parse(&file)?;
    Ok(serde_json::json!({"result": &result, "online": result.online_result()}).to_string())
}
