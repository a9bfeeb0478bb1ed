//! Reconciliation: the insurance record a receipt system holds for a patient against the online
//! answer, as typed differences with the action staff take — update the record, open a new
//! insurance period from the day the answer gives, end the period, confirm with the patient, or stop
//! because the answer is about someone else.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::matching::{
    MatchOutcome, MatchReason, NameComparison, Person, PersonFacts, PersonMatch, Sex,
};
use crate::numbers::InsuredNumber;
use crate::policy::rules::{RuleId, RuleSet};
use crate::vocabulary;
use crate::vocabulary::Text;
use crate::vocabulary::Vocabulary;
use crate::vocabulary::kinds;

vocabulary! {
    /// 本人・家族の別.
    ///
    /// # Example
    /// ```
    /// assert_eq!(serde_json::to_value(onshi::records::Relation::Dependent).unwrap(), "dependent");
    /// ```
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum Relation {
        /// 本人 (the insured person).
        Insured = "insured", "本人", "insured person";
        /// 家族 (a dependant).
        Dependent = "dependent", "家族", "dependant";
    }
}

/// An insurance record: what a receipt system stores for a patient, or what the online system
/// answered for them (onshi-oqs converts a result record into one). Personal fields print redacted.
///
/// # Example
/// ```
/// let r = onshi::records::InsuranceRecord::from_json(r#"{"insurer": "06130017", "number": "45",
///   "copay_percent": 30, "name": "試験　花子", "birth_date": "1980-01-01"}"#)?;
/// assert_eq!(r.copay_percent, Some(30));
/// assert!(!format!("{r:?}").contains("花子"));
/// # Ok::<(), onshi::error::InputError>(())
/// ```
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Written")]
pub struct InsuranceRecord {
    /// 保険者番号.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insurer: Option<String>,
    /// 被保険者記号・番号・枝番, each part held to its field's rules; written flat (`symbol`,
    /// `number`, `branch`), and a 記号 or 枝番 without its 番号 is refused
    /// ([`InsuredNumber::from_parts`]).
    #[serde(flatten)]
    pub insured: Option<InsuredNumber>,
    /// 本人・家族.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relation: Option<Relation>,
    /// 負担割合 (10, 20, 30).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub copay_percent: Option<u8>,
    /// 限度額適用区分 (label such as `ウ`, or OQS code such as `A03`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ceiling_category: Option<String>,
    /// The first day of the insurance (資格取得日).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualified_from: Option<NaiveDate>,
    /// The day the insurance is lost (資格喪失日: the first day without it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lost_on: Option<NaiveDate>,
    /// 氏名.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// 氏名（カナ）.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_kana: Option<String>,
    /// 生年月日.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<NaiveDate>,
    /// 性別.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<Sex>,
}

impl std::fmt::Debug for InsuranceRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InsuranceRecord")
            .field("insurer", &self.insurer)
            .field("relation", &self.relation)
            .field("copay_percent", &self.copay_percent)
            .field("ceiling_category", &self.ceiling_category)
            .field("qualified_from", &self.qualified_from)
            .field("lost_on", &self.lost_on)
            .field("personal", &"<redacted>")
            .finish()
    }
}

/// An insurance record as written in JSON (the vector format): what [`InsuranceRecord`] is read
/// from, its insured number in three fields.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Written {
    insurer: Option<String>,
    symbol: Option<String>,
    number: Option<String>,
    branch: Option<String>,
    relation: Option<Relation>,
    copay_percent: Option<u8>,
    ceiling_category: Option<String>,
    qualified_from: Option<NaiveDate>,
    lost_on: Option<NaiveDate>,
    name: Option<String>,
    name_kana: Option<String>,
    birth_date: Option<NaiveDate>,
    sex: Option<Sex>,
}

impl TryFrom<Written> for InsuranceRecord {
    type Error = crate::error::InputError;

    fn try_from(w: Written) -> Result<Self, Self::Error> {
        let insured = InsuredNumber::from_parts(
            w.symbol.as_deref(),
            w.number.as_deref(),
            w.branch.as_deref(),
        )?;
        let record = InsuranceRecord {
            insurer: w.insurer,
            insured,
            relation: w.relation,
            copay_percent: w.copay_percent,
            ceiling_category: w.ceiling_category,
            qualified_from: w.qualified_from,
            lost_on: w.lost_on,
            name: w.name,
            name_kana: w.name_kana,
            birth_date: w.birth_date,
            sex: w.sex,
        };
        record.check()?;
        Ok(record)
    }
}

