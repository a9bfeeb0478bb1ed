//! Is the online answer about the patient in the record? Kana normalised the way receipt systems
//! store it (half-width ｶﾀｶﾅ, hiragana, voiced marks composed or not, spaces), names compared with
//! the 外字 placeholder ● (or 〓) standing for any one character, and a match decided on the birth
//! date with a name — never on the name alone.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Half-width katakana U+FF66 … U+FF9D as full-width, in order.
const HALF_WIDTH: [char; 56] = [
    'ヲ', 'ァ', 'ィ', 'ゥ', 'ェ', 'ォ', 'ャ', 'ュ', 'ョ', 'ッ', 'ー', 'ア', 'イ', 'ウ', 'エ', 'オ',
    'カ', 'キ', 'ク', 'ケ', 'コ', 'サ', 'シ', 'ス', 'セ', 'ソ', 'タ', 'チ', 'ツ', 'テ', 'ト', 'ナ',
    'ニ', 'ヌ', 'ネ', 'ノ', 'ハ', 'ヒ', 'フ', 'ヘ', 'ホ', 'マ', 'ミ', 'ム', 'メ', 'モ', 'ヤ', 'ユ',
    'ヨ', 'ラ', 'リ', 'ル', 'レ', 'ロ', 'ワ', 'ン',
];

/// Katakana that take the voiced mark (゛), and those that take the semi-voiced mark (゜).
const VOICEABLE: &str = "カキクケコサシスセソタチツテトハヒフヘホ";
const SEMI_VOICEABLE: &str = "ハヒフヘホ";

/// Kana as one form: full-width katakana, voiced and semi-voiced marks composed, hiragana as
/// katakana, the long-vowel mark for its look-alikes, and no spaces or middle dots.
///
/// # Example
/// ```
/// use onshi::normalize_kana;
/// assert_eq!(normalize_kana("ｼﾞｭｼﾝ ﾀﾛｳ"), "ジュシンタロウ");
/// assert_eq!(normalize_kana("じゅしん　たろう"), "ジュシンタロウ");
/// assert_eq!(normalize_kana("シ\u{3099}ュシン・タロウ"), "ジュシンタロウ");
/// ```
pub fn normalize_kana(text: &str) -> String {
    let mut out: Vec<char> = Vec::with_capacity(text.len());
    for c in text.chars() {
        let c = match c {
            // Spaces and the middle dot that separates given and family names.
            _ if c.is_whitespace() => continue,
            '・' | '\u{FF65}' => continue,
            // Voiced and semi-voiced marks, half-width, spacing or combining: onto the kana before.
            '\u{FF9E}' | '\u{309B}' | '\u{3099}' | '\u{FF9F}' | '\u{309C}' | '\u{309A}' => {
                let semi = matches!(c, '\u{FF9F}' | '\u{309C}' | '\u{309A}');
                if let Some(last) = out.last_mut()
                    && let Some(composed) = voiced(*last, semi)
                {
                    *last = composed;
                }
                continue;
            }
            '\u{FF66}'..='\u{FF9D}' => HALF_WIDTH
                .get((c as u32 - 0xFF66) as usize)
                .copied()
                .unwrap_or(c),
            '\u{2010}'..='\u{2015}' | '\u{2212}' | '-' | '\u{FF0D}' => 'ー',
            // Hiragana as katakana.
            '\u{3041}'..='\u{3096}' => char::from_u32(c as u32 + 0x60).unwrap_or(c),
            _ => c,
        };
        out.push(c);
    }
    out.into_iter().collect()
}

/// The katakana with the voiced (or semi-voiced) mark, when it takes one.
fn voiced(base: char, semi: bool) -> Option<char> {
    if semi {
        SEMI_VOICEABLE
            .contains(base)
            .then(|| char::from_u32(base as u32 + 2))
            .flatten()
    } else if base == 'ウ' {
        Some('ヴ')
    } else {
        VOICEABLE
            .contains(base)
            .then(|| char::from_u32(base as u32 + 1))
            .flatten()
    }
}

