//! The 個人番号 guard at every door, on any text: no error message of any parser quotes a run of
//! twelve digits (the one redaction), and a text that holds a 個人番号 is refused as one wherever
//! it is put — a visit's free text, a field name, a result file's element, a stored record.
#![no_main]

use libfuzzer_sys::fuzz_target;
use onshi::DescribedError;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let messages = [
        onshi::Visit::from_json(text).err().map(|e| e.message()),
        onshi::RuleSet::from_json(text).err().map(|e| e.message()),
        onshi::records::InsuranceRecord::from_json(text).err().map(|e| e.message()),
        onshi_oqs::QualificationResult::parse(data).err().map(|e| e.message()),
    ];
    for message in messages.into_iter().flatten() {
        assert!(!onshi::numbers::contains_personal_number(&message), "{message}");
    }
    if !onshi::numbers::contains_personal_number(text) {
        return;
    }
    let value = serde_json::Value::from(text);
    let visit = serde_json::json!({"at": "2026-01-15", "online": {"status": "valid", "ceiling_category": value}});
    let refused = onshi::Visit::from_json(&visit.to_string()).unwrap_err();
    assert_eq!(refused.kind(), onshi::error::ErrorKind::PersonalNumber);
    let mut keyed = serde_json::Map::new();
    keyed.insert(text.to_owned(), serde_json::Value::from(1));
    let refused = onshi::Visit::from_json(&serde_json::Value::Object(keyed).to_string()).unwrap_err();
    assert_eq!(refused.kind(), onshi::error::ErrorKind::PersonalNumber);
    let record = serde_json::json!({"name": value});
    assert_eq!(
        onshi::records::InsuranceRecord::from_json(&record.to_string()).unwrap_err().kind(),
        onshi::error::ErrorKind::PersonalNumber
    );
    assert!(onshi::numbers::PersonalField::new(text).is_err());
    let escaped = text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let xml = format!(
        "<XmlMsg><MessageHeader><SegmentOfResult>1</SegmentOfResult></MessageHeader><MessageBody><ResultList><ResultOfQualificationConfirmation><Name>{escaped}</Name></ResultOfQualificationConfirmation></ResultList></MessageBody></XmlMsg>"
    );
    if let Err(e) = onshi_oqs::QualificationResult::parse(xml.as_bytes()) {
        assert!(!onshi::numbers::contains_personal_number(&e.message()));
    } else {
        // Only a text the XML reader cannot hold as it is (a control character it refuses, or
        // one that changes under XML's rules) may fail otherwise: a file that parses never keeps it.
        let parsed = onshi_oqs::QualificationResult::parse(xml.as_bytes()).unwrap();
        assert!(parsed.records.iter().all(|r| !r.name.as_deref().is_some_and(onshi::numbers::contains_personal_number)));
    }
});
