//! Continuity of the rule table (ルール表の網羅性): which rules the engine needs on every day, how
//! far ahead a table vouches for its rows (its horizon), and the holes its rows leave.
//!
//! A table is held to one invariant on load: a rule the engine needs on every day
//! ([`Continuity::Continuous`]) has a row in force on every day from its first row to the table's
//! horizon. A table breaking it is refused ([`RuleError::Gap`]), so a decision never answers a
//! copay "unknown" because the table has a hole; the audit lists every hole instead
//! ([`RuleSet::audit_json`]).

use chrono::NaiveDate;

use crate::calendar::{add_months, sub_months};
use crate::error::RuleError;
use crate::policy::rules::{REVIEW_ALERT_MONTHS, RowEnd, RowStatus, Rule, RuleId, RuleSet};

/// How a rule's rows must cover the calendar, declared beside each id in the `rule_ids!` table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Continuity {
    /// The engine reads the rule on every day from its first row on, and a day without a row gives
    /// a wrong or unknown answer (a copay "unknown", no grace period). Its rows in force must cover
    /// every day from its first row to the table's horizon; such a rule never ends for good, so a
    /// `final` end does not excuse a hole.
    Continuous,
    /// A day without a row is itself an answer: a temporary measure, a provisional arrangement or a
    /// payment window not in force, or 高額療養費 limits the engine reports as missing
    /// (`ceiling_table_missing`). A hole after a row awaiting a successor is a gap for the audit on
    /// the days it covers; a load never refuses it.
    Dated,
}

/// What a load does with a hole in a rule needed on every day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Holes {
    /// Refuse the table ([`RuleError::Gap`]): every table a decision uses.
    Refuse,
    /// Keep the table so the audit can list every hole: [`RuleSet::audit_json`] only.
    Report,
}

/// A stretch of days without a row of one rule, after a row of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Hole {
    /// The last day of the row before it.
    pub(crate) ended: NaiveDate,
    /// What that row said follows it.
    pub(crate) ends: RowEnd,
    /// The first day without a row.
    pub(crate) first: NaiveDate,
    /// The last day without a row; none when no row follows.
    pub(crate) last: Option<NaiveDate>,
}

impl Hole {
    /// Whether the hole is a gap in rule `id`: always for a rule needed every day, and for a dated
    /// rule when the row before it awaits a successor.
    pub(crate) fn is_gap(&self, id: RuleId) -> bool {
        id.continuity() == Continuity::Continuous || self.ends == RowEnd::Successor
    }

    /// Whether `date` is one of its days.
    pub(crate) fn contains(&self, date: NaiveDate) -> bool {
        self.first <= date && self.last.is_none_or(|l| date <= l)
    }
}

/// The holes between `rows`, rows of one rule that do not overlap (a table's validation sees to
/// that), in date order. Days before the first row are no hole: the rule did not exist yet.
pub(crate) fn holes<'a>(rows: impl IntoIterator<Item = &'a Rule>) -> Vec<Hole> {
    let mut rows: Vec<&Rule> = rows.into_iter().collect();
    rows.sort_by_key(|r| r.from);
    let mut out = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        // An open-ended row is the last one; a row ending on the last representable day leaves
        // nothing after it.
        let Some(until) = row.until else {
            continue;
        };
        let Some(first) = until.succ_opt() else {
            continue;
        };
        let next = rows.get(i + 1).map(|n| n.from);
        if next.is_some_and(|n| n <= first) {
            continue;
        }
        out.push(Hole {
            ended: until,
            ends: row.ends,
            first,
            last: next.and_then(|n| n.pred_opt()),
        });
    }
    out
}

/// Refuses a table whose rows in force leave a hole, on or before its horizon, in a rule the
/// engine needs on every day.
pub(crate) fn check_coverage(set: &RuleSet) -> Result<(), RuleError> {
    let horizon = set.horizon();
    for id in RuleId::ALL {
        if id.continuity() != Continuity::Continuous {
            continue;
        }
        let rows = set
            .rules()
            .iter()
            .filter(|r| r.id == *id && r.status == RowStatus::InForce);
        if let Some(hole) = holes(rows).into_iter().find(|h| h.first <= horizon) {
            return Err(RuleError::Gap {
                id: id.as_str().to_owned(),
                first: hole.first,
                last: hole.last,
                horizon,
            });
        }
    }
    Ok(())
}

