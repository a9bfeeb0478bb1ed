//! Message texts in Japanese and English for staff and patients (文言).

use chrono::{Datelike, NaiveDate};

use crate::decision::{
    Action, Alert, CopayBasis, Coverage, Decision, FailureClass, Messages, Route,
};
use crate::documents::CardStatus;
use crate::identity::IdentityMethod;
use crate::text::Text;

fn ja_date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

impl Coverage {
    /// Label for staff.
    ///
    /// # Example
    /// ```
    /// use onshi::{Coverage, Lang};
    /// assert_eq!(Coverage::Covered.label().get(Lang::En), "Coverage confirmed");
    /// ```
    pub fn label(&self) -> Text {
        match self {
            Coverage::Covered => Text::new("保険資格を確認できました", "Coverage confirmed"),
            Coverage::Provisional => Text::new(
                "申立てにより保険診療（通常の負担割合）",
                "Covered provisionally on self-declaration (usual ratio)",
            ),
            Coverage::Pending => Text::new("確認の途中です", "Confirmation in progress"),
            Coverage::NotCovered => {
                Text::new("保険資格を確認できません", "Coverage cannot be confirmed")
            }
        }
    }
}

impl Route {
    /// Label for staff.
    ///
    /// # Example
    /// ```
    /// use onshi::{Lang, Route};
    /// assert_eq!(Route::QualificationCertificate.label().get(Lang::Ja), "資格確認書");
    /// ```
    pub fn label(&self) -> Text {
        match self {
            Route::MynaOnline => Text::new(
                "マイナ保険証（オンライン資格確認）",
                "マイナ保険証 (online check)",
            ),
            Route::CardWithNotice => Text::new(
                "マイナンバーカード＋資格情報のお知らせ",
                "My Number Card + 資格情報のお知らせ",
            ),
            Route::CardWithPortal => Text::new(
                "マイナンバーカード＋マイナポータル資格情報画面",
                "My Number Card + マイナポータル qualification screen",
            ),
            Route::QualificationCertificate => {
                Text::new("資格確認書", "資格確認書 (qualification certificate)")
            }
            Route::LegacyCard => Text::new(
                "従来の健康保険証（経過措置）",
                "Legacy insurance card (transition)",
            ),
            Route::LegacyCardQueried => Text::new(
                "期限切れの健康保険証＋被保険者番号でのオンライン照会（暫定措置）",
                "Expired legacy card + online query by insured number (temporary measure)",
            ),
            Route::NoticeQueried => Text::new(
                "資格情報のお知らせ＋被保険者番号でのオンライン照会（暫定措置）",
                "資格情報のお知らせ + online query by insured number (temporary measure)",
            ),
            Route::SelfDeclaration => Text::new(
                "被保険者資格申立書",
                "Self-declaration (被保険者資格申立書)",
            ),
            Route::None => Text::new("なし", "none"),
        }
    }
}

impl FailureClass {
    /// Label for staff.
    ///
    /// # Example
    /// ```
    /// use onshi::{FailureClass, Lang};
    /// assert!(FailureClass::QualificationNotFound.label().get(Lang::Ja).contains("資格(無効)"));
    /// ```
    pub fn label(&self) -> Text {
        match self {
            FailureClass::QualificationNotFound => Text::new(
                "資格(無効)・資格情報なし（保発0710第1号の(A)）",
                "qualification invalid or not found (class A of 保発0710第1号)",
            ),
            FailureClass::OnlineUnusable => Text::new(
                "オンライン資格確認を利用できない（保発0710第1号の(B)）",
                "online check unusable (class B of 保発0710第1号)",
            ),
        }
    }
}

fn method_text(m: IdentityMethod) -> Text {
    match m {
        IdentityMethod::Face => Text::new("顔認証", "face recognition"),
        IdentityMethod::Pin => Text::new("暗証番号", "PIN"),
        IdentityMethod::Visual => Text::new("目視確認", "staff visual check"),
        IdentityMethod::DeviceBiometric => {
            Text::new("スマートフォンの生体認証", "the phone's biometrics")
        }
    }
}

fn join(items: &[Text], sep_ja: &str, sep_en: &str) -> Text {
    Text::new(
        items
            .iter()
            .map(|t| t.ja.as_str())
            .collect::<Vec<_>>()
            .join(sep_ja),
        items
            .iter()
            .map(|t| t.en.as_str())
            .collect::<Vec<_>>()
            .join(sep_en),
    )
}

