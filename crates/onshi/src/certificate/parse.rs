//! Parsing a JPKI certificate and checking its profile (reference/jpki.md §6.1, §6.3).

use std::fmt;

use chrono::{DateTime, Utc};
use serde::Serialize;
use x509_parser::certificate::X509Certificate;
use x509_parser::extensions::ParsedExtension;
use x509_parser::oid_registry::{
    OID_PKCS1_RSAENCRYPTION, OID_PKCS1_SHA256WITHRSA, OID_X509_COUNTRY_NAME,
    OID_X509_ORGANIZATION_NAME, OID_X509_ORGANIZATIONAL_UNIT, Oid,
};
use x509_parser::public_key::PublicKey;
use x509_parser::x509::X509Name;

use super::error::CertificateError;
use super::validity::ValidityPeriod;

const UNIT_USER_AUTH: &str = "JPKI for user authentication";
const UNIT_SIGNATURE: &str = "JPKI for digital signature";

/// Which J-LIS hierarchy issued a certificate.
///
/// # Example
/// ```
/// let c = onshi::certificate::UserAuthCertificate::parse(&onshi_testkit::leaf("2030-02-17T14:59:59Z"), onshi::certificate::TestHierarchy::Refuse).unwrap();
/// assert_eq!(c.hierarchy(), onshi::certificate::Hierarchy::Production);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Hierarchy {
    /// Production (`O=JPKI`).
    Production,
    /// The J-LIS test hierarchy (`O=JPKI-TEST`), found on test cards.
    Test,
}

/// Whether certificates from the J-LIS test hierarchy are accepted (テスト用認証局の扱い).
///
/// # Example
/// ```
/// use onshi::certificate::{TestHierarchy, UserAuthCertificate};
/// use onshi_testkit::{Authority, AuthoritySpec, LeafSpec};
/// let test_root = Authority::root(&AuthoritySpec { org: "JPKI-TEST", key_seed: 5, ..AuthoritySpec::default() });
/// let der = test_root.issue(&LeafSpec::default());
/// assert_eq!(UserAuthCertificate::parse(&der, TestHierarchy::Refuse).unwrap_err().kind(), onshi::error::ErrorKind::TestHierarchy);
/// assert!(UserAuthCertificate::parse(&der, TestHierarchy::Allow).is_ok());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum TestHierarchy {
    /// Refuse them with [`CertificateError::TestHierarchy`] (production use).
    #[default]
    Refuse,
    /// Accept them (development with J-LIS test cards).
    Allow,
}

/// The DER bytes of a certificate given as DER or PEM: PEM when it starts with
/// `-----BEGIN` (after whitespace), and then the block must be a CERTIFICATE.
/// DER passes through unchanged (it is checked when parsed).
///
/// # Errors
/// [`CertificateError::Pem`] when the PEM text is broken or holds another kind of block.
///
/// # Example
/// ```
/// let der = onshi_testkit::leaf("2030-02-17T14:59:59Z");
/// let pem = onshi::certificate::certificate_pem(&der);
/// assert_eq!(onshi::certificate::certificate_der(pem.as_bytes()).unwrap(), der);
/// assert_eq!(onshi::certificate::certificate_der(&der).unwrap(), der);
/// let key = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
/// assert_eq!(onshi::certificate::certificate_der(key.as_bytes()).unwrap_err().kind(), onshi::error::ErrorKind::Pem);
/// ```
pub fn certificate_der(input: &[u8]) -> Result<Vec<u8>, CertificateError> {
    let trimmed = input.trim_ascii_start();
    if !trimmed.starts_with(b"-----BEGIN") {
        return Ok(input.to_vec());
    }
    let (_, pem) =
        x509_parser::pem::parse_x509_pem(trimmed).map_err(|e| CertificateError::Pem {
            problem: e.to_string(),
        })?;
    if pem.label != "CERTIFICATE" {
        return Err(CertificateError::Pem {
            problem: format!("the block is `{}`, not CERTIFICATE", pem.label),
        });
    }
    Ok(pem.contents)
}

/// PEM text (RFC 7468, 64-column base64) of a DER certificate, as written by
/// `onshi card read-cert` and accepted by [`TrustAnchors::add`](crate::certificate::TrustAnchors::add).
///
/// # Example
/// ```
/// let pem = onshi::certificate::certificate_pem(&[0x30, 0x03, 0x02, 0x01, 0x05]);
/// assert_eq!(pem, "-----BEGIN CERTIFICATE-----\nMAMCAQU=\n-----END CERTIFICATE-----\n");
/// ```
pub fn certificate_pem(der: &[u8]) -> String {
    const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut base64 = Vec::with_capacity(der.len().div_ceil(3) * 4);
    for chunk in der.chunks(3) {
        let byte = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let n = (byte(0) << 16) | (byte(1) << 8) | byte(2);
        for i in 0..4 {
            let sextet = ((n >> (18 - 6 * i)) & 63) as usize;
            base64.push(match B64.get(sextet) {
                Some(&c) if i <= chunk.len() => c,
                _ => b'=',
            });
        }
    }
    let mut out = String::from("-----BEGIN CERTIFICATE-----\n");
    for line in base64.chunks(64) {
        // Every byte comes from B64 or is `=`: ASCII.
        out.extend(line.iter().map(|&b| char::from(b)));
        out.push('\n');
    }
    out.push_str("-----END CERTIFICATE-----\n");
    out
}

