//! The 個人番号 guard holds whatever the separators, whatever the JSON type, in whatever position,
//! and no error message quotes the number (SECURITY.md, "Personal data").
#![cfg(test)]

use onshi::Visit;

/// A valid 個人番号 (check digit 4), written in several hostile ways.
const FORMS: &[&str] = &[
    "983205673214",
    "9832\t0567\t3214",
    "9832\n0567\n3214",
    "9832\u{00A0}0567\u{00A0}3214",
    "9832\u{2212}0567\u{2212}3214",
    "9832\u{2014}0567\u{2014}3214",
    "9832\u{200B}0567\u{200B}3214",
    "９８３２－０５６７－３２１４",
    "9832.0567.3214",
];

fn refused_without_echo(json: &str) {
    let err = Visit::from_json(json).unwrap_err();
    assert_eq!(
        err.kind(),
        onshi::error::ErrorKind::PersonalNumber,
        "{json}: {err}"
    );
    let message = err.to_string();
    for digits in ["9832", "0567", "3214", "９８３２"] {
        assert!(!message.contains(digits), "{json} echoed: {message}");
    }
}

#[test]
fn every_separator_is_seen_through_in_every_insurance_field() {
    for form in FORMS {
        let form = serde_json::to_string(form).unwrap();
        refused_without_echo(&format!(
            r#"{{"at": "2026-01-15", "presented": {{"legacy_card": {{"insured": {{"number": {form}}}}}}}}}"#
        ));
        refused_without_echo(&format!(
            r#"{{"at": "2026-01-15", "presented": {{"notice": {{"insured": {{"symbol": {form}, "number": "1"}}}}}}}}"#
        ));
    }
}

#[test]
fn a_my_number_given_as_a_json_number_is_refused_and_not_echoed() {
    refused_without_echo(
        r#"{"at": "2026-01-15", "presented": {"legacy_card": {"insured": {"number": 983205673214}}}}"#,
    );
    refused_without_echo(r#"{"at": "2026-01-15", "patient": {"birth_date": 983205673214}}"#);
    // 085700085703 as a JSON number loses its leading zero; the rest is still not quoted.
    let err = Visit::from_json(r#"{"at": 85700085703}"#).unwrap_err();
    assert_eq!(err.kind(), onshi::error::ErrorKind::PersonalNumber, "{err}");
    assert!(!err.to_string().contains("5700085703"), "{err}");
}

#[test]
fn a_my_number_in_an_enum_value_or_a_field_name_is_not_echoed() {
    refused_without_echo(r#"{"at": "2026-01-15", "facility": {"reader": "9832-0567-3214"}}"#);
    refused_without_echo(r#"{"at": "2026-01-15", "facility": {"983205673214": true}}"#);
}

#[test]
fn error_messages_are_capped() {
    let long = "x".repeat(100_000);
    let err = Visit::from_json(&format!(
        r#"{{"at": "2026-01-15", "facility": {{"reader": "{long}"}}}}"#
    ))
    .unwrap_err();
    assert!(
        err.to_string().len() < 1_000,
        "{} bytes",
        err.to_string().len()
    );
}

mod any_field {
    use proptest::prelude::*;

    /// A visit with every string-carrying field filled, as JSON.
    fn template() -> serde_json::Value {
        serde_json::json!({
            "at": "2026-11-30",
            "patient": {"birth_date": "1980-01-01"},
            "presented": {
                "myna_card": {"registration": "registered", "certificate_expires": "2029-01-01"},
                "legacy_card": {"insurer": "06130017", "insured": {"symbol": "1", "number": "2", "branch": "00"},
                                "issued": "2023-04-01", "expires": "2026-03-31"},
                "qualification_certificate": {"valid_until": "2027-07-31", "insurer": "06130017"},
                "notice": {"insurer": "06130017", "insured": {"symbol": "1", "number": "2"}},
                "portal_screen": {"insurer": "06130017"},
                "ceiling_certificate": {"category": "ウ", "valid_until": "2027-07-31"}
            },
            "online": {"status": "valid", "ceiling_category": "エ", "insurer": "06130017",
                       "insured": {"symbol": "1", "number": "2", "branch": "00"}},
            "care": {"medical_cost": 100000}
        })
    }

    /// Every string in the template, as JSON pointers.
    fn string_fields(v: &serde_json::Value, at: String, out: &mut Vec<String>) {
        match v {
            serde_json::Value::String(_) => out.push(at),
            serde_json::Value::Object(o) => {
                for (k, v) in o {
                    string_fields(v, format!("{at}/{k}"), out);
                }
            }
            _ => {}
        }
    }

    const SEPARATORS: &[&str] = &["", " ", "-", "\t", "\u{2212}", "\u{3000}", "\u{200B}", "."];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]
        #[test]
        fn a_my_number_in_any_field_never_reaches_an_output_or_an_error(
            body in proptest::collection::vec(0u32..10, 11),
            sep in 0usize..SEPARATORS.len(),
            wide in any::<bool>(),
            field in any::<proptest::sample::Index>(),
            as_number in any::<bool>(),
        ) {
            let number = onshi_testkit::my_number(&body);
            let mut text = String::new();
            for (i, c) in number.chars().enumerate() {
                if i > 0 && i % 4 == 0 {
                    text.push_str(SEPARATORS[sep]);
                }
                text.push(if wide { char::from_u32(c as u32 + 0xFEE0).unwrap() } else { c });
            }
            let mut visit = template();
            let mut fields = Vec::new();
            string_fields(&visit, String::new(), &mut fields);
            let pointer = field.get(&fields).clone();
            *visit.pointer_mut(&pointer).unwrap() = if as_number {
                serde_json::Value::from(number.parse::<u64>().unwrap())
            } else {
                serde_json::Value::from(text.clone())
            };
            // Whatever happens, the digits appear nowhere: not in an error, not in a decision.
            let groups = [&number[0..4], &number[4..8], &number[8..12]];
            let leaked = |out: &str| {
                let plain: String = out.chars().filter(|c| c.is_ascii_digit()).collect();
                plain.contains(&number) || groups.iter().all(|g| out.contains(g)) || out.contains(&text)
            };
            let rules = onshi::RuleSet::builtin();
            match onshi::Visit::from_json(&visit.to_string()) {
                Err(e) => {
                    prop_assert!(!leaked(&e.to_string()), "{pointer}: {e}");
                }
                Ok(v) => match onshi::decide(&rules, &v) {
                    Err(e) => prop_assert!(!leaked(&e.to_string()), "{pointer}: {e}"),
                    Ok(d) => {
                        let out = serde_json::to_string(&d).unwrap();
                        prop_assert!(!leaked(&out), "{pointer} reached the decision: {out}");
                    }
                },
            }
        }
    }
}
