//! An insurance record's 記号・番号・枝番 are one `InsuredNumber`, whichever door the record comes
//! through (JSON, a CSV row's fields, an online answer): every door accepts and refuses the same
//! parts, and a 記号 or 枝番 without its 番号 is refused at each.
#![cfg(test)]

use onshi::numbers::InsuredNumber;
use onshi::records::InsuranceRecord;
use proptest::prelude::*;

/// A part as a caller may write it: absent, blank, or text from an alphabet wider than any field's
/// (digits, letters, kana, hyphens, a space, a placeholder, and characters no field takes).
fn part() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        Just(None),
        Just(Some(" ".to_owned())),
        proptest::collection::vec(
            prop_oneof![
                Just('0'),
                Just('7'),
                Just('Ａ'),
                Just('b'),
                Just('ア'),
                Just('-'),
                Just('－'),
                Just(' '),
                Just('●'),
                Just(';'),
                Just('\u{202E}'),
                Just('='),
            ],
            1..6,
        )
        .prop_map(|chars| Some(chars.into_iter().collect())),
    ]
}

proptest! {
    #[test]
    fn json_and_fields_read_the_same_insured_number(
        symbol in part(),
        number in part(),
        branch in part(),
    ) {
        let parts = [("symbol", &symbol), ("number", &number), ("branch", &branch)];
        let mut json = serde_json::Map::new();
        let mut fields = Vec::new();
        for (name, value) in parts {
            if let Some(value) = value {
                json.insert(name.to_owned(), value.clone().into());
                fields.push((name, value.as_str()));
            }
        }
        let expected = InsuredNumber::from_parts(symbol.as_deref(), number.as_deref(), branch.as_deref());
        let from_json = InsuranceRecord::from_value(serde_json::Value::Object(json));
        let from_fields = InsuranceRecord::from_fields(fields);
        prop_assert_eq!(from_json.is_ok(), expected.is_ok(), "json {:?}", from_json);
        prop_assert_eq!(from_fields.is_ok(), expected.is_ok(), "fields {:?}", from_fields);
        if let (Ok(a), Ok(b), Ok(n)) = (from_json, from_fields, expected) {
            prop_assert_eq!(&a.insured, &n);
            prop_assert_eq!(&b.insured, &n);
            // Written back, the record reads as itself.
            let text = serde_json::to_string(&a).unwrap();
            prop_assert_eq!(InsuranceRecord::from_json(&text).unwrap(), a);
        }
    }
}

#[test]
fn a_symbol_or_branch_without_its_number_is_refused_at_every_door() {
    for json in [
        r#"{"symbol": "12"}"#,
        r#"{"branch": "01"}"#,
        r#"{"symbol": "12", "number": " "}"#,
    ] {
        let e = InsuranceRecord::from_json(json).unwrap_err();
        assert!(e.to_string().contains("番号"), "{json}: {e}");
    }
    let e = InsuranceRecord::from_fields([("symbol", "12"), ("insurer", "06130017")]).unwrap_err();
    assert_eq!(e.field(), "number");
    // Nothing of the number at all is a record without one.
    let r = InsuranceRecord::from_json(r#"{"insurer": "06130017"}"#).unwrap();
    assert_eq!(r.insured, None);
}

#[test]
fn the_branch_is_digits_only_in_a_record() {
    let e = InsuranceRecord::from_fields([("number", "45"), ("branch", "0A")]).unwrap_err();
    assert_eq!(e.field(), "branch");
    assert!(InsuranceRecord::from_json(r#"{"number": "45", "branch": "0A"}"#).is_err());
    let r =
        InsuranceRecord::from_json(r#"{"symbol": "１２－３４", "number": "45", "branch": "０１"}"#)
            .unwrap();
    let n = r.insured.unwrap();
    assert_eq!((n.symbol(), n.branch()), (Some("１２－３４"), Some("０１")));
}
