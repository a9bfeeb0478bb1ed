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

/// The name of a field or a line on a screen (`負担割合` / `Copay`), as every front end shows it:
/// declared once with the other vocabularies, so a CLI, a desk screen or a binding never words a
/// label itself.
///
/// # Example
/// ```
/// use onshi::{Label, Lang, Vocabulary};
/// assert_eq!(Label::Copay.label().get(Lang::Ja), "負担割合");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Label {
    /// 原因.
    Cause,
    /// 負担割合.
    Copay,
    /// 限度額区分.
    CeilingCategory,
    /// Where the 区分 came from: online.
    FromOnline,
    /// Where the 区分 came from: the 限度額適用認定証.
    FromCertificate,
    /// 患者さんへ.
    ToThePatient,
    /// 根拠ルール.
    Rules,
    /// The demo's title.
    DayAtReception,
    /// The rule table (its version).
    RuleTable,
    /// 確認時刻.
    CheckedAt,
    /// 発行者.
    Issuer,
    /// 信頼する認証局.
    TrustAnchor,
    /// シリアル.
    Serial,
    /// 有効期間.
    Validity,
    /// 状態.
    Status,
    /// 健康保険証として.
    AsInsuranceCard,
    /// 利用可.
    Usable,
    /// 利用不可.
    NotUsable,
    /// Revocation was not checked, and why.
    RevocationNotChecked,
    /// 照会区分.
    ReferenceClassification,
    /// 処理結果区分.
    SegmentOfResult,
    /// エラー.
    Error,
    /// 資格有効性.
    QualificationValidity,
    /// 処理結果メッセージ.
    ResultMessage,
    /// 保険者番号.
    InsurerNumber,
    /// 記号.
    Symbol,
    /// 番号.
    Number,
    /// 枝番.
    Branch,
    /// 法別番号.
    LawNumber,
    /// 初診 points.
    FirstVisitPoints,
    /// 再診 points.
    RevisitPoints,
    /// 有効 (a count of valid answers).
    Valid,
    /// 無効.
    Invalid,
    /// 該当資格なし・複数該当.
    NotFound,
    /// In place of a value that looks like a 12-digit 個人番号.
    PersonalNumberNotShown,
}

/// A copay ratio as staff say it: `3割` in Japanese, `30%` in English.
///
/// # Example
/// ```
/// assert_eq!(onshi::copay_words(30).ja, "3割");
/// assert_eq!(onshi::copay_words(10).en, "10%");
/// ```
pub fn copay_words(percent: u8) -> Text {
    Text::new(format!("{}割", percent / 10), format!("{percent}%"))
}

/// An age as a front end shows it after a name: `45歳` / `45`.
///
/// # Example
/// ```
/// assert_eq!(onshi::age_words(45).ja, "45歳");
/// ```
pub fn age_words(years: u32) -> Text {
    Text::new(format!("{years}歳"), years.to_string())
}
