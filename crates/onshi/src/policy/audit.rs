//! The staleness audit (ルール表の点検): what a rule table lacks on a day, found before a patient is
//! at the desk.
//!
//! Rules change by notice. A table that was right when it was written goes quietly wrong when a row
//! ends and its successor was never added: every question for the new period answers "no table".
//! [`RuleSet::audit`] lists the gaps (the audit fails): for a day, the rule families that had a row
//! in force before it and have none on it; and, for the rules the engine needs on every day, every
//! hole from their first row to the table's [horizon](RuleSet::horizon), whatever the day audited.
//! It warns of a cliff: a rule family whose last row in force ends within [`CLIFF_WARNING_DAYS`]
//! days with only a planned row after it (the 2026-08 高額療養費 months went four months without a
//! table that way). It also lists rows ending soon with nothing after them, planned rows, rows
//! resting on reported facts, and a review date that is too old.
//!
//! A table with a hole in a rule needed every day is refused on load ([`RuleError::Gap`]), so only
//! [`RuleSet::audit_json`], which audits a table as written, shows such holes as findings.

use chrono::NaiveDate;
use serde::Serialize;

use super::coverage::{Continuity, Holes, holes};
use crate::error::RuleError;
use crate::policy::rules::{
    Certainty, PlannedRows, REVIEW_ALERT_MONTHS, RowEnd, RowStatus, Rule, RuleId, RuleSet,
};
use crate::vocabulary::Text;
use crate::vocabulary::kinds;

/// Rows ending within this many days of the audit day with no successor are listed.
///
/// # Example
/// ```
/// assert_eq!(onshi::policy::ENDING_SOON_DAYS, 90);
/// ```
pub const ENDING_SOON_DAYS: u32 = 90;

/// A rule family's last row in force ending within this many days of the audit day, with only a
/// planned row after it, is a cliff the audit warns of ([`AuditFinding::Cliff`]).
///
/// # Example
/// ```
/// assert_eq!(onshi::policy::CLIFF_WARNING_DAYS, 120);
/// ```
pub const CLIFF_WARNING_DAYS: u32 = 120;

kinds! {
    /// One thing the audit found (点検結果).
    ///
    /// # Example
    /// ```
    /// use onshi::policy::AuditFinding;
    /// use onshi::RuleSet;
    /// let audit = RuleSet::builtin().audit("2026-11-30".parse().unwrap());
    /// assert!(audit.findings.iter().any(|f| matches!(f, AuditFinding::Planned { .. })));
    /// ```
    #[derive(Clone, Debug, PartialEq, Eq, Serialize)]
    #[serde(tag = "kind")]
    #[non_exhaustive]
    pub enum AuditFinding {
        /// Days without a row of a rule that had one before them, and whose row before them does not
        /// end for good (a rule needed on every day never does): questions for those days get no
        /// answer (e.g. "no table" for 高額療養費). Listed when the day audited falls in it, and for a
        /// rule needed on every day when it starts on or before the table's horizon.
        Gap = "gap" {
            /// The rule.
            id: RuleId,
            /// The last day of the row before the hole.
            ended: NaiveDate,
            /// The first day without a row (the day after `ended`).
            first: NaiveDate,
            /// The last day without a row; none when no row follows.
            #[serde(skip_serializing_if = "Option::is_none")]
            last: Option<NaiveDate>,
            /// The first day of a planned row that covers the day audited (or, for a hole that does
            /// not hold that day, the hole's first day), when there is one.
            #[serde(skip_serializing_if = "Option::is_none")]
            planned_from: Option<NaiveDate>,
        },
        /// A warning: the row in force on the day is the rule's last one in force, it ends within
        /// [`CLIFF_WARNING_DAYS`] days, and only a planned row follows it. Decisions never use a planned
        /// row, so from the day after `until` questions get no answer unless the successor is put in
        /// force (a newer onshi, or an overlay row once the notice appears). Listed instead of
        /// [`AuditFinding::EndingSoon`] for that rule.
        Cliff = "cliff" {
            /// The rule.
            id: RuleId,
            /// The last day in force.
            until: NaiveDate,
            /// The first day of the planned row that follows.
            planned_from: NaiveDate,
        },
        /// A row in force on the day ends within [`ENDING_SOON_DAYS`] days and no row follows it.
        EndingSoon = "ending_soon" {
            /// The rule.
            id: RuleId,
            /// Its last day.
            until: NaiveDate,
            /// The rule ends for good then (a measure not extended), rather than awaiting a successor.
            final_end: bool,
        },
        /// A planned row: shown, used by no decision unless planned rows are applied.
        Planned = "planned" {
            /// The rule.
            id: RuleId,
            /// First day.
            from: NaiveDate,
            /// Last day, if any.
            #[serde(skip_serializing_if = "Option::is_none")]
            until: Option<NaiveDate>,
        },
        /// A row in force on the day or later that rests on reported facts only.
        Reported = "reported" {
            /// The rule.
            id: RuleId,
            /// First day.
            from: NaiveDate,
            /// Last day, if any.
            #[serde(skip_serializing_if = "Option::is_none")]
            until: Option<NaiveDate>,
        },
        /// The table was reviewed more than [`REVIEW_ALERT_MONTHS`] months before the day.
        ReviewOverdue = "review_overdue" {
            /// The review date.
            reviewed: NaiveDate,
        },
    }
}