impl InsuranceRecord {
    /// A record from JSON (the vector format), refusing a 12-digit 個人番号 in any field.
    ///
    /// # Errors
    /// [`InputError`](crate::error::InputError) naming the field.
    ///
    /// # Example
    /// ```
    /// let e = onshi::records::InsuranceRecord::from_json(r#"{"number": "9832 0567 3214"}"#).unwrap_err();
    /// assert_eq!(e.kind(), onshi::error::ErrorKind::PersonalNumber);
    /// ```
    pub fn from_json(text: &str) -> Result<InsuranceRecord, crate::error::InputError> {
        crate::error::from_json(text)
    }

    /// [`InsuranceRecord::from_json`] for fields already parsed (a CSV row).
    ///
    /// # Errors
    /// [`InputError`](crate::error::InputError) naming the field.
    ///
    /// # Example
    /// ```
    /// let r = onshi::records::InsuranceRecord::from_value(serde_json::json!({"number": "45"}))?;
    /// assert_eq!(r.insured.unwrap().number.expose(), "45");
    /// assert!(onshi::records::InsuranceRecord::from_value(serde_json::json!({"number": "4;5"})).is_err());
    /// # Ok::<(), onshi::error::InputError>(())
    /// ```
    pub fn from_value(
        value: serde_json::Value,
    ) -> Result<InsuranceRecord, crate::error::InputError> {
        crate::error::from_value(value)
    }

    /// A record from its fields by name, as a CSV row gives them: dates in any form records write
    /// ([`parse_written_date`](crate::records::parse_written_date): ISO, `YYYYMMDD`, slashes, 和暦), the
    /// 負担割合 as a number, 本人・家族 and 性別 by their slugs; empty fields left out. Held to the
    /// same checks as [`InsuranceRecord::from_json`] ([`InsuranceRecord::check`]), without going
    /// through JSON text (a report compares a million records).
    ///
    /// # Errors
    /// [`InputError`](crate::error::InputError) naming the field: a field this record does not have, a
    /// value that is not of its kind, a 12-digit 個人番号.
    ///
    /// # Example
    /// ```
    /// let r = onshi::records::InsuranceRecord::from_fields([
    ///     ("insurer", "06130017"), ("birth_date", "昭和55年1月1日"), ("copay_percent", "30"), ("sex", "female"),
    /// ])?;
    /// assert_eq!(r.birth_date.unwrap().to_string(), "1980-01-01");
    /// let e = onshi::records::InsuranceRecord::from_fields([("colour", "blue")]).unwrap_err();
    /// assert_eq!(e.field(), "colour");
    /// # Ok::<(), onshi::error::InputError>(())
    /// ```
    pub fn from_fields<'a>(
        fields: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<InsuranceRecord, crate::error::InputError> {
        use crate::error::InputError;
        fn slug<T: Vocabulary>(field: &str, value: &str) -> Result<T, InputError> {
            T::ALL
                .iter()
                .copied()
                .find(|v| v.slug() == value)
                .ok_or_else(|| {
                    let known: Vec<&str> = T::ALL.iter().map(|v| v.slug()).collect();
                    InputError::invalid(field, format!("one of {} is expected", known.join(", ")))
                })
        }
        let date = |field: &str, value: &str| {
            crate::records::parse_written_date(value)
                .map_err(|e| InputError::invalid(field, e.to_string()))
        };
        let mut record = InsuranceRecord::default();
        let (mut symbol, mut number, mut branch) = (None, None, None);
        for (field, value) in fields {
            let value = value.trim();
            if value.is_empty() {
                continue;
            }
            if crate::numbers::contains_personal_number(value) {
                return Err(InputError::PersonalNumber {
                    field: crate::error::quoted(field),
                });
            }
            let text = || Some(value.to_owned());
            match field {
                "insurer" => record.insurer = text(),
                "symbol" => symbol = Some(value),
                "number" => number = Some(value),
                "branch" => branch = Some(value),
                "ceiling_category" => record.ceiling_category = text(),
                "name" => record.name = text(),
                "name_kana" => record.name_kana = text(),
                "relation" => record.relation = Some(slug(field, value)?),
                "sex" => record.sex = Some(slug(field, value)?),
                "qualified_from" => record.qualified_from = Some(date(field, value)?),
                "lost_on" => record.lost_on = Some(date(field, value)?),
                "birth_date" => record.birth_date = Some(date(field, value)?),
                "copay_percent" => {
                    record.copay_percent = Some(value.parse().map_err(|_| {
                        InputError::invalid(field, "a number of percent (10, 20 or 30) is expected")
                    })?);
                }
                other => {
                    return Err(InputError::invalid(
                        crate::error::quoted(other),
                        "this field is not part of an insurance record",
                    ));
                }
            }
        }
        record.insured = InsuredNumber::from_parts(symbol, number, branch)?;
        record.check()?;
        Ok(record)
    }

