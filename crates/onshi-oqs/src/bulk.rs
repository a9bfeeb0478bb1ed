//! 一括照会 (bulk qualification query: upload, receipt, download) and 照会番号一括登録 (bulk
//! reference-number registration) messages (reference/oqs-interface.md §2). Shapes are
//! reconstructed from peers (OQSDrug2, MynaReception, the SmartKarte DTOs); check them against the
//! 外部インターフェイス仕様書 before production use.

use serde::{Deserialize, Serialize};

use crate::encoding::{Encoding, decode};
use crate::error::OqsError;
use crate::request::SearchInfo;
use crate::writer::{XmlWriter, check_header, file_part, in_item};
use crate::xml::{Child, Reader, Tag};

/// One query of a bulk upload: an insured number, and the clinic's own identifier to match the
/// answer back (e.g. its chart number).
///
/// # Example
/// ```
/// let q: onshi_oqs::BulkQuery = serde_json::from_str(
///     r#"{"insurer_number": "06130017", "number": "45", "arbitrary_identifier": "chart-1"}"#).unwrap();
/// assert_eq!(q.arbitrary_identifier.as_deref(), Some("chart-1"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BulkQuery {
    /// 保険者番号.
    pub insurer_number: String,
    /// 記号・番号・枝番 (in JSON, `symbol`, `number` and `branch` beside the other fields).
    #[serde(flatten)]
    pub insured: onshi::numbers::InsuredNumber,
    /// 生年月日 (YYYYMMDD).
    #[serde(default)]
    pub birthdate: Option<String>,
    /// 任意の識別子, echoed in the result unit.
    #[serde(default)]
    pub arbitrary_identifier: Option<String>,
}

impl BulkQuery {
    /// The insured number this query searches by.
    fn search(&self) -> SearchInfo<'_> {
        SearchInfo::new(&self.insurer_number, &self.insured, &self.birthdate)
    }
}

/// The 一括照会 upload (`OQSmuquc01req_*.xml`).
///
/// # Example
/// ```
/// use onshi_oqs::{BulkQueryRequest, Encoding};
/// let req: BulkQueryRequest = serde_json::from_str(r#"{"medical_institution_code": "1311111111",
///   "arbitrary_file_identifier": "B0001", "queries": [
///   {"insurer_number": "06130017", "number": "45", "arbitrary_identifier": "chart-1"}]}"#).unwrap();
/// let xml = String::from_utf8(req.to_xml(Encoding::Utf8).unwrap()).unwrap();
/// assert!(xml.contains("<ArbitraryIdentifier>chart-1</ArbitraryIdentifier>"));
/// assert_eq!(req.file_name(), "OQSmuquc01req_B0001.xml");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BulkQueryRequest {
    /// 医療機関コード.
    pub medical_institution_code: String,
    /// 任意のファイル識別子.
    pub arbitrary_file_identifier: String,
    /// The queries.
    pub queries: Vec<BulkQuery>,
}

impl BulkQueryRequest {
    /// The request bytes.
    ///
    /// # Errors
    /// [`OqsError::Request`] naming the field (and the query's index in the message); no queries.
    ///
    /// # Example
    /// ```
    /// use onshi_oqs::{BulkQueryRequest, Encoding};
    /// let req: BulkQueryRequest = serde_json::from_str(r#"{"medical_institution_code": "1311111111",
    ///   "arbitrary_file_identifier": "B1", "queries": [{"insurer_number": "06130017", "number": "45"}]}"#).unwrap();
    /// assert!(req.to_xml(Encoding::ShiftJis).unwrap().starts_with(b"<?xml"));
    /// ```
    pub fn to_xml(&self, encoding: Encoding) -> Result<Vec<u8>, OqsError> {
        let mut writer = BulkQueryWriter::new(
            encoding,
            &self.medical_institution_code,
            &self.arbitrary_file_identifier,
        )?;
        for query in &self.queries {
            writer.push(query)?;
        }
        writer.finish()
    }

