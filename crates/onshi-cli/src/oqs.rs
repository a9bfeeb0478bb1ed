//! `onshi oqs …`: オンライン資格確認 result files from the command line.

use crate::out::{say, tell};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;
use onshi::text::Label;
use onshi::{RuleSet, Visit, Vocabulary, decide};
use onshi_oqs::{OqsError, QualificationResult, QueriedDocument};

use crate::args::{Common, Output};
use crate::{Failure, render};

#[derive(Subcommand)]
pub enum OqsCommand {
    /// Parse a result file (UTF-8 or Shift_JIS) and print what it says.
    #[command(mut_arg("json", |a| a.help("Print as JSON (personal fields included: handle with care)")))]
    Show {
        /// The result file (OQSsiquc01res_*.xml, or a face reader's OQSsiquc01res_face_*.xml).
        file: PathBuf,
        #[command(flatten)]
        output: Output,
    },
    /// Watch the exchange folder and print each new face/result file as a reception decision.
    /// Files are only read: never moved, deleted or rewritten.
    Watch(WatchArgs),
    /// Stream a 一括照会 result: progress on a terminal, then the counts.
    #[command(mut_arg("json", |a| a.help("Print the summary as JSON")))]
    Batch {
        /// The bulk result file (UTF-8 or Shift_JIS).
        file: PathBuf,
        /// Print each unit as a JSON line on standard output (personal fields included).
        #[arg(long)]
        units: bool,
        #[command(flatten)]
        output: Output,
    },
    /// The reception decision for a result file.
    Decide {
        /// The result file.
        file: PathBuf,
        /// The visit time (RFC 3339 or YYYY-MM-DD, JST); default: the file's ProcessExecutionTime.
        #[arg(long)]
        at: Option<String>,
        /// For a query by insured number: which document the number came from.
        #[arg(long, value_parser = crate::vocabulary::<QueriedDocument>(), default_value = "legacy-card")]
        document: QueriedDocument,
        #[command(flatten)]
        common: Common,
    },
}

/// Options of `onshi oqs watch`.
#[derive(clap::Args)]
#[command(mut_arg("json", |a| a.help("One JSON object per line")))]
pub struct WatchArgs {
    /// The exchange folder (its `face` and `res` subfolders are watched).
    dir: PathBuf,
    /// Also decide the files already there when the watch starts.
    #[arg(long)]
    all: bool,
    /// Stop after this many files.
    #[arg(long)]
    exit_after: Option<usize>,
    /// Stop after this many seconds (default: run until interrupted).
    #[arg(long)]
    timeout: Option<u64>,
    /// Poll interval in milliseconds.
    #[arg(long, default_value_t = 500)]
    poll_ms: u64,
    /// How long a file that does not parse may stay unchanged before it is reported as unreadable
    /// (the terminal may pause mid-file), in milliseconds.
    #[arg(long, default_value_t = 10_000)]
    patience_ms: u64,
    #[command(flatten)]
    common: Common,
}

fn read(file: &std::path::Path) -> Result<QualificationResult, Failure> {
    let bytes = crate::read_bytes(file, crate::limits::OQS)?;
    QualificationResult::parse(&bytes).map_err(|e| Failure(format!("{}: {e}", file.display())))
}

/// The visit a result file describes (the file's processing time unless `at` is given).
pub fn visit_of(
    result: &QualificationResult,
    at: Option<&str>,
    document: QueriedDocument,
) -> Result<Visit, Failure> {
    let at = at
        .map(|text| {
            onshi::calendar::VisitTime::parse(text).map_err(|e| Failure(format!("--at: {e}")))
        })
        .transpose()?;
    result.visit(at, document).map_err(|e| match e {
        OqsError::NoVisitTime => Failure(format!("{e} with --at")),
        e => Failure(e.to_string()),
    })
}

fn watch(args: WatchArgs) -> Result<ExitCode, Failure> {
    use std::time::{Duration, Instant};
    let rules = args.common.table.load()?;
    let poll = Duration::from_millis(args.poll_ms.max(50));
    let patience = Duration::from_millis(args.patience_ms);
    let mut watcher = onshi_oqs::ResultWatcher::new(&args.dir, args.all, patience)
        .map_err(|e| Failure(e.to_string()))?;
    let started = Instant::now();
    let lang = args.common.words.lang;
    let mut done = 0usize;
    if args.exit_after == Some(0) {
        return Ok(ExitCode::SUCCESS);
    }
    let deadline = args.timeout.map(|t| started + Duration::from_secs(t));
    tell!("watching {} (face, res)", args.dir.display());
    loop {
        for (path, result) in watcher.poll() {
            let result = match result {
                Ok(r) => r,
                Err(e) => {
                    tell!("error: {}", onshi::screen::redact(&e.to_string()));
                    continue;
                }
            };
            let decision = visit_of(&result, None, QueriedDocument::LegacyCard)
                .and_then(|v| decide(&rules, &v).map_err(|e| Failure(e.to_string())));
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            match decision {
                Ok(d) if args.common.output.json => {
                    say!(
                        "{}",
                        onshi::screen::to_json(
                            &serde_json::json!({"file": name, "decision": d}),
                            false
                        )?
                    )
                }
                Ok(d) => {
                    say!("── {name}");
                    crate::out::text(&render(&d, lang));
                }
                Err(Failure(e)) => tell!("error: {name}: {}", onshi::screen::redact(&e)),
            }
            done += 1;
            if args.exit_after.is_some_and(|n| done >= n) {
                return Ok(ExitCode::SUCCESS);
            }
        }
        // A poll never blocks (files are opened without waiting on a FIFO or a device), and the
        // sleep never runs past the deadline: --timeout holds.
        let now = Instant::now();
        match deadline {
            Some(deadline) if now >= deadline => return Ok(ExitCode::SUCCESS),
            Some(deadline) => std::thread::sleep(poll.min(deadline - now)),
            None => std::thread::sleep(poll),
        }
    }
}