    /// Checks what a record may hold, whoever made it (a receipt system's CSV, an online answer):
    /// the 保険者番号 digits only ([`Alphabet`](crate::numbers::Alphabet); the 記号・番号・枝番 are held
    /// to theirs by [`InsuredNumber`]), and no field a 12-digit 個人番号.
    ///
    /// # Errors
    /// [`InputError`](crate::error::InputError) naming the field: `personal_number`, or `invalid` with
    /// the first character outside the alphabet.
    ///
    /// # Example
    /// ```
    /// let online = onshi::records::InsuranceRecord { insurer: Some("=1+1".into()), ..Default::default() };
    /// let e = online.check().unwrap_err();
    /// assert_eq!((e.kind(), e.field()), (onshi::error::ErrorKind::Invalid, "insurer"));
    /// ```
    pub fn check(&self) -> Result<(), crate::error::InputError> {
        use crate::numbers::Alphabet::Digits;
        let numbers = [
            ("insurer", &self.insurer, Some(Digits)),
            ("ceiling_category", &self.ceiling_category, None),
            ("name", &self.name, None),
            ("name_kana", &self.name_kana, None),
        ];
        for (field, value, alphabet) in numbers {
            let Some(value) = value.as_deref() else {
                continue;
            };
            if crate::numbers::contains_personal_number(value) {
                return Err(crate::error::InputError::PersonalNumber {
                    field: field.to_owned(),
                });
            }
            if let Some(alphabet) = alphabet {
                alphabet
                    .check(value)
                    .map_err(|e| crate::error::InputError::invalid(field, e.to_string()))?;
            }
        }
        Ok(())
    }

    /// The person on this record.
    ///
    /// # Example
    /// ```
    /// let r = onshi::records::InsuranceRecord { birth_date: "1980-01-01".parse().ok(), ..Default::default() };
    /// assert_eq!(r.person().birth_date, r.birth_date);
    /// ```
    pub fn person(&self) -> PersonFacts {
        PersonFacts {
            name: self.name.clone(),
            name_kana: self.name_kana.clone(),
            birth_date: self.birth_date,
            sex: self.sex,
        }
    }

    /// Whether `online` is about the person on this record: [`match_person`](crate::records::match_person)
    /// on the two records' people (the same function, without copying their names).
    ///
    /// # Example
    /// ```
    /// use onshi::records::{InsuranceRecord, MatchOutcome};
    /// let stored = InsuranceRecord::from_json(r#"{"name": "鈴木　花子", "birth_date": "1980-01-01"}"#)?;
    /// let same = InsuranceRecord::from_json(r#"{"name": "鈴木　花子", "birth_date": "1980-01-01"}"#)?;
    /// assert_eq!(stored.match_person(&same).outcome, MatchOutcome::SamePerson);
    /// // A face reader's answer whose name could not be printed: the birth date alone is no match.
    /// let unprinted = InsuranceRecord::from_json(r#"{"name": "●●　●●", "birth_date": "1980-01-01"}"#)?;
    /// assert_eq!(stored.match_person(&unprinted).outcome, MatchOutcome::Uncertain);
    /// # Ok::<(), onshi::error::InputError>(())
    /// ```
    pub fn match_person(&self, online: &InsuranceRecord) -> PersonMatch {
        super::matching::decide(self.facts(), online.facts())
    }

    fn facts(&self) -> Person<'_> {
        Person {
            name: self.name.as_deref(),
            name_kana: self.name_kana.as_deref(),
            birth_date: self.birth_date,
            sex: self.sex,
        }
    }
}

vocabulary! {
    /// What differs between the stored record and the online answer.
    ///
    /// # Example
    /// ```
    /// use onshi::records::DifferenceKind;
    /// use onshi::{Lang, Vocabulary};
    /// assert_eq!(DifferenceKind::CopayPercent.words().get(Lang::Ja), "負担割合");
    /// ```
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum DifferenceKind {
        /// The answer is about someone else (the birth date or the sex differs).
        DifferentPerson = "different_person", "別の人の回答", "Answer about someone else";
        /// Not known whether it is the same person (no birth date, no written name to compare, or
        /// every written name differs: a new name after a marriage, a 通称): confirm with the patient.
        PersonUncertain = "person_uncertain", "同じ人か判断できない回答", "Cannot tell whether the answer is about this patient";
        /// The insurance is lost (資格喪失) on or before the day.
        EligibilityLost = "eligibility_lost", "資格喪失", "Insurance lost";
        /// 保険者番号.
        Insurer = "insurer", "保険者番号", "Insurer";
        /// 記号.
        Symbol = "symbol", "記号", "Symbol";
        /// 番号.
        Number = "number", "番号", "Number";
        /// 記号・番号 differ only in leading zeros: which one is right?
        NumberLeadingZeros = "number_leading_zeros", "記号・番号の先頭の0", "Leading zeros of the symbol or number";
        /// 枝番.
        Branch = "branch", "枝番", "Branch number";
        /// 本人・家族.
        Relation = "relation", "本人・家族の別", "Insured person or dependant";
        /// 負担割合.
        CopayPercent = "copay_percent", "負担割合", "Copay ratio";
        /// 限度額適用区分 (new, gone or changed).
        CeilingCategory = "ceiling_category", "限度額適用区分", "Ceiling category";
        /// 資格取得日.
        QualifiedFrom = "qualified_from", "資格取得日", "Start of the insurance";
        /// The online name carries ● for a character its system cannot print (外字): keep the stored one.
        NamePlaceholder = "name_placeholder", "氏名の外字（●）", "● (外字) in the online name";
        /// 氏名: written on both sides and different, for a patient matched on the birth date and the
        /// kana. Confirmed with the patient, never taken from the answer.
        Name = "name", "氏名が異なる", "The name differs";
        /// 氏名（カナ）: written on both sides and different, for a patient matched on the birth date
        /// and the name. Confirmed with the patient, never taken from the answer.
        NameKana = "name_kana", "カナ氏名が異なる", "The kana name differs";
    }
}

