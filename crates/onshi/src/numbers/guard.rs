//! The 個人番号 guard: one detector that sees a 12-digit My Number through whatever is written
//! between its digits, and one redaction that every message passes through.
//!
//! Reception never handles the 個人番号 (003_934a4cc329de2595.txt:47, 000_7c0290228d041b3a.txt:243):
//! holding one for insurance checks is what 番号法 forbids. A list of separators is always one
//! separator short, so the detector works the other way round: after NFKC, every character that
//! is neither a digit nor a letter is looked through (spaces, dashes, punctuation, symbols,
//! controls, format and bidi characters, combining marks, variation selectors, tag characters and
//! modifier letters such as ー), a letter ends a run of digits, and a run of exactly twelve digits
//! whose last is the 個人番号 check digit (総務省令第85号 第5条) is refused. A longer run is not a
//! 個人番号, so addresses, phone numbers and time stamps pass.

use std::borrow::Cow;
use std::ops::ControlFlow;

use unicode_normalization::char::decompose_compatible;
use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

/// Marker placed in a deserialisation error when a 個人番号 was refused, so the error can be typed
/// without carrying the number.
pub(crate) const PERSONAL_NUMBER_MARK: &str = "[onshi:personal-number]";

/// What a redacted run of digits is replaced with in a message.
///
/// # Example
/// ```
/// assert_eq!(onshi::numbers::redact_digits("9832-0567-3214"), onshi::numbers::REDACTED);
/// ```
pub const REDACTED: &str = "<redacted>";

/// What one character is to the guard once NFKC has folded it.
#[derive(Clone, Copy)]
enum Unit {
    /// A decimal digit (any script) and its value.
    Digit(u8),
    /// A letter (Lu, Ll, Lt, Lo): it ends a run of digits.
    Letter,
}

/// The units `c` folds to, in order (⑫ gives two digits, ㏠ a digit and a letter): ASCII and the
/// common Japanese ranges directly, any other character by its compatibility decomposition and
/// general category. A character that is neither a digit nor a letter gives none.
#[inline]
fn units(c: char, mut emit: impl FnMut(Unit)) {
    match c {
        '0'..='9' => emit(Unit::Digit(c as u8 - b'0')),
        'a'..='z' | 'A'..='Z' => emit(Unit::Letter),
        '\0'..='\x7f' => {}
        '\u{FF10}'..='\u{FF19}' => emit(Unit::Digit((c as u32 - 0xFF10) as u8)),
        '\u{3000}' => {}
        // Hiragana, katakana (ー, ・ and the iteration marks excepted) and the CJK ideographs.
        '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FA}' | '\u{4E00}'..='\u{9FFF}' => {
            emit(Unit::Letter);
        }
        _ => decompose_compatible(c, |d| match d.general_category() {
            GeneralCategory::DecimalNumber => emit(Unit::Digit(decimal_value(d))),
            GeneralCategory::UppercaseLetter
            | GeneralCategory::LowercaseLetter
            | GeneralCategory::TitlecaseLetter
            | GeneralCategory::OtherLetter => emit(Unit::Letter),
            _ => {}
        }),
    }
}

/// The value of a decimal digit of any script. Unicode encodes each script's digits 0–9 in one
/// ascending, contiguous range (its stability policy), so the value is the distance from the
/// start of the range, modulo ten where ranges of ten follow each other.
fn decimal_value(d: char) -> u8 {
    if let Some(v) = d.to_digit(10) {
        return v as u8;
    }
    let mut start = d as u32;
    while let Some(previous) = start.checked_sub(1).and_then(char::from_u32) {
        if previous.general_category() != GeneralCategory::DecimalNumber {
            break;
        }
        start -= 1;
    }
    ((d as u32 - start) % 10) as u8
}

/// An upper bound of the digits `text` can fold to, from its bytes alone: an ASCII digit is one;
/// a character whose leading UTF-8 bytes say it is a kana, a CJK ideograph, CJK punctuation or a
/// half-width or full-width form is none (a full-width digit one); any other may fold to up to
/// three (⅒ → 1⁄10). The guard's fast path: a name, an address, a date or a code that cannot hold
/// twelve digits costs one pass over its bytes (`every_character_folds_to_no_more_digits_than_
/// its_bytes_allow` checks the bound for every character).
#[inline]
fn digits_at_most(text: &str) -> usize {
    let rough = digits_by_leading_byte(text);
    if rough < 12 {
        return rough;
    }
    digits_by_first_bytes(text)
}

