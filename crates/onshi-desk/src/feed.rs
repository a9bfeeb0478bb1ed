//! The live feed: each new face-reader or result file in the exchange folder, decided, as an event
//! for every open page (server-sent events), with the latest few kept for a page that opens later.

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use onshi::{DescribedError, RuleSet, Text};
use onshi_oqs::{QualificationResult, QueriedDocument, ResultWatcher};
use serde::Serialize;
use tokio::sync::broadcast;

use crate::view::{Shown, error_text, short_name};

/// How many events a page opening late still sees.
const RECENT: usize = 50;

/// One answer from the exchange folder, as the page shows it: the decision and its sentences, or
/// why the file could not be decided. Only a shortened name leaves the file, never the record.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct Event {
    /// Increasing from 1 for the life of the desk (the SSE event id).
    pub id: u64,
    /// The file's name in `face` or `res`.
    pub file: String,
    /// When the desk read it (UTC, RFC 3339).
    pub received: String,
    /// The patient's name shortened ([`short_name`]), when the file gives one.
    pub patient: Option<String>,
    /// The decision, or the error.
    #[serde(flatten)]
    pub outcome: Outcome,
}

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
        kind: &'static str,
        /// The field or element it concerns.
        field: Option<String>,
        /// What went wrong.
        message: Text,
    },
}

/// The events published so far and the channel to the open pages.
#[derive(Debug)]
pub(crate) struct Feed {
    sender: broadcast::Sender<Arc<Event>>,
    recent: Mutex<VecDeque<Arc<Event>>>,
    next: AtomicU64,
}

impl Default for Feed {
    fn default() -> Self {
        Feed {
            sender: broadcast::channel(256).0,
            recent: Mutex::new(VecDeque::with_capacity(RECENT)),
            next: AtomicU64::new(1),
        }
    }
}

impl Feed {
    /// Publishes one file's outcome.
    pub(crate) fn publish(&self, file: String, patient: Option<String>, outcome: Outcome) {
        let event = Arc::new(Event {
            id: self.next.fetch_add(1, Ordering::Relaxed),
            file,
            received: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            patient,
            outcome,
        });
        let mut recent = self.recent.lock().unwrap_or_else(|e| e.into_inner());
        if recent.len() == RECENT {
            recent.pop_front();
        }
        recent.push_back(Arc::clone(&event));
        // No page open is not an error: the event is kept in `recent`.
        let _ = self.sender.send(event);
    }

    /// The kept events after `last_id` (all kept ones for 0), and a receiver for the ones to come.
    /// Taken under one lock, so no event falls between the two.
    pub(crate) fn subscribe(
        &self,
        last_id: u64,
    ) -> (Vec<Arc<Event>>, broadcast::Receiver<Arc<Event>>) {
        let recent = self.recent.lock().unwrap_or_else(|e| e.into_inner());
        let receiver = self.sender.subscribe();
        let missed = recent.iter().filter(|e| e.id > last_id).cloned().collect();
        (missed, receiver)
    }
}

/// Decides one result file as the desk shows it.
pub(crate) fn outcome_of(
    rules: &RuleSet,
    result: &QualificationResult,
) -> (Option<String>, Outcome) {
    let patient = result
        .records
        .first()
        .and_then(|r| r.name.as_deref())
        .and_then(short_name);
    // A face-reader answer concerns the card; a result of a query by number is taken as the
    // legacy card's (as `onshi oqs watch` does).
    let decided = result
        .visit(None, QueriedDocument::LegacyCard)
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

/// An error as the desk shows it.
pub(crate) fn refused(e: &dyn DescribedError) -> Outcome {
    Outcome::Refused {
        kind: e.kind(),
        field: e.field().map(str::to_owned),
        message: error_text(e),
    }
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
/// `rules` and published on `feed`.
pub(crate) fn watch(
    dir: PathBuf,
    include_existing: bool,
    poll: Duration,
    patience: Duration,
    rules: Arc<RuleSet>,
    feed: Arc<Feed>,
) -> Result<Watching, onshi_oqs::ExchangeError> {
    let mut watcher = ResultWatcher::new(&dir, include_existing, patience)?;
    let stop = Arc::new(AtomicBool::new(false));
    let stopped = Arc::clone(&stop);
    std::thread::Builder::new()
        .name("onshi-desk-watch".into())
        .spawn(move || {
            while !stopped.load(Ordering::Relaxed) {
                for (path, result) in watcher.poll() {
                    let file = path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    let (patient, outcome) = match result {
                        Ok(result) => outcome_of(&rules, &result),
                        Err(e) => (None, refused(&e)),
                    };
                    feed.publish(file, patient, outcome);
                }
                std::thread::sleep(poll);
            }
        })
        .map_err(|e| onshi_oqs::ExchangeError::Io {
            path: dir.clone(),
            message: e.to_string(),
        })?;
    Ok(Watching { stop })
}
