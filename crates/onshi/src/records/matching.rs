//! Is the online answer about the patient in the record? Kana normalised the way receipt systems
//! store it (half-width ｶﾀｶﾅ, hiragana, voiced marks composed or not, spaces), kanji variants (異体字)
//! read as one character, names compared with the 外字 placeholder ● (or 〓, ＊) standing for any one
//! character, and a match decided by one function for every caller ([`match_person`]: the birth
//! date and sex, then the names) — never on a name alone, never on the birth date alone.

use crate::vocabulary;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::name_fold::{Fold, compare};

/// Kana as one form: full-width katakana, voiced and semi-voiced marks composed, hiragana as
/// katakana, the long-vowel mark for its look-alikes, and no spaces or middle dots.
///
/// # Example
/// ```
/// use onshi::records::normalize_kana;
/// assert_eq!(normalize_kana("ｼﾞｭｼﾝ ﾀﾛｳ"), "ジュシンタロウ");
/// assert_eq!(normalize_kana("じゅしん　たろう"), "ジュシンタロウ");
/// assert_eq!(normalize_kana("シ\u{3099}ュシン・タロウ"), "ジュシンタロウ");
/// ```
pub fn normalize_kana(text: &str) -> String {
    Fold::kana(text).collect()
}

vocabulary! {
    /// How two names (or two kana names) compare.
    ///
    /// # Example
    /// ```
    /// use onshi::records::{compare_names, NameComparison};
    /// assert_eq!(compare_names("試験　●子", "試験 花子"), NameComparison::SameWithPlaceholder);
    /// assert_eq!(compare_names("ｼｹﾝ ﾊﾅｺ", "シケン　ハナコ"), NameComparison::Same);
    /// assert_eq!(compare_names("髙橋　花子", "高橋　花子"), NameComparison::SameAsVariant);
    /// assert_eq!(compare_names("●●　●●", "試験　花子"), NameComparison::NotWritten);
    /// assert_eq!(compare_names("試験　花子", "試験　太郎"), NameComparison::Different);
    /// ```
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum NameComparison {
        /// The same once widths, kana forms, spaces, variation selectors and compatibility
        /// ideographs (神 U+FA19 for 神) are set aside.
        Same = "same", "同じ", "the same";
        /// The same once kanji variants (異体字: 髙/高, 﨑/崎, 邊/辺, 齋/斎) are read as one character.
        SameAsVariant = "same_as_variant", "異体字を同じ字として同じ", "the same once kanji variants (異体字) are read as one";
        /// The same where both are written; a ● (外字 the system could not print) stands for a
        /// character of the other.
        SameWithPlaceholder = "same_with_placeholder", "外字（●）を除いて同じ", "the same but for ● (外字)";
        /// The same once small kana are read as large (ジョウ / ジヨウ).
        SameIgnoringSmallKana = "same_ignoring_small_kana", "小書きの仮名を除いて同じ", "the same but for small kana";
        /// Different names.
        Different = "different", "異なる", "different";
        /// Nothing to compare: one of the names is empty or only placeholders (●●　●●), which is no
        /// written name.
        NotWritten = "not_written", "氏名が空か外字（●）だけで比べられない", "nothing to compare: a name is empty or only ● (外字)";
    }
}

impl NameComparison {
    /// Whether the two names agree (the same, or the same but for variants, placeholders or
    /// small kana).
    ///
    /// # Example
    /// ```
    /// use onshi::records::NameComparison;
    /// assert!(NameComparison::SameAsVariant.agrees());
    /// assert!(!NameComparison::NotWritten.agrees());
    /// ```
    pub fn agrees(self) -> bool {
        !matches!(self, NameComparison::Different | NameComparison::NotWritten)
    }
}

/// Compares two names (kanji or kana) as receipt systems and the online system write them: width,
/// hiragana/katakana, voiced marks, spaces and variation selectors are not differences; kanji
/// variants (異体字) are one character; a ● or 〓 (or ＊) stands for any one character (外字); a
/// name that is empty or only placeholders is not written. One pass, no allocation.
///
/// The kanji variants are generated from the Unicode Han Database (Unihan, Unicode 15.0.0:
/// kZVariant, kSemanticVariant, kJoyoKanji, kJinmeiyoKanji; Unicode License v3) by
/// `crates/onshi/build-data/kanji_variants.py`, with the pairs of
/// ../shared/reference/domain-updates-2026-12.md §4 that Unihan does not relate.
///
/// # Example
/// ```
/// use onshi::records::{compare_names, NameComparison};
/// assert_eq!(compare_names("ジョウ", "ｼﾞﾖｳ"), NameComparison::SameIgnoringSmallKana);
/// assert_eq!(compare_names("山\u{FA11}　花子", "山崎 花子"), NameComparison::SameAsVariant); // 﨑
/// assert_eq!(compare_names("", ""), NameComparison::NotWritten);
/// ```
pub fn compare_names(a: &str, b: &str) -> NameComparison {
    compare(a, b)
}

