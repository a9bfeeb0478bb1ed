//! The 資格確認結果 file (`OQSsiquc01res_*.xml`, and the face reader's `OQSsiquc01res_face_*.xml`):
//! header, processing status, qualification validity and the result records.

use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;
use serde::Serialize;

use crate::codes::{
    Consent, InsuredCardClassification, LimitCategory, LimitCertificateClassification,
    PersonalFamily, PrescriptionIssue, ProcessingResultStatus, QualificationValidity, ReasonOfLoss,
    ReferenceClassification, SegmentOfResult, Sex, SpecificDisease,
};
use crate::encoding::{Encoding, decode};
use crate::error::OqsError;
use crate::xml::{Element, MAX_FILE, parse};

/// The message header (MessageHeader).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MessageHeader {
    /// 処理実行日時, as written (`YYYYMMDDHHmmss`).
    pub process_execution_time: Option<String>,
    /// 資格確認日.
    pub qualification_confirmation_date: Option<NaiveDate>,
    /// 医療機関コード (10 digits).
    pub medical_institution_code: Option<String>,
    /// 任意のファイル識別子, echoed from the request.
    pub arbitrary_file_identifier: Option<String>,
    /// 照会区分.
    pub reference_classification: Option<ReferenceClassification>,
    /// 処理結果区分.
    pub segment_of_result: Option<SegmentOfResult>,
    /// エラーコード (when SegmentOfResult is not 1).
    pub error_code: Option<String>,
    /// エラーメッセージ, to display as is.
    pub error_message: Option<String>,
}

/// A consent with its times (同意情報).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ConsentInfo {
    /// 同意区分.
    pub flag: Consent,
    /// 同意日時, as written.
    pub time: Option<String>,
    /// 閲覧有効期限, as written.
    pub available_time: Option<String>,
}

/// 限度額適用認定証関連情報.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LimitInfo {
    /// 認定証区分.
    pub classification: Option<LimitCertificateClassification>,
    /// 適用区分 (the 高額療養費 category).
    pub category: Option<LimitCategory>,
    /// 適用開始日.
    pub valid_from: Option<NaiveDate>,
    /// 適用終了日.
    pub valid_until: Option<NaiveDate>,
}

/// 特定疾病療養受療証情報.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SpecificDiseaseInfo {
    /// 疾病区分.
    pub category: Option<SpecificDisease>,
    /// 自己負担限度額, as written.
    pub self_pay: Option<String>,
    /// 適用終了日.
    pub valid_until: Option<NaiveDate>,
}

