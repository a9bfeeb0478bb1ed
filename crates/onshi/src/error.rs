//! The public error types. Each variant carries the facts that were compared, never personal data.

use chrono::NaiveDate;

/// A rule table that cannot be used (ルールテーブルの誤り).
///
/// # Example
/// ```
/// use onshi::{RuleError, RuleSet};
/// let err = RuleSet::from_json(r#"{"version": "v", "extends": "builtin", "rules": [
///   {"id": "pin.max-tries", "title": {"ja": "a", "en": "a"}, "from": "2016-01-01", "source": "s", "params": {"tries": 0}}]}"#)
///     .unwrap_err();
/// assert!(matches!(err, RuleError::BadParams { ref id, .. } if id == "pin.max-tries"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RuleError {
    /// Not JSON, or a field of the wrong type.
    #[error("rule table: invalid JSON at line {line}, column {column}: {problem}")]
    Json {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser expected.
        problem: String,
    },
    /// A `format` number this build does not read.
    #[error(
        "rule table: format {found} is not supported (this build reads format {supported}); update onshi"
    )]
    Format {
        /// The format in the file.
        found: u32,
        /// The format this build reads.
        supported: u32,
    },
    /// An id the engine does not implement.
    #[error(
        "rule table: unknown rule id `{id}`; run `onshi rules show` for the ids this version implements"
    )]
    UnknownRule {
        /// The id as written.
        id: String,
    },
    /// Parameters missing, of the wrong shape, or out of their bounds (`problem` names the field
    /// and the bound: `general_percent` is 200; it must be 0–100).
    #[error("rule table: rule `{id}` has bad params: {problem}")]
    BadParams {
        /// The rule.
        id: String,
        /// What is wrong.
        problem: String,
    },
    /// A row that ends before it starts.
    #[error("rule table: rule `{id}` ends ({until}) before it starts ({from})")]
    DatesOutOfOrder {
        /// The rule.
        id: String,
        /// Its `from`.
        from: NaiveDate,
        /// Its `until`.
        until: NaiveDate,
    },
    /// Two rows of one id that apply on the same day.
    #[error("rule table: two rows of `{id}` overlap: one from {first_from} until {}, the next from {second_from}; end the first before the second starts", first_until.map_or("further notice".to_owned(), |d| d.to_string()))]
    Overlap {
        /// The rule.
        id: String,
        /// First row's start.
        first_from: NaiveDate,
        /// First row's end.
        first_until: Option<NaiveDate>,
        /// Second row's start.
        second_from: NaiveDate,
    },
    /// A rule the engine needs on every day has no row in force on some days between its first row
    /// and the table's [horizon](crate::RuleSet::horizon): decisions on those days would answer
    /// without it (a copay "unknown"). The first such hole is named.
    ///
    /// # Example
    /// ```
    /// use onshi::{RuleError, RuleSet};
    /// // The copay row stops on 2026-05-30 and its successor starts on 2026-06-01.
    /// let mut table: serde_json::Value = serde_json::from_str(onshi::BUILTIN_RULES_JSON)?;
    /// let rows = table["rules"].as_array_mut().unwrap();
    /// let i = rows.iter().position(|r| r["id"] == "copay.by-age").unwrap();
    /// let mut next = rows[i].clone();
    /// rows[i]["until"] = "2026-05-30".into();
    /// next["from"] = "2026-06-01".into();
    /// rows.push(next);
    /// let err = RuleSet::from_json(&table.to_string()).unwrap_err();
    /// assert_eq!(err.kind(), "gap");
    /// assert!(matches!(err, RuleError::Gap { ref id, first, last: Some(last), .. }
    ///     if id == "copay.by-age" && first == last && first.to_string() == "2026-05-31"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    #[error(
        "rule table: rule `{id}` has no row {}; it is needed on every day from its first row to the table's horizon ({horizon}: the review date plus the review window, or the newest row's first day without one); add a row covering those days",
        last.map_or_else(|| format!("from {first} on"), |l| format!("from {first} until {l}"))
    )]
    Gap {
        /// The rule.
        id: String,
        /// The first day without a row.
        first: NaiveDate,
        /// The last day without a row; none when no row follows.
        last: Option<NaiveDate>,
        /// The table's horizon.
        horizon: NaiveDate,
    },
    /// The table's `reviewed` date is more than two years from the table's own date: the date its
    /// `version` begins with (`2026.11.30`), or else the first day of its newest row (then only a
    /// later review date is bounded).
    ///
    /// # Example
    /// ```
    /// use onshi::{RuleError, RuleSet};
    /// let err = RuleSet::from_json(r#"{"version": "local-1", "extends": "builtin", "reviewed": "2999-01-01", "rules": []}"#)
    ///     .unwrap_err();
    /// assert_eq!(err.kind(), "review_date");
    /// assert!(err.to_string().contains("2999-01-01"));
    /// assert!(RuleSet::from_json(r#"{"version": "local-1", "extends": "builtin", "reviewed": "2027-01-15", "rules": []}"#).is_ok());
    /// ```
    #[error(
        "rule table: `reviewed` is {reviewed}; it must lie {}until {latest}, within two years of the table's date {basis} (its version's date, or its newest row's first day)",
        earliest.map_or_else(String::new, |e| format!("from {e} "))
    )]
    ReviewDate {
        /// The review date given.
        reviewed: NaiveDate,
        /// The table's date it is held to.
        basis: NaiveDate,
        /// The earliest review date accepted, when bounded below (a version with a date).
        earliest: Option<NaiveDate>,
        /// The latest review date accepted.
        latest: NaiveDate,
    },
    /// The table is larger than is read.
    #[error("rule table: {size} bytes; at most {limit} are read")]
    TooLarge {
        /// Its size.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// A complete table without a rule the engine needs.
    #[error(
        "rule table: rule `{id}` is missing; a complete table needs every rule (or use \"extends\": \"builtin\")"
    )]
    Missing {
        /// The missing id.
        id: String,
    },
    /// An empty version, source or title.
    #[error("rule table: empty `{field}`{}", id.as_ref().map(|i| format!(" in rule `{i}`")).unwrap_or_default())]
    Empty {
        /// The rule, if the field belongs to one.
        id: Option<String>,
        /// The field.
        field: &'static str,
    },
    /// A text in the table (a title, a source, a note, a label, a key) holds a character that acts
    /// on a screen: a control character or a bidi mark, embedding, override or isolate. Rule texts
    /// are shown at the desk and in every front end, so only printable text is read.
    #[error(
        "rule table: `{path}` holds the character U+{code:04X}, which is not shown as text; write the text without control or bidi characters"
    )]
    Unprintable {
        /// Where: `rules[3].title.ja`.
        path: String,
        /// The character's code point.
        code: u32,
    },
    /// `extends` names something other than `builtin`.
    #[error("rule table: cannot extend `{found}`; the only base is \"builtin\"")]
    Extends {
        /// What the file named.
        found: String,
    },
    /// The table holds a 12-digit 個人番号 somewhere (a rule table never needs one): refused
    /// before it is read, the value never shown.
    #[error(
        "rule table: it holds what looks like a 12-digit 個人番号 (My Number); a rule table never holds one, so it is refused (the value is not shown)"
    )]
    PersonalNumber,
}

