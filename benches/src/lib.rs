//! Inputs shared by the benchmarks and by `examples/count.rs` (the callgrind driver), so every
//! figure in benches/README.md is measured on the same data.

/// A typical visit: a マイナ保険証 in its 3-month grace period, face confirmed, online valid.
pub const GRACE_VISIT: &str = r#"{"at": "2026-05-31T10:00:00+09:00", "patient": {"birth_date": "1980-01-01"},
    "presented": {"myna_card": {"registration": "registered", "certificate_expires": "2026-02-10",
                                "identity": {"method": "face", "outcome": "confirmed"}}},
    "online": {"status": "valid", "copay_percent": 30}}"#;

/// One `ResultOfQualificationConfirmation` record with every common field.
pub fn record(i: usize) -> String {
    format!(
        "<ResultOfQualificationConfirmation><InsuredCardClassification>01</InsuredCardClassification>\
         <InsurerNumber>  123455</InsurerNumber><InsuredCardSymbol>12-34</InsuredCardSymbol>\
         <InsuredIdentificationNumber>{i:08}</InsuredIdentificationNumber><InsuredBranchNumber>01</InsuredBranchNumber>\
         <PersonalFamilyClassification>1</PersonalFamilyClassification><Name>診療　太郎</Name><NameKana>ｼﾝﾘｮｳ ﾀﾛｳ</NameKana>\
         <Sex1>1</Sex1><Birthdate>20010327</Birthdate><Address>東京都千代田区霞が関１－２－２</Address><PostNumber>123-4567</PostNumber>\
         <InsurerName>東京都</InsurerName><InsuredCertificateIssuanceDate>20191001</InsuredCertificateIssuanceDate>\
         <InsuredCardValidDate>20191001</InsuredCardValidDate><LimitApplicationCertificateRelatedConsFlg>1</LimitApplicationCertificateRelatedConsFlg>\
         <LimitApplicationCertificateRelatedInfo><LimitApplicationCertificateClassification>01</LimitApplicationCertificateClassification>\
         <LimitApplicationCertificateClassificationFlag>A03</LimitApplicationCertificateClassificationFlag></LimitApplicationCertificateRelatedInfo>\
         <PharmacistsInfoConsFlg>1</PharmacistsInfoConsFlg><PharmacistsInfoConsTime>20230221174835</PharmacistsInfoConsTime>\
         <PharmacistsInfoAvailableTime>20230222174835</PharmacistsInfoAvailableTime><DiagnosisInfoConsFlg>0</DiagnosisInfoConsFlg>\
         <SpecificHealthCheckupsInfoConsFlg>1</SpecificHealthCheckupsInfoConsFlg></ResultOfQualificationConfirmation>"
    )
}

/// A face-reader result file (one record), UTF-8 or Shift_JIS text (encode it with [`bytes`]).
pub fn face_file(utf8: bool) -> String {
    let (enc, id) = if utf8 {
        ("UTF-8", "0")
    } else {
        ("Shift_JIS", "1")
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"{enc}\" standalone=\"no\"?>\n<XmlMsg><MessageHeader>\
         <ProcessExecutionTime>20230221174835</ProcessExecutionTime><CharacterCodeIdentifier>{id}</CharacterCodeIdentifier>\
         <SegmentOfResult>1</SegmentOfResult><QualificationConfirmationDate>20230221</QualificationConfirmationDate>\
         <ReferenceClassification>1</ReferenceClassification><ArbitraryFileIdentifier>ArnHCeDfNjMCFzg=</ArbitraryFileIdentifier>\
         <MedicalInstitutionCode>1311111111</MedicalInstitutionCode></MessageHeader><MessageBody><ResultList>{}</ResultList>\
         <ProcessingResultStatus>1</ProcessingResultStatus><QualificationValidity>1</QualificationValidity></MessageBody></XmlMsg>\n",
        record(1)
    )
}

/// A 一括照会 result with `n` units.
pub fn batch_file(utf8: bool, n: usize) -> String {
    let mut x = Vec::new();
    write_batch(&mut x, utf8, n).expect("writing to memory succeeds");
    String::from_utf8(x).expect("the file is built from text")
}

/// Writes a 一括照会 result with `n` units as UTF-8 text (declared as Shift_JIS when `utf8` is
/// false: encode it with [`bytes`]), one unit at a time, so files of any size can be written.
pub fn write_batch(out: &mut impl std::io::Write, utf8: bool, n: usize) -> std::io::Result<()> {
    write_batch_with(out, utf8, n, |_| "chart".to_owned())
}

/// [`write_batch`] with each unit's ArbitraryIdentifier (the clinic's patient id) given.
pub fn write_batch_with(
    out: &mut impl std::io::Write,
    utf8: bool,
    n: usize,
    identifier: impl Fn(usize) -> String,
) -> std::io::Result<()> {
    let (enc, id) = if utf8 {
        ("UTF-8", "0")
    } else {
        ("Shift_JIS", "1")
    };
    write!(
        out,
        "<?xml version=\"1.0\" encoding=\"{enc}\"?>\n<XmlMsg><MessageHeader><CharacterCodeIdentifier>{id}</CharacterCodeIdentifier>\
         <ReceptionNumber>R0001</ReceptionNumber><NumberOfProcessingResult>{n}</NumberOfProcessingResult></MessageHeader><MessageBody>"
    )?;
    for i in 0..n {
        writeln!(
            out,
            "<BulkConfirmUnit><QualificationConfirmSearchInfo><InsurerNumber>  123455</InsurerNumber>\
             <ArbitraryIdentifier>{}</ArbitraryIdentifier></QualificationConfirmSearchInfo>\
             <ProcessingResultStatus>1</ProcessingResultStatus><QualificationValidity>1</QualificationValidity>{}</BulkConfirmUnit>",
            identifier(i),
            record(i)
        )?;
    }
    writeln!(out, "</MessageBody></XmlMsg>")
}

/// The file's bytes: UTF-8 as is, or encoded to Shift_JIS.
pub fn bytes(text: &str, utf8: bool) -> Vec<u8> {
    if utf8 {
        text.as_bytes().to_vec()
    } else {
        encoding_rs::SHIFT_JIS.encode(text).0.into_owned()
    }
}

/// The files the OQS benchmarks time (`benches/compare` times its peers on the same files).
pub fn files() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("face-utf8.xml", bytes(&face_file(true), true)),
        ("face-sjis.xml", bytes(&face_file(false), false)),
        ("batch-utf8.xml", bytes(&batch_file(true, 5_000), true)),
        ("batch-sjis.xml", bytes(&batch_file(false, 5_000), false)),
    ]
}
