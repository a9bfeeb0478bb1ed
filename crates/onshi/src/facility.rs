//! 施術所 (柔道整復, あん摩マッサージ指圧, はり, きゅう) obligations and support
//! (004_b85a80dacb8bbe22.txt:814–866, :19–71, :181, :274–276): whether online checking is required,
//! the 協力金 checklist, and the device subsidy.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::benefits::copay::birthday;
use crate::policy::rules::key;
use crate::policy::rules::{Rule, RuleId, RuleSet};
use crate::vocabulary;
use crate::vocabulary::Text;
use crate::vocabulary::kinds;

/// What a 施術所 practises (施術の種類).
///
/// # Example
/// ```
/// let f: onshi::facility::PractitionerFacility = serde_json::from_str(r#"{"kind": "ahaki", "practitioners": [{"birth_date": "1985-01-01", "visually_impaired": true}]}"#).unwrap();
/// assert_eq!(f.kind, onshi::facility::PractitionerKind::Ahaki);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PractitionerKind {
    /// 柔道整復.
    JudoTherapy,
    /// あん摩マッサージ指圧, はり, きゅう.
    Ahaki,
}

/// One practitioner (施術者).
///
/// # Example
/// ```
/// let f: onshi::facility::PractitionerFacility = serde_json::from_str(r#"{"kind": "ahaki", "practitioners": [{"birth_date": "1985-01-01", "visually_impaired": true}]}"#).unwrap();
/// assert!(f.practitioners[0].full_time); // 常勤 unless said otherwise
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Practitioner {
    /// Date of birth.
    pub birth_date: NaiveDate,
    /// 常勤 (works all the facility's hours).
    #[serde(default = "yes")]
    pub full_time: bool,
    /// 視覚障害.
    #[serde(default)]
    pub visually_impaired: bool,
}

fn yes() -> bool {
    true
}

/// A 施術所 as the obligation sees it.
///
/// # Example
/// ```
/// let f: onshi::facility::PractitionerFacility = serde_json::from_str(r#"{"kind": "ahaki", "practitioners": [{"birth_date": "1985-01-01", "visually_impaired": true}]}"#).unwrap();
/// assert!(f.delegated_payment && !f.online_installed);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PractitionerFacility {
    /// 柔整 or あはき.
    pub kind: PractitionerKind,
    /// Handles 受領委任.
    #[serde(default = "yes")]
    pub delegated_payment: bool,
    /// Has installed online checking (資格確認限定型).
    #[serde(default)]
    pub online_installed: bool,
    /// A secondary facility (併設申告) whose primary facility installed it.
    #[serde(default)]
    pub secondary_of_installed_primary: bool,
    /// The practitioners.
    #[serde(default)]
    pub practitioners: Vec<Practitioner>,
    /// A plan to close or suspend on this day.
    #[serde(default)]
    pub closing_planned: Option<NaiveDate>,
    /// Stops 受領委任 on this day.
    #[serde(default)]
    pub ending_delegation: Option<NaiveDate>,
}

kinds! {
    /// Whether the facility must offer online checking (導入義務).
    ///
    /// # Example
    /// ```
    /// let f: onshi::facility::PractitionerFacility = serde_json::from_str(r#"{"kind": "ahaki", "practitioners": [{"birth_date": "1985-01-01", "visually_impaired": true}]}"#).unwrap();
    /// let o = onshi::facility::online_obligation(&onshi::RuleSet::builtin(), "2026-01-15".parse().unwrap(), &f);
    /// assert_eq!(o, onshi::facility::Obligation::Exempt { reason: onshi::facility::Exemption::ElderlyOrVisuallyImpaired });
    /// ```
    #[derive(Clone, Debug, PartialEq, Eq, Serialize)]
    #[serde(tag = "obligation")]
    #[non_exhaustive]
    pub enum Obligation {
        /// No obligation applies (no 受領委任, or before it started).
        NotApplicable = "not_applicable",
        /// Installed: met.
        Met = "met",
        /// Met through the primary facility (併設).
        MetByPrimary = "met_by_primary",
        /// Exempt (やむを得ない事由).
        Exempt = "exempt" {
            /// Which exemption.
            reason: Exemption,
        },
        /// Required and not met: collective guidance and loss of 受領委任 may follow (004:822).
        Required = "required",
    }
}

