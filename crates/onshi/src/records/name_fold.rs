//! A name as it is compared, one character at a time and without allocating (a report compares a
//! million records): kana in one form, widths and letter case set aside, spaces, middle dots and
//! variation selectors dropped, compatibility ideographs read as their unified ideograph; then,
//! where two characters still differ, each read as its kanji variant class (異体字,
//! [`KANJI_VARIANTS`]).
//!
//! Source of the rules: ../shared/reference/domain-updates-2026-12.md §4 (lines 45-57) and
//! reference/numbers-and-benefits.md:260-266 (外字 printed as ●).

use std::str::Chars;

use super::kanji_variants::KANJI_VARIANTS;
use super::matching::NameComparison;

/// Half-width katakana U+FF66 … U+FF9D as full-width, in order.
const HALF_WIDTH: [char; 56] = [
    'ヲ', 'ァ', 'ィ', 'ゥ', 'ェ', 'ォ', 'ャ', 'ュ', 'ョ', 'ッ', 'ー', 'ア', 'イ', 'ウ', 'エ', 'オ',
    'カ', 'キ', 'ク', 'ケ', 'コ', 'サ', 'シ', 'ス', 'セ', 'ソ', 'タ', 'チ', 'ツ', 'テ', 'ト', 'ナ',
    'ニ', 'ヌ', 'ネ', 'ノ', 'ハ', 'ヒ', 'フ', 'ヘ', 'ホ', 'マ', 'ミ', 'ム', 'メ', 'モ', 'ヤ', 'ユ',
    'ヨ', 'ラ', 'リ', 'ル', 'レ', 'ロ', 'ワ', 'ン',
];

/// What one written character is to the fold.
#[derive(Clone, Copy)]
enum Step {
    /// Not part of the name as compared (a space, a middle dot, a variation selector).
    Skip,
    /// A voiced (゛) or semi-voiced (゜) mark, spacing, half-width or combining: it goes onto the
    /// kana before it, or is dropped when that kana takes none.
    Mark { semi: bool },
    /// A character of the name.
    Char(char),
}

/// Kana as one form: full-width katakana, hiragana as katakana, the long-vowel mark for its
/// look-alikes, no spaces or middle dots ([`normalize_kana`](crate::records::normalize_kana)).
fn kana_step(c: char) -> Step {
    match c {
        _ if c.is_whitespace() => Step::Skip,
        '・' | '\u{FF65}' => Step::Skip,
        '\u{FF9E}' | '\u{309B}' | '\u{3099}' => Step::Mark { semi: false },
        '\u{FF9F}' | '\u{309C}' | '\u{309A}' => Step::Mark { semi: true },
        '\u{FF66}'..='\u{FF9D}' => Step::Char(
            HALF_WIDTH
                .get((c as u32 - 0xFF66) as usize)
                .copied()
                .unwrap_or(c),
        ),
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '-' | '\u{FF0D}' => Step::Char('ー'),
        '\u{3041}'..='\u{3096}' => Step::Char(char::from_u32(c as u32 + 0x60).unwrap_or(c)),
        _ => Step::Char(c),
    }
}

/// A name's character as compared: [`kana_step`], then variation selectors dropped (U+FE00–FE0F,
/// U+E0100–E01EF: the same character in another glyph), full-width letters and digits as ASCII,
/// letters upper-case, and a character whose canonical or compatibility decomposition is one
/// character read as that one (a compatibility ideograph such as 神 U+FA19 as 神 U+795E, a Kangxi
/// radical ⽥ as 田, ① as 1).
fn name_step(c: char) -> Step {
    match c {
        '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}' => Step::Skip,
        _ => match kana_step(c) {
            Step::Char(c) => Step::Char(name_char(c)),
            other => other,
        },
    }
}

fn name_char(c: char) -> char {
    match c {
        // The common cases first: nothing to look up.
        'a'..='z' => c.to_ascii_uppercase(),
        '\0'..='\u{7F}'
        | '\u{3040}'..='\u{30FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}' => c,
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0)
            .unwrap_or(c)
            .to_ascii_uppercase(),
        _ => single_decomposition(c).to_ascii_uppercase(),
    }
}

/// The character a character decomposes to (NFKD) when that is one character; else itself (㈱
/// stays ㈱, é stays é).
fn single_decomposition(c: char) -> char {
    let (mut first, mut count) = (None, 0_u8);
    unicode_normalization::char::decompose_compatible(c, |d| {
        count = count.saturating_add(1);
        first.get_or_insert(d);
    });
    match (count, first) {
        (1, Some(d)) => d,
        _ => c,
    }
}

