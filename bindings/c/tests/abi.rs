//! The C ABI is a promise: every declaration of include/onshi.h (functions, each enum constant with
//! its value, structs with their fields) is listed in bindings/c/abi.txt, and within one ABI (the
//! major version from 1.0 on, `0.MINOR` before) none may be removed or changed — a release within
//! it only adds (functions, constants). Every exported function is
//! declared in the header, and every declared one is exported.
//!
//! After adding to the API: `UPDATE_ABI=1 cargo test -p onshi-c --test abi` appends the new
//! declarations (and refuses to drop or change a listed one unless the ABI number changed).
#![cfg(test)]

use std::collections::BTreeSet;
use std::path::PathBuf;

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The ABI's number: the crate version's compatibility number as Cargo reads it, the major from
/// 1.0 on and `0.MINOR` before (the soname's suffix, `bindings/c/build.rs`).
fn major() -> String {
    let mut parts = env!("CARGO_PKG_VERSION").split('.');
    match (parts.next(), parts.next()) {
        (Some("0"), Some(minor)) => format!("0.{minor}"),
        (Some(major), _) => major.to_owned(),
        (None, _) => "0".to_owned(),
    }
}

/// The header's top-level declarations, comments, preprocessor lines and the C++ `extern "C"`
/// wrapper removed, whitespace made single spaces: `OnshiStatus onshi_decide(...);`, `enum OnshiRoute : uint32_t { ... };`, …
fn declarations(header: &str) -> BTreeSet<String> {
    let mut text = String::new();
    let mut rest = header;
    while let Some(start) = rest.find("/*") {
        text.push_str(&rest[..start]);
        rest = rest[start..]
            .find("*/")
            .map_or("", |end| &rest[start + end + 2..]);
    }
    text.push_str(rest);
    let code: String = text
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .filter(|l| !l.trim_start().starts_with('#') && !l.contains("extern \"C\""))
        .collect::<Vec<_>>()
        .join(" ");
    let (mut out, mut current, mut depth) = (BTreeSet::new(), String::new(), 0usize);
    for c in code.chars() {
        current.push(c);
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            ';' if depth == 0 => {
                let normal = current.split_whitespace().collect::<Vec<_>>().join(" ");
                if normal.contains("onshi_") || normal.contains("Onshi") {
                    out.extend(entries(&normal));
                }
                current.clear();
            }
            _ => {}
        }
    }
    out
}

/// The list entries of one declaration: itself, except an enum, which is one entry per constant
/// (`enum OnshiRoute ONSHI_ROUTE_MYNA_ONLINE = 1`) so that a minor release can add constants.
fn entries(declaration: &str) -> Vec<String> {
    let Some(body) = declaration
        .strip_prefix("enum ")
        .and_then(|rest| rest.split_once('{'))
    else {
        return vec![declaration.to_owned()];
    };
    let name = body.0.split([' ', ':']).next().unwrap_or_default();
    body.1
        .trim_end_matches(';')
        .trim_end()
        .trim_end_matches('}')
        .split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(|constant| format!("enum {name} {constant}"))
        .collect()
}

/// The names of the functions a declaration set holds.
fn declared_functions(declarations: &BTreeSet<String>) -> BTreeSet<String> {
    declarations
        .iter()
        .filter(|d| !d.starts_with("typedef") && !d.starts_with("enum") && !d.starts_with("struct"))
        .filter_map(|d| {
            let before = d.split('(').next()?;
            let name = before.rsplit([' ', '*']).next()?;
            name.starts_with("onshi_").then(|| name.to_owned())
        })
        .collect()
}

