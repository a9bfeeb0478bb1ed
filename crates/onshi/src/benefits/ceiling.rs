//! 高額療養費 monthly limits (自己負担限度額) from the dated rule table
//! (reference/numbers-and-benefits.md §6): `limit = base + max(0, 医療費 − threshold) × 1%`, the 1%
//! term rounded half up to the yen; 多数回該当 from the 4th qualifying month; the 外来 (個人) limit for
//! 70 and over; and the 75歳到達月特例 (every amount halved in the month of the 75th birthday when it
//! is not the 1st).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::policy::cited::{Applied, Cited};
use crate::policy::rules::key;
use crate::policy::rules::{CeilingCategory, CeilingFigure, RuleId, RuleSet};

/// What the limit is asked for.
///
/// # Example
/// ```
/// let q: onshi::benefits::CeilingQuery = serde_json::from_str(r#"{"month": "2026-01-15", "category": "A04", "medical_cost": 300000}"#).unwrap();
/// assert_eq!(onshi::benefits::monthly_ceiling(&onshi::RuleSet::builtin(), &q).unwrap().limit, 57_600);
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
/// let q: onshi::benefits::CeilingQuery = serde_json::from_str(r#"{"month": "2026-01-15", "category": "A04", "medical_cost": 300000}"#).unwrap();
/// let a = onshi::benefits::monthly_ceiling(&onshi::RuleSet::builtin(), &q).unwrap();
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
/// let q: onshi::benefits::CeilingQuery = serde_json::from_str(r#"{"month": "2026-01-15", "category": "カ"}"#).unwrap();
/// let e = onshi::benefits::monthly_ceiling(&onshi::RuleSet::builtin(), &q).unwrap_err();
/// assert!(matches!(e, onshi::benefits::CeilingError::UnknownCategory { .. }));
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
        crate::Vocabulary::slug(*figure)
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
    /// The error's domain ([`crate::error::ErrorDomain`]), whose label is its summary. A figure not
    /// stated is an input the table cannot decide on ([`crate::error::ErrorDomain::Input`]).
    ///
    /// # Example
    /// ```
    /// let e = onshi::benefits::CeilingError::NoTable { month: "2099-01-01".parse().unwrap() };
    /// assert_eq!(e.words().en, "no 高額療養費 table covers the month");
    /// let e = onshi::benefits::CeilingError::NotStated { category: "28万〜34万円".into(),
    ///     month: "2027-08-01".parse().unwrap(), figure: onshi::policy::CeilingFigure::ManyTimes };
    /// assert_eq!(e.domain(), onshi::error::ErrorDomain::Input);
    /// ```
    pub fn domain(&self) -> crate::error::ErrorDomain {
        use crate::error::ErrorDomain;
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
    /// let e = onshi::benefits::CeilingError::NoTable { month: "2099-01-01".parse().unwrap() };
    /// assert_eq!(e.words().en, "no 高額療養費 table covers the month");
    /// ```
    pub fn words(&self) -> crate::Text {
        crate::error::words_of(self.domain(), self.kind())
    }

    /// A stable slug (`no_table`, `unknown_category`, `not_stated`).
    ///
    /// # Example
    /// ```
    /// let e = onshi::benefits::CeilingError::UnknownCategory { category: "Z".into(), month: "2026-01-01".parse().unwrap() };
    /// assert_eq!(e.kind(), onshi::error::ErrorKind::UnknownCategory);
    /// ```
    pub fn kind(&self) -> crate::error::ErrorKind {
        match self {
            CeilingError::NoTable { .. } => crate::error::ErrorKind::NoTable,
            CeilingError::UnknownCategory { .. } => crate::error::ErrorKind::UnknownCategory,
            CeilingError::NotStated { .. } => crate::error::ErrorKind::NotStated,
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

// ceiling.online-consent — 002_d90f2e6524198125.txt:461; 000_7c0290228d041b3a.txt:228-233;
// 001_86d564a6a8f45e49.txt:191: with the patient's consent the 限度額 category comes online, and no
// 限度額適用認定証 is needed.
/// Whether the online 限度額 category stands for the certificate on `date`.
pub(crate) fn online_consent(rules: &RuleSet, date: NaiveDate) -> Cited<bool> {
    rules.in_force(RuleId::CeilingOnlineConsent, date)
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
/// use onshi::benefits::{monthly_ceiling, CeilingQuery};
/// use onshi::RuleSet;
/// let q = CeilingQuery { month: "2026-01-15".parse().unwrap(), category: "ウ".into(), medical_cost: 1_000_000,
///     many_times: false, outpatient: false, birthday_75_month: false };
/// assert_eq!(monthly_ceiling(&RuleSet::builtin(), &q).unwrap().limit, 87_430);
/// let later = CeilingQuery { month: "2026-11-01".parse().unwrap(), ..q.clone() };
/// let amount = monthly_ceiling(&RuleSet::builtin(), &later).unwrap();
/// assert_eq!((amount.limit, amount.annual_cap), (92_940, Some(530_000)));
/// let before = CeilingQuery { month: "2018-07-31".parse().unwrap(), ..q.clone() };
/// assert_eq!(monthly_ceiling(&RuleSet::builtin(), &before).unwrap_err().kind(), onshi::error::ErrorKind::NoTable);
///
/// // A planned 2027-08 band (a preview): its monthly limit is stated, its 多数回 amount is not.
/// let preview = RuleSet::builtin().with_planned_rows(onshi::policy::PlannedRows::Apply);
/// let band = CeilingQuery { month: "2027-08-01".parse().unwrap(), category: "36万〜41万円".into(), ..q };
/// assert_eq!(monthly_ceiling(&preview, &band).unwrap().limit, 104_830);
/// let many = CeilingQuery { many_times: true, ..band };
/// assert_eq!(monthly_ceiling(&preview, &many).unwrap_err().kind(), onshi::error::ErrorKind::NotStated);
/// ```
pub fn monthly_ceiling(rules: &RuleSet, q: &CeilingQuery) -> Result<CeilingAmount, CeilingError> {
    monthly_limit(rules, q).map(|limit| limit.value)
}

// ceiling.monthly-limits — reference/numbers-and-benefits.md §6 (MHLW leaflet 0000210991; under 70
// since 2015-01, 70+ since 2018-08): the month's 自己負担限度額 by 区分, from the row in force in the month
// of care (診療月): the 外来 limit of 70 and over, the 多数回該当 amount, or the monthly formula.
/// [`monthly_ceiling`] with the rules the limit rests on: `ceiling.monthly-limits`, and
/// `ceiling.late-elderly-relief` when the 配慮措置 gave it.
pub(crate) fn monthly_limit(
    rules: &RuleSet,
    q: &CeilingQuery,
) -> Result<Cited<CeilingAmount>, CeilingError> {
    let month = Month::of(rules, q)?;
    if q.outpatient {
        month.stated(CeilingFigure::Outpatient)?;
        if let Some(limit) = month.outpatient(rules) {
            return Ok(limit);
        }
    }
    if q.many_times {
        month.stated(CeilingFigure::ManyTimes)?;
        if let Some(limit) = month.many_times() {
            return Ok(limit);
        }
    }
    month.formula()
}

/// A query and its 区分's row of the month's table.
struct Month<'a> {
    q: &'a CeilingQuery,
    c: &'a CeilingCategory,
    /// 2 in the month of the 75th birthday (75歳到達月特例: every amount halved), else 1.
    div: u64,
    /// What the formula says of that halving.
    special: &'static str,
}

impl<'a> Month<'a> {
    /// The 区分 of the month's table the query names (by label or OQS code).
    fn of(rules: &'a RuleSet, q: &'a CeilingQuery) -> Result<Month<'a>, CeilingError> {
        let categories = rules
            .param(key::CeilingMonthlyLimits, q.month)
            .ok_or(CeilingError::NoTable { month: q.month })?;
        let wanted = q.category.trim();
        let c = categories
            .iter()
            .find(|c| matches(&c.labels, &c.codes, wanted))
            .ok_or_else(|| CeilingError::UnknownCategory {
                category: q.category.clone(),
                month: q.month,
            })?;
        let (div, special) = if q.birthday_75_month {
            (2, " (75歳到達月特例: halved)")
        } else {
            (1, "")
        };
        Ok(Month { q, c, div, special })
    }

    /// A figure the query needs and the table does not state is refused, never guessed.
    fn stated(&self, figure: CeilingFigure) -> Result<(), CeilingError> {
        if self.c.not_stated.contains(&figure) {
            Err(self.not_stated(figure))
        } else {
            Ok(())
        }
    }

    fn not_stated(&self, figure: CeilingFigure) -> CeilingError {
        CeilingError::NotStated {
            category: self.q.category.clone(),
            month: self.q.month,
            figure,
        }
    }

    /// The amount, with the 区分's yearly caps as information. It rests on the month's table
    /// and, when `rule` is the 配慮措置, on that too.
    fn amount(&self, limit: u64, formula: String, rule: RuleId) -> Cited<CeilingAmount> {
        let rules = if rule == RuleId::CeilingLateElderlyRelief {
            Applied::two(RuleId::CeilingMonthlyLimits, rule)
        } else {
            Applied::one(RuleId::CeilingMonthlyLimits)
        };
        let amount = CeilingAmount {
            limit,
            formula,
            rule,
            annual_cap: self.c.annual,
            annual_cap_low_income: self.c.annual_low_income,
            outpatient_annual_cap: self.c.outpatient_annual,
            not_stated: self.c.not_stated.clone(),
        };
        Cited::new(amount, rules)
    }

    /// How the formula of a month without a 外来特例 starts: such a 区分's monthly formula caps
    /// an outpatient month too.
    fn head(&self) -> &'static str {
        if self.q.outpatient {
            "外来（外来特例なし）"
        } else {
            ""
        }
    }

    // ceiling.monthly-limits — reference/numbers-and-benefits.md §6 (MHLW leaflet 0000210991; under
    // 70 since 2015-01, 70+ since 2018-08): 70 and over, an outpatient month is capped by the 区分's
    // 外来 (個人) limit (外来特例).
    /// The 外来 limit, or the 配慮措置 when lower; `None` for a 区分 without a 外来特例.
    fn outpatient(&self, rules: &RuleSet) -> Option<Cited<CeilingAmount>> {
        let o = self.c.outpatient? / self.div;
        let special = self.special;
        Some(match relief(rules, self.q) {
            Some((limit, formula)) if limit < o => {
                let formula = format!("外来 min({}, {formula}){special}", yen(o));
                self.amount(limit, formula, RuleId::CeilingLateElderlyRelief)
            }
            _ => self.amount(
                o,
                format!("外来 {}{special}", yen(o)),
                RuleId::CeilingMonthlyLimits,
            ),
        })
    }

    // ceiling.monthly-limits — reference/numbers-and-benefits.md §6 (MHLW leaflet 0000210991; under
    // 70 since 2015-01, 70+ since 2018-08): from the 4th qualifying month in 12 the 区分's 多数回該当
    // amount is the limit.
    /// The 多数回該当 limit; `None` for a 区分 without one.
    fn many_times(&self) -> Option<Cited<CeilingAmount>> {
        let m = self.c.many_times? / self.div;
        let formula = format!("{}多数回該当 {}{}", self.head(), yen(m), self.special);
        Some(self.amount(m, formula, RuleId::CeilingMonthlyLimits))
    }

    // ceiling.monthly-limits — reference/numbers-and-benefits.md §6 (MHLW leaflet 0000210991; under
    // 70 since 2015-01, 70+ since 2018-08): `base + (医療費 − threshold) × 1%`, the 1% term rounded
    // half up to the yen, e.g. 区分ウ 80,100 + (医療費 − 267,000) × 1% (85,800 + … from service month
    // 2026-08, the next row); a flat `base` where the 区分 has no threshold.
    /// The monthly formula of the 区分.
    fn formula(&self) -> Result<Cited<CeilingAmount>, CeilingError> {
        // A group without its monthly limit lists it as not stated (checked on load).
        let base = self
            .c
            .base
            .ok_or_else(|| self.not_stated(CeilingFigure::Base))?
            / self.div;
        let (head, special, cost) = (self.head(), self.special, self.q.medical_cost);
        let (limit, formula) = match self.c.threshold {
            Some(t) => {
                let t = t / self.div;
                let extra = percent_of(cost.saturating_sub(t), 1);
                let formula = format!(
                    "{head}{} + ({} − {}) × 1%{special}",
                    yen(base),
                    yen(cost),
                    yen(t)
                );
                (base.saturating_add(extra), formula)
            }
            None => (base, format!("{head}{}{special}", yen(base))),
        };
        Ok(self.amount(limit, formula, RuleId::CeilingMonthlyLimits))
    }
}

// ceiling.late-elderly-relief — reference/numbers-and-benefits.md §5 「後期 2割 配慮措置」 (福井県後期高齢者医療広域連合
// 2025-09 notice; myclinic-ts gendogaku.ts 一般Ⅱ): from 2022-10-01 to 2025-09-30 the 外来 month of a 2割
// 後期高齢者 (一般Ⅱ) cost at most 1割 + 3,000円: `6,000 + (医療費 − 30,000) × 10%`, never more than the 外来
// limit.
/// The 配慮措置 amount of an outpatient month of a 区分 it covers, with its formula.
fn relief(rules: &RuleSet, q: &CeilingQuery) -> Option<(u64, String)> {
    let p = rules.param(key::CeilingLateElderlyRelief, q.month)?;
    if !matches(&p.labels, &p.codes, q.category.trim()) {
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
