//! The public error types. Each variant carries the facts that were compared, never personal data.

use crate::vocabulary;
use chrono::NaiveDate;

/// A rule table that cannot be used (ルールテーブルの誤り).
///
/// # Example
/// ```
/// use onshi::error::RuleError;
/// use onshi::RuleSet;
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
    /// use onshi::error::RuleError;
    /// use onshi::RuleSet;
    /// // The copay row stops on 2026-05-30 and its successor starts on 2026-06-01.
    /// let mut table: serde_json::Value = serde_json::from_str(onshi::policy::BUILTIN_RULES_JSON)?;
    /// let rows = table["rules"].as_array_mut().unwrap();
    /// let i = rows.iter().position(|r| r["id"] == "copay.by-age").unwrap();
    /// let mut next = rows[i].clone();
    /// rows[i]["until"] = "2026-05-30".into();
    /// next["from"] = "2026-06-01".into();
    /// rows.push(next);
    /// let err = RuleSet::from_json(&table.to_string()).unwrap_err();
    /// assert_eq!(err.kind(), onshi::error::ErrorKind::Gap);
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
    /// use onshi::error::RuleError;
    /// use onshi::RuleSet;
    /// let err = RuleSet::from_json(r#"{"version": "local-1", "extends": "builtin", "reviewed": "2999-01-01", "rules": []}"#)
    ///     .unwrap_err();
    /// assert_eq!(err.kind(), onshi::error::ErrorKind::ReviewDate);
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
/// use onshi::error::InputError;
/// use onshi::Visit;
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
    /// assert_eq!(e.domain(), onshi::error::ErrorDomain::Input);
    /// ```
    pub fn domain(&self) -> ErrorDomain {
        ErrorDomain::Input
    }

    /// The short ja/en summary every binding shows.
    ///
    /// # Example
    /// ```
    /// let e = onshi::Visit::from_json("{").unwrap_err();
    /// assert_eq!(e.words().en, "the input cannot be decided on");
    /// ```
    pub fn words(&self) -> crate::Text {
        words_of(self.domain(), self.kind())
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

/// A value from an input as an error quotes it: [`redact`](crate::screen::redact)ed and at most 64
/// characters (a hostile input may give a megabyte of it).
pub(crate) fn quoted(text: &str) -> String {
    let shown = crate::screen::redact(text);
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

vocabulary! {
    /// Where an error arose (エラーの領域), whose words are the short summary every binding shows
    /// (C's `onshi_status_text`, uniffi's `reasonJa`, Python's `summary_ja`); the error's own
    /// message gives the details. The bindings' own failures (a NULL pointer, text that is not
    /// UTF-8, a buffer too small) are theirs, not the core's.
    ///
    /// # Example
    /// ```
    /// use onshi::{DescribedError, Lang, Vocabulary};
    /// use onshi::error::ErrorDomain;
    /// let e = onshi::Visit::from_json("{").unwrap_err();
    /// assert_eq!(e.domain(), ErrorDomain::Input);
    /// assert_eq!(e.words().get(Lang::Ja), "入力内容を判定できません");
    /// assert_eq!(ErrorDomain::Rules.words().get(Lang::En), "the rule table was refused");
    /// ```
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
    pub enum ErrorDomain {
        /// A visit or another input that cannot be decided on.
        Input = "input", "入力内容を判定できません", "the input cannot be decided on";
        /// A rule table.
        Rules = "rules", "ルール表を読み込めません", "the rule table was refused";
        /// A number that fails its rules.
        Number = "number", "番号が規則に合いません", "the number fails its rules";
        /// A certificate or trust anchor.
        Certificate = "certificate", "電子証明書を確認できません", "the certificate was refused";
        /// The card protocol (most kinds have their own words: [`crate::card::CardError::words`]).
        Card = "card", "カードの処理を最初からやり直してください", "start the card reading again";
        /// An オンライン資格確認 file.
        Oqs = "oqs", "オンライン資格確認のファイルを読めません", "the online qualification file was refused";
        /// No 高額療養費 table covers the month.
        NoCeilingTable = "no_ceiling_table", "その月の高額療養費の限度額表がありません", "no 高額療養費 table covers the month";
        /// The month's table does not know the 区分.
        UnknownCategory = "unknown_category", "限度額の区分が不明です", "unknown 高額療養費 category";
        /// A fault inside onshi (a panic caught at a binding's boundary, or an object a panic left
        /// unusable).
        Internal = "internal", "内部エラーです", "internal error";
    }
}

vocabulary! {
    /// What went wrong, as a stable slug (エラーの種類): every public error's `kind()`, the `kind`
    /// of Python's exceptions and of Kotlin's `OnshiError`, C's `onshi_last_error_kind`. A kind
    /// names one problem in every domain it is met in (`personal_number` in a visit, a rule table,
    /// a number or a file); the [`ErrorDomain`] says where. Its words name the problem; the short
    /// summary staff read is [`DescribedError::words`].
    ///
    /// # Example
    /// ```
    /// use onshi::error::ErrorKind;
    /// use onshi::{Lang, Vocabulary};
    /// let e = onshi::Visit::from_json(r#"{"at": "soon"}"#).unwrap_err();
    /// assert_eq!(e.kind(), ErrorKind::Invalid);
    /// assert_eq!(e.kind().slug(), "invalid");
    /// assert!(ErrorKind::PinBlocked.words().get(Lang::Ja).contains("ロック"));
    /// ```
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
    pub enum ErrorKind {
        /// An input that is not JSON, or a value of the wrong type or shape.
        Invalid = "invalid", "入力内容を判定できません", "the input cannot be decided on";
        /// A 12-digit 個人番号 (My Number), refused wherever it is met.
        PersonalNumber = "personal_number", "個人番号（マイナンバー）と思われる12桁の番号は受け付けません", "a 12-digit 個人番号 (My Number) is refused";
        /// Facts that cannot all be true.
        Inconsistent = "inconsistent", "入力内容が矛盾しています", "the input contradicts itself";
        /// An answer the 声掛け step does not take.
        UnexpectedAnswer = "unexpected_answer", "この段階では使えない回答です", "an answer this step does not take";
        /// A rule table that is not JSON, or a field of the wrong type.
        Json = "json", "JSONとして読めません", "not valid JSON";
        /// A rule table's format number this build does not read, or a date not written as a date.
        Format = "format", "形式を読めません", "a format that is not read";
        /// A rule id the engine does not implement.
        UnknownRule = "unknown_rule", "不明なルールIDです", "an unknown rule id";
        /// A rule's parameters missing, of the wrong shape or out of bounds.
        BadParams = "bad_params", "ルールのパラメータが誤っています", "a rule's parameters are wrong";
        /// A rule row that ends before it starts.
        DatesOutOfOrder = "dates_out_of_order", "終了日が開始日より前です", "it ends before it starts";
        /// Two rows of one rule that apply on the same day.
        Overlap = "overlap", "同じルールの行の期間が重なっています", "two rows of a rule overlap";
        /// Days without a row of a rule the engine needs.
        Gap = "gap", "ルールの行がない期間があります", "days without a row of a rule";
        /// A review date too far from the table's own date.
        ReviewDate = "review_date", "見直し日が範囲外です", "the review date is out of range";
        /// A rule, an element or a value that is missing.
        Missing = "missing", "必要な項目がありません", "something required is missing";
        /// An empty version, source or title.
        Empty = "empty", "空の項目があります", "an empty field";
        /// A text with a control or bidi character.
        Unprintable = "unprintable", "表示できない文字を含みます", "a character that is not shown as text";
        /// A rule table that extends something other than the built-in table.
        Extends = "extends", "拡張元は builtin だけです", "only the built-in table can be extended";
        /// An input over its limit.
        TooLarge = "too_large", "入力が大きすぎます", "an input is too large";
        /// Not a DER certificate, or response bytes the card should not send.
        Malformed = "malformed", "データの形式が正しくありません", "malformed data";
        /// PEM text without a readable certificate.
        Pem = "pem", "PEM形式の証明書ではありません", "not a PEM certificate";
        /// Bytes after the end of the certificate.
        TrailingData = "trailing_data", "証明書の後に余分なデータがあります", "data after the certificate";
        /// A key that is not RSA of at least 2048 bits.
        WrongKeyType = "wrong_key_type", "証明書の鍵の種類が違います", "the wrong key type";
        /// A signature algorithm other than sha256WithRSAEncryption.
        UnsupportedSignatureAlgorithm = "unsupported_signature_algorithm", "対応していない署名方式です", "an unsupported signature algorithm";
        /// An issuer that is not a JPKI certification authority.
        WrongIssuer = "wrong_issuer", "JPKIの認証局が発行した証明書ではありません", "not issued by a JPKI authority";
        /// A JPKI certificate of another purpose.
        NotUserAuthentication = "not_user_authentication", "利用者証明用電子証明書ではありません", "not a user-authentication certificate";
        /// Issued by the J-LIS test hierarchy.
        TestHierarchy = "test_hierarchy", "テスト用の認証局が発行した証明書です", "issued by the test hierarchy";
        /// A CA certificate where a card's certificate was expected.
        NotEndEntity = "not_end_entity", "カードの証明書ではなく認証局の証明書です", "a CA certificate, not a card's";
        /// No trust anchor issued the certificate.
        UnknownIssuer = "unknown_issuer", "発行した認証局が見つかりません", "no trust anchor issued it";
        /// A signature that does not verify.
        BadSignature = "bad_signature", "署名を検証できません", "the signature does not verify";
        /// A trust anchor that is not a usable root.
        BadAnchor = "bad_anchor", "信頼する認証局として使えません", "not a usable trust anchor";
        /// No card reader is connected.
        NoReader = "no_reader", "カードリーダーが接続されていません", "no card reader is connected";
        /// The reader has no card.
        NoCard = "no_card", "カードをリーダーに置いてください", "place the card on the reader";
        /// The card was removed during the exchange.
        CardRemoved = "card_removed", "通信中にカードが離れました。もう一度置いてください", "the card was removed; place it again";
        /// The reader or link failed in another way.
        Transport = "transport", "カードリーダーのエラーです", "reader error";
        /// The card has no JPKI application.
        NotMyNumberCard = "not_my_number_card", "マイナンバーカードではありません", "not a My Number Card";
        /// A file the operation needs is not on the card.
        FileNotFound = "file_not_found", "カードに必要なファイルがありません", "a file is not on the card";
        /// The token needs the PIN before the certificate can be read.
        PinRequired = "pin_required", "証明書の読み取りには暗証番号が必要です", "this token needs the PIN first";
        /// The PIN is blocked; nothing was sent.
        PinBlocked = "pin_blocked", "暗証番号がロックされています。顔認証または目視で確認してください", "the PIN is blocked; confirm identity by face or visually";
        /// One PIN try is left and it was not confirmed; nothing was sent.
        LastTryNotConfirmed = "last_try_not_confirmed", "暗証番号の残り回数が1回です。患者さんの確認が必要です", "one PIN try is left; the patient must confirm";
        /// The link failed during PIN verification: the try may have been spent.
        VerifyOutcomeUnknown = "verify_outcome_unknown", "照合中に通信が切れました。暗証番号を再送せず、残り回数を確認してください", "the link failed during PIN verification; query the counter, do not resend";
        /// The PIN is not 4 digits.
        InvalidPinFormat = "invalid_pin_format", "暗証番号は数字4桁です", "the PIN must be 4 digits";
        /// A status word the operation does not expect.
        UnexpectedStatus = "unexpected_status", "カードの応答が想定外です", "the card gave an unexpected answer";
        /// No 高額療養費 table covers the month.
        NoTable = "no_table", "その月の高額療養費の限度額表がありません", "no 高額療養費 table covers the month";
        /// The month's table does not know the 区分.
        UnknownCategory = "unknown_category", "限度額の区分が不明です", "unknown 高額療養費 category";
        /// The table knows the 区分 but its source does not state the figure asked.
        NotStated = "not_stated", "その金額は出典に記載がありません", "the source does not state the figure";
        /// A number with characters other than digits.
        NotDigits = "not_digits", "数字以外の文字があります", "not only digits";
        /// A number of the wrong length.
        Length = "length", "桁数が違います", "the wrong number of digits";
        /// Two digits that are not a prefecture.
        Prefecture = "prefecture", "都道府県番号が正しくありません", "not a prefecture number";
        /// A last digit that is not the check digit.
        CheckDigit = "check_digit", "検証番号が合いません", "the check digit does not match";
        /// A 和暦 date without a known era.
        NoEra = "no_era", "元号が分かりません", "no known era";
        /// A date that is not a calendar day.
        NoSuchDay = "no_such_day", "存在しない日付です", "not a calendar day";
        /// A date outside its era.
        OutsideEra = "outside_era", "元号の期間外の日付です", "outside its era";
        /// A date before the solar calendar (明治6年).
        BeforeGregorian = "before_gregorian", "明治6年より前の日付は読めません", "before 明治6年 (1873)";
        /// Bytes that do not decode in the declared encoding.
        Decode = "decode", "文字コードを解釈できません", "the bytes do not decode";
        /// An encoding onshi does not read.
        UnsupportedEncoding = "unsupported_encoding", "対応していない文字コードです", "an unsupported encoding";
        /// A declared encoding that disagrees with the file's own field.
        EncodingMismatch = "encoding_mismatch", "文字コードの宣言が一致しません", "the declared encodings disagree";
        /// XML that is not well formed.
        Xml = "xml", "XMLとして読めません", "not well-formed XML";
        /// A document type declaration, which is not read.
        Dtd = "dtd", "DTDを含むファイルは読みません", "a DTD is not read";
        /// A result file without the visit's time.
        NoVisitTime = "no_visit_time", "受付日時がありません", "no visit time";
        /// An element given twice.
        Duplicate = "duplicate", "項目が重複しています", "an element given twice";
        /// Another kind of file than a 資格確認 result.
        NotAResult = "not_a_result", "資格確認の結果ファイルではありません", "not a result file";
        /// A file not completely written.
        Incomplete = "incomplete", "ファイルが途中までしかありません", "the file is incomplete";
        /// A result with records of different people.
        Ambiguous = "ambiguous", "別の人の記録が含まれています", "records of different people";
        /// An element with a value outside its code table or format.
        BadValue = "bad_value", "値が正しくありません", "a bad value";
        /// A request value that cannot be written.
        Request = "request", "要求ファイルを書けません", "the request cannot be written";
        /// A file or folder that could not be read or written.
        Io = "io", "ファイルを読み書きできません", "a file could not be read or written";
        /// A file of that name already there; nothing was written.
        Exists = "exists", "同じ名前のファイルがあります", "the file already exists";
        /// No result within the time allowed (never resent automatically).
        TimedOut = "timed_out", "結果が時間内に届きません", "no result in time";
        /// A fault inside onshi (a panic caught at a binding's boundary, or an object a panic left
        /// unusable).
        Internal = "internal", "内部エラーです", "internal error";
    }
}

/// A kind shows as its slug (`personal_number`), as in JSON.
impl std::fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(crate::Vocabulary::slug(*self))
    }
}

