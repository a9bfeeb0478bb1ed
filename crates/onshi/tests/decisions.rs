//! Properties of decisions that hold for every visit, checked across a grid of dates and documents.
#![cfg(test)]

use onshi::policy::RuleId;
use onshi::reception::{Coverage, Route};
use onshi::{Lang, RuleSet, Visit, decide};

fn visits() -> Vec<String> {
    let dates = [
        "2023-07-09",
        "2024-12-01",
        "2024-12-02",
        "2025-09-19",
        "2025-12-01",
        "2025-12-02",
        "2026-03-31",
        "2026-04-01",
        "2026-07-31",
        "2026-08-01",
    ];
    let presented = [
        r#"{}"#,
        r#"{"myna_card": {"registration": "registered"}}"#,
        r#"{"myna_card": {"registration": "registered", "certificate_expires": "2025-11-10"}}"#,
        r#"{"myna_card": {"kind": "face_only", "pin": {"state": "locked"}}, "portal_screen": {}}"#,
        r#"{"legacy_card": {"insurer": "141309"}}"#,
        r#"{"notice": {}}"#,
        r#"{"qualification_certificate": {"valid_until": "2026-07-31"}}"#,
    ];
    let facilities = [
        r#"{}"#,
        r#"{"online": "down"}"#,
        r#"{"reader": "generic", "reader_fault": true}"#,
        r#"{"online": "not_installed", "reader": null}"#,
    ];
    // With a birth date, and without one (the usual ratio by age then cannot be given).
    let patients = [r#"{"birth_date": "1950-05-05"}"#, r#"{}"#];
    let mut out = Vec::new();
    for d in dates {
        for p in presented {
            for f in facilities {
                for patient in patients {
                    out.push(format!(
                        r#"{{"at": "{d}", "facility": {f}, "patient": {patient}, "presented": {p}}}"#
                    ));
                }
            }
        }
    }
    out
}

#[test]
fn every_decision_explains_itself() {
    let rules = RuleSet::builtin();
    for json in visits() {
        let visit = Visit::from_json(&json).unwrap();
        let d = decide(&rules, &visit).unwrap();
        assert!(!d.rules.is_empty(), "no rule ids for {json}");
        assert!(!d.messages.staff.get(Lang::Ja).is_empty());
        assert!(!d.messages.patient.get(Lang::En).is_empty());
        assert_eq!(d.rule_set_version, rules.version());
        // Never 10割 on the self-declaration route; a stated ratio is 10, 20 or 30.
        if let Some(p) = d.copay.percent {
            assert!(matches!(p, 10 | 20 | 30), "{p} for {json}");
        }
        if d.coverage == Coverage::Provisional {
            assert_eq!(d.route, Route::SelfDeclaration);
            assert!(
                d.failure.is_some(),
                "provisional without a failure class: {json}"
            );
        }
        if d.coverage == Coverage::NotCovered {
            assert_eq!(d.route, Route::None);
            assert!(
                !d.actions.is_empty(),
                "not covered without next steps: {json}"
            );
        }
        // The patient hears the share they pay only when it is known; otherwise that it is
        // being checked.
        let (ja, en) = (
            d.messages.patient.get(Lang::Ja),
            d.messages.patient.get(Lang::En),
        );
        if d.copay.percent.is_none() {
            assert!(!ja.contains("いつもの負担割合"), "{ja} for {json}");
            assert!(!en.contains("usual share"), "{en} for {json}");
            if d.coverage != Coverage::NotCovered && d.coverage != Coverage::Pending {
                assert!(ja.contains("割合を確認"), "{ja} for {json}");
                assert!(en.contains("share of the cost"), "{en} for {json}");
            }
        }
        // Staff steps are written to staff: no patient keigo, no notice numbers (those are in the
        // rule table, behind the rule ids).
        let staff = d.messages.staff.get(Lang::Ja);
        for polite in ["いただ", "ご案内ください", "お願いしてください", "保発"]
        {
            assert!(!staff.contains(polite), "{polite} in {staff} for {json}");
        }
        // Same input, same decision.
        assert_eq!(decide(&rules, &visit).unwrap(), d);
    }
}

#[test]
fn personal_data_is_redacted_in_debug() {
    let visit = Visit::from_json(
        r#"{"at": "2025-06-01", "presented": {"legacy_card": {"insured": {"symbol": "記号99", "number": "4242", "branch": "01"}}}}"#,
    )
    .unwrap();
    let dbg = format!("{visit:?}");
    assert!(!dbg.contains("4242") && !dbg.contains("記号99"), "{dbg}");
}

#[test]
fn personal_number_error_never_echoes_the_number() {
    let err = Visit::from_json(
        r#"{"at": "2025-06-01", "presented": {"notice": {"insured": {"number": "983205673214"}}}}"#,
    )
    .unwrap_err();
    assert_eq!(err.kind(), onshi::error::ErrorKind::PersonalNumber);
    assert!(!err.to_string().contains("983205673214"));
    assert!(
        err.to_string().contains("presented.notice.insured.number"),
        "{err}"
    );
}

/// A month whose 高額療養費 limit the 後期 2割 配慮措置 gave lists that rule beside the table's; a
/// month the 外来 limit capped lists the table's alone.
#[test]
fn a_limit_the_relief_gave_cites_the_relief() {
    let rules = RuleSet::builtin();
    let limit = |cost: u64| {
        let visit = Visit::from_json(&format!(
            r#"{{"at": "2025-05-15", "facility": {{"reader": "face_recognition"}},
                "patient": {{"birth_date": "1945-01-01"}},
                "presented": {{"myna_card": {{"registration": "registered",
                                "identity": {{"method": "face", "outcome": "confirmed"}}}}}},
                "online": {{"status": "valid", "copay_percent": 20, "ceiling_category": "一般Ⅱ"}},
                "care": {{"medical_cost": {cost}, "outpatient": true}}}}"#
        ))
        .unwrap();
        let d = decide(&rules, &visit).unwrap();
        let amount = d.ceiling_limit.expect("a limit");
        let relief = d.rules.contains(&RuleId::CeilingLateElderlyRelief);
        assert!(d.rules.contains(&RuleId::CeilingMonthlyLimits));
        (amount.limit, amount.rule, relief)
    };
    // 6,000 + (50,000 − 30,000) × 10% = 8,000, under the 外来 limit of 18,000.
    assert_eq!(
        limit(50_000),
        (8_000, RuleId::CeilingLateElderlyRelief, true)
    );
    assert_eq!(
        limit(500_000),
        (18_000, RuleId::CeilingMonthlyLimits, false)
    );
}
