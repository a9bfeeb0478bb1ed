//! Rules as short cited functions: the shape of the core's code, read from its sources.
//!
//! - every rule id's documentation names the one function that applies it and its file, and above
//!   that function sits the rule's citation as the rule table gives it (`// <id> — <source>`);
//! - the rules `lib.rs`'s "where things are" table lists are functions of at most 40 lines;
//! - no function of the core is over 80 lines.
#![cfg(test)]

use std::path::Path;

mod common;

fn src(path: &str) -> String {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(path);
    std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

/// Each named function of a source: its name, the line of `fn` (from 1), and its length in lines
/// from that line to its closing brace. Functions without a body are left out.
fn functions(source: &str) -> Vec<(String, usize, usize)> {
    let code = common::lex(source).code;
    let chars: Vec<char> = code.chars().collect();
    let line_of = |i: usize| chars[..i].iter().filter(|c| **c == '\n').count() + 1;
    let mut found = Vec::new();
    let mut i = 0;
    while i + 3 < chars.len() {
        let word_start = i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '_');
        if !(word_start && chars[i] == 'f' && chars[i + 1] == 'n' && chars[i + 2] == ' ') {
            i += 1;
            continue;
        }
        let name: String = chars[i + 3..]
            .iter()
            .take_while(|c| c.is_alphanumeric() || **c == '_')
            .collect();
        if name.is_empty() {
            i += 1;
            continue;
        }
        // The body: the first `{` outside parentheses and brackets, unless a `;` comes first.
        let (mut j, mut depth) = (i, 0i32);
        let body = loop {
            match chars.get(j) {
                None => break None,
                Some('(' | '[') => depth += 1,
                Some(')' | ']') => depth -= 1,
                Some(';') if depth == 0 => break None,
                Some('{') if depth == 0 => break Some(j),
                _ => {}
            }
            j += 1;
        };
        if let Some(open) = body {
            let mut depth = 0;
            let mut k = open;
            while k < chars.len() {
                match chars[k] {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
                k += 1;
            }
            let (first, last) = (line_of(i), line_of(k.min(chars.len() - 1)));
            found.push((name, first, last - first + 1));
        }
        i += 3;
    }
    found
}

/// The `//` comment lines directly above line `line` (from 1), past its doc comments and
/// attributes, joined by spaces.
fn citation_above(source: &str, line: usize) -> String {
    let lines: Vec<&str> = source.lines().collect();
    let mut i = line - 1;
    while i > 0 && {
        let t = lines[i - 1].trim_start();
        t.starts_with("///") || t.starts_with("#[")
    } {
        i -= 1;
    }
    let mut block = Vec::new();
    while i > 0 && {
        let t = lines[i - 1].trim_start();
        t.starts_with("//") && !t.starts_with("///")
    } {
        block.push(lines[i - 1].trim_start().trim_start_matches("//").trim());
        i -= 1;
    }
    block.reverse();
    block.join(" ")
}

/// The sources of the built-in rows of rule `slug`.
fn sources_of(slug: &str) -> Vec<String> {
    let table: serde_json::Value = serde_json::from_str(onshi::policy::BUILTIN_RULES_JSON).unwrap();
    table["rules"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|row| row["id"] == slug)
        .map(|row| row["source"].as_str().unwrap().to_owned())
        .collect()
}

/// Checks that `name` is a function of `file` (under `src/`) with rule `slug`'s citation above it;
/// gives its length in lines.
fn cited_function(slug: &str, name: &str, file: &str) -> usize {
    let source = src(file);
    let named: Vec<_> = functions(&source)
        .into_iter()
        .filter(|(n, _, _)| n == name)
        .collect();
    assert_eq!(named.len(), 1, "{slug}: no one function `{name}` in {file}");
    let (_, line, length) = named[0];
    let citation = citation_above(&source, line);
    let sources = sources_of(slug);
    assert!(!sources.is_empty(), "{slug} has no row");
    assert!(
        sources
            .iter()
            .any(|s| citation.contains(&format!("{slug} — {s}"))),
        "{file}:{line} `{name}`: no citation `// {slug} — <source of one of its rows>` above it \
         (the rows say {sources:?}); found: {citation:?}"
    );
    length
}

/// The text between the first backticks after `from` in `text` (a link `[`x`](…)` or `` `x` ``).
fn first_code(text: &str) -> Option<&str> {
    let start = text.find('`')? + 1;
    let end = start + text[start..].find('`')?;
    Some(&text[start..end])
}

/// Every rule id's documentation names the function that applies it and its file, or says it is
/// shown only or planned; the function is in that file with the rule's citation above it.
#[test]
fn every_rule_id_names_its_one_function_and_that_function_cites_the_rule() {
    let source = src("policy/rules.rs");
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
            docs.push(' ');
            continue;
        }
        let Some(slug) = line.split('"').nth(1).filter(|_| line.contains(" = \"")) else {
            continue;
        };
        ids += 1;
        let by = ["Applied by ", "Shown by "]
            .iter()
            .find_map(|p| docs.split_once(p).map(|(_, rest)| rest));
        match by {
            None => assert!(
                docs.contains("A planned row"),
                "{slug}: its documentation names no function (Applied by `name` (`file`))"
            ),
            Some(rest) => {
                let name = first_code(rest).expect("a function name");
                let name = name.rsplit("::").next().unwrap_or(name);
                let file = rest
                    .split("(`")
                    .nth(1)
                    .and_then(|f| f.split('`').next())
                    .filter(|f| f.ends_with(".rs"))
                    .unwrap_or_else(|| panic!("{slug}: no (`file.rs`) after the function"));
                cited_function(slug, name, file);
            }
        }
        docs.clear();
    }
    assert_eq!(ids, onshi::policy::RuleId::ALL.len());
}