    /// `OQSmuquc01req_<identifier>.xml`.
    ///
    /// # Example
    /// ```
    /// let req: onshi_oqs::BulkQueryRequest = serde_json::from_str(r#"{"medical_institution_code": "1311111111",
    ///   "arbitrary_file_identifier": "B1", "queries": []}"#).unwrap();
    /// assert_eq!(req.file_name(), "OQSmuquc01req_B1.xml");
    /// ```
    pub fn file_name(&self) -> String {
        upload_file_name(&self.arbitrary_file_identifier)
    }
}

fn upload_file_name(arbitrary_file_identifier: &str) -> String {
    format!("OQSmuquc01req_{}.xml", file_part(arbitrary_file_identifier))
}

/// A 一括照会 upload written one query at a time, so a request of any size takes flat memory: each
/// query is checked as it is pushed and either written or refused alone (the error names the
/// field and the query's position), and [`take`](Self::take) hands over the bytes written so far.
/// [`BulkQueryRequest::to_xml`] is this writer run over a list.
///
/// # Example
/// ```
/// use onshi_oqs::{BulkQuery, BulkQueryWriter, Encoding};
/// let mut writer = BulkQueryWriter::new(Encoding::Utf8, "1311111111", "B20261201")?;
/// let query = |number: &str| BulkQuery { insurer_number: "06130017".into(),
///     insured: onshi::numbers::InsuredNumber::new(None, number, None).unwrap(), birthdate: None,
///     arbitrary_identifier: Some("P001".into()) };
/// writer.push(&query("45"))?;
/// let mut file = writer.take(); // the header and the first query, ready to be written out
/// assert_eq!(writer.push(&query("")).unwrap_err().kind(), onshi::error::ErrorKind::Request); // refused alone
/// writer.push(&query("46"))?;
/// assert_eq!(writer.file_name(), "OQSmuquc01req_B20261201.xml");
/// assert_eq!(writer.queries(), 2);
/// file.extend(writer.finish()?);
/// let xml = String::from_utf8(file).unwrap();
/// assert_eq!(xml.matches("<QualificationConfirmSearchInfo>").count(), 2);
/// assert!(xml.ends_with("</XmlMsg>\r\n"));
/// # Ok::<(), onshi_oqs::OqsError>(())
/// ```
pub struct BulkQueryWriter {
    xml: XmlWriter,
    encoding: Encoding,
    file_identifier: String,
    /// Bytes written and not yet taken.
    bytes: Vec<u8>,
    /// Queries pushed, refused ones included (a refused query is named by its position).
    pushed: usize,
    /// Queries written.
    written: usize,
}

impl BulkQueryWriter {
    /// Starts a request: the header, checked (a 個人番号 first, then the institution code and the
    /// file identifier).
    ///
    /// # Errors
    /// [`OqsError::PersonalNumber`] or [`OqsError::Request`] naming the header field.
    ///
    /// # Example
    /// ```
    /// let e = onshi_oqs::BulkQueryWriter::new(onshi_oqs::Encoding::Utf8, "12", "B1").err().unwrap();
    /// assert!(e.to_string().contains("medical_institution_code"));
    /// ```
    pub fn new(
        encoding: Encoding,
        medical_institution_code: &str,
        arbitrary_file_identifier: &str,
    ) -> Result<BulkQueryWriter, OqsError> {
        let mut xml = XmlWriter::request(
            encoding,
            &[
                ("MedicalInstitutionCode", medical_institution_code),
                ("ArbitraryFileIdentifier", arbitrary_file_identifier),
            ],
        );
        xml.refuse(check_header(
            medical_institution_code,
            arbitrary_file_identifier,
        ))?;
        let bytes = encoding.encode("bulk query", &xml.take_text())?;
        Ok(BulkQueryWriter {
            xml,
            encoding,
            file_identifier: arbitrary_file_identifier.to_owned(),
            bytes,
            pushed: 0,
            written: 0,
        })
    }