impl Alert {
    /// Text for staff.
    ///
    /// # Example
    /// ```
    /// use onshi::{Alert, Lang};
    /// let a = Alert::LegacyCardEnds { on: "2025-12-01".parse().unwrap() };
    /// assert_eq!(a.text().get(Lang::Ja), "この健康保険証は2025年12月1日まで使用できます");
    /// ```
    pub fn text(&self) -> Text {
        match self {
            Alert::CertificateExpiresSoon { expires } => Text::new(
                format!(
                    "電子証明書の有効期限が{}です。市区町村窓口での更新をご案内ください",
                    ja_date(*expires)
                ),
                format!(
                    "The card's certificate expires on {expires}; guide renewal at the municipality"
                ),
            ),
            Alert::CertificateInGrace {
                expired,
                grace_until,
            } => Text::new(
                format!(
                    "電子証明書は{}に有効期限切れ。{}まで保険証として利用可（資格確認のみ、薬剤・診療情報の提供なし）",
                    ja_date(*expired),
                    ja_date(*grace_until)
                ),
                format!(
                    "Certificate expired on {expired}; usable as insurance card until {grace_until} (qualification only, no medication/care information)"
                ),
            ),
            Alert::CertificateExpired {
                expired,
                grace_ended,
            } => Text::new(
                format!(
                    "電子証明書が失効しています（有効期限{}、猶予期間{}まで）。マイナ保険証として利用できません",
                    ja_date(*expired),
                    ja_date(*grace_ended)
                ),
                format!(
                    "Certificate expired on {expired} and the grace period ended on {grace_ended}; the card cannot be used as insurance card"
                ),
            ),
            Alert::PinLocked => Text::new(
                "暗証番号がロックされています。顔認証または目視確認で本人確認できます",
                "The PIN is locked; face recognition or a staff visual check still confirm identity",
            ),
            Alert::PinLastTry => Text::new(
                "暗証番号の残り回数は1回です。次に誤るとロックされます",
                "One PIN try left: the next wrong PIN locks the card",
            ),
            Alert::CardUnusable { status } => match status {
                CardStatus::Suspended => {
                    Text::new("カードは一時利用停止中です", "The card is suspended")
                }
                CardStatus::Revoked => Text::new(
                    "カードの電子証明書は失効しています",
                    "The card's certificate is revoked",
                ),
                CardStatus::Damaged | CardStatus::Active => Text::new(
                    "カードのICチップを読み取れません",
                    "The card's chip cannot be read",
                ),
            },
            Alert::NotRegistered => Text::new(
                "健康保険証としての利用登録がされていません",
                "The card is not registered for insurance use",
            ),
            Alert::IdentityNotConfirmed => Text::new(
                "カードの持ち主であることを確認できていません",
                "The patient has not been confirmed as the card holder",
            ),
            Alert::SmartphoneNotSupported => Text::new(
                "この受付ではスマートフォンのマイナ保険証を読み取れません",
                "Smartphone マイナ保険証 cannot be read at this desk",
            ),
            Alert::LegacyCardEnds { on } => Text::new(
                format!("この健康保険証は{}まで使用できます", ja_date(*on)),
                format!("This legacy card is valid until {on}"),
            ),
            Alert::LegacyCardExpired { ended } => Text::new(
                format!(
                    "この健康保険証は{}で有効期限が切れています",
                    ja_date(*ended)
                ),
                format!("This legacy card expired on {ended}"),
            ),
            Alert::LegacyCardInsurerChanged => Text::new(
                "保険者が変わったため、この健康保険証は使用できません",
                "The holder changed insurer, so this legacy card is no longer valid",
            ),
            Alert::LegacyCardIssuedAfterAbolition { issued } => Text::new(
                format!(
                    "交付日{}の健康保険証は発行されていないはずです。確認してください",
                    ja_date(*issued)
                ),
                format!("No legacy card can have been issued on {issued}; check the document"),
            ),
            Alert::QualificationCertificateExpired { ended } => Text::new(
                format!("資格確認書の有効期限（{}）が過ぎています", ja_date(*ended)),
                format!("The 資格確認書 expired on {ended}"),
            ),
            Alert::NoticeNotAlone => Text::new(
                "資格情報のお知らせだけでは受診できません（マイナンバーカードと一緒に提示）",
                "資格情報のお知らせ is not valid alone (only with the My Number Card)",
            ),
            Alert::TemporaryMeasure { until } => Text::new(
                format!("暫定措置による取扱いです（{}まで）", ja_date(*until)),
                format!("Accepted under a temporary measure that ends on {until}"),
            ),
            Alert::CopayMismatch { online, document } => Text::new(
                format!(
                    "負担割合がオンライン資格確認（{}割）と書類（{}割）で異なります。オンラインの割合を使います",
                    online / 10,
                    document / 10
                ),
                format!(
                    "Copay differs: online {online}% vs document {document}%; the online ratio is used"
                ),
            ),
            Alert::CeilingCertificateNotNeeded => Text::new(
                "限度額情報をオンラインで取得したため、限度額適用認定証は不要です",
                "The ceiling category came online; the 限度額適用認定証 is not needed",
            ),
            Alert::InsuredNumberMismatch { leading_zeros_only } => {
                if *leading_zeros_only {
                    Text::new(
                        "書類とオンライン資格確認の記号・番号が先頭の0だけ異なります。どちらが正しいか確認してください",
                        "The document's insured number differs from the online result only in leading zeros: check which is right",
                    )
                } else {
                    Text::new(
                        "書類とオンライン資格確認の記号・番号が一致しません。オンラインの情報を確認してください",
                        "The document's insured number differs from the online result: check the online details",
                    )
                }
            }
            Alert::CeilingTableMissing { month } => Text::new(
                format!(
                    "{}年{}月の高額療養費の限度額表がありません（ルール表に追加が必要）",
                    month.year(),
                    month.month()
                ),
                format!(
                    "No 高額療養費 table covers {}-{:02}: add it to the rule table",
                    month.year(),
                    month.month()
                ),
            ),
            Alert::ElderlyHoldsCertificate => Text::new(
                "75歳以上の方には資格確認書が交付されています",
                "Patients aged 75+ have been sent a 資格確認書",
            ),
        }
    }
}