/// What every public error of onshi tells, in every language: a stable [`ErrorKind`], its
/// [`ErrorDomain`], the short summary staff read ([`words`](DescribedError::words)), and the
/// message (`Display`) naming the field and the problem. Each binding converts errors through
/// this one trait.
///
/// # Example
/// ```
/// use onshi::{DescribedError, Vocabulary};
/// use onshi::error::ErrorDomain;
/// fn describe(e: &impl DescribedError) -> String {
///     format!("{} [{}] {}", e.words().en, e.kind().slug(), e)
/// }
/// let e = onshi::Visit::from_json("{").unwrap_err();
/// assert!(describe(&e).starts_with("the input cannot be decided on [invalid]"));
/// assert_eq!(DescribedError::domain(&onshi::card::CardError::PinBlocked), ErrorDomain::Card);
/// ```
pub trait DescribedError: std::error::Error {
    /// The stable kind (`invalid`, `personal_number`, `pin_blocked`, …).
    fn kind(&self) -> ErrorKind;
    /// Where the error arose (an input, a rule table, a file, the card), which picks the
    /// exception class and the Kotlin error case. A 12-digit 個人番号 is refused in every domain,
    /// with the kind `personal_number` (C gives it its own status).
    fn domain(&self) -> ErrorDomain;
    /// The short ja/en summary staff read: the words of a refused 個人番号 whatever the domain,
    /// else the domain's words (a card error says its kind's own).
    ///
    /// # Example
    /// ```
    /// use onshi::DescribedError;
    /// let e = onshi::Visit::from_json(r#"{"at": "soon"}"#).unwrap_err();
    /// assert_eq!(DescribedError::words(&e).en, "the input cannot be decided on");
    /// ```
    fn words(&self) -> crate::Text {
        words_of(self.domain(), self.kind())
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
    /// The message every front end shows: the error's `Display`, [`redact`](crate::screen::redact)ed
    /// (no run of twelve digits, no control or bidi character, at most
    /// [`MAX_MESSAGE`](crate::screen::MAX_MESSAGE) bytes).
    ///
    /// # Example
    /// ```
    /// use onshi::DescribedError;
    /// let e = onshi::Visit::from_json(r#"{"at": "\u001b[2J"}"#).unwrap_err();
    /// assert!(!e.message().contains('\u{1b}'));
    /// ```
    fn message(&self) -> String {
        crate::screen::redact(&self.to_string()).into_owned()
    }
    /// The error class a binding raises it as ([`ErrorClass::of`] its domain and kind).
    ///
    /// # Example
    /// ```
    /// use onshi::DescribedError;
    /// use onshi::error::ErrorClass;
    /// let e = onshi::Visit::from_json("{").unwrap_err();
    /// assert_eq!(e.class(), ErrorClass::InvalidInput);
    /// assert_eq!(onshi::card::CardError::PinBlocked.class().name(), "CardError");
    /// ```
    fn class(&self) -> ErrorClass {
        ErrorClass::of(self.domain(), self.kind())
    }
}

/// An input a front end could not read (a file that is missing, too large or not text), told as an
/// error of the domain the input belongs to (a rule table, a result file, a certificate) with the
/// kind `io`. The core reads no files; the bindings and the CLI that do report through it.
///
/// # Example
/// ```
/// use onshi::DescribedError;
/// use onshi::error::{ErrorDomain, ErrorKind, Unreadable};
/// let e = Unreadable { domain: ErrorDomain::Rules, message: "rules.json: no such file".into() };
/// assert_eq!((e.kind(), e.domain()), (ErrorKind::Io, ErrorDomain::Rules));
/// assert_eq!(e.to_string(), "rules.json: no such file");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct Unreadable {
    /// The domain of the input.
    pub domain: ErrorDomain,
    /// What could not be read and why.
    pub message: String,
}

