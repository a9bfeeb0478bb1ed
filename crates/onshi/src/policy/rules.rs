//! The dated rule table (ルールテーブル): policy as data.
//!
//! Every date or parameter that a ministry notice can change lives here, never in code. A rule set is
//! JSON: a `version`, and rows each with an [`RuleId`], a Japanese/English title, the first and last
//! day it applies (`from`, `until`, both inclusive, JST), a `source` (a `sources/` file:line or a
//! public notice) and typed `params`. The same id may appear in several rows (a revision is a new row)
//! as long as their date ranges do not overlap.
//!
//! The default table is embedded ([`RuleSet::builtin`]); [`RuleSet::from_json`] loads another. A file
//! with `"extends": "builtin"` is an overlay: each of its rows replaces the built-in rows of its id on
//! the days it covers, and only on those (a built-in row is cut around it), so a new notice can be
//! applied without recompiling.
//!
//! Every load holds the table to invariants: parameters within their bounds (`params.rs`), a review
//! date within two years of the table's own date, and, for each rule the engine needs on every day,
//! a row in force on every day from its first row to the table's horizon (`coverage.rs`).

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::cited::{Applied, Cited};
use super::coverage::{Continuity, Holes, check_coverage, check_reviewed};
use super::overlay::lay_over;
use super::params::{Key, Shape, shape};
use crate::error::RuleError;
use crate::reception::identity::ReaderMethods;
use crate::vocabulary::Text;

/// The built-in rule table, as JSON.
///
/// # Example
/// ```
/// let table: serde_json::Value = serde_json::from_str(onshi::policy::BUILTIN_RULES_JSON).unwrap();
/// assert_eq!(table["format"], 1);
/// ```
pub const BUILTIN_RULES_JSON: &str = include_str!("../../rules/default.json");

