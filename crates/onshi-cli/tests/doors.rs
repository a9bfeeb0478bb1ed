//! The 個人番号 guard at every door (issue 30, point 2), as a property: a 12-digit 個人番号 written
//! with characters of every general category but letters and digits between arbitrary groups of
//! its digits, each digit in full width or not, as text or as a JSON number, placed in every field
//! of every input the command line and the desk take — a visit, an オンライン資格確認 result (its
//! modelled elements, an element onshi does not model and an element's name), the two batch CSVs,
//! a rule overlay, a command-line argument and the desk's HTTP bodies — is refused, and its digits
//! appear in no standard output, standard error, written file or HTTP response.
//!
//! The one exception is the documented one (SECURITY.md): file identifiers and time stamps of a
//! result file are not about a person and are not placed here.
//!
//! `ONSHI_DOORS_CASES=64 cargo test -p onshi-cli --test doors` tries more numbers.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::LazyLock;
use std::time::Duration;

use proptest::prelude::*;
use serde_json::{Value, json};
use unicode_normalization::char::decompose_compatible;
use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

/// Whether `c`, folded by NFKC, is a letter or a digit (what ends or makes a run of digits).
fn letter_or_digit(c: char) -> bool {
    let mut found = false;
    decompose_compatible(c, |d| {
        found |= matches!(
            d.general_category(),
            GeneralCategory::UppercaseLetter
                | GeneralCategory::LowercaseLetter
                | GeneralCategory::TitlecaseLetter
                | GeneralCategory::OtherLetter
                | GeneralCategory::DecimalNumber
        );
    });
    found
}

/// Every character that may stand between digits, by general category (NUL aside: no argument
/// can hold it).
static SEPARATORS: LazyLock<Vec<Vec<char>>> = LazyLock::new(|| {
    let mut by_category: BTreeMap<String, Vec<char>> = BTreeMap::new();
    for c in (1..=0x10FFFFu32).filter_map(char::from_u32) {
        if !letter_or_digit(c) {
            by_category
                .entry(format!("{:?}", c.general_category()))
                .or_default()
                .push(c);
        }
    }
    assert!(by_category.len() >= 20, "{:?}", by_category.keys());
    by_category.into_values().collect()
});

/// A character of a category picked first, so rare categories are tried as often as common ones.
fn separator() -> impl Strategy<Value = char> {
    (0..SEPARATORS.len(), any::<prop::sample::Index>())
        .prop_map(|(category, i)| *i.get(&SEPARATORS[category]))
}

/// A 個人番号 as someone might write it.
#[derive(Clone, Debug)]
struct Written {
    /// Its twelve digits.
    digits: String,
    /// As text, separators and widths as drawn.
    text: String,
    /// As a JSON number token (`983205673214`, `983205673214.0` or `9.83205673214e11`).
    number: String,
}

fn written() -> impl Strategy<Value = Written> {
    (
        prop::collection::vec(0u32..10, 11),
        prop::collection::vec(prop::collection::vec(separator(), 0..3), 12),
        prop::collection::vec(any::<bool>(), 12),
        0..3usize,
    )
        .prop_map(|(body, gaps, wide, notation)| {
            let digits = onshi_testkit::my_number(&body);
            let mut text = String::new();
            for ((d, gap), wide) in digits.chars().zip(&gaps).zip(&wide) {
                text.extend(gap);
                text.push(if *wide {
                    char::from_u32(d as u32 + 0xFEE0).unwrap()
                } else {
                    d
                });
            }
            let number = match notation {
                0 => digits.clone(),
                1 => format!("{digits}.0"),
                _ => format!("{}.{}e11", &digits[..1], &digits[1..]),
            };
            Written {
                digits,
                text,
                number,
            }
        })
}

/// The digits of a text (full width folded), every other character dropped.
fn digits_of(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes)
        .chars()
        .filter_map(|c| match c {
            '0'..='9' => Some(c),
            '\u{FF10}'..='\u{FF19}' => char::from_u32(c as u32 - 0xFEE0),
            _ => None,
        })
        .collect()
}

