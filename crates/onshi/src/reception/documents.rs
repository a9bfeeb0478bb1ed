//! The documents a patient can present at reception (提示書類).
//!
//! Sources: 001_86d564a6a8f45e49.txt:109 (マイナ保険証), :128–150 (資格確認書, 資格情報のお知らせ),
//! :416 (card + お知らせ or マイナポータル), 004_b85a80dacb8bbe22.txt:752–762 (legacy cards),
//! 002_d90f2e6524198125.txt:461 (限度額適用認定証).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::numbers::{InsuredNumber, InsurerNumber};
use crate::reception::identity::{IdentityCheck, PinState};
use crate::vocabulary;

/// Everything the patient handed over or showed (all optional).
///
/// # Example
/// ```
/// let p: onshi::reception::Presented = serde_json::from_str(r#"{"notice": {}, "portal_screen": {}}"#).unwrap();
/// assert!(p.notice.is_some() && p.myna_card.is_none());
/// assert!(serde_json::from_str::<onshi::reception::Presented>(r#"{"hokensho": {}}"#).is_err());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Presented {
    /// マイナンバーカード (or a smartphone carrying it), offered as マイナ保険証.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub myna_card: Option<MynaInsuranceCard>,
    /// 従来の被保険者証.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legacy_card: Option<LegacyInsuranceCard>,
    /// 資格確認書.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualification_certificate: Option<QualificationCertificate>,
    /// 資格情報のお知らせ (資格情報通知書).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice: Option<QualificationNotice>,
    /// マイナポータル 資格情報 screen on the patient's phone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub portal_screen: Option<PortalScreen>,
    /// 限度額適用認定証.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ceiling_certificate: Option<CeilingCertificate>,
}

vocabulary! {
    /// The form of the マイナンバーカード (カードの種類).
    ///
    /// # Example
    /// ```
    /// use onshi::reception::CardKind;
    /// let k: CardKind = serde_json::from_str(r#""face_only""#).unwrap();
    /// assert_eq!(k, CardKind::FaceOnly);
    /// ```
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum CardKind {
        /// An ordinary plastic card with a 4-digit user-authentication PIN.
        #[default]
        Ordinary = "ordinary", "マイナンバーカード", "My Number Card";
        /// 顔認証マイナンバーカード: no PIN set; face or staff visual check only (004:738).
        FaceOnly = "face_only", "顔認証マイナンバーカード", "顔認証マイナンバーカード (no PIN)";
        /// iPhone with the card in Wallet (Face ID / Touch ID on the phone).
        SmartphoneIos = "smartphone_ios", "iPhoneのマイナ保険証", "iPhone マイナ保険証";
        /// Android with a スマホ用電子証明書 (4-digit PIN typed on the reader).
        SmartphoneAndroid = "smartphone_android", "Androidのマイナ保険証", "Android マイナ保険証";
    }
}

impl CardKind {
    /// Whether this is a smartphone-embedded card.
    pub(crate) fn is_smartphone(&self) -> bool {
        matches!(self, CardKind::SmartphoneIos | CardKind::SmartphoneAndroid)
    }
}

vocabulary! {
    /// Whether the card is registered for insurance use (健康保険証利用登録).
    ///
    /// # Example
    /// ```
    /// use onshi::reception::{MynaInsuranceCard, Registration};
    /// assert_eq!(MynaInsuranceCard::default().registration, Registration::Unknown);
    /// ```
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum Registration {
        /// Registered: the card is a マイナ保険証.
        Registered = "registered", "利用登録済み", "registered for insurance use";
        /// Not registered (or the registration was cancelled).
        NotRegistered = "not_registered", "利用登録なし", "not registered for insurance use";
        /// Not known yet: reading the card tells (004:783).
        #[default]
        Unknown = "unknown", "利用登録は不明", "registration unknown";
    }
}

vocabulary! {
    /// The card's standing (カードの状態).
    ///
    /// # Example
    /// ```
    /// use onshi::reception::CardStatus;
    /// assert_eq!(serde_json::to_string(&CardStatus::Suspended).unwrap(), r#""suspended""#);
    /// ```
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum CardStatus {
        /// Usable as far as reception knows.
        #[default]
        Active = "active", "利用可能", "active";
        /// 一時利用停止 after loss or theft (002:389).
        Suspended = "suspended", "一時利用停止中", "suspended";
        /// The certificate was revoked (住所・氏名 change, 失効申請, death).
        Revoked = "revoked", "電子証明書が失効", "certificate revoked";
        /// The chip cannot be read (IC 破損, 券面汚損).
        Damaged = "damaged", "ICチップを読み取れない", "chip unreadable";
    }
}

