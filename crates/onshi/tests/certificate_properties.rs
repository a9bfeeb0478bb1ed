//! Properties of certificate validity over generated dates.
#![cfg(test)]

use chrono::{DateTime, Duration, Utc};
use onshi::RuleSet;
use onshi::calendar::VisitTime;
use onshi::certificate::{CertificateStatus, Revocation, ValidityPeriod};
use proptest::prelude::*;

fn rank(s: &CertificateStatus) -> u8 {
    match s {
        CertificateStatus::NotYetValid { .. } => 0,
        CertificateStatus::Valid { .. } => 1,
        CertificateStatus::ExpiringSoon { .. } => 2,
        CertificateStatus::InGrace { .. } => 3,
        CertificateStatus::Expired { .. } => 4,
        _ => 5,
    }
}

fn instant(secs: i64) -> DateTime<Utc> {
    DateTime::<Utc>::from_timestamp(secs, 0).unwrap()
}

fn at(secs: i64) -> VisitTime {
    VisitTime::from_datetime(instant(secs).fixed_offset())
}

// 2000-01-01 .. 2100-01-01
const LO: i64 = 946_684_800;
const HI: i64 = 4_102_444_800;

proptest! {
    #[test]
    fn status_never_goes_back_in_time(nb in LO..HI, len in 0i64..(10 * 365 * 86_400), t1 in LO..HI, dt in 0i64..(5 * 365 * 86_400)) {
        let rules = RuleSet::builtin();
        let p = ValidityPeriod { not_before: instant(nb), not_after: instant(nb + len) };
        let a = p.status(&rules, at(t1), Revocation::NotChecked);
        let b = p.status(&rules, at(t1 + dt), Revocation::NotChecked);
        prop_assert!(rank(&a) <= rank(&b), "{a:?} then {b:?}");
    }

    #[test]
    fn grace_extends_insurance_use_only(nb in LO..HI, len in 0i64..(10 * 365 * 86_400), t in LO..HI) {
        let rules = RuleSet::builtin();
        let p = ValidityPeriod { not_before: instant(nb), not_after: instant(nb + len) };
        let s = p.status(&rules, at(t), Revocation::NotChecked);
        if s.other_functions() {
            prop_assert!(instant(t) <= p.not_after && instant(t) >= p.not_before);
        }
        if let CertificateStatus::InGrace { grace_until, .. } = s {
            prop_assert!(s.insurance_use() && !s.other_functions());
            prop_assert!(instant(t) > p.not_after);
            prop_assert!(grace_until > p.expiry_date());
        }
        if instant(t) > p.not_after {
            prop_assert!(!s.other_functions());
        }
    }

    #[test]
    fn revocation_always_wins(nb in LO..HI, len in 0i64..(10 * 365 * 86_400), t in LO..HI) {
        let rules = RuleSet::builtin();
        let p = ValidityPeriod { not_before: instant(nb), not_after: instant(nb + len) };
        prop_assert_eq!(p.status(&rules, at(t), Revocation::Revoked), CertificateStatus::Revoked);
        prop_assert!(!p.status(&rules, at(t), Revocation::Suspended).insurance_use());
    }
}

#[test]
fn extreme_dates_do_not_panic() {
    let rules = RuleSet::builtin();
    let extremes = [
        DateTime::<Utc>::MIN_UTC,
        DateTime::<Utc>::MAX_UTC,
        instant(0),
    ];
    for nb in extremes {
        for na in extremes {
            for t in extremes {
                let p = ValidityPeriod {
                    not_before: nb,
                    not_after: na,
                };
                let _ = p.status(
                    &rules,
                    VisitTime::from_datetime(t.fixed_offset()),
                    Revocation::NotChecked,
                );
            }
        }
    }
    let p = ValidityPeriod {
        not_before: instant(0),
        not_after: DateTime::<Utc>::MAX_UTC - Duration::days(1),
    };
    let _ = p.expiry_date();
}