/// One 資格確認結果 record (ResultOfQualificationConfirmation). Personal fields are redacted in
/// `Debug`; values keep their form (leading zeros, ● for 外字).
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct QualificationRecord {
    /// 被保険者証区分.
    pub card_classification: Option<InsuredCardClassification>,
    /// 保険者番号, spaces removed, leading zeros kept (`"  123456"` → `"123456"`).
    pub insurer_number: Option<String>,
    /// 保険者名.
    pub insurer_name: Option<String>,
    /// 被保険者証記号 (may hold kanji, hyphens, ●).
    pub symbol: Option<String>,
    /// 被保険者証番号.
    pub number: Option<String>,
    /// 枝番 (two characters).
    pub branch: Option<String>,
    /// 本人・家族の別.
    pub personal_family: Option<PersonalFamily>,
    /// 氏名 (外字 shown as ● are kept).
    pub name: Option<String>,
    /// 氏名カナ.
    pub name_kana: Option<String>,
    /// 性別1.
    pub sex: Option<Sex>,
    /// 生年月日.
    pub birthdate: Option<NaiveDate>,
    /// 住所.
    pub address: Option<String>,
    /// 郵便番号.
    pub post_number: Option<String>,
    /// 資格取得年月日.
    pub qualification_date: Option<NaiveDate>,
    /// 資格喪失年月日.
    pub disqualification_date: Option<NaiveDate>,
    /// 資格喪失事由.
    pub reason_of_loss: Option<ReasonOfLoss>,
    /// 被保険者証有効開始年月日.
    pub card_valid_from: Option<NaiveDate>,
    /// 被保険者証有効終了年月日.
    pub card_valid_until: Option<NaiveDate>,
    /// 一部負担金割合 in percent (後期高齢者: `"010"` → 10).
    pub copay_percent: Option<u8>,
    /// 高齢受給者証の一部負担金割合 in percent (70–74).
    pub elderly_copay_percent: Option<u8>,
    /// 未就学区分 (1 = 未就学).
    pub preschool: bool,
    /// 限度額適用認定証関連情報提供への同意.
    pub limit_consent: Option<Consent>,
    /// 限度額適用認定証関連情報.
    pub limit: Option<LimitInfo>,
    /// 特定疾病療養受療証情報.
    pub specific_diseases: Vec<SpecificDiseaseInfo>,
    /// 薬剤情報 consent.
    pub pharmacists_consent: Option<ConsentInfo>,
    /// 診療情報 consent.
    pub diagnosis_consent: Option<ConsentInfo>,
    /// 特定健診情報 consent.
    pub health_checkup_consent: Option<ConsentInfo>,
    /// 手術情報 consent.
    pub operation_consent: Option<ConsentInfo>,
    /// 照会番号.
    pub reference_number: Option<String>,
    /// 任意の識別子 (医療機関固有項目).
    pub arbitrary_identifier: Option<String>,
    /// Elements onshi does not model yet, kept by name (leaf text only).
    pub other: BTreeMap<String, String>,
}

impl fmt::Debug for QualificationRecord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("QualificationRecord")
            .field("card_classification", &self.card_classification)
            .field("insurer_number", &self.insurer_number)
            .field("personal", &"<redacted>")
            .field("copay_percent", &self.copay_percent)
            .finish_non_exhaustive()
    }
}

/// A parsed result file (資格確認結果ファイル).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct QualificationResult {
    /// The encoding the file used.
    pub encoding: Encoding,
    /// The header.
    pub header: MessageHeader,
    /// 処理結果状況.
    pub processing_result_status: Option<ProcessingResultStatus>,
    /// 処理結果コード (also set on success for 付帯情報).
    pub processing_result_code: Option<String>,
    /// 処理結果メッセージ, to display as is.
    pub processing_result_message: Option<String>,
    /// 資格有効性.
    pub qualification_validity: Option<QualificationValidity>,
    /// 処方箋発行形態.
    pub prescription_issue: Option<PrescriptionIssue>,
    /// The result records (one for a face file; several when 複数該当).
    pub records: Vec<QualificationRecord>,
}

/// `parent/name`, built only for an error message.
fn at(parent: &str, name: &str) -> String {
    if name.is_empty() {
        parent.to_owned()
    } else {
        format!("{parent}/{name}")
    }
}

pub(crate) fn date(
    parent: &str,
    name: &str,
    value: Option<String>,
) -> Result<Option<NaiveDate>, OqsError> {
    match value {
        None => Ok(None),
        Some(v) => NaiveDate::parse_from_str(v.trim(), "%Y%m%d")
            .map(Some)
            .map_err(|_| OqsError::BadValue {
                path: at(parent, name),
                value: v,
                expected: "a date YYYYMMDD",
            }),
    }
}

fn percent(parent: &str, name: &str, value: Option<String>) -> Result<Option<u8>, OqsError> {
    match value.as_deref().map(str::trim) {
        None => Ok(None),
        Some("010" | "10" | "1") => Ok(Some(10)),
        Some("020" | "20" | "2") => Ok(Some(20)),
        Some("030" | "30" | "3") => Ok(Some(30)),
        Some(other) => Err(OqsError::BadValue {
            path: at(parent, name),
            value: other.to_owned(),
            expected: "a ratio 010, 020 or 030",
        }),
    }
}

