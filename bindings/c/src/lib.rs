//! C ABI for onshi. Thin: every function converts its inputs, calls the core, converts the result.
//! Conventions are in the generated header `include/onshi.h`.
// The core's lint settings: no panics on input (the lints are errors in CI), and every unsafe
// block says why it is sound.
#![warn(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::undocumented_unsafe_blocks,
    unsafe_op_in_unsafe_fn
)]
#![deny(missing_docs)]

use std::cell::RefCell;
use std::ffi::{CStr, CString, c_char};
use std::panic::{AssertUnwindSafe, catch_unwind};

mod card;
mod certificate;
mod decision;
mod facility;
mod records;
mod reference;
mod registration;
mod script;

pub use card::*;
pub use certificate::*;
pub use decision::*;
pub use facility::*;
pub use records::*;
pub use reference::*;
pub use registration::*;

/// The result of every fallible call. Numbers are stable; unknown values must be treated as errors.
/// onshi_status_text gives a short ja/en label; onshi_last_error_message the details.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnshiStatus {
    /// Success.
    Ok = 0,
    /// A required pointer was NULL.
    NullParameter = 1,
    /// A string was not valid UTF-8.
    InvalidUtf8 = 2,
    /// An input is larger than this function accepts (the message gives the limit).
    TooLarge = 3,
    /// An enum argument has a value this library does not define.
    InvalidArgument = 4,
    /// The input could not be decided on (see onshi_last_error_message).
    InvalidInput = 100,
    /// A rule table was refused.
    RuleError = 101,
    /// A vector file was refused.
    VectorError = 102,
    /// A number failed its rules (the message names the rule).
    InvalidNumber = 103,
    /// A certificate or trust anchor was refused (the message says why).
    CertificateError = 104,
    /// The card answered something the JPKI protocol does not expect (file missing, unexpected
    /// status word, malformed response).
    CardError = 105,
    /// An オンライン資格確認 file was refused (encoding, XML, missing or bad elements).
    OqsError = 106,
    /// No 高額療養費 table covers the month: update onshi or add the row in an overlay.
    NoCeilingTable = 107,
    /// The month's 高額療養費 table does not know this 区分.
    UnknownCategory = 108,
    /// An input holds what looks like a 12-digit 個人番号 (My Number), in whatever field, visit or
    /// file: reception must neither hold nor send it. The message names the field, never the value.
    PersonalNumber = 109,
    /// The transport reported that no card reader is connected.
    NoReader = 110,
    /// The transport reported that the reader has no card: place the card.
    NoCard = 111,
    /// The card was removed (or the NFC link lost) during the exchange: place it again and retry.
    CardRemoved = 112,
    /// The reader or link failed in another way (the message says how).
    ReaderError = 113,
    /// The card has no JPKI application: not a My Number Card.
    NotMyNumberCard = 114,
    /// This token needs the PIN before the certificate can be read (Android スマホ用電子証明書).
    PinRequired = 115,
    /// The PIN is blocked; nothing was sent. Confirm identity by face or visually.
    PinBlocked = 116,
    /// One PIN try is left and the caller did not confirm it; nothing was sent.
    LastTryNotConfirmed = 117,
    /// The link failed during PIN verification: the try may have been spent. Query the counter; do
    /// not resend the PIN automatically.
    VerifyOutcomeUnknown = 118,
    /// The PIN is not exactly 4 digits (the PIN is never repeated in any message).
    InvalidPinFormat = 119,
    /// The caller's buffer is too small; the needed size was written.
    BufferTooSmall = 200,
    /// An internal error (a Rust panic) was caught at the boundary.
    Panic = 900,
}

/// Which language a message is in (for functions taking a `uint32_t lang`).
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnshiLang {
    /// 日本語.
    Ja = 0,
    /// English.
    En = 1,
}

/// Which number onshi_verify_number checks (passed as `uint32_t kind`).
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnshiNumberKind {
    /// 保険者番号.
    Insurer = 1,
    /// 公費負担者番号.
    PublicPayer = 2,
    /// 公費受給者番号.
    PublicRecipient = 3,
    /// 医療機関コード (10 digits).
    Institution = 4,
    /// 枝番.
    Branch = 5,
}

