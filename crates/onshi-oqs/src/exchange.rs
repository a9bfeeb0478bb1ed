//! The folder exchange with the qualification terminal's 連携アプリ: requests into `req`, results
//! from `res`, face-reader results in `face` (reference/oqs-interface.md §2, §5).
//!
//! Rules kept here: a request is written to a temporary name and renamed, so the terminal never
//! sees half a file; a request whose result file already exists is refused (an unread result is
//! never overwritten); a result is read until two reads agree and parse; a timeout is reported and
//! **never** followed by an automatic resend, because the first request may already have been
//! processed; nothing here deletes or moves a file.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::encoding::Encoding;
use crate::error::OqsError;
use crate::request::{QualificationRequest, check_answer};
use crate::result::QualificationResult;

/// Why an exchange failed (ファイル連携のエラー).
///
/// # Example
/// ```
/// let e = onshi_oqs::ExchangeError::TimedOut { request: "req/a.xml".into(), waited: std::time::Duration::from_secs(180) };
/// assert_eq!(e.kind(), onshi::error::ErrorKind::TimedOut);
/// assert!(e.to_string().contains("do not resend"));
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExchangeError {
    /// A file or folder could not be read or written.
    #[error("{path}: {message}")]
    Io {
        /// The path.
        path: PathBuf,
        /// What the OS said.
        message: String,
    },
    /// A file of that name is already there; nothing was written.
    #[error(
        "{path} already exists: an earlier request or an unread result uses this identifier; use a new ArbitraryFileIdentifier (nothing was written)"
    )]
    Exists {
        /// The path.
        path: PathBuf,
    },
    /// No result within the time allowed. Do not resend: the request may have been processed.
    #[error(
        "no result for {request} after {waited:?}; do not resend it automatically — check the terminal, the result may still arrive"
    )]
    TimedOut {
        /// The request file.
        request: PathBuf,
        /// How long onshi waited.
        waited: Duration,
    },
    /// The result file is not a valid result (after it stopped changing).
    #[error("{path}: {source}")]
    Result {
        /// The path.
        path: PathBuf,
        /// Why.
        source: OqsError,
    },
}

impl ExchangeError {
    /// A stable slug: `io`, `exists`, `timed_out`, or the result's own kind ([`OqsError::kind`])
    /// for a file that is not a valid result.
    ///
    /// # Example
    /// ```
    /// let e = onshi_oqs::ExchangeError::Result {
    ///     path: "res/a.xml".into(),
    ///     source: onshi_oqs::OqsError::Dtd,
    /// };
    /// assert_eq!(e.kind(), onshi::error::ErrorKind::Dtd);
    /// ```
    pub fn kind(&self) -> onshi::error::ErrorKind {
        match self {
            ExchangeError::Result { source, .. } => source.kind(),
            ExchangeError::Io { .. } => onshi::error::ErrorKind::Io,
            ExchangeError::Exists { .. } => onshi::error::ErrorKind::Exists,
            ExchangeError::TimedOut { .. } => onshi::error::ErrorKind::TimedOut,
        }
    }

    /// The short ja/en summary every binding shows (that of the result file's error, or of an
    /// オンライン資格確認 file for the folder's own problems).
    ///
    /// # Example
    /// ```
    /// let e = onshi_oqs::ExchangeError::Exists { path: "req/a.xml".into() };
    /// assert_eq!(e.words().en, "the online qualification file was refused");
    /// ```
    pub fn words(&self) -> onshi::Text {
        onshi::DescribedError::words(self)
    }
}

impl onshi::DescribedError for ExchangeError {
    fn kind(&self) -> onshi::error::ErrorKind {
        ExchangeError::kind(self)
    }
    fn domain(&self) -> onshi::error::ErrorDomain {
        match self {
            ExchangeError::Result { source, .. } => source.domain(),
            _ => onshi::error::ErrorDomain::Oqs,
        }
    }
}