/// A kana name with small kana written large (ジョウ → ジヨウ), for systems that cannot store
/// small kana.
fn large_kana(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'ァ' | 'ィ' | 'ゥ' | 'ェ' | 'ォ' | 'ッ' | 'ャ' | 'ュ' | 'ョ' | 'ヮ' | 'ヵ' | 'ヶ' =>
            {
                let large = "アイウエオツヤユヨワカケ";
                let small = "ァィゥェォッャュョヮヵヶ";
                small
                    .chars()
                    .position(|s| s == c)
                    .and_then(|i| large.chars().nth(i))
                    .unwrap_or(c)
            }
            _ => c,
        })
        .collect()
}

/// How two names (or two kana names) compare.
///
/// # Example
/// ```
/// use onshi::{compare_names, NameComparison};
/// assert_eq!(compare_names("試験　●子", "試験 花子"), NameComparison::SameWithPlaceholder);
/// assert_eq!(compare_names("ｼｹﾝ ﾊﾅｺ", "シケン　ハナコ"), NameComparison::Same);
/// assert_eq!(compare_names("試験　花子", "試験　太郎"), NameComparison::Different);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NameComparison {
    /// The same once widths, kana forms and spaces are set aside.
    Same,
    /// The same where both are written; a ● (外字 the system could not print) stands for a
    /// character of the other.
    SameWithPlaceholder,
    /// The same once small kana are read as large (ジョウ / ジヨウ).
    SameIgnoringSmallKana,
    /// Different names.
    Different,
}

/// Compares two names (kanji or kana) as receipt systems and the online system write them: width,
/// hiragana/katakana, voiced marks and spaces are not differences; a ● or 〓 stands for any one
/// character (外字).
///
/// # Example
/// ```
/// use onshi::{compare_names, NameComparison};
/// assert_eq!(compare_names("ジョウ", "ｼﾞﾖｳ"), NameComparison::SameIgnoringSmallKana);
/// ```
pub fn compare_names(a: &str, b: &str) -> NameComparison {
    let (a, b) = (
        fold_width(&normalize_kana(a)),
        fold_width(&normalize_kana(b)),
    );
    if a == b {
        return NameComparison::Same;
    }
    let placeholder = |c: char| matches!(c, '●' | '〓');
    let (ca, cb): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if ca.len() == cb.len()
        && ca
            .iter()
            .zip(&cb)
            .all(|(x, y)| x == y || placeholder(*x) || placeholder(*y))
    {
        return NameComparison::SameWithPlaceholder;
    }
    if large_kana(&a) == large_kana(&b) {
        return NameComparison::SameIgnoringSmallKana;
    }
    NameComparison::Different
}

/// Full-width ASCII letters and digits as half-width, letters upper-case (for romanised names).
fn fold_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// 性別.
///
/// # Example
/// ```
/// assert_eq!(serde_json::to_value(onshi::Sex::Female).unwrap(), "female");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    /// 男.
    Male,
    /// 女.
    Female,
}

/// What is known of a person on one side: the stored record or the online answer.
///
/// # Example
/// ```
/// let p: onshi::PersonFacts = serde_json::from_str(
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

/// Whether two sides are the same person.
///
/// # Example
/// ```
/// assert_eq!(serde_json::to_value(onshi::MatchOutcome::DifferentPerson).unwrap(), "different_person");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchOutcome {
    /// The birth date agrees, and a name or kana name agrees (set-asides are in the reasons).
    SamePerson,
    /// Something that cannot change differs: the birth date, the sex, the name and the kana.
    DifferentPerson,
    /// Not enough to tell: no birth date on one side, or no name to compare. Never matched on a name
    /// alone.
    Uncertain,
}

/// A reason behind a [`PersonMatch`].
///
/// # Example
/// ```
/// assert_eq!(serde_json::to_value(onshi::MatchReason::NameWithPlaceholder).unwrap(), "name_with_placeholder");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchReason {
    /// The birth dates agree.
    BirthDateSame,
    /// The birth dates differ.
    BirthDateDiffers,
    /// One side has no birth date.
    BirthDateMissing,
    /// The sexes differ.
    SexDiffers,
    /// The names agree.
    NameSame,
    /// The names agree where both are written; ● stood for a character (外字).
    NameWithPlaceholder,
    /// The names differ.
    NameDiffers,
    /// The kana names agree (width, hiragana and spaces set aside).
    KanaSame,
    /// The kana names agree once small kana are read as large.
    KanaSmallKanaOnly,
    /// The kana names differ.
    KanaDiffers,
    /// Neither a name nor a kana name is written on both sides.
    NoNameToCompare,
}

