//! What the engine answers (判定結果): coverage, route, copay, alerts, next actions, rule ids, messages.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::benefits::copay::AgeBand;
use crate::policy::rules::RuleId;
use crate::reception::documents::CardStatus;
use crate::reception::identity::IdentityMethod;
use crate::vocabulary;
use crate::vocabulary::Text;
use crate::vocabulary::kinds;

vocabulary! {
    /// Whether the visit is covered by insurance (保険診療の可否).
    ///
    /// # Example
    /// ```
    /// use onshi::{decide, RuleSet, Visit};
    /// use onshi::reception::Coverage;
    /// let visit = Visit::from_json(r#"{"at": "2026-01-15", "facility": {"online": "down"},
    ///   "patient": {"birth_date": "1980-01-01"}, "presented": {"myna_card": {"registration": "registered"}}}"#).unwrap();
    /// let d = decide(&RuleSet::builtin(), &visit).unwrap();
    /// assert_eq!(d.coverage, Coverage::Provisional); // 申立書, usual ratio
    /// ```
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum Coverage {
        /// Covered: qualification confirmed by an accepted route.
        Covered = "covered", "保険資格を確認できました", "Coverage confirmed";
        /// Covered provisionally on the patient's self-declaration (被保険者資格申立書); the usual ratio.
        Provisional = "provisional", "申立てにより保険診療（通常の負担割合）", "Covered provisionally on self-declaration (usual ratio)";
        /// A step is still needed (identity check, online query) before deciding.
        Pending = "pending", "確認の途中です", "Confirmation in progress";
        /// No accepted route: handled like a forgotten insurance card.
        NotCovered = "not_covered", "保険資格を確認できません", "Coverage cannot be confirmed";
    }
}

vocabulary! {
    /// How qualification was (or is to be) confirmed (資格確認の方法).
    ///
    /// # Example
    /// ```
    /// use onshi::{decide, RuleSet, Visit};
    /// use onshi::reception::Route;
    /// let visit = Visit::from_json(r#"{"at": "2026-01-15",
    ///   "presented": {"qualification_certificate": {"valid_until": "2027-07-31"}}}"#).unwrap();
    /// assert_eq!(decide(&RuleSet::builtin(), &visit).unwrap().route, Route::QualificationCertificate);
    /// ```
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum Route {
        /// マイナ保険証, confirmed online.
        MynaOnline = "myna_online", "マイナ保険証（オンライン資格確認）", "マイナ保険証 (online check)";
        /// マイナンバーカード + 資格情報のお知らせ.
        CardWithNotice = "card_with_notice", "マイナンバーカード＋資格情報のお知らせ", "My Number Card + 資格情報のお知らせ";
        /// マイナンバーカード + マイナポータル 資格情報 screen.
        CardWithPortal = "card_with_portal", "マイナンバーカード＋マイナポータル資格情報画面", "My Number Card + マイナポータル qualification screen";
        /// 資格確認書.
        QualificationCertificate = "qualification_certificate", "資格確認書", "資格確認書 (qualification certificate)";
        /// 従来の被保険者証 within its transition validity.
        LegacyCard = "legacy_card", "従来の健康保険証（経過措置）", "Legacy insurance card (transition)";
        /// An expired legacy card whose insured number was confirmed online (temporary measure).
        LegacyCardQueried = "legacy_card_queried", "期限切れの健康保険証＋被保険者番号でのオンライン照会（暫定措置）", "Expired legacy card + online query by insured number (temporary measure)";
        /// 資格情報のお知らせ alone, its insured number confirmed online (temporary measure).
        NoticeQueried = "notice_queried", "資格情報のお知らせ＋被保険者番号でのオンライン照会（暫定措置）", "資格情報のお知らせ + online query by insured number (temporary measure)";
        /// 被保険者資格申立書 (self-declaration).
        SelfDeclaration = "self_declaration", "被保険者資格申立書", "Self-declaration (被保険者資格申立書)";
        /// None yet.
        None = "none", "なし", "none";
    }
}

