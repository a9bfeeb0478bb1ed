//! Writing the 資格確認要求 file (`OQSsiquc01req_*.xml`) for a query by insured number (照会区分 2).
//!
//! The element names follow the echo `QualificationConfirmSearchInfo` that results carry
//! (reference/oqs-interface.md §2–3). No official sample of the request was available: the shape is
//! reconstructed from peers and should be checked against the 外部インターフェイス仕様書 before use.

use serde::{Deserialize, Serialize};

use crate::encoding::Encoding;
use crate::error::OqsError;
use crate::writer::{XmlWriter, check_header, file_part};

/// A query by the insured number printed on a document (照会区分 2).
///
/// # Example
/// ```
/// let req: onshi_oqs::QualificationRequest = serde_json::from_str(r#"{"medical_institution_code": "1311111111",
///   "arbitrary_file_identifier": "R1", "insurer_number": "06130017", "number": "45", "branch": "00"}"#).unwrap();
/// assert_eq!(req.insured.branch(), Some("00"));
/// // The insured number is held to its rules as it is read: a 枝番 is digits.
/// assert!(serde_json::from_str::<onshi_oqs::QualificationRequest>(r#"{"medical_institution_code": "1311111111",
///   "arbitrary_file_identifier": "R1", "insurer_number": "06130017", "number": "45", "branch": "0-0"}"#).is_err());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QualificationRequest {
    /// 医療機関コード, 10 digits.
    pub medical_institution_code: String,
    /// 任意のファイル識別子 (at most 50 ASCII characters), echoed in the result.
    pub arbitrary_file_identifier: String,
    /// 保険者番号 (6 or 8 digits; written padded to 8 with spaces on the left).
    pub insurer_number: String,
    /// 被保険者証記号・番号・枝番 (in JSON, `symbol`, `number` and `branch` beside the other fields;
    /// the 記号 and 枝番 optional, the 枝番 written only when it is 2 digits).
    #[serde(flatten)]
    pub insured: onshi::numbers::InsuredNumber,
    /// 生年月日 (YYYYMMDD), when the query uses it.
    #[serde(default)]
    pub birthdate: Option<String>,
    /// The patient consents to sharing 限度額 information.
    #[serde(default)]
    pub limit_consent: bool,
}

impl QualificationRequest {
    /// The request file's bytes in `encoding`, with a matching declaration and
    /// CharacterCodeIdentifier. The same request always gives the same bytes.
    ///
    /// # Errors
    /// [`OqsError::PersonalNumber`] when any field holds what looks like a 12-digit 個人番号 (never
    /// sent, never shown); [`OqsError::Request`] naming the field: wrong lengths or a character the
    /// encoding cannot hold (never replaced silently).
    ///
    /// # Example
    /// ```
    /// use onshi_oqs::{Encoding, QualificationRequest, QualificationResult};
    /// let req = QualificationRequest {
    ///     medical_institution_code: "1311111111".into(), arbitrary_file_identifier: "R0001".into(),
    ///     insurer_number: "123456".into(),
    ///     insured: onshi::numbers::InsuredNumber::new(Some("12-34"), "4260", Some("01")).unwrap(),
    ///     birthdate: None, limit_consent: true,
    /// };
    /// let bytes = req.to_xml(Encoding::ShiftJis).unwrap();
    /// assert!(bytes.starts_with(b"<?xml version=\"1.0\" encoding=\"Shift_JIS\""));
    /// let mut bad = req.clone();
    /// bad.insured.symbol = Some(onshi::numbers::PersonalField::new("𠮷").unwrap()); // not in Shift_JIS
    /// assert_eq!(bad.to_xml(Encoding::ShiftJis).unwrap_err().kind(), onshi::error::ErrorKind::Request);
    /// ```
    pub fn to_xml(&self, encoding: Encoding) -> Result<Vec<u8>, OqsError> {
        let mut w = XmlWriter::request(
            encoding,
            &[
                ("MedicalInstitutionCode", &self.medical_institution_code),
                ("ArbitraryFileIdentifier", &self.arbitrary_file_identifier),
                ("ReferenceClassification", "2"),
            ],
        );
        let search = SearchInfo::new(&self.insurer_number, &self.insured, &self.birthdate);
        w.open("QualificationConfirmSearchInfo");
        search.write(&mut w);
        w.leaf(
            "LimitApplicationCertificateRelatedConsFlg",
            if self.limit_consent { "1" } else { "0" },
        )
        .close("QualificationConfirmSearchInfo");
        let problems = check_header(
            &self.medical_institution_code,
            &self.arbitrary_file_identifier,
        )
        .and_then(|()| search.check());
        w.finish("request", problems)
    }

