//! Overlays (上書き表): a file with `"extends": "builtin"` laid over the built-in table.
//!
//! An overlay row takes its own dates from the built-in rows of its id, and only those: a built-in
//! row is cut around it, the part before and the part after staying with the built-in row's title,
//! source and parameters. A narrow revision (one winter's copay row) therefore never removes the
//! built-in row's other years. The cut ignores status: an overlay row in force replaces a planned
//! built-in row on its dates (the preview became a notice), and a planned overlay row takes its
//! dates from built-in rows the same way, planned or in force (the load then refuses a hole it
//! leaves in a rule needed on every day).

use chrono::NaiveDate;

use crate::policy::rules::{RowEnd, Rule};

/// The rows of `base` cut around the rows of `overlay` of the same id, then the overlay's rows.
pub(crate) fn lay_over(base: &[Rule], overlay: Vec<Rule>) -> Vec<Rule> {
    let mut merged = Vec::with_capacity(base.len() + overlay.len());
    for row in base {
        let mut spans: Vec<(NaiveDate, Option<NaiveDate>)> = overlay
            .iter()
            .filter(|o| o.id == row.id && o.overlaps(row))
            .map(|o| (o.from, o.until))
            .collect();
        spans.sort();
        merged.extend(cut(row, &spans));
    }
    merged.extend(overlay);
    merged
}

/// The parts of `row` outside `spans` (first and last days, sorted by first day): none, one or
/// several. A part that an overlay row follows awaits that row (`ends` successor); the part that
/// reaches the row's own end keeps what the row said follows it.
fn cut(row: &Rule, spans: &[(NaiveDate, Option<NaiveDate>)]) -> Vec<Rule> {
    let mut parts = Vec::new();
    // The first day of `row` not yet placed; none once a span reaches past every day.
    let mut next = Some(row.from);
    for &(from, until) in spans {
        let Some(start) = next else {
            break;
        };
        if from > start
            && let Some(end) = from.pred_opt()
        {
            parts.push(part(row, start, Some(end), RowEnd::Successor));
        }
        next = match until {
            None => None,
            Some(u) => u.succ_opt().map(|after| after.max(start)),
        };
    }
    if let Some(start) = next
        && row.until.is_none_or(|u| start <= u)
    {
        parts.push(part(row, start, row.until, row.ends));
    }
    parts
}

/// `row` restricted to `from` ..= `until`.
fn part(row: &Rule, from: NaiveDate, until: Option<NaiveDate>, ends: RowEnd) -> Rule {
    Rule {
        from,
        until: match (until, row.until) {
            (Some(u), Some(r)) => Some(u.min(r)),
            (u, r) => u.or(r),
        },
        ends,
        ..row.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::rules::{RowStatus, RuleId, RuleSet};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn copay_row() -> Rule {
        RuleSet::builtin()
            .rules()
            .iter()
            .find(|r| r.id == RuleId::CopayByAge)
            .unwrap()
            .clone()
    }

    fn spans(rows: &[Rule]) -> Vec<(NaiveDate, Option<NaiveDate>)> {
        rows.iter().map(|r| (r.from, r.until)).collect()
    }

    #[test]
    fn a_row_is_cut_around_each_span_and_keeps_its_params() {
        let row = copay_row();
        let parts = cut(
            &row,
            &[
                (d("2026-12-01"), Some(d("2027-01-31"))),
                (d("2027-03-01"), Some(d("2027-03-31"))),
            ],
        );
        assert_eq!(
            spans(&parts),
            [
                (d("2014-04-01"), Some(d("2026-11-30"))),
                (d("2027-02-01"), Some(d("2027-02-28"))),
                (d("2027-04-01"), None),
            ]
        );
        assert!(parts.iter().all(|p| p.params == row.params
            && p.source == row.source
            && p.title == row.title
            && p.status == RowStatus::InForce));
        assert_eq!(parts[0].ends, RowEnd::Successor);
    }

    #[test]
    fn a_span_covering_the_row_leaves_nothing_and_an_open_span_leaves_the_start() {
        let row = copay_row();
        assert!(cut(&row, &[(d("2000-01-01"), None)]).is_empty());
        assert_eq!(
            spans(&cut(&row, &[(d("2020-01-01"), None)])),
            [(d("2014-04-01"), Some(d("2019-12-31")))]
        );
        assert_eq!(
            spans(&cut(&row, &[(d("2000-01-01"), Some(d("2014-04-01")))])),
            [(d("2014-04-02"), None)]
        );
    }

    #[test]
    fn a_bounded_row_keeps_its_end_after_the_last_span() {
        let mut row = copay_row();
        row.until = Some(d("2020-12-31"));
        row.ends = RowEnd::Final;
        let parts = cut(&row, &[(d("2016-01-01"), Some(d("2016-12-31")))]);
        assert_eq!(
            spans(&parts),
            [
                (d("2014-04-01"), Some(d("2015-12-31"))),
                (d("2017-01-01"), Some(d("2020-12-31"))),
            ]
        );
        assert_eq!(
            (parts[0].ends, parts[1].ends),
            (RowEnd::Successor, RowEnd::Final)
        );
        assert!(cut(&row, &[(d("2016-01-01"), Some(d("2030-12-31")))]).len() == 1);
    }
}
