//! Test support for onshi: JPKI-profile certificate authorities and card certificates, generated on
//! the fly so that no real person's certificate (and no generated fixture) is ever committed.
//!
//! The profile follows `reference/jpki.md` §6.1 and §6.3: RSA-2048 keys, sha256WithRSAEncryption,
//! issuer `C=JP, O=JPKI, OU=JPKI for user authentication, OU=Japan Agency for Local Authority
//! Information Systems`, a root with a subject key identifier, leaves with an authority key identifier,
//! key usage digitalSignature, the certificate policy `1.2.392.200149.8.5.1.3.30`, and `notAfter` at
//! 14:59:59Z. Keys come from a seeded generator, so every run builds the same certificates.
//!
//! ```
//! let der = onshi_testkit::leaf("2030-02-17T14:59:59Z");
//! assert_eq!(der[0], 0x30);
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use rand::SeedableRng;
use rand::rngs::StdRng;
use rcgen::{
    BasicConstraints, CertificateParams, CustomExtension, DistinguishedName, DnType, IsCa, Issuer,
    KeyPair, KeyUsagePurpose, PKCS_ECDSA_P256_SHA256, PKCS_RSA_SHA256, SerialNumber,
};
use rsa::RsaPrivateKey;
use rsa::pkcs8::EncodePrivateKey;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// The organisation unit that names J-LIS in every JPKI DN.
pub const JLIS_UNIT: &str = "Japan Agency for Local Authority Information Systems";
/// The user-authentication unit.
pub const USER_AUTH_UNIT: &str = "JPKI for user authentication";
/// The digital-signature unit.
pub const SIGNATURE_UNIT: &str = "JPKI for digital signature";
/// The certificate policy reported for user-authentication certificates.
pub const USER_AUTH_POLICY: &[u64] = &[1, 2, 392, 200149, 8, 5, 1, 3, 30];

/// A deterministic RSA-2048 key for `seed` (PKCS#8 DER), generated once per process.
pub fn rsa_pkcs8(seed: u64) -> Vec<u8> {
    static KEYS: OnceLock<Mutex<HashMap<u64, Vec<u8>>>> = OnceLock::new();
    let keys = KEYS.get_or_init(Default::default);
    if let Some(der) = keys.lock().expect("key cache").get(&seed) {
        return der.clone();
    }
    let mut rng = StdRng::seed_from_u64(seed);
    let key = RsaPrivateKey::new(&mut rng, 2048).expect("RSA key generation");
    let der = key.to_pkcs8_der().expect("PKCS#8").as_bytes().to_vec();
    keys.lock().expect("key cache").insert(seed, der.clone());
    der
}

/// An rcgen key pair for the RSA key of `seed`.
pub fn rsa_key(seed: u64) -> KeyPair {
    let der = rsa_pkcs8(seed);
    KeyPair::from_pkcs8_der_and_sign_algo(&der.as_slice().into(), &PKCS_RSA_SHA256)
        .expect("rcgen accepts the RSA key")
}

fn instant(text: &str) -> OffsetDateTime {
    OffsetDateTime::parse(text, &Rfc3339).expect("an RFC 3339 instant")
}

/// What a generated authority looks like.
#[derive(Clone, Debug)]
pub struct AuthoritySpec<'a> {
    /// `O=`: `JPKI`, or `JPKI-TEST` for the test hierarchy.
    pub org: &'a str,
    /// The purpose unit: [`USER_AUTH_UNIT`] or [`SIGNATURE_UNIT`].
    pub unit: &'a str,
    /// Serial number bytes.
    pub serial: &'a [u8],
    /// `notBefore` (RFC 3339).
    pub not_before: &'a str,
    /// `notAfter` (RFC 3339).
    pub not_after: &'a str,
    /// Seed of its RSA key.
    pub key_seed: u64,
}

impl Default for AuthoritySpec<'_> {
    fn default() -> Self {
        AuthoritySpec {
            org: "JPKI",
            unit: USER_AUTH_UNIT,
            serial: &[0x06, 0xD1, 0x80, 0x06],
            not_before: "2023-07-16T01:01:04Z",
            not_after: "2033-07-15T14:59:59Z",
            key_seed: 1,
        }
    }
}

/// A generated self-signed root that can issue card certificates.
pub struct Authority {
    params: CertificateParams,
    key: KeyPair,
    der: Vec<u8>,
}

/// The key of a generated card certificate.
#[derive(Clone, Copy, Debug)]
pub enum LeafKey {
    /// RSA-2048 from this seed (the real profile).
    Rsa(u64),
    /// ECDSA P-256 (not the JPKI profile: for refusal tests).
    Ec,
}

/// What a generated card certificate looks like.
#[derive(Clone, Debug)]
pub struct LeafSpec<'a> {
    /// `notBefore` (RFC 3339).
    pub not_before: &'a str,
    /// `notAfter` (RFC 3339), 14:59:59Z in the real profile.
    pub not_after: &'a str,
    /// Serial number bytes.
    pub serial: &'a [u8],
    /// Whether to include the authority key identifier.
    pub authority_key_id: bool,
    /// The key.
    pub key: LeafKey,
    /// Make it a CA certificate (for refusal tests).
    pub ca: bool,
}

