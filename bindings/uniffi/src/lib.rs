//! Kotlin and Swift bindings (uniffi proc-macros). Thin: records and enums mirror the core's
//! answers, objects wrap its values, and every function calls the core and converts the result.

use std::sync::{Arc, Mutex};

uniffi::setup_scaffolding!();

/// Every error onshi reports. `kind` is the core's [`ErrorKind`] (`INVALID`, `PERSONAL_NUMBER`, for
/// card errors `PIN_BLOCKED`, `LAST_TRY_NOT_CONFIRMED`, `VERIFY_OUTCOME_UNKNOWN`, …); `reason` is
/// English and names the field and the problem; `reason_ja` is the core's short Japanese summary
/// for staff; `field` is the field it concerns, when one. The case follows the error's domain in
/// the core (`onshi::ErrorDomain`).
#[derive(Debug, uniffi::Error)]
pub enum OnshiError {
    /// An input that cannot be used (a visit, a number, a date, a 12-digit 個人番号, a 高額療養費
    /// query, a vector file).
    InvalidInput {
        /// What went wrong.
        kind: ErrorKind,
        /// Details.
        reason: String,
        /// 日本語の説明.
        reason_ja: String,
        /// The field it concerns (an input's dotted path, a file element, a rule id), if one.
        field: Option<String>,
    },
    /// A rule table was refused.
    Rule {
        /// What went wrong.
        kind: ErrorKind,
        /// Details.
        reason: String,
        /// 日本語の説明.
        reason_ja: String,
        /// The field it concerns (an input's dotted path, a file element, a rule id), if one.
        field: Option<String>,
    },
    /// A certificate or trust anchor was refused.
    Certificate {
        /// What went wrong.
        kind: ErrorKind,
        /// Details.
        reason: String,
        /// 日本語の説明.
        reason_ja: String,
        /// The field it concerns (an input's dotted path, a file element, a rule id), if one.
        field: Option<String>,
    },
    /// The card protocol failed.
    Card {
        /// What went wrong.
        kind: ErrorKind,
        /// Details.
        reason: String,
        /// 日本語の説明.
        reason_ja: String,
        /// The field it concerns (an input's dotted path, a file element, a rule id), if one.
        field: Option<String>,
    },
    /// An オンライン資格確認 file was refused.
    Oqs {
        /// What went wrong.
        kind: ErrorKind,
        /// Details.
        reason: String,
        /// 日本語の説明.
        reason_ja: String,
        /// The field it concerns (an input's dotted path, a file element, a rule id), if one.
        field: Option<String>,
    },
}

/// What went wrong (エラーの種類): the `kind` of every [`OnshiError`].
type ErrorKind = onshi::ErrorKind;
#[uniffi::remote(Enum)]
enum ErrorKind {
    Invalid,
    PersonalNumber,
    Inconsistent,
    UnexpectedAnswer,
    Json,
    Format,
    UnknownRule,
    BadParams,
    DatesOutOfOrder,
    Overlap,
    Gap,
    ReviewDate,
    Missing,
    Empty,
    Unprintable,
    Extends,
    TooLarge,
    Malformed,
    Pem,
    TrailingData,
    WrongKeyType,
    UnsupportedSignatureAlgorithm,
    WrongIssuer,
    NotUserAuthentication,
    TestHierarchy,
    NotEndEntity,
    UnknownIssuer,
    BadSignature,
    BadAnchor,
    NoReader,
    NoCard,
    CardRemoved,
    Transport,
    NotMyNumberCard,
    FileNotFound,
    PinRequired,
    PinBlocked,
    LastTryNotConfirmed,
    VerifyOutcomeUnknown,
    InvalidPinFormat,
    UnexpectedStatus,
    NoTable,
    UnknownCategory,
    NotStated,
    NotDigits,
    Length,
    Prefecture,
    CheckDigit,
    NoEra,
    NoSuchDay,
    OutsideEra,
    BeforeGregorian,
    Decode,
    UnsupportedEncoding,
    EncodingMismatch,
    Xml,
    Dtd,
    NoVisitTime,
    Duplicate,
    NotAResult,
    Incomplete,
    Ambiguous,
    BadValue,
    Request,
    Io,
    Exists,
    TimedOut,
    Internal,
}

impl std::fmt::Display for OnshiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OnshiError::InvalidInput { reason, .. }
            | OnshiError::Rule { reason, .. }
            | OnshiError::Certificate { reason, .. }
            | OnshiError::Card { reason, .. }
            | OnshiError::Oqs { reason, .. } => f.write_str(reason),
        }
    }
}

impl std::error::Error for OnshiError {}

/// The one conversion from the core's errors: the domain picks the case; kind, message and
/// summary are the core's.
impl<E: onshi::DescribedError> From<E> for OnshiError {
    fn from(e: E) -> Self {
        use onshi::ErrorDomain as D;
        let (kind, reason, reason_ja) = (e.kind(), e.message(), e.words().ja);
        let field = e.field().map(str::to_owned);
        match e.domain() {
            D::Rules => OnshiError::Rule {
                kind,
                reason,
                reason_ja,
                field,
            },
            D::Certificate => OnshiError::Certificate {
                kind,
                reason,
                reason_ja,
                field,
            },
            D::Card => OnshiError::Card {
                kind,
                reason,
                reason_ja,
                field,
            },
            D::Oqs => OnshiError::Oqs {
                kind,
                reason,
                reason_ja,
                field,
            },
            _ => OnshiError::InvalidInput {
                kind,
                reason,
                reason_ja,
                field,
            },
        }
    }
}

// The core's plain vocabularies, exported as they are (uniffi remote types): each mirror below lists
// the core's variants, and the generated conversion matches them exhaustively, so a variant added to
// the core and not here fails the build (onshi::VOCABULARIES; `vocabularies` below for the tests).

/// Whether the visit is covered (保険診療の可否).
type Coverage = onshi::Coverage;
#[uniffi::remote(Enum)]
enum Coverage {
    Covered,
    Provisional,
    Pending,
    NotCovered,
}

/// How qualification was (or is to be) confirmed (資格確認の方法).
type Route = onshi::Route;
#[uniffi::remote(Enum)]
enum Route {
    MynaOnline,
    CardWithNotice,
    CardWithPortal,
    QualificationCertificate,
    LegacyCard,
    LegacyCardQueried,
    NoticeQueried,
    SelfDeclaration,
    None,
}

/// Why online confirmation failed (保発0710第1号).
type FailureClass = onshi::FailureClass;
#[uniffi::remote(Enum)]
enum FailureClass {
    QualificationNotFound,
    OnlineUnusable,
}

