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

use std::collections::{BTreeMap, BTreeSet};
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
    /// What the system says changed (inotify on Linux).
    changes: Changes,
    /// Each folder's modification time when it was last listed: a name added or removed changes
    /// it, so an unchanged folder is not listed again.
    listed: [Option<SystemTime>; 2],
    /// When every file is looked at again whatever was said (a network share sends no events; an
    /// event queue may overflow).
    next_full: Instant,
}

/// How often every file of the folders is looked at again, events or not.
const FULL_SCAN: Duration = Duration::from_secs(30);

/// A folder modified this recently is listed at every poll: a second change within the
/// filesystem's timestamp granularity (FAT: 2 s) would not change its time again.
const FOLDER_GRANULARITY: Duration = Duration::from_secs(3);

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
        // Events first: nothing that lands while the folders are listed is missed.
        let changes = Changes::new(&dirs);
        let mut watcher = ResultWatcher {
            dirs,
            files: BTreeMap::new(),
            patience,
            changes,
            listed: [None, None],
            next_full: Instant::now(),
        };
        if !include_existing {
            watcher.listed = watcher.folder_times();
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
            watcher.next_full = Instant::now() + FULL_SCAN;
        }
        Ok(watcher)
    }

    /// Watches `root` again after a restart: each file already there is recorded without being
    /// read when `seen` says it was reported before (by its path and metadata: name, size, time),
    /// and reported by the first poll otherwise — a file that landed while nothing watched is not
    /// lost, one already shown is not shown twice.
    ///
    /// # Errors
    /// As [`ResultWatcher::new`].
    ///
    /// # Example
    /// ```
    /// use std::time::Duration;
    /// let root = std::env::temp_dir().join(format!("onshi-watch-resume-{}", std::process::id()));
    /// std::fs::create_dir_all(root.join("res"))?;
    /// let xml = "<XmlMsg><MessageHeader><SegmentOfResult>9</SegmentOfResult></MessageHeader></XmlMsg>";
    /// std::fs::write(root.join("res/OQSsiquc01res_OLD.xml"), xml)?;
    /// std::fs::write(root.join("res/OQSsiquc01res_NEW.xml"), xml)?;
    /// let mut watcher = onshi_oqs::ResultWatcher::resume(&root, Duration::from_secs(10), |path, _| {
    ///     path.ends_with("OQSsiquc01res_OLD.xml")
    /// })?;
    /// let found = watcher.poll();
    /// assert_eq!(found.len(), 1);
    /// assert!(found[0].0.ends_with("OQSsiquc01res_NEW.xml"));
    /// # std::fs::remove_dir_all(&root)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn resume(
        root: &Path,
        patience: Duration,
        seen: impl Fn(&Path, &std::fs::Metadata) -> bool,
    ) -> Result<Self, ExchangeError> {
        let mut watcher = ResultWatcher::new(root, true, patience)?;
        for dir in &watcher.dirs {
            for path in result_names(dir) {
                let Ok(meta) = std::fs::symlink_metadata(&path) else {
                    continue;
                };
                if meta.is_file() && seen(&path, &meta) {
                    watcher.files.insert(
                        path,
                        Tracked::Done {
                            stamp: Stamp::of(&meta),
                            digest: None,
                        },
                    );
                }
            }
        }
        Ok(watcher)
    }

    /// The files seen but not yet complete (still being written, or paused mid-file), in name
    /// order: what a screen may show as being received.
    ///
    /// # Example
    /// ```
    /// use std::time::Duration;
    /// let root = std::env::temp_dir().join(format!("onshi-watch-waiting-{}", std::process::id()));
    /// std::fs::create_dir_all(root.join("res"))?;
    /// let mut watcher = onshi_oqs::ResultWatcher::new(&root, false, Duration::from_secs(10))?;
    /// std::fs::write(root.join("res/OQSsiquc01res_1.xml"), "<XmlMsg><MessageHeader>")?;
    /// assert!(watcher.poll().is_empty());
    /// assert_eq!(watcher.waiting().len(), 1);
    /// # std::fs::remove_dir_all(&root)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn waiting(&self) -> Vec<&Path> {
        self.files
            .iter()
            .filter(|(_, t)| matches!(t, Tracked::Waiting { .. }))
            .map(|(p, _)| p.as_path())
            .collect()
    }

    /// The answers that are new since the last poll, in name order: each result file that now
    /// parses, or the reason it cannot be read (reported once per version of the file). Does not
    /// sleep; call it every few hundred milliseconds. A poll costs what changed, not the folder's
    /// size: the files events name, the names added or removed when a folder's time changed, and
    /// the files still being waited for; every file is looked at again every 30 seconds.
    ///
    /// # Example
    /// See [`ResultWatcher`].
    pub fn poll(&mut self) -> Vec<(PathBuf, Result<QualificationResult, ExchangeError>)> {
        let now = Instant::now();
        let mut found = Vec::new();
        for (path, candidate) in self.due(now) {
            match candidate {
                // A file that disappeared is forgotten: a new file of the same name is a new
                // answer.
                None => {
                    self.files.remove(&path);
                }
                Some(candidate) => self.examine(path, candidate, now, &mut found),
            }
        }
        found.sort_by(|a, b| a.0.cmp(&b.0));
        found
    }

    /// The paths to look at now, with what each is (`None`: gone).
    fn due(&mut self, now: Instant) -> Vec<(PathBuf, Option<Candidate>)> {
        let named = self.changes.drain(&self.dirs);
        let Some(named) = named.filter(|_| now < self.next_full) else {
            // Every file: a periodic look, lost events, or the first poll.
            self.next_full = now + FULL_SCAN;
            self.listed = self.folder_times();
            let present = self.candidates();
            let kept: std::collections::HashSet<&PathBuf> =
                present.iter().map(|(p, _)| p).collect();
            self.files.retain(|p, _| kept.contains(p));
            return present.into_iter().map(|(p, c)| (p, Some(c))).collect();
        };
        let mut paths: BTreeSet<PathBuf> = named.into_iter().collect();
        // Names added or removed: listed again only when a folder's time says it changed.
        let times = self.folder_times();
        let wall = SystemTime::now();
        for (i, dir) in self.dirs.iter().enumerate() {
            let (time, seen) = (
                times.get(i).copied().flatten(),
                self.listed.get(i).copied().flatten(),
            );
            let settled = time.is_some_and(|t| {
                wall.duration_since(t)
                    .is_ok_and(|age| age >= FOLDER_GRANULARITY)
            });
            if time == seen && settled {
                continue;
            }
            let listed: BTreeSet<PathBuf> = result_names(dir).collect();
            paths.extend(
                listed
                    .iter()
                    .filter(|p| !self.files.contains_key(*p))
                    .cloned(),
            );
            paths.extend(
                self.files
                    .keys()
                    .filter(|p| p.starts_with(dir) && !listed.contains(*p))
                    .cloned(),
            );
        }
        self.listed = times;
        // Files still being waited for, and files reported moments ago (a rewrite of the same size
        // within the timestamp granularity keeps the stamp).
        paths.extend(
            self.files
                .iter()
                .filter(|(_, t)| match t {
                    Tracked::Waiting { .. } => true,
                    Tracked::Done {
                        stamp,
                        digest: Some(_),
                    } => recent_at(*stamp, wall),
                    Tracked::Done { .. } => false,
                })
                .map(|(p, _)| p.clone()),
        );
        paths
            .into_iter()
            .map(|p| {
                let candidate = self.classify(&p);
                (p, candidate)
            })
            .collect()
    }

    /// Each folder's modification time now.
    fn folder_times(&self) -> [Option<SystemTime>; 2] {
        let time = |d: &PathBuf| std::fs::metadata(d).and_then(|m| m.modified()).ok();
        [time(&self.dirs[0]), time(&self.dirs[1])]
    }

    /// Looks at one file: reads it if it is new or changed, and records where it stands.
    fn examine(
        &mut self,
        path: PathBuf,
        candidate: Candidate,
        now: Instant,
        found: &mut Vec<(PathBuf, Result<QualificationResult, ExchangeError>)>,
    ) {
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
                return;
            }
            Some(Tracked::Done { stamp: s, .. }) if s == stamp => return,
            Some(Tracked::Waiting {
                stamp: s,
                since,
                digest,
            }) if s == stamp => {
                // Unchanged and still unreadable: wait out the patience, then say so once.
                if now.duration_since(since) < self.patience {
                    return;
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
            return;
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
            .flat_map(|d| result_names(d))
            .filter_map(|path| {
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

/// Whether `name` is a result file's name.
fn is_result_name(name: &std::ffi::OsStr) -> bool {
    name.to_str()
        .is_some_and(|n| n.starts_with("OQSsiquc01res_") && n.ends_with(".xml"))
}

/// The result-named entries of `dir`.
fn result_names(dir: &Path) -> impl Iterator<Item = PathBuf> + use<> {
    std::fs::read_dir(dir)
        .into_iter()
        .flat_map(|r| r.filter_map(Result::ok))
        .filter(|e| is_result_name(&e.file_name()))
        .map(|e| e.path())
}

/// The names the system says changed in the folders since the last look (inotify on Linux): a
/// poll looks at those instead of every file.
#[cfg(target_os = "linux")]
struct Changes {
    inotify: Option<inotify::Inotify>,
    watches: Vec<(inotify::WatchDescriptor, usize)>,
    buffer: Vec<u8>,
}

#[cfg(target_os = "linux")]
impl Changes {
    fn new(dirs: &[PathBuf; 2]) -> Changes {
        use inotify::WatchMask;
        let mut changes = Changes {
            inotify: inotify::Inotify::init().ok(),
            watches: Vec::new(),
            buffer: vec![0; 16 * 1024],
        };
        let mask = WatchMask::CREATE
            | WatchMask::CLOSE_WRITE
            | WatchMask::MODIFY
            | WatchMask::ATTRIB
            | WatchMask::MOVED_TO
            | WatchMask::MOVED_FROM
            | WatchMask::DELETE;
        if let Some(inotify) = &changes.inotify {
            for (i, dir) in dirs.iter().enumerate() {
                if let Ok(wd) = inotify.watches().add(dir, mask) {
                    changes.watches.push((wd, i));
                }
            }
        }
        changes
    }

    /// The paths named since the last call; `None` when the system could not say (no inotify, an
    /// overflowed queue): every file is looked at then.
    fn drain(&mut self, dirs: &[PathBuf; 2]) -> Option<Vec<PathBuf>> {
        let inotify = self.inotify.as_mut()?;
        if self.watches.len() < dirs.iter().filter(|d| d.is_dir()).count() {
            return None;
        }
        let mut paths = Vec::new();
        loop {
            let events = match inotify.read_events(&mut self.buffer) {
                Ok(events) => events,
                Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => return Some(paths),
                Err(_) => return None,
            };
            let mut any = false;
            for event in events {
                any = true;
                if event.mask.contains(inotify::EventMask::Q_OVERFLOW) {
                    return None;
                }
                let dir = self
                    .watches
                    .iter()
                    .find(|(wd, _)| *wd == event.wd)
                    .and_then(|(_, i)| dirs.get(*i));
                if let (Some(dir), Some(name)) = (dir, event.name)
                    && is_result_name(name)
                {
                    paths.push(dir.join(name));
                }
            }
            if !any {
                return Some(paths);
            }
        }
    }
}

#[cfg(target_os = "linux")]
impl std::fmt::Debug for Changes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Changes")
            .field("inotify", &self.inotify.is_some())
            .finish_non_exhaustive()
    }
}

/// Elsewhere the folders' times and the periodic look stand in for events.
#[cfg(not(target_os = "linux"))]
#[derive(Debug)]
struct Changes;

#[cfg(not(target_os = "linux"))]
impl Changes {
    fn new(_: &[PathBuf; 2]) -> Changes {
        Changes
    }

    fn drain(&mut self, _: &[PathBuf; 2]) -> Option<Vec<PathBuf>> {
        Some(Vec::new())
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
    recent_at(stamp, SystemTime::now())
}

/// [`recent`] as of `now`.
fn recent_at(stamp: Stamp, now: SystemTime) -> bool {
    stamp
        .modified
        .is_none_or(|m| now.duration_since(m).map_or(true, |age| age < RECHECK))
}

fn digest(bytes: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("onshi-watch-unit-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("res")).unwrap();
        dir
    }

    const RESULT: &str =
        "<XmlMsg><MessageHeader><SegmentOfResult>9</SegmentOfResult></MessageHeader></XmlMsg>";

    #[test]
    #[cfg(target_os = "linux")]
    fn without_events_the_folders_time_still_tells_what_came_and_went() {
        let dir = folder("no-events");
        let mut w = ResultWatcher::new(&dir, false, Duration::from_secs(60)).unwrap();
        // As on a network share: no events at all.
        w.changes.inotify = None;
        w.next_full = Instant::now() + Duration::from_secs(3600);
        let path = dir.join("res/OQSsiquc01res_1.xml");
        std::fs::write(&path, RESULT).unwrap();
        assert_eq!(w.poll().len(), 1);
        assert!(w.poll().is_empty());
        std::fs::remove_file(&path).unwrap();
        assert!(w.poll().is_empty());
        assert!(w.files.is_empty(), "a file gone is forgotten");
        std::fs::write(&path, RESULT).unwrap();
        assert_eq!(w.poll().len(), 1, "the same name again is a new answer");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_poll_looks_at_what_changed_not_at_every_file() {
        let dir = folder("many");
        for i in 0..2000 {
            std::fs::write(dir.join(format!("res/OQSsiquc01res_{i:04}.xml")), RESULT).unwrap();
        }
        let mut w = ResultWatcher::new(&dir, false, Duration::from_secs(60)).unwrap();
        w.next_full = Instant::now() + Duration::from_secs(3600);
        // The folder settles (its time is older than the granularity), then a poll lists nothing.
        w.listed = [None, None];
        let _ = w.poll();
        let old = SystemTime::now() - Duration::from_secs(10);
        w.listed = w.folder_times();
        let res = std::fs::File::open(dir.join("res")).unwrap();
        res.set_modified(old).unwrap();
        w.listed = w.folder_times();
        assert!(
            w.due(Instant::now()).is_empty(),
            "nothing changed: nothing to look at"
        );
        std::fs::write(dir.join("res/OQSsiquc01res_NEW.xml"), RESULT).unwrap();
        let due = w.due(Instant::now());
        assert_eq!(due.len(), 1, "only the new file");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
