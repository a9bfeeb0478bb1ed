//! Insurance numbers as reception sees them: 保険者番号, 被保険者記号・番号・枝番, and the guard that
//! refuses a 12-digit 個人番号.
//!
//! Sources: 003_934a4cc329de2595.txt:143–151 (枝番, none on 後期高齢者 cards),
//! 003_934a4cc329de2595.txt:47 and 000_7c0290228d041b3a.txt:243 (reception never handles the 個人番号),
//! reference/numbers-and-benefits.md §1, §4 (lengths, My Number check digit).

use std::fmt;

use serde::{Deserialize, Serialize};

/// Marker placed in a deserialisation error when a 個人番号 was refused, so the error can be typed
/// without carrying the number.
pub(crate) const PERSONAL_NUMBER_MARK: &str = "[onshi:personal-number]";

/// Half-width form of `text`: full-width digits and Latin letters become ASCII, ideographic and ASCII
/// spaces are removed. 外字 shown as ● and other characters are kept as they are.
pub(crate) fn normalize_width(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, ' ' | '\u{3000}'))
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// Whether `c` may stand between the digits of a number as written by hand or pasted: every Unicode
/// space (tab, newline, NBSP, ideographic space, …), every dash (hyphens, en/em dashes, minus signs,
/// full-width and small forms, the long-vowel mark ー often typed for a dash, wave dashes),
/// invisible format characters (zero-width spaces and joiners, soft hyphen, BOM) and the dots,
/// slashes, commas and underscores people group digits with.
fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '-' | '\u{00AD}'
                | '\u{058A}'
                | '\u{05BE}'
                | '\u{1400}'
                | '\u{1806}'
                | '\u{2010}'..='\u{2015}'
                | '\u{2043}'
                | '\u{2212}'
                | '\u{2E17}'
                | '\u{2E1A}'
                | '\u{2E3A}'
                | '\u{2E3B}'
                | '\u{2E40}'
                | '\u{301C}'
                | '\u{3030}'
                | '\u{30A0}'
                | '\u{30FB}'
                | '\u{30FC}'
                | '\u{FE31}'
                | '\u{FE32}'
                | '\u{FE58}'
                | '\u{FE63}'
                | '\u{FF0D}'
                | '\u{FF5E}'
                | '\u{FF65}'
                | '\u{FF70}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2060}'..='\u{2064}'
                | '\u{FEFF}'
                | '.'
                | ','
                | '/'
                | '_'
                | '\u{FF0E}'
                | '\u{FF0C}'
                | '\u{FF0F}'
                | '\u{FF3F}'
                | '\u{3001}'
                | '\u{3002}'
        )
}

/// Whether `text`, reduced to its digits, is a 12-digit number with a valid 個人番号 check digit
/// (総務省令第85号 第5条; weights 2–7, 2–6 from the right, modulus 11).
///
/// # Example
/// ```
/// use onshi::looks_like_personal_number;
/// assert!(looks_like_personal_number("9832 0567 3214"));   // valid check digit
/// assert!(looks_like_personal_number("9832\t0567\u{2212}3214")); // any space or dash between
/// assert!(!looks_like_personal_number("983205673210"));    // check digit fails
/// ```
pub fn looks_like_personal_number(text: &str) -> bool {
    // One pass without allocating: every leaf of every OQS record passes here.
    let mut run = DigitRun::default();
    text.chars().all(|c| run.push(c)) && run.is_personal_number()
}

/// Whether some part of `text` is a 12-digit 個人番号: a run of digits and separators that
/// [`looks_like_personal_number`] would refuse, anywhere in a free text (an address, a remark, a
/// message quoting what was refused).
///
/// # Example
/// ```
/// use onshi::contains_personal_number;
/// assert!(contains_personal_number("備考: 番号 9832-0567-3214 を確認"));
/// assert!(!contains_personal_number("東京都千代田区1-2-3 電話 03-1234-5678"));
/// ```
pub fn contains_personal_number(text: &str) -> bool {
    let mut run = DigitRun::default();
    for c in text.chars() {
        if !run.push(c) {
            if run.is_personal_number() {
                return true;
            }
            run = DigitRun::default();
        }
    }
    run.is_personal_number()
}

