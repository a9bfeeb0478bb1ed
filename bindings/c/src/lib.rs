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

use onshi_c_derive::{CEnum, StatusTable};
pub(crate) use out::Out;

mod card;
mod certificate;
mod decision;
mod facility;
mod out;
mod own;
mod records;
mod reference;
mod registration;
mod script;
mod vocabularies;

pub use card::*;
pub use certificate::*;
pub use decision::*;
pub use facility::*;
pub use records::*;
pub use reference::*;
pub use registration::*;
pub use vocabularies::*;

/// The result of every fallible call. Numbers are stable; unknown values must be treated as errors.
/// onshi_status_text gives a short ja/en label; onshi_last_error_message the details.
// The one table of statuses: each value's number, and in `#[status(…)]` the core errors it stands
// for, its kind and its words (onshi-c-derive's StatusTable gives `of_error`, `kind`, `words`).
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, CEnum, StatusTable)]
pub enum OnshiStatus {
    /// Success.
    #[status(own = own::OK)]
    Ok = 0,
    /// A required pointer was NULL.
    #[status(own = own::MISSING_ARGUMENT)]
    NullParameter = 1,
    /// A string was not valid UTF-8.
    #[status(own = own::NOT_UTF8)]
    InvalidUtf8 = 2,
    /// An input is larger than this function accepts (the message gives the limit).
    #[status(own = own::TOO_LARGE)]
    TooLarge = 3,
    /// An enum argument has a value this library does not define.
    #[status(own = own::UNDEFINED_VALUE)]
    InvalidArgument = 4,
    /// The input could not be decided on (see onshi_last_error_message).
    #[status(domain = Input)]
    InvalidInput = 100,
    /// A rule table was refused.
    #[status(domain = Rules)]
    RuleError = 101,
    /// A vector file was refused.
    #[status(own = own::VECTORS)]
    VectorError = 102,
    /// A number failed its rules (the message names the rule).
    #[status(domain = Number)]
    InvalidNumber = 103,
    /// A certificate or trust anchor was refused (the message says why).
    #[status(domain = Certificate)]
    CertificateError = 104,
    /// The card answered something the JPKI protocol does not expect (file missing, unexpected
    /// status word, malformed response).
    #[status(domain = Card, card = UnexpectedStatus)]
    CardError = 105,
    /// An オンライン資格確認 file was refused (encoding, XML, missing or bad elements).
    #[status(domain = Oqs)]
    OqsError = 106,
    /// No 高額療養費 table covers the month: update onshi or add the row in an overlay.
    #[status(domain = NoCeilingTable)]
    NoCeilingTable = 107,
    /// The month's 高額療養費 table does not know this 区分.
    #[status(domain = UnknownCategory)]
    UnknownCategory = 108,
    /// An input holds what looks like a 12-digit 個人番号 (My Number), in whatever field, visit or
    /// file: reception must neither hold nor send it. The message names the field, never the value.
    #[status(kind = PersonalNumber)]
    PersonalNumber = 109,
    /// The transport reported that no card reader is connected.
    #[status(card = NoReader)]
    NoReader = 110,
    /// The transport reported that the reader has no card: place the card.
    #[status(card = NoCard)]
    NoCard = 111,
    /// The card was removed (or the NFC link lost) during the exchange: place it again and retry.
    #[status(card = CardRemoved)]
    CardRemoved = 112,
    /// The reader or link failed in another way (the message says how).
    #[status(card = Transport)]
    ReaderError = 113,
    /// The card has no JPKI application: not a My Number Card.
    #[status(card = NotMyNumberCard)]
    NotMyNumberCard = 114,
    /// This token needs the PIN before the certificate can be read (Android スマホ用電子証明書).
    #[status(card = PinRequired)]
    PinRequired = 115,
    /// The PIN is blocked; nothing was sent. Confirm identity by face or visually.
    #[status(card = PinBlocked)]
    PinBlocked = 116,
    /// One PIN try is left and the caller did not confirm it; nothing was sent.
    #[status(card = LastTryNotConfirmed)]
    LastTryNotConfirmed = 117,
    /// The link failed during PIN verification: the try may have been spent. Query the counter; do
    /// not resend the PIN automatically.
    #[status(card = VerifyOutcomeUnknown)]
    VerifyOutcomeUnknown = 118,
    /// The PIN is not exactly 4 digits (the PIN is never repeated in any message).
    #[status(card = InvalidPinFormat)]
    InvalidPinFormat = 119,
    /// The caller's buffer is too small; the needed size was written.
    #[status(own = own::BUFFER_TOO_SMALL)]
    BufferTooSmall = 200,
    /// An internal error (a Rust panic) was caught at the boundary.
    #[status(domain = Internal)]
    Panic = 900,
}