vocabulary! {
    /// The やむを得ない事由 (004:846–864).
    ///
    /// # Example
    /// ```
    /// assert_eq!(serde_json::to_string(&onshi::facility::Exemption::Closing).unwrap(), r#""closing""#);
    /// ```
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
    pub enum Exemption {
        /// 1-1: every full-time 柔整 practitioner was 70+ on the reference day.
        ElderlyPractitioners = "elderly_practitioners", "常勤の施術者が全員、ルール表の年齢以上", "every full-time practitioner was at or over the rule table's age";
        /// 1-2: every full-time あはき practitioner was 70+ or is visually impaired.
        ElderlyOrVisuallyImpaired = "elderly_or_visually_impaired", "常勤の施術者が全員、ルール表の年齢以上または視覚障害", "every full-time practitioner was at or over the rule table's age or is visually impaired";
        /// 2: a plan to close or suspend by the deadline.
        Closing = "closing", "廃止・休止の予定", "closing or suspending by the deadline";
        /// 3: ending 受領委任 by the deadline.
        EndingDelegation = "ending_delegation", "受領委任の取扱いを終了", "ending 受領委任 by the deadline";
    }
}

// facility.online-obligation — 004_b85a80dacb8bbe22.txt:814; 004_b85a80dacb8bbe22.txt:846-866: 施術所
// with 受領委任 must offer online checking (資格確認限定型) from 2024-12-02, unless exempt: practitioners of
// the row's age, or closing or ending 受領委任 by its deadline.
/// Whether `facility` must offer online checking on `date`.
///
/// # Example
/// ```
/// use onshi::facility::{online_obligation, Obligation, PractitionerFacility};
/// use onshi::RuleSet;
/// let f: PractitionerFacility = serde_json::from_str(r#"{"kind": "judo_therapy",
///   "practitioners": [{"birth_date": "1953-03-01"}, {"birth_date": "1950-01-01"}]}"#).unwrap();
/// let day = "2026-01-15".parse().unwrap();
/// assert!(matches!(online_obligation(&RuleSet::builtin(), day, &f), Obligation::Exempt { .. }));
/// let young: PractitionerFacility = serde_json::from_str(r#"{"kind": "judo_therapy",
///   "practitioners": [{"birth_date": "1980-01-01"}]}"#).unwrap();
/// assert_eq!(online_obligation(&RuleSet::builtin(), day, &young), Obligation::Required);
/// ```
pub fn online_obligation(
    rules: &RuleSet,
    date: NaiveDate,
    facility: &PractitionerFacility,
) -> Obligation {
    let Some((exemption_age, age_as_of, deadline)) =
        rules.param(key::FacilityOnlineObligation, date)
    else {
        return Obligation::NotApplicable;
    };
    if !facility.delegated_payment {
        return Obligation::NotApplicable;
    }
    if facility.online_installed {
        return Obligation::Met;
    }
    if facility.secondary_of_installed_primary {
        return Obligation::MetByPrimary;
    }
    let elderly = |p: &Practitioner| birthday(p.birth_date, exemption_age) <= age_as_of;
    let full_time: Vec<&Practitioner> = facility
        .practitioners
        .iter()
        .filter(|p| p.full_time)
        .collect();
    if !full_time.is_empty() {
        match facility.kind {
            PractitionerKind::JudoTherapy if full_time.iter().all(|p| elderly(p)) => {
                return Obligation::Exempt {
                    reason: Exemption::ElderlyPractitioners,
                };
            }
            PractitionerKind::Ahaki
                if full_time.iter().all(|p| elderly(p) || p.visually_impaired) =>
            {
                return Obligation::Exempt {
                    reason: Exemption::ElderlyOrVisuallyImpaired,
                };
            }
            _ => {}
        }
    }
    if facility.closing_planned.is_some_and(|d| d <= deadline) {
        return Obligation::Exempt {
            reason: Exemption::Closing,
        };
    }
    if facility.ending_delegation.is_some_and(|d| d <= deadline) {
        return Obligation::Exempt {
            reason: Exemption::EndingDelegation,
        };
    }
    Obligation::Required
}