/// Parses DER, refusing trailing bytes.
pub(crate) fn parse_der(der: &[u8]) -> Result<X509Certificate<'_>, CertificateError> {
    let (rest, cert) =
        x509_parser::parse_x509_certificate(der).map_err(|e| CertificateError::Malformed {
            problem: e.to_string(),
        })?;
    if !rest.is_empty() {
        return Err(CertificateError::TrailingData { bytes: rest.len() });
    }
    Ok(cert)
}

/// The RSA public key (PKCS#1 RSAPublicKey DER) of a certificate, at least 2048 bits.
pub(crate) fn rsa_public_key(cert: &X509Certificate<'_>) -> Result<Vec<u8>, CertificateError> {
    let spki = cert.public_key();
    if spki.algorithm.algorithm != OID_PKCS1_RSAENCRYPTION {
        let found = match spki.parsed() {
            Ok(PublicKey::EC(_)) => "EC".to_owned(),
            _ => spki.algorithm.algorithm.to_id_string(),
        };
        return Err(CertificateError::WrongKeyType { found });
    }
    match spki.parsed() {
        Ok(PublicKey::RSA(rsa)) if rsa.key_size() >= 2048 => {
            Ok(spki.subject_public_key.data.to_vec())
        }
        Ok(PublicKey::RSA(rsa)) => Err(CertificateError::WrongKeyType {
            found: format!("RSA-{}", rsa.key_size()),
        }),
        _ => Err(CertificateError::Malformed {
            problem: "unreadable RSA public key".to_owned(),
        }),
    }
}

pub(crate) fn check_signature_algorithm(
    cert: &X509Certificate<'_>,
) -> Result<(), CertificateError> {
    let oid = &cert.signature_algorithm.algorithm;
    if *oid == OID_PKCS1_SHA256WITHRSA {
        Ok(())
    } else {
        Err(CertificateError::UnsupportedSignatureAlgorithm {
            oid: oid.to_id_string(),
        })
    }
}

pub(crate) fn validity_of(cert: &X509Certificate<'_>) -> ValidityPeriod {
    let at = |t: i64| DateTime::<Utc>::from_timestamp(t, 0).unwrap_or(DateTime::<Utc>::MIN_UTC);
    ValidityPeriod {
        not_before: at(cert.validity().not_before.timestamp()),
        not_after: at(cert.validity().not_after.timestamp()),
    }
}

pub(crate) fn subject_key_id(cert: &X509Certificate<'_>) -> Option<Vec<u8>> {
    cert.iter_extensions()
        .find_map(|e| match e.parsed_extension() {
            ParsedExtension::SubjectKeyIdentifier(k) => Some(k.0.to_vec()),
            _ => None,
        })
}

fn authority_key_id(cert: &X509Certificate<'_>) -> Option<Vec<u8>> {
    cert.iter_extensions()
        .find_map(|e| match e.parsed_extension() {
            ParsedExtension::AuthorityKeyIdentifier(a) => {
                a.key_identifier.as_ref().map(|k| k.0.to_vec())
            }
            _ => None,
        })
}

fn values<'a>(name: &'a X509Name<'_>, oid: &'a Oid<'static>) -> impl Iterator<Item = &'a str> {
    name.iter_attributes()
        .filter(move |a| a.attr_type() == oid)
        .filter_map(|a| a.as_str().ok())
}

/// The JPKI profile of an issuer name: hierarchy and purpose unit.
pub(crate) fn jpki_issuer(name: &X509Name<'_>) -> Result<(Hierarchy, String), CertificateError> {
    let wrong = || CertificateError::WrongIssuer {
        issuer: dn_text(name),
    };
    let (c, o, u) = (
        OID_X509_COUNTRY_NAME,
        OID_X509_ORGANIZATION_NAME,
        OID_X509_ORGANIZATIONAL_UNIT,
    );
    let mut country = values(name, &c);
    let mut org = values(name, &o);
    let hierarchy = match (country.next(), country.next(), org.next(), org.next()) {
        (Some("JP"), None, Some("JPKI"), None) => Hierarchy::Production,
        (Some("JP"), None, Some("JPKI-TEST"), None) => Hierarchy::Test,
        _ => return Err(wrong()),
    };
    let unit = values(name, &u)
        .find(|u| u.starts_with("JPKI for"))
        .ok_or_else(wrong)?;
    Ok((hierarchy, unit.to_owned()))
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        for nibble in [b >> 4, b & 0x0f] {
            out.push(
                char::from_digit(u32::from(nibble), 16).map_or('?', |c| c.to_ascii_uppercase()),
            );
        }
    }
    out
}

