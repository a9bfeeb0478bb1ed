//! `onshi batch`: the day before, a 一括照会 request from the reservations; when the answers come back,
//! each compared with the stored record (`onshi::reconcile`), one row per patient.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;
use onshi::{InsuranceRecord, ReconcileOutcome, RuleSet, Vocabulary};
use onshi_oqs::{BulkQuery, BulkQueryWriter, Encoding};
use serde_json::{Map, Value};

use crate::Failure;
use crate::csv::{CsvReader, Row};
use crate::progress;

/// `onshi batch …`.
#[derive(Subcommand)]
pub enum BatchCommand {
    /// Write the 一括照会 request file from a CSV of reservations (header row; UTF-8 or Shift_JIS;
    /// columns patient_id, insurer, symbol, number, branch, birth_date, visit_date). Bad rows are
    /// reported with their line numbers and left out; the command then exits 1.
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
    /// insurance record's fields) and write one row per patient: CSV on standard output, or
    /// `--jsonl` for programs; the summary goes to standard error.
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
        date: Option<chrono::NaiveDate>,
        /// JSON lines instead of CSV.
        #[arg(long)]
        jsonl: bool,
        /// A rule table (complete, or an overlay).
        #[arg(long)]
        rules: Option<PathBuf>,
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
            rules,
        } => report(&result, &records, date, jsonl, rules.as_deref()),
    }
}

/// Opens a CSV file with a progress bar over its bytes.
fn open_csv(
    path: &Path,
) -> Result<CsvReader<std::io::BufReader<progress::Counting<std::fs::File>>>, Failure> {
    let file = progress::open(path)
        .map_err(|e| Failure(format!("cannot read {}: {e}", path.display())))?;
    CsvReader::new(std::io::BufReader::with_capacity(1 << 16, file))
        .map_err(|e| Failure(format!("{}:{}: {}", path.display(), e.line, e.problem)))
}

/// Refuses a CSV whose header lacks a column every row needs.
fn require_columns<R: std::io::BufRead>(
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
    eprintln!("{}:{line}: {}", path.display(), shown(problem));
}

/// A date cell in any form records write ([`onshi::parse_written_date`]).
fn date_cell(text: &str) -> Result<chrono::NaiveDate, String> {
    onshi::parse_written_date(text).map_err(|e| e.to_string())
}

/// Text as shown in a message: on one line, and withheld when it looks like a 個人番号.
fn shown(text: &str) -> String {
    crate::shown(text, false).into_owned()
}

/// The earliest visit date of the reservations (a first pass over the file, for the default file
/// identifier); rows that cannot be read are told in the second pass.
fn first_visit(path: &Path) -> Result<Option<chrono::NaiveDate>, Failure> {
    let mut first: Option<chrono::NaiveDate> = None;
    for row in open_csv(path)?.flatten() {
        if let Some(visit) = row.cell("visit_date").and_then(|v| date_cell(v).ok()) {
            first = Some(first.map_or(visit, |f| f.min(visit)));
        }
    }
    Ok(first)
}