/// What a 施術所 reports for the 協力金.
///
/// # Example
/// ```
/// let r = onshi::facility::CooperationReport::default();
/// assert_eq!(onshi::facility::cooperation_payment(&onshi::RuleSet::builtin(), &r).missing.len(), 4);
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CooperationReport {
    /// Online checking installed at this facility (a 併設 secondary needs its own).
    #[serde(default)]
    pub online_installed: bool,
    /// The 運用開始日 entered on the portal.
    #[serde(default)]
    pub start_date: Option<NaiveDate>,
    /// お声掛け done during the target period.
    #[serde(default)]
    pub spoke_to_patients: bool,
    /// チラシの配付 or ポスター掲示 during the target period.
    #[serde(default)]
    pub flyers_or_posters: bool,
}

vocabulary! {
    /// A condition of the 協力金.
    ///
    /// # Example
    /// ```
    /// assert_eq!(serde_json::to_string(&onshi::facility::CooperationCondition::SpokeToPatients).unwrap(), r#""spoke_to_patients""#);
    /// ```
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
    pub enum CooperationCondition {
        /// Online checking installed.
        OnlineInstalled = "online_installed", "オンライン資格確認の導入", "online checking installed";
        /// 運用開始日 entered.
        StartDateEntered = "start_date_entered", "運用開始日の入力", "start date entered";
        /// Operation started by the end of the target period.
        StartedWithinPeriod = "started_within_period", "期間内の運用開始", "started within the period";
        /// お声掛け.
        SpokeToPatients = "spoke_to_patients", "患者へのお声掛け", "spoke to patients";
        /// Flyers or posters.
        FlyersOrPosters = "flyers_or_posters", "チラシ・ポスターの掲示", "flyers or posters";
    }
}

/// The 協力金 checklist result.
///
/// # Example
/// ```
/// let r: onshi::facility::CooperationReport = serde_json::from_str(r#"{"online_installed": true, "start_date": "2025-05-20",
///   "spoke_to_patients": true, "flyers_or_posters": true}"#).unwrap();
/// let c = onshi::facility::cooperation_payment(&onshi::RuleSet::builtin(), &r);
/// assert_eq!((c.eligible, c.amount), (true, 50_000));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Checklist {
    /// Every condition holds.
    pub eligible: bool,
    /// The amount, when eligible (yen).
    pub amount: u64,
    /// The conditions not met, in order.
    pub missing: Vec<CooperationCondition>,
}

// facility.cooperation-payment — 004_b85a80dacb8bbe22.txt:53-57; 004_b85a80dacb8bbe22.txt:19;
// 004_b85a80dacb8bbe22.txt:25-27; 004_b85a80dacb8bbe22.txt:71: a 協力金 for promoting the マイナ保険証
// during the target period: online checking installed, patients spoken to, flyers or posters; zero
// users is fine.
/// The 協力金 checklist (004:53–57; zero マイナ保険証 users is fine, 004:19; starting during the
/// period counts, 004:25–27).
///
/// # Example
/// ```
/// use onshi::facility::{cooperation_payment, CooperationCondition, CooperationReport};
/// use onshi::RuleSet;
/// let report = CooperationReport { online_installed: true, start_date: Some("2025-07-10".parse().unwrap()),
///     spoke_to_patients: true, flyers_or_posters: false };
/// let c = cooperation_payment(&RuleSet::builtin(), &report);
/// assert!(!c.eligible);
/// assert_eq!(c.missing, [CooperationCondition::FlyersOrPosters]);
/// ```
pub fn cooperation_payment(rules: &RuleSet, report: &CooperationReport) -> Checklist {
    // The payment's own row, whatever the day: its period is one of the conditions checked.
    let key = key::FacilityCooperationPayment;
    let (yen, until) = rules
        .rules()
        .iter()
        .find_map(|row| Some((key.of(row)?, row.until)))
        .unwrap_or((0, None));
    let mut missing = Vec::new();
    if !report.online_installed {
        missing.push(CooperationCondition::OnlineInstalled);
    }
    match report.start_date {
        None => missing.push(CooperationCondition::StartDateEntered),
        Some(d) if until.is_some_and(|u| d > u) => {
            missing.push(CooperationCondition::StartedWithinPeriod)
        }
        Some(_) => {}
    }
    if !report.spoke_to_patients {
        missing.push(CooperationCondition::SpokeToPatients);
    }
    if !report.flyers_or_posters {
        missing.push(CooperationCondition::FlyersOrPosters);
    }
    let eligible = missing.is_empty() && yen > 0;
    Checklist {
        eligible,
        amount: if eligible { yen } else { 0 },
        missing,
    }
}

