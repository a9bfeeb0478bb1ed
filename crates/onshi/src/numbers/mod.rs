//! Numbers on insurance documents: the check digits and forms of 保険者番号, 公費 numbers,
//! 医療機関コード and 枝番, the insured number types, and the 12-digit 個人番号 guard.

pub(crate) mod checkdigit;
pub(crate) mod fields;
pub(crate) mod guard;
pub(crate) mod insured;

pub use checkdigit::{
    InsuredMatch, NumberError, NumberInfo, NumberKind, check_digit, compare_insured, insured_key,
    verify_number,
};

pub(crate) use fields::normalize_width;
pub use fields::{Alphabet, AlphabetError, InsurerNumber, PersonalField};
pub(crate) use guard::{
    PERSONAL_NUMBER_MARK, guarded_optional_text, guarded_text, json_holds_personal_number,
};
pub use guard::{REDACTED, contains_personal_number, redact_digits};
pub use insured::InsuredNumber;
