//! The usual copay ratio by age (一部負担金割合), used when no document or online result states it —
//! notably on the 被保険者資格申立書 route, where the patient pays the usual ratio and never 10割.
//!
//! Ages and ratios come from the `copay.by-age` rule row. Boundaries: reference/numbers-and-benefits.md §5 (健康保険法74条, 高齢者医療確保法; 「N歳に達する日」
//! is the day before the N-th birthday, Feb-29 births reach it on Feb 28).

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::calendar::add_months;
use crate::policy::rules::key;
use crate::policy::rules::{CopayParams, RuleSet};
use crate::vocabulary;

vocabulary! {
    /// The age band that sets the usual ratio (年齢区分).
    ///
    /// # Example
    /// ```
    /// use onshi::benefits::{age_band, AgeBand};
    /// use onshi::RuleSet;
    /// let rules = RuleSet::builtin();
    /// let d = |s: &str| s.parse().unwrap();
    /// assert_eq!(age_band(&rules, d("1956-06-15"), d("2026-06-30")), Some(AgeBand::General));
    /// assert_eq!(age_band(&rules, d("1956-06-15"), d("2026-07-01")), Some(AgeBand::Elderly));
    /// ```
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum AgeBand {
        /// 未就学: until the first 31 March after reaching 6 — 2割.
        Preschool = "preschool", "未就学児", "preschool child";
        /// 6 to 69 — 3割.
        General = "general", "6〜69歳", "aged 6–69";
        /// 70–74, from the month after reaching 70 — 2割 (3割 with 現役並み所得).
        Elderly = "elderly", "70〜74歳", "aged 70–74";
        /// 後期高齢者, from the 75th birthday — 1, 2 or 3割 by income (not derivable from age).
        LateElderly = "late_elderly", "後期高齢者（75歳以上、所得により1〜3割）", "後期高齢者 (75+, 1–3割 by income)";
    }
}

/// The day a person born on `birth` "reaches" age `years` (N歳に達する日): the day before the
/// birthday (民法143条2項 by 年齢計算ニ関スル法律), Feb-29 births on Feb 28 (no such day in the
/// year: the end of the month), Mar-1 births on Feb 29 in a leap year.
pub(crate) fn reaches_age(birth: NaiveDate, years: u32) -> NaiveDate {
    let year = i32::try_from(years)
        .ok()
        .and_then(|y| birth.year().checked_add(y));
    match year.and_then(|y| NaiveDate::from_ymd_opt(y, birth.month(), birth.day())) {
        Some(birthday) => birthday.pred_opt().unwrap_or(birthday),
        // Born on 29 February, a common year: the end of February.
        None => add_months(birth.pred_opt().unwrap_or(birth), years * 12),
    }
}

/// The first day a person born on `birth` is `years` old or more (the birthday; a Feb-29 birthday
/// falls on Mar 1 in other years).
pub(crate) fn birthday(birth: NaiveDate, years: u32) -> NaiveDate {
    reaches_age(birth, years)
        .succ_opt()
        .unwrap_or(NaiveDate::MAX)
}

/// The age band on `date` for a person born on `birth`, under the `copay.by-age` rule in effect;
/// `None` when no such rule applies on that date.
///
/// # Example
/// ```
/// use onshi::benefits::{age_band, AgeBand};
/// use onshi::RuleSet;
/// let rules = RuleSet::builtin();
/// let d = |s: &str| s.parse().unwrap();
/// // April-1 births leave 未就学 a year "early" (reference/numbers-and-benefits.md §5).
/// assert_eq!(age_band(&rules, d("2019-04-01"), d("2025-03-31")), Some(AgeBand::Preschool));
/// assert_eq!(age_band(&rules, d("2019-04-01"), d("2025-04-01")), Some(AgeBand::General));
/// assert_eq!(age_band(&rules, d("1950-01-01"), d("2014-03-31")), None); // before the rule
/// ```
pub fn age_band(rules: &RuleSet, birth: NaiveDate, date: NaiveDate) -> Option<AgeBand> {
    rules
        .param(key::CopayByAge, date)
        .map(|p| band_with(p, birth, date))
}

fn band_with(p: &CopayParams, birth: NaiveDate, date: NaiveDate) -> AgeBand {
    if date >= birthday(birth, p.late_elderly_age) {
        return AgeBand::LateElderly;
    }
    let t70 = reaches_age(birth, p.elderly_age);
    let elderly_from = add_months(
        NaiveDate::from_ymd_opt(t70.year(), t70.month(), 1).unwrap_or(t70),
        1,
    );
    if date >= elderly_from {
        return AgeBand::Elderly;
    }
    let t6 = reaches_age(birth, p.preschool_age);
    let march = NaiveDate::from_ymd_opt(t6.year(), 3, 31).unwrap_or(t6);
    let preschool_end = if t6 <= march {
        march
    } else {
        NaiveDate::from_ymd_opt(t6.year() + 1, 3, 31).unwrap_or(t6)
    };
    if date <= preschool_end {
        AgeBand::Preschool
    } else {
        AgeBand::General
    }
}

