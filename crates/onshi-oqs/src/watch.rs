//! Following the terminal's result folders without losing an answer (結果ファイルの監視).
//!
//! The terminal writes face-reader and query results into `face` and `res`. A reception system
//! must see every answer once, even when the terminal writes a file in pieces, pauses, crashes
//! mid-write or replaces a file in place, and must not be stalled or exhausted by what else lies in
//! the folder. The rules kept here:
//!
//! - **A file is reported when it parses**, and only if it did not change while it was read
//!   (size, modification time and inode the same before and after). A result is one XML document:
//!   a half-written file does not parse, so parsing is what says it is complete — no fixed pause
//!   per file, so a folder of a thousand old results does not delay a new one.
//! - **A file that does not parse is given time.** It is read again each time it changes; only
//!   when it has stayed unchanged for `patience` is it reported, once, as unreadable. If it changes
//!   after that (the writer resumed, or replaced it), it is read again.
//! - **A file replaced after it was reported is read again** and reported as a new answer, unless
//!   its content is the same (trailing blanks aside).
//! - **On start**, existing files are reported by the first polls (`include_existing`) or recorded
//!   with their size and time: a recorded file that later changes — a half-written one completing —
//!   is read then.
//! - **Only regular files are read**, at most 16 MiB each, each opened once ([`open_input`]: no
//!   link followed, no FIFO or device waited on, the opened handle checked): FIFOs, devices,
//!   sockets and symbolic links named like results are reported once as skipped, and one swapped
//!   in at any moment is refused when it is opened, so a poll never blocks.
//! - Files are only read: never moved, deleted or rewritten. Two watchers on one folder do not
//!   coordinate: each reports every answer (run one per desk, or share one watcher's output).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime};

use crate::exchange::{ExchangeError, OqsFolders};
use crate::file::open_input;
use crate::result::QualificationResult;
use crate::xml::MAX_FILE;

/// What identifies one version of a file: its size, modification time and inode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    inode: u64,
}

impl Stamp {
    fn of(meta: &std::fs::Metadata) -> Stamp {
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(meta);
        #[cfg(not(unix))]
        let inode = 0;
        Stamp {
            len: meta.len(),
            modified: meta.modified().ok(),
            inode,
        }
    }
}

/// Where a file stands.
#[derive(Clone, Copy, Debug)]
enum Tracked {
    /// Dealt with at this version: reported (with a digest of what was reported), skipped, or
    /// there when the watch started.
    Done { stamp: Stamp, digest: Option<u64> },
    /// Not yet complete: this version did not parse; `since` is when it was first seen so.
    Waiting {
        stamp: Stamp,
        since: Instant,
        digest: Option<u64>,
    },
}

/// What a candidate file is, from its metadata, without opening it.
enum Candidate {
    /// A regular file (directly, or through a link inside the exchange folder).
    File(Stamp),
    /// Not to be read: why.
    Skip(Stamp, String),
}

impl Candidate {
    fn stamp(&self) -> Stamp {
        match self {
            Candidate::File(s) | Candidate::Skip(s, _) => *s,
        }
    }
}

/// Watches the `face` and `res` folders for result files (`OQSsiquc01res_*.xml`), the way a
/// reception system follows the terminal; see the module rules above: every answer once, a file
/// still being written waited for, a replaced file read again, nothing read but regular files.
///
/// # Example
/// ```
/// use std::time::Duration;
/// let root = std::env::temp_dir().join(format!("onshi-watch-doc-{}", std::process::id()));
/// std::fs::create_dir_all(root.join("res"))?;
/// let mut watcher = onshi_oqs::ResultWatcher::new(&root, false, Duration::from_secs(10))?;
/// assert!(watcher.poll().is_empty());
/// let path = root.join("res/OQSsiquc01res_1.xml");
/// std::fs::write(&path, "<XmlMsg><MessageHeader><SegmentOfResult>9</Segm")?; // half written
/// assert!(watcher.poll().is_empty());
/// std::fs::write(&path, "<XmlMsg><MessageHeader><SegmentOfResult>9</SegmentOfResult></MessageHeader></XmlMsg>")?;
/// let found = watcher.poll();
/// assert_eq!(found.len(), 1);
/// assert!(found[0].1.is_ok());
/// assert!(watcher.poll().is_empty()); // reported once
/// # std::fs::remove_dir_all(&root)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct ResultWatcher {
    dirs: [PathBuf; 2],
    files: BTreeMap<PathBuf, Tracked>,
    patience: Duration,
}

