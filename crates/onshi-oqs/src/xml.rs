//! The XML reader for OQS files: a tokenizer for the subset OQS uses and a reader of elements.
//!
//! OQS files are element-only XML (reference/oqs-interface.md): no attributes that carry meaning,
//! no mixed content, the five predefined entities and character references, no DTD (refused). The
//! tokenizer works on text already decoded and validated once (UTF-8 or Shift_JIS), so it only looks
//! for `<`, `>` and `&`; element names become [`Tag`]s, a leaf `<X>text</X>` is one token, and text
//! is borrowed from the file unless it holds an entity. No tree is built: [`Reader`] hands each
//! element to the code that types it, in file order ([`Children`]).

use std::borrow::Cow;

use chrono::NaiveDate;
use memchr::{memchr, memchr2};

use crate::error::OqsError;

/// The largest file read whole (real result files are a few kilobytes).
pub(crate) const MAX_FILE: usize = 16 * 1024 * 1024;
const MAX_DEPTH: usize = 32;

macro_rules! names {
    ($($name:ident),* $(,)?) => {
        /// The element names onshi reads. A name read from a file becomes one of these, or
        /// `Other` (kept by its text, never looked up).
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[repr(u8)]
        pub(crate) enum Tag {
            $($name,)*
            Other,
        }

        impl Tag {
            /// How many names there are besides `Other`.
            pub(crate) const COUNT: usize = [$(stringify!($name)),*].len();

            /// The name of an element's local name as written.
            pub(crate) fn of(local: &str) -> Tag {
                match local {
                    $(stringify!($name) => Tag::$name,)*
                    _ => Tag::Other,
                }
            }
        }
    };
}

names! {
    Address,
    ArbitraryFileIdentifier,
    ArbitraryIdentifier,
    Birthdate,
    BulkConfirmUnit,
    BulkRegistrationUnit,
    CharacterCodeIdentifier,
    DiagnosisInfoAvailableTime,
    DiagnosisInfoConsFlg,
    DiagnosisInfoConsTime,
    DisqualificationDate,
    ElderlyRecipientCertificateInfo,
    ElderlyRecipientContributionRatio,
    ErrorCode,
    ErrorMessage,
    InsuredBranchNumber,
    InsuredCardClassification,
    InsuredCardExpirationDate,
    InsuredCardSymbol,
    InsuredCardValidDate,
    InsuredCertificateIssuanceDate,
    InsuredIdentificationNumber,
    InsuredPartialContributionRatio,
    InsurerName,
    InsurerNumber,
    LimitApplicationCertificateClassification,
    LimitApplicationCertificateClassificationFlag,
    LimitApplicationCertificateRelatedConsFlg,
    LimitApplicationCertificateRelatedInfo,
    LimitApplicationCertificateValidEndDate,
    LimitApplicationCertificateValidStartDate,
    MedicalInstitutionCode,
    MessageBody,
    MessageHeader,
    Name,
    NameKana,
    NumberOfProcessingResult,
    OperationInfoAvailableTime,
    OperationInfoConsFlg,
    OperationInfoConsTime,
    PersonalFamilyClassification,
    PharmacistsInfoAvailableTime,
    PharmacistsInfoConsFlg,
    PharmacistsInfoConsTime,
    PostNumber,
    PreschoolClassification,
    PrescriptionIssueSelect,
    ProcessExecutionTime,
    ProcessingResultCode,
    ProcessingResultMessage,
    ProcessingResultStatus,
    QualificationConfirmSearchInfo,
    QualificationConfirmationDate,
    QualificationDate,
    QualificationValidity,
    ReasonOfLoss,
    ReceptionDateTime,
    ReceptionNumber,
    ReferenceClassification,
    ReferenceNumber,
    ReferenceNumberRegistrationInfo,
    ResultList,
    ResultOfQualificationConfirmation,
    SegmentOfResult,
    Sex1,
    Sex2,
    SpecificDiseasesCertificateInfo,
    SpecificDiseasesCertificateList,
    SpecificDiseasesDiseaseCategory,
    SpecificDiseasesSelfPay,
    SpecificDiseasesValidEndDate,
    SpecificHealthCheckupsInfoAvailableTime,
    SpecificHealthCheckupsInfoConsFlg,
    SpecificHealthCheckupsInfoConsTime,
    XmlMsg,
}

impl Tag {
    /// Whether this element holds a machine value that is never about a person — a file or batch
    /// identifier, a time stamp — and may therefore be 12 digits (peers number their files with
    /// 12-digit sequences). Every other leaf passes the 個人番号 guard ([`Children::next`]).
    pub(crate) fn is_machine_value(self) -> bool {
        matches!(
            self,
            Tag::ArbitraryFileIdentifier
                | Tag::ReceptionNumber
                | Tag::ProcessExecutionTime
                | Tag::ReceptionDateTime
                | Tag::DiagnosisInfoAvailableTime
                | Tag::DiagnosisInfoConsTime
                | Tag::OperationInfoAvailableTime
                | Tag::OperationInfoConsTime
                | Tag::PharmacistsInfoAvailableTime
                | Tag::PharmacistsInfoConsTime
                | Tag::SpecificHealthCheckupsInfoAvailableTime
                | Tag::SpecificHealthCheckupsInfoConsTime
        )
    }

