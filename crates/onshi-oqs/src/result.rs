//! The 資格確認結果 file (`OQSsiquc01res_*.xml`, and the face reader's `OQSsiquc01res_face_*.xml`):
//! header, processing status, qualification validity and the result records.

use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::codes::{
    Consent, InsuredCardClassification, LimitCategory, LimitCertificateClassification,
    PersonalFamily, PrescriptionIssue, ProcessingResultStatus, QualificationValidity, ReasonOfLoss,
    ReferenceClassification, SegmentOfResult, Sex, SpecificDisease,
};
use crate::encoding::{Encoding, decode};
use crate::error::OqsError;
use crate::xml::{Child, MAX_FILE, Reader, Tag};

/// The message header (MessageHeader).
///
/// # Example
/// ```
/// let xml = "<XmlMsg><MessageHeader><ProcessExecutionTime>20261130093000</ProcessExecutionTime>\
///   <SegmentOfResult>1</SegmentOfResult></MessageHeader></XmlMsg>";
/// let r = onshi_oqs::QualificationResult::parse(xml.as_bytes()).unwrap();
/// assert_eq!(r.header.process_execution_time.as_deref(), Some("20261130093000"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
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
///
/// # Example
/// ```
/// let xml = "<XmlMsg><MessageHeader><SegmentOfResult>1</SegmentOfResult></MessageHeader><MessageBody><ResultList>\
///   <ResultOfQualificationConfirmation><PharmacistsInfoConsFlg>1</PharmacistsInfoConsFlg>\
///   </ResultOfQualificationConfirmation></ResultList></MessageBody></XmlMsg>";
/// let r = onshi_oqs::QualificationResult::parse(xml.as_bytes()).unwrap();
/// assert!(r.records[0].pharmacists_consent.is_some());
/// ```
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
///
/// # Example
/// ```
/// let xml = "<XmlMsg><MessageHeader><SegmentOfResult>1</SegmentOfResult></MessageHeader><MessageBody><ResultList>\
///   <ResultOfQualificationConfirmation><LimitApplicationCertificateRelatedInfo>\
///   <LimitApplicationCertificateClassificationFlag>A03</LimitApplicationCertificateClassificationFlag>\
///   </LimitApplicationCertificateRelatedInfo></ResultOfQualificationConfirmation></ResultList></MessageBody></XmlMsg>";
/// let r = onshi_oqs::QualificationResult::parse(xml.as_bytes()).unwrap();
/// let limit = r.records[0].limit.as_ref().unwrap();
/// assert_eq!(limit.category.as_ref().unwrap().code(), "A03");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
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
///
/// # Example
/// ```
/// let xml = "<XmlMsg><MessageHeader><SegmentOfResult>1</SegmentOfResult></MessageHeader><MessageBody><ResultList>\
///   <ResultOfQualificationConfirmation><SpecificDiseasesCertificateList><SpecificDiseasesCertificateInfo>\
///   <SpecificDiseasesSelfPay>10000</SpecificDiseasesSelfPay></SpecificDiseasesCertificateInfo>\
///   </SpecificDiseasesCertificateList></ResultOfQualificationConfirmation></ResultList></MessageBody></XmlMsg>";
/// let r = onshi_oqs::QualificationResult::parse(xml.as_bytes()).unwrap();
/// assert_eq!(r.records[0].specific_diseases[0].self_pay.as_deref(), Some("10000"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
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
///
/// # Example
/// ```
/// let xml = "<XmlMsg><MessageHeader><SegmentOfResult>1</SegmentOfResult></MessageHeader><MessageBody><ResultList>\
///   <ResultOfQualificationConfirmation><Name>試験　●子</Name><InsurerNumber>06130017</InsurerNumber>\
///   </ResultOfQualificationConfirmation></ResultList></MessageBody></XmlMsg>";
/// let r = onshi_oqs::QualificationResult::parse(xml.as_bytes()).unwrap();
/// assert_eq!(r.records[0].name.as_deref(), Some("試験　●子")); // ● kept as written
/// assert!(!format!("{:?}", r.records[0]).contains("試験"));      // redacted in Debug
/// ```
#[derive(Clone, Default, PartialEq, Eq, Serialize)]
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
    /// 被保険者証交付年月日.
    pub card_issued: Option<NaiveDate>,
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