/// Checks CharacterCodeIdentifier against the encoding the bytes used.
pub(crate) fn check_identifier(h: &Element, encoding: Encoding) -> Result<(), OqsError> {
    let hp = "XmlMsg/MessageHeader";
    if let Some(id) = h.text_of(hp, "CharacterCodeIdentifier")? {
        match crate::encoding::Encoding::from_identifier(id.trim()) {
            Some(e) if e == encoding => {}
            Some(e) => {
                return Err(OqsError::EncodingMismatch {
                    identifier: id,
                    says: e.xml_name(),
                    actual: encoding.xml_name(),
                });
            }
            None => {
                return Err(OqsError::BadValue {
                    path: format!("{hp}/CharacterCodeIdentifier"),
                    value: id,
                    expected: "0 (UTF-8) or 1 (Shift_JIS)",
                });
            }
        }
    }
    Ok(())
}

/// Reads the message header.
pub(crate) fn header_of(h: &Element) -> Result<MessageHeader, OqsError> {
    let hp = "XmlMsg/MessageHeader";
    Ok(MessageHeader {
        process_execution_time: h.text_of(hp, "ProcessExecutionTime")?,
        qualification_confirmation_date: date(
            hp,
            "QualificationConfirmationDate",
            h.text_of(hp, "QualificationConfirmationDate")?,
        )?,
        medical_institution_code: h.text_of(hp, "MedicalInstitutionCode")?,
        arbitrary_file_identifier: h.text_of(hp, "ArbitraryFileIdentifier")?,
        reference_classification: h
            .text_of(hp, "ReferenceClassification")?
            .map(|c| ReferenceClassification::from_code(&c)),
        segment_of_result: h
            .text_of(hp, "SegmentOfResult")?
            .map(|c| SegmentOfResult::from_code(&c)),
        error_code: h.text_of(hp, "ErrorCode")?,
        error_message: h.text_of(hp, "ErrorMessage")?,
    })
}

/// Maps validity and processing status to the core's online status.
pub(crate) fn online_status(
    segment: Option<&SegmentOfResult>,
    processing: Option<&ProcessingResultStatus>,
    validity: Option<&QualificationValidity>,
) -> onshi::OnlineStatus {
    use onshi::OnlineStatus as S;
    let failed = !matches!(segment, None | Some(SegmentOfResult::Normal))
        || matches!(processing, Some(ProcessingResultStatus::Error));
    match (validity, failed) {
        (_, true) | (None, _) => S::Unavailable,
        (Some(QualificationValidity::Valid | QualificationValidity::ValidUnregistered), _) => {
            S::Valid
        }
        (Some(QualificationValidity::Invalid | QualificationValidity::InvalidNewerExists), _) => {
            S::Invalid
        }
        (Some(_), _) => S::NotFound,
    }
}

/// The online answer a record gives, with `status` already decided.
pub(crate) fn online_of(
    status: onshi::OnlineStatus,
    query: onshi::QueryKind,
    record: Option<&QualificationRecord>,
) -> onshi::OnlineResult {
    let copay = record.and_then(|r| {
        r.copay_percent
            .or(r.elderly_copay_percent)
            .or(r.preschool.then_some(20))
    });
    let ceiling = record
        .and_then(|r| r.limit.as_ref())
        .and_then(|l| l.category.as_ref())
        .and_then(|c| c.label())
        .map(str::to_owned);
    let insurer = record
        .and_then(|r| r.insurer_number.as_deref())
        .and_then(|n| onshi::InsurerNumber::parse(n).ok());
    let insured = record.and_then(|r| {
        let field =
            |v: &Option<String>| v.as_deref().and_then(|t| onshi::PersonalField::new(t).ok());
        Some(onshi::InsuredNumber {
            symbol: field(&r.symbol),
            number: field(&r.number)?,
            branch: field(&r.branch),
        })
    });
    let given = |c: &Consent| *c == Consent::Yes;
    let consent = record.map(|r| onshi::OnlineConsent {
        medication: r.pharmacists_consent.as_ref().map(|c| given(&c.flag)),
        diagnosis: r.diagnosis_consent.as_ref().map(|c| given(&c.flag)),
        health_checkup: r.health_checkup_consent.as_ref().map(|c| given(&c.flag)),
        ceiling: r.limit_consent.as_ref().map(given),
    });
    onshi::OnlineResult {
        query,
        status,
        copay_percent: copay,
        ceiling_category: ceiling,
        insurer,
        insured,
        consent,
    }
}

