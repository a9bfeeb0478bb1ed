//! The rule table (`RuleSet`) and its audit on a day.

use std::sync::Arc;

use crate::OnshiError;

/// A validated rule table (immutable; share it between threads).
#[derive(uniffi::Object)]
pub struct RuleSet {
    pub(crate) rules: onshi::RuleSet,
}

#[uniffi::export]
impl RuleSet {
    /// The rule table built into this version.
    #[uniffi::constructor]
    pub fn builtin() -> Arc<Self> {
        Arc::new(RuleSet {
            rules: onshi::RuleSet::builtin(),
        })
    }

    /// A rule table from JSON: complete, or an overlay with "extends": "builtin".
    #[uniffi::constructor]
    pub fn from_json(text: String) -> Result<Arc<Self>, OnshiError> {
        Ok(Arc::new(RuleSet {
            rules: onshi::RuleSet::from_json(&text)?,
        }))
    }

    /// The table's version.
    pub fn version(&self) -> String {
        self.rules.version().to_owned()
    }

    /// The day the table was last checked against the notices in force (YYYY-MM-DD), if it says.
    pub fn reviewed(&self) -> Option<String> {
        self.rules.reviewed().map(|d| d.to_string())
    }

    /// Whether planned rows are used.
    pub fn applies_planned_rows(&self) -> bool {
        self.rules.planned_rows() == onshi::policy::PlannedRows::Apply
    }

    /// The same table with its planned rows applied: a preview of announced changes (such as the
    /// 2027-08 高額療養費 bands) that no decision uses otherwise.
    pub fn with_planned_rows(&self) -> Arc<Self> {
        Arc::new(RuleSet {
            rules: self
                .rules
                .clone()
                .with_planned_rows(onshi::policy::PlannedRows::Apply),
        })
    }

    /// Audits the table for the day `on` (YYYY-MM-DD): gaps, rows ending within 90 days, planned
    /// and reported rows, an overdue review.
    pub fn audit(&self, on: String) -> Result<RuleAudit, OnshiError> {
        let on = onshi::calendar::parse_date_field(&on, "on")?;
        let audit = self.rules.audit(on);
        let findings = audit
            .findings
            .iter()
            .map(|f| {
                let mut details = serde_json::to_value(f).unwrap_or_default();
                if let Some(o) = details.as_object_mut() {
                    o.remove("kind");
                    o.remove("id");
                }
                let text = f.words();
                AuditFinding {
                    kind: f.kind().to_owned(),
                    rule: f.rule().map(|r| r.as_str().to_owned()),
                    text_ja: text.ja,
                    text_en: text.en,
                    details_json: details.to_string(),
                }
            })
            .collect();
        Ok(RuleAudit {
            on: audit.on.to_string(),
            version: audit.version.clone(),
            reviewed: audit.reviewed.map(|d| d.to_string()),
            has_gap: audit.has_gap(),
            findings,
        })
    }
}

/// One finding of a rule-table audit.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct AuditFinding {
    /// "gap", "cliff", "ending_soon", "planned", "reported" or "review_overdue".
    pub kind: String,
    /// The rule id concerned, if any.
    pub rule: Option<String>,
    /// What it means and what to do, in Japanese.
    pub text_ja: String,
    /// The same in English.
    pub text_en: String,
    /// The other fields (dates as YYYY-MM-DD) as a JSON object.
    pub details_json: String,
}

/// The audit of a rule table on a day.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct RuleAudit {
    /// The day audited (YYYY-MM-DD).
    pub on: String,
    /// The table's version.
    pub version: String,
    /// The table's review date, if it says.
    pub reviewed: Option<String>,
    /// A rule family has no row on the day although it had one before.
    pub has_gap: bool,
    /// What was found, gaps first.
    pub findings: Vec<AuditFinding>,
}
