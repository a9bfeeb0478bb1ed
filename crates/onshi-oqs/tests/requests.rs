//! Every request file onshi writes, compared byte for byte with the file it must be: the layout
//! (CRLF, two-space indent, the declaration and CharacterCodeIdentifier of the encoding), the order
//! of the elements, padding and escaping. A change to any writer that moves one byte fails here.
#![cfg(test)]

use onshi_oqs::{
    BulkDownloadRequest, BulkQueryRequest, BulkQueryWriter, Encoding, QualificationRequest,
    QualificationResult, ReferenceRegistrationRequest,
};

/// The lines of a file as the writers end them: CRLF after each, the last included.
fn crlf(lines: &[&str]) -> String {
    lines.iter().map(|line| format!("{line}\r\n")).collect()
}

fn shift_jis(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(text);
    assert!(!unmappable, "the expected text fits Shift_JIS");
    bytes.into_owned()
}

#[test]
fn a_query_by_insured_number_is_written_byte_for_byte() {
    let request = QualificationRequest {
        medical_institution_code: "1311111111".into(),
        arbitrary_file_identifier: "R20260115093005000042".into(),
        insurer_number: "123456".into(),
        insured: onshi::numbers::InsuredNumber::new(Some("記号●"), "4260", Some("01")).unwrap(),
        birthdate: Some("20010327".into()),
        limit_consent: true,
    };
    let expected = |declared: &str, identifier: &str| {
        crlf(&[
            &format!(r#"<?xml version="1.0" encoding="{declared}" standalone="no"?>"#),
            "<XmlMsg>",
            "  <MessageHeader>",
            "    <MedicalInstitutionCode>1311111111</MedicalInstitutionCode>",
            "    <ArbitraryFileIdentifier>R20260115093005000042</ArbitraryFileIdentifier>",
            "    <ReferenceClassification>2</ReferenceClassification>",
            &format!("    <CharacterCodeIdentifier>{identifier}</CharacterCodeIdentifier>"),
            "  </MessageHeader>",
            "  <MessageBody>",
            "    <QualificationConfirmSearchInfo>",
            "      <InsurerNumber>  123456</InsurerNumber>",
            "      <InsuredCardSymbol>記号●</InsuredCardSymbol>",
            "      <InsuredIdentificationNumber>4260</InsuredIdentificationNumber>",
            "      <InsuredBranchNumber>01</InsuredBranchNumber>",
            "      <Birthdate>20010327</Birthdate>",
            "      <LimitApplicationCertificateRelatedConsFlg>1</LimitApplicationCertificateRelatedConsFlg>",
            "    </QualificationConfirmSearchInfo>",
            "  </MessageBody>",
            "</XmlMsg>",
        ])
    };
    assert_eq!(
        String::from_utf8(request.to_xml(Encoding::Utf8).unwrap()).unwrap(),
        expected("UTF-8", "0")
    );
    let sjis = request.to_xml(Encoding::ShiftJis).unwrap();
    assert_eq!(sjis, shift_jis(&expected("Shift_JIS", "1")));
    // A request is not a result: reading it as one is refused, naming what it is.
    let err = QualificationResult::parse(&sjis).unwrap_err();
    assert_eq!(err.kind(), onshi::error::ErrorKind::NotAResult, "{err}");
    assert!(err.to_string().contains("request"), "{err}");

    // A 個人番号 cannot be the insured number, and in any other field the writer refuses it.
    let err = onshi::numbers::InsuredNumber::new(None, "983205673214", None).unwrap_err();
    assert_eq!(
        (err.kind(), err.field()),
        (onshi::error::ErrorKind::PersonalNumber, "number")
    );
    let mut bad = request;
    bad.birthdate = Some("983205673214".into());
    let err = bad.to_xml(Encoding::Utf8).unwrap_err().to_string();
    assert!(err.contains("個人番号") && !err.contains("0567"), "{err}");
}

#[test]
fn a_bulk_query_is_written_byte_for_byte_whole_or_streamed() {
    let request: BulkQueryRequest = serde_json::from_str(
        r#"{"medical_institution_code": "1311111111", "arbitrary_file_identifier": "B20261201", "queries": [
            {"insurer_number": "06130017", "number": "45", "branch": "00", "arbitrary_identifier": "c<1>&"},
            {"insurer_number": "39131016", "symbol": "記号", "number": "12345678", "birthdate": "19450402"}]}"#,
    )
    .unwrap();
    let expected = shift_jis(&crlf(&[
        r#"<?xml version="1.0" encoding="Shift_JIS" standalone="no"?>"#,
        "<XmlMsg>",
        "  <MessageHeader>",
        "    <MedicalInstitutionCode>1311111111</MedicalInstitutionCode>",
        "    <ArbitraryFileIdentifier>B20261201</ArbitraryFileIdentifier>",
        "    <CharacterCodeIdentifier>1</CharacterCodeIdentifier>",
        "  </MessageHeader>",
        "  <MessageBody>",
        "    <QualificationConfirmSearchInfo>",
        "      <InsurerNumber>06130017</InsurerNumber>",
        "      <InsuredIdentificationNumber>45</InsuredIdentificationNumber>",
        "      <InsuredBranchNumber>00</InsuredBranchNumber>",
        "      <ArbitraryIdentifier>c&lt;1&gt;&amp;</ArbitraryIdentifier>",
        "    </QualificationConfirmSearchInfo>",
        "    <QualificationConfirmSearchInfo>",
        "      <InsurerNumber>39131016</InsurerNumber>",
        "      <InsuredCardSymbol>記号</InsuredCardSymbol>",
        "      <InsuredIdentificationNumber>12345678</InsuredIdentificationNumber>",
        "      <Birthdate>19450402</Birthdate>",
        "    </QualificationConfirmSearchInfo>",
        "  </MessageBody>",
        "</XmlMsg>",
    ]));
    assert_eq!(request.to_xml(Encoding::ShiftJis).unwrap(), expected);

    // Streamed, with a refused query in between and the bytes taken as they come: the same file.
    let mut writer = BulkQueryWriter::new(Encoding::ShiftJis, "1311111111", "B20261201").unwrap();
    let mut streamed = writer.take();
    let mut refused = request.queries[1].clone();
    refused.insured.branch = Some(onshi::numbers::PersonalField::branch("1").unwrap());
    for (i, query) in request.queries.iter().enumerate() {
        writer.push(query).unwrap();
        if i == 0 {
            assert!(writer.push(&refused).is_err());
        }
        streamed.extend(writer.take());
    }
    streamed.extend(writer.finish().unwrap());
    assert_eq!(streamed, expected);

    // A 個人番号 is named by where it stands, never shown.
    let mut bad = request;
    bad.queries[1].arbitrary_identifier = Some("983205673214".into());
    let err = bad.to_xml(Encoding::Utf8).unwrap_err();
    assert_eq!(err.kind(), onshi::error::ErrorKind::PersonalNumber);
    let err = err.to_string();
    assert!(
        err.contains("QualificationConfirmSearchInfo[2]/ArbitraryIdentifier")
            && !err.contains("0567"),
        "{err}"
    );
}