vocabulary! {
    /// Why online confirmation failed, in the terms of 保発0710第1号 (2023-07-10).
    ///
    /// # Example
    /// ```
    /// use onshi::{decide, RuleSet, Visit};
    /// use onshi::reception::FailureClass;
    /// let visit = Visit::from_json(r#"{"at": "2026-01-15", "facility": {"online": "down"},
    ///   "patient": {"birth_date": "1980-01-01"}, "presented": {"myna_card": {"registration": "registered"}}}"#).unwrap();
    /// let d = decide(&RuleSet::builtin(), &visit).unwrap();
    /// assert_eq!(d.failure, Some(FailureClass::OnlineUnusable));
    /// assert_eq!(serde_json::to_string(&d.failure).unwrap(), r#""b""#);
    /// ```
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum FailureClass {
        /// (A) The terminal shows 資格(無効) or 資格情報なし: e.g. a new insurer not yet registered.
        QualificationNotFound = "a", "資格(無効)・資格情報なし", "qualification invalid or not found";
        /// (B) Online confirmation cannot be used: reader/terminal fault, damaged card, expired
        /// certificate, outage.
        OnlineUnusable = "b", "オンライン資格確認を利用できない", "online check unusable";
    }
}

vocabulary! {
    /// Where the copay ratio comes from (負担割合の根拠).
    ///
    /// # Example
    /// ```
    /// use onshi::{decide, RuleSet, Visit};
    /// use onshi::reception::CopayBasis;
    /// let visit = Visit::from_json(r#"{"at": "2026-01-15", "facility": {"online": "down"},
    ///   "patient": {"birth_date": "1980-01-01"}, "presented": {"myna_card": {"registration": "registered"}}}"#).unwrap();
    /// let d = decide(&RuleSet::builtin(), &visit).unwrap();
    /// assert_eq!(d.copay.basis, CopayBasis::Age);
    /// ```
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum CopayBasis {
        /// The online result.
        Online = "online", "オンライン資格確認", "online result";
        /// A document (資格確認書, legacy card, お知らせ, portal screen).
        Document = "document", "提示書類", "document";
        /// The usual ratio by age (self-declaration and routes without a stated ratio).
        Age = "age", "年齢による通常の割合", "usual ratio by age";
        /// Not known.
        Unknown = "unknown", "不明", "unknown";
    }
}

/// The copay ratio and its basis.
///
/// # Example
/// ```
/// use onshi::{decide, RuleSet, Visit};
/// use onshi::benefits::AgeBand;
/// let visit = Visit::from_json(r#"{"at": "2026-01-15", "facility": {"online": "down"},
///   "patient": {"birth_date": "1980-01-01"}, "presented": {"myna_card": {"registration": "registered"}}}"#).unwrap();
/// let d = decide(&RuleSet::builtin(), &visit).unwrap();
/// assert_eq!((d.copay.percent, d.copay.age_band), (Some(30), Some(AgeBand::General)));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Copay {
    /// Where it comes from.
    pub basis: CopayBasis,
    /// Percent (10, 20, 30) when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub percent: Option<u8>,
    /// The age band, when the birth date is known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub age_band: Option<AgeBand>,
}

kinds! {
    /// Where the 高額療養費 ceiling category comes from.
    ///
    /// # Example
    /// ```
    /// use onshi::{decide, RuleSet, Visit};
    /// use onshi::reception::Ceiling;
    /// let visit = Visit::from_json(r#"{"at": "2026-01-15", "presented": {"myna_card": {
    ///   "identity": {"method": "face", "outcome": "confirmed"}}},
    ///   "online": {"status": "valid", "ceiling_category": "エ"}}"#).unwrap();
    /// let d = decide(&RuleSet::builtin(), &visit).unwrap();
    /// assert_eq!(d.ceiling, Some(Ceiling::Online { category: "エ".into() }));
    /// ```
    #[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(tag = "basis")]
    pub enum Ceiling {
        /// The online result (patient consented to share 限度額 information).
        Online = "online" {
            /// 限度額適用認定証区分 as reported.
            category: String,
        },
        /// A presented 限度額適用認定証.
        Certificate = "certificate" {
            /// 適用区分 as printed.
            category: String,
        },
    }
}

