//! Trust anchors, the check of a card's user-authentication certificate, and its validity.

use napi::bindgen_prelude::*;
use napi_derive::napi;
use onshi::certificate;
use onshi::error;
use serde_json::{Value, json};

use crate::rules::RuleSet;
use crate::{Js, from_slug, read_file, to_js, visit_time, with};

/// Root certificates the caller trusts (J-LIS roots, given as input). Immutable once made.
#[napi]
pub struct TrustAnchors {
    anchors: certificate::TrustAnchors,
}

#[napi]
impl TrustAnchors {
    /// Anchors from certificates, each DER or PEM (one or more blocks).
    #[napi(constructor, catch_unwind)]
    pub fn new(certificates: Vec<Buffer>) -> Result<Self> {
        let mut anchors = certificate::TrustAnchors::new();
        for data in &certificates {
            anchors.add(data).js()?;
        }
        Ok(TrustAnchors { anchors })
    }

    /// Anchors from files (DER or PEM, at most 64 KiB each).
    #[napi(factory, catch_unwind)]
    pub fn from_files(paths: Vec<String>) -> Result<Self> {
        let domain = error::ErrorDomain::Certificate;
        let files = paths.iter().map(|p| read_file(p, 64 << 10, domain));
        Self::new(files.map(|f| f.map(Buffer::from)).collect::<Result<_>>()?)
    }
}

/// Checks a card's user-authentication certificate (DER or PEM) against `anchors` at `at`
/// (YYYY-MM-DD or RFC 3339): profile, chain, signature and validity with the rule table's alert
/// and grace periods, with what the caller knows of revocation (default `"not_checked"`);
/// certificates of the J-LIS test hierarchy are refused unless `allowTest`.
#[napi(catch_unwind, ts_return_type = "CertificateCheck")]
pub fn check_certificate(
    rules: &RuleSet,
    anchors: &TrustAnchors,
    certificate: Buffer,
    at: String,
    #[napi(ts_arg_type = "Revocation")] revocation: Option<String>,
    allow_test: Option<bool>,
) -> Result<Value> {
    let revocation = from_slug(revocation.as_deref().unwrap_or("not_checked"), "revocation")?;
    let test = match allow_test {
        Some(true) => certificate::TestHierarchy::Allow,
        _ => certificate::TestHierarchy::Refuse,
    };
    let at = visit_time(&at, "at")?;
    let check = certificate::check_certificate(
        &rules.rules,
        &anchors.anchors,
        &certificate,
        at,
        revocation,
        test,
    )
    .js()?;
    let expires = json!(check.certificate.validity().expiry_date());
    let out = with(to_js(&check.status.report())?, "expires", expires);
    Ok(with(out, "check", to_js(&check)?))
}

/// The status of a certificate valid from `notBefore` to `notAfter` (RFC 3339 instants, as a
/// reader SDK gives them) at `at`, with the rule table's alert window and grace period and what
/// the caller knows of its revocation (default `"not_checked"`).
#[napi(catch_unwind, ts_return_type = "CertificateValidity")]
pub fn certificate_validity(
    rules: &RuleSet,
    not_before: String,
    not_after: String,
    at: String,
    #[napi(ts_arg_type = "Revocation")] revocation: Option<String>,
) -> Result<Value> {
    let period = certificate::ValidityPeriod::parse_fields(&not_before, &not_after).js()?;
    let revocation = from_slug(revocation.as_deref().unwrap_or("not_checked"), "revocation")?;
    to_js(
        &period
            .status(&rules.rules, visit_time(&at, "at")?, revocation)
            .report(),
    )
}
