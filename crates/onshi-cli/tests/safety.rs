//! The command line safe by construction: each attack of issue 30, tried as it was made — a
//! 個人番号 through any separator, in free text or as a float; files swapped for FIFOs; escape
//! sequences and spreadsheet formulas in values; partial output; rows that cannot be; unknown
//! codes; a byte order mark. Each failed on 5de9ebc.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn onshi(args: &[&str]) -> Output {
    onshi_in(args, "")
}

fn onshi_in(args: &[&str], stdin: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_onshi"))
        .args(args)
        .current_dir(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../.."))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the onshi binary runs");
    let mut input = child.stdin.take().expect("stdin is piped");
    input
        .write_all(stdin.as_bytes())
        .expect("stdin takes the input");
    drop(input);
    child.wait_with_output().expect("the command ends")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// The digits of a text (full width folded), every other character dropped: what is left of a
/// 個人番号 however it was written.
fn digits_of(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '0'..='9' => Some(c),
            '\u{FF10}'..='\u{FF19}' => char::from_u32(c as u32 - 0xFEE0),
            _ => None,
        })
        .collect()
}

/// The published example 個人番号 (reference/numbers-and-benefits.md §4).
const MY_NUMBER: &str = "983205673214";

fn folder(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("onshi-safety-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Every file in `dir` (hidden ones too), with its bytes.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut all: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    all.sort();
    all
}

const HEADER: &str = "patient_id,insurer,symbol,number,branch,birth_date,visit_date\n";

fn prepare(dir: &Path, extra: &[&str]) -> Output {
    let csv = dir.join("reservations.csv");
    let req = dir.join("req");
    std::fs::create_dir_all(&req).unwrap();
    let mut args = vec![
        "batch",
        "prepare",
        csv.to_str().unwrap(),
        "--institution",
        "1311111111",
        "--out",
        req.to_str().unwrap(),
        "--encoding",
        "utf8",
    ];
    args.extend_from_slice(extra);
    onshi(&args)
}

#[test]
fn a_personal_number_never_reaches_a_request_file_whatever_separates_its_digits() {
    let dir = folder("separators");
    let mut rows = String::from(HEADER);
    let mut separators: Vec<String> = [
        "~",
        "\u{00B7}",
        "\u{2500}",
        "\u{180E}",
        "\u{034F}",
        "\u{FE0F}",
        "\u{E0041}",
        "\u{E007F}",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    separators.extend(('\u{202A}'..='\u{202E}').map(String::from));
    separators.extend(('\u{2066}'..='\u{2069}').map(String::from));
    for (i, sep) in separators.iter().enumerate() {
        rows.push_str(&format!(
            "P{i},06130017,12,9832{sep}0567{sep}3214,00,1980-01-01,2026-12-08\n"
        ));
    }
    rows.push_str("PF,06130017,12,983205673214.0,00,1980-01-01,2026-12-08\n");
    rows.push_str("PG,06130017,12,45,00,1980-01-01,2026-12-08\n");
    std::fs::write(dir.join("reservations.csv"), rows).unwrap();
    let o = prepare(&dir, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(!digits_of(&text(&o)).contains(MY_NUMBER), "{}", text(&o));
    let written = files(&dir.join("req"));
    assert_eq!(written.len(), 1, "only the good row's file");
    for (name, bytes) in &written {
        let content = String::from_utf8_lossy(bytes);
        assert!(!digits_of(&content).contains(MY_NUMBER), "{name}");
        assert_eq!(
            content.matches("<QualificationConfirmSearchInfo>").count(),
            1
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn decide_refuses_a_personal_number_in_free_text_and_quotes_none_in_errors() {
    for visit in [
        r#"{"at": "2026-01-15", "online": {"status": "valid", "ceiling_category": "番号983205673214です"}}"#,
        r#"{"at": "2026-01-15", "patient": {"birth_date": 983205673214.0}}"#,
        r#"{"at": "2026-01-15", "presented": {"legacy_card": {"copay_percent": 9.83205673214e11}}}"#,
        r#"{"at": "2026-01-15", "N983205673214": 1}"#,
    ] {
        let o = onshi_in(&["decide", "--visit", "-"], visit);
        assert_eq!(o.status.code(), Some(2), "{visit}: {}", text(&o));
        assert!(text(&o).contains("個人番号"), "{visit}: {}", text(&o));
        assert!(!digits_of(&text(&o)).contains(MY_NUMBER), "{}", text(&o));
    }
    // An XML close tag quoting a 個人番号 in the parser's own message.
    let dir = folder("close-tag");
    let file = dir.join("r.xml");
    std::fs::write(&file, "<XmlMsg><MessageHeader></N983205673214></XmlMsg>").unwrap();
    let o = onshi(&["oqs", "show", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!digits_of(&text(&o)).contains(MY_NUMBER), "{}", text(&o));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn values_from_files_and_inputs_act_on_no_terminal() {
    let dir = folder("escapes");
    let file = dir.join("r.xml");
    // Code fields carrying ESC, an OSC that retitles the terminal, a C1 CSI and U+202E.
    std::fs::write(
        &file,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><XmlMsg><MessageHeader><CharacterCodeIdentifier>0</CharacterCodeIdentifier>\
         <SegmentOfResult>1</SegmentOfResult><ErrorCode>E\u{1b}]0;owned\u{7}</ErrorCode><ErrorMessage>m\u{9b}2J</ErrorMessage>\
         </MessageHeader><MessageBody><ProcessingResultStatus>1\u{202E}</ProcessingResultStatus>\
         <QualificationValidity>\u{1b}[31m1</QualificationValidity><ResultList><ResultOfQualificationConfirmation>\
         <InsurerNumber>06130017</InsurerNumber><InsuredCardSymbol>1\u{202E}2</InsuredCardSymbol>\
         </ResultOfQualificationConfirmation></ResultList></MessageBody></XmlMsg>",
    )
    .unwrap();
    for args in [
        vec!["oqs", "show", file.to_str().unwrap()],
        vec!["oqs", "show", file.to_str().unwrap(), "--json"],
    ] {
        let o = onshi(&args);
        let all = text(&o);
        for c in ['\u{1b}', '\u{7}', '\u{9b}', '\u{202E}'] {
            assert!(!all.contains(c), "{args:?}: U+{:04X} in {all:?}", c as u32);
        }
    }
    // A 区分 with an escape sequence, decided and printed.
    let visit = "{\"at\": \"2026-01-15\", \"online\": {\"status\": \"valid\", \"ceiling_category\": \"\\u001b]0;x\\u0007ウ\\u202e\"}}";
    for args in [
        vec!["decide", "--visit", "-"],
        vec!["decide", "--visit", "-", "--json"],
    ] {
        let o = onshi_in(&args, visit);
        assert!(o.status.success(), "{}", text(&o));
        let all = text(&o);
        assert!(
            !all.contains('\u{1b}') && !all.contains('\u{7}') && !all.contains('\u{202E}'),
            "{all:?}"
        );
    }
    // A megabyte-long field name makes no megabyte-long error.
    let visit = format!("{{\"at\": \"2026-01-15\", \"{}\": 1}}", "x".repeat(1 << 20));
    let o = onshi_in(&["decide", "--visit", "-"], &visit);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stderr.len() < 2048, "{} bytes", o.stderr.len());
    let _ = std::fs::remove_dir_all(&dir);
}

/// A 一括照会 result of `units`, each `(patient id, status, validity, insurer)`.
fn bulk_result(units: &[(&str, &str, &str, &str)]) -> String {
    let body: String = units
        .iter()
        .map(|(id, status, validity, insurer)| {
            format!(
                "<BulkConfirmUnit><QualificationConfirmSearchInfo><InsurerNumber>06130017</InsurerNumber>\
                 <ArbitraryIdentifier>{id}</ArbitraryIdentifier></QualificationConfirmSearchInfo>\
                 <ProcessingResultStatus>{status}</ProcessingResultStatus><QualificationValidity>{validity}</QualificationValidity>\
                 <ResultOfQualificationConfirmation><InsurerNumber>{insurer}</InsurerNumber><InsuredIdentificationNumber>45</InsuredIdentificationNumber>\
                 <Name>試験　花子</Name><Birthdate>19800101</Birthdate><QualificationDate>20200401</QualificationDate>\
                 </ResultOfQualificationConfirmation></BulkConfirmUnit>"
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><XmlMsg><MessageHeader><CharacterCodeIdentifier>0</CharacterCodeIdentifier>\
         </MessageHeader><MessageBody>{body}</MessageBody></XmlMsg>"
    )
}

fn report(dir: &Path, extra: &[&str]) -> Output {
    let result = dir.join("result.xml");
    let records = dir.join("records.csv");
    let mut args = vec![
        "batch",
        "report",
        result.to_str().unwrap(),
        "--records",
        records.to_str().unwrap(),
        "--date",
        "2026-12-08",
    ];
    args.extend_from_slice(extra);
    onshi(&args)
}

#[test]
fn a_report_cell_a_spreadsheet_would_run_is_written_as_text() {
    let dir = folder("formula");
    let ids = [
        "=HYPERLINK(\"http://example.invalid\")",
        "+1+cmd|' /C calc'!A0",
        "@SUM(1,2)",
        "-1",
    ];
    let escaped: Vec<String> = ids.iter().map(|id| id.replace('"', "&quot;")).collect();
    let units: Vec<(&str, &str, &str, &str)> = escaped
        .iter()
        .map(|id| (id.as_str(), "1", "1", "06130017"))
        .collect();
    std::fs::write(dir.join("result.xml"), bulk_result(&units)).unwrap();
    std::fs::write(dir.join("records.csv"), "patient_id,insurer\n").unwrap();
    let o = report(&dir, &[]);
    assert!(o.status.success(), "{}", text(&o));
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    for line in out.lines().skip(1) {
        let first = line.trim_start_matches('"');
        assert!(first.starts_with('\''), "{line}");
    }
    assert_eq!(out.lines().count(), 5, "{out}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn prepare_writes_every_request_file_or_none() {
    let dir = folder("all-or-nothing");
    let mut rows = String::from(HEADER);
    for i in 1..=3 {
        rows.push_str(&format!(
            "P{i},06130017,12,{},00,1980-01-01,2026-12-08\n",
            40 + i
        ));
    }
    std::fs::write(dir.join("reservations.csv"), rows).unwrap();
    // The second file cannot be written: its name is taken.
    std::fs::create_dir_all(dir.join("req")).unwrap();
    std::fs::write(dir.join("req/OQSmuquc01req_B20261208_2.xml"), "taken").unwrap();
    let o = prepare(&dir, &["--per-file", "1"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("nothing was written"), "{}", text(&o));
    let names: Vec<String> = files(&dir.join("req")).into_iter().map(|f| f.0).collect();
    assert_eq!(
        names,
        ["OQSmuquc01req_B20261208_2.xml"],
        "only what was there"
    );
    // Once the name is free, all three appear.
    std::fs::remove_file(dir.join("req/OQSmuquc01req_B20261208_2.xml")).unwrap();
    let o = prepare(&dir, &["--per-file", "1"]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(files(&dir.join("req")).len(), 3);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn prepare_refuses_rows_that_cannot_be_and_names_each_line() {
    let dir = folder("strict");
    let rows = format!(
        "{HEADER}\
         P1,06130018,12,45,00,1980-01-01,2026-12-08\n\
         P2,06130017,12,46,00,2027-01-01,2026-12-08\n\
         P3,06130017,12,47,00,1868-01-24,2026-12-08\n\
         P4,06130017,12,48,00,1980-13-45,2026-12-08\n\
         \"P5\nX\",06130017,12,49,00,1980-01-01,2026-12-08\n\
         P6,06130017,12,50,00,1980-01-01,2026-12-08\n\
         P6,06130017,12,51,00,1980-01-01,2026-12-08\n\
         P7,06130017,12,52,00,1980-01-01,tomorrow\n\
         P8,06130017,12,53,00,1868-01-25,2026-12-08\n"
    );
    std::fs::write(dir.join("reservations.csv"), rows).unwrap();
    let o = prepare(&dir, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    for line in [2, 3, 4, 5, 6, 8, 9, 10] {
        assert!(
            err.contains(&format!("reservations.csv:{line}:")),
            "line {line}: {err}"
        );
    }
    assert!(err.contains("check digit"), "{err}");
    assert!(
        err.contains("1 reservations in 1 file(s), 8 rows left out"),
        "{err}"
    );
    let (_, request) = files(&dir.join("req")).remove(0);
    let request = String::from_utf8(request).unwrap();
    assert!(request.contains("<ArbitraryIdentifier>P8</ArbitraryIdentifier>"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_truncated_result_makes_an_incomplete_report_that_says_so() {
    let dir = folder("truncated");
    let full = bulk_result(&[("P1", "1", "1", "06130017"), ("P2", "1", "1", "06130017")]);
    let cut = &full[..full.find("<BulkConfirmUnit>").unwrap() + 300];
    let whole = format!(
        "{}{}",
        &full[..full.rfind("<BulkConfirmUnit>").unwrap()],
        "<BulkConfirmUnit><Process"
    );
    std::fs::write(
        dir.join("records.csv"),
        "patient_id,insurer,number,name,birth_date\nP1,06130017,45,試験　花子,1980-01-01\n",
    )
    .unwrap();
    for truncated in [cut, whole.as_str()] {
        std::fs::write(dir.join("result.xml"), truncated).unwrap();
        let o = report(&dir, &[]);
        assert_eq!(o.status.code(), Some(2), "{}", text(&o));
        let out = String::from_utf8_lossy(&o.stdout).into_owned();
        assert!(
            out.lines().last().unwrap().contains(",incomplete,"),
            "{out}"
        );
        let o = report(&dir, &["--jsonl"]);
        let last = String::from_utf8_lossy(&o.stdout)
            .lines()
            .last()
            .unwrap()
            .to_owned();
        let last: serde_json::Value = serde_json::from_str(&last).unwrap();
        assert_eq!(last["outcome"], "incomplete");
        // Into a file: nothing at all.
        let output = dir.join("report.csv");
        let o = report(&dir, &["--output", output.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2));
        assert!(!output.exists());
        assert!(!files(&dir).iter().any(|(n, _)| n.contains(".tmp")));
        // The units are checked before any is printed.
        let o = onshi(&[
            "oqs",
            "batch",
            dir.join("result.xml").to_str().unwrap(),
            "--units",
        ]);
        assert_eq!(o.status.code(), Some(2));
        assert!(
            o.stdout.is_empty(),
            "{}",
            String::from_utf8_lossy(&o.stdout)
        );
    }
    std::fs::write(dir.join("result.xml"), &full).unwrap();
    let output = dir.join("report.csv");
    let o = report(&dir, &["--output", output.to_str().unwrap()]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(std::fs::read_to_string(&output).unwrap().lines().count(), 3);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_answer_that_is_not_understood_is_never_taken() {
    let dir = folder("not-understood");
    std::fs::write(
        dir.join("records.csv"),
        "patient_id,insurer,number,name,birth_date,qualified_from\n\
         P1,06130017,45,試験　花子,1980-01-01,2020-04-01\nP2,06130017,45,試験　花子,1980-01-01,2020-04-01\n\
         P3,06130017,45,試験　花子,1980-01-01,2020-04-01\nP4,06130017,45,試験　花子,1980-01-01,2020-04-01\n\
         P5,06130017,45,試験　花子,1980-01-01,2020-04-01\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("result.xml"),
        bulk_result(&[
            ("P1", "9", "1", "06130017"),
            ("P2", "X", "1", "06130017"),
            ("P3", "１", "1", "06130017"),
            ("P4", "", "1", "06130017"),
            ("P5", "1", "1", "=1+1"),
        ]),
    )
    .unwrap();
    let o = report(&dir, &["--jsonl"]);
    assert!(o.status.success(), "{}", text(&o));
    let rows: Vec<serde_json::Value> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let outcomes: Vec<&str> = rows
        .iter()
        .map(|r| r["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(
        outcomes,
        [
            "unavailable",
            "unavailable",
            "unavailable",
            "unavailable",
            "bad_answer"
        ]
    );
    assert!(
        rows[0]["problem"].as_str().unwrap().contains("`9`"),
        "{}",
        rows[0]
    );
    // A single result with an unknown status: class B, never covered.
    let single = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><XmlMsg><MessageHeader><CharacterCodeIdentifier>0</CharacterCodeIdentifier>\
         <SegmentOfResult>1</SegmentOfResult><ProcessExecutionTime>20261208100000</ProcessExecutionTime></MessageHeader>\
         <MessageBody><ProcessingResultStatus>9</ProcessingResultStatus><QualificationValidity>1</QualificationValidity>\
         <ResultList><ResultOfQualificationConfirmation><InsurerNumber>06130017</InsurerNumber></ResultOfQualificationConfirmation>\
         </ResultList></MessageBody></XmlMsg>";
    std::fs::write(dir.join("single.xml"), single).unwrap();
    let o = onshi(&[
        "oqs",
        "decide",
        dir.join("single.xml").to_str().unwrap(),
        "--json",
    ]);
    assert!(o.status.success(), "{}", text(&o));
    let decision: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_ne!(decision["coverage"], "covered", "{decision}");
    assert_eq!(decision["failure"], "b", "{decision}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_visit_saved_with_a_byte_order_mark_is_read() {
    let o = onshi_in(
        &["decide", "--visit", "-", "--json"],
        "\u{FEFF}{\"at\": \"2026-01-15\", \"presented\": {\"legacy_card\": {\"insurer\": \"06130017\"}}}",
    );
    assert!(o.status.success(), "{}", text(&o));
}

/// Waits for a child at most `limit`; kills it and fails if it is still running then.
fn ends_within(mut child: std::process::Child, limit: Duration) -> std::process::ExitStatus {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[cfg(unix)]
#[test]
fn the_watch_holds_its_timeout_with_fifos_swapped_in_and_exits_after_zero_at_once() {
    let dir = folder("fifo-swap");
    std::fs::create_dir_all(dir.join("res")).unwrap();
    let target = dir.join("res/OQSsiquc01res_SWAP.xml");
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    // Another process keeps renaming a FIFO and a regular file over the result's name.
    let swapper = {
        let (dir, target, stop) = (dir.clone(), target.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut n = 0u64;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let fifo = dir.join(format!("fifo-{n}"));
                let file = dir.join(format!("file-{n}"));
                let _ = Command::new("mkfifo").arg(&fifo).status();
                let _ = std::fs::rename(&fifo, &target);
                let _ = std::fs::write(
                    &file,
                    "<XmlMsg><MessageHeader><SegmentOfResult>9</SegmentOfResult></MessageHeader></XmlMsg>",
                );
                let _ = std::fs::rename(&file, &target);
                n += 1;
            }
        })
    };
    let child = Command::new(env!("CARGO_BIN_EXE_onshi"))
        .args([
            "oqs",
            "watch",
            dir.to_str().unwrap(),
            "--timeout",
            "2",
            "--poll-ms",
            "50",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let status = ends_within(child, Duration::from_secs(20));
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    swapper.join().unwrap();
    assert!(status.success());
    let child = Command::new(env!("CARGO_BIN_EXE_onshi"))
        .args(["oqs", "watch", dir.to_str().unwrap(), "--exit-after", "0"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    assert!(ends_within(child, Duration::from_secs(10)).success());
    // A FIFO given as the result of a report is refused at once, never waited on.
    let fifo = dir.join("result.xml");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    std::fs::write(dir.join("records.csv"), "patient_id\n").unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_onshi"))
        .args([
            "batch",
            "report",
            fifo.to_str().unwrap(),
            "--records",
            dir.join("records.csv").to_str().unwrap(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    assert_eq!(ends_within(child, Duration::from_secs(10)).code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}
