//! Rule parameters, one shape at a time: how a row's `params` JSON is read, the bounds each value
//! is held to, and what a lookup gives, all in the shape's one `impl`. Each rule id is bound to its
//! shape once, in the `rule_ids!` table of `rules.rs`, which also makes its typed [`Key`]; a lookup
//! takes a key, so a rule cannot be read with another rule's parameters (it would not compile).
//!
//! A value out of bounds refuses the table with the field and the bound named
//! ([`RuleError::BadParams`](crate::error::RuleError::BadParams)): percentages 0–100, ages ordered and at
//! most `bound::MAX_AGE`, yen at most `bound::MAX_YEN`, lists of 区分 or documents non-empty
//! and without repeats.

use std::marker::PhantomData;

use chrono::NaiveDate;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::rules::{
    CeilingCategory, CopayParams, DxAdditionParams, GraceBoundary, InsurerEnd, MeasureDocument,
    ReliefParams, Rule, RuleId, RuleParams, RuleSet,
};
use crate::reception::identity::ReaderMethods;

/// A shape of rule parameters.
pub(crate) trait Shape {
    /// What a lookup of a row of this shape gives.
    type View<'a>;
    /// Reads a row's `params` (an empty object when the row has none); the problem otherwise.
    fn parse(value: Value) -> Result<RuleParams, String>;
    /// The parameters of a row of this shape.
    fn view(params: &RuleParams) -> Option<Self::View<'_>>;
}

/// A rule id with the shape of its parameters (made only by the rule table's declaration).
pub(crate) struct Key<S> {
    pub(crate) id: RuleId,
    shape: PhantomData<S>,
}

impl<S> Key<S> {
    pub(crate) const fn new(id: RuleId) -> Self {
        Key {
            id,
            shape: PhantomData,
        }
    }
}

impl<S: Shape> Key<S> {
    /// The parameters of `row`, when it is a row of this key's rule.
    pub(crate) fn of<'a>(&self, row: &'a Rule) -> Option<S::View<'a>> {
        if row.id == self.id {
            S::view(&row.params)
        } else {
            None
        }
    }
}

impl<S> Clone for Key<S> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<S> Copy for Key<S> {}

impl RuleSet {
    /// The parameters of the row of `key`'s rule in effect on `date`.
    pub(crate) fn param<S: Shape>(&self, key: Key<S>, date: NaiveDate) -> Option<S::View<'_>> {
        S::view(&self.rule(key.id, date)?.params)
    }

    /// The row of `key`'s rule in effect on `date` (its title, dates, source) and its parameters.
    pub(crate) fn param_row<S: Shape>(
        &self,
        key: Key<S>,
        date: NaiveDate,
    ) -> Option<(&Rule, S::View<'_>)> {
        let row = self.rule(key.id, date)?;
        Some((row, S::view(&row.params)?))
    }
}

/// `params` read as `T`, unknown fields refused.
fn read<T: DeserializeOwned>(value: Value) -> Result<T, String> {
    serde_json::from_value(value).map_err(|e| e.to_string())
}

/// The bounds parameters are held to; each check names the field and the bound it broke.
pub(crate) mod bound {
    use std::collections::BTreeSet;
    use std::fmt::Display;

    /// The oldest age a rule may name (years).
    pub(crate) const MAX_AGE: u32 = 120;
    /// The largest amount a rule may name (yen): ten times the largest yearly cap in force.
    pub(crate) const MAX_YEN: u64 = 10_000_000;
    /// The most months a window or period may last.
    pub(crate) const MAX_MONTHS: u32 = 24;
    /// The most wrong PINs a card counts (a retry counter reports at most 15, SW 63Cx).
    pub(crate) const MAX_TRIES: u8 = 15;

    /// `value` within `low ..= high`.
    pub(crate) fn within<T: PartialOrd + Display>(
        field: &str,
        value: T,
        low: T,
        high: T,
    ) -> Result<(), String> {
        if value < low || value > high {
            return Err(format!("`{field}` is {value}; it must be {low}–{high}"));
        }
        Ok(())
    }

    /// A percentage: 0–100.
    pub(crate) fn percent(field: &str, value: u8) -> Result<(), String> {
        within(field, value, 0, 100)
    }