/// Fails when `bytes` hold the number's digits.
fn assert_clean(w: &Written, door: &str, bytes: &[u8]) {
    assert!(
        !digits_of(bytes).contains(&w.digits),
        "{door}: the digits of {:?} came out:\n{}",
        w.text,
        String::from_utf8_lossy(bytes)
    );
}

fn onshi(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_onshi"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the onshi binary runs");
    let mut input = child.stdin.take().unwrap();
    let _ = input.write_all(stdin);
    drop(input);
    child.wait_with_output().unwrap()
}

/// Runs a command that must refuse: exit 1 or 2 (a row left out counts), nothing of the number out.
fn refused(w: &Written, door: &str, args: &[&str], stdin: &[u8]) -> Output {
    let o = onshi(args, stdin);
    assert_clean(w, door, &o.stdout);
    assert_clean(w, door, &o.stderr);
    assert!(
        matches!(o.status.code(), Some(1 | 2)),
        "{door}: {args:?} exited {:?}: {}",
        o.status.code(),
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

/// Every leaf of a JSON document: its path and whether it is a number.
fn leaves(value: &Value, path: &mut Vec<String>, out: &mut Vec<(Vec<String>, bool)>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                path.push(k.clone());
                leaves(v, path, out);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                path.push(i.to_string());
                leaves(v, path, out);
                path.pop();
            }
        }
        other => out.push((path.clone(), other.is_number())),
    }
}

/// `document` with the number placed in each leaf (as a JSON number where a number stands, when
/// drawn so), and once as a field name.
fn json_variants(document: &Value, w: &Written) -> Vec<String> {
    let mut found = Vec::new();
    leaves(document, &mut Vec::new(), &mut found);
    let mut variants: Vec<String> = found
        .iter()
        .map(|(path, is_number)| {
            let mut v = document.clone();
            let pointer: String = path.iter().map(|p| format!("/{p}")).collect();
            let slot = v.pointer_mut(&pointer).unwrap();
            if *is_number {
                // A number has no unique text: mark the leaf, then write the token in its place.
                *slot = Value::from("@@NUMBER@@");
                v.to_string().replacen("\"@@NUMBER@@\"", &w.number, 1)
            } else {
                *slot = Value::from(w.text.as_str());
                v.to_string()
            }
        })
        .collect();
    let mut keyed = document.clone();
    keyed
        .as_object_mut()
        .unwrap()
        .insert(w.text.clone(), json!(1));
    variants.push(keyed.to_string());
    variants
}

/// A visit with a value in every kind of field.
fn visit() -> Value {
    json!({
        "at": "2026-01-15T10:00:00+09:00",
        "facility": {"kind": "clinic", "reader": "face_recognition", "online": "available"},
        "patient": {"birth_date": "1980-01-01"},
        "presented": {
            "legacy_card": {"insurer": "06130017", "insured": {"symbol": "12-34", "number": "45", "branch": "01"},
                            "issued": "2023-04-01", "copay_percent": 30},
            "ceiling_certificate": {"category": "ウ", "valid_until": "2026-07-31"}
        },
        "online": {"status": "valid", "copay_percent": 30, "ceiling_category": "A03", "insurer": "06130017",
                   "insured": {"symbol": "12-34", "number": "45", "branch": "01"}}
    })
}

