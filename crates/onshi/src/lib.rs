//! # onshi — reception-desk eligibility decisions for Japanese health insurance
//!
//! Since 2024-12-02 no new paper insurance cards are issued. A reception desk now sees マイナ保険証
//! (the My Number Card registered for insurance use, checked online), 資格確認書, card + 資格情報のお知らせ
//! or マイナポータル screen, and legacy cards valid only through dated transition rules. onshi turns what
//! was presented, what the reader and the online check reported, and the date, into a [`Decision`]:
//! covered or not and by which [`Route`](reception::Route), the copay basis, alerts, the next staff actions, the ids of
//! the rules used, and messages in Japanese and English.
//!
//! ```
//! use onshi::reception::{Coverage, Route};
//! use onshi::{decide, Lang, RuleSet, Visit};
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
//!
//! ## Where things are
//!
//! | concept | module (`src/…`) |
//! |---|---|
//! | the visit, documents, identity, the engine, the decision, its messages, the words a front end shows (`Shown`), the 声掛け script | `reception/` |
//! | the dated rule table and its audit | `policy/` |
//! | copay by age, 高額療養費 ceilings | `benefits/` |
//! | check digits, number types, the 個人番号 guard | `numbers/` |
//! | facility obligations, payments, additions | `facility.rs` |
//! | insurance-use registration | `registration.rs` |
//! | the stored record against the online answer: 和暦, kana and name matching, reconciliation | `records/` |
//! | the JPKI card protocol | `card/` |
//! | the user-authentication certificate | `certificate/` |
//! | every closed set of values with its words | `vocabulary.rs` |
//! | JST dates and times, bilingual text and labels, errors | `calendar.rs`, `text.rs`, `error.rs` |
//! | every value and message made safe to show (neutralised, redacted) | `screen.rs` |
//!
//! ## Where the rules are
//!
//! A rule is one short function with the rule's source above it (`// <rule id> — <source>`, as
//! its row in `rules/default.json` gives it); it returns its answer and the ids of the rules it
//! applied, and [`decide`] lists them in the decision. Each [`RuleId`](policy::RuleId)'s documentation names its
//! function. The rules most asked about:
//!
//! | rule | id | function, file (`src/…`) |
//! |---|---|---|
//! | the certificate's grace period after expiry | `certificate.grace-period` | `grace_period`, `certificate/validity.rs` |
//! | the PIN's last try | `pin.last-try` | `last_try`, `card/pin.rs` |
//! | 資格確認書 validity | `qualification-certificate.validity` | `Engine::qualification_certificate_valid`, `reception/engine/documents.rs` |
//! | 高額療養費 区分ウ (the 1% formula) | `ceiling.monthly-limits` | `Month::formula`, `benefits/ceiling.rs` |
//! | 後期 2割 配慮措置 | `ceiling.late-elderly-relief` | `relief`, `benefits/ceiling.rs` |
//!
//! ## Source citations
//!
//! Comments, rule rows and vectors cite the source documents of `../shared/sources/` as
//! `NNN:line` or `NNN_hash.txt:line`: `000` a マイナポータル FAQ (一括登録・マイナポイント), `001` a
//! マイナ保険証 Q&A of an insurer (関東信越税理士国保, 令和6年12月), `002` an MHLW 事務連絡 to hospitals
//! (令和3年5月26日), `003` a municipal call-centre FAQ (川崎市), `004` the MHLW FAQ on promoting the
//! マイナ保険証. `004:746` is line 746 of `004_b85a80dacb8bbe22.txt`. Each rule id's row in the
//! built-in table (`rules/default.json`) carries its own `source`.
#![forbid(unsafe_code)]

/// Design notes: why time is an argument, why policy is data, the order of a decision.
#[doc = include_str!("../doc/design.md")]
pub mod _design {}

// The core by concept (README, "Layout"): reception, policy (the rule table), benefits, numbers,
// facility, card, certificate, registration; calendar, text, vocabulary and errors are shared.
pub mod benefits;
pub mod calendar;
pub mod card;
pub mod certificate;
pub mod error;
pub mod facility;
pub mod numbers;
pub mod policy;
pub mod reception;
pub mod records;
pub mod registration;
pub mod screen;
pub mod text;
pub mod vocabulary;

// The short root: what most callers need (also `onshi::prelude`); everything else is reached
// through its concept module (`onshi::reception::Route`, `onshi::records::reconcile`, …).
pub use error::DescribedError;
pub use policy::RuleSet;
pub use reception::{Decision, Visit, decide};
pub use vocabulary::{Kinds, Lang, Text, Vocabulary};

/// The names most callers need, for `use onshi::prelude::*;`: the rule table, the visit, the
/// decision and `decide`, the words of every value, and the error trait.
///
/// # Example
/// ```
/// use onshi::prelude::*;
/// let visit = Visit::from_json(r#"{"at": "2026-01-15",
///     "presented": {"qualification_certificate": {"valid_until": "2027-07-31"}}}"#)?;
/// let decision: Decision = decide(&RuleSet::builtin(), &visit)?;
/// assert_eq!(decision.route.words().get(Lang::Ja), "資格確認書");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub mod prelude {
    pub use crate::{
        Decision, DescribedError, Kinds, Lang, RuleSet, Text, Visit, Vocabulary, decide,
    };
}
#[doc(hidden)]
pub use vocabulary::{distinct as vocabulary_distinct, registered as vocabulary_registered};

/// This library's version: one number for the crates and every artifact (C `onshi_version`,
/// Python `onshi.__version__`, Kotlin `libraryVersion()`). The rule table has its own
/// ([`RuleSet::version`]).
///
/// # Example
/// ```
/// assert_eq!(onshi::VERSION.split('.').count(), 3);
/// ```
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