#[test]
fn a_reference_registration_is_written_byte_for_byte() {
    let request: ReferenceRegistrationRequest = serde_json::from_str(
        r#"{"medical_institution_code": "1311111111", "arbitrary_file_identifier": "000000000001", "entries": [
            {"reference_number": " chart-1 ", "insurer_number": "123456", "number": "4260", "branch": "01"},
            {"reference_number": "chart-2", "insurer_number": "06130017", "symbol": "12-34", "number": "45"}]}"#,
    )
    .unwrap();
    let expected = crlf(&[
        r#"<?xml version="1.0" encoding="UTF-8" standalone="no"?>"#,
        "<XmlMsg>",
        "  <MessageHeader>",
        "    <MedicalInstitutionCode>1311111111</MedicalInstitutionCode>",
        "    <ArbitraryFileIdentifier>000000000001</ArbitraryFileIdentifier>",
        "    <CharacterCodeIdentifier>0</CharacterCodeIdentifier>",
        "  </MessageHeader>",
        "  <MessageBody>",
        "    <ReferenceNumberRegistrationInfo>",
        "      <ReferenceNumber>chart-1</ReferenceNumber>",
        "      <InsurerNumber>  123456</InsurerNumber>",
        "      <InsuredIdentificationNumber>4260</InsuredIdentificationNumber>",
        "      <InsuredBranchNumber>01</InsuredBranchNumber>",
        "    </ReferenceNumberRegistrationInfo>",
        "    <ReferenceNumberRegistrationInfo>",
        "      <ReferenceNumber>chart-2</ReferenceNumber>",
        "      <InsurerNumber>06130017</InsurerNumber>",
        "      <InsuredCardSymbol>12-34</InsuredCardSymbol>",
        "      <InsuredIdentificationNumber>45</InsuredIdentificationNumber>",
        "    </ReferenceNumberRegistrationInfo>",
        "  </MessageBody>",
        "</XmlMsg>",
    ]);
    assert_eq!(
        String::from_utf8(request.to_xml(Encoding::Utf8).unwrap()).unwrap(),
        expected
    );
}

