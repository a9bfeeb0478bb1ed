//! The XML reader for OQS files: a tokenizer for the subset OQS uses and a flat element tree.
//!
//! OQS files are element-only XML (reference/oqs-interface.md): no attributes that carry meaning,
//! no mixed content, the five predefined entities and character references, no DTD (refused). The
//! tokenizer works on text already decoded and validated once (UTF-8 or Shift_JIS), so it only looks
//! for `<`, `>` and `&`; element names become [`Tag`]s, and text is borrowed from the file unless
//! it holds an entity. The tree is one vector of nodes; a parent's children are found by name in one
//! pass ([`El::fields`]).

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
            pub const COUNT: usize = [$(stringify!($name)),*].len();

            /// The name of an element's local name as written.
            pub fn of(local: &str) -> Tag {
                match local {
                    $(stringify!($name) => Tag::$name,)*
                    _ => Tag::Other,
                }
            }

            /// The name as written in files.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Tag::$name => stringify!($name),)*
                    Tag::Other => "?",
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

// `Fields` keeps the names it handed out in a u128.
const _: () = assert!(Tag::COUNT < 128);

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
    pub fn new(text: &'t str, last: bool, base: u64) -> Tokens<'t> {
        Tokens {
            text,
            pos: 0,
            last,
            base,
        }
    }

    /// The offset of the next token in `text`.
    pub fn offset(&self) -> usize {
        self.pos
    }

    /// The position of the next token in the file.
    pub fn position(&self) -> u64 {
        self.base + self.pos as u64
    }

    fn error(&self, at: usize, problem: String) -> OqsError {
        OqsError::Xml {
            position: self.base + at as u64,
            problem,
        }
    }

    pub fn next_token(&mut self) -> Result<Token<'t>, OqsError> {
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
                return self.text_token(rest);
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

    /// Character data up to the next `<`.
    fn text_token(&mut self, rest: &'t str) -> Result<Token<'t>, OqsError> {
        let mut amp = false;
        let mut end = None;
        for (i, &b) in rest.as_bytes().iter().enumerate() {
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
                self.pos += end + 1;
                let tag = StartTag { local, name };
                return Ok(if empty {
                    Token::Empty(tag)
                } else {
                    Token::Open(tag)
                });
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

const NONE: u32 = u32::MAX;
const DUPLICATE: u32 = u32::MAX - 1;

#[derive(Debug)]
struct Node<'t> {
    name: Tag,
    /// The local name as written.
    local: &'t str,
    text: Cow<'t, str>,
    parent: u32,
    first_child: u32,
    last_child: u32,
    next_sibling: u32,
}

/// Elements read from a file; the first is the root.
#[derive(Debug, Default)]
pub(crate) struct Tree<'t> {
    nodes: Vec<Node<'t>>,
}

impl<'t> Tree<'t> {
    /// The root element, if the tree has one.
    pub fn root(&self) -> Option<El<'_, 't>> {
        (!self.nodes.is_empty()).then_some(El { tree: self, id: 0 })
    }
}

/// Builds a tree from tokens: one root element, at most [`MAX_DEPTH`] deep.
#[derive(Default)]
pub(crate) struct Builder<'t> {
    tree: Tree<'t>,
    open: Vec<u32>,
}

impl<'t> Builder<'t> {
    /// Applies a token; `Ok(true)` when the root element has just closed.
    pub fn apply(&mut self, token: Token<'t>, at: u64) -> Result<bool, OqsError> {
        let problem = |problem: String| OqsError::Xml {
            position: at,
            problem,
        };
        let nodes = &mut self.tree.nodes;
        match token {
            Token::Open(tag) | Token::Empty(tag) => {
                let parent = match self.open.last() {
                    Some(&p) => p,
                    None if nodes.is_empty() => NONE,
                    None => return Err(problem("a second root element".to_owned())),
                };
                if self.open.len() >= MAX_DEPTH {
                    return Err(problem("elements nested too deeply".to_owned()));
                }
                let id = u32::try_from(nodes.len())
                    .ok()
                    .filter(|id| *id < DUPLICATE)
                    .ok_or_else(|| problem("too many elements".to_owned()))?;
                nodes.push(Node {
                    name: tag.name,
                    local: tag.local,
                    text: Cow::Borrowed(""),
                    parent,
                    first_child: NONE,
                    last_child: NONE,
                    next_sibling: NONE,
                });
                if let Some(p) = nodes.get_mut(parent as usize) {
                    let last = p.last_child;
                    if last == NONE {
                        p.first_child = id;
                        p.text = Cow::Borrowed(""); // layout before the first child
                    }
                    p.last_child = id;
                    if let Some(previous) = nodes.get_mut(last as usize) {
                        previous.next_sibling = id;
                    }
                }
                if matches!(token, Token::Open(_)) {
                    self.open.push(id);
                    Ok(false)
                } else {
                    Ok(self.open.is_empty())
                }
            }
            Token::Close(raw) => {
                let Some(id) = self.open.pop() else {
                    return Err(problem(format!("</{raw}> without a start tag")));
                };
                let started = nodes.get(id as usize).map(|n| n.local).unwrap_or_default();
                if !closes(raw, started) {
                    return Err(problem(format!("</{raw}> closes <{started}>")));
                }
                Ok(self.open.is_empty())
            }
            Token::Text(text) => {
                match self.open.last().and_then(|&id| nodes.get_mut(id as usize)) {
                    // Whitespace between child elements is layout, not content (OQS has no
                    // mixed content).
                    Some(top) if top.first_child != NONE => {}
                    Some(top) if top.text.is_empty() => top.text = text,
                    Some(top) => top.text.to_mut().push_str(&text),
                    None if text.trim().is_empty() => {}
                    None => return Err(problem("text outside the root element".to_owned())),
                }
                Ok(false)
            }
            Token::End | Token::Partial => Ok(false),
        }
    }

    /// The local name of the innermost open element, if any.
    pub fn open(&self) -> Option<&'t str> {
        let id = *self.open.last()?;
        self.tree.nodes.get(id as usize).map(|n| n.local)
    }

    pub fn finish(self) -> Tree<'t> {
        self.tree
    }
}

