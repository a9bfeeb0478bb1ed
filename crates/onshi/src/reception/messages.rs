//! Message texts in Japanese and English for staff and patients (文言).

use std::fmt::{self, Write as _};

use chrono::{Datelike, NaiveDate};

use crate::reception::decision::{Action, Alert, Coverage, Decision, Messages, Route};
use crate::reception::documents::CardStatus;
use crate::vocabulary::Text;

/// A date written the Japanese way (2026年1月15日).
fn ja_date(d: NaiveDate) -> DateText {
    DateText { date: d, ja: true }
}

/// A date written `2026-01-15`.
fn iso(d: NaiveDate) -> DateText {
    DateText { date: d, ja: false }
}

/// A date in a message, written straight into the message's buffer.
struct DateText {
    date: NaiveDate,
    ja: bool,
}

impl Piece for DateText {
    fn write_to(self, out: &mut String) {
        let (y, m, d) = (self.date.year(), self.date.month(), self.date.day());
        let Some(year) = u32::try_from(y).ok().filter(|y| (1000..=9999).contains(y)) else {
            let _ = if self.ja {
                write!(out, "{y}年{m}月{d}日")
            } else {
                write!(out, "{}", self.date)
            };
            return;
        };
        let two = |v: u32| {
            PAIRS
                .get(2 * v as usize..2 * v as usize + 2)
                .unwrap_or("??")
        };
        let short = |v: u32| two(v).get(usize::from(v < 10)..).unwrap_or("?");
        out.push_str(two(year / 100));
        out.push_str(two(year % 100));
        if self.ja {
            for part in ["年", short(m), "月", short(d), "日"] {
                out.push_str(part);
            }
        } else {
            for part in ["-", two(m), "-", two(d)] {
                out.push_str(part);
            }
        }
    }
}

/// "00" to "99", for writing dates.
const PAIRS: &str = "00010203040506070809101112131415161718192021222324252627282930313233343536373839\
                     40414243444546474849505152535455565758596061626364656667686970717273747576777879\
                     8081828384858687888990919293949596979899";

/// Writes a message in both languages at once, into one buffer per language.
#[derive(Default)]
pub(crate) struct Writer {
    ja: String,
    en: String,
}

/// A piece of a message: a literal or formatted text.
pub(crate) trait Piece {
    fn write_to(self, out: &mut String);
}

impl Piece for &str {
    fn write_to(self, out: &mut String) {
        out.push_str(self);
    }
}

/// Pieces in a row.
macro_rules! sequence {
    ($($piece:ident),+) => {
        impl<$($piece: Piece),+> Piece for ($($piece,)+) {
            #[allow(non_snake_case)]
            fn write_to(self, out: &mut String) {
                let ($($piece,)+) = self;
                $($piece.write_to(out);)+
            }
        }
    };
}
sequence!(A, B);
sequence!(A, B, C);
sequence!(A, B, C, D);
sequence!(A, B, C, D, E);

impl Piece for fmt::Arguments<'_> {
    fn write_to(self, out: &mut String) {
        // Writing to a String cannot fail.
        let _ = out.write_fmt(self);
    }
}

impl Writer {
    fn with_capacity(ja: usize, en: usize) -> Writer {
        Writer {
            ja: String::with_capacity(ja),
            en: String::with_capacity(en),
        }
    }

    /// Appends the same piece of message in each language.
    fn put(&mut self, ja: impl Piece, en: impl Piece) {
        ja.write_to(&mut self.ja);
        en.write_to(&mut self.en);
    }

    fn into_text(self) -> Text {
        Text {
            ja: self.ja,
            en: self.en,
        }
    }
}

impl Alert {
    /// The alert's words for staff.
    ///
    /// # Example
    /// ```
    /// use onshi::reception::Alert;
    /// use onshi::Lang;
    /// let a = Alert::LegacyCardEnds { on: "2025-12-01".parse().unwrap() };
    /// assert_eq!(a.words().get(Lang::Ja), "この健康保険証は2025年12月1日まで使用できます");
    /// ```
    pub fn words(&self) -> Text {
        let mut out = Writer::default();
        self.write(&mut out);
        out.into_text()
    }