fn batch(file: PathBuf, units: bool, json: bool) -> Result<ExitCode, Failure> {
    use std::io::Write;
    let mut reader = crate::progress::open(&file, u64::MAX)?;
    let bar = reader.bar.clone();
    // The whole file is read first: a file that cannot be read to its end prints no unit.
    let summary = onshi_oqs::read_batch(&mut reader, |_| {})
        .map_err(|e| Failure(format!("{}: {e}; no unit was printed", file.display())))?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    if units {
        // Then its units, read again through the same handle.
        reader
            .inner
            .rewind()
            .map_err(|e| Failure(format!("{}: {e}", file.display())))?;
        reader.bar = None;
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        let mut write_error = None;
        onshi_oqs::read_batch(&mut reader, |unit| {
            if write_error.is_none() {
                let line = onshi::screen::to_json(
                    &serde_json::json!({"unit": &unit, "online": unit.online_result()}),
                    false,
                );
                if let Err(e) = line
                    .map_err(std::io::Error::other)
                    .and_then(|l| writeln!(out, "{l}"))
                {
                    write_error = Some(e);
                }
            }
        })
        .map_err(|e| Failure(format!("{}: {e}", file.display())))?;
        if let Some(e) = write_error {
            return Err(Failure(format!("cannot write the units: {e}")));
        }
    }
    if json {
        say!("{}", onshi::screen::to_json(&summary, false)?);
    } else {
        let ja = |label: Label| label.words().ja;
        tell!(
            "{} units: {} valid ({}), {} invalid ({}), {} not found ({}), {} errors",
            summary.units,
            summary.valid,
            ja(Label::Valid),
            summary.invalid,
            ja(Label::Invalid),
            summary.not_found,
            ja(Label::NotFound),
            summary.unavailable
        );
        if let Some(n) = summary.announced.filter(|n| *n != summary.units) {
            tell!(
                "warning: the header announces {n} results but the file holds {}",
                summary.units
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn run(command: OqsCommand) -> Result<ExitCode, Failure> {
    match command {
        OqsCommand::Batch {
            file,
            units,
            output,
        } => batch(file, units, output.json),
        OqsCommand::Watch(args) => watch(args),
        OqsCommand::Show { file, output } => {
            let r = read(&file)?;
            if output.json {
                crate::out::json(&r)?;
                return Ok(ExitCode::SUCCESS);
            }
            let label = |code: Option<&str>, label: Option<&str>| match (code, label) {
                (Some(c), Some(l)) => format!("{c} {l}"),
                (Some(c), None) => format!("{c} (unknown code)"),
                _ => "-".to_owned(),
            };
            let ja = |label: Label| label.words().ja;
            say!("encoding: {}", r.encoding.xml_name());
            say!(
                "{}: {}",
                ja(Label::ReferenceClassification),
                label(
                    r.header.reference_classification.as_ref().map(|c| c.code()),
                    r.header
                        .reference_classification
                        .as_ref()
                        .and_then(|c| c.label())
                )
            );
            say!(
                "{}: {}",
                ja(Label::SegmentOfResult),
                label(
                    r.header.segment_of_result.as_ref().map(|c| c.code()),
                    r.header.segment_of_result.as_ref().and_then(|c| c.label())
                )
            );
            if let Some(m) = &r.header.error_message {
                say!(
                    "{}: {} {}",
                    ja(Label::Error),
                    r.header.error_code.as_deref().unwrap_or(""),
                    m
                );
            }
            say!(
                "{}: {}",
                ja(Label::QualificationValidity),
                label(
                    r.qualification_validity.as_ref().map(|c| c.code()),
                    r.qualification_validity.as_ref().and_then(|c| c.label())
                )
            );
            if let Some(m) = &r.processing_result_message {
                say!("{}: {}", ja(Label::ResultMessage), m);
            }
            for (i, rec) in r.records.iter().enumerate() {
                say!(
                    "[{}] {} {} {} {} {} {} {} {} {} {}",
                    i + 1,
                    ja(Label::InsurerNumber),
                    rec.insurer_number.as_deref().unwrap_or("-"),
                    ja(Label::Symbol),
                    rec.symbol.as_deref().unwrap_or("-"),
                    ja(Label::Number),
                    rec.number.as_deref().unwrap_or("-"),
                    ja(Label::Branch),
                    rec.branch.as_deref().unwrap_or("-"),
                    ja(Label::Copay),
                    rec.copay_percent
                        .or(rec.elderly_copay_percent)
                        .map_or("-".to_owned(), |p| onshi::text::copay_words(p).ja)
                );
                // The online system is the authority; a number failing its own rules is shown.
                if let Some(n) = rec.insurer_number.as_deref()
                    && let Err(e) =
                        onshi::numbers::verify_number(onshi::numbers::NumberKind::Insurer, n)
                {
                    say!(
                        "    warning: {} {}",
                        ja(Label::InsurerNumber),
                        onshi::screen::redact(&e.to_string())
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        OqsCommand::Decide {
            file,
            at,
            document,
            common,
        } => {
            let rules: RuleSet = common.table.load()?;
            let r = read(&file)?;
            let visit = visit_of(&r, at.as_deref(), document)?;
            let decision = decide(&rules, &visit).map_err(|e| Failure(e.to_string()))?;
            if common.output.json {
                crate::out::json(&decision)?;
            } else {
                crate::out::text(&render(&decision, common.words.lang));
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