macro_rules! rule_ids {
    ($( $(#[$doc:meta])* $variant:ident = $slug:literal => $kind:ident, $continuity:ident, )*) => {
        /// The identifier of a rule (ルールID): a stable slug such as `certificate.grace-period`.
        ///
        /// Decisions list the ids of the rules that produced them; the ids never change meaning.
        ///
        /// # Example
        /// ```
        /// use onshi::policy::RuleId;
        /// let id: RuleId = "certificate.grace-period".parse().unwrap();
        /// assert_eq!(id, RuleId::CertificateGracePeriod);
        /// assert!("certificate.grace".parse::<RuleId>().is_err());
        /// ```
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum RuleId {
            $( $(#[$doc])* $variant, )*
        }

        impl RuleId {
            /// Every rule id the engine knows, in table order.
            ///
            /// # Example
            /// ```
            /// assert!(onshi::policy::RuleId::ALL.contains(&onshi::policy::RuleId::PinMaxTries));
            /// ```
            pub const ALL: &'static [RuleId] = &[$(RuleId::$variant,)*];

            /// The slug used in JSON and in decisions.
            ///
            /// # Example
            /// ```
            /// assert_eq!(onshi::policy::RuleId::PinMaxTries.as_str(), "pin.max-tries");
            /// ```
            pub fn as_str(&self) -> &'static str {
                match self { $(RuleId::$variant => $slug,)* }
            }

            /// Reads a row's `params` by this rule's shape (declared once, below).
            fn parse_params(self, value: serde_json::Value) -> Result<RuleParams, String> {
                match self { $(RuleId::$variant => <shape::$kind as Shape>::parse(value),)* }
            }

            /// How this rule's rows must cover the calendar (declared once, below).
            pub(crate) fn continuity(self) -> Continuity {
                match self { $(RuleId::$variant => Continuity::$continuity,)* }
            }
        }

        /// Each rule's typed key: its id with the shape of its parameters, for
        /// [`RuleSet::param`](crate::RuleSet). Rules without parameters have one too, unused.
        #[allow(non_upper_case_globals, dead_code)]
        pub(crate) mod key {
            use super::*;
            $(pub(crate) const $variant: Key<shape::$kind> = Key::new(RuleId::$variant);)*
        }

        impl FromStr for RuleId {
            type Err = RuleError;
            fn from_str(s: &str) -> Result<Self, RuleError> {
                match s {
                    $($slug => Ok(RuleId::$variant),)*
                    _ => Err(RuleError::UnknownRule {
                        id: crate::error::quoted(s),
                    }),
                }
            }
        }
    };
}

// Each id: its slug, the shape of its parameters (`params.rs`) and how its rows must cover the
// calendar (`coverage.rs`): `Continuous` rules are needed on every day from their first row to the
// table's horizon (a hole is refused on load); a day without a row of a `Dated` rule is itself an
// answer (a measure or window not in force, or 高額療養費 limits reported as missing).
rule_ids! {
    /// マイナ保険証 confirmed online: the normal route.
    ///
    /// Applied by `Engine::online_check` (`reception/engine/myna.rs`), through
    /// [`decide`](crate::decide).
    OnlineMynaCard = "online.myna-card" => None, Continuous,
    /// No new legacy 被保険者証 from 2024-12-02.
    ///
    /// Applied by `Engine::issued_after_abolition` (`reception/engine/legacy.rs`), through
    /// [`decide`](crate::decide).
    LegacyNoNewIssue = "legacy.no-new-issue" => None, Continuous,
    /// A legacy card is valid until the expiry printed on it.
    ///
    /// Applied by `Engine::printed_expiry` (`reception/engine/legacy.rs`), through
    /// [`decide`](crate::decide).
    LegacyPrintedExpiry = "legacy.printed-expiry" => None, Continuous,
    /// A legacy card valid on 2024-12-02 stays valid at most until `last_valid_day`.
    ///
    /// Applied by `Engine::transition_end` (`reception/engine/legacy.rs`), through
    /// [`decide`](crate::decide).
    LegacyTransitionEnd = "legacy.transition-end" => LastValidDay, Continuous,
    /// Insurers' own earlier ends for legacy cards.
    ///
    /// Applied by `Engine::insurer_end` (`reception/engine/legacy.rs`), through
    /// [`decide`](crate::decide).
    LegacyInsurerEnd = "legacy.insurer-end" => InsurerEnds, Continuous,
    /// A legacy card ends when its holder changes insurer.
    ///
    /// Applied by `Engine::insurer_changed` (`reception/engine/legacy.rs`), through
    /// [`decide`](crate::decide).
    LegacyInsurerChange = "legacy.insurer-change" => None, Continuous,
    /// From 2025-12-02, in principle only マイナ保険証 or 資格確認書.
    ///
    /// Applied by `Engine::card_or_certificate_only` (`reception/engine/legacy.rs`), through
    /// [`decide`](crate::decide).
    CardOrCertificateOnly = "reception.card-or-certificate-only" => None, Continuous,
    /// A patient with no usable document is handled like a forgotten insurance card.
    ///
    /// Applied by `Engine::no_document` (`reception/engine/documents.rs`), through
    /// [`decide`](crate::decide).
    NoDocument = "reception.no-document" => None, Continuous,
    /// Alert when the user-authentication certificate expires within `months`.
    ///
    /// Applied by `alert_window` (`certificate/validity.rs`), through
    /// [`ValidityPeriod::status`](crate::certificate::ValidityPeriod::status) and [`decide`](crate::decide).
    CertificateAlertWindow = "certificate.alert-window" => Months, Continuous,
    /// After expiry the card stays usable as insurance card for a grace period.
    ///
    /// Applied by `grace_period` (`certificate/validity.rs`), through
    /// [`ValidityPeriod::status`](crate::certificate::ValidityPeriod::status) and [`decide`](crate::decide) (for
    /// the certificate, and for the card itself under `card.expiry-grace`).
    CertificateGracePeriod = "certificate.grace-period" => Grace, Continuous,
    /// The same grace period after the card itself expires (its own 有効期限, not only its
    /// certificate's): reported by a municipal page. Without a row, a card past its own expiry is
    /// not usable.
    ///
    /// Applied by `Engine::card_past_expiry` (`reception/engine/myna.rs`), through
    /// [`decide`](crate::decide).
    CardExpiryGrace = "card.expiry-grace" => None, Dated,
    /// Consecutive wrong PINs before the user-authentication PIN locks.
    ///
    /// Applied by `last_try` (`card/pin.rs`), the lock the last-try guard rests on; a card
    /// reporting more tries left than it allows is refused ([`decide`](crate::decide)'s input
    /// check).
    PinMaxTries = "pin.max-tries" => Tries, Continuous,
    /// One try left: the next wrong PIN locks the card, so no PIN is sent or offered first before
    /// the patient is asked.
    ///
    /// Applied by `last_try` (`card/pin.rs`), the one guard of the card protocol
    /// ([`JpkiCard::verify_pin`](crate::card::JpkiCard::verify_pin)) and of [`decide`](crate::decide).
    PinLastTry = "pin.last-try" => None, Continuous,
    /// Identity methods offered by each reader.
    ///
    /// Applied by `Engine::identity_methods` (`reception/engine/myna.rs`), through
    /// [`decide`](crate::decide).
    IdentityMethodsByReader = "identity.methods-by-reader" => ReaderMethods, Continuous,
    /// A locked or forgotten PIN: face or staff visual check still confirm identity.
    ///
    /// Applied by `Engine::pin_locked` (`reception/engine/myna.rs`), through
    /// [`decide`](crate::decide).
    IdentityPinLocked = "identity.pin-locked" => None, Continuous,
    /// Where a locked or forgotten PIN is reset: the municipal counter, or a convenience-store kiosk
    /// when the 署名用 password is known.
    ///
    /// Applied by `Engine::pin_reset_at_kiosk` (`reception/engine/myna.rs`), through
    /// [`decide`](crate::decide).
    PinResetChannels = "pin.reset-channels" => None, Continuous,
    /// 顔認証マイナンバーカード: no PIN path.
    ///
    /// Applied by `Engine::identity_methods` (`reception/engine/myna.rs`), through
    /// [`decide`](crate::decide).
    IdentityFaceOnlyCard = "identity.face-only-card" => None, Continuous,
    /// A suspended (lost/stolen) or revoked card cannot be used.
    ///
    /// Applied by `Engine::card_suspended` (`reception/engine/myna.rs`), through
    /// [`decide`](crate::decide). ([`ValidityPeriod::status`](crate::certificate::ValidityPeriod::status)
    /// reports a revocation it is told of.)
    CardSuspended = "card.suspended" => None, Continuous,
    /// Smartphone マイナ保険証 (iPhone / Android) accepted.
    ///
    /// Applied by `Engine::smartphone_unreadable` (`reception/engine/myna.rs`), through
    /// [`decide`](crate::decide).
    CardSmartphone = "card.smartphone" => None, Continuous,
    /// A smartphone マイナ保険証 stops once the physical card's certificate has expired: the grace
    /// period is the physical card's only.
    ///
    /// Applied by `Engine::smartphone_no_grace` (`reception/engine/myna.rs`), through
    /// [`decide`](crate::decide).
    CardSmartphoneNoGrace = "card.smartphone-no-grace" => None, Continuous,
    /// 「Androidのマイナンバーカード」 replaces the スマホ用電子証明書 service (planned).
    ///
    /// A planned row: no decision applies it yet; [`RuleSet::audit`](crate::RuleSet::audit) lists it.
    CardAndroidWallet = "card.android-wallet" => None, Dated,
    /// Who may register for insurance use, and where.
    ///
    /// Applied by `registration_open` (`registration.rs`), through
    /// [`can_register`](crate::registration::can_register) and [`decide`](crate::decide).
    RegistrationChannels = "registration.channels" => None, Continuous,
    /// Cancellation of insurance-use registration takes effect at the end of a later month.
    ///
    /// Applied by [`cancellation_effective`](crate::registration::cancellation_effective) (`registration.rs`).
    RegistrationCancellation = "registration.cancellation" => Months, Continuous,
    /// A 資格確認書 is valid for the period printed on it.
    ///
    /// Applied by `Engine::qualification_certificate_valid` (`reception/engine/documents.rs`),
    /// through [`decide`](crate::decide).
    QualificationCertificateValidity = "qualification-certificate.validity" => None, Continuous,
    /// 75+ whose legacy card lapses get a 資格確認書 even with a マイナ保険証 (provisional).
    ///
    /// Applied by `Engine::aged_for_certificate` (`reception/engine/elderly.rs`), through
    /// [`decide`](crate::decide).
    QualificationCertificateElderly = "qualification-certificate.elderly-provisional" => Age, Dated,
    /// Every 後期高齢者 holds a 資格確認書 during this period.
    ///
    /// Applied by `Engine::aged_for_certificate` (`reception/engine/elderly.rs`), through
    /// [`decide`](crate::decide).
    QualificationCertificateLateElderly = "qualification-certificate.late-elderly-all" => Age, Dated,
    /// 後期高齢者 of `age` or over on `age_as_of` get a 資格確認書 without applying.
    ///
    /// Applied by `Engine::late_elderly_by_age` (`reception/engine/elderly.rs`), through
    /// [`decide`](crate::decide).
    QualificationCertificateLateElderlyByAge = "qualification-certificate.late-elderly-85" => AgeAsOf, Dated,
    /// 資格情報のお知らせ alone is not a valid document.
    ///
    /// Applied by `Engine::notice_alone` (`reception/engine/legacy.rs`), through
    /// [`decide`](crate::decide).
    NoticeNotAlone = "notice.not-valid-alone" => None, Continuous,
    /// Online confirmation failed: 被保険者資格申立書, usual ratio, never 10割.
    ///
    /// Applied by `Engine::self_declaration_in_force` (`reception/engine/documents.rs`), through
    /// [`decide`](crate::decide).
    FallbackSelfDeclaration = "fallback.self-declaration" => None, Continuous,
    /// 顔認証マイナンバーカード: no マイナポータル fallback.
    ///
    /// Applied by `Engine::face_only_card` (`reception/engine/documents.rs`), through
    /// [`decide`](crate::decide).
    FallbackFaceOnlyCard = "fallback.face-only-card" => None, Continuous,
    /// Card + 資格情報のお知らせ accepted when the card cannot be confirmed online.
    ///
    /// Applied by `Engine::card_with_notice_in_force` (`reception/engine/documents.rs`), through
    /// [`decide`](crate::decide).
    FallbackCardWithNotice = "fallback.card-with-notice" => None, Continuous,
    /// Card + マイナポータル 資格情報 screen accepted when the card cannot be confirmed online.
    ///
    /// Applied by `Engine::card_with_portal_in_force` (`reception/engine/documents.rs`), through
    /// [`decide`](crate::decide).
    FallbackCardWithPortal = "fallback.card-with-portal" => None, Continuous,
    /// Temporary: an expired legacy card or a お知らせ alone, if the insured number can be queried online.
    ///
    /// Applied by `Engine::measure_route` (`reception/engine/legacy.rs`), through
    /// [`decide`](crate::decide).
    FallbackQueryByNumber = "fallback.query-by-number" => QueryByNumber, Dated,
    /// 限度額適用認定証 not needed when the patient consents to online 限度額 information.
    ///
    /// Applied by `online_consent` (`benefits/ceiling.rs`), through [`decide`](crate::decide) and
    /// [`reconcile`](crate::records::reconcile).
    CeilingOnlineConsent = "ceiling.online-consent" => None, Continuous,
    /// The usual copay ratio by age (一部負担金割合).
    ///
    /// Applied by [`usual_copay_percent`](crate::benefits::usual_copay_percent) (`benefits/copay.rs`): the
    /// age band, then its ratio; through [`decide`](crate::decide) and
    /// [`reconcile`](crate::records::reconcile).
    CopayByAge = "copay.by-age" => Copay, Continuous,
    /// 高額療養費 monthly limits by 区分 (自己負担限度額).
    ///
    /// Applied by `monthly_limit` (`benefits/ceiling.rs`), through
    /// [`monthly_ceiling`](crate::benefits::monthly_ceiling) and [`decide`](crate::decide).
    CeilingMonthlyLimits = "ceiling.monthly-limits" => Ceilings, Dated,
    /// 後期 2割 配慮措置: the 外来 month of 一般Ⅱ capped at 1割 + 3,000円 (2022-10 … 2025-09).
    ///
    /// Applied by `relief` (`benefits/ceiling.rs`), through
    /// [`monthly_ceiling`](crate::benefits::monthly_ceiling) and [`decide`](crate::decide).
    CeilingLateElderlyRelief = "ceiling.late-elderly-relief" => Relief, Dated,
    /// 施術所 with 受領委任 must offer online checking (資格確認限定型), with exemptions.
    ///
    /// Applied by [`online_obligation`](crate::facility::online_obligation) (`facility.rs`).
    FacilityOnlineObligation = "facility.online-obligation" => Obligation, Continuous,
    /// 協力金 for promoting the マイナ保険証 during the target period.
    ///
    /// Applied by [`cooperation_payment`](crate::facility::cooperation_payment) (`facility.rs`).
    FacilityCooperationPayment = "facility.cooperation-payment" => Amount, Dated,
    /// Subsidy for devices used for online checking (実費, up to the amount).
    ///
    /// Applied by [`device_subsidy`](crate::facility::device_subsidy) (`facility.rs`).
    FacilityDeviceSubsidy = "facility.device-subsidy" => Amount, Dated,
    /// The 診療報酬 addition for online checking and マイナ保険証 use, with its 利用率 thresholds.
    ///
    /// Applied by [`dx_addition`](crate::facility::dx_addition) (`facility.rs`).
    FacilityDxAddition = "facility.dx-addition" => DxAddition, Dated,
    /// 指定難病・小児慢性 受給者証 no longer print the 医療保険 所得区分: read it online.
    ///
    /// Shown by [`facility_notices`](crate::facility::facility_notices) (`facility.rs`): information for staff.
    FacilityPublicSubsidyIncomeCategory = "facility.public-subsidy-income-category" => None, Continuous,
    /// 施術所 that must offer online checking and do not: 受領委任 withdrawn.
    ///
    /// Shown by [`facility_notices`](crate::facility::facility_notices) (`facility.rs`): information for staff.
    FacilityDelegationWithdrawal = "facility.delegation-withdrawal" => None, Continuous,
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for RuleId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for RuleId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Where the 3-month grace period after certificate expiry ends (猶予期間の数え方).
///
/// # Example
/// ```
/// use onshi::policy::GraceBoundary;
/// assert_eq!(serde_json::from_str::<GraceBoundary>(r#""day_exact""#).unwrap(), GraceBoundary::DayExact);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GraceBoundary {
    /// Through the last day of the `months`-th month after the month of expiry (expiry in February →
    /// usable through 31 May): "有効期限満了日が属する月の末日から3か月間", most insurers' wording.
    MonthEnd,
    /// Through the same day number `months` later (2025-11-10 → 2026-02-10), as one insurer states it.
    DayExact,
}

/// An insurer's own earlier end for its legacy cards (保険者ごとの有効期限).
///
/// # Example
/// ```
/// let e: onshi::policy::InsurerEnd = serde_json::from_str(r#"{"name": "example", "insurer_prefixes": ["14"],
///   "digits": 6, "last_valid_day": "2025-07-31", "source": "003_934a4cc329de2595.txt:24"}"#).unwrap();
/// assert_eq!(e.last_valid_day.to_string(), "2025-07-31");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InsurerEnd {
    /// Who this is, for people reading the table.
    pub name: String,
    /// 保険者番号 prefixes this end applies to (e.g. `"14"` with `digits: 6` for Kanagawa's 市町村国保).
    pub insurer_prefixes: Vec<String>,
    /// Only insurer numbers of this many digits (6 = 市町村国保, 8 = the rest); any length if absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digits: Option<usize>,
    /// The last day their legacy cards are valid.
    pub last_valid_day: NaiveDate,
    /// Where this is stated.
    pub source: String,
}

impl InsurerEnd {
    /// Whether this end applies to `insurer` (a normalised 保険者番号).
    pub(crate) fn applies_to(&self, insurer: &str) -> bool {
        self.digits.is_none_or(|n| insurer.len() == n)
            && self
                .insurer_prefixes
                .iter()
                .any(|p| insurer.starts_with(p.as_str()))
    }
}

/// The typed parameters of a rule row.
///
/// # Example
/// ```
/// use onshi::policy::{RuleId, RuleParams};
/// use onshi::RuleSet;
/// let rules = RuleSet::builtin();
/// let row = rules.rule(RuleId::PinMaxTries, "2026-01-01".parse().unwrap()).unwrap();
/// assert_eq!(row.params, RuleParams::Tries { tries: 3 });
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum RuleParams {
    /// The rule has no parameters.
    None {},
    /// A last valid day.
    LastValidDay {
        /// The last day (inclusive, JST).
        last_valid_day: NaiveDate,
    },
    /// A list of insurer-specific ends.
    InsurerEnds {
        /// The ends.
        ends: Vec<InsurerEnd>,
    },
    /// A number of calendar months.
    Months {
        /// Months.
        months: u32,
    },
    /// The grace period's length and boundary convention.
    Grace {
        /// Months after expiry.
        months: u32,
        /// How the last day is counted.
        boundary: GraceBoundary,
    },
    /// A number of tries.
    Tries {
        /// Tries.
        tries: u8,
    },
    /// An age in years.
    Age {
        /// Years.
        age: u32,
    },
    /// Identity methods per reader.
    ReaderMethods(ReaderMethods),
    /// The parameters of the 施術所 obligation.
    Obligation {
        /// Practitioners this old (at `age_as_of`) exempt a facility.
        exemption_age: u32,
        /// The day their age is taken (令和6年4月時点).
        age_as_of: NaiveDate,
        /// Closing or ending 受領委任 by this day exempts a facility.
        deadline: NaiveDate,
    },
    /// Ages and ratios of the usual copay.
    Copay(CopayParams),
    /// An amount in yen.
    Amount {
        /// Yen.
        yen: u64,
    },
    /// 高額療養費 limits per 区分.
    Ceilings {
        /// One entry per group of 区分 sharing the same amounts.
        categories: Vec<CeilingCategory>,
    },
    /// An age reached by a fixed day.
    AgeAsOf {
        /// Years.
        age: u32,
        /// The day the age is taken.
        age_as_of: NaiveDate,
    },
    /// The documents a temporary measure covers.
    QueryByNumber {
        /// Which documents may be queried by their number.
        documents: Vec<MeasureDocument>,
    },
    /// A 外来 cap below the monthly limit for some 区分 (配慮措置).
    Relief(ReliefParams),
    /// An addition's マイナ保険証 利用率 thresholds and points.
    DxAddition(DxAdditionParams),
}

/// A document the query-by-number measure accepts (暫定措置の対象).
///
/// # Example
/// ```
/// let d: onshi::policy::MeasureDocument = serde_json::from_str(r#""notice_alone""#).unwrap();
/// assert_eq!(d, onshi::policy::MeasureDocument::NoticeAlone);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeasureDocument {
    /// A legacy 被保険者証 past its end.
    ExpiredLegacyCard,
    /// 資格情報のお知らせ presented without the card.
    NoticeAlone,
}

/// The 後期 2割 配慮措置 (reference/numbers-and-benefits.md §5): for these 区分, an outpatient
/// month's burden is at most `base + (医療費 − threshold) × percent%`, and never more than the 外来
/// limit.
///
/// # Example
/// ```
/// use onshi::policy::{RuleId, RuleParams};
/// use onshi::RuleSet;
/// let rules = RuleSet::builtin();
/// let row = rules.rule(RuleId::CeilingLateElderlyRelief, "2025-09-30".parse().unwrap()).unwrap();
/// let RuleParams::Relief(p) = &row.params else { unreachable!() };
/// assert_eq!((p.base, p.threshold, p.percent), (6_000, 30_000, 10));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReliefParams {
    /// 区分 labels it applies to (`一般Ⅱ`).
    pub labels: Vec<String>,
    /// OQS codes it applies to (`B09`).
    pub codes: Vec<String>,
    /// The amount at `threshold` (yen).
    pub base: u64,
    /// 医療費 above which `percent` is added.
    pub threshold: u64,
    /// Percent of the excess.
    pub percent: u8,
}

