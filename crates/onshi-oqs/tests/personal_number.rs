//! The 個人番号 guard at the オンライン資格確認 boundary: a 12-digit My Number, written with any
//! separators or widths, in any leaf of a result, a 一括照会 result or a 照会番号登録 result, or in any
//! field of a request, never appears in what onshi gives back — the parsed records (their JSON and
//! `Debug`), the visit and decision made from them, or an error (SECURITY.md, "Personal data").
//!
//! File identifiers and time stamps are the exception, by design: they are never about a person and
//! peers number their files with 12-digit sequences, so they pass unchanged (tested below).
#![cfg(test)]

use std::ops::Range;

use onshi_oqs::{
    BulkDownloadRequest, BulkQueryRequest, Encoding, QualificationRequest, QualificationResult,
    QueriedDocument, ReferenceRegistrationRequest, WITHHELD, read_batch, registration_results,
};
use proptest::prelude::*;

/// A single result with every leaf onshi reads and some it does not model.
const RESULT: &str = r#"<?xml version="1.0" encoding="UTF-8"?><XmlMsg><MessageHeader>
<ProcessExecutionTime>20261130093000</ProcessExecutionTime><QualificationConfirmationDate>20261130</QualificationConfirmationDate>
<MedicalInstitutionCode>1311111111</MedicalInstitutionCode><ArbitraryFileIdentifier>R0001</ArbitraryFileIdentifier>
<ReferenceClassification>2</ReferenceClassification><SegmentOfResult>1</SegmentOfResult><ErrorCode>E1</ErrorCode>
<ErrorMessage>none</ErrorMessage><CharacterCodeIdentifier>0</CharacterCodeIdentifier></MessageHeader>
<MessageBody><PrescriptionIssueSelect>1</PrescriptionIssueSelect><ProcessingResultStatus>1</ProcessingResultStatus>
<ProcessingResultCode>C1</ProcessingResultCode><ProcessingResultMessage>ok</ProcessingResultMessage>
<QualificationValidity>1</QualificationValidity><ResultList><ResultOfQualificationConfirmation>
<InsuredCardClassification>01</InsuredCardClassification><InsurerNumber>06130017</InsurerNumber>
<InsuredCardSymbol>12-34</InsuredCardSymbol><InsuredIdentificationNumber>4260</InsuredIdentificationNumber>
<InsuredBranchNumber>00</InsuredBranchNumber><PersonalFamilyClassification>1</PersonalFamilyClassification>
<InsuredName>世帯主</InsuredName><Name>受診　太郎</Name><NameOfOther>別名</NameOfOther><NameKana>ｼﾞｭｼﾝ ﾀﾛｳ</NameKana>
<Sex1>1</Sex1><Sex2>1</Sex2><Birthdate>19800101</Birthdate><Address>東京都千代田区1-2-3</Address><PostNumber>100-0001</PostNumber>
<QualificationDate>20200401</QualificationDate><DisqualificationDate>20300331</DisqualificationDate><ReasonOfLoss>1</ReasonOfLoss>
<InsuredCertificateIssuanceDate>20200401</InsuredCertificateIssuanceDate><InsuredCardValidDate>20200401</InsuredCardValidDate>
<InsuredCardExpirationDate>20300331</InsuredCardExpirationDate><InsuredPartialContributionRatio>030</InsuredPartialContributionRatio>
<PreschoolClassification>0</PreschoolClassification><InsurerName>全国健康保険協会</InsurerName>
<ElderlyRecipientCertificateInfo><ElderlyRecipientCertificateDate>20250801</ElderlyRecipientCertificateDate>
<ElderlyRecipientContributionRatio>020</ElderlyRecipientContributionRatio></ElderlyRecipientCertificateInfo>
<LimitApplicationCertificateRelatedConsFlg>1</LimitApplicationCertificateRelatedConsFlg>
<LimitApplicationCertificateRelatedConsTime>20261130093000</LimitApplicationCertificateRelatedConsTime>
<LimitApplicationCertificateRelatedInfo><LimitApplicationCertificateClassification>01</LimitApplicationCertificateClassification>
<LimitApplicationCertificateClassificationFlag>A03</LimitApplicationCertificateClassificationFlag>
<LimitApplicationCertificateValidStartDate>20260801</LimitApplicationCertificateValidStartDate>
<LimitApplicationCertificateValidEndDate>20270731</LimitApplicationCertificateValidEndDate>
<LimitApplicationCertificateLongTermDate>20260901</LimitApplicationCertificateLongTermDate></LimitApplicationCertificateRelatedInfo>
<SpecificDiseasesCertificateList><SpecificDiseasesCertificateInfo><SpecificDiseasesDiseaseCategory>1</SpecificDiseasesDiseaseCategory>
<SpecificDiseasesCertificateDate>20250401</SpecificDiseasesCertificateDate><SpecificDiseasesValidStartDate>20250401</SpecificDiseasesValidStartDate>
<SpecificDiseasesValidEndDate>20270331</SpecificDiseasesValidEndDate><SpecificDiseasesSelfPay>10000</SpecificDiseasesSelfPay>
</SpecificDiseasesCertificateInfo></SpecificDiseasesCertificateList>
<PharmacistsInfoConsFlg>1</PharmacistsInfoConsFlg><PharmacistsInfoConsTime>20261130093000</PharmacistsInfoConsTime>
<PharmacistsInfoAvailableTime>20261230093000</PharmacistsInfoAvailableTime>
<DiagnosisInfoConsFlg>1</DiagnosisInfoConsFlg><OperationInfoConsFlg>0</OperationInfoConsFlg>
<SpecificHealthCheckupsInfoConsFlg>1</SpecificHealthCheckupsInfoConsFlg>
<ArbitraryIdentifier>chart-1</ArbitraryIdentifier><ReferenceNumber>ref-1</ReferenceNumber>
<QualificationConfirmationKey>key-1</QualificationConfirmationKey><Remarks1>備考</Remarks1>
</ResultOfQualificationConfirmation></ResultList></MessageBody></XmlMsg>"#;