vocabulary! {
    /// 性別.
    ///
    /// # Example
    /// ```
    /// assert_eq!(serde_json::to_value(onshi::records::Sex::Female).unwrap(), "female");
    /// ```
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum Sex {
        /// 男.
        Male = "male", "男", "male";
        /// 女.
        Female = "female", "女", "female";
    }
}

/// What is known of a person on one side: the stored record or the online answer.
///
/// # Example
/// ```
/// let p: onshi::records::PersonFacts = serde_json::from_str(
///     r#"{"name": "試験　花子", "name_kana": "ｼｹﾝ ﾊﾅｺ", "birth_date": "1980-01-01", "sex": "female"}"#).unwrap();
/// assert!(!format!("{p:?}").contains("花子")); // personal fields are redacted in Debug
/// ```
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonFacts {
    /// 氏名.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// 氏名（カナ）.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_kana: Option<String>,
    /// 生年月日.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<NaiveDate>,
    /// 性別.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<Sex>,
}

impl std::fmt::Debug for PersonFacts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PersonFacts(<redacted>)")
    }
}

vocabulary! {
    /// Whether two sides are the same person.
    ///
    /// # Example
    /// ```
    /// assert_eq!(serde_json::to_value(onshi::records::MatchOutcome::DifferentPerson).unwrap(), "different_person");
    /// ```
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum MatchOutcome {
        /// The birth date agrees, and a name or kana name agrees (set-asides are in the reasons).
        SamePerson = "same_person", "同じ人です", "the same person";
        /// Something that cannot change differs: the birth date or the sex. Nothing is ever taken
        /// from the answer.
        DifferentPerson = "different_person", "別の人です", "someone else";
        /// Not known: no birth date on one side, no written name to compare, or every written name
        /// differs (names change: marriage, divorce, 通称). Confirm with the patient; never matched on
        /// a name alone, nor on the birth date alone.
        Uncertain = "uncertain", "同じ人か判断できません", "cannot tell";
    }
}

vocabulary! {
    /// A reason behind a [`PersonMatch`].
    ///
    /// # Example
    /// ```
    /// assert_eq!(serde_json::to_value(onshi::records::MatchReason::NameWithPlaceholder).unwrap(), "name_with_placeholder");
    /// assert_eq!(serde_json::to_value(onshi::records::MatchReason::NameVariant).unwrap(), "name_variant");
    /// ```
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum MatchReason {
        /// The birth dates agree.
        BirthDateSame = "birth_date_same", "生年月日が一致", "birth dates agree";
        /// The birth dates differ.
        BirthDateDiffers = "birth_date_differs", "生年月日が異なる", "birth dates differ";
        /// One side has no birth date.
        BirthDateMissing = "birth_date_missing", "生年月日がない", "a birth date is missing";
        /// The sexes differ.
        SexDiffers = "sex_differs", "性別が異なる", "sexes differ";
        /// The names agree.
        NameSame = "name_same", "氏名が一致", "names agree";
        /// The names agree where both are written; ● stood for a character (外字).
        NameWithPlaceholder = "name_with_placeholder", "外字（●）を除いて氏名が一致", "names agree but for ● (外字)";
        /// The names (or kana names) agree once kanji variants (異体字: 髙/高, 﨑/崎) are read as one
        /// character: show it, the two sides write the name differently.
        NameVariant = "name_variant", "異体字を同じ字として氏名が一致（記録と回答で字体が異なる）", "names agree once kanji variants (異体字) are read as one (the two sides write them differently)";
        /// The names differ.
        NameDiffers = "name_differs", "氏名が異なる", "names differ";
        /// A name is empty or only placeholders (●●　●●): not a written name.
        NameNotWritten = "name_not_written", "氏名が空か外字（●）だけ", "a name is empty or only ● (外字)";
        /// The kana names agree (width, hiragana and spaces set aside).
        KanaSame = "kana_same", "カナ氏名が一致", "kana names agree";
        /// The kana names agree once small kana are read as large.
        KanaSmallKanaOnly = "kana_small_kana_only", "小書きの仮名を除いてカナ氏名が一致", "kana names agree but for small kana";
        /// The kana names differ.
        KanaDiffers = "kana_differs", "カナ氏名が異なる", "kana names differ";
        /// A kana name is empty or only placeholders: not a written name.
        KanaNotWritten = "kana_not_written", "カナ氏名が空か外字（●）だけ", "a kana name is empty or only ● (外字)";
        /// Neither a name nor a kana name is written on both sides.
        NoNameToCompare = "no_name_to_compare", "比べられる氏名がない", "no name to compare";
    }
}

