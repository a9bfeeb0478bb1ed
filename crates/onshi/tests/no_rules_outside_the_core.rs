//! The bindings, the CLI and the desk only convert, print and serve: every wording and every rule
//! figure comes from the core. This test reads their sources and fails on a Japanese string
//! literal (a label or a message worded outside the core) or on a number the rule table holds (a
//! ceiling, a threshold) written as a literal. Comments and doc comments are not code and may say anything.
#![cfg(test)]

use std::path::{Path, PathBuf};

mod common;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The Rust sources that must hold no wording and no rule figure: every `.rs` file below each
/// front end's `src/` (each directory must hold some, so a moved one fails here instead of
/// leaving the guard).
fn front_end_sources() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in [
        "bindings/c/src",
        "bindings/python/src",
        "bindings/uniffi/src",
        "crates/onshi-cli/src",
        "crates/onshi-desk/src",
    ] {
        let before = files.len();
        common::rust_files(&root().join(dir), &mut files);
        assert!(files.len() > before, "no Rust source under {dir}");
    }
    // The words of C's own statuses (a NULL pointer, text that is not UTF-8, a buffer too small):
    // failures of a C call, which no core error stands for.
    files.retain(|path| !path.ends_with("bindings/c/src/own.rs"));
    files.sort();
    files
}

fn japanese(text: &str) -> bool {
    text.chars().any(|c| {
        matches!(c,
            '\u{3040}'..='\u{30FF}' // hiragana, katakana
            | '\u{4E00}'..='\u{9FFF}' // CJK ideographs
            | '\u{3400}'..='\u{4DBF}'
            | '\u{FF66}'..='\u{FF9F}') // half-width katakana
    })
}

/// Every whole number of 1,000 or more in the built-in rule table: amounts and thresholds.
fn rule_figures() -> Vec<String> {
    fn walk(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Number(n) => {
                if let Some(n) = n.as_u64().filter(|n| *n >= 1000) {
                    out.push(n.to_string());
                }
            }
            serde_json::Value::Array(a) => a.iter().for_each(|v| walk(v, out)),
            serde_json::Value::Object(o) => o.values().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let table: serde_json::Value =
        serde_json::from_str(include_str!("../rules/default.json")).unwrap();
    let mut out = Vec::new();
    walk(&table["rules"], &mut out);
    out.sort();
    out.dedup();
    assert!(
        out.iter().any(|n| n == "80100"),
        "the table's figures were not found"
    );
    out
}

#[test]
fn no_front_end_words_a_message_or_writes_a_rule_figure() {
    let figures = rule_figures();
    let mut problems = Vec::new();
    for path in front_end_sources() {
        let source = std::fs::read_to_string(&path).unwrap();
        // Unit tests (at the end of a file, as clippy requires) may use any text as input.
        let source = source.split("#[cfg(test)]").next().unwrap_or_default();
        let shown = path
            .strip_prefix(root())
            .unwrap_or(&path)
            .display()
            .to_string();
        let found = common::lex(source);
        for (line, text) in &found.strings {
            if japanese(text) {
                problems.push(format!("{shown}:{line}: Japanese text {text:?}: take it from the core (a Vocabulary, Label or a describe())"));
            }
        }
        for (line, number) in &found.numbers {
            if figures.contains(number) {
                problems.push(format!(
                    "{shown}:{line}: {number} is a figure of the rule table: ask the RuleSet"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_scanner_sees_strings_and_numbers_but_not_comments() {
    let source = "// 日本語 80100\nlet a = \"負担割合\"; /* 252600 */ let b = r#\"x\"#; let c = 80_100; let d = 'x'; fn f<'a>() {}";
    let t = common::lex(source);
    let strings: Vec<_> = t.strings.iter().map(|(_, s)| s.as_str()).collect();
    assert_eq!(strings, ["負担割合", "x"]);
    let numbers: Vec<_> = t.numbers.iter().map(|(_, n)| n.as_str()).collect();
    assert_eq!(numbers, ["80100"]);
    assert!(japanese("負担割合") && !japanese("copay"));
}