/// A first bound, one byte at a time (a loop the compiler vectorises): an ASCII digit is one; a
/// character led by E4–E9 (CJK ideographs) none, by E3 (CJK punctuation, kana, enclosed and squared
/// forms: ㉑ → 21) at most two, by EF (compatibility, full-width and half-width forms) at most one,
/// by C0–DF at most two, any other at most three. Enough for names and addresses.
#[inline]
fn digits_by_leading_byte(text: &str) -> usize {
    /// The bound by a byte's value (continuation bytes weigh nothing).
    #[allow(
        clippy::indexing_slicing,
        reason = "a constant loop over the array's own indices"
    )]
    const WEIGHT: [u8; 256] = {
        let mut w = [0u8; 256];
        let mut b = 0;
        while b < 256 {
            w[b] = match b as u8 {
                b'0'..=b'9' | 0xEF => 1,
                0xC0..=0xDF | 0xE3 => 2,
                0xE4..=0xE9 | 0x00..=0xBF => 0,
                _ => 3,
            };
            b += 1;
        }
        w
    };
    text.as_bytes()
        .iter()
        .map(|&b| usize::from(WEIGHT.get(usize::from(b)).copied().unwrap_or(3)))
        .sum()
}

/// A closer bound from each character's first two or three bytes (see [`digits_at_most`]).
fn digits_by_first_bytes(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut n = 0;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let second = bytes.get(i + 1).copied().unwrap_or(0);
        let (digits, width) = match b {
            b'0'..=b'9' => (1, 1),
            0x00..=0x7F => (0, 1),
            0xC0..=0xDF => (2, 2),
            // U+3000–303F (CJK punctuation), U+3040–30FF (kana), U+3400–3FFF (CJK extension A).
            0xE3 if matches!(second, 0x80..=0x83 | 0x90..=0xBF) => (0, 3),
            // U+4000–9FFF: CJK ideographs (and the Yijing hexagrams, symbols).
            0xE4..=0xE9 => (0, 3),
            // U+FF00–FF3F: full-width punctuation and letters, and the digits U+FF10–FF19.
            0xEF if second == 0xBC => {
                let third = bytes.get(i + 2).copied().unwrap_or(0);
                (usize::from(matches!(third, 0x90..=0x99)), 3)
            }
            // U+FF40–FFBF: full-width letters, half-width katakana and Hangul.
            0xEF if matches!(second, 0xBD | 0xBE) => (0, 3),
            0xE0..=0xEF => (3, 3),
            _ => (3, 4),
        };
        n += digits;
        i += width;
    }
    n
}

/// A run of digits as the guard reads it: the first twelve kept, all counted, and the bytes of
/// the text it spans.
#[derive(Default)]
struct Run {
    digits: [u8; 12],
    count: usize,
    start: usize,
    end: usize,
}

impl Run {
    fn push(&mut self, digit: u8, start: usize, end: usize) {
        if self.count == 0 {
            self.start = start;
        }
        if let Some(slot) = self.digits.get_mut(self.count) {
            *slot = digit;
        }
        self.count += 1;
        self.end = end;
    }

    /// Twelve digits whose last is the 個人番号 check digit.
    fn is_personal_number(&self) -> bool {
        self.count == 12 && is_my_number(&self.digits)
    }
}

/// Whether twelve digits are a 個人番号 by their check digit (総務省令第85号 第5条: the eleven
/// digits from the right weighted 2–7, 2–6; r = Σ mod 11; check = 0 when r ≤ 1, else 11 − r).
fn is_my_number(digits: &[u8; 12]) -> bool {
    let [body @ .., check] = digits;
    let sum: u32 = (1..=11u32)
        .zip(body.iter().rev())
        .map(|(n, &p)| u32::from(p) * if n <= 6 { n + 1 } else { n - 5 })
        .sum();
    let r = sum % 11;
    u32::from(*check) == if r <= 1 { 0 } else { 11 - r }
}