impl DescribedError for Unreadable {
    fn kind(&self) -> ErrorKind {
        ErrorKind::Io
    }
    fn domain(&self) -> ErrorDomain {
        self.domain
    }
}

vocabulary! {
    /// The exception class an error is raised as in Python and Node.js (the classes of the same
    /// names in each, generated by `tools/gen` from this declaration): chosen once here from the
    /// error's domain, and for a card error its kind, so every binding raises the same class for
    /// the same error. Every class but `OnshiError` is a subclass of its [`parent`].
    ///
    /// [`parent`]: ErrorClass::parent
    ///
    /// # Example
    /// ```
    /// use onshi::error::{ErrorClass, ErrorDomain, ErrorKind};
    /// assert_eq!(ErrorClass::of(ErrorDomain::Card, ErrorKind::NoCard), ErrorClass::NoCard);
    /// assert_eq!(ErrorClass::of(ErrorDomain::Number, ErrorKind::Invalid).name(), "InvalidInput");
    /// ```
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
    #[non_exhaustive]
    pub enum ErrorClass {
        /// An input that cannot be used: the message names the field and the problem.
        InvalidInput = "invalid_input", "入力内容の誤り", "an input that cannot be used";
        /// A rule table was refused.
        RuleError = "rule_error", "ルール表の誤り", "a rule table was refused";
        /// A certificate or trust anchor was refused.
        CertificateError = "certificate_error", "電子証明書の誤り", "a certificate was refused";
        /// An オンライン資格確認 file was refused.
        OqsError = "oqs_error", "オンライン資格確認ファイルの誤り", "an online qualification file was refused";
        /// The card protocol failed; `kind` says how (`pin_blocked`, `card_removed`, …).
        CardError = "card_error", "カード処理の失敗", "the card protocol failed";
        /// No card reader is connected (a transport reports it).
        NoReader = "no_reader", "カードリーダーが接続されていません", "no card reader is connected";
        /// The reader has no card (a transport reports it).
        NoCard = "no_card", "カードがありません", "the reader has no card";
        /// The card was removed or the NFC link lost (a transport reports it).
        CardRemoved = "card_removed", "カードが外されました", "the card was removed";
        /// Every error raised by onshi; raised as itself for a fault inside onshi.
        OnshiError = "onshi_error", "onshi の内部エラー", "a fault inside onshi";
    }
}

