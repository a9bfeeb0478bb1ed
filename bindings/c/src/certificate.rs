//! Trust anchors and the check of a card's user-authentication certificate.

use std::ffi::c_char;

use crate::vocabularies::*;
use crate::{
    Failure, OnshiRules, OnshiStatus, Out, argument, boundary, bytes, handle, refused, text,
    to_json,
};

/// Largest certificate accepted (a JPKI certificate is under 2 KiB).
const MAX_CERTIFICATE: usize = 64 << 10;
/// Largest trust-anchor input accepted (a PEM bundle).
const MAX_ANCHORS: usize = 4 << 20;

/// Trust anchors (opaque): the J-LIS roots the caller trusts, given as input. Not to be changed
/// while another thread uses it; once filled, may be shared for reading. Free with
/// onshi_trust_anchors_free.
pub struct OnshiTrustAnchors {
    anchors: onshi::certificate::TrustAnchors,
}

/// A certificate's status at an instant with its dates: each date `YYYY-MM-DD` (NUL-terminated),
/// empty where the status has none.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OnshiCertificateValidity {
    /// The status.
    pub status: OnshiCertificateStatus,
    /// Whether the card may be used as a health-insurance card.
    pub insurance_use: bool,
    /// Whether its other functions (マイナポータル, certificates) work.
    pub other_functions: bool,
    /// The first valid day (not yet valid).
    pub valid_from: [c_char; 11],
    /// The last valid day (valid, expiring soon).
    pub expires: [c_char; 11],
    /// The first day of the renewal alert (valid, expiring soon).
    pub alert_from: [c_char; 11],
    /// The last valid day, passed (in grace, expired).
    pub expired: [c_char; 11],
    /// The last day of insurance use in the grace period (in grace).
    pub grace_until: [c_char; 11],
    /// The day the grace period ended (expired).
    pub grace_ended: [c_char; 11],
}

/// A date as a NUL-terminated `YYYY-MM-DD`, or empty.
fn date_text(date: Option<chrono::NaiveDate>) -> [c_char; 11] {
    let mut out = [0 as c_char; 11];
    if let Some(date) = date {
        let text = date.format("%Y-%m-%d").to_string();
        for (slot, byte) in out.iter_mut().zip(text.bytes().take(10)) {
            *slot = byte as c_char;
        }
    }
    out
}

/// The status of a certificate valid from `not_before` to `not_after` (RFC 3339 instants, as a
/// reader SDK gives them) at `at` (RFC 3339 or YYYY-MM-DD, JST), with the alert window and grace
/// period of `rules` and what the caller knows of its revocation (an ONSHI_REVOCATION_* value).
/// Use it when the reader gives the dates without the certificate; onshi_check_certificate checks
/// the certificate itself.
///
/// # Safety
/// `rules` from this library; the strings NUL-terminated; `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_certificate_validity(
    rules: *const OnshiRules,
    not_before: *const c_char,
    not_after: *const c_char,
    at: *const c_char,
    revocation: u32,
    out: *mut OnshiCertificateValidity,
) -> OnshiStatus {
    boundary(|| {
        // SAFETY: forwarded caller guarantees.
        let (rules, not_before, not_after, at, out) = unsafe {
            (
                handle(rules, "rules")?,
                text(not_before, "not_before", 64)?,
                text(not_after, "not_after", 64)?,
                text(at, "at", 64)?,
                Out::new(out, "out")?,
            )
        };
        let revocation = argument::<OnshiRevocation>(revocation, "revocation")?.into();
        let period = onshi::certificate::ValidityPeriod::parse_fields(not_before, not_after)
            .map_err(refused)?;
        let at = onshi::calendar::VisitTime::parse_field(at, "at").map_err(refused)?;
        let status = period.status(&rules.rules, at, revocation);
        let dates = status.dates();
        let validity = OnshiCertificateValidity {
            status: status.into(),
            insurance_use: status.insurance_use(),
            other_functions: status.other_functions(),
            valid_from: date_text(dates.valid_from),
            expires: date_text(dates.expires),
            alert_from: date_text(dates.alert_from),
            expired: date_text(dates.expired),
            grace_until: date_text(dates.grace_until),
            grace_ended: date_text(dates.grace_ended),
        };
        out.put(validity)
    })
}

