//! onshi's one vocabulary: every closed set of values a caller sees — coverage, routes, failure
//! classes, document and card kinds, alert and action kinds, certificate and PIN states, error
//! kinds — each declared once, where its concept lives, by one invocation of `vocabulary!` (plain
//! values) or `kinds!` (values that carry data). The invocation is the type itself (its docs,
//! derives and `#[non_exhaustive]` as written) with, per value, its stable slug (the value in JSON,
//! written into the variant's `#[serde(rename)]`) and, for plain values, its Japanese and English
//! words. No slug is written twice.
//!
//! Each declaration is also recorded as written ([`Declaration`]: its name, doc and values with
//! their slugs, words, docs and fields) in [`VOCABULARIES`], from which `tools/gen` writes every
//! binding's enums (C, Kotlin/Swift, Python): a value is written by hand here and nowhere else.
//! Every declaration proves at compile time that its slugs are distinct and that it is listed in
//! [`VOCABULARIES`].

use serde::{Deserialize, Serialize};

/// A closed set of plain values with slugs and words.
///
/// # Example
/// ```
/// use onshi::{Lang, Vocabulary};
/// use onshi::reception::Route;
/// assert_eq!(Route::ALL.len(), 9);
/// assert_eq!(Route::QualificationCertificate.slug(), "qualification_certificate");
/// assert_eq!(Route::QualificationCertificate.words().get(Lang::Ja), "資格確認書");
/// ```
pub trait Vocabulary: Copy + Sized + 'static {
    /// The set's name, as the bindings call it (`Route`).
    const NAME: &'static str;
    /// Every value, in declaration order.
    const ALL: &'static [Self];
    /// Every value's slug, in declaration order.
    const SLUGS: &'static [&'static str];
    /// The declaration as written: what the bindings' mirrors are generated from.
    const DECLARATION: Declaration;
    /// The stable slug: the value in JSON and in every binding (`myna_online`).
    fn slug(self) -> &'static str;
    /// The words in one language, as static text (for writers that do not allocate).
    ///
    /// # Example
    /// ```
    /// use onshi::{Lang, Vocabulary};
    /// use onshi::reception::Route;
    /// assert_eq!(Route::QualificationCertificate.words_in(Lang::Ja), "資格確認書");
    /// ```
    fn words_in(self, lang: Lang) -> &'static str;
    /// The words, Japanese and English.
    fn words(self) -> Text {
        Text::new(self.words_in(Lang::Ja), self.words_in(Lang::En))
    }
}

/// A closed set of kinds of a value that carries data (an alert and its dates, a PIN counter and
/// its tries): the kind's slug is the value's tag in JSON (`kind`, `counter`, …) and its kind in
/// every binding.
///
/// # Example
/// ```
/// use onshi::reception::Alert;
/// use onshi::Kinds;
/// assert_eq!(Alert::PinLocked.kind(), "pin_locked");
/// assert!(Alert::KINDS.contains(&"document_not_used"));
/// ```
pub trait Kinds {
    /// The set's name, as the bindings call it (`Alert`).
    const NAME: &'static str;
    /// Every kind, in declaration order.
    const KINDS: &'static [&'static str];
    /// The declaration as written: what the bindings' mirrors are generated from.
    const DECLARATION: Declaration;
    /// This value's kind.
    fn kind(&self) -> &'static str;
}

/// One declared set as written — its name, documentation and values — from which the bindings'
/// mirrors (C enums, Python enums, Kotlin/Swift enums) are generated (`bindings/gen`).
///
/// # Example
/// ```
/// use onshi::reception::Route;
/// use onshi::Vocabulary;
/// let d = Route::DECLARATION;
/// assert_eq!((d.name, d.values[0].variant, d.values[0].slug), ("Route", "MynaOnline", "myna_online"));
/// assert!(d.doc.contains("資格確認の方法"));
/// ```
#[derive(Debug)]
pub struct Declaration {
    /// The set's name (`Route`).
    pub name: &'static str,
    /// Its documentation, one line per `///` line.
    pub doc: &'static str,
    /// Every value's slug, in declaration order.
    pub slugs: &'static [&'static str],
    /// Every value, in declaration order.
    pub values: &'static [Declared],
}

