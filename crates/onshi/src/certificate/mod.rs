//! The user-authentication certificate (利用者証明用電子証明書): validity with the alert window and the
//! grace period.

mod validity;

pub(crate) use validity::status_on_day;
pub use validity::{CertificateStatus, Revocation, ValidityPeriod};