/// Reads one record, consuming known elements; the rest go to `other`.
pub(crate) fn record(el: &mut Element, path: &str) -> Result<QualificationRecord, OqsError> {
    let mut used: Vec<&str> = Vec::new();
    let mut t = |name: &'static str| {
        used.push(name);
        el.take_text(path, name)
    };
    let consent = |flag: Option<String>, time: Option<String>, avail: Option<String>| {
        flag.map(|f| ConsentInfo {
            flag: Consent::from_code(&f),
            time,
            available_time: avail,
        })
    };
    let card_classification =
        t("InsuredCardClassification")?.map(|c| InsuredCardClassification::from_code(&c));
    let insurer_number = t("InsurerNumber")?.map(|n| n.trim().to_owned());
    let insurer_name = t("InsurerName")?;
    let symbol = t("InsuredCardSymbol")?;
    let number = t("InsuredIdentificationNumber")?;
    let branch = t("InsuredBranchNumber")?;
    let personal_family = t("PersonalFamilyClassification")?.map(|c| PersonalFamily::from_code(&c));
    let name = t("Name")?;
    let name_kana = t("NameKana")?;
    let sex = t("Sex1")?.map(|c| Sex::from_code(&c));
    let birthdate = date(path, "Birthdate", t("Birthdate")?)?;
    let address = t("Address")?;
    let post_number = t("PostNumber")?;
    let qualification_date = date(path, "QualificationDate", t("QualificationDate")?)?;
    let disqualification_date = date(path, "DisqualificationDate", t("DisqualificationDate")?)?;
    let reason_of_loss = t("ReasonOfLoss")?.map(|c| ReasonOfLoss::from_code(&c));
    let card_valid_from = date(path, "InsuredCardValidDate", t("InsuredCardValidDate")?)?;
    let card_valid_until = date(
        path,
        "InsuredCardExpirationDate",
        t("InsuredCardExpirationDate")?,
    )?;
    let copay_percent = percent(
        path,
        "InsuredPartialContributionRatio",
        t("InsuredPartialContributionRatio")?,
    )?;
    let preschool = t("PreschoolClassification")?.as_deref() == Some("1");
    let limit_consent =
        t("LimitApplicationCertificateRelatedConsFlg")?.map(|c| Consent::from_code(&c));
    let pharmacists_consent = consent(
        t("PharmacistsInfoConsFlg")?,
        t("PharmacistsInfoConsTime")?,
        t("PharmacistsInfoAvailableTime")?,
    );
    let diagnosis_consent = consent(
        t("DiagnosisInfoConsFlg")?,
        t("DiagnosisInfoConsTime")?,
        t("DiagnosisInfoAvailableTime")?,
    );
    let health_checkup_consent = consent(
        t("SpecificHealthCheckupsInfoConsFlg")?,
        t("SpecificHealthCheckupsInfoConsTime")?,
        t("SpecificHealthCheckupsInfoAvailableTime")?,
    );
    let operation_consent = consent(
        t("OperationInfoConsFlg")?,
        t("OperationInfoConsTime")?,
        t("OperationInfoAvailableTime")?,
    );
    let reference_number = t("ReferenceNumber")?;
    let arbitrary_identifier = t("ArbitraryIdentifier")?;

    used.extend([
        "ElderlyRecipientCertificateInfo",
        "LimitApplicationCertificateRelatedInfo",
        "SpecificDiseasesCertificateList",
    ]);
    let elderly_copay_percent = match el.one(path, "ElderlyRecipientCertificateInfo")? {
        Some(e) => {
            let p = format!("{path}/ElderlyRecipientCertificateInfo");
            percent(
                &p,
                "ElderlyRecipientContributionRatio",
                e.text_of(&p, "ElderlyRecipientContributionRatio")?,
            )?
        }
        None => None,
    };
    let limit = match el.one(path, "LimitApplicationCertificateRelatedInfo")? {
        Some(e) => {
            let p = format!("{path}/LimitApplicationCertificateRelatedInfo");
            Some(LimitInfo {
                classification: e
                    .text_of(&p, "LimitApplicationCertificateClassification")?
                    .map(|c| LimitCertificateClassification::from_code(&c)),
                category: e
                    .text_of(&p, "LimitApplicationCertificateClassificationFlag")?
                    .map(|c| LimitCategory::from_code(&c)),
                valid_from: date(
                    &p,
                    "LimitApplicationCertificateValidStartDate",
                    e.text_of(&p, "LimitApplicationCertificateValidStartDate")?,
                )?,
                valid_until: date(
                    &p,
                    "LimitApplicationCertificateValidEndDate",
                    e.text_of(&p, "LimitApplicationCertificateValidEndDate")?,
                )?,
            })
        }
        None => None,
    };
    let mut specific_diseases = Vec::new();
    if let Some(list) = el.one(path, "SpecificDiseasesCertificateList")? {
        let p = format!("{path}/SpecificDiseasesCertificateList/SpecificDiseasesCertificateInfo");
        for info in list.all("SpecificDiseasesCertificateInfo") {
            specific_diseases.push(SpecificDiseaseInfo {
                category: info
                    .text_of(&p, "SpecificDiseasesDiseaseCategory")?
                    .map(|c| SpecificDisease::from_code(&c)),
                self_pay: info.text_of(&p, "SpecificDiseasesSelfPay")?,
                valid_until: date(
                    &p,
                    "SpecificDiseasesValidEndDate",
                    info.text_of(&p, "SpecificDiseasesValidEndDate")?,
                )?,
            });
        }
    }
    let mut other = BTreeMap::new();
    for child in &el.children {
        if !used.contains(&child.name.as_ref()) && child.children.is_empty() {
            other.insert(child.name.to_string(), child.text.to_string());
        }
    }
    Ok(QualificationRecord {
        card_classification,
        insurer_number,
        insurer_name,
        symbol,
        number,
        branch,
        personal_family,
        name,
        name_kana,
        sex,
        birthdate,
        address,
        post_number,
        qualification_date,
        disqualification_date,
        reason_of_loss,
        card_valid_from,
        card_valid_until,
        copay_percent,
        elderly_copay_percent,
        preschool,
        limit_consent,
        limit,
        specific_diseases,
        pharmacists_consent,
        diagnosis_consent,
        health_checkup_consent,
        operation_consent,
        reference_number,
        arbitrary_identifier,
        other,
    })
}