    /// Whether siblings of this name are a list (every other name onshi reads may appear once
    /// among its siblings).
    pub(crate) fn repeats(self) -> bool {
        matches!(
            self,
            Tag::Other
                | Tag::BulkConfirmUnit
                | Tag::BulkRegistrationUnit
                | Tag::ResultOfQualificationConfirmation
                | Tag::SpecificDiseasesCertificateInfo
        )
    }
}

/// An element name in a start tag: its local name (after any namespace prefix) and what it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct StartTag<'t> {
    pub local: &'t str,
    pub name: Tag,
}

/// One piece of XML.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Token<'t> {
    /// `<X>`.
    Open(StartTag<'t>),
    /// `<X/>`.
    Empty(StartTag<'t>),
    /// `<X>text</X>`: a known element holding only plain text (no entity, comment or CDATA).
    Leaf(StartTag<'t>, &'t str),
    /// `</X>`: the name as written (with any prefix); see [`closes`].
    Close(&'t str),
    /// Character data with entities resolved (CDATA sections too).
    Text(Cow<'t, str>),
    /// The input ended cleanly (only when it is the last part).
    End,
    /// The rest of the input is an unfinished token: more input is needed, or the file is truncated.
    Partial,
}

/// Whether the end tag `</written>` closes the element whose local name is `local`. Namespace
/// prefixes are not compared (OQS files use none).
pub(crate) fn closes(written: &str, local: &str) -> bool {
    written == local
        || written
            .strip_suffix(local)
            .is_some_and(|prefix| prefix.ends_with(':'))
}

/// Splits decoded text into tokens. Declarations, processing instructions and comments are skipped;
/// a DTD is refused.
pub(crate) struct Tokens<'t> {
    text: &'t str,
    pos: usize,
    /// No more input follows `text`: text running to its end is complete.
    last: bool,
    /// Where `text` starts in the file, for error positions.
    base: u64,
}

impl<'t> Tokens<'t> {
    pub(crate) fn new(text: &'t str, last: bool, base: u64) -> Tokens<'t> {
        Tokens {
            text,
            pos: 0,
            last,
            base,
        }
    }

    /// The offset of the next token in `text`.
    pub(crate) fn offset(&self) -> usize {
        self.pos
    }

    fn error(&self, at: usize, problem: String) -> OqsError {
        OqsError::Xml {
            position: self.base + at as u64,
            problem: onshi::screen::redact(&problem).into_owned(),
        }
    }

    #[inline]
    pub(crate) fn next_token(&mut self) -> Result<Token<'t>, OqsError> {
        loop {
            // `pos` only ever moves past ASCII delimiters, so it is always a character boundary.
            let rest = self.text.get(self.pos..).unwrap_or_default();
            let bytes = rest.as_bytes();
            let Some(&first) = bytes.first() else {
                return Ok(if self.last {
                    Token::End
                } else {
                    Token::Partial
                });
            };
            if first != b'<' {
                // Layout before a start tag is skipped here; blanks before `</`, `<!` or `<?`
                // may be an element's whole value and are kept.
                let blanks = layout(bytes);
                let after = bytes.get(blanks..).unwrap_or_default();
                if after.first() == Some(&b'<')
                    && after
                        .get(1)
                        .is_some_and(|b| !matches!(b, b'/' | b'!' | b'?'))
                {
                    self.pos += blanks;
                    continue;
                }
                return self.text_token(rest, blanks);
            }
            match bytes.get(1) {
                None => return Ok(Token::Partial),
                Some(b'?') => match find(bytes, b"?>") {
                    Some(i) => self.pos += i + 2,
                    None => return Ok(Token::Partial),
                },
                Some(b'!') => {
                    if let Some(token) = self.declaration(rest)? {
                        return Ok(token);
                    }
                }
                Some(b'/') => return self.end_tag(rest),
                Some(_) => return self.start_tag(rest),
            }
        }
    }

    /// Character data up to the next `<`; the first `from` bytes are known to be blanks.
    fn text_token(&mut self, rest: &'t str, from: usize) -> Result<Token<'t>, OqsError> {
        let bytes = rest.as_bytes();
        let mut amp = false;
        let mut end = None;
        for (i, &b) in bytes.iter().enumerate().skip(from) {
            if b == b'<' {
                end = Some(i);
                break;
            }
            amp |= b == b'&';
        }
        let end = match end {
            Some(i) => i,
            None if self.last => rest.len(),
            None => return Ok(Token::Partial),
        };
        let start = self.pos;
        self.pos += end;
        let raw = rest.get(..end).unwrap_or_default();
        if amp {
            self.unescape(raw, start)
                .map(|t| Token::Text(Cow::Owned(t)))
        } else {
            Ok(Token::Text(Cow::Borrowed(raw)))
        }
    }

    /// `<name>`, `<name/>`, or `<prefix:name attributes…>` (attributes are ignored: OQS gives
    /// them no meaning).
    fn start_tag(&mut self, rest: &'t str) -> Result<Token<'t>, OqsError> {
        // The common case: a known name alone between `<` and `>` (or `/>`).
        if let Some(end) = memchr(b'>', rest.as_bytes()) {
            let inner = rest.get(1..end).unwrap_or_default();
            let (local, empty) = match inner.strip_suffix('/') {
                Some(local) => (local, true),
                None => (inner, false),
            };
            let name = Tag::of(local);
            if name != Tag::Other {
                let tag = StartTag { local, name };
                if empty {
                    self.pos += end + 1;
                    return Ok(Token::Empty(tag));
                }
                if let Some((len, text)) = leaf(rest, end + 1, local) {
                    self.pos += len;
                    return Ok(Token::Leaf(tag, text));
                }
                self.pos += end + 1;
                return Ok(Token::Open(tag));
            }
        }
        let bytes = rest.as_bytes();
        let (mut start, mut n) = (1, name_len(bytes.get(1..).unwrap_or_default()));
        while bytes.get(start + n) == Some(&b':') {
            start += n + 1;
            n = name_len(bytes.get(start..).unwrap_or_default());
        }
        let local = rest.get(start..start + n).unwrap_or_default();
        let after = bytes.get(start + n..).unwrap_or_default();
        let (len, empty) = match after.first() {
            None => return Ok(Token::Partial),
            Some(_) if n == 0 => {
                return Err(self.error(self.pos, "`<` starts no element name".to_owned()));
            }
            Some(b'>') => (start + n + 1, false),
            Some(b'/') => match after.get(1) {
                None => return Ok(Token::Partial),
                Some(b'>') => (start + n + 2, true),
                Some(_) => return Err(self.bad_tag(local)),
            },
            Some(b) if b.is_ascii_whitespace() => {
                let Some(end) = tag_end(after) else {
                    return Ok(Token::Partial);
                };
                (
                    start + n + end + 1,
                    end > 0 && after.get(end - 1) == Some(&b'/'),
                )
            }
            Some(_) => return Err(self.bad_tag(local)),
        };
        self.pos += len;
        let tag = StartTag {
            local,
            name: Tag::of(local),
        };
        Ok(if empty {
            Token::Empty(tag)
        } else {
            Token::Open(tag)
        })
    }

    /// `</name>`, spaces allowed before `>`. The name is checked by matching it to the open
    /// element.
    fn end_tag(&mut self, rest: &'t str) -> Result<Token<'t>, OqsError> {
        let Some(end) = memchr(b'>', rest.as_bytes()) else {
            return Ok(Token::Partial);
        };
        let mut name = rest.get(2..end).unwrap_or_default();
        while name.as_bytes().last().is_some_and(u8::is_ascii_whitespace) {
            name = name.get(..name.len() - 1).unwrap_or_default();
        }
        self.pos += end + 1;
        Ok(Token::Close(name))
    }

    fn bad_tag(&self, name: &str) -> OqsError {
        self.error(self.pos, format!("a malformed tag after `{name}`"))
    }

    /// `<!…`: a comment (skipped, `None`), a CDATA section (text) or a DTD (refused).
    fn declaration(&mut self, rest: &'t str) -> Result<Option<Token<'t>>, OqsError> {
        const COMMENT: &str = "<!--";
        const CDATA: &str = "<![CDATA[";
        const DOCTYPE: &str = "<!DOCTYPE";
        let bytes = rest.as_bytes();
        if let Some(body) = rest.strip_prefix(COMMENT) {
            let Some(i) = find(body.as_bytes(), b"-->") else {
                return Ok(Some(Token::Partial));
            };
            self.pos += COMMENT.len() + i + 3;
            return Ok(None);
        }
        if let Some(body) = rest.strip_prefix(CDATA) {
            let Some(i) = find(body.as_bytes(), b"]]>") else {
                return Ok(Some(Token::Partial));
            };
            self.pos += CDATA.len() + i + 3;
            return Ok(Some(Token::Text(Cow::Borrowed(
                body.get(..i).unwrap_or_default(),
            ))));
        }
        if rest.starts_with(DOCTYPE) {
            return Err(OqsError::Dtd);
        }
        let unfinished =
            |whole: &str| bytes.len() < whole.len() && whole.as_bytes().starts_with(bytes);
        if unfinished(COMMENT) || unfinished(CDATA) || unfinished(DOCTYPE) {
            return Ok(Some(Token::Partial));
        }
        Err(self.error(self.pos, "unexpected markup after `<!`".to_owned()))
    }

    /// Resolves the entities in `raw`.
    fn unescape(&self, raw: &str, start: usize) -> Result<String, OqsError> {
        let mut out = String::with_capacity(raw.len());
        let mut rest = raw;
        while let Some(amp) = memchr(b'&', rest.as_bytes()) {
            out.push_str(rest.get(..amp).unwrap_or_default());
            let after = rest.get(amp + 1..).unwrap_or_default();
            let at = start + (raw.len() - rest.len()) + amp;
            let Some(semi) = memchr(b';', after.as_bytes()) else {
                return Err(self.error(at, "an `&` that starts no entity".to_owned()));
            };
            let entity = after.get(..semi).unwrap_or_default();
            let c = entity_char(entity)
                .ok_or_else(|| self.error(at, format!("unknown entity &{entity};")))?;
            out.push(c);
            rest = after.get(semi + 1..).unwrap_or_default();
        }
        out.push_str(rest);
        Ok(out)
    }
}

/// `<X>text</X>` at once, the start tag ending at `from`: its length and text, or `None` when
/// the element holds more than plain text or its end is not in `rest` yet (text with an entity,
/// rare in OQS files, is read as a token of its own).
fn leaf<'t>(rest: &'t str, from: usize, local: &str) -> Option<(usize, &'t str)> {
    let after = rest.as_bytes().get(from..).unwrap_or_default();
    let lt = memchr2(b'<', b'&', after)?;
    if after.get(lt) == Some(&b'&') {
        return None;
    }
    let end_tag = after
        .get(lt + 1..)
        .and_then(|t| t.strip_prefix(b"/"))
        .and_then(|t| t.strip_prefix(local.as_bytes()));
    if end_tag.and_then(|t| t.first()) != Some(&b'>') {
        return None;
    }
    let text = rest.get(from..from + lt)?;
    Some((from + lt + 3 + local.len(), text))
}

/// How many bytes of layout (blanks between elements) `bytes` starts with: indentation is
/// skipped eight spaces at a time.
fn layout(bytes: &[u8]) -> usize {
    let mut n = 0;
    while let Some(&b) = bytes.get(n) {
        match b {
            b' ' if bytes.get(n..n + 8) == Some(b"        ") => n += 8,
            b' ' | b'\n' | b'\r' | b'\t' => n += 1,
            _ => break,
        }
    }
    n
}

/// The character an entity names: the five predefined ones and character references.
fn entity_char(entity: &str) -> Option<char> {
    let code = match entity {
        "lt" => return Some('<'),
        "gt" => return Some('>'),
        "amp" => return Some('&'),
        "quot" => return Some('"'),
        "apos" => return Some('\''),
        _ => {
            let digits = entity.strip_prefix('#')?;
            let (digits, radix) = match digits.strip_prefix('x') {
                Some(hex) => (hex, 16),
                None => (digits, 10),
            };
            if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
                return None;
            }
            u32::from_str_radix(digits, radix).ok()?
        }
    };
    char::from_u32(code).filter(|c| *c != '\0')
}

/// Where `needle` first occurs in `hay` (the needles are short delimiters such as `?>`).
fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    let (&first, tail) = needle.split_first()?;
    let mut from = 0;
    while let Some(i) = memchr(first, hay.get(from..)?) {
        let at = from + i;
        if hay.get(at + 1..)?.starts_with(tail) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Bytes an element name may hold besides the prefix's `:`: ASCII letters, digits, `_`, `-`, `.`, and any byte of a
/// non-ASCII character (so a name always ends on a character boundary).
#[expect(clippy::indexing_slicing, reason = "b < 256, the table's length")]
static NAME_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.') || c >= 0x80;
        b += 1;
    }
    table
};

/// The length of the element name at the start of `bytes`.
fn name_len(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .position(|&b| !NAME_BYTE.get(usize::from(b)).copied().unwrap_or(false))
        .unwrap_or(bytes.len())
}

/// The index of the `>` that ends a start tag, skipping any inside quoted attribute values.
fn tag_end(bytes: &[u8]) -> Option<usize> {
    let end = memchr(b'>', bytes)?;
    if memchr2(b'"', b'\'', bytes.get(..end)?).is_none() {
        return Some(end);
    }
    let mut quote = None;
    for (i, &b) in bytes.iter().enumerate() {
        match (quote, b) {
            (None, b'>') => return Some(i),
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), b) if b == q => quote = None,
            _ => {}
        }
    }
    None
}

/// The error for input that ends before the XML does.
fn truncated(position: u64, open: Option<&str>) -> OqsError {
    OqsError::Xml {
        position,
        problem: match open {
            Some(name) => format!("the file ends inside <{name}> (truncated?)"),
            None => "the file ends inside a tag (truncated?)".to_owned(),
        },
    }
}

/// The elements open from the root down, kept between the pieces of a streamed file: their
/// names joined by `/` (the path errors show) and where each name starts.
#[derive(Clone, Debug, Default)]
pub(crate) struct Nesting {
    names: String,
    starts: Vec<usize>,
    /// The root element has been seen.
    rooted: bool,
}

impl Nesting {
    fn depth(&self) -> usize {
        self.starts.len()
    }

    fn innermost(&self) -> Option<&str> {
        self.names.get(*self.starts.last()?..)
    }

    fn push(&mut self, local: &str) {
        if !self.starts.is_empty() {
            self.names.push('/');
        }
        self.starts.push(self.names.len());
        self.names.push_str(local);
    }

    fn pop(&mut self) {
        if let Some(start) = self.starts.pop() {
            self.names.truncate(start.saturating_sub(1));
        }
    }
}

/// Where a streamed read can start again: see [`Reader::mark`] and [`Reader::stop_at`].
#[derive(Clone, Copy, Debug)]
pub(crate) struct Mark {
    /// The offset in the text read.
    pub offset: usize,
    /// How many elements are open there.
    pub depth: usize,
    rooted: bool,
}

/// An element as the reader meets it.
#[derive(Debug)]
pub(crate) struct Child<'t> {
    pub name: Tag,
    /// The local name as written.
    pub local: &'t str,
    /// A leaf's text with entities resolved (empty for `<X/>`); `None` for an element with
    /// children, which the reader has entered (read them with [`Reader::children`]).
    pub leaf: Option<Cow<'t, str>>,
}