/// Where the copay ratio comes from.
type CopayBasis = onshi::CopayBasis;
#[uniffi::remote(Enum)]
enum CopayBasis {
    Online,
    Document,
    Age,
    Unknown,
}

/// Which number `verify_number` checks.
type NumberKind = onshi::NumberKind;
#[uniffi::remote(Enum)]
enum NumberKind {
    Insurer,
    PublicPayer,
    PublicRecipient,
    Institution,
    Branch,
}

/// What a valid number says about itself.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct NumberInfo {
    /// The number as it is recorded (spaces and full-width digits removed).
    pub normalized: String,
    /// 法別番号, for a 保険者番号 or 公費負担者番号.
    pub law: Option<String>,
    /// The 法別番号's name.
    pub law_name: Option<String>,
    /// 都道府県番号.
    pub prefecture: Option<String>,
    /// Notes for staff.
    pub notes: Vec<String>,
}

/// Checks a 保険者番号, 公費負担者番号, 公費受給者番号, 医療機関コード or 枝番 by its rules (the error
/// names the rule it fails; a 12-digit 個人番号 is the kind `personal_number`).
#[uniffi::export]
pub fn verify_number(kind: NumberKind, value: String) -> Result<NumberInfo, OnshiError> {
    let info = onshi::verify_number(kind, &value)?;
    Ok(NumberInfo {
        normalized: info.normalized,
        law: info.law,
        law_name: info.law_name.map(str::to_owned),
        prefecture: info.prefecture,
        notes: info.notes.iter().map(|n| (*n).to_owned()).collect(),
    })
}

/// Every vocabulary of the core by name, with its slugs in order (what the Kotlin and Swift tests
/// compare the generated enums with).
#[uniffi::export]
pub fn vocabularies() -> std::collections::HashMap<String, Vec<String>> {
    onshi::VOCABULARIES
        .iter()
        .chain(onshi_oqs::VOCABULARIES)
        .map(|(name, slugs)| {
            (
                (*name).to_owned(),
                slugs.iter().map(|s| (*s).to_owned()).collect(),
            )
        })
        .collect()
}

/// One alert or action: its stable kind and its other fields as JSON.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct Item {
    /// "certificate_in_grace", "query_online", …
    pub kind: String,
    /// The other fields (dates as YYYY-MM-DD) as a JSON object.
    pub details_json: String,
}

/// The reception decision.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct Decision {
    /// The visit's date in Japan (YYYY-MM-DD).
    pub date: String,
    /// Whether the visit is covered.
    pub coverage: Coverage,
    /// The route.
    pub route: Route,
    /// Why online confirmation failed, if it did.
    pub failure: Option<FailureClass>,
    /// Copay percent (10, 20, 30) when known.
    pub copay_percent: Option<u8>,
    /// Where the ratio comes from.
    pub copay_basis: CopayBasis,
    /// 限度額適用区分, when known.
    pub ceiling_category: Option<String>,
    /// Alerts.
    pub alerts: Vec<Item>,
    /// What staff must do, in order (steps before guidance).
    pub actions: Vec<Item>,
    /// The rule ids the decision rests on.
    pub rules: Vec<String>,
    /// The rule table's version.
    pub rule_set_version: String,
    /// Message for staff, 日本語.
    pub staff_message_ja: String,
    /// Message for staff, English.
    pub staff_message_en: String,
    /// Message for the patient, 日本語.
    pub patient_message_ja: String,
    /// Message for the patient, English.
    pub patient_message_en: String,
    /// The whole decision as JSON (the vector format).
    pub json: String,
}

fn items<T: serde::Serialize>(values: &[T], kind: impl Fn(&T) -> &'static str) -> Vec<Item> {
    values
        .iter()
        .map(|v| {
            let mut value = serde_json::to_value(v).unwrap_or_default();
            if let Some(map) = value.as_object_mut() {
                map.remove("kind");
            }
            Item {
                kind: kind(v).to_owned(),
                details_json: value.to_string(),
            }
        })
        .collect()
}

impl From<onshi::Decision> for Decision {
    fn from(d: onshi::Decision) -> Self {
        Decision {
            date: d.date.to_string(),
            coverage: d.coverage,
            route: d.route,
            failure: d.failure,
            copay_percent: d.copay.percent,
            copay_basis: d.copay.basis,
            ceiling_category: match &d.ceiling {
                Some(
                    onshi::Ceiling::Online { category } | onshi::Ceiling::Certificate { category },
                ) => Some(category.clone()),
                None => None,
            },
            alerts: items(&d.alerts, onshi::Alert::kind),
            actions: items(&d.actions, onshi::Action::kind),
            rules: d.rules.iter().map(|r| r.as_str().to_owned()).collect(),
            rule_set_version: d.rule_set_version.clone(),
            staff_message_ja: d.messages.staff.ja.clone(),
            staff_message_en: d.messages.staff.en.clone(),
            patient_message_ja: d.messages.patient.ja.clone(),
            patient_message_en: d.messages.patient.en.clone(),
            json: serde_json::to_string(&d).unwrap_or_default(),
        }
    }
}

/// A validated rule table (immutable; share it between threads).
#[derive(uniffi::Object)]
pub struct RuleSet {
    rules: onshi::RuleSet,
}

#[uniffi::export]
impl RuleSet {
    /// The rule table built into this version.
    #[uniffi::constructor]
    pub fn builtin() -> Arc<Self> {
        Arc::new(RuleSet {
            rules: onshi::RuleSet::builtin(),
        })
    }

    /// A rule table from JSON: complete, or an overlay with "extends": "builtin".
    #[uniffi::constructor]
    pub fn from_json(text: String) -> Result<Arc<Self>, OnshiError> {
        Ok(Arc::new(RuleSet {
            rules: onshi::RuleSet::from_json(&text)?,
        }))
    }

    /// The table's version.
    pub fn version(&self) -> String {
        self.rules.version().to_owned()
    }

    /// The day the table was last checked against the notices in force (YYYY-MM-DD), if it says.
    pub fn reviewed(&self) -> Option<String> {
        self.rules.reviewed().map(|d| d.to_string())
    }

    /// Whether planned rows are used.
    pub fn applies_planned_rows(&self) -> bool {
        self.rules.planned_rows() == onshi::PlannedRows::Apply
    }

