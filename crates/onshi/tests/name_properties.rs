//! Name matching held to properties over generated names: the one-pass fold against the plain
//! definition of kana normalisation, comparisons symmetric and blind to spaces and variation
//! selectors, and the person match (ref. domain-updates-2026-12.md §4) the same for every caller.
#![cfg(test)]

use onshi::RuleSet;
use onshi::records::{
    InsuranceRecord, MatchOutcome, NameComparison, PersonFacts, Sex, compare_names, match_person,
    normalize_kana, reconcile,
};
use proptest::prelude::*;

/// Characters names are made of here: kana in every width and form, marks, spaces, middle dots,
/// placeholders, kanji with their variants, a compatibility ideograph and variation selectors.
const ALPHABET: &[char] = &[
    'ア',
    'カ',
    'ハ',
    'ウ',
    'ヨ',
    'ョ',
    'ツ',
    'ッ',
    'か',
    'は',
    'よ',
    'ょ',
    'ｶ',
    'ﾊ',
    'ｮ',
    'ﾖ',
    'ﾞ',
    'ﾟ',
    '゛',
    '゜',
    '\u{3099}',
    '\u{309A}',
    ' ',
    '　',
    '・',
    '･',
    '-',
    'ー',
    '●',
    '〓',
    '＊',
    '高',
    '髙',
    '崎',
    '﨑',
    '辺',
    '邊',
    '邉',
    '斎',
    '齋',
    '田',
    '花',
    '子',
    '\u{FA19}',
    '神',
    '\u{E0100}',
    '\u{FE00}',
    'a',
    'Ａ',
];

fn name() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(ALPHABET), 0..8)
        .prop_map(|c| c.into_iter().collect())
}

/// Kana normalisation written plainly: each character mapped, a mark composed onto the kana
/// already written (or dropped), into a vector.
fn plain_normalize_kana(text: &str) -> String {
    const HALF: &str = "ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン";
    let mut out: Vec<char> = Vec::new();
    for c in text.chars() {
        let semi = matches!(c, '\u{FF9F}' | '\u{309C}' | '\u{309A}');
        if semi || matches!(c, '\u{FF9E}' | '\u{309B}' | '\u{3099}') {
            if let Some(last) = out.last_mut() {
                let voiced = if semi {
                    "ハヒフヘホ"
                        .contains(*last)
                        .then(|| char::from_u32(*last as u32 + 2))
                } else if *last == 'ウ' {
                    Some(Some('ヴ'))
                } else {
                    "カキクケコサシスセソタチツテトハヒフヘホ"
                        .contains(*last)
                        .then(|| char::from_u32(*last as u32 + 1))
                };
                if let Some(Some(v)) = voiced {
                    *last = v;
                }
            }
            continue;
        }
        if c.is_whitespace() || c == '・' || c == '\u{FF65}' {
            continue;
        }
        out.push(match c {
            '\u{FF66}'..='\u{FF9D}' => HALF.chars().nth((c as u32 - 0xFF66) as usize).unwrap(),
            '\u{2010}'..='\u{2015}' | '\u{2212}' | '-' | '\u{FF0D}' => 'ー',
            '\u{3041}'..='\u{3096}' => char::from_u32(c as u32 + 0x60).unwrap(),
            _ => c,
        });
    }
    out.into_iter().collect()
}

fn facts(name: &str, kana: &str, birth: &str, sex: Option<Sex>) -> PersonFacts {
    PersonFacts {
        name: Some(name.to_owned()),
        name_kana: Some(kana.to_owned()),
        birth_date: birth.parse().ok(),
        sex,
    }
}

