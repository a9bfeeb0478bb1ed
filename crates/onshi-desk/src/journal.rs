//! The desk's journal (受付の記録): every result the desk shows, one JSON line per file, written
//! and flushed before any page is told of it. Ids go on from the last one across restarts, a file
//! already shown is not shown again, one that landed while the desk was down is shown at start,
//! and a day's list can be read again (`GET /v1/results?date=…`).
//!
//! The journal lives in the state folder (`--state DIR`, by default the user's data folder): one
//! file per day of receipt in Japan (`2026-12-07.jsonl`), and `since` (when the desk first ran
//! there: files older than that were in the folder before and are not shown unless asked). Each
//! line is a result (`"kind": "result"`) or a mark that a result was dealt with (`"kind":
//! "done"`). Files are created `0600` in a `0700` folder: they hold what the result files hold.

use std::collections::HashSet;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One result as the desk keeps and shows it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Entry {
    /// Increasing from 1 over the life of the state folder.
    pub id: u64,
    /// `face` or `res`.
    pub folder: String,
    /// The file's name (never its folder's path).
    pub file: String,
    /// Its size and modification time when read: with the name, what says a file was shown.
    pub size: u64,
    pub modified_ns: Option<u64>,
    /// When the desk read it (UTC, RFC 3339).
    pub received: String,
    /// Dealt with (marked done by the clerk).
    #[serde(default)]
    pub done: bool,
    /// What the page shows: the outcome, the short name, and (for the clerk's screen) the details.
    pub shown: Value,
}

/// The key of one version of one file.
type Key = (String, u64, Option<u64>);

fn key(folder: &str, file: &str, size: u64, modified_ns: Option<u64>) -> Key {
    (format!("{folder}/{file}"), size, modified_ns)
}

/// A line of the journal.
#[derive(Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum Line {
    Result(Entry),
    Done { id: u64, done: bool, at: String },
}

/// What a page asks for after a restart or a gap: the entries after an id.
pub(crate) struct Since {
    pub entries: Vec<Arc<Entry>>,
    /// The newest id.
    pub last: u64,
    /// More after these (the page asks again).
    pub more: bool,
}

#[derive(Debug)]
struct State {
    /// The day (in Japan) `today` holds.
    day: NaiveDate,
    today: Vec<Arc<Entry>>,
    file: Option<std::fs::File>,
    next_id: u64,
    seen: HashSet<Key>,
}

/// The journal and what the pages are told.
#[derive(Debug)]
pub(crate) struct Journal {
    dir: Option<PathBuf>,
    state: Mutex<State>,
    /// When the desk first ran on this state folder: older files were there before it.
    since: SystemTime,
    /// The newest id: a page is told the latest value, never a queue that can drop.
    latest: tokio::sync::watch::Sender<u64>,
    /// The files being received (seen, not yet complete), by name.
    receiving: tokio::sync::watch::Sender<Vec<String>>,
    /// This run's mark: a page that sees another reloads the day.
    pub epoch: String,
}

/// The day in Japan of an instant.
fn day_of(at: SystemTime) -> NaiveDate {
    let utc = chrono::DateTime::<chrono::Utc>::from(at);
    onshi::calendar::VisitTime::from_datetime(utc.fixed_offset()).date()
}

/// A modification time in nanoseconds since 1970 (what the journal compares).
pub(crate) fn nanos(time: Option<SystemTime>) -> Option<u64> {
    time.and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
        .and_then(|d| u64::try_from(d.as_nanos()).ok())
}