/// How far from its anchor a table's review date may lie (months).
const REVIEW_BOUND_MONTHS: u32 = 24;

/// Holds a table's `reviewed` date within two years of the table's own date: the date its
/// `version` names (`2026.11.30` or `2026-11-30`, alone or followed by a suffix such as
/// `2026.11.30-local`), else the first day of its newest row (a review a little after the
/// newest row is normal, one long before it is not bounded). A review date far off (a typo such
/// as 2999) would move the horizon out of reach and silence the review alert.
pub(crate) fn check_reviewed(
    reviewed: Option<NaiveDate>,
    version: &str,
    rules: &[Rule],
) -> Result<(), RuleError> {
    let Some(reviewed) = reviewed else {
        return Ok(());
    };
    let (basis, earliest) = match version_date(version) {
        Some(date) => (date, Some(sub_months(date, REVIEW_BOUND_MONTHS))),
        None => match rules.iter().map(|r| r.from).max() {
            Some(newest) => (newest, None),
            None => return Ok(()),
        },
    };
    let latest = add_months(basis, REVIEW_BOUND_MONTHS);
    if reviewed > latest || earliest.is_some_and(|e| reviewed < e) {
        return Err(RuleError::ReviewDate {
            reviewed,
            basis,
            earliest,
            latest,
        });
    }
    Ok(())
}

/// The date a version string begins with (`2026.11.30`, `2026-11-30`), when it is one.
fn version_date(version: &str) -> Option<NaiveDate> {
    let version = version.trim();
    let head = version.get(..10)?;
    let rest = version.get(10..)?;
    if rest.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    NaiveDate::parse_from_str(&head.replace('.', "-"), "%Y-%m-%d").ok()
}

impl RuleSet {
    /// The last day this table vouches for (its horizon): [`REVIEW_ALERT_MONTHS`] months after its
    /// review date, the last day a decision carries no review alert; for a table without a review
    /// date, the first day of its newest row in force.
    ///
    /// A rule the engine needs on every day must have a row in force on every day from its first
    /// row to the horizon, or the table is refused ([`RuleError::Gap`]); the audit lists every such
    /// hole.
    ///
    /// # Example
    /// ```
    /// use onshi::RuleSet;
    /// let rules = RuleSet::builtin();
    /// assert_eq!(rules.reviewed().unwrap().to_string(), "2026-12-07");
    /// assert_eq!(rules.horizon().to_string(), "2027-06-07");
    /// // Not the review date itself, nor a year later.
    /// assert_ne!(rules.horizon(), rules.reviewed().unwrap());
    /// ```
    pub fn horizon(&self) -> NaiveDate {
        match self.reviewed() {
            Some(reviewed) => add_months(reviewed, REVIEW_ALERT_MONTHS),
            None => self
                .rules()
                .iter()
                .filter(|r| r.status == RowStatus::InForce)
                .map(|r| r.from)
                .max()
                .unwrap_or(NaiveDate::MIN),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_version_names_a_date_only_when_it_begins_with_one() {
        assert_eq!(version_date("2026.11.30"), Some(d("2026-11-30")));
        assert_eq!(version_date("2026-11-30+local"), Some(d("2026-11-30")));
        assert_eq!(version_date("2026.11.301"), None);
        assert_eq!(version_date("local-1"), None);
        assert_eq!(version_date("2026.13.01"), None);
        assert_eq!(version_date("日本語のバージョン名"), None);
    }

    #[test]
    fn holes_lie_between_rows_and_after_the_last_one() {
        let set = RuleSet::builtin();
        let row = |from: &str, until: Option<&str>| {
            let mut r = set.rules()[0].clone();
            r.from = d(from);
            r.until = until.map(d);
            r
        };
        let rows = [
            row("2020-01-01", Some("2020-12-31")),
            row("2021-01-01", Some("2021-06-30")),
            row("2021-08-01", Some("2021-12-31")),
        ];
        let found = holes(&rows);
        assert_eq!(
            found.iter().map(|h| (h.first, h.last)).collect::<Vec<_>>(),
            [
                (d("2021-07-01"), Some(d("2021-07-31"))),
                (d("2022-01-01"), None)
            ]
        );
        assert_eq!(found[0].ended, d("2021-06-30"));
        assert!(holes(&[row("2020-01-01", None)]).is_empty());
    }
}
