//! `onshi`: reception decisions, rule tables and conformance vectors from the command line.

use crate::args::{Common, Language, Output, RuleTable};
use crate::out::say;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use onshi::policy::{PlannedRows, RuleAudit};
use onshi::text::Label;
use onshi::{Decision, Lang, RuleSet, Text, Visit, Vocabulary, decide};
use serde::Deserialize;

mod args;
mod batch;
mod card;
mod csv;
mod desk;
mod oqs;
mod out;
mod progress;
mod reference;

/// The built-in demo day: a dozen realistic patients.
const DEMO: &str = include_str!("demo.json");
/// The demo's default date (a Monday within the temporary measures, so every route shows).
const DEMO_DATE: &str = "2026-03-02";

/// Reception-desk eligibility decisions for Japanese health insurance (マイナ保険証, 資格確認書,
/// legacy cards).
#[derive(Parser)]
#[command(name = "onshi", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// A command-line parser for one of the core's vocabularies: the values are the core's slugs, in
/// the command line's kebab-case (`public-payer`; the JSON spelling `public_payer` is accepted
/// too), so no argument mirrors a core enum by hand.
pub(crate) fn vocabulary<T: Vocabulary + Send + Sync>()
-> impl clap::builder::TypedValueParser<Value = T> {
    use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
    let values = T::ALL
        .iter()
        .map(|v| PossibleValue::new(v.slug().replace('_', "-")).alias(v.slug()));
    PossibleValuesParser::new(values).map(|given: String| {
        let slug = given.replace('-', "_");
        #[expect(clippy::expect_used, reason = "clap accepted one of the listed values")]
        *T::ALL
            .iter()
            .find(|v| v.slug() == slug)
            .expect("a listed value")
    })
}

