//! After the online answer: the stored patient record against the online one — 和暦 dates, kana and
//! name matching, and the reconciliation a receipt system runs on every answer.

pub(crate) mod matching;
pub(crate) mod reconcile;
pub(crate) mod wareki;