// facility.device-subsidy — 004_b85a80dacb8bbe22.txt:181; 004_b85a80dacb8bbe22.txt:274-276: the
// devices for online checking are subsidised at cost, up to the row's amount.
/// The device subsidy for a purchase of `cost` yen on `date`: the cost, up to the rule's amount
/// (実費補助, 最大4.1万円); 0 when no subsidy row applies.
///
/// # Example
/// ```
/// use onshi::facility::device_subsidy;
/// use onshi::RuleSet;
/// let day = "2025-01-10".parse().unwrap();
/// assert_eq!(device_subsidy(&RuleSet::builtin(), day, 55_000), 41_000);
/// assert_eq!(device_subsidy(&RuleSet::builtin(), day, 30_000), 30_000);
/// ```
pub fn device_subsidy(rules: &RuleSet, date: NaiveDate, cost: u64) -> u64 {
    rules
        .param(key::FacilityDeviceSubsidy, date)
        .map_or(0, |yen| cost.min(yen))
}

/// A clinic, hospital or pharmacy as the 診療報酬 addition for online checking sees it.
///
/// # Example
/// ```
/// let f: onshi::facility::MedicalFacility = serde_json::from_str(r#"{"online_installed": true, "myna_usage_percent": 31.5}"#).unwrap();
/// assert!(f.online_installed);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MedicalFacility {
    /// オンライン資格確認 installed.
    #[serde(default)]
    pub online_installed: bool,
    /// マイナ保険証利用率 in percent, as the 支払基金 reports it.
    pub myna_usage_percent: f64,
}

vocabulary! {
    /// A requirement of the addition that is not met.
    ///
    /// # Example
    /// ```
    /// assert_eq!(serde_json::to_string(&onshi::facility::DxCondition::UsageRate).unwrap(), r#""usage_rate""#);
    /// ```
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
    pub enum DxCondition {
        /// オンライン資格確認 is not installed.
        OnlineChecking = "online_checking", "オンライン資格確認の導入", "online checking installed";
        /// The マイナ保険証利用率 is below every level's threshold.
        UsageRate = "usage_rate", "マイナ保険証利用率", "マイナ保険証 usage rate";
    }
}

/// What the addition in force allows (加算の算定可否).
///
/// # Example
/// ```
/// use onshi::facility::{dx_addition, MedicalFacility};
/// use onshi::RuleSet;
/// let f = MedicalFacility { online_installed: true, myna_usage_percent: 30.0 };
/// let a = dx_addition(&RuleSet::builtin(), "2026-11-30".parse().unwrap(), &f).unwrap();
/// assert_eq!((a.levels.as_slice(), a.initial_points), ([1, 2, 3].as_slice(), Some(15)));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DxAddition {
    /// The addition's name in force on the day (the rule row's title).
    pub addition: Text,
    /// The levels (1 = highest) whose 利用率 threshold is met; empty when none may be claimed.
    pub levels: Vec<u8>,
    /// The requirements not met.
    pub missing: Vec<DxCondition>,
    /// 初診 points of the best open level, when the row gives points.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub initial_points: Option<u32>,
    /// 再診 points, when the row gives them and a level is open.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revisit_points: Option<u32>,
    /// The rule used.
    pub rule: RuleId,
}

