//! Visits as JSON (the CLI, the C and Python bindings take them): any visit that loads is decided
//! without a panic, and its decision serialises.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;

static RULES: LazyLock<onshi::RuleSet> = LazyLock::new(onshi::RuleSet::builtin);

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(visit) = onshi::Visit::from_json(text) {
        if let Ok(decision) = onshi::decide(&RULES, &visit) {
            let _ = serde_json::to_string(&decision);
        }
    }
});