impl Child<'_> {
    /// The text of a leaf, or `None` when it is empty or the element has children.
    pub(crate) fn text(&self) -> Option<&str> {
        self.leaf.as_deref().filter(|t| !t.is_empty())
    }

    /// [`Child::text`], owned.
    pub(crate) fn string(&self) -> Option<String> {
        self.text().map(str::to_owned)
    }
}

/// What [`Reader::next_event`] met.
#[derive(Debug)]
pub(crate) enum Event<'t> {
    /// An element: a leaf, or one with children (then entered).
    Child(Child<'t>),
    /// The end tag of the innermost open element.
    Close,
    /// The end of the input, every element closed.
    End,
}

/// Reads elements straight from tokens, without building a tree: the callers type each field as
/// they meet it. A leaf arrives with its text; an element with children is entered, and what the
/// caller does not read of it is skipped ([`Children::next`]). At most [`MAX_DEPTH`] deep, one
/// root element.
pub(crate) struct Reader<'t> {
    tokens: Tokens<'t>,
    /// A token read after a start tag to see whether children follow, and its offset.
    ahead: Option<(Token<'t>, usize)>,
    nesting: Nesting,
    /// The last error was the input running out.
    ran_out: bool,
}

impl<'t> Reader<'t> {
    /// A reader of a whole decoded file.
    pub(crate) fn new(text: &'t str) -> Reader<'t> {
        // Room for the usual depth (XmlMsg/MessageBody/ResultList/ResultOf…), small enough
        // for the allocator's quick lists.
        let nesting = Nesting {
            names: String::with_capacity(112),
            starts: Vec::with_capacity(8),
            rooted: false,
        };
        Reader::resume(text, true, 0, nesting)
    }

    /// A reader of one piece of a streamed file (see [`Tokens::new`]), inside the elements
    /// `nesting` left open.
    pub(crate) fn resume(text: &'t str, last: bool, base: u64, nesting: Nesting) -> Reader<'t> {
        Reader {
            tokens: Tokens::new(text, last, base),
            ahead: None,
            nesting,
            ran_out: false,
        }
    }

    /// The point before the next event.
    pub(crate) fn mark(&self) -> Mark {
        Mark {
            offset: self
                .ahead
                .as_ref()
                .map_or(self.tokens.offset(), |(_, at)| *at),
            depth: self.nesting.depth(),
            rooted: self.nesting.rooted,
        }
    }

    /// Whether the last error was only the piece ending: the next piece may finish what it cut.
    pub(crate) fn wants_more(&self) -> bool {
        self.ran_out && !self.tokens.last
    }

    /// Ends the read of this piece at `mark`, for the next piece to resume from there.
    pub(crate) fn stop_at(self, mark: Mark) -> Nesting {
        let mut nesting = self.nesting;
        while nesting.depth() > mark.depth {
            nesting.pop();
        }
        nesting.rooted = mark.rooted;
        nesting
    }

    fn problem(&self, at: usize, problem: String) -> OqsError {
        OqsError::Xml {
            position: self.tokens.base + at as u64,
            problem: onshi::screen::redact(&problem).into_owned(),
        }
    }

    fn ran_out(&mut self, at: usize, inside: Option<&str>) -> OqsError {
        self.ran_out = true;
        truncated(
            self.tokens.base + at as u64,
            inside.or(self.nesting.innermost()),
        )
    }

    #[inline(always)]
    fn token(&mut self) -> Result<(Token<'t>, usize), OqsError> {
        if let Some(ahead) = self.ahead.take() {
            return Ok(ahead);
        }
        let at = self.tokens.offset();
        Ok((self.tokens.next_token()?, at))
    }

    /// The next element, end tag or the end of the input. Layout between elements is skipped;
    /// text outside the root, a second root and unbalanced tags are errors.
    pub(crate) fn next_event(&mut self) -> Result<Event<'t>, OqsError> {
        self.event()
    }

    /// [`Reader::next_event`], inlined where elements are read field by field.
    #[inline(always)]
    fn event(&mut self) -> Result<Event<'t>, OqsError> {
        loop {
            let (token, at) = self.token()?;
            let (tag, leaf) = match token {
                Token::Leaf(tag, text) => (tag, Some(Cow::Borrowed(text))),
                Token::Empty(tag) => (tag, Some(Cow::Borrowed(""))),
                Token::Open(tag) => {
                    self.start(at)?;
                    let leaf = self.leaf_text(tag.local)?;
                    if leaf.is_none() {
                        self.nesting.push(tag.local);
                    }
                    return Ok(Event::Child(Child {
                        name: tag.name,
                        local: tag.local,
                        leaf,
                    }));
                }
                Token::Close(written) => {
                    return match self.nesting.innermost() {
                        Some(open) if closes(written, open) => {
                            self.nesting.pop();
                            Ok(Event::Close)
                        }
                        Some(open) => {
                            Err(self.problem(at, format!("</{written}> closes <{open}>")))
                        }
                        None => Err(self.problem(at, format!("</{written}> without a start tag"))),
                    };
                }
                // Text between elements is layout (OQS has no mixed content).
                Token::Text(text) if self.nesting.depth() > 0 || text.trim().is_empty() => {
                    continue;
                }
                Token::Text(_) => {
                    return Err(self.problem(at, "text outside the root element".to_owned()));
                }
                Token::End if self.nesting.depth() > 0 => return Err(self.ran_out(at, None)),
                Token::End if !self.nesting.rooted => {
                    return Err(self.problem(at, "no root element".to_owned()));
                }
                Token::End => return Ok(Event::End),
                Token::Partial => return Err(self.ran_out(at, None)),
            };
            self.start(at)?;
            return Ok(Event::Child(Child {
                name: tag.name,
                local: tag.local,
                leaf,
            }));
        }
    }

