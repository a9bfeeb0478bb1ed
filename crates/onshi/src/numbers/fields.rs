//! Number fields as reception reads them: what each may hold (its alphabet), and the types of
//! 保険者番号 and of the personal 記号・番号・枝番.
//!
//! Sources: reference/numbers-and-benefits.md §4 (記号・番号 in 英数 or 漢字 mode, hyphens as in
//! `12-34`, 枝番 two digits, ● for characters the online system cannot print) and §7 (validation
//! after width folding); 003_934a4cc329de2595.txt:143–151 (枝番, none on 後期高齢者 cards).

use std::fmt;

use serde::{Deserialize, Serialize};
use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

use super::guard::{contains_personal_number, refused};

/// Half-width form of `text`: full-width digits and Latin letters become ASCII, ideographic and ASCII
/// spaces are removed. 外字 shown as ● and other characters are kept as they are.
pub(crate) fn normalize_width(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, ' ' | '\u{3000}'))
        .map(fold_width)
        .collect()
}

/// The half-width form of a full-width ASCII character (U+FF01–FF5E); any other as it is.
fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// What a number field may hold, after width folding (an allowlist: anything else is refused
/// with the field named, never cleaned away).
///
/// # Example
/// ```
/// use onshi::numbers::Alphabet;
/// assert!(Alphabet::Digits.check(" ０６１３００１７").is_ok());
/// assert!(Alphabet::SymbolNumber.check("記号１２－３４").is_ok());
/// let e = Alphabet::SymbolNumber.check("9832~0567").unwrap_err();
/// assert_eq!((e.position, e.code_point), (5, 0x7E));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Alphabet {
    /// Digits, with spaces around or between them (OQS pads 保険者番号 with spaces): 保険者番号, 枝番,
    /// 公費負担者番号, 公費受給者番号, 医療機関コード.
    Digits,
    /// 記号 and 番号: letters (kanji, kana, Latin), digits, the hyphens and dashes cards print
    /// (`12-34`, `１２－３４`, `12‐34`, ー), spaces, and the placeholders the online system prints for
    /// a character it cannot show (●, 〓, ＊).
    SymbolNumber,
}

/// A character outside a field's [`Alphabet`]: where it is and which it is (never the value).
///
/// # Example
/// ```
/// let e = onshi::numbers::Alphabet::Digits.check("06\u{202E}13").unwrap_err();
/// assert_eq!(e.to_string(), "character 3 (U+202E) is not allowed: the field takes digits only");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AlphabetError {
    /// The alphabet the field takes.
    pub alphabet: Alphabet,
    /// The character's position in the value, from 1.
    pub position: usize,
    /// Its code point (shown as `U+007E`, so no control or bidi character acts on a screen).
    pub code_point: u32,
}

impl fmt::Display for AlphabetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let takes = match self.alphabet {
            Alphabet::Digits => "digits only",
            Alphabet::SymbolNumber => "letters, digits and hyphens only",
        };
        write!(
            f,
            "character {} (U+{:04X}) is not allowed: the field takes {takes}",
            self.position, self.code_point
        )
    }
}

impl std::error::Error for AlphabetError {}

impl Alphabet {
    /// Whether `c` (width-folded) belongs to this alphabet.
    fn allows(self, c: char) -> bool {
        match (self, c) {
            (_, '0'..='9' | ' ' | '\u{3000}') => true,
            (Alphabet::Digits, _) => false,
            (_, 'a'..='z' | 'A'..='Z' | '-' | '*' | '●' | '〓') => true,
            (_, '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE63}') => true,
            (_, c) if c.is_ascii() => false,
            (_, c) => matches!(
                c.general_category(),
                GeneralCategory::UppercaseLetter
                    | GeneralCategory::LowercaseLetter
                    | GeneralCategory::TitlecaseLetter
                    | GeneralCategory::ModifierLetter
                    | GeneralCategory::OtherLetter
            ),
        }
    }

    /// Checks that every character of `text` (after width folding) belongs to this alphabet.
    ///
    /// # Errors
    /// [`AlphabetError`] naming the first character that does not.
    ///
    /// # Example
    /// ```
    /// use onshi::numbers::Alphabet;
    /// assert!(Alphabet::Digits.check("12 34").is_ok());
    /// assert_eq!(Alphabet::Digits.check("=1+1").unwrap_err().position, 1);
    /// ```
    pub fn check(self, text: &str) -> Result<(), AlphabetError> {
        match text
            .chars()
            .enumerate()
            .find(|(_, c)| !self.allows(fold_width(*c)))
        {
            None => Ok(()),
            Some((i, c)) => Err(AlphabetError {
                alphabet: self,
                position: i + 1,
                code_point: c as u32,
            }),
        }
    }
}

/// 保険者番号: 8 digits, or 6 for 市町村国保 (numbers-and-benefits.md §1). Check digits are not
/// verified here.
///
/// # Example
/// ```
/// let n: onshi::numbers::InsurerNumber = serde_json::from_str(r#""141309""#).unwrap();
/// assert_eq!(n.as_str(), "141309");
/// assert!(serde_json::from_str::<onshi::numbers::InsurerNumber>(r#""14130""#).is_err());
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct InsurerNumber(String);

