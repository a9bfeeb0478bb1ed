//! Insurance numbers: a number with its check digit is accepted, and its width or spacing never
//! changes the answer (a reception system may type full-width digits or a space).

use onshi::{NumberError, NumberKind, check_digit, verify_number};
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
