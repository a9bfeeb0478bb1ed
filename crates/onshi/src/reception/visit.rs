//! A visit to reception (受付): when, where, who, and what was presented and reported.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::calendar::VisitTime;
use crate::error::{InputError, from_json};
use crate::numbers::InsurerNumber;
use crate::reception::documents::Presented;
use crate::reception::identity::CardReader;

/// Everything the decision engine needs about one patient at the desk.
///
/// # Example
/// ```
/// use onshi::Visit;
/// let visit = Visit::from_json(r#"{"at": "2026-01-15T09:30:00+09:00",
///     "presented": {"myna_card": {"registration": "registered"}}}"#).unwrap();
/// assert_eq!(visit.at.date().to_string(), "2026-01-15");
///
/// // Errors name the field.
/// let err = Visit::from_json(r#"{"at": "2026-01-15", "facility": {"reader": "laser"}}"#).unwrap_err();
/// assert!(err.to_string().contains("facility.reader"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Visit {
    /// When the patient is at the desk (JST).
    pub at: VisitTime,
    /// The facility and its equipment today.
    #[serde(default)]
    pub facility: Facility,
    /// Facts about the patient that rules depend on.
    #[serde(default)]
    pub patient: Patient,
    /// The documents presented.
    #[serde(default)]
    pub presented: Presented,
    /// What the online qualification check answered, if it was asked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub online: Option<OnlineResult>,
    /// The month's care so far, when the 高額療養費 limit should be computed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub care: Option<Care>,
}

/// The month's care for the 高額療養費 limit (this patient, this facility, 入院 or 外来).
///
/// # Example
/// ```
/// let c: onshi::reception::Care = serde_json::from_str(r#"{"medical_cost": 1000000}"#).unwrap();
/// assert!(!c.outpatient && !c.many_times);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Care {
    /// Total medical cost of the month (10割, yen).
    pub medical_cost: u64,
    /// 外来 only (the 70+ 外来特例 applies).
    #[serde(default)]
    pub outpatient: bool,
    /// 多数回該当.
    #[serde(default)]
    pub many_times: bool,
}

/// The largest visit JSON read (1 MiB; the C API's limit too): a visit is a few hundred bytes.
///
/// # Example
/// ```
/// let huge = format!(r#"{{"at": "2026-01-15", "x": "{}"}}"#, "a".repeat(onshi::reception::MAX_VISIT_JSON));
/// assert!(onshi::Visit::from_json(&huge).unwrap_err().to_string().contains("at most"));
/// ```
pub const MAX_VISIT_JSON: usize = 1 << 20;

impl Visit {
    /// Reads a visit from JSON.
    ///
    /// # Errors
    /// [`InputError::Invalid`] naming the field (`presented.myna_card.pin`) and the problem;
    /// [`InputError::PersonalNumber`] when an insurance field holds a 12-digit 個人番号.
    ///
    /// # Example
    /// ```
    /// use onshi::error::InputError;
    /// use onshi::Visit;
    /// let v = Visit::from_json(r#"{"at": "2026-01-15", "presented": {"notice": {}}}"#).unwrap();
    /// assert!(v.presented.notice.is_some());
    /// let err = Visit::from_json(r#"{"presented": {}}"#).unwrap_err();
    /// assert!(matches!(err, InputError::Invalid { .. }) && err.to_string().contains("at"));
    /// ```
    pub fn from_json(text: &str) -> Result<Visit, InputError> {
        if text.len() > MAX_VISIT_JSON {
            return Err(InputError::invalid(
                "(input)",
                format!(
                    "the visit is {} bytes; at most {MAX_VISIT_JSON} are read",
                    text.len()
                ),
            ));
        }
        from_json(text)
    }

    /// The JST date of the visit.
    ///
    /// # Example
    /// ```
    /// let v = onshi::Visit::from_json(r#"{"at": "2025-12-01T23:30:00+09:00"}"#).unwrap();
    /// assert_eq!(v.date().to_string(), "2025-12-01");
    /// ```
    pub fn date(&self) -> NaiveDate {
        self.at.date()
    }
}

/// The kind of facility (施設の種類).
///
/// # Example
/// ```
/// use onshi::reception::FacilityKind;
/// use onshi::Visit;
/// let v = Visit::from_json(r#"{"at": "2026-01-15", "facility": {"kind": "practitioner", "reader": "mobile_app"}}"#).unwrap();
/// assert_eq!(v.facility.kind, FacilityKind::Practitioner);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FacilityKind {
    /// 医療機関 (hospital or clinic).
    #[default]
    Clinic,
    /// 薬局.
    Pharmacy,
    /// 施術所 (柔道整復, あん摩マッサージ指圧, はり, きゅう) with 資格確認限定型: qualification only (004:728).
    Practitioner,
}

/// The online qualification system as the facility has it today (オンライン資格確認の状態).
///
/// # Example
/// ```
/// use onshi::reception::OnlineSystem;
/// use onshi::Visit;
/// let v = Visit::from_json(r#"{"at": "2026-01-15"}"#).unwrap();
/// assert_eq!(v.facility.online, OnlineSystem::Up);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OnlineSystem {
    /// Installed and working.
    #[default]
    Up,
    /// Installed but unusable now: network or terminal outage (failure class B).
    Down,
    /// Not installed (exempt facility, or not yet): the card cannot be checked here (003:165).
    NotInstalled,
}