    /// Writes one query, or refuses it and writes nothing.
    ///
    /// # Errors
    /// [`OqsError::PersonalNumber`] when a field holds a 12-digit 個人番号 (checked first);
    /// [`OqsError::Request`] naming the field, its problem and the query's position.
    ///
    /// # Example
    /// ```
    /// use onshi_oqs::{BulkQuery, BulkQueryWriter, Encoding};
    /// let mut writer = BulkQueryWriter::new(Encoding::ShiftJis, "1311111111", "B1")?;
    /// let e = writer.push(&BulkQuery { insurer_number: "061300".into(),
    ///     insured: onshi::numbers::InsuredNumber::new(None, "45", None).unwrap(), birthdate: None,
    ///     arbitrary_identifier: Some("9832 0567 3214".into()) });
    /// assert_eq!(e.unwrap_err().kind(), onshi::error::ErrorKind::PersonalNumber);
    /// # Ok::<(), onshi_oqs::OqsError>(())
    /// ```
    pub fn push(&mut self, query: &BulkQuery) -> Result<(), OqsError> {
        self.pushed += 1;
        let search = query.search();
        self.xml.open("QualificationConfirmSearchInfo");
        search.write(&mut self.xml);
        self.xml
            .leaf_opt("ArbitraryIdentifier", query.arbitrary_identifier.as_deref())
            .close("QualificationConfirmSearchInfo");
        let encoded = self
            .xml
            .refuse(search.check().map_err(in_item("query", self.pushed)))
            .and_then(|()| self.encoding.encode("bulk query", &self.xml.take_text()));
        match encoded {
            Ok(bytes) => {
                self.bytes.extend(bytes);
                self.written += 1;
                Ok(())
            }
            Err(e) => {
                self.xml.discard();
                Err(e)
            }
        }
    }

    /// The bytes written since the last call (the header, then whole queries).
    ///
    /// # Example
    /// ```
    /// let mut writer = onshi_oqs::BulkQueryWriter::new(onshi_oqs::Encoding::Utf8, "1311111111", "B1")?;
    /// assert!(writer.take().starts_with(b"<?xml"));
    /// assert!(writer.take().is_empty());
    /// # Ok::<(), onshi_oqs::OqsError>(())
    /// ```
    pub fn take(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.bytes)
    }

    /// How many queries were written.
    ///
    /// # Example
    /// ```
    /// let writer = onshi_oqs::BulkQueryWriter::new(onshi_oqs::Encoding::Utf8, "1311111111", "B1")?;
    /// assert_eq!(writer.queries(), 0);
    /// # Ok::<(), onshi_oqs::OqsError>(())
    /// ```
    pub fn queries(&self) -> usize {
        self.written
    }

    /// `OQSmuquc01req_<identifier>.xml`, as [`BulkQueryRequest::file_name`].
    ///
    /// # Example
    /// ```
    /// let writer = onshi_oqs::BulkQueryWriter::new(onshi_oqs::Encoding::Utf8, "1311111111", "B 1")?;
    /// assert_eq!(writer.file_name(), "OQSmuquc01req_B_1.xml");
    /// # Ok::<(), onshi_oqs::OqsError>(())
    /// ```
    pub fn file_name(&self) -> String {
        upload_file_name(&self.file_identifier)
    }

    /// Ends the request: the bytes not yet taken and the closing tags.
    ///
    /// # Errors
    /// [`OqsError::Request`] (`queries`) when no query was written: a bulk query needs one.
    ///
    /// # Example
    /// ```
    /// let writer = onshi_oqs::BulkQueryWriter::new(onshi_oqs::Encoding::Utf8, "1311111111", "B1")?;
    /// assert!(writer.finish().unwrap_err().to_string().contains("at least one query"));
    /// # Ok::<(), onshi_oqs::OqsError>(())
    /// ```
    pub fn finish(mut self) -> Result<Vec<u8>, OqsError> {
        let problems = match self.written {
            0 => Err(OqsError::Request {
                field: "queries",
                problem: "a bulk query needs at least one query".to_owned(),
            }),
            _ => Ok(()),
        };
        self.bytes.extend(self.xml.finish("bulk query", problems)?);
        Ok(self.bytes)
    }
}

/// The download request for a bulk result (`OQSmuquc02req_*.xml`).
///
/// # Example
/// ```
/// let req = onshi_oqs::BulkDownloadRequest { medical_institution_code: "1311111111".into(), reception_number: "R0001".into() };
/// let xml = String::from_utf8(req.to_xml(onshi_oqs::Encoding::Utf8).unwrap()).unwrap();
/// assert!(xml.contains("<ReceptionNumber>R0001</ReceptionNumber>"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BulkDownloadRequest {
    /// 医療機関コード.
    pub medical_institution_code: String,
    /// 受付番号 from the upload's receipt.
    pub reception_number: String,
}