/// A validated rule table (opaque). Immutable: may be shared between threads.
pub struct OnshiRules {
    rules: onshi::RuleSet,
}

/// An error crossing the boundary: its status, the kind and field onshi_last_error_kind and
/// onshi_last_error_field give, and the message for onshi_last_error_message.
#[derive(Debug)]
pub(crate) struct Failure {
    status: OnshiStatus,
    kind: &'static str,
    field: String,
    message: String,
}

impl Failure {
    /// A failure the binding found itself (a NULL pointer, bad UTF-8, …): the kind is its status's
    /// and it concerns no field of an input.
    pub(crate) fn new(status: OnshiStatus, message: impl Into<String>) -> Failure {
        Failure {
            status,
            kind: status.kind(),
            field: String::new(),
            message: message.into(),
        }
    }

    /// A required pointer that was NULL: ONSHI_STATUS_NULL_PARAMETER naming it.
    pub(crate) fn null(name: &str) -> Failure {
        Failure::new(OnshiStatus::NullParameter, format!("{name} is NULL"))
    }

    /// The same failure told with another message (for a PIN, which no message may repeat).
    pub(crate) fn with_message(self, message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            ..self
        }
    }
}

/// A number a caller passed for a C enum that defines no value with it (the decoders'
/// error, from `#[derive(CEnum)]`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Undefined {
    /// The enum's constant prefix (`ONSHI_NUMBER_KIND`).
    pub constants: &'static str,
    /// The number passed.
    pub value: u32,
}

/// The value of the C enum `E` a caller passed as the number `value` for `argument`: every enum
/// argument and enum field comes in through here. An undefined number is
/// ONSHI_STATUS_INVALID_ARGUMENT, naming the argument and the constants it should be one of.
pub(crate) fn argument<E: TryFrom<u32, Error = Undefined>>(
    value: u32,
    argument: &str,
) -> Result<E, Failure> {
    E::try_from(value).map_err(|u| {
        Failure::new(
            OnshiStatus::InvalidArgument,
            format!("{argument} {} is not an {}_* value", u.value, u.constants),
        )
    })
}

/// Largest JSON document (visit) accepted.
pub(crate) const MAX_JSON: usize = 1 << 20;
/// Largest rule table accepted.
const MAX_RULES: usize = 16 << 20;
/// Largest オンライン資格確認 result file accepted (the reader's own limit).
pub(crate) const MAX_OQS_FILE: usize = 16 << 20;