    /// The same table with its planned rows applied: a preview of announced changes (such as the
    /// 2027-08 高額療養費 bands) that no decision uses otherwise.
    pub fn with_planned_rows(&self) -> Arc<Self> {
        Arc::new(RuleSet {
            rules: self
                .rules
                .clone()
                .with_planned_rows(onshi::PlannedRows::Apply),
        })
    }

    /// Audits the table for the day `on` (YYYY-MM-DD): gaps, rows ending within 90 days, planned
    /// and reported rows, an overdue review.
    pub fn audit(&self, on: String) -> Result<RuleAudit, OnshiError> {
        let on = onshi::parse_date_field(&on, "on")?;
        let audit = self.rules.audit(on);
        let findings = audit
            .findings
            .iter()
            .map(|f| {
                let mut details = serde_json::to_value(f).unwrap_or_default();
                if let Some(o) = details.as_object_mut() {
                    o.remove("kind");
                    o.remove("id");
                }
                let text = f.words();
                AuditFinding {
                    kind: f.kind().to_owned(),
                    rule: f.rule().map(|r| r.as_str().to_owned()),
                    text_ja: text.ja,
                    text_en: text.en,
                    details_json: details.to_string(),
                }
            })
            .collect();
        Ok(RuleAudit {
            on: audit.on.to_string(),
            version: audit.version.clone(),
            reviewed: audit.reviewed.map(|d| d.to_string()),
            has_gap: audit.has_gap(),
            findings,
        })
    }
}

/// One finding of a rule-table audit.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct AuditFinding {
    /// "gap", "cliff", "ending_soon", "planned", "reported" or "review_overdue".
    pub kind: String,
    /// The rule id concerned, if any.
    pub rule: Option<String>,
    /// What it means and what to do, in Japanese.
    pub text_ja: String,
    /// The same in English.
    pub text_en: String,
    /// The other fields (dates as YYYY-MM-DD) as a JSON object.
    pub details_json: String,
}

/// The audit of a rule table on a day.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct RuleAudit {
    /// The day audited (YYYY-MM-DD).
    pub on: String,
    /// The table's version.
    pub version: String,
    /// The table's review date, if it says.
    pub reviewed: Option<String>,
    /// A rule family has no row on the day although it had one before.
    pub has_gap: bool,
    /// What was found, gaps first.
    pub findings: Vec<AuditFinding>,
}

/// A 高額療養費 monthly limit.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct CeilingAmount {
    /// The limit in yen.
    pub limit: u64,
    /// How it was computed.
    pub formula: String,
    /// The rule that gave it.
    pub rule: String,
    /// The 区分's yearly cap (information only; never lowers the monthly limit).
    pub annual_cap: Option<u64>,
    /// The lower yearly cap for low incomes within the 区分 (information only).
    pub annual_cap_low_income: Option<u64>,
    /// The yearly cap on 外来 payments of 70 and over (information only).
    pub outpatient_annual_cap: Option<u64>,
}

/// The 高額療養費 monthly limit (自己負担限度額) of `category` (区分 label such as "ウ", or OQS code
/// such as "A03") in the month of care containing `month` (YYYY-MM-DD). Errors are
/// `OnshiError.InvalidInput` with kind `no_table`, `unknown_category` or `invalid` (a bad date).
#[uniffi::export]
pub fn monthly_ceiling(
    rules: Arc<RuleSet>,
    month: String,
    category: String,
    medical_cost: u64,
    many_times: bool,
    outpatient: bool,
    birthday_75_month: bool,
) -> Result<CeilingAmount, OnshiError> {
    let query = onshi::CeilingQuery {
        month: onshi::parse_date_field(&month, "month")?,
        category,
        medical_cost,
        many_times,
        outpatient,
        birthday_75_month,
    };
    let a = onshi::monthly_ceiling(&rules.rules, &query)?;
    Ok(CeilingAmount {
        limit: a.limit,
        formula: a.formula,
        rule: a.rule.as_str().to_owned(),
        annual_cap: a.annual_cap,
        annual_cap_low_income: a.annual_cap_low_income,
        outpatient_annual_cap: a.outpatient_annual_cap,
    })
}

/// A reception visit (immutable), from JSON in the vector format.
#[derive(uniffi::Object)]
pub struct Visit {
    visit: onshi::Visit,
}

#[uniffi::export]
impl Visit {
    /// A visit from JSON text.
    #[uniffi::constructor]
    pub fn from_json(text: String) -> Result<Arc<Self>, OnshiError> {
        Ok(Arc::new(Visit {
            visit: onshi::Visit::from_json(&text)?,
        }))
    }

    /// The visit's date in Japan (YYYY-MM-DD).
    pub fn date(&self) -> String {
        self.visit.date().to_string()
    }

    /// The visit as JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(&self.visit).unwrap_or_default()
    }
}

/// Decides a visit on `rules`.
#[uniffi::export]
pub fn decide(rules: Arc<RuleSet>, visit: Arc<Visit>) -> Result<Decision, OnshiError> {
    Ok(onshi::decide(&rules.rules, &visit.visit)?.into())
}

/// Decides a visit given as JSON.
#[uniffi::export]
pub fn decide_json(rules: Arc<RuleSet>, visit_json: String) -> Result<Decision, OnshiError> {
    let visit = onshi::Visit::from_json(&visit_json)?;
    Ok(onshi::decide(&rules.rules, &visit)?.into())
}

/// What the patient presented when an OQS query was by 記号・番号.
type QueriedDocument = onshi_oqs::QueriedDocument;
#[uniffi::remote(Enum)]
enum QueriedDocument {
    LegacyCard,
    Notice,
}

/// Reads an オンライン資格確認 result file (UTF-8 or Shift_JIS) and decides the visit it answers:
/// at `at` (YYYY-MM-DD or RFC 3339) or, when null, the file's ProcessExecutionTime.
#[uniffi::export]
pub fn oqs_decide(
    rules: Arc<RuleSet>,
    file: Vec<u8>,
    at: Option<String>,
    document: QueriedDocument,
) -> Result<Decision, OnshiError> {
    let at = at
        .map(|a| onshi::VisitTime::parse_field(&a, "at"))
        .transpose()?;
    let visit = onshi_oqs::QualificationResult::parse(&file)?.visit(at, document)?;
    Ok(onshi::decide(&rules.rules, &visit)?.into())
}

/// Reads an オンライン資格確認 result file (UTF-8 or Shift_JIS) and gives it as JSON: `result` (every
/// field onshi reads: `header`, `records`, `processing_result_status`, …) and `online` (the online
/// answer a decision takes: `status`, `copay_percent`, …).
#[uniffi::export]
pub fn oqs_result_json(file: Vec<u8>) -> Result<String, OnshiError> {
    let result = onshi_oqs::QualificationResult::parse(&file)?;
    Ok(serde_json::json!({"result": &result, "online": result.online_result()}).to_string())
}