proptest! {
    #[test]
    fn the_one_pass_kana_fold_is_the_plain_definition(text in name()) {
        prop_assert_eq!(normalize_kana(&text), plain_normalize_kana(&text));
    }

    #[test]
    fn comparing_is_symmetric(a in name(), b in name()) {
        prop_assert_eq!(compare_names(&a, &b), compare_names(&b, &a));
    }

    #[test]
    fn a_name_is_itself_unless_it_is_not_written(a in name()) {
        let c = compare_names(&a, &a);
        prop_assert!(c == NameComparison::Same || c == NameComparison::NotWritten, "{:?}", c);
    }

    #[test]
    fn spaces_and_variation_selectors_are_no_difference(a in name(), b in name(), at in 0_usize..8) {
        let mut spaced: Vec<char> = a.chars().collect();
        spaced.insert(at.min(spaced.len()), '　');
        spaced.push('\u{E0101}');
        let spaced: String = spaced.into_iter().collect();
        prop_assert_eq!(compare_names(&spaced, &b), compare_names(&a, &b));
    }

    /// The rule, whatever the names: another birth date or sex is another person; the same birth
    /// date and sex is never another person; the same person needs the birth date and a name.
    #[test]
    fn only_a_birth_date_or_a_sex_makes_another_person(
        (a, ak, b, bk) in (name(), name(), name(), name()),
        same_birth in any::<bool>(),
        sexes in prop::sample::select(vec![(None, None), (Some(Sex::Female), Some(Sex::Female)), (Some(Sex::Female), Some(Sex::Male))]),
    ) {
        let stored = facts(&a, &ak, "1980-01-01", sexes.0);
        let online = facts(&b, &bk, if same_birth { "1980-01-01" } else { "1980-01-02" }, sexes.1);
        let m = match_person(&stored, &online);
        let unchangeable_differs = !same_birth || sexes.0 != sexes.1;
        prop_assert_eq!(m.outcome == MatchOutcome::DifferentPerson, unchangeable_differs);
        let a_name_agrees = [compare_names(&a, &b), compare_names(&ak, &bk)].iter().any(|c| c.agrees());
        prop_assert_eq!(m.outcome == MatchOutcome::SamePerson, !unchangeable_differs && a_name_agrees);
        prop_assert_eq!(match_person(&online, &stored).outcome, m.outcome);
    }

    /// reconcile, InsuranceRecord::match_person and match_person give one answer.
    #[test]
    fn every_caller_gets_the_same_match(
        (a, ak, b, bk) in (name(), name(), name(), name()),
        birth in prop::sample::select(vec![None, Some("1980-01-01"), Some("1980-01-02")]),
    ) {
        let record = |name: &str, kana: &str, birth: Option<&str>| InsuranceRecord {
            insurer: Some("06130017".into()),
            name: Some(name.to_owned()),
            name_kana: Some(kana.to_owned()),
            birth_date: birth.and_then(|b| b.parse().ok()),
            ..Default::default()
        };
        let stored = record(&a, &ak, Some("1980-01-01"));
        let online = record(&b, &bk, birth);
        let direct = match_person(&stored.person(), &online.person());
        prop_assert_eq!(&stored.match_person(&online), &direct);
        let r = reconcile(&stored, &online, "2026-12-01".parse().unwrap(), &RuleSet::builtin());
        prop_assert_eq!(&r.person, &direct);
    }
}

#[test]
fn a_variant_for_each_kanji_of_a_name_is_still_the_name() {
    for (a, b) in [
        ("髙橋　花子", "高橋　花子"),
        ("山﨑　太郎", "山崎　太郎"),
        ("渡邊　一郎", "渡辺　一郎"),
        ("渡邉　一郎", "渡邊　一郎"),
        ("齋藤　眞", "斉藤　真"),
        ("澤田　櫻", "沢田　桜"),
        ("濱田　惠", "浜田　恵"),
        ("廣瀬　德子", "広瀬　徳子"),
        ("國分　花子", "国分　花子"),
    ] {
        assert_eq!(
            compare_names(a, b),
            NameComparison::SameAsVariant,
            "{a} {b}"
        );
    }
    assert_eq!(compare_names("山崎", "山埼"), NameComparison::Different);
}
