//! 高額療養費 monthly limits (自己負担限度額) from the dated rule table
//! (reference/numbers-and-benefits.md §6): `limit = base + max(0, 医療費 − threshold) × 1%`, the 1%
//! term rounded half up to the yen; 多数回該当 from the 4th qualifying month; the 外来 (個人) limit for
//! 70 and over; and the 75歳到達月特例 (every amount halved in the month of the 75th birthday when it
//! is not the 1st).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::policy::rules::key;
use crate::rules::{CeilingCategory, CeilingFigure, RuleId, RuleSet};

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
    /// An outpatient (外来) month: the 外来 (個人) limit of 70 and over where the 区分 has one;
    /// otherwise the monthly formula caps it.
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
/// assert_eq!(a.annual_cap, None); // no annual cap before the 2026-08 service month
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CeilingAmount {
    /// The limit in yen.
    pub limit: u64,
    /// How it was computed (`80,100 + (1,000,000 − 267,000) × 1%`).
    pub formula: String,
    /// The rule that gave the limit (`ceiling.monthly-limits`, or `ceiling.late-elderly-relief`
    /// when the 配慮措置 was lower).
    pub rule: RuleId,
    /// The 区分's yearly cap (August–July), when there is one: information only. The insurer
    /// repays the excess after the year on application; it never lowers this month's limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annual_cap: Option<u64>,
    /// The lower yearly cap for low incomes within the 区分 (年収約200万円以下): information only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annual_cap_low_income: Option<u64>,
    /// The yearly cap on 外来 (個人) payments of 70 and over, when there is one: information only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outpatient_annual_cap: Option<u64>,
    /// The figures of this 区分 the table does not state (its source could not be read there):
    /// an annual cap listed here is unknown, not absent.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_stated: Vec<CeilingFigure>,
}

/// Why no limit could be given.
///
/// # Example
/// ```
/// let q: onshi::CeilingQuery = serde_json::from_str(r#"{"month": "2026-01-15", "category": "カ"}"#).unwrap();
/// let e = onshi::monthly_ceiling(&onshi::RuleSet::builtin(), &q).unwrap_err();
/// assert!(matches!(e, onshi::CeilingError::UnknownCategory { .. }));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CeilingError {
    /// No limits table covers that month.
    #[error(
        "no 高額療養費 table covers {month}: add the row for that period to the rule table (ceiling.monthly-limits); `onshi rules audit` lists such gaps"
    )]
    NoTable {
        /// The month asked.
        month: NaiveDate,
    },
    /// A 区分 the table does not know.
    #[error("unknown 区分 `{category}` in the 高額療養費 table for {month}")]
    UnknownCategory {
        /// As given.
        category: String,
        /// The month asked.
        month: NaiveDate,
    },
    /// The table knows the 区分 but not the figure the query needs: its source does not give it
    /// (e.g. 多数回該当 of a planned band).
    #[error(
        "the 高額療養費 table for {month} does not state the {} of 区分 `{category}` (its source could not be read there): the rule's note says what is known; give the amount in an overlay once it is",
        figure.field()
    )]
    NotStated {
        /// As given.
        category: String,
        /// The month asked.
        month: NaiveDate,
        /// The figure that is not stated.
        figure: CeilingFigure,
    },
}

impl CeilingError {
    /// The query field the error concerns.
    pub(crate) fn concerns(&self) -> Option<&str> {
        match self {
            CeilingError::NoTable { .. } => Some("month"),
            CeilingError::UnknownCategory { .. } => Some("category"),
            CeilingError::NotStated { figure, .. } => Some(match figure {
                CeilingFigure::ManyTimes => "many_times",
                CeilingFigure::Outpatient => "outpatient",
                _ => "category",
            }),
        }
    }
}

impl CeilingError {
    /// The error's domain ([`crate::ErrorDomain`]), whose label is its summary. A figure not
    /// stated is an input the table cannot decide on ([`crate::ErrorDomain::Input`]).
    ///
    /// # Example
    /// ```
    /// let e = onshi::CeilingError::NoTable { month: "2099-01-01".parse().unwrap() };
    /// assert_eq!(e.summary().en, "no 高額療養費 table covers the month");
    /// let e = onshi::CeilingError::NotStated { category: "28万〜34万円".into(),
    ///     month: "2027-08-01".parse().unwrap(), figure: onshi::CeilingFigure::ManyTimes };
    /// assert_eq!(e.domain(), onshi::ErrorDomain::Input);
    /// ```
    pub fn domain(&self) -> crate::ErrorDomain {
        use crate::ErrorDomain;
        match self {
            CeilingError::NoTable { .. } => ErrorDomain::NoCeilingTable,
            CeilingError::UnknownCategory { .. } => ErrorDomain::UnknownCategory,
            CeilingError::NotStated { .. } => ErrorDomain::Input,
        }
    }