impl Ceiling {
    /// The 区分, whichever document or answer gave it.
    ///
    /// # Example
    /// ```
    /// use onshi::reception::Ceiling;
    /// assert_eq!(Ceiling::Certificate { category: "ウ".into() }.category(), "ウ");
    /// ```
    pub fn category(&self) -> &str {
        match self {
            Ceiling::Online { category } | Ceiling::Certificate { category } => category,
        }
    }
}

kinds! {
    /// Something staff should know (注意事項), with the dates to show.
    ///
    /// # Example
    /// ```
    /// use onshi::{decide, RuleSet, Visit};
    /// use onshi::reception::Alert;
    /// let visit = Visit::from_json(r#"{"at": "2026-02-11", "presented": {"myna_card": {
    ///   "certificate_expires": "2025-11-10", "identity": {"method": "face", "outcome": "confirmed"}}},
    ///   "online": {"status": "valid"}}"#).unwrap();
    /// let d = decide(&RuleSet::builtin(), &visit).unwrap();
    /// let until = "2026-02-28".parse().unwrap();
    /// assert!(matches!(d.alerts[0], Alert::CertificateInGrace { grace_until, .. } if grace_until == until));
    /// ```
    #[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(tag = "kind")]
    #[non_exhaustive]
    pub enum Alert {
        /// The certificate expires within the alert window: renew at the municipality.
        CertificateExpiresSoon = "certificate_expires_soon" {
            /// Last valid day.
            expires: NaiveDate,
        },
        /// The certificate has expired; the card works as insurance card (qualification only, no
        /// 薬剤/診療 information) until `grace_until`.
        CertificateInGrace = "certificate_in_grace" {
            /// Last valid day of the certificate.
            expired: NaiveDate,
            /// Last day of insurance use.
            grace_until: NaiveDate,
        },
        /// The certificate expired and the grace period is over: 「電子証明書が失効しています」.
        CertificateExpired = "certificate_expired" {
            /// Last valid day of the certificate.
            expired: NaiveDate,
            /// Last day of the grace period.
            grace_ended: NaiveDate,
        },
        /// The PIN is locked.
        PinLocked = "pin_locked",
        /// One PIN try is left: the next wrong PIN locks the card.
        PinLastTry = "pin_last_try",
        /// The card is suspended, revoked or unreadable.
        CardUnusable = "card_unusable" {
            /// Which.
            status: CardStatus,
        },
        /// The card itself has expired (its own 有効期限, not only its certificate); it works as
        /// insurance card (qualification only, no 薬剤/診療 information) until `grace_until`
        /// (`card.expiry-grace`, reported by a municipal page).
        CardInGrace = "card_in_grace" {
            /// Last valid day of the card.
            expired: NaiveDate,
            /// Last day of insurance use.
            grace_until: NaiveDate,
        },
        /// The card itself has expired and cannot be used as insurance card: its grace period is over,
        /// or no grace applies on the day (`grace_ended` is then the expiry day).
        CardExpired = "card_expired" {
            /// Last valid day of the card.
            expired: NaiveDate,
            /// Last day of its grace period.
            grace_ended: NaiveDate,
        },
        /// The card is not registered for insurance use.
        NotRegistered = "not_registered",
        /// Staff could not confirm that the patient is the card holder.
        IdentityNotConfirmed = "identity_not_confirmed",
        /// Smartphone マイナ保険証 cannot be read here (or not yet accepted on this date).
        SmartphoneNotSupported = "smartphone_not_supported",
        /// The legacy card is valid until `on`.
        LegacyCardEnds = "legacy_card_ends" {
            /// Last valid day.
            on: NaiveDate,
        },
        /// The legacy card is no longer valid.
        LegacyCardExpired = "legacy_card_expired" {
            /// Its last valid day.
            ended: NaiveDate,
        },
        /// The legacy card ended when the holder changed insurer.
        LegacyCardInsurerChanged = "legacy_card_insurer_changed",
        /// A "legacy card" issued on or after 2024-12-02 cannot be genuine.
        LegacyCardIssuedAfterAbolition = "legacy_card_issued_after_abolition" {
            /// Printed issue date.
            issued: NaiveDate,
        },
        /// The 資格確認書 is outside its validity period.
        QualificationCertificateExpired = "qualification_certificate_expired" {
            /// Its last valid day.
            ended: NaiveDate,
        },
        /// 資格情報のお知らせ alone is not a valid document.
        NoticeNotAlone = "notice_not_alone",
        /// Accepted under a temporary measure that ends on `until`.
        TemporaryMeasure = "temporary_measure" {
            /// Last day of the measure.
            until: NaiveDate,
        },
        /// The online ratio differs from the document's; the online one is used.
        CopayMismatch = "copay_mismatch" {
            /// Online percent.
            online: u8,
            /// Document percent.
            document: u8,
        },
        /// The 限度額適用認定証 is not needed: the online result gives the category.
        CeilingCertificateNotNeeded = "ceiling_certificate_not_needed",
        /// The patient is 75+ (or 後期高齢者) and should hold a 資格確認書 too.
        ElderlyHoldsCertificate = "elderly_holds_certificate",
        /// The insured number on the document differs from the online result.
        InsuredNumberMismatch = "insured_number_mismatch" {
            /// The numbers agree once leading zeros are ignored (check which is right).
            leading_zeros_only: bool,
        },
        /// No 高額療養費 table covers this month: the limit could not be computed.
        CeilingTableMissing = "ceiling_table_missing" {
            /// The month (a day of it).
            month: NaiveDate,
        },
        /// A smartphone マイナ保険証 cannot be used: the physical card's certificate has expired and the
        /// smartphone has no grace period (`card.smartphone-no-grace`).
        SmartphoneCertificateExpired = "smartphone_certificate_expired" {
            /// Last valid day of the certificate.
            expired: NaiveDate,
            /// The physical card still works as insurance card until this day (its grace period), when
            /// it does.
            #[serde(default, skip_serializing_if = "Option::is_none")]
            physical_card_until: Option<NaiveDate>,
        },
        /// A number in the online answer fails its own rules (check digit, prefecture): the online
        /// system is the authority, but the number should be looked at before it is recorded.
        OnlineNumberFailsCheck = "online_number_fails_check" {
            /// Which field (`insurer` = 保険者番号).
            field: String,
            /// The rule it fails (`check_digit`, `prefecture`, …).
            problem: String,
        },
        /// The rule table was last reviewed more than six months before the visit: it may miss notices
        /// in force. Update onshi or add the notices in an overlay.
        RulesReviewOverdue = "rules_review_overdue" {
            /// The table's review date.
            reviewed: NaiveDate,
        },
        /// A document the patient presented did not decide the visit, and why: every presented
        /// document is either the route's or named here.
        DocumentNotUsed = "document_not_used" {
            /// Which document.
            document: PresentedDocument,
            /// Why it was not used.
            reason: NotUsedReason,
        },
    }
}

