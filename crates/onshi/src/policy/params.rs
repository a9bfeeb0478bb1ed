//! Rule parameters, one shape at a time: how a row's `params` JSON is read and what a lookup
//! gives, both in the shape's one `impl`. Each rule id is bound to its shape once, in the
//! `rule_ids!` table of `rules.rs`, which also makes its typed [`Key`]; a lookup takes a key, so
//! a rule cannot be read with another rule's parameters (it would not compile).

use std::marker::PhantomData;

use chrono::NaiveDate;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::rules::{
    CeilingCategory, CopayParams, DxAdditionParams, GraceBoundary, InsurerEnd, MeasureDocument,
    ReliefParams, Rule, RuleId, RuleParams, RuleSet,
};
use crate::identity::ReaderMethods;

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
            if p.tries == 0 {
                return Err("tries must be at least 1".to_owned());
            }
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
            read(value).map(RuleParams::ReaderMethods)
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
            read(value).map(RuleParams::Copay)
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
            if p.percent > 100 {
                return Err(format!("percent {} is more than 100", p.percent));
            }
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
            if p.usage_percent.is_empty() || p.usage_percent.iter().any(|&u| u > 100) {
                return Err("usage_percent needs one percentage (0–100) per level".to_owned());
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