/// A distinguished name as text (`C=JP, O=JPKI, OU=…`), in certificate order.
pub(crate) fn dn_text(name: &X509Name<'_>) -> String {
    let (c, o, u) = (
        OID_X509_COUNTRY_NAME,
        OID_X509_ORGANIZATION_NAME,
        OID_X509_ORGANIZATIONAL_UNIT,
    );
    let mut out = String::with_capacity(128);
    for (i, attr) in name.iter_attributes().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let oid = attr.attr_type();
        let key = if *oid == c {
            "C".to_owned()
        } else if *oid == o {
            "O".to_owned()
        } else if *oid == u {
            "OU".to_owned()
        } else {
            oid.to_id_string()
        };
        out.push_str(&key);
        out.push('=');
        match attr.as_str() {
            Ok(v) => out.push_str(v),
            Err(_) => {
                out.push('#');
                out.push_str(&hex(attr.attr_value().data));
            }
        }
    }
    out
}

/// A parsed 利用者証明用電子証明書 (user-authentication certificate), holding what reception needs and
/// nothing personal: the subject (a card-specific identifier) is not kept, and the serial is redacted
/// in `Debug`.
///
/// # Example
/// ```
/// let c = onshi::certificate::UserAuthCertificate::parse(&onshi_testkit::leaf("2030-02-17T14:59:59Z"), onshi::certificate::TestHierarchy::Refuse).unwrap();
/// assert!(!format!("{c:?}").contains(c.serial()));
/// ```
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct UserAuthCertificate {
    serial: String,
    issuer: String,
    hierarchy: Hierarchy,
    validity: ValidityPeriod,
    key_usage: Vec<&'static str>,
    policies: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    authority_key_id: Option<String>,
    #[serde(skip)]
    pub(crate) aki_bytes: Option<Vec<u8>>,
    #[serde(skip)]
    pub(crate) tbs: Vec<u8>,
    #[serde(skip)]
    pub(crate) signature: Vec<u8>,
}

impl UserAuthCertificate {
    /// Parses a certificate (DER, or PEM text) and checks the JPKI user-authentication profile.
    ///
    /// # Errors
    /// - [`CertificateError::Malformed`], [`CertificateError::Pem`], [`CertificateError::TrailingData`]:
    ///   not a certificate.
    /// - [`CertificateError::WrongKeyType`], [`CertificateError::UnsupportedSignatureAlgorithm`]: not the
    ///   RSA-2048 / SHA-256 profile.
    /// - [`CertificateError::WrongIssuer`]: not issued by a JPKI authority;
    ///   [`CertificateError::NotUserAuthentication`]: a signature certificate;
    ///   [`CertificateError::TestHierarchy`]: `O=JPKI-TEST` under [`TestHierarchy::Refuse`];
    ///   [`CertificateError::NotEndEntity`]: a CA certificate.
    ///
    /// # Example
    /// ```
    /// use onshi::certificate::{CertificateError, TestHierarchy, UserAuthCertificate};
    /// let err = UserAuthCertificate::parse(b"\x30\x03\x02\x01", TestHierarchy::Refuse).unwrap_err();
    /// assert!(matches!(err, CertificateError::Malformed { .. }));
    /// let err = UserAuthCertificate::parse(b"-----BEGIN CERTIFICATE-----\n!!\n", TestHierarchy::Refuse).unwrap_err();
    /// assert_eq!(err.kind(), onshi::error::ErrorKind::Pem);
    /// ```
    pub fn parse(input: &[u8], test: TestHierarchy) -> Result<Self, CertificateError> {
        let der = certificate_der(input)?;
        let cert = parse_der(&der)?;
        check_signature_algorithm(&cert)?;
        rsa_public_key(&cert)?;
        let (hierarchy, unit) = jpki_issuer(cert.issuer())?;
        if unit == UNIT_SIGNATURE {
            return Err(CertificateError::NotUserAuthentication { issuer_unit: unit });
        }
        if unit != UNIT_USER_AUTH {
            return Err(CertificateError::WrongIssuer {
                issuer: dn_text(cert.issuer()),
            });
        }
        if hierarchy == Hierarchy::Test && test == TestHierarchy::Refuse {
            return Err(CertificateError::TestHierarchy);
        }
        if cert.is_ca() {
            return Err(CertificateError::NotEndEntity);
        }
        let mut key_usage = Vec::new();
        if let Ok(Some(ku)) = cert.key_usage() {
            let ku = ku.value;
            for (on, name) in [
                (ku.digital_signature(), "digital_signature"),
                (ku.non_repudiation(), "non_repudiation"),
                (ku.key_encipherment(), "key_encipherment"),
                (ku.key_cert_sign(), "key_cert_sign"),
                (ku.crl_sign(), "crl_sign"),
            ] {
                if on {
                    key_usage.push(name);
                }
            }
        }
        if key_usage.contains(&"key_cert_sign") {
            return Err(CertificateError::NotEndEntity);
        }
        let policies = cert
            .iter_extensions()
            .filter_map(|e| match e.parsed_extension() {
                ParsedExtension::CertificatePolicies(p) => Some(
                    p.iter()
                        .map(|i| i.policy_id.to_id_string())
                        .collect::<Vec<_>>(),
                ),
                _ => None,
            })
            .flatten()
            .collect();
        let aki = authority_key_id(&cert);
        Ok(UserAuthCertificate {
            serial: hex(cert.raw_serial()),
            issuer: dn_text(cert.issuer()),
            hierarchy,
            validity: validity_of(&cert),
            key_usage,
            policies,
            authority_key_id: aki.as_deref().map(hex),
            aki_bytes: aki,
            tbs: cert.tbs_certificate.as_ref().to_vec(),
            signature: cert.signature_value.data.to_vec(),
        })
    }