/// Calls `each` with every maximal run of digits in `text`, until it breaks.
fn runs(text: &str, mut each: impl FnMut(&Run) -> ControlFlow<()>) -> ControlFlow<()> {
    let mut run = Run::default();
    let mut flow = ControlFlow::Continue(());
    for (at, c) in text.char_indices() {
        let end = at + c.len_utf8();
        units(c, |unit| match unit {
            Unit::Digit(d) => run.push(d, at, end),
            Unit::Letter if run.count > 0 && flow.is_continue() => {
                flow = each(&run);
                run = Run::default();
            }
            Unit::Letter => {}
        });
        if flow.is_break() {
            return flow;
        }
    }
    if run.count > 0 { each(&run) } else { flow }
}

/// Whether some part of `text` is a 12-digit 個人番号, however its digits are written or
/// separated: the one detector every field, name, file, argument and message of onshi goes
/// through (see the module notes).
///
/// # Example
/// ```
/// use onshi::numbers::contains_personal_number;
/// assert!(contains_personal_number("9832 0567 3214"));           // valid check digit
/// assert!(contains_personal_number("番号983205673214です"));      // inside free text
/// assert!(contains_personal_number("9832~0567\u{202E}3214"));     // any separator
/// assert!(contains_personal_number("９８３２・０５６７・３２１４")); // full width
/// assert!(!contains_personal_number("983205673210"));            // check digit fails
/// assert!(!contains_personal_number("東京都千代田区1-2-3 電話 03-1234-5678"));
/// assert!(!contains_personal_number("20260115093005"));          // a time stamp: 14 digits
/// ```
#[inline]
pub fn contains_personal_number(text: &str) -> bool {
    text.len() >= 12 && digits_at_most(text) >= 12 && holds_personal_number(text)
}

/// [`contains_personal_number`] past its fast path.
#[inline(never)]
fn holds_personal_number(text: &str) -> bool {
    runs(text, |run| {
        if run.is_personal_number() {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    })
    .is_break()
}

/// `text` with every run of twelve or more digits (read as [`contains_personal_number`] reads
/// them, separators included) replaced by [`REDACTED`]: no message can quote a 個人番号, however
/// it is written. Time stamps and long codes are masked too; messages do not need them.
///
/// # Example
/// ```
/// use onshi::numbers::redact_digits;
/// assert_eq!(redact_digits("floating point 983205673214.0, expected a string"),
///            "floating point <redacted>, expected a string");
/// assert_eq!(redact_digits("</N983205673214>"), "</N<redacted>>");
/// assert_eq!(redact_digits("line 3: 03-1234-5678"), "line 3: 03-1234-5678");
/// ```
pub fn redact_digits(text: &str) -> Cow<'_, str> {
    if text.len() < 12 || digits_at_most(text) < 12 {
        return Cow::Borrowed(text);
    }
    let mut spans = Vec::new();
    let _ = runs(text, |run| {
        if run.count >= 12 {
            spans.push((run.start, run.end));
        }
        ControlFlow::Continue(())
    });
    if spans.is_empty() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for (start, end) in spans {
        out.push_str(text.get(from..start).unwrap_or_default());
        out.push_str(REDACTED);
        from = end;
    }
    out.push_str(text.get(from..).unwrap_or_default());
    Cow::Owned(out)
}

/// Whether a JSON document holds a 個人番号 anywhere: in a string (keys included, escapes
/// decoded), or as a number in any notation (`983205673214`, `983205673214.0`,
/// `9.83205673214e11`, or with its leading zero lost). Checked before the document is converted,
/// so no parser error can quote one and no numeric field can take one.
pub(crate) fn json_holds_personal_number(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'"' => {
                let start = i + 1;
                let mut j = start;
                let mut escaped = false;
                while let Some(&c) = bytes.get(j) {
                    match c {
                        b'\\' => {
                            escaped = true;
                            j += 2;
                        }
                        b'"' => break,
                        _ => j += 1,
                    }
                }
                let raw = text.get(start..j.min(bytes.len())).unwrap_or_default();
                let holds = if escaped {
                    // Decoded as the parser will (`\u0039` is a digit); a broken escape is the
                    // parser's error, which the redaction still guards.
                    text.get(i..=j)
                        .and_then(|quoted| serde_json::from_str::<String>(quoted).ok())
                        .is_some_and(|s| contains_personal_number(&s))
                        || contains_personal_number(raw)
                } else {
                    contains_personal_number(raw)
                };
                if holds {
                    return true;
                }
                i = j + 1;
            }
            b'-' | b'0'..=b'9' => {
                let start = i;
                while bytes
                    .get(i)
                    .is_some_and(|c| matches!(c, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'))
                {
                    i += 1;
                }
                if number_is_personal(text.get(start..i).unwrap_or_default()) {
                    return true;
                }
            }
            _ => i += 1,
        }
    }
    false
}