impl Action {
    /// Text for staff.
    ///
    /// # Example
    /// ```
    /// use onshi::{Action, Lang};
    /// let a = Action::AskForDocuments { legacy_card: false };
    /// assert_eq!(a.text().get(Lang::En), "Ask for the マイナ保険証 or a 資格確認書");
    /// ```
    pub fn text(&self) -> Text {
        match self {
            Action::ConfirmIdentity { methods } => {
                let m: Vec<Text> = methods.iter().map(|m| method_text(*m)).collect();
                let m = join(&m, "・", ", ");
                Text::new(
                    format!("本人確認をしてください（{}）", m.ja),
                    format!("Confirm identity ({})", m.en),
                )
            }
            Action::ConfirmFaceVisually => Text::new(
                "カードの顔写真と患者さんを目視で確認してください",
                "Compare the card photo with the patient",
            ),
            Action::AskBeforeLastPinTry => Text::new(
                "暗証番号を再入力する前に患者さんに確認してください（自動で再試行しない）。目視確認も可能です",
                "Ask the patient before another PIN try (never retry automatically); a visual check is also possible",
            ),
            Action::QueryOnline => Text::new(
                "カードを読み取り、オンライン資格確認をしてください",
                "Read the card and run the online check",
            ),
            Action::QueryByInsuredNumber => Text::new(
                "被保険者番号でオンライン資格確認（照会）をしてください",
                "Query the online system with the insured number",
            ),
            Action::OfferRegistration => Text::new(
                "カードリーダー（アプリ）で健康保険証利用登録をご案内ください",
                "Offer insurance-use registration at the reader (or app) now",
            ),
            Action::AskForNoticeOrPortal => Text::new(
                "資格情報のお知らせ、またはマイナポータルの資格情報画面の提示をお願いしてください",
                "Ask for the 資格情報のお知らせ or the マイナポータル qualification screen",
            ),
            Action::AskForQualificationCertificate => Text::new(
                "資格確認書をお持ちか確認してください",
                "Ask whether the patient has a 資格確認書",
            ),
            Action::AskForDocuments { legacy_card } => {
                if !legacy_card {
                    Text::new(
                        "マイナ保険証または資格確認書の提示をお願いしてください",
                        "Ask for the マイナ保険証 or a 資格確認書",
                    )
                } else {
                    Text::new(
                        "マイナ保険証、健康保険証または資格確認書の提示をお願いしてください",
                        "Ask for the マイナ保険証, the insurance card or a 資格確認書",
                    )
                }
            }
            Action::UsePhysicalCard => Text::new(
                "マイナンバーカード本体でお願いしてください",
                "Ask for the physical My Number Card",
            ),
            Action::TakeSelfDeclaration => Text::new(
                "被保険者資格申立書に記入していただいてください",
                "Have the patient fill in a 被保険者資格申立書",
            ),
            Action::ChargeUsualRatio => Text::new(
                "通常の負担割合（3割等）でお支払いいただきます（10割にしない）",
                "Charge the usual ratio (30% etc. by age), never 100%",
            ),
            Action::HandleAsForgottenCard => Text::new(
                "保険証を忘れた場合と同様に取り扱ってください（後日の提示で精算）",
                "Handle as a forgotten insurance card (settle when a valid document is shown)",
            ),
            Action::GuideCertificateRenewal => Text::new(
                "住民票のある市区町村窓口で電子証明書の更新をご案内ください",
                "Guide certificate renewal at the municipality of residence",
            ),
            Action::GuidePinReset => Text::new(
                "暗証番号の初期化は住民票のある市区町村窓口でとご案内ください",
                "Guide PIN reset at the municipality of residence",
            ),
            Action::GuideCardReactivation => Text::new(
                "カードの利用再開・再発行は市区町村窓口またはマイナンバー総合フリーダイヤルへとご案内ください",
                "Guide reactivation or reissue at the municipality or the My Number call centre",
            ),
            Action::RecommendMynaCard => Text::new(
                "次回はマイナ保険証をお持ちくださいとお声掛けください",
                "Suggest bringing the マイナ保険証 next time",
            ),
            Action::SuggestRegistration => Text::new(
                "健康保険証利用登録（マイナポータル・顔認証付きカードリーダー等）をご案内ください",
                "Suggest insurance-use registration (マイナポータル, a face-recognition reader)",
            ),
        }
    }
}