// facility.dx-addition — MHLW 令和8年度診療報酬改定の概要 p.33 (reference/domain-updates-2026-11.md §6): the
// 診療報酬 addition for online checking and マイナ保険証 use, with its 利用率 thresholds (each row its
// period's).
/// The 診療報酬 addition for online checking and マイナ保険証 use on `date` (`facility.dx-addition`):
/// 医療DX推進体制整備加算 until 2026-05, 電子的診療情報連携体制整備加算 from 2026-06 (利用率 ≥ 30%).
/// Only the online-checking and 利用率 requirements are checked; the others (電子処方箋, 電子カルテ
/// 情報共有サービス, 掲示) are the facility's to confirm. `None` when no addition row applies.
///
/// # Example
/// ```
/// use onshi::facility::{dx_addition, DxCondition, MedicalFacility};
/// use onshi::RuleSet;
/// let rules = RuleSet::builtin();
/// let low = MedicalFacility { online_installed: true, myna_usage_percent: 29.9 };
/// let a = dx_addition(&rules, "2026-11-30".parse().unwrap(), &low).unwrap();
/// assert_eq!(a.missing, [DxCondition::UsageRate]);
/// assert!(dx_addition(&rules, "2025-09-30".parse().unwrap(), &low).is_none());
/// ```
pub fn dx_addition(
    rules: &RuleSet,
    date: NaiveDate,
    facility: &MedicalFacility,
) -> Option<DxAddition> {
    let (row, p) = rules.param_row(key::FacilityDxAddition, date)?;
    let mut missing = Vec::new();
    if !facility.online_installed {
        missing.push(DxCondition::OnlineChecking);
    }
    let met: Vec<u8> = p
        .usage_percent
        .iter()
        .zip(1u8..)
        .filter(|(threshold, _)| facility.myna_usage_percent >= f64::from(**threshold))
        .map(|(_, level)| level)
        .collect();
    if met.is_empty() {
        missing.push(DxCondition::UsageRate);
    }
    let levels = if missing.is_empty() { met } else { Vec::new() };
    let best = levels.first().map(|l| usize::from(*l).saturating_sub(1));
    Some(DxAddition {
        addition: row.title.clone(),
        initial_points: best.and_then(|i| p.initial_points.get(i).copied()),
        revisit_points: p.revisit_points.filter(|_| !levels.is_empty()),
        levels,
        missing,
        rule: RuleId::FacilityDxAddition,
    })
}

// facility.public-subsidy-income-category — 京都府病院協会 notice (khosp.or.jp/?p=16121;
// reference/domain-updates-2026-12.md §2); 京都府医師会 notice (reference/domain-updates-2026-11.md §7):
// 指定難病・小児慢性 受給者証 no longer print the 医療保険 所得区分: staff read it online.
// facility.delegation-withdrawal — MHLW briefing of 2025-08-08, as reported
// (reference/domain-updates-2026-11.md §7): 施術所 that must offer online checking and do not lose
// 受領委任.
/// Facility rules in force on `date` that are information for staff (公費 受給者証, 受領委任), with
/// their titles and notes, for a facility summary.
///
/// # Example
/// ```
/// use onshi::facility::facility_notices;
/// use onshi::policy::RuleId;
/// use onshi::RuleSet;
/// let ids: Vec<RuleId> = facility_notices(&RuleSet::builtin(), "2026-12-01".parse().unwrap())
///     .iter().map(|r| r.id).collect();
/// assert!(ids.contains(&RuleId::FacilityDelegationWithdrawal));
/// assert!(!facility_notices(&RuleSet::builtin(), "2026-01-31".parse().unwrap())
///     .iter().any(|r| r.id == RuleId::FacilityPublicSubsidyIncomeCategory));
/// ```
pub fn facility_notices(rules: &RuleSet, date: NaiveDate) -> Vec<&Rule> {
    [
        RuleId::FacilityPublicSubsidyIncomeCategory,
        RuleId::FacilityDelegationWithdrawal,
    ]
    .into_iter()
    .filter_map(|id| rules.rule(id, date))
    .collect()
}