/// The fields of alerts and actions that hold a date (`YYYY-MM-DD` in JSON): bindings that give
/// dates as their language's date type convert exactly these, never a string that only looks
/// like a date.
///
/// # Example
/// ```
/// assert!(onshi::reception::DATE_FIELDS.contains(&"grace_until"));
/// assert!(!onshi::reception::DATE_FIELDS.contains(&"problem"));
/// ```
pub const DATE_FIELDS: &[&str] = &[
    "expires",
    "expired",
    "grace_until",
    "grace_ended",
    "on",
    "ended",
    "issued",
    "until",
    "month",
    "reviewed",
    "physical_card_until",
];

vocabulary! {
    /// A document the patient presented at the desk (the fields of `presented` that can confirm
    /// insurance).
    ///
    /// # Example
    /// ```
    /// use onshi::{decide, RuleSet, Visit};
    /// use onshi::reception::{Alert, NotUsedReason, PresentedDocument};
    /// let visit = Visit::from_json(r#"{"at": "2026-11-30", "presented": {
    ///   "notice": {}, "qualification_certificate": {"valid_until": "2027-07-31"}}}"#).unwrap();
    /// let d = decide(&RuleSet::builtin(), &visit).unwrap();
    /// assert!(d.alerts.contains(&Alert::DocumentNotUsed {
    ///     document: PresentedDocument::Notice,
    ///     reason: NotUsedReason::NeedsCard,
    /// }));
    /// ```
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum PresentedDocument {
        /// マイナ保険証 (the card or a smartphone).
        MynaCard = "myna_card", "マイナ保険証", "マイナ保険証";
        /// 資格確認書.
        QualificationCertificate = "qualification_certificate", "資格確認書", "資格確認書";
        /// 従来の健康保険証.
        LegacyCard = "legacy_card", "従来の健康保険証", "legacy insurance card";
        /// 資格情報のお知らせ.
        Notice = "notice", "資格情報のお知らせ", "資格情報のお知らせ";
        /// マイナポータル 資格情報 screen.
        PortalScreen = "portal_screen", "マイナポータルの資格情報画面", "マイナポータル screen";
    }
}