/// Reads an オンライン資格確認 result file (UTF-8 or Shift_JIS) and gives each of its records as
/// insurance-record JSON, the online side of `reconcile`.
#[uniffi::export]
pub fn oqs_insurance_records(file: Vec<u8>) -> Result<Vec<String>, OnshiError> {
    let result = onshi_oqs::QualificationResult::parse(&file)?;
    Ok(result
        .records
        .iter()
        .map(|r| serde_json::to_string(&r.insurance_record()).unwrap_or_default())
        .collect())
}

/// Where the holder registers the card for insurance use.
type RegistrationChannel = onshi::RegistrationChannel;
#[uniffi::remote(Enum)]
enum RegistrationChannel {
    FaceReader,
    MobileApp,
    Portal,
    SevenBankAtm,
}

/// The kind of card (or smartphone) presented.
type CardKind = onshi::CardKind;
#[uniffi::remote(Enum)]
enum CardKind {
    Ordinary,
    FaceOnly,
    SmartphoneIos,
    SmartphoneAndroid,
}

/// Whether the card is registered for insurance use.
type Registration = onshi::Registration;
#[uniffi::remote(Enum)]
enum Registration {
    Registered,
    NotRegistered,
    Unknown,
}

/// Whether a channel can be used, and if not why.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct RegistrationCheck {
    /// Whether the card can be registered there.
    pub allowed: bool,
    /// Why not: `needs_pin`, `pin_locked` or `not_available`.
    pub refusal: Option<String>,
    /// What to do instead (English).
    pub reason: Option<String>,
}

/// Whether a card of `kind` with `pin` can be registered for insurance use through `channel` on
/// `date` (YYYY-MM-DD).
#[uniffi::export]
pub fn can_register(
    rules: Arc<RuleSet>,
    date: String,
    channel: RegistrationChannel,
    kind: CardKind,
    pin: PinState,
) -> Result<RegistrationCheck, OnshiError> {
    let date = onshi::parse_date_field(&date, "date")?;
    Ok(
        match onshi::can_register(&rules.rules, date, channel, kind, pin) {
            Ok(()) => RegistrationCheck {
                allowed: true,
                refusal: None,
                reason: None,
            },
            Err(refusal) => RegistrationCheck {
                allowed: false,
                refusal: Some(onshi::Kinds::kind(&refusal).to_owned()),
                reason: Some(refusal.to_string()),
            },
        },
    )
}

/// The last day (YYYY-MM-DD) a cancellation applied for on `applied` leaves the registration in
/// effect; null when no rule covers that day.
#[uniffi::export]
pub fn cancellation_effective(
    rules: Arc<RuleSet>,
    applied: String,
) -> Result<Option<String>, OnshiError> {
    let applied = onshi::parse_date_field(&applied, "applied")?;
    Ok(onshi::cancellation_effective(&rules.rules, applied).map(|d| d.to_string()))
}

/// Whether the card is registered on `date`, from its history (JSON array of `{"event":
/// "registered" | "cancellation_applied", "on": "YYYY-MM-DD"}`).
#[uniffi::export]
pub fn registration_on(
    rules: Arc<RuleSet>,
    events_json: String,
    date: String,
) -> Result<Registration, OnshiError> {
    let events: Vec<onshi::RegistrationEvent> = onshi::from_json(&events_json)?;
    let date = onshi::parse_date_field(&date, "date")?;
    Ok(onshi::registration_on(&rules.rules, &events, date))
}

/// Whether a 施術所 must offer online checking.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct ObligationCheck {
    /// `not_applicable`, `met`, `met_by_primary`, `exempt` or `required`.
    pub obligation: String,
    /// For `exempt`, which exemption (`elderly_practitioners`, `closing`, …).
    pub exemption: Option<String>,
}

/// Whether a 施術所 (JSON: `kind`, `delegated_payment`, `online_installed`, `practitioners`, …)
/// must offer online checking on `date`.
#[uniffi::export]
pub fn online_obligation(
    rules: Arc<RuleSet>,
    date: String,
    facility_json: String,
) -> Result<ObligationCheck, OnshiError> {
    let date = onshi::parse_date_field(&date, "date")?;
    let facility: onshi::PractitionerFacility = onshi::from_json(&facility_json)?;
    let obligation = onshi::online_obligation(&rules.rules, date, &facility);
    Ok(ObligationCheck {
        obligation: onshi::Kinds::kind(&obligation).to_owned(),
        exemption: match &obligation {
            onshi::Obligation::Exempt { reason } => {
                Some(onshi::Vocabulary::slug(*reason).to_owned())
            }
            _ => None,
        },
    })
}

/// The 協力金 checklist result.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct CooperationChecklist {
    /// Every condition holds.
    pub eligible: bool,
    /// The payment (yen), 0 when not eligible.
    pub amount: u64,
    /// The conditions not met (`online_installed`, `spoke_to_patients`, …).
    pub missing: Vec<String>,
}

/// The 協力金 checklist for a report (JSON: `online_installed`, `start_date`,
/// `spoke_to_patients`, `flyers_or_posters`).
#[uniffi::export]
pub fn cooperation_payment(
    rules: Arc<RuleSet>,
    report_json: String,
) -> Result<CooperationChecklist, OnshiError> {
    let report: onshi::CooperationReport = onshi::from_json(&report_json)?;
    let c = onshi::cooperation_payment(&rules.rules, &report);
    Ok(CooperationChecklist {
        eligible: c.eligible,
        amount: c.amount,
        missing: c
            .missing
            .iter()
            .map(|m| onshi::Vocabulary::slug(*m).to_owned())
            .collect(),
    })
}

/// The device subsidy (yen) for a purchase of `cost` yen on `date`.
#[uniffi::export]
pub fn device_subsidy(rules: Arc<RuleSet>, date: String, cost: u64) -> Result<u64, OnshiError> {
    let date = onshi::parse_date_field(&date, "date")?;
    Ok(onshi::device_subsidy(&rules.rules, date, cost))
}

