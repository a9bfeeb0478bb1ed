//! What a rule function returns: its answer, and the ids of the rules it applied.
//!
//! A rule is applied by one short function with the rule's source above it. The function does not
//! record anything: it returns the ids beside its answer ([`Cited`]), and the reception engine adds
//! them to the decision at one door (`Engine::take`), so a decision's rule list is exactly the ids
//! its steps returned, in the order they returned them.

use super::rules::RuleId;

/// The ids of the rules one rule function applied, in the order it applied them: none, one, or a
/// rule and the rule it rests on (a function applies one rule; two only when the second is the
/// rule whose parameter the first one counts with).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Applied([Option<RuleId>; 2]);

impl Applied {
    /// No rule applied.
    pub(crate) const NONE: Applied = Applied([None, None]);

    /// One rule applied.
    pub(crate) const fn one(id: RuleId) -> Applied {
        Applied([Some(id), None])
    }

    /// `first`, then `then`.
    pub(crate) const fn two(first: RuleId, then: RuleId) -> Applied {
        Applied([Some(first), Some(then)])
    }

    /// `id` when `applied`, else none.
    pub(crate) const fn when(applied: bool, id: RuleId) -> Applied {
        if applied {
            Applied::one(id)
        } else {
            Applied::NONE
        }
    }

    /// The ids, in the order they were applied.
    pub(crate) fn ids(self) -> impl Iterator<Item = RuleId> {
        self.0.into_iter().flatten()
    }
}

/// An answer and the rules it rests on (根拠のルール).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[must_use = "the rules an answer rests on belong in the decision"]
pub(crate) struct Cited<T> {
    /// The answer.
    pub(crate) value: T,
    /// The rules applied to reach it.
    pub(crate) rules: Applied,
}

impl<T> Cited<T> {
    /// `value`, resting on `rules`.
    pub(crate) const fn new(value: T, rules: Applied) -> Cited<T> {
        Cited { value, rules }
    }

    /// `value`, resting on the one rule `id`.
    pub(crate) const fn by(value: T, id: RuleId) -> Cited<T> {
        Cited::new(value, Applied::one(id))
    }

    /// `value`, resting on no rule (a fact of the input, or no rule in force that day).
    pub(crate) const fn uncited(value: T) -> Cited<T> {
        Cited::new(value, Applied::NONE)
    }
}

#[cfg(test)]
mod tests {
    use super::{Applied, Cited};
    use crate::policy::rules::RuleId;

    #[test]
    fn ids_come_out_in_the_order_they_were_applied() {
        let two = Applied::two(RuleId::PinMaxTries, RuleId::PinLastTry);
        assert_eq!(
            two.ids().collect::<Vec<_>>(),
            [RuleId::PinMaxTries, RuleId::PinLastTry]
        );
        let reversed = Applied::two(RuleId::PinLastTry, RuleId::PinMaxTries);
        assert_eq!(
            reversed.ids().collect::<Vec<_>>(),
            [RuleId::PinLastTry, RuleId::PinMaxTries]
        );
        assert_eq!(Applied::NONE.ids().count(), 0);
        assert_eq!(Applied::when(false, RuleId::NoDocument), Applied::NONE);
        assert_eq!(
            Applied::when(true, RuleId::NoDocument),
            Applied::one(RuleId::NoDocument)
        );
        let cited = Cited::by(7, RuleId::NoDocument);
        assert_eq!(
            (cited.value, cited.rules.ids().collect::<Vec<_>>()),
            (7, vec![RuleId::NoDocument])
        );
        assert_eq!(Cited::uncited(7).rules, Applied::NONE);
    }
}