impl ResultWatcher {
    /// Watches `root` (the 連携アプリ's exchange folder). Files already there are reported by the
    /// first poll when `include_existing`; otherwise they are recorded and read only if they
    /// change. `patience` is how long a file that does not parse may stay unchanged before it is
    /// reported as unreadable (a writer may pause mid-file; 10 seconds is a sensible default).
    ///
    /// # Errors
    /// [`ExchangeError::Io`] when `root` has neither a `face` nor a `res` folder.
    ///
    /// # Example
    /// ```
    /// use std::time::Duration;
    /// let err = onshi_oqs::ResultWatcher::new(std::path::Path::new("/nonexistent"), true, Duration::ZERO);
    /// assert!(err.unwrap_err().to_string().contains("neither a face nor a res folder"));
    /// ```
    pub fn new(
        root: &Path,
        include_existing: bool,
        patience: Duration,
    ) -> Result<Self, ExchangeError> {
        let folders = OqsFolders::new(root);
        let dirs = [folders.face(), folders.res()];
        if !dirs.iter().any(|d| d.is_dir()) {
            return Err(ExchangeError::Io {
                path: root.to_path_buf(),
                message:
                    "has neither a face nor a res folder: give the 連携アプリ's exchange folder"
                        .to_owned(),
            });
        }
        let mut watcher = ResultWatcher {
            dirs,
            files: BTreeMap::new(),
            patience,
        };
        if !include_existing {
            for (path, candidate) in watcher.candidates() {
                let stamp = candidate.stamp();
                watcher.files.insert(
                    path,
                    Tracked::Done {
                        stamp,
                        digest: None,
                    },
                );
            }
        }
        Ok(watcher)
    }

    /// The answers that are new since the last poll, in name order: each result file that now
    /// parses, or the reason it cannot be read (reported once per version of the file). Does not
    /// sleep; call it every few hundred milliseconds.
    ///
    /// # Example
    /// See [`ResultWatcher`].
    pub fn poll(&mut self) -> Vec<(PathBuf, Result<QualificationResult, ExchangeError>)> {
        let now = Instant::now();
        let present = self.candidates();
        // A file that disappeared is forgotten: a new file of the same name is a new answer.
        self.files
            .retain(|p, _| present.iter().any(|(q, _)| q == p));
        let mut found = Vec::new();
        for (path, candidate) in present {
            let previous = self.files.get(&path).copied();
            let stamp = candidate.stamp();
            let (digest, since, last_try) = match previous {
                Some(Tracked::Done {
                    stamp: s,
                    digest: Some(digest),
                }) if s == stamp => {
                    // Unchanged by its stamp. A rewrite of the same size within the filesystem's
                    // timestamp granularity keeps the stamp, so a file written moments ago is read
                    // again and compared with what was reported.
                    if recent(stamp)
                        && let Ok((result, new_digest)) = self.read(&path, stamp)
                        && new_digest != digest
                    {
                        found.push((path.clone(), Ok(result)));
                        self.files.insert(
                            path,
                            Tracked::Done {
                                stamp,
                                digest: Some(new_digest),
                            },
                        );
                    }
                    continue;
                }
                Some(Tracked::Done { stamp: s, .. }) if s == stamp => continue,
                Some(Tracked::Waiting {
                    stamp: s,
                    since,
                    digest,
                }) if s == stamp => {
                    // Unchanged and still unreadable: wait out the patience, then say so once.
                    if now.duration_since(since) < self.patience {
                        continue;
                    }
                    (digest, since, true)
                }
                Some(Tracked::Done { digest, .. } | Tracked::Waiting { digest, .. }) => {
                    (digest, now, false)
                }
                None => (None, now, false),
            };
            if let Candidate::Skip(_, why) = candidate {
                self.files
                    .insert(path.clone(), Tracked::Done { stamp, digest });
                found.push((path.clone(), Err(ExchangeError::Io { path, message: why })));
                continue;
            }
            let next = match self.read(&path, stamp) {
                Ok((result, new_digest)) => {
                    // The same answer rewritten (trailing blanks aside) is not a new answer.
                    if digest != Some(new_digest) {
                        found.push((path.clone(), Ok(result)));
                    }
                    Some(Tracked::Done {
                        stamp,
                        digest: Some(new_digest),
                    })
                }
                Err(Attempt::Gone) => None,
                Err(Attempt::Changed(new_stamp)) => Some(Tracked::Waiting {
                    stamp: new_stamp,
                    since: now,
                    digest,
                }),
                Err(Attempt::Failed(e)) if last_try || self.patience.is_zero() => {
                    found.push((path.clone(), Err(e)));
                    Some(Tracked::Done { stamp, digest })
                }
                Err(Attempt::Failed(_)) => Some(Tracked::Waiting {
                    stamp,
                    since,
                    digest,
                }),
            };
            match next {
                Some(t) => {
                    self.files.insert(path, t);
                }
                None => {
                    self.files.remove(&path);
                }
            }
        }
        found
    }