/// A 一括照会 result: a header and two units.
const BATCH: &str = r#"<?xml version="1.0" encoding="UTF-8"?><XmlMsg><MessageHeader>
<CharacterCodeIdentifier>0</CharacterCodeIdentifier><ReceptionNumber>RCPT0001</ReceptionNumber>
<NumberOfProcessingResult>2</NumberOfProcessingResult></MessageHeader><MessageBody>
<BulkConfirmUnit><QualificationConfirmSearchInfo><InsurerNumber>06130017</InsurerNumber>
<ArbitraryIdentifier>chart-1</ArbitraryIdentifier></QualificationConfirmSearchInfo>
<ProcessingResultStatus>1</ProcessingResultStatus><ProcessingResultCode>C1</ProcessingResultCode>
<ProcessingResultMessage>ok</ProcessingResultMessage><QualificationValidity>1</QualificationValidity>
<ResultOfQualificationConfirmation><Name>受診　●者</Name><InsurerNumber>06130017</InsurerNumber>
<InsuredIdentificationNumber>4260</InsuredIdentificationNumber><Remarks2>備考</Remarks2></ResultOfQualificationConfirmation>
<LimitApplicationCertificateChanged>0</LimitApplicationCertificateChanged></BulkConfirmUnit>
<BulkConfirmUnit><QualificationConfirmSearchInfo><InsurerNumber>39131016</InsurerNumber></QualificationConfirmSearchInfo>
<ProcessingResultStatus>2</ProcessingResultStatus><ProcessingResultMessage>該当なし</ProcessingResultMessage></BulkConfirmUnit>
</MessageBody></XmlMsg>"#;

/// A 照会番号一括登録 result.
const REGISTRATION: &str = r#"<?xml version="1.0" encoding="UTF-8"?><XmlMsg><MessageHeader>
<CharacterCodeIdentifier>0</CharacterCodeIdentifier><ArbitraryFileIdentifier>000000000001</ArbitraryFileIdentifier>
</MessageHeader><MessageBody><BulkRegistrationUnit><ReferenceNumberRegistrationInfo><ReferenceNumber>chart-1</ReferenceNumber>
<InsurerNumber>06130017</InsurerNumber><InsuredIdentificationNumber>4260</InsuredIdentificationNumber></ReferenceNumberRegistrationInfo>
<ProcessingResultStatus>1</ProcessingResultStatus><ProcessingResultCode>C1</ProcessingResultCode>
<ProcessingResultMessage>登録しました</ProcessingResultMessage></BulkRegistrationUnit></MessageBody></XmlMsg>"#;

/// Elements that are never about a person and keep any value: file identifiers, time stamps.
fn is_machine_value(tag: &str) -> bool {
    matches!(
        tag,
        "ArbitraryFileIdentifier"
            | "ReceptionNumber"
            | "ProcessExecutionTime"
            | "ReceptionDateTime"
    ) || tag.ends_with("ConsTime") && tag != "LimitApplicationCertificateRelatedConsTime"
        || tag.ends_with("AvailableTime")
}

/// The text ranges of the leaves of `xml` (`<Tag>text</Tag>`), with their tag names.
fn leaves(xml: &str) -> Vec<(String, Range<usize>)> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(open) = xml.get(at..).and_then(|s| s.find('<')).map(|i| at + i) {
        let Some(close) = xml[open..].find('>').map(|i| open + i) else {
            break;
        };
        let tag = &xml[open + 1..close];
        at = close + 1;
        if tag.starts_with(['/', '?']) {
            continue;
        }
        if let Some(end) = xml[at..].find('<').map(|i| at + i)
            && xml[end..].starts_with(&format!("</{tag}>"))
        {
            out.push((tag.to_owned(), at..end));
        }
    }
    out
}