    /// An age in years: 0–[`MAX_AGE`].
    pub(crate) fn age(field: &str, value: u32) -> Result<(), String> {
        within(field, value, 0, MAX_AGE)
    }

    /// An amount in yen: 0–[`MAX_YEN`].
    pub(crate) fn yen(field: &str, value: u64) -> Result<(), String> {
        within(field, value, 0, MAX_YEN)
    }

    /// An amount in yen when given.
    pub(crate) fn yen_if_given(field: &str, value: Option<u64>) -> Result<(), String> {
        value.map_or(Ok(()), |v| yen(field, v))
    }

    /// `low` below `high` (two ages, two thresholds).
    pub(crate) fn below<T: PartialOrd + Display>(
        (low_field, low): (&str, T),
        (high_field, high): (&str, T),
    ) -> Result<(), String> {
        if low >= high {
            return Err(format!(
                "`{low_field}` ({low}) must be below `{high_field}` ({high})"
            ));
        }
        Ok(())
    }

    /// A list with at least one entry.
    pub(crate) fn not_empty<T>(field: &str, list: &[T]) -> Result<(), String> {
        if list.is_empty() {
            return Err(format!("`{field}` is empty; it needs at least one entry"));
        }
        Ok(())
    }

    /// Entries that are not blank and appear once across all the lists given (a 区分 label or an
    /// OQS code in two groups would give two answers).
    pub(crate) fn unique_names<'a>(
        field: &str,
        lists: impl IntoIterator<Item = &'a [String]>,
    ) -> Result<(), String> {
        let mut seen = BTreeSet::new();
        for name in lists.into_iter().flatten() {
            if name.trim().is_empty() {
                return Err(format!("`{field}` has a blank entry"));
            }
            if !seen.insert(name.as_str()) {
                return Err(format!(
                    "`{field}` names `{name}` twice; each may appear once"
                ));
            }
        }
        Ok(())
    }

    /// Entries that appear once (compared as they are).
    pub(crate) fn unique<T: PartialEq + std::fmt::Debug>(
        field: &str,
        list: &[T],
    ) -> Result<(), String> {
        for (i, item) in list.iter().enumerate() {
            if list.iter().skip(i + 1).any(|other| other == item) {
                return Err(format!(
                    "`{field}` lists {item:?} twice; each may appear once"
                ));
            }
        }
        Ok(())
    }
}

/// The shapes (marker types named as in the rule table's declaration).
pub(crate) mod shape {
    use super::*;

    macro_rules! shapes {
        ($($name:ident),* $(,)?) => {
            $(
                #[doc = concat!("Parameters of the `", stringify!($name), "` shape.")]
                pub(crate) struct $name;
            )*
        };
    }

    shapes!(
        None,
        LastValidDay,
        InsurerEnds,
        Months,
        Grace,
        Tries,
        Age,
        ReaderMethods,
        Ceilings,
        Obligation,
        Amount,
        Copay,
        Relief,
        AgeAsOf,
        QueryByNumber,
        DxAddition,
    );

    impl Shape for None {
        type View<'a> = ();
        fn parse(value: Value) -> Result<RuleParams, String> {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct P {}
            read::<P>(value).map(|_| RuleParams::None {})
        }
        fn view(params: &RuleParams) -> Option<()> {
            matches!(params, RuleParams::None {}).then_some(())
        }
    }

    impl Shape for LastValidDay {
        type View<'a> = NaiveDate;
        fn parse(value: Value) -> Result<RuleParams, String> {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct P {
                last_valid_day: NaiveDate,
            }
            let p: P = read(value)?;
            Ok(RuleParams::LastValidDay {
                last_valid_day: p.last_valid_day,
            })
        }
        fn view(params: &RuleParams) -> Option<NaiveDate> {
            match params {
                RuleParams::LastValidDay { last_valid_day } => Some(*last_valid_day),
                _ => Option::None,
            }
        }
    }