    /// Checks a start tag's place: one root, at most [`MAX_DEPTH`] deep.
    #[inline]
    fn start(&mut self, at: usize) -> Result<(), OqsError> {
        match self.nesting.depth() {
            0 if self.nesting.rooted => Err(self.problem(at, "a second root element".to_owned())),
            0 => {
                self.nesting.rooted = true;
                Ok(())
            }
            MAX_DEPTH.. => Err(self.problem(at, "elements nested too deeply".to_owned())),
            _ => Ok(()),
        }
    }

    /// After `<X>`: the text up to `</X>` for a leaf, or `None` when an element follows (read
    /// ahead and kept for the next event).
    fn leaf_text(&mut self, local: &'t str) -> Result<Option<Cow<'t, str>>, OqsError> {
        let mut text = Cow::Borrowed("");
        loop {
            let (token, at) = self.token()?;
            match token {
                Token::Text(more) if text.is_empty() => text = more,
                Token::Text(more) => text.to_mut().push_str(&more),
                Token::Close(written) if closes(written, local) => return Ok(Some(text)),
                Token::Close(written) => {
                    return Err(self.problem(at, format!("</{written}> closes <{local}>")));
                }
                Token::End | Token::Partial => return Err(self.ran_out(at, Some(local))),
                token => {
                    self.ahead = Some((token, at));
                    return Ok(None);
                }
            }
        }
    }

    /// The root element (the first call on a whole file).
    pub(crate) fn root(&mut self) -> Result<Child<'t>, OqsError> {
        match self.next_event()? {
            Event::Child(root) => Ok(root),
            Event::Close | Event::End => {
                Err(self.problem(self.tokens.offset(), "no root element".to_owned()))
            }
        }
    }