impl PresentedDocument {
    /// Every presented document, in the order the desk considers them (004:768–793).
    ///
    /// # Example
    /// ```
    /// assert_eq!(onshi::reception::PresentedDocument::ALL[0], onshi::reception::PresentedDocument::MynaCard);
    /// ```
    pub const ALL: [PresentedDocument; 5] = [
        PresentedDocument::MynaCard,
        PresentedDocument::QualificationCertificate,
        PresentedDocument::LegacyCard,
        PresentedDocument::Notice,
        PresentedDocument::PortalScreen,
    ];

    /// Whether `route` decides the visit on this document.
    ///
    /// # Example
    /// ```
    /// use onshi::reception::{PresentedDocument, Route};
    /// assert!(PresentedDocument::Notice.used_by(Route::CardWithNotice));
    /// assert!(!PresentedDocument::LegacyCard.used_by(Route::QualificationCertificate));
    /// ```
    pub fn used_by(self, route: Route) -> bool {
        use PresentedDocument as D;
        match route {
            // A self-declaration follows the card's failed online check: the card is its basis.
            Route::MynaOnline | Route::SelfDeclaration => self == D::MynaCard,
            Route::CardWithNotice => matches!(self, D::MynaCard | D::Notice),
            Route::CardWithPortal => matches!(self, D::MynaCard | D::PortalScreen),
            Route::QualificationCertificate => self == D::QualificationCertificate,
            Route::LegacyCard | Route::LegacyCardQueried => self == D::LegacyCard,
            Route::NoticeQueried => self == D::Notice,
            Route::None => false,
        }
    }
}

vocabulary! {
    /// Why a presented document did not decide the visit.
    ///
    /// # Example
    /// ```
    /// use onshi::{decide, RuleSet, Visit};
    /// use onshi::reception::{Alert, NotUsedReason, PresentedDocument};
    /// let visit = Visit::from_json(r#"{"at": "2026-11-30", "presented": {
    ///   "myna_card": {"registration": "registered", "identity": {"method": "face", "outcome": "confirmed"}},
    ///   "qualification_certificate": {"valid_until": "2027-07-31"}},
    ///   "online": {"status": "valid"}}"#).unwrap();
    /// let d = decide(&RuleSet::builtin(), &visit).unwrap();
    /// assert!(d.alerts.contains(&Alert::DocumentNotUsed {
    ///     document: PresentedDocument::QualificationCertificate,
    ///     reason: NotUsedReason::NotNeeded,
    /// }));
    /// ```
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum NotUsedReason {
        /// Another document, earlier in the desk's order, confirmed the visit.
        NotNeeded = "not_needed", "ほかの書類で資格を確認できたため不要です", "not needed, another document confirmed coverage first";
        /// Not valid on the day: expired, not yet valid, no longer accepted, or not genuine (the
        /// document's own alert says which).
        NotValid = "not_valid", "この日には有効ではありません（理由は上記）", "not valid on this day (see above)";
        /// Counts only together with the My Number Card as photo identity (お知らせ, マイナポータル
        /// screen; 001:416).
        NeedsCard = "needs_card", "マイナンバーカードと一緒に提示したときだけ使えます", "it counts only together with the My Number Card";
        /// The patient was not confirmed as the card's holder, so card + document cannot be used.
        IdentityNotConfirmed = "identity_not_confirmed", "カードの持ち主であることを確認できていないため使えません", "the patient was not confirmed as the card holder";
        /// The マイナポータル cannot be logged into with this card (a 顔認証マイナンバーカード has no PIN).
        NoPortalLogin = "no_portal_login", "顔認証マイナンバーカードではマイナポータルにログインできません", "a 顔認証マイナンバーカード cannot log into マイナポータル";
        /// The card is not registered for insurance use (registration is offered).
        NotRegistered = "not_registered", "保険証としての利用登録がされていません", "the card is not registered for insurance use";
        /// The card could not be confirmed at this visit: online, or its holder's identity (the
        /// other alerts say why).
        NotConfirmed = "not_confirmed", "この受付では確認できませんでした（理由は上記）", "it could not be confirmed at this visit (see above)";
        /// Considered only if the マイナ保険証 steps under way (identity, online check) fail.
        WaitingForCard = "waiting_for_card", "マイナ保険証で確認できなかったときに使います", "it is used only if the マイナ保険証 cannot be confirmed";
    }
}

