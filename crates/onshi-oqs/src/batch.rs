//! 一括照会 results (`OQSmuquc02res_*.xml` and the other bulk kinds): streamed unit by unit with
//! flat memory, so a result of 100,000 records is read without holding it.
//!
//! Units are `BulkConfirmUnit` elements wherever they appear; each has the query echo
//! (`QualificationConfirmSearchInfo`), a processing status and, when found, a
//! `ResultOfQualificationConfirmation` (reference/oqs-interface.md §2).

use std::io::Read;

use serde::Serialize;

use crate::codes::{ProcessingResultStatus, QualificationValidity};
use crate::encoding::Encoding;
use crate::error::OqsError;
use crate::result::{
    QualificationRecord, check_identifier, header_of, online_of, online_status, record,
};
use crate::xml::{Builder, El, Tag, Token, Tokens, closes, truncated};

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
        online_of(
            self.status(),
            onshi::QueryKind::InsuredNumber,
            self.record.as_ref(),
        )
    }

    /// The online status alone (what the summary counts).
    fn status(&self) -> onshi::OnlineStatus {
        online_status(
            None,
            self.processing_result_status.as_ref(),
            self.qualification_validity.as_ref(),
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
        match unit.status() {
            onshi::OnlineStatus::Valid => self.valid += 1,
            onshi::OnlineStatus::Invalid => self.invalid += 1,
            onshi::OnlineStatus::NotFound => self.not_found += 1,
            _ => self.unavailable += 1,
        }
    }
}