/// The 一括照会 query of one reservation.
fn query_of(row: &Row) -> Result<BulkQuery, String> {
    let birth = row
        .cell("birth_date")
        .map(|b| date_cell(b).map_err(|e| format!("birth_date {e}")))
        .transpose()?;
    let Some(patient) = row.cell("patient_id") else {
        return Err("no patient_id: the answer could not be matched back".to_owned());
    };
    Ok(BulkQuery {
        insurer_number: row.cell("insurer").unwrap_or_default().to_owned(),
        symbol: row.cell("symbol").map(str::to_owned),
        number: row.cell("number").unwrap_or_default().to_owned(),
        branch: row.cell("branch").map(str::to_owned),
        birthdate: birth.map(|b| b.format("%Y%m%d").to_string()),
        arbitrary_identifier: Some(patient.to_owned()),
    })
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

/// A request file being written: under a temporary name in the folder until it is complete, then
/// renamed, so the terminal never picks up half a request; dropped unfinished, it is removed.
struct RequestFile {
    writer: BulkQueryWriter,
    file: std::io::BufWriter<std::fs::File>,
    temporary: Temporary,
    target: PathBuf,
}

impl RequestFile {
    fn start(folder: &Path, writer: BulkQueryWriter) -> Result<RequestFile, Failure> {
        let target = folder.join(writer.file_name());
        if target.exists() {
            return Err(Failure(format!(
                "{} already exists (the terminal has not taken it yet?): give another --id",
                target.display()
            )));
        }
        let temporary = folder.join(format!(".{}.tmp", writer.file_name()));
        let cannot = |e: std::io::Error| Failure(format!("{}: {e}", temporary.display()));
        match std::fs::remove_file(&temporary) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(cannot(e)),
            _ => {}
        }
        // Created new: a link planted under the temporary name is not followed.
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temporary)
            .map_err(cannot)?;
        Ok(RequestFile {
            writer,
            file: std::io::BufWriter::with_capacity(1 << 16, file),
            temporary: Temporary(temporary),
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

    /// Completes the file and gives it its name; the number of reservations in it.
    fn finish(self) -> Result<(PathBuf, usize), Failure> {
        let RequestFile {
            writer,
            mut file,
            mut temporary,
            target,
        } = self;
        let queries = writer.queries();
        let cannot = |e: std::io::Error| Failure(format!("{}: {e}", temporary.0.display()));
        file.write_all(&writer.finish()?).map_err(cannot)?;
        file.flush().map_err(cannot)?;
        file.get_ref().sync_all().map_err(cannot)?;
        std::fs::rename(&temporary.0, &target).map_err(cannot)?;
        temporary.0 = PathBuf::new();
        Ok((target, queries))
    }
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
    let id = match id {
        Some(id) => id,
        None => format!(
            "B{}",
            first_visit(path)?.map_or_else(String::new, |d| d.format("%Y%m%d").to_string())
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
    let rows = open_csv(path)?;
    require_columns(&rows, path, &["patient_id", "insurer", "number"])?;
    let (mut written, mut bad) = (Vec::new(), 0usize);
    let mut rows = rows.into_iter();
    for row in rows.by_ref() {
        let row = match row {
            Ok(row) => row,
            Err(e) if e.fatal => {
                return Err(Failure(format!(
                    "{}:{}: {}",
                    path.display(),
                    e.line,
                    e.problem
                )));
            }
            Err(e) => {
                tell(path, e.line, &e.problem);
                bad += 1;
                continue;
            }
        };
        if let Some(visit) = row.cell("visit_date")
            && let Err(e) = date_cell(visit)
        {
            tell(
                path,
                row.line,
                &format!("warning: visit_date {e}; the reservation is queried all the same"),
            );
        }
        let query = match query_of(&row) {
            Ok(query) => query,
            Err(problem) => {
                tell(path, row.line, &problem);
                bad += 1;
                continue;
            }
        };
        let request = match &mut current {
            Some(request) => request,
            None => current.insert(RequestFile::start(out, writer(written.len() + 1)?)?),
        };
        match request.push(&query)? {
            Ok(()) => {}
            Err(e) => {
                tell(path, row.line, &e.to_string());
                bad += 1;
                continue;
            }
        }
        if request.writer.queries() >= per_file
            && let Some(full) = current.take()
        {
            written.push(full.finish()?);
        }
    }
    if let Some(last) = current.take()
        && last.writer.queries() > 0
    {
        written.push(last.finish()?);
    }
    if written.is_empty() {
        return Err(Failure(format!(
            "{}: no reservation could be written ({bad} bad rows)",
            path.display()
        )));
    }
    for (file, queries) in &written {
        eprintln!("{}: {queries} reservations", file.display());
    }
    eprintln!(
        "{} reservations in {} file(s), {bad} bad rows left out",
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
    line: usize,
    record: Result<InsuranceRecord, String>,
}

/// The stored records, read as the answers ask for them. Answers come back in the order the
/// reservations were written, so records kept in that order are read one step ahead and memory
/// stays flat; a record read before its answer waits in `waiting` until asked for.
struct StoredRecords<R> {
    path: PathBuf,
    rows: CsvReader<R>,
    waiting: HashMap<String, Stored>,
    /// Rows that could not be read (told on standard error).
    bad: usize,
    /// A problem that stopped the reading of the file.
    fatal: Option<String>,
}

impl<R: std::io::BufRead> StoredRecords<R> {
    /// The next stored record of the file; rows without a patient id are told and skipped.
    fn next_stored(&mut self) -> Option<Stored> {
        for row in self.rows.by_ref() {
            let mut row = match row {
                Ok(row) => row,
                Err(e) => {
                    tell(&self.path, e.line, &e.problem);
                    self.bad += 1;
                    if e.fatal {
                        self.fatal =
                            Some(format!("{}:{}: {}", self.path.display(), e.line, e.problem));
                        return None;
                    }
                    continue;
                }
            };
            let Some(Value::String(id)) = row.cells.remove("patient_id") else {
                tell(&self.path, row.line, "no patient_id");
                self.bad += 1;
                continue;
            };
            let record = stored_record(row.cells);
            if let Err(problem) = &record {
                tell(&self.path, row.line, problem);
                self.bad += 1;
            }
            return Some(Stored {
                id,
                line: row.line,
                record,
            });
        }
        None
    }

    /// The stored record of `id`, reading ahead as far as needed.
    fn find(&mut self, id: &str) -> Option<Stored> {
        if let Some(stored) = self.waiting.remove(id) {
            return Some(stored);
        }
        while let Some(stored) = self.next_stored() {
            if stored.id == id {
                return Some(stored);
            }
            match self.waiting.get_mut(&stored.id) {
                // The same patient twice: neither row is trusted.
                Some(first) => {
                    let problem = format!(
                        "patient_id given on lines {} and {}",
                        first.line, stored.line
                    );
                    tell(&self.path, stored.line, &problem);
                    self.bad += 1;
                    first.record = Err(problem);
                }
                None => {
                    self.waiting.insert(stored.id.clone(), stored);
                }
            }
        }
        None
    }
}

/// An insurance record from a records CSV row: date cells in any written form are read as dates.
fn stored_record(mut cells: Map<String, Value>) -> Result<InsuranceRecord, String> {
    for field in ["qualified_from", "lost_on", "birth_date"] {
        if let Some(Value::String(text)) = cells.get(field) {
            let date = date_cell(text).map_err(|e| format!("{field} {e}"))?;
            cells.insert(field.to_owned(), Value::from(date.to_string()));
        }
    }
    if let Some(Value::String(p)) = cells.get("copay_percent") {
        // The cell is not quoted: a wrong column could hold anything, a 個人番号 too.
        let percent: u8 = p
            .parse()
            .map_err(|_| "copay_percent is not a number (10, 20 or 30)".to_owned())?;
        cells.insert("copay_percent".to_owned(), Value::from(percent));
    }
    InsuranceRecord::from_json(&Value::Object(cells).to_string()).map_err(|e| e.to_string())
}

/// What an answer came to: an outcome slug and the reconciliation when there was one, or the
/// problem of the stored record.
struct Answer {
    id: String,
    outcome: &'static str,
    reconciliation: Option<onshi::Reconciliation>,
    problem: Option<String>,
}

impl Answer {
    fn of(
        id: String,
        stored: Option<Stored>,
        online: Option<InsuranceRecord>,
        date: chrono::NaiveDate,
        rules: &RuleSet,
    ) -> Answer {
        let (outcome, reconciliation, problem) = match (stored.map(|s| s.record), online) {
            (_, None) => ("not_found", None, None),
            (None, Some(_)) => ("no_stored_record", None, None),
            (Some(Err(problem)), Some(_)) => ("bad_stored_record", None, Some(problem)),
            (Some(Ok(stored)), Some(online)) => {
                let r = onshi::reconcile(&stored, &online, date, rules);
                (r.outcome.slug(), Some(r), None)
            }
        };
        Answer {
            id,
            outcome,
            reconciliation,
            problem,
        }
    }
}

/// The report: rows on standard output, the counts for the summary.
struct Report {
    out: std::io::BufWriter<std::io::StdoutLock<'static>>,
    jsonl: bool,
    counts: HashMap<&'static str, usize>,
    error: Option<std::io::Error>,
}

impl Report {
    fn new(jsonl: bool) -> Report {
        let mut report = Report {
            out: std::io::BufWriter::new(std::io::stdout().lock()),
            jsonl,
            counts: HashMap::new(),
            error: None,
        };
        if !jsonl {
            report.line("patient_id,outcome,differences,actions,message");
        }
        report
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

    fn finish(mut self) -> Result<(), Failure> {
        if let Err(e) = self.out.flush() {
            self.error.get_or_insert(e);
        }
        if let Some(e) = self.error {
            return Err(Failure(format!("cannot write the report: {e}")));
        }
        let count = |k: &str| self.counts.get(k).copied().unwrap_or(0);
        eprintln!(
            "{} answers: {} unchanged, {} update needed, {} new period, {} lost eligibility, {} different person, {} uncertain, {} not found, {} without a stored record, {} with a stored record that cannot be read, {} matching several",
            self.counts.values().sum::<usize>(),
            count(ReconcileOutcome::Unchanged.slug()),
            count(ReconcileOutcome::UpdateNeeded.slug()),
            count(ReconcileOutcome::NewPeriod.slug()),
            count(ReconcileOutcome::EligibilityLost.slug()),
            count(ReconcileOutcome::DifferentPerson.slug()),
            count(ReconcileOutcome::Uncertain.slug()),
            count("not_found"),
            count("no_stored_record"),
            count("bad_stored_record"),
            count("ambiguous"),
        );
        Ok(())
    }
}

fn report(
    result: &Path,
    records_path: &Path,
    date: Option<chrono::NaiveDate>,
    jsonl: bool,
    rules: Option<&Path>,
) -> Result<ExitCode, Failure> {
    let rules: RuleSet = crate::load_rules(rules)?;
    let date = date.unwrap_or_else(crate::today_in_japan);
    let rows = CsvReader::new(std::io::BufReader::with_capacity(
        1 << 16,
        std::fs::File::open(records_path)
            .map_err(|e| Failure(format!("cannot read {}: {e}", records_path.display())))?,
    ))
    .map_err(|e| {
        Failure(format!(
            "{}:{}: {}",
            records_path.display(),
            e.line,
            e.problem
        ))
    })?;
    require_columns(&rows, records_path, &["patient_id"])?;
    let mut stored = StoredRecords {
        path: records_path.to_owned(),
        rows,
        waiting: HashMap::new(),
        bad: 0,
        fatal: None,
    };
    let input = progress::open(result)
        .map_err(|e| Failure(format!("cannot read {}: {e}", result.display())))?;
    let bar = input.bar.clone();
    let mut report = Report::new(jsonl);
    let summary = onshi_oqs::read_batch(input, |unit| {
        let id = unit.search.arbitrary_identifier.clone().unwrap_or_default();
        let online = unit.record.as_ref().map(|r| r.insurance_record());
        let found = online.as_ref().and_then(|_| stored.find(&id));
        report.add(&Answer::of(id, found, online, date, &rules));
    });
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let summary = summary.map_err(|e| Failure(format!("{}: {e}", result.display())))?;
    // A single result (a face reader's, or a query's) names no patient: each of its records is
    // matched to the stored patients by birth date and name (never by name alone).
    if summary.units == 0 {
        let bytes = crate::read_bytes(result, crate::limits::OQS)?;
        let single = onshi_oqs::QualificationResult::parse(&bytes)
            .map_err(|e| Failure(format!("{}: {e}", result.display())))?;
        let online: Vec<InsuranceRecord> = single
            .records
            .iter()
            .map(|r| r.insurance_record())
            .collect();
        let mut matched: Vec<Vec<Stored>> = online.iter().map(|_| Vec::new()).collect();
        while let Some(candidate) = stored.next_stored() {
            let Ok(record) = &candidate.record else {
                continue;
            };
            let person = record.person();
            if let Some(i) = online.iter().position(|o| {
                onshi::match_person(&person, &o.person()).outcome == onshi::MatchOutcome::SamePerson
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
                    Answer::of(id, only, Some(online), date, &rules)
                }
                0 => Answer::of(String::new(), None, Some(online), date, &rules),
                _ => Answer {
                    id: String::new(),
                    outcome: "ambiguous",
                    reconciliation: None,
                    problem: None,
                },
            };
            report.add(&answer);
        }
    }
    report.finish()?;
    if let Some(fatal) = stored.fatal {
        return Err(Failure(fatal));
    }
    Ok(if stored.bad > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
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
            line["problem"] = Value::from(problem.as_str());
        }
        return line.to_string();
    }
    let joined = |part: &dyn Fn(&onshi::Difference) -> String| {
        reconciliation.map_or_else(String::new, |r| {
            r.differences.iter().map(part).collect::<Vec<_>>().join(";")
        })
    };
    let kinds = joined(&|d| d.kind.slug().to_owned());
    let actions = joined(&|d| onshi::Kinds::kind(&d.action).to_owned());
    let message = reconciliation.map_or_else(
        || answer.problem.clone().unwrap_or_default(),
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

/// A CSV cell, quoted when it holds a comma, a quote or a line break.
fn csv_cell(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}
