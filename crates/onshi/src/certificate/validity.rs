//! Validity of the user-authentication certificate (利用者証明用電子証明書) at an instant, with the
//! alert window before expiry and the grace period after it (004_b85a80dacb8bbe22.txt:744–746).
//!
//! RFC 5280 §4.1.2.5: the certificate is valid from `notBefore` through `notAfter`, inclusive. J-LIS
//! sets `notAfter` to 14:59:59Z, which is 23:59:59 JST on the expiry day; the alert window and the grace
//! period are counted in JST calendar days from that day.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::calendar::{add_months, end_of_month, jst_date_of, sub_months};
use crate::policy::cited::Cited;
use crate::policy::rules::key;
use crate::policy::rules::{GraceBoundary, RuleId, RuleSet};
use crate::vocabulary;
use crate::vocabulary::kinds;

vocabulary! {
    /// What the caller knows about revocation (失効・一時停止の状況).
    ///
    /// onshi cannot ask: J-LIS serves CRL/OCSP for the user-authentication certificate only to approved
    /// operators (プラットフォーム事業者), and the library does no network I/O. A caller that learns the
    /// status — from the online qualification system's answer, a platform API, or the patient — passes it
    /// here; the default says honestly that it was not checked.
    ///
    /// # Example
    /// ```
    /// use onshi::certificate::{Revocation, ValidityPeriod};
    /// use onshi::RuleSet;
    /// use onshi::calendar::VisitTime;
    /// let p = ValidityPeriod { not_before: "2021-04-20T01:00:00Z".parse().unwrap(),
    ///                          not_after: "2030-04-20T14:59:59Z".parse().unwrap() };
    /// let at = VisitTime::parse("2026-01-15").unwrap();
    /// assert_eq!(p.status(&RuleSet::builtin(), at, Revocation::Suspended).kind(), "suspended");
    /// assert_eq!(Revocation::default(), Revocation::NotChecked);
    /// ```
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum Revocation {
        /// Not checked (the usual case at a desk).
        #[default]
        NotChecked = "not_checked", "失効状況は確認していません", "revocation not checked";
        /// Checked and in good standing.
        Good = "good", "失効していません", "not revoked";
        /// Revoked (失効: address or name change, death, 失効申請).
        Revoked = "revoked", "失効", "revoked";
        /// Suspended (一時利用停止 after loss or theft, 002:389).
        Suspended = "suspended", "一時停止中", "suspended";
    }
}

kinds! {
    /// The certificate's standing at an instant (電子証明書の状態), with the dates to show.
    ///
    /// # Example
    /// ```
    /// use onshi::certificate::{CertificateStatus, Revocation, ValidityPeriod};
    /// use onshi::RuleSet;
    /// use onshi::calendar::VisitTime;
    /// let p = ValidityPeriod { not_before: "2021-04-20T01:00:00Z".parse().unwrap(),
    ///                          not_after: "2026-04-20T14:59:59Z".parse().unwrap() };
    /// let at = VisitTime::parse("2026-01-20").unwrap();
    /// let d = |s: &str| s.parse().unwrap();
    /// assert_eq!(p.status(&RuleSet::builtin(), at, Revocation::NotChecked),
    ///            CertificateStatus::ExpiringSoon { expires: d("2026-04-20"), alert_from: d("2026-01-20") });
    /// ```
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(tag = "status")]
    pub enum CertificateStatus {
        /// Before `notBefore`.
        NotYetValid = "not_yet_valid" {
            /// First valid day (JST).
            valid_from: NaiveDate,
        },
        /// Valid, and not yet in the alert window.
        Valid = "valid" {
            /// Last valid day (JST).
            expires: NaiveDate,
            /// First day of the alert window.
            alert_from: NaiveDate,
        },
        /// Valid, but expiring within the alert window: renew at the municipality.
        ExpiringSoon = "expiring_soon" {
            /// Last valid day (JST).
            expires: NaiveDate,
            /// First day of the alert window.
            alert_from: NaiveDate,
        },
        /// Expired; usable as insurance card only (qualification check, no 薬剤/診療 information,
        /// no マイナポータル or convenience-store services) through `grace_until`.
        InGrace = "in_grace" {
            /// Last valid day (JST).
            expired: NaiveDate,
            /// Last day of insurance use.
            grace_until: NaiveDate,
        },
        /// Expired and past the grace period: 「電子証明書が失効しています」.
        Expired = "expired" {
            /// Last valid day (JST).
            expired: NaiveDate,
            /// Last day of the grace period (the expiry day itself when no grace rule applies).
            grace_ended: NaiveDate,
        },
        /// Revoked, as the caller reported.
        Revoked = "revoked",
        /// Suspended, as the caller reported.
        Suspended = "suspended",
    }
}