    /// The short ja/en summary every binding shows.
    ///
    /// # Example
    /// ```
    /// let e = onshi::CeilingError::NoTable { month: "2099-01-01".parse().unwrap() };
    /// assert_eq!(e.summary().en, "no 高額療養費 table covers the month");
    /// ```
    pub fn summary(&self) -> crate::Text {
        crate::summary_of(self.domain(), self.kind())
    }

    /// A stable slug (`no_table`, `unknown_category`, `not_stated`).
    ///
    /// # Example
    /// ```
    /// let e = onshi::CeilingError::UnknownCategory { category: "Z".into(), month: "2026-01-01".parse().unwrap() };
    /// assert_eq!(e.kind(), "unknown_category");
    /// ```
    pub fn kind(&self) -> &'static str {
        match self {
            CeilingError::NoTable { .. } => "no_table",
            CeilingError::UnknownCategory { .. } => "unknown_category",
            CeilingError::NotStated { .. } => "not_stated",
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

/// `percent`% of `amount`, rounded half up to the yen.
fn percent_of(amount: u64, percent: u64) -> u64 {
    (amount.saturating_mul(percent).saturating_add(50)) / 100
}

/// Whether `a` and `b` (labels or OQS codes) name the same 区分 in the table for `date`'s month.
pub(crate) fn same_category(rules: &RuleSet, date: chrono::NaiveDate, a: &str, b: &str) -> bool {
    let Some(categories) = rules.param(key::CeilingMonthlyLimits, date) else {
        return false;
    };
    categories
        .iter()
        .any(|c| matches(&c.labels, &c.codes, a.trim()) && matches(&c.labels, &c.codes, b.trim()))
}

fn matches(labels: &[String], codes: &[String], wanted: &str) -> bool {
    labels.iter().any(|l| l == wanted) || codes.iter().any(|k| k == wanted)
}

/// The monthly limit for a query.
///
/// - 外来 (outpatient) months of 70 and over use the 区分's 外来 limit (外来特例); a 区分 without one
///   (現役並み, and every 区分 under 70) is capped by its monthly formula.
/// - For 一般Ⅱ outpatient months in the 後期 2割 配慮措置 period (`ceiling.late-elderly-relief`), the
///   lower of the 外来 limit and `6,000 + (医療費 − 30,000) × 10%`.
/// - Annual caps are returned as information and never lower the monthly limit.
///
/// # Errors
/// [`CeilingError`]: no table for the month, a 区分 the month's table does not know, or a figure
/// the query needs that the table does not state (`not_stated`: a 多数回 month of a planned band
/// whose 多数回 amount was not read, say).
///
/// # Example
/// ```
/// use onshi::{monthly_ceiling, CeilingQuery, RuleSet};
/// let q = CeilingQuery { month: "2026-01-15".parse().unwrap(), category: "ウ".into(), medical_cost: 1_000_000,
///     many_times: false, outpatient: false, birthday_75_month: false };
/// assert_eq!(monthly_ceiling(&RuleSet::builtin(), &q).unwrap().limit, 87_430);
/// let later = CeilingQuery { month: "2026-11-01".parse().unwrap(), ..q.clone() };
/// let amount = monthly_ceiling(&RuleSet::builtin(), &later).unwrap();
/// assert_eq!((amount.limit, amount.annual_cap), (92_940, Some(530_000)));
/// let before = CeilingQuery { month: "2018-07-31".parse().unwrap(), ..q.clone() };
/// assert_eq!(monthly_ceiling(&RuleSet::builtin(), &before).unwrap_err().kind(), "no_table");
///
/// // A planned 2027-08 band (a preview): its monthly limit is stated, its 多数回 amount is not.
/// let preview = RuleSet::builtin().with_planned_rows(onshi::PlannedRows::Apply);
/// let band = CeilingQuery { month: "2027-08-01".parse().unwrap(), category: "36万〜41万円".into(), ..q };
/// assert_eq!(monthly_ceiling(&preview, &band).unwrap().limit, 104_830);
/// let many = CeilingQuery { many_times: true, ..band };
/// assert_eq!(monthly_ceiling(&preview, &many).unwrap_err().kind(), "not_stated");
/// ```
pub fn monthly_ceiling(rules: &RuleSet, q: &CeilingQuery) -> Result<CeilingAmount, CeilingError> {
    let categories = rules
        .param(key::CeilingMonthlyLimits, q.month)
        .ok_or(CeilingError::NoTable { month: q.month })?;
    let wanted = q.category.trim();
    let c: &CeilingCategory = categories
        .iter()
        .find(|c| matches(&c.labels, &c.codes, wanted))
        .ok_or_else(|| CeilingError::UnknownCategory {
            category: q.category.clone(),
            month: q.month,
        })?;
    let div = if q.birthday_75_month { 2 } else { 1 };
    let special = if div == 2 {
        " (75歳到達月特例: halved)"
    } else {
        ""
    };
    let amount = |limit: u64, formula: String, rule: RuleId| CeilingAmount {
        limit,
        formula,
        rule,
        annual_cap: c.annual,
        annual_cap_low_income: c.annual_low_income,
        outpatient_annual_cap: c.outpatient_annual,
        not_stated: c.not_stated.clone(),
    };
    // A figure the query needs and the table does not state is refused, never guessed.
    let not_stated = |figure: CeilingFigure| CeilingError::NotStated {
        category: q.category.clone(),
        month: q.month,
        figure,
    };
    let stated = |figure: CeilingFigure| {
        if c.not_stated.contains(&figure) {
            Err(not_stated(figure))
        } else {
            Ok(())
        }
    };
    if q.outpatient {
        stated(CeilingFigure::Outpatient)?;
    }
    if q.outpatient
        && let Some(o) = c.outpatient
    {
        let o = o / div;
        if let Some(relief) = relief(rules, q, wanted)
            && relief.0 < o
        {
            let (limit, formula) = relief;
            return Ok(amount(
                limit,
                format!("外来 min({}, {formula}){special}", yen(o)),
                RuleId::CeilingLateElderlyRelief,
            ));
        }
        return Ok(amount(
            o,
            format!("外来 {}{special}", yen(o)),
            RuleId::CeilingMonthlyLimits,
        ));
    }
    // No 外来特例 for this 区分: the monthly formula caps an outpatient month too.
    let head = if q.outpatient {
        "外来（外来特例なし）"
    } else {
        ""
    };
    if q.many_times {
        stated(CeilingFigure::ManyTimes)?;
    }
    if q.many_times
        && let Some(m) = c.many_times
    {
        let m = m / div;
        return Ok(amount(
            m,
            format!("{head}多数回該当 {}{special}", yen(m)),
            RuleId::CeilingMonthlyLimits,
        ));
    }
    // A group without its monthly limit lists it as not stated (checked on load).
    let base = c.base.ok_or_else(|| not_stated(CeilingFigure::Base))? / div;
    let (limit, formula) = match c.threshold {
        Some(t) => {
            let t = t / div;
            let extra = percent_of(q.medical_cost.saturating_sub(t), 1);
            (
                base.saturating_add(extra),
                format!(
                    "{head}{} + ({} − {}) × 1%{special}",
                    yen(base),
                    yen(q.medical_cost),
                    yen(t)
                ),
            )
        }
        None => (base, format!("{head}{}{special}", yen(base))),
    };
    Ok(amount(limit, formula, RuleId::CeilingMonthlyLimits))
}

/// The 配慮措置 amount for an outpatient month of a 区分 it covers, with its formula.
fn relief(rules: &RuleSet, q: &CeilingQuery, wanted: &str) -> Option<(u64, String)> {
    let p = rules.param(key::CeilingLateElderlyRelief, q.month)?;
    if !matches(&p.labels, &p.codes, wanted) {
        return None;
    }
    let extra = percent_of(
        q.medical_cost.saturating_sub(p.threshold),
        u64::from(p.percent),
    );
    Some((
        p.base.saturating_add(extra),
        format!(
            "{} + ({} − {}) × {}% 配慮措置",
            yen(p.base),
            yen(q.medical_cost),
            yen(p.threshold),
            p.percent
        ),
    ))
}
