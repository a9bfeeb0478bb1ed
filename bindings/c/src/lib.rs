//! C ABI for onshi. Thin: every function converts its inputs, calls the core, converts the result.
//! Conventions are in the generated header `include/onshi.h`.
#![deny(missing_docs)]

use std::cell::RefCell;
use std::ffi::{CStr, CString, c_char};
use std::panic::{AssertUnwindSafe, catch_unwind};

/// The result of every fallible call. Numbers are stable; unknown values must be treated as errors.
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnshiStatus {
    /// Success.
    Ok = 0,
    /// A required pointer was NULL.
    NullParameter = 1,
    /// A string was not valid UTF-8.
    InvalidUtf8 = 2,
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
    /// The caller's buffer is too small; the needed size was written.
    BufferTooSmall = 200,
    /// An internal error (a Rust panic) was caught at the boundary.
    Panic = 900,
}

/// Which number onshi_verify_number checks.
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

/// A validated rule table (opaque).
pub struct OnshiRules {
    rules: onshi::RuleSet,
}

thread_local! {
    static LAST_ERROR: RefCell<String> = const { RefCell::new(String::new()) };
}

fn set_error(message: impl Into<String>) {
    LAST_ERROR.with(|e| *e.borrow_mut() = message.into());
}

/// Runs `f`, turning a panic into `OnshiStatus::Panic`.
fn boundary(f: impl FnOnce() -> Result<(), (OnshiStatus, String)>) -> OnshiStatus {
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

/// # Safety
/// `p` is NULL or a NUL-terminated string valid for reads.
unsafe fn text<'a>(p: *const c_char, name: &str) -> Result<&'a str, (OnshiStatus, String)> {
    if p.is_null() {
        return Err((OnshiStatus::NullParameter, format!("{name} is NULL")));
    }
    // SAFETY: the caller passes a NUL-terminated string (checked non-NULL above).
    unsafe { CStr::from_ptr(p) }
        .to_str()
        .map_err(|_| (OnshiStatus::InvalidUtf8, format!("{name} is not UTF-8")))
}

fn out_string(s: String) -> Result<*mut c_char, (OnshiStatus, String)> {
    CString::new(s)
        .map(CString::into_raw)
        .map_err(|_| (OnshiStatus::Panic, "output held a NUL byte".to_owned()))
}

/// The built-in rule table. Free with onshi_rules_free.
///
/// # Safety
/// `out` must be a valid pointer to write to.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_rules_builtin(out: *mut *mut OnshiRules) -> OnshiStatus {
    boundary(|| {
        if out.is_null() {
            return Err((OnshiStatus::NullParameter, "out is NULL".to_owned()));
        }
        let rules = Box::new(OnshiRules {
            rules: onshi::RuleSet::builtin(),
        });
        // SAFETY: `out` is non-NULL and the caller guarantees it is writable.
        unsafe { *out = Box::into_raw(rules) };
        Ok(())
    })
}

/// A rule table from JSON (complete, or an overlay with "extends": "builtin"). Free with
/// onshi_rules_free.
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
        let json = unsafe { text(json, "json") }?;
        if out.is_null() {
            return Err((OnshiStatus::NullParameter, "out is NULL".to_owned()));
        }
        let rules =
            onshi::RuleSet::from_json(json).map_err(|e| (OnshiStatus::RuleError, e.to_string()))?;
        // SAFETY: `out` is non-NULL and writable.
        unsafe { *out = Box::into_raw(Box::new(OnshiRules { rules })) };
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

