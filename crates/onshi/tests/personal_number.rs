//! The 個人番号 guard holds whatever the separators, whatever the JSON type, in whatever position,
//! and no error message quotes the number (SECURITY.md, "Personal data").

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
    assert_eq!(err.kind(), "personal_number", "{json}: {err}");
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
