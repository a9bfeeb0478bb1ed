//! 高額療養費 monthly limits (自己負担限度額) from the dated rule table
//! (reference/numbers-and-benefits.md §6): `limit = base + max(0, 医療費 − threshold) × 1%`, the 1%
//! term rounded half up to the yen; 多数回該当 from the 4th qualifying month; the 外来 (個人) limit for
//! 70 and over; and the 75歳到達月特例 (every amount halved in the month of the 75th birthday when it
//! is not the 1st).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::rules::{CeilingCategory, RuleId, RuleParams, RuleSet};

/// What the limit is asked for.
///
/// # Example
/// ```
/// let q: onshi::CeilingQuery = serde_json::from_str(r#"{"month": "2026-01-15", "category": "A04", "medical_cost": 300000}"#).unwrap();
/// assert_eq!(onshi::monthly_ceiling(&onshi::RuleSet::builtin(), &q).unwrap().limit, 57_600);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CeilingQuery {
    /// A day of the month of care (診療月).
    pub month: NaiveDate,
    /// 区分 label (`ウ`, `現役並みⅠ`, `一般`) or OQS code (`A03`).
    pub category: String,
    /// The month's total medical cost (10割, yen).
    #[serde(default)]
    pub medical_cost: u64,
    /// 多数回該当 (4th qualifying month within 12).
    #[serde(default)]
    pub many_times: bool,
    /// The 外来 (個人) limit of 70 and over, instead of the 世帯 limit.
    #[serde(default)]
    pub outpatient: bool,
    /// The month of the 75th birthday, not on the 1st (75歳到達月特例).
    #[serde(default)]
    pub birthday_75_month: bool,
}

/// A computed limit.
///
/// # Example
/// ```
/// let q: onshi::CeilingQuery = serde_json::from_str(r#"{"month": "2026-01-15", "category": "A04", "medical_cost": 300000}"#).unwrap();
/// let a = onshi::monthly_ceiling(&onshi::RuleSet::builtin(), &q).unwrap();
/// assert_eq!(a.formula, "57,600");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CeilingAmount {
    /// The limit in yen.
    pub limit: u64,
    /// How it was computed (`80,100 + (1,000,000 − 267,000) × 1%`).
    pub formula: String,
    /// The rule used.
    pub rule: RuleId,
}

/// Why no limit could be given.
///
/// # Example
/// ```
/// let q: onshi::CeilingQuery = serde_json::from_str(r#"{"month": "2026-01-15", "category": "ウ", "outpatient": true}"#).unwrap();
/// let e = onshi::monthly_ceiling(&onshi::RuleSet::builtin(), &q).unwrap_err();
/// assert!(matches!(e, onshi::CeilingError::NoOutpatientLimit { .. }));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CeilingError {
    /// No limits table covers that month.
    #[error(
        "no 高額療養費 table covers {month}: add the row for that period to the rule table (ceiling.monthly-limits)"
    )]
    NoTable {
        /// The month asked.
        month: NaiveDate,
    },
    /// A 区分 the table does not know.
    #[error("unknown 区分 `{category}`")]
    UnknownCategory {
        /// As given.
        category: String,
    },
    /// The 区分 has no 外来特例.
    #[error("区分 `{category}` has no 外来 (個人) limit")]
    NoOutpatientLimit {
        /// As given.
        category: String,
    },
}

impl CeilingError {
    /// A stable slug.
    ///
    /// # Example
    /// ```
    /// let e = onshi::CeilingError::UnknownCategory { category: "Z".into() };
    /// assert_eq!(e.kind(), "unknown_category");
    /// ```
    pub fn kind(&self) -> &'static str {
        match self {
            CeilingError::NoTable { .. } => "no_table",
            CeilingError::UnknownCategory { .. } => "unknown_category",
            CeilingError::NoOutpatientLimit { .. } => "no_outpatient_limit",
        }
    }
}

fn yen(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The monthly limit for a query.
///
/// # Errors
/// [`CeilingError`]: no table for the month (e.g. from 2026-08 until its row is added), an unknown
/// 区分, or a 外来 limit asked for a 区分 without one.
///
/// # Example
/// ```
/// use onshi::{monthly_ceiling, CeilingQuery, RuleSet};
/// let q = CeilingQuery { month: "2026-01-15".parse().unwrap(), category: "ウ".into(), medical_cost: 1_000_000,
///     many_times: false, outpatient: false, birthday_75_month: false };
/// assert_eq!(monthly_ceiling(&RuleSet::builtin(), &q).unwrap().limit, 87_430);
/// let later = CeilingQuery { month: "2026-08-01".parse().unwrap(), ..q };
/// assert_eq!(monthly_ceiling(&RuleSet::builtin(), &later).unwrap_err().kind(), "no_table");
/// ```
pub fn monthly_ceiling(rules: &RuleSet, q: &CeilingQuery) -> Result<CeilingAmount, CeilingError> {
    let rule = rules
        .rule(RuleId::CeilingMonthlyLimits, q.month)
        .ok_or(CeilingError::NoTable { month: q.month })?;
    let RuleParams::Ceilings { categories } = &rule.params else {
        return Err(CeilingError::NoTable { month: q.month });
    };
    let wanted = q.category.trim();
    let c: &CeilingCategory = categories
        .iter()
        .find(|c| c.labels.iter().any(|l| l == wanted) || c.codes.iter().any(|k| k == wanted))
        .ok_or_else(|| CeilingError::UnknownCategory {
            category: q.category.clone(),
        })?;
    let div = if q.birthday_75_month { 2 } else { 1 };
    let special = if div == 2 {
        " (75歳到達月特例: halved)"
    } else {
        ""
    };
    if q.outpatient {
        let o = c
            .outpatient
            .ok_or_else(|| CeilingError::NoOutpatientLimit {
                category: q.category.clone(),
            })?
            / div;
        return Ok(CeilingAmount {
            limit: o,
            formula: format!("外来 {}{special}", yen(o)),
            rule: RuleId::CeilingMonthlyLimits,
        });
    }
    if q.many_times
        && let Some(m) = c.many_times
    {
        let m = m / div;
        return Ok(CeilingAmount {
            limit: m,
            formula: format!("多数回該当 {}{special}", yen(m)),
            rule: RuleId::CeilingMonthlyLimits,
        });
    }
    let base = c.base / div;
    let (limit, formula) = match c.threshold {
        Some(t) => {
            let t = t / div;
            let excess = q.medical_cost.saturating_sub(t);
            let extra = (excess + 50) / 100; // 1%, rounded half up
            (
                base + extra,
                format!(
                    "{} + ({} − {}) × 1%{special}",
                    yen(base),
                    yen(q.medical_cost),
                    yen(t)
                ),
            )
        }
        None => (base, format!("{}{special}", yen(base))),
    };
    Ok(CeilingAmount {
        limit,
        formula,
        rule: RuleId::CeilingMonthlyLimits,
    })
}
