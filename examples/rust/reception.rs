//! A reception desk in a few lines: decide one visit, print what staff should do, then show what
//! changes when the rule table is overlaid with a (hypothetical) extension notice.
//!
//! Run: `cargo run -p onshi --example reception`

use onshi::{Lang, RuleSet, Visit, decide};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let rules = RuleSet::builtin();

    // An expired legacy card on 2026-04-01, its insured number confirmed online.
    let visit = Visit::from_json(
        r#"{"at": "2026-04-01T10:15:00+09:00",
            "presented": {"legacy_card": {"insurer": "06130017", "issued": "2023-04-01"}},
            "online": {"query": "insured_number", "status": "valid", "copay_percent": 30}}"#,
    )?;
    let decision = decide(&rules, &visit)?;
    println!("built-in rules {}:", rules.version());
    println!("  {}", decision.messages.staff.get(Lang::En));

    // A clinic applies a new notice without recompiling: the temporary measure runs longer.
    let extended = RuleSet::from_json(
        r#"{"version": "clinic-1", "extends": "builtin", "rules": [
            {"id": "fallback.query-by-number", "title": {"ja": "暫定措置の延長（仮）", "en": "Measure extended (hypothetical)"},
             "from": "2025-06-27", "until": "2026-09-30", "source": "hypothetical notice, for this example"}]}"#,
    )?;
    let decision = decide(&extended, &visit)?;
    println!("rules {}:", extended.version());
    println!("  {}", decision.messages.staff.get(Lang::En));
    Ok(())
}
