//! The staleness audit (ルール表の点検): what a rule table lacks on a day, found before a patient is
//! at the desk.
//!
//! Rules change by notice. A table that was right when it was written goes quietly wrong when a row
//! ends and its successor was never added: every question for the new period answers "no table".
//! [`RuleSet::audit`] lists, for a day, the rule families that had a row in force before it and have
//! none on it (a gap: the audit fails), rows ending soon with nothing after them, planned rows, rows
//! resting on reported facts, and a review date that is too old.

use chrono::NaiveDate;
use serde::Serialize;

use crate::rules::{
    Certainty, PlannedRows, REVIEW_ALERT_MONTHS, RowEnd, RowStatus, RuleId, RuleSet,
};
use crate::text::Text;

/// Rows ending within this many days of the audit day with no successor are listed.
///
/// # Example
/// ```
/// assert_eq!(onshi::ENDING_SOON_DAYS, 90);
/// ```
pub const ENDING_SOON_DAYS: u32 = 90;

/// One thing the audit found (点検結果).
///
/// # Example
/// ```
/// use onshi::{AuditFinding, RuleSet};
/// let audit = RuleSet::builtin().audit("2026-11-30".parse().unwrap());
/// assert!(audit.findings.iter().any(|f| matches!(f, AuditFinding::Planned { .. })));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
#[non_exhaustive]
pub enum AuditFinding {
    /// The rule had a row in force before the day and has none on it, and its last row does not
    /// end for good: questions for this day get no answer (e.g. "no table" for 高額療養費).
    Gap {
        /// The rule.
        id: RuleId,
        /// The last day of its last row.
        ended: NaiveDate,
        /// The first day of a planned row that covers the day, when there is one.
        #[serde(skip_serializing_if = "Option::is_none")]
        planned_from: Option<NaiveDate>,
    },
    /// A row in force on the day ends within [`ENDING_SOON_DAYS`] days and no row follows it.
    EndingSoon {
        /// The rule.
        id: RuleId,
        /// Its last day.
        until: NaiveDate,
        /// The rule ends for good then (a measure not extended), rather than awaiting a successor.
        final_end: bool,
    },
    /// A planned row: shown, used by no decision unless planned rows are applied.
    Planned {
        /// The rule.
        id: RuleId,
        /// First day.
        from: NaiveDate,
        /// Last day, if any.
        #[serde(skip_serializing_if = "Option::is_none")]
        until: Option<NaiveDate>,
    },
    /// A row in force on the day or later that rests on reported facts only.
    Reported {
        /// The rule.
        id: RuleId,
        /// First day.
        from: NaiveDate,
        /// Last day, if any.
        #[serde(skip_serializing_if = "Option::is_none")]
        until: Option<NaiveDate>,
    },
    /// The table was reviewed more than [`REVIEW_ALERT_MONTHS`] months before the day.
    ReviewOverdue {
        /// The review date.
        reviewed: NaiveDate,
    },
}