impl AuditFinding {
    /// The stable slug (`gap`, `cliff`, `ending_soon`, `planned`, `reported`, `review_overdue`).
    ///
    /// # Example
    /// ```
    /// let f = onshi::policy::AuditFinding::ReviewOverdue { reviewed: "2026-11-30".parse().unwrap() };
    /// assert_eq!(f.kind(), "review_overdue");
    /// ```
    pub fn kind(&self) -> &'static str {
        crate::vocabulary::Kinds::kind(self)
    }

    /// The rule concerned, when the finding is about one.
    ///
    /// # Example
    /// ```
    /// let f = onshi::policy::AuditFinding::ReviewOverdue { reviewed: "2026-11-30".parse().unwrap() };
    /// assert_eq!(f.rule(), None);
    /// ```
    pub fn rule(&self) -> Option<RuleId> {
        match self {
            AuditFinding::Gap { id, .. }
            | AuditFinding::Cliff { id, .. }
            | AuditFinding::EndingSoon { id, .. }
            | AuditFinding::Planned { id, .. }
            | AuditFinding::Reported { id, .. } => Some(*id),
            AuditFinding::ReviewOverdue { .. } => None,
        }
    }

    /// What it means and what to do, in Japanese and English.
    ///
    /// # Example
    /// ```
    /// use onshi::policy::{AuditFinding, RuleId};
    /// use onshi::Lang;
    /// let f = AuditFinding::Gap { id: RuleId::CeilingMonthlyLimits, ended: "2026-07-31".parse().unwrap(),
    ///     first: "2026-08-01".parse().unwrap(), last: None, planned_from: None };
    /// assert!(f.words().get(Lang::En).contains("2026-07-31"));
    /// let hole = AuditFinding::Gap { id: RuleId::CopayByAge, ended: "2026-05-30".parse().unwrap(),
    ///     first: "2026-05-31".parse().unwrap(), last: Some("2026-05-31".parse().unwrap()), planned_from: None };
    /// assert!(hole.words().get(Lang::En).contains("no row from 2026-05-31 to 2026-05-31"));
    /// ```
    pub fn words(&self) -> Text {
        let span = |from: &NaiveDate, until: &Option<NaiveDate>| match until {
            Some(u) => format!("{from} – {u}"),
            None => format!("{from} –"),
        };
        match self {
            AuditFinding::Gap {
                id,
                ended,
                first,
                last,
                planned_from,
            } => gap_text(*id, *ended, *first, *last, *planned_from),
            AuditFinding::Cliff {
                id,
                until,
                planned_from,
            } => Text::new(
                format!(
                    "{id}: 施行中の最後の行が{until}で終わり、その後は予定行（{planned_from}から）しかありません。予定行は判断に使われないため、このままでは{planned_from}以降の判断に答えがありません。告示・政令を確認し、出たらonshiを更新するか上書き表で施行中の行を追加してください"
                ),
                format!(
                    "{id}: its last row in force ends on {until} and only a planned row follows (from {planned_from}): a cliff. Decisions never use planned rows, so questions from {planned_from} on will get no answer; watch for the notice, then update onshi or add the row in force in an overlay"
                ),
            ),
            AuditFinding::EndingSoon {
                id,
                until,
                final_end,
            } => ending_text(*id, *until, *final_end),
            AuditFinding::Planned { id, from, until } => Text::new(
                format!(
                    "{id}: 予定行（{}）。予定行を有効にしない限り判断には使われません",
                    span(from, until)
                ),
                format!(
                    "{id}: planned row ({}); no decision uses it unless planned rows are applied",
                    span(from, until)
                ),
            ),
            AuditFinding::Reported { id, from, until } => Text::new(
                format!(
                    "{id}: 報道のみに基づく行（{}）。一次資料で確認してください",
                    span(from, until)
                ),
                format!(
                    "{id}: row resting on reported facts only ({}); check it against a primary text",
                    span(from, until)
                ),
            ),
            AuditFinding::ReviewOverdue { reviewed } => Text::new(
                format!(
                    "ルール表の最終確認日は{reviewed}です（{REVIEW_ALERT_MONTHS}か月超前）。onshiを更新するか、上書き表で最新の告示を反映してください"
                ),
                format!(
                    "The rule table was last reviewed on {reviewed}, more than {REVIEW_ALERT_MONTHS} months before; update onshi or add the latest notices in an overlay"
                ),
            ),
        }
    }
}