    /// After the root element: only layout may follow.
    pub(crate) fn end(&mut self) -> Result<(), OqsError> {
        self.skip_to(0)?;
        match self.next_event()? {
            Event::End => Ok(()),
            // A second root or a stray end tag is an error of `next_event` already.
            _ => Err(self.problem(
                self.tokens.offset(),
                "more after the root element".to_owned(),
            )),
        }
    }

    /// Reads on until only `depth` elements are open.
    fn skip_to(&mut self, depth: usize) -> Result<(), OqsError> {
        while self.nesting.depth() > depth {
            self.next_event()?;
        }
        Ok(())
    }

    /// The children of `parent`, the element just met.
    pub(crate) fn children(&self, parent: &Child<'_>) -> Children {
        Children {
            depth: self.nesting.depth(),
            seen: [false; Tag::COUNT],
            done: parent.leaf.is_some(),
        }
    }

    /// `XmlMsg/MessageBody/…` down to `child`, the element just met, for error messages.
    pub(crate) fn path_of(&self, child: &Child<'_>) -> String {
        match (&child.leaf, self.nesting.names.is_empty()) {
            (None, _) => self.nesting.names.clone(),
            (Some(_), true) => child.local.to_owned(),
            (Some(_), false) => format!("{}/{}", self.nesting.names, child.local),
        }
    }