#[derive(Subcommand)]
enum Command {
    /// Walk a receptionist's day: a dozen patients decided on the built-in rules.
    Demo {
        /// The day to run (JST, YYYY-MM-DD).
        #[arg(long, default_value = DEMO_DATE)]
        date: NaiveDate,
        #[command(flatten)]
        words: Language,
        #[command(flatten)]
        table: RuleTable,
        #[command(flatten)]
        output: Output,
    },
    /// Decide one visit given as JSON (a file, or - for standard input).
    Decide {
        /// The visit JSON.
        #[arg(long)]
        visit: PathBuf,
        #[command(flatten)]
        common: Common,
        /// Also apply planned rows (a preview of announced changes).
        #[arg(long)]
        planned: bool,
    },
    /// The usual copay ratio by age (一部負担金割合) for a birth date on a date.
    Copay {
        /// Date of birth (YYYY-MM-DD).
        #[arg(long)]
        birth: NaiveDate,
        /// The day of care (JST, YYYY-MM-DD).
        #[arg(long)]
        on: NaiveDate,
        /// 70–74 with 現役並み所得.
        #[arg(long)]
        high_income: bool,
        #[command(flatten)]
        common: Common,
    },
    /// The 高額療養費 monthly limit (自己負担限度額) of a 区分 in a month of care.
    Ceiling {
        /// 区分 label (ウ, 現役並みⅠ, 一般) or OQS code (A03).
        category: String,
        /// A day of the month of care (診療月, YYYY-MM-DD).
        #[arg(long)]
        month: NaiveDate,
        /// The month's total medical cost (10割, yen).
        #[arg(long, default_value_t = 0)]
        cost: u64,
        /// 多数回該当 (4th qualifying month within 12).
        #[arg(long)]
        many_times: bool,
        /// An outpatient (外来) month.
        #[arg(long)]
        outpatient: bool,
        /// The month of the 75th birthday, not on the 1st (75歳到達月特例).
        #[arg(long)]
        birthday_75_month: bool,
        #[command(flatten)]
        table: RuleTable,
        /// Also apply planned rows (e.g. the 2027-08 bands).
        #[arg(long)]
        planned: bool,
        #[command(flatten)]
        output: Output,
    },
    /// A facility's obligation, 協力金, device subsidy, 加算 and notices, from a JSON description.
    Facility {
        /// The description: {"date", "practitioner": {...}, "cooperation": {...}, "device_cost",
        /// "medical": {"online_installed", "myna_usage_percent"}} (- for standard input).
        file: PathBuf,
        /// The day to judge (overrides "date"; JST, YYYY-MM-DD).
        #[arg(long)]
        on: Option<NaiveDate>,
        #[command(flatten)]
        common: Common,
    },
    /// Show, check or audit rule tables.
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
    /// Talk to a My Number Card: status, certificate, PIN (PC/SC reader or --simulated).
    Card {
        #[command(subcommand)]
        command: card::CardCommand,
    },
    /// オンライン資格確認 result files: show one, or decide the visit it describes.
    Oqs {
        #[command(subcommand)]
        command: oqs::OqsCommand,
    },
    /// The pre-visit 一括照会: prepare the request from the reservations, then report each answer
    /// against the stored record.
    Batch {
        #[command(subcommand)]
        command: batch::BatchCommand,
    },
    /// Check a card's user-authentication certificate.
    Cert {
        #[command(subcommand)]
        command: CertCommand,
    },
    /// Check an insurance number: 保険者番号, 公費負担者番号, 公費受給者番号, 医療機関コード, 枝番.
    Number {
        /// Which number.
        #[arg(value_parser = vocabulary::<onshi::numbers::NumberKind>())]
        kind: onshi::numbers::NumberKind,
        /// The number as written (full-width digits and spaces are accepted).
        value: String,
        #[command(flatten)]
        output: Output,
    },
    /// Serve the desk screen and the JSON API on this computer: each answer landing in the
    /// exchange folder shown as a decision, a form for visits without a card, the 声掛け script.
    Desk(desk::DeskArgs),
    /// Run conformance-vector files; ends with "N passed, N failed".
    Vectors {
        /// Vector files (tests/vectors/*.json or your own).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[command(flatten)]
        table: RuleTable,
        /// Print every case, not only failures.
        #[arg(long, short)]
        verbose: bool,
        #[command(flatten)]
        output: Output,
    },
}

#[derive(Subcommand)]
enum CertCommand {
    /// Parse a certificate (DER or PEM), verify it against the roots, and give its status.
    Check {
        /// The card's certificate (DER or PEM).
        file: PathBuf,
        /// A folder of root certificates (*.pem, *.cer, *.der), or one root file.
        #[arg(long)]
        roots: PathBuf,
        /// The instant to check at (RFC 3339 or YYYY-MM-DD, JST); default: now.
        #[arg(long)]
        at: Option<String>,
        /// What is known about revocation.
        #[arg(long, value_parser = vocabulary::<onshi::certificate::Revocation>(), default_value = "not-checked")]
        revocation: onshi::certificate::Revocation,
        /// Accept the J-LIS test hierarchy (O=JPKI-TEST), for development cards only.
        #[arg(long)]
        allow_test: bool,
        #[command(flatten)]
        common: Common,
    },
}

#[derive(Subcommand)]
enum RulesCommand {
    /// Print the rule table in effect (built-in, or --rules FILE).
    Show {
        #[command(flatten)]
        table: RuleTable,
        /// Only rows whose dates include this date (planned rows included, marked).
        #[arg(long)]
        on: Option<NaiveDate>,
        #[command(flatten)]
        words: Language,
        #[command(flatten)]
        output: Output,
    },
    /// Audit a rule table for a date: gaps, cliffs (a rule's last row in force ending within 120
    /// days with only a planned row after it: a warning), rows ending within 90 days, planned and
    /// reported rows, an overdue review. A table is audited as written: a hole that loading
    /// refuses (a rule needed every day without a row before the table's horizon) is listed as a
    /// gap with its first and last day. Exits 1 when a rule family has a gap on that date or such
    /// a hole; warnings exit 0.
    Audit {
        /// The date to audit for (JST, YYYY-MM-DD); default: today in Japan.
        #[arg(long)]
        on: Option<NaiveDate>,
        #[command(flatten)]
        table: RuleTable,
        /// Audit with planned rows applied.
        #[arg(long)]
        planned: bool,
        #[command(flatten)]
        words: Language,
        #[command(flatten)]
        output: Output,
    },
    /// Validate a rule table file; prints its version or the first problem.
    Check {
        /// The file.
        file: PathBuf,
    },
}

