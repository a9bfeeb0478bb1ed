//! onshi's one vocabulary: every closed set of values a caller sees — coverage, routes, failure
//! classes, document and card kinds, alert and action kinds, certificate and PIN states — declared
//! once here, with its stable slug (the JSON value) and, for the values staff read, its Japanese and
//! English label.
//!
//! The bindings mirror these lists (C enums, Python enums, Kotlin/Swift enums); each binding has a
//! test that compares its mirror with [`VOCABULARIES`], so a value added here and missing there fails
//! that test (or, for the uniffi remote enums, the build) instead of mapping to something else.

use crate::text::Text;

/// A closed set of plain values with slugs and labels.
///
/// # Example
/// ```
/// use onshi::{Lang, Route, Vocabulary};
/// assert_eq!(Route::ALL.len(), 9);
/// assert_eq!(Route::QualificationCertificate.slug(), "qualification_certificate");
/// assert_eq!(Route::QualificationCertificate.label().get(Lang::Ja), "資格確認書");
/// ```
pub trait Vocabulary: Copy + Sized + 'static {
    /// The set's name, as the bindings call it (`Route`).
    const NAME: &'static str;
    /// Every value, in declaration order.
    const ALL: &'static [Self];
    /// The stable slug: the value in JSON and in every binding (`myna_online`).
    fn slug(self) -> &'static str;
    /// The label's words, Japanese and English.
    fn words(self) -> (&'static str, &'static str);
    /// The label, Japanese and English.
    fn label(self) -> Text {
        let (ja, en) = self.words();
        Text::new(ja, en)
    }
}

/// A closed set of kinds of a value that carries data (an alert and its dates, a PIN counter and
/// its tries): the kind's slug is the value's `kind` in JSON and in every binding.
///
/// # Example
/// ```
/// use onshi::{Alert, Kinds};
/// assert_eq!(Alert::PinLocked.kind(), "pin_locked");
/// assert!(Alert::KINDS.contains(&"document_not_used"));
/// ```
pub trait Kinds {
    /// The set's name, as the bindings call it (`Alert`).
    const NAME: &'static str;
    /// Every kind, in declaration order.
    const KINDS: &'static [&'static str];
    /// This value's kind.
    fn kind(&self) -> &'static str;
}

/// Declares plain vocabularies: `Type { Variant = "slug", "ja", "en"; … }`. The generated `match`
/// is exhaustive, so a variant added to the type without its line here does not compile.
macro_rules! vocabulary {
    ($($ty:ident { $($variant:ident = $slug:literal, $ja:literal, $en:literal;)+ })+) => {
        $(
            impl Vocabulary for $ty {
                const NAME: &'static str = stringify!($ty);
                const ALL: &'static [Self] = &[$($ty::$variant),+];
                fn slug(self) -> &'static str {
                    match self {
                        $($ty::$variant => $slug,)+
                    }
                }
                fn words(self) -> (&'static str, &'static str) {
                    match self {
                        $($ty::$variant => ($ja, $en),)+
                    }
                }
            }
        )+
        /// Every plain vocabulary's slugs, by name.
        const PLAIN: &[(&str, &[&str])] = &[$((stringify!($ty), &[$($slug),+])),+];
    };
}

/// Declares kind sets: `Type { Pattern => "slug", … }`, the patterns covering every variant.
macro_rules! kinds {
    ($($ty:ident { $($pattern:pat => $slug:literal,)+ })+) => {
        $(
            impl Kinds for $ty {
                const NAME: &'static str = stringify!($ty);
                const KINDS: &'static [&'static str] = &[$($slug),+];
                fn kind(&self) -> &'static str {
                    match self {
                        $($pattern => $slug,)+
                    }
                }
            }
        )+
        /// Every kind set's slugs, by name.
        const KIND_SETS: &[(&str, &[&str])] = &[$((stringify!($ty), &[$($slug),+])),+];
    };
}

use crate::card::{PinCounter, PinOutcome, TokenKind};
use crate::certificate::{CertificateStatus, Revocation};
use crate::checkdigit::NumberKind;
use crate::copay::AgeBand;
use crate::decision::{
    Action, Alert, CopayBasis, Coverage, FailureClass, NotUsedReason, PresentedDocument, Route,
};
use crate::documents::{CardKind, CardStatus, Registration};
use crate::error::ErrorDomain;
use crate::facility::{CooperationCondition, DxCondition, Exemption, Obligation};
use crate::identity::{CardReader, IdentityMethod, IdentityOutcome, PinState};
use crate::records::matching::{MatchOutcome, MatchReason, NameComparison, Sex};
use crate::records::reconcile::{
    DifferenceKind, ReconcileOutcome, RecordAction, Relation, Severity,
};
use crate::records::wareki::Era;
use crate::registration::{RegistrationChannel, RegistrationRefusal};
use crate::script::ScriptStep;
use crate::shown::{FileTrouble, RequestRefusal};
use crate::text::{Label, Lang};