fn patient_text(d: &Decision) -> Text {
    match (d.coverage, d.route) {
        (Coverage::Covered, Route::MynaOnline) => Text::new(
            "マイナ保険証で確認できました。ありがとうございます。",
            "Your マイナ保険証 has been confirmed. Thank you.",
        ),
        (Coverage::Covered, _) => Text::new(
            "保険資格を確認できました。いつもの負担割合でお支払いいただけます。",
            "Your insurance has been confirmed; you pay your usual share.",
        ),
        (Coverage::Provisional, _) => Text::new(
            "オンラインで確認できなかったため、申立書にご記入をお願いします。お支払いはいつもの負担割合です。",
            "We could not confirm online. Please fill in a declaration form; you pay your usual share.",
        ),
        (Coverage::Pending, _) => Text::new(
            "確認を続けますので、少々お待ちください。",
            "We are still checking; please wait a moment.",
        ),
        (Coverage::NotCovered, _) => Text::new(
            "保険資格を確認できる書類をお持ちでしょうか。マイナ保険証または資格確認書をお願いします。",
            "Do you have a document that shows your insurance? Please show your マイナ保険証 or 資格確認書.",
        ),
    }
}

/// Composes the staff and patient messages of a decision.
pub(crate) fn compose(d: &Decision) -> Messages {
    let mut head = d.coverage.label();
    if d.route != Route::None {
        let r = d.route.label();
        head = Text::new(
            format!("{}：{}", head.ja, r.ja),
            format!("{}: {}", head.en, r.en),
        );
    }
    let mut parts = vec![head];
    if let Some(f) = d.failure {
        let f = f.label();
        parts.push(Text::new(
            format!("原因：{}", f.ja),
            format!("Cause: {}", f.en),
        ));
    }
    if let Some(p) = d.copay.percent {
        let basis = match d.copay.basis {
            CopayBasis::Online => Text::new("オンライン資格確認", "online result"),
            CopayBasis::Document => Text::new("提示書類", "document"),
            CopayBasis::Age => Text::new("年齢による通常の割合", "usual ratio by age"),
            CopayBasis::Unknown => Text::new("不明", "unknown"),
        };
        parts.push(Text::new(
            format!("負担割合：{}割（{}）", p / 10, basis.ja),
            format!("Copay: {p}% ({})", basis.en),
        ));
    }
    parts.extend(d.alerts.iter().map(Alert::text));
    if !d.actions.is_empty() {
        let steps: Vec<Text> = d.actions.iter().map(Action::text).collect();
        let steps = join(&steps, "／", "; ");
        parts.push(Text::new(
            format!("次の対応：{}", steps.ja),
            format!("Next: {}", steps.en),
        ));
    }
    let joined = join(&parts, "。", ". ");
    let staff = Text::new(joined.ja + "。", joined.en + ".");
    Messages {
        staff,
        patient: patient_text(d),
    }
}
