//! `onshi batch`: the day before, a 一括照会 request from the reservations; when the answers come back,
//! each compared with the stored record (`onshi::reconcile`), one row per patient.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;
use onshi::{InsuranceRecord, ReconcileOutcome, RuleSet, Vocabulary};
use onshi_oqs::{BulkQuery, BulkQueryRequest, Encoding};
use serde_json::{Map, Value};

use crate::Failure;

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
        } => prepare(&reservations, &institution, id, &out, &encoding),
        BatchCommand::Report {
            result,
            records,
            date,
            jsonl,
            rules,
        } => report(&result, &records, date, jsonl, rules.as_deref()),
    }
}

/// A CSV row: its line number and its cells by the header's names (empty cells left out).
type Row = (usize, Map<String, Value>);

/// A CSV file's rows. UTF-8 (a BOM is dropped) or, when the bytes are not UTF-8, Shift_JIS.
fn read_csv(path: &Path) -> Result<Vec<Row>, Failure> {
    let bytes = crate::read_bytes(path, crate::limits::CSV)?;
    let text = match std::str::from_utf8(&bytes) {
        Ok(t) => t.trim_start_matches('\u{FEFF}').to_owned(),
        Err(_) => {
            let (text, _, bad) = encoding_rs::SHIFT_JIS.decode(&bytes);
            if bad {
                return Err(Failure(format!(
                    "{}: neither UTF-8 nor Shift_JIS",
                    path.display()
                )));
            }
            text.into_owned()
        }
    };
    let mut rows = records(&text).into_iter();
    let Some((_, header)) = rows.next() else {
        return Err(Failure(format!("{}: no header row", path.display())));
    };
    let header: Vec<String> = header.iter().map(|h| h.trim().to_owned()).collect();
    Ok(rows
        .filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()))
        .map(|(line, cells)| {
            let row = header
                .iter()
                .zip(cells)
                .filter(|(_, c)| !c.trim().is_empty())
                .map(|(h, c)| (h.clone(), Value::from(c.trim().to_owned())))
                .collect();
            (line, row)
        })
        .collect())
}

/// RFC 4180 records: commas, double quotes ("" inside quotes), CRLF or LF; each with its line.
fn records(text: &str) -> Vec<(usize, Vec<String>)> {
    let mut out = Vec::new();
    let (mut cells, mut cell) = (Vec::new(), String::new());
    let (mut quoted, mut line, mut start) = (false, 1, 1);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            ('"', true) => quoted = false,
            ('"', false) if cell.is_empty() => quoted = true,
            (',', false) => cells.push(std::mem::take(&mut cell)),
            ('\r', false) => {}
            ('\n', false) => {
                cells.push(std::mem::take(&mut cell));
                out.push((start, std::mem::take(&mut cells)));
                line += 1;
                start = line;
            }
            (c, _) => {
                if c == '\n' {
                    line += 1;
                }
                cell.push(c);
            }
        }
    }
    if !cell.is_empty() || !cells.is_empty() {
        cells.push(cell);
        out.push((start, cells));
    }
    out
}

/// A date cell in any form records write ([`onshi::parse_written_date`]).
fn date_cell(text: &str) -> Result<chrono::NaiveDate, String> {
    onshi::parse_written_date(text).map_err(|e| e.to_string())
}

/// A cell's text as shown in a message: cut, and withheld when it looks like a 個人番号.
fn shown(text: &str) -> String {
    crate::shown(&text.chars().take(40).collect::<String>(), false).into_owned()
}

