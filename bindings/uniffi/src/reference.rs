//! Reference answers from the rule table: the check of a number (保険者番号, 枝番, …) and the
//! 高額療養費 monthly limit.

use std::sync::Arc;

use crate::OnshiError;
use crate::rules::RuleSet;
use crate::vocabularies::*;

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
    let info = onshi::numbers::verify_number(kind, &value)?;
    Ok(NumberInfo {
        normalized: info.normalized,
        law: info.law,
        law_name: info.law_name.map(str::to_owned),
        prefecture: info.prefecture,
        notes: info.notes.iter().map(|n| (*n).to_owned()).collect(),
    })
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
    /// The figures of this 区分 the rule table does not state: a cap listed here is unknown, not
    /// absent.
    pub not_stated: Vec<CeilingFigure>,
}

impl From<onshi::benefits::CeilingAmount> for CeilingAmount {
    fn from(a: onshi::benefits::CeilingAmount) -> Self {
        CeilingAmount {
            limit: a.limit,
            formula: a.formula,
            rule: a.rule.as_str().to_owned(),
            annual_cap: a.annual_cap,
            annual_cap_low_income: a.annual_cap_low_income,
            outpatient_annual_cap: a.outpatient_annual_cap,
            not_stated: a.not_stated,
        }
    }
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
    let query = onshi::benefits::CeilingQuery {
        month: onshi::calendar::parse_date_field(&month, "month")?,
        category,
        medical_cost,
        many_times,
        outpatient,
        birthday_75_month,
    };
    Ok(onshi::benefits::monthly_ceiling(&rules.rules, &query)?.into())
}