/// The functions the library exports: every `#[unsafe(no_mangle)]` function of its sources.
fn exported_functions() -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for entry in std::fs::read_dir(crate_dir().join("src")).unwrap() {
        let source = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let mut exported = false;
        for line in source.lines().map(str::trim) {
            if line == "#[unsafe(no_mangle)]" {
                exported = true;
            } else if exported && line.contains("fn ") {
                let name = line
                    .split("fn ")
                    .nth(1)
                    .and_then(|rest| rest.split(['(', '<']).next())
                    .unwrap_or_default();
                out.insert(name.to_owned());
                exported = false;
            }
        }
    }
    out
}

#[test]
fn the_header_keeps_every_listed_declaration_and_declares_every_export() {
    let header = std::fs::read_to_string(crate_dir().join("../../include/onshi.h")).unwrap();
    let now = declarations(&header);
    assert!(now.len() > 200, "the header parses into declarations");

    let exported = exported_functions();
    let declared = declared_functions(&now);
    assert_eq!(
        exported, declared,
        "every exported function is declared in include/onshi.h and the reverse"
    );

    let list_path = crate_dir().join("abi.txt");
    let list = std::fs::read_to_string(&list_path).unwrap_or_default();
    let mut lines = list.lines();
    let listed_major = lines
        .next()
        .and_then(|l| l.strip_prefix("abi "))
        .unwrap_or("")
        .to_owned();
    let listed: BTreeSet<String> = lines.filter(|l| !l.is_empty()).map(str::to_owned).collect();
    let same_major = listed_major == major();
    let gone: Vec<&String> = listed.difference(&now).collect();
    let added: Vec<&String> = now.difference(&listed).collect();
    if std::env::var_os("UPDATE_ABI").is_some() {
        assert!(
            gone.is_empty() || !same_major,
            "these declarations were removed or changed within ABI {listed_major}; that needs a new ABI number (the minor before 1.0, the major after):\n{}",
            gone.iter()
                .map(|d| d.as_str())
                .collect::<Vec<_>>()
                .join("\n")
        );
        let body: Vec<&str> = now.iter().map(String::as_str).collect();
        std::fs::write(
            &list_path,
            format!("abi {}\n{}\n", major(), body.join("\n")),
        )
        .unwrap();
        return;
    }
    assert!(
        same_major,
        "bindings/c/abi.txt is for ABI {listed_major}, the crate is {}: run UPDATE_ABI=1 cargo test -p onshi-c --test abi",
        major()
    );
    assert!(
        gone.is_empty(),
        "removed or changed within ABI {listed_major} (only a major version may):\n{}",
        gone.iter()
            .map(|d| d.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(
        added.is_empty(),
        "new declarations, not yet listed: run UPDATE_ABI=1 cargo test -p onshi-c --test abi\n{}",
        added
            .iter()
            .map(|d| d.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn a_removed_or_changed_declaration_is_found() {
    let header = "/** doc */\nOnshiStatus onshi_a(const char *x);\nvoid onshi_b(void);\n\
                  enum OnshiE\n#if defined(__cplusplus)\n : uint32_t\n#endif\n{\n  ONSHI_E_A = 1,\n};\n";
    let before = declarations(header);
    assert_eq!(before.len(), 3, "{before:?}");
    assert!(before.contains("enum OnshiE ONSHI_E_A = 1"), "{before:?}");
    let added = declarations(&header.replace("ONSHI_E_A = 1,", "ONSHI_E_A = 1,\n  ONSHI_E_B = 2,"));
    assert!(before.is_subset(&added), "a new constant only adds");
    let changed = declarations(&header.replace("const char *x", "const char *x, int y"));
    assert_eq!(before.difference(&changed).count(), 1);
    let renumbered = declarations(&header.replace("= 1", "= 2"));
    assert_eq!(before.difference(&renumbered).count(), 1);
    let removed = declarations(&header.replace("void onshi_b(void);", ""));
    assert_eq!(
        before.difference(&removed).collect::<Vec<_>>(),
        [&"void onshi_b(void);".to_owned()]
    );
    assert_eq!(
        declared_functions(&before),
        ["onshi_a".to_owned(), "onshi_b".to_owned()].into()
    );
}