/// The usual ratio in percent for `band` on `date`, when age alone (plus the 現役並み flag) decides it.
///
/// # Example
/// ```
/// use onshi::benefits::{usual_percent, AgeBand};
/// use onshi::RuleSet;
/// let rules = RuleSet::builtin();
/// let d = "2026-01-15".parse().unwrap();
/// assert_eq!(usual_percent(&rules, d, AgeBand::Preschool, false), Some(20));
/// assert_eq!(usual_percent(&rules, d, AgeBand::Elderly, true), Some(30));
/// assert_eq!(usual_percent(&rules, d, AgeBand::LateElderly, false), None); // 1, 2 or 3割 by income
/// ```
pub fn usual_percent(
    rules: &RuleSet,
    date: NaiveDate,
    band: AgeBand,
    high_income: bool,
) -> Option<u8> {
    let p = rules.param(key::CopayByAge, date)?;
    match band {
        AgeBand::Preschool => Some(p.preschool_percent),
        AgeBand::General => Some(p.general_percent),
        AgeBand::Elderly if high_income => Some(p.elderly_high_income_percent),
        AgeBand::Elderly => Some(p.elderly_percent),
        AgeBand::LateElderly => None,
    }
}

// copay.by-age — reference/numbers-and-benefits.md §5 (健康保険法74条1項, 国保法42条, 高齢者医療確保法50条・67条): 3割, 2割
// until the first 31 March after reaching 6 (未就学), 2割 (3割 with 現役並み所得) from the month after
// reaching 70, and the 後期高齢者 ratio by income from the 75th birthday.
/// The usual ratio in percent for a patient born on `birth`, on `date`: [`age_band`], then
/// [`usual_percent`]. `None` before the rule or for 後期高齢者 (whose ratio depends on income).
///
/// # Example
/// ```
/// use onshi::benefits::usual_copay_percent;
/// use onshi::RuleSet;
/// let rules = RuleSet::builtin();
/// let d = |s: &str| s.parse().unwrap();
/// assert_eq!(usual_copay_percent(&rules, d("1980-05-01"), d("2026-01-15"), false), Some(30));
/// assert_eq!(usual_copay_percent(&rules, d("1954-05-01"), d("2026-01-15"), true), Some(30));
/// assert_eq!(usual_copay_percent(&rules, d("1940-05-01"), d("2026-01-15"), false), None);
/// ```
pub fn usual_copay_percent(
    rules: &RuleSet,
    birth: NaiveDate,
    date: NaiveDate,
    high_income: bool,
) -> Option<u8> {
    usual_percent(rules, date, age_band(rules, birth, date)?, high_income)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn worked_examples_from_the_reference() {
        // reference/numbers-and-benefits.md §5, "Worked examples".
        let rules = RuleSet::builtin();
        let cases = [
            ("2019-04-01", "2025-03-31", AgeBand::Preschool),
            ("2019-04-01", "2025-04-01", AgeBand::General),
            ("2019-04-02", "2026-03-31", AgeBand::Preschool),
            ("2020-02-29", "2026-03-31", AgeBand::Preschool),
            ("1956-06-15", "2026-06-30", AgeBand::General),
            ("1956-06-15", "2026-07-01", AgeBand::Elderly),
            ("1956-07-01", "2026-07-01", AgeBand::Elderly),
            ("1956-01-01", "2026-01-01", AgeBand::Elderly),
            ("1956-02-29", "2026-03-01", AgeBand::Elderly),
            ("1951-08-20", "2026-08-19", AgeBand::Elderly),
            ("1951-08-20", "2026-08-20", AgeBand::LateElderly),
            ("1952-02-29", "2027-02-28", AgeBand::Elderly),
            ("1952-02-29", "2027-03-01", AgeBand::LateElderly),
        ];
        for (birth, date, band) in cases {
            assert_eq!(
                age_band(&rules, d(birth), d(date)),
                Some(band),
                "{birth} on {date}"
            );
        }
        let day = d("2026-01-01");
        assert_eq!(usual_percent(&rules, day, AgeBand::Elderly, true), Some(30));
        assert_eq!(
            usual_percent(&rules, day, AgeBand::LateElderly, false),
            None
        );
    }
}