/// The thresholds of a 診療報酬 addition that needs online checking and マイナ保険証 use.
///
/// # Example
/// ```
/// use onshi::policy::{RuleId, RuleParams};
/// use onshi::RuleSet;
/// let rules = RuleSet::builtin();
/// let row = rules.rule(RuleId::FacilityDxAddition, "2026-11-30".parse().unwrap()).unwrap();
/// let RuleParams::DxAddition(p) = &row.params else { unreachable!() };
/// assert_eq!(p.usage_percent, [30, 30, 30]);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DxAdditionParams {
    /// The minimum マイナ保険証 利用率 (percent) of each level, level 1 first.
    pub usage_percent: Vec<u8>,
    /// 初診 points of each level (monthly), when known.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub initial_points: Vec<u32>,
    /// 再診 points (monthly), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revisit_points: Option<u32>,
}

/// Ages and percentages of the usual copay ratio (健康保険法74条, 高齢者医療確保法).
///
/// # Example
/// ```
/// use onshi::policy::{RuleId, RuleParams};
/// use onshi::RuleSet;
/// let rules = RuleSet::builtin();
/// let row = rules.rule(RuleId::CopayByAge, "2026-01-01".parse().unwrap()).unwrap();
/// let RuleParams::Copay(p) = &row.params else { unreachable!() };
/// assert_eq!((p.elderly_age, p.elderly_percent), (70, 20));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CopayParams {
    /// 未就学: until the first 31 March after reaching this age.
    pub preschool_age: u32,
    /// From the month after reaching this age: the 70–74 ratio.
    pub elderly_age: u32,
    /// From this birthday: 後期高齢者 (ratio by income, not by age).
    pub late_elderly_age: u32,
    /// 未就学 percent.
    pub preschool_percent: u8,
    /// General percent.
    pub general_percent: u8,
    /// 70–74 percent.
    pub elderly_percent: u8,
    /// 70–74 with 現役並み所得.
    pub elderly_high_income_percent: u8,
}