impl ErrorClass {
    /// The class of an error of `kind` in `domain`: the domain's, a card error's kind its own
    /// when it has one, and [`InvalidInput`](ErrorClass::InvalidInput) for every input domain.
    ///
    /// # Example
    /// ```
    /// use onshi::error::{ErrorClass, ErrorDomain, ErrorKind};
    /// assert_eq!(ErrorClass::of(ErrorDomain::Rules, ErrorKind::Json), ErrorClass::RuleError);
    /// assert_eq!(ErrorClass::of(ErrorDomain::Card, ErrorKind::PinBlocked), ErrorClass::CardError);
    /// assert_eq!(ErrorClass::of(ErrorDomain::Internal, ErrorKind::Internal), ErrorClass::OnshiError);
    /// ```
    pub fn of(domain: ErrorDomain, kind: ErrorKind) -> ErrorClass {
        use {ErrorDomain as D, ErrorKind as K};
        match (domain, kind) {
            (D::Rules, _) => ErrorClass::RuleError,
            (D::Certificate, _) => ErrorClass::CertificateError,
            (D::Oqs, _) => ErrorClass::OqsError,
            (D::Card, K::NoReader) => ErrorClass::NoReader,
            (D::Card, K::NoCard) => ErrorClass::NoCard,
            (D::Card, K::CardRemoved) => ErrorClass::CardRemoved,
            (D::Card, _) => ErrorClass::CardError,
            (D::Internal, _) => ErrorClass::OnshiError,
            (D::Input | D::Number | D::NoCeilingTable | D::UnknownCategory, _) => {
                ErrorClass::InvalidInput
            }
        }
    }

