//! 一括照会 results (`OQSmuquc02res_*.xml` and the other bulk kinds): streamed unit by unit with
//! flat memory, so a result of 100,000 records is read without holding it.
//!
//! Units are `BulkConfirmUnit` elements wherever they appear; each has the query echo
//! (`QualificationConfirmSearchInfo`), a processing status and, when found, a
//! `ResultOfQualificationConfirmation` (reference/oqs-interface.md §2).

use std::io::{BufRead, BufReader, Read};

use quick_xml::Reader;
use serde::Serialize;

use crate::codes::{ProcessingResultStatus, QualificationValidity};
use crate::encoding::Encoding;
use crate::error::OqsError;
use crate::result::{
    QualificationRecord, check_identifier, header_of, online_of, online_status, record,
};
use crate::xml::{Builder, Element, Step, step};

/// The query a unit answers (照会の写し).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SearchInfo {
    /// 保険者番号, spaces removed.
    pub insurer_number: Option<String>,
    /// 任意の識別子, as the clinic set it (e.g. its chart number).
    pub arbitrary_identifier: Option<String>,
}

/// One answer of a bulk result (BulkConfirmUnit).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BulkUnit {
    /// The query echoed.
    pub search: SearchInfo,
    /// 処理結果状況.
    pub processing_result_status: Option<ProcessingResultStatus>,
    /// 処理結果コード.
    pub processing_result_code: Option<String>,
    /// 処理結果メッセージ.
    pub processing_result_message: Option<String>,
    /// 資格有効性.
    pub qualification_validity: Option<QualificationValidity>,
    /// The qualification found, if any.
    pub record: Option<QualificationRecord>,
    /// 照会番号.
    pub reference_number: Option<String>,
}

impl BulkUnit {
    /// The online answer for this unit (a query by insured number).
    ///
    /// # Example
    /// ```
    /// let xml = "<XmlMsg><MessageBody><BulkConfirmUnit><QualificationValidity>2</QualificationValidity>\
    ///   <ProcessingResultStatus>1</ProcessingResultStatus></BulkConfirmUnit></MessageBody></XmlMsg>";
    /// let mut statuses = vec![];
    /// onshi_oqs::read_batch(xml.as_bytes(), |u| statuses.push(u.online_result().status)).unwrap();
    /// assert_eq!(statuses, [onshi::OnlineStatus::Invalid]);
    /// ```
    pub fn online_result(&self) -> onshi::OnlineResult {
        let status = online_status(
            None,
            self.processing_result_status.as_ref(),
            self.qualification_validity.as_ref(),
        );
        online_of(
            status,
            onshi::QueryKind::InsuredNumber,
            self.record.as_ref(),
        )
    }
}

/// Counts of a bulk result (一括照会の集計).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct BatchSummary {
    /// The encoding of the file.
    pub encoding: Option<Encoding>,
    /// 受付番号 from the header.
    pub reception_number: Option<String>,
    /// 処理結果件数 the header announces.
    pub announced: Option<u64>,
    /// Units read.
    pub units: u64,
    /// 有効.
    pub valid: u64,
    /// 無効.
    pub invalid: u64,
    /// 該当資格なし / 複数該当.
    pub not_found: u64,
    /// Errors (処理結果状況 エラー, or no validity).
    pub unavailable: u64,
}

impl BatchSummary {
    fn count(&mut self, unit: &BulkUnit) {
        self.units += 1;
        match unit.online_result().status {
            onshi::OnlineStatus::Valid => self.valid += 1,
            onshi::OnlineStatus::Invalid => self.invalid += 1,
            onshi::OnlineStatus::NotFound => self.not_found += 1,
            _ => self.unavailable += 1,
        }
    }
}

fn unit_of(mut el: Element) -> Result<BulkUnit, OqsError> {
    let p = "BulkConfirmUnit";
    let search = match el.one(p, "QualificationConfirmSearchInfo")? {
        Some(s) => {
            let sp = "BulkConfirmUnit/QualificationConfirmSearchInfo";
            SearchInfo {
                insurer_number: s.text_of(sp, "InsurerNumber")?.map(|n| n.trim().to_owned()),
                arbitrary_identifier: s.text_of(sp, "ArbitraryIdentifier")?,
            }
        }
        None => SearchInfo::default(),
    };
    el.one(p, "ResultOfQualificationConfirmation")?;
    let record = match el
        .children
        .iter_mut()
        .find(|c| c.name == "ResultOfQualificationConfirmation")
    {
        Some(r) => Some(record(
            r,
            "BulkConfirmUnit/ResultOfQualificationConfirmation",
        )?),
        None => None,
    };
    Ok(BulkUnit {
        search,
        processing_result_status: el
            .text_of(p, "ProcessingResultStatus")?
            .map(|c| ProcessingResultStatus::from_code(&c)),
        processing_result_code: el.text_of(p, "ProcessingResultCode")?,
        processing_result_message: el.text_of(p, "ProcessingResultMessage")?,
        qualification_validity: el
            .text_of(p, "QualificationValidity")?
            .map(|c| QualificationValidity::from_code(&c)),
        record,
        reference_number: el.text_of(p, "ReferenceNumber")?,
    })
}