fn unit_of(el: El) -> Result<BulkUnit, OqsError> {
    let mut u = el.fields();
    let search = match u.get(Tag::QualificationConfirmSearchInfo)? {
        Some(s) => {
            let mut s = s.fields();
            SearchInfo {
                insurer_number: s.text(Tag::InsurerNumber)?.map(|n| n.trim().to_owned()),
                arbitrary_identifier: s.string(Tag::ArbitraryIdentifier)?,
            }
        }
        None => SearchInfo::default(),
    };
    let record = match u.get(Tag::ResultOfQualificationConfirmation)? {
        Some(r) => Some(record(r)?),
        None => None,
    };
    Ok(BulkUnit {
        search,
        processing_result_status: u
            .text(Tag::ProcessingResultStatus)?
            .map(ProcessingResultStatus::from_code),
        processing_result_code: u.string(Tag::ProcessingResultCode)?,
        processing_result_message: u.string(Tag::ProcessingResultMessage)?,
        qualification_validity: u
            .text(Tag::QualificationValidity)?
            .map(QualificationValidity::from_code),
        record,
        reference_number: u.string(Tag::ReferenceNumber)?,
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
    let mut decoder = match encoding {
        Encoding::Utf8 => encoding_rs::UTF_8.new_decoder_with_bom_removal(),
        Encoding::ShiftJis => encoding_rs::SHIFT_JIS.new_decoder_without_bom_handling(),
    };
    let mut scan = Scan {
        encoding,
        outer: Vec::new(),
        rooted: false,
    };
    // Decoded text not yet consumed, and where it starts in the decoded file.
    let mut text = String::with_capacity(2 * CHUNK);
    let mut base = 0u64;
    let mut decoded_bytes = 0usize;
    loop {
        let last = filled == 0;
        let mut src = raw.get(..filled).unwrap_or_default();
        loop {
            let room = decoder.max_utf8_buffer_length_without_replacement(src.len());
            text.reserve(room.unwrap_or(CHUNK));
            let (result, read) = decoder.decode_to_string_without_replacement(src, &mut text, last);
            decoded_bytes += read;
            src = src.get(read..).unwrap_or_default();
            match result {
                encoding_rs::DecoderResult::InputEmpty => break,
                encoding_rs::DecoderResult::OutputFull => {}
                encoding_rs::DecoderResult::Malformed(..) => {
                    // Deliver what came before the bad bytes (the header's encoding check first).
                    scan.run(&text, false, base, &mut summary, &mut on_unit)?;
                    return Err(OqsError::Decode {
                        encoding: encoding.xml_name(),
                        offset: decoded_bytes,
                    });
                }
            }
        }
        let consumed = scan.run(&text, last, base, &mut summary, &mut on_unit)?;
        if last {
            return scan.finish(base + text.len() as u64).map(|()| summary);
        }
        text.drain(..consumed);
        base += consumed as u64;
        filled = read_some(&mut input, &mut raw)?;
    }
}

/// Bytes read from the input at a time (the decoded text held is about one chunk plus one unit).
const CHUNK: usize = 64 * 1024;

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

/// The state of a streamed read between chunks: the elements open outside any unit.
struct Scan {
    encoding: Encoding,
    outer: Vec<String>,
    /// The root element has been seen.
    rooted: bool,
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
        let mut tokens = Tokens::new(text, last, base);
        loop {
            let start = tokens.offset();
            let at = tokens.position();
            let token = tokens.next_token()?;
            match token {
                Token::End => return Ok(start),
                Token::Partial if last => {
                    return Err(truncated(at, self.outer.last().map(|o| o.as_str())));
                }
                Token::Partial => return Ok(start),
                Token::Open(_) | Token::Empty(_) if self.outer.is_empty() && self.rooted => {
                    return Err(OqsError::Xml {
                        position: at,
                        problem: "a second root element".to_owned(),
                    });
                }
                Token::Open(tag)
                    if tag.name == Tag::BulkConfirmUnit
                        || (tag.name == Tag::MessageHeader && self.outer.len() == 1) =>
                {
                    self.rooted = true;
                    let mut builder = Builder::default();
                    builder.apply(token, at)?;
                    loop {
                        let at = tokens.position();
                        match tokens.next_token()? {
                            Token::End | Token::Partial if last => {
                                return Err(truncated(at, builder.open()));
                            }
                            Token::End | Token::Partial => return Ok(start),
                            token => {
                                if builder.apply(token, at)? {
                                    break;
                                }
                            }
                        }
                    }
                    let tree = builder.finish();
                    if let Some(el) = tree.root() {
                        self.element(el, summary, on_unit)?;
                    }
                }
                Token::Open(tag) => {
                    self.rooted = true;
                    self.outer.push(tag.local.to_owned());
                }
                Token::Close(name) => match self.outer.pop() {
                    Some(open) if closes(name, &open) => {}
                    open => {
                        return Err(OqsError::Xml {
                            position: at,
                            problem: match open {
                                Some(open) => format!("</{name}> closes <{open}>"),
                                None => format!("</{name}> without a start tag"),
                            },
                        });
                    }
                },
                Token::Text(t) if self.outer.is_empty() && !t.trim().is_empty() => {
                    return Err(OqsError::Xml {
                        position: at,
                        problem: "text outside the root element".to_owned(),
                    });
                }
                Token::Empty(_) => self.rooted = true,
                Token::Text(_) => {}
            }
        }
    }

    /// A finished header or unit.
    fn element(
        &self,
        el: El,
        summary: &mut BatchSummary,
        on_unit: &mut impl FnMut(BulkUnit),
    ) -> Result<(), OqsError> {
        if el.name() == Tag::MessageHeader {
            let mut h = el.fields();
            check_identifier(&mut h, self.encoding)?;
            header_of(&mut h)?;
            summary.reception_number = h.string(Tag::ReceptionNumber)?;
            summary.announced = h
                .text(Tag::NumberOfProcessingResult)?
                .and_then(|n| n.trim().parse().ok());
        } else {
            let unit = unit_of(el)?;
            summary.count(&unit);
            on_unit(unit);
        }
        Ok(())
    }

    /// At the end of the input: every element must be closed.
    fn finish(&self, position: u64) -> Result<(), OqsError> {
        match self.outer.last() {
            Some(open) => Err(truncated(position, Some(open))),
            None if !self.rooted => Err(OqsError::Xml {
                position,
                problem: "no root element".to_owned(),
            }),
            None => Ok(()),
        }
    }
}