impl Default for LeafSpec<'_> {
    fn default() -> Self {
        LeafSpec {
            not_before: "2025-02-17T01:00:00Z",
            not_after: "2030-02-17T14:59:59Z",
            serial: &[0x0A, 0x0B, 0x0C, 0x0D],
            authority_key_id: true,
            key: LeafKey::Rsa(42),
            ca: false,
        }
    }
}

fn jpki_name(org: &str, unit: &str) -> DistinguishedName {
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CountryName, "JP");
    dn.push(DnType::OrganizationName, org);
    dn.push(DnType::OrganizationalUnitName, unit);
    // A second OU: rcgen keeps one value per type, so the same OID is given as a custom type.
    dn.push(DnType::CustomDnType(vec![2, 5, 4, 11]), JLIS_UNIT);
    dn
}

impl Authority {
    /// Generates a self-signed root.
    pub fn root(spec: &AuthoritySpec<'_>) -> Authority {
        let mut params = CertificateParams::default();
        params.distinguished_name = jpki_name(spec.org, spec.unit);
        params.serial_number = Some(SerialNumber::from_slice(spec.serial));
        params.not_before = instant(spec.not_before);
        params.not_after = instant(spec.not_after);
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        let key = rsa_key(spec.key_seed);
        let der = params
            .self_signed(&key)
            .expect("self-signed root")
            .der()
            .to_vec();
        Authority { params, key, der }
    }

    /// The root certificate, DER.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// The root certificate, PEM.
    pub fn pem(&self) -> String {
        pem_of(&self.der)
    }

    /// Issues a card certificate (DER) under this root.
    pub fn issue(&self, spec: &LeafSpec<'_>) -> Vec<u8> {
        let mut params = CertificateParams::default();
        let mut dn = DistinguishedName::new();
        dn.push(DnType::CountryName, "JP");
        dn.push(DnType::CommonName, "SYNTHETIC0000000000000A");
        params.distinguished_name = dn;
        params.serial_number = Some(SerialNumber::from_slice(spec.serial));
        params.not_before = instant(spec.not_before);
        params.not_after = instant(spec.not_after);
        params.use_authority_key_identifier_extension = spec.authority_key_id;
        if spec.ca {
            params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
            params.key_usages = vec![KeyUsagePurpose::KeyCertSign];
        } else {
            params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        }
        params
            .custom_extensions
            .push(CustomExtension::from_oid_content(
                &[2, 5, 29, 32],
                policies_der(),
            ));
        let key = match spec.key {
            LeafKey::Rsa(seed) => rsa_key(seed),
            LeafKey::Ec => KeyPair::generate_for(&PKCS_ECDSA_P256_SHA256).expect("EC key"),
        };
        let issuer = Issuer::from_params(&self.params, &self.key);
        params
            .signed_by(&key, &issuer)
            .expect("signed leaf")
            .der()
            .to_vec()
    }
}

/// `certificatePolicies` with the user-authentication policy OID, DER.
fn policies_der() -> Vec<u8> {
    let mut oid = vec![42u8, 131, 8]; // 1.2 (42), 392 (0x83 0x08)
    for arc in &USER_AUTH_POLICY[3..] {
        let mut bytes = vec![(*arc & 0x7f) as u8];
        let mut v = *arc >> 7;
        while v > 0 {
            bytes.push(((v & 0x7f) as u8) | 0x80);
            v >>= 7;
        }
        bytes.reverse();
        oid.extend(bytes);
    }
    let mut oid_tlv = vec![0x06, oid.len() as u8];
    oid_tlv.extend(oid);
    let mut info = vec![0x30, oid_tlv.len() as u8];
    info.extend(oid_tlv);
    let mut seq = vec![0x30, info.len() as u8];
    seq.extend(info);
    seq
}

/// PEM text of a DER certificate (the library's own encoder, [`onshi::certificate::certificate_pem`]).
pub fn pem_of(der: &[u8]) -> String {
    onshi::certificate::certificate_pem(der)
}

/// The shared user-authentication root (like J-LIS generation 3), generated once per process.
pub fn user_auth_root() -> &'static Authority {
    static ROOT: OnceLock<Authority> = OnceLock::new();
    ROOT.get_or_init(|| Authority::root(&AuthoritySpec::default()))
}

/// A card certificate under [`user_auth_root`] expiring at `not_after` (RFC 3339), DER.
pub fn leaf(not_after: &str) -> Vec<u8> {
    user_auth_root().issue(&LeafSpec {
        not_after,
        ..LeafSpec::default()
    })
}

/// A valid 12-digit 個人番号 from its first 11 digits: the check digit of 総務省令第85号 第5条
/// (weights 2–7, 2–6 from the right, modulus 11), computed here on its own so that the library's
/// guard is tested against an independent definition.
///
/// # Example
/// ```
/// assert_eq!(onshi_testkit::my_number(&[9, 8, 3, 2, 0, 5, 6, 7, 3, 2, 1]), "983205673214");
/// ```
pub fn my_number(body: &[u32]) -> String {
    let sum: u32 = (1..=11u32)
        .zip(body.iter().rev())
        .map(|(n, p)| p * if n <= 6 { n + 1 } else { n - 5 })
        .sum();
    let r = sum % 11;
    let check = if r <= 1 { 0 } else { 11 - r };
    body.iter().map(|d| d.to_string()).collect::<String>() + &check.to_string()
}