vocabulary! {
    /// How much a difference asks of staff.
    ///
    /// # Example
    /// ```
    /// assert!(onshi::records::Severity::Stop > onshi::records::Severity::Update);
    /// ```
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
    pub enum Severity {
        /// Worth knowing; nothing to change.
        Info = "info", "参考", "information";
        /// The record must be updated.
        Update = "update", "記録の更新", "update";
        /// The insurance period changes: a new one opens or the current one ends.
        Period = "period", "保険期間の変更", "insurance period";
        /// Stop: confirm with the patient before anything is recorded.
        Stop = "stop", "確認が必要", "stop and confirm";
    }
}

kinds! {
    /// What staff do about a difference.
    ///
    /// # Example
    /// ```
    /// let a = onshi::records::RecordAction::OpenNewPeriod { from: "2026-08-01".parse().unwrap() };
    /// assert_eq!(serde_json::to_value(a).unwrap()["kind"], "open_new_period");
    /// ```
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(tag = "kind")]
    pub enum RecordAction {
        /// Nothing to change.
        None = "none",
        /// Update the stored record with the online value.
        UpdateRecord = "update_record",
        /// Open a new insurance period from this day (the new insurance's 資格取得日, or the visit).
        OpenNewPeriod = "open_new_period" {
            /// Its first day.
            from: NaiveDate,
        },
        /// End the current insurance period on this day (the day before 資格喪失日).
        EndPeriod = "end_period" {
            /// Its last day.
            last_day: NaiveDate,
        },
        /// Confirm with the patient before recording anything.
        ConfirmWithPatient = "confirm_with_patient",
        /// Stop: the answer is about someone else; record nothing from it.
        StopDifferentPerson = "stop_different_person",
    }
}

impl RecordAction {
    /// The action's day: a new period's first day, or the current period's last.
    ///
    /// # Example
    /// ```
    /// use onshi::Kinds;
    /// use onshi::records::RecordAction;
    /// let a = RecordAction::EndPeriod { last_day: "2026-10-31".parse().unwrap() };
    /// assert_eq!((a.kind(), a.day().unwrap().to_string().as_str()), ("end_period", "2026-10-31"));
    /// assert_eq!(RecordAction::UpdateRecord.day(), None);
    /// ```
    pub fn day(&self) -> Option<NaiveDate> {
        match self {
            RecordAction::OpenNewPeriod { from: day }
            | RecordAction::EndPeriod { last_day: day } => Some(*day),
            _ => None,
        }
    }
}

/// One difference, with its values, weight, action, rule ids and words.
///
/// # Example
/// ```
/// use onshi::records::{reconcile, InsuranceRecord, DifferenceKind};
/// use onshi::RuleSet;
/// let stored = InsuranceRecord::from_json(r#"{"insurer": "06130017", "copay_percent": 20, "birth_date": "1953-01-01", "name": "試験　花子"}"#)?;
/// let online = InsuranceRecord::from_json(r#"{"insurer": "06130017", "copay_percent": 30, "birth_date": "1953-01-01", "name": "試験　花子"}"#)?;
/// let r = reconcile(&stored, &online, "2026-08-01".parse().unwrap(), &RuleSet::builtin());
/// let d = &r.differences[0];
/// assert_eq!((d.kind, d.old.as_deref(), d.new.as_deref()), (DifferenceKind::CopayPercent, Some("20"), Some("30")));
/// assert!(d.rules.contains(&onshi::policy::RuleId::CopayByAge)); // 70–74: re-decided each August
/// # Ok::<(), onshi::error::InputError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Difference {
    /// What differs.
    pub kind: DifferenceKind,
    /// The stored value (personal values are not repeated: see the records).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old: Option<String>,
    /// The online value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new: Option<String>,
    /// How much it asks of staff.
    pub severity: Severity,
    /// What staff do.
    pub action: RecordAction,
    /// The dated rules behind it, if any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<RuleId>,
    /// For staff, Japanese and English.
    pub text: Text,
}