    /// The file name for this request at `at` (`OQSsiquc01req_<identifier>.xml`), and the name of the
    /// result file the terminal will write (`req_` → `res_`).
    ///
    /// # Example
    /// ```
    /// let req: onshi_oqs::QualificationRequest = serde_json::from_str(r#"{"medical_institution_code": "1311111111",
    ///   "arbitrary_file_identifier": "R20260115000001", "insurer_number": "06130017", "number": "1"}"#).unwrap();
    /// assert_eq!(req.file_names(), ("OQSsiquc01req_R20260115000001.xml".to_owned(), "OQSsiquc01res_R20260115000001.xml".to_owned()));
    /// ```
    pub fn file_names(&self) -> (String, String) {
        let id = file_part(&self.arbitrary_file_identifier);
        (
            format!("OQSsiquc01req_{id}.xml"),
            format!("OQSsiquc01res_{id}.xml"),
        )
    }
}

/// The insured number a query searches by (the leaves of `QualificationConfirmSearchInfo`): its
/// leaves and its checks, the same in every request that names one (a single query, each query of
/// a 一括照会, each entry of a 照会番号一括登録).
#[derive(Clone, Copy)]
pub(crate) struct SearchInfo<'a> {
    insurer_number: &'a str,
    insured: &'a onshi::numbers::InsuredNumber,
    birthdate: Option<&'a str>,
}

impl<'a> SearchInfo<'a> {
    /// The fields as the requests hold them, in their order.
    pub(crate) fn new(
        insurer_number: &'a str,
        insured: &'a onshi::numbers::InsuredNumber,
        birthdate: &'a Option<String>,
    ) -> Self {
        SearchInfo {
            insurer_number,
            insured,
            birthdate: birthdate.as_deref(),
        }
    }

    /// Writes the leaves (the 保険者番号 padded to 8 with spaces on the left).
    pub(crate) fn write(&self, w: &mut XmlWriter) {
        w.leaf(
            "InsurerNumber",
            &format!("{:>8}", self.insurer_number.trim()),
        )
        .leaf_opt("InsuredCardSymbol", self.insured.symbol())
        .leaf("InsuredIdentificationNumber", self.insured.number.expose())
        .leaf_opt("InsuredBranchNumber", self.insured.branch())
        .leaf_opt("Birthdate", self.birthdate);
    }

    /// Checks the 保険者番号 against its alphabet and length, and the insured number and the birth
    /// date against the lengths the file takes (the insured number's alphabets are its own type's:
    /// [`onshi::numbers::InsuredNumber`]).
    pub(crate) fn check(&self) -> Result<(), OqsError> {
        let bad = |field: &'static str, problem: &str| {
            Err(OqsError::Request {
                field,
                problem: problem.to_owned(),
            })
        };
        let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        // The 保険者番号 holds its alphabet (digits): a value with anything else is refused, never
        // cleaned, so nothing odd is sent to the online system.
        onshi::numbers::Alphabet::Digits
            .check(self.insurer_number)
            .map_err(|e| OqsError::Request {
                field: "insurer_number",
                problem: e.to_string(),
            })?;
        let insurer = self.insurer_number.trim();
        if !(insurer.len() == 6 || insurer.len() == 8) || !digits(insurer) {
            return bad("insurer_number", "must be 6 or 8 digits");
        }
        let number = self.insured.number.expose();
        if number.trim().is_empty() || number.chars().count() > 20 {
            return bad("number", "must be 1 to 20 characters");
        }
        if self
            .insured
            .symbol()
            .is_some_and(|s| s.chars().count() > 20)
        {
            return bad("symbol", "must be at most 20 characters");
        }
        if self
            .insured
            .branch()
            .is_some_and(|b| b.len() != 2 || !digits(b))
        {
            return bad("branch", "must be 2 digits");
        }
        if self.birthdate.is_some_and(|b| b.len() != 8 || !digits(b)) {
            return bad("birthdate", "must be YYYYMMDD");
        }
        Ok(())
    }
}