kinds! {
    /// What staff should do next (次の対応), in order.
    ///
    /// # Example
    /// ```
    /// use onshi::{decide, RuleSet, Visit};
    /// use onshi::reception::{Action, IdentityMethod};
    /// let visit = Visit::from_json(r#"{"at": "2026-01-15", "facility": {"reader": "generic"},
    ///   "presented": {"myna_card": {"pin": {"state": "locked"}}}}"#).unwrap();
    /// let d = decide(&RuleSet::builtin(), &visit).unwrap();
    /// assert_eq!(d.actions[0], Action::ConfirmIdentity { methods: vec![IdentityMethod::Visual] });
    /// ```
    #[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(tag = "kind")]
    #[non_exhaustive]
    pub enum Action {
        /// Confirm identity with one of these methods (in order of preference).
        ConfirmIdentity = "confirm_identity" {
            /// The methods still available.
            methods: Vec<IdentityMethod>,
        },
        /// Compare the card photo with the patient (目視確認).
        ConfirmFaceVisually = "confirm_face_visually",
        /// The next wrong PIN locks the card: ask the patient before letting them try; never retry
        /// automatically.
        AskBeforeLastPinTry = "ask_before_last_pin_try",
        /// Read the card and query the online system.
        QueryOnline = "query_online",
        /// Query the online system with the document's insured number (照会区分 2).
        QueryByInsuredNumber = "query_by_insured_number",
        /// Offer insurance-use registration at the reader now.
        OfferRegistration = "offer_registration",
        /// Ask for 資格情報のお知らせ or the マイナポータル 資格情報 screen.
        AskForNoticeOrPortal = "ask_for_notice_or_portal",
        /// Ask for 資格情報のお知らせ (with the card): the マイナポータル cannot be logged into with this
        /// card (no PIN, PIN locked, certificate expired, card suspended or revoked).
        AskForNotice = "ask_for_notice",
        /// Ask for the 資格確認書.
        AskForQualificationCertificate = "ask_for_qualification_certificate",
        /// Ask for マイナ保険証 or 資格確認書, and the legacy card while its transition lasts.
        AskForDocuments = "ask_for_documents" {
            /// Whether a legacy card is still worth asking for on this date (before
            /// `reception.card-or-certificate-only` applies).
            legacy_card: bool,
        },
        /// Ask the patient to use the physical card.
        UsePhysicalCard = "use_physical_card",
        /// Have the patient fill in a 被保険者資格申立書.
        TakeSelfDeclaration = "take_self_declaration",
        /// Charge the usual ratio (3割 etc. by age), never 10割.
        ChargeUsualRatio = "charge_usual_ratio",
        /// Handle like a forgotten insurance card; settle when a valid document is shown.
        HandleAsForgottenCard = "handle_as_forgotten_card",
        /// Guide certificate renewal at the municipality (市区町村窓口).
        GuideCertificateRenewal = "guide_certificate_renewal",
        /// Guide PIN reset: at the municipal counter, or at a convenience-store kiosk when the patient
        /// knows the 署名用 password (`pin.reset-channels`).
        GuidePinReset = "guide_pin_reset" {
            /// The kiosk route exists on this date.
            kiosk: bool,
        },
        /// Guide card reactivation or reissue (municipality / マイナンバー総合フリーダイヤル).
        GuideCardReactivation = "guide_card_reactivation",
        /// Guide the renewal of the card itself (a new card, applied for with the 有効期限通知書 and
        /// collected at the municipality).
        GuideCardRenewal = "guide_card_renewal",
        /// Suggest bringing the マイナ保険証 next time (利用促進の声掛け).
        RecommendMynaCard = "recommend_myna_card",
        /// Suggest registering the card for insurance use.
        SuggestRegistration = "suggest_registration",
    }
}