/// The words of a gap: a rule needed every day without a row from `first` (to `last`, or on).
fn gap_text(
    id: RuleId,
    ended: NaiveDate,
    first: NaiveDate,
    last: Option<NaiveDate>,
    planned_from: Option<NaiveDate>,
) -> Text {
    let (ja_more, en_more) = match planned_from {
        Some(p) => (
            format!("（{p}からの予定行あり：適用するには予定行を有効にしてください）"),
            format!(" (a planned row from {p} covers it: apply planned rows to use it)"),
        ),
        None => (String::new(), String::new()),
    };
    match last {
        None => Text::new(
            format!(
                "{id}: {ended}で終わり、後継の行がありません。{first}以降の判断に使えません。onshiを更新するか、上書き表で行を追加してください{ja_more}"
            ),
            format!(
                "{id}: its last row ended on {ended} and nothing follows; questions from {first} on get no answer. Update onshi or add the row in an overlay{en_more}"
            ),
        ),
        Some(last) => Text::new(
            format!(
                "{id}: {first}から{last}まで行がありません（{ended}で終わる行の後）。この期間の判断に使えません。onshiを更新するか、上書き表で行を追加してください{ja_more}"
            ),
            format!(
                "{id}: no row from {first} to {last} (after the row ending {ended}); questions for those days get no answer. Update onshi or add the row in an overlay{en_more}"
            ),
        ),
    }
}

/// The words of a rule ending soon, for good or waiting for its next row.
fn ending_text(id: RuleId, until: NaiveDate, final_end: bool) -> Text {
    if final_end {
        Text::new(
            format!("{id}: {until}で終了します（延長なし）"),
            format!("{id}: ends for good on {until}"),
        )
    } else {
        Text::new(
            format!("{id}: {until}で終わり、後継の行がまだありません。告示を確認してください"),
            format!("{id}: ends on {until} and no row follows yet; check for the notice"),
        )
    }
}

/// Rule `id` ending within [`ENDING_SOON_DAYS`] of `on` with no row (of `rows`) after it.
fn ending_soon(id: RuleId, rows: &[&Rule], on: NaiveDate) -> Option<AuditFinding> {
    let row = rows.iter().find(|r| r.applies_on(on))?;
    let until = row.until?;
    let soon = until.signed_duration_since(on).num_days() < i64::from(ENDING_SOON_DAYS);
    let followed = rows
        .iter()
        .any(|r| until.succ_opt().is_some_and(|next| r.applies_on(next)));
    (soon && !followed).then_some(AuditFinding::EndingSoon {
        id,
        until,
        final_end: row.ends == RowEnd::Final,
    })
}

