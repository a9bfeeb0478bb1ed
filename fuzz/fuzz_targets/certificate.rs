//! Card certificates as DER or PEM, from a card or a file: parsing and the whole check never
//! panic, whatever the bytes.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use onshi::certificate::{Revocation, TestHierarchy, TrustAnchors, UserAuthCertificate};
use onshi::calendar::VisitTime;

static RULES: LazyLock<onshi::RuleSet> = LazyLock::new(onshi::RuleSet::builtin);

fuzz_target!(|data: &[u8]| {
    let _ = onshi::certificate::certificate_der(data);
    let _ = UserAuthCertificate::parse(data, TestHierarchy::Allow);
    // The input as a trust anchor, then as a certificate checked against it.
    let mut anchors = TrustAnchors::new();
    let _ = anchors.add(data);
    if let Ok(at) = VisitTime::parse("2026-01-15T10:00:00+09:00") {
        let _ = onshi::certificate::check_certificate(
            &RULES,
            &anchors,
            data,
            at,
            Revocation::NotChecked,
            TestHierarchy::Allow,
        );
    }
});
