//! 一括照会 results (`OQSmuquc02res_*.xml` and the other bulk kinds): streamed unit by unit with
//! flat memory, so a result of 100,000 records is read without holding it.
//!
//! Units are `BulkConfirmUnit` elements wherever they appear; each has the query echo
//! (`QualificationConfirmSearchInfo`), a processing status and, when found, a
//! `ResultOfQualificationConfirmation` (reference/oqs-interface.md §2).

use std::io::Read;

use serde::Serialize;

use crate::codes::{ProcessingResultStatus, QualificationValidity};
use crate::encoding::{Decoder, Encoding};
use crate::error::OqsError;
use crate::result::{QualificationRecord, header, online_of, online_status, record};
use crate::xml::{Child, Event, Nesting, Reader, Tag};

/// The query a unit answers (照会の写し).
///
/// # Example
/// ```
/// let xml = "<XmlMsg><MessageBody><BulkConfirmUnit><QualificationConfirmSearchInfo>\
///   <InsurerNumber>  06130017</InsurerNumber><ArbitraryIdentifier>chart-1</ArbitraryIdentifier>\
///   </QualificationConfirmSearchInfo></BulkConfirmUnit></MessageBody></XmlMsg>";
/// let mut units = vec![];
/// onshi_oqs::read_batch(xml.as_bytes(), |u| units.push(u)).unwrap();
/// assert_eq!(units[0].search.insurer_number.as_deref(), Some("06130017"));
/// assert_eq!(units[0].search.arbitrary_identifier.as_deref(), Some("chart-1"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct SearchInfo {
    /// 保険者番号, spaces removed.
    pub insurer_number: Option<String>,
    /// 任意の識別子, as the clinic set it (e.g. its chart number).
    pub arbitrary_identifier: Option<String>,
}

/// One answer of a bulk result (BulkConfirmUnit).
///
/// # Example
/// ```
/// let xml = "<XmlMsg><MessageBody><BulkConfirmUnit><ProcessingResultStatus>1</ProcessingResultStatus>\
///   <QualificationValidity>1</QualificationValidity><ResultOfQualificationConfirmation>\
///   <InsurerNumber>06130017</InsurerNumber></ResultOfQualificationConfirmation></BulkConfirmUnit></MessageBody></XmlMsg>";
/// let mut units = vec![];
/// onshi_oqs::read_batch(xml.as_bytes(), |u| units.push(u)).unwrap();
/// assert_eq!(units[0].record.as_ref().unwrap().insurer_number.as_deref(), Some("06130017"));
/// ```
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
    /// assert_eq!(statuses, [onshi::reception::OnlineStatus::Invalid]);
    /// ```
    pub fn online_result(&self) -> onshi::reception::OnlineResult {
        online_of(
            self.status(),
            onshi::reception::QueryKind::InsuredNumber,
            self.record.as_ref(),
        )
    }

    /// The online status alone (what the summary counts).
    fn status(&self) -> onshi::reception::OnlineStatus {
        online_status(
            None,
            self.processing_result_status.as_ref(),
            self.qualification_validity.as_ref(),
        )
    }
}

/// Counts of a bulk result (一括照会の集計).
///
/// # Example
/// ```
/// let xml = "<XmlMsg><MessageHeader><ReceptionNumber>R1</ReceptionNumber></MessageHeader><MessageBody>\
///   <BulkConfirmUnit><ProcessingResultStatus>2</ProcessingResultStatus></BulkConfirmUnit></MessageBody></XmlMsg>";
/// let summary = onshi_oqs::read_batch(xml.as_bytes(), |_| {}).unwrap();
/// assert_eq!((summary.units, summary.unavailable), (1, 1));
/// assert_eq!(summary.reception_number.as_deref(), Some("R1"));
/// ```
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
        match unit.status() {
            onshi::reception::OnlineStatus::Valid => self.valid += 1,
            onshi::reception::OnlineStatus::Invalid => self.invalid += 1,
            onshi::reception::OnlineStatus::NotFound => self.not_found += 1,
            _ => self.unavailable += 1,
        }
    }
}