/// An empty set of trust anchors. Add roots with onshi_trust_anchors_add.
///
/// # Safety
/// `out` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_trust_anchors_new(out: *mut *mut OnshiTrustAnchors) -> OnshiStatus {
    boundary(|| {
        // SAFETY: forwarded caller guarantee.
        let out = unsafe { Out::new(out, "out")? };
        let anchors = Box::new(OnshiTrustAnchors {
            anchors: onshi::certificate::TrustAnchors::new(),
        });
        out.put(Box::into_raw(anchors))
    })
}

/// Adds root certificates: DER, or PEM holding one or more certificates (at most 4 MiB). Each
/// root's self-signature is verified; a refused root leaves the set unchanged.
///
/// # Safety
/// `anchors` a live handle not used by another thread meanwhile; `data` readable for `len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_trust_anchors_add(
    anchors: *mut OnshiTrustAnchors,
    data: *const u8,
    len: usize,
) -> OnshiStatus {
    boundary(|| {
        // SAFETY: forwarded caller guarantees (exclusive use during the call).
        let (anchors, data) = unsafe {
            (
                anchors.as_mut().ok_or_else(|| Failure::null("anchors"))?,
                bytes(data, len, "data", MAX_ANCHORS)?,
            )
        };
        anchors.anchors.add(data).map_err(refused)?;
        Ok(())
    })
}

/// How many roots the set holds (0 for NULL).
///
/// # Safety
/// `anchors` NULL or a live handle.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_trust_anchors_count(anchors: *const OnshiTrustAnchors) -> usize {
    // SAFETY: forwarded caller guarantee.
    unsafe { anchors.as_ref() }.map_or(0, |a| a.anchors.anchors().len())
}

/// Frees trust anchors (NULL is a no-op).
///
/// # Safety
/// `anchors` NULL or from onshi_trust_anchors_new, not used again.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_trust_anchors_free(anchors: *mut OnshiTrustAnchors) {
    if !anchors.is_null() {
        // SAFETY: created by Box::into_raw in this crate; freed once per the contract.
        drop(unsafe { Box::from_raw(anchors) });
    }
}

/// Checks a card's user-authentication certificate (DER or PEM, as read from the card) against
/// `anchors` at `at` (RFC 3339 or YYYY-MM-DD, JST): profile, chain, signature, validity with the
/// alert and grace periods of the rule table. Writes the status to `*out_status`, and, when
/// `out_json` is not NULL, the whole check as JSON (dates, anchor, certificate summary; free with
/// onshi_string_free). Revocation is reported as not checked. Certificates from the J-LIS test
/// hierarchy are refused.
///
/// # Safety
/// `rules` and `anchors` from this library; `certificate` readable for its length; `at`
/// NUL-terminated; `out_status` writable; `out_json` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn onshi_check_certificate(
    rules: *const OnshiRules,
    anchors: *const OnshiTrustAnchors,
    certificate: *const u8,
    certificate_len: usize,
    at: *const c_char,
    out_status: *mut OnshiCertificateStatus,
    out_json: *mut *mut c_char,
) -> OnshiStatus {
    boundary(|| {
        // SAFETY: forwarded caller guarantees.
        let (rules, anchors, cert, at) = unsafe {
            (
                handle(rules, "rules")?,
                handle(anchors, "anchors")?,
                bytes(certificate, certificate_len, "certificate", MAX_CERTIFICATE)?,
                text(at, "at", 64)?,
            )
        };
        // SAFETY: forwarded caller guarantees.
        let (out_status, out_json) =
            unsafe { (Out::new(out_status, "out_status")?, Out::optional(out_json)) };
        let at = onshi::calendar::VisitTime::parse_field(at, "at").map_err(refused)?;
        let check = onshi::certificate::check_certificate(
            &rules.rules,
            &anchors.anchors,
            cert,
            at,
            onshi::certificate::Revocation::NotChecked,
            onshi::certificate::TestHierarchy::Refuse,
        )
        .map_err(refused)?;
        let status = OnshiCertificateStatus::from(check.status);
        let json = match out_json {
            Some(out) => Some((
                out,
                to_json(&serde_json::json!({
                    "check": check,
                    "insurance_use": check.status.insurance_use(),
                    "other_functions": check.status.other_functions(),
                }))?,
            )),
            None => None,
        };
        out_status.put(status)?;
        json.map_or(Ok(()), |(out, json)| out.put(json))
    })
}