/// The outcome of matching a stored person with an online one, with its reasons.
///
/// # Example
/// ```
/// use onshi::records::{match_person, MatchOutcome, PersonFacts};
/// let stored: PersonFacts = serde_json::from_str(r#"{"name": "試験　●子", "birth_date": "1980-01-01"}"#).unwrap();
/// let online: PersonFacts = serde_json::from_str(r#"{"name": "試験　花子", "birth_date": "1980-01-01"}"#).unwrap();
/// assert_eq!(match_person(&stored, &online).outcome, MatchOutcome::SamePerson);
/// // A name alone never matches.
/// let no_date: PersonFacts = serde_json::from_str(r#"{"name": "試験　花子"}"#).unwrap();
/// assert_eq!(match_person(&no_date, &online).outcome, MatchOutcome::Uncertain);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonMatch {
    /// Same person, different person, or cannot tell.
    pub outcome: MatchOutcome,
    /// Why.
    pub reasons: Vec<MatchReason>,
}

/// Matches a stored person with the online one. Every caller decides through this function
/// ([`reconcile`](crate::records::reconcile), [`InsuranceRecord::match_person`](crate::records::InsuranceRecord::match_person),
/// `onshi batch report`), so no two can disagree:
///
/// - the birth date or the sex differing (where both sides give it): another person;
/// - the birth date equal and a written name form (the name or the kana) agreeing, after
///   normalisation and with kanji variants read as one: the same person;
/// - the birth date equal and every written name form differing: not known, confirm with the
///   patient (names change: marriage, divorce, 通称) — never another person;
/// - a name that is empty or only placeholders (●, 〓, ＊) is not written; the birth date alone,
///   or a name alone, is never a match.
///
/// # Example
/// ```
/// use onshi::records::{match_person, MatchOutcome, MatchReason, PersonFacts};
/// let facts = |json: &str| serde_json::from_str::<PersonFacts>(json).unwrap();
/// let stored = facts(r#"{"name": "髙橋　花子", "name_kana": "ﾀｶﾊｼ ﾊﾅｺ", "birth_date": "1980-01-01"}"#);
/// let m = match_person(&stored, &facts(r#"{"name": "高橋　花子", "birth_date": "1980-01-01"}"#));
/// assert_eq!(m.outcome, MatchOutcome::SamePerson);
/// assert!(m.reasons.contains(&MatchReason::NameVariant));
/// // Married: a new name and kana, the same birth date. Not known, never someone else.
/// let married = facts(r#"{"name": "新姓　花子", "name_kana": "ｼﾝｾｲ ﾊﾅｺ", "birth_date": "1980-01-01"}"#);
/// assert_eq!(match_person(&stored, &married).outcome, MatchOutcome::Uncertain);
/// // Another birth date: someone else.
/// let other = facts(r#"{"name": "髙橋　花子", "birth_date": "1980-01-02"}"#);
/// assert_eq!(match_person(&stored, &other).outcome, MatchOutcome::DifferentPerson);
/// // A name the reader printed as placeholders is no name: the birth date alone never matches.
/// let unprinted = facts(r#"{"name": "●●　●●", "birth_date": "1980-01-01"}"#);
/// assert_eq!(match_person(&stored, &unprinted).outcome, MatchOutcome::Uncertain);
/// ```
pub fn match_person(stored: &PersonFacts, online: &PersonFacts) -> PersonMatch {
    decide(Person::of(stored), Person::of(online))
}

/// The facts of one side, borrowed (a report matches a million records without copying names).
#[derive(Clone, Copy)]
pub(crate) struct Person<'a> {
    pub(crate) name: Option<&'a str>,
    pub(crate) name_kana: Option<&'a str>,
    pub(crate) birth_date: Option<NaiveDate>,
    pub(crate) sex: Option<Sex>,
}