impl InsurerNumber {
    /// Parses a 保険者番号, accepting full-width digits and spaces around or between them.
    ///
    /// # Errors
    /// A message when the text holds a 個人番号, a character other than a digit or a space, or
    /// is not 6 or 8 digits.
    ///
    /// # Example
    /// ```
    /// use onshi::numbers::InsurerNumber;
    /// assert_eq!(InsurerNumber::parse(" ０６１３００１７ ").unwrap().as_str(), "06130017");
    /// assert!(InsurerNumber::parse("1234567").is_err());
    /// assert!(InsurerNumber::parse("=1+1").is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Self, String> {
        if contains_personal_number(text) {
            return Err(
                "this looks like a 12-digit 個人番号 (My Number), not a 保険者番号".to_owned(),
            );
        }
        Alphabet::Digits
            .check(text)
            .map_err(|e| format!("保険者番号: {e}"))?;
        let s = normalize_width(text);
        if s.len() == 6 || s.len() == 8 {
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
    /// assert_eq!(onshi::numbers::InsurerNumber::parse("3913 0019").unwrap().as_str(), "39130019");
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
        if contains_personal_number(&s) {
            return Err(refused());
        }
        InsurerNumber::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// A personal field of an insurance document (記号, 番号, 枝番): kept as given, redacted in `Debug`,
/// held to its [`Alphabet`], and never a 12-digit 個人番号.
///
/// # Example
/// ```
/// let f: onshi::numbers::PersonalField = serde_json::from_str(r#""記号●1""#).unwrap();
/// assert_eq!(format!("{f:?}"), "PersonalField(<redacted>)");
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct PersonalField(String);

impl PersonalField {
    /// A 記号 or 番号: accepts `text` unless it holds a 個人番号 or a character outside
    /// [`Alphabet::SymbolNumber`].
    ///
    /// # Errors
    /// A message (without the value) naming what is wrong.
    ///
    /// # Example
    /// ```
    /// use onshi::numbers::PersonalField;
    /// assert!(PersonalField::new("１２－３４").is_ok());
    /// assert!(PersonalField::new("983205673214").is_err()); // published example 個人番号
    /// assert!(PersonalField::new("12;34").is_err());
    /// ```
    pub fn new(text: &str) -> Result<Self, String> {
        Self::of(Alphabet::SymbolNumber, text)
    }

    /// A 枝番: digits only ([`Alphabet::Digits`]), kept as given.
    ///
    /// # Errors
    /// As [`PersonalField::new`].
    ///
    /// # Example
    /// ```
    /// assert!(onshi::numbers::PersonalField::branch("01").is_ok());
    /// assert!(onshi::numbers::PersonalField::branch("0-1").is_err());
    /// ```
    pub fn branch(text: &str) -> Result<Self, String> {
        Self::of(Alphabet::Digits, text)
    }

    fn of(alphabet: Alphabet, text: &str) -> Result<Self, String> {
        if contains_personal_number(text) {
            return Err(format!(
                "{} a 12-digit 個人番号 was refused",
                super::guard::PERSONAL_NUMBER_MARK
            ));
        }
        alphabet.check(text).map_err(|e| e.to_string())?;
        Ok(PersonalField(text.to_owned()))
    }

    /// The value as given. Do not log it.
    ///
    /// # Example
    /// ```
    /// assert_eq!(onshi::numbers::PersonalField::new("0042").unwrap().expose(), "0042");
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

/// Deserialises an optional 枝番 ([`PersonalField::branch`]).
pub(crate) fn optional_branch<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<PersonalField>, D::Error> {
    Option::<String>::deserialize(d)?
        .map(|s| PersonalField::branch(&s).map_err(serde::de::Error::custom))
        .transpose()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personal_field_is_redacted_in_debug() {
        let f = PersonalField::new("12-345").unwrap();
        assert_eq!(format!("{f:?}"), "PersonalField(<redacted>)");
        assert_eq!(f.expose(), "12-345");
    }

    #[test]
    fn the_symbol_and_number_alphabet_takes_what_cards_print() {
        for ok in [
            "12-34",
            "１２－３４",
            "12‐34",
            "記号01",
            "あいう",
            "ＡＢ１２",
            "東京ー1",
            "●子12",
            "〓",
            "12 34",
        ] {
            assert!(Alphabet::SymbolNumber.check(ok).is_ok(), "{ok}");
        }
        for bad in [
            "12~34",
            "12.0",
            "=1+1",
            "12\u{202E}34",
            "a\u{1B}b",
            "12;34",
            "1\u{FE0F}",
            "١٢",
            "①",
        ] {
            assert!(Alphabet::SymbolNumber.check(bad).is_err(), "{bad:?}");
        }
    }

    proptest::proptest! {
        /// An allowed value hides no 個人番号 the detector would not see: whatever the alphabet
        /// lets between digits is either looked through (hyphens, spaces, ー) or a letter.
        #[test]
        fn the_alphabets_hold_only_digits_letters_and_separators(c: char) {
            if Alphabet::SymbolNumber.allows(fold_width(c)) && !fold_width(c).is_ascii_digit() {
                let text = format!("9832{c}0567{c}3214");
                let letter = matches!(
                    fold_width(c).general_category(),
                    GeneralCategory::UppercaseLetter
                        | GeneralCategory::LowercaseLetter
                        | GeneralCategory::TitlecaseLetter
                        | GeneralCategory::OtherLetter
                );
                proptest::prop_assert!(
                    letter || contains_personal_number(&text),
                    "U+{:04X}", c as u32
                );
            }
        }
    }
}
