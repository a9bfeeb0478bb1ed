//! Every public item of the core and of the オンライン資格確認 crate carries a rustdoc `# Example`
//! (they run as doctests).
#![cfg(test)]

use std::path::PathBuf;

mod common;

const ITEM_KINDS: &[&str] = &[
    "pub fn ",
    "pub struct ",
    "pub enum ",
    "pub const ",
    "pub trait ",
    "pub type ",
    "pub static ",
];

#[test]
fn every_public_item_has_an_example() {
    let mut files = Vec::new();
    let crate_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    common::rust_files(&crate_dir.join("src"), &mut files);
    common::rust_files(&crate_dir.join("../onshi-oqs/src"), &mut files);
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
