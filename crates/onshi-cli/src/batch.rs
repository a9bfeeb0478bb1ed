//! `onshi batch`: the day before, a 一括照会 request from the reservations; when the answers come back,
//! each compared with the stored record (`onshi::records::reconcile`), one row per patient.
//!
//! Both commands are all or nothing: `prepare` stages every request file and moves them into the
//! terminal's folder only when all are written; `report` writes its rows to a temporary file it
//! renames when the run is complete (on standard output, an incomplete run ends with a row that
//! says so) and exits 2 on a result that cannot be read to its end.

use std::collections::HashMap;
use std::hash::BuildHasher;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::Subcommand;
use onshi::numbers::NumberKind;
use onshi::reception::OnlineStatus;
use onshi::records::{InsuranceRecord, ReconcileOutcome};
use onshi::{DescribedError, RuleSet, Vocabulary};
use onshi_oqs::{BulkQuery, BulkQueryWriter, BulkUnit, Encoding, InputFile};
use serde_json::Value;

use crate::Failure;
use crate::args::RuleTable;
use crate::csv::{CsvError, CsvReader, Row};
use crate::out::tell;
use crate::progress;

/// `onshi batch …`.
#[derive(Subcommand)]
pub enum BatchCommand {
    /// Write the 一括照会 request file from a CSV of reservations (header row; UTF-8 or Shift_JIS;
    /// columns patient_id, insurer, symbol, number, branch, birth_date, visit_date). Rows that
    /// cannot be sent (a number failing its check, a date that cannot be, a patient given twice)
    /// are named by line and left out; the command then exits 1. The files appear in the folder
    /// only when every one is written: on a failure none does (exit 2).
    Prepare {
        /// The reservations CSV.
        reservations: PathBuf,
        /// The clinic's 医療機関コード (10 digits).
        #[arg(long)]
        institution: String,
        /// The request's ArbitraryFileIdentifier (default: B + the first visit date).
        #[arg(long)]
        id: Option<String>,
        /// The folder to write the request into (the terminal's `req`).
        #[arg(long, default_value = ".")]
        out: PathBuf,
        /// The request's encoding.
        #[arg(long, value_parser = ["shift_jis", "utf8"], default_value = "shift_jis")]
        encoding: String,
        /// At most this many reservations per request file (the second file's identifier ends
        /// in `_2`, and so on); default: all in one file.
        #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
        per_file: Option<u32>,
    },
    /// Compare each answer of a 一括照会 result with the stored record (a CSV with patient_id and the
    /// insurance record's fields, in any order) and write one row per patient: CSV (or `--jsonl`
    /// for programs) on standard output or into `--output`; the summary goes to standard error.
    /// A cell a spreadsheet would read as a formula is written with a leading `'`.
    Report {
        /// The 一括照会 result (UTF-8 or Shift_JIS).
        result: PathBuf,
        /// The stored records CSV (patient_id, insurer, symbol, number, branch, relation,
        /// copay_percent, ceiling_category, qualified_from, lost_on, name, name_kana, birth_date,
        /// sex).
        #[arg(long)]
        records: PathBuf,
        /// The day the answers are for (YYYY-MM-DD; default: today in Japan).
        #[arg(long)]
        date: Option<NaiveDate>,
        /// JSON lines instead of CSV.
        #[arg(long)]
        jsonl: bool,
        /// Write the report into this file, complete or not at all (written under a temporary
        /// name, renamed at the end); default: standard output.
        #[arg(long)]
        output: Option<PathBuf>,
        #[command(flatten)]
        table: RuleTable,
    },
}

pub fn run(command: BatchCommand) -> Result<ExitCode, Failure> {
    match command {
        BatchCommand::Prepare {
            reservations,
            institution,
            id,
            out,
            encoding,
            per_file,
        } => prepare(
            &reservations,
            &institution,
            id,
            &out,
            &encoding,
            per_file.map(|n| n as usize),
        ),
        BatchCommand::Report {
            result,
            records,
            date,
            jsonl,
            output,
            table,
        } => report(&Report {
            result: &result,
            records: &records,
            date,
            jsonl,
            output: output.as_deref(),
            rules: table.rules.as_deref(),
        }),
    }
}

/// Opens a CSV file (once, safely) with a progress bar over its bytes.
fn open_csv(
    path: &Path,
) -> Result<CsvReader<std::io::BufReader<progress::Counting<InputFile>>>, Failure> {
    let file = progress::open(path, u64::MAX)?;
    CsvReader::new(std::io::BufReader::with_capacity(1 << 16, file))
        .map_err(|e| Failure(format!("{}:{}: {}", path.display(), e.line, e.problem)))
}