impl AuditFinding {
    /// The stable slug (`gap`, `ending_soon`, `planned`, `reported`, `review_overdue`).
    ///
    /// # Example
    /// ```
    /// let f = onshi::AuditFinding::ReviewOverdue { reviewed: "2026-11-30".parse().unwrap() };
    /// assert_eq!(f.kind(), "review_overdue");
    /// ```
    pub fn kind(&self) -> &'static str {
        match self {
            AuditFinding::Gap { .. } => "gap",
            AuditFinding::EndingSoon { .. } => "ending_soon",
            AuditFinding::Planned { .. } => "planned",
            AuditFinding::Reported { .. } => "reported",
            AuditFinding::ReviewOverdue { .. } => "review_overdue",
        }
    }

    /// The rule concerned, when the finding is about one.
    ///
    /// # Example
    /// ```
    /// let f = onshi::AuditFinding::ReviewOverdue { reviewed: "2026-11-30".parse().unwrap() };
    /// assert_eq!(f.rule(), None);
    /// ```
    pub fn rule(&self) -> Option<RuleId> {
        match self {
            AuditFinding::Gap { id, .. }
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
    /// use onshi::{AuditFinding, Lang, RuleId};
    /// let f = AuditFinding::Gap { id: RuleId::CeilingMonthlyLimits,
    ///     ended: "2026-07-31".parse().unwrap(), planned_from: None };
    /// assert!(f.text().get(Lang::En).contains("2026-07-31"));
    /// ```
    pub fn text(&self) -> Text {
        let span = |from: &NaiveDate, until: &Option<NaiveDate>| match until {
            Some(u) => format!("{from} – {u}"),
            None => format!("{from} –"),
        };
        match self {
            AuditFinding::Gap {
                id,
                ended,
                planned_from,
            } => {
                let (ja_more, en_more) = match planned_from {
                    Some(p) => (
                        format!("（{p}からの予定行あり：適用するには予定行を有効にしてください）"),
                        format!(
                            " (a planned row from {p} covers it: apply planned rows to use it)"
                        ),
                    ),
                    None => (String::new(), String::new()),
                };
                Text::new(
                    format!(
                        "{id}: {ended}で終わり、後継の行がありません。この日の判断に使えません。onshiを更新するか、上書き表で行を追加してください{ja_more}"
                    ),
                    format!(
                        "{id}: its last row ended on {ended} and nothing follows; questions for this day get no answer. Update onshi or add the row in an overlay{en_more}"
                    ),
                )
            }
            AuditFinding::EndingSoon {
                id,
                until,
                final_end,
            } => {
                if *final_end {
                    Text::new(
                        format!("{id}: {until}で終了します（延長なし）"),
                        format!("{id}: ends for good on {until}"),
                    )
                } else {
                    Text::new(
                        format!(
                            "{id}: {until}で終わり、後継の行がまだありません。告示を確認してください"
                        ),
                        format!(
                            "{id}: ends on {until} and no row follows yet; check for the notice"
                        ),
                    )
                }
            }
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
/// assert_eq!(audit.reviewed.unwrap().to_string(), "2026-11-30");
/// let json = serde_json::to_value(&audit).unwrap();
/// assert_eq!(json["gap"], false);
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
            planned_rows: PlannedRows,
            gap: bool,
            findings: Vec<Finding<'a>>,
        }
        Out {
            on: self.on,
            version: &self.version,
            reviewed: self.reviewed,
            planned_rows: self.planned_rows,
            gap: self.has_gap(),
            findings: self
                .findings
                .iter()
                .map(|finding| Finding {
                    finding,
                    text: finding.text(),
                })
                .collect(),
        }
        .serialize(s)
    }
}

impl RuleAudit {
    /// Whether a rule family has no row on the day although it had one before: the table cannot
    /// answer some questions for that day.
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
    /// Audits the table for `on`: gaps, rows ending within [`ENDING_SOON_DAYS`] days with no
    /// successor, planned rows, rows resting on reported facts, and an overdue review.
    ///
    /// # Example
    /// ```
    /// use onshi::{AuditFinding, RuleId, RuleSet};
    /// // A table whose 高額療養費 rows stop at 2026-07-31 cannot answer for 2026-11.
    /// let mut table: serde_json::Value = serde_json::from_str(onshi::BUILTIN_RULES_JSON).unwrap();
    /// table["rules"].as_array_mut().unwrap()
    ///     .retain(|r| !(r["id"] == "ceiling.monthly-limits" && r["from"] == "2026-08-01"));
    /// let old = RuleSet::from_json(&table.to_string()).unwrap();
    /// let audit = old.audit("2026-11-30".parse().unwrap());
    /// assert!(audit.has_gap());
    /// assert!(audit.findings.iter().any(|f| f.rule() == Some(RuleId::CeilingMonthlyLimits)));
    /// ```
    pub fn audit(&self, on: NaiveDate) -> RuleAudit {
        let mut gaps = Vec::new();
        let mut others = Vec::new();
        for id in RuleId::ALL {
            let rows: Vec<_> = self
                .rules()
                .iter()
                .filter(|r| r.id == *id && self.uses(r))
                .collect();
            match rows.iter().find(|r| r.applies_on(on)) {
                Some(row) => {
                    if let Some(until) = row.until
                        && until.signed_duration_since(on).num_days() < i64::from(ENDING_SOON_DAYS)
                        && !rows
                            .iter()
                            .any(|r| until.succ_opt().is_some_and(|next| r.applies_on(next)))
                    {
                        others.push(AuditFinding::EndingSoon {
                            id: *id,
                            until,
                            final_end: row.ends == RowEnd::Final,
                        });
                    }
                }
                None => {
                    let last = rows
                        .iter()
                        .filter_map(|r| r.until.filter(|u| *u < on).map(|u| (u, r.ends)))
                        .max_by_key(|(u, _)| *u);
                    if let Some((ended, RowEnd::Successor)) = last {
                        let planned_from = self
                            .rules()
                            .iter()
                            .find(|r| {
                                r.id == *id && r.status == RowStatus::Planned && r.applies_on(on)
                            })
                            .map(|r| r.from);
                        gaps.push(AuditFinding::Gap {
                            id: *id,
                            ended,
                            planned_from,
                        });
                    }
                }
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
            planned_rows: self.planned_rows(),
            findings: gaps,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn overlay(rows: &str) -> RuleSet {
        RuleSet::from_json(&format!(
            r#"{{"version":"t","extends":"builtin","rules":[{rows}]}}"#
        ))
        .unwrap()
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
    fn a_row_ending_without_successor_is_a_gap_after_and_ending_soon_before() {
        let set = overlay(
            r#"{"id":"pin.max-tries","title":{"ja":"a","en":"a"},"from":"2016-01-01","until":"2027-01-31","source":"s","params":{"tries":3}}"#,
        );
        let before = set.audit(d("2026-12-01"));
        assert!(!before.has_gap());
        assert!(before.findings.contains(&AuditFinding::EndingSoon {
            id: RuleId::PinMaxTries,
            until: d("2027-01-31"),
            final_end: false
        }));
        // 92 days before: not yet listed.
        assert!(
            !set.audit(d("2026-10-31"))
                .findings
                .iter()
                .any(|f| f.kind() == "ending_soon" && f.rule() == Some(RuleId::PinMaxTries))
        );
        let after = set.audit(d("2027-02-01"));
        assert!(after.findings.contains(&AuditFinding::Gap {
            id: RuleId::PinMaxTries,
            ended: d("2027-01-31"),
            planned_from: None
        }));
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
        let late = set.audit(d("2027-06-01"));
        assert!(late.findings.contains(&AuditFinding::ReviewOverdue {
            reviewed: d("2026-11-30")
        }));
    }
}