/// The katakana with the voiced (or semi-voiced) mark, when it takes one.
fn voiced(base: char, semi: bool) -> Option<char> {
    match (base, semi) {
        ('ウ', false) => Some('ヴ'),
        (
            'カ' | 'キ' | 'ク' | 'ケ' | 'コ' | 'サ' | 'シ' | 'ス' | 'セ' | 'ソ' | 'タ' | 'チ'
            | 'ツ' | 'テ' | 'ト' | 'ハ' | 'ヒ' | 'フ' | 'ヘ' | 'ホ',
            false,
        ) => char::from_u32(base as u32 + 1),
        ('ハ' | 'ヒ' | 'フ' | 'ヘ' | 'ホ', true) => char::from_u32(base as u32 + 2),
        _ => None,
    }
}

/// A small kana written large (ョ → ヨ), for systems that cannot store small kana.
fn large_kana(c: char) -> char {
    match c {
        'ァ' | 'ィ' | 'ゥ' | 'ェ' | 'ォ' | 'ッ' | 'ャ' | 'ュ' | 'ョ' | 'ヮ' => {
            char::from_u32(c as u32 + 1).unwrap_or(c)
        }
        'ヵ' => 'カ',
        'ヶ' => 'ケ',
        _ => c,
    }
}

/// A character the online system or a receipt system prints for one it cannot (外字): ● and its
/// look-alikes, the geta mark 〓, the asterisk in its widths, and U+FFFD (a byte a decoder could
/// not read). It stands for one character and is never a written one.
pub(crate) fn is_placeholder(c: char) -> bool {
    matches!(
        c,
        '●' | '⚫' | '⬤' | '〓' | '*' | '＊' | '﹡' | '∗' | '⁎' | '\u{FFFD}'
    )
}

/// The representative of a character's kanji variant class (髙 → 高, 﨑 → 崎); the character
/// itself when it has no variant.
pub(crate) fn variant_class(c: char) -> char {
    if c < '\u{3400}' {
        return c;
    }
    KANJI_VARIANTS
        .binary_search_by_key(&c, |&(k, _)| k)
        .ok()
        .and_then(|i| KANJI_VARIANTS.get(i))
        .map_or(c, |&(_, representative)| representative)
}

/// A text folded one character at a time by a step ([`kana_step`] or [`name_step`]), voiced
/// marks composed onto the kana before them.
pub(crate) struct Fold<'a> {
    chars: Chars<'a>,
    step: fn(char) -> Step,
    ahead: Option<Step>,
}

impl<'a> Fold<'a> {
    /// Kana as [`normalize_kana`](crate::records::normalize_kana) writes it.
    pub(crate) fn kana(text: &'a str) -> Fold<'a> {
        Fold {
            chars: text.chars(),
            step: kana_step,
            ahead: None,
        }
    }

    /// A name as [`compare_names`](crate::records::compare_names) reads it.
    pub(crate) fn name(text: &'a str) -> Fold<'a> {
        Fold {
            chars: text.chars(),
            step: name_step,
            ahead: None,
        }
    }

    /// The next step that is not skipped.
    fn pull(&mut self) -> Option<Step> {
        self.chars
            .by_ref()
            .map(self.step)
            .find(|s| !matches!(s, Step::Skip))
    }
}

impl Iterator for Fold<'_> {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        loop {
            let step = match self.ahead.take() {
                Some(step) => step,
                None => self.pull()?,
            };
            // A mark with no kana before it composes with nothing: dropped.
            let Step::Char(mut base) = step else {
                continue;
            };
            loop {
                match self.pull() {
                    Some(Step::Mark { semi }) => {
                        if let Some(composed) = voiced(base, semi) {
                            base = composed;
                        }
                    }
                    other => {
                        self.ahead = other;
                        return Some(base);
                    }
                }
            }
        }
    }
}

/// Compares two names in one pass over their folded characters: the same, the same once kanji
/// variants are one, the same where a placeholder stands for a character, the same once small
/// kana are large, or different; a name that is empty or only placeholders is not written.
pub(crate) fn compare(a: &str, b: &str) -> NameComparison {
    let (mut left, mut right) = (Fold::name(a), Fold::name(b));
    let (mut same, mut variant, mut placeholder, mut small_kana) = (true, true, true, true);
    let (mut written_left, mut written_right) = (false, false);
    loop {
        match (left.next(), right.next()) {
            (None, None) => break,
            (Some(x), Some(y)) => {
                let (px, py) = (is_placeholder(x), is_placeholder(y));
                written_left |= !px;
                written_right |= !py;
                if x == y {
                    continue;
                }
                same = false;
                let (cx, cy) = (variant_class(x), variant_class(y));
                if cx != cy {
                    variant = false;
                    placeholder &= px || py;
                    small_kana &= large_kana(cx) == large_kana(cy);
                }
            }
            (Some(x), None) => {
                written_left |= !is_placeholder(x) || left.any(|c| !is_placeholder(c));
                return unequal_lengths(written_left, written_right);
            }
            (None, Some(y)) => {
                written_right |= !is_placeholder(y) || right.any(|c| !is_placeholder(c));
                return unequal_lengths(written_left, written_right);
            }
        }
    }
    if !(written_left && written_right) {
        NameComparison::NotWritten
    } else if same {
        NameComparison::Same
    } else if variant {
        NameComparison::SameAsVariant
    } else if placeholder {
        NameComparison::SameWithPlaceholder
    } else if small_kana {
        NameComparison::SameIgnoringSmallKana
    } else {
        NameComparison::Different
    }
}