    pub(crate) fn write(&self, out: &mut Writer) {
        // Each variant is written by the function of its group.
        match self {
            Alert::CertificateExpiresSoon { .. }
            | Alert::CertificateInGrace { .. }
            | Alert::CertificateExpired { .. }
            | Alert::CardInGrace { .. }
            | Alert::CardExpired { .. }
            | Alert::SmartphoneCertificateExpired { .. } => self.write_expiry(out),
            Alert::PinLocked
            | Alert::PinLastTry
            | Alert::CardUnusable { .. }
            | Alert::NotRegistered
            | Alert::IdentityNotConfirmed
            | Alert::SmartphoneNotSupported => self.write_card(out),
            Alert::LegacyCardEnds { .. }
            | Alert::LegacyCardExpired { .. }
            | Alert::LegacyCardInsurerChanged
            | Alert::LegacyCardIssuedAfterAbolition { .. }
            | Alert::QualificationCertificateExpired { .. }
            | Alert::NoticeNotAlone
            | Alert::TemporaryMeasure { .. }
            | Alert::DocumentNotUsed { .. }
            | Alert::ElderlyHoldsCertificate => self.write_document(out),
            Alert::CopayMismatch { .. }
            | Alert::CeilingCertificateNotNeeded
            | Alert::InsuredNumberMismatch { .. }
            | Alert::OnlineNumberFailsCheck { .. }
            | Alert::RulesReviewOverdue { .. }
            | Alert::CeilingTableMissing { .. } => self.write_answer(out),
        }
    }

    /// The certificate's and the card's own dates.
    fn write_expiry(&self, out: &mut Writer) {
        match self {
            Alert::CertificateExpiresSoon { expires } => out.put(
                ("電子証明書の有効期限が", ja_date(*expires), "です。市区町村窓口での更新を案内する"),
                ("The card's certificate expires on ", iso(*expires), "; guide renewal at the municipality"),
            ),
            Alert::CertificateInGrace {
                expired,
                grace_until,
            } => out.put(
                ("電子証明書は", ja_date(*expired), "に有効期限切れ。", ja_date(*grace_until), "まで保険証として利用可（資格確認のみ、薬剤・診療情報の提供なし）"),
                ("Certificate expired on ", iso(*expired), "; usable as insurance card until ", iso(*grace_until), " (qualification only, no medication/care information)"),
            ),
            Alert::CertificateExpired {
                expired,
                grace_ended,
            } => out.put(
                ("電子証明書が失効しています（有効期限", ja_date(*expired), "、猶予期間", ja_date(*grace_ended), "まで）。マイナ保険証として利用できません"),
                ("Certificate expired on ", iso(*expired), " and the grace period ended on ", iso(*grace_ended), "; the card cannot be used as insurance card"),
            ),
            Alert::CardInGrace {
                expired,
                grace_until,
            } => out.put(
                ("マイナンバーカード本体の有効期限（", ja_date(*expired), "）が過ぎています。", ja_date(*grace_until), "まで保険証として利用可（資格確認のみ、薬剤・診療情報の提供なし。自治体の案内による扱い）"),
                ("The card itself expired on ", iso(*expired), "; usable as insurance card until ", iso(*grace_until), " (qualification only, no medication/care information; as a municipal page states)"),
            ),
            Alert::CardExpired {
                expired,
                grace_ended,
            } if expired == grace_ended => out.put(
                ("マイナンバーカード本体の有効期限（", ja_date(*expired), "）が過ぎています。マイナ保険証として利用できません"),
                ("The card itself expired on ", iso(*expired), "; it cannot be used as insurance card"),
            ),
            Alert::CardExpired {
                expired,
                grace_ended,
            } => out.put(
                ("マイナンバーカード本体の有効期限（", ja_date(*expired), "）が過ぎ、猶予期間も", ja_date(*grace_ended), "で終わっています。マイナ保険証として利用できません"),
                ("The card itself expired on ", iso(*expired), " and its grace period ended on ", iso(*grace_ended), "; it cannot be used as insurance card"),
            ),
            Alert::SmartphoneCertificateExpired {
                expired,
                physical_card_until: Some(until),
            } => out.put(
                (
                    "カードの電子証明書が",
                    ja_date(*expired),
                    "に期限切れのため、スマートフォンのマイナ保険証は使えません。マイナンバーカード本体は",
                    ja_date(*until),
                    "まで保険証として利用できます",
                ),
                (
                    "The card's certificate expired on ",
                    iso(*expired),
                    ", so the smartphone マイナ保険証 cannot be used; the physical card works as insurance card until ",
                    iso(*until),
                ),
            ),
            Alert::SmartphoneCertificateExpired {
                expired,
                physical_card_until: None,
            } => out.put(
                (
                    "カードの電子証明書が",
                    ja_date(*expired),
                    "に期限切れのため、スマートフォンのマイナ保険証は使えません（猶予期間はカード本体のみ、それも終了）",
                ),
                (
                    "The card's certificate expired on ",
                    iso(*expired),
                    ", so the smartphone マイナ保険証 cannot be used (the grace period, the physical card's only, is over too)",
                ),
            ),
            _ => {}
        }
    }