const SEPARATORS: &[&str] = &["", " ", "-", "\t", "\u{2212}", "\u{3000}", "\u{200B}", "."];

/// A valid 個人番号 and a written form of it.
fn my_number() -> impl Strategy<Value = (String, String)> {
    (
        proptest::collection::vec(0u32..10, 11),
        0..SEPARATORS.len(),
        any::<bool>(),
        "[a-zぁ-ん ]{0,3}",
    )
        .prop_map(|(body, sep, wide, around)| {
            let number = onshi_testkit::my_number(&body);
            let mut text = around.clone();
            for (i, c) in number.chars().enumerate() {
                if i > 0 && i % 4 == 0 {
                    text.push_str(SEPARATORS[sep]);
                }
                text.push(if wide {
                    char::from_u32(c as u32 + 0xFEE0).unwrap_or(c)
                } else {
                    c
                });
            }
            text.push_str(&around);
            (number, text)
        })
}

/// Whether `out` shows the number: its digits in a row, all three groups of four, or the text.
fn leaked(out: &str, number: &str, text: &str) -> bool {
    let digits: String = out.chars().filter(char::is_ascii_digit).collect();
    digits.contains(number)
        || [&number[0..4], &number[4..8], &number[8..12]]
            .iter()
            .all(|g| out.contains(g))
        || out.contains(text.trim())
}

/// Everything onshi gives back for `xml` read as `kind`: the records' JSON and Debug, the visit
/// and decision for a single result, or the error.
fn outputs(kind: usize, xml: &str) -> Result<String, String> {
    let bytes = xml.as_bytes();
    match kind {
        0 => {
            let result = QualificationResult::parse(bytes).map_err(|e| e.to_string())?;
            let mut out = format!("{result:?}{}", serde_json::to_string(&result).unwrap());
            match result.visit(None, QueriedDocument::LegacyCard) {
                Err(e) => out.push_str(&e.to_string()),
                Ok(visit) => {
                    out.push_str(&serde_json::to_string(&visit).unwrap());
                    match onshi::decide(&onshi::RuleSet::builtin(), &visit) {
                        Ok(d) => out.push_str(&serde_json::to_string(&d).unwrap()),
                        Err(e) => out.push_str(&e.to_string()),
                    }
                }
            }
            Ok(out)
        }
        1 => {
            let mut out = String::new();
            let summary = read_batch(bytes, |unit| {
                out.push_str(&format!(
                    "{unit:?}{}",
                    serde_json::to_string(&unit).unwrap()
                ));
            })
            .map_err(|e| format!("{out}{e}"))?;
            Ok(format!("{out}{summary:?}"))
        }
        _ => {
            let units = registration_results(bytes).map_err(|e| e.to_string())?;
            Ok(format!(
                "{units:?}{}",
                serde_json::to_string(&units).unwrap()
            ))
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(768))]
    #[test]
    fn a_my_number_in_any_leaf_of_any_result_never_reaches_an_output_or_an_error(
        kind in 0usize..3,
        leaf in any::<proptest::sample::Index>(),
        (number, text) in my_number(),
    ) {
        let template = [RESULT, BATCH, REGISTRATION][kind];
        let leaves: Vec<_> = leaves(template)
            .into_iter()
            .filter(|(tag, _)| !is_machine_value(tag) && tag != "CharacterCodeIdentifier")
            .collect();
        let (tag, range) = leaf.get(&leaves);
        let xml = format!("{}{text}{}", &template[..range.start], &template[range.end..]);
        match outputs(kind, &xml) {
            Ok(out) => prop_assert!(!leaked(&out, &number, &text), "{tag}: {out}"),
            Err(e) => {
                prop_assert!(!leaked(&e, &number, &text), "{tag}: {e}");
                prop_assert!(e.contains(tag.as_str()), "{tag}: the error names the element: {e}");
            }
        }
    }

    #[test]
    fn a_my_number_in_any_request_field_is_refused_as_personal_number_and_not_shown(
        kind in 0usize..4,
        field in any::<proptest::sample::Index>(),
        (number, text) in my_number(),
        shift_jis in any::<bool>(),
    ) {
        let template = [
            serde_json::json!({"medical_institution_code": "1311111111", "arbitrary_file_identifier": "R0001",
                "insurer_number": "06130017", "symbol": "12-34", "number": "4260", "branch": "00",
                "birthdate": "19800101", "limit_consent": true}),
            serde_json::json!({"medical_institution_code": "1311111111", "arbitrary_file_identifier": "B0001",
                "queries": [{"insurer_number": "06130017", "symbol": "1", "number": "45", "branch": "00",
                             "birthdate": "19800101", "arbitrary_identifier": "chart-1"},
                            {"insurer_number": "39131016", "number": "12345678"}]}),
            serde_json::json!({"medical_institution_code": "1311111111", "arbitrary_file_identifier": "000000000001",
                "entries": [{"reference_number": "chart-1", "insurer_number": "06130017", "symbol": "1",
                             "number": "4260", "branch": "01"}]}),
            serde_json::json!({"medical_institution_code": "1311111111", "reception_number": "RCPT0001"}),
        ][kind].clone();
        let mut fields = Vec::new();
        string_fields(&template, String::new(), &mut fields);
        fields.retain(|f| !f.ends_with("/arbitrary_file_identifier") && !f.ends_with("/reception_number"));
        let pointer = field.get(&fields);
        let mut request = template;
        *request.pointer_mut(pointer).unwrap() = serde_json::Value::from(text.clone());
        let encoding = if shift_jis { Encoding::ShiftJis } else { Encoding::Utf8 };
        // The insured number refuses a 個人番号 as it is read (`onshi::numbers::InsuredNumber`); every other
        // field, the writer.
        fn write<T: serde::de::DeserializeOwned>(
            request: serde_json::Value,
            to_xml: impl Fn(&T) -> Result<Vec<u8>, onshi_oqs::OqsError>,
        ) -> Result<Vec<u8>, (String, String)> {
            let request: T = serde_json::from_value(request)
                .map_err(|e| ("personal_number (read)".to_owned(), e.to_string()))?;
            to_xml(&request).map_err(|e| (onshi::Vocabulary::slug(e.kind()).to_owned(), e.to_string()))
        }
        let written = match kind {
            0 => write(request, |r: &QualificationRequest| r.to_xml(encoding)),
            1 => write(request, |r: &BulkQueryRequest| r.to_xml(encoding)),
            2 => write(request, |r: &ReferenceRegistrationRequest| r.to_xml(encoding)),
            _ => write(request, |r: &BulkDownloadRequest| r.to_xml(encoding)),
        };
        let (kind, err) = written.expect_err("a request holding a 個人番号 is never written");
        if kind == "personal_number (read)" {
            prop_assert!(err.contains("個人番号"), "{}: {}", pointer, err);
            let part = pointer.rsplit('/').next().unwrap_or_default();
            prop_assert!(["symbol", "number", "branch"].contains(&part), "{}: {}", pointer, err);
        } else {
            prop_assert_eq!(kind, "personal_number", "{}: {}", pointer, err);
        }
        prop_assert!(!leaked(&err, &number, &text), "{}: {}", pointer, err);
    }
}