/// Ready-to-show texts.
///
/// # Example
/// ```
/// use onshi::{decide, Lang, RuleSet, Visit};
/// let visit = Visit::from_json(r#"{"at": "2026-01-15", "facility": {"online": "down"},
///   "patient": {"birth_date": "1980-01-01"}, "presented": {"myna_card": {"registration": "registered"}}}"#).unwrap();
/// let d = decide(&RuleSet::builtin(), &visit).unwrap();
/// assert!(d.messages.staff.get(Lang::Ja).contains("被保険者資格申立書"));
/// assert!(d.messages.patient.get(Lang::En).contains("usual share"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Messages {
    /// For the front desk.
    pub staff: Text,
    /// For the patient.
    pub patient: Text,
}

/// The reception decision (受付判定).
///
/// # Example
/// ```
/// use onshi::{decide, RuleSet, Visit};
/// use onshi::policy::RuleId;
/// let visit = Visit::from_json(r#"{"at": "2026-01-15", "facility": {"online": "down"},
///   "patient": {"birth_date": "1980-01-01"}, "presented": {"myna_card": {"registration": "registered"}}}"#).unwrap();
/// let d = decide(&RuleSet::builtin(), &visit).unwrap();
/// assert!(d.rules.contains(&RuleId::FallbackSelfDeclaration));
/// assert_eq!(d.date.to_string(), "2026-01-15");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// The JST date the decision applies to.
    pub date: NaiveDate,
    /// Covered, provisional, pending or not covered.
    pub coverage: Coverage,
    /// The route of confirmation.
    pub route: Route,
    /// The failure class, when online confirmation failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure: Option<FailureClass>,
    /// Copay ratio and basis.
    pub copay: Copay,
    /// 高額療養費 ceiling category, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ceiling: Option<Ceiling>,
    /// The month's 高額療養費 limit, when the category and the month's care are known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ceiling_limit: Option<crate::benefits::CeilingAmount>,
    /// Things to know.
    pub alerts: Vec<Alert>,
    /// Next steps, in order.
    pub actions: Vec<Action>,
    /// The rules that produced this decision.
    pub rules: Vec<RuleId>,
    /// The version of the rule table used.
    pub rule_set_version: String,
    /// Texts for staff and patient.
    pub messages: Messages,
}

impl Alert {
    /// The stable slug of this alert (`certificate_in_grace`).
    ///
    /// # Example
    /// ```
    /// use onshi::reception::Alert;
    /// assert_eq!(Alert::PinLocked.kind(), "pin_locked");
    /// ```
    pub fn kind(&self) -> &'static str {
        crate::vocabulary::Kinds::kind(self)
    }
}

impl Action {
    /// Advice for the patient's later benefit, listed after the steps that complete reception.
    pub(crate) fn is_guidance(&self) -> bool {
        matches!(
            self,
            Action::GuideCertificateRenewal
                | Action::GuidePinReset { .. }
                | Action::GuideCardReactivation
                | Action::GuideCardRenewal
                | Action::RecommendMynaCard
                | Action::SuggestRegistration
        )
    }

    /// The stable slug of this action (`query_online`).
    ///
    /// # Example
    /// ```
    /// use onshi::reception::Action;
    /// assert_eq!(Action::QueryOnline.kind(), "query_online");
    /// ```
    pub fn kind(&self) -> &'static str {
        crate::vocabulary::Kinds::kind(self)
    }
}