/// Input that cannot be decided on (入力の誤り): the field is named, the value is not echoed when it
/// could be personal.
///
/// # Example
/// ```
/// use onshi::{InputError, Visit};
/// let err = Visit::from_json(r#"{"at": "2026-01-15", "patient": {"birth_date": "yesterday"}}"#).unwrap_err();
/// assert!(matches!(err, InputError::Invalid { ref field, .. } if field == "patient.birth_date"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InputError {
    /// Not JSON, or a value of the wrong type or shape.
    #[error("invalid input at `{field}`: {problem}")]
    Invalid {
        /// Dotted path of the field (`presented.myna_card.pin`), or `.` for the whole document.
        field: String,
        /// What is wrong.
        problem: String,
    },
    /// A field holds what looks like a 12-digit 個人番号 (My Number), which reception must never handle.
    #[error(
        "`{field}` looks like a 12-digit 個人番号 (My Number); reception must not record it. Enter the 被保険者記号・番号 instead"
    )]
    PersonalNumber {
        /// The field.
        field: String,
    },
    /// Facts that cannot all be true (a face match reported from a generic reader).
    #[error("inconsistent input at `{field}`: {problem}")]
    Inconsistent {
        /// The field.
        field: String,
        /// Why it cannot be.
        problem: String,
    },
}