    /// A value for an error message: `<redacted>` for a birth date, [`onshi::screen::redact`]ed and at
    /// most 64 characters otherwise.
    fn shown_value(child: &Child<'_>, value: &str) -> String {
        if child.name == Tag::Birthdate {
            return onshi::numbers::REDACTED.to_owned();
        }
        onshi::screen::redact(value).chars().take(64).collect()
    }

    /// A date `YYYYMMDD` (spaces around it allowed). A personal date (生年月日) is not shown in
    /// the error.
    pub(crate) fn date(&self, child: &Child<'_>) -> Result<Option<NaiveDate>, OqsError> {
        let Some(value) = child.text() else {
            return Ok(None);
        };
        ymd(value.trim())
            .map(Some)
            .ok_or_else(|| OqsError::BadValue {
                path: self.path_of(child),
                value: Self::shown_value(child, value),
                expected: "a date YYYYMMDD",
            })
    }

    /// A 負担割合 (`"010"`, `"10"` or `"1"` → 10 percent; likewise 20 and 30).
    pub(crate) fn percent(&self, child: &Child<'_>) -> Result<Option<u8>, OqsError> {
        match child.text().map(str::trim) {
            None => Ok(None),
            Some("010" | "10" | "1") => Ok(Some(10)),
            Some("020" | "20" | "2") => Ok(Some(20)),
            Some("030" | "30" | "3") => Ok(Some(30)),
            Some(other) => Err(OqsError::BadValue {
                path: self.path_of(child),
                value: Self::shown_value(child, other),
                expected: "a ratio 010, 020 or 030",
            }),
        }
    }
}

/// The text kept in place of an element onshi does not model (a leaf of `other`) when it holds
/// what looks like a 12-digit 個人番号: the answer stays usable, the number is not kept.
///
/// # Example
/// ```
/// let xml = "<XmlMsg><MessageHeader><SegmentOfResult>1</SegmentOfResult></MessageHeader><MessageBody><ResultList>\
///   <ResultOfQualificationConfirmation><Remarks1>9832-0567-3214</Remarks1></ResultOfQualificationConfirmation>\
///   </ResultList></MessageBody></XmlMsg>";
/// let r = onshi_oqs::QualificationResult::parse(xml.as_bytes()).unwrap();
/// assert_eq!(r.records[0].other["Remarks1"], onshi_oqs::WITHHELD);
/// ```
pub const WITHHELD: &str = "[withheld: looks like a 12-digit 個人番号]";

/// The children of one element, in file order. An element onshi reads may appear once among its
/// siblings (lists excepted: [`Tag::repeats`]); what the caller leaves unread is skipped. Every
/// leaf passes the 個人番号 guard here, once for every reader: a modelled element holding one
/// refuses the file ([`OqsError::PersonalNumber`], the value never shown); an element onshi does
/// not model keeps [`WITHHELD`] instead; file identifiers and time stamps are exempt.
pub(crate) struct Children {
    /// The reader's depth inside the parent.
    depth: usize,
    /// The names met so far.
    seen: [bool; Tag::COUNT],
    done: bool,
}