/// What the patient presented when the query was by 記号・番号 (照会区分 2): the result file does
/// not say, the reception system knows.
///
/// # Example
/// ```
/// assert_eq!(onshi_oqs::QueriedDocument::default(), onshi_oqs::QueriedDocument::LegacyCard);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum QueriedDocument {
    /// 従来の被保険者証 (legacy insurance card).
    #[default]
    LegacyCard,
    /// 資格情報のお知らせ.
    Notice,
}

impl QualificationResult {
    /// Reads a result file (UTF-8 or Shift_JIS, chosen by its declaration and checked against
    /// CharacterCodeIdentifier). Element order is not assumed.
    ///
    /// # Errors
    /// [`OqsError`]: undecodable bytes, an encoding mismatch, malformed or truncated XML, a DTD,
    /// a missing header, duplicated single elements, dates or ratios of the wrong form.
    ///
    /// # Example
    /// ```
    /// let xml = r#"<?xml version="1.0" encoding="UTF-8"?><XmlMsg><MessageHeader>
    ///   <CharacterCodeIdentifier>0</CharacterCodeIdentifier><SegmentOfResult>1</SegmentOfResult></MessageHeader>
    ///   <MessageBody><QualificationValidity>1</QualificationValidity><ProcessingResultStatus>1</ProcessingResultStatus>
    ///   <ResultList><ResultOfQualificationConfirmation><InsurerNumber>  123456</InsurerNumber></ResultOfQualificationConfirmation></ResultList>
    ///   </MessageBody></XmlMsg>"#;
    /// let r = onshi_oqs::QualificationResult::parse(xml.as_bytes()).unwrap();
    /// assert_eq!(r.records[0].insurer_number.as_deref(), Some("123456"));
    /// let bad = xml.replace("<CharacterCodeIdentifier>0", "<CharacterCodeIdentifier>1");
    /// assert_eq!(onshi_oqs::QualificationResult::parse(bad.as_bytes()).unwrap_err().kind(), "encoding_mismatch");
    /// ```
    pub fn parse(bytes: &[u8]) -> Result<QualificationResult, OqsError> {
        if bytes.len() > MAX_FILE {
            return Err(OqsError::TooLarge {
                size: bytes.len(),
                limit: MAX_FILE,
            });
        }
        let (text, encoding) = decode(bytes)?;
        let mut root = parse(&text)?;
        if root.name != "XmlMsg" {
            return Err(OqsError::Missing {
                path: "XmlMsg".to_owned(),
            });
        }
        let h = root
            .one("XmlMsg", "MessageHeader")?
            .ok_or_else(|| OqsError::Missing {
                path: "XmlMsg/MessageHeader".to_owned(),
            })?;
        check_identifier(h, encoding)?;
        let header = header_of(h)?;
        let bp = "XmlMsg/MessageBody";
        let mut result = QualificationResult {
            encoding,
            header,
            processing_result_status: None,
            processing_result_code: None,
            processing_result_message: None,
            qualification_validity: None,
            prescription_issue: None,
            records: Vec::new(),
        };
        if root.one("XmlMsg", "MessageBody")?.is_some()
            && let Some(b) = root.children.iter_mut().find(|c| c.name == "MessageBody")
        {
            result.processing_result_status = b
                .text_of(bp, "ProcessingResultStatus")?
                .map(|c| ProcessingResultStatus::from_code(&c));
            result.processing_result_code = b.text_of(bp, "ProcessingResultCode")?;
            result.processing_result_message = b.text_of(bp, "ProcessingResultMessage")?;
            result.qualification_validity = b
                .text_of(bp, "QualificationValidity")?
                .map(|c| QualificationValidity::from_code(&c));
            result.prescription_issue = b
                .text_of(bp, "PrescriptionIssueSelect")?
                .map(|c| PrescriptionIssue::from_code(&c));
            if b.one(bp, "ResultList")?.is_some()
                && let Some(list) = b.children.iter_mut().find(|c| c.name == "ResultList")
            {
                let rp = format!("{bp}/ResultList/ResultOfQualificationConfirmation");
                for r in list
                    .children
                    .iter_mut()
                    .filter(|c| c.name == "ResultOfQualificationConfirmation")
                {
                    result.records.push(record(r, &rp)?);
                }
            }
        }
        Ok(result)
    }