/// The monthly limits of one group of 区分 (yen).
///
/// An amount that is absent does not apply to the group (no 外来特例, no 多数回, no yearly cap);
/// an amount its source does not give (a figure that could not be read) is listed in
/// `not_stated` instead, so the table says so rather than carry an older figure.
///
/// # Example
/// ```
/// use onshi::policy::{CeilingFigure, PlannedRows, RuleId, RuleParams};
/// use onshi::RuleSet;
/// let rules = RuleSet::builtin();
/// let row = rules.rule(RuleId::CeilingMonthlyLimits, "2026-01-01".parse().unwrap()).unwrap();
/// let RuleParams::Ceilings { categories } = &row.params else { unreachable!() };
/// assert!(categories.iter().any(|c| c.labels.contains(&"ウ".to_owned()) && c.threshold == Some(267_000)));
///
/// // The planned 2027-08 bands: 多数回 of the 28万〜34万円 band is not in its source.
/// let preview = RuleSet::builtin().with_planned_rows(PlannedRows::Apply);
/// let row = preview.rule(RuleId::CeilingMonthlyLimits, "2027-08-01".parse().unwrap()).unwrap();
/// let RuleParams::Ceilings { categories } = &row.params else { unreachable!() };
/// let band = categories.iter().find(|c| c.labels.contains(&"28万〜34万円".to_owned())).unwrap();
/// assert_eq!((band.base, band.many_times), (Some(85_800), None));
/// assert!(band.not_stated.contains(&CeilingFigure::ManyTimes));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CeilingCategory {
    /// 区分 labels as OQS gives them (`ウ`, `現役並みⅠ`, `一般Ⅱ`).
    pub labels: Vec<String>,
    /// OQS codes (OQSCD012: `A03`, `B03`).
    pub codes: Vec<String>,
    /// The limit, or its base when a 1% term applies (世帯, 外来+入院); none only when its source
    /// does not give it (`not_stated` lists `base`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<u64>,
    /// Total medical cost above which 1% is added; none = a flat limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<u64>,
    /// The limit from the 4th qualifying month in 12 (多数回該当); none = not applicable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub many_times: Option<u64>,
    /// The 外来 (個人) limit for 70 and over; none = no 外来特例, so the monthly limit above caps
    /// an outpatient month too (現役並み, and every 区分 under 70).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outpatient: Option<u64>,
    /// The yearly (August–July) cap on the 外来 limit's payments, when there is one. Information:
    /// it is settled after the year and never lowers a monthly limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outpatient_annual: Option<u64>,
    /// The yearly (August–July) cap on the patient's burden, when there is one (年間上限).
    /// Information: repaid on application after the year, never subtracted from a monthly limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annual: Option<u64>,
    /// The lower yearly cap for low incomes within the 区分 (年収約200万円以下), when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annual_low_income: Option<u64>,
    /// The figures of this group its source does not give (could not be read): each is absent
    /// above, and a limit that needs one is refused ([`CeilingError::NotStated`](crate::benefits::CeilingError::NotStated)).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_stated: Vec<CeilingFigure>,
    /// Where this group's amounts are stated (a page of the row's source), when the row's source
    /// covers more than one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

crate::vocabulary! {
    /// A figure of a 高額療養費 group (限度額表の項目), named when its source does not give it.
    ///
    /// # Example
    /// ```
    /// use onshi::Vocabulary;
    /// let f: onshi::policy::CeilingFigure = serde_json::from_str(r#""many_times""#).unwrap();
    /// assert_eq!(f, onshi::policy::CeilingFigure::ManyTimes);
    /// assert_eq!(f.slug(), "many_times");
    /// ```
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    pub enum CeilingFigure {
        /// The monthly limit (世帯), with its 1% threshold.
        Base = "base", "月の限度額", "monthly limit";
        /// The 多数回該当 limit.
        ManyTimes = "many_times", "多数回該当の限度額", "limit from the fourth time in a year";
        /// The 外来 (個人) limit of 70 and over.
        Outpatient = "outpatient", "外来（個人）の限度額", "outpatient limit (individual)";
        /// The yearly cap on 外来 (個人) payments.
        OutpatientAnnual = "outpatient_annual", "外来の年間上限", "yearly cap on outpatient payments";
        /// The yearly cap (年間上限).
        Annual = "annual", "年間上限", "yearly cap";
        /// The OQS 限度額 codes (OQSCD012) of the group.
        Codes = "codes", "限度額適用区分のコード", "OQS ceiling codes";
    }
}

impl RuleParams {
    fn parse(id: RuleId, value: serde_json::Value) -> Result<Self, RuleError> {
        let value = if value.is_null() {
            serde_json::Value::Object(Default::default())
        } else {
            value
        };
        id.parse_params(value)
            .map_err(|problem| RuleError::BadParams {
                id: id.as_str().to_owned(),
                problem: crate::error::cap(crate::screen::redact(&problem).into_owned()),
            })
    }
}

/// Whether a row is in force or announced for later (施行状況).
///
/// A planned row is shown by `onshi rules show` and the audit but used by no decision unless the
/// rule set applies planned rows ([`RuleSet::with_planned_rows`]).
///
/// # Example
/// ```
/// let s: onshi::policy::RowStatus = serde_json::from_str(r#""planned""#).unwrap();
/// assert_eq!(s, onshi::policy::RowStatus::Planned);
/// assert_eq!(onshi::policy::RowStatus::default(), onshi::policy::RowStatus::InForce);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RowStatus {
    /// In force on its dates.
    #[default]
    InForce,
    /// Announced, not yet in force (no 政令 or notice seen): a preview.
    Planned,
}

/// How sure the facts behind a row are (根拠の確度), graded as in
/// `reference/domain-updates-2026-11.md`.
///
/// # Example
/// ```
/// let c: onshi::policy::Certainty = serde_json::from_str(r#""reported""#).unwrap();
/// assert_eq!(c, onshi::policy::Certainty::Reported);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Certainty {
    /// Stated in a source document or an official page seen.
    #[default]
    Confirmed,
    /// An official document known through several agreeing transcriptions.
    Transcribed,
    /// Known from news or trade press only: re-check when a primary text appears.
    Reported,
}

/// What follows a row's last day (`until`).
///
/// # Example
/// ```
/// let e: onshi::policy::RowEnd = serde_json::from_str(r#""final""#).unwrap();
/// assert_eq!(e, onshi::policy::RowEnd::Final);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RowEnd {
    /// A successor row is expected: the audit reports a gap when none follows.
    #[default]
    Successor,
    /// The rule ends for good (a temporary measure that was not extended).
    Final,
}

/// One row of the rule table.
///
/// # Example
/// ```
/// use onshi::policy::{Certainty, RuleId};
/// use onshi::RuleSet;
/// let rules = RuleSet::builtin();
/// let row = rules.rule(RuleId::FallbackQueryByNumber, "2026-05-01".parse().unwrap()).unwrap();
/// assert_eq!(row.until.unwrap().to_string(), "2026-07-31");
/// assert_eq!(row.certainty, Certainty::Reported);
/// assert!(!row.source.is_empty());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Rule {
    /// Which rule.
    pub id: RuleId,
    /// Its name in Japanese and English.
    pub title: Text,
    /// First day it applies (inclusive, JST).
    pub from: NaiveDate,
    /// Last day it applies (inclusive, JST); `None` = until further notice.
    pub until: Option<NaiveDate>,
    /// In force, or planned (a preview no decision uses unless asked).
    #[serde(skip_serializing_if = "is_default")]
    pub status: RowStatus,
    /// How sure its facts are.
    #[serde(skip_serializing_if = "is_default")]
    pub certainty: Certainty,
    /// What follows `until`: a successor row, or nothing.
    #[serde(skip_serializing_if = "is_default")]
    pub ends: RowEnd,
    /// Where the rule is stated: `sources/` file:line or a public notice.
    pub source: String,
    /// Remarks: disagreements between sources, what is not stated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Typed parameters.
    pub params: RuleParams,
}

