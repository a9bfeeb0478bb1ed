//! Every number parser: 保険者番号, 公費負担者番号, 公費受給者番号, 医療機関コード, 枝番, the
//! 個人番号 guard and personal fields, on any text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use onshi::numbers::NumberKind;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for kind in [
        NumberKind::Insurer,
        NumberKind::PublicPayer,
        NumberKind::PublicRecipient,
        NumberKind::Institution,
        NumberKind::Branch,
    ] {
        let _ = onshi::numbers::verify_number(kind, text);
    }
    let _ = onshi::numbers::InsurerNumber::parse(text);
    let guard = onshi::numbers::contains_personal_number(text);
    // A text the guard flags is never accepted as a personal field, nor a number of any kind.
    assert!(!(guard && onshi::numbers::PersonalField::new(text).is_ok()));
    assert!(!(guard && onshi::numbers::InsurerNumber::parse(text).is_ok()));
    let _ = onshi::calendar::VisitTime::parse(text);
});