    /// The online answer this file gives, for [`onshi::decide`].
    ///
    /// 有効 and 有効（未登録）are valid; 無効 and 無効（新しい資格あり）invalid (class A); 該当資格なし and
    /// 複数該当 not found (class A: staff must resolve); an abnormal or in-progress result, an error
    /// status, or no validity at all is "unavailable" (class B).
    ///
    /// # Example
    /// ```
    /// let xml = "<XmlMsg><MessageHeader><SegmentOfResult>9</SegmentOfResult></MessageHeader></XmlMsg>";
    /// let r = onshi_oqs::QualificationResult::parse(xml.as_bytes()).unwrap();
    /// assert_eq!(r.online_result().status, onshi::OnlineStatus::Unavailable);
    /// ```
    pub fn online_result(&self) -> onshi::OnlineResult {
        let status = online_status(
            self.header.segment_of_result.as_ref(),
            self.processing_result_status.as_ref(),
            self.qualification_validity.as_ref(),
        );
        let query = match self.header.reference_classification {
            Some(ReferenceClassification::InsuredNumber) => onshi::QueryKind::InsuredNumber,
            _ => onshi::QueryKind::Card,
        };
        online_of(status, query, self.records.first())
    }

    /// The reception visit this file answers: the online result, the patient's birth date, and
    /// what was presented — the マイナ保険証 for a card query (the reader confirmed identity before
    /// it asked), or `document` for a query by 記号・番号. The visit time is `at`, or the file's
    /// ProcessExecutionTime when `at` is `None`.
    ///
    /// # Errors
    /// [`OqsError::NoVisitTime`] when neither gives the time.
    ///
    /// # Example
    /// ```
    /// use onshi_oqs::{QualificationResult, QueriedDocument};
    /// let xml = "<XmlMsg><MessageHeader><ProcessExecutionTime>20260115093000</ProcessExecutionTime>
    ///   <ReferenceClassification>2</ReferenceClassification><SegmentOfResult>1</SegmentOfResult></MessageHeader>
    ///   <MessageBody><ProcessingResultStatus>1</ProcessingResultStatus><QualificationValidity>1</QualificationValidity>
    ///   </MessageBody></XmlMsg>";
    /// let r = QualificationResult::parse(xml.as_bytes())?;
    /// let visit = r.visit(None, QueriedDocument::Notice)?;
    /// assert!(visit.presented.notice.is_some());
    /// let d = onshi::decide(&onshi::RuleSet::builtin(), &visit).unwrap();
    /// assert_eq!(d.route, onshi::Route::NoticeQueried);
    /// # Ok::<(), onshi_oqs::OqsError>(())
    /// ```
    pub fn visit(
        &self,
        at: Option<onshi::VisitTime>,
        document: QueriedDocument,
    ) -> Result<onshi::Visit, OqsError> {
        let at = at
            .or_else(|| self.processed_at())
            .ok_or(OqsError::NoVisitTime)?;
        let online = self.online_result();
        let insurer = online.insurer.clone();
        let mut presented = onshi::Presented::default();
        match (&self.header.reference_classification, document) {
            (Some(ReferenceClassification::InsuredNumber), QueriedDocument::LegacyCard) => {
                presented.legacy_card = Some(onshi::LegacyInsuranceCard {
                    insurer,
                    insured: None,
                    issued: None,
                    expires: None,
                    insurer_changed: false,
                    copay_percent: None,
                });
            }
            (Some(ReferenceClassification::InsuredNumber), QueriedDocument::Notice) => {
                presented.notice = Some(onshi::QualificationNotice {
                    insurer,
                    ..Default::default()
                });
            }
            _ => {
                presented.myna_card = Some(onshi::MynaInsuranceCard {
                    registration: onshi::Registration::Registered,
                    ..Default::default()
                });
            }
        }
        Ok(onshi::Visit {
            at,
            facility: onshi::Facility::default(),
            patient: onshi::Patient {
                birth_date: self.records.first().and_then(|r| r.birthdate),
                high_income: false,
            },
            presented,
            online: Some(online),
            care: None,
        })
    }

    /// The instant the system processed the query (処理実行日時, JST), if written.
    ///
    /// # Example
    /// ```
    /// let xml = "<XmlMsg><MessageHeader><ProcessExecutionTime>20230221174835</ProcessExecutionTime></MessageHeader></XmlMsg>";
    /// let r = onshi_oqs::QualificationResult::parse(xml.as_bytes()).unwrap();
    /// assert_eq!(r.processed_at().unwrap().date().to_string(), "2023-02-21");
    /// ```
    pub fn processed_at(&self) -> Option<onshi::VisitTime> {
        let t = self.header.process_execution_time.as_deref()?;
        let naive = chrono::NaiveDateTime::parse_from_str(t.trim(), "%Y%m%d%H%M%S").ok()?;
        onshi::VisitTime::parse(&format!("{}+09:00", naive.format("%Y-%m-%dT%H:%M:%S"))).ok()
    }
}