    /// The class it is a subclass of: `CardError` for the three a card transport reports,
    /// `OnshiError` for the others, none for `OnshiError` itself.
    ///
    /// # Example
    /// ```
    /// use onshi::error::ErrorClass;
    /// assert_eq!(ErrorClass::NoCard.parent(), Some(ErrorClass::CardError));
    /// assert_eq!(ErrorClass::OnshiError.parent(), None);
    /// ```
    pub fn parent(self) -> Option<ErrorClass> {
        match self {
            ErrorClass::OnshiError => None,
            ErrorClass::NoReader | ErrorClass::NoCard | ErrorClass::CardRemoved => {
                Some(ErrorClass::CardError)
            }
            _ => Some(ErrorClass::OnshiError),
        }
    }

    /// Whether the class refuses something the caller gave (an input, a rule table, a
    /// certificate, a file) rather than reporting a failure on the way: Python raises these as
    /// `ValueError` too.
    ///
    /// # Example
    /// ```
    /// use onshi::error::ErrorClass;
    /// assert!(ErrorClass::OqsError.refuses_input() && !ErrorClass::CardError.refuses_input());
    /// ```
    pub fn refuses_input(self) -> bool {
        matches!(
            self,
            ErrorClass::InvalidInput
                | ErrorClass::RuleError
                | ErrorClass::CertificateError
                | ErrorClass::OqsError
        )
    }

