//! Runs the shared oqs-*.json conformance vectors through this crate.
#![cfg(test)]

use std::path::PathBuf;

#[test]
fn every_oqs_vector_passes() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors");
    let mut total = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !(name.starts_with("oqs-") && name.ends_with(".json")) {
            continue;
        }
        let report =
            onshi_vectors::run_oqs_vectors(&std::fs::read_to_string(&path).unwrap()).unwrap();
        for case in &report.cases {
            assert!(case.passed(), "{name}#{}: {:?}", case.id, case.problems);
        }
        total += report.cases.len();
    }
    assert!(total >= 25, "only {total} oqs cases");
}

#[test]
fn a_wrong_expectation_fails() {
    let file = r#"{"suite": "oqs", "cases": [{"id": "x", "source": "s",
      "input": {"xml": "<XmlMsg><MessageHeader/></XmlMsg>"}, "expect": {"online": {"status": "valid"}, "colour": 1}}]}"#;
    let report = onshi_vectors::run_oqs_vectors(file).unwrap();
    assert_eq!(report.failed(), 1);
    assert_eq!(
        report.cases[0].problems.len(),
        2,
        "{:?}",
        report.cases[0].problems
    );
}