/// Refuses a CSV whose header lacks a column every row needs.
fn require_columns<R: BufRead>(
    rows: &CsvReader<R>,
    path: &Path,
    columns: &[&str],
) -> Result<(), Failure> {
    match columns.iter().find(|c| !rows.has_column(c)) {
        Some(missing) => Err(Failure(format!(
            "{}: the header row has no `{missing}` column (the columns are {})",
            path.display(),
            columns.join(", ")
        ))),
        None => Ok(()),
    }
}

/// A row's problem, told on standard error with the file and line.
fn tell(path: &Path, line: usize, problem: &str) {
    tell!(
        "{}:{line}: {}",
        path.display(),
        onshi::screen::redact(problem)
    );
}

/// A file-level problem of a CSV (the file cannot be read on).
fn fatal(path: &Path, e: &CsvError) -> Failure {
    Failure(format!("{}:{}: {}", path.display(), e.line, e.problem))
}

/// A date cell in any form records write ([`onshi::records::parse_written_date`]).
fn date_cell(text: &str) -> Result<NaiveDate, String> {
    onshi::records::parse_written_date(text).map_err(|e| e.to_string())
}

/// The first day anyone alive can have been born on the calendar records use: 明治元年1月1日
/// (1868-01-25 in the Gregorian calendar).
const FIRST_BIRTH_DATE: NaiveDate = match NaiveDate::from_ymd_opt(1868, 1, 25) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// A patient id as a key: two independent 64-bit hashes, so the ids of a file of millions of
/// rows are told apart without keeping them (a collision is checked against the row itself).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct Key(u64, u64);

struct Keys(std::hash::RandomState, std::hash::RandomState);

impl Keys {
    fn new() -> Keys {
        Keys(std::hash::RandomState::new(), std::hash::RandomState::new())
    }

    fn of(&self, id: &str) -> Key {
        Key(self.0.hash_one(id), self.1.hash_one(id))
    }
}

/// Whether a patient id can be sent and matched back: not blank, and no control or bidi character
/// (a line break in an id would split a CSV row, an override would show another id).
fn check_patient_id(id: &str) -> Result<(), String> {
    if id.trim().is_empty() {
        return Err("no patient_id: the answer could not be matched back".to_owned());
    }
    if onshi::screen::neutralize(id) != id {
        return Err(
            "patient_id holds a control or bidi character (a line break, an escape, an override): give the chart number as printed"
                .to_owned(),
        );
    }
    Ok(())
}

/// The 一括照会 query of one reservation, every field checked as the online system would need it.
fn query_of(row: &Row) -> Result<BulkQuery, String> {
    let patient = row
        .cell("patient_id")
        .ok_or("no patient_id: the answer could not be matched back")?;
    check_patient_id(patient)?;
    let insurer = row.cell("insurer").ok_or("no insurer number")?;
    let insurer = onshi::numbers::verify_number(NumberKind::Insurer, insurer)
        .map_err(|e| format!("insurer: {e}"))?
        .normalized;
    let visit = row
        .cell("visit_date")
        .map(|v| date_cell(v).map_err(|e| format!("visit_date {e}")))
        .transpose()?;
    let birth = row
        .cell("birth_date")
        .map(|b| date_cell(b).map_err(|e| format!("birth_date {e}")))
        .transpose()?;
    if let Some(birth) = birth {
        if birth < FIRST_BIRTH_DATE {
            return Err(format!(
                "birth_date {birth} is before {FIRST_BIRTH_DATE}, the first day of the Meiji calendar: check the date"
            ));
        }
        if let Some(visit) = visit
            && birth > visit
        {
            return Err(format!(
                "birth_date {birth} is after the visit ({visit}): check the date"
            ));
        }
    }
    if let Some(branch) = row.cell("branch") {
        onshi::numbers::verify_number(NumberKind::Branch, branch)
            .map_err(|e| format!("branch: {e}"))?;
    }
    let branch = row
        .cell("branch")
        .and_then(|b| onshi::numbers::verify_number(NumberKind::Branch, b).ok())
        .map(|b| b.normalized);
    let insured = onshi::numbers::InsuredNumber::new(
        row.cell("symbol"),
        row.cell("number").unwrap_or_default(),
        branch.as_deref(),
    )
    .map_err(|e| e.to_string())?;
    Ok(BulkQuery {
        insurer_number: insurer,
        insured,
        birthdate: birth.map(|b| b.format("%Y%m%d").to_string()),
        arbitrary_identifier: Some(patient.to_owned()),
    })
}

/// What a first pass over the reservations tells: the earliest visit (the default file
/// identifier) and the patient ids given on more than one row (with the first row's line).
struct Survey {
    first_visit: Option<NaiveDate>,
    keys: Keys,
    /// Each id's first line and how many rows give it.
    seen: HashMap<Key, (usize, usize)>,
}