    impl Shape for InsurerEnds {
        type View<'a> = &'a [InsurerEnd];
        fn parse(value: Value) -> Result<RuleParams, String> {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct P {
                ends: Vec<InsurerEnd>,
            }
            let p: P = read(value)?;
            for (i, end) in p.ends.iter().enumerate() {
                let field = |name: &str| format!("ends[{i}].{name}");
                bound::not_empty(&field("insurer_prefixes"), &end.insurer_prefixes)?;
                let digits = end.digits.unwrap_or(8);
                if let Some(n) = end.digits
                    && n != 6
                    && n != 8
                {
                    return Err(format!(
                        "`{}` is {n}; a 保険者番号 has 6 or 8 digits",
                        field("digits")
                    ));
                }
                for prefix in &end.insurer_prefixes {
                    if prefix.is_empty()
                        || prefix.len() > digits
                        || !prefix.bytes().all(|b| b.is_ascii_digit())
                    {
                        return Err(format!(
                            "`{}` holds `{prefix}`; each prefix is 1–{digits} digits",
                            field("insurer_prefixes")
                        ));
                    }
                }
                if end.source.trim().is_empty() {
                    return Err(format!("`{}` is empty", field("source")));
                }
            }
            Ok(RuleParams::InsurerEnds { ends: p.ends })
        }
        fn view(params: &RuleParams) -> Option<&[InsurerEnd]> {
            match params {
                RuleParams::InsurerEnds { ends } => Some(ends),
                _ => Option::None,
            }
        }
    }

    impl Shape for Months {
        type View<'a> = u32;
        fn parse(value: Value) -> Result<RuleParams, String> {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct P {
                months: u32,
            }
            let p: P = read(value)?;
            bound::within("months", p.months, 1, bound::MAX_MONTHS)?;
            Ok(RuleParams::Months { months: p.months })
        }
        fn view(params: &RuleParams) -> Option<u32> {
            match params {
                RuleParams::Months { months } => Some(*months),
                _ => Option::None,
            }
        }
    }

    impl Shape for Grace {
        type View<'a> = (u32, GraceBoundary);
        fn parse(value: Value) -> Result<RuleParams, String> {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct P {
                months: u32,
                boundary: GraceBoundary,
            }
            let p: P = read(value)?;
            bound::within("months", p.months, 0, bound::MAX_MONTHS)?;
            Ok(RuleParams::Grace {
                months: p.months,
                boundary: p.boundary,
            })
        }
        fn view(params: &RuleParams) -> Option<(u32, GraceBoundary)> {
            match params {
                RuleParams::Grace { months, boundary } => Some((*months, *boundary)),
                _ => Option::None,
            }
        }
    }

    impl Shape for Tries {
        type View<'a> = u8;
        fn parse(value: Value) -> Result<RuleParams, String> {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct P {
                tries: u8,
            }
            let p: P = read(value)?;
            bound::within("tries", p.tries, 1, bound::MAX_TRIES)?;
            Ok(RuleParams::Tries { tries: p.tries })
        }
        fn view(params: &RuleParams) -> Option<u8> {
            match params {
                RuleParams::Tries { tries } => Some(*tries),
                _ => Option::None,
            }
        }
    }

    impl Shape for Age {
        type View<'a> = u32;
        fn parse(value: Value) -> Result<RuleParams, String> {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct P {
                age: u32,
            }
            let p: P = read(value)?;
            bound::age("age", p.age)?;
            Ok(RuleParams::Age { age: p.age })
        }
        fn view(params: &RuleParams) -> Option<u32> {
            match params {
                RuleParams::Age { age } => Some(*age),
                _ => Option::None,
            }
        }
    }

    impl Shape for ReaderMethods {
        type View<'a> = &'a super::ReaderMethods;
        fn parse(value: Value) -> Result<RuleParams, String> {
            let p: super::ReaderMethods = read(value)?;
            for (field, methods) in [
                ("face_recognition", &p.face_recognition),
                ("generic", &p.generic),
                ("mobile_app", &p.mobile_app),
            ] {
                bound::not_empty(field, methods)?;
                bound::unique(field, methods)?;
            }
            Ok(RuleParams::ReaderMethods(p))
        }
        fn view(params: &RuleParams) -> Option<&super::ReaderMethods> {
            match params {
                RuleParams::ReaderMethods(m) => Some(m),
                _ => Option::None,
            }
        }
    }