pub(crate) fn io(path: &Path, e: std::io::Error) -> ExchangeError {
    ExchangeError::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

/// A request written to `req`, waiting for its result.
///
/// # Example
/// ```
/// use onshi_oqs::{Encoding, OqsFolders, QualificationRequest};
/// let root = std::env::temp_dir().join(format!("onshi-doc-submitted-{}", std::process::id()));
/// let req: QualificationRequest = serde_json::from_str(r#"{"medical_institution_code": "1311111111",
///   "arbitrary_file_identifier": "DOC1", "insurer_number": "06130017", "number": "45"}"#).unwrap();
/// let sent = OqsFolders::new(&root).submit(&req, Encoding::Utf8).unwrap();
/// assert_eq!(sent.identifier, "DOC1");
/// assert!(sent.result.ends_with("res/OQSsiquc01res_DOC1.xml"));
/// std::fs::remove_dir_all(&root).unwrap();
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Submitted {
    /// The request file.
    pub request: PathBuf,
    /// Where the result will appear.
    pub result: PathBuf,
    /// The ArbitraryFileIdentifier the result must echo.
    pub identifier: String,
}

/// The exchange folder shared with the terminal (`<root>/req`, `<root>/res`, `<root>/face`).
///
/// # Example
/// ```
/// use onshi_oqs::{Encoding, OqsFolders, QualificationRequest};
/// let root = std::env::temp_dir().join(format!("onshi-doc-{}", std::process::id()));
/// let folders = OqsFolders::new(&root);
/// let req: QualificationRequest = serde_json::from_str(r#"{"medical_institution_code": "1311111111",
///   "arbitrary_file_identifier": "DOC1", "insurer_number": "06130017", "number": "1"}"#).unwrap();
/// let sent = folders.submit(&req, Encoding::Utf8).unwrap();
/// assert!(sent.request.ends_with("req/OQSsiquc01req_DOC1.xml"));
/// // The same identifier again is refused: nothing is overwritten.
/// assert!(folders.submit(&req, Encoding::Utf8).is_err());
/// # std::fs::remove_dir_all(&root).unwrap();
/// ```
#[derive(Clone, Debug)]
pub struct OqsFolders {
    root: PathBuf,
}

impl OqsFolders {
    /// The exchange folder at `root`.
    ///
    /// # Example
    /// ```
    /// let f = onshi_oqs::OqsFolders::new("/srv/oqs");
    /// assert_eq!(f.req(), std::path::Path::new("/srv/oqs/req"));
    /// ```
    pub fn new(root: impl Into<PathBuf>) -> Self {
        OqsFolders { root: root.into() }
    }

    /// `<root>/req`.
    ///
    /// # Example
    /// ```
    /// assert!(onshi_oqs::OqsFolders::new("/srv/oqs").req().ends_with("req"));
    /// ```
    pub fn req(&self) -> PathBuf {
        self.root.join("req")
    }

    /// `<root>/res`.
    ///
    /// # Example
    /// ```
    /// assert!(onshi_oqs::OqsFolders::new("/srv/oqs").res().ends_with("res"));
    /// ```
    pub fn res(&self) -> PathBuf {
        self.root.join("res")
    }

    /// `<root>/face`.
    ///
    /// # Example
    /// ```
    /// assert!(onshi_oqs::OqsFolders::new("/srv/oqs").face().ends_with("face"));
    /// ```
    pub fn face(&self) -> PathBuf {
        self.root.join("face")
    }

    /// Writes a request atomically (temporary file, then rename) into `req`.
    ///
    /// # Errors
    /// [`ExchangeError::Exists`] when the request or its result file already exists (nothing is
    /// written); [`ExchangeError::Result`] for a request that cannot be written; I/O errors.
    ///
    /// # Example
    /// ```
    /// use onshi_oqs::{Encoding, OqsFolders, QualificationRequest};
    /// let root = std::env::temp_dir().join(format!("onshi-doc-submit-{}", std::process::id()));
    /// let req: QualificationRequest = serde_json::from_str(r#"{"medical_institution_code": "1311111111",
    ///   "arbitrary_file_identifier": "DOC2", "insurer_number": "06130017", "number": "45"}"#).unwrap();
    /// let folders = OqsFolders::new(&root);
    /// folders.submit(&req, Encoding::ShiftJis).unwrap();
    /// assert_eq!(folders.submit(&req, Encoding::ShiftJis).unwrap_err().kind(), onshi::error::ErrorKind::Exists); // never overwritten
    /// std::fs::remove_dir_all(&root).unwrap();
    /// ```
    pub fn submit(
        &self,
        request: &QualificationRequest,
        encoding: Encoding,
    ) -> Result<Submitted, ExchangeError> {
        let (req_name, res_name) = request.file_names();
        let req_dir = self.req();
        let path = req_dir.join(&req_name);
        let result = self.res().join(&res_name);
        for p in [&path, &result] {
            if p.exists() {
                return Err(ExchangeError::Exists { path: p.clone() });
            }
        }
        let bytes = request
            .to_xml(encoding)
            .map_err(|source| ExchangeError::Result {
                path: path.clone(),
                source,
            })?;
        std::fs::create_dir_all(&req_dir).map_err(|e| io(&req_dir, e))?;
        let tmp = req_dir.join(format!(".{req_name}.tmp"));
        // Written and flushed to disk before it gets its name; a failed write leaves nothing. A
        // leftover of an earlier crash is removed, and the file is created new: a link planted
        // under the temporary name is never followed (nothing outside `req` is truncated).
        let written = (|| {
            use std::io::Write;
            match std::fs::remove_file(&tmp) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
                _ => {}
            }
            let mut f = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&tmp)?;
            f.write_all(&bytes)?;
            f.sync_all()
        })();
        if let Err(e) = written {
            let _ = std::fs::remove_file(&tmp);
            return Err(io(&tmp, e));
        }
        // Hard-link then remove the temporary name: fails instead of replacing if the name appeared.
        if let Err(e) = std::fs::hard_link(&tmp, &path) {
            let _ = std::fs::remove_file(&tmp);
            return Err(if path.exists() {
                ExchangeError::Exists { path }
            } else {
                io(&path, e)
            });
        }
        std::fs::remove_file(&tmp).map_err(|e| io(&tmp, e))?;
        // The new name itself reaches the disk (best effort: not every platform syncs folders).
        if let Ok(dir) = std::fs::File::open(&req_dir) {
            let _ = dir.sync_all();
        }
        Ok(Submitted {
            request: path,
            result,
            identifier: request.arbitrary_file_identifier.clone(),
        })
    }

    /// Waits for the result of `submitted`, polling every `poll`, for at most `timeout`.
    ///
    /// # Errors
    /// [`ExchangeError::TimedOut`] (never resend automatically); [`ExchangeError::Result`] when the
    /// result is not a valid answer to this request (a file that still does not parse at the
    /// deadline, or one that answers another request).
    ///
    /// # Example
    /// ```
    /// use onshi_oqs::{Encoding, OqsFolders, QualificationRequest};
    /// use std::time::Duration;
    /// let root = std::env::temp_dir().join(format!("onshi-doc-wait-{}", std::process::id()));
    /// let req: QualificationRequest = serde_json::from_str(r#"{"medical_institution_code": "1311111111",
    ///   "arbitrary_file_identifier": "DOC3", "insurer_number": "06130017", "number": "45"}"#).unwrap();
    /// let folders = OqsFolders::new(&root);
    /// let sent = folders.submit(&req, Encoding::Utf8).unwrap();
    /// let err = folders.wait(&sent, Duration::from_millis(50), Duration::from_millis(10)).unwrap_err();
    /// assert_eq!(err.kind(), onshi::error::ErrorKind::TimedOut); // no terminal answered
    /// std::fs::remove_dir_all(&root).unwrap();
    /// ```
    pub fn wait(
        &self,
        submitted: &Submitted,
        timeout: Duration,
        poll: Duration,
    ) -> Result<QualificationResult, ExchangeError> {
        let started = Instant::now();
        let mut unreadable: Option<ExchangeError> = None;
        loop {
            if submitted.result.exists() {
                match read_stable(&submitted.result, poll) {
                    Ok(Some(result)) => {
                        check_answer(&result, &submitted.identifier).map_err(|source| {
                            ExchangeError::Result {
                                path: submitted.result.clone(),
                                source,
                            }
                        })?;
                        return Ok(result);
                    }
                    Ok(None) => {}
                    // Incomplete XML may still be being written (a writer can pause longer than
                    // the read gap): keep waiting, and report it only at the deadline.
                    Err(e @ ExchangeError::Result { .. }) => unreadable = Some(e),
                    Err(e) => return Err(e),
                }
            }
            if started.elapsed() >= timeout {
                return Err(unreadable.unwrap_or(ExchangeError::TimedOut {
                    request: submitted.request.clone(),
                    waited: started.elapsed(),
                }));
            }
            std::thread::sleep(poll);
        }
    }
}