vocabulary! {
    /// The whole outcome of a reconciliation.
    ///
    /// # Example
    /// ```
    /// assert_eq!(serde_json::to_value(onshi::records::ReconcileOutcome::Unchanged).unwrap(), "unchanged");
    /// ```
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
    pub enum ReconcileOutcome {
        /// The record matches the online answer.
        Unchanged = "unchanged", "記録はオンラインの回答と一致しています", "The record matches the online answer";
        /// The record needs updating.
        UpdateNeeded = "update_needed", "記録の更新が必要です", "The record needs updating";
        /// A new insurance period starts.
        NewPeriod = "new_period", "新しい保険の期間があります", "A new insurance period starts";
        /// The insurance was lost.
        EligibilityLost = "eligibility_lost", "資格を喪失しています", "The insurance was lost";
        /// Cannot tell whether the answer is about this patient: confirm.
        Uncertain = "uncertain", "同じ人か判断できません。患者さんに確認してください", "Cannot tell whether the answer is about this patient: confirm with them";
        /// The answer is about someone else.
        DifferentPerson = "different_person", "別の人の回答です。記録に使わないでください", "The answer is about someone else: do not record it";
    }
}

/// The stored record against the online answer: the outcome, the person match, each difference.
///
/// # Example
/// ```
/// use onshi::records::{reconcile, InsuranceRecord, ReconcileOutcome};
/// use onshi::RuleSet;
/// let record = InsuranceRecord::from_json(r#"{"insurer": "06130017", "number": "45", "birth_date": "1980-01-01", "name": "試験　花子"}"#)?;
/// let r = reconcile(&record, &record, "2026-11-30".parse().unwrap(), &RuleSet::builtin());
/// assert_eq!(r.outcome, ReconcileOutcome::Unchanged);
/// assert!(r.differences.is_empty());
/// assert_eq!(r.text.en, "The record matches the online answer");
/// # Ok::<(), onshi::error::InputError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reconciliation {
    /// The outcome (the weightiest difference decides it).
    pub outcome: ReconcileOutcome,
    /// Whether the answer is about this patient, and why.
    pub person: PersonMatch,
    /// Each difference, weightiest first.
    pub differences: Vec<Difference>,
    /// The outcome for staff.
    pub text: Text,
}

/// Compares the stored record with the online answer on `date`. Whether the answer is about this
/// patient is [`match_person`](crate::records::match_person)'s answer, the one every caller gets: a different
/// person stops everything and a person not known (every written name differs, no birth date, no
/// written name) is confirmed with the patient — no update is ever proposed from either. For the
/// same person, a lost insurance ends the period; a new insurer, number or relation opens a new
/// period from the answer's 資格取得日; other changes update the record. Names set aside width, kana
/// forms and spaces, read kanji variants (異体字) as one character and ● as a character the online
/// system could not print.
///
/// # Example
/// ```
/// use onshi::records::{reconcile, InsuranceRecord, ReconcileOutcome, RecordAction};
/// use onshi::RuleSet;
/// let stored = InsuranceRecord::from_json(r#"{"insurer": "06130017", "number": "45", "birth_date": "1980-01-01", "name_kana": "ｼｹﾝ ﾊﾅｺ"}"#)?;
/// let online = InsuranceRecord::from_json(r#"{"insurer": "39131016", "number": "7", "qualified_from": "2026-10-01",
///   "birth_date": "1980-01-01", "name_kana": "シケン ハナコ"}"#)?;
/// let r = reconcile(&stored, &online, "2026-11-30".parse().unwrap(), &RuleSet::builtin());
/// assert_eq!(r.outcome, ReconcileOutcome::NewPeriod);
/// assert_eq!(r.differences[0].action, RecordAction::OpenNewPeriod { from: "2026-10-01".parse().unwrap() });
/// # Ok::<(), onshi::error::InputError>(())
/// ```
pub fn reconcile(
    stored: &InsuranceRecord,
    online: &InsuranceRecord,
    date: NaiveDate,
    rules: &RuleSet,
) -> Reconciliation {
    let person = stored.match_person(online);
    let mut differences = Vec::new();
    match person.outcome {
        MatchOutcome::DifferentPerson => {
            differences.push(difference(
                DifferenceKind::DifferentPerson,
                None,
                None,
                RecordAction::StopDifferentPerson,
            ));
        }
        MatchOutcome::Uncertain => {
            differences.push(difference(
                DifferenceKind::PersonUncertain,
                None,
                None,
                RecordAction::ConfirmWithPatient,
            ));
        }
        MatchOutcome::SamePerson => {
            compare_records(stored, online, date, rules, &mut differences);
            name_differences(&person, &mut differences);
        }
    }
    differences.sort_by_key(|d| std::cmp::Reverse(d.severity));
    let outcome = match person.outcome {
        MatchOutcome::DifferentPerson => ReconcileOutcome::DifferentPerson,
        MatchOutcome::Uncertain => ReconcileOutcome::Uncertain,
        MatchOutcome::SamePerson => differences
            .iter()
            .map(|d| match d.kind {
                DifferenceKind::EligibilityLost => ReconcileOutcome::EligibilityLost,
                _ => match d.action {
                    RecordAction::OpenNewPeriod { .. } => ReconcileOutcome::NewPeriod,
                    RecordAction::UpdateRecord | RecordAction::ConfirmWithPatient => {
                        ReconcileOutcome::UpdateNeeded
                    }
                    _ => ReconcileOutcome::Unchanged,
                },
            })
            .max()
            .unwrap_or(ReconcileOutcome::Unchanged),
    };
    Reconciliation {
        outcome,
        person,
        differences,
        text: outcome.words(),
    }
}