/// Every text of a table — each string and each key, wherever it sits — is printable: rule texts
/// reach screens, and the check covers fields a later format adds without naming them.
fn check_printable(text: &str) -> Result<(), RuleError> {
    fn walk(value: &serde_json::Value, path: &mut String) -> Result<(), RuleError> {
        use serde_json::Value;
        use std::fmt::Write as _;
        let refuse = |path: &str, c: char| RuleError::Unprintable {
            path: crate::error::cap(crate::screen::neutralize(path).into_owned()),
            code: u32::from(c),
        };
        match value {
            Value::String(s) => match s.chars().find(|&c| crate::screen::acts_on_screen(c)) {
                Some(c) => Err(refuse(path, c)),
                None => Ok(()),
            },
            Value::Array(items) => {
                let len = path.len();
                for (i, item) in items.iter().enumerate() {
                    let _ = write!(path, "[{i}]");
                    walk(item, path)?;
                    path.truncate(len);
                }
                Ok(())
            }
            Value::Object(map) => {
                let len = path.len();
                for (key, item) in map {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(key);
                    if let Some(c) = key.chars().find(|&c| crate::screen::acts_on_screen(c)) {
                        return Err(refuse(path, c));
                    }
                    walk(item, path)?;
                    path.truncate(len);
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }
    // The text has parsed as a table already, so it parses as a value.
    let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else {
        return Ok(());
    };
    walk(&value, &mut String::new())
}

fn is_default<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}

impl Rule {
    /// Whether this row's dates include `date` (whatever its status).
    ///
    /// # Example
    /// ```
    /// use onshi::policy::RuleId;
    /// use onshi::RuleSet;
    /// let rules = RuleSet::builtin();
    /// let row = rules.rules().iter().find(|r| r.id == RuleId::CardOrCertificateOnly).unwrap();
    /// assert!(!row.applies_on("2025-12-01".parse().unwrap()));
    /// assert!(row.applies_on("2025-12-02".parse().unwrap()));
    /// ```
    pub fn applies_on(&self, date: NaiveDate) -> bool {
        self.from <= date && self.until.is_none_or(|u| date <= u)
    }

    /// Whether the two rows' dates share a day.
    pub(crate) fn overlaps(&self, other: &Rule) -> bool {
        self.from <= other.until.unwrap_or(NaiveDate::MAX)
            && other.from <= self.until.unwrap_or(NaiveDate::MAX)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    #[serde(default)]
    format: Option<u32>,
    version: String,
    #[serde(default)]
    extends: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    reviewed: Option<NaiveDate>,
    rules: Vec<RawRule>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: String,
    title: Text,
    from: NaiveDate,
    #[serde(default)]
    until: Option<NaiveDate>,
    #[serde(default)]
    status: RowStatus,
    #[serde(default)]
    certainty: Certainty,
    #[serde(default)]
    ends: RowEnd,
    source: String,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    params: serde_json::Value,
}

impl RawTable {
    /// Reads a table's JSON: its size, its syntax and fields, printable texts, its format and a
    /// version.
    fn read(text: &str) -> Result<RawTable, RuleError> {
        if text.len() > MAX_RULES_JSON {
            return Err(RuleError::TooLarge {
                size: text.len(),
                limit: MAX_RULES_JSON,
            });
        }
        let raw: RawTable = serde_json::from_str(text).map_err(|e| RuleError::Json {
            line: e.line(),
            column: e.column(),
            problem: crate::error::cap(crate::screen::redact(&e.to_string()).into_owned()),
        })?;
        check_printable(text)?;
        if let Some(format) = raw.format
            && format != RULES_FORMAT
        {
            return Err(RuleError::Format {
                found: format,
                supported: RULES_FORMAT,
            });
        }
        let _ = &raw.description;
        if raw.version.trim().is_empty() {
            return Err(RuleError::Empty {
                id: None,
                field: "version",
            });
        }
        Ok(raw)
    }
}

impl RawRule {
    /// The row, once its id is known, its source and title given, its dates in order and its
    /// parameters of its rule's shape.
    fn into_rule(self) -> Result<Rule, RuleError> {
        let r = self;
        let id: RuleId = r.id.parse()?;
        if r.source.trim().is_empty() {
            return Err(RuleError::Empty {
                id: Some(r.id),
                field: "source",
            });
        }
        if r.title.ja.trim().is_empty() || r.title.en.trim().is_empty() {
            return Err(RuleError::Empty {
                id: Some(r.id),
                field: "title",
            });
        }
        if let Some(until) = r.until
            && until < r.from
        {
            return Err(RuleError::DatesOutOfOrder {
                id: r.id,
                from: r.from,
                until,
            });
        }
        Ok(Rule {
            id,
            title: r.title,
            from: r.from,
            until: r.until,
            status: r.status,
            certainty: r.certainty,
            ends: r.ends,
            source: r.source,
            note: r.note,
            params: RuleParams::parse(id, r.params)?,
        })
    }
}

/// A validated, versioned rule table (ルールセット).
///
/// # Example
/// ```
/// use onshi::policy::RuleId;
/// use onshi::RuleSet;
/// use chrono::NaiveDate;
///
/// let rules = RuleSet::builtin();
/// let day = NaiveDate::from_ymd_opt(2025, 12, 1).unwrap();
/// assert!(rules.applies(RuleId::LegacyTransitionEnd, day));
/// assert!(rules.applies(RuleId::FallbackQueryByNumber, day));
/// assert!(!rules.applies(RuleId::CardOrCertificateOnly, day)); // from 2025-12-02
///
/// // A table whose dates are out of order is refused with the rule named.
/// let bad = r#"{"version":"x","extends":"builtin","rules":[{"id":"pin.max-tries",
///   "title":{"ja":"t","en":"t"},"from":"2026-01-01","until":"2025-01-01","source":"s","params":{"tries":3}}]}"#;
/// let err = RuleSet::from_json(bad).unwrap_err();
/// assert!(err.to_string().contains("pin.max-tries"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RuleSet {
    version: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    reviewed: Option<NaiveDate>,
    #[serde(skip)]
    planned: PlannedRows,
    rules: Vec<Rule>,
    /// Where each rule's rows are in `rules`, by rule id: a lookup reads its rule's few rows, not
    /// the whole table (a decision makes dozens).
    #[serde(skip)]
    rows_of: Vec<Vec<usize>>,
}

crate::vocabulary! {
    /// Whether a rule set's planned rows are used (予定行の扱い).
    ///
    /// # Example
    /// ```
    /// use onshi::policy::PlannedRows;
    /// use onshi::{RuleSet, Vocabulary};
    /// assert_eq!(RuleSet::builtin().planned_rows(), PlannedRows::Ignore);
    /// let preview = RuleSet::builtin().with_planned_rows(PlannedRows::Apply);
    /// assert_eq!(preview.planned_rows().slug(), "apply");
    /// ```
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum PlannedRows {
        /// Decisions use rows in force only (the default: today's rules).
        #[default]
        Ignore = "ignore", "予定行は使わない（現行のルール）", "planned rows ignored (the rules in force)";
        /// Decisions also use planned rows: a preview of announced changes.
        Apply = "apply", "予定行も使う（改正の試算）", "planned rows applied (a preview of announced changes)";
    }
}

/// A decision dated more than this many months after the table's review date carries an alert.
///
/// # Example
/// ```
/// assert_eq!(onshi::policy::REVIEW_ALERT_MONTHS, 6);
/// ```
pub const REVIEW_ALERT_MONTHS: u32 = 6;

/// The largest rule table read (16 MiB; the C API's limit too).
///
/// # Example
/// ```
/// assert_eq!(onshi::policy::MAX_RULES_JSON, 16 << 20);
/// ```
pub const MAX_RULES_JSON: usize = 16 << 20;

/// The format number of rule-table JSON this build reads.
///
/// # Example
/// ```
/// assert_eq!(onshi::policy::RULES_FORMAT, 1);
/// ```
pub const RULES_FORMAT: u32 = 1;

impl RuleSet {
    /// The built-in table, embedded at compile time.
    ///
    /// # Example
    /// ```
    /// let rules = onshi::RuleSet::builtin();
    /// assert!(rules.rules().len() >= onshi::policy::RuleId::ALL.len());
    /// ```
    pub fn builtin() -> RuleSet {
        // Parsed once per process; each caller gets its own copy.
        static BUILTIN: std::sync::OnceLock<RuleSet> = std::sync::OnceLock::new();
        BUILTIN
            .get_or_init(|| {
                // The embedded table is validated by this crate's tests; failing here is a build
                // defect.
                #[expect(
                    clippy::expect_used,
                    reason = "the embedded table is checked by every test run"
                )]
                Self::parse_table(BUILTIN_RULES_JSON, None, Holes::Refuse)
                    .expect("the built-in rule table is valid")
            })
            .clone()
    }

    /// Loads a table from JSON text: a complete table, or an overlay on the built-in table when it
    /// says `"extends": "builtin"` (each overlay row replaces the built-in rows of its id on its own
    /// dates only, the built-in rows cut around it). The table is held to its invariants: bounded
    /// parameters, a review date near the table's date, and a row in force on every day up to the
    /// [horizon](RuleSet::horizon) for each rule needed every day.
    ///
    /// # Errors
    /// - [`RuleError::Json`]: not JSON, or a field of the wrong type (with line and column).
    /// - [`RuleError::UnknownRule`]: an id this engine does not implement.
    /// - [`RuleError::BadParams`]: parameters missing, of the wrong shape for that id, or out of
    ///   their bounds (the field and the bound named).
    /// - [`RuleError::DatesOutOfOrder`], [`RuleError::Overlap`]: a row ends before it starts, or two
    ///   rows of one id apply on the same day.
    /// - [`RuleError::Missing`]: a complete table lacks a rule the engine needs.
    /// - [`RuleError::Gap`]: a rule the engine needs on every day has no row in force on some day
    ///   between its first row and the table's [horizon](RuleSet::horizon).
    /// - [`RuleError::ReviewDate`]: `reviewed` more than two years from the table's own date.
    /// - [`RuleError::Empty`]: an empty version, source or title.
    /// - [`RuleError::TooLarge`]: more than [`MAX_RULES_JSON`] bytes.
    /// - [`RuleError::Unprintable`]: a control or bidi character in any text of the table.
    ///
    /// # Example
    /// ```
    /// use onshi::policy::RuleId;
    /// use onshi::RuleSet;
    /// let overlay = RuleSet::from_json(r#"{"version": "local-1", "extends": "builtin", "rules": [
    ///   {"id": "fallback.query-by-number", "title": {"ja": "延長", "en": "extended"},
    ///    "from": "2025-06-27", "until": "2026-09-30", "source": "hypothetical notice"}]}"#).unwrap();
    /// assert!(overlay.applies(RuleId::FallbackQueryByNumber, "2026-09-30".parse().unwrap()));
    /// assert!(RuleSet::from_json("not json").is_err());
    /// ```
    pub fn from_json(text: &str) -> Result<RuleSet, RuleError> {
        Self::load(text, Holes::Refuse)
    }

    /// [`RuleSet::from_json`], with holes in rules needed every day refused or kept for the audit.
    pub(crate) fn load(text: &str, holes: Holes) -> Result<RuleSet, RuleError> {
        // A table saved with a UTF-8 byte order mark is the same table.
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        if text.len() <= MAX_RULES_JSON && crate::numbers::json_holds_personal_number(text) {
            return Err(RuleError::PersonalNumber);
        }
        let base = Self::builtin();
        Self::parse_table(text, Some(&base), holes)
    }

    fn parse_table(text: &str, base: Option<&RuleSet>, holes: Holes) -> Result<RuleSet, RuleError> {
        let raw = RawTable::read(text)?;
        let rows = raw
            .rules
            .into_iter()
            .map(RawRule::into_rule)
            .collect::<Result<Vec<_>, _>>()?;
        let (version, reviewed, rules) = match raw.extends.as_deref() {
            None => {
                check_reviewed(raw.reviewed, &raw.version, &rows)?;
                (raw.version, raw.reviewed, rows)
            }
            Some("builtin") => {
                let base = base.ok_or(RuleError::Extends {
                    found: "builtin".to_owned(),
                })?;
                // An overlay row replaces the built-in rows of its id on its own dates only: they
                // are cut around it, so a new period is added by giving only its row.
                let merged = lay_over(&base.rules, rows);
                check_reviewed(raw.reviewed, &raw.version, &merged)?;
                (
                    format!("{}+{}", base.version, raw.version),
                    raw.reviewed.or(base.reviewed),
                    merged,
                )
            }
            Some(other) => {
                return Err(RuleError::Extends {
                    found: crate::error::quoted(other),
                });
            }
        };
        let set = RuleSet::indexed(version, reviewed, rules);
        set.validate()?;
        if holes == Holes::Refuse {
            check_coverage(&set)?;
        }
        Ok(set)
    }

    /// A set of `rules`, with each rule's rows indexed by its id.
    fn indexed(version: String, reviewed: Option<NaiveDate>, rules: Vec<Rule>) -> RuleSet {
        let mut rows_of = vec![Vec::new(); RuleId::ALL.len()];
        for (i, row) in rules.iter().enumerate() {
            if let Some(slot) = rows_of.get_mut(row.id as usize) {
                slot.push(i);
            }
        }
        RuleSet {
            version,
            reviewed,
            planned: PlannedRows::Ignore,
            rules,
            rows_of,
        }
    }

    fn validate(&self) -> Result<(), RuleError> {
        let mut by_id: BTreeMap<RuleId, Vec<&Rule>> = BTreeMap::new();
        for r in &self.rules {
            by_id.entry(r.id).or_default().push(r);
        }
        for id in RuleId::ALL {
            let Some(rows) = by_id.get_mut(id) else {
                return Err(RuleError::Missing {
                    id: id.as_str().to_owned(),
                });
            };
            rows.sort_by_key(|r| r.from);
            for (a, b) in rows.iter().zip(rows.iter().skip(1)) {
                let (a, b) = (*a, *b);
                if a.until.is_none_or(|u| u >= b.from) {
                    return Err(RuleError::Overlap {
                        id: id.as_str().to_owned(),
                        first_from: a.from,
                        first_until: a.until,
                        second_from: b.from,
                    });
                }
            }
        }
        Ok(())
    }

    /// The table's version, e.g. `2026.11.23` (`builtin+local-1` for an overlay).
    ///
    /// # Example
    /// ```
    /// assert!(!onshi::RuleSet::builtin().version().is_empty());
    /// ```
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The day the table's rows were last checked against the notices in force (`reviewed`).
    ///
    /// # Example
    /// ```
    /// assert_eq!(onshi::RuleSet::builtin().reviewed().unwrap().to_string(), "2026-12-07");
    /// ```
    pub fn reviewed(&self) -> Option<NaiveDate> {
        self.reviewed
    }

    /// The same table, with its planned rows used or ignored by lookups and decisions.
    ///
    /// # Example
    /// ```
    /// use onshi::policy::{PlannedRows, RuleId};
    /// use onshi::RuleSet;
    /// let day = "2027-08-01".parse().unwrap();
    /// assert!(!RuleSet::builtin().applies(RuleId::CeilingMonthlyLimits, day));
    /// let preview = RuleSet::builtin().with_planned_rows(PlannedRows::Apply);
    /// assert!(preview.applies(RuleId::CeilingMonthlyLimits, day));
    /// ```
    pub fn with_planned_rows(mut self, planned: PlannedRows) -> RuleSet {
        self.planned = planned;
        self
    }

    /// Whether planned rows are used.
    ///
    /// # Example
    /// ```
    /// use onshi::policy::PlannedRows;
    /// use onshi::RuleSet;
    /// assert_eq!(RuleSet::builtin().planned_rows(), PlannedRows::Ignore);
    /// ```
    pub fn planned_rows(&self) -> PlannedRows {
        self.planned
    }

    /// The review date, when `date` is more than [`REVIEW_ALERT_MONTHS`] months after it: the table
    /// may be behind the rules in force on that day.
    ///
    /// # Example
    /// ```
    /// let rules = onshi::RuleSet::builtin();
    /// assert_eq!(rules.review_overdue("2026-12-01".parse().unwrap()), None);
    /// assert_eq!(rules.review_overdue("2030-01-01".parse().unwrap()), rules.reviewed());
    /// ```
    pub fn review_overdue(&self, date: NaiveDate) -> Option<NaiveDate> {
        let reviewed = self.reviewed?;
        (date > crate::calendar::add_months(reviewed, REVIEW_ALERT_MONTHS)).then_some(reviewed)
    }

    /// All rows, in table order.
    ///
    /// # Example
    /// ```
    /// use onshi::RuleSet;
    /// assert!(RuleSet::builtin().rules().iter().all(|r| !r.source.is_empty()));
    /// ```
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The row of `id` in effect on `date`, if any (planned rows only when the set applies them).
    ///
    /// # Example
    /// ```
    /// use onshi::policy::RuleId;
    /// use onshi::RuleSet;
    /// let rules = RuleSet::builtin();
    /// assert!(rules.rule(RuleId::FallbackQueryByNumber, "2026-08-01".parse().unwrap()).is_none());
    /// ```
    pub fn rule(&self, id: RuleId, date: NaiveDate) -> Option<&Rule> {
        self.rows_of
            .get(id as usize)?
            .iter()
            .filter_map(|i| self.rules.get(*i))
            .find(|r| self.uses(r) && r.applies_on(date))
    }

    /// Whether lookups use `row`: rows in force always, planned rows when asked.
    pub(crate) fn uses(&self, row: &Rule) -> bool {
        row.status == RowStatus::InForce || self.planned == PlannedRows::Apply
    }

    /// Whether rule `id` applies on `date`.
    ///
    /// # Example
    /// ```
    /// use onshi::policy::RuleId;
    /// use onshi::RuleSet;
    /// let rules = RuleSet::builtin();
    /// assert!(rules.applies(RuleId::LegacyNoNewIssue, "2024-12-02".parse().unwrap()));
    /// assert!(!rules.applies(RuleId::LegacyNoNewIssue, "2024-12-01".parse().unwrap()));
    /// ```
    pub fn applies(&self, id: RuleId, date: NaiveDate) -> bool {
        self.rule(id, date).is_some()
    }

    /// Whether rule `id` is in force on `date`, cited when it is: what a rule function without
    /// parameters asks the table.
    pub(crate) fn in_force(&self, id: RuleId, date: NaiveDate) -> Cited<bool> {
        let on = self.applies(id, date);
        Cited::new(on, Applied::when(on, id))
    }
}