    /// The serial number, hex. It identifies one card's certificate: do not log it.
    ///
    /// # Example
    /// ```
    /// let der = onshi_testkit::leaf("2030-02-17T14:59:59Z");
    /// let c = onshi::certificate::UserAuthCertificate::parse(&der, onshi::certificate::TestHierarchy::Refuse).unwrap();
    /// assert_eq!(c.serial(), "0A0B0C0D");
    /// ```
    pub fn serial(&self) -> &str {
        &self.serial
    }
}

impl UserAuthCertificate {
    /// The issuer name (`C=JP, O=JPKI, OU=JPKI for user authentication, …`).
    ///
    /// # Example
    /// ```
    /// let der = onshi_testkit::leaf("2030-02-17T14:59:59Z");
    /// let c = onshi::certificate::UserAuthCertificate::parse(&der, onshi::certificate::TestHierarchy::Refuse).unwrap();
    /// assert!(c.issuer().contains("OU=JPKI for user authentication"));
    /// ```
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// Production or test hierarchy.
    ///
    /// # Example
    /// ```
    /// let der = onshi_testkit::leaf("2030-02-17T14:59:59Z");
    /// let c = onshi::certificate::UserAuthCertificate::parse(&der, onshi::certificate::TestHierarchy::Refuse).unwrap();
    /// assert_eq!(c.hierarchy(), onshi::certificate::Hierarchy::Production);
    /// ```
    pub fn hierarchy(&self) -> Hierarchy {
        self.hierarchy
    }

    /// `notBefore` and `notAfter`.
    ///
    /// # Example
    /// ```
    /// let der = onshi_testkit::leaf("2030-02-17T14:59:59Z");
    /// let c = onshi::certificate::UserAuthCertificate::parse(&der, onshi::certificate::TestHierarchy::Refuse).unwrap();
    /// assert_eq!(c.validity().expiry_date().to_string(), "2030-02-17");
    /// ```
    pub fn validity(&self) -> ValidityPeriod {
        self.validity
    }

    /// Key usages present (`digital_signature`, …).
    ///
    /// # Example
    /// ```
    /// let der = onshi_testkit::leaf("2030-02-17T14:59:59Z");
    /// let c = onshi::certificate::UserAuthCertificate::parse(&der, onshi::certificate::TestHierarchy::Refuse).unwrap();
    /// assert_eq!(c.key_usage(), ["digital_signature"]);
    /// ```
    pub fn key_usage(&self) -> &[&'static str] {
        &self.key_usage
    }

    /// Certificate policy OIDs, dotted.
    ///
    /// # Example
    /// ```
    /// let der = onshi_testkit::leaf("2030-02-17T14:59:59Z");
    /// let c = onshi::certificate::UserAuthCertificate::parse(&der, onshi::certificate::TestHierarchy::Refuse).unwrap();
    /// assert_eq!(c.policies(), ["1.2.392.200149.8.5.1.3.30"]);
    /// ```
    pub fn policies(&self) -> &[String] {
        &self.policies
    }
}

impl fmt::Debug for UserAuthCertificate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UserAuthCertificate")
            .field("serial", &"<redacted>")
            .field("issuer", &self.issuer)
            .field("validity", &self.validity)
            .finish_non_exhaustive()
    }
}