/// The audit of a rule table on a day (ルール表の点検結果).
///
/// In JSON it also carries `gap` ([`RuleAudit::has_gap`]) and each finding's `text` (ja/en), so
/// every language prints the same words.
///
/// # Example
/// ```
/// use onshi::RuleSet;
/// let audit = RuleSet::builtin().audit("2026-11-30".parse().unwrap());
/// assert!(!audit.has_gap());
/// assert_eq!(audit.reviewed.unwrap().to_string(), "2026-12-07");
/// assert_eq!(audit.horizon.to_string(), "2027-06-07");
/// let json = serde_json::to_value(&audit).unwrap();
/// assert_eq!(json["gap"], false);
/// assert_eq!(json["horizon"], "2027-06-07");
/// assert!(json["findings"][0]["text"]["en"].is_string());
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleAudit {
    /// The day audited.
    pub on: NaiveDate,
    /// The table's version.
    pub version: String,
    /// The table's review date.
    pub reviewed: Option<NaiveDate>,
    /// The table's horizon ([`RuleSet::horizon`]): holes in rules needed every day are looked for
    /// up to it.
    pub horizon: NaiveDate,
    /// Whether planned rows were applied.
    pub planned_rows: PlannedRows,
    /// What was found, gaps first.
    pub findings: Vec<AuditFinding>,
}

impl Serialize for RuleAudit {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Finding<'a> {
            #[serde(flatten)]
            finding: &'a AuditFinding,
            text: Text,
        }
        #[derive(Serialize)]
        struct Out<'a> {
            on: NaiveDate,
            version: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            reviewed: Option<NaiveDate>,
            horizon: NaiveDate,
            planned_rows: PlannedRows,
            gap: bool,
            findings: Vec<Finding<'a>>,
        }
        Out {
            on: self.on,
            version: &self.version,
            reviewed: self.reviewed,
            horizon: self.horizon,
            planned_rows: self.planned_rows,
            gap: self.has_gap(),
            findings: self
                .findings
                .iter()
                .map(|finding| Finding {
                    finding,
                    text: finding.words(),
                })
                .collect(),
        }
        .serialize(s)
    }
}

impl RuleAudit {
    /// Whether a rule family has a gap: no row on the day although it had one before, or a hole
    /// before the horizon in a rule needed every day. The table cannot answer some questions.
    ///
    /// # Example
    /// ```
    /// let rules = onshi::RuleSet::builtin();
    /// assert!(!rules.audit("2026-11-30".parse().unwrap()).has_gap());
    /// assert!(rules.audit("2018-07-01".parse().unwrap()).findings.iter().all(|f| f.kind() != "gap"));
    /// ```
    pub fn has_gap(&self) -> bool {
        self.findings
            .iter()
            .any(|f| matches!(f, AuditFinding::Gap { .. }))
    }
}

impl RuleSet {
    /// Audits the table for `on`: gaps, cliffs (a last row in force ending within
    /// [`CLIFF_WARNING_DAYS`] days with only a planned row after it), rows ending within
    /// [`ENDING_SOON_DAYS`] days with no successor, planned rows, rows resting on reported facts,
    /// and an overdue review.
    ///
    /// # Example
    /// ```
    /// use onshi::policy::{AuditFinding, RuleId};
    /// use onshi::RuleSet;
    /// // A table whose 高額療養費 rows stop at 2026-07-31 cannot answer for 2026-11.
    /// let mut table: serde_json::Value = serde_json::from_str(onshi::policy::BUILTIN_RULES_JSON).unwrap();
    /// table["rules"].as_array_mut().unwrap()
    ///     .retain(|r| !(r["id"] == "ceiling.monthly-limits" && r["from"] == "2026-08-01"));
    /// let old = RuleSet::from_json(&table.to_string()).unwrap();
    /// let audit = old.audit("2026-11-30".parse().unwrap());
    /// assert!(audit.has_gap());
    /// assert!(audit.findings.iter().any(|f| f.rule() == Some(RuleId::CeilingMonthlyLimits)));
    ///
    /// // The built-in 高額療養費 rows in force end on 2027-07-31, only a planned row after them.
    /// let cliff = AuditFinding::Cliff { id: RuleId::CeilingMonthlyLimits,
    ///     until: "2027-07-31".parse().unwrap(), planned_from: "2027-08-01".parse().unwrap() };
    /// let rules = RuleSet::builtin();
    /// assert!(rules.audit("2027-04-15".parse().unwrap()).findings.contains(&cliff));
    /// assert!(!rules.audit("2027-04-01".parse().unwrap()).findings.contains(&cliff)); // 121 days before
    /// ```
    pub fn audit(&self, on: NaiveDate) -> RuleAudit {
        let horizon = self.horizon();
        let mut gaps = Vec::new();
        let mut others = Vec::new();
        for id in RuleId::ALL {
            let rows: Vec<_> = self
                .rules()
                .iter()
                .filter(|r| r.id == *id && self.uses(r))
                .collect();
            gaps.extend(self.gaps(*id, &rows, on, horizon));
            if let Some(cliff) = self.cliff(*id, on) {
                others.push(cliff);
            } else if let Some(ending) = ending_soon(*id, &rows, on) {
                others.push(ending);
            }
        }
        for r in self.rules() {
            let current = r.until.is_none_or(|u| u >= on);
            if r.status == RowStatus::Planned && current {
                others.push(AuditFinding::Planned {
                    id: r.id,
                    from: r.from,
                    until: r.until,
                });
            }
            if r.certainty == Certainty::Reported && current && self.uses(r) {
                others.push(AuditFinding::Reported {
                    id: r.id,
                    from: r.from,
                    until: r.until,
                });
            }
        }
        if let Some(reviewed) = self.review_overdue(on) {
            others.push(AuditFinding::ReviewOverdue { reviewed });
        }
        gaps.extend(others);
        RuleAudit {
            on,
            version: self.version().to_owned(),
            reviewed: self.reviewed(),
            horizon,
            planned_rows: self.planned_rows(),
            findings: gaps,
        }
    }