/// [`contains_personal_number`], also counting an 11-digit run that is a 個人番号 once its leading
/// zero is restored: a My Number written as a JSON number loses that zero, and serde's message
/// quotes the rest. For scrubbing error messages only (phone numbers have 11 digits too).
pub(crate) fn contains_personal_number_even_unpadded(text: &str) -> bool {
    if contains_personal_number(text) {
        return true;
    }
    let mut run = DigitRun::default();
    for c in text.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() {
            run.push(c);
            continue;
        }
        if run.count == 11 {
            let mut padded = DigitRun::default();
            padded.push('0');
            for d in run.digits.iter().take(11) {
                padded.push(char::from_digit(*d, 10).unwrap_or('x'));
            }
            if padded.is_personal_number() {
                return true;
            }
        }
        run = DigitRun::default();
    }
    false
}

/// The digits of a run of digits (ASCII or full-width) and separators, as the 個人番号 guard reads
/// them: the first twelve kept, all counted.
#[derive(Default)]
struct DigitRun {
    digits: [u32; 12],
    count: usize,
}

impl DigitRun {
    /// Takes `c` into the run; false when `c` is neither a digit nor a separator.
    fn push(&mut self, c: char) -> bool {
        if is_separator(c) {
            return true;
        }
        let digit = match c {
            '\u{FF10}'..='\u{FF19}' => Some(c as u32 - 0xFF10),
            _ => c.to_digit(10),
        };
        let Some(d) = digit else {
            return false;
        };
        if let Some(slot) = self.digits.get_mut(self.count) {
            *slot = d;
        }
        self.count += 1;
        true
    }

    /// Twelve digits whose last is the 個人番号 check digit (総務省令第85号 第5条; weights 2–7,
    /// 2–6 from the right, modulus 11).
    fn is_personal_number(&self) -> bool {
        if self.count != 12 {
            return false;
        }
        let sum: u32 = (1..=11u32)
            .zip(self.digits.iter().take(11).rev())
            .map(|(n, p)| p * if n <= 6 { n + 1 } else { n - 5 })
            .sum();
        let r = sum % 11;
        let check = if r <= 1 { 0 } else { 11 - r };
        self.digits.get(11) == Some(&check)
    }
}

/// Deserialises a free-text field (限度額 区分 and the like), refusing a 12-digit 個人番号 without
/// echoing it.
pub(crate) fn guarded_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let s = String::deserialize(d)?;
    if looks_like_personal_number(&s) {
        return Err(serde::de::Error::custom(format!(
            "{PERSONAL_NUMBER_MARK} a 12-digit 個人番号 was refused"
        )));
    }
    Ok(s)
}

/// [`guarded_text`] for an optional field.
pub(crate) fn guarded_optional_text<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    struct Guarded(#[serde(deserialize_with = "guarded_text")] String);
    Ok(Option::<Guarded>::deserialize(d)?.map(|g| g.0))
}

/// 保険者番号: 8 digits, or 6 for 市町村国保 (numbers-and-benefits.md §1). Check digits are not
/// verified here.
///
/// # Example
/// ```
/// let n: onshi::InsurerNumber = serde_json::from_str(r#""141309""#).unwrap();
/// assert_eq!(n.as_str(), "141309");
/// assert!(serde_json::from_str::<onshi::InsurerNumber>(r#""14130""#).is_err());
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct InsurerNumber(String);

impl InsurerNumber {
    /// Parses a 保険者番号, accepting full-width digits and surrounding spaces.
    ///
    /// # Errors
    /// A message when the result is not 6 or 8 ASCII digits.
    ///
    /// # Example
    /// ```
    /// use onshi::InsurerNumber;
    /// assert_eq!(InsurerNumber::parse(" ０６１３００１７ ").unwrap().as_str(), "06130017");
    /// assert!(InsurerNumber::parse("1234567").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Self, String> {
        if looks_like_personal_number(text) {
            return Err(
                "this looks like a 12-digit 個人番号 (My Number), not a 保険者番号".to_owned(),
            );
        }
        let s = normalize_width(text);
        if (s.len() == 6 || s.len() == 8) && s.chars().all(|c| c.is_ascii_digit()) {
            Ok(InsurerNumber(s))
        } else {
            Err(format!(
                "保険者番号 must be 6 or 8 digits, got {} characters",
                s.chars().count()
            ))
        }
    }

    /// The digits.
    ///
    /// # Example
    /// ```
    /// assert_eq!(onshi::InsurerNumber::parse("3913 0019").unwrap().as_str(), "39130019");
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for InsurerNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "InsurerNumber({})", self.0)
    }
}

