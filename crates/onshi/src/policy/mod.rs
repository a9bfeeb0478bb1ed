//! The rule table: dated rows with their sources (the product's policy as data), the invariants it
//! is held to on load, and its audit.

pub(crate) mod audit;
pub(crate) mod cited;
pub(crate) mod coverage;
pub(crate) mod overlay;
pub(crate) mod params;
pub(crate) mod rules;

pub use audit::{AuditFinding, CLIFF_WARNING_DAYS, ENDING_SOON_DAYS, RuleAudit};
pub use rules::{
    BUILTIN_RULES_JSON, CeilingCategory, CeilingFigure, Certainty, CopayParams, DxAdditionParams,
    GraceBoundary, InsurerEnd, MAX_RULES_JSON, MeasureDocument, PlannedRows, REVIEW_ALERT_MONTHS,
    RULES_FORMAT, ReliefParams, RowEnd, RowStatus, Rule, RuleId, RuleParams, RuleSet,
};