/// A validated rule table (opaque). Immutable: may be shared between threads.
pub struct OnshiRules {
    rules: onshi::RuleSet,
}

/// An error crossing the boundary: the status and the message for onshi_last_error_message.
pub(crate) type Failure = (OnshiStatus, String);

/// Largest JSON document (visit) accepted.
pub(crate) const MAX_JSON: usize = 1 << 20;
/// Largest rule table accepted.
const MAX_RULES: usize = 16 << 20;
/// Largest オンライン資格確認 result file accepted (the reader's own limit).
pub(crate) const MAX_OQS_FILE: usize = 16 << 20;
/// Largest conformance-vector file accepted.
const MAX_VECTORS: usize = 64 << 20;

thread_local! {
    static LAST_ERROR: RefCell<String> = const { RefCell::new(String::new()) };
    /// The last error's kind slug (the core's `kind()`), for onshi_last_error_kind.
    static LAST_KIND: std::cell::Cell<&'static str> = const { std::cell::Cell::new("") };
    /// The field the last error concerns, for onshi_last_error_field ("" when none).
    static LAST_FIELD: RefCell<String> = const { RefCell::new(String::new()) };
    /// The kind and field of the core error being turned into a failure, until the boundary
    /// records them.
    static PENDING: RefCell<Option<(&'static str, String)>> = const { RefCell::new(None) };
}

/// Remembers the kind (and field) of the core error becoming this call's failure.
pub(crate) fn note_kind(kind: &'static str) {
    note_error(kind, None);
}

fn note_error(kind: &'static str, field: Option<&str>) {
    PENDING.with(|p| *p.borrow_mut() = Some((kind, field.unwrap_or_default().to_owned())));
}

/// The kind of a failure the binding itself found (a NULL pointer, bad UTF-8, …): the slug of the
/// error domain its status stands for.
fn kind_of_status(status: OnshiStatus) -> &'static str {
    use onshi::Vocabulary;
    onshi::ErrorDomain::ALL
        .iter()
        .find(|d| status_of(**d) == status)
        .map_or("internal", |d| d.slug())
}

/// Keeps this call's error message, [`onshi::redact`]ed: the one door every C error text passes.
pub(crate) fn set_error(message: impl Into<String>) {
    let message = onshi::redact(&message.into()).into_owned();
    LAST_ERROR.with(|e| *e.borrow_mut() = message);
}

/// A core error as a status: a 12-digit 個人番号 is ONSHI_STATUS_PERSONAL_NUMBER whichever
/// function met it, any other error the status of its domain ([`status_of`]); the message is the
/// error's own.
pub(crate) fn refused(e: &impl onshi::DescribedError) -> Failure {
    note_error(e.kind(), e.field());
    let status = if e.kind() == "personal_number" {
        OnshiStatus::PersonalNumber
    } else {
        status_of(e.domain())
    };
    (status, e.to_string())
}

/// The one mapping from the core's error domains to statuses (card errors add their kinds:
/// `card.rs`).
pub(crate) fn status_of(domain: onshi::ErrorDomain) -> OnshiStatus {
    use onshi::ErrorDomain as D;
    match domain {
        D::Ok | D::Input => OnshiStatus::InvalidInput,
        D::PersonalNumber => OnshiStatus::PersonalNumber,
        D::Rules => OnshiStatus::RuleError,
        D::Vectors => OnshiStatus::VectorError,
        D::Number => OnshiStatus::InvalidNumber,
        D::Certificate => OnshiStatus::CertificateError,
        D::Card => OnshiStatus::CardError,
        D::Oqs => OnshiStatus::OqsError,
        D::NoCeilingTable => OnshiStatus::NoCeilingTable,
        D::UnknownCategory => OnshiStatus::UnknownCategory,
        D::MissingArgument => OnshiStatus::NullParameter,
        D::NotUtf8 => OnshiStatus::InvalidUtf8,
        D::TooLarge => OnshiStatus::TooLarge,
        D::UndefinedValue => OnshiStatus::InvalidArgument,
        D::BufferTooSmall => OnshiStatus::BufferTooSmall,
        D::Internal | D::Unknown => OnshiStatus::Panic,
    }
}