    impl Shape for Ceilings {
        type View<'a> = &'a [CeilingCategory];
        fn parse(value: Value) -> Result<RuleParams, String> {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct P {
                categories: Vec<CeilingCategory>,
            }
            let p: P = read(value)?;
            let categories = &p.categories;
            bound::not_empty("categories", categories)?;
            for (i, c) in categories.iter().enumerate() {
                let field = |name: &str| format!("categories[{i}].{name}");
                bound::not_empty(&field("labels"), &c.labels)?;
                for (name, amount) in [
                    ("base", c.base),
                    ("threshold", c.threshold),
                    ("many_times", c.many_times),
                    ("outpatient", c.outpatient),
                    ("outpatient_annual", c.outpatient_annual),
                    ("annual", c.annual),
                    ("annual_low_income", c.annual_low_income),
                ] {
                    bound::yen_if_given(&field(name), amount)?;
                }
                bound::unique(&field("not_stated"), &c.not_stated)?;
                not_stated(c).map_err(|problem| format!("`{}` {problem}", field("not_stated")))?;
                if let Some(source) = &c.source
                    && source.trim().is_empty()
                {
                    return Err(format!("`{}` is blank", field("source")));
                }
            }
            bound::unique_names(
                "categories[].labels",
                categories.iter().map(|c| c.labels.as_slice()),
            )?;
            bound::unique_names(
                "categories[].codes",
                categories.iter().map(|c| c.codes.as_slice()),
            )?;
            Ok(RuleParams::Ceilings {
                categories: p.categories,
            })
        }
        fn view(params: &RuleParams) -> Option<&[CeilingCategory]> {
            match params {
                RuleParams::Ceilings { categories } => Some(categories),
                _ => Option::None,
            }
        }
    }

    /// A group's `not_stated` list against its amounts: no figure both given and listed, and a
    /// monthly limit (`base`) that is either given or listed.
    fn not_stated(c: &CeilingCategory) -> Result<(), String> {
        use crate::policy::rules::CeilingFigure as F;
        for figure in &c.not_stated {
            let given = match figure {
                F::Base => c.base.is_some() || c.threshold.is_some(),
                F::ManyTimes => c.many_times.is_some(),
                F::Outpatient => c.outpatient.is_some(),
                F::OutpatientAnnual => c.outpatient_annual.is_some(),
                F::Annual => c.annual.is_some() || c.annual_low_income.is_some(),
                F::Codes => !c.codes.is_empty(),
            };
            if given {
                return Err(format!(
                    "lists `{}`, which the group also gives; a figure is given or not stated, not both",
                    crate::Vocabulary::slug(*figure)
                ));
            }
        }
        if c.base.is_none() && !c.not_stated.contains(&F::Base) {
            return Err(
                "does not list `base`, which the group does not give; give the monthly limit or list it"
                    .to_owned(),
            );
        }
        Ok(())
    }

    impl Shape for Obligation {
        /// (exemption age, the day it is taken, the deadline).
        type View<'a> = (u32, NaiveDate, NaiveDate);
        fn parse(value: Value) -> Result<RuleParams, String> {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct P {
                exemption_age: u32,
                age_as_of: NaiveDate,
                deadline: NaiveDate,
            }
            let p: P = read(value)?;
            bound::age("exemption_age", p.exemption_age)?;
            Ok(RuleParams::Obligation {
                exemption_age: p.exemption_age,
                age_as_of: p.age_as_of,
                deadline: p.deadline,
            })
        }
        fn view(params: &RuleParams) -> Option<(u32, NaiveDate, NaiveDate)> {
            match params {
                RuleParams::Obligation {
                    exemption_age,
                    age_as_of,
                    deadline,
                } => Some((*exemption_age, *age_as_of, *deadline)),
                _ => Option::None,
            }
        }
    }

    impl Shape for Amount {
        type View<'a> = u64;
        fn parse(value: Value) -> Result<RuleParams, String> {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct P {
                yen: u64,
            }
            let p: P = read(value)?;
            bound::yen("yen", p.yen)?;
            Ok(RuleParams::Amount { yen: p.yen })
        }
        fn view(params: &RuleParams) -> Option<u64> {
            match params {
                RuleParams::Amount { yen } => Some(*yen),
                _ => Option::None,
            }
        }
    }