fn survey(path: &Path) -> Result<Survey, Failure> {
    let mut rows = open_csv(path)?;
    let id_column = rows.column("patient_id");
    let mut survey = Survey {
        first_visit: None,
        keys: Keys::new(),
        seen: HashMap::new(),
    };
    let visit_column = rows.column("visit_date");
    while let Some(record) = rows.next_cells() {
        let (line, _, cells) = match record {
            Ok(record) => record,
            Err(e) if e.fatal => return Err(fatal(path, &e)),
            Err(_) => continue,
        };
        let cell = |i: Option<usize>| i.and_then(|i| cells.get(i)).map(|c| c.trim());
        if let Some(visit) = cell(visit_column).and_then(|v| date_cell(v).ok()) {
            survey.first_visit = Some(survey.first_visit.map_or(visit, |f| f.min(visit)));
        }
        if let Some(id) = cell(id_column).filter(|id| !id.is_empty()) {
            let entry = survey.seen.entry(survey.keys.of(id)).or_insert((line, 0));
            entry.1 += 1;
        }
    }
    Ok(survey)
}

/// A file under a temporary name, removed when dropped unless it was given its name.
struct Temporary(PathBuf);

impl Drop for Temporary {
    fn drop(&mut self) {
        if !self.0.as_os_str().is_empty() {
            let _ = std::fs::remove_file(&self.0);
        }
    }
}

impl Temporary {
    /// Creates `.<name>.tmp` beside `target` (created new: a link planted under that name is not
    /// followed).
    fn beside(target: &Path) -> Result<(Temporary, std::fs::File), Failure> {
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let path = target.with_file_name(format!(".{name}.tmp"));
        let cannot = |e: std::io::Error| Failure(format!("{}: {e}", path.display()));
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(cannot(e)),
            _ => {}
        }
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(cannot)?;
        Ok((Temporary(path), file))
    }

    /// Gives the file its name (no longer removed when dropped).
    fn rename_to(mut self, target: &Path) -> Result<(), Failure> {
        std::fs::rename(&self.0, target)
            .map_err(|e| Failure(format!("{}: {e}", target.display())))?;
        self.0 = PathBuf::new();
        Ok(())
    }
}

/// A request file being written under a temporary name in the folder; the terminal never sees it
/// until every file of the run is complete ([`commit`]).
struct RequestFile {
    writer: BulkQueryWriter,
    file: std::io::BufWriter<std::fs::File>,
    temporary: Temporary,
    target: PathBuf,
}

/// A request file complete under its temporary name.
struct Staged {
    temporary: Temporary,
    target: PathBuf,
    queries: usize,
}

impl RequestFile {
    fn start(folder: &Path, writer: BulkQueryWriter) -> Result<RequestFile, Failure> {
        let target = folder.join(writer.file_name());
        refuse_existing(&target)?;
        let (temporary, file) = Temporary::beside(&target)?;
        Ok(RequestFile {
            writer,
            file: std::io::BufWriter::with_capacity(1 << 16, file),
            temporary,
            target,
        })
    }

    /// Writes one reservation, or refuses it (nothing written).
    fn push(&mut self, query: &BulkQuery) -> Result<Result<(), onshi_oqs::OqsError>, Failure> {
        if let Err(e) = self.writer.push(query) {
            return Ok(Err(e));
        }
        let bytes = self.writer.take();
        self.file
            .write_all(&bytes)
            .map_err(|e| Failure(format!("{}: {e}", self.temporary.0.display())))?;
        Ok(Ok(()))
    }

    /// Completes the file under its temporary name (written out and synced).
    fn finish(self) -> Result<Staged, Failure> {
        let RequestFile {
            writer,
            mut file,
            temporary,
            target,
        } = self;
        let queries = writer.queries();
        let cannot = |e: std::io::Error| Failure(format!("{}: {e}", temporary.0.display()));
        file.write_all(&writer.finish()?).map_err(cannot)?;
        file.flush().map_err(cannot)?;
        file.get_ref().sync_all().map_err(cannot)?;
        Ok(Staged {
            temporary,
            target,
            queries,
        })
    }
}

fn refuse_existing(target: &Path) -> Result<(), Failure> {
    if std::fs::symlink_metadata(target).is_ok() {
        return Err(Failure(format!(
            "{} already exists (the terminal has not taken it yet?): give another --id; nothing was written",
            target.display()
        )));
    }
    Ok(())
}

