//! Trust anchors (the J-LIS roots) and signature verification.
//!
//! All generations of J-LIS roots share one distinguished name, so an issuer is chosen by its key
//! identifier (the certificate's authority key identifier equals the root's subject key identifier)
//! and confirmed by the signature; name matching is only the fallback when a certificate carries no
//! authority key identifier, and even then the signature decides (reference/jpki.md §6.1).

use std::fmt;

use ring::signature::{RSA_PKCS1_2048_8192_SHA256, UnparsedPublicKey};
use serde::Serialize;

use super::error::CertificateError;
use super::parse::{
    UserAuthCertificate, certificate_der, check_signature_algorithm, dn_text, hex, jpki_issuer,
    parse_der, rsa_public_key, subject_key_id, validity_of,
};
use super::validity::ValidityPeriod;

/// One trusted root (信頼する認証局の証明書).
///
/// # Example
/// ```
/// let anchor = onshi::certificate::TrustAnchor::from_certificate(onshi_testkit::user_auth_root().pem().as_bytes()).unwrap();
/// assert!(format!("{anchor:?}").contains("fingerprint"));
/// ```
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct TrustAnchor {
    name: String,
    serial: String,
    unit: String,
    validity: ValidityPeriod,
    /// SHA-256 of the DER, upper-case hex.
    fingerprint: String,
    #[serde(skip)]
    key_id: Option<Vec<u8>>,
    #[serde(skip)]
    public_key: Vec<u8>,
}

impl fmt::Debug for TrustAnchor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TrustAnchor")
            .field("name", &self.name)
            .field("serial", &self.serial)
            .field("fingerprint", &self.fingerprint)
            .finish()
    }
}

impl TrustAnchor {
    /// Reads a self-signed root (DER or PEM) and verifies its self-signature.
    ///
    /// # Errors
    /// [`CertificateError::BadAnchor`] when the certificate is not a self-signed RSA/SHA-256 CA whose
    /// signature verifies; parse errors as for [`UserAuthCertificate::parse`].
    ///
    /// # Example
    /// ```
    /// let root = onshi_testkit::user_auth_root();
    /// let anchor = onshi::certificate::TrustAnchor::from_certificate(root.der()).unwrap();
    /// assert_eq!(anchor.serial(), "06D18006");
    /// let err = onshi::certificate::TrustAnchor::from_certificate(&onshi_testkit::leaf("2030-02-17T14:59:59Z")).unwrap_err();
    /// assert_eq!(err.kind(), onshi::error::ErrorKind::BadAnchor);
    /// ```
    pub fn from_certificate(input: &[u8]) -> Result<TrustAnchor, CertificateError> {
        let der = certificate_der(input)?;
        let cert = parse_der(&der)?;
        let bad = |problem: &str| CertificateError::BadAnchor {
            problem: format!("{problem} ({})", dn_text(cert.subject())),
        };
        if cert.subject().as_raw() != cert.issuer().as_raw() {
            return Err(bad("not self-signed"));
        }
        if !cert.is_ca() {
            return Err(bad("not a CA certificate"));
        }
        check_signature_algorithm(&cert)?;
        let public_key = rsa_public_key(&cert)?;
        UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, &public_key)
            .verify(cert.tbs_certificate.as_ref(), &cert.signature_value.data)
            .map_err(|_| bad("its self-signature does not verify"))?;
        let unit = jpki_issuer(cert.subject())
            .map(|(_, unit)| unit)
            .unwrap_or_default();
        Ok(TrustAnchor {
            name: dn_text(cert.subject()),
            serial: hex(cert.raw_serial()),
            unit,
            validity: validity_of(&cert),
            fingerprint: hex(ring::digest::digest(&ring::digest::SHA256, &der).as_ref()),
            key_id: subject_key_id(&cert),
            public_key,
        })
    }

    /// The subject (= issuer) name.
    ///
    /// # Example
    /// ```
    /// let a = onshi::certificate::TrustAnchor::from_certificate(onshi_testkit::user_auth_root().der()).unwrap();
    /// assert!(a.name().contains("O=JPKI"));
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The serial number, upper-case hex.
    ///
    /// # Example
    /// ```
    /// let a = onshi::certificate::TrustAnchor::from_certificate(onshi_testkit::user_auth_root().der()).unwrap();
    /// assert_eq!(a.serial().len(), 8);
    /// ```
    pub fn serial(&self) -> &str {
        &self.serial
    }

    /// SHA-256 of the DER, upper-case hex: compare with the fingerprint J-LIS publishes.
    ///
    /// # Example
    /// ```
    /// let a = onshi::certificate::TrustAnchor::from_certificate(onshi_testkit::user_auth_root().der()).unwrap();
    /// assert_eq!(a.fingerprint().len(), 64);
    /// ```
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// The root's validity period.
    ///
    /// # Example
    /// ```
    /// let a = onshi::certificate::TrustAnchor::from_certificate(onshi_testkit::user_auth_root().der()).unwrap();
    /// assert_eq!(a.validity().expiry_date().to_string(), "2033-07-15");
    /// ```
    pub fn validity(&self) -> ValidityPeriod {
        self.validity
    }

    fn verifies(&self, cert: &UserAuthCertificate) -> bool {
        UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, &self.public_key)
            .verify(&cert.tbs, &cert.signature)
            .is_ok()
    }
}