/// The same person, one name form differing: confirmed with the patient (a new name after a
/// marriage, a 通称, a mistyped record), never taken from the answer.
// ../shared/reference/domain-updates-2026-12.md:46-49 (§4).
fn name_differences(person: &PersonMatch, out: &mut Vec<Difference>) {
    for (reason, kind) in [
        (MatchReason::NameDiffers, DifferenceKind::Name),
        (MatchReason::KanaDiffers, DifferenceKind::NameKana),
    ] {
        if person.reasons.contains(&reason) {
            out.push(difference(
                kind,
                None,
                None,
                RecordAction::ConfirmWithPatient,
            ));
        }
    }
}

fn difference(
    kind: DifferenceKind,
    old: Option<String>,
    new: Option<String>,
    action: RecordAction,
) -> Difference {
    let severity = match action {
        RecordAction::None => Severity::Info,
        RecordAction::UpdateRecord => Severity::Update,
        RecordAction::OpenNewPeriod { .. } | RecordAction::EndPeriod { .. } => Severity::Period,
        RecordAction::ConfirmWithPatient | RecordAction::StopDifferentPerson => Severity::Stop,
    };
    let text = difference_text(kind, old.as_deref(), new.as_deref(), action);
    Difference {
        kind,
        old,
        new,
        severity,
        action,
        rules: Vec::new(),
        text,
    }
}

/// The differences between two records of the same person, most pressing first found.
fn compare_records(
    stored: &InsuranceRecord,
    online: &InsuranceRecord,
    date: NaiveDate,
    rules: &RuleSet,
    out: &mut Vec<Difference>,
) {
    let new_period = RecordAction::OpenNewPeriod {
        from: online.qualified_from.unwrap_or(date),
    };
    // Lost insurance first: nothing else matters for the current period.
    out.extend(eligibility_lost(online, date));
    who_insures(stored, online, new_period, out);
    insured_number(stored, online, new_period, out);
    out.extend(copay_difference(stored, online, date, rules));
    out.extend(ceiling_difference(stored, online, date, rules));
    out.extend(qualified_from_difference(stored, online));
    // 外字: the online name printed ● where the stored one has a character.
    if let (Some(a), Some(b)) = (&stored.name, &online.name)
        && crate::records::compare_names(a, b) == NameComparison::SameWithPlaceholder
    {
        out.push(difference(
            DifferenceKind::NamePlaceholder,
            None,
            None,
            RecordAction::None,
        ));
    }
    one_new_period(out);
}

/// A field trimmed, when given.
fn trimmed(value: &Option<String>) -> Option<String> {
    value.as_deref().map(|s| s.trim().to_owned())
}

/// The insurance lost on or before `date` (資格喪失日): the period ends the day before.
fn eligibility_lost(online: &InsuranceRecord, date: NaiveDate) -> Option<Difference> {
    let lost = online.lost_on.filter(|lost| *lost <= date)?;
    Some(difference(
        DifferenceKind::EligibilityLost,
        None,
        Some(lost.to_string()),
        RecordAction::EndPeriod {
            last_day: lost.pred_opt().unwrap_or(lost),
        },
    ))
}

/// Who insures: a new insurer or relation is a new insurance period.
fn who_insures(
    stored: &InsuranceRecord,
    online: &InsuranceRecord,
    new_period: RecordAction,
    out: &mut Vec<Difference>,
) {
    if let (Some(a), Some(b)) = (trimmed(&stored.insurer), trimmed(&online.insurer))
        && crate::numbers::compare_insured(&a, &b) != crate::numbers::InsuredMatch::Same
    {
        out.push(difference(
            DifferenceKind::Insurer,
            Some(a),
            Some(b),
            new_period,
        ));
    }
    if let (Some(a), Some(b)) = (stored.relation, online.relation)
        && a != b
    {
        out.push(difference(
            DifferenceKind::Relation,
            Some(a.slug().to_owned()),
            Some(b.slug().to_owned()),
            new_period,
        ));
    }
}