    /// Reads and parses `path` if it is still at `stamp`: opened once ([`open_input`]: no link
    /// followed, no FIFO or device waited on, checked on the handle), read through the limit.
    fn read(&self, path: &Path, stamp: Stamp) -> Result<(QualificationResult, u64), Attempt> {
        let mut file = match open_input(path, MAX_FILE as u64) {
            Ok(f) => f,
            Err(e) if e.is_not_found() => return Err(Attempt::Gone),
            Err(e) => {
                return Err(Attempt::Failed(ExchangeError::Io {
                    path: path.to_path_buf(),
                    message: e.to_string(),
                }));
            }
        };
        if Stamp::of(file.metadata()) != stamp {
            return Err(Attempt::Changed(Stamp::of(file.metadata())));
        }
        let bytes = file.read_all().map_err(|e| {
            Attempt::Failed(ExchangeError::Io {
                path: path.to_path_buf(),
                message: e.to_string(),
            })
        })?;
        // Changed while it was read (asked of the same handle): read again when it settles.
        match file.metadata_now() {
            Ok(now) if Stamp::of(&now) == stamp => {}
            Ok(now) => return Err(Attempt::Changed(Stamp::of(&now))),
            Err(_) => return Err(Attempt::Gone),
        }
        if bytes.is_empty() {
            return Err(Attempt::Failed(ExchangeError::Io {
                path: path.to_path_buf(),
                message: "the file is empty".to_owned(),
            }));
        }
        let result = QualificationResult::parse(&bytes).map_err(|source| {
            Attempt::Failed(ExchangeError::Result {
                path: path.to_path_buf(),
                source,
            })
        })?;
        Ok((result, digest(bytes.trim_ascii_end())))
    }

    /// The result-named entries of both folders, in name order, with what they are.
    fn candidates(&self) -> Vec<(PathBuf, Candidate)> {
        let mut out: Vec<(PathBuf, Candidate)> = self
            .dirs
            .iter()
            .filter_map(|d| std::fs::read_dir(d).ok())
            .flat_map(|r| r.filter_map(Result::ok))
            .filter(|e| {
                e.file_name()
                    .to_str()
                    .is_some_and(|n| n.starts_with("OQSsiquc01res_") && n.ends_with(".xml"))
            })
            .filter_map(|e| {
                let path = e.path();
                let candidate = self.classify(&path)?;
                Some((path, candidate))
            })
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }

    /// What `path` is, from its own metadata (a link is not followed, nothing is opened here);
    /// `None` when it vanished. What is read is checked again on the opened handle.
    fn classify(&self, path: &Path) -> Option<Candidate> {
        let meta = std::fs::symlink_metadata(path).ok()?;
        if meta.file_type().is_symlink() {
            return Some(Candidate::Skip(
                Stamp::of(&meta),
                "is a symbolic link: not followed, not read".to_owned(),
            ));
        }
        if !meta.is_file() {
            return Some(Candidate::Skip(
                Stamp::of(&meta),
                "is not a regular file (a FIFO, device or folder): not read".to_owned(),
            ));
        }
        if meta.len() > MAX_FILE as u64 {
            return Some(Candidate::Skip(
                Stamp::of(&meta),
                too_large(path, meta.len()).to_string(),
            ));
        }
        Some(Candidate::File(Stamp::of(&meta)))
    }
}

/// Why a read did not give a result.
enum Attempt {
    /// The file is no longer there.
    Gone,
    /// It changed while being read (now at this version).
    Changed(Stamp),
    /// It could not be read or parsed.
    Failed(ExchangeError),
}

fn too_large(path: &Path, len: u64) -> ExchangeError {
    ExchangeError::Io {
        path: path.to_path_buf(),
        message: format!("is {len} bytes; a result file is at most {MAX_FILE}: not read"),
    }
}

/// How long after its last write a reported file is still compared by content: longer than any
/// filesystem's timestamp granularity (ext4 and tmpfs without fine timestamps: a few ms; FAT: 2 s).
const RECHECK: Duration = Duration::from_secs(3);

/// Whether a file of this stamp was written within [`RECHECK`] (or its time is in the future).
fn recent(stamp: Stamp) -> bool {
    stamp.modified.is_none_or(|m| {
        SystemTime::now()
            .duration_since(m)
            .map_or(true, |age| age < RECHECK)
    })
}

fn digest(bytes: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}