impl Children {
    /// The next child, or `None` after the parent's end tag.
    pub(crate) fn next<'t>(&mut self, r: &mut Reader<'t>) -> Result<Option<Child<'t>>, OqsError> {
        if self.done {
            return Ok(None);
        }
        r.skip_to(self.depth)?;
        match r.event()? {
            Event::Child(mut child) => {
                if let Some(seen) = self.seen.get_mut(child.name as usize)
                    && !child.name.repeats()
                {
                    if *seen {
                        return Err(self.duplicate(r, &child));
                    }
                    *seen = true;
                }
                // An element onshi does not model is named by the file: its name is guarded too.
                if child.name == Tag::Other && onshi::numbers::contains_personal_number(child.local)
                {
                    return Err(OqsError::PersonalNumber {
                        path: format!("{}/(an element name)", r.nesting.names),
                    });
                }
                if !child.name.is_machine_value()
                    && child
                        .leaf
                        .as_deref()
                        .is_some_and(onshi::numbers::contains_personal_number)
                {
                    if child.name != Tag::Other {
                        return Err(OqsError::PersonalNumber {
                            path: r.path_of(&child),
                        });
                    }
                    child.leaf = Some(Cow::Borrowed(WITHHELD));
                }
                Ok(Some(child))
            }
            Event::Close | Event::End => {
                self.done = true;
                Ok(None)
            }
        }
    }

    /// The error for a repeated `child`, counting its siblings of the same name.
    fn duplicate(&mut self, r: &mut Reader<'_>, child: &Child<'_>) -> OqsError {
        let path = r.path_of(child);
        let mut count = 2;
        loop {
            let event = r.skip_to(self.depth).and_then(|()| r.next_event());
            match event {
                Ok(Event::Child(c)) => count += usize::from(c.name == child.name),
                Ok(Event::Close | Event::End) => return OqsError::Duplicate { path, count },
                Err(e) => return e,
            }
        }
    }
}