/// Every string in `v`, as JSON pointers.
fn string_fields(v: &serde_json::Value, at: String, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(_) => out.push(at),
        serde_json::Value::Object(o) => {
            for (k, v) in o {
                string_fields(v, format!("{at}/{k}"), out);
            }
        }
        serde_json::Value::Array(a) => {
            for (i, v) in a.iter().enumerate() {
                string_fields(v, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn an_element_onshi_does_not_model_keeps_the_answer_and_withholds_the_number() {
    let xml = RESULT.replace(
        "<Remarks1>備考</Remarks1>",
        "<Remarks1>番号 9832-0567-3214</Remarks1>",
    );
    let result = QualificationResult::parse(xml.as_bytes()).unwrap();
    let record = &result.records[0];
    assert_eq!(
        record.other.get("Remarks1").map(String::as_str),
        Some(WITHHELD)
    );
    assert_eq!(
        record.other.get("InsuredName").map(String::as_str),
        Some("世帯主")
    );
}

#[test]
fn file_identifiers_and_time_stamps_are_not_about_a_person_and_pass_unchanged() {
    // Peers number 照会番号登録 files with 12-digit sequences; some pass the check digit.
    let id = onshi_testkit::my_number(&[0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2]);
    let xml = REGISTRATION.replace("000000000001", &id);
    assert!(registration_results(xml.as_bytes()).is_ok());
    let req = ReferenceRegistrationRequest {
        medical_institution_code: "1311111111".into(),
        arbitrary_file_identifier: id.clone(),
        entries: serde_json::from_str(
            r#"[{"reference_number": "chart-1", "insurer_number": "06130017", "number": "4260"}]"#,
        )
        .unwrap(),
    };
    let bytes = req.to_xml(Encoding::Utf8).unwrap();
    assert!(String::from_utf8(bytes).unwrap().contains(&id));
    let xml = RESULT.replace("R0001", &id);
    let result = QualificationResult::parse(xml.as_bytes()).unwrap();
    assert_eq!(
        result.header.arbitrary_file_identifier.as_deref(),
        Some(id.as_str())
    );
}