impl CertificateStatus {
    /// Whether the card can be used as an insurance card (マイナ保険証) in this status.
    ///
    /// # Example
    /// ```
    /// use onshi::certificate::CertificateStatus;
    /// let d = |s: &str| s.parse().unwrap();
    /// let grace = CertificateStatus::InGrace { expired: d("2026-02-10"), grace_until: d("2026-05-31") };
    /// assert!(grace.insurance_use());
    /// assert!(!grace.other_functions());
    /// ```
    pub fn insurance_use(&self) -> bool {
        matches!(
            self,
            CertificateStatus::Valid { .. }
                | CertificateStatus::ExpiringSoon { .. }
                | CertificateStatus::InGrace { .. }
        )
    }

    /// Whether the certificate's other uses (マイナポータル login, convenience-store certificates)
    /// work: only while it is valid. The grace period extends insurance use alone (004:746).
    ///
    /// # Example
    /// ```
    /// use onshi::certificate::CertificateStatus;
    /// let d = |s: &str| s.parse().unwrap();
    /// let soon = CertificateStatus::ExpiringSoon { expires: d("2026-04-20"), alert_from: d("2026-01-20") };
    /// assert!(soon.other_functions());
    /// assert!(!CertificateStatus::Revoked.other_functions());
    /// ```
    pub fn other_functions(&self) -> bool {
        matches!(
            self,
            CertificateStatus::Valid { .. } | CertificateStatus::ExpiringSoon { .. }
        )
    }

    /// The status as a binding reports it, flat: its kind, what it allows and the dates it carries
    /// (the shape of a certificate validity in Node's `CertificateValidity`).
    ///
    /// # Example
    /// ```
    /// use onshi::certificate::CertificateStatus;
    /// let d = |s: &str| s.parse().unwrap();
    /// let grace = CertificateStatus::InGrace { expired: d("2026-02-10"), grace_until: d("2026-05-31") };
    /// assert_eq!(
    ///     serde_json::to_value(grace.report()).unwrap(),
    ///     serde_json::json!({"status": "in_grace", "insurance_use": true, "other_functions": false,
    ///         "expired": "2026-02-10", "grace_until": "2026-05-31"}),
    /// );
    /// ```
    pub fn report(&self) -> StatusReport {
        StatusReport {
            status: crate::Kinds::kind(self),
            insurance_use: self.insurance_use(),
            other_functions: self.other_functions(),
            dates: self.dates(),
        }
    }

    /// The dates the status carries, each field set only where the status has it: what a binding
    /// shows without matching on the status itself.
    ///
    /// # Example
    /// ```
    /// use onshi::certificate::CertificateStatus;
    /// let d = |s: &str| s.parse().unwrap();
    /// let grace = CertificateStatus::InGrace { expired: d("2026-02-10"), grace_until: d("2026-05-31") };
    /// let dates = grace.dates();
    /// assert_eq!((dates.expired, dates.grace_until, dates.expires), (Some(d("2026-02-10")), Some(d("2026-05-31")), None));
    /// ```
    pub fn dates(&self) -> CertificateDates {
        use CertificateStatus as S;
        let mut dates = CertificateDates::default();
        match *self {
            S::NotYetValid { valid_from } => dates.valid_from = Some(valid_from),
            S::Valid {
                expires,
                alert_from,
            }
            | S::ExpiringSoon {
                expires,
                alert_from,
            } => {
                dates.expires = Some(expires);
                dates.alert_from = Some(alert_from);
            }
            S::InGrace {
                expired,
                grace_until,
            } => {
                dates.expired = Some(expired);
                dates.grace_until = Some(grace_until);
            }
            S::Expired {
                expired,
                grace_ended,
            } => {
                dates.expired = Some(expired);
                dates.grace_ended = Some(grace_ended);
            }
            S::Revoked | S::Suspended => {}
        }
        dates
    }