fn prepare(
    path: &Path,
    institution: &str,
    id: Option<String>,
    out: &Path,
    encoding: &str,
) -> Result<ExitCode, Failure> {
    let rows = read_csv(path)?;
    let encoding = if encoding == "utf8" {
        Encoding::Utf8
    } else {
        Encoding::ShiftJis
    };
    let mut queries = Vec::with_capacity(rows.len());
    let mut first_visit: Option<chrono::NaiveDate> = None;
    let mut bad = 0;
    for (line, row) in rows {
        let cell = |name: &str| row.get(name).and_then(Value::as_str).map(str::to_owned);
        let birth = match cell("birth_date").map(|b| date_cell(&b)).transpose() {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{}:{line}: birth_date {e}", path.display());
                bad += 1;
                continue;
            }
        };
        if let Some(visit) = cell("visit_date").and_then(|v| date_cell(&v).ok()) {
            first_visit = Some(first_visit.map_or(visit, |f| f.min(visit)));
        }
        let query = BulkQuery {
            insurer_number: cell("insurer").unwrap_or_default(),
            symbol: cell("symbol"),
            number: cell("number").unwrap_or_default(),
            branch: cell("branch"),
            birthdate: birth.map(|b| b.format("%Y%m%d").to_string()),
            arbitrary_identifier: cell("patient_id"),
        };
        // Each row is checked alone, so a bad one is named by its line and left out.
        let alone = BulkQueryRequest {
            medical_institution_code: institution.to_owned(),
            arbitrary_file_identifier: "CHECK".to_owned(),
            queries: vec![query.clone()],
        };
        match alone.to_xml(encoding) {
            Ok(_) => queries.push(query),
            // A problem of the request itself (the institution code) is not a row's: stop.
            Err(
                e @ onshi_oqs::OqsError::Request {
                    field: "medical_institution_code",
                    ..
                },
            ) => return Err(Failure(format!("--institution: {e}"))),
            Err(e) => {
                eprintln!("{}:{line}: {}", path.display(), shown_error(&e.to_string()));
                bad += 1;
            }
        }
    }
    if queries.is_empty() {
        return Err(Failure(format!(
            "{}: no reservation could be written ({bad} bad rows)",
            path.display()
        )));
    }
    let id = id.unwrap_or_else(|| {
        format!(
            "B{}",
            first_visit.map_or_else(String::new, |d| d.format("%Y%m%d").to_string())
        )
    });
    let request = BulkQueryRequest {
        medical_institution_code: institution.to_owned(),
        arbitrary_file_identifier: id,
        queries,
    };
    let bytes = request.to_xml(encoding)?;
    let target = out.join(request.file_name());
    std::fs::write(&target, bytes).map_err(|e| Failure(format!("{}: {e}", target.display())))?;
    eprintln!(
        "{}: {} reservations, {bad} bad rows left out",
        target.display(),
        request.queries.len()
    );
    Ok(if bad > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// An error message as shown: cut to one line.
fn shown_error(message: &str) -> String {
    crate::shown(message, false).into_owned()
}

/// The stored records by patient id; date cells in any written form are read as dates.
fn stored_records(path: &Path) -> Result<HashMap<String, InsuranceRecord>, Failure> {
    let mut records = HashMap::new();
    for (line, mut row) in read_csv(path)? {
        let Some(Value::String(id)) = row.remove("patient_id") else {
            return Err(Failure(format!("{}:{line}: no patient_id", path.display())));
        };
        for field in ["qualified_from", "lost_on", "birth_date"] {
            if let Some(Value::String(text)) = row.get(field) {
                let date = date_cell(text)
                    .map_err(|e| Failure(format!("{}:{line}: {field} {e}", path.display())))?;
                row.insert(field.to_owned(), Value::from(date.to_string()));
            }
        }
        if let Some(Value::String(p)) = row.get("copay_percent") {
            let percent: u8 = p.parse().map_err(|_| {
                Failure(format!(
                    "{}:{line}: copay_percent `{}` is not 10, 20 or 30",
                    path.display(),
                    shown(p)
                ))
            })?;
            row.insert("copay_percent".to_owned(), Value::from(percent));
        }
        let record = InsuranceRecord::from_json(&Value::Object(row).to_string())
            .map_err(|e| Failure(format!("{}:{line}: {e}", path.display())))?;
        records.insert(id, record);
    }
    Ok(records)
}

fn report(
    result: &Path,
    records_path: &Path,
    date: Option<chrono::NaiveDate>,
    jsonl: bool,
    rules: Option<&Path>,
) -> Result<ExitCode, Failure> {
    let rules: RuleSet = crate::load_rules(rules)?;
    let records = stored_records(records_path)?;
    let date = date.unwrap_or_else(crate::today_in_japan);
    let file =
        std::fs::File::open(result).map_err(|e| Failure(format!("{}: {e}", result.display())))?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if !jsonl {
        writeln!(out, "patient_id,outcome,differences,actions,message")
            .map_err(|e| Failure(e.to_string()))?;
    }
    let mut counts: HashMap<&'static str, usize> = HashMap::new();
    let mut write_error = None;
    let summary = onshi_oqs::read_batch(std::io::BufReader::new(file), |unit| {
        let id = unit.search.arbitrary_identifier.clone().unwrap_or_default();
        let stored = records.get(&id);
        let (outcome, reconciliation) = match (&unit.record, stored) {
            (Some(online), Some(stored)) => {
                let r = onshi::reconcile(stored, &online.insurance_record(), date, &rules);
                (r.outcome.slug(), Some(r))
            }
            (None, _) => ("not_found", None),
            (Some(_), None) => ("no_stored_record", None),
        };
        *counts.entry(outcome).or_default() += 1;
        let line = row_text(&id, outcome, reconciliation.as_ref(), jsonl);
        if write_error.is_none()
            && let Err(e) = writeln!(out, "{line}")
        {
            write_error = Some(e);
        }
    });
    out.flush().map_err(|e| Failure(e.to_string()))?;
    if let Some(e) = write_error {
        return Err(Failure(format!("cannot write the report: {e}")));
    }
    let summary = summary.map_err(|e| Failure(format!("{}: {e}", result.display())))?;
    let mut answers = summary.units;
    // A single result (a face reader's, or a query's) names no patient: each of its records is
    // matched to the stored patients by birth date and name (never by name alone).
    if summary.units == 0 {
        let bytes = crate::read_bytes(result, crate::limits::OQS)?;
        let single = onshi_oqs::QualificationResult::parse(&bytes)
            .map_err(|e| Failure(format!("{}: {e}", result.display())))?;
        for online in single.records.iter().map(|r| r.insurance_record()) {
            answers += 1;
            let matched: Vec<(&String, &InsuranceRecord)> = records
                .iter()
                .filter(|(_, stored)| {
                    onshi::match_person(&stored.person(), &online.person()).outcome
                        == onshi::MatchOutcome::SamePerson
                })
                .collect();
            let (id, outcome, reconciliation) = match matched.as_slice() {
                [(id, stored)] => {
                    let r = onshi::reconcile(stored, &online, date, &rules);
                    ((*id).clone(), r.outcome.slug(), Some(r))
                }
                [] => (String::new(), "no_stored_record", None),
                _ => (String::new(), "ambiguous", None),
            };
            *counts.entry(outcome).or_default() += 1;
            let line = row_text(&id, outcome, reconciliation.as_ref(), jsonl);
            writeln!(out, "{line}")
                .map_err(|e| Failure(format!("cannot write the report: {e}")))?;
        }
        out.flush().map_err(|e| Failure(e.to_string()))?;
    }
    let count = |k: &str| counts.get(k).copied().unwrap_or(0);
    eprintln!(
        "{} answers: {} unchanged, {} update needed, {} new period, {} lost eligibility, {} different person, {} uncertain, {} not found, {} without a stored record, {} matching several",
        answers,
        count(ReconcileOutcome::Unchanged.slug()),
        count(ReconcileOutcome::UpdateNeeded.slug()),
        count(ReconcileOutcome::NewPeriod.slug()),
        count(ReconcileOutcome::EligibilityLost.slug()),
        count(ReconcileOutcome::DifferentPerson.slug()),
        count(ReconcileOutcome::Uncertain.slug()),
        count("not_found"),
        count("no_stored_record"),
        count("ambiguous"),
    );
    Ok(ExitCode::SUCCESS)
}

/// One report row: a JSON line, or a CSV row (patient_id, outcome, difference kinds, actions, the
/// weightiest difference's words in Japanese).
fn row_text(
    id: &str,
    outcome: &str,
    reconciliation: Option<&onshi::Reconciliation>,
    jsonl: bool,
) -> String {
    if jsonl {
        return serde_json::json!({"patient_id": id, "outcome": outcome, "reconciliation": reconciliation})
            .to_string();
    }
    let joined = |part: &dyn Fn(&onshi::Difference) -> String| {
        reconciliation.map_or_else(String::new, |r| {
            r.differences.iter().map(part).collect::<Vec<_>>().join(";")
        })
    };
    let kinds = joined(&|d| d.kind.slug().to_owned());
    let actions = joined(&|d| onshi::Kinds::kind(&d.action).to_owned());
    let message = reconciliation.map_or_else(String::new, |r| {
        r.differences
            .first()
            .map_or_else(|| r.text.ja.clone(), |d| d.text.ja.clone())
    });
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_records_with_quotes_and_line_numbers() {
        let rows = records("a,b\n\"x,1\",\"say \"\"hi\"\"\"\n\"two\nlines\",z\r\nlast,row");
        assert_eq!(rows[0], (1, vec!["a".to_owned(), "b".to_owned()]));
        assert_eq!(
            rows[1],
            (2, vec!["x,1".to_owned(), "say \"hi\"".to_owned()])
        );
        assert_eq!(rows[2], (3, vec!["two\nlines".to_owned(), "z".to_owned()]));
        assert_eq!(rows[3], (5, vec!["last".to_owned(), "row".to_owned()]));
    }
}