/// Two names of different lengths: different, unless one of them is not written.
fn unequal_lengths(written_left: bool, written_right: bool) -> NameComparison {
    if written_left && written_right {
        NameComparison::Different
    } else {
        NameComparison::NotWritten
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_sorted_and_each_representative_is_its_own() {
        assert!(KANJI_VARIANTS.windows(2).all(|w| w[0].0 < w[1].0));
        for (c, representative) in KANJI_VARIANTS {
            assert_ne!(c, representative);
            assert_eq!(variant_class(representative), representative, "{c}");
            assert!(c >= '\u{3400}', "{c} would never be looked up");
        }
    }

    #[test]
    fn the_pairs_the_reference_names_are_one_class() {
        // ../shared/reference/domain-updates-2026-12.md:52-53.
        for group in [
            "髙高",
            "﨑崎",
            "邊邉辺",
            "齋齊斎斉",
            "澤沢",
            "濱浜",
            "櫻桜",
            "廣広",
            "國国",
            "惠恵",
            "德徳",
            "眞真",
        ] {
            let mut classes = group
                .chars()
                .map(|c| variant_class(single_decomposition(c)));
            let first = classes.next();
            assert!(classes.all(|c| Some(c) == first), "{group}");
        }
    }

    #[test]
    fn standard_characters_a_dictionary_relates_stay_apart() {
        // 崎/埼 and 暦/歴 are both 常用漢字; 柿/杮 only look alike.
        for (a, b) in [('崎', '埼'), ('暦', '歴'), ('柿', '杮'), ('高', '髪')] {
            assert_ne!(variant_class(a), variant_class(b), "{a}{b}");
        }
    }

    #[test]
    fn selectors_and_compatibility_ideographs_are_the_same_character() {
        assert_eq!(compare("葛\u{E0100}城", "葛城"), NameComparison::Same);
        assert_eq!(compare("神\u{FE00}田", "神田"), NameComparison::Same);
        assert_eq!(compare("\u{FA19}田", "神田"), NameComparison::Same);
        assert_eq!(compare("\u{2F65}中", "田中"), NameComparison::Same);
        // 﨑 U+FA11 has no decomposition (NFKC keeps it): a variant of 崎.
        assert_eq!(compare("山\u{FA11}", "山崎"), NameComparison::SameAsVariant);
    }

    #[test]
    fn placeholders_alone_are_no_name() {
        for name in [
            "",
            "　",
            "●●　●●",
            "〓〓",
            "＊＊ ＊",
            "**",
            "\u{FFFD}\u{FFFD}",
        ] {
            assert_eq!(
                compare(name, "鈴木　花子"),
                NameComparison::NotWritten,
                "{name}"
            );
            assert_eq!(
                compare("鈴木　花子", name),
                NameComparison::NotWritten,
                "{name}"
            );
            assert_eq!(compare(name, name), NameComparison::NotWritten, "{name}");
        }
        assert_eq!(compare("●●", "鈴木　花子"), NameComparison::NotWritten);
        assert_eq!(
            compare("鈴木　●子", "鈴木　花子"),
            NameComparison::SameWithPlaceholder
        );
        assert_eq!(
            compare("髙●　花子", "高橋　花子"),
            NameComparison::SameWithPlaceholder
        );
    }

    #[test]
    fn the_fold_composes_marks_across_skipped_characters() {
        let kana = |s: &str| Fold::kana(s).collect::<String>();
        assert_eq!(kana("ｶ ﾞ"), "ガ");
        assert_eq!(kana("ﾞｶ"), "カ");
        assert_eq!(kana("カ゛゛"), "ガ");
        assert_eq!(kana("ﾊﾟﾊﾞ"), "パバ");
        let name = |s: &str| Fold::name(s).collect::<String>();
        assert_eq!(name("ｓｍｉｔｈ　ｊｏｈｎ"), "SMITHJOHN");
        assert_eq!(name("①"), "1");
    }
}