impl InputError {
    /// The error's domain, [`ErrorDomain::Input`] (a 個人番号 is told by the kind).
    ///
    /// # Example
    /// ```
    /// let e = onshi::Visit::from_json("{").unwrap_err();
    /// assert_eq!(e.domain(), onshi::ErrorDomain::Input);
    /// ```
    pub fn domain(&self) -> ErrorDomain {
        ErrorDomain::Input
    }

    /// The short ja/en summary every binding shows.
    ///
    /// # Example
    /// ```
    /// let e = onshi::Visit::from_json("{").unwrap_err();
    /// assert_eq!(e.summary().en, "the input cannot be decided on");
    /// ```
    pub fn summary(&self) -> crate::Text {
        summary_of(self.domain(), self.kind())
    }

    /// The field the error concerns (a dotted path).
    ///
    /// # Example
    /// ```
    /// let e = onshi::Visit::from_json(r#"{"at": "x"}"#).unwrap_err();
    /// assert_eq!(e.field(), "at");
    /// ```
    pub fn field(&self) -> &str {
        match self {
            InputError::Invalid { field, .. }
            | InputError::PersonalNumber { field }
            | InputError::Inconsistent { field, .. } => field,
        }
    }

    pub(crate) fn invalid(field: impl Into<String>, problem: impl Into<String>) -> Self {
        InputError::Invalid {
            field: field.into(),
            problem: problem.into(),
        }
    }

    pub(crate) fn inconsistent(field: impl Into<String>, problem: impl Into<String>) -> Self {
        InputError::Inconsistent {
            field: field.into(),
            problem: problem.into(),
        }
    }
}

/// The longest problem text an error carries (a hostile input may make serde quote a lot of it).
const MAX_PROBLEM: usize = 300;

/// A value from an input as an error quotes it: [`redact`](crate::redact)ed and at most 64
/// characters (a hostile input may give a megabyte of it).
pub(crate) fn quoted(text: &str) -> String {
    let shown = crate::redact(text);
    let mut out: String = shown.chars().take(64).collect();
    if out.len() < shown.len() {
        out.push('…');
    }
    out
}

/// `text`, cut to [`MAX_PROBLEM`] bytes at a character boundary, marked when cut.
pub(crate) fn cap(mut text: String) -> String {
    if text.len() > MAX_PROBLEM {
        let mut end = MAX_PROBLEM;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        text.push_str(" …(cut)");
    }
    text
}

/// What went wrong, in the words every binding shows (C's `onshi_status_text`, uniffi's
/// `reasonJa`, Python's `summary_ja`): the domain of an error, whose label is its short summary;
/// the error's own message gives the details.
///
/// # Example
/// ```
/// use onshi::{ErrorDomain, Lang, Vocabulary};
/// let e = onshi::Visit::from_json("{").unwrap_err();
/// assert_eq!(e.domain(), ErrorDomain::Input);
/// assert_eq!(e.summary().get(Lang::Ja), "入力内容を判定できません");
/// assert_eq!(ErrorDomain::Rules.label().get(Lang::En), "the rule table was refused");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorDomain {
    /// No error (the words of a success status).
    Ok,
    /// A visit or another input that cannot be decided on.
    Input,
    /// The words for a 12-digit 個人番号 refused, in whichever domain it was met (errors report it
    /// with their own domain and the kind `personal_number`; C gives it a status of its own).
    PersonalNumber,
    /// A rule table.
    Rules,
    /// A conformance-vector file.
    Vectors,
    /// A number that fails its rules.
    Number,
    /// A certificate or trust anchor.
    Certificate,
    /// The card protocol (each kind has its own words: [`crate::CardError::summary_of`]).
    Card,
    /// An オンライン資格確認 file.
    Oqs,
    /// No 高額療養費 table covers the month.
    NoCeilingTable,
    /// The month's table does not know the 区分.
    UnknownCategory,
    /// A binding's caller left out a required argument (NULL, None).
    MissingArgument,
    /// A binding's caller passed text that is not UTF-8.
    NotUtf8,
    /// An input over its documented limit.
    TooLarge,
    /// An enum argument with a value onshi does not define.
    UndefinedValue,
    /// The caller's buffer is too small.
    BufferTooSmall,
    /// A fault inside onshi (a panic caught at a boundary).
    Internal,
    /// A status this version does not define (from a newer library, or a caller's mistake).
    Unknown,
}

