//! The runner of onshi's shared conformance vectors (`tests/vectors/*.json`, format in
//! `tests/vectors/README.md`): every suite, run through the Rust API. Test support, not part of
//! onshi's public API: each language proves itself by running the same files through its own typed
//! API (C's `typed.c`, Python's `test_vectors.py`, Kotlin's `TypedVectorsTest`); the bindings keep
//! a JSON pass-through to this runner only as a convenience (`onshi vectors`, `run_vectors`).
//!
//! ```
//! let file = r#"{"suite": "numbers", "cases": [{"id": "n1", "source": "reference",
//!   "input": {"kind": "insurer", "value": "06130017"}, "expect": {"valid": true}}]}"#;
//! let report = onshi_vectors::run_any_vectors(&onshi::RuleSet::builtin(), file)?;
//! assert_eq!((report.passed(), report.failed()), (1, 0));
//! # Ok::<(), onshi::error::InputError>(())
//! ```
#![forbid(unsafe_code)]

mod core_suites;
mod oqs_suite;
mod records;

pub use core_suites::{CaseResult, VectorCase, VectorFile, VectorReport, run_vectors};
pub use oqs_suite::{run_any_vectors, run_oqs_vectors};

/// A vector file's outline (suite and cases), read as plain JSON: vector files are test data and
/// hold what the doors must refuse (the numbers suite gives 個人番号 to `verify_number`, the card
/// suite hex that may read as one), so the file itself is not held to the 個人番号 guard; every
/// input a case gives reaches onshi through the same door a user's input does.
pub(crate) fn read_file(text: &str) -> Result<VectorFile, onshi::error::InputError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let de = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(de).map_err(|e| onshi::error::InputError::Invalid {
        field: onshi::screen::redact(&e.path().to_string()).into_owned(),
        problem: onshi::screen::redact(&e.into_inner().to_string()).into_owned(),
    })
}
