//! The suites of the stored record against the online answer: `reconcile`, `wareki`, `names`.
#![allow(
    clippy::indexing_slicing,
    reason = "serde_json::Value indexed by a key gives Null when absent; it never panics"
)]

use onshi::RuleSet;
use serde_json::Value;

use crate::core_suites::{check_eq, unknown_keys};

fn record(
    input: &Value,
    field: &str,
) -> Result<onshi::records::InsuranceRecord, onshi::error::InputError> {
    let value = input
        .get(field)
        .cloned()
        .unwrap_or(Value::Object(Default::default()));
    onshi::records::InsuranceRecord::from_json(&value.to_string())
}

fn date(input: &Value, field: &str) -> Result<chrono::NaiveDate, String> {
    input
        .get(field)
        .and_then(Value::as_str)
        .and_then(|d| d.parse().ok())
        .ok_or_else(|| format!("input.{field}: a date YYYY-MM-DD is needed"))
}

/// `reconcile`: `input` {stored, online, date}; `expect` {outcome, person, reasons (each listed is
/// among the person match's), differences (the kinds, in order), actions (the action kinds, in
/// order), rules (each listed is behind some difference), error (the kind of a refused record)}.
pub(crate) fn run_reconcile(rules: &RuleSet, input: &Value, expect: &Value) -> Vec<String> {
    let mut problems = unknown_keys(
        expect,
        &[
            "outcome",
            "person",
            "reasons",
            "differences",
            "actions",
            "rules",
            "error",
        ],
    );
    let records = record(input, "stored").and_then(|s| Ok((s, record(input, "online")?)));
    let (stored, online) = match (records, expect.get("error")) {
        (Ok(r), None) => r,
        (Err(e), Some(kind)) => {
            check_eq(
                &mut problems,
                "error",
                kind,
                &Value::from(onshi::Vocabulary::slug(e.kind())),
            );
            return problems;
        }
        (Ok(_), Some(kind)) => {
            return vec![format!("error: expected {kind}, the records were read")];
        }
        (Err(e), None) => return vec![format!("input: {e}")],
    };
    let day = match date(input, "date") {
        Ok(d) => d,
        Err(e) => return vec![e],
    };
    let r = onshi::records::reconcile(&stored, &online, day, rules);
    let json = serde_json::to_value(&r).unwrap_or(Value::Null);
    if let Some(want) = expect.get("outcome") {
        check_eq(&mut problems, "outcome", want, &json["outcome"]);
    }
    if let Some(want) = expect.get("person") {
        check_eq(&mut problems, "person", want, &json["person"]["outcome"]);
    }
    reasons_among(&mut problems, expect, &json["person"]["reasons"]);
    let differences = json["differences"].as_array().cloned().unwrap_or_default();
    if let Some(want) = expect.get("differences") {
        let kinds: Vec<Value> = differences.iter().map(|d| d["kind"].clone()).collect();
        check_eq(&mut problems, "differences", want, &Value::Array(kinds));
    }
    if let Some(want) = expect.get("actions") {
        let actions: Vec<Value> = differences.iter().map(|d| d["action"].clone()).collect();
        check_eq(&mut problems, "actions", want, &Value::Array(actions));
    }
    for rule in expect
        .get("rules")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if !differences
            .iter()
            .any(|d| d["rules"].as_array().is_some_and(|r| r.contains(rule)))
        {
            problems.push(format!("rule {rule} is behind no difference"));
        }
    }
    problems
}

/// `wareki`: `input` {text} read as a date, or {date} written in 和暦; `expect` {date, error (the
/// kind), wareki, short, code}.
pub(crate) fn run_wareki(_: &RuleSet, input: &Value, expect: &Value) -> Vec<String> {
    let mut problems = unknown_keys(expect, &["date", "error", "wareki", "short", "code"]);
    if let Some(text) = input.get("text").and_then(Value::as_str) {
        match (onshi::records::parse_wareki(text), expect.get("error")) {
            (Ok(d), None) => {
                if let Some(want) = expect.get("date") {
                    check_eq(&mut problems, "date", want, &Value::from(d.to_string()));
                }
            }
            (Err(e), Some(kind)) => check_eq(
                &mut problems,
                "error",
                kind,
                &Value::from(onshi::Vocabulary::slug(e.kind())),
            ),
            (Ok(d), Some(kind)) => problems.push(format!("error: expected {kind}, read {d}")),
            (Err(e), None) => problems.push(format!("refused: {e}")),
        }
    } else if let Some(day) = input.get("date").and_then(Value::as_str) {
        let Some(w) = day.parse().ok().and_then(onshi::records::Wareki::from_date) else {
            return vec![format!("input.date `{day}` has no 和暦")];
        };
        for (key, got) in [
            ("wareki", w.to_string()),
            ("short", w.short()),
            ("code", w.code()),
        ] {
            if let Some(want) = expect.get(key) {
                check_eq(&mut problems, key, want, &Value::from(got));
            }
        }
    } else {
        problems.push("input: give `text` or `date`".to_owned());
    }
    problems
}

/// `names`: `input` {kana} normalised, {a, b} compared, or {stored, online} (person facts) matched;
/// `expect` {normalized, comparison, outcome, reasons (each listed is among them)}.
pub(crate) fn run_names(_: &RuleSet, input: &Value, expect: &Value) -> Vec<String> {
    let mut problems = unknown_keys(expect, &["normalized", "comparison", "outcome", "reasons"]);
    if let Some(kana) = input.get("kana").and_then(Value::as_str)
        && let Some(want) = expect.get("normalized")
    {
        check_eq(
            &mut problems,
            "normalized",
            want,
            &Value::from(onshi::records::normalize_kana(kana)),
        );
    }
    if let (Some(a), Some(b)) = (
        input.get("a").and_then(Value::as_str),
        input.get("b").and_then(Value::as_str),
    ) && let Some(want) = expect.get("comparison")
    {
        let got = serde_json::to_value(onshi::records::compare_names(a, b)).unwrap_or(Value::Null);
        check_eq(&mut problems, "comparison", want, &got);
    }
    if let (Some(stored), Some(online)) = (input.get("stored"), input.get("online")) {
        let facts = |v: &Value| serde_json::from_value::<onshi::records::PersonFacts>(v.clone());
        match (facts(stored), facts(online)) {
            (Ok(a), Ok(b)) => {
                let m = onshi::records::match_person(&a, &b);
                let json = serde_json::to_value(&m).unwrap_or(Value::Null);
                if let Some(want) = expect.get("outcome") {
                    check_eq(&mut problems, "outcome", want, &json["outcome"]);
                }
                reasons_among(&mut problems, expect, &json["reasons"]);
            }
            (Err(e), _) | (_, Err(e)) => problems.push(format!("input: {e}")),
        }
    }
    problems
}

/// Each reason `expect.reasons` lists is among the match's `reasons`.
fn reasons_among(problems: &mut Vec<String>, expect: &Value, reasons: &Value) {
    for reason in expect
        .get("reasons")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if !reasons.as_array().is_some_and(|r| r.contains(reason)) {
            problems.push(format!("reason {reason} missing: {reasons}"));
        }
    }
}
