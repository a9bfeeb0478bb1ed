//! Trust anchors, the check of a card's user-authentication certificate, and its validity dates.

use pyo3::prelude::*;
use pyo3::types::PyTuple;

use crate::rules::RuleSet;
use crate::{byte_input, enum_member, from_slug, raise, raise_at, to_dict, unreadable, visit_time};

/// Root certificates the caller trusts (J-LIS roots, given as input). Immutable once made.
#[pyclass(frozen, module = "onshi._onshi")]
pub struct TrustAnchors {
    anchors: onshi::certificate::TrustAnchors,
}

#[pymethods]
impl TrustAnchors {
    /// Anchors from certificates, each DER or PEM (one or more blocks).
    #[new]
    #[pyo3(signature = (*certificates))]
    fn new(certificates: &Bound<'_, PyTuple>) -> PyResult<Self> {
        let mut anchors = onshi::certificate::TrustAnchors::new();
        for (i, c) in certificates.iter().enumerate() {
            let data = byte_input(&c, &format!("certificates[{i}]"))?;
            anchors
                .add(&data)
                .map_err(|e| raise_at(&e, std::path::Path::new(&format!("certificates[{i}]"))))?;
        }
        Ok(TrustAnchors { anchors })
    }

    /// Anchors from files (DER or PEM).
    #[staticmethod]
    #[pyo3(signature = (*paths))]
    fn from_files(paths: Vec<std::path::PathBuf>) -> PyResult<Self> {
        let mut anchors = onshi::certificate::TrustAnchors::new();
        for path in paths {
            // A certificate is a few KiB; 64 KiB is read at most, as the command line does.
            let data = onshi_oqs::open_input(&path, 64 << 10)
                .and_then(|mut file| file.read_all())
                .map_err(|e| unreadable(onshi::error::ErrorDomain::Certificate, &path, &e))?;
            anchors.add(&data).map_err(|e| raise_at(&e, &path))?;
        }
        Ok(TrustAnchors { anchors })
    }

    fn __len__(&self) -> usize {
        self.anchors.anchors().len()
    }

    fn __repr__(&self) -> String {
        format!("TrustAnchors({} roots)", self.anchors.anchors().len())
    }
}

/// What a certificate check found.
#[pyclass(frozen, module = "onshi._onshi")]
pub struct CertificateCheck {
    check: onshi::certificate::CertificateCheck,
}

#[pymethods]
impl CertificateCheck {
    /// not_yet_valid, valid, expiring_soon, in_grace, expired, revoked or suspended.
    #[getter]
    fn status<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        enum_member(py, "CertificateStatus", self.check.status.kind())
    }

    /// Whether the card may still be used as a health-insurance card.
    #[getter]
    fn insurance_use(&self) -> bool {
        self.check.status.insurance_use()
    }

    /// Whether its other functions (e-Tax, convenience-store copies, …) still work.
    #[getter]
    fn other_functions(&self) -> bool {
        self.check.status.other_functions()
    }

    /// The expiry date (有効期限).
    #[getter]
    fn expires(&self) -> chrono::NaiveDate {
        self.check.certificate.validity().expiry_date()
    }

    /// The whole check as a JSON-compatible dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_dict(py, &self.check)
    }

    fn __repr__(&self) -> String {
        format!("CertificateCheck(status={})", self.check.status.kind())
    }
}

/// Checks a card's user-authentication certificate (DER or PEM) against `anchors` at `at`: profile,
/// chain, signature and validity with the rule table's alert and grace periods. Runs without the
/// GIL. Certificates of the J-LIS test hierarchy are refused unless `allow_test` is set.
#[pyfunction]
#[pyo3(signature = (rules, anchors, certificate, at, *, revocation = "not_checked", allow_test = false))]
pub(crate) fn check_certificate(
    py: Python<'_>,
    rules: &RuleSet,
    anchors: &TrustAnchors,
    certificate: &Bound<'_, PyAny>,
    at: &Bound<'_, PyAny>,
    revocation: &str,
    allow_test: bool,
) -> PyResult<CertificateCheck> {
    let cert = byte_input(certificate, "certificate")?;
    let at = visit_time(at, "at")?;
    let revocation: onshi::certificate::Revocation = from_slug(revocation, "revocation")?;
    let test = if allow_test {
        onshi::certificate::TestHierarchy::Allow
    } else {
        onshi::certificate::TestHierarchy::Refuse
    };
    py.detach(|| {
        onshi::certificate::check_certificate(
            &rules.rules,
            &anchors.anchors,
            &cert,
            at,
            revocation,
            test,
        )
    })
    .map(|check| CertificateCheck { check })
    .map_err(|e| raise(&e))
}

/// A certificate's status at an instant, with its dates (each None where the status has none).
#[pyclass(module = "onshi._onshi", frozen)]
pub struct CertificateValidity {
    status: onshi::certificate::CertificateStatus,
}

#[pymethods]
impl CertificateValidity {
    /// not_yet_valid, valid, expiring_soon, in_grace, expired, revoked or suspended.
    #[getter]
    fn status<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        enum_member(py, "CertificateStatus", self.status.kind())
    }

    /// Whether the card may be used as a health-insurance card.
    #[getter]
    fn insurance_use(&self) -> bool {
        self.status.insurance_use()
    }

    /// Whether its other functions (マイナポータル, certificates) work.
    #[getter]
    fn other_functions(&self) -> bool {
        self.status.other_functions()
    }

    /// The first valid day (not yet valid).
    #[getter]
    fn valid_from(&self) -> Option<chrono::NaiveDate> {
        self.status.dates().valid_from
    }

    /// The last valid day (valid, expiring soon).
    #[getter]
    fn expires(&self) -> Option<chrono::NaiveDate> {
        self.status.dates().expires
    }

    /// The first day of the renewal alert (valid, expiring soon).
    #[getter]
    fn alert_from(&self) -> Option<chrono::NaiveDate> {
        self.status.dates().alert_from
    }

    /// The last valid day, passed (in grace, expired).
    #[getter]
    fn expired(&self) -> Option<chrono::NaiveDate> {
        self.status.dates().expired
    }

    /// The last day of insurance use in the grace period (in grace).
    #[getter]
    fn grace_until(&self) -> Option<chrono::NaiveDate> {
        self.status.dates().grace_until
    }

    /// The day the grace period ended (expired).
    #[getter]
    fn grace_ended(&self) -> Option<chrono::NaiveDate> {
        self.status.dates().grace_ended
    }

    fn __repr__(&self) -> String {
        format!("CertificateValidity(status={})", self.status.kind())
    }
}

/// The status of a certificate valid from `not_before` to `not_after` (RFC 3339 instants, as a
/// reader SDK gives them) at `at`, with the rule table's alert window and grace period and what
/// the caller knows of its revocation (a `Revocation` or its value).
#[pyfunction]
#[pyo3(signature = (rules, not_before, not_after, at, *, revocation = "not_checked"))]
pub(crate) fn certificate_validity(
    rules: &RuleSet,
    not_before: &str,
    not_after: &str,
    at: &Bound<'_, PyAny>,
    revocation: &str,
) -> PyResult<CertificateValidity> {
    let period = onshi::certificate::ValidityPeriod::parse_fields(not_before, not_after)
        .map_err(|e| raise(&e))?;
    let at = visit_time(at, "at")?;
    let revocation: onshi::certificate::Revocation = from_slug(revocation, "revocation")?;
    Ok(CertificateValidity {
        status: period.status(&rules.rules, at, revocation),
    })
}