/// What the 診療報酬 addition for online checking allows.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct DxAdditionCheck {
    /// The addition's name, 日本語.
    pub addition_ja: String,
    /// The addition's name, English.
    pub addition_en: String,
    /// The levels the facility reaches (1 = the lowest threshold).
    pub levels: Vec<u8>,
    /// What is not met (`online_checking`, `usage_rate`).
    pub missing: Vec<String>,
    /// 初診 points of the highest level reached, when known.
    pub initial_points: Option<u32>,
    /// 再診 points, when known.
    pub revisit_points: Option<u32>,
    /// The rule behind it.
    pub rule: String,
}

/// The 診療報酬 addition a clinic (JSON: `online_installed`, `myna_usage_percent`) may claim on
/// `date`; null when no addition is in force.
#[uniffi::export]
pub fn dx_addition(
    rules: Arc<RuleSet>,
    date: String,
    facility_json: String,
) -> Result<Option<DxAdditionCheck>, OnshiError> {
    let date = onshi::parse_date_field(&date, "date")?;
    let facility: onshi::MedicalFacility = onshi::from_json(&facility_json)?;
    Ok(
        onshi::dx_addition(&rules.rules, date, &facility).map(|a| DxAdditionCheck {
            addition_ja: a.addition.ja,
            addition_en: a.addition.en,
            levels: a.levels,
            missing: a
                .missing
                .iter()
                .map(|m| onshi::Vocabulary::slug(*m).to_owned())
                .collect(),
            initial_points: a.initial_points,
            revisit_points: a.revisit_points,
            rule: a.rule.as_str().to_owned(),
        }),
    )
}

/// The rule ids of the facility rules in force on `date` that are information for staff.
#[uniffi::export]
pub fn facility_notices(rules: Arc<RuleSet>, date: String) -> Result<Vec<String>, OnshiError> {
    let date = onshi::parse_date_field(&date, "date")?;
    Ok(onshi::facility_notices(&rules.rules, date)
        .iter()
        .map(|r| r.id.as_str().to_owned())
        .collect())
}

/// A step of the guided 声掛け conversation.
type ScriptStep = onshi::ScriptStep;
#[uniffi::remote(Enum)]
enum ScriptStep {
    AskForMynaCard,
    OfferMynaCard,
    ReadCard,
    AskForDocument,
    Done,
}

/// The guided 声掛け conversation: the desk answers step by step (JSON answers: `{"answer":
/// "yes"}`, `"no"`, `"no_card_yet"`, `"card_read"` with `card` and `online`, `"documents"` with
/// `presented`), and the decision comes at the end.
#[derive(uniffi::Object)]
pub struct ReceptionScript {
    script: Mutex<onshi::ReceptionScript>,
}

impl ReceptionScript {
    fn with<T>(&self, f: impl FnOnce(&mut onshi::ReceptionScript) -> T) -> Result<T, OnshiError> {
        let mut script = self.script.lock().map_err(|_| OnshiError::InvalidInput {
            kind: ErrorKind::Internal,
            reason: "an earlier call on this conversation failed inside onshi; start a new one"
                .to_owned(),
            reason_ja: onshi::Vocabulary::words(onshi::ErrorDomain::Internal).ja,
            field: None,
        })?;
        Ok(f(&mut script))
    }
}

#[uniffi::export]
impl ReceptionScript {
    /// Starts the conversation for a visit (JSON: the time, the facility, the patient).
    #[uniffi::constructor]
    pub fn new(visit_json: String) -> Result<Arc<Self>, OnshiError> {
        let visit = onshi::Visit::from_json(&visit_json)?;
        Ok(Arc::new(ReceptionScript {
            script: Mutex::new(onshi::ReceptionScript::new(visit)),
        }))
    }

    /// The current step.
    pub fn step(&self) -> Result<ScriptStep, OnshiError> {
        self.with(|s| s.step())
    }

    /// What staff say at the current step, 日本語.
    pub fn prompt_ja(&self) -> Result<String, OnshiError> {
        self.with(|s| s.prompt().ja)
    }

    /// What staff say at the current step, English.
    pub fn prompt_en(&self) -> Result<String, OnshiError> {
        self.with(|s| s.prompt().en)
    }

    /// Gives the desk's answer (JSON) at the current step; the next step. An answer that does not
    /// fit the step is InvalidInput `unexpected_answer` and changes nothing.
    pub fn answer(
        &self,
        rules: Arc<RuleSet>,
        answer_json: String,
    ) -> Result<ScriptStep, OnshiError> {
        let answer: onshi::ScriptAnswer = onshi::from_json(&answer_json)?;
        self.with(|s| s.answer(&rules.rules, answer))?
            .map_err(OnshiError::from)
    }

    /// The decision once the conversation is done.
    pub fn decision(&self) -> Result<Option<Decision>, OnshiError> {
        self.with(|s| s.decision().cloned().map(Decision::from))
    }
}

/// This library's version (the rule table has its own: `RuleSet.version()`).
#[uniffi::export]
pub fn library_version() -> String {
    onshi::VERSION.to_owned()
}

/// The user-authentication certificate's state at the visit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum CertificateStatus {
    /// Before its validity starts.
    NotYetValid,
    /// Valid.
    Valid,
    /// Valid, within the rule table's alert period before expiry (`certificate.alert-window`): guide renewal.
    ExpiringSoon,
    /// Expired, within the rule table's grace period (`certificate.grace-period`): insurance use only.
    InGrace,
    /// Expired beyond the grace period.
    Expired,
    /// Revoked.
    Revoked,
    /// Suspended.
    Suspended,
}

/// What a certificate check found.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct CertificateCheck {
    /// The status.
    pub status: CertificateStatus,
    /// Whether the card may still be used as a health-insurance card.
    pub insurance_use: bool,
    /// Whether its other functions still work.
    pub other_functions: bool,
    /// The expiry date (YYYY-MM-DD).
    pub expires: String,
    /// The whole check as JSON.
    pub json: String,
}

/// Root certificates the caller trusts (J-LIS roots, given as input).
#[derive(uniffi::Object)]
pub struct TrustAnchors {
    anchors: onshi::TrustAnchors,
}

#[uniffi::export]
impl TrustAnchors {
    /// Anchors from certificates, each DER or PEM (one or more blocks).
    #[uniffi::constructor]
    pub fn new(certificates: Vec<Vec<u8>>) -> Result<Arc<Self>, OnshiError> {
        let mut anchors = onshi::TrustAnchors::new();
        for c in &certificates {
            anchors.add(c)?;
        }
        Ok(Arc::new(TrustAnchors { anchors }))
    }

    /// How many roots the set holds.
    pub fn count(&self) -> u32 {
        u32::try_from(self.anchors.anchors().len()).unwrap_or(u32::MAX)
    }
}