/// A result file with a value in every kind of element (UTF-8).
const RESULT: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><XmlMsg><MessageHeader>\
    <ProcessExecutionTime>20260115100000</ProcessExecutionTime><QualificationConfirmationDate>20260115</QualificationConfirmationDate>\
    <MedicalInstitutionCode>1311111111</MedicalInstitutionCode><ArbitraryFileIdentifier>R1</ArbitraryFileIdentifier>\
    <ReferenceClassification>1</ReferenceClassification><SegmentOfResult>1</SegmentOfResult>\
    <CharacterCodeIdentifier>0</CharacterCodeIdentifier></MessageHeader><MessageBody>\
    <ProcessingResultStatus>1</ProcessingResultStatus><ProcessingResultMessage>正常</ProcessingResultMessage>\
    <QualificationValidity>1</QualificationValidity><ResultList><ResultOfQualificationConfirmation>\
    <InsuredCardClassification>01</InsuredCardClassification><InsurerNumber>06130017</InsurerNumber>\
    <InsuredCardSymbol>12-34</InsuredCardSymbol><InsuredIdentificationNumber>45</InsuredIdentificationNumber>\
    <InsuredBranchNumber>01</InsuredBranchNumber><PersonalFamilyClassification>1</PersonalFamilyClassification>\
    <InsuredName>試験　太郎</InsuredName><Name>試験　花子</Name><NameKana>シケン　ハナコ</NameKana>\
    <Sex1>2</Sex1><Birthdate>19800101</Birthdate><Address>東京都千代田区1-2-3</Address><PostNumber>100-0001</PostNumber>\
    <InsuredCertificateIssuanceDate>20230401</InsuredCertificateIssuanceDate><QualificationDate>20200401</QualificationDate>\
    <InsuredPartialContributionRatio>030</InsuredPartialContributionRatio><InsurerName>試験健保</InsurerName>\
    <Remarks1>備考</Remarks1></ResultOfQualificationConfirmation></ResultList></MessageBody></XmlMsg>";

/// File identifiers and time stamps: the documented exception (not about a person).
const MACHINE_VALUES: &[&str] = &["ProcessExecutionTime", "ArbitraryFileIdentifier"];

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The result with the number in each element's text (machine values aside), in an element onshi
/// does not model, and in an element's name.
fn xml_variants(w: &Written) -> Vec<String> {
    let mut variants = Vec::new();
    let mut at = 0;
    while let Some(open) = RESULT[at..].find('<').map(|i| at + i) {
        at = open + 1;
        let Some(close) = RESULT[open..].find('>').map(|i| open + i) else {
            break;
        };
        let name = &RESULT[open + 1..close];
        if name.starts_with(['/', '?']) || MACHINE_VALUES.contains(&name) {
            continue;
        }
        let end_tag = format!("</{name}>");
        let Some(end) = RESULT[close..].find(&end_tag).map(|i| close + i) else {
            continue;
        };
        if RESULT[close + 1..end].contains('<') {
            continue; // not a leaf
        }
        variants.push(format!(
            "{}{}{}",
            &RESULT[..close + 1],
            xml_escape(&w.text),
            &RESULT[end..]
        ));
    }
    variants.push(RESULT.replace(
        "<Remarks1>備考</Remarks1>",
        &format!("<Remarks9>{}</Remarks9>", xml_escape(&w.text)),
    ));
    let name = format!("N{}-{}·{}", &w.digits[..4], &w.digits[4..8], &w.digits[8..]);
    variants.push(RESULT.replace("<Remarks1>備考</Remarks1>", &format!("<{name}>x</{name}>")));
    variants
}

fn csv_cell(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// A CSV of `header` and rows, each cell quoted.
fn csv(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = header.join(",") + "\n";
    for row in rows {
        out += &row
            .iter()
            .map(|c| csv_cell(c))
            .collect::<Vec<_>>()
            .join(",");
        out += "\n";
    }
    out
}

/// Every file a command wrote into `dir`, hidden ones too.
fn written_files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_file())
                .map(|p| {
                    let bytes = std::fs::read(&p).unwrap();
                    (p, bytes)
                })
                .collect()
        })
        .unwrap_or_default()
}

/// A desk on loopback for the whole test, its address.
struct Desk {
    child: Child,
    addr: String,
}