impl QualificationRecord {
    /// The record as an [`onshi::records::InsuranceRecord`], for [`onshi::records::reconcile`] against the one a
    /// receipt system holds: numbers as given, 本人・家族, the ratio (後期 or 高齢受給者), the 限度額
    /// code, 資格取得日 and 資格喪失日, and the person.
    ///
    /// # Errors
    /// [`OqsError::BadValue`] naming the element, when the 記号・番号・枝番 break their fields' rules
    /// or a 記号 or 枝番 comes without its 番号 (the value is not shown).
    ///
    /// # Example
    /// ```
    /// let xml = "<XmlMsg><MessageHeader><SegmentOfResult>1</SegmentOfResult></MessageHeader><MessageBody>\
    ///   <ResultList><ResultOfQualificationConfirmation><InsurerNumber>06130017</InsurerNumber>\
    ///   <PersonalFamilyClassification>2</PersonalFamilyClassification><Sex1>2</Sex1>\
    ///   <DisqualificationDate>20261101</DisqualificationDate></ResultOfQualificationConfirmation>\
    ///   </ResultList></MessageBody></XmlMsg>";
    /// let r = onshi_oqs::QualificationResult::parse(xml.as_bytes())?;
    /// let record = r.records[0].insurance_record()?;
    /// assert_eq!(record.relation, Some(onshi::records::Relation::Dependent));
    /// assert_eq!(record.sex, Some(onshi::records::Sex::Female));
    /// assert_eq!(record.lost_on.unwrap().to_string(), "2026-11-01");
    /// # Ok::<(), onshi_oqs::OqsError>(())
    /// ```
    pub fn insurance_record(&self) -> Result<onshi::records::InsuranceRecord, OqsError> {
        let insured = onshi::numbers::InsuredNumber::from_parts(
            self.symbol.as_deref(),
            self.number.as_deref(),
            self.branch.as_deref(),
        )
        .map_err(|e| OqsError::BadValue {
            path: match e.field() {
                "symbol" => "InsuredCardSymbol",
                "branch" => "InsuredBranchNumber",
                _ => "InsuredIdentificationNumber",
            }
            .to_owned(),
            value: "(personal: not shown)".to_owned(),
            expected: "a 記号・番号・枝番 of its field's characters (the 枝番 two digits), with its 番号",
        })?;
        Ok(onshi::records::InsuranceRecord {
            insurer: self.insurer_number.clone(),
            insured,
            relation: match self.personal_family {
                Some(PersonalFamily::Insured) => Some(onshi::records::Relation::Insured),
                Some(PersonalFamily::Family) => Some(onshi::records::Relation::Dependent),
                _ => None,
            },
            copay_percent: self.copay_percent.or(self.elderly_copay_percent),
            ceiling_category: self
                .limit
                .as_ref()
                .and_then(|l| l.category.as_ref())
                .map(|c| c.code().to_owned()),
            qualified_from: self.qualification_date,
            lost_on: self.disqualification_date,
            name: self.name.clone(),
            name_kana: self.name_kana.clone(),
            birth_date: self.birthdate,
            sex: match self.sex {
                Some(Sex::Male) => Some(onshi::records::Sex::Male),
                Some(Sex::Female) => Some(onshi::records::Sex::Female),
                _ => None,
            },
        })
    }
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
///
/// # Example
/// ```
/// let xml = "<XmlMsg><MessageHeader><SegmentOfResult>1</SegmentOfResult></MessageHeader><MessageBody>\
///   <QualificationValidity>1</QualificationValidity></MessageBody></XmlMsg>";
/// let r = onshi_oqs::QualificationResult::parse(xml.as_bytes()).unwrap();
/// assert_eq!(r.encoding, onshi_oqs::Encoding::Utf8);
/// assert!(r.records.is_empty());
/// ```
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

/// Checks CharacterCodeIdentifier against the encoding the bytes used.
fn check_identifier(r: &Reader, c: &Child, encoding: Encoding) -> Result<(), OqsError> {
    let Some(id) = c.text() else {
        return Ok(());
    };
    match Encoding::from_identifier(id.trim()) {
        Some(e) if e == encoding => Ok(()),
        Some(e) => Err(OqsError::EncodingMismatch {
            identifier: id.trim().to_owned(),
            says: e.xml_name(),
            actual: encoding.xml_name(),
        }),
        None => Err(OqsError::BadValue {
            path: r.path_of(c),
            value: onshi::screen::redact(id).chars().take(64).collect(),
            expected: "0 (UTF-8) or 1 (Shift_JIS)",
        }),
    }
}

/// What onshi reads of a MessageHeader: the public header, and the counts a bulk result adds.
#[derive(Default)]
pub(crate) struct Header {
    pub message: MessageHeader,
    /// 受付番号.
    pub reception_number: Option<String>,
    /// 処理結果件数.
    pub announced: Option<u64>,
}

/// Reads a message header, checking CharacterCodeIdentifier against `encoding`.
pub(crate) fn header(r: &mut Reader, el: &Child, encoding: Encoding) -> Result<Header, OqsError> {
    let mut h = Header::default();
    let mut fields = r.children(el);
    while let Some(c) = fields.next(r)? {
        let m = &mut h.message;
        match c.name {
            Tag::CharacterCodeIdentifier => check_identifier(r, &c, encoding)?,
            Tag::ProcessExecutionTime => m.process_execution_time = c.string(),
            Tag::QualificationConfirmationDate => {
                m.qualification_confirmation_date = r.date(&c)?;
            }
            Tag::MedicalInstitutionCode => m.medical_institution_code = c.string(),
            Tag::ArbitraryFileIdentifier => m.arbitrary_file_identifier = c.string(),
            Tag::ReferenceClassification => {
                m.reference_classification = c.text().map(ReferenceClassification::from_code);
            }
            Tag::SegmentOfResult => {
                m.segment_of_result = c.leaf.as_deref().map(SegmentOfResult::from_code)
            }
            Tag::ErrorCode => m.error_code = c.string(),
            Tag::ErrorMessage => m.error_message = c.string(),
            Tag::ReceptionNumber => h.reception_number = c.string(),
            Tag::NumberOfProcessingResult => {
                h.announced = c.text().and_then(|n| n.trim().parse().ok());
            }
            _ => {}
        }
    }
    Ok(h)
}

/// Maps validity and processing status to the core's online status.
pub(crate) fn online_status(
    segment: Option<&SegmentOfResult>,
    processing: Option<&ProcessingResultStatus>,
    validity: Option<&QualificationValidity>,
) -> onshi::reception::OnlineStatus {
    use onshi::reception::OnlineStatus as S;
    // Only a status onshi knows to be normal lets an answer through: an error, a code onshi does
    // not know (`9`, `X`, a full-width `１`) or an element left empty is an answer not understood.
    let failed = !matches!(segment, None | Some(SegmentOfResult::Normal))
        || !matches!(processing, None | Some(ProcessingResultStatus::Normal));
    match (validity, failed) {
        (_, true) | (None, _) => S::Unavailable,
        (Some(QualificationValidity::Valid | QualificationValidity::ValidUnregistered), _) => {
            S::Valid
        }
        (Some(QualificationValidity::Invalid | QualificationValidity::InvalidNewerExists), _) => {
            S::Invalid
        }
        (Some(QualificationValidity::NotFound | QualificationValidity::Multiple), _) => S::NotFound,
        // A code onshi does not know is an answer not understood: the online check is unusable
        // for this visit (class B), never "資格無効 / 資格情報なし" (class A).
        (Some(QualificationValidity::Unknown(_)), _) => S::Unavailable,
    }
}

/// The online answer a record gives, with `status` already decided.
pub(crate) fn online_of(
    status: onshi::reception::OnlineStatus,
    query: onshi::reception::QueryKind,
    record: Option<&QualificationRecord>,
) -> onshi::reception::OnlineResult {
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
        .and_then(|n| onshi::numbers::InsurerNumber::parse(n).ok());
    let insured = record.and_then(|r| {
        onshi::numbers::InsuredNumber::from_parts(
            r.symbol.as_deref(),
            r.number.as_deref(),
            r.branch.as_deref(),
        )
        .ok()
        .flatten()
    });
    let given = |c: &Consent| *c == Consent::Yes;
    let consent = record.map(|r| onshi::reception::OnlineConsent {
        medication: r.pharmacists_consent.as_ref().map(|c| given(&c.flag)),
        diagnosis: r.diagnosis_consent.as_ref().map(|c| given(&c.flag)),
        health_checkup: r.health_checkup_consent.as_ref().map(|c| given(&c.flag)),
        ceiling: r.limit_consent.as_ref().map(given),
    });
    onshi::reception::OnlineResult {
        query,
        status,
        copay_percent: copay,
        ceiling_category: ceiling,
        insurer,
        insured,
        consent,
    }
}

/// Reads one record; leaf elements onshi does not model go to `other`.
pub(crate) fn record(r: &mut Reader, el: &Child) -> Result<QualificationRecord, OqsError> {
    let mut rec = QualificationRecord::default();
    // 同意区分, 同意日時, 閲覧有効期限 of 薬剤, 診療, 特定健診 and 手術情報.
    let mut consents: [(Option<Consent>, Option<String>, Option<String>); 4] = Default::default();
    let mut fields = r.children(el);
    while let Some(c) = fields.next(r)? {
        match c.name {
            Tag::InsuredCardClassification => {
                rec.card_classification = c.text().map(InsuredCardClassification::from_code);
            }
            Tag::InsurerNumber => rec.insurer_number = c.text().map(|n| n.trim().to_owned()),
            Tag::InsurerName => rec.insurer_name = c.string(),
            Tag::InsuredCardSymbol => rec.symbol = c.string(),
            Tag::InsuredIdentificationNumber => rec.number = c.string(),
            Tag::InsuredBranchNumber => rec.branch = c.string(),
            Tag::PersonalFamilyClassification => {
                rec.personal_family = c.text().map(PersonalFamily::from_code);
            }
            Tag::Name => rec.name = c.string(),
            Tag::NameKana => rec.name_kana = c.string(),
            Tag::Sex1 => rec.sex = c.text().map(Sex::from_code),
            Tag::Birthdate => rec.birthdate = r.date(&c)?,
            Tag::Address => rec.address = c.string(),
            Tag::PostNumber => rec.post_number = c.string(),
            Tag::QualificationDate => rec.qualification_date = r.date(&c)?,
            Tag::DisqualificationDate => rec.disqualification_date = r.date(&c)?,
            Tag::ReasonOfLoss => rec.reason_of_loss = c.text().map(ReasonOfLoss::from_code),
            Tag::InsuredCertificateIssuanceDate => rec.card_issued = r.date(&c)?,
            Tag::InsuredCardValidDate => rec.card_valid_from = r.date(&c)?,
            Tag::InsuredCardExpirationDate => rec.card_valid_until = r.date(&c)?,
            Tag::InsuredPartialContributionRatio => rec.copay_percent = r.percent(&c)?,
            Tag::PreschoolClassification => rec.preschool = c.text() == Some("1"),
            Tag::LimitApplicationCertificateRelatedConsFlg => {
                rec.limit_consent = c.text().map(Consent::from_code);
            }
            Tag::ReferenceNumber => rec.reference_number = c.string(),
            Tag::ArbitraryIdentifier => rec.arbitrary_identifier = c.string(),
            Tag::ElderlyRecipientCertificateInfo => {
                let mut e = r.children(&c);
                while let Some(c) = e.next(r)? {
                    if c.name == Tag::ElderlyRecipientContributionRatio {
                        rec.elderly_copay_percent = r.percent(&c)?;
                    }
                }
            }
            Tag::LimitApplicationCertificateRelatedInfo => rec.limit = Some(limit(r, &c)?),
            Tag::SpecificDiseasesCertificateList => {
                let mut list = r.children(&c);
                while let Some(c) = list.next(r)? {
                    if c.name == Tag::SpecificDiseasesCertificateInfo {
                        rec.specific_diseases.push(specific_disease(r, &c)?);
                    }
                }
            }
            Tag::PharmacistsInfoConsFlg
            | Tag::DiagnosisInfoConsFlg
            | Tag::SpecificHealthCheckupsInfoConsFlg
            | Tag::OperationInfoConsFlg => {
                if let Some(consent) = consents.get_mut(consent_index(c.name)) {
                    consent.0 = c.text().map(Consent::from_code);
                }
            }
            Tag::PharmacistsInfoConsTime
            | Tag::DiagnosisInfoConsTime
            | Tag::SpecificHealthCheckupsInfoConsTime
            | Tag::OperationInfoConsTime => {
                if let Some(consent) = consents.get_mut(consent_index(c.name)) {
                    consent.1 = c.string();
                }
            }
            Tag::PharmacistsInfoAvailableTime
            | Tag::DiagnosisInfoAvailableTime
            | Tag::SpecificHealthCheckupsInfoAvailableTime
            | Tag::OperationInfoAvailableTime => {
                if let Some(consent) = consents.get_mut(consent_index(c.name)) {
                    consent.2 = c.string();
                }
            }
            _ => {
                if let Some(text) = c.leaf {
                    rec.other.insert(c.local.to_owned(), text.into_owned());
                }
            }
        }
    }
    let [pharmacists, diagnosis, health_checkup, operation] =
        consents.map(|(flag, time, available_time)| {
            flag.map(|flag| ConsentInfo {
                flag,
                time,
                available_time,
            })
        });
    rec.pharmacists_consent = pharmacists;
    rec.diagnosis_consent = diagnosis;
    rec.health_checkup_consent = health_checkup;
    rec.operation_consent = operation;
    Ok(rec)
}

/// Which of the four consents (薬剤, 診療, 特定健診, 手術) an element belongs to.
fn consent_index(name: Tag) -> usize {
    match name {
        Tag::PharmacistsInfoConsFlg
        | Tag::PharmacistsInfoConsTime
        | Tag::PharmacistsInfoAvailableTime => 0,
        Tag::DiagnosisInfoConsFlg
        | Tag::DiagnosisInfoConsTime
        | Tag::DiagnosisInfoAvailableTime => 1,
        Tag::SpecificHealthCheckupsInfoConsFlg
        | Tag::SpecificHealthCheckupsInfoConsTime
        | Tag::SpecificHealthCheckupsInfoAvailableTime => 2,
        _ => 3,
    }
}

/// 限度額適用認定証関連情報.
fn limit(r: &mut Reader, el: &Child) -> Result<LimitInfo, OqsError> {
    let mut limit = LimitInfo::default();
    let mut fields = r.children(el);
    while let Some(c) = fields.next(r)? {
        match c.name {
            Tag::LimitApplicationCertificateClassification => {
                limit.classification = c.text().map(LimitCertificateClassification::from_code);
            }
            Tag::LimitApplicationCertificateClassificationFlag => {
                limit.category = c.text().map(LimitCategory::from_code);
            }
            Tag::LimitApplicationCertificateValidStartDate => limit.valid_from = r.date(&c)?,
            Tag::LimitApplicationCertificateValidEndDate => limit.valid_until = r.date(&c)?,
            _ => {}
        }
    }
    Ok(limit)
}

/// 特定疾病療養受療証情報.
fn specific_disease(r: &mut Reader, el: &Child) -> Result<SpecificDiseaseInfo, OqsError> {
    let mut disease = SpecificDiseaseInfo::default();
    let mut fields = r.children(el);
    while let Some(c) = fields.next(r)? {
        match c.name {
            Tag::SpecificDiseasesDiseaseCategory => {
                disease.category = c.text().map(SpecificDisease::from_code);
            }
            Tag::SpecificDiseasesSelfPay => disease.self_pay = c.string(),
            Tag::SpecificDiseasesValidEndDate => disease.valid_until = r.date(&c)?,
            _ => {}
        }
    }
    Ok(disease)
}

onshi::vocabulary! {
    in crate::VOCABULARIES;
    /// What the patient presented when the query was by 記号・番号 (照会区分 2): the result file does
    /// not say, the reception system knows.
    ///
    /// # Example
    /// ```
    /// use onshi_oqs::QueriedDocument;
    /// assert_eq!(QueriedDocument::default(), QueriedDocument::LegacyCard);
    /// let notice: QueriedDocument = serde_json::from_str(r#""notice""#).unwrap();
    /// assert_eq!(notice, QueriedDocument::Notice);
    /// ```
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum QueriedDocument {
        /// 従来の被保険者証 (legacy insurance card).
        #[default]
        LegacyCard = "legacy_card", "従来の健康保険証", "legacy insurance card";
        /// 資格情報のお知らせ.
        Notice = "notice", "資格情報のお知らせ", "資格情報のお知らせ";
    }
}

/// The vocabularies of this crate (as [`onshi::vocabulary::VOCABULARIES`]): what the bindings' mirrors are
/// checked against.
///
/// # Example
/// ```
/// assert_eq!(onshi_oqs::VOCABULARIES[0].name, "QueriedDocument");
/// ```
pub const VOCABULARIES: &[&onshi::vocabulary::Declaration] =
    &[&<QueriedDocument as onshi::Vocabulary>::DECLARATION];

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
    /// assert_eq!(onshi_oqs::QualificationResult::parse(bad.as_bytes()).unwrap_err().kind(), onshi::error::ErrorKind::EncodingMismatch);
    /// ```
    pub fn parse(bytes: &[u8]) -> Result<QualificationResult, OqsError> {
        if bytes.len() > MAX_FILE {
            return Err(OqsError::TooLarge {
                size: bytes.len(),
                limit: MAX_FILE,
            });
        }
        let (text, encoding) = decode(bytes)?;
        let mut r = Reader::new(&text);
        let root = r.root()?;
        if root.name != Tag::XmlMsg {
            return Err(OqsError::Missing {
                path: "XmlMsg".to_owned(),
            });
        }
        let mut header = None;
        let mut result = QualificationResult {
            encoding,
            header: MessageHeader::default(),
            processing_result_status: None,
            processing_result_code: None,
            processing_result_message: None,
            qualification_validity: None,
            prescription_issue: None,
            records: Vec::new(),
        };
        let mut other_kind = None;
        let mut parts = r.children(&root);
        while let Some(c) = parts.next(&mut r)? {
            match c.name {
                Tag::MessageHeader => header = Some(self::header(&mut r, &c, encoding)?.message),
                Tag::MessageBody => other_kind = result.body(&mut r, &c)?,
                _ => {}
            }
        }
        r.end()?;
        result.header = header.ok_or_else(|| OqsError::Missing {
            path: "XmlMsg/MessageHeader".to_owned(),
        })?;
        // A file is what it claims: a request or another result type read as a result would be an
        // empty answer, and a decision invented from it.
        let answers = result.header.segment_of_result.is_some()
            || result.processing_result_status.is_some()
            || result.qualification_validity.is_some()
            || !result.records.is_empty();
        if !answers {
            return Err(OqsError::NotAResult {
                found: other_kind.unwrap_or(
                    "no result at all (no SegmentOfResult, ProcessingResultStatus, QualificationValidity or ResultList)",
                ),
            });
        }
        Ok(result)
    }

