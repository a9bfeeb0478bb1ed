//! C ABI for onshi. Thin: every function converts its inputs, calls the core, converts the result.
//! Conventions are in the generated header `include/onshi.h`.
#![deny(missing_docs)]

use std::cell::RefCell;
use std::ffi::{CStr, CString, c_char};
use std::panic::{AssertUnwindSafe, catch_unwind};

mod card;
mod certificate;
mod decision;
mod reference;

pub use card::*;
pub use certificate::*;
pub use decision::*;
pub use reference::*;

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
}

pub(crate) fn set_error(message: impl Into<String>) {
    LAST_ERROR.with(|e| *e.borrow_mut() = message.into());
}

/// An error of the core as a status: `status`, except that a 12-digit 個人番号 is
/// ONSHI_STATUS_PERSONAL_NUMBER whichever function met it (the core's `personal_number` kind).
pub(crate) fn failure(status: OnshiStatus, kind: &str, message: impl ToString) -> Failure {
    let status = if kind == "personal_number" {
        OnshiStatus::PersonalNumber
    } else {
        status
    };
    (status, message.to_string())
}

/// Runs `f`, turning an error into its status and message and a panic into `OnshiStatus::Panic`.
pub(crate) fn boundary(f: impl FnOnce() -> Result<(), Failure>) -> OnshiStatus {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(())) => OnshiStatus::Ok,
        Ok(Err((status, message))) => {
            set_error(message);
            status
        }
        Err(_) => {
            set_error("internal error: a panic was caught at the C boundary");
            OnshiStatus::Panic
        }
    }
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
        let rules =
            onshi::RuleSet::from_json(json).map_err(|e| (OnshiStatus::RuleError, e.to_string()))?;
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
        let report = onshi_oqs::run_any_vectors(&rules.rules, json)
            .map_err(|e| (OnshiStatus::VectorError, e.to_string()))?;
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
        let info = onshi::verify_number(kind, value)
            .map_err(|e| failure(OnshiStatus::InvalidNumber, e.kind(), &e))?;
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
    guarded(OnshiStatus::Panic, || {
        if out_len.is_null() {
            return OnshiStatus::NullParameter;
        }
        let message = LAST_ERROR.with(|e| e.borrow().clone());
        // SAFETY: non-NULL and writable.
        unsafe { out_len.write(message.len()) };
        if buf.is_null() || len < message.len() + 1 {
            return OnshiStatus::BufferTooSmall;
        }
        // SAFETY: `buf` holds at least message.len() + 1 bytes.
        unsafe {
            std::ptr::copy_nonoverlapping(message.as_ptr(), buf.cast::<u8>(), message.len());
            buf.add(message.len()).write(0);
        }
        OnshiStatus::Ok
    })
}

/// A short label for a status (`status` as returned by any function) in `lang` (ONSHI_LANG_JA or
/// ONSHI_LANG_EN), for a staff-facing message next to the details of onshi_last_error_message.
/// A static string (do not free); an unknown status or language gives a generic label.
#[unsafe(no_mangle)]
pub extern "C" fn onshi_status_text(status: u32, lang: u32) -> *const c_char {
    if let Some(label) = card_status_text(status, lang) {
        return label;
    }
    let (ja, en): (&'static CStr, &'static CStr) = match status {
        0 => (c"成功", c"success"),
        1 => (c"必要な引数がNULLです", c"a required parameter is NULL"),
        2 => (c"文字列がUTF-8ではありません", c"a string is not UTF-8"),
        3 => (c"入力が大きすぎます", c"an input is too large"),
        4 => (c"引数の値が不正です", c"an argument has an undefined value"),
        100 => (
            c"入力内容を判定できません",
            c"the input cannot be decided on",
        ),
        101 => (c"ルール表を読み込めません", c"the rule table was refused"),
        102 => (
            c"テストベクタを読み込めません",
            c"the vector file was refused",
        ),
        103 => (c"番号が規則に合いません", c"the number fails its rules"),
        104 => (
            c"電子証明書を確認できません",
            c"the certificate was refused",
        ),
        106 => (
            c"オンライン資格確認のファイルを読めません",
            c"the online qualification file was refused",
        ),
        107 => (
            c"その月の高額療養費の限度額表がありません",
            c"no 高額療養費 table covers the month",
        ),
        108 => (c"限度額の区分が不明です", c"unknown 高額療養費 category"),
        109 => (
            c"個人番号（マイナンバー）と思われる12桁の番号は受け付けません",
            c"a 12-digit 個人番号 (My Number) is refused",
        ),
        200 => (c"バッファが小さすぎます", c"the buffer is too small"),
        900 => (c"内部エラーです", c"internal error"),
        _ => (c"不明なエラーです", c"unknown status"),
    };
    match lang {
        1 => en.as_ptr(),
        _ => ja.as_ptr(),
    }
}

/// The card statuses' labels, from the core's words for each card error kind (made once, kept for
/// the life of the process).
fn card_status_text(status: u32, lang: u32) -> Option<*const c_char> {
    const KINDS: [(u32, &str); 11] = [
        (105, "unexpected_status"),
        (110, "no_reader"),
        (111, "no_card"),
        (112, "card_removed"),
        (113, "transport"),
        (114, "not_my_number_card"),
        (115, "pin_required"),
        (116, "pin_blocked"),
        (117, "last_try_not_confirmed"),
        (118, "verify_outcome_unknown"),
        (119, "invalid_pin_format"),
    ];
    static LABELS: std::sync::OnceLock<Vec<(u32, CString, CString)>> = std::sync::OnceLock::new();
    let labels = LABELS.get_or_init(|| {
        KINDS
            .iter()
            .filter_map(|&(status, kind)| {
                let (ja, en) = onshi::CardError::summary_of(kind);
                Some((status, CString::new(ja).ok()?, CString::new(en).ok()?))
            })
            .collect()
    });
    let (_, ja, en) = labels.iter().find(|(s, _, _)| *s == status)?;
    Some(if lang == 1 { en.as_ptr() } else { ja.as_ptr() })
}

/// The library version, a static NUL-terminated string (do not free).
#[unsafe(no_mangle)]
pub extern "C" fn onshi_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}

/// Panics inside the boundary on purpose, so a binding's own tests can show that no panic crosses
/// it: always returns ONSHI_STATUS_PANIC, with a last error message, and the library stays usable.
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
            0, 1, 2, 3, 4, 100, 101, 102, 103, 104, 105, 106, 107, 108, 110, 111, 112, 113, 114,
            115, 116, 117, 118, 119, 200, 900,
        ];
        let unknown = unsafe { CStr::from_ptr(onshi_status_text(7777, 1)) };
        for s in all {
            for l in [0, 1] {
                let label = unsafe { CStr::from_ptr(onshi_status_text(s, l)) };
                assert_ne!(label, unknown, "status {s} has no label");
            }
        }
    }
}