/// `YYYYMMDD` as a date.
fn ymd(v: &str) -> Option<NaiveDate> {
    let b = v.as_bytes();
    if b.len() != 8 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let n = |r: std::ops::Range<usize>| v.get(r)?.parse::<u32>().ok();
    NaiveDate::from_ymd_opt(i32::try_from(n(0..4)?).ok()?, n(4..6)?, n(6..8)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(local: &str) -> StartTag<'_> {
        StartTag {
            local,
            name: Tag::of(local),
        }
    }

    fn tokens(text: &str, last: bool) -> Vec<Token<'_>> {
        let mut t = Tokens::new(text, last, 0);
        let mut out = vec![];
        loop {
            let token = t.next_token().unwrap();
            let stop = matches!(token, Token::End | Token::Partial);
            out.push(token);
            if stop {
                return out;
            }
        }
    }

    #[test]
    fn tokens_of_the_oqs_subset() {
        let text = "<?xml version=\"1.0\"?><!-- c --><A x='>'><B>a&amp;b&#x41;&#66;</B><C/><![CDATA[<x>]]></A>";
        assert_eq!(
            tokens(text, true),
            [
                Token::Open(tag("A")),
                Token::Open(tag("B")),
                Token::Text(Cow::Owned("a&bAB".into())),
                Token::Close("B"),
                Token::Empty(tag("C")),
                Token::Text(Cow::Borrowed("<x>")),
                Token::Close("A"),
                Token::End,
            ]
        );
    }

    #[test]
    fn unfinished_input_asks_for_more() {
        for cut in ["<A>te", "<A", "<", "<!-", "<![CDA", "<?xml ", "<A x='>"] {
            let last = tokens(cut, false);
            assert_eq!(last.last(), Some(&Token::Partial), "{cut}");
        }
        // Text running to the end is complete only when no input follows.
        assert_eq!(tokens("ab", true)[0], Token::Text(Cow::Borrowed("ab")));
    }

    #[test]
    fn refusals() {
        let err = |text: &str| Tokens::new(text, true, 10).next_token().unwrap_err();
        assert_eq!(err("<!DOCTYPE x>"), OqsError::Dtd);
        assert!(
            err("a&bogus;")
                .to_string()
                .contains("unknown entity &bogus;")
        );
        assert!(err("a&#0;").to_string().contains("unknown entity"));
        assert!(err("a & b").to_string().contains("starts no entity"));
        assert!(err("< A>").to_string().contains("starts no element name"));
        assert!(
            err("<A\"x>")
                .to_string()
                .contains("malformed tag after `A`")
        );
        assert!(err("<A/ >").to_string().contains("malformed tag"));

        assert!(err("<!ELEMENT x>").to_string().contains("at byte 10"));
    }

    /// Every leaf of a whole file, by local name.
    fn leaves(text: &str) -> Result<Vec<(&str, String)>, OqsError> {
        let mut r = Reader::new(text);
        let mut leaves = vec![];
        loop {
            match r.next_event()? {
                Event::Child(c) => leaves.extend(c.leaf.map(|t| (c.local, t.into_owned()))),
                Event::Close => {}
                Event::End => return Ok(leaves),
            }
        }
    }

    #[test]
    fn a_leaf_is_one_token() {
        assert_eq!(
            tokens("<Name>a b</Name><Sex1/>", true),
            [
                Token::Leaf(tag("Name"), "a b"),
                Token::Empty(tag("Sex1")),
                Token::End
            ]
        );
        // Anything but the plain end tag after the text: the reader puts the leaf together.
        assert_eq!(
            tokens("<Name>x<!--c-->y</Name>", true)[0],
            Token::Open(tag("Name"))
        );
        assert_eq!(tokens("<Name>x</Namex>", true)[0], Token::Open(tag("Name")));
        assert_eq!(
            leaves("<R><Name>x<!--c-->y</Name><Sex1 >1</Sex1 ><p:Address>a</p:Address></R>")
                .unwrap(),
            [
                ("Name", "xy".into()),
                ("Sex1", "1".into()),
                ("Address", "a".into())
            ]
        );
    }

    #[test]
    fn children_in_file_order() {
        let text = "<R><A> 1 </A><B><C>x</C><D><E/></D></B><A>2</A><p:Name>n</p:Name></R>";
        let mut r = Reader::new(text);
        let root = r.root().unwrap();
        assert_eq!(root.name, Tag::Other);
        let mut children = r.children(&root);
        let mut met = vec![];
        // B's children are left unread: they are skipped.
        while let Some(c) = children.next(&mut r).unwrap() {
            met.push((c.name, c.local, c.text().map(str::to_owned)));
        }
        assert_eq!(
            met,
            [
                (Tag::Other, "A", Some(" 1 ".into())),
                (Tag::Other, "B", None),
                (Tag::Other, "A", Some("2".into())),
                (Tag::Name, "Name", Some("n".into())),
            ]
        );
        assert_eq!(r.end(), Ok(()));
        assert_eq!(children.next(&mut r).unwrap().map(|c| c.name), None);
    }

    #[test]
    fn an_element_read_once_may_not_repeat() {
        let text = "<XmlMsg><Address>1</Address><Sex1/><Address>2</Address><Address><x/></Address></XmlMsg>";
        let mut r = Reader::new(text);
        let root = r.root().unwrap();
        let mut children = r.children(&root);
        let mut error = None;
        while error.is_none() {
            error = children.next(&mut r).err();
        }
        assert_eq!(
            error,
            Some(OqsError::Duplicate {
                path: "XmlMsg/Address".into(),
                count: 3
            })
        );
        // Lists repeat.
        let list = "<R><BulkConfirmUnit/><BulkConfirmUnit/></R>";
        assert_eq!(leaves(list).unwrap().len(), 2);
    }

    #[test]
    fn paths_and_values() {
        let text = "<XmlMsg><H><Birthdate>19990231</Birthdate><Sex1>x</Sex1></H></XmlMsg>";
        let mut r = Reader::new(text);
        let root = r.root().unwrap();
        let Some(Event::Child(h)) = r.next_event().ok() else {
            panic!("H is the first child")
        };
        assert_eq!(r.path_of(&h), "XmlMsg/H");
        let mut fields = r.children(&h);
        let birth = fields.next(&mut r).unwrap().unwrap();
        let problem = r.date(&birth).unwrap_err().to_string();
        assert!(problem.contains("XmlMsg/H/Birthdate") && problem.contains("<redacted>"));
        let sex = fields.next(&mut r).unwrap().unwrap();
        assert!(
            r.percent(&sex)
                .unwrap_err()
                .to_string()
                .contains("`XmlMsg/H/Sex1` = `x`")
        );
        assert_eq!(root.local, "XmlMsg");
    }

    #[test]
    fn namespace_prefixes_are_dropped() {
        let text = "<p:XmlMsg xmlns:p='urn:x'><p:MessageBody>b</p:MessageBody></p:XmlMsg>";
        let mut r = Reader::new(text);
        assert_eq!(r.root().unwrap().name, Tag::XmlMsg);
        let Ok(Event::Child(body)) = r.next_event() else {
            panic!("the body follows")
        };
        assert_eq!((body.name, body.text()), (Tag::MessageBody, Some("b")));
        assert!(find(b"ab?c?>", b"?>") == Some(4) && find(b"?", b"?>").is_none());
    }

    #[test]
    fn malformed_files() {
        let problem = |text: &str| leaves(text).unwrap_err().to_string();
        assert!(problem("<A><B></A>").contains("</A> closes <B>"));
        assert!(problem("<A></A x>").contains("</A x> closes <A>"));
        assert!(problem("<A><B/></A></A>").contains("</A> without a start tag"));
        assert!(problem("<A></A><B/>").contains("a second root element"));
        assert!(problem("x<A/>").contains("text outside the root"));
        assert!(problem("<A><B>te").contains("ends inside <B>"));
        assert!(problem("<A><B").contains("ends inside <A>"));
        assert!(problem("<A><B><C/>").contains("ends inside <B>"));
        assert!(problem("").contains("no root element"));
        assert!(problem(&"<A>".repeat(40)).contains("nested too deeply"));
        let mut r = Reader::new("<A/>");
        assert!(r.root().is_ok() && r.end().is_ok());
        assert!(Reader::new(" ").root().is_err());
    }

    #[test]
    fn dates() {
        assert_eq!(ymd("20240229"), NaiveDate::from_ymd_opt(2024, 2, 29));
        for bad in ["20230229", "2024022", "2024-2-29", "+2024022", "202402290"] {
            assert_eq!(ymd(bad), None, "{bad}");
        }
    }
}