impl BulkDownloadRequest {
    /// The request bytes.
    ///
    /// # Errors
    /// [`OqsError::Request`] for a bad institution code or an empty reception number.
    ///
    /// # Example
    /// ```
    /// let req = onshi_oqs::BulkDownloadRequest { medical_institution_code: "1311111111".into(), reception_number: "R1".into() };
    /// assert!(req.to_xml(onshi_oqs::Encoding::Utf8).is_ok());
    /// let bad = onshi_oqs::BulkDownloadRequest { medical_institution_code: "13".into(), ..req };
    /// assert_eq!(bad.to_xml(onshi_oqs::Encoding::Utf8).unwrap_err().kind(), onshi::error::ErrorKind::Request);
    /// ```
    pub fn to_xml(&self, encoding: Encoding) -> Result<Vec<u8>, OqsError> {
        let mut w = XmlWriter::request(
            encoding,
            &[("MedicalInstitutionCode", &self.medical_institution_code)],
        );
        w.leaf("ReceptionNumber", &self.reception_number);
        let problems = check_header(&self.medical_institution_code, &self.reception_number);
        w.finish("bulk download", problems)
    }

    /// `OQSmuquc02req_<reception number>.xml`.
    ///
    /// # Example
    /// ```
    /// let req = onshi_oqs::BulkDownloadRequest { medical_institution_code: "1311111111".into(), reception_number: "R0001".into() };
    /// assert_eq!(req.file_name(), "OQSmuquc02req_R0001.xml");
    /// ```
    pub fn file_name(&self) -> String {
        format!("OQSmuquc02req_{}.xml", file_part(&self.reception_number))
    }
}

/// The answer to an upload (`OQSmuquc01res_*.xml`): where to ask for the result.
///
/// # Example
/// ```
/// let xml = "<XmlMsg><MessageBody><ReceptionNumber>R0001</ReceptionNumber>\
///   <ReceptionDateTime>20261130090000</ReceptionDateTime></MessageBody></XmlMsg>";
/// let receipt = onshi_oqs::UploadReceipt::parse(xml.as_bytes()).unwrap();
/// assert_eq!(receipt.reception_number, "R0001");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UploadReceipt {
    /// 受付番号.
    pub reception_number: String,
    /// 受付日時, as written.
    pub reception_date_time: Option<String>,
}

impl UploadReceipt {
    /// Reads an upload result.
    ///
    /// # Errors
    /// As [`QualificationResult::parse`](crate::QualificationResult::parse); [`OqsError::Missing`]
    /// without a ReceptionNumber.
    ///
    /// # Example
    /// ```
    /// let xml = "<XmlMsg><MessageHeader/><MessageBody><ReceptionNumber>R0001</ReceptionNumber></MessageBody></XmlMsg>";
    /// assert_eq!(onshi_oqs::UploadReceipt::parse(xml.as_bytes()).unwrap().reception_number, "R0001");
    /// ```
    pub fn parse(bytes: &[u8]) -> Result<UploadReceipt, OqsError> {
        let (text, _) = decode(bytes)?;
        let mut r = Reader::new(&text);
        let root = r.root()?;
        let mut receipt = None;
        let mut reception_date_time = None;
        let mut parts = r.children(&root);
        while let Some(c) = parts.next(&mut r)? {
            if c.name == Tag::MessageBody {
                let mut fields = r.children(&c);
                while let Some(c) = fields.next(&mut r)? {
                    match c.name {
                        Tag::ReceptionNumber => receipt = c.string(),
                        Tag::ReceptionDateTime => reception_date_time = c.string(),
                        _ => {}
                    }
                }
            }
        }
        r.end()?;
        Ok(UploadReceipt {
            reception_number: receipt.ok_or_else(|| OqsError::Missing {
                path: "XmlMsg/MessageBody/ReceptionNumber".to_owned(),
            })?,
            reception_date_time,
        })
    }
}

