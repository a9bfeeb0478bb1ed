//! Properties of overlays over generated rows: an overlay row takes its own dates from the
//! built-in rows of its id, and only those (the built-in rows are cut around it, never removed).
#![cfg(test)]

use chrono::{Days, NaiveDate};
use onshi::RuleSet;
use onshi::policy::{Rule, RuleId};
use proptest::prelude::*;

/// One generated overlay row: which rule, first day (days after 2010-01-01), length in days
/// (none = open-ended), planned or in force.
type Generated = (usize, u64, Option<u64>, bool);

fn day(offset: u64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2010, 1, 1)
        .unwrap()
        .checked_add_days(Days::new(offset))
        .unwrap()
}

/// The overlay's rows as JSON, rows overlapping an earlier row of their id left out (a table
/// refuses those, which another test covers). Each row's source names it.
fn overlay_rows(builtin: &RuleSet, generated: &[Generated]) -> Vec<serde_json::Value> {
    let mut kept: Vec<(RuleId, NaiveDate, Option<NaiveDate>)> = Vec::new();
    let mut rows = Vec::new();
    for (i, &(index, start, length, planned)) in generated.iter().enumerate() {
        let id = RuleId::ALL[index];
        let from = day(start);
        let until = length.map(|n| from.checked_add_days(Days::new(n)).unwrap());
        let overlaps = kept.iter().any(|&(k, f, u)| {
            k == id && from <= u.unwrap_or(NaiveDate::MAX) && f <= until.unwrap_or(NaiveDate::MAX)
        });
        if overlaps {
            continue;
        }
        kept.push((id, from, until));
        let params = builtin
            .rules()
            .iter()
            .find(|r| r.id == id)
            .unwrap()
            .params
            .clone();
        let mut row = serde_json::json!({
            "id": id.as_str(),
            "title": {"ja": "上書き", "en": "overlay"},
            "from": from,
            "source": format!("generated row {i}"),
            "params": params,
        });
        if let Some(until) = until {
            row["until"] = serde_json::json!(until);
        }
        if planned {
            row["status"] = "planned".into();
        }
        rows.push(row);
    }
    rows
}

/// The row of `id` whose dates include `date`, whatever its status.
fn row_on(rows: &[Rule], id: RuleId, date: NaiveDate) -> Option<&Rule> {
    rows.iter().find(|r| r.id == id && r.applies_on(date))
}

/// Days where coverage may change: each row's first and last day and the days either side.
fn boundaries(rows: &[Rule]) -> Vec<NaiveDate> {
    let mut days = Vec::new();
    for r in rows {
        days.extend([Some(r.from), r.from.pred_opt()]);
        if let Some(u) = r.until {
            days.extend([Some(u), u.succ_opt()]);
        }
    }
    let mut days: Vec<NaiveDate> = days.into_iter().flatten().collect();
    days.sort();
    days.dedup();
    days
}

proptest! {
    #[test]
    fn an_overlay_replaces_the_builtin_rows_on_its_own_dates_only(
        generated in proptest::collection::vec(
            (0usize..RuleId::ALL.len(), 0u64..(20 * 365), proptest::option::of(0u64..(3 * 365)), any::<bool>()),
            1..5,
        )
    ) {
        let builtin = RuleSet::builtin();
        let rows = overlay_rows(&builtin, &generated);
        let text = serde_json::json!({"version": "generated", "extends": "builtin", "rules": rows}).to_string();
        let merged = match RuleSet::from_json(&text) {
            Ok(set) => set,
            Err(e) => {
                // Only a hole in a rule needed every day, and only one the overlay itself made:
                // a planned row over days in force, or a row before the rule's first day.
                prop_assert_eq!(e.kind(), onshi::error::ErrorKind::Gap, "{}", e);
                let onshi::error::RuleError::Gap { id, .. } = &e else {
                    return Err(TestCaseError::fail(format!("{e}")));
                };
                let first_day = builtin.rules().iter()
                    .filter(|r| r.id.as_str() == id && r.status == onshi::policy::RowStatus::InForce)
                    .map(|r| r.from)
                    .min()
                    .unwrap();
                let explained = rows.iter().any(|r| {
                    r["id"] == id.as_str()
                        && (r["status"] == "planned"
                            || r["until"].as_str().is_some_and(|u| u < first_day.to_string().as_str()))
                });
                prop_assert!(explained, "{} from {}", e, text);
                return Ok(());
            }
        };
        let overlay: Vec<Rule> = merged.rules().iter().filter(|r| r.source.starts_with("generated row")).cloned().collect();
        prop_assert_eq!(overlay.len(), rows.len());
        let mut all: Vec<Rule> = builtin.rules().to_vec();
        all.extend(overlay.iter().cloned());
        let days = boundaries(&all);
        for id in RuleId::ALL {
            if !overlay.iter().any(|o| o.id == *id) {
                // A rule the overlay does not name keeps exactly its built-in rows.
                let before: Vec<&Rule> = builtin.rules().iter().filter(|r| r.id == *id).collect();
                let after: Vec<&Rule> = merged.rules().iter().filter(|r| r.id == *id).collect();
                prop_assert_eq!(before, after);
                continue;
            }
            for &date in &days {
                let got = row_on(merged.rules(), *id, date);
                match (row_on(&overlay, *id, date), row_on(builtin.rules(), *id, date)) {
                    (Some(o), _) => prop_assert_eq!(got, Some(o), "{} on {}", id, date),
                    (None, Some(b)) => {
                        // A day the overlay leaves alone keeps the built-in row's contents.
                        let got = got.ok_or_else(|| TestCaseError::fail(format!("{id} lost {date}")))?;
                        prop_assert_eq!(
                            (&got.title, &got.source, &got.params, got.status, got.certainty),
                            (&b.title, &b.source, &b.params, b.status, b.certainty),
                            "{} on {}", id, date
                        );
                    }
                    (None, None) => prop_assert!(got.is_none(), "{} on {} gained a row", id, date),
                }
            }
        }
    }
}
