//! Kotlin and Swift bindings (uniffi proc-macros). Thin: records and enums mirror the core's
//! answers, objects wrap its values, and every function calls the core and converts the result.

uniffi::setup_scaffolding!();

// The core's plain vocabularies are exported as they are (uniffi remote types), each in the module
// of its concept: each mirror lists the core's variants, and the generated conversion matches them
// exhaustively, so a variant added to the core and not here fails the build (onshi::vocabulary::VOCABULARIES;
// `vocabularies` below for the tests).

mod card;
mod certificate;
mod decision;
mod facility;
mod records;
mod reference;
mod registration;
mod rules;
mod script;
mod vocabularies;

use vocabularies::*;

/// Declares `OnshiError`, one case per core error domain named (each with the same fields), and
/// the one conversion from the core's errors: the domain picks the case (the others are
/// `InvalidInput`); kind, message and summary are the core's.
macro_rules! onshi_error {
    ($($(#[$doc:meta])* $case:ident $(= $domain:ident)?;)+) => {
        /// Every error onshi reports. `kind` is the core's [`ErrorKind`] (`INVALID`,
        /// `PERSONAL_NUMBER`, for card errors `PIN_BLOCKED`, `LAST_TRY_NOT_CONFIRMED`,
        /// `VERIFY_OUTCOME_UNKNOWN`, …); `reason` is English and names the field and the problem;
        /// `reason_ja` is the core's short Japanese summary for staff; `field` is the field it
        /// concerns, when one. The case follows the error's domain in the core
        /// (`onshi::error::ErrorDomain`).
        #[derive(Debug, uniffi::Error)]
        pub enum OnshiError {
            $($(#[$doc])* $case {
                /// What went wrong.
                kind: ErrorKind,
                /// Details.
                reason: String,
                /// 日本語の説明.
                reason_ja: String,
                /// The field it concerns (an input's dotted path, a file element, a rule id), if
                /// one.
                field: Option<String>,
            },)+
        }

        impl std::fmt::Display for OnshiError {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    $(OnshiError::$case { reason, .. } => f.write_str(reason),)+
                }
            }
        }

        impl std::error::Error for OnshiError {}

        impl<E: onshi::DescribedError> From<E> for OnshiError {
            fn from(e: E) -> Self {
                let (kind, reason, reason_ja) = (e.kind(), e.message(), e.words().ja);
                let field = e.field().map(str::to_owned);
                match e.domain() {
                    $($(onshi::error::ErrorDomain::$domain => {
                        OnshiError::$case { kind, reason, reason_ja, field }
                    })?)+
                    _ => OnshiError::InvalidInput { kind, reason, reason_ja, field },
                }
            }
        }
    };
}

onshi_error! {
    /// An input that cannot be used (a visit, a number, a date, a 12-digit 個人番号, a 高額療養費
    /// query, a vector file).
    InvalidInput;
    /// A rule table was refused.
    Rule = Rules;
    /// A certificate or trust anchor was refused.
    Certificate = Certificate;
    /// The card protocol failed.
    Card = Card;
    /// An オンライン資格確認 file was refused.
    Oqs = Oqs;
}

/// Every vocabulary of the core by name, with its slugs in order (what the Kotlin and Swift tests
/// compare the generated enums with).
#[uniffi::export]
pub fn vocabularies() -> std::collections::HashMap<String, Vec<String>> {
    let all = onshi::vocabulary::slugs_by_name(onshi_oqs::VOCABULARIES);
    let owned = |slugs: Vec<&str>| slugs.into_iter().map(str::to_owned).collect();
    all.into_iter()
        .map(|(name, slugs)| (name.to_owned(), owned(slugs)))
        .collect()
}

/// This library's version (the rule table has its own: `RuleSet.version()`).
#[uniffi::export]
pub fn library_version() -> String {
    onshi::VERSION.to_owned()
}

/// Panics on purpose, so the Kotlin and Swift tests can show that a panic in the library arrives
/// as an exception (uniffi's InternalException) and the library stays usable afterwards.
#[allow(
    clippy::panic,
    reason = "the panic is the point: the tests show it never crosses the boundary"
)]
#[uniffi::export]
pub fn test_panic() -> Result<(), OnshiError> {
    panic!("test_panic: a panic forced by the caller")
}