impl<'a> Person<'a> {
    fn of(facts: &'a PersonFacts) -> Person<'a> {
        Person {
            name: facts.name.as_deref(),
            name_kana: facts.name_kana.as_deref(),
            birth_date: facts.birth_date,
            sex: facts.sex,
        }
    }
}

/// The one person match (see [`match_person`]).
// ../shared/reference/domain-updates-2026-12.md:45-51 (§4, "Matching a person").
pub(crate) fn decide(stored: Person<'_>, online: Person<'_>) -> PersonMatch {
    let mut reasons = Vec::with_capacity(4);
    let birth = birth_dates(stored.birth_date, online.birth_date, &mut reasons);
    let sex_differs = sexes_differ(stored.sex, online.sex, &mut reasons);
    let names = written_names(stored, online, &mut reasons);
    let outcome = if birth == Some(false) || sex_differs {
        MatchOutcome::DifferentPerson
    } else if birth == Some(true) && names == Some(true) {
        MatchOutcome::SamePerson
    } else {
        MatchOutcome::Uncertain
    };
    PersonMatch { outcome, reasons }
}

/// Whether the birth dates agree; `None` when one side has none.
fn birth_dates(
    stored: Option<NaiveDate>,
    online: Option<NaiveDate>,
    reasons: &mut Vec<MatchReason>,
) -> Option<bool> {
    let (Some(a), Some(b)) = (stored, online) else {
        reasons.push(MatchReason::BirthDateMissing);
        return None;
    };
    reasons.push(if a == b {
        MatchReason::BirthDateSame
    } else {
        MatchReason::BirthDateDiffers
    });
    Some(a == b)
}

/// Whether both sides give a sex and they differ.
fn sexes_differ(stored: Option<Sex>, online: Option<Sex>, reasons: &mut Vec<MatchReason>) -> bool {
    let differs = matches!((stored, online), (Some(a), Some(b)) if a != b);
    if differs {
        reasons.push(MatchReason::SexDiffers);
    }
    differs
}

/// Whether some name form written on both sides agrees; `None` when no form is written on both.
fn written_names(
    stored: Person<'_>,
    online: Person<'_>,
    reasons: &mut Vec<MatchReason>,
) -> Option<bool> {
    let mut agree = None;
    for (kana, a, b) in [
        (false, stored.name, online.name),
        (true, stored.name_kana, online.name_kana),
    ] {
        let (Some(a), Some(b)) = (a, b) else {
            continue;
        };
        let comparison = compare(a, b);
        reasons.push(reason(kana, comparison));
        if comparison != NameComparison::NotWritten {
            agree = Some(agree.unwrap_or(false) || comparison.agrees());
        }
    }
    if agree.is_none() {
        reasons.push(MatchReason::NoNameToCompare);
    }
    agree
}

/// The reason a comparison of the name (or of the kana) gives.
fn reason(kana: bool, comparison: NameComparison) -> MatchReason {
    match (kana, comparison) {
        (_, NameComparison::SameAsVariant) => MatchReason::NameVariant,
        (false, NameComparison::Same | NameComparison::SameIgnoringSmallKana) => {
            MatchReason::NameSame
        }
        (false, NameComparison::SameWithPlaceholder) => MatchReason::NameWithPlaceholder,
        (false, NameComparison::Different) => MatchReason::NameDiffers,
        (false, NameComparison::NotWritten) => MatchReason::NameNotWritten,
        (true, NameComparison::Same | NameComparison::SameWithPlaceholder) => MatchReason::KanaSame,
        (true, NameComparison::SameIgnoringSmallKana) => MatchReason::KanaSmallKanaOnly,
        (true, NameComparison::Different) => MatchReason::KanaDiffers,
        (true, NameComparison::NotWritten) => MatchReason::KanaNotWritten,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_half_width_kana_and_its_voiced_forms_normalise() {
        assert_eq!(normalize_kana("ｶﾞｷﾞｸﾞｹﾞｺﾞﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟｳﾞ"), "ガギグゲゴパピプペポヴ");
        assert_eq!(
            normalize_kana("ｦｧｨｩｪｫｬｭｮｯｰｱﾝ"),
            "ヲァィゥェォャュョッーアン"
        );
        assert_eq!(normalize_kana("が"), "ガ");
        assert_eq!(normalize_kana("か\u{3099}"), "ガ");
        assert_eq!(normalize_kana("ハ\u{309A}"), "パ");
        assert_eq!(normalize_kana("ア゛"), "ア"); // a mark that composes with nothing is dropped
        assert_eq!(normalize_kana("ｽﾐｽ･ｼﾞｮﾝ"), "スミスジョン");
        assert_eq!(normalize_kana("ﾒｰﾙ"), normalize_kana("メ-ル"));
    }

    #[test]
    fn a_name_alone_never_matches_and_an_unchangeable_fact_decides() {
        let facts = |json: &str| serde_json::from_str::<PersonFacts>(json).unwrap();
        let online = facts(
            r#"{"name": "試験　花子", "name_kana": "シケン ハナコ", "birth_date": "1980-01-01", "sex": "female"}"#,
        );
        let cases = [
            (
                r#"{"name": "試験　花子", "birth_date": "1980-01-01"}"#,
                MatchOutcome::SamePerson,
            ),
            (
                r#"{"name_kana": "ｼｹﾝﾊﾅｺ", "birth_date": "1980-01-01"}"#,
                MatchOutcome::SamePerson,
            ),
            (r#"{"name": "試験　花子"}"#, MatchOutcome::Uncertain),
            (r#"{"birth_date": "1980-01-01"}"#, MatchOutcome::Uncertain),
            (
                r#"{"name": "試験　花子", "birth_date": "1980-01-02"}"#,
                MatchOutcome::DifferentPerson,
            ),
            (
                r#"{"name": "試験　花子", "birth_date": "1980-01-01", "sex": "male"}"#,
                MatchOutcome::DifferentPerson,
            ),
            // Every written name differing, the same birth date: not known (a new name after a
            // marriage, a 通称), never someone else.
            (
                r#"{"name": "別人　太郎", "name_kana": "ﾍﾞﾂｼﾞﾝ ﾀﾛｳ", "birth_date": "1980-01-01"}"#,
                MatchOutcome::Uncertain,
            ),
            // A new surname (marriage) with the kana not yet changed: the kana agrees.
            (
                r#"{"name": "新姓　花子", "name_kana": "シケン ハナコ", "birth_date": "1980-01-01"}"#,
                MatchOutcome::SamePerson,
            ),
            // Names that differ do not outweigh a birth date that differs.
            (
                r#"{"name": "別人　太郎", "birth_date": "1990-01-01"}"#,
                MatchOutcome::DifferentPerson,
            ),
            // Only placeholders, or empty: no written name, and the birth date alone is no match.
            (
                r#"{"name": "●●　●●", "birth_date": "1980-01-01"}"#,
                MatchOutcome::Uncertain,
            ),
            (
                r#"{"name": "", "name_kana": "", "birth_date": "1980-01-01"}"#,
                MatchOutcome::Uncertain,
            ),
            // An all-placeholder kana does not make the match; the written name differing leaves
            // it not known.
            (
                r#"{"name": "別人　太郎", "name_kana": "●●●● ●●●", "birth_date": "1980-01-01"}"#,
                MatchOutcome::Uncertain,
            ),
        ];
        for (stored, want) in cases {
            assert_eq!(
                match_person(&facts(stored), &online).outcome,
                want,
                "{stored}"
            );
        }
    }

    #[test]
    fn each_comparison_gives_its_reason() {
        let facts = |json: &str| serde_json::from_str::<PersonFacts>(json).unwrap();
        let cases = [
            ("髙橋　花子", "高橋　花子", MatchReason::NameVariant),
            ("試験　●子", "試験　花子", MatchReason::NameWithPlaceholder),
            ("●●　●●", "試験　花子", MatchReason::NameNotWritten),
            ("試験　桃子", "試験　花子", MatchReason::NameDiffers),
        ];
        for (a, b, want) in cases {
            let stored = facts(&format!(r#"{{"name": "{a}", "birth_date": "1980-01-01"}}"#));
            let online = facts(&format!(r#"{{"name": "{b}", "birth_date": "1980-01-01"}}"#));
            let m = match_person(&stored, &online);
            assert!(m.reasons.contains(&want), "{a} {b}: {:?}", m.reasons);
        }
        let kana = |a: &str, b: &str| {
            let stored = facts(&format!(
                r#"{{"name_kana": "{a}", "birth_date": "1980-01-01"}}"#
            ));
            let online = facts(&format!(
                r#"{{"name_kana": "{b}", "birth_date": "1980-01-01"}}"#
            ));
            match_person(&stored, &online).reasons
        };
        assert!(kana("ｼﾞｮｳ", "ジヨウ").contains(&MatchReason::KanaSmallKanaOnly));
        assert!(kana("", "ジヨウ").contains(&MatchReason::KanaNotWritten));
        assert!(kana("", "ジヨウ").contains(&MatchReason::NoNameToCompare));
    }
}