impl<'de> Deserialize<'de> for InsurerNumber {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if looks_like_personal_number(&s) {
            return Err(serde::de::Error::custom(format!(
                "{PERSONAL_NUMBER_MARK} a 12-digit 個人番号 was refused"
            )));
        }
        InsurerNumber::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// A personal field of an insurance document (記号, 番号, 枝番): kept as given, redacted in `Debug`,
/// and never a 12-digit 個人番号.
///
/// # Example
/// ```
/// let f: onshi::PersonalField = serde_json::from_str(r#""記号●1""#).unwrap();
/// assert_eq!(format!("{f:?}"), "PersonalField(<redacted>)");
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct PersonalField(String);

impl PersonalField {
    /// Accepts `text` unless it looks like a 個人番号.
    ///
    /// # Errors
    /// A message (without the value) when `text` is 12 digits with a valid 個人番号 check digit.
    ///
    /// # Example
    /// ```
    /// use onshi::PersonalField;
    /// assert!(PersonalField::new("１２３４").is_ok());
    /// assert!(PersonalField::new("983205673214").is_err()); // published example 個人番号
    /// ```
    pub fn new(text: &str) -> Result<Self, String> {
        if looks_like_personal_number(text) {
            Err(format!(
                "{PERSONAL_NUMBER_MARK} a 12-digit 個人番号 was refused"
            ))
        } else {
            Ok(PersonalField(text.to_owned()))
        }
    }

    /// The value as given. Do not log it.
    ///
    /// # Example
    /// ```
    /// assert_eq!(onshi::PersonalField::new("0042").unwrap().expose(), "0042");
    /// ```
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for PersonalField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PersonalField(<redacted>)")
    }
}

impl<'de> Deserialize<'de> for PersonalField {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        PersonalField::new(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personal_number_guard_uses_the_check_digit() {
        // Vectors from reference/numbers-and-benefits.md §4.
        assert!(looks_like_personal_number("983205673214"));
        assert!(looks_like_personal_number("1234 5678 9018"));
        assert!(looks_like_personal_number("１１１１１１１１１１１８"));
        assert!(!looks_like_personal_number("983205673210"));
        assert!(!looks_like_personal_number("210987654321"));
        assert!(!looks_like_personal_number("12345678901"));
        assert!(!looks_like_personal_number("記号983205673214"));
    }

    /// The definition written plainly: normalise the width, keep digits, allow separators.
    fn personal_number_by_definition(text: &str) -> bool {
        let normal = normalize_width(text);
        let digits: Vec<u32> = normal.chars().filter_map(|c| c.to_digit(10)).collect();
        let others = normal
            .chars()
            .filter(|c| !c.is_ascii_digit() && !matches!(c, '-' | '‐' | 'ー'))
            .count();
        if digits.len() != 12 || others > 0 {
            return false;
        }
        let sum: u32 = (1..=11u32)
            .zip(digits[..11].iter().rev())
            .map(|(n, p)| p * if n <= 6 { n + 1 } else { n - 5 })
            .sum();
        let check = if sum % 11 <= 1 { 0 } else { 11 - sum % 11 };
        digits[11] == check
    }

    proptest::proptest! {
        #[test]
        fn personal_number_guard_matches_its_definition(
            text in "[0-9０-９ 　\\-‐ーＡa●]{0,20}",
        ) {
            proptest::prop_assert_eq!(
                looks_like_personal_number(&text),
                personal_number_by_definition(&text)
            );
        }

        #[test]
        fn every_valid_personal_number_is_refused(digits in proptest::collection::vec(0u32..10, 11)) {
            let sum: u32 = (1..=11u32)
                .zip(digits.iter().rev())
                .map(|(n, p)| p * if n <= 6 { n + 1 } else { n - 5 })
                .sum();
            let check = if sum % 11 <= 1 { 0 } else { 11 - sum % 11 };
            let number: String = digits.iter().chain([check].iter()).map(|d| char::from(b'0' + *d as u8)).collect();
            proptest::prop_assert!(looks_like_personal_number(&number));
            proptest::prop_assert!(PersonalField::new(&number).is_err());
        }
    }

    #[test]
    fn personal_field_is_redacted_in_debug() {
        let f = PersonalField::new("12-345").unwrap();
        assert_eq!(format!("{f:?}"), "PersonalField(<redacted>)");
        assert_eq!(f.expose(), "12-345");
    }
}