/// Runs `f`, turning an error into its status and message and a panic into `OnshiStatus::Panic`.
pub(crate) fn boundary(f: impl FnOnce() -> Result<(), Failure>) -> OnshiStatus {
    PENDING.with(|p| p.borrow_mut().take());
    let outcome = catch_unwind(AssertUnwindSafe(f));
    let pending = PENDING.with(|p| p.borrow_mut().take());
    let (status, message) = match outcome {
        Ok(Ok(())) => return OnshiStatus::Ok,
        Ok(Err(failure)) => failure,
        Err(_) => (
            OnshiStatus::Panic,
            "internal error: a panic was caught at the C boundary".to_owned(),
        ),
    };
    set_error(message);
    let (kind, field) = match pending {
        Some((kind, field)) if status != OnshiStatus::Panic => (kind, field),
        _ => (kind_of_status(status), String::new()),
    };
    LAST_KIND.with(|k| k.set(kind));
    LAST_FIELD.with(|f| *f.borrow_mut() = field);
    status
}

/// Runs an accessor that cannot fail, giving `fallback` if it panics.
pub(crate) fn guarded<T>(fallback: T, f: impl FnOnce() -> T) -> T {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or(fallback)
}

/// # Safety
/// `p` is NULL or a NUL-terminated string valid for reads.
pub(crate) unsafe fn text<'a>(
    p: *const c_char,
    name: &str,
    limit: usize,
) -> Result<&'a str, Failure> {
    if p.is_null() {
        return Err((OnshiStatus::NullParameter, format!("{name} is NULL")));
    }
    // SAFETY: the caller passes a NUL-terminated string (checked non-NULL above).
    let bytes = unsafe { CStr::from_ptr(p) }.to_bytes();
    if bytes.len() > limit {
        return Err((
            OnshiStatus::TooLarge,
            format!(
                "{name} is {} bytes; at most {limit} are accepted",
                bytes.len()
            ),
        ));
    }
    std::str::from_utf8(bytes).map_err(|e| {
        (
            OnshiStatus::InvalidUtf8,
            format!("{name} is not UTF-8 (byte {})", e.valid_up_to()),
        )
    })
}

/// # Safety
/// `p` is NULL or readable for `len` bytes.
pub(crate) unsafe fn bytes<'a>(
    p: *const u8,
    len: usize,
    name: &str,
    limit: usize,
) -> Result<&'a [u8], Failure> {
    if p.is_null() {
        return Err((OnshiStatus::NullParameter, format!("{name} is NULL")));
    }
    if len > limit {
        return Err((
            OnshiStatus::TooLarge,
            format!("{name} is {len} bytes; at most {limit} are accepted"),
        ));
    }
    // SAFETY: the caller guarantees `len` readable bytes at `p`.
    Ok(unsafe { std::slice::from_raw_parts(p, len) })
}

/// Refuses a NULL out-parameter before any work is done.
pub(crate) fn writable<T>(p: *mut T, name: &str) -> Result<(), Failure> {
    if p.is_null() {
        return Err((OnshiStatus::NullParameter, format!("{name} is NULL")));
    }
    Ok(())
}

/// The object behind a handle, or a NULL-parameter failure.
///
/// # Safety
/// `p` is NULL or a live handle from this library.
pub(crate) unsafe fn handle<'a, T>(p: *const T, name: &str) -> Result<&'a T, Failure> {
    // SAFETY: forwarded caller guarantee.
    unsafe { p.as_ref() }.ok_or((OnshiStatus::NullParameter, format!("{name} is NULL")))
}

pub(crate) fn c_string(s: impl Into<Vec<u8>>) -> Result<CString, Failure> {
    // Every output text comes from the caller's input or the library's own words: a NUL in it
    // came in as an escaped \u0000, which a C string cannot carry.
    CString::new(s).map_err(|_| {
        (
            OnshiStatus::InvalidInput,
            "the input holds a NUL character (\\u0000), which a C string cannot carry: remove it"
                .to_owned(),
        )
    })
}