/// The rules `lib.rs` lists under "where the rules are" are each a function of at most 40 lines
/// with its citation above it: one hop from the table to the rule and its source.
#[test]
fn the_rules_lib_rs_lists_are_short_cited_functions() {
    let lib = src("lib.rs");
    let rows: Vec<(&str, &str, &str)> = lib
        .lines()
        .filter_map(|l| l.strip_prefix("//! | "))
        .filter_map(|row| {
            let cells: Vec<&str> = row.split(" | ").collect();
            let slug = first_code(cells.get(1)?)?;
            let mut place = cells.get(2)?.split("`, `");
            let name = place.next()?.trim_start_matches('`');
            let file = place.next()?.trim_end_matches(" |").trim_end_matches('`');
            slug.contains('.').then_some((slug, name, file))
        })
        .collect();
    assert!(rows.len() >= 5, "the rules table of lib.rs: {rows:?}");
    for (slug, name, file) in rows {
        let name = name.rsplit("::").next().unwrap_or(name);
        let length = cited_function(slug, name, file);
        assert!(length <= 40, "{file} `{name}` ({slug}) is {length} lines");
    }
}

/// No function of the core, tests included, is over 80 lines: a longer one is a place where
/// rules hide.
#[test]
fn no_function_in_the_core_is_over_80_lines() {
    let mut files = Vec::new();
    common::rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    common::rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests"),
        &mut files,
    );
    assert!(files.len() > 30, "{files:?}");
    let mut long = Vec::new();
    for file in files {
        let source = std::fs::read_to_string(&file).unwrap();
        for (name, line, length) in functions(&source) {
            if length > 80 {
                long.push(format!(
                    "{}:{line} `{name}`: {length} lines",
                    file.display()
                ));
            }
        }
    }
    assert!(
        long.is_empty(),
        "functions over 80 lines:\n{}",
        long.join("\n")
    );
}

#[test]
fn the_counting_sees_through_strings_comments_and_lifetimes() {
    let source = "fn a<'x>(s: &'x str) -> char {\n    let _ = \"}{\"; // }\n    let _ = r#\"}\"#;\n    '}'\n}\nfn b();\nfn c(x: [u8; 2]) {\n}\n";
    assert_eq!(
        functions(source),
        [("a".to_owned(), 1, 5), ("c".to_owned(), 7, 2)]
    );
}