/// Whether a JSON number token is a 個人番号: its digits as written, or its value when that is a
/// whole number of eleven or twelve digits (twelve once a lost leading zero is put back).
fn number_is_personal(token: &str) -> bool {
    if contains_personal_number(token) {
        return true;
    }
    let token = token.trim_start_matches('-');
    let (mantissa, exponent) = match token.split_once(['e', 'E']) {
        Some((m, e)) => match e.parse::<i32>() {
            Ok(e) => (m, e),
            Err(_) => return false,
        },
        None => (token, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    // Only a well-formed number has a value (the scan takes `31+213` as one token).
    if !whole
        .bytes()
        .chain(fraction.bytes())
        .all(|b| b.is_ascii_digit())
    {
        return false;
    }
    // The whole part as written (leading zeros kept, as in `012345678901.0`).
    if matches!(whole.len(), 11 | 12) && whole.bytes().all(|b| b.is_ascii_digit()) {
        let mut padded = [0u8; 12];
        for (slot, b) in padded.iter_mut().skip(12 - whole.len()).zip(whole.bytes()) {
            *slot = b - b'0';
        }
        if is_my_number(&padded) {
            return true;
        }
    }
    let digits: String = whole.chars().chain(fraction.chars()).collect();
    // The value is digits × 10^shift; keep it only when it is a whole number below 10^12.
    let shift = i64::from(exponent) - fraction.len() as i64;
    let digits = digits.trim_start_matches('0');
    let value = if shift >= 0 {
        if digits.len() as i64 + shift > 12 {
            return false;
        }
        format!("{digits}{}", "0".repeat(shift as usize))
    } else {
        let cut = (-shift) as usize;
        if cut > digits.len() {
            return false;
        }
        let (kept, dropped) = digits.split_at(digits.len() - cut);
        if dropped.bytes().any(|b| b != b'0') {
            return false;
        }
        kept.to_owned()
    };
    if !(11..=12).contains(&value.len()) {
        return false;
    }
    let mut padded = [0u8; 12];
    let offset = 12 - value.len();
    for (slot, b) in padded.iter_mut().skip(offset).zip(value.bytes()) {
        *slot = b - b'0';
    }
    is_my_number(&padded)
}

/// Deserialises a free-text field (限度額 区分 and the like), refusing a 12-digit 個人番号 without
/// echoing it.
pub(crate) fn guarded_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let s = <String as serde::Deserialize>::deserialize(d)?;
    if contains_personal_number(&s) {
        return Err(refused());
    }
    Ok(s)
}

/// [`guarded_text`] for an optional field.
pub(crate) fn guarded_optional_text<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<String>, D::Error> {
    #[derive(serde::Deserialize)]
    struct Guarded(#[serde(deserialize_with = "guarded_text")] String);
    Ok(<Option<Guarded> as serde::Deserialize>::deserialize(d)?.map(|g| g.0))
}

/// The deserialisation error of a refused 個人番号 (typed by its mark, never quoting the value).
pub(crate) fn refused<E: serde::de::Error>() -> E {
    E::custom(format!(
        "{PERSONAL_NUMBER_MARK} a 12-digit 個人番号 was refused"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The definition written plainly, for the property below: NFKC each character, keep digits
    /// and letters, split on letters, look for a run of exactly twelve with the check digit.
    fn by_definition(text: &str) -> bool {
        let mut folded = Vec::new();
        for c in text.chars() {
            decompose_compatible(c, |d| match d.general_category() {
                GeneralCategory::DecimalNumber => folded.push(Some(decimal_value(d))),
                GeneralCategory::UppercaseLetter
                | GeneralCategory::LowercaseLetter
                | GeneralCategory::TitlecaseLetter
                | GeneralCategory::OtherLetter => folded.push(None),
                _ => {}
            });
        }
        folded.split(Option::is_none).any(|run| {
            let digits: Vec<u8> = run.iter().flatten().copied().collect();
            <[u8; 12]>::try_from(digits.as_slice()).is_ok_and(|d| is_my_number(&d))
        })
    }

    #[test]
    fn the_published_vectors_are_recognised() {
        // reference/numbers-and-benefits.md §4.
        for yes in ["983205673214", "1234 5678 9018", "１１１１１１１１１１１８"] {
            assert!(contains_personal_number(yes), "{yes}");
        }
        for no in [
            "983205673210",
            "210987654321",
            "12345678901",
            "9832056732140",
        ] {
            assert!(!contains_personal_number(no), "{no}");
        }
    }

    #[test]
    fn the_separators_of_the_attack_are_looked_through() {
        for sep in [
            "~",
            "\u{00B7}",
            "\u{2500}",
            "\u{202A}",
            "\u{202E}",
            "\u{2066}",
            "\u{2069}",
            "\u{180E}",
            "\u{034F}",
            "\u{FE0F}",
            "\u{E0041}",
            "\u{E007F}",
            "ー",
            "\u{1B}",
            "\u{9B}",
        ] {
            let text = format!("9832{sep}0567{sep}3214");
            assert!(contains_personal_number(&text), "{text:?}");
        }
    }

    #[test]
    fn digits_of_other_scripts_and_compatibility_forms_count() {
        assert!(contains_personal_number("٩٨٣٢٠٥٦٧٣٢١٤")); // Arabic-Indic
        assert!(contains_personal_number("⑨⑧③②⓪⑤⑥⑦③②①④")); // circled
        assert!(contains_personal_number("𝟗𝟖𝟑𝟐𝟎𝟓𝟔𝟕𝟑𝟐𝟏𝟒")); // mathematical
    }

    #[test]
    fn a_json_number_is_refused_in_every_notation() {
        for number in [
            "983205673214",
            "983205673214.0",
            "9.83205673214e11",
            "98320567321.4E1",
            "-983205673214",
            "0.983205673214e12",
        ] {
            assert!(json_holds_personal_number(number), "{number}");
        }
        // 083205673213 is a 個人番号 whose leading zero a JSON number loses.
        assert!(json_holds_personal_number(r#"{"x": 83205673213}"#));
        assert!(json_holds_personal_number("000000000000.0"));
        // Found by fuzzing: signs inside what the scan takes as one token.
        assert!(!json_holds_personal_number(
            "{\"at\"\": \"202613-01-15\", \"\u{0}320&31+213"
        ));
        for number in ["30", "1e3", "983205673210", "9832056732140", "1.5"] {
            assert!(!json_holds_personal_number(number), "{number}");
        }
        assert!(json_holds_personal_number(
            r#"{"a": "\u0039\u0038\u0033205673214"}"#
        ));
        assert!(json_holds_personal_number(r#"{"983205673214": 1}"#));
    }

    proptest::proptest! {
        #[test]
        fn the_detector_matches_its_definition(text in "[0-9０-９ 　\\-‐ーＡa●~・\u{202E}\u{FE0F}①②⑫㏠½]{0,24}") {
            proptest::prop_assert_eq!(contains_personal_number(&text), by_definition(&text));
        }

        #[test]
        fn the_detector_matches_its_definition_on_any_text(text in "\\PC{0,30}") {
            proptest::prop_assert_eq!(contains_personal_number(&text), by_definition(&text));
        }

        #[test]
        fn the_byte_bound_never_undercounts(text in "\\PC{0,40}") {
            let mut n = 0;
            for c in text.chars() {
                units(c, |u| n += usize::from(matches!(u, Unit::Digit(_))));
            }
            proptest::prop_assert!(n <= digits_at_most(&text));
        }

        #[test]
        fn a_redacted_text_holds_no_long_run(text in "[0-9 \\-a]{0,40}") {
            let redacted = redact_digits(&text);
            let mut longest = 0;
            let _ = runs(&redacted, |r| { longest = longest.max(r.count); ControlFlow::Continue(()) });
            proptest::prop_assert!(longest < 12, "{redacted}");
        }
    }

    #[test]
    fn every_character_folds_to_no_more_digits_than_its_bytes_allow() {
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            let mut n = 0;
            units(c, |u| n += usize::from(matches!(u, Unit::Digit(_))));
            let text = c.encode_utf8(&mut [0; 4]).to_owned();
            assert!(n <= digits_by_leading_byte(&text), "U+{:04X}", c as u32);
            assert!(n <= digits_by_first_bytes(&text), "U+{:04X}", c as u32);
        }
    }
}