/// What every public error of onshi tells, in every language: a stable `kind` slug, its
/// [`ErrorDomain`] (whose label is the short summary staff read), and the message (`Display`)
/// naming the field and the problem. Each binding converts errors through this one trait.
///
/// # Example
/// ```
/// use onshi::{DescribedError, ErrorDomain};
/// fn describe(e: &impl DescribedError) -> String {
///     format!("{} [{}] {}", e.summary().en, e.kind(), e)
/// }
/// let e = onshi::Visit::from_json("{").unwrap_err();
/// assert!(describe(&e).starts_with("the input cannot be decided on [invalid]"));
/// assert_eq!(DescribedError::domain(&onshi::CardError::PinBlocked), ErrorDomain::Card);
/// ```
pub trait DescribedError: std::error::Error {
    /// The stable slug (`invalid`, `personal_number`, `pin_blocked`, …).
    fn kind(&self) -> &'static str;
    /// Where the error arose (an input, a rule table, a file, the card), which picks the
    /// exception class and the Kotlin error case. A 12-digit 個人番号 is refused in every domain,
    /// with the kind `personal_number` (C gives it its own status).
    fn domain(&self) -> ErrorDomain;
    /// The short ja/en summary ([`summary_of`], or a card error's own words).
    fn summary(&self) -> crate::Text {
        summary_of(self.domain(), self.kind())
    }
    /// The field the error concerns, when it concerns one: an input's dotted path (`visit.at`), a
    /// file's element path, a rule table's rule id, a ceiling query's `category` or `month`.
    ///
    /// # Example
    /// ```
    /// use onshi::DescribedError;
    /// let e = onshi::Visit::from_json(r#"{"at": "soon"}"#).unwrap_err();
    /// assert_eq!(DescribedError::field(&e), Some("at"));
    /// ```
    fn field(&self) -> Option<&str> {
        None
    }
    /// The message every front end shows: the error's `Display`, [`redact`](crate::redact)ed
    /// (no run of twelve digits, no control or bidi character, at most
    /// [`MAX_MESSAGE`](crate::MAX_MESSAGE) bytes).
    ///
    /// # Example
    /// ```
    /// use onshi::DescribedError;
    /// let e = onshi::Visit::from_json(r#"{"at": "\u001b[2J"}"#).unwrap_err();
    /// assert!(!e.message().contains('\u{1b}'));
    /// ```
    fn message(&self) -> String {
        crate::redact(&self.to_string()).into_owned()
    }
}

/// The short ja/en summary of an error of `kind` in `domain`: the words for a refused 個人番号
/// whatever the domain, else the domain's label.
///
/// # Example
/// ```
/// use onshi::{summary_of, ErrorDomain};
/// assert_eq!(summary_of(ErrorDomain::Oqs, "xml").en, "the online qualification file was refused");
/// assert!(summary_of(ErrorDomain::Oqs, "personal_number").ja.contains("個人番号"));
/// ```
pub fn summary_of(domain: ErrorDomain, kind: &str) -> crate::Text {
    if kind == "personal_number" {
        crate::Vocabulary::label(ErrorDomain::PersonalNumber)
    } else {
        crate::Vocabulary::label(domain)
    }
}

/// Implements [`DescribedError`] from a type's own `kind`, `domain` and `summary` methods, and
/// for the types after `;` its `concerns` (the field).
macro_rules! described {
    ($($ty:ty),+; $($with_field:ty),+) => {
        $(described!(@impl $ty, |_e| None);)+
        $(described!(@impl $with_field, |e| <$with_field>::concerns(e));)+
    };
    (@impl $ty:ty, |$e:ident| $field:expr) => {
        impl DescribedError for $ty {
            fn kind(&self) -> &'static str {
                <$ty>::kind(self)
            }
            fn domain(&self) -> ErrorDomain {
                <$ty>::domain(self)
            }
            fn summary(&self) -> crate::Text {
                <$ty>::summary(self)
            }
            fn field(&self) -> Option<&str> {
                let $e = self;
                $field
            }
        }
    };
}

described!(
    crate::NumberError,
    crate::CertificateError,
    crate::CardError;
    InputError,
    RuleError,
    crate::CeilingError,
    crate::ScriptError
);

impl InputError {
    pub(crate) fn concerns(&self) -> Option<&str> {
        Some(self.field())
    }
}