/// 記号・番号: a new number is a new card; leading zeros only, a question. A new 枝番 updates the
/// record.
fn insured_number(
    stored: &InsuranceRecord,
    online: &InsuranceRecord,
    new_period: RecordAction,
    out: &mut Vec<Difference>,
) {
    let (Some(stored), Some(online)) = (&stored.insured, &online.insured) else {
        return;
    };
    for (kind, a, b) in [
        (DifferenceKind::Symbol, stored.symbol(), online.symbol()),
        (
            DifferenceKind::Number,
            Some(stored.number.expose()),
            Some(online.number.expose()),
        ),
    ] {
        let (Some(a), Some(b)) = (a, b) else {
            continue;
        };
        match crate::numbers::compare_insured(a, b) {
            crate::numbers::InsuredMatch::Same => {}
            crate::numbers::InsuredMatch::SameIgnoringLeadingZeros => out.push(difference(
                DifferenceKind::NumberLeadingZeros,
                None,
                None,
                RecordAction::ConfirmWithPatient,
            )),
            crate::numbers::InsuredMatch::Different => {
                out.push(difference(kind, None, None, new_period))
            }
        }
    }
    if let (Some(a), Some(b)) = (stored.branch(), online.branch())
        && a.trim() != b.trim()
    {
        out.push(difference(
            DifferenceKind::Branch,
            None,
            None,
            RecordAction::UpdateRecord,
        ));
    }
}

/// The ratio: for 70–74 it is re-decided every August 1 (`copay.by-age`, cited then).
fn copay_difference(
    stored: &InsuranceRecord,
    online: &InsuranceRecord,
    date: NaiveDate,
    rules: &RuleSet,
) -> Option<Difference> {
    let (a, b) = (stored.copay_percent?, online.copay_percent?);
    if a == b {
        return None;
    }
    let mut d = difference(
        DifferenceKind::CopayPercent,
        Some(a.to_string()),
        Some(b.to_string()),
        RecordAction::UpdateRecord,
    );
    let band = online
        .birth_date
        .or(stored.birth_date)
        .and_then(|birth| crate::benefits::age_band(rules, birth, date));
    if band == Some(crate::benefits::AgeBand::Elderly) {
        d.rules.push(RuleId::CopayByAge);
    }
    Some(d)
}

/// 限度額適用区分: new, gone or changed (a label and its OQS code are the same 区分); a new one
/// rests on the online consent (`ceiling.online-consent`).
fn ceiling_difference(
    stored: &InsuranceRecord,
    online: &InsuranceRecord,
    date: NaiveDate,
    rules: &RuleSet,
) -> Option<Difference> {
    match (
        trimmed(&stored.ceiling_category),
        trimmed(&online.ceiling_category),
    ) {
        (a, Some(b)) if a.as_deref() != Some(b.as_str()) => {
            let same = a
                .as_deref()
                .is_some_and(|a| crate::benefits::ceiling::same_category(rules, date, a, &b));
            if same {
                return None;
            }
            let mut d = difference(
                DifferenceKind::CeilingCategory,
                a,
                Some(b),
                RecordAction::UpdateRecord,
            );
            d.rules.extend(
                crate::benefits::ceiling::online_consent(rules, date)
                    .rules
                    .ids(),
            );
            Some(d)
        }
        (Some(a), None) => Some(difference(
            DifferenceKind::CeilingCategory,
            Some(a),
            None,
            RecordAction::None,
        )),
        _ => None,
    }
}

/// 資格取得日: a later one starts a new period; an earlier one corrects the record.
fn qualified_from_difference(
    stored: &InsuranceRecord,
    online: &InsuranceRecord,
) -> Option<Difference> {
    let (a, b) = (stored.qualified_from?, online.qualified_from?);
    if a == b {
        return None;
    }
    let action = if b > a {
        RecordAction::OpenNewPeriod { from: b }
    } else {
        RecordAction::UpdateRecord
    };
    Some(difference(
        DifferenceKind::QualifiedFrom,
        Some(a.to_string()),
        Some(b.to_string()),
        action,
    ))
}

/// A new insurer, relation and number open one new period: the first opens it, the others are
/// recorded in it.
fn one_new_period(out: &mut [Difference]) {
    let mut seen_period = false;
    for d in out.iter_mut() {
        if matches!(d.action, RecordAction::OpenNewPeriod { .. })
            && d.kind != DifferenceKind::QualifiedFrom
        {
            if seen_period {
                *d = difference(
                    d.kind,
                    d.old.take(),
                    d.new.take(),
                    RecordAction::UpdateRecord,
                );
            }
            seen_period = true;
        }
    }
}

