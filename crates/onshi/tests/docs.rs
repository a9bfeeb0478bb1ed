//! Every public item of the core and of the オンライン資格確認 crate carries a rustdoc `# Example`
//! (they run as doctests).
#![cfg(test)]

use std::path::PathBuf;

const ITEM_KINDS: &[&str] = &[
    "pub fn ",
    "pub struct ",
    "pub enum ",
    "pub const ",
    "pub trait ",
    "pub type ",
    "pub static ",
];

fn rust_files(dir: &std::path::Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_public_item_has_an_example() {
    let mut files = Vec::new();
    let crate_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    rust_files(&crate_dir.join("src"), &mut files);
    rust_files(&crate_dir.join("../onshi-oqs/src"), &mut files);
    assert!(files.len() > 10, "found only {files:?}");
    let mut missing = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let t = line.trim_start();
            // A macro's template (`pub enum $name`) is documented where the macro is used.
            if !ITEM_KINDS.iter().any(|k| t.starts_with(k)) || t.contains('$') {
                continue;
            }
            // Walk up over attributes, then read the doc comment above them.
            let mut j = i;
            while j > 0 && lines[j - 1].trim_start().starts_with("#[") {
                j -= 1;
            }
            let mut has_example = false;
            // Doc comments, and `#[doc = …]` lines among them (macro templates write their
            // examples with those).
            while j > 0
                && (lines[j - 1].trim_start().starts_with("///")
                    || lines[j - 1].trim_start().starts_with("#[doc"))
            {
                j -= 1;
                has_example |= lines[j].contains("# Example");
            }
            if !has_example {
                missing.push(format!("{}:{}: {}", path.display(), i + 1, t));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "public items without an example:\n{}",
        missing.join("\n")
    );
}

/// Every rule id's documentation names the public function that applies it (or says it is only
/// shown, or planned), so a reader goes from a rule id in a decision to its code in one hop.
#[test]
fn every_rule_id_names_what_applies_it() {
    let source = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/policy/rules.rs"),
    )
    .unwrap();
    let table = source
        .split("rule_ids! {")
        .nth(1)
        .and_then(|rest| rest.split("\n}\n").next())
        .expect("the rule_ids! table");
    let mut docs = String::new();
    let mut ids = 0;
    for line in table.lines().map(str::trim) {
        if let Some(doc) = line.strip_prefix("///") {
            docs.push_str(doc);
        } else if line.contains(" = \"") {
            ids += 1;
            assert!(
                ["Applied by [`", "Shown by [`", "A planned row"]
                    .iter()
                    .any(|p| docs.contains(p)),
                "{line}: its documentation does not say what applies it"
            );
            docs.clear();
        }
    }
    assert_eq!(ids, onshi::RuleId::ALL.len());
}