    /// The stable slug (`in_grace`).
    ///
    /// # Example
    /// ```
    /// assert_eq!(onshi::certificate::CertificateStatus::Suspended.kind(), "suspended");
    /// ```
    pub fn kind(&self) -> &'static str {
        crate::vocabulary::Kinds::kind(self)
    }

    /// The status in words for staff, with its dates.
    ///
    /// # Example
    /// ```
    /// use onshi::certificate::CertificateStatus;
    /// use onshi::Lang;
    /// let s = CertificateStatus::InGrace {
    ///     expired: "2026-01-10".parse().unwrap(),
    ///     grace_until: "2026-04-30".parse().unwrap(),
    /// };
    /// assert_eq!(s.words().get(Lang::En), "expired on 2026-01-10; usable as insurance card only until 2026-04-30");
    /// assert!(s.words().get(Lang::Ja).contains("保険証としてのみ利用可"));
    /// ```
    pub fn words(&self) -> crate::Text {
        use CertificateStatus as S;
        match self {
            S::NotYetValid { valid_from } => crate::Text::new(
                format!("まだ有効ではありません（{valid_from}から）"),
                format!("not yet valid (from {valid_from})"),
            ),
            S::Valid { expires, .. } => crate::Text::new(
                format!("有効（{expires}まで）"),
                format!("valid until {expires}"),
            ),
            S::ExpiringSoon { expires, .. } => crate::Text::new(
                format!("有効・まもなく期限（{expires}まで、更新をご案内）"),
                format!("valid until {expires}, expiring soon: guide renewal"),
            ),
            S::InGrace {
                expired,
                grace_until,
            } => crate::Text::new(
                format!("{expired}に期限切れ。{grace_until}まで保険証としてのみ利用可"),
                format!("expired on {expired}; usable as insurance card only until {grace_until}"),
            ),
            S::Expired {
                expired,
                grace_ended,
            } => crate::Text::new(
                format!("電子証明書が失効しています（{expired}期限切れ、猶予は{grace_ended}まで）"),
                format!("expired on {expired}; grace period ended on {grace_ended}"),
            ),
            S::Revoked => crate::Text::new("失効", "revoked"),
            S::Suspended => crate::Text::new("一時停止中", "suspended"),
        }
    }
}

/// The dates of a [`CertificateStatus`] (JST days), each set only where the status has it.
///
/// # Example
/// ```
/// let none = onshi::certificate::CertificateStatus::Revoked.dates();
/// assert_eq!(none, onshi::certificate::CertificateDates::default());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub struct CertificateDates {
    /// The first valid day (not yet valid).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<NaiveDate>,
    /// The last valid day (valid, expiring soon).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires: Option<NaiveDate>,
    /// The first day of the renewal alert (valid, expiring soon).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alert_from: Option<NaiveDate>,
    /// The last valid day, passed (in grace, expired).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expired: Option<NaiveDate>,
    /// The last day of insurance use in the grace period (in grace).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grace_until: Option<NaiveDate>,
    /// The day the grace period ended (expired).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub grace_ended: Option<NaiveDate>,
}

/// A [`CertificateStatus`] as a binding reports it ([`CertificateStatus::report`]): in JSON one
/// object with the status's kind, what it allows, and the dates it carries (absent ones left out).
///
/// # Example
/// ```
/// let revoked = onshi::certificate::CertificateStatus::Revoked.report();
/// assert_eq!((revoked.status, revoked.insurance_use), ("revoked", false));
/// assert_eq!(serde_json::to_string(&revoked).unwrap(),
///     r#"{"status":"revoked","insurance_use":false,"other_functions":false}"#);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct StatusReport {
    /// The status's kind (`valid`, `in_grace`, …).
    pub status: &'static str,
    /// Whether the card can be used as an insurance card ([`CertificateStatus::insurance_use`]).
    pub insurance_use: bool,
    /// Whether the other uses work ([`CertificateStatus::other_functions`]).
    pub other_functions: bool,
    /// The dates the status carries.
    #[serde(flatten)]
    pub dates: CertificateDates,
}