/// A fresh ArbitraryFileIdentifier from the caller's clock reading and a sequence number: `R` +
/// `YYYYMMDDHHmmss` (JST) + 6-digit sequence (21 characters).
///
/// # Example
/// ```
/// let at = onshi::calendar::VisitTime::parse("2026-01-15T09:30:05+09:00").unwrap();
/// assert_eq!(onshi_oqs::file_identifier(at, 42), "R20260115093005000042");
/// ```
pub fn file_identifier(at: onshi::calendar::VisitTime, sequence: u32) -> String {
    format!(
        "R{}{:06}",
        at.instant().format("%Y%m%d%H%M%S"),
        sequence % 1_000_000
    )
}

/// Checks that a result answers a request: the echoed ArbitraryFileIdentifier must match.
///
/// # Errors
/// [`OqsError::BadValue`] when the identifier differs or is missing.
///
/// # Example
/// ```
/// let xml = "<XmlMsg><MessageHeader><ArbitraryFileIdentifier>R1</ArbitraryFileIdentifier>\
///   <SegmentOfResult>1</SegmentOfResult></MessageHeader></XmlMsg>";
/// let r = onshi_oqs::QualificationResult::parse(xml.as_bytes()).unwrap();
/// assert!(onshi_oqs::check_answer(&r, "R1").is_ok());
/// assert!(onshi_oqs::check_answer(&r, "R2").is_err());
/// ```
pub fn check_answer(result: &crate::QualificationResult, identifier: &str) -> Result<(), OqsError> {
    match result.header.arbitrary_file_identifier.as_deref() {
        Some(id) if id == identifier => Ok(()),
        other => Err(OqsError::BadValue {
            path: "XmlMsg/MessageHeader/ArbitraryFileIdentifier".to_owned(),
            value: onshi::screen::redact(other.unwrap_or(""))
                .chars()
                .take(64)
                .collect(),
            expected: "the identifier of the request",
        }),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::QualificationRequest;
    use crate::encoding::{Encoding, decode};
    use crate::xml::{Event, Reader, Tag};

    proptest! {
        /// What onshi writes, onshi's reader reads back: any 記号 and 番号 a request can hold, in
        /// both encodings (characters Shift_JIS cannot hold are refused, never replaced).
        #[test]
        fn a_written_request_reads_back(symbol in "[^\\p{C}]{1,20}", number in "[^\\p{C}]{1,20}", shift_jis: bool) {
            // Refused as it is made: a 個人番号 or a character outside the field's alphabet.
            let Ok(insured) = onshi::numbers::InsuredNumber::new(Some(&symbol), &number, None) else {
                return Ok(());
            };
            let request = QualificationRequest {
                medical_institution_code: "1311111111".into(),
                arbitrary_file_identifier: "id-1".into(),
                insurer_number: "06130017".into(),
                insured,
                birthdate: None,
                limit_consent: false,
            };
            let encoding = if shift_jis { Encoding::ShiftJis } else { Encoding::Utf8 };
            let Ok(bytes) = request.to_xml(encoding) else {
                // Refused: a blank number, or a character the encoding lacks.
                return Ok(());
            };
            let (text, found) = decode(&bytes).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(found, encoding);
            let mut r = Reader::new(&text);
            let (mut symbol_read, mut number_read) = (None, None);
            loop {
                match r.next_event().map_err(|e| TestCaseError::fail(e.to_string()))? {
                    Event::Child(c) if c.name == Tag::InsuredCardSymbol => symbol_read = c.string(),
                    Event::Child(c) if c.name == Tag::InsuredIdentificationNumber => number_read = c.string(),
                    Event::Child(_) | Event::Close => {}
                    Event::End => break,
                }
            }
            let round = |s: &str| {
                // Shift_JIS maps a few characters to near twins (～ and 〜): compare what it holds.
                if shift_jis {
                    let (b, _, _) = encoding_rs::SHIFT_JIS.encode(s);
                    encoding_rs::SHIFT_JIS.decode(&b).0.into_owned()
                } else {
                    s.to_owned()
                }
            };
            prop_assert_eq!(symbol_read, Some(round(&symbol)));
            prop_assert_eq!(number_read, Some(round(&number)));
        }
    }
}