/// The set of roots a check trusts (トラストアンカー). An input, never built in: callers load the J-LIS
/// roots they have checked.
///
/// # Example
/// ```
/// use onshi::certificate::{TrustAnchors, TestHierarchy, UserAuthCertificate};
/// let mut anchors = TrustAnchors::new();
/// anchors.add(onshi_testkit::user_auth_root().pem().as_bytes()).unwrap();
/// let cert = UserAuthCertificate::parse(&onshi_testkit::leaf("2030-02-17T14:59:59Z"), TestHierarchy::Refuse).unwrap();
/// assert_eq!(anchors.verify(&cert).unwrap().serial(), "06D18006");
/// // Without the root, the issuer is unknown.
/// assert_eq!(TrustAnchors::new().verify(&cert).unwrap_err().kind(), onshi::error::ErrorKind::UnknownIssuer);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct TrustAnchors {
    anchors: Vec<TrustAnchor>,
}

impl TrustAnchors {
    /// An empty set.
    ///
    /// # Example
    /// ```
    /// assert!(onshi::certificate::TrustAnchors::new().anchors().is_empty());
    /// ```
    pub fn new() -> TrustAnchors {
        TrustAnchors::default()
    }

    /// Adds every certificate in `input`: one DER certificate, or PEM text with one or more
    /// CERTIFICATE blocks. Returns how many were added.
    ///
    /// # Errors
    /// The first anchor refused, as [`TrustAnchor::from_certificate`]; nothing is added then.
    ///
    /// # Example
    /// ```
    /// let mut anchors = onshi::certificate::TrustAnchors::new();
    /// let root = onshi_testkit::user_auth_root();
    /// let two = format!("{}{}", root.pem(), root.pem());
    /// assert_eq!(anchors.add(two.as_bytes()).unwrap(), 2);
    /// assert!(anchors.add(b"not a certificate").is_err());
    /// assert_eq!(anchors.anchors().len(), 2);
    /// ```
    pub fn add(&mut self, input: &[u8]) -> Result<usize, CertificateError> {
        let trimmed = input.trim_ascii_start();
        let mut found = Vec::new();
        if trimmed.starts_with(b"-----BEGIN") {
            for pem in x509_parser::pem::Pem::iter_from_buffer(trimmed) {
                let pem = pem.map_err(|e| CertificateError::Pem {
                    problem: e.to_string(),
                })?;
                if pem.label == "CERTIFICATE" {
                    found.push(TrustAnchor::from_certificate(&pem.contents)?);
                }
            }
            if found.is_empty() {
                return Err(CertificateError::Pem {
                    problem: "no CERTIFICATE block".to_owned(),
                });
            }
        } else {
            found.push(TrustAnchor::from_certificate(input)?);
        }
        let n = found.len();
        self.anchors.extend(found);
        Ok(n)
    }

    /// The anchors, in the order added.
    ///
    /// # Example
    /// ```
    /// let mut anchors = onshi::certificate::TrustAnchors::new();
    /// anchors.add(onshi_testkit::user_auth_root().der()).unwrap();
    /// assert_eq!(anchors.anchors()[0].serial(), "06D18006");
    /// ```
    pub fn anchors(&self) -> &[TrustAnchor] {
        &self.anchors
    }

    /// Finds the root that issued `cert` and verifies its RSA PKCS#1 v1.5 SHA-256 signature.
    ///
    /// # Errors
    /// [`CertificateError::UnknownIssuer`] when no anchor has the certificate's key identifier (or,
    /// without one, its issuer name); [`CertificateError::BadSignature`] when the candidates' keys do
    /// not verify the signature.
    ///
    /// # Example
    /// ```
    /// use onshi::certificate::{TestHierarchy, TrustAnchors, UserAuthCertificate};
    /// let mut anchors = TrustAnchors::new();
    /// anchors.add(onshi_testkit::user_auth_root().der()).unwrap();
    /// let mut der = onshi_testkit::leaf("2030-02-17T14:59:59Z");
    /// let cert = UserAuthCertificate::parse(&der, TestHierarchy::Refuse).unwrap();
    /// assert!(anchors.verify(&cert).is_ok());
    /// let last = der.len() - 1;
    /// der[last] ^= 1; // damage the signature
    /// let cert = UserAuthCertificate::parse(&der, TestHierarchy::Refuse).unwrap();
    /// assert_eq!(anchors.verify(&cert).unwrap_err().kind(), onshi::error::ErrorKind::BadSignature);
    /// ```
    pub fn verify(&self, cert: &UserAuthCertificate) -> Result<&TrustAnchor, CertificateError> {
        let by_key_id: Vec<&TrustAnchor> = match &cert.aki_bytes {
            Some(aki) => self
                .anchors
                .iter()
                .filter(|a| a.key_id.as_ref() == Some(aki))
                .collect(),
            None => Vec::new(),
        };
        let candidates = if by_key_id.is_empty() && cert.aki_bytes.is_none() {
            self.anchors
                .iter()
                .filter(|a| a.name == cert.issuer())
                .collect()
        } else {
            by_key_id
        };
        if candidates.is_empty() {
            return Err(CertificateError::UnknownIssuer {
                authority_key_id: cert.aki_bytes.as_deref().map(hex),
            });
        }
        candidates
            .iter()
            .find(|a| a.verifies(cert))
            .copied()
            .ok_or_else(|| CertificateError::BadSignature {
                anchor: candidates
                    .first()
                    .map(|a| format!("{} serial {}", a.name, a.serial))
                    .unwrap_or_default(),
            })
    }
}