/// The words of one difference.
fn difference_text(
    kind: DifferenceKind,
    old: Option<&str>,
    new: Option<&str>,
    action: RecordAction,
) -> Text {
    let (what_ja, what_en) = crate::vocabulary::pair(kind);
    let values = match (old, new) {
        (Some(o), Some(n)) => (format!("（{o} → {n}）"), format!(" ({o} → {n})")),
        (None, Some(n)) => (format!("（→ {n}）"), format!(" (→ {n})")),
        (Some(o), None) => (format!("（{o} → なし）"), format!(" ({o} → none)")),
        (None, None) => (String::new(), String::new()),
    };
    let (act_ja, act_en) = match action {
        RecordAction::None => ("対応は不要です".to_owned(), "nothing to change".to_owned()),
        RecordAction::UpdateRecord => (
            "記録をオンラインの内容に更新してください".to_owned(),
            "update the record with the online value".to_owned(),
        ),
        RecordAction::OpenNewPeriod { from } => (
            format!("{from}から新しい保険の期間を作成してください"),
            format!("open a new insurance period from {from}"),
        ),
        RecordAction::EndPeriod { last_day } => (
            format!("保険の期間を{last_day}で終了し、新しい保険を確認してください"),
            format!("end the insurance period on {last_day} and ask for the new insurance"),
        ),
        RecordAction::ConfirmWithPatient => (
            "患者さんに確認してから記録してください".to_owned(),
            "confirm with the patient before recording anything".to_owned(),
        ),
        RecordAction::StopDifferentPerson => (
            "別の人の回答です。何も記録しないでください".to_owned(),
            "the answer is about someone else: record nothing from it".to_owned(),
        ),
    };
    Text::new(
        format!("{what_ja}{}：{act_ja}", values.0),
        format!("{what_en}{}: {act_en}", values.1),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(json: &str) -> InsuranceRecord {
        InsuranceRecord::from_json(json).unwrap()
    }

    fn run(stored: &str, online: &str, date: &str) -> Reconciliation {
        reconcile(
            &record(stored),
            &record(online),
            date.parse().unwrap(),
            &RuleSet::builtin(),
        )
    }

    #[test]
    fn a_different_person_is_never_an_update() {
        let r = run(
            r#"{"insurer": "06130017", "copay_percent": 30, "birth_date": "1980-01-01", "name": "試験　花子"}"#,
            r#"{"insurer": "39131016", "copay_percent": 10, "birth_date": "1945-01-01", "name": "試験　花子"}"#,
            "2026-11-30",
        );
        assert_eq!(r.outcome, ReconcileOutcome::DifferentPerson);
        assert_eq!(r.differences.len(), 1);
        assert_eq!(r.differences[0].action, RecordAction::StopDifferentPerson);
    }

    #[test]
    fn a_lost_insurance_ends_the_period_the_day_before() {
        let r = run(
            r#"{"insurer": "06130017", "birth_date": "1980-01-01", "name": "試験　花子"}"#,
            r#"{"insurer": "06130017", "lost_on": "2026-11-01", "birth_date": "1980-01-01", "name": "試験　花子"}"#,
            "2026-11-30",
        );
        assert_eq!(r.outcome, ReconcileOutcome::EligibilityLost);
        assert_eq!(
            r.differences[0].action,
            RecordAction::EndPeriod {
                last_day: "2026-10-31".parse().unwrap()
            }
        );
    }

    #[test]
    fn widths_kana_forms_and_a_placeholder_are_not_differences() {
        let r = run(
            r#"{"insurer": "06130017", "number": "０４５", "birth_date": "1980-01-01", "name": "試験　花子", "name_kana": "ｼｹﾝ ﾊﾅｺ"}"#,
            r#"{"insurer": " 06130017", "number": "045", "birth_date": "1980-01-01", "name": "試験　●子", "name_kana": "しけん　はなこ"}"#,
            "2026-11-30",
        );
        assert_eq!(
            r.outcome,
            ReconcileOutcome::Unchanged,
            "{:?}",
            r.differences
        );
        assert_eq!(r.differences[0].kind, DifferenceKind::NamePlaceholder);
    }

    #[test]
    fn a_label_and_its_oqs_code_are_the_same_category() {
        let r = run(
            r#"{"ceiling_category": "ウ", "birth_date": "1980-01-01", "name": "試験　花子"}"#,
            r#"{"ceiling_category": "A03", "birth_date": "1980-01-01", "name": "試験　花子"}"#,
            "2026-11-30",
        );
        assert_eq!(
            r.outcome,
            ReconcileOutcome::Unchanged,
            "{:?}",
            r.differences
        );
    }
}