/// Moves every staged file into place, or none: each target is checked first, and a move that
/// fails takes back the ones made before it.
fn commit(staged: Vec<Staged>) -> Result<Vec<(PathBuf, usize)>, Failure> {
    for s in &staged {
        refuse_existing(&s.target)?;
    }
    let mut moved: Vec<(PathBuf, usize)> = Vec::new();
    for s in staged {
        let (target, queries) = (s.target.clone(), s.queries);
        if let Err(e) = s.temporary.rename_to(&target) {
            for (path, _) in &moved {
                let _ = std::fs::remove_file(path);
            }
            return Err(Failure(format!("{}; nothing was written", e.0)));
        }
        moved.push((target, queries));
    }
    Ok(moved)
}

fn prepare(
    path: &Path,
    institution: &str,
    id: Option<String>,
    out: &Path,
    encoding: &str,
    per_file: Option<usize>,
) -> Result<ExitCode, Failure> {
    let encoding = if encoding == "utf8" {
        Encoding::Utf8
    } else {
        Encoding::ShiftJis
    };
    let survey = survey(path)?;
    let id = match id {
        Some(id) => id,
        None => format!(
            "B{}",
            survey
                .first_visit
                .map_or_else(String::new, |d| d.format("%Y%m%d").to_string())
        ),
    };
    let per_file = per_file.unwrap_or(usize::MAX);
    // The k-th file's identifier: the first keeps `id`, the others add `_k`.
    let writer = |k: usize| {
        let file_id = if k == 1 {
            id.clone()
        } else {
            format!("{id}_{k}")
        };
        BulkQueryWriter::new(encoding, institution, &file_id).map_err(|e| match e {
            onshi_oqs::OqsError::Request {
                field: "arbitrary_file_identifier",
                ..
            } => Failure(format!("--id: {e}")),
            e => Failure(format!("--institution: {e}")),
        })
    };
    // The header is checked before any row is read: a bad institution code is said once.
    let mut current = Some(RequestFile::start(out, writer(1)?)?);
    let mut rows = open_csv(path)?;
    require_columns(&rows, path, &["patient_id", "insurer", "number"])?;
    let (mut staged, mut bad) = (Vec::new(), 0usize);
    let mut left_out = |line: usize, problem: &str| {
        tell(path, line, problem);
        bad += 1;
    };
    for row in rows.by_ref() {
        let row = match row {
            Ok(row) => row,
            // Staged files are removed as they drop: nothing reaches the folder.
            Err(e) if e.fatal => return Err(fatal(path, &e)),
            Err(e) => {
                left_out(e.line, &e.problem);
                continue;
            }
        };
        if let Some(id) = row.cell("patient_id")
            && let Some((first, count)) = survey.seen.get(&survey.keys.of(id))
            && *count > 1
        {
            left_out(
                row.line,
                &format!(
                    "patient_id is given on {count} rows (first on line {first}): each of them is left out, as its answer could not be matched back to one patient"
                ),
            );
            continue;
        }
        let query = match query_of(&row) {
            Ok(query) => query,
            Err(problem) => {
                left_out(row.line, &problem);
                continue;
            }
        };
        let request = match &mut current {
            Some(request) => request,
            None => current.insert(RequestFile::start(out, writer(staged.len() + 1)?)?),
        };
        if let Err(e) = request.push(&query)? {
            left_out(row.line, &e.to_string());
            continue;
        }
        if request.writer.queries() >= per_file
            && let Some(full) = current.take()
        {
            staged.push(full.finish()?);
        }
    }
    if let Some(last) = current.take()
        && last.writer.queries() > 0
    {
        staged.push(last.finish()?);
    }
    if staged.is_empty() {
        return Err(Failure(format!(
            "{}: no reservation could be written ({bad} rows left out)",
            path.display()
        )));
    }
    let written = commit(staged)?;
    for (file, queries) in &written {
        tell!("{}: {queries} reservations", file.display());
    }
    tell!(
        "{} reservations in {} file(s), {bad} rows left out",
        written.iter().map(|(_, n)| n).sum::<usize>(),
        written.len()
    );
    Ok(if bad > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// A stored record read from the records CSV: the insurance record, or why it cannot be used.
struct Stored {
    id: String,
    record: Result<InsuranceRecord, String>,
}

/// One record of the index: the key of its patient id, where it starts, its line, and whether
/// another row gives the same id.
#[derive(Clone, Copy)]
struct Entry {
    key: Key,
    offset: u64,
    line: usize,
    repeated: Option<usize>,
}

/// The stored records, found by patient id in any order: one pass records where each row starts
/// (sixteen bytes of key and eight of offset a row, so a million records take some 30 MB), then
/// each answer reads its one row. The file is opened once.
struct StoredRecords {
    path: PathBuf,
    file: InputFile,
    /// The reader the index was built with (its header and encoding, for the rows read later).
    reader: CsvReader<std::io::BufReader<std::io::Empty>>,
    keys: Keys,
    entries: Vec<Entry>,
    /// The patient id's column.
    id_column: usize,
    /// Where a row is read into.
    buffer: Vec<u8>,
    /// Rows that could not be read (told on standard error).
    bad: usize,
}

impl StoredRecords {
    fn open(path: &Path) -> Result<StoredRecords, Failure> {
        let mut file = onshi_oqs::open_input(path, u64::MAX)
            .map_err(|e| Failure(format!("{} {e}", path.display())))?;
        let keys = Keys::new();
        let (mut entries, mut bad) = (Vec::new(), 0usize);
        let id_column;
        let reader = {
            let mut rows = CsvReader::new(std::io::BufReader::with_capacity(1 << 16, &mut file))
                .map_err(|e| fatal(path, &e))?;
            require_columns(&rows, path, &["patient_id"])?;
            let column = rows.column("patient_id").unwrap_or_default();
            id_column = column;
            while let Some(record) = rows.next_cells() {
                let (line, offset, cells) = match record {
                    Ok(record) => record,
                    Err(e) if e.fatal => return Err(fatal(path, &e)),
                    Err(e) => {
                        tell(path, e.line, &e.problem);
                        bad += 1;
                        continue;
                    }
                };
                match cells
                    .get(column)
                    .map(|c| c.trim())
                    .filter(|c| !c.is_empty())
                {
                    Some(id) if onshi::numbers::contains_personal_number(id) => {
                        let refused = onshi::error::InputError::PersonalNumber {
                            field: "patient_id".to_owned(),
                        };
                        tell(path, line, &refused.to_string());
                        bad += 1;
                    }
                    Some(id) => entries.push(Entry {
                        key: keys.of(id),
                        offset,
                        line,
                        repeated: None,
                    }),
                    None => {
                        tell(path, line, "no patient_id");
                        bad += 1;
                    }
                }
            }
            CsvReader::resume(&rows, std::io::BufReader::new(std::io::empty()), 0, 0)
        };
        entries.sort_unstable_by_key(|e| (e.key, e.line));
        // The same id on two rows: neither is trusted (each names the other's line).
        for pair in 0..entries.len().saturating_sub(1) {
            if let (Some(a), Some(b)) = (entries.get(pair).copied(), entries.get(pair + 1).copied())
                && a.key == b.key
            {
                if let Some(first) = entries.get_mut(pair) {
                    first.repeated = Some(b.line);
                }
                if let Some(second) = entries.get_mut(pair + 1) {
                    second.repeated = Some(a.line);
                }
            }
        }
        Ok(StoredRecords {
            path: path.to_owned(),
            file,
            reader,
            keys,
            entries,
            id_column,
            buffer: Vec::new(),
            bad,
        })
    }

    /// The patient id and stored record of the row at `entry`, read through the same handle (one
    /// read at the row's offset, longer only for a row that does not fit).
    fn record_at(&mut self, entry: &Entry) -> Option<(String, Result<InsuranceRecord, String>)> {
        let mut room = 512;
        let cells = loop {
            self.buffer.resize(room, 0);
            let read = self.file.read_at(&mut self.buffer, entry.offset).ok()?;
            let bytes = self.buffer.get(..read)?;
            // A row ends at a line break outside quotes; one cut by the buffer is read again.
            let whole = read < room || complete_row(bytes);
            if whole {
                let mut rows = CsvReader::resume(&self.reader, bytes, entry.offset, entry.line);
                let (_, _, cells) = rows.next_cells()?.ok()?;
                break cells;
            }
            room *= 4;
        };
        let header = self.reader.header();
        let id = cells.get(self.id_column)?.trim().to_owned();
        if cells
            .iter()
            .skip(header.len())
            .any(|c| !c.trim().is_empty())
        {
            let problem = format!(
                "{} cells but the header names {} columns",
                cells.len(),
                header.len()
            );
            return Some((id, Err(problem)));
        }
        let fields = header
            .iter()
            .zip(&cells)
            .enumerate()
            .filter(|(i, _)| *i != self.id_column)
            .map(|(_, (name, cell))| (name.as_str(), cell.as_str()));
        let record = InsuranceRecord::from_fields(fields).map_err(|e| e.message());
        Some((id, record))
    }

    /// The stored record of `id`.
    fn find(&mut self, id: &str) -> Option<Stored> {
        let key = self.keys.of(id);
        let start = self.entries.partition_point(|e| e.key < key);
        let candidates: Vec<Entry> = self
            .entries
            .iter()
            .skip(start)
            .take_while(|e| e.key == key)
            .copied()
            .collect();
        for entry in candidates {
            let Some((found, record)) = self.record_at(&entry) else {
                continue;
            };
            if found != id {
                continue; // another id with the same key
            }
            if let Some(other) = entry.repeated {
                let problem = format!(
                    "patient_id is given on lines {} and {}: neither row is used",
                    entry.line.min(other),
                    entry.line.max(other)
                );
                tell(&self.path, entry.line, &problem);
                return Some(Stored {
                    id: found,
                    record: Err(problem),
                });
            }
            if let Err(problem) = &record {
                tell(&self.path, entry.line, problem);
                self.bad += 1;
            }
            return Some(Stored { id: found, record });
        }
        None
    }

    /// Every stored record in file order (a single result names no patient: each is compared).
    fn all(&mut self) -> Vec<Stored> {
        let mut entries = self.entries.clone();
        entries.sort_unstable_by_key(|e| e.offset);
        entries
            .iter()
            .filter(|e| e.repeated.is_none())
            .filter_map(|e| {
                let (id, record) = self.record_at(e)?;
                Some(Stored { id, record })
            })
            .collect()
    }
}

/// Whether `bytes` hold a whole CSV row: a line break outside quotes.
fn complete_row(bytes: &[u8]) -> bool {
    let mut quoted = false;
    for &b in bytes {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => return true,
            _ => {}
        }
    }
    false
}

/// What an answer came to: an outcome slug and the reconciliation when there was one, or the
/// problem.
struct Answer {
    id: String,
    outcome: &'static str,
    reconciliation: Option<onshi::records::Reconciliation>,
    problem: Option<String>,
}

impl Answer {
    fn problem(id: String, outcome: &'static str, problem: String) -> Answer {
        Answer {
            id,
            outcome,
            reconciliation: None,
            problem: Some(problem),
        }
    }

    /// The answer for an online record: checked (the online system's numbers hold their alphabet
    /// too), then compared with the stored record.
    fn of(
        id: String,
        stored: Option<Stored>,
        online: Result<InsuranceRecord, onshi_oqs::OqsError>,
        date: NaiveDate,
        rules: &RuleSet,
    ) -> Answer {
        let checked = match online {
            Ok(online) => online
                .check()
                .map(|()| online)
                .map_err(|e| format!("{} cannot be used ({})", e.field(), e.message())),
            Err(e) => Err(format!("record cannot be used ({e})")),
        };
        let online = match checked {
            Ok(online) => online,
            Err(problem) => {
                let problem = format!("the online answer's {problem}: check it on the terminal");
                return Answer::problem(id, "bad_answer", problem);
            }
        };
        match stored.map(|s| s.record) {
            None => Answer {
                id,
                outcome: "no_stored_record",
                reconciliation: None,
                problem: None,
            },
            Some(Err(problem)) => Answer::problem(id, "bad_stored_record", problem),
            Some(Ok(stored)) => {
                let r = onshi::records::reconcile(&stored, &online, date, rules);
                Answer {
                    id,
                    outcome: r.outcome.slug(),
                    reconciliation: Some(r),
                    problem: None,
                }
            }
        }
    }
}

/// Why a unit's answer cannot be used: an error the online system reported, or a code onshi does
/// not know (never taken as an answer).
fn unavailable(unit: &BulkUnit) -> String {
    let status = unit.processing_result_status.as_ref().map(|s| {
        format!(
            "ProcessingResultStatus `{}`{}",
            s.code(),
            if s.label().is_none() {
                " (a code onshi does not know)"
            } else {
                ""
            }
        )
    });
    let validity = unit
        .qualification_validity
        .as_ref()
        .filter(|v| v.label().is_none())
        .map(|v| {
            format!(
                "QualificationValidity `{}` (a code onshi does not know)",
                v.code()
            )
        });
    let code = unit
        .processing_result_code
        .as_ref()
        .map(|c| format!("ProcessingResultCode {c}"));
    let message = unit.processing_result_message.clone();
    let said: Vec<String> = [status, validity, code, message]
        .into_iter()
        .flatten()
        .collect();
    format!(
        "the online system gave no usable answer ({}): query this patient at the visit",
        if said.is_empty() {
            "no status".to_owned()
        } else {
            said.join(", ")
        }
    )
}

/// Where the report's rows go: standard output, or a temporary file renamed when complete.
struct Sink {
    out: Box<dyn Write>,
    target: Option<(Temporary, PathBuf)>,
    jsonl: bool,
    counts: HashMap<&'static str, usize>,
    error: Option<std::io::Error>,
}

impl Sink {
    fn new(jsonl: bool, output: Option<&Path>) -> Result<Sink, Failure> {
        let (out, target): (Box<dyn Write>, _) = match output {
            Some(path) => {
                refuse_existing(path)?;
                let (temporary, file) = Temporary::beside(path)?;
                (
                    Box::new(std::io::BufWriter::new(file)),
                    Some((temporary, path.to_owned())),
                )
            }
            None => (
                Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
                None,
            ),
        };
        let mut sink = Sink {
            out,
            target,
            jsonl,
            counts: HashMap::new(),
            error: None,
        };
        if !jsonl {
            sink.line("patient_id,outcome,differences,actions,message");
        }
        Ok(sink)
    }

    fn line(&mut self, text: &str) {
        if self.error.is_none()
            && let Err(e) = writeln!(self.out, "{text}")
        {
            self.error = Some(e);
        }
    }

    fn add(&mut self, answer: &Answer) {
        *self.counts.entry(answer.outcome).or_default() += 1;
        let text = row_text(answer, self.jsonl);
        self.line(&text);
    }

    /// Ends the report. A complete one is given its name (or flushed); an incomplete one is
    /// removed, or on standard output ends with a row that says why it stopped.
    fn finish(mut self, incomplete: Option<&str>) -> Result<(), Failure> {
        if let Some(why) = incomplete
            && self.target.is_none()
        {
            let answer = Answer::problem(
                String::new(),
                "incomplete",
                format!("the report is incomplete: {why}"),
            );
            let text = row_text(&answer, self.jsonl);
            self.line(&text);
        }
        if let Err(e) = self.out.flush() {
            self.error.get_or_insert(e);
        }
        drop(std::mem::replace(&mut self.out, Box::new(std::io::sink())));
        if let Some(e) = self.error.take() {
            return Err(Failure(format!("cannot write the report: {e}")));
        }
        if let Some((temporary, target)) = self.target.take()
            && incomplete.is_none()
        {
            temporary.rename_to(&target)?;
        }
        let count = |k: &str| self.counts.get(k).copied().unwrap_or(0);
        tell!(
            "{} answers: {} unchanged, {} update needed, {} new period, {} lost eligibility, {} different person, {} uncertain, {} not found, {} without a usable online answer, {} with an online answer that cannot be used, {} without a stored record, {} with a stored record that cannot be read, {} matching several",
            self.counts.values().sum::<usize>(),
            count(ReconcileOutcome::Unchanged.slug()),
            count(ReconcileOutcome::UpdateNeeded.slug()),
            count(ReconcileOutcome::NewPeriod.slug()),
            count(ReconcileOutcome::EligibilityLost.slug()),
            count(ReconcileOutcome::DifferentPerson.slug()),
            count(ReconcileOutcome::Uncertain.slug()),
            count("not_found"),
            count("unavailable"),
            count("bad_answer"),
            count("no_stored_record"),
            count("bad_stored_record"),
            count("ambiguous"),
        );
        Ok(())
    }
}

/// What `onshi batch report` was given.
struct Report<'a> {
    result: &'a Path,
    records: &'a Path,
    date: Option<NaiveDate>,
    jsonl: bool,
    output: Option<&'a Path>,
    rules: Option<&'a Path>,
}