    /// The holes in rule `id`'s rows (`rows`) to report on `on`: the hole of that day, and for a
    /// rule needed every day, every hole up to the table's horizon.
    fn gaps(
        &self,
        id: RuleId,
        rows: &[&Rule],
        on: NaiveDate,
        horizon: NaiveDate,
    ) -> Vec<AuditFinding> {
        let every_day = id.continuity() == Continuity::Continuous;
        let mut gaps = Vec::new();
        for hole in holes(rows.iter().copied()) {
            let holds_on = hole.contains(on);
            let vouched = every_day && hole.first <= horizon;
            if !hole.is_gap(id) || !(holds_on || vouched) {
                continue;
            }
            let shown_day = if holds_on { on } else { hole.first };
            let planned_from = self
                .rules()
                .iter()
                .find(|r| r.id == id && r.status == RowStatus::Planned && r.applies_on(shown_day))
                .map(|r| r.from);
            gaps.push(AuditFinding::Gap {
                id,
                ended: hole.ended,
                first: hole.first,
                last: hole.last,
                planned_from,
            });
        }
        gaps
    }

    /// The cliff of rule `id` seen from `on`: the row in force on `on` is the rule's last one in
    /// force, ends within [`CLIFF_WARNING_DAYS`] days, and a planned row covers the day after it.
    /// In-force rows only, whether or not this set applies planned rows: decisions in production
    /// never do.
    fn cliff(&self, id: RuleId, on: NaiveDate) -> Option<AuditFinding> {
        let in_force = |day: NaiveDate| {
            self.rules()
                .iter()
                .find(|r| r.id == id && r.status == RowStatus::InForce && r.applies_on(day))
        };
        let until = in_force(on)?.until?;
        if until.signed_duration_since(on).num_days() > i64::from(CLIFF_WARNING_DAYS) {
            return None;
        }
        let next = until.succ_opt()?;
        if in_force(next).is_some() {
            return None;
        }
        let planned = self
            .rules()
            .iter()
            .find(|r| r.id == id && r.status == RowStatus::Planned && r.applies_on(next))?;
        Some(AuditFinding::Cliff {
            id,
            until,
            planned_from: planned.from,
        })
    }