/// One entry of 照会番号一括登録: bind a reference number (e.g. a chart number) to an insured number,
/// so later face-reader results carry it.
///
/// # Example
/// ```
/// let e: onshi_oqs::ReferenceRegistration = serde_json::from_str(
///     r#"{"reference_number": "chart-1", "insurer_number": "06130017", "number": "45"}"#).unwrap();
/// assert_eq!(e.reference_number, "chart-1");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferenceRegistration {
    /// 照会番号 (at most 50 characters).
    pub reference_number: String,
    /// 保険者番号.
    pub insurer_number: String,
    /// 記号・番号・枝番 (in JSON, `symbol`, `number` and `branch` beside the other fields).
    #[serde(flatten)]
    pub insured: onshi::numbers::InsuredNumber,
}

impl ReferenceRegistration {
    /// The insured number this entry binds.
    fn search(&self) -> SearchInfo<'_> {
        SearchInfo::new(&self.insurer_number, &self.insured, &None)
    }

    /// The 照会番号 (1 to 50 characters), then the insured number.
    fn check(&self) -> Result<(), OqsError> {
        let reference = self.reference_number.trim();
        if reference.is_empty() || reference.chars().count() > 50 {
            return Err(OqsError::Request {
                field: "reference_number",
                problem: "must be 1 to 50 characters".to_owned(),
            });
        }
        self.search().check()
    }
}

/// The 照会番号一括登録 request (`OQSmuimm01req_*.xml`).
///
/// # Example
/// ```
/// use onshi_oqs::{Encoding, ReferenceRegistrationRequest};
/// let req: ReferenceRegistrationRequest = serde_json::from_str(r#"{"medical_institution_code": "1311111111",
///   "arbitrary_file_identifier": "000000000001", "entries": [
///   {"reference_number": "chart-1", "insurer_number": "123456", "number": "4260", "branch": "01"}]}"#).unwrap();
/// let xml = String::from_utf8(req.to_xml(Encoding::Utf8).unwrap()).unwrap();
/// assert!(xml.contains("<InsurerNumber>  123456</InsurerNumber>"));
/// assert_eq!(req.file_name(), "OQSmuimm01req_000000000001.xml");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferenceRegistrationRequest {
    /// 医療機関コード.
    pub medical_institution_code: String,
    /// 任意のファイル識別子 (peers use a 12-digit sequence).
    pub arbitrary_file_identifier: String,
    /// The entries.
    pub entries: Vec<ReferenceRegistration>,
}

impl ReferenceRegistrationRequest {
    /// The request bytes.
    ///
    /// # Errors
    /// [`OqsError::Request`] naming the field and entry; no entries; a 個人番号.
    ///
    /// # Example
    /// ```
    /// use onshi_oqs::{Encoding, ReferenceRegistrationRequest};
    /// let req: ReferenceRegistrationRequest = serde_json::from_str(r#"{"medical_institution_code": "1311111111",
    ///   "arbitrary_file_identifier": "000000000001", "entries": []}"#).unwrap();
    /// assert_eq!(req.to_xml(Encoding::Utf8).unwrap_err().kind(), onshi::error::ErrorKind::Request); // no entries
    /// ```
    pub fn to_xml(&self, encoding: Encoding) -> Result<Vec<u8>, OqsError> {
        if self.entries.is_empty() {
            return Err(OqsError::Request {
                field: "entries",
                problem: "at least one entry is needed".to_owned(),
            });
        }
        let mut w = XmlWriter::request(
            encoding,
            &[
                ("MedicalInstitutionCode", &self.medical_institution_code),
                ("ArbitraryFileIdentifier", &self.arbitrary_file_identifier),
            ],
        );
        for e in &self.entries {
            w.open("ReferenceNumberRegistrationInfo")
                .leaf("ReferenceNumber", e.reference_number.trim());
            e.search().write(&mut w);
            w.close("ReferenceNumberRegistrationInfo");
        }
        let problems = check_header(
            &self.medical_institution_code,
            &self.arbitrary_file_identifier,
        )
        .and_then(|()| {
            let mut entries = self.entries.iter().enumerate();
            entries.try_for_each(|(i, e)| e.check().map_err(in_item("entry", i + 1)))
        });
        w.finish("reference registration", problems)
    }

