//! The words of C's own statuses: failures of a C call itself (a NULL pointer, text that is not
//! UTF-8, a buffer too small), which no core error stands for, so the core holds no words for them
//! (issue 32: `ErrorDomain` holds no binding status). Each is `(kind slug, Japanese, English)`;
//! `OnshiStatus`'s table names them with `own = own::NAME`. The one file of the bindings that words
//! something itself (`crates/onshi/tests/no_rules_outside_the_core.rs` names it).

/// A status's kind slug and its words, Japanese and English.
pub(crate) type Own = (&'static str, &'static str, &'static str);

/// Success.
pub(crate) const OK: Own = ("ok", "成功", "success");
/// A required pointer was NULL.
pub(crate) const MISSING_ARGUMENT: Own = (
    "missing_argument",
    "必要な引数がありません",
    "a required argument is missing",
);
/// A string was not valid UTF-8.
pub(crate) const NOT_UTF8: Own = (
    "not_utf8",
    "文字列がUTF-8ではありません",
    "a string is not UTF-8",
);
/// An input larger than the function accepts.
pub(crate) const TOO_LARGE: Own = ("too_large", "入力が大きすぎます", "an input is too large");
/// An enum argument with a value this library does not define.
pub(crate) const UNDEFINED_VALUE: Own = (
    "undefined_value",
    "引数の値が定義されていません",
    "an argument has an undefined value",
);
/// A vector file was refused (no function returns it now).
pub(crate) const VECTORS: Own = (
    "vectors",
    "テストベクタを読み込めません",
    "the vector file was refused",
);
/// The caller's buffer is too small.
pub(crate) const BUFFER_TOO_SMALL: Own = (
    "buffer_too_small",
    "バッファが小さすぎます",
    "the buffer is too small",
);
/// A status this version does not define (from a newer library, or a caller's mistake).
pub(crate) const UNKNOWN: Own = ("unknown", "不明なエラーです", "unknown status");
