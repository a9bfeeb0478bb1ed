//! Rule tables from files: no table that loads makes `decide` panic, on any of the shared visits.
#![no_main]

use libfuzzer_sys::fuzz_target;

const VISITS: &[&str] = &[
    r#"{"at": "2026-05-31T10:00:00+09:00", "patient": {"birth_date": "1950-01-01"},
        "presented": {"myna_card": {"registration": "registered", "certificate_expires": "2026-02-10",
        "identity": {"method": "face", "outcome": "confirmed"}}}, "online": {"status": "valid", "copay_percent": 30}}"#,
    r#"{"at": "2025-12-02", "facility": {"online": "down"}, "patient": {"birth_date": "2020-04-01"},
        "presented": {"legacy_card": {"expires": "2026-07-31"}}}"#,
    r#"{"at": "2026-01-15", "presented": {"qualification_certificate": {"expires": "2027-07-31"}},
        "care": {"month": "2026-01", "medical_cost": 1000000}, "online": {"status": "valid", "ceiling_category": "ウ"}}"#,
];

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(rules) = onshi::RuleSet::from_json(text) else {
        return;
    };
    for visit in VISITS {
        if let Ok(visit) = onshi::Visit::from_json(visit) {
            let _ = onshi::decide(&rules, &visit);
        }
    }
});