    /// Audits a table given as JSON, as written: what `onshi rules audit --rules FILE` runs. A hole
    /// in a rule needed every day, which [`RuleSet::from_json`] refuses, becomes a gap finding
    /// naming the rule and the hole's first and last day, one finding per hole; every other problem
    /// refuses the table as [`RuleSet::from_json`] does. The table is audited for `on`, with its
    /// planned rows as `planned` says.
    ///
    /// # Errors
    /// Every [`RuleError`] of [`RuleSet::from_json`] except [`RuleError::Gap`].
    ///
    /// # Example
    /// ```
    /// use onshi::policy::{AuditFinding, PlannedRows, RuleId};
    /// use onshi::RuleSet;
    /// // A complete table whose copay row stops on 2026-05-30, its successor from 2026-06-01.
    /// let mut table: serde_json::Value = serde_json::from_str(onshi::policy::BUILTIN_RULES_JSON)?;
    /// let rows = table["rules"].as_array_mut().unwrap();
    /// let i = rows.iter().position(|r| r["id"] == "copay.by-age").unwrap();
    /// let mut next = rows[i].clone();
    /// rows[i]["until"] = "2026-05-30".into();
    /// next["from"] = "2026-06-01".into();
    /// rows.push(next);
    /// let text = table.to_string();
    /// assert_eq!(RuleSet::from_json(&text).unwrap_err().kind(), onshi::error::ErrorKind::Gap);
    ///
    /// // Audited on any day, the hole is listed.
    /// let audit = RuleSet::audit_json(&text, "2026-01-01".parse()?, PlannedRows::Ignore).unwrap();
    /// assert!(audit.has_gap());
    /// let day = "2026-05-31".parse()?;
    /// assert!(audit.findings.contains(&AuditFinding::Gap { id: RuleId::CopayByAge,
    ///     ended: "2026-05-30".parse()?, first: day, last: Some(day), planned_from: None }));
    ///
    /// // Other problems still refuse the table.
    /// assert!(RuleSet::audit_json("{", day, PlannedRows::Ignore).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn audit_json(
        text: &str,
        on: NaiveDate,
        planned: PlannedRows,
    ) -> Result<RuleAudit, RuleError> {
        Ok(RuleSet::load(text, Holes::Report)?
            .with_planned_rows(planned)
            .audit(on))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::RuleError;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// The built-in table as JSON, with the rows of `id` edited.
    fn builtin_with(id: &str, edit: impl Fn(&mut serde_json::Value)) -> String {
        let mut table: serde_json::Value =
            serde_json::from_str(crate::policy::BUILTIN_RULES_JSON).unwrap();
        for row in table["rules"].as_array_mut().unwrap() {
            if row["id"] == id {
                edit(row);
            }
        }
        table.to_string()
    }

    #[test]
    fn builtin_has_no_gap_on_the_review_day() {
        let audit = RuleSet::builtin().audit(d("2026-11-30"));
        let gaps: Vec<_> = audit
            .findings
            .iter()
            .filter(|f| f.kind() == "gap")
            .collect();
        assert!(gaps.is_empty(), "{gaps:?}");
    }

    #[test]
    fn a_dated_row_ending_without_successor_is_a_gap_after_and_ending_soon_before() {
        let text = builtin_with("facility.dx-addition", |row| {
            if row["from"] == "2026-06-01" {
                row["until"] = "2027-01-31".into();
            }
        });
        let set = RuleSet::from_json(&text).unwrap();
        let before = set.audit(d("2026-12-01"));
        assert!(!before.has_gap(), "{:?}", before.findings);
        assert!(before.findings.contains(&AuditFinding::EndingSoon {
            id: RuleId::FacilityDxAddition,
            until: d("2027-01-31"),
            final_end: false
        }));
        // 92 days before: not yet listed.
        assert!(
            !set.audit(d("2026-10-31"))
                .findings
                .iter()
                .any(|f| f.kind() == "ending_soon" && f.rule() == Some(RuleId::FacilityDxAddition))
        );
        let after = set.audit(d("2027-02-01"));
        assert!(after.findings.contains(&AuditFinding::Gap {
            id: RuleId::FacilityDxAddition,
            ended: d("2027-01-31"),
            first: d("2027-02-01"),
            last: None,
            planned_from: None
        }));
    }

    #[test]
    fn a_rule_needed_every_day_is_refused_with_a_hole_before_the_horizon_and_audited_on_any_day() {
        let ends = |until: &'static str| {
            builtin_with("pin.max-tries", move |row| row["until"] = until.into())
        };
        let short = ends("2027-01-31");
        assert_eq!(
            RuleSet::from_json(&short),
            Err(RuleError::Gap {
                id: "pin.max-tries".to_owned(),
                first: d("2027-02-01"),
                last: None,
                horizon: d("2027-06-07"),
            })
        );
        // The audit of the same table lists the hole on a day far before it.
        let audit = RuleSet::audit_json(&short, d("2026-01-01"), PlannedRows::Ignore).unwrap();
        assert!(audit.has_gap());
        assert!(audit.findings.contains(&AuditFinding::Gap {
            id: RuleId::PinMaxTries,
            ended: d("2027-01-31"),
            first: d("2027-02-01"),
            last: None,
            planned_from: None
        }));

        // Ending after the horizon is no hole the table vouches for: it loads, and the audit finds
        // the gap once the day is past the row.
        let long = RuleSet::from_json(&ends("2027-06-07")).unwrap();
        assert!(!long.audit(d("2026-12-01")).has_gap());
        assert!(long.audit(d("2027-06-08")).has_gap());
    }

    #[test]
    fn a_final_end_is_not_a_gap() {
        let set = RuleSet::builtin();
        let audit = set.audit(d("2026-11-30"));
        assert!(
            !audit
                .findings
                .iter()
                .any(|f| f.rule() == Some(RuleId::FallbackQueryByNumber) && f.kind() == "gap")
        );
    }

    #[test]
    fn planned_rows_close_a_gap_only_when_applied() {
        let set = RuleSet::builtin();
        let audit = set.audit(d("2027-08-01"));
        assert!(audit.findings.contains(&AuditFinding::Gap {
            id: RuleId::CeilingMonthlyLimits,
            ended: d("2027-07-31"),
            first: d("2027-08-01"),
            last: None,
            planned_from: Some(d("2027-08-01"))
        }));
        let preview = set.with_planned_rows(PlannedRows::Apply);
        assert!(
            !preview
                .audit(d("2027-08-01"))
                .findings
                .iter()
                .any(|f| f.kind() == "gap" && f.rule() == Some(RuleId::CeilingMonthlyLimits))
        );
    }

    #[test]
    fn a_last_row_in_force_followed_only_by_a_planned_row_warns_120_days_ahead() {
        let set = RuleSet::builtin();
        let cliff = AuditFinding::Cliff {
            id: RuleId::CeilingMonthlyLimits,
            until: d("2027-07-31"),
            planned_from: d("2027-08-01"),
        };
        let warned = |set: &RuleSet, on: &str| set.audit(d(on)).findings.contains(&cliff);
        assert!(!warned(&set, "2027-04-01"), "121 days before");
        assert!(warned(&set, "2027-04-02"), "120 days before");
        assert!(warned(&set, "2027-07-31"));
        // A warning, not a gap; and it replaces ending_soon for that rule.
        let may = set.audit(d("2027-05-15"));
        assert!(!may.has_gap());
        assert!(may.findings.contains(&cliff));
        assert!(
            !may.findings.iter().any(
                |f| f.kind() == "ending_soon" && f.rule() == Some(RuleId::CeilingMonthlyLimits)
            )
        );
        // A rule with nothing after it is ending soon, not a cliff.
        assert!(may.findings.iter().any(|f| f.kind() == "ending_soon"
            && f.rule() == Some(RuleId::QualificationCertificateLateElderlyByAge)));
        // Previewing planned rows does not put them in force.
        assert!(warned(
            &set.clone().with_planned_rows(PlannedRows::Apply),
            "2027-04-15"
        ));
        // On the first day past the row, the gap says it.
        assert!(!warned(&set, "2027-08-01"));

        // The row given in force by an overlay: no cliff.
        let in_force = RuleSet::from_json(&builtin_with("ceiling.monthly-limits", |row| {
            if row["from"] == "2027-08-01" {
                row["status"] = "in_force".into();
            }
        }))
        .unwrap();
        assert!(!warned(&in_force, "2027-05-15"));
        let text = cliff.words();
        assert!(text.en.contains("only a planned row follows") && text.en.contains("2027-08-01"));
        assert!(text.ja.contains("予定行"));
    }

    #[test]
    fn reported_rows_and_an_overdue_review_are_listed() {
        let set = RuleSet::builtin();
        let audit = set.audit(d("2026-05-01"));
        assert!(audit.findings.iter().any(|f| matches!(
            f,
            AuditFinding::Reported {
                id: RuleId::FallbackQueryByNumber,
                ..
            }
        )));
        assert!(!audit.findings.iter().any(|f| f.kind() == "review_overdue"));
        let late = set.audit(d("2027-06-08"));
        assert!(late.findings.contains(&AuditFinding::ReviewOverdue {
            reviewed: d("2026-12-07")
        }));
    }
}