/// Checks a card's user-authentication certificate (DER or PEM) against `anchors` at `at`
/// (YYYY-MM-DD or RFC 3339, JST). Revocation is reported as not checked.
#[uniffi::export]
pub fn check_certificate(
    rules: Arc<RuleSet>,
    anchors: Arc<TrustAnchors>,
    certificate: Vec<u8>,
    at: String,
) -> Result<CertificateCheck, OnshiError> {
    let at = onshi::VisitTime::parse_field(&at, "at")?;
    let check = onshi::check_certificate(
        &rules.rules,
        &anchors.anchors,
        &certificate,
        at,
        onshi::Revocation::NotChecked,
        onshi::TestHierarchy::Refuse,
    )?;
    Ok(CertificateCheck {
        status: check.status.into(),
        insurance_use: check.status.insurance_use(),
        other_functions: check.status.other_functions(),
        expires: check.certificate.validity().expiry_date().to_string(),
        json: serde_json::to_string(&check).unwrap_or_default(),
    })
}

impl From<onshi::CertificateStatus> for CertificateStatus {
    fn from(status: onshi::CertificateStatus) -> Self {
        use onshi::CertificateStatus as S;
        match status {
            S::NotYetValid { .. } => CertificateStatus::NotYetValid,
            S::Valid { .. } => CertificateStatus::Valid,
            S::ExpiringSoon { .. } => CertificateStatus::ExpiringSoon,
            S::InGrace { .. } => CertificateStatus::InGrace,
            S::Expired { .. } => CertificateStatus::Expired,
            S::Revoked => CertificateStatus::Revoked,
            S::Suspended => CertificateStatus::Suspended,
        }
    }
}

/// What the caller knows of the certificate's revocation (from its own OCSP or CRL check).
type Revocation = onshi::Revocation;
#[uniffi::remote(Enum)]
enum Revocation {
    NotChecked,
    Good,
    Revoked,
    Suspended,
}

/// A certificate's status at an instant with its dates (YYYY-MM-DD), each only where the status
/// has it.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct CertificateValidity {
    /// The status.
    pub status: CertificateStatus,
    /// Whether the card may be used as a health-insurance card.
    pub insurance_use: bool,
    /// Whether its other functions (マイナポータル, certificates) work.
    pub other_functions: bool,
    /// The first valid day (not yet valid).
    pub valid_from: Option<String>,
    /// The last valid day (valid, expiring soon).
    pub expires: Option<String>,
    /// The first day of the renewal alert (valid, expiring soon).
    pub alert_from: Option<String>,
    /// The last valid day, passed (in grace, expired).
    pub expired: Option<String>,
    /// The last day of insurance use in the grace period (in grace).
    pub grace_until: Option<String>,
    /// The day the grace period ended (expired).
    pub grace_ended: Option<String>,
}

/// The status of a certificate valid from `not_before` to `not_after` (RFC 3339 instants, as a
/// reader SDK gives them) at `at` (YYYY-MM-DD or RFC 3339, JST), with the rule table's alert window
/// and grace period and what the app knows of its revocation.
#[uniffi::export]
pub fn certificate_validity(
    rules: Arc<RuleSet>,
    not_before: String,
    not_after: String,
    at: String,
    revocation: Revocation,
) -> Result<CertificateValidity, OnshiError> {
    let period = onshi::ValidityPeriod::parse_fields(&not_before, &not_after)?;
    let at = onshi::VisitTime::parse_field(&at, "at")?;
    let status = period.status(&rules.rules, at, revocation);
    let dates = status.dates();
    let text = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string());
    Ok(CertificateValidity {
        status: status.into(),
        insurance_use: status.insurance_use(),
        other_functions: status.other_functions(),
        valid_from: text(dates.valid_from),
        expires: text(dates.expires),
        alert_from: text(dates.alert_from),
        expired: text(dates.expired),
        grace_until: text(dates.grace_until),
        grace_ended: text(dates.grace_ended),
    })
}

/// What the card reported about the PIN counter.
type PinCounter = onshi::PinCounter;
#[uniffi::remote(Enum)]
enum PinCounter {
    Remaining { tries: u8 },
    Blocked,
    NoLimit,
    NotReported,
}

/// Panics on purpose, so the Kotlin and Swift tests can show that a panic in the library arrives
/// as an exception (uniffi's InternalException) and the library stays usable afterwards.
#[allow(
    clippy::panic,
    reason = "the panic is the point: the tests show it never crosses the boundary"
)]
#[uniffi::export]
pub fn test_panic() -> Result<(), OnshiError> {
    panic!("test_panic: a panic forced by the caller")
}

/// Reads the answer to a PIN query (an empty VERIFY) from its status word, e.g. 0x63C3; a status
/// word that is no such answer is an InvalidInput error (a counter is never guessed).
#[uniffi::export]
pub fn pin_counter_from_status_word(status_word: u16) -> Result<PinCounter, OnshiError> {
    Ok(onshi::PinCounter::from_query_word(status_word)?)
}

/// What one PIN verification did.
type PinResult = onshi::PinOutcome;
#[uniffi::remote(Enum)]
enum PinResult {
    Verified,
    Wrong { counter: PinCounter },
    Blocked,
}

/// What is known of the PIN for a visit: not asked, tries left, or locked.
type PinState = onshi::PinState;
#[uniffi::remote(Enum)]
enum PinState {
    Unknown,
    Remaining { tries: u8 },
    Locked,
}

/// The PIN state a counter means (what a visit's `pin` says after asking the card).
#[uniffi::export]
pub fn pin_counter_state(counter: PinCounter) -> PinState {
    counter.pin_state()
}

/// The PIN state after a verification (verified: not counted; wrong: the counter's; blocked:
/// locked).
#[uniffi::export]
pub fn pin_result_state(result: PinResult) -> PinState {
    result.pin_state()
}

/// The JPKI token on the card.
type TokenKind = onshi::TokenKind;
#[uniffi::remote(Enum)]
enum TokenKind {
    PlasticCard,
    AndroidEmbedded,
    IosEmbedded,
    JukiCard,
    Other { label: String },
}

/// Why a transport could not deliver an APDU; thrown by the app's transport.
#[derive(Debug, uniffi::Error)]
pub enum TransportError {
    /// No reader (or NFC is off).
    NoReader,
    /// No card on the reader.
    NoCard,
    /// The card left the field during the exchange (IsoDep / NFCTag link lost).
    CardRemoved,
    /// Any other failure.
    Io {
        /// What failed.
        reason: String,
    },
}