/// The error for input that ends before the XML does.
pub(crate) fn truncated(position: u64, open: Option<&str>) -> OqsError {
    OqsError::Xml {
        position,
        problem: match open {
            Some(name) => format!("the file ends inside <{name}> (truncated?)"),
            None => "the file ends inside a tag (truncated?)".to_owned(),
        },
    }
}

/// Reads a whole decoded file into a tree.
pub(crate) fn parse(text: &str) -> Result<Tree<'_>, OqsError> {
    let mut tokens = Tokens::new(text, true, 0);
    // About one element per 50 bytes in OQS files.
    let mut builder = Builder {
        tree: Tree {
            nodes: Vec::with_capacity(text.len() / 50 + 1),
        },
        open: Vec::new(),
    };
    loop {
        let at = tokens.position();
        match tokens.next_token()? {
            Token::End => break,
            Token::Partial => return Err(truncated(at, builder.open())),
            token => {
                builder.apply(token, at)?;
            }
        }
    }
    if let Some(name) = builder.open() {
        return Err(truncated(tokens.position(), Some(name)));
    }
    let tree = builder.finish();
    if tree.nodes.is_empty() {
        return Err(OqsError::Xml {
            position: 0,
            problem: "no root element".to_owned(),
        });
    }
    Ok(tree)
}

/// An element of a [`Tree`].
#[derive(Clone, Copy)]
pub(crate) struct El<'a, 't> {
    tree: &'a Tree<'t>,
    id: u32,
}

impl<'a, 't> El<'a, 't> {
    #[expect(
        clippy::indexing_slicing,
        reason = "an El is only made for a node of its tree (Tree::root, El::at check the id)"
    )]
    fn node(self) -> &'a Node<'t> {
        &self.tree.nodes[self.id as usize]
    }

    fn at(self, id: u32) -> Option<El<'a, 't>> {
        ((id as usize) < self.tree.nodes.len()).then_some(El {
            tree: self.tree,
            id,
        })
    }

    pub fn name(self) -> Tag {
        self.node().name
    }

    /// The local name as written.
    pub fn local_name(self) -> &'a str {
        self.node().local
    }

    /// The element's text as written (padding kept; empty for an element with children).
    pub fn text(self) -> &'a str {
        &self.node().text
    }

    pub fn is_leaf(self) -> bool {
        self.node().first_child == NONE
    }

    pub fn children(self) -> impl Iterator<Item = El<'a, 't>> {
        std::iter::successors(self.at(self.node().first_child), move |c| {
            c.at(c.node().next_sibling)
        })
    }

    pub fn all(self, name: Tag) -> impl Iterator<Item = El<'a, 't>> {
        self.children().filter(move |c| c.name() == name)
    }

    /// `XmlMsg/MessageBody/…` from the root of the tree to this element, for error messages.
    pub fn path(self) -> String {
        let mut names = vec![self.local_name()];
        let mut at = self;
        while let Some(parent) = at.at(at.node().parent) {
            names.push(parent.local_name());
            at = parent;
        }
        names.reverse();
        names.join("/")
    }

    /// The path of a child `name` of this element.
    pub fn path_to(self, name: Tag) -> String {
        format!("{}/{}", self.path(), name.as_str())
    }

    /// The children indexed by name in one pass.
    pub fn fields(self) -> Fields<'a, 't> {
        let mut slots = [NONE; Tag::COUNT];
        for child in self.children() {
            if let Some(slot) = slots.get_mut(child.name() as usize) {
                *slot = if *slot == NONE { child.id } else { DUPLICATE };
            }
        }
        Fields {
            el: self,
            slots,
            used: 0,
        }
    }
}

/// The children of an element by name: each name may appear once. Remembers which names were
/// asked for, so the rest can be kept ([`Fields::unread`]).
pub(crate) struct Fields<'a, 't> {
    el: El<'a, 't>,
    slots: [u32; Tag::COUNT],
    used: u128,
}