    /// The card at the reader: its state, its PIN, its holder, its registration.
    fn write_card(&self, out: &mut Writer) {
        match self {
            Alert::PinLocked => out.put(
                "暗証番号がロックされています。顔認証または目視確認で本人確認できます",
                "The PIN is locked; face recognition or a staff visual check still confirm identity",
            ),
            Alert::PinLastTry => out.put(
                "暗証番号の残り回数は1回です。次に誤るとロックされます",
                "One PIN try left: the next wrong PIN locks the card",
            ),
            Alert::CardUnusable { status } => match status {
                CardStatus::Suspended => {
                    out.put("カードは一時利用停止中です", "The card is suspended")
                }
                CardStatus::Revoked => out.put(
                    "カードの電子証明書は失効しています",
                    "The card's certificate is revoked",
                ),
                CardStatus::Damaged | CardStatus::Active => out.put(
                    "カードのICチップを読み取れません",
                    "The card's chip cannot be read",
                ),
            },
            Alert::NotRegistered => out.put(
                "健康保険証としての利用登録がされていません",
                "The card is not registered for insurance use",
            ),
            Alert::IdentityNotConfirmed => out.put(
                "カードの持ち主であることを確認できていません",
                "The patient has not been confirmed as the card holder",
            ),
            Alert::SmartphoneNotSupported => out.put(
                "この受付ではスマートフォンのマイナ保険証を読み取れません",
                "Smartphone マイナ保険証 cannot be read at this desk",
            ),
            _ => {}
        }
    }

