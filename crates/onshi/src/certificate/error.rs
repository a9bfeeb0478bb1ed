//! Errors of certificate parsing and verification.

/// Why a certificate or trust anchor was refused (電子証明書の検証エラー).
///
/// # Example
/// ```
/// use onshi::certificate::{CertificateError, TestHierarchy, UserAuthCertificate};
/// let err = UserAuthCertificate::parse(&[0x30, 0x82, 0x01], TestHierarchy::Refuse).unwrap_err();
/// assert!(matches!(err, CertificateError::Malformed { .. }));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CertificateError {
    /// Not a DER certificate: truncated, not X.509, bad encoding.
    #[error("not a valid certificate: {problem}")]
    Malformed {
        /// What the parser found.
        problem: String,
    },
    /// PEM text without a readable CERTIFICATE block.
    #[error("not a PEM certificate: {problem}")]
    Pem {
        /// What is wrong.
        problem: String,
    },
    /// Bytes after the end of the certificate.
    #[error("{bytes} unexpected bytes after the certificate")]
    TrailingData {
        /// How many.
        bytes: usize,
    },
    /// The key is not RSA of at least 2048 bits (the JPKI profile).
    #[error(
        "the certificate key is {found}; a JPKI certificate has an RSA key of 2048 bits or more"
    )]
    WrongKeyType {
        /// The key found (`RSA-1024`, `EC`, an algorithm OID).
        found: String,
    },
    /// A signature algorithm other than sha256WithRSAEncryption.
    #[error("signature algorithm {oid} is not sha256WithRSAEncryption (1.2.840.113549.1.1.11)")]
    UnsupportedSignatureAlgorithm {
        /// The algorithm OID.
        oid: String,
    },
    /// The issuer is not a JPKI certification authority.
    #[error("issuer `{issuer}` is not a JPKI certification authority (C=JP, O=JPKI)")]
    WrongIssuer {
        /// The issuer DN.
        issuer: String,
    },
    /// A JPKI certificate of another purpose (the signature certificate, 署名用電子証明書).
    #[error(
        "this is not a user-authentication certificate (issuer unit `{issuer_unit}`); the マイナ保険証 uses the 利用者証明用電子証明書"
    )]
    NotUserAuthentication {
        /// The issuer's organisational unit.
        issuer_unit: String,
    },
    /// Issued by the J-LIS test hierarchy (`O=JPKI-TEST`), refused unless allowed.
    #[error("issued by the J-LIS test hierarchy (O=JPKI-TEST); allow it only in tests")]
    TestHierarchy,
    /// A CA certificate where a card's end-entity certificate was expected.
    #[error("this is a CA certificate, not a card's certificate")]
    NotEndEntity,
    /// No trust anchor matches the issuer.
    #[error("no trust anchor issued this certificate (authority key id {}); load the J-LIS user-authentication roots", authority_key_id.as_deref().unwrap_or("absent"))]
    UnknownIssuer {
        /// The certificate's authority key identifier, hex.
        authority_key_id: Option<String>,
    },
    /// A matching anchor was found but the signature does not verify.
    #[error("the signature does not verify against trust anchor `{anchor}`")]
    BadSignature {
        /// The anchor tried (name and serial).
        anchor: String,
    },
    /// A trust anchor that is not a usable self-signed root.
    #[error("trust anchor refused: {problem}")]
    BadAnchor {
        /// What is wrong.
        problem: String,
    },
}

impl CertificateError {
    /// The error's domain ([`crate::error::ErrorDomain`]), whose label is its summary.
    ///
    /// # Example
    /// ```
    /// assert_eq!(onshi::certificate::CertificateError::TestHierarchy.words().ja, "電子証明書を確認できません");
    /// ```
    pub fn domain(&self) -> crate::error::ErrorDomain {
        use crate::error::ErrorDomain;
        ErrorDomain::Certificate
    }

    /// The short ja/en summary every binding shows.
    ///
    /// # Example
    /// ```
    /// assert_eq!(onshi::certificate::CertificateError::TestHierarchy.words().ja, "電子証明書を確認できません");
    /// ```
    pub fn words(&self) -> crate::Text {
        crate::error::words_of(self.domain(), self.kind())
    }

    /// A stable slug (`bad_signature`, `test_hierarchy`, …).
    ///
    /// # Example
    /// ```
    /// assert_eq!(onshi::certificate::CertificateError::TestHierarchy.kind(), onshi::error::ErrorKind::TestHierarchy);
    /// ```
    pub fn kind(&self) -> crate::error::ErrorKind {
        match self {
            CertificateError::Malformed { .. } => crate::error::ErrorKind::Malformed,
            CertificateError::Pem { .. } => crate::error::ErrorKind::Pem,
            CertificateError::TrailingData { .. } => crate::error::ErrorKind::TrailingData,
            CertificateError::WrongKeyType { .. } => crate::error::ErrorKind::WrongKeyType,
            CertificateError::UnsupportedSignatureAlgorithm { .. } => {
                crate::error::ErrorKind::UnsupportedSignatureAlgorithm
            }
            CertificateError::WrongIssuer { .. } => crate::error::ErrorKind::WrongIssuer,
            CertificateError::NotUserAuthentication { .. } => {
                crate::error::ErrorKind::NotUserAuthentication
            }
            CertificateError::TestHierarchy => crate::error::ErrorKind::TestHierarchy,
            CertificateError::NotEndEntity => crate::error::ErrorKind::NotEndEntity,
            CertificateError::UnknownIssuer { .. } => crate::error::ErrorKind::UnknownIssuer,
            CertificateError::BadSignature { .. } => crate::error::ErrorKind::BadSignature,
            CertificateError::BadAnchor { .. } => crate::error::ErrorKind::BadAnchor,
        }
    }
}
