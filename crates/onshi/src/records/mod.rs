//! After the online answer: the stored patient record against the online one — 和暦 dates, kana and
//! name matching (with the kanji variant table generated from Unihan), and the reconciliation a
//! receipt system runs on every answer.

mod kanji_variants;
pub(crate) mod matching;
mod name_fold;
pub(crate) mod reconcile;
pub(crate) mod wareki;

pub use matching::{
    MatchOutcome, MatchReason, NameComparison, PersonFacts, PersonMatch, Sex, compare_names,
    match_person, normalize_kana,
};
pub use reconcile::{
    Difference, DifferenceKind, InsuranceRecord, ReconcileOutcome, Reconciliation, RecordAction,
    Relation, Severity, reconcile,
};
pub use wareki::{Era, Wareki, WarekiError, parse_wareki, parse_written_date};
