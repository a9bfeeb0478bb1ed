//! The user-authentication certificate (利用者証明用電子証明書): parsing and profile checks, the chain
//! to the J-LIS roots, and validity with the alert window and the grace period.

mod anchors;
mod error;
mod parse;
mod validity;

use serde::Serialize;

pub use anchors::{TrustAnchor, TrustAnchors};
pub use error::CertificateError;
pub use parse::{Hierarchy, TestHierarchy, UserAuthCertificate, certificate_der, certificate_pem};
pub(crate) use validity::status_on_day;
pub use validity::{CertificateDates, CertificateStatus, Revocation, StatusReport, ValidityPeriod};

use crate::calendar::VisitTime;
use crate::policy::rules::RuleSet;
use crate::reception::documents::{CardStatus, MynaInsuranceCard};

/// The result of checking a card's certificate (電子証明書の確認結果).
///
/// # Example
/// ```
/// use onshi::certificate::{check_certificate, Revocation, TestHierarchy, TrustAnchors};
/// use onshi::RuleSet;
/// use onshi::calendar::VisitTime;
/// let mut anchors = TrustAnchors::new();
/// anchors.add(onshi_testkit::user_auth_root().der()).unwrap();
/// let at = VisitTime::parse("2026-01-15").unwrap();
/// let check = check_certificate(&RuleSet::builtin(), &anchors, &onshi_testkit::leaf("2030-02-17T14:59:59Z"),
///     at, Revocation::NotChecked, TestHierarchy::Refuse).unwrap();
/// assert_eq!(check.anchor.serial(), "06D18006");
/// assert!(check.status.other_functions());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CertificateCheck {
    /// What the certificate says.
    pub certificate: UserAuthCertificate,
    /// The root that issued it.
    pub anchor: TrustAnchor,
    /// Its standing at the instant checked.
    pub status: CertificateStatus,
    /// What was known about revocation.
    pub revocation: Revocation,
}

impl CertificateCheck {
    /// Records the check on the card of a visit: the certificate's last valid day, and a revoked or
    /// suspended status, so that [`decide`](crate::decide) applies the alert and grace rules.
    ///
    /// # Example
    /// ```
    /// use onshi::certificate::{check_certificate, Revocation, TestHierarchy, TrustAnchors};
    /// use onshi::reception::MynaInsuranceCard;
    /// use onshi::RuleSet;
    /// use onshi::calendar::VisitTime;
    /// let mut anchors = TrustAnchors::new();
    /// anchors.add(onshi_testkit::user_auth_root().der()).unwrap();
    /// let der = onshi_testkit::leaf("2026-02-10T14:59:59Z");
    /// let at = VisitTime::parse("2026-05-31T10:00:00+09:00").unwrap();
    /// let check = check_certificate(&RuleSet::builtin(), &anchors, &der, at, Revocation::NotChecked, TestHierarchy::Refuse).unwrap();
    /// let mut card = MynaInsuranceCard::default();
    /// check.apply_to(&mut card);
    /// assert_eq!(card.certificate_expires.unwrap().to_string(), "2026-02-10");
    /// ```
    pub fn apply_to(&self, card: &mut MynaInsuranceCard) {
        card.certificate_expires = Some(self.certificate.validity().expiry_date());
        match self.revocation {
            Revocation::Revoked => card.status = CardStatus::Revoked,
            Revocation::Suspended => card.status = CardStatus::Suspended,
            Revocation::NotChecked | Revocation::Good => {}
        }
    }
}

/// Checks a card's user-authentication certificate at an instant: parse (DER or PEM) and profile,
/// issuing root by key identifier, RSA SHA-256 signature, then validity under the rule table.
///
/// # Errors
/// Every [`CertificateError`]: a malformed or non-JPKI certificate, a signature certificate, the test
/// hierarchy under [`TestHierarchy::Refuse`], an unknown issuer, a bad signature.
///
/// # Example
/// ```
/// use onshi::certificate::{check_certificate, Revocation, TestHierarchy, TrustAnchors};
/// use onshi::RuleSet;
/// use onshi::calendar::VisitTime;
/// let rules = RuleSet::builtin();
/// let mut anchors = TrustAnchors::new();
/// anchors.add(onshi_testkit::user_auth_root().der()).unwrap();
/// let der = onshi_testkit::leaf("2026-02-10T14:59:59Z");
/// let at = VisitTime::parse("2026-05-31T10:00:00+09:00").unwrap();
/// let check = check_certificate(&rules, &anchors, &der, at, Revocation::NotChecked, TestHierarchy::Refuse).unwrap();
/// assert_eq!(check.status.kind(), "in_grace");
/// assert!(check_certificate(&rules, &TrustAnchors::new(), &der, at, Revocation::NotChecked, TestHierarchy::Refuse).is_err());
/// ```
pub fn check_certificate(
    rules: &RuleSet,
    anchors: &TrustAnchors,
    certificate: &[u8],
    at: VisitTime,
    revocation: Revocation,
    test: TestHierarchy,
) -> Result<CertificateCheck, CertificateError> {
    let certificate = UserAuthCertificate::parse(certificate, test)?;
    let anchor = anchors.verify(&certificate)?.clone();
    let status = certificate.validity().status(rules, at, revocation);
    Ok(CertificateCheck {
        certificate,
        anchor,
        status,
        revocation,
    })
}