impl std::fmt::Display for TransportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TransportError::NoReader => f.write_str("no reader"),
            TransportError::NoCard => f.write_str("no card"),
            TransportError::CardRemoved => f.write_str("card removed"),
            TransportError::Io { reason } => f.write_str(reason),
        }
    }
}

impl std::error::Error for TransportError {}

impl From<uniffi::UnexpectedUniFFICallbackError> for TransportError {
    fn from(e: uniffi::UnexpectedUniFFICallbackError) -> Self {
        TransportError::Io { reason: e.reason }
    }
}

/// Carries APDUs to the card: Android's IsoDep.transceive, iOS Core NFC's sendCommand, or a test
/// double. Returns the response bytes (data then SW1 SW2).
#[uniffi::export(with_foreign)]
pub trait CardTransport: Send + Sync {
    /// Sends one command APDU and returns the response.
    fn transmit(&self, apdu: Vec<u8>) -> Result<Vec<u8>, TransportError>;
}

struct Foreign(Arc<dyn CardTransport>);

impl onshi::Transport for Foreign {
    fn transmit(&mut self, apdu: &[u8]) -> Result<Vec<u8>, onshi::TransportError> {
        self.0.transmit(apdu.to_vec()).map_err(|e| match e {
            TransportError::NoReader => onshi::TransportError::NoReader,
            TransportError::NoCard => onshi::TransportError::NoCard,
            TransportError::CardRemoved => onshi::TransportError::CardRemoved,
            TransportError::Io { reason } => onshi::TransportError::Io { message: reason },
        })
    }
}

/// A JPKI session over the app's transport. The core's PIN rules hold: nothing is sent when the
/// PIN is blocked or on an unconfirmed last try, a VERIFY is never retried, and a link lost during
/// it is the Card error `verify_outcome_unknown`.
#[derive(uniffi::Object)]
pub struct JpkiCard {
    card: Mutex<onshi::JpkiCard<Foreign>>,
}

impl JpkiCard {
    fn with<T>(
        &self,
        f: impl FnOnce(&mut onshi::JpkiCard<Foreign>) -> Result<T, onshi::CardError>,
    ) -> Result<T, OnshiError> {
        let mut card = self.card.lock().map_err(|_| OnshiError::Card {
            kind: ErrorKind::Internal,
            reason: "an earlier call on this card failed inside onshi; open a new session"
                .to_owned(),
            reason_ja: onshi::Vocabulary::words(onshi::ErrorDomain::Card).ja,
            field: None,
        })?;
        Ok(f(&mut card)?)
    }
}

#[uniffi::export]
impl JpkiCard {
    /// A session over `transport`; nothing is sent yet.
    #[uniffi::constructor]
    pub fn new(transport: Arc<dyn CardTransport>) -> Arc<Self> {
        Arc::new(JpkiCard {
            card: Mutex::new(onshi::JpkiCard::new(Foreign(transport))),
        })
    }

    /// Selects the JPKI application.
    pub fn select(&self) -> Result<(), OnshiError> {
        self.with(|c| c.select_jpki())
    }

    /// The token kind.
    pub fn token(&self) -> Result<TokenKind, OnshiError> {
        self.with(|c| c.token())
    }

    /// The user-authentication certificate (DER).
    pub fn read_certificate(&self) -> Result<Vec<u8>, OnshiError> {
        self.with(|c| c.read_auth_certificate())
    }

    /// The certificate of the CA that issued the user-authentication certificate (DER).
    pub fn read_ca_certificate(&self) -> Result<Vec<u8>, OnshiError> {
        self.with(|c| c.read_auth_ca_certificate())
    }

    /// The PIN counter, asked without spending a try.
    pub fn pin_counter(&self) -> Result<PinCounter, OnshiError> {
        self.with(|c| c.pin_counter())
    }

    /// Verifies the 4-digit PIN once (the PIN never appears in any error).
    pub fn verify_pin(
        &self,
        pin: String,
        last_try_confirmed: bool,
    ) -> Result<PinResult, OnshiError> {
        let pin = onshi::Pin::new(&pin)?;
        let last_try = if last_try_confirmed {
            onshi::LastTry::Confirmed
        } else {
            onshi::LastTry::Refuse
        };
        self.with(|c| c.verify_pin(&pin, last_try))
    }
}

/// A simulated My Number Card (plastic card) holding `certificate` (DER) and a 4-digit `pin` with
/// `tries` left, for developing and testing an app's transport without a card.
#[derive(uniffi::Object)]
pub struct SimulatedCard {
    card: Mutex<onshi::SimulatedCard>,
}

#[uniffi::export]
impl SimulatedCard {
    /// A simulated card.
    #[uniffi::constructor]
    pub fn new(certificate: Vec<u8>, pin: String, tries: u8) -> Result<Arc<Self>, OnshiError> {
        let pin = onshi::Pin::new(&pin)?;
        let card =
            onshi::SimulatedCard::new(onshi::TokenKind::PlasticCard, certificate, Vec::new(), pin)
                .with_tries(tries)?;
        Ok(Arc::new(SimulatedCard {
            card: Mutex::new(card),
        }))
    }

    /// One APDU exchange with the simulated card.
    pub fn transmit(&self, apdu: Vec<u8>) -> Result<Vec<u8>, TransportError> {
        let mut card = self.card.lock().map_err(|_| TransportError::Io {
            reason: "the simulated card failed earlier".to_owned(),
        })?;
        onshi::Transport::transmit(&mut *card, &apdu).map_err(|e| match e {
            onshi::TransportError::NoReader => TransportError::NoReader,
            onshi::TransportError::NoCard => TransportError::NoCard,
            onshi::TransportError::CardRemoved => TransportError::CardRemoved,
            other => TransportError::Io {
                reason: other.to_string(),
            },
        })
    }

    /// How many PIN verifications (with a PIN) the card received.
    pub fn pin_attempts(&self) -> u32 {
        self.card
            .lock()
            .map(|c| u32::try_from(c.pin_attempts()).unwrap_or(u32::MAX))
            .unwrap_or(0)
    }
}

// After the online answer: the stored record against the online one, 和暦, names.

/// The whole outcome of a reconciliation.
type ReconcileOutcome = onshi::ReconcileOutcome;
#[uniffi::remote(Enum)]
enum ReconcileOutcome {
    Unchanged,
    UpdateNeeded,
    NewPeriod,
    EligibilityLost,
    Uncertain,
    DifferentPerson,
}