pub(crate) fn to_json(value: &impl serde::Serialize) -> Result<*mut c_char, Failure> {
    let s = serde_json::to_string(value).map_err(|e| (OnshiStatus::Panic, e.to_string()))?;
    Ok(c_string(s)?.into_raw())
}

pub(crate) fn lang(value: u32) -> Option<onshi::Lang> {
    match value {
        0 => Some(onshi::Lang::Ja),
        1 => Some(onshi::Lang::En),
        _ => None,
    }
}

/// The built-in rule table. Free with onshi_rules_free.
///
/// # Safety
/// `out` must be a valid pointer to write to.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_rules_builtin(out: *mut *mut OnshiRules) -> OnshiStatus {
    boundary(|| {
        writable(out, "out")?;
        let rules = Box::new(OnshiRules {
            rules: onshi::RuleSet::builtin(),
        });
        // SAFETY: `out` is non-NULL and the caller guarantees it is writable.
        unsafe { out.write(Box::into_raw(rules)) };
        Ok(())
    })
}

/// A rule table from JSON (complete, or an overlay with "extends": "builtin"; at most 16 MiB).
/// Free with onshi_rules_free.
///
/// # Safety
/// `json` is a NUL-terminated string; `out` a valid pointer to write to.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_rules_from_json(
    json: *const c_char,
    out: *mut *mut OnshiRules,
) -> OnshiStatus {
    boundary(|| {
        // SAFETY: forwarded caller guarantee.
        let json = unsafe { text(json, "json", MAX_RULES) }?;
        writable(out, "out")?;
        let rules = onshi::RuleSet::from_json(json).map_err(|e| refused(&e))?;
        // SAFETY: `out` is non-NULL and writable.
        unsafe { out.write(Box::into_raw(Box::new(OnshiRules { rules }))) };
        Ok(())
    })
}

/// Frees a rule table (NULL is a no-op).
///
/// # Safety
/// `rules` is NULL or came from onshi_rules_builtin / onshi_rules_from_json and is not used again.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_rules_free(rules: *mut OnshiRules) {
    if !rules.is_null() {
        // SAFETY: created by Box::into_raw in this crate; freed once per the contract.
        drop(unsafe { Box::from_raw(rules) });
    }
}

/// Runs a conformance-vector file (any suite, oqs included; at most 64 MiB); writes the counts.
/// When some cases fail, the last error message lists them (the status is still OK).
///
/// # Safety
/// `rules` from this library; `file_json` NUL-terminated; `passed` and `failed` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_vectors_run_json(
    rules: *const OnshiRules,
    file_json: *const c_char,
    passed: *mut usize,
    failed: *mut usize,
) -> OnshiStatus {
    boundary(|| {
        // SAFETY: forwarded caller guarantees.
        let (rules, json) = unsafe {
            (
                handle(rules, "rules")?,
                text(file_json, "file_json", MAX_VECTORS)?,
            )
        };
        writable(passed, "passed")?;
        writable(failed, "failed")?;
        let report = onshi_vectors::run_any_vectors(&rules.rules, json)
            .map_err(|e| (status_of(onshi::ErrorDomain::Vectors), e.to_string()))?;
        let failures = report.failures();
        // SAFETY: both non-NULL and writable.
        unsafe {
            passed.write(report.passed());
            failed.write(report.failed());
        }
        if !failures.is_empty() {
            set_error(failures.join("\n"));
        }
        Ok(())
    })
}

/// Checks an insurance number (`kind` is one of ONSHI_NUMBER_KIND_*); on success writes its details
/// as JSON (normalized, law, prefecture). A number that fails is ONSHI_STATUS_INVALID_NUMBER, with
/// the rule in the last error message.
///
/// # Safety
/// `value` NUL-terminated; `out_json` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_verify_number(
    kind: u32,
    value: *const c_char,
    out_json: *mut *mut c_char,
) -> OnshiStatus {
    boundary(|| {
        // SAFETY: forwarded caller guarantee.
        let value = unsafe { text(value, "value", MAX_JSON) }?;
        writable(out_json, "out_json")?;
        let kind = number_kind(kind)?;
        let info = onshi::verify_number(kind, value).map_err(|e| refused(&e))?;
        let json = to_json(&info)?;
        // SAFETY: non-NULL and writable.
        unsafe { out_json.write(json) };
        Ok(())
    })
}