vocabulary! {
    Coverage {
        Covered = "covered", "保険資格を確認できました", "Coverage confirmed";
        Provisional = "provisional", "申立てにより保険診療（通常の負担割合）", "Covered provisionally on self-declaration (usual ratio)";
        Pending = "pending", "確認の途中です", "Confirmation in progress";
        NotCovered = "not_covered", "保険資格を確認できません", "Coverage cannot be confirmed";
    }
    Route {
        MynaOnline = "myna_online", "マイナ保険証（オンライン資格確認）", "マイナ保険証 (online check)";
        CardWithNotice = "card_with_notice", "マイナンバーカード＋資格情報のお知らせ", "My Number Card + 資格情報のお知らせ";
        CardWithPortal = "card_with_portal", "マイナンバーカード＋マイナポータル資格情報画面", "My Number Card + マイナポータル qualification screen";
        QualificationCertificate = "qualification_certificate", "資格確認書", "資格確認書 (qualification certificate)";
        LegacyCard = "legacy_card", "従来の健康保険証（経過措置）", "Legacy insurance card (transition)";
        LegacyCardQueried = "legacy_card_queried", "期限切れの健康保険証＋被保険者番号でのオンライン照会（暫定措置）", "Expired legacy card + online query by insured number (temporary measure)";
        NoticeQueried = "notice_queried", "資格情報のお知らせ＋被保険者番号でのオンライン照会（暫定措置）", "資格情報のお知らせ + online query by insured number (temporary measure)";
        SelfDeclaration = "self_declaration", "被保険者資格申立書", "Self-declaration (被保険者資格申立書)";
        None = "none", "なし", "none";
    }
    FailureClass {
        QualificationNotFound = "a", "資格(無効)・資格情報なし", "qualification invalid or not found";
        OnlineUnusable = "b", "オンライン資格確認を利用できない", "online check unusable";
    }
    CopayBasis {
        Online = "online", "オンライン資格確認", "online result";
        Document = "document", "提示書類", "document";
        Age = "age", "年齢による通常の割合", "usual ratio by age";
        Unknown = "unknown", "不明", "unknown";
    }
    AgeBand {
        Preschool = "preschool", "未就学児", "preschool child";
        General = "general", "6〜69歳", "aged 6–69";
        Elderly = "elderly", "70〜74歳", "aged 70–74";
        LateElderly = "late_elderly", "後期高齢者（75歳以上、所得により1〜3割）", "後期高齢者 (75+, 1–3割 by income)";
    }
    PresentedDocument {
        MynaCard = "myna_card", "マイナ保険証", "マイナ保険証";
        QualificationCertificate = "qualification_certificate", "資格確認書", "資格確認書";
        LegacyCard = "legacy_card", "従来の健康保険証", "legacy insurance card";
        Notice = "notice", "資格情報のお知らせ", "資格情報のお知らせ";
        PortalScreen = "portal_screen", "マイナポータルの資格情報画面", "マイナポータル screen";
    }
    NotUsedReason {
        NotNeeded = "not_needed", "ほかの書類で資格を確認できたため不要です", "not needed, another document confirmed coverage first";
        NotValid = "not_valid", "この日には有効ではありません（理由は上記）", "not valid on this day (see above)";
        NeedsCard = "needs_card", "マイナンバーカードと一緒に提示したときだけ使えます", "it counts only together with the My Number Card";
        IdentityNotConfirmed = "identity_not_confirmed", "カードの持ち主であることを確認できていないため使えません", "the patient was not confirmed as the card holder";
        NoPortalLogin = "no_portal_login", "顔認証マイナンバーカードではマイナポータルにログインできません", "a 顔認証マイナンバーカード cannot log into マイナポータル";
        NotRegistered = "not_registered", "保険証としての利用登録がされていません", "the card is not registered for insurance use";
        NotConfirmed = "not_confirmed", "この受付では確認できませんでした（理由は上記）", "it could not be confirmed at this visit (see above)";
        WaitingForCard = "waiting_for_card", "マイナ保険証で確認できなかったときに使います", "it is used only if the マイナ保険証 cannot be confirmed";
    }
    CardKind {
        Ordinary = "ordinary", "マイナンバーカード", "My Number Card";
        FaceOnly = "face_only", "顔認証マイナンバーカード", "顔認証マイナンバーカード (no PIN)";
        SmartphoneIos = "smartphone_ios", "iPhoneのマイナ保険証", "iPhone マイナ保険証";
        SmartphoneAndroid = "smartphone_android", "Androidのマイナ保険証", "Android マイナ保険証";
    }
    ScriptStep {
        AskForMynaCard = "ask_for_myna_card", "マイナンバーカードの有無を確認", "ask for the My Number Card";
        OfferMynaCard = "offer_myna_card", "マイナ保険証の利用をご案内", "offer the マイナ保険証";
        ReadCard = "read_card", "カードの読み取り", "read the card";
        AskForDocument = "ask_for_document", "保険証・資格確認書の提示を依頼", "ask for an insurance document";
        Done = "done", "完了", "done";
    }
    Exemption {
        ElderlyPractitioners = "elderly_practitioners", "常勤の施術者が全員、ルール表の年齢以上", "every full-time practitioner was at or over the rule table's age";
        ElderlyOrVisuallyImpaired = "elderly_or_visually_impaired", "常勤の施術者が全員、ルール表の年齢以上または視覚障害", "every full-time practitioner was at or over the rule table's age or is visually impaired";
        Closing = "closing", "廃止・休止の予定", "closing or suspending by the deadline";
        EndingDelegation = "ending_delegation", "受領委任の取扱いを終了", "ending 受領委任 by the deadline";
    }
    CooperationCondition {
        OnlineInstalled = "online_installed", "オンライン資格確認の導入", "online checking installed";
        StartDateEntered = "start_date_entered", "運用開始日の入力", "start date entered";
        StartedWithinPeriod = "started_within_period", "期間内の運用開始", "started within the period";
        SpokeToPatients = "spoke_to_patients", "患者へのお声掛け", "spoke to patients";
        FlyersOrPosters = "flyers_or_posters", "チラシ・ポスターの掲示", "flyers or posters";
    }
    DxCondition {
        OnlineChecking = "online_checking", "オンライン資格確認の導入", "online checking installed";
        UsageRate = "usage_rate", "マイナ保険証利用率", "マイナ保険証 usage rate";
    }
    RegistrationChannel {
        FaceReader = "face_reader", "顔認証付きカードリーダー", "face-recognition card reader";
        MobileApp = "mobile_app", "資格確認アプリ", "qualification-check app";
        Portal = "portal", "マイナポータル", "マイナポータル";
        SevenBankAtm = "seven_bank_atm", "セブン銀行ATM", "Seven Bank ATM";
    }
    Registration {
        Registered = "registered", "利用登録済み", "registered for insurance use";
        NotRegistered = "not_registered", "利用登録なし", "not registered for insurance use";
        Unknown = "unknown", "利用登録は不明", "registration unknown";
    }
    CardStatus {
        Active = "active", "利用可能", "active";
        Suspended = "suspended", "一時利用停止中", "suspended";
        Revoked = "revoked", "電子証明書が失効", "certificate revoked";
        Damaged = "damaged", "ICチップを読み取れない", "chip unreadable";
    }
    CardReader {
        FaceRecognition = "face_recognition", "顔認証付きカードリーダー", "face-recognition card reader";
        Generic = "generic", "汎用カードリーダー", "generic card reader";
        MobileApp = "mobile_app", "スマートフォン用の資格確認アプリ", "mobile qualification app";
    }
    IdentityMethod {
        Face = "face", "顔認証", "face recognition";
        Pin = "pin", "暗証番号", "PIN";
        Visual = "visual", "目視確認", "staff visual check";
        DeviceBiometric = "device_biometric", "スマートフォンの生体認証", "the phone's biometrics";
    }
    IdentityOutcome {
        Confirmed = "confirmed", "確認できた", "confirmed";
        Failed = "failed", "確認できなかった", "not confirmed";
    }
    NumberKind {
        Insurer = "insurer", "保険者番号", "insurer number";
        PublicPayer = "public_payer", "公費負担者番号", "public payer number";
        PublicRecipient = "public_recipient", "公費受給者番号", "public recipient number";
        Institution = "institution", "医療機関コード", "medical institution code";
        Branch = "branch", "枝番", "branch number";
    }
    Lang {
        Ja = "ja", "日本語", "Japanese";
        En = "en", "英語", "English";
    }
    Era {
        Meiji = "meiji", "明治", "Meiji";
        Taisho = "taisho", "大正", "Taisho";
        Showa = "showa", "昭和", "Showa";
        Heisei = "heisei", "平成", "Heisei";
        Reiwa = "reiwa", "令和", "Reiwa";
    }
    Sex {
        Male = "male", "男", "male";
        Female = "female", "女", "female";
    }
    Relation {
        Insured = "insured", "本人", "insured person";
        Dependent = "dependent", "家族", "dependant";
    }
    NameComparison {
        Same = "same", "同じ", "the same";
        SameAsVariant = "same_as_variant", "異体字を同じ字として同じ", "the same once kanji variants (異体字) are read as one";
        SameWithPlaceholder = "same_with_placeholder", "外字（●）を除いて同じ", "the same but for ● (外字)";
        SameIgnoringSmallKana = "same_ignoring_small_kana", "小書きの仮名を除いて同じ", "the same but for small kana";
        Different = "different", "異なる", "different";
        NotWritten = "not_written", "氏名が空か外字（●）だけで比べられない", "nothing to compare: a name is empty or only ● (外字)";
    }
    MatchOutcome {
        SamePerson = "same_person", "同じ人です", "the same person";
        DifferentPerson = "different_person", "別の人です", "someone else";
        Uncertain = "uncertain", "同じ人か判断できません", "cannot tell";
    }
    MatchReason {
        BirthDateSame = "birth_date_same", "生年月日が一致", "birth dates agree";
        BirthDateDiffers = "birth_date_differs", "生年月日が異なる", "birth dates differ";
        BirthDateMissing = "birth_date_missing", "生年月日がない", "a birth date is missing";
        SexDiffers = "sex_differs", "性別が異なる", "sexes differ";
        NameSame = "name_same", "氏名が一致", "names agree";
        NameWithPlaceholder = "name_with_placeholder", "外字（●）を除いて氏名が一致", "names agree but for ● (外字)";
        NameVariant = "name_variant", "異体字を同じ字として氏名が一致（記録と回答で字体が異なる）", "names agree once kanji variants (異体字) are read as one (the two sides write them differently)";
        NameDiffers = "name_differs", "氏名が異なる", "names differ";
        NameNotWritten = "name_not_written", "氏名が空か外字（●）だけ", "a name is empty or only ● (外字)";
        KanaSame = "kana_same", "カナ氏名が一致", "kana names agree";
        KanaSmallKanaOnly = "kana_small_kana_only", "小書きの仮名を除いてカナ氏名が一致", "kana names agree but for small kana";
        KanaDiffers = "kana_differs", "カナ氏名が異なる", "kana names differ";
        KanaNotWritten = "kana_not_written", "カナ氏名が空か外字（●）だけ", "a kana name is empty or only ● (外字)";
        NoNameToCompare = "no_name_to_compare", "比べられる氏名がない", "no name to compare";
    }
    DifferenceKind {
        DifferentPerson = "different_person", "別の人の回答", "Answer about someone else";
        PersonUncertain = "person_uncertain", "同じ人か判断できない回答", "Cannot tell whether the answer is about this patient";
        EligibilityLost = "eligibility_lost", "資格喪失", "Insurance lost";
        Insurer = "insurer", "保険者番号", "Insurer";
        Symbol = "symbol", "記号", "Symbol";
        Number = "number", "番号", "Number";
        NumberLeadingZeros = "number_leading_zeros", "記号・番号の先頭の0", "Leading zeros of the symbol or number";
        Branch = "branch", "枝番", "Branch number";
        Relation = "relation", "本人・家族の別", "Insured person or dependant";
        CopayPercent = "copay_percent", "負担割合", "Copay ratio";
        CeilingCategory = "ceiling_category", "限度額適用区分", "Ceiling category";
        QualifiedFrom = "qualified_from", "資格取得日", "Start of the insurance";
        NamePlaceholder = "name_placeholder", "氏名の外字（●）", "● (外字) in the online name";
        Name = "name", "氏名が異なる", "The name differs";
        NameKana = "name_kana", "カナ氏名が異なる", "The kana name differs";
    }
    Severity {
        Info = "info", "参考", "information";
        Update = "update", "記録の更新", "update";
        Period = "period", "保険期間の変更", "insurance period";
        Stop = "stop", "確認が必要", "stop and confirm";
    }
    ReconcileOutcome {
        Unchanged = "unchanged", "記録はオンラインの回答と一致しています", "The record matches the online answer";
        UpdateNeeded = "update_needed", "記録の更新が必要です", "The record needs updating";
        NewPeriod = "new_period", "新しい保険の期間があります", "A new insurance period starts";
        EligibilityLost = "eligibility_lost", "資格を喪失しています", "The insurance was lost";
        Uncertain = "uncertain", "同じ人か判断できません。患者さんに確認してください", "Cannot tell whether the answer is about this patient: confirm with them";
        DifferentPerson = "different_person", "別の人の回答です。記録に使わないでください", "The answer is about someone else: do not record it";
    }
    ErrorDomain {
        Ok = "ok", "成功", "success";
        Input = "input", "入力内容を判定できません", "the input cannot be decided on";
        PersonalNumber = "personal_number", "個人番号（マイナンバー）と思われる12桁の番号は受け付けません", "a 12-digit 個人番号 (My Number) is refused";
        Rules = "rules", "ルール表を読み込めません", "the rule table was refused";
        Vectors = "vectors", "テストベクタを読み込めません", "the vector file was refused";
        Number = "number", "番号が規則に合いません", "the number fails its rules";
        Certificate = "certificate", "電子証明書を確認できません", "the certificate was refused";
        Card = "card", "カードの処理を最初からやり直してください", "start the card reading again";
        Oqs = "oqs", "オンライン資格確認のファイルを読めません", "the online qualification file was refused";
        NoCeilingTable = "no_ceiling_table", "その月の高額療養費の限度額表がありません", "no 高額療養費 table covers the month";
        UnknownCategory = "unknown_category", "限度額の区分が不明です", "unknown 高額療養費 category";
        MissingArgument = "missing_argument", "必要な引数がありません", "a required argument is missing";
        NotUtf8 = "not_utf8", "文字列がUTF-8ではありません", "a string is not UTF-8";
        TooLarge = "too_large", "入力が大きすぎます", "an input is too large";
        UndefinedValue = "undefined_value", "引数の値が定義されていません", "an argument has an undefined value";
        BufferTooSmall = "buffer_too_small", "バッファが小さすぎます", "the buffer is too small";
        Internal = "internal", "内部エラーです", "internal error";
        Unknown = "unknown", "不明なエラーです", "unknown status";
    }
    Label {
        Cause = "cause", "原因", "Cause";
        Copay = "copay", "負担割合", "Copay";
        CeilingCategory = "ceiling_category", "限度額区分", "Ceiling category";
        FromOnline = "from_online", "オンライン", "online";
        FromCertificate = "from_certificate", "認定証", "certificate";
        ToThePatient = "to_the_patient", "患者さんへ", "To the patient";
        Rules = "rules", "根拠ルール", "Rules";
        DayAtReception = "day_at_reception", "受付の一日", "A day at reception";
        RuleTable = "rule_table", "ルール", "rules";
        CheckedAt = "checked_at", "確認時刻", "Checked at";
        Issuer = "issuer", "発行者", "Issuer";
        TrustAnchor = "trust_anchor", "信頼する認証局", "Trust anchor";
        Serial = "serial", "シリアル", "serial";
        Validity = "validity", "有効期間", "Validity";
        Status = "status", "状態", "Status";
        AsInsuranceCard = "as_insurance_card", "健康保険証として", "As insurance card";
        Usable = "usable", "利用可", "usable";
        NotUsable = "not_usable", "利用不可", "not usable";
        RevocationNotChecked = "revocation_not_checked", "失効状況は確認していません（J-LISの失効情報は認定事業者のみ利用可）", "Revocation not checked (J-LIS serves it only to approved operators)";
        ReferenceClassification = "reference_classification", "照会区分", "query class";
        SegmentOfResult = "segment_of_result", "処理結果区分", "result segment";
        Error = "error", "エラー", "error";
        QualificationValidity = "qualification_validity", "資格有効性", "qualification validity";
        ResultMessage = "result_message", "処理結果メッセージ", "result message";
        InsurerNumber = "insurer_number", "保険者番号", "insurer number";
        Symbol = "symbol", "記号", "symbol";
        Number = "number", "番号", "number";
        Branch = "branch", "枝番", "branch";
        LawNumber = "law_number", "法別番号", "law number";
        FirstVisitPoints = "first_visit_points", "初診の点数", "first-visit points";
        RevisitPoints = "revisit_points", "再診の点数", "revisit points";
        Valid = "valid", "有効", "valid";
        Invalid = "invalid", "無効", "invalid";
        NotFound = "not_found", "該当資格なし・複数該当", "not found";
        PersonalNumberNotShown = "personal_number_not_shown", "個人番号のため表示しません", "a 個人番号: not shown";
    }
    FileTrouble {
        Unreadable = "unreadable", "結果ファイルを読めません（ファイルではないもの、大きすぎるもの、または読み取りの失敗）。端末で結果を確認し、必要なら照会し直してください。", "The result file cannot be read (not a file, too large, or a read failure). Check the result on the terminal and query again if needed.";
        Damaged = "damaged", "結果ファイルが壊れているか、途中で切れています。端末で結果を出し直してもらうか、資格確認をやり直してください。", "The result file is damaged or cut short. Have the terminal write the result again, or check the qualification again.";
        Incomplete = "incomplete", "結果が不完全です。端末で内容を確認し、必要なら資格確認をやり直してください。", "The result is incomplete. Check it on the terminal and check the qualification again if needed.";
        Ambiguous = "ambiguous", "別の人の結果が含まれています。ご本人を確認し、記号・番号で照会し直してください。", "The result holds records of different people. Confirm who the patient is and query again by 記号・番号.";
        NotAResult = "not_a_result", "資格確認の結果ではないファイルです（照会の要求など）。受付での対応は不要です。", "This is not a qualification result (a request, say). Nothing to do at the desk.";
        PersonalNumber = "personal_number", "個人番号のような値を含むため表示しません。端末で結果を確認してください。", "It holds what looks like a 個人番号, so it is not shown. Check the result on the terminal.";
        Undecidable = "undecidable", "この結果からは判定できません。端末で結果を確認し、必要なら資格確認をやり直してください。", "No decision can be made from this result. Check it on the terminal and check the qualification again if needed.";
    }
    RequestRefusal {
        NotJson = "not_json", "本文は JSON（Content-Type: application/json）で送ってください", "send the body as JSON (Content-Type: application/json)";
        InvalidInput = "invalid_input", "入力が正しくありません", "invalid input";
        Busy = "busy", "ほかの大きな要求を処理中です。少し待ってから送り直してください", "other large requests are being read: send it again in a moment";
        TooManyPages = "too_many_pages", "同時に開ける画面の数を超えています。不要な画面を閉じてください", "too many pages are open at once: close the ones not in use";
        TooLarge = "too_large", "本文が大きすぎます（JSON は 1 MiB、結果ファイルは 16 MiB まで）", "the body is too large (1 MiB of JSON, 16 MiB for a result file)";
        MethodNotAllowed = "method_not_allowed", "このパスはこのメソッドを受け付けません", "this path does not take this method";
        HostNotServed = "host_not_served", "このホスト名では受け付けません（--allow-host で追加できます）", "this host name is not served (add it with --allow-host)";
        OtherSite = "other_site", "ほかのサイトからの要求は受け付けません", "requests from another site are refused";
        TokenRequired = "token_required", "トークンが必要です：Authorization: Bearer TOKEN、またはページを /?token=TOKEN で開いてください", "a token is required: send Authorization: Bearer TOKEN, or open the page as /?token=TOKEN";
        NoSuchResult = "no_such_result", "今日の結果にその番号はありません", "today's results have no such id";
        NoSuchPath = "no_such_path", "そのパスはありません", "no such path";
        JournalUnreadable = "journal_unreadable", "受付の記録を読めません", "the journal cannot be read";
        JournalUnwritable = "journal_unwritable", "受付の記録に書けません", "the journal cannot be written";
    }
    Revocation {
        NotChecked = "not_checked", "失効状況は確認していません", "revocation not checked";
        Good = "good", "失効していません", "not revoked";
        Revoked = "revoked", "失効", "revoked";
        Suspended = "suspended", "一時停止中", "suspended";
    }
}