impl RuleError {
    /// The rule id a table error concerns.
    pub(crate) fn concerns(&self) -> Option<&str> {
        match self {
            RuleError::UnknownRule { id }
            | RuleError::BadParams { id, .. }
            | RuleError::DatesOutOfOrder { id, .. }
            | RuleError::Overlap { id, .. }
            | RuleError::Gap { id, .. }
            | RuleError::Missing { id } => Some(id),
            RuleError::ReviewDate { .. } => Some("reviewed"),
            RuleError::Unprintable { path, .. } => Some(path),
            RuleError::Empty { id: Some(id), .. } => Some(id),
            RuleError::Empty { field, .. } => Some(field),
            _ => None,
        }
    }
}

/// Parses one JSON document into any of onshi's input types (a visit, a document, a query) the
/// way [`Visit::from_json`](crate::Visit::from_json) does: the error names the failing field, a
/// 12-digit 個人番号 is `personal_number` and never quoted, the message is capped, and data after
/// the document is refused. The bindings parse every input through it.
///
/// # Errors
/// [`InputError`] naming the field.
///
/// # Example
/// ```
/// use onshi::{from_json, LegacyInsuranceCard};
/// let card: LegacyInsuranceCard = from_json(r#"{"expires": "2026-03-31"}"#)?;
/// assert_eq!(card.expires.unwrap().to_string(), "2026-03-31");
/// let e = from_json::<LegacyInsuranceCard>(r#"{"insured": {"number": 983205673214}}"#).unwrap_err();
/// assert_eq!(e.kind(), "personal_number");
/// # Ok::<(), onshi::InputError>(())
/// ```
pub fn from_json<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, InputError> {
    // A file saved with a UTF-8 byte order mark is the same document.
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    // A 個人番号 anywhere — a string, a field name, a number in any notation — is refused before
    // the document is converted, so no parser message can quote it and no field can take it.
    if crate::numbers::json_holds_personal_number(text) {
        return Err(InputError::PersonalNumber {
            field: personal_number_path(text),
        });
    }
    let de = &mut serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut *de).map_err(|e| {
        let path = cap_path(e.path().to_string());
        let problem = e.into_inner().to_string();
        // A field's own guard refused a 個人番号 (the message never holds the value).
        if problem.contains(crate::numbers::PERSONAL_NUMBER_MARK) {
            return InputError::PersonalNumber { field: path };
        }
        InputError::invalid(path, cap(crate::redact(&problem).into_owned()))
    })?;
    // One document: trailing data (a second visit, garbage) is refused, never silently ignored.
    de.end().map_err(|e| {
        InputError::invalid(
            "(end of input)",
            format!(
                "unexpected data after the JSON document at line {} column {}: give one document",
                e.line(),
                e.column()
            ),
        )
    })?;
    Ok(value)
}

/// [`from_json`] for a document already parsed (a CSV row made into fields, say): the same guard
/// (a 個人番号 in any string, key or number refused first, naming the field), the same errors.
///
/// # Errors
/// [`InputError`] naming the field.
///
/// # Example
/// ```
/// use onshi::{from_value, InsuranceRecord};
/// let r: InsuranceRecord = from_value(serde_json::json!({"insurer": "06130017"}))?;
/// assert_eq!(r.insurer.as_deref(), Some("06130017"));
/// let e = from_value::<InsuranceRecord>(serde_json::json!({"name": "番号983205673214"})).unwrap_err();
/// assert_eq!((e.kind(), e.field()), ("personal_number", "name"));
/// # Ok::<(), onshi::InputError>(())
/// ```
pub fn from_value<T: serde::de::DeserializeOwned>(
    value: serde_json::Value,
) -> Result<T, InputError> {
    if let Some(field) = personal_number_in(&value) {
        return Err(InputError::PersonalNumber { field });
    }
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = cap_path(e.path().to_string());
        let problem = e.into_inner().to_string();
        if problem.contains(crate::numbers::PERSONAL_NUMBER_MARK) {
            return InputError::PersonalNumber { field: path };
        }
        InputError::invalid(path, cap(crate::redact(&problem).into_owned()))
    })
}

/// The dotted path of the first place a JSON document holds a 個人番号 (`(a field name)` when a
/// key holds it): only on the refusal path.
fn personal_number_path(text: &str) -> String {
    serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .and_then(|v| personal_number_in(&v))
        .unwrap_or_else(|| "(the document)".to_owned())
}

