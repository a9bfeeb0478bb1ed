//! Bilingual text and the language switch.

use serde::{Deserialize, Serialize};

/// A language for messages (表示言語).
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
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Text {
    /// Japanese.
    pub ja: String,
    /// English.
    pub en: String,
}

impl Text {
    /// A text from its two languages.
    pub fn new(ja: impl Into<String>, en: impl Into<String>) -> Self {
        Text {
            ja: ja.into(),
            en: en.into(),
        }
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ja => &self.ja,
            Lang::En => &self.en,
        }
    }
}