/// Streams a bulk result, calling `on_unit` for each unit in file order, and returns the counts.
/// Memory stays flat: only the unit being read is held.
///
/// # Errors
/// As [`QualificationResult::parse`](crate::QualificationResult::parse) (encoding, identifier
/// mismatch, malformed XML, DTD, bad values), plus read errors as [`OqsError::Xml`].
///
/// # Example
/// ```
/// let xml = r#"<?xml version="1.0" encoding="UTF-8"?><XmlMsg><MessageHeader>
///   <CharacterCodeIdentifier>0</CharacterCodeIdentifier><ReceptionNumber>R1</ReceptionNumber>
///   <NumberOfProcessingResult>2</NumberOfProcessingResult></MessageHeader><MessageBody>
///   <BulkConfirmUnit><ProcessingResultStatus>1</ProcessingResultStatus><QualificationValidity>1</QualificationValidity></BulkConfirmUnit>
///   <BulkConfirmUnit><ProcessingResultStatus>2</ProcessingResultStatus></BulkConfirmUnit>
///   </MessageBody></XmlMsg>"#;
/// let summary = onshi_oqs::read_batch(xml.as_bytes(), |_| {}).unwrap();
/// assert_eq!((summary.units, summary.valid, summary.unavailable), (2, 1, 1));
/// assert_eq!(summary.announced, Some(2));
/// ```
pub fn read_batch<R: Read>(
    input: R,
    mut on_unit: impl FnMut(BulkUnit),
) -> Result<BatchSummary, OqsError> {
    let mut raw = BufReader::with_capacity(64 * 1024, input);
    let head = raw.fill_buf().map_err(read_error)?;
    let encoding = crate::encoding::sniff(head)?;
    let mut summary = BatchSummary {
        encoding: Some(encoding),
        ..BatchSummary::default()
    };
    match encoding {
        Encoding::Utf8 => stream(raw, encoding, &mut summary, &mut on_unit)?,
        Encoding::ShiftJis => {
            let decoded = encoding_rs_io::DecodeReaderBytesBuilder::new()
                .encoding(Some(encoding_rs::SHIFT_JIS))
                .build(raw);
            stream(
                BufReader::with_capacity(64 * 1024, decoded),
                encoding,
                &mut summary,
                &mut on_unit,
            )?;
        }
    }
    Ok(summary)
}

fn read_error(e: std::io::Error) -> OqsError {
    OqsError::Xml {
        position: 0,
        problem: e.to_string(),
    }
}

fn stream<B: BufRead>(
    input: B,
    encoding: Encoding,
    summary: &mut BatchSummary,
    on_unit: &mut impl FnMut(BulkUnit),
) -> Result<(), OqsError> {
    let mut reader = Reader::from_reader(input);
    let mut buf = Vec::with_capacity(4096);
    // Open element names; known names are static, so this allocates only for unknown ones.
    let mut depth: Vec<std::borrow::Cow<'static, str>> = Vec::new();
    let mut capture: Option<Builder> = None;
    loop {
        // Each event borrows the buffer only until the next read: memory stays flat.
        buf.clear();
        let at = reader.buffer_position();
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| OqsError::Xml {
                position: at,
                problem: e.to_string(),
            })?;
        let s = step(event)?;
        if let Step::Text(t) = &s
            && encoding == Encoding::ShiftJis
            && t.contains('\u{FFFD}')
        {
            return Err(OqsError::Decode {
                encoding: "Shift_JIS",
                offset: at as usize,
            });
        }
        match &s {
            Step::Eof => break,
            Step::Open(name) if capture.is_none() => {
                let starts =
                    name == "BulkConfirmUnit" || (name == "MessageHeader" && depth.len() == 1);
                depth.push(name.clone());
                if !starts {
                    continue;
                }
                capture = Some(Builder::default());
            }
            Step::Open(name) => depth.push(name.clone()),
            Step::Close => {
                depth.pop();
            }
            _ => {}
        }
        if let Some(builder) = capture.as_mut() {
            let done = builder
                .apply(s.into_owned())
                .map_err(|problem| OqsError::Xml {
                    position: at,
                    problem,
                })?;
            if let Some(el) = done {
                capture = None;
                if el.name == "MessageHeader" {
                    check_identifier(&el, encoding)?;
                    let _ = header_of(&el)?;
                    let hp = "XmlMsg/MessageHeader";
                    summary.reception_number = el.text_of(hp, "ReceptionNumber")?;
                    summary.announced = el
                        .text_of(hp, "NumberOfProcessingResult")?
                        .and_then(|n| n.trim().parse().ok());
                } else {
                    let unit = unit_of(el)?;
                    summary.count(&unit);
                    on_unit(unit);
                }
            }
        }
    }
    if !depth.is_empty() {
        return Err(OqsError::Xml {
            position: reader.buffer_position(),
            problem: format!(
                "the file ends inside <{}> (truncated?)",
                depth[depth.len() - 1]
            ),
        });
    }
    Ok(())
}
