//! Trust anchors, the check of a card's user-authentication certificate, and its validity dates.

use std::sync::Arc;

use crate::OnshiError;
use crate::rules::RuleSet;
use crate::vocabularies::*;

/// What a certificate check found.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct CertificateCheck {
    /// The status.
    pub status: CertificateStatus,
    /// Whether the card may still be used as a health-insurance card.
    pub insurance_use: bool,
    /// Whether its other functions still work.
    pub other_functions: bool,
    /// The expiry date (YYYY-MM-DD).
    pub expires: String,
    /// The whole check as JSON.
    pub json: String,
}

/// Root certificates the caller trusts (J-LIS roots, given as input).
#[derive(uniffi::Object)]
pub struct TrustAnchors {
    anchors: onshi::certificate::TrustAnchors,
}

#[uniffi::export]
impl TrustAnchors {
    /// Anchors from certificates, each DER or PEM (one or more blocks).
    #[uniffi::constructor]
    pub fn new(certificates: Vec<Vec<u8>>) -> Result<Arc<Self>, OnshiError> {
        let mut anchors = onshi::certificate::TrustAnchors::new();
        for c in &certificates {
            anchors.add(c)?;
        }
        Ok(Arc::new(TrustAnchors { anchors }))
    }

    /// How many roots the set holds.
    pub fn count(&self) -> u32 {
        u32::try_from(self.anchors.anchors().len()).unwrap_or(u32::MAX)
    }
}

/// Checks a card's user-authentication certificate (DER or PEM) against `anchors` at `at`
/// (YYYY-MM-DD or RFC 3339, JST). Revocation is reported as not checked.
#[uniffi::export]
pub fn check_certificate(
    rules: Arc<RuleSet>,
    anchors: Arc<TrustAnchors>,
    certificate: Vec<u8>,
    at: String,
) -> Result<CertificateCheck, OnshiError> {
    let at = onshi::calendar::VisitTime::parse_field(&at, "at")?;
    let check = onshi::certificate::check_certificate(
        &rules.rules,
        &anchors.anchors,
        &certificate,
        at,
        onshi::certificate::Revocation::NotChecked,
        onshi::certificate::TestHierarchy::Refuse,
    )?;
    Ok(CertificateCheck {
        status: check.status.into(),
        insurance_use: check.status.insurance_use(),
        other_functions: check.status.other_functions(),
        expires: check.certificate.validity().expiry_date().to_string(),
        json: serde_json::to_string(&check).unwrap_or_default(),
    })
}

/// A certificate's status at an instant with its dates (YYYY-MM-DD), each only where the status
/// has it.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct CertificateValidity {
    /// The status.
    pub status: CertificateStatus,
    /// Whether the card may be used as a health-insurance card.
    pub insurance_use: bool,
    /// Whether its other functions (マイナポータル, certificates) work.
    pub other_functions: bool,
    /// The first valid day (not yet valid).
    pub valid_from: Option<String>,
    /// The last valid day (valid, expiring soon).
    pub expires: Option<String>,
    /// The first day of the renewal alert (valid, expiring soon).
    pub alert_from: Option<String>,
    /// The last valid day, passed (in grace, expired).
    pub expired: Option<String>,
    /// The last day of insurance use in the grace period (in grace).
    pub grace_until: Option<String>,
    /// The day the grace period ended (expired).
    pub grace_ended: Option<String>,
}

/// The status of a certificate valid from `not_before` to `not_after` (RFC 3339 instants, as a
/// reader SDK gives them) at `at` (YYYY-MM-DD or RFC 3339, JST), with the rule table's alert window
/// and grace period and what the app knows of its revocation.
#[uniffi::export]
pub fn certificate_validity(
    rules: Arc<RuleSet>,
    not_before: String,
    not_after: String,
    at: String,
    revocation: Revocation,
) -> Result<CertificateValidity, OnshiError> {
    let period = onshi::certificate::ValidityPeriod::parse_fields(&not_before, &not_after)?;
    let at = onshi::calendar::VisitTime::parse_field(&at, "at")?;
    let status = period.status(&rules.rules, at, revocation);
    let dates = status.dates();
    let text = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string());
    Ok(CertificateValidity {
        status: status.into(),
        insurance_use: status.insurance_use(),
        other_functions: status.other_functions(),
        valid_from: text(dates.valid_from),
        expires: text(dates.expires),
        alert_from: text(dates.alert_from),
        expired: text(dates.expired),
        grace_until: text(dates.grace_until),
        grace_ended: text(dates.grace_ended),
    })
}
