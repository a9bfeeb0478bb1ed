//! Runs the shared conformance vectors (tests/vectors/*.json) through the Rust API.
#![cfg(test)]

use std::path::PathBuf;

use onshi::RuleSet;
use onshi_vectors::run_vectors;

fn vector_files() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/vectors exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_shared_vector_passes() {
    let rules = RuleSet::builtin();
    let files = vector_files();
    assert!(
        files.len() >= 4,
        "expected the four suites, found {files:?}"
    );
    let mut total = 0;
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        // The oqs suite belongs to onshi-oqs, which runs it in its own tests.
        if text.contains("\"suite\": \"oqs\"") {
            continue;
        }
        let report = run_vectors(&rules, &text).unwrap();
        for case in &report.cases {
            assert!(
                case.passed(),
                "{}#{}: {:?}",
                file.display(),
                case.id,
                case.problems
            );
        }
        total += report.cases.len();
    }
    assert!(total >= 100, "only {total} cases");
}

#[test]
fn reception_suite_has_sixty_sourced_cases() {
    let text = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors/reception.json"),
    )
    .unwrap();
    let file: onshi_vectors::VectorFile = serde_json::from_str(&text).unwrap();
    assert!(file.cases.len() >= 60);
    for c in &file.cases {
        assert!(!c.source.trim().is_empty(), "{} has no source", c.id);
    }
}

/// The runner must be able to fail: a case with a wrong expectation is reported, with the reason.
#[test]
fn a_wrong_expectation_fails() {
    let file = r#"{"suite": "reception", "cases": [
      {"id": "wrong-route", "source": "test", "input": {"at": "2025-12-01", "presented": {"legacy_card": {}}},
       "expect": {"coverage": "covered", "route": "myna_online"}},
      {"id": "wrong-alerts", "source": "test", "input": {"at": "2025-12-01", "presented": {"legacy_card": {}}},
       "expect": {"alerts": []}},
      {"id": "unknown-key", "source": "test", "input": {"at": "2025-12-01"}, "expect": {"colour": "blue"}},
      {"id": "expected-error", "source": "test", "input": {"at": "2025-12-01"}, "expect": {"error": "invalid"}}
    ]}"#;
    let report = run_vectors(&RuleSet::builtin(), file).unwrap();
    assert_eq!(report.failed(), 4);
    assert!(report.cases[0].problems[0].contains("route"));
    assert!(report.cases[1].problems[0].contains("legacy_card_ends"));
    assert!(report.cases[2].problems[0].contains("colour"));
}

#[test]
fn malformed_vector_files_are_errors_naming_the_field() {
    let rules = RuleSet::builtin();
    let err = run_vectors(&rules, r#"{"suite": "reception", "cases": [{"id": "x"}]}"#).unwrap_err();
    assert!(err.to_string().contains("cases[0]"), "{err}");
    let dup = r#"{"suite": "rules", "cases": [
      {"id": "a", "source": "s", "input": {}, "expect": {}}, {"id": "a", "source": "s", "input": {}, "expect": {}}]}"#;
    assert!(
        run_vectors(&rules, dup)
            .unwrap_err()
            .to_string()
            .contains("twice")
    );
}

/// Insurer numbers in the shared reception and script vectors are check-digit valid, so the
/// vectors never teach a wrong number (141309, 131011 … are real layouts).
#[test]
fn vector_insurer_numbers_have_valid_check_digits() {
    fn walk(v: &serde_json::Value, found: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(o) => {
                for (k, v) in o {
                    if k == "insurer" {
                        if let Some(s) = v.as_str() {
                            found.push(s.to_owned());
                        }
                    } else {
                        walk(v, found);
                    }
                }
            }
            serde_json::Value::Array(a) => a.iter().for_each(|v| walk(v, found)),
            _ => {}
        }
    }
    let mut found = Vec::new();
    for name in ["reception.json", "script.json"] {
        let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/vectors")
            .join(name);
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        for case in v["cases"].as_array().unwrap() {
            // Cases about a wrong number say so in what they expect.
            let expect = case["expect"].to_string();
            if expect.contains("online_number_fails_check") || expect.contains("personal_number") {
                continue;
            }
            walk(&case["input"], &mut found);
        }
    }
    assert!(found.len() > 10);
    for n in found {
        assert!(
            onshi::numbers::verify_number(onshi::numbers::NumberKind::Insurer, &n).is_ok(),
            "{n}"
        );
    }
}
