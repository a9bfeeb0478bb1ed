//! Result files: the real anonymised sample from ../shared and the hand-written fixtures.
#![cfg(test)]

use std::path::PathBuf;

use onshi::reception::{OnlineStatus, QueryKind};
use onshi_oqs::{
    Consent, Encoding, InsuredCardClassification, LimitCategory, OqsError, QualificationResult,
    QualificationValidity, ReasonOfLoss, ReferenceClassification, SegmentOfResult, Sex,
    check_answer,
};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
    )
    .unwrap()
}

#[test]
fn the_real_sample_parses_to_its_values() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/oqs-samples/myclinic-face-result-utf8.xml");
    let Ok(bytes) = std::fs::read(&path) else {
        eprintln!(
            "skipped: {} is absent (the sample lives in ../shared)",
            path.display()
        );
        return;
    };
    let r = QualificationResult::parse(&bytes).unwrap();
    assert_eq!(r.encoding, Encoding::Utf8);
    assert_eq!(
        r.header.medical_institution_code.as_deref(),
        Some("1311111111")
    );
    assert_eq!(
        r.header.arbitrary_file_identifier.as_deref(),
        Some("ArnHCeDfNjMCFzg=")
    );
    assert_eq!(
        r.header.reference_classification,
        Some(ReferenceClassification::Card)
    );
    assert_eq!(r.header.segment_of_result, Some(SegmentOfResult::Normal));
    assert_eq!(
        r.header
            .qualification_confirmation_date
            .unwrap()
            .to_string(),
        "2023-02-21"
    );
    assert_eq!(r.qualification_validity, Some(QualificationValidity::Valid));
    assert_eq!(r.records.len(), 1);
    let rec = &r.records[0];
    assert_eq!(rec.insurer_number.as_deref(), Some("123456")); // "  123456" normalised
    assert_eq!(rec.symbol.as_deref(), Some("12-34"));
    assert_eq!(rec.number.as_deref(), Some("4260"));
    assert_eq!(rec.branch.as_deref(), Some("01")); // leading zero kept
    assert_eq!(rec.name.as_deref(), Some("診療\u{3000}太郎")); // full-width space kept
    assert_eq!(rec.name_kana.as_deref(), Some("ｼﾝﾘｮｳ ﾀﾛｳ"));
    assert_eq!(rec.sex, Some(Sex::Male));
    assert_eq!(rec.birthdate.unwrap().to_string(), "2001-03-27");
    assert_eq!(rec.card_issued.unwrap().to_string(), "2019-10-01");
    assert_eq!(
        rec.card_classification,
        Some(InsuredCardClassification::General)
    );
    assert_eq!(rec.pharmacists_consent.as_ref().unwrap().flag, Consent::Yes);
    assert_eq!(rec.diagnosis_consent.as_ref().unwrap().flag, Consent::No);
    assert_eq!(rec.limit_consent, Some(Consent::No));
    assert!(
        rec.other
            .contains_key("SpecificDiseasesCertificateRelatedConsFlg")
    );
    let online = r.online_result();
    assert_eq!(
        (online.status, online.query),
        (OnlineStatus::Valid, QueryKind::Card)
    );
    assert_eq!(
        r.processed_at().unwrap().instant().to_rfc3339(),
        "2023-02-21T17:48:35+09:00"
    );
    // Personal fields stay out of Debug.
    assert!(!format!("{rec:?}").contains("太郎"));
}

#[test]
fn shift_jis_face_file_in_any_element_order() {
    let r = QualificationResult::parse(&fixture("face-sjis-late-elderly.xml")).unwrap();
    assert_eq!(r.encoding, Encoding::ShiftJis);
    let rec = &r.records[0];
    assert_eq!(rec.name.as_deref(), Some("試験\u{3000}●子")); // 外字 ● preserved
    assert_eq!(
        rec.insurer_name.as_deref(),
        Some("東京都後期高齢者医療広域連合")
    );
    assert_eq!(rec.copay_percent, Some(10));
    assert_eq!(rec.number.as_deref(), Some("00012345"));
    let limit = rec.limit.as_ref().unwrap();
    assert_eq!(limit.category, Some(LimitCategory::GeneralI));
    let online = r.online_result();
    assert_eq!(online.copay_percent, Some(10));
    assert_eq!(online.ceiling_category.as_deref(), Some("一般Ⅰ"));
    assert_eq!(online.insurer.unwrap().as_str(), "39131016");
}

