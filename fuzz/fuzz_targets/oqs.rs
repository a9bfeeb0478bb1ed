//! オンライン資格確認 files from the shared folder, UTF-8 or Shift_JIS: every reader returns a
//! value or an error, never panics, and a parsed result always gives a visit and a decision.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use onshi_oqs::{QualificationResult, QueriedDocument};

static RULES: LazyLock<onshi::RuleSet> = LazyLock::new(onshi::RuleSet::builtin);

fuzz_target!(|data: &[u8]| {
    if let Ok(result) = QualificationResult::parse(data) {
        let _ = result.online_result();
        if let Ok(visit) = result.visit(None, QueriedDocument::LegacyCard) {
            let _ = onshi::decide(&RULES, &visit);
        }
    }
    let _ = onshi_oqs::read_batch(data, |unit| drop(unit.online_result()));
    let _ = onshi_oqs::UploadReceipt::parse(data);
    let _ = onshi_oqs::registration_results(data);
});
