//! # onshi — reception-desk eligibility decisions for Japanese health insurance
//!
//! Since 2024-12-02 no new paper insurance cards are issued. A reception desk now sees マイナ保険証
//! (the My Number Card registered for insurance use, checked online), 資格確認書, card + 資格情報のお知らせ
//! or マイナポータル screen, and legacy cards valid only through dated transition rules. onshi turns what
//! was presented, what the reader and the online check reported, and the date, into a [`Decision`]:
//! covered or not and by which [`Route`], the copay basis, alerts, the next staff actions, the ids of
//! the rules used, and messages in Japanese and English.
//!
//! ```
//! use onshi::{decide, Coverage, Route, RuleSet, Visit, Lang};
//!
//! let rules = RuleSet::builtin();
//! // A patient whose certificate expired on 2026-02-10, at a face reader on 2026-05-31.
//! let visit = Visit::from_json(r#"{
//!   "at": "2026-05-31T10:00:00+09:00",
//!   "presented": {"myna_card": {"registration": "registered", "certificate_expires": "2026-02-10",
//!                               "identity": {"method": "face", "outcome": "confirmed"}}},
//!   "online": {"status": "valid", "copay_percent": 30}
//! }"#)?;
//! let decision = decide(&rules, &visit)?;
//! assert_eq!(decision.coverage, Coverage::Covered);
//! assert_eq!(decision.route, Route::MynaOnline);
//! assert!(decision.messages.staff.get(Lang::En).contains("until 2026-05-31"));
//!
//! // One day later the grace period is over: the desk is told why and what to do.
//! let later = Visit::from_json(&r#"{
//!   "at": "2026-06-01",
//!   "presented": {"myna_card": {"registration": "registered", "certificate_expires": "2026-02-10"}}
//! }"#)?;
//! let decision = decide(&rules, &later)?;
//! assert_eq!(decision.route, Route::SelfDeclaration);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Principles: the core does no I/O and reads no clock — the time, the rule table and everything
//! presented are arguments; policy lives in the dated rule table ([`RuleSet`]); every decision lists
//! its rule ids; personal fields are redacted in `Debug` and a 12-digit 個人番号 is refused.
#![forbid(unsafe_code)]
// No panics on input in library code: the lints below are errors in CI (tests may unwrap).
#![warn(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
#![deny(missing_docs)]

/// Design notes: why time is an argument, why policy is data, the order of a decision.
#[doc = include_str!("../doc/design.md")]
pub mod _design {}

mod audit;
mod calendar;
mod card;
mod ceiling;
mod certificate;
mod checkdigit;
mod copay;
mod decision;
mod documents;
mod engine;
mod error;
mod facility;
mod identity;
mod messages;
mod numbers;
mod registration;
mod rules;
mod script;
mod text;
mod visit;
mod vocabulary;

pub use audit::{AuditFinding, ENDING_SOON_DAYS, RuleAudit};
pub use calendar::{VisitTime, parse_date_field};
pub use card::{
    BlockedAnswer, CardError, Command, JPKI_AID, JpkiCard, LastTry, Pin, PinCounter, PinOutcome,
    QueryAnswer, Response, SimulatedCard, StatusWord, TokenKind, Transport, TransportError,
};
pub use ceiling::{CeilingAmount, CeilingError, CeilingQuery, monthly_ceiling};
pub use certificate::{
    CertificateCheck, CertificateError, CertificateStatus, Hierarchy, Revocation, TestHierarchy,
    TrustAnchor, TrustAnchors, UserAuthCertificate, ValidityPeriod, certificate_der,
    certificate_pem, check_certificate,
};
pub use checkdigit::{
    InsuredMatch, NumberError, NumberInfo, NumberKind, check_digit, compare_insured, insured_key,
    verify_number,
};
pub use copay::{AgeBand, age_band, usual_copay_percent, usual_percent};
pub use decision::{
    Action, Alert, Ceiling, Copay, CopayBasis, Coverage, DATE_FIELDS, Decision, FailureClass,
    Messages, NotUsedReason, PresentedDocument, Route,
};
pub use documents::{
    CardKind, CardStatus, CeilingCertificate, InsuredNumber, IssueReason, LegacyInsuranceCard,
    MynaInsuranceCard, PortalScreen, Presented, QualificationCertificate, QualificationNotice,
    Registration,
};
pub use engine::decide;
pub use error::{DescribedError, ErrorDomain, InputError, RuleError, from_json, summary_of};
pub use facility::{
    Checklist, CooperationCondition, CooperationReport, DxAddition, DxCondition, Exemption,
    MedicalFacility, Obligation, Practitioner, PractitionerFacility, PractitionerKind,
    cooperation_payment, device_subsidy, dx_addition, facility_notices, online_obligation,
};
pub use identity::{
    CardReader, IdentityCheck, IdentityMethod, IdentityOutcome, PinState, ReaderMethods,
};
pub use numbers::{
    InsurerNumber, PersonalField, contains_personal_number, looks_like_personal_number,
};
pub use registration::{
    RegistrationChannel, RegistrationEvent, RegistrationRefusal, can_register,
    cancellation_effective, registration_on,
};
pub use rules::{
    BUILTIN_RULES_JSON, CeilingCategory, Certainty, CopayParams, DxAdditionParams, GraceBoundary,
    InsurerEnd, MAX_RULES_JSON, MeasureDocument, PlannedRows, REVIEW_ALERT_MONTHS, RULES_FORMAT,
    ReliefParams, RowEnd, RowStatus, Rule, RuleId, RuleParams, RuleSet,
};
pub use script::{ReceptionScript, ScriptAnswer, ScriptError, ScriptStep};
pub use text::{Label, Lang, Text, age_words, copay_words};
pub use visit::{
    Care, Facility, FacilityKind, MAX_VISIT_JSON, OnlineConsent, OnlineResult, OnlineStatus,
    OnlineSystem, Patient, QueryKind, Visit,
};
pub use vocabulary::{Kinds, VOCABULARIES, Vocabulary};