#[test]
fn identifier_and_declaration_must_agree() {
    let err =
        QualificationResult::parse(&fixture("declared-sjis-identifier-utf8.xml")).unwrap_err();
    assert!(
        matches!(
            err,
            OqsError::EncodingMismatch {
                actual: "Shift_JIS",
                says: "UTF-8",
                ..
            }
        ),
        "{err}"
    );
    // Shift_JIS bytes without a declaration are read as UTF-8 and refused, not garbled.
    let sjis = fixture("face-sjis-late-elderly.xml");
    let body = &sjis[sjis.iter().position(|b| *b == b'\n').unwrap()..];
    let stripped = [b"<?xml version=\"1.0\"?>".as_slice(), body].concat();
    assert_eq!(
        QualificationResult::parse(&stripped).unwrap_err().kind(),
        onshi::error::ErrorKind::Decode
    );
}

#[test]
fn invalid_qualification_keeps_unknown_codes_and_elements() {
    let r = QualificationResult::parse(&fixture("result-invalid-new-insurer.xml")).unwrap();
    assert_eq!(
        r.qualification_validity,
        Some(QualificationValidity::InvalidNewerExists)
    );
    let rec = &r.records[0];
    assert_eq!(rec.reason_of_loss, Some(ReasonOfLoss::NewInsurance));
    assert_eq!(
        rec.card_classification,
        Some(InsuredCardClassification::Unknown("Z9".into()))
    );
    assert_eq!(
        rec.other.get("FutureElement").map(String::as_str),
        Some("kept")
    );
    assert_eq!(rec.symbol.as_deref(), Some("１２３")); // kept as given: matching normalises, storage does not
    let online = r.online_result();
    assert_eq!(
        (online.status, online.query),
        (OnlineStatus::Invalid, QueryKind::InsuredNumber)
    );
    assert!(check_answer(&r, "R20260115093005000042").is_ok());
}

#[test]
fn abnormal_end_and_multiple_matches() {
    let r = QualificationResult::parse(&fixture("result-abnormal-end.xml")).unwrap();
    assert_eq!(r.header.segment_of_result, Some(SegmentOfResult::Abnormal));
    assert_eq!(
        r.header.error_message.as_deref(),
        Some("システムエラーが発生しました")
    );
    assert_eq!(r.online_result().status, OnlineStatus::Unavailable);
    let r = QualificationResult::parse(&fixture("result-multiple-matches.xml")).unwrap();
    assert_eq!(r.records.len(), 2);
    assert_eq!(r.online_result().status, OnlineStatus::NotFound);
}

#[test]
fn broken_files_are_typed_errors() {
    assert_eq!(
        QualificationResult::parse(&fixture("truncated.xml"))
            .unwrap_err()
            .kind(),
        onshi::error::ErrorKind::Xml
    );
    assert_eq!(
        QualificationResult::parse(&fixture("with-dtd.xml"))
            .unwrap_err()
            .kind(),
        onshi::error::ErrorKind::Dtd
    );
    let dup = b"<XmlMsg><MessageHeader/><MessageHeader/></XmlMsg>";
    assert!(matches!(
        QualificationResult::parse(dup),
        Err(OqsError::Duplicate { count: 2, .. })
    ));
    let date = b"<XmlMsg><MessageHeader><QualificationConfirmationDate>2023-02-21</QualificationConfirmationDate></MessageHeader></XmlMsg>";
    assert_eq!(
        QualificationResult::parse(date).unwrap_err().kind(),
        onshi::error::ErrorKind::BadValue
    );
    assert_eq!(
        QualificationResult::parse(b"<Other/>").unwrap_err().kind(),
        onshi::error::ErrorKind::Missing
    );
    assert_eq!(
        QualificationResult::parse(b"<?xml version=\"1.0\" encoding=\"EUC-JP\"?><XmlMsg/>")
            .unwrap_err()
            .kind(),
        onshi::error::ErrorKind::UnsupportedEncoding
    );
    assert_eq!(
        QualificationResult::parse(b"\xff\xfe<XmlMsg/>")
            .unwrap_err()
            .kind(),
        onshi::error::ErrorKind::Decode
    );
}

/// A result whose record fields are given, for the 個人番号 guard.
fn record_with(fields: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><XmlMsg><MessageHeader><CharacterCodeIdentifier>0</CharacterCodeIdentifier>
<SegmentOfResult>1</SegmentOfResult></MessageHeader><MessageBody><ProcessingResultStatus>1</ProcessingResultStatus>
<QualificationValidity>1</QualificationValidity><ResultList><ResultOfQualificationConfirmation>{fields}
</ResultOfQualificationConfirmation></ResultList></MessageBody></XmlMsg>"#
    )
}

