//! Insurance numbers: a number with its check digit is accepted, and its width or spacing never
//! changes the answer (a reception system may type full-width digits or a space).
#![cfg(test)]

use onshi::numbers::{
    NumberError, NumberKind, check_digit, contains_personal_number, verify_number,
};
use proptest::prelude::*;

/// Full-width digits, with an ideographic space after every third character.
fn full_width(ascii: &str) -> String {
    let mut out = String::new();
    for (i, c) in ascii.chars().enumerate() {
        if i > 0 && i % 3 == 0 {
            out.push('\u{3000}');
        }
        out.push(char::from_u32(c as u32 + 0xFEE0).unwrap());
    }
    out
}

/// 法別番号 (01–99), 都道府県番号 (01–47) and three more digits.
fn body() -> impl Strategy<Value = String> {
    (1u32..100, 1u32..48, 0u32..1000)
        .prop_map(|(law, pref, rest)| format!("{law:02}{pref:02}{rest:03}"))
}

proptest! {
    #[test]
    fn a_number_with_its_check_digit_is_accepted_in_any_width(
        body in body(),
        kind in prop_oneof![Just(NumberKind::Insurer), Just(NumberKind::PublicPayer)],
    ) {
        let number = format!("{body}{}", check_digit(&body));
        let plain = verify_number(kind, &number);
        prop_assert!(plain.is_ok(), "{:?}", plain);
        let wide = verify_number(kind, &full_width(&number));
        prop_assert_eq!(plain.as_ref().map(|i| i.normalized.clone()).ok(), wide.as_ref().map(|i| i.normalized.clone()).ok());
        prop_assert_eq!(plain.is_ok(), wide.is_ok());
        if let Ok(info) = plain {
            prop_assert_eq!(info.normalized, number);
        }
    }

    #[test]
    fn a_wrong_check_digit_is_refused(body in body(), wrong in 1u8..10) {
        let digit = (check_digit(&body) + wrong) % 10;
        let number = format!("{body}{digit}");
        let refused = verify_number(NumberKind::Insurer, &number);
        prop_assert!(matches!(refused, Err(NumberError::CheckDigit { .. })), "{:?}", refused);
        prop_assert!(verify_number(NumberKind::Insurer, &full_width(&number)).is_err());
    }
}

/// Separators a person or a pasted document may put between digits.
const SEPARATORS: &[&str] = &[
    "", " ", "\t", "\n", "\r\n", "\u{00A0}", "\u{3000}", "\u{2009}", "\u{202F}", "-", "\u{2010}",
    "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2015}", "\u{2212}", "\u{FF0D}", "\u{30FC}",
    "\u{FF70}", "\u{FE63}", "\u{200B}", "\u{FEFF}", "\u{00AD}", ".", "・", "/", "_", "\u{301C}",
];

proptest! {
    #[test]
    fn a_my_number_is_recognised_whatever_separates_its_digits(
        body in proptest::collection::vec(0u32..10, 11),
        seps in proptest::collection::vec(0usize..SEPARATORS.len(), 12),
        wide in any::<bool>(),
    ) {
        let number = onshi_testkit::my_number(&body);
        let mut text = String::new();
        for (c, s) in number.chars().zip(&seps) {
            text.push_str(SEPARATORS[*s]);
            text.push(if wide { char::from_u32(c as u32 + 0xFEE0).unwrap() } else { c });
        }
        prop_assert!(contains_personal_number(&text), "{text:?}");
    }
}

proptest! {
    #[test]
    fn a_lost_leading_zero_is_suggested_back(pref in 1u32..10, rest in 0u32..1000, law in 1u32..10) {
        // 8 digits starting with 0 (法別 01–09), and 6-digit 国保 numbers of prefectures 01–09.
        for body in [format!("{law:02}{pref:02}{rest:03}"), format!("{pref:02}{rest:03}")] {
            let number = format!("{body}{}", check_digit(&body));
            if verify_number(NumberKind::Insurer, &number).is_err() {
                continue; // e.g. an 8-digit number that is 00 + a 6-digit one
            }
            let short = number.trim_start_matches('0');
            if short.len() + 1 != number.len() {
                continue;
            }
            match verify_number(NumberKind::Insurer, short) {
                Err(NumberError::LeadingZeroLost { suggestion, .. }) => prop_assert_eq!(suggestion, number),
                other => prop_assert!(false, "{short}: {other:?}"),
            }
        }
    }
}

/// 都道府県番号 by the number it is in (MHLW 001275316 別添２ 別表２ as quoted in
/// reference/domain-updates-2026-12.md §3): 01–47 everywhere; 51–97, a prefecture + 50, in 保険者番号
/// (8 and 6 digits) and 公費負担者番号 only, given as the prefecture it stands for and with a note that
/// names the rule and says it is unverified; 00, 48–50 and 98–99 nowhere. Every number here has
/// its right check digit, so only the prefecture rule can refuse it.
#[test]
fn every_prefecture_number_is_taken_or_refused_by_the_rule_of_its_number() {
    for pref in 0u8..100 {
        let bodies = [
            (NumberKind::Insurer, format!("06{pref:02}001")),
            (NumberKind::Insurer, format!("{pref:02}101")),
            (NumberKind::PublicPayer, format!("54{pref:02}000")),
            (NumberKind::Institution, format!("{pref:02}1011371")),
        ];
        for (kind, body) in bodies {
            let number = format!("{body}{}", check_digit(&body));
            let got = verify_number(kind, &number);
            let plus_50_allowed = kind != NumberKind::Institution;
            match pref {
                1..=47 => {
                    let info = got.unwrap_or_else(|e| panic!("{number}: {e}"));
                    assert_eq!(info.prefecture, Some(format!("{pref:02}")), "{number}");
                    assert!(info.notes.is_empty(), "{number}: {:?}", info.notes);
                }
                51..=97 if plus_50_allowed => {
                    let info = got.unwrap_or_else(|e| panic!("{number}: {e}"));
                    assert_eq!(info.normalized, number);
                    assert_eq!(
                        info.prefecture,
                        Some(format!("{:02}", pref - 50)),
                        "{number}"
                    );
                    assert_eq!(info.notes.len(), 1, "{number}: {:?}", info.notes);
                    let note = info.notes[0];
                    assert!(
                        note.contains("prefecture + 50")
                            && note.contains("MHLW 001275316 別添２ 別表２")
                            && note.contains("unverified"),
                        "{note}"
                    );
                }
                _ => {
                    let err = got.expect_err(&number);
                    assert!(
                        matches!(&err, NumberError::Prefecture { found, .. } if *found == format!("{pref:02}")),
                        "{number}: {err:?}"
                    );
                    let message = err.to_string();
                    let rule = match (plus_50_allowed, pref) {
                        (true, _) => "is neither 01–47 nor 51–97",
                        (false, 51..=97) => "not in a 医療機関コード",
                        (false, _) => "is not 01–47",
                    };
                    assert!(message.contains(rule), "{number}: {message}");
                    if plus_50_allowed || (51..=97).contains(&pref) {
                        assert!(message.contains("001275316"), "{message}");
                    }
                }
            }
        }
    }
}