impl<'a, 't> Fields<'a, 't> {
    /// The child `name`, if present; an error if it repeats.
    pub fn get(&mut self, name: Tag) -> Result<Option<El<'a, 't>>, OqsError> {
        self.used |= 1 << name as u32;
        match self.slots.get(name as usize).copied().unwrap_or(NONE) {
            NONE => Ok(None),
            DUPLICATE => Err(OqsError::Duplicate {
                path: self.el.path_to(name),
                count: self.el.all(name).count(),
            }),
            id => Ok(self.el.at(id)),
        }
    }

    /// The text of child `name` as written, or `None` when absent or empty.
    pub fn text(&mut self, name: Tag) -> Result<Option<&'a str>, OqsError> {
        Ok(self.get(name)?.map(El::text).filter(|t| !t.is_empty()))
    }

    /// [`Fields::text`], owned.
    pub fn string(&mut self, name: Tag) -> Result<Option<String>, OqsError> {
        Ok(self.text(name)?.map(str::to_owned))
    }

    /// A date `YYYYMMDD` (spaces around it allowed). A personal date (生年月日) is not shown in
    /// the error.
    pub fn date(&mut self, name: Tag) -> Result<Option<NaiveDate>, OqsError> {
        let Some(value) = self.text(name)? else {
            return Ok(None);
        };
        ymd(value.trim())
            .map(Some)
            .ok_or_else(|| OqsError::BadValue {
                path: self.el.path_to(name),
                value: if name == Tag::Birthdate {
                    "<redacted>".to_owned()
                } else {
                    value.to_owned()
                },
                expected: "a date YYYYMMDD",
            })
    }

    /// A 負担割合 (`"010"`, `"10"` or `"1"` → 10 percent; likewise 20 and 30).
    pub fn percent(&mut self, name: Tag) -> Result<Option<u8>, OqsError> {
        match self.text(name)?.map(str::trim) {
            None => Ok(None),
            Some("010" | "10" | "1") => Ok(Some(10)),
            Some("020" | "20" | "2") => Ok(Some(20)),
            Some("030" | "30" | "3") => Ok(Some(30)),
            Some(other) => Err(OqsError::BadValue {
                path: self.el.path_to(name),
                value: other.to_owned(),
                expected: "a ratio 010, 020 or 030",
            }),
        }
    }

    /// Leaf children that were not asked for, by local name, with their text.
    pub fn unread(&self) -> impl Iterator<Item = (&'a str, &'a str)> + '_ {
        self.el
            .children()
            .filter(|c| c.name() == Tag::Other || self.used & (1 << c.name() as u32) == 0)
            .filter(|c| c.is_leaf())
            .map(|c| (c.local_name(), c.text()))
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

    #[test]
    fn tree_and_fields() {
        let tree =
            parse("<R><A> 1 </A><B><C>x</C></B><A>2</A><Z>z</Z><p:Name>n</p:Name></R>").unwrap();
        let root = tree.root().unwrap();
        assert_eq!(root.name(), Tag::Other);
        let mut f = root.fields();
        assert_eq!(f.get(Tag::Other).unwrap().map(El::text), None);
        assert_eq!(f.text(Tag::Name).unwrap(), Some("n"));
        let other: Vec<_> = f.unread().collect();
        assert_eq!(other, [("A", " 1 "), ("A", "2"), ("Z", "z")]);
        assert_eq!(
            parse("<XmlMsg><Address>1</Address><Address>2</Address></XmlMsg>")
                .unwrap()
                .root()
                .unwrap()
                .fields()
                .get(Tag::Address)
                .err(),
            Some(OqsError::Duplicate {
                path: "XmlMsg/Address".into(),
                count: 2
            })
        );
    }

    #[test]
    fn namespace_prefixes_are_dropped() {
        let tree =
            parse("<p:XmlMsg xmlns:p='urn:x'><p:MessageBody>b</p:MessageBody></p:XmlMsg>").unwrap();
        let root = tree.root().unwrap();
        assert_eq!(root.name(), Tag::XmlMsg);
        assert_eq!(root.fields().text(Tag::MessageBody).unwrap(), Some("b"));
        assert!(find(b"ab?c?>", b"?>") == Some(4) && find(b"?", b"?>").is_none());
    }

    #[test]
    fn malformed_trees() {
        let problem = |text: &str| parse(text).unwrap_err().to_string();
        assert!(problem("<A><B></A>").contains("</A> closes <B>"));
        assert!(problem("<A></A x>").contains("</A x> closes <A>"));
        assert!(problem("<A></A><B/>").contains("a second root element"));
        assert!(problem("x<A/>").contains("text outside the root"));
        assert!(problem("<A><B>te").contains("ends inside <B>"));
        assert!(problem("<A><B").contains("ends inside <A>"));
        assert!(problem("").contains("no root element"));
        assert!(problem(&"<A>".repeat(40)).contains("nested too deeply"));
    }

    #[test]
    fn dates() {
        assert_eq!(ymd("20240229"), NaiveDate::from_ymd_opt(2024, 2, 29));
        for bad in ["20230229", "2024022", "2024-2-29", "+2024022", "202402290"] {
            assert_eq!(ymd(bad), None, "{bad}");
        }
    }
}