#[test]
fn a_bulk_download_request_is_written_byte_for_byte() {
    let request = BulkDownloadRequest {
        medical_institution_code: "1311111111".into(),
        reception_number: "R0001".into(),
    };
    let expected = crlf(&[
        r#"<?xml version="1.0" encoding="UTF-8" standalone="no"?>"#,
        "<XmlMsg>",
        "  <MessageHeader>",
        "    <MedicalInstitutionCode>1311111111</MedicalInstitutionCode>",
        "    <CharacterCodeIdentifier>0</CharacterCodeIdentifier>",
        "  </MessageHeader>",
        "  <MessageBody>",
        "    <ReceptionNumber>R0001</ReceptionNumber>",
        "  </MessageBody>",
        "</XmlMsg>",
    ]);
    assert_eq!(
        String::from_utf8(request.to_xml(Encoding::Utf8).unwrap()).unwrap(),
        expected
    );
}

#[test]
fn each_writer_names_the_first_problem_in_the_same_order() {
    // A 個人番号 is the error whatever else is wrong; then the header; then the items, by position.
    let mut request: BulkQueryRequest = serde_json::from_str(
        r#"{"medical_institution_code": "13", "arbitrary_file_identifier": "B1", "queries": [
            {"insurer_number": "06130017", "number": "45"},
            {"insurer_number": "06130017", "number": "45", "branch": "1"},
            {"insurer_number": "06130017", "number": "45", "arbitrary_identifier": "9832 0567 3214"}]}"#,
    )
    .unwrap();
    assert_eq!(
        request.to_xml(Encoding::Utf8).unwrap_err().kind(),
        onshi::error::ErrorKind::Request,
        "the header is checked as the writer starts"
    );
    request.medical_institution_code = "1311111111".into();
    let err = request.to_xml(Encoding::Utf8).unwrap_err();
    assert_eq!(
        err.to_string(),
        onshi_oqs::OqsError::Request {
            field: "branch",
            problem: "query 2: must be 2 digits".into()
        }
        .to_string()
    );

    let mut registration: ReferenceRegistrationRequest = serde_json::from_str(
        r#"{"medical_institution_code": "13", "arbitrary_file_identifier": "000000000001", "entries": [
            {"reference_number": "chart-1", "insurer_number": "123456", "number": "4260"},
            {"reference_number": "", "insurer_number": "123456", "number": "4260"},
            {"reference_number": "983205673214", "insurer_number": "123456", "number": "4260"}]}"#,
    )
    .unwrap();
    assert_eq!(
        registration.to_xml(Encoding::Utf8).unwrap_err().kind(),
        onshi::error::ErrorKind::PersonalNumber
    );
    registration.entries.pop();
    assert!(
        registration
            .to_xml(Encoding::Utf8)
            .unwrap_err()
            .to_string()
            .contains("medical_institution_code")
    );
    registration.medical_institution_code = "1311111111".into();
    assert_eq!(
        registration.to_xml(Encoding::Utf8).unwrap_err().to_string(),
        onshi_oqs::OqsError::Request {
            field: "reference_number",
            problem: "entry 2: must be 1 to 50 characters".into()
        }
        .to_string()
    );
}