/// Where a parsed document holds a 個人番号: the dotted path of its first string, key or number
/// that does.
fn personal_number_in(value: &serde_json::Value) -> Option<String> {
    fn walk(value: &serde_json::Value, path: &mut Vec<String>) -> Option<String> {
        use serde_json::Value;
        let here = |path: &[String]| {
            if path.is_empty() {
                ".".to_owned()
            } else {
                cap_path(path.join("."))
            }
        };
        match value {
            Value::String(s) if crate::contains_personal_number(s) => Some(here(path)),
            Value::Number(n) if crate::numbers::json_holds_personal_number(&n.to_string()) => {
                Some(here(path))
            }
            Value::Array(items) => items.iter().enumerate().find_map(|(i, v)| {
                path.push(i.to_string());
                let found = walk(v, path);
                path.pop();
                found
            }),
            Value::Object(map) => map.iter().find_map(|(k, v)| {
                if crate::contains_personal_number(k) {
                    return Some("(a field name)".to_owned());
                }
                path.push(k.clone());
                let found = walk(v, path);
                path.pop();
                found
            }),
            _ => None,
        }
    }
    walk(value, &mut Vec::new())
}

/// A field path as errors name it: redacted and cut (a hostile document may name a field with a
/// megabyte of text).
fn cap_path(path: String) -> String {
    const MAX_PATH: usize = 200;
    let path = crate::redact(&path).into_owned();
    if path.len() <= MAX_PATH {
        return path;
    }
    let mut end = MAX_PATH;
    while !path.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", path.get(..end).unwrap_or_default())
}

impl RuleError {
    /// The error's domain, [`ErrorDomain::Rules`].
    ///
    /// # Example
    /// ```
    /// let e = onshi::RuleSet::from_json("{").unwrap_err();
    /// assert_eq!(e.domain(), onshi::ErrorDomain::Rules);
    /// ```
    pub fn domain(&self) -> ErrorDomain {
        ErrorDomain::Rules
    }

    /// The short ja/en summary every binding shows ([`ErrorDomain::Rules`]).
    ///
    /// # Example
    /// ```
    /// let e = onshi::RuleSet::from_json("{").unwrap_err();
    /// assert_eq!(e.summary().ja, "ルール表を読み込めません");
    /// ```
    pub fn summary(&self) -> crate::Text {
        summary_of(self.domain(), self.kind())
    }

    /// A stable slug for this error (`overlap`, `gap`, `unknown_rule`, …).
    ///
    /// # Example
    /// ```
    /// use onshi::RuleSet;
    /// let err = RuleSet::from_json(r#"{"version": "v", "rules": []}"#).unwrap_err();
    /// assert_eq!(err.kind(), "missing");
    /// ```
    pub fn kind(&self) -> &'static str {
        match self {
            RuleError::Json { .. } => "json",
            RuleError::Format { .. } => "format",
            RuleError::UnknownRule { .. } => "unknown_rule",
            RuleError::BadParams { .. } => "bad_params",
            RuleError::DatesOutOfOrder { .. } => "dates_out_of_order",
            RuleError::Overlap { .. } => "overlap",
            RuleError::Gap { .. } => "gap",
            RuleError::ReviewDate { .. } => "review_date",
            RuleError::Missing { .. } => "missing",
            RuleError::Empty { .. } => "empty",
            RuleError::Unprintable { .. } => "unprintable",
            RuleError::Extends { .. } => "extends",
            RuleError::TooLarge { .. } => "too_large",
            RuleError::PersonalNumber => "personal_number",
        }
    }
}

impl InputError {
    /// A stable slug for this error (`invalid`, `personal_number`, `inconsistent`).
    ///
    /// # Example
    /// ```
    /// use onshi::Visit;
    /// let err = Visit::from_json(r#"{"at": "2026-01-15", "presented": {"notice": {"insured": {"number": "983205673214"}}}}"#)
    ///     .unwrap_err();
    /// assert_eq!(err.kind(), "personal_number");
    /// ```
    pub fn kind(&self) -> &'static str {
        match self {
            InputError::Invalid { .. } => "invalid",
            InputError::PersonalNumber { .. } => "personal_number",
            InputError::Inconsistent { .. } => "inconsistent",
        }
    }
}