/// The facility and its equipment.
///
/// # Example
/// ```
/// use onshi::reception::{CardReader, Facility};
/// let f: Facility = serde_json::from_str(r#"{"reader": null, "online": "not_installed"}"#).unwrap();
/// assert_eq!(f.reader, None);
/// assert_eq!(Facility::default().reader, Some(CardReader::FaceRecognition));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Facility {
    /// Clinic, pharmacy or 施術所.
    #[serde(default)]
    pub kind: FacilityKind,
    /// The online system today.
    #[serde(default)]
    pub online: OnlineSystem,
    /// The card reader at the desk; `null` = none.
    #[serde(default = "default_reader")]
    pub reader: Option<CardReader>,
    /// The reader is out of order today (failure class B).
    #[serde(default)]
    pub reader_fault: bool,
    /// A reader that accepts smartphone マイナ保険証 is connected.
    #[serde(default)]
    pub smartphone_reader: bool,
}

fn default_reader() -> Option<CardReader> {
    Some(CardReader::FaceRecognition)
}

impl Default for Facility {
    fn default() -> Self {
        Facility {
            kind: FacilityKind::Clinic,
            online: OnlineSystem::Up,
            reader: default_reader(),
            reader_fault: false,
            smartphone_reader: false,
        }
    }
}

/// Facts about the patient that rules depend on (never names or numbers).
///
/// # Example
/// ```
/// let p: onshi::reception::Patient = serde_json::from_str(r#"{"birth_date": "1956-06-15", "high_income": true}"#).unwrap();
/// assert!(p.high_income);
/// assert!(serde_json::from_str::<onshi::reception::Patient>(r#"{"name": "x"}"#).is_err()); // names are not taken
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Patient {
    /// Date of birth: for the usual copay ratio and age-dependent rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<NaiveDate>,
    /// 70–74 with 現役並み所得 (3割), when known.
    #[serde(default)]
    pub high_income: bool,
}

/// What the online qualification check was asked with (照会区分).
///
/// # Example
/// ```
/// use onshi::reception::{OnlineResult, QueryKind};
/// let r: OnlineResult = serde_json::from_str(r#"{"query": "insured_number", "status": "valid"}"#).unwrap();
/// assert_eq!(r.query, QueryKind::InsuredNumber);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QueryKind {
    /// The マイナンバーカード at the reader.
    #[default]
    Card,
    /// The 被保険者番号 typed from a document (照会区分 2).
    InsuredNumber,
}

/// The online answer (資格確認結果).
///
/// # Example
/// ```
/// use onshi::reception::OnlineStatus;
/// assert_eq!(serde_json::from_str::<OnlineStatus>(r#""not_found""#).unwrap(), OnlineStatus::NotFound);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OnlineStatus {
    /// 資格有効.
    Valid,
    /// 資格無効: the qualification has ended (e.g. left the job) — failure class A.
    Invalid,
    /// 資格情報なし / 該当資格なし: nothing registered (new insurer not yet registered) — class A.
    NotFound,
    /// The system could not answer (障害) — failure class B.
    Unavailable,
}

/// What the online qualification check reported.
///
/// # Example
/// ```
/// let r: onshi::reception::OnlineResult = serde_json::from_str(
///     r#"{"status": "valid", "copay_percent": 30, "ceiling_category": "エ", "insurer": "06130017"}"#).unwrap();
/// assert_eq!(r.copay_percent, Some(30));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OnlineResult {
    /// Card or insured-number query.
    #[serde(default)]
    pub query: QueryKind,
    /// The answer.
    pub status: OnlineStatus,
    /// 一部負担金割合 from the result, in percent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copay_percent: Option<u8>,
    /// 限度額適用認定証区分 from the result, when the patient consented to share it.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::numbers::guarded_optional_text"
    )]
    pub ceiling_category: Option<String>,
    /// 保険者番号 from the result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insurer: Option<InsurerNumber>,
    /// 記号・番号・枝番 from the result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insured: Option<crate::numbers::InsuredNumber>,
    /// The patient's consents recorded with the result.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent: Option<OnlineConsent>,
}

/// Consents given at the reader (同意の状況); `None` = not reported.
///
/// # Example
/// ```
/// let c: onshi::reception::OnlineConsent = serde_json::from_str(r#"{"medication": true}"#).unwrap();
/// assert_eq!((c.medication, c.diagnosis), (Some(true), None));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OnlineConsent {
    /// 薬剤情報.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub medication: Option<bool>,
    /// 診療情報.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub diagnosis: Option<bool>,
    /// 特定健診情報.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_checkup: Option<bool>,
    /// 限度額情報.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ceiling: Option<bool>,
}

/// Validates a copay percentage from any source.
pub(crate) fn check_percent(field: &str, p: Option<u8>) -> Result<(), InputError> {
    match p {
        None | Some(10 | 20 | 30) => Ok(()),
        Some(other) => Err(InputError::invalid(
            field,
            format!("copay must be 10, 20 or 30 percent, got {other}"),
        )),
    }
}