thread_local! {
    static LAST_ERROR: RefCell<String> = const { RefCell::new(String::new()) };
    /// The last error's kind slug (the core's `kind()`), for onshi_last_error_kind.
    static LAST_KIND: std::cell::Cell<&'static str> = const { std::cell::Cell::new("") };
    /// The field the last error concerns, for onshi_last_error_field ("" when none).
    static LAST_FIELD: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Keeps this call's error message, [`onshi::screen::redact`]ed: the one door every C error text passes.
pub(crate) fn set_error(message: impl Into<String>) {
    let message = onshi::screen::redact(&message.into()).into_owned();
    LAST_ERROR.with(|e| *e.borrow_mut() = message);
}

/// A core error as a failure: its status from the status table ([`OnshiStatus::of_error`]: a
/// 12-digit 個人番号 is ONSHI_STATUS_PERSONAL_NUMBER whichever function met it, a card error the
/// status of its kind, any other error the status of its domain), and its own kind, field and
/// message. Every core error crosses the boundary through here.
pub(crate) fn refused<E: onshi::DescribedError>(e: E) -> Failure {
    Failure {
        status: OnshiStatus::of_error(e.domain(), e.kind()),
        kind: onshi::Vocabulary::slug(e.kind()),
        field: e.field().unwrap_or_default().to_owned(),
        message: e.to_string(),
    }
}

/// Runs `f`, turning an error into its status, kind, field and message and a panic into
/// `OnshiStatus::Panic`.
pub(crate) fn boundary(f: impl FnOnce() -> Result<(), Failure>) -> OnshiStatus {
    let failure = match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(())) => return OnshiStatus::Ok,
        Ok(Err(failure)) => failure,
        Err(_) => Failure::new(
            OnshiStatus::Panic,
            "internal error: a panic was caught at the C boundary",
        ),
    };
    set_error(failure.message);
    LAST_KIND.with(|k| k.set(failure.kind));
    LAST_FIELD.with(|f| *f.borrow_mut() = failure.field);
    failure.status
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
        return Err(Failure::null(name));
    }
    // SAFETY: the caller passes a NUL-terminated string (checked non-NULL above).
    let bytes = unsafe { CStr::from_ptr(p) }.to_bytes();
    if bytes.len() > limit {
        return Err(Failure::new(
            OnshiStatus::TooLarge,
            format!(
                "{name} is {} bytes; at most {limit} are accepted",
                bytes.len()
            ),
        ));
    }
    std::str::from_utf8(bytes).map_err(|e| {
        Failure::new(
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
        return Err(Failure::null(name));
    }
    if len > limit {
        return Err(Failure::new(
            OnshiStatus::TooLarge,
            format!("{name} is {len} bytes; at most {limit} are accepted"),
        ));
    }
    // SAFETY: the caller guarantees `len` readable bytes at `p`.
    Ok(unsafe { std::slice::from_raw_parts(p, len) })
}

/// The object behind a handle, or a NULL-parameter failure.
///
/// # Safety
/// `p` is NULL or a live handle from this library.
pub(crate) unsafe fn handle<'a, T>(p: *const T, name: &str) -> Result<&'a T, Failure> {
    // SAFETY: forwarded caller guarantee.
    unsafe { p.as_ref() }.ok_or_else(|| Failure::null(name))
}

pub(crate) fn c_string(s: impl Into<Vec<u8>>) -> Result<CString, Failure> {
    // Every output text comes from the caller's input or the library's own words: a NUL in it
    // came in as an escaped \u0000, which a C string cannot carry.
    CString::new(s).map_err(|_| {
        Failure::new(
            OnshiStatus::InvalidInput,
            "the input holds a NUL character (\\u0000), which a C string cannot carry: remove it",
        )
    })
}

pub(crate) fn to_json(value: &impl serde::Serialize) -> Result<*mut c_char, Failure> {
    let s = serde_json::to_string(value)
        .map_err(|e| Failure::new(OnshiStatus::Panic, e.to_string()))?;
    Ok(c_string(s)?.into_raw())
}

/// The built-in rule table. Free with onshi_rules_free.
///
/// # Safety
/// `out` must be a valid pointer to write to.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_rules_builtin(out: *mut *mut OnshiRules) -> OnshiStatus {
    boundary(|| {
        // SAFETY: forwarded caller guarantee.
        let out = unsafe { Out::new(out, "out") }?;
        let rules = onshi::RuleSet::builtin();
        out.put(Box::into_raw(Box::new(OnshiRules { rules })))
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
        // SAFETY: forwarded caller guarantees.
        let (json, out) = unsafe { (text(json, "json", MAX_RULES)?, Out::new(out, "out")?) };
        let rules = onshi::RuleSet::from_json(json).map_err(refused)?;
        out.put(Box::into_raw(Box::new(OnshiRules { rules })))
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
        // SAFETY: forwarded caller guarantees.
        let (value, out) = unsafe {
            let value = text(value, "value", MAX_JSON)?;
            (value, Out::new(out_json, "out_json")?)
        };
        let kind = argument::<OnshiNumberKind>(kind, "kind")?.into();
        out.json(&onshi::numbers::verify_number(kind, value).map_err(refused)?)
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
            .map(|s| (u32::from(*s), s.words()))
            .chain([(u32::MAX, (own::UNKNOWN.1, own::UNKNOWN.2))])
            .filter_map(|(status, (ja, en))| {
                Some((status, CString::new(ja).ok()?, CString::new(en).ok()?))
            })
            .collect()
    });
    let label = labels
        .iter()
        .find(|(s, _, _)| *s == status)
        .or_else(|| labels.last());
    let english = OnshiLang::try_from(lang) == Ok(OnshiLang::En);
    match label {
        Some((_, _, en)) if english => en.as_ptr(),
        Some((_, ja, _)) => ja.as_ptr(),
        None => c"?".as_ptr(),
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
        // SAFETY: forwarded caller guarantee.
        let out = unsafe { Out::new(out_json, "out_json") }?;
        out.json(&onshi::vocabulary::slugs_by_name(onshi_oqs::VOCABULARIES))
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
            onshi::Vocabulary::words_in(onshi::error::ErrorKind::PinBlocked, onshi::Lang::Ja)
        );
    }

    #[test]
    fn no_error_of_any_domain_or_kind_is_reported_as_success() {
        use onshi::Vocabulary;
        use onshi::error::ErrorKind;
        for domain in onshi::error::ErrorDomain::ALL {
            for kind in ErrorKind::ALL.iter().copied() {
                let status = OnshiStatus::of_error(*domain, kind);
                assert_ne!(status, OnshiStatus::Ok, "{domain:?} {kind}");
                if kind == ErrorKind::PersonalNumber {
                    assert_eq!(status, OnshiStatus::PersonalNumber, "{domain:?}");
                }
            }
        }
    }

    #[test]
    fn every_card_error_keeps_its_status() {
        use onshi::card::{CardError as C, StatusWord, TransportError as T};
        let io = || T::Io {
            message: "gone".to_owned(),
        };
        let cases = [
            (C::Transport(T::NoReader), OnshiStatus::NoReader),
            (C::Transport(T::NoCard), OnshiStatus::NoCard),
            (C::Transport(T::CardRemoved), OnshiStatus::CardRemoved),
            (C::Transport(io()), OnshiStatus::ReaderError),
            (
                C::NotMyNumberCard {
                    sw: StatusWord(0x6A82),
                },
                OnshiStatus::NotMyNumberCard,
            ),
            (C::PinRequired, OnshiStatus::PinRequired),
            (C::PinBlocked, OnshiStatus::PinBlocked),
            (C::LastTryNotConfirmed, OnshiStatus::LastTryNotConfirmed),
            (
                C::VerifyOutcomeUnknown { transport: io() },
                OnshiStatus::VerifyOutcomeUnknown,
            ),
            (C::InvalidPinFormat, OnshiStatus::InvalidPinFormat),
            (
                C::FileNotFound {
                    file: "0006".to_owned(),
                    sw: StatusWord(0x6A82),
                },
                OnshiStatus::CardError,
            ),
            (
                C::UnexpectedStatus {
                    command: "SELECT",
                    sw: StatusWord(0x6F00),
                },
                OnshiStatus::CardError,
            ),
            (
                C::Malformed {
                    problem: "short".to_owned(),
                },
                OnshiStatus::CardError,
            ),
        ];
        for (error, status) in cases {
            let kind = onshi::Vocabulary::slug(error.kind());
            let failure = refused(error);
            assert_eq!(failure.status, status, "{kind}");
            assert_eq!(failure.kind, kind);
        }
    }

    #[test]
    fn a_failure_the_binding_finds_carries_the_kind_of_its_domain() {
        let cases = [
            (OnshiStatus::NullParameter, "missing_argument"),
            (OnshiStatus::InvalidUtf8, "not_utf8"),
            (OnshiStatus::TooLarge, "too_large"),
            (OnshiStatus::InvalidArgument, "undefined_value"),
            (OnshiStatus::InvalidInput, "input"),
            (OnshiStatus::Panic, "internal"),
        ];
        for (status, kind) in cases {
            let failure = Failure::new(status, "m");
            assert_eq!((failure.kind, failure.field.as_str()), (kind, ""));
        }
        let undefined = argument::<OnshiNumberKind>(9, "kind").unwrap_err();
        assert_eq!(undefined.status, OnshiStatus::InvalidArgument);
        assert_eq!(
            undefined.message,
            "kind 9 is not an ONSHI_NUMBER_KIND_* value"
        );
    }

    #[test]
    fn a_core_error_carries_its_kind_and_field_across_the_boundary() {
        let status = boundary(|| {
            onshi::Visit::from_json(r#"{"at": "soon"}"#).map_err(refused)?;
            Ok(())
        });
        assert_eq!(status, OnshiStatus::InvalidInput);
        assert_eq!(LAST_FIELD.with(|f| f.borrow().clone()), "at");
        assert_eq!(LAST_KIND.with(std::cell::Cell::get), "invalid");
        // The next failure replaces both, a call's own failure with no field.
        // SAFETY: a NULL json is refused before it is read.
        let status = unsafe { onshi_rules_from_json(std::ptr::null(), std::ptr::null_mut()) };
        assert_eq!(status, OnshiStatus::NullParameter);
        assert_eq!(LAST_FIELD.with(|f| f.borrow().clone()), "");
        assert_eq!(LAST_KIND.with(std::cell::Cell::get), "missing_argument");
    }

    #[test]
    fn every_value_a_c_enum_passes_in_comes_back_as_the_core_value() {
        use onshi::Vocabulary;
        fn round_trip<C, K>()
        where
            K: Vocabulary + PartialEq + std::fmt::Debug + From<C>,
            C: From<K> + Copy + TryFrom<u32, Error = Undefined>,
            u32: From<C>,
        {
            for value in K::ALL {
                let c = C::from(*value);
                let decoded = C::try_from(u32::from(c)).ok().map(K::from);
                assert_eq!(decoded, Some(*value));
            }
        }
        round_trip::<OnshiLang, onshi::Lang>();
        round_trip::<OnshiNumberKind, onshi::numbers::NumberKind>();
        round_trip::<OnshiRevocation, onshi::certificate::Revocation>();
        round_trip::<OnshiRegistrationChannel, onshi::registration::RegistrationChannel>();
        round_trip::<OnshiCardKind, onshi::reception::CardKind>();
        round_trip::<OnshiQueriedDocument, onshi_oqs::QueriedDocument>();
    }
}
