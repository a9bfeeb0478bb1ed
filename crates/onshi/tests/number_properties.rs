//! Insurance numbers: a number with its check digit is accepted, and its width or spacing never
//! changes the answer (a reception system may type full-width digits or a space).

use onshi::{NumberError, NumberKind, check_digit, contains_personal_number, verify_number};
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