/// A certificate's validity period (有効期間), as instants.
///
/// # Example
/// ```
/// use onshi::certificate::{CertificateStatus, Revocation, ValidityPeriod};
/// use onshi::RuleSet;
/// use onshi::calendar::VisitTime;
/// let period = ValidityPeriod {
///     not_before: "2021-04-20T01:00:00Z".parse().unwrap(),
///     not_after: "2026-04-20T14:59:59Z".parse().unwrap(),
/// };
/// assert_eq!(period.expiry_date().to_string(), "2026-04-20");
/// let at = VisitTime::parse("2026-07-31T23:59:59+09:00").unwrap();
/// let status = period.status(&RuleSet::builtin(), at, Revocation::NotChecked);
/// assert_eq!(status.kind(), "in_grace");
/// let at = VisitTime::parse("2026-08-01T00:00:00+09:00").unwrap();
/// assert_eq!(period.status(&RuleSet::builtin(), at, Revocation::NotChecked).kind(), "expired");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ValidityPeriod {
    /// `notBefore`.
    pub not_before: DateTime<Utc>,
    /// `notAfter`.
    pub not_after: DateTime<Utc>,
}

impl ValidityPeriod {
    /// The period from `notBefore` and `notAfter` given as RFC 3339 instants
    /// (`2026-04-20T14:59:59Z`), as the bindings take them: an error names the field.
    ///
    /// # Errors
    /// [`InputError`](crate::error::InputError) `invalid` naming `not_before` or `not_after`.
    ///
    /// # Example
    /// ```
    /// let p = onshi::certificate::ValidityPeriod::parse_fields("2021-04-20T01:00:00Z", "2026-04-20T14:59:59Z").unwrap();
    /// assert_eq!(p.expiry_date().to_string(), "2026-04-20");
    /// let e = onshi::certificate::ValidityPeriod::parse_fields("2021-04-20", "2026-04-20T14:59:59Z").unwrap_err();
    /// assert_eq!((e.kind(), e.field()), (onshi::error::ErrorKind::Invalid, "not_before"));
    /// ```
    pub fn parse_fields(
        not_before: &str,
        not_after: &str,
    ) -> Result<Self, crate::error::InputError> {
        let instant = |text: &str, field: &str| {
            DateTime::parse_from_rfc3339(text)
                .map(|t| t.with_timezone(&Utc))
                .map_err(|_| crate::error::InputError::Invalid {
                    field: field.to_owned(),
                    problem: "not an RFC 3339 instant such as 2026-04-20T14:59:59Z".to_owned(),
                })
        };
        Ok(ValidityPeriod {
            not_before: instant(not_before, "not_before")?,
            not_after: instant(not_after, "not_after")?,
        })
    }

    /// The JST calendar day of `notAfter`: the last valid day as people state it.
    ///
    /// # Example
    /// ```
    /// let p = onshi::certificate::ValidityPeriod {
    ///     not_before: "2021-01-01T00:00:00Z".parse().unwrap(),
    ///     not_after: "2026-02-28T15:00:00Z".parse().unwrap(),
    /// };
    /// assert_eq!(p.expiry_date().to_string(), "2026-03-01"); // 00:00 JST on 1 March
    /// ```
    pub fn expiry_date(&self) -> NaiveDate {
        jst_date_of(self.not_after)
    }

