//! Numbers on insurance documents: the check digits and forms of 保険者番号, 公費 numbers,
//! 医療機関コード and 枝番, the insured number types, and the 12-digit 個人番号 guard.

pub(crate) mod checkdigit;
pub(crate) mod guard;

pub use guard::*;