kinds! {
    Alert {
        Alert::CertificateExpiresSoon { .. } => "certificate_expires_soon",
        Alert::CertificateInGrace { .. } => "certificate_in_grace",
        Alert::CertificateExpired { .. } => "certificate_expired",
        Alert::PinLocked => "pin_locked",
        Alert::PinLastTry => "pin_last_try",
        Alert::CardUnusable { .. } => "card_unusable",
        Alert::CardInGrace { .. } => "card_in_grace",
        Alert::CardExpired { .. } => "card_expired",
        Alert::NotRegistered => "not_registered",
        Alert::IdentityNotConfirmed => "identity_not_confirmed",
        Alert::SmartphoneNotSupported => "smartphone_not_supported",
        Alert::LegacyCardEnds { .. } => "legacy_card_ends",
        Alert::LegacyCardExpired { .. } => "legacy_card_expired",
        Alert::LegacyCardInsurerChanged => "legacy_card_insurer_changed",
        Alert::LegacyCardIssuedAfterAbolition { .. } => "legacy_card_issued_after_abolition",
        Alert::QualificationCertificateExpired { .. } => "qualification_certificate_expired",
        Alert::NoticeNotAlone => "notice_not_alone",
        Alert::TemporaryMeasure { .. } => "temporary_measure",
        Alert::CopayMismatch { .. } => "copay_mismatch",
        Alert::CeilingCertificateNotNeeded => "ceiling_certificate_not_needed",
        Alert::ElderlyHoldsCertificate => "elderly_holds_certificate",
        Alert::InsuredNumberMismatch { .. } => "insured_number_mismatch",
        Alert::CeilingTableMissing { .. } => "ceiling_table_missing",
        Alert::SmartphoneCertificateExpired { .. } => "smartphone_certificate_expired",
        Alert::OnlineNumberFailsCheck { .. } => "online_number_fails_check",
        Alert::RulesReviewOverdue { .. } => "rules_review_overdue",
        Alert::DocumentNotUsed { .. } => "document_not_used",
    }
    Action {
        Action::ConfirmIdentity { .. } => "confirm_identity",
        Action::ConfirmFaceVisually => "confirm_face_visually",
        Action::AskBeforeLastPinTry => "ask_before_last_pin_try",
        Action::QueryOnline => "query_online",
        Action::QueryByInsuredNumber => "query_by_insured_number",
        Action::OfferRegistration => "offer_registration",
        Action::AskForNoticeOrPortal => "ask_for_notice_or_portal",
        Action::AskForNotice => "ask_for_notice",
        Action::AskForQualificationCertificate => "ask_for_qualification_certificate",
        Action::AskForDocuments { .. } => "ask_for_documents",
        Action::UsePhysicalCard => "use_physical_card",
        Action::TakeSelfDeclaration => "take_self_declaration",
        Action::ChargeUsualRatio => "charge_usual_ratio",
        Action::HandleAsForgottenCard => "handle_as_forgotten_card",
        Action::GuideCertificateRenewal => "guide_certificate_renewal",
        Action::GuidePinReset { .. } => "guide_pin_reset",
        Action::GuideCardReactivation => "guide_card_reactivation",
        Action::GuideCardRenewal => "guide_card_renewal",
        Action::RecommendMynaCard => "recommend_myna_card",
        Action::SuggestRegistration => "suggest_registration",
    }
    CertificateStatus {
        CertificateStatus::NotYetValid { .. } => "not_yet_valid",
        CertificateStatus::Valid { .. } => "valid",
        CertificateStatus::ExpiringSoon { .. } => "expiring_soon",
        CertificateStatus::InGrace { .. } => "in_grace",
        CertificateStatus::Expired { .. } => "expired",
        CertificateStatus::Revoked => "revoked",
        CertificateStatus::Suspended => "suspended",
    }
    PinCounter {
        PinCounter::Remaining { .. } => "remaining",
        PinCounter::Blocked => "blocked",
        PinCounter::NoLimit => "no_limit",
        PinCounter::NotReported => "not_reported",
    }
    PinOutcome {
        PinOutcome::Verified => "verified",
        PinOutcome::Wrong { .. } => "wrong",
        PinOutcome::Blocked => "blocked",
    }
    Obligation {
        Obligation::NotApplicable => "not_applicable",
        Obligation::Met => "met",
        Obligation::MetByPrimary => "met_by_primary",
        Obligation::Exempt { .. } => "exempt",
        Obligation::Required => "required",
    }
    RegistrationRefusal {
        RegistrationRefusal::NeedsPin { .. } => "needs_pin",
        RegistrationRefusal::PinLocked { .. } => "pin_locked",
        RegistrationRefusal::NotAvailable { .. } => "not_available",
    }
    PinState {
        PinState::Unknown => "unknown",
        PinState::Remaining { .. } => "remaining",
        PinState::Locked => "locked",
    }
    RecordAction {
        RecordAction::None => "none",
        RecordAction::UpdateRecord => "update_record",
        RecordAction::OpenNewPeriod { .. } => "open_new_period",
        RecordAction::EndPeriod { .. } => "end_period",
        RecordAction::ConfirmWithPatient => "confirm_with_patient",
        RecordAction::StopDifferentPerson => "stop_different_person",
    }
    TokenKind {
        TokenKind::PlasticCard => "plastic_card",
        TokenKind::AndroidEmbedded => "android_embedded",
        TokenKind::IosEmbedded => "ios_embedded",
        TokenKind::JukiCard => "juki_card",
        TokenKind::Other { .. } => "other",
    }
}