    /// The documents other than the card.
    fn write_document(&self, out: &mut Writer) {
        match self {
            Alert::LegacyCardEnds { on } => out.put(
                ("この健康保険証は", ja_date(*on), "まで使用できます"),
                ("This legacy card is valid until ", iso(*on)),
            ),
            Alert::LegacyCardExpired { ended } => out.put(
                (
                    "この健康保険証は",
                    ja_date(*ended),
                    "で有効期限が切れています",
                ),
                ("This legacy card expired on ", iso(*ended)),
            ),
            Alert::LegacyCardInsurerChanged => out.put(
                "保険者が変わったため、この健康保険証は使用できません",
                "The holder changed insurer, so this legacy card is no longer valid",
            ),
            Alert::LegacyCardIssuedAfterAbolition { issued } => out.put(
                (
                    "交付日",
                    ja_date(*issued),
                    "の健康保険証は発行されていないはずです。書類を確認する",
                ),
                (
                    "No legacy card can have been issued on ",
                    iso(*issued),
                    "; check the document",
                ),
            ),
            Alert::QualificationCertificateExpired { ended } => out.put(
                (
                    "資格確認書の有効期限（",
                    ja_date(*ended),
                    "）が過ぎています",
                ),
                ("The 資格確認書 expired on ", iso(*ended)),
            ),
            Alert::NoticeNotAlone => out.put(
                "資格情報のお知らせだけでは受診できません（マイナンバーカードと一緒に提示）",
                "資格情報のお知らせ is not valid alone (only with the My Number Card)",
            ),
            Alert::TemporaryMeasure { until } => out.put(
                ("暫定措置による取扱いです（", ja_date(*until), "まで）"),
                (
                    "Accepted under a temporary measure that ends on ",
                    iso(*until),
                ),
            ),
            Alert::DocumentNotUsed { document, reason } => {
                let (ja, en) = crate::vocabulary::pair(*document);
                out.put(
                    (ja, "は使いませんでした："),
                    ("The ", en, " was not used: "),
                );
                let (ja, en) = crate::vocabulary::pair(*reason);
                out.put(ja, en);
            }
            Alert::ElderlyHoldsCertificate => out.put(
                "75歳以上の方には資格確認書が交付されています",
                "Patients aged 75+ have been sent a 資格確認書",
            ),
            _ => {}
        }
    }

    /// The online answer against the documents, the ceilings, and the rule table.
    fn write_answer(&self, out: &mut Writer) {
        match self {
            Alert::CopayMismatch { online, document } => out.put(
                format_args!(
                    "負担割合がオンライン資格確認（{}割）と書類（{}割）で異なります。オンラインの割合を使います",
                    online / 10,
                    document / 10
                ),
                format_args!(
                    "Copay differs: online {online}% vs document {document}%; the online ratio is used"
                ),
            ),
            Alert::CeilingCertificateNotNeeded => out.put(
                "限度額情報をオンラインで取得したため、限度額適用認定証は不要です",
                "The ceiling category came online; the 限度額適用認定証 is not needed",
            ),
            Alert::InsuredNumberMismatch { leading_zeros_only } => {
                if *leading_zeros_only {
                    out.put(
                        "書類とオンライン資格確認の記号・番号が先頭の0だけ異なります。どちらが正しいか確認する",
                        "The document's insured number differs from the online result only in leading zeros: check which is right",
                    )
                } else {
                    out.put(
                        "書類とオンライン資格確認の記号・番号が一致しません。オンラインの情報を確認する",
                        "The document's insured number differs from the online result: check the online details",
                    )
                }
            }
            Alert::OnlineNumberFailsCheck { problem, .. } => out.put(
                format_args!(
                    "オンライン資格確認の保険者番号が番号の規則（{}）に合いません。記録する前に確認する",
                    match problem.as_str() {
                        "check_digit" => "検証番号",
                        "prefecture" => "都道府県番号",
                        "length" => "桁数",
                        other => other,
                    }
                ),
                format_args!(
                    "The 保険者番号 in the online answer fails its {} rule: check it before recording it",
                    problem.replace('_', " ")
                ),
            ),
            Alert::RulesReviewOverdue { reviewed } => out.put(
                (
                    "判定に使ったルール表の最終確認日は",
                    ja_date(*reviewed),
                    "です。その後の告示が反映されていない可能性があります。onshiを更新するか、上書き表で反映する",
                ),
                (
                    "The rule table used was last reviewed on ",
                    iso(*reviewed),
                    "; later notices may be missing. Update onshi or add them in an overlay",
                ),
            ),
            Alert::CeilingTableMissing { month } => out.put(
                format_args!(
                    "{}年{}月の高額療養費の限度額表がありません（ルール表に追加が必要）",
                    month.year(),
                    month.month()
                ),
                format_args!(
                    "No 高額療養費 table covers {}-{:02}: add it to the rule table",
                    month.year(),
                    month.month()
                ),
            ),
            _ => {}
        }
    }
}