/// A マイナンバーカード presented as insurance card (マイナ保険証).
///
/// # Example
/// ```
/// let card: onshi::reception::MynaInsuranceCard = serde_json::from_str(r#"{"registration": "registered",
///   "certificate_expires": "2029-05-11", "card_expires": "2034-05-11",
///   "pin": {"state": "remaining", "tries": 2}}"#).unwrap();
/// assert_eq!(card.certificate_expires.unwrap().to_string(), "2029-05-11");
/// assert_eq!(card.card_expires.unwrap().to_string(), "2034-05-11");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MynaInsuranceCard {
    /// Plastic card, face-only card, or smartphone.
    #[serde(default)]
    pub kind: CardKind,
    /// Insurance-use registration.
    #[serde(default)]
    pub registration: Registration,
    /// Suspended, revoked, damaged.
    #[serde(default)]
    pub status: CardStatus,
    /// The JST date on which the user-authentication certificate (利用者証明用電子証明書) expires
    /// (`notAfter` 14:59:59Z = 23:59:59 JST that day), when read or printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate_expires: Option<NaiveDate>,
    /// The last day of the card itself (カードの有効期限, printed on its front: the 10th birthday
    /// after issue, the 5th for those issued under 18), when known. Past it, the card is decided by
    /// the grace rule (`card.expiry-grace`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_expires: Option<NaiveDate>,
    /// The identity check done at the reader, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<IdentityCheck>,
    /// What the card reported about the PIN counter.
    #[serde(default)]
    pub pin: PinState,
}

/// A legacy health-insurance card (従来の被保険者証).
///
/// # Example
/// ```
/// let card: onshi::reception::LegacyInsuranceCard = serde_json::from_str(
///     r#"{"insurer": "０６１３００１７", "issued": "2023-04-01", "expires": "2025-09-30"}"#).unwrap();
/// assert_eq!(card.insurer.unwrap().as_str(), "06130017");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LegacyInsuranceCard {
    /// 保険者番号 printed on the card.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insurer: Option<InsurerNumber>,
    /// 記号・番号・枝番.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insured: Option<InsuredNumber>,
    /// 交付年月日.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued: Option<NaiveDate>,
    /// 有効期限 printed on the card (last valid day), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<NaiveDate>,
    /// The holder has since changed insurer (転職・転居), so the card ended (004:762).
    #[serde(default)]
    pub insurer_changed: bool,
    /// 一部負担金割合 printed on the card, in percent (10, 20, 30).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copay_percent: Option<u8>,
}

/// Why a 資格確認書 was issued (交付理由).
///
/// # Example
/// ```
/// use onshi::reception::IssueReason;
/// let r: IssueReason = serde_json::from_str(r#""care_needed""#).unwrap();
/// assert_eq!(r, IssueReason::CareNeeded);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IssueReason {
    /// No マイナ保険証 (no card or not registered): issued without application (001:128).
    #[default]
    NoRegisteredCard,
    /// 要配慮者 (elderly, disabled) on application, even with a マイナ保険証 (004:756).
    CareNeeded,
    /// Provisionally to people aged 75+ whose legacy card lapses (004:758).
    Elderly75Provisional,
    /// To every 後期高齢者 during the provisional period ending 2026-07-31.
    LateElderly,
    /// After cancelling insurance-use registration (001:448).
    RegistrationCancelled,
}

/// 資格確認書: a paper or card document with its own validity period.
///
/// # Example
/// ```
/// let q: onshi::reception::QualificationCertificate = serde_json::from_str(
///     r#"{"valid_until": "2026-07-31", "reason": "late_elderly", "copay_percent": 10}"#).unwrap();
/// assert_eq!(q.copay_percent, Some(10));
/// assert!(serde_json::from_str::<onshi::reception::QualificationCertificate>("{}").is_err()); // valid_until needed
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QualificationCertificate {
    /// First valid day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<NaiveDate>,
    /// Last valid day (有効期限).
    pub valid_until: NaiveDate,
    /// Why it was issued.
    #[serde(default)]
    pub reason: IssueReason,
    /// 保険者番号.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insurer: Option<InsurerNumber>,
    /// 一部負担金割合 printed on it, in percent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copay_percent: Option<u8>,
}

/// 資格情報のお知らせ: 氏名, 記号・番号・枝番, 保険者番号 (001:148). Valid only with the card.
///
/// # Example
/// ```
/// let n: onshi::reception::QualificationNotice = serde_json::from_str(r#"{"insurer": "06130017"}"#).unwrap();
/// assert!(n.insured.is_none());
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QualificationNotice {
    /// 保険者番号.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insurer: Option<InsurerNumber>,
    /// 記号・番号・枝番.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insured: Option<InsuredNumber>,
    /// 一部負担金割合 shown, in percent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copay_percent: Option<u8>,
}

/// The マイナポータル 資格情報 screen shown on the patient's own device.
///
/// # Example
/// ```
/// let s: onshi::reception::PortalScreen = serde_json::from_str(r#"{"copay_percent": 30}"#).unwrap();
/// assert_eq!(s.copay_percent, Some(30));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PortalScreen {
    /// 保険者番号 shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insurer: Option<InsurerNumber>,
    /// 一部負担金割合 shown, in percent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copay_percent: Option<u8>,
}

/// 限度額適用認定証 (or 限度額適用・標準負担額減額認定証).
///
/// # Example
/// ```
/// let c: onshi::reception::CeilingCertificate = serde_json::from_str(r#"{"category": "ウ", "valid_until": "2026-07-31"}"#).unwrap();
/// assert_eq!(c.category, "ウ");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CeilingCertificate {
    /// 適用区分 as printed (ア–オ, 現役並みⅠ/Ⅱ, 一般, 低所得Ⅰ/Ⅱ, …).
    #[serde(deserialize_with = "crate::numbers::guarded_text")]
    pub category: String,
    /// Last valid day.
    pub valid_until: NaiveDate,
}