    /// The class's name in Python and Node.js: its name in the declaration (`InvalidInput`).
    ///
    /// # Example
    /// ```
    /// assert_eq!(onshi::error::ErrorClass::NoReader.name(), "NoReader");
    /// ```
    pub fn name(self) -> &'static str {
        use crate::Vocabulary as _;
        let mut declared = Self::DECLARATION.values.iter();
        declared
            .find(|value| value.slug == self.slug())
            .map_or("OnshiError", |value| value.variant)
    }

    /// The error a card transport written in a binding's language reports by raising (throwing)
    /// this class — the way back from [`ErrorClass::of`] for the three classes a transport raises;
    /// none for the others.
    ///
    /// # Example
    /// ```
    /// use onshi::card::TransportError;
    /// use onshi::error::ErrorClass;
    /// assert_eq!(ErrorClass::NoCard.transport_error(), Some(TransportError::NoCard));
    /// assert_eq!(ErrorClass::CardError.transport_error(), None);
    /// ```
    pub fn transport_error(self) -> Option<crate::card::TransportError> {
        use crate::card::TransportError as T;
        match self {
            ErrorClass::NoReader => Some(T::NoReader),
            ErrorClass::NoCard => Some(T::NoCard),
            ErrorClass::CardRemoved => Some(T::CardRemoved),
            _ => None,
        }
    }
}