    /// `OQSmuimm01req_<identifier>.xml`.
    ///
    /// # Example
    /// ```
    /// let req: onshi_oqs::ReferenceRegistrationRequest = serde_json::from_str(r#"{"medical_institution_code": "1311111111",
    ///   "arbitrary_file_identifier": "000000000001", "entries": []}"#).unwrap();
    /// assert_eq!(req.file_name(), "OQSmuimm01req_000000000001.xml");
    /// ```
    pub fn file_name(&self) -> String {
        format!(
            "OQSmuimm01req_{}.xml",
            file_part(&self.arbitrary_file_identifier)
        )
    }
}

/// One answer of 照会番号一括登録 (BulkRegistrationUnit).
///
/// # Example
/// ```
/// let xml = "<XmlMsg><MessageBody><BulkRegistrationUnit><ProcessingResultStatus>1</ProcessingResultStatus>\
///   </BulkRegistrationUnit></MessageBody></XmlMsg>";
/// let units = onshi_oqs::registration_results(xml.as_bytes()).unwrap();
/// assert_eq!(units.len(), 1);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RegistrationUnit {
    /// 照会番号 echoed.
    pub reference_number: Option<String>,
    /// 処理結果状況.
    pub processing_result_status: Option<crate::ProcessingResultStatus>,
    /// 処理結果コード.
    pub processing_result_code: Option<String>,
    /// 処理結果メッセージ.
    pub processing_result_message: Option<String>,
}

/// Reads a 照会番号一括登録 result (`OQSmuimm02res_*.xml`): every `BulkRegistrationUnit`.
///
/// # Errors
/// As [`QualificationResult::parse`](crate::QualificationResult::parse).
///
/// # Example
/// ```
/// let xml = "<XmlMsg><MessageBody><BulkRegistrationUnit><ReferenceNumberRegistrationInfo>\
///   <ReferenceNumber>chart-1</ReferenceNumber></ReferenceNumberRegistrationInfo>\
///   <ProcessingResultStatus>2</ProcessingResultStatus><ProcessingResultMessage>該当なし</ProcessingResultMessage>\
///   </BulkRegistrationUnit></MessageBody></XmlMsg>";
/// let units = onshi_oqs::registration_results(xml.as_bytes()).unwrap();
/// assert_eq!(units[0].reference_number.as_deref(), Some("chart-1"));
/// assert_eq!(units[0].processing_result_status, Some(onshi_oqs::ProcessingResultStatus::Error));
/// ```
pub fn registration_results(bytes: &[u8]) -> Result<Vec<RegistrationUnit>, OqsError> {
    let (text, _) = decode(bytes)?;
    let mut r = Reader::new(&text);
    let root = r.root()?;
    let mut units = Vec::new();
    let mut parts = r.children(&root);
    while let Some(c) = parts.next(&mut r)? {
        if c.name != Tag::MessageBody {
            continue;
        }
        let mut body = r.children(&c);
        while let Some(c) = body.next(&mut r)? {
            if c.name == Tag::BulkRegistrationUnit {
                units.push(registration_unit(&mut r, &c)?);
            }
        }
    }
    r.end()?;
    Ok(units)
}

fn registration_unit(r: &mut Reader, el: &Child) -> Result<RegistrationUnit, OqsError> {
    let mut unit = RegistrationUnit {
        reference_number: None,
        processing_result_status: None,
        processing_result_code: None,
        processing_result_message: None,
    };
    let mut fields = r.children(el);
    while let Some(c) = fields.next(r)? {
        match c.name {
            Tag::ReferenceNumberRegistrationInfo => {
                let mut info = r.children(&c);
                while let Some(c) = info.next(r)? {
                    if c.name == Tag::ReferenceNumber {
                        unit.reference_number = c.string();
                    }
                }
            }
            Tag::ProcessingResultStatus => {
                unit.processing_result_status =
                    c.text().map(crate::ProcessingResultStatus::from_code);
            }
            Tag::ProcessingResultCode => unit.processing_result_code = c.string(),
            Tag::ProcessingResultMessage => unit.processing_result_message = c.string(),
            _ => {}
        }
    }
    Ok(unit)
}