fn number_kind(kind: u32) -> Result<onshi::NumberKind, Failure> {
    Ok(match kind {
        1 => onshi::NumberKind::Insurer,
        2 => onshi::NumberKind::PublicPayer,
        3 => onshi::NumberKind::PublicRecipient,
        4 => onshi::NumberKind::Institution,
        5 => onshi::NumberKind::Branch,
        other => {
            return Err((
                OnshiStatus::InvalidArgument,
                format!("kind {other} is not an ONSHI_NUMBER_KIND_* value"),
            ));
        }
    })
}

/// Frees a string returned by this library (NULL is a no-op).
///
/// # Safety
/// `s` is NULL or came from this library and is not used again.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_string_free(s: *mut c_char) {
    if !s.is_null() {
        // SAFETY: created by CString::into_raw in this crate; freed once per the contract.
        drop(unsafe { CString::from_raw(s) });
    }
}

/// Copies the calling thread's last error message (UTF-8, NUL-terminated; English, naming the
/// field and the problem) into `buf`. Writes the length needed (without the NUL) to `out_len`;
/// ONSHI_STATUS_BUFFER_TOO_SMALL when it does not fit.
///
/// # Safety
/// `buf` is writable for `len` bytes (or NULL with `len` 0); `out_len` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_last_error_message(
    buf: *mut c_char,
    len: usize,
    out_len: *mut usize,
) -> OnshiStatus {
    let message = LAST_ERROR.with(|e| e.borrow().clone());
    // SAFETY: forwarded caller guarantees.
    unsafe { copy_out(&message, buf, len, out_len) }
}

/// Copies the kind of the calling thread's last error into `buf`: the stable slug the core gives
/// every error (`overlap`, `unknown_rule`, `personal_number`, `pin_blocked`, …; the same `kind` as
/// Python's and Kotlin's exceptions), or for a problem of the call itself the slug of its domain
/// (`missing_argument`, `not_utf8`, `too_large`, …). NUL-terminated; the length needed (without
/// the NUL) goes to `out_len`; ONSHI_STATUS_BUFFER_TOO_SMALL when it does not fit.
///
/// # Safety
/// `buf` is writable for `len` bytes (or NULL with `len` 0); `out_len` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_last_error_kind(
    buf: *mut c_char,
    len: usize,
    out_len: *mut usize,
) -> OnshiStatus {
    let kind = LAST_KIND.with(std::cell::Cell::get);
    // SAFETY: forwarded caller guarantees.
    unsafe { copy_out(kind, buf, len, out_len) }
}

/// Copies the field the calling thread's last error concerns into `buf`: an input's dotted path
/// (`presented.legacy_card.issued`), a file's element path, a rule id, a query's `month` or
/// `category`; empty when the error concerns no single field. As onshi_last_error_kind.
///
/// # Safety
/// `buf` is writable for `len` bytes (or NULL with `len` 0); `out_len` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_last_error_field(
    buf: *mut c_char,
    len: usize,
    out_len: *mut usize,
) -> OnshiStatus {
    let field = LAST_FIELD.with(|f| f.borrow().clone());
    // SAFETY: forwarded caller guarantees.
    unsafe { copy_out(&field, buf, len, out_len) }
}

/// Copies `text` NUL-terminated into `buf`, its length into `out_len`.
///
/// # Safety
/// `buf` is writable for `len` bytes (or NULL with `len` 0); `out_len` writable.
unsafe fn copy_out(text: &str, buf: *mut c_char, len: usize, out_len: *mut usize) -> OnshiStatus {
    guarded(OnshiStatus::Panic, || {
        if out_len.is_null() {
            return OnshiStatus::NullParameter;
        }
        // SAFETY: non-NULL and writable.
        unsafe { out_len.write(text.len()) };
        if buf.is_null() || len < text.len() + 1 {
            return OnshiStatus::BufferTooSmall;
        }
        // SAFETY: `buf` holds at least text.len() + 1 bytes.
        unsafe {
            std::ptr::copy_nonoverlapping(text.as_ptr(), buf.cast::<u8>(), text.len());
            buf.add(text.len()).write(0);
        }
        OnshiStatus::Ok
    })
}