/// Whether two sides are the same person.
type MatchOutcome = onshi::MatchOutcome;
#[uniffi::remote(Enum)]
enum MatchOutcome {
    SamePerson,
    DifferentPerson,
    Uncertain,
}

/// A reason behind a person match.
type MatchReason = onshi::MatchReason;
#[uniffi::remote(Enum)]
enum MatchReason {
    BirthDateSame,
    BirthDateDiffers,
    BirthDateMissing,
    SexDiffers,
    NameSame,
    NameWithPlaceholder,
    NameVariant,
    NameDiffers,
    NameNotWritten,
    KanaSame,
    KanaSmallKanaOnly,
    KanaDiffers,
    KanaNotWritten,
    NoNameToCompare,
}

/// How two names compare.
type NameComparison = onshi::NameComparison;
#[uniffi::remote(Enum)]
enum NameComparison {
    Same,
    SameAsVariant,
    SameWithPlaceholder,
    SameIgnoringSmallKana,
    Different,
    NotWritten,
}

/// What differs between the stored record and the online answer.
type DifferenceKind = onshi::DifferenceKind;
#[uniffi::remote(Enum)]
enum DifferenceKind {
    DifferentPerson,
    PersonUncertain,
    EligibilityLost,
    Insurer,
    Symbol,
    Number,
    NumberLeadingZeros,
    Branch,
    Relation,
    CopayPercent,
    CeilingCategory,
    QualifiedFrom,
    NamePlaceholder,
    Name,
    NameKana,
}

/// How much a difference asks of staff.
type Severity = onshi::Severity;
#[uniffi::remote(Enum)]
enum Severity {
    Info,
    Update,
    Period,
    Stop,
}

/// One difference between the stored record and the online answer.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct RecordDifference {
    /// What differs.
    pub kind: DifferenceKind,
    /// The stored value, when it is not personal.
    pub old: Option<String>,
    /// The online value, when it is not personal.
    pub new: Option<String>,
    /// How much it asks of staff.
    pub severity: Severity,
    /// What staff do: `none`, `update_record`, `open_new_period`, `end_period`,
    /// `confirm_with_patient`, `stop_different_person`.
    pub action: String,
    /// The action's day (YYYY-MM-DD): a new period's first day, or the current period's last.
    pub action_date: Option<String>,
    /// The dated rules behind it.
    pub rules: Vec<String>,
    /// For staff, 日本語.
    pub text_ja: String,
    /// For staff, English.
    pub text_en: String,
}

/// The stored record against the online answer.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct Reconciliation {
    /// The outcome.
    pub outcome: ReconcileOutcome,
    /// Whether the answer is about this patient.
    pub person: MatchOutcome,
    /// Why.
    pub reasons: Vec<MatchReason>,
    /// Each difference, weightiest first.
    pub differences: Vec<RecordDifference>,
    /// The outcome for staff, 日本語.
    pub text_ja: String,
    /// The outcome for staff, English.
    pub text_en: String,
}

/// Compares a stored insurance record with the online one on `date` (YYYY-MM-DD); both records are
/// JSON in the vector format. A 12-digit 個人番号 in either is the InvalidInput kind
/// `personal_number`.
#[uniffi::export]
pub fn reconcile(
    rules: Arc<RuleSet>,
    stored_json: String,
    online_json: String,
    date: String,
) -> Result<Reconciliation, OnshiError> {
    let stored = onshi::InsuranceRecord::from_json(&stored_json)?;
    let online = onshi::InsuranceRecord::from_json(&online_json)?;
    let date = onshi::parse_date_field(&date, "date")?;
    let r = onshi::reconcile(&stored, &online, date, &rules.rules);
    let differences = r
        .differences
        .into_iter()
        .map(|d| RecordDifference {
            kind: d.kind,
            old: d.old,
            new: d.new,
            severity: d.severity,
            action: onshi::Kinds::kind(&d.action).to_owned(),
            action_date: d.action.day().map(|day| day.to_string()),
            rules: d.rules.iter().map(|r| r.as_str().to_owned()).collect(),
            text_ja: d.text.ja,
            text_en: d.text.en,
        })
        .collect();
    Ok(Reconciliation {
        outcome: r.outcome,
        person: r.person.outcome,
        reasons: r.person.reasons,
        differences,
        text_ja: r.text.ja,
        text_en: r.text.en,
    })
}

/// Reads a 和暦 date (`令和6年12月2日`, `R6.12.2`, `5061202`, full-width digits) as YYYY-MM-DD; the
/// InvalidInput kind says what is wrong (`no_era`, `outside_era`, `no_such_day`, …).
#[uniffi::export]
pub fn parse_wareki(text: String) -> Result<String, OnshiError> {
    Ok(onshi::parse_wareki(&text)?.to_string())
}

/// A date in 和暦, in its three written forms.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct WarekiForms {
    /// `令和元年5月1日`.
    pub wareki: String,
    /// `R1.5.1`.
    pub short: String,
    /// The receipt form `5010501`.
    pub code: String,
}

/// A date (YYYY-MM-DD) in 和暦.
#[uniffi::export]
pub fn to_wareki(date: String) -> Result<WarekiForms, OnshiError> {
    let w = onshi::Wareki::of(onshi::parse_date_field(&date, "date")?)?;
    Ok(WarekiForms {
        wareki: w.to_string(),
        short: w.short(),
        code: w.code(),
    })
}

/// Kana as one form: full-width katakana, voiced marks composed, no spaces or middle dots.
#[uniffi::export]
pub fn normalize_kana(text: String) -> String {
    onshi::normalize_kana(&text)
}

/// How two names compare (kanji variants are one character; ● stands for one character the online
/// system could not print; a name of only ● is not written).
#[uniffi::export]
pub fn compare_names(a: String, b: String) -> NameComparison {
    onshi::compare_names(&a, &b)
}

/// The outcome of matching two people, with its reasons.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct PersonMatch {
    /// Same person, different person, or cannot tell.
    pub outcome: MatchOutcome,
    /// Why.
    pub reasons: Vec<MatchReason>,
}

/// Whether two people (JSON: `name`, `name_kana`, `birth_date`, `sex`) are the same.
#[uniffi::export]
pub fn match_person(stored_json: String, online_json: String) -> Result<PersonMatch, OnshiError> {
    let stored: onshi::PersonFacts = onshi::from_json(&stored_json)?;
    let online: onshi::PersonFacts = onshi::from_json(&online_json)?;
    let m = onshi::match_person(&stored, &online);
    Ok(PersonMatch {
        outcome: m.outcome,
        reasons: m.reasons,
    })
}