/// Reads a result file once it has stopped changing: two reads `gap` apart must agree and parse.
/// `Ok(None)` while it is still being written.
///
/// # Errors
/// [`ExchangeError::Result`] when the file is stable but not a valid result; I/O errors other than
/// the file not being there yet.
///
/// # Example
/// ```
/// let path = std::env::temp_dir().join(format!("onshi-doc-stable-{}.xml", std::process::id()));
/// std::fs::write(&path, "<XmlMsg><MessageHeader><SegmentOfResult>1</SegmentOfResult></MessageHeader></XmlMsg>").unwrap();
/// let read = onshi_oqs::read_stable(&path, std::time::Duration::from_millis(5)).unwrap();
/// assert!(read.is_some());
/// std::fs::remove_file(&path).unwrap();
/// ```
pub fn read_stable(
    path: &Path,
    gap: Duration,
) -> Result<Option<QualificationResult>, ExchangeError> {
    // Opened once (no link followed, no FIFO waited on), read twice through the same handle.
    let mut file = match crate::file::open_input(path, crate::xml::MAX_FILE as u64) {
        Ok(file) => file,
        Err(e) if e.is_not_found() => return Ok(None),
        Err(e) => {
            return Err(ExchangeError::Io {
                path: path.to_path_buf(),
                message: e.to_string(),
            });
        }
    };
    let failed = |e: crate::file::FileError| ExchangeError::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    let first = file.read_all().map_err(failed)?;
    std::thread::sleep(gap);
    let second = file.read_all().map_err(failed)?;
    if first != second || second.is_empty() {
        return Ok(None);
    }
    QualificationResult::parse(&second)
        .map(Some)
        .map_err(|source| ExchangeError::Result {
            path: path.to_path_buf(),
            source,
        })
}