/// A short label for a status (`status` as returned by any function) in `lang` (ONSHI_LANG_JA or
/// ONSHI_LANG_EN), for a staff-facing message next to the details of onshi_last_error_message.
/// A static string (do not free); an unknown status or language gives a generic label.
#[unsafe(no_mangle)]
pub extern "C" fn onshi_status_text(status: u32, lang: u32) -> *const c_char {
    // The core's words for each status, made once and kept for the life of the process.
    static LABELS: std::sync::OnceLock<Vec<(u32, CString, CString)>> = std::sync::OnceLock::new();
    let labels = LABELS.get_or_init(|| {
        OnshiStatus::ALL
            .iter()
            .map(|s| (*s as u32, s.words()))
            .chain([(
                u32::MAX,
                onshi::Vocabulary::words(onshi::ErrorDomain::Unknown),
            )])
            .filter_map(|(status, (ja, en))| {
                Some((status, CString::new(ja).ok()?, CString::new(en).ok()?))
            })
            .collect()
    });
    let label = labels
        .iter()
        .find(|(s, _, _)| *s == status)
        .or_else(|| labels.last());
    match (label, lang) {
        (Some((_, _, en)), 1) => en.as_ptr(),
        (Some((_, ja, _)), _) => ja.as_ptr(),
        (None, _) => c"?".as_ptr(),
    }
}

impl OnshiStatus {
    /// Every status, as declared (the header test checks the list against the header).
    pub(crate) const ALL: [OnshiStatus; 27] = [
        OnshiStatus::Ok,
        OnshiStatus::NullParameter,
        OnshiStatus::InvalidUtf8,
        OnshiStatus::TooLarge,
        OnshiStatus::InvalidArgument,
        OnshiStatus::InvalidInput,
        OnshiStatus::RuleError,
        OnshiStatus::VectorError,
        OnshiStatus::InvalidNumber,
        OnshiStatus::CertificateError,
        OnshiStatus::CardError,
        OnshiStatus::OqsError,
        OnshiStatus::NoCeilingTable,
        OnshiStatus::UnknownCategory,
        OnshiStatus::PersonalNumber,
        OnshiStatus::NoReader,
        OnshiStatus::NoCard,
        OnshiStatus::CardRemoved,
        OnshiStatus::ReaderError,
        OnshiStatus::NotMyNumberCard,
        OnshiStatus::PinRequired,
        OnshiStatus::PinBlocked,
        OnshiStatus::LastTryNotConfirmed,
        OnshiStatus::VerifyOutcomeUnknown,
        OnshiStatus::InvalidPinFormat,
        OnshiStatus::BufferTooSmall,
        OnshiStatus::Panic,
    ];

    /// The core's words for this status: its error domain's label, or a card error's summary.
    fn words(self) -> (&'static str, &'static str) {
        use onshi::{CardError, ErrorDomain as D, Vocabulary};
        let domain = match self {
            OnshiStatus::Ok => D::Ok,
            OnshiStatus::NullParameter => D::MissingArgument,
            OnshiStatus::InvalidUtf8 => D::NotUtf8,
            OnshiStatus::TooLarge => D::TooLarge,
            OnshiStatus::InvalidArgument => D::UndefinedValue,
            OnshiStatus::InvalidInput => D::Input,
            OnshiStatus::RuleError => D::Rules,
            OnshiStatus::VectorError => D::Vectors,
            OnshiStatus::InvalidNumber => D::Number,
            OnshiStatus::CertificateError => D::Certificate,
            OnshiStatus::OqsError => D::Oqs,
            OnshiStatus::NoCeilingTable => D::NoCeilingTable,
            OnshiStatus::UnknownCategory => D::UnknownCategory,
            OnshiStatus::PersonalNumber => D::PersonalNumber,
            OnshiStatus::BufferTooSmall => D::BufferTooSmall,
            OnshiStatus::Panic => D::Internal,
            OnshiStatus::CardError => return CardError::summary_of("unexpected_status"),
            OnshiStatus::NoReader => return CardError::summary_of("no_reader"),
            OnshiStatus::NoCard => return CardError::summary_of("no_card"),
            OnshiStatus::CardRemoved => return CardError::summary_of("card_removed"),
            OnshiStatus::ReaderError => return CardError::summary_of("transport"),
            OnshiStatus::NotMyNumberCard => return CardError::summary_of("not_my_number_card"),
            OnshiStatus::PinRequired => return CardError::summary_of("pin_required"),
            OnshiStatus::PinBlocked => return CardError::summary_of("pin_blocked"),
            OnshiStatus::LastTryNotConfirmed => {
                return CardError::summary_of("last_try_not_confirmed");
            }
            OnshiStatus::VerifyOutcomeUnknown => {
                return CardError::summary_of("verify_outcome_unknown");
            }
            OnshiStatus::InvalidPinFormat => return CardError::summary_of("invalid_pin_format"),
        };
        domain.words()
    }
}