/// Decides a visit given as JSON; writes the decision as JSON to `*out_json` (free with
/// onshi_string_free).
///
/// # Safety
/// `rules` from this library; `visit_json` NUL-terminated; `out_json` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_decide_json(
    rules: *const OnshiRules,
    visit_json: *const c_char,
    out_json: *mut *mut c_char,
) -> OnshiStatus {
    boundary(|| {
        // SAFETY: NULL checked; the caller passes a pointer from this library.
        let rules = unsafe { rules.as_ref() }
            .ok_or((OnshiStatus::NullParameter, "rules is NULL".to_owned()))?;
        // SAFETY: forwarded caller guarantee.
        let json = unsafe { text(visit_json, "visit_json") }?;
        if out_json.is_null() {
            return Err((OnshiStatus::NullParameter, "out_json is NULL".to_owned()));
        }
        let visit = onshi::Visit::from_json(json)
            .map_err(|e| (OnshiStatus::InvalidInput, e.to_string()))?;
        let decision = onshi::decide(&rules.rules, &visit)
            .map_err(|e| (OnshiStatus::InvalidInput, e.to_string()))?;
        let s =
            serde_json::to_string(&decision).map_err(|e| (OnshiStatus::Panic, e.to_string()))?;
        // SAFETY: `out_json` is non-NULL and writable.
        unsafe { *out_json = out_string(s)? };
        Ok(())
    })
}

/// Runs a conformance-vector file (any suite, oqs included); writes the counts.
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
        // SAFETY: NULL checked; from this library.
        let rules = unsafe { rules.as_ref() }
            .ok_or((OnshiStatus::NullParameter, "rules is NULL".to_owned()))?;
        // SAFETY: forwarded caller guarantee.
        let json = unsafe { text(file_json, "file_json") }?;
        if passed.is_null() || failed.is_null() {
            return Err((
                OnshiStatus::NullParameter,
                "passed or failed is NULL".to_owned(),
            ));
        }
        let report = onshi_oqs::run_any_vectors(&rules.rules, json)
            .map_err(|e| (OnshiStatus::VectorError, e.to_string()))?;
        let failures: Vec<String> = report
            .cases
            .iter()
            .filter(|c| !c.passed())
            .map(|c| format!("{}: {}", c.id, c.problems.join("; ")))
            .collect();
        // SAFETY: both non-NULL and writable.
        unsafe {
            *passed = report.passed();
            *failed = report.failed();
        }
        if !failures.is_empty() {
            set_error(failures.join("\n"));
        }
        Ok(())
    })
}

/// Checks an insurance number; on success writes its details as JSON (normalized, law, prefecture).
/// A number that fails is ONSHI_STATUS_INVALID_NUMBER, with the rule in the last error message.
///
/// # Safety
/// `value` NUL-terminated; `out_json` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_verify_number(
    kind: OnshiNumberKind,
    value: *const c_char,
    out_json: *mut *mut c_char,
) -> OnshiStatus {
    boundary(|| {
        // SAFETY: forwarded caller guarantee.
        let value = unsafe { text(value, "value") }?;
        if out_json.is_null() {
            return Err((OnshiStatus::NullParameter, "out_json is NULL".to_owned()));
        }
        let kind = match kind {
            OnshiNumberKind::Insurer => onshi::NumberKind::Insurer,
            OnshiNumberKind::PublicPayer => onshi::NumberKind::PublicPayer,
            OnshiNumberKind::PublicRecipient => onshi::NumberKind::PublicRecipient,
            OnshiNumberKind::Institution => onshi::NumberKind::Institution,
            OnshiNumberKind::Branch => onshi::NumberKind::Branch,
        };
        let info = onshi::verify_number(kind, value)
            .map_err(|e| (OnshiStatus::InvalidNumber, e.to_string()))?;
        let s = serde_json::to_string(&info).map_err(|e| (OnshiStatus::Panic, e.to_string()))?;
        // SAFETY: non-NULL and writable.
        unsafe { *out_json = out_string(s)? };
        Ok(())
    })
}

/// # Safety
/// `p` is NULL (with `len` 0) or readable for `len` bytes.
unsafe fn bytes<'a>(
    p: *const u8,
    len: usize,
    name: &str,
) -> Result<&'a [u8], (OnshiStatus, String)> {
    if p.is_null() {
        return Err((OnshiStatus::NullParameter, format!("{name} is NULL")));
    }
    // SAFETY: the caller guarantees `len` readable bytes at `p`.
    Ok(unsafe { std::slice::from_raw_parts(p, len) })
}