    /// Reads the MessageBody into `self`; returns what kind of other file it looks like, when an
    /// element of another file type is met.
    fn body(&mut self, r: &mut Reader, el: &Child) -> Result<Option<&'static str>, OqsError> {
        let mut other_kind = None;
        let mut fields = r.children(el);
        while let Some(c) = fields.next(r)? {
            match c.name {
                Tag::QualificationConfirmSearchInfo => {
                    other_kind =
                        Some("a 資格確認 request (照会要求: QualificationConfirmSearchInfo)");
                }
                Tag::BulkConfirmUnit => {
                    other_kind =
                        Some("a 一括照会 result (BulkConfirmUnit): read it with the batch reader");
                }
                Tag::ReferenceNumberRegistrationInfo | Tag::BulkRegistrationUnit => {
                    other_kind = Some("a 照会番号登録 file (ReferenceNumberRegistrationInfo)");
                }
                Tag::ReceptionNumber => {
                    other_kind =
                        Some("a 一括照会 download request or upload receipt (ReceptionNumber)");
                }
                Tag::ProcessingResultStatus => {
                    self.processing_result_status =
                        c.leaf.as_deref().map(ProcessingResultStatus::from_code);
                }
                Tag::ProcessingResultCode => self.processing_result_code = c.string(),
                Tag::ProcessingResultMessage => self.processing_result_message = c.string(),
                Tag::QualificationValidity => {
                    self.qualification_validity =
                        c.leaf.as_deref().map(QualificationValidity::from_code);
                }
                Tag::PrescriptionIssueSelect => {
                    self.prescription_issue = c.text().map(PrescriptionIssue::from_code);
                }
                Tag::ResultList => {
                    let mut list = r.children(&c);
                    while let Some(c) = list.next(r)? {
                        if c.name == Tag::ResultOfQualificationConfirmation {
                            if self.records.is_empty() {
                                // Usually the only one: room for four is a large allocation.
                                self.records.reserve_exact(1);
                            }
                            self.records.push(record(r, &c)?);
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(other_kind)
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
    /// assert_eq!(r.online_result().status, onshi::reception::OnlineStatus::Unavailable);
    /// ```
    pub fn online_result(&self) -> onshi::reception::OnlineResult {
        let status = online_status(
            self.header.segment_of_result.as_ref(),
            self.processing_result_status.as_ref(),
            self.qualification_validity.as_ref(),
        );
        let query = match self.header.reference_classification {
            Some(ReferenceClassification::InsuredNumber) => {
                onshi::reception::QueryKind::InsuredNumber
            }
            _ => onshi::reception::QueryKind::Card,
        };
        online_of(status, query, self.records.first())
    }

    /// Several records are decided on only when they are one person's (the same birth date and
    /// name: e.g. several insurances); then the first record, as the terminal lists it, is used.
    /// Records of different people are never decided on the first. Names are compared as the
    /// person match compares them ([`onshi::records::compare_names`]: widths, spaces and kanji variants
    /// set aside, as two insurers may write one name); a name only of ● agrees with none.
    fn check_one_person(&self) -> Result<(), OqsError> {
        let Some(first) = self.records.first() else {
            return Ok(());
        };
        let names_differ = |a: &Option<String>, b: &Option<String>| match (a, b) {
            (Some(a), Some(b)) => !onshi::records::compare_names(a, b).agrees(),
            _ => false,
        };
        let different = self
            .records
            .iter()
            .skip(1)
            .any(|r| r.birthdate != first.birthdate || names_differ(&r.name, &first.name));
        if different {
            return Err(OqsError::Ambiguous {
                records: self.records.len(),
            });
        }
        Ok(())
    }

    /// A result that says it ended normally must carry what a decision needs.
    fn check_complete(&self) -> Result<(), OqsError> {
        let normal = matches!(self.header.segment_of_result, Some(SegmentOfResult::Normal))
            && matches!(
                self.processing_result_status,
                None | Some(ProcessingResultStatus::Normal)
            );
        if !normal {
            return Ok(());
        }
        let mut missing = Vec::new();
        match &self.qualification_validity {
            None => missing.push("QualificationValidity (資格有効性)"),
            Some(QualificationValidity::Valid | QualificationValidity::ValidUnregistered)
                if self.records.is_empty() =>
            {
                missing.push("ResultOfQualificationConfirmation (the qualification record)");
            }
            Some(_) => {}
        }
        if missing.is_empty() {
            Ok(())
        } else {
            Err(OqsError::Incomplete { missing })
        }
    }

    /// The reception visit this file answers: the online result, the patient's birth date, and
    /// what was presented — the マイナ保険証 for a card query (the reader confirmed identity before
    /// it asked), or `document` for a query by 記号・番号. The visit time is `at`, or the file's
    /// ProcessExecutionTime when `at` is `None`.
    ///
    /// # Errors
    /// - [`OqsError::NoVisitTime`] when neither gives the time.
    /// - [`OqsError::Ambiguous`] when the records are of different people (birth date or name
    ///   differ); several records of one person are decided on the first.
    /// - [`OqsError::Incomplete`] when the result reports a normal end (SegmentOfResult 1, no error
    ///   status) but lacks 資格有効性 or, for a valid answer, its record: an incomplete answer is
    ///   not an outage, and no decision is made from it.
    ///
    /// # Example
    /// ```
    /// use onshi_oqs::{QualificationResult, QueriedDocument};
    /// let xml = "<XmlMsg><MessageHeader><ProcessExecutionTime>20260115093000</ProcessExecutionTime>
    ///   <ReferenceClassification>2</ReferenceClassification><SegmentOfResult>1</SegmentOfResult></MessageHeader>
    ///   <MessageBody><ProcessingResultStatus>1</ProcessingResultStatus><QualificationValidity>1</QualificationValidity>
    ///   <ResultList><ResultOfQualificationConfirmation><InsurerNumber>06130017</InsurerNumber>
    ///   </ResultOfQualificationConfirmation></ResultList></MessageBody></XmlMsg>";
    /// let r = QualificationResult::parse(xml.as_bytes())?;
    /// let visit = r.visit(None, QueriedDocument::Notice)?;
    /// assert!(visit.presented.notice.is_some());
    /// let d = onshi::decide(&onshi::RuleSet::builtin(), &visit).unwrap();
    /// assert_eq!(d.route, onshi::reception::Route::NoticeQueried);
    ///
    /// // A normal end without 資格有効性 is incomplete: no decision is invented from it.
    /// let cut = xml.replace("<QualificationValidity>1</QualificationValidity>", "");
    /// let err = QualificationResult::parse(cut.as_bytes())?.visit(None, QueriedDocument::Notice).unwrap_err();
    /// assert_eq!(err.kind(), onshi::error::ErrorKind::Incomplete);
    /// # Ok::<(), onshi_oqs::OqsError>(())
    /// ```
    pub fn visit(
        &self,
        at: Option<onshi::calendar::VisitTime>,
        document: QueriedDocument,
    ) -> Result<onshi::Visit, OqsError> {
        let at = at
            .or_else(|| self.processed_at())
            .ok_or(OqsError::NoVisitTime)?;
        self.check_complete()?;
        self.check_one_person()?;
        let online = self.online_result();
        let insurer = online.insurer.clone();
        let mut presented = onshi::reception::Presented::default();
        match (&self.header.reference_classification, document) {
            (Some(ReferenceClassification::InsuredNumber), QueriedDocument::LegacyCard) => {
                presented.legacy_card = Some(onshi::reception::LegacyInsuranceCard {
                    insurer,
                    insured: None,
                    issued: None,
                    expires: None,
                    insurer_changed: false,
                    copay_percent: None,
                });
            }
            (Some(ReferenceClassification::InsuredNumber), QueriedDocument::Notice) => {
                presented.notice = Some(onshi::reception::QualificationNotice {
                    insurer,
                    ..Default::default()
                });
            }
            _ => {
                presented.myna_card = Some(onshi::reception::MynaInsuranceCard {
                    registration: onshi::reception::Registration::Registered,
                    ..Default::default()
                });
            }
        }
        Ok(onshi::Visit {
            at,
            facility: onshi::reception::Facility::default(),
            patient: onshi::reception::Patient {
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
    /// let xml = "<XmlMsg><MessageHeader><ProcessExecutionTime>20230221174835</ProcessExecutionTime>\
    ///   <SegmentOfResult>1</SegmentOfResult></MessageHeader></XmlMsg>";
    /// let r = onshi_oqs::QualificationResult::parse(xml.as_bytes()).unwrap();
    /// assert_eq!(r.processed_at().unwrap().date().to_string(), "2023-02-21");
    /// ```
    pub fn processed_at(&self) -> Option<onshi::calendar::VisitTime> {
        let t = self.header.process_execution_time.as_deref()?;
        let naive = chrono::NaiveDateTime::parse_from_str(t.trim(), "%Y%m%d%H%M%S").ok()?;
        onshi::calendar::VisitTime::parse(&format!("{}+09:00", naive.format("%Y-%m-%dT%H:%M:%S")))
            .ok()
    }
}

#[cfg(test)]
mod vocabulary_tests {
    use onshi::Vocabulary;

    use super::*;

    #[test]
    fn the_listed_slugs_are_the_values_and_their_json() {
        let listed: Vec<_> = QueriedDocument::ALL.iter().map(|d| d.slug()).collect();
        assert_eq!(VOCABULARIES[0].slugs, listed.as_slice());
        for d in QueriedDocument::ALL {
            assert_eq!(serde_json::to_value(d).unwrap(), d.slug());
        }
    }
}