impl Action {
    /// The action's words for staff.
    ///
    /// # Example
    /// ```
    /// use onshi::reception::Action;
    /// use onshi::Lang;
    /// let a = Action::AskForDocuments { legacy_card: false };
    /// assert_eq!(a.words().get(Lang::En), "Ask for the マイナ保険証 or a 資格確認書");
    /// ```
    pub fn words(&self) -> Text {
        let mut out = Writer::default();
        self.write(&mut out);
        out.into_text()
    }

    pub(crate) fn write(&self, out: &mut Writer) {
        // Each variant is written by the function of its group.
        match self {
            Action::ConfirmIdentity { .. }
            | Action::ConfirmFaceVisually
            | Action::AskBeforeLastPinTry
            | Action::QueryOnline
            | Action::QueryByInsuredNumber
            | Action::OfferRegistration
            | Action::TakeSelfDeclaration
            | Action::ChargeUsualRatio
            | Action::HandleAsForgottenCard => self.write_step(out),
            Action::AskForNoticeOrPortal
            | Action::AskForNotice
            | Action::AskForQualificationCertificate
            | Action::AskForDocuments { .. }
            | Action::UsePhysicalCard => self.write_ask(out),
            Action::GuideCertificateRenewal
            | Action::GuidePinReset { .. }
            | Action::GuideCardReactivation
            | Action::GuideCardRenewal
            | Action::RecommendMynaCard
            | Action::SuggestRegistration => self.write_guidance(out),
        }
    }

    /// Steps that complete reception at the desk.
    fn write_step(&self, out: &mut Writer) {
        match self {
            Action::ConfirmIdentity { methods } => {
                out.put("本人確認をする（", "Confirm identity (");
                for (i, m) in methods.iter().enumerate() {
                    if i > 0 {
                        out.put("・", ", ");
                    }
                    let (ja, en) = crate::vocabulary::pair(*m);
                    out.put(ja, en);
                }
                out.put("）", ")");
            }
            Action::ConfirmFaceVisually => out.put(
                "カードの顔写真と患者さんを目視で照合する",
                "Compare the card photo with the patient",
            ),
            Action::AskBeforeLastPinTry => out.put(
                "暗証番号を再入力する前に患者さんに確認する（自動で再試行しない）。目視確認もできる",
                "Ask the patient before another PIN try (never retry automatically); a visual check is also possible",
            ),
            Action::QueryOnline => out.put(
                "カードを読み取り、オンライン資格確認をする",
                "Read the card and run the online check",
            ),
            Action::QueryByInsuredNumber => out.put(
                "被保険者番号でオンライン資格確認（照会）をする",
                "Query the online system with the insured number",
            ),
            Action::OfferRegistration => out.put(
                "カードリーダー（アプリ）での健康保険証利用登録を案内する",
                "Offer insurance-use registration at the reader (or app) now",
            ),
            Action::TakeSelfDeclaration => out.put(
                "被保険者資格申立書に記入してもらう",
                "Have the patient fill in a 被保険者資格申立書",
            ),
            Action::ChargeUsualRatio => out.put(
                "通常の負担割合（3割等）で会計する（10割にしない）",
                "Charge the usual ratio (30% etc. by age), never 100%",
            ),
            Action::HandleAsForgottenCard => out.put(
                "保険証を忘れた場合と同じに扱う（後日の提示で精算）",
                "Handle as a forgotten insurance card (settle when a valid document is shown)",
            ),
            _ => {}
        }
    }