/// Every vocabulary of the core as JSON: `{"Route": ["myna_online", …], "Alert": […], …}`, the
/// slugs in declaration order — what a C program compares its own tables with (free with
/// onshi_string_free).
///
/// # Safety
/// `out_json` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_vocabularies_json(out_json: *mut *mut c_char) -> OnshiStatus {
    boundary(|| {
        writable(out_json, "out_json")?;
        let all: serde_json::Map<String, serde_json::Value> = onshi::VOCABULARIES
            .iter()
            .chain(onshi_oqs::VOCABULARIES)
            .map(|(name, slugs)| ((*name).to_owned(), serde_json::json!(slugs)))
            .collect();
        let json = to_json(&all)?;
        // SAFETY: non-NULL and writable (checked above).
        unsafe { out_json.write(json) };
        Ok(())
    })
}

/// The library version, a static NUL-terminated string (do not free).
#[unsafe(no_mangle)]
pub extern "C" fn onshi_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}

/// Panics inside the boundary on purpose, so a binding's own tests can show that no panic crosses
/// it: always returns ONSHI_STATUS_PANIC, with a last error message, and the library stays usable.
#[allow(
    clippy::panic,
    reason = "the panic is the point: the tests show it never crosses the boundary"
)]
#[unsafe(no_mangle)]
pub extern "C" fn onshi_test_panic() -> OnshiStatus {
    boundary(|| panic!("onshi_test_panic: a panic forced by the caller"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_a_status_and_a_message() {
        assert_eq!(onshi_test_panic(), OnshiStatus::Panic);
        let message = LAST_ERROR.with(|e| e.borrow().clone());
        assert!(message.contains("panic"), "{message}");
    }

    #[test]
    fn every_status_has_a_label_in_both_languages() {
        let all = [
            0, 1, 2, 3, 4, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113,
            114, 115, 116, 117, 118, 119, 200, 900,
        ];
        // SAFETY: onshi_status_text returns a static NUL-terminated string.
        let unknown = unsafe { CStr::from_ptr(onshi_status_text(7777, 1)) };
        for s in all {
            for l in [0, 1] {
                // SAFETY: as above.
                let label = unsafe { CStr::from_ptr(onshi_status_text(s, l)) };
                assert_ne!(label, unknown, "status {s} has no label");
            }
        }
    }
}

#[cfg(test)]
mod status_tests {
    use super::*;

    #[test]
    fn every_status_has_the_cores_words_in_both_languages() {
        for status in OnshiStatus::ALL.iter().map(|s| *s as u32).chain([12345]) {
            for lang in [0, 1] {
                // SAFETY: onshi_status_text returns a static NUL-terminated string.
                let text = unsafe { CStr::from_ptr(onshi_status_text(status, lang)) };
                assert!(!text.to_bytes().is_empty(), "status {status}");
            }
        }
        // SAFETY: as above.
        let blocked = unsafe { CStr::from_ptr(onshi_status_text(116, 0)) };
        assert_eq!(
            blocked.to_str().unwrap(),
            onshi::CardError::summary_of("pin_blocked").0
        );
    }
}