impl Default for RuleSet {
    fn default() -> Self {
        RuleSet::builtin()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn overlay(rows: &str) -> Result<RuleSet, RuleError> {
        RuleSet::from_json(&format!(
            r#"{{"version":"t","extends":"builtin","rules":[{rows}]}}"#
        ))
    }

    #[test]
    fn builtin_table_is_valid_and_every_rule_is_sourced() {
        let set = RuleSet::builtin();
        for r in set.rules() {
            assert!(!r.source.is_empty(), "{} has no source", r.id);
        }
        for id in RuleId::ALL {
            assert!(set.rules().iter().any(|r| r.id == *id), "{id} missing");
        }
    }

    #[test]
    fn transition_and_temporary_boundaries() {
        let set = RuleSet::builtin();
        assert_eq!(
            set.param(key::LegacyTransitionEnd, d("2025-12-01")),
            Some(d("2025-12-01"))
        );
        assert!(set.applies(RuleId::CardOrCertificateOnly, d("2025-12-02")));
        assert!(!set.applies(RuleId::CardOrCertificateOnly, d("2025-12-01")));
        assert!(set.applies(RuleId::FallbackQueryByNumber, d("2026-03-31")));
        assert!(set.applies(RuleId::FallbackQueryByNumber, d("2026-04-01")));
        assert!(set.applies(RuleId::FallbackQueryByNumber, d("2026-07-31")));
        assert!(!set.applies(RuleId::FallbackQueryByNumber, d("2026-08-01")));
        assert_eq!(
            set.param(key::CertificateGracePeriod, d("2026-01-01")),
            Some((3, GraceBoundary::MonthEnd))
        );
        assert_eq!(set.param(key::PinMaxTries, d("2026-01-01")), Some(3));
    }

    #[test]
    fn overlay_replaces_rows_of_the_same_id() {
        let set = overlay(
            r#"{"id":"fallback.query-by-number","title":{"ja":"延長","en":"extended"},
               "from":"2025-06-27","until":"2026-09-30","source":"hypothetical notice"}"#,
        )
        .unwrap();
        assert!(set.applies(RuleId::FallbackQueryByNumber, d("2026-09-30")));
        assert_eq!(set.version(), format!("{}+t", RuleSet::builtin().version()));
    }

