//! The `oqs` conformance suite: result files given as text, encoded as the case says, parsed, and
//! compared by JSON pointer. Format: `tests/vectors/README.md`.

use serde::Deserialize;
use serde_json::Value;

use onshi_oqs::QualificationResult;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Input {
    xml: String,
    #[serde(default)]
    encoding: Option<String>,
}

fn run_case(input: &Value, expect: &Value) -> Vec<String> {
    let mut problems: Vec<String> = expect
        .as_object()
        .map(|o| {
            o.keys()
                .filter(|k| !["error", "fields", "online", "visit_error"].contains(&k.as_str()))
                .map(|k| format!("unknown expect key `{k}`"))
                .collect()
        })
        .unwrap_or_else(|| vec!["expect must be an object".to_owned()]);
    let input: Input = match serde_json::from_value(input.clone()) {
        Ok(i) => i,
        Err(e) => return vec![format!("input: {e}")],
    };
    let bytes = match input.encoding.as_deref() {
        None | Some("utf8") => input.xml.into_bytes(),
        Some("shift_jis") => {
            let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&input.xml);
            if unmappable {
                return vec!["input.xml: a character Shift_JIS cannot hold".to_owned()];
            }
            bytes.into_owned()
        }
        Some(other) => return vec![format!("input.encoding `{other}`: use utf8 or shift_jis")],
    };
    let result = QualificationResult::parse(&bytes);
    match (result, expect.get("error")) {
        (Err(e), Some(kind)) => {
            if kind != &Value::from(onshi::Vocabulary::slug(e.kind())) {
                problems.push(format!("error: expected {kind}, got {} ({e})", e.kind()));
            }
        }
        (Err(e), None) => problems.push(format!("refused: {e}")),
        (Ok(_), Some(kind)) => problems.push(format!("expected error {kind}, the file parsed")),
        (Ok(r), None) => {
            let actual = serde_json::to_value(&r).unwrap_or(Value::Null);
            if let Some(fields) = expect.get("fields").and_then(Value::as_object) {
                for (pointer, want) in fields {
                    let got = actual.pointer(pointer).cloned().unwrap_or(Value::Null);
                    if &got != want {
                        problems.push(format!("{pointer}: expected {want}, got {got}"));
                    }
                }
            }
            if let Some(want) = expect.get("visit_error") {
                // The visit a decision would be made from (at a fixed time: the file may have none).
                let at = onshi::calendar::VisitTime::parse("2026-01-15").ok();
                match r.visit(at, onshi_oqs::QueriedDocument::LegacyCard) {
                    Err(e) if want == &Value::from(onshi::Vocabulary::slug(e.kind())) => {}
                    Err(e) => {
                        problems.push(format!("visit_error: expected {want}, got {}", e.kind()))
                    }
                    Ok(_) if want.is_null() => {}
                    Ok(_) => problems.push(format!("visit_error: expected {want}, got a visit")),
                }
            }
            if let Some(want) = expect.get("online").and_then(Value::as_object) {
                let got = serde_json::to_value(r.online_result()).unwrap_or(Value::Null);
                for (key, value) in want {
                    let g = got.get(key).cloned().unwrap_or(Value::Null);
                    if &g != value {
                        problems.push(format!("online.{key}: expected {value}, got {g}"));
                    }
                }
            }
        }
    }
    problems
}

/// Runs a vector file of suite `oqs`.
///
/// # Errors
/// [`onshi::error::InputError::Invalid`] when the text is not a vector file of this suite.
///
/// # Example
/// ```
/// let file = r#"{"suite": "oqs", "cases": [{"id": "c", "source": "reference/oqs-interface.md §3",
///   "input": {"xml": "<XmlMsg><MessageHeader><SegmentOfResult>9</SegmentOfResult></MessageHeader></XmlMsg>"},
///   "expect": {"online": {"status": "unavailable"}}}]}"#;
/// let report = onshi_vectors::run_oqs_vectors(file).unwrap();
/// assert_eq!((report.passed(), report.failed()), (1, 0));
/// ```
pub fn run_oqs_vectors(text: &str) -> Result<crate::VectorReport, onshi::error::InputError> {
    let file: crate::VectorFile = crate::read_file(text)?;
    if file.suite != "oqs" {
        return Err(onshi::error::InputError::Invalid {
            field: "suite".to_owned(),
            problem: format!("`{}` is not the oqs suite", file.suite),
        });
    }
    let cases = file
        .cases
        .iter()
        .map(|c| crate::CaseResult {
            id: c.id.clone(),
            problems: run_case(&c.input, &c.expect),
        })
        .collect();
    Ok(crate::VectorReport {
        suite: file.suite,
        cases,
    })
}

/// Runs a vector file of any suite: `oqs` here, every other suite in
/// [`run_vectors`](crate::run_vectors) against `rules`. This is the one entry the CLI and
/// the bindings use, so a new suite is dispatched in one place.
///
/// # Errors
/// [`onshi::error::InputError::Invalid`] when the text is not a vector file, or its
/// suite is unknown.
///
/// # Example
/// ```
/// let rules = onshi::RuleSet::builtin();
/// let file = r#"{"suite": "numbers", "cases": []}"#;
/// let report = onshi_vectors::run_any_vectors(&rules, file).unwrap();
/// assert_eq!(report.suite, "numbers");
/// ```
pub fn run_any_vectors(
    rules: &onshi::RuleSet,
    text: &str,
) -> Result<crate::VectorReport, onshi::error::InputError> {
    let suite = serde_json::from_str::<Value>(text)
        .ok()
        .and_then(|v| v.get("suite").and_then(Value::as_str).map(|s| s == "oqs"));
    if suite == Some(true) {
        run_oqs_vectors(text)
    } else {
        crate::run_vectors(rules, text)
    }
}
