//! Errors of the file interface.

/// Why an OQS file could not be read or written (ファイルの誤り).
///
/// # Example
/// ```
/// let e = onshi_oqs::QualificationResult::parse(b"<XmlMsg>").unwrap_err();
/// assert_eq!(e.kind(), onshi::error::ErrorKind::Xml);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum OqsError {
    /// Bytes that are not valid in the encoding the file declares.
    #[error("the file is not valid {encoding}: byte {offset} cannot be decoded")]
    Decode {
        /// The encoding tried.
        encoding: &'static str,
        /// The offset of the first malformed byte.
        offset: usize,
    },
    /// The XML declaration names an encoding onshi does not read.
    #[error("the XML declaration says encoding=\"{declared}\"; OQS files are UTF-8 or Shift_JIS")]
    UnsupportedEncoding {
        /// What the declaration says.
        declared: String,
    },
    /// CharacterCodeIdentifier disagrees with the encoding actually used.
    #[error(
        "CharacterCodeIdentifier is {identifier} ({says}) but the file is {actual}; check the 連携アプリ's character-code setting"
    )]
    EncodingMismatch {
        /// The identifier in the header.
        identifier: String,
        /// What the identifier means.
        says: &'static str,
        /// The encoding of the bytes.
        actual: &'static str,
    },
    /// Not well-formed XML, or truncated.
    #[error("not well-formed XML at byte {position}: {problem}")]
    Xml {
        /// Byte position in the decoded text.
        position: u64,
        /// What the parser found.
        problem: String,
    },
    /// A document type declaration (DTD), refused for safety.
    #[error(
        "the file has a document type declaration (DTD); OQS files have none and it is refused"
    )]
    Dtd,
    /// The file is larger than onshi reads at once.
    #[error(
        "the file is {size} bytes; at most {limit} are read (use the streaming batch reader for 一括照会)"
    )]
    TooLarge {
        /// Its size.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// The visit time is neither given nor in the file (ProcessExecutionTime).
    #[error("the file has no ProcessExecutionTime: give the visit time")]
    NoVisitTime,
    /// A required element is missing.
    #[error("element `{path}` is missing")]
    Missing {
        /// Its path (`XmlMsg/MessageHeader`).
        path: String,
    },
    /// An element that must appear once appears several times.
    #[error("element `{path}` appears {count} times; it may appear once")]
    Duplicate {
        /// Its path.
        path: String,
        /// How many times.
        count: usize,
    },
    /// A value of the wrong form (a date that is not YYYYMMDD).
    #[error("`{path}` = `{value}` is not {expected}")]
    BadValue {
        /// Its path.
        path: String,
        /// The value (never personal: only codes, dates of the message, identifiers).
        value: String,
        /// What was expected.
        expected: &'static str,
    },
    /// A result that reports a normal end but lacks what a decision needs: its own outcome, not
    /// "the online system is unusable".
    #[error(
        "the result is incomplete: it reports a normal end but lacks {}; ask the terminal for the result again or check it there",
        missing.join(", ")
    )]
    Incomplete {
        /// The missing elements.
        missing: Vec<&'static str>,
    },
    /// The result lists records of different people (birth date or name differ): deciding on one
    /// of them could admit the wrong person.
    #[error(
        "the result holds {records} records of different people (birth dates or names differ): confirm who the patient is and query again with the 記号・番号・枝番; no decision is made from it"
    )]
    Ambiguous {
        /// How many records.
        records: usize,
    },
    /// The file is another kind of OQS file (a request, a 一括照会 result, …), not a 資格確認 result.
    #[error(
        "this is not a 資格確認 result file: it looks like {found}; give the result file (OQSsiquc01res_…)"
    )]
    NotAResult {
        /// What it looks like.
        found: &'static str,
    },
    /// An element of a file read, or a field of a request written, holds a 12-digit 個人番号, which
    /// reception must neither hold nor send: the file is refused, and the value is never shown.
    /// File identifiers and time stamps are exempt (never about a person); elements onshi does not
    /// model keep [`WITHHELD`](crate::WITHHELD) instead.
    #[error(
        "`{path}` holds what looks like a 12-digit 個人番号 (My Number); reception must neither hold nor send it, so the file is refused (the value is not shown)"
    )]
    PersonalNumber {
        /// Its path.
        path: String,
    },
    /// A request value that cannot be written.
    #[error("cannot write `{field}`: {problem}")]
    Request {
        /// The field.
        field: &'static str,
        /// What is wrong.
        problem: String,
    },
}

impl OqsError {
    /// The error's domain, [`onshi::error::ErrorDomain::Oqs`] (a 個人番号 is told by the kind).
    ///
    /// # Example
    /// ```
    /// assert_eq!(onshi_oqs::OqsError::Dtd.domain(), onshi::error::ErrorDomain::Oqs);
    /// ```
    pub fn domain(&self) -> onshi::error::ErrorDomain {
        onshi::error::ErrorDomain::Oqs
    }

    /// The short ja/en summary every binding shows.
    ///
    /// # Example
    /// ```
    /// assert_eq!(onshi_oqs::OqsError::Dtd.words().ja, "オンライン資格確認のファイルを読めません");
    /// ```
    pub fn words(&self) -> onshi::Text {
        onshi::DescribedError::words(self)
    }

    /// A stable slug (`encoding_mismatch`, `missing`, …).
    ///
    /// # Example
    /// ```
    /// assert_eq!(onshi_oqs::OqsError::Dtd.kind(), onshi::error::ErrorKind::Dtd);
    /// ```
    pub fn kind(&self) -> onshi::error::ErrorKind {
        match self {
            OqsError::Decode { .. } => onshi::error::ErrorKind::Decode,
            OqsError::UnsupportedEncoding { .. } => onshi::error::ErrorKind::UnsupportedEncoding,
            OqsError::EncodingMismatch { .. } => onshi::error::ErrorKind::EncodingMismatch,
            OqsError::Xml { .. } => onshi::error::ErrorKind::Xml,
            OqsError::Dtd => onshi::error::ErrorKind::Dtd,
            OqsError::TooLarge { .. } => onshi::error::ErrorKind::TooLarge,
            OqsError::NoVisitTime => onshi::error::ErrorKind::NoVisitTime,
            OqsError::Missing { .. } => onshi::error::ErrorKind::Missing,
            OqsError::Duplicate { .. } => onshi::error::ErrorKind::Duplicate,
            OqsError::PersonalNumber { .. } => onshi::error::ErrorKind::PersonalNumber,
            OqsError::NotAResult { .. } => onshi::error::ErrorKind::NotAResult,
            OqsError::Incomplete { .. } => onshi::error::ErrorKind::Incomplete,
            OqsError::Ambiguous { .. } => onshi::error::ErrorKind::Ambiguous,
            OqsError::BadValue { .. } => onshi::error::ErrorKind::BadValue,
            OqsError::Request { .. } => onshi::error::ErrorKind::Request,
        }
    }
}

impl onshi::DescribedError for OqsError {
    fn kind(&self) -> onshi::error::ErrorKind {
        OqsError::kind(self)
    }
    fn domain(&self) -> onshi::error::ErrorDomain {
        OqsError::domain(self)
    }
    fn field(&self) -> Option<&str> {
        match self {
            OqsError::Missing { path }
            | OqsError::Duplicate { path, .. }
            | OqsError::BadValue { path, .. }
            | OqsError::PersonalNumber { path } => Some(path),
            OqsError::Request { field, .. } => Some(field),
            _ => None,
        }
    }
}