/// One value of a [`Declaration`].
///
/// # Example
/// ```
/// use onshi::card::PinCounter;
/// use onshi::Kinds;
/// let remaining = &PinCounter::DECLARATION.values[0];
/// assert_eq!((remaining.variant, remaining.slug), ("Remaining", "remaining"));
/// assert_eq!(remaining.fields, &[("tries", "u8")]);
/// assert!(remaining.words.is_none());
/// ```
#[derive(Debug)]
pub struct Declared {
    /// The variant's name (`MynaOnline`).
    pub variant: &'static str,
    /// Its slug (`myna_online`).
    pub slug: &'static str,
    /// Its documentation, one line per `///` line.
    pub doc: &'static str,
    /// Its Japanese and English words (plain values only).
    pub words: Option<(&'static str, &'static str)>,
    /// The fields it carries, as `(name, type)` written in the declaration (kind sets only).
    pub fields: &'static [(&'static str, &'static str)],
}

/// Declares a plain vocabulary: the enum as written (its attributes must derive
/// `serde::Serialize`), each value as `Variant = "slug", "ja", "en";` under its own attributes.
/// The slug becomes the variant's serde name; the type implements [`Vocabulary`]. A declaration
/// with a repeated slug, or missing from its registry ([`VOCABULARIES`], or the one named after
/// `in` — another crate of onshi's, such as `onshi-oqs`, declares its own with
/// `onshi::vocabulary! { in crate::vocabulary::VOCABULARIES; … }`), does not compile.
#[doc(hidden)]
#[macro_export]
macro_rules! vocabulary {
    (
        in $registry:path;
        $(#[$($attr:tt)*])*
        $vis:vis enum $ty:ident {
            $($(#[$($vattr:tt)*])* $variant:ident = $slug:literal, $ja:literal, $en:literal;)+
        }
    ) => {
        $(#[$($attr)*])*
        $vis enum $ty {
            $($(#[$($vattr)*])* #[serde(rename = $slug)] $variant,)+
        }

        impl $crate::Vocabulary for $ty {
            const NAME: &'static str = stringify!($ty);
            const ALL: &'static [Self] = &[$($ty::$variant),+];
            const SLUGS: &'static [&'static str] = &[$($slug),+];
            const DECLARATION: $crate::vocabulary::Declaration = $crate::declaration!(
                $ty [$(#[$($attr)*])*]
                $($variant = $slug [$(#[$($vattr)*])*] Some(($ja, $en)), [];)+
            );
            fn slug(self) -> &'static str {
                match self {
                    $($ty::$variant => $slug,)+
                }
            }
            fn words_in(self, lang: $crate::Lang) -> &'static str {
                let english = matches!(lang, $crate::Lang::En);
                match self {
                    $($ty::$variant => if english { $en } else { $ja },)+
                }
            }
        }

        $crate::declared!($ty, Vocabulary, SLUGS, $registry);
    };
    ($($declaration:tt)+) => {
        $crate::vocabulary! { in $crate::vocabulary::VOCABULARIES; $($declaration)+ }
    };
}

/// A [`Declaration`] from a declaring macro's parts: the type and its attributes, then per value
/// its variant, slug, attributes, words and fields.
#[doc(hidden)]
#[macro_export]
macro_rules! declaration {
    (
        $ty:ident [$($attr:tt)*]
        $($variant:ident = $slug:literal [$($vattr:tt)*] $words:expr, [$($fields:tt)*];)+
    ) => {
        $crate::vocabulary::Declaration {
            name: stringify!($ty),
            doc: $crate::doc_of!($($attr)*),
            slugs: &[$($slug),+],
            values: &[$($crate::vocabulary::Declared {
                variant: stringify!($variant),
                slug: $slug,
                doc: $crate::doc_of!($($vattr)*),
                words: $words,
                fields: &[$($fields)*],
            }),+],
        }
    };
}

/// The documentation among attributes, as one text (each `///` line ends with a line break).
#[doc(hidden)]
#[macro_export]
macro_rules! doc_of {
    () => { "" };
    (#[doc = $line:literal] $($rest:tt)*) => { concat!($line, "\n", $crate::doc_of!($($rest)*)) };
    (#[$($other:tt)*] $($rest:tt)*) => { $crate::doc_of!($($rest)*) };
}

/// Declares a kind set: the enum as written (its attributes must derive `serde::Serialize`, and
/// give the tag: `#[serde(tag = "kind")]`), each value as `Variant = "slug"` or
/// `Variant = "slug" { fields }`, under its own attributes. The slug becomes the variant's serde
/// name; the type implements [`Kinds`]. A declaration with a repeated slug, or missing from
/// [`VOCABULARIES`], does not compile.
macro_rules! kinds {
    (
        $(#[$($attr:tt)*])*
        $vis:vis enum $ty:ident {
            $($(#[$($vattr:tt)*])* $variant:ident = $slug:literal $({
                $($(#[$($fattr:tt)*])* $field:ident : $fty:ty),* $(,)?
            })?,)+
        }
    ) => {
        $(#[$($attr)*])*
        $vis enum $ty {
            $($(#[$($vattr)*])* #[serde(rename = $slug)] $variant $({
                $($(#[$($fattr)*])* $field : $fty),*
            })?,)+
        }

        impl $crate::Kinds for $ty {
            const NAME: &'static str = stringify!($ty);
            const KINDS: &'static [&'static str] = &[$($slug),+];
            const DECLARATION: $crate::vocabulary::Declaration = $crate::declaration!(
                $ty [$(#[$($attr)*])*]
                $($variant = $slug [$(#[$($vattr)*])*] None,
                    [$($((stringify!($field), stringify!($fty))),*)?];)+
            );
            fn kind(&self) -> &'static str {
                match self {
                    $($ty::$variant { .. } => $slug,)+
                }
            }
        }

        $crate::declared!($ty, Kinds, KINDS, $crate::vocabulary::VOCABULARIES);
    };
}

/// The compile-time proofs of a declaration: its slugs are distinct, and the registry lists it.
#[doc(hidden)]
#[macro_export]
macro_rules! declared {
    ($ty:ident, $trait:ident, $slugs:ident, $registry:path) => {
        const _: () = assert!(
            $crate::vocabulary_distinct(<$ty as $crate::$trait>::$slugs),
            concat!(stringify!($ty), ": a slug is written twice")
        );
        const _: () = assert!(
            $crate::vocabulary_registered($registry, stringify!($ty)),
            concat!(
                stringify!($ty),
                " is not in its registry of vocabularies: add it there"
            )
        );
    };
}

pub(crate) use kinds;

/// A value's words as static text, Japanese then English: for the message writer, which
/// writes both languages at once without allocating.
pub(crate) fn pair<V: Vocabulary>(value: V) -> (&'static str, &'static str) {
    (value.words_in(Lang::Ja), value.words_in(Lang::En))
}

/// The checks the declaring macros run at compile time (an index out of range there fails the
/// build, never a run).
#[allow(clippy::indexing_slicing, reason = "evaluated at compile time")]
mod checks {
    /// Whether two texts are equal.
    const fn same(a: &str, b: &str) -> bool {
        let (a, b) = (a.as_bytes(), b.as_bytes());
        if a.len() != b.len() {
            return false;
        }
        let mut i = 0;
        while i < a.len() {
            if a[i] != b[i] {
                return false;
            }
            i += 1;
        }
        true
    }

    /// Whether no slug of `slugs` is written twice.
    ///
    /// # Example
    /// ```
    /// assert!(onshi::vocabulary_distinct(&["a", "b"]));
    /// assert!(!onshi::vocabulary_distinct(&["a", "b", "a"]));
    /// ```
    pub const fn distinct(slugs: &[&str]) -> bool {
        let mut i = 0;
        while i < slugs.len() {
            let mut j = i + 1;
            while j < slugs.len() {
                if same(slugs[i], slugs[j]) {
                    return false;
                }
                j += 1;
            }
            i += 1;
        }
        true
    }

    /// Whether `registry` lists the set called `name`.
    ///
    /// # Example
    /// ```
    /// assert!(onshi::vocabulary_registered(onshi::vocabulary::VOCABULARIES, "ErrorKind"));
    /// assert!(!onshi::vocabulary_registered(onshi::vocabulary::VOCABULARIES, "Nothing"));
    /// ```
    pub const fn registered(registry: &[&super::Declaration], name: &str) -> bool {
        let mut i = 0;
        while i < registry.len() {
            if same(registry[i].name, name) {
                return true;
            }
            i += 1;
        }
        false
    }
}

#[doc(hidden)]
pub use checks::{distinct, registered};

vocabulary! {
    /// A language for messages (表示言語).
    ///
    /// # Example
    /// ```
    /// use onshi::{Lang, Text};
    /// let t = Text::new("資格確認書", "qualification certificate");
    /// assert_eq!(t.get(Lang::default()), "資格確認書");
    /// ```
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum Lang {
        /// Japanese (日本語), the default at a Japanese reception desk.
        #[default]
        Ja = "ja", "日本語", "Japanese";
        /// English.
        En = "en", "英語", "English";
    }
}

/// A text in Japanese and English (日英の文言).
///
/// # Example
/// ```
/// let t: onshi::Text = serde_json::from_str(r#"{"ja": "はい", "en": "yes"}"#).unwrap();
/// assert_eq!(t.en, "yes");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Text {
    /// Japanese.
    pub ja: String,
    /// English.
    pub en: String,
}

impl Text {
    /// A text from its two languages.
    ///
    /// # Example
    /// ```
    /// let t = onshi::Text::new("いいえ", "no");
    /// assert_eq!(t.ja, "いいえ");
    /// ```
    pub fn new(ja: impl Into<String>, en: impl Into<String>) -> Self {
        Text {
            ja: ja.into(),
            en: en.into(),
        }
    }

    /// The text in `lang`.
    ///
    /// # Example
    /// ```
    /// use onshi::{Lang, Text};
    /// assert_eq!(Text::new("いいえ", "no").get(Lang::En), "no");
    /// ```
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ja => &self.ja,
            Lang::En => &self.en,
        }
    }
}

/// One plain vocabulary's entry in the registry.
macro_rules! plain {
    ($($ty:path),+) => {
        [$(&<$ty as Vocabulary>::DECLARATION),+]
    };
}

/// One kind set's entry in the registry.
macro_rules! kind_sets {
    ($($ty:path),+) => {
        [$(&<$ty as Kinds>::DECLARATION),+]
    };
}

/// Every plain vocabulary of the core, by its public name.
const PLAIN: &[&Declaration] = &plain!(
    crate::reception::Coverage,
    crate::reception::Route,
    crate::reception::FailureClass,
    crate::reception::CopayBasis,
    crate::benefits::AgeBand,
    crate::reception::PresentedDocument,
    crate::reception::NotUsedReason,
    crate::reception::CardKind,
    crate::reception::ScriptStep,
    crate::facility::Exemption,
    crate::facility::CooperationCondition,
    crate::facility::DxCondition,
    crate::registration::RegistrationChannel,
    crate::reception::Registration,
    crate::reception::CardStatus,
    crate::reception::CardReader,
    crate::reception::IdentityMethod,
    crate::reception::IdentityOutcome,
    crate::numbers::NumberKind,
    crate::vocabulary::Lang,
    crate::records::Era,
    crate::records::Sex,
    crate::records::Relation,
    crate::records::NameComparison,
    crate::records::MatchOutcome,
    crate::records::MatchReason,
    crate::records::DifferenceKind,
    crate::records::Severity,
    crate::records::ReconcileOutcome,
    crate::error::ErrorDomain,
    crate::error::ErrorKind,
    crate::error::ErrorClass,
    crate::text::Label,
    crate::certificate::Revocation,
    crate::reception::FileTrouble,
    crate::reception::RequestRefusal,
    crate::policy::CeilingFigure,
    crate::policy::PlannedRows
);

/// Every kind set of the core, by its public name.
const KIND_SETS: &[&Declaration] = &kind_sets!(
    crate::reception::Alert,
    crate::reception::Action,
    crate::certificate::CertificateStatus,
    crate::card::PinCounter,
    crate::card::PinOutcome,
    crate::facility::Obligation,
    crate::registration::RegistrationRefusal,
    crate::reception::PinState,
    crate::records::RecordAction,
    crate::card::TokenKind,
    crate::policy::AuditFinding,
    crate::reception::Ceiling
);

/// Every vocabulary and kind set of the core as declared: what the bindings' mirrors are generated
/// from. The registry names each set once, by its public
/// path; each declaration proves at compile time that it is listed here.
///
/// # Example
/// ```
/// let routes = onshi::vocabulary::VOCABULARIES.iter().find(|d| d.name == "Route").unwrap();
/// assert_eq!(routes.slugs[0], "myna_online");
/// ```
pub const VOCABULARIES: &[&Declaration] = &concat_sets();

/// Every declared set of the core and of `more` (another crate's registry, such as
/// `onshi_oqs::VOCABULARIES`) by name, with its slugs in declaration order: what each binding's
/// tests compare its generated enums with at run time.
///
/// # Example
/// ```
/// let all = onshi::vocabulary::slugs_by_name(&[]);
/// assert_eq!(all["Route"][0], "myna_online");
/// ```
pub fn slugs_by_name(
    more: &[&'static Declaration],
) -> std::collections::BTreeMap<&'static str, Vec<&'static str>> {
    VOCABULARIES
        .iter()
        .chain(more)
        .map(|d| (d.name, d.slugs.to_vec()))
        .collect()
}

#[allow(
    clippy::indexing_slicing,
    reason = "evaluated at compile time: an index out of range fails the build, never a run"
)]
const fn concat_sets() -> [&'static Declaration; PLAIN.len() + KIND_SETS.len()] {
    let mut out = [PLAIN[0]; PLAIN.len() + KIND_SETS.len()];
    let mut i = 0;
    while i < PLAIN.len() {
        out[i] = PLAIN[i];
        i += 1;
    }
    let mut j = 0;
    while j < KIND_SETS.len() {
        out[PLAIN.len() + j] = KIND_SETS[j];
        j += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::card::{PinCounter, PinOutcome};
    use crate::reception::{Alert, CardStatus, NotUsedReason, PresentedDocument};
    use crate::records::RecordAction;

    /// Every value of `T` is its slug in JSON, and reads back as itself.
    fn round_trip<T>()
    where
        T: Vocabulary + Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
    {
        for (v, slug) in T::ALL.iter().zip(T::SLUGS) {
            assert_eq!(v.slug(), *slug, "{}", T::NAME);
            let json = serde_json::to_string(v).unwrap();
            assert_eq!(json, format!("\"{slug}\""), "{}", T::NAME);
            assert_eq!(serde_json::from_str::<T>(&json).unwrap(), *v, "{}", T::NAME);
            assert!(!v.words().ja.is_empty() && !v.words().en.is_empty());
        }
    }

    /// Every value of `T`, a set that is only written, is its slug in JSON.
    fn written<T: Vocabulary + Serialize>() {
        for (v, slug) in T::ALL.iter().zip(T::SLUGS) {
            assert_eq!(serde_json::to_value(v).unwrap(), *slug, "{}", T::NAME);
            assert!(!v.words().ja.is_empty() && !v.words().en.is_empty());
        }
    }

    #[test]
    fn every_value_of_every_vocabulary_round_trips_through_json() {
        use crate::{
            benefits::*, certificate::*, error::*, facility::*, numbers::*, reception::*,
            records::*, registration::*, text::*,
        };
        round_trip::<Coverage>();
        round_trip::<Route>();
        round_trip::<FailureClass>();
        round_trip::<CopayBasis>();
        round_trip::<AgeBand>();
        round_trip::<PresentedDocument>();
        round_trip::<NotUsedReason>();
        round_trip::<CardKind>();
        round_trip::<ScriptStep>();
        written::<Exemption>();
        written::<CooperationCondition>();
        written::<DxCondition>();
        round_trip::<RegistrationChannel>();
        round_trip::<Registration>();
        round_trip::<CardStatus>();
        round_trip::<CardReader>();
        round_trip::<IdentityMethod>();
        round_trip::<IdentityOutcome>();
        round_trip::<NumberKind>();
        round_trip::<Lang>();
        round_trip::<Era>();
        round_trip::<Sex>();
        round_trip::<Relation>();
        round_trip::<NameComparison>();
        round_trip::<MatchOutcome>();
        round_trip::<MatchReason>();
        round_trip::<DifferenceKind>();
        round_trip::<Severity>();
        round_trip::<ReconcileOutcome>();
        round_trip::<ErrorDomain>();
        round_trip::<ErrorKind>();
        round_trip::<ErrorClass>();
        round_trip::<Label>();
        round_trip::<Revocation>();
        round_trip::<FileTrouble>();
        round_trip::<RequestRefusal>();
        round_trip::<crate::policy::CeilingFigure>();
        round_trip::<crate::policy::PlannedRows>();
        assert_eq!(PLAIN.len(), 38, "a vocabulary without its line above");
    }

    /// One alert of every kind, in the order of the kinds, each date field set to `d`.
    fn one_alert_of_each_kind(d: chrono::NaiveDate) -> Vec<Alert> {
        vec![
            Alert::CertificateExpiresSoon { expires: d },
            Alert::CertificateInGrace {
                expired: d,
                grace_until: d,
            },
            Alert::CertificateExpired {
                expired: d,
                grace_ended: d,
            },
            Alert::PinLocked,
            Alert::PinLastTry,
            Alert::CardUnusable {
                status: CardStatus::Suspended,
            },
            Alert::CardInGrace {
                expired: d,
                grace_until: d,
            },
            Alert::CardExpired {
                expired: d,
                grace_ended: d,
            },
            Alert::NotRegistered,
            Alert::IdentityNotConfirmed,
            Alert::SmartphoneNotSupported,
            Alert::LegacyCardEnds { on: d },
            Alert::LegacyCardExpired { ended: d },
            Alert::LegacyCardInsurerChanged,
            Alert::LegacyCardIssuedAfterAbolition { issued: d },
            Alert::QualificationCertificateExpired { ended: d },
            Alert::NoticeNotAlone,
            Alert::TemporaryMeasure { until: d },
            Alert::CopayMismatch {
                online: 20,
                document: 30,
            },
            Alert::CeilingCertificateNotNeeded,
            Alert::ElderlyHoldsCertificate,
            Alert::InsuredNumberMismatch {
                leading_zeros_only: true,
            },
            Alert::CeilingTableMissing { month: d },
            Alert::SmartphoneCertificateExpired {
                expired: d,
                physical_card_until: Some(d),
            },
            Alert::OnlineNumberFailsCheck {
                field: "2026-11-30".into(),
                problem: "2026-11-30".into(),
            },
            Alert::RulesReviewOverdue { reviewed: d },
            Alert::DocumentNotUsed {
                document: PresentedDocument::Notice,
                reason: NotUsedReason::NeedsCard,
            },
        ]
    }

    /// One alert of every kind, each date field set: DATE_FIELDS must name exactly the fields
    /// that hold dates (a new alert kind without its sample here fails).
    #[test]
    fn date_fields_are_exactly_the_alerts_dates() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let samples = one_alert_of_each_kind(d);
        let kinds: Vec<_> = samples.iter().map(Kinds::kind).collect();
        assert_eq!(kinds, Alert::KINDS, "one sample per alert kind, in order");
        let mut dated = std::collections::BTreeSet::new();
        for alert in &samples {
            let value = serde_json::to_value(alert).unwrap();
            let chrono_date = |v: &serde_json::Value| v.as_str().is_some_and(|s| s == "2026-11-30");
            for (key, v) in value.as_object().unwrap() {
                let typed_date =
                    chrono_date(v) && !matches!(alert, Alert::OnlineNumberFailsCheck { .. });
                assert_eq!(
                    typed_date,
                    crate::reception::DATE_FIELDS.contains(&key.as_str()),
                    "{key} of {}",
                    alert.kind()
                );
                if typed_date {
                    dated.insert(key.clone());
                }
            }
        }
        assert_eq!(
            dated.len(),
            crate::reception::DATE_FIELDS.len(),
            "a DATE_FIELDS entry no alert uses"
        );
    }

    #[test]
    fn kinds_are_the_json_kind() {
        let alert = Alert::DocumentNotUsed {
            document: PresentedDocument::Notice,
            reason: NotUsedReason::NeedsCard,
        };
        assert_eq!(serde_json::to_value(&alert).unwrap()["kind"], alert.kind());
        let outcome = PinOutcome::Wrong {
            counter: PinCounter::NoLimit,
        };
        assert_eq!(
            serde_json::to_value(outcome).unwrap()["outcome"],
            outcome.kind()
        );
        let action = RecordAction::EndPeriod {
            last_day: chrono::NaiveDate::from_ymd_opt(2026, 10, 31).unwrap(),
        };
        assert_eq!(serde_json::to_value(action).unwrap()["kind"], action.kind());
        let names: Vec<_> = VOCABULARIES.iter().map(|d| d.name).collect();
        let mut unique = names.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), names.len());
        assert!(names.contains(&"Alert") && names.contains(&"Route"));
    }
}
