//! `decide`, the reception decision, and the guided 声掛け conversation.

use napi::bindgen_prelude::*;
use napi_derive::napi;
use onshi::Vocabulary;
use onshi::reception;
use serde_json::Value;

use crate::rules::RuleSet;
use crate::{Js, Json, from_js, from_slug, to_js};

/// The reception decision (受付判定): coverage, route, copay, alerts, actions, rule ids, messages.
#[napi]
pub struct Decision {
    pub(crate) decision: onshi::Decision,
}

#[napi]
impl Decision {
    /// The visit's date in Japan (YYYY-MM-DD).
    #[napi(getter, catch_unwind)]
    pub fn date(&self) -> String {
        self.decision.date.to_string()
    }

    /// Whether the visit is covered.
    #[napi(getter, catch_unwind, ts_return_type = "Coverage")]
    pub fn coverage(&self) -> &'static str {
        self.decision.coverage.slug()
    }

    /// How qualification was (or is to be) confirmed.
    #[napi(getter, catch_unwind, ts_return_type = "Route")]
    pub fn route(&self) -> &'static str {
        self.decision.route.slug()
    }

    /// Why online confirmation failed (class A or B), or null.
    #[napi(getter, catch_unwind, ts_return_type = "FailureClass | null")]
    pub fn failure(&self) -> Option<&'static str> {
        self.decision.failure.map(Vocabulary::slug)
    }

    /// The copay percent (10, 20, 30), or null when not known.
    #[napi(getter, catch_unwind)]
    pub fn copay_percent(&self) -> Option<u8> {
        self.decision.copay.percent
    }

    /// Where the copay ratio comes from.
    #[napi(getter, catch_unwind, ts_return_type = "CopayBasis")]
    pub fn copay_basis(&self) -> &'static str {
        self.decision.copay.basis.slug()
    }

    /// The 限度額適用区分 (e.g. "エ"), or null.
    #[napi(getter, catch_unwind)]
    pub fn ceiling_category(&self) -> Option<&str> {
        self.decision.ceiling.as_ref().map(|c| c.category())
    }

    /// Where the 区分 comes from (`"online"` or `"certificate"`), or null.
    #[napi(getter, catch_unwind, ts_return_type = "CeilingBasis | null")]
    pub fn ceiling_basis(&self) -> Option<&'static str> {
        self.decision.ceiling.as_ref().map(onshi::Kinds::kind)
    }

    /// The 高額療養費 monthly limit of the 区分 in the visit's month, as `monthlyCeiling` gives it
    /// (`limit`, `formula`, `rule`, the caps, `not_stated`), or null.
    #[napi(getter, catch_unwind, ts_return_type = "CeilingAmount | null")]
    pub fn ceiling_limit(&self) -> Result<Value> {
        to_js(&self.decision.ceiling_limit)
    }

    /// Alerts, each its `kind` and details (dates as YYYY-MM-DD).
    #[napi(getter, catch_unwind, ts_return_type = "Item<Alert>[]")]
    pub fn alerts(&self) -> Result<Value> {
        to_js(&self.decision.alerts)
    }

    /// What staff must do, in order (steps before guidance).
    #[napi(getter, catch_unwind, ts_return_type = "Item<Action>[]")]
    pub fn actions(&self) -> Result<Value> {
        to_js(&self.decision.actions)
    }

    /// The rule ids the decision rests on.
    #[napi(getter, catch_unwind)]
    pub fn rules(&self) -> Vec<&'static str> {
        self.decision.rules.iter().map(|r| r.as_str()).collect()
    }

    /// The rule table's version.
    #[napi(getter, catch_unwind)]
    pub fn rule_set_version(&self) -> String {
        self.decision.rule_set_version.clone()
    }

    /// The message for staff in `lang` (default "ja").
    #[napi(catch_unwind)]
    pub fn staff_message(
        &self,
        #[napi(ts_arg_type = "Lang")] lang: Option<String>,
    ) -> Result<String> {
        let lang = from_slug(lang.as_deref().unwrap_or("ja"), "lang")?;
        Ok(self.decision.messages.staff.get(lang).to_owned())
    }

    /// The message for the patient in `lang` (default "ja").
    #[napi(catch_unwind)]
    pub fn patient_message(
        &self,
        #[napi(ts_arg_type = "Lang")] lang: Option<String>,
    ) -> Result<String> {
        let lang = from_slug(lang.as_deref().unwrap_or("ja"), "lang")?;
        Ok(self.decision.messages.patient.get(lang).to_owned())
    }

    /// The whole decision as a plain object (the vector format).
    #[napi(catch_unwind, ts_return_type = "Record<string, unknown>")]
    pub fn to_object(&self) -> Result<Value> {
        to_js(&self.decision)
    }
}

/// Decides a visit (an object in the vector format, or its JSON text) on `rules`.
#[napi(catch_unwind)]
pub fn decide(
    rules: &RuleSet,
    #[napi(ts_arg_type = "Visit | string")] visit: Json,
) -> Result<Decision> {
    let visit: onshi::Visit = from_js(&visit)?;
    onshi::decide(&rules.rules, &visit)
        .map(|decision| Decision { decision })
        .js()
}

/// The guided 声掛け conversation for a visit (the time, the facility, the patient): the desk
/// answers step by step and the decision comes at the end.
#[napi]
pub struct ReceptionScript {
    script: reception::ReceptionScript,
}

#[napi]
impl ReceptionScript {
    /// Starts the conversation for `visit` (an object in the vector format, or its JSON text).
    #[napi(constructor, catch_unwind)]
    pub fn new(#[napi(ts_arg_type = "Visit | string")] visit: Json) -> Result<Self> {
        Ok(ReceptionScript {
            script: reception::ReceptionScript::new(from_js(&visit)?),
        })
    }

    /// The current step.
    #[napi(getter, catch_unwind, ts_return_type = "ScriptStep")]
    pub fn step(&self) -> &'static str {
        self.script.step().slug()
    }

    /// What staff say at the current step, in `lang` (default "ja").
    #[napi(catch_unwind)]
    pub fn prompt(&self, #[napi(ts_arg_type = "Lang")] lang: Option<String>) -> Result<String> {
        let lang = from_slug(lang.as_deref().unwrap_or("ja"), "lang")?;
        Ok(self.script.prompt().get(lang).to_owned())
    }

    /// Gives the desk's answer at the current step (`{answer: "yes"}`, `"no"`, `"no_card_yet"`,
    /// `"card_read"` with `card` and `online`, `"documents"` with `presented`) and returns the next
    /// step. An answer that does not fit the step throws InvalidInput `unexpected_answer` and
    /// changes nothing.
    #[napi(catch_unwind, ts_return_type = "ScriptStep")]
    pub fn answer(
        &mut self,
        rules: &RuleSet,
        #[napi(ts_arg_type = "ScriptAnswer")] answer: Json,
    ) -> Result<&'static str> {
        let answer = from_js(&answer)?;
        let step = self.script.answer(&rules.rules, answer).js()?;
        Ok(step.slug())
    }

    /// The decision once the conversation is done, else null.
    #[napi(getter, catch_unwind)]
    pub fn decision(&self) -> Option<Decision> {
        let decision = self.script.decision()?.clone();
        Some(Decision { decision })
    }
}
