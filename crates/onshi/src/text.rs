//! Bilingual text and the language switch.

use serde::{Deserialize, Serialize};

/// A language for messages (表示言語).
///
/// # Example
/// ```
/// use onshi::{Lang, Text};
/// let t = Text::new("資格確認書", "qualification certificate");
/// assert_eq!(t.get(Lang::default()), "資格確認書");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    /// Japanese (日本語), the default at a Japanese reception desk.
    #[default]
    Ja,
    /// English.
    En,
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