    #[test]
    fn refuses_unknown_ids_overlaps_and_bad_params() {
        let unknown = overlay(
            r#"{"id":"legacy.whatever","title":{"ja":"a","en":"a"},"from":"2025-01-01","source":"s"}"#,
        );
        assert!(matches!(unknown, Err(RuleError::UnknownRule { id }) if id == "legacy.whatever"));

        let overlap = overlay(
            r#"{"id":"pin.max-tries","title":{"ja":"a","en":"a"},"from":"2020-01-01","source":"s","params":{"tries":3}},
               {"id":"pin.max-tries","title":{"ja":"a","en":"a"},"from":"2026-01-01","source":"s","params":{"tries":5}}"#,
        );
        assert!(matches!(overlap, Err(RuleError::Overlap { .. })));

        let params = overlay(
            r#"{"id":"pin.max-tries","title":{"ja":"a","en":"a"},"from":"2020-01-01","source":"s","params":{"tries":"three"}}"#,
        );
        assert!(matches!(params, Err(RuleError::BadParams { id, .. }) if id == "pin.max-tries"));

        let extra = overlay(
            r#"{"id":"legacy.no-new-issue","title":{"ja":"a","en":"a"},"from":"2020-01-01","source":"s","params":{"x":1}}"#,
        );
        assert!(matches!(extra, Err(RuleError::BadParams { .. })));

        let missing = RuleSet::from_json(r#"{"version":"x","rules":[]}"#);
        assert!(matches!(missing, Err(RuleError::Missing { .. })));

        let json = RuleSet::from_json("{\"version\": ");
        assert!(matches!(json, Err(RuleError::Json { line: 1, .. })));

        let huge = format!(
            r#"{{"version": "{}", "rules": []}}"#,
            "v".repeat(MAX_RULES_JSON)
        );
        assert!(matches!(
            RuleSet::from_json(&huge),
            Err(RuleError::TooLarge { .. })
        ));
    }

    const COPAY: &str = r#""preschool_age":6,"elderly_age":70,"late_elderly_age":75,"preschool_percent":20,"elderly_percent":20,"elderly_high_income_percent":30"#;

    /// A copay row from `from` until `until` with a general percent of `general`.
    fn copay_row(from: &str, until: &str, general: u32) -> String {
        format!(
            r#"{{"id":"copay.by-age","title":{{"ja":"仮","en":"hypothetical"}},"from":"{from}","until":"{until}","source":"hypothetical notice","params":{{{COPAY},"general_percent":{general}}}}}"#
        )
    }

    /// The problem of a refused table's params, when it was refused for its params.
    fn bad_params(result: Result<RuleSet, RuleError>) -> (String, String) {
        match result {
            Err(RuleError::BadParams { id, problem }) => (id, problem),
            other => panic!("expected bad params, got {other:?}"),
        }
    }

    // Reproduction (issue 30, point 8): a narrow copay overlay row removed the built-in open-ended
    // row whole, so `copay` failed on 2026-05-31 while the audit said "no gap".
    #[test]
    fn a_narrow_overlay_row_cuts_the_builtin_row_instead_of_removing_it() {
        let set = overlay(&copay_row("2026-12-01", "2027-01-31", 20)).unwrap();
        let adult = d("1980-01-01");
        let percent = |day: &str| crate::benefits::usual_copay_percent(&set, adult, d(day), false);
        assert_eq!(percent("2026-05-31"), Some(30));
        assert_eq!(percent("2026-11-30"), Some(30));
        assert_eq!(percent("2026-12-01"), Some(20));
        assert_eq!(percent("2027-01-31"), Some(20));
        assert_eq!(percent("2027-02-01"), Some(30));
        assert!(!set.audit(d("2026-05-31")).has_gap());

        // The parts kept are the built-in row's own: title, source and params.
        let builtin = RuleSet::builtin();
        let original = builtin.rule(RuleId::CopayByAge, d("2026-05-31")).unwrap();
        for day in ["2026-05-31", "2027-02-01"] {
            let kept = set.rule(RuleId::CopayByAge, d(day)).unwrap();
            assert_eq!(
                (&kept.title, &kept.source, &kept.params, kept.status),
                (
                    &original.title,
                    &original.source,
                    &original.params,
                    original.status
                )
            );
        }
        let rows: Vec<_> = set
            .rules()
            .iter()
            .filter(|r| r.id == RuleId::CopayByAge)
            .map(|r| (r.from, r.until))
            .collect();
        assert_eq!(rows.len(), 3, "{rows:?}");

        // A decision that day knows the copay.
        let visit = crate::Visit::from_json(
            r#"{"at": "2026-05-31", "patient": {"birth_date": "1980-01-01"},
                "presented": {"myna_card": {"registration": "registered",
                  "identity": {"method": "face", "outcome": "confirmed"}}},
                "online": {"status": "valid"}}"#,
        )
        .unwrap();
        let decision = crate::decide(&set, &visit).unwrap();
        assert_eq!(decision.copay.percent, Some(30));
    }

