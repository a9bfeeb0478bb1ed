//! The live feed: each new face-reader or result file in the exchange folder, decided, written to
//! the journal, and the pages told the newest id (they then ask for what they have not seen: a
//! burst of any size reaches them, nothing rides a queue that can drop).

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use onshi::reception::{FileTrouble, Shown, short_name};
use onshi::{DescribedError, RuleSet, Text, Vocabulary};
use onshi_oqs::{QualificationResult, QueriedDocument, ResultWatcher};
use serde::Serialize;
use serde_json::{Value, json};

use crate::journal::Journal;

/// What became of a file.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "snake_case", tag = "outcome")]
pub(crate) enum Outcome {
    /// Decided.
    Decided {
        /// The decision, as `POST /v1/decide` gives it.
        decision: Box<onshi::Decision>,
        /// Its sentences.
        shown: Box<Shown>,
    },
    /// Not decided: the file is unreadable, incomplete or not about one person.
    Refused {
        /// The error's kind slug.
        kind: onshi::error::ErrorKind,
        /// The field or element it concerns.
        field: Option<String>,
        /// What went wrong.
        message: Text,
    },
}

/// Decides one result file as the desk shows it: the outcome, and the patient's shortened name
/// when the file gives one (only that leaves the file for a shared screen). A file without a
/// processing time (an error file from the online system) is decided at the time it landed, so an
/// outage gets its fallback instead of a refusal.
pub(crate) fn outcome_of(
    rules: &RuleSet,
    result: &QualificationResult,
    landed: Option<onshi::calendar::VisitTime>,
) -> (Option<String>, Outcome) {
    let patient = result
        .records
        .first()
        .and_then(|r| r.name.as_deref())
        .and_then(short_name);
    // A face-reader answer concerns the card; a result of a query by number is taken as the
    // legacy card's (as `onshi oqs watch` does).
    let at = result.processed_at().or(landed);
    let decided = result
        .visit(at, QueriedDocument::LegacyCard)
        .map_err(|e| refused(&e))
        .and_then(|visit| onshi::decide(rules, &visit).map_err(|e| refused(&e)));
    let outcome = match decided {
        Ok(decision) => Outcome::Decided {
            shown: Box::new(Shown::of(&decision)),
            decision: Box::new(decision),
        },
        Err(refusal) => refusal,
    };
    (patient, outcome)
}

/// An error as the desk shows it: what happened and what to do, by its kind (the developer's
/// message stays out of the clerk's words: it names folders and speaks English).
pub(crate) fn refused(e: &dyn DescribedError) -> Outcome {
    Outcome::Refused {
        kind: e.kind(),
        field: e.field().map(str::to_owned),
        message: FileTrouble::of(e).words(),
    }
}

/// What the clerk's screen may show of the record (`--show-details`): what the official terminal's
/// list shows. A shared screen never gets it.
pub(crate) fn details(result: &QualificationResult) -> Value {
    let Some(r) = result.records.first() else {
        return Value::Null;
    };
    json!({
        "kana": r.name_kana,
        "birth_date": r.birthdate,
        "insurer": r.insurer_number,
        "symbol": r.symbol,
        "number": r.number,
        "branch": r.branch,
        "ceiling_category": r.limit.as_ref().and_then(|l| l.category.as_ref()).map(|c| {
            json!({"code": c.code(), "label": c.label()})
        }),
    })
}

/// What the journal keeps of an outcome: the outcome's fields, the shortened name, the details.
pub(crate) fn shown_value(patient: Option<String>, outcome: &Outcome, details: Value) -> Value {
    let mut value = serde_json::to_value(outcome).unwrap_or_else(|_| json!({}));
    if let Some(map) = value.as_object_mut() {
        map.insert("patient".to_owned(), Value::from(patient));
        if !details.is_null() {
            map.insert("details".to_owned(), details);
        }
    }
    value
}

/// Follows the exchange folder on its own thread until the desk is dropped.
#[derive(Debug)]
pub(crate) struct Watching {
    stop: Arc<AtomicBool>,
}

impl Drop for Watching {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// Starts following `dir` (its `face` and `res` folders): every file that lands is decided on
/// `rules` and recorded in `journal`. Files already there that the journal showed before, or that
/// were there before the desk first ran (unless `all`), are not shown again; the others — those
/// that landed while the desk was down — are.
pub(crate) fn watch(
    dir: PathBuf,
    all: bool,
    poll: Duration,
    patience: Duration,
    rules: Arc<RuleSet>,
    journal: Arc<Journal>,
) -> Result<Watching, onshi_oqs::ExchangeError> {
    let mut watcher =
        ResultWatcher::resume(&dir, patience, |path, meta| journal.known(path, meta, all))?;
    let stop = Arc::new(AtomicBool::new(false));
    let stopped = Arc::clone(&stop);
    std::thread::Builder::new()
        .name("onshi-desk-watch".into())
        .spawn(move || {
            while !stopped.load(Ordering::Relaxed) {
                for (path, result) in watcher.poll() {
                    let landed = std::fs::symlink_metadata(&path)
                        .and_then(|m| m.modified())
                        .ok()
                        .map(|t| {
                            onshi::calendar::VisitTime::from_datetime(
                                chrono::DateTime::<chrono::Utc>::from(t).fixed_offset(),
                            )
                        });
                    let (patient, outcome, details) = match result {
                        Ok(result) => {
                            let (patient, outcome) = outcome_of(&rules, &result, landed);
                            (patient, outcome, details(&result))
                        }
                        Err(e) => (None, refused(&e), Value::Null),
                    };
                    record(&journal, &path, shown_value(patient, &outcome, details));
                }
                // A file seen but not complete is shown as being received.
                let receiving: Vec<String> = watcher
                    .waiting()
                    .iter()
                    .filter_map(|p| p.file_name())
                    .map(|n| n.to_string_lossy().into_owned())
                    .collect();
                journal.set_receiving(receiving);
                std::thread::sleep(poll);
            }
        })
        .map_err(|e| onshi_oqs::ExchangeError::Io {
            path: dir.clone(),
            message: e.to_string(),
        })?;
    Ok(Watching { stop })
}

/// Records one file's outcome with the version of the file it came from.
fn record(journal: &Journal, path: &Path, shown: Value) {
    let meta = std::fs::symlink_metadata(path).ok();
    let size = meta.as_ref().map_or(0, std::fs::Metadata::len);
    let modified = meta.and_then(|m| m.modified().ok());
    // A journal that cannot be written is said on standard error; the page is still told.
    if let Err(e) = journal.record(path, size, modified, shown) {
        eprintln!("onshi desk: the journal cannot be written: {e}");
    }
}