#[test]
fn a_my_number_in_a_persons_field_refuses_the_file_without_showing_it() {
    for (tag, value) in [
        ("InsuredIdentificationNumber", "983205673214"),
        ("InsuredCardSymbol", "9832\u{2212}0567\u{2212}3214"),
        ("InsuredBranchNumber", "９８３２０５６７３２１４"),
        ("Name", "9832 0567 3214"),
        ("Address", "9832-0567-3214"),
    ] {
        let xml = record_with(&format!("<{tag}>{value}</{tag}>"));
        let err = onshi_oqs::QualificationResult::parse(xml.as_bytes()).unwrap_err();
        assert_eq!(
            err.kind(),
            onshi::error::ErrorKind::PersonalNumber,
            "{tag}: {err}"
        );
        let message = err.to_string();
        assert!(
            message.contains(tag) && !message.contains("0567") && !message.contains("０５６７"),
            "{message}"
        );
    }
    // A date, a ratio or a code holding one is refused by the same guard, the value not shown.
    for tag in [
        "QualificationDate",
        "InsuredPartialContributionRatio",
        "InsurerNumber",
    ] {
        let xml = record_with(&format!("<{tag}>983205673214</{tag}>"));
        let err = onshi_oqs::QualificationResult::parse(xml.as_bytes()).unwrap_err();
        assert_eq!(err.kind(), onshi::error::ErrorKind::PersonalNumber, "{tag}");
        assert!(!err.to_string().contains("983205673214"), "{err}");
    }
    // An ordinary 12-digit identifier elsewhere is not a person's field and is kept.
    let xml = record_with("<InsuredIdentificationNumber>1234</InsuredIdentificationNumber>");
    assert!(onshi_oqs::QualificationResult::parse(xml.as_bytes()).is_ok());
}

#[test]
fn a_birth_date_after_the_visit_is_an_input_error_not_a_childs_ratio() {
    let xml = r#"<?xml version="1.0" encoding="UTF-8"?><XmlMsg><MessageHeader><ProcessExecutionTime>20261130100000</ProcessExecutionTime>
<CharacterCodeIdentifier>0</CharacterCodeIdentifier><SegmentOfResult>1</SegmentOfResult><ReferenceClassification>1</ReferenceClassification></MessageHeader>
<MessageBody><ProcessingResultStatus>1</ProcessingResultStatus><QualificationValidity>1</QualificationValidity><ResultList>
<ResultOfQualificationConfirmation><InsurerNumber>06130017</InsurerNumber><Birthdate>20300101</Birthdate></ResultOfQualificationConfirmation>
</ResultList></MessageBody></XmlMsg>"#;
    let result = onshi_oqs::QualificationResult::parse(xml.as_bytes()).unwrap();
    let visit = result
        .visit(None, onshi_oqs::QueriedDocument::LegacyCard)
        .unwrap();
    let err = onshi::decide(&onshi::RuleSet::builtin(), &visit).unwrap_err();
    assert_eq!(err.kind(), onshi::error::ErrorKind::Inconsistent);
    assert!(
        err.to_string().contains("patient.birth_date") && !err.to_string().contains("2030"),
        "{err}"
    );
}

/// A result record's 記号・番号・枝番 become the insurance record's through the one constructor: a
/// 枝番 of letters or a 記号 without its 番号 is refused, naming the element, never the value.
#[test]
fn a_result_records_insured_number_is_held_to_its_fields() {
    let record = |insured: &str| {
        let xml = format!(
            "<XmlMsg><MessageHeader><SegmentOfResult>1</SegmentOfResult></MessageHeader><MessageBody>\
             <ResultList><ResultOfQualificationConfirmation><InsurerNumber>06130017</InsurerNumber>{insured}\
             </ResultOfQualificationConfirmation></ResultList></MessageBody></XmlMsg>"
        );
        let result = onshi_oqs::QualificationResult::parse(xml.as_bytes()).unwrap();
        result.records[0].insurance_record()
    };
    let ok = record("<InsuredCardSymbol>12-34</InsuredCardSymbol><InsuredIdentificationNumber>4260</InsuredIdentificationNumber><InsuredBranchNumber>01</InsuredBranchNumber>").unwrap();
    assert_eq!(ok.insured.unwrap().branch(), Some("01"));
    for (insured, element) in [
        (
            "<InsuredIdentificationNumber>4260</InsuredIdentificationNumber><InsuredBranchNumber>0A</InsuredBranchNumber>",
            "InsuredBranchNumber",
        ),
        (
            "<InsuredCardSymbol>12-34</InsuredCardSymbol>",
            "InsuredIdentificationNumber",
        ),
    ] {
        let e = record(insured).unwrap_err();
        assert!(e.to_string().contains(element), "{e}");
        assert!(
            !e.to_string().contains("0A") && !e.to_string().contains("12-34"),
            "{e}"
        );
    }
    assert_eq!(record("").unwrap().insured, None);
}