    #[test]
    fn planned_overlay_rows_cut_planned_builtin_rows() {
        let planned = r#"{"id":"ceiling.monthly-limits","title":{"ja":"仮","en":"hypothetical"},"from":"2027-08-01","until":"2027-12-31","status":"planned","source":"hypothetical notice",
            "params":{"categories":[{"labels":["仮"],"codes":[],"base":1000}]}}"#;
        let set = overlay(planned)
            .unwrap()
            .with_planned_rows(PlannedRows::Apply);
        let on = |day: &str| {
            set.param(key::CeilingMonthlyLimits, d(day))
                .map(|c| c.len())
                .unwrap()
        };
        assert_eq!(on("2027-12-31"), 1);
        let builtin = RuleSet::builtin().with_planned_rows(PlannedRows::Apply);
        let later = builtin
            .param(key::CeilingMonthlyLimits, d("2028-01-01"))
            .unwrap()
            .len();
        assert_eq!(on("2028-01-01"), later);
        assert!(
            set.rule(RuleId::CeilingMonthlyLimits, d("2028-01-01"))
                .is_some_and(|r| r.status == RowStatus::Planned)
        );
        // The rows in force before it are untouched.
        assert_eq!(
            RuleSet::builtin().rule(RuleId::CeilingMonthlyLimits, d("2027-07-31")),
            set.rule(RuleId::CeilingMonthlyLimits, d("2027-07-31"))
        );
    }

    #[test]
    fn a_hole_in_a_rule_needed_every_day_is_refused_and_a_dated_one_is_not() {
        // A complete table whose two copay rows leave 2026-05-31 uncovered.
        let mut table: serde_json::Value = serde_json::from_str(BUILTIN_RULES_JSON).unwrap();
        let rows = table["rules"].as_array_mut().unwrap();
        rows.retain(|r| r["id"] != "copay.by-age");
        for row in [
            copay_row("2014-04-01", "2026-05-30", 30),
            copay_row("2026-06-01", "2099-12-31", 30),
        ] {
            rows.push(serde_json::from_str(&row).unwrap());
        }
        let hole = RuleSet::from_json(&table.to_string());
        assert_eq!(
            hole,
            Err(RuleError::Gap {
                id: "copay.by-age".to_owned(),
                first: d("2026-05-31"),
                last: Some(d("2026-05-31")),
                horizon: d("2027-06-07"),
            })
        );
        let message = hole.unwrap_err().to_string();
        assert!(
            message.contains("copay.by-age")
                && message.contains("from 2026-05-31 until 2026-05-31"),
            "{message}"
        );

        // Given as an overlay, the same rows leave no hole: the built-in row fills the day.
        let set = overlay(&format!(
            "{},{}",
            copay_row("2014-04-01", "2026-05-30", 30),
            copay_row("2026-06-01", "2099-12-31", 30)
        ))
        .unwrap();
        let filler = set.rule(RuleId::CopayByAge, d("2026-05-31")).unwrap();
        assert_eq!(
            (filler.from, filler.until),
            (d("2026-05-31"), Some(d("2026-05-31")))
        );

        // An overlay row before the rule's first day leaves the years between it and the built-in
        // row uncovered.
        let early = overlay(&copay_row("2000-01-01", "2000-12-31", 30));
        assert!(matches!(
            early,
            Err(RuleError::Gap { first, last: Some(last), .. })
                if first == d("2001-01-01") && last == d("2014-03-31")
        ));

        // A temporary measure may stop: the day after it is an answer, not a hole.
        let ended = RuleSet::from_json(&BUILTIN_RULES_JSON.replace(
            r#""until": "2026-07-31",
      "ends": "final","#,
            r#""until": "2026-07-31","#,
        ))
        .unwrap();
        assert!(!ended.applies(RuleId::FallbackQueryByNumber, d("2026-08-01")));
    }

    // Reproductions (issue 30, point 8): values no notice could set were accepted.
    #[test]
    fn copay_parameters_out_of_bounds_are_refused_with_the_field_and_bound_named() {
        let (id, problem) = bad_params(overlay(&copay_row("2026-12-01", "2027-01-31", 200)));
        assert_eq!(id, "copay.by-age");
        assert!(
            problem.contains("general_percent") && problem.contains("0–100"),
            "{problem}"
        );

        let preschool = overlay(
            &copay_row("2026-12-01", "2027-01-31", 30)
                .replace(r#""preschool_age":6"#, r#""preschool_age":90"#),
        );
        let (_, problem) = bad_params(preschool);
        assert!(
            problem.contains("preschool_age") && problem.contains("elderly_age"),
            "{problem}"
        );

        let ages = overlay(
            &copay_row("2026-12-01", "2027-01-31", 30)
                .replace(r#""late_elderly_age":75"#, r#""late_elderly_age":175"#),
        );
        let (_, problem) = bad_params(ages);
        assert!(
            problem.contains("late_elderly_age") && problem.contains("120"),
            "{problem}"
        );
    }

    /// An overlay row of 高額療養費 limits with these categories.
    fn ceilings(categories: &str) -> Result<RuleSet, RuleError> {
        overlay(&format!(
            r#"{{"id":"ceiling.monthly-limits","title":{{"ja":"a","en":"a"}},"from":"2026-08-01","until":"2027-07-31","source":"s","params":{{"categories":[{categories}]}}}}"#
        ))
    }

    #[test]
    fn ceiling_parameters_out_of_bounds_are_refused_with_the_field_and_bound_named() {
        let (id, problem) = bad_params(ceilings(&format!(
            r#"{{"labels":["ウ"],"codes":["A03"],"base":{}}}"#,
            u64::MAX
        )));
        assert_eq!(id, "ceiling.monthly-limits");
        assert!(
            problem.contains("categories[0].base") && problem.contains("10000000"),
            "{problem}"
        );
        let (_, problem) = bad_params(ceilings(
            r#"{"labels":["ウ"],"codes":["A03"],"base":80100,"many_times":18446744073709551615}"#,
        ));
        assert!(problem.contains("categories[0].many_times"), "{problem}");
        let (_, problem) = bad_params(ceilings(""));
        assert!(problem.contains("`categories` is empty"), "{problem}");
        let (_, problem) = bad_params(ceilings(r#"{"labels":[],"codes":["A03"],"base":80100}"#));
        assert!(problem.contains("categories[0].labels"), "{problem}");
        let (_, problem) = bad_params(ceilings(
            r#"{"labels":["ウ"],"codes":["A03"],"base":80100},{"labels":["ウ"],"codes":["A04"],"base":57600}"#,
        ));
        assert!(
            problem.contains("labels") && problem.contains("`ウ` twice"),
            "{problem}"
        );
        let (_, problem) = bad_params(ceilings(
            r#"{"labels":["ウ"],"codes":["A03"],"base":80100},{"labels":["エ"],"codes":["A03"],"base":57600}"#,
        ));
        assert!(
            problem.contains("codes") && problem.contains("`A03` twice"),
            "{problem}"
        );
        let (_, problem) = bad_params(ceilings(r#"{"labels":[" "],"codes":[],"base":80100}"#));
        assert!(problem.contains("blank"), "{problem}");
    }

    #[test]
    fn a_ceiling_figure_is_given_or_listed_as_not_stated_never_both() {
        // And a missing monthly limit is listed.
        let (_, problem) = bad_params(ceilings(
            r#"{"labels":["ウ"],"codes":[],"base":80100,"many_times":44400,"not_stated":["many_times"]}"#,
        ));
        assert!(
            problem.contains("categories[0].not_stated") && problem.contains("`many_times`"),
            "{problem}"
        );
        let (_, problem) = bad_params(ceilings(
            r#"{"labels":["ウ"],"codes":["A03"],"base":80100,"not_stated":["codes"]}"#,
        ));
        assert!(problem.contains("`codes`"), "{problem}");
        let (_, problem) = bad_params(ceilings(r#"{"labels":["ウ"],"codes":["A03"]}"#));
        assert!(
            problem.contains("categories[0].not_stated") && problem.contains("`base`"),
            "{problem}"
        );
        let (_, problem) = bad_params(ceilings(
            r#"{"labels":["ウ"],"codes":[],"base":80100,"not_stated":["annual","annual"]}"#,
        ));
        assert!(problem.contains("twice"), "{problem}");
        let (_, problem) = bad_params(ceilings(
            r#"{"labels":["ウ"],"codes":[],"base":80100,"source":"  "}"#,
        ));
        assert!(
            problem.contains("categories[0].source") && problem.contains("blank"),
            "{problem}"
        );
        let stated = ceilings(
            r#"{"labels":["ウ"],"codes":[],"outpatient":13000,"not_stated":["base","codes"],"source":"p. 5"}"#,
        );
        assert!(stated.is_ok(), "{stated:?}");
    }

    #[test]
    fn other_parameters_out_of_bounds_are_refused_with_the_field_named() {
        let (_, problem) = bad_params(overlay(
            r#"{"id":"facility.device-subsidy","title":{"ja":"a","en":"a"},"from":"2024-04-01","source":"s","params":{"yen":10000001}}"#,
        ));
        assert!(problem.contains("`yen`"), "{problem}");
        let (_, problem) = bad_params(overlay(
            r#"{"id":"pin.max-tries","title":{"ja":"a","en":"a"},"from":"2016-01-01","source":"s","params":{"tries":200}}"#,
        ));
        assert!(
            problem.contains("`tries`") && problem.contains("1–15"),
            "{problem}"
        );
        let (_, problem) = bad_params(overlay(
            r#"{"id":"fallback.query-by-number","title":{"ja":"a","en":"a"},"from":"2026-04-01","until":"2026-07-31","source":"s","params":{"documents":["notice_alone","notice_alone"]}}"#,
        ));
        assert!(problem.contains("documents"), "{problem}");
        let (_, problem) = bad_params(overlay(
            r#"{"id":"identity.methods-by-reader","title":{"ja":"a","en":"a"},"from":"2021-10-20","source":"s","params":{"face_recognition":[],"generic":["pin"],"mobile_app":["pin"]}}"#,
        ));
        assert!(problem.contains("face_recognition"), "{problem}");
    }

    #[test]
    fn a_review_date_far_from_the_tables_own_date_is_refused() {
        let table = |version: &str, reviewed: &str| {
            RuleSet::from_json(&format!(
                r#"{{"version":"{version}","extends":"builtin","reviewed":"{reviewed}","rules":[]}}"#
            ))
        };
        let far = table("local-1", "2999-01-01").unwrap_err();
        assert_eq!(far.kind(), crate::error::ErrorKind::ReviewDate);
        assert!(
            far.to_string().contains("`reviewed` is 2999-01-01"),
            "{far}"
        );
        // Without a date in the version: two years after the newest row's first day (2027-08-01).
        assert!(table("local-1", "2029-08-01").is_ok());
        assert!(table("local-1", "2029-08-02").is_err());
        assert!(table("local-1", "2020-01-01").is_ok());
        // With one: two years either side of it.
        assert!(table("2027.01.10", "2029-01-10").is_ok());
        assert!(table("2027.01.10", "2029-01-11").is_err());
        assert!(table("2027.01.10", "2025-01-09").is_err());
        // A complete table is held to its own version's date.
        let builtin = BUILTIN_RULES_JSON
            .replace(r#""reviewed": "2026-12-07""#, r#""reviewed": "2999-11-30""#);
        assert!(matches!(
            RuleSet::from_json(&builtin),
            Err(RuleError::ReviewDate { basis, .. }) if basis == d("2026-12-07")
        ));
    }

    #[test]
    fn insurer_end_matches_prefix_and_length() {
        let set = RuleSet::builtin();
        let ends = set.param(key::LegacyInsurerEnd, d("2025-01-01")).unwrap();
        let kanagawa = ends.iter().find(|e| e.applies_to("141309")).unwrap();
        assert_eq!(kanagawa.last_valid_day, d("2025-07-31"));
        assert!(!ends.iter().any(|e| e.applies_to("14130901")));
        assert!(!ends.iter().any(|e| e.applies_to("131300")));
    }
}
