#![allow(
    clippy::disallowed_macros,
    reason = "a test says on standard error what it skipped"
)]
//! The `onshi` binary as a user runs it.

use std::path::PathBuf;
use std::process::{Command, Output};

fn onshi(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_onshi"))
        .args(args)
        .current_dir(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../.."))
        .output()
        .expect("the onshi binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `onshi batch prepare` on `dir`'s reservations.csv, writing into `dir`.
fn batch_prepare(dir: &std::path::Path, institution: &str, extra: &[&str]) -> Output {
    let csv = dir.join("reservations.csv").to_string_lossy().into_owned();
    let out = dir.to_string_lossy().into_owned();
    let mut args = vec![
        "batch",
        "prepare",
        &csv,
        "--institution",
        institution,
        "--out",
        &out,
    ];
    args.extend_from_slice(extra);
    onshi(&args)
}

#[test]
fn demo_walks_a_day_in_both_languages() {
    let ja = onshi(&["demo"]);
    assert!(ja.status.success(), "{}", stderr(&ja));
    let out = stdout(&ja);
    assert!(out.matches("── ").count() >= 12, "{out}");
    assert!(out.contains("被保険者資格申立書") && out.contains("根拠ルール"));
    let en = onshi(&["demo", "--lang", "en"]);
    assert!(stdout(&en).contains("Self-declaration"));
    let json = onshi(&["demo", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert!(v.as_array().unwrap().len() >= 12);
}

#[test]
fn vectors_end_with_the_count_line_and_fail_on_failure() {
    let o = onshi(&["vectors", "tests/vectors/reception.json"]);
    assert!(o.status.success(), "{}", stdout(&o));
    let last = stdout(&o).lines().last().unwrap().to_owned();
    assert!(last.ends_with(" passed, 0 failed"), "{last}");

    let dir = std::env::temp_dir().join(format!("onshi-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.json");
    std::fs::write(
        &bad,
        r#"{"suite": "reception", "cases": [{"id": "x", "source": "s", "input": {"at": "2025-12-01"}, "expect": {"coverage": "covered"}}]}"#,
    )
    .unwrap();
    let o = onshi(&["vectors", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("0 passed, 1 failed"));
    assert!(stdout(&o).contains("FAIL"));
}

#[test]
fn decide_reports_bad_input_with_the_field_and_exit_2() {
    let dir = std::env::temp_dir().join(format!("onshi-cli-decide-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let visit = dir.join("visit.json");
    std::fs::write(
        &visit,
        r#"{"at": "2026-01-15", "facility": {"reader": "laser"}}"#,
    )
    .unwrap();
    let o = onshi(&["decide", "--visit", visit.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("facility.reader"), "{}", stderr(&o));

    std::fs::write(
        &visit,
        r#"{"at": "2025-12-01", "presented": {"legacy_card": {}}}"#,
    )
    .unwrap();
    let o = onshi(&["decide", "--visit", visit.to_str().unwrap(), "--json"]);
    assert!(o.status.success());
    let d: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(d["route"], "legacy_card");

    let o = onshi(&["decide", "--visit", "/nonexistent/visit.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cannot be opened"), "{}", stderr(&o));
}

#[test]
fn rules_show_and_check() {
    let o = onshi(&["rules", "show", "--on", "2026-08-01"]);
    assert!(o.status.success());
    let out = stdout(&o);
    assert!(out.contains("certificate.grace-period"));
    assert!(
        !out.contains("fallback.query-by-number"),
        "ended 2026-07-31"
    );

    let dir = std::env::temp_dir().join(format!("onshi-cli-rules-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("overlay.json");
    std::fs::write(&file, r#"{"version": "v", "extends": "builtin", "rules": [{"id": "nope", "title": {"ja": "a", "en": "a"}, "from": "2025-01-01", "source": "s"}]}"#).unwrap();
    let o = onshi(&["rules", "check", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unknown rule id `nope`"));

    let o = onshi(&["rules", "check", "crates/onshi/rules/default.json"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn cert_check_verifies_against_a_roots_folder() {
    let dir = std::env::temp_dir().join(format!("onshi-cli-cert-{}", std::process::id()));
    let roots = dir.join("roots");
    std::fs::create_dir_all(&roots).unwrap();
    std::fs::write(
        roots.join("auth-root.pem"),
        onshi_testkit::user_auth_root().pem(),
    )
    .unwrap();
    let card = dir.join("card.der");
    std::fs::write(&card, onshi_testkit::leaf("2026-02-10T14:59:59Z")).unwrap();
    let (card, roots) = (card.to_str().unwrap(), roots.to_str().unwrap());

    let o = onshi(&[
        "cert",
        "check",
        card,
        "--roots",
        roots,
        "--at",
        "2026-05-31T12:00:00+09:00",
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["check"]["status"]["status"], "in_grace");
    assert_eq!(v["check"]["status"]["grace_until"], "2026-05-31");
    assert_eq!(v["insurance_use"], true);
    assert_eq!(v["other_functions"], false);

    let o = onshi(&[
        "cert",
        "check",
        card,
        "--roots",
        roots,
        "--at",
        "2026-06-01",
        "--lang",
        "en",
    ]);
    assert!(
        stdout(&o).contains("grace period ended on 2026-05-31"),
        "{}",
        stdout(&o)
    );
    assert!(stdout(&o).contains("Revocation not checked"));

    // Without the right root the card is refused, with the reason and exit code 2.
    let empty = dir.join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let o = onshi(&["cert", "check", card, "--roots", empty.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("no root certificates"),
        "{}",
        stderr(&o)
    );

    let shared = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/jpki-roots");
    if shared.is_dir() {
        let o = onshi(&[
            "cert",
            "check",
            card,
            "--roots",
            shared.to_str().unwrap(),
            "--at",
            "2026-01-01",
        ]);
        assert_eq!(o.status.code(), Some(2));
        assert!(
            stderr(&o).contains("no trust anchor issued this certificate"),
            "{}",
            stderr(&o)
        );
    } else {
        eprintln!(
            "skipped the real-roots half: {} is absent",
            shared.display()
        );
    }
}

fn onshi_stdin(args: &[&str], stdin: &str) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_onshi"))
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn card_commands_on_the_simulated_card() {
    let o = onshi(&[
        "card",
        "status",
        "--simulated",
        "--sim-tries",
        "2",
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["pin"]["tries"], 2);
    assert_eq!(v["token"]["token"], "plastic_card");

    // A wrong PIN: exit 1, the counter shown, the PIN never echoed.
    let o = onshi_stdin(&["card", "verify-pin", "--simulated", "--json"], "9753\n");
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains(r#""tries":2"#), "{}", stdout(&o));
    assert!(!stdout(&o).contains("9753") && !stderr(&o).contains("9753"));

    // The last try is guarded: nothing sent without --confirm-last-try.
    let o = onshi_stdin(
        &["card", "verify-pin", "--simulated", "--sim-tries", "1"],
        "1234\n",
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("nothing was sent"), "{}", stderr(&o));
    let o = onshi_stdin(
        &[
            "card",
            "verify-pin",
            "--simulated",
            "--sim-tries",
            "1",
            "--confirm-last-try",
        ],
        "1234\n",
    );
    assert!(o.status.success(), "{}", stderr(&o));

    // A malformed PIN is refused without echo.
    let o = onshi_stdin(&["card", "verify-pin", "--simulated"], "12x4\n");
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("exactly 4 digits") && !stderr(&o).contains("12x4"));

    // Reading the certificate: DER to a file, PEM to stdout; Android needs the PIN first.
    let dir = std::env::temp_dir().join(format!("onshi-cli-card-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cert = dir.join("card.der");
    std::fs::write(&cert, onshi_testkit::leaf("2030-02-17T14:59:59Z")).unwrap();
    let out = dir.join("read.der");
    let o = onshi(&[
        "card",
        "read-cert",
        "--simulated",
        "--sim-cert",
        cert.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(&cert).unwrap());
    let o = onshi(&[
        "card",
        "read-cert",
        "--simulated",
        "--sim-cert",
        cert.to_str().unwrap(),
        "--sim-token",
        "android",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--pin-stdin"), "{}", stderr(&o));
    let o = onshi_stdin(
        &[
            "card",
            "read-cert",
            "--simulated",
            "--sim-cert",
            cert.to_str().unwrap(),
            "--sim-token",
            "android",
            "--pin-stdin",
        ],
        "1234\n",
    );
    assert!(
        stdout(&o).starts_with("-----BEGIN CERTIFICATE-----"),
        "{}",
        stderr(&o)
    );

    // Removed mid-read.
    let o = onshi(&[
        "card",
        "read-cert",
        "--simulated",
        "--sim-cert",
        cert.to_str().unwrap(),
        "--sim-remove-after",
        "4",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("removed"), "{}", stderr(&o));
}

#[test]
fn oqs_show_and_decide() {
    let fixture = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../onshi-oqs/tests/fixtures");
    let sjis = fixture.join("face-sjis-late-elderly.xml");
    let o = onshi(&["oqs", "decide", sjis.to_str().unwrap(), "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let d: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(d["route"], "myna_online");
    assert_eq!(d["copay"]["percent"], 10);
    assert_eq!(d["ceiling"]["category"], "一般Ⅰ");
    assert_eq!(d["date"], "2026-03-02");

    let invalid = fixture.join("result-invalid-new-insurer.xml");
    let o = onshi(&["oqs", "decide", invalid.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--at"), "{}", stderr(&o));
    let o = onshi(&[
        "oqs",
        "decide",
        invalid.to_str().unwrap(),
        "--at",
        "2026-01-15",
        "--document",
        "notice",
        "--json",
    ]);
    let d: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(d["route"], "self_declaration");
    assert_eq!(d["failure"], "a");

    let o = onshi(&[
        "oqs",
        "show",
        fixture
            .join("declared-sjis-identifier-utf8.xml")
            .to_str()
            .unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("CharacterCodeIdentifier"));

    let o = onshi(&["vectors", "tests/vectors/oqs-results.json"]);
    assert!(o.status.success(), "{}", stdout(&o));
}

#[test]
fn oqs_watch_decides_new_face_files_and_leaves_them_in_place() {
    let dir = std::env::temp_dir().join(format!("onshi-cli-watch-{}", std::process::id()));
    let face = dir.join("face");
    std::fs::create_dir_all(&face).unwrap();
    let fixture = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../onshi-oqs/tests/fixtures/face-sjis-late-elderly.xml");
    // A file present before the watch starts is not decided (unless --all).
    std::fs::copy(
        &fixture,
        face.join("OQSsiquc01res_face_OLD_20260302090000.xml"),
    )
    .unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_onshi"))
        .args([
            "oqs",
            "watch",
            dir.to_str().unwrap(),
            "--json",
            "--exit-after",
            "1",
            "--timeout",
            "20",
            "--poll-ms",
            "100",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(600));
    let new = face.join("OQSsiquc01res_face_NEW_20260302093000.xml");
    std::fs::copy(&fixture, &new).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1, "{text}");
    let v: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(v["file"], "OQSsiquc01res_face_NEW_20260302093000.xml");
    assert_eq!(v["decision"]["route"], "myna_online");
    assert!(
        new.exists()
            && face
                .join("OQSsiquc01res_face_OLD_20260302090000.xml")
                .exists()
    );
}

#[test]
fn oqs_batch_counts_units() {
    let dir = std::env::temp_dir().join(format!("onshi-cli-batch-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("OQSmuquc02res_0001.xml");
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><XmlMsg><MessageHeader><CharacterCodeIdentifier>0</CharacterCodeIdentifier>\
         <NumberOfProcessingResult>4</NumberOfProcessingResult></MessageHeader><MessageBody>",
    );
    for v in ["1", "1", "2", "4"] {
        xml.push_str(&format!(
            "<BulkConfirmUnit><ProcessingResultStatus>1</ProcessingResultStatus><QualificationValidity>{v}</QualificationValidity></BulkConfirmUnit>"
        ));
    }
    xml.push_str("</MessageBody></XmlMsg>");
    std::fs::write(&file, xml).unwrap();
    let o = onshi(&["oqs", "batch", file.to_str().unwrap(), "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let s: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(
        (
            s["units"].as_u64(),
            s["valid"].as_u64(),
            s["invalid"].as_u64(),
            s["not_found"].as_u64()
        ),
        (Some(4), Some(2), Some(1), Some(1))
    );
    let o = onshi(&["oqs", "batch", file.to_str().unwrap(), "--units"]);
    assert_eq!(stdout(&o).lines().count(), 4);
    assert!(stderr(&o).contains("4 units: 2 valid"), "{}", stderr(&o));
}

#[test]
fn rules_audit_passes_on_the_builtin_table_and_fails_on_a_gap() {
    let ok = onshi(&["rules", "audit", "--on", "2026-11-30"]);
    assert_eq!(ok.status.code(), Some(0), "{}", stdout(&ok));
    assert!(stdout(&ok).contains("no gap"));

    // The table as it stood before the 2026-08 ceilings were added.
    let mut table: serde_json::Value =
        serde_json::from_str(onshi::policy::BUILTIN_RULES_JSON).unwrap();
    table["rules"]
        .as_array_mut()
        .unwrap()
        .retain(|r| !(r["id"] == "ceiling.monthly-limits" && r["from"] == "2026-08-01"));
    let dir = std::env::temp_dir().join(format!("onshi-cli-audit-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let old = dir.join("old.json");
    std::fs::write(&old, table.to_string()).unwrap();
    let gap = onshi(&[
        "rules",
        "audit",
        "--on",
        "2026-11-30",
        "--rules",
        old.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(gap.status.code(), Some(1), "{}", stderr(&gap));
    let v: serde_json::Value = serde_json::from_str(&stdout(&gap)).unwrap();
    assert_eq!(v["gap"], true);
    assert!(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["kind"] == "gap"
                && f["id"] == "ceiling.monthly-limits"
                && f["ended"] == "2026-07-31"
                && f["text"]["en"].as_str().unwrap().contains("overlay"))
    );

    // Planned rows close the 2027-08 ceiling gap only when asked for.
    let later = onshi(&["rules", "audit", "--on", "2027-08-01", "--json"]);
    let planned = onshi(&[
        "rules",
        "audit",
        "--on",
        "2027-08-01",
        "--planned",
        "--json",
    ]);
    let gaps = |o: &Output| -> Vec<String> {
        let v: serde_json::Value = serde_json::from_str(&stdout(o)).unwrap();
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["kind"] == "gap")
            .map(|f| f["id"].as_str().unwrap().to_owned())
            .collect()
    };
    assert!(gaps(&later).contains(&"ceiling.monthly-limits".to_owned()));
    assert!(!gaps(&planned).contains(&"ceiling.monthly-limits".to_owned()));
}

/// A copay row (the built-in parameters, general percent `general`) from `from` until `until`.
fn copay_overlay(from: &str, until: &str, general: u32) -> String {
    format!(
        r#"{{"version": "local-1", "extends": "builtin", "rules": [{{"id": "copay.by-age",
          "title": {{"ja": "仮", "en": "hypothetical"}}, "from": "{from}", "until": "{until}",
          "source": "hypothetical notice", "params": {{"preschool_age": 6, "elderly_age": 70,
          "late_elderly_age": 75, "preschool_percent": 20, "general_percent": {general},
          "elderly_percent": 20, "elderly_high_income_percent": 30}}}}]}}"#
    )
}

// Reproduction (issue 30, point 8): a narrow overlay row removed the built-in copay row whole, so
// `copay` failed on 2026-05-31 while `rules audit` said "no gap".
#[test]
fn a_narrow_copay_overlay_keeps_the_builtin_row_on_the_other_days() {
    let dir = std::env::temp_dir().join(format!("onshi-cli-overlay-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("overlay.json");
    std::fs::write(&file, copay_overlay("2026-12-01", "2027-01-31", 20)).unwrap();
    let overlay = file.to_str().unwrap();

    let audit = onshi(&["rules", "audit", "--on", "2026-05-31", "--rules", overlay]);
    assert_eq!(audit.status.code(), Some(0), "{}", stdout(&audit));
    assert!(stdout(&audit).contains("no gap"));
    let check = onshi(&["rules", "check", overlay]);
    assert!(check.status.success(), "{}", stderr(&check));

    let copay = |on: &str| {
        let o = onshi(&[
            "copay",
            "--birth",
            "1980-01-01",
            "--on",
            on,
            "--rules",
            overlay,
            "--json",
        ]);
        assert!(o.status.success(), "{on}: {}", stderr(&o));
        let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        v["percent"].clone()
    };
    assert_eq!(copay("2026-05-31"), 30);
    assert_eq!(copay("2026-12-15"), 20);
    assert_eq!(copay("2027-02-01"), 30);

    let visit = dir.join("visit.json");
    std::fs::write(
        &visit,
        r#"{"at": "2026-05-31", "patient": {"birth_date": "1980-01-01"},
            "presented": {"myna_card": {"registration": "registered",
              "identity": {"method": "face", "outcome": "confirmed"}}},
            "online": {"status": "valid"}}"#,
    )
    .unwrap();
    let decided = onshi(&[
        "decide",
        "--visit",
        visit.to_str().unwrap(),
        "--rules",
        overlay,
        "--json",
    ]);
    assert!(decided.status.success(), "{}", stderr(&decided));
    let d: serde_json::Value = serde_json::from_str(&stdout(&decided)).unwrap();
    assert_eq!(d["copay"]["percent"], 30, "{d}");
}

// A table with a hole in a rule needed every day: every load refuses it (exit 2, the rule and the
// days named), and the audit lists the hole whatever the day audited (exit 1).
#[test]
fn a_hole_before_the_horizon_is_refused_on_load_and_listed_by_the_audit() {
    let mut table: serde_json::Value =
        serde_json::from_str(onshi::policy::BUILTIN_RULES_JSON).unwrap();
    let rows = table["rules"].as_array_mut().unwrap();
    let i = rows.iter().position(|r| r["id"] == "copay.by-age").unwrap();
    let mut next = rows[i].clone();
    rows[i]["until"] = "2026-05-30".into();
    next["from"] = "2026-06-01".into();
    rows.push(next);
    let dir = std::env::temp_dir().join(format!("onshi-cli-hole-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("hole.json");
    std::fs::write(&file, table.to_string()).unwrap();
    let hole = file.to_str().unwrap();

    let check = onshi(&["rules", "check", hole]);
    assert_eq!(check.status.code(), Some(2));
    let said = stderr(&check);
    assert!(
        said.contains("copay.by-age") && said.contains("from 2026-05-31 until 2026-05-31"),
        "{said}"
    );
    let copay = onshi(&[
        "copay",
        "--birth",
        "1980-01-01",
        "--on",
        "2026-05-31",
        "--rules",
        hole,
    ]);
    assert_eq!(copay.status.code(), Some(2), "{}", stdout(&copay));

    let audit = onshi(&[
        "rules",
        "audit",
        "--on",
        "2026-01-01",
        "--rules",
        hole,
        "--json",
    ]);
    assert_eq!(audit.status.code(), Some(1), "{}", stderr(&audit));
    let v: serde_json::Value = serde_json::from_str(&stdout(&audit)).unwrap();
    assert_eq!(
        (v["gap"].clone(), v["horizon"].clone()),
        (true.into(), "2027-06-07".into())
    );
    assert!(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["kind"] == "gap"
                && f["id"] == "copay.by-age"
                && f["first"] == "2026-05-31"
                && f["last"] == "2026-05-31"),
        "{v}"
    );
}

// Reproductions (issue 30, point 8): values no notice could set were accepted by `rules check`.
#[test]
fn rules_check_refuses_values_out_of_bounds_naming_the_field() {
    let dir = std::env::temp_dir().join(format!("onshi-cli-bounds-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let check = |name: &str, text: &str| {
        let file = dir.join(name);
        std::fs::write(&file, text).unwrap();
        let o = onshi(&["rules", "check", file.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2), "{name}: {}", stdout(&o));
        stderr(&o)
    };
    let said = check(
        "percent.json",
        &copay_overlay("2026-12-01", "2027-01-31", 200),
    );
    assert!(
        said.contains("`general_percent` is 200; it must be 0–100"),
        "{said}"
    );
    let said = check(
        "preschool.json",
        &copay_overlay("2026-12-01", "2027-01-31", 30)
            .replace(r#""preschool_age": 6"#, r#""preschool_age": 90"#),
    );
    assert!(
        said.contains("`preschool_age` (90) must be below `elderly_age` (70)"),
        "{said}"
    );
    let ceilings = |categories: &str| {
        format!(
            r#"{{"version": "local-1", "extends": "builtin", "rules": [{{"id": "ceiling.monthly-limits",
              "title": {{"ja": "a", "en": "a"}}, "from": "2026-08-01", "until": "2027-07-31", "source": "s",
              "params": {{"categories": [{categories}]}}}}]}}"#
        )
    };
    let said = check(
        "max.json",
        &ceilings(r#"{"labels": ["ウ"], "codes": ["A03"], "base": 18446744073709551615}"#),
    );
    assert!(
        said.contains("categories[0].base") && said.contains("10000000"),
        "{said}"
    );
    let said = check("empty.json", &ceilings(""));
    assert!(said.contains("`categories` is empty"), "{said}");
    let said = check(
        "twice.json",
        &ceilings(
            r#"{"labels": ["ウ"], "codes": ["A03"], "base": 80100}, {"labels": ["ウ"], "codes": ["A04"], "base": 57600}"#,
        ),
    );
    assert!(said.contains("`ウ` twice"), "{said}");
    let said = check(
        "reviewed.json",
        r#"{"version": "local-1", "extends": "builtin", "reviewed": "2999-01-01", "rules": []}"#,
    );
    assert!(said.contains("`reviewed` is 2999-01-01"), "{said}");
}

#[test]
fn rules_show_marks_planned_and_reported_rows() {
    let o = onshi(&["rules", "show", "--on", "2027-08-01", "--lang", "en"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("(reviewed 2026-12-07)"), "{out}");
    assert!(
        out.lines()
            .any(|l| l.starts_with("ceiling.monthly-limits") && l.contains("[planned]")),
        "{out}"
    );
}

#[test]
fn ceiling_gives_the_limit_formula_and_rule() {
    let o = onshi(&[
        "ceiling",
        "ウ",
        "--month",
        "2026-11-01",
        "--cost",
        "1000000",
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["limit"], 92_940);
    assert_eq!(v["rule"], "ceiling.monthly-limits");
    assert_eq!(v["annual_cap"], 530_000);
    assert!(v["formula"].as_str().unwrap().contains("286,000"));

    let text = onshi(&[
        "ceiling",
        "A03",
        "--month",
        "2026-07-01",
        "--cost",
        "1000000",
    ]);
    assert!(stdout(&text).starts_with("87430 yen"), "{}", stdout(&text));

    // The 2027-08 bands are a preview: no table unless --planned.
    let none = onshi(&["ceiling", "28万〜34万円", "--month", "2027-08-01", "--json"]);
    assert_eq!(none.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stdout(&none)).unwrap();
    assert_eq!(v["error"], "no_table");
    let planned = onshi(&[
        "ceiling",
        "28万〜34万円",
        "--month",
        "2027-08-01",
        "--cost",
        "1000000",
        "--planned",
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&planned)).unwrap();
    assert_eq!(v["limit"], 92_940);

    let bad = onshi(&["ceiling", "ウ", "--month", "2026-13-01"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("--month"), "{}", stderr(&bad));
}

#[test]
fn every_planned_2027_08_band_answers_and_says_what_its_source_does_not_state() {
    // Each band with its monthly limit at a cost below its threshold (MHLW 001726232 pp. 4–6).
    let bands = [
        ("127万円以上", 342_000),
        ("103万〜121万円", 303_000),
        ("83万〜98万円", 270_300),
        ("71万〜79万円", 209_400),
        ("62万〜68万円", 194_400),
        ("53万〜59万円", 179_100),
        ("44万〜50万円", 110_400),
        ("36万〜41万円", 98_100),
        ("28万〜34万円", 85_800),
        ("20万〜26万円", 69_600),
        ("16万〜19万円", 65_400),
        ("15万円以下", 61_500),
        ("現役並みⅢ（127万円以上）", 342_000),
        ("現役並みⅢ（103万〜121万円）", 303_000),
        ("現役並みⅢ（83万〜98万円）", 270_300),
        ("現役並みⅡ（71万〜79万円）", 209_400),
        ("現役並みⅡ（62万〜68万円）", 194_400),
        ("現役並みⅡ（53万〜59万円）", 179_100),
        ("現役並みⅠ（44万〜50万円）", 110_400),
        ("現役並みⅠ（36万〜41万円）", 98_100),
        ("現役並みⅠ（28万〜34万円）", 85_800),
        ("一般（20万〜26万円）", 69_600),
        ("一般（16万〜19万円）", 65_400),
        ("一般（15万円以下）", 61_500),
    ];
    for (band, limit) in bands {
        let o = onshi(&[
            "ceiling",
            band,
            "--month",
            "2027-08-01",
            "--planned",
            "--json",
        ]);
        assert!(o.status.success(), "{band}: {}", stdout(&o));
        let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        assert_eq!(v["limit"], limit, "{band}");
        assert_eq!(v["rule"], "ceiling.monthly-limits", "{band}");
        assert!(
            v["not_stated"]
                .as_array()
                .unwrap()
                .contains(&"codes".into()),
            "{band}: the OQS codes of a new band are not known"
        );
    }

    // 住民税非課税 is no new band: its OQS code still finds it.
    let exempt = onshi(&[
        "ceiling",
        "A05",
        "--month",
        "2027-08-01",
        "--planned",
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&exempt)).unwrap();
    assert_eq!(v["limit"], 36_900);

    // The 70+ 一般 外来 limits by 年収 (about 200–370万 and 200万 or less).
    let outpatient = |band: &str| {
        let o = onshi(&[
            "ceiling",
            band,
            "--month",
            "2027-08-01",
            "--outpatient",
            "--planned",
            "--json",
        ]);
        serde_json::from_str::<serde_json::Value>(&stdout(&o)).unwrap()
    };
    assert_eq!(outpatient("一般（20万〜26万円）")["limit"], 28_000);
    assert_eq!(outpatient("一般（15万円以下）")["limit"], 22_000);
    assert_eq!(
        outpatient("一般（15万円以下）")["outpatient_annual_cap"],
        216_000
    );
    assert_eq!(outpatient("低所得Ⅱ")["limit"], 13_000);

    // A figure the source does not give is refused, and the text output names what is missing.
    let many = onshi(&[
        "ceiling",
        "現役並みⅢ（83万〜98万円）",
        "--month",
        "2027-08-01",
        "--many-times",
        "--planned",
        "--json",
    ]);
    assert_eq!(many.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stdout(&many)).unwrap();
    assert_eq!(v["error"], "not_stated");
    assert!(v["message"].as_str().unwrap().contains("many_times"));
    let text = onshi(&[
        "ceiling",
        "28万〜34万円",
        "--month",
        "2027-08-01",
        "--planned",
    ]);
    assert!(
        stdout(&text)
            .contains("not stated in the table's source (unknown, not absent): many_times, codes"),
        "{}",
        stdout(&text)
    );
}

#[test]
fn rules_audit_warns_of_the_2027_07_31_cliff_without_failing() {
    let o = onshi(&["rules", "audit", "--on", "2027-04-15", "--lang", "en"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let line = stdout(&o)
        .lines()
        .find(|l| l.starts_with("cliff"))
        .map(str::to_owned)
        .unwrap_or_default();
    assert!(
        line.contains("ceiling.monthly-limits")
            && line.contains("2027-07-31")
            && line.contains("only a planned row follows"),
        "{}",
        stdout(&o)
    );
    let json = onshi(&["rules", "audit", "--on", "2027-04-15", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(v["gap"], false);
    let cliff = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["kind"] == "cliff")
        .expect("a cliff finding");
    assert_eq!(cliff["id"], "ceiling.monthly-limits");
    assert_eq!(cliff["until"], "2027-07-31");
    assert_eq!(cliff["planned_from"], "2027-08-01");
    assert!(cliff["text"]["ja"].as_str().unwrap().contains("予定行"));
}

#[test]
fn copay_gives_the_usual_ratio_by_age() {
    let o = onshi(&[
        "copay",
        "--birth",
        "1955-01-01",
        "--on",
        "2026-11-30",
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        (v["percent"].clone(), v["age_band"].clone()),
        (20.into(), "elderly".into())
    );
    let high = onshi(&[
        "copay",
        "--birth",
        "1955-01-01",
        "--on",
        "2026-11-30",
        "--high-income",
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&high)).unwrap();
    assert_eq!(v["percent"], 30);
    let late = onshi(&[
        "copay",
        "--birth",
        "1940-01-01",
        "--on",
        "2026-11-30",
        "--lang",
        "en",
    ]);
    assert!(stdout(&late).contains("後期高齢者"), "{}", stdout(&late));
    let bad = onshi(&["copay", "--birth", "2027-01-01", "--on", "2026-11-30"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("--birth"));
}

#[test]
fn facility_reports_obligation_addition_and_notices() {
    let dir = std::env::temp_dir().join(format!("onshi-cli-facility-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("facility.json");
    std::fs::write(
        &f,
        r#"{"date": "2026-12-01",
            "practitioner": {"kind": "judo_therapy", "practitioners": [{"birth_date": "1980-01-01"}]},
            "cooperation": {"online_installed": true, "start_date": "2025-05-20", "spoke_to_patients": true},
            "device_cost": 50000,
            "medical": {"online_installed": true, "myna_usage_percent": 29.5}}"#,
    )
    .unwrap();
    let o = onshi(&["facility", f.to_str().unwrap(), "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["obligation"]["obligation"], "required");
    assert_eq!(v["cooperation"]["missing"][0], "flyers_or_posters");
    assert_eq!(v["dx_addition"]["missing"][0], "usage_rate");
    let notices: Vec<&str> = v["notices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    assert!(notices.contains(&"facility.delegation-withdrawal"));
    // The same facility a month earlier: the withdrawal is not yet in the table.
    let before = onshi(&[
        "facility",
        f.to_str().unwrap(),
        "--on",
        "2026-11-30",
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&before)).unwrap();
    assert!(!v["notices"].to_string().contains("delegation-withdrawal"));

    std::fs::write(&f, r#"{"practitioner": {"kind": "laser"}}"#).unwrap();
    let bad = onshi(&["facility", f.to_str().unwrap(), "--on", "2026-11-30"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("laser"), "{}", stderr(&bad));
}

#[test]
fn bad_input_exits_2_in_every_command_and_never_echoes_a_my_number() {
    let ok = onshi(&["number", "insurer", "06130017"]);
    assert_eq!(ok.status.code(), Some(0), "{}", stdout(&ok));
    let bad = onshi(&["number", "institution", "2714206383"]);
    assert_eq!(bad.status.code(), Some(2), "{}", stdout(&bad));
    assert!(stdout(&bad).contains("check digit"));
    let json = onshi(&["number", "insurer", "0613001", "--json"]);
    assert_eq!(json.status.code(), Some(2));
    let mine = onshi(&["number", "insurer", "9832\t0567\u{2212}3214"]);
    assert_eq!(mine.status.code(), Some(2));
    let all = format!("{}{}", stdout(&mine), stderr(&mine));
    assert!(all.contains("個人番号") && !all.contains("0567"), "{all}");

    // Two visits, or a visit followed by garbage: refused, not decided on the first.
    let dir = std::env::temp_dir().join(format!("onshi-cli-trailing-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let two = dir.join("two.json");
    std::fs::write(&two, r#"{"at": "2026-01-15"} {"at": "2026-01-16"}"#).unwrap();
    let o = onshi(&["decide", "--visit", two.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("after the JSON document"),
        "{}",
        stderr(&o)
    );
    // A My Number given as a JSON number is refused without being printed.
    let num = dir.join("num.json");
    std::fs::write(
        &num,
        r#"{"at": "2026-01-15", "presented": {"legacy_card": {"insured": {"number": 983205673214}}}}"#,
    )
    .unwrap();
    let o = onshi(&["decide", "--visit", num.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("個人番号") && !stderr(&o).contains("983205673214"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn oqs_show_escapes_control_characters_and_hides_a_my_number() {
    let dir = std::env::temp_dir().join(format!("onshi-cli-escape-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("esc.xml");
    std::fs::write(
        &file,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><XmlMsg><MessageHeader><CharacterCodeIdentifier>0</CharacterCodeIdentifier>\
         <SegmentOfResult>1</SegmentOfResult></MessageHeader><MessageBody><ProcessingResultStatus>1</ProcessingResultStatus>\
         <ProcessingResultMessage>ok\u{1b}[2J\u{202E}gnp</ProcessingResultMessage><QualificationValidity>1</QualificationValidity>\
         <ResultList><ResultOfQualificationConfirmation><InsurerNumber>06130017</InsurerNumber>\
         <InsuredCardSymbol>12</InsuredCardSymbol></ResultOfQualificationConfirmation></ResultList></MessageBody></XmlMsg>",
    )
    .unwrap();
    let o = onshi(&["oqs", "show", file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        !out.contains('\u{1b}') && !out.contains('\u{202E}'),
        "{out:?}"
    );
    assert!(out.contains("\\u{1b}[2J"), "{out}");
    // A person's field holding a 個人番号: the file is refused, the number never printed.
    let text = std::fs::read_to_string(&file).unwrap().replace(
        "<InsuredCardSymbol>12<",
        "<InsuredCardSymbol>9832-0567-3214<",
    );
    std::fs::write(&file, text).unwrap();
    let path = file.to_str().unwrap();
    for args in [
        vec!["oqs", "show", path],
        vec!["oqs", "show", path, "--json"],
        vec!["oqs", "decide", path],
    ] {
        let o = onshi(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let all = format!("{}{}", stdout(&o), stderr(&o));
        assert!(all.contains("個人番号") && !all.contains("0567"), "{all}");
    }
}

#[cfg(unix)]
#[test]
fn inputs_are_read_up_to_their_limit_never_whole() {
    // A device that never ends is not read at all; a sparse file of 64 MiB is refused by its size.
    for args in [
        vec!["decide", "--visit", "/dev/zero"],
        vec!["rules", "check", "/dev/zero"],
        vec!["oqs", "show", "/dev/zero"],
    ] {
        let o = onshi(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("not a regular file"),
            "{args:?}: {}",
            stderr(&o)
        );
    }
    let dir = std::env::temp_dir().join(format!("onshi-cli-limits-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let big = dir.join("big.json");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(64 << 20)
        .unwrap();
    let o = onshi(&["decide", "--visit", big.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("67108864 bytes; at most 1048576"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn demo_captions_follow_the_date_run() {
    // On 2026-06-01 patient B's certificate (valid until 2026-04-20) has expired: no caption may
    // say it is about to expire, and ages are those of the day run.
    let o = onshi(&["demo", "--date", "2026-06-01", "--lang", "en"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(!out.contains("about to expire"), "{out}");
    let b = out
        .split("── ")
        .find(|block| block.contains("Patient B"))
        .unwrap();
    assert!(b.contains("Patient B (68)"), "{b}");
    assert!(b.contains("expired on 2026-04-20"), "{b}");
    let later = onshi(&["demo", "--date", "2030-06-01", "--lang", "en"]);
    assert!(stdout(&later).contains("Patient B (72)"));
}

#[test]
fn oqs_show_warns_of_a_number_failing_its_check_digit() {
    let dir = std::env::temp_dir().join(format!("onshi-cli-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("res.xml");
    let xml = |insurer: &str| {
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><XmlMsg><MessageHeader><CharacterCodeIdentifier>0</CharacterCodeIdentifier>\
             <SegmentOfResult>1</SegmentOfResult></MessageHeader><MessageBody><ProcessingResultStatus>1</ProcessingResultStatus>\
             <QualificationValidity>1</QualificationValidity><ResultList><ResultOfQualificationConfirmation>\
             <InsurerNumber>{insurer}</InsurerNumber></ResultOfQualificationConfirmation></ResultList></MessageBody></XmlMsg>"
        )
    };
    std::fs::write(&file, xml("06130018")).unwrap();
    let o = onshi(&["oqs", "show", file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("warning: 保険者番号") && stdout(&o).contains("check digit"),
        "{}",
        stdout(&o)
    );
    std::fs::write(&file, xml("06130017")).unwrap();
    let o = onshi(&["oqs", "show", file.to_str().unwrap()]);
    assert!(!stdout(&o).contains("warning"), "{}", stdout(&o));
}

#[test]
fn output_piped_into_a_reader_that_stops_early_ends_quietly() {
    // `onshi demo | head -1`: the reader is gone before the first line is written; the command
    // ends without a panic message or a backtrace.
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_onshi"))
        .arg("demo")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn the_pre_visit_batch_prepares_the_request_and_reports_each_answer_against_the_record() {
    let dir = std::env::temp_dir().join(format!("onshi-batch-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = |name: &str| dir.join(name).to_string_lossy().into_owned();
    // Reservations in Shift_JIS: two good rows (one birth date in 和暦), a 個人番号 and a bad date.
    let reservations = "patient_id,insurer,symbol,number,branch,birth_date,visit_date\r\n\
        P001,06130017,12-34,45,00,1980-01-01,2026-12-01\r\n\
        P002,39131016,,7,,昭和20年1月1日,2026-12-01\r\n\
        P003,06130017,,9832 0567 3214,,1980-01-01,2026-12-01\r\n\
        P004,06130017,,46,,平成32年1月1日,2026-12-01\r\n";
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(reservations);
    std::fs::write(path("reservations.csv"), &sjis).unwrap();
    let o = batch_prepare(&dir, "1311111111", &["--encoding", "utf8"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("reservations.csv:4:") && err.contains("reservations.csv:5:"),
        "{err}"
    );
    assert!(!err.contains("0567"), "a 個人番号 is never shown: {err}");
    let request = std::fs::read_to_string(dir.join("OQSmuquc01req_B20261201.xml")).unwrap();
    // A bad institution code is the request's problem, said once, not once per row.
    let o = batch_prepare(&dir, "12", &[]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o).matches("medical_institution_code").count(),
        1,
        "{}",
        stderr(&o)
    );
    assert_eq!(
        request.matches("<QualificationConfirmSearchInfo>").count(),
        2
    );
    assert!(request.contains("<Birthdate>19450101</Birthdate>") && request.contains("P002"));

    // The answers: P001 unchanged, P002 now 2割 (the record says 1割), an unknown patient.
    let unit = |id: &str, insurer: &str, body: &str| {
        format!(
            "<BulkConfirmUnit><QualificationConfirmSearchInfo><InsurerNumber>{insurer}</InsurerNumber>\
             <ArbitraryIdentifier>{id}</ArbitraryIdentifier></QualificationConfirmSearchInfo>\
             <ProcessingResultStatus>1</ProcessingResultStatus><QualificationValidity>1</QualificationValidity>\
             <ResultOfQualificationConfirmation><InsurerNumber>{insurer}</InsurerNumber>{body}\
             </ResultOfQualificationConfirmation></BulkConfirmUnit>"
        )
    };
    let result = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><XmlMsg><MessageHeader><CharacterCodeIdentifier>0</CharacterCodeIdentifier>\
         <NumberOfProcessingResult>3</NumberOfProcessingResult></MessageHeader><MessageBody>{}{}{}</MessageBody></XmlMsg>",
        unit(
            "P001",
            "06130017",
            "<Name>試験　花子</Name><Birthdate>19800101</Birthdate>"
        ),
        unit(
            "P002",
            "39131016",
            "<Name>高齢　一郎</Name><Birthdate>19450101</Birthdate><InsuredPartialContributionRatio>020</InsuredPartialContributionRatio>"
        ),
        unit(
            "P999",
            "06130017",
            "<Name>不明　太郎</Name><Birthdate>19700101</Birthdate>"
        ),
    );
    std::fs::write(path("result.xml"), result).unwrap();
    std::fs::write(
        path("records.csv"),
        "patient_id,insurer,number,copay_percent,name,birth_date\n\
         P001,06130017,45,30,試験　花子,1980-01-01\n\
         P002,39131016,7,10,高齢　一郎,S20.1.1\n",
    )
    .unwrap();
    let o = onshi(&[
        "batch",
        "report",
        &path("result.xml"),
        "--records",
        &path("records.csv"),
        "--date",
        "2026-12-01",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let report = stdout(&o);
    let rows: Vec<&str> = report.lines().collect();
    assert_eq!(rows[0], "patient_id,outcome,differences,actions,message");
    assert!(rows[1].starts_with("P001,unchanged,,,"), "{report}");
    assert!(
        rows[2].starts_with("P002,update_needed,copay_percent,update_record,"),
        "{report}"
    );
    assert!(rows[3].starts_with("P999,no_stored_record"), "{report}");
    assert!(
        stderr(&o).contains("3 answers: 1 unchanged, 1 update needed"),
        "{}",
        stderr(&o)
    );
    let o = onshi(&[
        "batch",
        "report",
        &path("result.xml"),
        "--records",
        &path("records.csv"),
        "--date",
        "2026-12-01",
        "--jsonl",
    ]);
    let first: serde_json::Value =
        serde_json::from_str(stdout(&o).lines().next().unwrap()).unwrap();
    assert_eq!(first["reconciliation"]["outcome"], "unchanged");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_face_reader_answer_is_matched_to_the_stored_patient_and_reported() {
    // The real sample (../shared/data/oqs-samples): a face reader's result naming no patient id.
    let sample = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/oqs-samples/myclinic-face-result-utf8.xml");
    if !sample.exists() {
        eprintln!(
            "skipped: {} is absent (the shared data folder is not here)",
            sample.display()
        );
        return;
    }
    let dir = std::env::temp_dir().join(format!("onshi-face-batch-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let records = dir.join("records.csv");
    // Two stored patients: the one in the sample (his kana in full width, his birth date in 和暦)
    // and someone else with the same name but another birth date.
    std::fs::write(
        &records,
        "patient_id,insurer,number,branch,name,name_kana,birth_date\n\
         C-0042,123456,4260,01,診療　太郎,シンリョウ　タロウ,平成13年3月27日\n\
         C-0043,123456,4261,00,診療　太郎,シンリョウ　タロウ,1970-01-01\n",
    )
    .unwrap();
    let o = onshi(&[
        "batch",
        "report",
        sample.to_str().unwrap(),
        "--records",
        records.to_str().unwrap(),
        "--date",
        "2023-02-21",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let report = stdout(&o);
    let row = report.lines().nth(1).unwrap_or_default().to_owned();
    assert!(row.starts_with("C-0042,"), "{report}");
    assert!(stderr(&o).contains("1 answers"), "{}", stderr(&o));
    let _ = std::fs::remove_dir_all(&dir);
}

/// A face reader's single result: one record born 1980-01-01, female, insured by 39131016 since
/// 2026-10-01, with this name (and kana).
fn single_result(name: &str, kana: Option<&str>) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><XmlMsg><MessageHeader><CharacterCodeIdentifier>0</CharacterCodeIdentifier>\
         <SegmentOfResult>1</SegmentOfResult><ProcessExecutionTime>20261201100000</ProcessExecutionTime></MessageHeader>\
         <MessageBody><ProcessingResultStatus>1</ProcessingResultStatus><QualificationValidity>1</QualificationValidity>\
         <ResultList><ResultOfQualificationConfirmation><InsurerNumber>39131016</InsurerNumber>\
         <InsuredIdentificationNumber>7</InsuredIdentificationNumber><Name>{name}</Name>{}\
         <Birthdate>19800101</Birthdate><Sex1>2</Sex1><QualificationDate>20261001</QualificationDate>\
         </ResultOfQualificationConfirmation></ResultList></MessageBody></XmlMsg>",
        kana.map(|k| format!("<NameKana>{k}</NameKana>"))
            .unwrap_or_default()
    )
}

/// A face reader's single result matched to the stored patients by the one person match
/// (../shared/reference/domain-updates-2026-12.md §4): a name printed as placeholders matches no
/// one on the birth date alone (it once proposed `new_period` with the other person's insurer); a
/// name written with a kanji variant (髙/高) is the patient; a married name is no one's until the
/// patient confirms.
#[test]
fn a_face_reader_answer_is_matched_by_the_one_person_match() {
    let dir = std::env::temp_dir().join(format!("onshi-face-match-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let records = dir.join("records.csv");
    std::fs::write(
        &records,
        "patient_id,insurer,number,name,name_kana,birth_date,sex\n\
         C-0100,06130017,45,鈴木　花子,ｽｽﾞｷ ﾊﾅｺ,1980-01-01,female\n\
         C-0200,06130017,46,髙橋　花子,,1980-01-01,female\n",
    )
    .unwrap();
    let report = |name: &str, kana: Option<&str>| {
        let result = dir.join("result.xml");
        std::fs::write(&result, single_result(name, kana)).unwrap();
        let o = onshi(&[
            "batch",
            "report",
            result.to_str().unwrap(),
            "--records",
            records.to_str().unwrap(),
            "--date",
            "2026-12-01",
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        stdout(&o).lines().nth(1).unwrap_or_default().to_owned()
    };
    // ●●　●● with no kana and 鈴木 花子's birth date: no one's record (never a new period).
    let row = report("●●　●●", None);
    assert!(row.starts_with(",no_stored_record,"), "{row}");
    // 高橋 for the stored 髙橋: the patient, whose new insurer opens a new period.
    let row = report("高橋　花子", None);
    assert!(row.starts_with("C-0200,new_period,"), "{row}");
    // Every written name new (a marriage): matched to no one until the patient confirms.
    let row = report("佐藤　花子", Some("ｻﾄｳ ﾊﾅｺ"));
    assert!(row.starts_with(",no_stored_record,"), "{row}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_pre_visit_batch_streams_generated_files_split_and_out_of_order() {
    let dir = std::env::temp_dir().join(format!("onshi-batch-gen-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = |name: &str| dir.join(name).to_string_lossy().into_owned();
    let n = 300;
    let id = |i: usize| format!("P{i:04}");
    // Reservations in Shift_JIS: row 50 lacks its patient id, row 100 carries a 個人番号.
    let mut reservations =
        String::from("patient_id,insurer,symbol,number,branch,birth_date,visit_date,name\r\n");
    let mut good = Vec::new();
    for i in 1..=n {
        let (patient, number) = match i {
            50 => (String::new(), format!("{i}")),
            100 => (id(i), "9832 0567 3214".to_owned()),
            _ => {
                good.push(i);
                (id(i), format!("{i}"))
            }
        };
        reservations.push_str(&format!(
            "{patient},06130017,記号{i},{number},00,昭和55年1月{}日,2026-12-0{},\"試験, 花子\"\r\n",
            i % 28 + 1,
            1 + i % 3
        ));
    }
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(&reservations);
    std::fs::write(path("reservations.csv"), &sjis).unwrap();
    let o = batch_prepare(&dir, "1311111111", &["--per-file", "100"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("reservations.csv:51: no patient_id") && err.contains("reservations.csv:101:"),
        "{err}"
    );
    assert!(
        err.contains("298 reservations in 3 file(s), 2 rows left out"),
        "{err}"
    );
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("OQSmuquc01req_") || n.contains(".tmp"))
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "OQSmuquc01req_B20261201.xml",
            "OQSmuquc01req_B20261201_2.xml",
            "OQSmuquc01req_B20261201_3.xml"
        ]
    );
    let counts: Vec<usize> = names
        .iter()
        .map(|name| {
            let bytes = std::fs::read(dir.join(name)).unwrap();
            let (text, _, bad) = encoding_rs::SHIFT_JIS.decode(&bytes);
            assert!(!bad && text.ends_with("</XmlMsg>\r\n"));
            text.matches("<QualificationConfirmSearchInfo>").count()
        })
        .collect();
    assert_eq!(counts, [100, 100, 98]);
    // Run again: the files the terminal has not taken yet are not overwritten.
    let o = batch_prepare(&dir, "1311111111", &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("already exists"), "{}", stderr(&o));

    // The answers, in the order asked: every tenth patient's ratio became 2割, one in ten is not
    // found, one in ten was born on another day (someone else).
    let birth = |i: usize| format!("198001{:02}", i % 28 + 1);
    let mut result = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><XmlMsg><MessageHeader><CharacterCodeIdentifier>0</CharacterCodeIdentifier>\
         </MessageHeader><MessageBody>",
    );
    for &i in &good {
        let record = match i % 10 {
            2 => String::new(),
            k => format!(
                "<ResultOfQualificationConfirmation><InsurerNumber>06130017</InsurerNumber>\
                 <InsuredIdentificationNumber>{i}</InsuredIdentificationNumber><Name>試験　花子</Name>\
                 <Birthdate>{}</Birthdate><InsuredPartialContributionRatio>{}</InsuredPartialContributionRatio>\
                 </ResultOfQualificationConfirmation>",
                if k == 3 {
                    "19990101".to_owned()
                } else {
                    birth(i)
                },
                if k == 1 { "020" } else { "030" }
            ),
        };
        result.push_str(&format!(
            "<BulkConfirmUnit><QualificationConfirmSearchInfo><InsurerNumber>06130017</InsurerNumber>\
             <ArbitraryIdentifier>{}</ArbitraryIdentifier></QualificationConfirmSearchInfo>\
             <ProcessingResultStatus>1</ProcessingResultStatus><QualificationValidity>{}</QualificationValidity>{record}</BulkConfirmUnit>",
            id(i),
            if i % 10 == 2 { 3 } else { 1 }
        ));
    }
    result.push_str("</MessageBody></XmlMsg>");
    std::fs::write(path("result.xml"), result).unwrap();
    // The stored records, newest patient first (the other order), P0007 twice and P0008 with a
    // birth date that is no date.
    let mut records = String::from("patient_id,insurer,number,copay_percent,name,birth_date\n");
    for &i in good.iter().rev() {
        let born = if i == 8 {
            "平成32年1月1日".to_owned()
        } else {
            birth(i)
        };
        records.push_str(&format!("{},06130017,{i},30,試験　花子,{born}\n", id(i)));
        if i == 7 {
            records.push_str(&format!("{},06130017,{i},30,試験　花子,{born}\n", id(i)));
        }
    }
    std::fs::write(path("records.csv"), records).unwrap();
    let o = onshi(&[
        "batch",
        "report",
        &path("result.xml"),
        "--records",
        &path("records.csv"),
        "--date",
        "2026-12-01",
    ]);
    assert_eq!(o.status.code(), Some(1), "bad stored rows: {}", stderr(&o));
    let report = stdout(&o);
    let outcome_of = |patient: &str| {
        report
            .lines()
            .find(|l| l.starts_with(&format!("{patient},")))
            .and_then(|l| l.split(',').nth(1))
            .unwrap_or("absent")
            .to_owned()
    };
    assert_eq!(outcome_of("P0007"), "bad_stored_record", "{report}");
    assert_eq!(outcome_of("P0008"), "bad_stored_record", "{report}");
    let mut expected = std::collections::BTreeMap::<&str, usize>::new();
    for &i in &good {
        let outcome = match (i, i % 10) {
            (7 | 8, _) => "bad_stored_record",
            (_, 1) => "update_needed",
            (_, 2) => "not_found",
            (_, 3) => "different_person",
            _ => "unchanged",
        };
        assert_eq!(outcome_of(&id(i)), outcome, "{}", id(i));
        *expected.entry(outcome).or_default() += 1;
    }
    assert_eq!(report.lines().count(), good.len() + 1);
    let summary = format!(
        "{} answers: {} unchanged, {} update needed",
        good.len(),
        expected["unchanged"],
        expected["update_needed"]
    );
    assert!(stderr(&o).contains(&summary), "{}", stderr(&o));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn desk_serves_on_loopback_and_refuses_another_address_without_a_token() {
    use std::io::{BufRead, BufReader, Read, Write};
    let open = onshi(&["desk", "--listen", "0.0.0.0", "--port", "0"]);
    assert_eq!(open.status.code(), Some(2));
    assert!(
        stderr(&open).contains("not a loopback address"),
        "{}",
        stderr(&open)
    );

    let mut child = Command::new(env!("CARGO_BIN_EXE_onshi"))
        .args(["desk", "--port", "0"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let url = first
        .trim()
        .strip_prefix("onshi desk: ")
        .expect("the address first");
    let host = url.trim_start_matches("http://").trim_end_matches('/');
    assert!(host.starts_with("127.0.0.1:"), "{url}");
    // A visit with a personal field: decided, and nothing of it in the log.
    let body = r#"{"at": "2026-01-15", "patient": {"birth_date": "1980-01-01"}, "presented": {"qualification_certificate": {"valid_until": "2027-07-31"}}}"#;
    let mut stream = std::net::TcpStream::connect(host).unwrap();
    write!(
        stream,
        "POST /v1/decide?for=1980-01-01 HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).unwrap();
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
    assert!(reply.contains("\"route\":\"qualification_certificate\""));
    child.kill().unwrap();
    let mut log = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut log)
        .unwrap();
    child.wait().unwrap();
    assert!(log.contains("POST /v1/decide 200"), "{log}");
    assert!(!log.contains("1980") && !log.contains("2027"), "{log}");
}

/// 都道府県番号 51–97 (prefecture + 50, MHLW 001275316 別添２ 別表２, unverified): `onshi number` takes
/// it in a 保険者番号 and 公費負担者番号 and prints the note naming the rule, refuses it in a 医療機関コード
/// with the rule in the message, and `batch prepare` sends such an insurer like any other.
#[test]
fn a_prefecture_written_plus_50_is_taken_with_its_note_and_refused_in_an_institution_code() {
    let o = onshi(&["number", "insurer", "06510010"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let out = stdout(&o);
    assert!(out.contains("prefecture 01"), "{out}");
    assert!(
        out.lines().any(|l| l.starts_with("note: ")
            && l.contains("001275316")
            && l.contains("unverified")),
        "{out}"
    );
    let o = onshi(&["number", "public_payer", "54510003", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let json: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(json["info"]["prefecture"], "01");
    assert!(
        json["info"]["notes"][0]
            .as_str()
            .unwrap()
            .contains("unverified")
    );

    let o = onshi(&["number", "institution", "5110113718"]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(
        stdout(&o).contains("51 is not 01–47") && stdout(&o).contains("not in a 医療機関コード"),
        "{}",
        stdout(&o)
    );
    let o = onshi(&["number", "insurer", "01500016", "--json"]);
    assert_eq!(o.status.code(), Some(2));
    let json: serde_json::Value = serde_json::from_str(stdout(&o).trim()).unwrap();
    assert_eq!(json["error"], "prefecture");

    let dir = std::env::temp_dir().join(format!("onshi-batch-plus-50-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("reservations.csv"),
        "patient_id,insurer,symbol,number,branch,birth_date,visit_date\n\
         P051,06510010,12-34,45,00,1980-01-01,2026-12-01\n\
         P052,511014,,46,,1980-01-01,2026-12-01\n\
         P050,01500016,,47,,1980-01-01,2026-12-01\n",
    )
    .unwrap();
    let o = batch_prepare(&dir, "1311111111", &["--encoding", "utf8"]);
    // The 50 row is left out (exit 1), named by its line and rule; the other two are sent.
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("reservations.csv:4:") && stderr(&o).contains("prefecture number 50"),
        "{}",
        stderr(&o)
    );
    let request = std::fs::read_to_string(dir.join("OQSmuquc01req_B20261201.xml")).unwrap();
    assert!(
        request.contains("<InsurerNumber>06510010</InsurerNumber>")
            && request.contains("P051")
            && request.contains("511014")
            && request.contains("P052")
            && !request.contains("P050"),
        "{request}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
