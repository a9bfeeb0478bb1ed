//! オンライン資格確認 result files: one file (`OqsResult`), a batch file (`readBatch`) and a
//! watcher of the exchange folder (`OqsWatcher`, polled on Node's thread pool).

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use napi::bindgen_prelude::*;
use napi_derive::napi;
use onshi::error;
use onshi_oqs::{ExchangeError, QualificationResult, ResultWatcher};
use serde_json::Value;

use crate::{Js, describe, from_slug, to_js, visit_time, with};

/// A parsed オンライン資格確認 result file.
#[napi]
pub struct OqsResult {
    result: QualificationResult,
}

#[napi]
impl OqsResult {
    /// Reads a result file (UTF-8 or Shift_JIS as declared and checked).
    #[napi(factory, catch_unwind)]
    pub fn parse(data: &[u8]) -> Result<Self> {
        QualificationResult::parse(data)
            .map(|result| OqsResult { result })
            .js()
    }

    /// The visit this result answers, for `decide`: `at` (YYYY-MM-DD or RFC 3339; default the
    /// file's ProcessExecutionTime) and, for a query by 記号・番号, the document presented
    /// (default `"legacy_card"`).
    #[napi(catch_unwind, ts_return_type = "Visit")]
    pub fn visit(
        &self,
        at: Option<String>,
        #[napi(ts_arg_type = "QueriedDocument")] document: Option<String>,
    ) -> Result<Value> {
        let at = at.map(|a| visit_time(&a, "at")).transpose()?;
        let document = from_slug(document.as_deref().unwrap_or("legacy_card"), "document")?;
        to_js(&self.result.visit(at, document).js()?)
    }

    /// The parsed file as a plain object (personal fields included: handle with care).
    #[napi(catch_unwind, ts_return_type = "Record<string, unknown>")]
    pub fn to_object(&self) -> Result<Value> {
        to_js(&self.result)
    }

    /// The online answer a decision takes from this file (`status`, `copay_percent`, …).
    #[napi(catch_unwind, ts_return_type = "OnlineResult")]
    pub fn online(&self) -> Result<Value> {
        to_js(&self.result.online_result())
    }

    /// Each record as an insurance record, for `reconcile` against the stored one.
    #[napi(catch_unwind, ts_return_type = "InsuranceRecord[]")]
    pub fn insurance_records(&self) -> Result<Value> {
        let records = self.result.records.iter();
        let records: std::result::Result<Vec<_>, _> =
            records.map(|r| r.insurance_record()).collect();
        to_js(&records.js()?)
    }
}

/// Streams a 一括照会 result file (a path) and returns its counts. When `onUnit` is given it is
/// called with each unit (its fields and its `online` answer), in file order; memory stays flat
/// whatever the file size. An error thrown by `onUnit` stops the calls and is thrown once the
/// file is read.
#[napi(catch_unwind, ts_return_type = "BatchSummary")]
pub fn read_batch(
    path: String,
    #[napi(ts_arg_type = "(unit: BatchUnit) => void")] on_unit: Option<Function<Value, ()>>,
) -> Result<Value> {
    let file = onshi_oqs::open_input(path.as_ref(), u64::MAX)
        .map_err(|e| crate::unreadable(error::ErrorDomain::Oqs, format!("{path}: {e}")))?;
    let mut thrown: Option<Error> = None;
    let summary = onshi_oqs::read_batch(file, |unit| {
        let (Some(callback), None) = (&on_unit, &thrown) else {
            return;
        };
        let call = to_js(&unit)
            .and_then(|value| Ok(with(value, "online", to_js(&unit.online_result())?)))
            .and_then(|value| callback.call(value));
        thrown = call.err();
    });
    if let Some(e) = thrown {
        return Err(e);
    }
    to_js(&summary.js()?)
}

/// Options of a watcher.
#[napi(object)]
#[derive(Default)]
pub struct WatchOptions {
    /// Report the result files already there when the watcher starts (default false).
    pub include_existing: Option<bool>,
    /// Seconds a file may stay unparseable before it is reported as an `OqsError` (default 10).
    pub patience: Option<f64>,
    /// Milliseconds between polls when iterating (default 250).
    pub interval: Option<u32>,
}

/// Follows the terminal's `face` and `res` folders under `root` for result files: each answer is
/// reported once when it parses completely; a file still being written is waited for, one that
/// stays unparseable for `patience` seconds is reported once as an `OqsError` (and read again if
/// it changes), a file replaced in place is a new answer, and nothing but regular files inside
/// the folder is read. Files are never moved or deleted. `for await (const file of watcher)`
/// polls every `interval` ms; each poll runs on Node's thread pool, never on the event loop.
#[napi]
pub struct OqsWatcher {
    watcher: Arc<Mutex<ResultWatcher>>,
    /// Milliseconds between polls when iterating.
    #[napi(readonly)]
    pub interval: u32,
}

#[napi]
impl OqsWatcher {
    /// A watcher of `root` (its `face` and `res` folders).
    #[napi(constructor, catch_unwind)]
    pub fn new(root: String, options: Option<WatchOptions>) -> Result<Self> {
        let o = options.unwrap_or_default();
        let patience = o.patience.unwrap_or(10.0);
        let patience = std::time::Duration::try_from_secs_f64(patience)
            .map_err(|_| crate::invalid("patience", format!("{patience} seconds")))?;
        let existing = o.include_existing.unwrap_or(false);
        let watcher = ResultWatcher::new(root.as_ref(), existing, patience).js()?;
        Ok(OqsWatcher {
            watcher: Arc::new(Mutex::new(watcher)),
            interval: o.interval.unwrap_or(250),
        })
    }

    /// The result files that are new since the last poll, in name order: each `{path, result}`,
    /// or `{path, error}` for a file that is not a valid result.
    #[napi(catch_unwind, ts_return_type = "Promise<WatchedFile[]>")]
    pub fn poll(&self) -> AsyncTask<Poll> {
        AsyncTask::new(Poll(Arc::clone(&self.watcher)))
    }
}

/// One poll of a watcher, run on Node's thread pool.
pub struct Poll(Arc<Mutex<ResultWatcher>>);

/// A file a poll found: its result, or the description of its error (`index.js` makes it an
/// `OqsError`).
#[napi(object, object_from_js = false)]
pub struct WatchedFile {
    /// The file's path.
    pub path: String,
    /// The parsed result.
    pub result: Option<OqsResult>,
    /// Why the file is not a valid result.
    #[napi(ts_type = "OqsError")]
    pub error: Option<Value>,
}

impl Task for Poll {
    type Output = Vec<(
        PathBuf,
        std::result::Result<QualificationResult, ExchangeError>,
    )>;
    type JsValue = Vec<WatchedFile>;

    fn compute(&mut self) -> Result<Self::Output> {
        // A poisoned lock (a fault in an earlier poll) is an internal error in JavaScript.
        let mut watcher = (self.0.lock()).map_err(|e| Error::from_reason(e.to_string()))?;
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| watcher.poll()))
            .map_err(napi::bindgen_prelude::panic_to_error)
    }

    fn resolve(&mut self, _env: Env, found: Self::Output) -> Result<Self::JsValue> {
        let file = |(path, result): (PathBuf, _)| {
            let path = path.display().to_string();
            match result {
                Ok(result) => WatchedFile {
                    path,
                    result: Some(OqsResult { result }),
                    error: None,
                },
                Err(e) => WatchedFile {
                    path,
                    result: None,
                    error: Some(describe(&e)),
                },
            }
        };
        Ok(found.into_iter().map(file).collect())
    }
}