/// A failure the user can act on; printed as `error: …`, exit code 2.
pub(crate) struct Failure(pub(crate) String);

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure(e.to_string())
    }
}

fn main() -> ExitCode {
    // Output piped into `head` or a closed pager ends the command quietly, as for other Unix tools,
    // instead of a panic on the next print.
    #[cfg(unix)]
    // SAFETY: restoring the default action of SIGPIPE before any thread starts; no handler runs.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    // Every argument passes the 個人番号 guard before anything reads it: a My Number typed as a
    // 区分, a file identifier or a file name is refused here, once, for every command.
    if let Some(n) = std::env::args_os()
        .skip(1)
        .position(|a| onshi::numbers::contains_personal_number(&a.to_string_lossy()))
    {
        out::error(
            &onshi::error::InputError::PersonalNumber {
                field: format!("argument {}", n + 1),
            }
            .to_string(),
        );
        return ExitCode::from(2);
    }
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(Failure(msg)) => {
            out::error(&msg);
            ExitCode::from(2)
        }
    }
}

/// The rule set with its planned rows applied when asked.
fn with_planned(rules: RuleSet, planned: bool) -> RuleSet {
    if planned {
        rules.with_planned_rows(onshi::policy::PlannedRows::Apply)
    } else {
        rules
    }
}

/// Today in Japan: the command line is an edge and may read the clock; the library never does.
pub(crate) fn today_in_japan() -> NaiveDate {
    onshi::calendar::VisitTime::from_datetime(chrono::Utc::now().fixed_offset()).date()
}

/// Size limits of what the command line reads (the same as the C API's).
pub(crate) mod limits {
    /// A visit or a facility description.
    pub const JSON: u64 = 1 << 20;
    /// A rule table.
    pub const RULES: u64 = 16 << 20;
    /// A conformance-vector file.
    pub const VECTORS: u64 = 64 << 20;
    /// An オンライン資格確認 result file.
    pub const OQS: u64 = 16 << 20;
    /// A certificate.
    pub const CERTIFICATE: u64 = 64 << 10;
}

/// The bytes of `path` (or standard input for `-`), at most `limit`: the file opened once and
/// safely ([`onshi_oqs::open_input`]: no link followed, no FIFO or device waited on), never more
/// than the limit read.
pub(crate) fn read_bytes(path: &Path, limit: u64) -> Result<Vec<u8>, Failure> {
    if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| Failure(format!("cannot read standard input: {e}")))?;
        if bytes.len() as u64 > limit {
            return Err(Failure(format!(
                "standard input is larger than {limit} bytes, the most that is read"
            )));
        }
        return Ok(bytes);
    }
    onshi_oqs::open_input(path, limit)
        .and_then(|mut file| file.read_all())
        .map_err(|e| Failure(format!("{} {e}", path.display())))
}

/// The text of `path` (or standard input for `-`), at most `limit` bytes of UTF-8.
pub(crate) fn read_input(path: &Path, limit: u64) -> Result<String, Failure> {
    String::from_utf8(read_bytes(path, limit)?).map_err(|e| {
        Failure(format!(
            "{} is not UTF-8 (byte {})",
            path.display(),
            e.utf8_error().valid_up_to()
        ))
    })
}

