//! Counts and lists in the READMEs are checked against the files and the core, so they cannot
//! drift: the number of vector cases and suites in README.md, and the route, alert and action kinds
//! listed in tests/vectors/README.md.
#![cfg(test)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use onshi::Kinds;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The `backticked` words of the paragraph that starts with `start`, up to the next blank line.
fn listed(text: &str, start: &str) -> BTreeSet<String> {
    let from = text
        .find(start)
        .unwrap_or_else(|| panic!("`{start}` not found"));
    let paragraph = text[from..].split("\n\n").next().unwrap_or_default();
    paragraph
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_readme_counts_the_vector_cases_and_suites_there_are() {
    let mut cases = 0;
    let mut suites = BTreeSet::new();
    for entry in std::fs::read_dir(root().join("tests/vectors")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let file: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            cases += file["cases"].as_array().map_or(0, Vec::len);
            suites.insert(file["suite"].as_str().unwrap_or_default().to_owned());
        }
    }
    let words = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen",
    ];
    let claim = format!(
        "hold {cases} cases in {} suites",
        words.get(suites.len()).unwrap_or(&"many")
    );
    assert!(
        read("README.md").contains(&claim),
        "README.md should say `{claim}` (suites: {suites:?})"
    );
}

#[test]
fn the_vector_readme_lists_every_route_alert_and_action_kind() {
    let text = read("tests/vectors/README.md");
    let core = |name: &str| -> BTreeSet<String> {
        onshi::vocabulary::VOCABULARIES
            .iter()
            .find(|d| d.name == name)
            .map(|d| d.slugs.iter().map(|s| (*s).to_owned()).collect())
            .unwrap_or_default()
    };
    let row = text
        .lines()
        .find(|l| l.starts_with("| `route` |"))
        .unwrap_or_default();
    let routes: BTreeSet<String> = listed(row, "| `route` |")
        .into_iter()
        .filter(|s| s != "route")
        .collect();
    assert_eq!(
        routes,
        core("Route"),
        "tests/vectors/README.md, the `route` row"
    );
    let alerts: BTreeSet<String> = listed(&text, "Alert kinds:")
        .into_iter()
        .filter(|s| onshi::reception::Alert::KINDS.contains(&s.as_str()))
        .collect();
    assert_eq!(
        alerts,
        core("Alert"),
        "tests/vectors/README.md, `Alert kinds:`"
    );
    let actions: BTreeSet<String> = listed(&text, "Action kinds:")
        .into_iter()
        .filter(|s| onshi::reception::Action::KINDS.contains(&s.as_str()))
        .collect();
    assert_eq!(
        actions,
        core("Action"),
        "tests/vectors/README.md, `Action kinds:`"
    );
}