/// Checks a card's user-authentication certificate (DER or PEM) against trust anchors (DER, or
/// PEM with one or more certificates) at `at` (RFC 3339 or YYYY-MM-DD, JST); writes the check as
/// JSON (status with dates, anchor, certificate summary). Revocation is reported as not checked.
///
/// # Safety
/// `rules` from this library; `anchors`/`certificate` readable for their lengths; `at`
/// NUL-terminated; `out_json` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_check_certificate(
    rules: *const OnshiRules,
    anchors: *const u8,
    anchors_len: usize,
    certificate: *const u8,
    certificate_len: usize,
    at: *const c_char,
    out_json: *mut *mut c_char,
) -> OnshiStatus {
    boundary(|| {
        // SAFETY: NULL checked; from this library.
        let rules = unsafe { rules.as_ref() }
            .ok_or((OnshiStatus::NullParameter, "rules is NULL".to_owned()))?;
        // SAFETY: forwarded caller guarantees.
        let (anchor_bytes, cert, at) = unsafe {
            (
                bytes(anchors, anchors_len, "anchors")?,
                bytes(certificate, certificate_len, "certificate")?,
                text(at, "at")?,
            )
        };
        if out_json.is_null() {
            return Err((OnshiStatus::NullParameter, "out_json is NULL".to_owned()));
        }
        let at = onshi::VisitTime::parse(at).map_err(|e| (OnshiStatus::InvalidInput, e))?;
        let mut trust = onshi::TrustAnchors::new();
        trust
            .add(anchor_bytes)
            .map_err(|e| (OnshiStatus::CertificateError, e.to_string()))?;
        let check = onshi::check_certificate(
            &rules.rules,
            &trust,
            cert,
            at,
            onshi::Revocation::NotChecked,
            onshi::TestHierarchy::Refuse,
        )
        .map_err(|e| (OnshiStatus::CertificateError, e.to_string()))?;
        let value = serde_json::json!({
            "check": check,
            "insurance_use": check.status.insurance_use(),
            "other_functions": check.status.other_functions(),
        });
        // SAFETY: non-NULL and writable.
        unsafe { *out_json = out_string(value.to_string())? };
        Ok(())
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

/// Copies the calling thread's last error message (UTF-8, NUL-terminated) into `buf`. Writes the
/// length needed (without the NUL) to `out_len`; ONSHI_STATUS_BUFFER_TOO_SMALL when it does not fit.
///
/// # Safety
/// `buf` is writable for `len` bytes (or NULL with `len` 0); `out_len` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_last_error_message(
    buf: *mut c_char,
    len: usize,
    out_len: *mut usize,
) -> OnshiStatus {
    let result = catch_unwind(AssertUnwindSafe(|| {
        if out_len.is_null() {
            return OnshiStatus::NullParameter;
        }
        let message = LAST_ERROR.with(|e| e.borrow().clone());
        // SAFETY: non-NULL and writable.
        unsafe { *out_len = message.len() };
        if buf.is_null() || len < message.len() + 1 {
            return OnshiStatus::BufferTooSmall;
        }
        // SAFETY: `buf` holds at least message.len() + 1 bytes.
        unsafe {
            std::ptr::copy_nonoverlapping(message.as_ptr(), buf.cast::<u8>(), message.len());
            *buf.add(message.len()) = 0;
        }
        OnshiStatus::Ok
    }));
    result.unwrap_or(OnshiStatus::Panic)
}

/// The library version, a static NUL-terminated string (do not free).
#[unsafe(no_mangle)]
pub extern "C" fn onshi_version() -> *const c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_a_status_and_a_message() {
        let status = boundary(|| panic!("forced"));
        assert_eq!(status, OnshiStatus::Panic);
        let message = LAST_ERROR.with(|e| e.borrow().clone());
        assert!(message.contains("panic"), "{message}");
    }
}