fn unit_of(r: &mut Reader, el: &Child) -> Result<BulkUnit, OqsError> {
    let mut unit = BulkUnit {
        search: SearchInfo::default(),
        processing_result_status: None,
        processing_result_code: None,
        processing_result_message: None,
        qualification_validity: None,
        record: None,
        reference_number: None,
    };
    let mut fields = r.children(el);
    while let Some(c) = fields.next(r)? {
        match c.name {
            Tag::QualificationConfirmSearchInfo => {
                let mut search = r.children(&c);
                while let Some(c) = search.next(r)? {
                    match c.name {
                        Tag::InsurerNumber => {
                            unit.search.insurer_number = c.text().map(|n| n.trim().to_owned());
                        }
                        Tag::ArbitraryIdentifier => unit.search.arbitrary_identifier = c.string(),
                        _ => {}
                    }
                }
            }
            Tag::ResultOfQualificationConfirmation => unit.record = Some(record(r, &c)?),
            Tag::ProcessingResultStatus => {
                unit.processing_result_status =
                    c.leaf.as_deref().map(ProcessingResultStatus::from_code);
            }
            Tag::ProcessingResultCode => unit.processing_result_code = c.string(),
            Tag::ProcessingResultMessage => unit.processing_result_message = c.string(),
            Tag::QualificationValidity => {
                unit.qualification_validity =
                    c.leaf.as_deref().map(QualificationValidity::from_code);
            }
            Tag::ReferenceNumber => unit.reference_number = c.string(),
            _ => {}
        }
    }
    Ok(unit)
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
    mut input: R,
    mut on_unit: impl FnMut(BulkUnit),
) -> Result<BatchSummary, OqsError> {
    let mut raw = vec![0; CHUNK];
    // The encoding is declared in the first bytes: read at least those before sniffing.
    let mut filled = 0;
    while filled < 256 {
        match read_some(&mut input, raw.get_mut(filled..).unwrap_or_default())? {
            0 => break,
            n => filled += n,
        }
    }
    let encoding = crate::encoding::sniff(raw.get(..filled).unwrap_or_default())?;
    let mut summary = BatchSummary {
        encoding: Some(encoding),
        ..BatchSummary::default()
    };
    let mut decoder = Decoder::new(encoding);
    let mut scan = Scan {
        encoding,
        nesting: Nesting::default(),
    };
    // Decoded text not yet consumed, and where it starts in the decoded file.
    let mut text = String::with_capacity(2 * CHUNK);
    let mut base = 0u64;
    loop {
        let last = filled == 0;
        if let Err(bad) = decoder.decode(raw.get(..filled).unwrap_or_default(), &mut text, last) {
            // Deliver what came before the bad bytes (the header's encoding check first).
            scan.run(&text, false, base, &mut summary, &mut on_unit)?;
            return Err(bad);
        }
        let consumed = scan.run(&text, last, base, &mut summary, &mut on_unit)?;
        if last {
            return Ok(summary);
        }
        text.drain(..consumed);
        base += consumed as u64;
        filled = read_some(&mut input, &mut raw)?;
    }
}

/// Bytes read from the input at a time (the decoded text held is about one chunk plus one unit).
const CHUNK: usize = 64 * 1024;

/// The most decoded text an unfinished element (a unit, or the header) may hold before it closes.
pub(crate) const MAX_PENDING: usize = 1024 * 1024;

fn read_some(input: &mut impl Read, buf: &mut [u8]) -> Result<usize, OqsError> {
    loop {
        match input.read(buf) {
            Ok(n) => return Ok(n),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => {
                return Err(OqsError::Xml {
                    position: 0,
                    problem: format!("reading the file failed: {e}"),
                });
            }
        }
    }
}

/// The state of a streamed read between chunks.
struct Scan {
    encoding: Encoding,
    /// The elements open outside any unit.
    nesting: Nesting,
}

impl Scan {
    /// Reads the units complete in `text`; returns how much of `text` was consumed (the rest is
    /// kept for the next chunk: an unfinished unit is read again whole).
    fn run(
        &mut self,
        text: &str,
        last: bool,
        base: u64,
        summary: &mut BatchSummary,
        on_unit: &mut impl FnMut(BulkUnit),
    ) -> Result<usize, OqsError> {
        let mut r = Reader::resume(text, last, base, std::mem::take(&mut self.nesting));
        loop {
            let mark = r.mark();
            let read = r.next_event().and_then(|event| match event {
                Event::End => Ok(true),
                Event::Child(c) if c.name == Tag::BulkConfirmUnit => {
                    let unit = unit_of(&mut r, &c)?;
                    summary.count(&unit);
                    on_unit(unit);
                    Ok(false)
                }
                Event::Child(c) if c.name == Tag::MessageHeader && mark.depth == 1 => {
                    let h = header(&mut r, &c, self.encoding)?;
                    summary.reception_number = h.reception_number;
                    summary.announced = h.announced;
                    Ok(false)
                }
                // Elements around the units are entered; their leaves are not read.
                Event::Child(_) | Event::Close => Ok(false),
            });
            match read {
                Ok(false) => {}
                Ok(true) => return Ok(mark.offset),
                Err(_) if r.wants_more() => {
                    // An element that does not close within MAX_PENDING (a unit is a few KB) is a
                    // missing close tag or a hostile file: refused now, so an unfinished element is
                    // read again at most MAX_PENDING / CHUNK times and the work stays linear.
                    if text.len() - mark.offset > MAX_PENDING {
                        return Err(OqsError::Xml {
                            position: base + mark.offset as u64,
                            problem: format!(
                                "an element here does not close within {} KiB (a BulkConfirmUnit is a few KiB): a missing close tag, or the file is not a 一括照会 result",
                                MAX_PENDING / 1024
                            ),
                        });
                    }
                    self.nesting = r.stop_at(mark);
                    return Ok(mark.offset);
                }
                Err(e) => return Err(e),
            }
        }
    }
}