/// The outcome of matching a stored person with an online one, with its reasons.
///
/// # Example
/// ```
/// use onshi::{match_person, MatchOutcome, PersonFacts};
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

/// Matches a stored person with the online one: a different birth date or sex, or both the name
/// and the kana differing, is a different person; the same birth date with an agreeing name or kana
/// is the same person; anything less is uncertain.
///
/// # Example
/// ```
/// use onshi::{match_person, MatchOutcome, PersonFacts};
/// let a: PersonFacts = serde_json::from_str(r#"{"name_kana": "ｼｹﾝ ﾊﾅｺ", "birth_date": "1980-01-01"}"#).unwrap();
/// let b: PersonFacts = serde_json::from_str(r#"{"name_kana": "シケン ハナコ", "birth_date": "1980-01-02"}"#).unwrap();
/// assert_eq!(match_person(&a, &b).outcome, MatchOutcome::DifferentPerson);
/// ```
pub fn match_person(stored: &PersonFacts, online: &PersonFacts) -> PersonMatch {
    let mut reasons = Vec::new();
    let mut different = false;
    let birth = match (stored.birth_date, online.birth_date) {
        (Some(a), Some(b)) if a == b => Some(true),
        (Some(_), Some(_)) => Some(false),
        _ => None,
    };
    match birth {
        Some(true) => reasons.push(MatchReason::BirthDateSame),
        Some(false) => {
            reasons.push(MatchReason::BirthDateDiffers);
            different = true;
        }
        None => reasons.push(MatchReason::BirthDateMissing),
    }
    if let (Some(a), Some(b)) = (stored.sex, online.sex)
        && a != b
    {
        reasons.push(MatchReason::SexDiffers);
        different = true;
    }
    let mut agree = false;
    let mut compared = 0;
    if let (Some(a), Some(b)) = (&stored.name, &online.name) {
        compared += 1;
        match compare_names(a, b) {
            NameComparison::Same | NameComparison::SameIgnoringSmallKana => {
                reasons.push(MatchReason::NameSame);
                agree = true;
            }
            NameComparison::SameWithPlaceholder => {
                reasons.push(MatchReason::NameWithPlaceholder);
                agree = true;
            }
            NameComparison::Different => reasons.push(MatchReason::NameDiffers),
        }
    }
    if let (Some(a), Some(b)) = (&stored.name_kana, &online.name_kana) {
        compared += 1;
        match compare_names(a, b) {
            NameComparison::Same | NameComparison::SameWithPlaceholder => {
                reasons.push(MatchReason::KanaSame);
                agree = true;
            }
            NameComparison::SameIgnoringSmallKana => {
                reasons.push(MatchReason::KanaSmallKanaOnly);
                agree = true;
            }
            NameComparison::Different => reasons.push(MatchReason::KanaDiffers),
        }
    }
    if compared == 0 {
        reasons.push(MatchReason::NoNameToCompare);
    } else if !agree {
        // Every name written on both sides differs.
        different = true;
    }
    let outcome = if different {
        MatchOutcome::DifferentPerson
    } else if birth == Some(true) && agree {
        MatchOutcome::SamePerson
    } else {
        MatchOutcome::Uncertain
    };
    PersonMatch { outcome, reasons }
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
            (
                r#"{"name": "別人　太郎", "name_kana": "ﾍﾞﾂｼﾞﾝ ﾀﾛｳ", "birth_date": "1980-01-01"}"#,
                MatchOutcome::DifferentPerson,
            ),
            // A new surname (marriage) with the same kana given name is not enough on its own, but
            // the kana still agrees here: the same person with a name to update.
            (
                r#"{"name": "新姓　花子", "name_kana": "シケン ハナコ", "birth_date": "1980-01-01"}"#,
                MatchOutcome::SamePerson,
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
}
