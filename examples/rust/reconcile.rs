//! After the online answer: the clinic's stored insurance record against each record of an
//! オンライン資格確認 result file, and what staff do about each difference.
//!
//! Run: `cargo run -p onshi-oqs --example reconcile [-- stored.json result.xml YYYY-MM-DD]`
//! (by default a stored record still at 2割 against a face-reader result that says 1割).

use onshi::records::{InsuranceRecord, reconcile};
use onshi::{Kinds, Lang, RuleSet, Vocabulary};
use onshi_oqs::QualificationResult;

const STORED: &str = r#"{"insurer": "39131016", "number": "00012345", "relation": "insured",
    "copay_percent": 20, "name": "試験　花子", "birth_date": "1945-06-06"}"#;
const RESULT: &str = "crates/onshi-oqs/tests/fixtures/face-sjis-late-elderly.xml";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (stored, result, date) = match args.as_slice() {
        [] => (STORED.to_owned(), RESULT, "2026-03-02"),
        [stored, result, date] => (
            std::fs::read_to_string(stored)?,
            result.as_str(),
            date.as_str(),
        ),
        _ => return Err("usage: reconcile [stored.json result.xml YYYY-MM-DD]".into()),
    };
    let stored = InsuranceRecord::from_json(&stored)?;
    let file = std::fs::read(result).map_err(|e| format!("{result}: {e}"))?;
    let date = onshi::calendar::parse_date_field(date, "date")?;
    let rules = RuleSet::builtin();
    for online in QualificationResult::parse(&file)?.records {
        let r = reconcile(&stored, &online.insurance_record()?, date, &rules);
        println!("{}: {}", r.outcome.slug(), r.text.get(Lang::Ja));
        for d in &r.differences {
            let action = match d.action.day() {
                Some(day) => format!("{} ({day})", d.action.kind()),
                None => d.action.kind().to_owned(),
            };
            let rules: Vec<&str> = d.rules.iter().map(|r| r.as_str()).collect();
            println!("  {} → {action} [{}]", d.kind.slug(), rules.join(", "));
            println!("    {}", d.text.get(Lang::Ja));
        }
    }
    Ok(())
}