/// The short ja/en summary of an error of `kind` in `domain`: the words of a refused 個人番号
/// whatever the domain, else the domain's words.
pub(crate) fn words_of(domain: ErrorDomain, kind: ErrorKind) -> crate::Text {
    use crate::Vocabulary;
    if kind == ErrorKind::PersonalNumber {
        kind.words()
    } else {
        domain.words()
    }
}

/// Implements [`DescribedError`] from a type's own `kind`, `domain` and `words` methods, and
/// for the types after `;` its `concerns` (the field).
macro_rules! described {
    ($($ty:ty),+; $($with_field:ty),+) => {
        $(described!(@impl $ty, |_e| None);)+
        $(described!(@impl $with_field, |e| <$with_field>::concerns(e));)+
    };
    (@impl $ty:ty, |$e:ident| $field:expr) => {
        impl DescribedError for $ty {
            fn kind(&self) -> ErrorKind {
                <$ty>::kind(self)
            }
            fn domain(&self) -> ErrorDomain {
                <$ty>::domain(self)
            }
            fn words(&self) -> crate::Text {
                <$ty>::words(self)
            }
            fn field(&self) -> Option<&str> {
                let $e = self;
                $field
            }
        }
    };
}

described!(
    crate::numbers::NumberError,
    crate::certificate::CertificateError,
    crate::card::CardError;
    InputError,
    RuleError,
    crate::benefits::CeilingError,
    crate::reception::ScriptError
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
/// use onshi::error::from_json;
/// use onshi::reception::LegacyInsuranceCard;
/// let card: LegacyInsuranceCard = from_json(r#"{"expires": "2026-03-31"}"#)?;
/// assert_eq!(card.expires.unwrap().to_string(), "2026-03-31");
/// let e = from_json::<LegacyInsuranceCard>(r#"{"insured": {"number": 983205673214}}"#).unwrap_err();
/// assert_eq!(e.kind(), onshi::error::ErrorKind::PersonalNumber);
/// # Ok::<(), onshi::error::InputError>(())
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
        InputError::invalid(path, cap(crate::screen::redact(&problem).into_owned()))
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
/// use onshi::error::from_value;
/// use onshi::records::InsuranceRecord;
/// let r: InsuranceRecord = from_value(serde_json::json!({"insurer": "06130017"}))?;
/// assert_eq!(r.insurer.as_deref(), Some("06130017"));
/// let e = from_value::<InsuranceRecord>(serde_json::json!({"name": "番号983205673214"})).unwrap_err();
/// assert_eq!((e.kind(), e.field()), (onshi::error::ErrorKind::PersonalNumber, "name"));
/// # Ok::<(), onshi::error::InputError>(())
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
        InputError::invalid(path, cap(crate::screen::redact(&problem).into_owned()))
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
            Value::String(s) if crate::numbers::contains_personal_number(s) => Some(here(path)),
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
                if crate::numbers::contains_personal_number(k) {
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
    let path = crate::screen::redact(&path).into_owned();
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
    /// assert_eq!(e.domain(), onshi::error::ErrorDomain::Rules);
    /// ```
    pub fn domain(&self) -> ErrorDomain {
        ErrorDomain::Rules
    }

    /// The short ja/en summary every binding shows ([`ErrorDomain::Rules`]).
    ///
    /// # Example
    /// ```
    /// let e = onshi::RuleSet::from_json("{").unwrap_err();
    /// assert_eq!(e.words().ja, "ルール表を読み込めません");
    /// ```
    pub fn words(&self) -> crate::Text {
        words_of(self.domain(), self.kind())
    }

    /// A stable slug for this error (`overlap`, `gap`, `unknown_rule`, …).
    ///
    /// # Example
    /// ```
    /// use onshi::RuleSet;
    /// let err = RuleSet::from_json(r#"{"version": "v", "rules": []}"#).unwrap_err();
    /// assert_eq!(err.kind(), onshi::error::ErrorKind::Missing);
    /// ```
    pub fn kind(&self) -> crate::error::ErrorKind {
        match self {
            RuleError::Json { .. } => crate::error::ErrorKind::Json,
            RuleError::Format { .. } => crate::error::ErrorKind::Format,
            RuleError::UnknownRule { .. } => crate::error::ErrorKind::UnknownRule,
            RuleError::BadParams { .. } => crate::error::ErrorKind::BadParams,
            RuleError::DatesOutOfOrder { .. } => crate::error::ErrorKind::DatesOutOfOrder,
            RuleError::Overlap { .. } => crate::error::ErrorKind::Overlap,
            RuleError::Gap { .. } => crate::error::ErrorKind::Gap,
            RuleError::ReviewDate { .. } => crate::error::ErrorKind::ReviewDate,
            RuleError::Missing { .. } => crate::error::ErrorKind::Missing,
            RuleError::Empty { .. } => crate::error::ErrorKind::Empty,
            RuleError::Unprintable { .. } => crate::error::ErrorKind::Unprintable,
            RuleError::Extends { .. } => crate::error::ErrorKind::Extends,
            RuleError::TooLarge { .. } => crate::error::ErrorKind::TooLarge,
            RuleError::PersonalNumber => crate::error::ErrorKind::PersonalNumber,
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
    /// assert_eq!(err.kind(), onshi::error::ErrorKind::PersonalNumber);
    /// ```
    pub fn kind(&self) -> crate::error::ErrorKind {
        match self {
            InputError::Invalid { .. } => crate::error::ErrorKind::Invalid,
            InputError::PersonalNumber { .. } => crate::error::ErrorKind::PersonalNumber,
            InputError::Inconsistent { .. } => crate::error::ErrorKind::Inconsistent,
        }
    }
}