pub(crate) fn load_rules(path: Option<&Path>) -> Result<RuleSet, Failure> {
    match path {
        None => Ok(RuleSet::builtin()),
        Some(p) => RuleSet::from_json(&read_input(p, limits::RULES)?)
            .map_err(|e| Failure(format!("{}: {e}", p.display()))),
    }
}

fn run(cli: Cli) -> Result<ExitCode, Failure> {
    match cli.command {
        Command::Demo {
            date,
            words,
            table,
            output,
        } => demo(date, words.lang, table.load()?, output.json),
        Command::Decide {
            visit,
            common,
            planned,
        } => {
            let rules = with_planned(common.table.load()?, planned);
            let text = read_input(&visit, limits::JSON)?;
            let visit_value = Visit::from_json(&text)
                .map_err(|e| Failure(format!("{}: {e}", visit.display())))?;
            let decision = decide(&rules, &visit_value)
                .map_err(|e| Failure(format!("{}: {e}", visit.display())))?;
            if common.output.json {
                crate::out::json(&decision)?;
            } else {
                crate::out::text(&render(&decision, common.words.lang));
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Rules { command } => match command {
            RulesCommand::Show {
                table,
                on,
                words,
                output,
            } => show_rules(&table.load()?, on, words.lang, output.json),
            RulesCommand::Audit {
                on,
                table,
                planned,
                words,
                output,
            } => {
                let on = on.unwrap_or_else(today_in_japan);
                let planned = if planned {
                    PlannedRows::Apply
                } else {
                    PlannedRows::Ignore
                };
                let audit = match table.rules {
                    None => RuleSet::builtin().with_planned_rows(planned).audit(on),
                    Some(p) => RuleSet::audit_json(&read_input(&p, limits::RULES)?, on, planned)
                        .map_err(|e| Failure(format!("{}: {e}", p.display())))?,
                };
                show_audit(&audit, words.lang, output.json)
            }
            RulesCommand::Check { file } => {
                let rules = load_rules(Some(&file))?;
                say!(
                    "{}: valid, version {} ({} rows)",
                    file.display(),
                    rules.version(),
                    rules.rules().len()
                );
                Ok(ExitCode::SUCCESS)
            }
        },
        Command::Copay {
            birth,
            on,
            high_income,
            common,
        } => reference::copay(
            &common.table.load()?,
            birth,
            on,
            high_income,
            common.words.lang,
            common.output.json,
        ),
        Command::Ceiling {
            category,
            month,
            cost,
            many_times,
            outpatient,
            birthday_75_month,
            table,
            planned,
            output,
        } => reference::ceiling(
            &with_planned(table.load()?, planned),
            &onshi::benefits::CeilingQuery {
                month,
                category,
                medical_cost: cost,
                many_times,
                outpatient,
                birthday_75_month,
            },
            output.json,
        ),
        Command::Facility { file, on, common } => reference::facility(
            &common.table.load()?,
            &read_input(&file, limits::JSON)?,
            on,
            common.words.lang,
            common.output.json,
        )
        .map_err(|Failure(e)| Failure(format!("{}: {e}", file.display()))),
        Command::Card { command } => card::run(command),
        Command::Number {
            kind,
            value,
            output,
        } => number(kind, &value, output.json),
        Command::Oqs { command } => oqs::run(command),
        Command::Batch { command } => batch::run(command),
        Command::Desk(args) => desk::run(args),
        Command::Cert {
            command:
                CertCommand::Check {
                    file,
                    roots,
                    at,
                    revocation,
                    allow_test,
                    common,
                },
        } => cert_check(CertArgs {
            file,
            roots,
            at,
            revocation,
            allow_test,
            rules: common.table.load()?,
            lang: common.words.lang,
            json: common.output.json,
        }),
        Command::Vectors {
            files,
            table,
            verbose,
            output,
        } => vectors(&files, table.load()?, verbose, output.json),
    }
}

#[derive(Deserialize)]
struct DemoPatient {
    time: String,
    who: Text,
    /// What the patient brings: facts of the story only, never a state that depends on the date
    /// (the decision says whether a certificate is expiring or expired on the day run).
    presents: Text,
    visit: serde_json::Value,
}

fn demo(date: NaiveDate, lang: Lang, rules: RuleSet, json: bool) -> Result<ExitCode, Failure> {
    let patients: Vec<DemoPatient> = serde_json::from_str(DEMO)?;
    let mut out = Vec::new();
    if !json {
        let title = match lang {
            Lang::Ja => format!(
                "{} — {date}（{} {}）",
                Label::DayAtReception.words().ja,
                Label::RuleTable.words().ja,
                rules.version()
            ),
            Lang::En => format!(
                "{} — {date} ({} {})",
                Label::DayAtReception.words().en,
                Label::RuleTable.words().en,
                rules.version()
            ),
        };
        say!("{title}\n");
    }
    for p in patients {
        let mut visit = p.visit;
        visit["at"] = serde_json::Value::from(format!("{date}T{}:00+09:00", p.time));
        let visit = Visit::from_json(&visit.to_string())?;
        let decision = decide(&rules, &visit)?;
        // The age on the day run, not the day the story was written.
        let age = visit
            .patient
            .birth_date
            .and_then(|b| date.years_since(b))
            .map(|a| match lang {
                Lang::Ja => format!("（{}）", onshi::text::age_words(a).ja),
                Lang::En => format!(" ({})", onshi::text::age_words(a).en),
            })
            .unwrap_or_default();
        let who = format!("{}{age}", p.who.get(lang));
        if json {
            out.push(serde_json::json!({"time": p.time, "who": who, "presents": p.presents, "decision": decision}));
        } else {
            say!("── {} {who}: {}", p.time, p.presents.get(lang));
            crate::out::text(&render(&decision, lang));
            say!();
        }
    }
    if json {
        crate::out::json(&out)?;
    }
    Ok(ExitCode::SUCCESS)
}

pub(crate) fn render(d: &Decision, lang: Lang) -> String {
    // The same sentences the desk page and its API show.
    let shown = onshi::reception::Shown::of(d);
    let l = |label: Label| label.words().get(lang).to_owned();
    let t = |text: &Text| text.get(lang).to_owned();
    let mut s = String::new();
    let mut head = t(&shown.coverage);
    if let Some(route) = &shown.route {
        head = format!("{head} — {}", t(route));
    }
    s += &format!("   {head}\n");
    for (label, part) in [
        (Label::Cause, &shown.failure),
        (Label::Copay, &shown.copay),
        (Label::CeilingCategory, &shown.ceiling),
    ] {
        if let Some(part) = part {
            s += &format!("   {}: {}\n", l(label), t(part));
        }
    }
    for a in &shown.alerts {
        s += &format!("   ! {}\n", t(a));
    }
    for (i, a) in shown.actions.iter().enumerate() {
        s += &format!("   {}. {}\n", i + 1, t(a));
    }
    s += &format!("   {}: {}\n", l(Label::ToThePatient), t(&shown.patient));
    let ids: Vec<&str> = d.rules.iter().map(|r| r.as_str()).collect();
    s += &format!("   {}: {}\n", l(Label::Rules), ids.join(", "));
    s
}

fn show_rules(
    rules: &RuleSet,
    on: Option<NaiveDate>,
    lang: Lang,
    json: bool,
) -> Result<ExitCode, Failure> {
    let rows: Vec<&onshi::policy::Rule> = rules
        .rules()
        .iter()
        .filter(|r| on.is_none_or(|d| r.applies_on(d)))
        .collect();
    if json {
        crate::out::json(
            &serde_json::json!({"version": rules.version(), "reviewed": rules.reviewed(), "rules": rows}),
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    match rules.reviewed() {
        Some(reviewed) => say!("version {} (reviewed {reviewed})", rules.version()),
        None => say!("version {}", rules.version()),
    }
    for r in rows {
        let until = r.until.map_or("…".to_owned(), |u| u.to_string());
        let mut marks = String::new();
        if r.status == onshi::policy::RowStatus::Planned {
            marks += "[planned] ";
        }
        match r.certainty {
            onshi::policy::Certainty::Reported => marks += "[reported] ",
            onshi::policy::Certainty::Transcribed => marks += "[transcribed] ",
            _ => {}
        }
        say!(
            "{:<46} {} – {:<10}  {marks}{}",
            r.id.as_str(),
            r.from,
            until,
            r.title.get(lang)
        );
        say!("{:<46} source: {}", "", r.source);
        if !matches!(r.params, onshi::policy::RuleParams::None {}) {
            say!("{:<46} params: {}", "", serde_json::to_string(&r.params)?);
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn show_audit(audit: &RuleAudit, lang: Lang, json: bool) -> Result<ExitCode, Failure> {
    if json {
        crate::out::json(audit)?;
    } else {
        let reviewed = audit
            .reviewed
            .map_or_else(|| "-".to_owned(), |d| d.to_string());
        say!(
            "rules {} (reviewed {reviewed}, horizon {}), audited for {}",
            audit.version,
            audit.horizon,
            audit.on
        );
        for f in &audit.findings {
            say!("{:<15} {}", f.kind(), f.words().get(lang));
        }
        say!(
            "{}",
            if audit.has_gap() {
                "gap: some rules have days without a row (listed above)"
            } else {
                "no gap"
            }
        );
    }
    Ok(if audit.has_gap() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn vectors(
    files: &[PathBuf],
    rules: RuleSet,
    verbose: bool,
    json: bool,
) -> Result<ExitCode, Failure> {
    let (mut passed, mut failed) = (0usize, 0usize);
    let mut reports = Vec::new();
    for file in files {
        let text = read_input(file, limits::VECTORS)?;
        let report = onshi_vectors::run_any_vectors(&rules, &text)
            .map_err(|e| Failure(format!("{}: {e}", file.display())))?;
        passed += report.passed();
        failed += report.failed();
        if !json {
            for c in &report.cases {
                if !c.passed() {
                    say!("FAIL {}#{}", file.display(), c.id);
                    for p in &c.problems {
                        say!("     {p}");
                    }
                } else if verbose {
                    say!("ok   {}#{}", file.display(), c.id);
                }
            }
        }
        reports.push(serde_json::json!({"file": file.display().to_string(), "report": report}));
    }
    if json {
        crate::out::json(&reports)?;
    }
    say!("{passed} passed, {failed} failed");
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

struct CertArgs {
    file: PathBuf,
    roots: PathBuf,
    at: Option<String>,
    revocation: onshi::certificate::Revocation,
    allow_test: bool,
    rules: RuleSet,
    lang: Lang,
    json: bool,
}

/// Loads every root certificate in a folder (or one file).
fn load_roots(path: &Path) -> Result<onshi::certificate::TrustAnchors, Failure> {
    let mut anchors = onshi::certificate::TrustAnchors::new();
    let files: Vec<PathBuf> = if path.is_dir() {
        let mut v: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|e| Failure(format!("cannot read {}: {e}", path.display())))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.extension()
                    .is_some_and(|e| e == "pem" || e == "cer" || e == "der" || e == "crt")
            })
            .collect();
        v.sort();
        v
    } else {
        vec![path.to_path_buf()]
    };
    for f in &files {
        let bytes = read_bytes(f, limits::CERTIFICATE)?;
        anchors
            .add(&bytes)
            .map_err(|e| Failure(format!("{}: {e}", f.display())))?;
    }
    if anchors.anchors().is_empty() {
        return Err(Failure(format!(
            "no root certificates (*.pem, *.cer, *.der, *.crt) in {}",
            path.display()
        )));
    }
    Ok(anchors)
}

fn cert_check(args: CertArgs) -> Result<ExitCode, Failure> {
    let anchors = load_roots(&args.roots)?;
    let at = match &args.at {
        Some(text) => {
            onshi::calendar::VisitTime::parse(text).map_err(|e| Failure(format!("--at: {e}")))?
        }
        // The command line is an edge: it may read the clock; the library never does.
        None => onshi::calendar::VisitTime::from_datetime(chrono::Utc::now().fixed_offset()),
    };
    let bytes = read_bytes(&args.file, limits::CERTIFICATE)?;
    let test = if args.allow_test {
        onshi::certificate::TestHierarchy::Allow
    } else {
        onshi::certificate::TestHierarchy::Refuse
    };
    let check = onshi::certificate::check_certificate(
        &args.rules,
        &anchors,
        &bytes,
        at,
        args.revocation,
        test,
    )
    .map_err(|e| Failure(format!("{}: {e}", args.file.display())))?;
    if args.json {
        crate::out::json(&serde_json::json!({
            "at": at.instant().to_rfc3339(),
            "check": check,
            "insurance_use": check.status.insurance_use(),
            "other_functions": check.status.other_functions(),
        }))?;
        return Ok(ExitCode::SUCCESS);
    }
    let l = |label: Label| label.words().get(args.lang).to_owned();
    let c = &check.certificate;
    say!("{}: {}", l(Label::CheckedAt), at.instant().to_rfc3339());
    say!("{}: {}", l(Label::Issuer), c.issuer());
    say!(
        "{}: {} ({} {}, SHA-256 {})",
        l(Label::TrustAnchor),
        check.anchor.name(),
        l(Label::Serial),
        check.anchor.serial(),
        check.anchor.fingerprint()
    );
    say!(
        "{}: {} – {}",
        l(Label::Validity),
        c.validity().not_before.to_rfc3339(),
        c.validity().not_after.to_rfc3339()
    );
    say!(
        "{}: {}",
        l(Label::Status),
        check.status.words().get(args.lang)
    );
    say!(
        "{}: {}",
        l(Label::AsInsuranceCard),
        if check.status.insurance_use() {
            l(Label::Usable)
        } else {
            l(Label::NotUsable)
        }
    );
    if check.revocation == onshi::certificate::Revocation::NotChecked {
        say!("{}", l(Label::RevocationNotChecked));
    }
    Ok(ExitCode::SUCCESS)
}

fn number(kind: onshi::numbers::NumberKind, value: &str, json: bool) -> Result<ExitCode, Failure> {
    match onshi::numbers::verify_number(kind, value) {
        Ok(info) if json => {
            say!("{}", serde_json::json!({"valid": true, "info": info}));
            Ok(ExitCode::SUCCESS)
        }
        Ok(info) => {
            let mut line = format!("valid: {}", info.normalized);
            if let Some(p) = &info.prefecture {
                line += &format!(", prefecture {p}");
            }
            if let Some(l) = &info.law {
                line += &format!(", {} {l}", Label::LawNumber.words().ja);
            }
            if let Some(n) = info.law_name {
                line += &format!(" ({n})");
            }
            say!("{line}");
            for note in info.notes {
                say!("note: {note}");
            }
            Ok(ExitCode::SUCCESS)
        }
        // An invalid number is bad input: exit 2, as for every command.
        Err(e) if json => {
            say!(
                "{}",
                serde_json::json!({"valid": false, "error": e.kind(), "message": e.to_string()})
            );
            Ok(ExitCode::from(2))
        }
        // A 個人番号 is refused, not judged: an error, never an answer.
        Err(e) if e.kind() == onshi::error::ErrorKind::PersonalNumber => {
            Err(Failure(e.to_string()))
        }
        Err(e) => {
            say!("invalid: {e}");
            Ok(ExitCode::from(2))
        }
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    /// clap's own check of the whole command tree: unique names, valid defaults and conflicts, and
    /// each `mut_arg("json", …)` naming an argument its command has (it panics otherwise).
    #[test]
    fn the_command_line_is_well_formed() {
        super::Cli::command().debug_assert();
    }
}