impl Drop for Desk {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn desk() -> Desk {
    let mut child = Command::new(env!("CARGO_BIN_EXE_onshi"))
        .args(["desk", "--port", "0", "--quiet"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .trim()
        .strip_prefix("onshi desk: http://")
        .and_then(|a| a.strip_suffix('/'))
        .unwrap_or_else(|| panic!("{line}"))
        .to_owned();
    Desk { child, addr }
}

/// One HTTP request to the desk: the status and the whole response (head and body).
fn post(desk: &Desk, path: &str, content_type: &str, body: &[u8]) -> (u16, Vec<u8>) {
    let mut stream = TcpStream::connect(&desk.addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        desk.addr,
        body.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let status = String::from_utf8_lossy(&raw)
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, raw)
}

fn cases() -> u32 {
    std::env::var("ONSHI_DOORS_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(16)
}

fn work_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("onshi-doors-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, .. ProptestConfig::default() })]

    #[test]
    fn a_visit_refuses_it_in_every_field_on_the_command_line_and_at_the_desk(w in written()) {
        let desk = desk();
        for variant in json_variants(&visit(), &w) {
            let o = refused(&w, "decide", &["decide", "--visit", "-"], variant.as_bytes());
            prop_assert!(String::from_utf8_lossy(&o.stderr).contains("個人番号"), "{variant}");
            let (status, reply) = post(&desk, "/v1/decide", "application/json", variant.as_bytes());
            assert_clean(&w, "POST /v1/decide", &reply);
            prop_assert_eq!(status, 400, "{}", variant);
            let script = format!("{{\"visit\": {variant}, \"answers\": []}}");
            let (status, reply) = post(&desk, "/v1/script", "application/json", script.as_bytes());
            assert_clean(&w, "POST /v1/script", &reply);
            prop_assert_eq!(status, 400);
        }
        let verify = json!({"kind": "insurer", "value": w.text}).to_string();
        let (_, reply) = post(&desk, "/v1/numbers/verify", "application/json", verify.as_bytes());
        assert_clean(&w, "POST /v1/numbers/verify", &reply);
        let answers = format!("{{\"visit\": {}, \"answers\": [{{\"answer\": {}}}]}}", visit(), Value::from(w.text.as_str()));
        let (status, reply) = post(&desk, "/v1/script", "application/json", answers.as_bytes());
        assert_clean(&w, "POST /v1/script answers", &reply);
        prop_assert_eq!(status, 400);
    }

    #[test]
    fn a_result_file_refuses_or_withholds_it_in_every_element(w in written()) {
        let desk = desk();
        let dir = work_dir();
        let file = dir.join(format!("result-{}.xml", w.digits.len()));
        for (i, variant) in xml_variants(&w).into_iter().enumerate() {
            std::fs::write(&file, &variant).unwrap();
            let path = file.to_str().unwrap();
            let args: &[&str] = match i % 3 {
                0 => &["oqs", "show", path],
                1 => &["oqs", "show", path, "--json"],
                _ => &["oqs", "decide", path, "--json"],
            };
            let o = onshi(args, b"");
            assert_clean(&w, "oqs", &o.stdout);
            assert_clean(&w, "oqs", &o.stderr);
            let (_, reply) = post(&desk, "/v1/oqs/decide", "application/xml", variant.as_bytes());
            assert_clean(&w, "POST /v1/oqs/decide", &reply);
        }
        let _ = std::fs::remove_file(&file);
    }

    #[test]
    fn the_batch_files_refuse_it_in_every_cell(w in written()) {
        let dir = work_dir().join(format!("batch-{}", w.digits));
        let req = dir.join("req");
        std::fs::create_dir_all(&req).unwrap();
        let header = ["patient_id", "insurer", "symbol", "number", "branch", "birth_date", "visit_date"];
        let good: Vec<String> = ["P1", "06130017", "12", "45", "01", "1980-01-01", "2026-12-08"]
            .iter().map(|s| s.to_string()).collect();
        let other: Vec<String> = ["P2", "06130017", "12", "46", "01", "1980-01-01", "2026-12-08"]
            .iter().map(|s| s.to_string()).collect();
        for cell in 0..header.len() {
            let mut row = good.clone();
            row[cell] = w.text.clone();
            let reservations = dir.join("reservations.csv");
            std::fs::write(&reservations, csv(&header, &[row, other.clone()])).unwrap();
            refused(&w, "batch prepare", &["batch", "prepare", reservations.to_str().unwrap(),
                "--institution", "1311111111", "--out", req.to_str().unwrap(), "--encoding", "utf8",
                "--id", &format!("B{cell}")], b"");
            for (path, bytes) in written_files(&req) {
                assert_clean(&w, &path.display().to_string(), &bytes);
            }
        }
        let records_header = ["patient_id", "insurer", "symbol", "number", "branch", "relation",
            "copay_percent", "ceiling_category", "qualified_from", "lost_on", "name", "name_kana",
            "birth_date", "sex"];
        let record: Vec<String> = ["P1", "06130017", "12", "45", "01", "insured", "30", "A03",
            "2020-04-01", "", "試験　花子", "シケン　ハナコ", "1980-01-01", "female"]
            .iter().map(|s| s.to_string()).collect();
        let result = dir.join("result.xml");
        std::fs::write(&result, String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><XmlMsg><MessageHeader><CharacterCodeIdentifier>0</CharacterCodeIdentifier>\
             </MessageHeader><MessageBody><BulkConfirmUnit><QualificationConfirmSearchInfo><InsurerNumber>06130017</InsurerNumber>\
             <ArbitraryIdentifier>P1</ArbitraryIdentifier></QualificationConfirmSearchInfo><ProcessingResultStatus>1</ProcessingResultStatus>\
             <QualificationValidity>1</QualificationValidity><ResultOfQualificationConfirmation><InsurerNumber>06130017</InsurerNumber>\
             <InsuredIdentificationNumber>45</InsuredIdentificationNumber><Name>試験　花子</Name><Birthdate>19800101</Birthdate>\
             </ResultOfQualificationConfirmation></BulkConfirmUnit></MessageBody></XmlMsg>")).unwrap();
        for cell in 0..records_header.len() {
            let mut row = record.clone();
            row[cell] = w.text.clone();
            let records = dir.join("records.csv");
            std::fs::write(&records, csv(&records_header, &[row])).unwrap();
            for extra in [None, Some("--jsonl")] {
                let out = dir.join("out");
                let _ = std::fs::remove_dir_all(&out);
                std::fs::create_dir_all(&out).unwrap();
                let output = out.join("report.out");
                let mut args = vec!["batch", "report", result.to_str().unwrap(), "--records",
                    records.to_str().unwrap(), "--date", "2026-12-08", "--output", output.to_str().unwrap()];
                args.extend(extra);
                refused(&w, "batch report", &args, b"");
                for (path, bytes) in written_files(&out) {
                    assert_clean(&w, &path.display().to_string(), &bytes);
                }
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_rule_overlay_and_every_argument_refuse_it(w in written()) {
        let overlay = json!({"version": "local-1", "extends": "builtin", "reviewed": "2026-11-30", "rules": [
            {"id": "pin.max-tries", "title": {"ja": "暗証番号", "en": "PIN tries"}, "from": "2016-01-01",
             "source": "a notice", "params": {"tries": 3}}]});
        let dir = work_dir();
        let file = dir.join(format!("overlay-{}.json", w.digits));
        for variant in json_variants(&overlay, &w) {
            std::fs::write(&file, &variant).unwrap();
            refused(&w, "rules check", &["rules", "check", file.to_str().unwrap()], b"");
        }
        let _ = std::fs::remove_file(&file);
        let text = w.text.replace('\0', "");
        let t = text.as_str();
        for args in [
            vec!["ceiling", t, "--month", "2026-01-01"],
            vec!["number", "insurer", t],
            vec!["copay", "--birth", t, "--on", "2026-01-01"],
            vec!["rules", "show", "--on", t],
            vec!["demo", "--date", t],
            vec!["decide", "--visit", t],
            vec!["oqs", "show", t],
            vec!["batch", "prepare", "x.csv", "--institution", "1311111111", "--id", t],
        ] {
            refused(&w, "an argument", &args, b"");
        }
    }
}