impl Journal {
    /// Opens the journal in `dir` (creating it), or keeps it in memory only when `dir` is none.
    ///
    /// # Errors
    /// The folder cannot be created, or a journal file cannot be read.
    pub(crate) fn open(dir: Option<PathBuf>) -> std::io::Result<Journal> {
        let now = SystemTime::now();
        let mut state = State {
            day: day_of(now),
            today: Vec::new(),
            file: None,
            next_id: 1,
            seen: HashSet::new(),
        };
        let mut since = now;
        if let Some(dir) = &dir {
            create_private_dir(dir)?;
            since = read_or_write_since(dir, now)?;
            for path in journal_files(dir)? {
                let is_today = path.file_stem().and_then(|s| s.to_str())
                    == Some(state.day.to_string().as_str());
                let entries = read_day(&path)?;
                for entry in &entries {
                    state.next_id = state.next_id.max(entry.id + 1);
                    state.seen.insert(key(
                        &entry.folder,
                        &entry.file,
                        entry.size,
                        entry.modified_ns,
                    ));
                }
                if is_today {
                    state.today = entries.into_iter().map(Arc::new).collect();
                }
            }
        }
        let last = state.next_id - 1;
        Ok(Journal {
            dir,
            state: Mutex::new(state),
            since,
            latest: tokio::sync::watch::channel(last).0,
            receiving: tokio::sync::watch::channel(Vec::new()).0,
            epoch: epoch(),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether a file already there was shown before, or is older than the journal (so was in the
    /// folder before the desk first ran): either way it is not shown again at start.
    pub(crate) fn known(&self, path: &Path, meta: &std::fs::Metadata, all: bool) -> bool {
        let modified = meta.modified().ok();
        if !all && modified.is_some_and(|m| m < self.since) {
            return true;
        }
        let (folder, file) = names(path);
        self.lock()
            .seen
            .contains(&key(&folder, &file, meta.len(), nanos(modified)))
    }

    /// Writes a result, then tells the pages. Written first: what a page is told is in the journal.
    ///
    /// # Errors
    /// The journal file cannot be written (the result is still kept in memory and told).
    pub(crate) fn record(
        &self,
        path: &Path,
        size: u64,
        modified: Option<SystemTime>,
        shown: Value,
    ) -> std::io::Result<Arc<Entry>> {
        let now = SystemTime::now();
        let (folder, file) = names(path);
        let mut state = self.lock();
        self.roll_over(&mut state, now);
        let entry = Arc::new(Entry {
            id: state.next_id,
            folder,
            file,
            size,
            modified_ns: nanos(modified),
            received: chrono::DateTime::<chrono::Utc>::from(now)
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            done: false,
            shown,
        });
        state.next_id += 1;
        state.seen.insert(key(
            &entry.folder,
            &entry.file,
            entry.size,
            entry.modified_ns,
        ));
        state.today.push(Arc::clone(&entry));
        let written = self.append(&mut state, &Line::Result((*entry).clone()));
        drop(state);
        self.latest.send_replace(entry.id);
        written.map(|()| entry)
    }

    /// Marks a result of today dealt with (or not); `None` when today has no such result.
    ///
    /// # Errors
    /// The journal file cannot be written.
    pub(crate) fn mark(&self, id: u64, done: bool) -> std::io::Result<Option<Arc<Entry>>> {
        let now = SystemTime::now();
        let mut state = self.lock();
        let Some(at) = state.today.iter().position(|e| e.id == id) else {
            return Ok(None);
        };
        let mut entry = state.today.get(at).map(|e| (**e).clone());
        if let Some(entry) = &mut entry {
            entry.done = done;
        }
        let Some(entry) = entry.map(Arc::new) else {
            return Ok(None);
        };
        if let Some(slot) = state.today.get_mut(at) {
            *slot = Arc::clone(&entry);
        }
        let line = Line::Done {
            id,
            done,
            at: chrono::DateTime::<chrono::Utc>::from(now)
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        };
        self.append(&mut state, &line)?;
        Ok(Some(entry))
    }

    /// Today's entries after `after`, at most `limit`.
    pub(crate) fn since(&self, after: u64, limit: usize) -> Since {
        let mut state = self.lock();
        self.roll_over(&mut state, SystemTime::now());
        let start = state.today.partition_point(|e| e.id <= after);
        let entries: Vec<Arc<Entry>> = state
            .today
            .iter()
            .skip(start)
            .take(limit)
            .cloned()
            .collect();
        Since {
            more: state.today.len() - start > entries.len(),
            last: state.next_id - 1,
            entries,
        }
    }

    /// The entries of a day (today from memory, another day from its file).
    ///
    /// # Errors
    /// That day's file cannot be read.
    pub(crate) fn day(&self, date: NaiveDate) -> std::io::Result<Vec<Arc<Entry>>> {
        let mut state = self.lock();
        self.roll_over(&mut state, SystemTime::now());
        if date == state.day {
            return Ok(state.today.clone());
        }
        drop(state);
        match &self.dir {
            Some(dir) => Ok(read_day(&dir.join(format!("{date}.jsonl")))?
                .into_iter()
                .map(Arc::new)
                .collect()),
            None => Ok(Vec::new()),
        }
    }

    /// The newest id now, and a receiver told of each newer one.
    pub(crate) fn subscribe(&self) -> tokio::sync::watch::Receiver<u64> {
        self.latest.subscribe()
    }

    /// The files being received now, and a receiver told of each change.
    pub(crate) fn subscribe_receiving(&self) -> tokio::sync::watch::Receiver<Vec<String>> {
        self.receiving.subscribe()
    }

    /// Says which files are being received (the pages are told only of a change).
    pub(crate) fn set_receiving(&self, files: Vec<String>) {
        self.receiving.send_if_modified(|now| {
            if *now == files {
                false
            } else {
                *now = files;
                true
            }
        });
    }

    /// Starts a new day's list when the day in Japan has changed.
    fn roll_over(&self, state: &mut State, now: SystemTime) {
        let day = day_of(now);
        if day != state.day {
            state.day = day;
            state.today.clear();
            state.file = None;
        }
    }

    /// Appends one line to today's file (opened on first use) and flushes it to the system.
    fn append(&self, state: &mut State, line: &Line) -> std::io::Result<()> {
        let Some(dir) = &self.dir else {
            return Ok(());
        };
        if state.file.is_none() {
            let path = dir.join(format!("{}.jsonl", state.day));
            state.file = Some(open_private(&path)?);
        }
        let mut text = serde_json::to_string(line).map_err(std::io::Error::other)?;
        text.push('\n');
        match &mut state.file {
            Some(file) => {
                file.write_all(text.as_bytes())?;
                file.flush()
            }
            None => Ok(()),
        }
    }
}

/// The folder (`face` or `res`) and name of a result file.
fn names(path: &Path) -> (String, String) {
    let name = |p: Option<&Path>| {
        p.and_then(Path::file_name)
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    (name(path.parent()), name(Some(path)))
}

/// A mark of this run: a page that sees another reloads the day.
fn epoch() -> String {
    use std::hash::BuildHasher;
    let seed = nanos(Some(SystemTime::now())).unwrap_or(0) ^ u64::from(std::process::id());
    format!("{:016x}", std::hash::RandomState::new().hash_one(seed))
}

/// Every journal file of the folder, oldest first.
fn journal_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "jsonl")
                && p.file_stem()
                    .and_then(|s| s.to_str())
                    .is_some_and(|s| s.parse::<NaiveDate>().is_ok())
        })
        .collect();
    files.sort();
    Ok(files)
}

/// The entries of one day's file, with the marks applied; a line that cannot be read (a crash
/// mid-line) is skipped.
fn read_day(path: &Path) -> std::io::Result<Vec<Entry>> {
    let file = match onshi_oqs::open_input(path, u64::MAX) {
        Ok(file) => file,
        Err(e) if e.is_not_found() => return Ok(Vec::new()),
        Err(e) => return Err(std::io::Error::other(format!("{} {e}", path.display()))),
    };
    let mut entries: Vec<Entry> = Vec::new();
    for line in std::io::BufReader::new(file).lines() {
        match serde_json::from_str::<Line>(&line?) {
            Ok(Line::Result(entry)) => entries.push(entry),
            Ok(Line::Done { id, done, .. }) => {
                if let Some(entry) = entries.iter_mut().find(|e| e.id == id) {
                    entry.done = done;
                }
            }
            Err(_) => {}
        }
    }
    Ok(entries)
}

/// When the desk first ran on `dir` (written the first time).
fn read_or_write_since(dir: &Path, now: SystemTime) -> std::io::Result<SystemTime> {
    let path = dir.join("since");
    if let Ok(mut file) = onshi_oqs::open_input(&path, 256) {
        let text =
            String::from_utf8(file.read_all().map_err(std::io::Error::other)?).unwrap_or_default();
        if let Ok(at) = chrono::DateTime::parse_from_rfc3339(text.trim()) {
            return Ok(SystemTime::from(at));
        }
    }
    let text = chrono::DateTime::<chrono::Utc>::from(now)
        .to_rfc3339_opts(chrono::SecondsFormat::Nanos, true);
    let mut file = open_private(&path)?;
    file.write_all(text.as_bytes())?;
    Ok(now)
}

/// Creates the state folder, readable by this user only.
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Opens a journal file for appending, created readable by this user only; a link is not
/// followed.
fn open_private(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600).custom_flags(libc::O_NOFOLLOW);
    }
    options.open(path)
}

/// The state folder a desk uses unless told: the user's data folder (`$XDG_DATA_HOME/onshi/desk`,
/// `~/.local/share/onshi/desk`; `%LOCALAPPDATA%\onshi\desk` on Windows).
///
/// # Example
/// ```
/// assert!(onshi_desk::default_state_dir().is_some_and(|d| d.ends_with("onshi/desk")));
/// ```
pub fn default_state_dir() -> Option<PathBuf> {
    let from = |var: &str| {
        std::env::var_os(var)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    let base = if cfg!(windows) {
        from("LOCALAPPDATA")
    } else {
        from("XDG_DATA_HOME").or_else(|| from("HOME").map(|h| h.join(".local/share")))
    };
    base.map(|b| b.join("onshi").join("desk"))
}
