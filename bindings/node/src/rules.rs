//! The rule table (`RuleSet`) and its audit on a day.

use napi::bindgen_prelude::*;
use napi_derive::napi;
use onshi::{error, policy};
use serde_json::Value;

use crate::{Js, day, from_slug, read_file, to_js, unreadable};

/// A validated rule table (ルール表). Immutable.
#[napi]
pub struct RuleSet {
    pub(crate) rules: onshi::RuleSet,
}

#[napi]
impl RuleSet {
    /// The rule table built into this version.
    #[napi(factory, catch_unwind)]
    pub fn builtin() -> Self {
        RuleSet {
            rules: onshi::RuleSet::builtin(),
        }
    }

    /// A rule table from JSON text: complete, or an overlay with `"extends": "builtin"`.
    #[napi(factory, catch_unwind)]
    pub fn from_json(text: String) -> Result<Self> {
        onshi::RuleSet::from_json(&text)
            .map(|rules| RuleSet { rules })
            .js()
    }

    /// A rule table from a file (read as the command line reads it: a regular file, size-capped).
    #[napi(factory, catch_unwind)]
    pub fn from_path(path: String) -> Result<Self> {
        let domain = error::ErrorDomain::Rules;
        let bytes = read_file(&path, policy::MAX_RULES_JSON as u64, domain)?;
        let text = String::from_utf8(bytes)
            .map_err(|_| unreadable(domain, format!("{path}: is not UTF-8")))?;
        Self::from_json(text)
    }

    /// The table's version string.
    #[napi(getter, catch_unwind)]
    pub fn version(&self) -> String {
        self.rules.version().to_owned()
    }

    /// The day the table was last checked against the notices in force (YYYY-MM-DD), if it says.
    #[napi(getter, catch_unwind)]
    pub fn reviewed(&self) -> Option<String> {
        self.rules.reviewed().map(|d| d.to_string())
    }

    /// Whether planned rows are used.
    #[napi(getter, catch_unwind, ts_return_type = "PlannedRows")]
    pub fn planned_rows(&self) -> Result<Value> {
        to_js(&self.rules.planned_rows())
    }

    /// The same table with its planned rows used (`"apply"`, the default: a preview of announced
    /// changes) or ignored (`"ignore"`).
    #[napi(catch_unwind)]
    pub fn with_planned_rows(
        &self,
        #[napi(ts_arg_type = "PlannedRows")] planned: Option<String>,
    ) -> Result<RuleSet> {
        let planned = from_slug(planned.as_deref().unwrap_or("apply"), "planned")?;
        Ok(RuleSet {
            rules: self.rules.clone().with_planned_rows(planned),
        })
    }

    /// Audits the table for `on` (YYYY-MM-DD): gaps, rows ending within 90 days, planned and
    /// reported rows, an overdue review.
    #[napi(catch_unwind, ts_return_type = "RuleAudit")]
    pub fn audit(&self, on: String) -> Result<Value> {
        to_js(&self.rules.audit(day(&on, "on")?))
    }
}