    impl Shape for Copay {
        type View<'a> = &'a CopayParams;
        fn parse(value: Value) -> Result<RuleParams, String> {
            let p: CopayParams = read(value)?;
            for (field, percent) in [
                ("preschool_percent", p.preschool_percent),
                ("general_percent", p.general_percent),
                ("elderly_percent", p.elderly_percent),
                ("elderly_high_income_percent", p.elderly_high_income_percent),
            ] {
                bound::percent(field, percent)?;
            }
            bound::age("late_elderly_age", p.late_elderly_age)?;
            bound::below(
                ("preschool_age", p.preschool_age),
                ("elderly_age", p.elderly_age),
            )?;
            if p.elderly_age > p.late_elderly_age {
                return Err(format!(
                    "`elderly_age` ({}) must not be above `late_elderly_age` ({})",
                    p.elderly_age, p.late_elderly_age
                ));
            }
            Ok(RuleParams::Copay(p))
        }
        fn view(params: &RuleParams) -> Option<&CopayParams> {
            match params {
                RuleParams::Copay(p) => Some(p),
                _ => Option::None,
            }
        }
    }

    impl Shape for Relief {
        type View<'a> = &'a ReliefParams;
        fn parse(value: Value) -> Result<RuleParams, String> {
            let p: ReliefParams = read(value)?;
            bound::percent("percent", p.percent)?;
            bound::yen("base", p.base)?;
            bound::yen("threshold", p.threshold)?;
            if p.labels.is_empty() && p.codes.is_empty() {
                return Err(
                    "`labels` and `codes` are both empty; name at least one 区分".to_owned(),
                );
            }
            bound::unique_names("labels", [p.labels.as_slice()])?;
            bound::unique_names("codes", [p.codes.as_slice()])?;
            Ok(RuleParams::Relief(p))
        }
        fn view(params: &RuleParams) -> Option<&ReliefParams> {
            match params {
                RuleParams::Relief(p) => Some(p),
                _ => Option::None,
            }
        }
    }

    impl Shape for AgeAsOf {
        type View<'a> = (u32, NaiveDate);
        fn parse(value: Value) -> Result<RuleParams, String> {
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct P {
                age: u32,
                age_as_of: NaiveDate,
            }
            let p: P = read(value)?;
            bound::age("age", p.age)?;
            Ok(RuleParams::AgeAsOf {
                age: p.age,
                age_as_of: p.age_as_of,
            })
        }
        fn view(params: &RuleParams) -> Option<(u32, NaiveDate)> {
            match params {
                RuleParams::AgeAsOf { age, age_as_of } => Some((*age, *age_as_of)),
                _ => Option::None,
            }
        }
    }

    impl Shape for QueryByNumber {
        type View<'a> = &'a [MeasureDocument];
        fn parse(value: Value) -> Result<RuleParams, String> {
            // Without params the measure covers both documents, as the 2025 notices did.
            fn both() -> Vec<MeasureDocument> {
                vec![
                    MeasureDocument::ExpiredLegacyCard,
                    MeasureDocument::NoticeAlone,
                ]
            }
            #[derive(Deserialize)]
            #[serde(deny_unknown_fields)]
            struct P {
                #[serde(default = "both")]
                documents: Vec<MeasureDocument>,
            }
            let p: P = read(value)?;
            bound::not_empty("documents", &p.documents)?;
            bound::unique("documents", &p.documents)?;
            Ok(RuleParams::QueryByNumber {
                documents: p.documents,
            })
        }
        fn view(params: &RuleParams) -> Option<&[MeasureDocument]> {
            match params {
                RuleParams::QueryByNumber { documents } => Some(documents),
                _ => Option::None,
            }
        }
    }

    impl Shape for DxAddition {
        type View<'a> = &'a DxAdditionParams;
        fn parse(value: Value) -> Result<RuleParams, String> {
            let p: DxAdditionParams = read(value)?;
            bound::not_empty("usage_percent", &p.usage_percent)?;
            for (i, &u) in p.usage_percent.iter().enumerate() {
                bound::percent(&format!("usage_percent[{i}]"), u)?;
            }
            if !p.initial_points.is_empty() && p.initial_points.len() != p.usage_percent.len() {
                return Err(format!(
                    "`initial_points` has {} entries; give none or one per level ({})",
                    p.initial_points.len(),
                    p.usage_percent.len()
                ));
            }
            Ok(RuleParams::DxAddition(p))
        }
        fn view(params: &RuleParams) -> Option<&DxAdditionParams> {
            match params {
                RuleParams::DxAddition(p) => Some(p),
                _ => Option::None,
            }
        }
    }
}