    /// The documents to ask for.
    fn write_ask(&self, out: &mut Writer) {
        match self {
            Action::AskForNoticeOrPortal => out.put(
                "資格情報のお知らせ、またはマイナポータルの資格情報画面を見せてもらう",
                "Ask for the 資格情報のお知らせ or the マイナポータル qualification screen",
            ),
            Action::AskForNotice => out.put(
                "カードと一緒に資格情報のお知らせを見せてもらう（このカードではマイナポータルにログインできない）",
                "Ask for the 資格情報のお知らせ with the card (the マイナポータル cannot be logged into with this card)",
            ),
            Action::AskForQualificationCertificate => out.put(
                "資格確認書を持っているか確認する",
                "Ask whether the patient has a 資格確認書",
            ),
            Action::AskForDocuments { legacy_card } => {
                if !legacy_card {
                    out.put(
                        "マイナ保険証または資格確認書を見せてもらう",
                        "Ask for the マイナ保険証 or a 資格確認書",
                    )
                } else {
                    out.put(
                        "マイナ保険証、健康保険証または資格確認書を見せてもらう",
                        "Ask for the マイナ保険証, the insurance card or a 資格確認書",
                    )
                }
            }
            Action::UsePhysicalCard => out.put(
                "マイナンバーカード本体、または持っていれば資格確認書などの書類を見せてもらう",
                "Ask for the physical My Number Card, or another document such as the 資格確認書",
            ),
            _ => {}
        }
    }

    /// Guidance for later: renewals, resets, registration, the next visit.
    fn write_guidance(&self, out: &mut Writer) {
        match self {
            Action::GuideCertificateRenewal => out.put(
                "住民票のある市区町村窓口での電子証明書の更新を案内する",
                "Guide certificate renewal at the municipality of residence",
            ),
            Action::GuidePinReset { kiosk: false } => out.put(
                "暗証番号の初期化は住民票のある市区町村窓口でできると案内する",
                "Guide PIN reset at the municipality of residence",
            ),
            Action::GuidePinReset { kiosk: true } => out.put(
                "暗証番号の初期化は住民票のある市区町村窓口で、署名用電子証明書のパスワードが分かればコンビニのキオスク端末（JPKI暗証番号リセット）でもできると案内する",
                "Guide PIN reset at the municipality of residence, or at a convenience-store kiosk (JPKI暗証番号リセット) if the patient knows the 署名用 password",
            ),
            Action::GuideCardReactivation => out.put(
                "カードの利用再開・再発行は市区町村窓口かマイナンバー総合フリーダイヤルでできると案内する",
                "Guide reactivation or reissue at the municipality or the My Number call centre",
            ),
            Action::GuideCardRenewal => out.put(
                "マイナンバーカード本体の更新（有効期限通知書による新しいカードの申請、住民票のある市区町村）を案内する",
                "Guide renewal of the card itself (a new card, applied for with the expiry notice, from the municipality of residence)",
            ),
            Action::RecommendMynaCard => out.put(
                "次回はマイナ保険証を持ってきてもらうよう声を掛ける",
                "Suggest bringing the マイナ保険証 next time",
            ),
            Action::SuggestRegistration => out.put(
                "健康保険証利用登録（マイナポータル・顔認証付きカードリーダー等）を案内する",
                "Suggest insurance-use registration (マイナポータル, a face-recognition reader)",
            ),
            _ => {}
        }
    }
}

fn patient_text(d: &Decision) -> Text {
    // Whether the share the patient pays is known; when it is not, the patient hears so.
    let known = d.copay.percent.is_some();
    match (d.coverage, d.route) {
        (Coverage::Covered, Route::MynaOnline) if known => Text::new(
            "マイナ保険証で確認できました。ありがとうございます。",
            "Your card has been confirmed as your health insurance. Thank you.",
        ),
        (Coverage::Covered, Route::MynaOnline) => Text::new(
            "マイナ保険証で確認できました。お支払いの割合を確認しますので、少々お待ちください。",
            "Your card has been confirmed as your health insurance. We are checking your share of the cost; please wait a moment.",
        ),
        (Coverage::Covered, _) if known => Text::new(
            "保険資格を確認できました。いつもの負担割合でお支払いいただけます。",
            "Your insurance has been confirmed; you pay your usual share.",
        ),
        (Coverage::Covered, _) => Text::new(
            "保険資格を確認できました。お支払いの割合を確認しますので、少々お待ちください。",
            "Your insurance has been confirmed. We are checking your share of the cost; please wait a moment.",
        ),
        (Coverage::Provisional, _) if known => Text::new(
            "オンラインで確認できなかったため、申立書にご記入をお願いします。お支払いはいつもの負担割合です。",
            "We could not confirm your insurance online. Please fill in a declaration form; you pay your usual share.",
        ),
        (Coverage::Provisional, _) => Text::new(
            "オンラインで確認できなかったため、申立書にご記入をお願いします。お支払いの割合を確認してからお伝えします。",
            "We could not confirm your insurance online. Please fill in a declaration form; we will tell you your share of the cost once we have checked it.",
        ),
        (Coverage::Pending, _) => Text::new(
            "確認を続けますので、少々お待ちください。",
            "We are still checking; please wait a moment.",
        ),
        (Coverage::NotCovered, _) => Text::new(
            "保険資格を確認できる書類をお持ちでしょうか。マイナ保険証または資格確認書をお願いします。",
            "Do you have a document that shows your health insurance? Please show your My Number Card or your eligibility certificate (資格確認書).",
        ),
    }
}