fn report(args: &Report<'_>) -> Result<ExitCode, Failure> {
    let rules: RuleSet = crate::load_rules(args.rules)?;
    let date = args.date.unwrap_or_else(crate::today_in_japan);
    let mut stored = StoredRecords::open(args.records)?;
    let mut input = progress::open(args.result, u64::MAX)?;
    let bar = input.bar.clone();
    let mut sink = Sink::new(args.jsonl, args.output)?;
    let summary = onshi_oqs::read_batch(&mut input, |unit| {
        let id = unit.search.arbitrary_identifier.clone().unwrap_or_default();
        let answer = match (unit.online_result().status, &unit.record) {
            (OnlineStatus::Unavailable, _) => {
                Answer::problem(id, "unavailable", unavailable(&unit))
            }
            (OnlineStatus::NotFound, _) | (_, None) => Answer {
                id,
                outcome: "not_found",
                reconciliation: None,
                problem: None,
            },
            (OnlineStatus::Valid | OnlineStatus::Invalid, Some(record)) => {
                let found = stored.find(&id);
                Answer::of(id, found, record.insurance_record(), date, &rules)
            }
        };
        sink.add(&answer);
    });
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let summary = match summary {
        Ok(summary) => summary,
        Err(e) => {
            let why = format!("{}: {e}", args.result.display());
            sink.finish(Some(&why))?;
            return Err(Failure(format!(
                "{why}; the report is incomplete{}",
                if args.output.is_some() {
                    " and was not written"
                } else {
                    " (its last row says so)"
                }
            )));
        }
    };
    // A single result (a face reader's, or a query's) names no patient: each of its records is
    // matched to the stored patients by the person (never by name alone). The same handle is read
    // again from its start.
    if summary.units == 0 {
        input
            .inner
            .rewind()
            .map_err(|e| Failure(format!("{}: {e}", args.result.display())))?;
        let bytes = input
            .inner
            .read_all()
            .map_err(|e| Failure(format!("{} {e}", args.result.display())))?;
        let single = match onshi_oqs::QualificationResult::parse(&bytes) {
            Ok(single) => single,
            Err(e) => {
                let why = format!("{}: {e}", args.result.display());
                sink.finish(Some(&why))?;
                return Err(Failure(why));
            }
        };
        single_answers(&single, &mut stored, date, &rules, &mut sink);
    }
    sink.finish(None)?;
    Ok(if stored.bad > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The answers of a single result: each record matched to the one stored patient who is the same
/// person.
fn single_answers(
    single: &onshi_oqs::QualificationResult,
    stored: &mut StoredRecords,
    date: NaiveDate,
    rules: &RuleSet,
    sink: &mut Sink,
) {
    let online: Vec<Result<InsuranceRecord, onshi_oqs::OqsError>> = single
        .records
        .iter()
        .map(|r| r.insurance_record())
        .collect();
    let mut matched: Vec<Vec<Stored>> = online.iter().map(|_| Vec::new()).collect();
    for candidate in stored.all() {
        let Ok(record) = &candidate.record else {
            continue;
        };
        // The one person match (onshi::records::match_person, as reconcile decides it): the same birth
        // date and a written name form agreeing. A name printed as placeholders, or the birth
        // date alone, matches no one.
        if let Some(i) = online.iter().position(|o| {
            o.as_ref().is_ok_and(|o| {
                record.match_person(o).outcome == onshi::records::MatchOutcome::SamePerson
            })
        }) && let Some(list) = matched.get_mut(i)
        {
            list.push(candidate);
        }
    }
    for (online, mut candidates) in online.into_iter().zip(matched) {
        let answer = match candidates.len() {
            1 => {
                let only = candidates.pop();
                let id = only.as_ref().map(|s| s.id.clone()).unwrap_or_default();
                Answer::of(id, only, online, date, rules)
            }
            0 => Answer::of(String::new(), None, online, date, rules),
            _ => Answer {
                id: String::new(),
                outcome: "ambiguous",
                reconciliation: None,
                problem: None,
            },
        };
        sink.add(&answer);
    }
}

/// One report row: a JSON line, or a CSV row (patient_id, outcome, difference kinds, actions, the
/// weightiest difference's words in Japanese).
fn row_text(answer: &Answer, jsonl: bool) -> String {
    let (id, outcome, reconciliation) = (
        answer.id.as_str(),
        answer.outcome,
        answer.reconciliation.as_ref(),
    );
    if jsonl {
        let mut line = serde_json::json!({"patient_id": id, "outcome": outcome, "reconciliation": reconciliation});
        if let Some(problem) = &answer.problem {
            line["problem"] = Value::from(onshi::screen::redact(problem).as_ref());
        }
        return onshi::screen::to_json(&line, false).unwrap_or_default();
    }
    let joined = |part: &dyn Fn(&onshi::records::Difference) -> String| {
        reconciliation.map_or_else(String::new, |r| {
            r.differences.iter().map(part).collect::<Vec<_>>().join(";")
        })
    };
    let kinds = joined(&|d| d.kind.slug().to_owned());
    let actions = joined(&|d| onshi::Kinds::kind(&d.action).to_owned());
    let message = reconciliation.map_or_else(
        || {
            answer
                .problem
                .as_deref()
                .map(|p| onshi::screen::redact(p).into_owned())
                .unwrap_or_default()
        },
        |r| {
            r.differences
                .first()
                .map_or_else(|| r.text.ja.clone(), |d| d.text.ja.clone())
        },
    );
    [id, outcome, &kinds, &actions, &message]
        .iter()
        .map(|c| csv_cell(c))
        .collect::<Vec<_>>()
        .join(",")
}

/// A CSV cell as a spreadsheet may open it: neutralised (no control or bidi character); a cell
/// that begins with `=`, `+`, `-`, `@`, a tab or a carriage return written with a leading `'`, so
/// it is text, never a formula (OWASP, "CSV Injection"); quoted when it holds a comma, a quote or
/// a line break.
fn csv_cell(text: &str) -> String {
    let text = onshi::screen::neutralize(text);
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.into_owned()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_a_spreadsheet_would_run_is_text() {
        for (cell, shown) in [
            (
                "=HYPERLINK(\"http://x\")",
                "\"'=HYPERLINK(\"\"http://x\"\")\"",
            ),
            ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
            ("-2", "'-2"),
            ("@SUM(1,2)", "\"'@SUM(1,2)\""),
            ("\tx", "\\u{9}x"),
            ("P-001", "P-001"),
            ("a\u{202E}b", "a\\u{202e}b"),
        ] {
            assert_eq!(csv_cell(cell), shown, "{cell:?}");
        }
    }
}
