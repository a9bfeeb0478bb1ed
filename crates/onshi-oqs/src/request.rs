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
/// assert_eq!(req.branch.as_deref(), Some("00"));
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
    /// 被保険者証記号 (optional: 後期高齢者 cards have none).
    #[serde(default)]
    pub symbol: Option<String>,
    /// 被保険者証番号.
    pub number: String,
    /// 枝番 (2 digits; optional).
    #[serde(default)]
    pub branch: Option<String>,
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
    ///     insurer_number: "123456".into(), symbol: Some("12-34".into()), number: "4260".into(),
    ///     branch: Some("01".into()), birthdate: None, limit_consent: true,
    /// };
    /// let bytes = req.to_xml(Encoding::ShiftJis).unwrap();
    /// assert!(bytes.starts_with(b"<?xml version=\"1.0\" encoding=\"Shift_JIS\""));
    /// let mut bad = req.clone();
    /// bad.symbol = Some("𠮷".into()); // not in Shift_JIS
    /// assert_eq!(bad.to_xml(Encoding::ShiftJis).unwrap_err().kind(), onshi::ErrorKind::Request);
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
        let search = SearchInfo::new(
            &self.insurer_number,
            &self.symbol,
            &self.number,
            &self.branch,
            &self.birthdate,
        );
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
    symbol: Option<&'a str>,
    number: &'a str,
    branch: Option<&'a str>,
    birthdate: Option<&'a str>,
}

impl<'a> SearchInfo<'a> {
    /// The fields as the requests hold them, in their order.
    pub(crate) fn new(
        insurer_number: &'a str,
        symbol: &'a Option<String>,
        number: &'a str,
        branch: &'a Option<String>,
        birthdate: &'a Option<String>,
    ) -> Self {
        SearchInfo {
            insurer_number,
            symbol: symbol.as_deref(),
            number,
            branch: branch.as_deref(),
            birthdate: birthdate.as_deref(),
        }
    }

    /// Writes the leaves (the 保険者番号 padded to 8 with spaces on the left).
    pub(crate) fn write(&self, w: &mut XmlWriter) {
        w.leaf(
            "InsurerNumber",
            &format!("{:>8}", self.insurer_number.trim()),
        )
        .leaf_opt("InsuredCardSymbol", self.symbol)
        .leaf("InsuredIdentificationNumber", self.number)
        .leaf_opt("InsuredBranchNumber", self.branch)
        .leaf_opt("Birthdate", self.birthdate);
    }

    /// Checks each field against its alphabet and length.
    pub(crate) fn check(&self) -> Result<(), OqsError> {
        let bad = |field: &'static str, problem: &str| {
            Err(OqsError::Request {
                field,
                problem: problem.to_owned(),
            })
        };
        let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        // Each number field holds its alphabet (digits; letters, digits and hyphens): a value with
        // anything else is refused, never cleaned, so nothing odd is sent to the online system.
        let alphabet = |field: &'static str, value: &str, alphabet: onshi::Alphabet| {
            alphabet.check(value).map_err(|e| OqsError::Request {
                field,
                problem: e.to_string(),
            })
        };
        alphabet(
            "insurer_number",
            self.insurer_number,
            onshi::Alphabet::Digits,
        )?;
        let insurer = self.insurer_number.trim();
        if !(insurer.len() == 6 || insurer.len() == 8) || !digits(insurer) {
            return bad("insurer_number", "must be 6 or 8 digits");
        }
        alphabet("number", self.number, onshi::Alphabet::SymbolNumber)?;
        if self.number.trim().is_empty() || self.number.chars().count() > 20 {
            return bad("number", "must be 1 to 20 characters");
        }
        if let Some(symbol) = self.symbol {
            alphabet("symbol", symbol, onshi::Alphabet::SymbolNumber)?;
            if symbol.chars().count() > 20 {
                return bad("symbol", "must be at most 20 characters");
            }
        }
        if self.branch.is_some_and(|b| b.len() != 2 || !digits(b)) {
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
/// let at = onshi::VisitTime::parse("2026-01-15T09:30:05+09:00").unwrap();
/// assert_eq!(onshi_oqs::file_identifier(at, 42), "R20260115093005000042");
/// ```
pub fn file_identifier(at: onshi::VisitTime, sequence: u32) -> String {
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
            value: onshi::redact(other.unwrap_or(""))
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
            let request = QualificationRequest {
                medical_institution_code: "1311111111".into(),
                arbitrary_file_identifier: "id-1".into(),
                insurer_number: "06130017".into(),
                symbol: Some(symbol.clone()),
                number: number.clone(),
                branch: None,
                birthdate: None,
                limit_consent: false,
            };
            let encoding = if shift_jis { Encoding::ShiftJis } else { Encoding::Utf8 };
            let Ok(bytes) = request.to_xml(encoding) else {
                // Refused: a 個人番号, a blank number, or a character the encoding lacks.
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
