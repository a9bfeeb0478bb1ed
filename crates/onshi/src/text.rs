//! The words of screens: the names of fields and lines ([`Label`]), a copay ratio and an age as
//! staff say them.

use serde::{Deserialize, Serialize};

use crate::vocabulary;
use crate::vocabulary::Text;

vocabulary! {
    /// The name of a field or a line on a screen (`負担割合` / `Copay`), as every front end shows it:
    /// declared once with the other vocabularies, so a CLI, a desk screen or a binding never words a
    /// label itself.
    ///
    /// # Example
    /// ```
    /// use onshi::text::Label;
    /// use onshi::{Lang, Vocabulary};
    /// assert_eq!(Label::Copay.words().get(Lang::Ja), "負担割合");
    /// ```
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum Label {
        /// 原因.
        Cause = "cause", "原因", "Cause";
        /// 負担割合.
        Copay = "copay", "負担割合", "Copay";
        /// 限度額区分.
        CeilingCategory = "ceiling_category", "限度額区分", "Ceiling category";
        /// Where the 区分 came from: online.
        FromOnline = "from_online", "オンライン", "online";
        /// Where the 区分 came from: the 限度額適用認定証.
        FromCertificate = "from_certificate", "認定証", "certificate";
        /// 患者さんへ.
        ToThePatient = "to_the_patient", "患者さんへ", "To the patient";
        /// 根拠ルール.
        Rules = "rules", "根拠ルール", "Rules";
        /// The demo's title.
        DayAtReception = "day_at_reception", "受付の一日", "A day at reception";
        /// The rule table (its version).
        RuleTable = "rule_table", "ルール", "rules";
        /// 確認時刻.
        CheckedAt = "checked_at", "確認時刻", "Checked at";
        /// 発行者.
        Issuer = "issuer", "発行者", "Issuer";
        /// 信頼する認証局.
        TrustAnchor = "trust_anchor", "信頼する認証局", "Trust anchor";
        /// シリアル.
        Serial = "serial", "シリアル", "serial";
        /// 有効期間.
        Validity = "validity", "有効期間", "Validity";
        /// 状態.
        Status = "status", "状態", "Status";
        /// 健康保険証として.
        AsInsuranceCard = "as_insurance_card", "健康保険証として", "As insurance card";
        /// 利用可.
        Usable = "usable", "利用可", "usable";
        /// 利用不可.
        NotUsable = "not_usable", "利用不可", "not usable";
        /// Revocation was not checked, and why.
        RevocationNotChecked = "revocation_not_checked", "失効状況は確認していません（J-LISの失効情報は認定事業者のみ利用可）", "Revocation not checked (J-LIS serves it only to approved operators)";
        /// 照会区分.
        ReferenceClassification = "reference_classification", "照会区分", "query class";
        /// 処理結果区分.
        SegmentOfResult = "segment_of_result", "処理結果区分", "result segment";
        /// エラー.
        Error = "error", "エラー", "error";
        /// 資格有効性.
        QualificationValidity = "qualification_validity", "資格有効性", "qualification validity";
        /// 処理結果メッセージ.
        ResultMessage = "result_message", "処理結果メッセージ", "result message";
        /// 保険者番号.
        InsurerNumber = "insurer_number", "保険者番号", "insurer number";
        /// 記号.
        Symbol = "symbol", "記号", "symbol";
        /// 番号.
        Number = "number", "番号", "number";
        /// 枝番.
        Branch = "branch", "枝番", "branch";
        /// 法別番号.
        LawNumber = "law_number", "法別番号", "law number";
        /// 初診 points.
        FirstVisitPoints = "first_visit_points", "初診の点数", "first-visit points";
        /// 再診 points.
        RevisitPoints = "revisit_points", "再診の点数", "revisit points";
        /// 有効 (a count of valid answers).
        Valid = "valid", "有効", "valid";
        /// 無効.
        Invalid = "invalid", "無効", "invalid";
        /// 該当資格なし・複数該当.
        NotFound = "not_found", "該当資格なし・複数該当", "not found";
        /// In place of a value that looks like a 12-digit 個人番号.
        PersonalNumberNotShown = "personal_number_not_shown", "個人番号のため表示しません", "a 個人番号: not shown";
    }
}

/// A copay ratio as staff say it: `3割` in Japanese, `30%` in English.
///
/// # Example
/// ```
/// assert_eq!(onshi::text::copay_words(30).ja, "3割");
/// assert_eq!(onshi::text::copay_words(10).en, "10%");
/// ```
pub fn copay_words(percent: u8) -> Text {
    Text::new(format!("{}割", percent / 10), format!("{percent}%"))
}

/// An age as a front end shows it after a name: `45歳` / `45`.
///
/// # Example
/// ```
/// assert_eq!(onshi::text::age_words(45).ja, "45歳");
/// ```
pub fn age_words(years: u32) -> Text {
    Text::new(format!("{years}歳"), years.to_string())
}