    /// The status at `at` under the rule table's alert window and grace period.
    ///
    /// # Example
    /// ```
    /// use onshi::certificate::{Revocation, ValidityPeriod};
    /// use onshi::RuleSet;
    /// use onshi::calendar::VisitTime;
    /// let p = ValidityPeriod { not_before: "2026-01-10T01:00:00Z".parse().unwrap(),
    ///                          not_after: "2031-01-10T14:59:59Z".parse().unwrap() };
    /// let rules = RuleSet::builtin();
    /// assert_eq!(p.status(&rules, VisitTime::parse("2026-01-10T09:59:59+09:00").unwrap(), Revocation::NotChecked).kind(), "not_yet_valid");
    /// assert_eq!(p.status(&rules, VisitTime::parse("2026-01-10T10:00:00+09:00").unwrap(), Revocation::NotChecked).kind(), "valid");
    /// ```
    pub fn status(
        &self,
        rules: &RuleSet,
        at: crate::calendar::VisitTime,
        revocation: Revocation,
    ) -> CertificateStatus {
        match revocation {
            Revocation::Revoked => return CertificateStatus::Revoked,
            Revocation::Suspended => return CertificateStatus::Suspended,
            Revocation::NotChecked | Revocation::Good => {}
        }
        let instant = at.instant().with_timezone(&Utc);
        if instant < self.not_before {
            return CertificateStatus::NotYetValid {
                valid_from: jst_date_of(self.not_before),
            };
        }
        classify(
            rules,
            self.expiry_date(),
            at.date(),
            instant > self.not_after,
        )
        .value
    }
}

/// The status on JST day `on` of a certificate whose last valid day is `expires`, with the rule
/// that gave it.
pub(crate) fn status_on_day(
    rules: &RuleSet,
    expires: NaiveDate,
    on: NaiveDate,
) -> Cited<CertificateStatus> {
    classify(rules, expires, on, on > expires)
}

/// The status of a certificate whose last valid day is `expires`, on JST day `on`: before its
/// expiry the alert window decides, after it the grace period.
fn classify(
    rules: &RuleSet,
    expires: NaiveDate,
    on: NaiveDate,
    expired: bool,
) -> Cited<CertificateStatus> {
    if expired {
        grace_period(rules, expires, on)
    } else {
        alert_window(rules, expires, on)
    }
}

// certificate.alert-window — 004_b85a80dacb8bbe22.txt:744: the reader warns from 3 months before
// the certificate's expiry; renewal is at the municipality.
/// A certificate still valid on `on`: expiring soon from `months` (the rule's parameter) before
/// `expires`, else valid. Without a row that day there is no window.
fn alert_window(rules: &RuleSet, expires: NaiveDate, on: NaiveDate) -> Cited<CertificateStatus> {
    let Some(months) = rules.param(key::CertificateAlertWindow, on) else {
        return Cited::uncited(CertificateStatus::Valid {
            expires,
            alert_from: expires,
        });
    };
    let alert_from = sub_months(expires, months);
    if on >= alert_from {
        Cited::by(
            CertificateStatus::ExpiringSoon {
                expires,
                alert_from,
            },
            RuleId::CertificateAlertWindow,
        )
    } else {
        Cited::uncited(CertificateStatus::Valid {
            expires,
            alert_from,
        })
    }
}

// certificate.grace-period — 004_b85a80dacb8bbe22.txt:746; reference/jpki.md §6.4: after expiry the
// card is usable as insurance card only (qualification, no 薬剤/診療 information) for 3 months, counted
// to the month's end or day-exact as the row's `boundary` says.
/// A certificate expired before `on`: in its grace period through its last day, else expired.
/// Without a row that day there is no grace: expired on its last valid day (the rule is still
/// what decided it, so it is cited).
fn grace_period(rules: &RuleSet, expires: NaiveDate, on: NaiveDate) -> Cited<CertificateStatus> {
    let Some((months, boundary)) = rules.param(key::CertificateGracePeriod, on) else {
        let status = CertificateStatus::Expired {
            expired: expires,
            grace_ended: expires,
        };
        return Cited::by(status, RuleId::CertificateGracePeriod);
    };
    let grace_until = grace_end(expires, months, boundary);
    let status = if on <= grace_until {
        CertificateStatus::InGrace {
            expired: expires,
            grace_until,
        }
    } else {
        CertificateStatus::Expired {
            expired: expires,
            grace_ended: grace_until,
        }
    };
    Cited::by(status, RuleId::CertificateGracePeriod)
}

/// The last day of insurance use after a certificate whose last valid day is `expires`.
fn grace_end(expires: NaiveDate, months: u32, boundary: GraceBoundary) -> NaiveDate {
    match boundary {
        GraceBoundary::MonthEnd => end_of_month(add_months(expires, months)),
        GraceBoundary::DayExact => add_months(expires, months),
    }
}