/// Every vocabulary and kind set of the core, by name, with its slugs in declaration order: what
/// the bindings' mirror tests compare against.
///
/// # Example
/// ```
/// let routes = onshi::VOCABULARIES.iter().find(|(name, _)| *name == "Route").unwrap();
/// assert_eq!(routes.1[0], "myna_online");
/// ```
pub const VOCABULARIES: &[(&str, &[&str])] = &concat_sets();

#[allow(
    clippy::indexing_slicing,
    reason = "evaluated at compile time: an index out of range fails the build, never a run"
)]
const fn concat_sets() -> [(&'static str, &'static [&'static str]); PLAIN.len() + KIND_SETS.len()] {
    let mut out = [("", &[] as &[&str]); PLAIN.len() + KIND_SETS.len()];
    let mut i = 0;
    while i < PLAIN.len() {
        out[i] = PLAIN[i];
        i += 1;
    }
    let mut j = 0;
    while j < KIND_SETS.len() {
        out[PLAIN.len() + j] = KIND_SETS[j];
        j += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn serde_slug<T: serde::Serialize>(value: T) -> String {
        match serde_json::to_value(value) {
            Ok(serde_json::Value::String(s)) => s,
            other => panic!("not a plain value: {other:?}"),
        }
    }

    fn check<T: Vocabulary + serde::Serialize>() {
        for v in T::ALL {
            assert_eq!(v.slug(), serde_slug(*v), "{}", T::NAME);
            let (ja, en) = v.words();
            assert!(!ja.is_empty() && !en.is_empty(), "{} {}", T::NAME, v.slug());
        }
        let mut slugs: Vec<_> = T::ALL.iter().map(|v| v.slug()).collect();
        slugs.dedup();
        assert_eq!(slugs.len(), T::ALL.len(), "{}: slugs repeat", T::NAME);
    }

    #[test]
    fn every_slug_is_the_json_value() {
        check::<Coverage>();
        check::<Route>();
        check::<FailureClass>();
        check::<CopayBasis>();
        check::<AgeBand>();
        check::<PresentedDocument>();
        check::<NotUsedReason>();
        check::<CardKind>();
        check::<Registration>();
        check::<CardStatus>();
        check::<CardReader>();
        check::<IdentityMethod>();
        check::<IdentityOutcome>();
        check::<NumberKind>();
        check::<Lang>();
        check::<Revocation>();
        check::<ErrorDomain>();
        check::<Label>();
        check::<FileTrouble>();
        check::<RequestRefusal>();
        check::<Era>();
        check::<Sex>();
        check::<Relation>();
        check::<NameComparison>();
        check::<MatchOutcome>();
        check::<MatchReason>();
        check::<DifferenceKind>();
        check::<Severity>();
        check::<ReconcileOutcome>();
    }

    /// One alert of every kind, in the order of the kinds, each date field set to `d`.
    fn one_alert_of_each_kind(d: chrono::NaiveDate) -> Vec<Alert> {
        vec![
            Alert::CertificateExpiresSoon { expires: d },
            Alert::CertificateInGrace {
                expired: d,
                grace_until: d,
            },
            Alert::CertificateExpired {
                expired: d,
                grace_ended: d,
            },
            Alert::PinLocked,
            Alert::PinLastTry,
            Alert::CardUnusable {
                status: CardStatus::Suspended,
            },
            Alert::CardInGrace {
                expired: d,
                grace_until: d,
            },
            Alert::CardExpired {
                expired: d,
                grace_ended: d,
            },
            Alert::NotRegistered,
            Alert::IdentityNotConfirmed,
            Alert::SmartphoneNotSupported,
            Alert::LegacyCardEnds { on: d },
            Alert::LegacyCardExpired { ended: d },
            Alert::LegacyCardInsurerChanged,
            Alert::LegacyCardIssuedAfterAbolition { issued: d },
            Alert::QualificationCertificateExpired { ended: d },
            Alert::NoticeNotAlone,
            Alert::TemporaryMeasure { until: d },
            Alert::CopayMismatch {
                online: 20,
                document: 30,
            },
            Alert::CeilingCertificateNotNeeded,
            Alert::ElderlyHoldsCertificate,
            Alert::InsuredNumberMismatch {
                leading_zeros_only: true,
            },
            Alert::CeilingTableMissing { month: d },
            Alert::SmartphoneCertificateExpired {
                expired: d,
                physical_card_until: Some(d),
            },
            Alert::OnlineNumberFailsCheck {
                field: "2026-11-30".into(),
                problem: "2026-11-30".into(),
            },
            Alert::RulesReviewOverdue { reviewed: d },
            Alert::DocumentNotUsed {
                document: PresentedDocument::Notice,
                reason: NotUsedReason::NeedsCard,
            },
        ]
    }

    /// One alert of every kind, each date field set: DATE_FIELDS must name exactly the fields
    /// that hold dates (a new alert kind without its sample here fails).
    #[test]
    fn date_fields_are_exactly_the_alerts_dates() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let samples = one_alert_of_each_kind(d);
        let kinds: Vec<_> = samples.iter().map(Kinds::kind).collect();
        assert_eq!(kinds, Alert::KINDS, "one sample per alert kind, in order");
        let mut dated = std::collections::BTreeSet::new();
        for alert in &samples {
            let value = serde_json::to_value(alert).unwrap();
            let chrono_date = |v: &serde_json::Value| v.as_str().is_some_and(|s| s == "2026-11-30");
            for (key, v) in value.as_object().unwrap() {
                let typed_date =
                    chrono_date(v) && !matches!(alert, Alert::OnlineNumberFailsCheck { .. });
                assert_eq!(
                    typed_date,
                    crate::DATE_FIELDS.contains(&key.as_str()),
                    "{key} of {}",
                    alert.kind()
                );
                if typed_date {
                    dated.insert(key.clone());
                }
            }
        }
        assert_eq!(
            dated.len(),
            crate::DATE_FIELDS.len(),
            "a DATE_FIELDS entry no alert uses"
        );
    }

    #[test]
    fn kinds_are_the_json_kind() {
        let alert = Alert::DocumentNotUsed {
            document: PresentedDocument::Notice,
            reason: NotUsedReason::NeedsCard,
        };
        assert_eq!(serde_json::to_value(&alert).unwrap()["kind"], alert.kind());
        let outcome = PinOutcome::Wrong {
            counter: PinCounter::NoLimit,
        };
        assert_eq!(
            serde_json::to_value(outcome).unwrap()["outcome"],
            outcome.kind()
        );
        let action = RecordAction::EndPeriod {
            last_day: chrono::NaiveDate::from_ymd_opt(2026, 10, 31).unwrap(),
        };
        assert_eq!(serde_json::to_value(action).unwrap()["kind"], action.kind());
        let names: Vec<_> = VOCABULARIES.iter().map(|(n, _)| *n).collect();
        let mut unique = names.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), names.len());
        assert!(names.contains(&"Alert") && names.contains(&"Route"));
    }
}