/// Composes the staff and patient messages of a decision, one buffer per language.
pub(crate) fn compose(d: &Decision) -> Messages {
    let mut out = Writer::with_capacity(768, 512);
    let (ja, en) = crate::vocabulary::pair(d.coverage);
    out.put(ja, en);
    if d.route != Route::None {
        let (ja, en) = crate::vocabulary::pair(d.route);
        out.put("：", ": ");
        out.put(ja, en);
    }
    if let Some(f) = d.failure {
        let (ja, en) = crate::vocabulary::pair(f);
        out.put("。原因：", ". Cause: ");
        out.put(ja, en);
    }
    if let Some(p) = d.copay.percent {
        let (ja, en) = crate::vocabulary::pair(d.copay.basis);
        out.put(
            format_args!("。負担割合：{}割（{ja}）", p / 10),
            format_args!(". Copay: {p}% ({en})"),
        );
    } else if d.coverage != Coverage::NotCovered {
        // An unknown ratio is said, with how to settle it.
        match d.copay.age_band {
            Some(crate::benefits::copay::AgeBand::LateElderly) => out.put(
                "。負担割合：不明（後期高齢者は所得により1〜3割）。資格確認書・お知らせの記載かオンライン資格確認で確かめる",
                ". Copay: unknown (後期高齢者 pay 1–3割 by income): read it from the 資格確認書 or お知らせ, or query online",
            ),
            None => out.put(
                "。負担割合：不明（生年月日が分からないため年齢による通常の割合も出せません）。生年月日と負担割合を確認する",
                ". Copay: unknown (without the birth date the usual ratio by age cannot be given): ask for the birth date and confirm the ratio",
            ),
            Some(_) => out.put(
                "。負担割合：不明。書類か患者さんに確認する",
                ". Copay: unknown: confirm it from a document or with the patient",
            ),
        }
    }
    for alert in &d.alerts {
        out.put("。", ". ");
        alert.write(&mut out);
    }
    for (i, action) in d.actions.iter().enumerate() {
        out.put(
            if i == 0 { "。次の対応：" } else { "／" },
            if i == 0 { ". Next: " } else { "; " },
        );
        action.write(&mut out);
    }
    out.put("。", ".");
    Messages {
        staff: out.into_text(),
        patient: patient_text(d),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_are_written_like_chrono_and_the_japanese_way() {
        for (y, m, d) in [
            (2026, 1, 5),
            (2025, 12, 31),
            (1000, 10, 1),
            (9999, 9, 30),
            (999, 1, 1),
            (10000, 2, 3),
        ] {
            let date = chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap();
            let written = |piece: super::DateText| {
                let mut out = String::new();
                super::Piece::write_to(piece, &mut out);
                out
            };
            assert_eq!(written(super::iso(date)), date.to_string());
            assert_eq!(written(super::ja_date(date)), format!("{y}年{m}月{d}日"));
        }
    }
}
